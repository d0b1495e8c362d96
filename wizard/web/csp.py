"""The Content-Security-Policy: strict by default, widened only by configuration.

- ``CARTE_FOND_URL`` (a tile URL template for the map's optional base layer) adds its origin to
  ``img-src``; no tile server is contacted otherwise.
- ``INTEGRATION_ORIGINES`` (partner sites allowed to frame the ``/integration/`` views) become the
  ``frame-ancestors`` of those views only; every other page keeps ``frame-ancestors 'none'``.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

BASE = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:{img}; "
        "font-src 'self'; connect-src 'self'; frame-ancestors {ancetres}; form-action 'self'; "
        "base-uri 'self'; object-src 'none'")


def origine(url: str) -> str | None:
    """``https://tiles.example.fr`` from a URL or URL template; None when it is not an http(s) URL."""
    parts = urlsplit(url.replace("{s}", "a").replace("{", "").replace("}", ""))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.netloc.rsplit("@", 1)[-1]
    if "{s}" in url:  # Leaflet's sub-domain placeholder: allow the sibling sub-domains
        host = "*." + host.split(".", 1)[1] if "." in host else host
    return f"{parts.scheme}://{host}"


def origines(values: str | Iterable[str] | None) -> tuple[str, ...]:
    """Configured partner origins (a comma-separated string or a list), invalid ones dropped."""
    if not values:
        return ()
    items = values.split(",") if isinstance(values, str) else values
    return tuple(o for o in (origine(v.strip()) for v in items) if o)


def politique(config: Mapping[str, object], integration: bool = False) -> str:
    """The CSP of a response; ``integration`` for the framable /integration/ views."""
    fond = origine(str(config.get("CARTE_FOND_URL") or ""))
    partenaires = origines(config.get("INTEGRATION_ORIGINES")) if integration else ()  # type: ignore[arg-type]
    return BASE.format(img=f" {fond}" if fond else "", ancetres=" ".join(partenaires) or "'none'")
