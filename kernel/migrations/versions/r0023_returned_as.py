"""Why our mail to each address a delivery-failure report names came back (messages.returned_as, by the
class of the report's status: no such address, mailbox full or disabled, refused as spam, a passing
trouble), replacing the addresses whose mailbox was full (messages.full_mailboxes): every other bounce was
read as an address that does not exist, though a refusal for spam says the address is right. The bounces
recorded before keep what was known of them: full, or some other failure. And which of our mail it
returned (messages.returned_mail, send-log keys), so that the send log says «Bị trả lại» of it rather than
«Đã gửi»; the bounces recorded before name none.

Revision ID: 0023
Revises: 0022
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

_MESSAGES = sa.table(
    "messages",
    sa.column("key", sa.String()),
    sa.column("bounced", sa.JSON()),
    sa.column("full_mailboxes", sa.JSON()),
    sa.column("returned_as", sa.JSON()),
)


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("returned_as", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("returned_mail", sa.JSON(), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(_MESSAGES.c.key, _MESSAGES.c.bounced, _MESSAGES.c.full_mailboxes).where(
            _MESSAGES.c.bounced.is_not(None)
        )
    ).all()
    for key, bounced, full in rows:
        if bounced:
            why = {a: "full" if a in (full or ()) else "other" for a in bounced}
            conn.execute(_MESSAGES.update().where(_MESSAGES.c.key == key).values(returned_as=why))
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("full_mailboxes")


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("full_mailboxes", sa.JSON(), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(sa.select(_MESSAGES.c.key, _MESSAGES.c.returned_as)).all()
    for key, why in rows:
        if why:
            full = [a for a, was in why.items() if was == "full"]
            conn.execute(_MESSAGES.update().where(_MESSAGES.c.key == key).values(full_mailboxes=full))
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("returned_mail")
        batch.drop_column("returned_as")
