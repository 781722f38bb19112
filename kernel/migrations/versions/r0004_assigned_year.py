"""The season and the plan staff choose when they assign a message to a school (decisions.year,
decisions.report_id).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("decisions", sa.Column("year", sa.Integer(), nullable=True))
    op.add_column("decisions", sa.Column("report_id", sa.String(100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("decisions") as batch:
        batch.drop_column("report_id")
        batch.drop_column("year")
