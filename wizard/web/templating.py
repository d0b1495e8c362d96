"""Template globals and filters shared by every page."""
from __future__ import annotations

import re

from flask import Flask, request, url_for
from jinja2 import Template

from wizard.config import ROOT
from wizard.francais import a, date_fr, de, insecables_html


def _vendor_dir(prefix: str) -> str:
    """The versioned vendor folder (e.g. ``vendor/dsfr-1.15.0``), found once at start-up."""
    found = sorted((ROOT / "static" / "vendor").glob(f"{prefix}-*"))
    return f"vendor/{found[-1].name}" if found else f"vendor/{prefix}-absent"


def telephone_href(number: str | None) -> str | None:
    """``tel:`` link for a French number as published ("02 43 01 50 00" → "tel:+33243015000")."""
    if not number:
        return None
    digits = re.sub(r"\D", "", number)
    return f"tel:+33{digits[1:]}" if len(digits) == 10 and digits.startswith("0") else f"tel:{digits}"


#: Main navigation: (endpoint, label); entries whose blueprint is absent are not shown.
NAV = (
    ("pages.home", "Accueil"),
    ("orientation.start", "Trouver un interlocuteur"),
    ("annuaire.index", "Annuaire des acteurs"),
    ("cartographie.index", "Qui fait quoi"),
    ("cartographie.communes", "Ma commune"),
    ("dispositifs.index", "Dispositifs"),
    ("ateliers.index", "Ateliers"),
)


def asset_url_builder(app: Flask):
    """``asset(filename)``: the static URL of a vendored or own asset, built once per script root.

    The base layout names ten assets on every page; building each URL through the router on every
    request is a measurable share of a page's time (bench/bench_http.py).
    """
    built: dict[tuple[str, str], str] = {}

    def asset(filename: str) -> str:
        key = (request.script_root, filename)
        url = built.get(key)
        if url is None:
            url = built[key] = url_for("static", filename=filename)
        return url

    return asset


class _Page(Template):
    """A template whose rendered HTML has its « guillemets » held to their words (francais.insecables_html):
    templates' text and data alike, once per rendering, never in a form's value."""

    def render(self, *args, **kwargs) -> str:
        html = super().render(*args, **kwargs)
        return insecables_html(html) if self.name and self.name.endswith(".html") else html


def init_app(app: Flask) -> None:
    """Register globals (vendored asset folders, taxonomy) and filters."""
    app.jinja_env.globals.update(
        DSFR=_vendor_dir("dsfr"), HTMX=_vendor_dir("htmx"), LEAFLET=_vendor_dir("leaflet"),
        taxonomy=app.extensions["taxonomy"], service_name=app.extensions["departement"].service,
        departement=app.extensions["departement"], de=de, a=a,
        nav_items=lambda: [(e, label) for e, label in NAV if e in app.view_functions],
        has_endpoint=lambda e: e in app.view_functions,
        asset=asset_url_builder(app))
    app.jinja_env.filters["telephone_href"] = telephone_href
    app.jinja_env.filters["date_fr"] = date_fr
    app.jinja_env.template_class = _Page
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
