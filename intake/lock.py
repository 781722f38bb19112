"""Locks between processes: one reader per mailbox, and staff decisions on messages one at a time. On
one machine an exclusive flock on a file next to the archive; across machines sharing a PostgreSQL
database, an advisory lock in that database."""

from __future__ import annotations

import fcntl
import math
import os
import re
from pathlib import Path
from types import TracebackType
from typing import Protocol, Self

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from intake.errors import LockedError, LockLostError
from kernel.errors import StoreError
from kernel.locks import HELD, Held, WaitedLock, lock_file
from kernel.store import Store

_READERS = 0x62616F64  # the advisory lock space of mailbox readers ("baod")
_DECIDERS = 0x62616F65  # the advisory lock space of staff decisions on messages ("baoe")
# Whether this session holds a reader's lock: a lock of two int4 keys is listed with the first as classid,
# the second (an oid, so taken unsigned) as objid, and objsubid 2.
_HOLDS = text(
    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() "
    "AND granted AND objsubid = 2 AND classid = :space AND objid = hashtext(:name)::oid)"
)


def lock_path(archive: Path, mailbox: str) -> Path:
    """DIR/<mailbox>.lock beside the archive DIR/archive, the mailbox name made file-safe."""
    safe = re.sub(r"[^\w.@-]+", "_", mailbox, flags=re.ASCII)
    return archive.parent / f"{safe}.lock"


class MailboxLock(Held):
    """Held while a process polls, runs or re-scans a mailbox; released when the process ends.

    flock is tied to the open file, so a process that dies (even by SIGKILL) leaves no stale lock. A
    process forked from the holder (intake/crew.py) would share that file and keep the lock after its
    parent died: it closes its copy at once (forget).
    """

    def __init__(self, archive: Path, mailbox: str) -> None:
        self.mailbox = mailbox
        self.path = lock_path(archive, mailbox)

    def acquire(self) -> None:
        """Take the lock or raise LockedError naming the process that holds it."""
        fd = lock_file(self.path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            holder = os.read(fd, 32).decode(errors="replace").strip() or "không rõ"
            os.close(fd)
            how = f"dừng nó (kill {holder})" if holder.isdigit() else "dừng nó"
            raise LockedError(
                f"Một tiến trình baocao khác (pid {holder}) đang xử lý hộp thư {self.mailbox}. "
                "Chỉ một tiến trình được xử lý một hộp thư tại một thời điểm: chờ tiến trình đó "
                f"xong, hoặc {how} rồi chạy lại."
            ) from e
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        HELD.add(self)

    def release(self) -> None:
        HELD.discard(self)
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
        self._close_file()

    def forget(self) -> None:
        self._close_file()


class ReaderLock(Protocol):
    """What a reader holds while it reads a mailbox (reader_lock), as a with block."""

    # How often a reader idling on its mailbox confirms it still holds the lock: a lock that can be lost
    # under it is noticed within this time even when no mail comes.
    confirm_every: float

    def __enter__(self) -> Self: ...

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def confirm(self) -> None:
        """Raise LockLostError when the right to read was lost since it was taken."""


class AdvisoryLock(Held):
    """The right to read a mailbox, among processes on several machines sharing one PostgreSQL database:
    a session advisory lock, held on a connection of its own and released when the connection ends
    (the process stops or dies, the machine is lost). The connection can also end under a reader that
    goes on (PostgreSQL restarted, the session cut): the lock is gone without a word and another process
    takes it, so the reader confirms it still holds it before it reads, and every minute while it idles."""

    confirm_every = 60.0

    def __init__(self, store: Store, mailbox: str) -> None:
        self.mailbox = mailbox
        self.store = store

    def acquire(self) -> None:
        """Take the lock or raise LockedError at once."""
        conn = self.store.engine.connect()
        try:
            taken = conn.execute(
                text("SELECT pg_try_advisory_lock(:space, hashtext(:name))"),
                {"space": _READERS, "name": self.mailbox},
            ).scalar()
            conn.commit()  # a session lock outlives the transaction; no transaction stays open
        except SQLAlchemyError as e:
            conn.close()
            raise StoreError(
                f"không lấy được quyền đọc hộp thư {self.mailbox} trong cơ sở dữ liệu: {e}"
            ) from e
        if not taken:
            conn.close()
            raise LockedError(
                f"Hộp thư {self.mailbox} đang được một tiến trình baocao khác đọc (có thể trên máy khác); "
                "tiến trình này xử lý các thư trong hàng đợi chung."
            )
        self._conn = conn
        HELD.add(self)

    def confirm(self) -> None:
        """Raise LockLostError unless this session still holds the lock; a lost one is let go of for good
        (its connection closed), so that the reader takes the lock again before it reads again."""
        held = False
        if self._conn is not None:
            try:
                held = bool(self._conn.execute(_HOLDS, {"space": _READERS, "name": self.mailbox}).scalar())
                self._conn.commit()
            except SQLAlchemyError:
                held = False  # the session is gone, and the lock with it
        if not held:
            self._end_session()
            raise LockLostError(
                f"Tiến trình này mất quyền đọc hộp thư {self.mailbox}: phiên cơ sở dữ liệu giữ quyền đã bị "
                "ngắt (cơ sở dữ liệu vừa khởi động lại?) nên một tiến trình baocao khác có thể đang đọc hộp "
                "thư. Ngừng đọc, đóng kết nối tới hộp thư và chỉ đọc lại khi lấy lại được quyền."
            )

    def release(self) -> None:
        HELD.discard(self)
        self._end_session()

    def forget(self) -> None:
        self._forget_session()


class _OneMachine:
    """The reader's lock on SQLite: nothing more than the MailboxLock file its command holds for its whole
    run, which is lost only with the process: an idle reader has nothing to confirm."""

    confirm_every = math.inf

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        return None

    def confirm(self) -> None:
        return None


class DecisionLock(WaitedLock):
    """Held while staff decide about a message (assign, reject, split, an address forgotten), waited for
    by any other process deciding: a decision is written, then the message is read again under it, and two
    interleaved (a clerk rejecting on the command line as another assigns on the page) let the first's
    reading, written last, stand against the second's decision: a rejected mail counted and acknowledged.
    On SQLite the file decisions.lock beside the archive."""

    def __init__(self, store: Store, archive: Path) -> None:
        super().__init__(store, archive.parent / "decisions.lock", _DECIDERS, "quyền ghi quyết định")


def reader_lock(store: Store, mailbox: str) -> ReaderLock:
    """What a reader holds while it reads a mailbox. On PostgreSQL, an AdvisoryLock shared by every
    machine; on SQLite (one machine) nothing more: the command holds the MailboxLock file for its
    whole run."""
    if store.engine.dialect.name == "postgresql":
        return AdvisoryLock(store, mailbox)
    return _OneMachine()
