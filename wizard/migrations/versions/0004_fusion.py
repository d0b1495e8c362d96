"""Merge the two branches started from 0001: back-office (0002) and search (0003).

Revision ID: 0004
Revises: 0002, 0003
"""
from __future__ import annotations

revision = "0004"
down_revision = ("0002", "0003")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change: the two branches touch different tables."""


def downgrade() -> None:
    """Nothing to change."""
