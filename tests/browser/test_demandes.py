"""Done when: from a result card a request is sent, appears in the structure's partner inbox (or the DDT's),
is answered, and the sender's tracking page shows the answer — in Chromium, with and without JavaScript."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from flask import Flask

from tests.browser.conftest import ARTIFACTS, axe_violations, screenshot
from tests.courriels import SmtpSink
from tests.demandes.conftest import RESULTATS
from wizard import create_app
from wizard.auth.services import create_user
from wizard.db import get_session

pytestmark = pytest.mark.browser
PASSWORD = "une phrase de passe solide"
WIDTHS = (375, 1280)


@pytest.fixture
def app(loaded_sqlite: Path, tmp_path: Path, smtp: SmtpSink) -> Flask:
    """CSRF on as in production, mail through a local SMTP sink, counters written at once."""
    db_file = tmp_path / "app.sqlite"
    shutil.copy(loaded_sqlite, db_file)
    app = create_app({"DATABASE_URL": f"sqlite:///{db_file}", "SECRET_KEY": "test", "TESTING": True,
                      "RATELIMIT_ENABLED": False, "PILOTAGE_FLUSH_SECONDS": 0,
                      "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp.port})
    with app.app_context():
        session = get_session()
        create_user(session, "admin@ddt53.fr", PASSWORD, "admin", [])
        session.commit()
    return app


def _partner(app, slug: str) -> str:
    email = f"partenaire@{slug}.test"
    with app.app_context():
        session = get_session()
        create_user(session, email, PASSWORD, "editeur", [slug])
        session.commit()
    return email


def _login(page, base: str, email: str) -> None:
    page.goto(f"{base}/connexion")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{base}/admin/")


def _send_from_card(page, base: str, name: str) -> str:
    """On the result page, click the first card's "Être recontacté", fill the form, send; the tracking URL."""
    page.goto(base + RESULTATS)
    page.locator(".carto-carte-orientation .carto-recontact a").first.click()
    page.wait_for_url("**/demandes/nouvelle/**")
    assert page.get_by_label("Votre commune ou intercommunalité").input_value() == "Saint-Erblon"
    page.get_by_label("Votre nom").fill(name)
    page.get_by_label("Votre fonction").fill("Maire")
    page.get_by_label("Adresse électronique").fill("maire@saint-erblon.fr")
    page.get_by_label("Votre projet en quelques lignes").fill("Refaire la voirie du bourg : quel appui technique ?")
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_url("**/demandes/suivi/**")
    assert "Votre demande a été envoyée à" in page.content()
    return page.url


def _answer(page, base: str, name: str, text: str) -> None:
    page.goto(f"{base}/admin/demandes")
    page.get_by_role("link", name=re.compile(f"^{name}, ")).click()
    page.get_by_label("Votre réponse").fill(text)
    page.get_by_role("button", name="Envoyer la réponse").click()
    page.wait_for_load_state()
    assert "Réponse enregistrée" in page.content()


def test_card_to_partner_inbox_to_answer_on_the_tracking_page(live_server, browser, page, app, smtp):
    partner = _partner(app, "cerema")  # the first card of this result page
    suivi = _send_from_card(page, live_server, "Jeanne Martin")
    assert axe_violations(page) == []
    assert [m.sujet for m in smtp.to(partner)][:1] == ["Nouvelle demande de contact — Saint-Erblon"]

    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    partner_page = context.new_page()
    _login(partner_page, live_server, partner)
    _answer(partner_page, live_server, "Jeanne Martin", "Bonjour, le Cerema vous rappelle jeudi.")
    assert axe_violations(partner_page) == []
    context.close()

    page.goto(suivi)
    assert "le Cerema vous rappelle jeudi." in page.locator("main").inner_text()
    assert "répondue" in page.locator("main").inner_text().lower()  # the badge is upper-cased by CSS
    assert any("le Cerema vous rappelle jeudi." in m.corps for m in smtp.to("maire@saint-erblon.fr"))


def test_without_javascript_a_structure_without_partner_goes_to_the_ddt(live_server, browser, page_nojs, app):
    suivi = _send_from_card(page_nojs, live_server, "Paul Durand")
    context = browser.new_context(locale="fr-FR", java_script_enabled=False, viewport={"width": 1280, "height": 900})
    admin = context.new_page()
    _login(admin, live_server, "admin@ddt53.fr")
    _answer(admin, live_server, "Paul Durand", "La DDT transmet votre demande et vous répond ici.")
    context.close()
    page_nojs.goto(suivi)
    assert "La DDT transmet votre demande et vous répond ici." in page_nojs.locator("main").inner_text()


def test_screenshots_and_axe(live_server, browser, app):
    """The pages of this feature at 375 and 1280 px (looked at), axe-clean."""
    setup = browser.new_context(locale="fr-FR")
    sender = setup.new_page()
    for path in ("/parcours/profil", "/parcours/profil", "/parcours/type_collectivite?profil=elu"):
        sender.goto(live_server + path)  # a few step views for the drop-off chart
    suivi = _send_from_card(sender, live_server, "Jeanne Martin")
    admin = setup.new_page()
    _login(admin, live_server, "admin@ddt53.fr")
    _answer(admin, live_server, "Jeanne Martin", "Bonjour,\nnous vous rappelons jeudi matin.")
    admin.goto(live_server + RESULTATS)  # counted in the steering figures
    setup.close()
    for width in WIDTHS:
        context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 900})
        page = context.new_page()
        pages = [("resultats-recontact", live_server + RESULTATS), ("demande-formulaire",
                 f"{live_server}/demandes/nouvelle/cerema?" + RESULTATS.split("?", 1)[1]), ("demande-suivi", suivi)]
        for name, url in pages:
            page.goto(url)
            assert axe_violations(page) == [], name
            screenshot(page, f"{name}-{width}")
            if name == "resultats-recontact":  # the two additions, close up
                page.locator(".carto-carte-orientation").first.screenshot(
                    path=str(ARTIFACTS / f"resultats-carte-recontact-{width}.png"))
                page.locator("#avis").screenshot(path=str(ARTIFACTS / f"resultats-avis-{width}.png"))
                # Sent without a choice: the same page, scrolled to the form, the comment still there.
                page.fill("#commentaire", "Il manque le syndicat d'eau")
                page.get_by_role("button", name="Envoyer mon avis").click()
                page.wait_for_load_state()
                assert page.url.endswith("#avis") and page.input_value("#commentaire") == "Il manque le syndicat d'eau"
                assert page.locator("#avis [role=alert]").is_visible()
                assert page.evaluate("document.getElementById('avis').getBoundingClientRect().top") < 900
                assert axe_violations(page) == [], "avis refusé"
                page.locator("#avis").screenshot(path=str(ARTIFACTS / f"resultats-avis-refuse-{width}.png"))
        page.goto(f"{live_server}/demandes/nouvelle/cerema")
        page.get_by_role("button", name="Envoyer ma demande").click()
        page.wait_for_load_state()
        assert axe_violations(page) == []
        screenshot(page, f"demande-erreurs-{width}")
        _login(page, live_server, "admin@ddt53.fr")
        for name, path in (("admin-demandes", "/admin/demandes"), ("admin-demande", "/admin/demandes/1"),
                           ("admin-pilotage", "/admin/pilotage")):
            page.goto(live_server + path)
            assert axe_violations(page) == [], name
            screenshot(page, f"{name}-{width}")
        page.locator("figure", has=page.locator("#g-etapes-titre")).screenshot(
            path=str(ARTIFACTS / f"admin-pilotage-graphique-{width}.png"))
        context.close()
