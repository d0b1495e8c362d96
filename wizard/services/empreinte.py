"""A per-process memo of aggregates over the reference content, invalidated by a cheap fingerprint.

Counting coverage over thousands of structures costs tens of milliseconds; the content changes
rarely (back-office saves, data loads). Every save bumps the structure's ``version`` (optimistic
locking) and a data load replaces offers (new ids), so (structures, Σ version, offers, max offer id)
changes whenever the content does. Each instance keeps its own memo: nothing is shared, nothing
can be served stale after a save, and a cold instance simply recomputes.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wizard.models import Offre, Structure

T = TypeVar("T")
TAILLE = 256
_memo: OrderedDict[tuple, object] = OrderedDict()


def empreinte(session: Session) -> tuple:
    """Fingerprint of the content: database URL, structures and Σ versions, offers and max offer id."""
    nb_structures, versions = session.execute(
        select(func.count(), func.coalesce(func.sum(Structure.version), 0)).select_from(Structure)).one()
    nb_offres, dernier = session.execute(select(func.count(), func.max(Offre.id)).select_from(Offre)).one()
    return (str(session.get_bind().url), nb_structures, versions, nb_offres, dernier)


def memo(cle_empreinte: tuple, cle: Hashable, calcul: Callable[[], T]) -> T:
    """``calcul()`` once per (fingerprint, key); least recently used entries are dropped beyond TAILLE."""
    full = (cle_empreinte, cle)
    if full in _memo:
        _memo.move_to_end(full)
        return _memo[full]  # type: ignore[return-value]
    value = calcul()
    _memo[full] = value
    if len(_memo) > TAILLE:
        _memo.popitem(last=False)
    return value


def vider() -> None:
    """Forget everything (tests, or after a bulk change made outside the app)."""
    _memo.clear()
