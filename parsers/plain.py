"""Plain text, HTML and RTF, as mail bodies or as attached files, to Unicode text."""

from __future__ import annotations

import codecs
import email
import email.policy
import re
from html.parser import HTMLParser

from striprtf.striprtf import rtf_to_text

from parsers import legacy
from parsers.document import Document
from parsers.errors import EmptyFileError
from parsers.text import nfc

_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt footer form h1 h2 h3 h4 h5 h6 header hr li "
    "main nav ol p pre section table tbody thead tfoot tr ul".split()
)
_CELL_TAGS = frozenset(("td", "th"))
_SKIP_TAGS = frozenset(("script", "style", "head", "title"))
_ANSICPG = re.compile(rb"\\ansicpg(\d+)")
_WEB_LINK = re.compile(r"https?://", re.IGNORECASE)


def decode(data: bytes) -> tuple[str, str | None]:
    """Bytes of unknown charset to NFC text, plus the legacy encoding when TCVN3/VNI was converted.

    UTF-8 (and UTF-16 with a BOM) first; otherwise windows-1258 when the bytes read as Vietnamese
    in it, else cp1252, whose text may be TCVN3 or VNI mojibake typed in old fonts.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Latin-1 keeps every byte as its own code point, which is how parsers.legacy reads
            # TCVN3 and VNI bytes (cp1252 would turn TCVN3 capitals into quotes and dashes).
            as_bytes = data.decode("latin-1")
            encoding = legacy.detect(as_bytes)
            if encoding:
                return nfc(legacy.convert(as_bytes, encoding)), encoding
            text = legacy.as_windows_1258(data) or _cp1252(data)
    fixed, encoding = legacy.fix_mojibake(nfc(text))
    return nfc(fixed), encoding


def unflow(text: str, *, delsp: bool = False) -> str:
    """A format=flowed plain text (RFC 3676, as Thunderbird and Apple Mail send) with its paragraphs whole:
    a line ending in a space goes on in the next line of the same quote depth, and the space a sender
    added before a line starting with a space, ">" or "From " is taken off. With delsp (DelSp=yes) the
    space that marks a soft break is no part of the text."""
    out: list[str] = []
    open_depth: int | None = None  # the quote depth of the paragraph still being joined
    for line in text.replace("\r\n", "\n").split("\n"):
        stripped = line.lstrip(">")
        depth = len(line) - len(stripped)
        stripped = stripped.removeprefix(" ")
        flowed = stripped.endswith(" ") and stripped != "-- "
        if flowed and delsp:
            stripped = stripped[:-1]
        if open_depth is not None and depth == open_depth:
            out[-1] += stripped
        else:
            out.append(">" * depth + (" " if depth and stripped else "") + stripped)
        open_depth = depth if flowed else None
    return "\n".join(out)


def _cp1252(data: bytes) -> str:
    """cp1252 as browsers read it: the five bytes it leaves undefined become C1 controls."""
    return "".join(
        chunk.decode("cp1252", errors="strict") if i % 2 == 0 else chunk.decode("latin-1")
        for i, chunk in enumerate(re.split(rb"([\x81\x8d\x8f\x90\x9d]+)", data))
    )


class _TextExtractor(HTMLParser):
    def __init__(self, links: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0
        self._preformatted = 0
        self._links = links
        self._anchor: tuple[str, int] | None = None  # the open link's target and where its text starts

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" and self._links:
            target = dict(attrs).get("href") or ""
            self._anchor = (target, len(self.parts)) if _WEB_LINK.match(target) else None
        if tag in _SKIP_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self._preformatted += tag == "pre"
            self.parts.append("\n")
        elif tag in _CELL_TAGS:
            self.parts.append(" | ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._anchor is not None:
            # A link shown by its own words (a file's name) keeps its target, as mail clients write
            # it in their plain text: "BC NQ121.docx <https://drive.google.com/…>".
            target, start = self._anchor
            if target not in "".join(self.parts[start:]):
                self.parts.append(f" <{target}>")
            self._anchor = None
        if tag in _SKIP_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self._preformatted = max(0, self._preformatted - (tag == "pre"))
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        # A line break in HTML source is a space, as a browser shows it: Word and Outlook wrap the
        # source of a paragraph at about 76 characters ("BÁO\nCÁO"); only <pre> keeps its lines.
        self.parts.append(data if self._preformatted else re.sub(r"\s+", " ", data))


def html_to_text(html: str, *, links: bool = False) -> str:
    """Visible text of an HTML page or mail body, one block element per line; with links, each link's
    web address after its words, as a mail's plain text gives it."""
    extractor = _TextExtractor(links)
    extractor.feed(html)
    extractor.close()
    return tidy("".join(extractor.parts))


def tidy(text: str) -> str:
    """NFC, single spaces within lines, no run of blank lines, no leading "| " left by tables."""
    lines = []
    for line in nfc(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = re.sub(r"[ \t\xa0\u200b]+", " ", line).strip()
        line = re.sub(r"^\|\s*|\s*\|$", "", line).strip()
        lines.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def rtf_to_unicode(data: bytes) -> str:
    """Text of an RTF file; \\'xx bytes are read in the code page the file declares."""
    match = _ANSICPG.search(data[:4096])
    encoding = "cp1252"
    if match:
        try:
            encoding = codecs.lookup(f"cp{int(match.group(1))}").name
        except LookupError:
            pass
    rtf = _text_boxes_inline(_seen_only(data.decode("latin-1")))
    return rtf_to_text(rtf, encoding=encoding, errors="replace")


# Character formatting that keeps text from the reader: hidden text (\v) and a tracked deletion
# (\deleted). The reader prints both, so a name hidden or struck out would count as written.
_UNSEEN = re.compile(r"\\(?:v|deleted)(?![a-z])")
_RTF_TOKEN = re.compile(r"\\([a-z]{1,32})(-?\d{1,10})? ?|\\'[0-9a-fA-F]{2}|\\.|[{}]|[^\\{}]+", re.DOTALL)


def _seen_only(rtf: str) -> str:
    """The RTF without the characters Word does not show: those written while \\v or \\deleted is on,
    which a group's end, \\v0 / \\deleted0 or \\plain turn off. Control words and groups stay, so
    paragraphs and the font table read as before."""
    if not _UNSEEN.search(rtf) or "\\bin" in rtf:
        return rtf
    out: list[str] = []
    unseen: set[str] = set()
    outer: list[set[str]] = []
    for token in _RTF_TOKEN.finditer(rtf):
        word, arg = token.group(1), token.group(2)
        text = token.group(0)
        if text == "{":
            outer.append(set(unseen))
        elif text == "}":
            unseen = outer.pop() if outer else set()
        elif word in ("v", "deleted"):
            if arg == "0":
                unseen.discard(word)
            else:
                unseen.add(word)
            continue
        elif word == "plain":
            unseen = set()
        elif unseen and (word == "u" or (word is None and text != "\\*")):
            continue
        out.append(text)
    return "".join(out)


# A drawn shape (or a group of them) and the text box text inside it, as Word writes them in RTF.
_SHAPE = re.compile(r"\{\\shp(?:grp)?(?![a-z])")
_SHAPE_TEXT = re.compile(r"\{\\shptxt(?![a-z])")
# A brace, or an escape taken whole so that an escaped brace ("\\{") opens no group.
_BRACE_OR_ESCAPE = re.compile(r"\\.|[{}]", re.DOTALL)


def _text_boxes_inline(rtf: str) -> str:
    """The RTF with each drawn shape replaced by the text of its text boxes, read where the shape is
    anchored: the reader skips shapes whole, and many templates draw the official header's two columns
    (the school's name, "Số: …", the motto, the date line) in text boxes."""
    if "\\shptxt" not in rtf:
        return rtf
    out: list[str] = []
    at = 0
    while (shape := _SHAPE.search(rtf, at)) is not None:
        end = _group_end(rtf, shape.start())
        boxes = [
            rtf[t.end() : _group_end(rtf, t.start()) - 1]
            for t in _SHAPE_TEXT.finditer(rtf, shape.start(), end)
        ]
        out.append(rtf[at : shape.start()])
        out.extend(f"{{{box}\\par}}" for box in boxes)
        at = end
    out.append(rtf[at:])
    return "".join(out)


def _group_end(rtf: str, start: int) -> int:
    """The index just past the brace closing the group opened at start (the end of rtf if unclosed)."""
    depth = 0
    for found in _BRACE_OR_ESCAPE.finditer(rtf, start):
        token = found.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0:
                return found.end()
    return len(rtf)


def read_mhtml(name: str, data: bytes) -> Document:
    """A single-file web page (.mht, MHTML) as a Document of format "html": the text of its page.

    Raises EmptyFileError when it holds no page with visible text.
    """
    archive = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in archive.walk():
        payload = part.get_payload(decode=True)
        if part.get_content_type() != "text/html" or not isinstance(payload, bytes):
            continue
        page = _declared(payload, part.get_content_charset())
        raw, encoding = legacy.fix_mojibake(nfc(page)) if page is not None else decode(payload)
        text = html_to_text(raw)
        if text:
            return Document(name=name, format="html", text=text, encoding=encoding)
    raise EmptyFileError(f"Tệp {name} là trang web lưu một tệp (.mht) nhưng không có nội dung chữ nào.")


def _declared(payload: bytes, charset: str | None) -> str | None:
    """The page in the charset its part declares, or None when there is none or it does not fit."""
    if charset is None:
        return None
    try:
        return payload.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return None


def read_text(name: str, data: bytes, kind: str) -> Document:
    """A .txt, .html or .rtf file (kind "text", "html" or "rtf") as a Document.

    Raises EmptyFileError when there is no visible text.
    """
    if kind == "rtf":
        # Converted before tidy()'s nfc(), which drops the soft hyphen: TCVN3's «ư».
        raw, encoding = legacy.fix_mojibake(rtf_to_unicode(data))
        text = tidy(raw)
    else:
        raw, encoding = decode(data)
        text = html_to_text(raw) if kind == "html" else tidy(raw)
    if not text:
        raise EmptyFileError(f"Tệp {name} không có nội dung chữ nào.")
    return Document(name=name, format=kind, text=text, encoding=encoding)
