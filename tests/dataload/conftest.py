"""Data-load fixtures: a writable copy of data/ to break on purpose, sessions, snapshots of what a load wrote."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import wizard.models  # noqa: F401  (registers every table)
from tests.conftest import DATA_DIR
from wizard.dataload.mapping import row_to_fiche
from wizard.db import Base, make_engine
from wizard.models import (
    Contact,
    Dispositif,
    EnqueteBesoin,
    EnqueteConnaissance,
    Offre,
    OffreTag,
    OffreTerritoire,
    Revision,
    Source,
    Structure,
)
from wizard.taxonomy import Taxonomy, load_taxonomy

COUNTED = (Structure, Offre, OffreTag, OffreTerritoire, Contact, Source, Dispositif, EnqueteBesoin,
           EnqueteConnaissance, Revision)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ (without the national territory files the loader does not read)."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns("*-france.json.gz"))
    return target


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return load_taxonomy(DATA_DIR / "taxonomie.yaml")


@contextmanager
def session_on(url: str) -> Iterator[Session]:
    """A session on a fresh engine (tables created), disposed afterwards: PostgreSQL connections must not leak."""
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def structure(session: Session, slug: str) -> Structure:
    return session.scalar(select(Structure).where(Structure.slug == slug))


def snapshot(session: Session) -> dict:
    """Everything a load writes, independent of generated ids."""
    return {
        "structures": [row_to_fiche(s) for s in session.scalars(select(Structure).order_by(Structure.slug))],
        "dispositifs": [(d.slug, d.nom, d.debut, d.sources, d.eligibilite)
                        for d in session.scalars(select(Dispositif).order_by(Dispositif.slug))],
        "counts": {m.__name__: session.scalar(select(func.count()).select_from(m)) for m in COUNTED},
    }


def replace_once(path: Path, old: str, new: str) -> int:
    """Replace the first occurrence of ``old`` in ``path``; return the 1-based line where it starts."""
    content = path.read_text(encoding="utf-8")
    index = content.index(old)
    path.write_text(content.replace(old, new, 1), encoding="utf-8")
    return content.count("\n", 0, index) + 1


def read_plain(path: Path):
    """A data file as plain Python values (what an author wrote), independently of the loader."""
    with path.open(encoding="utf-8") as fh:
        return YAML(typ="safe").load(fh)
