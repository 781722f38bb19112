"""Whether a part of a message waiting for staff names no school while another part names candidates
(reviews.unnamed_part): the candidates' later reports do not settle it. Reviews recorded before have none.

Revision ID: 0021
Revises: 0020
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reviews") as batch:
        batch.add_column(sa.Column("unnamed_part", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reviews") as batch:
        batch.drop_column("unnamed_part")
