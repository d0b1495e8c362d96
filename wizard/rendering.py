"""One helper decides fragment vs. full page (STYLE.md 15), shared by every blueprint."""
from __future__ import annotations

from typing import Any

from flask import Response, make_response, render_template, request


def wants_fragment() -> bool:
    """True for a plain htmx swap; boosted links and history restores need the whole page."""
    hx = getattr(request, "htmx", None)
    return bool(hx) and not hx.boosted and not hx.history_restore_request


def page_ou_fragment(page: str, fragment: str, status: int = 200, **context: Any) -> Response:
    """Render ``fragment`` for htmx swaps and ``page`` otherwise; always ``Vary: HX-Request``."""
    response = make_response(render_template(fragment if wants_fragment() else page, **context), status)
    response.vary.add("HX-Request")
    return response
