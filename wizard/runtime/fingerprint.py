"""The content fingerprint, and a per-process memo of what is computed from the content.

Counting coverage or building the recommender's catalog over thousands of structures costs tens
of milliseconds; the content changes rarely (back-office saves, data loads). Every save bumps the
structure's ``version`` (optimistic locking) and a data load replaces offers (new ids), so
(structures, Σ version, offers, max offer id) changes whenever the content does.

The fingerprint (two aggregate queries) is re-read at most once per second per process, and at
once after any commit made by this process: a save is seen immediately by the instance that made
it, and within a second by the others. Each instance keeps its own memo: nothing is shared,
nothing can be served stale after a save, and a cold instance simply recomputes.
"""
from __future__ import annotations

import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from wizard.models import Offre, Structure

T = TypeVar("T")
#: Entries kept by the memo; least recently used ones are dropped beyond.
SIZE = 256
#: Seconds during which a fingerprint read by this process is trusted.
FRESHNESS = 1.0
_memo: OrderedDict[tuple, object] = OrderedDict()
_recent: dict[str, tuple[float, tuple]] = {}
_lock = threading.Lock()


@event.listens_for(Session, "after_commit")
def _forget_fingerprints(_session: Session) -> None:
    # Any commit of this process may have changed the content: re-read the fingerprint next time.
    _recent.clear()


def read_fingerprint(session: Session) -> tuple:
    """The fingerprint as the database has it now: URL, structures and Σ versions, offers and max id."""
    nb_structures, versions = session.execute(
        select(func.count(), func.coalesce(func.sum(Structure.version), 0)).select_from(Structure)).one()
    nb_offres, dernier = session.execute(select(func.count(), func.max(Offre.id)).select_from(Offre)).one()
    return (str(session.get_bind().url), nb_structures, versions, nb_offres, dernier)


def fingerprint(session: Session) -> tuple:
    """The content fingerprint, read from the database at most every FRESHNESS seconds."""
    return fingerprint_of(engine_key(session.get_bind()), lambda: session)


def fingerprint_of(url: str, open_session: Callable[[], Session]) -> tuple:
    """``fingerprint`` for the database at ``url``, opening a session only when it must be re-read."""
    now = time.monotonic()
    known = _recent.get(url)
    if known is not None and now - known[0] < FRESHNESS:
        return known[1]
    found = read_fingerprint(open_session())
    with _lock:
        _recent[url] = (now, found)
    return found


#: Weak: an engine disposed of (a test's app) is not kept alive with its pool.
_engine_keys: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def engine_key(engine: object) -> str:
    """The URL of an engine as text (rendering a URL object costs more than the fingerprint lookup)."""
    known = _engine_keys.get(engine)
    if known is None:
        known = _engine_keys[engine] = str(engine.url)  # type: ignore[attr-defined]
    return known


def memo(key_fingerprint: tuple, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` once per (fingerprint, key)."""
    full = (key_fingerprint, key)
    with _lock:
        if full in _memo:
            _memo.move_to_end(full)
            return _memo[full]  # type: ignore[return-value]
    value = compute()
    with _lock:
        _memo[full] = value
        if len(_memo) > SIZE:
            _memo.popitem(last=False)
    return value
