"""Orientation API: shapes against openapi.yaml, 400s naming the parameter, Mayenne scenarios, determinism."""
from __future__ import annotations

import re

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


def test_thematiques_and_communes_match_the_schema(client, app):
    body = client.get("/api/v1/thematiques").get_json()
    assert check(body, response_schema("/thematiques")) == []
    vocabulary = app.extensions["taxonomy"].terms("thematiques")
    assert [t["slug"] for t in body["thematiques"]] == list(vocabulary)
    assert body["thematiques"][0]["slug"] == "amenagement-foncier"
    assert "administration-personnel" in vocabulary  # added with the v2 data
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


@pytest.mark.parametrize("blank", [" ", "\x1d", "\x1f\x1c", "\x85", "\u3000"])
def test_a_blank_commune_query_is_refused_and_documented_as_invalid(client, blank):
    """What the route strips as blank is outside the documented pattern (the fuzzer found \\x1d)."""
    doc = client.get("/api/v1/openapi.json").get_json()
    q = next(p for p in doc["paths"]["/communes"]["get"]["parameters"] if p["name"] == "q")
    assert not re.search(q["schema"]["pattern"], blank)
    response = client.get("/api/v1/communes", query_string={"q": blank})
    assert response.status_code == 400 and response.get_json()["erreur"]["parametre"] == "q"
    assert re.search(q["schema"]["pattern"], " laval ")


def test_empty_optional_parameters_are_accepted(client):
    body = get(client, "thematique=voirie&commune=53134&besoin=&stade=&profil=").get_json()
    assert body["demande"]["besoin"] is None and body["structures"]


@pytest.mark.parametrize("blank", ["%20", "%1D", "%C2%85"])
def test_a_blank_value_is_not_an_empty_one(client, blank):
    """The documented enums list "" only: a blank value is refused with the parameter named (fuzzer: U+001D)."""
    response = get(client, f"thematique=numerique&profil={blank}")
    assert response.status_code == 400 and response.get_json()["erreur"]["parametre"] == "profil"


def test_laval_agglo_urbanisme(client):
    body = get(client, "commune=53130&thematique=urbanisme").get_json()
    assert body["demande"]["epci"] == {"code": "200083392", "nom": "CA Laval Agglomération"}
    assert slugs(body)[0] == "epci-laval-agglo"
    # The DDT brings the State's framework for the document (porter à connaissance): with three
    # structures on the subject, the State's entry point is not added.
    assert "ddt-53" in slugs(body) and by_slug(body, "ddt-53")["offres"][0]["slug"] == "documents-urbanisme"
    assert body["repli"] is None and "prefecture-53" not in slugs(body)
    assert body["nombre"] == len(body["structures"]) == 3
    agglo = by_slug(body, "epci-laval-agglo")
    assert any("intercommunalité exerce cette compétence" in r for r in agglo["raisons"])
    assert agglo["contact"]["telephone"] and agglo["contact"]["a_completer"] is False
    assert any(o["a_preparer"] for o in agglo["offres"])
    # With the type of help, the CAUE joins the shortlist.
    body = get(client, "commune=53130&thematique=urbanisme&type_collectivite=commune&besoin=technique").get_json()
    assert {"epci-laval-agglo", "caue-53"} <= set(slugs(body))


def test_small_commune_voirie_technique(client):
    query = "commune=53134&type_collectivite=commune&thematique=voirie&besoin=technique"
    body = get(client, query).get_json()
    assert body["demande"]["commune"]["nom"] == "Livet" and body["demande"]["commune"]["population"] < 1000
    # Public lighting is a narrow offer within voirie: TE 53 comes only when the project names it.
    assert "te53" not in slugs(body)
    body = get(client, query + "&projet=rénover l'éclairage public du bourg").get_json()
    assert slugs(body)[0] == "te53"
    te53 = by_slug(body, "te53")
    assert [o["slug"] for o in te53["offres"]] == ["eclairage-public"]
    assert any("voirie" in r for r in te53["raisons"]) and te53["motif"].startswith("À appeler en premier")
    # The short list gets the State's entry point apart, said as such, with its verified channel.
    repli = body["repli"]
    assert repli["slug"] == "prefecture-53" and "si aucune de ces structures ne convient" in repli["motif"]
    assert repli["contact"]["telephone"] and [o["slug"] for o in repli["offres"]] == ["porte-entree-anct"]


def test_transition_energetique_recommends_te53(client):
    body = get(client, "commune=53062&thematique=transition-energetique").get_json()
    te53 = by_slug(body, "te53")
    assert any("transition énergétique" in r for r in te53["raisons"])


def test_finances_add_the_ddfip_by_rule(client):
    body = get(client, "thematique=finances-locales&commune=53097&type_collectivite=commune").get_json()
    assert slugs(body)[0] == "ddfip-53"
    assert any("DGFiP" in r for r in by_slug(body, "ddfip-53")["raisons"])


def test_a_reachable_contact_is_always_offered(client):
    for query in ("thematique=tourisme&commune=53147", "thematique=sante&commune=53130&type_collectivite=commune",
                  "thematique=numerique&epci=245300223&type_collectivite=epci"):
        body = get(client, query).get_json()
        offered = body["structures"] + ([body["repli"]] if body["repli"] else [])
        assert offered and any(s["contacts"] for s in offered), query
        assert all(s["raisons"] for s in offered)


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


REACHABLE = ("telephone", "email", "formulaire", "page_contact")


def published_contacts(client, slug: str) -> list[dict]:
    """The structure's contacts a maire can act on (a phone, an e-mail, a form or a contact page), as the
    open data publishes them (sourced channels only), without the source."""
    return [{k: v for k, v in c.items() if k != "source"}
            for c in client.get(f"/api/v1/structures/{slug}").get_json()["contacts"] if any(c[k] for k in REACHABLE)]


@pytest.mark.parametrize("query", [
    "thematique=urbanisme&commune=53130&type_collectivite=commune&besoin=technique",
    "thematique=urbanisme&commune=53130&type_collectivite=commune&besoin=financiere",
    "thematique=eau&commune=53130&type_collectivite=commune",
    "thematique=administration-personnel&commune=53134&type_collectivite=commune&besoin=formation&profil=agent",
])
def test_each_structure_has_a_motif_reasons_and_a_way_to_reach_it(client, app, query):
    body = get(client, query).get_json()
    repli = app.extensions["recommandations"].repli
    for s in body["structures"]:
        assert s["motif"] and all(isinstance(r, str) and r for r in s["raisons"]), s["slug"]
        assert s["motif"].startswith("À appeler en premier") == (s["rang"] == 1 and not s["repli"]), s["slug"]
        # The channels are the structure's published (sourced) ones; the card's contact is the first.
        assert s["contacts"] == published_contacts(client, s["slug"]), s["slug"]
        channels = {k: s["contact"][k] for k in ("libelle", "telephone", "email", "formulaire", "page_contact",
                                                  "adresse")}
        assert s["contact"]["a_completer"] is (not s["contacts"])
        if s["contacts"]:
            assert channels == s["contacts"][0] and s["contact"]["repli"] is None
        else:
            # No verified channel: the fallback structure that has one is given instead, with its channel.
            via = s["contact"]["repli"]
            assert all(v is None for v in channels.values())
            assert via["slug"] in repli and via["url"] == f"http://localhost/structures/{via['slug']}"
            assert via["contact"] in published_contacts(client, via["slug"])
            assert any(via["contact"][k] for k in REACHABLE)


def test_financements_apply_the_population_rules(client):
    dispositifs = {d["slug"]: d for d in client.get("/api/v1/dispositifs").get_json()["dispositifs"]}
    detr = dispositifs["detr"]["eligibilite"]
    populations = {code: client.get(f"/api/v1/communes?q={code}").get_json()["communes"][0]["population"]
                   for code in ("53134", "53062", "53130")}  # Livet, Château-Gontier-sur-Mayenne, Laval
    assert populations["53134"] <= detr["population_sous_condition"] < populations["53062"] \
        <= detr["population_max"] < populations["53130"]

    def financement(code: str, slug: str) -> dict | None:
        body = get(client, f"thematique=voirie&commune={code}&type_collectivite=commune&besoin=financiere")
        body = body.get_json()
        assert check(body, response_schema("/recommandations")) == []
        for f in body["financements"]:
            assert dispositifs[f["slug"]]["financement"] is True
            assert f["url"] == f"http://localhost/dispositifs#dispositif-{f['slug']}"
        return next((f for f in body["financements"] if f["slug"] == slug), None)

    assert financement("53134", "detr")["eligible"] is True
    under_condition = financement("53062", "detr")
    assert under_condition["eligible"] is False and under_condition["eligibilite"].startswith("Vérifiez")
    assert financement("53130", "detr") is None


def test_cantine_project_gets_the_food_projects_of_its_area(client):
    query = "commune=53026&type_collectivite=commune&thematique=agriculture-alimentation&besoin=accompagnement"
    body = get(client, query + "&projet=des produits locaux à la cantine").get_json()
    # Beaulieu-sur-Oudon is in Laval Agglomération: its food project, and the Département's help to canteens.
    assert {"epci-laval-agglo", "cd53", "chambre-agriculture-53"} <= set(slugs(body))
    assert [o["slug"] for o in by_slug(body, "epci-laval-agglo")["offres"]] == ["projet-alimentaire-territorial"]
    assert not {"gal-haute-mayenne", "gal-sud-mayenne"} & set(slugs(body))  # not their area
    # The Département's offer is about canteens only: a farming project without the word does not get it.
    body = get(client, query + "&projet=aider une installation agricole").get_json()
    assert "cd53" not in slugs(body) and "chambre-agriculture-53" in slugs(body)


def test_school_questions_reach_the_education_services_and_the_caue(client):
    body = get(client, "commune=53134&type_collectivite=commune&thematique=education-formation"
                       "&besoin=accompagnement&stade=emergence").get_json()
    assert slugs(body)[0] == "dsden-53"
    assert [o["slug"] for o in by_slug(body, "dsden-53")["offres"]] == ["offre-scolaire-proximite"]
    # A school syndicate renovating its building: the law puts the CAUE at the disposal of every
    # public administration, syndicates included.
    body = get(client, "type_collectivite=syndicat&thematique=architecture-batiment&besoin=technique").get_json()
    assert "caue-53" in slugs(body)


def test_narrow_digital_offers_need_the_project_to_name_them(client):
    query = "epci=200055887&type_collectivite=epci&thematique=numerique&besoin=donnees"
    assert "te53" not in slugs(get(client, query).get_json())
    body = get(client, query + "&projet=un SIG intercommunal").get_json()
    assert [o["slug"] for o in by_slug(body, "te53")["offres"]] == ["pcrs"]
    query = "commune=53257&type_collectivite=commune&thematique=numerique&besoin=technique"
    assert "cdg-53" not in slugs(get(client, query + "&projet=refaire le site internet").get_json())
    assert "cdg-53" in slugs(get(client, query + "&projet=passer à la signature électronique").get_json())
