"""The compiled parcours as a graph: steps with how many complete paths pass, transitions, rules that can fire.

Counts come from the enumeration the golden path table uses (``parcours_engine.chemins``): a node's
count is the number of complete paths through the step, an edge's the number taking the transition.
A rule "can fire" at a step when its condition reads that step's answer and holds on at least one
complete path through it; the results page lists every rule that holds on some path.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..parcours_engine.chemins import Samples, complete_paths
from ..parcours_engine.conditions import AllOf, AnyOf, Condition, Equals, Named, Not, evaluate, steps_read
from ..parcours_engine.model import Parcours
from ..parcours_engine.runtime import State, recommendation_answers
from ..recommender.rules import Rules
from ..territoires.reference import Reference


@dataclass(frozen=True)
class RegleNoeud:
    """A recommendation rule that can fire at a step, and on how many paths through it."""

    id: str
    chemins: int
    raison: str


@dataclass(frozen=True)
class Noeud:
    id: str
    titre: str
    kind: str
    chemins: int
    #: The step's own ``si:`` (skipped when it does not hold), in words; empty when always asked.
    condition: str
    regles: tuple[RegleNoeud, ...]


@dataclass(frozen=True)
class Arete:
    source: str
    cible: str
    #: The branch's ``si:`` in words; empty for the default (last, unconditional) branch.
    condition: str
    chemins: int


@dataclass(frozen=True)
class Plan:
    noeuds: tuple[Noeud, ...]
    aretes: tuple[Arete, ...]
    #: Number of complete paths enumerated (the results page's count).
    chemins: int

    def noeud(self, step_id: str) -> Noeud:
        return next(n for n in self.noeuds if n.id == step_id)


def describe(cond: Condition | None, parcours: Parcours) -> str:
    """A condition in French, with the steps' titles and the options' labels."""
    if cond is None:
        return ""
    if isinstance(cond, Equals):
        step = parcours.steps.get(cond.step)
        labels = sorted((o.label if step and (o := step.option(v)) else v) for v in cond.values)
        return f"{step.titre if step else cond.step} : {' ou '.join(labels)}"
    if isinstance(cond, Not):
        return f"non ({describe(cond.cond, parcours)})"
    if isinstance(cond, AnyOf):
        return " ou ".join(f"({describe(c, parcours)})" for c in cond.conds)
    if isinstance(cond, AllOf):
        return " et ".join(describe(c, parcours) for c in cond.conds)
    assert isinstance(cond, Named)
    return f"prédicat {cond.name}"


def build_plan(parcours: Parcours, rules: Rules | None, samples: Samples, reference: Reference | None = None) -> Plan:
    """Walk every complete path once and count steps, transitions and rules that hold."""
    through: Counter[str] = Counter()
    taken: Counter[tuple[str, int]] = Counter()
    fired: Counter[tuple[str, str]] = Counter()
    total = 0
    regles = rules.regles if rules else ()
    reads = {r.id: steps_read(r.condition) for r in regles}
    for state in complete_paths(parcours, samples, reference):
        total += 1
        through.update(state.path)
        taken.update((step_id, i) for step_id in state.path if (i := _branch(parcours, step_id, state, reference)) >= 0)
        answers = recommendation_answers(parcours, state)
        for rule in regles:
            if evaluate(rule.condition, answers, reference):
                fired.update((step_id, rule.id) for step_id in state.path
                             if step_id in reads[rule.id] or parcours.steps[step_id].kind == "resultats")
    noeuds = tuple(
        Noeud(step.id, step.titre, step.kind, through[step.id], describe(step.condition, parcours),
              tuple(RegleNoeud(r.id, fired[(step.id, r.id)], r.raison) for r in regles if fired[(step.id, r.id)]))
        for step in parcours.steps.values())
    aretes = tuple(Arete(step.id, b.target, describe(b.condition, parcours), taken[(step.id, i)])
                   for step in parcours.steps.values() for i, b in enumerate(step.branches))
    return Plan(noeuds, aretes, total)


def _branch(parcours: Parcours, step_id: str, state: State, reference: Reference | None) -> int:
    """Index of the branch this path took out of a walked step (the first whose condition holds), else -1."""
    for i, branch in enumerate(parcours.steps[step_id].branches):
        if evaluate(branch.condition, state.answers, reference):
            return i
    return -1
