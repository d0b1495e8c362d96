"""Qui fait quoi, the EPCI schematic, the commune page and the timeline in a real Chromium: htmx filters,
no-JS fallback, phone layout, axe, screenshots."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import axe_violations, screenshot
from wizard.config import ROOT
from wizard.taxonomy import load_taxonomy

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect
#: The "liste par thématique" view has one section per thématique of the taxonomy.
NB_THEMATIQUES = len(load_taxonomy(ROOT / "data" / "taxonomie.yaml").terms("thematiques"))


def test_matrix_filters_with_htmx(page, live_server):
    page.goto(f"{live_server}/cartographie")
    assert page.locator("table caption").first.inner_text().startswith("Types d'aide proposés")
    assert axe_violations(page) == []
    # The page itself does not scroll sideways: only the table does.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    screenshot(page, "cartographie-matrice")

    page.select_option("#territoire", "200055887")
    expect(page.locator("#matrice h2")).to_contain_text("Mayenne Communauté")
    assert "territoire=200055887" in page.url
    assert page.locator("#matrice").count() == 1  # the fragment replaces the block, it is not nested in it
    page.select_option("#besoin", "communication")
    expect(page.locator("#matrice h2")).to_contain_text("Communication")
    assert page.locator("tr.carto-ligne-faible").count() > 0
    assert page.locator("tr.carto-ligne-faible .fr-badge").first.inner_text().lower() == "peu couvert"
    screenshot(page, "cartographie-matrice-communication")
    assert axe_violations(page) == []

    page.get_by_role("link", name="liste par thématique").click()
    page.wait_for_url(re.compile(r"vue=liste"))
    page.wait_for_selector("section.carto-theme")
    assert page.locator("section.carto-theme").count() == NB_THEMATIQUES


def test_matrix_on_a_phone_and_without_javascript(browser, live_server):
    context = browser.new_context(locale="fr-FR", java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{live_server}/cartographie?vue=liste")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        screenshot(page, "cartographie-liste-telephone")
        page.select_option("#territoire", "53130")
        page.locator("form.carto-filtres button[type=submit]").click()
        page.wait_for_url(re.compile(r"territoire=53130"))
        assert "Laval (53130)" in page.locator("#matrice h2").inner_text()
        assert page.locator("section.carto-theme").count() == NB_THEMATIQUES  # the chosen view travels with the form
    finally:
        context.close()


def test_schematic_map(page, live_server):
    page.goto(f"{live_server}/cartographie/carte")
    assert page.locator("svg a").count() == 10
    assert axe_violations(page) == []
    screenshot(page, "cartographie-carte")
    page.locator("svg a", has_text="Coëvrons").click()
    page.wait_for_url(re.compile(r"territoire=200033298"))
    assert "CC des Coëvrons" in page.locator("#matrice h2").inner_text()

    page.goto(f"{live_server}/donnees")
    assert axe_violations(page) == []
    screenshot(page, "donnees")


def test_commune_page_and_timeline(page, live_server):
    page.goto(f"{live_server}/communes")
    page.fill("#q", "Bouessay")
    page.wait_for_selector("#resultats-communes a")
    page.locator("#resultats-communes a", has_text="Bouessay").click()
    page.wait_for_url(re.compile(r"/communes/53037$"))
    assert "CC du Pays Sabolien" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    screenshot(page, "commune-bouessay")

    page.goto(f"{live_server}/dispositifs")
    total = page.locator("tr.carto-frise-ligne").count()
    assert total > 0
    assert axe_violations(page) == []
    screenshot(page, "dispositifs")
    page.select_option("#etat", "termines")
    expect(page.locator("#frise h2")).not_to_contain_text(f"{total} dispositifs")
    expect(page.locator("tr.carto-frise-ligne:not(.carto-frise-ligne--termine)")).to_have_count(0)
    assert "etat=termines" in page.url and page.locator("#frise").count() == 1
