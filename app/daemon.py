"""`baocao run` wired together: the mailbox reader and the scheduler in one process.

The scheduler's timer acknowledges, alerts and retries on its own; reminders, missing lists and
digests are composed only right after the reader has read the mailbox to the end, and at their
times the scheduler wakes the reader to do so. So a backlog waiting at start-up is read before any
school is told it has not reported.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

from intake import poller
from intake.pipeline import Tally
from intake.worker import DATABASE_RETRY_SECONDS, wait_for_database
from kernel.errors import DatabaseUnusableError
from kernel.runtime import Runtime
from kernel.store import database_said, retry_note
from scheduler import jobs

log = logging.getLogger(__name__)


def serve(
    rt: Runtime,
    mailbox_factory: poller.MailboxFactory | Sequence[poller.MailboxFactory],
    stop: threading.Event,
    *,
    report: Callable[[Tally], None] = lambda summary: None,
    backoff: poller.Backoff | None = None,
) -> None:
    """Read every mailbox (one factory, or one per configured mailbox) and send what is due until
    stop is set."""
    factories = [mailbox_factory] if callable(mailbox_factory) else list(mailbox_factory)
    wake = threading.Event()
    timer = jobs.start(rt, wake.set) if rt.config.smtp is not None else None

    def compose() -> None:
        if timer is None:  # no [smtp]: nothing is sent
            return
        try:
            jobs.tick_safely(rt, compose=True)
        except Exception as e:  # sending must never stop the intake; the cause is logged
            if database_said(e) is None:
                log.exception("scheduler tick after a read failed")
                return
            # The database went away right after the read (restarted, held past its timeout): no fault of
            # the composing; the mailbox is read and the mail composed again once it answers.
            log.warning("%s", retry_note(e, DATABASE_RETRY_SECONDS))
            timer.wake_in(DATABASE_RETRY_SECONDS)

    try:
        poller.run_all(rt, factories, stop, wake=wake, report=report, after_poll=compose, backoff=backoff)
    finally:
        if timer is not None:
            timer.stop()


def runtime_when_ready(
    open_runtime: Callable[[], Runtime], stop: threading.Event, first_write: Callable[[Runtime], None]
) -> Runtime | None:
    """The runtime, once its database can be used: opened, and first_write done in it (opening only reads
    a database already up to date, so a file that may only be read opens). One that cannot be used yet
    (its disk or file read-only, its disk full, held by another program, its server away) is said in the
    log and asked again, as the running daemon does, until stop is set (then None)."""
    while not stop.is_set():
        try:
            rt = open_runtime()
        except DatabaseUnusableError as e:
            wait_for_database(e, stop.wait, DATABASE_RETRY_SECONDS)
            continue
        try:
            first_write(rt)
        except DatabaseUnusableError as e:
            rt.close()
            wait_for_database(e, stop.wait, DATABASE_RETRY_SECONDS)
            continue
        except BaseException:
            rt.close()
            raise
        return rt
    return None
