"""Outgoing e-mail kept in the database until the SMTP server accepted it (outbox)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from wizard.db import Base
from wizard.models.suggestion import utcnow


class Courriel(Base):
    """One message to send; written in the same transaction as what it tells about."""

    __tablename__ = "courriel"

    id: Mapped[int] = mapped_column(primary_key=True)
    destinataires: Mapped[list[str]] = mapped_column(JSON, default=list)
    sujet: Mapped[str] = mapped_column(String(300))
    corps: Mapped[str] = mapped_column(Text)
    #: The request it belongs to, if any (purged with it).
    demande_id: Mapped[int | None] = mapped_column(ForeignKey("demande.id", ondelete="CASCADE"), index=True)
    cree_le: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    essais: Mapped[int] = mapped_column(Integer, default=0)
    dernier_essai_le: Mapped[dt.datetime | None] = mapped_column(DateTime)
    derniere_erreur: Mapped[str | None] = mapped_column(Text)
    envoye_le: Mapped[dt.datetime | None] = mapped_column(DateTime, index=True)
