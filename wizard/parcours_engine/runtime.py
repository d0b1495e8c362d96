"""Replaying answers from the query string: current step, branch drops, errors, summary, progress.

Stateless, GOV.UK smart-answers style: every request replays the whole flow
from the start over the answers it carries, keyed by step id.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from ..territoires.reference import Reference
from .conditions import evaluate
from .model import Parcours, Step

#: A query string as Flask gives it: ``request.args.to_dict(flat=False)``.
Query = Mapping[str, Sequence[str]]
Answers = Mapping[str, tuple[str, ...]]

_SPACES = re.compile(r"\s+")
_EMPTY: Answers = MappingProxyType({})
_NO_ERRORS: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class State:
    """The replayed answers: what was accepted, where the user stands, what went wrong."""

    answers: Answers
    #: Steps walked from the start: answered ones, then the current one (or up to the end).
    path: tuple[str, ...]
    #: The first question still to answer (missing or invalid), else the first page.
    current: str
    #: French message per step whose submitted value was refused.
    errors: Mapping[str, str] = field(default_factory=lambda: _NO_ERRORS)
    #: Raw answers of later steps, kept until the path reaches them again.
    pending: Answers = field(default_factory=lambda: _EMPTY)
    #: Keys thrown away: unknown parameters and answers of branches no longer taken.
    dropped: tuple[str, ...] = ()
    complete: bool = False

    def query(self) -> list[tuple[str, str]]:
        """The canonical query pairs (answers then pending), an empty answer as ``key=``."""
        pairs: list[tuple[str, str]] = []
        for source in (self.answers, self.pending):
            for key, values in source.items():
                if values:
                    pairs.extend((key, v) for v in values)
                else:
                    pairs.append((key, ""))
        return pairs

    def can_view(self, step_id: str) -> bool:
        """Whether this step may be shown: it is on the path and all before it is answered."""
        return step_id in self.path


@dataclass(frozen=True)
class SummaryRow:
    """One line of "Vérifiez vos réponses": question, answer labels, step to modify."""

    step_id: str
    titre: str
    question: str
    valeurs: tuple[str, ...]
    modifier: str


@dataclass(frozen=True)
class Progress:
    """Stepper data: "Étape index sur total"; never goes backwards as answers progress."""

    index: int
    total: int
    titre: str
    suivante: str | None


def check_answer(step: Step, raw: Sequence[str],
                 reference: Reference | None) -> tuple[tuple[str, ...], str | None]:
    """Validate the raw values of one step: (clean values, None) or ((), French message)."""
    values = [_SPACES.sub(" ", v).strip() for v in ([raw] if isinstance(raw, str) else raw)]
    if step.kind == "texte":
        if len(values) > 1:
            return (), "Une seule réponse est attendue."
        text = values[0] if values else ""
        if len(text) > step.longueur_max:
            return (), f"Votre réponse dépasse {step.longueur_max} caractères : raccourcissez-la."
        if not text and step.obligatoire:
            return (), step.erreur or "Répondez à cette question."
        return ((text,) if text else ()), None
    chosen = list(dict.fromkeys(v for v in values if v))
    if not chosen:
        if step.obligatoire:
            default = "Cochez au moins une réponse." if step.multiple else "Sélectionnez une réponse."
            return (), step.erreur or default
        return (), None
    if len(chosen) > 1 and not step.multiple:
        return (), "Une seule réponse est possible : choisissez-en une."
    unknown = [v for v in chosen if not _is_option(step, v, reference)]
    if unknown:
        # Echo tampered values shortened: they end up in the page.
        quoted = ", ".join(f"« {v if len(v) <= 40 else v[:39] + '…'} »" for v in unknown)
        verb = "n'est pas un choix possible" if len(unknown) == 1 else "ne sont pas des choix possibles"
        return (), f"{quoted} {verb}. {step.erreur or 'Choisissez parmi les réponses proposées.'}"
    if step.options:
        # Canonical order (the options') so that URLs and summaries are stable.
        rank = {o.slug: i for i, o in enumerate(step.options)}
        chosen.sort(key=rank.__getitem__)
    return tuple(chosen), None


def _is_option(step: Step, value: str, reference: Reference | None) -> bool:
    if step.reference_kind is not None:
        return reference is not None and reference.is_valid(step.reference_kind, value)
    return step.option(value) is not None


def next_target(step: Step, answers: Answers, reference: Reference | None) -> str | None:
    """The step after ``step`` given the answers (first branch whose condition holds)."""
    for branch in step.branches:
        if evaluate(branch.condition, answers, reference):
            return branch.target
    return None


def replay(parcours: Parcours, query: Query, reference: Reference | None = None) -> State:
    """Walk the flow from the start over the query's answers."""
    query = {k: [v] if isinstance(v, str) else list(v) for k, v in query.items()}
    answers: dict[str, tuple[str, ...]] = {}
    errors: dict[str, str] = {}
    path: list[str] = []
    skipped: set[str] = set()
    current: str | None = None
    first_page: str | None = None
    step_id: str | None = parcours.start
    # The compiled graph is acyclic; the bound only guards against a broken invariant.
    for _ in range(len(parcours.steps) + 1):
        if step_id is None:
            break
        step = parcours.steps[step_id]
        if not evaluate(step.condition, answers, reference):
            skipped.add(step_id)
            step_id = next_target(step, answers, reference)
            continue
        path.append(step_id)
        if step.is_question:
            if step_id not in query:
                current = step_id
                break
            values, error = check_answer(step, query[step_id], reference)
            if error is not None:
                errors[step_id] = error
                current = step_id
                break
            answers[step_id] = values
        elif first_page is None:
            first_page = step_id
        step_id = next_target(step, answers, reference)
    complete = current is None
    current = current or first_page or path[-1]
    later = parcours.descendants[current] if not complete else frozenset()
    pending = {k: tuple(query[k]) for k, s in parcours.steps.items()
               if s.is_question and k in query and k not in answers and k != current
               and k not in skipped and k in later}
    dropped = tuple(k for k in query if k not in answers and k not in pending and k != current)
    return State(MappingProxyType(answers), tuple(path), current, MappingProxyType(errors),
                 MappingProxyType(pending), dropped, complete)


def submit(parcours: Parcours, query: Query, step_id: str, values: Sequence[str],
           reference: Reference | None = None) -> State:
    """Replay with the values posted for one step (nothing ticked counts as an empty answer)."""
    merged = {k: [v] if isinstance(v, str) else list(v) for k, v in query.items()}
    merged[step_id] = ([values] if isinstance(values, str) else list(values)) or [""]
    return replay(parcours, merged, reference)


def suggestions(parcours: Parcours, state: State, step_id: str) -> tuple[str, ...]:
    """Options to pre-tick from the free text of an earlier step (lexicon); one for a radio."""
    step = parcours.steps[step_id]
    if step.pre_cocher_depuis is None or step.options_from is None:
        return ()
    text = " ".join(state.answers.get(step.pre_cocher_depuis, ()))
    found = tuple(s for s in parcours.lexicon.match(step.options_from, text) if step.option(s))
    if not step.multiple and len(found) != 1:
        return ()
    return found


def initial_values(parcours: Parcours, state: State, step_id: str) -> tuple[str, ...]:
    """What the form of a step shows ticked: its answer, else the lexicon suggestions."""
    if step_id in state.answers:
        return state.answers[step_id]
    return suggestions(parcours, state, step_id)


def summary(parcours: Parcours, state: State, reference: Reference | None = None) -> list[SummaryRow]:
    """The "Vos réponses" list, in path order, with labels and the step to modify."""
    rows = []
    for step_id in state.path:
        if step_id not in state.answers:
            continue
        step = parcours.steps[step_id]
        rows.append(SummaryRow(step_id, step.titre, step.question,
                               answer_labels(step, state.answers[step_id], reference) or ("Non renseigné",),
                               step_id))
    return rows


def answer_labels(step: Step, values: Sequence[str], reference: Reference | None = None) -> tuple[str, ...]:
    """Display labels of an answer's values."""
    if step.reference_kind is not None:
        return tuple(reference.label(step.reference_kind, v) if reference else v for v in values)
    if step.kind == "texte":
        return tuple(values)
    return tuple(o.label if (o := step.option(v)) else v for v in values)


def progress(parcours: Parcours, state: State, step_id: str) -> Progress:
    """Stepper position of a step on the path (ValueError if not on it).

    The total is the steps done plus the longest possible rest, so as answers
    progress the index only grows and the total only shrinks.
    """
    index = state.path.index(step_id) + 1
    total = index - 1 + parcours.longest[step_id]
    if index < len(state.path):
        nxt: str | None = state.path[index]
    else:
        nxt = parcours.longest_next[step_id]
    step = parcours.steps[step_id]
    return Progress(index, total, step.titre, parcours.steps[nxt].titre if nxt else None)


def recommendation_answers(parcours: Parcours, state: State) -> dict[str, tuple[str, ...]]:
    """The answers the recommender should see: neutral options ("je ne sais pas") removed."""
    out: dict[str, tuple[str, ...]] = {}
    for step_id, values in state.answers.items():
        step = parcours.steps[step_id]
        kept = tuple(v for v in values if not ((o := step.option(v)) and o.neutre))
        if kept:
            out[step_id] = kept
    return out
