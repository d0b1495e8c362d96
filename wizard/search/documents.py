"""What the search index holds for one structure: weighted fields of normalised text."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from wizard.models import Offre, Structure
from wizard.taxonomy import Taxonomy
from wizard.text import normalize

#: Taxonomy vocabularies whose labels (and synonyms) describe an offer, by OffreTag.kind.
TAG_VOCABULARY = {"thematique": "thematiques", "besoin": "besoins"}


@dataclass(frozen=True)
class Document:
    """The normalised, weighted text of one structure (fields by decreasing weight)."""

    structure_id: int
    nom: str          # nom + sigle
    themes: str       # labels of the thématiques and types of help of its offers
    offres: str       # offers' titles and descriptions
    texte: str        # presentation and legal nature
    synonymes: str    # taxonomy synonyms of its thématiques ("école" → architecture-batiment)

    FIELDS = ("nom", "themes", "offres", "texte", "synonymes")

    def values(self) -> tuple[str, ...]:
        return tuple(getattr(self, f) for f in self.FIELDS)


def build_document(structure: Structure, taxonomy: Taxonomy) -> Document:
    """The index document of ``structure`` (offers and tags must be loaded or loadable)."""
    labels: list[str] = []
    synonyms: list[str] = []
    for kind, vocabulary in TAG_VOCABULARY.items():
        terms = taxonomy.terms(vocabulary)
        for slug in dict.fromkeys(s for o in structure.offres for s in o.slugs(kind)):
            term = terms.get(slug)
            if term is not None:
                labels.append(term.label)
                synonyms.extend(term.synonymes)
    offers = [f"{o.titre} {o.description}" for o in structure.offres]
    return Document(
        structure_id=structure.id,
        nom=normalize(f"{structure.nom} {structure.sigle or ''} {structure.slug.replace('-', ' ')}"),
        themes=normalize(" ".join(labels)),
        offres=normalize(" ".join(offers)),
        texte=normalize(f"{structure.presentation} {structure.nature or ''}"),
        synonymes=normalize(" ".join(synonyms)),
    )


def iter_documents(session: Session, taxonomy: Taxonomy,
                   structure_ids: Iterable[int] | None = None) -> Iterator[Document]:
    """Documents of every structure, or of the given ids, read from the database."""
    query = select(Structure).options(selectinload(Structure.offres).selectinload(Offre.tags))
    if structure_ids is not None:
        query = query.where(Structure.id.in_(list(structure_ids)))
    for structure in session.scalars(query.order_by(Structure.id)):
        yield build_document(structure, taxonomy)
