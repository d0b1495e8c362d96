"""Territories from the official geographic code: communes and EPCI."""
from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizard.db import Base


class Epci(Base):
    """An intercommunalité (EPCI à fiscalité propre), identified by its SIREN."""

    __tablename__ = "epci"

    code: Mapped[str] = mapped_column(String(9), primary_key=True)
    nom: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(20))
    communes: Mapped[list[Commune]] = relationship(back_populates="epci", order_by="Commune.nom")

    def __repr__(self) -> str:
        return f"<Epci {self.code} {self.nom}>"


class Commune(Base):
    """A current commune (INSEE code), its population and EPCI."""

    __tablename__ = "commune"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    nom: Mapped[str] = mapped_column(String(200))
    # Comma-separated: a handful of values, only ever displayed or searched.
    codes_postaux: Mapped[str] = mapped_column(String(200), default="")
    population: Mapped[int | None] = mapped_column(Integer)
    departement: Mapped[str] = mapped_column(String(3), index=True)
    epci_code: Mapped[str | None] = mapped_column(ForeignKey("epci.code"), index=True)
    epci: Mapped[Epci | None] = relationship(back_populates="communes")

    @property
    def postcodes(self) -> list[str]:
        return [c for c in self.codes_postaux.split(",") if c]

    def __repr__(self) -> str:
        return f"<Commune {self.code} {self.nom}>"
