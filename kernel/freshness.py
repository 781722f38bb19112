"""How far each mailbox has been read: mail to schools and staff is composed only from a current picture.

Intake marks a mailbox read up to the moment a poll began once every message then in the folder
is recorded, or unreachable when it cannot connect; the scheduler reads the marks before composing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Boolean, Column, String, Table, Text, insert, select, update

from kernel.config import Config
from kernel.store import Store, UTCDateTime, metadata
from kernel.timefmt import in_words

mailbox_reads = Table(
    "mailbox_reads",
    metadata,
    Column("mailbox", String(300), primary_key=True),
    Column("read_through", UTCDateTime, nullable=True),  # every message received by then is recorded
    Column("failing_since", UTCDateTime, nullable=True),  # first failed attempt since the last success
    Column("error", Text, nullable=False, default=""),
    # the failure needs a person (a refused login, a revoked token, a missing folder): no retry helps
    Column("needs_admin", Boolean, nullable=False, default=False),
)


@dataclass(frozen=True)
class MailboxRead:
    mailbox: str
    read_through: dt.datetime | None
    failing_since: dt.datetime | None
    error: str
    needs_admin: bool = False

    def fresh(self, now: dt.datetime, max_age: dt.timedelta) -> bool:
        return self.read_through is not None and self.read_through >= now - max_age


class Freshness:
    """The mailbox_reads table of a store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def mark_read(self, mailbox: str, through: dt.datetime) -> None:
        """Every message in the mailbox at `through` is recorded; clears a failure."""
        self._upsert(mailbox, read_through=through, failing_since=None, error="", needs_admin=False)

    def mark_failing(self, mailbox: str, error: str, at: dt.datetime, *, needs_admin: bool = False) -> None:
        """The mailbox could not be read at `at`; the first failure of a run of them is kept.

        needs_admin says that only a change of configuration can help (staff are told at once).
        """
        known = self.reads().get(mailbox)
        since = known.failing_since if known is not None and known.failing_since is not None else at
        self._upsert(mailbox, failing_since=since, error=error, needs_admin=needs_admin)

    def reads(self) -> dict[str, MailboxRead]:
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(mailbox_reads)).all()
        return {
            r.mailbox: MailboxRead(
                r.mailbox, r.read_through, r.failing_since, r.error or "", bool(r.needs_admin)
            )
            for r in rows
        }

    def _upsert(self, mailbox: str, **values: object) -> None:
        with self.store.begin() as conn:
            done = conn.execute(
                update(mailbox_reads).where(mailbox_reads.c.mailbox == mailbox).values(**values)
            )
            if done.rowcount == 0:
                conn.execute(insert(mailbox_reads).values(mailbox=mailbox, **{"error": "", **values}))


def stale_mailboxes(config: Config, store: Store, now: dt.datetime) -> list[MailboxRead]:
    """The configured mailboxes not read up to now: mail from the schools' status waits for them.

    Every configured mailbox counts (each folder of [imap] and each [[mailboxes]]); with none,
    mail comes in by import only and there is nothing to wait for.
    """
    max_age = dt.timedelta(minutes=config.scheduler.max_mailbox_age_minutes)
    reads = Freshness(store).reads() if config.mailboxes else {}
    stale = []
    for mailbox in config.mailboxes:
        read = reads.get(mailbox.name) or MailboxRead(mailbox.name, None, None, "")
        if not read.fresh(now, max_age):
            stale.append(read)
    return stale


def held_reason(stale: Sequence[MailboxRead], tz: dt.tzinfo) -> str:
    """The stale mailboxes in words for staff: how far each was read, and why not further."""
    parts = []
    for read in stale:
        said = f"đọc đến {in_words(read.read_through, tz)}" if read.read_through else "chưa được đọc lần nào"
        parts.append(f"hộp thư {_shown(read.mailbox)} {said}" + (f" ({read.error})" if read.error else ""))
    return "; ".join(parts)


def _shown(name: str) -> str:
    """A mailbox as staff know it, from the name the store keeps (ImapConfig.name, user@host:port/FOLDER):
    «pgd@example.edu.vn (thư mục INBOX, máy chủ mail.example.edu.vn:993)»."""
    user, _, rest = name.rpartition("@")
    server, _, folder = rest.partition("/")
    return f"{user} (thư mục {folder}, máy chủ {server})" if user and folder else name
