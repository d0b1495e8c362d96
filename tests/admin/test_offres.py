"""Offers: add (with the v2 fields), edit, tampered taxonomy slugs and territory codes refused, sources cited by id,
delete (restorable from the history)."""
from __future__ import annotations

from sqlalchemy import select

from tests.admin.conftest import EDITED, read_form, revisions
from wizard.admin.edition import snapshot
from wizard.db import get_session
from wizard.models import Offre, Revision, Structure

NEW = f"/admin/structures/{EDITED}/offres/nouvelle"


def _offres(app) -> dict[str, dict]:
    """The structure's offers in the data-file shape, by slug."""
    with app.app_context():
        s = get_session().scalar(select(Structure).where(Structure.slug == EDITED))
        return {o["slug"]: o for o in snapshot(s)["offres"]}


def _a_source(app) -> str:
    """The id of a source the fiche declares (offers cite sources by id)."""
    with app.app_context():
        return get_session().scalar(select(Structure).where(Structure.slug == EDITED)).sources[0].cle




def _new_offer(app, client) -> dict:
    data = read_form(client.get(NEW).get_data(as_text=True), NEW)
    data.update({"slug": ["visite-conseil"], "titre": ["Visite conseil sur site"],
                 "description": ["Un architecte se déplace pour conseiller la commune."],
                 "thematiques": ["urbanisme"], "besoins": ["technique"], "stades": ["emergence"],
                 "publics": ["commune"], "departements": ["53"], "cout": ["gratuit"], "sources": [_a_source(app)]})
    return data


def test_add_an_offer(app, editor_client):
    source = _a_source(app)
    response = editor_client.post(NEW, data=_new_offer(app, editor_client))
    assert response.status_code == 302, response.get_data(as_text=True)
    offre = _offres(app)["visite-conseil"]
    assert (offre["titre"], offre["role"], offre["cout"]) == ("Visite conseil sur site", "specialiste", "gratuit")
    assert (offre["thematiques"], offre["besoins"], offre["stades"], offre["publics"]) == \
        (["urbanisme"], ["technique"], ["emergence"], ["commune"])
    assert offre["territoire"] == {"departements": ["53"]}
    assert offre["sources"] == [source]
    [revision] = revisions(app)
    assert any(c["champ"] == "offres[visite-conseil].titre" and c["apres"] == "Visite conseil sur site"
               for c in revision.changements)


def test_add_an_offer_with_its_v2_fields(app, editor_client):
    """Role, profiles, population limits, eligibility, narrowing words and the internal note are all stored."""
    data = _new_offer(app, editor_client)
    data.update({"role": ["formation"], "profils": ["elu", "agent"], "besoins": ["formation"],
                 "population_min": ["100"], "population_max": ["3500"],
                 "dispositif": ["petites-villes-de-demain"],
                 "eligibilite": ["Communes labellisées Petites villes de demain."],
                 "mots_cles": ["éclairage, lampadaire , "], "certitude": ["Fréquence des sessions à confirmer."]})
    assert editor_client.post(NEW, data=data).status_code == 302
    offre = _offres(app)["visite-conseil"]
    assert (offre["role"], offre["profils"], offre["besoins"]) == ("formation", ["elu", "agent"], ["formation"])
    assert (offre["population_min"], offre["population_max"]) == (100, 3500)
    assert offre["eligibilite"] == {"dispositif": "petites-villes-de-demain",
                                    "texte": "Communes labellisées Petites villes de demain."}
    assert offre["mots_cles"] == ["éclairage", "lampadaire"]
    assert offre["competence"] is False
    assert offre["interne"] == {"certitude": "Fréquence des sessions à confirmer."}
    # The edit form shows them back.
    url = f"/admin/structures/{EDITED}/offres/visite-conseil/modifier"
    form = read_form(editor_client.get(url).get_data(as_text=True), url)
    assert (form["role"], form["profils"], form["population_max"], form["dispositif"], form["mots_cles"]) == \
        (["formation"], ["elu", "agent"], ["3500"], ["petites-villes-de-demain"], ["éclairage, lampadaire"])


def test_offer_rules_across_fields_are_those_of_the_data(app, editor_client):
    """A competence is an EPCI's only; an eligibility programme must exist; sources must be declared."""
    data = _new_offer(app, editor_client)
    data.update({"competence": ["y"], "dispositif": ["programme-inconnu"], "sources": ["source-absente"]})
    response = editor_client.post(NEW, data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True).replace("\xa0", " ")
    assert "seule une intercommunalité exerce une compétence" in html
    assert "dispositif inconnu : « programme-inconnu »" in html
    assert "source « source-absente » non déclarée" in html
    assert "visite-conseil" not in _offres(app)


def test_an_epci_offer_keeps_or_drops_its_competence(app, admin_client):
    """An EPCI's offer holding a competence keeps it through its form; unticked, it is dropped, with history."""
    with app.app_context():
        session = get_session()
        offre = session.scalar(select(Offre).join(Structure).where(Structure.categorie == "epci",
                                                                   Offre.competence.is_(True)).order_by(Offre.id))
        slug, offre_slug = offre.structure.slug, offre.slug
    url = f"/admin/structures/{slug}/offres/{offre_slug}/modifier"

    def competence() -> bool:
        with app.app_context():
            structure = get_session().scalar(select(Structure).where(Structure.slug == slug))
            return next(o.competence for o in structure.offres if o.slug == offre_slug)

    data = read_form(admin_client.get(url).get_data(as_text=True), url)
    assert data["competence"] == ["y"]
    assert admin_client.post(url, data=data).status_code == 302
    assert competence() is True
    data = read_form(admin_client.get(url).get_data(as_text=True), url)
    del data["competence"]
    assert admin_client.post(url, data=data).status_code == 302
    assert competence() is False
    with app.app_context():
        last = get_session().scalar(select(Revision).order_by(Revision.id.desc()))
        assert [c["libelle"] for c in last.changements] == [f"Offre « {offre_slug} » · Compétence exercée"]


def test_an_offer_without_a_source_is_refused(app, editor_client):
    data = _new_offer(app, editor_client)
    data["sources"] = [""]
    response = editor_client.post(NEW, data=data)
    assert response.status_code == 422
    assert "Ce champ est obligatoire." in response.get_data(as_text=True)
    assert "visite-conseil" not in _offres(app)


def test_tampered_taxonomy_slug_and_unknown_territory_are_refused(app, editor_client):
    data = _new_offer(app, editor_client)
    data.update({"thematiques": ["urbanisme", "piratage"], "profils": ["pirate"], "epcis": ["123456789"]})
    response = editor_client.post(NEW, data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Valeur hors de la taxonomie : piratage" in html
    assert "Valeur hors de la taxonomie : pirate" in html
    assert "Code inconnu : 123456789" in html
    assert "visite-conseil" not in _offres(app)


def test_an_offer_needs_a_territory_and_a_unique_slug(app, editor_client):
    existing = next(iter(_offres(app)))
    data = _new_offer(app, editor_client)
    data.update({"departements": [""], "slug": [existing]})
    html = editor_client.post(NEW, data=data).get_data(as_text=True)
    assert "Indiquez au moins un territoire" in html
    assert "Une autre offre de cette structure porte déjà cet identifiant" in html


def test_edit_an_offer_keeps_what_was_not_touched(app, editor_client):
    """Every offer, through its edit form with only the title changed, keeps all its other fields
    (including those the form does not show, like a training's format)."""
    before = _offres(app)
    assert before
    for slug in before:
        url = f"/admin/structures/{EDITED}/offres/{slug}/modifier"
        data = read_form(editor_client.get(url).get_data(as_text=True), url)
        data["titre"] = ["Titre revu"]
        assert editor_client.post(url, data=data).status_code == 302, slug
        assert _offres(app)[slug] == {**before[slug], "titre": "Titre revu"}, slug


def test_delete_an_offer_then_restore_it_from_the_history(app, editor_client):
    before = _offres(app)
    slug = next(iter(before))
    edit = f"/admin/structures/{EDITED}/modifier"
    data = read_form(editor_client.get(edit).get_data(as_text=True),
                     f"/admin/structures/{EDITED}/offres/{slug}/supprimer")
    assert editor_client.post(f"/admin/structures/{EDITED}/offres/{slug}/supprimer", data=data).status_code == 302
    assert slug not in _offres(app)
    history = f"/admin/structures/{EDITED}/historique"
    html = editor_client.get(history).get_data(as_text=True)
    assert f"Offre « {slug} » · Titre" in html.replace("\xa0", " ")
    [revision] = revisions(app)
    restore = f"/admin/structures/{EDITED}/historique/{revision.id}/restaurer"
    form = read_form(html, restore)
    form["etat"] = ["avant"]
    assert editor_client.post(restore, data=form).status_code == 302
    assert _offres(app) == before  # the offer is back, whole, in its place
    assert [r.action for r in revisions(app)] == ["modification", "restauration"]


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
