"""The plan drawn as SVG by Graphviz's ``dot`` (Debian package ``graphviz``), through the ``graphviz`` binding.

Every label comes from the YAML (titles, conditions, rule ids): it is escaped for DOT (no ``\\l``
or ``<…>`` meaning) and ``dot`` escapes it again for XML, so the SVG carries text, never markup.
"""
from __future__ import annotations

import re

import graphviz

from ..francais import thousands
from .graphe import Plan

#: What the caller catches when ``dot`` is missing or fails (the page then says so and keeps its table).
DrawError = (graphviz.ExecutableNotFound, graphviz.CalledProcessError)
_PROLOG = re.compile(r"^.*?(?=<svg\b)", re.DOTALL)


def _label(*lines: str) -> str:
    # Each line escaped for DOT, then joined with DOT's own centred line break.
    return "\\n".join(graphviz.escape(line) for line in lines if line)


def to_dot(plan: Plan) -> graphviz.Digraph:
    """The DOT graph: one box per step (pages rounded), one arrow per branch with its condition."""
    graph = graphviz.Digraph("parcours", graph_attr={"rankdir": "TB", "fontname": "Marianne, Arial, sans-serif"},
                             node_attr={"shape": "box", "fontname": "Arial", "fontsize": "11"},
                             edge_attr={"fontname": "Arial", "fontsize": "10"})
    for noeud in plan.noeuds:
        regles = ", ".join(r.id for r in noeud.regles)
        graph.node(noeud.id, _label(noeud.titre, f"({noeud.id})", _chemins(noeud.chemins),
                                    f"si {noeud.condition}" if noeud.condition else "",
                                    f"règles : {regles}" if regles else ""),
                   style="rounded" if noeud.kind in ("verification", "resultats") else "solid")
    for arete in plan.aretes:
        graph.edge(arete.source, arete.cible, _label(arete.condition or "sinon" if _choice(plan, arete.source) else "",
                                                     _chemins(arete.chemins)))
    return graph


def _chemins(n: int) -> str:
    return f"{thousands(n)} chemin{'s' if n > 1 else ''}"


def _choice(plan: Plan, source: str) -> bool:
    return sum(a.source == source for a in plan.aretes) > 1


def to_svg(plan: Plan) -> str:
    """The SVG document of the plan (raises one of ``DrawError`` without ``dot``)."""
    return to_dot(plan).pipe(format="svg", encoding="utf-8")


def inline_svg(plan: Plan) -> str:
    """The ``<svg>`` element alone, for a page (no XML prolog nor DOCTYPE)."""
    return _PROLOG.sub("", to_svg(plan), count=1)
