"""Work shared by every worker on one database: a message to read, a scanned page to OCR.

Each item is a row keyed by (kind, key). A worker claims it by setting itself as holder with a lease;
while it works, a heartbeat renews the leases of everything it holds, so an item is done by one
worker at a time. A worker that dies (killed, machine lost) stops renewing: once its lease has run
out, the next worker to look claims the item and does it again from the start. What an item does is
idempotent (a message is recorded under its key, a page's text under its image's hash), so an item
taken over after a crash is never recorded twice.

On PostgreSQL the candidate row is picked with FOR UPDATE SKIP LOCKED, so workers on several machines
claim different items without waiting for each other; on SQLite (one machine) the same statements
run, the claim being a conditional update that only one worker can win.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    Update,
    bindparam,
    literal,
    select,
    tuple_,
    union_all,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from kernel import machines
from kernel.errors import StoreError
from kernel.machines import Machine
from kernel.runtime import utc_now
from kernel.store import Store, UTCDateTime, database_said, insert_new, metadata, retry_note

log = logging.getLogger(__name__)


class WorkKind(StrEnum):
    OCR = "ocr"  # a page image to read with tesseract; claimed first, a message waits on it
    MESSAGE = "message"  # an archived message to run through the pipeline


class WorkState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"  # held by a worker until its lease runs out
    DONE = "done"
    FAILED = "failed"  # given up for now (an OCR page over its time limit); put() queues it again


work = Table(
    "work",
    metadata,
    Column("kind", String(20), primary_key=True),  # a WorkKind
    Column("key", String(200), primary_key=True),
    Column("state", String(20), nullable=False),  # a WorkState
    Column("info", JSON, nullable=False),  # what the worker needs besides the payload
    Column("payload", LargeBinary, nullable=True),  # bytes to work on (a page image); dropped when done
    Column("result", JSON, nullable=True),
    Column("holder", String(200), nullable=True),  # the worker that claimed it last
    Column("lease_until", UTCDateTime, nullable=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("error", Text, nullable=False, default=""),
    Column("created_at", UTCDateTime, nullable=False),
    Column("done_at", UTCDateTime, nullable=True),
    Index("ix_work_waiting", "state", "kind", "created_at"),
)


# The oldest queued item of each kind and the oldest whose lease ran out, each found through the index on
# (state, kind, created_at) (one query with both conditions joined by OR read every item of the kind ever
# done); of these, the oldest of the first kind that has one is taken. One statement: the item is taken
# where it is picked, so no other worker can take it between (PostgreSQL: FOR UPDATE SKIP LOCKED, each
# worker skipping the rows another is taking; SQLite: one writer at a time).
_WAITING = (
    work.c.state == WorkState.QUEUED,
    (work.c.state == WorkState.RUNNING) & (work.c.lease_until < bindparam("now")),
)


def _take(kinds: Sequence[WorkKind], keys: list[str] | None) -> Update:
    """How a worker takes the oldest waiting item of the first of kinds that has one (of keys only)."""
    picks = []
    for rank, kind in enumerate(kinds):
        for condition in _WAITING:
            pick = (
                select(work.c.kind, work.c.key, work.c.created_at, literal(rank).label("rank"))
                .where(work.c.kind == kind, condition)
                .order_by(work.c.created_at, work.c.key)
                .limit(1)
                .with_for_update(skip_locked=True)
            )
            if keys is not None:
                pick = pick.where(work.c.key.in_(keys))
            picks.append(select(pick.subquery()))
    found = union_all(*picks).subquery()
    oldest = (
        select(found.c.kind, found.c.key).order_by(found.c.rank, found.c.created_at, found.c.key).limit(1)
    )
    return (
        update(work)
        .where(tuple_(work.c.kind, work.c.key).in_(oldest))
        .values(
            state=WorkState.RUNNING,
            holder=bindparam("new_holder"),
            lease_until=bindparam("new_lease"),
            attempts=work.c.attempts + 1,
        )
        .returning(work.c.kind, work.c.key, work.c.info, work.c.payload, work.c.attempts)
    )


# Built once for what workers claim (a worker claims before every message); a claim of given keys is built
# each time.
_TAKES: dict[tuple[WorkKind, ...], Update] = {
    kinds: _take(kinds, None)
    for kinds in ((WorkKind.OCR, WorkKind.MESSAGE), (WorkKind.MESSAGE,), (WorkKind.OCR,))
}

# How a worker records an item it did (or failed), after every message.
_END = (
    update(work)
    .where(
        work.c.kind == bindparam("item_kind"),
        work.c.key == bindparam("item_key"),
        work.c.holder == bindparam("holder_of"),
    )
    .values(
        state=bindparam("new_state"),
        result=bindparam("new_result"),
        error=bindparam("new_error"),
        payload=None,
        done_at=bindparam("now"),
    )
)


@dataclass(frozen=True)
class Item:
    kind: WorkKind
    key: str
    info: dict[str, Any]
    payload: bytes | None
    attempts: int  # counting this claim


def worker_name() -> str:
    """host:pid:random, so two workers never take each other for one another, even after a pid is reused."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Queue:
    """The work table of a store, seen by one worker."""

    def __init__(self, store: Store, lease: dt.timedelta, holder: str | None = None) -> None:
        self.store = store
        self.lease = lease
        self.holder = holder or worker_name()
        # The items in hand, whose leases the heartbeat renews. One given up (its work broke off with
        # the database away) is renewed no more: its lease runs out and it is taken over, by this worker
        # too, instead of being held for as long as the process lives.
        self._in_hand: set[tuple[str, str]] = set()
        self._hand = threading.Lock()

    def put(self, kind: WorkKind, key: str, info: dict[str, Any], payload: bytes | None = None) -> bool:
        """Queue an item unless it is there already (queued, running or done); True when queued now.

        A failed item is queued again: whatever stopped it (a page over its time limit) may pass now.
        """
        try:
            with self.store.begin() as conn:
                queued = conn.execute(
                    insert_new(conn, work),
                    {
                        "kind": kind,
                        "key": key,
                        "state": WorkState.QUEUED,
                        "info": info,
                        "payload": payload,
                        "attempts": 0,
                        "error": "",
                        "created_at": utc_now(),
                    },
                )
                if queued.rowcount == 1:
                    return True
                again = conn.execute(
                    update(work)
                    .where(work.c.kind == kind, work.c.key == key, work.c.state == WorkState.FAILED)
                    .values(state=WorkState.QUEUED, payload=payload, info=info, holder=None, lease_until=None)
                )
                return again.rowcount == 1
        except SQLAlchemyError as e:
            raise StoreError(f"không ghi được việc cần làm vào cơ sở dữ liệu: {database_said(e)}") from e

    def claim(self, kinds: Sequence[WorkKind], keys: Iterable[str] | None = None) -> Item | None:
        """Take the oldest waiting item of the first kind that has one (or of these keys only):
        queued, or running under a lease that has run out. None when there is nothing to take."""
        kinds = tuple(kinds)
        take = _TAKES.get(kinds) if keys is None else None
        if take is None:
            take = _take(kinds, None if keys is None else list(keys))
        now = utc_now()
        try:
            with self.store.begin() as conn:
                row = conn.execute(
                    take, {"now": now, "new_holder": self.holder, "new_lease": now + self.lease}
                ).first()
        except SQLAlchemyError as e:
            raise StoreError(f"không nhận được việc cần làm từ cơ sở dữ liệu: {database_said(e)}") from e
        if row is None:
            return None
        kind = WorkKind(row.kind)
        with self._hand:
            self._in_hand.add((kind, row.key))
        if row.attempts > 1:
            log.warning(
                "nhận lại việc %s %s mà tiến trình khác bỏ dở (lần thử %d)", kind, row.key[:16], row.attempts
            )
        return Item(kind, row.key, dict(row.info), row.payload, row.attempts)

    def renew(self) -> int:
        """Extend the lease of every item in this worker's hand; the number of items it still holds."""
        with self._hand:
            in_hand = list(self._in_hand)
        if not in_hand:
            return 0
        try:
            with self.store.begin() as conn:
                done = conn.execute(
                    update(work)
                    .where(
                        work.c.holder == self.holder,
                        work.c.state == WorkState.RUNNING,
                        tuple_(work.c.kind, work.c.key).in_(in_hand),
                    )
                    .values(lease_until=utc_now() + self.lease)
                )
                return int(done.rowcount)
        except SQLAlchemyError as e:
            raise StoreError(f"không gia hạn được việc đang làm: {database_said(e)}") from e

    def give_up(self, item: Item) -> None:
        """Stop renewing an item whose work broke off (its lease runs out and it is taken over)."""
        with self._hand:
            self._in_hand.discard((item.kind, item.key))

    def finish(self, item: Item, result: dict[str, Any] | None = None) -> None:
        self._end(item, WorkState.DONE, result, "")

    def finish_in(self, conn: Connection, item: Item, result: dict[str, Any] | None = None) -> None:
        """finish, in a transaction of the caller's (the one that records what the item did)."""
        conn.execute(_END, self._ended(item, WorkState.DONE, result, ""))
        self.give_up(item)

    def fail(self, item: Item, error: str, result: dict[str, Any] | None = None) -> None:
        self._end(item, WorkState.FAILED, result, error)

    def release(self, item: Item) -> None:
        """Give an item back untouched (this worker cannot do it now): the next worker takes it."""
        self.give_up(item)
        try:
            with self.store.begin() as conn:
                conn.execute(
                    update(work)
                    .where(work.c.kind == item.kind, work.c.key == item.key, work.c.holder == self.holder)
                    .values(state=WorkState.QUEUED, lease_until=None, attempts=item.attempts - 1)
                )
        except SQLAlchemyError as e:
            raise StoreError(f"không trả lại được việc cần làm: {database_said(e)}") from e

    def _end(self, item: Item, state: WorkState, result: dict[str, Any] | None, error: str) -> None:
        self.give_up(item)
        try:
            with self.store.begin() as conn:
                conn.execute(_END, self._ended(item, state, result, error))
        except SQLAlchemyError as e:
            raise StoreError(f"không ghi được kết quả việc đã làm: {database_said(e)}") from e

    def _ended(
        self, item: Item, state: WorkState, result: dict[str, Any] | None, error: str
    ) -> dict[str, Any]:
        return {
            "item_kind": item.kind,
            "item_key": item.key,
            "holder_of": self.holder,
            "new_state": state,
            "new_result": result,
            "new_error": error,
            "now": utc_now(),
        }

    def outcomes(self, kind: WorkKind, keys: Iterable[str]) -> dict[str, tuple[WorkState, Any]]:
        """key -> (state, result) of these items."""
        wanted = list(dict.fromkeys(keys))
        found: dict[str, tuple[WorkState, Any]] = {}
        with self.store.engine.connect() as conn:
            for start in range(0, len(wanted), 500):
                rows = conn.execute(
                    select(work.c.key, work.c.state, work.c.result).where(
                        work.c.kind == kind, work.c.key.in_(wanted[start : start + 500])
                    )
                )
                found.update({r.key: (WorkState(r.state), r.result) for r in rows})
        return found

    def unfinished(self, kind: WorkKind, source: str | None = None) -> list[str]:
        """The keys of the items of a kind that are queued or running, oldest first; of those queued from
        one source (a mailbox's), when given."""
        query = (
            select(work.c.key, work.c.info)
            .where(work.c.kind == kind, work.c.state.in_([WorkState.QUEUED, WorkState.RUNNING]))
            .order_by(work.c.created_at, work.c.key)
        )
        with self.store.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [r.key for r in rows if source is None or (r.info or {}).get("source") == source]


HEARTBEAT_THREAD = "work-heartbeat"
# Held by a heartbeat while it renews, and by a process while it forks a worker (intake/crew.py): the child
# is never made while a heartbeat uses a database connection.
RENEWING = threading.Lock()


class Heartbeat:
    """Renews a worker's leases every third of the lease while it runs, in a daemon thread; and records the
    worker's machine as seen (kernel/machines.py), from the start."""

    def __init__(self, queue: Queue, machine: Machine) -> None:
        self.queue = queue
        self.machine = machine
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=HEARTBEAT_THREAD, daemon=True)

    def _run(self) -> None:
        every = max(0.2, self.queue.lease.total_seconds() / 3)
        while True:
            try:
                with RENEWING:
                    self.queue.renew()
                    machines.record(self.queue.store, self.machine)
            except StoreError as e:  # the database is away: the lease may run out, the work is redone
                log.warning("%s", retry_note(e, every))
            if self._stop.wait(every):
                return

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
