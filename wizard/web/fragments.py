"""Rendered once, included everywhere: template fragments that depend only on a few named values.

The header, the footer and the stylesheet links of the base layout are the same on every page but
for the current entry of the menu; rendering them (a loop of ``url_for``, macros, escaping) is a third
of a simple page's time (bench/bench_http.py). ``{{ rendu_partage("_header.html", request.endpoint) }}``
renders the template once per (name, values, script root) and reuses the HTML. The values passed must
be everything the fragment depends on besides the application's fixed configuration, including what
determines the keyword arguments given to the template (``rendu_partage("_x.html", version, slug,
x=objet_de_slug)``); the script root is always part of the key, since the fragment's links are built
from it. In debug mode (templates reloaded on change) nothing is kept.
"""
from __future__ import annotations

import threading
from collections.abc import Hashable
from typing import Any

from flask import Flask, current_app, render_template, request
from markupsafe import Markup

#: Distinct fragments kept; beyond, the store starts afresh (menus per endpoint, contact blocks per structure).
SIZE = 1024


def init_app(app: Flask) -> None:
    """Register the ``rendu_partage(name, *values, **context)`` template global."""
    store: dict[tuple, Markup] = {}
    lock = threading.Lock()

    def rendu_partage(name: str, *values: Hashable, **context: Any) -> Markup:
        if current_app.jinja_env.auto_reload:
            return Markup(render_template(name, **context))
        key = (name, request.script_root, values)
        found = store.get(key)
        if found is None:
            found = Markup(render_template(name, **context))
            with lock:
                if len(store) >= SIZE:
                    store.clear()
                store[key] = found
        return found

    app.jinja_env.globals["rendu_partage"] = rendu_partage
