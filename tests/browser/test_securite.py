"""Login throttling, password policy and the accounts list in Chromium: messages readable at 375 and
1280 px, axe clean."""
from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, screenshot
from tests.browser.test_admin import PASSWORD, _login, admin_account  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser


def _fail(page, base: str, email: str) -> None:
    page.goto(f"{base}/connexion")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill("mauvais mot de passe")
    page.get_by_role("button", name="Se connecter").click()


@pytest.mark.usefixtures("admin_account")
@pytest.mark.parametrize("width", [375, 1280])
def test_slowed_login_guessable_password_and_accounts_list(live_server, browser, width):
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 900})
    page = context.new_page()
    for _ in range(6):
        _fail(page, live_server, "editeur@caue53.fr")
    assert "patientez" in page.locator(".fr-alert").inner_text()
    screenshot(page, f"securite-connexion-ralentie-{width}")
    assert axe_violations(page) == []

    _login(page, live_server, "admin@ddt53.fr")
    page.goto(f"{live_server}/admin/utilisateurs")
    assert "Connexions ralenties jusqu" in page.content()
    screenshot(page, f"securite-comptes-{width}")
    assert axe_violations(page) == []

    page.goto(f"{live_server}/mot-de-passe")
    page.locator("#actuel").fill(PASSWORD)
    page.locator("#nouveau").fill("azertyuiop12")
    page.locator("#confirmation").fill("azertyuiop12")
    page.get_by_role("button", name="Enregistrer le nouveau mot de passe").click()
    # The message belongs to the new password's field, not to the current one.
    assert "trop facile à deviner" in page.locator("#nouveau-messages").inner_text()
    assert "trop facile" not in page.locator("#actuel-messages").inner_text()
    screenshot(page, f"securite-mot-de-passe-{width}")
    assert axe_violations(page) == []
    context.close()
