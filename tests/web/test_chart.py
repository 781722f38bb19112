"""The season chart's left axis: reports received a day."""

from __future__ import annotations

import datetime as dt

import pytest

from app.web.chart import draw
from kernel.progress import Day, Progress


def _season(received: list[int]) -> Progress:
    first = dt.date(2021, 10, 18)
    days, total = [], 0
    for i, count in enumerate(received):
        total += count
        days.append(Day(first + dt.timedelta(days=i), count, total, 7 - i))
    return Progress(tuple(days), expected=40, deadline=dt.date(2021, 10, 25), today=dt.date(2021, 10, 25))


@pytest.mark.parametrize(("peak", "ticks"), [(1, [0, 1]), (3, [0, 3]), (4, [0, 2, 4]), (10, [0, 5, 10])])
def test_the_count_axis_is_marked_at_even_steps(peak: int, ticks: list[int]) -> None:
    """With at most 3 reports a day the axis read 0, 1, 3: its middle mark was the peak's half rounded
    down, so the marks stood at uneven steps and 1 sat a third of the way up."""
    chart = draw(_season([1, 0, peak, 1, 0, 1, 0, 1]))
    assert [count for _, count in chart.counts] == ticks
