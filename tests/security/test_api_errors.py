"""The API answers JSON for every error status, and integer parameters are integers within bounds."""
from __future__ import annotations

import pytest

from wizard.api import orientation


def _json_error(response, status: int) -> dict:
    assert response.status_code == status
    assert response.mimetype == "application/json", response.get_data(as_text=True)[:200]
    return response.get_json()["erreur"]


@pytest.mark.parametrize("limite", ["%C2%B2", "1" * 5000, "-1", "0", "51", "+5", " 5", "5.0", "٣", "0x10", ""])
def test_limite_that_is_not_a_bounded_integer_is_a_400_json(client, limite):
    error = _json_error(client.get(f"/api/v1/communes?q=la&limite={limite}"), 400)
    assert error["parametre"] == "limite" and "entre 1 et 50" in error["message"]


def test_a_valid_limite_is_honoured(client):
    found = client.get("/api/v1/communes?q=la&limite=3").get_json()["communes"]
    assert len(found) == 3


def test_unknown_api_path_is_a_404_json(client):
    assert _json_error(client.get("/api/v1/inexistant"), 404)["message"]


def test_wrong_method_is_a_405_json_with_allow(client):
    response = client.post("/api/v1/structures")
    assert _json_error(response, 405)["message"]
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "HEAD"}


def test_an_unexpected_failure_is_a_500_json(app, monkeypatch):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def broken(*_args, **_kwargs):
        raise RuntimeError("panne simulée")

    monkeypatch.setattr(orientation, "recommander", broken)
    response = app.test_client().get("/api/v1/recommandations?thematique=voirie")
    error = _json_error(response, 500)
    assert "panne" not in error["message"]  # no internal detail leaks


def test_pages_outside_the_api_keep_their_french_html_errors(client):
    response = client.get("/page-inexistante")
    assert response.status_code == 404 and response.mimetype == "text/html"
