"""The ``si:`` condition language: compiled from YAML, evaluated over answers.

Grammar: a mapping whose keys are AND-ed. ``etape: valeur`` or
``etape: [v1, v2]`` holds when the answer to that step contains one of the
values; ``non: cond``, ``un_de: [cond, …]`` (or), ``tous: [cond, …]`` (and)
and ``predicat: nom`` (a registered Python predicate) combine them.
"""
from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..territoires.reference import Reference
from .errors import suggestion
from .predicates import PREDICATES, Predicate
from .source import Pos, Source, item_pos, key_pos, node_pos, value_pos

Answers = Mapping[str, tuple[str, ...]]
OPERATORS = ("non", "un_de", "tous", "predicat")


@dataclass(frozen=True)
class Equals:
    """The answer to ``step`` contains one of ``values``."""

    step: str
    values: frozenset[str]


@dataclass(frozen=True)
class Not:
    """Negation."""

    cond: Condition


@dataclass(frozen=True)
class AnyOf:
    """At least one sub-condition holds."""

    conds: tuple[Condition, ...]


@dataclass(frozen=True)
class AllOf:
    """Every sub-condition holds."""

    conds: tuple[Condition, ...]


@dataclass(frozen=True)
class Named:
    """A registered Python predicate."""

    predicate: Predicate = field(compare=False)
    name: str = ""


Condition = Equals | Not | AnyOf | AllOf | Named


@dataclass(frozen=True)
class Ref:
    """A reference from a condition to a step (and maybe a value), for validation."""

    step: str
    value: str | None
    pos: Pos


def evaluate(cond: Condition | None, answers: Answers, reference: Reference | None = None) -> bool:
    """Whether the condition holds for these answers; no condition always holds."""
    if cond is None:
        return True
    if isinstance(cond, Equals):
        return any(v in cond.values for v in answers.get(cond.step, ()))
    if isinstance(cond, AllOf):
        return all(evaluate(c, answers, reference) for c in cond.conds)
    if isinstance(cond, AnyOf):
        return any(evaluate(c, answers, reference) for c in cond.conds)
    if isinstance(cond, Not):
        return not evaluate(cond.cond, answers, reference)
    return cond.predicate.fn(answers, reference)


def compile_condition(src: Source, node: Any, pos: Pos) -> tuple[Condition | None, list[Ref]]:
    """Compile a ``si:`` node; problems are reported on ``src``, refs returned for checks."""
    refs: list[Ref] = []
    cond = _compile(src, node, pos, refs)
    return cond, refs


def _compile(src: Source, node: Any, pos: Pos, refs: list[Ref]) -> Condition | None:
    if not isinstance(node, dict) or not node:
        src.error(pos, "Une condition « si » doit être une liste de clés « étape: valeur » "
                       "(par exemple « si: {type_collectivite: commune} »).")
        return None
    parts: list[Condition] = []
    for key, value in node.items():
        kpos, vpos = key_pos(node, key), value_pos(node, key)
        part: Condition | None
        if key == "non":
            inner = _compile(src, value, vpos, refs)
            part = Not(inner) if inner is not None else None
        elif key in ("un_de", "tous"):
            part = _compile_list(src, key, value, vpos, refs)
        elif key == "predicat":
            part = _compile_predicate(src, value, vpos, refs)
        else:
            part = _compile_equals(src, str(key), value, kpos, vpos, refs)
        if part is not None:
            parts.append(part)
    if len(parts) != len(node):
        return None
    return parts[0] if len(parts) == 1 else AllOf(tuple(parts))


def _compile_list(src: Source, key: str, value: Any, pos: Pos, refs: list[Ref]) -> Condition | None:
    if not isinstance(value, list) or not value:
        src.error(pos, f"« {key} » attend une liste de conditions.")
        return None
    conds = [_compile(src, item, item_pos(value, i), refs) for i, item in enumerate(value)]
    if any(c is None for c in conds):
        return None
    kept = tuple(c for c in conds if c is not None)
    return AnyOf(kept) if key == "un_de" else AllOf(kept)


def _compile_predicate(src: Source, value: Any, pos: Pos, refs: list[Ref]) -> Condition | None:
    name = str(value)
    spec = PREDICATES.get(name)
    if spec is None:
        close = difflib.get_close_matches(name, list(PREDICATES), n=1)
        src.error(pos, f"Prédicat inconnu « {name} »{suggestion(close[0] if close else None)}.")
        return None
    refs.extend(Ref(step, None, pos) for step in spec.requires)
    return Named(spec, name)


def _compile_equals(src: Source, step: str, value: Any, kpos: Pos, vpos: Pos,
                    refs: list[Ref]) -> Condition | None:
    refs.append(Ref(step, None, kpos))
    if isinstance(value, list):
        if not value:
            src.error(vpos, f"La condition sur « {step} » n'a aucune valeur.")
            return None
        values = [(str(v), item_pos(value, i)) for i, v in enumerate(value)]
    elif isinstance(value, (str, int)) and not isinstance(value, bool):
        values = [(str(value), vpos)]
    else:
        src.error(vpos, f"La condition sur « {step} » attend une valeur ou une liste de valeurs.")
        return None
    refs.extend(Ref(step, v, p) for v, p in values)
    return Equals(step, frozenset(v for v, _ in values))


def steps_read(cond: Condition | None) -> set[str]:
    """The steps whose answers a condition reads (predicates included)."""
    if cond is None:
        return set()
    if isinstance(cond, Equals):
        return {cond.step}
    if isinstance(cond, Not):
        return steps_read(cond.cond)
    if isinstance(cond, (AnyOf, AllOf)):
        return set().union(*(steps_read(c) for c in cond.conds))
    return set(cond.predicate.requires)


__all__ = ["Condition", "Equals", "Not", "AnyOf", "AllOf", "Named", "Ref", "OPERATORS",
           "evaluate", "compile_condition", "steps_read", "node_pos"]
