"""Structures of engineering support, their contacts, offers and sources."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
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
    nature: Mapped[str | None] = mapped_column(Text)
    presentation: Mapped[str] = mapped_column(Text, default="")
    site_web: Mapped[str | None] = mapped_column(String(500))
    siege_commune: Mapped[str | None] = mapped_column(ForeignKey("commune.code"))
    confiance: Mapped[str] = mapped_column(String(10))
    verifie_le: Mapped[dt.date | None] = mapped_column(Date)
    a_verifier: Mapped[str | None] = mapped_column(Text)
    # Optimistic locking: a concurrent save of a stale version fails instead of overwriting.
    version: Mapped[int] = mapped_column(Integer, default=1)

    contacts: Mapped[list[Contact]] = relationship(
        back_populates="structure", cascade="all, delete-orphan", order_by="Contact.position")
    offres: Mapped[list[Offre]] = relationship(
        back_populates="structure", cascade="all, delete-orphan", order_by="Offre.position")
    # The structure's own sources; an offer's sources hang on the offer.
    sources: Mapped[list[Source]] = relationship(
        cascade="all, delete-orphan",
        primaryjoin="and_(Source.structure_id == Structure.id, Source.offre_id.is_(None))",
        order_by="Source.position", overlaps="structure")

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<Structure {self.slug}>"


class Contact(Base):
    """A way to reach a structure; every unknown field stays null ("à compléter")."""

    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    structure_id: Mapped[int] = mapped_column(ForeignKey("structure.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    libelle: Mapped[str] = mapped_column(String(200))
    telephone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    adresse: Mapped[str | None] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(String(1000))
    source_date: Mapped[str | None] = mapped_column(String(40))
    a_verifier: Mapped[str | None] = mapped_column(Text)
    structure: Mapped[Structure] = relationship(back_populates="contacts")


class Offre(Base):
    """What a structure offers to collectivités: for which themes, needs, stages, audiences, territory."""

    __tablename__ = "offre"
    __table_args__ = (UniqueConstraint("structure_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    structure_id: Mapped[int] = mapped_column(ForeignKey("structure.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    slug: Mapped[str] = mapped_column(String(80))
    titre: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    population_max: Mapped[int | None] = mapped_column(Integer)
    cout: Mapped[str] = mapped_column(String(20), default="inconnu")
    conditions: Mapped[str | None] = mapped_column(Text)
    ne_fait_pas: Mapped[str | None] = mapped_column(Text)
    a_preparer: Mapped[str | None] = mapped_column(Text)
    certitude: Mapped[str | None] = mapped_column(Text)

    structure: Mapped[Structure] = relationship(back_populates="offres")
    tags: Mapped[list[OffreTag]] = relationship(
        back_populates="offre", cascade="all, delete-orphan", order_by="OffreTag.id")
    territoires: Mapped[list[OffreTerritoire]] = relationship(
        back_populates="offre", cascade="all, delete-orphan", order_by="OffreTerritoire.id")
    sources: Mapped[list[Source]] = relationship(
        back_populates="offre", cascade="all, delete-orphan", order_by="Source.position",
        overlaps="sources")

    def slugs(self, kind: str) -> list[str]:
        """The taxonomy slugs of one kind (thematique, besoin, stade, public)."""
        return [t.slug for t in self.tags if t.kind == kind]

    def codes(self, kind: str) -> list[str]:
        """The territory codes of one kind (departement, epci, commune)."""
        return [t.code for t in self.territoires if t.kind == kind]


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
    """A public source supporting facts of a structure (or of one of its offers)."""

    __tablename__ = "source"

    id: Mapped[int] = mapped_column(primary_key=True)
    structure_id: Mapped[int] = mapped_column(ForeignKey("structure.id", ondelete="CASCADE"), index=True)
    offre_id: Mapped[int | None] = mapped_column(ForeignKey("offre.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    url: Mapped[str] = mapped_column(String(1000))
    date: Mapped[str | None] = mapped_column(String(40))
    appuie: Mapped[str | None] = mapped_column(Text)
    structure: Mapped[Structure] = relationship(overlaps="sources")
    offre: Mapped[Offre | None] = relationship(back_populates="sources", overlaps="sources")
