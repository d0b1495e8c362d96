"""HTTP: the matrix page (filters, sort, views, htmx), the schematic map and the commune pages."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select, text

from wizard.db import get_session
from wizard.models import Commune, Dispositif, EnqueteBesoin

ROW_RE = re.compile(r"<tr( class=\"carto-ligne-faible\")?>\s*<th scope=\"row\">([^<]+)", re.S)


def rows(html: str) -> list[tuple[str, bool]]:
    """(thématique label, flagged) for each body row of the matrix, in order."""
    table = html.split("<caption>Types d'aide proposés")[1].split("</table>")[0]
    return [(label.strip(), bool(flag)) for flag, label in ROW_RE.findall(table)]


def test_matrix_is_an_accessible_table(client, app):
    response = client.get("/cartographie")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<caption>Types d'aide proposés par structure et par thématique" in html
    assert 'scope="col"' in html
    assert "fr-table__wrapper" in html and "Légende des types d'aide" in html
    labels = [label for label, _ in rows(html)]
    assert labels == [t.label for t in app.extensions["taxonomy"].terms("thematiques").values()]
    # Abbreviations are hidden from screen readers, which get the full label.
    assert '<span aria-hidden="true">Tech' in html and "Ingénierie technique (études" in html
    assert 'scope="row" colspan="3">Connue par' in html


def test_caue_column_shows_its_thematiques(client, app):
    with app.app_context():
        rows_ = get_session().execute(text(
            "SELECT DISTINCT t.slug FROM offre_tag t JOIN offre o ON o.id = t.offre_id "
            "JOIN structure s ON s.id = o.structure_id WHERE s.slug = 'caue-53' AND t.kind = 'thematique'")).all()
    caue_themes = {app.extensions["taxonomy"].label("thematiques", r[0]) for r in rows_}
    html = client.get("/cartographie?territoire=53130").get_data(as_text=True)
    assert "CAUE 53" in html
    # In the list view, each thématique section names the structures covering it.
    liste = client.get("/cartographie?vue=liste").get_data(as_text=True)
    sections = re.findall(r'<h3 class="fr-h5 fr-mb-1w">([^<]+?)\s*(?:<p class="fr-badge|</h3>)(.*?)</section>',
                          liste, re.S)
    assert len(sections) == len(app.extensions["taxonomy"].terms("thematiques"))
    with_caue = {label.strip() for label, body in sections
                 if "Conseil d&#39;architecture" in body or "Conseil d'architecture" in body}
    assert with_caue == caue_themes


def test_low_coverage_rows_are_flagged_in_words(client, app):
    """With the type of help "communication", rows are flagged exactly where the rule says, recomputed in SQL."""
    with app.app_context():
        counts = dict((slug, (n, np)) for slug, n, np in get_session().execute(text(
            "SELECT t.slug, COUNT(DISTINCT o.structure_id), "
            "COUNT(DISTINCT CASE WHEN o.cout <> 'payant' THEN o.structure_id END) "
            "FROM offre_tag t JOIN offre o ON o.id = t.offre_id "
            "JOIN offre_tag b ON b.offre_id = o.id AND b.kind = 'besoin' AND b.slug = 'communication' "
            "WHERE t.kind = 'thematique' GROUP BY t.slug")))
    taxonomy = app.extensions["taxonomy"]
    expected = {t.label for slug, t in taxonomy.terms("thematiques").items()
                if counts.get(slug, (0, 0))[0] == 0 or counts.get(slug) == (1, 0)}
    assert expected, "the data leaves some thématique without communication support"
    html = client.get("/cartographie?besoin=communication").get_data(as_text=True)
    assert {label for label, flagged in rows(html) if flagged} == expected
    assert f"Besoins peu couverts : {len(expected)} thématique" in html
    assert html.count("Peu couvert<") == len(expected)
    assert "aucune structure ne couvre ce besoin" in html


def test_sort_by_survey_need_rate(client, app):
    with app.app_context():
        rates = {}
        for slug, panel in get_session().execute(select(EnqueteBesoin.thematique, EnqueteBesoin.panel)):
            if panel is not None:
                rates[slug] = max(panel, rates.get(slug, panel))
    taxonomy = app.extensions["taxonomy"]
    html = client.get("/cartographie?tri=besoin").get_data(as_text=True)
    labels = [label for label, _ in rows(html)]
    by_label = {t.label: rates.get(slug) for slug, t in taxonomy.terms("thematiques").items()}
    values = [by_label[label] for label in labels]
    known = [v for v in values if v is not None]
    assert known == sorted(known, reverse=True) and values[:len(known)] == known
    assert 'aria-sort="descending"' in html
    by_count = rows(client.get("/cartographie?tri=libelle").get_data(as_text=True))
    assert [label for label, _ in by_count] == sorted(labels, key=str.casefold)


def test_territory_filter_and_bad_values(client):
    mayenne = client.get("/cartographie?territoire=200055887").get_data(as_text=True)
    assert "Offres couvrant CC Mayenne Communauté" in mayenne
    assert "Laval Agglomération<" not in mayenne.split("<caption>")[1]
    laval = client.get("/cartographie?territoire=53130").get_data(as_text=True)
    assert "Offres couvrant Laval (53130)" in laval
    bad = client.get("/cartographie?territoire=99999&besoin=nimporte")
    assert bad.status_code == 200
    html = bad.get_data(as_text=True).replace("\xa0", " ")
    assert "Le territoire « 99999 » est inconnu" in html and "Le type d&#39;aide « nimporte » est inconnu" in html
    assert "Toute la Mayenne" in html


def test_htmx_gets_the_fragment_and_boosted_gets_the_page(client):
    plain = client.get("/cartographie?territoire=53130")
    fragment = client.get("/cartographie?territoire=53130", headers={"HX-Request": "true"})
    boosted = client.get("/cartographie?territoire=53130", headers={"HX-Request": "true", "HX-Boosted": "true"})
    for response in (plain, fragment, boosted):
        assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert "<html" in plain.get_data(as_text=True) and "<html" in boosted.get_data(as_text=True)
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and body.lstrip().startswith('<div id="matrice"')
    assert "Offres couvrant Laval (53130)" in body


def test_filter_form_works_without_javascript(client):
    html = client.get("/cartographie").get_data(as_text=True)
    assert '<form method="get" action="/cartographie"' in html and 'type="submit"' in html
    assert '<optgroup label="Intercommunalités">' in html and 'value="53130"' in html
    # Sort headers and view switches are real links.
    assert 'href="/cartographie?tri=couverture"' in html and 'href="/cartographie?vue=liste"' in html


@pytest.mark.parametrize(("code", "nom", "epci"), [
    ("53130", "Laval", "CA Laval Agglomération"),
    ("53037", "Bouessay", "CC du Pays Sabolien")])
def test_commune_page(client, app, code, nom, epci):
    response = client.get(f"/communes/{code}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f"<h1>{nom}</h1>" in html and epci in html
    with app.app_context():
        commune = get_session().get(Commune, code)
        band = app.extensions["taxonomy"].band_for(commune.population)
    assert band.label in html
    assert "Structures compétentes, par thématique" in html and "<details" in html


def test_commune_lists_its_programmes_and_competent_structures(client, app):
    with app.app_context():
        session = get_session()
        dispositif = next(d for d in session.scalars(select(Dispositif)) if d.communes)
        code = dispositif.communes[0]
    html = client.get(f"/communes/{code}").get_data(as_text=True)
    assert dispositif.nom.replace("'", "&#39;") in html
    # Each programme is cited by its source: title, publisher and date, linked only to an official address.
    row = html.split(f'#dispositif-{dispositif.slug}"', 1)[1].split("</li>", 1)[0]
    assert "source : " in row and 'href="None"' not in html
    # Bouessay is named by the sous-préfecture of Château-Gontier, whose orientation of the élus serves any
    # subject: it is listed for every project of the commune. Laval is not named.
    bouessay = client.get("/communes/53037").get_data(as_text=True)
    tous_sujets = bouessay.split("Pour tous les projets de la commune", 1)[1]
    assert "Sous-préfecture de Château-Gontier" in tous_sujets
    assert "Sous-préfecture de Château-Gontier" not in client.get("/communes/53130").get_data(as_text=True)


@pytest.mark.parametrize("code", ["99999", "72264", "abc"])
def test_unknown_commune_is_a_french_404_with_a_way_back(client, code):
    response = client.get(f"/communes/{code}")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Commune introuvable" in html and 'href="/communes"' in html


def test_commune_search(client, app):
    html = client.get("/communes?q=chateau gontier").get_data(as_text=True)
    assert "Château-Gontier-sur-Mayenne" in html
    with app.app_context():
        postcode = get_session().get(Commune, "53130").postcodes[0]
        same_postcode = get_session().scalar(select(func.count()).select_from(Commune)
                                             .where(Commune.codes_postaux.contains(postcode)))
    by_postcode = client.get(f"/communes?q={postcode}").get_data(as_text=True)
    assert 'href="/communes/53130"' in by_postcode and by_postcode.count('href="/communes/5') == same_postcode
    assert "Aucune commune de la Mayenne ne correspond" in client.get("/communes?q=zzzz").get_data(as_text=True)
    fragment = client.get("/communes?q=laval", headers={"HX-Request": "true"})
    assert fragment.get_data(as_text=True).lstrip().startswith('<div id="resultats-communes"')
    assert "HX-Request" in fragment.headers["Vary"]


def test_survey_knowledge_beside_the_offer(client, app):
    from wizard.models import EnqueteConnaissance
    with app.app_context():
        lines = get_session().scalars(select(EnqueteConnaissance).order_by(EnqueteConnaissance.position)).all()
        caue_themes = get_session().execute(text(
            "SELECT COUNT(DISTINCT t.slug) FROM offre_tag t JOIN offre o ON o.id = t.offre_id "
            "JOIN structure s ON s.id = o.structure_id WHERE s.slug = 'caue-53' AND t.kind = 'thematique'")).scalar()
    html = client.get("/cartographie").get_data(as_text=True)
    table = html.split("<caption>Connaissance des structures")[1].split("</table>")[0]
    assert table.count('<th scope="row">') == len(lines)
    caue = next(line for line in lines if line.structure_slug == "caue-53")
    row = table.split(caue.libelle)[1].split("</tr>")[0]
    assert f"<td>{caue.panel} %</td>" in row
    assert f"{caue_themes} sur {len(app.extensions['taxonomy'].terms('thematiques'))}" in row


def test_gaps_are_computed_per_type_of_help(client, app):
    """Every subject has some actor, yet legal, data or communication help is missing on most of them:
    the page says so per type of help, from the offers, and names the generalists that partly fill in."""
    from wizard.cartographie.couverture import lacunes_par_besoin, thematiques_peu_couvertes

    html = client.get("/cartographie").get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    with app.app_context():
        taxonomy = app.extensions["taxonomy"]
        lacunes = lacunes_par_besoin(get_session(), taxonomy)
        for lacune in lacunes:
            assert lacune.nb_thematiques == len(thematiques_peu_couvertes(get_session(), taxonomy,
                                                                          besoin=lacune.besoin))
    assert [g.nb_thematiques for g in lacunes] == sorted((g.nb_thematiques for g in lacunes), reverse=True)
    shown = [g for g in lacunes if g.nb_thematiques]
    assert shown, "the data leaves some type of help uncovered on some subject"
    for g in shown:
        assert f"{g.libelle} : {g.nb_thematiques} thématique" in text
        if g.generalistes:
            assert "à défaut, sur tous les sujets : " + ", ".join(g.generalistes) in text
    # Restricted to one type of help, the matrix lists the same gaps, thème par thème.
    worst = shown[0]
    restricted = client.get(f"/cartographie?besoin={worst.besoin}").get_data(as_text=True)
    restricted = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", restricted))
    assert f"Besoins peu couverts : {worst.nb_thematiques} thématique" in restricted
