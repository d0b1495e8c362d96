""""Ma commune": a commune of the served département, its EPCI and population band, its programmes,
who is competent there."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from wizard.models import Commune, Dispositif, Offre, Structure
from wizard.taxonomy import PopulationBand, Taxonomy
from wizard.territoires.perimetre import offres_couvrant, resolve


@dataclass(frozen=True)
class Competence:
    """A structure listed under a thématique of the commune page, with its offers there."""

    structure: Structure
    offres: tuple[Offre, ...]
    besoins: tuple[str, ...]

    @property
    def couts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(o.cout for o in self.offres))


@dataclass(frozen=True)
class FicheCommune:
    """Everything the commune page shows."""

    commune: Commune
    tranche: PopulationBand | None
    dispositifs: tuple[Dispositif, ...]
    # (thématique slug, label, competences) in taxonomy order; thématiques nobody covers are omitted.
    par_thematique: tuple[tuple[str, str, tuple[Competence, ...]], ...]
    sans_offre: tuple[tuple[str, str], ...]
    #: Offers on no particular subject (a funder, a referent, a training): for any project of the commune.
    tous_sujets: tuple[Competence, ...] = ()

    @property
    def nb_structures(self) -> int:
        return len({c.structure.id for _, _, items in self.par_thematique for c in items})


def fiche(session: Session, taxonomy: Taxonomy, code: str, departement: str) -> FicheCommune | None:
    """The commune page content, or None when the code is not a commune of the served département."""
    commune = session.get(Commune, code)
    if commune is None or commune.departement != departement:
        return None
    territoire = resolve(session, code)
    if territoire is None:
        return None
    offres = session.scalars(
        select(Offre).where(Offre.id.in_(offres_couvrant(territoire)))
        .options(selectinload(Offre.tags), selectinload(Offre.structure))).all()
    by_theme: dict[str, dict[int, list[Offre]]] = {}
    any_subject: dict[int, list[Offre]] = {}
    for offre in sorted(offres, key=lambda o: (o.structure.nom.casefold(), o.position)):
        themes = offre.slugs("thematique")
        for theme in themes:
            by_theme.setdefault(theme, {}).setdefault(offre.structure_id, []).append(offre)
        if not themes:
            any_subject.setdefault(offre.structure_id, []).append(offre)
    ordre_besoins = list(taxonomy.terms("besoins"))

    def competence(found: list[Offre]) -> Competence:
        return Competence(structure=found[0].structure, offres=tuple(found),
                          besoins=tuple(b for b in ordre_besoins if any(b in o.slugs("besoin") for o in found)))
    groupes, sans_offre = [], []
    for slug, term in taxonomy.terms("thematiques").items():
        items = [competence(found) for found in by_theme.get(slug, {}).values()]
        if items:
            groupes.append((slug, term.label, tuple(items)))
        else:
            sans_offre.append((slug, term.label))
    dispositifs = tuple(d for d in session.scalars(select(Dispositif).order_by(Dispositif.nom))
                        if code in (d.communes or []))
    return FicheCommune(commune=commune, tranche=taxonomy.band_for(commune.population), dispositifs=dispositifs,
                        par_thematique=tuple(groupes), sans_offre=tuple(sans_offre),
                        tous_sujets=tuple(competence(found) for found in any_subject.values()))
