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
_PARAGRAPHS = (f"{{{_TEXT}}}p", f"{{{_TEXT}}}h")
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
    raw, encoding = legacy.fix_mojibake(nfc("\n".join(_text(p) for p in root.iter(*_PARAGRAPHS))))
    text = plain.tidy(raw)
    if not text:
        raise EmptyFileError(f"Tệp {name} không có nội dung chữ nào.")
    return Document(name=name, format="odt", text=text, encoding=encoding)


def _text(element: etree._Element) -> str:
    """A paragraph's text: its spaces (<text:s text:c="3"/>), tabs and line breaks written out."""
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
        elif kind and kind not in _APART and child.tag not in _PARAGRAPHS:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
