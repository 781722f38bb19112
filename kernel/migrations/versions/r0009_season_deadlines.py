"""The deadline each season ran with (kernel/deadlines.py season_deadlines): a deadline changed in
config.toml for a new season no longer rewrites who was on time in the seasons before it unnoticed.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "season_deadlines",
        sa.Column("report_id", sa.String(100), primary_key=True),
        sa.Column("year", sa.Integer(), primary_key=True),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("season_deadlines")
