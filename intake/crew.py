"""More worker processes on this machine while a reader works through a backlog.

Reading reports is CPU work in Python: one process uses one core. When a poll brings in enough mail to
be worth a process's start (the first read of a mailbox, a morning's mail, a deadline's last day),
worker processes started here take their share of the queue beside the reader's own worker, each on
its own core, and end when the queue is empty. They share the database and archive through the work
table (kernel/work.py), so nothing is done twice and a process that dies has its message taken over.

A reader that runs alone (`baocao poll --once`: no thread but its worker's heartbeat) forks itself: the
child has the program loaded already and starts on the queue at once, where `baocao worker
--until-empty` started anew spends 0.6-1 s of CPU importing it, a third of a 300-message backlog's share.
The child opens its own database connections (the parent's pool is emptied before the fork, so SQLite
keeps no state of the file in the child), closes its copies of the reader's lock (kernel/locks.py) and of
its IMAP connections (intake/imap.py), so a reader that dies leaves no session open behind it, and
otherwise keeps only the parent's memory: it never touches the parent's connections, and leaves by
os._exit.
A reader with other threads (the daemon's scheduler, several mailboxes) could fork while one of them
holds a lock or a connection, so it starts `baocao worker --until-empty` processes as before.
"""

from __future__ import annotations

import dataclasses
import gc
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from typing import NoReturn

from sqlalchemy.pool import QueuePool

from kernel import config as config_mod
from kernel.errors import ConfigError
from kernel.runtime import Runtime, utc_now
from kernel.store import Store
from kernel.work import HEARTBEAT_THREAD, RENEWING

log = logging.getLogger(__name__)

PER_PROCESS = 20  # messages waiting for each extra process: below that its start costs more than it saves
EXIT_SECONDS = 30  # how long a process may take to finish its message once the queue is empty
STOPS = {signal.SIGTERM, signal.SIGINT}  # what stops a worker process
ENDED_SECONDS = 0.01  # how often a reader waiting for a forked process looks whether it ended


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0))


def extra_processes(rt: Runtime, backlog: int) -> int:
    """How many worker processes to start beside this one for a backlog of messages."""
    wanted = min((rt.config.storage.workers or cores()) - 1, backlog // PER_PROCESS)
    if wanted <= 0 or rt.clock is not utc_now:  # a process of its own could not share a given clock
        return 0
    try:
        same = config_mod.load(rt.config.path) == rt.config
    except ConfigError:
        same = False
    if not same:  # the file was edited since this process read it: its workers would read it otherwise
        log.info("config file %s changed since it was read; no worker processes started", rt.config.path)
        return 0
    return wanted


class Forked:
    """A worker process forked from this one, ended and waited for like a subprocess.Popen."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.returncode is None:
            ended, status = os.waitpid(self.pid, os.WNOHANG if deadline is not None else 0)
            if ended:
                self.returncode = os.waitstatus_to_exitcode(status)
            elif deadline is not None and time.monotonic() >= deadline:
                raise subprocess.TimeoutExpired(f"worker process {self.pid}", timeout or 0.0)
            else:
                time.sleep(ENDED_SECONDS)
        return self.returncode

    def terminate(self) -> None:
        self._signal(signal.SIGTERM)

    def kill(self) -> None:
        self._signal(signal.SIGKILL)

    def _signal(self, sig: signal.Signals) -> None:
        if self.returncode is None:  # a pid waited for may belong to another process by now
            os.kill(self.pid, sig)


def _child(rt: Runtime, mask: set[int | signal.Signals]) -> NoReturn:
    """A forked worker: the queue until it is empty, on connections of its own; then leave at once
    (no atexit handler or finalizer of the parent's runs here). mask: the signals blocked before."""
    stop = threading.Event()
    code = 1
    try:
        for sig in STOPS:  # stop after the item in hand, as `baocao worker` does
            signal.signal(sig, lambda *_: stop.set())
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        gc.freeze()  # what the parent loaded: its pages stay shared, no collection walks them
        from intake.worker import working

        own = dataclasses.replace(rt, store=Store.open(rt.config.storage.database))
        try:
            with working(own) as worker:
                worker.serve(stop, until_empty=True)
        finally:
            own.close()
        code = 0
    except BaseException:
        log.exception("worker process %d failed (its item is taken over later)", os.getpid())
    finally:
        os._exit(code)


def fork(rt: Runtime) -> Forked | None:
    """A worker process forked from this one; None when this process may not fork: another thread
    than a heartbeat runs (it could hold a lock the child would never see released), or an SQLite
    connection is in use (SQLite would carry the file's state into the child; a PostgreSQL connection,
    such as the reader's advisory lock, is only a socket the child never touches)."""
    for stream in (sys.stdout, sys.stderr):  # nothing buffered here is written twice
        stream.flush()
    here = threading.current_thread()
    pool = rt.store.engine.pool
    # A stop (Ctrl-C to the terminal's process group, SIGTERM) that comes while the child is made
    # waits until the child has its own handlers, and reaches both.
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, STOPS)
    try:
        with RENEWING:  # no heartbeat uses a connection while the pool is emptied and the process forked
            if any(t is not here and t.name != HEARTBEAT_THREAD for t in threading.enumerate()):
                return None
            sqlite = rt.store.engine.dialect.name == "sqlite"
            if sqlite and (not isinstance(pool, QueuePool) or pool.checkedout()):
                return None
            rt.store.engine.dispose()  # the child opens connections of its own, the parent again when used
            pid = os.fork()
        if pid == 0:
            _child(rt, mask)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    return Forked(pid)


class Crew:
    """The worker processes one reader starts on this machine for its backlog. They are started as soon
    as the reader has queued the first message of a backlog (a process started on an empty queue would
    end at once); leaving the block lets them finish the queue and stop (at once when stop is set)."""

    def __init__(self, rt: Runtime, stop: threading.Event) -> None:
        self.rt = rt
        self.stop = stop
        self.halted = False  # the reader failed: the processes stop after the item in hand
        self.started: list[subprocess.Popen[bytes] | Forked] = []

    def __enter__(self) -> Crew:
        return self

    def __exit__(self, *exc: object) -> None:
        for process in self.started:
            _end(process, self.stop.is_set() or self.halted)

    def halt(self) -> None:
        """Have the processes stop after the item in hand, not finish the queue: the reader failed (its
        database went away), and a daemon retries later; its own stop stays unset."""
        self.halted = True

    def grow(self, backlog: int) -> int:
        """Start processes until there are as many as a backlog this size calls for; how many run."""
        wanted = extra_processes(self.rt, backlog) - len(self.started)
        for _ in range(wanted):
            try:
                self.started.append(fork(self.rt) or self._spawn())
            except OSError as e:  # the reader goes on with what it has
                log.warning("could not start a worker process: %s", e)
                break
        if wanted > 0 and self.started:
            log.info("%d worker processes help with %d messages", len(self.started), backlog)
        return len(self.started)

    def _spawn(self) -> subprocess.Popen[bytes]:
        command = [
            sys.executable,
            "-m",
            "app",
            "worker",
            "--until-empty",
            "--config",
            str(self.rt.config.path),
        ]
        return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)


def _end(process: subprocess.Popen[bytes] | Forked, now: bool) -> None:
    """Let a worker process finish the queue (or only the item in hand, now), then make sure it ended."""
    if now:
        process.terminate()
    try:
        process.wait(timeout=EXIT_SECONDS)
        return
    except subprocess.TimeoutExpired:
        process.terminate()
    try:
        process.wait(timeout=EXIT_SECONDS)
    except subprocess.TimeoutExpired:
        log.warning("worker process %d did not stop; ended (its item is taken over later)", process.pid)
        process.kill()
        process.wait()
