"""The message a submission's mail forwards (submissions.forwards: its Message-ID and when it says it was
sent): a clerk's forward of a school's earlier mail is a copy of that submission, never a new version.
Submissions recorded before forward nothing known.

Revision ID: 0020
Revises: 0019
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("forwards", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("forwards")
