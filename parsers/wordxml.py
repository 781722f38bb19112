"""Word's one-file XML formats to text: "Word XML Document" (Flat OPC) and Word 2003 XML (WordprocessingML).

Word saves either as a single .xml file, which schools rename .doc. A Flat OPC file is a .docx's parts
written out one after another: they are packed back into a .docx and read as one. Word 2003 XML has
its own vocabulary: each of its paragraphs is a line.
"""

from __future__ import annotations

import base64
import binascii
import io
import zipfile
from xml.sax.saxutils import quoteattr

from lxml import etree

from parsers import ocr, word
from parsers.document import Document, Limits
from parsers.errors import CorruptFileError, EmptyFileError
from parsers.plain import tidy
from parsers.text import nfc

_PKG = "{http://schemas.microsoft.com/office/2006/xmlPackage}"
_W2003 = "{http://schemas.microsoft.com/office/word/2003/wordml}"
# Untrusted XML: no entities expanded, no DTD, no network. Large text nodes are allowed (a picture's
# base64): the file's size is bounded by Limits.max_bytes before it gets here.
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True, huge_tree=True
)


def read_word_xml(
    name: str,
    data: bytes,
    limits: Limits = Limits(),  # noqa: B008 - frozen
    reader: ocr.PageReader = ocr.recognise_all,
) -> Document:
    """A Flat OPC or Word 2003 XML file as a Document of format "docx".

    Raises CorruptFileError when its XML cannot be parsed or it is neither format, EmptyFileError
    when it holds no text.
    """
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as e:
        raise CorruptFileError(
            f"Tệp Word {name} (dạng XML) bị hỏng, không mở được. Đề nghị trường gửi lại tệp."
        ) from e
    if root.tag == f"{_PKG}package":
        return word.read_docx(name, _as_docx(name, root), limits, reader)
    if root.tag == f"{_W2003}wordDocument":
        text = tidy(nfc("\n".join(_paragraphs(root))))
        if not text:
            raise EmptyFileError(f"Tệp Word {name} không có nội dung chữ nào.")
        return Document(name=name, format="docx", text=text)
    raise CorruptFileError(
        f"Tệp {name} là tệp XML nhưng không phải văn bản Word. Đề nghị trường gửi báo cáo dạng Word hoặc PDF."
    )


def _as_docx(name: str, package: etree._Element) -> bytes:
    """The parts of a Flat OPC package in a .docx zip, with the content types they declare."""
    out = io.BytesIO()
    types = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as docx:
        for part in package.iter(f"{_PKG}part"):
            path = (part.get(f"{_PKG}name") or "").lstrip("/")
            if not path or path == "[Content_Types].xml":
                continue
            types.append((path, part.get(f"{_PKG}contentType") or "application/xml"))
            xml = part.find(f"{_PKG}xmlData")
            binary = part.find(f"{_PKG}binaryData")
            if xml is not None and len(xml):
                docx.writestr(path, etree.tostring(xml[0], xml_declaration=True, encoding="UTF-8"))
            elif binary is not None:
                try:
                    docx.writestr(path, base64.b64decode("".join(binary.itertext())))
                except binascii.Error as e:
                    raise CorruptFileError(f"Tệp Word {name} (dạng XML) bị hỏng, không mở được.") from e
        overrides = "".join(
            f"<Override PartName={quoteattr('/' + path)} ContentType={quoteattr(kind)}/>"
            for path, kind in types
        )
        docx.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'content-types"><Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>',
        )
    return out.getvalue()


def _paragraphs(root: etree._Element) -> list[str]:
    """Each Word 2003 paragraph's text, in document order (table cells and text boxes included)."""
    lines = []
    for paragraph in root.iter(f"{_W2003}p"):
        if any(a.tag == f"{_W2003}p" for a in paragraph.iterancestors()):
            continue  # a text box inside a paragraph: read with it
        texts = [
            "\t" if node.tag == f"{_W2003}tab" else "\n" if node.tag == f"{_W2003}br" else node.text or ""
            for node in paragraph.iter(f"{_W2003}t", f"{_W2003}tab", f"{_W2003}br")
        ]
        lines.append("".join(texts))
    return lines
