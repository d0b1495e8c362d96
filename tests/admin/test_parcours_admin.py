"""Parcours from the back-office: validate a proposed file (line numbers), reload from disk when valid."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.admin.conftest import read_form
from wizard.config import ROOT

SOURCE = (ROOT / "parcours" / "parcours.yaml").read_text(encoding="utf-8")
BROKEN = SOURCE.replace("suivante: type_collectivite", "suivante: type_colectivite", 1)


def _check(client, content: str, fichier: str = "parcours.yaml"):
    data = read_form(client.get("/admin/parcours").get_data(as_text=True), "/admin/parcours")
    return client.post("/admin/parcours", data={**data, "fichier": fichier, "contenu": content})


def test_current_file_is_valid(admin_client):
    response = _check(admin_client, SOURCE)
    assert response.status_code == 200
    assert "Le fichier proposé est valide" in response.get_data(as_text=True)


def test_errors_are_shown_with_file_line_and_column(admin_client):
    assert "suivante: type_collectivite" in SOURCE
    line = SOURCE[:SOURCE.index("suivante: type_collectivite")].count("\n") + 1
    response = _check(admin_client, BROKEN)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f"<code>parcours/parcours.yaml</code>, ligne {line}, colonne" in html
    assert "type_colectivite" in html and "vouliez-vous dire" in html


def test_invalid_yaml_and_unknown_file_name(admin_client):
    response = _check(admin_client, "etapes: [")
    assert response.status_code == 422 and "YAML invalide" in response.get_data(as_text=True)
    response = _check(admin_client, SOURCE, fichier="../secret.yaml")
    assert response.status_code == 422 and "Choisissez un des fichiers" in response.get_data(as_text=True)


def test_checking_writes_nothing(admin_client):
    _check(admin_client, BROKEN)
    assert (ROOT / "parcours" / "parcours.yaml").read_text(encoding="utf-8") == SOURCE


@pytest.fixture
def own_parcours(app, tmp_path: Path):
    """The app reading a copy of parcours/ that the test may break."""
    directory = tmp_path / "parcours"
    shutil.copytree(ROOT / "parcours", directory)
    app.config["PARCOURS_DIR"] = str(directory)
    return directory


def test_reload_swaps_the_compiled_parcours_when_valid(app, admin_client, own_parcours):
    before = app.extensions.get("parcours")
    page = admin_client.get("/admin/parcours").get_data(as_text=True)
    data = read_form(page, "/admin/parcours/recharger")
    response = admin_client.post("/admin/parcours/recharger", data=data, follow_redirects=True)
    assert "Parcours rechargé" in response.get_data(as_text=True)
    assert app.extensions["parcours"] is not before
    assert app.extensions["parcours"].start


def test_reload_keeps_the_running_parcours_when_the_files_are_invalid(app, admin_client, own_parcours):
    data = read_form(admin_client.get("/admin/parcours").get_data(as_text=True), "/admin/parcours/recharger")
    admin_client.post("/admin/parcours/recharger", data=data)
    running = app.extensions["parcours"]
    (own_parcours / "parcours.yaml").write_text(BROKEN, encoding="utf-8")
    response = admin_client.post("/admin/parcours/recharger", data=data)
    assert response.status_code == 422
    assert "la version en service est conservée" in response.get_data(as_text=True)
    assert app.extensions["parcours"] is running


def test_form_is_prefilled_with_the_current_file(admin_client):
    data = read_form(admin_client.get("/admin/parcours").get_data(as_text=True), "/admin/parcours")
    assert data["contenu"] == [SOURCE]
