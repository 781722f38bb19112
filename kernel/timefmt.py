"""How a moment is written for Vietnamese readers, in the district's time zone, and how a day or a
moment they type is read back."""

from __future__ import annotations

import datetime as dt
import re

from kernel.errors import BaocaoError
from kernel.seasons import year_problem

# A day as staff type it, day first: 5/11/2021, 05/11/2021, 05-11-2021, 05.11.2021.
_DAY = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{1,4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_EXAMPLE = "ghi theo dạng ngày/tháng/năm, ví dụ 05/11/2021"
# A moment: a day as above, then a time of day as Vietnamese write it: "18/10/2021 07:30", "… 07h30",
# "… 7h", "… 23:59:30", "2021-10-18 07:30".
_TIMED = re.compile(r"(.+?)\s+(\d{1,2})(?::(\d{2})|\s*[hg](\d{2})?)(?::(\d{2}))?", re.IGNORECASE)


class DateError(BaocaoError):
    """Raised when a day typed by staff cannot be read (parse_day); the message quotes it."""


def local_time(when: dt.datetime | None, tz: dt.tzinfo | None) -> str:
    """For tables: "18/10/2021 07:30"; empty when there is no moment."""
    return when.astimezone(tz).strftime("%d/%m/%Y %H:%M") if when is not None else ""


def local_time_not_before(when: dt.datetime, tz: dt.tzinfo | None) -> str:
    """local_time of a moment to wait for, rounded up to the minute: never a minute already past while
    the moment is still to come (a retry at 07:30:58 is «… 07:31», not «… 07:30»)."""
    rounded = when.replace(second=0, microsecond=0)
    if rounded < when:
        rounded += dt.timedelta(minutes=1)
    return local_time(rounded, tz)


def local_date(when: dt.datetime | dt.date, tz: dt.tzinfo | None) -> str:
    """ "18/10/2021"; a datetime is first put in the district's time zone."""
    if isinstance(when, dt.datetime):
        when = when.astimezone(tz)
    return f"{when.day:02d}/{when.month:02d}/{when.year}"


def in_words(when: dt.datetime, tz: dt.tzinfo | None) -> str:
    """For sentences: "07:30 ngày 18/10/2021"."""
    local = when.astimezone(tz)
    return f"{local:%H:%M} ngày {local_date(local, tz)}"


def parse_day(text: str) -> dt.date:
    """A day staff typed, day first as Vietnamese write it ("05/11/2021", "5-11-2021"), or in ISO
    (2021-11-05, as scripts send it); DateError saying why otherwise."""
    typed = text.strip()
    if not typed:
        raise DateError(f"chưa ghi ngày; {_EXAMPLE}")
    if (found := _DAY.fullmatch(typed)) is not None:
        day, month, year = (int(part) for part in found.groups())
    elif (iso := _ISO.fullmatch(typed)) is not None:
        year, month, day = (int(part) for part in iso.groups())
    else:
        raise DateError(f"«{typed}» không phải ngày; {_EXAMPLE}")
    problem = year_problem(year, f"«{typed}» có năm")
    if problem:
        raise DateError(problem)
    if not 1 <= month <= 12:
        raise DateError(
            f"«{typed}» có tháng {month}, không có tháng này: ghi ngày trước, tháng sau, ví dụ 05/11/2021"
        )
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError(f"tháng {month} năm {year} không có ngày {day} («{typed}»); {_EXAMPLE}") from None


def parse_moment(text: str, tz: dt.tzinfo, *, end_of_day: bool) -> dt.datetime:
    """A moment typed on the command line: a day as parse_day reads it, with an optional time of day
    ("18/10/2021 07:30"), or an ISO timestamp (2021-10-18T07:30, with or without a zone). Without a
    time it is the day's end (end_of_day) or its start, and a time to the minute likewise that minute's
    last second or its first: "as of 24/10 23:59" counts a mail received at 23:59:30. Without a zone,
    in tz. DateError otherwise."""
    typed = text.strip()
    day_typed, clock = typed, None
    seconds = None
    if (timed := _TIMED.fullmatch(typed)) is not None:
        day_typed, clock = timed[1], (int(timed[2]), int(timed[3] or timed[4] or 0))
        seconds = int(timed[5]) if timed[5] else None
    if _DAY.fullmatch(day_typed) or _ISO.fullmatch(day_typed):
        day = parse_day(day_typed)
        if clock is None:
            return dt.datetime.combine(day, dt.time(23, 59, 59) if end_of_day else dt.time(), tzinfo=tz)
        if clock[0] > 23 or clock[1] > 59 or (seconds or 0) > 59:
            raise DateError(f"«{typed}» có giờ {clock[0]}:{clock[1]:02d}, không có giờ này")
        if seconds is None:
            seconds = 59 if end_of_day else 0
        return dt.datetime.combine(day, dt.time(*clock, seconds), tzinfo=tz)
    try:
        when = dt.datetime.fromisoformat(typed)
    except ValueError:
        raise DateError(
            f"«{typed}» không phải ngày giờ; ghi dạng 18/10/2021, «18/10/2021 07:30» hoặc 2021-10-18T07:30"
        ) from None
    problem = year_problem(when.year, f"«{typed}» có năm")
    if problem:
        raise DateError(problem)
    return when if when.tzinfo else when.replace(tzinfo=tz)
