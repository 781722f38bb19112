"""Brings new mail from the IMAP mailboxes into the pipeline: once, as a daemon, or as a re-scan.

Every message is remembered by (mailbox, UIDVALIDITY, UID) and by its Message-ID, sender and Date,
reports and noise alike, so nothing is fetched twice. A reader archives each new message and puts it on the work
table, then works the queue (with any other worker on the same database) until all it brought in
are done: only then is the mailbox "read through". Every message goes through pipeline.ingest,
which records a failure with its reason and goes on to the next one. Several mailboxes (folders)
are watched by one thread each; a process handles one message at a time.

When several processes share one database (several machines on PostgreSQL), one reader at a time
reads a mailbox (intake/lock.py); all of them work the queue.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from sqlalchemy.exc import SQLAlchemyError

from intake import pipeline
from intake.crew import Crew
from intake.errors import (
    FolderMissingError,
    LockedError,
    LockLostError,
    LoginRefusedError,
    MailboxError,
    PassingError,
    VanishedError,
)
from intake.identity import dated_id, may_be_wrapped, same_sending
from intake.imap import Envelope, Fetched, Mailbox
from intake.locations import Locations
from intake.lock import ReaderLock, reader_lock
from intake.pipeline import Outcome, Tally
from intake.sources import cut_short
from intake.worker import (
    IDLE_SECONDS,
    ONE_AT_A_TIME,
    Worker,
    check_archive_seen,
    log_outcome,
    wait_for_database,
    working,
)
from kernel.archive import key_of
from kernel.errors import ArchiveDamagedError, ConfigError, StoreError
from kernel.freshness import Freshness
from kernel.runtime import Runtime, utc_now
from kernel.store import MessageState, database_said
from kernel.work import WorkKind

log = logging.getLogger(__name__)

MailboxFactory = Callable[[], Mailbox]
Progress = Callable[[int, int], None]  # (done, total)
# A failure only a person can fix (refused login, revoked token, missing folder) is retried this
# rarely: the daemon stays up and picks up the fix (a new `baocao auth login`) by itself.
CONFIG_RETRY_SECONDS = 300.0
# A folder read earlier in the run and missing now was deleted or renamed meanwhile, maybe to be made again at
# once: it is looked for on the short backoff this long before only a person is thought to be able to help.
FOLDER_GONE_SECONDS = 300.0
STREAM_BYTES = 8 * 1024 * 1024  # larger messages are fetched in pieces, straight to the archive
# A server that refuses the connection (restarting, or stopped for maintenance) answers at once and costs
# nothing to ask: it is asked again at least this often, so mail is read soon after it is back, where the
# backoff's cap (for a server that does not answer, or a network down) would leave it unread for minutes.
REFUSED_RETRY_SECONDS = 30.0
# While the queue is worked, the folder is searched again this often for mail that arrived meanwhile.
READ_AGAIN_SECONDS = 10.0
# What is read of a recorded message to compare its sender and Date with an envelope's: its header
# block in all but freak messages (one cut short only costs a fetch; the pipeline knows the copy).
SENDING_BYTES = 64 * 1024


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
    error is raised again for the caller.
    """
    stop = stop or threading.Event()
    mailbox = mailbox_factory()
    try:
        with working(rt) as worker:
            try:
                with reader_lock(rt.store, mailbox.name) as lock, mailbox:
                    return _poll(worker, mailbox, stop, lock)
            except (LockedError, LockLostError) as e:  # read by another process: do our share of the queue
                log.info("%s", e)
                return worker.drain(worker.queue.unfinished(WorkKind.MESSAGE), stop)[0]
    except (MailboxError, ConfigError, StoreError) as e:  # StoreError: the archive or the database
        _mark_failing(rt, mailbox.name, e)
        raise


@dataclass
class PollResult:
    """What one read of every mailbox did: the messages, and the mailboxes that could not be read."""

    tally: Tally = field(default_factory=Tally)
    failures: list[str] = field(default_factory=list)
    read: int = 0  # mailboxes read through


def poll_all(
    rt: Runtime, factories: Sequence[MailboxFactory], stop: threading.Event | None = None
) -> PollResult:
    """poll_once on every mailbox; one that fails does not keep the others from being read."""
    result = PollResult()
    for factory in factories:
        try:
            tally = poll_once(rt, factory, stop)
        except (MailboxError, ConfigError) as e:
            said = e.again() if isinstance(e, PassingError) else str(e)  # this read is not retried
            if said not in result.failures:  # two folders of one account refused alike: said once
                result.failures.append(said)
            continue
        result.tally.merge(tally)
        result.read += 1
    result.tally.recount(rt.store)  # a folder read later may have called back mail an earlier one counted
    return result


def _mark_failing(rt: Runtime, name: str, e: BaseException) -> None:
    """Record why the mailbox is not being read; when the database is what is away, only the log can."""
    if database_said(e) is not None:  # the database failed: recording it would fail alike
        return
    needs_admin = isinstance(e, (LoginRefusedError, ConfigError))
    try:
        Freshness(rt.store).mark_failing(name, str(e), rt.clock(), needs_admin=needs_admin)
    except (StoreError, SQLAlchemyError) as away:
        said = database_said(away) or str(away).splitlines()[0]
        log.warning("chưa ghi được rằng hộp thư %s không đọc được: %s", name, said)


def run_all(
    rt: Runtime,
    factories: Sequence[MailboxFactory],
    stop: threading.Event,
    *,
    wake: threading.Event | None = None,
    report: Callable[[Tally], None] = lambda summary: None,
    after_poll: Callable[[], None] = lambda: None,
    before_poll: Callable[[], object] = lambda: None,
    backoff: Backoff | None = None,
) -> None:
    """run() for every mailbox, each in its own thread (and its own backoff), until stop is set;
    wake reaches them all. An error that ends one mailbox's run() ends the others and is raised here,
    as with one mailbox: the process stops with it rather than go on with a mailbox nobody reads."""
    if len(factories) == 1:
        run(
            rt,
            factories[0],
            stop,
            wake=wake,
            report=report,
            after_poll=after_poll,
            before_poll=before_poll,
            backoff=backoff,
        )
        return
    failures: list[Exception] = []

    def watch(factory: MailboxFactory, own: threading.Event) -> None:
        try:
            run(rt, factory, stop, wake=own, report=report, after_poll=after_poll, before_poll=before_poll)
        except Exception as e:
            failures.append(e)
            stop.set()

    wakes = [threading.Event() for _ in factories]
    threads = [
        threading.Thread(target=watch, args=(factory, own), name=f"mailbox-{n}", daemon=True)
        for n, (factory, own) in enumerate(zip(factories, wakes, strict=True))
    ]
    for thread in threads:
        thread.start()
    while any(t.is_alive() for t in threads):
        if wake is not None and wake.wait(0.2):
            wake.clear()
            for own in wakes:
                own.set()
        elif wake is None:
            stop.wait(0.2)
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def run(
    rt: Runtime,
    mailbox_factory: MailboxFactory,
    stop: threading.Event,
    *,
    wake: threading.Event | None = None,
    backoff: Backoff | None = None,
    report: Callable[[Tally], None] = lambda summary: None,
    after_poll: Callable[[], None] = lambda: None,
    before_poll: Callable[[], object] = lambda: None,
) -> None:
    """The daemon loop until stop is set: poll, then IDLE (or sleep), reconnecting after failures.

    after_poll runs after every complete read of the mailbox (the scheduler composes its mail
    then, from a current picture); before_poll runs before each read and may set stop (the daemon's
    config.toml changed: it is read again before any mail is); setting wake cuts an IDLE or a wait
    short to read again now.
    """
    backoff = backoff or Backoff()
    wake = wake or threading.Event()

    def interrupted() -> bool:
        return stop.is_set() or wake.is_set()

    opened = False  # the folder was read in this run: one missing now was deleted or renamed meanwhile
    missing_since: float | None = None
    failures = 0  # reads the mailbox failed in a row: the first one read after them is said in the log
    with working(rt) as worker:
        while not stop.is_set():
            mailbox = mailbox_factory()
            try:
                with reader_lock(rt.store, mailbox.name) as lock, mailbox:
                    idle = mailbox.can_idle
                    log.info("watching %s by %s", mailbox.name, "IDLE" if idle else "polling")
                    while not stop.is_set():
                        wake.clear()
                        before_poll()
                        if stop.is_set():
                            break
                        summary = _poll(worker, mailbox, stop, lock)
                        if failures:
                            log.info(
                                "kết nối lại được hộp thư %s sau %d lần thử không thành công; đọc thư tiếp như thường",
                                mailbox.name,
                                failures,
                            )
                        backoff.reset()
                        opened, missing_since, failures = True, None, 0
                        if summary.new or summary.skipped or summary.vanished:
                            summary.recount(rt.store)
                            report(summary)
                        if stop.is_set():
                            break
                        after_poll()
                        if interrupted():
                            continue
                        settings = mailbox.config
                        wait = _until_renewal(
                            mailbox, settings.idle_seconds if idle else settings.poll_seconds
                        )
                        if idle:
                            _idle_holding(mailbox, lock, wait, interrupted)
                        else:
                            _wait(interrupted, wait)
                        if _renewal_due(mailbox):
                            log.info("logging in to %s again with a fresh OAuth2 token", mailbox.name)
                            break
            except LockLostError as e:
                # The lock went with its database session (PostgreSQL restarted): leaving the block closed the
                # IMAP session; the lock is taken again before anything more is read, or the other reader's
                # is served. Nothing for a person to do: the database's own retry lines tell of its outage.
                log.info("%s", e)
            except LockedError as e:
                # Another process (maybe on another machine) reads this mailbox: help with the queue,
                # and take over the reading when it stops.
                log.info("%s", e)
                _serve_until(worker, interrupted, mailbox.config.poll_seconds)
            except (LoginRefusedError, ConfigError) as e:
                failures += 1
                if isinstance(e, FolderMissingError) and opened:
                    missing_since = missing_since if missing_since is not None else time.monotonic()
                    if time.monotonic() - missing_since < FOLDER_GONE_SECONDS:
                        delay = backoff.next()
                        gone = MailboxError(
                            f'thư mục "{mailbox.config.folder}" vừa bị xóa hoặc đổi tên trên {mailbox.where}; '
                            f"thử lại sau {delay:.1f} giây"
                        )
                        _mark_failing(rt, mailbox.name, gone)
                        log.warning("%s", gone)
                        wake.clear()
                        _wait(interrupted, delay)
                        continue
                # Only a person can fix this: say so plainly, keep the daemon up, look again rarely.
                _mark_failing(rt, mailbox.name, e)
                log.error("%s — cần người quản trị xử lý; thử lại sau %.0f giây", e, CONFIG_RETRY_SECONDS)
                wake.clear()
                _wait(interrupted, CONFIG_RETRY_SECONDS)
            except (MailboxError, StoreError, SQLAlchemyError, OSError) as e:
                # SQLAlchemyError: the database went away (restarted, unreachable); read again when back.
                _mark_failing(rt, mailbox.name, e)
                # The database not answering is no failure of the mailbox: its own retry line tells it.
                failures += database_said(e) is None
                delay = backoff.next()
                if isinstance(e.__cause__, ConnectionRefusedError):
                    delay = min(delay, REFUSED_RETRY_SECONDS)
                wake.clear()
                if database_said(e) is not None:
                    wait_for_database(e, lambda seconds: _wait(interrupted, seconds), delay)
                else:
                    log.warning("%s — thử lại sau %.1f giây", e, delay)
                    _wait(interrupted, delay)
    log.info("stopped")


def _idle_holding(
    mailbox: Mailbox, lock: ReaderLock, seconds: float, interrupted: Callable[[], bool]
) -> None:
    """IDLE for seconds, or until new mail or interrupted, confirming the reader's lock at least as often as
    it asks (ReaderLock.confirm_every) and when the IDLE ends: a reader whose lock was lost (PostgreSQL
    restarted) stops at once (LockLostError) rather than idle on beside the process that took the lock,
    and read with it."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        came = mailbox.idle(min(left, lock.confirm_every), interrupted)
        lock.confirm()
        if came or interrupted():
            return


def _until_renewal(mailbox: Mailbox, seconds: float) -> float:
    """Wait no longer than until the session's OAuth2 token is due for renewal."""
    renew = mailbox.renew_at()
    if renew is None:
        return seconds
    return max(0.5, min(seconds, (renew - utc_now()).total_seconds()))


def _renewal_due(mailbox: Mailbox) -> bool:
    renew = mailbox.renew_at()
    return renew is not None and utc_now() >= renew


def _serve_until(worker: Worker, interrupted: Callable[[], bool], seconds: float) -> None:
    """Do queued work for a while (or until interrupted), resting when there is none. A database that
    does not answer is waited for, as `baocao worker` waits; a ConfigError (this machine's config or
    archive is not the reader's) is raised: only a person can fix it."""
    deadline = time.monotonic() + seconds
    while not interrupted() and time.monotonic() < deadline:
        try:
            stepped = worker.step()
        except (StoreError, SQLAlchemyError) as e:
            wait_for_database(e, lambda delay: _wait(interrupted, delay))
            continue
        if not stepped:
            _wait(interrupted, min(IDLE_SECONDS, max(0.0, deadline - time.monotonic())))


def _wait(interrupted: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not interrupted() and (left := deadline - time.monotonic()) > 0:
        time.sleep(min(left, 0.2))


def rescan(
    rt: Runtime,
    since: dt.date | None,
    mailbox_factory: MailboxFactory | Sequence[MailboxFactory],
    stop: threading.Event | None = None,
    progress: Progress = lambda done, total: None,
) -> Tally:
    """Re-read the mailboxes from a day (already seen messages too), then re-process every archived
    message received since then with the current config and code. Running it twice changes nothing."""
    stop = stop or threading.Event()
    factories = [mailbox_factory] if callable(mailbox_factory) else list(mailbox_factory)
    since_at = (
        dt.datetime.combine(since, dt.time(), tzinfo=rt.config.district.timezone).astimezone(dt.UTC)
        if since is not None
        else None
    )
    tally = Tally()
    done: set[str] = set()
    for factory in factories:
        _rescan_mailbox(rt, since, since_at, factory, stop, tally, done, progress)
        if stop.is_set():
            return tally
    rows = [r for r in rt.store.messages(since=since_at) if r.key not in done]
    reprocess_rows(rt, [r.key for r in rows], stop, tally, progress)
    return tally


def reprocess_rows(
    rt: Runtime, keys: Sequence[str], stop: threading.Event, tally: Tally, progress: Progress
) -> None:
    """Run archived messages through the current config and rules again (no IMAP). A message whose
    original is gone from the archive keeps its record and is counted missing, one whose original is
    damaged keeps it too and is counted damaged; the others go on."""
    for n, key in enumerate(keys, 1):
        if stop.is_set():
            break
        if not rt.archive.path(key).is_file():
            log.error(
                "message %s is not in the archive %s: its record is left as it was", key[:12], rt.archive.root
            )
            tally.missing += 1
            progress(n, len(keys))
            continue
        try:
            with ONE_AT_A_TIME:
                gone = _gone_schools(rt, key)
                outcome = pipeline.reprocess(rt, key)
                if gone and outcome.reviews and not outcome.submissions:
                    rt.store.keep_gone_credit(key, _gone_note(gone), gone)
        except ArchiveDamagedError as e:
            log.error("%s", e)
            tally.damaged.append(str(rt.archive.path(key)))
            progress(n, len(keys))
            continue
        log_outcome(f"archived {key[:12]}", outcome)
        # Each one read again counts by where it stands now: one too large to read, left failed as it was,
        # is a failure the summary names, not one of the «Đã xử lý lại» left out.
        tally.count(outcome.state, new=True, waiting=bool(outcome.reviews))
        if outcome.state == MessageState.FAILED and rt.archive.size(key) == 0:
            tally.empty += 1
        progress(n, len(keys))


def _gone_schools(rt: Runtime, key: str) -> tuple[str, ...]:
    """The schools the message counted for (credited, or remembered so by its review) that config.toml no
    longer lists."""
    before = {s.school_id for s in rt.store.submissions(message_keys=[key])}
    before |= {s for r in rt.store.reviews(message_key=key) for s in r.credited}
    listed = {s.id for s in rt.config.schools}
    return tuple(sorted(before - listed))


def _gone_note(gone: tuple[str, ...]) -> str:
    """Why a report read again waits for staff when its school was taken off config.toml: said first, before
    the reason the reading gives (no school it names matches), which alone would hide it."""
    names = ", ".join(f"trường mã «{s}»" for s in gone)
    return (
        f"Thư này trước đây được tính là báo cáo của {names}; {names} nay không còn trong tệp cấu hình. "
        "Cần cán bộ gán thư cho trường đang nộp thay hoặc loại thư."
    )


def _rescan_mailbox(
    rt: Runtime,
    since: dt.date | None,
    since_at: dt.datetime | None,
    mailbox_factory: MailboxFactory,
    stop: threading.Event,
    tally: Tally,
    done: set[str],
    progress: Progress,
) -> None:
    with mailbox_factory() as mailbox:
        uidvalidity = _select(rt, mailbox)
        # SINCE compares the server's calendar day: ask a day early, then filter on INTERNALDATE.
        uids = mailbox.uids(since - dt.timedelta(days=1) if since is not None else None)
        envelopes = [e for e in mailbox.envelopes(uids) if since_at is None or e.received_at >= since_at]
        by_id = _known(rt, envelopes)
        # A list's copy of a recorded message is known by its start, as when polling, and not fetched: the
        # message it copies is read again from the archive (a recorded copy that the list wrapped is too),
        # and fetched whole only when its original is missing there.
        copies = _wrapped_copies(rt, mailbox, [e for e in envelopes if _recorded(rt, e, by_id) is None])
        for uid, key in copies.items():
            Locations(rt.store).add(mailbox.name, uidvalidity, uid, key)
            tally.skipped += 1
        envelopes = [e for e in envelopes if e.uid not in copies]
        by_uid = {e.uid: e for e in envelopes}
        envelopes = _readable(rt, mailbox, uidvalidity, envelopes, tally)
        for n, item in enumerate(mailbox.fetch(envelopes), 1):
            progress(n, len(envelopes))
            key = key_of(item.raw)
            original = _recorded(rt, by_uid[item.uid], by_id)
            if original is not None and original != key and rt.store.message(key) is None:
                # A copy of a recorded message with other bytes (a second delivery): not a new report.
                Locations(rt.store).add(mailbox.name, uidvalidity, item.uid, original)
                continue
            outcome = _process(rt, mailbox, uidvalidity, item, force=True)
            done.add(outcome.key)
            tally.add(outcome)
            if stop.is_set():
                return


def _select(rt: Runtime, mailbox: Mailbox) -> int:
    """Select the folder; a new UIDVALIDITY is stored so the folder is read again from the start."""
    uidvalidity = mailbox.select()
    locations = Locations(rt.store)
    known = locations.mailbox_state(mailbox.name)
    if known is None or known[0] != uidvalidity:
        if known is not None:  # handled here: nothing for the clerk at the terminal to do (-v shows it)
            log.info(
                "UIDVALIDITY of %s changed from %s to %s: reading the folder again "
                "(messages already recorded are recognised by Message-ID and content)",
                mailbox.name,
                known[0],
                uidvalidity,
            )
        locations.set_mailbox_state(mailbox.name, uidvalidity, 0)
    return uidvalidity


def _poll(worker: Worker, mailbox: Mailbox, stop: threading.Event, lock: ReaderLock) -> Tally:
    """Archive and queue every message in the folder not seen yet, then work the queue until they
    (and any message still waiting from before) are done, bringing in what arrives meanwhile; mark
    the mailbox read when all are. Nothing is read without the reader's lock confirmed first
    (LockLostError)."""
    rt = worker.rt
    started = rt.clock()
    lock.confirm()
    reader = _Reader(worker, mailbox, lock, _select(rt, mailbox), Tally(), stop)
    drained = False
    try:
        queued: list[str] = []
        with Crew(rt, stop) as crew:
            try:
                reader.bring_in(queued, crew.grow)
            finally:
                # What was fetched before a broken connection is read now, not after the next login
                # (and messages this mailbox's reader left when it stopped or died are read before the
                # mailbox counts as read); the tally counts what this reader brought in and those,
                # whoever did them. Other mailboxes' mail is worked on too, and counted on their lines.
                left = worker.queue.unfinished(WorkKind.MESSAGE, mailbox.config.source)
                waiting = dict.fromkeys([*queued, *left])
                crew.grow(len(waiting))
                try:
                    done, drained = worker.drain(list(waiting), stop, more=reader.again)
                except BaseException:
                    crew.halt()  # not stop.set(): that ends the daemon, which retries the database
                    raise
                reader.tally.merge(done)
        if reader.failure is not None:
            raise reader.failure
    finally:
        reader.remember_last_uid()
    if reader.complete and drained:
        Freshness(rt.store).mark_read(mailbox.name, started)
    return reader.tally


@dataclass
class _Reader:
    """Brings a folder's new messages into the archive and the queue: once, then again between the
    messages its worker reads, so mail that arrives during a long backlog (scans to OCR) is archived
    within READ_AGAIN_SECONDS, before a clerk can move it to a folder nobody watches."""

    worker: Worker
    mailbox: Mailbox
    lock: ReaderLock
    uidvalidity: int
    tally: Tally
    stop: threading.Event
    complete: bool = True  # every message seen was queued (False when stopped half-way)
    last_uid: int = 0
    # the connection broke, or the reader's lock was lost, while reading again
    failure: MailboxError | LockLostError | None = None
    next_read: float = field(default_factory=lambda: time.monotonic() + READ_AGAIN_SECONDS)

    def bring_in(self, queued: list[str], grow: Callable[[int], object] = lambda backlog: 0) -> None:
        """Archive and queue each message not seen yet, adding its key to queued as it is queued; grow
        hears the number to fetch once the first is queued (worker processes start beside the fetch)."""
        rt, mailbox = self.worker.rt, self.mailbox
        locations = Locations(rt.store)
        seen = locations.seen_uids(mailbox.name, self.uidvalidity)
        new = [uid for uid in mailbox.uids() if uid not in seen]
        if not new:
            return
        self.last_uid = max(self.last_uid, *new)
        envelopes = mailbox.envelopes(new)
        by_id = _known(rt, envelopes)
        wanted: list[Envelope] = []
        for env in envelopes:
            key = _recorded(rt, env, by_id)
            if key is None:
                wanted.append(env)
                continue
            # Already recorded (under an older UIDVALIDITY, an import, or a second copy): remember
            # where it is without fetching it again.
            locations.add(mailbox.name, self.uidvalidity, env.uid, key)
            self.tally.skipped += 1
            log.debug("UID %s <%s> already recorded as %s", env.uid, env.message_id, key[:12])
        copies = _wrapped_copies(rt, mailbox, wanted)
        for uid, key in copies.items():
            locations.add(mailbox.name, self.uidvalidity, uid, key)
            self.tally.skipped += 1
            log.debug("UID %s is a list's copy of the mail recorded as %s", uid, key[:12])
        wanted = [env for env in wanted if env.uid not in copies]
        if wanted:
            check_archive_seen(rt)
        wanted = _readable(rt, mailbox, self.uidvalidity, wanted, self.tally)
        fetched = _queue_fetched(
            self.worker, mailbox, self.uidvalidity, wanted, queued, self.tally, self.stop, grow
        )
        self.complete = self.complete and fetched

    def again(self) -> list[str]:
        """The keys of messages brought in since, at most every READ_AGAIN_SECONDS; a broken
        connection or a lost lock ends the reading again (it is raised once the queue is worked)."""
        if self.failure is not None or self.stop.is_set() or time.monotonic() < self.next_read:
            return []
        queued: list[str] = []
        try:
            self.lock.confirm()
            self.bring_in(queued)
        except LockLostError as e:
            self.failure = e  # said once, by the daemon that stops reading for it
        except MailboxError as e:
            log.warning(
                "chưa đọc thêm được thư mới từ hộp thư %s, xử lý nốt các thư đã nhận: %s",
                self.mailbox.name,
                e,
            )
            self.failure = e
        self.next_read = time.monotonic() + READ_AGAIN_SECONDS
        return queued

    def remember_last_uid(self) -> None:
        locations = Locations(self.worker.rt.store)
        state = locations.mailbox_state(self.mailbox.name)
        if state is not None and state[0] == self.uidvalidity and state[1] < self.last_uid:
            locations.set_mailbox_state(self.mailbox.name, self.uidvalidity, self.last_uid)


def _queue_fetched(
    worker: Worker,
    mailbox: Mailbox,
    uidvalidity: int,
    wanted: Sequence[Envelope],
    queued: list[str],
    tally: Tally,
    stop: threading.Event,
    grow: Callable[[int], object],
) -> bool:
    """Fetch, archive and queue each wanted message, adding its key to queued as soon as it is on
    the queue (with the rest of its FETCH batch, archived together, in one commit); True when all
    were. A large message goes to the archive in pieces (imaplib holds about three copies of a literal
    it reads whole); a worker reads each one back from there. grow hears how many are wanted when the
    first is queued: a process started on an empty queue would end."""
    first = True
    came = 0
    for large, group in itertools.groupby(wanted, key=lambda env: env.size > STREAM_BYTES):
        for batch in _archived(worker.rt, mailbox, list(group), large=large):
            came += len(batch)
            for new in _queue(worker, mailbox, uidvalidity, batch):
                if new is not None:
                    queued.append(new)
                else:
                    tally.skipped += 1  # the same bytes are already queued or done
            if first and queued:
                grow(len(wanted))
                first = False
            if stop.is_set():
                return False
    tally.vanished += len(wanted) - came  # moved or deleted before their bytes came
    return True


Archived = tuple[int, str, dt.datetime]  # (UID, archive key, receipt time) of a message archived


def _archived(
    rt: Runtime, mailbox: Mailbox, envelopes: list[Envelope], *, large: bool
) -> Iterator[list[Archived]]:
    """The messages as they are fetched and archived, a batch at a time (a large one alone)."""
    if not large:
        yield from _archived_in_batches(rt, mailbox.fetch(envelopes), mailbox.batch_count)
        return
    for env in envelopes:
        key = _stream(rt, mailbox, env)
        if key is not None:
            yield [(env.uid, key, env.received_at)]


def _archived_in_batches(rt: Runtime, fetched: Iterator[Fetched], size: int) -> Iterator[list[Archived]]:
    """_archived for messages fetched whole: archived size at a time, so that their fsyncs share the disk's
    flushes. What was fetched before the connection broke is archived (and queued) before the error."""
    while True:
        batch: list[Fetched] = []
        broken: MailboxError | None = None
        try:
            for item in fetched:
                batch.append(item)
                if len(batch) >= size:
                    break
        except MailboxError as e:
            broken = e
        keys = rt.archive.put_many([item.raw for item in batch])
        if batch:
            yield [(item.uid, key, item.received_at) for item, key in zip(batch, keys, strict=True)]
        if broken is not None:
            raise broken
        if len(batch) < size:
            return


def _stream(rt: Runtime, mailbox: Mailbox, env: Envelope) -> str | None:
    """Archive a message fetched in pieces, never whole in memory; its key, or None when the UID
    vanished (moved or deleted) after its envelope was read: there is nothing to record, and the pieces
    that came are not archived (a copy moved to another folder is read from there)."""
    try:
        return rt.archive.put_chunks(mailbox.fetch_chunks(env))
    except VanishedError as e:
        log.debug(
            "UID %s vanished from %s while it was fetched (%s of %s bytes came): not kept",
            env.uid,
            mailbox.name,
            e.received,
            e.announced,
        )
        return None


def _readable(
    rt: Runtime, mailbox: Mailbox, uidvalidity: int, envelopes: Sequence[Envelope], tally: Tally
) -> list[Envelope]:
    """The envelopes small enough to read; each larger one (by the size the server announces) is
    streamed to the archive in pieces and recorded failed, so it never has to fit in memory."""
    limit_mb = mailbox.config.max_message_mb
    readable: list[Envelope] = []
    for env in envelopes:
        if env.size <= limit_mb * 1024 * 1024:
            readable.append(env)
            continue
        source = mailbox.config.source
        with ONE_AT_A_TIME:
            key = _stream(rt, mailbox, env)
            if key is None:
                tally.vanished += 1
                continue
            outcome = pipeline.record_too_large(
                rt,
                key,
                mailbox.header(env.uid, pipeline.HEADER_BYTES),
                size=env.size,
                limit_mb=limit_mb,
                received_at=env.received_at,
                source=source,
            )
        Locations(rt.store).add(mailbox.name, uidvalidity, env.uid, outcome.key)
        log_outcome(f"UID {env.uid}", outcome)
        tally.add(outcome)
    return readable


def _known(rt: Runtime, envelopes: Iterable[Envelope]) -> dict[str, str]:
    return rt.store.keys_by_message_id(e.message_id for e in envelopes if e.message_id)


def _recorded(rt: Runtime, env: Envelope, by_id: dict[str, str]) -> str | None:
    """The key of the recorded message this envelope is a copy of (_standing)."""
    key = by_id.get(env.message_id or "")
    return None if key is None or env.message_id is None else _standing(rt, env.header, env.message_id, key)


def _standing(rt: Runtime, header: bytes, message_id: str, first: str) -> str | None:
    """The key of the recorded message that header's message is a copy of and that stands for its copies:
    the same Message-ID, sender and Date, read, and not failing the sender check. A copy that failed it (a
    group's, whose footer broke the school's DKIM) stands for no other, nor does one still being read:
    of the others under the Message-ID, one that stands is looked for; when there is none the copy is
    fetched and read. Another message under a known Message-ID (a scanner that stamps all its mail alike)
    is not one: it is fetched and read (the pipeline still knows a copy it could not tell by its header)."""
    keys = [first] if _stands(rt, first) else []
    if not keys:
        keys = [k for k in rt.store.keys_of_message_id(message_id) if k != first and _stands(rt, k)]
    for key in keys:
        try:
            recorded = rt.archive.head(key, SENDING_BYTES)
        except StoreError as e:  # its original is gone from the archive: fetching it puts it back
            log.warning("%s", e)
            continue
        if same_sending(header, recorded):
            return key
    return None


def _stands(rt: Runtime, key: str) -> bool:
    """Whether the message under key was read, did not fail the sender check, and is no cut file."""
    row = rt.store.message(key)
    if row is None or row.state == MessageState.PENDING:
        return False
    if row.sender_check is not None and row.sender_check.failed:
        return False
    return row.source.startswith("imap:") or not _cut_file(rt, key)


def _cut_file(rt: Runtime, key: str) -> bool:
    """Whether the imported message under key is a file the export cut short (sources.cut_short), recorded
    before an import left such files out: the whole copy in the mailbox is read, not skipped for it."""
    try:
        return cut_short(rt.archive.get(key))
    except StoreError:  # its original is gone from the archive: the copy is no more known to be whole
        return False


def _wrapped_copies(rt: Runtime, mailbox: Mailbox, envelopes: Sequence[Envelope]) -> dict[int, str]:
    """UID -> key of the recorded message each of these is a copy of, a list having wrapped it whole in a
    mail of its own (Mailman's "wrap message", under the list's Message-ID): the school's mail inside
    comes early, so the start of such a copy tells it, where fetching it whole could cost a scan's
    megabytes. Only a list's mail that names no author of its own is asked for."""
    maybe = [env.uid for env in envelopes if may_be_wrapped(env.header)]
    if not maybe:
        return {}
    starts = mailbox.starts(maybe, SENDING_BYTES)
    inner = {uid: dated_id(start) for uid, start in starts.items()}
    by_id = rt.store.keys_by_message_id(wanted for wanted in inner.values() if wanted is not None)
    copies: dict[int, str] = {}
    for uid, start in starts.items():
        wanted = inner[uid]
        key = by_id.get(wanted) if wanted is not None else None
        if (
            wanted is not None
            and key is not None
            and (found := _standing(rt, start, wanted, key)) is not None
        ):
            copies[uid] = found
    return copies


def _queue(worker: Worker, mailbox: Mailbox, uidvalidity: int, batch: Sequence[Archived]) -> list[str | None]:
    """Queue a batch of archived messages and remember where each was, in one transaction: a reader that
    dies before it commits leaves their UIDs unseen, and the next read queues them (once) again. The key
    of each message queued now, None for one whose bytes were queued before."""
    locations = Locations(worker.rt.store)
    queued: list[str | None] = []
    with worker.rt.store.begin():  # one transaction: all or none
        for uid, key, received_at in batch:
            new = worker.queue_message(key, received_at=received_at, source=mailbox.config.source)
            locations.add(mailbox.name, uidvalidity, uid, key)
            queued.append(key if new else None)
    return queued


def _process(rt: Runtime, mailbox: Mailbox, uidvalidity: int, item: Fetched, *, force: bool) -> Outcome:
    source = mailbox.config.source
    with ONE_AT_A_TIME:
        outcome = pipeline.ingest(rt, item.raw, received_at=item.received_at, source=source, force=force)
    Locations(rt.store).add(mailbox.name, uidvalidity, item.uid, outcome.key)
    log_outcome(f"UID {item.uid}", outcome)
    return outcome
