"""HTTP: the programme timeline, its filters, and today's date injected through the config."""
from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from wizard.db import get_session
from wizard.dispositifs.frise import statut
from wizard.francais import insecables_html
from wizard.models import Dispositif

ROW_RE = re.compile(r'<tr id="dispositif-([a-z0-9-]+)" class="carto-frise-ligne carto-frise-ligne--([a-z-]+)">')


def shown(html: str) -> dict[str, str]:
    """slug → status class of each row of the timeline."""
    return dict(ROW_RE.findall(html))


def all_dispositifs(app) -> list[Dispositif]:
    with app.app_context():
        return list(get_session().scalars(select(Dispositif)))


def test_timeline_status_is_computed_from_today(client, app):
    app.config["FRISE_AUJOURDHUI"] = "2026-11-25"
    items = all_dispositifs(app)
    today = dt.date(2026, 11, 25)
    html = client.get("/dispositifs").get_data(as_text=True)
    assert shown(html) == {d.slug: statut(d.debut, d.fin, today) for d in items}
    assert "Situation au 25 novembre 2026" in html
    statuses = set(shown(html).values())
    assert {"termine", "bientot", "en-cours"} <= statuses, "the data has past, ending and running programmes"
    assert html.count("Se termine bientôt</p>") == sum(1 for s in shown(html).values() if s == "bientot")
    assert html.count("<strong>Sans échéance connue</strong>") == sum(1 for d in items if not d.fin)
    # Without an end date, what the sources say about the end is given in words.
    for d in items:
        if not d.fin and d.fin_statut:
            row = html.split(f'id="dispositif-{d.slug}"')[1].split("</tr>")[0]
            assert insecables_html(d.fin_statut).replace("'", "&#39;") in row, d.slug
    # Later on, what was ending soon is over (greyed: a class on the row, and the word "Terminé").
    app.config["FRISE_AUJOURDHUI"] = "2031-01-01"
    later = shown(client.get("/dispositifs").get_data(as_text=True))
    for slug, status in shown(html).items():
        if status == "bientot":
            assert later[slug] == "termine"


def test_dates_are_given_in_words(client, app):
    app.config["FRISE_AUJOURDHUI"] = "2026-11-25"
    html = client.get("/dispositifs").get_data(as_text=True)
    pvd = next(d for d in all_dispositifs(app) if d.debut == "2020-10-01")
    row = html.split(f'id="dispositif-{pvd.slug}"')[1].split("</tr>")[0]
    assert "Depuis 1er octobre 2020" in row and f"Fin : {pvd.fin}" in row
    assert '<svg class="carto-frise carto-frise--ligne"' in row and 'aria-hidden="true"' in row
    assert "style=" not in html  # the CSP forbids inline styles


def test_filters(client, app):
    app.config["FRISE_AUJOURDHUI"] = "2026-11-25"
    items = all_dispositifs(app)
    theme = items[0].thematiques[0]
    by_theme = shown(client.get(f"/dispositifs?thematique={theme}").get_data(as_text=True))
    assert set(by_theme) == {d.slug for d in items if theme in d.thematiques}
    structure = next(s for d in items for s in d.structures)
    by_structure = shown(client.get(f"/dispositifs?structure={structure}").get_data(as_text=True))
    assert set(by_structure) == {d.slug for d in items if structure in d.structures}
    past = shown(client.get("/dispositifs?etat=termines").get_data(as_text=True))
    assert past and set(past.values()) == {"termine"}
    current = shown(client.get("/dispositifs?etat=en-cours").get_data(as_text=True))
    assert "termine" not in current.values() and len(past) + len(current) == len(items)
    # A stale value shows everything rather than nothing.
    assert len(shown(client.get("/dispositifs?thematique=disparue").get_data(as_text=True))) == len(items)


def test_htmx_fragment(client):
    plain = client.get("/dispositifs?etat=termines")
    fragment = client.get("/dispositifs?etat=termines", headers={"HX-Request": "true"})
    assert "<html" in plain.get_data(as_text=True)
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and body.lstrip().startswith('<div id="frise"')
    assert "HX-Request" in fragment.headers["Vary"] and "HX-Request" in plain.headers["Vary"]
