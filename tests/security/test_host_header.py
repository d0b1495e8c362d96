"""A forged Host header: it must not reach the next visitor through the page cache, and, when the
public address is configured, absolute URLs ignore it; TRUSTED_HOSTS refuses it; ProxyFix is opt-in."""
from __future__ import annotations

import shutil

import pytest

from wizard import create_app

API = "/api/v1/recommandations?type_collectivite=commune&commune=53130&thematique=voirie"
STEP = "/parcours/besoin?profil=elu&type_collectivite=commune&commune=53130&projet=&thematique=voirie"


@pytest.fixture
def make_app(loaded_sqlite, tmp_path):
    def make(**config):
        db = tmp_path / f"host-{len(config)}.sqlite"
        shutil.copy(loaded_sqlite, db)
        return create_app({"DATABASE_URL": f"sqlite:///{db}", "SECRET_KEY": "test", "TESTING": True,
                           "RATELIMIT_ENABLED": False, **config})
    return make


@pytest.mark.parametrize("page_cache", [True, False], ids=["cache des pages", "sans cache de pages"])
@pytest.mark.parametrize("url", [API, STEP])
def test_a_poisoned_host_changes_nothing_for_the_next_client(make_app, url, page_cache):
    # With or without the page cache: nothing built for one host may reach another.
    app = make_app(PAGE_CACHE=page_cache)
    assert (app.extensions.get("page_cache") is not None) is page_cache
    for scheme in ("http", "https"):
        poisoned = app.test_client().get(url, base_url=f"{scheme}://localhost", headers={"Host": "evil.example"})
        assert poisoned.status_code == 200
        # The API's links are absolute: the forged host is in its own answer, and must stay there.
        assert ("evil.example" in poisoned.get_data(as_text=True)) is (url == API)
        honest = app.test_client().get(url, base_url=f"{scheme}://carto.example.fr")
        assert honest.status_code == 200
        assert "evil.example" not in honest.get_data(as_text=True)


def test_absolute_urls_come_from_the_configured_public_address(make_app):
    app = make_app(SERVER_NAME="carto.example.fr", PREFERRED_URL_SCHEME="https")
    body = app.test_client().get(API, headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "evil.example" not in body and "//carto.example.fr/structures/" in body


def test_untrusted_hosts_are_refused(make_app):
    app = make_app(TRUSTED_HOSTS=["carto.example.fr"])
    assert app.test_client().get(API, headers={"Host": "evil.example"}).status_code == 400
    assert app.test_client().get(API, base_url="https://carto.example.fr").status_code == 200


def test_forwarded_headers_are_ignored_unless_a_proxy_is_declared(make_app):
    forwarded = {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"}
    plain = make_app().test_client().get("/api/v1/", headers=forwarded).get_json()
    assert "evil.example" not in str(plain) and plain["documentation"].startswith("http://localhost/")
    behind = make_app(PROXY_FIX=1).test_client().get("/api/v1/", headers={"X-Forwarded-Proto": "https"}).get_json()
    assert behind["documentation"].startswith("https://localhost/")


def test_environment_sets_the_public_address_and_trusted_hosts(monkeypatch):
    from wizard.config import from_environment

    monkeypatch.setenv("SERVER_NAME", "carto.example.fr")
    monkeypatch.setenv("TRUSTED_HOSTS", "carto.example.fr, .mayenne.gouv.fr")
    monkeypatch.setenv("PROXY_FIX", "1")
    found = from_environment()
    assert found["SERVER_NAME"] == "carto.example.fr"
    assert found["TRUSTED_HOSTS"] == ["carto.example.fr", ".mayenne.gouv.fr"]
    assert found["PROXY_FIX"] == 1
