"""`baocao run` wired together: the mailbox reader and the scheduler in one process.

The scheduler's timer acknowledges, alerts and retries on its own; reminders, missing lists and
digests are composed only right after the reader has read the mailbox to the end, and at their
times the scheduler wakes the reader to do so. So a backlog waiting at start-up is read before any
school is told it has not reported. config.toml edited while it runs is read again before the next read
or composing (app/reloading.py), so no school is reminded, nor staff sent a digest, by a roster the office
has changed.
"""

from __future__ import annotations

import dataclasses
import logging
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from app.reloading import ConfigWatch
from intake import poller
from intake.pipeline import Tally
from intake.worker import DATABASE_RETRY_SECONDS, wait_for_database
from kernel import machines
from kernel.config import Config
from kernel.errors import DatabaseUnusableError
from kernel.runtime import Runtime
from kernel.store import database_said, retry_note
from scheduler import jobs

log = logging.getLogger(__name__)

# How soon the daemon reads the mailbox and looks at config.toml again while the file does not load: the
# reminders and digests it holds go within this once the file is fixed.
BROKEN_CONFIG_RETRY_SECONDS = 60.0


def serve(
    rt: Runtime,
    mailbox_factory: poller.MailboxFactory | Sequence[poller.MailboxFactory],
    stop: threading.Event,
    *,
    report: Callable[[Tally], None] = lambda summary: None,
    backoff: poller.Backoff | None = None,
) -> None:
    """Read every mailbox (one factory, or one per configured mailbox) and send what is due until
    stop is set. config.toml edited meanwhile is read again before the next read or composing (and at
    once on SIGHUP): the mailboxes and the scheduler start over by the new file, on the same database."""
    factories = [mailbox_factory] if callable(mailbox_factory) else list(mailbox_factory)
    watch = ConfigWatch(rt.config)
    wake = threading.Event()
    with _woken_by_hangup(wake):
        while not stop.is_set():
            edited = _serve_while_unchanged(rt, factories, stop, watch, wake, report, backoff)
            if edited is None:
                return
            rt = dataclasses.replace(rt, config=edited)
            machines.warn(rt.store, rt.config)


def _serve_while_unchanged(
    rt: Runtime,
    factories: list[poller.MailboxFactory],
    stop: threading.Event,
    watch: ConfigWatch,
    wake: threading.Event,
    report: Callable[[Tally], None],
    backoff: poller.Backoff | None,
) -> Config | None:
    """serve() by rt's config until stop is set (None) or config.toml was edited into one that loads
    (returned, once the mailboxes are left between two reads)."""
    edited: list[Config] = []
    done = threading.Event()  # stop, or the config edited: the mailboxes and the scheduler end
    timer = jobs.start(rt, wake.set) if rt.config.smtp is not None else None

    def changed() -> bool:
        found = watch.check(rt.store)
        if found is not None:
            edited.append(found)
            done.set()
        return found is not None

    def compose() -> None:
        if timer is None or changed():  # no [smtp]: nothing is sent; edited: composed by the new file
            return
        try:
            if watch.broken:  # the roster in use may be one the office has changed: nothing from it goes
                jobs.tick_safely(rt, compose=False)
                timer.wake_in(BROKEN_CONFIG_RETRY_SECONDS)
            else:
                jobs.tick_safely(rt, compose=True)
        except Exception as e:  # sending must never stop the intake; the cause is logged
            if database_said(e) is None:
                log.exception("scheduler tick after a read failed")
                return
            # The database went away right after the read (restarted, held past its timeout): no fault of
            # the composing; the mailbox is read and the mail composed again once it answers.
            log.warning("%s", retry_note(e, DATABASE_RETRY_SECONDS))
            timer.wake_in(DATABASE_RETRY_SECONDS)

    relay = threading.Thread(target=_relay, args=(stop, done), name="config-stop", daemon=True)
    relay.start()
    try:
        poller.run_all(
            rt,
            factories,
            done,
            wake=wake,
            report=report,
            after_poll=compose,
            before_poll=changed,
            backoff=backoff,
        )
    finally:
        done.set()
        relay.join()
        if timer is not None:
            timer.stop()
    return edited[0] if edited and not stop.is_set() else None


def _relay(stop: threading.Event, done: threading.Event) -> None:
    """Set done once stop is set, until done is set otherwise."""
    while not done.is_set():
        if stop.wait(0.2):
            done.set()


@contextmanager
def _woken_by_hangup(wake: threading.Event) -> Iterator[None]:
    """SIGHUP (systemctl reload) wakes the daemon to look at config.toml now rather than at its next read;
    only the main thread takes signals, so elsewhere (a daemon started by a test) nothing is set."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGHUP"):
        yield
        return
    previous = signal.signal(signal.SIGHUP, lambda *_: wake.set())
    try:
        yield
    finally:
        signal.signal(signal.SIGHUP, previous)


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
