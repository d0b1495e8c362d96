"""Workshop sessions may belong to the partner account that created them.

Revision ID: 0010
Revises: 0009
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('atelier', schema=None) as batch_op:
        batch_op.add_column(sa.Column('proprietaire_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_atelier_proprietaire_id_utilisateur'), 'utilisateur',
                                    ['proprietaire_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('atelier', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_atelier_proprietaire_id_utilisateur'), type_='foreignkey')
        batch_op.drop_column('proprietaire_id')
