"""The shortcuts of wizard/web/signatures.py keep what signing is for: a forged or tampered cookie is
refused, a returning visitor's token still validates, sessions are not shared between requests."""
from __future__ import annotations

import re
import shutil

import pytest
from flask import flash

from wizard import create_app

STEP = "/parcours/besoin?profil=elu&type_collectivite=commune&commune=53130&projet=&thematique=voirie"
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


@pytest.fixture
def app(loaded_sqlite, tmp_path):
    db = tmp_path / "signatures.sqlite"
    shutil.copy(loaded_sqlite, db)
    return create_app({"DATABASE_URL": f"sqlite:///{db}", "SECRET_KEY": "test", "TESTING": True,
                       "RATELIMIT_ENABLED": False})


def _token(html: str) -> str:
    found = TOKEN.search(html)
    assert found, "pas de jeton CSRF dans la page"
    return found.group(1) or found.group(2)


def test_a_returning_visitor_gets_one_token_and_it_validates(app):
    client = app.test_client()
    first = _token(client.get(STEP).get_data(as_text=True))
    # Another page whose form is signed by Flask-WTF (a valid token of the same visitor), then the same
    # step from the page cache: the token remembered for this visitor.
    assert _token(client.get("/connexion").get_data(as_text=True))
    assert _token(client.get(STEP).get_data(as_text=True)) == first
    response = client.post(STEP, data={"csrf_token": first, "besoin": "technique"})
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    assert "/parcours/stade" in response.headers["Location"]


def test_a_token_of_another_visitor_is_refused(app):
    alice, bob = app.test_client(), app.test_client()
    token_alice = _token(alice.get(STEP).get_data(as_text=True))
    _token(bob.get(STEP).get_data(as_text=True))
    response = bob.post(STEP, data={"csrf_token": token_alice, "besoin": "technique"})
    assert response.status_code == 400
    assert "Le formulaire a expiré" in response.get_data(as_text=True)


def test_a_tampered_cookie_is_not_believed_even_after_the_genuine_one_was_seen(app):
    client = app.test_client()
    token = _token(client.get(STEP).get_data(as_text=True))
    cookie = client.get_cookie("session")
    assert cookie is not None
    payload, stamp, signature = cookie.value.rsplit(".", 2)
    forged = f"{payload}.{stamp}.{signature[:-2]}{'AA' if signature[-2:] != 'AA' else 'BB'}"
    intruder = app.test_client()
    intruder.set_cookie("session", forged)
    response = intruder.post(STEP, data={"csrf_token": token, "besoin": "technique"})
    assert response.status_code == 400  # the forged cookie opens an empty session: no raw token to match


def test_a_session_decoded_from_a_known_cookie_is_not_shared_between_requests(app):
    app.add_url_rule("/essai-message/<texte>", "essai_message", lambda texte: (flash(texte), "ok")[1])
    client = app.test_client()
    client.get("/essai-message/premier")
    with_first = client.get_cookie("session").value
    client.get("/essai-message/second")  # appends to the list decoded from that same cookie value
    other = app.test_client()
    other.set_cookie("session", with_first)
    page = other.get("/mentions-legales").get_data(as_text=True)
    assert "premier" in page
    assert "second" not in page


def test_the_menu_rendered_once_still_marks_the_current_page(app):
    client = app.test_client()
    for url, current in (("/", "Accueil"), ("/annuaire", "Annuaire des acteurs"), ("/", "Accueil"),
                         ("/dispositifs", "Dispositifs")):
        html = client.get(url).get_data(as_text=True)
        marked = re.findall(r'class="fr-nav__link" href="[^"]*"\s*aria-current="page">([^<]+)<', html)
        assert marked == [current], (url, marked)
