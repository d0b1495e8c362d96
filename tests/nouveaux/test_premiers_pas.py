"""The newcomers' guide: data checked by the loader, the page, the annuaire's entry, the home link."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.dataload.conftest import data_copy, replace_once  # noqa: F401  (fixture re-used here)
from wizard.dataload.errors import DataErrors
from wizard.dataload.load import read_data
from wizard.taxonomy import load_taxonomy

GUIDE = "premiers-pas.yaml"


def _errors(data_dir: Path) -> list[str]:
    with pytest.raises(DataErrors) as info:
        read_data(data_dir, load_taxonomy(data_dir / "taxonomie.yaml"))
    return [str(e) for e in info.value.errors]


@pytest.mark.parametrize("old, new, fragment", [
    pytest.param("offre: dife-mon-compte-elu}]\n    sources: [cdc", "offre: dife}]\n    sources: [cdc",
                 "« caisse-des-depots-mon-compte-elu » n'a pas d'offre « dife »", id="unknown-offer"),
    pytest.param("liens: [{structure: cdg-53, offre: emploi-recrutement}]",
                 "liens: [{structure: cdg-54, offre: emploi-recrutement}]", "structure inconnue : « cdg-54 »",
                 id="unknown-structure"),
    pytest.param("liens: [{page: se-former}]\n    sources: [cgct-l2123-12]\n  - titre: Une",
                 "liens: [{page: se-former}]\n    sources: [cgct-l2123-13]\n  - titre: Une",
                 "source « cgct-l2123-13 » non déclarée", id="undeclared-source"),
    pytest.param("liens: [{page: echanger}]\n    sources: []", "liens: []\n    sources: []",
                 "un repère sans source doit au moins orienter", id="neither-source-nor-link"),
    pytest.param("    liens: [{page: communes}, {page: carte}]", "    liens: [{page: accueil}]",
                 "valeur « accueil » inconnue", id="unknown-page"),
    pytest.param("      Votre communauté de communes", "      Probablement votre communauté de communes",
                 "formule de note de recherche", id="research-note"),
])
def test_the_loader_refuses_a_broken_guide_with_its_line(data_copy, old, new, fragment):  # noqa: F811
    line = replace_once(data_copy / GUIDE, old, new)
    errors = [e for e in _errors(data_copy) if e.startswith(f"{GUIDE}:")]
    assert any(fragment in e for e in errors), errors
    assert all(int(e.split(":")[1]) >= line - 1 for e in errors if fragment in e)


def test_the_guide_page_has_ten_steps_each_with_a_link_and_sourced_claims(client):
    html = client.get("/nouvel-elu-par-ou-commencer").get_data(as_text=True)
    etapes = re.findall(r'<li class="carto-guide__etape.*?</li>\s*(?=<li class="carto-guide__etape|</ol>)', html, re.S)
    assert len(etapes) == 10
    assert all('class="fr-link' in e for e in etapes)
    assert 'href="/structures/caisse-des-depots-mon-compte-elu#offre-dife-mon-compte-elu"' in html
    assert 'href="/structures/cnfpt#offre-professionnalisation-premier-emploi-sgm"' in html
    assert "legifrance.gouv.fr/eli/loi/2023/12/30/2023-1380" in html
    # The mirror actually read is internal: it never reaches the page.
    assert "maires17.asso.fr" not in html and "paysdelaigle.com" not in html


def test_the_annuaire_presents_the_structures_that_help_a_newcomer_first(client):
    html = client.get("/annuaire").get_data(as_text=True)
    encart = html[html.index('id="nouveaux-titre"'):html.index('id="filtres"')]
    for slug in ("amf53", "cdg-53", "ddfip-53", "ddt-53"):
        assert f'href="/structures/{slug}"' in encart
    for url in ("/se-former", "/echanger-avec-d-autres-communes", "/nouvel-elu-par-ou-commencer"):
        assert f'href="{url}"' in encart
    # The htmx fragment of the results does not repeat it.
    fragment = client.get("/annuaire?q=voirie", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "nouveaux-titre" not in fragment


def test_the_home_page_links_to_the_guide_and_the_peers_page(client):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/nouvel-elu-par-ou-commencer"' in html
    assert 'href="/echanger-avec-d-autres-communes"' in html
