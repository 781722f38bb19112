"""Runs `poll --once` in a process of its own, for tests that limit or kill that process.

    python -m tests.intake.intake_child CONFIG [--address-space-mb N] [--crash-on MARKER] [--crash-parsing]

--crash-on makes the process die (os._exit, as the kernel's OOM killer would end it) whenever it
starts reading a message that contains MARKER; with --crash-parsing, earlier: as it parses the message,
before anything of it is recorded. A test-only hook patched in here, never in intake.
"""

from __future__ import annotations

import argparse
import os
import resource
from pathlib import Path

from intake import pipeline
from intake.imap import Mailbox
from intake.poller import poll_once
from kernel import config as config_mod
from kernel.runtime import Runtime

PEAK = "peak-rss-bytes"
KILLED = 137  # the exit status of a process ended by SIGKILL, as the OOM killer ends it


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("config")
    parser.add_argument("--address-space-mb", type=int, default=0)
    parser.add_argument("--crash-on", default="")
    parser.add_argument("--crash-parsing", action="store_true")
    args = parser.parse_args()
    if args.address_space_mb:
        limit = args.address_space_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if args.crash_on and args.crash_parsing:
        marker = args.crash_on.encode()
        tree = pipeline._tree

        def crashing_tree(raw):  # type: ignore[no-untyped-def]
            if marker in raw:
                os._exit(KILLED)
            return tree(raw)

        pipeline._tree = crashing_tree  # type: ignore[assignment]
    elif args.crash_on:
        marker = args.crash_on.encode()
        interpret = pipeline._interpret

        def crashing(rt, row, mail, raw, received_at, first):  # type: ignore[no-untyped-def]
            if marker in raw:
                os._exit(KILLED)
            return interpret(rt, row, mail, raw, received_at, first)

        pipeline._interpret = crashing  # type: ignore[assignment]
    config = config_mod.load(args.config)
    assert config.imap is not None
    imap = config.imap
    with Runtime.open(config) as rt:
        tally = poll_once(rt, lambda: Mailbox(imap))
    print(tally.line())
    print(f"{PEAK} {peak_rss()}")


def peak_rss() -> int:
    """This process's own peak resident memory in bytes (VmHWM: unlike getrusage's ru_maxrss, not
    raised by the memory of the parent it was forked from)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("/proc/self/status has no VmHWM line")


if __name__ == "__main__":
    main()
