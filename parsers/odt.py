"""OpenDocument text (.odt, and the one-file .fodt) to text: body, tables, frames, headers and footers,
list and heading numbers, legacy fonts; read as parsers.word reads a DOCX.

The package is opened with zipfile and its content.xml and styles.xml walked with lxml, not with odfpy:
odfpy's load() decompresses and parses every member (pictures, thumbnail, settings) with no bound on
their size, and hands back its own element classes, whereas this reader must bound what it unpacks
(a zip bomb is a few kilobytes) and follow style inheritance and list styles through the raw elements,
as parsers.word does with lxml.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import io
import itertools
import logging
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence

from lxml import etree

from parsers import legacy, ocr, pasted, plain, tables
from parsers.document import Document, Limits
from parsers.errors import CorruptFileError, EmptyFileError, EncryptedFileError, TooLargeError
from parsers.numbering import letter, roman
from parsers.text import nfc

log = logging.getLogger(__name__)

_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
_SVG = "{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}"
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_MANIFEST = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}"
_HREF = "{http://www.w3.org/1999/xlink}href"

_P, _H, _LIST, _ITEM, _HEADER_ITEM = (f"{_TEXT}{t}" for t in ("p", "h", "list", "list-item", "list-header"))
_SPAN, _SPACES, _TAB, _BREAK, _NUMBER = (f"{_TEXT}{t}" for t in ("span", "s", "tab", "line-break", "number"))
_ROW, _CELL = f"{_TABLE}table-row", f"{_TABLE}table-cell"
_ROW_GROUPS = frozenset(f"{_TABLE}{t}" for t in ("table-header-rows", "table-rows", "table-row-group"))
# Inline content that is not the text as it reads: footnotes and endnotes (parsers.word leaves them out
# too), comments, the rendered heading number (read as the label instead).
_NOT_TEXT = frozenset({f"{_TEXT}note", f"{_OFFICE}annotation", _NUMBER})
# Blocks left out: tracked changes keep deleted text here, not in the body; a table of contents and
# other indexes repeat headings with page numbers after them.
_NOT_BLOCKS = frozenset(
    f"{_TEXT}{t}"
    for t in (
        "tracked-changes",
        "table-of-content",
        "illustration-index",
        "table-index",
        "object-index",
        "user-index",
        "alphabetical-index",
        "bibliography",
    )
)
_NUMBERED_LEVELS = frozenset({f"{_TEXT}list-level-style-number", f"{_TEXT}outline-level-style"})
# Drawing elements that carry no text of the document: a picture, an embedded object, a shape's outline.
_NOT_DRAWN_TEXT = frozenset(
    f"{_DRAW}{t}"
    for t in ("image", "object", "object-ole", "plugin", "applet", "floating-frame", "enhanced-geometry")
)
# In a paragraph a run of spaces, tabs and line ends in the XML is one space (OpenDocument 1.2, 6.1.2):
# tools that indent their XML put line ends inside paragraphs. text:s, text:tab, text:line-break are
# the spaces, tabs and breaks shown.
_SPACE = re.compile(r"[ \t\r\n]+")
_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_FLAT_DOCUMENT = f"{_OFFICE}document"
# Untrusted XML: no entities expanded, no DTD, no network. Large text nodes are allowed (a flat file's
# pictures in base64): the file's size is bounded by Limits.max_bytes before it gets here.
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True, huge_tree=True
)
# A small part may compress well beyond the ratio (a page of blank paragraphs): the ratio only applies
# past this many uncompressed bytes, as in parsers.archives.
_RATIO_FLOOR = 1 << 20
_ZIP_MAGIC = b"PK\x03\x04"
_ZIP_END = b"PK\x05\x06"
_ZIP_END_SPAN = 22 + 0xFFFF
# What zipfile, zlib and lxml raise on damaged packages.
_DAMAGED = (
    zipfile.BadZipFile,
    zlib.error,
    etree.XMLSyntaxError,
    KeyError,
    ValueError,
    OSError,
    EOFError,
    NotImplementedError,
    RuntimeError,
)


def _letters(number: int) -> str:
    """a, b, ... z, aa, ab, ...: OpenDocument's letter numbering when it does not repeat the letter."""
    out = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def _formatted(number: int, num_format: str, repeat_letter: bool) -> str:
    """A counter as its style:num-format shows it ("1", "I", "i", "A", "a"); "" for no number."""
    if num_format in ("I", "i"):
        numeral = roman(number)
        return numeral if num_format == "I" else numeral.lower()
    if num_format in ("A", "a"):
        letters = letter(number).lower() if repeat_letter else _letters(number)
        return letters.upper() if num_format == "A" else letters
    if num_format:
        return str(number)  # "1" and the formats LibreOffice adds (01, 001...), which few reports use
    return ""


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


class _Styles:
    """The styles one part's text is written with: common styles, that part's automatic styles (which
    win on a name both have), font faces, list styles and the outline (heading numbering) style."""

    def __init__(self, roots: Sequence[etree._Element], automatic: etree._Element | None) -> None:
        self._styles: dict[tuple[str, str], etree._Element] = {}
        self._defaults: dict[str, etree._Element] = {}
        self._faces: dict[str, str] = {}
        self.lists: dict[str, etree._Element] = {}
        self.outline: etree._Element | None = None
        self._fonts: dict[tuple[str, str], str | None] = {}
        containers: list[etree._Element] = []
        for root in roots:
            for face in root.iter(f"{_STYLE}font-face"):
                family = (face.get(f"{_SVG}font-family") or "").strip("'\" ")
                self._faces[face.get(f"{_STYLE}name") or ""] = family or face.get(f"{_STYLE}name") or ""
            containers.extend(root.iter(f"{_OFFICE}styles"))
        if automatic is not None:
            containers.append(automatic)
        for container in containers:
            for style in container:
                name = style.get(f"{_STYLE}name") or ""
                if style.tag == f"{_STYLE}style":
                    self._styles[(style.get(f"{_STYLE}family") or "", name)] = style
                elif style.tag == f"{_STYLE}default-style":
                    self._defaults[style.get(f"{_STYLE}family") or ""] = style
                elif style.tag == f"{_TEXT}list-style":
                    self.lists[name] = style
                elif style.tag == f"{_TEXT}outline-style":
                    self.outline = style

    def font(self, family: str, name: str | None) -> str | None:
        """The font a style of family ("paragraph", "text") sets, itself or through its parents."""
        if name is None:
            return None
        key = (family, name)
        if key not in self._fonts:
            self._fonts[key] = None  # guards against cycles of parent styles
            style = self._styles.get(key)
            font = None
            if style is not None:
                font = self._font_of(style)
                parent = style.get(f"{_STYLE}parent-style-name")
                if font is None and parent:
                    font = self.font(family, parent)
            self._fonts[key] = font
        return self._fonts[key]

    def paragraph_font(self, name: str | None) -> str | None:
        """A paragraph's font: its style's, else the document's default for paragraphs."""
        default = self._defaults.get("paragraph")
        return self.font("paragraph", name) or (self._font_of(default) if default is not None else None)

    def _font_of(self, style: etree._Element) -> str | None:
        properties = style.find(f"{_STYLE}text-properties")
        if properties is None:
            return None
        face = properties.get(f"{_STYLE}font-name")
        if face:
            return self._faces.get(face, face)
        family = properties.get(f"{_FO}font-family")
        return family.split(",")[0].strip("'\" ") if family else None


def _label(
    level_style: etree._Element | None, counters: dict[int, int], level: int, start: int | None
) -> str:
    """Advance counters at level (1-based) and give the label level_style shows ("II.", "1.2", "a)"); ""
    for a bullet, a picture or a level without a number."""
    own_start = _int(level_style.get(f"{_TEXT}start-value") if level_style is not None else None, 1)
    counters[level] = start if start is not None else counters.get(level, own_start - 1) + 1
    for deeper in [k for k in counters if k > level]:
        del counters[deeper]
    if level_style is None or level_style.tag not in _NUMBERED_LEVELS:
        return ""
    num_format = level_style.get(f"{_STYLE}num-format") or ""
    if not num_format:
        return ""
    repeat = level_style.get(f"{_STYLE}num-letter-sync") == "true"
    shown = min(max(_int(level_style.get(f"{_TEXT}display-levels"), 1), 1), level)
    numbers = ".".join(
        _formatted(counters.get(at, 1), num_format if at == level else "1", repeat)
        for at in range(level - shown + 1, level + 1)
    )
    prefix = level_style.get(f"{_STYLE}num-prefix") or ""
    suffix = level_style.get(f"{_STYLE}num-suffix") or ""
    return f"{prefix}{numbers}{suffix}".strip()


def _level_style(list_style: etree._Element | None, level: int) -> etree._Element | None:
    if list_style is None:
        return None
    for child in list_style:
        if _int(child.get(f"{_TEXT}level"), 0) == level:
            return child
    return None


class _Reader:
    """Walks one part's text (the body, or the headers and footers) into lines."""

    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.converted: Counter[str] = Counter()
        self._outline: dict[int, int] = {}  # the heading counters, by outline level
        # The counters of each list chain: a list continues its predecessor's when it says so.
        self._chains: dict[str, dict[int, int]] = {}
        self._last_chain: dict[str, dict[int, int]] = {}

    def blocks(self, parent: etree._Element) -> Iterator[str]:
        """Paragraphs, headings, lists, tables, sections and drawn text boxes, in document order."""
        for child in parent:
            if child.tag in (_P, _H):
                yield from self.paragraph(child, "")
            elif child.tag == _LIST:
                yield from self.listed(child, None, None, 1)
            elif child.tag == f"{_TABLE}table":
                yield from self.table(child)
            elif child.tag in _NOT_BLOCKS:
                continue
            elif child.tag == f"{_TEXT}section" or _drawn_text(child):
                yield from self.blocks(child)

    def paragraph(self, p: etree._Element, label: str) -> Iterator[str]:
        """The paragraph's text, runs converted by their font, with its number before it; then any text
        boxes anchored in it."""
        style = p.get(f"{_TEXT}style-name")
        pieces: list[tuple[str, str | None]] = []
        boxes: list[etree._Element] = []
        self._runs(p, self.styles.paragraph_font(style), pieces, boxes)
        if p.tag == _H and not label:
            label = self.heading_label(p)
        text = "".join(self._converted(pieces))
        yield f"{label} {text}" if label and text.strip() else text
        for box in boxes:
            yield from self.blocks(box)

    def heading_label(self, h: etree._Element) -> str:
        """The number Writer shows before a heading from the outline style, "" when it has none."""
        level = max(_int(h.get(f"{_TEXT}outline-level"), 1), 1)
        restart = h.get(f"{_TEXT}restart-numbering") == "true"
        start = _int(h.get(f"{_TEXT}start-value"), 1) if restart else None
        label = _label(_level_style(self.styles.outline, level), self._outline, level, start)
        if h.get(f"{_TEXT}is-list-header") == "true":
            return ""
        drawn = h.find(_NUMBER)  # the number as the writing program drew it, when it wrote one
        if drawn is not None and (drawn.text or "").strip():
            return (drawn.text or "").strip()
        return label

    def listed(
        self,
        element: etree._Element,
        style: etree._Element | None,
        counters: dict[int, int] | None,
        level: int,
    ) -> Iterator[str]:
        """A list's items at level (1-based); a nested list goes one level deeper in the same counters."""
        named = self.styles.lists.get(element.get(f"{_TEXT}style-name") or "")
        style = named if named is not None else style
        if counters is None:
            counters = self._chain(element, style)
        for item in element:
            if item.tag not in (_ITEM, _HEADER_ITEM):
                continue
            start = _int(item.get(f"{_TEXT}start-value"), 0) or None
            first = True
            for child in item:
                if child.tag in (_P, _H):
                    label = ""
                    if first and item.tag == _ITEM:
                        label = _label(_level_style(style, level), counters, level, start)
                    first = False
                    yield from self.paragraph(child, label)
                elif child.tag == _LIST:
                    yield from self.listed(child, style, counters, level + 1)
                elif child.tag == f"{_TABLE}table":
                    yield from self.table(child)

    def _chain(self, element: etree._Element, style: etree._Element | None) -> dict[int, int]:
        """The counters a top-level list counts with: new ones, or those of the list it continues
        (text:continue-list names it; text:continue-numbering means the last list of the same style)."""
        style_name = (style.get(f"{_STYLE}name") or "") if style is not None else ""
        continued = element.get(f"{_TEXT}continue-list")
        if continued and continued in self._chains:
            counters = self._chains[continued]
        elif element.get(f"{_TEXT}continue-numbering") == "true" and style_name in self._last_chain:
            counters = self._last_chain[style_name]
        else:
            counters = {}
        identifier = element.get("{http://www.w3.org/XML/1998/namespace}id") or element.get(f"{_TEXT}id")
        if identifier:
            self._chains[identifier] = counters
        self._last_chain[style_name] = counters
        return counters

    def table(self, element: etree._Element) -> Iterator[str]:
        rows = [[list(self.blocks(cell)) for cell in row if cell.tag == _CELL] for row in _rows(element)]
        yield from tables.table_lines(rows)

    def _runs(
        self,
        element: etree._Element,
        font: str | None,
        pieces: list[tuple[str, str | None]],
        boxes: list[etree._Element],
    ) -> None:
        """The text of element and what it holds, as (text, font) pieces; drawn boxes kept for later."""
        if element.text:
            pieces.append((_SPACE.sub(" ", element.text), font))
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""  # an unexpanded entity, an instruction
            if tag == _SPAN:
                self._runs(
                    child, self.styles.font("text", child.get(f"{_TEXT}style-name")) or font, pieces, boxes
                )
            elif tag == _SPACES:
                pieces.append((" " * max(_int(child.get(f"{_TEXT}c"), 1), 1), font))
            elif tag == _TAB:
                pieces.append(("\t", font))
            elif tag == _BREAK:
                pieces.append(("\n", font))
            elif tag.startswith(_DRAW):
                if _drawn_text(child):
                    boxes.append(child)
            elif tag and tag not in _NOT_TEXT:
                self._runs(child, font, pieces, boxes)  # links, fields, metadata: their text as shown
            if child.tail:
                pieces.append((_SPACE.sub(" ", child.tail), font))

    def _converted(self, pieces: list[tuple[str, str | None]]) -> Iterator[str]:
        """Each run of pieces in one font, converted from TCVN3 or VNI when the font is a legacy one."""
        for font, run in itertools.groupby(pieces, key=lambda piece: piece[1]):
            text = "".join(t for t, _ in run)
            encoding = legacy.encoding_of_font(font)
            if encoding and text.strip():
                text = legacy.convert(text, encoding, font_name=font)
                self.converted[encoding] += 1
            yield text


def _drawn_text(element: etree._Element) -> bool:
    """True for a drawing element that may hold text: a frame, a text box, a shape, a group."""
    tag = element.tag
    return isinstance(tag, str) and tag.startswith(_DRAW) and tag not in _NOT_DRAWN_TEXT


def _rows(table: etree._Element) -> Iterator[etree._Element]:
    """A table's rows, also those inside header-row and row groups."""
    for child in table:
        if child.tag == _ROW:
            yield child
        elif child.tag in _ROW_GROUPS:
            yield from _rows(child)


def _page_parts(master_styles: Sequence[etree._Element], kind: str) -> list[etree._Element]:
    """The headers ("header") or footers ("footer") of the master pages, shown ones only."""
    found = []
    for masters in master_styles:
        for page in masters.iter(f"{_STYLE}master-page"):
            for suffix in ("", "-left", "-first"):
                part = page.find(f"{_STYLE}{kind}{suffix}")
                if part is not None and part.get(f"{_STYLE}display") != "false":
                    found.append(part)
    return found


def _member(package: zipfile.ZipFile, member: str, name: str, limits: Limits) -> bytes:
    """One part of the package, refused before decompressing when it would be too large or compresses
    like a zip bomb."""
    info = package.getinfo(member)
    if info.file_size > limits.max_archive_total or (
        info.file_size > _RATIO_FLOOR
        and info.file_size > max(info.compress_size, 1) * limits.max_compression_ratio
    ):
        raise TooLargeError(
            f"Tệp {name} giải nén ra quá lớn ({info.file_size // (1 << 20)} MB) hoặc bất thường, không xử lý được. "
            "Đề nghị trường lưu lại báo cáo thành tệp .docx hoặc PDF rồi gửi lại."
        )
    with package.open(info) as file:
        content = file.read(info.file_size + 1)  # never more than the header promised
    if len(content) > info.file_size:
        raise zipfile.BadZipFile(f"{member} is larger than its header says")
    return content


def _encrypted(manifest: bytes) -> bool:
    """True when the manifest says a part is encrypted: the file was saved with a password."""
    root = etree.fromstring(manifest, _PARSER)
    return root.find(f".//{_MANIFEST}encryption-data") is not None


def _package_roots(
    package: zipfile.ZipFile, name: str, limits: Limits
) -> tuple[etree._Element, etree._Element | None]:
    """content.xml and styles.xml (which may be missing) of a package."""
    names = set(package.namelist())
    if "META-INF/manifest.xml" in names and _encrypted(
        _member(package, "META-INF/manifest.xml", name, limits)
    ):
        raise EncryptedFileError(
            f"Tệp {name} được bảo vệ bằng mật khẩu, không đọc được nội dung. "
            "Đề nghị trường gửi lại bản không đặt mật khẩu."
        )
    content = etree.fromstring(_member(package, "content.xml", name, limits), _PARSER)
    if "styles.xml" not in names:
        return content, None
    return content, etree.fromstring(_member(package, "styles.xml", name, limits), _PARSER)


def _flat_root(name: str, data: bytes) -> etree._Element:
    """The one root of a flat file, which holds the styles and the content."""
    root = etree.fromstring(data, _PARSER)
    if root.tag != _FLAT_DOCUMENT or not (root.get(f"{_OFFICE}mimetype") or "").startswith(
        _MIMETYPE.decode()
    ):
        raise CorruptFileError(
            f"Tệp {name} là tệp XML nhưng không phải văn bản OpenDocument. "
            "Đề nghị trường gửi báo cáo dạng Word hoặc PDF."
        )
    return root


def _lines(content: etree._Element, styles_root: etree._Element | None) -> tuple[list[str], Counter[str]]:
    """The text's lines, page headers first and footers last, and how many runs were converted from
    each legacy encoding."""
    parts = [content] if styles_root is None or styles_root is content else [styles_root, content]
    body = _Reader(_Styles(parts, content.find(f"{_OFFICE}automatic-styles")))
    page_automatic = styles_root.find(f"{_OFFICE}automatic-styles") if styles_root is not None else None
    page = _Reader(_Styles(parts, page_automatic))
    masters = [m for root in parts for m in root.iter(f"{_OFFICE}master-styles")]
    lines = [*_distinct(page, _page_parts(masters, "header"))]
    for text in content.iter(f"{_OFFICE}text"):
        lines.extend(body.blocks(text))
    lines.extend(_distinct(page, _page_parts(masters, "footer")))
    return lines, body.converted + page.converted


def _pictures(
    content: etree._Element, package: zipfile.ZipFile | None, name: str, limits: Limits
) -> list[bytes]:
    """The body's pictures large enough to be a scanned page, in document order, at most max_pages and
    max_archive_total bytes in all: a package's members, or a flat file's pictures in base64."""
    found: list[bytes] = []
    total = 0
    for image in content.iter(f"{_DRAW}image"):
        href = image.get(_HREF) or ""
        binary = image.find(f"{_OFFICE}binary-data")
        if package is not None and href and href.lstrip("./") in package.namelist():
            picture = _member(package, href.lstrip("./"), name, limits)
        elif binary is not None and binary.text:
            try:
                picture = base64.b64decode(binary.text)
            except binascii.Error:
                continue
        else:
            continue  # a linked picture, outside the file
        total += len(picture)
        if total > limits.max_archive_total:
            log.warning("%s: pictures beyond %d bytes not read", name, limits.max_archive_total)
            break
        if picture not in found and pasted.is_page(picture):
            found.append(picture)
        if len(found) >= limits.max_pages:
            break
    return found


def read_odt(
    name: str,
    data: bytes,
    limits: Limits = Limits(),  # noqa: B008 - frozen
    reader: ocr.PageReader = ocr.recognise_all,
) -> Document:
    """An OpenDocument text, packaged (.odt) or flat (.fodt), as a Document of format "odt"; one that is
    scanned pages pasted in as pictures, with little or no typed text, has its pictures read by reader.

    Raises EncryptedFileError when it was saved with a password, TooLargeError when a part would unpack
    beyond limits, CorruptFileError when it cannot be opened, EmptyFileError when it holds no text,
    ParseTimeoutError when it is only pictures and every one ran out of time.
    """
    try:
        package = zipfile.ZipFile(io.BytesIO(data)) if data.startswith(_ZIP_MAGIC) else None
        with package if package is not None else contextlib.nullcontext():
            if package is not None:
                content, styles_root = _package_roots(package, name, limits)
            else:
                content = styles_root = _flat_root(name, data)
            lines, converted = _lines(content, styles_root)
            scanned = len(plain.tidy("".join(lines))) < pasted.SCANNED_BELOW
            pictures = _pictures(content, package, name, limits) if scanned else []
    except _DAMAGED as e:
        log.info("%s: not opened: %s: %s", name, type(e).__name__, e)
        if isinstance(e, zipfile.BadZipFile) and _ZIP_END not in data[-_ZIP_END_SPAN:]:
            raise CorruptFileError(
                f"Tệp {name} không trọn vẹn (bị cắt mất phần cuối, thường do tải lên hoặc gửi thư bị "
                "gián đoạn), không mở được. Đề nghị trường đính kèm lại tệp từ máy tính và gửi lại."
            ) from e
        raise CorruptFileError(
            f"Tệp {name} (văn bản OpenDocument) bị hỏng, không mở được. Đề nghị trường gửi lại tệp."
        ) from e
    text = plain.tidy(nfc("\n".join(lines)))
    encoding = converted.most_common(1)[0][0] if converted else None
    if encoding:
        log.info("%s: converted %d runs from %s", name, sum(converted.values()), encoding)
    typed = Document(name=name, format="odt", text=text, encoding=encoding)
    if pictures:
        return pasted.with_scans(typed, pictures, limits, reader, "tệp")
    if not text:
        raise EmptyFileError(f"Tệp {name} không có nội dung chữ nào.")
    return typed


def _distinct(reader: _Reader, parts: list[etree._Element]) -> Iterator[str]:
    """The lines of each header or footer, one that repeats another's (first page, left pages) once."""
    seen: set[tuple[str, ...]] = set()
    for part in parts:
        lines = tuple(reader.blocks(part))
        if lines not in seen:
            seen.add(lines)
            yield from lines
