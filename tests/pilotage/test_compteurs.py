"""Counters from real page views: drop-off per step and besoins non couverts, against hand-computed figures."""
from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

from sqlalchemy import select

from tests.pilotage.conftest import COUVERT, NON_COUVERT
from wizard.db import get_session
from wizard.models import Compteur
from wizard.pilotage.couverture import non_couvert


def _counters(app) -> dict[tuple[str, str], int]:
    with app.app_context():
        return {(c.mesure, c.cle): c.n for c in get_session().scalars(select(Compteur))}


def _walk(client) -> None:
    """3 views of the first question, 2 of the second, 1 covered and 2 uncovered result pages."""
    for _ in range(3):
        assert client.get("/parcours/profil").status_code == 200
    for _ in range(2):
        assert client.get("/parcours/type_collectivite?profil=elu").status_code == 200
    assert client.get(COUVERT).status_code == 200
    # The second view of the same page is served by the page cache: it is counted all the same.
    assert client.get(NON_COUVERT).status_code == 200
    assert client.get(NON_COUVERT).status_code == 200
    # Neither a redirect nor a POST is a view.
    client.get("/parcours")
    client.post("/parcours/profil", data={"profil": "elu"})


def test_views_are_counted_per_day_and_step_with_nothing_about_the_visitor(app, client):
    _walk(client)
    assert _counters(app) == {
        ("etape", "profil"): 3, ("etape", "type_collectivite"): 2, ("resultats", ""): 3,
        ("thematique", "voirie"): 1, ("thematique", "numerique"): 2, ("besoin", "technique"): 3,
        ("non_couvert", "numerique|technique"): 2}
    with app.app_context():
        assert {c.jour for c in get_session().scalars(select(Compteur))} == {dt.date.today()}
    # What a counter row can hold: a day, a measure, a key, a number — nothing about a visitor.
    assert {c.name for c in Compteur.__table__.columns} == {"id", "jour", "mesure", "cle", "n"}


def test_the_pilotage_page_shows_drop_off_and_uncovered_needs(app, client, admin_client):
    _walk(client)
    html = admin_client.get("/admin/pilotage").get_data(as_text=True)
    cells = lambda label: re.search(rf"<td[^>]*>{re.escape(label)}</td><td>(\d+)</td><td>([^<]+)</td>", html).groups()  # noqa: E731
    assert cells("Votre profil") == ("3", "100 %")
    assert cells("Votre collectivité") == ("2", "67 %")
    assert cells("Résultats affichés") == ("3", "100 %")
    month = f"{dt.date.today():%Y-%m}"
    row = re.search(r"<td[^>]*>Numérique — [^<]+</td><td>(\d+)</td>(.*?)</tr>", html, re.S)
    assert row.group(1) == "2" and row.group(2).count("<td>2</td>") == 1
    assert f"<th scope=\"col\">{month}</th>" in html
    assert "<svg" in html and "<script" not in html.split('id="abandon"')[1].split("</main>")[0]


def test_the_definition_of_an_uncovered_need():
    """Only the fallback (or nothing) in the list: uncovered; one specialist beside the fallback: covered."""
    def r(repli: bool) -> SimpleNamespace:
        return SimpleNamespace(repli=repli)

    assert non_couvert([r(True)]) and non_couvert([])
    assert not non_couvert([r(False), r(True)])


def test_counting_can_be_switched_off(loaded_sqlite, tmp_path):
    import shutil

    from wizard import create_app

    db_file = tmp_path / "off.sqlite"
    shutil.copy(loaded_sqlite, db_file)
    app = create_app({"DATABASE_URL": f"sqlite:///{db_file}", "SECRET_KEY": "t", "TESTING": True,
                      "PILOTAGE_COMPTEURS": False})
    app.test_client().get("/parcours/profil")
    assert _counters(app) == {}
