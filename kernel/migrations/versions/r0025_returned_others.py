"""Of the mail a delivery-failure report returns, the copies that are none of ours (messages.returned_others,
their Message-IDs): staff may write to a school from a mailbox of their own, and its bounce must not read as
our reminder or acknowledgement come back. The bounces recorded before name none.

Revision ID: 0025
Revises: 0024
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("returned_others", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("returned_others")
