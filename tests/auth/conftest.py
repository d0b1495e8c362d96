"""Accounts fixtures: one editor of caue-53."""
from __future__ import annotations

import pytest

from wizard.auth.services import create_user
from wizard.db import get_session

PASSWORD = "une phrase de passe solide"
EMAIL = "editeur@caue53.fr"


@pytest.fixture
def editor(app):
    with app.app_context():
        session = get_session()
        create_user(session, EMAIL, PASSWORD, "editeur", ["caue-53"])
        session.commit()
    return EMAIL


def login(client, email: str = EMAIL, password: str = PASSWORD, **extra):
    return client.post("/connexion", data={"email": email, "mot_de_passe": password, **extra})
