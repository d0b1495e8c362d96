"""Shared fixtures: an app on a pre-loaded SQLite copy, PostgreSQL when configured, Chromium when present."""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import text

from wizard import create_app
from wizard.config import ROOT
from wizard.db import Base, make_engine
from wizard.parcours_engine import InMemoryTerritories
from wizard.territoires.departement import load_departement

DATA_DIR = ROOT / "data"
CHROMIUM = Path("/usr/bin/chromium")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="réécrire les fichiers de référence (tests/*.tsv) au lieu de les comparer")


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare a text with its committed reference file; rewrite it only with --update-golden."""
    import difflib

    def check(path: Path, text: str) -> None:
        if request.config.getoption("--update-golden"):
            path.write_text(text, encoding="utf-8")
            return
        expected = path.read_text(encoding="utf-8") if path.exists() else ""
        if text != expected:
            diff = list(difflib.unified_diff(expected.splitlines(), text.splitlines(), "attendu (committé)",
                                             "obtenu", lineterm="", n=0))
            shown = "\n".join(diff[:80]) + (f"\n… {len(diff) - 80} lignes de plus" if len(diff) > 80 else "")
            pytest.fail(f"{path.name} ne correspond plus au comportement. Relisez le diff, puis régénérez "
                        f"avec `make golden` si le changement est voulu :\n{shown}", pytrace=False)
    return check


def _required(name: str) -> bool:
    """CI sets REQUIRE_POSTGRES / REQUIRE_BROWSER: there a missing service fails instead of skipping."""
    return os.environ.get(name) == "1"


@pytest.fixture(scope="session")
def loaded_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with data/ loaded once; each test gets a copy."""
    path = tmp_path_factory.mktemp("db") / "template.sqlite"
    create_app({"DATABASE_URL": f"sqlite:///{path}", "SECRET_KEY": "test", "TESTING": True})
    return path


@pytest.fixture
def app(loaded_sqlite: Path, tmp_path: Path) -> Flask:
    """The application on a fresh copy of the loaded database."""
    db_file = tmp_path / "app.sqlite"
    shutil.copy(loaded_sqlite, db_file)
    return create_app({"DATABASE_URL": f"sqlite:///{db_file}", "SECRET_KEY": "test", "TESTING": True,
                       "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})


@pytest.fixture
def client(app: Flask):
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def pg_url() -> str:
    """The PostgreSQL URL from TEST_DATABASE_URL, or skip with the reason."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        if _required("REQUIRE_POSTGRES"):
            pytest.fail("REQUIRE_POSTGRES=1 mais TEST_DATABASE_URL n'est pas défini")
        pytest.skip("TEST_DATABASE_URL non défini : pas de serveur PostgreSQL pour ce test")
    return url


def reset_database(url: str) -> None:
    """Drop every table of the project (and Alembic's) so a test starts from nothing."""
    import wizard.models  # noqa: F401

    engine = make_engine(url)
    with engine.begin() as conn:
        Base.metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Each database backend in turn: SQLite always, PostgreSQL when configured."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'backend.sqlite'}"
        return
    url = request.getfixturevalue("pg_url")
    reset_database(url)
    yield url
    reset_database(url)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not CHROMIUM.exists():
        if _required("REQUIRE_BROWSER"):
            pytest.fail("REQUIRE_BROWSER=1 mais /usr/bin/chromium est absent")
        pytest.skip("Chromium absent (/usr/bin/chromium) : test navigateur non exécuté")
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def data_records() -> dict[str, list[dict]]:
    """The structure and programme files of data/ as plain dicts (one per file, in file order):
    what the loaded database must show, public facts and internal notes alike."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    return {folder: [yaml.load(path.read_text(encoding="utf-8"))
                     for path in sorted((DATA_DIR / folder).glob("*.yaml"))]
            for folder in ("structures", "dispositifs")}


@pytest.fixture(scope="session")
def internal_notes(data_records) -> dict[str, set[str]]:
    """slug → the internal notes of that structure file (``interne`` of the fiche and of its offers,
    mirror copies of its sources): every string long enough to be recognised if it leaked onto a page."""
    def walk(value, found: set[str]) -> set[str]:
        if isinstance(value, str) and len(value) >= 25:
            found.add(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item, found)
        elif isinstance(value, list):
            for item in value:
                walk(item, found)
        return found

    return {r["slug"]: walk([r.get("interne"), [o.get("interne") for o in r.get("offres") or ()],
                             [s.get("copie_consultee") for s in r.get("sources") or ()]], set())
            for r in data_records["structures"]}


@pytest.fixture(scope="session")
def territories() -> InMemoryTerritories:
    """A few real communes and EPCI (values from data/territoires), for the pure engine and recommender tests."""
    return InMemoryTerritories.from_records(
        [{"code": "53134", "nom": "Livet", "codes_postaux": ["53150"], "population": 191,
          "epci": "200033298", "departement": "53"},
         {"code": "53097", "nom": "Évron", "codes_postaux": ["53150", "53600"], "population": 8252,
          "epci": "200033298", "departement": "53"},
         {"code": "53130", "nom": "Laval", "codes_postaux": ["53000"], "population": 49400,
          "epci": "200083392", "departement": "53"},
         {"code": "53030", "nom": "Le Bignon-du-Maine", "codes_postaux": ["53170"], "population": 322,
          "epci": "245300223", "departement": "53"},
         {"code": "72181", "nom": "Le Mans", "codes_postaux": ["72000"], "population": 145004,
          "epci": "247200132", "departement": "72"}],
        [{"code": "200033298", "nom": "CC des Coëvrons", "type": "CC", "membres": ["53134", "53097"]},
         {"code": "200083392", "nom": "CA Laval Agglomération", "type": "CA", "membres": ["53130"]},
         {"code": "245300223", "nom": "CC du Pays de Meslay-Grez", "type": "CC", "membres": ["53030"]}],
        [load_departement(DATA_DIR)])


@pytest.fixture
def smtp():
    """A local SMTP server, started for the test and stopped after it (tests/courriels.py)."""
    from tests.courriels import SmtpSink

    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()
