"""The home and information pages in Chromium: layout, no serious axe violation, no console error."""
from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path, name", [("/", "accueil"), ("/accessibilite", "accessibilite"),
                                        ("/mentions-legales", "mentions-legales")])
def test_information_pages_are_accessible(page, live_server, path, name):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server + path)
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    screenshot(page, f"page-{name}")
    assert errors == []


def test_home_entries_lead_to_the_tools(page, live_server):
    page.goto(live_server + "/")
    # The main action (first screen) and its tile lead to the same place.
    links = page.get_by_role("link", name="Trouver un interlocuteur pour mon projet")
    assert links.count() == 2 and {links.nth(i).get_attribute("href") for i in range(2)} == {"/parcours"}
    links.first.click()
    assert page.locator("h1").inner_text().strip() != ""
    assert "/parcours/" in page.url
    page.goto(live_server + "/")
    page.get_by_role("link", name="Annuaire des acteurs").first.click()
    assert page.url.endswith("/annuaire")


def test_phone_width_has_no_horizontal_scroll(browser, live_server):
    context = browser.new_context(locale="fr-FR", viewport={"width": 375, "height": 800})
    page = context.new_page()
    for path in ("/", "/parcours/profil", "/annuaire"):
        page.goto(live_server + path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    screenshot(page, "annuaire-telephone")
    context.close()
