"""One recommendation request, as the wizard and the API both make it, and how to reach each structure."""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from wizard.recommender import (
    Catalog,
    ContactCard,
    Demande,
    Recommendation,
    Rules,
    StructureCard,
    demande_from_answers,
    recommend,
)
from wizard.runtime.catalog_cache import catalogue
from wizard.territoires.memoire import Territoires


@dataclass(frozen=True)
class Joindre:
    """How to reach a structure: its sourced contacts, else its website, else the fallback structure."""

    contacts: tuple[ContactCard, ...]
    site_web: str | None
    repli: StructureCard | None

    @property
    def a_completer(self) -> bool:
        """No sourced phone number nor e-mail address."""
        return not self.contacts


@dataclass(frozen=True)
class Orientation:
    """The request resolved to territory facts, and its ordered shortlist."""

    demande: Demande
    recommandations: tuple[Recommendation, ...]
    joindre: Mapping[str, Joindre]
    #: What it was computed from (the memo checks identities: an id may be reused after a reload).
    catalog: Catalog | None = field(default=None, compare=False, repr=False)
    rules: Rules | None = field(default=None, compare=False, repr=False)


def joignables(card: StructureCard) -> tuple[ContactCard, ...]:
    """Contacts with at least a phone number or an e-mail address."""
    return tuple(c for c in card.contacts if c.telephone or c.email)


def joindre(card: StructureCard, catalog: Catalog, rules: Rules) -> Joindre:
    """The way to reach ``card``; the fallback only when neither contact nor website is known."""
    contacts = joignables(card)
    repli = None
    if not contacts and not card.site_web:
        repli = next((s for slug in rules.repli if (s := catalog.get(slug)) is not None and s.slug != card.slug
                      and (joignables(s) or s.site_web)), None)
    return Joindre(contacts, card.site_web, repli)


#: Recent shortlists: a permalink is reloaded, printed and shared; the API is polled with the same questions.
_recent: OrderedDict[tuple, Orientation] = OrderedDict()
_lock = threading.Lock()
TAILLE = 512


def recommander(session: Session, rules: Rules, territoires: Territoires,
                answers: Mapping[str, Sequence[str]]) -> Orientation:
    """The shortlist for answers keyed by step id (validated beforehand), with contacts resolved."""
    catalog = catalogue(session)
    # The objects are immutable and replaced (never mutated) on reload or content change: their
    # identities and the answers determine the result.
    key = (id(catalog), id(rules), id(territoires),
           tuple(sorted((k, tuple(sorted(set(v)))) for k, v in answers.items())))
    found = _recent.get(key)
    if found is not None and found.catalog is catalog and found.rules is rules:
        with _lock:
            if key in _recent:
                _recent.move_to_end(key)
        return found
    found = _compute(catalog, rules, territoires, answers)
    with _lock:  # threaded servers: OrderedDict reordering is not atomic
        _recent[key] = found
        if len(_recent) > TAILLE:
            _recent.popitem(last=False)
    return found


def _compute(catalog: Catalog, rules: Rules, territoires: Territoires,
             answers: Mapping[str, Sequence[str]]) -> Orientation:
    demande = demande_from_answers(answers, territoires.lookup, territoires.departement.code)
    shortlist = tuple(recommend(catalog, rules, demande, territoires.lookup))
    return Orientation(demande, shortlist,
                       {r.structure.slug: joindre(r.structure, catalog, rules) for r in shortlist}, catalog, rules)
