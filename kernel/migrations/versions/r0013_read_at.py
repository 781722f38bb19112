"""When a poll read each message that came to a mailbox already read through before it came
(messages.read_at): mail read days late (the machine off) is still acknowledged, its window counting
from then. The messages recorded before keep none: their window counts from their receipt, as before.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("read_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("read_at")
