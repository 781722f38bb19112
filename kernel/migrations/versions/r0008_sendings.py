"""Which message first claimed a sending (kernel/store.py sendings): two copies of one mail read at once
are recorded once.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sendings",
        sa.Column("sending", sa.String(64), primary_key=True),
        sa.Column("message_key", sa.String(64), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sendings")
