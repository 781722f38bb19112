"""Of the addresses a delivery-failure report says our mail could not reach (messages.bounced), those whose
mailbox was full (messages.full_mailboxes): the address is right, its owner must make room, and nobody is
asked for a new one. The bounces recorded before name none: they read as an address that takes no mail.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("full_mailboxes", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("full_mailboxes")
