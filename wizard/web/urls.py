"""``url_for`` built once per link: the same endpoint and values give the same URL for every request
with the same scheme, host and script root.

A results page or an API answer builds a dozen links to fiches, programmes and forms; through the
router each costs as much as a small template (bench/bench_http.py). The URL depends on nothing else:
the app's URL defaults are fixed at start-up (static fingerprints), and a relative endpoint
(``.name``) is keyed with the current blueprint. Values that cannot be a key (a list for a
repeated query parameter) go to ``url_for`` every time.
"""
from __future__ import annotations

import threading
from typing import Any

from flask import Flask, current_app, has_request_context, request
from flask import url_for as flask_url_for

#: Distinct links kept per app; beyond, the store starts afresh (a forged Host cannot grow it).
SIZE = 8192
_lock = threading.Lock()


def url_for(endpoint: str, **values: Any) -> str:
    """Flask's ``url_for``, remembered per (scheme, host, script root, endpoint, values)."""
    store: dict | None = current_app.extensions.get("liens")
    if store is None or not has_request_context():  # a mail rendered by a command: SERVER_NAME decides
        return flask_url_for(endpoint, **values)
    try:
        key = (request.scheme, request.host, request.script_root,
               request.blueprint if endpoint.startswith(".") else None, endpoint, frozenset(values.items()))
        found = store.get(key)
    except TypeError:  # an unhashable value
        return flask_url_for(endpoint, **values)
    if found is None:
        found = flask_url_for(endpoint, **values)
        with _lock:
            if len(store) >= SIZE:
                store.clear()
            store[key] = found
    return found


def init_app(app: Flask) -> None:
    """Templates' ``url_for`` is this one (off in debug mode, where routes may be added while serving)."""
    if app.debug:
        return
    app.extensions["liens"] = {}
    app.jinja_env.globals["url_for"] = url_for
