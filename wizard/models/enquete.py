"""The State services' survey of Mayenne communes (seed), as figures for the views."""
from __future__ import annotations

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from wizard.db import Base


class EnqueteConnaissance(Base):
    """Share of respondents who know a structure (in %), by panel."""

    __tablename__ = "enquete_connaissance"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    libelle: Mapped[str] = mapped_column(String(200))
    structure_slug: Mapped[str | None] = mapped_column(String(80))
    panel: Mapped[int | None] = mapped_column(Integer)
    communes_1000: Mapped[int | None] = mapped_column(Integer)
    maires: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)


class EnqueteBesoin(Base):
    """Share of respondents who need engineering on a thématique (in %), by panel."""

    __tablename__ = "enquete_besoin"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    libelle: Mapped[str] = mapped_column(String(200))
    thematique: Mapped[str] = mapped_column(String(80))
    panel: Mapped[int | None] = mapped_column(Integer)
    communes_1000: Mapped[int | None] = mapped_column(Integer)
    maires: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
