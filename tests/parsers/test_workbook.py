"""Excel workbooks read into the same lines as a Word report's: text rows, table rows, figures."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
from openpyxl.workbook.workbook import Workbook

from parsers import workbook
from parsers.document import Limits
from parsers.read import read_attachment


def _bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _report_book() -> Workbook:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Báo cáo"
    sheet["A1"] = "TRƯỜNG TIỂU HỌC MỸ AN"
    sheet["A3"] = "BÁO CÁO KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT 121"
    sheet.merge_cells("A3:D3")
    sheet.append([])
    sheet.append(["Nội dung", "Hình thức", "Số buổi"])
    sheet.append(["Tuyên truyền", "Trực tiếp", 8])
    sheet.append([None, "Trực tuyến", 4])
    sheet.merge_cells("A6:A7")
    sheet.append(["Tỉ lệ học sinh tham gia", None, 0.85])
    sheet["C8"].number_format = "0%"
    sheet.append(["Tổng số buổi", None, "=C6+C7"])  # never calculated: no cached value
    return book


def test_a_workbook_report_reads_as_text_and_table_rows() -> None:
    """An .xlsx report was recorded as unreadable («chưa đọc bảng tính») though its text was there."""
    reading = read_attachment("BC NQ121.xlsx", _bytes(_report_book()))
    assert reading.failures == ()
    [document] = reading.documents
    assert document.format == "xlsx"
    lines = document.text.split("\n")
    assert lines[:2] == ["TRƯỜNG TIỂU HỌC MỸ AN", "BÁO CÁO KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT 121"]
    assert "Tuyên truyền | Trực tiếp | 8" in lines
    assert "Tuyên truyền | Trực tuyến | 4" in lines  # the label merged down is given to its row
    assert "Tỉ lệ học sinh tham gia | 85%" in lines
    assert "Tổng số buổi" in lines  # a formula without a cached value is empty, not "=C6+C7"
    assert "=C6" not in document.text


def test_hidden_sheets_are_skipped_and_several_sheets_come_in_order_under_their_names() -> None:
    book = _report_book()
    hidden = book.create_sheet("Nháp")
    hidden["A1"] = "Số liệu cũ 999"
    hidden.sheet_state = "hidden"
    figures = book.create_sheet("Số liệu")
    figures.append(["Ngày báo cáo", dt.date(2021, 10, 20)])
    [document] = read_attachment("BC NQ121.xlsx", _bytes(book)).documents
    assert [p.text.split("\n")[0] for p in document.pages] == ["Trang tính «Báo cáo»", "Trang tính «Số liệu»"]
    assert "Ngày báo cáo | 20/10/2021" in document.text
    assert "999" not in document.text


def test_a_huge_sheet_is_read_to_its_first_rows_with_a_warning() -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách")
    for n in range(workbook._MAX_ROWS + 500):
        sheet.append([f"Học sinh {n}", n])
    [document] = read_attachment("DS.xlsx", _bytes(book)).documents
    assert f"Học sinh {workbook._MAX_ROWS - 1} | {workbook._MAX_ROWS - 1}" in document.text
    assert f"Học sinh {workbook._MAX_ROWS}" not in document.text
    assert document.warnings and "dòng đầu" in document.warnings[0]


def test_an_empty_or_broken_workbook_says_so_in_vietnamese() -> None:
    [empty] = read_attachment("Trong.xlsx", _bytes(openpyxl.Workbook())).failures
    assert empty.code == "empty" and "Trong.xlsx" in empty.reason
    data = _bytes(_report_book())
    [broken] = read_attachment("Hong.xlsx", data[: len(data) // 2]).failures
    assert broken.code == "corrupt" and "Hong.xlsx" in broken.reason


def test_a_workbook_cut_short_asks_for_the_file_again_not_for_an_xlsx() -> None:
    """A truncated .xlsx (a broken upload) told the school to save it again as .xlsx or PDF, though it
    already was one: what it needs is to send the file again."""
    data = _bytes(_report_book())
    [broken] = read_attachment("Phu luc.xlsx", data[: len(data) // 2]).failures
    assert "gửi lại tệp" in broken.reason and "lưu lại thành .xlsx" not in broken.reason


def test_a_workbook_unpacking_past_the_limit_is_too_large() -> None:
    [failure] = read_attachment(
        "BC.xlsx", _bytes(_report_book()), limits=Limits(max_archive_total=100)
    ).failures
    assert failure.code == "too_large"


def test_a_sheet_of_exactly_the_rows_read_gives_no_warning() -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Số liệu")
    for n in range(workbook._MAX_ROWS):
        sheet.append([f"Dòng {n}", n])
    [document] = read_attachment("SL.xlsx", _bytes(book)).documents
    assert f"Dòng {workbook._MAX_ROWS - 1} | {workbook._MAX_ROWS - 1}" in document.text
    assert document.warnings == ()
