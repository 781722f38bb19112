"""The full status table, the one every export uses: the CLI's CSV, the digest's attachment, the page.

Cells keep their types (numbers, datetimes) so that XLSX gets real numbers and date cells; CSV is
written with a BOM so that Excel reads Vietnamese correctly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kernel import units
from kernel.config import Config
from kernel.numbers import grouped
from kernel.status import ReportStatus, SchoolState, SchoolStatus
from kernel.timefmt import in_words, local_date, local_time

if TYPE_CHECKING:
    from openpyxl import Workbook

Cell = str | int | dt.datetime | dt.date | None
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BASE_HEADERS = (
    "STT",
    "Mã trường",
    "Trường",
    "Tình trạng",
    "Nhận lúc",
    "Ghi chú",  # what is missing of the report, or why it could not be read, and what staff should know
    "Số lần gửi",
    "Địa chỉ thư",
    "Gia hạn đến",
    "Bản giấy",
    "Quyết định của Phòng",
    "Thư chờ xem xét",
)
DECIDED = BASE_HEADERS.index("Quyết định của Phòng")
UNIT_HEADER = "Đơn vị"  # after the school's name, only when the config has [[units]]
# The school's level and commune, as the page's table shows them: last, after the report's figures,
# added after the other columns, so that a sheet read by position still finds those where they were.
PLACE_HEADERS = ("Cấp", "Xã")
# With [[units]], the very last: where a school's counted report came when another unit than the season's
# collected the school that day (received_elsewhere), as the digest's list of such reports names it: the
# unit whose mailbox received it, else SHARED_MAILBOX; else empty.
RECEIVED_BY_HEADER = "Đơn vị đã nhận"
SHARED_MAILBOX = "Hộp thư chung"  # a mailbox of no unit: the office's, once several units collect
_WIDTHS = dict(
    zip(
        (*BASE_HEADERS, UNIT_HEADER, *PLACE_HEADERS, RECEIVED_BY_HEADER),
        (5, 18, 42, 16, 18, 40, 10, 36, 14, 30, 40, 32, 30, 8, 22, 36),
        strict=True,
    )
)
_FORMATS = {"Nhận lúc": "dd/mm/yyyy hh:mm", "Gia hạn đến": "dd/mm/yyyy"}


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    tz: dt.tzinfo


def status_table(
    status: ReportStatus,
    config: Config,
    schools: Sequence[SchoolStatus] | None = None,
    numbers: Sequence[int] | None = None,
) -> Table:
    """One row per school (all of them, or the given ones): state, receipt, gaps, figures, addresses,
    then its level and commune; with [[units]], the unit that collects the school that season after its
    name, and last the unit that received its report when another did. A config without units keeps the
    columns it always had. numbers: each given school's STT as the page it was exported from shows it
    (its place in the roster, however the page is sorted or filtered); 1, 2, … by default."""
    titles = {s.id: s.title for s in status.report.sections}
    emails = {s.id: s.emails for s in config.schools}
    places = {s.id: (s.level, config.commune_shown(s.id)) for s in config.schools}
    figures = status.report.figures
    rows = []
    listed = schools if schools is not None else status.schools
    for n, s in zip(numbers or range(1, len(listed) + 1), listed, strict=True):
        missing = "; ".join(titles.get(i, i) for i in s.sections_missing)
        values: dict[str, Cell] = {**s.figures, **_to_check(s)}
        paper = _upper_first(s.paper.summary()) if s.paper else ""
        decided = "; ".join(
            f"{_upper_first(d.summary())}: {d.reason}" for d in (s.exemption, s.extension) if d is not None
        )
        rows.append(
            (
                n,
                s.school_id,
                s.name,
                *((_unit_name(config, status, s.school_id),) if config.units else ()),
                status.label_of(s),
                s.received_at,
                notes(
                    # Of a counted report, why a file beside it could not be read comes before the rest.
                    *(
                        s.problems
                        if s.owing and s.problems
                        else (*s.problems, s.sent_in_time, s.file_time, missing and f"còn thiếu: {missing}")
                    ),
                    status.earlier_note(s.school_id),
                    *status.bounced_notes(emails.get(s.school_id, ())),
                ),
                len(s.submissions),
                ", ".join(emails.get(s.school_id, ())),
                s.extension.until if s.extension else None,
                paper,
                decided,
                waiting_cell(status, s.school_id),
                *(values.get(f.id) for f in figures),
                *places.get(s.school_id, ("", "")),
                *((_received_by(status, config, s),) if config.units else ()),
            )
        )
    base = (*BASE_HEADERS[:DECIDED], _decided_header(config, status, listed), *BASE_HEADERS[DECIDED + 1 :])
    named = (*base[:3], *((UNIT_HEADER,) if config.units else ()), *base[3:])
    last = (RECEIVED_BY_HEADER,) if config.units else ()
    headers = (*named, *(f.title for f in figures), *PLACE_HEADERS, *last)
    return Table(headers, tuple(rows), config.district.timezone)


@dataclass(frozen=True)
class Elsewhere:
    """A school's counted report that came while another unit than the season's collected it
    (units.received_by): its staff would look for it in their own mailbox in vain."""

    name: str  # the school's
    received_at: dt.datetime
    collecting: str  # the name of the unit collecting the school the day it came
    season: str  # the name of the unit collecting the school this season
    before: bool  # received before the season's unit collected the school (else after it left it)
    late: bool
    # The name of the unit whose mailbox received it (units.mailbox_on): its own, or the office's while one
    # unit collected every school; None for a mailbox of no unit (the provincial Department's, which the
    # communes share), where no unit can be said to have received it.
    mailbox: str | None

    @property
    def received(self) -> str:
        """What the column «Đơn vị đã nhận» says: the unit whose mailbox received it, as the sentence
        (says) names it, else «Hộp thư chung»."""
        return self.mailbox if self.mailbox is not None else SHARED_MAILBOX

    @property
    def where(self) -> str:
        """How a cell beside the moment it came says where: «do … nhận», or «nhận ở hộp thư chung»."""
        return f"do {self.mailbox} nhận" if self.mailbox is not None else "nhận ở hộp thư chung"

    def says(self, tz: dt.tzinfo | None) -> str:
        if self.before:
            when = f"trước khi {self.season} thu báo cáo của trường"
        else:
            when = f"sau khi trường chuyển từ {self.season} sang {self.collecting}"
        counted = "nộp muộn" if self.late else "đã nộp"
        by = f"do {self.mailbox} " if self.mailbox is not None else ""
        return f"{self.name}: báo cáo {by}nhận lúc {in_words(self.received_at, tz)}, {when}; đã tính là {counted}."

    def as_json(self, tz: dt.tzinfo | None) -> dict[str, str | None]:
        """The JSON of every status and draft: by, the unit whose mailbox received it (null for a mailbox
        of no unit); collected_by, the unit collecting the school that day; note, the sentence."""
        return {"by": self.mailbox, "collected_by": self.collecting, "note": self.says(tz)}


def received_elsewhere(status: ReportStatus, config: Config) -> tuple[Elsewhere, ...]:
    """The schools whose counted report came while another unit collected them, in the status's order:
    what the status and the digest say beside the count of reports received."""
    return tuple(e for s in status.schools if (e := elsewhere_of(status, config, s)) is not None)


def elsewhere_of(status: ReportStatus, config: Config, school: SchoolStatus) -> Elsewhere | None:
    """Where the school's counted report came, when another unit than the season's collected the school
    that day (what every list of schools notes beside it); None when the season's unit did, or nothing is
    counted."""
    sub = school.current
    if sub is None or school.status not in (SchoolState.RECEIVED, SchoolState.LATE):
        return None
    by = units.received_by(config, status.report, status.year, school.school_id, sub.received_at)
    season = units.of_school(config, status.report, status.year, school.school_id)
    if by is None or season is None:
        return None
    source = status.sources.get(sub.message_key)
    mailbox = units.mailbox_on(config, source, sub.received_at) if source is not None else by
    return Elsewhere(
        school.name,
        sub.received_at,
        config.unit(by).name,
        config.unit(season).name,
        sub.received_at < status.deadline,
        school.status == SchoolState.LATE,
        config.unit(mailbox).name if mailbox is not None else None,
    )


def _received_by(status: ReportStatus, config: Config, school: SchoolStatus) -> str:
    found = elsewhere_of(status, config, school)
    return found.received if found is not None else ""


def waiting_cell(status: ReportStatus, school_id: str) -> str:
    """What every list of schools says beside a school with mail waiting for staff (waiting_note), saying
    so when it is likely a correction of the report counted (ReportStatus.correction_note), and with
    reports held while staff decide about a note asking to cancel them (ReportStatus.held_for): the school
    is listed as owing what it has not had counted, and says why; empty when neither."""
    tz = status.deadline.tzinfo
    held = [w.says(tz) for w in status.held_for(school_id)]
    # Mail of its address that could not be processed (too large, broken): its report may be in it.
    failed = FAILED_NOTE if school_id in status.failed else ""
    parts = (
        waiting_note(len(status.waiting_for(school_id))),
        failed,
        status.correction_note(school_id),
        *held,
    )
    return "; ".join(p for p in parts if p)


FAILED_NOTE = "Có thư từ địa chỉ của trường không xử lý được, đang chờ cán bộ xem xét"


def waiting_note(count: int) -> str:
    """What a list of schools says beside a school with mail waiting for staff that may be its report
    (ReportStatus.waiting_for); empty when none."""
    return f"Có {count} thư đang chờ cán bộ xem xét" if count else ""


def _to_check(school: SchoolStatus) -> dict[str, Cell]:
    """The figures to check before use, as words: "3 (cần kiểm tra: bản gửi sau ghi «thêm» 3, …)", so that
    a spreadsheet neither shows them as the school's figure nor sums them (as the consolidated draft)."""
    values = school.figures
    return {k: f"{grouped(values[k])} (cần kiểm tra: {why})" for k, why in school.figures_to_check.items()}


def _decided_header(config: Config, status: ReportStatus, schools: Sequence[SchoolStatus]) -> str:
    """The column of exemptions and extensions, named after who decides them: «Quyết định của Phòng» for
    the office (and the district office as a unit, until 30/6/2025), «Quyết định của UBND xã Mỹ An» for a
    commune's schools (a listing narrowed to it, even an empty one), «Quyết định của đơn vị» when the
    schools listed belong to several units."""
    if status.unit is not None:
        found = {config.unit(status.unit).name}
    else:
        found = {_unit_name(config, status, s.school_id) for s in schools or status.schools} - {""}
    speakers = {units.we(name) for name in found} or {units.speaker(config, None)}
    return f"Quyết định của {speakers.pop()}" if len(speakers) == 1 else "Quyết định của đơn vị"


def _unit_name(config: Config, status: ReportStatus, school_id: str) -> str:
    unit = units.of_school(config, status.report, status.year, school_id)
    return config.unit(unit).name if unit is not None else ""


def notes(*parts: str) -> str:
    """A cell of notes as sentences: the sections a report misses («còn thiếu: A; B», titles holding commas),
    why its file could not be read, what staff should weigh, each capitalised and ended by a full stop."""
    said = (_upper_first(p.strip().rstrip(".")) for p in parts if p and p.strip())
    return " ".join(f"{p}." for p in said)


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def text_cell(cell: Cell, tz: dt.tzinfo) -> str:
    if isinstance(cell, dt.datetime):
        return local_time(cell, tz)
    if isinstance(cell, dt.date):
        return local_date(cell, tz)
    return "" if cell is None else str(cell)


# What a spreadsheet takes for a formula at the start of a cell. A subject, a file's or a sender's name
# written by whoever sent the mail may begin so («=1+2 BC NQ121.docx»): Excel would run it.
_FORMULA_OPENERS = ("=", "+", "-", "@", "\t", "\r")


def _inert(text: str) -> str:
    """A CSV cell that Excel reads as text: one that would open a formula gets a leading apostrophe (the
    guard OWASP gives for CSV injection); a number written plainly («-2») is left a number."""
    if text.startswith(_FORMULA_OPENERS) and not _PLAIN_WHOLE.fullmatch(text):
        return "'" + text
    return text


def to_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([_inert(text_cell(c, table.tz)) for c in row])
    return out.getvalue().encode("utf-8-sig")  # the BOM makes Excel read Vietnamese correctly


def as_written(book: Workbook) -> None:
    """Keep every cell of book that openpyxl took for a formula (a text beginning with «=») a text, as
    written: baocao writes no formula, and a sender's words must never run as one."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def to_xlsx(table: Table, title: str, now: dt.datetime) -> bytes:
    from openpyxl import Workbook  # only here: every command that prints a table imports this module
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(list(table.headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_xlsx_cell(c, table.tz) for c in row])
    for index, header in enumerate(table.headers, 1):
        column = get_column_letter(index)
        if header in _FORMATS:
            for cell in sheet[column][1:]:
                cell.number_format = _FORMATS[header]
        width = fitting(
            header, _WIDTHS.get(BASE_HEADERS[DECIDED] if header.startswith("Quyết định của") else header, 14)
        )
        sheet.column_dimensions[column].width = width
        # A note longer than its column is wrapped, not cut off by the cell beside it.
        for cell in sheet[column][1:]:
            if isinstance(cell.value, str) and len(cell.value) > width:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions  # Excel's filter buttons on the header
    # Printed, as staff print the list for a meeting: landscape, every column on the page's width, the
    # header row on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    stamp = now.astimezone(dt.UTC).replace(tzinfo=None)
    book.properties.created = book.properties.modified = stamp
    as_written(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def fitting(header: str, width: float) -> float:
    """A column's width: the one given, or enough to show its header whole ("Số học sinh, phụ huynh
    tham gia"), up to 40 characters."""
    return max(width, min(len(header) + 2, 40))


def _xlsx_cell(cell: Cell, tz: dt.tzinfo) -> Cell:
    if isinstance(cell, dt.datetime):
        return cell.astimezone(tz).replace(tzinfo=None)  # Excel has no time zones: the district's time
    return cell


# A cell a text table may read as a number and right-align: a whole number written plainly.
_PLAIN_WHOLE = re.compile(r"-?(?:0|[1-9][0-9]*)")


def text_table(rows: Sequence[Sequence[object]], **options: Any) -> str:
    """tabulate.tabulate, loaded with the first text table (the library looks its own version up among
    the installed packages when imported, which `status --format json` or csv need not wait for). Only a
    column of plain whole numbers is read as numbers: tabulate would print a message code «228424123e87» as
    «2.28424e+95», drop the zero of «012345…» and print a figure «1.250» as «1.25»."""
    from tabulate import tabulate

    width = max((len(row) for row in rows), default=0)
    verbatim = [i for i in range(width) if not all(_whole(row[i]) for row in rows if i < len(row))]
    return tabulate(rows, disable_numparse=verbatim, **options)


def _whole(cell: object) -> bool:
    if isinstance(cell, bool):
        return False
    return (
        cell is None
        or isinstance(cell, int)
        or (isinstance(cell, str) and (not cell or bool(_PLAIN_WHOLE.fullmatch(cell))))
    )
