"""The annuaire list: word search, facets with counts, territory filter, htmx fragment."""
from __future__ import annotations

import html as htmllib
import re

import pytest

LAVAL, CRAON = "53130", "53084"          # INSEE codes (Laval Agglomération, CC du Pays de Craon)
LAVAL_AGGLO = "200083392"                 # SIREN


def slugs(html: str) -> list[str]:
    """Structure slugs listed in the results, in order."""
    return re.findall(r'href="/structures/([a-z0-9-]+)"', html)


def statut(html: str) -> str:
    return re.search(r'id="resultats-statut"[^>]*>(.*?)</p>', html, re.S).group(1).strip()


def get(client, **params) -> str:
    response = client.get("/annuaire", query_string=params)
    assert response.status_code == 200
    return htmllib.unescape(response.get_data(as_text=True))


def all_slugs(client, **params) -> list[str]:
    """Slugs listed over every page of results."""
    found, page = [], 1
    while True:
        listed = slugs(get(client, page=page, **params))
        if not listed or (found and listed[0] in found):
            return found
        found += listed
        page += 1


def test_empty_search_lists_every_structure_alphabetically(client):
    html = get(client)
    assert statut(html) == "39 structures"
    listed = slugs(html)
    assert len(listed) == 20  # first page
    assert 'aria-label="Pagination des résultats"' in html
    page2 = slugs(get(client, page=2))
    assert len(page2) == 19 and not set(listed) & set(page2)


def test_epf_foncier_finds_the_epfl_first(client):
    assert slugs(get(client, q="epf foncier"))[0] == "epfl-mayenne-sarthe"


@pytest.mark.parametrize("query", ["cerema", "Céréma", "CEREMA", "céréma"])
def test_search_ignores_accents_and_case(client, query):
    assert slugs(get(client, q=query))[0] == "cerema"


def test_plural_finds_the_singular_and_the_synonyms(client):
    # "routes" is a synonym of the voirie thématique ("route"): every structure offering voirie is found.
    voirie = set(all_slugs(client, thematique="voirie"))
    assert voirie
    assert set(all_slugs(client, q="routes")) == voirie
    assert set(all_slugs(client, q="route")) == voirie


def test_ecole_finds_architecture_batiment_structures_through_synonyms(client):
    found = set(all_slugs(client, q="école"))
    batiment = set(all_slugs(client, thematique="architecture-batiment"))
    assert batiment and batiment <= found


def test_no_result_suggests_the_closest_word_and_a_way_out(client):
    html = get(client, q="cereme")
    assert "Aucune structure ne correspond" in html
    assert 'href="/annuaire?q=cerema"' in html
    assert "Retirer les mots « cereme »" in html


def test_no_result_with_filters_offers_to_remove_one(client):
    html = get(client, q="epfl", besoin="formation")
    assert slugs(html) == []
    assert "Retirer le filtre « Type d'aide : Formation des élus et des agents »" in html
    removal = re.search(r'href="([^"]+)">Retirer le filtre « Type', html).group(1)
    assert "besoin" not in removal and "q=epfl" in removal
    assert slugs(get(client, q="epfl"))


def test_several_words_that_never_meet_fall_back_to_any_word(client):
    html = get(client, q="cerema epfl")
    assert "au moins un" in html
    assert {"cerema", "epfl-mayenne-sarthe"} <= set(slugs(html))


def test_facet_counts_match_the_results_they_lead_to(client):
    html = get(client, besoin="juridique")
    for value in ("voirie", "urbanisme", "finances-locales"):
        shown = int(re.search(rf'id="compte-thematique-{value}"[^>]*>(\d+)', html).group(1))
        assert shown == len(all_slugs(client, besoin="juridique", thematique=value))
    # A facet's own values are counted without its current selection (several may be ticked).
    juridique = int(re.search(r'id="compte-besoin-juridique"[^>]*>(\d+)', html).group(1))
    assert juridique == len(all_slugs(client, besoin="juridique"))
    assert re.search(r'id="compte-besoin-technique"[^>]*>(\d+)', html).group(1) != "0"


def test_values_of_one_facet_are_ored_and_facets_anded(client):
    voirie = set(all_slugs(client, thematique="voirie"))
    eau = set(all_slugs(client, thematique="eau"))
    assert set(all_slugs(client, thematique=["voirie", "eau"])) == voirie | eau
    gratuit = set(all_slugs(client, thematique="voirie", cout="gratuit"))
    assert gratuit <= voirie
    every_cost = ["gratuit", "payant", "adhesion", "inconnu"]
    assert set(all_slugs(client, thematique="voirie", cout=every_cost)) == voirie


def test_cost_filter(client):
    html = get(client, cout="adhesion")
    assert slugs(html)
    assert "Sur adhésion" in html


def test_territory_filter_commune_and_epci(client):
    laval = set(all_slugs(client, territoire=LAVAL))
    craon = set(all_slugs(client, territoire=CRAON))
    agglo = set(all_slugs(client, territoire=LAVAL_AGGLO))
    assert "epci-laval-agglo" in laval and "epci-laval-agglo" not in craon
    assert "epci-pays-de-craon" in craon and "epci-pays-de-craon" not in laval
    assert "epci-laval-agglo" in agglo
    # Département-wide offers cover every commune.
    assert "prefecture-53" in laval and "prefecture-53" in craon
    assert "compétentes sur Laval" in get(client, territoire=LAVAL)


def test_unknown_territory_is_explained_not_fatal(client):
    html = get(client, territoire="99999")
    assert "inconnu" in html and statut(html) == "39 structures"


def test_unknown_filter_values_are_ignored(client):
    assert statut(get(client, thematique="n-existe-pas", page="abc")) == "39 structures"


def test_form_is_a_shareable_get_form_enhanced_by_htmx(client):
    html = get(client, q="voirie", thematique="voirie")
    form = re.search(r"<form id=\"filtres\"[^>]*>", html).group(0)
    assert 'method="get"' in form and 'action="/annuaire"' in form
    assert 'hx-get="/annuaire"' in form and 'hx-target="#resultats"' in form and 'hx-push-url="true"' in form
    assert "keyup changed delay" in form
    assert 'value="voirie" checked' in html and 'value="voirie"' in html
    assert 'id="resultats"' in html
    assert "style=" not in html  # the CSP forbids inline styles


def test_htmx_request_gets_the_fragment_only(client):
    full = client.get("/annuaire?q=voirie")
    fragment = client.get("/annuaire?q=voirie", headers={"HX-Request": "true"})
    assert "HX-Request" in full.headers["Vary"] and "HX-Request" in fragment.headers["Vary"]
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and "<form" not in body
    assert slugs(body) == slugs(full.get_data(as_text=True))
    # Counts and status are refreshed out of band, without replacing the form's inputs.
    assert 'id="compte-thematique-voirie" hx-swap-oob="innerHTML"' in body
    assert 'id="resultats-statut" role="status" hx-swap-oob="innerHTML"' in body
    assert len(body.encode()) < 30_000


def test_boosted_and_history_restore_requests_get_the_full_page(client):
    for headers in ({"HX-Request": "true", "HX-Boosted": "true"},
                    {"HX-Request": "true", "HX-History-Restore-Request": "true"}):
        assert "<html" in client.get("/annuaire", headers=headers).get_data(as_text=True)


def test_navigation_links_to_the_annuaire(client):
    assert 'href="/annuaire"' in client.get("/").get_data(as_text=True)
