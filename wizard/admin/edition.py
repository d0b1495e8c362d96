"""Edit a structure's fiche as a whole: snapshot, validate, apply with optimistic locking and history.

A fiche is handled in the data-file shape (``data/structures.yaml``): the same
rules validate the files and the back-office, and a snapshot can be restored.
Services never commit: the view owns the transaction.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from wizard.admin.diff import diff
from wizard.dataload.mapping import fiche_children, fiche_to_row, row_to_fiche
from wizard.dataload.policy import SourcePolicy
from wizard.dataload.validate import Checker, check_structure
from wizard.models import Commune, Dispositif, Epci, Revision, Structure
from wizard.taxonomy import Taxonomy


class Conflict(Exception):
    """The fiche was saved by someone else since the editor loaded it (optimistic locking)."""

    def __init__(self, structure: Structure, expected_version: int):
        self.structure = structure
        self.expected_version = expected_version
        super().__init__(f"{structure.slug}: version {structure.version} ≠ {expected_version}")


class InvalidFiche(Exception):
    """The proposed fiche breaks a data rule; messages are in French."""

    def __init__(self, messages: tuple[str, ...]):
        self.messages = messages
        super().__init__("\n".join(messages))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def snapshot(structure: Structure) -> dict[str, Any]:
    """The whole fiche as JSON-safe data (the data-file shape)."""
    return _jsonable(row_to_fiche(structure))


def validate_fiche(session: Session, taxonomy: Taxonomy, data: dict[str, Any],
                   policy: SourcePolicy | None = None) -> list[str]:
    """The data rules of data/structures/ applied to one proposed fiche; French messages."""
    communes = set(session.scalars(select(Commune.code)))
    epcis = set(session.scalars(select(Epci.code)))
    checker = Checker("fiche", taxonomy, communes, epcis, policy or SourcePolicy())
    check_structure(data, checker, set(session.scalars(select(Dispositif.slug))))
    return [f"{e.field.split('.', 1)[-1]} : {e.message}" for e in checker.errors]


def apply_snapshot(session: Session, structure: Structure, data: dict[str, Any]) -> None:
    """Write a fiche onto ``structure`` (its contacts, offers and sources are replaced)."""
    fiche_to_row(data, structure)
    # The structure's UPDATE … WHERE version = loaded version goes first, even when only children change:
    # a stale save stops here (StaleDataError), before touching any contact, offer or source.
    flag_modified(structure, "nom")
    session.flush()
    # Old children must be gone before new ones reuse their unique (structure, slug).
    structure.sources, structure.contacts, structure.offres = [], [], []
    session.flush()
    fiche_children(data, structure)


def save_fiche(session: Session, taxonomy: Taxonomy, structure: Structure, proposed: dict[str, Any],
               expected_version: int, auteur: str, action: str = "modification",
               policy: SourcePolicy | None = None) -> Revision:
    """Validate and apply ``proposed``; record a Revision; raise Conflict or InvalidFiche."""
    if structure.version != expected_version:
        raise Conflict(structure, expected_version)
    before = snapshot(structure)
    proposed = {**proposed, "slug": structure.slug}
    errors = validate_fiche(session, taxonomy, proposed, policy)
    if errors:
        raise InvalidFiche(tuple(errors))
    apply_snapshot(session, structure, proposed)
    session.flush()
    after = snapshot(structure)
    revision = Revision(structure_id=structure.id, auteur=auteur, action=action, changements=diff(before, after),
                        avant=before, apres=after, version=structure.version)
    session.add(revision)
    session.flush()
    return revision


def create_fiche(session: Session, taxonomy: Taxonomy, proposed: dict[str, Any], auteur: str,
                 policy: SourcePolicy | None = None) -> Structure:
    """Validate and add a new structure; its history opens on a "creation" entry. Raise InvalidFiche.

    The fiche then counts as edited since the last load (no load fingerprint, a back-office entry):
    ``flask data load`` refuses to drop it until ``flask data export`` has written it to data/.
    """
    errors = validate_fiche(session, taxonomy, proposed, policy)
    slug = proposed.get("slug")
    taken = session.scalars(select(Structure.slug).where(Structure.slug == slug)).first() or any(
        slug in (s.anciens_slugs or ()) for s in session.scalars(select(Structure)))
    if taken:
        errors.append(f"slug : l'identifiant « {slug} » est déjà celui d'une fiche")
    if errors:
        raise InvalidFiche(tuple(errors))
    structure = Structure(slug=slug)
    fiche_to_row(proposed, structure)
    session.add(structure)
    session.flush()
    fiche_children(proposed, structure)
    session.flush()
    after = snapshot(structure)
    session.add(Revision(structure_id=structure.id, auteur=auteur, action="creation", changements=diff({}, after),
                         avant={}, apres=after, version=structure.version))
    session.flush()
    return structure


def revisions(session: Session, structure: Structure) -> list[Revision]:
    """The fiche's history, newest first."""
    return list(session.scalars(select(Revision).where(Revision.structure_id == structure.id)
                                .order_by(Revision.cree_le.desc(), Revision.id.desc())))


def revisions_since(session: Session, structure: Structure, version: int) -> list[Revision]:
    """The revisions saved after ``version`` (those an editor with a stale form has not seen)."""
    return list(session.scalars(select(Revision).where(Revision.structure_id == structure.id,
                                                       Revision.version > version).order_by(Revision.id)))

