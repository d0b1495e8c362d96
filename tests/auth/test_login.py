"""Login, throttling, logout, password change, session cookie and hashing."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.auth.conftest import EMAIL, PASSWORD, login
from wizard import create_app
from wizard.auth import throttle
from wizard.auth.services import authenticate
from wizard.auth.session import safe_next
from wizard.auth.throttle import FREE_FAILURES
from wizard.db import get_session
from wizard.models import TentativeConnexion, Utilisateur


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


def test_repeated_failures_slow_the_address_down_with_a_clear_message(app, client, editor):
    for _ in range(FREE_FAILURES):
        html = login(client, password="faux").get_data(as_text=True)
        assert "Adresse électronique ou mot de passe incorrect." in html and "essai" not in html
    # Even the right password waits: the check is not even made.
    response = login(client)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Trop de tentatives de connexion pour cette adresse : patientez 15 secondes" in html


def test_wait_grows_then_expires(app, editor):
    now = 1_800_000_000.0
    with app.app_context():
        session = get_session()
        for i in range(FREE_FAILURES):
            assert throttle.claim(session, EMAIL, now=now + i).allowed
        assert throttle.claim(session, EMAIL, now=now + 10) == throttle.Claim(False, 15 - 6)
        later = now + FREE_FAILURES + 15
        assert throttle.claim(session, EMAIL, now=later).allowed
        assert throttle.claim(session, EMAIL, now=later + 1) == throttle.Claim(False, 30 - 1)
        assert [throttle.wait_after(n) for n in range(4, 13)] == [0, 15, 30, 60, 120, 300, 900, 900, 900]
        assert authenticate(session, EMAIL, PASSWORD).user is not None  # a success forgets the failures
        assert throttle.claim(session, EMAIL, now=later + 2).allowed


def test_success_resets_the_failure_count(app, client, editor):
    login(client, password="faux")
    login(client, password="faux")
    assert login(client).status_code == 302
    with app.app_context():
        assert throttle.waiting_until(get_session(), EMAIL) is None
        assert get_session().scalar(select(TentativeConnexion)) is None


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
