"""The "Être recontacté" form: from a result card or a fiche, validated, stored, confirmed with a private link."""
from __future__ import annotations

import hashlib
import shutil

import pytest
from sqlalchemy import select

from tests.demandes.conftest import DEMANDE, REPONSES, RESULTATS, demandes, envoyer, lien_demande
from wizard import create_app
from wizard.db import get_session
from wizard.models import Demande


def test_each_result_card_and_the_fiche_offer_the_button(client):
    page = client.get(RESULTATS).get_data(as_text=True)
    cards = page.count('class="fr-card carto-carte-orientation"')
    assert cards >= 1 and page.count("carto-recontact") == cards
    fiche = client.get("/structures/caue-53").get_data(as_text=True)
    assert 'href="/demandes/nouvelle/caue-53"' in fiche


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}])
def test_form_from_a_card_prefills_the_commune_and_lists_the_attached_answers(client, headers):
    url = lien_demande(client, "cerema")
    assert url.endswith("?" + REPONSES)
    html = client.get(url, headers=headers).get_data(as_text=True)
    assert 'name="commune" type="text" value="Saint-Erblon"' in html or 'value="Saint-Erblon"' in html
    assert "Ce qui sera joint à votre demande" in html and "Voirie" in html


def test_sending_stores_everything_then_shows_the_tracking_page(app, client):
    suivi = envoyer(client, "cerema")
    assert suivi.startswith("/demandes/suivi/")
    token = suivi.rsplit("/", 1)[1]
    [d] = demandes(app)
    assert (d.nom, d.fonction, d.commune, d.email) == ("Jeanne Martin", "Maire", "Saint-Erblon",
                                                        "maire@saint-erblon.fr")
    assert d.statut == "envoyee" and d.territoire_code == "53214"
    assert d.thematiques == ["voirie"] and d.besoin == "technique"
    assert d.permalien == f"http://localhost{RESULTATS}"
    assert {"titre": "Votre commune", "valeurs": ["Saint-Erblon (53390)"]} in d.reponses
    # Only the token's digest is kept.
    assert d.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in d.token_hash
    page = client.get(suivi)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Votre demande a été envoyée à" in html and "Envoyée" in html
    assert page.headers["Cache-Control"] == "no-store" and page.headers["Referrer-Policy"] == "no-referrer"
    assert "Envoyée" in client.get(suivi, headers={"HX-Request": "true"}).get_data(as_text=True)


def test_from_the_fiche_without_answers_nothing_is_attached(app, client):
    html = client.get("/demandes/nouvelle/caue-53").get_data(as_text=True)
    assert "Ce qui sera joint" not in html and 'value="Saint-Erblon"' not in html
    response = client.post("/demandes/nouvelle/caue-53", data=DEMANDE)
    assert response.status_code == 303
    [d] = demandes(app)
    assert d.reponses == [] and d.permalien is None and d.structure.slug == "caue-53"


@pytest.mark.parametrize("changes,message", [
    ({"email": "", "telephone": ""}, "Indiquez une adresse électronique ou un téléphone"),
    ({"email": "pas-une-adresse"}, "Adresse électronique invalide"),
    ({"email": "", "telephone": "12"}, "Numéro de téléphone invalide"),
    ({"message": "court"}, "entre 10 et 2 000 caractères"),
    ({"nom": ""}, "Indiquez votre nom."),
])
def test_bad_input_gets_a_french_error_and_keeps_what_was_typed(app, client, changes, message):
    response = client.post(f"/demandes/nouvelle/caue-53?{REPONSES}", data={**DEMANDE, **changes})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html
    assert "Nous voulons refaire la voirie du bourg" in html or "message" in changes
    assert demandes(app) == []


def test_a_phone_alone_is_enough(app, client):
    envoyer(client, "caue-53", email="", telephone="02 43 00 00 00")
    assert demandes(app)[0].telephone == "02 43 00 00 00"


def test_honeypot_answers_like_a_success_and_stores_nothing(app, client):
    response = client.post("/demandes/nouvelle/caue-53", data={**DEMANDE, "site_internet": "http://spam"})
    assert response.status_code == 200 and "Votre demande a été envoyée" in response.get_data(as_text=True)
    assert demandes(app) == []


@pytest.mark.parametrize("url,status", [("/demandes/nouvelle/inconnue", 404), ("/demandes/suivi/faux-jeton", 404)])
def test_unknown_structure_or_token_is_a_clear_404(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert "introuvable" in response.get_data(as_text=True) or "Lien de suivi inconnu" in response.get_data(
        as_text=True)


def test_tampered_answers_attach_nothing_but_the_request_is_kept(app, client):
    envoyer(client, "caue-53", query="profil=inconnu&thematique=pas-une-thematique")
    [d] = demandes(app)
    assert d.reponses == [] and d.permalien is None


@pytest.fixture
def strict_app(loaded_sqlite, tmp_path):
    """CSRF and rate limits on, as in production."""
    db_file = tmp_path / "strict.sqlite"
    shutil.copy(loaded_sqlite, db_file)
    return create_app({"DATABASE_URL": f"sqlite:///{db_file}", "SECRET_KEY": "test", "TESTING": True,
                       "RATELIMIT_ENABLED": True,
                       "DEMANDE_RATELIMIT": "2 per hour"})


def _count(app) -> int:
    with app.app_context():
        return len(list(get_session().scalars(select(Demande))))


def test_csrf_is_required(strict_app):
    client = strict_app.test_client()
    response = client.post("/demandes/nouvelle/caue-53", data=DEMANDE)
    assert response.status_code == 400 and "Formulaire expiré" in response.get_data(as_text=True)
    assert _count(strict_app) == 0


def test_sending_is_rate_limited(strict_app):
    import re

    client = strict_app.test_client()
    statuses = []
    for _ in range(3):
        html = client.get("/demandes/nouvelle/caue-53").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
        statuses.append(client.post("/demandes/nouvelle/caue-53", data={**DEMANDE, "csrf_token": token}).status_code)
    assert statuses == [303, 303, 429]
    assert _count(strict_app) == 2
