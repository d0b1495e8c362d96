"""Two sessions compared, and every session of the département for the State services."""
from __future__ import annotations

from tests.admin.conftest import PASSWORD, login
from tests.ateliers.conftest import VOIRIE, creer, texte
from wizard.ateliers.synthese import Barre, LigneComparee, comparer
from wizard.auth.services import create_user
from wizard.db import get_session


def test_comparer_rows_take_both_sides():
    a = [Barre("voirie", "Voirie", 2, 67, 94), Barre("eau", "Eau", 1, 33, 83)]
    b = [Barre("eau", "Eau", 3, 75, 83)]
    assert comparer(a, b) == (LigneComparee("Eau", 33, 75, 83), LigneComparee("Voirie", 67, None, 94))


def _deux_sessions(app, participant):
    un, deux = creer(app.test_client(), titre="Coëvrons"), creer(app.test_client(), titre="Laval")
    participant(un.code).get(f"/parcours/resultats?{VOIRIE}&atelier={un.code}")
    for _ in range(2):
        participant(deux.code).get(f"/parcours/resultats?{VOIRIE.replace('voirie&', 'eau&')}&atelier={deux.code}")
    return un, deux


def test_two_sessions_side_by_side(app, client, participant):
    un, deux = _deux_sessions(app, participant)
    page = texte(client.get(f"/ateliers/comparer?a={un.code}&b={deux.code.lower()}"))
    assert f"Coëvrons ({un.code})" in page and f"Laval ({deux.code})" in page
    # Voirie: 1/1 participant in the first, none in the second; eau: none, then 2/2.
    assert "Voirie</th><td>100 %</td> <td>—</td> <td>94 %</td>" in page
    assert "Eau et assainissement</th><td>—</td> <td>100 %</td> <td>83 %</td>" in page
    refused = client.get(f"/ateliers/comparer?a={un.code}&b=ZZZZZZ")
    assert refused.status_code == 400 and "deux ateliers différents" in texte(refused)
    assert client.get("/ateliers/comparer").status_code == 200


def test_departement_for_admins_only(app, client, participant):
    _deux_sessions(app, participant)
    assert client.get("/ateliers/departement").status_code == 302
    with app.app_context():
        session = get_session()
        create_user(session, "admin@ddt53.fr", PASSWORD, "admin", [])
        create_user(session, "editeur@caue53.fr", PASSWORD, "editeur", ["caue-53"])
        session.commit()
    editor = app.test_client()
    login(editor, "editeur@caue53.fr")
    assert editor.get("/ateliers/departement").status_code == 403
    admin = app.test_client()
    login(admin, "admin@ddt53.fr")
    r = admin.get("/ateliers/departement")
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    page = texte(r)
    assert "2 ateliers, 3 participants, 3 parcours terminés" in page
    # Over the 3 participants with a parcours: voirie 1 (33 %), eau 2 (67 %).
    assert "Voirie : 33 % (1), enquête 94 %" in page and "Eau et assainissement : 67 % (2), enquête 83 %" in page
    assert "Coëvrons" in page and "Laval" in page


def test_a_partner_account_owns_the_sessions_it_creates(app):
    with app.app_context():
        session = get_session()
        create_user(session, "editeur@caue53.fr", PASSWORD, "editeur", ["caue-53"])
        session.commit()
    partner = app.test_client()
    login(partner, "editeur@caue53.fr")
    s = creer(partner, titre="Atelier du CAUE")
    # Another browser logged into the same account manages it without the secret link.
    other = app.test_client()
    login(other, "editeur@caue53.fr")
    assert other.get(f"/ateliers/{s.code}/animation").status_code == 200
    assert "Atelier du CAUE" in texte(other.get("/ateliers"))
    assert app.test_client().get(f"/ateliers/{s.code}/animation").status_code == 403
    anonymous = creer(app.test_client())
    assert other.get(f"/ateliers/{anonymous.code}/animation").status_code == 403
