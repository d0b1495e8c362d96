"""The wizard's state for the current request: replayed from the query string, and its URLs."""
from __future__ import annotations

from typing import Iterable
from urllib.parse import quote, urlencode

from flask import current_app, render_template, request, url_for
from htmx_flask import make_response
from werkzeug.wrappers import Response

from wizard.parcours_engine import Parcours, State, replay
from wizard.rendering import wants_fragment
from wizard.services.parcours_actif import (
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
    """Replay the answers of the query string."""
    return replay(parcours, request.args.to_dict(flat=False), terr.lookup)


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
        self.parcours = parcours
        self.query = "?" + urlencode(pairs) if pairs else ""
        self.base = url_for("orientation.start")

    def step(self, step_id: str) -> str:
        """The URL of a step (or of the results page) with the answers."""
        if self.parcours.steps[step_id].kind == "resultats":
            return f"{self.base}/resultats{self.query}"
        return f"{self.base}/{quote(step_id, safe='')}{self.query}"


def step_url(parcours: Parcours, step_id: str, state: State, keep_refused: bool = False) -> str:
    """The URL of a step (or of the results page) carrying the state's answers."""
    return Liens(parcours, state, keep_refused).step(step_id)



def render(page: str, fragment: str, status: int = 200, push_url: str | bool | None = None,
           **context) -> Response:
    """The full page, or only its fragment for htmx (with the URL to push); always ``Vary: HX-Request``."""
    if wants_fragment():
        # htmx does not swap 4xx responses: an htmx form error is a 200 fragment carrying its messages.
        response = make_response(render_template(fragment, fragment=True, **context),
                                 200 if status == 422 else status,
                                 push_url=push_url if push_url else (False if push_url is False else None))
    else:
        response = make_response(render_template(page, fragment=False, **context), status)
    response.headers.add("Vary", "HX-Request")
    return response


def rules():
    """The running recommendation rules."""
    return current_rules()
