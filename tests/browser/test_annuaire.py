"""The annuaire and a fiche in a real Chromium: live search with htmx, no-JS fallback, axe, screenshots."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser


def test_annuaire_live_search_and_filters(page, live_server):
    page.goto(f"{live_server}/annuaire")
    status = page.locator("#resultats-statut")
    assert status.inner_text() == "39 structures"
    assert axe_violations(page) == []
    screenshot(page, "annuaire")

    search = page.locator("#q")
    search.click()
    search.press_sequentially("epf foncier", delay=30)
    page.wait_for_function("() => document.querySelector('#resultats-statut').textContent.includes('epf foncier')")
    first = page.locator("#resultats .fr-card__title a").first
    assert "EPFL" in first.inner_text() or "foncier" in first.inner_text()
    assert "q=epf+foncier" in page.url or "q=epf%20foncier" in page.url
    # htmx swapped only the results: the visitor keeps typing in the field.
    assert page.evaluate("document.activeElement.id") == "q"

    search.fill("")
    page.wait_for_function("() => document.querySelector('#resultats-statut').textContent.trim() === '39 structures'")
    count = int(page.locator("#compte-thematique-voirie").inner_text().split()[0])
    # The Thématique group is open by default; DSFR draws the box on the label.
    page.locator("label[for=f-thematique-voirie]").click()
    page.wait_for_function(
        "(n) => document.querySelector('#resultats-statut').textContent.trim() === n + ' structures'", arg=count)
    assert "thematique=voirie" in page.url
    assert page.locator("#resultats .fr-card").count() == count
    screenshot(page, "annuaire-voirie")
    assert axe_violations(page) == []


def test_annuaire_works_without_javascript(page_nojs, live_server):
    page_nojs.goto(f"{live_server}/annuaire")
    page_nojs.fill("#q", "cerema")
    page_nojs.locator("#recherche button[type=submit]").click()
    page_nojs.wait_for_url(re.compile(r"q=cerema"))
    assert page_nojs.locator("#resultats .fr-card__title a").first.inner_text().startswith("Centre d")
    page_nojs.select_option("#territoire", "53084")
    page_nojs.get_by_role("button", name="Appliquer les filtres").click()
    page_nojs.wait_for_url(re.compile(r"territoire=53084"))
    assert "compétentes sur Craon" in page_nojs.locator("#resultats-statut").inner_text()


def test_fiche_and_suggestion_form(page, live_server):
    page.goto(f"{live_server}/structures/prefecture-53")
    assert page.locator("h1").inner_text().startswith("Préfecture de la Mayenne")
    assert page.locator("a[href='tel:+33243015000']").count() >= 1
    assert not page.locator(".carto-piege").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "fiche-prefecture-53")

    page.select_option("#champ", "telephone")
    page.fill("#message", "Le numéro du standard a changé.")
    page.get_by_role("button", name="Envoyer ma proposition").click()
    page.wait_for_url(re.compile(r"/structures/prefecture-53$"))
    assert "votre proposition a été transmise" in page.locator(".fr-alert").first.inner_text()

    page.goto(f"{live_server}/structures/chambre-agriculture-53")
    assert page.locator(".carto-a-completer").count() >= 3
    assert axe_violations(page) == []
    screenshot(page, "fiche-chambre-agriculture-53")
