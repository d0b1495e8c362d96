"""back-office : comptes, rattachement aux structures, invitations, historique des fiches

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 19:10:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('utilisateur',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('nom', sa.String(length=200), nullable=True),
    sa.Column('mot_de_passe', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('actif', sa.Boolean(), nullable=False),
    sa.Column('echecs', sa.Integer(), nullable=False),
    sa.Column('bloque_jusqu_a', sa.DateTime(), nullable=True),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('cree_le', sa.DateTime(), nullable=False),
    sa.Column('derniere_connexion', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_utilisateur')),
    sa.UniqueConstraint('email', name=op.f('uq_utilisateur_email'))
    )
    op.create_table('utilisateur_structure',
    sa.Column('utilisateur_id', sa.Integer(), nullable=False),
    sa.Column('structure_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['structure_id'], ['structure.id'],
                            name=op.f('fk_utilisateur_structure_structure_id_structure'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['utilisateur_id'], ['utilisateur.id'],
                            name=op.f('fk_utilisateur_structure_utilisateur_id_utilisateur'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('utilisateur_id', 'structure_id', name=op.f('pk_utilisateur_structure'))
    )
    op.create_table('invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('structures', sa.JSON(), nullable=False),
    sa.Column('cree_par', sa.String(length=200), nullable=True),
    sa.Column('cree_le', sa.DateTime(), nullable=False),
    sa.Column('expire_le', sa.DateTime(), nullable=False),
    sa.Column('utilisee_le', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_invitation_token_hash'))
    )
    op.create_table('revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('structure_id', sa.Integer(), nullable=False),
    sa.Column('auteur', sa.String(length=200), nullable=False),
    sa.Column('cree_le', sa.DateTime(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('changements', sa.JSON(), nullable=False),
    sa.Column('avant', sa.JSON(), nullable=False),
    sa.Column('apres', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['structure_id'], ['structure.id'],
                            name=op.f('fk_revision_structure_id_structure'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_revision'))
    )
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revision_cree_le'), ['cree_le'], unique=False)
        batch_op.create_index(batch_op.f('ix_revision_structure_id'), ['structure_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_revision_structure_id'))
        batch_op.drop_index(batch_op.f('ix_revision_cree_le'))
    op.drop_table('revision')
    op.drop_table('invitation')
    op.drop_table('utilisateur_structure')
    op.drop_table('utilisateur')
