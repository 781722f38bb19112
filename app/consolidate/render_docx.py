"""The draft the office edits: its DOCX template filled in, doubtful numbers highlighted.

Text placeholders ({{trich_yeu}}...) may sit anywhere; {{noi_dung}} and {{phu_luc}} must each be a
paragraph of their own, replaced by the generated body and the table of each school.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.opc.exceptions import PackageNotFoundError
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from app.consolidate.errors import TemplateError
from app.consolidate.make_template import TEMPLATE
from app.consolidate.model import Consolidated, FigureValue, Remark, SchoolEntry
from app.consolidate.ooxml import borders, repeat_as_header
from app.consolidate.ooxml import widths as column_widths
from app.consolidate.privacy import hide_children
from app.consolidate.wording import DEFAULT_SIGNER, day, lower_first, moment, names, signer
from kernel.numbers import grouped, percent
from kernel.timefmt import local_date

CHECK = "cần kiểm tra"
NOBODY = "Chưa đơn vị nào nộp báo cáo."
NOT_READ = (
    "Chưa tổng hợp được: báo cáo chưa khai báo các phần nội dung ([[reports.sections]] trong config.toml) nên "
    "hệ thống không đọc phần này trong báo cáo của các đơn vị; đề nghị xem trực tiếp báo cáo của từng đơn vị."
)
BLOCKS = ("noi_dung", "phu_luc")
_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
_TEXT_WIDTH = 16.5  # cm between the template's margins
_TABLE_SIZE = Pt(12)


class Marked(str):
    """Text to highlight in the draft: a number or a note a person must check."""


Piece = str | Marked


def render_docx(data: Consolidated, template: Path | None = None) -> bytes:
    """The draft as DOCX bytes, from the office's template (default: the shipped one)."""
    path = template or TEMPLATE
    doc = _open(path)
    values = {
        "co_quan_chu_quan": data.issuer.parent,
        "co_quan_ban_hanh": data.issuer.name,
        "trich_yeu": data.subject,
        "ten_don_vi": data.issuer.full,
        "nam": str(data.year),
    }
    anchors: dict[str, Paragraph] = {}
    for paragraph in _paragraphs(doc):
        found = _PLACEHOLDER.findall(paragraph.text)
        if len(found) == 1 and found[0] in BLOCKS and _PLACEHOLDER.fullmatch(paragraph.text.strip()):
            anchors[found[0]] = paragraph
            continue
        unknown = sorted({name for name in found if name not in values})
        if unknown:
            raise TemplateError(
                f"mẫu {path} có chỗ điền không biết: {', '.join('{{' + n + '}}' for n in unknown)}; "
                f"các chỗ điền được dùng: {', '.join('{{' + n + '}}' for n in (*values, *BLOCKS))}"
            )
        if found:
            _fill(paragraph, values)
    for block in BLOCKS:
        if block not in anchors:
            raise TemplateError(
                f"mẫu {path} thiếu đoạn {{{{{block}}}}} (đứng riêng một dòng): "
                "đó là chỗ đặt nội dung được tạo ra. Thêm lại đoạn này vào mẫu."
            )
    _sign(doc, signer(data.issuer.name))
    doc.core_properties.title = f"Báo cáo {lower_first(data.subject)}"
    _body(_Writer(doc, anchors["noi_dung"]), data)
    _annex(_Writer(doc, anchors["phu_luc"]), data)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _open(path: Path) -> DocumentObject:
    try:
        return Document(str(path))
    except (OSError, PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise TemplateError(
            f"không mở được mẫu báo cáo {path}: {e}. Chỉ đường dẫn tới một tệp .docx (Word) bằng --template."
        ) from e


def _paragraphs(doc: DocumentObject) -> Iterator[Paragraph]:
    """Every paragraph of the body, of its tables (nested too) and of the page headers and footers."""

    def in_tables(tables: Sequence[Table]) -> Iterator[Paragraph]:
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    yield from cell.paragraphs
                    yield from in_tables(cell.tables)

    yield from list(doc.paragraphs)
    yield from in_tables(doc.tables)
    for section in doc.sections:
        for part in (section.header, section.footer):
            yield from part.paragraphs
            yield from in_tables(part.tables)


def _fill(paragraph: Paragraph, values: dict[str, str]) -> None:
    """Replace placeholders run by run; one split over runs by Word is rebuilt in the first run."""

    def replace(text: str) -> str:
        return _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)

    for run in paragraph.runs:
        if "{{" in run.text:
            run.text = replace(run.text)
    if _PLACEHOLDER.search(paragraph.text) and paragraph.runs:
        text = replace(paragraph.text)
        for run in paragraph.runs[1:]:
            run.text = ""
        paragraph.runs[0].text = text


def _sign(doc: DocumentObject, lines: Sequence[str]) -> None:
    """Replace the shipped template's "TRƯỞNG PHÒNG" by the issuer's signer (a People's Committee's
    "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH"); a signer the office wrote into its own template stays."""
    if tuple(lines) == (DEFAULT_SIGNER,):
        return
    for paragraph in _paragraphs(doc):
        if paragraph.text.strip() == DEFAULT_SIGNER and paragraph.runs:
            first = paragraph.runs[0]
            first.text = lines[0]
            for run in paragraph.runs[1:]:
                run.text = ""
            for line in lines[1:]:
                first.add_break()
                first.add_text(line)


class _Writer:
    """Adds paragraphs and tables where a block placeholder stood, then removes the placeholder."""

    def __init__(self, doc: DocumentObject, anchor: Paragraph) -> None:
        self.doc = doc
        self.anchor = anchor
        self.after_table = False

    def heading(self, text: str, *, marked: bool = False) -> None:
        paragraph = self.paragraph(Marked(text) if marked else text, indent=False)
        paragraph.paragraph_format.keep_with_next = True
        for run in paragraph.runs:
            run.bold = True

    def paragraph(self, *pieces: Piece, indent: bool = True, italic: bool = False) -> Paragraph:
        paragraph = self.anchor.insert_paragraph_before()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if self.after_table:
            paragraph.paragraph_format.space_before = Pt(6)
            self.after_table = False
        paragraph.paragraph_format.first_line_indent = Cm(1) if indent else Cm(0)
        for piece in pieces:
            run = paragraph.add_run(str(piece))
            run.italic = italic
            if isinstance(piece, Marked):
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        return paragraph

    def table(
        self, headers: Sequence[str], rows: Sequence[Sequence[Piece]], widths: Sequence[float]
    ) -> Table:
        """A bordered table; the header row repeats on every page; numbers stand right-aligned."""
        table = self.doc.add_table(rows=1 + len(rows), cols=len(headers))
        self.anchor._p.addprevious(table._tbl)
        borders(table, visible=True)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        column_widths(table, widths)
        repeat_as_header(table.rows[0])
        for cells, texts, bold in [(table.rows[0].cells, headers, True)] + [
            (table.rows[n + 1].cells, row, False) for n, row in enumerate(rows)
        ]:
            for column, (cell, text) in enumerate(zip(cells, texts, strict=True)):
                _cell_text(cell, text, bold=bold, centred=bold or column == 0)
        self.after_table = True
        return table

    def close(self) -> None:
        """Remove the placeholder; one that ends a table cell is emptied instead (a cell ends with text)."""
        element = self.anchor._p
        if element.getnext() is None:
            for run in self.anchor.runs:
                run.text = ""
        else:
            element.getparent().remove(element)


def _cell_text(cell: _Cell, text: Piece, *, bold: bool, centred: bool) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.first_line_indent = Cm(0)
    paragraph.paragraph_format.space_after = Pt(0)
    plain = str(text)
    is_number = bool(re.fullmatch(r"[\d.]+", plain))
    if centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif is_number:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    for n, line in enumerate(plain.split("\n")):
        if n:
            paragraph.add_run().add_break()
        run = paragraph.add_run(line)
        run.bold = bold
        run.font.size = _TABLE_SIZE
        if isinstance(text, Marked):
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW


# -- the body -----------------------------------------------------------------------------------------


def _body(out: _Writer, data: Consolidated) -> None:
    tz = data.deadline.tzinfo
    out.heading("I. TÌNH HÌNH NỘP BÁO CÁO CỦA CÁC ĐƠN VỊ")
    if data.as_of is not None:
        out.paragraph(f"Số liệu tính đến {moment(data.as_of, tz)}.", italic=True)
    required, reporting = len(data.required), len(data.reporting)
    out.paragraph(f"- Số đơn vị phải báo cáo: {required}.")
    extended = data.on_time_extended
    on_time = f"nộp đúng hạn (đến ngày {day(data.deadline, tz)}): {len(data.on_time)}"
    if data.moved_to is not None:  # said once here, not beside each school
        moved = local_date(data.moved_to, tz)
        on_time += (
            f"; nộp trong thời hạn được gia hạn (hạn nộp được lùi chung đến ngày {moved}): {len(extended)}"
        )
        on_time += _listed(data, extended, tz)
    elif extended:
        on_time += f"; nộp trong thời hạn được gia hạn: {len(extended)}{_listed(data, extended, tz)}"
    out.paragraph(
        f"- Số đơn vị đã nộp báo cáo: {reporting}/{required} ({percent(reporting, required)}); trong đó "
        f"{on_time}; nộp muộn: {len(data.late)}"
        f"{_listed(data, data.late, tz)}."
    )
    elsewhere = data.received_elsewhere
    if elsewhere:  # counted above: the unit's staff would look for these in their own mailbox in vain
        out.paragraph(f"- Số báo cáo đơn vị khác đã nhận: {len(elsewhere)}.")
        for school in elsewhere:
            assert school.elsewhere is not None
            out.paragraph(f"+ {school.elsewhere.says(tz)}")
    out.paragraph(f"- Số đơn vị chưa nộp báo cáo: {len(data.missing)}{_listed(data, data.missing, tz)}.")
    out.paragraph(f"- Số đơn vị được miễn nộp báo cáo: {len(data.exempt)}{_listed(data, data.exempt, tz)}.")

    out.heading("II. KẾT QUẢ THỰC HIỆN")
    _results(out, data)
    out.heading("III. KHÓ KHĂN, VƯỚNG MẮC")
    _remarks(out, data, data.difficulties, _no_remarks(data, "Các đơn vị không nêu khó khăn, vướng mắc."))
    out.heading("IV. ĐỀ XUẤT, KIẾN NGHỊ")
    _remarks(out, data, data.proposals, _no_remarks(data, "Các đơn vị không có đề xuất, kiến nghị."))
    if (
        data.checks
        or data.unread
        or data.in_review
        or data.held
        or data.awaiting
        or data.other_season
        or data.exempt_reporting
        or data.on_paper
        or data.sent_unreadable
        or data.resent_unreadable
        or data.review_after
    ):
        _checks(out, data)
    out.close()


def _results(out: _Writer, data: Consolidated) -> None:
    """Section II: the table of totals, or why there is none."""
    reporting = len(data.reporting)
    if not reporting:
        out.paragraph("Chưa đơn vị nào nộp báo cáo nên chưa có số liệu để tổng hợp.")
        return
    if not data.totals:
        out.paragraph("Báo cáo này không có số liệu chính cần tổng hợp.")
        return
    out.paragraph(f"Tổng hợp các số liệu chính từ báo cáo của {reporting} đơn vị đã nộp:")
    rows: list[list[Piece]] = []
    for n, total in enumerate(data.totals, 1):
        note = Marked(f"chưa cộng {len(total.left_out)} đơn vị ({CHECK})") if total.left_out else ""
        rows.append([str(n), total.title, grouped(total.total), str(total.counted), note])
    headers = ["TT", "Nội dung", "Tổng số", "Số đơn vị có số liệu", "Ghi chú"]
    out.table(headers, rows, (1.0, 6.5, 2.5, 2.5, 4.0))
    left_out = [f for t in data.totals for f in t.left_out]
    if left_out:
        listed = "; ".join(
            f"{lower_first(data.title_of(f.figure_id))} của {data.school(f.school_id).short_name} "
            f"({_stated(f)})"
            for f in left_out
        )
        out.paragraph(
            Marked(
                "Lưu ý: tổng số chỉ cộng các số liệu đọc được từ báo cáo và không có dấu hiệu bất thường; "
                f"chưa cộng {len(left_out)} số liệu {CHECK}: {listed} (xem mục V)."
            )
        )
    else:
        out.paragraph(
            "Tổng số là số liệu của đơn vị duy nhất đã nộp báo cáo."
            if reporting == 1
            else f"Tổng số cộng số liệu của cả {reporting} đơn vị đã nộp báo cáo."
        )


def _stated(value: FigureValue) -> str:
    return grouped(value.value) if value.value is not None else "không tìm thấy"


def _listed(data: Consolidated, schools: Sequence[SchoolEntry], tz: dt.tzinfo | None) -> str:
    """ " (TH Mỹ Phú, MG Tân Thành — đã gửi bản giấy ngày 20/10/2021)" after a count of schools."""
    return f" ({names([_named(data, s, tz) for s in schools])})" if schools else ""


def _named(data: Consolidated, school: SchoolEntry, tz: dt.tzinfo | None) -> str:
    notes = []
    if (extended_to := data.own_extension(school)) is not None:
        notes.append(f"gia hạn đến {local_date(extended_to, tz)}")
    if school.paper_on is not None:
        notes.append(f"đã gửi bản giấy ngày {local_date(school.paper_on, tz)}")
    return " — ".join([school.short_name, *notes])


def _no_remarks(data: Consolidated, none_stated: str) -> str:
    """What a part of difficulties or proposals says when it lists none: that nobody reported, that the
    schools' parts were not read (the report configures no sections), or none_stated."""
    if not data.reporting:  # "các đơn vị không nêu" would say they reported
        return NOBODY
    if not data.remarks_read:
        return NOT_READ
    return none_stated


def _remarks(out: _Writer, data: Consolidated, remarks: Sequence[Remark], none: str) -> None:
    if not remarks:
        out.paragraph(none)
        return
    for remark in remarks:
        schools = [data.school(s).short_name for s in remark.school_ids]
        who = names(schools) if len(schools) <= 3 else f"{len(schools)} đơn vị: {names(schools)}"
        out.paragraph(f"- {remark.text.rstrip('.')} ({who}).")


def _checks(out: _Writer, data: Consolidated) -> None:
    out.heading("V. SỐ LIỆU CẦN KIỂM TRA", marked=True)
    out.paragraph(
        Marked(
            "(Phần dành cho người soạn thảo: đối chiếu với báo cáo của đơn vị, sửa số liệu và tổng số ở "
            "mục II, rồi xóa phần này trước khi trình ký.)"
        ),
        italic=True,
    )
    for value in data.checks:
        school = data.school(value.school_id)
        reasons = "; ".join(d.reason for d in value.doubts)
        quoted = (
            f" Câu trong báo cáo: «{hide_children(value.source.sentence)}»." if value.source.sentence else ""
        )
        out.paragraph(
            f"- {school.short_name} — {lower_first(data.title_of(value.figure_id))}: ",
            Marked(_stated(value)),
            f" ({reasons}).{quoted} Tệp: {value.source.file}; thư: {value.source.message_id}.",
        )
    for unread in data.unread:
        out.paragraph(
            f"- {data.school(unread.school_id).short_name}: chưa đọc lại được nội dung báo cáo "
            f"(thư {unread.message_id}: {unread.reason}); khó khăn, đề xuất của đơn vị chưa có trong dự thảo."
        )
    for school in data.resent_unreadable:
        assert school.resent_unreadable is not None and school.latest_at is not None
        when, why = school.resent_unreadable
        out.paragraph(
            f"- {school.short_name}: thư gửi lại ngày {day(when, data.deadline.tzinfo)} không đọc được "
            f"({why.rstrip('.')}); số liệu trong dự thảo lấy từ báo cáo ngày "
            f"{day(school.latest_at, data.deadline.tzinfo)}, có thể chưa phải bản đơn vị đã sửa."
        )
    for waiting in data.review_after:
        school = data.school(waiting.school_id)
        assert school.latest_at is not None
        out.paragraph(
            f"- {school.short_name}: thư ngày {day(waiting.received_at, data.deadline.tzinfo)} («{waiting.subject}», "
            f"thư {waiting.message_id}), gửi sau báo cáo, đang chờ cán bộ xem xét (có thể là bản sửa hoặc đề nghị hủy báo cáo); số liệu "
            f"trong dự thảo lấy từ báo cáo ngày {day(school.latest_at, data.deadline.tzinfo)}; xử lý thư trước "
            "khi trình ký."
        )
    for school in data.sent_unreadable:
        out.paragraph(
            f"- {school.short_name}: đang tính là chưa nộp vì thư của đơn vị không đọc được "
            f"({school.unreadable.rstrip('.')}); liên hệ đơn vị để nhận báo cáo trước khi trình ký."
        )
    for other in data.other_season:
        out.paragraph(
            f"- {data.school(other.school_id).short_name}: đang tính là chưa nộp, nhưng thư ngày "
            f"{day(other.received_at, data.deadline.tzinfo)} (thư {other.message_id}) được tính là báo cáo năm "
            f"{other.year} vì văn bản ghi năm {other.year}: có thể đơn vị gửi nhầm tệp năm {other.year}; hỏi lại đơn vị "
            f"trước khi trình ký (nếu đúng là báo cáo năm {data.year}: baocao assign {other.message_id} "
            f"{other.school_id} --year {data.year})."
        )
    for school in data.exempt_reporting:
        assert school.exempt_sent is not None
        out.paragraph(
            f"- {school.short_name}: được miễn nộp nhưng đã gửi báo cáo ngày "
            f"{day(school.exempt_sent, data.deadline.tzinfo)}; số liệu, khó khăn và đề xuất của đơn vị không "
            f"được tổng hợp (nếu cần tính, bỏ miễn nộp: baocao exempt {school.school_id} --report "
            f"{data.report_id} --year {data.year} --undo)."
        )
    for school in data.on_paper:
        out.paragraph(
            f"- {school.short_name}: đang tính là chưa nộp, nhưng {school.paper}; số liệu, khó khăn và đề xuất "
            "trong bản giấy chưa có trong dự thảo (đối chiếu bản giấy trước khi trình ký)."
        )
    for school_id in data.in_review:
        out.paragraph(
            f"- {data.school(school_id).short_name}: đang tính là chưa nộp, nhưng có thư chờ cán bộ xem xét "
            "có thể là báo cáo của đơn vị (xem baocao review); xử lý thư trước khi trình ký."
        )
    for held in data.held:
        out.paragraph(
            f"- {data.school(held.school_id).short_name}: đang tính là chưa nộp; báo cáo nhận lúc "
            f"{moment(held.received_at, data.deadline.tzinfo)} (thư {held.message_id}) đang tạm giữ, chưa tính: "
            f"người gửi xin hủy thư ấy (thư {held.note_id} ngày {day(held.note_at, data.deadline.tzinfo)}). "
            "Cán bộ quyết định (loại thư gửi nhầm, hoặc loại thư xin hủy để tính lại báo cáo) trước khi trình ký."
        )
    for waiting in data.awaiting:
        out.paragraph(
            f"- {data.school(waiting.school_id).short_name}: đang tính là chưa nộp, nhưng thư ngày "
            f"{day(waiting.received_at, data.deadline.tzinfo)} («{waiting.subject}», thư {waiting.message_id}) "
            "đang chờ cán bộ xem xét, chưa được tính là báo cáo (xem baocao review); xử lý thư trước khi "
            "trình ký."
        )


# -- the annex ----------------------------------------------------------------------------------------


def _annex(out: _Writer, data: Consolidated) -> None:
    tz = data.deadline.tzinfo
    if data.reporting:  # else a table of headers and a row of zeros
        _annex_table(out, data, tz)
    missing = data.missing
    if missing:
        out.paragraph(
            f"Đơn vị chưa nộp báo cáo ({len(missing)}): {names([_named(data, s, tz) for s in missing])}.",
            indent=False,
        )
    else:
        out.paragraph("Tất cả các đơn vị đã nộp báo cáo.", indent=False)
    out.close()


def _annex_table(out: _Writer, data: Consolidated, tz: dt.tzinfo | None) -> None:
    """A row per reporting school, and a row of totals when the report has figures."""
    titles = [t.title for t in data.totals]
    fixed = (1.0, 4.4, 2.6, 2.2)
    share = (_TEXT_WIDTH - sum(fixed)) / max(len(titles), 1)
    rows: list[list[Piece]] = []
    extended = data.on_time_extended
    for n, school in enumerate(data.reporting, 1):
        assert school.received_at is not None and school.latest_at is not None
        received = day(school.received_at, tz)
        if school.latest_at != school.received_at:  # a later readable report: the figures' source
            received += f"\n(gửi lại {day(school.latest_at, tz)})"
        if school.elsewhere is not None:  # it came while another unit than the season's collected it
            received += f"\n({school.elsewhere.where})"
        timing = "Đúng hạn" if school.days_late is None else f"Muộn {school.days_late} ngày"
        own = data.own_extension(school)
        if own is not None and (school.days_late is not None or school in extended):
            timing += f"\n(gia hạn đến {local_date(own, tz)})"
        rows.append([str(n), school.short_name, received, timing, *(_cell(f) for f in school.figures)])
    if titles:
        rows.append(["", "Tổng cộng", "", "", *(grouped(t.total) for t in data.totals)])
    table = out.table(
        ["TT", "Đơn vị", "Ngày nhận", "Đúng hạn / muộn", *titles], rows, (*fixed, *[share] * len(titles))
    )
    if titles:
        for cell in table.rows[-1].cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True
    if data.checks:
        out.paragraph(
            Marked(f"Số liệu tô vàng ({CHECK}) chưa được cộng vào dòng Tổng cộng."), indent=False, italic=True
        )


def _cell(value: FigureValue) -> Piece:
    if value.counted and value.value is not None:
        return grouped(value.value)
    return Marked(f"{_stated(value)} ({CHECK})")
