"""The one helper that decides fragment vs. full page (STYLE.md 15), shared by every blueprint."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import render_template, request
from htmx_flask import make_response
from werkzeug.wrappers import Response


def wants_fragment() -> bool:
    """True for a plain htmx swap; boosted links and history restores need the whole page."""
    hx = getattr(request, "htmx", None)
    return bool(hx) and not hx.boosted and not hx.history_restore_request


def page_ou_fragment(page: str, fragment: str, status: int = 200, push_url: str | bool | None = None,
                     page_context: Callable[[], dict[str, Any]] | None = None, **context: Any) -> Response:
    """``fragment`` for htmx swaps (with the URL to push), ``page`` otherwise; always ``Vary: HX-Request``.

    ``page_context`` adds what only the full page needs (computed only for it).
    """
    if wants_fragment():
        # htmx does not swap 4xx responses: an htmx form error is a 200 fragment carrying its messages.
        response = make_response(render_template(fragment, fragment=True, **context),
                                 200 if status == 422 else status, push_url=push_url)
    else:
        extra = page_context() if page_context is not None else {}
        response = make_response(render_template(page, fragment=False, **context, **extra), status)
    response.vary.add("HX-Request")
    return response
