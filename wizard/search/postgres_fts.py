"""PostgreSQL implementation: a weighted tsvector per structure (unaccent + 'simple' config, GIN index)."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from wizard.search.documents import Document

TABLE = "recherche_structure"
# Document.FIELDS → tsvector weight (A strongest); the same ordering of importance as SQLite's bm25.
FIELD_WEIGHTS = {"nom": "A", "themes": "B", "offres": "C", "texte": "C", "synonymes": "D"}
# The text is already normalised in Python (same tokens as SQLite): the 'simple' config keeps
# them as they are, and unaccent guards against any accent that would slip through.
VECTOR = " || ".join(f"setweight(to_tsvector('simple', unaccent(:{f})), '{w}')" for f, w in FIELD_WEIGHTS.items())


class PostgresSearch:
    """Full-text search over ``recherche_structure`` (tsvector + GIN), ranked by ts_rank."""

    name = "postgresql-fts"

    def delete(self, session: Session, structure_ids: Sequence[int] | None) -> None:
        """Remove the documents of ``structure_ids`` (all when None)."""
        if structure_ids is None:
            session.execute(text(f"DELETE FROM {TABLE}"))
            return
        session.execute(text(f"DELETE FROM {TABLE} WHERE structure_id IN :ids")
                        .bindparams(bindparam("ids", expanding=True)), {"ids": list(structure_ids)})

    def insert(self, session: Session, documents: Iterable[Document]) -> None:
        """Add documents."""
        rows = [{"id": d.structure_id, **{f: getattr(d, f) for f in Document.FIELDS}} for d in documents]
        if rows:
            session.execute(text(f"INSERT INTO {TABLE} (structure_id, document) VALUES (:id, {VECTOR})"), rows)

    def matches(self, session: Session, terms: Sequence[str], match_all: bool) -> list[int]:
        """Ids of the structures whose document has all (or any) of the term prefixes, unordered."""
        return list(session.scalars(text(
            f"SELECT structure_id FROM {TABLE} WHERE document @@ to_tsquery('simple', unaccent(:q))"),
            {"q": _query(terms, match_all)}))

    def ranked(self, session: Session, terms: Sequence[str], match_all: bool, name_only: bool = False) -> list[int]:
        """Matching ids, best first (ts_rank); ``name_only`` restricts the match to the name (weight A)."""
        return list(session.scalars(text(
            f"SELECT structure_id FROM {TABLE}, to_tsquery('simple', unaccent(:q)) AS q "
            "WHERE document @@ q ORDER BY ts_rank(document, q) DESC, structure_id"),
            {"q": _query(terms, match_all, "A" if name_only else "")}))

    def vocabulary(self, session: Session) -> list[str]:
        """Every indexed token (for "did you mean" suggestions)."""
        return list(session.scalars(text(f"SELECT word FROM ts_stat('SELECT document FROM {TABLE}')")))


def _query(terms: Sequence[str], match_all: bool, weights: str = "") -> str:
    """A tsquery: each (already normalised, [a-z0-9]) term as a prefix, optionally of some weights."""
    return (" & " if match_all else " | ").join(f"{t}:*{weights}" for t in terms)
