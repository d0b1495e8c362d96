"""Bytes a first visit transfers, as headless Chromium fetches them (not a test).

Serves the app with gunicorn on 127.0.0.1 (same setup as bench_http.py), opens the home page and a
results page in a fresh Chromium profile (empty cache), and sums what went over the wire for every
request: response headers plus the body as sent (compressed when the server compressed it), fonts,
icons and scripts included. Then fetches a wizard step as the htmx fragment it is on a click, with
the Accept-Encoding Chromium sends. Budget (issue 13): first load < 200 KB, fragment < 10 KB.

    .venv/bin/python bench/bench_page_weight.py [--detail]
"""
from __future__ import annotations

import argparse
import http.client
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_http import ANSWERS, free_port, prepare_database, start, stop  # noqa: E402

PAGE_BUDGET = 200_000
FRAGMENT_BUDGET = 10_000
PAGES = {"accueil": "/", "page de résultats": f"/parcours/resultats?{ANSWERS}"}
FRAGMENT = ("/parcours/besoin?profil=elu&type_collectivite=commune&commune=53062"
            "&projet=refaire+la+voirie&thematique=voirie")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def first_load(browser, url: str, width: int) -> list[tuple[str, int, str]]:
    """(url, bytes on the wire, content-encoding) of every response of a cold load of ``url``."""
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 900})
    page = context.new_page()
    finished: list = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="networkidle")
    rows = []
    for request in finished:
        sizes = request.sizes()
        response = request.response()
        encoding = response.headers.get("content-encoding", "") if response else ""
        rows.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"], encoding))
    context.close()
    return rows


def fragment_size(port: int, accept_encoding: str) -> tuple[int, str]:
    """Body bytes of the htmx fragment of a step, and its Content-Encoding."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", FRAGMENT, headers={"HX-Request": "true", "Accept-Encoding": accept_encoding})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if response.status != 200:
        raise SystemExit(f"fragment : {response.status}")
    return len(body), response.getheader("Content-Encoding", "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--detail", action="store_true", help="list every response")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="bench-poids-"))
    try:
        url = prepare_database(tmp)
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench", "PYTHONPATH": str(ROOT)}
        port = free_port()
        server = start("wizard:create_app()", port, 1, env)
        ok = True
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
                for label, path in PAGES.items():
                    for width in (375, 1280):
                        rows = first_load(browser, f"http://127.0.0.1:{port}{path}", width)
                        total = sum(size for _, size, _ in rows)
                        fits = total < PAGE_BUDGET
                        ok &= fits
                        print(f"  {label + f' ({width} px)':32} {total / 1000:7.1f} ko en {len(rows):2} requêtes  "
                              f"{'OK' if fits else 'AU-DELÀ DU BUDGET'}")
                        if args.detail:
                            for address, size, encoding in sorted(rows, key=lambda r: -r[1]):
                                path_only = address.split(str(port), 1)[1]
                                print(f"      {size / 1000:7.1f} ko {encoding or '-':5} {path_only}")
                # The header Chromium sent is the one the fragment is measured with.
                context = browser.new_context()
                page = context.new_page()
                with page.expect_request(lambda r: r.url.endswith("/")) as info:
                    page.goto(f"http://127.0.0.1:{port}/")
                accept = info.value.all_headers().get("accept-encoding", "gzip, deflate")
                context.close()
                browser.close()
            size, encoding = fragment_size(port, accept)
            fits = size < FRAGMENT_BUDGET
            ok &= fits
            print(f"  {'fragment htmx d’une étape':32} {size / 1000:7.1f} ko ({encoding or 'non compressé'}, "
                  f"Accept-Encoding: {accept})  {'OK' if fits else 'AU-DELÀ DU BUDGET'}")
        finally:
            stop(server)
        print(f"Budget : première visite < {PAGE_BUDGET // 1000} ko, fragment < {FRAGMENT_BUDGET // 1000} ko — "
              f"{'tenu' if ok else 'NON TENU'}")
        return 0 if ok else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
