"""The collecting unit a staff account of the page is bound to (web_users.unit): a commune's clerk sees
and decides only that unit's schools and mail. The accounts made before stay the whole office's.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("web_users") as batch:
        batch.add_column(sa.Column("unit", sa.String(40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("web_users") as batch:
        batch.drop_column("unit")
