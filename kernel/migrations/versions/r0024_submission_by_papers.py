"""Whether a submission's school is named by its papers (submissions.by_papers: a letterhead or a valid
signature, from an address no staff taught for a school): when the address turns out to send for another
school too, only the mail credited otherwise (on its subject, on the address alone) can change and is read
again, not every report the address sent before. Submissions recorded before are not known either way and
are read again as before.

Revision ID: 0024
Revises: 0023
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("by_papers", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("by_papers")
