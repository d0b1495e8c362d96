"""Editing a fiche: validation, "vérifié le", history entry, offers, and the optimistic-locking conflict."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from tests.admin.conftest import EDITED, edit_form, read_form
from wizard.db import get_session
from wizard.models import Revision, Structure

URL = f"/admin/structures/{EDITED}/modifier"


def _structure(app) -> Structure:
    with app.app_context():
        s = get_session().scalar(select(Structure).where(Structure.slug == EDITED))
        _ = s.contacts, s.offres, s.sources  # load before the session closes
        return s


def test_unchanged_form_saves_and_sets_verifie_le_to_today(app, editor_client):
    before = _structure(app)
    response = editor_client.post(URL, data=edit_form(editor_client))
    assert response.status_code == 302
    after = _structure(app)
    assert after.verifie_le == dt.date.today()
    assert after.version == before.version + 1
    assert [c.telephone for c in after.contacts] == [c.telephone for c in before.contacts]
    assert [o.slug for o in after.offres] == [o.slug for o in before.offres]
    assert [x.url for x in after.sources] == [x.url for x in before.sources]


def test_edit_records_who_when_and_before_after_per_field(app, editor_client):
    before = _structure(app)
    data = edit_form(editor_client)
    data["presentation"] = ["Conseil gratuit aux communes pour leurs projets d'aménagement."]
    data["sigle"] = ["CAUE"]
    assert editor_client.post(URL, data=data).status_code == 302
    with app.app_context():
        revision = get_session().scalar(select(Revision))
        assert revision.auteur == "editeur@caue53.fr"
        assert revision.action == "modification"
        changes = {c["champ"]: c for c in revision.changements}
        assert changes["presentation"]["avant"] == before.presentation
        assert changes["presentation"]["apres"].startswith("Conseil gratuit aux communes")
        assert changes["sigle"] == {"champ": "sigle", "libelle": "Sigle", "avant": before.sigle, "apres": "CAUE"}
        assert revision.apres["sigle"] == "CAUE" and revision.avant["sigle"] == before.sigle


def test_add_a_sourced_contact(app, editor_client):
    data = edit_form(editor_client)
    n = len(_structure(app).contacts)
    # The last contact row is the blank "add a contact" row.
    data.update({f"contacts-{n}-libelle": ["Service test"], f"contacts-{n}-telephone": ["02 43 00 00 01"],
                 f"contacts-{n}-source_url": ["https://www.caue53.fr/contact"], f"contacts-{n}-source_date": ["2026"]})
    assert editor_client.post(URL, data=data).status_code == 302
    added = _structure(app).contacts[-1]
    assert (added.libelle, added.telephone, added.source_url, added.source_date) == \
        ("Service test", "02 43 00 00 01", "https://www.caue53.fr/contact", "2026")


def test_invalid_values_are_refused_in_french_and_nothing_is_saved(app, editor_client):
    before = _structure(app)
    data = edit_form(editor_client)
    data.update({"site_web": ["caue53.fr"], "contacts-0-telephone": ["0243000000"], "contacts-0-email": ["pas-un-mail"],
                 "siege_commune": ["99999"]})
    response = editor_client.post(URL, data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for message in ("Adresse web invalide", "Numéro de téléphone invalide", "Adresse électronique invalide",
                    "Code commune INSEE inconnu"):
        assert message in html
    after = _structure(app)
    assert (after.version, after.site_web) == (before.version, before.site_web)


def test_a_published_phone_must_cite_its_source(app, editor_client):
    data = edit_form(editor_client)
    n = len(_structure(app).contacts)
    data.update({f"contacts-{n}-libelle": ["Accueil"], f"contacts-{n}-telephone": ["02 43 00 00 02"]})
    response = editor_client.post(URL, data=data)
    assert response.status_code == 422
    assert "une coordonnée publiée doit citer sa source" in response.get_data(as_text=True)


def test_tampered_category_is_refused_by_the_data_rules(editor_client):
    data = edit_form(editor_client)
    data["categorie"] = ["multinationale"]
    response = editor_client.post(URL, data=data)
    assert response.status_code == 422
    assert "valeur « multinationale » inconnue" in response.get_data(as_text=True)


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
    with app.app_context():
        assert [r.auteur for r in get_session().scalars(select(Revision).order_by(Revision.id))] == \
            ["admin@ddt53.fr", "editeur@caue53.fr"]


def test_tampered_version_is_a_conflict_not_an_overwrite(app, editor_client):
    data = edit_form(editor_client)
    data["version"] = ["abc"]
    data["nom"] = ["Autre nom"]
    assert editor_client.post(URL, data=data).status_code == 409
    assert _structure(app).nom != "Autre nom"
