"""The one French text normaliser: folding, words, stop words, light stemming.

Pure Python. The parcours lexicon, the annuaire search and the commune search all see text
through these functions, so that a word typed in the wizard and the same word typed in the
annuaire become the same token ("Écoles" → "ecole").
"""
from __future__ import annotations

import re
import unicodedata

#: Words too common to help matching; removed on both sides so "salle des fêtes" ≈ "salle fête".
STOP_WORDS = frozenset({
    "a", "au", "aux", "avec", "ce", "ces", "cet", "cette", "d", "dans", "de", "des", "du", "elle",
    "en", "est", "et", "il", "j", "je", "l", "la", "le", "les", "leur", "leurs", "lui", "ma", "mais",
    "me", "mes", "mon", "n", "ne", "nos", "notre", "nous", "on", "ou", "par", "pas", "pour", "qu",
    "que", "qui", "s", "sa", "se", "ses", "son", "sont", "sur", "ta", "te", "tes", "ton", "un", "une",
    "vos", "votre", "vous", "y"
})

_WORD_RE = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower case without diacritics, ligatures expanded ("Cœur É" → "coeur e")."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str | None) -> list[str]:
    """The folded alphanumeric words of ``text``, in order (hyphens and apostrophes split)."""
    return _WORD_RE.findall(fold(text)) if text else []


def stem(word: str) -> str:
    """Fold a French plural onto its singular (light stemming, identical on both sides)."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith(("eaux", "eux")):
        return word[:-1]
    if word.endswith("aux") and len(word) > 4:
        return word[:-3] + "al"  # travaux → traval, locaux → local
    if word.endswith(("s", "x")) and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str | None) -> list[str]:
    """The stems of ``text``, in order, without stop words."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS]


def normalize(text: str | None) -> str:
    """``text`` as a space-separated string of tokens (what the search index stores)."""
    return " ".join(tokens(text))
