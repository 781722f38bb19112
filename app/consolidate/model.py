"""The consolidated report as data: counts, totals, each school's figures with their sources, remarks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from kernel.export import Elsewhere
from kernel.status import SchoolState, by_extension_only
from parsers.document import Document

EXEMPT = SchoolState.EXEMPT  # counted apart from the schools required to report

DoubtKind = Literal[
    "not_found",
    "headcount",
    "outlier",
    "copy",
    "several",
    "year",
    "added",
    "reverted",
    "range",
    "estimate",
    "summed",
    "campuses",
    "negative",
    "correction",
    "unread_fix",
]
RemarkKind = Literal["difficulty", "proposal"]


@dataclass(frozen=True)
class SubmissionText:
    """The documents a school's submission was read from, or why they could not be read again."""

    documents: tuple[Document, ...] = ()
    problem: str = ""  # Vietnamese, for staff


@dataclass(frozen=True)
class Source:
    """Where a value or a remark comes from: the school, its message, the file and the sentence."""

    school_id: str
    message_id: str
    message_key: str
    received_at: dt.datetime
    file: str  # the document holding the sentence; the submission's files when it cannot be told
    sentence: str  # empty when the value was not found


@dataclass(frozen=True)
class Doubt:
    """Why a value is not summed until a person has checked it."""

    kind: DoubtKind
    reason: str  # Vietnamese, for staff


@dataclass(frozen=True)
class FigureValue:
    """One school's value of one key figure, from its latest submission."""

    figure_id: str
    school_id: str
    value: int | None  # None when the report does not state it
    source: Source
    doubts: tuple[Doubt, ...] = ()

    @property
    def counted(self) -> bool:
        """True when the value goes into the total: found, and nothing doubtful about it."""
        return self.value is not None and not self.doubts


@dataclass(frozen=True)
class FigureTotal:
    """A key figure summed over the schools whose value is counted."""

    figure_id: str
    title: str
    total: int
    counted: int  # how many schools the total adds up
    left_out: tuple[FigureValue, ...]  # reporting schools whose value is doubtful or missing


@dataclass(frozen=True)
class SchoolEntry:
    """One school of the roster: how it reported and, when it did, its figures."""

    school_id: str
    name: str
    short_name: str  # "TH Bình Thạnh 1", for lists in running text
    status: str  # received | late | missing | exempt
    received_at: dt.datetime | None  # the first submission: the one that decides on time or late
    latest_at: dt.datetime | None  # the submission the figures and remarks come from
    submissions: int
    days_late: int | None
    figures: tuple[FigureValue, ...]  # in the report's figure order; empty when nothing was received
    # For a school counted as not reporting: the paper copy the office received, "đã nhận bản giấy ngày
    # 20/10/2021 (Lê Thị Thu)"; "" when none. Its figures are not in the draft.
    paper: str = ""
    paper_on: dt.date | None = None
    # For a school whose mail came but could not be read: why, as the school was told; "" otherwise.
    unreadable: str = ""
    # For a reporting school: mail it sent after the report counted that could not be read (perhaps a
    # correction), when it came and why; the figures are the earlier report's.
    resent_unreadable: tuple[dt.datetime, str] | None = None
    # The last day of the extension staff granted the school (`baocao extend`), if any: on time and late
    # are judged by it, and days_late counts from it.
    extended_to: dt.date | None = None
    # For a school exempted this season that sent a readable report all the same: when the first came.
    # Its figures and remarks are not in the draft.
    exempt_sent: dt.datetime | None = None
    # For a reporting school: where its counted report came when another unit than the one collecting it
    # this season received it (kernel.export.elsewhere_of), as the status and the digest note it.
    elsewhere: Elsewhere | None = None

    @property
    def reported(self) -> bool:
        return self.status in (SchoolState.RECEIVED, SchoolState.LATE)


@dataclass(frozen=True)
class Remark:
    """A difficulty or a proposal, merged over the schools that raised it in near-identical words."""

    kind: RemarkKind
    text: str
    school_ids: tuple[str, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Unread:
    """A submission whose text could not be read again, so its remarks are missing from the draft."""

    school_id: str
    message_id: str
    reason: str


@dataclass(frozen=True)
class Awaiting:
    """Mail of a school that waits for staff, which they read before the draft is signed: of a school
    counted as not reporting, mail not held as its report (a note that the report went by Zalo or on
    paper, a report of part of the year); of a reporting school, mail after its report (a correction)."""

    school_id: str
    message_id: str
    received_at: dt.datetime
    subject: str


@dataclass(frozen=True)
class Held:
    """A report of a school counted as not reporting that its sender asked to cancel ("gửi nhầm file, xin
    Phòng hủy giúp", kernel.status.Withheld): not counted until staff decide about it or the note."""

    school_id: str
    message_id: str  # the report held
    received_at: dt.datetime
    note_id: str  # the note asking to cancel it
    note_at: dt.datetime


@dataclass(frozen=True)
class OtherSeason:
    """A report a school counted as not reporting sent during this season but counted for another year
    (its paper states that year): last year's file sent by mistake, or last year's report sent late."""

    school_id: str
    message_id: str
    received_at: dt.datetime
    year: int


@dataclass(frozen=True)
class Issuer:
    """The office as the document header names it."""

    parent: str  # "UBND HUYỆN THỦ THỪA", or "" when the name has no locality
    name: str  # "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"
    full: str  # "Phòng Giáo dục và Đào tạo huyện Thủ Thừa"


@dataclass(frozen=True)
class Consolidated:
    """Everything the office's report says, each number with the sources behind it."""

    report_id: str
    report_title: str
    subject: str  # the summary under "BÁO CÁO": "Kết quả triển khai ... năm 2021"
    year: int
    deadline: dt.datetime
    as_of: dt.datetime | None  # only submissions received by then count; None: all
    issuer: Issuer
    schools: tuple[SchoolEntry, ...]
    totals: tuple[FigureTotal, ...]
    difficulties: tuple[Remark, ...]
    proposals: tuple[Remark, ...]
    unread: tuple[Unread, ...]
    # Schools counted as not reporting whose report may be mail waiting for staff in `baocao review`.
    in_review: tuple[str, ...] = ()
    # Reports of schools counted as not reporting that their senders asked to cancel (see Held).
    held: tuple[Held, ...] = ()
    # Other mail of schools counted as not reporting that waits for staff this season (see Awaiting).
    awaiting: tuple[Awaiting, ...] = ()
    # Mail of reporting schools waiting for staff that came after the report counted (see Awaiting).
    review_after: tuple[Awaiting, ...] = ()
    # Reports of another year that schools counted as not reporting sent during this season.
    other_season: tuple[OtherSeason, ...] = ()
    # The day the deadline was moved to for every school owing the report (`baocao extend --all`,
    # kernel.status.ReportStatus.moved_to): said once, not beside each school; None when not moved.
    moved_to: dt.date | None = None
    # False when the report configures no sections ([[reports.sections]]): no school's difficulties or
    # proposals were read, so the draft says they were not summarised, never that no school stated any.
    remarks_read: bool = True

    def with_status(self, *statuses: str) -> tuple[SchoolEntry, ...]:
        return tuple(s for s in self.schools if s.status in statuses)

    @property
    def required(self) -> tuple[SchoolEntry, ...]:
        return tuple(s for s in self.schools if s.status != EXEMPT)

    @property
    def reporting(self) -> tuple[SchoolEntry, ...]:
        return self.with_status(SchoolState.RECEIVED, SchoolState.LATE)

    @property
    def on_time(self) -> tuple[SchoolEntry, ...]:
        """The schools on time by the report's deadline; those on time only by their extension are apart."""
        extended = {s.school_id for s in self.on_time_extended}
        return tuple(s for s in self.with_status(SchoolState.RECEIVED) if s.school_id not in extended)

    @property
    def on_time_extended(self) -> tuple[SchoolEntry, ...]:
        """The schools on time only by their extension: their first report came after the deadline."""
        return tuple(
            s
            for s in self.with_status(SchoolState.RECEIVED)
            if s.extended_to is not None and by_extension_only(s.received_at, self.deadline)
        )

    def own_extension(self, school: SchoolEntry) -> dt.date | None:
        """The school's own extension, to say beside it: none when it is the one every school has."""
        return school.extended_to if school.extended_to != self.moved_to else None

    @property
    def late(self) -> tuple[SchoolEntry, ...]:
        return self.with_status(SchoolState.LATE)

    @property
    def missing(self) -> tuple[SchoolEntry, ...]:
        # nothing readable came, or only another paper sent by mistake
        return self.with_status(SchoolState.MISSING, SchoolState.UNREADABLE, SchoolState.WRONG_PAPER)

    @property
    def exempt(self) -> tuple[SchoolEntry, ...]:
        return self.with_status(EXEMPT)

    @property
    def checks(self) -> tuple[FigureValue, ...]:
        """Every value of a reporting school that is not summed: doubtful or not found."""
        return tuple(f for s in self.reporting for f in s.figures if not f.counted)

    @property
    def resent_unreadable(self) -> tuple[SchoolEntry, ...]:
        """The reporting schools whose later mail, perhaps a correction, could not be read."""
        return tuple(s for s in self.reporting if s.resent_unreadable)

    @property
    def sent_unreadable(self) -> tuple[SchoolEntry, ...]:
        """The schools counted as not reporting because nothing they sent could be read."""
        return tuple(s for s in self.missing if s.unreadable)

    @property
    def exempt_reporting(self) -> tuple[SchoolEntry, ...]:
        """The exempted schools that sent a readable report all the same, which the draft leaves out."""
        return tuple(s for s in self.exempt if s.exempt_sent is not None)

    @property
    def received_elsewhere(self) -> tuple[SchoolEntry, ...]:
        """The reporting schools whose counted report another unit than the season's received."""
        return tuple(s for s in self.reporting if s.elsewhere is not None)

    @property
    def on_paper(self) -> tuple[SchoolEntry, ...]:
        """The schools counted as not reporting whose paper copy the office received."""
        return tuple(s for s in self.missing if s.paper)

    def school(self, school_id: str) -> SchoolEntry:
        return next(s for s in self.schools if s.school_id == school_id)

    def title_of(self, figure_id: str) -> str:
        return next(t.title for t in self.totals if t.figure_id == figure_id)
