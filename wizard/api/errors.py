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


#: French messages for the statuses an API client meets; never the internal detail of a failure.
MESSAGES = {
    404: "Adresse inconnue dans l'API : voir /api/v1/openapi.json.",
    405: "Méthode non acceptée pour cette adresse (voir l'en-tête Allow).",
    429: "Trop de requêtes : réessayez dans un moment.",
    500: "Erreur du service : réessayez plus tard.",
}


def _http_error(exc: HTTPException):
    """Every HTTP error under /api/ as JSON, with the error's own headers (Allow of a 405)."""
    status = exc.code or 500
    if status >= 500:
        from wizard.db import get_session

        # The failed request's transaction must not leak into later queries.
        get_session().rollback()
    response, status = erreur(None, MESSAGES.get(status) or exc.description or exc.name, status)
    for name, value in exc.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response, status


# Inside API views (abort(404), raised errors, failures) …
bp.register_error_handler(HTTPException, _http_error)


@bp.record_once
def _json_errors_for_the_whole_prefix(state) -> None:
    # … and before any view is found (unknown path, wrong method): the app asks by path prefix.
    state.app.extensions.setdefault("error_renderers", []).append(("/api/", _http_error))


# Read-only GET endpoints: no session state to protect, and third-party sites must be able to call them.
csrf.exempt(bp)


@bp.after_request
def _open_data_headers(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
