"""The schema of the first release: what an office's database holds before migrations were used.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mailboxes",
        sa.Column("mailbox", sa.String(300), primary_key=True),
        sa.Column("uidvalidity", sa.BigInteger(), nullable=False),
        sa.Column("last_uid", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "locations",
        sa.Column("mailbox", sa.String(300), primary_key=True),
        sa.Column("uidvalidity", sa.BigInteger(), primary_key=True),
        sa.Column("uid", sa.BigInteger(), primary_key=True),
        sa.Column("message_key", sa.String(64), nullable=False),
    )
    op.create_index("ix_locations_message_key", "locations", ["message_key"])
    op.create_table(
        "messages",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("message_id", sa.String(500), nullable=False),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("sender", sa.String(300), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_messages_message_id", "messages", ["message_id"])
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("message_key", sa.String(64), nullable=False),
        sa.Column("message_id", sa.String(500), nullable=False),
        sa.Column("report_id", sa.String(100), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.String(100), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("sender", sa.String(300), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("sections_found", sa.JSON(), nullable=False),
        sa.Column("sections_missing", sa.JSON(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.UniqueConstraint("message_key", "report_id", "school_id", name="uq_submission"),
    )
    op.create_index("ix_submissions_message_key", "submissions", ["message_key"])
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("message_key", sa.String(64), nullable=False),
        sa.Column("message_id", sa.String(500), nullable=False),
        sa.Column("report_id", sa.String(100), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("sender", sa.String(300), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("candidates", sa.JSON(), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.UniqueConstraint("message_key", "report_id", name="uq_review"),
    )
    op.create_index("ix_reviews_message_key", "reviews", ["message_key"])
    op.create_table(
        "decisions",
        sa.Column("message_key", sa.String(64), primary_key=True),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("school_id", sa.String(100), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "learned_addresses",
        sa.Column("email", sa.String(300), primary_key=True),
        sa.Column("school_id", sa.String(100), nullable=False),
        sa.Column("message_key", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("active", sa.Integer(), nullable=False),
    )
    op.create_table(
        "parse_cache",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("version", sa.String(20), primary_key=True),
        sa.Column("reading", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "outbox",
        sa.Column("key", sa.String(300), primary_key=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("report_id", sa.String(100), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("school_id", sa.String(100), nullable=True),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("message", sa.LargeBinary(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
    )
