"""Production mode refuses to start when unsafe; JSON logs carry the request id."""
from __future__ import annotations

import json
import logging
import shutil

import pytest

from wizard import create_app
from wizard.runtime.production import ConfigurationDangereuse

SAFE = {"PRODUCTION": True, "SECRET_KEY": "k" * 48, "SESSION_COOKIE_SECURE": True,
        "SERVER_NAME": "carto.example.fr", "PREFERRED_URL_SCHEME": "https"}


@pytest.fixture
def db_copy(loaded_sqlite, tmp_path):
    db = tmp_path / "prod.sqlite"
    shutil.copy(loaded_sqlite, db)
    return f"sqlite:///{db}"


@pytest.mark.parametrize("change,reason", [
    ({"SECRET_KEY": None}, "SECRET_KEY doit être fixée"),
    ({"SECRET_KEY": "court"}, "SECRET_KEY doit être fixée"),
    ({"SESSION_COOKIE_SECURE": False}, "SESSION_COOKIE_SECURE=1"),
    ({"INSTANCES": 2}, "RATELIMIT_STORAGE_URI doit pointer vers Redis"),
    ({"INSTANCES": 2, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"}, "PostgreSQL partagée"),
    ({"SERVER_NAME": None}, "SERVER_NAME"),
    ({"WTF_CSRF_ENABLED": False}, "WTF_CSRF_ENABLED"),
])
def test_unsafe_production_settings_stop_the_start_up(db_copy, change, reason):
    with pytest.raises(ConfigurationDangereuse, match=reason):
        create_app({**SAFE, "DATABASE_URL": db_copy, **change})


def test_safe_production_settings_start(db_copy):
    app = create_app({**SAFE, "DATABASE_URL": db_copy, "TRUSTED_HOSTS": ["carto.example.fr"]})
    assert app.test_client().get("/sante", base_url="https://carto.example.fr").status_code == 200


def test_several_instances_with_redis_and_postgresql_pass_the_check():
    from wizard.runtime.production import problems

    assert problems({**SAFE, "INSTANCES": 3, "RATELIMIT_STORAGE_URI": "redis://cache:6379/0",
                     "DATABASE_URL": "postgresql+psycopg://carto@db/carto"}) == []


def test_development_mode_is_unchanged(db_copy):
    create_app({"DATABASE_URL": db_copy, "SECRET_KEY": None, "TESTING": True})  # a generated key, no refusal


def test_each_request_has_an_id_and_a_json_log_line(db_copy, capsys):
    app = create_app({"DATABASE_URL": db_copy, "SECRET_KEY": "test", "TESTING": True, "LOG_JSON": True})
    try:
        client = app.test_client()
        given = client.get("/sante", headers={"X-Request-ID": "lb-0123456789"})
        assert given.headers["X-Request-ID"] == "lb-0123456789"
        made = client.get("/sante", headers={"X-Request-ID": "<script>"})
        assert made.headers["X-Request-ID"] != "<script>" and len(made.headers["X-Request-ID"]) == 32
        lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
        assert [(r["request_id"], r["chemin"], r["statut"]) for r in lines] == [
            ("lb-0123456789", "/sante", 200), (made.headers["X-Request-ID"], "/sante", 200)]
        assert {"horodatage", "niveau", "journal", "duree_ms", "methode"} <= set(lines[0])
    finally:
        for name in (app.logger.name, "wizard.requetes"):
            logger = logging.getLogger(name)
            logger.handlers, logger.propagate = [], True
            logger.setLevel(logging.NOTSET)


def test_gunicorn_production_settings_follow_the_environment(monkeypatch):
    import runpy

    from wizard.config import ROOT

    monkeypatch.setenv("PORT", "8123")
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert settings["bind"] == "0.0.0.0:8123" and settings["workers"] == 3
    assert settings["accesslog"] is None  # the app's JSON lines are the access log
