"""Which of a school's versions of a report is the newer when mail comes out of order: a version written
before the one counted when it came (its Date, and that one's, say so), held up on its way, is an older
version arriving late. It is kept and shown beside the newer one, which still counts (WRITTEN_BEFORE);
the first receipt still decides on time or late. A Date that cannot be a sending (a wrong clock:
intake.dates.sending) gives way to the time the mail's Received chain says its sender's server took it
(intake.hops.left_at). When that cannot be believed either, or the two are minutes apart (two computers'
clocks disagree by that much), the order of receipt decides, and the figures are to be checked
(ORDER_UNSURE)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from intake.dates import header_time, sending
from intake.hops import left_at
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


@dataclasses.dataclass(frozen=True)
class _Sent:
    """When a version's mail was sent, as far as it tells: its Date, or, that being a wrong clock, the time
    its sender's server took it (hop; None when its Received chain cannot be believed)."""

    date: dt.datetime
    hop: dt.datetime | None
    trusted: bool  # a Date that can be a sending, or a Received chain believed

    @property
    def at(self) -> dt.datetime:
        return self.hop or self.date

    def said(self, whose: str, tz: dt.tzinfo) -> str:
        """How a note names it, of whose mail («thư», «báo cáo ấy»)."""
        if self.hop is None:
            return f"dòng Date của {whose} ghi {_written(self.date, tz)}"
        return (
            f"dòng Received đầu tiên của {whose} (lúc máy chủ gửi thư nhận thư) ghi "
            f"{timefmt.in_words(self.hop, tz)} (dòng Date ghi {_written(self.date, tz)}: {WRONG_CLOCK})"
        )


def ordered(
    rt: Runtime, row: MessageRow, dated: dt.datetime | None, subs: Sequence[SubmissionRow]
) -> tuple[SubmissionRow, ...]:
    """subs, the submissions of the message row (dated: its Date, None when it writes none), each version
    of a report noted when it was sent before the school's version counted when it came: an older version
    arriving late (WRITTEN_BEFORE) when both sendings are known (_sent) and more than _CLOCKS_APART apart,
    else one whose order is not known (ORDER_UNSURE). A resend of that version's very files is a copy, not
    an older version."""
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
    its_head = _head(rt, newer.message_key)
    tz = rt.config.district.timezone
    its_date = header_time(str(header_fields(its_head).get("Date", "")), tz) if its_head is not None else None
    if its_date is None:
        return sub
    ours = _sent(rt, row.key, dated, row.received_at)
    theirs = _sent(rt, newer.message_key, its_date, newer.received_at)
    if ours.at >= theirs.at:
        return sub
    when = timefmt.local_time(newer.received_at, tz)
    trusted = ours.trusted and theirs.trusted
    if trusted and theirs.at - ours.at > _CLOCKS_APART:
        line = (
            f"{WRITTEN_BEFORE}{when}: {ours.said('thư', tz)}, trước {theirs.said('báo cáo ấy', tz)}; thư đến "
            "chậm nên không thay báo cáo ấy, báo cáo ấy vẫn được tính."
        )
    else:
        why = "đồng hồ hai máy gửi có thể lệch nhau vài phút" if trusted else WRONG_CLOCK
        line = (
            f"{ORDER_UNSURE}{ours.said('thư', tz)}, trước {theirs.said(f'báo cáo nhận lúc {when}', tz)}, "
            f"nhưng {why} nên không biết bản nào viết sau; số liệu tính theo thư nhận sau, cần hỏi lại trường "
            "bản nào đúng."
        )
    return dataclasses.replace(sub, evidence=(*sub.evidence, line))


def _sent(rt: Runtime, key: str, date: dt.datetime, received_at: dt.datetime) -> _Sent:
    """When the recorded message under key, of Date date, received at received_at, was sent: its Date when
    that can be a sending, else when its sender's server took it, if its Received chain can be believed."""
    if sending(date, received_at) is not None:
        return _Sent(date, None, trusted=True)
    head = _head(rt, key)
    hop = left_at(head, received_at, rt.config.district.timezone) if head is not None else None
    return _Sent(date, hop, trusted=hop is not None)


def _written(date: dt.datetime, tz: dt.tzinfo) -> str:
    return f"năm {date.year}" if year_problem(date.year) else timefmt.in_words(date, tz)


def _head(rt: Runtime, key: str) -> bytes | None:
    """The start of the recorded message under key, its header block; None when its original is gone from
    the archive."""
    try:
        return rt.archive.head(key, _HEAD_BYTES)
    except StoreError:
        return None
