"""SIGTERM and Ctrl-C that come while the command line starts (Python importing its modules, the command line
read), before a command that stops cleanly (`baocao run`, `poll`, `worker`) sets its own handlers: kept for
that command, which then stops as it would later («Đã dừng baocao.», exit code 0), rather than the process
ending at once without a word. Any other command gets the handlers it had, and a signal kept meanwhile acts
as it would have."""

from __future__ import annotations

import signal
from collections.abc import Callable
from types import FrameType
from typing import Any

STOPS = (signal.SIGTERM, signal.SIGINT)

Handler = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None

_before: dict[signal.Signals, Handler] = {}  # the handlers hold replaced; empty when nothing is held
_kept: list[int] = []


def hold() -> None:
    """Keep SIGTERM and Ctrl-C from now on, until a command takes them (handled_by) or release."""
    if not _before:
        _before.update({sig: signal.signal(sig, _keep) for sig in STOPS})


def _keep(sig: int, _frame: FrameType | None) -> None:
    _kept.append(sig)


def handled_by(handler: Callable[[int, FrameType | None], Any]) -> dict[signal.Signals, Handler]:
    """Set handler for SIGTERM and Ctrl-C, give it at once any kept while the command started, and return
    the handlers to put back when the command ends (those from before hold, while holding)."""
    previous: dict[signal.Signals, Handler] = {sig: signal.signal(sig, handler) for sig in STOPS}
    previous |= _before
    _before.clear()
    while _kept:
        handler(_kept.pop(0), None)
    return previous


def release() -> None:
    """Put back the handlers from before hold; a signal kept meanwhile is raised again, to act as it would
    have (SIGTERM ends the process, Ctrl-C raises KeyboardInterrupt)."""
    for stop, handler in _before.items():
        signal.signal(stop, handler)
    _before.clear()
    kept = list(_kept)
    _kept.clear()
    for sig in kept:
        signal.raise_signal(sig)
