"""Moderation of the public suggestions: accept (applied to the fiche, with history) or reject."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from wizard.models import Suggestion
from wizard.models.suggestion import utcnow

#: Suggestion.champ → fiche field it can be applied to (structure scalar, or first contact's field).
STRUCTURE_FIELDS = ("nom", "sigle", "nature", "presentation", "site_web", "a_verifier")
CONTACT_FIELDS = ("telephone", "email", "adresse")


def pending(session: Session) -> list[Suggestion]:
    """Suggestions awaiting moderation, oldest first."""
    return list(session.scalars(select(Suggestion).where(Suggestion.statut == "en_attente")
                                .order_by(Suggestion.cree_le, Suggestion.id)))


def recent(session: Session, limit: int = 20) -> list[Suggestion]:
    """The last handled suggestions."""
    return list(session.scalars(select(Suggestion).where(Suggestion.statut != "en_attente")
                                .order_by(Suggestion.traitee_le.desc()).limit(limit)))


def applicable(suggestion: Suggestion) -> bool:
    """True when the proposed value maps onto a field of the fiche."""
    return bool(suggestion.valeur_proposee) and suggestion.champ in STRUCTURE_FIELDS + CONTACT_FIELDS


def proposed_fiche(fiche: dict[str, Any], suggestion: Suggestion, today: dt.date) -> dict[str, Any]:
    """The fiche with the suggestion applied, its source cited (data rule: every fact has a source)."""
    value = suggestion.valeur_proposee.strip()
    source = suggestion.source_proposee.strip() if suggestion.source_proposee else None
    fiche = {**fiche, "contacts": [dict(c) for c in fiche.get("contacts") or []],
             "sources": [dict(s) for s in fiche.get("sources") or []]}
    if suggestion.champ in STRUCTURE_FIELDS:
        fiche[suggestion.champ] = value
        if source and all(s.get("url") != source for s in fiche["sources"]):
            fiche["sources"].append({"url": source, "date": today.isoformat(),
                                     "appuie": f"suggestion n° {suggestion.id} ({suggestion.champ})"})
        return fiche
    if not fiche["contacts"]:
        fiche["contacts"].append({"libelle": "Contact", "telephone": None, "email": None, "adresse": None,
                                  "source": None, "a_verifier": None})
    contact = fiche["contacts"][0]
    contact[suggestion.champ] = value
    if source:
        contact["source"] = {"url": source, "date": today.isoformat()}
    return fiche


def mark(suggestion: Suggestion, statut: str, auteur: str, motif: str | None = None) -> None:
    """Close the suggestion as accepted or rejected."""
    suggestion.statut, suggestion.traitee_par, suggestion.traitee_le = statut, auteur, utcnow()
    suggestion.motif = motif
