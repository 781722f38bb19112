"""Renders a Paper as schools send it: mail text, DOCX, ODT, ODS, PDF (or locked), scan, photo, zip, TCVN3 DOCX."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import io
import math
import random
import re
import subprocess
import time
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import pypdfium2
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import TextMode
from fpdf.fonts import TTFFont
from PIL import Image, ImageChops, ImageDraw, ImageFont

from samples import RenderError
from samples.papers import Paper

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_PDF_FONTS = {
    "": "DejaVuSerif.ttf",
    "B": "DejaVuSerif-Bold.ttf",
    "I": "DejaVuSerif-Italic.ttf",
}
_STAMP_FONT = "DejaVuSans-Bold.ttf"
_MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
# TCVN3 (VN3) has precomposed capitals only for these; other accented capitals need the H font.
_VN3_CAPITALS = frozenset("ĂÂÊÔƠƯĐ")


def render_text(paper: Paper) -> str:
    """The paper as plain text, as a school pastes it into a mail body."""
    lines = [x for x in (paper.parent_body, paper.issuer, _number_line(paper)) if x]
    lines += [*_MOTTO, paper.date_line, "", paper.kind, *paper.summary, ""]
    if paper.to:
        lines += [f"Kính gửi: {paper.to}", ""]
    lines += list(paper.preamble)
    for heading, paragraphs in paper.sections:
        lines += [heading, *paragraphs]
    lines += ["", "Nơi nhận:", *paper.recipients, "", *paper.signer_role.split("\n"), "", paper.signer_name]
    return "\n".join(lines) + "\n"


# --- DOCX -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Fonts:
    """How runs are written: Unicode in Times New Roman, or legacy bytes in legacy fonts."""

    add: Callable[[Paragraph, str, bool, bool], None]
    base: str


def render_docx(paper: Paper) -> bytes:
    """A Word document laid out like the real thing, in Times New Roman."""

    def add(paragraph: Paragraph, text: str, bold: bool, italic: bool) -> None:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold or None, italic or None

    return _docx(paper, _Fonts(add=add, base="Times New Roman"))


def render_docx_legacy(paper: Paper, encoding: str) -> bytes:
    """A Word document typed in a legacy encoding, as old machines still produce.

    Only "tcvn3" is supported: its bytes come from glibc's iconv (TCVN5712-1), read back as Latin-1, in
    ".VnTime" runs; capitals with tone marks, which TCVN3 lacks, go in ".VnTimeH" runs as lower-case codes.
    VNI has no converter on the system and would need a hand-made table, so it is not offered.
    """
    if encoding != "tcvn3":
        raise RenderError(f'legacy encoding "{encoding}" is not supported; use "tcvn3"')
    table = _tcvn3_table(_all_text(paper))

    def add(paragraph: Paragraph, text: str, bold: bool, italic: bool) -> None:
        capitals = text == text.upper() and text != text.lower()
        for chunk, h_font in _legacy_chunks(text, capitals):
            if h_font:
                encoded, font = "".join(table[c] for c in chunk.lower()), ".VnTimeH"
            else:
                encoded, font = "".join(table[c] for c in chunk), ".VnTime"
            run = paragraph.add_run(encoded)
            run.bold, run.italic = bold or None, italic or None
            _set_font(run, font)

    return _docx(paper, _Fonts(add=add, base=".VnTime"))


def _legacy_chunks(text: str, capitals: bool) -> list[tuple[str, bool]]:
    """Split text into (chunk, needs H font) runs."""
    if capitals:
        return [(text, True)]
    chunks: list[tuple[str, bool]] = []
    for char in text:
        h_font = char != char.lower() and not char.isascii() and char not in _VN3_CAPITALS
        if chunks and chunks[-1][1] == h_font:
            chunks[-1] = (chunks[-1][0] + char, h_font)
        else:
            chunks.append((char, h_font))
    return chunks


def _tcvn3_table(text: str) -> dict[str, str]:
    """Each character of text (and its lower case) as TCVN3 bytes read as Latin-1, from iconv."""
    chars = sorted((set(text) | set(text.lower())) - {"\n"})
    try:
        done = subprocess.run(
            ["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"],
            input="\n".join(chars).encode("utf-8"),
            capture_output=True,
            check=True,
        )
    except FileNotFoundError as e:
        raise RenderError("iconv is not installed (it comes with glibc: apt-get install libc-bin)") from e
    except subprocess.CalledProcessError as e:
        raise RenderError(
            f"iconv cannot write this text in TCVN3: {e.stderr.decode(errors='replace')}"
        ) from e
    encoded = done.stdout.split(b"\n")
    if len(encoded) != len(chars):
        raise RenderError("iconv returned a different number of characters than it was given")
    return {c: b.decode("latin-1") for c, b in zip(chars, encoded, strict=True)} | {"\n": "\n"}


def _all_text(paper: Paper) -> str:
    parts = [paper.parent_body, paper.issuer, _number_line(paper), *_MOTTO, paper.date_line, paper.kind]
    parts += [*paper.summary, paper.to, "Kính gửi: ", *paper.preamble, paper.signer_role, paper.signer_name]
    parts += ["Nơi nhận:", *paper.recipients]
    for heading, paragraphs in paper.sections:
        parts += [heading, *paragraphs]
    return "".join(parts)


def _docx(paper: Paper, fonts: _Fonts) -> bytes:
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    normal = document.styles["Normal"]
    normal.font.size = Pt(13)
    _set_font(normal, fonts.base)
    normal.paragraph_format.space_after = Pt(3)

    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    left.width, right.width = Mm(70), Mm(95)
    first = True
    for text, bold in ((paper.parent_body, False), (paper.issuer, True), (_number_line(paper), False)):
        if text:
            _cell_line(left, text, fonts, bold=bold, first=first)
            first = False
    _cell_line(right, _MOTTO[0], fonts, bold=True, first=True)
    _cell_line(right, _MOTTO[1], fonts, bold=True)
    _cell_line(right, paper.date_line, fonts, italic=True)

    document.add_paragraph()
    _centered(document.add_paragraph(), paper.kind, fonts, bold=True)
    for line in paper.summary:
        _centered(document.add_paragraph(), line, fonts, bold=True)
    if paper.to:
        to = document.add_paragraph()
        to.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fonts.add(to, "Kính gửi: ", False, False)
        fonts.add(to, paper.to, False, False)
    for text in paper.preamble:
        _body(document.add_paragraph(), text, fonts)
    for heading, paragraphs in paper.sections:
        fonts.add(document.add_paragraph(), heading, True, False)
        for text in paragraphs:
            _body(document.add_paragraph(), text, fonts)

    document.add_paragraph()
    footer = document.add_table(rows=1, cols=2)
    left, right = footer.rows[0].cells
    left.width, right.width = Mm(80), Mm(85)
    _cell_line(left, "Nơi nhận:", fonts, bold=True, italic=True, first=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for item in paper.recipients:
        _cell_line(left, item, fonts, align=WD_ALIGN_PARAGRAPH.LEFT, size=11)
    first = True
    for line in paper.signer_role.split("\n"):
        _cell_line(right, line, fonts, bold=True, first=first)
        first = False
    for _ in range(3):
        right.add_paragraph()
    _cell_line(right, paper.signer_name, fonts, bold=True)

    moment = dt.datetime.combine(paper.date, dt.time(8, 0))
    document.core_properties.created = moment
    document.core_properties.modified = moment
    document.core_properties.author = ""
    out = io.BytesIO()
    document.save(out)
    return _stable_zip(out.getvalue(), paper.date)


def _set_font(target: object, name: str) -> None:
    """Set a run's or style's font for every script, so Word shows the named font."""
    font = target.font  # type: ignore[attr-defined]
    font.name = name
    r_pr = target.element.get_or_add_rPr()  # type: ignore[attr-defined]
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.append(r_fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        r_fonts.set(qn(attribute), name)


def _cell_line(
    cell: _Cell,
    text: str,
    fonts: _Fonts,
    *,
    bold: bool = False,
    italic: bool = False,
    first: bool = False,
    align: int = WD_ALIGN_PARAGRAPH.CENTER,
    size: int | None = None,
) -> None:
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    fonts.add(paragraph, text, bold, italic)
    if size:
        for run in paragraph.runs:
            run.font.size = Pt(size)


def _centered(paragraph: Paragraph, text: str, fonts: _Fonts, *, bold: bool) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    fonts.add(paragraph, text, bold, False)


def _body(paragraph: Paragraph, text: str, fonts: _Fonts) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Mm(10)
    fonts.add(paragraph, text, False, False)


def _stable_zip(data: bytes, date: dt.date) -> bytes:
    """Rewrite a zip with fixed member times, so the same paper always gives the same bytes."""
    stamp = (date.year, date.month, date.day, 8, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


def zip_files(files: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip archive of the files in the given order, names in UTF-8, times fixed; method ZIP_STORED
    as 7-Zip's "Store" writes it."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = method
            archive.writestr(info, data)
    return out.getvalue()


# --- OpenDocument ------------------------------------------------------------------------------------

_ODT_MIME = "application/vnd.oasis.opendocument.text"
_ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"
_ODT_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.3">'
    f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{_ODT_MIME}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def render_odt(paper: Paper) -> bytes:
    """An OpenDocument text (.odt) as LibreOffice Writer saves it: one paragraph per line of the paper."""
    paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in render_text(paper).split("\n"))
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        f"<office:body><office:text>{paragraphs}</office:text></office:body></office:document-content>"
    )
    stamp = (paper.date.year, paper.date.month, paper.date.day, 8, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        # The mimetype comes first and uncompressed, so that a reader can tell the kind from the bytes.
        archive.writestr(zipfile.ZipInfo("mimetype", date_time=stamp), _ODT_MIME)
        for name, text in (("META-INF/manifest.xml", _ODT_MANIFEST), ("content.xml", content)):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
    return out.getvalue()


def render_ods(paper: Paper) -> bytes:
    """The paper typed into a LibreOffice Calc spreadsheet (.ods), a line a row: a format not read."""
    rows = "".join(
        f"<table:table-row><table:table-cell><text:p>{escape(line)}</text:p></table:table-cell></table:table-row>"
        for line in render_text(paper).split("\n")
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3">'
        f'<office:body><office:spreadsheet><table:table table:name="BC">{rows}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    stamp = (paper.date.year, paper.date.month, paper.date.day, 8, 0, 0)  # the same bytes for the same paper
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype", date_time=stamp), _ODS_MIME)
        info = zipfile.ZipInfo("content.xml", date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, content)
    return out.getvalue()


# --- PDF --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Signature:
    """Where the signature goes, for the stamp and scribble of a scan: page index and mm."""

    page: int
    x: float
    y: float


def render_pdf(paper: Paper, *, password: str | None = None, unicode_map: bool = True) -> bytes:
    """A text PDF (DejaVu Serif) laid out like the printed document.

    With a password it is encrypted (RC4, deterministic) and opens only with that password, as when a
    school protects its file. unicode_map=False drops the fonts' ToUnicode maps, as some PDF printers
    do: the page looks the same, but its text layer gives glyph numbers instead of letters.
    """
    data = _pdf(paper, password=password)[0]
    if unicode_map:
        return data
    # Blanked out in place, so that the cross-reference offsets stay right.
    return re.sub(rb"/ToUnicode \d+ 0 R", lambda found: b" " * len(found.group(0)), data)


def _pdf(paper: Paper, *, password: str | None = None) -> tuple[bytes, _Signature]:
    pdf = _new_pdf()
    if password is not None:
        pdf.set_encryption(owner_password=password, user_password=password)
    pdf.set_creation_date(dt.datetime.combine(paper.date, dt.time(8, 0), tzinfo=dt.UTC))
    pdf.add_page()

    def line(x: float, w: float, text: str, style: str = "", size: float = 11, align: str = "C") -> None:
        pdf.set_font("DejaVuSerif", style, size)
        pdf.set_x(x)
        pdf.multi_cell(w, size * 0.45, text, align=align, new_x="LMARGIN", new_y="NEXT")

    top = pdf.get_y()
    for text, style in ((paper.parent_body, ""), (paper.issuer, "B"), (_number_line(paper), "")):
        if text:
            line(22, 78, text, style, 10.5)
    bottom = pdf.get_y()
    pdf.set_y(top)
    line(100, 102, _MOTTO[0], "B", 10.5)
    line(100, 102, _MOTTO[1], "B", 11)
    pdf.line(130, pdf.get_y() + 0.5, 172, pdf.get_y() + 0.5)
    pdf.ln(2)
    line(100, 102, paper.date_line, "I", 11)
    pdf.set_y(max(bottom, pdf.get_y()) + 6)

    line(30, 165, paper.kind, "B", 13)
    for text in paper.summary:
        line(30, 165, text, "B", 11.5)
    pdf.ln(3)
    if paper.to:
        line(30, 165, f"Kính gửi: {paper.to}", "", 11.5)
        pdf.ln(2)
    for text in paper.preamble:
        _paragraph(pdf, text)
    for heading, paragraphs in paper.sections:
        pdf.ln(1)
        line(30, 165, heading, "B", 11.5, "L")
        for text in paragraphs:
            _paragraph(pdf, text)

    pdf.ln(4)
    if pdf.get_y() > 230:
        pdf.add_page()
    top = pdf.get_y()
    line(30, 80, "Nơi nhận:", "B", 10, "L")
    for item in paper.recipients:
        line(30, 80, item, "", 9.5, "L")
    pdf.set_y(top)
    for role in paper.signer_role.split("\n"):
        line(110, 85, role, "B", 11.5)
    signature = _Signature(page=pdf.page_no() - 1, x=152.5, y=pdf.get_y() + 12)
    pdf.set_y(pdf.get_y() + 25)
    line(110, 85, paper.signer_name, "B", 11.5)
    return bytes(pdf.output()), signature


def page_count(pdf: bytes) -> int:
    """How many pages a PDF has."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def _new_pdf() -> FPDF:
    pdf = copy.deepcopy(_blank_pdf())
    # fpdf2 shares the parsed font between copies, but subsetting on output changes it in place.
    for font in pdf.fonts.values():
        if isinstance(font, TTFFont):
            font.ttfont = TTFont(io.BytesIO(_font_bytes(font.ttffile)), recalcTimestamp=False, lazy=True)
    return pdf


@functools.cache
def _font_bytes(path: str) -> bytes:
    return Path(path).read_bytes()


@functools.cache
def _blank_pdf() -> FPDF:
    """An empty A4 document with the fonts loaded; copying it is faster than loading them again."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(30, 20, 15)
    pdf.set_auto_page_break(True, margin=20)
    for style, file in _PDF_FONTS.items():
        path = FONT_DIR / file
        if not path.exists():
            raise RenderError(f"font {path} is missing; install it with: apt-get install fonts-dejavu-core")
        pdf.add_font("DejaVuSerif", style, str(path))
    return pdf


def _paragraph(pdf: FPDF, text: str) -> None:
    pdf.set_font("DejaVuSerif", "", 11.5)
    pdf.set_x(30)
    pdf.multi_cell(165, 5.6, "      " + text, align="J", new_x="LMARGIN", new_y="NEXT")


# --- Scans and photos -------------------------------------------------------------------------------


def render_scan(
    paper: Paper,
    *,
    dpi: int = 150,
    skew: float = 0.8,
    stamp: bool = True,
    seed: int = 0,
    pages: int | None = None,
    turn: int = 0,
) -> bytes:
    """An image-only PDF, as a school scans the signed and stamped printout: no text layer.

    pages keeps only the first pages, as when a school scans just the first sheet; turn (90, 180,
    270 degrees) gives the sheets fed into the scanner the wrong way round.
    """
    rng = random.Random(seed)
    images = _scanned_pages(paper, dpi=dpi, skew=skew, stamp=stamp, rng=rng, limit=pages)
    images = [image.rotate(turn, expand=True) for image in images] if turn else images
    out = io.BytesIO()
    moment = time.struct_time((paper.date.year, paper.date.month, paper.date.day, 9, 0, 0, 0, 1, 0))
    images[0].save(
        out,
        "PDF",
        save_all=True,
        append_images=images[1:],
        resolution=float(dpi),
        quality=60,
        title="scan",
        creationDate=moment,
        modDate=moment,
    )
    return out.getvalue()


def render_scan_app_pdf(
    paper: Paper,
    *,
    dpi: int = 150,
    seed: int = 0,
    layer: Sequence[str] | None = None,
    watermark: str = "",
) -> bytes:
    """A phone scanner app's PDF (CamScanner, Adobe Scan): the page images with an invisible text layer
    from the app's own OCR, by default one that knows no Vietnamese and gives the words without their
    marks; layer gives the lines it read instead, and watermark a visible mark on every page ("Scanned
    with CamScanner")."""
    images = _scanned_pages(paper, dpi=dpi, skew=0.0, stamp=True, rng=random.Random(seed), limit=None)
    lines = (
        list(layer)
        if layer is not None
        else [_without_marks(line) for line in render_text(paper).splitlines()]
    )
    per_page = -(-len(lines) // len(images))
    pdf = _image_pdf(paper, images)
    pdf.add_font("DejaVuSans", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.set_font("DejaVuSans", "", 10)
    for index in range(len(images)):
        pdf.page = index + 1
        with pdf.local_context(text_mode=TextMode.INVISIBLE, font_family="DejaVuSans", font_size_pt=10):
            for row, line in enumerate(lines[index * per_page : (index + 1) * per_page]):
                pdf.text(20, 20 + row * 4.5, line)
        if watermark:
            with pdf.local_context(font_family="DejaVuSans", font_size_pt=7):
                pdf.text(160, 292, watermark)
    return bytes(pdf.output())


def render_signed_scan_pdf(paper: Paper, *, dpi: int = 150, seed: int = 0) -> bytes:
    """A scan signed digitally afterwards, as schools sign a scanned report with a USB token: the
    signing tool draws the signature's appearance, a few lines of text, over the first page image."""
    images = _scanned_pages(paper, dpi=dpi, skew=0.0, stamp=True, rng=random.Random(seed), limit=None)
    pdf = _image_pdf(paper, images)
    pdf.page = 1
    pdf.add_font("DejaVuSans", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.set_font("DejaVuSans", "", 7)
    pdf.set_text_color(200, 0, 0)
    signer = paper.issuer or paper.parent_body
    moment = f"{paper.date.day:02d}.{paper.date.month:02d}.{paper.date.year} 09:15:22 +07:00"
    for row, line in enumerate((f"Ký bởi: {signer}", "Cơ quan: Huyện Thủ Thừa", f"Thời gian ký: {moment}")):
        pdf.text(125, 262 + row * 3.2, line)
    return bytes(pdf.output())


def _image_pdf(paper: Paper, images: list[Image.Image]) -> FPDF:
    """An A4 PDF with one page image on each page."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(dt.datetime.combine(paper.date, dt.time(9, 0), tzinfo=dt.UTC))
    for image in images:
        pdf.add_page()
        pdf.image(image.convert("RGB"), x=0, y=0, w=210, h=297)
    return pdf


def _without_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def render_photo_jpeg(paper: Paper, *, dpi: int = 110, seed: int = 0) -> bytes:
    """The first page photographed on a desk with a phone: tilted, unevenly lit, JPEG."""
    rng = random.Random(seed)
    page = _scanned_pages(paper, dpi=dpi, skew=0.0, stamp=True, rng=rng, limit=1)[0].convert("RGB")
    page = page.rotate(
        rng.uniform(-4, 4), resample=Image.Resampling.BILINEAR, expand=True, fillcolor=(120, 86, 60)
    )
    margin = int(page.width * 0.06)
    desk = Image.new("RGB", (page.width + 2 * margin, page.height + 2 * margin), (112, 80, 56))
    desk.paste(
        page,
        (margin + rng.randint(-margin // 2, margin // 2), margin + rng.randint(-margin // 2, margin // 2)),
    )
    # Light falls off toward one side, as under a ceiling lamp.
    shade = Image.linear_gradient("L").resize(desk.size).rotate(rng.choice((90, 180, 270)))
    shade = shade.point(lambda v: 200 + v * 55 // 255)
    lit = ImageChops.multiply(desk, Image.merge("RGB", (shade, shade, shade)))
    out = io.BytesIO()
    lit.save(out, "JPEG", quality=78)
    return out.getvalue()


def _scanned_pages(
    paper: Paper, *, dpi: int, skew: float, stamp: bool, rng: random.Random, limit: int | None
) -> list[Image.Image]:
    data, signature = _pdf(paper)
    document = pypdfium2.PdfDocument(data)
    try:
        count = len(document) if limit is None else max(1, min(limit, len(document)))
        scale = dpi / 72
        pages: list[Image.Image] = []
        for index in range(count):
            image = document[index].render(scale=scale, grayscale=True).to_pil().convert("L")
            if stamp and index == signature.page:
                image = _sign(image, paper, signature, dpi, rng)
            if skew:
                image = image.rotate(
                    rng.uniform(-skew, skew), resample=Image.Resampling.BILINEAR, fillcolor=_white(image)
                )
            pages.append(_noisy(image, rng))
        return pages
    finally:
        document.close()


def _white(image: Image.Image) -> int | tuple[int, int, int]:
    return 255 if image.mode == "L" else (255, 255, 255)


def _noisy(image: Image.Image, rng: random.Random) -> Image.Image:
    """Light sensor noise: every pixel moved by a few levels, seeded."""
    noise = Image.frombytes("L", image.size, rng.randbytes(image.width * image.height))
    noise = noise.point(lambda v: 120 + v * 16 // 255)
    if image.mode == "RGB":
        noise = Image.merge("RGB", (noise, noise, noise))
    return ImageChops.add(image, noise, offset=-128)


def _sign(page: Image.Image, paper: Paper, at: _Signature, dpi: int, rng: random.Random) -> Image.Image:
    """A blue signature scribble and a red round stamp over it, printed through like ink."""
    px = dpi / 25.4
    cx, cy = at.x * px, at.y * px
    ink = Image.new("RGB", page.size, (255, 255, 255))
    draw = ImageDraw.Draw(ink)
    points = []
    x = cx - 18 * px
    for _ in range(9):
        points.append((x, cy + rng.uniform(-5, 5) * px))
        x += rng.uniform(3, 6) * px
    draw.line(points, fill=(25, 35, 130), width=max(2, int(0.5 * px)), joint="curve")

    radius = 17 * px
    sx, sy = cx - 14 * px, cy + rng.uniform(-3, 3) * px
    red = (205, 35, 40)
    width = max(2, int(0.6 * px))
    draw.ellipse((sx - radius, sy - radius, sx + radius, sy + radius), outline=red, width=width)
    inner = radius * 0.68
    draw.ellipse((sx - inner, sy - inner, sx + inner, sy + inner), outline=red, width=max(1, width // 2))
    star = [
        (sx + math.cos(math.pi / 2 + k * math.pi / 5) * r, sy - math.sin(math.pi / 2 + k * math.pi / 5) * r)
        for k, r in zip(range(10), [inner * 0.45, inner * 0.18] * 5, strict=True)
    ]
    draw.polygon(star, fill=red)
    _ring_text(ink, paper.issuer or paper.parent_body or "HIỆU TRƯỞNG", (sx, sy), radius * 0.84, red, px)
    return ImageChops.multiply(page.convert("RGB"), ink)


def _ring_text(
    image: Image.Image,
    text: str,
    centre: tuple[float, float],
    radius: float,
    colour: tuple[int, int, int],
    px: float,
) -> None:
    path = FONT_DIR / _STAMP_FONT
    if not path.exists():
        raise RenderError(f"font {path} is missing; install it with: apt-get install fonts-dejavu-core")
    font = ImageFont.truetype(str(path), max(8, int(2.6 * px)))
    text = f"{text} ★ "
    step = 2 * math.pi / len(text)
    for k, char in enumerate(text):
        angle = k * step  # clockwise from the top
        tile = Image.new("L", (int(4 * px), int(4 * px)), 0)
        ImageDraw.Draw(tile).text((tile.width / 2, tile.height / 2), char, font=font, fill=255, anchor="mm")
        tile = tile.rotate(-math.degrees(angle), resample=Image.Resampling.BILINEAR)
        x = centre[0] + radius * math.sin(k * step)
        y = centre[1] - radius * math.cos(k * step)
        image.paste(
            Image.new("RGB", tile.size, colour), (int(x - tile.width / 2), int(y - tile.height / 2)), tile
        )


def _number_line(paper: Paper) -> str:
    return f"Số: {paper.number}" if paper.number else ""
