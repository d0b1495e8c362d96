"""Moderation of the public suggestions: accept (applied to the fiche, with history) or reject."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from wizard.models import Suggestion
from wizard.models.suggestion import utcnow

#: Suggestion.champ → fiche field it can be applied to (structure scalar, or first contact's field).
STRUCTURE_FIELDS = ("nom", "sigle", "nature", "presentation", "site_web")
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
    """The fiche with the suggestion applied, its source cited (data rule: every fact has a source).

    The proposed source becomes a source of the fiche, consulted today; the moderator checks it is
    official before accepting (the loader's policy refuses mirrors, dumps and press).
    """
    value = suggestion.valeur_proposee.strip()
    fiche = {**fiche, "contacts": [dict(c) for c in fiche.get("contacts") or []],
             "sources": [dict(s) for s in fiche.get("sources") or []],
             "faits_sources": list(fiche.get("faits_sources") or [])}
    source_id = None
    if suggestion.source_proposee:
        url = suggestion.source_proposee.strip()
        known = next((s for s in fiche["sources"] if s.get("url") == url), None)
        if known is None:
            known = {"id": f"suggestion-{suggestion.id}", "titre": f"Source proposée (suggestion n° {suggestion.id})",
                     "editeur": None, "url": url, "date": None, "consulte_le": today.isoformat(),
                     "copie_consultee": None}
            fiche["sources"].append(known)
        source_id = known["id"]
    if suggestion.champ in STRUCTURE_FIELDS:
        fiche[suggestion.champ] = value
        if source_id and source_id not in fiche["faits_sources"]:
            fiche["faits_sources"].append(source_id)
        return fiche
    if not fiche["contacts"]:
        fiche["contacts"].append({"libelle": "Contact", "telephone": None, "email": None, "formulaire": None,
                                  "page_contact": None, "adresse": None, "source": None})
    contact = fiche["contacts"][0]
    contact[suggestion.champ] = value
    # The contact's earlier source never stated the new value: without a source of its own, the
    # data rules refuse the change and the moderator completes the fiche by hand.
    contact["source"] = source_id
    return fiche


def mark(suggestion: Suggestion, statut: str, auteur: str, motif: str | None = None) -> None:
    """Close the suggestion as accepted or rejected."""
    suggestion.statut, suggestion.traitee_par, suggestion.traitee_le = statut, auteur, utcnow()
    suggestion.motif = motif
