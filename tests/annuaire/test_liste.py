"""The annuaire list: word search, facets with counts, territory filter, htmx fragment."""
from __future__ import annotations

import html as htmllib
import re

import pytest
from sqlalchemy import select

from wizard.annuaire.criteres import PAR_PAGE
from wizard.db import get_session
from wizard.models import Structure
from wizard.search import reindex

LAVAL, CRAON = "53130", "53084"          # INSEE codes (Laval Agglomération, CC du Pays de Craon)
LAVAL_AGGLO = "200083392"                 # SIREN


def slugs(html: str) -> list[str]:
    """Structure slugs listed in the results, in order (the newcomers' box above them is no result)."""
    html = re.sub(r'<section class="fr-callout[^"]*carto-nouveaux".*?</section>', "", html, flags=re.S)
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


def structures_by_name(app) -> list[str]:
    """Every structure's slug, by name (as the list orders them)."""
    with app.app_context():
        return list(get_session().scalars(select(Structure.slug).order_by(Structure.nom, Structure.id)))


def test_empty_search_lists_every_structure_alphabetically(client, app, data_records):
    everything = structures_by_name(app)
    assert len(everything) == len(data_records["structures"]) > 2 * PAR_PAGE
    html = get(client)
    assert statut(html) == f"{len(everything)} structures"
    listed = slugs(html)
    assert listed == everything[:PAR_PAGE]  # first page, by name
    assert 'aria-label="Pagination des résultats"' in html
    assert all_slugs(client) == everything


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
    html = get(client, q="epfl", besoin="formation").replace("\xa0", " ")
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


def test_territory_filter_applies_the_population_ceiling(app, client):
    """An offer reserved to communes up to N inhabitants covers an EPCI's small communes, not a larger one:
    the annuaire, the open data API and the commune page agree."""
    small, large, epci = "53134", "53130", "200083392"  # Livet (191 inhabitants), Laval (49 400), Laval Agglo
    with app.app_context():
        session = get_session()
        cnfpt = session.scalars(select(Structure).where(Structure.slug == "cnfpt")).one()
        ceilinged = [o.titre for o in cnfpt.offres if o.population_max is not None]
        assert ceilinged, "the data has an offer reserved to small communes"
        # Make every offer of the structure such an offer: only the ceiling then decides.
        for offre in cnfpt.offres:
            offre.population_max = 3499
        session.commit()
        reindex(session, taxonomy=app.extensions["taxonomy"])
        session.commit()
    assert "cnfpt" in all_slugs(client, territoire=small) and "cnfpt" not in all_slugs(client, territoire=large)
    assert "cnfpt" in all_slugs(client, territoire=epci)  # its small communes are covered
    api = {code: {r["slug"] for r in client.get(f"/api/v1/structures?territoire={code}").get_json()["structures"]}
           for code in (small, large, epci)}
    assert "cnfpt" in api[small] and "cnfpt" not in api[large] and "cnfpt" in api[epci]
    livet = htmllib.unescape(client.get(f"/communes/{small}").get_data(as_text=True))
    laval = htmllib.unescape(client.get(f"/communes/{large}").get_data(as_text=True))
    assert ceilinged[0] in livet and ceilinged[0] not in laval


def test_unknown_territory_is_explained_not_fatal(client, data_records):
    html = get(client, territoire="99999")
    assert "inconnu" in html and statut(html) == f"{len(data_records['structures'])} structures"


def test_unknown_filter_values_are_ignored(client, data_records):
    assert statut(get(client, thematique="n-existe-pas", page="abc")) == f"{len(data_records['structures'])} structures"


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


def test_territory_filter_applies_programme_labels(client, data_records):
    """An offer reserved to the communes a programme labels covers those communes (and their EPCI), not
    the others: the annuaire, the open data API and the commune page agree."""
    listed = {d["slug"]: d["communes"] for d in data_records["dispositifs"]}
    unlabelled = "53134"  # Livet
    checked = 0
    for fiche in data_records["structures"]:
        for offre in fiche.get("offres") or ():
            label = (offre.get("eligibilite") or {}).get("dispositif")
            if not label or not listed[label] or not offre["thematiques"]:
                continue
            theme = offre["thematiques"][0]
            if any(theme in other["thematiques"] and other is not offre for other in fiche.get("offres") or ()):
                continue  # another offer of the structure would list it anyway
            labelled = listed[label][0]
            assert unlabelled not in listed[label]
            assert fiche["slug"] in all_slugs(client, territoire=labelled, thematique=theme)
            assert fiche["slug"] not in all_slugs(client, territoire=unlabelled, thematique=theme)
            api = {code: {r["slug"] for r in client.get("/api/v1/structures", query_string={
                "territoire": code, "thematique": theme}).get_json()["structures"]} for code in (labelled, unlabelled)}
            assert fiche["slug"] in api[labelled] and fiche["slug"] not in api[unlabelled]
            assert offre["titre"] in htmllib.unescape(client.get(f"/communes/{labelled}").get_data(as_text=True))
            assert offre["titre"] not in htmllib.unescape(client.get(f"/communes/{unlabelled}").get_data(as_text=True))
            checked += 1
    assert checked, "the data has an offer reserved to labelled communes"
