"""Counters (upsert) and direct requests on each database backend: SQLite always, PostgreSQL when configured."""
from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from tests.pilotage.conftest import NON_COUVERT
from wizard import create_app
from wizard.auth.services import create_user
from wizard.db import get_session
from wizard.models import Compteur, Demande
from wizard.pilotage.compteurs import ajouter


def test_counters_and_requests_on_each_backend(db_url):
    app = create_app({"DATABASE_URL": db_url, "SECRET_KEY": "test", "TESTING": True, "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False, "PILOTAGE_FLUSH_SECONDS": 0})
    client = app.test_client()
    for _ in range(2):
        assert client.get("/parcours/profil").status_code == 200
    assert client.get(NON_COUVERT).status_code == 200
    with app.app_context():
        session = get_session()
        # A second instance adds its own counts to the same rows (upsert, no duplicate).
        ajouter(session, Counter({(next(iter(session.scalars(select(Compteur.jour)))), "etape", "profil"): 5}))
        session.commit()
        counts = {(c.mesure, c.cle): c.n for c in session.scalars(select(Compteur))}
        create_user(session, "admin@ddt53.fr", "une phrase de passe solide", "admin", [])
        session.commit()
    assert counts[("etape", "profil")] == 7 and counts[("non_couvert", "numerique|technique")] == 1
    response = client.post("/demandes/nouvelle/cerema?" + NON_COUVERT.split("?", 1)[1], data={
        "nom": "A", "fonction": "Maire", "commune": "Saint-Erblon", "email": "a@b.fr",
        "message": "Un réseau numérique pour l'école"})
    assert response.status_code == 303
    assert client.get(response.headers["Location"]).status_code == 200
    with app.app_context():
        [demande] = get_session().scalars(select(Demande))
        assert demande.non_couvert and demande.thematiques == ["numerique"]
    app.extensions["db_engine"].dispose()
