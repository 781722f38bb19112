"""The consolidated report as a workbook: real numbers and dates, doubtful values filled yellow."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from app.consolidate.model import Consolidated, FigureValue
from app.consolidate.privacy import hide_children
from app.consolidate.wording import lower_first
from kernel.export import as_written, fitting
from kernel.status import LABELS

CHECK_FILL = PatternFill("solid", start_color="FFFF00", end_color="FFFF00")
DATE_TIME = "dd/mm/yyyy hh:mm"
_STATUS: dict[str, str] = {str(k): v for k, v in LABELS.items()} | {"exempt": "Được miễn nộp"}
_KINDS = {"difficulty": "Khó khăn, vướng mắc", "proposal": "Đề xuất, kiến nghị"}


def as_xlsx(data: Consolidated) -> bytes:
    tz = data.deadline.tzinfo

    def local(moment: dt.datetime | None) -> dt.datetime | None:
        """Excel has no time zones: the district's wall-clock time."""
        return moment.astimezone(tz).replace(tzinfo=None) if moment is not None else None

    book = Workbook()
    summary = book.active
    summary.title = "Tổng hợp"
    summary.append([f"Báo cáo {lower_first(data.subject)}"])
    summary["A1"].font = Font(bold=True)
    summary.append([])
    counts = [
        ("Số đơn vị phải báo cáo", len(data.required)),
        ("Số đơn vị đã nộp", len(data.reporting)),
        ("Trong đó nộp đúng hạn", len(data.on_time)),
        ("Trong đó nộp trong thời hạn được gia hạn", len(data.on_time_extended)),
        ("Trong đó nộp muộn", len(data.late)),
        ("Số đơn vị chưa nộp", len(data.missing)),
        ("Số đơn vị được miễn nộp", len(data.exempt)),
    ]
    for label, count in counts:
        summary.append([label, count])
    summary.append(["Tỷ lệ đã nộp", len(data.reporting) / len(data.required) if data.required else 0])
    summary.cell(summary.max_row, 2).number_format = "0.0%"
    summary.append(["Hạn nộp", local(data.deadline)])
    summary.cell(summary.max_row, 2).number_format = DATE_TIME
    if data.as_of is not None:
        summary.append(["Số liệu tính đến", local(data.as_of)])
        summary.cell(summary.max_row, 2).number_format = DATE_TIME
    summary.append([])
    _header(summary, ["Nội dung", "Tổng số", "Số đơn vị có số liệu", "Số đơn vị chưa cộng (cần kiểm tra)"])
    for total in data.totals:
        summary.append([total.title, total.total, total.counted, len(total.left_out)])
        if total.left_out:
            summary.cell(summary.max_row, 4).fill = CHECK_FILL
    _widths(summary, (44, 14, 22, 34))

    schools = book.create_sheet("Từng đơn vị")
    titles = [t.title for t in data.totals]
    headers = [
        *("STT", "Mã đơn vị", "Đơn vị", "Tình trạng", "Nhận lần đầu", "Lần gửi được tính", "Số ngày muộn"),
        *titles,
        "Cần kiểm tra",
    ]
    # where a counted report came while another unit collected the school (before or after it moved): the
    # unit whose mailbox received it, or «Hộp thư chung»; its staff would look in their own mailbox in vain
    elsewhere = bool(data.received_elsewhere)
    headers += ["Đơn vị đã nhận"] if elsewhere else []
    _header(schools, headers)
    for n, school in enumerate(data.schools, 1):
        notes = [
            f"{data.title_of(f.figure_id)}: {'; '.join(d.reason for d in f.doubts)}"
            for f in school.figures
            if f.doubts
        ]
        schools.append(
            [
                n,
                school.school_id,
                school.name,
                _STATUS.get(school.status, school.status),
                local(school.received_at),
                local(school.latest_at),
                school.days_late,
                *(f.value for f in school.figures),
                *([None] * (len(titles) - len(school.figures))),
                "\n".join(notes) or None,
                *([school.elsewhere.received if school.elsewhere else None] if elsewhere else []),
            ]
        )
        row = schools.max_row
        schools.cell(row, 5).number_format = schools.cell(row, 6).number_format = DATE_TIME
        for column, figure in enumerate(school.figures, 8):
            if not figure.counted:
                schools.cell(row, column).fill = CHECK_FILL
    _widths(
        schools, (5, 18, 40, 18, 17, 17, 8, *[14] * len(titles), 60, *([40] if elsewhere else [])), headers
    )

    checks = book.create_sheet("Cần kiểm tra")
    _header(checks, ["Đơn vị", "Số liệu", "Giá trị", "Lý do", "Câu trong báo cáo", "Tệp", "Message-ID"])
    for value in data.checks:
        checks.append(_traced(data, value, "; ".join(d.reason for d in value.doubts)))
    _widths(checks, (30, 30, 10, 50, 60, 30, 40))

    sources = book.create_sheet("Nguồn số liệu")
    _header(
        sources,
        ["Đơn vị", "Số liệu", "Giá trị", "Được cộng", "Câu trong báo cáo", "Tệp", "Message-ID", "Nhận lúc"],
    )
    for school in data.reporting:
        for value in school.figures:
            row = _traced(data, value, "Có" if value.counted else "Không (cần kiểm tra)")
            sources.append([*row, local(value.source.received_at)])
            sources.cell(sources.max_row, 8).number_format = DATE_TIME
    _widths(sources, (30, 30, 10, 20, 60, 30, 40, 17))

    remarks = book.create_sheet("Khó khăn, đề xuất")
    _header(remarks, ["Loại", "Nội dung", "Số đơn vị", "Các đơn vị"])
    for remark in (*data.difficulties, *data.proposals):
        who = ", ".join(data.school(s).short_name for s in remark.school_ids)
        remarks.append([_KINDS[remark.kind], remark.text, len(remark.school_ids), who])
    _widths(remarks, (20, 70, 10, 80))

    as_written(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _traced(data: Consolidated, value: FigureValue, note: str) -> list[Any]:
    """Who stated the value, the value, a note, and where it was read."""
    return [
        data.school(value.school_id).name,
        data.title_of(value.figure_id),
        value.value,
        note,
        hide_children(value.source.sentence) or None,
        value.source.file,
        value.source.message_id,
    ]


def _header(sheet: Worksheet, titles: Sequence[str]) -> None:
    sheet.append(list(titles))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    if sheet.max_row == 1:
        sheet.freeze_panes = "A2"


def _widths(sheet: Worksheet, widths: Sequence[float], headers: Sequence[str] = ()) -> None:
    """Each column as wide as given, or as its header in the table's header row."""
    for column, width in enumerate(widths, 1):
        header = headers[column - 1] if column <= len(headers) else ""
        sheet.column_dimensions[sheet.cell(1, column).column_letter].width = fitting(header, width)
