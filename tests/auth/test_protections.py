"""CSRF on every back-office form and a per-IP rate limit on POST /connexion (apps built with them on)."""
from __future__ import annotations

import shutil

import pytest

from tests.auth.conftest import EMAIL, PASSWORD
from wizard import create_app
from wizard.auth.services import create_user
from wizard.db import get_session


def _app(loaded_sqlite, tmp_path, **config):
    db = tmp_path / "protected.sqlite"
    shutil.copy(loaded_sqlite, db)
    app = create_app({"DATABASE_URL": f"sqlite:///{db}", "SECRET_KEY": "t", "TESTING": True, **config})
    with app.app_context():
        session = get_session()
        create_user(session, EMAIL, PASSWORD, "editeur", ["caue-53"])
        session.commit()
    return app


@pytest.fixture
def csrf_app(loaded_sqlite, tmp_path):
    return _app(loaded_sqlite, tmp_path, WTF_CSRF_ENABLED=True, RATELIMIT_ENABLED=False)


def test_login_without_csrf_token_is_refused_in_french(csrf_app):
    response = csrf_app.test_client().post("/connexion", data={"email": EMAIL, "mot_de_passe": PASSWORD})
    assert response.status_code == 400
    assert "Formulaire expiré" in response.get_data(as_text=True)


def test_edit_without_csrf_token_is_refused(csrf_app):
    import re
    client = csrf_app.test_client()
    page = client.get("/connexion").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/connexion", data={"email": EMAIL, "mot_de_passe": PASSWORD,
                                            "csrf_token": token}).status_code == 302
    response = client.post("/admin/structures/caue-53/modifier", data={"version": "1", "nom": "Piraté"})
    assert response.status_code == 400
    for url in ("/deconnexion", "/mot-de-passe", "/admin/structures/caue-53/offres/nouvelle"):
        assert client.post(url, data={}).status_code == 400, url


def test_login_posts_are_rate_limited_per_ip(loaded_sqlite, tmp_path):
    app = _app(loaded_sqlite, tmp_path, WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=True,
               LOGIN_RATE_LIMIT="3 per minute")
    client = app.test_client()
    statuses = [client.post("/connexion", data={"email": "x@y.fr", "mot_de_passe": "faux"}).status_code
                for _ in range(4)]
    assert statuses == [422, 422, 422, 429]
    response = client.post("/connexion", data={"email": EMAIL, "mot_de_passe": PASSWORD})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.get_data(as_text=True)
    assert client.get("/connexion").status_code == 200  # only POST is limited
