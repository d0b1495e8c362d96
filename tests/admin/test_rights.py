"""Rights: anonymous visitors go to the login page; an editor only reaches their own structures."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.admin.conftest import EDITED, OTHER, edit_form
from wizard.db import get_session
from wizard.models import Revision, Structure

ADMIN_ONLY = ["/admin/suggestions", "/admin/parcours", "/admin/utilisateurs"]


@pytest.mark.parametrize("url", ["/admin/", "/admin/structures", f"/admin/structures/{EDITED}/modifier",
                                 "/admin/qualite", "/mot-de-passe"])
def test_anonymous_is_sent_to_login_with_the_way_back(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/connexion?suivant=")


def test_editor_lists_only_own_structures(editor_client):
    html = editor_client.get("/admin/structures").get_data(as_text=True)
    assert f"/admin/structures/{EDITED}/modifier" in html
    assert f"/admin/structures/{OTHER}/modifier" not in html


@pytest.mark.parametrize("method,url", [
    ("get", f"/admin/structures/{OTHER}/modifier"),
    ("post", f"/admin/structures/{OTHER}/modifier"),
    ("get", f"/admin/structures/{OTHER}/historique"),
    ("get", f"/admin/structures/{OTHER}/offres/nouvelle"),
    ("post", f"/admin/structures/{OTHER}/offres/nouvelle"),
    ("post", f"/admin/structures/{OTHER}/historique/1/restaurer"),
])
def test_editor_cannot_reach_another_structure_by_url(editor_client, method, url):
    assert getattr(editor_client, method)(url, data={"version": "1"}).status_code == 403


def test_editor_cannot_edit_another_structure_by_posting_its_form(app, editor_client, admin_client):
    """The edit form of another fiche (read by an admin) replayed by the editor is refused, nothing changes."""
    data = edit_form(admin_client, OTHER)
    data["nom"] = ["Nom détourné"]
    assert editor_client.post(f"/admin/structures/{OTHER}/modifier", data=data).status_code == 403
    with app.app_context():
        other = get_session().scalar(select(Structure).where(Structure.slug == OTHER))
        assert other.nom != "Nom détourné"


def test_editor_cannot_restore_another_structures_revision_through_own_url(app, admin_client, editor_client):
    """A revision id of another structure, tampered into the editor's own restore URL, is not found."""
    data = edit_form(admin_client, OTHER)
    data["sigle"] = ["CRM"]
    assert admin_client.post(f"/admin/structures/{OTHER}/modifier", data=data).status_code == 302
    with app.app_context():
        session = get_session()
        other = session.scalar(select(Structure).where(Structure.slug == OTHER))
        revision_id = session.scalar(select(Revision.id).where(Revision.structure_id == other.id,
                                                               Revision.auteur == "admin@ddt53.fr"))
        own = session.scalar(select(Structure).where(Structure.slug == EDITED))
        version = own.version
    response = editor_client.post(f"/admin/structures/{EDITED}/historique/{revision_id}/restaurer",
                                  data={"version": str(version), "etat": "avant"})
    assert response.status_code == 404
    with app.app_context():
        assert get_session().scalar(select(Structure.sigle).where(Structure.slug == OTHER)) == "CRM"


@pytest.mark.parametrize("url", ADMIN_ONLY)
def test_admin_pages_are_forbidden_to_editors(editor_client, url):
    assert editor_client.get(url).status_code == 403


@pytest.mark.parametrize("url", ADMIN_ONLY + [f"/admin/structures/{OTHER}/modifier"])
def test_admin_reaches_everything(admin_client, url):
    assert admin_client.get(url).status_code == 200


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}])
@pytest.mark.parametrize("url", ["/admin/", "/admin/structures", f"/admin/structures/{EDITED}/modifier",
                                 f"/admin/structures/{EDITED}/historique", "/admin/qualite", "/admin/suggestions",
                                 "/admin/parcours", "/admin/utilisateurs"])
def test_back_office_pages_are_full_pages_with_or_without_htmx(admin_client, headers, url):
    response = admin_client.get(url, headers=headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" in html and "Espace partenaires" in html and html.count("<h1") == 1
    assert response.headers["Cache-Control"] == "no-store"


def test_forbidden_page_explains_in_french(editor_client):
    html = editor_client.get(f"/admin/structures/{OTHER}/modifier").get_data(as_text=True)
    assert "Accès refusé" in html and "rattachées" in html
