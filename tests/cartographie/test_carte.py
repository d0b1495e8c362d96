"""The map of the communes: real outlines for the 240 communes and 10 EPCI, coverage as the matrix
counts it, the EPCI competence as the recommender counts it, links to the commune pages, small maps."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from wizard.cartographie import carte
from wizard.cartographie.couverture import comptes_par_thematique
from wizard.db import get_session
from wizard.models import Commune, Epci, Offre, OffreTag, OffreTerritoire, Structure
from wizard.runtime.active_parcours import current_rules
from wizard.territoires.perimetre import resolve


def _communes(app) -> dict[str, str]:
    with app.app_context():
        return dict(get_session().execute(select(Commune.code, Commune.nom).where(Commune.departement == "53")).all())


def test_map_draws_every_commune_and_epci_with_a_link_to_its_page(client, app):
    communes = _communes(app)
    assert len(communes) == 240
    html = client.get("/cartographie/carte?thematique=voirie").get_data(as_text=True)
    liens = re.findall(r'<a href="/communes/(\d{5})" aria-label="[^"]+">\s*<path d="M[^"]+"', html)
    assert sorted(liens) == sorted(communes)
    assert html.count('class="carte-epci"') == 10
    # The table twin: one row per commune, one per EPCI, with the same class as the map.
    rows = dict(re.findall(r'<tr data-commune="(\d{5})" data-niveau="(\w+)"', html))
    assert set(rows) == set(communes)
    for code, niveau in rows.items():
        lien = rf'href="/communes/{code}" aria-label="[^"]+">\s*<path d="[^"]+" class="carte-commune carte--{niveau}"'
        assert re.search(lien, html), code
    with app.app_context():
        epcis = get_session().scalars(select(Epci.nom)).all()
    assert len(epcis) == 10
    for nom in epcis:
        assert f">{nom}</a></th>".replace("'", "&#39;") in html


@pytest.mark.parametrize("thematique", ["voirie", "architecture-batiment", "eau", "sante", "numerique"])
def test_a_commune_is_covered_by_the_structures_the_matrix_counts(app, thematique):
    with app.app_context():
        session = get_session()
        par_commune = {c.code: c for c in carte.couverture(session, "53", thematique, None, frozenset())}
        for code in ("53130", "53037", "53062", "53249"):
            nb, _ = comptes_par_thematique(session, resolve(session, code)).get(thematique, (0, 0))
            assert len(par_commune[code].structures) == nb, code
            assert (par_commune[code].niveau == "aucun") == (nb == 0)


def test_the_epci_covers_its_communes_where_it_holds_the_competence(app):
    with app.app_context():
        session = get_session()
        exclusifs = current_rules().besoins_exclusifs
        # EPCI SIREN → short name of the structure holding the water competence there (from the fiches).
        competentes = dict(session.execute(
            select(OffreTerritoire.code, func.coalesce(Structure.sigle, Structure.nom))
            .join(Offre, Offre.id == OffreTerritoire.offre_id).join(Structure, Structure.id == Offre.structure_id)
            .join(OffreTag, OffreTag.offre_id == Offre.id)
            .where(Offre.competence.is_(True), OffreTerritoire.kind == "epci", OffreTag.kind == "thematique",
                   OffreTag.slug == "eau")).all())
        communes = carte.couverture(session, "53", "eau", "technique", exclusifs)
        assert {c.niveau for c in communes} == {"epci"}
        for c in communes:
            assert competentes[c.epci] in {court for _, court in c.structures}, c.nom
        # A help only some actors give (legal): the competence alone does not make the EPCI the answer.
        assert "juridique" in exclusifs
        assert all(c.niveau != "epci" for c in carte.couverture(session, "53", "eau", "juridique", exclusifs))


def test_unknown_choices_get_a_french_message_not_an_error(client):
    response = client.get("/cartographie/carte?thematique=inconnue&besoin=rien")
    assert response.status_code == 200
    html = response.get_data(as_text=True).replace("\xa0", " ")  # French typography: no-break spaces
    assert "La thématique « inconnue » est inconnue" in html and "Le type d&#39;aide « rien » est inconnu" in html


def test_the_filter_form_is_a_plain_get_form(client):
    html = client.get("/cartographie/carte").get_data(as_text=True)
    assert '<form method="get" action="/cartographie/carte"' in html and 'type="submit"' in html
    assert 'data-communes="/api/v1/territoires/communes.geojson"' in html
    assert "/leaflet" in html and "js/carte" in html


def test_commune_page_shows_the_commune_on_a_small_map(client):
    html = client.get("/communes/53130").get_data(as_text=True)
    figure = re.search(r'<figure class="petite-carte".*?</figure>', html, re.S).group(0)
    assert figure.count('class="petite-carte__commune"') == 1 and figure.count('class="petite-carte__epci"') == 1
    assert figure.count('class="petite-carte__fond"') == 10
    assert "Laval, en bleu foncé, dans CA Laval Agglomération" in figure


@pytest.mark.parametrize(("slug", "epci_surlignes"), [("epci-coevrons", 1), ("caue-53", 10)])
def test_structure_fiche_shows_where_it_works(client, slug, epci_surlignes):
    html = client.get(f"/structures/{slug}").get_data(as_text=True)
    figure = re.search(r'<figure class="petite-carte".*?</figure>', html, re.S).group(0)
    assert figure.count('class="petite-carte__epci"') == epci_surlignes
    assert "Territoire couvert par ses offres" in figure
