"""Qui fait quoi, the map of the communes, the commune page and the timeline in a real Chromium: htmx filters,
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


def test_interactive_map_colours_communes_and_opens_their_page(page, live_server):
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{live_server}/cartographie/carte?thematique=architecture-batiment&besoin=financiere")
    # Leaflet replaces the SVG once the GeoJSON is drawn: 240 communes, 10 EPCI outlines.
    page.wait_for_selector("#carte-interactive path.leaflet-interactive")
    expect(page.locator("#carte-svg")).to_be_hidden()
    assert page.locator("#carte-interactive path.leaflet-interactive").count() == 240
    assert page.locator("#carte-interactive path:not(.leaflet-interactive)").count() == 10
    assert page.locator(".leaflet-tile").count() == 0  # no tile server by default
    assert axe_violations(page) == []
    screenshot(page, "cartographie-carte")
    # The map's colour of Laval is the table's class of Laval.
    niveau = page.locator('tr[data-commune="53130"]').get_attribute("data-niveau")
    fill = page.locator('#carte-interactive path[aria-label^="Laval :"]').get_attribute("fill")
    legende = f".carte-legende .carte--{niveau}"
    probe = page.evaluate(f"getComputedStyle(document.querySelector('{legende}')).backgroundColor")
    assert fill == probe
    # Keyboard: a commune is a focusable link; Enter opens its page.
    laval = page.locator('#carte-interactive path[aria-label^="Laval :"]')
    laval.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/communes/53130$"))
    page.go_back()
    page.wait_for_selector("#carte-interactive path.leaflet-interactive")
    page.locator('#carte-interactive path[aria-label^="Bouessay :"]').click(force=True)
    page.wait_for_url(re.compile(r"/communes/53037$"))
    assert page.locator("figure.petite-carte svg path.petite-carte__commune").count() == 1
    assert axe_violations(page) == []
    screenshot(page, "commune-bouessay-petite-carte")

    page.goto(f"{live_server}/donnees")
    assert axe_violations(page) == []
    screenshot(page, "donnees")


def test_map_without_javascript_and_on_a_phone(browser, live_server):
    context = browser.new_context(locale="fr-FR", java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{live_server}/cartographie/carte?thematique=eau")
        assert page.locator("#carte-svg svg a").count() == 240
        assert page.locator("#carte-svg svg path.carte-epci").count() == 10
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        screenshot(page, "cartographie-carte-sans-js-telephone")
        page.select_option("#besoin", "juridique")
        page.get_by_role("button", name="Afficher la carte").click()
        page.wait_for_url(re.compile(r"besoin=juridique"))
        page.locator('#carte-svg svg a[aria-label^="Laval :"]').click()
        page.wait_for_url(re.compile(r"/communes/53130$"))
    finally:
        context.close()


@pytest.mark.parametrize("largeur", [375, 1280])
def test_server_rendered_map_is_accessible(page, live_server, largeur):
    """The SVG as a browser without the map library sees it (axe needs scripts, so Leaflet is blocked
    rather than JavaScript turned off)."""
    page.route(re.compile(r".*/leaflet[^/]*\.js$"), lambda route: route.abort())
    page.set_viewport_size({"width": largeur, "height": 900})
    page.goto(f"{live_server}/cartographie/carte?thematique=sante")
    expect(page.locator("#carte-svg")).to_be_visible()
    expect(page.locator("#carte-interactive")).to_be_hidden()
    assert page.locator("#carte-svg svg a").count() == 240
    assert page.evaluate("document.documentElement.scrollWidth") <= largeur
    assert axe_violations(page) == []
    screenshot(page, f"cartographie-carte-svg-{largeur}")


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
