"""Revision 0002 (back-office) upgrades an existing database loaded at 0001 without losing data."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select, text
from sqlalchemy.orm import Session

import wizard.models  # noqa: F401
from wizard.admin.edition import save_fiche, snapshot
from wizard.auth.services import create_user
from wizard.config import ROOT
from wizard.dataload.load import load_data
from wizard.db import Base, make_engine
from wizard.migrate import upgrade
from wizard.models import Revision, Structure, Suggestion
from wizard.taxonomy import load_taxonomy

DATA = ROOT / "data"
OLD_TABLES = ("commune", "epci", "structure", "contact", "offre", "offre_tag", "offre_territoire", "source",
              "dispositif", "enquete_connaissance", "enquete_besoin", "suggestion")
NEW_TABLES = ("utilisateur", "utilisateur_structure", "invitation", "revision")


def _counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t: conn.scalar(text(f"SELECT count(*) FROM {t}")) for t in OLD_TABLES}


def test_upgrade_from_0001_with_data_keeps_everything(db_url):
    engine = make_engine(db_url)
    taxonomy = load_taxonomy(DATA / "taxonomie.yaml")
    upgrade(engine, "0001")
    with Session(engine) as session:
        load_data(session, DATA, taxonomy)
        structure = session.scalar(select(Structure).where(Structure.slug == "caue-53"))
        session.add(Suggestion(structure_id=structure.id, champ="telephone", message="à jour ?"))
        session.commit()
        fiche_before = snapshot(structure)
    before = _counts(engine)
    assert before["structure"] > 30 and before["suggestion"] == 1
    assert not set(NEW_TABLES) & set(inspect(engine).get_table_names())

    upgrade(engine)  # head, as the start-up does

    assert _counts(engine) == before
    assert set(NEW_TABLES) <= set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        assert set(conn.scalars(text("SELECT version_num FROM alembic_version"))) == {"0004"}
    with Session(engine) as session:
        structure = session.scalar(select(Structure).where(Structure.slug == "caue-53"))
        assert snapshot(structure) == fiche_before
        # The new tables work on the upgraded database: an account, an edit with its history.
        create_user(session, "admin@ddt53.fr", "une phrase de passe solide", "editeur", ["caue-53"])
        save_fiche(session, taxonomy, structure, {**fiche_before, "sigle": "CAUE"}, structure.version, "admin@ddt53.fr")
        session.commit()
        assert session.scalar(select(func.count()).select_from(Revision)) == 1
    upgrade(engine)  # idempotent
    engine.dispose()


def test_migration_0002_matches_the_models(tmp_path):
    """Autogenerate finds nothing to add for the back-office tables once 0002 is applied."""
    engine = make_engine(f"sqlite:///{tmp_path / 'compare.sqlite'}")
    upgrade(engine)
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    engine.dispose()

    def table_of(diff) -> str | None:
        item = diff[0] if isinstance(diff, list) else diff  # modify_* come grouped in a list
        op = item[0]
        if op in ("add_table", "remove_table"):
            return item[1].name
        if op in ("add_column", "remove_column") or op.startswith("modify_"):
            return item[2]
        if op in ("add_index", "remove_index", "add_constraint", "remove_constraint", "add_fk", "remove_fk"):
            return item[1].table.name
        return None

    ours = [d for d in diffs if table_of(d) in NEW_TABLES]
    assert ours == []
