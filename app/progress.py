"""Progress of long work (import, rescan, reprocess): a bar on a terminal, plain periodic lines otherwise.

A log or a systemd journal gets one line every few seconds ("Đang nhập thư: 40/120 (33%)"), never
the bar's control characters.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

Report = Callable[[int, int], None]  # (done, total)
EVERY_SECONDS = 5.0


@contextmanager
def progress(label: str, stream: TextIO | None = None, every: float = EVERY_SECONDS) -> Iterator[Report]:
    """Yields report(done, total); the caller reports after each item."""
    out = stream if stream is not None else sys.stderr
    if out.isatty():
        with _bar(label, out) as report:
            yield report
        return
    last = [time.monotonic(), -1]

    def line(done: int, total: int) -> None:
        now = time.monotonic()
        if done == total or now - last[0] >= every:
            if done != last[1]:
                percent = f" ({done * 100 // total}%)" if total else ""
                out.write(f"{label}: {done}/{total}{percent}\n")
                out.flush()
            last[0], last[1] = now, done

    yield line


@contextmanager
def _bar(label: str, out: TextIO) -> Iterator[Report]:
    columns = (
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("còn"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(file=out), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
