"""Data completeness of a structure's fiche: a 0–100 score and what is missing, in French.

Pure function of the loaded structure (no session): the back-office dashboard uses it to list
the fiches to complete first (partners' to-do list; the public fiche does not show it).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from wizard.models import Structure

#: A fiche verified less than this many days ago counts as fresh; up to twice as long, half.
FRAICHEUR_JOURS = 365


@dataclass(frozen=True)
class Completude:
    """Score out of 100 and the missing items (French, for display)."""

    score: int
    manques: list[str]

    @property
    def niveau(self) -> str:
        """"complete", "partielle" or "faible" (for a badge colour)."""
        if self.score >= 80:
            return "complete"
        return "partielle" if self.score >= 50 else "faible"

    @property
    def libelle(self) -> str:
        labels = {"complete": "Fiche complète", "partielle": "Fiche partielle", "faible": "Fiche à compléter"}
        return labels[self.niveau]


def _any_contact(field: str) -> Callable[[Structure], float]:
    return lambda s: 1.0 if any(getattr(c, field) for c in s.contacts_publics) else 0.0


def _joignable(s: Structure) -> float:
    return 1.0 if any(c.joignable for c in s.contacts_publics) else 0.0


def _has_offres(s: Structure) -> float:
    return 1.0 if any(o.description.strip() for o in s.offres) else (0.5 if s.offres else 0.0)


def _couts_connus(s: Structure) -> float:
    return 1.0 if s.offres and all(o.cout != "inconnu" for o in s.offres) else 0.0


def _sourcee(s: Structure) -> float:
    return 1.0 if s.faits_sources and all(o.source_cles for o in s.offres) else 0.0


#: (weight, missing-item label, check returning 0..1). Weights add up to 100 with freshness.
CRITERES: tuple[tuple[int, str, Callable[[Structure], float]], ...] = (
    (30, "un moyen de la joindre vérifié (téléphone, courriel, formulaire ou page contact)", _joignable),
    (10, "un numéro de téléphone", _any_contact("telephone")),
    (10, "une adresse électronique", _any_contact("email")),
    (10, "le site officiel", lambda s: 1.0 if s.site_web else 0.0),
    (15, "la description des offres", _has_offres),
    (5, "le coût de chaque offre", _couts_connus),
    (10, "des sources officielles pour chaque fait", _sourcee),
)
POIDS_FRAICHEUR = 10


def _fraicheur(mise_a_jour: str | None, today: dt.date) -> float:
    """1 when the newest source is less than FRAICHEUR_JOURS old, ½ up to twice that, else 0."""
    if not mise_a_jour:
        return 0.0
    year = int(mise_a_jour[:4])
    month = int(mise_a_jour[5:7]) if len(mise_a_jour) >= 7 else 12
    age = (today - dt.date(year, month, 1)).days
    return 1.0 if age <= FRAICHEUR_JOURS else 0.5 if age <= 2 * FRAICHEUR_JOURS else 0.0


def completude(structure: Structure, today: dt.date | None = None) -> Completude:
    """Score the fiche of ``structure`` (channels, offers, sources, age of its newest source)."""
    today = today or dt.date.today()
    score = 0.0
    manques: list[str] = []
    for weight, label, check in CRITERES:
        value = check(structure)
        score += weight * value
        if value < 1.0:
            manques.append(label)
    fresh = _fraicheur(structure.mise_a_jour, today)
    score += POIDS_FRAICHEUR * fresh
    if fresh < 1.0:
        manques.append(f"une source de moins de {FRAICHEUR_JOURS // 365} an")
    return Completude(score=round(score), manques=manques)
