"""A worker: takes messages and scanned pages from the work table and does them, until told to stop.

Mailbox readers only archive and queue (see poller.py); every process working on the same database
(`baocao run`, `baocao poll --once`, `baocao worker`, on one machine or several) takes its share of
the queue. A message is done by one worker at a time; the one that finishes records it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from intake import pipeline
from intake.pages import SharedPages, read_page
from intake.pipeline import Outcome, Tally
from kernel.errors import ConfigError, StoreError
from kernel.machines import Machine
from kernel.runtime import Runtime
from kernel.store import MessageRow, MessageState, retry_note
from kernel.work import Heartbeat, Item, Queue, WorkKind, WorkState
from parsers.ocr import OcrUnavailableError

log = logging.getLogger(__name__)

IDLE_SECONDS = 0.5  # how often an idle worker looks for work
# How often a worker that waits for the items others hold looks again: a reader's worker for its messages,
# a helper started for a backlog (serve until_empty) for the queue to empty. The reader waits for its
# helpers to end, so a helper that slept IDLE_SECONDS after the last item made every poll with a backlog
# that much longer. The wait starts at FIRST_WAIT_SECONDS and doubles up to WAITING_SECONDS: the other's
# last message most often ends within a few hundredths of a second (a tenth at once added 0.06 s to every
# such poll), while a long scan's pages are not asked after more often than before.
WAITING_SECONDS = IDLE_SECONDS / 5
FIRST_WAIT_SECONDS = WAITING_SECONDS / 8
KINDS = (WorkKind.OCR, WorkKind.MESSAGE)  # pages first: a message being read waits on them
DATABASE_RETRY_SECONDS = 5.0  # how often a worker whose database went away looks for it again
ONE_AT_A_TIME = threading.Lock()  # one message at a time in a process, whichever thread took it


@dataclasses.dataclass(frozen=True)
class Worker:
    rt: Runtime  # reads scanned pages through the queue
    queue: Queue
    # Config.rules: a message queued under other rules is left to a worker that has them.
    rules: str = ""

    def queue_message(self, key: str, *, received_at: dt.datetime, source: str) -> bool:
        """Put an archived message on the queue, with the rules it is to be read by and its place in the order
        mail was first read in (taken now: workers side by side may record it before a message queued
        earlier); False when it is there already."""
        info = {
            "received_at": received_at.isoformat(),
            "source": source,
            "rules": self.rules,
            "read_order": self.rt.store.take_read_order(),
        }
        return self.queue.put(WorkKind.MESSAGE, key, info)

    def step(self) -> bool:
        """Do one waiting item (a page first); False when there was none to take."""
        item = self.queue.claim(KINDS)
        if item is None:
            return False
        try:
            if item.kind == WorkKind.OCR:
                try:
                    read_page(self.queue, item)
                except OcrUnavailableError as e:  # the page went back to the queue for a machine that can
                    log.error("this machine cannot read scanned pages: %s", e)
                    return False
            else:
                self._message(item)
        except BaseException:
            self.queue.give_up(item)  # broken off (the database went away): taken over once its lease ends
            raise
        return True

    def _message(self, item: Item) -> None:
        """Read a queued message. The item is done in the transaction that records the message's outcome
        (with the parse cache's rows): a worker killed before it commits leaves neither, and the item is
        taken over; one killed after it leaves both."""
        received_at = dt.datetime.fromisoformat(item.info["received_at"])
        if item.info.get("rules", self.rules) != self.rules:
            self.queue.release(item)  # for the reader's own worker, which has its rules
            raise ConfigError(
                f"tệp cấu hình {self.rt.config.path} của máy này khác với của máy đã nhận thư (danh sách "
                "trường, địa chỉ, báo cáo hoặc đơn vị không giống nhau): đọc thư theo tệp này có thể ghi báo cáo "
                "cho nhầm trường. Chép cùng một config.toml sang mọi máy rồi chạy lại; thư trong hàng đợi vẫn "
                "còn nguyên."
            )

        def done(conn: Connection, row: MessageRow, reviews: int) -> None:
            self.queue.finish_in(conn, item, {"state": row.state, "new": True, "waiting": reviews > 0})

        source = item.info["source"]
        with ONE_AT_A_TIME, self.rt.store.deferring(on_outcome=done) as deferred:
            try:
                raw = self.rt.archive.get(item.key)
            except StoreError as e:  # its original went from the archive after it was queued
                if not _in_place(self.rt.archive.root):
                    self.queue.release(item)  # for a worker that sees the archive
                    raise _unseen(self.rt.archive.root, "thư trong hàng đợi vẫn còn nguyên") from e
                outcome = pipeline.record_missing(
                    self.rt, item.key, received_at=received_at, source=source, error=e
                )
            else:
                outcome = pipeline.ingest(
                    self.rt,
                    raw,
                    received_at=received_at,
                    source=source,
                    key=item.key,
                    died=item.attempts - 1,
                    read_order=item.info.get("read_order", 0),
                )
        recorded = deferred.recorded
        if recorded is None or (recorded.state, True) != (outcome.state, outcome.new):
            # Nothing recorded (a message read before, another copy of one), or not what it came to.
            self.queue.finish(
                item, {"state": outcome.state, "new": outcome.new, "waiting": bool(outcome.reviews)}
            )
        log_outcome(source, outcome)

    def drain(
        self, keys: Sequence[str], stop: threading.Event, more: Callable[[], Sequence[str]] | None = None
    ) -> tuple[Tally, bool]:
        """Work until every one of these messages is done, by this worker or another, or until stop
        is set: the tally of those done, and whether all are. more, asked between items, names
        messages to wait for as well (those a reader brought in meanwhile)."""
        keys = list(keys)
        wait = FIRST_WAIT_SECONDS
        while True:
            if more is not None:
                keys += [k for k in more() if k not in keys]
            if not stop.is_set() and self.step():
                wait = FIRST_WAIT_SECONDS
                continue
            # Nothing left to take: look whether what others hold is done.
            outcomes = self.queue.outcomes(WorkKind.MESSAGE, keys)
            done = {k: outcomes[k][1] for k in keys if k in outcomes and outcomes[k][0] == WorkState.DONE}
            if len(done) == len(keys) or stop.is_set():
                return _tally(done), len(done) == len(keys)
            stop.wait(wait)  # the rest are with other workers (or their leases)
            wait = min(2 * wait, WAITING_SECONDS)

    def serve(self, stop: threading.Event, *, until_empty: bool = False) -> int:
        """Do items until stop is set (or, until_empty, until none is queued or running); how many."""
        done = 0
        wait = FIRST_WAIT_SECONDS
        while not stop.is_set():
            try:
                stepped = self.step()
            except (StoreError, SQLAlchemyError) as e:  # the database went away (restarted): wait for it
                wait_for_database(e, stop.wait)
                continue
            if stepped:
                done += 1
                wait = FIRST_WAIT_SECONDS
                continue
            if until_empty and not any(self.queue.unfinished(kind) for kind in KINDS):
                break
            stop.wait(wait if until_empty else IDLE_SECONDS)
            wait = min(2 * wait, WAITING_SECONDS)
        return done


def wait_for_database(
    e: Exception, wait: Callable[[float], object], seconds: float = DATABASE_RETRY_SECONDS
) -> None:
    """Say in one line that the database did not answer (restarted, unreachable), with the first line of
    what it said, and wait seconds before asking it again."""
    log.warning("%s", retry_note(e, seconds))
    wait(seconds)


def check_archive_seen(rt: Runtime) -> None:
    """Raise ConfigError, before a reader archives anything, when this machine does not see the archive
    that the recorded messages are in (a shared folder not mounted): the originals would be kept on its
    own disk, out of the other machines' reach. An empty archive with no message recorded is a fresh
    install."""
    if not _in_place(rt.archive.root) and rt.store.latest_receipt() is not None:
        raise _unseen(rt.archive.root, "thư vẫn còn nguyên trong hộp thư")


def _unseen(root: Path, kept: str) -> ConfigError:
    """The error of a machine that does not see the shared archive folder; kept says where the mail waits."""
    return ConfigError(
        f"kho lưu trữ {root} trống hoặc không có: máy này chưa thấy thư mục lưu trữ dùng chung (chưa gắn ổ "
        f"mạng?). Kiểm tra [storage].archive trong tệp cấu hình rồi chạy lại; {kept}."
    )


def _in_place(root: Path) -> bool:
    """Whether the archive is there: a folder holding messages. A shared folder not mounted on this
    machine is missing or empty, and every queued message would be recorded lost."""
    try:
        return root.is_dir() and any(root.iterdir())
    except OSError:
        return False


@contextmanager
def working(rt: Runtime) -> Iterator[Worker]:
    """A worker for this process, its leases renewed while the block runs."""
    queue = Queue(rt.store, dt.timedelta(seconds=rt.config.storage.lease_seconds))
    with Heartbeat(queue, Machine.of(rt.config)):
        yield Worker(dataclasses.replace(rt, ocr=SharedPages(queue)), queue, rt.config.rules)


def _tally(results: Mapping[str, Any]) -> Tally:
    """The tally of queued messages done, by key, from what their workers recorded of each."""
    tally = Tally()
    for key, result in results.items():
        tally.count(
            MessageState(result["state"]),
            new=bool(result["new"]),
            waiting=bool(result.get("waiting")),
            key=key,
        )
    return tally


def log_outcome(where: str, outcome: Outcome) -> None:
    """One line per message: where it came from, what was decided, and why when it is not a report."""
    schools = ", ".join(s.school_id for s in outcome.submissions) or "-"
    log.info(
        "%s <%s>: %s (school %s)%s",
        where,
        outcome.message_id,
        outcome.state,
        schools,
        f" — {outcome.reason}" if outcome.state != MessageState.REPORT and outcome.reason else "",
    )
