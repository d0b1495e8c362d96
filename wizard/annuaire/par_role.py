"""Offers of one role across the directory: the trainings (« Se former ») and the peer networks."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from wizard.models import Offre, Structure

#: Nearest first: what a newcomer can reach in the département before regional and national offers.
ORDRE_NIVEAUX = {"proximite": 0, "departemental": 1, "regional": 2, "national": 3}


@dataclass(frozen=True)
class OffreListee:
    """An offer with its structure, for a list grouped by audience."""

    structure: Structure
    offre: Offre

    @property
    def profils(self) -> list[str]:
        return self.offre.slugs("profil")


def offres_du_role(session: Session, role: str, profil: str | None = None) -> list[OffreListee]:
    """Offers of ``role``, for ``profil`` (an offer naming no profile is open to both), nearest first."""
    rows = session.scalars(
        select(Offre).where(Offre.role == role).options(
            selectinload(Offre.tags), selectinload(Offre.structure).selectinload(Structure.sources)))
    found = [OffreListee(o.structure, o) for o in rows
             if profil is None or not o.slugs("profil") or profil in o.slugs("profil")]
    return sorted(found, key=lambda x: (ORDRE_NIVEAUX.get(x.structure.niveau, 9), x.structure.nom, x.offre.position))
