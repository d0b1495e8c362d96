"""The rendered-page cache of the wizard and the API: per-visitor CSRF tokens, flashes, content changes."""
from __future__ import annotations

import re
import shutil

from sqlalchemy import select

from wizard import create_app
from wizard.db import get_session
from wizard.models import Structure

STEP = "/parcours/besoin?profil=elu&type_collectivite=commune&commune=53130&projet=&thematique=voirie"
RESULTS = ("/parcours/resultats?profil=elu&type_collectivite=commune&commune=53062&projet="
           "&thematique=transition-energetique&besoin=technique&stade=etudes")


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_each_visitor_gets_a_working_csrf_token_from_a_cached_page(loaded_sqlite, tmp_path):
    db = tmp_path / "csrf.sqlite"
    shutil.copy(loaded_sqlite, db)
    app = create_app({"DATABASE_URL": f"sqlite:///{db}", "SECRET_KEY": "test", "TESTING": True})
    first, second = app.test_client(), app.test_client()
    page_one = first.get(STEP).get_data(as_text=True)
    page_two = second.get(STEP).get_data(as_text=True)  # served from the cache
    assert len(app.extensions["page_cache"]._pages) == 1
    assert _token(page_one) != _token(page_two)
    assert page_one.replace(_token(page_one), "") == page_two.replace(_token(page_two), "")
    posted = second.post("/parcours/besoin?" + STEP.split("?")[1],
                         data={"besoin": "technique", "csrf_token": _token(page_two)})
    assert posted.status_code == 303 and "besoin=technique" in posted.headers["Location"]
    stolen = first.post("/parcours/besoin?" + STEP.split("?")[1],
                        data={"besoin": "technique", "csrf_token": _token(page_two)})
    assert stolen.status_code == 400


def test_a_page_showing_flashed_messages_is_not_served_to_others(client, app):
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Message pour ce visiteur seulement")]
    assert "Message pour ce visiteur seulement" in client.get(STEP).get_data(as_text=True)
    assert "Message pour ce visiteur seulement" not in app.test_client().get(STEP).get_data(as_text=True)


def test_htmx_fragment_and_full_page_are_cached_apart(client):
    page = client.get(STEP).get_data(as_text=True)
    fragment = client.get(STEP, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" in page and "<html" not in fragment
    assert "<html" in client.get(STEP).get_data(as_text=True)


def test_a_content_change_shows_at_once_on_cached_results(app, client):
    before = client.get(RESULTS).get_data(as_text=True)
    assert 'href="/structures/te53"' in before and "Nom modifié pour le test" not in before
    with app.app_context():
        session = get_session()
        structure = session.scalars(select(Structure).where(Structure.slug == "te53")).one()
        structure.nom = "Nom modifié pour le test"
        session.commit()
    assert "Nom modifié pour le test" in client.get(RESULTS).get_data(as_text=True)
    api = client.get("/api/v1/recommandations?" + RESULTS.split("?")[1]).get_json()
    assert any(s["nom"] == "Nom modifié pour le test" for s in api["structures"])
