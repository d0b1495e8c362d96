"""E-mail subscriptions without an account (double opt-in), the news they receive, and the fingerprints
the news are computed from.

Revision ID: 0009
Revises: 0008
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('abonnement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('territoire', sa.String(length=9), nullable=False),
    sa.Column('thematiques', sa.JSON(), nullable=False),
    sa.Column('jeton', sa.String(length=64), nullable=False),
    sa.Column('cree_le', sa.DateTime(), nullable=False),
    sa.Column('confirme_le', sa.DateTime(), nullable=True),
    sa.Column('derniere_actualite', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_abonnement')),
    sa.UniqueConstraint('jeton', name=op.f('uq_abonnement_jeton'))
    )
    with op.batch_alter_table('abonnement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_abonnement_email'), ['email'], unique=False)
    op.create_table('actualite',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('cle', sa.String(length=170), nullable=False),
    sa.Column('titre', sa.String(length=400), nullable=False),
    sa.Column('texte', sa.Text(), nullable=False),
    sa.Column('chemin', sa.String(length=300), nullable=False),
    sa.Column('thematiques', sa.JSON(), nullable=False),
    sa.Column('territoires', sa.JSON(), nullable=False),
    sa.Column('cree_le', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actualite'))
    )
    with op.batch_alter_table('actualite', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_actualite_cle'), ['cle'], unique=False)
        batch_op.create_index(batch_op.f('ix_actualite_cree_le'), ['cree_le'], unique=False)
    op.create_table('etat_suivi',
    sa.Column('cle', sa.String(length=180), nullable=False),
    sa.Column('empreinte', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('cle', name=op.f('pk_etat_suivi'))
    )


def downgrade() -> None:
    op.drop_table('etat_suivi')
    with op.batch_alter_table('actualite', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_actualite_cree_le'))
        batch_op.drop_index(batch_op.f('ix_actualite_cle'))
    op.drop_table('actualite')
    with op.batch_alter_table('abonnement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_abonnement_email'))
    op.drop_table('abonnement')
