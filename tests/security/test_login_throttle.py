"""The throttle on both databases: one atomic claim per attempt, the same answers for every address."""
from __future__ import annotations

import pytest

from tests.auth.conftest import EMAIL, PASSWORD, login
from wizard import create_app
from wizard.auth import throttle
from wizard.auth.services import create_user
from wizard.db import get_session


@pytest.fixture
def backend_app(db_url):
    app = create_app({"DATABASE_URL": db_url, "SECRET_KEY": "test", "TESTING": True, "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False, "AUTOLOAD_DATA": False})
    from wizard.migrate import upgrade

    upgrade(app.extensions["db_engine"])
    with app.app_context():
        session = get_session()
        create_user(session, EMAIL, PASSWORD, "admin", [])
        session.commit()
    yield app
    app.extensions["db_engine"].dispose()


def test_claims_are_counted_by_one_update_on_each_backend(backend_app):
    now = 1_800_000_000.0
    with backend_app.app_context():
        session = get_session()
        allowed = [throttle.claim(session, "x@exemple.fr", now=now).allowed for _ in range(8)]
        session.commit()
        assert allowed == [True] * throttle.FREE_FAILURES + [False] * 3
        # Rows untouched for a day are forgotten at the next claim of any address.
        throttle.claim(session, "autre@exemple.fr", now=now + throttle.FORGET_AFTER + 1)
        assert throttle.claim(session, "x@exemple.fr", now=now + throttle.FORGET_AFTER + 2).allowed


def _answers(client, email: str) -> list[tuple[int, str]]:
    out = []
    for _ in range(throttle.FREE_FAILURES + 2):
        response = login(client, email=email, password="mauvais mot de passe")
        # The typed address is echoed in its field: that is the one expected difference.
        html = response.get_data(as_text=True).replace(email, "ADRESSE")
        out.append((response.status_code, html[html.index("<h1>"):html.index("</form>")]))
    return out


def test_known_and_unknown_addresses_get_identical_answers(backend_app):
    known = _answers(backend_app.test_client(), EMAIL)
    unknown = _answers(backend_app.test_client(), "personne@exemple.fr")
    assert known == unknown
    assert "patientez" in known[-1][1] and "incorrect" in known[0][1]
