"""Named Python predicates: the escape hatch when a declarative ``si:`` cannot say it.

Each predicate is registered with the answers it reads (``requires``) so the
validator can check that those questions come earlier, like any ``si:``.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..territoires.reference import Reference, TerritoryLookup

Answers = Mapping[str, tuple[str, ...]]
PredicateFn = Callable[[Answers, "Reference | None"], bool]

#: Population threshold of the State survey's "communes ≤ 1 000 hab." panel.
PETITE_COMMUNE_MAX = 1000


@dataclass(frozen=True)
class Predicate:
    """A registered predicate: its name, the answers it reads and its function."""

    name: str
    requires: tuple[str, ...]
    fn: PredicateFn
    doc: str


PREDICATES: dict[str, Predicate] = {}


def predicate(name: str, requires: tuple[str, ...] = ()) -> Callable[[PredicateFn], PredicateFn]:
    """Register a function as a named predicate usable as ``si: {predicat: name}``."""

    def register(fn: PredicateFn) -> PredicateFn:
        PREDICATES[name] = Predicate(name, requires, fn, (fn.__doc__ or "").strip())
        return fn

    return register


def _first(answers: Answers, key: str) -> str | None:
    values = answers.get(key) or ()
    return values[0] if values else None


@predicate("petite_commune", requires=("commune",))
def petite_commune(answers: Answers, reference: Reference | None) -> bool:
    """The chosen commune has 1 000 inhabitants or fewer (unknown population: false)."""
    code = _first(answers, "commune")
    if code is None or not isinstance(reference, TerritoryLookup):
        return False
    commune = reference.commune(code)
    return commune is not None and commune.population is not None \
        and commune.population <= PETITE_COMMUNE_MAX


@predicate("projet_renseigne", requires=("projet",))
def projet_renseigne(answers: Answers, reference: Reference | None) -> bool:
    """The free-text project description holds at least one non-blank character."""
    return bool((_first(answers, "projet") or "").strip())
