"""Seasons: a report's deadline in a year, when its season runs, and which season is current."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from kernel.config import Config, ReportConfig
from kernel.workdays import MOST_DAYS_OFF, on_or_before

FIRST_YEAR, LAST_YEAR = 2000, 2099
"""The report years baocao keeps. A school's mail to the office is from this century; a year outside
is a typo (21 for 2021, 20211) and, near 1 or 9999, would not even fit a date."""


def year_problem(year: int, what: str = "năm") -> str | None:
    """Why year is not a report year, in Vietnamese for staff, or None when it is one."""
    if FIRST_YEAR <= year <= LAST_YEAR:
        return None
    outside = f"{what} {year} nằm ngoài các năm báo cáo {FIRST_YEAR}–{LAST_YEAR}"
    if 1000 <= year <= 9999:  # four digits already: a year out of the range, not one cut short
        return outside
    guess = f" (có phải {2000 + year}?)" if 10 <= year <= 99 else ""
    return f"{outside}: ghi năm đủ bốn chữ số, ví dụ 2021{guess}"


def deadline_of(report: ReportConfig, year: int, tz: ZoneInfo) -> dt.datetime:
    """The last second of the deadline day of the season year in the district's timezone: in that year,
    or in the next one for a report due after the year it reports on (ReportConfig.due_next_year)."""
    return last_second(deadline_day(report, year), tz)


def deadline_day(report: ReportConfig, year: int) -> dt.date:
    """The deadline day of the season year: the season's own ([[reports]].deadlines) or the report's, in
    that year or, for a report due after the year it reports on, in the next."""
    due = year + 1 if report.due_next_year else year
    return dt.date(due, *report.deadline_month_day(year))


def last_second(day: dt.date, tz: ZoneInfo) -> dt.datetime:
    """The last second of a day in tz: where a deadline ends, the report's or a day an extension gives."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=tz)


def by_deadline(moment: dt.datetime, deadline: dt.datetime) -> bool:
    """Whether a receipt is by a deadline (or a moment asked about, --as-of), within its last second too.
    A receipt read from a file's time has a fraction of a second, and 23:59:59.6 on the deadline day is
    still that day."""
    return moment.replace(microsecond=0) <= deadline


def local(day: dt.date, time: dt.time, config: Config) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=config.district.timezone)


def season_of(report: ReportConfig, moment: dt.datetime, config: Config) -> int:
    """The season a report written or received at moment is for: the one whose deadline is nearest.

    Not the calendar year: a report due in October and sent in January is the past season's, late."""
    return nearest_season(report, moment, config.district.timezone)


def nearest_season(report: ReportConfig, moment: dt.datetime, tz: ZoneInfo) -> int:
    """The year whose deadline of report is nearest moment (season_of, given the district's zone)."""
    year = moment.astimezone(tz).year
    return min((year - 1, year, year + 1), key=lambda y: abs(deadline_of(report, y, tz) - moment))


def season_bounds(report: ReportConfig, year: int, config: Config) -> tuple[dt.datetime, dt.datetime]:
    """From the first reminder or digest of a season to the end of its last day."""
    deadline = deadline_of(report, year, config.district.timezone).date()
    first = deadline - dt.timedelta(days=max([config.scheduler.season_open_days, *report.reminder_days]))
    # The first reminder goes out before its day when that is no working day (scheduler.plan): the
    # holidays are looked up only when it could go out before the season's first day.
    earliest = deadline - dt.timedelta(days=max(report.reminder_days, default=0))
    if config.scheduler.working_days_only and (earliest - first).days <= MOST_DAYS_OFF:
        first = min(first, on_or_before(earliest))
    start = local(first, dt.time(0), config)
    end = local(deadline + dt.timedelta(days=config.scheduler.season_close_days + 1), dt.time(0), config)
    return start, end


def running_season(report: ReportConfig, now: dt.datetime, config: Config) -> int | None:
    """The year whose season is running at now (reminders and digests go out), or None between seasons."""
    local_year = now.astimezone(config.district.timezone).year
    for year in (local_year + 1, local_year, local_year - 1):
        start, end = season_bounds(report, year, config)
        if start <= now < end:
            return year
    return None


def current_season(report: ReportConfig, now: dt.datetime, config: Config, recorded: Iterable[int]) -> int:
    """The season a person means by "now", on the page and in every command: the running one; between
    seasons (its overdue reminders over, the next not open yet) the last that began when anything was
    recorded in it (late reports still come in, staff finish it), else the next one, which staff prepare
    for: a season the office never collected with baocao would show every school «Chưa nộp». A report
    dated a later year by mistake changes nothing."""
    running = running_season(report, now, config)
    if running is not None:
        return running
    this_year = now.astimezone(config.district.timezone).year
    last = this_year if season_bounds(report, this_year, config)[0] <= now else this_year - 1
    return last if last in set(recorded) else last + 1
