"""Save a fiche from a view: optimistic locking, validation, history, search reindex, commit."""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from sqlalchemy.orm.exc import StaleDataError

from wizard.admin.access import me
from wizard.admin.diff import diff
from wizard.admin.edition import (
    Conflict,
    InvalidFiche,
    revisions_since,
    save_fiche,
    snapshot,
)
from wizard.db import get_session
from wizard.models import Revision, Structure


@dataclass
class Outcome:
    """What happened to a save: a revision, or a conflict to show, or validation errors."""

    revision: Revision | None = None
    conflict: dict[str, Any] | None = None
    errors: list[str] = field(default_factory=list)


def parse_version(text: str | None) -> int:
    try:
        return int(text or "")
    except ValueError:
        return -1  # a missing or tampered version can only conflict


def conflict_view(structure: Structure, expected: int, yours: dict[str, Any]) -> dict[str, Any]:
    """Both versions field by field: the one saved meanwhile (theirs) and the submitted one (yours)."""
    theirs = snapshot(structure)
    yours = {**yours, "slug": structure.slug}
    return {"differences": diff(theirs, yours), "revisions": revisions_since(get_session(), structure, expected),
            "version": structure.version}


def reindex(structure_id: int) -> None:
    """Refresh the search index when the search package is installed (built in parallel)."""
    if importlib.util.find_spec("wizard.search") is None:
        return
    from wizard.search import reindex as search_reindex  # type: ignore[attr-defined]

    search_reindex(get_session(), structure_ids=[structure_id])


def save(structure: Structure, proposed: dict[str, Any], version_text: str | None,
         action: str = "modification") -> Outcome:
    """Try to save ``proposed`` as the new fiche; commit on success, roll back otherwise."""
    session = get_session()
    expected = parse_version(version_text)
    try:
        revision = save_fiche(session, current_app.extensions["taxonomy"], structure, proposed, expected,
                              auteur=me().email, action=action, policy=current_app.extensions["politique_sources"])
    except Conflict:
        session.rollback()
        return Outcome(conflict=conflict_view(structure, expected, proposed))
    except StaleDataError:
        # Saved by another request between our read and our write: same answer as a visible conflict.
        session.rollback()
        session.refresh(structure)
        return Outcome(conflict=conflict_view(structure, expected, proposed))
    except InvalidFiche as exc:
        session.rollback()
        return Outcome(errors=list(exc.messages))
    reindex(structure.id)
    session.commit()
    return Outcome(revision=revision)
