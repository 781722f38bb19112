"""More worker processes on this machine while a reader works through a backlog.

Reading reports is CPU work in Python: one process uses one core. When a poll brings in enough mail to
be worth a process's start (the first read of a mailbox, a morning's mail, a deadline's last day),
`baocao worker --until-empty` processes started here take their share of the queue beside the reader's
own worker, each on its own core, and end when the queue is empty. They share the database and archive
through the work table (kernel/work.py), so nothing is done twice and a process that dies has its
message taken over.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from kernel import config as config_mod
from kernel.errors import ConfigError
from kernel.runtime import Runtime, utc_now

log = logging.getLogger(__name__)

PER_PROCESS = 20  # messages waiting for each extra process: below that its start costs more than it saves
EXIT_SECONDS = 30  # how long a process may take to finish its message once the queue is empty


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


@contextmanager
def helping(rt: Runtime, backlog: int, stop: threading.Event) -> Iterator[int]:
    """Worker processes, as many as extra_processes says, for the block; how many were started. When the
    block ends they finish the queue and stop (asked to stop at once when stop is set)."""
    command = [sys.executable, "-m", "app", "worker", "--until-empty", "--config", str(rt.config.path)]
    started: list[subprocess.Popen[bytes]] = []
    for _ in range(extra_processes(rt, backlog)):
        try:
            started.append(subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL))
        except OSError as e:  # this process goes on alone
            log.warning("could not start a worker process: %s", e)
            break
    if started:
        log.info("%d worker processes help with %d messages", len(started), backlog)
    try:
        yield len(started)
    except BaseException:
        stop.set()  # the reader failed or was interrupted: the processes stop after the item in hand
        raise
    finally:
        for process in started:
            _end(process, stop.is_set())


def _end(process: subprocess.Popen[bytes], now: bool) -> None:
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
