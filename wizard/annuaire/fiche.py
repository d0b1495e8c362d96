"""What a structure's fiche shows beyond the structure itself: programmes carried, territory names."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from wizard.models import Commune, Dispositif, Epci, Offre, Structure


def structure_par_slug(session: Session, slug: str) -> Structure | None:
    """The structure with its contacts, offers (tags, territory) and sources, or None."""
    return session.scalar(
        select(Structure).where(Structure.slug == slug).options(
            selectinload(Structure.contacts), selectinload(Structure.sources),
            selectinload(Structure.offres).selectinload(Offre.tags),
            selectinload(Structure.offres).selectinload(Offre.territoires)))


def nouveau_slug(session: Session, ancien: str) -> str | None:
    """The slug a merged structure's former slug now resolves to (a few dozen rows: filtered in Python)."""
    return next((s.slug for s in session.scalars(select(Structure)) if ancien in (s.anciens_slugs or [])), None)


def dispositifs_portes(session: Session, slug: str) -> list[Dispositif]:
    """Programmes whose ``structures`` list names ``slug`` (a few dozen rows: filtered in Python)."""
    return [d for d in session.scalars(select(Dispositif).order_by(Dispositif.nom)) if slug in (d.structures or [])]


@dataclass(frozen=True)
class Zone:
    """One territory an offer covers, named for display."""

    kind: str
    code: str
    nom: str


def zones(session: Session, offre: Offre) -> list[Zone]:
    """The named territories of an offer: départements, EPCI by name, communes by name."""
    epci_codes = offre.codes("epci")
    commune_codes = offre.codes("commune")
    epcis = ({e.code: e.nom for e in session.scalars(select(Epci).where(Epci.code.in_(epci_codes)))}
             if epci_codes else {})
    communes = ({c.code: c.nom for c in session.scalars(select(Commune).where(Commune.code.in_(commune_codes)))}
                if commune_codes else {})
    return ([Zone("departement", d, f"Département {d}") for d in offre.codes("departement")]
            + [Zone("epci", e, epcis.get(e, e)) for e in epci_codes]
            + [Zone("commune", c, communes.get(c, c)) for c in commune_codes])
