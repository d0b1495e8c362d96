"""Authors' pages: the parcours plan (SVG + table) and the golden path table, admins only."""
from __future__ import annotations

import re
import shutil

import pytest

from wizard.admin.parcours_plan import CHEMINS
from wizard.parcours_plan.table import read_table

PAGES = ("/admin/parcours/plan", "/admin/parcours/chemins")


@pytest.mark.parametrize("path", PAGES)
def test_admin_only(client, admin_client, editor_client, path):
    anonymous = client.get(path)
    assert anonymous.status_code == 302 and "/connexion" in anonymous.headers["Location"]
    assert editor_client.get(path).status_code == 403
    assert admin_client.get(path).status_code == 200


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz (dot) absent : paquet Debian graphviz")
def test_plan_shows_the_svg_inline_and_the_same_facts_as_a_table(admin_client):
    html = admin_client.get("/admin/parcours/plan").get_data(as_text=True)
    assert html.count('<svg width=') == 1 and "<?xml" not in html and "<!DOCTYPE svg" not in html
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert "<script" not in svg and "onclick" not in svg.lower()
    table = html[html.index("<table"):html.index("</table>")]
    assert "dotations-etat" in table and "Votre collectivité" in table
    assert 'aria-current="page"' in html and "Plan du parcours" in html


def test_plan_without_dot_says_so_and_keeps_the_table(admin_client, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    response = admin_client.get("/admin/parcours/plan")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "carto-plan__dessin" not in html
    assert "Schéma indisponible" in html and "Graphviz" in html and "n&#39;est pas installé" in html
    assert "dotations-etat" in html[html.index("<table"):]


def _rows(html: str) -> list[str]:
    body = html[html.index("<tbody>"):html.index("</tbody>")] if "<tbody>" in html else ""
    return re.findall(r"<tr>.*?</tr>", body, re.S)


def test_chemins_filter_by_thematique_and_type(admin_client):
    rows = read_table(CHEMINS)
    expected = [r for r in rows if r.thematique == "biodiversite" and r.type_collectivite == "epci"]
    assert len(expected) > 0
    html = admin_client.get("/admin/parcours/chemins?thematique=biodiversite&type_collectivite=epci").get_data(
        as_text=True)
    assert f"{len(expected)} lignes" in html
    shown = _rows(html)
    assert len(shown) == min(50, len(expected))
    assert all("Biodiversité" in r and "Une intercommunalité" in r for r in shown)
    # The form keeps the chosen filters.
    assert re.search(r'<option selected value="biodiversite">|<option value="biodiversite" selected>', html)


def test_chemins_are_paginated_and_keep_the_filter(admin_client):
    rows = read_table(CHEMINS)
    html = admin_client.get("/admin/parcours/chemins").get_data(as_text=True)
    assert f"{len(rows)} lignes" in html.replace("\u202f", " ").replace("\xa0", " ") or f"{len(rows)} lignes" in html
    assert len(_rows(html)) == 50
    commune = [r for r in rows if r.type_collectivite == "commune"]
    html = admin_client.get("/admin/parcours/chemins?type_collectivite=commune&page=2").get_data(as_text=True)
    assert len(_rows(html)) == min(50, len(commune) - 50)
    assert "type_collectivite=commune&amp;page=3" in html or "page=3&amp;type_collectivite=commune" in html


def test_chemins_unknown_filter_is_a_french_error_not_a_500(admin_client):
    response = admin_client.get("/admin/parcours/chemins?thematique=inconnue&page=abc")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Choisissez une valeur de la liste « Thématique »" in html.replace("\xa0", " ")
    assert len(_rows(html)) == 50
