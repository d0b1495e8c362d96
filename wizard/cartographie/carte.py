"""Where the structures are based and which EPCI they cover, for the schematic map and its list twin."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wizard.models import Commune, Epci, Offre, OffreTag, Structure
from wizard.territoires.perimetre import offres_couvrant, resolve


@dataclass(frozen=True)
class Siege:
    """A structure and the commune where it is based."""

    slug: str
    nom: str
    commune: str


@dataclass(frozen=True)
class ZoneEpci:
    """One EPCI: how many structures are competent there, and which are based there."""

    code: str
    nom: str
    nb_communes: int
    nb_competentes: int
    sieges: tuple[Siege, ...]


def zones(session: Session) -> list[ZoneEpci]:
    """Every EPCI with communes in the database, by name."""
    sieges: dict[str, list[Siege]] = {}
    rows = session.execute(
        select(Structure.slug, Structure.nom, Commune.nom, Commune.epci_code)
        .join(Commune, Commune.code == Structure.siege_commune).order_by(Structure.nom))
    for slug, nom, commune, epci in rows:
        sieges.setdefault(epci, []).append(Siege(slug=slug, nom=nom, commune=commune))
    counts = dict(session.execute(select(Commune.epci_code, func.count()).group_by(Commune.epci_code)).all())
    result = []
    for epci in session.scalars(select(Epci).order_by(Epci.nom)):
        territoire = resolve(session, epci.code)
        if territoire is None or not territoire.communes:
            continue
        # Counted as the matrix it links to counts its columns: offers on a thématique covering the EPCI
        # (an offer on no particular subject — a funder, a referent — is not a column there).
        nb = session.scalar(select(func.count(func.distinct(Offre.structure_id)))
                            .join(OffreTag, OffreTag.offre_id == Offre.id)
                            .where(OffreTag.kind == "thematique", Offre.id.in_(offres_couvrant(territoire))))
        result.append(ZoneEpci(code=epci.code, nom=epci.nom, nb_communes=counts.get(epci.code, 0),
                               nb_competentes=nb or 0, sieges=tuple(sieges.get(epci.code, ()))))
    return result
