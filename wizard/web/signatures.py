"""Signed cookies and CSRF tokens at the cost of one signature check per visitor, not per request.

On every request Flask builds a new signing serializer (which encodes a test value to JSON) and checks
the session cookie's HMAC; on every page with a form, Flask-WTF signs the visitor's CSRF token anew.
Each is about a tenth of a cached wizard step's time (bench/bench_http.py). The serializer depends only
on the keys: built once per key set. A cookie value whose signature was checked stays valid (its age is
still checked): it is only decoded. The signed token depends only on the visitor's raw token (kept in
their session) when tokens do not expire (WTF_CSRF_TIME_LIMIT = None): the cached pages and the
templates reuse the visitor's remembered token; a form built by a view is still signed by Flask-WTF.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any

from flask import Flask, Request, current_app, g, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_wtf.csrf import generate_csrf
from itsdangerous import BadSignature, URLSafeTimedSerializer

#: Visitors whose checked cookie and signed token are kept.
VISITORS = 4096


class SessionInterface(SecureCookieSessionInterface):
    """The signed-cookie session of Flask, its serializer built once per set of keys, and each cookie's
    signature checked once: a cookie seen lately is only decoded (its age is still checked)."""

    def __init__(self) -> None:
        self._serializers: dict[tuple, URLSafeTimedSerializer | None] = {}
        self._verified = _Recent()

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        value = request.cookies.get(self.get_cookie_name(app))
        serializer = self.get_signing_serializer(app)
        if not value or serializer is None:
            return super().open_session(app, request)
        max_age = app.permanent_session_lifetime.total_seconds()
        key = (app.secret_key, value)
        known = self._verified.get(key)
        if known is not None and time.time() - known[0] <= max_age:
            # Decoded afresh: the session's lists (flashed messages) must not be shared between requests.
            return self.session_class(self.serializer.loads(known[1]))
        try:
            data, signed_at = serializer.loads(value, max_age=int(max_age), return_timestamp=True)
        except BadSignature:
            return self.session_class()
        self._verified.put(key, (signed_at.timestamp(), self.serializer.dumps(data)))
        return self.session_class(data)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        key = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        found = self._serializers.get(key, False)
        if found is False:
            found = self._serializers[key] = super().get_signing_serializer(app)
        return found  # type: ignore[return-value]


class _Recent:
    """What was computed for the visitors seen lately by this process (least recently seen dropped)."""

    def __init__(self, size: int = VISITORS) -> None:
        self.size = size
        self._items: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Any:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            if len(self._items) > self.size:
                self._items.popitem(last=False)


def jeton_csrf() -> str:
    """Flask-WTF's ``generate_csrf``, signing a returning visitor's raw token only the first time."""
    app = current_app
    field = app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    tokens: _Recent | None = app.extensions.get("jetons_signes")
    if tokens is None:
        return generate_csrf()
    secret = app.config.get("WTF_CSRF_SECRET_KEY") or app.secret_key
    raw = session.get(field)
    signed = g.get(field) or (tokens.get((secret, raw)) if raw else None)
    if signed is None:
        signed = generate_csrf()
    # Remembered also when a form of the view signed it (Flask-WTF): the cached pages reuse it.
    if tokens.get((secret, session[field])) is None:
        tokens.put((secret, session[field]), signed)
    # Where Flask-WTF keeps the request's token: forms built later in the request reuse it.
    setattr(g, field, signed)
    return signed


def init_app(app: Flask) -> None:
    """Install the session interface; sign each visitor's CSRF token once while tokens never expire."""
    app.session_interface = SessionInterface()
    if app.config.get("WTF_CSRF_TIME_LIMIT") is None:
        # An expiring token carries its signing time: it must then be signed for each page.
        app.extensions["jetons_signes"] = _Recent()
    # After Flask-WTF's own, so that templates call this one.
    app.jinja_env.globals["csrf_token"] = jeton_csrf
    app.context_processor(lambda: {"csrf_token": jeton_csrf})
