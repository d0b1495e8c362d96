"""Direct requests ("Être recontacté"): what a maire sent to a structure, and what happened to it.

A request keeps what the sender typed and the answers of their parcours, for the partner to answer;
the sender reaches it again only through a private link whose token is stored hashed.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizard.db import Base
from wizard.models.structure import Structure
from wizard.models.suggestion import utcnow

#: Lifecycle of a request, in the order the sender sees it progress.
STATUTS = ("envoyee", "prise_en_charge", "repondue", "reorientee", "close")
STATUT_LABELS = {"envoyee": "Envoyée", "prise_en_charge": "Prise en charge", "repondue": "Répondue",
                 "reorientee": "Réorientée", "close": "Close"}


class Demande(Base):
    """One request for contact, addressed to one structure at a time (re-routing changes it)."""

    __tablename__ = "demande"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    structure_id: Mapped[int | None] = mapped_column(ForeignKey("structure.id", ondelete="SET NULL"), index=True)
    nom: Mapped[str] = mapped_column(String(200))
    fonction: Mapped[str] = mapped_column(String(200))
    commune: Mapped[str] = mapped_column(String(200))
    #: INSEE code of the commune (or EPCI SIREN) when it came from the parcours answers.
    territoire_code: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(200))
    telephone: Mapped[str | None] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(Text)
    #: The parcours answers as the sender saw them: [{"titre": ..., "valeurs": [...]}].
    reponses: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    permalien: Mapped[str | None] = mapped_column(String(4000))
    thematiques: Mapped[list[str]] = mapped_column(JSON, default=list)
    besoin: Mapped[str | None] = mapped_column(String(80))
    #: No specialist matched the answers (the shortlist held only the fallback contact).
    non_couvert: Mapped[bool] = mapped_column(Boolean, default=False)
    statut: Mapped[str] = mapped_column(String(20), default="envoyee", index=True)
    cree_le: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    #: Last action by a person (sending, taking charge, answer, re-routing, closing): reminders and purge.
    derniere_action_le: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    relancee_le: Mapped[dt.datetime | None] = mapped_column(DateTime)

    structure: Mapped[Structure | None] = relationship()
    evenements: Mapped[list[DemandeEvenement]] = relationship(
        back_populates="demande", cascade="all, delete-orphan", order_by="DemandeEvenement.id")

    @property
    def statut_label(self) -> str:
        return STATUT_LABELS.get(self.statut, self.statut)

    def __repr__(self) -> str:
        return f"<Demande {self.id} {self.statut}>"


class DemandeEvenement(Base):
    """One step of a request's history (sent, taken in charge, answered, re-routed, closed, reminded)."""

    __tablename__ = "demande_evenement"

    id: Mapped[int] = mapped_column(primary_key=True)
    demande_id: Mapped[int] = mapped_column(ForeignKey("demande.id", ondelete="CASCADE"), index=True)
    quand: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    #: envoi | prise_en_charge | reponse | reorientation | cloture | relance
    action: Mapped[str] = mapped_column(String(30))
    #: Account e-mail of the partner, or None for the sender / the system.
    auteur: Mapped[str | None] = mapped_column(String(200))
    texte: Mapped[str | None] = mapped_column(Text)
    #: Structure names at the time (a re-routing shows where it came from and went to).
    structure_avant: Mapped[str | None] = mapped_column(String(300))
    structure_apres: Mapped[str | None] = mapped_column(String(300))

    demande: Mapped[Demande] = relationship(back_populates="evenements")
