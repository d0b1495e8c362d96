"""Every complete path of the parcours, from sample answers per step (the golden table and the authors' plan).

Communes are grouped into classes (EPCI × population band): one representative commune per class
stands for the others, since the recommender only reads a commune's EPCI, département and population.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from ..taxonomy import Taxonomy
from ..territoires.reference import CommuneInfo, Reference
from .model import Parcours, Step
from .runtime import State, replay


@dataclass(frozen=True)
class Samples:
    """The answers tried for steps whose options come from the territories (communes, EPCI)."""

    communes: Sequence[str]
    epcis: Sequence[str]

    def answers_for(self, step: Step) -> list[list[str]]:
        """Each answer tried for this step: one free text, each sample code, else each option."""
        if step.kind == "texte":
            return [[""]]
        if step.reference_kind == "communes":
            return [[code] for code in self.communes]
        if step.reference_kind == "epcis":
            return [[code] for code in self.epcis]
        return [[o.slug] for o in step.options]


def commune_classes(taxonomy: Taxonomy, communes: Iterable[CommuneInfo],
                    first: str | None = None) -> dict[tuple[str | None, str | None], str]:
    """One representative commune per (EPCI, population band) class: ``first`` for its class, else the smallest code."""
    classes: dict[tuple[str | None, str | None], str] = {}
    for commune in sorted(communes, key=lambda c: (c.code != first, c.code)):
        band = taxonomy.band_for(commune.population)
        classes.setdefault((commune.epci, band.slug if band else None), commune.code)
    return classes


def complete_paths(parcours: Parcours, samples: Samples, reference: Reference | None = None,
                   start: Mapping[str, list[str]] | None = None) -> Iterator[State]:
    """Depth-first, every complete state reachable with the sample answers (a refused sample is a bug)."""
    stack: list[dict[str, list[str]]] = [dict(start or {})]
    while stack:
        query = stack.pop()
        state = replay(parcours, query, reference)
        if state.errors:
            raise ValueError(f"Réponse d'exemple refusée : {dict(state.errors)} ({state.query()})")
        if state.complete:
            yield state
            continue
        step = parcours.steps[state.current]
        stack.extend({**query, step.id: v} for v in reversed(samples.answers_for(step)))
