"""Steering fixtures: counters written on every request, the back-office accounts."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask import Flask

from tests.admin.conftest import admin_client, editor_client, users  # noqa: F401  (shared fixtures)
from wizard import create_app

BASE = "/parcours/resultats?profil=elu&type_collectivite=commune&commune=53214&projet=&stade=etudes"
#: Saint-Erblon, voirie, technical help: the Cerema matches (covered).
COUVERT = BASE + "&thematique=voirie&besoin=technique"
#: Saint-Erblon, numérique, technical help: no specialist, only the fallback (préfecture) — uncovered.
NON_COUVERT = BASE + "&thematique=numerique&besoin=technique"


@pytest.fixture
def app(loaded_sqlite: Path, tmp_path: Path) -> Flask:
    db_file = tmp_path / "app.sqlite"
    shutil.copy(loaded_sqlite, db_file)
    return create_app({"DATABASE_URL": f"sqlite:///{db_file}", "SECRET_KEY": "test", "TESTING": True,
                       "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "PILOTAGE_FLUSH_SECONDS": 0})
