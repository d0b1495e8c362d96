"""Text normalisation shared by the index and the queries (both backends see the same tokens).

Accents and case are removed, a few French stop words dropped, and plurals folded by a light
stemmer, so "Routes", "route" and "ROUTE" are one token and "écoles" matches "école".
"""
from __future__ import annotations

import re
import unicodedata

# Words too common to help a search; removed on both sides so "école de musique" ≈ "école musique".
STOP_WORDS = frozenset("""
a au aux avec ce ces d dans de des du elle en et il j je l la le les leur lui ma mais me mes mon
n ne nos notre nous on ou par pas pour qu que qui s sa se ses son sur ta te tes ton un une vos votre
vous y est sont
""".split())

_TOKEN_RE = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ``text`` and strip its diacritics ("Cœur É" → "coeur e")."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stem(token: str) -> str:
    """Fold a French plural onto its singular (light stemming, same on index and query side)."""
    if len(token) <= 3 or token.isdigit():
        return token
    if token.endswith("eaux") or token.endswith("eux"):
        return token[:-1]
    if token.endswith("aux") and len(token) > 4:
        return token[:-3] + "al"  # travaux → traval, locaux → local
    if token.endswith(("s", "x")) and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def tokens(text: str | None) -> list[str]:
    """The normalised tokens of ``text``, in order, without stop words."""
    if not text:
        return []
    return [stem(t) for t in _TOKEN_RE.findall(fold(text)) if t not in STOP_WORDS]


def normalize(text: str | None) -> str:
    """``text`` as a space-separated string of normalised tokens (what the index stores)."""
    return " ".join(tokens(text))
