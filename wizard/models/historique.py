"""History of the structures' fiches: who changed what, when, with full snapshots to restore."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from wizard.db import Base
from wizard.models.suggestion import utcnow

ACTIONS = {"modification": "Modification", "restauration": "Restauration d'une version",
           "suggestion": "Suggestion acceptée", "chargement": "Chargement des données de référence",
           "creation": "Création de la fiche"}


class Revision(Base):
    """One saved change of a structure's fiche (the structure and its contacts, offers, sources)."""

    __tablename__ = "revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    structure_id: Mapped[int] = mapped_column(ForeignKey("structure.id", ondelete="CASCADE"), index=True)
    # The author's e-mail as text: the history must survive the account's deletion.
    auteur: Mapped[str] = mapped_column(String(200))
    cree_le: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    action: Mapped[str] = mapped_column(String(20), default="modification")
    # [{"champ": "contacts[1].telephone", "libelle": "…", "avant": …, "apres": …}, …]
    changements: Mapped[list[dict]] = mapped_column(JSON, default=list)
    # Full fiche before and after the change (data-file shape), so any version can be restored.
    avant: Mapped[dict] = mapped_column(JSON)
    apres: Mapped[dict] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer)

    def __repr__(self) -> str:
        return f"<Revision {self.id} structure={self.structure_id} v{self.version}>"
