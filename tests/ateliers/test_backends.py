"""The workshop's writes on each backend (SQLite, PostgreSQL): a full session, duplicates kept once,
deletion with every answer."""
from __future__ import annotations

from sqlalchemy import func, select

from tests.ateliers.conftest import VOIRIE, creer, rejoindre
from wizard import create_app
from wizard.ateliers import reponses
from wizard.db import get_session
from wizard.models import Atelier, AtelierConnaissance, AtelierParcours, AtelierParticipant


def test_session_on_each_backend(db_url):
    app = create_app({"DATABASE_URL": db_url, "SECRET_KEY": "test", "TESTING": True,
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
    try:
        s = creer(app.test_client())
        p = app.test_client()
        assert rejoindre(p, s.code, role="elu").status_code == 303
        assert "Votre parcours est enregistré" in p.get(f"/parcours/resultats?{VOIRIE}&atelier={s.code}").text
        p.post(f"/a/{s.code}/structures", data={"connues": ["caue-53", "ddt-53"]})
        with app.test_request_context():
            session = get_session()
            atelier = session.scalar(select(Atelier).where(Atelier.code == s.code))
            qui = session.scalar(select(AtelierParticipant))
            # A duplicate insert (two requests racing) is absorbed by its savepoint; the session goes on.
            assert reponses._inserer(session, AtelierConnaissance(atelier_id=atelier.id, participant_id=qui.id,
                                                                  structure_slug="caue-53")) is False
            assert session.scalar(select(func.count()).select_from(AtelierConnaissance)) == 2
            session.commit()
        assert "Voirie : 100 % (1), enquête 94 %" in " ".join(
            app.test_client().get(f"/ateliers/{s.code}/tableau").text.split())
        assert s.animateur.post(f"/ateliers/{s.code}/supprimer", data={"confirmation": s.code}).status_code == 303
        with app.app_context():
            session = get_session()
            assert [session.scalar(select(func.count()).select_from(m))
                    for m in (Atelier, AtelierParticipant, AtelierParcours, AtelierConnaissance)] == [0, 0, 0, 0]
    finally:
        app.extensions["db_engine"].dispose()
