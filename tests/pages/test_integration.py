"""/integration/… : public read-only pages without header and footer, framable by configured partner
origins only; every other page keeps DENY."""
from __future__ import annotations

import shutil

import pytest

from wizard import create_app

PARTENAIRES = "https://www.amf-partenaire.example, https://cc.partenaire.example/page"


@pytest.fixture
def embed(loaded_sqlite, tmp_path):
    db_file = tmp_path / "app.sqlite"
    shutil.copy(loaded_sqlite, db_file)
    app = create_app({"DATABASE_URL": f"sqlite:///{db_file}", "SECRET_KEY": "t", "TESTING": True,
                      "INTEGRATION_ORIGINES": PARTENAIRES})
    return app.test_client()


@pytest.mark.parametrize("path", ["/communes/53130", "/cartographie/carte?thematique=eau", "/structures/caue-53",
                                  "/parcours/resultats?profil=elu&type_collectivite=commune&commune=53062&projet="
                                  "&thematique=voirie&besoin=technique&stade=etudes"])
def test_an_embedded_page_has_no_header_footer_and_stays_inside_the_embed(embed, path):
    response = embed.get(f"/integration{path}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<header role="banner"' not in html and 'id="pied-de-page"' not in html
    assert 'href="/integration/static/' in html or 'src="/integration/static/' in html
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors https://www.amf-partenaire.example https://cc.partenaire.example;" in csp
    assert "X-Frame-Options" not in response.headers
    # Its static files are served through the embed too.
    static = html.split('src="/integration/static/', 1)[1].split('"', 1)[0]
    fichier = embed.get(f"/integration/static/{static}")
    fichier.close()
    assert fichier.status_code == 200


def test_the_same_page_outside_the_embed_stays_unframable(embed):
    response = embed.get("/communes/53130")
    assert '<header role="banner"' in response.get_data(as_text=True)
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/admin/", "/connexion", "/parcours/profil"])
def test_pages_with_forms_or_accounts_are_not_embedded_but_linked(embed, path):
    response = embed.get(f"/integration{path}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and f'href="{path}"' in html and 'target="_blank"' in html
    assert "<form" not in html and '<header role="banner"' not in html


def test_without_configured_origins_nothing_is_framable(client):
    response = client.get("/integration/communes/53130")
    assert response.status_code == 200
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_a_configured_tile_server_is_the_only_image_origin_added(loaded_sqlite, tmp_path):
    db_file = tmp_path / "app.sqlite"
    shutil.copy(loaded_sqlite, db_file)
    app = create_app({"DATABASE_URL": f"sqlite:///{db_file}", "SECRET_KEY": "t", "TESTING": True,
                      "CARTE_FOND_URL": "https://{s}.tuiles.example.fr/{z}/{x}/{y}.png",
                      "CARTE_FOND_ATTRIBUTION": "© Fond fictif"})
    response = app.test_client().get("/cartographie/carte")
    assert "img-src 'self' data: https://*.tuiles.example.fr;" in response.headers["Content-Security-Policy"]
    html = response.get_data(as_text=True)
    assert 'data-fond-url="https://{s}.tuiles.example.fr/{z}/{x}/{y}.png"' in html


def test_by_default_no_tile_server(client):
    response = client.get("/cartographie/carte")
    assert "img-src 'self' data:;" in response.headers["Content-Security-Policy"]
    assert 'data-fond-url=""' in response.get_data(as_text=True)
