"""The authors' plan of the real parcours: graph, counts against the golden table, SVG by `dot`, CLI."""
from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET

import pytest

from wizard.admin.parcours_plan import CHEMINS as TABLE
from wizard.cli import parcours_cli
from wizard.parcours_plan.dessin import inline_svg, to_dot, to_svg
from wizard.parcours_plan.graphe import Arete, Noeud, Plan
from wizard.parcours_plan.service import plan_for
from wizard.parcours_plan.table import filter_page, read_table
from wizard.territoires.memoire import territoires

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz (dot) absent : paquet Debian graphviz")
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def plan(app):
    with app.app_context():
        territoires(app)
        return plan_for(app)


def test_every_step_is_a_node_and_every_branch_an_edge(app, plan):
    parcours = app.extensions["parcours"]
    assert [n.id for n in plan.noeuds] == list(parcours.steps)
    assert [(a.source, a.cible) for a in plan.aretes] == [
        (s.id, b.target) for s in parcours.steps.values() for b in s.branches]
    # Conditions in words, with the step's title and the option's label (not the slugs).
    assert plan.noeud("commune").condition == "Votre collectivité : Une commune"
    edges = {a.cible: a for a in plan.aretes if a.source == "type_collectivite"}
    assert edges["epci"].condition == "Votre collectivité : Une intercommunalité (EPCI)"
    assert edges["projet"].condition == ""


def test_counts_match_the_golden_table(app, plan):
    rows = read_table(TABLE)
    # Each row of the table is one combination of answers shared by its profils: one complete path each.
    assert plan.chemins == sum(len(r.profils) for r in rows) > 0
    results = next(n for n in plan.noeuds if n.kind == "resultats")
    start = app.extensions["parcours"].start
    assert plan.noeud(start).chemins == results.chemins == plan.chemins
    # Every path leaves a walked step by exactly one branch; what enters a step is what passes through it.
    for noeud in plan.noeuds:
        out = sum(a.chemins for a in plan.aretes if a.source == noeud.id)
        assert out == (0 if noeud.kind == "resultats" else noeud.chemins), noeud.id
        if noeud.id != start:
            assert sum(a.chemins for a in plan.aretes if a.cible == noeud.id) == noeud.chemins, noeud.id
    communes = sum(len(r.profils) for r in rows if r.type_collectivite == "commune")
    assert plan.noeud("commune").chemins == communes > 0


def test_rules_that_can_fire_are_listed_where_their_condition_is_answered(app, plan):
    rules = app.extensions["recommandations"]
    assert rules.regles
    fired = {r.id for n in plan.noeuds for r in n.regles}
    assert fired, "au moins une règle de recommandations.yaml se déclenche"
    dotations = next(r for n in plan.noeuds if n.id == "besoin" for r in n.regles if r.id == "dotations-etat")
    # besoin: financiere for a commune, an EPCI or a syndicat: the golden table's matching combinations.
    rows = read_table(TABLE)
    assert dotations.chemins == sum(len(r.profils) for r in rows if r.besoin == "financiere"
                                    and r.type_collectivite in ("commune", "epci", "syndicat"))
    assert "dotations-etat" not in {r.id for r in plan.noeud("thematique").regles}
    assert {r.id for r in next(n for n in plan.noeuds if n.kind == "resultats").regles} == fired


def test_labels_are_escaped_for_dot_and_xml():
    evil = 'Titre <b>"x"</b> \\l & fin'
    plan = Plan((Noeud("a", evil, "choix", 1, "", ()), Noeud("b", "B", "resultats", 1, "", ())),
                (Arete("a", "b", "", 1),), 1)
    source = to_dot(plan).source
    assert "\\\\l" in source and '\\"x\\"' in source
    if shutil.which("dot"):
        root = ET.fromstring(to_svg(plan))
        texts = [t.text for t in root.iter(f"{SVG}text")]
        assert evil in texts
        assert not list(root.iter(f"{SVG}b")) and not list(root.iter(f"{SVG}script"))


@needs_dot
def test_svg_of_the_real_parcours_draws_every_step(app, plan):
    svg = inline_svg(plan)
    assert svg.startswith("<svg")
    root = ET.fromstring(svg)
    titles = {g.findtext(f"{SVG}title") for g in root.iter(f"{SVG}g") if g.get("class") == "node"}
    assert titles == {n.id for n in plan.noeuds}


@needs_dot
def test_cli_writes_a_valid_svg(app, tmp_path):
    out = tmp_path / "parcours.svg"
    result = app.test_cli_runner().invoke(parcours_cli, ["graph", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "étapes" in result.output
    root = ET.parse(out).getroot()
    assert root.tag == f"{SVG}svg"
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "dotations-etat" in texts and "Votre collectivité" in texts


def test_cli_without_dot_says_so(app, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    result = app.test_cli_runner().invoke(parcours_cli, ["graph"])
    assert result.exit_code != 0
    assert "Graphviz" in str(result.exception) or "Graphviz" in result.output


def test_table_filter_and_pages():
    rows = read_table(TABLE)
    page = filter_page(rows, "biodiversite", "commune", 1, 20)
    assert page.total == sum(1 for r in rows if r.thematique == "biodiversite" and r.type_collectivite == "commune")
    assert page.total > 20 and len(page.lignes) == 20 and page.pages == -(-page.total // 20)
    assert all(r.thematique == "biodiversite" and r.type_collectivite == "commune" for r in page.lignes)
    assert filter_page(rows, numero=10_000).numero == filter_page(rows).pages
