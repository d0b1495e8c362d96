"""E-mail subscriptions without an account, the news they receive, and the state the news is computed from."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from wizard.db import Base
from wizard.models.suggestion import utcnow


class Abonnement(Base):
    """One address following a territory and thématiques; active once its owner confirmed it."""

    __tablename__ = "abonnement"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    #: INSEE code of a commune, SIREN of an EPCI, or "" for the whole département.
    territoire: Mapped[str] = mapped_column(String(9), default="")
    #: Thématique slugs followed; empty: every subject.
    thematiques: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Secret of the confirmation and unsubscribe links (the only key to the subscription).
    jeton: Mapped[str] = mapped_column(String(64), unique=True)
    cree_le: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    confirme_le: Mapped[dt.datetime | None] = mapped_column(DateTime)
    #: Last news item already sent to this address (news are numbered in order).
    derniere_actualite: Mapped[int] = mapped_column(Integer, default=0)

    def __repr__(self) -> str:
        return f"<Abonnement {self.id} {'confirmé' if self.confirme_le else 'en attente'}>"


class Actualite(Base):
    """Something new for the collectivités: a programme added, changed or closing soon, a new structure or offer."""

    __tablename__ = "actualite"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: nouveau-dispositif | dispositif-modifie | cloture-proche | nouvelle-structure | nouvelle-offre
    kind: Mapped[str] = mapped_column(String(30))
    #: What it is about: a programme slug, a structure slug, or "structure/offre".
    cle: Mapped[str] = mapped_column(String(170), index=True)
    titre: Mapped[str] = mapped_column(String(400))
    texte: Mapped[str] = mapped_column(Text, default="")
    #: Path of the page to read more (on this site).
    chemin: Mapped[str] = mapped_column(String(300))
    thematiques: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Territory codes it concerns (département, EPCI, communes); empty: the whole département.
    territoires: Mapped[list[str]] = mapped_column(JSON, default=list)
    cree_le: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)


class EtatSuivi(Base):
    """Fingerprint of a programme, structure or offer at the last news run, to tell new and changed apart."""

    __tablename__ = "etat_suivi"

    cle: Mapped[str] = mapped_column(String(180), primary_key=True)  # "dispositif:pvd", "offre:caue-53/x"
    empreinte: Mapped[str] = mapped_column(String(64))
