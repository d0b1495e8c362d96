"""recherche plein texte des structures (FTS5 sous SQLite, tsvector + GIN + unaccent sous PostgreSQL)

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-25 19:30:00

The index is derived data, filled by ``wizard.search.reindex``. Its tables are not ORM models
(an FTS5 virtual table cannot be one), hence raw, dialect-conditional SQL; ``IF NOT EXISTS``
keeps the upgrade re-runnable on a database whose ORM tables were dropped and recreated.
"""
from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    # Version stamp of the index: app instances compare it to invalidate their cached facets.
    op.execute("CREATE TABLE IF NOT EXISTS recherche_etat (cle VARCHAR(40) PRIMARY KEY, valeur VARCHAR(64) NOT NULL)")
    if dialect == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS recherche_structure USING fts5("
            "nom, themes, offres, texte, synonymes, "
            "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')")
        op.execute("CREATE VIRTUAL TABLE IF NOT EXISTS recherche_vocabulaire USING fts5vocab(recherche_structure, 'row')")
    elif dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        op.execute("CREATE TABLE IF NOT EXISTS recherche_structure ("
                   "structure_id INTEGER PRIMARY KEY, document TSVECTOR NOT NULL)")
        op.execute("CREATE INDEX IF NOT EXISTS ix_recherche_structure_document "
                   "ON recherche_structure USING gin (document)")
    else:
        raise NotImplementedError(f"recherche plein texte : base « {dialect} » non prise en charge")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TABLE IF EXISTS recherche_vocabulaire")
    op.execute("DROP TABLE IF EXISTS recherche_structure")
    op.execute("DROP TABLE IF EXISTS recherche_etat")
