"""When a forwarded message says it was sent: the date line of the header block a forward quotes."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Iterator

from intake import headers
from intake.message import Mail, author, fields_of, head_of
from kernel.store import Forwarded
from parsers.text import fold

# The date line of a forwarded message's header block, as mail clients write it (Gmail's "Date:",
# Outlook's "Sent:", Vietnamese "Ngày:", "Đã gửi:").
_DATE_LINE = re.compile(
    r"^[ \t>*]*(?:date|sent|ngày|ngày gửi|đã gửi)\s*:\*?(.*)$", re.IGNORECASE | re.MULTILINE
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# "Oct 25, 2021" / "October 25, 2021" (Gmail, Outlook in English)
_NAMED_FIRST = re.compile(r"\b([a-z]{3})[a-z]*\.? (\d{1,2}),? (20\d\d)\b")
# "25 Oct 2021" (RFC 5322 without weekday, Thunderbird)
_DAY_FIRST = re.compile(r"\b(\d{1,2}) ([a-z]{3})[a-z]* (20\d\d)\b")
# "25 thg 10, 2021", "25 tháng 10 năm 2021" (Gmail, Outlook in Vietnamese), "25/10/2021"
_NUMBERED = re.compile(r"\b(\d{1,2})(?: thg | thang |/)(\d{1,2})(?:,? nam |, |/| )(20\d\d)\b")
# The Message-ID line of a forwarded message's header block (Thunderbird and Apple Mail may quote it).
_ID_LINE = re.compile(r"^[ \t>*]*message-id\s*:\*?\s*(<[^>\s]+>)", re.IGNORECASE | re.MULTILINE)
_CLOCK = re.compile(r"\b(\d{1,2})[:h](\d{2})(?::\d{2})?\s*(am|pm|sa|ch)?\b")


def forwarded_sent(mail: Mail, tz: dt.tzinfo, office: frozenset[str] = frozenset()) -> dt.datetime | None:
    """When the first message a forward quotes was sent, as its header block's date line writes it (a
    time without a zone is the forwarder's, the district's tz), or, forwarded as an attachment (Gmail's
    «Forward as attachment», message/rfc822), as that message's own Date writes it; None when the mail
    forwards nothing or the date cannot be read. A message of the office's own (from an address in
    office: its reminder passed back) is none. The sender's clock, as a Date header is: a clue for
    staff, never a receipt."""
    line = date_line(mail)
    if line is not None:
        return sent_at(line, tz)
    return next((sent for sent in _attached_dates(mail, office, tz) if sent is not None), None)


def forwarded_original(mail: Mail, tz: dt.tzinfo, office: frozenset[str] = frozenset()) -> Forwarded | None:
    """The message a forward passes on, inline or attached: its Message-ID and when it was sent, as far
    as the forward quotes them (forwarded_sent); None when the mail forwards none, or passes on first the
    office's own (a school forwarding our reminder back over its report forwards no mail of its own)."""
    attached = [fields_of(head_of(a.data)) for a in mail.attachments if a.content_type == "message/rfc822"]
    theirs = [f for f in attached if author(f) not in office]
    if mail.forwarder_text is None and not theirs:
        return None
    if mail.forwarded_from and mail.forwarded_from[0] in office:
        return None
    if mail.forwarder_text is not None:
        found = _ID_LINE.search(mail.body[len(mail.forwarder_text) :])
        quoted = headers.message_id(found.group(1)) if found else None
    else:
        quoted = headers.message_id(next(iter(theirs[0].get("message-id", [])), ""))
    return Forwarded(quoted, forwarded_sent(mail, tz, office))


def _attached_dates(mail: Mail, office: frozenset[str], tz: dt.tzinfo) -> Iterator[dt.datetime | None]:
    """The Date of each message the mail carries attached, not the office's own, in order."""
    for attachment in mail.attachments:
        if attachment.content_type != "message/rfc822":
            continue
        head = head_of(attachment.data)
        if author(fields_of(head)) in office:
            continue
        yield sent_at(headers.field_text(str(head.get("date") or "")).text, tz)


def date_line(mail: Mail) -> str | None:
    """What the date line of the header block a forward quotes writes after its label («Tue, Oct 20,
    2020 …», «20 thg 10, 2020 …»), or None when the mail forwards nothing or quotes no date line."""
    note = mail.forwarder_text
    if note is None:
        return None
    found = _DATE_LINE.search(mail.body[len(note) :])
    return found.group(1) if found else None


def sent_at(text: str, tz: dt.tzinfo) -> dt.datetime | None:
    """The moment a forwarded header's date line writes, in any of the mail clients' ways, or None."""
    try:
        parsed = email.utils.parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        parsed = None
    if parsed is not None and parsed.tzinfo is not None:  # RFC 5322 with its zone; loosely read otherwise
        return parsed
    folded = fold(text)
    day = _day(folded)
    clock = _CLOCK.search(folded)
    if day is None or clock is None:
        return None
    hour, minute, half = int(clock.group(1)), int(clock.group(2)), clock.group(3)
    if half in ("pm", "ch") and hour < 12:
        hour += 12
    elif half in ("am", "sa") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz)


def _day(folded: str) -> dt.date | None:
    """The day a folded date line writes, or None."""
    try:
        if found := _NAMED_FIRST.search(folded):
            if found.group(1) in _MONTHS:
                return dt.date(int(found.group(3)), _MONTHS.index(found.group(1)) + 1, int(found.group(2)))
        if found := _DAY_FIRST.search(folded):
            if found.group(2) in _MONTHS:
                return dt.date(int(found.group(3)), _MONTHS.index(found.group(2)) + 1, int(found.group(1)))
        if found := _NUMBERED.search(folded):
            return dt.date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
    except ValueError:  # a day the month does not have
        return None
    return None
