"""Programmes (dispositifs) over time: PVD, Villages d'avenir, Fonds vert…"""
from __future__ import annotations

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from wizard.db import Base


class Dispositif(Base):
    """A national, European or local programme useful to small communes' engineering."""

    __tablename__ = "dispositif"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    nom: Mapped[str] = mapped_column(String(300))
    porteur: Mapped[str | None] = mapped_column(Text)
    type: Mapped[str | None] = mapped_column(String(40))
    public_cible: Mapped[str | None] = mapped_column(Text)
    # Dates stay as published ("2026", "2020-10-01"): a year alone must not become 1 January.
    debut: Mapped[str | None] = mapped_column(String(10))
    fin: Mapped[str | None] = mapped_column(String(10))
    fin_statut: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    declinaison_mayenne: Mapped[str | None] = mapped_column(Text)
    confiance: Mapped[str | None] = mapped_column(String(10))
    # Short lists only read as a whole (a dozen programmes): JSON is enough here.
    thematiques: Mapped[list[str]] = mapped_column(JSON, default=list)
    structures: Mapped[list[str]] = mapped_column(JSON, default=list)
    communes: Mapped[list[str]] = mapped_column(JSON, default=list)
    sources: Mapped[list[dict]] = mapped_column(JSON, default=list)

    def __repr__(self) -> str:
        return f"<Dispositif {self.slug}>"
