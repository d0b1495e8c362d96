"""Security headers, a strict CSP (no inline script), and French error pages."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, current_app, g, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix

from wizard.web import csp, integration


def _fixed_headers(config: Mapping[str, Any], framable: bool) -> tuple[tuple[str, str], ...]:
    """The headers every response of a kind carries: they depend on the configuration only."""
    headers = [("Content-Security-Policy", csp.politique(config, framable)), ("X-Content-Type-Options", "nosniff"),
               ("Referrer-Policy", "same-origin"),
               ("Permissions-Policy", "geolocation=(), camera=(), microphone=()")]
    if not framable:
        headers.append(("X-Frame-Options", "DENY"))
    if config.get("HSTS_MAX_AGE"):
        hsts = f"max-age={int(config['HSTS_MAX_AGE'])}"
        hsts += "; includeSubDomains" if config.get("HSTS_INCLUDE_SUBDOMAINS") else ""
        headers.append(("Strict-Transport-Security", hsts))
    return tuple(headers)


def _headers(response: Response) -> Response:
    config = current_app.config
    # /integration/ views may be framed by the configured partner sites (frame-ancestors), nothing else.
    framable = integration.active() and bool(config.get("INTEGRATION_ORIGINES"))
    # Built once per kind (the configuration is fixed once the app serves); a view's own value wins.
    fixed = current_app.extensions["security_headers"]
    if framable not in fixed:
        fixed[framable] = _fixed_headers(config, framable)
    present = {k.lower() for k, _v in response.headers.items()}
    response.headers.extend([(k, v) for k, v in fixed[framable] if k.lower() not in present])
    if config.get("WTF_CSRF_FIELD_NAME", "csrf_token") in g:
        # The page carries this visitor's CSRF token (tied to their session): no cache may keep it.
        response.headers["Cache-Control"] = "no-store"
    return response


#: French titles of the HTTP errors a visitor can meet (werkzeug's names are English).
TITRES = {400: "Demande invalide", 401: "Connexion nécessaire", 403: "Accès refusé", 404: "Page introuvable",
          405: "Action impossible sur cette page", 410: "Page supprimée", 413: "Envoi trop volumineux",
          415: "Format non accepté", 429: "Trop de tentatives"}


def _area_renderer(exc: HTTPException):
    """The error renderer an area registered for this path (the API answers JSON), or None."""
    for prefix, render in current_app.extensions.get("error_renderers", ()):
        if request.path.startswith(prefix):
            return render(exc)
    return None


def _http_error(exc: HTTPException):
    found = _area_renderer(exc)
    if found is not None:
        return found
    code = exc.code or 500
    headers = {"Allow": ", ".join(exc.valid_methods)} if getattr(exc, "valid_methods", None) else {}
    return render_template("pages/erreur.html", code=code, titre=TITRES.get(code, "Erreur")), code, headers


def _untrusted_host(_exc: SecurityError):
    # No URL can be built for a host outside TRUSTED_HOSTS, so no page template: a plain answer.
    return Response("Adresse du service inconnue (en-tête Host refusé).", status=400, mimetype="text/plain")


def _csrf_error(exc: CSRFError):
    message = ("Le formulaire a expiré ou n'a pas pu être vérifié. Vos réponses n'ont pas été "
               "enregistrées : revenez à la page précédente et validez à nouveau.")
    return render_template("pages/erreur.html", code=400, titre="Formulaire expiré", message=message), 400


def _server_error(exc: InternalServerError):
    found = _area_renderer(exc)
    if found is not None:
        return found
    from wizard.db import get_session

    # The failed request's transaction must not leak into the error page's queries.
    get_session().rollback()
    return render_template("pages/erreur.html", code=500, titre="Erreur du service"), 500


def init_app(app: Flask) -> None:
    """Install headers and error handlers; believe X-Forwarded-* only from the declared proxies."""
    proxies = int(app.config.get("PROXY_FIX") or 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies,  # type: ignore[method-assign]
                                x_port=proxies, x_prefix=proxies)
    app.extensions["security_headers"] = {}
    app.after_request(_headers)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(SecurityError, _untrusted_host)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(500, _server_error)
