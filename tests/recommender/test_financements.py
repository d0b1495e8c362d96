"""Financements mobilisables: closed or non-funding programmes left out, eligibility applied
(type of collectivité, population, EPCI population, labelled communes), "Vérifiez votre
éligibilité" when the data cannot decide."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from wizard.recommender import Catalog, DispositifCard, financements
from wizard.recommender.financements import MAX_FINANCEMENTS, assess, end_of

TODAY = dt.date(2026, 12, 1)


def found(catalog, d, today=TODAY) -> dict[str, tuple[bool, str]]:
    return {f.dispositif.slug: (f.eligible, f.raison) for f in financements(catalog, d, today)}


def test_small_commune_gets_the_programmes_of_its_subject(catalog, demande):
    d = demande(type_collectivite="commune", commune="53134", thematique="eau", besoin="financiere")
    assert found(catalog, d) == {
        "fonds-eau": (True, ""),
        "detr": (True, "Communes de 2 000 habitants au plus ; jusqu'à 20 000 sous condition.")}
    # Subject-specific programmes first.
    assert [f.dispositif.slug for f in financements(catalog, d, TODAY)] == ["fonds-eau", "detr"]


def test_closed_and_non_funding_programmes_are_left_out(catalog, demande):
    for theme in ("eau", "voirie", "amenagement-foncier", "mobilite"):
        for commune in ("53134", "53097"):
            shown = found(catalog, demande(type_collectivite="commune", commune=commune, thematique=theme))
            assert "ancien-programme" not in shown  # ended 2020-12-31
            assert "petites-villes-de-demain" not in shown  # a label, no money


def test_a_programme_is_open_until_the_last_day_its_end_date_covers(catalog, demande):
    d = demande(type_collectivite="commune", commune="53134", thematique="mobilite")
    assert "appel-mobilite" in found(catalog, d, dt.date(2026, 11, 30))  # fin: "2026-11"
    assert "appel-mobilite" not in found(catalog, d, dt.date(2026, 12, 1))
    assert (end_of("2026-11"), end_of("2026-12"), end_of("2027"), end_of("2026-02-03"), end_of(None)) == (
        dt.date(2026, 11, 30), dt.date(2026, 12, 31), dt.date(2027, 12, 31), dt.date(2026, 2, 3), None)


@pytest.mark.parametrize("commune, expected", [
    ("53134", (True, "Communes de 2 000 habitants au plus ; jusqu'à 20 000 sous condition.")),   # 191 hab.
    ("53097", (False, "Vérifiez votre éligibilité : Communes de 2 000 habitants au plus ; jusqu'à 20 000 "
                      "sous condition.")),                                                         # 8 252 hab.
    ("53130", None),                                                                               # 49 400 hab.
])
def test_population_ceilings_are_applied(catalog, demande, commune, expected):
    assert found(catalog, demande(type_collectivite="commune", commune=commune, thematique="voirie")).get(
        "detr") == expected


def test_type_of_collectivite_is_applied(catalog, demande):
    assert "detr" not in found(catalog, demande(type_collectivite="autre", thematique="voirie"))
    assert "detr" in found(catalog, demande(type_collectivite="syndicat", thematique="voirie"))
    assert "appel-mobilite" not in found(catalog, demande(type_collectivite="epci", epci="200033298",
                                                          thematique="mobilite"), dt.date(2026, 1, 1))


def test_epci_population_ceiling_is_applied(catalog, demande):
    d = demande(type_collectivite="epci", epci="200033298", thematique="voirie")
    assert d.epci_population == 191 + 8252 and found(catalog, d)["detr"][0] is True
    # The communes' ceilings say nothing of an EPCI asking; its own ceiling does.
    assert "detr" not in found(catalog, dataclasses.replace(d, epci_population=75001))


def test_labelled_communes_only(catalog, demande):
    evron = demande(type_collectivite="commune", commune="53097", thematique="amenagement-foncier")
    assert found(catalog, evron)["fonds-petites-villes"] == (
        True, "Réservé aux communes labellisées : c'est le cas d'Évron.")
    livet = demande(type_collectivite="commune", commune="53134", thematique="amenagement-foncier")
    assert "fonds-petites-villes" not in found(catalog, livet)
    # An EPCI asking holds the labels of its member communes.
    epci = demande(type_collectivite="epci", epci="200033298", thematique="amenagement-foncier")
    assert found(catalog, epci)["fonds-petites-villes"] == (
        True, "Réservé aux communes labellisées : c'est le cas de votre territoire.")
    assert "fonds-petites-villes" not in found(catalog, demande(type_collectivite="epci", epci="245300223",
                                                                thematique="amenagement-foncier"))


def test_a_condition_the_data_cannot_check_asks_to_verify(catalog, demande):
    d = demande(type_collectivite="commune", commune="53134", thematique="architecture-batiment")
    assert found(catalog, d)["contrat-territoire"] == (
        False, "Vérifiez votre éligibilité : Projets inscrits au contrat signé entre l'intercommunalité et la Région.")
    # Subject first, then eligible before "to check", then by name.
    assert [f.dispositif.slug for f in financements(catalog, d, TODAY)] == ["contrat-territoire", "detr"]


def test_programmes_restricted_to_a_type_of_help(catalog, demande):
    common = dict(type_collectivite="commune", commune="53134", thematique="urbanisme")
    assert "dife" in found(catalog, demande(besoin="formation", **common))
    assert "dife" not in found(catalog, demande(besoin="technique", **common))
    assert "dife" not in found(catalog, demande(**common))


def test_every_shown_programme_is_open_and_eligible_for_the_asker(catalog, demande):
    for kind, where in (("commune", {"commune": "53134"}), ("commune", {"commune": "53097"}),
                        ("commune", {"commune": "53130"}), ("epci", {"epci": "200033298"}), ("autre", {})):
        for theme in ("eau", "voirie", "amenagement-foncier", "mobilite", "architecture-batiment", "sante"):
            d = demande(type_collectivite=kind, thematique=theme, **where)
            for f in financements(catalog, d, TODAY):
                p = f.dispositif
                assert p.financement and (end_of(p.fin) is None or end_of(p.fin) >= TODAY)
                assert not p.thematiques or p.thematiques & d.thematiques
                assert not p.types_collectivite or kind in p.types_collectivite
                assert not (kind == "commune" and p.population_max is not None and d.population > p.population_max)
                assert f.eligible or f.raison.startswith("Vérifiez votre éligibilité : ")


def test_at_most_a_few_programmes(demande):
    many = Catalog([], [DispositifCard(slug=f"p{i}", nom=f"Programme {i}", financement=True) for i in range(10)])
    d = demande(type_collectivite="commune", commune="53134", thematique="voirie")
    assert [f.dispositif.slug for f in financements(many, d, TODAY)] == [f"p{i}" for i in range(MAX_FINANCEMENTS)]
    assert assess(DispositifCard(slug="x", nom="X", financement=False), d, TODAY) is None
