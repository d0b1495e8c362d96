"""`flask data check|load|export`: they report what they did, and refuse (exit ≠ 0, nothing written) on a problem."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.conftest import DATA_DIR
from tests.dataload.conftest import read_plain, replace_once, snapshot, structure
from wizard import create_app
from wizard.admin.edition import save_fiche
from wizard.admin.edition import snapshot as fiche_snapshot
from wizard.db import get_session


def _run(app: Flask, *args: str):
    return app.test_cli_runner().invoke(args=["data", *args])


def _numbers() -> dict[str, int]:
    structures = [read_plain(p) for p in (DATA_DIR / "structures").glob("*.yaml")]
    return {"structures": len(structures), "offres": sum(len(s.get("offres") or []) for s in structures),
            "dispositifs": len(list((DATA_DIR / "dispositifs").glob("*.yaml")))}


def test_check_accepts_the_real_data(app):
    result = _run(app, "check")
    assert result.exit_code == 0, result.output
    assert "data/ est valide." in result.output


def test_check_reports_each_error_with_its_file_and_line(app, data_copy):
    line = replace_once(data_copy / "structures" / "caue-53.yaml", "cout: gratuit", "cout: offert")
    app.config["DATA_DIR"] = str(data_copy)
    result = _run(app, "check")
    assert result.exit_code != 0
    assert f"structures/caue-53.yaml:{line}: structures[caue-53].offres[conseil-collectivites].cout : " \
           "valeur « offert » inconnue" in result.output
    assert "Refusé : 1 erreur(s)" in result.output


def test_load_reports_what_it_wrote(app):
    numbers = _numbers()
    result = _run(app, "load")
    assert result.exit_code == 0, result.output
    assert (f"Chargé : 240 communes, 10 EPCI, {numbers['structures']} structures, {numbers['offres']} offres, "
            f"{numbers['dispositifs']} dispositifs ; 0 fiche(s) changée(s)") in result.output


def test_load_refuses_a_broken_data_folder_and_writes_nothing(app, data_copy):
    replace_once(data_copy / "structures" / "caue-53.yaml", "site_web: https://caue53.com", "site_web: htps://caue53")
    app.config["DATA_DIR"] = str(data_copy)
    with app.app_context():
        before = snapshot(get_session())
    result = _run(app, "load")
    assert result.exit_code != 0
    assert "structures/caue-53.yaml:" in result.output and "adresse web invalide" in result.output
    assert "rien n'a été chargé" in result.output
    with app.app_context():
        assert snapshot(get_session()) == before


@pytest.fixture
def backend_app(db_url: str, data_copy: Path) -> Iterator[Flask]:
    """The application on each backend, started on a copy of data/ (migrated and loaded at start-up)."""
    app = create_app({"DATABASE_URL": db_url, "DATA_DIR": str(data_copy), "SECRET_KEY": "test", "TESTING": True})
    yield app
    app.extensions["db_engine"].dispose()


def _edit(app: Flask, slug: str, presentation: str) -> None:
    with app.app_context():
        session = get_session()
        row = structure(session, slug)
        save_fiche(session, app.extensions["taxonomy"], row, {**fiche_snapshot(row), "presentation": presentation},
                   row.version, "editrice@caue53.fr")
        session.commit()


def _presentation(app: Flask, slug: str) -> str:
    with app.app_context():
        return structure(get_session(), slug).presentation


def test_load_refuses_to_overwrite_a_fiche_edited_in_the_back_office(backend_app, data_copy):
    _edit(backend_app, "caue-53", "Présentation revue par le CAUE.")

    result = _run(backend_app, "load")
    assert result.exit_code != 0
    assert "  caue-53\n" in result.output
    assert "1 fiche(s) modifiée(s)" in result.output and "rien n'a été chargé" in result.output
    assert "--remplacer-les-fiches-modifiees" in result.output
    assert _presentation(backend_app, "caue-53") == "Présentation revue par le CAUE."

    result = _run(backend_app, "load", "--remplacer-les-fiches-modifiees")
    assert result.exit_code == 0, result.output
    assert "1 fiche(s) changée(s)" in result.output
    file_text = read_plain(data_copy / "structures" / "caue-53.yaml")["presentation"]
    assert _presentation(backend_app, "caue-53") == file_text

    result = _run(backend_app, "load")  # nothing edited any more
    assert result.exit_code == 0, result.output


def test_export_then_load_keeps_the_back_office_edit(backend_app, data_copy):
    _edit(backend_app, "caue-53", "Présentation revue par le CAUE.")
    result = _run(backend_app, "export")
    assert result.exit_code == 0, result.output
    assert f"1 fichier(s) écrit(s) dans {data_copy / 'structures'}" in result.output
    assert read_plain(data_copy / "structures" / "caue-53.yaml")["presentation"] == "Présentation revue par le CAUE."

    result = _run(backend_app, "load", "--remplacer-les-fiches-modifiees")
    assert result.exit_code == 0, result.output
    assert "0 fiche(s) changée(s)" in result.output  # the files now say what the database says
    assert _presentation(backend_app, "caue-53") == "Présentation revue par le CAUE."
    assert _run(backend_app, "load").exit_code == 0


def test_export_without_change_writes_nothing(backend_app, data_copy):
    folder = data_copy / "structures"
    before = {p.name: p.read_bytes() for p in folder.glob("*.yaml")}
    result = _run(backend_app, "export")
    assert result.exit_code == 0, result.output
    assert "0 fichier(s) écrit(s)" in result.output
    assert {p.name: p.read_bytes() for p in folder.glob("*.yaml")} == before
