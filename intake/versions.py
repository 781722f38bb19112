"""Which of a school's versions of a report is the newer when mail comes out of order: a version written
before the one counted when it came (its Date, and that one's, say so), held up on its way, is an older
version arriving late. It is kept and shown beside the newer one, which still counts (WRITTEN_BEFORE);
the first receipt still decides on time or late. When a Date of the two cannot be a sending (a wrong
clock: intake.dates.sending), or the two are minutes apart (two computers' clocks disagree by that much),
the order of receipt decides, and the figures are to be checked (ORDER_UNSURE)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from intake.dates import header_time, sending
from intake.identity import header_fields
from kernel import timefmt
from kernel.errors import StoreError
from kernel.runtime import Runtime
from kernel.seasons import year_problem
from kernel.status import WRONG_CLOCK
from kernel.store import ORDER_UNSURE, WRITTEN_BEFORE, MessageRow, SubmissionRow

_HEAD_BYTES = 256 * 1024  # what is read of a recorded message for its Date: its header block
# How far the clocks of two of a school's computers may disagree: Dates closer than this tell no order.
_CLOCKS_APART = dt.timedelta(minutes=15)


def ordered(
    rt: Runtime, row: MessageRow, dated: dt.datetime | None, subs: Sequence[SubmissionRow]
) -> tuple[SubmissionRow, ...]:
    """subs, the submissions of the message row (dated: its Date, None when it writes none), each version
    of a report noted when its Date is before that of the school's version counted when it came: an older
    version arriving late (WRITTEN_BEFORE) when both Dates can be sendings more than _CLOCKS_APART apart,
    else one whose order is not known (ORDER_UNSURE). A resend of that version's very files is a copy, not an older version."""
    if dated is None:
        return tuple(subs)
    return tuple(_noted(rt, row, dated, sub) for sub in subs)


def _noted(rt: Runtime, row: MessageRow, dated: dt.datetime, sub: SubmissionRow) -> SubmissionRow:
    if not sub.version:
        return sub
    counted = [
        s
        for s in rt.store.submissions(report_id=sub.report_id, year=sub.year, school_id=sub.school_id)
        if s.version and s.received_at < row.received_at and s.message_key != row.key
    ]
    if not counted or (sub.content is not None and sub.content == counted[-1].content):
        return sub
    newer = counted[-1]
    its_date = _date_of(rt, newer.message_key)
    if its_date is None or dated >= its_date:
        return sub
    tz = rt.config.district.timezone
    when = timefmt.local_time(newer.received_at, tz)
    trusted = sending(dated, row.received_at) is not None and sending(its_date, newer.received_at) is not None
    if trusted and its_date - dated > _CLOCKS_APART:
        line = (
            f"{WRITTEN_BEFORE}{when}: dòng Date của thư ghi {timefmt.in_words(dated, tz)}, trước dòng Date của "
            f"báo cáo ấy ({timefmt.in_words(its_date, tz)}); thư đến chậm nên không thay báo cáo ấy, báo cáo "
            "ấy vẫn được tính."
        )
    else:
        why = "đồng hồ hai máy gửi có thể lệch nhau vài phút" if trusted else WRONG_CLOCK
        line = (
            f"{ORDER_UNSURE}dòng Date của thư ghi {_written(dated, tz)}, trước dòng Date của báo cáo nhận lúc "
            f"{when} ({_written(its_date, tz)}), nhưng {why} nên không biết bản nào viết sau; số liệu tính theo "
            "thư nhận sau, cần hỏi lại trường bản nào đúng."
        )
    return dataclasses.replace(sub, evidence=(*sub.evidence, line))


def _written(date: dt.datetime, tz: dt.tzinfo) -> str:
    return f"năm {date.year}" if year_problem(date.year) else timefmt.in_words(date, tz)


def _date_of(rt: Runtime, key: str) -> dt.datetime | None:
    """The Date of the recorded message under key, None when it writes none that can be read or its
    original is gone from the archive."""
    try:
        head = rt.archive.head(key, _HEAD_BYTES)
    except StoreError:
        return None
    return header_time(str(header_fields(head).get("Date", "")), rt.config.district.timezone)
