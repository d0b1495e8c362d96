"""Full-text search of the structures: one interface, a SQLite FTS5 and a PostgreSQL implementation.

The implementation is chosen from the session's dialect. The index is derived data: call
``reindex(session)`` after ``flask data load`` and ``reindex(session, [id])`` after an edit
(the caller commits, as for any service).
"""
from __future__ import annotations

import difflib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import text
from sqlalchemy.orm import Session

from wizard.search.documents import Document, iter_documents
from wizard.search.postgres_fts import PostgresSearch
from wizard.search.sqlite_fts import SqliteSearch
from wizard.taxonomy import Taxonomy
from wizard.text import normalize, tokens

__all__ = ["SearchResult", "index_version", "normalize", "reindex", "search", "suggest", "tokens"]


class SearchBackend(Protocol):
    """What each database implementation provides."""

    name: str

    def delete(self, session: Session, structure_ids: Sequence[int] | None) -> None: ...
    def insert(self, session: Session, documents: Sequence[Document]) -> None: ...
    def matches(self, session: Session, terms: Sequence[str], match_all: bool) -> list[int]: ...
    def ranked(self, session: Session, terms: Sequence[str], match_all: bool,
               name_only: bool = False) -> list[int]: ...
    def vocabulary(self, session: Session) -> list[str]: ...


_BACKENDS: dict[str, SearchBackend] = {"sqlite": SqliteSearch(), "postgresql": PostgresSearch()}


#: Above this many matches, scoring them all costs more than it helps (a query as broad as
#: "ingénierie" over 10,000 structures): only the structures whose *name* matches are ranked.
RANK_LIMIT = 2000


@dataclass(frozen=True)
class SearchResult:
    """Matching structure ids, best first.

    ``match_all`` is False when no structure had every word (any word then). ``ranked`` is None
    when every id is ranked, else the number of ranked ids at the head (the rest is unordered).
    """

    ids: list[int]
    terms: tuple[str, ...]
    match_all: bool = True
    ranked: int | None = None


def backend_for(session: Session) -> SearchBackend:
    """The implementation for the session's database."""
    dialect = session.get_bind().dialect.name
    try:
        return _BACKENDS[dialect]
    except KeyError:
        raise RuntimeError(f"Recherche plein texte non prise en charge pour la base « {dialect} »") from None


def _taxonomy(taxonomy: Taxonomy | None) -> Taxonomy:
    if taxonomy is not None:
        return taxonomy
    from flask import current_app, has_app_context

    if has_app_context():
        return current_app.extensions["taxonomy"]
    from pathlib import Path

    from wizard.config import Config
    from wizard.taxonomy import load_taxonomy

    return load_taxonomy(Path(Config.DATA_DIR) / "taxonomie.yaml")


def reindex(session: Session, structure_ids: Sequence[int] | None = None,
            taxonomy: Taxonomy | None = None) -> None:
    """Rebuild the index entries of ``structure_ids`` (every structure when None); the caller commits.

    A deleted structure's id may be passed: its entry is removed and nothing re-added. Pending
    changes are flushed first (a new structure has its id once ``session.flush()`` has run).
    """
    backend = backend_for(session)
    session.flush()
    ids = None if structure_ids is None else list(structure_ids)
    backend.delete(session, ids)
    backend.insert(session, list(iter_documents(session, _taxonomy(taxonomy), ids)))
    # A new random version tells every app instance that its cached facet data is stale.
    session.execute(text("DELETE FROM recherche_etat WHERE cle = 'version'"))
    session.execute(text("INSERT INTO recherche_etat (cle, valeur) VALUES ('version', :v)"),
                    {"v": uuid.uuid4().hex})


def index_version(session: Session) -> str | None:
    """The version stamp written by the last ``reindex`` (None: never indexed)."""
    return session.scalar(text("SELECT valeur FROM recherche_etat WHERE cle = 'version'"))


def search(session: Session, query: str) -> SearchResult:
    """Structures matching every word of ``query`` (as prefixes), else any word; best first."""
    terms = tuple(dict.fromkeys(tokens(query)))
    if not terms:
        return SearchResult(ids=[], terms=())
    backend = backend_for(session)
    match_all = True
    ids = backend.matches(session, terms, match_all)
    if not ids and len(terms) > 1:
        match_all = False
        ids = backend.matches(session, terms, match_all)
    if len(ids) <= RANK_LIMIT:
        ranked = backend.ranked(session, terms, match_all) if ids else []
        return SearchResult(ids=ranked, terms=terms, match_all=match_all)
    head = backend.ranked(session, terms, match_all, name_only=True)
    seen = set(head)
    return SearchResult(ids=head + [i for i in ids if i not in seen], terms=terms, match_all=match_all,
                        ranked=len(head))


def suggest(session: Session, query: str) -> str | None:
    """A corrected query made of the closest indexed words ("cereme" → "cerema"), or None."""
    terms = tokens(query)
    if not terms:
        return None
    vocabulary = [w for w in backend_for(session).vocabulary(session) if len(w) > 2 and not w.isdigit()]
    corrected = []
    for term in terms:
        close = difflib.get_close_matches(term, vocabulary, n=1, cutoff=0.7)
        corrected.append(close[0] if close else term)
    return " ".join(corrected) if corrected != terms else None
