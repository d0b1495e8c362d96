"""The wizard's state for the current request, replayed from the query string."""
from __future__ import annotations

from flask import current_app, g, request

from wizard.orientation.marqueur import reponses
from wizard.parcours_engine import Parcours, State, replay
from wizard.runtime.active_parcours import (
    current_parcours,
    current_rules,
    reload_if_requested,
)
from wizard.territoires.memoire import Territoires, territoires

#: Longest query string replayed: far above a real parcours (≈ 300 characters), far below a server limit.
MAX_QUERY = 4000


def contexte() -> tuple[Parcours, Territoires]:
    """The running parcours (reloaded if asked) and the territories."""
    reload_if_requested(current_app._get_current_object())  # type: ignore[attr-defined]
    return current_parcours(), territoires()


def query_too_long() -> bool:
    """Whether the query string is beyond anything the parcours can produce."""
    return len(request.query_string) > MAX_QUERY


def etat_courant(parcours: Parcours, terr: Territoires) -> State:
    """Replay the answers of the query string (a session marker is not an answer), once per request:
    the view and what is counted after it (pilotage) read the same state."""
    key = (id(parcours), id(terr))
    known = g.get("etat_courant")
    if known is None or known[0] != key:
        known = g.etat_courant = (key, replay(parcours, reponses(), terr.lookup))
    return known[1]


def rules():
    """The running recommendation rules."""
    return current_rules()
