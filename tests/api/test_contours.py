"""GeoJSON outlines in the open data API, documented in the OpenAPI document."""
from __future__ import annotations

import shutil

from sqlalchemy import select

from wizard import create_app
from wizard.config import ROOT
from wizard.db import get_session
from wizard.models import Commune


def test_communes_geojson_has_every_commune_with_its_epci(client, app):
    response = client.get("/api/v1/territoires/communes.geojson")
    assert response.status_code == 200 and response.mimetype == "application/geo+json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    data = response.get_json(force=True)
    with app.app_context():
        expected = dict(get_session().execute(select(Commune.code, Commune.epci_code)
                                              .where(Commune.departement == "53")).all())
    assert data["type"] == "FeatureCollection"
    assert {f["properties"]["code"]: f["properties"]["epci"] for f in data["features"]} == expected
    assert {f["geometry"]["type"] for f in data["features"]} <= {"Polygon", "MultiPolygon"}


def test_epci_geojson_has_the_ten_epci(client):
    data = client.get("/api/v1/territoires/epci.geojson").get_json(force=True)
    props = {f["properties"]["code"]: f["properties"] for f in data["features"]}
    assert len(props) == 10 and sum(p["nb_communes"] for p in props.values()) == 240
    assert props["247200090"]["nb_communes"] == 1 and props["247200090"]["nb_communes_total"] == 17


def test_outlines_are_documented(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    for path in ("/territoires/communes.geojson", "/territoires/epci.geojson"):
        assert "application/geo+json" in doc["paths"][path]["get"]["responses"]["200"]["content"]


def test_a_deployment_without_outlines_answers_404_in_json(loaded_sqlite, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("contours-*"))
    db_file = tmp_path / "app.sqlite"
    shutil.copy(loaded_sqlite, db_file)
    app = create_app({"DATABASE_URL": f"sqlite:///{db_file}", "SECRET_KEY": "t", "TESTING": True,
                      "DATA_DIR": str(data), "AUTOLOAD_DATA": False})
    client = app.test_client()
    response = client.get("/api/v1/territoires/communes.geojson")
    assert response.status_code == 404 and "contours" in response.get_json()["erreur"]["message"]
    # The map page still works, with its tables and a French note.
    html = client.get("/cartographie/carte").get_data(as_text=True)
    assert "ne sont pas disponibles" in html and 'data-commune="53130"' in html
