"""The digest of each sent mail's key that its Message-ID holds (outbox.message_hash, indexed): a school's
reply names our mail by its Message-ID, and the mail it answers is found by the index, where every key in
the send log was digested again for each reply.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

_BATCH = 1000


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("message_hash", sa.String(32), nullable=True))
    conn = op.get_bind()
    outbox = sa.table("outbox", sa.column("key", sa.String), sa.column("message_hash", sa.String))
    keys = conn.execute(sa.select(outbox.c.key)).scalars().all()
    fill = sa.update(outbox).where(outbox.c.key == sa.bindparam("wanted"))
    for start in range(0, len(keys), _BATCH):
        conn.execute(
            fill.values(message_hash=sa.bindparam("digest")),
            [
                # kernel.mailids.digest, as it stands in this revision
                {"wanted": key, "digest": hashlib.sha256(key.encode()).hexdigest()[:32]}
                for key in keys[start : start + _BATCH]
            ],
        )
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column("message_hash", existing_type=sa.String(32), nullable=False)
        batch.create_index("ix_outbox_message_hash", ["message_hash"])


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_index("ix_outbox_message_hash")
        batch.drop_column("message_hash")
