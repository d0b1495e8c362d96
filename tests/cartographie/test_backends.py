"""The aggregate queries of the coverage pages and the API on each database backend (SQLite, PostgreSQL)."""
from __future__ import annotations

import re

from wizard import create_app


def test_coverage_pages_and_api_on_each_backend(db_url):
    app = create_app({"DATABASE_URL": db_url, "SECRET_KEY": "test", "TESTING": True,
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
    client = app.test_client()
    try:
        html = client.get("/cartographie?territoire=53130&besoin=communication").get_data(as_text=True)
        flagged = int(re.search(r"Besoins peu couverts : (\d+) thématique", html).group(1))
        assert flagged == html.count('<tr class="carto-ligne-faible">') > 0
        api = client.get("/api/v1/structures?territoire=200083392&thematique=urbanisme").get_json()
        assert api["nombre"] > 0

        # Offers reserved to a programme's labelled communes (read from JSON in SQL): Craon is a
        # Petite ville de demain, Livet is not.
        def territory(code: str) -> set[str]:
            body = client.get(f"/api/v1/structures?territoire={code}&thematique=projet-de-territoire").get_json()
            return {r["slug"] for r in body["structures"]}
        assert "anct" in territory("53084") and "anct" not in territory("53134")
        assert "CC du Pays Sabolien" in client.get("/communes/53037").get_data(as_text=True)
        assert client.get("/cartographie/carte").status_code == 200
        assert client.get("/dispositifs?etat=termines").status_code == 200
    finally:
        app.extensions["db_engine"].dispose()
