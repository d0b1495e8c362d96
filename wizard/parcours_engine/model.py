"""The compiled parcours: immutable steps, options and branches."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .conditions import Condition
from .lexicon import Lexicon

#: Step kinds that ask a question (they have an answer in the URL).
QUESTION_KINDS = ("choix", "choix_multiple", "texte")
#: Step kinds that are pages (no answer): the check-your-answers page and the results.
PAGE_KINDS = ("verification", "resultats")
STEP_KINDS = QUESTION_KINDS + PAGE_KINDS


@dataclass(frozen=True)
class Option:
    """One choice of a step; ``neutre`` options count for nothing in recommendations."""

    slug: str
    label: str
    neutre: bool = False


@dataclass(frozen=True)
class Branch:
    """Go to ``target`` when ``condition`` holds (None: always)."""

    condition: Condition | None
    target: str


@dataclass(frozen=True)
class Step:
    """A compiled step. ``options_from`` names a taxonomy vocabulary or a reference kind."""

    id: str
    kind: str
    titre: str
    question: str
    aide: str = ""
    erreur: str = ""
    options: tuple[Option, ...] = ()
    options_from: str | None = None
    reference_kind: str | None = None
    condition: Condition | None = None
    branches: tuple[Branch, ...] = ()
    obligatoire: bool = True
    longueur_max: int = 200
    pre_cocher_depuis: str | None = None
    line: int = 0

    @property
    def is_question(self) -> bool:
        """Whether the step has an answer (as opposed to a page)."""
        return self.kind in QUESTION_KINDS

    @property
    def multiple(self) -> bool:
        """Whether the answer may hold several values (repeated URL key)."""
        return self.kind == "choix_multiple"

    def option(self, slug: str) -> Option | None:
        """The option with this slug, if the step enumerates it."""
        return next((o for o in self.options if o.slug == slug), None)


@dataclass(frozen=True)
class Parcours:
    """The whole compiled flow: steps by id in file order, start, lexicon, path bounds."""

    start: str
    steps: Mapping[str, Step]
    lexicon: Lexicon
    #: Longest number of steps from a step to the end, itself included (for the stepper).
    longest: Mapping[str, int]
    #: Successor on the longest path, to announce "Étape suivante" before the answer is known.
    longest_next: Mapping[str, str | None]
    #: Steps reachable after each step: answers for them are kept while the path is unknown.
    descendants: Mapping[str, frozenset[str]]

    def step(self, step_id: str) -> Step:
        """The step with this id (KeyError if unknown)."""
        return self.steps[step_id]
