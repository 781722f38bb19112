"""OpenDocument text (.odt: LibreOffice's, OpenOffice's and WPS's own format) to a Document: the
paragraphs and headings of its content.xml in order, a table's cells a paragraph each."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from parsers import legacy, plain
from parsers.document import Document, Limits
from parsers.errors import CorruptFileError, EmptyFileError, EncryptedFileError, TooLargeError
from parsers.text import nfc

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_PARAGRAPHS = (f"{{{_TEXT}}}p", f"{{{_TEXT}}}h")
# What the writer does not show as the document's text: a comment (with its author and date), the
# text a tracked change deleted (kept apart in <text:tracked-changes>), and a hidden-text field.
_UNSEEN = frozenset((f"{{{_OFFICE}}}annotation", f"{{{_TEXT}}}tracked-changes", f"{{{_TEXT}}}hidden-text"))
# Read apart from the paragraph they sit in: a footnote's text, and a frame's (a text box, a picture).
_APART = ("note", "frame")
_MOST_SPACES = 200
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def read_odt(name: str, data: bytes, limits: Limits) -> Document:
    """Raises CorruptFileError when it is no readable OpenDocument file, EncryptedFileError when it is
    locked with a password, TooLargeError when its text unpacks past the archive limit, EmptyFileError
    when it has no text."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = package.namelist()
            manifest = package.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
            if b"encryption-data" in manifest:
                raise EncryptedFileError(f"Tệp {name} được bảo vệ bằng mật khẩu, không đọc được nội dung.")
            info = package.getinfo("content.xml")
            if info.file_size > limits.max_archive_total:
                raise TooLargeError(
                    f"Tệp {name} giải nén ra quá lớn, không xử lý được. Đề nghị trường lưu thành PDF."
                )
            root = etree.fromstring(package.read(info), _PARSER)
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, OSError, EOFError, ValueError) as e:
        raise CorruptFileError(
            f"Tệp {name} bị hỏng, không mở được. Đề nghị trường lưu lại thành .docx hoặc PDF."
        ) from e
    hidden = _hidden_styles(root)
    paragraphs = (p for p in root.iter(*_PARAGRAPHS) if _seen(p, hidden))
    raw, encoding = legacy.fix_mojibake(nfc("\n".join(_text(p, hidden) for p in paragraphs)))
    text = plain.tidy(raw)
    if not text:
        raise EmptyFileError(f"Tệp {name} không có nội dung chữ nào.")
    return Document(name=name, format="odt", text=text, encoding=encoding)


def _hidden_styles(root: etree._Element) -> frozenset[str]:
    """The names of the document's own styles that hide their text (text:display="none")."""
    return frozenset(
        style.get(f"{{{_STYLE}}}name", "")
        for style in root.iter(f"{{{_STYLE}}}style")
        if any(
            props.get(f"{{{_TEXT}}}display") == "none" for props in style.iter(f"{{{_STYLE}}}text-properties")
        )
    )


def _seen(element: etree._Element, hidden: frozenset[str]) -> bool:
    """Whether a paragraph is shown: not in a comment, a tracked deletion or a hidden style."""
    return not any(
        node.tag in _UNSEEN or node.get(f"{{{_TEXT}}}style-name") in hidden
        for node in (element, *element.iterancestors())
    )


def _text(element: etree._Element, hidden: frozenset[str]) -> str:
    """A paragraph's shown text: its spaces (<text:s text:c="3"/>), tabs and line breaks written out,
    without comments, hidden fields and spans in a hidden style."""
    parts = [element.text or ""]
    for child in element:
        kind = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if kind == "s":
            count = child.get(f"{{{_TEXT}}}c", "1")
            parts.append(" " * (int(count) if count.isdigit() and int(count) < _MOST_SPACES else 1))
        elif kind == "tab":
            parts.append("\t")
        elif kind == "line-break":
            parts.append("\n")
        elif (
            kind
            and kind not in _APART
            and child.tag not in _PARAGRAPHS
            and child.tag not in _UNSEEN
            and child.get(f"{{{_TEXT}}}style-name") not in hidden
        ):
            parts.append(_text(child, hidden))
        parts.append(child.tail or "")
    return "".join(parts)
