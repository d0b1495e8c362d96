"""Loading data/ into the database: counts, idempotence, refusal of broken files, export round-trip."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import wizard.models  # noqa: F401  (registers every table)
from tests.conftest import DATA_DIR
from wizard.dataload.errors import DataErrors
from wizard.dataload.export import export_structures
from wizard.dataload.load import load_data
from wizard.dataload.mapping import row_to_fiche
from wizard.db import Base, make_engine
from wizard.models import (
    Contact,
    Dispositif,
    EnqueteBesoin,
    Offre,
    OffreTag,
    Source,
    Structure,
)


@contextmanager
def _session(url: str) -> Iterator[Session]:
    """A session on a fresh engine, disposed afterwards (PostgreSQL connections must not leak)."""
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def _snapshot(session: Session) -> dict:
    """Everything a load writes, independent of generated ids."""
    structures = [row_to_fiche(s) for s in session.scalars(select(Structure).order_by(Structure.slug))]
    counts = {m.__name__: session.scalar(select(func.count()).select_from(m))
              for m in (Structure, Offre, OffreTag, Contact, Source, Dispositif, EnqueteBesoin)}
    return {"structures": structures, "counts": counts}


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ to break on purpose."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _replace_once(path: Path, old: str, new: str) -> int:
    """Replace the first occurrence of ``old``; return its 1-based line."""
    content = path.read_text(encoding="utf-8")
    index = content.index(old)
    path.write_text(content.replace(old, new, 1), encoding="utf-8")
    return content.count("\n", 0, index) + 1


def test_load_counts_on_each_backend(db_url):
    with _session(db_url) as session:
        report = load_data(session, DATA_DIR)
        session.commit()
        assert (report.communes, report.epcis, report.structures) == (240, 10, 39)
        assert session.scalar(select(func.count()).select_from(Structure)) == 39
        assert report.offres == session.scalar(select(func.count()).select_from(Offre)) > 39
        assert session.scalar(select(func.count()).select_from(Dispositif)) == report.dispositifs == 17


def test_loading_twice_gives_the_same_database(db_url):
    with _session(db_url) as session:
        load_data(session, DATA_DIR)
        session.commit()
        first = _snapshot(session)
    with _session(db_url) as session:
        load_data(session, DATA_DIR)
        session.commit()
        assert _snapshot(session) == first


def test_unknown_slug_is_refused_with_its_line_and_a_suggestion(tmp_path, data_copy):
    line = _replace_once(data_copy / "structures.yaml", "- voirie", "- voiries")
    with _session(f"sqlite:///{tmp_path / 'x.sqlite'}") as session, pytest.raises(DataErrors) as info:
        load_data(session, data_copy)
    [error] = info.value.errors
    assert error.file == "structures.yaml" and error.line == line
    assert "« voiries » n'est pas dans la taxonomie" in error.message
    assert "vouliez-vous dire « voirie »" in error.message


@pytest.mark.parametrize("old, new, expected", [
    ("site_web: https://", "site_web: htps://", "adresse web invalide"),
    ("slug: ddt-53", "slug: DDT 53", "identifiant invalide"),
    ("cout: gratuit", "cout: offert", "valeur « offert » inconnue"),
])
def test_bad_values_are_refused_with_their_line(tmp_path, data_copy, old, new, expected):
    line = _replace_once(data_copy / "structures.yaml", old, new)
    with _session(f"sqlite:///{tmp_path / 'x.sqlite'}") as session, pytest.raises(DataErrors) as info:
        load_data(session, data_copy)
    assert any(e.line == line and expected in e.message for e in info.value.errors), info.value.errors


def test_bad_email_is_refused(tmp_path, data_copy):
    path = data_copy / "structures.yaml"
    content = path.read_text(encoding="utf-8")
    assert "email: null" in content
    line = _replace_once(path, "email: null", "email: pas-une-adresse")
    with _session(f"sqlite:///{tmp_path / 'x.sqlite'}") as session, pytest.raises(DataErrors) as info:
        load_data(session, data_copy)
    assert [(e.line, "adresse électronique invalide" in e.message) for e in info.value.errors] == [(line, True)]


def test_yaml_syntax_error_points_at_the_line(tmp_path, data_copy):
    path = data_copy / "dispositifs.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(11, "  : : [unclosed")
    path.write_text("\n".join(lines), encoding="utf-8")
    with _session(f"sqlite:///{tmp_path / 'x.sqlite'}") as session, pytest.raises(DataErrors) as info:
        load_data(session, data_copy)
    assert info.value.errors[0].file == "dispositifs.yaml"
    assert 11 <= info.value.errors[0].line <= 13


def test_a_refused_load_leaves_the_database_untouched(tmp_path, data_copy):
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    with _session(url) as session:
        load_data(session, DATA_DIR)
        session.commit()
        before = _snapshot(session)
    _replace_once(data_copy / "structures.yaml", "- voirie", "- voiries")
    with _session(url) as session:
        with pytest.raises(DataErrors):
            load_data(session, data_copy)
        session.rollback()
        assert _snapshot(session) == before


def test_cli_load_reports_and_refuses(app, data_copy):
    result = app.test_cli_runner().invoke(args=["data", "load"])
    assert result.exit_code == 0, result.output
    assert "39 structures" in result.output
    _replace_once(data_copy / "structures.yaml", "- voirie", "- voiries")
    app.config["DATA_DIR"] = str(data_copy)
    result = app.test_cli_runner().invoke(args=["data", "load"])
    assert result.exit_code != 0
    assert "structures.yaml:" in result.output and "rien n'a été chargé" in result.output


def test_export_without_change_gives_back_the_same_file(tmp_path):
    with _session(f"sqlite:///{tmp_path / 'x.sqlite'}") as session:
        load_data(session, DATA_DIR)
        session.commit()
        source = DATA_DIR / "structures.yaml"
        assert export_structures(session, source) == source.read_text(encoding="utf-8")


def test_export_writes_an_edit_and_keeps_comments(tmp_path):
    with _session(f"sqlite:///{tmp_path / 'x.sqlite'}") as session:
        load_data(session, DATA_DIR)
        caue = session.scalar(select(Structure).where(Structure.slug == "caue-53"))
        caue.presentation = "Présentation modifiée pour le test."
        session.commit()
        source = DATA_DIR / "structures.yaml"
        exported = export_structures(session, source)
    original = source.read_text(encoding="utf-8")
    assert "Présentation modifiée pour le test." in exported
    comments = [line for line in original.splitlines() if line.lstrip().startswith("#")]
    assert comments and all(c in exported for c in comments)
