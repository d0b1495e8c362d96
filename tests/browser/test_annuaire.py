"""The annuaire and a fiche in a real Chromium: live search with htmx, no-JS fallback, axe, screenshots."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import assert_no_internal_note, axe_violations, screenshot
from wizard.config import ROOT
from wizard.dataload.reader import read_yaml

pytestmark = pytest.mark.browser
#: The annuaire lists every structure of data/ (one file each).
TOUTES = f"{len(list((ROOT / 'data' / 'structures').glob('*.yaml')))} structures"


def test_annuaire_live_search_and_filters(page, live_server):
    page.goto(f"{live_server}/annuaire")
    status = page.locator("#resultats-statut")
    assert status.inner_text() == TOUTES
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
    page.wait_for_function("(t) => document.querySelector('#resultats-statut').textContent.trim() === t", arg=TOUTES)
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

    # A fiche that knows little says little, cleanly: no "à compléter" placeholders (v2), one
    # sentence where no channel is verified, and never the internal research notes.
    page.goto(f"{live_server}/structures/chambre-agriculture-53")
    assert not read_yaml(ROOT / "data" / "structures" / "chambre-agriculture-53.yaml").get("contacts")
    contacts = page.locator(".carto-contacts").inner_text()
    assert "ne sont pas encore vérifiées" in contacts and "Téléphone" not in contacts
    assert "à compléter" not in page.locator("main").inner_text()
    assert_no_internal_note(page, "chambre-agriculture-53")
    assert axe_violations(page) == []
    screenshot(page, "fiche-chambre-agriculture-53")


@pytest.mark.parametrize("slug", ["caue-53", "ddt-53"])
def test_fiche_sources_each_fact_and_hides_internal_notes(page, live_server, slug):
    fiche = read_yaml(ROOT / "data" / "structures" / f"{slug}.yaml")
    page.goto(f"{live_server}/structures/{slug}")
    badges = page.locator("main .fr-badges-group").first.inner_text().lower()
    assert {"departemental": "départemental", "regional": "régional", "national": "national",
            "proximite": "de proximité"}[fiche["niveau"]] in badges
    # One "Source : …" under the presentation, under each offer and under each contact channel.
    intro = page.locator(".carto-fiche .fr-col-lg-8").first
    assert intro.locator(".carto-source").count() == 1
    offers = page.locator("section.carto-offre")
    assert offers.count() == len(fiche["offres"])
    for i in range(offers.count()):
        assert offers.nth(i).locator(".carto-source").inner_text().startswith("Source")
    contacts = page.locator(".carto-contacts")
    assert contacts.locator(".carto-source").count() == len(fiche.get("contacts") or ())
    for c in fiche.get("contacts") or ():
        if c.get("telephone"):
            assert contacts.get_by_role("link", name=c["telephone"]).count() == 1
        if c.get("email"):
            assert contacts.locator(f"a[href='mailto:{c['email']}']").count() == 1
    assert_no_internal_note(page, slug)
    # Slugs stay in URLs, never in the text.
    text = page.locator("main").inner_text()
    for o in fiche["offres"]:
        assert o["slug"] not in text
    assert axe_violations(page) == []
