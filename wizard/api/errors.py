"""JSON errors of the API (``{"erreur": {"parametre": …, "message": …}}``, never an HTML page), CORS, no CSRF."""
from __future__ import annotations

from flask import Response, jsonify
from werkzeug.exceptions import HTTPException

from wizard.api import bp
from wizard.extensions import csrf


class ParametreInvalide(ValueError):
    """Raise in an API view to answer 400 naming the faulty query parameter."""

    def __init__(self, parametre: str | None, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.parametre, self.message, self.status = parametre, message, status


def erreur(parametre: str | None, message: str, status: int = 400) -> tuple[Response, int]:
    """A JSON error response (400 by default) naming the parameter at fault (or None)."""
    return jsonify({"erreur": {"parametre": parametre, "message": message}}), status


@bp.errorhandler(ParametreInvalide)
def _parametre_invalide(exc: ParametreInvalide):
    return erreur(exc.parametre, exc.message, exc.status)


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException):
    # Errors raised inside API views (abort(404), 405…) stay JSON for API clients.
    return erreur(None, exc.description or exc.name, exc.code or 500)


# Read-only GET endpoints: no session state to protect, and third-party sites must be able to call them.
csrf.exempt(bp)


@bp.after_request
def _open_data_headers(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
