"""SQLite implementation: an FTS5 virtual table (created by migration 0003), ranked by bm25."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

from wizard.search.documents import Document

TABLE = "recherche_structure"
# Column weights for bm25, in Document.FIELDS order: the name counts most, synonyms least.
WEIGHTS = "10.0, 4.0, 2.0, 2.0, 1.0"


class SqliteSearch:
    """Full-text search over ``recherche_structure`` (FTS5, remove_diacritics 2, prefix index)."""

    name = "sqlite-fts5"

    def delete(self, session: Session, structure_ids: Sequence[int] | None) -> None:
        """Remove the documents of ``structure_ids`` (all when None)."""
        if structure_ids is None:
            session.execute(text(f"DELETE FROM {TABLE}"))
            return
        for chunk in _chunks(structure_ids):
            params = {f"i{n}": i for n, i in enumerate(chunk)}
            session.execute(text(f"DELETE FROM {TABLE} WHERE rowid IN ({', '.join(':' + k for k in params)})"),
                            params)

    def insert(self, session: Session, documents: Iterable[Document]) -> None:
        """Add documents (the rowid is the structure id)."""
        rows = [{"id": d.structure_id, **{f: getattr(d, f) for f in Document.FIELDS}} for d in documents]
        if rows:
            session.execute(text(f"INSERT INTO {TABLE} (rowid, {', '.join(Document.FIELDS)}) "
                                 f"VALUES (:id, {', '.join(':' + f for f in Document.FIELDS)})"), rows)

    def matches(self, session: Session, terms: Sequence[str], match_all: bool) -> list[int]:
        """Ids of the structures whose document has all (or any) of the term prefixes, unordered."""
        # Thousands of rowids for a broad query: the driver-level call skips per-row ORM overhead.
        result = session.connection().exec_driver_sql(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH ?",
                                                      (_query(terms, match_all),))
        return [row[0] for row in result.fetchall()]

    def ranked(self, session: Session, terms: Sequence[str], match_all: bool, name_only: bool = False) -> list[int]:
        """Matching ids, best first (bm25); ``name_only`` restricts the match to the name field."""
        result = session.connection().exec_driver_sql(
            f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH ? ORDER BY bm25({TABLE}, {WEIGHTS}), rowid",
            (_query(terms, match_all, "nom" if name_only else None),))
        return [row[0] for row in result.fetchall()]

    def vocabulary(self, session: Session) -> list[str]:
        """Every indexed token (for "did you mean" suggestions)."""
        return list(session.scalars(text("SELECT term FROM recherche_vocabulaire")))


def _query(terms: Sequence[str], match_all: bool, column: str | None = None) -> str:
    """An FTS5 query: each (already normalised, [a-z0-9]) term as a prefix, optionally in one column."""
    prefix = f"{column} : " if column else ""
    return (" AND " if match_all else " OR ").join(f'{prefix}"{t}"*' for t in terms)


def _chunks(ids: Sequence[int], size: int = 500) -> Iterable[Sequence[int]]:
    ids = list(ids)
    for start in range(0, len(ids), size):
        yield ids[start:start + size]
