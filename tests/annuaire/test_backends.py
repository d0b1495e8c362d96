"""The annuaire pages on each database backend (SQLite, PostgreSQL): same results."""
from __future__ import annotations

import re

import pytest

from wizard import create_app


@pytest.fixture
def backend_client(db_url):
    app = create_app({"DATABASE_URL": db_url, "SECRET_KEY": "test", "TESTING": True,
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
    yield app.test_client()
    app.extensions["db_engine"].dispose()


def test_annuaire_and_fiche_on_each_backend(backend_client):
    def slugs(**params) -> list[str]:
        html = backend_client.get("/annuaire", query_string=params).get_data(as_text=True)
        return re.findall(r'href="/structures/([a-z0-9-]+)"', html)

    assert slugs(q="epf foncier")[0] == "epfl-mayenne-sarthe"
    assert slugs(q="céréma")[0] == "cerema"
    laval = slugs(territoire="53130", thematique="urbanisme")
    assert "epci-laval-agglo" in laval and "epci-pays-de-craon" not in laval
    assert "Aucune structure ne correspond" in backend_client.get("/annuaire?q=cereme").get_data(as_text=True)
    response = backend_client.post("/structures/cerema/signaler",
                                   data={"champ": "autre", "message": "Un interlocuteur en Mayenne existe-t-il ?"})
    assert response.status_code == 303
    assert "Centre d" in backend_client.get("/structures/cerema").get_data(as_text=True)
