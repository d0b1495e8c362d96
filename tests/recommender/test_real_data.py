"""The real data/structures.yaml with the real rules: obvious Mayenne scenarios (skipped if absent)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from wizard.parcours_engine import InMemoryTerritories, compile_parcours
from wizard.recommender import (
    check_rules_catalog,
    compile_rules,
    demande_from_answers,
    load_catalog,
    recommend,
)
from wizard.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
pytestmark = pytest.mark.skipif(
    not (DATA / "structures.yaml").exists() or not (DATA / "taxonomie.yaml").exists(),
    reason="data/structures.yaml (or data/taxonomie.yaml) not written yet")


@pytest.fixture(scope="module")
def real():
    """Real taxonomy, parcours, rules, catalog and Mayenne territories."""
    taxonomy = load_taxonomy(DATA / "taxonomie.yaml")
    parcours = compile_parcours(ROOT / "parcours", taxonomy)
    rules = compile_rules(ROOT / "parcours", taxonomy, parcours)
    catalog = load_catalog(DATA / "structures.yaml")
    territories = InMemoryTerritories.from_files(DATA / "territoires" / "communes-53.json",
                                                 DATA / "territoires" / "epci-53.json")
    return rules, catalog, territories


def run(real, **answers):
    rules, catalog, territories = real
    query = {k: [v] if isinstance(v, str) else v for k, v in answers.items()}
    demande = demande_from_answers(query, territories, "53")
    return recommend(catalog, rules, demande, territories)


def test_rules_name_structures_of_the_catalog(real):
    rules, catalog, _ = real
    assert check_rules_catalog(rules, catalog) == []


def test_laval_plu_goes_first_to_laval_agglomeration(real):
    results = run(real, type_collectivite="commune", commune="53130", thematique="urbanisme", besoin="juridique",
                  stade="etudes", profil="agent")
    assert results[0].structure.slug == "epci-laval-agglo"
    assert any("Laval Agglomération" in r for r in results[0].raisons)


def test_finances_go_to_the_dgfip(real):
    results = run(real, type_collectivite="commune", commune="53134", thematique="finances-locales",
                  besoin="financiere", stade="gestion", profil="elu")
    assert results[0].structure.slug == "ddfip-53"


def test_every_mayenne_commune_gets_a_shortlist_within_its_territory(real):
    rules, catalog, territories = real
    communes = json.loads((DATA / "territoires" / "communes-53.json").read_text(encoding="utf-8"))
    by_epci = {c["epci"]: c for c in communes}  # one commune per EPCI
    for commune in by_epci.values():
        for theme in ("voirie", "architecture-batiment", "eau", "urbanisme", "sante"):
            results = run(real, type_collectivite="commune", commune=commune["code"], thematique=theme,
                          besoin="technique", stade="etudes")
            assert 1 <= len(results) <= rules.max
            assert "ddt-53" in [r.structure.slug for r in results]
            for r in results:
                assert r.raisons
                for offer in r.offres_retenues:
                    covers = (commune["code"] in offer.communes or commune["epci"] in offer.epcis
                              or "53" in offer.departements or not (offer.communes or offer.epcis
                                                                    or offer.departements))
                    assert covers, (r.structure.slug, offer.slug, commune["nom"])
                    assert not offer.publics or "commune" in offer.publics
                    assert offer.population_max is None or commune["population"] <= offer.population_max


def test_water_in_meslay_grez_goes_first_to_its_epci(real):
    results = run(real, type_collectivite="commune", commune="53030", thematique="eau", besoin="technique",
                  stade="etudes", profil="elu")
    assert results[0].structure.slug == "epci-meslay-grez"
    assert "Votre intercommunalité exerce cette compétence : c'est votre premier interlocuteur." \
        in results[0].raisons
