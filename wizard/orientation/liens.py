"""The wizard's URLs for one state: every step and the results carry the answers in the query string."""
from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote, urlencode

from flask import request, url_for

from wizard.orientation.marqueur import paires
from wizard.parcours_engine import Parcours, State


def grouped(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Query pairs as url_for keyword arguments (a repeated key becomes a list)."""
    out: dict[str, list[str]] = {}
    for key, value in pairs:
        out.setdefault(key, []).append(value)
    return out


class Liens:
    """URLs of the steps for one state: the query string is encoded once for all the links of a page.

    A page links every answered step ("Modifier"); building each through ``url_for`` cost more than
    the rest of the page, so the step URLs are the blueprint's "/parcours/<step_id>" rule spelled out.
    """

    def __init__(self, parcours: Parcours, state: State, keep_refused: bool = False) -> None:
        pairs = state.query()
        if keep_refused and state.current in state.errors:
            # Carry the refused value too, so that its page can say what was wrong (the engine
            # leaves refused values out of the state).
            pairs += [(state.current, v) for v in request.args.getlist(state.current)[:5]]
        # A workshop's marker rides along with the answers, on every link of the page.
        pairs += paires()
        self.parcours = parcours
        self.query = "?" + urlencode(pairs) if pairs else ""
        self.base = url_for("orientation.start")
        #: The first question again, keeping a workshop's marker.
        self.depart = self.base + ("?" + urlencode(paires()) if paires() else "")

    def step(self, step_id: str) -> str:
        """The URL of a step (or of the results page) with the answers."""
        if self.parcours.steps[step_id].kind == "resultats":
            return f"{self.base}/resultats{self.query}"
        return f"{self.base}/{quote(step_id, safe='')}{self.query}"


def step_url(parcours: Parcours, step_id: str, state: State, keep_refused: bool = False) -> str:
    """The URL of a step (or of the results page) carrying the state's answers."""
    return Liens(parcours, state, keep_refused).step(step_id)
