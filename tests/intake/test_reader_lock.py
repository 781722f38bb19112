"""The right to read a mailbox among machines sharing one PostgreSQL database is given back when a reader
lets go of it, not only when its process ends."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, text

from intake.errors import LockedError, LockLostError
from intake.lock import AdvisoryLock
from kernel.store import Store
from tests.conftest import _fresh_database

MAILBOX = "vhxh.myan@example.gov.vn/INBOX"


def test_a_reader_that_lets_go_of_a_mailbox_lets_another_machine_read_it(
    postgres_url: str, postgres_migrated: str
) -> None:
    """A machine that could not see the shared archive refused to read each mailbox and let go of it, but
    its pooled database session kept the lock: the healthy machine never read those mailboxes, and their
    schools stayed «Chưa nộp» for as long as the first machine ran."""
    url = _fresh_database(postgres_url, postgres_migrated)
    refusing, healthy = Store.open(url), Store.open(url)
    try:
        with AdvisoryLock(refusing, MAILBOX), pytest.raises(LockedError):
            AdvisoryLock(healthy, MAILBOX).acquire()  # held while the first reads
        taken = AdvisoryLock(healthy, MAILBOX)
        taken.acquire()
        taken.release()
    finally:
        refusing.close()
        healthy.close()


def test_a_reader_finds_its_lock_lost_with_its_database_session(
    postgres_url: str, postgres_migrated: str
) -> None:
    """A PostgreSQL restart ended the session holding a reader's lock without a word: the reader went on
    reading beside the process that took the lock. It confirms the lock before it reads: held, whatever the
    mailbox's name hashes to; lost once its session was cut, and taken by another machine."""
    url = _fresh_database(postgres_url, postgres_migrated)
    reader, other = Store.open(url), Store.open(url)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        for name in (MAILBOX, "a@example.vn/INBOX", "b@example.vn/INBOX", "c@example.vn/INBOX"):
            with AdvisoryLock(reader, name) as held:
                held.confirm()
        lock = AdvisoryLock(reader, MAILBOX)
        with lock:
            assert lock._conn is not None
            pid = lock._conn.execute(text("SELECT pg_backend_pid()")).scalar()
            with admin.connect() as conn:
                conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            taken = AdvisoryLock(other, MAILBOX)
            deadline = time.monotonic() + 30
            while True:  # the server ends the cut session a moment later
                try:
                    taken.acquire()
                    break
                except LockedError:
                    assert time.monotonic() < deadline, "the cut session kept the lock"
                    time.sleep(0.1)
            with pytest.raises(LockLostError, match="mất quyền đọc hộp thư"):
                lock.confirm()
            with pytest.raises(LockLostError):  # and stays lost: the lock is taken again, not found again
                lock.confirm()
            taken.release()
    finally:
        admin.dispose()
        reader.close()
        other.close()
