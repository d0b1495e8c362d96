"""Steering figures kept as aggregates only: counts per day, and anonymous answers to "did it help?"."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from wizard.db import Base


class Compteur(Base):
    """How many times something happened on a day: no visitor, no IP, no answer tied to a person."""

    __tablename__ = "pilotage_compteur"
    __table_args__ = (UniqueConstraint("jour", "mesure", "cle", name="uq_pilotage_compteur_jour_mesure_cle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    jour: Mapped[dt.date] = mapped_column(Date)
    #: etape (cle = step id) | resultats | thematique | besoin | non_couvert (cle = thematique|besoin)
    mesure: Mapped[str] = mapped_column(String(30))
    cle: Mapped[str] = mapped_column(String(200), default="")
    n: Mapped[int] = mapped_column(Integer, default=0)


class Avis(Base):
    """One anonymous answer to "Cette liste vous aide-t-elle ?" (day only, no visitor data)."""

    __tablename__ = "avis"

    id: Mapped[int] = mapped_column(primary_key=True)
    jour: Mapped[dt.date] = mapped_column(Date, index=True)
    #: oui | non | en_partie
    reponse: Mapped[str] = mapped_column(String(20))
    commentaire: Mapped[str | None] = mapped_column(Text)
    thematiques: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Slugs of the structures the list showed.
    structures: Mapped[list[str]] = mapped_column(JSON, default=list)
