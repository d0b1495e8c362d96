"""Two app instances on one database (as behind a load balancer): a parcours reload clicked on one
reaches the other; /sante reports database, parcours and data versions."""
from __future__ import annotations

import shutil

import pytest
from sqlalchemy import text

from tests.admin.conftest import read_form
from tests.auth.conftest import EMAIL, PASSWORD, login
from wizard import create_app
from wizard.auth.services import create_user
from wizard.config import ROOT
from wizard.db import get_session

OLD, NEW = 'question: "Vous êtes…"', 'question: "Qui êtes-vous ?"'


@pytest.fixture
def two_instances(loaded_sqlite, tmp_path):
    """Instances A and B: one database, each its own copy of parcours/ (one per host, same release)."""
    db = tmp_path / "shared.sqlite"
    shutil.copy(loaded_sqlite, db)
    apps = []
    for name in ("a", "b"):
        folder = tmp_path / f"parcours-{name}"
        shutil.copytree(ROOT / "parcours", folder)
        apps.append(create_app({"DATABASE_URL": f"sqlite:///{db}", "SECRET_KEY": "partagee", "TESTING": True,
                                "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                                "PARCOURS_DIR": str(folder), "PARCOURS_VERIFICATION_SECONDES": 0}))
    with apps[0].app_context():
        session = get_session()
        create_user(session, EMAIL, PASSWORD, "admin", [])
        session.commit()
    return apps


def _release(app) -> None:
    """The new parcours files deployed on this instance's host."""
    source = ROOT / "parcours" / "parcours.yaml"
    target = app.config["PARCOURS_DIR"] + "/parcours.yaml"
    with open(target, "w", encoding="utf-8") as fh:
        fh.write(source.read_text(encoding="utf-8").replace(OLD, NEW))


def test_a_reload_clicked_on_one_instance_reaches_the_other(two_instances):
    a, b = two_instances
    visitor_b = b.test_client()
    assert "Vous êtes…" in visitor_b.get("/parcours/profil").get_data(as_text=True)
    for app in (a, b):
        _release(app)
    admin = a.test_client()
    assert login(admin).status_code == 302
    data = read_form(admin.get("/admin/parcours").get_data(as_text=True), "/admin/parcours/recharger")
    flashed = admin.post("/admin/parcours/recharger", data=data, follow_redirects=True).get_data(as_text=True)
    assert "Parcours rechargé" in flashed and "Toutes les instances" in flashed
    assert "Qui êtes-vous ?" in a.test_client().get("/parcours/profil").get_data(as_text=True)
    # B served nothing in between: its next request picks up the active version from the database.
    assert "Qui êtes-vous ?" in visitor_b.get("/parcours/profil").get_data(as_text=True)
    assert b.test_client().get("/sante").get_json()["parcours"]["numero"] == \
        a.test_client().get("/sante").get_json()["parcours"]["numero"]


def test_health_endpoint_reports_database_parcours_and_data_version(two_instances):
    a, _ = two_instances
    response = a.test_client().get("/sante")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["etat"] == "ok" and body["base"] == "ok"
    assert body["parcours"]["etapes"] > 5 and len(body["parcours"]["empreinte"]) == 64
    assert body["donnees"]["structures"] > 10 and body["donnees"]["version"]


def test_health_endpoint_says_503_when_the_database_is_unreachable(two_instances):
    a, _ = two_instances
    with a.app_context():
        get_session().execute(text("DROP TABLE structure"))
        get_session().commit()
    response = a.test_client().get("/sante")
    assert response.status_code == 503 and response.get_json()["etat"] == "erreur"
