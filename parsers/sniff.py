"""Decides what a file really is from its bytes, whatever its name claims."""

from __future__ import annotations

import io
import zipfile

import filetype

# Kinds returned by sniff(); read.py dispatches on them.
PDF, DOCX, XLSX, ODT, DOC, OLE = "pdf", "docx", "xlsx", "odt", "doc", "ole"
ENCRYPTED_OFFICE = "encrypted-office"  # a password-protected DOCX/XLSX: an OLE file holding the zip encrypted
RTF, HTML, TEXT = "rtf", "html", "text"
ZIP, RAR, SEVEN_ZIP = "zip", "rar", "7z"
IMAGE, UNKNOWN = "image", "unknown"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The directory entry of the main stream of a Word 97-2003 file, in UTF-16LE.
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_IMAGES = {"jpg", "png", "tif", "bmp", "gif", "webp"}
_HTML_MARKS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<div", b"<p>", b"<table")


def sniff(data: bytes) -> str:
    """The kind of a file from its content: one of the module's kind constants."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return PDF
    if head.startswith(b"{\\rtf"):
        return RTF
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_STREAM in data:
            return ENCRYPTED_OFFICE
        return DOC if _WORD_STREAM in data else OLE
    guess = filetype.guess(data)
    extension = guess.extension if guess else None
    if extension in ("zip", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub", "jar"):
        return _zip_kind(data, extension)
    if extension == "rar":
        return RAR
    if extension == "7z":
        return SEVEN_ZIP
    if extension in _IMAGES:
        return IMAGE
    if guess is not None:
        return UNKNOWN
    if any(mark in head[:1024].lower() for mark in _HTML_MARKS):
        return HTML
    return TEXT if _looks_like_text(data) else UNKNOWN


def _zip_kind(data: bytes, guessed: str) -> str:
    """Office files are zips: tell them apart by the members that define each format."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return DOCX
            if "xl/workbook.xml" in names:
                return XLSX
            if "mimetype" in names and archive.read("mimetype")[:100].startswith(
                b"application/vnd.oasis.opendocument.text"
            ):
                return ODT
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError, NotImplementedError):
        # A damaged zip: trust filetype's look at the first local headers, so a truncated DOCX is
        # reported as a damaged Word file rather than a damaged archive.
        return {"docx": DOCX, "xlsx": XLSX, "odt": ODT}.get(guessed, ZIP)
    return ZIP


def _looks_like_text(data: bytes) -> bool:
    """No NULs and few control characters in the first few kilobytes (UTF-16 has a BOM)."""
    sample = data[:8192]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in sample:
        return False
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls <= len(sample) // 50
