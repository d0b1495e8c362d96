"""French reasons and conditions generated from what matched."""
from __future__ import annotations

import pytest

from wizard.recommender import OffreCard, StructureCard, recommend
from wizard.recommender.reasons import (
    conditions,
    de,
    epci_article,
    explain,
    joined,
    population_phrase,
)

NBSP = "\u00a0"


@pytest.mark.parametrize("nom, expected", [
    ("Évron", "d'Évron"), ("Laval", "de Laval"), ("Le Bignon-du-Maine", "du Bignon-du-Maine"),
    ("Les Ulis", "des Ulis"), ("La Baconnière", "de La Baconnière"), ("la Mayenne", "de la Mayenne"),
    ("L'Huisserie", "de L'Huisserie"), ("Ahuillé", "d'Ahuillé"),
])
def test_de_contracts_and_elides(nom, expected):
    assert de(nom) == expected


@pytest.mark.parametrize("nom, expected", [
    ("CC des Coëvrons", "la CC des Coëvrons"), ("CA Laval Agglomération", "la CA Laval Agglomération"),
    ("Mayenne Communauté", "Mayenne Communauté"),
])
def test_epci_article(nom, expected):
    assert epci_article(nom) == expected


def test_joined_and_population_phrase():
    assert joined(["voirie"]) == "voirie"
    assert joined(["eau", "voirie", "paysage"]) == "eau, voirie et paysage"
    assert population_phrase(999) == f"de moins de 1{NBSP}000{NBSP}habitants"
    assert population_phrase(1000) == f"de 1{NBSP}000{NBSP}habitants ou moins"


def first(catalog, rules, demande, territories, **answers):
    return recommend(catalog, rules, demande(**answers), territories)[0]


def test_epci_reason_names_the_audience_the_population_band_and_the_epci(catalog, rules, demande, territories):
    result = first(catalog, rules, demande, territories, type_collectivite="commune", commune="53134",
                   thematique="voirie", besoin="technique", stade="etudes")
    assert result.raisons == (
        f"Intervient en voirie pour les communes de moins de 1{NBSP}000{NBSP}habitants de la CC des Coëvrons",
        "Votre intercommunalité exerce cette compétence : c'est votre premier interlocuteur.",
        "Répond à votre besoin : ingénierie technique (études, conception, suivi de travaux)",
        "Accompagne les projets au stade des études préalables")
    assert result.conditions == ("Gratuit.",)


def test_departement_reason_and_membership_conditions(catalog, rules, demande, territories):
    results = recommend(catalog, rules, demande(type_collectivite="commune", commune="53134",
                                                thematique=["architecture-batiment"]), territories)
    caue = next(r for r in results if r.structure.slug == "caue-53")
    assert caue.raisons[0] == "Intervient en architecture et bâtiment pour les communes de la Mayenne"
    assert caue.conditions == ("Réservé aux adhérents : vérifiez que votre collectivité adhère.",
                               "Adhésion annuelle de la collectivité au CAUE.")


def test_commune_level_reason(catalog, rules, demande, territories):
    result = first(catalog, rules, demande, territories, type_collectivite="commune", commune="53130",
                   thematique="amenagement-foncier", besoin="foncier-immobilier")
    assert result.structure.slug == "lma"
    assert result.raisons[0] == "Intervient en aménagement du territoire et foncier pour la commune de Laval"


def test_epci_asker_reads_about_itself(catalog, rules, demande, territories):
    offer = OffreCard(slug="o", titre="O", thematiques=frozenset({"eau"}), epcis=frozenset({"200033298"}),
                      publics=frozenset({"epci"}))
    structure = StructureCard(slug="s", nom="S", categorie="syndicat", offres=(offer,))
    d = demande(type_collectivite="epci", epci="200033298", thematique="eau")
    assert explain(structure, (offer,), d, rules, False, [], False)[0] == \
        "Intervient en eau et assainissement pour la CC des Coëvrons"


def test_state_service_free_of_charge(catalog, rules, demande, territories):
    result = first(catalog, rules, demande, territories, type_collectivite="commune", commune="53134",
                   thematique="finances-locales", besoin="financiere", stade="gestion")
    assert result.structure.slug == "ddfip-53"
    assert "Service de l'État, gratuit" in result.raisons
    assert "Accompagne la gestion et l'évaluation une fois le projet réalisé" in result.raisons


def test_fallback_without_match_claims_nothing_about_the_project(catalog, rules, demande, territories):
    [result] = recommend(catalog, rules, demande(type_collectivite="commune", commune="53134",
                                                 thematique="tourisme", besoin="juridique", stade="etudes"),
                         territories)
    assert result.raisons == ("Référent de l'État pour l'ingénierie en Mayenne.", "Service de l'État, gratuit")


def test_every_cost_has_a_sentence(rules):
    offers = [OffreCard(slug=c, titre=c, thematiques=frozenset({"eau"}), cout=c, conditions=None)
              for c in ("gratuit", "adhesion", "payant", "inconnu", "bizarre")]
    assert conditions(offers, rules) == ("Gratuit.", "Réservé aux adhérents : vérifiez que votre collectivité adhère.",
                                  "Prestation payante : demandez un devis.",
                                  "Coût non précisé : à demander lors de votre appel.")


def test_every_result_is_explained(catalog, rules, demande, territories):
    for theme in ("voirie", "eau", "urbanisme", "sante", "education-formation"):
        for r in recommend(catalog, rules, demande(type_collectivite="commune", commune="53134",
                                                   thematique=theme), territories):
            assert r.raisons and all(isinstance(x, str) and x for x in r.raisons)
            assert r.conditions
