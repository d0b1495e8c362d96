"""A structure's fiche and its moderated suggestion form."""
from __future__ import annotations

import html as htmllib
import re
import shutil

import pytest
from sqlalchemy import func, select

from wizard import create_app
from wizard.db import get_session
from wizard.models import Suggestion

VALID = {"champ": "telephone", "message": "Le standard a changé depuis 2024.",
         "valeur_proposee": "02 43 00 00 00", "source_proposee": "https://www.mayenne.gouv.fr/contact",
         "auteur_nom": "Secrétaire de mairie", "auteur_email": "mairie@example.fr"}


def suggestions(app) -> list[Suggestion]:
    with app.app_context():
        return list(get_session().scalars(select(Suggestion)))


def test_fiche_shows_offers_contacts_sources_and_dates(client):
    html = htmllib.unescape(client.get("/structures/prefecture-53").get_data(as_text=True))
    assert "<h1>Préfecture de la Mayenne" in html
    assert "Subventions de l'État à l'investissement (DETR, DSIL)" in html
    assert 'href="tel:+33243015000">02 43 01 50 00</a>' in html
    assert 'href="mailto:pref-communication@mayenne.gouv.fr"' in html
    assert "Fiche vérifiée le 25/11/2026" in html
    assert "mayenne.gouv.fr/Services-de-l-Etat" in html and "08/11/2018" in html  # a source with its date
    assert "À préparer avant d'appeler" in html and "Coût" in html and "Gratuit" in html
    assert "Département 53" in html
    assert "Complétude de la fiche" in html and re.search(r'<meter[^>]+value="\d+"', html)


def test_unknown_contacts_show_a_completer(client):
    html = client.get("/structures/chambre-agriculture-53").get_data(as_text=True)
    assert html.count("à compléter") >= 3  # téléphone, courriel, adresse (no contact published)
    assert 'href="tel:' not in html and "mailto:" not in html
    assert "un numéro de téléphone" in html  # listed as missing by the completeness score


def test_fiche_lists_the_epci_territory_by_name(client):
    assert "Laval Agglomération" in client.get("/structures/epci-laval-agglo").get_data(as_text=True)


def test_unknown_structure_is_a_french_404(client):
    response = client.get("/structures/n-existe-pas")
    assert response.status_code == 404
    assert "introuvable" in response.get_data(as_text=True)


def test_valid_suggestion_is_stored_for_review_and_confirmed(app, client):
    response = client.post("/structures/prefecture-53/signaler", data=VALID)
    assert response.status_code == 303 and response.headers["Location"].endswith("/structures/prefecture-53")
    stored = suggestions(app)
    assert len(stored) == 1
    assert stored[0].statut == "en_attente" and stored[0].champ == "telephone"
    assert stored[0].valeur_proposee == "02 43 00 00 00" and stored[0].auteur_email == "mairie@example.fr"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "votre proposition a été transmise" in page
    # Nothing is published: the fiche still shows the old number.
    assert "02 43 00 00 00" not in page


def test_invalid_suggestion_shows_french_errors_and_keeps_the_input(app, client):
    data = {**VALID, "message": "court", "auteur_email": "pas-un-courriel", "source_proposee": "ftp:/x"}
    response = client.post("/structures/prefecture-53/signaler", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Le formulaire contient 3 erreurs" in html
    assert "entre 10 et 2 000 caractères" in html
    assert "Adresse électronique invalide" in html
    assert "adresse web complète" in html
    assert 'value="02 43 00 00 00"' in html and re.search(r">\s*court</textarea>", html)
    assert suggestions(app) == []


def test_missing_choice_is_refused_in_french(client):
    response = client.post("/structures/prefecture-53/signaler", data={**VALID, "champ": "inconnu"})
    html = response.get_data(as_text=True)
    assert "Choisissez une valeur de la liste." in html


def test_filled_honeypot_is_accepted_but_discarded(app, client):
    response = client.post("/structures/prefecture-53/signaler", data={**VALID, "site_internet": "http://spam.example"})
    assert response.status_code == 303
    assert "votre proposition a été transmise" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert suggestions(app) == []


def test_honeypot_is_hidden_by_a_class_not_an_inline_style(client):
    html = client.get("/structures/prefecture-53").get_data(as_text=True)
    assert re.search(r'<div class="carto-piege" aria-hidden="true">', html)
    assert "style=" not in html


def test_suggestion_for_unknown_structure_is_404(client):
    assert client.post("/structures/n-existe-pas/signaler", data=VALID).status_code == 404


@pytest.fixture
def strict_app(loaded_sqlite, tmp_path):
    """The app with CSRF and rate limits on, as in production."""
    db_file = tmp_path / "strict.sqlite"
    shutil.copy(loaded_sqlite, db_file)
    return create_app({"DATABASE_URL": f"sqlite:///{db_file}", "SECRET_KEY": "test", "TESTING": True,
                       "WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": True, "SUGGESTION_RATELIMIT": "5 per hour"})


def test_csrf_is_required(strict_app):
    client = strict_app.test_client()
    response = client.post("/structures/prefecture-53/signaler", data=VALID)
    assert response.status_code == 400
    assert "Formulaire expiré" in response.get_data(as_text=True)
    with strict_app.app_context():
        assert get_session().scalar(select(func.count()).select_from(Suggestion)) == 0


def test_form_with_its_token_passes_then_rate_limit_is_a_french_429(strict_app):
    client = strict_app.test_client()
    html = client.get("/structures/prefecture-53").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    statuses = [client.post("/structures/prefecture-53/signaler", data={**VALID, "csrf_token": token}).status_code
                for _ in range(6)]
    assert statuses == [303] * 5 + [429]
    last = client.post("/structures/prefecture-53/signaler", data={**VALID, "csrf_token": token})
    assert last.status_code == 429 and "Trop de tentatives" in last.get_data(as_text=True)
    # Reading the fiche is never limited.
    assert client.get("/structures/prefecture-53").status_code == 200
    with strict_app.app_context():
        assert get_session().scalar(select(func.count()).select_from(Suggestion)) == 5
