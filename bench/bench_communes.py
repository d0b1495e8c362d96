"""Benchmark of the commune autocomplete over the national file, 34,969 communes (not a test).

Builds the same in-memory prefix index the app builds from its communes
(``wizard.territoires.index.CommuneIndex``) from data/territoires/communes-france.json.gz,
then times ``search`` on typical inputs: a few letters, full names without accents or hyphens,
postcodes, inner words. Budget: median under 2 ms per call (and we print the worst query's median).

    .venv/bin/python bench/bench_communes.py [--runs 200]
"""
from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wizard.parcours_engine import CommuneInfo  # noqa: E402
from wizard.territoires.index import CommuneIndex  # noqa: E402

BUDGET_MS = 2.0
QUERIES = ("l", "sa", "saint", "st ber", "chateau gontier", "chateau-gontier-sur-mayenne", "CHÂTEAU",
           "laval", "ev", "evron", "mayenne", "gontier", "5", "53", "532", "53200", "75001", "paris",
           "marseille", "le mans", "la", "les", "sur", "villeneuve", "xyz", "aix en p", "saint-denis")


def load() -> list[CommuneInfo]:
    """The national communes as the engine's CommuneInfo."""
    with gzip.open(ROOT / "data" / "territoires" / "communes-france.json.gz", "rt", encoding="utf-8") as fh:
        records = json.load(fh)
    return [CommuneInfo(code=c["code"], nom=c["nom"], population=c.get("population"), epci=c.get("epci"),
                        departement=c.get("departement") or c["code"][:2],
                        codes_postaux=tuple(c.get("codes_postaux") or ())) for c in records]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    communes = load()
    started = time.perf_counter()
    index = CommuneIndex(communes)
    print(f"{len(index)} communes indexées en {time.perf_counter() - started:.2f} s")
    medians = {}
    every: list[float] = []
    for q in QUERIES:
        timings = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            index.search(q, 10)
            timings.append((time.perf_counter() - t0) * 1000)
        medians[q] = statistics.median(timings)
        every.extend(timings)
    for q, m in sorted(medians.items(), key=lambda kv: -kv[1])[:5]:
        print(f"  {q!r:32} médiane {m:.3f} ms  → {[c.nom for c in index.search(q, 3)]}")
    overall = statistics.median(every)
    worst = max(medians.values())
    p95 = statistics.quantiles(every, n=20)[-1]
    print(f"Toutes requêtes : médiane {overall:.3f} ms, p95 {p95:.3f} ms ; pire requête (médiane) {worst:.3f} ms "
          f"— budget {BUDGET_MS} ms : {'OK' if worst < BUDGET_MS else 'DÉPASSÉ'}")
    return 0 if worst < BUDGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
