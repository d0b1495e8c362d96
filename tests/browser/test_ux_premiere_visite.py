"""Issue 13, in Chromium: what a new user hit on a phone, with and without JavaScript."""
from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 667}


def _context(browser, js: bool, viewport=PHONE):
    return browser.new_context(locale="fr-FR", java_script_enabled=js, viewport=viewport)


@pytest.mark.parametrize("js", [True, False], ids=["js", "sans-js"])
def test_home_main_action_is_on_the_first_screen_of_a_phone(browser, live_server, js):
    context = _context(browser, js)
    page = context.new_page()
    page.goto(f"{live_server}/")
    action = page.locator("main a.fr-btn", has_text="Trouver un interlocuteur pour mon projet").first
    box = action.bounding_box()
    assert box and box["y"] + box["height"] <= PHONE["height"], box
    screenshot(page, f"i13-accueil-375-{'js' if js else 'sans-js'}")
    action.click()
    page.wait_for_url("**/parcours/profil**")
    context.close()


def test_header_links_reachable_on_a_phone_without_javascript(browser, live_server):
    context = _context(browser, js=False)
    page = context.new_page()
    page.goto(f"{live_server}/")
    # The DSFR "Menu" button needs its script: hidden, the links are listed instead.
    assert not page.get_by_role("button", name="Menu").is_visible()
    for label in ("Qui fait quoi", "Ma commune", "Dispositifs"):
        assert page.get_by_role("link", name=label, exact=True).is_visible(), label
    # (axe needs the page's JavaScript: the page with JS is checked below.)
    page.get_by_role("link", name="Dispositifs", exact=True).click()
    page.wait_for_url("**/dispositifs")
    context.close()


def test_header_keeps_the_dsfr_menu_button_with_javascript(browser, live_server):
    context = _context(browser, js=True)
    page = context.new_page()
    page.goto(f"{live_server}/")
    assert page.locator(".carto-nav-sans-js").count() == 0  # <noscript> content is not parsed
    assert axe_violations(page) == []
    page.get_by_role("button", name="Menu").click()
    assert page.get_by_role("link", name="Dispositifs", exact=True).is_visible()
    context.close()


def test_back_button_shows_the_previous_step_answered(page, live_server):
    page.goto(f"{live_server}/parcours")
    page.get_by_text("Élu·e (maire, adjoint·e, président·e)", exact=True).click()
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_url("**/parcours/type_collectivite?profil=elu**")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'question'")
    page.go_back()
    page.wait_for_url("**/parcours/profil?**profil=elu**")
    page.wait_for_selector("input[name=profil]")
    assert page.locator("input[name=profil][value=elu]").is_checked()
    page.go_forward()
    page.wait_for_url("**/parcours/type_collectivite**")


def test_dispositifs_table_fits_a_phone(browser, live_server):
    context = _context(browser, js=True)
    page = context.new_page()
    page.goto(f"{live_server}/dispositifs")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    rows = page.locator(".carto-table-frise tbody tr")
    assert rows.count() >= 5
    for i in range(3):
        for cell in ("th", "td >> nth=1", "td >> nth=-1"):
            box = rows.nth(i).locator(cell).first.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (i, cell, box)
    page.locator(".carto-table-frise").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot(page, "i13-dispositifs-375").with_name("i13-dispositifs-375-ecran.png")))
    context.close()


def test_commune_page_starts_the_wizard_with_the_commune(page, live_server):
    page.goto(f"{live_server}/communes/53130")
    link = page.get_by_role("link", name="Trouver un interlocuteur pour un projet à Laval")
    link.click()
    page.wait_for_url("**/parcours/profil?**commune=53130**")
    page.get_by_text("Élu·e (maire, adjoint·e, président·e)", exact=True).click()
    page.get_by_role("button", name="Continuer").click()
    # Collectivité and commune are answered: the wizard goes on to the project.
    page.wait_for_url("**/parcours/projet?**")
    assert "commune=53130" in page.url
