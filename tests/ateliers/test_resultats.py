"""Dashboard (page and htmx fragment), synthesis, CSV export (round-trip), rate limit per session."""
from __future__ import annotations

import csv
import io
import shutil

from sqlalchemy import select

from tests.ateliers.conftest import VOIRIE, creer, rejoindre, texte
from wizard import create_app
from wizard.db import get_session
from wizard.models import AtelierConnaissance, AtelierIdee, AtelierParcours, AtelierParticipant


def _remplir(app, atelier, participant):
    """Two participants: a parcours each, structures ticked, an idea (approved)."""
    a = participant(atelier.code, prenom="Anne", commune="53130", role="elu")
    b = participant(atelier.code, role="agent")
    a.get(f"/parcours/resultats?{VOIRIE}&atelier={atelier.code}")
    b.get(f"/parcours/resultats?{VOIRIE.replace('voirie&', 'eau&')}&atelier={atelier.code}")
    a.post(f"/a/{atelier.code}/structures", data={"connues": ["caue-53", "ddt-53"]})
    b.post(f"/a/{atelier.code}/structures", data={"connues": ["caue-53"]})
    a.post(f"/a/{atelier.code}/idees", data={"question": "0", "q0-texte": "=HYPERLINK(\"x\") formation des élus"})
    with app.app_context():
        idee = get_session().scalar(select(AtelierIdee.id))
    atelier.animateur.post(f"/ateliers/{atelier.code}/idees/{idee}", data={"decision": "approuvee"})
    return a, b


def test_dashboard_page_and_fragment_show_the_figures(app, client, atelier, participant):
    _remplir(app, atelier, participant)
    page = client.get(f"/ateliers/{atelier.code}/tableau")
    assert page.status_code == 200 and "HX-Request" in page.headers["Vary"]
    body = texte(page)
    assert 'hx-trigger="every 5s"' in body and "Actualiser" in body and "<svg" in body
    # Voirie: 1 of the 2 participants with a parcours → 50 %, survey 94 %; CAUE known by 2/2, DDT by 1/2.
    assert "Voirie : 50 % (1), enquête 94 %" in body
    assert "CAUE : 100 % (2), enquête 93 %" in body
    assert "Direction départementale des territoires : 50 % (1), enquête 93 %" in body
    assert "formation des élus" in body and "Anne" not in body
    fragment = client.get(f"/ateliers/{atelier.code}/tableau", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert "Voirie : 50 % (1), enquête 94 %" in texte(fragment) and 'id="tableau-direct"' not in fragment.text


def test_synthesis_is_printable_with_tables_open(app, client, atelier, participant):
    _remplir(app, atelier, participant)
    r = client.get(f"/ateliers/{atelier.code}/synthese")
    assert r.status_code == 200 and "<details class=\"carto-chiffres fr-mt-1w\" open>" in r.text
    assert "Enregistrer au format PDF" in texte(r)


def test_csv_round_trip_one_row_per_answer(app, atelier, participant):
    _remplir(app, atelier, participant)
    r = atelier.animateur.get(f"/ateliers/{atelier.code}/export.csv")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True).lstrip("\ufeff"))))
    with app.app_context():
        s = get_session()
        parcours = s.scalars(select(AtelierParcours).order_by(AtelierParcours.id)).all()
        connues = s.scalars(select(AtelierConnaissance.structure_slug).order_by(AtelierConnaissance.id)).all()
        idees = s.scalars(select(AtelierIdee.texte)).all()
        roles = s.scalars(select(AtelierParticipant.role).order_by(AtelierParticipant.id)).all()
    assert len(rows) == len(parcours) + len(connues) + len(idees) == 6
    besoins = [r for r in rows if r["activite"] == "besoins"]
    assert [(r["participant"], r["role"], r["thematiques"], r["type_aide"]) for r in besoins] == [
        ("1", roles[0], "voirie", "technique"), ("2", roles[1], "eau", "technique")]
    assert [r["structures_recommandees"].split(" | ") for r in besoins] == [p.structures for p in parcours]
    assert [r["structure_connue"] for r in rows if r["activite"] == "structures"] == list(connues)
    (idee,) = [r for r in rows if r["activite"] == "idees"]
    # A cell starting with "=" is neutralised for spreadsheets; the text is otherwise intact.
    assert idee["idee"] == "'" + idees[0] and idee["moderation"] == "approuvee"
    assert idee["question"] == "Quels besoins ne sont pas couverts ?"
    assert "Anne" not in r.get_data(as_text=True)


def test_export_is_for_the_animator_only(app, atelier):
    assert app.test_client().get(f"/ateliers/{atelier.code}/export.csv").status_code == 403


def test_animator_page_lists_ideas_and_counts(app, atelier, participant):
    _remplir(app, atelier, participant)
    page = texte(atelier.animateur.get(f"/ateliers/{atelier.code}/animation"))
    assert "2 participants · 2 parcours terminés · 2 réponses « structures connues » · 1 idée" in page
    assert "montrée à la salle" in page


def test_rate_limit_counts_per_session_not_per_address(loaded_sqlite, tmp_path):
    db = tmp_path / "rl.sqlite"
    shutil.copy(loaded_sqlite, db)
    app = create_app({"DATABASE_URL": f"sqlite:///{db}", "SECRET_KEY": "t", "TESTING": True,
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": True, "ATELIER_RATELIMIT": "3 per minute"})
    one, other = creer(app.test_client()), creer(app.test_client())
    statuses = [rejoindre(app.test_client(), one.code).status_code for _ in range(4)]
    assert statuses == [303, 303, 303, 429]
    # Another session in the same room (same address) is not affected.
    assert rejoindre(app.test_client(), other.code).status_code == 303
