"""Bar charts as plain geometry for an inline SVG (no JavaScript, no third party): the template draws them."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

LARGEUR = 560
#: Height of one row: a label line above its bar.
LIGNE = 48
BARRE = 18


@dataclass(frozen=True)
class Barre:
    libelle: str
    valeur: int
    y_texte: int
    y: int
    largeur: float


@dataclass(frozen=True)
class Graphique:
    """Horizontal bars, one per row, scaled on the largest value; ``hauteur`` is the viewBox height."""

    barres: tuple[Barre, ...]
    largeur: int
    hauteur: int


def barres(valeurs: Sequence[tuple[str, int]], largeur: int = LARGEUR) -> Graphique:
    """Geometry of the bars for ``(label, value)`` rows, in the given order; the value is written after the bar."""
    plus_grande = max((v for _, v in valeurs), default=0)
    # Room on the right for the number written after the longest bar.
    utile = largeur - 64
    out = []
    for i, (libelle, valeur) in enumerate(valeurs):
        top = i * LIGNE
        w = round(utile * valeur / plus_grande, 1) if plus_grande else 0.0
        out.append(Barre(libelle, valeur, top + 18, top + 24, w))
    return Graphique(tuple(out), largeur, max(len(out) * LIGNE, LIGNE))
