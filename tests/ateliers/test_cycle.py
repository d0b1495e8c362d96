"""Session lifecycle: creation without an account, code, QR, secret link shown once, states, deletion."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from tests.ateliers.conftest import VOIRIE, creer, texte
from wizard.ateliers import codes
from wizard.db import get_session
from wizard.models import Atelier, AtelierParcours, AtelierParticipant


def test_creation_gives_a_code_without_ambiguous_characters_and_stores_only_the_secret_hash(app, atelier):
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{6}", atelier.code)
    assert not set(atelier.code) & set("01ILO")
    secret = atelier.lien_gestion.rsplit("/", 1)[1]
    with app.app_context():
        row = get_session().scalar(select(Atelier).where(Atelier.code == atelier.code))
        assert row.etat == "ouvert" and row.activites == ["besoins", "structures", "idees"]
        assert row.secret_hash == codes.empreinte(secret) and secret not in repr(row.__dict__)
        assert row.questions == ["Quels besoins ne sont pas couverts ?", "Comment mieux faire connaître les acteurs ?"]


def test_secret_link_is_shown_once(atelier):
    again = atelier.animateur.get(f"/ateliers/{atelier.code}/cree")
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/ateliers/{atelier.code}/animation")
    assert "/gerer/" not in atelier.animateur.get(f"/ateliers/{atelier.code}/animation").text


def test_management_needs_the_secret_link(app, atelier):
    other = app.test_client()
    page = other.get(f"/ateliers/{atelier.code}/animation")
    assert page.status_code == 403 and "lien secret de gestion" in texte(page)
    assert other.get(f"/ateliers/{atelier.code}/gerer/faux-secret").status_code == 404
    assert other.post(f"/ateliers/{atelier.code}/etat", data={"action": "clore"}).status_code == 403
    r = other.get(atelier.lien_gestion.replace("http://localhost", ""))
    assert r.status_code == 302 and "/gerer/" not in r.headers["Location"]
    assert other.get(f"/ateliers/{atelier.code}/animation").status_code == 200


def test_open_pause_close_reopen(app, atelier):
    c, code = atelier.animateur, atelier.code
    for action, etat in (("pause", "pause"), ("ouvrir", "ouvert"), ("clore", "clos"), ("ouvrir", "ouvert")):
        r = c.post(f"/ateliers/{code}/etat", data={"action": action})
        assert r.status_code == 303
        with app.app_context():
            assert get_session().scalar(select(Atelier.etat).where(Atelier.code == code)) == etat
    c.post(f"/ateliers/{code}/etat", data={"action": "clore"})
    r = c.post(f"/ateliers/{code}/etat", data={"action": "pause"}, follow_redirects=True)
    assert "ne s'applique pas" in texte(r)


def test_creation_errors_are_shown_in_french(client):
    r = client.post("/ateliers", data={"titre": "", "date": "", "territoire_type": "communes",
                                       "communes": "Laval, Nullepart", "activites": []})
    assert r.status_code == 422
    assert "Donnez un titre" in texte(r) and "Choisissez au moins une activité" in texte(r)


def test_unknown_commune_is_refused_and_known_ones_are_kept(app, client):
    r = client.post("/ateliers", data={"titre": "T", "date": "2026-12-02", "territoire_type": "communes",
                                       "communes": "Laval, 53097, Nullepart", "activites": ["besoins"]})
    assert r.status_code == 422 and "Nullepart" in r.text
    s = creer(client, territoire_type="communes", communes="Laval, 53097")
    with app.app_context():
        codes_ = get_session().scalar(select(Atelier.territoire_codes).where(Atelier.code == s.code))
    assert codes_ == ["53130", "53097"]
    page = client.get(f"/ateliers/{s.code}/tableau").text
    assert "Laval, Évron" in page
    epci = creer(client, territoire_type="epci", epci="200033298")
    assert "CC des Coëvrons" in client.get(f"/ateliers/{epci.code}/tableau").text


def test_qr_code_is_an_svg_of_the_join_url(client, atelier):
    r = client.get(f"/ateliers/{atelier.code}/qr.svg")
    assert r.status_code == 200 and r.mimetype == "image/svg+xml"
    assert r.text.startswith("<svg") and f"http://localhost/a/{atelier.code}" in r.text
    assert client.get("/ateliers/ZZZZZZ/qr.svg").status_code == 404


def test_delete_removes_the_session_and_every_answer(app, atelier, participant):
    p = participant(atelier.code, prenom="Anne")
    p.get(f"/parcours/resultats?{VOIRIE}&atelier={atelier.code}")
    p.post(f"/a/{atelier.code}/structures", data={"connues": ["caue-53"]})
    p.post(f"/a/{atelier.code}/idees", data={"question": "0", "q0-texte": "Juridique"})
    refused = atelier.animateur.post(f"/ateliers/{atelier.code}/supprimer", data={"confirmation": "XXXXXX"},
                                     follow_redirects=True)
    assert "Suppression non faite" in texte(refused)
    r = atelier.animateur.post(f"/ateliers/{atelier.code}/supprimer", data={"confirmation": atelier.code.lower()})
    assert r.status_code == 303
    with app.app_context():
        s = get_session()
        assert s.scalar(select(func.count()).select_from(Atelier)) == 0
        assert s.scalar(select(func.count()).select_from(AtelierParticipant)) == 0
        assert s.scalar(select(func.count()).select_from(AtelierParcours)) == 0
        from wizard.models import AtelierConnaissance, AtelierIdee
        assert s.scalar(select(func.count()).select_from(AtelierConnaissance)) == 0
        assert s.scalar(select(func.count()).select_from(AtelierIdee)) == 0
    assert p.get(f"/a/{atelier.code}").status_code == 404
