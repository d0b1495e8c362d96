"""Public suggestions ("Signaler une erreur ou compléter cette fiche"), moderated before publication."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizard.db import Base
from wizard.models.structure import Structure

STATUTS = ("en_attente", "acceptee", "rejetee")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Suggestion(Base):
    """A correction proposed by a visitor; nothing is published until a curator accepts it."""

    __tablename__ = "suggestion"

    id: Mapped[int] = mapped_column(primary_key=True)
    structure_id: Mapped[int] = mapped_column(ForeignKey("structure.id", ondelete="CASCADE"), index=True)
    # Which part of the fiche it concerns (e.g. "telephone", "offres", "autre").
    champ: Mapped[str] = mapped_column(String(40), default="autre")
    message: Mapped[str] = mapped_column(Text)
    # Proposed new value, when the visitor gives one; the curator copies it by hand or accepts it.
    valeur_proposee: Mapped[str | None] = mapped_column(Text)
    source_proposee: Mapped[str | None] = mapped_column(String(1000))
    auteur_nom: Mapped[str | None] = mapped_column(String(200))
    auteur_email: Mapped[str | None] = mapped_column(String(200))
    cree_le: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    statut: Mapped[str] = mapped_column(String(20), default="en_attente", index=True)
    traitee_par: Mapped[str | None] = mapped_column(String(200))
    traitee_le: Mapped[dt.datetime | None] = mapped_column(DateTime)
    motif: Mapped[str | None] = mapped_column(Text)

    structure: Mapped[Structure] = relationship()

    def __repr__(self) -> str:
        return f"<Suggestion {self.id} {self.statut}>"
