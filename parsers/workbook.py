"""Excel workbooks (.xlsx) to a Document with openpyxl: each shown sheet in order, under its name when there
are several; a row of one cell is a line of text, a row of several a table row in the form the Word reader
gives ("Số buổi tuyên truyền | 8"), so the figures are read as a Word table's are."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zlib

import openpyxl
from lxml import etree
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from parsers import plain
from parsers.document import Document, Limits, Page
from parsers.errors import CorruptFileError, EmptyFileError, TooLargeError
from parsers.text import nfc

# A report typed into a workbook is a few hundred rows; a sheet of data exported from a register runs to
# tens of thousands and costs seconds to read. Only the first _MAX_ROWS rows of the whole workbook and
# the first _MAX_COLUMNS cells of a row are read, with a warning.
_MAX_ROWS = 2000
_MAX_COLUMNS = 60
_MERGE_CELL = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}mergeCell"
# What zipfile (a flipped flag reads as encryption or an unknown method), zlib, lxml and openpyxl raise
# on a damaged package; a part of valid XML of the wrong shape surfaces as AttributeError, TypeError or
# IndexError deep inside openpyxl.
_PARSER_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    KeyError,
    OSError,
    EOFError,
    RuntimeError,
    NotImplementedError,
    ValueError,
    TypeError,
    AttributeError,
    IndexError,
    etree.XMLSyntaxError,
)


def read_xlsx(name: str, data: bytes, limits: Limits) -> Document:
    """Raises CorruptFileError when it is no readable workbook, TooLargeError when it unpacks past the
    archive limit, EmptyFileError when no shown sheet holds a value."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            if sum(i.file_size for i in package.infolist()) > limits.max_archive_total:
                raise TooLargeError(
                    f"Tệp {name} giải nén ra quá lớn, không xử lý được. Đề nghị trường lưu thành PDF."
                )
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except TooLargeError:
        raise
    except _PARSER_ERRORS as e:
        raise _damaged(name) from e
    try:
        sheets = [
            s for s in book.worksheets if s.sheet_state == "visible" and isinstance(s, ReadOnlyWorksheet)
        ]
        pages: list[Page] = []
        warnings: list[str] = []
        budget = _MAX_ROWS
        for sheet in sheets:
            lines, budget = _sheet_lines(sheet, budget)
            text = plain.tidy(nfc("\n".join(lines)))
            if text:
                titled = f"Trang tính «{sheet.title}»\n{text}" if len(sheets) > 1 else text
                pages.append(Page(number=len(pages) + 1, text=titled, method="text"))
            if budget < 0:
                warnings.append(
                    f"Tệp {name} dài quá {_MAX_ROWS} dòng; hệ thống chỉ đọc {_MAX_ROWS} dòng đầu "
                    f"(đến trang tính «{sheet.title}»)."
                )
                break
    except _PARSER_ERRORS as e:
        raise _damaged(name) from e
    finally:
        book.close()
    if not pages:
        raise EmptyFileError(f"Tệp {name} là bảng tính không có nội dung nào.")
    text = "\n\n".join(p.text for p in pages)
    return Document(name=name, format="xlsx", text=text, pages=tuple(pages), warnings=tuple(warnings))


def _damaged(name: str) -> CorruptFileError:
    """A workbook cut short or broken in sending: it is already .xlsx, so the school sends the file again,
    as for any Office file that cannot be unpacked (parsers.archives)."""
    return CorruptFileError(f"Tệp Excel {name} bị hỏng, không mở được. Đề nghị trường gửi lại tệp.")


def _sheet_lines(sheet: ReadOnlyWorksheet, budget: int) -> tuple[list[str], int]:
    """The sheet's lines, at most budget rows of it, and the budget left (-1 when rows were left unread)."""
    rows: list[list[str]] = []
    for row in sheet.iter_rows(max_col=_MAX_COLUMNS):
        if len(rows) >= budget:
            return _lines(sheet, rows), -1
        rows.append([_cell_text(c.value, getattr(c, "number_format", "")) for c in row])
    return _lines(sheet, rows), budget - len(rows)


def _lines(sheet: ReadOnlyWorksheet, rows: list[list[str]]) -> list[str]:
    """The rows read, the labels merged down filled in, as lines."""
    for (number, column), first in _merged_down(sheet).items():
        if number <= len(rows) and first <= len(rows):
            _fill(rows[number - 1], column, rows[first - 1])
    return [" | ".join(shown) for cells in rows if (shown := [c for c in cells if c])]


def _fill(cells: list[str], column: int, first: list[str]) -> None:
    """Puts into a row of counts the label a cell merged down from the row above covers: Excel keeps it in
    the range's first cell only, and the row would be read a cell short («Tuyên truyền» over «Trực tiếp |
    8» and «Trực tuyến | 4»). A count is never copied, nor a label into a row without counts."""
    label = first[column - 1] if column <= len(first) else ""
    if column <= len(cells) and not cells[column - 1] and label and not _is_count(label):
        if any(_is_count(c) for c in cells):
            cells[column - 1] = label


def _merged_down(sheet: ReadOnlyWorksheet) -> dict[tuple[int, int], int]:
    """The cells a range merged down covers below its first row: (row, column) -> the range's first row."""
    covered: dict[tuple[int, int], int] = {}
    source = sheet._get_source()
    try:
        for _, element in etree.iterparse(source, tag=_MERGE_CELL):
            min_col, min_row, _, max_row = range_boundaries(element.get("ref", ""))
            if min_col and min_row and max_row:
                for number in range(min_row + 1, min(max_row, _MAX_ROWS) + 1):
                    covered[(number, min_col)] = min_row
            element.clear()
    finally:
        source.close()
    return covered


def _cell_text(value: object, number_format: str) -> str:
    """A cell's value as the sheet shows it: whole numbers without ".0", percentages with «%», dates as
    dd/mm/yyyy, decimals with a comma; a formula never calculated (no cached value) is empty."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int | float):
        if "%" in (number_format or ""):
            return f"{_number(value * 100)}%"
        return _number(value)
    return " ".join(str(value).split())


def _number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{round(value, 2):g}".replace(".", ",")


def _is_count(cell: str) -> bool:
    return cell.replace(".", "").replace(",", "").isdigit()
