"""What came after the first release: what the pipeline records on a message, unreadable and signed
submissions, how far each mailbox was read, the office's decisions, the audit log and web accounts.

Columns and tables are added only where missing: a database made by a version between the release and
migrations already has some of them (that version created them as it went).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Existing rows get the value the code gave a new row before it recorded these facts.
_EMPTY_LIST = sa.text("'[]'")


def _missing(table: str, columns: list[sa.Column]) -> list[sa.Column]:
    present = {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}
    return [c for c in columns if c.name not in present]


def _create_missing(name: str, *columns: sa.Column | sa.Constraint) -> bool:
    if sa.inspect(op.get_bind()).has_table(name):
        return False
    op.create_table(name, *columns)
    return True


def upgrade() -> None:
    new_message_columns = _missing(
        "messages",
        [
            sa.Column("automatic", sa.Boolean(), nullable=False, server_default=sa.false()),
            sa.Column("internal", sa.Boolean(), nullable=False, server_default=sa.false()),
            sa.Column("forwarded_from", sa.JSON(), nullable=False, server_default=_EMPTY_LIST),
            sa.Column("warnings", sa.JSON(), nullable=False, server_default=_EMPTY_LIST),
            sa.Column("content_key", sa.String(64), nullable=True),
            sa.Column("sender_check", sa.JSON(), nullable=True),
        ],
    )
    if new_message_columns:
        with op.batch_alter_table("messages") as batch:
            for column in new_message_columns:
                batch.add_column(column)
                if column.name == "content_key":
                    batch.create_unique_constraint("uq_messages_content_key", ["content_key"])
    new_submission_columns = _missing(
        "submissions",
        [
            sa.Column("kind", sa.String(20), nullable=False, server_default="report"),
            sa.Column("problems", sa.JSON(), nullable=False, server_default=_EMPTY_LIST),
            sa.Column("signatures", sa.JSON(), nullable=False, server_default=_EMPTY_LIST),
        ],
    )
    if new_submission_columns:
        with op.batch_alter_table("submissions") as batch:
            for column in new_submission_columns:
                batch.add_column(column)

    reads: list[sa.Column] = [
        sa.Column("mailbox", sa.String(300), primary_key=True),
        sa.Column("read_through", sa.DateTime(), nullable=True),
        sa.Column("failing_since", sa.DateTime(), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("needs_admin", sa.Boolean(), nullable=False, server_default=sa.false()),
    ]
    if not _create_missing("mailbox_reads", *reads):
        for column in _missing("mailbox_reads", [reads[-1]]):
            op.add_column("mailbox_reads", column)

    if _create_missing(
        "office_decisions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("report_id", sa.String(100), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.String(100), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("received_by", sa.String(200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(200), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.Column("undone_by", sa.String(200), nullable=True),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.Column("undo_reason", sa.Text(), nullable=False),
    ):
        op.create_index("ix_office_decisions_school_id", "office_decisions", ["school_id"])
    if _create_missing(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(50), nullable=False),
        sa.Column("target", sa.String(300), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
    ):
        op.create_index("ix_audit_log_at", "audit_log", ["at"])
    _create_missing(
        "web_users",
        sa.Column("username", sa.String(40), primary_key=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
    )
    if _create_missing(
        "web_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("username", sa.String(40), nullable=False),
        sa.Column("stamp", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
    ):
        op.create_index("ix_web_sessions_username", "web_sessions", ["username"])
    if _create_missing(
        "web_login_failures",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("username", sa.String(200), nullable=False),
        sa.Column("address", sa.String(100), nullable=False),
    ):
        op.create_index("ix_web_login_failures_at", "web_login_failures", ["at"])
