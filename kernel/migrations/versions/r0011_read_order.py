"""Each message's place in the order mail was first read in (messages.read_order), and the counter that
gives the next (read_counter): two reports of a school received in the same second are counted in the
mailbox's order, not in the order a reprocess happens to read them again.

The messages recorded before get their places in the order the status showed them until now: by receipt,
then their submissions' and review rows' order, then by key.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# UPDATE ... FROM: SQLite 3.33 and PostgreSQL alike; one pass, where a subquery per row read the ranking
# again for every message.
_PLACES = """
UPDATE messages SET read_order = ranked.place
FROM (
    SELECT m.key AS key, ROW_NUMBER() OVER (
        ORDER BY m.received_at,
            CASE WHEN s.first IS NULL THEN 1 ELSE 0 END, s.first,
            CASE WHEN r.first IS NULL THEN 1 ELSE 0 END, r.first,
            m.key
    ) AS place
    FROM messages AS m
    LEFT JOIN (SELECT message_key, MIN(id) AS first FROM submissions GROUP BY message_key) AS s
        ON s.message_key = m.key
    LEFT JOIN (SELECT message_key, MIN(id) AS first FROM reviews GROUP BY message_key) AS r
        ON r.message_key = m.key
) AS ranked
WHERE ranked.key = messages.key
"""


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("read_order", sa.Integer(), nullable=True))
    op.execute(_PLACES)
    with op.batch_alter_table("messages") as batch:
        batch.alter_column("read_order", existing_type=sa.Integer(), nullable=False)
    op.create_table(
        "read_counter",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("last", sa.Integer(), nullable=False),
    )
    op.execute("INSERT INTO read_counter (id, last) SELECT 1, COALESCE(MAX(read_order), 0) FROM messages")


def downgrade() -> None:
    op.drop_table("read_counter")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("read_order")
