"""One recommendation request, as the wizard and the API both make it, and how to reach each structure."""
from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from wizard.models import Structure
from wizard.recommender import (
    Catalog,
    ContactCard,
    Demande,
    Financement,
    Recommendation,
    Rules,
    StructureCard,
    demande_from_answers,
    financements,
    recommend,
)
from wizard.runtime.catalog_cache import catalogue
from wizard.territoires.memoire import Territoires


@dataclass(frozen=True)
class Joindre:
    """How to reach a structure: its verified channels, else the fallback structure that has some."""

    contacts: tuple[ContactCard, ...]
    site_web: str | None
    repli: StructureCard | None

    @property
    def a_completer(self) -> bool:
        """No verified channel of its own (phone, e-mail, contact form or page)."""
        return not self.contacts


@dataclass(frozen=True)
class Orientation:
    """The request resolved to territory facts, and its ordered shortlist."""

    demande: Demande
    recommandations: tuple[Recommendation, ...]
    joindre: Mapping[str, Joindre]
    financements: tuple[Financement, ...] = ()
    @property
    def appels(self) -> tuple[Recommendation, ...]:
        """The structures to call, in order: the fallback is offered apart, unless it is all there is."""
        kept = tuple(r for r in self.recommandations if not r.repli)
        return kept or self.recommandations

    @property
    def repli(self) -> Recommendation | None:
        """The fallback contact offered after the list ("si aucune ne convient"), if any."""
        appels = self.appels
        return next((r for r in self.recommandations if r.repli and r not in appels), None)

    #: What it was computed from (the memo checks identities: an id may be reused after a reload).
    catalog: Catalog | None = field(default=None, compare=False, repr=False)
    rules: Rules | None = field(default=None, compare=False, repr=False)


def joignables(card: StructureCard) -> tuple[ContactCard, ...]:
    """Contacts a maire can act on: a phone, an e-mail, a contact form or page."""
    return tuple(c for c in card.contacts if c.joignable)


def joindre(card: StructureCard, catalog: Catalog, rules: Rules) -> Joindre:
    """The way to reach ``card``; without a channel of its own, the fallback structure that has one."""
    contacts = joignables(card)
    repli = None
    if not contacts:
        repli = next((s for slug in rules.repli if (s := catalog.get(slug)) is not None and s.slug != card.slug
                      and joignables(s)), None)
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
    # identities, the answers and the day (programmes open and close) determine the result.
    key = (id(catalog), id(rules), id(territoires), dt.date.today(),
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
                       {r.structure.slug: joindre(r.structure, catalog, rules) for r in shortlist},
                       tuple(financements(catalog, demande)), catalog, rules)


def noms_structures(session: Session, slugs: tuple[str, ...]) -> dict[str, str]:
    """slug → name of the structures still in the database (a removed fiche keeps its slug only)."""
    if not slugs:
        return {}
    return dict(session.execute(select(Structure.slug, Structure.nom).where(Structure.slug.in_(slugs))).all())
