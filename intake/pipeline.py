"""One message in, one recorded outcome out: archive, parse, classify, match, find sections.

Never touches the network. Re-running it on the same bytes replaces what it recorded before,
so a re-scan never duplicates anything; staff decisions (assign/reject) are honoured.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from intake import message as message_mod
from intake.archive import Archive, key_of
from intake.classify import classify
from intake.config import Config, ReportConfig
from intake.errors import IntakeError, MessageError
from intake.matching import Assignment, MatchResult, match
from intake.readings import read_cached
from intake.registry import Registry
from intake.store import MessageRow, ReviewRow, Store, SubmissionRow
from parsers import read
from parsers.document import Document, Failure, Limits
from parsers.errors import ParseError
from parsers.figures import find_figures
from parsers.sections import find_sections

log = logging.getLogger(__name__)

PENDING, REPORT, NOISE, REVIEW, FAILED, REJECTED = (
    "pending",
    "report",
    "noise",
    "review",
    "failed",
    "rejected",
)
MIN_OCR_CONFIDENCE = 60.0


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Runtime:
    """What the pipeline works with; built once per command from the config."""

    config: Config
    store: Store
    archive: Archive
    clock: Callable[[], dt.datetime] = utc_now
    limits: Limits = field(default_factory=Limits)
    min_ocr_confidence: float = MIN_OCR_CONFIDENCE  # below it a scan's reading waits for staff

    @classmethod
    def open(cls, config: Config, clock: Callable[[], dt.datetime] = utc_now) -> Runtime:
        return cls(config, Store.open(config.storage.database), Archive(Path(config.storage.archive)), clock)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Runtime:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(frozen=True)
class Outcome:
    key: str
    message_id: str
    state: str
    reason: str
    new: bool  # False when the message had already been processed and was left as it was
    submissions: tuple[SubmissionRow, ...] = ()
    reviews: tuple[ReviewRow, ...] = ()


def process(
    rt: Runtime, raw: bytes, *, received_at: dt.datetime, source: str, force: bool = False
) -> Outcome:
    """Archive then interpret one message. Already-processed messages are skipped unless force."""
    key = rt.archive.put(raw)
    known = rt.store.message(key)
    if known is not None and known.state not in (PENDING, FAILED) and not force:
        return Outcome(key, known.message_id, known.state, known.reason, new=False)
    base = _row(rt, key, known, source, received_at)
    pending = dataclasses.replace(base, state=PENDING, attempts=base.attempts + 1)
    rt.store.save_message(pending)
    try:
        mail = message_mod.parse(raw, fallback_id=f"{key[:24]}@baocao.invalid")
    except MessageError as e:
        return _record(rt, pending, FAILED, f"Thư không đọc được: {e}", (), ())
    pending = dataclasses.replace(
        pending, message_id=mail.message_id, sender=mail.sender, subject=mail.subject
    )
    return _interpret(rt, pending, mail, pending.received_at)


def reprocess(rt: Runtime, key: str) -> Outcome:
    """Run an archived message through the current config and code again."""
    row = rt.store.message(key)
    raw = rt.archive.get(key)
    received_at = row.received_at if row else rt.clock()
    return process(rt, raw, received_at=received_at, source=row.source if row else "archive", force=True)


def record_failure(
    rt: Runtime, raw: bytes, *, received_at: dt.datetime, source: str, error: BaseException
) -> Outcome:
    """Record an unexpected error for a message so that a re-scan retries it."""
    key = key_of(raw)
    rt.archive.put(raw)
    base = _row(rt, key, rt.store.message(key), source, received_at)
    row = dataclasses.replace(
        base,
        state=FAILED,
        attempts=max(base.attempts, 1),
        reason=_failure_reason(error),
        detail="".join(traceback.format_exception(error)),
    )
    rt.store.record_outcome(row, (), ())
    log.error("message %s (%s) failed: %r", row.message_id, key[:12], error)
    return Outcome(key, row.message_id, FAILED, row.reason, new=True)


def _failure_reason(error: BaseException) -> str:
    """What staff read about an unexpected error: Vietnamese and never empty (the log has the rest)."""
    if isinstance(error, MemoryError):
        return (
            "Thư quá lớn hoặc quá phức tạp, máy chủ không đủ bộ nhớ để đọc. "
            "Đề nghị trường gửi lại thư với ít tệp hơn hoặc tệp nhỏ hơn."
        )
    if isinstance(error, RecursionError):
        return (
            "Thư có cấu trúc lồng nhau quá sâu, không đọc được. "
            "Đề nghị trường gửi lại thư, đính kèm trực tiếp các tệp báo cáo."
        )
    if isinstance(error, IntakeError | ParseError) and str(error).strip():  # their messages are Vietnamese
        return f"Lỗi khi xử lý thư: {error}"
    if isinstance(error, OSError):
        return (
            "Lỗi đọc hoặc ghi tệp trên máy chủ khi xử lý thư (ổ đĩa đầy hoặc thiếu quyền). "
            "Sau khi khắc phục, chạy lại bằng lệnh baocao rescan."
        )
    return (
        "Lỗi chương trình khi đọc thư này; thư gốc vẫn được lưu. Báo người quản trị kèm mã thư để sửa, "
        "sau đó chạy lại bằng lệnh baocao rescan."
    )


def _row(
    rt: Runtime, key: str, known: MessageRow | None, source: str, received_at: dt.datetime
) -> MessageRow:
    """The message's row as known so far; the first receipt time is the one that counts."""
    if known is not None:
        return dataclasses.replace(known, source=source, updated_at=rt.clock())
    return MessageRow(key, key[:24], source, "", "", received_at, PENDING, "", "", 0, rt.clock())


def _interpret(rt: Runtime, row: MessageRow, mail: message_mod.Mail, received_at: dt.datetime) -> Outcome:
    documents, failures = _read_all(rt, mail)
    config = rt.config
    verdict = classify(mail, documents, config.reports, received_at)
    decision = rt.store.decision(row.key)
    if decision is not None and decision[0] == "reject":
        return _record(rt, row, REJECTED, "Cán bộ phòng đã loại thư này khỏi danh sách báo cáo.", (), ())
    if not verdict.is_report and decision is None:
        if verdict.needs_staff:
            school = Registry.build(config.schools, rt.store.learned_addresses()).by_address(mail.sender)
            candidates = (school.id,) if school else ()
            return _record(
                rt,
                row,
                REVIEW,
                verdict.reason,
                (),
                (_review(row, mail, None, None, verdict.reason, candidates, documents),),
                mail.warnings,
            )
        return _record(rt, row, NOISE, verdict.reason, (), (), mail.warnings)
    assigned = decision[1] if decision is not None and decision[0] == "assign" else None
    if not documents and failures and not assigned:  # staff may accept a report they got another way
        reasons = "; ".join(f"{f.name}: {f.reason}" for f in failures)
        return _record(rt, row, FAILED, f"Không đọc được tệp đính kèm nào. {reasons}", (), (), mail.warnings)
    report = config.report(verdict.report_id) if verdict.report_id else config.reports[0]
    year = verdict.year or received_at.astimezone(config.district.timezone).year
    if assigned:
        result = MatchResult(
            (Assignment(assigned, tuple(d.name for d in documents), ("Cán bộ phòng đã gán thủ công.",)),)
        )
    else:
        registry = Registry.build(config.schools, rt.store.learned_addresses())
        result = match(mail, documents, registry)
        result = _check_ocr(result, documents, rt.min_ocr_confidence)
    subs = tuple(_submission(row, mail, report, year, a, documents, failures) for a in result.assignments)
    revs: tuple[ReviewRow, ...] = ()
    if result.review_reason:
        revs = (_review(row, mail, report.id, year, result.review_reason, result.candidates, documents),)
    state = REVIEW if revs and not subs else REPORT
    reason = result.review_reason or "; ".join(r for a in result.assignments for r in a.reasons)
    return _record(rt, row, state, reason, subs, revs, mail.warnings)


def _review(
    row: MessageRow,
    mail: message_mod.Mail,
    report_id: str | None,
    year: int | None,
    reason: str,
    candidates: tuple[str, ...],
    documents: Sequence[Document],
) -> ReviewRow:
    return ReviewRow(
        message_key=row.key,
        message_id=mail.message_id,
        report_id=report_id,
        year=year,
        sender=mail.sender,
        subject=mail.subject,
        received_at=row.received_at,
        reason=_noted(reason, mail.warnings),
        candidates=candidates,
        files=tuple(d.name for d in documents),
    )


def _read_all(rt: Runtime, mail: message_mod.Mail) -> tuple[list[Document], list[Failure]]:
    """Every attachment read (a forwarded message's too) and the body when it holds the report."""
    documents: list[Document] = []
    failures: list[Failure] = []
    for att in mail.attachments:
        if att.content_type == "message/rfc822":
            try:
                inner = message_mod.parse(att.data, fallback_id="inner")
            except MessageError:
                continue
            inner_documents, inner_failures = _read_all(rt, inner)
            documents.extend(inner_documents)
            failures.extend(inner_failures)
            continue
        reading = read_cached(rt.store, att.name, att.data, rt.limits, rt.clock())
        documents.extend(reading.documents)
        failures.extend(reading.failures)
    body = read.read_body(mail.own_body)
    if body is not None:
        documents.append(body)
    return documents, failures


def _check_ocr(result: MatchResult, documents: Sequence[Document], threshold: float) -> MatchResult:
    """A poorly read scan may hide the wrong school or missing sections: let staff look."""
    weak = [d for d in documents if d.ocr_confidence is not None and d.ocr_confidence < threshold]
    if not weak or result.review_reason:
        return result
    names = ", ".join(f"{d.name} ({d.ocr_confidence:.0f}%)" for d in weak)
    return MatchResult(
        (),
        f"Bản quét khó đọc, độ tin cậy nhận dạng chữ thấp: {names}. Cần cán bộ kiểm tra.",
        tuple(a.school_id for a in result.assignments),
    )


def _submission(
    row: MessageRow,
    mail: message_mod.Mail,
    report: ReportConfig,
    year: int,
    assignment: Assignment,
    documents: Sequence[Document],
    failures: Sequence,
) -> SubmissionRow:
    own = [d for d in documents if d.name in assignment.files] or list(documents)
    text = "\n\n".join(d.text for d in own)
    sections = find_sections(text, report.sections)
    figures = find_figures(text, report.figures)
    evidence = list(assignment.reasons)
    evidence.extend(f"Không đọc được {f.name}: {f.reason}" for f in failures)
    evidence.extend(f"Cảnh báo khi đọc thư: {w}" for w in mail.warnings)
    return SubmissionRow(
        message_key=row.key,
        message_id=mail.message_id,
        report_id=report.id,
        year=year,
        school_id=assignment.school_id,
        received_at=row.received_at,
        sender=mail.sender,
        files=tuple(d.name for d in own),
        sections_found=tuple(s.id for s in sections.found),
        sections_missing=sections.missing,
        figures={f.id: {"value": f.value, "sentence": f.sentence} for f in figures},
        evidence=tuple(evidence),
    )


def _record(
    rt: Runtime,
    row: MessageRow,
    state: str,
    reason: str,
    subs: tuple[SubmissionRow, ...],
    revs: tuple[ReviewRow, ...],
    warnings: Sequence[str] = (),
) -> Outcome:
    reason = _noted(reason, warnings)
    final = dataclasses.replace(row, state=state, reason=reason, detail="", updated_at=rt.clock())
    rt.store.record_outcome(final, subs, revs)
    log.info("message %s (%s): %s %s", final.message_id, final.key[:12], state, reason)
    return Outcome(final.key, final.message_id, state, reason, True, subs, revs)


def _noted(reason: str, warnings: Sequence[str]) -> str:
    """A reason followed by what the message reader had to work around, for staff to see."""
    if not warnings:
        return reason
    lead = f"{reason.rstrip('. ')}. " if reason.strip() else ""
    return f"{lead}Cảnh báo khi đọc thư: {' '.join(warnings)}"


@dataclass
class Tally:
    """Counts of outcomes over a run, for the one-line summary staff read."""

    new: int = 0
    reports: int = 0
    review: int = 0
    failed: int = 0
    noise: int = 0
    skipped: int = 0

    def add(self, outcome: Outcome) -> None:
        if not outcome.new:
            self.skipped += 1
            return
        self.new += 1
        if outcome.state == REPORT:
            self.reports += 1
        elif outcome.state == REVIEW:
            self.review += 1
        elif outcome.state == FAILED:
            self.failed += 1
        else:
            self.noise += 1

    def line(self) -> str:
        text = (
            f"Đã xử lý {self.new} thư mới: {self.reports} báo cáo được ghi nhận, "
            f"{self.review} cần xem xét, {self.failed} lỗi, {self.noise} không phải báo cáo."
        )
        if self.skipped:
            text += f" Bỏ qua {self.skipped} thư đã xử lý trước đó."
        return text

    def rescan_line(self) -> str:
        return (
            f"Đã xử lý lại {self.new} thư: {self.reports} báo cáo được ghi nhận, "
            f"{self.review} cần xem xét, {self.failed} lỗi, {self.noise} không phải báo cáo."
        )
