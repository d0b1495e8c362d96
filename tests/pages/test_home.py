"""Home page, shared layout, security headers and error pages."""
from __future__ import annotations


def test_home_presents_the_service_and_its_entries(client, data_records):
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="fr"' in html
    assert "dsfr-1.15.3/dsfr.subset.min." in html
    assert "Préfet<br>de la Mayenne" in html
    for entry in ("Trouver un interlocuteur pour mon projet", "Annuaire des acteurs", "Animer un atelier"):
        assert entry in html
    assert f"{len(data_records['structures'])} structures recensées" in html
    assert 'href="#contenu"' in html and 'id="contenu"' in html


def test_vendored_assets_are_served(client):
    for path in ("/static/vendor/dsfr-1.15.3/dsfr.subset.min.css", "/static/vendor/htmx-2.0.11/htmx.min.js",
                 "/static/vendor/dsfr-1.15.3/dsfr.subset.module.min.js"):
        response = client.get(path)
        assert response.status_code == 200, path
        response.close()


def test_security_headers(client):
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_unknown_page_is_a_french_404_with_a_way_back(client):
    response = client.get("/nulle-part")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "introuvable" in html
    assert "Retour à l'accueil" in html


def test_information_pages(client):
    assert "non conforme" in client.get("/accessibilite").get_data(as_text=True)
    assert "Licence Ouverte 2.0" in client.get("/mentions-legales").get_data(as_text=True)
