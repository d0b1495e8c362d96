"""The v2 pages at phone (375 px) and desktop (1280 px) widths: no sideways scroll, no serious axe
violation, no raw slug or Python value shown, and a screenshot of each in tests/artifacts/ to look at."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import assert_no_internal_note, axe_violations, screenshot
from wizard.auth.services import create_user
from wizard.config import ROOT
from wizard.db import get_session
from wizard.taxonomy import load_taxonomy

pytestmark = pytest.mark.browser
PASSWORD = "une phrase de passe solide"
WIDTHS = (375, 1280)
#: A small commune (Saint-Erblon, 153 inhabitants) with a road to redo and a technical question.
RESULTATS = ("/parcours/resultats?profil=elu&type_collectivite=commune&commune=53214&projet="
             "&thematique=voirie&besoin=technique&stade=etudes")
PUBLIC = [("resultats-saint-erblon-voirie", RESULTATS), ("fiche-caue-53", "/structures/caue-53"),
          ("fiche-ddt-53", "/structures/ddt-53"), ("annuaire", "/annuaire")]
ADMIN = [("admin-fiche-caue-53", "/admin/structures/caue-53/modifier"),
         ("admin-offre-caue-53", "/admin/structures/caue-53/offres/conseil-collectivites/modifier")]
#: Vocabulary slugs with a hyphen: in a URL or a form value, never in the text read by a visitor.
SLUGS = sorted({slug for kind in ("thematiques", "besoins", "stades", "categories", "couts", "niveaux")
                for slug in load_taxonomy(ROOT / "data" / "taxonomie.yaml").terms(kind) if "-" in slug})


def _page(browser, width: int):
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 900})
    return context, context.new_page()


def _check_layout(page, width: int) -> str:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "la page défile de côté"
    text = page.locator("main").inner_text()
    assert not re.search(r"\b(None|True|False|null|undefined)\b", text), "valeur brute affichée"
    assert axe_violations(page) == []
    return text


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name, path", PUBLIC, ids=[n for n, _ in PUBLIC])
def test_public_pages_at_phone_and_desktop_width(browser, live_server, name, path, width):
    context, page = _page(browser, width)
    try:
        page.goto(live_server + path)
        text = _check_layout(page, width)
        shown = [s for s in SLUGS if re.search(rf"(?<![\w/-]){re.escape(s)}(?![\w-])", text)]
        assert shown == [], f"identifiants affichés : {shown}"
        # No empty section: each second-level heading of the content has something under it.
        for heading in page.locator("main h2").all():
            following = heading.evaluate("h => (h.parentElement.innerText || '').replace(h.innerText, '').trim()")
            assert following, f"section vide : {heading.inner_text()}"
        if name.startswith("fiche-"):
            assert_no_internal_note(page, name.removeprefix("fiche-"))
        screenshot(page, f"{name}-{width}")
    finally:
        context.close()


@pytest.fixture
def admin_account(app):
    with app.app_context():
        session = get_session()
        create_user(session, "admin@ddt53.fr", PASSWORD, "admin", [])
        session.commit()


@pytest.mark.parametrize("width", WIDTHS)
def test_back_office_fiche_forms_at_phone_and_desktop_width(browser, live_server, admin_account, width):
    context, page = _page(browser, width)
    try:
        page.goto(f"{live_server}/connexion")
        page.get_by_label("Adresse électronique").fill("admin@ddt53.fr")
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url(f"{live_server}/admin/")
        for name, path in ADMIN:
            page.goto(live_server + path)
            _check_layout(page, width)
            screenshot(page, f"{name}-{width}")
        # The fiche form: its sources and contacts blocks, a blank one to add each, without a
        # "delete" box on the blank ones; dates read as dates.
        page.goto(live_server + ADMIN[0][1])
        recent = page.get_by_text(re.compile("^Informations les plus récentes")).inner_text()
        assert re.search(r"\d{2}/\d{2}/\d{4}", recent) and not re.search(r"\d{4}-\d{2}-\d{2}", recent)
        assert page.get_by_role("group", name="Ajouter une source").count() == 1
        assert page.get_by_role("group", name="Ajouter une source").get_by_label("Supprimer cette source").count() == 0
        assert page.get_by_role("group", name=re.compile("^Source « ")).count() >= 1
        assert page.get_by_role("group", name="Ajouter un contact").get_by_label("Supprimer ce contact").count() == 0
    finally:
        context.close()
