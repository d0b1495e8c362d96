"""Programmes (dispositifs) over time: PVD, Villages d'avenir, Fonds vert…"""
from __future__ import annotations

from sqlalchemy import JSON, Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from wizard.db import Base


class Dispositif(Base):
    """A national, European or local programme: what it funds or offers, for whom, from when to when."""

    __tablename__ = "dispositif"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    nom: Mapped[str] = mapped_column(String(300))
    porteur: Mapped[str | None] = mapped_column(Text)
    type: Mapped[str | None] = mapped_column(String(40))
    #: It brings money to the collectivité (shown under "Financements mobilisables").
    financement: Mapped[bool] = mapped_column(Boolean, default=False)
    # Dates stay as published ("2026", "2020-10-01"): a year alone must not become 1 January.
    debut: Mapped[str | None] = mapped_column(String(10))
    fin: Mapped[str | None] = mapped_column(String(10))
    fin_statut: Mapped[str | None] = mapped_column(Text)
    successeur: Mapped[str | None] = mapped_column(String(80))
    description: Mapped[str | None] = mapped_column(Text)
    declinaison_locale: Mapped[str | None] = mapped_column(Text)
    # Short lists only read as a whole (a few dozen programmes): JSON is enough here.
    thematiques: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Types of help it answers, when it is about one (training rights: formation); [] = any.
    besoins: Mapped[list[str]] = mapped_column(JSON, default=list)
    structures: Mapped[list[str]] = mapped_column(JSON, default=list)
    communes: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: [{date, libelle, source}] milestones (calls, deadlines).
    prochaines_echeances: Mapped[list[dict]] = mapped_column(JSON, default=list)
    #: {types_collectivite, population_max, population_sous_condition, epci_population_max,
    #:  communes_listees, texte} — applied, not only printed.
    eligibilite: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Sources in the data-file shape (cle, titre, editeur, url, date, consulte_le, copie_consultee).
    sources: Mapped[list[dict]] = mapped_column(JSON, default=list)
    faits_sources: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Research notes ({confiance, a_verifier, pistes}). Never public.
    interne: Mapped[dict] = mapped_column(JSON, default=dict)

    def __repr__(self) -> str:
        return f"<Dispositif {self.slug}>"
