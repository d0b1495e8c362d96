"""The newcomers' pages in Chromium at phone and desktop widths: no sideways scroll, no serious axe
violation, usable without JavaScript, and screenshots in tests/artifacts/ to look at."""
from __future__ import annotations

import shutil

import pytest

from tests.browser.conftest import axe_violations, screenshot
from tests.courriels import SmtpSink
from wizard import create_app

pytestmark = pytest.mark.browser
PAGES = [("se-former", "/se-former"), ("se-former-elus", "/se-former?profil=elu"),
         ("echanger", "/echanger-avec-d-autres-communes"), ("premiers-pas", "/nouvel-elu-par-ou-commencer"),
         ("accueil", "/"), ("abonnements", "/abonnements"), ("actualites", "/actualites")]


@pytest.fixture
def app(loaded_sqlite, tmp_path, smtp: SmtpSink):
    """The app mailing through a local sink, so that the subscription form is offered."""
    db_file = tmp_path / "app.sqlite"
    shutil.copy(loaded_sqlite, db_file)
    return create_app({"DATABASE_URL": f"sqlite:///{db_file}", "SECRET_KEY": "test", "TESTING": True,
                       "RATELIMIT_ENABLED": False, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp.port})


@pytest.mark.parametrize("width", (375, 1280))
@pytest.mark.parametrize("name, path", PAGES, ids=[n for n, _ in PAGES])
def test_newcomer_pages_at_phone_and_desktop_width(browser, live_server, name, path, width):
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(live_server + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, "la page défile de côté"
        assert axe_violations(page) == []
        screenshot(page, f"nouveaux-{name}-{width}")
    finally:
        context.close()


def test_a_newcomer_walks_from_home_to_a_training_without_javascript(page_nojs, live_server):
    page = page_nojs
    page.goto(live_server + "/")
    page.get_by_role("link", name="Par où commencer ?").click()
    page.wait_for_url("**/nouvel-elu-par-ou-commencer")
    page.get_by_role("link", name="Se former").first.click()
    page.get_by_role("link", name="Secrétaires de mairie et agents").click()
    page.wait_for_url("**/se-former?profil=agent")
    assert page.get_by_role("heading", name="Formation de professionnalisation au premier emploi").count() == 1
    assert page.get_by_text("Se former avec son droit individuel").count() == 0


def test_the_subscription_form_and_its_error_are_accessible(browser, live_server):
    context = browser.new_context(locale="fr-FR", viewport={"width": 375, "height": 900})
    page = context.new_page()
    try:
        page.goto(live_server + "/abonnements")
        page.get_by_label("Adresse électronique").fill("pas-une-adresse")
        page.get_by_role("button", name="M'abonner").click()
        page.wait_for_load_state()
        assert page.get_by_text("Adresse électronique invalide").count() >= 1
        assert axe_violations(page) == []
        screenshot(page, "nouveaux-abonnements-erreur-375")
    finally:
        context.close()


@pytest.mark.parametrize("page_name", ["confirmer", "desabonner"])
def test_the_confirmation_and_unsubscribe_pages_are_accessible(browser, live_server, app, page_name):
    from wizard.db import get_session
    from wizard.models import Abonnement

    with app.app_context():
        session = get_session()
        session.add(Abonnement(email="essai@mairie-essai.fr", jeton="jeton-navigateur", thematiques=[]))
        session.commit()
    context = browser.new_context(locale="fr-FR", viewport={"width": 375, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{live_server}/abonnements/jeton-navigateur/{page_name}")
        assert axe_violations(page) == []
        screenshot(page, f"nouveaux-abonnement-{page_name}-375")
        page.get_by_role("button").filter(has_text="Confirmer mon abonnement" if page_name == "confirmer"
                                          else "Me désabonner").click()
        page.wait_for_load_state()
        expected = "Abonnement confirmé" if page_name == "confirmer" else "Vous êtes désabonné"
        assert page.get_by_role("heading", name=expected).count() == 1
    finally:
        context.close()
