"""Finding a session from the URL, for participants and for its animator, with clear refusals."""
from __future__ import annotations

from flask import current_app, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from wizard.ateliers import presence, services
from wizard.ateliers.forms import RejoindreCodeForm
from wizard.db import get_session
from wizard.models import Atelier


class Refus(HTTPException):
    """A page that explains why (unknown code, animator only) and offers the way on."""

    def __init__(self, response: Response) -> None:
        super().__init__(response=response)


def atelier_ou_404(code: str) -> Atelier:
    """The session of ``code``, else a 404 page that lets the visitor type the code again."""
    atelier = services.par_code(get_session(), code)
    if atelier is None:
        form = RejoindreCodeForm(formdata=None, data={"code": code[:12]})
        body = render_template("ateliers/introuvable.html", form=form, code=code[:12])
        raise Refus(Response(body, status=404, mimetype="text/html"))
    return atelier


def atelier_anime(code: str) -> Atelier:
    """The session of ``code`` if this browser manages it, else a 403 page saying how to get access."""
    atelier = atelier_ou_404(code)
    if not presence.anime(atelier):
        body = render_template("ateliers/reserve.html", atelier=atelier)
        raise Refus(Response(body, status=403, mimetype="text/html"))
    return atelier


def limite_par_atelier() -> str:
    """Answers allowed per session and minute (a whole room on one Wi-Fi shares one address)."""
    return current_app.config.get("ATELIER_RATELIMIT", "600 per minute")


def cle_atelier() -> str:
    """Rate-limit key: the session's code, whoever sends."""
    return "atelier:" + str((request.view_args or {}).get("code", "")).upper()
