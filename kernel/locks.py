"""Locks between processes, on one machine an exclusive flock on a file, across machines sharing a
PostgreSQL database an advisory lock in that database; and their letting go in a forked process."""

from __future__ import annotations

import fcntl
import os
import weakref
from pathlib import Path
from types import TracebackType
from typing import Self

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from kernel.errors import StoreError, write_problem
from kernel.store import Store


def lock_file(path: Path) -> int:
    """The lock file at path, made if it is not there, opened for the lock."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        raise StoreError(
            f"Không tạo được tệp khóa {path}: {write_problem(e)}. Kiểm tra quyền ghi thư mục."
        ) from e


class Held:
    """A lock taken by acquire() and given back by release(), usable as a with block. One held is in
    HELD, so that a process forked meanwhile lets go of its copy (forget)."""

    _fd: int | None = None  # the open lock file, when a flock on a file holds the lock
    _conn: Connection | None = None  # the connection of its own, when a PostgreSQL session holds the lock

    def _close_file(self) -> None:
        """Close the lock file, if one is open: closing it releases its flock."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _end_session(self) -> None:
        """End the lock's database session, if one holds it: ending it releases the lock. The connection is
        closed for good, not given back to the pool (where its session, and the lock, would live on). The
        lock is given back first, in the session: the server ends a closed session's process a moment
        later, and another machine asking at once would be refused meanwhile."""
        if self._conn is not None:
            try:
                self._conn.execute(text("SELECT pg_advisory_unlock_all()"))
            except SQLAlchemyError:
                pass  # the session is lost already, and the lock with it
            self._conn.invalidate()
            self._conn.close()
            self._conn = None

    def _forget_session(self) -> None:
        """In a forked process, close its copy of the session's socket: the session ends when the server
        sees it closed in every process that has it."""
        dbapi = self._conn.connection.dbapi_connection if self._conn is not None else None
        if dbapi is not None:
            os.close(dbapi.fileno())

    def acquire(self) -> None:
        raise NotImplementedError

    def release(self) -> None:
        raise NotImplementedError

    def forget(self) -> None:
        """In a process forked from the holder: close this process's copy of what holds the lock, so
        that the lock is given back when the holder ends, even while the child runs on. The objects
        are left as they are (the child never uses nor releases them: it leaves by os._exit)."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()


class WaitedLock(Held):
    """A right one process at a time holds, waited for by any other: on PostgreSQL a session advisory
    lock (space) every machine waits for, on a connection of its own; on SQLite a flock on the file at
    path. A process that dies gives it back. right names it in an error, «quyền ghi quyết định»."""

    def __init__(self, store: Store, path: Path, space: int, right: str) -> None:
        self.store = store
        self.path = path
        self.space = space
        self.right = right

    def acquire(self) -> None:
        """Wait for the lock, then take it."""
        if self.store.engine.dialect.name == "postgresql":
            conn = self.store.engine.connect()
            try:
                conn.execute(text("SELECT pg_advisory_lock(:space, 0)"), {"space": self.space})
                conn.commit()  # a session lock outlives the transaction; no transaction stays open
            except SQLAlchemyError as e:
                conn.close()
                raise StoreError(f"không lấy được {self.right} trong cơ sở dữ liệu: {e}") from e
            self._conn = conn
        else:
            fd = lock_file(self.path)
            fcntl.flock(fd, fcntl.LOCK_EX)
            self._fd = fd
        HELD.add(self)

    def release(self) -> None:
        HELD.discard(self)
        self._end_session()
        self._close_file()

    def forget(self) -> None:
        self._close_file()
        self._forget_session()


HELD: weakref.WeakSet[Held] = weakref.WeakSet()


def _forget_in_child() -> None:
    """In a forked process: let go of the copies of the locks this process's parent holds."""
    for held in list(HELD):
        held.forget()
    HELD.clear()


os.register_at_fork(after_in_child=_forget_in_child)
