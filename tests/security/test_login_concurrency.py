"""Parallel wrong passwords against a real gunicorn (4 workers) on PostgreSQL, with Redis rate limits.

The failed-login counter is one atomic UPDATE: however many requests arrive at once, only the
free attempts reach the password check, the others are told to wait. The per-IP limit is shared
by the workers through Redis, so 4 workers do not multiply it by 4.
"""
from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.auth.conftest import EMAIL, PASSWORD
from tests.conftest import reset_database
from wizard import create_app
from wizard.auth.services import create_user
from wizard.auth.throttle import FREE_FAILURES
from wizard.db import get_session

WRONG = "Adresse électronique ou mot de passe incorrect."


def _post(base: str, email: str, password: str) -> tuple[int, str]:
    data = urllib.parse.urlencode({"email": email, "mot_de_passe": password}).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(base + "/connexion", data=data), timeout=60) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def _burst(base: str, email: str, n: int) -> list[tuple[int, str]]:
    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(lambda i: _post(base, email, f"mauvais mot de passe {i}"), range(n)))


@pytest.fixture
def pg_ready(pg_url: str):
    """The PostgreSQL test database migrated and loaded once here (the workers only serve it), with an editor."""
    reset_database(pg_url)
    app = create_app({"DATABASE_URL": pg_url, "SECRET_KEY": "test", "TESTING": True})
    with app.app_context():
        session = get_session()
        create_user(session, EMAIL, PASSWORD, "editeur", ["caue-53"])
        session.commit()
    app.extensions["db_engine"].dispose()
    yield pg_url
    reset_database(pg_url)


def _server_config(pg_url: str, **extra) -> dict:
    return {"DATABASE_URL": pg_url, "SECRET_KEY": "test-partage", "AUTOLOAD_DATA": False,
            "WTF_CSRF_ENABLED": False, **extra}


@pytest.mark.postgres
@pytest.mark.parametrize("email", [EMAIL, "inconnu@exemple.fr"])
def test_sixty_parallel_wrong_passwords_reach_the_check_only_for_the_free_attempts(pg_ready, gunicorn_server, email):
    base = gunicorn_server(_server_config(pg_ready, RATELIMIT_ENABLED=False), workers=4)
    answers = _burst(base, email, 60)
    assert {status for status, _ in answers} == {422}
    checked = [body for _, body in answers if WRONG in body]
    slowed = [body for _, body in answers if "Trop de tentatives de connexion pour cette adresse" in body]
    assert len(checked) == FREE_FAILURES, f"{len(checked)} mots de passe vérifiés sur 60"
    assert len(slowed) == 60 - FREE_FAILURES
    # The owner's right password must wait too: the attacker gained nothing by the burst.
    status, body = _post(base, email, PASSWORD)
    assert status == 422 and "Trop de tentatives de connexion pour cette adresse" in body


@pytest.mark.postgres
def test_per_ip_limit_is_shared_by_the_workers_through_redis(pg_ready, gunicorn_server, redis_url):
    base = gunicorn_server(_server_config(pg_ready, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=redis_url,
                                          LOGIN_RATE_LIMIT="10 per minute"), workers=4)
    # Different e-mails: only the per-IP limit can stop these.
    with ThreadPoolExecutor(max_workers=40) as pool:
        answers = list(pool.map(lambda i: _post(base, f"personne{i}@exemple.fr", "faux"), range(40)))
    statuses = sorted(status for status, _ in answers)
    assert statuses.count(429) == 30, statuses
