"""Reads the time a mail header writes (its Date, a Received hop's): as RFC 5322 writes it, as Vietnamese
clients and scripts write it (day first), as ISO 8601 writes it, and month first when the day cannot be
first. One reading for every part that weighs a mail's times: the message's Date, its receipt. Also the
day a sentence of a mail writes, its month in numbers or in words («24/10», «24 tháng Mười»)."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import unicodedata

from dateutil import parser as dateutil_parser

from kernel.seasons import year_problem

# A time written day first, as Vietnamese clients and scripts write it: «25/10/2025 23:59:30», «25-10-2025
# 23:59», a zone after it («+0700», «GMT+7», «+07:00») or none (the district's), a comment last («(ICT)»).
# The zone is read here, not by dateutil, which takes «GMT+7» for seven hours behind, as POSIX zones go.
_NUMERIC = re.compile(
    r"(\d{1,2})[/-](\d{1,2})[/-](\d{4}),? +(\d{1,2}):(\d{2})(?::(\d{2}))?"
    r"(?: *(?:GMT|UTC)? *([+-])(\d{1,2})(?::?(\d{2}))?)?(?: *\(.*\))?",
    re.IGNORECASE,
)
# ISO 8601 with a time: «2026-10-25T23:59:00+07:00», «2026-10-25 23:59:00Z».
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}\S*")


# How long after its Date a mail received past a deadline may have been on its way: longer, the
# sender's clock was wrong rather than the mail held up.
ON_THE_WAY = dt.timedelta(days=1)
# How long before its receipt a Date may stand and still be a sending a school may claim was in time: mail
# left in the outbox of a computer offline over a long weekend, or a server retrying for days (Postfix
# gives up after five). Longer, the sender's clock was wrong (set back weeks, a year, a battery gone flat).
# Past a day (ON_THE_WAY) it is either, and staff are told so, never that the mail was sent in time.
HELD = dt.timedelta(days=7)


def header_time(text: str, tz: dt.tzinfo) -> dt.datetime | None:
    """The moment a header writes, or None when it writes none that can be read. A time written without
    a zone ("Mon, 25 Oct 2021 23:59:00", «25/10/2021 23:59») is the district's (tz), where the schools'
    clocks are; "-0000" is UTC (RFC 5322). «03/04/2026» is 3 April, as Vietnamese write it: a date is read
    month first only when its first number cannot be a month's day and month (10/25/2026)."""
    text = re.sub(r"\s+", " ", text).strip()
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return _numeric(text, tz) or _iso(text, tz)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC if "-0000" in text else tz)


def _numeric(text: str, tz: dt.tzinfo) -> dt.datetime | None:
    """A time written with the date in numbers (_NUMERIC), day first unless its second number cannot be
    a month; None when it is not one, or names a day or hour that cannot be."""
    found = _NUMERIC.fullmatch(text)
    if found is None:
        return None
    day, month, year, hour, minute, second, sign, hours, minutes = found.groups()
    if int(month) > 12 >= int(day):  # 10/25/2026: no month 25, so written month first
        day, month = month, day
    offset = dt.timedelta(hours=int(hours or 0), minutes=int(minutes or 0))
    try:
        zone = tz if sign is None else dt.timezone(-offset if sign == "-" else offset)
        return dt.datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second or 0), tzinfo=zone
        )
    except ValueError:  # 31/02, 25:61, a zone of a day or more
        return None


def _iso(text: str, tz: dt.tzinfo) -> dt.datetime | None:
    """A time written as ISO 8601 (_ISO), in the zone it names, else the district's (tz); None when it is
    not one or names a day or hour that cannot be."""
    if _ISO.fullmatch(text) is None:
        return None
    try:
        parsed = dateutil_parser.isoparse(text)
    except (ValueError, OverflowError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)


# A day written in a sentence, on folded text (parsers.text.fold) whose months are numbers (months_in_numbers),
# day first: «24/10», «24.10», «24-10-2026», «24 tháng 10», «24 tháng 10 năm 2026». Groups: the day, the
# month, the year as written (two or four digits) or None.
DAY = r"(\d{1,2})\s*(?:[/.-]|\bthang\b)\s*(\d{1,2})(?:\s*(?:[/.-]|\bnam\b)\s*(\d{4}|\d{2}))?(?!\d)"

# The months named in words after «tháng», as a school writes them: «tháng Mười», «tháng Chạp», «tháng
# Giêng»; «Tư» and «Bốn» are both April.
_MONTH_NAMES = {
    "một": 1,
    "giêng": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
    "mười một": 11,
    "mười hai": 12,
    "chạp": 12,
}
# ... also without their marks («thang muoi hai»), but for «sau», «next» as much as «six»: «tháng sau» is the
# month after. «Năm» before a number is the year's: «tháng năm 2026» names no month.
_UNMARKED = {
    "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c)): month
    for name, month in _MONTH_NAMES.items()
}
_MONTH_NAMED = re.compile(
    r"\b(tháng|thang)\s+("
    + "|".join(
        re.escape(name).replace(r"\ ", r"\s+") + (r"(?!\s*\d)" if name in ("năm", "nam") else "")
        for name in sorted({*_MONTH_NAMES, *_UNMARKED} - {"sau"}, key=len, reverse=True)
    )
    + r")\b",
    re.IGNORECASE,
)


def months_in_numbers(text: str) -> str:
    """text with each month it names in words after «tháng» in numbers: «hôm 24 tháng Mười» is «hôm 24 tháng
    10», «ngày 2 THÁNG MƯỜI HAI» «ngày 2 THÁNG 12», so that DAY reads it."""
    return _MONTH_NAMED.sub(
        lambda m: f"{m.group(1)} {_month_named(m.group(2))}", unicodedata.normalize("NFC", text)
    )


def _month_named(name: str) -> int:
    key = " ".join(name.lower().split())
    return _MONTH_NAMES.get(key) or _UNMARKED[key]


def sending(sent: dt.datetime, received_at: dt.datetime) -> dt.datetime | None:
    """sent, a mail's Date, when it may be when the mail was sent: not in a year that cannot be, nor after
    the receipt beyond a day on the way, nor more than a week before it (HELD)."""
    if year_problem(sent.year) is not None or not received_at - HELD <= sent <= received_at + ON_THE_WAY:
        return None
    return sent
