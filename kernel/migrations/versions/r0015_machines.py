"""The rules (kernel.config.Config.rules) each machine sharing the database reads mail by, and when it was
last seen (kernel/machines.py): a machine whose config.toml differs from another's refuses to read mail
again, and doctor names the machines.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "machines",
        sa.Column("host", sa.String(255), primary_key=True),
        sa.Column("config", sa.String(1000), primary_key=True),
        sa.Column("rules", sa.String(16), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("machines")
