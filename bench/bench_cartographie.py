"""Benchmark of the "qui fait quoi" matrix page (not a test).

Times ``GET /cartographie`` through Flask's test client (server time: queries, assembly and
template rendering, no network), median over several runs, on:
  1. the real data of data/ (loaded into a temporary SQLite file);
  2. the same database plus N synthetic structures (default 10,000), each with two offers
     of three thématiques and two types of help over the département or one EPCI.
Also times the territory- and type-of-help-filtered variants. Budget: median under 50 ms.
The first request of each URL after a content change computes the aggregates over every
structure (wizard/runtime/fingerprint.py memoises them until the content changes): it is
reported separately, as "1re requête".

    .venv/bin/python bench/bench_cartographie.py [--structures 10000] [--runs 20]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, insert, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wizard import create_app  # noqa: E402
from wizard.db import get_session  # noqa: E402
from wizard.models import Epci, Offre, OffreTag, OffreTerritoire, Structure  # noqa: E402

BUDGET_MS = 50.0
URLS = ("/cartographie", "/cartographie?territoire=53130", "/cartographie?territoire=200083392&besoin=juridique",
        "/cartographie?vue=liste")


def time_urls(app, runs: int) -> dict[str, tuple[float, float]]:
    """Per URL: the first request (aggregates computed: cold) and the median of the next ``runs`` (memoised)."""
    client = app.test_client()
    result = {}
    for url in URLS:
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        first = (time.perf_counter() - start) * 1000
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        result[url] = (first, statistics.median(samples))
    return result


def add_synthetic(app, count: int, seed: int = 53) -> None:
    """Insert ``count`` structures with two offers each, in bulk (Core inserts)."""
    rng = random.Random(seed)
    taxonomy = app.extensions["taxonomy"]
    themes, needs = list(taxonomy.terms("thematiques")), list(taxonomy.terms("besoins"))
    couts = ("gratuit", "adhesion", "payant", "inconnu")
    with app.app_context():
        session = get_session()
        epcis = list(session.scalars(select(Epci.code)))
        first_structure = (session.scalar(select(func.max(Structure.id))) or 0) + 1
        first_offre = (session.scalar(select(func.max(Offre.id))) or 0) + 1
        structures, offres, tags, territoires = [], [], [], []
        for i in range(count):
            sid = first_structure + i
            structures.append({"id": sid, "slug": f"synthetique-{i:05d}", "nom": f"Structure synthétique {i:05d}",
                               "sigle": None, "categorie": "autre", "presentation": "", "confiance": "faible",
                               "version": 1})
            for j in range(2):
                oid = first_offre + 2 * i + j
                offres.append({"id": oid, "structure_id": sid, "position": j, "slug": f"offre-{j}",
                               "titre": f"Offre {j}", "description": "", "cout": rng.choice(couts)})
                tags += [{"offre_id": oid, "kind": "thematique", "slug": s} for s in rng.sample(themes, 3)]
                tags += [{"offre_id": oid, "kind": "besoin", "slug": s} for s in rng.sample(needs, 2)]
                if rng.random() < 0.5:
                    territoires.append({"offre_id": oid, "kind": "departement", "code": "53"})
                else:
                    territoires.append({"offre_id": oid, "kind": "epci", "code": rng.choice(epcis)})
        for model, rows in ((Structure, structures), (Offre, offres), (OffreTag, tags),
                            (OffreTerritoire, territoires)):
            session.execute(insert(model), rows)
        session.commit()


def report(title: str, timings: dict[str, tuple[float, float]]) -> bool:
    """Print the timings; the budget applies to the median (memoised aggregates)."""
    print(title)
    print("  1re requête   médiane")
    ok = True
    for url, (first, median) in timings.items():
        within = median < BUDGET_MS
        ok &= within
        print(f"  {first:8.1f} ms {median:8.1f} ms  {'OK ' if within else 'HORS BUDGET'}  {url}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--structures", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite", "SECRET_KEY": "bench", "TESTING": True})
        ok = report(f"Données réelles (médiane sur {args.runs} requêtes, budget {BUDGET_MS:.0f} ms) :",
                    time_urls(app, args.runs))
        if args.structures:
            add_synthetic(app, args.structures)
            ok &= report(f"Avec {args.structures} structures synthétiques en plus :", time_urls(app, args.runs))
        app.extensions["db_engine"].dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
