"""Open data API: JSON shapes checked against our OpenAPI document, filters, errors, CSV round-trip."""
from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import select

from wizard.api.openapi import DOCUMENT
from wizard.db import get_session
from wizard.models import Structure

TYPES = {"object": dict, "array": list, "string": str, "integer": int, "number": (int, float),
         "boolean": bool, "null": type(None)}


def check(instance, schema: dict, path: str = "$") -> list[str]:
    """Errors of ``instance`` against the JSON Schema subset our OpenAPI document uses ($ref, allOf, oneOf,
    type, enum, required, properties, items)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return check(instance, DOCUMENT["components"]["schemas"][name], path)
    if "oneOf" in schema:
        results = [check(instance, sub, path) for sub in schema["oneOf"]]
        passing = sum(1 for r in results if not r)
        return [] if passing == 1 else [f"{path}: {passing} variantes de oneOf conviennent au lieu d'une"]
    errors = [e for sub in schema.get("allOf", ()) for e in check(instance, sub, path)]
    types = schema.get("type")
    if types is not None:
        allowed = types if isinstance(types, list) else [types]
        ok = any(isinstance(instance, TYPES[t]) and not (t in ("integer", "number") and isinstance(instance, bool))
                 for t in allowed)
        if not ok:
            return errors + [f"{path}: {type(instance).__name__} au lieu de {allowed}"]
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
    source = {"id": "site", "titre": "Site", "editeur": None, "url": "https://x", "date": None,
              "consulte_le": "2026-12-01"}
    assert check(source, schema) == []
    assert check({**source, "url": 3}, schema) and check({k: v for k, v in source.items() if k != "id"}, schema)
    # allOf: a contact is a channel plus the id of its source; both parts are checked.
    channel = {k: None for k in ("libelle", "telephone", "email", "formulaire", "page_contact", "adresse")}
    contact = {"$ref": "#/components/schemas/Contact"}
    assert check({**channel, "source": "site"}, contact) == []
    assert check(channel, contact) == ["$: source manquant"]
    assert check({**channel, "telephone": 243, "source": "site"}, contact)
    # oneOf: exactly one variant (the fallback is a recommendation, or null).
    nullable = {"oneOf": [{"type": "string"}, {"type": "null"}]}
    assert check(None, nullable) == [] and check("x", nullable) == [] and check(3, nullable)


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
        assert record["sources"] and "mise_a_jour" in record
        # Every id a fact cites is one of the record's sources, so a reader can follow each fact.
        ids = {s["id"] for s in record["sources"]}
        assert set(record["faits_sources"]) <= ids and record["faits_sources"], record["slug"]
        assert all(c["source"] in ids for c in record["contacts"]), record["slug"]
        assert all(o["sources"] and set(o["sources"]) <= ids for o in record["offres"]), record["slug"]
        # The record's date is the newest of its sources' own dates (else when they were consulted).
        dates = [s["date"] for s in record["sources"] if s["date"]] or [s["consulte_le"] for s in record["sources"]]
        assert record["mise_a_jour"] in dates


def test_records_carry_no_internal_note(client, internal_notes):
    """Confidence, what to check, leads, doubts on an offer, mirror copies: back-office only."""
    body = client.get("/api/v1/structures").get_json()
    assert {r["slug"] for r in body["structures"]} == set(internal_notes)
    for record in body["structures"]:
        dumped = json.dumps(record, ensure_ascii=False)
        assert '"interne"' not in dumped and '"copie_consultee"' not in dumped and '"confiance"' not in dumped
        for note in internal_notes[record["slug"]]:
            assert note not in dumped, (record["slug"], note[:60])
    csv_text = client.get("/api/v1/structures.csv").get_data(as_text=True)
    assert not [note for notes in internal_notes.values() for note in notes if note in csv_text]


def test_one_structure_and_its_404(client):
    body = client.get("/api/v1/structures/caue-53").get_json()
    assert check(body, response_schema("/structures/{slug}")) == []
    assert body["slug"] == "caue-53" and body["offres"] and body["mise_a_jour"]
    assert body["niveau"] == "departemental" and body["url"] == "http://localhost/structures/caue-53"
    assert {o["role"] for o in body["offres"]} <= set(DOCUMENT["components"]["schemas"]["Offre"]["properties"]
                                                      ["role"]["enum"])
    missing = client.get("/api/v1/structures/nexiste-pas")
    assert missing.status_code == 404 and missing.headers["Access-Control-Allow-Origin"] == "*"
    assert check(missing.get_json(), response_schema("/structures/{slug}", "404")) == []
    assert missing.get_json()["erreur"]["parametre"] == "slug"


def test_a_former_slug_redirects_to_the_merged_structure(client, data_records):
    merged = [(old, r["slug"]) for r in data_records["structures"] for old in r.get("anciens_slugs") or ()]
    assert ("atd-eau-53", "cd53") in merged
    for old, new in merged:
        response = client.get(f"/api/v1/structures/{old}")
        assert response.status_code == 301 and response.headers["Location"] == f"/api/v1/structures/{new}"
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert client.get(response.headers["Location"]).get_json()["slug"] == new


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
    # The matrix counts the structures with an offer on one of the thématiques there: the same filter
    # with every thématique (an offer on no particular subject — a funder, a referent — is not a column).
    themes = [t["slug"] for t in client.get("/api/v1/thematiques").get_json()["thematiques"]]
    on_a_theme = client.get("/api/v1/structures", query_string={"territoire": "200055887", "thematique": themes})
    counted = {r["slug"] for r in on_a_theme.get_json()["structures"]}
    assert counted <= api and counted
    fragment = client.get("/cartographie?territoire=200055887", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert f"<p>{len(counted)} structures propose" in fragment


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
    assert rows
    for row, record in zip(rows, records, strict=True):
        assert row["nom"] == record["nom"] and row["mise_a_jour"] == (record["mise_a_jour"] or "")
        assert row["niveau"] == record["niveau"] and row["url"] == record["url"]
        themes = {t for o in record["offres"] for t in o["thematiques"]}
        assert set(row["thematiques"].split(" | ")) == themes
        # A source is named by its official address, or by its title when it is a document without one.
        assert set(row["sources"].split(" | ")) == {s["url"] or s["titre"] for s in record["sources"]}
        assert split(row["telephones"]) == {c["telephone"] for c in record["contacts"] if c["telephone"]}
        assert split(row["emails"]) == {c["email"] for c in record["contacts"] if c["email"]}
        assert [t for t in row["offres"].split(" | ")] == [o["titre"] for o in record["offres"]]
        assert (row["sigle"] or None) == record["sigle"]


def split(cell: str) -> set[str]:
    return set(cell.split(" | ")) if cell else set()


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://evil.example\")", "+33 2 43", "-1+1", "@SUM(A1)",
                                   "\tcmd"])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(app, client, value):
    """A name starting with a formula character comes out as text (leading apostrophe), JSON unchanged."""
    with app.app_context():
        session = get_session()
        structure = session.scalars(select(Structure).where(Structure.slug == "caue-53")).one()
        structure.nom = value
        structure.sigle = value
        session.commit()
    assert client.get("/api/v1/structures/caue-53").get_json()["nom"] == value
    for option, separator in (("", ","), ("separateur=point-virgule", ";")):
        rows, _ = parse_csv(client.get(f"/api/v1/structures.csv?{option}"), separator)
        row = next(r for r in rows if r["slug"] == "caue-53")
        assert row["nom"] == row["sigle"] == "'" + value
    # Ordinary values are not touched.
    rows, _ = parse_csv(client.get("/api/v1/structures.csv"), ",")
    assert all(not r["nom"].startswith("'") for r in rows if r["slug"] != "caue-53")


def test_enquete_json_and_csv_agree(client, app):
    body = client.get("/api/v1/enquete").get_json()
    assert check(body, response_schema("/enquete")) == []
    assert body["connaissance"] and body["besoins"] and "Licence Ouverte" in body["licence"]
    # The survey names structures of the directory (or nothing) and thématiques of the nomenclature.
    slugs = {r["slug"] for r in client.get("/api/v1/structures").get_json()["structures"]}
    assert {r["structure"] for r in body["connaissance"] if r["structure"]} <= slugs
    assert {r["thematique"] for r in body["besoins"]} <= set(app.extensions["taxonomy"].terms("thematiques"))
    for option, separator in (("", ","), ("?separateur=point-virgule", ";")):
        rows, _ = parse_csv(client.get(f"/api/v1/enquete.csv{option}"), separator)
        expected = ([("connaissance", r["libelle"], r["structure"] or "", r) for r in body["connaissance"]]
                    + [("besoins", r["libelle"], r["thematique"], r) for r in body["besoins"]])
        assert [(r["partie"], r["libelle"], r["slug"]) for r in rows] == [e[:3] for e in expected]
        for row, (*_, rate) in zip(rows, expected, strict=True):
            for key in ("panel", "communes_1000", "maires"):
                assert row[key] == ("" if rate[key] is None else str(rate[key]))
            assert row["note"] == (rate["note"] or "")
    assert client.get("/api/v1/enquete.csv?separateur=tab").status_code == 400


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
    html = client.get("/donnees").get_data(as_text=True).replace("\xa0", " ")
    assert "Licence Ouverte 2.0" in html and "/api/v1/structures?thematique=urbanisme" in html
    for path, item in DOCUMENT["paths"].items():
        assert f"GET /api/v1{path}</code></th><td>{item['get']['summary']}".replace("'", "&#39;") in html
