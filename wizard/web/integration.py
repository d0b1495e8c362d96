"""Embeddable views: ``/integration/<page>`` serves a public page without header and footer, for a
partner site (the association des maires, an EPCI) to frame.

The prefix is moved into ``SCRIPT_NAME`` by a small WSGI middleware, so every link the page builds
with ``url_for`` stays inside the embed. Only read-only public pages are embeddable (a GET form or a
link, never a form that needs the visitor's session: a third-party frame does not send its cookie);
any other page under the prefix answers with a link that opens it in a new tab. The pages may be
framed only by the origins of ``INTEGRATION_ORIGINES`` (wizard.web.csp); everything else stays DENY.
"""
from __future__ import annotations

from flask import Flask, render_template, request

PREFIXE = "/integration"
ENVIRON = "carto.integration"
#: Public, read-only pages a partner may embed (path prefixes after /integration).
EMBARQUABLES = ("/communes/", "/cartographie/carte", "/structures/", "/parcours/resultats", "/static/",
                "/api/v1/territoires/")


class Integration:
    """WSGI middleware: ``/integration/communes/53130`` is ``/communes/53130`` under script root /integration."""

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith(PREFIXE + "/"):
            rest = path[len(PREFIXE):]
            if rest.startswith(EMBARQUABLES):
                environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + PREFIXE
                environ["PATH_INFO"] = rest
                environ[ENVIRON] = True
        return self.wsgi_app(environ, start_response)


def active() -> bool:
    """Whether the current request is an embedded view."""
    return bool(request.environ.get(ENVIRON))


def _hors_integration(rest: str):
    """A page that cannot be embedded: a link that opens it outside the frame."""
    cible = request.script_root + "/" + rest + (f"?{request.query_string.decode()}" if request.query_string else "")
    request.environ[ENVIRON] = True  # framable (the partner's frame shows this notice), no header or footer
    return render_template("pages/integration_lien.html", cible=cible), 200


def init_app(app: Flask) -> None:
    app.wsgi_app = Integration(app.wsgi_app)  # type: ignore[method-assign]
    app.add_url_rule(PREFIXE + "/<path:rest>", "integration_lien", _hors_integration)
    app.jinja_env.globals["integration"] = active
