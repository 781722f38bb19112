"""Where each message was seen in the IMAP folders: (mailbox, UIDVALIDITY, UID) -> message key.

A folder's UIDVALIDITY and the last UID read are kept per mailbox, so nothing is fetched twice.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, String, Table, insert, select, update

from kernel.store import Store, insert_new, metadata

mailboxes = Table(
    "mailboxes",
    metadata,
    Column("mailbox", String(300), primary_key=True),
    Column("uidvalidity", BigInteger, nullable=False),
    Column("last_uid", BigInteger, nullable=False, default=0),
)

locations = Table(
    "locations",
    metadata,
    Column("mailbox", String(300), primary_key=True),
    Column("uidvalidity", BigInteger, primary_key=True),
    Column("uid", BigInteger, primary_key=True),
    Column("message_key", String(64), nullable=False, index=True),
)


class Locations:
    """The locations tables of a store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def mailbox_state(self, mailbox: str) -> tuple[int, int] | None:
        with self.store.engine.connect() as conn:
            row = conn.execute(select(mailboxes).where(mailboxes.c.mailbox == mailbox)).first()
        return (row.uidvalidity, row.last_uid) if row else None

    def set_mailbox_state(self, mailbox: str, uidvalidity: int, last_uid: int) -> None:
        with self.store.begin() as conn:
            done = conn.execute(
                update(mailboxes)
                .where(mailboxes.c.mailbox == mailbox)
                .values(uidvalidity=uidvalidity, last_uid=last_uid)
            )
            if done.rowcount == 0:
                conn.execute(
                    insert(mailboxes).values(mailbox=mailbox, uidvalidity=uidvalidity, last_uid=last_uid)
                )

    def seen_uids(self, mailbox: str, uidvalidity: int) -> set[int]:
        with self.store.engine.connect() as conn:
            rows = conn.execute(
                select(locations.c.uid).where(
                    locations.c.mailbox == mailbox, locations.c.uidvalidity == uidvalidity
                )
            )
            return {r.uid for r in rows}

    def add(self, mailbox: str, uidvalidity: int, uid: int, key: str) -> None:
        with self.store.begin() as conn:
            conn.execute(
                insert_new(conn, locations),
                {"mailbox": mailbox, "uidvalidity": uidvalidity, "uid": uid, "message_key": key},
            )
