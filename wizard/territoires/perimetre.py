"""Territories as filters: resolve a code (commune, EPCI, département) and select the offers covering it.

An offer covers a place through the union of its declared territories (départements, EPCI,
communes), and not a commune above its population ceiling; an offer reserved to the communes a
programme labels (Petites villes de demain…) covers a commune or an EPCI only where one is labelled.
Shared by the annuaire, the coverage matrix, the commune page and the open data API so that all
agree on "who is competent here".
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from wizard.models import Commune, Dispositif, Epci, Offre, OffreTerritoire
from wizard.territoires.codes import kind_of


@dataclass(frozen=True)
class Territoire:
    """A resolved territory filter: what it is, its name, and the codes an offer may name to cover it."""

    kind: str  # commune | epci | departement
    code: str
    nom: str
    communes: tuple[str, ...] = ()
    epcis: tuple[str, ...] = ()
    departements: tuple[str, ...] = ()
    # Only for a commune: offers limited to smaller communes do not cover it.
    population: int | None = None
    #: For a commune or an EPCI: the programmes labelling it (or one of its communes); offers reserved to
    #: another programme's communes do not cover it. None (a département): no such restriction.
    labels: tuple[str, ...] | None = None

    @property
    def libelle(self) -> str:
        """French label for headings ("Laval (53130)", "CA Laval Agglomération")."""
        if self.kind == "commune":
            return f"{self.nom} ({self.code})"
        if self.kind == "departement":
            return f"département {self.nom}"
        return self.nom

    @property
    def keys(self) -> frozenset[tuple[str, str]]:
        """The (kind, code) territory keys an offer may declare to cover this territory."""
        return frozenset({("commune", c) for c in self.communes} | {("epci", e) for e in self.epcis}
                         | {("departement", d) for d in self.departements})


def resolve(session: Session, code: str) -> Territoire | None:
    """The territory behind a commune INSEE code, an EPCI SIREN or a département code; None if unknown."""
    code = code.strip()
    kind = kind_of(code)
    if kind == "commune":
        commune = session.get(Commune, code)
        if commune is None:
            return None
        return Territoire(kind="commune", code=code, nom=commune.nom, communes=(code,),
                          epcis=(commune.epci_code,) if commune.epci_code else (),
                          departements=(commune.departement,), population=commune.population,
                          labels=_labels(session, {code}))
    if kind == "epci":
        epci = session.get(Epci, code)
        if epci is None:
            return None
        rows = session.execute(select(Commune.code, Commune.departement).where(Commune.epci_code == code)).all()
        return Territoire(kind="epci", code=code, nom=epci.nom, communes=tuple(r[0] for r in rows),
                          epcis=(code,), departements=tuple(sorted({r[1] for r in rows})),
                          labels=_labels(session, {r[0] for r in rows}))
    if kind == "departement":
        rows = session.scalars(select(Commune.code).where(Commune.departement == code)).all()
        if not rows:
            return None
        return Territoire(kind="departement", code=code, nom=code, communes=tuple(rows), departements=(code,))
    return None


def _labels(session: Session, communes: set[str]) -> tuple[str, ...]:
    """Slugs of the programmes naming one of ``communes`` (a few dozen rows: filtered in Python)."""
    rows = session.execute(select(Dispositif.slug, Dispositif.communes)).all()
    return tuple(sorted(slug for slug, listed in rows if communes & set(listed or ())))


def offres_couvrant(territoire: Territoire) -> Select:
    """SELECT of the ids of offers covering ``territoire`` (for an EPCI or département: any part of it)."""
    conditions = [and_(OffreTerritoire.kind == "departement", OffreTerritoire.code.in_(territoire.departements))]
    if territoire.epcis:
        conditions.append(and_(OffreTerritoire.kind == "epci", OffreTerritoire.code.in_(territoire.epcis)))
    if territoire.communes:
        conditions.append(and_(OffreTerritoire.kind == "commune", OffreTerritoire.code.in_(territoire.communes)))
    if territoire.kind == "departement":
        # An EPCI of the département is a part of it.
        conditions.append(and_(OffreTerritoire.kind == "epci", OffreTerritoire.code.in_(
            select(Commune.epci_code).where(Commune.departement == territoire.code))))
    ids = select(OffreTerritoire.offre_id).where(or_(*conditions))
    query = select(Offre.id).where(Offre.id.in_(ids))
    if territoire.population is not None:
        query = query.where(or_(Offre.population_max.is_(None), Offre.population_max >= territoire.population))
    if territoire.labels is not None:
        label = Offre.eligibilite["dispositif"].as_string()
        query = query.where(or_(label.is_(None), label.in_(territoire.labels)))
    return query
