"""Building a Demande from answers: the commune's EPCI, département and population."""
from __future__ import annotations

from wizard.recommender import demande_from_answers


def test_commune_is_resolved_to_its_epci_population_and_names(territories):
    d = demande_from_answers({"type_collectivite": ["commune"], "commune": ["53134"],
                              "thematique": ["voirie", "eau", ""], "besoin": ["technique"]}, territories, "53")
    assert (d.commune, d.commune_nom, d.epci, d.epci_nom, d.departement, d.population) == \
        ("53134", "Livet", "200033298", "CC des Coëvrons", "53", 191)
    assert d.thematiques == frozenset({"voirie", "eau"}) and d.besoin == "technique" and d.stade is None


def test_the_commune_epci_wins_over_a_given_one(territories):
    d = demande_from_answers({"commune": ["53130"], "epci": ["200033298"]}, territories, "53")
    assert d.epci == "200083392"


def test_epci_asker_gets_the_departement_of_its_members(territories):
    d = demande_from_answers({"type_collectivite": ["epci"], "epci": ["245300223"]}, territories, "72")
    assert (d.epci_nom, d.departement, d.commune, d.population) == ("CC du Pays de Meslay-Grez", "53", None, None)


def test_without_territory_the_default_departement_applies(territories):
    d = demande_from_answers({"type_collectivite": ["syndicat"]}, territories, "53")
    assert d.departement == "53" and d.epci is None


def test_unknown_commune_keeps_its_departement_from_the_code():
    d = demande_from_answers({"commune": ["72181"]}, None, "53")
    assert (d.departement, d.epci, d.population) == ("72", None, None)
    assert demande_from_answers({"commune": ["97411"]}, None, None).departement == "974"
