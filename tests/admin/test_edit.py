"""Editing a fiche: validation, the dated confirmation, contacts and their sources, internal notes, and the
optimistic-locking conflict."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from tests.admin.conftest import EDITED, edit_form, read_form, revisions
from wizard.admin.edition import snapshot
from wizard.db import get_session
from wizard.models import Structure

URL = f"/admin/structures/{EDITED}/modifier"
HISTORY = f"/admin/structures/{EDITED}/historique"


def _structure(app, slug: str = EDITED) -> Structure:
    with app.app_context():
        s = get_session().scalar(select(Structure).where(Structure.slug == slug))
        _ = s.contacts, s.offres, s.sources  # load before the session closes
        return s


def _fiche(app, slug: str = EDITED) -> dict:
    """The whole fiche in the data-file shape (scalars, sources, contacts, internal notes, offers)."""
    with app.app_context():
        return snapshot(get_session().scalar(select(Structure).where(Structure.slug == slug)))




def _sources_row(app) -> int:
    """Index of the blank "add a source" row of the edit form."""
    return len(_structure(app).sources)


def test_unchanged_form_saves_and_records_a_dated_confirmation(app, editor_client):
    """Saving a fiche unchanged confirms it: a dated entry of its history, with no field changed.

    (The v1 ``verifie_le`` column is gone on purpose: in v2 each fact carries the date of its own source.)
    """
    before, version = _fiche(app), _structure(app).version
    response = editor_client.post(URL, data=edit_form(editor_client))
    assert response.status_code == 302
    assert _fiche(app) == before  # nothing lost between the form and the fiche
    assert _structure(app).version == version + 1
    [revision] = revisions(app)
    assert (revision.auteur, revision.action, revision.changements) == ("editeur@caue53.fr", "modification", [])
    assert revision.cree_le.date() == dt.datetime.now(dt.UTC).date()
    html = editor_client.get(HISTORY).get_data(as_text=True)
    assert "Aucun champ modifié (fiche confirmée telle quelle)." in html
    assert f"le {revision.cree_le:%d/%m/%Y à %H:%M} (UTC) par editeur@caue53.fr" in html


def test_every_fiche_survives_an_unchanged_save(app, admin_client):
    """The form round trip keeps every fiche as loaded: contacts, sources, offers, internal notes, former slugs."""
    with app.app_context():
        slugs = list(get_session().scalars(select(Structure.slug).order_by(Structure.slug)))
    assert slugs
    for slug in slugs:
        before = _fiche(app, slug)
        response = admin_client.post(f"/admin/structures/{slug}/modifier", data=edit_form(admin_client, slug))
        assert response.status_code == 302, (slug, response.get_data(as_text=True)[-3000:])
        assert _fiche(app, slug) == before, slug


def test_edit_records_who_when_and_before_after_per_field(app, editor_client):
    before = _structure(app)
    data = edit_form(editor_client)
    data["presentation"] = ["Conseil gratuit aux communes pour leurs projets d'aménagement."]
    data["sigle"] = ["CAUE"]
    data["niveau"] = ["regional"]
    assert editor_client.post(URL, data=data).status_code == 302
    [revision] = revisions(app)
    assert revision.auteur == "editeur@caue53.fr"
    assert revision.action == "modification"
    assert revision.cree_le.date() == dt.datetime.now(dt.UTC).date()
    changes = {c["champ"]: c for c in revision.changements}
    assert set(changes) == {"presentation", "sigle", "niveau"}
    assert changes["presentation"]["avant"] == before.presentation
    assert changes["presentation"]["apres"].startswith("Conseil gratuit aux communes")
    assert changes["sigle"] == {"champ": "sigle", "libelle": "Sigle", "avant": before.sigle, "apres": "CAUE"}
    assert changes["niveau"] == {"champ": "niveau", "libelle": "Niveau d'intervention", "avant": before.niveau,
                                 "apres": "regional"}
    assert revision.apres["sigle"] == "CAUE" and revision.avant["sigle"] == before.sigle
    assert _structure(app).niveau == "regional"


def test_add_a_sourced_contact(app, editor_client):
    """A new official source and a new contact citing it, added in one save."""
    data = edit_form(editor_client)
    n, m = len(_structure(app).contacts), _sources_row(app)
    # The last contact row and the last source row are the blank "add" rows.
    data.update({f"sources-{m}-id": ["caue53-contact"], f"sources-{m}-titre": ["CAUE de la Mayenne — Contact"],
                 f"sources-{m}-editeur": ["CAUE de la Mayenne"], f"sources-{m}-url": ["https://caue53.com/contact"],
                 f"sources-{m}-date": ["2026-11"],
                 f"contacts-{n}-libelle": ["Service test"], f"contacts-{n}-telephone": ["02 43 00 00 01"],
                 f"contacts-{n}-email": ["accueil@caue53.fr"],
                 f"contacts-{n}-page_contact": ["https://caue53.com/contact"],
                 f"contacts-{n}-source": ["caue53-contact"]})
    assert editor_client.post(URL, data=data).status_code == 302
    structure = _structure(app)
    added = structure.contacts[-1]
    assert (added.libelle, added.telephone, added.email, added.page_contact, added.formulaire, added.source_cle) == \
        ("Service test", "02 43 00 00 01", "accueil@caue53.fr", "https://caue53.com/contact", None, "caue53-contact")
    source = structure.source("caue53-contact")
    assert (source.titre, source.editeur, source.url, source.date, source.consulte_le) == \
        ("CAUE de la Mayenne — Contact", "CAUE de la Mayenne", "https://caue53.com/contact", "2026-11", None)
    changes = {c["champ"]: c["apres"] for c in revisions(app)[-1].changements}
    assert changes[f"contacts[{n + 1}].telephone"] == "02 43 00 00 01"
    assert changes[f"contacts[{n + 1}].source"] == "caue53-contact"
    # The edit form shows the new contact and a fresh blank row to add another.
    again = edit_form(editor_client)
    assert again[f"contacts-{n}-telephone"] == ["02 43 00 00 01"] and again[f"contacts-{n + 1}-telephone"] == [""]


def test_remove_a_contact(app, editor_client):
    """The "supprimer" box of a contact row removes that contact, and the history says so."""
    data = edit_form(editor_client)
    n, m = len(_structure(app).contacts), _sources_row(app)
    data.update({f"sources-{m}-id": ["caue53-contact"], f"sources-{m}-titre": ["CAUE de la Mayenne — Contact"],
                 f"sources-{m}-url": ["https://caue53.com/contact"], f"sources-{m}-date": ["2026"],
                 f"contacts-{n}-libelle": ["Accueil"], f"contacts-{n}-telephone": ["02 43 00 00 03"],
                 f"contacts-{n}-source": ["caue53-contact"]})
    assert editor_client.post(URL, data=data).status_code == 302
    data = edit_form(editor_client)
    data[f"contacts-{n}-supprimer"] = ["y"]
    assert editor_client.post(URL, data=data).status_code == 302
    assert "02 43 00 00 03" not in [c.telephone for c in _structure(app).contacts]
    removed = {c["champ"]: c for c in revisions(app)[-1].changements}
    assert removed[f"contacts[{n + 1}].telephone"]["avant"] == "02 43 00 00 03"
    assert removed[f"contacts[{n + 1}].telephone"]["apres"] is None


def test_invalid_values_are_refused_in_french_and_nothing_is_saved(app, editor_client):
    before = _structure(app)
    data = edit_form(editor_client)
    m = _sources_row(app)
    data.update({"site_web": ["caue53.fr"], "contacts-0-telephone": ["0243000000"], "contacts-0-email": ["pas-un-mail"],
                 "siege_commune": ["99999"], f"sources-{m}-id": ["Une Source"], f"sources-{m}-titre": ["Page"],
                 f"sources-{m}-date": ["2026-13"]})
    response = editor_client.post(URL, data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for message in ("Adresse web invalide", "Numéro de téléphone invalide", "Adresse électronique invalide",
                    "Code commune INSEE inconnu", "Identifiant invalide", "Date invalide"):
        assert message in html
    after = _structure(app)
    assert (after.version, after.site_web) == (before.version, before.site_web)
    assert revisions(app) == []


def test_a_published_phone_must_cite_its_source(app, editor_client):
    before = _fiche(app)
    data = edit_form(editor_client)
    n = len(_structure(app).contacts)
    data.update({f"contacts-{n}-libelle": ["Accueil"], f"contacts-{n}-telephone": ["02 43 00 00 02"]})
    response = editor_client.post(URL, data=data)
    assert response.status_code == 422
    assert f"contacts[{n}].source : citez au moins une source" in response.get_data(as_text=True)
    # Citing a source the fiche does not declare is refused too.
    data[f"contacts-{n}-source"] = ["page-inexistante"]
    response = editor_client.post(URL, data=data)
    assert response.status_code == 422
    assert "source « page-inexistante » non déclarée" in response.get_data(as_text=True).replace("\xa0", " ")
    assert _fiche(app) == before


def test_a_source_still_cited_cannot_be_removed(app, editor_client):
    before = _fiche(app)
    cited = before["faits_sources"][0]
    index = [s["id"] for s in before["sources"]].index(cited)
    data = edit_form(editor_client)
    data[f"sources-{index}-supprimer"] = ["y"]
    response = editor_client.post(URL, data=data)
    assert response.status_code == 422
    assert f"source « {cited} » non déclarée" in response.get_data(as_text=True).replace("\xa0", " ")
    assert _fiche(app) == before


def test_a_source_from_a_refused_site_is_refused(app, editor_client):
    """The source policy of data/politique-sources.yaml applies to the back-office: no encyclopaedia, no mirror."""
    before = _fiche(app)
    data = edit_form(editor_client)
    m = _sources_row(app)
    data.update({f"sources-{m}-id": ["wiki"], f"sources-{m}-titre": ["Article encyclopédique"],
                 f"sources-{m}-url": ["https://fr.wikipedia.org/wiki/CAUE"], f"sources-{m}-date": ["2025"]})
    response = editor_client.post(URL, data=data)
    assert response.status_code == 422
    assert "source refusée (encyclopédie collaborative" in response.get_data(as_text=True)
    assert _fiche(app) == before


def test_internal_notes_are_edited_kept_apart_and_never_public(app, editor_client, client):
    before = _fiche(app)
    data = edit_form(editor_client)
    data["confiance"] = ["faible"]
    data["a_verifier"] = ["Numéro du standard à confirmer par téléphone."]
    assert editor_client.post(URL, data=data).status_code == 302
    interne = _fiche(app)["interne"]
    assert (interne["confiance"], interne["a_verifier"]) == ("faible", "Numéro du standard à confirmer par téléphone.")
    assert interne.get("pistes") == before["interne"].get("pistes")  # not in the form, still kept
    changes = {c["champ"]: c for c in revisions(app)[-1].changements}
    assert changes["interne.a_verifier"]["libelle"] == "Notes internes · À vérifier"
    public = client.get(f"/structures/{EDITED}")
    assert public.status_code == 200
    assert "Numéro du standard à confirmer" not in public.get_data(as_text=True)


def test_tampered_category_is_refused_by_the_data_rules(editor_client):
    data = edit_form(editor_client)
    data["categorie"] = ["multinationale"]
    response = editor_client.post(URL, data=data)
    assert response.status_code == 422
    assert "valeur « multinationale » inconnue" in response.get_data(as_text=True).replace("\xa0", " ")


def test_second_editor_with_a_stale_form_gets_a_conflict_page_and_loses_nothing(app, admin_client, editor_client):
    mine = edit_form(editor_client)
    theirs = edit_form(admin_client)
    theirs["sigle"] = ["SIGLE-ADMIN"]
    assert admin_client.post(URL, data=theirs).status_code == 302
    mine["sigle"] = ["SIGLE-EDITEUR"]
    mine["presentation"] = ["Ma présentation réécrite."]
    response = editor_client.post(URL, data=mine)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "modifiée par quelqu'un d'autre" in html
    assert "SIGLE-ADMIN" in html and "SIGLE-EDITEUR" in html  # both versions shown, field by field
    assert "par admin@ddt53.fr" in html
    assert _structure(app).sigle == "SIGLE-ADMIN"  # the first save is kept
    # The editor's input is still in the form, now carrying the current version: re-applying saves it.
    again = read_form(html, URL)
    assert again["sigle"] == ["SIGLE-EDITEUR"] and again["presentation"] == ["Ma présentation réécrite."]
    assert again["version"] == [str(_structure(app).version)]
    assert editor_client.post(URL, data=again).status_code == 302
    final = _structure(app)
    assert (final.sigle, final.presentation) == ("SIGLE-EDITEUR", "Ma présentation réécrite.")
    assert [r.auteur for r in revisions(app)] == ["admin@ddt53.fr", "editeur@caue53.fr"]


def test_tampered_version_is_a_conflict_not_an_overwrite(app, editor_client):
    data = edit_form(editor_client)
    data["version"] = ["abc"]
    data["nom"] = ["Autre nom"]
    assert editor_client.post(URL, data=data).status_code == 409
    assert _structure(app).nom != "Autre nom"
