"""Direct-request fixtures: an app that mails through the local SMTP sink (tests/courriels.py), logged-in partners."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tests.admin.conftest import admin_client, editor_client, users  # noqa: F401  (shared fixtures)
from tests.courriels import SmtpSink
from wizard import create_app
from wizard.db import get_session
from wizard.models import Demande

#: Saint-Erblon (153 inhabitants), a road to redo, a technical question: a complete parcours.
REPONSES = ("profil=elu&type_collectivite=commune&commune=53214&projet=&thematique=voirie&besoin=technique"
            "&stade=etudes")
RESULTATS = f"/parcours/resultats?{REPONSES}"
DEMANDE = {"nom": "Jeanne Martin", "fonction": "Maire", "commune": "Saint-Erblon", "email": "maire@saint-erblon.fr",
           "telephone": "", "message": "Nous voulons refaire la voirie du bourg et cherchons un appui technique."}


@pytest.fixture
def app(loaded_sqlite: Path, tmp_path: Path, smtp: SmtpSink) -> Flask:
    """The application on a fresh copy of the loaded database, mailing through the local sink."""
    db_file = tmp_path / "app.sqlite"
    shutil.copy(loaded_sqlite, db_file)
    return create_app({"DATABASE_URL": f"sqlite:///{db_file}", "SECRET_KEY": "test", "TESTING": True,
                       "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "PILOTAGE_FLUSH_SECONDS": 0,
                       "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp.port, "MAIL_TIMEOUT": 5,
                       "MAIL_DEFAULT_SENDER": "carto@ddt53.test"})


def lien_demande(client, slug: str) -> str:
    """The "Être recontacté" link of ``slug``'s card on the result page (with the answers)."""
    import html as html_lib
    import re

    page = client.get(RESULTATS).get_data(as_text=True)
    found = re.findall(rf'href="(/demandes/nouvelle/{re.escape(slug)}[^"]*)"', page)
    assert found, f"pas de bouton « Être recontacté » pour {slug}"
    return html_lib.unescape(found[0])


def envoyer(client, slug: str = "caue-53", query: str = REPONSES, **changes) -> str:
    """Send a request to ``slug`` from a result page's answers; return the tracking URL."""
    response = client.post(f"/demandes/nouvelle/{slug}?{query}", data={**DEMANDE, **changes})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response.headers["Location"]


def demandes(app) -> list[Demande]:
    with app.app_context():
        found = list(get_session().scalars(select(Demande).order_by(Demande.id)
                                           .options(selectinload(Demande.structure), selectinload(Demande.evenements))))
        return found
