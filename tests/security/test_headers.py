"""HSTS when configured; pages that carry a CSRF token are never stored by a cache (shared or browser)."""
from __future__ import annotations

import shutil

import pytest

from wizard import create_app

STEP = "/parcours/besoin?profil=elu&type_collectivite=commune&commune=53130&projet=&thematique=voirie"


@pytest.fixture
def make_app(loaded_sqlite, tmp_path):
    def make(**config):
        db = tmp_path / "headers.sqlite"
        shutil.copy(loaded_sqlite, db)
        return create_app({"DATABASE_URL": f"sqlite:///{db}", "SECRET_KEY": "test", "TESTING": True,
                           "RATELIMIT_ENABLED": False, **config})
    return make


def test_no_hsts_by_default_and_the_configured_one_otherwise(make_app):
    assert "Strict-Transport-Security" not in make_app().test_client().get("/").headers
    app = make_app(HSTS_MAX_AGE=31536000, HSTS_INCLUDE_SUBDOMAINS=True)
    for url in ("/", "/api/v1/thematiques", "/page-inexistante"):
        assert app.test_client().get(url).headers["Strict-Transport-Security"] == \
            "max-age=31536000; includeSubDomains"


@pytest.mark.parametrize("url", ["/connexion", STEP, "/ateliers"])
def test_pages_with_a_csrf_token_are_no_store_even_from_the_page_cache(make_app, url):
    app = make_app()
    client = app.test_client()
    for _ in range(2):  # the second answer of a cached page is a replay
        response = client.get(url)
        assert response.status_code == 200
        assert 'name="csrf_token"' in response.get_data(as_text=True), url
        assert "no-store" in response.headers["Cache-Control"], url


def test_pages_without_a_token_stay_cacheable(make_app):
    response = make_app().test_client().get("/api/v1/thematiques")
    assert "no-store" not in response.headers.get("Cache-Control", "")
