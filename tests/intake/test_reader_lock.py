"""The right to read a mailbox among machines sharing one PostgreSQL database is given back when a reader
lets go of it, not only when its process ends."""

from __future__ import annotations

import pytest

from intake.errors import LockedError
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
