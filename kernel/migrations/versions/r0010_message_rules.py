"""The digest of the rules each message was read by (kernel.config.Config.rules): `doctor` says when
config.toml has changed what decides a message since mail was read (a plan added, a school's address
moved), so that staff read it again (baocao reprocess).

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("rules", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("rules")
