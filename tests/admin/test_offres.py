"""Offers: add, edit, tampered taxonomy slugs and territory codes refused, delete (restorable)."""
from __future__ import annotations

from sqlalchemy import select

from tests.admin.conftest import EDITED, read_form
from wizard.db import get_session
from wizard.models import Structure

NEW = f"/admin/structures/{EDITED}/offres/nouvelle"


def _offres(app) -> dict:
    with app.app_context():
        s = get_session().scalar(select(Structure).where(Structure.slug == EDITED))
        return {o.slug: {"titre": o.titre, "thematiques": o.slugs("thematique"), "epcis": o.codes("epci"),
                         "sources": [x.url for x in o.sources]} for o in s.offres}


def _new_offer(client) -> dict:
    data = read_form(client.get(NEW).get_data(as_text=True), NEW)
    data.update({"slug": ["visite-conseil"], "titre": ["Visite conseil sur site"],
                 "description": ["Un architecte se déplace pour conseiller la commune."],
                 "thematiques": ["urbanisme"], "besoins": ["technique"], "stades": ["emergence"],
                 "publics": ["commune"], "departements": ["53"], "cout": ["gratuit"],
                 "sources-0-url": ["https://www.caue53.fr/"], "sources-0-date": ["2026"]})
    return data


def test_add_an_offer(app, editor_client):
    response = editor_client.post(NEW, data=_new_offer(editor_client))
    assert response.status_code == 302, response.get_data(as_text=True)
    offre = _offres(app)["visite-conseil"]
    assert offre["titre"] == "Visite conseil sur site"
    assert offre["thematiques"] == ["urbanisme"]
    assert offre["sources"] == ["https://www.caue53.fr/"]


def test_tampered_taxonomy_slug_and_unknown_territory_are_refused(app, editor_client):
    data = _new_offer(editor_client)
    data.update({"thematiques": ["urbanisme", "piratage"], "epcis": ["123456789"]})
    response = editor_client.post(NEW, data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Valeur hors de la taxonomie : piratage" in html
    assert "Code inconnu : 123456789" in html
    assert "visite-conseil" not in _offres(app)


def test_an_offer_needs_a_territory_and_a_unique_slug(app, editor_client):
    existing = next(iter(_offres(app)))
    data = _new_offer(editor_client)
    data.update({"departements": [""], "slug": [existing]})
    html = editor_client.post(NEW, data=data).get_data(as_text=True)
    assert "Indiquez au moins un territoire" in html
    assert "Une autre offre de cette structure porte déjà cet identifiant" in html


def test_edit_an_offer_keeps_what_was_not_touched(app, editor_client):
    slug, before = next(iter(_offres(app).items()))
    url = f"/admin/structures/{EDITED}/offres/{slug}/modifier"
    data = read_form(editor_client.get(url).get_data(as_text=True), url)
    data["titre"] = ["Titre revu"]
    assert editor_client.post(url, data=data).status_code == 302
    after = _offres(app)[slug]
    assert after["titre"] == "Titre revu"
    assert (after["thematiques"], after["epcis"], after["sources"]) == \
        (before["thematiques"], before["epcis"], before["sources"])


def test_delete_an_offer_then_restore_it_from_the_history(app, editor_client):
    slug = next(iter(_offres(app)))
    edit = f"/admin/structures/{EDITED}/modifier"
    data = read_form(editor_client.get(edit).get_data(as_text=True),
                     f"/admin/structures/{EDITED}/offres/{slug}/supprimer")
    assert editor_client.post(f"/admin/structures/{EDITED}/offres/{slug}/supprimer", data=data).status_code == 302
    assert slug not in _offres(app)
    history = f"/admin/structures/{EDITED}/historique"
    html = editor_client.get(history).get_data(as_text=True)
    assert f"Offre « {slug} » · Titre" in html
    with app.app_context():
        from wizard.models import Revision
        revision_id = get_session().scalar(select(Revision.id))
    restore = f"/admin/structures/{EDITED}/historique/{revision_id}/restaurer"
    form = read_form(html, restore)
    form["etat"] = ["avant"]
    assert editor_client.post(restore, data=form).status_code == 302
    assert slug in _offres(app)


def test_concurrent_offer_edits_show_the_conflict(app, admin_client, editor_client):
    slug = next(iter(_offres(app)))
    url = f"/admin/structures/{EDITED}/offres/{slug}/modifier"
    theirs = read_form(admin_client.get(url).get_data(as_text=True), url)
    mine = read_form(editor_client.get(url).get_data(as_text=True), url)
    theirs["titre"] = ["Titre de l'administrateur"]
    assert admin_client.post(url, data=theirs).status_code == 302
    mine["titre"] = ["Titre de l'éditeur"]
    response = editor_client.post(url, data=mine)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Titre de l&#39;administrateur" in html and "Titre de l&#39;éditeur" in html
    assert _offres(app)[slug]["titre"] == "Titre de l'administrateur"
    again = read_form(html, url)
    assert editor_client.post(url, data=again).status_code == 302
    assert _offres(app)[slug]["titre"] == "Titre de l'éditeur"
