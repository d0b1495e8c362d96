"""Scoring and selection: filters, EPCI bonus, fallback, rules, determinism."""
from __future__ import annotations

import dataclasses

import pytest

from wizard.recommender import Catalog, OffreCard, StructureCard, recommend


def shortlist(catalog, rules, demande, territories=None):
    return [(r.structure.slug, r.score) for r in recommend(catalog, rules, demande, territories)]


def test_small_commune_calls_its_competent_epci_first(catalog, rules, demande, territories):
    d = demande(type_collectivite="commune", commune="53134", thematique="voirie", besoin="technique",
                stade="etudes", profil="elu")
    # 10 thématique + 4 spécialisation + 6 besoin + 3 stade + 1 public + 2 population + 4 EPCI + 1 gratuit
    # + 8 compétence = 39 ; te53 10+2+6+3+1+1 = 23 ; cerema 10+1+6+3+1+1-1 = 21 ; DDT as fallback.
    assert shortlist(catalog, rules, d, territories) == [
        ("epci-coevrons", 39.0), ("te53", 23.0), ("cerema", 21.0), ("ddt-53", 0.0)]


def test_population_ceiling_excludes_larger_communes(catalog, rules, demande):
    d = demande(type_collectivite="commune", commune="53097", thematique="voirie", besoin="technique")
    assert "epci-coevrons" not in [s for s, _ in shortlist(catalog, rules, d)]


def test_population_ceiling_does_not_apply_to_an_epci(catalog, rules, demande):
    d = demande(type_collectivite="epci", epci="200033298", thematique="voirie")
    # The EPCI's own offer is for communes (publics), so the EPCI is excluded by audience, not ceiling.
    slugs = [s for s, _ in shortlist(catalog, rules, d)]
    assert slugs[:2] == ["te53", "cerema"] and "epci-coevrons" not in slugs


@pytest.mark.parametrize("commune, present, absent", [
    ("53130", {"caue-53", "lma"}, {"caue-72", "epci-coevrons"}),
    ("53134", {"caue-53", "epci-coevrons"}, {"caue-72", "lma"}),
    ("72181", {"caue-72"}, {"caue-53", "lma", "epci-coevrons"}),
])
def test_territory_not_covering_the_commune_is_excluded(catalog, rules, demande, commune, present, absent):
    d = demande(type_collectivite="commune", commune=commune, thematique="architecture-batiment")
    slugs = {s for s, _ in shortlist(catalog, rules, d)}
    assert present <= slugs and not (absent & slugs)


def test_fallback_outside_its_territory_is_not_added_when_others_answer(catalog, rules, demande):
    d = demande(type_collectivite="commune", commune="72181", thematique="architecture-batiment")
    assert [s for s, _ in shortlist(catalog, rules, d)] == ["caue-72"]


@pytest.mark.parametrize("kind, expected", [("commune", False), ("syndicat", True)])
def test_audience_excludes_other_types(catalog, rules, demande, kind, expected):
    d = demande(type_collectivite=kind, thematique="eau", besoin="technique")
    assert ("syndicat-eau-test" in [s for s, _ in shortlist(catalog, rules, d)]) is expected


def test_thematique_is_required(catalog, rules, demande):
    d = demande(type_collectivite="commune", commune="53134", thematique="tourisme", besoin="technique",
                stade="etudes")
    results = recommend(catalog, rules, d)
    assert [r.structure.slug for r in results] == ["ddt-53"]
    assert results[0].repli and results[0].raisons[0] == "Référent de l'État pour l'ingénierie en Mayenne."


def test_always_at_least_one_result_even_outside_the_fallback_territory(catalog, rules, demande):
    d = demande(type_collectivite="commune", commune="72181", thematique="sante")
    assert [r.structure.slug for r in recommend(catalog, rules, d)] == ["ddt-53"]


def test_a_structure_appears_once_with_its_offers_merged(catalog, rules, demande):
    d = demande(type_collectivite="commune", commune="53134", thematique=["voirie", "architecture-batiment"],
                besoin="technique", stade="etudes")
    results = recommend(catalog, rules, d)
    slugs = [r.structure.slug for r in results]
    assert len(slugs) == len(set(slugs))
    epci = results[0]
    assert epci.structure.slug == "epci-coevrons"
    assert [o.slug for o in epci.offres_retenues] == ["voirie-petites-communes", "service-batiments"]
    # Best offer 39, plus 3 for the second chosen thématique covered by its other offer.
    assert epci.score == 42.0


def test_rule_adds_a_structure_without_a_matching_offer(catalog, rules, demande):
    d = demande(type_collectivite="commune", commune="53130", thematique="architecture-batiment",
                besoin="financiere", stade="conception", profil="elu")
    results = recommend(catalog, rules, d)
    assert [(r.structure.slug, r.score) for r in results] == [
        ("lma", 21.0), ("prefecture-53", 18.0), ("caue-53", 13.33), ("ddt-53", 0.0)]
    prefecture = results[1]
    assert "La préfecture instruit les dotations d'investissement de l'État (DETR, DSIL)." in prefecture.raisons
    assert [o.slug for o in prefecture.offres_retenues] == ["dotations"]


@pytest.mark.parametrize("profil, score", [("agent", 32.0), ("elu", 26.0)])
def test_rule_bonus_depends_on_the_answers(catalog, rules, demande, profil, score):
    d = demande(type_collectivite="commune", commune="53134", thematique="education-formation",
                besoin="formation", stade="gestion", profil=profil)
    assert shortlist(catalog, rules, d)[0] == ("cnfpt", score)


def test_deterministic_and_independent_of_input_order(catalog, rules, demande):
    d = demande(type_collectivite="commune", commune="53134", thematique=["voirie", "urbanisme"])
    first = shortlist(catalog, rules, d)
    assert all(shortlist(catalog, rules, d) == first for _ in range(5))
    reversed_catalog = Catalog(reversed(catalog.structures))
    assert shortlist(reversed_catalog, rules, d) == first


def _structure(slug: str, **offer) -> StructureCard:
    defaults = dict(slug="o", titre="Offre", thematiques=frozenset({"voirie"}), departements=frozenset({"53"}))
    return StructureCard(slug=slug, nom=slug.upper(), categorie="association",
                         offres=(OffreCard(**{**defaults, **offer}),))


def test_ties_are_broken_by_slug(rules, demande):
    catalog = Catalog([_structure(s) for s in ("zeta", "alpha", "mu", "ddt-53")])
    d = demande(type_collectivite="commune", commune="53134", thematique="voirie")
    assert [s for s, _ in shortlist(catalog, rules, d)] == ["alpha", "ddt-53", "mu", "zeta"]


def test_shortlist_is_capped_and_keeps_the_fallback_last(rules, demande):
    catalog = Catalog([_structure(f"s{i:02d}", besoins=frozenset({"technique"})) for i in range(10)]
                      + [_structure("ddt-53", thematiques=frozenset({"urbanisme"}))])
    d = demande(type_collectivite="commune", commune="53134", thematique="voirie", besoin="technique")
    slugs = [s for s, _ in shortlist(catalog, rules, d)]
    assert slugs == ["s00", "s01", "s02", "s03", "s04", "ddt-53"]


def test_relative_threshold_cuts_weak_matches_past_the_minimum(rules, demande):
    strong = dict(besoins=frozenset({"technique"}), stades=frozenset({"etudes"}), cout="gratuit")
    weak = dict(thematiques=frozenset({"voirie", "eau", "sante", "dechets"}), cout="payant")
    catalog = Catalog([_structure("a", **strong), _structure("b", **strong), _structure("c", **strong),
                       _structure("d", **strong), _structure("weak", **weak)])
    d = demande(type_collectivite="commune", commune="53134", thematique="voirie", besoin="technique",
                stade="etudes")
    # 10+4+6+3+1+1 = 25 for a–d; weak scores 10+1+1-1 = 11 < 0.5 × 25.
    assert [s for s, _ in shortlist(catalog, rules, d)] == ["a", "b", "c", "d"]
    below_minimum = Catalog([_structure("a", **strong), _structure("weak", **weak)])
    assert [s for s, _ in shortlist(below_minimum, rules, d)] == ["a", "weak"]


def test_fallback_can_be_declared_only_below_the_minimum(catalog, rules, demande):
    lenient = dataclasses.replace(rules, repli_toujours=False)
    d = demande(type_collectivite="commune", commune="53134", thematique="voirie")
    assert "ddt-53" not in [s for s, _ in shortlist(catalog, lenient, d)]  # 3 found: min reached
    d = demande(type_collectivite="commune", commune="53134", thematique="architecture-batiment")
    assert [s for s, _ in shortlist(catalog, lenient, d)] == ["epci-coevrons", "caue-53", "ddt-53"]
