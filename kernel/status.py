"""Who has reported: received, late or missing, per school, for one report and year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from kernel.config import Config, ReportConfig, SchoolConfig
from kernel.store import ReviewRow, Store, SubmissionRow

RECEIVED, LATE, MISSING = "received", "late", "missing"
LABELS = {RECEIVED: "Đã nộp", LATE: "Nộp muộn", MISSING: "Chưa nộp"}


@dataclass(frozen=True)
class SchoolStatus:
    school_id: str
    name: str
    status: str  # received | late | missing
    received_at: dt.datetime | None  # the first submission's receipt time
    sections_found: tuple[str, ...]  # from the latest submission
    sections_missing: tuple[str, ...]
    submissions: tuple[SubmissionRow, ...]

    @property
    def figures(self) -> dict[str, int]:
        """Key figures stated in the latest submission, by figure id."""
        if not self.submissions:
            return {}
        return {k: v["value"] for k, v in self.submissions[-1].figures.items()}

    @property
    def incomplete(self) -> bool:
        return self.status != MISSING and bool(self.sections_missing)


@dataclass(frozen=True)
class ReportStatus:
    report: ReportConfig
    year: int
    deadline: dt.datetime
    schools: tuple[SchoolStatus, ...]
    review: tuple[ReviewRow, ...]

    def count(self, status: str) -> int:
        return sum(1 for s in self.schools if s.status == status)


def deadline_of(report: ReportConfig, year: int, tz: ZoneInfo) -> dt.datetime:
    """The last second of the deadline day in the district's timezone."""
    return dt.datetime(year, report.deadline_month, report.deadline_day, 23, 59, 59, tzinfo=tz)


def report_status(
    report: ReportConfig,
    year: int,
    schools: Sequence[SchoolConfig],
    submissions: Sequence[SubmissionRow],
    review: Sequence[ReviewRow],
    tz: ZoneInfo,
) -> ReportStatus:
    deadline = deadline_of(report, year, tz)
    by_school: dict[str, list[SubmissionRow]] = {}
    for sub in submissions:
        if sub.report_id == report.id and sub.year == year:
            by_school.setdefault(sub.school_id, []).append(sub)
    rows = []
    for school in schools:
        subs = sorted(by_school.get(school.id, []), key=lambda s: s.received_at)
        if not subs:
            rows.append(SchoolStatus(school.id, school.name, MISSING, None, (), (), ()))
            continue
        first, latest = subs[0], subs[-1]
        status = RECEIVED if first.received_at <= deadline else LATE
        rows.append(
            SchoolStatus(
                school.id,
                school.name,
                status,
                first.received_at,
                latest.sections_found,
                latest.sections_missing,
                tuple(subs),
            )
        )
    pending = tuple(r for r in review if r.report_id in (None, report.id) and r.year in (None, year))
    return ReportStatus(report, year, deadline, tuple(rows), pending)


def load(
    config: Config, store: Store, report_id: str | None, year: int | None, now: dt.datetime
) -> ReportStatus:
    """The status of one report and year from the store; defaults: first report, latest season begun."""
    report = config.report(report_id) if report_id else config.reports[0]
    if year is None:
        # The latest season that has begun: a report dated next year by mistake must not hide this one.
        this_year = now.astimezone(config.district.timezone).year
        year = max((y for y in store.years(report.id) if y <= this_year), default=this_year)
    return report_status(
        report,
        year,
        config.schools,
        store.submissions(report_id=report.id, year=year),
        store.reviews(report_id=report.id, year=year),
        config.district.timezone,
    )
