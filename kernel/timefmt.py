"""How a moment is written for Vietnamese readers, in the district's time zone."""

from __future__ import annotations

import datetime as dt


def local_time(when: dt.datetime | None, tz: dt.tzinfo | None) -> str:
    """For tables: "18/10/2021 07:30"; empty when there is no moment."""
    return when.astimezone(tz).strftime("%d/%m/%Y %H:%M") if when is not None else ""


def local_date(when: dt.datetime | dt.date, tz: dt.tzinfo | None) -> str:
    """ "18/10/2021"; a datetime is first put in the district's time zone."""
    if isinstance(when, dt.datetime):
        when = when.astimezone(tz)
    return f"{when.day:02d}/{when.month:02d}/{when.year}"


def in_words(when: dt.datetime, tz: dt.tzinfo | None) -> str:
    """For sentences: "07:30 ngày 18/10/2021"."""
    local = when.astimezone(tz)
    return f"{local:%H:%M} ngày {local_date(local, tz)}"
