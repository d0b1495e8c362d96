"""Failed logins counted per e-mail address (hashed) in their own table, with a progressive wait,
instead of a counter and a lock on the account (the same behaviour whether the account exists or not);
the active parcours version, which every instance follows.

Revision ID: 0008
Revises: 0007
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('tentative_connexion',
    sa.Column('cle', sa.String(length=64), nullable=False),
    sa.Column('echecs', sa.Integer(), nullable=False),
    sa.Column('attente_jusqu_a', sa.Float(), nullable=False),
    sa.Column('maj_le', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('cle', name=op.f('pk_tentative_connexion'))
    )
    with op.batch_alter_table('tentative_connexion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tentative_connexion_maj_le'), ['maj_le'], unique=False)
    op.create_table('parcours_actif',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('numero', sa.Integer(), nullable=False),
    sa.Column('empreinte', sa.String(length=64), nullable=False),
    sa.Column('recharge_le', sa.DateTime(), nullable=False),
    sa.Column('recharge_par', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parcours_actif'))
    )
    # A running lock is not carried over: it was at most 15 minutes, and per account, not per address.
    with op.batch_alter_table('utilisateur', schema=None) as batch_op:
        batch_op.drop_column('bloque_jusqu_a')
        batch_op.drop_column('echecs')


def downgrade() -> None:
    with op.batch_alter_table('utilisateur', schema=None) as batch_op:
        batch_op.add_column(sa.Column('echecs', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('bloque_jusqu_a', sa.DateTime(), nullable=True))
    with op.batch_alter_table('tentative_connexion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tentative_connexion_maj_le'))
    op.drop_table('tentative_connexion')
    op.drop_table('parcours_actif')
