"""How a season went day by day: reports received each day against the days left to the deadline.

One computation for every chart (the page draws it in SVG, the digest in HTML/CSS): a day's count is
the schools whose first readable report arrived that day, in the district's time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kernel import units
from kernel.config import Config
from kernel.seasons import season_bounds
from kernel.status import ReportStatus, SchoolState

_COUNTED = (SchoolState.RECEIVED, SchoolState.LATE)


@dataclass(frozen=True)
class Day:
    day: dt.date
    received: int  # schools whose report first came this day
    total: int  # schools that had reported by the end of this day
    days_left: int  # to the report's deadline; negative after it


@dataclass(frozen=True)
class Progress:
    days: tuple[Day, ...]
    expected: int  # schools that must report (the exempt left out)
    deadline: dt.date
    today: dt.date  # the day the status describes

    @property
    def peak(self) -> int:
        return max((d.received for d in self.days), default=0)

    def weeks(self) -> list[tuple[Day, int]]:
        """The days cut into weeks counted back from the deadline: (first day, number of days) each,
        so that an axis can label each week and the deadline starts one."""
        spans: list[tuple[Day, int]] = []
        for day in self.days:
            if not spans or day.days_left % 7 == 0:
                spans.append((day, 1))
            else:
                first, length = spans[-1]
                spans[-1] = (first, length + 1)
        return spans


def progress(status: ReportStatus, config: Config) -> Progress:
    """From the season's first day (or an earlier report) to the deadline, today or the last report,
    whichever is latest, but never past the season's end unless a report came later. A report another
    unit received before the season began (the district office's, in June, for a school a commune
    collects from 1/7/2025) is in the total from the first day: the unit's chart starts with its own
    season, not months before the unit collected the school."""
    tz = config.district.timezone
    start, end = (b.astimezone(tz).date() for b in season_bounds(status.report, status.year, config))
    deadline = status.deadline.date()
    today = status.as_of.astimezone(tz).date()
    arrivals: dict[dt.date, int] = {}
    carried = 0
    for school in status.schools:
        if school.status in _COUNTED and school.received_at is not None:
            day = school.received_at.astimezone(tz).date()
            if day < start and units.received_by(
                config, status.report, status.year, school.school_id, school.received_at
            ):
                carried += 1
                continue
            arrivals[day] = arrivals.get(day, 0) + 1
    first = min([start, *arrivals])
    last = max([deadline, min(today, end - dt.timedelta(days=1)), *arrivals])
    days = []
    total = carried
    day = first
    while day <= last:
        total += arrivals.get(day, 0)
        days.append(Day(day, arrivals.get(day, 0), total, (deadline - day).days))
        day += dt.timedelta(days=1)
    return Progress(tuple(days), len(status.expected), deadline, today)
