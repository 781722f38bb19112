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


class Crew:
    """The worker processes one reader starts on this machine for its backlog. They are started as soon
    as the reader has queued the first message of a backlog, so they load the program while it fetches
    the rest; leaving the block lets them finish the queue and stop (at once when stop is set)."""

    def __init__(self, rt: Runtime, stop: threading.Event) -> None:
        self.rt = rt
        self.stop = stop
        self.started: list[subprocess.Popen[bytes]] = []

    def __enter__(self) -> Crew:
        return self

    def __exit__(self, *exc: object) -> None:
        for process in self.started:
            _end(process, self.stop.is_set())

    def grow(self, backlog: int) -> int:
        """Start processes until there are as many as a backlog this size calls for; how many run."""
        command = [
            sys.executable,
            "-m",
            "app",
            "worker",
            "--until-empty",
            "--config",
            str(self.rt.config.path),
        ]
        wanted = extra_processes(self.rt, backlog) - len(self.started)
        for _ in range(wanted):
            try:
                self.started.append(
                    subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
                )
            except OSError as e:  # the reader goes on with what it has
                log.warning("could not start a worker process: %s", e)
                break
        if wanted > 0 and self.started:
            log.info("%d worker processes help with %d messages", len(self.started), backlog)
        return len(self.started)


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
