"""Timing shared by the benchmarks."""

from __future__ import annotations

import time
from collections.abc import Callable


def best(run: Callable[[], object], repeat: int) -> float:
    """The least wall time of repeat runs: other load on the machine only ever adds time."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)
