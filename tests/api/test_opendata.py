"""Open data API: JSON shapes checked against our OpenAPI document, filters, errors, CSV round-trip."""
from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from wizard.api.openapi import DOCUMENT
from wizard.db import get_session
from wizard.models import Structure

TYPES = {"object": dict, "array": list, "string": str, "integer": int, "number": (int, float),
         "boolean": bool, "null": type(None)}


def check(instance, schema: dict, path: str = "$") -> list[str]:
    """Errors of ``instance`` against the JSON Schema subset our OpenAPI document uses ($ref, type, enum,
    required, properties, items)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return check(instance, DOCUMENT["components"]["schemas"][name], path)
    errors = []
    types = schema.get("type")
    if types is not None:
        allowed = types if isinstance(types, list) else [types]
        ok = any(isinstance(instance, TYPES[t]) and not (t in ("integer", "number") and isinstance(instance, bool))
                 for t in allowed)
        if not ok:
            return [f"{path}: {type(instance).__name__} au lieu de {allowed}"]
    if "enum" in schema and instance not in schema["enum"]:
        errors.append(f"{path}: {instance!r} hors de {schema['enum']}")
    if isinstance(instance, dict):
        errors += [f"{path}: {key} manquant" for key in schema.get("required", ()) if key not in instance]
        for key, sub in schema.get("properties", {}).items():
            if key in instance:
                errors += check(instance[key], sub, f"{path}.{key}")
    if isinstance(instance, list) and "items" in schema:
        for i, item in enumerate(instance):
            errors += check(item, schema["items"], f"{path}[{i}]")
    return errors


def response_schema(path: str, status: str = "200") -> dict:
    response = DOCUMENT["paths"][path]["get"]["responses"][status]
    if "$ref" in response:
        response = DOCUMENT["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
    return response["content"]["application/json"]["schema"]


def test_the_checker_catches_mistakes():
    schema = {"$ref": "#/components/schemas/Source"}
    assert check({"url": "https://x", "date": None}, schema) == []
    assert check({"url": 3, "date": None}, schema) and check({"url": "https://x"}, schema)


def test_openapi_document_describes_every_api_route(app, client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1") and "Licence Ouverte" in doc["info"]["license"]["name"]
    routes = {r.rule.removeprefix("/api/v1").replace("<slug>", "{slug}") for r in app.url_map.iter_rules()
              if r.rule.startswith("/api/v1/") and r.endpoint.startswith("api.")}
    documented = set(doc["paths"])
    assert routes - {"/", "/openapi.json"} <= documented
    # The orientation contract is documented too, ahead of its implementation.
    assert {"/recommandations", "/thematiques", "/communes"} <= documented


def test_structures_json_matches_the_schema(client, app):
    response = client.get("/api/v1/structures")
    assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    assert check(body, response_schema("/structures")) == []
    with app.app_context():
        assert body["nombre"] == len(body["structures"]) == len(get_session().scalars(select(Structure)).all())
    for record in body["structures"]:
        assert record["sources"] and "verifie_le" in record


def test_one_structure_and_its_404(client):
    body = client.get("/api/v1/structures/caue-53").get_json()
    assert check(body, response_schema("/structures/{slug}")) == []
    assert body["slug"] == "caue-53" and body["offres"] and body["verifie_le"]
    missing = client.get("/api/v1/structures/nexiste-pas")
    assert missing.status_code == 404 and missing.headers["Access-Control-Allow-Origin"] == "*"
    assert check(missing.get_json(), response_schema("/structures/{slug}", "404")) == []
    assert missing.get_json()["erreur"]["parametre"] == "slug"


def test_dispositifs_json_matches_the_schema(client):
    body = client.get("/api/v1/dispositifs").get_json()
    assert check(body, response_schema("/dispositifs")) == [] and body["dispositifs"]
    assert all(d["sources"] for d in body["dispositifs"])


def test_filters_select_structures_by_one_matching_offer(client):
    body = client.get("/api/v1/structures?thematique=urbanisme&cout=gratuit").get_json()
    assert body["structures"]
    for record in body["structures"]:
        assert any("urbanisme" in o["thematiques"] and o["cout"] == "gratuit" for o in record["offres"])
    everything = client.get("/api/v1/structures").get_json()["nombre"]
    assert body["nombre"] < everything
    either = client.get("/api/v1/structures?thematique=urbanisme&thematique=voirie").get_json()["nombre"]
    only = client.get("/api/v1/structures?thematique=urbanisme").get_json()["nombre"]
    assert either >= only


def test_territory_filter_agrees_with_the_matrix(client):
    api = {r["slug"] for r in client.get("/api/v1/structures?territoire=200055887").get_json()["structures"]}
    assert "epci-mayenne-communaute" in api and "epci-laval-agglo" not in api
    fragment = client.get("/cartographie?territoire=200055887", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert f"<p>{len(api)} structures propose" in fragment


@pytest.mark.parametrize(("query", "parametre"), [
    ("thematique=voiri", "thematique"), ("besoin=magie", "besoin"), ("stade=fini", "stade"),
    ("public=particulier", "public"), ("cout=cher", "cout"), ("territoire=99999", "territoire")])
def test_bad_parameters_are_json_400(client, query, parametre):
    response = client.get(f"/api/v1/structures?{query}")
    assert response.status_code == 400 and response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    assert check(body, response_schema("/structures", "400")) == []
    assert body["erreur"]["parametre"] == parametre and body["erreur"]["message"]
    assert client.get(f"/api/v1/structures.csv?{query}").status_code == 400


def test_suggestion_for_a_misspelt_slug(client):
    message = client.get("/api/v1/structures?thematique=voiri").get_json()["erreur"]["message"]
    assert "voirie" in message


def parse_csv(response, separator: str) -> list[dict]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    text = response.get_data().decode("utf-8")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=separator)), text


@pytest.mark.parametrize(("option", "separator", "bom"), [("", ",", False), ("separateur=point-virgule", ";", True)])
def test_structures_csv_round_trip(client, option, separator, bom):
    records = client.get("/api/v1/structures?thematique=urbanisme").get_json()["structures"]
    rows, text = parse_csv(client.get(f"/api/v1/structures.csv?thematique=urbanisme&{option}"), separator)
    assert text.startswith("\ufeff") is bom
    assert [r["slug"] for r in rows] == [r["slug"] for r in records]
    for row, record in zip(rows, records, strict=False):
        assert row["nom"] == record["nom"] and row["verifie_le"] == (record["verifie_le"] or "")
        themes = {t for o in record["offres"] for t in o["thematiques"]}
        assert set(row["thematiques"].split(" | ")) == themes
        sources = {s["url"] for s in record["sources"]} | {s["url"] for o in record["offres"] for s in o["sources"]}
        assert set(row["sources"].split(" | ")) == sources
        assert (row["sigle"] or None) == record["sigle"]


@pytest.mark.parametrize(("option", "separator"), [("", ","), ("?separateur=point-virgule", ";")])
def test_dispositifs_csv_round_trip(client, option, separator):
    records = client.get("/api/v1/dispositifs").get_json()["dispositifs"]
    rows, _ = parse_csv(client.get(f"/api/v1/dispositifs.csv{option}"), separator)
    assert [r["slug"] for r in rows] == [r["slug"] for r in records]
    for row, record in zip(rows, records, strict=False):
        assert (row["fin"] or None) == record["fin"] and (row["debut"] or None) == record["debut"]
        assert row["thematiques"].split(" | ") == (record["thematiques"] or [""])


def test_bad_separator(client):
    response = client.get("/api/v1/dispositifs.csv?separateur=tab")
    assert response.status_code == 400 and response.get_json()["erreur"]["parametre"] == "separateur"


def test_api_index_and_the_human_documentation(client):
    index = client.get("/api/v1/").get_json()
    assert index["documentation"].endswith("/api/v1/openapi.json")
    html = client.get("/donnees").get_data(as_text=True)
    assert "Licence Ouverte 2.0" in html and "/api/v1/structures?thematique=urbanisme" in html
    for path, item in DOCUMENT["paths"].items():
        assert f"GET /api/v1{path}</code></th><td>{item['get']['summary']}".replace("'", "&#39;") in html
