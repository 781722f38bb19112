"""The ties of learned addresses that ended (forgotten, or moved to another school), with when each was
learned and ended (dated_addresses): mail of a season closed by then, received while the tie stood,
keeps counting for the school it counted for. Ties ended before this revision were not kept.

Revision ID: 0022
Revises: 0021
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dated_addresses",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("email", sa.String(300), nullable=False),
        sa.Column("school_id", sa.String(100), nullable=False),
        sa.Column("message_key", sa.String(64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("learned_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_dated_addresses_email", "dated_addresses", ["email"])


def downgrade() -> None:
    op.drop_index("ix_dated_addresses_email", table_name="dated_addresses")
    op.drop_table("dated_addresses")
