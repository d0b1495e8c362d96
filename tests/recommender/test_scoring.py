"""Scoring and selection on the fixture catalogue: filters, hand-checked scores, ties, cut-offs,
determinism. Weights are those of fixtures/regles/recommandations.yaml:

thématique 10 (+3 per extra one), spécialisation 4 × share of the offer's thématiques, besoin 6,
stade 3, public 1, population 2, label 5, mots-clés 7, territoire commune 6 / epci 4 / département 1,
niveau proximité 2 / départemental 1, coût gratuit +1 / payant −1, compétence EPCI 8.
"""
from __future__ import annotations

import dataclasses
from types import MappingProxyType

import pytest

from wizard.recommender import Catalog, ContactCard, OffreCard, StructureCard, recommend


def slugs(results) -> list[str]:
    return [r.structure.slug for r in results]


def scored(results) -> list[tuple[str, float]]:
    return [(r.structure.slug, r.score) for r in results]


def test_small_commune_voirie_scores_by_hand(shortlist):
    results = shortlist(type_collectivite="commune", commune="53134", thematique="voirie", besoin="technique",
                        stade="etudes", profil="elu")
    # CC des Coëvrons, "voirie-petites-communes": 10 thématique + 4 spécialisation (1/1) + 6 besoin + 3 stade
    # + 1 public + 2 population (Livet, 191 hab., under the 999 ceiling) + 2 proximité + 1 gratuit + 4 EPCI = 33.
    # Cerema: 10 + 2 (1 of its 2 thématiques) + 6 + 3 + 1 + 0 national + 0 adhésion + 1 département = 23.
    # TE53's lighting offer is narrow (no keyword in the project); only two structures: the fallback
    # comes last.
    assert scored(results) == [("epci-coevrons", 33.0), ("cerema", 23.0), ("ddt-53", 0.0)]
    assert results[-1].repli and not results[0].repli
    assert [r.rang for r in results] == [1, 2, 3]


def test_population_ceiling_excludes_larger_communes(shortlist):
    results = shortlist(type_collectivite="commune", commune="53097", thematique="voirie", besoin="technique")
    assert "epci-coevrons" not in slugs(results) and "cerema" in slugs(results)


def test_population_ceiling_does_not_apply_to_an_epci_but_its_audience_does(shortlist, catalog, rules, demande):
    d = demande(type_collectivite="epci", epci="200033298", thematique="voirie", besoin="technique")
    # The EPCI's own offer is for communes (publics), so it is excluded by audience, not by the ceiling.
    assert "epci-coevrons" not in slugs(recommend(catalog, rules, d))
    opened = Catalog([dataclasses.replace(s, offres=tuple(dataclasses.replace(o, publics=frozenset())
                                                           for o in s.offres)) for s in catalog.structures],
                     catalog.dispositifs)
    assert "epci-coevrons" in slugs(recommend(opened, rules, d))


@pytest.mark.parametrize("commune, present, absent", [
    ("53134", {"caue-53"}, {"caue-72"}),
    ("53130", {"caue-53"}, {"caue-72"}),
    ("72181", {"caue-72"}, {"caue-53"}),
])
def test_territory_not_covering_the_commune_is_excluded(shortlist, commune, present, absent):
    found = set(slugs(shortlist(type_collectivite="commune", commune=commune, thematique="architecture-batiment",
                                besoin="technique")))
    assert present <= found and not (absent & found)


def test_an_epci_offer_serves_only_its_member_communes(shortlist):
    livet = shortlist(type_collectivite="commune", commune="53134", thematique="dechets", besoin="technique")
    laval = shortlist(type_collectivite="commune", commune="53130", thematique="dechets", besoin="technique")
    assert slugs(livet)[0] == "epci-coevrons" and "epci-coevrons" not in slugs(laval)


@pytest.mark.parametrize("kind, expected", [("commune", True), ("syndicat", False)])
def test_audience_excludes_other_types(shortlist, kind, expected):
    # The AMF's legal advice is for communes and EPCI, the DDT's water police also for syndicats.
    found = slugs(shortlist(type_collectivite=kind, thematique="eau", besoin="juridique", stade="etudes"))
    assert ("amf53" in found) is expected and found[0] == "ddt-53"


def test_profile_filters_trainings(shortlist):
    agent = shortlist(type_collectivite="commune", commune="53134", thematique="urbanisme", besoin="formation",
                      stade="gestion", profil="agent")
    elu = shortlist(type_collectivite="commune", commune="53134", thematique="urbanisme", besoin="formation",
                    stade="gestion", profil="elu")
    # CAUE's "rendez-vous" (élus and agents): 10 + 4 + 6 besoin + 0 stade + 1 + 1 départemental + 1 gratuit
    # + 1 département + 5 role formation = 29. CNFPT (agents only, any subject): 6 + 3 stade + 1 + 0 régional
    # + 0 coût + 1 + 5 role + 6 rule "formation-agents" = 22.
    assert scored(agent)[:2] == [("caue-53", 29.0), ("cnfpt", 22.0)]
    assert "cnfpt" not in slugs(elu) and slugs(elu)[0] == "caue-53"
    # An animator exploring for élus and agents: no training is hidden from them.
    animateur = shortlist(type_collectivite="commune", commune="53134", thematique="urbanisme",
                          besoin="formation", stade="gestion", profil="animateur")
    assert {"caue-53", "cnfpt"} <= set(slugs(animateur))


def test_label_reserved_offer_only_for_labelled_communes(shortlist):
    evron = shortlist(type_collectivite="commune", commune="53097", thematique="amenagement-foncier",
                      besoin="accompagnement", stade="etudes")
    livet = shortlist(type_collectivite="commune", commune="53134", thematique="amenagement-foncier",
                      besoin="accompagnement", stade="etudes")
    # ANCT "pvd": 10 + 2 (1 of 2) + 6 + 3 + 1 + 5 label + 0 national + 1 gratuit + 1 département = 29.
    assert scored(evron)[0] == ("anct", 29.0)
    assert "anct" not in slugs(livet)


def test_thematique_is_required(shortlist):
    results = shortlist(type_collectivite="commune", commune="53134", thematique="tourisme", besoin="technique",
                        stade="etudes")
    assert slugs(results) == ["ddt-53"]
    assert results[0].repli and results[0].raisons[0].origine == "repli"
    assert results[0].textes == ("Référent de l'État pour l'ingénierie en Mayenne.",)


def test_always_at_least_one_result_even_outside_the_fallback_territory(shortlist):
    assert slugs(shortlist(type_collectivite="commune", commune="72181", thematique="sante")) == ["ddt-53"]


def test_a_structure_appears_once_with_its_offers_merged(shortlist):
    results = shortlist(type_collectivite="commune", commune="53134", thematique=["voirie", "transition-energetique"],
                        besoin="technique", stade="etudes", projet="Remplacer les lampadaires du bourg")
    assert len(slugs(results)) == len(set(slugs(results)))
    te53 = next(r for r in results if r.structure.slug == "te53")
    # Its best offer scores alone: "eclairage" 10 + 3 (second thématique) + 4 (2 of 2) + 6 + 3 + 1
    # + 1 départemental + 0 inconnu + 1 département + 7 mots-clés = 36; "energie" (same besoin) is kept beside it.
    assert [o.slug for o in te53.offres_retenues] == ["eclairage", "energie"]
    assert te53.score == 36.0 and te53.rang == 1


def test_rule_adds_a_structure_without_a_matching_offer(rules, demande):
    catalog = Catalog([
        StructureCard(slug="prefecture-53", nom="Préfecture", categorie="etat", offres=(
            OffreCard(slug="legalite", titre="Légalité", thematiques=frozenset(), role="recours",
                      besoins=frozenset({"juridique"}), departements=frozenset({"53"})),)),
        StructureCard(slug="cnfpt", nom="CNFPT", categorie="autre", offres=(
            OffreCard(slug="f", titre="F", thematiques=frozenset({"eau"}), role="formation",
                      besoins=frozenset({"formation"}), departements=frozenset({"53"})),)),
        StructureCard(slug="bureau", nom="Bureau", categorie="association", offres=(
            OffreCard(slug="b", titre="B", thematiques=frozenset({"voirie"}), besoins=frozenset({"financiere"}),
                      departements=frozenset({"53"})),)),
    ])
    d = demande(type_collectivite="commune", commune="53134", thematique="voirie", besoin="financiere")
    results = recommend(catalog, rules, d)
    # bureau: 10 + 4 + 6 + 1 départemental + 1 département = 22; the préfecture, added by "dotations-etat"
    # (ajouter), is scored like one thématique match plus the rule's points: 10 + 8 = 18.
    assert scored(results) == [("bureau", 22.0), ("prefecture-53", 18.0)]
    prefecture = results[1]
    assert [o.slug for o in prefecture.offres_retenues] == ["legalite"]
    assert ("La préfecture instruit les dotations d'investissement de l'État (DETR, DSIL).", "regle:dotations-etat") \
        in [(r.texte, r.origine) for r in prefecture.raisons]
    # "formation-agents" does not add: the CNFPT appears only with an offer that answers.
    d = demande(type_collectivite="commune", commune="53134", thematique="voirie", besoin="formation", profil="agent")
    assert "cnfpt" not in slugs(recommend(catalog, rules, d))


def test_rule_bonus_depends_on_the_answers(shortlist):
    common = dict(type_collectivite="commune", commune="53134", thematique="voirie", stade="conception")
    financiere = shortlist(besoin="financiere", **common)
    # Préfecture "dotations" (financement, any subject): 6 + 3 + 1 + 1 + 1 + 1 + 4 role = 17, + 8 rule = 25.
    assert scored(financiere)[0] == ("prefecture-53", 25.0)
    assert financiere[0].motif == "À appeler en premier : elle instruit les aides de ce type."
    assert "prefecture-53" not in slugs(shortlist(besoin="technique", **common))


def test_deterministic_and_independent_of_input_order(shortlist, catalog, rules, demande, territories):
    answers = dict(type_collectivite="commune", commune="53134", thematique=["voirie", "urbanisme"],
                   besoin="accompagnement")
    first = [(r.structure.slug, r.score, r.textes, r.motif) for r in shortlist(**answers)]
    assert all([(r.structure.slug, r.score, r.textes, r.motif) for r in shortlist(**answers)] == first
               for _ in range(3))
    reversed_catalog = Catalog(reversed(catalog.structures), reversed(catalog.dispositifs))
    again = recommend(reversed_catalog, rules, demande(**answers), territories)
    assert [(r.structure.slug, r.score, r.textes, r.motif) for r in again] == first


def test_new_rules_over_a_used_catalog_score_as_over_a_fresh_one(catalog, rules, demande, territories):
    # A catalog outlives a reload of the YAML weights (it is rebuilt only when the data change): new rules
    # over the same catalog must score as they would over a catalog never used before.
    heavier = dataclasses.replace(rules, weights=dataclasses.replace(rules.weights, besoin=rules.weights.besoin + 5,
                                                                     stade=rules.weights.stade + 2))
    asked = demande(type_collectivite="commune", commune="53134", thematique="voirie", besoin="technique",
                    stade="etudes", profil="elu")
    shared = Catalog(catalog.structures, catalog.dispositifs)
    before = scored(recommend(shared, rules, asked, territories))
    after = scored(recommend(shared, heavier, asked, territories))
    assert after != before
    assert after == scored(recommend(Catalog(catalog.structures, catalog.dispositifs), heavier, asked, territories))
    assert scored(recommend(shared, rules, asked, territories)) == before


def _structure(slug: str, niveau: str = "departemental", contacts=(), **offer) -> StructureCard:
    defaults = dict(slug="o", titre="Offre", thematiques=frozenset({"voirie"}), departements=frozenset({"53"}))
    return StructureCard(slug=slug, nom=slug.upper(), categorie="association", niveau=niveau, contacts=contacts,
                         offres=(OffreCard(**{**defaults, **offer}),))


def test_ties_go_to_the_nearest_level_then_by_slug(rules, demande):
    flat = dataclasses.replace(rules, weights=dataclasses.replace(
        rules.weights, niveau=MappingProxyType(dict.fromkeys(rules.weights.niveau, 0))))
    catalog = Catalog([_structure("alpha", "national"), _structure("zeta", "proximite"), _structure("mu"),
                       _structure("beta"), _structure("nu", "regional")])
    d = demande(type_collectivite="commune", commune="53134", thematique="voirie")
    results = recommend(catalog, flat, d)
    assert scored(results) == [("zeta", 15.0), ("beta", 15.0), ("mu", 15.0), ("nu", 15.0), ("alpha", 15.0)]


def test_shortlist_is_capped_and_keeps_the_fallback_last_when_no_one_is_reachable(rules, demande):
    many = [_structure(f"s{i:02d}", besoins=frozenset({"technique"})) for i in range(10)]
    ddt = _structure("ddt-53", thematiques=frozenset({"urbanisme"}))
    d = demande(type_collectivite="commune", commune="53134", thematique="voirie", besoin="technique")
    # The fallback is offered apart, after the capped list: it takes no specialist's place.
    found = recommend(Catalog(many + [ddt]), rules, d)
    assert slugs(found) == ["s00", "s01", "s02", "s03", "s04", "s05", "ddt-53"]
    assert [r.repli for r in found] == [False] * 6 + [True]
    reachable = [dataclasses.replace(many[0], contacts=(ContactCard("Accueil", telephone="02 43 00 00 00"),))]
    assert slugs(recommend(Catalog(reachable + many[1:] + [ddt]), rules, d)) == [
        "s00", "s01", "s02", "s03", "s04", "s05"]


def test_relative_threshold_cuts_weak_matches_past_the_minimum(rules, demande):
    strong = dict(besoins=frozenset({"technique"}), stades=frozenset({"etudes"}), cout="gratuit")
    weak = dict(thematiques=frozenset({"voirie", "eau", "sante", "dechets"}), cout="payant")
    d = demande(type_collectivite="commune", commune="53134", thematique="voirie", besoin="technique",
                stade="etudes")
    catalog = Catalog([_structure(s, **strong) for s in "abcd"] + [_structure("weak", **weak)])
    # a–d: 10 + 4 + 6 + 3 + 1 départemental + 1 gratuit + 1 département = 26; weak: 10 + 1 + 1 − 1 + 1 = 12 < 13.
    assert scored(recommend(catalog, rules, d)) == [("a", 26.0), ("b", 26.0), ("c", 26.0), ("d", 26.0)]
    below_minimum = Catalog([_structure("a", **strong), _structure("weak", **weak)])
    assert scored(recommend(below_minimum, rules, d)) == [("a", 26.0), ("weak", 12.0)]
