"""Start-up: bring the schema up to date and load data/ into an empty database."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from wizard.dataload.load import is_empty, load_data
from wizard.migrate import upgrade
from wizard.search import index_version, reindex


def ensure_database(app: Flask) -> None:
    """Apply the Alembic migrations, then load data/ when no structure is present yet."""
    upgrade(app.extensions["db_engine"])
    with app.extensions["db_sessionmaker"]() as session:
        if is_empty(session):
            load_data(session, Path(app.config["DATA_DIR"]), app.extensions["taxonomy"])
            reindex(session, taxonomy=app.extensions["taxonomy"])
            session.commit()
        elif index_version(session) is None:
            # Data loaded before the search index existed (migration 0003): build it once.
            reindex(session, taxonomy=app.extensions["taxonomy"])
            session.commit()
