"""Who has reported: received, late, unreadable, missing or exempt, per school, for one report and year.

A status is computed at a moment (as_of): only mail received by then counts, so "who had not
reported by the deadline?" has the same answer after later mail arrives. Staff decisions (assigned
messages, extensions, exemptions, paper copies) apply as they are now, a paper copy from the day it came.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from kernel import decisions as decisions_mod
from kernel import units
from kernel.config import Config, ReportConfig, SchoolConfig
from kernel.decisions import Decision, SeasonDecisions
from kernel.numbers import grouped
from kernel.proof import SenderCheck
from kernel.returned import (
    ADDRESS_RIGHT,
    CHECK_ADDRESS,
    NOT_OURS,
    WHY,
    Reach,
    Returned,
    ReturnedMail,
    still_sending,
)
from kernel.schoolnames import level_of, name_key, unqualified
from kernel.seasons import (
    by_deadline,
    current_season,
    deadline_of,
    last_second,
    nearest_season,
    running_season,
    season_bounds,
)
from kernel.store import FILE_TIME, ORDER_UNSURE, Origin, ReviewRow, Store, SubmissionRow
from kernel.timefmt import in_words, local_date, local_time
from parsers.keywords import Keywords
from parsers.text import fold


@dataclass(frozen=True)
class DeadlineShare:
    """A deadline move as a season's schools have it (ReportStatus.move): one school's extension of it,
    which says the day, who gave it and when; how many owing schools have it, of how many."""

    extension: Decision
    schools: int
    owing: int


class SchoolState(StrEnum):
    RECEIVED = "received"  # the report came by the deadline
    LATE = "late"  # the report came after the deadline
    UNREADABLE = "unreadable"  # mail came, but no file of the report could be read
    WRONG_PAPER = "wrong_paper"  # mail came, its file read well but another paper (another plan's report)
    MISSING = "missing"  # nothing came
    EXEMPT = "exempt"  # the office excused the school this season: not counted, not reminded


# "thêm", or a supplement's "báo cáo bổ sung", "bổ sung số liệu", folded: a count of what was added, not the
# whole ("Báo cáo bổ sung số liệu: tổ chức 3 buổi …" after 14); a correction says "sửa", "điều chỉnh".
_MORE = re.compile(r"\b(?:(them)|(?:bao cao|bc) bo sung|bo sung (?:so lieu|ket qua))\b")


@dataclass(frozen=True)
class Added:
    """A key figure a later submission states as more of it ("tổ chức thêm 3 buổi tuyên truyền") after an
    earlier one stated it: the later value replaces the earlier, as any correction's does, but it may be
    only what was added to it, so it is shown for checking and never summed as it is."""

    value: int  # the later submission's
    before: int  # the earlier submission's
    said: str = "thêm"  # the word that says it is more: «thêm», «bổ sung»

    @property
    def reason(self) -> str:
        return (
            f"bản gửi sau ghi «{self.said}» {grouped(self.value)}, bản trước ghi {grouped(self.before)}: "
            f"có thể phải cộng lại thành {grouped(self.value + self.before)}"
        )


def range_reason(low: int, high: int) -> str:
    """Why a key figure a report gives as a range ("từ 10 đến 12 buổi") is not taken as its count."""
    return f"báo cáo ghi khoảng từ {grouped(low)} đến {grouped(high)}, chưa lấy số nào"


def estimate_reason(value: int, about: str) -> str:
    """Why a key figure a report gives as approximate ("trên 500 lượt") is not taken as its count."""
    return f"báo cáo ghi «{about} {grouped(value)}», là số ước lượng, chưa lấy làm số chính xác"


def negative_reason(value: int) -> str:
    """Why a key figure a report writes with a minus before it («-5») is not counted: no count is below zero,
    and its absolute value may not be what the school meant either."""
    return f"báo cáo ghi số âm {grouped(value)}: số lượng không thể âm, có thể gõ nhầm, cần hỏi lại trường"


def several_reason(value: int, others: Sequence[int]) -> str | None:
    """Why a key figure whose sentence, or sentences, give it more values than the one read ("540 lượt học
    sinh, 120 lượt phụ huynh", one class after another; a case in one sentence and «Không xảy ra vụ xâm hại
    nào» in another) is checked: they may add up, or one be part of another; the reason names no one
    sentence, as both are quoted. None
    when the others add up to the value, the total read before its parts ("1.520 lượt (trong đó học sinh:
    1.200 lượt, phụ huynh: 320 lượt)")."""
    if not others or (len(others) > 1 and sum(others) == value):
        return None
    *first, last = (grouped(v) for v in (value, *others))
    return f"báo cáo ghi cả {', '.join(first)} và {last} cho số liệu này: có thể phải cộng lại hoặc chỉ lấy một số"


def campuses_reason(campuses: Sequence[Sequence[Any]]) -> str:
    """Why a key figure read from the report of one of a school's sites or campuses («Cơ sở 1», «ĐIỂM
    TRƯỜNG BUÔN JA»), or from several such reports, is checked: each states its own part of the school's,
    campuses holding each one's name and value."""
    if len(campuses) == 1:
        [(campus, value)] = campuses
        return (
            f"số liệu {grouped(value)} là của báo cáo riêng «{campus}», chưa chắc là của cả trường: cần hỏi "
            "trường số liệu của các cơ sở, điểm trường khác"
        )
    said = ", ".join(f"{grouped(value)} («{campus}»)" for campus, value in campuses)
    total = grouped(sum(value for _, value in campuses))
    return (
        f"mỗi cơ sở, điểm trường của trường báo cáo riêng: {said}; có thể phải cộng lại thành {total} hoặc "
        "chỉ lấy một số"
    )


def summed_reason(value: int, parts: Sequence[int]) -> str:
    """Why a key figure summed from the counts per grade or campus of a table or a sentence, or from the
    counts sentences give each campus, audience or way («Tại điểm trường chính … 5 buổi», «Tại điểm trường
    Long Hòa … 2 buổi»), the report giving no total, is checked; or a total the report states that its
    counts per grade do not add up to."""
    if sum(parts) != value:
        return (
            f"báo cáo ghi tổng {grouped(value)} nhưng cộng các số chi tiết (từng khối, học kỳ, hình thức, cơ sở) "
            f"được {' + '.join(grouped(p) for p in parts)} = {grouped(sum(parts))}, không khớp"
        )
    return (
        "báo cáo không ghi tổng, số này do hệ thống cộng từ các số chi tiết (từng khối, cơ sở, điểm trường, "
        f"đối tượng, hình thức): {' + '.join(grouped(p) for p in parts)} = {grouped(value)}"
    )


LABELS = {
    SchoolState.RECEIVED: "Đã nộp",
    SchoolState.LATE: "Nộp muộn",
    SchoolState.UNREADABLE: "Không đọc được tệp",
    SchoolState.WRONG_PAPER: "Gửi nhầm văn bản khác",
    SchoolState.MISSING: "Chưa nộp",
    SchoolState.EXEMPT: "Miễn nộp",
}
# A school without a report before its season begins: not behind, it has not sent one yet.
NOT_SENT_LABEL = "Chưa gửi"
CHECK_LABEL = "Cần kiểm tra"  # a counted report whose correction could not be read (SchoolStatus.check)
# The evidence line intake records on an unreadable submission whose mail says it brings a corrected
# version of the report sent before ("gửi lại bản sửa, thay thế bản trước"), or on a readable one whose
# file marked as corrected ("BC NQ121 (bản sửa).docx") could not be read beside the file it corrects.
REPLACES = "Thư ghi là gửi bản sửa, thay báo cáo đã gửi trước, nhưng không đọc được tệp bản sửa."
# What intake writes in the reason of mail it leaves for staff when the mail says it brings a corrected
# version of the report sent before ("bản sửa, thay thế bản trước"), and how the reason of a note with no
# file correcting its figures begins ("xin đính chính số liệu: 12 buổi, không phải 21"): from a school
# that has reported, such mail waiting is likely a correction of the report counted (correction_waiting).
CORRECTS = "Thư ghi là gửi bản sửa của báo cáo đã gửi trước."
# How every warning that a mail received after a deadline says it was sent by it ends (intake.pipeline:
# its Date, or the date line of the mail it forwards): staff may extend the school's deadline.
MAY_EXTEND = "cán bộ có thể gia hạn cho trường (baocao extend)."
# How that warning of a forward names when the message it forwards says it was sent: the time follows, up to
# a comma (SchoolStatus.sent_in_time repeats it).
FORWARDED_SENT = "thư được chuyển tiếp ghi gửi lúc "
# Why a Date by a deadline, more than a day before the receipt that missed it, may not be the sending
# (intake.pipeline): mail left days in an outbox or on a server, or a wrong clock. The warning says how long
# after the Date the mail came (_DAYS_AFTER); every list of late schools repeats both (SchoolStatus.sent_in_time).
HELD_OR_WRONG_CLOCK = "đồng hồ máy gửi sai hoặc thư nằm chờ lâu trước khi gửi"
_DAYS_AFTER = re.compile(r"sau (?:hơn )?(?:một|\d+) ngày")
# What the warning on a mail whose Date cannot be its sending says after the Date («Dòng Date ghi năm 1970:
# đồng hồ máy gửi sai; …»): a year that cannot be, after the receipt, weeks before it. Every list of late
# schools repeats it up to the «;».
WRONG_CLOCK = "đồng hồ máy gửi sai"
_DATE_SAYS = "Dòng Date ghi "
# A time as a sentence writes it (timefmt.in_words): the first in the warning on a mail whose Date is by a
# deadline it was received after is that Date (SchoolStatus.sent_in_time repeats it).
_IN_WORDS = re.compile(r"\d\d:\d\d ngày \d\d/\d\d/\d{4}")
CORRECTION_NOTE = "Thư không kèm tệp, trường đính chính báo cáo đã gửi"
# Why our mail to an address came back (ReportStatus.bounced_notes, returned_why): a full mailbox, whose
# address is right, of a school or of anyone; an address that does not exist (5.1.x); any other failure
# (kernel.returned.WHY), the address right or not by its class.
FULL_MAILBOX = "hộp thư của trường đã đầy, thư không vào được; địa chỉ vẫn đúng"
RETURNED_FULL = f"{WHY[Returned.FULL]}; {ADDRESS_RIGHT}"
NO_MAILBOX = f"{WHY[Returned.ADDRESS]}, {CHECK_ADDRESS}"
# States that still owe the office a report: reminded, and listed as missing.
OWING = (SchoolState.MISSING, SchoolState.UNREADABLE, SchoolState.WRONG_PAPER)
# States of a school that sent mail for the report and has nothing counted: told why, asked again.
SENT_UNCOUNTED = (SchoolState.UNREADABLE, SchoolState.WRONG_PAPER)


@dataclass(frozen=True)
class SchoolStatus:
    school_id: str
    name: str
    status: SchoolState
    received_at: dt.datetime | None  # the first readable submission's receipt time (or unreadable one's)
    sections_found: tuple[str, ...]  # found in any readable submission: a supplement adds to the report
    sections_missing: tuple[str, ...]  # found in none
    submissions: tuple[SubmissionRow, ...]  # every submission by then, oldest first
    deadline: dt.datetime  # the school's own: the report's, or the extension's last second
    extension: Decision | None = None
    exemption: Decision | None = None
    paper: Decision | None = None  # the paper copy the clerk received
    # Resends of the same files as the submission before them: kept and shown, never a submission of their own.
    copies: tuple[SubmissionRow, ...] = ()

    @property
    def counted(self) -> tuple[SubmissionRow, ...]:
        """The submissions that carry a readable report."""
        return tuple(s for s in self.submissions if s.readable)

    @property
    def current(self) -> SubmissionRow | None:
        """The submission that counts: the latest version of the report (its sections and figures are
        shown). A supplement is filed with the report it adds to, and an older version arriving late does
        not replace the newer one (SubmissionRow.version)."""
        counted = self.counted
        versions = [s for s in counted if s.version]
        return versions[-1] if versions else counted[-1] if counted else None

    def stating(self, figure_id: str) -> SubmissionRow | None:
        """The latest readable submission that states a key figure: a correction's value replaces the
        earlier one, and a supplement that leaves the figure out does not erase it."""
        return self._stating().get(figure_id)

    @property
    def figures(self) -> dict[str, int]:
        """Key figures by figure id, each from the latest readable submission that states it."""
        return {k: sub.figures[k]["value"] for k, sub in self._stating().items()}

    def added(self, figure_id: str) -> Added | None:
        """The figure's value when the submission stating it says it is more of it, after an earlier one."""
        sub = self.stating(figure_id)
        more = _MORE.search(fold(sub.figures[figure_id]["sentence"])) if sub is not None else None
        if sub is None or more is None:
            return None
        earlier = [s for s in self.counted if figure_id in s.figures and s.received_at < sub.received_at]
        if not earlier:
            return None
        value, before = sub.figures[figure_id]["value"], earlier[-1].figures[figure_id]["value"]
        return Added(value, before, "thêm" if more.group(1) else "bổ sung")

    def superseded(self, figure_id: str) -> str | None:
        """Why the figure is in doubt when the version it is read from was replaced (_left_out_since) or
        corrected (_reverted) since; None otherwise."""
        sub = self.stating(figure_id)
        if sub is None:
            return None
        return self._left_out_since(sub, figure_id) or self._reverted(sub, figure_id)

    def _left_out_since(self, sub: SubmissionRow, figure_id: str) -> str | None:
        """Why a figure read from sub is in doubt when a whole report sent later (every section found),
        which replaces sub, does not state it: the school may have corrected it where it could not be read
        (a table), so the old value is no more than a guess."""
        whole = [
            s
            for s in self.counted
            if s.version and s.received_at > sub.received_at and s.sections_found and not s.sections_missing
        ]
        if not whole or (sub.content is not None and whole[-1].content == sub.content):
            return None
        tz = self.deadline.tzinfo
        return (
            f"số liệu của bản gửi ngày {local_date(sub.received_at, tz)}; bản gửi ngày "
            f"{local_date(whole[-1].received_at, tz)}, đủ các phần và thay bản trước, không ghi số này "
            "(hoặc ghi ở chỗ không đọc được): có thể trường đã sửa số"
        )

    def _reverted(self, sub: SubmissionRow, figure_id: str) -> str | None:
        """Why a figure read from sub is in doubt when sub holds the very files of a version the school had
        corrected since (the first version the school sent again itself after the correction; a forward of
        it is a copy, never counted: distinct): perhaps the old file attached by mistake, so a person asks
        which."""
        if sub.content is None:
            return None
        value = sub.figures[figure_id]["value"]
        before = [s for s in self.counted if s.received_at < sub.received_at]
        tz = self.deadline.tzinfo
        for at, old in enumerate(before):
            if (old.content, old.kind) != (sub.content, sub.kind):
                continue
            fixes = [
                s
                for s in before[at + 1 :]
                if figure_id in s.figures and s.figures[figure_id]["value"] != value
            ]
            if fixes:
                fix = fixes[-1]
                return (
                    f"tệp gửi ngày {local_date(sub.received_at, tz)} giống hệt bản gửi ngày "
                    f"{local_date(old.received_at, tz)}, bản trường đã sửa thành "
                    f"{grouped(fix.figures[figure_id]['value'])} bằng bản gửi ngày {local_date(fix.received_at, tz)}: "
                    "có thể trường gửi nhầm bản cũ"
                )
        return None

    @property
    def figures_to_check(self) -> dict[str, str]:
        """Why a key figure must be checked before it is used, by figure id: a negative count (a typo), a
        range stated rather than a count, an estimate, a sum of a table's rows per grade, one of a school's
        sites' or campuses' reports (campuses_reason), several values given, a later "thêm" value, or a value of a version the school had corrected sent again or
        replaced by a whole one not stating it (superseded), of a version whose Date says it was written before
        the one it came after by a wrong clock (SubmissionRow.order_unsure); every figure while a correction of the report
        could not be read (check)."""
        if self.check:
            return dict.fromkeys(self._stating(), self.check)
        found = {}
        for k, sub in self._stating().items():
            stated = sub.figures[k]
            if stated["value"] < 0:
                found[k] = negative_reason(stated["value"])
            elif stated.get("upto") is not None:
                found[k] = range_reason(stated["value"], stated["upto"])
            elif stated.get("about"):
                found[k] = estimate_reason(stated["value"], stated["about"])
            elif stated.get("parts"):
                found[k] = summed_reason(stated["value"], stated["parts"])
            elif stated.get("campuses"):
                found[k] = campuses_reason(stated["campuses"])
            elif (several := several_reason(stated["value"], stated.get("others") or ())) is not None:
                found[k] = several
            elif (added := self.added(k)) is not None:
                found[k] = added.reason
            elif (superseded := self.superseded(k)) is not None:
                found[k] = superseded
            elif sub.order_unsure:
                found[k] = f"{ORDER_UNSURE[:1].lower()}{ORDER_UNSURE[1:]}{sub.order_unsure}"
        return found

    @property
    def unread_correction(self) -> SubmissionRow | None:
        """The school's latest submission when it is a correction of the counted report that could not
        be read (REPLACES): what it corrects is not known, so the report counted is not good as it is."""
        current, last = self.current, (self.submissions[-1] if self.submissions else None)
        if current is None or last is None or REPLACES not in last.evidence:
            return None
        if last.readable:  # its corrected file failed, the file it corrects was read
            return last if last is current else None
        return last if last.received_at > current.received_at else None

    @property
    def check(self) -> str:
        """Why the report counted needs a check before its figures are used; empty when it does not."""
        fix, current = self.unread_correction, self.current
        if fix is None or current is None:
            return ""
        tz = self.deadline.tzinfo
        if fix is current:
            return (
                f"tệp bản sửa trong thư gửi lúc {local_time(fix.received_at, tz)} không đọc được, số liệu đang là "
                "của tệp trước khi sửa"
            )
        return (
            f"bản sửa gửi lúc {local_time(fix.received_at, tz)} không đọc được, số liệu đang là của báo cáo "
            f"gửi lúc {local_time(current.received_at, tz)}"
        )

    @property
    def label(self) -> str:
        """The state as tables show it: «Cần kiểm tra» while a correction of the report could not be read."""
        return CHECK_LABEL if self.check else LABELS[self.status]

    def _stating(self) -> dict[str, SubmissionRow]:
        # Later versions overwrite; a supplement or an older version arriving late only states what no
        # version does.
        ordered = sorted(self.counted, key=lambda s: s.version)
        return {k: sub for sub in ordered for k in sub.figures}

    @property
    def unread_in_time(self) -> SubmissionRow | None:
        """A late school's first mail that came by its deadline and could not be read: staff weigh it
        before they extend the school's deadline (sent_in_time says it)."""
        if self.status != SchoolState.LATE:
            return None
        return next(
            (s for s in self.submissions if not s.readable and by_deadline(s.received_at, self.deadline)),
            None,
        )

    @property
    def sent_in_time(self) -> str:
        """What every list of late schools says beside a school whose mail came in time unreadable
        (unread_in_time), or whose counted report says it was sent by the deadline (its Date, or the mail
        it forwards, whose sending it names: MAY_EXTEND, FORWARDED_SENT; its Date with its receipt, and
        how many days after it the mail came when more than one: HELD_OR_WRONG_CLOCK), or whose Date
        cannot be its sending (WRONG_CLOCK); lower-case first; empty when none. Staff weigh it before they
        extend the school's deadline, and do not take a wrong clock for a sending in time."""
        sub = self.unread_in_time
        if sub is not None:
            return f"đã gửi thư lúc {in_words(sub.received_at, self.deadline.tzinfo)}, đúng hạn, nhưng không đọc được tệp"
        first = self.counted[0] if self.status == SchoolState.LATE and self.counted else None
        if first is None:
            return ""
        noted = [line for line in first.evidence if line.endswith(MAY_EXTEND)]
        forwarded = next((line.partition(FORWARDED_SENT)[2] for line in noted if FORWARDED_SENT in line), "")
        if forwarded:
            return (
                f"{FORWARDED_SENT}{forwarded.partition(',')[0]}, trước hạn, nhưng thư chuyển tiếp nhận sau hạn; "
                "xem thư để quyết định có gia hạn không (baocao extend)"
            )
        if not noted:
            wrong = next((said for line in first.evidence if (said := _wrong_clock(line))), "")
            return f"d{wrong[1:]}" if wrong else ""
        sent = next((found.group() for line in noted if (found := _IN_WORDS.search(line))), None)
        received = in_words(first.received_at, self.deadline.tzinfo)
        held = next(
            (
                found.group()
                for line in noted
                if HELD_OR_WRONG_CLOCK in line and (found := _DAYS_AFTER.search(line))
            ),
            None,
        )
        if sent is not None and held is not None:
            return (
                f"dòng Date ghi {sent}, trước hạn, nhưng nhận lúc {received}, {held}: {HELD_OR_WRONG_CLOCK}; "
                "chỉ gia hạn nếu trường chứng minh đã gửi đúng hạn (baocao extend)"
            )
        told = (
            f"thư ghi gửi lúc {sent}, trước hạn, nhưng nhận lúc {received}"
            if sent is not None
            else "thư ghi đã gửi trước hạn nhưng nhận sau hạn"  # a warning recorded in other words
        )
        return f"{told}; xem thư để quyết định có gia hạn không (baocao extend)"

    @property
    def file_time(self) -> str:
        """That the receipt shown (received_at) is the time an imported file was saved, its mail writing
        none (SubmissionRow.file_time); empty when it is the receipt. Staff read the mail for when it came."""
        shown = next(
            (s for s in (*self.counted, *self.submissions) if s.received_at == self.received_at), None
        )
        if shown is None or not shown.file_time:
            return ""
        return f"{FILE_TIME}; xem thư để biết lúc nhận thật"

    @property
    def problems(self) -> tuple[str, ...]:
        """Why the school's mail could not be read, while it has sent nothing readable; of a readable report
        counted, why the files its mail carried beside it could not be read (SubmissionRow.unread_beside)."""
        if self.status in SENT_UNCOUNTED:
            return self.submissions[-1].problems
        current = self.current
        return tuple(current.unread_beside.values()) if current is not None else ()

    @property
    def owing(self) -> bool:
        return self.status in OWING

    @property
    def incomplete(self) -> bool:
        return self.status in (SchoolState.RECEIVED, SchoolState.LATE) and bool(self.sections_missing)


@dataclass(frozen=True)
class Settled:
    """Mail waiting for staff (a draft sent for comment, a paper whose school was unsure, a school's word
    that it sent the report) that its schools' later reports settle: every school it may be from sent a
    readable report of the season after it, and counting it instead (or granting the extension it asks
    for) could not make that school's report on time. It is kept, shown and assignable, but no longer
    waits: it holds no reminders and marks no school as having mail waiting."""

    review: ReviewRow
    by: tuple[SubmissionRow, ...]  # each candidate school's first readable report received after it

    def note(self, name_of: Callable[[str], str], tz: dt.tzinfo | None) -> str:
        """What staff read beside the mail: which later reports settle it, and when they came. A note with
        no report in it (a request for more time, a claim it was sent) is not offered for assigning:
        assigned, the note itself would be counted as the school's report."""
        later = "; ".join(f"{name_of(s.school_id)} ({local_time(s.received_at, tz)})" for s in self.by)
        if self.review.report_id is None:
            return (
                f"Đã có báo cáo gửi sau thư này: {later}. Thư không còn chờ xem xét; thư không kèm báo cáo "
                "nên không cần gán cho trường."
            )
        return (
            f"Đã có báo cáo gửi sau thư này: {later}. Thư không còn chờ xem xét; cán bộ vẫn gán được nếu "
            "muốn tính thư này (baocao assign)."
        )


@dataclass(frozen=True)
class Granted:
    """An extension in force that the office granted a school (on the school's page or by `baocao extend`):
    beside mail of that school waiting for staff that came before it (after), most often the school's own
    request for more time, which waits until a clerk takes it off the queue. The queue, `baocao review` and
    the school's page say so alike (note), so that no clerk reads the request as still unanswered."""

    school_id: str
    report_id: str
    year: int
    until: dt.date
    by: str  # who granted it, as recorded
    at: dt.datetime

    def after(self, schools: Collection[str], received_at: dt.datetime) -> bool:
        """Whether it was granted one of schools (a waiting mail's candidates) after the mail came."""
        return self.school_id in schools and self.at >= received_at

    def note(self, config: Config, who: Callable[[str], str] = str) -> str:
        """What staff read beside the mail; who: how the clerk who granted it is named (the page names its
        accounts by their holders)."""
        we = units.speaker(
            config, units.of_season(config, self.school_id, self.report_id, self.year, self.at)
        )
        school = config.name_of(self.school_id)
        return (
            f"{we} đã gia hạn cho {school} đến {local_date(self.until, None)} ({who(self.by)}, "
            f"{local_time(self.at, config.district.timezone)}), sau khi nhận thư này; nếu thư chỉ xin gia hạn "
            "thì không còn gì phải làm: loại thư khỏi danh sách chờ (baocao reject)."
        )


def extensions_granted(store: Store) -> list[Granted]:
    """Every school's own extension in force, of any season, newest first (see Granted)."""
    return [
        Granted(d.school_id, d.report_id, d.year, d.until, d.decided_by, d.decided_at)
        for d in decisions_mod.history(store)
        if d.kind == decisions_mod.DecisionKind.EXTENSION and d.in_force and d.until is not None
    ]


@dataclass(frozen=True)
class Withheld:
    """A submission a later note from the same address asks to cancel ("gửi nhầm file, xin Phòng bỏ giúp",
    answering that mail: ReviewRow.withdraws), staff not having decided: not counted, its school held.
    Every list that names its school says it is held (says), and every list of the school's submissions
    shows it as held, never as counted nor as nothing sent."""

    submission: SubmissionRow
    note: ReviewRow  # the note asking to cancel it
    # The school's later report that settled the note (Settled): the sender took this report back and sent
    # that one instead, so nothing waits for staff. None while the note waits for them.
    replaced_by: SubmissionRow | None = None

    def says(self, tz: dt.tzinfo | None) -> str:
        """What a list of schools says beside its school, lower-case first: staff are asked to decide only
        while the note waits."""
        held = f"báo cáo nhận lúc {local_time(self.submission.received_at, tz)}"
        if self.replaced_by is not None:
            return (
                f"{held} không tính: người gửi đã xin hủy thư ấy, thay bằng báo cáo nhận lúc "
                f"{local_time(self.replaced_by.received_at, tz)}"
            )
        return f"{held} đang tạm giữ, chưa tính: người gửi xin hủy thư ấy, chờ cán bộ quyết định"


@dataclass(frozen=True)
class ReportStatus:
    report: ReportConfig
    year: int
    deadline: dt.datetime
    schools: tuple[SchoolStatus, ...]
    review: tuple[ReviewRow, ...]
    as_of: dt.datetime  # the moment the status describes
    # What the sender check found, by message key, for the messages of the submissions and reviews.
    senders: Mapping[str, SenderCheck] = field(default_factory=dict)
    unit: str | None = None  # the collecting unit whose schools these are; None: every unit
    # Address -> when our mail to it last came back (a bounce received since the season began; the
    # scheduler adds the addresses its SMTP server refused).
    bounced: Mapping[str, dt.datetime] = field(default_factory=dict)
    # Why our mail to each of those last came back (a full mailbox, an address that does not exist, a
    # refusal as spam...).
    returned: Mapping[str, Returned] = field(default_factory=dict)
    # Which mail came back the last time: our reminder or acknowledgement (and when sent), or mail staff
    # wrote from a mailbox of their own.
    returned_mail: Mapping[str, ReturnedMail] = field(default_factory=dict)
    # Of those, the addresses mail came to us from this season, and when last: they exist and send.
    sending: Mapping[str, dt.datetime] = field(default_factory=dict)
    # The schools whose mail since the last season closed could not be processed (a scan on a machine
    # without OCR, a full disk): a report may be in it, and the office owes them a look first.
    failed: frozenset[str] = frozenset()
    # Mail of the season a later report settled: shown apart, not in review (see Settled).
    settled: tuple[Settled, ...] = ()
    # Submissions a later note from the same address asked to cancel ("gửi nhầm file, xin Phòng bỏ giúp",
    # answering that mail: ReviewRow.withdraws), staff not having decided: not counted, their schools held.
    withheld: tuple[Withheld, ...] = ()
    # The season's first moment while as_of is before it (no reminder yet, no school behind); else None.
    opens: dt.datetime | None = None
    # Readable reports of another season that schools still owing this one sent while it ran (last year's
    # file attached by mistake, or last year's report that late), staff not having assigned them to their
    # year: counted for their own season, and said beside the school (earlier_note), as the school's
    # acknowledgement told it.
    earlier: tuple[SubmissionRow, ...] = ()
    # Reports of another season waiting for staff that schools still owing this one sent while it ran (last
    # year's file sent again unlike the one counted then): not counted here, but staff told the school has
    # not reported are told its mail waits (waiting_for, earlier_note), and it holds the school as this
    # season's own mail would (in_review) until staff decide.
    other_review: tuple[ReviewRow, ...] = ()
    # Of a unit's status, how many messages of the season wait for staff that concern no unit
    # (units.waiting_by_unit): in no unit's review, but every unit's staff are told they wait.
    unplaced: int = 0
    # The mailbox each school's counted report was read from, by message key (MessageRow.source): which
    # unit's mailbox received it (units.mailbox_on).
    sources: Mapping[str, str] = field(default_factory=dict)
    # School -> its own extension of the season that staff undid by as_of, no extension of its own decided
    # since: the school that was given a later day is told it no longer holds (its reminder says so).
    withdrawn: Mapping[str, Decision] = field(default_factory=dict)

    @property
    def moved_to(self) -> dt.date | None:
        """The day the season's deadline was moved to for every school that owes the report (a move for
        all, decisions.extend_all, leaving later extensions of their own): the earliest of their
        extensions when each has one; None otherwise."""
        owing = [s for s in self.schools if s.status != SchoolState.EXEMPT]
        days = [s.extension.until if s.extension else None for s in owing]
        if not days or None in days:
            return None
        return min(d for d in days if d is not None)

    @property
    def move(self) -> DeadlineShare | None:
        """The deadline move (decisions.extend_all: one day, given by one person at one moment) that most
        schools owing the report have in force, with how many: said once for the season, as «Hạn nộp chung»,
        when it reaches every school (moved_to) or only some, since a unit's move or the move withdrawn for
        some schools leaves the others with it. None when no move reaches two schools."""
        owing = [s for s in self.schools if s.status != SchoolState.EXEMPT]
        moves: dict[tuple[dt.date, str, dt.datetime], list[Decision]] = {}
        for s in owing:
            if s.extension is not None and s.extension.until is not None:
                key = (s.extension.until, s.extension.decided_by, s.extension.decided_at)
                moves.setdefault(key, []).append(s.extension)
        if not moves:
            return None
        given = max(moves.values(), key=len)
        if len(given) < 2:
            return None
        return DeadlineShare(given[0], len(given), len(owing))

    @property
    def labels(self) -> dict[SchoolState, str]:
        """Each state as the lists, filters and exports name it: «Chưa gửi» rather than «Chưa nộp» while
        the season has not begun (opens)."""
        return {**LABELS, SchoolState.MISSING: NOT_SENT_LABEL} if self.opens else dict(LABELS)

    def label_of(self, school: SchoolStatus) -> str:
        """A school's state as every table of the season shows it (SchoolStatus.label, labels)."""
        return NOT_SENT_LABEL if self.opens and school.status == SchoolState.MISSING else school.label

    def held_for(self, school_id: str) -> tuple[Withheld, ...]:
        """The school's submissions of the season withheld while staff decide about a note cancelling them."""
        return tuple(w for w in self.withheld if w.submission.school_id == school_id)

    def count(self, status: SchoolState) -> int:
        return sum(1 for s in self.schools if s.status == status)

    @property
    def on_time_by_extension(self) -> tuple[SchoolStatus, ...]:
        """The schools on time only by their extension (by_extension_only): every count of those on time says
        them apart, so that the digest, the status and the consolidated draft agree."""
        return tuple(
            s
            for s in self.schools
            if s.status == SchoolState.RECEIVED
            and s.extension is not None
            and by_extension_only(s.received_at, self.deadline)
        )

    def sender(self, message_key: str) -> SenderCheck | None:
        """What the sender check found about a message; None when its sender was not looked at."""
        return self.senders.get(message_key)

    @property
    def expected(self) -> tuple[SchoolStatus, ...]:
        """The schools that must report (every one but the exempt)."""
        return tuple(s for s in self.schools if s.status != SchoolState.EXEMPT)

    @property
    def owing(self) -> tuple[SchoolStatus, ...]:
        return tuple(s for s in self.schools if s.owing)

    def waiting_for(self, school_id: str) -> tuple[ReviewRow, ...]:
        """The season's mail waiting for staff that may be this school's report (the school is one of
        its candidates): not counted until a clerk decides, so whoever reads that the school has not
        reported is told, rather than chasing a school whose report sits in the queue. Unlike
        in_review, an answer to our mail or a note that the report went by Zalo is mail of the school
        waiting too; so is a report of another season it sent while this one ran (other_review)."""
        return tuple(r for r in (*self.review, *self.other_review) if school_id in r.candidates)

    def granted(self, row: ReviewRow) -> tuple[Granted, ...]:
        """The season's extensions in force granted one of the mail's candidate schools after it came
        (Granted): a request for more time so answered asks staff and the school nothing more."""
        granted = (
            Granted(s.school_id, e.report_id, e.year, e.until, e.decided_by, e.decided_at)
            for s in self.schools
            if (e := s.extension) is not None and e.until is not None
        )
        return tuple(g for g in granted if g.after(row.candidates, row.received_at))

    def correction_waiting(self, school_id: str) -> ReviewRow | None:
        """The latest mail waiting for staff that is likely a correction of the school's counted report: it
        says it corrects a report (CORRECTS, CORRECTION_NOTE), the school is its only candidate, and the
        school's counted report came before it. The report counts as it is until staff decide."""
        school = next((s for s in self.schools if s.school_id == school_id), None)
        if school is None or school.status not in (SchoolState.RECEIVED, SchoolState.LATE):
            return None
        first = school.counted[0].received_at
        found = [
            r
            for r in self.review
            if r.candidates == (school_id,)
            and r.received_at > first
            and (CORRECTS in r.reason or CORRECTION_NOTE in r.reason)
        ]
        return max(found, key=lambda r: r.received_at) if found else None

    def correction_note(self, school_id: str) -> str:
        """What every list and page says beside a school whose correction waits for staff
        (correction_waiting), lower-case first; empty when none. A note asking to withdraw the corrected
        version it sent («xin thu hồi bản chỉnh sửa») is named as the withdrawal it is."""
        row = self.correction_waiting(school_id)
        school = next((s for s in self.schools if s.school_id == school_id), None)
        if row is None or school is None or school.current is None:
            return ""
        tz = self.deadline.tzinfo
        what = "thư xin thu hồi" if row.withdraws else "thư đính chính"
        return (
            f"có {what} gửi lúc {local_time(row.received_at, tz)} đang chờ cán bộ xem xét; số liệu "
            f"đang là của báo cáo gửi lúc {local_time(school.current.received_at, tz)}"
        )

    @property
    def full(self) -> frozenset[str]:
        """The addresses whose mailbox was full when our mail last came back: the address is right."""
        return frozenset(a for a, why in self.returned.items() if why == Returned.FULL)

    @property
    def reach(self) -> Reach:
        """What the season's bounces and mail say of addresses: which of a school's any mail goes to."""
        return Reach(self.returned, frozenset(self.sending))

    def wrong_address(self, address: str) -> bool:
        """Whether our mail to an address came back as to one that may be wrong, and no mail came to us
        from it this season to show it works (Reach.wrong_address)."""
        return self.reach.wrong_address(address)

    def bounced_notes(self, addresses: Sequence[str]) -> list[str]:
        """What every list, page and reminder says beside a school of each of its registered addresses
        (addresses) our mail to which came back this season (bounced), lower-case first, and why: its
        mailbox full (the address is right: the school makes room), refused as spam, an address that takes
        no mail (staff phoning the school check it)..."""
        return [
            f"thư gửi đến {a} bị trả lại ngày {local_date(self.bounced[a], self.deadline.tzinfo)}"
            + self._returned_which(a)
            + ": "
            + (FULL_MAILBOX if self.returned.get(a) == Returned.FULL else self.returned_why(a))
            + self._returned_not_ours(a)
            for a in addresses
            if a in self.bounced
        ]

    def _returned_which(self, address: str) -> str:
        """Which of our mail to an address came back, in brackets: « (thư nhắc gửi ngày 02/11/2026)»."""
        which = self.returned_mail.get(address)
        return f" ({which.told(self.deadline.tzinfo)})" if which is not None and which.ours else ""

    def _returned_not_ours(self, address: str) -> str:
        """«; thư bị trả lại không phải thư do hệ thống gửi …» when the mail to an address that came back
        is none of ours."""
        which = self.returned_mail.get(address)
        return f"; {NOT_OURS}" if which is not None and which.others and not which.ours else ""

    def returned_reason(self, address: str) -> str:
        """returned_why, and which mail came back when the bounce said («…; thư bị trả lại là thư nhắc gửi
        ngày 02/11/2026», or that it was none of ours), for a table of such addresses."""
        which = self.returned_mail.get(address)
        told = which.told(self.deadline.tzinfo) if which is not None else ""
        if which is not None and which.ours:
            told = f"thư bị trả lại là {told}"
        return f"{self.returned_why(address)}; {told}" if told else self.returned_why(address)

    def returned_why(self, address: str) -> str:
        """Why our mail to an address that bounced came back, for a table of such addresses (any one's, a
        school's or staff's), and whether to check the address: never one mail came from this season."""
        why = self.returned.get(address, Returned.OTHER)
        if why == Returned.FULL:
            return RETURNED_FULL
        if not why.wrong_address:
            return f"{WHY[why]}; {ADDRESS_RIGHT}"
        if address in self.sending:
            sent = local_time(self.sending[address], self.deadline.tzinfo)
            return still_sending(why, sent)
        return f"{WHY[why]}, {CHECK_ADDRESS}"

    def earlier_note(self, school_id: str) -> str:
        """What every list says beside a school owing this season's report that sent another season's while
        this one ran (earlier, or waiting for staff: other_review), lower-case first; empty when none: staff
        told «trường đã gửi rồi» see what was sent, and in which season's queue it waits."""
        sent: list[tuple[dt.datetime, int | None, bool]]
        sent = [(s.received_at, s.year, True) for s in self.earlier if s.school_id == school_id]
        sent += [(r.received_at, r.year, False) for r in self.other_review if school_id in r.candidates]
        if not sent:
            return ""
        at, year, counted = max(sent)
        sent_at = local_time(at, self.deadline.tzinfo)
        if not counted:
            return f"thư gửi lúc {sent_at} là {waiting_elsewhere(year, self.year)}"
        return f"thư gửi lúc {sent_at} là báo cáo năm {year}, đã tính cho năm {year}, không phải báo cáo năm {self.year}"

    def resent_earlier(self, school_id: str) -> ReviewRow | None:
        """The school's latest mail of another season waiting for staff (other_review) whose reason says
        this season's report is still owed (says_still_due: last year's report saved anew): the school is
        reminded, and its reminder says that mail is last year's report; None when there is none."""
        found = [
            r for r in self.other_review if school_id in r.candidates and says_still_due(r.reason, self.year)
        ]
        return max(found, key=lambda r: r.received_at) if found else None

    @property
    def in_review(self) -> frozenset[str]:
        """The schools a report of this season waiting for staff may be from: the office owes them a
        decision, so they are not reminded. A school's answer to our mail (no report in it) holds
        nothing: it may promise a report that never comes. A school whose mail could not be processed
        is held too: the failure is the office's to fix; and so is one whose report its sender asked to
        cancel (withheld) until staff decide, and one that sent another season's report while this one ran
        that waits for staff (other_review: meant as this season's, perhaps, with the wrong file), unless
        its reason says this season's report is still owed (resent_earlier: last year's report sent
        again, which the school's reminder names). Mail that many tied schools may be from holds none of
        them (ReviewRow.holds)."""
        own = [r for r in self.review if r.report_id == self.report.id and r.year == self.year]
        other = [r for r in self.other_review if not says_still_due(r.reason, self.year)]
        return (
            self.failed
            | {w.submission.school_id for w in self.withheld}
            | frozenset(school_id for r in (*own, *other) for school_id in r.holds)
        )


def by_extension_only(received_at: dt.datetime | None, deadline: dt.datetime) -> bool:
    """Whether a report on time by its school's extension came after the report's deadline (its last day,
    in the deadline's time zone): on time only by the extension."""
    return received_at is not None and received_at.astimezone(deadline.tzinfo).date() > deadline.date()


def still_due(year: int, deadline: dt.date) -> str:
    """What the reason of a report of an earlier season, sent while year's ran and waiting for staff, says
    of year's: it is still owed by its deadline, and staff tell the school so."""
    return f"{_still_owed(year)} (hạn nộp: hết ngày {deadline:%d/%m/%Y})."


def says_still_due(reason: str, year: int) -> bool:
    """Whether a waiting mail's reason says year's report is still owed (still_due)."""
    return _still_owed(year) in reason


def _still_owed(year: int) -> str:
    return f"Thư không được tính là báo cáo năm {year}: trường vẫn cần gửi báo cáo năm {year}"


def waiting_elsewhere(queued: int | None, year: int) -> str:
    """What the lists of year say of a report of the season queued waiting for staff in that season's queue,
    sent while year's ran (ReportStatus.other_review), lower-case first."""
    return f"báo cáo năm {queued}, nằm trong danh sách thư chờ xem xét của năm {queued}, chưa tính cho năm {year}"


def school_state(
    subs: Sequence[SubmissionRow], deadline: dt.datetime, *, exempt: bool = False
) -> SchoolState:
    if exempt:
        return SchoolState.EXEMPT
    readable = [s for s in subs if s.readable]
    if readable:
        on_time = by_deadline(min(s.received_at for s in readable), deadline)
        return SchoolState.RECEIVED if on_time else SchoolState.LATE
    if not subs:
        return SchoolState.MISSING
    # The latest mail says why nothing counts: a file that could not be read, or another paper sent by mistake.
    return SchoolState.WRONG_PAPER if subs[-1].wrong_paper else SchoolState.UNREADABLE


def _sections(
    report: ReportConfig, readable: Sequence[SubmissionRow]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(found, missing): the sections of a school's readable submissions together, found in the
    report's order, and those none of them holds. A supplement that sends one section ("bổ sung phần
    đề xuất") completes the report, it does not replace it."""
    found_in = {section for s in readable for section in s.sections_found}
    order = [spec.id for spec in report.sections]
    found = tuple(sorted(found_in, key=lambda i: order.index(i) if i in order else len(order)))
    missing = tuple(dict.fromkeys(m for s in readable for m in s.sections_missing if m not in found_in))
    return found, missing


def _received_by(paper: Decision | None, day: dt.date) -> Decision | None:
    """The paper copy the clerk received by day, the last of the moment a status is computed at: one received
    after it («--as-of 26/10», the paper came on 27/10) is not shown yet."""
    return paper if paper is None or paper.received_on is None or paper.received_on <= day else None


def report_status(
    report: ReportConfig,
    year: int,
    schools: Sequence[SchoolConfig],
    submissions: Sequence[SubmissionRow],
    review: Sequence[ReviewRow],
    tz: ZoneInfo,
    as_of: dt.datetime,
    senders: Mapping[str, SenderCheck] | None = None,
    decisions: SeasonDecisions | None = None,
    undecided: Collection[str] = (),
) -> ReportStatus:
    """The season's status at as_of. A submission whose message a note of review received by then asks to
    cancel (ReviewRow.withdraws) is withheld while staff have not decided about that message (undecided:
    see cancelled)."""
    deadline = deadline_of(report, year, tz)
    decided = decisions or SeasonDecisions()
    # By as_of to the second, as by a deadline: the end of a day asked about holds its last second whole.
    cancelled = {
        key: r for r in review if by_deadline(r.received_at, as_of) for key in r.withdraws if key in undecided
    }
    by_school: dict[str, list[SubmissionRow]] = {}
    withheld: list[Withheld] = []
    for sub in submissions:
        if sub.report_id == report.id and sub.year == year and by_deadline(sub.received_at, as_of):
            if sub.message_key in cancelled:
                withheld.append(Withheld(sub, cancelled[sub.message_key]))
                continue
            by_school.setdefault(sub.school_id, []).append(sub)
    rows = []
    for school in schools:
        subs, copies = distinct(sorted(by_school.get(school.id, []), key=lambda s: s.received_at))
        extension = decided.extension_of(school.id)
        exemption = decided.exemptions.get(school.id)
        own = school_deadline(deadline, extension, tz)
        if own == deadline:
            extension = None  # overtaken by the report's own deadline: it moves nothing
        state = school_state(subs, own, exempt=exemption is not None)
        readable = [s for s in subs if s.readable]
        first = (readable or subs)[0] if subs else None
        found, missing = _sections(report, readable)
        rows.append(
            SchoolStatus(
                school.id,
                school.name,
                state,
                first.received_at if first else None,
                found,
                missing,
                tuple(subs),
                own,
                extension,
                exemption,
                _received_by(decided.papers.get(school.id), as_of.astimezone(tz).date()),
                copies,
            )
        )
    pending = tuple(
        r for r in review if review_season(r, report, tz) == year and by_deadline(r.received_at, as_of)
    )
    by_id = {row.school_id: row for row in rows}
    settled = tuple(Settled(r, by) for r in pending if (by := _settled_by(r, by_id, withheld)) is not None)
    done = {s.review: s.by for s in settled}
    waiting = tuple(r for r in pending if r not in done)
    withheld = [
        replace(
            w,
            replaced_by=next(
                (s for s in done.get(w.note, ()) if s.school_id == w.submission.school_id), None
            ),
        )
        for w in withheld
    ]
    return ReportStatus(
        report,
        year,
        deadline,
        tuple(rows),
        waiting,
        as_of,
        dict(senders or {}),
        settled=settled,
        withheld=tuple(withheld),
    )


def review_season(row: ReviewRow, report: ReportConfig, tz: ZoneInfo) -> int | None:
    """The season of report whose status lists mail waiting for staff, or None when it is another
    report's. Mail that names no season (an extension asked, a correction, a recall notice) is the
    season's it came nearest to: last year's unanswered request marks no school in this year's lists."""
    if row.report_id not in (None, report.id):
        return None
    return row.year or nearest_season(report, row.received_at, tz)


def concerns(row: ReviewRow, reports: Sequence[ReportConfig]) -> tuple[ReportConfig, ...]:
    """The reports whose seasons list mail waiting for staff: its own report's (report_id); a note with no
    report in it, the reports its subject names (by the keywords that name one, or by its title, as an
    answer to our reminder or acknowledgement carries its subject: «Re: Nhắc nộp báo cáo …»), so a request
    «Xin gia hạn nộp báo cáo NQ121» is not told as pending in another report's reminders; a note naming
    none, or several, every report's."""
    if row.report_id is not None:
        return tuple(r for r in reports if r.id == row.report_id)
    subject = fold(row.subject)
    named = tuple(
        r for r in reports if Keywords(r.keywords).naming.count(row.subject) or fold(r.title) in subject
    )
    return named or tuple(reports)


def of_year(config: Config, rows: Sequence[ReviewRow], year: int) -> list[ReviewRow]:
    """The rows of the review queue that the status of some report's season year lists (review_season);
    a row of a report no longer configured, by the year it names."""
    tz = config.district.timezone
    return [
        r
        for r in rows
        if r.year == year
        or any(review_season(r, report, tz) == year for report in concerns(r, config.reports))
    ]


def _settled_by(
    review: ReviewRow, schools: Mapping[str, SchoolStatus], withheld: Sequence[Withheld]
) -> tuple[SubmissionRow, ...] | None:
    """The later reports that settle mail of a season waiting for staff (see Settled; the season's status
    lists it, review_season), one per school it may be from; None while it still waits. Mail of no season (an answer to our mail, a school's word
    that it sent the report, a request for more time) is settled the same way in each season it is
    listed in; mail naming no school keeps waiting: only staff know whose it is. So does mail whose every
    candidate only a hint offers (ReviewRow.hints: its sender's address learned for that school from another
    season's mail): nothing of the mail itself, neither its paper nor its sender being a school's address
    this season, names a school, so the schools it may be from are not known. A principal who moved to
    another school sends her new school's report from the gmail once learned for her old one; her old
    school's report from its new principal says nothing of it (mail whose paper names another school as
    well may be either's: each must have sent a later report). A question keeps waiting too
    (ReviewRow.asks: "trường có cần nộp thêm bản giấy không ạ?"): no report answers it. A note cancelling a
    report (withheld while staff decide) that would make a late school on time, were staff to count it,
    keeps waiting too. So does forged mail (ReviewRow.forged): someone wrote in a school's name, which staff
    must look into whatever the school sent since; it holds no reminder all the same (ReviewRow.holds). So
    does mail a part of which names no school (ReviewRow.unnamed_part): the candidates' reports settle only
    their own part."""
    if (
        review.asks
        or review.forged
        or review.unnamed_part
        or all(school_id in review.hints for school_id in review.candidates)
    ):
        return None  # with no candidate, or only hints, the mail names no school
    found = []
    for school_id in review.candidates:
        school = schools.get(school_id)
        if school is None or school.status not in (SchoolState.RECEIVED, SchoolState.LATE):
            return None
        later = [s for s in school.counted if s.received_at > review.received_at]
        if not later:
            return None
        cancelled = [
            w.submission.received_at
            for w in withheld
            if w.note == review and w.submission.school_id == school_id
        ]
        if school.status == SchoolState.LATE and any(
            by_deadline(at, school.deadline) for at in (review.received_at, *cancelled)
        ):
            return None  # counted instead, this mail (or the report it holds) would make the school on time
        found.append(later[0])
    return tuple(found)


def distinct(subs: Sequence[SubmissionRow]) -> tuple[list[SubmissionRow], tuple[SubmissionRow, ...]]:
    """A school's submissions (oldest first) without the resends of the same files as the one just before
    them (a school sending its report three times, unsure it arrived) and the forwards of its earlier mail
    or another's resends of its files (a clerk passing on the school's first version after its correction,
    or sending a batch of schools' files again: _forwarded), and those copies. A
    file the school sends again itself after another one (the first version once more, after a correction)
    is a submission."""
    pairs = _resent(subs)
    return [sub for sub, original in pairs if original is None], tuple(
        sub for sub, original in pairs if original
    )


def copied_from(subs: Sequence[SubmissionRow]) -> dict[str, SubmissionRow]:
    """Each copy among a school's submissions (oldest first; see distinct), by its message key: the
    submission whose files it sends again, or whose mail it forwards."""
    return {sub.message_key: original for sub, original in _resent(subs) if original is not None}


def _resent(subs: Sequence[SubmissionRow]) -> list[tuple[SubmissionRow, SubmissionRow | None]]:
    """Each submission with the one it is a copy of (the submission just before it, whose files it sends
    again; or, a forward or another's resend, the earlier one whose mail it forwards: _forwarded), or
    None."""
    pairs: list[tuple[SubmissionRow, SubmissionRow | None]] = []
    last: SubmissionRow | None = None
    for sub in subs:
        original: SubmissionRow | None = None
        if sub.content and last is not None and (sub.content, sub.kind) == (last.content, last.kind):
            original = last
        elif sub.forwards is not None and last is not None:
            original = _forwarded(sub, pairs, last)
        pairs.append((sub, original))
        if original is None:
            last = sub
    return pairs


def _forwarded(
    sub: SubmissionRow, earlier: Sequence[tuple[SubmissionRow, SubmissionRow | None]], latest: SubmissionRow
) -> SubmissionRow | None:
    """The earlier submission a forward (sub.forwards) passes on again, a clerk forwarding the school's
    first version after its correction: the one whose message it forwards (by Message-ID), else one of the
    very same files, else, when the message it forwards says it was sent before the latest version
    (latest) came, the version received nearest that moment. Another's resend (sub.forwards.resend: no
    message, no date) copies the one of the very same files, unless it comes from the address that sent
    the latest version: whoever sent the correction sending the first version again is the school's own
    resend, its figures checked (_reverted). None when it forwards a version the school never sent here,
    written after the latest: that is a new version."""
    assert sub.forwards is not None
    if sub.forwards.resend and sub.sender.lower() == latest.sender.lower():
        return None
    versions = [s for s, original in earlier if original is None]
    copied = {s.message_key: original or s for s, original in earlier}
    if sub.forwards.message_id is not None:
        quoted = [s for s, _ in earlier if s.message_id == sub.forwards.message_id]
        if quoted:
            return copied[quoted[-1].message_key]
    same = [s for s in versions if sub.content and (s.content, s.kind) == (sub.content, sub.kind)]
    if same:
        return same[-1]
    sent = sub.forwards.sent
    if sent is not None and sent < latest.received_at:
        return min(versions, key=lambda s: abs(s.received_at - sent))
    return None


def roster(
    config: Config, report: ReportConfig, year: int, unit: str | None = None
) -> tuple[SchoolConfig, ...]:
    """The schools that owe a season its report: those on the roster on the season's deadline day
    (the report's, not an extension's), in the unit that collects them that day when unit is given.

    One day decides, so a season never counts a school twice or in two units: a school that joined
    or moved on or before the deadline day counts where it is then; one that closed before it does
    not count at all. A report some levels only owe ([[reports]].levels) leaves the other schools out."""
    schools = config.roster(deadline_of(report, year, config.district.timezone).date(), unit)
    return tuple(s for s in schools if report.owed_by(s))


def season_status(
    config: Config,
    store: Store,
    report: ReportConfig,
    year: int,
    as_of: dt.datetime,
    unit: str | None = None,
) -> ReportStatus:
    """The status of one report and year at a moment, from what the store recorded, for the
    season's roster (of one collecting unit, when given, with only the mail waiting in review that
    concerns it)."""
    if unit is not None:
        config.unit(unit)  # a ConfigError naming the units there are
    subs, orphans = off_roster(
        config, store, report, year, store.submissions(report_id=report.id, year=year), as_of
    )
    waiting = [
        r for r in store.reviews(report_id=report.id, year=year) if report in concerns(r, config.reports)
    ]
    review = registered_since(config, report, year, listed_only(config, [*waiting, *orphans]))
    unplaced = 0
    if unit is not None:  # only the mail that concerns the unit, as its review list shows it
        each = units.waiting_by_unit(config, store, review)
        review = [r for r, found in each if unit in found]
        unplaced = sum(1 for _, found in each if not found)
    # A report's row holding mail it disowned waits no more once staff decided about that mail; the report
    # may be of another season than the mail (last year's file sent by mistake).
    reports = store.submissions(message_keys=[r.message_key for r in review if r.withdraws])
    undecided = cancelled(store, review)
    review = settled_mistakes(review, reports, undecided)
    senders = store.sender_checks([*(s.message_key for s in subs), *(r.message_key for r in review)])
    decided = decisions_mod.in_force(store, report.id, year)
    schools = roster(config, report, year, unit)
    status = report_status(
        report,
        year,
        schools,
        subs,
        review,
        config.district.timezone,
        as_of,
        senders,
        decided,
        undecided,
    )
    start, end = season_bounds(report, year, config)
    returned = store.returns(start, as_of)
    bounced = {address: at for address, (at, _) in returned.items()}
    failed = _failed(config, store, report, year, as_of)
    opens = start if as_of < start else None
    earlier = _other_seasons(store, status, (start, end))
    counted = store.messages_by_key(s.current.message_key for s in status.schools if s.current is not None)
    return replace(
        status,
        sources={key: row.source for key, row in counted.items()},
        unit=unit,
        bounced=bounced,
        returned={address: why for address, (_, why) in returned.items()},
        returned_mail=store.returned_mails(start, as_of),
        sending=store.last_sent_from(bounced, start, as_of),
        failed=failed,
        opens=opens,
        earlier=earlier,
        other_review=_other_seasons_waiting(store, status, (start, end)),
        unplaced=unplaced,
        withdrawn=_withdrawn(store, status),
    )


def _withdrawn(store: Store, status: ReportStatus) -> dict[str, Decision]:
    """ReportStatus.withdrawn: each school's latest own extension of the season decided by as_of, when it
    was undone by then and the school has no extension in force."""
    latest: dict[str, Decision] = {}
    for d in decisions_mod.history(store, report_id=status.report.id, year=status.year):  # newest first
        if d.kind == decisions_mod.DecisionKind.EXTENSION and d.decided_at <= status.as_of:
            latest.setdefault(d.school_id, d)
    without = {s.school_id for s in status.schools if s.extension is None}
    return {
        school_id: d
        for school_id, d in latest.items()
        if school_id in without and d.undone_at is not None and d.undone_at <= status.as_of
    }


def _other_seasons(
    store: Store, status: ReportStatus, season: tuple[dt.datetime, dt.datetime]
) -> tuple[SubmissionRow, ...]:
    """ReportStatus.earlier: the readable reports of another year received in the season by as_of from
    schools owing its report, but those staff assigned to their year (`baocao assign --year`)."""
    owing = {s.school_id for s in status.owing}
    end = min(season[1], status.as_of + dt.timedelta(seconds=1))
    found = [
        sub
        for sub in store.submissions(report_id=status.report.id, received=(season[0], end))
        if sub.readable
        and sub.year != status.year
        and sub.school_id in owing
        and by_deadline(sub.received_at, status.as_of)
    ]
    return tuple(sub for sub in found if not _year_assigned(store, sub))


def season_reach(config: Config, store: Store, report: ReportConfig, year: int, as_of: dt.datetime) -> Reach:
    """What the bounces and mail of the season up to as_of say of addresses (ReportStatus.reach), for mail
    written to a school outside its status (an acknowledgement)."""
    start = season_bounds(report, year, config)[0]
    returned = store.returns(start, as_of)
    sending = store.last_sent_from(returned, start, as_of)
    return Reach({address: why for address, (_, why) in returned.items()}, frozenset(sending))


def _other_seasons_waiting(
    store: Store, status: ReportStatus, season: tuple[dt.datetime, dt.datetime]
) -> tuple[ReviewRow, ...]:
    """ReportStatus.other_review: the reports of another year waiting for staff that were received in the
    season by as_of and may be from schools owing it (of the status's unit, when it has one); not a note
    disowning earlier mail (ReviewRow.withdraws), which waits beside the report it came with."""
    owing = {s.school_id for s in status.owing}
    return tuple(
        r
        for r in store.reviews(report_id=status.report.id)
        if r.year not in (None, status.year)
        and season[0] <= r.received_at < season[1]
        and by_deadline(r.received_at, status.as_of)
        and not r.withdraws
        and owing.intersection(r.candidates)
    )


def _year_assigned(store: Store, sub: SubmissionRow) -> bool:
    decision = store.decision(sub.message_key)
    return decision is not None and decision.action == "assign" and decision.year == sub.year


def listed_only(config: Config, rows: Sequence[ReviewRow]) -> list[ReviewRow]:
    """Mail waiting for staff offering only schools config.toml still lists: a school taken off the file
    since the mail came (its address learned for it, its name read) is offered no more, since staff could
    not assign the mail to it; the reason says so."""
    listed = {s.id for s in config.schools}
    kept = []
    for r in rows:
        gone = [s for s in r.candidates if s not in listed]
        if gone:
            said = ", ".join(f"«{s}»" for s in gone)
            which = "trường này" if len(gone) == 1 else "các trường này"
            note = (
                f"Khi thư đến, thư có thể là của trường mã {said}, nhưng {which} nay không còn trong tệp cấu "
                "hình nên không còn là lựa chọn."
            )
            r = replace(
                r, candidates=tuple(s for s in r.candidates if s in listed), reason=f"{r.reason} {note}"
            )
        kept.append(r)
    return kept


def registered_since(
    config: Config, report: ReportConfig, year: int, rows: Sequence[ReviewRow]
) -> list[ReviewRow]:
    """Mail waiting for staff, with the school whose registered address sent it as its candidate when it
    named none: its sender was unknown when it came, and config.toml has given the address to a school of
    the season's roster since (a school left out of the file, added later). That school is held, not told
    that nothing came, and every list says its mail waits; staff still assign or reject the mail."""
    owners = {
        address.lower(): school.id for school in roster(config, report, year) for address in school.emails
    }
    return [
        replace(r, candidates=(owners[r.sender.lower()],))
        if not r.candidates and r.sender.lower() in owners
        else r
        for r in rows
    ]


def off_roster(
    config: Config,
    store: Store,
    report: ReportConfig,
    year: int,
    subs: Sequence[SubmissionRow],
    now: dt.datetime,
) -> tuple[list[SubmissionRow], list[ReviewRow]]:
    """The season's submissions that count, and the messages of those recorded for a school that is no
    longer on the season's roster, as mail waiting for staff. The roster is config.toml's as it is now:
    a school that reported and was then written as merged into another (or closed, or taken off the
    file) before the deadline day had its report counted for nobody and shown nowhere, while the school
    it merged into was reminded; intake now puts such a report in review (rosters.off_roster), so its
    message waits as if read again, with the school it merged into as the first candidate, until staff
    assign or reject it. A report staff assigned keeps counting, for the school it merged into, as
    `assign` does (rosters.assigned_off_roster). A school taken off the file is one only while the
    season runs at now: an office tidying up schools closed years ago must not find their old reports
    waiting again in every past season. Unless the mail points to a school of the roster (pointed_to):
    its id was corrected since (mistyped for a day), and the school, held meanwhile as its candidate,
    would otherwise stay missing with its report in no list once the season closed."""
    schools = roster(config, report, year)
    on = {s.id for s in schools}
    listed = {s.id for s in config.schools}
    running = running_season(report, now, config) == year
    learned: dict[str, str] | None = None

    def pointed(sub: SubmissionRow) -> dict[SchoolConfig, str]:
        nonlocal learned
        if sub.school_id in listed:
            return {}
        if learned is None:
            learned = store.learned_addresses()
        return pointed_to(schools, sub, learned)

    day = deadline_of(report, year, config.district.timezone).date()
    kept: list[SubmissionRow] = []
    gone: dict[str, list[SubmissionRow]] = {}
    for sub in subs:
        successor = config.successor_on(sub.school_id, day)
        if sub.school_id in on:
            kept.append(sub)
        elif sub.origin == Origin.MANUAL and successor is not None and successor.id in on:
            kept.append(replace(sub, school_id=successor.id))
        elif sub.school_id in listed or running or pointed(sub):
            gone.setdefault(sub.message_key, []).append(sub)
    if not gone:
        return kept, []
    rows = store.messages_by_key(gone)
    deadline = local_date(day, None)
    waiting = []
    for key, own in gone.items():
        reasons, candidates, renamed = [], [], False
        for sub in own:
            known = next((s for s in config.schools if s.id == sub.school_id), None)
            if known is None:
                reasons.append(f"trường mã «{sub.school_id}» nay không còn trong tệp cấu hình")
                found = pointed(sub)
                reasons += found.values()
                candidates += [school.id for school in found]
                renamed = renamed or bool(found)
                continue
            successor = config.successor_on(known.id, day)
            if successor is not None:
                reasons.append(f"{known.name} đã sáp nhập vào {successor.name}")
                candidates.append(successor.id)
            else:
                reasons.append(f"{known.name} nay không có trong danh sách phải nộp vào hạn nộp {deadline}")
            candidates.append(known.id)
        row = rows.get(key)
        todo = RENAMED_TODO if renamed else "cần cán bộ gán thư cho trường đang nộp thay hoặc loại thư."
        reason = (
            f"Báo cáo {report.short} năm {year} đã ghi nhận, nhưng tệp cấu hình đã đổi sau đó: "
            f"{'; '.join(reasons)}. Báo cáo chưa được tính cho trường nào: {todo}"
        )
        waiting.append(
            ReviewRow(
                key,
                own[0].message_id,
                report.id,
                year,
                own[0].sender,
                row.subject if row is not None else "",
                own[0].received_at,
                reason,
                tuple(dict.fromkeys(candidates)),
                tuple(dict.fromkeys(f for sub in own for f in sub.files)),
            )
        )
    return kept, waiting


# What staff do about a report recorded for a school id config.toml no longer has, when its address or its
# words point to a school on the roster: the id was likely corrected since (a typo put right), so reading
# the mail again under the current file, or assigning it, counts it; nothing counts it silently.
RENAMED_TODO = (
    "nếu mã trường đã được sửa lại trong tệp cấu hình, cán bộ gán thư cho trường đúng (baocao assign) hoặc "
    "xử lý lại thư theo tệp cấu hình hiện tại (baocao reprocess) để báo cáo được tính; nếu không thì loại thư."
)
# Words of the evidence intake recorded that quote a school's name: «TRƯỜNG THCS HÒA BÌNH».
_QUOTED = re.compile(r"«([^«»]+)»")


def pointed_to(
    schools: Sequence[SchoolConfig], sub: SubmissionRow, learned: Mapping[str, str]
) -> dict[SchoolConfig, str]:
    """The schools among these whose registered or learned address sent the submission's mail, or whose
    name its evidence quotes (the paper's header, the subject, as intake read them when it credited the
    mail), each with how it is pointed to: candidates for staff when the school it was credited to has
    left config.toml (its id corrected since), never a school to credit without them."""
    sender = sub.sender.lower()
    said = {name_key(text) for line in sub.evidence for text in _QUOTED.findall(line) if level_of(text)}
    found: dict[SchoolConfig, str] = {}
    for school in schools:
        named = name_key(unqualified(school.name)[0]) in said
        if sender and sender in (e.lower() for e in school.emails):
            sent = f"thư gửi từ địa chỉ đã đăng ký của {school.name}"
        elif sender and learned.get(sender) == school.id:
            sent = f"thư gửi từ địa chỉ đã ghi nhớ của {school.name}"
        else:
            sent = ""
        if sent or named:
            found[school] = (
                f"{sent} và ghi tên trường này" if sent and named else sent or f"thư ghi tên {school.name}"
            )
    return found


def orphaned(
    config: Config,
    store: Store,
    now: dt.datetime,
    report_id: str | None = None,
    year: int | None = None,
    *,
    message_keys: Sequence[str] | None = None,
) -> list[ReviewRow]:
    """The messages of every season (or of the given report and year; of these messages only) whose
    report counts for nobody under config.toml as it is now, as mail waiting for staff (see off_roster)."""
    seasons: dict[tuple[str, int], list[SubmissionRow]] = {}
    for sub in store.submissions(report_id=report_id, year=year, message_keys=message_keys):
        seasons.setdefault((sub.report_id, sub.year), []).append(sub)
    reports = {r.id: r for r in config.reports}
    return [
        row
        for (rid, season), subs in seasons.items()
        if rid in reports  # a report taken off the file is no season anybody looks at
        for row in off_roster(config, store, reports[rid], season, subs, now)[1]
    ]


def settled_mistakes(
    rows: Sequence[ReviewRow], submissions: Sequence[SubmissionRow], undecided: Collection[str]
) -> list[ReviewRow]:
    """The rows without those of reports that disowned mail sent before ("gửi nhầm file, em gửi lại file
    đúng": a report's own row withdrawing that mail) once staff decided about every such mail: the report
    counts either way, so nothing of it waits any more."""
    reports = {s.message_key for s in submissions}
    return [
        r
        for r in rows
        if not (r.withdraws and r.message_key in reports and not any(k in undecided for k in r.withdraws))
    ]


def cancelled(store: Store, rows: Sequence[ReviewRow]) -> frozenset[str]:
    """The keys of the messages that notes among these rows ask the office to cancel (ReviewRow.withdraws:
    "gửi nhầm file, xin Phòng bỏ giúp", answering them) and that staff have not decided about: their
    submissions wait, not counted and not acknowledged, until staff reject or assign the message or reject
    the note."""
    return frozenset(key for r in rows for key in r.withdraws if store.decision(key) is None)


def settled_reviews(
    config: Config, store: Store, rows: Sequence[ReviewRow], as_of: dt.datetime
) -> dict[ReviewRow, Settled]:
    """The rows among these (the review queue) that later reports settle, each with what settles it, as
    its season's status says (see Settled); mail of no season, as the status of every report's season
    of its receipt says. Mail naming no school is never settled, so no season's status is read for it
    (this runs for the page's navigation bar on every page)."""
    tz = config.district.timezone
    seasons = {
        row: [
            (r.id, year)
            for r in concerns(row, config.reports)
            if (year := review_season(row, r, tz)) is not None
        ]
        for row in rows
        if row.candidates
    }
    statuses: dict[tuple[str, int], dict[ReviewRow, Settled]] = {}
    for report_id, year in dict.fromkeys(pair for pairs in seasons.values() for pair in pairs):
        status = season_status(config, store, config.report(report_id), year, as_of)
        statuses[report_id, year] = {s.review: s for s in status.settled}
    found: dict[ReviewRow, Settled] = {}
    for row, pairs in seasons.items():
        each = [statuses[pair].get(row) for pair in pairs]
        if each and all(each):
            by = {(s.school_id, s.message_key): s for settled in each if settled for s in settled.by}
            found[row] = Settled(row, tuple(by.values()))
    return found


def _failed(
    config: Config, store: Store, report: ReportConfig, year: int, as_of: dt.datetime
) -> frozenset[str]:
    """The schools whose registered or learned address sent mail that failed since the last season of the
    report closed, up to as_of."""
    senders = store.failed_senders(season_bounds(report, year - 1, config)[1], as_of)
    if not senders:
        return frozenset()
    learned = store.learned_addresses()
    return frozenset(
        school.id
        for school in config.schools
        if any(e.lower() in senders for e in school.emails)
        or any(learned.get(a) == school.id for a in senders)
    )


def school_deadline(deadline: dt.datetime, extension: Decision | None, tz: ZoneInfo) -> dt.datetime:
    """A school's own deadline: the report's, or the end of the day an extension in force gives it when
    that is later (the report's deadline, moved in the config past an extension given before, leaves that
    extension nothing to extend)."""
    if extension is None:
        return deadline
    assert extension.until is not None
    return max(deadline, last_second(extension.until, tz))


CLOCK_SKEW = dt.timedelta(days=1)
"""How far ahead of this machine's clock the mail server's stamps may be and still be believed."""


def present(store: Store, now: dt.datetime) -> dt.datetime:
    """The moment the present status is at: now, or the latest receipt recorded when the mail server
    stamped it after now (this machine's clock set back, or slow) by less than CLOCK_SKEW. The status
    at now would leave that mail out, and its school be told nothing came. A moment staff ask about
    (--as-of) is taken as given."""
    latest = store.latest_receipt()
    return latest if latest is not None and now < latest <= now + CLOCK_SKEW else now


def load(
    config: Config,
    store: Store,
    report_id: str | None,
    year: int | None,
    as_of: dt.datetime,
    unit: str | None = None,
) -> ReportStatus:
    """The status of one report and year at a moment; defaults: first report, the current season,
    every unit."""
    report = config.report(report_id) if report_id else config.reports[0]
    if year is None:
        year = current_season(report, as_of, config, store.years(report.id))
    return season_status(config, store, report, year, as_of, unit)


def _wrong_clock(line: str) -> str:
    """What an evidence line that warns of a mail whose Date cannot be its sending (WRONG_CLOCK) says of the
    Date, up to the «;» («Dòng Date ghi năm 1970: đồng hồ máy gửi sai»); empty for any other line."""
    said = line[line.find(_DATE_SAYS) :].partition(";")[0] if _DATE_SAYS in line else ""
    return said if said.endswith(f": {WRONG_CLOCK}") else ""
