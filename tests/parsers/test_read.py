"""The fixture corpus: every kind of file schools send, with the text, facts and sections expected."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import html
import io
import quopri
import random
import re
import struct
import textwrap
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import docx
import docx.enum.style
import docx.enum.text
import docx.shared
import pypdfium2
import pytest
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from fpdf import FPDF, FontFace
from msoffcrypto.format.ooxml import OOXMLFile
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageOps

from parsers import archives, facts, ocr, stapled
from parsers.document import Document, Limits, Page, Reading, SectionSpec
from parsers.figures import find_figures
from parsers.ocr import OcrPage
from parsers.read import BODY_NAME, read_attachment, read_body
from parsers.sections import emphasised_lines, find_sections
from parsers.sheets import sides
from parsers.text import fold
from samples import documents
from samples.papers import Paper, make_paper, make_plan
from tests.parsers import corpus, huge_photo
from tests.parsers.test_figures import SPECS as FIGURE_SPECS
from tests.parsers.test_legacy import as_vni_mojibake
from tests.parsers.test_sections import SPECS

PAPER = corpus.paper()
SCAN_PAPER = corpus.paper("Trường Mẫu giáo Long Thượng", seed=3)
SCAN_PAPER_LINES = documents.render_text(SCAN_PAPER).splitlines()
LIMITS = Limits(ocr_page_seconds=120)


def only(reading: Reading) -> Document:
    assert not reading.failures, reading.failures
    assert len(reading.documents) == 1
    return reading.documents[0]


def assert_reads_as(document: Document, paper: Paper, *, exact_headings: bool = True) -> None:
    """The header facts a reader would note, and every section heading, are there."""
    header = document.header
    assert header.issuer == paper.issuer
    assert header.number == paper.number.strip()
    assert header.date == paper.date
    assert header.kind == "BÁO CÁO"
    text = document.text if exact_headings else fold(document.text)
    for _, heading in paper.expected.headings:
        assert (heading if exact_headings else fold(heading)) in text


# --- text formats -------------------------------------------------------------------------------------

TEXT_CASES = {
    "BC NQ121.docx": documents.render_docx(PAPER),
    "BC NQ121.pdf": documents.render_pdf(PAPER),
    "renamed-docx.pdf": documents.render_docx(PAPER),  # the extension lies
    "baocao.txt": documents.render_text(PAPER).encode(),
    "baocao-1258.txt": corpus.cp1258(documents.render_text(PAPER)),
    "baocao.html": (
        "<html><body><p>" + documents.render_text(PAPER).replace("\n", "</p><p>") + "</p></body></html>"
    ).encode(),
    "rtf-as.doc": corpus.rtf(documents.render_text(PAPER)),  # a .doc that is really RTF
}


@pytest.mark.parametrize("name", TEXT_CASES)
def test_text_formats_give_the_report_and_its_header(name: str) -> None:
    document = only(read_attachment(name, TEXT_CASES[name]))
    assert document.name == name
    assert document.method == "text"
    assert_reads_as(document, PAPER)


def test_html_source_wrapped_inside_paragraphs_reads_as_the_browser_shows_it() -> None:
    """Word's "save as web page" (often renamed .doc) and Outlook wrap each paragraph's HTML source at
    about 76 characters; every source line break was kept as a line break, so "BÁO\nCÁO" was no kind,
    the header lost its number and date line, and figures were cut from the words that name them."""
    paragraphs = "".join(
        f"<p class=MsoNormal>{textwrap.fill(html.escape(line), 24) or '&nbsp;'}</p>\n"
        for line in documents.render_text(PAPER).split("\n")
    )
    page = f"<html><head><title>BC</title></head><body><pre>Mã: 01\n02</pre>\n{paragraphs}</body></html>"
    document = only(read_attachment("BC NQ121.doc", page.encode()))
    assert document.format == "html"
    assert_reads_as(document, PAPER)
    assert "Mã: 01\n02" in document.text  # preformatted text keeps its lines


@pytest.mark.parametrize("charset", ["utf-8", "windows-1258"])
def test_single_file_web_page_renamed_doc_gives_the_report(charset: str) -> None:
    """Word's "save as single file web page" (.mht), renamed .doc, was read as plain text: the raw MIME
    parts in quoted-printable ("TR=C6=AF=E1=BB=9CNG"), so the report counted with every section missing."""
    page = "<html><body>" + "".join(
        f"<p>{html.escape(line)}</p>" for line in documents.render_text(PAPER).split("\n")
    )
    raw = corpus.cp1258(page) if charset == "windows-1258" else page.encode(charset)
    encoded = quopri.encodestring(raw).decode("ascii")
    data = (
        'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart_01DA"\r\n\r\n'
        "This document is a Single File Web Page, also known as a Web Archive file.\r\n\r\n"
        "------=_NextPart_01DA\r\nContent-Location: file:///C:/BC.htm\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        f'Content-Type: text/html; charset="{charset}"\r\n\r\n{encoded}\r\n------=_NextPart_01DA--\r\n'
    ).encode("ascii")
    document = only(read_attachment("BC NQ121.doc", data))
    assert document.format == "html"
    assert_reads_as(document, PAPER)


def test_format_comes_from_the_bytes_not_the_name() -> None:
    formats = {n: only(read_attachment(n, data)).format for n, data in TEXT_CASES.items()}
    assert formats["renamed-docx.pdf"] == "docx"
    assert formats["rtf-as.doc"] == "rtf"
    assert formats["baocao.html"] == "html"


def test_a_pdf_with_bytes_before_its_header_is_read() -> None:
    """A PDF with a few bytes before "%PDF-" (left by the program that saved or mailed it), which PDF
    readers open, was taken for an unknown file: the school's readable report was recorded unreadable
    and the school asked to send "a Word or PDF file"."""
    document = only(read_attachment("BC NQ121.pdf", b"\x00\x00\x00\x00\r\n" + TEXT_CASES["BC NQ121.pdf"]))
    assert document.format == "pdf"
    assert_reads_as(document, PAPER)


@pytest.mark.parametrize(
    ("school", "issuer"),
    [
        ("Trường Tiểu học Long Thuận", "TRƯỜNG TIỂU HỌC LONG THUẬN"),  # «TRƯỜNG TIỂU HỌC LONG» / «THUẬN»
        ("Trường Mầm non Thị trấn Thủ Thừa", "TRƯỜNG MẦM NON THỊ TRẤN THỦ THỪA"),
        ("Trường Tiểu học Bình Thạnh 2", "TRƯỜNG TIỂU HỌC BÌNH THẠNH 2"),  # «… BÌNH» / «THẠNH 2»
        ("Trường Tiểu học Mỹ Thạnh A", "TRƯỜNG TIỂU HỌC MỸ THẠNH\nA"),  # broken by hand
    ],
)
def test_a_school_name_wrapped_onto_the_date_lines_row_of_a_pdf_is_whole(school: str, issuer: str) -> None:
    """A PDF printed from a Word header table, the school's name on two lines and the date line right
    under the motto: the name's last line shares a row with the date line («THUẬN Long Thuận, ngày …»)
    and was left out, so «TRƯỜNG TIỂU HỌC LONG» began three schools' names and «TRƯỜNG TIỂU HỌC MỸ THẠNH»
    two; a name ending with its number lost the date line's place as well."""
    paper = corpus.paper(school)
    document = only(read_attachment("BC.pdf", corpus.header_table_pdf(paper, left=62, issuer=issuer)))
    assert document.header.issuer == issuer.replace("\n", " ")
    assert document.header.parent_body == paper.parent_body
    assert document.header.place == paper.place and document.header.date == paper.date
    assert document.header.number == paper.number and document.header.kind == "BÁO CÁO"


def _flat_opc(docx_bytes: bytes) -> bytes:
    """A .docx saved by Word as "Word XML Document": every part written out in one XML file."""
    parts = []
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as package:
        types = package.read("[Content_Types].xml").decode()
        for name in package.namelist():
            if name == "[Content_Types].xml":
                continue
            declared = re.search(rf'PartName="/{re.escape(name)}" ContentType="([^"]+)"', types)
            kind = (
                declared.group(1) if declared else "application/vnd.openxmlformats-package.relationships+xml"
            )
            data = package.read(name)
            if name.endswith((".xml", ".rels")):
                body = re.sub(rb"^<\?xml[^>]*\?>", b"", data).decode().strip()
                parts.append(
                    f'<pkg:part pkg:name="/{name}" pkg:contentType="{kind}"><pkg:xmlData>{body}</pkg:xmlData></pkg:part>'
                )
            else:
                encoded = base64.encodebytes(data).decode()
                parts.append(
                    f'<pkg:part pkg:name="/{name}" pkg:contentType="{kind}"><pkg:binaryData>{encoded}</pkg:binaryData></pkg:part>'
                )
    return (
        '<?xml version="1.0" standalone="yes"?>\n<?mso-application progid="Word.Document"?>\n'
        '<pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage">'
        + "".join(parts)
        + "</pkg:package>"
    ).encode()


def _word_2003_xml(text: str) -> bytes:
    """Text saved by Word 2003 as "XML Document": one w:p a line."""
    paragraphs = "".join(
        f"<w:p><w:r><w:t>{html.escape(line)}</w:t></w:r></w:p>" for line in text.splitlines()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<?mso-application progid="Word.Document"?>\n'
        '<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml"><w:body>'
        f"{paragraphs}</w:body></w:wordDocument>"
    ).encode()


@pytest.mark.parametrize("kind", ["flat-opc", "word-2003"])
def test_word_xml_documents_renamed_doc_give_the_report(kind: str) -> None:
    """Word's one-file XML formats ("Word XML Document", Word 2003 XML), renamed .doc or left .xml, were
    read as plain text: XML markup on one line, no header and none of the report's sections found."""
    data = (
        _flat_opc(TEXT_CASES["BC NQ121.docx"])
        if kind == "flat-opc"
        else _word_2003_xml(documents.render_text(PAPER))
    )
    document = only(read_attachment("BC NQ121.doc", data))
    assert document.format == "docx"
    assert_reads_as(document, PAPER)
    assert "<w:" not in document.text


def test_docx_header_table_columns_come_out_as_separate_lines() -> None:
    lines = only(read_attachment("a.docx", TEXT_CASES["BC NQ121.docx"])).text.split("\n")
    assert lines[:3] == [PAPER.parent_body, PAPER.issuer, f"Số: {PAPER.number}"]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines[3:6]


def _relabelled(data: bytes, content_type: str) -> bytes:
    """A DOCX package whose main part carries another Word content type, as Word saves .docm and .dotx."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            member = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                main = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
                member = member.replace(main, content_type.encode())
            target.writestr(info, member)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("BC NQ121.docm", "application/vnd.ms-word.document.macroEnabled.main+xml"),
        ("BC NQ121.dotx", "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"),
        ("BC NQ121.dotm", "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"),
    ],
)
def test_macro_enabled_documents_and_templates_are_read_like_docx(name: str, content_type: str) -> None:
    """A report saved as .docm (a school's macro-enabled template) or .dotx was recorded unreadable as
    a damaged Word file ("bị hỏng ... (ValueError)"), and with a vague subject the mail was noise:
    python-docx refuses any main part whose content type is not the .docx one."""
    document = only(read_attachment(name, _relabelled(TEXT_CASES["BC NQ121.docx"], content_type)))
    assert document.format == "docx"
    assert_reads_as(document, PAPER)


def _as_strict(data: bytes) -> bytes:
    """The DOCX as Word saves it with "Strict Open XML Document": the same parts in the purl.oclc.org
    namespaces, relationship types included."""
    names = (
        (b"wordprocessingml/2006/main", b"wordprocessingml/main"),
        (b"officeDocument/2006/relationships", b"officeDocument/relationships"),
        (b"drawingml/2006/main", b"drawingml/main"),
        (b"officeDocument/2006/extended-properties", b"officeDocument/extendedProperties"),
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            member = source.read(info.filename)
            for transitional, strict in names:
                member = member.replace(
                    b"http://schemas.openxmlformats.org/" + transitional,
                    b"http://purl.oclc.org/ooxml/" + strict,
                )
            member = member.replace(b"<w:document ", b'<w:document w:conformance="strict" ', 1)
            target.writestr(info, member)
    return out.getvalue()


def test_a_word_file_saved_as_strict_open_xml_is_read_like_docx() -> None:
    """Word's "Strict Open XML Document" keeps the .docx extension but names its parts' markup with
    other namespaces: python-docx found no document in it, and the report was recorded unreadable as a
    damaged Word file ("bị hỏng"), the school asked to send again a file that opens in Word."""
    document = only(read_attachment("BC NQ121.docx", _as_strict(TEXT_CASES["BC NQ121.docx"])))
    assert document.format == "docx"
    assert_reads_as(document, PAPER)


def test_tracked_deletions_and_moves_are_read_as_the_document_reads() -> None:
    """A school moved its figures paragraph with Track Changes on and corrected a number in it: the
    text at its old place (w:moveFrom, written with w:t) was read too, so the old "14 buổi" came first
    and was taken as the report's figure. Deleted text written with w:t is likewise not the document's."""
    document = docx.Document()
    revision = 'w:author="Admin" w:date="2021-10-18T08:00:00Z"'
    for xml in (
        f"<w:moveFrom w:id='1' {revision}><w:r><w:t>Tổ chức 14 buổi tuyên truyền.</w:t></w:r></w:moveFrom>",
        "<w:r><w:t>II. Kết quả thực hiện</w:t></w:r>",
        f"<w:moveTo w:id='2' {revision}><w:r><w:t>Tổ chức 16 buổi tuyên truyền.</w:t></w:r></w:moveTo>",
        f"<w:r><w:t xml:space='preserve'>Có </w:t></w:r><w:del w:id='3' {revision}><w:r><w:t>120 </w:t></w:r>"
        f"</w:del><w:ins w:id='4' {revision}><w:r><w:t xml:space='preserve'>210 </w:t></w:r></w:ins>"
        "<w:r><w:t>phụ huynh tham gia.</w:t></w:r>",
    ):
        paragraph = document.add_paragraph()._p
        for child in parse_xml(f"<w:p {nsdecls('w')}>{xml}</w:p>"):
            paragraph.append(child)
    out = io.BytesIO()
    document.save(out)
    text = only(read_attachment("BC NQ121.docx", out.getvalue())).text
    assert text.split("\n") == [
        "II. Kết quả thực hiện",
        "Tổ chức 16 buổi tuyên truyền.",
        "Có 210 phụ huynh tham gia.",
    ]


def _in_content_control(element: Any) -> None:
    """Wrap a table row or cell in a content control, as a template's fields are."""
    control = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent/></w:sdt>")
    element.addprevious(control)
    control[1].append(element)


def test_header_rows_and_cells_inside_content_controls_are_read() -> None:
    """A template whose header table rows or cells are content controls ("Tên trường", "Số") lost them:
    the header had no issuer, so the school's name was not read from its own header."""
    document = docx.Document(io.BytesIO(TEXT_CASES["BC NQ121.docx"]))
    header = document.tables[0]._tbl
    [row] = header.findall(qn("w:tr"))
    first_cell = row.findall(qn("w:tc"))[0]
    _in_content_control(first_cell)
    _in_content_control(row)
    out = io.BytesIO()
    document.save(out)
    lines = only(read_attachment("mau.docx", out.getvalue())).text.split("\n")
    assert lines[:3] == [PAPER.parent_body, PAPER.issuer, f"Số: {PAPER.number}"]
    assert_reads_as(only(read_attachment("mau.docx", out.getvalue())), PAPER)


def _docx_of(*paragraphs: str, styles: str = "") -> bytes:
    """A Word file of paragraphs given as their runs' XML, with extra styles (w:style elements)."""
    document = docx.Document()
    for style in parse_xml(f"<w:styles {nsdecls('w')}>{styles}</w:styles>"):
        document.styles.element.append(style)
    for xml in paragraphs:
        paragraph = document.add_paragraph()._p
        for child in parse_xml(f"<w:p {nsdecls('w')}>{xml}</w:p>"):
            paragraph.append(child)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_hidden_text_is_not_read() -> None:
    """A school kept last year's figure beside the new one as hidden text (Font > Hidden), and a note not
    meant for the office in a hidden paragraph: Word shows and prints neither, but both were read, so
    the report's sentence said "Tổ chức 9 (số cũ) 12 buổi" and the note's "3 vụ xâm hại" stood in it."""
    hidden_style = (
        "<w:style w:type='character' w:styleId='An'><w:name w:val='An'/><w:rPr><w:vanish/></w:rPr></w:style>"
    )
    data = _docx_of(
        "<w:r><w:t xml:space='preserve'>Tổ chức </w:t></w:r>"
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space='preserve'>9 (số cũ) </w:t></w:r>"
        "<w:r><w:t>12 buổi tuyên truyền.</w:t></w:r>",
        "<w:r><w:rPr><w:rStyle w:val='An'/></w:rPr><w:t>Ghi chú: có 3 vụ xâm hại chưa xác minh.</w:t></w:r>",
        "<w:r><w:rPr><w:vanish w:val='0'/></w:rPr><w:t>Không xảy ra vụ xâm hại nào.</w:t></w:r>",
        styles=hidden_style,
    )
    text = only(read_attachment("BC NQ121.docx", data)).text
    lines = [line for line in text.split("\n") if line]
    assert lines == ["Tổ chức 12 buổi tuyên truyền.", "Không xảy ra vụ xâm hại nào."]


def test_a_paragraph_deleted_with_track_changes_leaves_no_blank_line() -> None:
    """A school deleted the old second line of its title with Track Changes on ("… năm 2025") and typed
    the new one below it: the emptied paragraph was read as a blank line, which ends a title, so the
    title lost "năm 2026" and the year read from the header was 2027, its date line's."""
    revision = 'w:id="{}" w:author="Admin" w:date="2027-01-05T08:00:00Z"'
    data = _docx_of(
        "<w:r><w:t>TRƯỜNG TIỂU HỌC MỸ LẠC</w:t></w:r>",
        "<w:r><w:t>Số: 22/BC-THML</w:t></w:r>",
        "<w:r><w:t>Mỹ Lạc, ngày 5 tháng 1 năm 2027</w:t></w:r>",
        "<w:r><w:t>BÁO CÁO</w:t></w:r>",
        "<w:r><w:t>Kết quả thực hiện Nghị quyết 121/2020/QH14</w:t></w:r>",
        f"<w:pPr><w:rPr><w:del {revision.format(1)}/></w:rPr></w:pPr><w:del {revision.format(2)}><w:r>"
        "<w:delText>về phòng, chống xâm hại trẻ em năm 2025</w:delText></w:r></w:del>",
        "<w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:rPr><w:vanish/></w:rPr><w:t>(bản cũ)</w:t></w:r>",
        "<w:r><w:t>về phòng, chống xâm hại trẻ em năm 2026</w:t></w:r>",
    )
    document = only(read_attachment("BC NQ121.docx", data))
    assert (
        document.header.title
        == "Kết quả thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em năm 2026"
    )


def test_a_content_controls_placeholder_is_not_read() -> None:
    """A template's school name is a content control left unfilled: Word shows its prompt in grey
    ("Nhập tên trường") until it is typed over. The prompt was read as the document's text, a line of
    the header where the school's name goes."""
    control = (
        "<w:sdt><w:sdtPr><w:alias w:val='Tên trường'/><w:showingPlcHdr/></w:sdtPr><w:sdtContent>{}"
        "</w:sdtContent></w:sdt>"
    )
    document = docx.Document(
        io.BytesIO(
            _docx_of(
                "<w:r><w:t>UBND XÃ MỸ THẠNH</w:t></w:r>",
                control.format("<w:r><w:t>Nhập tên trường</w:t></w:r>"),
                "<w:r><w:t xml:space='preserve'>Số: 12/BC-TH </w:t></w:r>"
                + control.format("<w:r><w:t>Nhập ngày</w:t></w:r>"),
            )
        )
    )
    body = document.element.body
    block = parse_xml(
        f"<w:body {nsdecls('w')}>"
        + control.format("<w:p><w:r><w:t>Nhập nội dung báo cáo tại đây.</w:t></w:r></w:p>")
        + "</w:body>"
    )[0]
    body.insert(len(body) - 1, block)
    out = io.BytesIO()
    document.save(out)
    text = only(read_attachment("BC NQ121.docx", out.getvalue())).text
    assert "Nhập" not in text
    assert [line for line in text.split("\n") if line] == ["UBND XÃ MỸ THẠNH", "Số: 12/BC-TH"]


@pytest.mark.parametrize(
    ("content_type", "chunk"),
    [
        ("application/xhtml+xml", TEXT_CASES["baocao.html"]),
        ("application/rtf", TEXT_CASES["rtf-as.doc"]),
    ],
)
def test_a_word_file_that_imports_its_page_whole_is_read(content_type: str, chunk: bytes) -> None:
    """Programs that export to Word often write the page as one imported part (w:altChunk): the file
    was recorded unreadable, "không có nội dung chữ nào", and with a vague subject dismissed as noise."""
    document = docx.Document()
    part = Part(PackURI("/word/afchunk1.dat"), content_type, chunk, document.part.package)
    relation = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"
    imported = parse_xml(
        f'<w:altChunk {nsdecls("w", "r")} r:id="{document.part.relate_to(part, relation)}"/>'
    )
    document.element.body.insert(0, imported)
    out = io.BytesIO()
    document.save(out)
    assert_reads_as(only(read_attachment("xuat-tu-phan-mem.docx", out.getvalue())), PAPER)


def test_docx_text_box_header_and_footer_are_read_once() -> None:
    data = corpus.docx_with_box_header_footer(
        ["Đoạn đầu.", "Đoạn cuối."], "Hộp văn bản: 12 buổi tuyên truyền", "Trường THCS Nhị Thành", "Trang 1"
    )
    text = only(read_attachment("box.docx", data)).text
    assert text.count("Hộp văn bản: 12 buổi tuyên truyền") == 1
    assert text.split("\n") == [
        "Trường THCS Nhị Thành",
        "Đoạn đầu.",
        "Hộp văn bản: 12 buổi tuyên truyền",
        "Đoạn cuối.",
        "Trang 1",
    ]


def _with_notes(data: bytes, footnotes: tuple[str, ...], endnotes: tuple[str, ...] = ()) -> bytes:
    """The Word file with footnotes and endnotes parts as Word writes them: the separator notes first, then
    one note per text, referenced from the end of the body's first paragraph."""
    document = docx.Document(io.BytesIO(data))
    separators = (
        "<w:{0} w:type='separator' w:id='-1'><w:p><w:r><w:separator/></w:r></w:p></w:{0}>"
        "<w:{0} w:type='continuationSeparator' w:id='0'><w:p><w:r><w:t>(tiếp theo)</w:t></w:r></w:p></w:{0}>"
    )
    first = document.paragraphs[0]._p
    for kind, texts in (("footnote", footnotes), ("endnote", endnotes)):
        if not texts:
            continue
        notes = "".join(
            f"<w:{kind} w:id='{n}'><w:p><w:r><w:{kind}Ref/></w:r><w:r><w:t xml:space='preserve'> {text}</w:t>"
            f"</w:r></w:p></w:{kind}>"
            for n, text in enumerate(texts, start=1)
        )
        xml = f"<w:{kind}s {nsdecls('w')}>{separators.format(kind)}{notes}</w:{kind}s>"
        part = Part(
            PackURI(f"/word/{kind}s.xml"),
            f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}s+xml",
            xml.encode(),
            document.part.package,
        )
        document.part.relate_to(
            part, f"http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}s"
        )
        for n in range(1, len(texts) + 1):
            first.append(parse_xml(f"<w:r {nsdecls('w')}><w:{kind}Reference w:id='{n}'/></w:r>"))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_footnotes_and_endnotes_are_read_after_the_body() -> None:
    """A school gave its propaganda sessions only in a footnote ("¹ Trong năm, nhà trường tổ chức 14 buổi
    tuyên truyền …") and its abuse incidents in an endnote: neither was read, so both figures were missing
    from a report that states them. Read after the body, they leave its sections where they were."""
    plain_report = documents.render_docx(PAPER)
    data = _with_notes(
        plain_report,
        ("Trong năm học, nhà trường tổ chức 14 buổi tuyên truyền trực tuyến và trực tiếp.",),
        ("Trong năm học, nhà trường không xảy ra vụ xâm hại trẻ em nào.",),
    )
    before = only(read_attachment("BC NQ121.docx", plain_report)).text
    document = only(read_attachment("BC NQ121 chu thich.docx", data))
    assert_reads_as(document, PAPER)
    assert "(tiếp theo)" not in document.text  # Word's continuation notice is no note of the school's
    assert document.text.startswith(before)
    assert document.text[len(before) :].split("\n")[1:] == [
        "Trong năm học, nhà trường tổ chức 14 buổi tuyên truyền trực tuyến và trực tiếp.",
        "Trong năm học, nhà trường không xảy ra vụ xâm hại trẻ em nào.",
    ]
    assert [s.id for s in find_sections(document.text, SPECS).found] == [
        s.id for s in find_sections(before, SPECS).found
    ]
    figures = {f.id: f for f in find_figures(document.text[len(before) :], FIGURE_SPECS)}
    assert figures["buoi_tuyen_truyen"].value == 14
    assert figures["vu_xam_hai"].value == 0


def _numbered_docx(paragraphs: list[tuple[str, int | None, int]]) -> bytes:
    """A DOCX whose paragraphs (text, numId or None, level) are numbered by Word: I., II. at level 0,
    1., 2. at level 1, as a report's headings are when typed with automatic numbering."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for level, fmt, text in ((0, "upperRoman", "%1."), (1, "decimal", "%2."))
    )
    first_num = numbering.find(qn("w:num"))
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{levels}</w:abstractNum>')
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="90"/></w:num>'))
    for text, num_id, level in paragraphs:
        paragraph = document.add_paragraph(style="List Bullet" if num_id == -1 else None)
        paragraph.add_run(text)
        if num_id is not None and num_id >= 0:
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = level
            num_pr.get_or_add_numId().val = num_id
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_word_list_numbers_are_read_before_their_paragraphs() -> None:
    """Headings numbered by Word's automatic numbering have no number in their text: a long heading
    ("Kết quả đạt được trong việc thực hiện ... năm học 2024-2025") was then too long to be a heading
    without its "II.", and the report was recorded with its sections missing."""
    data = _numbered_docx(
        [
            ("Công tác chỉ đạo, triển khai thực hiện Nghị quyết 121/2020/QH14 của Quốc hội", 91, 0),
            ("Ban hành kế hoạch", 91, 1),
            ("Tổ chức tuyên truyền", 91, 1),
            ("Kết quả đạt được trong việc thực hiện các nhiệm vụ năm học 2024-2025", 91, 0),
            ("Tuyên truyền", 91, 1),
            ("Một dòng gạch đầu dòng", -1, 0),
            ("Đoạn đã tắt đánh số", 0, 0),
        ]
    )
    assert only(read_attachment("so-tu-dong.docx", data)).text.split("\n") == [
        "I. Công tác chỉ đạo, triển khai thực hiện Nghị quyết 121/2020/QH14 của Quốc hội",
        "1. Ban hành kế hoạch",
        "2. Tổ chức tuyên truyền",
        "II. Kết quả đạt được trong việc thực hiện các nhiệm vụ năm học 2024-2025",
        "1. Tuyên truyền",
        "Một dòng gạch đầu dòng",
        "Đoạn đã tắt đánh số",
    ]


def test_pdf_drawn_decomposed_comes_back_nfc() -> None:
    lines = ["Trường Tiểu học Mỹ Thạnh A báo cáo", "kết quả thực hiện Nghị quyết 121/2020/QH14"]
    document = only(read_attachment("nfd.pdf", corpus.nfd_pdf(lines)))
    assert document.method == "text"
    assert document.text == "\n".join(lines)


@pytest.mark.parametrize(
    "issuer",
    [
        "TRƯỜNG TIỂU HỌC MỸ LẠ\u00adC",  # a soft hyphen inside a word
        "TRƯỜNG TIỂU\u2060 HỌC \ufeffMỸ LẠC",  # a word joiner, a BOM pasted as a zero-width no-break space
        "TRƯỜNG TIỂU HỌC MỸ\u00a0LẠC",  # a no-break space
        "TRƯỜNG TIỂU HỌC MỸ \u200bLẠC",  # a zero-width space beside a space
        "TRƯỜNG TIỂU HỌC MỸ\u200bLẠC",  # a zero-width space for the space
    ],
)
@pytest.mark.parametrize("render", [documents.render_docx, documents.render_pdf])
def test_invisible_characters_in_a_header_are_not_read_as_letters(issuer: str, render: Any) -> None:
    """A school name pasted from a web page or a chat app into its header ("MỸ LẠ\u00adC", a soft hyphen
    inside the word) was read with the invisible character as a letter: the header named no school and the
    report waited in review, "không khớp trường nào". Characters that print nothing are dropped, and
    no-break and zero-width spaces read as one space, wherever text is read."""
    paper = dataclasses.replace(PAPER, issuer=issuer)
    document = only(read_attachment("bc", render(paper)))
    assert document.header.issuer == "TRƯỜNG TIỂU HỌC MỸ LẠC"
    assert not re.search("[\u00ad\u2060\ufeff\u200b\u00a0]", document.text)


def test_an_rtf_header_drawn_in_text_boxes_is_read_as_the_header() -> None:
    """An RTF saved from a template whose official header is drawn in two text boxes (the school's name and
    "Số: …" in one, the motto and date line in the other) lost its header: the reader skips drawn shapes
    whole, so the report named no school and waited in review, or went by the sender's address to a school
    whose file it was not. The text boxes are read where the shapes are anchored."""
    left = "PHÒNG GD&ĐT THỦ THỪA\nTRƯỜNG TIỂU HỌC MỸ PHÚ\nSố: 41/BC-THMP"
    right = (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nMỹ Phú, ngày 15 tháng 10 năm 2026"
    )
    body = "\n".join(documents.render_text(PAPER).splitlines()[8:])
    document = only(read_attachment("BC NQ121.rtf", corpus.rtf_with_text_boxes([left, right], body)))
    assert document.format == "rtf"
    assert document.header.issuer == "TRƯỜNG TIỂU HỌC MỸ PHÚ" and document.header.number == "41/BC-THMP"
    assert document.header.date == dt.date(2026, 10, 15)
    assert document.text.count("TRƯỜNG TIỂU HỌC MỸ PHÚ") == 1  # the copy for old readers is not read twice
    assert "tieu de" not in document.text


# --- legacy encodings ---------------------------------------------------------------------------------


def test_tcvn3_docx_is_converted_run_by_run() -> None:
    plain = only(read_attachment("a.docx", TEXT_CASES["BC NQ121.docx"]))
    legacy = only(read_attachment("tcvn3.docx", documents.render_docx_legacy(PAPER, "tcvn3")))
    assert legacy.encoding == "tcvn3"
    assert legacy.text == plain.text
    assert_reads_as(legacy, PAPER)


def test_vni_and_unicode_runs_in_one_docx() -> None:
    data = corpus.docx_vni(
        [("Xin chaøo caùc baïn", "VNI-Times"), ("Kính gửi Phòng GD&ĐT", "Times New Roman")]
    )
    document = only(read_attachment("vni.docx", data))
    assert document.text == "Xin chào các bạn\nKính gửi Phòng GD&ĐT"
    assert document.encoding == "vni"


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_legacy_text_under_a_unicode_font_name_is_converted(kind: str) -> None:
    """VNI text pasted from an old file into Times New Roman, or printed to PDF under a font that does
    not carry the VNI name, stayed mojibake ("TRÖÔØNG THCS NHÒ THAØNH"): the report counted with no
    header and every section missing, as only the font's name said when to convert."""
    lines = [as_vni_mojibake(line) for line in documents.render_text(PAPER).splitlines()]
    if kind == "docx":
        data = corpus.docx_vni([(line, "Times New Roman") for line in lines])
    else:
        data = corpus.vni_pdf([(line, "calibri") for line in lines if line])
    document = only(read_attachment(f"dan-tu-ban-cu.{kind}", data))
    assert document.encoding == "vni"
    assert_reads_as(document, PAPER)


def test_legacy_text_pasted_under_a_unicode_letterhead_in_one_font_is_converted_line_by_line() -> None:
    """A VNI body pasted into Times New Roman under a letterhead typed there in Unicode: the whole text
    was converted as VNI, the letterhead with it («CỘNG HỊA», «TRƯỜNG TIỂU HỌC HỊA BÌNH»)."""
    head = [
        "PHÒNG GD&ĐT THỦ THỪA",
        "TRƯỜNG TIỂU HỌC HÒA BÌNH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Hòa Bình",
    ]
    body = documents.render_text(PAPER).splitlines()[6:]
    data = corpus.docx_vni([(line, "Times New Roman") for line in head + [as_vni_mojibake(b) for b in body]])
    document = only(read_attachment("dan-tu-ban-cu.docx", data))
    assert document.encoding == "vni"
    assert [line for line in document.text.splitlines() if line] == [line for line in head + body if line]


def test_tcvn3_text_file_is_converted() -> None:
    document = only(read_attachment("cu.txt", corpus.tcvn3(documents.render_text(PAPER))))
    assert document.encoding == "tcvn3"
    assert_reads_as(document, PAPER)


def test_word_97_doc() -> None:
    """Made once with LibreOffice from samples' paper for Tiểu học Mỹ Thạnh A (seed 7)."""
    document = only(read_attachment("bc-nq121.doc", corpus.fixture("bc-nq121.doc")))
    assert document.format == "doc"
    assert document.header.issuer == "TRƯỜNG TIỂU HỌC MỸ THẠNH A"
    assert document.header.number == "07/BC-THMTA"
    assert document.header.date == dt.date(2025, 10, 9)
    assert "I- Công tác chỉ đạo, triển khai" in document.text


def test_word_97_doc_whose_header_sits_in_text_boxes() -> None:
    """antiword writes a .doc's text boxes after the body, below a rule: a header laid out in two text
    boxes (as many templates have it) came last, so the report had no school, number or date, and
    another school's header in a reused file went unseen. Made once with LibreOffice 7.4 from a Word
    file whose header columns are two text boxes."""
    document = only(read_attachment("bc-textbox-header.doc", corpus.fixture("bc-textbox-header.doc")))
    assert document.header.issuer == "TRƯỜNG TIỂU HỌC MỸ THẠNH B"
    assert document.header.number == "32/BC-THMTB"
    assert document.header.date == dt.date(2026, 10, 20)
    assert document.header.kind == "BÁO CÁO" and document.header.signer_role == "HIỆU TRƯỞNG"
    assert document.text.index("TRƯỜNG TIỂU HỌC MỸ THẠNH B") < document.text.index("I. CÔNG TÁC CHỈ ĐẠO")


def test_word_97_doc_typed_in_tcvn3() -> None:
    """antiword drops U+00AD, TCVN3's "ư", and restore_lost_u puts it back: the same paper as
    bc-nq121.doc reads the same, except that lines set in capital fonts (.VnTimeH) come out in
    lower case, since antiword does not say which font a line was in."""
    document = only(read_attachment("bc-tcvn3.doc", corpus.fixture("bc-tcvn3.doc")))
    unicode = only(read_attachment("bc-nq121.doc", corpus.fixture("bc-nq121.doc")))
    assert document.encoding == "tcvn3"
    assert document.header.issuer == "TRƯỜNG TIỂU HỌC MỸ THẠNH A"
    assert document.header.signer_role == "HIỆU TRƯỞNG"
    assert document.header.signer_name == "Trương Thành Nghĩa"
    assert document.header == unicode.header
    assert "Trường Tiểu học Mỹ Thạnh A báo cáo kết quả thực hiện như sau:" in document.text
    assert "- Lưu: VT." in document.text
    assert document.text.lower() == unicode.text.lower()
    assert "trường tiểu học mỹ thạnh a" in document.text  # not "TRƯỜNG...": the font is lost


@pytest.mark.parametrize(
    ("fixture", "encoding", "issuer", "sentence"),
    [
        (
            "bc-unicode-head-tcvn3.doc",
            "tcvn3",
            "TRƯỜNG TIỂU HỌC LONG THUẬN",
            "Thực hiện Kế hoạch của Phòng GD&ĐT Thủ Thừa, Trường Tiểu học Long Thuận báo cáo",
        ),
        (
            "bc-unicode-head-vni.doc",
            "vni",
            "TRƯỜNG TIỂU HỌC HÒA BÌNH",
            "Thực hiện Kế hoạch của Phòng GD&ĐT Thủ Thừa, Trường Tiểu học Hòa Bình báo cáo",
        ),
    ],
)
def test_word_97_doc_with_a_unicode_letterhead_over_a_legacy_body(
    fixture: str, encoding: str, issuer: str, sentence: str
) -> None:
    """A letterhead pasted in Unicode over a body typed in .VnTime or VNI-Times: antiword names no font,
    and the Unicode letterhead kept the TCVN3 body as mojibake (every section missing, figures lost) or
    was converted as VNI with the body («CỘNG HỊA», «TRƯỜNG TIỂU HỌC HỊA BÌNH»)."""
    document = only(read_attachment("BCNQ121.doc", corpus.fixture(fixture)))
    assert document.encoding == encoding
    assert document.header.issuer == issuer
    assert document.header.parent_body == "PHÒNG GD&ĐT THỦ THỪA"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in document.text
    assert sentence in document.text
    assert "- Tổ chức 4 buổi tuyên truyền dưới cờ về phòng, chống xâm hại trẻ em." in document.text


def test_word_97_doc_with_a_tcvn3_letterhead_over_a_unicode_body() -> None:
    """A letterhead typed in .VnTimeH over a body in Unicode, the school named only in the letterhead:
    the body's Unicode kept the letterhead as «trêng mÉu gi¸o mü an» and the school went unnamed."""
    document = only(read_attachment("BCNQ121.doc", corpus.fixture("bc-tcvn3-head.doc")))
    assert document.encoding == "tcvn3"
    assert document.header.issuer == "TRƯỜNG MẪU GIÁO MỸ AN"
    assert "trường mẫu giáo mỹ an" in document.text  # lower case: antiword does not name the font
    assert "Thực hiện Kế hoạch của Phòng GD&ĐT Thủ Thừa, nhà trường báo cáo" in document.text


# --- archives -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
def test_zip_of_several_files_labels_each_member(method: int) -> None:
    """A zip stored without compression (7-Zip's "Store") whose first file is a PDF was read as that PDF
    alone: its header stands in the zip's first kilobyte. The Word file after it was never read."""
    data = documents.zip_files(
        {"BC NQ121.pdf": TEXT_CASES["BC NQ121.pdf"], "Phụ lục.docx": TEXT_CASES["BC NQ121.docx"]}, method
    )
    reading = read_attachment("baocao.zip", data)
    assert [d.name for d in reading.documents] == ["baocao.zip/BC NQ121.pdf", "baocao.zip/Phụ lục.docx"]
    for document in reading.documents:
        assert_reads_as(document, PAPER)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Báo cáo NQ121.txt".encode(), "Báo cáo NQ121.txt"),  # UTF-8 without the flag
        (corpus.cp1258("Báo cáo.txt"), "Báo cáo.txt"),  # an old Vietnamese Windows
        # An English Windows's code page 437 (a name typed without the letters it lacks): its "á" is the
        # byte windows-1258 reads as a no-break space, and the name was shown "B\xa0o c\xa0o.txt".
        ("Báo cáo.txt".encode("cp437"), "Báo cáo.txt"),
        ("Bieu mau é ô ñ.txt".encode("cp437"), "Bieu mau é ô ñ.txt"),
        (corpus.cp1258("Báo cáo – Nhà.txt"), "Báo cáo – Nhà.txt"),  # 437 reads these bytes "ßûα" too
    ],
)
def test_zip_member_names_in_legacy_encodings(raw: bytes, shown: str) -> None:
    data = corpus.raw_zip([(raw, documents.render_text(PAPER).encode(), 0)])
    assert [d.name for d in read_attachment("a.zip", data).documents] == [f"a.zip/{shown}"]


@pytest.mark.parametrize(
    "original",
    [
        "Báo cáo NQ121 Trường TH Mỹ An.txt".encode(),  # UTF-8 read as 437 by the tool that unzipped it
        corpus.cp1258("Báo cáo NQ121 Trường TH Mỹ An.txt"),  # windows-1258 read as 437
    ],
)
def test_zip_member_names_read_in_code_page_437_and_zipped_again_are_restored(original: bytes) -> None:
    """A school unzipped a Windows zip with a tool that read its names in code page 437 (an old unzip,
    a Mac), then zipped the files again: the names came as «B├ío c├ío NQ121 Tr╞░ß╗¥ng TH Mß╗╣ An.txt»,
    which staff could not read and which named no school."""
    mangled = original.decode("cp437").encode()
    data = corpus.raw_zip([(mangled, documents.render_text(PAPER).encode(), 0x800)])
    names = [d.name for d in read_attachment("a.zip", data).documents]
    assert names == ["a.zip/Báo cáo NQ121 Trường TH Mỹ An.txt"]


def test_zip_member_names_with_drawing_characters_of_their_own_stay() -> None:
    data = corpus.raw_zip([("Sơ đồ ├─ lớp 1.txt".encode(), documents.render_text(PAPER).encode(), 0x800)])
    assert [d.name for d in read_attachment("a.zip", data).documents] == ["a.zip/Sơ đồ ├─ lớp 1.txt"]


def test_zip_member_names_written_decomposed_come_back_nfc() -> None:
    """A zip from an old Vietnamese Windows (windows-1258 keeps most tones as combining marks) or from a
    Mac (NFD UTF-8) labelled its member "Nhi\u0323 Tha\u0300nh": the label was shown decomposed and
    the school name in it compared as a different spelling of the school."""
    data = corpus.raw_zip(
        [
            (corpus.cp1258("Báo cáo Nhị Thành.txt"), documents.render_text(PAPER).encode(), 0),
            (
                unicodedata.normalize("NFD", "Phụ lục Mỹ Lạc.txt").encode(),
                b"Ph\xe1\xbb\xa5 l\xe1\xbb\xa5c",
                0x800,
            ),
        ]
    )
    names = [d.name for d in read_attachment("a.zip", data).documents]
    assert names == ["a.zip/Báo cáo Nhị Thành.txt", "a.zip/Phụ lục Mỹ Lạc.txt"]
    assert all(unicodedata.is_normalized("NFC", n) for n in names)


def test_outlook_winmail_dat_gives_the_report_it_carries() -> None:
    """Outlook in rich text mode packs the attachments into winmail.dat (application/ms-tnef): the
    school's DOCX inside it was reported unreadable as "not a document, image or archive"."""
    data = corpus.winmail_dat({"Báo cáo NQ121.docx": TEXT_CASES["BC NQ121.docx"]})
    reading = read_attachment("winmail.dat", data)
    document = only(reading)
    assert document.name == "winmail.dat/Báo cáo NQ121.docx"
    assert_reads_as(document, PAPER)


def test_a_winmail_dat_without_files_is_only_formatting() -> None:
    """Outlook sends winmail.dat with every message written in its rich text, files or not: one
    without files is no file of the report, and no file that failed."""
    reading = read_attachment("winmail.dat", corpus.winmail_dat({}))
    assert reading.documents == () and reading.failures == ()
    assert archives.formatting_only(corpus.winmail_dat({}))  # so the mail is told it sent no file


def test_only_a_winmail_dat_without_files_is_only_formatting() -> None:
    """A winmail.dat carrying the report, or one too damaged to list, or any other file is a file sent."""
    carrying = corpus.winmail_dat({"Báo cáo NQ121.docx": TEXT_CASES["BC NQ121.docx"]})
    for data in (carrying, carrying[:6] + b"\x02" + b"\xff" * 20, TEXT_CASES["BC NQ121.docx"], b""):
        assert not archives.formatting_only(data)


def test_the_body_outlook_packs_in_winmail_dat_is_read() -> None:
    """Outlook sending in its rich text may pack the whole mail into winmail.dat, the report typed in its
    body: only the files inside were read, so the words the school typed were never seen."""
    typed = "Trường Tiểu học Mỹ An báo cáo:\nI. Công tác chỉ đạo, triển khai\nĐã tổ chức 4 buổi tuyên truyền."
    data = corpus.winmail_dat({}, body_rtf=corpus.rtf(typed))
    assert archives.tnef_body(data) == typed
    assert archives.formatting_only(data)  # still no file sent
    for without in (corpus.winmail_dat({}), TEXT_CASES["BC NQ121.docx"], b""):
        assert archives.tnef_body(without) == ""


def test_an_outlook_msg_gives_the_report_it_carries() -> None:
    """A mail dragged out of Outlook and attached (.msg, application/vnd.ms-outlook) carries the school's
    report: it was "a file the system cannot read"."""
    data = corpus.outlook_msg({"Báo cáo NQ121.docx": TEXT_CASES["BC NQ121.docx"]})
    document = only(read_attachment("Báo cáo NQ121.msg", data))
    assert document.name == "Báo cáo NQ121.msg/Báo cáo NQ121.docx"
    assert_reads_as(document, PAPER)


def test_a_mail_an_outlook_msg_carries_gives_its_report_too() -> None:
    """Staff forward a school's mail as an attachment, then save the forward: the report is in the mail
    the .msg carries."""
    data = corpus.outlook_msg({}, carried={"BC NQ121.docx": TEXT_CASES["BC NQ121.docx"]})
    document = only(read_attachment("TR.msg", data))
    assert document.name == "TR.msg/Báo cáo NQ121.msg/BC NQ121.docx"
    assert_reads_as(document, PAPER)


def test_a_report_typed_in_an_outlook_msg_is_read_from_its_words() -> None:
    """A small school types its report in the mail itself and forwards it saved as a .msg."""
    text = documents.render_text(PAPER)
    document = only(read_attachment("BC.msg", corpus.outlook_msg({}, body=text)))
    assert document.name == f"BC.msg/{BODY_NAME}"
    assert document.header.issuer == PAPER.issuer


def test_a_report_in_an_outlook_msgs_html_body_in_windows_1258_is_read() -> None:
    """Outlook keeps a mail written in HTML only as HTML, in the sender's code page (windows-1258 on old
    Vietnamese Windows)."""
    lines = documents.render_text(PAPER).split("\n")
    page = corpus.cp1258("".join(f"<p>{line}</p>" for line in lines))
    document = only(read_attachment("BC.msg", corpus.outlook_msg({}, body="", html=b"<html><body>" + page)))
    assert document.header.issuer == PAPER.issuer


def test_an_outlook_msg_of_a_greeting_and_no_file_gives_nothing() -> None:
    """The covering words of a saved mail ("trường gửi báo cáo") are no report, and no file that failed."""
    reading = read_attachment("BC.msg", corpus.outlook_msg({}))
    assert reading.documents == () and reading.failures == ()


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_a_damaged_outlook_msg_says_so_in_vietnamese(cut: float) -> None:
    data = corpus.outlook_msg({"Báo cáo NQ121.docx": TEXT_CASES["BC NQ121.docx"]})
    reading = read_attachment("BC.msg", data[: int(len(data) * cut)])
    assert not reading.documents
    [failure] = reading.failures
    assert failure.code == "corrupt"
    assert "BC.msg (thư lưu từ Outlook) bị hỏng" in failure.reason


def test_zip_inside_zip_is_read_one_level_deep() -> None:
    inner = documents.zip_files({"bc.docx": TEXT_CASES["BC NQ121.docx"]})
    outer = documents.zip_files({"trong.zip": inner})
    deeper = documents.zip_files({"ngoai.zip": outer})
    assert [d.name for d in read_attachment("a.zip", outer).documents] == ["a.zip/trong.zip/bc.docx"]
    reading = read_attachment("b.zip", deeper)
    assert not reading.documents
    assert [f.code for f in reading.failures] == ["unsupported"]


def test_path_traversal_names_are_only_labels() -> None:
    data = corpus.raw_zip([(b"../../etc/passwd.txt", documents.render_text(PAPER).encode(), 0)])
    assert [d.name for d in read_attachment("x.zip", data).documents] == ["x.zip/etc/passwd.txt"]


def test_zip_bomb_is_refused_before_decompressing() -> None:
    reading = read_attachment("bomb.zip", corpus.zip_bomb())
    assert [f.code for f in reading.failures] == ["too_large"]


def test_encrypted_zip_member() -> None:
    data = corpus.raw_zip(
        [(b"bc.txt", b"x" * 50, 0x1), (b"ok.txt", documents.render_text(PAPER).encode(), 0)]
    )
    reading = read_attachment("a.zip", data)
    assert [d.name for d in reading.documents] == ["a.zip/ok.txt"]
    assert [(f.name, f.code) for f in reading.failures] == [("a.zip/bc.txt", "encrypted")]


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"version": 70}, "dùng phiên bản ZIP 7.0"),  # zipfile refused the whole archive
        ({"method": 9}, "dùng phương pháp nén số 9"),  # Deflate64: called corrupt
        ({"method": 93}, "dùng phương pháp nén số 93"),  # Zstandard
    ],
)
def test_a_member_zipfile_cannot_unpack_fails_alone(change: dict[str, int], said: str) -> None:
    """A member needing ZIP 7.0 raised NotImplementedError out of the parser, and the report beside
    it was lost with the whole message."""
    archive = documents.zip_files(
        {"BC NQ121.docx": TEXT_CASES["BC NQ121.docx"], "Phụ lục.txt": documents.render_text(PAPER).encode()}
    )
    reading = read_attachment("baocao.zip", corpus.newer_member(archive, 1, **change))
    assert [d.name for d in reading.documents] == ["baocao.zip/BC NQ121.docx"]
    assert_reads_as(reading.documents[0], PAPER)
    [failure] = reading.failures
    assert (failure.name, failure.code) == ("baocao.zip/Phụ lục.txt", "unsupported")
    assert said in failure.reason and "Đề nghị trường nén lại" in failure.reason


def test_a_zip_whose_only_member_needs_a_newer_version_names_that_member() -> None:
    archive = corpus.newer_member(
        documents.zip_files({"bc.docx": TEXT_CASES["BC NQ121.docx"]}), 0, version=63 + 1
    )
    reading = read_attachment("a.zip", archive)
    assert not reading.documents
    assert [(f.name, f.code) for f in reading.failures] == [("a.zip/bc.docx", "unsupported")]


def test_7z_archive() -> None:
    data = corpus.seven_zip({"BC NQ121.docx": TEXT_CASES["BC NQ121.docx"]})
    assert_reads_as(only(read_attachment("bc.7z", data)), PAPER)


def test_a_7z_member_whose_name_is_too_long_for_the_disk_is_read() -> None:
    """Windows takes a file name of 200 Vietnamese letters; in UTF-8 it is over the 255 bytes Linux allows,
    and reading a 7z archive holding one crashed with «File name too long»: the report in it was lost."""
    name = ("Báo cáo kết quả triển khai thực hiện Nghị quyết 121 của Trường Tiểu học Mỹ An " * 3)[
        :200
    ] + ".docx"
    assert len(name.encode()) > 255
    data = corpus.seven_zip_named(name, TEXT_CASES["BC NQ121.docx"])
    reading = read_attachment("bc.7z", data)
    assert [d.name for d in reading.documents] == [f"bc.7z/{name}"]
    assert_reads_as(only(reading), PAPER)


def test_rar_archive() -> None:
    """Schools send rar archives too (WinRAR is on many school computers)."""
    data = corpus.rar_stored({"BC NQ121.docx": TEXT_CASES["BC NQ121.docx"]})
    assert_reads_as(only(read_attachment("Báo cáo.rar", data)), PAPER)


@pytest.mark.parametrize(
    "raw",
    [
        corpus.cp1258("Báo cáo NQ121 Trường MN làng Vòng.txt"),
        "Báo cáo NQ121 Trường MN làng Vòng.txt".encode(),
    ],
    ids=["windows-1258", "utf-8"],
)
def test_rar_member_names_without_the_unicode_flag(raw: bytes) -> None:
    """WinRAR on an old Vietnamese Windows wrote a member's name in its code page, without the Unicode
    flag: staff and the school's acknowledgement read «BC NQ121 TrýõÌng MN làng VoÌng.docx», as zip
    names were before they were read as the sender's Windows wrote them."""
    data = corpus.rar_stored({raw: documents.render_text(PAPER).encode()})
    assert [d.name for d in read_attachment("a.rar", data).documents] == [
        "a.rar/Báo cáo NQ121 Trường MN làng Vòng.txt"
    ]


WRONG_PASSWORD = "Mật khẩu trường gửi không mở được tệp này (có thể gõ nhầm)."


def test_7z_with_password() -> None:
    """An archive whose very listing is locked was called "Tệp bc.7z trong tệp nén": the school was told a
    file inside its archive was locked, and looked for it there."""
    reading = read_attachment("bc.7z", corpus.seven_zip({"bc.txt": b"abc"}, password="123"))
    [failure] = reading.failures
    assert failure.code == "encrypted"
    assert failure.reason.startswith("Tệp nén bc.7z được đặt mật khẩu, không giải nén được.")


@pytest.mark.parametrize(
    ("form", "method"),
    [("7z", "-mhe=on"), ("7z", "-mhe=off"), ("zip", "-mem=ZipCrypto"), ("zip", "-mem=AES256")],
    ids=["7z-locked-list", "7z", "zip", "zip-aes"],
)
def test_an_archive_locked_with_a_password_the_mail_states_is_read(form: str, method: str) -> None:
    """A school locks its archive and writes the password in the same mail («mật khẩu: 123456»): the
    archive was returned to the school as unreadable. Given the passwords the mail states, the first
    that fits opens it; a wrong one says the password sent did not open it (the school was asked for a copy
    without the lock, as if it had sent no password)."""
    data = corpus.seven_zip(
        {"BC NQ121.docx": TEXT_CASES["BC NQ121.docx"]}, password="abc@2025", form=form, method=method
    )
    reading = read_attachment(f"bc.{form}", data, passwords=("123456", "abc@2025"))
    assert_reads_as(only(reading), PAPER)
    wrong = read_attachment(f"bc.{form}", data, passwords=("123456",))
    [failure] = wrong.failures
    assert (failure.code, wrong.documents) == ("encrypted", ())
    assert "đặt mật khẩu" in failure.reason and "123456" not in failure.reason
    assert WRONG_PASSWORD in failure.reason and "gửi lại bản không đặt mật khẩu." not in failure.reason
    [unsent] = read_attachment(f"bc.{form}", data).failures
    assert unsent.reason.endswith("Đề nghị trường gửi lại bản không đặt mật khẩu.")


def test_a_pdf_locked_with_a_password_the_mail_states_is_read() -> None:
    """A PDF locked with a password the same mail states was returned to the school as unreadable; a wrong
    one is said to be wrong."""
    lines = ["TRƯỜNG TIỂU HỌC MỸ AN", "BÁO CÁO", "Kết quả thực hiện Nghị quyết 121/2020/QH14"]
    data = corpus.pdf_of_lines(lines, password="th@2025")
    assert only(read_attachment("BC.pdf", data, passwords=("1234", "th@2025"))).text.split("\n") == lines
    [failure] = read_attachment("BC.pdf", data, passwords=("1234",)).failures
    assert failure.code == "encrypted" and WRONG_PASSWORD in failure.reason


def test_a_word_file_locked_with_a_password_the_mail_states_is_read() -> None:
    """Word's «Encrypt with Password» with the password in the same mail was returned to the school."""
    locked = io.BytesIO()
    OOXMLFile(io.BytesIO(TEXT_CASES["BC NQ121.docx"])).encrypt("abc@2025", locked)
    assert_reads_as(only(read_attachment("BC.docx", locked.getvalue(), passwords=("1", "abc@2025"))), PAPER)
    [failure] = read_attachment("BC.docx", locked.getvalue(), passwords=("1",)).failures
    assert failure.code == "encrypted" and WRONG_PASSWORD in failure.reason


def test_an_opendocument_text_is_read() -> None:
    """A report saved by LibreOffice or WPS as .odt was returned to the school as a format not read."""
    assert_reads_as(only(read_attachment("BC NQ121.odt", documents.render_odt(PAPER))), PAPER)
    document = only(read_attachment("bc.odt", corpus.odt()))
    assert document.text.split("\n") == ["Số buổi tuyên truyền", "12", "Ghi chú"]
    [failure] = read_attachment("bc.odt", corpus.odt(password=True)).failures
    assert failure.code == "encrypted"


def test_what_an_opendocument_does_not_show_is_not_read() -> None:
    """A report made from another school's .odt kept that school's name in a tracked deletion, in a
    comment and in hidden text: LibreOffice shows none of them, but all were read, so a form whose only
    school name was a comment credited that school, and a school's own report waited as a joint paper
    of two schools, its header glued to the comment's author and date."""
    data = corpus.odt_of(
        "<text:tracked-changes><text:changed-region text:id='c1'><text:deletion><office:change-info>"
        "<dc:creator>GV</dc:creator><dc:date>2025-10-01T08:00:00</dc:date></office:change-info>"
        "<text:p>TRƯỜNG THCS BÌNH AN</text:p></text:deletion></text:changed-region></text:tracked-changes>"
        "<text:p>UBND XÃ MỸ AN</text:p>"
        "<text:p><text:change text:change-id='c1'/>TRƯỜNG TIỂU HỌC MỸ PHÚ<office:annotation>"
        "<dc:creator>GV</dc:creator><dc:date>2025-10-01T08:00:00</dc:date><text:p>Trường THCS Mỹ Lạc</text:p>"
        "</office:annotation><office:annotation-end/></text:p>"
        "<text:p>Tổ chức <text:span text:style-name='T1'>9 (số cũ) </text:span>12 buổi tuyên truyền."
        "<text:hidden-text text:condition='' text:string-value='x' text:is-hidden='true'>THCS Mỹ Lạc"
        "</text:hidden-text></text:p>"
        "<text:p text:style-name='P1'>Ghi chú của THCS Mỹ Lạc</text:p>",
        "<style:style style:name='T1' style:family='text'><style:text-properties text:display='none'/>"
        "</style:style><style:style style:name='P1' style:family='paragraph'>"
        "<style:text-properties text:display='none'/></style:style>",
    )
    document = only(read_attachment("BaoCao.odt", data))
    assert document.text.split("\n") == [
        "UBND XÃ MỸ AN",
        "TRƯỜNG TIỂU HỌC MỸ PHÚ",
        "Tổ chức 12 buổi tuyên truyền.",
    ]


def test_what_an_rtf_does_not_show_is_not_read() -> None:
    """An RTF kept another school's name as hidden text (\\v) or as a tracked deletion (\\deleted): Word
    shows neither, but both were read, so a form whose only name was hidden credited that school, and a
    school's own report waited with the two names run together."""

    def escaped(part: str) -> str:
        return "".join(c if ord(c) < 128 else f"\\u{ord(c)}?" for c in part)

    rtf = (
        "{\\rtf1\\ansi\\ansicpg1258\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\f0\\fs26 "
        f"{{\\v {escaped('TRƯỜNG THCS MỸ LẠC')}}}\\par\n"
        f"{{\\deleted {escaped('TRƯỜNG THCS BÌNH AN')}}}{{\\revised {escaped('TRƯỜNG TIỂU HỌC MỸ PHÚ')}}}\\par\n"
        f"{escaped('Tổ chức ')}\\v {escaped('9 (số cũ) ')}\\v0 {escaped('12 buổi')}"
        f"{{\\*\\bkmkstart x}}\\deleted {escaped(' cũ')}\\plain {escaped(' tuyên truyền.')}\\par\n}}"
    ).encode("ascii")
    document = only(read_attachment("BaoCao.rtf", rtf))
    assert [line for line in document.text.split("\n") if line] == [
        "TRƯỜNG TIỂU HỌC MỸ PHÚ",
        "Tổ chức 12 buổi tuyên truyền.",
    ]


def test_an_outlook_mail_of_the_report_and_many_photos_says_which_photos_were_not_read() -> None:
    """A mail saved from Outlook with the report and 60 photos is read as a zip of them is: the photos
    not read are named, not called an empty file."""
    files = {"BC NQ121.docx": TEXT_CASES["BC NQ121.docx"]}
    files |= {f"IMG_{n}.jpg": b"\xff\xd8\xff\xe0 photo %d" % n for n in range(1, 61)}
    reading = read_attachment("BC.msg", corpus.outlook_msg(files))
    assert [d.name for d in reading.documents] == ["BC.msg/BC NQ121.docx"]
    [failure] = reading.failures
    assert failure.code == "too_large" and "không đọc 60 ảnh" in failure.reason


def test_too_many_files_in_archive() -> None:
    data = documents.zip_files({f"{i}.txt": b"abc" for i in range(5)})
    reading = read_attachment("a.zip", data, Limits(max_archive_files=3))
    assert [f.code for f in reading.failures] == ["too_large"]


@pytest.mark.parametrize("form", ["zip", "7z"])
def test_an_archive_of_the_report_and_many_photos_reads_the_report(form: str) -> None:
    """A school zipped its report with 60 photos of its activities: the archive broke the limit of 50 files
    and nothing of it was read. The documents are read, and one failure says which photos were not."""
    files = {"BC NQ121.docx": TEXT_CASES["BC NQ121.docx"]}
    files |= {f"IMG_{n}.jpg": b"\xff\xd8\xff\xe0 photo %d" % n for n in range(1, 61)}
    data = documents.zip_files(files) if form == "zip" else corpus.seven_zip(files, form="7z")
    reading = read_attachment(f"BC.{form}", data)
    assert [d.name for d in reading.documents] == [f"BC.{form}/BC NQ121.docx"]
    [failure] = reading.failures
    assert failure.code == "too_large"
    assert "không đọc 60 ảnh" in failure.reason and "IMG_1.jpg … IMG_60.jpg" in failure.reason
    papers = documents.zip_files({f"{n}.docx": TEXT_CASES["BC NQ121.docx"] for n in range(51)} | files)
    assert [f.code for f in read_attachment("BC.zip", papers).failures] == ["too_large"]
    assert not read_attachment("BC.zip", papers).documents
    bomb = documents.zip_files(
        {f"{n}.jpg": b"" for n in range(501)} | {"BC NQ121.docx": files["BC NQ121.docx"]}
    )
    assert not read_attachment("BC.zip", bomb).documents


# --- failures staff read ------------------------------------------------------------------------------

FAILURES = {
    "encrypted.pdf": (corpus.pdf_of_lines(["Báo cáo"], password="1234"), "encrypted", "mật khẩu"),
    "empty.pdf": (b"", "empty", "rỗng"),
    "blank.txt": (b"  \n\n ", "empty", "rỗng"),
    "corrupt.pdf": (b"%PDF-1.7\n" + bytes(range(256)) * 20, "corrupt", "bị hỏng"),
    "truncated.docx": (TEXT_CASES["BC NQ121.docx"][:2000], "corrupt", "Tệp Word"),
    "video.mp4": (b"\x00\x00\x00\x18ftypmp42" + bytes(2000), "unsupported", "không phải văn bản"),
}


@pytest.mark.parametrize("name", FAILURES)
def test_bad_files_become_failures_in_vietnamese(name: str) -> None:
    data, code, words = FAILURES[name]
    reading = read_attachment(name, data)
    assert not reading.documents
    [failure] = reading.failures
    assert (failure.name, failure.code) == (name, code)
    assert words in failure.reason


def test_a_word_file_cut_short_says_so_in_words_a_school_reads() -> None:
    """A .docx cut off by an interrupted upload was refused with "bị hỏng, không mở được (BadZipFile)":
    a Python exception's name in the sentence the school reads, and nothing about what happened."""
    data = TEXT_CASES["BC NQ121.docx"]
    [failure] = read_attachment("BC NQ121.docx", data[: len(data) * 6 // 10]).failures
    assert failure.code == "corrupt" and "bị cắt" in failure.reason and "gửi lại" in failure.reason
    assert "Error" not in failure.reason and "BadZipFile" not in failure.reason


OTHER_OFFICE_FILES = {
    "BC NQ121.pptx": (
        {"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p:presentation/>"},
        "bản trình chiếu",
    ),
    "BC NQ121.odp": (
        {"mimetype": b"application/vnd.oasis.opendocument.presentation", "content.xml": b"<x/>"},
        "bản trình chiếu",
    ),
    # «hệ thống chưa đọc bảng tính» was false of the .xlsx files it reads; the school is told what to send.
    "Thong ke.ods": (
        {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"},
        "chưa đọc được bảng tính .ods. Đề nghị trường gửi báo cáo dạng Word hoặc PDF, hoặc lưu bảng tính thành tệp Excel (.xlsx)",
    ),
    "BC NQ121.xps": (
        {"FixedDocumentSequence.fdseq": b"<FixedDocumentSequence/>", "Documents/1/Pages/1.fpage": b"<F/>"},
        "XPS",
    ),
    # Pages on an iPhone or Mac: its package read as an archive told the school that
    # "BC NQ121.pages/Index/Document.iwa" was not a file it could read, a name the school never sent.
    "BC NQ121.pages": (
        {
            "Index/Document.iwa": b"\x00\x01",
            "Metadata/Properties.plist": b"<plist/>",
            "preview.jpg": b"\xff\xd8",
        },
        "Pages",
    ),
}


@pytest.mark.parametrize("name", OTHER_OFFICE_FILES)
def test_slides_spreadsheets_and_xps_prints_are_unsupported_not_archives(name: str) -> None:
    """A .pptx, .odp, .ods or .xps is a zip: it was opened as an archive and its XML members read as
    text, so slides or a spreadsheet sent instead of the report counted as the report received."""
    members, words = OTHER_OFFICE_FILES[name]
    reading = read_attachment(name, documents.zip_files(members))
    assert not reading.documents
    [failure] = reading.failures
    # A print or a Pages file is a paper in a form baocao cannot read: it may be the report.
    paper = name.endswith((".xps", ".pages"))
    assert (failure.name, failure.code) == (name, "format" if paper else "unsupported")
    assert words in failure.reason and "PDF" in failure.reason


def test_oversized_input() -> None:
    reading = read_attachment("big.pdf", TEXT_CASES["BC NQ121.pdf"], Limits(max_bytes=1000))
    assert [f.code for f in reading.failures] == ["too_large"]


# --- mail bodies --------------------------------------------------------------------------------------


def test_body_holding_the_report_is_a_document() -> None:
    document = read_body(documents.render_text(PAPER))
    assert document is not None
    assert (document.name, document.format) == (BODY_NAME, "text")
    assert_reads_as(document, PAPER)


@pytest.mark.parametrize(
    "body", ["Kính gửi Phòng GD&ĐT,\nTrường gửi báo cáo đính kèm.\nTrân trọng.", "", "\n\n"]
)
def test_greeting_body_is_not_a_document(body: str) -> None:
    assert read_body(body) is None


def _with_a_committee(paper: Paper) -> Paper:
    """paper whose first section lists its steering committee one member a line, then goes on."""
    (heading, paragraphs), *rest = paper.sections
    listed = ("Ban chỉ đạo gồm:", "Nguyễn Văn An", "Lê Thị Hồng", "Trần Văn Bình", *paragraphs)
    return dataclasses.replace(paper, sections=((heading, listed), *rest))


@pytest.mark.parametrize("form", ["docx", "body"])
def test_a_committee_listed_one_member_a_line_stays_in_its_section(form: str) -> None:
    """A school listed its steering committee one member a line under «Ban chỉ đạo gồm:» in section I:
    the first name ended section I as a signer's name would, and its work after the list was lost. The
    names and what follows are section I's; the signer still ends the last section."""
    paper = _with_a_committee(PAPER)
    if form == "docx":
        document = only(read_attachment("BC NQ121.docx", documents.render_docx(paper), LIMITS))
    else:
        body = read_body(documents.render_text(paper))
        assert body is not None
        document = body
    found = {s.id: s.text for s in find_sections(document.text, SPECS).found}
    (_, listed), *_ = paper.sections
    assert found["chi_dao"].splitlines() == list(listed)
    assert found["de_xuat"] == "Không có."


def test_body_in_tcvn3_mojibake_is_fixed() -> None:
    mojibake = corpus.tcvn3(documents.render_text(PAPER)).decode("latin-1")
    document = read_body(mojibake)
    assert document is not None and document.encoding == "tcvn3"
    assert document.header.issuer == PAPER.issuer


# --- OCR: about three pages in all, made once per session ------------------------------------------------


@pytest.fixture(scope="session")
def scan_reading() -> Reading:
    return read_attachment("scan.pdf", documents.render_scan(SCAN_PAPER, skew=0.8, stamp=True), LIMITS)


@pytest.fixture(scope="session")
def photo_reading() -> Reading:
    return read_attachment("IMG_2031.jpg", documents.render_photo_jpeg(SCAN_PAPER), LIMITS)


def test_scanned_pdf_is_read_by_ocr(scan_reading: Reading) -> None:
    document = only(scan_reading)
    assert document.method == "ocr"
    assert all(p.method == "ocr" and p.confidence is not None for p in document.pages)
    assert document.ocr_confidence == min(p.confidence for p in document.pages if p.confidence is not None)
    assert document.ocr_confidence is not None and document.ocr_confidence > 60
    assert document.header.date == SCAN_PAPER.date
    assert fold(SCAN_PAPER.issuer) in fold(document.text)
    found = [h for _, h in SCAN_PAPER.expected.headings if fold(h) in fold(document.text)]
    assert len(found) >= len(SCAN_PAPER.expected.headings) - 1  # OCR may misread one tone mark


@pytest.mark.parametrize("turn", [90, 180])
def test_a_sheet_scanned_upside_down_or_sideways_is_read_upright(turn: int) -> None:
    """A sheet fed into the scanner the wrong way round came back as mirrored gibberish (confidence
    about 40): no header, no school, so the school's signed report counted for nothing."""
    document = only(
        read_attachment("scan.pdf", documents.render_scan(SCAN_PAPER, pages=1, turn=turn), LIMITS)
    )
    assert document.ocr_confidence is not None and document.ocr_confidence > 60
    assert document.header.date == SCAN_PAPER.date
    assert fold(SCAN_PAPER.issuer) in fold(document.text)


def test_phone_photo_is_read_by_ocr(photo_reading: Reading) -> None:
    document = only(photo_reading)
    assert (document.format, document.method) == ("image", "ocr")
    assert fold(SCAN_PAPER.issuer) in fold(document.text)


def test_a_phone_photo_tilted_a_few_degrees_is_read_whole(photo_reading: Reading) -> None:
    """A phone photo of a page a few degrees off square: tesseract broke the long lines apart and kept
    under half of the page, dropping the title "BÁO CÁO" and its subject, at a confidence of 94, so the
    report lost what named it and the figures in the lines dropped."""
    document = only(photo_reading)
    text = " ".join(fold(document.text).split())
    assert document.header.kind == "BÁO CÁO"
    assert all(" ".join(fold(line).split()) in text for line in SCAN_PAPER.summary)
    assert len(find_sections(document.text, SPECS).found) >= 3


def test_a_photo_sent_through_a_chat_app_is_read_at_print_resolution() -> None:
    """A page photographed with a phone's document mode (cropped and straightened) and sent through
    Zalo comes cut to 1024-1280 pixels on its long side, about 90-110 dpi for an A4 page: OCR read its
    small letters poorly, took "BÁO CÁO." for part of the school's name and ran the first headings into
    it, so the paper had no title and staff read a header the school never wrote."""
    scan = pypdfium2.PdfDocument(documents.render_scan(SCAN_PAPER, pages=1, skew=0))
    try:
        photo = scan[0].render(scale=200 / 72).to_pil().convert("RGB")
    finally:
        scan.close()
    photo.thumbnail((1024, 1024), Image.Resampling.LANCZOS)
    sent = io.BytesIO()
    photo.save(sent, "JPEG", quality=70)
    document = only(read_attachment("z5829123412_8f1c.jpg", sent.getvalue(), LIMITS))
    assert document.header.issuer == SCAN_PAPER.issuer
    assert document.header.kind == "BÁO CÁO"


def test_the_lines_under_a_shadow_on_a_photo_are_read(photo_reading: Reading) -> None:
    """A phone photo with the shadow of the hand holding the phone over the lower part of the page:
    OCR's one threshold for the whole page lost the lines under the shadow, the section heading there
    among them, without lowering its confidence; the school was shown as missing a section a person
    reads on the photo."""
    photo = Image.open(io.BytesIO(documents.render_photo_jpeg(SCAN_PAPER))).convert("RGB")
    shadow = Image.new("L", photo.size, 255)
    box = (-photo.width * 0.3, photo.height * 0.55, photo.width * 0.55, photo.height * 1.3)
    ImageDraw.Draw(shadow).ellipse(box, fill=150)
    shadow = shadow.filter(ImageFilter.GaussianBlur(photo.width // 30))
    shaded = io.BytesIO()
    ImageChops.multiply(photo, Image.merge("RGB", (shadow, shadow, shadow))).save(shaded, "JPEG", quality=80)
    document = only(read_attachment("IMG_2032.jpg", shaded.getvalue(), LIMITS))
    in_light = [s.id for s in find_sections(only(photo_reading).text, SPECS).found]
    assert len(in_light) >= 3
    assert [s.id for s in find_sections(document.text, SPECS).found] == in_light


def _sealed_over_the_name(dpi: int) -> Image.Image:
    """The scan's first page rendered at dpi with a red seal stamped over the header's school name."""
    scan = pypdfium2.PdfDocument(documents.render_scan(SCAN_PAPER, pages=1, skew=0))
    try:
        page = scan[0].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        scan.close()
    mm = dpi / 25.4
    x, y, radius = 50 * mm, 27 * mm, 17 * mm
    seal = Image.new("RGB", page.size, "white")
    draw = ImageDraw.Draw(seal)
    draw.ellipse(
        (x - radius, y - radius, x + radius, y + radius), outline=(205, 35, 40), width=round(0.8 * mm)
    )
    inner = radius * 0.7
    draw.ellipse((x - inner, y - inner, x + inner, y + inner), outline=(205, 35, 40), width=round(0.4 * mm))
    font = ImageFont.truetype(str(documents.FONT_DIR / "DejaVuSans-Bold.ttf"), round(2.6 * mm))
    draw.text((x, y - 3 * mm), "HIỆU TRƯỞNG", font=font, fill=(205, 35, 40), anchor="mm")
    draw.text((x, y + 3 * mm), "THỦ THỪA", font=font, fill=(205, 35, 40), anchor="mm")
    return ImageChops.multiply(page, seal)


def test_a_red_seal_stamped_over_the_schools_name_is_read_through() -> None:
    """A school stamped its red seal over the header's name, as on an appendix: in greyscale the seal
    was as dark as the letters under it, OCR dropped the whole left column, and the report had no
    school's name; a person reads the name through the red ink."""
    photo = io.BytesIO()
    _sealed_over_the_name(200).save(photo, "JPEG", quality=85)
    document = only(read_attachment("IMG_2033.jpg", photo.getvalue(), LIMITS))
    assert document.header.issuer == SCAN_PAPER.issuer


def test_a_copier_scan_with_a_seal_over_the_name_and_a_tilt_is_read_as_a_photo_is() -> None:
    """The same sealed page scanned on the office copier into a PDF, fed a few degrees askew: the PDF's
    pages were rendered in greyscale and left as they lay, so the seal read as ink ("G MG LDNÑG
    THƯỢNG" for the school) while the same page sent as a photo was read through; the copier's
    compressed colour left the seal too grey to lighten away."""
    page = _sealed_over_the_name(150).rotate(3, fillcolor="white")
    scan = io.BytesIO()
    page.save(scan, "PDF", resolution=150.0, quality=60)  # a copier's strong compression
    document = only(read_attachment("scan0007.pdf", scan.getvalue(), LIMITS))
    assert document.header.issuer == SCAN_PAPER.issuer
    assert document.header.kind == "BÁO CÁO"
    assert all(
        " ".join(fold(line).split()) in " ".join(fold(document.text).split()) for line in SCAN_PAPER.summary
    )


def test_a_seal_over_the_signers_name_scanned_in_black_and_white_is_read_through() -> None:
    """A signed and stamped report scanned in black and white: the red seal over the principal's name came
    out dark grey, OCR took the signing block for a picture and dropped it, and the report had neither
    the signer's role nor name."""
    scan = pypdfium2.PdfDocument(documents.render_scan(SCAN_PAPER, skew=0))
    try:
        sheets = [scan[i].render(scale=150 / 72).to_pil().convert("L") for i in range(len(scan))]
    finally:
        scan.close()
    document = only(read_attachment("scan_bw.pdf", _scan_pdf(sheets), LIMITS))
    assert fold(document.header.signer_role or "") == fold(SCAN_PAPER.signer_role)
    assert document.header.signer_name == SCAN_PAPER.signer_name
    assert document.header.issuer == SCAN_PAPER.issuer
    assert document.header.date == SCAN_PAPER.date


def test_a_seal_over_the_date_line_scanned_in_black_and_white_is_read_through() -> None:
    """A school stamped its seal over the header's date line and scanned the page in black and white: the
    dark grey seal hid the date, and the report had none; the title beside the seal stays whole."""
    sheet = _scanned_sheet().convert("RGB")
    mm = 150 / 25.4
    seal = Image.new("RGB", sheet.size, "white")
    x, y, radius = 150 * mm, 24 * mm, 17 * mm
    ImageDraw.Draw(seal).ellipse(
        (x - radius, y - radius, x + radius, y + radius), outline=(205, 35, 40), width=round(0.6 * mm)
    )
    font = ImageFont.truetype(str(documents.FONT_DIR / "DejaVuSans-Bold.ttf"), round(2.6 * mm))
    ImageDraw.Draw(seal).text((x, y), "MẪU GIÁO LONG THƯỢNG", font=font, fill=(205, 35, 40), anchor="mm")
    page = ImageChops.multiply(sheet, seal).convert("L")
    document = only(read_attachment("scan_bw.pdf", _scan_pdf([page]), LIMITS))
    assert document.header.date == SCAN_PAPER.date
    assert fold(document.header.title or "") == fold(" ".join(SCAN_PAPER.summary))


def test_the_document_number_beside_a_lower_date_line_is_read() -> None:
    """«Số: 60/BC-MGLT» on the left of the header, the date line in italics on the right a few pixels
    lower: OCR took the two for one line and read the number as «114402422205», and a report scanned at
    150 dpi had no number."""
    document = only(read_attachment("scan.pdf", documents.render_scan(SCAN_PAPER, pages=1, skew=0), LIMITS))
    assert document.header.number == SCAN_PAPER.number
    assert document.header.date == SCAN_PAPER.date


def test_a_fax_in_standard_resolution_is_read_at_its_letters_height() -> None:
    """A report faxed to the office's fax-to-mail service came as a TIFF of one black-and-white frame per
    page scanned at 204 dpi across but 98 down: read pixel for pixel, its letters were half their height
    and OCR gave gibberish at 36 %, so the school's faxed report waited for staff as unreadable."""
    scan = pypdfium2.PdfDocument(documents.render_scan(SCAN_PAPER, skew=0))
    try:
        sheets = [scan[i].render(scale=200 / 72).to_pil().convert("L") for i in range(len(scan))]
    finally:
        scan.close()
    frames = [
        sheet.resize(
            (round(sheet.width * 204 / 200), round(sheet.height * 98 / 200)), Image.Resampling.LANCZOS
        )
        .point(lambda v: 255 if v > 150 else 0)
        .convert("1")
        for sheet in sheets
    ]
    fax = io.BytesIO()
    frames[0].save(fax, "TIFF", save_all=True, append_images=frames[1:], compression="group3", dpi=(204, 98))
    document = only(read_attachment("FAX_0412.tif", fax.getvalue(), LIMITS))
    assert len(document.pages) == len(sheets)
    assert document.ocr_confidence is not None and document.ocr_confidence > 80
    assert document.header.issuer == SCAN_PAPER.issuer
    assert document.header.kind == "BÁO CÁO"


def test_a_200_megapixel_phone_photo_is_read(tmp_path: Path) -> None:
    """Phones' 108 MP and 200 MP modes save photos past Pillow's decompression-bomb bound (89.5 MP): the
    photo of a signed report was refused as «kích thước quá lớn bất thường» and the school asked to take
    it again «ở độ phân giải thông thường (200-300 dpi)». It is read, decoded at a quarter of its size."""
    photo = huge_photo.write(tmp_path / "IMG_20251023_090102.jpg", "Trường Mẫu giáo Long Thượng", 2025)
    document = only(read_attachment("IMG_20251023_090102.jpg", photo, LIMITS))
    assert (document.format, document.method) == ("image", "ocr")
    assert document.header.issuer == SCAN_PAPER.issuer
    assert document.ocr_confidence is not None and document.ocr_confidence > 80


def _claiming(picture: bytes, width: int, height: int, padding: int = 0) -> bytes:
    """A small JPEG or PNG whose header claims width x height pixels, padding bytes of comment or private
    chunk after it."""
    if picture.startswith(b"\xff\xd8"):
        at = picture.index(b"\xff\xc0") + 5
        comment = b"\xff\xfe" + (padding + 2).to_bytes(2, "big") + b"x" * padding if padding else b""
        return picture[:2] + comment + picture[2:at] + struct.pack(">HH", height, width) + picture[at + 4 :]
    header = b"IHDR" + struct.pack(">II", width, height) + picture[24:29]
    chunk = b"prVt" + b"x" * padding
    return (
        picture[:12]
        + header
        + struct.pack(">I", zlib.crc32(header))
        + struct.pack(">I", padding)
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
        + picture[33:]
    )


def _small(kind: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "white").save(out, kind)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "picture", "said"),
    [
        ("IMG_0001.jpg", _claiming(_small("JPEG"), 12240, 16320), "không phải ảnh chụp hay bản quét thật"),
        ("IMG_0002.jpg", _claiming(_small("JPEG"), 20000, 15000, 60_000), "quá lớn"),
        ("IMG_0003.png", _claiming(_small("PNG"), 10000, 10000, 200_000), "quá lớn"),
    ],
    ids=["bomb", "past-250-mp", "png-past-89-mp"],
)
def test_a_picture_too_large_to_read_is_refused_saying_what_to_send(
    name: str, picture: bytes, said: str
) -> None:
    """A picture claiming a huge canvas in a tiny file (a decompression bomb), past 250 MP, or past what
    can be decoded whole in a format that cannot be decoded reduced, is refused; the school was told to
    rescan «ở độ phân giải thông thường (200-300 dpi)», which no one taking a phone photo can act on."""
    reading = read_attachment(name, picture, LIMITS)
    [failure] = reading.failures
    assert failure.code == "too_large" and said in failure.reason
    assert "dpi" not in failure.reason and "PDF" in failure.reason


def test_an_iphone_heic_photo_is_read_by_ocr() -> None:
    """An iPhone saves its photos as HEIC: the photo of a signed report was recorded unreadable as
    "not a document, image or archive", and the school was asked for a file it had sent."""
    jpeg = Image.open(io.BytesIO(documents.render_photo_jpeg(SCAN_PAPER)))
    heic = io.BytesIO()
    jpeg.save(heic, "HEIF", quality=80)
    document = only(read_attachment("IMG_4411.HEIC", heic.getvalue(), LIMITS))
    assert (document.format, document.method) == ("image", "ocr")
    assert fold(SCAN_PAPER.issuer) in fold(document.text)


def test_an_avif_photo_is_read_by_ocr() -> None:
    """Android phones (and Zalo's "HD" photos) save AVIF: the photo of a signed report was recorded
    unreadable as "not a document, image or archive", and the school was asked for a Word or PDF file
    instead of a clearer photo of the one it had sent."""
    jpeg = Image.open(io.BytesIO(documents.render_photo_jpeg(SCAN_PAPER)))
    avif = io.BytesIO()
    jpeg.save(avif, "AVIF", quality=80)
    document = only(read_attachment("IMG_20211018.avif", avif.getvalue(), LIMITS))
    assert (document.format, document.method) == ("image", "ocr")
    assert fold(SCAN_PAPER.issuer) in fold(document.text)


JPEG_XL = {
    "IMG_20251018.jxl": b"\xff\x0a" + random.Random(1).randbytes(4000),  # the bare codestream
    "Bao cao NQ121.jxl": (  # the ISO container: its signature box, then ftyp, then the codestream's box
        b"\x00\x00\x00\x0cJXL \x0d\x0a\x87\x0a\x00\x00\x00\x14ftypjxl \x00\x00\x00\x00jxl "
        + b"\x00\x00\x0f\xa8jxlc\xff\x0a"
        + random.Random(2).randbytes(4000)
    ),
}


@pytest.mark.parametrize("name", JPEG_XL)
def test_a_jpeg_xl_photo_is_named_an_image_baocao_cannot_read_yet(name: str) -> None:
    """A photo of a signed report saved as JPEG XL was recorded as "không phải văn bản, ảnh hay tệp nén"
    and the school asked for a Word or PDF file: it had sent an image, only in a format baocao cannot
    read yet. The school is told so and asked for a PDF, or a photo as JPEG or PNG."""
    reading = read_attachment(name, JPEG_XL[name], LIMITS)
    assert not reading.documents
    [failure] = reading.failures
    assert (failure.name, failure.code) == (name, "format")
    assert "ảnh JPEG XL" in failure.reason and "không phải văn bản" not in failure.reason
    assert all(asked in failure.reason for asked in ("PDF", "JPEG hay PNG"))


def test_a_16_bit_grey_scan_is_read_by_ocr() -> None:
    """A scanner set to 16-bit greyscale saves a PNG whose white is 65535: converting it to 8 bits
    clipped every grey above 255 to white, so the page OCR saw was blank but for its blackest specks
    and the report was recorded unreadable."""
    photo = Image.open(io.BytesIO(documents.render_photo_jpeg(SCAN_PAPER))).convert("L")
    deep = photo.convert("I").point(lambda v: v * 257).convert("I;16")
    png = io.BytesIO()
    deep.save(png, "PNG")
    assert Image.open(io.BytesIO(png.getvalue())).mode == "I;16"
    document = only(read_attachment("scan.png", png.getvalue(), LIMITS))
    assert fold(SCAN_PAPER.issuer) in fold(document.text)


def test_a_picture_on_a_transparent_background_is_read_on_white() -> None:
    """A page saved as a PNG whose paper is transparent (its hidden colour black, as many programs
    write it): dropping the transparency left a black page, nothing was recognised and the report
    was recorded unreadable."""
    page = Image.open(io.BytesIO(documents.render_photo_jpeg(SCAN_PAPER))).convert("L")
    ink = page.point(lambda v: 255 - v)
    black = Image.new("L", page.size, 0)
    png = io.BytesIO()
    Image.merge("RGBA", (black, black, black, ink)).save(png, "PNG")
    document = only(read_attachment("baocao.png", png.getvalue(), LIMITS))
    assert fold(SCAN_PAPER.issuer) in fold(document.text)


def test_a_scan_whose_page_size_is_its_pixel_count_is_read_at_a_sheets_size() -> None:
    """Scanning software that writes a scan's pixel count as its page size in points made an A4 page
    four feet long; rendered whole at the OCR resolution it took 2.5 GB for one page (a multi-page scan
    could exhaust the machine). Its pages now reach OCR no larger than an A3 sheet (a tenth more when
    the page is turned level)."""
    page = Image.open(io.BytesIO(documents.render_photo_jpeg(SCAN_PAPER, dpi=300))).convert("L")
    pdf = io.BytesIO()
    page.save(pdf, "PDF", resolution=72.0)  # one point a pixel
    sizes: list[tuple[int, int]] = []

    def reader(pngs: Iterable[bytes], limits: Limits) -> list[OcrPage]:
        sizes.extend(Image.open(io.BytesIO(png)).size for png in pngs)
        return [OcrPage(documents.render_text(SCAN_PAPER), 90.0) for _ in sizes]

    document = only(read_attachment("scan.pdf", pdf.getvalue(), LIMITS, ocr=reader))
    assert document.method == "ocr"
    [size] = sizes
    assert max(size) <= 1.1 * round(16.54 * LIMITS.ocr_dpi) < max(page.size) * LIMITS.ocr_dpi / 72


def test_an_image_of_absurd_size_is_refused_with_what_to_send_instead() -> None:
    """A 20000 x 20000 pixel PNG (a few hundred kilobytes, gigabytes once decoded) was refused, but its
    reason only said it was too large: the school was not told what to send instead."""
    png = io.BytesIO()
    Image.new("1", (20000, 20000), 1).save(png, "PNG")
    reading = read_attachment("baocao.png", png.getvalue(), LIMITS)
    assert not reading.documents
    [failure] = reading.failures
    assert failure.code == "too_large" and "quá lớn" in failure.reason and "Đề nghị trường" in failure.reason


def _docx_with_picture(picture: bytes, typed: bytes | None = None, line: str = "") -> bytes:
    """A Word document (typed, or a new one) with a picture pasted in, as schools paste a scanned page."""
    document = docx.Document(io.BytesIO(typed)) if typed else docx.Document()
    if line:
        document.add_paragraph(line)
    document.add_picture(io.BytesIO(picture), width=docx.shared.Mm(160))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_scanned_report_pasted_into_word_is_read_by_ocr() -> None:
    """A school scanned its signed report and pasted the page into a Word file: it was recorded
    unreadable, "Tệp Word ... không có nội dung chữ nào", and the school was told its file had no text."""
    page = documents.render_photo_jpeg(SCAN_PAPER, dpi=150)
    document = only(
        read_attachment("BC NQ121.docx", _docx_with_picture(page, line="Bản scan có dấu"), LIMITS)
    )
    assert (document.format, document.method, len(document.pages)) == ("docx", "mixed", 1)
    assert document.ocr_confidence is not None
    assert document.header.issuer == SCAN_PAPER.issuer
    assert document.header.kind == "BÁO CÁO"


_COVER_LETTER = (
    "Kính gửi: UBND xã Mỹ An.\n"
    + "Thực hiện Công văn số 215/UBND-VHXH ngày 01/10/2026 của UBND xã Mỹ An về việc báo cáo kết quả thực hiện "
    "Nghị quyết số 121/2020/QH14 của Quốc hội về phòng, chống xâm hại trẻ em, nhà trường gửi kèm theo công văn này "
    "báo cáo kết quả thực hiện năm 2026 của đơn vị (bản scan có chữ ký, đóng dấu ở trang sau). "
    * 3
    + "\nTrân trọng./."
)


def test_a_cover_letter_typed_over_the_reports_scanned_pages_reads_the_pages() -> None:
    """A school typed its cover letter («công văn») in Word and pasted the signed report's scanned pages
    under it: with that much typed text the pictures were not read, and the mail was answered that it
    held only a cover letter and no report, the school told to send again what it had sent."""
    page = documents.render_photo_jpeg(SCAN_PAPER, dpi=150)
    document = only(
        read_attachment("CV + BC NQ121.docx", _docx_with_picture(page, line=_COVER_LETTER), LIMITS)
    )
    assert (document.method, len(document.pages)) == ("mixed", 1)
    assert SCAN_PAPER.issuer in document.text.upper()


def test_a_short_notes_activity_photo_is_not_read_as_a_page() -> None:
    """A photo of an activity (wider than tall) under a typed note of a few lines is not a scanned page."""
    read: list[int] = []

    def reader(pngs: Iterable[bytes], limits: Limits) -> list[OcrPage]:
        read.append(len(list(pngs)))
        return [OcrPage("", None)]

    photo = io.BytesIO()
    Image.new("RGB", (1600, 1200), "white").save(photo, format="JPEG")
    only(read_attachment("CV.docx", _docx_with_picture(photo.getvalue(), line=_COVER_LETTER), ocr=reader))
    assert read == []


def test_pictures_of_a_typed_report_and_a_logo_are_not_ocr_d() -> None:
    read: list[int] = []

    def reader(pngs: Iterable[bytes], limits: Limits) -> list[OcrPage]:
        read.append(len(list(pngs)))
        return [OcrPage("", None)]

    photo = documents.render_photo_jpeg(SCAN_PAPER, dpi=150)
    typed = _docx_with_picture(
        photo, TEXT_CASES["BC NQ121.docx"]
    )  # a typed report with a photo of an activity
    assert_reads_as(only(read_attachment("typed.docx", typed, ocr=reader)), PAPER)
    logo = io.BytesIO()
    Image.new("RGB", (240, 90), "white").save(logo, format="PNG")
    reading = read_attachment("logo.docx", _docx_with_picture(logo.getvalue()), ocr=reader)
    assert [(f.code, f.reason) for f in reading.failures] == [
        ("empty", "Tệp Word logo.docx không có nội dung chữ nào.")
    ]
    assert read == []


def test_mixed_pdf_ocrs_only_the_scanned_pages(scan_reading: Reading) -> None:
    """Pages with a text layer are not OCR'd; here no page is, by giving OCR no time at all."""
    from pypdfium2 import PdfDocument

    text_pdf = PdfDocument(TEXT_CASES["BC NQ121.pdf"])
    scan = PdfDocument(documents.render_scan(SCAN_PAPER))
    text_pdf.import_pages(scan, [0])

    out = io.BytesIO()
    text_pdf.save(out)
    document = only(
        read_attachment("mixed.pdf", out.getvalue(), dataclasses.replace(LIMITS, ocr_page_seconds=0.01))
    )
    assert document.method == "mixed"
    assert [p.method for p in document.pages][-1] == "ocr"
    assert document.pages[-1].text == ""
    assert any("quá thời gian" in w for w in document.warnings)


def test_a_pdf_whose_fonts_lost_their_unicode_map_is_read_from_its_images() -> None:
    """A PDF printer that drops the fonts' ToUnicode maps gives a text layer of glyph numbers (control
    characters): it was taken as the text, so the typed report had no header, no school and no sections."""
    data = documents.render_pdf(SCAN_PAPER, unicode_map=False)
    document = only(read_attachment("BC NQ121.pdf", data, LIMITS))
    assert document.method == "ocr"
    assert document.header.kind == "BÁO CÁO"
    assert document.header.date == SCAN_PAPER.date
    assert fold(SCAN_PAPER.issuer) in fold(document.text)
    assert any("nhận dạng lại chữ từ ảnh" in w for w in document.warnings)


def test_a_scanner_apps_text_layer_without_tone_marks_is_read_again() -> None:
    """A phone scanner app (CamScanner) lays its own OCR under the page images; knowing no Vietnamese,
    it gives every word without its marks, and that layer was taken as the text: the school's name came
    out as "TRUONG ... MY LAC", which fits no school or the wrong one of two namesakes."""
    data = documents.render_scan_app_pdf(SCAN_PAPER)
    document = only(read_attachment("CamScanner 20-10-2025 09.15.pdf", data, LIMITS))
    assert document.method == "ocr"
    assert document.header.issuer is not None
    assert fold(document.header.issuer) == fold(SCAN_PAPER.issuer)
    assert SCAN_PAPER.issuer.split()[-1] in document.header.issuer  # its tone marks read from the image
    assert document.ocr_confidence is not None and document.ocr_confidence > 60


@pytest.mark.parametrize("glyphs", ["†‡¶§þƒˆæð‹", "þƒæðßøÞÐ"], ids=["symbols-and-letters", "letters"])
def test_a_layer_of_glyph_codes_placed_one_by_one_is_read_again_from_the_page_images(glyphs: str) -> None:
    """Sharp page images lay under an invisible text layer of single glyph codes, one a token («† þ ƒ æ ð
    ‹», a font without a ToUnicode map placing its glyphs one by one): holding no two-letter words, the
    layer was taken for the text, no report was found in it, and the school was told its photo was
    unclear. It is read again from the page images, as a broken layer is."""
    rng = random.Random(11)
    junk = [" ".join(rng.choice(glyphs) for _ in range(50)) for _ in SCAN_PAPER_LINES]
    data = documents.render_scan_app_pdf(SCAN_PAPER, layer=junk)
    document = only(read_attachment("BC NQ121.pdf", data, LIMITS))
    assert document.method == "ocr"
    assert document.header.issuer == SCAN_PAPER.issuer
    assert any("nhận dạng lại chữ từ ảnh" in w for w in document.warnings)


def test_a_scanner_apps_layer_under_its_visible_watermark_is_still_read_again() -> None:
    """CamScanner's free version stamps a visible "Scanned with CamScanner" on every page over its own
    hidden OCR: a layer was hidden only when every text object was invisible, so that one visible line
    made the app's unmarked OCR the typed text ("TRUONG ... LONG THUONG") and the scan was never read."""
    data = documents.render_scan_app_pdf(SCAN_PAPER, watermark="Scanned with CamScanner")
    document = only(read_attachment("CamScanner 20-10-2025 09.15.pdf", data, LIMITS))
    assert document.method == "ocr"
    assert document.header.issuer is not None
    assert SCAN_PAPER.issuer.split()[-1] in document.header.issuer  # its tone marks read from the image


def test_a_scanner_apps_vietnamese_layer_is_kept_as_an_ocr_reading() -> None:
    """Adobe Scan or Microsoft Lens read Vietnamese, and their hidden layer was kept as the page's text
    marked "text": a tone mark the app misread ("LONG THÀNH" off a scan of "LONG THẠNH") then counted as
    typed, and a typed header decides, so the report was credited to the namesake school. The layer is
    kept, but as what it is: a reading of the page's image."""
    misread = [line.replace("Thượng", "Thường").replace("THƯỢNG", "THƯỜNG") for line in SCAN_PAPER_LINES]
    data = documents.render_scan_app_pdf(SCAN_PAPER, layer=misread, watermark="Scanned with CamScanner")
    document = only(read_attachment("Scan 20-10-2025.pdf", data, LIMITS))
    assert "THƯỜNG" in (document.header.issuer or "")  # the app's reading, not read again
    assert document.method == "ocr" and all(page.method == "ocr" for page in document.pages)


def test_a_hidden_layer_naming_another_school_is_not_taken_for_the_scans_text() -> None:
    """A PDF of one school's signed scan carried, invisible under its first page image, the text of another
    school's report: holding well over a few words of Vietnamese, the layer was kept as the page's text, and
    the report was credited to the school the layer named, its figures counted. The image's header is
    read and compared: naming another school, the layer is set aside (kept as its issuer line, for staff)
    and the pages are read from their images."""
    other = corpus.paper("Trường THCS Xuân Phong", seed=5)
    data = documents.render_scan_app_pdf(SCAN_PAPER, layer=documents.render_text(other).splitlines())
    document = only(read_attachment("scan0001.pdf", data, LIMITS))
    assert fold(document.header.issuer or "") == fold(SCAN_PAPER.issuer)
    assert fold(document.hidden_issuer or "") == fold(other.issuer)
    assert "XUÂN PHONG" not in document.text.upper()
    assert any("lớp chữ ẩn" in w.lower() and "XUÂN PHONG" in w for w in document.warnings)
    agreeing = documents.render_scan_app_pdf(SCAN_PAPER, layer=SCAN_PAPER_LINES)
    kept = only(read_attachment("scan0002.pdf", agreeing, LIMITS))
    assert kept.hidden_issuer is None and kept.text.splitlines()[0] == SCAN_PAPER_LINES[0].strip()


@pytest.mark.parametrize(
    ("school", "hidden"),
    [
        ("Trường Tiểu học Mỹ Thạnh A", "Trường Tiểu học Mỹ Thạnh B"),
        ("Trường Tiểu học Tân Phú", "Trường THCS Tân Phú"),
    ],
    ids=["letter", "level"],
)
def test_a_hidden_layer_naming_a_school_of_the_same_place_is_not_taken_for_the_scans_text(
    school: str, hidden: str
) -> None:
    """A scan of Tiểu học Mỹ Thạnh A's report carried a hidden layer naming «TRƯỜNG TH MỸ THẠNH B» (or TH
    Tân Phú's, «TRƯỜNG THCS TÂN PHÚ»): the two lines were 90 % alike, taken for one name with a letter
    misread, so the layer was trusted and the report could be credited to the other school of the place. A
    school's closing letter or its level is no misread letter: the layer is set aside as another school's."""
    paper, other = corpus.paper(school, seed=3), corpus.paper(hidden, seed=3)
    layer = [line.replace(paper.issuer, other.issuer) for line in documents.render_text(paper).splitlines()]
    document = only(
        read_attachment("scan0001.pdf", documents.render_scan_app_pdf(paper, layer=layer), LIMITS)
    )
    assert fold(document.header.issuer or "") == fold(paper.issuer)
    assert fold(document.hidden_issuer or "") == fold(other.issuer)
    assert any("lớp chữ ẩn" in w.lower() and other.issuer in w for w in document.warnings)


def test_a_scan_signed_digitally_afterwards_is_still_read_from_its_images() -> None:
    """A school scanned its signed report and then signed the PDF with its token: the signing tool's
    few lines of text ("Ký bởi: …", "Thời gian ký: …") over the first page image made that page a
    text page, so it was never OCR'd: no header, no school, and from a personal address not a report."""
    data = documents.render_signed_scan_pdf(SCAN_PAPER)
    document = only(read_attachment("BC ky so.pdf", data, LIMITS))
    assert document.method == "ocr"
    assert document.header.kind == "BÁO CÁO"
    assert document.header.date == SCAN_PAPER.date
    assert fold(SCAN_PAPER.issuer) in fold(document.text)


def test_a_blank_scan_asks_the_school_to_scan_again() -> None:
    """A sheet fed into the scanner face down gives a blank page: the reason said only that no text
    could be read, and the school, told nothing it could do, sent the same file again."""
    blank = io.BytesIO()
    Image.new("L", (1240, 1754), 250).save(blank, "PDF", resolution=150.0)
    reading = read_attachment("scan0001.pdf", blank.getvalue(), LIMITS)
    assert [f.code for f in reading.failures] == ["empty"]
    assert "quét lại" in reading.failures[0].reason and "scan0001.pdf" in reading.failures[0].reason


def test_a_typed_pdf_keeps_its_text_layer() -> None:
    """The text layer of a typed report is Vietnamese with its marks: it is read as it is, not OCR'd."""
    document = only(
        read_attachment("BC NQ121.pdf", TEXT_CASES["BC NQ121.pdf"], Limits(ocr_page_seconds=0.01))
    )
    assert document.method == "text"
    assert not document.warnings


def test_a_typed_pdfs_last_page_with_only_the_signature_keeps_its_text_layer() -> None:
    """Word and LibreOffice often push the signature block of a report onto a page of its own: "HIỆU
    TRƯỞNG" and a name, under the 40 characters a typed page was expected to hold. That page was OCR'd
    as if scanned, which made the whole document a scan: its header's tone marks were no longer trusted,
    and a typed "TRƯỜNG MẪU GIÁO LONG THÀNH" waited in review between Long Thành and Long Thạnh."""
    from fpdf import FPDF

    last = FPDF(format="A4", unit="mm")
    last.add_font("DejaVuSerif", "", str(documents.FONT_DIR / "DejaVuSerif.ttf"))
    last.set_font("DejaVuSerif", size=12)
    last.add_page()
    last.cell(text="HIỆU TRƯỞNG")
    last.ln(20)
    last.cell(text="Nguyễn Văn A")
    report = pypdfium2.PdfDocument(TEXT_CASES["BC NQ121.pdf"])
    signature = pypdfium2.PdfDocument(bytes(last.output()))
    report.import_pages(signature)
    out = io.BytesIO()
    report.save(out)
    signature.close()
    report.close()
    document = only(read_attachment("BC NQ121.pdf", out.getvalue(), Limits(ocr_page_seconds=0.01)))
    assert document.method == "text" and document.ocr_confidence is None
    assert [p.method for p in document.pages][-1] == "text"
    assert "HIỆU TRƯỞNG" in document.pages[-1].text
    assert not document.warnings


def test_ocr_parts_a_lines_columns_with_a_tab() -> None:
    """tesseract read the header's second line across both columns: the school's name wrapped onto it
    ("LẠC") and specks of the motto's rule far to the right (": 5 z P") became one line, and the rule's
    "5" read as the school's number ("Mỹ Lạc 5"), which fits no school."""
    rows = ["level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"]
    for number, (left, width, height, text) in enumerate(
        [(435, 68, 41, "LẠC"), (1076, 5, 6, ":"), (1204, 10, 5, "5"), (1337, 9, 5, "z")]
    ):
        rows.append(f"5\t1\t2\t1\t1\t{number + 1}\t{left}\t250\t{width}\t{height}\t40\t{text}")
    for number, (left, width, text) in enumerate(
        [(198, 146, "TRƯỜNG"), (356, 121, "TRUNG"), (490, 74, "HỌC")]
    ):
        rows.append(f"5\t1\t3\t1\t1\t{number + 1}\t{left}\t300\t{width}\t28\t95\t{text}")
    page = ocr.parse_tsv("\n".join(rows))
    assert page.text.split("\n") == ["LẠC\t: 5 z", "", "TRƯỜNG TRUNG HỌC"]


@pytest.mark.parametrize(
    ("read", "confidence"),
    [
        # The last sheet holds only the signature and seal under "Nơi nhận": a few words read poorly.
        (((430, 93.0), (380, 91.0), (14, 31.0)), 91.0),
        # The second sheet came out smudged: a page of words read poorly, among pages read well.
        (((430, 93.0), (380, 44.0), (14, 31.0)), 44.0),
        # Nothing but a few words on any page: the worst of them says how the scan was read.
        (((20, 70.0), (14, 31.0)), 31.0),
    ],
)
def test_a_scans_confidence_is_its_worst_page_of_text(
    read: tuple[tuple[int, float], ...], confidence: float
) -> None:
    """A three-page scan read well but for its last sheet, the signature and the seal alone, which OCR
    read as a few letters at 31: the report waited for staff as hard to read. Its confidence is now that
    of its worst page of text, which still shows a page read poorly among good ones."""
    sheet = Image.new("L", (1240, 1754), 255)
    scan = io.BytesIO()
    sheet.save(scan, "PDF", save_all=True, append_images=[sheet] * (len(read) - 1), resolution=150.0)

    def reader(pngs: Iterable[bytes], limits: Limits) -> list[OcrPage]:
        words = " ".join(documents.render_text(SCAN_PAPER).split())
        return [
            OcrPage(" ".join(words.split()[:count]), conf)
            for (count, conf), _ in zip(read, pngs, strict=True)
        ]

    document = only(read_attachment("scan0009.pdf", scan.getvalue(), LIMITS, ocr=reader))
    assert document.ocr_confidence == confidence


def test_a_typed_report_with_its_signed_page_scanned_is_not_rated_by_the_signature() -> None:
    """A typed PDF whose last page the school printed, signed, stamped and scanned back in: the whole
    report took the confidence of OCR's reading of a signature and a seal (a few words at 35) and waited
    for staff as a hard-to-read scan, though every line of its text is typed."""
    typed = pypdfium2.PdfDocument(TEXT_CASES["BC NQ121.pdf"])
    sheet = io.BytesIO()
    Image.new("L", (1240, 1754), 255).save(sheet, "PDF", resolution=150.0)
    scanned = pypdfium2.PdfDocument(sheet.getvalue())
    try:
        typed.import_pages(scanned)
        merged = io.BytesIO()
        typed.save(merged)
    finally:
        typed.close()
        scanned.close()

    def reader(pngs: Iterable[bytes], limits: Limits) -> list[OcrPage]:
        return [OcrPage("Nơi nhận:\tHIỆU TRƯỞNG\n- Lưu: VT.\n\nNguyễn Văn An", 35.0) for _ in pngs]

    document = only(read_attachment("BC NQ121 da ky.pdf", merged.getvalue(), LIMITS, ocr=reader))
    assert document.method == "mixed"
    assert document.ocr_confidence is None


def test_scan_where_every_page_times_out() -> None:
    reading = read_attachment("scan.pdf", documents.render_scan(SCAN_PAPER), Limits(ocr_page_seconds=0.01))
    assert [f.code for f in reading.failures] == ["timeout"]


def _stapled(*pdfs: bytes) -> bytes:
    """The PDFs' pages in one file, as a scanner's batch or a PDF merger makes it."""
    out = pypdfium2.PdfDocument.new()
    for data in pdfs:
        out.import_pages(pypdfium2.PdfDocument(data))
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def test_a_pdf_of_several_schools_reports_is_read_as_one_document_per_report() -> None:
    """A cluster leader put three schools' signed reports into one PDF: it was read as one document
    whose header was the first school's, so matching credited the first school with all three reports
    (their sections and figures too) and the other two schools stayed missing."""
    names = ("Trường Tiểu học Mỹ An", "Trường Tiểu học Mỹ Lạc", "Trường Tiểu học Mỹ Phú")
    pdfs = [documents.render_pdf(make_paper(n, year=2021, rng=random.Random(i))) for i, n in enumerate(names)]
    reading = read_attachment("BC NQ121 cum.pdf", _stapled(*pdfs))
    counts = [documents.page_count(p) for p in pdfs]
    firsts = [1 + sum(counts[:i]) for i in range(len(counts))]
    assert [d.name for d in reading.documents] == [
        f"BC NQ121 cum.pdf (trang {a}-{a + n - 1})" for a, n in zip(firsts, counts, strict=True)
    ]
    issuers = [fold(d.header.issuer or "") for d in reading.documents]
    assert issuers == [
        fold(make_paper(n, year=2021, rng=random.Random(i)).issuer) for i, n in enumerate(names)
    ]
    assert "MỸ LẠC" not in reading.documents[0].text and "MỸ AN" not in reading.documents[1].text


@pytest.mark.parametrize("method", ["ocr", "text"])
def test_a_scanned_report_whose_header_was_cut_off_is_cut_from_the_report_before_it(method: str) -> None:
    """A cluster leader scanned two schools' reports into one PDF, the second report's first sheet fed
    with its top edge cut off: its school's name was not read, so it did not open a report and the whole
    file was read as the first school's, which matching credited with both reports while the second school
    stayed missing. A scanned sheet opening with "BÁO CÁO" and a number or date opens a report of its own
    (matching tells whose from its number and its words); a typed page keeps its header whole."""
    first, second = (
        make_paper(n, year=2021, rng=random.Random(seed))
        for seed, n in ((11, "Trường THCS Nhị Thành"), (3, "Trường Tiểu học Mỹ An"))
    )
    cut = documents.render_text(second).split("\n")
    cut = [line for line in cut if line not in (second.parent_body, second.issuer)]
    pages = (Page(1, documents.render_text(first), method, 93.0), Page(2, "\n".join(cut), method, 91.0))
    text = "\n\n".join(p.text for p in pages)
    scan = Document("scan_bc.pdf", "pdf", text, pages, facts.extract_header(text), method=method)
    parts = stapled.split_reports(scan)
    if method == "text":
        assert parts == (scan,)
        return
    assert [d.name for d in parts] == ["scan_bc.pdf (trang 1)", "scan_bc.pdf (trang 2)"]
    assert parts[1].header.issuer is None and parts[1].header.number == second.number


def _scanned_pair(first: Paper, second: Paper, *, read_as: str | None = None) -> Document:
    """The two papers scanned into one file, a page each, as OCR hands them over; read_as replaces the
    second paper's issuer line (a misreading)."""
    text = documents.render_text(second)
    if read_as is not None:
        text = text.replace(second.issuer, read_as, 1)
    pages = (Page(1, documents.render_text(first), "ocr", 93.0), Page(2, text, "ocr", 92.0))
    joined = "\n\n".join(p.text for p in pages)
    return Document("scan_bc.pdf", "pdf", joined, pages, facts.extract_header(joined), method="ocr")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Trường THCS Nhị Thành", "Trường Tiểu học Nhị Thành"),
        ("Trường Tiểu học Bình Thạnh 1", "Trường Tiểu học Bình Thạnh 2"),
        ("Trường Tiểu học Mỹ Thạnh A", "Trường Tiểu học Mỹ Thạnh B"),
        ("Trường Tiểu học Số 1 Xuân Phong", "Trường Tiểu học Số 2 Xuân Phong"),
    ],
)
def test_two_schools_of_one_place_scanned_into_one_file_are_two_reports(one: str, other: str) -> None:
    """A commune's clerk scanned the reports of THCS Nhị Thành and Tiểu học Nhị Thành into one PDF: their
    headers, read from a scan, were 91 % alike, taken for one school's name misread, and the file stayed
    one report, credited to THCS Nhị Thành while Tiểu học Nhị Thành stayed missing. The same happened to
    Bình Thạnh 1 and 2, and to Tiểu học Số 1 and Số 2 Xuân Phong, whose number stands inside the name. A
    level or a school's number is no misreading of a name."""
    first, second = (make_paper(n, year=2021, rng=random.Random(i)) for i, n in enumerate((one, other)))
    parts = stapled.split_reports(_scanned_pair(first, second))
    assert [fold(d.header.issuer or "") for d in parts] == [fold(first.issuer), fold(second.issuer)]


def test_the_first_sheets_of_two_numbered_schools_scanned_into_one_file_are_two_reports() -> None:
    """A commune's clerk scanned the signed first sheets of Tiểu học Số 1 and Số 2 Xuân Phong into one PDF:
    their headers were read as one school's, the number in the middle of the name not compared, and Số 2's
    report was credited to Số 1."""
    papers = [
        make_paper(f"Trường Tiểu học Số {n} Xuân Phong", year=2021, rng=random.Random(n)) for n in (1, 2)
    ]
    scans = [documents.render_scan(p, pages=1, seed=n) for n, p in enumerate(papers)]
    reading = read_attachment("BC cum.pdf", _stapled(*scans), LIMITS)
    assert [d.name for d in reading.documents] == ["BC cum.pdf (trang 1)", "BC cum.pdf (trang 2)"]
    assert [fold(d.header.issuer or "") for d in reading.documents] == [fold(p.issuer) for p in papers]


@pytest.mark.parametrize(
    "read_as", ["TRƯỜNG THCS NHI THAMH", "TRƯỜNG THC5 NHỊ THÀNH", "TRƯỜNG TIICS NHỊ THÀNH"]
)
def test_a_misread_header_of_the_same_school_does_not_cut_its_papers_apart(read_as: str) -> None:
    """The same school's two reports in one scan, the second header read with two letters wrong, or its
    level misread."""
    name = "Trường THCS Nhị Thành"
    first, second = (make_paper(name, year=2021, rng=random.Random(i)) for i in (1, 2))
    scan = _scanned_pair(first, second, read_as=read_as)
    assert stapled.split_reports(scan) == (scan,)


def test_one_schools_papers_in_one_pdf_stay_one_document() -> None:
    """A school's plan and its report printed into one PDF come from one issuer: nothing is cut."""
    name = "Trường Tiểu học Mỹ An"
    plan = documents.render_pdf(make_plan(name, year=2021, rng=random.Random(2)))
    report = documents.render_pdf(make_paper(name, year=2021, rng=random.Random(1)))
    [document] = read_attachment("BC.pdf", _stapled(plan, report)).documents
    assert document.name == "BC.pdf"


def test_a_word_file_of_two_schools_reports_pasted_one_after_the_other_is_read_as_two() -> None:
    """A commune's clerk pasted Mỹ Lạc's and then Mỹ Phú's report into one Word file: it was read as
    Mỹ Lạc's report alone, Mỹ Phú's sections and figures in it, and Mỹ Phú stayed missing."""
    papers = [
        make_paper("Trường Tiểu học Mỹ Lạc", year=2021, rng=random.Random(2)),
        make_paper("Trường Tiểu học Mỹ Phú", year=2021, rng=random.Random(3)),
    ]
    first, second = (docx.Document(io.BytesIO(documents.render_docx(p))) for p in papers)
    first.add_paragraph().add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
    for element in list(second.element.body):
        if element.tag != qn("w:sectPr"):
            first.element.body.append(element)
    out = io.BytesIO()
    first.save(out)
    reading = read_attachment("BC tong hop.docx", out.getvalue())
    assert [d.name for d in reading.documents] == ["BC tong hop.docx (phần 1)", "BC tong hop.docx (phần 2)"]
    assert [fold(d.header.issuer or "") for d in reading.documents] == [fold(p.issuer) for p in papers]
    assert reading.documents[1].text.startswith(papers[1].parent_body)
    assert papers[1].signer_name not in reading.documents[0].text


def test_last_years_report_pasted_above_this_years_is_read_as_a_report_of_its_own() -> None:
    """A school kept its 2025 report at the top of its Word file and typed the 2026 one below it: the
    file was read as one report with the 2025 header, so it was credited to the 2025 season with last
    year's figures, and the school stayed missing for 2026. The same happened to a PDF printed so."""
    name = "Trường Tiểu học Tân Thành"
    papers = [make_paper(name, year=year, rng=random.Random(year)) for year in (2025, 2026)]
    first, second = (docx.Document(io.BytesIO(documents.render_docx(p))) for p in papers)
    first.add_paragraph().add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
    for element in list(second.element.body):
        if element.tag != qn("w:sectPr"):
            first.element.body.append(element)
    out = io.BytesIO()
    first.save(out)
    for reading in (
        read_attachment("BC NQ121.docx", out.getvalue()),
        read_attachment("BC NQ121.pdf", _stapled(*(documents.render_pdf(p) for p in papers))),
    ):
        assert [d.header.date for d in reading.documents] == [p.date for p in papers]
        assert papers[1].date_line not in reading.documents[0].text


def test_a_schools_reports_on_two_matters_pasted_into_one_word_file_are_read_as_two() -> None:
    """A school pasted its NQ121 report and, after a page break, its report on drowning, each under its own
    header and title, into one Word file: both came from one issuer in one year, so the file was read as the
    NQ121 report alone, and the drowning report was never read."""
    paper = make_paper("Trường THCS Mỹ Phú", year=2021, rng=random.Random(2))
    drowning = dataclasses.replace(
        paper, number="31/BC-THCSMP", summary=("Công tác phòng, chống đuối nước cho học sinh năm 2021",)
    )
    first, second = (docx.Document(io.BytesIO(documents.render_docx(p))) for p in (paper, drowning))
    first.add_paragraph().add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
    for element in list(second.element.body):
        if element.tag != qn("w:sectPr"):
            first.element.body.append(element)
    out = io.BytesIO()
    first.save(out)
    reading = read_attachment("BC.docx", out.getvalue())
    assert [d.name for d in reading.documents] == ["BC.docx (phần 1)", "BC.docx (phần 2)"]
    assert [d.header.title for d in reading.documents] == [" ".join(p.summary) for p in (paper, drowning)]
    same = read_attachment("BC.docx", documents.render_docx(paper)).documents
    assert [d.name for d in same] == ["BC.docx"]


def test_two_schools_reports_pasted_with_headers_typed_without_the_motto_are_read_as_two() -> None:
    """A commune officer pasted Phước Lại's and Đông Thạnh's reports into one Word file, each header typed
    as plain lines without «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM»: the file was cut at mottos only, so it was
    read as Phước Lại's report alone and Đông Thạnh stayed missing with nobody asked."""
    papers = [
        make_paper("Trường Tiểu học Phước Lại", year=2021, rng=random.Random(2)),
        make_paper("Trường Tiểu học Đông Thạnh", year=2021, rng=random.Random(3)),
    ]
    pasted = docx.Document()
    for paper in papers:
        for line in documents.render_text(paper).split("\n"):
            if not fold(line).startswith(("cong hoa xa hoi", "doc lap - tu do")):
                pasted.add_paragraph(line)
        pasted.add_paragraph().add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
    out = io.BytesIO()
    pasted.save(out)
    reading = read_attachment("BC NQ121 2 truong.docx", out.getvalue())
    assert [fold(d.header.issuer or "") for d in reading.documents] == [fold(p.issuer) for p in papers]
    assert papers[1].signer_name not in reading.documents[0].text


_FORM_LABELS = (
    ("PHÒNG GD&ĐT THỦ THỪA", None),
    ("Tên đơn vị:", "don_vi"),
    ("BÁO CÁO", None),
    ("Kết quả thực hiện Nghị quyết số 121/2020/QH14 năm 2021", None),
    ("I. Công tác chỉ đạo, triển khai", "chi_dao"),
    ("II. Kết quả thực hiện", "ket_qua"),
    ("III. Khó khăn, vướng mắc", None),
)
_FORM_VALUES = {
    "don_vi": "TRƯỜNG TIỂU HỌC BÌNH THẠNH 1",
    "chi_dao": "Nhà trường quán triệt Nghị quyết đến toàn thể cán bộ, giáo viên.",
    "ket_qua": "Tổ chức 6 buổi tuyên truyền cho 412 học sinh.\nKhông xảy ra vụ xâm hại trẻ em nào.",
}


def _form(values: dict[str, str] | None = None) -> bytes:
    """The office's fillable form: labels on the page, a text field under each one that asks for an answer.
    With values, the form as a tool fills it that writes each field's value and leaves drawing it to the
    viewer (NeedAppearances)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="pt")
    pdf.add_font("DejaVuSerif", "", str(documents.FONT_DIR / "DejaVuSerif.ttf"))
    pdf.set_font("DejaVuSerif", size=12)
    pdf.add_page()
    fields: dict[str, tuple[float, float, float, float]] = {}
    for label, field in _FORM_LABELS:
        pdf.multi_cell(0, 16, label, new_x="LMARGIN", new_y="NEXT")
        if field:
            fields[field] = (30, pdf.h - pdf.get_y() - 48, 560, pdf.h - pdf.get_y())
            pdf.set_y(pdf.get_y() + 50)
    return _with_fields(bytes(pdf.output()), fields, values, multiline=True)


def _with_fields(
    base: bytes,
    fields: dict[str, tuple[float, float, float, float]],
    values: dict[str, str] | None,
    *,
    multiline: bool,
) -> bytes:
    """The one-page PDF with a text field at each rectangle (in points), added the way a form editor adds
    them: as an incremental update."""
    root = int(re.search(rb"/Root (\d+) 0 R", base).group(1))  # type: ignore[union-attr]
    page = int(re.search(rb"/Kids \[(\d+) 0 R", base).group(1))  # type: ignore[union-attr]
    size = int(re.search(rb"/Size (\d+)", base).group(1))  # type: ignore[union-attr]
    start = int(re.findall(rb"startxref\n(\d+)", base)[-1])

    def body(number: int) -> bytes:
        return re.search(rb"\n%d 0 obj\n(.*?)\s*>>\s*endobj" % number, base, re.S).group(1)  # type: ignore[union-attr]

    objects = {size: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
    for number, (name, rect) in enumerate(fields.items(), size + 1):
        value = values.get(name, "") if values else ""
        objects[number] = b"<< /Type /Annot /Subtype /Widget /FT /Tx /Ff %d /T (%s) /F 4 /P %d 0 R" % (
            4096 if multiline else 0,
            name.encode(),
            page,
        ) + b" /Rect [%.0f %.0f %.0f %.0f] /DA (/Helv 11 Tf 0 g) /V <FEFF%s> >>" % (
            *rect,
            value.encode("utf-16-be").hex().encode(),
        )
    widgets = b" ".join(b"%d 0 R" % n for n in objects if n != size)
    drawn = b" /NeedAppearances true" if values else b""
    objects[root] = body(root) + b" /AcroForm << /Fields [%s] /DR << /Font << /Helv %d 0 R >> >>%s >> >>" % (
        widgets,
        size,
        drawn,
    )
    objects[page] = body(page) + b" /Annots [%s] >>" % widgets
    out = bytearray(base)
    offsets = {}
    for number, text in sorted(objects.items()):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, text)
    xref = len(out)
    out += b"xref\n" + b"".join(b"%d 1\n%010d 00000 n \n" % (n, offsets[n]) for n in sorted(objects))
    out += b"trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        max(objects) + 1,
        root,
        start,
        xref,
    )
    return bytes(out)


def _typed_into(form: bytes, values: dict[str, str]) -> bytes:
    """The form filled in a PDF viewer (Chrome's is pdfium): each value typed into its field, which
    writes the value and draws its appearance, then saved."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    pdf = pypdfium2.PdfDocument(form)
    pdf.init_forms()
    page = pdf[0]
    handle = pdf.formenv.raw  # type: ignore[union-attr]
    pdfium_c.FORM_OnAfterLoadPage(page.raw, handle)
    for index, value in enumerate(values.values()):  # the fields in page order, as _FORM_VALUES lists them
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, index)
        assert pdfium_c.FORM_SetFocusedAnnot(handle, annot)
        typed = ctypes.create_string_buffer((value + "\0").encode("utf-16-le"))
        pdfium_c.FORM_ReplaceSelection(handle, page.raw, ctypes.cast(typed, pdfium_c.FPDF_WIDESTRING))
        pdfium_c.FORM_ForceToKillFocus(handle)
        pdfium_c.FPDFPage_CloseAnnot(annot)
    pdfium_c.FORM_OnBeforeClosePage(page.raw, handle)
    page.close()
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    return out.getvalue()


@pytest.mark.parametrize("typed", [True, False], ids=["typed in a viewer", "values only"])
def test_a_filled_in_pdf_form_is_read_with_its_answers(typed: bool) -> None:
    """The office sent a fillable PDF form and a school typed its name and its sections into the fields:
    the answers live in the form's fields, not in the page's text, so the report read as the blank form.
    It named no school (a gmail sender waited in review), its sections were found by their printed
    headings alone, and not one figure was read."""
    filled = _typed_into(_form(), _FORM_VALUES) if typed else _form(_FORM_VALUES)
    document = only(read_attachment("mau_bao_cao.pdf", filled))
    assert document.method == "text"
    assert document.header.issuer == "TRƯỜNG TIỂU HỌC BÌNH THẠNH 1"
    lines = document.text.split("\n")
    at = lines.index("II. Kết quả thực hiện")
    assert lines[at + 1 : at + 4] == [
        "Tổ chức 6 buổi tuyên truyền cho 412 học sinh.",
        "Không xảy ra vụ xâm hại trẻ em nào.",
        "III. Khó khăn, vướng mắc",
    ]


def test_a_form_fields_value_stays_inside_its_box() -> None:
    """A one-line field left of the date on the header's line: its value, laid out at half a font size a
    letter, ran past the field into the date, and the two lines' letters were read interleaved."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="pt")
    pdf.add_font("DejaVuSerif", "", str(documents.FONT_DIR / "DejaVuSerif.ttf"))
    pdf.set_font("DejaVuSerif", size=11)
    pdf.add_page()
    pdf.text(30, 80, "Đơn vị:")
    pdf.text(200, 80, "Bình Thạnh, ngày 18 tháng 10 năm 2021")
    field = {"don_vi": (75.0, pdf.h - 86, 195.0, pdf.h - 70)}
    filled = _with_fields(bytes(pdf.output()), field, {"don_vi": _FORM_VALUES["don_vi"]}, multiline=False)
    text = only(read_attachment("mau.pdf", filled)).text
    assert text == "Đơn vị: TRƯỜNG TIỂU HỌC BÌNH THẠNH 1 Bình Thạnh, ngày 18 tháng 10 năm 2021"


def test_text_typed_onto_a_pdf_as_annotations_is_read() -> None:
    """A school filled the office's unnamed template with a phone app that types text as FreeText
    annotations (Adobe Fill & Sign): its name, above the title, was not in the page's text, so the
    report named no school."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    paper = make_paper("Trường Tiểu học Bình Thạnh 1", year=2021, rng=random.Random(5), named=False)
    pdf = pypdfium2.PdfDocument(documents.render_pdf(paper))
    page = pdf[0]
    height = page.get_height()
    annot = pdfium_c.FPDFPage_CreateAnnot(page.raw, pdfium_c.FPDF_ANNOT_FREETEXT)
    pdfium_c.FPDFAnnot_SetRect(annot, pdfium_c.FS_RECTF(60, height - 62, 360, height - 78))
    for key, value in ((b"Contents", "TRƯỜNG TIỂU HỌC BÌNH THẠNH 1"), (b"DA", "/Helv 11 Tf 0 g")):
        text = ctypes.create_string_buffer((value + "\0").encode("utf-16-le"))
        pdfium_c.FPDFAnnot_SetStringValue(annot, key, ctypes.cast(text, pdfium_c.FPDF_WIDESTRING))
    pdfium_c.FPDFPage_CloseAnnot(annot)
    page.close()
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    document = only(read_attachment("BC.pdf", out.getvalue()))
    assert document.header.issuer == "TRƯỜNG TIỂU HỌC BÌNH THẠNH 1"
    assert document.method == "text"


def _type3_pdf(lines: list[str], *, ascii_kept: bool = False) -> bytes:
    """A page whose text is drawn with a Type 3 font, each glyph a procedure tracing DejaVu's outline,
    and whose codes are its characters' ranks from 33 on (with ascii_kept, ASCII characters keep their
    codes and the others are numbered from 128 as they come); no ToUnicode map says which letter each is."""
    from fontTools.pens.basePen import BasePen
    from fontTools.ttLib import TTFont

    font = TTFont(documents.FONT_DIR / "DejaVuSerif.ttf")
    cmap, glyphs, scale = font.getBestCmap(), font.getGlyphSet(), 1000 / font["head"].unitsPerEm

    class Outline(BasePen):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(glyphs)
            self.ops: list[str] = []

        def _at(self, *points: tuple[float, float]) -> str:
            return " ".join(f"{x * scale:.0f} {y * scale:.0f}" for x, y in points)

        def _moveTo(self, p: tuple[float, float]) -> None:
            self.ops.append(f"{self._at(p)} m")

        def _lineTo(self, p: tuple[float, float]) -> None:
            self.ops.append(f"{self._at(p)} l")

        def _curveToOne(self, *points: tuple[float, float]) -> None:
            self.ops.append(f"{self._at(*points)} c")

        def _closePath(self) -> None:
            self.ops.append("h")

    characters = sorted({c for line in lines for c in line})
    if ascii_kept:
        beyond = list(dict.fromkeys(c for line in lines for c in line if not c.isascii()))
        codes = {c: ord(c) if c.isascii() else 128 + beyond.index(c) for c in characters}
    else:
        codes = {c: 33 + i for i, c in enumerate(characters)}
    objects: dict[int, bytes] = {}
    procs: list[str] = []
    widths: dict[int, str] = {}
    for number, character in enumerate(characters, 10):
        glyph = glyphs[cmap[ord(character)]]
        pen = Outline()
        glyph.draw(pen)
        body = f"{glyph.width * scale:.0f} 0 d0 {' '.join(pen.ops)} f".encode()
        objects[number] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(body), body)
        procs.append(f"/g{codes[character]} {number} 0 R")
        widths[codes[character]] = f"{glyph.width * scale:.0f}"
    names = " ".join(f"{codes[c]} /g{codes[c]}" for c in characters)
    first, last = min(codes.values()), max(codes.values())
    objects[5] = (
        "<< /Type /Font /Subtype /Type3 /FontBBox [-200 -300 1200 1000] /FontMatrix [0.001 0 0 0.001 0 0]"
        f" /CharProcs << {' '.join(procs)} >> /Encoding << /Differences [{names}] >> /FirstChar {first}"
        f" /LastChar {last} /Widths [{' '.join(widths.get(c, '0') for c in range(first, last + 1))}]"
        " /Resources << >> >>"
    ).encode()
    shown = "\n".join("<" + "".join(f"{codes[c]:02X}" for c in line) + "> Tj T*" for line in lines)
    content = f"BT /F1 11 Tf 14 TL 50 800 Td\n{shown}\nET".encode()
    objects[4] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)
    objects[3] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
    objects[3] += b" /Resources << /Font << /F1 5 0 R >> >> >>"
    objects[2] = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number, body in sorted(objects.items()):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (max(objects) + 1)
    for number in range(1, max(objects) + 1):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (max(objects) + 1, xref)
    return bytes(out)


def test_a_pdf_whose_font_gives_printable_codes_for_its_letters_is_read_from_the_page() -> None:
    """A PDF printer drew the report with a Type 3 font and no ToUnicode map: its text layer was the
    font's codes, printable characters ("@9b>8 87\"vD D9¡"), which passed for text. The report was
    recorded unreadable as if it were only a signature page, and the school asked for a clearer copy of
    a file that any reader shows well."""
    lines = [line[:85] for line in documents.render_text(PAPER).splitlines()[:50] if line.strip()]
    document = only(read_attachment("BC NQ121.pdf", _type3_pdf(lines), LIMITS))
    assert document.method == "ocr"
    assert fold(PAPER.issuer) in fold(document.text)
    assert "Lớp chữ của trang 1 không đọc được" in document.warnings[0]


def test_a_pdf_whose_font_keeps_ascii_codes_is_read_from_the_page_not_as_tcvn3() -> None:
    """A printed Word PDF (PScript5) drew the report with a Type 3 font and no ToUnicode map that kept the
    codes of ASCII letters and gave each Vietnamese letter a code from 128 up: its text layer, half right,
    passed for TCVN3 and was «converted» to «TRÃÁNG TIẠU H C YẬN LÈC … KỈt quĨ triÍn khai», counted with
    every part missing, no figure and no warning."""
    lines = [line[:85] for line in documents.render_text(PAPER).splitlines()[:50] if line.strip()]
    document = only(read_attachment("BC NQ121.pdf", _type3_pdf(lines, ascii_kept=True), LIMITS))
    assert document.method == "ocr" and document.encoding is None
    assert fold(PAPER.issuer) in fold(document.text)
    assert "Lớp chữ của trang 1 không đọc được" in document.warnings[0]


def test_a_report_attached_inside_a_pdf_cover_letter_is_read() -> None:
    """A school sent a PDF cover letter with the report attached inside it (Acrobat's "Attach file"): only
    the letter was read, so the report counted with no section and no figure, as if it were empty."""
    import ctypes

    import pypdfium2.raw as pdfium_c
    from fpdf import FPDF

    letter = FPDF()
    letter.add_font("DejaVuSerif", "", str(documents.FONT_DIR / "DejaVuSerif.ttf"))
    letter.set_font("DejaVuSerif", size=12)
    letter.add_page()
    letter.multi_cell(
        0, 7, "Kính gửi: Phòng GD&ĐT. Nhà trường gửi kèm báo cáo trong tệp đính kèm của PDF này."
    )
    pdf = pypdfium2.PdfDocument(bytes(letter.output()))
    name = ctypes.create_string_buffer("BC NQ121.docx\0".encode("utf-16-le"))
    attachment = pdfium_c.FPDFDoc_AddAttachment(pdf.raw, ctypes.cast(name, pdfium_c.FPDF_WIDESTRING))
    report = TEXT_CASES["BC NQ121.docx"]
    assert pdfium_c.FPDFAttachment_SetFile(attachment, pdf.raw, report, len(report))
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    reading = read_attachment("Cong van.pdf", out.getvalue())
    assert not reading.failures
    assert [d.name for d in reading.documents] == ["Cong van.pdf", "Cong van.pdf/BC NQ121.docx"]
    assert_reads_as(reading.documents[1], PAPER)


def test_a_word_table_of_contents_under_the_title_is_not_read_into_it() -> None:
    """A report with Word's table of contents right under its title had the header's title read as
    "… năm 2021 Mục lục Công tác chỉ đạo, triển khai 1 Kết quả thực hiện 2 …": the contents (headed
    "TOC Heading", entries in the "toc 1" style) repeat the headings with page numbers and are left out."""
    document = docx.Document()
    document.add_paragraph("TRƯỜNG TIỂU HỌC MỸ AN")
    document.add_paragraph("Số: 45/BC-TH")
    document.add_paragraph("Mỹ An, ngày 18 tháng 10 năm 2021")
    document.add_paragraph("BÁO CÁO")
    title = "Kết quả thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em năm 2021"
    document.add_paragraph(title)
    document.add_paragraph("Mục lục", style="TOC Heading")
    entry = document.styles.add_style("toc 1", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    for page, heading in enumerate(("Công tác chỉ đạo, triển khai", "Kết quả thực hiện"), 1):
        document.add_paragraph(f"{heading}\t{page}", style=entry)
    document.add_paragraph("I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI")
    document.add_paragraph("Nhà trường tổ chức 8 buổi tuyên truyền cho 420 lượt học sinh.")
    out = io.BytesIO()
    document.save(out)
    read = only(read_attachment("BC NQ121.docx", out.getvalue()))
    assert read.header.title == title
    assert "Mục lục" not in read.text and "Công tác chỉ đạo, triển khai 1" not in read.text
    assert "I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI" in read.text


def test_a_table_of_contents_typed_with_tab_leaders_under_the_title_is_not_read_into_it() -> None:
    """A table of contents typed by hand under the title (plain paragraphs "ĐẶC ĐIỂM TÌNH HÌNH<tab>1" on a
    right tab stop with dot leaders, not Word's contents field) joined the title: the tab and its leader
    are read as one space, leaving "ĐẶC ĐIỂM TÌNH HÌNH 1". The entries stay in the text; the title ends."""
    document = docx.Document()
    for line in ("TRƯỜNG TIỂU HỌC MỸ AN", "Số: 45/BC-TH", "Mỹ An, ngày 18 tháng 10 năm 2021", "BÁO CÁO"):
        document.add_paragraph(line)
    title = (
        "Kết quả thực hiện Nghị quyết 121/2020/QH14",
        "về phòng, chống xâm hại trẻ em",
        "năm học 2021 - 2022",
    )
    for line in title:
        document.add_paragraph(line)
    for page, heading in enumerate(("ĐẶC ĐIỂM TÌNH HÌNH", "KẾT QUẢ THỰC HIỆN", "ĐỀ XUẤT, KIẾN NGHỊ"), 1):
        entry = document.add_paragraph(f"{heading}\t{page}")
        entry.paragraph_format.tab_stops.add_tab_stop(
            docx.shared.Cm(16), docx.enum.text.WD_TAB_ALIGNMENT.RIGHT, docx.enum.text.WD_TAB_LEADER.DOTS
        )
    document.add_paragraph("I. ĐẶC ĐIỂM TÌNH HÌNH")
    document.add_paragraph("Nhà trường tổ chức 8 buổi tuyên truyền cho 420 lượt học sinh.")
    out = io.BytesIO()
    document.save(out)
    read = only(read_attachment("BC NQ121.docx", out.getvalue()))
    assert read.header.title == " ".join(title)


def _scanned_sheet(dpi: int = 150, paper: Paper = SCAN_PAPER, page: int = 0) -> Image.Image:
    """A page of the paper's scan (the first of SCAN_PAPER's unless told), as the scanner saw it."""
    scan = pypdfium2.PdfDocument(documents.render_scan(paper, pages=page + 1, skew=0))
    try:
        return scan[page].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        scan.close()


def _scan_pdf(pages: list[Image.Image], dpi: int = 150) -> bytes:
    out = io.BytesIO()
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi), quality=75)
    return out.getvalue()


def test_a_duplex_scans_blank_back_showing_the_front_through_is_left_out() -> None:
    """A duplex scanner scans each sheet's blank back, where the front's text shows through the paper,
    mirrored and faint: OCR read it as some 470 words of gibberish at a confidence near 40, and a report
    read well went to staff as hard to read."""
    front = _scanned_sheet()
    back = (
        ImageOps.mirror(front)
        .filter(ImageFilter.GaussianBlur(0.8))
        .point(lambda v: round(255 - (255 - v) * 0.45))
    )
    document = only(read_attachment("scan0001.pdf", _scan_pdf([front, back]), LIMITS))
    assert document.ocr_confidence is not None and document.ocr_confidence > 80
    assert document.pages[1].text == "" and document.text == document.pages[0].text
    assert fold(SCAN_PAPER.issuer) in fold(document.text)
    assert any(w.startswith("Trang 2: mặt sau để trắng") for w in document.warnings)


def _reading_of(pages: list[OcrPage]) -> Any:
    """A page reader that reads the scan's pages as given; any page read again (mirrored) reads worse."""

    def reader(pngs: Iterable[bytes], limits: Limits) -> list[OcrPage]:
        images = list(pngs)
        return pages if len(images) == len(pages) else [OcrPage("", None) for _ in images]

    return reader


FULL_PAGE = OcrPage(documents.render_text(SCAN_PAPER), 96.0)


def test_a_page_blurred_past_reading_among_well_read_ones_sends_the_scan_to_review() -> None:
    """A page smeared in the feeder read as 11 words at 32 % while the others read at 96 %: taken for a
    short page (a signature), it was left out of the confidence and the report's lost sections went
    unnoticed. Its ink is a full page's: the scan's confidence is that page's, and a note names it."""
    front = _scanned_sheet()
    blurred = front.filter(ImageFilter.GaussianBlur(4.5))
    smudge = OcrPage("' ` 3 CÔNG, GA XÃ MÓNM (1Í SG#EIA VWT Xá", 32.0)
    reader = _reading_of([FULL_PAGE, smudge, FULL_PAGE])
    document = only(read_attachment("scan.pdf", _scan_pdf([front, blurred, front]), LIMITS, ocr=reader))
    assert document.ocr_confidence == 32.0
    [note] = document.warnings
    assert note.startswith("Trang 2 ") and "mờ" in note


def _as_file(page: Image.Image, kind: str) -> tuple[str, bytes]:
    if kind == "pdf":
        return "scan0001.pdf", _scan_pdf([page])
    photo = io.BytesIO()
    page.convert("RGB").save(photo, "JPEG", quality=80)
    return "IMG_20211020_091500.jpg", photo.getvalue()


@pytest.mark.parametrize("kind", ["pdf", "jpg"])
@pytest.mark.parametrize(
    ("blur", "confidence", "blurred"), [(2.4, 72.0, True), (0, 72.0, False), (2.4, 95.0, False)]
)
def test_a_single_page_read_from_a_blurred_image_is_marked(
    kind: str, blur: float, confidence: float, blurred: bool
) -> None:
    """A one-page scan or photo out of focus read as a page of words at 64-86 %, many of them wrong
    («TRƯỜNG TỊHCS NHI THANH», «CÔNG HIOA XÁ HÔI CHC»): with no other page to compare it with, it passed
    as read, above the confidence that sends a scan to staff. The image itself shows the blur. A sharp
    page read as poorly (a fax's coarse letters) is no blurred one, and a light blur read as well as a
    sharp page lost nothing."""
    sheet = _scanned_sheet()
    name, data = _as_file(sheet.filter(ImageFilter.GaussianBlur(blur)) if blur else sheet, kind)
    words = " ".join(documents.render_text(SCAN_PAPER).split()[:300])
    document = only(read_attachment(name, data, LIMITS, ocr=_reading_of([OcrPage(words, confidence)])))
    assert [p.blurred for p in document.pages] == [blurred]
    assert [w.startswith("Trang 1: ảnh bị mờ") for w in document.warnings] == ([True] if blurred else [])


def test_a_short_signed_last_page_does_not_lower_the_scans_confidence() -> None:
    """The last sheet holding a few lines, the signature and the seal reads as a few words at a low
    confidence: it is no page blurred past reading."""
    scan = pypdfium2.PdfDocument(documents.render_scan(SCAN_PAPER, skew=0))
    try:
        front, last = (scan[i].render(scale=150 / 72).to_pil().convert("RGB") for i in (0, 1))
    finally:
        scan.close()
    signed = OcrPage("- Giáo viên chưa được tập huấn HIỆU TRƯỞNG Nguyễn Thị Lan", 41.0)
    reader = _reading_of([FULL_PAGE, signed])
    document = only(read_attachment("scan.pdf", _scan_pdf([front, last]), LIMITS, ocr=reader))
    assert document.ocr_confidence == 96.0
    assert document.warnings == ()


def test_a_pale_page_of_text_read_poorly_is_kept() -> None:
    """A page printed pale (a toner running out) is as faint as a page showing the front through, but it
    does not read better mirrored: it is a page of the report, and its poor reading counts."""
    front = _scanned_sheet()
    pale = front.point(lambda v: round(255 - (255 - v) * 0.4))
    words = " ".join(documents.render_text(SCAN_PAPER).split()[:300])
    reader = _reading_of([FULL_PAGE, OcrPage(words, 45.0)])
    document = only(read_attachment("scan.pdf", _scan_pdf([front, pale]), LIMITS, ocr=reader))
    assert document.pages[1].text == words
    assert document.ocr_confidence == 45.0
    assert document.warnings == ()


BOLD_LINES = (
    ("BÁO CÁO", True),
    ("Kết quả thực hiện Nghị quyết 121/2020/QH14", True),
    ("Nhà trường báo cáo như sau:", False),
    ("Công tác chỉ đạo, triển khai thực hiện Nghị quyết số 121/2020/QH14 của Quốc hội tại đơn vị", True),
    ("Nhà trường quán triệt đến toàn thể giáo viên.", False),
    ("Kết quả thực hiện Nghị quyết.", True),
    ("Tổ chức 12 buổi tuyên truyền.", False),
    ("Kết quả đạt được rất đáng khích lệ, nhà trường tổ chức 12 buổi tuyên truyền.", False),
    ("Những khó khăn, vướng mắc trong quá trình thực hiện tại đơn vị", True),
    ("Thiếu phòng tư vấn.", False),
)


def _bold_headings(kind: str) -> bytes:
    """BOLD_LINES in a Word file (the last heading by a heading style) or in a text PDF."""
    if kind == "pdf":
        pdf = FPDF()
        pdf.add_font("DejaVuSans", "", corpus.FONT)
        pdf.add_font("DejaVuSans", "B", corpus.FONT.replace("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"))
        pdf.add_page()
        for text, bold in BOLD_LINES:
            pdf.set_font("DejaVuSans", "B" if bold else "", 10)
            pdf.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())
    document = docx.Document()
    for text, bold in BOLD_LINES[:-2]:
        document.add_paragraph().add_run(text).bold = bold
    document.add_heading(BOLD_LINES[-2][0], level=1)
    document.add_paragraph(BOLD_LINES[-1][0])
    data = io.BytesIO()
    document.save(data)
    return data.getvalue()


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_headings_typed_in_bold_without_numbers_are_sections(kind: str) -> None:
    """A school typed its report's headings in bold, with no numbers: «Công tác chỉ đạo, triển khai thực
    hiện Nghị quyết số 121/2020/QH14 của Quốc hội tại đơn vị» was too long for a heading without a number,
    «Kết quả thực hiện Nghị quyết.» ended with a full stop, and both sections were missing. The Word file
    says which lines are bold (directly or by a heading style), a text PDF by its fonts' names
    («DejaVuSans-Bold»); those may be such headings. A text PDF's were found in Word files only."""
    [read] = read_attachment(f"bc.{kind}", _bold_headings(kind)).documents
    specs = (
        SectionSpec("chi_dao", "Công tác chỉ đạo, triển khai", ("chỉ đạo", "triển khai")),
        SectionSpec("ket_qua", "Kết quả thực hiện", ("kết quả thực hiện", "kết quả")),
        SectionSpec("kho_khan", "Khó khăn, vướng mắc", ("khó khăn", "vướng mắc")),
    )
    found = {s.id: s.text for s in find_sections(read.text, specs, emphasised_lines([read])).found}
    assert found == {
        "chi_dao": "Nhà trường quán triệt đến toàn thể giáo viên.",
        "ket_qua": "Tổ chức 12 buổi tuyên truyền.\n"
        "Kết quả đạt được rất đáng khích lệ, nhà trường tổ chức 12 buổi tuyên truyền.",
        "kho_khan": "Thiếu phòng tư vấn.",
    }
    assert find_sections(read.text, specs).found == ()  # the text alone does not show them


@pytest.mark.parametrize(("kind", "rim"), [("pdf", 0), ("jpg", 0), ("pdf", 4), ("pdf", 20)])
def test_a_negative_scan_is_read_turned_positive(kind: str, rim: int) -> None:
    """A page scanned as a negative (white letters on black, a copier's "invert" setting) read at 68-75 %
    with its title and date lost, and nothing said why: the report went to staff as a poor scan of no
    known date. It is read turned positive, as well as the page itself, with a note saying so. Printed
    on a copier and scanned again, the negative keeps a white rim of paper (rim: millimetres) the copier
    cannot print on, and was read as it was; reduced to fit on the copier, with a rim of 2 cm."""
    negative = ImageOps.invert(_scanned_sheet())
    if rim:
        border = round(rim / 25.4 * 150)
        negative = ImageOps.expand(
            negative.resize((negative.width - 2 * border, negative.height - 2 * border)), border, 255
        )
    name, data = _as_file(negative, kind)
    document = only(read_attachment(name, data, LIMITS))
    assert document.ocr_confidence is not None and document.ocr_confidence > 90
    assert (document.header.issuer, document.header.kind) == (SCAN_PAPER.issuer, "BÁO CÁO")
    assert document.header.date == SCAN_PAPER.date
    assert document.warnings == (
        "Trang 1: bản quét âm bản (chữ trắng trên nền đen), đã đảo màu trước khi nhận dạng chữ.",
    )


def test_a_photo_of_a_page_on_a_dark_desk_is_no_negative() -> None:
    """A phone photo of a sheet on a dark desk is mostly dark too, but its bright part is the sheet, not
    letters: it is read as it is."""
    sheet = _scanned_sheet(110).convert("RGB").rotate(3, expand=True, fillcolor=(30, 30, 30))
    desk = Image.new("RGB", (round(sheet.width * 1.6), round(sheet.height * 1.4)), (25, 22, 20))
    desk.paste(sheet, (round(sheet.width * 0.35), round(sheet.height * 0.15)))
    document = only(read_attachment(*_as_file(desk, "jpg"), LIMITS))
    assert document.header.issuer == SCAN_PAPER.issuer
    assert document.warnings == ()


def _spread(left: Image.Image, right: Image.Image) -> Image.Image:
    """Two A4 sheets laid side by side on an A3 scanner's glass, a little of each's inner margin lost."""
    cut = round(8 / 25.4 * 150)
    left, right = (
        left.crop((0, 0, left.width - cut, left.height)),
        right.crop((cut, 0, right.width, right.height)),
    )
    spread = Image.new("L", (left.width + right.width, max(left.height, right.height)), 255)
    spread.paste(left, (0, 0))
    spread.paste(right, (left.width, 0))
    return spread


@pytest.mark.parametrize("on_desk", [False, True])
def test_two_a4_pages_side_by_side_on_an_a3_scan_are_read_left_then_right(on_desk: bool) -> None:
    """Two sheets scanned at once on an A3 copier, photographed: tesseract read across the gutter and
    joined each line of the left page with the line of the right page beside it («… công tác tư\tNơi
    nhận:»), so the sections and figures of the left page were cut by the right one's words. The two
    sheets photographed side by side on a dark desk, a little askew, were read across as well: the desk's
    edge crossed the gutter. A page's own signing block is read in two columns («Nơi nhận:\tHIỆU
    TRƯỞNG»), its body's lines are not."""
    other = corpus.paper("Trường Tiểu học Mỹ An", seed=9)
    photo = _spread(_scanned_sheet(page=1), _scanned_sheet(paper=other, page=1)).convert("RGB")
    if on_desk:
        photo = photo.rotate(2, expand=True, fillcolor=(35, 30, 28))
        desk = Image.new("RGB", (4032, 3024), (35, 30, 28))
        desk.paste(photo, ((desk.width - photo.width) // 2, (desk.height - photo.height) // 2))
        photo = desk
    document = only(read_attachment(*_as_file(photo, "jpg"), LIMITS))
    text = fold(document.text)
    body = " ".join(fold(" ".join([h, *ps])) for p in (SCAN_PAPER, other) for h, ps in p.sections).split()
    before_tabs = [
        " ".join(fold(line.split("\t")[0]).split()) for line in document.text.splitlines() if "\t" in line
    ]
    assert not [part for part in before_tabs if len(part) >= 12 and part in " ".join(body)]
    assert (
        text.index("kinh phi danh cho cong tac tuyen truyen") < text.index("to chu nhiem") < text.index("bgh")
    )


def test_two_a4_pages_touching_on_an_a3_scan_are_read_left_then_right() -> None:
    """Two sheets laid by hand edge to edge on an A3 copier, a degree or two askew each way, their inner
    margins cut off: no band of paper two pages' margins wide runs between them, only the sheets' meeting
    edge, which made the page look as if its lines ran down it. It was read whole, turned by one tilt, and
    the right page's sections came out as gibberish. Their lines do not line up: each is read alone."""
    mm = 150 / 25.4
    left, right = (
        _scanned_sheet(page=page).rotate(tilt, resample=Image.Resampling.BICUBIC, fillcolor=255)
        for page, tilt in ((0, 1.5), (1, -1.5))
    )
    left = left.crop((0, 0, left.width - round(13 * mm), left.height))  # 2 mm of its 15 mm margin left
    right = right.crop((round(28 * mm), 0, right.width, right.height))  # 2 mm of its 30 mm margin left
    spread = Image.new("L", (left.width + right.width, left.height), 255)
    spread.paste(left, (0, 0))
    spread.paste(right, (left.width, 0))
    ImageDraw.Draw(spread).line((left.width, 0, left.width, spread.height), fill=110, width=2)  # their edges
    document = only(read_attachment(*_as_file(spread, "jpg"), LIMITS))
    text = fold(document.text)
    assert text.index("phan iii") < text.index("kinh phi danh cho") < text.index("phan iv")


def test_two_sheets_of_one_template_touching_on_an_a3_scan_are_parted() -> None:
    """Two schools' first pages, printed from the same template, laid straight and edge to edge on an
    A3 copier: their lines lie at the same heights all the way down, so the narrow band between them was
    taken for a gap inside one page and the scan was read as one page, levelled as one. Each sheet is a
    page of running text: the two are parted, left then right."""
    mm = 150 / 25.4
    other = corpus.paper("Trường Tiểu học Mỹ An", seed=9)
    left, right = _scanned_sheet(), _scanned_sheet(paper=other)
    left = left.crop((0, 0, left.width - round(13 * mm), left.height))
    right = right.crop((round(28 * mm), 0, right.width, right.height))
    spread = Image.new("L", (left.width + right.width, left.height), 255)
    spread.paste(left, (0, 0))
    spread.paste(right, (left.width, 0))
    ImageDraw.Draw(spread).line((left.width, 0, left.width, spread.height), fill=110, width=2)  # their edges
    parted = sides(spread).pages
    assert len(parted) == 2 and abs(parted[0].width - left.width) <= 3 * mm  # parted between their texts


def test_two_schools_reports_side_by_side_on_an_a3_scan_are_two_reports() -> None:
    """A commune's clerk laid the first pages of two schools' reports side by side on an A3 copier: the
    scan was read as the first school's report alone, the second school's header and figures among its
    lines, and the second school's report was never seen."""
    other = corpus.paper("Trường Tiểu học Mỹ An", seed=9)
    reading = read_attachment(
        *_as_file(_spread(_scanned_sheet(), _scanned_sheet(paper=other)), "jpg"), LIMITS
    )
    assert not reading.failures
    assert [(d.name, d.header.issuer) for d in reading.documents] == [
        ("IMG_20211020_091500.jpg (trang 1, phần 1)", SCAN_PAPER.issuer),
        ("IMG_20211020_091500.jpg (trang 1, phần 2)", other.issuer),
    ]
    assert fold(other.issuer or "") not in fold(reading.documents[0].text)


def _landscape_table(dpi: int = 150, *, ruled: bool = True) -> Image.Image:
    """A landscape A4 page holding one table across its width, as a school prints its summary: ruled, or
    printed from a spreadsheet without its grid, its title on the left."""
    mm = dpi / 25.4
    page = Image.new("L", (round(297 * mm), round(210 * mm)), 255)
    draw = ImageDraw.Draw(page)
    bold = ImageFont.truetype(str(documents.FONT_DIR / "DejaVuSerif-Bold.ttf"), round(3.6 * mm))
    font = ImageFont.truetype(str(documents.FONT_DIR / "DejaVuSerif.ttf"), round(3.4 * mm))
    title = (page.width / 2, 25 * mm) if ruled else (20 * mm, 25 * mm)
    draw.text(title, "BẢNG TỔNG HỢP KẾT QUẢ TUYÊN TRUYỀN", font=bold, fill=0, anchor="mm" if ruled else "lm")
    columns = [20, 35, 150, 185, 220, 277]
    rows = [
        ("STT", "Nội dung", "Số buổi", "Lượt trẻ", "Lượt PH"),
        *((str(n), label, *figures) for n, (label, figures) in enumerate(LANDSCAPE_ROWS.items(), 1)),
    ]
    for r, cells in enumerate(rows):
        top = (40 + 14 * r) * mm
        for c, cell in enumerate(cells):
            draw.text(
                ((columns[c] + 2) * mm, top + 7 * mm),
                cell,
                font=bold if r == 0 else font,
                fill=0,
                anchor="lm",
            )
        if ruled:
            draw.line((columns[0] * mm, top, columns[-1] * mm, top), fill=0, width=2)
    if ruled:
        bottom = (40 + 14 * len(rows)) * mm
        draw.line((columns[0] * mm, bottom, columns[-1] * mm, bottom), fill=0, width=2)
        for x in columns:
            draw.line((x * mm, 40 * mm, x * mm, bottom), fill=0, width=2)
    return page


LANDSCAPE_ROWS = {
    "Tuyên truyền cho trẻ về kỹ năng tự bảo vệ": ("23", "146", "0"),
    "Họp phụ huynh đầu năm học": ("4", "0", "560"),
    "Sinh hoạt chuyên đề phòng, chống xâm hại": ("6", "312", "85"),
}


@pytest.mark.parametrize(("kind", "ruled"), [("pdf", True), ("jpg", True), ("pdf", False), ("jpg", False)])
def test_a_landscape_page_of_one_wide_table_is_read_row_by_row(kind: str, ruled: bool) -> None:
    """A landscape page of one table is no two pages side by side: each row is read across, its figures
    on its label's line. Printed without its grid, the table has a wide band of paper between its labels
    and its figures from top to bottom, and was read as two pages: the labels, then the figures alone."""
    document = only(read_attachment(*_as_file(_landscape_table(ruled=ruled), kind), LIMITS))
    lines = [" ".join(fold(line).split()) for line in document.text.split("\n")]
    for label, figures in LANDSCAPE_ROWS.items():
        [line] = [x for x in lines if fold(label) in x]
        assert line.split()[-3:] == list(figures)


def _annex(number: int, dpi: int = 150) -> Image.Image:
    """A portrait A4 annex of a report: its title and a table of each class's figures, without a grid."""
    mm = dpi / 25.4
    page = Image.new("L", (round(210 * mm), round(297 * mm)), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(documents.FONT_DIR / "DejaVuSerif.ttf"), round(3.4 * mm))
    draw.text((30 * mm, 25 * mm), f"PHỤ LỤC {number}: SỐ LIỆU CÁC LỚP", font=font, fill=0, anchor="lm")
    for row in range(12):
        top = (40 + 9 * row) * mm
        draw.text((32 * mm, top), f"Lớp {number}A{row + 1}", font=font, fill=0, anchor="lm")
        draw.text((120 * mm, top), str(10 + row * number), font=font, fill=0, anchor="lm")
        draw.text((150 * mm, top), str(100 + row * 7), font=font, fill=0, anchor="lm")
    return page


def test_two_annexes_of_one_template_side_by_side_are_read_page_by_page() -> None:
    """Two annexes' tables printed from one template and scanned side by side line up row by row as one
    wide table does, but each half is the other's layout again: they are two pages, each read alone,
    not one table whose rows join the two annexes' classes."""
    left, right = _annex(1), _annex(2)
    spread = Image.new("L", (left.width + right.width, left.height), 255)
    spread.paste(left, (0, 0))
    spread.paste(right, (left.width, 0))
    text = fold(only(read_attachment(*_as_file(spread, "pdf"), LIMITS)).text)
    assert text.index("lop 1a12") < text.index("phu luc 2")


CAPTION = (
    "Hình ảnh hoạt động tuyên truyền phòng, chống xâm hại trẻ em tại Trường Mẫu giáo Long Thượng năm học "
    "2025-2026: giáo viên hướng dẫn trẻ nhận biết các tình huống nguy hiểm, phụ huynh tham dự buổi sinh hoạt "
    "chuyên đề, trẻ tham gia trò chơi an toàn cho bản thân và cán bộ y tế xã nói chuyện với cha mẹ học sinh về "
    "cách bảo vệ con em khi ở nhà cũng như khi đến trường."
)


def _photo_page(dpi: int = 150) -> Image.Image:
    """A page of the report's activity photo (smooth tones: faces, a wall out of focus) and its caption."""
    mm = dpi / 25.4
    page = Image.new("L", (round(210 * mm), round(297 * mm)), 255)
    size = (round(200 * mm), round(240 * mm))
    light = Image.linear_gradient("L").resize(size).rotate(30, fillcolor=40)
    shapes = Image.new("L", size, 0)
    draw = ImageDraw.Draw(shapes)
    rng = random.Random(3)
    for _ in range(12):
        x, y, r = rng.randint(0, size[0]), rng.randint(0, size[1]), rng.randint(60, 250)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.randint(0, 255))
    photo = Image.blend(
        light.filter(ImageFilter.GaussianBlur(8)), shapes.filter(ImageFilter.GaussianBlur(16)), 0.6
    )
    page.paste(photo, (round(5 * mm), round(5 * mm)))
    font = ImageFont.truetype(str(documents.FONT_DIR / "DejaVuSerif.ttf"), round(3.9 * mm))
    for row, line in enumerate(textwrap.wrap(CAPTION, 80)):
        ImageDraw.Draw(page).text((15 * mm, (252 + row * 6.5) * mm), line, font=font, fill=0)
    return page


@pytest.mark.parametrize(("blur", "blurred"), [(0, False), (2.4, True)])
def test_a_page_of_activity_photos_with_a_caption_is_not_taken_for_a_blurred_one(
    blur: float, blurred: bool
) -> None:
    """A phone photo of the report's page of activity photos, its printed caption read as some 80 words at
    80 %: the photo's smooth tones made the whole image look out of focus (sharpness 0.04-0.08) and the
    school's report waited for staff as a blurred scan. The caption is sharp; out of focus, it is not."""
    page = _photo_page()
    name, data = _as_file(page.filter(ImageFilter.GaussianBlur(blur)) if blur else page, "jpg")
    reader = _reading_of([OcrPage(CAPTION, 80.0)])
    document = only(read_attachment(name, data, LIMITS, ocr=reader))
    assert [p.blurred for p in document.pages] == [blurred]
    assert [w.startswith("Trang 1: ảnh bị mờ") for w in document.warnings] == ([True] if blurred else [])


def test_a_photo_of_a_sheet_taken_from_a_little_way_off_is_read_from_the_sheet() -> None:
    """A 12-megapixel phone photo of a sheet on a dark desk, the sheet a third of it: the whole photo was
    scaled to an A4 page's size, the sheet itself came out at about 110 dpi, and OCR read the school's
    name with stray marks («“TRƯỜNG MG LONG THƯỢNG.») at 88 %. Cut to the sheet, it reads as a close-up."""
    sheet = _scanned_sheet(110).convert("RGB").rotate(2, expand=True, fillcolor=(35, 30, 28))
    desk = Image.new("RGB", (4032, 3024), (35, 30, 28))
    desk.paste(sheet, ((desk.width - sheet.width) // 2, (desk.height - sheet.height) // 2))
    document = only(read_attachment(*_as_file(desk, "jpg"), LIMITS))
    assert document.header.issuer == SCAN_PAPER.issuer
    assert document.ocr_confidence is not None and document.ocr_confidence > 93


def test_the_lower_part_of_a_sheet_under_a_shadow_is_not_cut_off_as_desk(photo_reading: Reading) -> None:
    """A phone photo whose lower part lay under the shadow of the hand holding the phone: its paper was
    as dark as a desk, the photo was cut to the lit part of the sheet, and the sections under the shadow
    were lost. Letters under a shadow are no desk."""
    photo = Image.open(io.BytesIO(documents.render_photo_jpeg(SCAN_PAPER))).convert("RGB")
    shadow = Image.new("L", photo.size, 255)
    ImageDraw.Draw(shadow).rectangle((0, round(photo.height * 0.6), photo.width, photo.height), fill=150)
    shadow = shadow.filter(ImageFilter.GaussianBlur(photo.width // 60))
    shaded = ImageChops.multiply(photo, Image.merge("RGB", (shadow, shadow, shadow)))
    document = only(read_attachment(*_as_file(shaded, "jpg"), LIMITS))
    in_light = [s.id for s in find_sections(only(photo_reading).text, SPECS).found]
    assert [s.id for s in find_sections(document.text, SPECS).found] == in_light


BORDERLESS_ROWS = [
    ("STT", "Nội dung", "ĐVT", "Số lượng"),
    ("1", "Số buổi tuyên truyền", "buổi", "12"),
    ("2", "Số lượt học sinh tham gia", "lượt", "1.250"),
    ("3", "Số vụ xâm hại trẻ em", "vụ", "0"),
]


def _borderless_table(kind: str) -> bytes:
    """Figures in a table without borders: cells placed side by side in a text PDF, tabs in Word."""
    if kind == "pdf":
        pdf = FPDF()
        pdf.add_font("DejaVuSans", "", corpus.FONT)
        pdf.add_page()
        pdf.set_font("DejaVuSans", "", 11)
        pdf.cell(0, 7, "Kết quả thực hiện như sau:", new_x="LMARGIN", new_y="NEXT")
        for row in BORDERLESS_ROWS:
            for width, cell in zip((12, 80, 25, 25), row, strict=True):
                pdf.cell(width, 7, cell)
            pdf.ln(7)
        return bytes(pdf.output())
    word = docx.Document()
    word.add_paragraph("Kết quả thực hiện như sau:")
    for row in BORDERLESS_ROWS:
        word.add_paragraph("\t".join(row))
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def test_a_word_table_with_merged_heading_cells_gives_its_figures() -> None:
    """A Word table whose «Nội dung» heading is merged down over two rows of headings and whose «Kết quả»
    spans the columns «Số buổi | Số lượt học sinh» gave no figure."""
    word = docx.Document()
    table = word.add_table(rows=3, cols=3)
    table.cell(0, 1).merge(table.cell(0, 2))
    table.cell(0, 0).merge(table.cell(1, 0))
    for (row, column), value in {
        (0, 0): "Nội dung",
        (0, 1): "Kết quả",
        (1, 1): "Số buổi",
        (1, 2): "Số lượt học sinh",
        (2, 0): "Tuyên truyền",
        (2, 1): "12",
        (2, 2): "1.250",
    }.items():
        table.cell(row, column).text = value
    out = io.BytesIO()
    word.save(out)
    document = only(read_attachment("bao-cao.docx", out.getvalue(), LIMITS))
    figures = {f.id: f.value for f in find_figures(document.text, FIGURE_SPECS)}
    assert figures == {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 1250}


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [["Nội dung", "Đơn vị tính", "Số buổi", "Số lượt học sinh"], ["Tuyên truyền", "12", "", "1.250"]],
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 1250},
        ),
        (
            [
                ["Đơn vị", "Đơn vị tính", "Số buổi tuyên truyền", "Số lượt học sinh"],
                ["Trường TH Kim Đồng", "12", "", "1.250"],
            ],
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 1250},
        ),
    ],
)
def test_a_word_table_whose_count_is_merged_across_the_unit_column(
    rows: list[list[str]], expected: dict[str, int]
) -> None:
    """A Word table whose count is merged across its «Đơn vị tính» column and the column of the count
    («Tuyên truyền | 12 | 1.250» under «Nội dung | Đơn vị tính | Số buổi | Số lượt học sinh») was read a
    cell short of its headings and gave no figure: the rows are read under the headings but the unit's."""
    word = docx.Document()
    table = word.add_table(rows=len(rows), cols=len(rows[0]))
    table.cell(1, 1).merge(table.cell(1, 2))
    for row, cells in enumerate(rows):
        for column, value in enumerate(cells):
            if value:
                table.cell(row, column).text = value
    out = io.BytesIO()
    word.save(out)
    document = only(read_attachment("bao-cao.docx", out.getvalue(), LIMITS))
    assert {f.id: f.value for f in find_figures(document.text, FIGURE_SPECS)} == expected


@pytest.mark.parametrize(
    ("rows", "merged", "expected"),
    [
        # a cell left empty right under the headings
        (
            [
                ["Nội dung", "Số buổi tuyên truyền", "Số lượt học sinh"],
                ["Trực tuyến", "4", ""],
                ["Trực tiếp", "8", "800"],
                ["Tổng cộng", "12", "800"],
            ],
            False,
            {"buoi_tuyen_truyen": (12, ()), "nguoi_tham_gia": (800, ())},
        ),
        # «Tổng cộng» merged across the row numbers' and the labels' columns
        (
            [
                ["STT", "Hình thức", "Số buổi tuyên truyền"],
                ["1", "Trực tiếp", "8"],
                ["2", "Trực tuyến", "4"],
                ["Tổng cộng", "", "12"],
            ],
            True,
            {"buoi_tuyen_truyen": (12, ())},
        ),
        # the pupils' total left empty
        (
            [
                ["Khối", "Số buổi tuyên truyền", "Số lượt học sinh tham gia"],
                ["Khối 1", "2", "120"],
                ["Khối 2", "3", "115"],
                ["Tổng cộng", "5", ""],
            ],
            False,
            {"buoi_tuyen_truyen": (5, ()), "nguoi_tham_gia": (235, (120, 115))},
        ),
    ],
)
def test_a_word_table_whose_rows_are_a_cell_short(
    rows: list[list[str]], merged: bool, expected: dict[str, tuple[int, tuple[int, ...]]]
) -> None:
    """Word leaves out a row's empty cell and reads a cell merged across once: a row right under the
    headings, or a total row, a cell short of them ended the table, and its total was not read."""
    word = docx.Document()
    table = word.add_table(rows=len(rows), cols=len(rows[0]))
    if merged:
        table.cell(len(rows) - 1, 0).merge(table.cell(len(rows) - 1, 1))
    for row, cells in enumerate(rows):
        for column, value in enumerate(cells):
            if value:
                table.cell(row, column).text = value
    out = io.BytesIO()
    word.save(out)
    document = only(read_attachment("bao-cao.docx", out.getvalue(), LIMITS))
    figures = {f.id: (f.value, f.parts) for f in find_figures(document.text, FIGURE_SPECS)}
    assert figures == expected


def _merged_label_table(heading: bool) -> bytes:
    """A Word table whose «Tuyên truyền» is merged down over its rows «Trực tiếp | 8» and «Trực tuyến | 4»,
    then «Tổng cộng» across two columns over the total 12; with a row of headings or without."""
    word = docx.Document()
    table = word.add_table(rows=4 if heading else 3, cols=3)
    top = 1 if heading else 0
    table.cell(top, 0).merge(table.cell(top + 1, 0))
    table.cell(top + 2, 0).merge(table.cell(top + 2, 1))
    cells = {(0, 0): "Nội dung", (0, 1): "Hình thức", (0, 2): "Số buổi"} if heading else {}
    cells |= {
        (top, 0): "Tuyên truyền",
        (top, 1): "Trực tiếp",
        (top, 2): "8",
        (top + 1, 1): "Trực tuyến",
        (top + 1, 2): "4",
        (top + 2, 0): "Tổng cộng",
        (top + 2, 2): "12",
    }
    for (row, column), value in cells.items():
        table.cell(row, column).text = value
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("heading", "lines", "expected"),
    [
        (
            True,
            "Nội dung | Hình thức | Số buổi\nTuyên truyền | Trực tiếp | 8\nTuyên truyền | Trực tuyến | 4\n"
            "Tổng cộng | 12",
            {"buoi_tuyen_truyen": (12, (8, 4))},
        ),
        # no heading gives the unit: nothing is read, neither 4 nor 8
        (False, "Tuyên truyền | Trực tiếp | 8\nTuyên truyền | Trực tuyến | 4\nTổng cộng | 12", {}),
    ],
)
def test_a_word_table_whose_label_is_merged_down_over_its_rows(
    heading: bool, lines: str, expected: dict[str, tuple[int, tuple[int, ...]]]
) -> None:
    """A Word table whose «Tuyên truyền» is merged down over «Trực tiếp | 8» and «Trực tuyến | 4» read the
    second row as «Trực tuyến | 4», a cell short, and gave no figure: a merged label is read in every row it
    spans, and the total row gives the figure, its rows beside it."""
    document = only(read_attachment("bao-cao.docx", _merged_label_table(heading), LIMITS))
    assert document.text == lines
    figures = {f.id: (f.value, f.others) for f in find_figures(document.text, FIGURE_SPECS)}
    assert figures == expected


@pytest.mark.parametrize("align", ["TOP", "MIDDLE", "BOTTOM"])
def test_a_table_without_borders_whose_label_wrapped_onto_two_lines(align: str) -> None:
    """A PDF table without borders whose label «Số buổi tuyên truyền về phòng, chống xâm hại trẻ em» wrapped
    in its narrow column gave no sessions: pdfplumber lays the label's second line, or its first, on a line
    of its own beside the row number and the counts, wherever the row's cells are aligned."""
    pdf = FPDF()
    pdf.add_font("DejaVuSans", "", corpus.FONT)
    pdf.set_font("DejaVuSans", "", 12)
    pdf.add_page()
    pdf.cell(0, 7, "Kết quả thực hiện như sau:", new_x="LMARGIN", new_y="NEXT")
    rows = [
        ("1", "Số buổi tuyên truyền về phòng, chống xâm hại trẻ em", "buổi", "12"),
        ("2", "Số lượt học sinh được tuyên truyền", "lượt", "1.250"),
        ("3", "Số vụ xâm hại trẻ em", "vụ", "0"),
    ]
    with pdf.table(
        col_widths=(10, 50, 20, 20), borders_layout="NONE", first_row_as_headings=False, v_align=align
    ) as table:
        for row in rows:
            cells = table.row()
            for value in row:
                cells.cell(value)
    document = only(read_attachment("bao-cao.pdf", bytes(pdf.output()), LIMITS))
    assert "chống xâm hại trẻ em" not in document.text  # the label was wrapped
    figures = {f.id: f.value for f in find_figures(document.text, FIGURE_SPECS)}
    assert figures == {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 1250, "vu_xam_hai": 0}


@pytest.mark.parametrize("repeated", [True, False])
def test_a_pdf_table_of_grades_whose_total_row_is_on_the_next_page(repeated: bool) -> None:
    """A PDF's table of a row per grade went on over a page, its «Tổng cộng» row on the second, the
    headings repeated there or not: no figure was read, the text layer having no cells («Khối 6 3 160»)."""
    pdf = FPDF()
    pdf.add_font("DejaVuSans", "", corpus.FONT)
    pdf.set_font("DejaVuSans", "", 11)
    pdf.footer = lambda: (pdf.set_y(-15), pdf.cell(0, 10, str(pdf.page_no()), align="C"))
    pdf.add_page()
    for n in range(32):
        pdf.cell(0, 7, f"Nội dung thực hiện, đoạn {n + 1}.", new_x="LMARGIN", new_y="NEXT")
    rows = [
        ("Khối", "Số buổi tuyên truyền", "Số lượt học sinh tham gia"),
        ("Khối 6", "3", "160"),
        ("Khối 7", "3", "155"),
        ("Khối 8", "2", "150"),
        ("Khối 9", "4", "140"),
        ("Tổng cộng", "12", "605"),
    ]
    with pdf.table(
        col_widths=(40, 60, 60), first_row_as_headings=repeated, headings_style=FontFace(emphasis=None)
    ) as table:
        for row in rows:
            cells = table.row()
            for value in row:
                cells.cell(value)
    document = only(read_attachment("bao-cao.pdf", bytes(pdf.output()), LIMITS))
    assert len(document.pages) == 2 and "Tổng cộng 12 605" in document.pages[1].text
    figures = {f.id: (f.value, f.parts) for f in find_figures(document.text, FIGURE_SPECS)}
    assert figures == {"buoi_tuyen_truyen": (12, ()), "nguoi_tham_gia": (605, ())}
    assert find_figures(document.text, FIGURE_SPECS)[0].sentence.endswith("Tổng cộng 12 605")


def test_a_pdf_table_of_forms_of_work_over_two_pages_repeating_its_headings() -> None:
    """A PDF's table of a row per form of work went on over a page, its headings repeated there: only the
    rows on the second page were read with the total, so that a total its rows do not add up to was not
    marked. The table goes on past the break where its headings are repeated."""
    pdf = FPDF()
    pdf.add_font("DejaVuSans", "", corpus.FONT)
    pdf.set_font("DejaVuSans", "", 11)
    pdf.footer = lambda: (pdf.set_y(-15), pdf.cell(0, 10, str(pdf.page_no()), align="C"))
    pdf.add_page()
    for n in range(33):
        pdf.cell(0, 7, f"Nội dung thực hiện, đoạn {n + 1}.", new_x="LMARGIN", new_y="NEXT")
    rows = [
        ("Hình thức", "Số buổi tuyên truyền", "Số lượt học sinh tham gia"),
        ("Trực tiếp", "8", "800"),
        ("Trực tuyến", "4", "300"),
        ("Qua Zalo", "2", "150"),
        ("Tổng cộng", "15", "1.250"),
    ]
    with pdf.table(col_widths=(40, 60, 60), headings_style=FontFace(emphasis=None)) as table:
        for row in rows:
            cells = table.row()
            for value in row:
                cells.cell(value)
    document = only(read_attachment("bao-cao.pdf", bytes(pdf.output()), LIMITS))
    assert len(document.pages) == 2 and "Tổng cộng 15 1.250" in document.pages[1].text
    assert "Trực tiếp 8 800" in document.pages[0].text
    figures = {f.id: (f.value, f.parts) for f in find_figures(document.text, FIGURE_SPECS)}
    assert figures == {"buoi_tuyen_truyen": (15, (8, 4, 2)), "nguoi_tham_gia": (1250, ())}


def topics_table_pdf(rows: int, label: str, opening: str = "II. Kết quả thực hiện") -> tuple[bytes, int]:
    """A PDF report, opening with opening, whose table of rows, one a session, has a narrow column of labels
    (label, formatted with the row's number), and a «Tổng cộng» row; and the pupils it totals."""
    pdf = FPDF()
    pdf.add_font("DejaVuSans", "", corpus.FONT)
    pdf.set_font("DejaVuSans", "", 11)
    pdf.add_page()
    pdf.multi_cell(0, 6, f"{opening}\nCác buổi tuyên truyền đã tổ chức:", new_x="LMARGIN", new_y="NEXT")
    pupils = [(80, 95, 110, 120, 135)[n % 5] for n in range(rows)]
    with pdf.table(col_widths=(12, 100, 30, 40), headings_style=FontFace(emphasis=None)) as table:
        for row in [
            ("STT", "Nội dung buổi tuyên truyền", "Số buổi", "Số lượt học sinh"),
            *((str(n + 1), label.format(n + 1), "1", str(p)) for n, p in enumerate(pupils)),
            ("", "Tổng cộng", str(rows), f"{sum(pupils):,}".replace(",", ".")),
        ]:
            cells = table.row()
            for value in row:
                cells.cell(value)
    pdf.multi_cell(0, 6, "Trong năm không xảy ra vụ xâm hại nào.\nHIỆU TRƯỞNG", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output()), sum(pupils)


@pytest.mark.parametrize(
    ("rows", "label"),
    [
        (5, "Tuyên truyền chuyên đề {} về phòng, chống xâm hại trẻ em"),  # wrapped above and below the counts
        (25, "Tuyên truyền chuyên đề {} về phòng, chống xâm hại trẻ em"),  # ... and over two pages
        (5, "Chuyên đề {}"),
        (40, "Chuyên đề {}"),
    ],
)
def test_a_pdf_table_of_sessions_gives_its_total_row(rows: int, label: str) -> None:
    """A PDF's table of a row per session, «Tổng cộng» under them: where the labels wrapped around the
    row's number and counts («1 1 95» between «Tuyên truyền chuyên đề 1 về phòng, chống xâm hại» and «trẻ
    em») the first row's 95 pupils were read as the school's; where they were short («1 Chuyên đề 1 1 95»)
    nothing was. The total row gives both figures."""
    data, pupils = topics_table_pdf(rows, label)
    document = only(read_attachment("bao-cao.pdf", data, LIMITS))
    assert (len(document.pages) > 1) == (rows > 20)
    figures = {f.id: (f.value, f.parts) for f in find_figures(document.text, FIGURE_SPECS, year=2026)}
    assert figures == {"buoi_tuyen_truyen": (rows, ()), "nguoi_tham_gia": (pupils, ()), "vu_xam_hai": (0, ())}


def test_a_word_table_whose_results_heading_spans_the_semesters_gives_the_whole_year() -> None:
    """«STT | Nội dung | Kết quả năm học», the last merged across «Học kỳ I | Học kỳ II | Cả năm» and the
    others down over them, gave no sessions and no pupils; the same table with one row of headings did."""
    word = docx.Document()
    word.add_paragraph("Kết quả cụ thể như bảng sau:")
    rows = [
        ["STT", "Nội dung", "Kết quả năm học", "", ""],
        ["", "", "Học kỳ I", "Học kỳ II", "Cả năm"],
        ["1", "Số buổi tuyên truyền", "3", "4", "7"],
        ["2", "Số lượt học sinh tham gia", "1,250", "1,340", "2,590"],
        ["3", "Số vụ xâm hại trẻ em", "0", "0", "0"],
    ]
    table = word.add_table(rows=len(rows), cols=5)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(0, 2).merge(table.cell(0, 4))
    table.cell(0, 0).merge(table.cell(1, 0))
    table.cell(0, 1).merge(table.cell(1, 1))
    out = io.BytesIO()
    word.save(out)
    document = only(read_attachment("bao-cao.docx", out.getvalue(), LIMITS))
    figures = {f.id: f.value for f in find_figures(document.text, FIGURE_SPECS)}
    assert figures == {"buoi_tuyen_truyen": 7, "nguoi_tham_gia": 2590, "vu_xam_hai": 0}


def test_a_word_table_going_on_after_a_page_break_and_a_note_keeps_all_its_rows() -> None:
    """A school split its table of sessions with a page break, wrote «(tiếp theo)» and repeated the headings
    over its rest: the second table's rows alone were added up against the «Tổng cộng» of the whole, and the
    total marked as not matching them."""
    word = docx.Document()
    word.add_paragraph("Các buổi tuyên truyền đã tổ chức:")
    heading = ("STT", "Nội dung buổi tuyên truyền", "Số buổi", "Số lượt học sinh")
    pupils = [(80, 95, 110, 120, 135)[n % 5] for n in range(30)]
    rows = [
        (str(n + 1), f"Chuyên đề {n + 1} về phòng, chống xâm hại trẻ em", "1", str(p))
        for n, p in enumerate(pupils)
    ]
    total = ("", "Tổng cộng", "30", f"{sum(pupils):,}".replace(",", "."))
    for part in (rows[:15], [*rows[15:], total]):
        if part is not rows[:15]:
            word.add_paragraph().add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
            word.add_paragraph("(tiếp theo)")
        table = word.add_table(rows=0, cols=4)
        for row in (heading, *part):
            for cell, value in zip(table.add_row().cells, row, strict=True):
                cell.text = value
    out = io.BytesIO()
    word.save(out)
    document = only(read_attachment("bao-cao.docx", out.getvalue(), LIMITS))
    figures = {f.id: (f.value, f.parts) for f in find_figures(document.text, FIGURE_SPECS)}
    assert figures == {"buoi_tuyen_truyen": (30, ()), "nguoi_tham_gia": (sum(pupils), ())}


def test_a_word_table_of_grades_split_by_a_page_break_keeps_its_total_row() -> None:
    """A school split its table of grades with a page break before the «Tổng cộng» row (Word makes two
    tables of it): the rows above the break were summed and marked as summed by the system, and the
    stated total on the next page was not read."""
    word = docx.Document()
    word.add_paragraph("Kết quả thực hiện theo từng khối:")
    rows = [
        ("Khối", "Số buổi tuyên truyền", "Số lượt học sinh tham gia"),
        ("Khối 6", "3", "160"),
        ("Khối 7", "3", "155"),
    ]
    for part in (rows, [("Tổng cộng", "7", "315")]):
        table = word.add_table(rows=0, cols=3)
        for row in part:
            for cell, value in zip(table.add_row().cells, row, strict=True):
                cell.text = value
        if part is rows:
            word.add_paragraph().add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
    out = io.BytesIO()
    word.save(out)
    document = only(read_attachment("bao-cao.docx", out.getvalue(), LIMITS))
    figures = {f.id: (f.value, f.parts) for f in find_figures(document.text, FIGURE_SPECS)}
    assert figures == {"buoi_tuyen_truyen": (7, (3, 3)), "nguoi_tham_gia": (315, ())}


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_figures_in_a_table_without_borders(kind: str) -> None:
    """pdfplumber lays a borderless table's row out as «1 Số buổi tuyên truyền buổi 12» (row number,
    label, unit, count), and so does a Word table typed with tabs: none of its figures was read."""
    document = only(read_attachment(f"bao-cao.{kind}", _borderless_table(kind), LIMITS))
    figures = {f.id: f.value for f in find_figures(document.text, FIGURE_SPECS)}
    assert figures == {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 1250, "vu_xam_hai": 0}


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("BC NQ121.url", b"[InternetShortcut]\r\nURL=https://drive.google.com/file/d/1AbC/view\r\n"),
        (
            "BC NQ121.gdoc",
            b'{"url": "https://docs.google.com/open?id=1AbC", "doc_id": "1AbC", "email": "a@gmail.com"}',
        ),
        (
            "BC NQ121.webloc",
            b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" '
            b'"http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n<dict>\n\t<key>URL</key>\n'
            b"\t<string>https://onedrive.live.com/redir?resid=1</string>\n</dict>\n</plist>\n",
        ),
    ],
    ids=["url", "gdoc", "webloc"],
)
def test_a_shortcut_to_a_file_on_the_web_attached_instead_of_the_report_is_named_so(
    name: str, data: bytes
) -> None:
    """A school attached the shortcut Drive or the desktop keeps of its report («BC NQ121.gdoc», a .url,
    a Mac's .webloc): it was read as a text holding nothing of the report, and the school was told the
    file might be a signature page or an unclear photo, and would send the same shortcut again. It is
    told the file is only a shortcut to a file on the web, and asked to download and attach the report."""
    reading = read_attachment(name, data, LIMITS)
    assert not reading.documents
    [failure] = reading.failures
    assert failure.code == "format" and "lối tắt tới một tệp trên mạng" in failure.reason
    assert "tải tệp báo cáo về máy rồi đính kèm" in failure.reason


@pytest.mark.parametrize("name", ["BC NQ121.docx.lnk", "BC NQ121.docx"])
def test_a_windows_shortcut_attached_instead_of_the_report_is_named_so(name: str) -> None:
    """A clerk dragged the report's shortcut from the desktop into the mail: the school was told its file
    was «không phải văn bản, ảnh hay tệp nén» and asked for a Word or PDF file, which it believed it had
    sent. It is told the file is only a shortcut to a file on its own computer."""
    target = "C:\\Users\\TH My An\\Desktop\\BC NQ121.docx".encode("utf-16-le")
    shortcut = (
        b"L\x00\x00\x00\x01\x14\x02\x00\x00\x00\x00\x00\xc0\x00\x00\x00\x00\x00\x00F" + bytes(56) + target
    )
    reading = read_attachment(name, shortcut, LIMITS)
    assert not reading.documents
    [failure] = reading.failures
    assert failure.code == "format" and "lối tắt (shortcut)" in failure.reason
    assert "đính kèm chính tệp báo cáo" in failure.reason and "không phải văn bản" not in failure.reason


def test_an_rtf_typed_in_tcvn3_keeps_every_u_with_a_horn() -> None:
    """A TCVN3 report saved as RTF under a .doc name read «trờng tiểu học», «dới cờ», «820 lợt học sinh»:
    TCVN3 writes «ư» as the byte of the soft hyphen, which the text's normalisation drops as invisible,
    and it ran before the old font's text was converted."""
    text = (
        "Trường Tiểu học Long Thạnh tổ chức tuyên truyền dưới cờ cho 820 lượt học sinh, Hiệu trưởng chủ trì."
    )
    escaped = "".join(f"\\'{b:02x}" if b > 127 else chr(b) for b in corpus.tcvn3(text))
    data = ("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 .VnTime;}}\\f0\\fs26 " + escaped + "\\par}").encode("ascii")
    document = only(read_attachment("BC NQ121 THLT.doc", data))
    assert document.format == "rtf" and document.encoding == "tcvn3"
    assert text in document.text


def test_a_damaged_word_file_is_not_called_a_compressed_file() -> None:
    """A Word file broken in the middle, its first entry not one filetype knows for Word's, was told to the
    school as «Tệp nén … bị hỏng, không giải nén được. Đề nghị trường nén và gửi lại.»: the school never
    compressed anything."""
    data = documents.zip_files({"docProps/app.xml": b"<Properties/>", "docProps/core.xml": b"<core/>"})
    broken = data.replace(b"PK\x01\x02", b"XX\x01\x02")
    [failure] = read_attachment("BC NQ121 TH Mỹ Phú.docx", broken).failures
    assert (
        failure.reason
        == "Tệp Word BC NQ121 TH Mỹ Phú.docx bị hỏng, không mở được. Đề nghị trường gửi lại tệp."
    )
    [archive] = read_attachment("baocao.zip", broken).failures
    assert archive.reason.startswith("Tệp nén baocao.zip bị hỏng, không giải nén được.")


def test_an_archive_that_lists_no_file_asks_the_school_to_send_it_again() -> None:
    """A .rar damaged past listing its files was told to the school as «Tệp nén … không chứa tệp nào.»,
    a statement of fact with nothing to do, though the school had put its report in it."""
    damaged = b"Rar!\x1a\x07\x00" + bytes(range(256)) * 8
    [failure] = read_attachment("BaoCao.rar", damaged).failures
    assert "bị hỏng" in failure.reason and "gửi lại" in failure.reason


@pytest.mark.parametrize("inside_a_zip", [False, True])
def test_a_program_sent_as_the_report_is_named_a_possible_virus(inside_a_zip: bool) -> None:
    """«Báo cáo NQ121.zip» holding «Bao_cao_NQ121_2025.docx.exe», sent at 2 a.m. from a school's address
    by the malware on its computer: the school was told its file «không phải văn bản, ảnh hay tệp nén» and
    asked for a Word or PDF file, with no word that the file is a program and may be a virus, or that its
    mailbox may be in someone else's hands."""
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(44) + b"\x80\x00\x00\x00"
    program += bytes(64) + b"PE\x00\x00" + bytes(200)
    name, data = "Bao_cao_NQ121_2025.docx.exe", program
    if inside_a_zip:
        packed = io.BytesIO()
        with zipfile.ZipFile(packed, "w") as archive:
            archive.writestr(name, program)
        name, data = "Báo cáo NQ121.zip", packed.getvalue()
    reading = read_attachment(name, data, LIMITS)
    assert not reading.documents
    [failure] = reading.failures
    assert "chương trình chạy được" in failure.reason and "virus" in failure.reason
    assert "đổi mật khẩu hộp thư" in failure.reason and "không phải văn bản, ảnh" not in failure.reason
