"""Data completeness of a structure's fiche: a 0–100 score and what is missing, in French.

Pure function of the loaded structure (no session): the public fiche shows it, the
back-office dashboard reuses it to list the fiches to complete first.
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
    return lambda s: 1.0 if any(getattr(c, field) for c in s.contacts) else 0.0


def _has_offres(s: Structure) -> float:
    return 1.0 if any(o.description.strip() for o in s.offres) else (0.5 if s.offres else 0.0)


def _couts_connus(s: Structure) -> float:
    return 1.0 if s.offres and all(o.cout != "inconnu" for o in s.offres) else 0.0


def _sourcee(s: Structure) -> float:
    return 1.0 if s.sources or any(o.sources for o in s.offres) else 0.0


#: (weight, missing-item label, check returning 0..1). Weights add up to 100.
CRITERES: tuple[tuple[int, str, Callable[[Structure], float]], ...] = (
    (20, "un numéro de téléphone", _any_contact("telephone")),
    (15, "une adresse électronique", _any_contact("email")),
    (5, "une adresse postale", _any_contact("adresse")),
    (10, "le site internet", lambda s: 1.0 if s.site_web else 0.0),
    (15, "la description des offres", _has_offres),
    (5, "le coût de chaque offre", _couts_connus),
    (15, "des sources publiques", _sourcee),
)
POIDS_FRAICHEUR = 15


def _fraicheur(verifie_le: dt.date | None, today: dt.date) -> float:
    if verifie_le is None:
        return 0.0
    age = (today - verifie_le).days
    return 1.0 if age <= FRAICHEUR_JOURS else 0.5 if age <= 2 * FRAICHEUR_JOURS else 0.0


def completude(structure: Structure, today: dt.date | None = None) -> Completude:
    """Score the fiche of ``structure`` (contacts, offers, sources, freshness of its verification)."""
    today = today or dt.date.today()
    score = 0.0
    manques: list[str] = []
    for weight, label, check in CRITERES:
        value = check(structure)
        score += weight * value
        if value < 1.0:
            manques.append(label)
    fresh = _fraicheur(structure.verifie_le, today)
    score += POIDS_FRAICHEUR * fresh
    if fresh < 1.0:
        manques.append(f"une vérification de moins de {FRAICHEUR_JOURS // 365} an")
    return Completude(score=round(score), manques=manques)
