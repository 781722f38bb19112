"""DOCX to text with python-docx: body, tables, text boxes, headers and footers, footnotes and endnotes, list
numbers, legacy fonts; without what Word does not show (tracked deletions, hidden text, content controls' prompts)."""

from __future__ import annotations

import dataclasses
import functools
import io
import logging
import re
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Generic, TypeVar

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.package import Unmarshaller
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI, PackURI
from docx.opc.part import Part, PartFactory
from docx.opc.pkgreader import PackageReader, _ContentTypeMap
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.package import Package
from lxml import etree
from PIL import Image

from parsers import images, legacy, ocr, plain, sniff
from parsers.document import Document, Limits, Page
from parsers.errors import CorruptFileError, EmptyFileError, ParseError, ParseTimeoutError
from parsers.numbering import Numbering
from parsers.text import nfc

log = logging.getLogger(__name__)

_V = TypeVar("_V")

_P, _TBL, _R, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:r"), qn("w:tr"), qn("w:tc")
_SDT, _CUSTOM_XML, _ALT_CHUNK = qn("w:sdt"), qn("w:customXml"), qn("w:altChunk")
_TXBX = qn("w:txbxContent")
# Footnotes and endnotes live in parts of their own; Word keeps the lines that set them apart from the
# page (separators, continuation notices) there too, as notes with a w:type.
_NOTES = ((RT.FOOTNOTES, qn("w:footnote")), (RT.ENDNOTES, qn("w:endnote")))
_NOTE_TYPE = qn("w:type")
_CONTENTS_STYLE = re.compile(r"toc [1-9]|toc heading")
# Tracked changes: deleted text and the old place of moved text are not in the document as it reads.
_REMOVED = frozenset({qn("w:del"), qn("w:moveFrom")})
_BLIP, _IMAGEDATA = qn("a:blip"), "{urn:schemas-microsoft-com:vml}imagedata"
_EMBED, _RID = qn("r:embed"), qn("r:id")
# A Word document with less typed text than this may be scanned pages pasted in as pictures; a picture
# is taken for a page when its long side has at least this many pixels (a logo or a signature has fewer).
_SCANNED_BELOW = 500
_PAGE_PIXELS = 1000
# Up to this much typed text, a cover letter («công văn») typed over the report's scanned pages: its
# pictures shaped as an upright page (A4 is 1.41 as tall as wide; a phone's photo of a sheet 1.33) are
# read too. An activity's photos beside a short note are seldom so shaped.
_COVER_BELOW = 1500  # a typed report runs to several pages, over 2,000 characters
_PAGE_SHAPE = (1.25, 1.6)
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_FONT_ATTRS = (qn("w:ascii"), qn("w:hAnsi"))
# Hidden text (w:vanish) is neither shown nor printed: a typist's note, an old figure kept beside the new.
_VANISH = qn("w:vanish")
_BOLD = qn("w:b")
# The tags and attribute each run is looked up by, named once.
_R_PR, _R_STYLE, _R_FONTS, _VAL = qn("w:rPr"), qn("w:rStyle"), qn("w:rFonts"), qn("w:val")
_P_STYLE = f"{qn('w:pPr')}/{qn('w:pStyle')}"
# A run's text as python-docx's Run.text writes it, read from the run's children by their tags: its
# XPath query and element classes cost more than the rest of reading a paragraph. A break is a line
# break unless it is a page or column break.
_RUN_TEXT = {
    qn("w:t"): None,
    qn("w:tab"): "\t",
    qn("w:ptab"): "\t",
    qn("w:cr"): "\n",
    qn("w:noBreakHyphen"): "-",
}
_BR, _BR_TYPE = qn("w:br"), qn("w:type")
_OFF = frozenset({"0", "false", "off"})
# The main part of a macro-enabled document (.docm) and of templates (.dotx, .dotm) is a Word body
# like a .docx's under another content type, which python-docx refuses ("not a Word file").
_WORD_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_WORD_VARIANTS = (
    b"application/vnd.ms-word.document.macroEnabled.main+xml",
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
# Word's "Strict Open XML Document" is a .docx whose parts use other namespaces (and relationship types
# under the officeDocument one), which python-docx does not know: it finds no main part. Its body is the
# same markup, so the names are mapped back to the transitional ones before opening it.
_STRICT = b"http://purl.oclc.org/ooxml/"
_STRICT_NAMESPACES = tuple(
    (_STRICT + strict, b"http://schemas.openxmlformats.org/" + transitional)
    for strict, transitional in (
        (b"wordprocessingml/main", b"wordprocessingml/2006/main"),
        (b"officeDocument/relationships", b"officeDocument/2006/relationships"),
        (b"officeDocument/math", b"officeDocument/2006/math"),
        (b"officeDocument/sharedTypes", b"officeDocument/2006/sharedTypes"),
        (b"officeDocument/extendedProperties", b"officeDocument/2006/extended-properties"),
        (b"drawingml/main", b"drawingml/2006/main"),
        (b"drawingml/wordprocessingDrawing", b"drawingml/2006/wordprocessingDrawing"),
        (b"drawingml/picture", b"drawingml/2006/picture"),
    )
)
# A zip ends with its directory's end record, within its last 64 KiB (a comment may follow it): a package
# without one was cut short on its way.
_ZIP_END = b"PK\x05\x06"
_ZIP_END_SPAN = 22 + 0xFFFF
# Parsed styles kept for the next documents written from the same template (a styles part is often
# hundreds of kilobytes, the largest XML of a report, and the office's template is filled in by every school).
_TEMPLATES_KEPT = 8
# Two-column tables of at most this many rows are layout (the official header, the signature
# block): their cells read as separate lines, not as one row of data.
_LAYOUT_ROWS = 3
# A table cell holding a count ("8", "1.250"), and one holding words.
_CELL_COUNT = re.compile(r"[0-9]+(?:[.,][0-9]{3})*")
_WORDS = re.compile(r"[^\W\d_]")


# What python-docx, zipfile and lxml raise on damaged packages; a part with valid XML of the wrong
# shape surfaces as AttributeError, TypeError or IndexError deep inside python-docx.
_DAMAGED = (
    PackageNotFoundError,
    zipfile.BadZipFile,
    zlib.error,
    etree.XMLSyntaxError,
    KeyError,
    ValueError,
    OSError,
    EOFError,
    NotImplementedError,
    RuntimeError,
    struct.error,
    AttributeError,
    TypeError,
    IndexError,
)


@dataclasses.dataclass(frozen=True)
class _StyleTable:
    """A document's styles by id, its default run properties, its default paragraph style and the ids of
    its table of contents' styles. Shared by the documents written from one template: never changed."""

    by_id: Mapping[str | None, etree._Element]
    run_defaults: etree._Element | None
    default_paragraph: str | None
    contents: frozenset[str]

    @classmethod
    def of(cls, styles: etree._Element) -> _StyleTable:
        style_id = qn("w:styleId")  # once, not for each of a template's 160 styles
        by_id = {s.get(style_id): s for s in styles.findall(qn("w:style"))}
        defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        default_para = next(
            (
                s
                for s in by_id.values()
                if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) == "1"
            ),
            None,
        )
        return cls(
            by_id,
            defaults,
            default_para.get(qn("w:styleId")) if default_para is not None else None,
            _contents_styles(by_id.values()),
        )


class _RunProperty(Generic[_V]):
    """One property of runs (a font name, being hidden) from direct formatting, then the run and
    paragraph styles, then the document's defaults; read gives it from one w:rPr, None when not set."""

    def __init__(self, styles: _StyleTable, read: Callable[[etree._Element | None], _V | None]) -> None:
        self._read = read
        self._by_style: dict[str, _V | None] = {}
        self._styles = styles.by_id
        self.default = read(styles.run_defaults)
        self.default_paragraph = styles.default_paragraph

    def of_style(self, style_id: str | None) -> _V | None:
        if style_id is None:
            return None
        if style_id not in self._by_style:
            self._by_style[style_id] = None  # guards against cycles in basedOn
            style = self._styles.get(style_id)
            value = None
            if style is not None:
                value = self._read(style.find(qn("w:rPr")))
                based = style.find(qn("w:basedOn"))
                if value is None and based is not None:
                    value = self.of_style(based.get(qn("w:val")))
            self._by_style[style_id] = value
        return self._by_style[style_id]

    def of_run(self, run: etree._Element, paragraph_style: str | None) -> _V | None:
        r_pr = run.find(_R_PR)
        value = self._read(r_pr)
        if value is None and r_pr is not None:
            style = r_pr.find(_R_STYLE)
            if style is not None:
                value = self.of_style(style.get(_VAL))
        if value is None:
            value = self.of_style(paragraph_style or self.default_paragraph)
        return self.default if value is None else value


def _run_text(r: etree._Element) -> str:
    """The text of the run r: its w:t text, a tab for w:tab and w:ptab, a line break for w:cr and for a
    w:br that breaks the line, a hyphen for w:noBreakHyphen (python-docx's Run.text)."""
    parts = []
    for child in r:
        tag = child.tag
        if tag in _RUN_TEXT:
            parts.append(_RUN_TEXT[tag] or child.text or "")
        elif tag == _BR and child.get(_BR_TYPE, "textWrapping") == "textWrapping":
            parts.append("\n")
    return "".join(parts)


def _font_of(r_pr: etree._Element | None) -> str | None:
    if r_pr is None:
        return None
    fonts = r_pr.find(_R_FONTS)
    if fonts is None:
        return None
    for attr in _FONT_ATTRS:
        if fonts.get(attr):
            return str(fonts.get(attr))
    return None


def _bold_of(r_pr: etree._Element | None) -> bool | None:
    """Whether w:b (Font > Bold) is set on, or off, in r_pr; None when it is not set."""
    bold = r_pr.find(_BOLD) if r_pr is not None else None
    if bold is None:
        return None
    return bold.get(_VAL, "true").lower() not in _OFF


def _hidden_of(r_pr: etree._Element | None) -> bool | None:
    """Whether w:vanish (Font > Hidden) is set on, or off, in r_pr; None when it is not set."""
    vanish = r_pr.find(_VANISH) if r_pr is not None else None
    if vanish is None:
        return None
    return vanish.get(_VAL, "true").lower() not in _OFF


class _Reader:
    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        styles = _styles_of(document)  # read once for every property, the numbering and the contents
        self.fonts = _RunProperty(styles, _font_of)
        self.hidden = _RunProperty(styles, _hidden_of)
        self.bold = _RunProperty(styles, _bold_of)
        self.emphasised: list[str] = []  # paragraphs typed wholly in bold
        self.numbering = Numbering(_numbering_of(document), styles.by_id)
        self.converted: Counter[str] = Counter()
        self.contents = styles.contents

    def paragraph(self, p: etree._Element) -> Iterator[str]:
        """The paragraph's own text (runs converted by font), then any text boxes anchored in it."""
        style_el = p.find(_P_STYLE)
        style = style_el.get(_VAL) if style_el is not None else None
        if style in self.contents:
            return  # a table of contents repeats the headings, with page numbers after them
        parts = []
        bold = True
        for r in p.iter(_R):
            if _owner(r) is not p or _not_shown(r, p) or self.hidden.of_run(r, style):
                continue
            text = _run_text(r)
            bold = bold and (not text.strip() or bool(self.bold.of_run(r, style)))
            font = self.fonts.of_run(r, style)
            encoding = legacy.encoding_of_font(font)
            if encoding and text:
                text = legacy.convert(text, encoding, font_name=font)
                self.converted[encoding] += 1
            parts.append(text)
        label = self.numbering.label(p)
        text = "".join(parts)
        line = f"{label} {text}" if label and text.strip() else text
        if bold and line.strip():
            self.emphasised.append(" ".join(nfc(line).split()))
        if text or not _mark_not_shown(p):
            yield line
        for box in p.iter(_TXBX):
            if _owner(box) is p and not _in_fallback(box, p):
                yield from self.blocks(box)

    def table(self, tbl: etree._Element) -> Iterator[str]:
        rows = _wrapped(tbl, _TR)
        columns = max((len(_wrapped(tr, _TC)) for tr in rows), default=0)
        layout = columns <= 2 and len(rows) <= _LAYOUT_ROWS
        merged: dict[int, str] = {}  # grid column -> the label of a cell merged down from a row above
        for tr in rows:
            tcs = _wrapped(tr, _TC)
            cells = [[line for line in self.blocks(tc) if line.strip()] for tc in tcs]
            if not layout:
                _merged_labels(tr, tcs, cells, merged)
            if not layout and all(len(c) <= 1 for c in cells):
                yield " | ".join(c[0] for c in cells if c)
            else:
                for cell in cells:
                    yield from cell

    def blocks(self, parent: etree._Element) -> Iterator[str]:
        """Paragraphs and tables of a body, cell, text box, header or footer, in document order."""
        for child in parent:
            if child.tag == _P:
                yield from self.paragraph(child)
            elif child.tag == _TBL:
                yield from self.table(child)
            elif child.tag == _SDT:  # content controls wrap ordinary blocks
                content = child.find(qn("w:sdtContent"))
                if content is not None and not _placeholder(child):
                    yield from self.blocks(content)
            elif child.tag == _CUSTOM_XML:
                yield from self.blocks(child)
            elif child.tag == _ALT_CHUNK:
                yield from self.imported(child)

    def imported(self, chunk: etree._Element) -> Iterator[str]:
        """The lines of a part imported whole (w:altChunk: HTML, a web archive, RTF, text or another
        Word file), as programs that export to Word write their pages."""
        part = self.document.part.related_parts.get(chunk.get(_RID) or "")
        if part is None:
            return
        name, data = str(part.partname), part.blob
        kind = sniff.sniff(data)
        try:
            if kind == sniff.Kind.DOCX:
                text = read_docx(name, data).text
            elif kind == sniff.Kind.MHTML:
                text = plain.read_mhtml(name, data).text
            elif kind in (sniff.Kind.HTML, sniff.Kind.RTF, sniff.Kind.TEXT):
                text = plain.read_text(name, data, kind).text
            else:
                log.info("imported part %s (%s) is not read", name, kind)
                return
        except ParseError as e:
            log.info("imported part %s is not read: %s", name, e)
            return
        yield from text.split("\n")

    def notes(self) -> list[str]:
        """Text of every footnote, then every endnote, in the order Word numbers them: a figure a school
        gave only in a note ("¹ Trong đó 12 buổi tuyên truyền trực tuyến") is part of what it reported."""
        lines: list[str] = []
        for relation, tag in _NOTES:
            try:
                part = self.document.part.part_related_by(relation)
            except KeyError:
                continue
            for note in parse_xml(part.blob).iter(tag):
                if note.get(_NOTE_TYPE, "normal") == "normal":
                    lines.extend(self.blocks(note))
        return lines

    def parts(self, kind: str) -> list[str]:
        """Text of every distinct header or footer ("header"/"footer"), sections sharing one counted once."""
        seen: set[int] = set()
        lines: list[str] = []
        for section in self.document.sections:
            for attr in (kind, f"first_page_{kind}", f"even_page_{kind}"):
                part = getattr(section, attr)
                if part.is_linked_to_previous:
                    continue
                element = part._element
                if id(element) in seen:
                    continue
                seen.add(id(element))
                lines.extend(self.blocks(element))
        return lines


def _merged_labels(
    tr: etree._Element, tcs: list[etree._Element], cells: list[list[str]], merged: dict[int, str]
) -> None:
    """Fills in, in a table's row of counts, a cell that a label merged down from a row above covers
    («Tuyên truyền» over «Trực tiếp | 8» and «Trực tuyến | 4»): Word keeps the label in the first row only,
    and the others would be read a cell short. merged, the labels by grid column, is kept for the rows
    below. A merged count is never copied, nor a label into a row without counts (a row of headings)."""
    column = _grid_before(tr)
    counts = any(len(c) == 1 and _CELL_COUNT.fullmatch(c[0].strip()) for c in cells)  # a row of counts
    for tc, cell in zip(tcs, cells, strict=True):
        v_merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
        if v_merge is None or v_merge.get(qn("w:val")) == "restart":
            label = len(cell) == 1 and bool(_WORDS.search(cell[0])) and not _CELL_COUNT.fullmatch(cell[0])
            if v_merge is not None and label:
                merged[column] = cell[0]
            else:
                merged.pop(column, None)
        elif not cell and counts and column in merged:
            cell.append(merged[column])
        column += _grid_span(tc)


def _grid_before(tr: etree._Element) -> int:
    """The grid columns a row leaves out before its first cell (w:gridBefore)."""
    before = tr.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}")
    return _count_attr(before)


def _grid_span(tc: etree._Element) -> int:
    """The grid columns a cell spans (w:gridSpan), 1 unless merged across."""
    return max(1, _count_attr(tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")))


def _count_attr(element: etree._Element | None) -> int:
    value = element.get(qn("w:val"), "") if element is not None else ""
    return int(value) if value.isdigit() else 0


def _contents_styles(styles: Iterable[etree._Element]) -> frozenset[str]:
    """The ids of the styles of a table of contents: its entries ("toc 1" … "toc 9") and its heading
    ("TOC Heading"); Word stores these built-in names in English whatever the ids are called."""
    found = set()
    name_tag, value, style_id = qn("w:name"), qn("w:val"), qn("w:styleId")  # once, not for each style
    for style in styles:
        name = style.find(name_tag)
        if name is not None and _CONTENTS_STYLE.fullmatch((name.get(value) or "").lower()):
            found.add(style.get(style_id) or "")
    return frozenset(found)


def _open(data: bytes) -> DocxDocument:
    """What docx.Document() opens, with only the parts the reader walks through python-docx inflated and
    parsed as it loads (_WALKED); every other part is inflated when read, if ever. python-docx inflates
    every part of a package and parses every one it knows: a report written in Word 2010 carries
    stylesWithEffects, a copy of its styles as large as them (400 KB of XML), with the theme, the font
    table, the settings and a thumbnail, none of which the reader uses; the styles themselves are read
    once per template (_styles_of). A part the reader never reads is no longer checked either: a damaged
    thumbnail leaves the text readable, as it is in Word."""
    package = Package()
    files = _Files(data)
    content_types = _ContentTypeMap.from_xml(files.content_types_xml)
    relationships = PackageReader._srels_for(files, PACKAGE_URI)
    parts = PackageReader._load_serialized_parts(files, relationships, content_types)
    Unmarshaller.unmarshal(PackageReader(content_types, relationships, parts), package, _load_part)
    main = package.main_document_part
    if main.content_type != CT.WML_DOCUMENT_MAIN:
        raise ValueError(f"not a Word file, content type is {main.content_type!r}")
    return main.document


# The parts the reader walks as python-docx objects: the body, headers and footers, list numbering.
_WALKED = frozenset({CT.WML_DOCUMENT_MAIN, CT.WML_HEADER, CT.WML_FOOTER, CT.WML_NUMBERING})


class _Files:
    """A package's zip as python-docx's package reader reads it, handing out each part unread."""

    def __init__(self, data: bytes) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(data))

    @property
    def content_types_xml(self) -> bytes:
        return self.zip.read(CONTENT_TYPES_URI.membername)

    def rels_xml_for(self, source: PackURI) -> bytes | None:
        try:
            return self.zip.read(source.rels_uri.membername)
        except KeyError:
            return None

    def blob_for(self, partname: PackURI) -> _Unread:
        return _Unread(self.zip, self.zip.getinfo(partname.membername))  # KeyError: missing, as before


@dataclasses.dataclass(frozen=True)
class _Unread:
    """A part's place in its package's zip."""

    zip: zipfile.ZipFile
    member: zipfile.ZipInfo

    def read(self) -> bytes:
        return self.zip.read(self.member)


class _PartRead(Part):
    """A part python-docx does not parse here, its bytes inflated from the zip the first time they are read."""

    def __init__(self, partname: PackURI, content_type: str, unread: _Unread, package: Package) -> None:
        super().__init__(partname, content_type, package=package)
        self._unread = unread

    @property
    def blob(self) -> bytes:
        if self._blob is None:
            self._blob = self._unread.read()
        return self._blob


def _load_part(partname: PackURI, content_type: str, reltype: str, unread: _Unread, package: Package) -> Part:
    if content_type in _WALKED:
        return PartFactory(partname, content_type, reltype, unread.read(), package)  # type: ignore[return-value]
    return _PartRead(partname, content_type, unread, package)


def _styles_of(document: DocxDocument) -> _StyleTable:
    """The document's styles, parsed once for every document with the same styles part."""
    try:
        part = document.part.part_related_by(RT.STYLES)
    except KeyError:
        part = None
    if part is None or part.content_type != CT.WML_STYLES:
        # python-docx's own default styles, or the error it raises on a part of another kind.
        return _StyleTable.of(document.styles.element)
    return _parsed_styles(part.blob)


@functools.lru_cache(maxsize=_TEMPLATES_KEPT)
def _parsed_styles(xml: bytes) -> _StyleTable:
    return _StyleTable.of(parse_xml(xml))


def _wrapped(parent: etree._Element, tag: str) -> list[etree._Element]:
    """parent's children with tag, also those a content control (w:sdt) or custom XML wraps: a
    template's fields ("Tên trường") are often whole rows or cells inside one."""
    found: list[etree._Element] = []
    for child in parent:
        if child.tag == tag:
            found.append(child)
        elif child.tag == _SDT:
            content = child.find(qn("w:sdtContent"))
            if content is not None and not _placeholder(child):
                found.extend(_wrapped(content, tag))
        elif child.tag == _CUSTOM_XML:
            found.extend(_wrapped(child, tag))
    return found


def _numbering_of(document: DocxDocument) -> etree._Element | None:
    """The numbering definitions part, if the document has one."""
    try:
        return document.part.part_related_by(RT.NUMBERING).element  # type: ignore[attr-defined]
    except KeyError:
        return None


def _owner(element: etree._Element) -> etree._Element | None:
    """The nearest enclosing paragraph."""
    parent = element.getparent()
    while parent is not None and parent.tag != _P:
        parent = parent.getparent()
    return parent


def _not_shown(run: etree._Element, paragraph: etree._Element) -> bool:
    """True for a run of tracked deleted or moved-away text (w:del, w:moveFrom), and for the prompt a
    content control shows until it is filled in ("Nhập tên trường"): tools that write deleted text with
    w:t rather than w:delText would otherwise have it read twice, old and new figures side by side."""
    parent = run.getparent()
    while parent is not None and parent is not paragraph:
        if parent.tag in _REMOVED or (parent.tag == _SDT and _placeholder(parent)):
            return True
        parent = parent.getparent()
    return False


def _mark_not_shown(paragraph: etree._Element) -> bool:
    """True when the paragraph's mark is tracked as deleted or moved away, or is hidden: emptied, such a
    paragraph is no line of the document (its blank would cut a title in two), as Word shows it."""
    mark = paragraph.find(f"{qn('w:pPr')}/{qn('w:rPr')}")
    return mark is not None and (
        any(mark.find(tag) is not None for tag in _REMOVED) or bool(_hidden_of(mark))
    )


def _placeholder(sdt: etree._Element) -> bool:
    """True for a content control still showing its placeholder text (w:showingPlcHdr): a template's
    prompt, not the document's words."""
    return sdt.find(f"{qn('w:sdtPr')}/{qn('w:showingPlcHdr')}") is not None


def _in_fallback(element: etree._Element, stop: etree._Element) -> bool:
    """True inside mc:Fallback, the VML copy Word keeps of a text box beside its DrawingML form."""
    parent = element.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == _FALLBACK:
            return True
        parent = parent.getparent()
    return False


def _as_document(data: bytes) -> bytes:
    """A .docm, .dotx or .dotm package relabelled as a .docx, and a Strict Open XML one written in the
    transitional namespaces, so python-docx opens its body; a .docx as is."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        types = package.read("[Content_Types].xml")
        relabel = any(variant in types for variant in _WORD_VARIANTS)
        strict = "_rels/.rels" in package.namelist() and _STRICT in package.read("_rels/.rels")
        if not relabel and not strict:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as relabelled:
            for info in package.infolist():
                member = package.read(info.filename)
                if info.filename == "[Content_Types].xml":
                    for variant in _WORD_VARIANTS:
                        member = member.replace(variant, _WORD_MAIN)
                elif strict and info.filename.endswith((".xml", ".rels")):
                    for namespace, transitional in _STRICT_NAMESPACES:
                        member = member.replace(namespace, transitional)
                relabelled.writestr(info, member)
    return out.getvalue()


def read_docx(
    name: str,
    data: bytes,
    limits: Limits = Limits(),  # noqa: B008 - frozen
    reader: ocr.PageReader = ocr.recognise_all,
) -> Document:
    """A DOCX as a Document of format "docx"; a document that is scanned pages pasted in as pictures,
    with little or no typed text, has its pictures read by reader.

    Raises CorruptFileError when python-docx cannot open it, EmptyFileError when it holds no text,
    ParseTimeoutError when it is only pictures and every one ran out of time.
    (A password-protected DOCX is not a zip at all: sniff() tells it apart.)
    """
    try:
        document = _open(_as_document(data))
        walker = _Reader(document)
        # Notes follow the body, as Word prints them below its text: the sections stay where they are.
        lines = [
            *walker.parts("header"),
            *walker.blocks(document.element.body),
            *walker.notes(),
            *walker.parts("footer"),
        ]
        typed = len(plain.tidy("".join(lines)))
        pictures = (
            _page_pictures(document, limits, shaped=typed >= _SCANNED_BELOW) if typed < _COVER_BELOW else []
        )
    except _DAMAGED as e:
        log.info("%s: not opened: %s: %s", name, type(e).__name__, e)
        if isinstance(e, zipfile.BadZipFile) and _ZIP_END not in data[-_ZIP_END_SPAN:]:
            raise CorruptFileError(
                f"Tệp Word {name} không trọn vẹn (bị cắt mất phần cuối, thường do tải lên hoặc gửi thư bị "
                "gián đoạn), không mở được. Đề nghị trường đính kèm lại tệp từ máy tính và gửi lại."
            ) from e
        raise CorruptFileError(f"Tệp Word {name} bị hỏng, không mở được. Đề nghị trường gửi lại tệp.") from e
    text = plain.tidy(nfc("\n".join(lines)))
    encoding = walker.converted.most_common(1)[0][0] if walker.converted else None
    if encoding:
        log.info("%s: converted %d runs from %s", name, sum(walker.converted.values()), encoding)
    emphasised = tuple(dict.fromkeys(walker.emphasised))
    if pictures:
        return _with_scans(
            Document(name=name, format="docx", text=text, encoding=encoding, emphasised=emphasised),
            pictures,
            limits,
            reader,
        )
    if not text:
        raise EmptyFileError(f"Tệp Word {name} không có nội dung chữ nào.")
    return Document(name=name, format="docx", text=text, encoding=encoding, emphasised=emphasised)


def _page_pictures(document: DocxDocument, limits: Limits, *, shaped: bool = False) -> list[bytes]:
    """The body's pictures large enough to be a scanned page (shaped: and shaped as an upright page), in
    document order, at most max_pages."""
    related = document.part.related_parts
    found: list[bytes] = []
    for blip in document.element.body.iter(_BLIP, _IMAGEDATA):
        part = related.get(blip.get(_EMBED) or blip.get(_RID) or "")
        if part is None or part.blob in found:
            continue
        try:
            with Image.open(io.BytesIO(part.blob)) as image:
                size = image.size
        except Exception:  # not a picture Pillow knows (an EMF drawing, a damaged file): not a scan
            continue
        upright = size[0] > 0 and _PAGE_SHAPE[0] <= size[1] / size[0] <= _PAGE_SHAPE[1]
        if max(size) >= _PAGE_PIXELS and (upright or not shaped):
            found.append(part.blob)
        if len(found) >= limits.max_pages:
            break
    return found


def _with_scans(typed: Document, pictures: list[bytes], limits: Limits, reader: ocr.PageReader) -> Document:
    """The typed text followed by the text read from each scanned picture, one page per picture."""
    pages: list[Page] = []
    warnings: list[str] = []
    timeouts = 0
    for number, picture in enumerate(pictures, start=1):
        try:
            scanned = images.read_image(typed.name, picture, limits, reader)
        except ParseTimeoutError:
            # A page not read, as a scanned PDF's page out of time is: staff are told which, and the
            # reading is not kept, so that a later run reads the picture again.
            timeouts += 1
            pages.append(Page(len(pages) + 1, "", "ocr", timed_out=True))
            warnings.append(
                f"Trang {len(pages)} (ảnh thứ {number}): nhận dạng chữ quá thời gian, bỏ qua trang này."
            )
            continue
        except ParseError:  # a picture with no text (a photo of an activity), or one Pillow cannot decode
            continue
        pages.extend(dataclasses.replace(p, number=len(pages) + i + 1) for i, p in enumerate(scanned.pages))
    text = "\n\n".join(part for part in (typed.text, *(p.text for p in pages)) if part.strip())
    if timeouts == len(pictures) and not typed.text:
        raise ParseTimeoutError(
            f"Nhận dạng chữ các ảnh trong tệp Word {typed.name} quá thời gian cho phép "
            f"({limits.ocr_page_seconds:.0f} giây mỗi ảnh). Hệ thống sẽ thử lại sau."
        )
    if not text:
        raise EmptyFileError(
            f"Tệp Word {typed.name} chỉ có ảnh, không nhận dạng được chữ nào trong ảnh. "
            "Đề nghị trường quét rõ hơn hoặc gửi bản PDF."
        )
    return dataclasses.replace(
        typed,
        text=text,
        pages=tuple(pages),
        method=("mixed" if typed.text else "ocr") if pages else "text",
        ocr_confidence=ocr.worst_confidence(pages),
        warnings=tuple(warnings),
    )
