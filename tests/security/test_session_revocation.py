"""Logging out ends the session on the server: a copy of the cookie replayed afterwards opens nothing."""
from __future__ import annotations

from tests.auth.conftest import PASSWORD, login


def _cookie(client) -> str:
    return client.get_cookie("session").value


def test_cookie_replayed_after_logout_is_redirected_to_the_login_page(app, client, editor):
    assert login(client).status_code == 302
    stolen = _cookie(client)
    assert client.get("/admin/").status_code == 200
    assert client.post("/deconnexion").status_code == 302

    attacker = app.test_client()
    attacker.set_cookie("session", stolen)
    response = attacker.get("/admin/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/connexion")


def test_cookie_replayed_after_a_password_change_is_refused(app, client, editor):
    login(client)
    stolen = _cookie(client)
    new = "une toute autre phrase de passe"
    assert client.post("/mot-de-passe", data={"actuel": PASSWORD, "nouveau": new,
                                              "confirmation": new}).status_code == 302
    attacker = app.test_client()
    attacker.set_cookie("session", stolen)
    assert attacker.get("/admin/").headers["Location"].startswith("/connexion")
    assert client.get("/admin/").status_code == 200  # the session that changed it goes on
