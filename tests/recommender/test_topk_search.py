"""The branch-and-bound search returns exactly what brute force over every offer returns."""
from __future__ import annotations

import dataclasses
import random

import pytest

from wizard.recommender import Catalog, Demande, OffreCard, StructureCard, recommend
from wizard.recommender.bits import members, to_mask
from wizard.recommender.scorer import SCALE, Scorer

THEMES = ["voirie", "eau", "urbanisme", "logement", "sante", "numerique"]
BESOINS = ["technique", "juridique", "financiere"]
STADES = ["emergence", "etudes", "conception"]
TYPES = ["commune", "epci", "syndicat"]
COMMUNES = {"53134": "200033298", "53097": "200033298", "53130": "200083392"}


def random_catalog(rng: random.Random, n: int) -> Catalog:
    structures = []
    for k in range(n):
        offers = []
        for j in range(rng.randint(1, 3)):
            where = rng.choice(["dep", "dep", "epci", "commune", "other"])
            territory = {"dep": {"departements": frozenset({"53"})},
                         "other": {"departements": frozenset({"72"})},
                         "epci": {"epcis": frozenset({rng.choice(sorted(set(COMMUNES.values())))})},
                         "commune": {"communes": frozenset(rng.sample(sorted(COMMUNES), 2))}}[where]
            offers.append(OffreCard(
                slug=f"o{j}", titre="Offre", thematiques=frozenset(rng.sample(THEMES, rng.randint(1, 4))),
                besoins=frozenset(rng.sample(BESOINS, rng.randint(0, 2))),
                stades=frozenset(rng.sample(STADES, rng.randint(0, 2))),
                publics=frozenset(rng.sample(TYPES, rng.randint(0, 2))),
                population_max=rng.choice([None, None, 999, 9999]),
                cout=rng.choice(["gratuit", "adhesion", "payant", "inconnu"]), **territory))
        structures.append(StructureCard(slug=f"s{k:03d}", nom=f"S{k}", offres=tuple(offers),
                                        categorie=rng.choice(["epci", "autre", "etat"])))
    return Catalog(structures)


def random_demande(rng: random.Random) -> Demande:
    commune = rng.choice(sorted(COMMUNES))
    kind = rng.choice(TYPES)
    return Demande(thematiques=frozenset(rng.sample(THEMES, rng.randint(0, 3))),
                   besoin=rng.choice(BESOINS + [None]), stade=rng.choice(STADES + [None]),
                   type_collectivite=kind, commune=commune if kind == "commune" else None,
                   epci=COMMUNES[commune] if kind in ("commune", "epci") else None, departement="53",
                   population=rng.choice([191, 8252, 49400]) if kind == "commune" else None)


def brute_force(catalog: Catalog, rules, demande: Demande) -> list[tuple[str, float]]:
    """Score every candidate offer, total each structure (best offer without its own
    multi-thématique extra, plus one extra per chosen thématique covered), sort, cut."""
    scorer = Scorer(catalog, demande, rules)
    scores = scorer.score_all()
    by_structure: dict[int, list[int]] = {}
    for i in scores:
        by_structure.setdefault(catalog.structure_of[i], []).append(i)
    totals = {}
    for s, ids in by_structure.items():
        if scorer.k > 1:
            covered = set().union(*(catalog.offers[i].thematiques & demande.thematiques for i in ids))
            own = max(scores[i] - scorer.extra * (scorer.matched(i) - 1) for i in ids)
            totals[s] = own + scorer.extra * (len(covered) - 1)
        else:
            totals[s] = max(scores[i] for i in ids)
    ranked = sorted(totals, key=lambda s: (-totals[s], s))
    if not ranked:
        return []
    top, chosen = totals[ranked[0]], []
    for s in ranked[:rules.max]:
        if len(chosen) >= rules.min and totals[s] < rules.seuil_relatif * top:
            break
        chosen.append((catalog.structures[s].slug, round(totals[s] / SCALE, 2)))
    return chosen


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("weights", [{}, {"specialisation": 0.0}, {"thematique_en_plus": 0.0},
                                     {"besoin": 0.0, "stade": 7.5, "public": 0.25}])
def test_search_matches_brute_force(rules, seed, weights):
    bare = dataclasses.replace(rules, regles=(), repli=(), weights=dataclasses.replace(rules.weights, **weights))
    rng = random.Random(seed)
    catalog = random_catalog(rng, 150)
    for _ in range(25):
        demande = random_demande(rng)
        got = [(r.structure.slug, r.score) for r in recommend(catalog, bare, demande)]
        assert got == brute_force(catalog, bare, demande), demande


def test_bitmask_round_trip():
    ids = [0, 1, 7, 8, 63, 64, 1000, 19999]
    assert members(to_mask(ids)) == ids
    assert members(to_mask(range(40))) == list(range(40))
    assert members(0) == [] and to_mask([]) == 0
