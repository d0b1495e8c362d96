"""French wording helpers shared by the recommender's reasons and the templates (pure Python)."""
from __future__ import annotations

from collections.abc import Sequence

_EPCI_PREFIXES = ("CC ", "CA ", "CU ", "Communauté", "Métropole")
_VOWELS = tuple("AEIOUYÂÉÈÊÎÔÛaeiouyâéèêîôû")
NBSP = "\u00a0"
_ESPACES = " \t\r\n"


def insecables_html(html: str) -> str:
    """« Guillemets » held to their words by no-break spaces (a line never starts with ») in the text of an
    HTML page, never inside a tag (an input's value, a link) nor in a textarea, a script or a style:
    what a form sends back must be what was typed. Tags are read as this site writes them (lower case).

    A page has a handful of guillemets: they are found with ``str.find``, a regular expression over the
    whole page would cost more than the page's rendering.
    """
    edits: list[tuple[int, int, str]] = []
    i = html.find("«")
    while i != -1:
        j = i + 1
        while j < len(html) and html[j] in _ESPACES:
            j += 1
        if j > i + 1:
            edits.append((i, j, "«" + NBSP))
        i = html.find("«", j)
    k = html.find("»")
    while k != -1:
        j = k
        while j > 0 and html[j - 1] in _ESPACES:
            j -= 1
        if j < k:
            edits.append((j, k + 1, NBSP + "»"))
        k = html.find("»", k + 1)
    if not edits:
        return html
    raw = _raw_text_spans(html)
    kept = sorted(e for e in edits if not _in_markup(html, e[0]) and not any(a < e[0] < b for a, b in raw))
    if not kept:
        return html
    parts: list[str] = []
    last = 0
    for start, end, text in kept:
        parts += [html[last:start], text]
        last = end
    return "".join(parts) + html[last:]


def _in_markup(html: str, position: int) -> bool:
    """Whether ``position`` lies inside a tag (an attribute's value)."""
    return html.rfind("<", 0, position) > html.rfind(">", 0, position)


def _raw_text_spans(html: str) -> list[tuple[int, int]]:
    """Where the textareas, scripts and styles of a page are (their text is taken as is)."""
    spans = []
    for name in ("textarea", "script", "style"):
        start = html.find(f"<{name}")
        while start != -1:
            end = html.find(f"</{name}", start)
            end = len(html) if end == -1 else end
            spans.append((start, end))
            start = html.find(f"<{name}", end)
    return spans


def de(nom: str) -> str:
    """French "de" before a place name: du Mans, des Ulis, d'Évron, de la Mayenne."""
    for article, contracted in (("Le ", "du "), ("le ", "du "), ("Les ", "des "), ("les ", "des ")):
        if nom.startswith(article):
            return contracted + nom[len(article):]
    if nom.startswith(("La ", "la ", "L'", "l'")):
        return "de " + nom
    return ("d'" if nom.startswith(_VOWELS) else "de ") + nom


def a(nom: str) -> str:
    """French "à" before a place name: au Bourgneuf-la-Forêt, aux Rairies, à La Baconnière, à Laval."""
    for article, contracted in (("Le ", "au "), ("Les ", "aux ")):
        if nom.startswith(article):
            return contracted + nom[len(article):]
    return "à " + nom


def epci_article(nom: str) -> str:
    """An EPCI name with its article: "la CC des Coëvrons"."""
    return "la " + nom if nom.startswith(_EPCI_PREFIXES) else nom


def joined(items: Sequence[str]) -> str:
    """"a", "a et b", "a, b et c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]


def lower_first(label: str) -> str:
    """Lowercase the first letter unless the word is an acronym."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def thousands(n: int) -> str:
    """1000 → "1 000" with a non-breaking space."""
    return f"{n:,}".replace(",", NBSP)


MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre")


def date_fr(value: str | None) -> str:
    """A date as published, in words: "2026-12-31" → "31 décembre 2026", "2026-03" → "mars 2026"."""
    if not value:
        return ""
    parts = str(value).split("-")
    try:
        if len(parts) == 3:
            day = int(parts[2])
            return f"{'1er' if day == 1 else day} {MOIS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MOIS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return str(value)
    return parts[0]
