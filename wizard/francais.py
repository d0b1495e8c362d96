"""French wording helpers shared by the recommender's reasons and the templates (pure Python)."""
from __future__ import annotations

import re
from collections.abc import Sequence

_EPCI_PREFIXES = ("CC ", "CA ", "CU ", "Communauté", "Métropole")
_VOWELS = tuple("AEIOUYÂÉÈÊÎÔÛaeiouyâéèêîôû")
NBSP = "\u00a0"
_GUILLEMETS = re.compile(r"«[ \t\n]+|[ \t\n]+»")


def insecables(text: str) -> str:
    """« Guillemets » held to their words by non-breaking spaces, so that a line never starts with »."""
    if "«" not in text and "»" not in text:
        return text
    return _GUILLEMETS.sub(lambda m: "«" + NBSP if m.group(0)[0] == "«" else NBSP + "»", text)


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
