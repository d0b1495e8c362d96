"""Public suggestions on a fiche: stored for review, never published directly."""
from __future__ import annotations

from sqlalchemy.orm import Session

from wizard.models import Structure, Suggestion


def proposer(session: Session, structure: Structure, *, champ: str, message: str,
             valeur_proposee: str | None = None, source_proposee: str | None = None,
             auteur_nom: str | None = None, auteur_email: str | None = None) -> Suggestion:
    """Record a visitor's correction as ``en_attente`` (a curator accepts or rejects it); caller commits."""
    suggestion = Suggestion(
        structure_id=structure.id, champ=champ, message=message.strip(),
        valeur_proposee=(valeur_proposee or "").strip() or None,
        source_proposee=(source_proposee or "").strip() or None,
        auteur_nom=(auteur_nom or "").strip() or None,
        auteur_email=(auteur_email or "").strip() or None,
        statut="en_attente")
    session.add(suggestion)
    return suggestion
