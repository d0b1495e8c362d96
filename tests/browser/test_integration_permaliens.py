"""In Chromium: an embedded commune page (/integration/…) and an old permalink's change notice,
at phone and desktop widths, axe clean."""
from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser

FULL = ("profil=elu&type_collectivite=commune&commune=53062&projet=renover+la+mairie"
        "&thematique=architecture-batiment&besoin=technique&stade=etudes")


@pytest.mark.parametrize("largeur", [375, 1280])
def test_embedded_commune_page(page, live_server, largeur):
    page.set_viewport_size({"width": largeur, "height": 900})
    page.goto(f"{live_server}/integration/communes/53130")
    assert page.locator("header.fr-header").count() == 0 and page.locator("footer").count() == 0
    assert page.locator("figure.petite-carte").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= largeur
    assert axe_violations(page) == []
    screenshot(page, f"integration-commune-{largeur}")


@pytest.mark.parametrize("largeur", [375, 1280])
def test_old_permalink_shows_what_changed(page, live_server, largeur):
    page.set_viewport_size({"width": largeur, "height": 900})
    page.goto(f"{live_server}/parcours/resultats?{FULL}")
    lien = page.locator("#permalien").input_value()
    premier = lien.split("liste=", 1)[1].split("%2C")[0].split("&")[0]
    ancien = lien.replace(lien.split("v=", 1)[1][:12], "000000000000")
    # An old link whose list started with another structure: it was removed, and the order changed.
    ancien = ancien.replace(f"liste={premier}", "liste=structure-disparue%2C" + premier)
    page.goto(ancien)
    notice = page.locator(".carto-changement")
    assert "Les règles ont changé depuis ce lien" in notice.inner_text()
    assert "retirée : structure-disparue (fiche supprimée)" in notice.inner_text()
    assert axe_violations(page) == []
    screenshot(page, f"permalien-change-{largeur}")
    notice.get_by_role("link", name="Lien vers le résultat à jour").click()
    assert page.locator(".carto-changement").count() == 0
