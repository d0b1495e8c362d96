"""What the accessibility statement (/accessibilite) says is checked, checked: every page type at
320 px (reflow, WCAG 1.4.10) with axe-core, and the keyboard's way in (skip link, then the content)."""
from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser
#: One page of each type the public meets (the statement lists the same ones).
PAGE_TYPES = {
    "accueil": "/",
    "etape-du-parcours": "/parcours/type_collectivite?profil=elu",
    "resultats": "/parcours/resultats?profil=elu&type_collectivite=commune&commune=53130&projet="
                 "&thematique=urbanisme&besoin=technique&stade=etudes",
    "annuaire": "/annuaire",
    "fiche-structure": "/structures/caue-53",
    "qui-fait-quoi": "/cartographie",
    "ma-commune": "/communes",
    "commune": "/communes/53130",
    "dispositifs": "/dispositifs",
    "donnees": "/donnees",
    "mentions-legales": "/mentions-legales",
    "accessibilite": "/accessibilite",
    "page-introuvable": "/nulle-part",
}


@pytest.fixture
def narrow(browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 320, "height": 640})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_type_reflows_at_320_px_without_axe_violation(narrow, live_server, name):
    narrow.goto(f"{live_server}{PAGE_TYPES[name]}")
    assert narrow.evaluate("document.documentElement.scrollWidth") <= 320, "défilement horizontal à 320 px"
    assert axe_violations(narrow) == []
    assert narrow.locator("h1").count() == 1
    if name in ("accueil", "resultats", "dispositifs"):
        screenshot(narrow, f"i13-320-{name}")


def test_keyboard_reaches_the_content_first_through_the_skip_link(page, live_server):
    page.goto(f"{live_server}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Contenu"
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.hash === '#contenu'")
    # The next Tab lands inside the main content: the page's main action.
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Trouver un interlocuteur pour mon projet"
    page.keyboard.press("Enter")
    page.wait_for_url("**/parcours/profil**")
    # A wizard answer with the keyboard only: arrow keys pick a radio, Enter submits.
    page.locator("input[name=profil]").first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    page.wait_for_url("**/parcours/type_collectivite**")
