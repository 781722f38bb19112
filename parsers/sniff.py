"""Decides what a file really is from its bytes, whatever its name claims."""

from __future__ import annotations

import io
import re
import zipfile
from enum import StrEnum

import filetype
import olefile


class Kind(StrEnum):
    """What sniff() finds a file to be; read.py dispatches on it."""

    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"
    ODT = "odt"
    ODS = "ods"  # an OpenDocument spreadsheet
    PRESENTATION = "presentation"  # PowerPoint (.pptx) or OpenDocument (.odp) slides
    XPS = "xps"  # a page printed by Windows' XPS Document Writer
    IWORK = "iwork"  # Pages, Numbers or Keynote on an iPhone, iPad or Mac (2013 on): a zip of .iwa files
    DOC = "doc"
    OLE = "ole"  # an Office 97-2003 file that is not a Word document
    ENCRYPTED_OFFICE = "encrypted-office"  # a password-protected DOCX/XLSX: an OLE file holding the zip
    RTF = "rtf"
    HTML = "html"
    MHTML = "mhtml"  # a single-file web page (.mht): Word's "save as web page", often renamed .doc
    WORD_XML = "word-xml"  # Word's one-file XML (Flat OPC, or Word 2003 XML), often renamed .doc
    TEXT = "text"
    ZIP = "zip"
    RAR = "rar"
    SEVEN_ZIP = "7z"
    TNEF = "tnef"  # Outlook's winmail.dat: the attachments of a message packed in one file
    OUTLOOK_MSG = "outlook-msg"  # a mail saved from Outlook (.msg): its words and its files
    IMAGE = "image"
    JPEG_XL = "jpeg-xl"  # a JPEG XL image, which the Pillow baocao runs on cannot read
    SHORTCUT = "shortcut"  # a Windows shortcut (.lnk) to a file on the sender's computer, not the file
    # A shortcut to a file on the web: Windows' .url, a Mac's .webloc, Google Drive's .gdoc (the file
    # itself stays on the web).
    WEB_SHORTCUT = "web-shortcut"
    PROGRAM = "program"  # a program (Windows .exe/.scr, Linux, Android): never a paper, maybe a virus
    UNKNOWN = "unknown"


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TNEF_MAGIC = b"\x78\x9f\x3e\x22"  # 0x223E9F78, little-endian
# Files that hold other files: one stored without compression (a zip of 7-Zip's "Store", WinRAR's "Lưu
# trữ", a .msg) shows its first PDF's header in its first kilobyte, where a PDF may have junk before it.
_CARRIERS = (b"PK\x03\x04", b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", _OLE_MAGIC, _TNEF_MAGIC)
# A Windows shortcut (MS-SHLLINK): its header size, 0x4C, then the shell link's class id.
_SHORTCUT_MAGIC = b"L\x00\x00\x00\x01\x14\x02\x00\x00\x00\x00\x00\xc0\x00\x00\x00\x00\x00\x00F"
# JPEG XL: the bare codestream, and the ISO BMFF container's signature box.
_JPEG_XL_MAGIC = (b"\xff\x0a", b"\x00\x00\x00\x0cJXL \x0d\x0a\x87\x0a")
# The directory entry of the main stream of a Word 97-2003 file, in UTF-16LE.
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
# The property streams every Outlook item (.msg) has at its root.
_MSG_PROPERTIES = "__properties_version1.0"
_MSG_STREAM = _MSG_PROPERTIES.encode("utf-16-le")
# heic: iPhone photos (HEIF); avif: Android phones' and Zalo's photos (AV1 in HEIF), which Pillow reads.
_IMAGES = {"jpg", "png", "tif", "bmp", "gif", "webp", "heic", "avif"}
# A web archive is a MIME message: header lines, then the page as a multipart/related part.
_MHTML = re.compile(rb"^(?:[A-Za-z][\w-]*:[^\n]*\r?\n(?:[ \t][^\n]*\r?\n)*)+", re.ASCII)
# Office files that are zips with a "mimetype" member: what it starts with says which kind.
_OPENDOCUMENT = (
    (b"application/vnd.oasis.opendocument.text", Kind.ODT),
    (b"application/vnd.oasis.opendocument.spreadsheet", Kind.ODS),
    (b"application/vnd.oasis.opendocument.presentation", Kind.PRESENTATION),
)
# What filetype's guess from the first local headers makes of a zip too damaged to list.
_DAMAGED = {
    "docx": Kind.DOCX,
    "xlsx": Kind.XLSX,
    "pptx": Kind.PRESENTATION,
    "odt": Kind.ODT,
    "ods": Kind.ODS,
    "odp": Kind.PRESENTATION,
}
# The first bytes of the web shortcuts: «[InternetShortcut]», a plist whose key is «URL», Drive's JSON.
_WEB_SHORTCUT = re.compile(
    rb"^(?:\[InternetShortcut\]|<\?xml[^>]*>\s*(?:<!DOCTYPE plist[^>]*>\s*)?<plist[^>]*>\s*<dict>\s*<key>URL</key>"
    rb"|\{\s*\"(?:url|doc_id|resource_id|email)\"\s*:)",
    re.IGNORECASE,
)
_HTML_MARKS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<div", b"<p>", b"<table")


def sniff(data: bytes) -> Kind:
    """The kind of a file from its content."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF") or (b"%PDF-" in data[:1024] and not data.startswith(_CARRIERS)):
        return Kind.PDF  # readers allow junk before the header, not a file that carries a PDF
    if head.startswith(b"{\\rtf"):
        return Kind.RTF
    if data.startswith(_TNEF_MAGIC):
        return Kind.TNEF
    if data.startswith(_OLE_MAGIC):
        if _MSG_STREAM in data and _outlook_item(data):  # before the others: the files it carries are in it
            return Kind.OUTLOOK_MSG
        if _ENCRYPTED_STREAM in data:
            return Kind.ENCRYPTED_OFFICE
        return Kind.DOC if _WORD_STREAM in data else Kind.OLE
    if data.startswith(_JPEG_XL_MAGIC):
        return Kind.JPEG_XL
    if data.startswith(_SHORTCUT_MAGIC):
        return Kind.SHORTCUT
    guess = filetype.guess(data)
    extension = guess.extension if guess else None
    if extension in ("zip", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub", "jar"):
        return _zip_kind(data, extension)
    if extension == "rar":
        return Kind.RAR
    if extension == "7z":
        return Kind.SEVEN_ZIP
    if extension in _IMAGES:
        return Kind.IMAGE
    if extension in ("exe", "elf", "dex"):
        return Kind.PROGRAM
    if guess is not None:
        return Kind.UNKNOWN
    if _WEB_SHORTCUT.match(head) and (b"http" in head or b"doc_id" in head):
        return Kind.WEB_SHORTCUT
    if _is_mhtml(head):
        return Kind.MHTML
    if _is_word_xml(head):
        return Kind.WORD_XML
    if any(mark in head[:1024].lower() for mark in _HTML_MARKS):
        return Kind.HTML
    return Kind.TEXT if _looks_like_text(data) else Kind.UNKNOWN


def is_outlook_item(data: bytes) -> bool:
    """Whether sniff() takes data for an Outlook item (.msg): only a file that is an OLE file may be one,
    which the first bytes tell without the look at a zip's members or an image's header sniff() takes."""
    return data.startswith(_OLE_MAGIC) and sniff(data) == Kind.OUTLOOK_MSG


def is_tnef(data: bytes) -> bool:
    """Whether sniff() takes data for Outlook's winmail.dat, told by its first bytes alone."""
    return data.startswith(_TNEF_MAGIC)


def _outlook_item(data: bytes) -> bool:
    """An OLE file whose root holds an Outlook item's properties, not one that carries such an item (a
    Word file with a mail embedded); when the file is too damaged to list, a Word file's stream says no."""
    try:
        with olefile.OleFileIO(data) as ole:
            return bool(ole.exists(_MSG_PROPERTIES))
    except Exception:  # olefile raises OSError and others on a damaged directory
        return _WORD_STREAM not in data


def _zip_kind(data: bytes, guessed: str) -> Kind:
    """Office files are zips: tell them apart by the members that define each format."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return Kind.DOCX
            if "xl/workbook.xml" in names:
                return Kind.XLSX
            if "ppt/presentation.xml" in names:
                return Kind.PRESENTATION
            if any(n.endswith(".fdseq") for n in names):
                return Kind.XPS
            if "Index/Document.iwa" in names and "QuickLook/Preview.pdf" not in names:
                return Kind.IWORK  # with a full preview of its pages in PDF, that PDF is read instead
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100]
                for prefix, kind in _OPENDOCUMENT:
                    if mimetype.startswith(prefix):
                        return kind
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError, NotImplementedError):
        # A damaged zip: trust filetype's look at the first local headers, so a truncated Kind.DOCX is
        # reported as a damaged Word file rather than a damaged archive.
        return _DAMAGED.get(guessed, Kind.ZIP)
    return Kind.ZIP


def _is_word_xml(head: bytes) -> bool:
    """An XML file that Word wrote as a whole document: a processing instruction naming Word.Document,
    or the root element of a Flat OPC package or of Word 2003 XML."""
    return head.startswith(b"<?xml") and (
        b'progid="Word.Document"' in head or b"<pkg:package" in head or b"<w:wordDocument" in head
    )


def _is_mhtml(head: bytes) -> bool:
    """A MIME header block declaring multipart/related at the very start of the file."""
    found = _MHTML.match(head)
    return found is not None and b"multipart/related" in found.group(0).lower()


def _looks_like_text(data: bytes) -> bool:
    """No NULs and few control characters in the first few kilobytes (UTF-16 has a BOM)."""
    sample = data[:8192]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in sample:
        return False
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls <= len(sample) // 50
