"""Benchmark (not a test): recommend() over 10,000 synthetic structures, and the lexicon.

Run from the repository root: ``.venv/bin/python bench/bench_recommender.py``.
Budget (DESIGN.md): one answer set over 10,000 structures in under 2 ms.
"""
from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wizard.parcours_engine import InMemoryTerritories, compile_parcours, replay  # noqa: E402
from wizard.parcours_engine.lexicon import build_lexicon  # noqa: E402
from wizard.recommender import (  # noqa: E402
    Catalog,
    OffreCard,
    StructureCard,
    compile_rules,
    demande_from_answers,
    recommend,
)
from wizard.taxonomy import load_taxonomy  # noqa: E402

N_STRUCTURES = 10_000
RUNS = 300
TYPES = ["commune", "epci", "syndicat", "autre"]
COUTS = ["gratuit", "adhesion", "payant", "inconnu"]
CATEGORIES = ["etat", "operateur-etat", "collectivite", "epci", "syndicat", "agence-departementale",
              "consulaire", "association", "entreprise-publique", "autre"]


def synthetic_catalog(rng: random.Random, taxonomy, territories: InMemoryTerritories) -> Catalog:
    """10,000 structures, 1–3 offers each, all on Mayenne territories (the worst case:
    territory filters keep most of them, so scoring sees many candidates)."""
    themes = list(taxonomy.terms("thematiques"))
    besoins = list(taxonomy.terms("besoins"))
    stades = list(taxonomy.terms("stades"))
    epcis = sorted(territories.epcis)
    communes = sorted(territories.communes)
    structures = []
    for n in range(N_STRUCTURES):
        offers = []
        for k in range(rng.randint(1, 3)):
            where = rng.random()
            territoire: dict[str, frozenset[str]] = {}
            if where < 0.5:
                territoire["departements"] = frozenset({"53"})
            elif where < 0.8:
                territoire["epcis"] = frozenset({rng.choice(epcis)})
            elif where < 0.95:
                territoire["communes"] = frozenset(rng.sample(communes, rng.randint(1, 5)))
            else:
                territoire["departements"] = frozenset({rng.choice(["72", "35", "49", "61"])})
            offers.append(OffreCard(
                slug=f"offre-{k}", titre=f"Offre {k}",
                thematiques=frozenset(rng.sample(themes, rng.randint(1, 4))),
                besoins=frozenset(rng.sample(besoins, rng.randint(1, 3))),
                stades=frozenset(rng.sample(stades, rng.randint(1, 3))),
                publics=frozenset() if rng.random() < 0.1 else frozenset(rng.sample(TYPES, rng.randint(1, 3))),
                population_max=rng.choice([None, None, None, None, 999, 1999, 3499]),
                cout=rng.choice(COUTS), **territoire))
        structures.append(StructureCard(slug=f"structure-{n:05d}", nom=f"Structure {n}",
                                        categorie=rng.choice(CATEGORIES), offres=tuple(offers)))
    structures.append(StructureCard(slug="ddt-53", nom="DDT de la Mayenne", categorie="etat", offres=(
        OffreCard(slug="conseil", titre="Conseil", thematiques=frozenset({"urbanisme"}),
                  departements=frozenset({"53"}), cout="gratuit"),)))
    return Catalog(structures)


def median_ms(fn, runs: int = RUNS) -> float:
    """Median wall time of ``fn()`` in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    """Build the synthetic catalog, then time recommend() and the lexicon."""
    taxonomy = load_taxonomy(ROOT / "data" / "taxonomie.yaml")
    start = time.perf_counter()
    parcours = compile_parcours(ROOT / "parcours", taxonomy)
    rules = compile_rules(ROOT / "parcours", taxonomy, parcours)
    compile_ms = (time.perf_counter() - start) * 1000
    territories = InMemoryTerritories.from_files(ROOT / "data/territoires/communes-53.json",
                                                 ROOT / "data/territoires/epci-53.json")
    start = time.perf_counter()
    catalog = synthetic_catalog(random.Random(53), taxonomy, territories)
    build_s = time.perf_counter() - start
    print(f"catalog: {len(catalog)} structures, {len(catalog.offers)} offers (built in {build_s:.2f} s)")
    print(f"parcours + rules compile: {compile_ms:.1f} ms")
    scenarios = {
        "1 thématique (voirie), petite commune": {
            "profil": ["elu"], "type_collectivite": ["commune"], "commune": ["53134"],
            "thematique": ["voirie"], "besoin": ["technique"], "stade": ["etudes"]},
        "3 thématiques, Laval": {
            "profil": ["agent"], "type_collectivite": ["commune"], "commune": ["53130"],
            "thematique": ["voirie", "architecture-batiment", "transition-energetique"],
            "besoin": ["financiere"], "stade": ["conception"]},
        "EPCI, 2 thématiques": {
            "profil": ["elu"], "type_collectivite": ["epci"], "epci": ["200033298"],
            "thematique": ["urbanisme", "mobilite"], "besoin": ["accompagnement"], "stade": ["emergence"]},
    }
    for name, answers in scenarios.items():
        demande = demande_from_answers(answers, territories, "53")
        result = recommend(catalog, rules, demande, territories)
        ms = median_ms(lambda d=demande: recommend(catalog, rules, d, territories))
        full = median_ms(lambda a=answers: recommend(catalog, rules, demande_from_answers(
            a, territories, "53"), territories))
        print(f"recommend [{name}]: median {ms:.3f} ms (with demande: {full:.3f} ms), "
              f"{len(result)} results, budget 2 ms")
    query = {k: list(v) for k, v in scenarios["1 thématique (voirie), petite commune"].items()}
    ms = median_ms(lambda: replay(parcours, query, territories), runs=2000)
    print(f"replay (whole parcours from the query string): median {ms * 1000:.1f} µs")
    lexicon = parcours.lexicon
    texts = ["rénover l'école", "Refaire les ROUTES et les trottoirs du bourg",
             "créer une maison de santé et des logements pour seniors près de la salle des fêtes"]
    for text in texts:
        ms = median_ms(lambda t=text: lexicon.match("thematiques", t), runs=2000)
        print(f"lexicon.match({text!r}): median {ms * 1000:.1f} µs → {lexicon.match('thematiques', text)}")
    ms = median_ms(lambda: build_lexicon(taxonomy, {}), runs=50)
    print(f"build_lexicon (taxonomy only): median {ms:.2f} ms")


if __name__ == "__main__":
    main()
