"""The annuaire: words + facets + territory → a ranked, paginated list with facet counts."""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from wizard import search
from wizard.annuaire.criteres import (
    PAR_PAGE,
    Criteres,
    Facette,
    facettes,
)
from wizard.annuaire.facettes import Matrice, matrice
from wizard.models import Offre, OffreTag, Structure
from wizard.taxonomy import Taxonomy
from wizard.territoires.perimetre import Territoire, resolve


@dataclass(frozen=True)
class Option:
    """One facet value with the number of structures it would give (the other filters applied)."""

    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class FacetteComptee:
    facette: Facette
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Retrait:
    """A way out of an empty result: remove one filter, and how many structures that gives."""

    label: str
    args: dict[str, object]
    count: int


@dataclass
class Resultats:
    """What the annuaire page shows."""

    criteres: Criteres
    total: int
    pages: int
    structures: list[Carte]
    facettes: list[FacetteComptee]
    territoire: Territoire | None = None
    territoire_inconnu: bool = False
    correspondance_partielle: bool = False
    suggestion: str | None = None
    retraits: list[Retrait] = field(default_factory=list)


def rechercher(session: Session, criteres: Criteres, taxonomy: Taxonomy) -> Resultats:
    """Apply the criteria; count each facet value against the other filters (disjunctive facets)."""
    m = matrice(session)
    found: search.SearchResult | None = None
    text_bits = m.start_mask
    if criteres.q:
        found = search.search(session, criteres.q)
        text_bits = m.structures_mask(found.ids)

    all_facettes = facettes(taxonomy)
    active: dict[str, int] = {}
    for facette in all_facettes:
        values = criteres.filtres.get(facette.name) or ()
        if values:
            active[facette.name] = m.mask([(facette.name, v) for v in values])
    territoire = resolve(session, criteres.territoire) if criteres.territoire else None
    if territoire is not None:
        covering = m.mask(territoire.keys)
        if territoire.population is not None:
            covering &= ~m.too_populous(territoire.population)
        if territoire.labels is not None:
            covering &= ~m.not_labelled(territoire.labels)
        active["territoire"] = covering

    def combined(exclude: str | None = None) -> int:
        bits = m.all_mask
        for name, mask in active.items():
            if name != exclude:
                bits &= mask
        return bits

    matched = m.fold(combined()) & text_bits
    ids = _ordered(m, matched, found)
    total = len(ids)
    pages = max(1, math.ceil(total / PAR_PAGE))
    page = min(criteres.page, pages)
    page_ids = ids[(page - 1) * PAR_PAGE: page * PAR_PAGE]

    counted = [_count_facette(m, f, criteres, combined(exclude=f.name), text_bits) for f in all_facettes]
    result = Resultats(criteres=criteres, total=total, pages=pages, structures=_load(session, page_ids),
                       facettes=counted, territoire=territoire,
                       territoire_inconnu=bool(criteres.territoire) and territoire is None,
                       correspondance_partielle=found is not None and not found.match_all and total > 0)
    if total == 0:
        result.retraits = _retraits(m, criteres, all_facettes, territoire, combined, text_bits)
        if found is not None and not found.ids:
            result.suggestion = search.suggest(session, criteres.q)
    return result


def _ordered(m: Matrice, matched: int, found: search.SearchResult | None) -> list[int]:
    """Matched structure ids: by relevance when words were given (unranked tail by name), else by name."""
    if found is None:
        return m.ordered_ids(matched)
    head = found.ids if found.ranked is None else found.ids[:found.ranked]
    kept = m.contains(matched)
    ids = [sid for sid in head if kept(sid)]
    if found.ranked is not None:
        in_head = set(head)
        ids += [sid for sid in m.ordered_ids(matched) if sid not in in_head]
    return ids


def _count_facette(m: Matrice, facette: Facette, criteres: Criteres, base: int, text_bits: int) -> FacetteComptee:
    selected = set(criteres.filtres.get(facette.name) or ())
    options = tuple(
        Option(value, label, (m.fold(base & m.masks.get((facette.name, value), 0)) & text_bits).bit_count(),
               value in selected)
        for value, label in facette.options)
    return FacetteComptee(facette, options)


def _retraits(m: Matrice, criteres: Criteres, all_facettes: tuple[Facette, ...], territoire: Territoire | None,
              combined: Callable[..., int], text_bits: int) -> list[Retrait]:
    """For an empty result: each filter that could be removed, with what removing it would give."""
    retraits = []
    if criteres.q:
        retraits.append(Retrait(f"Retirer les mots « {criteres.q} »", criteres.sans("q"),
                                m.fold(combined()).bit_count()))
    for facette in all_facettes:
        values = criteres.filtres.get(facette.name) or ()
        if values:
            labels = ", ".join(facette.label(v) for v in values)
            retraits.append(Retrait(f"Retirer le filtre « {facette.legend} : {labels} »",
                                    criteres.sans(facette.name),
                                    (m.fold(combined(exclude=facette.name)) & text_bits).bit_count()))
    if territoire is not None:
        retraits.append(Retrait(f"Retirer le territoire « {territoire.nom} »", criteres.sans("territoire"),
                                (m.fold(combined(exclude="territoire")) & text_bits).bit_count()))
    return [r for r in retraits if r.count > 0]


@dataclass(frozen=True)
class Carte:
    """What a result card shows (read with three light queries, not whole ORM graphs)."""

    slug: str
    nom: str
    sigle: str | None
    categorie: str
    presentation: str
    thematiques: list[str]
    couts: list[str]


def _load(session: Session, ids: list[int]) -> list[Carte]:
    """The cards of one page, in the given order."""
    if not ids:
        return []
    rows = {r.id: r for r in session.execute(
        select(Structure.id, Structure.slug, Structure.nom, Structure.sigle, Structure.categorie,
               Structure.presentation).where(Structure.id.in_(ids)))}
    offres = session.execute(select(Offre.id, Offre.structure_id, Offre.cout)
                             .where(Offre.structure_id.in_(ids)).order_by(Offre.position, Offre.id)).all()
    structure_of = {oid: sid for oid, sid, _ in offres}
    themes: dict[int, list[str]] = {sid: [] for sid in ids}
    couts: dict[int, list[str]] = {sid: [] for sid in ids}
    for _, sid, cout in offres:
        if cout not in couts[sid]:
            couts[sid].append(cout)
    if structure_of:
        for oid, slug in session.execute(select(OffreTag.offre_id, OffreTag.slug).where(
                OffreTag.offre_id.in_(list(structure_of)), OffreTag.kind == "thematique").order_by(OffreTag.id)):
            if slug not in themes[structure_of[oid]]:
                themes[structure_of[oid]].append(slug)
    return [Carte(slug=r.slug, nom=r.nom, sigle=r.sigle, categorie=r.categorie, presentation=r.presentation or "",
                  thematiques=themes[i], couts=couts[i])
            for i in ids if (r := rows.get(i)) is not None]
