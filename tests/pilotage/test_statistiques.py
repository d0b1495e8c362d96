"""Steering figures from known inputs (counters, requests, answers), checked against hand-computed values."""
from __future__ import annotations

import csv
import datetime as dt
import io

from tests.pilotage.conftest import COUVERT, NON_COUVERT
from wizard.db import get_session
from wizard.demandes import service
from wizard.models import Compteur, Structure, Utilisateur
from wizard.pilotage import statistiques as st
from wizard.pilotage.export import neutraliser
from wizard.pilotage.tableau import periode
from wizard.runtime.active_parcours import current_parcours

JANVIER, FEVRIER = dt.date(2026, 1, 15), dt.date(2026, 2, 3)
ROWS = [(JANVIER, "etape", "profil", 10), (FEVRIER, "etape", "profil", 5),
        (JANVIER, "etape", "type_collectivite", 8), (FEVRIER, "etape", "type_collectivite", 4),
        (JANVIER, "resultats", "", 4), (FEVRIER, "resultats", "", 2),
        (JANVIER, "thematique", "voirie", 3), (FEVRIER, "thematique", "eau", 2), (JANVIER, "thematique", "eau", 1),
        (JANVIER, "non_couvert", "numerique|technique", 2), (FEVRIER, "non_couvert", "numerique|technique", 1),
        (FEVRIER, "non_couvert", "sante|", 4)]


def _load(app) -> None:
    with app.app_context():
        session = get_session()
        session.add_all(Compteur(jour=j, mesure=m, cle=c, n=n) for j, m, c, n in ROWS)
        session.commit()


def test_drop_off_over_two_months(app):
    _load(app)
    with app.test_request_context():
        etapes = st.abandon(get_session(), current_parcours(), st.Periode(dt.date(2026, 1, 1), dt.date(2026, 2, 28)))
    by_id = {e.id: (e.vues, e.part) for e in etapes}
    # profil 10 + 5 = 15 (the base); type 8 + 4 = 12 → 80 %; results 4 + 2 = 6 → 40 %.
    assert by_id["profil"] == (15, 100) and by_id["type_collectivite"] == (12, 80) and by_id["resultats"] == (6, 40)
    assert etapes[0].id == "profil" and etapes[-1].id == "resultats"
    assert by_id["commune"] == (0, 0)


def test_the_period_filters_days(app):
    _load(app)
    with app.test_request_context():
        etapes = st.abandon(get_session(), current_parcours(), st.Periode(dt.date(2026, 2, 1), dt.date(2026, 2, 28)))
    by_id = {e.id: (e.vues, e.part) for e in etapes}
    assert by_id["profil"] == (5, 100) and by_id["type_collectivite"] == (4, 80) and by_id["resultats"] == (2, 40)


def test_uncovered_needs_grouped_with_counts_per_month(app):
    _load(app)
    with app.test_request_context():
        rows = st.non_couverts(get_session(), app.extensions["taxonomy"],
                               st.Periode(dt.date(2026, 1, 1), dt.date(2026, 3, 31)))
    assert [(r.thematique, r.besoin, r.total, r.par_mois) for r in rows] == [
        ("sante", "", 4, {"2026-01": 0, "2026-02": 4, "2026-03": 0}),
        ("numerique", "technique", 3, {"2026-01": 2, "2026-02": 1, "2026-03": 0})]
    assert rows[0].libelle == "Santé" and rows[1].libelle.startswith("Numérique — ")


def test_thematiques_in_the_survey_order_with_the_survey_rate(app):
    _load(app)
    with app.test_request_context():
        rows = st.thematiques(get_session(), app.extensions["taxonomy"],
                              st.Periode(dt.date(2026, 1, 1), dt.date(2026, 2, 28)))
    by_slug = {r.slug: r for r in rows}
    # 6 result pages: voirie 3 → 50 %, eau 1 + 2 = 3 → 50 %; survey panel rates from data/enquete.yaml.
    assert (by_slug["voirie"].n, by_slug["voirie"].part, by_slug["voirie"].enquete) == (3, 50, 94)
    assert (by_slug["eau"].n, by_slug["eau"].part, by_slug["eau"].enquete) == (3, 50, 83)
    assert rows[0].slug == "amenagement-foncier" and by_slug["sante"].n == 0


def test_response_times_per_structure(app, users):
    base = dt.datetime(2026, 1, 10, 9, 0)
    with app.app_context():
        session = get_session()
        caue = session.query(Structure).filter_by(slug="caue-53").one()
        editeur = session.query(Utilisateur).filter_by(email="editeur@caue53.fr").one()
        saisie = service.Saisie("A", "maire", "Laval", "a@b.fr", None, "Un projet de rénovation")
        for hours in (2, 4, 9, None):
            demande, _ = service.creer(session, caue, saisie, None, now=base)
            if hours is not None:
                service.repondre(demande, editeur, "Réponse", now=base + dt.timedelta(hours=hours))
        session.commit()
        [row] = st.demandes_par_structure(session, st.Periode(dt.date(2026, 1, 1), dt.date(2026, 1, 31)))
    # Delays 2 h, 4 h, 9 h: median 4, mean 5; one request left without action.
    assert (row.slug, row.recues, row.repondues, row.en_attente) == ("caue-53", 4, 3, 1)
    assert (row.delai_median_heures, row.delai_moyen_heures) == (4.0, 5.0)


def test_did_it_help_answers_counted_per_thematique_and_structure(app, client, admin_client):
    from tests.pilotage.conftest import BASE

    for url, reponse in ((COUVERT, "oui"), (COUVERT, "non"), (NON_COUVERT, "en_partie")):
        response = client.post("/avis?" + url.split("?", 1)[1], data={"reponse": reponse, "commentaire": ""})
        assert response.status_code == 303 and response.headers["Location"].endswith("#avis")
    refused = client.post("/avis?" + NON_COUVERT.split("?", 1)[1],
                          data={"reponse": "", "commentaire": "Rien sur le wifi"})
    assert refused.status_code == 422
    assert client.post("/avis?" + BASE.split("?", 1)[1], data={"reponse": "oui"}).status_code == 303  # incomplete
    with app.test_request_context():
        synthese = st.avis(get_session(), app.extensions["taxonomy"], {}, periode({})[0])
    assert [(a.cle, a.oui, a.en_partie, a.non) for a in synthese.par_thematique] == [
        ("voirie", 1, 0, 1), ("numerique", 0, 1, 0)]
    assert [(a.cle, a.oui, a.en_partie, a.non) for a in synthese.par_structure] == [
        ("cerema", 1, 0, 1), ("prefecture-53", 0, 1, 0)]
    assert synthese.total.total == 3  # the answer without a choice was refused
    html = admin_client.get("/admin/pilotage").get_data(as_text=True)
    assert "3 réponses : 1 oui, 1 en partie, 1 non." in html


def test_the_answer_is_anonymous_and_thanked(app, client):
    query = COUVERT.split("?", 1)[1]
    response = client.post("/avis?" + query, data={"reponse": "oui", "commentaire": "Très clair"},
                           follow_redirects=True)
    assert "Merci pour votre avis" in response.get_data(as_text=True)
    from wizard.models import Avis
    with app.app_context():
        [avis] = get_session().query(Avis).all()
        assert (avis.reponse, avis.commentaire, avis.thematiques) == ("oui", "Très clair", ["voirie"])
        assert {c.name for c in Avis.__table__.columns} == {"id", "jour", "reponse", "commentaire", "thematiques",
                                                             "structures"}


def test_a_refused_answer_comes_back_with_its_comment_and_the_error(app, client):
    query = COUVERT.split("?", 1)[1]
    comment = "Il manque le syndicat d'eau & la <DDT>"
    response = client.post("/avis?" + query, data={"reponse": "", "commentaire": comment})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<title>Erreur : Les structures à contacter" in html
    # The same results page, the error beside the question and in the summary, the comment still typed.
    assert 'id="structure-cerema"' in html and 'action="/avis?' in html and '#avis"' in html
    assert "Votre avis n'a pas été enregistré" in html and html.count("Choisissez une réponse.") == 2
    assert '<a href="#reponse">' in html and "fr-fieldset--error" in html
    assert 'name="commentaire" rows="2">\r\nIl manque le syndicat d&#39;eau &amp; la &lt;DDT&gt;</textarea>' in html
    too_long = client.post("/avis?" + query, data={"reponse": "oui", "commentaire": "x" * 1001})
    assert too_long.status_code == 422 and "1 000 caractères au plus." in too_long.get_data(as_text=True)
    from wizard.models import Avis
    with app.app_context():
        assert get_session().query(Avis).count() == 0
    # Corrected, it is recorded and thanked; the next page shows the form empty again.
    done = client.post("/avis?" + query, data={"reponse": "en_partie", "commentaire": comment}, follow_redirects=True)
    assert "Merci pour votre avis" in done.get_data(as_text=True) and comment not in done.get_data(as_text=True)
    with app.app_context():
        assert [(a.reponse, a.commentaire) for a in get_session().query(Avis)] == [("en_partie", comment)]


def test_the_result_page_shows_the_question(client):
    html = client.get(COUVERT).get_data(as_text=True)
    assert "Cette liste vous aide-t-elle ?" in html and 'action="/avis?' in html


def test_csv_export_with_cells_neutralised(app, client, admin_client, users):
    _load(app)
    with app.app_context():
        session = get_session()
        caue = session.query(Structure).filter_by(slug="caue-53").one()
        caue.nom = "=HYPERLINK(\"http://x\")"
        service.creer(session, caue, service.Saisie("A", "maire", "Laval", "a@b.fr", None, "Un projet"), None,
                      now=dt.datetime(2026, 3, 1, 10, 0))
        session.commit()
    response = admin_client.get("/admin/pilotage.csv?du=2026-01-01&au=2026-12-31")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["indicateur", "cle", "libelle", "periode", "valeur"]
    assert ["vues_etape", "profil", "Votre profil", "2026-01-01/2026-12-31", "15"] in rows
    assert ["besoin_non_couvert", "sante|", "Santé", "2026-02", "4"] in rows
    # A partner-edited name starting with "=" is written as text, never as a formula.
    assert ["demandes_recues", "caue-53", "'=HYPERLINK(\"http://x\")", "2026-01-01/2026-12-31", "1"] in rows
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_neutraliser():
    assert [neutraliser(v) for v in ("=1+1", "+33", "-2", "@SUM", "texte", 12, None)] == [
        "'=1+1", "'+33", "'-2", "'@SUM", "texte", "12", ""]


def test_pilotage_is_for_admins_only(editor_client, admin_client):
    assert editor_client.get("/admin/pilotage").status_code == 403
    assert editor_client.get("/admin/pilotage.csv").status_code == 403
    assert admin_client.get("/admin/pilotage?du=pas-une-date").status_code == 200
    assert "Dates illisibles" in admin_client.get("/admin/pilotage?du=2026-13-01").get_data(as_text=True)


def test_bars_are_scaled_on_the_largest_value():
    from wizard.pilotage.graphiques import barres

    g = barres([("a", 10), ("b", 5), ("c", 0)])
    # 560 wide, 64 kept for the number written after the bar: 496 for the largest value.
    assert [(b.libelle, b.valeur, b.largeur) for b in g.barres] == [("a", 10, 496.0), ("b", 5, 248.0), ("c", 0, 0.0)]
    assert g.hauteur == 3 * 48 and barres([]).barres == ()
