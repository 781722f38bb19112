"""Builders of the parser fixture corpus: realistic reports from samples/, plus the odd files schools send."""

from __future__ import annotations

import io
import random
import struct
import subprocess
import tempfile
import textwrap
import unicodedata
import zipfile
import zlib
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from extract_msg.ole_writer import OleWriter
from fontTools.ttLib import TTFont
from fpdf import FPDF

from samples.documents import render_text
from samples.papers import Paper, make_paper

FIXTURES = Path(__file__).parent / "fixtures"
# Not the serif samples/ renders with: fpdf2 shares parsed fonts between documents by file.
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def paper(school: str = "Trường THCS Nhị Thành", seed: int = 1, **kwargs: object) -> Paper:
    return make_paper(school, year=2025, rng=random.Random(seed), **kwargs)  # type: ignore[arg-type]


# --- text encodings ---------------------------------------------------------------------------------


def cp1258(text: str) -> bytes:
    """windows-1258 bytes: it has few precomposed letters, so tones go as combining marks."""
    out = bytearray()
    for c in text:
        try:
            out += c.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", c)
            base = unicodedata.normalize("NFC", "".join(x for x in d if x not in _TONES))
            out += (base + "".join(x for x in d if x in _TONES)).encode("cp1258")
    return bytes(out)


def tcvn3(text: str) -> bytes:
    """TCVN3 bytes by glibc's iconv, independent of parsers.legacy."""
    return subprocess.run(
        ["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"], input=text.encode(), capture_output=True, check=True
    ).stdout


# --- PDF ---------------------------------------------------------------------------------------------


def pdf_of_lines(lines: list[str], *, password: str | None = None) -> bytes:
    pdf = FPDF()
    pdf.add_font("DejaVuSans", "", FONT)
    if password:
        pdf.set_encryption(owner_password="chu-so-huu", user_password=password)
    pdf.add_page()
    pdf.set_font("DejaVuSans", "", 12)
    for line in lines:
        pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def nfd_pdf(lines: list[str]) -> bytes:
    """A PDF whose text is drawn decomposed, as "Unicode tổ hợp" typing gives."""
    return pdf_of_lines([unicodedata.normalize("NFD", line) for line in lines])


def legacy_pdf(paper: Paper, fonts: tuple[str, str] = (".VnTime", ".VnTimeH")) -> bytes:
    """The paper typed in TCVN3, as printed from an old machine: ".VnTime" text, with capitals that
    have tone marks (which TCVN3 lacks) in ".VnTimeH", drawn from the lower-case codes. fonts names
    the two fonts otherwise, as a PDF printer that renames the fonts it embeds does."""
    text_font, capital_font = fonts
    with tempfile.TemporaryDirectory() as folder:
        pdf = FPDF()
        for font in fonts:
            pdf.add_font(font, "", _font_named(font, Path(folder)))
        pdf.add_page()
        for line in render_text(paper).splitlines():
            for part in textwrap.wrap(line, 95) or [""]:
                for chunk, capital in _tcvn3_chunks(part):
                    pdf.set_font(capital_font if capital else text_font, "", 9)
                    text = tcvn3(chunk.lower() if capital else chunk).decode("latin-1")
                    pdf.cell(pdf.get_string_width(text), 4.5, text)
                pdf.ln(4.5)
        return bytes(pdf.output())


def _tcvn3_chunks(line: str) -> list[tuple[str, bool]]:
    """(chunk, needs the capital font) runs: a line in capitals goes whole into the H font."""
    if line == line.upper() and line != line.lower():
        return [(line, True)]
    chunks: list[tuple[str, bool]] = []
    for char in line:
        capital = char != char.lower() and not char.isascii() and char not in "ĂÂÊÔƠƯĐ"
        if chunks and chunks[-1][1] == capital:
            chunks[-1] = (chunks[-1][0] + char, capital)
        else:
            chunks.append((char, capital))
    return chunks


def vni_pdf(lines: list[tuple[str, str]]) -> bytes:
    """One line per (text, font name) item; VNI text typed as a VNI-Times user would."""
    with tempfile.TemporaryDirectory() as folder:
        pdf = FPDF()
        pdf.add_page()
        for text, font in lines:
            if font not in pdf.fonts:
                pdf.add_font(font, "", _font_named(font, Path(folder)))
            pdf.set_font(font, "", 12)
            pdf.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())


def _font_named(name: str, folder: Path) -> str:
    """DejaVu Serif renamed, so that the PDF names the font as a legacy Vietnamese font is named."""
    font = TTFont(SERIF)
    table = font["name"]
    for record in list(table.names):
        if record.nameID in (1, 2, 3, 4, 6, 16, 17):
            table.removeNames(nameID=record.nameID)
    for name_id, value in ((1, name), (2, "Regular"), (4, name), (6, name)):
        table.setName(value, name_id, 3, 1, 0x409)
    path = folder / f"{name.strip('.')}.ttf"
    font.save(path)
    return str(path)


def rotated_pdf(upright: list[str], rotated: str) -> bytes:
    """Upright lines with one line turned a quarter turn, as in a table's vertical header."""
    pdf = FPDF()
    pdf.add_font("DejaVuSans", "", FONT)
    pdf.add_page()
    pdf.set_font("DejaVuSans", "", 12)
    for line in upright:
        pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    with pdf.rotation(90, x=100, y=200):
        pdf.text(100, 200, rotated)
    return bytes(pdf.output())


def table_pdf(rows: list[tuple[str, ...]], before: list[str]) -> bytes:
    """Lines of text, then a bordered table, as schools lay out their figures."""
    pdf = FPDF()
    pdf.add_font("DejaVuSans", "", FONT)
    pdf.add_page()
    pdf.set_font("DejaVuSans", "", 11)
    for line in before:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(10, 60, 20), first_row_as_headings=False) as table:
        for row in rows:
            cells = table.row()
            for cell in row:
                cells.cell(cell)
    return bytes(pdf.output())


def header_table_pdf(paper: Paper, *, left: float, issuer: str | None = None) -> bytes:
    """The paper printed from a Word header table: the school's name wraps at the left column's width
    (left, in mm) or where issuer breaks it with a newline, and the date line comes right under the
    motto with no rule between, so that a name on two lines has its last beside the date line."""
    pdf = FPDF()
    pdf.add_font("DejaVuSans", "", FONT)
    pdf.add_page()
    pdf.set_font("DejaVuSans", "", 11)
    top = pdf.get_y()
    columns = (
        (10, left, [paper.parent_body, issuer or paper.issuer, f"Số: {paper.number}"]),
        (
            15 + left,
            185 - left,
            ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", paper.date_line],
        ),
    )
    bottom = top
    for x, width, lines in columns:
        pdf.set_y(top)
        for line in lines:
            pdf.set_x(x)
            pdf.multi_cell(width, 6, line, align="C", new_x="LMARGIN", new_y="NEXT")
        bottom = max(bottom, pdf.get_y())
    pdf.set_y(bottom + 6)
    for line in render_text(paper).split("\n\n", 1)[1].splitlines():
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def positioned_words_pdf(lines: list[list[tuple[float, float, float, str]]]) -> bytes:
    """A PDF written by hand as Word-like writers do: the standard Helvetica, "1 Tf" scaled by the
    text matrix to each size, every word placed on its own with no space characters.

    lines: per line, (x, baseline y, size, word) in points from the bottom left of an A4 page.
    """
    words = b" ".join(
        b"%g 0 0 %g %g %g Tm (%s) Tj" % (size, size, x, y, word.encode("latin-1"))
        for line in lines
        for x, y, size, word in line
    )
    content = b"BT /F1 1 Tf " + words + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >>"
        b" /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# --- DOCX --------------------------------------------------------------------------------------------


def docx_with_box_header_footer(body: list[str], box: str, header: str, footer: str) -> bytes:
    """A DOCX with a page header and footer and a DrawingML text box anchored in the first paragraph."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = header
    document.sections[0].footer.paragraphs[0].text = footer
    first = document.add_paragraph(body[0])
    first._p.append(parse_xml(_TEXT_BOX.format(ns=nsdecls("w", "wp", "a") + _WPS, text=box)))
    for line in body[1:]:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_WPS = (
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:v="urn:schemas-microsoft-com:vml"'
)
# Word writes a text box twice: DrawingML in mc:Choice, VML in mc:Fallback. Only one must be read.
_TEXT_BOX = """<w:r {ns} xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup"><mc:AlternateContent>
<mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1"
 behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>
<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>
<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>
<wp:extent cx="1828800" cy="457200"/><wp:wrapNone/><wp:docPr id="1" name="Hộp văn bản 1"/><wp:cNvGraphicFramePr/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/>
<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1828800" cy="457200"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>
<wps:txbx><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>
</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
<mc:Fallback><w:pict><v:shape style="width:144pt;height:36pt"><v:textbox><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p>
</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"""


def docx_vni(pairs: list[tuple[str, str | None]]) -> bytes:
    """A DOCX of one paragraph per item: (text, font); VNI text typed as a VNI-Times user would."""
    document = docx.Document()
    for text, font in pairs:
        run = document.add_paragraph().add_run(text)
        if font:
            run.font.name = font
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- archives ----------------------------------------------------------------------------------------


def raw_zip(entries: list[tuple[bytes, bytes, int]], *, deflate: bool = False) -> bytes:
    """A zip written byte by byte: (raw name bytes, data, general-purpose flags) per member.

    zipfile always writes non-ASCII names as flagged UTF-8; schools' tools do not.
    """
    local = bytearray()
    central = bytearray()
    for name, data, flags in entries:
        packed = zlib.compress(data, 9)[2:-4] if deflate else data
        method = 8 if deflate else 0
        crc = zlib.crc32(data)
        offset = len(local)
        local += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, flags, method, 0, 0x21, crc, len(packed), len(data), len(name), 0
        )
        local += name + packed
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            flags,
            method,
            0,
            0x21,
            crc,
            len(packed),
            len(data),
            len(name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(local), 0)
    return bytes(local + central + end)


def winmail_dat(files: dict[str, bytes], *, codepage: int = 1258, body_rtf: bytes = b"") -> bytes:
    """Outlook's winmail.dat (TNEF, MS-OXTNEF) carrying files, their titles in the sender's code page,
    and with body_rtf the message's body in its rich text (PR_RTF_COMPRESSED, stored uncompressed).

    Outlook sends one when a message is written in its rich text format; the attachments travel
    inside it instead of as MIME parts, and Exchange may pack the body there too.
    """

    def attribute(level: int, ident: int, payload: bytes) -> bytes:
        checksum = struct.pack("<H", sum(payload) & 0xFFFF)
        return bytes([level]) + struct.pack("<II", ident, len(payload)) + payload + checksum

    out = struct.pack("<IH", 0x223E9F78, 0x0001)
    out += attribute(1, 0x00089006, struct.pack("<I", 0x00010000))  # attTnefVersion
    out += attribute(1, 0x00069007, struct.pack("<II", codepage, 0))  # attOemCodepage
    out += attribute(1, 0x00078008, b"IPM.Microsoft Mail.Note\x00")  # attMessageClass
    if body_rtf:  # MS-OXRTFCP: sizes, "MELA" (not compressed), no CRC; one binary property in attMsgProps
        stored = struct.pack("<IIII", len(body_rtf) + 12, len(body_rtf), 0x414C454D, 0) + body_rtf
        prop = (
            struct.pack("<IHHII", 1, 0x0102, 0x1009, 1, len(stored)) + stored + b"\x00" * (-len(stored) % 4)
        )
        out += attribute(1, 0x00069003, prop)
    for name, data in files.items():
        rendering = struct.pack("<HIIHHHHHHI", 1, 0xFFFFFFFF, 0, 0, 0, 0, 0, 0, 0, 0)
        out += attribute(2, 0x00069002, rendering)  # attAttachRenddata opens an attachment
        out += attribute(2, 0x00018010, cp1258(name) + b"\x00")  # attAttachTitle
        out += attribute(2, 0x0006800F, data)  # attAttachData
    return out


def rar_stored(files: dict[str, bytes] | dict[bytes, bytes]) -> bytes:
    """A RAR 4 archive of files kept uncompressed (method "store"), written block by block: no tool here
    writes RAR. Each block is CRC-16 (the low half of CRC-32 over the rest of its header), type, flags,
    size; a file block's data follows its header. A name given as bytes is written as they are, without
    the Unicode flag, as WinRAR writes a name in the code page of the sender's Windows."""

    def block(kind: int, flags: int, body: bytes, data: bytes = b"") -> bytes:
        head = struct.pack("<BHH", kind, flags, 7 + len(body)) + body
        return struct.pack("<H", zlib.crc32(head) & 0xFFFF) + head + data

    out = b"Rar!\x1a\x07\x00" + block(0x73, 0, struct.pack("<HI", 0, 0))  # the archive header
    for name, data in files.items():
        raw = name if isinstance(name, bytes) else name.encode("ascii")
        size, crc = len(data), zlib.crc32(data)
        # packed and unpacked size, host OS (Windows), CRC, DOS time, version 2.9, method store, attributes
        fields = struct.pack("<IIBIIBBHI", size, size, 2, crc, 0x5354A000, 29, 0x30, len(raw), 0x20)
        out += block(0x74, 0x8000, fields + raw, data)
    return out + block(0x7B, 0x4000, b"")  # the end of the archive


def zip_bomb() -> bytes:
    """One member of 300 MB of zeros in about 300 KB."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("baocao.txt", "w", force_zip64=True) as f,
    ):
        block = b"\0" * (1 << 20)
        for _ in range(300):
            f.write(block)
    return out.getvalue()


def seven_zip(
    files: dict[str, bytes], *, password: str | None = None, form: str = "7z", method: str = ""
) -> bytes:
    """An archive 7z writes (form "7z" or "zip"), locked with password: in a 7z its list of files too
    (method "-mhe=on", the default, else "-mhe=off"), a zip's members with ZipCrypto ("-mem=ZipCrypto", the
    default) or AES ("-mem=AES256")."""
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in files.items():
            Path(tmp, name).write_bytes(data)
        target = Path(tmp, f"out.{form}")
        command = ["7z", "a", "-bd", f"-t{form}", str(target), *files]
        if password:
            command[2:2] = [f"-p{password}", method or {"7z": "-mhe=on", "zip": "-mem=ZipCrypto"}[form]]
        subprocess.run(command, cwd=tmp, capture_output=True, check=True)
        return target.read_bytes()


def seven_zip_named(name: str, data: bytes) -> bytes:
    """A 7z archive of one file stored under name, which need not be a name the disk takes (7z -si)."""
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp, "out.7z")
        subprocess.run(
            ["7z", "a", "-bd", f"-si{name}", str(target)], input=data, capture_output=True, check=True
        )
        return target.read_bytes()


# --- committed fixtures (made once with LibreOffice, which CI does not install) -----------------------


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def rtf(text: str) -> bytes:
    """An RTF file as Word saves one, Vietnamese as \\uN escapes with a cp1258 fallback byte."""
    body = "".join(c if ord(c) < 128 else f"\\u{ord(c)}?" for c in text).replace("\n", "\\par\n")
    return (
        "{\\rtf1\\ansi\\ansicpg1258\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\f0\\fs26 " + body + "}"
    ).encode("ascii")


def rtf_with_text_boxes(boxes: list[str], text: str) -> bytes:
    """An RTF file as Word saves one whose first paragraph anchors drawn text boxes (a template's official
    header in two boxes): each box's text in {\\shptxt …} inside its {\\shp …}, the copy for old readers in
    {\\shprslt …}, an escaped brace in the shape's description."""

    def escaped(part: str) -> str:
        return "".join(c if ord(c) < 128 else f"\\u{ord(c)}?" for c in part).replace("\n", "\\par\n")

    shapes = "".join(
        "{\\shp{\\*\\shpinst\\shpleft0\\shptop0\\shpright4500\\shpbottom1400{\\sp{\\sn shapeType}{\\sv 202}}"
        "{\\sp{\\sn wzDescription}{\\sv Khung \\{tieu de\\}}}"
        f"{{\\shptxt \\pard\\qc {escaped(box)}\\par}}}}"
        f"{{\\shprslt{{\\*\\do\\dptxbx{{\\dptxbxtext \\pard {escaped(box)}\\par}}}}}}}}"
        for box in boxes
    )
    return (
        "{\\rtf1\\ansi\\ansicpg1258\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\f0\\fs26 "
        f"{{\\pard {shapes}\\par}}\n{escaped(text)}}}"
    ).encode("ascii")


def newer_member(data: bytes, index: int, *, version: int | None = None, method: int | None = None) -> bytes:
    """A zip whose index-th member asks for a ZIP version or a compression method zipfile lacks."""
    patched = bytearray(data)
    end = data.rindex(b"PK\x05\x06")
    at = end - struct.unpack_from("<I", data, end + 12)[0]
    for _ in range(index):
        at += 46 + sum(struct.unpack_from("<3H", data, at + 28))
    if version is not None:
        patched[at + 6] = version
    if method is not None:
        struct.pack_into("<H", patched, at + 10, method)
    return bytes(patched)


def outlook_msg(
    files: dict[str, bytes],
    *,
    subject: str = "Báo cáo NQ121",
    sender: tuple[str, str] = ("Trường TH Mỹ An", "c1myan.thuthua@example.edu.vn"),
    body: str = "Kính gửi Phòng GD&ĐT, trường gửi báo cáo.",
    html: bytes = b"",
    carried: dict[str, bytes] | None = None,
    addresses: dict[str, str] | None = None,
) -> bytes:
    """A mail saved from Outlook (.msg, MS-OXMSG): an OLE file of property streams in UTF-16, one storage
    per attached file, written with extract-msg's own OLE writer. carried: the files of a mail it carries
    as an Outlook item of its own (a mail forwarded as an attachment, then saved). addresses: the sender's
    address properties by tag (default {"5D01": the SMTP address}); an Exchange sender's PR_SENDER_EMAIL_ADDRESS
    (0C1F) is an X.500 name."""
    writer = OleWriter()
    writer.addEntry("__nameid_version1.0", storage=True)
    for stream in ("__substg1.0_00020102", "__substg1.0_00030102", "__substg1.0_00040102"):
        writer.addEntry(["__nameid_version1.0", stream], b"")
    _msg_item(writer, [], files, subject, sender, body, html, top=True, addresses=addresses)
    if carried is not None:
        storage = [f"__attach_version1.0_#{len(files):08X}"]
        writer.addEntry(storage, storage=True)
        # PidTagAttachMethod = ATTACH_EMBEDDED_MSG (5); the mail in the storage PidTagAttachDataObject.
        writer.addEntry([*storage, "__properties_version1.0"], struct.pack("<8xIIQ", 0x37050003, 6, 5))
        inner = [*storage, "__substg1.0_3701000D"]
        writer.addEntry(inner, storage=True)
        _msg_item(writer, inner, carried, "Báo cáo NQ121", sender, "Gửi báo cáo.", b"", top=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _msg_item(
    writer: OleWriter,
    at: list[str],
    files: dict[str, bytes],
    subject: str,
    sender: tuple[str, str],
    body: str,
    html: bytes,
    *,
    top: bool,
    addresses: dict[str, str] | None = None,
) -> None:
    """One Outlook item's streams under the storage path at: the top-level item's property stream has a
    32-byte header (next recipient and attachment ids, counts), an embedded one's 24 bytes."""
    count = len(files)
    header = (
        struct.pack("<8xIIII8x", 0, count, 0, count) if top else struct.pack("<8xIIII", 0, count, 0, count)
    )
    writer.addEntry([*at, "__properties_version1.0"], header)

    def text(value: str) -> bytes:
        return value.encode("utf-16-le")

    writer.addEntry([*at, "__substg1.0_001A001F"], text("IPM.Note"))  # the message class
    writer.addEntry([*at, "__substg1.0_0037001F"], text(subject))
    writer.addEntry([*at, "__substg1.0_0C1A001F"], text(sender[0]))  # the sender's name
    for tag, address in (addresses if addresses is not None else {"5D01": sender[1]}).items():
        writer.addEntry([*at, f"__substg1.0_{tag}001F"], text(address))  # 5D01: the sender's SMTP address
    if body:
        writer.addEntry([*at, "__substg1.0_1000001F"], text(body))
    if html:  # PidTagHtml, in whatever code page the sender's Outlook wrote it
        writer.addEntry([*at, "__substg1.0_10130102"], html)
    for number, (name, data) in enumerate(files.items()):
        storage = [*at, f"__attach_version1.0_#{number:08X}"]
        writer.addEntry(storage, storage=True)
        # An 8-byte header, then PidTagAttachMethod = ATTACH_BY_VALUE (1) as a fixed-size property.
        writer.addEntry([*storage, "__properties_version1.0"], struct.pack("<8xIIQ", 0x37050003, 6, 1))
        writer.addEntry([*storage, "__substg1.0_3707001F"], text(name))  # the long file name
        writer.addEntry([*storage, "__substg1.0_37010102"], data)


def odt_of(body: str, styles: str = "") -> bytes:
    """An OpenDocument text whose office:text holds body (ODF markup) and whose automatic styles hold
    styles."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
        ' xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<office:automatic-styles>{styles}</office:automatic-styles>"
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", content)
        package.writestr("META-INF/manifest.xml", "<m/>")
    return out.getvalue()


def odt(*, password: bool = False) -> bytes:
    """An OpenDocument text holding a table whose cells hold «Số buổi  tuyên truyền» (two spaces written as
    <text:s text:c="2"/>) and «12» with a footnote «Ghi chú»; its manifest saying it is encrypted when
    password."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office='
        '"urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text='
        '"urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0">'
        "<office:body><office:text><table:table><table:table-row><table:table-cell><text:p>Số buổi"
        '<text:s text:c="2"/>tuyên truyền</text:p></table:table-cell><table:table-cell><text:p>12<text:note>'
        "<text:note-body><text:p>Ghi chú</text:p></text:note-body></text:note></text:p></table:table-cell>"
        "</table:table-row></table:table></office:text></office:body></office:document-content>"
    )
    manifest = "<manifest:manifest><manifest:encryption-data/></manifest:manifest>" if password else "<m/>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", content)
        package.writestr("META-INF/manifest.xml", manifest)
    return out.getvalue()
