"""HTTP throughput of the wizard, the results page and the API against a bare Flask "hello" (not a test).

Starts two gunicorns with the same settings on 127.0.0.1 — bench/hello_app.py and our app on a SQLite
copy of the loaded data — and sends a bounded number of requests from a few client threads (http.client,
one connection per thread, reopened when the sync worker closes it), "hello" before and after each target.
Prints requests/s and the ratio to the mean of the two "hello" measured around it. Budget (DESIGN.md):
a wizard step, the results page and the API at least 0.5× the requests/s of "hello" measured in the same run.

    .venv/bin/python bench/bench_http.py [--requests 1500] [--threads 4] [--workers 2]
"""
from __future__ import annotations

import argparse
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGET = 0.5
ANSWERS = ("profil=elu&type_collectivite=commune&commune=53062&projet=refaire+la+voirie"
           "&thematique=voirie&besoin=technique&stade=etudes")
THEMES = ("amenagement-foncier", "architecture-batiment", "logement", "voirie", "transition-energetique",
          "concertation", "paysage", "urbanisme", "climat", "dechets", "developpement-economique", "biodiversite",
          "agriculture-alimentation", "mobilite", "numerique", "projet-de-territoire", "education-formation", "eau",
          "sante", "tourisme", "vieillissement", "finances-locales")
BESOINS = ("technique", "foncier-immobilier", "juridique", "financiere", "donnees", "communication",
           "accompagnement", "formation", "ne-sais-pas")
STADES = ("emergence", "etudes", "conception", "realisation", "gestion")
COMMUNES = ("53130", "53062", "53097", "53134", "53147")
#: 990 distinct answer sets, more than the shortlist memo holds: each request computes its shortlist.
VARIED = [f"commune={COMMUNES[i % 5]}&thematique={t}&besoin={b}&stade={s}&type_collectivite=commune"
          for i, (t, b, s) in enumerate((t, b, s) for t in THEMES for b in BESOINS for s in STADES)]
FLOOR = "page statique du site (plancher)"
TARGETS = {
    # Not ours: the floor any full page of the site pays (base.html, headers, session, CSRF token).
    FLOOR: ["/mentions-legales"],
    "étape du parcours (page)": ["/parcours/besoin?profil=elu&type_collectivite=commune&commune=53062"
                                 "&projet=refaire+la+voirie&thematique=voirie"],
    "étape du parcours (fragment htmx)": ["/parcours/besoin?profil=elu&type_collectivite=commune&commune=53062"
                                          "&projet=refaire+la+voirie&thematique=voirie#htmx"],
    "étape, réponses variées (page)": [f"/parcours/stade?profil=elu&projet=&{q.rsplit('&stade', 1)[0]}"
                                       .replace("&type_collectivite=commune", "") + "&type_collectivite=commune"
                                       for q in VARIED[::5]],
    "page de résultats (même lien)": [f"/parcours/resultats?{ANSWERS}"],
    "page de résultats (liens variés)": [f"/parcours/resultats?profil=elu&projet=&{q}" for q in VARIED],
    "API /recommandations (même requête)": ["/api/v1/recommandations?commune=53130&thematique=urbanisme"
                                            "&besoin=technique&type_collectivite=commune"],
    "API /recommandations (variées)": [f"/api/v1/recommandations?{q}" for q in VARIED],
    "API /communes": ["/api/v1/communes?q=chateau"],
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(app_spec: str, port: int, workers: int, env: dict[str, str]) -> subprocess.Popen:
    """gunicorn on 127.0.0.1:port (own process group so that it is stopped with all its workers)."""
    # The command line overrides ./gunicorn.conf.py (production settings): no worker recycling mid-run.
    command = [sys.executable, "-m", "gunicorn", "-w", str(workers), "--threads", "1", "-b", f"127.0.0.1:{port}",
               "--log-level", "warning", "--max-requests", "0", app_spec]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                time.sleep(0.5)  # let every worker boot
                return process
        except OSError:
            time.sleep(0.1)
    stop(process)
    raise SystemExit(f"gunicorn n'a pas démarré : {app_spec}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def measure(port: int, paths: list[str], total: int, threads: int) -> float:
    """Requests per second for ``total`` GETs cycling over ``paths``, split over ``threads`` clients."""
    htmx = paths[0].endswith("#htmx")
    paths = [p.removesuffix("#htmx") for p in paths]
    # What Chromium sends on loopback: our pages are compressed as a browser would get them.
    headers = {"Accept-Encoding": "gzip, deflate, br, zstd", **({"HX-Request": "true"} if htmx else {})}
    errors: list[str] = []
    counter = iter(range(10**9))

    def client(count: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        # Like a browser, each client keeps the session cookie it is given (the CSRF token lives there).
        cookie: dict[str, str] = {}
        for _ in range(count):
            path = paths[next(counter) % len(paths)]
            try:
                conn.request("GET", path, headers={**headers, **cookie})
                response = conn.getresponse()
                response.read()
                set_cookie = response.getheader("Set-Cookie")
                if set_cookie:
                    cookie = {"Cookie": set_cookie.split(";", 1)[0]}
                if response.status != 200:
                    errors.append(f"{response.status} {path}")
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (http.client.HTTPException, OSError) as exc:
                errors.append(repr(exc))
                conn.close()
        conn.close()

    for _ in range(2):  # warm-up: templates compiled, caches filled, in every worker
        client(20)
    errors.clear()
    per_thread = total // threads
    workers = [threading.Thread(target=client, args=(per_thread,)) for _ in range(threads)]
    started = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise SystemExit(f"{len(errors)} erreurs, par exemple {errors[:3]}")
    return per_thread * threads / elapsed


def prepare_database(directory: Path) -> str:
    """A SQLite file with data/ loaded (done once, before timing)."""
    from wizard import create_app

    url = f"sqlite:///{directory / 'bench.sqlite'}"
    create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    return url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1500)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-http-"))
    try:
        url = prepare_database(tmp)
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench", "PYTHONPATH": str(ROOT)}
        print(f"gunicorn -w {args.workers} --threads 1, {args.requests} requêtes par mesure, "
              f"{args.threads} clients, 127.0.0.1")
        # Both servers run side by side (idle sync workers cost nothing) and "hello" is measured before and
        # after each target: each ratio compares requests made within the same minute, whatever the
        # shared machine's load does over the run.
        hello_port, our_port = free_port(), free_port()
        servers = [start("bench.hello_app:app", hello_port, args.workers, env)]
        results: dict[str, float] = {}
        try:
            servers.append(start("wizard:create_app()", our_port, args.workers, env))
            references = [measure(hello_port, ["/"], args.requests, args.threads)]
            for label, paths in TARGETS.items():
                results[label] = measure(our_port, paths, args.requests, args.threads)
                references.append(measure(hello_port, ["/"], args.requests, args.threads))
        finally:
            for server in servers:
                stop(server)
        print(f"  {'hello (Flask nu)':40} {min(references):8.0f} – {max(references):.0f} req/s")
        ok = True
        for j, (label, rps) in enumerate(results.items()):
            ratio = rps / ((references[j] + references[j + 1]) / 2)
            if label == FLOOR:
                print(f"  {label:40} {rps:8.0f} req/s  {ratio:5.2f}× hello  (référence, hors budget)")
                continue
            ok &= ratio >= BUDGET
            print(f"  {label:40} {rps:8.0f} req/s  {ratio:5.2f}× hello  "
                  f"{'OK' if ratio >= BUDGET else 'SOUS LE BUDGET'}")
        print(f"Budget : ≥ {BUDGET}× hello — {'tenu' if ok else 'NON TENU'}")
        return 0 if ok else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
