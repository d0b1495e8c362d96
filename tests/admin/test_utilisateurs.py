"""Accounts from the back-office: invitation link with expiry, single use, unlock."""
from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from tests.admin.conftest import EDITED, PASSWORD, login, read_form
from wizard.auth.services import create_invitation
from wizard.db import get_session
from wizard.models import Invitation, Utilisateur


def _invite(client, email: str, structures: list[str]):
    data = read_form(client.get("/admin/utilisateurs").get_data(as_text=True), "/admin/utilisateurs/invitations")
    return client.post("/admin/utilisateurs/invitations",
                       data={**data, "email": email, "role": "editeur", "structures": structures, "jours": "7"})


def test_invitation_link_creates_an_editor_account_once(app, admin_client):
    response = _invite(admin_client, "nouveau@caue53.fr", [EDITED])
    assert response.status_code == 200
    link = re.search(r"http://localhost/invitation/[\w-]+", response.get_data(as_text=True)).group(0)
    path = link.removeprefix("http://localhost")
    with app.app_context():
        stored = get_session().scalar(select(Invitation))
        assert path.rsplit("/", 1)[1] not in stored.token_hash  # only a hash of the token is kept
    visitor = app.test_client()
    page = visitor.get(path)
    assert page.status_code == 200 and "nouveau@caue53.fr" in page.get_data(as_text=True)
    data = read_form(page.get_data(as_text=True), path)
    response = visitor.post(path, data={**data, "nom": "Nouvel Éditeur", "nouveau": PASSWORD, "confirmation": PASSWORD})
    assert response.status_code == 302
    assert visitor.get(f"/admin/structures/{EDITED}/modifier").status_code == 200
    with app.app_context():
        user = get_session().scalar(select(Utilisateur).where(Utilisateur.email == "nouveau@caue53.fr"))
        assert user.role == "editeur" and [s.slug for s in user.structures] == [EDITED]
    reused = app.test_client().get(path)  # single use
    assert reused.status_code == 404 and "déjà utilisé ou expiré" in reused.get_data(as_text=True)


def test_editor_invitation_needs_a_structure(admin_client):
    response = _invite(admin_client, "sans-structure@exemple.fr", [])
    assert response.status_code == 422
    assert "au moins une structure" in response.get_data(as_text=True)


def test_expired_invitation_is_refused(app):
    with app.app_context():
        session = get_session()
        past = dt.datetime(2020, 1, 1)
        _, token = create_invitation(session, "tard@exemple.fr", "editeur", [EDITED], "test", days=7, now=past)
        session.commit()
    assert app.test_client().get(f"/invitation/{token}").status_code == 404


def test_admin_unlocks_a_locked_account(app, admin_client):
    for _ in range(5):
        login(app.test_client(), "editeur@caue53.fr", "mauvais mot de passe")
    html = admin_client.get("/admin/utilisateurs").get_data(as_text=True)
    assert "Connexions ralenties jusqu" in html
    with app.app_context():
        uid = get_session().scalar(select(Utilisateur.id).where(Utilisateur.email == "editeur@caue53.fr"))
    url = f"/admin/utilisateurs/{uid}/debloquer"
    assert admin_client.post(url, data=read_form(html, url)).status_code == 302
    assert login(app.test_client(), "editeur@caue53.fr").status_code == 302
