"""A structure's fiche and its moderated suggestion form."""
from __future__ import annotations

import html as htmllib
import re
import shutil

import pytest
from sqlalchemy import func, select

from wizard import create_app
from wizard.db import get_session
from wizard.models import Structure, Suggestion

VALID = {"champ": "telephone", "message": "Le standard a changé depuis 2024.",
         "valeur_proposee": "02 43 00 00 00", "source_proposee": "https://www.mayenne.gouv.fr/contact",
         "auteur_nom": "Secrétaire de mairie", "auteur_email": "mairie@example.fr"}


def suggestions(app) -> list[Suggestion]:
    with app.app_context():
        return list(get_session().scalars(select(Suggestion)))


def text_of(html: str) -> str:
    """The page as read: tags removed, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", "", html)))


def date_publiee(value: str) -> str:
    """A date as published: 2023-11-24 → 24/11/2023, 2025-09 → 09/2025, 2019 → 2019."""
    parts = value.split("-")
    return "/".join(reversed(parts))


def reference(source: dict) -> str:
    """How a fact's source reads on a fiche: « titre, éditeur (mise à jour le …) »."""
    text = source["titre"] + (f", {source['editeur']}" if source.get("editeur") else "")
    if source.get("date"):
        return f"{text} (mise à jour {'le' if len(source['date']) == 10 else 'en'} {date_publiee(source['date'])})"
    return f"{text} (consultée {'le' if len(source['consulte_le']) == 10 else 'en'} " \
           f"{date_publiee(source['consulte_le'])})"


def record(data_records, slug: str) -> dict:
    return next(r for r in data_records["structures"] if r["slug"] == slug)


def test_fiche_shows_offers_contacts_and_one_source_line_per_fact(client, data_records):
    prefecture = record(data_records, "prefecture-53")
    raw = client.get("/structures/prefecture-53").get_data(as_text=True)
    html, text = htmllib.unescape(raw), text_of(raw)
    sources = {s["id"]: s for s in prefecture["sources"]}

    def line(ids: list[str]) -> str:
        return ("Sources : " if len(ids) > 1 else "Source : ") + " ; ".join(reference(sources[i]) for i in ids)

    assert "<h1>Préfecture de la Mayenne" in html
    assert line(prefecture["faits_sources"]) in text  # presentation, nature, site
    for offre in prefecture["offres"]:
        assert offre["titre"] in text
        assert offre["titre"] + " " + offre["description"] in text
        assert line(offre["sources"]) in text.split(offre["titre"] + " ", 1)[1]
    contact = prefecture["contacts"][0]
    assert 'href="tel:+33243015000">02 43 01 50 00</a>' in html
    assert line([contact["source"]]) in text.split(contact["libelle"], 1)[1]
    # An official document read on a mirror is cited by its title, never linked to the mirror.
    mirrored = [s for s in prefecture["sources"] if s["copie_consultee"]]
    assert mirrored and not [s for s in mirrored if s["copie_consultee"] in html]
    assert "À préparer avant d'appeler" in html and "Coût" in html and "Gratuit" in html
    assert "Département 53" in html
    # The completeness score is the partners' to-do list (back-office), not a public fact any more.
    assert "Complétude" not in html and "<meter" not in html


def test_no_internal_note_on_any_public_fiche(client, internal_notes):
    """Confidence, what to check, research leads, doubts on an offer, mirror copies: never public."""
    for slug, notes in internal_notes.items():
        html = htmllib.unescape(client.get(f"/structures/{slug}").get_data(as_text=True))
        assert "Confiance" not in html and "À vérifier" not in html, slug
        leaked = [note for note in notes if note in html]
        assert not leaked, (slug, leaked)


def test_every_published_channel_is_a_link_followed_by_its_source(client, data_records):
    for fiche in data_records["structures"]:
        raw = client.get(f"/structures/{fiche['slug']}").get_data(as_text=True)
        aside = text_of(raw.split('<h2 class="fr-card__title">Contacts</h2>', 1)[1].split("</section>", 1)[0])
        html = htmllib.unescape(raw)
        sources = {s["id"]: s for s in fiche["sources"]}
        for contact in fiche.get("contacts") or ():
            if contact["telephone"]:
                assert f'>{contact["telephone"]}</a>' in html, fiche["slug"]
            if contact["email"]:
                assert f'href="mailto:{contact["email"]}"' in html, fiche["slug"]
            for url in (contact["formulaire"], contact["page_contact"]):
                if url:
                    assert f'href="{url}"' in html, fiche["slug"]
            assert "Source : " + reference(sources[contact["source"]]) in aside.split(contact["libelle"], 1)[1]


def test_a_channel_without_a_source_is_not_published(app, client):
    """A contact carried over from an older base without its source stays in the back-office."""
    with app.app_context():
        session = get_session()
        cerema = session.scalars(select(Structure).where(Structure.slug == "cerema")).one()
        cerema.contacts[0].source_cle = None
        cerema.interne = {**cerema.interne, "a_verifier": "Sourcer le courriel."}  # a save bumps the version
        session.commit()
    html = client.get("/structures/cerema").get_data(as_text=True)
    assert "mailto:" not in html and "collectivites@cerema.fr" not in html
    assert "ne sont pas encore vérifiées" in html
    assert client.get("/api/v1/structures/cerema").get_json()["contacts"] == []
    body = client.get("/api/v1/recommandations?thematique=voirie&commune=53130&type_collectivite=commune"
                      "&besoin=technique").get_json()
    card = next(s for s in body["structures"] if s["slug"] == "cerema")
    assert card["contacts"] == [] and card["contact"]["a_completer"] is True
    # The card names the fallback, which has a verified channel of its own.
    assert card["contact"]["repli"]["slug"] == "prefecture-53"
    assert card["contact"]["repli"]["contact"]["telephone"]


def test_a_fiche_without_verified_contacts_says_so_and_invites_to_complete_it(client, data_records):
    unknown = [r["slug"] for r in data_records["structures"] if not r.get("contacts")]
    assert "chambre-agriculture-53" in unknown
    for slug in unknown:
        html = htmllib.unescape(client.get(f"/structures/{slug}").get_data(as_text=True))
        assert 'href="tel:' not in html and "mailto:" not in html, slug
        assert "Les coordonnées de cette structure ne sont pas encore vérifiées" in html, slug
        # Where to go instead, and how to complete the fiche (reviewed before publication).
        assert 'href="/parcours"' in html and "Signaler une erreur ou compléter cette fiche" in html, slug
        assert '<option value="telephone"' in html, slug


def test_a_former_slug_is_a_permanent_redirect(client, data_records):
    merged = [(old, r["slug"]) for r in data_records["structures"] for old in r.get("anciens_slugs") or ()]
    assert ("atd-eau-53", "cd53") in merged
    for old, new in merged:
        response = client.get(f"/structures/{old}")
        assert response.status_code == 301 and response.headers["Location"] == f"/structures/{new}"
        assert client.get(response.headers["Location"]).status_code == 200


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
