"""A workshop in a real Chromium: the animator creates it from the home page, two participants (one
without JavaScript) join with the code, finish a parcours and tick structures, and the room's
dashboard shows them (refreshed by htmx polling, or by the "Actualiser" link without JS)."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser


def _parcours(page, commune: str, code_insee: str, thematique: str) -> None:
    """Walk the parcours by clicking (works with and without JavaScript), up to the results."""
    def cont(fragment: str) -> None:
        page.get_by_role("button", name="Continuer").click()
        page.wait_for_url(f"**{fragment}**")

    page.get_by_text("Élu·e (maire, adjoint·e, président·e)", exact=True).click()
    cont("/parcours/type_collectivite")
    page.get_by_text("Une commune", exact=True).click()
    cont("/parcours/commune")
    page.locator("#recherche").fill(commune)
    cont(f"commune={code_insee}")
    cont("/parcours/thematique")
    page.get_by_text(thematique, exact=True).click()
    cont("/parcours/besoin")
    page.get_by_text("Ingénierie technique (études, conception, suivi de travaux)", exact=True).click()
    cont("/parcours/stade")
    page.get_by_text("Études préalables, faisabilité, programmation", exact=True).click()
    cont("/parcours/verification")
    page.get_by_role("link", name="Voir les structures à contacter").click()
    page.wait_for_url("**/parcours/resultats?**")


def _rejoindre(page, base: str, code: str, prenom: str | None) -> None:
    page.goto(f"{base}/ateliers")
    page.locator("#code").fill(code.lower())
    page.get_by_role("button", name="Rejoindre").click()
    page.wait_for_url(f"**/a/{code}")
    if prenom:
        page.locator("#prenom").fill(prenom)
    page.get_by_role("button", name="Rejoindre").click()
    page.wait_for_selector("text=Bienvenue dans l'atelier")


def _structures(page, *cles: str) -> None:
    page.get_by_role("link", name="Les structures que je connais").click()
    for cle in cles:
        page.locator(f"input[value='{cle}'] + label").click()
    page.get_by_role("button", name="Envoyer").click()
    page.wait_for_selector("text=vos réponses sont enregistrées")


def test_two_participants_and_the_dashboard(browser, live_server):
    animateur = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}).new_page()
    animateur.goto(live_server)
    animateur.get_by_role("link", name="Animer un atelier").click()
    animateur.wait_for_url("**/ateliers")
    assert axe_violations(animateur) == []
    screenshot(animateur, "ateliers-creation-1280")
    animateur.locator("#titre").fill("Les besoins à pourvoir")
    animateur.get_by_role("button", name="Créer la session").click()
    animateur.wait_for_url("**/cree")
    code = animateur.locator(".carto-code-atelier").first.inner_text().strip()
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{6}", code)
    assert "/gerer/" in animateur.locator(".carto-secret a").get_attribute("href")
    assert animateur.locator("img.carto-qr").evaluate("img => img.naturalWidth") > 0
    assert axe_violations(animateur) == []
    screenshot(animateur, "ateliers-session-creee-1280")

    salle = browser.new_context(locale="fr-FR", viewport={"width": 1920, "height": 1080}).new_page()
    salle.goto(f"{live_server}/ateliers/{code}/tableau")
    assert salle.locator(".carto-chiffres-cles").inner_text().startswith("0")

    # Participant 1: a phone, with JavaScript.
    tel = browser.new_context(locale="fr-FR", viewport={"width": 375, "height": 800}).new_page()
    _rejoindre(tel, live_server, code, "Anne")
    assert axe_violations(tel) == []
    screenshot(tel, "ateliers-participant-375")
    tel.get_by_role("link", name="Les structures que je connais").click()
    assert axe_violations(tel) == []
    screenshot(tel, "ateliers-structures-375")
    tel.go_back()
    tel.get_by_role("link", name="Mes besoins").click()
    _parcours(tel, "Château Gontier", "53062", "Voirie")
    assert "atelier=" + code in tel.url
    assert tel.get_by_text("Votre parcours est enregistré").is_visible()
    assert axe_violations(tel) == []
    screenshot(tel, "ateliers-resultats-375")
    tel.get_by_role("link", name="Retour à l'atelier").click()
    _structures(tel, "caue-53", "ddt-53")
    tel.get_by_role("link", name="Idées").click()
    assert axe_violations(tel) == []
    tel.go_back()

    # Participant 2: without JavaScript.
    nojs = browser.new_context(locale="fr-FR", java_script_enabled=False,
                               viewport={"width": 1280, "height": 900}).new_page()
    _rejoindre(nojs, live_server, code, None)
    nojs.get_by_role("link", name="Mes besoins").click()
    _parcours(nojs, "Château Gontier", "53062", "Eau et assainissement")
    assert nojs.get_by_text("Votre parcours est enregistré").is_visible()
    nojs.get_by_role("link", name="Retour à l'atelier").click()
    _structures(nojs, "caue-53")
    nojs.get_by_role("link", name="Idées").click()
    nojs.locator("#q0-texte").fill("Un appui juridique pour les petites communes")
    nojs.locator("form").filter(has=nojs.locator("#q0-texte")).get_by_role("button").click()
    nojs.wait_for_selector("text=votre idée est transmise")

    # The animator approves the idea.
    animateur.goto(f"{live_server}/ateliers/{code}/animation")
    assert axe_violations(animateur) == []
    animateur.get_by_role("button", name="Montrer à la salle").click()
    animateur.wait_for_selector("text=Modération enregistrée")
    screenshot(animateur, "ateliers-animation-1280")

    # The room's screen updated itself (htmx polling), without a reload.
    salle.wait_for_function("() => document.querySelector('.carto-chiffres-cles').innerText"
                            ".replace(/\\s+/g, ' ').startsWith('2 participants')", timeout=15000)
    salle.wait_for_selector("text=Un appui juridique pour les petites communes", timeout=15000)
    text = " ".join(salle.locator("#tableau-direct").inner_text().split())
    assert "2 parcours terminés" in text and "2 réponses « structures connues »" in text
    desc = salle.locator("#connues-desc").text_content()
    assert "CAUE : 100 % (2), enquête 93 %" in desc
    assert "Voirie : 50 % (1), enquête 94 %" in salle.locator("#themes-desc").text_content()
    assert "Anne" not in salle.content()
    assert axe_violations(salle) == []
    screenshot(salle, "ateliers-tableau-1920")
    salle.set_viewport_size({"width": 1280, "height": 900})
    screenshot(salle, "ateliers-tableau-1280")
    salle.set_viewport_size({"width": 375, "height": 800})
    screenshot(salle, "ateliers-tableau-375")

    # Without JavaScript the dashboard shows the same, and "Actualiser" reloads it.
    nojs.goto(f"{live_server}/ateliers/{code}/tableau")
    nojs.get_by_role("link", name="Actualiser").click()
    assert "2 participants" in " ".join(nojs.locator(".carto-chiffres-cles").inner_text().split())
    assert axe_violations(salle) == []

    animateur.goto(f"{live_server}/ateliers/comparer?a={code}&b={code}")
    assert axe_violations(animateur) == []

    # The synthesis prints.
    animateur.goto(f"{live_server}/ateliers/{code}/synthese")
    animateur.emulate_media(media="print")
    screenshot(animateur, "ateliers-synthese-impression")
    for p in (animateur, salle, tel, nojs):
        p.context.close()
