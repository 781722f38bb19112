"""Brings new mail from the IMAP mailbox into the pipeline: once, as a daemon, or as a re-scan.

Every message is remembered by (mailbox, UIDVALIDITY, UID) and by Message-ID, reports and noise
alike, so nothing is fetched twice. Every message goes through pipeline.ingest, which records a
failure with its reason and goes on to the next one.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from intake import pipeline
from intake.errors import MailboxError
from intake.imap import Envelope, Fetched, Mailbox
from intake.locations import Locations
from intake.pipeline import Outcome, Tally
from kernel.archive import key_of
from kernel.errors import StoreError
from kernel.freshness import Freshness
from kernel.runtime import Runtime
from kernel.store import MessageState

log = logging.getLogger(__name__)

MailboxFactory = Callable[[], Mailbox]


@dataclass
class Backoff:
    """Exponential delays between reconnection attempts, capped, with jitter so clients spread out."""

    initial: float = 1.0
    cap: float = 300.0
    rng: random.Random = field(default_factory=random.Random)
    attempts: int = 0

    def next(self) -> float:
        base = min(self.cap, self.initial * 2**self.attempts)
        self.attempts += 1
        return base / 2 + self.rng.uniform(0, base / 2)

    def reset(self) -> None:
        self.attempts = 0


def poll_once(rt: Runtime, mailbox_factory: MailboxFactory, stop: threading.Event | None = None) -> Tally:
    """Connect, process every message not processed yet, disconnect.

    A mailbox that cannot be read is marked failing (the scheduler then holds its lists) and the
    MailboxError is raised again for the caller.
    """
    name = rt.config.imap.name if rt.config.imap is not None else "?"
    try:
        with mailbox_factory() as mailbox:
            return _poll(rt, mailbox, stop or threading.Event())
    except MailboxError as e:
        Freshness(rt.store).mark_failing(name, str(e), rt.clock())
        raise


def run(
    rt: Runtime,
    mailbox_factory: MailboxFactory,
    stop: threading.Event,
    *,
    wake: threading.Event | None = None,
    backoff: Backoff | None = None,
    report: Callable[[Tally], None] = lambda summary: None,
    after_poll: Callable[[], None] = lambda: None,
) -> None:
    """The daemon loop until stop is set: poll, then IDLE (or sleep), reconnecting after failures.

    after_poll runs after every complete read of the mailbox (the scheduler composes its mail
    then, from a current picture); setting wake cuts an IDLE or a wait short to read again now.
    """
    imap = rt.config.imap
    if imap is None:
        raise MailboxError("Tệp cấu hình chưa có mục [imap]: thêm máy chủ, tài khoản và thư mục của hộp thư.")
    backoff = backoff or Backoff()
    wake = wake or threading.Event()

    def interrupted() -> bool:
        return stop.is_set() or wake.is_set()

    while not stop.is_set():
        try:
            with mailbox_factory() as mailbox:
                idle = mailbox.can_idle
                log.info("watching %s by %s", mailbox.name, "IDLE" if idle else "polling")
                while not stop.is_set():
                    wake.clear()
                    summary = _poll(rt, mailbox, stop)
                    backoff.reset()
                    if summary.new or summary.skipped:
                        report(summary)
                    if stop.is_set():
                        break
                    after_poll()
                    if interrupted():
                        continue
                    if idle:
                        mailbox.idle(imap.idle_seconds, interrupted)
                    else:
                        _wait(interrupted, imap.poll_seconds)
        except (MailboxError, StoreError, OSError) as e:
            Freshness(rt.store).mark_failing(imap.name, str(e), rt.clock())
            delay = backoff.next()
            log.warning("%s — retrying in %.1f s", e, delay)
            wake.clear()
            _wait(interrupted, delay)
    log.info("stopped")


def _wait(interrupted: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not interrupted() and (left := deadline - time.monotonic()) > 0:
        time.sleep(min(left, 0.2))


def rescan(
    rt: Runtime,
    since: dt.date | None,
    mailbox_factory: MailboxFactory,
    stop: threading.Event | None = None,
) -> Tally:
    """Re-read the mailbox from a day (already seen messages too), then re-process every archived
    message received since then with the current config and code. Running it twice changes nothing."""
    stop = stop or threading.Event()
    since_at = (
        dt.datetime.combine(since, dt.time(), tzinfo=rt.config.district.timezone).astimezone(dt.UTC)
        if since is not None
        else None
    )
    tally = Tally()
    done: set[str] = set()
    with mailbox_factory() as mailbox:
        uidvalidity = _select(rt, mailbox)
        # SINCE compares the server's calendar day: ask a day early, then filter on INTERNALDATE.
        uids = mailbox.uids(since - dt.timedelta(days=1) if since is not None else None)
        envelopes = [e for e in mailbox.envelopes(uids) if since_at is None or e.received_at >= since_at]
        by_id = _known(rt, envelopes)
        message_ids = {e.uid: e.message_id for e in envelopes}
        for item in mailbox.fetch(envelopes):
            key = key_of(item.raw)
            original = by_id.get(message_ids[item.uid] or "")
            if original is not None and original != key and rt.store.message(key) is None:
                # A copy of a recorded message with other bytes (a second delivery): not a new report.
                Locations(rt.store).add(mailbox.name, uidvalidity, item.uid, original)
                continue
            outcome = _process(rt, mailbox, uidvalidity, item, force=True)
            done.add(outcome.key)
            tally.add(outcome)
            if stop.is_set():
                return tally
    for row in rt.store.messages(since=since_at):
        if stop.is_set():
            break
        if row.key in done:
            continue
        outcome = pipeline.reprocess(rt, row.key)
        _log(f"archived {row.key[:12]}", outcome)
        tally.add(outcome)
    return tally


def _select(rt: Runtime, mailbox: Mailbox) -> int:
    """Select the folder; a new UIDVALIDITY is stored so the folder is read again from the start."""
    uidvalidity = mailbox.select()
    locations = Locations(rt.store)
    known = locations.mailbox_state(mailbox.name)
    if known is None or known[0] != uidvalidity:
        if known is not None:
            log.warning(
                "UIDVALIDITY of %s changed from %s to %s: reading the folder again "
                "(messages already recorded are recognised by Message-ID and content)",
                mailbox.name,
                known[0],
                uidvalidity,
            )
        locations.set_mailbox_state(mailbox.name, uidvalidity, 0)
    return uidvalidity


def _poll(rt: Runtime, mailbox: Mailbox, stop: threading.Event) -> Tally:
    """Process every message in the folder not processed yet; mark the mailbox read when all are."""
    started = rt.clock()
    uidvalidity = _select(rt, mailbox)
    locations = Locations(rt.store)
    seen = locations.seen_uids(mailbox.name, uidvalidity)
    new = [uid for uid in mailbox.uids() if uid not in seen]
    tally = Tally()
    if not new:
        Freshness(rt.store).mark_read(mailbox.name, started)
        return tally
    envelopes = mailbox.envelopes(new)
    by_id = _known(rt, envelopes)
    wanted: list[Envelope] = []
    for env in envelopes:
        key = by_id.get(env.message_id or "")
        if key is None:
            wanted.append(env)
            continue
        # Already recorded (under an older UIDVALIDITY, an import, or a second copy): remember
        # where it is without fetching it again.
        locations.add(mailbox.name, uidvalidity, env.uid, key)
        tally.skipped += 1
        log.debug("UID %s <%s> already recorded as %s", env.uid, env.message_id, key[:12])
    last_uid = max(new)
    complete = False
    try:
        for item in mailbox.fetch(wanted):
            tally.add(_process(rt, mailbox, uidvalidity, item, force=False))
            if stop.is_set():
                break
        else:
            complete = True
    finally:
        state = locations.mailbox_state(mailbox.name)
        if state is not None and state[0] == uidvalidity and state[1] < last_uid:
            locations.set_mailbox_state(mailbox.name, uidvalidity, last_uid)
    if complete:
        Freshness(rt.store).mark_read(mailbox.name, started)
    return tally


def _known(rt: Runtime, envelopes: Iterable[Envelope]) -> dict[str, str]:
    return rt.store.keys_by_message_id(e.message_id for e in envelopes if e.message_id)


def _process(rt: Runtime, mailbox: Mailbox, uidvalidity: int, item: Fetched, *, force: bool) -> Outcome:
    source = f"imap:{mailbox.name}"
    outcome = pipeline.ingest(rt, item.raw, received_at=item.received_at, source=source, force=force)
    Locations(rt.store).add(mailbox.name, uidvalidity, item.uid, outcome.key)
    _log(f"UID {item.uid}", outcome)
    return outcome


def _log(where: str, outcome: Outcome) -> None:
    schools = ", ".join(s.school_id for s in outcome.submissions) or "-"
    log.info(
        "%s <%s>: %s (school %s)%s",
        where,
        outcome.message_id,
        outcome.state,
        schools,
        f" — {outcome.reason}" if outcome.state != MessageState.REPORT and outcome.reason else "",
    )
