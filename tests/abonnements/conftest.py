"""Subscription fixtures: a local SMTP sink (aiosmtpd, as for direct requests) and an app mailing through it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask import Flask

from tests.courriels import SmtpSink
from wizard import create_app


def _app(loaded_sqlite: Path, tmp_path: Path, smtp: SmtpSink, **extra) -> Flask:
    db_file = tmp_path / "app.sqlite"
    shutil.copy(loaded_sqlite, db_file)
    return create_app({"DATABASE_URL": f"sqlite:///{db_file}", "SECRET_KEY": "test", "TESTING": True,
                       "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "PILOTAGE_FLUSH_SECONDS": 0,
                       "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp.port, "MAIL_TIMEOUT": 5,
                       "MAIL_DEFAULT_SENDER": "carto@ddt53.test", "URL_PUBLIQUE": "https://carto.example", **extra})


@pytest.fixture
def app(loaded_sqlite: Path, tmp_path: Path, smtp: SmtpSink) -> Flask:
    return _app(loaded_sqlite, tmp_path, smtp)


@pytest.fixture
def app_csrf(loaded_sqlite: Path, tmp_path: Path, smtp: SmtpSink) -> Flask:
    """The same app with CSRF on, as in production."""
    return _app(loaded_sqlite, tmp_path, smtp, WTF_CSRF_ENABLED=True)
