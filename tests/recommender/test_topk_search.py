"""The mask-based scorer and the branch-and-bound search agree with brute force, for random catalogs,
requests and weights (seeded, property style).

The reference below reads each offer's fields directly (no masks, no bounds): it is the
recommender's definition written the slow way.
"""
from __future__ import annotations

import dataclasses
import random
from types import MappingProxyType

import pytest

from wizard.recommender import Catalog, Demande, DispositifCard, OffreCard, Role, StructureCard, recommend
from wizard.recommender.bits import members, to_mask
from wizard.recommender.scorer import SCALE, Scorer, points
from wizard.recommender.shortlist import NIVEAUX
from wizard.text import tokens

THEMES = ["voirie", "eau", "urbanisme", "logement", "sante", "numerique"]
BESOINS = ["technique", "juridique", "financiere", "formation", "accompagnement"]
STADES = ["emergence", "etudes", "conception"]
TYPES = ["commune", "epci", "syndicat", "autre"]
PROFILS = ["elu", "agent"]
ROLES = ["specialiste", "specialiste", "specialiste", "financement", "orientation", "recours", "conseil",
         "formation", "reseau"]
COUTS = ["gratuit", "adhesion", "payant", "inconnu"]
COMMUNES = {"53134": "200033298", "53097": "200033298", "53130": "200083392"}
POPULATIONS = {"53134": 191, "53097": 8252, "53130": 49400}
KEYWORDS = ["éclairage public", "lampadaire", "pont"]
LABELS = {"pvd": frozenset({"53097"}), "vda": frozenset({"53134", "53130"})}


def random_offer(rng: random.Random, j: int, epci_slug: str | None) -> OffreCard:
    role = rng.choice(ROLES)
    where = rng.choice(["dep", "dep", "epci", "commune", "other", "none"])
    territory = {"dep": {"departements": frozenset({"53"})}, "other": {"departements": frozenset({"72"})},
                 "epci": {"epcis": frozenset({epci_slug or rng.choice(sorted(set(COMMUNES.values())))})},
                 "commune": {"communes": frozenset(rng.sample(sorted(COMMUNES), 2))}, "none": {}}[where]
    themes = rng.sample(THEMES, rng.randint(0 if role != "specialiste" else 1, 4))
    return OffreCard(
        slug=f"o{j}", titre="Offre", role=role, thematiques=frozenset(themes),
        besoins=frozenset(rng.sample(BESOINS, rng.randint(0, 2))),
        stades=frozenset(rng.sample(STADES, rng.randint(0, 2))),
        publics=frozenset(rng.sample(TYPES, rng.randint(0, 2))),
        profils=frozenset(rng.sample(PROFILS, rng.randint(0, 1))),
        population_max=rng.choice([None, None, None, 999, 9999]),
        population_min=rng.choice([None, None, None, None, 500]),
        dispositif=rng.choice([None] * 8 + ["pvd", "vda", "inconnu"]),
        competence=where == "epci" and rng.random() < 0.5,
        mots_cles=tuple(rng.sample(KEYWORDS, 1)) if rng.random() < 0.1 else (),
        cout=rng.choice(COUTS), **territory)


def random_catalog(rng: random.Random, n: int) -> Catalog:
    structures = []
    for k in range(n):
        categorie = rng.choice(["epci", "association", "etat", "syndicat"])
        epci = rng.choice(sorted(set(COMMUNES.values()))) if categorie == "epci" else None
        structures.append(StructureCard(
            slug=f"s{k:03d}", nom=f"S{k}", categorie=categorie, niveau=rng.choice(NIVEAUX),
            offres=tuple(random_offer(rng, j, epci) for j in range(rng.randint(1, 3)))))
    programmes = [DispositifCard(slug=s, nom=s.upper(), financement=False, communes_listees=True, communes=c)
                  for s, c in LABELS.items()]
    return Catalog(structures, programmes)


def random_demande(rng: random.Random) -> Demande:
    kind = rng.choice(TYPES + [None])
    commune = rng.choice(sorted(COMMUNES)) if kind in ("commune", None) and rng.random() < 0.9 else None
    epci = COMMUNES[commune] if commune else (rng.choice(sorted(set(COMMUNES.values()))) if kind == "epci"
                                              else None)
    membres = tuple(c for c, e in COMMUNES.items() if e == epci) if kind == "epci" else ()
    return Demande(
        thematiques=frozenset(rng.sample(THEMES, rng.randint(0, 3))), besoin=rng.choice(BESOINS + [None]),
        stade=rng.choice(STADES + [None]), type_collectivite=kind, profil=rng.choice(PROFILS + [None]),
        projet=rng.choice([None, None, "Changer les lampadaires", "refaire le pont et l'éclairage public"]),
        commune=commune, epci=epci, departement=rng.choice(["53", "53", "53", "72"]),
        population=POPULATIONS[commune] if commune else None, membres=membres)


def random_rules(rng: random.Random, rules):
    """The fixture rules with random weights, roles and selection; no business rule, no fallback."""
    def value(low: float = 0) -> float:
        return rng.choice([0, 0, 0.25, 1, 2, 3.5, 6, 10, 13.75]) if low >= 0 else rng.choice([-3, -1, 0, 1, 2])
    w = rules.weights
    weights = dataclasses.replace(
        w, **{k: value() for k in ("thematique", "thematique_en_plus", "specialisation", "besoin", "stade",
                                    "public", "population", "label", "mots_cles")},
        territoire=MappingProxyType({k: value() for k in w.territoire}),
        niveau=MappingProxyType({k: value() for k in w.niveau}),
        cout=MappingProxyType({k: value(-1) for k in w.cout}))
    roles = MappingProxyType({slug: Role(slug, sujet_requis=slug == "specialiste" or rng.random() < 0.3,
                                         besoin_requis=slug != "specialiste" and rng.random() < 0.8,
                                         points=value(), apres_specialistes=slug in ("orientation", "recours")
                                         and rng.random() < 0.8)
                              for slug in rules.roles})
    lo = rng.randint(1, 4)
    return dataclasses.replace(
        rules, weights=weights, roles=roles, besoins_exclusifs=frozenset(rng.sample(BESOINS, rng.randint(0, 3))),
        competence_points=value(), min=lo, max=rng.randint(lo, 7), seuil_relatif=rng.choice([0, 0.3, 0.5, 0.9]),
        max_apres_specialistes=rng.randint(0, 2), regles=(), repli=())


# --- the reference -------------------------------------------------------------------------------------

def _asker_communes(d: Demande) -> set[str]:
    return {d.commune} if d.commune else (set(d.membres) if d.type_collectivite == "epci" else set())


def is_eligible(o: OffreCard, d: Demande, labels) -> bool:
    if (o.communes or o.epcis or o.departements) and not (
            d.commune in o.communes or d.epci in o.epcis or d.departement in o.departements):
        return False
    if d.type_collectivite is not None and o.publics and d.type_collectivite not in o.publics:
        return False
    if d.profil is not None and o.profils and d.profil not in o.profils:
        return False
    if d.population is not None and d.type_collectivite in (None, "commune"):
        if o.population_max is not None and d.population > o.population_max:
            return False
        if o.population_min is not None and d.population < o.population_min:
            return False
    return o.dispositif is None or bool(_asker_communes(d) & labels.get(o.dispositif, frozenset()))


def says(text: str | None, phrase: str) -> bool:
    words, stems = tokens(text), tokens(phrase)
    return any(words[i:i + len(stems)] == stems for i in range(len(words) - len(stems) + 1))


def is_relevant(o: OffreCard, d: Demande, rules) -> bool:
    role = rules.roles.get(o.role)
    if role is None:
        return False
    if not (o.thematiques & d.thematiques or (not role.sujet_requis and not o.thematiques)):
        return False
    if role.besoin_requis and d.besoin not in o.besoins:
        return False
    if d.besoin in rules.besoins_exclusifs and d.besoin not in o.besoins:
        return False
    # An offer giving only exclusive types of help does not answer another one.
    if d.besoin is not None and o.besoins and o.besoins <= rules.besoins_exclusifs and d.besoin not in o.besoins:
        return False
    return not o.mots_cles or any(says(d.projet, m) for m in o.mots_cles)


def score(o: OffreCard, s: StructureCard, d: Demande, rules) -> int:
    w = rules.weights
    n = len(o.thematiques & d.thematiques)
    total = points(w.thematique) + (n - 1) * points(w.thematique_en_plus) if n else 0
    total += points(w.specialisation) * n // max(1, len(o.thematiques)) if n else 0
    total += points(w.besoin) if d.besoin in o.besoins else 0
    total += points(w.stade) if d.stade is not None and d.stade in o.stades else 0
    total += points(w.public) if d.type_collectivite in o.publics else 0
    total += points(w.label) if o.dispositif else 0
    total += points(w.mots_cles) if any(says(d.projet, m) for m in o.mots_cles) else 0
    if d.population is not None and d.type_collectivite in (None, "commune") and o.population_max is not None:
        total += points(w.population)
    total += points(w.niveau.get(s.niveau, 0)) + points(w.cout.get(o.cout, 0))
    total += max([0] + [points(w.territoire[level]) for level, ok in (
        ("commune", d.commune in o.communes), ("epci", d.epci in o.epcis),
        ("departement", d.departement in o.departements)) if ok])
    if d.besoin is not None and d.besoin in o.besoins:
        total += points(rules.roles[o.role].points)
    # The competent EPCI is the first call whatever the help, unless the help is one only some give.
    if d.epci is not None and o.competence and d.epci in o.epcis and (
            d.besoin not in rules.besoins_exclusifs or d.besoin in o.besoins):
        total += points(rules.competence_points)
    return total


def reference_scores(catalog: Catalog, d: Demande, rules) -> dict[int, int]:
    """Every offer that passes the filters, with its score."""
    return {i: score(o, catalog.structures[catalog.structure_of[i]], d, rules)
            for i, o in enumerate(catalog.offers)
            if is_eligible(o, d, catalog.labels) and is_relevant(o, d, rules)}


def reference_shortlist(catalog: Catalog, d: Demande, rules) -> list[tuple[str, float, str]]:
    """Each structure by its best specialist offer, else its best orientation offer; specialists first,
    then score, nearest level, slug; cut at max, past min at the threshold; orientation capped."""
    scores = reference_scores(catalog, d, rules)
    late_roles = {slug for slug, role in rules.roles.items() if role.apres_specialistes}
    best: dict[int, tuple[int, int, int]] = {}  # structure → (tier, score, offer)
    for i, value in scores.items():
        s, tier = catalog.structure_of[i], int(catalog.offers[i].role in late_roles)
        cur = best.get(s)
        if cur is None or (tier, -value, i) < (cur[0], -cur[1], cur[2]):
            best[s] = (tier, value, i)
    ranked = sorted(best, key=lambda s: (best[s][0], -best[s][1], NIVEAUX.index(catalog.structures[s].niveau), s))
    top = max((b[1] for b in best.values()), default=0)
    chosen, late = [], 0
    for s in ranked:
        if len(chosen) >= rules.max:
            break
        tier, value, i = best[s]
        if len(chosen) >= rules.min and value < rules.seuil_relatif * top:
            continue
        if tier:
            if late >= rules.max_apres_specialistes:
                continue
            late += 1
        chosen.append((catalog.structures[s].slug, round(value / SCALE, 2), catalog.offers[i].slug))
    return chosen


# --- the properties ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(40))
def test_mask_filters_and_scores_match_the_reference(rules, seed):
    rng = random.Random(seed)
    catalog = random_catalog(rng, 60)
    for _ in range(20):
        bare, d = random_rules(rng, rules), random_demande(rng)
        scorer = Scorer(catalog, d, bare)
        assert scorer.score_all() == reference_scores(catalog, d, bare), d


@pytest.mark.parametrize("seed", range(40))
def test_top_k_search_matches_brute_force_on_every_subset(rules, seed):
    """``Scorer.top`` (branch and bound) against brute force, for random ``within`` subsets of offers:
    the k best structures, each with its exact best offer (highest score, then lowest id)."""
    rng = random.Random(1000 + seed)
    catalog = random_catalog(rng, 120)
    for _ in range(15):
        bare, d = random_rules(rng, rules), random_demande(rng)
        scorer = Scorer(catalog, d, bare)
        k = rng.randint(1, 8)
        within = None if rng.random() < 0.3 else to_mask(i for i in range(len(catalog.offers)) if rng.random() < 0.5)
        scores = {i: v for i, v in reference_scores(catalog, d, bare).items() if within is None or within >> i & 1}
        brute: dict[int, tuple[int, int]] = {}
        for i, v in scores.items():
            s = catalog.structure_of[i]
            if s not in brute or (v, -i) > (brute[s][0], -brute[s][1]):
                brute[s] = (v, i)
        got = scorer.top(k, {}, {}, within)
        expected_top = sorted((v for v, _ in brute.values()), reverse=True)[:k]
        assert sorted((v for v, _ in got.values()), reverse=True)[:k] == expected_top, d
        kth = expected_top[-1] if len(expected_top) == k else float("-inf")
        for s, (v, i) in brute.items():
            if v >= kth:
                assert got.get(s) == (v, i), (d, s)
        assert all(v <= brute[s][0] for s, (v, _) in got.items())


@pytest.mark.parametrize("seed", range(40))
def test_shortlist_matches_brute_force(rules, seed):
    rng = random.Random(2000 + seed)
    catalog = random_catalog(rng, 150)
    for _ in range(15):
        bare, d = random_rules(rng, rules), random_demande(rng)
        got = [(r.structure.slug, r.score, r.offres_retenues[0].slug) for r in recommend(catalog, bare, d)]
        assert got == reference_shortlist(catalog, d, bare), d


def test_bitmask_round_trip():
    ids = [0, 1, 7, 8, 63, 64, 1000, 19999]
    assert members(to_mask(ids)) == ids
    assert members(to_mask(range(40))) == list(range(40))
    assert members(0) == [] and to_mask([]) == 0
