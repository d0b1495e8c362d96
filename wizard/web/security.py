"""Security headers, a strict CSP (no inline script), and French error pages."""
from __future__ import annotations

from flask import Flask, Response, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
       "base-uri 'self'; object-src 'none'")


def _headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
    return response


def _http_error(exc: HTTPException):
    return render_template("pages/erreur.html", code=exc.code, titre=exc.name), exc.code


def _csrf_error(exc: CSRFError):
    message = ("Le formulaire a expiré ou n'a pas pu être vérifié. Vos réponses n'ont pas été "
               "enregistrées : revenez à la page précédente et validez à nouveau.")
    return render_template("pages/erreur.html", code=400, titre="Formulaire expiré", message=message), 400


def _server_error(_exc: Exception):
    from wizard.db import get_session

    # The failed request's transaction must not leak into the error page's queries.
    get_session().rollback()
    return render_template("pages/erreur.html", code=500, titre="Erreur du service"), 500


def init_app(app: Flask) -> None:
    """Install headers and error handlers."""
    app.after_request(_headers)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(500, _server_error)
