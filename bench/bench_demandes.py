"""Bounded load test of "Être recontacté" (not a test): N concurrent requests sent → N stored, 0 × 5xx.

Starts gunicorn (2 sync workers, as `make run`) on a SQLite copy of the loaded data — or on
``--database-url`` — with CSRF and the rate limiter on (the per-address limit raised: here every
client shares 127.0.0.1). N client threads each open the form of a result card (session cookie +
CSRF token), then all post at the same moment (a barrier). Afterwards the database is counted:
every request must be stored, with its history, and no answer may be a 5xx.

    .venv/bin/python bench/bench_demandes.py [--requests 200] [--workers 2] [--database-url URL]
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_http import free_port, prepare_database, start, stop  # noqa: E402

ANSWERS = ("profil=elu&type_collectivite=commune&commune=53214&projet=&thematique=voirie&besoin=technique"
           "&stade=etudes")
FORM = f"/demandes/nouvelle/cerema?{ANSWERS}"
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def one_client(port: int, i: int, barrier: threading.Barrier, out: list) -> None:
    """GET the form (cookie, token), wait for every client, POST; record the status and the time taken."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", FORM)
        response = conn.getresponse()
        html = response.read().decode("utf-8")
        cookie = (response.getheader("Set-Cookie") or "").split(";", 1)[0]
        token = TOKEN.search(html).group(1)
        conn.close()
        body = urlencode({"csrf_token": token, "nom": f"Élu n° {i}", "fonction": "Maire", "commune": "Saint-Erblon",
                          "email": f"elu{i}@exemple.fr", "telephone": "",
                          "message": f"Demande de charge n° {i} : refaire la voirie du bourg."})
        barrier.wait()
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("POST", FORM, body=body, headers={"Content-Type": "application/x-www-form-urlencoded",
                                                       "Cookie": cookie})
        response = conn.getresponse()
        response.read()
        out.append((response.status, time.perf_counter() - started))
    except (OSError, http.client.HTTPException, AttributeError, threading.BrokenBarrierError) as exc:
        out.append((repr(exc), 0.0))
    finally:
        conn.close()


def count(url: str) -> tuple[int, int]:
    from sqlalchemy import func, select

    from wizard.db import make_engine
    from wizard.models import Demande, DemandeEvenement

    engine = make_engine(url)
    with engine.connect() as conn:
        demandes = conn.scalar(select(func.count()).select_from(Demande))
        envois = conn.scalar(select(func.count()).select_from(DemandeEvenement)
                             .where(DemandeEvenement.action == "envoi"))
    engine.dispose()
    return demandes, envois


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default=None, help="PostgreSQL (vide au départ) au lieu de SQLite")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-demandes-"))
    try:
        url = args.database_url or prepare_database(tmp)
        if args.database_url:
            from wizard import create_app

            create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
        before, envois_before = count(url)
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench", "PYTHONPATH": str(ROOT)}
        env.pop("MAIL_SERVER", None)  # measured without SMTP: the outbox is the subject of the tests
        port = free_port()
        limit = f"{args.requests * 2} per hour"
        server = start(f"wizard:create_app({{'DEMANDE_RATELIMIT': '{limit}'}})", port, args.workers, env)
        results: list = []
        try:
            barrier = threading.Barrier(args.requests, timeout=120)
            threads = [threading.Thread(target=one_client, args=(port, i, barrier, results))
                       for i in range(args.requests)]
            started = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.perf_counter() - started
        finally:
            stop(server)
        after, envois = count(url)
        statuses: dict = {}
        for status, _ in results:
            statuses[status] = statuses.get(status, 0) + 1
        errors_5xx = sum(n for s, n in statuses.items() if isinstance(s, int) and s >= 500)
        stored = after - before
        times = sorted(t for s, t in results if s == 303)
        p50 = times[len(times) // 2] if times else float("nan")
        p95 = times[int(len(times) * 0.95)] if times else float("nan")
        print(f"{args.requests} demandes envoyées en même temps (gunicorn -w {args.workers}, "
              f"{'PostgreSQL' if args.database_url else 'SQLite'}) en {elapsed:.1f} s")
        print(f"  réponses : {dict(sorted(statuses.items(), key=str))}")
        print(f"  enregistrées : {stored} (historique « envoi » : {envois - envois_before}), 5xx : {errors_5xx}")
        print(f"  durée d'un envoi : médiane {p50 * 1000:.0f} ms, 95e centile {p95 * 1000:.0f} ms")
        ok = stored == args.requests and errors_5xx == 0 and statuses.get(303) == args.requests
        print(f"Attendu : {args.requests} enregistrées, 0 × 5xx — {'tenu' if ok else 'NON TENU'}")
        return 0 if ok else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
