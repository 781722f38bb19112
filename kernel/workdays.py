"""The office's working days: reminders, staff lists and digests go out on them, not at a weekend or on
a public holiday of Vietnam (Tết, Giỗ Tổ, 30/4, 1/5, Quốc khánh and the days off the government moves),
which a school's principal and the district's staff do not read their mail on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Container
from functools import cache

_DAY = dt.timedelta(days=1)
MOST_DAYS_OFF = 10  # no working day for this many days in a row at most: Tết's break with its weekends is 9


def working(day: dt.date) -> bool:
    """Whether day is a working day: Monday to Friday and no public holiday."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def on_or_before(day: dt.date) -> dt.date:
    """day, or the last working day before it."""
    while not working(day):
        day -= _DAY
    return day


def on_or_after(day: dt.date) -> dt.date:
    """day, or the first working day after it."""
    while not working(day):
        day += _DAY
    return day


@cache
def _holidays(year: int) -> Container[dt.date]:
    import holidays  # 60 ms: only a command that plans reminders loads it

    return holidays.country_holidays("VN", years=year)
