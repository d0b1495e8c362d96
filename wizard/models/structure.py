"""Structures of engineering support, their contacts, offers and sources.

Public facts and internal research notes are kept apart: ``interne`` (JSON) holds what partners
see in the back-office as their to-do list (confidence, what to check, leads) and is never
published. Every public fact names the sources (by their key) it rests on.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizard.db import Base


class Structure(Base):
    """An actor of territorial engineering (CAUE, DDT, an EPCI…)."""

    __tablename__ = "structure"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    nom: Mapped[str] = mapped_column(String(300))
    sigle: Mapped[str | None] = mapped_column(String(80))
    categorie: Mapped[str] = mapped_column(String(40))
    #: proximite | departemental | regional | national (data/taxonomie.yaml, "niveaux").
    niveau: Mapped[str] = mapped_column(String(20), default="departemental")
    nature: Mapped[str | None] = mapped_column(Text)
    presentation: Mapped[str] = mapped_column(Text, default="")
    site_web: Mapped[str | None] = mapped_column(String(500))
    siege_commune: Mapped[str | None] = mapped_column(ForeignKey("commune.code"))
    #: Keys of the sources behind nom, nature, presentation and site_web.
    faits_sources: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Former slugs that still resolve to this structure (merged duplicates).
    anciens_slugs: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Research notes for partners: {confiance, a_verifier, pistes}. Never public.
    interne: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: Fingerprint of the fiche as the last data load wrote it: a differing fiche was edited since.
    empreinte_chargee: Mapped[str | None] = mapped_column(String(64))
    # Optimistic locking: a concurrent save of a stale version fails instead of overwriting.
    version: Mapped[int] = mapped_column(Integer, default=1)

    contacts: Mapped[list[Contact]] = relationship(
        back_populates="structure", cascade="all, delete-orphan", order_by="Contact.position")
    offres: Mapped[list[Offre]] = relationship(
        back_populates="structure", cascade="all, delete-orphan", order_by="Offre.position")
    sources: Mapped[list[Source]] = relationship(
        back_populates="structure", cascade="all, delete-orphan", order_by="Source.position")

    __mapper_args__ = {"version_id_col": version}

    def source(self, cle: str | None) -> Source | None:
        """The source with this key, if the fiche declares it."""
        return next((s for s in self.sources if s.cle == cle), None)

    def sources_de(self, cles: list[str] | None) -> list[Source]:
        """The declared sources with these keys, in the given order."""
        return [s for c in cles or () if (s := self.source(c)) is not None]

    @property
    def contacts_publics(self) -> list[Contact]:
        """The contacts that cite a declared source: the only ones published (a channel carried over
        from an older base without its source stays in the back-office until someone sources it)."""
        return [c for c in self.contacts if self.source(c.source_cle) is not None]

    @property
    def mise_a_jour(self) -> str | None:
        """The most recent date among the fiche's sources (their own dates, else when consulted)."""
        dates = [s.date for s in self.sources if s.date] or [s.consulte_le for s in self.sources if s.consulte_le]
        return max(dates, key=_sortable) if dates else None

    def __repr__(self) -> str:
        return f"<Structure {self.slug}>"


def _sortable(date: str) -> str:
    """"2025" sorts after "2025-03-01": a year alone stands for its end."""
    return date if len(date) == 10 else date + "-99"


class Contact(Base):
    """A way to reach a structure (phone, e-mail, contact form or page, address), with its source."""

    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    structure_id: Mapped[int] = mapped_column(ForeignKey("structure.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    libelle: Mapped[str] = mapped_column(String(200))
    telephone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    formulaire: Mapped[str | None] = mapped_column(String(1000))
    page_contact: Mapped[str | None] = mapped_column(String(1000))
    adresse: Mapped[str | None] = mapped_column(Text)
    source_cle: Mapped[str | None] = mapped_column(String(80))
    structure: Mapped[Structure] = relationship(back_populates="contacts")

    @property
    def joignable(self) -> bool:
        """A channel a maire can act on: phone, e-mail, contact form or contact page."""
        return bool(self.telephone or self.email or self.formulaire or self.page_contact)


class Offre(Base):
    """What a structure offers to collectivités: for which themes, needs, stages, audiences, territory."""

    __tablename__ = "offre"
    __table_args__ = (UniqueConstraint("structure_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    structure_id: Mapped[int] = mapped_column(ForeignKey("structure.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    slug: Mapped[str] = mapped_column(String(80))
    titre: Mapped[str] = mapped_column(String(300))
    #: specialiste | financement | orientation | recours | formation | reseau ("roles").
    role: Mapped[str] = mapped_column(String(20), default="specialiste")
    description: Mapped[str] = mapped_column(Text, default="")
    population_max: Mapped[int | None] = mapped_column(Integer)
    population_min: Mapped[int | None] = mapped_column(Integer)
    #: The EPCI holds this competence (sourced by law or statuts).
    competence: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Words narrowing the offer within its thématiques (éclairage public within voirie).
    mots_cles: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: {dispositif: slug of a programme whose labelled communes only are served, texte: rule in words}.
    eligibilite: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: For a training offer: {format, frequence, inscription, financement}.
    formation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    cout: Mapped[str] = mapped_column(String(20), default="inconnu")
    conditions: Mapped[str | None] = mapped_column(Text)
    ne_fait_pas: Mapped[str | None] = mapped_column(Text)
    a_preparer: Mapped[str | None] = mapped_column(Text)
    #: Keys of the structure's sources this offer rests on.
    source_cles: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Research notes on this offer ({certitude}). Never public.
    interne: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    structure: Mapped[Structure] = relationship(back_populates="offres")
    tags: Mapped[list[OffreTag]] = relationship(
        back_populates="offre", cascade="all, delete-orphan", order_by="OffreTag.id")
    territoires: Mapped[list[OffreTerritoire]] = relationship(
        back_populates="offre", cascade="all, delete-orphan", order_by="OffreTerritoire.id")

    def slugs(self, kind: str) -> list[str]:
        """The taxonomy slugs of one kind (thematique, besoin, stade, public, profil)."""
        return [t.slug for t in self.tags if t.kind == kind]

    def codes(self, kind: str) -> list[str]:
        """The territory codes of one kind (departement, epci, commune)."""
        return [t.code for t in self.territoires if t.kind == kind]

    @property
    def sources(self) -> list[Source]:
        """The structure's sources this offer rests on."""
        return self.structure.sources_de(self.source_cles)


class OffreTag(Base):
    """One taxonomy slug attached to an offer; a table so filters stay in SQL."""

    __tablename__ = "offre_tag"
    __table_args__ = (UniqueConstraint("offre_id", "kind", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    offre_id: Mapped[int] = mapped_column(ForeignKey("offre.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    slug: Mapped[str] = mapped_column(String(80), index=True)
    offre: Mapped[Offre] = relationship(back_populates="tags")


class OffreTerritoire(Base):
    """One territory an offer covers: a département, an EPCI (SIREN) or a commune (INSEE)."""

    __tablename__ = "offre_territoire"
    __table_args__ = (UniqueConstraint("offre_id", "kind", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    offre_id: Mapped[int] = mapped_column(ForeignKey("offre.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(9), index=True)
    offre: Mapped[Offre] = relationship(back_populates="territoires")


class Source(Base):
    """An official source of a structure's facts: a page or a document, with its own date.

    ``copie_consultee`` notes where a document was read when its only stored copy sits on a
    mirror: internal, never the public link.
    """

    __tablename__ = "source"

    id: Mapped[int] = mapped_column(primary_key=True)
    structure_id: Mapped[int] = mapped_column(ForeignKey("structure.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    cle: Mapped[str] = mapped_column(String(80))
    titre: Mapped[str] = mapped_column(Text)
    editeur: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(1000))
    # Dates stay as published ("2026", "2020-10"): a year alone must not become 1 January.
    date: Mapped[str | None] = mapped_column(String(10))
    consulte_le: Mapped[str | None] = mapped_column(String(10))
    copie_consultee: Mapped[str | None] = mapped_column(String(1000))
    structure: Mapped[Structure] = relationship(back_populates="sources")

    @property
    def date_affichee(self) -> str | None:
        """The date shown beside the fact: the source's own date, else the day it was consulted."""
        return self.date or self.consulte_le
