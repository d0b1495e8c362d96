"""Back-office in Chromium: login → edit a fiche → its history; axe on every back-office page."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import axe_violations, screenshot
from wizard.auth.services import create_user
from wizard.db import get_session

pytestmark = pytest.mark.browser
PASSWORD = "une phrase de passe solide"


@pytest.fixture
def admin_account(app):
    with app.app_context():
        session = get_session()
        create_user(session, "admin@ddt53.fr", PASSWORD, "admin", [])
        create_user(session, "editeur@caue53.fr", PASSWORD, "editeur", ["caue-53"])
        session.commit()


def _login(page, base: str, email: str) -> None:
    page.goto(f"{base}/connexion")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{base}/admin/")


def test_login_edit_history(live_server, page, admin_account):
    page.goto(f"{live_server}/admin/structures/caue-53/modifier")
    assert "/connexion" in page.url  # anonymous → login, then back to the fiche
    assert axe_violations(page) == []
    screenshot(page, "admin-connexion")
    page.get_by_label("Adresse électronique").fill("editeur@caue53.fr")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{live_server}/admin/structures/caue-53/modifier")

    page.get_by_label("Sigle", exact=True).fill("CAUE Mayenne")
    # "Sources de la présentation" also holds the word: the field whose label starts with it.
    page.get_by_label(re.compile(r"^Présentation")).fill(
        "Conseils gratuits aux communes sur l'architecture et le paysage.")
    screenshot(page, "admin-edition")
    page.get_by_role("button", name="Enregistrer la fiche").click()
    page.wait_for_load_state()
    assert "Fiche enregistrée" in page.content()
    assert page.get_by_label("Sigle", exact=True).input_value() == "CAUE Mayenne"

    page.get_by_role("link", name="Historique des modifications").click()
    page.wait_for_url(f"{live_server}/admin/structures/caue-53/historique")
    body = page.locator("main").inner_text()
    assert "par editeur@caue53.fr" in body and "CAUE Mayenne" in body
    assert axe_violations(page) == []
    screenshot(page, "admin-historique")


def test_conflict_page_in_the_browser(live_server, browser, admin_account):
    first = browser.new_context(locale="fr-FR").new_page()
    second = browser.new_context(locale="fr-FR").new_page()
    _login(first, live_server, "admin@ddt53.fr")
    _login(second, live_server, "editeur@caue53.fr")
    url = f"{live_server}/admin/structures/caue-53/modifier"
    first.goto(url)
    second.goto(url)
    first.get_by_label("Sigle", exact=True).fill("Version admin")
    first.get_by_role("button", name="Enregistrer la fiche").click()
    first.wait_for_load_state()
    second.get_by_label("Sigle", exact=True).fill("Version éditeur")
    second.get_by_role("button", name="Enregistrer la fiche").click()
    second.wait_for_load_state()
    assert "modifiée par quelqu'un d'autre" in second.content()
    assert second.get_by_label("Sigle", exact=True).input_value() == "Version éditeur"
    assert axe_violations(second) == []
    screenshot(second, "admin-conflit")
    second.get_by_role("button", name="Enregistrer ma version").click()
    second.wait_for_load_state()
    assert "Fiche enregistrée" in second.content()
    first.context.close()
    second.context.close()


@pytest.mark.parametrize("path", ["/admin/", "/admin/structures", "/admin/structures/caue-53/modifier",
                                  "/admin/structures/caue-53/offres/nouvelle", "/admin/structures/nouvelle",
                                  "/admin/qualite",
                                  "/admin/suggestions", "/admin/parcours", "/admin/parcours/plan",
                                  "/admin/parcours/chemins?thematique=biodiversite", "/admin/utilisateurs",
                                  "/mot-de-passe"])
def test_back_office_pages_have_no_serious_axe_violation(live_server, page, admin_account, path):
    _login(page, live_server, "admin@ddt53.fr")
    response = page.goto(f"{live_server}{path}")
    assert response is not None and response.status == 200  # an error page would pass axe too
    assert page.locator("h1").count() == 1
    violations = axe_violations(page)
    assert violations == []
    name = "admin" + path.split("?")[0].replace("/", "-").rstrip("-")
    screenshot(page, name)
    if path.startswith("/admin/parcours/"):
        # The authors' pages hold a drawing and a wide table: look at them on a phone too.
        page.set_viewport_size({"width": 375, "height": 800})
        assert axe_violations(page) == []
        screenshot(page, name + "-375")
