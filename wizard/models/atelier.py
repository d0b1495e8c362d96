"""Workshop sessions (ateliers): the session, its participants and their anonymous answers.

Personal data is minimal on purpose: an optional first name, a commune and a role, visible to the
animator only; answers point to a participant number, never to an account.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizard.db import Base

#: Session states: only an open session takes answers.
ETATS = ("ouvert", "pause", "clos")


class Atelier(Base):
    """A workshop session, found by its public join code; managed through a secret link (hash kept)."""

    __tablename__ = "atelier"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(6), unique=True)
    titre: Mapped[str] = mapped_column(String(200))
    date: Mapped[dt.date] = mapped_column(Date)
    #: "departement", "epci" or "communes"; the codes are INSEE/SIREN codes.
    territoire_type: Mapped[str] = mapped_column(String(20), default="departement")
    territoire_codes: Mapped[list] = mapped_column(JSON, default=list)
    #: Activity slugs switched on ("besoins", "structures", "idees").
    activites: Mapped[list] = mapped_column(JSON, default=list)
    #: The animator's open questions for the "Idées" activity, in order.
    questions: Mapped[list] = mapped_column(JSON, default=list)
    etat: Mapped[str] = mapped_column(String(10), default="ouvert")
    #: SHA-256 of the secret management token: the token itself is shown once and never stored.
    secret_hash: Mapped[str] = mapped_column(String(64))
    cree_le: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    #: A partner account that created it while logged in manages it without the secret link too.
    proprietaire_id: Mapped[int | None] = mapped_column(ForeignKey("utilisateur.id", ondelete="SET NULL"))

    participants: Mapped[list[AtelierParticipant]] = relationship(
        back_populates="atelier", cascade="all, delete-orphan", passive_deletes=True)

    def __repr__(self) -> str:
        return f"<Atelier {self.code} {self.etat}>"

    @property
    def ouvert(self) -> bool:
        """Whether the session takes new participants and answers."""
        return self.etat == "ouvert"


class AtelierParticipant(Base):
    """Someone who joined with the code; ``jeton`` (random) is what their browser keeps."""

    __tablename__ = "atelier_participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    atelier_id: Mapped[int] = mapped_column(ForeignKey("atelier.id", ondelete="CASCADE"), index=True)
    jeton: Mapped[str] = mapped_column(String(64), unique=True)
    prenom: Mapped[str | None] = mapped_column(String(60))
    commune: Mapped[str | None] = mapped_column(String(5))
    role: Mapped[str | None] = mapped_column(String(10))
    cree_le: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    atelier: Mapped[Atelier] = relationship(back_populates="participants")

    def __repr__(self) -> str:
        return f"<AtelierParticipant {self.atelier_id}/{self.id}>"


class AtelierParcours(Base):
    """A finished parcours: the request's facets and what the recommender answered (anonymous)."""

    __tablename__ = "atelier_parcours"
    __table_args__ = (UniqueConstraint("participant_id", "empreinte", name="uq_atelier_parcours_participant"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    atelier_id: Mapped[int] = mapped_column(ForeignKey("atelier.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("atelier_participant.id", ondelete="CASCADE"))
    #: SHA-256 of the canonical answers: the same parcours reloaded is recorded once.
    empreinte: Mapped[str] = mapped_column(String(64))
    thematiques: Mapped[list] = mapped_column(JSON, default=list)
    besoin: Mapped[str | None] = mapped_column(String(40))
    stade: Mapped[str | None] = mapped_column(String(40))
    type_collectivite: Mapped[str | None] = mapped_column(String(40))
    commune: Mapped[str | None] = mapped_column(String(5))
    #: Slugs of the structures to call (the fallback offered apart is not among them).
    structures: Mapped[list] = mapped_column(JSON, default=list)
    #: No specialist of the subject matched: only orientation, recourse or the fallback answered.
    non_couvert: Mapped[bool] = mapped_column(Boolean, default=False)
    cree_le: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class AtelierConnaissance(Base):
    """One structure a participant says they know (the survey's question)."""

    __tablename__ = "atelier_connaissance"
    __table_args__ = (UniqueConstraint("participant_id", "structure_slug", name="uq_atelier_connaissance_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    atelier_id: Mapped[int] = mapped_column(ForeignKey("atelier.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("atelier_participant.id", ondelete="CASCADE"))
    structure_slug: Mapped[str] = mapped_column(String(80))


class AtelierReponseStructures(Base):
    """That a participant answered "Les structures que je connais" (possibly ticking none): the base
    of the knowledge percentages."""

    __tablename__ = "atelier_reponse_structures"
    __table_args__ = (UniqueConstraint("participant_id", name="uq_atelier_reponse_structures_participant"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    atelier_id: Mapped[int] = mapped_column(ForeignKey("atelier.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("atelier_participant.id", ondelete="CASCADE"))
    repondu_le: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


#: Moderation states of an idea: shown on the dashboard only once approved.
MODERATIONS = ("en_attente", "approuvee", "refusee")


class AtelierIdee(Base):
    """A short free-text answer to one of the animator's questions, moderated before it shows."""

    __tablename__ = "atelier_idee"
    __table_args__ = (UniqueConstraint("participant_id", "question", "empreinte", name="uq_atelier_idee_texte"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    atelier_id: Mapped[int] = mapped_column(ForeignKey("atelier.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("atelier_participant.id", ondelete="CASCADE"))
    question: Mapped[int] = mapped_column(Integer)
    texte: Mapped[str] = mapped_column(Text)
    #: SHA-256 of the normalised text: the same idea sent twice is stored once.
    empreinte: Mapped[str] = mapped_column(String(64))
    moderation: Mapped[str] = mapped_column(String(12), default="en_attente")
    cree_le: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
