"""A per-process cache of rendered GET responses for the hot, deterministic pages (wizard, API).

Such a page is a function of its URL (host included), of whether htmx asked for a fragment, and of a content
version the view declares (compiled parcours, catalog fingerprint). The one per-visitor part is
the CSRF token of its forms: it is stored as a marker and a fresh token is put back on every hit.
Nothing else is cached: not a POST, not a non-200 answer, not a page that shows flashed messages.
"""
from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from flask import Flask, Response, current_app, g, request, session

from wizard.web.rendering import wants_fragment
from wizard.web.signatures import jeton_csrf

#: Private-use characters: they cannot come out of a template, so the marker never collides.
MARK = "\ue000jeton-csrf\ue000"
SIZE = 512
#: Headers set later by the app for every response (cookies, security) are not part of the page.
SKIPPED_HEADERS = frozenset({"set-cookie", "content-length"})


@dataclass(frozen=True)
class CachedPage:
    """A rendered response, its CSRF token replaced by MARK."""

    body: str
    status: int
    headers: tuple[tuple[str, str], ...]

    def replay(self) -> Response:
        body = self.body.replace(MARK, jeton_csrf()) if MARK in self.body else self.body
        return Response(body, status=self.status, headers=list(self.headers))


class PageCache:
    """Least-recently-used rendered pages of one app."""

    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self._pages: OrderedDict[Hashable, CachedPage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> CachedPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: Hashable, response: Response) -> CachedPage | None:
        """Keep ``response`` when it is a plain 200; return what will be replayed (or None)."""
        if response.status_code != 200 or response.direct_passthrough or response.is_streamed:
            return None
        body = response.get_data(as_text=True)
        token = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
        if token:
            body = body.replace(token, MARK)
        page = CachedPage(body, response.status_code,
                          tuple((k, v) for k, v in response.headers.items() if k.lower() not in SKIPPED_HEADERS))
        with self._lock:
            self._pages[key] = page
            if len(self._pages) > self.size:
                self._pages.popitem(last=False)
        return page

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


def cached_get(version: Callable[[], Hashable]) -> Callable:
    """Serve a GET view from the cache, keyed on its full URL, htmx fragment or page, and ``version()``."""
    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            cache: PageCache | None = current_app.extensions.get("page_cache")
            # Flashed messages belong to one visitor's next page: that page is rendered for them only.
            if cache is None or request.method != "GET" or "_flashes" in session:
                return view(*args, **kwargs)
            # The host, scheme and script root (/integration) are in the key: URLs in a page are built from
            # them, and a forged Host must not reach the next visitor.
            key = (request.endpoint, request.scheme, request.host, request.script_root, request.full_path,
                   wants_fragment(), version())
            page = cache.get(key)
            if page is None:
                response = current_app.make_response(view(*args, **kwargs))
                page = cache.put(key, response)
                if page is None:
                    return response
            return page.replay()
        return wrapper
    return decorator


def init_app(app: Flask) -> None:
    """Enable the cache unless the configuration turns it off (PAGE_CACHE = False)."""
    if app.config.get("PAGE_CACHE", True):
        app.extensions["page_cache"] = PageCache()
