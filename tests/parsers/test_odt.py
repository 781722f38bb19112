"""OpenDocument text (.odt, .fodt): the same report as in Word reads the same; numbering, frames, notes,
tracked changes, legacy fonts, passwords, damage and zip bombs."""

from __future__ import annotations

import base64
import copy
import io
import os
import zipfile
from collections.abc import Iterable

import pytest
from lxml import etree
from odf.draw import Frame, Image
from odf.opendocument import OpenDocumentText
from odf.text import P
from PIL import Image as PilImage

from parsers.document import Document, Limits, Reading
from parsers.figures import find_figures
from parsers.ocr import OcrPage
from parsers.read import read_attachment
from parsers.sections import find_sections
from samples import documents
from samples.papers import Paper
from tests.parsers import corpus
from tests.parsers.test_figures import SPECS as FIGURES
from tests.parsers.test_sections import SPECS as SECTIONS

SCAN_PAPER = corpus.paper("Trường Mẫu giáo Long Thượng", seed=3)
PAPERS = {
    "THCS": corpus.paper(),
    "MG": corpus.paper("Trường Mẫu giáo Long Thượng", seed=3),
    "TH": corpus.paper("Trường Tiểu học Mỹ Thạnh A", seed=5, style="roman"),
}
_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_DECLARED = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in _NS.items())
_MIMETYPE = "application/vnd.oasis.opendocument.text"


def only(reading: Reading) -> Document:
    assert not reading.failures, reading.failures
    assert len(reading.documents) == 1
    return reading.documents[0]


def package(content: str, styles: str = "", manifest: str = "") -> bytes:
    """An .odt of the given content.xml and styles.xml bodies, packed as Writer packs one."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as odt:
        odt.writestr(zipfile.ZipInfo("mimetype"), _MIMETYPE)
        odt.writestr(
            "content.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_DECLARED} office:version="1.3">'
            f"{content}</office:document-content>",
        )
        odt.writestr(
            "styles.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {_DECLARED} office:version="1.3">'
            f"{styles}</office:document-styles>",
        )
        odt.writestr(
            "META-INF/manifest.xml",
            manifest
            or '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{_MIMETYPE}"/></manifest:manifest>',
        )
    return out.getvalue()


def body(xml: str, automatic: str = "") -> str:
    return f"<office:automatic-styles>{automatic}</office:automatic-styles><office:body><office:text>{xml}</office:text></office:body>"


def flat(odt: bytes) -> bytes:
    """The .odt as one flat XML file (.fodt), as Writer saves "Flat XML ODF Text Document": its
    pictures inside, in base64."""
    with zipfile.ZipFile(io.BytesIO(odt)) as source:
        content = etree.fromstring(source.read("content.xml"))
        styles = etree.fromstring(source.read("styles.xml"))
        for image in content.iter(f"{{{_NS['draw']}}}image"):
            href = image.attrib.pop("{http://www.w3.org/1999/xlink}href")
            binary = etree.SubElement(image, f"{{{_NS['office']}}}binary-data")
            binary.text = base64.b64encode(source.read(href)).decode()
    nsmap = {**styles.nsmap, **content.nsmap}
    root = etree.Element(f"{{{_NS['office']}}}document", nsmap=nsmap)
    root.set(f"{{{_NS['office']}}}version", "1.3")
    root.set(f"{{{_NS['office']}}}mimetype", _MIMETYPE)
    for name in ("font-face-decls", "styles"):
        for part in styles.findall(f"{{{_NS['office']}}}{name}"):
            root.append(copy.deepcopy(part))
    for name in ("automatic-styles", "body"):
        for part in content.findall(f"{{{_NS['office']}}}{name}"):
            root.append(copy.deepcopy(part))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


# --- the same report as DOCX ----------------------------------------------------------------------


@pytest.mark.parametrize("school", PAPERS)
def test_the_same_report_as_docx_and_as_odt_reads_the_same(school: str) -> None:
    """A school's report saved from LibreOffice as .odt was refused as unreadable; it must give what the
    Word copy of the same report gives: the school's header, the title, the sections and the figures."""
    paper = PAPERS[school]
    as_docx = only(read_attachment("BC NQ121.docx", documents.render_docx(paper)))
    as_odt = only(read_attachment("BC NQ121.odt", documents.render_odt(paper)))
    assert as_odt.format == "odt" and as_odt.encoding is None
    assert as_odt.header == as_docx.header
    assert as_odt.header.issuer == paper.issuer
    assert as_odt.header.date == paper.date and as_odt.header.kind == "BÁO CÁO"
    assert as_odt.header.title == " ".join(paper.summary)
    found = find_sections(as_odt.text, SECTIONS)
    assert found == find_sections(as_docx.text, SECTIONS)
    assert [s.id for s in found.found] == list(paper.expected.section_ids)
    assert find_figures(as_odt.text, FIGURES) == find_figures(as_docx.text, FIGURES)
    assert as_odt.text == as_docx.text


def test_the_header_table_columns_come_out_as_separate_lines() -> None:
    lines = only(read_attachment("a.odt", documents.render_odt(PAPERS["THCS"]))).text.split("\n")
    paper = PAPERS["THCS"]
    assert lines[:6] == [
        paper.parent_body,
        paper.issuer,
        f"Số: {paper.number}",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        paper.date_line,
    ]


def test_a_flat_fodt_is_read_like_the_odt() -> None:
    """Writer's "Flat XML" (.fodt) is one XML file: it was taken for plain text, tags and all."""
    odt = documents.render_odt(PAPERS["MG"])
    as_flat = only(read_attachment("BC NQ121.fodt", flat(odt)))
    assert as_flat.format == "odt"
    assert as_flat.text == only(read_attachment("BC NQ121.odt", odt)).text
    assert "<office:" not in as_flat.text


def test_a_tcvn3_odt_reads_as_vietnamese() -> None:
    """A report typed in .VnTime/.VnTimeH in LibreOffice: each run is converted by its font, and the H
    font's lower-case codes come out as capitals."""
    paper = PAPERS["THCS"]
    legacy = only(read_attachment("tcvn3.odt", documents.render_odt_legacy(paper, "tcvn3")))
    assert legacy.encoding == "tcvn3"
    assert legacy.text == only(read_attachment("a.odt", documents.render_odt(paper))).text
    assert (
        legacy.header.issuer == "TRƯỜNG THCS NHỊ THÀNH"
        and legacy.header.parent_body == "PHÒNG GD&ĐT THỦ THỪA"
    )


def test_legacy_fonts_are_found_through_styles_and_font_faces() -> None:
    """Writer names a font by its font-face declaration (".VnTime1" for the family ".VnTime"), in a
    paragraph style's parent or in a span's style: each run is converted by the font it shows in."""
    styles = (
        '<office:font-face-decls><style:font-face style:name=".VnTime1" svg:font-family="&apos;.VnTime&apos;"/>'
        '<style:font-face style:name="VNI" svg:font-family="VNI-Times"/></office:font-face-decls>'
        '<office:styles><style:style style:name="Standard" style:family="paragraph">'
        '<style:text-properties style:font-name=".VnTime1"/></style:style></office:styles>'
    )
    automatic = (
        '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard"/>'
        '<style:style style:name="T1" style:family="text"><style:text-properties style:font-name="VNI"/>'
        '</style:style><style:style style:name="T2" style:family="text">'
        '<style:text-properties fo:font-family="&apos;Times New Roman&apos;"/></style:style>'
    )
    tcvn3 = corpus.tcvn3("Báo cáo kết quả").decode("latin-1")
    xml = (
        f'<text:p text:style-name="P1">{tcvn3} <text:span text:style-name="T1">Xin chaøo</text:span> '
        '<text:span text:style-name="T2">Kính gửi</text:span></text:p>'
    )
    document = only(read_attachment("a.odt", package(body(xml, automatic), styles)))
    assert document.text == "Báo cáo kết quả Xin chào Kính gửi"


# --- what Writer shows, and nothing more -------------------------------------------------------------

_LISTS = (
    '<text:list-style style:name="L1">'
    '<text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="I"/>'
    '<text:list-level-style-number text:level="2" style:num-suffix="." style:num-format="1"/>'
    '<text:list-level-style-number text:level="3" style:num-suffix=")" style:num-format="a"/>'
    "</text:list-style>"
    '<text:list-style style:name="L2"><text:list-level-style-bullet text:level="1" text:bullet-char="-"/>'
    "</text:list-style>"
)


def _item(text: str, nested: str = "") -> str:
    return f"<text:list-item><text:p>{text}</text:p>{nested}</text:list-item>"


def test_list_and_heading_numbers_are_read_before_their_paragraphs() -> None:
    """Numbers Writer draws from a list style or the outline style are not in the text: without its
    "II." a long heading was too long to be a heading, and the report's sections went missing."""
    outline = (
        '<office:styles><text:outline-style style:name="Outline">'
        '<text:outline-level-style text:level="1" style:num-format="I" style:num-prefix="PHẦN " style:num-suffix="."/>'
        '<text:outline-level-style text:level="2" style:num-format="1" text:display-levels="2"/>'
        "</text:outline-style></office:styles>"
    )
    first = _item(
        "Công tác chỉ đạo, triển khai thực hiện Nghị quyết 121/2020/QH14 của Quốc hội",
        "<text:list>"
        + _item("Ban hành kế hoạch", "<text:list>" + _item("Họp hội đồng") + "</text:list>")
        + _item("Tổ chức tuyên truyền")
        + "</text:list>",
    )
    second = _item(
        "Kết quả đạt được trong việc thực hiện các nhiệm vụ năm học 2024-2025",
        "<text:list>" + _item("Tuyên truyền") + "</text:list>",
    )
    xml = (
        '<text:h text:outline-level="1">Công tác chỉ đạo</text:h>'
        '<text:h text:outline-level="2">Ban hành văn bản</text:h>'
        '<text:h text:outline-level="2">Kiểm tra</text:h>'
        '<text:h text:outline-level="1">Kết quả</text:h>'
        '<text:h text:outline-level="2">Tuyên truyền</text:h>'
        f'<text:list xml:id="list1" text:style-name="L1">{first}</text:list>'
        "<text:p>Một đoạn chen giữa.</text:p>"
        f'<text:list text:continue-list="list1" text:style-name="L1">{second}</text:list>'
        f'<text:list text:style-name="L2">{_item("Một dòng gạch đầu dòng")}</text:list>'
        f'<text:list text:style-name="L1">{_item("Danh sách mới")}</text:list>'
    )
    text = only(read_attachment("so-tu-dong.odt", package(body(xml, _LISTS), outline))).text
    assert text.split("\n") == [
        "PHẦN I. Công tác chỉ đạo",
        "1.1 Ban hành văn bản",
        "1.2 Kiểm tra",
        "PHẦN II. Kết quả",
        "2.1 Tuyên truyền",
        "I. Công tác chỉ đạo, triển khai thực hiện Nghị quyết 121/2020/QH14 của Quốc hội",
        "1. Ban hành kế hoạch",
        "a) Họp hội đồng",
        "2. Tổ chức tuyên truyền",
        "Một đoạn chen giữa.",
        "II. Kết quả đạt được trong việc thực hiện các nhiệm vụ năm học 2024-2025",
        "1. Tuyên truyền",
        "Một dòng gạch đầu dòng",
        "I. Danh sách mới",
    ]


def test_text_boxes_notes_comments_tracked_deletions_and_page_headers_read_as_the_page_shows() -> None:
    """Text in a frame reads after its paragraph; a footnote, a comment and text deleted with Track
    Changes on (kept in text:tracked-changes) are not the page's text, so "14 buổi" deleted and "16 buổi"
    typed instead read as 16; the page header and footer read once, first and last."""
    styles = (
        '<office:master-styles><style:master-page style:name="Standard">'
        "<style:header><text:p>TRƯỜNG THCS NHỊ THÀNH</text:p></style:header>"
        "<style:header-first><text:p>TRƯỜNG THCS NHỊ THÀNH</text:p></style:header-first>"
        '<style:footer><text:p>Trang <text:page-number text:select-page="current">1</text:page-number></text:p>'
        '</style:footer><style:footer-left style:display="false"><text:p>Trái</text:p></style:footer-left>'
        "</style:master-page></office:master-styles>"
    )
    xml = (
        "<text:tracked-changes><text:changed-region text:id='c1'><text:deletion>"
        "<office:change-info><dc:creator>Admin</dc:creator></office:change-info>"
        "<text:p>14 </text:p></text:deletion></text:changed-region>"
        "<text:changed-region text:id='c2'><text:insertion><office:change-info>"
        "<dc:creator>Admin</dc:creator></office:change-info></text:insertion></text:changed-region>"
        "</text:tracked-changes>"
        "<text:table-of-content><text:index-body><text:p>II. Kết quả thực hiện ........ 2</text:p>"
        "</text:index-body></text:table-of-content>"
        "<text:p>Đoạn đầu.<draw:frame draw:name='Khung 1'><draw:text-box>"
        "<text:p>Hộp văn bản: 12 buổi tuyên truyền</text:p></draw:text-box></draw:frame></text:p>"
        "<text:p>II. Kết quả thực hiện<text:note text:note-class='footnote'><text:note-citation>1</text:note-citation>"
        "<text:note-body><text:p>Theo Kế hoạch số 07/KH-THCSNT.</text:p></text:note-body></text:note></text:p>"
        "<text:p>Tổ chức <text:change text:change-id='c1'/><text:change-start text:change-id='c2'/>16 "
        "<text:change-end text:change-id='c2'/>buổi tuyên truyền.<office:annotation><dc:creator>Admin</dc:creator>"
        "<text:p>Kiểm tra lại số liệu</text:p></office:annotation></text:p>"
        "<text:p>Có<text:s text:c='2'/>210<text:tab/>phụ huynh<text:line-break/>tham gia.</text:p>"
        "<text:section text:name='Phụ lục'><text:p>Phần phụ lục.</text:p></text:section>"
    )
    document = only(read_attachment("a.odt", package(body(xml), styles)))
    assert document.text.split("\n") == [
        "TRƯỜNG THCS NHỊ THÀNH",
        "Đoạn đầu.",
        "Hộp văn bản: 12 buổi tuyên truyền",
        "II. Kết quả thực hiện",
        "Tổ chức 16 buổi tuyên truyền.",
        "Có 210 phụ huynh",
        "tham gia.",
        "Phần phụ lục.",
        "Trang 1",
    ]


def test_a_table_of_figures_reads_row_by_row_as_from_word() -> None:
    """A data table gives one line per row, cells joined by " | ", as parsers.word gives it, so a
    figure in a row is found next to its label."""
    cell = "<table:table-cell><text:p>{}</text:p></table:table-cell>"
    rows = [("STT", "Nội dung", "Số lượng"), ("1", "Số buổi tuyên truyền", "12"), ("2", "Số vụ xâm hại", "0")]
    xml = (
        "<table:table table:name='Bảng1'><table:table-column table:number-columns-repeated='3'/>"
        "<table:table-header-rows><table:table-row>"
        + "".join(cell.format(c) for c in rows[0])
        + "</table:table-row></table:table-header-rows>"
        + "".join(
            "<table:table-row>" + "".join(cell.format(c) for c in row) + "</table:table-row>"
            for row in rows[1:]
        )
        + "</table:table>"
    )
    text = only(read_attachment("bang.odt", package(body(xml)))).text
    assert text.split("\n") == [
        "STT | Nội dung | Số lượng",
        "1 | Số buổi tuyên truyền | 12",
        "2 | Số vụ xâm hại | 0",
    ]
    assert {f.id: f.value for f in find_figures(text, FIGURES)} == {"buoi_tuyen_truyen": 12, "vu_xam_hai": 0}


# --- files that cannot be read ------------------------------------------------------------------------


def _encrypted(paper: Paper) -> bytes:
    """The report saved with "Save with password": the manifest describes each part's encryption and
    the parts are AES ciphertext (random bytes here), as Writer writes them."""
    encryption = (
        '<manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" '
        f'manifest:checksum="{base64.b64encode(os.urandom(32)).decode()}">'
        '<manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" '
        f'manifest:initialisation-vector="{base64.b64encode(os.urandom(16)).decode()}"/>'
        '<manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32" '
        f'manifest:iteration-count="100000" manifest:salt="{base64.b64encode(os.urandom(16)).decode()}"/>'
        "</manifest:encryption-data>"
    )
    manifest = (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{_MIMETYPE}"/>'
        + "".join(
            f'<manifest:file-entry manifest:full-path="{part}" manifest:media-type="text/xml" manifest:size="9000">'
            f"{encryption}</manifest:file-entry>"
            for part in ("content.xml", "styles.xml")
        )
        + "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as odt:
        odt.writestr(zipfile.ZipInfo("mimetype"), _MIMETYPE)
        odt.writestr("content.xml", os.urandom(4000))
        odt.writestr("styles.xml", os.urandom(2000))
        odt.writestr("META-INF/manifest.xml", manifest)
    return out.getvalue()


def test_a_password_protected_odt_says_so() -> None:
    [failure] = read_attachment("BC NQ121.odt", _encrypted(PAPERS["THCS"])).failures
    assert failure.code == "encrypted"
    assert "mật khẩu" in failure.reason and "BC NQ121.odt" in failure.reason


@pytest.mark.parametrize(
    ("how", "said"),
    [("cut short", "bị cắt"), ("damaged content", "bị hỏng"), ("no content", "bị hỏng")],
)
def test_a_broken_odt_says_so_in_words_a_school_reads(how: str, said: str) -> None:
    data = documents.render_odt(PAPERS["THCS"])
    if how == "cut short":
        data = data[: len(data) * 6 // 10]
    elif how == "damaged content":
        data = package("<office:body><office:text><text:p>Báo cáo</text:p>")
    else:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
            for info in source.infolist():
                if info.filename != "content.xml":
                    target.writestr(info, source.read(info.filename))
        data = out.getvalue()
    [failure] = read_attachment("BC NQ121.odt", data).failures
    assert failure.code == "corrupt" and said in failure.reason and "gửi lại" in failure.reason
    assert "Error" not in failure.reason


def test_an_odt_whose_content_unpacks_like_a_zip_bomb_is_refused_before_unpacking() -> None:
    """A few kilobytes that unpack to hundreds of megabytes would exhaust the machine reading them."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as odt:
        odt.writestr(zipfile.ZipInfo("mimetype"), _MIMETYPE)
        odt.writestr("content.xml", b"<a>" + b" " * (20 << 20) + b"</a>")
    [failure] = read_attachment("BC NQ121.odt", out.getvalue()).failures
    assert failure.code == "too_large" and "quá lớn" in failure.reason


def test_an_odt_without_text_is_empty() -> None:
    [failure] = read_attachment("trong.odt", package(body("<text:p/>"))).failures
    assert failure.code == "empty"


def test_entities_declared_in_the_file_are_not_expanded_and_the_text_around_them_reads() -> None:
    """A doctype declaring entities (nested ones expand to gigabytes) is untrusted input: the entity is
    left out, and its reference in a paragraph made the reader fail on a node that is not an element."""
    doctype = '<!DOCTYPE office:document-content [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    data = package(body("<text:p>Báo cáo &b; kết quả<?marker x?> thực hiện</text:p>"))
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        content = source.read("content.xml").decode()
    content = content.replace("?><office:document-content", f"?>{doctype}<office:document-content", 1)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, content if info.filename == "content.xml" else source.read(info.filename))
    assert only(read_attachment("a.odt", out.getvalue())).text == "Báo cáo kết quả thực hiện"


# --- scanned pages pasted in as pictures --------------------------------------------------------------


def _odt_with_picture(picture: bytes, text: str = "") -> bytes:
    """A Writer document, its text's lines as paragraphs, with a picture pasted in as a character, as
    schools paste a scanned page."""
    document = OpenDocumentText()
    for line in text.splitlines():
        document.text.addElement(P(text=line))
    frame = Frame(width="160mm", height="226mm", anchortype="as-char")
    frame.addElement(Image(href=document.addPicture("Pictures/scan.jpg", "image/jpeg", picture)))
    paragraph = P()
    paragraph.addElement(frame)
    document.text.addElement(paragraph)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


@pytest.mark.parametrize("packed", ["odt", "fodt"])
def test_a_scanned_report_pasted_into_writer_is_read_by_ocr(packed: str) -> None:
    """A school pasted the scan of its signed report into a Writer file: with no typed text it would be
    refused as empty, and the school told its file had no text."""
    page = documents.render_photo_jpeg(SCAN_PAPER, dpi=150)
    data = _odt_with_picture(page, "Bản scan có dấu")
    data = flat(data) if packed == "fodt" else data
    document = only(read_attachment(f"BC NQ121.{packed}", data, Limits(ocr_page_seconds=120)))
    assert (document.format, document.method, len(document.pages)) == ("odt", "mixed", 1)
    assert document.header.issuer == SCAN_PAPER.issuer
    assert document.header.kind == "BÁO CÁO"


def test_pictures_of_a_typed_report_and_a_logo_are_not_ocr_d() -> None:
    read: list[int] = []

    def reader(pngs: Iterable[bytes], limits: Limits) -> list[OcrPage]:
        read.append(len(list(pngs)))
        return [OcrPage("", None)]

    logo = io.BytesIO()
    PilImage.new("RGB", (240, 90), "white").save(logo, format="PNG")
    reading = read_attachment("logo.odt", _odt_with_picture(logo.getvalue()), ocr=reader)
    assert [(f.code, f.reason) for f in reading.failures] == [
        ("empty", "Tệp logo.odt không có nội dung chữ nào.")
    ]
    typed = _odt_with_picture(
        documents.render_photo_jpeg(SCAN_PAPER, dpi=150), documents.render_text(PAPERS["THCS"])
    )
    assert only(read_attachment("typed.odt", typed, ocr=reader)).header.issuer == PAPERS["THCS"].issuer
    assert read == []


def test_line_ends_inside_a_paragraphs_xml_are_spaces_as_writer_shows_them() -> None:
    """A tool that indents its XML puts line ends and indentation inside paragraphs; Writer shows them
    as one space, and so must the reader, or "Trường THCS Nhị Thành" broke over two lines."""
    xml = "<text:p>\n    TRƯỜNG THCS\n    NHỊ THÀNH\n  </text:p><text:p>Số:<text:s text:c='3'/>36/BC-THCSNT</text:p>"
    assert (
        only(read_attachment("a.odt", package(body(xml)))).text == "TRƯỜNG THCS NHỊ THÀNH\nSố: 36/BC-THCSNT"
    )
