"""Alembic environment: the engine comes from the caller (wizard.migrate) or DATABASE_URL."""
from __future__ import annotations

from alembic import context

import wizard.models  # noqa: F401  (registers every table)
from wizard.db import Base, make_engine

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as conn:
        _run(conn)


def _include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Leave out the search tables: raw SQL (FTS5 / tsvector) owned by migration 0003, not models."""
    return not (type_ == "table" and name and name.startswith("recherche_"))


def _run(connection) -> None:
    # SQLite cannot ALTER most constraints: batch mode rebuilds tables instead.
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite", compare_type=True,
                      include_object=_include_object)
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
