"""Whether a shortlist found a specialist: the one definition of a "besoin non couvert"."""
from __future__ import annotations

from collections.abc import Iterable

from wizard.recommender import Recommendation


def non_couvert(recommandations: Iterable[Recommendation]) -> bool:
    """True when no structure matched the subject: the list holds only the fallback contact (or nothing)."""
    return all(r.repli for r in recommandations)


def cles_non_couvertes(thematiques: Iterable[str], besoin: str | None) -> list[str]:
    """Grouping keys of an uncovered need: one per thématique asked, with the type of help ("t|b")."""
    return [f"{t}|{besoin or ''}" for t in sorted(set(thematiques)) or [""]]
