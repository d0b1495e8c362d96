"""Who covers what: the matrix thématique × structure, with the survey's need rates beside it.

Two layers: ``matrice(session, …)`` runs a few aggregate queries (no ORM objects, so it stays
fast with thousands of structures), and the pure functions below assemble, flag and sort the
rows. The workshop mode reuses ``thematiques_peu_couvertes`` to show what nobody covers.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from wizard.models import EnqueteBesoin, EnqueteConnaissance, Offre, OffreTag, Structure
from wizard.runtime import fingerprint
from wizard.taxonomy import Taxonomy, Term
from wizard.territoires.perimetre import Territoire, offres_couvrant

#: Sort keys accepted in the URL (``?tri=``); each has a natural direction.
TRIS = {
    "ordre": "ordre de la nomenclature",
    "libelle": "thématique (A → Z)",
    "couverture": "nombre de structures (les moins couvertes d'abord)",
    "besoin": "besoin exprimé dans l'enquête (le plus fort d'abord)",
}
#: Offer costs that make an actor "paying" for the low-coverage rule.
COUTS_PAYANTS = frozenset({"payant"})
PAR_PAGE = 40


@dataclass(frozen=True)
class Colonne:
    """A structure shown as a column, with its knowledge rate in the survey (%, panel général)."""

    id: int
    slug: str
    nom: str
    sigle: str | None
    connaissance: int | None = None

    @property
    def court(self) -> str:
        return self.sigle or self.nom


@dataclass(frozen=True)
class Cellule:
    """What one structure offers on one thématique: types of help (besoin slugs) and costs."""

    besoins: tuple[str, ...]
    couts: tuple[str, ...]


@dataclass(frozen=True)
class Ligne:
    """One thématique: how many structures cover it, whether that is too few, the survey need rate."""

    slug: str
    libelle: str
    position: int
    nb_structures: int
    nb_non_payantes: int
    besoin_enquete: int | None
    cellules: tuple[Cellule | None, ...]

    @property
    def motif_peu_couverte(self) -> str | None:
        """Why the row is flagged (in words), or None when coverage is enough."""
        return motif_peu_couverte(self.nb_structures, self.nb_non_payantes)


@dataclass(frozen=True)
class Matrice:
    """The assembled matrix for one territory filter, one sort order and one page of columns."""

    colonnes: tuple[Colonne, ...]
    lignes: tuple[Ligne, ...]
    besoins: tuple[tuple[str, str, str], ...]  # (slug, abbreviation, label) for the legend
    territoire: Territoire | None
    tri: str
    page: int
    nb_pages: int
    nb_structures: int
    par_page: int = PAR_PAGE
    besoin: str | None = None  # the type of help the matrix is restricted to
    par_besoin: dict[str, int] = field(default_factory=dict)  # type of help → structures giving it
    #: Per type of help, the thématiques it leaves uncovered, most uncovered first.
    lacunes: tuple[Lacune, ...] = ()

    @property
    def premier(self) -> int:
        """1-based rank of the first structure column of this page."""
        return (self.page - 1) * self.par_page + 1

    @property
    def peu_couvertes(self) -> tuple[Ligne, ...]:
        return tuple(ligne for ligne in self.lignes if ligne.motif_peu_couverte)


# --- pure computation -------------------------------------------------------------------------

def motif_peu_couverte(nb_structures: int, nb_non_payantes: int) -> str | None:
    """The low-coverage rule: no structure at all, or a single one whose offers are all paying."""
    if nb_structures == 0:
        return "aucune structure ne couvre ce besoin"
    if nb_structures == 1 and nb_non_payantes == 0:
        return "une seule structure, et son offre est payante"
    return None


def abreviation(term: Term) -> str:
    """Short form of a type of help (data/taxonomie.yaml); else the label's first four letters."""
    return term.abreviation or term.label[:4]


def cellules_par_structure(rows: Iterable[tuple[int, int, str, str, str]]) -> dict[tuple[str, int], Cellule]:
    """Fold (structure_id, offre_id, cout, kind, slug) tag rows into cells keyed by (thématique, structure)."""
    offres: dict[int, tuple[int, str, set[str], set[str]]] = {}
    for structure_id, offre_id, cout, kind, slug in rows:
        entry = offres.setdefault(offre_id, (structure_id, cout, set(), set()))
        (entry[2] if kind == "thematique" else entry[3]).add(slug)
    besoins: dict[tuple[str, int], set[str]] = defaultdict(set)
    couts: dict[tuple[str, int], set[str]] = defaultdict(set)
    for structure_id, cout, themes, needs in offres.values():
        for theme in themes:
            besoins[(theme, structure_id)] |= needs
            couts[(theme, structure_id)].add(cout)
    return {key: Cellule(besoins=tuple(sorted(besoins[key])), couts=tuple(sorted(couts[key]))) for key in couts}


def assembler(thematiques: Sequence[tuple[str, str]], comptes: dict[str, tuple[int, int]],
              colonnes: Sequence[Colonne], cellules: dict[tuple[str, int], Cellule],
              besoins_enquete: dict[str, int], ordre_besoins: Sequence[str]) -> list[Ligne]:
    """One Ligne per thématique (taxonomy order), cells aligned on ``colonnes``; types of help in
    ``ordre_besoins`` order."""
    ordre = {slug: i for i, slug in enumerate(ordre_besoins)}
    lignes = []
    for position, (slug, libelle) in enumerate(thematiques):
        nb, nb_non_payantes = comptes.get(slug, (0, 0))
        row = []
        for colonne in colonnes:
            cell = cellules.get((slug, colonne.id))
            if cell is not None:
                cell = Cellule(besoins=tuple(sorted(cell.besoins, key=lambda b: (ordre.get(b, 99), b))),
                               couts=cell.couts)
            row.append(cell)
        lignes.append(Ligne(slug=slug, libelle=libelle, position=position, nb_structures=nb,
                            nb_non_payantes=nb_non_payantes, besoin_enquete=besoins_enquete.get(slug),
                            cellules=tuple(row)))
    return lignes


def trier(lignes: Sequence[Ligne], tri: str) -> list[Ligne]:
    """Sort rows by ``tri`` (see TRIS); ties keep the taxonomy order."""
    if tri == "libelle":
        return sorted(lignes, key=lambda ligne: (ligne.libelle.casefold(), ligne.position))
    if tri == "couverture":
        return sorted(lignes, key=lambda ligne: (ligne.nb_structures, ligne.nb_non_payantes, ligne.position))
    if tri == "besoin":
        # Unknown survey figures go last, not first.
        return sorted(lignes, key=lambda ligne: (ligne.besoin_enquete is None, -(ligne.besoin_enquete or 0),
                                                 ligne.position))
    return sorted(lignes, key=lambda ligne: ligne.position)


# --- queries ------------------------------------------------------------------------------------

def _offres_filtrees(territoire: Territoire | None, besoin: str | None = None) -> Select:
    """Ids of the offers counted: those covering ``territoire`` and giving the type of help ``besoin``."""
    query = offres_couvrant(territoire) if territoire else select(Offre.id)
    if besoin:
        query = query.where(Offre.id.in_(select(OffreTag.offre_id).where(OffreTag.kind == "besoin",
                                                                         OffreTag.slug == besoin)))
    return query


def comptes_par_thematique(session: Session, territoire: Territoire | None = None,
                           besoin: str | None = None) -> dict[str, tuple[int, int]]:
    """thématique slug → (structures covering it, structures covering it with a non-paying offer)."""
    non_payante = case((Offre.cout.not_in(COUTS_PAYANTS), Offre.structure_id))
    query = (select(OffreTag.slug, func.count(func.distinct(Offre.structure_id)),
                    func.count(func.distinct(non_payante)))
             .join(Offre, Offre.id == OffreTag.offre_id)
             .where(OffreTag.kind == "thematique", Offre.id.in_(_offres_filtrees(territoire, besoin)))
             .group_by(OffreTag.slug))
    return {slug: (nb, nb_np) for slug, nb, nb_np in session.execute(query)}


def generalistes(session: Session, territoire: Territoire | None, besoin: str) -> tuple[str, ...]:
    """Short names of the structures giving ``besoin`` through an offer on no particular
    thématique (a legal service, a training on any subject)."""
    avec_theme = select(OffreTag.offre_id).where(OffreTag.kind == "thematique")
    query = (select(func.coalesce(Structure.sigle, Structure.nom)).join(Offre, Offre.structure_id == Structure.id)
             .where(Offre.id.in_(_offres_filtrees(territoire, besoin)), Offre.id.not_in(avec_theme))
             .distinct())
    return tuple(sorted(session.scalars(query), key=str.lower))


def besoins_enquete(session: Session) -> dict[str, int]:
    """thématique slug → need rate in the survey (panel général, %); the highest when several lines map to it."""
    rates: dict[str, int] = {}
    for slug, panel in session.execute(select(EnqueteBesoin.thematique, EnqueteBesoin.panel)):
        if panel is not None:
            rates[slug] = max(panel, rates.get(slug, panel))
    return rates


def connaissance_enquete(session: Session) -> dict[str, int]:
    """structure slug → knowledge rate in the survey (panel général, %)."""
    rows = session.execute(select(EnqueteConnaissance.structure_slug, EnqueteConnaissance.panel)
                           .where(EnqueteConnaissance.structure_slug.is_not(None)))
    return {slug: panel for slug, panel in rows if panel is not None}


@dataclass(frozen=True)
class Notoriete:
    """A line of the survey's knowledge table, with how many thématiques that structure covers."""

    libelle: str
    structure_slug: str | None
    panel: int | None
    communes_1000: int | None
    maires: int | None
    note: str | None
    nb_thematiques: int | None  # None when the line is not one structure of the directory


def notoriete(session: Session) -> list[Notoriete]:
    """The survey's knowledge rates, in the survey's order, beside each structure's number of thématiques."""
    lignes = session.scalars(select(EnqueteConnaissance).order_by(EnqueteConnaissance.position)).all()
    slugs = [ligne.structure_slug for ligne in lignes if ligne.structure_slug]
    counts = dict(session.execute(
        select(Structure.slug, func.count(func.distinct(OffreTag.slug)))
        .join(Offre, Offre.structure_id == Structure.id).join(OffreTag, OffreTag.offre_id == Offre.id)
        .where(OffreTag.kind == "thematique", Structure.slug.in_(slugs)).group_by(Structure.slug)).all())
    return [Notoriete(libelle=ligne.libelle, structure_slug=ligne.structure_slug, panel=ligne.panel,
                      communes_1000=ligne.communes_1000, maires=ligne.maires, note=ligne.note,
                      nb_thematiques=counts.get(ligne.structure_slug, 0) if ligne.structure_slug else None)
            for ligne in lignes]


def structures_par_besoin(session: Session, territoire: Territoire | None = None) -> dict[str, int]:
    """type of help (besoin slug) → number of structures giving it on any thématique."""
    query = (select(OffreTag.slug, func.count(func.distinct(Offre.structure_id)))
             .join(Offre, Offre.id == OffreTag.offre_id)
             .where(OffreTag.kind == "besoin", Offre.id.in_(_offres_filtrees(territoire))).group_by(OffreTag.slug))
    return dict(session.execute(query).all())


def thematiques_peu_couvertes(session: Session, taxonomy: Taxonomy, territoire: Territoire | None = None,
                              besoin: str | None = None) -> list[tuple[str, str]]:
    """(slug, reason) of the thématiques that no structure, or only one paying actor, covers
    (for the type of help ``besoin`` when given)."""
    comptes = comptes_par_thematique(session, territoire, besoin)
    found = []
    for slug in taxonomy.terms("thematiques"):
        motif = motif_peu_couverte(*comptes.get(slug, (0, 0)))
        if motif:
            found.append((slug, motif))
    return found


@dataclass(frozen=True)
class Lacune:
    """A type of help and the thématiques no specialist gives it on."""

    besoin: str
    libelle: str
    #: Thématiques with no structure, or a single paying one, giving this help on them.
    nb_thematiques: int
    #: Structures giving this help on any subject, which partly fill the gap.
    generalistes: tuple[str, ...]


def lacunes_par_besoin(session: Session, taxonomy: Taxonomy, territoire: Territoire | None = None
                       ) -> tuple[Lacune, ...]:
    """The gaps per type of help, most uncovered first: a type of help can be missing on most
    subjects even when every subject has some actor."""
    found = [Lacune(slug, term.label, len(thematiques_peu_couvertes(session, taxonomy, territoire, slug)),
                    generalistes(session, territoire, slug))
             for slug, term in taxonomy.terms("besoins").items()]
    return tuple(sorted(found, key=lambda g: (-g.nb_thematiques, g.besoin)))


def matrice(session: Session, taxonomy: Taxonomy, territoire: Territoire | None = None,
            tri: str = "ordre", page: int = 1, par_page: int = PAR_PAGE, besoin: str | None = None) -> Matrice:
    """The coverage matrix for a territory (None = everywhere) and a type of help (None = any),
    sorted, one page of structure columns."""
    offres = _offres_filtrees(territoire, besoin)
    avec_theme = (select(Offre.structure_id).join(OffreTag, OffreTag.offre_id == Offre.id)
                  .where(OffreTag.kind == "thematique", Offre.id.in_(offres)))
    # The aggregates span every structure: memoised until the content changes (see wizard.runtime.fingerprint).
    cle = fingerprint.fingerprint(session)
    code = territoire.code if territoire else None
    structures = fingerprint.memo(cle, ("colonnes", code, besoin), lambda: session.execute(
        select(Structure.id, Structure.slug, Structure.nom, Structure.sigle)
        .where(Structure.id.in_(avec_theme))
        .order_by(func.lower(func.coalesce(Structure.sigle, Structure.nom)), Structure.slug)).all())
    comptes = fingerprint.memo(cle, ("comptes", code, besoin),
                             lambda: comptes_par_thematique(session, territoire, besoin))
    par_besoin = fingerprint.memo(cle, ("par_besoin", code), lambda: structures_par_besoin(session, territoire))
    lacunes = fingerprint.memo(cle, ("lacunes", code), lambda: lacunes_par_besoin(session, taxonomy, territoire))
    nb_pages = max(1, -(-len(structures) // par_page))
    page = min(max(1, page), nb_pages)
    connues = connaissance_enquete(session)
    colonnes = tuple(Colonne(id=i, slug=s, nom=n, sigle=sg, connaissance=connues.get(s))
                     for i, s, n, sg in structures[(page - 1) * par_page: page * par_page])
    rows = session.execute(
        select(Offre.structure_id, Offre.id, Offre.cout, OffreTag.kind, OffreTag.slug)
        .join(OffreTag, OffreTag.offre_id == Offre.id)
        .where(Offre.structure_id.in_([c.id for c in colonnes]), OffreTag.kind.in_(("thematique", "besoin")),
               Offre.id.in_(offres))).all()
    thematiques = [(slug, term.label) for slug, term in taxonomy.terms("thematiques").items()]
    lignes = assembler(thematiques, comptes, colonnes,
                       cellules_par_structure(rows), besoins_enquete(session), taxonomy.slugs("besoins"))
    legende = tuple((slug, abreviation(term), term.label) for slug, term in taxonomy.terms("besoins").items())
    return Matrice(colonnes=colonnes, lignes=tuple(trier(lignes, tri if tri in TRIS else "ordre")),
                   besoins=legende, territoire=territoire, tri=tri if tri in TRIS else "ordre",
                   page=page, nb_pages=nb_pages, nb_structures=len(structures), par_page=par_page,
                   besoin=besoin, par_besoin=par_besoin, lacunes=lacunes)
