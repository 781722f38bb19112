"""Reads what the consolidated report needs from the store and the archive, then builds it."""

from __future__ import annotations

import datetime as dt
import logging

from app.consolidate.build import TextKey, consolidate, peer_values, remark_sources, text_key
from app.consolidate.errors import NoSchoolsError, NotBegunError
from app.consolidate.model import Consolidated, SubmissionText
from intake import papers
from intake.errors import IntakeError
from kernel import export
from kernel import status as status_mod
from kernel.errors import StoreError
from kernel.runtime import Runtime
from kernel.seasons import season_bounds
from kernel.status import ReportStatus, SchoolState
from kernel.timefmt import local_date
from scheduler.plan import first_mail_day

log = logging.getLogger(__name__)


def draft(
    rt: Runtime,
    report_id: str | None,
    year: int | None,
    as_of: dt.datetime | None = None,
    unit: str | None = None,
) -> Consolidated:
    """The consolidated report of one report and year (defaults as for `baocao status`).

    With as_of, only submissions received by that moment count: a school that reported later is
    missing, and a school that sent a correction later is read from the version it had sent by then.
    With unit, the report of that collecting unit: its schools on the deadline day, in its name; their
    figures are compared with all the office's schools for outliers (a commune may have three schools).
    Raises NoSchoolsError when no school had to report to it that season, NotBegunError when the season
    had not begun by then and no school had sent anything.
    """
    status = status_as_of(rt, report_id, year, as_of, unit)
    office = rt.config.unit(unit).name if unit is not None else rt.config.district.name
    if not status.schools:
        tz = rt.config.district.timezone
        raise NoSchoolsError(
            f"{office} không thu báo cáo «{status.report.title}» năm {status.year} của trường nào: không trường "
            f"nào thuộc đơn vị vào hạn nộp {local_date(status.deadline, tz)} (đơn vị đã giải thể, sáp nhập hoặc "
            "chưa nhận trường nào). Không có gì để tổng hợp; kiểm tra lại --unit và --year."
        )
    if status.opens is not None and not any(s.submissions for s in status.schools):
        # a year typed one too far (2027 for 2026) would write a draft of 0 reports without a word
        tz = rt.config.district.timezone
        raise NotBegunError(
            f"đợt báo cáo «{status.report.title}» năm {status.year} chưa bắt đầu (thư nhắc gửi từ "
            f"{local_date(first_mail_day(status.report, status.year, rt.config), None)}, hạn nộp hết ngày "
            f"{local_date(status.deadline, tz)}) và chưa trường nào "
            "gửi báo cáo: chưa có gì để tổng hợp; kiểm tra lại --year (và --as-of)."
        )
    start, end = season_bounds(status.report, status.year, rt.config)
    return consolidate(
        status,
        read_texts(rt, status),
        corrections=read_corrections(rt, status),
        office=office,
        schools=rt.config.schools,
        as_of=as_of,
        season=(start, end),
        peers=None if unit is None else peer_values(status_as_of(rt, status.report.id, status.year, as_of)),
        elsewhere={
            s.school_id: found
            for s in status.schools
            if (found := export.elsewhere_of(status, rt.config, s)) is not None
        },
    )


def status_as_of(
    rt: Runtime,
    report_id: str | None,
    year: int | None,
    as_of: dt.datetime | None,
    unit: str | None = None,
) -> ReportStatus:
    """The status table at as_of (default now): only what had been received by then counts."""
    return status_mod.load(
        rt.config, rt.store, report_id, year, as_of or status_mod.present(rt.store, rt.clock()), unit
    )


def read_texts(rt: Runtime, status: ReportStatus) -> dict[TextKey, SubmissionText]:
    """The documents of each reporting school's latest submission (and of any earlier one a key figure or
    a section of remarks is taken from), read again through the parse cache.

    Reading the archived message again (rather than storing every section's text with the
    submission) keeps the store as it is and reads exactly what intake read: the parse cache
    makes it a JSON lookup unless the parsers changed since.
    """
    texts: dict[TextKey, SubmissionText] = {}
    for school in status.schools:
        latest = school.current  # the latest readable submission: the one the status counts
        if latest is None or school.status not in (SchoolState.RECEIVED, SchoolState.LATE):
            continue
        # An earlier submission whose figure or section a supplement left out is read too.
        stating = (school.stating(spec.id) for spec in status.report.figures)
        remarking = (sub for sub, _ in remark_sources(school, status.report.sections))
        for sub in {text_key(s): s for s in (latest, *stating, *remarking) if s is not None}.values():
            try:
                texts[text_key(sub)] = SubmissionText(tuple(papers.submission_documents(rt, sub)))
            except (IntakeError, StoreError) as e:  # no longer parses, or its original left the archive
                log.warning("message %s (%s): text not read again: %s", sub.message_id, school.school_id, e)
                texts[text_key(sub)] = SubmissionText(problem=str(e))
    return texts


def read_corrections(rt: Runtime, status: ReportStatus) -> dict[str, str]:
    """Message key -> the sentence correcting a report sent before, for the mail with no file waiting for
    staff from schools that reported (a correction is written in the mail: "đính chính: số buổi tuyên
    truyền là 12, không phải 21"), read again from the archive."""
    reporting = {s.school_id for s in status.schools if s.status in (SchoolState.RECEIVED, SchoolState.LATE)}
    said: dict[str, str] = {}
    for row in status.review:
        if row.files or row.report_id not in (None, status.report.id) or not reporting & set(row.candidates):
            continue
        try:
            sentence = papers.correction_said(rt, row)
        except (IntakeError, StoreError) as e:
            log.warning("message %s: not read again for a correction: %s", row.message_id, e)
            continue
        if sentence:
            said[row.message_key] = sentence
    return said
