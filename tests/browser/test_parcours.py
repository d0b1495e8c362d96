"""The parcours in a real Chromium: with htmx (fragment swaps, pushed URLs, focus, title) and without JS."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import ARTIFACTS, axe_violations, screenshot

pytestmark = pytest.mark.browser


def _choose(page, label: str) -> None:
    # DSFR draws the radio/checkbox on the label.
    page.get_by_text(label, exact=True).click()


def _continue_to(page, path_fragment: str) -> None:
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_url(f"**{path_fragment}**")


def _check_call_list(page, commune: str) -> int:
    """The v2 results: an ordered call list (rank, name, motif, one contact channel) mirrored by one
    detail card per structure, the programmes that can fund the project, and the answers folded in a
    <details>. Returns the number of structures."""
    calls = page.locator("ol.carto-appels > li.carto-appel")
    n = calls.count()
    assert 1 <= n <= 6
    assert page.locator(".carto-shortlist .fr-card").count() == n
    for i in range(n):
        call = calls.nth(i)
        assert call.locator(".carto-appel__rang").inner_text().strip() == str(i + 1)
        # The name leads to the structure's detail card, in the same order.
        anchor = call.locator("h2 a").get_attribute("href")
        assert page.locator(".carto-shortlist .fr-card").nth(i).get_attribute("id") == anchor.lstrip("#")
        assert call.locator(".carto-appel__corps > p").first.inner_text().strip()  # the motif
        # One way to reach it (its own channel, or the fallback's), not its whole contact block.
        assert call.locator(".carto-canal").count() == 1
        assert call.locator(".carto-canal a.fr-link").count() == 1
    assert page.get_by_role("heading", name="Financements mobilisables").is_visible()
    assert page.locator("ul.carto-financements > li").count() >= 1
    # "Votre demande" is folded: closed by default, the answers inside.
    demande = page.locator("details.carto-panneau")
    assert demande.locator("summary").inner_text().strip() == "Votre demande en détail"
    assert demande.get_attribute("open") is None
    assert not demande.locator("dl").is_visible()
    demande.locator("summary").click()
    assert demande.locator("dl").is_visible() and commune in demande.locator("dl").inner_text()
    demande.locator("summary").click()
    return n


def test_parcours_with_javascript(page, live_server):
    page.goto(f"{live_server}/parcours")
    assert page.url.endswith("/parcours/profil")
    assert page.title().startswith("Votre profil — Étape 1 sur")
    assert axe_violations(page) == []
    screenshot(page, "parcours-etape-profil")

    # An empty answer: the error is announced (role=alert) and focused, the URL does not move.
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_selector("#resume-erreurs")
    assert page.url.endswith("/parcours/profil")
    assert page.evaluate("document.activeElement.id") == "resume-erreurs"

    _choose(page, "Élu·e (maire, adjoint·e, président·e)")
    _continue_to(page, "/parcours/type_collectivite?profil=elu")
    # htmx swapped the fragment: the focus is on the new question, the title followed.
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'question'")
    assert page.title().startswith("Votre collectivité — Étape 2")
    assert page.evaluate("document.querySelectorAll('header').length") == 1

    _choose(page, "Une commune")
    _continue_to(page, "/parcours/commune")
    # Type once htmx has settled the new fragment (its focus handler runs after settle).
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'question'")
    search = page.locator("#recherche")
    search.press_sequentially("chateau gontier", delay=20)
    page.wait_for_selector("#choix-communes input[value='53062']")
    page.locator("label[for='commune-1']").click()
    assert axe_violations(page) == []
    screenshot(page, "parcours-etape-commune")
    _continue_to(page, "/parcours/projet")

    page.locator("#projet").fill("refaire la voirie du bourg")
    _continue_to(page, "/parcours/thematique")
    # The project's words pre-ticked the matching thématique.
    assert page.locator("input[name=thematique][value=voirie]").is_checked()
    _continue_to(page, "/parcours/besoin")
    _choose(page, "Ingénierie technique (études, conception, suivi de travaux)")
    _continue_to(page, "/parcours/stade")

    # Back button: the previous step is served again from its URL.
    page.go_back()
    page.wait_for_url("**/parcours/besoin**")
    # htmx restores the page from the server (no history cache): wait for the restored question.
    page.wait_for_selector("h1:text-is(\"De quel type d'aide avez-vous besoin ?\")")
    page.go_forward()
    page.wait_for_url("**/parcours/stade**")
    page.wait_for_selector("text=Où en est votre projet ?")

    _choose(page, "Études préalables, faisabilité, programmation")
    _continue_to(page, "/parcours/verification")
    assert page.get_by_role("link", name="Modifier : Votre commune").count() == 1
    page.get_by_role("link", name="Voir les structures à contacter").click()
    page.wait_for_url("**/parcours/resultats?**")
    _check_call_list(page, "Château-Gontier")
    # The permalink: this page's address plus the version of the rules and data and its list (version_lien).
    assert page.locator("#permalien").input_value().startswith(page.url + "&v=")
    assert page.get_by_role("button", name="Copier le lien").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "parcours-resultats")
    page.emulate_media(media="print")
    screenshot(page, "parcours-resultats-impression")
    pdf = page.pdf(path=str(ARTIFACTS / "parcours-resultats.pdf"), format="A4")
    # The print stylesheet makes a one-to-two-page orientation sheet.
    assert 1 <= len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= 2


def test_parcours_without_javascript(page_nojs, live_server):
    page = page_nojs
    page.goto(f"{live_server}/parcours")
    _choose(page, "Secrétaire de mairie ou agent")
    _continue_to(page, "/parcours/type_collectivite")
    _choose(page, "Une commune")
    _continue_to(page, "/parcours/commune")
    # Without JS: submit the text, then pick from the list.
    page.locator("#recherche").fill("saint")
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_selector("text=Plusieurs communes correspondent")
    assert page.locator("input[name=commune]").count() > 1
    screenshot(page, "parcours-commune-sans-js")
    page.locator("#recherche").fill("Château Gontier")
    _continue_to(page, "commune=53062")
    assert "/parcours/projet" in page.url
    _continue_to(page, "/parcours/thematique")
    page.get_by_text("Voirie", exact=True).click()
    _continue_to(page, "/parcours/besoin")
    _choose(page, "Je ne sais pas encore")
    _continue_to(page, "/parcours/stade")
    _choose(page, "J'ai une idée, je m'interroge")
    _continue_to(page, "/parcours/verification")
    page.get_by_role("link", name="Voir les structures à contacter").click()
    page.wait_for_url("**/parcours/resultats?**")
    _check_call_list(page, "Château-Gontier")
    # Without JS the copy and print buttons stay hidden; the permalink field is there.
    assert not page.get_by_role("button", name="Copier le lien").is_visible()
    screenshot(page, "parcours-resultats-sans-js")
