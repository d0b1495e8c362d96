"""Browser fixtures: the app served on a loopback port, driven by Debian's Chromium through Playwright."""
from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from wizard.config import ROOT

ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE = sorted((ROOT / "tests" / "vendor").glob("axe-core-*/axe.min.js"))


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 in a thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page with JavaScript enabled."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def page_nojs(browser):
    """A fresh page with JavaScript disabled: the service must work without it."""
    context = browser.new_context(locale="fr-FR", java_script_enabled=False, viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under tests/artifacts/ and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
    """Run axe-core in the page; return the violations of the given impacts (rule id and a few targets)."""
    if not AXE:
        pytest.fail("axe-core absent de tests/vendor/ : lancez scripts/vendor_assets.sh")
    # Evaluated through DevTools: a <script> tag would be (rightly) blocked by the app's CSP.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE[-1].read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = [v for v in result["violations"] if v.get("impact") in impacts]
    if found:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "axe-last.json").write_text(json.dumps(found, indent=1, ensure_ascii=False), encoding="utf-8")
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in found]


def internal_notes(slug: str) -> list[str]:
    """The back-office-only texts of a structure's data file (interne, offers' interne, mirror copies):
    none may appear on a public page."""
    from wizard.dataload.reader import read_yaml

    fiche = read_yaml(ROOT / "data" / "structures" / f"{slug}.yaml")
    notes: list[str] = []
    for interne in [fiche.get("interne") or {}] + [o.get("interne") or {} for o in fiche.get("offres") or ()]:
        for key in ("a_verifier", "certitude"):
            if interne.get(key):
                notes.append(str(interne[key]))
        notes.extend(str(p) for p in interne.get("pistes") or ())
    notes.extend(str(s["copie_consultee"]) for s in fiche.get("sources") or () if s.get("copie_consultee"))
    return notes


def assert_no_internal_note(page, slug: str) -> None:
    """No internal note of ``slug`` (its first 50 characters) is on the page."""
    text = " ".join(page.locator("body").inner_text().split())
    html = page.content()
    notes = internal_notes(slug)
    assert notes, f"{slug} sans note interne : le test ne vérifierait rien"
    for note in notes:
        assert " ".join(note.split())[:50] not in text, note
        if note.startswith("http"):  # a mirror's address: not even in a link
            assert note not in html, note
