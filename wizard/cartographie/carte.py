"""Who covers each commune for one thématique and one type of help, for the map and its table twin.

A commune is covered as the coverage matrix counts it (wizard.cartographie.couverture): an offer
on the thématique, giving the type of help, whose territory covers the commune
(wizard.territoires.perimetre.offres_couvrant: same population ceilings, same labelled-commune
reservations). Its EPCI covers it when one of those offers is a competence the EPCI holds, as the
recommender counts it: any type of help, except the ones only some actors give
(``besoins_exclusifs`` of parcours/recommandations.yaml), which the offer itself must give.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wizard.models import Commune, Epci, Offre, OffreTag, Structure
from wizard.runtime import fingerprint
from wizard.territoires.perimetre import offres_couvrant, resolve

#: Coverage classes, strongest first: (slug, legend label, short label for table headers).
NIVEAUX = (
    ("epci", "Compétence de l'intercommunalité", "Son intercommunalité"),
    ("autres", "Autres structures (départementales, régionales, nationales)", "D'autres structures"),
    # Transversal offers (préfecture, DDT: any subject) are not counted: they are the recourse, not a specialist.
    ("aucun", "Aucun spécialiste recensé (reste le recours : préfecture, DDT)", "Personne"),
)
LIBELLES = {slug: label for slug, label, _ in NIVEAUX}


@dataclass(frozen=True)
class Siege:
    """A structure and the commune where it is based."""

    slug: str
    nom: str
    commune: str


@dataclass(frozen=True)
class CouvertureCommune:
    """Who covers one commune: its class and the short names of the structures."""

    code: str
    nom: str
    epci: str | None
    niveau: str
    structures: tuple[tuple[str, str], ...]  # (slug, short name), by name

    @property
    def libelle(self) -> str:
        return LIBELLES[self.niveau]


@dataclass(frozen=True)
class ZoneEpci:
    """One EPCI on the map: its communes by coverage class, and the structures based there."""

    code: str
    nom: str
    nb_communes: int
    par_niveau: dict[str, int]
    sieges: tuple[Siege, ...]


def offres_par_commune(session: Session, departement: str) -> dict[str, frozenset[int]]:
    """Commune code → ids of the offers covering it (memoised until the content changes)."""
    def compute() -> dict[str, frozenset[int]]:
        out = {}
        for code in session.scalars(select(Commune.code).where(Commune.departement == departement)
                                    .order_by(Commune.code)):
            territoire = resolve(session, code)
            out[code] = frozenset(session.scalars(offres_couvrant(territoire))) if territoire else frozenset()
        return out
    return fingerprint.memo(fingerprint.fingerprint(session), ("offres_par_commune", departement), compute)


def couverture(session: Session, departement: str, thematique: str, besoin: str | None,
               besoins_exclusifs: Collection[str]) -> list[CouvertureCommune]:
    """Every commune of the département with who covers it for ``thematique`` and ``besoin`` (None: any)."""
    par_commune = offres_par_commune(session, departement)
    sur_theme = select(OffreTag.offre_id).where(OffreTag.kind == "thematique", OffreTag.slug == thematique)
    rows = session.execute(
        select(Offre.id, Offre.competence, Structure.slug, func.coalesce(Structure.sigle, Structure.nom))
        .join(Structure, Structure.id == Offre.structure_id).where(Offre.id.in_(sur_theme))).all()
    besoins: dict[int, set[str]] = {}
    for offre_id, slug in session.execute(select(OffreTag.offre_id, OffreTag.slug).where(
            OffreTag.kind == "besoin", OffreTag.offre_id.in_(sur_theme))):
        besoins.setdefault(offre_id, set()).add(slug)
    donne = {oid for oid, *_ in rows if besoin is None or besoin in besoins.get(oid, ())}
    competente = {oid for oid, comp, *_ in rows if comp and (besoin not in besoins_exclusifs or oid in donne)}
    nom_de = {oid: (slug, court) for oid, _, slug, court in rows}
    out = []
    for code, nom, epci in session.execute(select(Commune.code, Commune.nom, Commune.epci_code)
                                           .where(Commune.departement == departement).order_by(Commune.nom)):
        ici = par_commune.get(code, frozenset())
        retenues = (ici & donne) | (ici & competente)
        niveau = "epci" if ici & competente else "autres" if retenues else "aucun"
        structures = tuple(sorted({nom_de[o] for o in retenues}, key=lambda s: s[1].casefold()))
        out.append(CouvertureCommune(code=code, nom=nom, epci=epci, niveau=niveau, structures=structures))
    return out


def zones(session: Session, communes: list[CouvertureCommune]) -> list[ZoneEpci]:
    """The EPCI of these communes, by name, with their communes counted by coverage class."""
    sieges: dict[str, list[Siege]] = {}
    rows = session.execute(
        select(Structure.slug, Structure.nom, Commune.nom, Commune.epci_code)
        .join(Commune, Commune.code == Structure.siege_commune).order_by(Structure.nom))
    for slug, nom, commune, epci in rows:
        sieges.setdefault(epci, []).append(Siege(slug=slug, nom=nom, commune=commune))
    par_epci: dict[str, dict[str, int]] = {}
    for c in communes:
        if c.epci:
            counts = par_epci.setdefault(c.epci, {n: 0 for n, *_ in NIVEAUX})
            counts[c.niveau] += 1
    noms = dict(session.execute(select(Epci.code, Epci.nom).where(Epci.code.in_(par_epci))).all())
    return sorted((ZoneEpci(code=code, nom=noms.get(code, code), nb_communes=sum(counts.values()),
                            par_niveau=counts, sieges=tuple(sieges.get(code, ())))
                   for code, counts in par_epci.items()), key=lambda z: z.nom.casefold())
