"""Orientation API: shapes against openapi.yaml, 400s naming the parameter, Mayenne scenarios, determinism."""
from __future__ import annotations

import pytest

from tests.api.test_opendata import check, response_schema


def get(client, query: str):
    return client.get(f"/api/v1/recommandations?{query}")


def slugs(body) -> list[str]:
    return [s["slug"] for s in body["structures"]]


def by_slug(body, slug: str) -> dict:
    return next(s for s in body["structures"] if s["slug"] == slug)


@pytest.mark.parametrize("query", [
    "thematique=urbanisme&commune=53130",
    "thematique=voirie&commune=53134&besoin=technique&type_collectivite=commune&stade=realisation&profil=elu",
    "thematique=eau&thematique=biodiversite&epci=200033298&type_collectivite=epci",
    "thematique=finances-locales&type_collectivite=syndicat&besoin=ne-sais-pas",
])
def test_recommandations_match_the_schema(client, query):
    response = get(client, query)
    assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    assert check(body, response_schema("/recommandations")) == []
    assert 1 <= body["nombre"] == len(body["structures"]) <= 6
    assert [s["rang"] for s in body["structures"]] == list(range(1, body["nombre"] + 1))
    scores = [s["score"] for s in body["structures"] if not s["repli"]]
    assert scores == sorted(scores, reverse=True)
    for s in body["structures"]:
        assert s["raisons"] and s["conditions"]
        assert s["url"] == f"http://localhost/structures/{s['slug']}"


def test_thematiques_and_communes_match_the_schema(client):
    body = client.get("/api/v1/thematiques").get_json()
    assert check(body, response_schema("/thematiques")) == []
    assert len(body["thematiques"]) == 22 and body["thematiques"][0]["slug"] == "amenagement-foncier"
    body = client.get("/api/v1/communes?q=chateau gontier").get_json()
    assert check(body, response_schema("/communes")) == []
    assert body["communes"][0] == {"code": "53062", "nom": "Château-Gontier-sur-Mayenne", "codes_postaux": ["53200"],
                                   "population": body["communes"][0]["population"], "departement": "53",
                                   "epci": "245300447", "epci_nom": "CC du Pays de Château-Gontier"}


@pytest.mark.parametrize("q,code", [("laval", "53130"), ("Evron", "53097"), ("53000", "53130"),
                                    ("st berthevin", "53201"), ("MAYENNE", "53147")])
def test_communes_search(client, q, code):
    body = client.get("/api/v1/communes", query_string={"q": q}).get_json()
    assert body["communes"][0]["code"] == code


@pytest.mark.parametrize("query,parametre", [
    ("thematique=urbanism&commune=53130", "thematique"),
    ("thematique=urbanisme&commune=72181", "commune"),
    ("thematique=urbanisme&commune=5313", "commune"),
    ("thematique=urbanisme&commune=<b>", "commune"),
    ("thematique=urbanisme&epci=123", "epci"),
    ("thematique=urbanisme&besoin=tout", "besoin"),
    ("thematique=urbanisme&besoin=technique&besoin=juridique", "besoin"),
    ("thematique=urbanisme&stade=fini", "stade"),
    ("thematique=urbanisme&profil=roi", "profil"),
    ("thematique=urbanisme&type_collectivite=region", "type_collectivite"),
    ("thematique=urbanisme&thematiques=voirie", "thematiques"),
    ("commune=53130", "thematique"),
    ("thematique=urbanisme&projet=" + "x" * 300, "projet"),
    ("thematique=" + "&thematique=".join(["voirie"] * 40), "thematique"),
])
def test_bad_values_give_a_400_naming_the_parameter(client, query, parametre):
    response = get(client, query)
    assert response.status_code == 400
    body = response.get_json()
    assert check(body, response_schema("/recommandations", "400")) == []
    assert body["erreur"]["parametre"] == parametre and body["erreur"]["message"]


@pytest.mark.parametrize("query,parametre", [("", "q"), ("q=" + "a" * 81, "q"), ("q=laval&limite=0", "limite"),
                                             ("q=laval&limite=abc", "limite")])
def test_communes_errors(client, query, parametre):
    response = client.get(f"/api/v1/communes?{query}")
    assert response.status_code == 400 and response.get_json()["erreur"]["parametre"] == parametre


def test_empty_optional_parameters_are_accepted(client):
    body = get(client, "thematique=voirie&commune=53134&besoin=&stade=&profil=").get_json()
    assert body["demande"]["besoin"] is None and body["structures"]


def test_laval_agglo_urbanisme(client):
    body = get(client, "commune=53130&thematique=urbanisme").get_json()
    assert body["demande"]["epci"] == {"code": "200083392", "nom": "CA Laval Agglomération"}
    assert slugs(body)[0] == "epci-laval-agglo"
    assert "ddt-53" in slugs(body)
    agglo = by_slug(body, "epci-laval-agglo")
    assert any("intercommunalité exerce cette compétence" in r for r in agglo["raisons"])
    assert agglo["contact"]["telephone"] and agglo["contact"]["a_completer"] is False
    assert any(o["a_preparer"] for o in agglo["offres"])
    # With the type of help, the CAUE joins the shortlist.
    body = get(client, "commune=53130&thematique=urbanisme&type_collectivite=commune&besoin=technique").get_json()
    assert {"epci-laval-agglo", "ddt-53", "caue-53"} <= set(slugs(body))


def test_small_commune_voirie_technique(client):
    body = get(client, "commune=53134&type_collectivite=commune&thematique=voirie&besoin=technique").get_json()
    assert body["demande"]["commune"]["nom"] == "Livet" and body["demande"]["commune"]["population"] < 1000
    assert "te53" in slugs(body) and slugs(body)[-1] == "ddt-53"
    assert any("voirie" in r for r in by_slug(body, "te53")["raisons"])


def test_transition_energetique_recommends_te53(client):
    body = get(client, "commune=53062&thematique=transition-energetique").get_json()
    te53 = by_slug(body, "te53")
    assert any("transition énergétique" in r for r in te53["raisons"])


def test_finances_add_the_ddfip_by_rule(client):
    body = get(client, "thematique=finances-locales&commune=53097&type_collectivite=commune").get_json()
    assert slugs(body)[0] == "ddfip-53"
    assert any("DGFiP" in r for r in by_slug(body, "ddfip-53")["raisons"])


def test_the_fallback_is_always_there(client):
    for query in ("thematique=tourisme&commune=53147", "thematique=sante&commune=53130&type_collectivite=commune",
                  "thematique=numerique&epci=245300223&type_collectivite=epci"):
        body = get(client, query).get_json()
        assert "ddt-53" in slugs(body) and by_slug(body, "ddt-53")["raisons"]


def test_deterministic_and_order_independent(client):
    a = get(client, "thematique=eau&thematique=voirie&commune=53097&besoin=technique").get_json()
    b = get(client, "besoin=technique&commune=53097&thematique=voirie&thematique=eau").get_json()
    assert a == b == get(client, "thematique=eau&thematique=voirie&commune=53097&besoin=technique").get_json()


def test_the_api_and_the_wizard_agree(client):
    answers = ("profil=elu&type_collectivite=commune&commune=53062&projet=&thematique=voirie&besoin=technique"
               "&stade=etudes")
    api = slugs(get(client, answers).get_json())
    html = client.get(f"/parcours/resultats?{answers}").get_data(as_text=True)
    positions = [html.index(f'id="structure-{slug}"') for slug in api]
    assert positions == sorted(positions) and html.count("carto-carte-orientation\"") == len(api)
