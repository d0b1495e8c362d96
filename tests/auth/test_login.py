"""Login, lockout, logout, password change, session cookie and hashing."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.auth.conftest import EMAIL, PASSWORD, login
from wizard import create_app
from wizard.auth.services import LOCK_MINUTES, MAX_FAILURES, authenticate
from wizard.auth.session import safe_next
from wizard.db import get_session
from wizard.models import Utilisateur


def _user(app) -> Utilisateur:
    with app.app_context():
        return get_session().scalar(select(Utilisateur).where(Utilisateur.email == EMAIL))


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}])
def test_login_page_is_french_and_accessible_markup(client, headers):
    html = client.get("/connexion", headers=headers).get_data(as_text=True)
    assert "<h1>Connexion à l'espace partenaires</h1>" in html
    assert 'autocomplete="current-password"' in html


def test_password_is_stored_as_a_scrypt_hash(app, editor):
    stored = _user(app).mot_de_passe
    assert stored.startswith("scrypt:") and PASSWORD not in stored


def test_login_then_back_office_then_logout(app, client, editor):
    response = login(client, suivant="/admin/structures")
    assert response.status_code == 302 and response.headers["Location"] == "/admin/structures"
    assert client.get("/admin/structures").status_code == 200
    assert _user(app).derniere_connexion is not None
    assert client.get("/deconnexion").status_code == 405  # a link elsewhere cannot log out
    assert client.post("/deconnexion").status_code == 302
    assert client.get("/admin/structures").status_code == 302


def test_email_is_case_insensitive(client, editor):
    assert login(client, email="  Editeur@CAUE53.fr ").status_code == 302


@pytest.mark.parametrize("email,password", [(EMAIL, "mauvais mot de passe"), ("inconnu@exemple.fr", PASSWORD)])
def test_wrong_credentials_give_the_same_french_message(client, editor, email, password):
    response = login(client, email=email, password=password)
    assert response.status_code == 422
    assert "Adresse électronique ou mot de passe incorrect." in response.get_data(as_text=True)


def test_account_is_locked_after_repeated_failures_with_a_clear_message(app, client, editor):
    for attempt in range(1, MAX_FAILURES):
        html = login(client, password="faux").get_data(as_text=True)
        left = MAX_FAILURES - attempt
        assert f"Il reste {left} essai" in html
    html = login(client, password="faux").get_data(as_text=True)
    assert "ce compte est temporairement bloqué" in html and f"Réessayez dans {LOCK_MINUTES} minutes" in html
    # Even the right password is refused while locked.
    response = login(client)
    assert response.status_code == 422 and "temporairement bloqué" in response.get_data(as_text=True)
    assert _user(app).bloque_jusqu_a is not None


def test_lock_expires(app, editor):
    now = dt.datetime(2026, 1, 1, 12, 0)
    with app.app_context():
        session = get_session()
        for _ in range(MAX_FAILURES):
            authenticate(session, EMAIL, "faux", now=now)
        assert authenticate(session, EMAIL, PASSWORD, now=now + dt.timedelta(minutes=1)).user is None
        later = now + dt.timedelta(minutes=LOCK_MINUTES + 1)
        assert authenticate(session, EMAIL, PASSWORD, now=later).user is not None


def test_success_resets_the_failure_count(app, client, editor):
    login(client, password="faux")
    login(client, password="faux")
    assert login(client).status_code == 302
    assert _user(app).echecs == 0


def test_password_change_logs_out_other_sessions(app, editor):
    mine, other = app.test_client(), app.test_client()
    login(mine)
    login(other)
    page = mine.get("/mot-de-passe")
    assert page.status_code == 200
    new = "une autre phrase de passe"
    wrong = mine.post("/mot-de-passe", data={"actuel": "faux", "nouveau": new, "confirmation": new})
    assert wrong.status_code == 422 and "Le mot de passe actuel est incorrect." in wrong.get_data(as_text=True)
    short = mine.post("/mot-de-passe", data={"actuel": PASSWORD, "nouveau": "court", "confirmation": "court"})
    assert short.status_code == 422 and "au moins 12 caractères" in short.get_data(as_text=True)
    assert mine.post("/mot-de-passe", data={"actuel": PASSWORD, "nouveau": new, "confirmation": new}).status_code == 302
    assert mine.get("/admin/").status_code == 200
    assert other.get("/admin/").status_code == 302  # the other session is over
    assert login(app.test_client(), password=new).status_code == 302


def test_deactivated_account_cannot_log_in(app, client, editor):
    with app.app_context():
        session = get_session()
        session.scalar(select(Utilisateur)).actif = False
        session.commit()
    assert login(client).status_code == 422


@pytest.mark.parametrize("target,expected", [
    ("/admin/qualite", "/admin/qualite"), ("https://malveillant.example/", "/admin/"),
    ("//malveillant.example/", "/admin/"), ("admin", "/admin/"), (None, "/admin/")])
def test_only_local_paths_are_followed_after_login(target, expected):
    assert safe_next(target, "/admin/") == expected


def test_session_cookie_is_httponly_samesite_and_secure_when_configured(loaded_sqlite, tmp_path, editor, client):
    response = login(client)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    import shutil
    db = tmp_path / "secure.sqlite"
    shutil.copy(loaded_sqlite, db)
    secure = create_app({"DATABASE_URL": f"sqlite:///{db}", "SECRET_KEY": "t", "TESTING": True,
                         "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "SESSION_COOKIE_SECURE": True})
    with secure.app_context():
        from wizard.auth.services import create_user
        session = get_session()
        create_user(session, EMAIL, PASSWORD, "admin", [])
        session.commit()
    cookie = login(secure.test_client()).headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie
