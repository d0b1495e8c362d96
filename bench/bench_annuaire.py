"""Benchmark of the annuaire search service over 10,000 synthetic structures (not a test).

Builds a SQLite database (migrations, real territories and taxonomy, synthetic structures
and offers), indexes it, then times ``wizard.annuaire.recherche.rechercher`` — words, facets
with their counts, territory, one page of results loaded — as the server does per request.
Budget: median under 20 ms per call.

    .venv/bin/python bench/bench_annuaire.py [--structures 10000] [--runs 30]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from werkzeug.datastructures import MultiDict  # noqa: E402

from wizard import search  # noqa: E402
from wizard.annuaire.criteres import parse_criteres  # noqa: E402
from wizard.annuaire.recherche import rechercher  # noqa: E402
from wizard.dataload.territoires import read_territoires, upsert_territoires  # noqa: E402
from wizard.db import make_engine  # noqa: E402
from wizard.migrate import upgrade  # noqa: E402
from wizard.models import Offre, OffreTag, OffreTerritoire, Structure  # noqa: E402
from wizard.taxonomy import load_taxonomy  # noqa: E402

DATA = ROOT / "data"
BUDGET_MS = 20.0
KINDS = {"thematique": "thematiques", "besoin": "besoins", "stade": "stades", "public": "types_collectivite"}
KIND_WORDS = ("Agence", "Syndicat", "Service", "Conseil", "Mission", "Pôle", "Centre", "Réseau", "Bureau",
              "Maison", "Office", "Association", "Communauté", "Établissement")
COUTS = ("gratuit", "adhesion", "payant", "inconnu")
CATEGORIES = ("etat", "collectivite", "epci", "syndicat", "association", "autre")
QUERIES = (
    {},
    {"q": "voirie"},
    {"q": "epf foncier"},
    {"q": "école rénovation"},
    {"q": "syndicat laval"},
    {"q": "routes", "territoire": "53130"},
    {"thematique": "voirie", "besoin": "technique"},
    {"thematique": ["eau", "climat"], "cout": "gratuit", "territoire": "200083392"},
    {"q": "conseil", "stade": "etudes", "public": "commune", "page": "3"},  # matches every structure
)


def build(session: Session, n: int, taxonomy, rng: random.Random) -> None:
    """Insert ``n`` synthetic structures (1–5 offers each, tags from the real taxonomy)."""
    communes, epcis = read_territoires(DATA / "territoires" / "communes-53.json", DATA / "territoires" / "epci-53.json")
    upsert_territoires(session, communes, epcis)
    commune_codes = [c["code"] for c in communes]
    epci_codes = [e["code"] for e in epcis]
    slugs = {kind: list(taxonomy.terms(vocab)) for kind, vocab in KINDS.items()}
    structures, offres, tags, territoires = [], [], [], []
    offre_id = 0
    names = [c["nom"] for c in communes]
    themes = taxonomy.terms("thematiques")
    for sid in range(1, n + 1):
        # Text drawn from the real taxonomy (labels, descriptions, synonyms of the offer's themes),
        # so that a query matches a realistic share of the structures rather than all of them.
        name = f"{rng.choice(KIND_WORDS)} {rng.choice(('de', 'du pays de', 'intercommunal de'))} {rng.choice(names)}"
        sigle = "".join(w[0] for w in name.split() if w[0].isupper()).upper() + str(sid)
        main = rng.sample(slugs["thematique"], 2)
        structures.append({"id": sid, "slug": f"structure-{sid}", "nom": f"{name} {sid}", "sigle": sigle,
                           "categorie": rng.choice(CATEGORIES),
                           "presentation": " ".join(themes[t].description for t in main),
                           "confiance": "moyenne", "version": 1})
        for position in range(rng.randint(1, 5)):
            offre_id += 1
            theme = rng.sample(slugs["thematique"], rng.randint(1, 3))
            words = [w for t in theme for w in rng.sample(themes[t].synonymes, min(3, len(themes[t].synonymes)))]
            offres.append({"id": offre_id, "structure_id": sid, "position": position, "slug": f"offre-{position}",
                           "titre": f"Appui : {', '.join(taxonomy.label('thematiques', t) for t in theme)}",
                           "description": f"Conseil et accompagnement : {', '.join(words)}.",
                           "cout": rng.choice(COUTS)})
            tags += [{"offre_id": offre_id, "kind": "thematique", "slug": t} for t in theme]
            for kind in ("besoin", "stade", "public"):
                tags += [{"offre_id": offre_id, "kind": kind, "slug": s}
                         for s in rng.sample(slugs[kind], rng.randint(1, 2))]
            scope = rng.random()
            if scope < 0.4:
                territoires.append({"offre_id": offre_id, "kind": "departement", "code": "53"})
            elif scope < 0.8:
                territoires.append({"offre_id": offre_id, "kind": "epci", "code": rng.choice(epci_codes)})
            else:
                territoires += [{"offre_id": offre_id, "kind": "commune", "code": c}
                                for c in rng.sample(commune_codes, 3)]
    for model, rows in ((Structure, structures), (Offre, offres), (OffreTag, tags), (OffreTerritoire, territoires)):
        session.execute(insert(model), rows)
    print(f"  {len(structures)} structures, {len(offres)} offres, {len(tags)} étiquettes, "
          f"{len(territoires)} territoires")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--structures", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--db", type=Path, default=None,
                        help="garder la base dans ce fichier (réutilisée si elle existe déjà)")
    args = parser.parse_args()
    taxonomy = load_taxonomy(DATA / "taxonomie.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.sqlite"
        reuse = path.exists()
        engine = make_engine(f"sqlite:///{path}")
        upgrade(engine)
        if reuse:
            print(f"Base existante réutilisée : {path}")
        else:
            print(f"Construction de la base ({args.structures} structures synthétiques)…")
            with Session(engine) as session:
                started = time.perf_counter()
                build(session, args.structures, taxonomy, random.Random(53))
                search.reindex(session, taxonomy=taxonomy)
                session.commit()
                print(f"  chargement + indexation : {time.perf_counter() - started:.1f} s")
        with Session(engine) as session:
            started = time.perf_counter()
            rechercher(session, parse_criteres(MultiDict(), taxonomy), taxonomy)
            print(f"  premier appel (construction du cache des facettes) : "
                  f"{(time.perf_counter() - started) * 1000:.0f} ms")
        print(f"\nMédiane sur {args.runs} appels de rechercher() (facettes comptées, page chargée), "
              f"budget {BUDGET_MS:.0f} ms :")
        worst = 0.0
        for params in QUERIES:
            criteres = parse_criteres(MultiDict([(k, x) for k, v in params.items()
                                                 for x in (v if isinstance(v, list) else [v])]), taxonomy)
            times = []
            for _ in range(args.runs):
                with Session(engine) as session:
                    started = time.perf_counter()
                    result = rechercher(session, criteres, taxonomy)
                    times.append((time.perf_counter() - started) * 1000)
            median = statistics.median(times)
            worst = max(worst, median)
            print(f"  {median:6.2f} ms  ({result.total:5d} résultats)  {params or '(tout)'}")
        engine.dispose()
        verdict = "OK" if worst < BUDGET_MS else "HORS BUDGET"
        print(f"\n{verdict} : pire médiane {worst:.2f} ms (budget {BUDGET_MS:.0f} ms)")


if __name__ == "__main__":
    main()
