"""The room's figures on known inputs, against percentages computed by hand."""
from __future__ import annotations

import pytest

from wizard.ateliers.synthese import ParcoursFait, calculer, pourcentage

THEMES = {"voirie": "Voirie", "eau": "Eau", "urbanisme": "Urbanisme"}
BESOINS = {"technique": "Ingénierie technique", "juridique": "Ingénierie juridique"}
ITEMS = {"caue-53": "CAUE", "ddt-53": "DDT", "cerema": "CEREMA"}


@pytest.mark.parametrize(("n", "base", "expected"), [
    (1, 3, 33), (2, 3, 67), (1, 8, 13), (3, 8, 38), (1, 200, 1), (0, 5, 0), (5, 5, 100), (1, 0, 0)])
def test_percentages_round_half_up(n, base, expected):
    assert pourcentage(n, base) == expected


def _tableau():
    parcours = [
        # Participant 1 finished two parcours on voirie: voirie counts once for them.
        ParcoursFait(1, ("voirie",), "technique", ("cd53", "caue-53"), False),
        ParcoursFait(1, ("voirie", "eau"), "juridique", ("cd53",), False),
        ParcoursFait(2, ("eau",), "technique", ("cd53",), False),
        ParcoursFait(3, ("urbanisme",), "juridique", (), True),
    ]
    connaissances = {1: {"caue-53", "ddt-53"}, 2: {"caue-53"}, 4: set(), 5: {"ddt-53", "caue-53"}}
    return calculer(6, parcours, connaissances, thematiques=THEMES, besoins=BESOINS,
                    structures={"cd53": "Département", "caue-53": "CAUE"}, items_connus=ITEMS,
                    enquete_besoins={"voirie": 94, "eau": 83}, enquete_connaissance={"caue-53": 93, "ddt-53": 93})


def test_needs_by_thematique_are_shares_of_participants_with_a_parcours():
    t = _tableau()
    assert (t.nb_participants, t.nb_avec_parcours, t.nb_parcours) == (6, 3, 4)
    # voirie: participant 1 → 1/3 = 33 %; eau: participants 1 and 2 → 2/3 = 67 %; urbanisme: 1/3.
    assert [(b.cle, b.nombre, b.pourcentage, b.enquete) for b in t.thematiques] == [
        ("eau", 2, 67, 83), ("voirie", 1, 33, 94), ("urbanisme", 1, 33, None)]


def test_needs_by_type_of_help():
    t = _tableau()
    # technique: participants 1, 2 → 67 %; juridique: participants 1, 3 → 67 %; vocabulary order breaks the tie.
    assert [(b.cle, b.libelle, b.nombre, b.pourcentage) for b in t.besoins] == [
        ("technique", "Ingénierie technique", 2, 67), ("juridique", "Ingénierie juridique", 2, 67)]


def test_structures_known_over_those_who_answered_including_empty_answers():
    t = _tableau()
    assert t.nb_repondants_structures == 4
    # CAUE: 1, 2, 5 → 3/4 = 75 %; DDT: 1, 5 → 50 %; CEREMA: nobody, still listed (survey order).
    assert [(b.cle, b.nombre, b.pourcentage, b.enquete) for b in t.connues] == [
        ("caue-53", 3, 75, 93), ("ddt-53", 2, 50, 93), ("cerema", 0, 0, None)]


def test_most_recommended_over_parcours_and_uncovered_requests():
    t = _tableau()
    # cd53 in 3 of 4 parcours = 75 %; CAUE 1/4 = 25 %.
    assert [(b.cle, b.libelle, b.nombre, b.pourcentage) for b in t.recommandees] == [
        ("cd53", "Département", 3, 75), ("caue-53", "CAUE", 1, 25)]
    assert t.nb_non_couverts == 1
    assert [(d.thematiques, d.besoin, d.nombre) for d in t.non_couverts] == [
        (("Urbanisme",), "Ingénierie juridique", 1)]


def test_empty_session():
    t = calculer(0, [], {}, thematiques=THEMES, besoins=BESOINS, structures={}, items_connus=ITEMS,
                 enquete_besoins={}, enquete_connaissance={})
    assert t.thematiques == () and t.besoins == () and t.recommandees == () and t.non_couverts == ()
    assert [b.pourcentage for b in t.connues] == [0, 0, 0]
