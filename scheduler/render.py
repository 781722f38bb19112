"""Renders the Vietnamese mails from editable jinja2 templates: text, HTML, and the digest's table file.

Each .txt template starts with a line "Tiêu đề: ..." (the subject), then a blank line, then the body.
Templates in [scheduler].templates are used before the shipped ones in scheduler/templates/.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import jinja2
from openpyxl import Workbook
from openpyxl.styles import Font
from tabulate import tabulate

from kernel.config import Config, ReportConfig, SchoolConfig
from kernel.status import LABELS, LATE, MISSING, RECEIVED, ReportStatus, SchoolStatus, deadline_of
from kernel.store import SubmissionRow
from scheduler.errors import TemplateError

SUBJECT_PREFIX = "Tiêu đề:"
WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TABLE_HEADERS = [
    "STT",
    "Mã trường",
    "Trường",
    "Tình trạng",
    "Nhận lúc",
    "Phần còn thiếu",
    "Số lần gửi",
    "Địa chỉ thư",
]


@dataclass(frozen=True)
class Digest:
    subject: str
    text: str
    html: str
    filename: str
    content_type: str
    table: bytes


class Renderer:
    """Holds the template environment for one config; every method is pure given the templates."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.tz = config.district.timezone
        loaders: list[jinja2.BaseLoader] = []
        if config.scheduler.templates is not None:
            loaders.append(jinja2.FileSystemLoader(config.scheduler.templates))
        loaders.append(jinja2.PackageLoader("scheduler", "templates"))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=jinja2.select_autoescape(["html"]),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["ngay"] = self.date
        self.env.filters["luc"] = self.moment
        self.env.filters["thu"] = lambda when: WEEKDAYS[when.astimezone(self.tz).weekday()]
        self.env.filters["lower_first"] = lambda text: text[:1].lower() + text[1:]

    # -- formatting helpers, also filters in the templates -----------------------------------------

    def date(self, when: dt.datetime | dt.date) -> str:
        if isinstance(when, dt.datetime):
            when = when.astimezone(self.tz)
        return f"{when.day:02d}/{when.month:02d}/{when.year}"

    def moment(self, when: dt.datetime) -> str:
        local = when.astimezone(self.tz)
        return f"{local:%H:%M} ngày {self.date(local)}"

    def _sections(self, report: ReportConfig, ids: Sequence[str]) -> list[str]:
        titles = {s.id: s.title for s in report.sections}
        return [titles.get(i, i) for i in ids]

    def _render(self, name: str, **context: Any) -> str:
        try:
            template = self.env.get_template(name)
            return template.render(district=self.config.district, mailbox=self.mailbox, **context)
        except jinja2.TemplateNotFound as e:
            raise TemplateError(f"không tìm thấy mẫu thư {name} trong {self._where()}") from e
        except jinja2.TemplateError as e:
            raise TemplateError(f"mẫu thư {name} ({self._where()}) bị lỗi: {e}") from e

    def _where(self) -> str:
        shipped = "scheduler/templates"
        own = self.config.scheduler.templates
        return f"{own} hoặc {shipped}" if own else shipped

    def _split(self, name: str, rendered: str) -> tuple[str, str]:
        first, _, body = rendered.partition("\n")
        if not first.startswith(SUBJECT_PREFIX):
            raise TemplateError(
                f'mẫu thư {name} phải bắt đầu bằng dòng "{SUBJECT_PREFIX} ..." ghi tiêu đề thư'
            )
        return " ".join(first[len(SUBJECT_PREFIX) :].split()), body.lstrip("\n")

    @property
    def mailbox(self) -> str:
        smtp = self.config.smtp
        if smtp is not None:
            return smtp.sender
        return self.config.district.staff_emails[0] if self.config.district.staff_emails else ""

    def _common(self, status: ReportStatus, now: dt.datetime) -> dict[str, Any]:
        deadline_day = status.deadline.date()
        return {
            "report": status.report,
            "year": status.year,
            "deadline": status.deadline,
            "now": now,
            "days_left": (deadline_day - now.astimezone(self.tz).date()).days,
            "sections": [s.title for s in status.report.sections],
        }

    # -- the mails ---------------------------------------------------------------------------------

    def reminder(
        self, status: ReportStatus, school: SchoolStatus, now: dt.datetime, *, overdue: bool
    ) -> tuple[str, str]:
        name = "reminder.txt"
        text = self._render(name, school=school, overdue=overdue, **self._common(status, now))
        return self._split(name, text)

    def missing(self, status: ReportStatus, now: dt.datetime) -> tuple[str, str]:
        emails = {s.id: s.emails for s in self.config.schools}
        rows = [
            [n, s.name, ", ".join(emails.get(s.school_id, ())) or "(chưa có địa chỉ)"]
            for n, s in enumerate(_with(status, MISSING), 1)
        ]
        table = tabulate(rows, headers=["STT", "Trường", "Địa chỉ thư"])
        name = "missing.txt"
        text = self._render(
            name, table=table, count=len(rows), total=len(status.schools), **self._common(status, now)
        )
        return self._split(name, text)

    def digest(self, status: ReportStatus, now: dt.datetime) -> Digest:
        report = status.report
        emails = {s.id: s.emails for s in self.config.schools}
        incomplete = [s for s in status.schools if s.incomplete]
        counts = {
            "expected": len(status.schools),
            "received": status.count(RECEIVED) + status.count(LATE),
            "on_time": status.count(RECEIVED),
            "late": status.count(LATE),
            "missing": status.count(MISSING),
            "incomplete": len(incomplete),
            "review": len(status.review),
        }
        lists = {
            "missing": [[s.name, ", ".join(emails.get(s.school_id, ()))] for s in _with(status, MISSING)],
            "late": [
                [s.name, self.moment(s.received_at), _days_late(s, status)]
                for s in _with(status, LATE)
                if s.received_at is not None
            ],
            "incomplete": [
                [s.name, ", ".join(self._sections(report, s.sections_missing))] for s in incomplete
            ],
            "review": [[r.sender, r.subject, self.moment(r.received_at), r.reason] for r in status.review],
        }
        headers = {
            "counts": ["Nội dung", "Số trường"],
            "missing": ["STT", "Trường", "Địa chỉ thư"],
            "late": ["STT", "Trường", "Nhận lúc", "Số ngày muộn"],
            "incomplete": ["STT", "Trường", "Phần còn thiếu"],
            "review": ["STT", "Người gửi", "Tiêu đề thư", "Nhận lúc", "Lý do cần xem xét"],
        }
        count_rows = [
            ["Số trường phải nộp", counts["expected"]],
            ["Đã nhận", counts["received"]],
            ["Trong đó đúng hạn", counts["on_time"]],
            ["Trong đó nộp muộn", counts["late"]],
            ["Chưa nộp", counts["missing"]],
            ["Thiếu nội dung", counts["incomplete"]],
            ["Thư chờ xem xét", counts["review"]],
        ]
        tables = {"counts": tabulate(count_rows, headers=headers["counts"])}
        for name, rows in lists.items():
            numbered = [[n, *row] for n, row in enumerate(rows, 1)]
            tables[name] = tabulate(numbered, headers=headers[name]) if rows else ""
        full = self._full_table(status)
        context = {
            **self._common(status, now),
            "counts": counts,
            "count_rows": count_rows,
            "lists": lists,
            "headers": headers,
            "tables": tables,
        }
        fmt = self.config.scheduler.digest_format
        filename = f"tinh-hinh-{report.id}-{status.year}-{now.astimezone(self.tz):%Y%m%d}.{fmt}"
        context["filename"] = filename
        subject, text = self._split("digest.txt", self._render("digest.txt", **context))
        html = self._render("digest.html", subject=subject, **context)
        if fmt == "csv":
            return Digest(subject, text, html, filename, "text/csv", _csv(full))
        return Digest(subject, text, html, filename, XLSX, _xlsx(full, report, status.year, now))

    def ack(
        self, report: ReportConfig, school: SchoolConfig, sub: SubmissionRow, original_subject: str
    ) -> tuple[str, str]:
        deadline = deadline_of(report, sub.year, self.tz)
        name = "ack.txt"
        text = self._render(
            name,
            report=report,
            year=sub.year,
            school=school,
            submission=sub,
            original_subject=original_subject,
            deadline=deadline,
            on_time=sub.received_at <= deadline,
            found=self._sections(report, sub.sections_found),
            missing=self._sections(report, sub.sections_missing),
        )
        return self._split(name, text)

    def _full_table(self, status: ReportStatus) -> list[list[Any]]:
        emails = {s.id: s.emails for s in self.config.schools}
        return [
            [
                n,
                s.school_id,
                s.name,
                LABELS[s.status],
                self.moment(s.received_at) if s.received_at else "",
                ", ".join(self._sections(status.report, s.sections_missing)) if s.status != MISSING else "",
                len(s.submissions),
                ", ".join(emails.get(s.school_id, ())),
            ]
            for n, s in enumerate(status.schools, 1)
        ]


def _with(status: ReportStatus, state: str) -> list[SchoolStatus]:
    return [s for s in status.schools if s.status == state]


def _days_late(school: SchoolStatus, status: ReportStatus) -> int:
    assert school.received_at is not None
    late = school.received_at.astimezone(status.deadline.tzinfo).date() - status.deadline.date()
    return late.days


def _csv(rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(TABLE_HEADERS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")  # the BOM makes Excel read Vietnamese correctly


def _xlsx(rows: list[list[Any]], report: ReportConfig, year: int, now: dt.datetime) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = f"{report.id} {year}"[:31]
    sheet.append(TABLE_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for column, width in zip("ABCDEFGH", (5, 18, 42, 12, 20, 40, 10, 36), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    stamp = now.astimezone(dt.UTC).replace(tzinfo=None)
    book.properties.created = book.properties.modified = stamp
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
