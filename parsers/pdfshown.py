"""Text a PDF page shows outside its content: filled-in form fields and typed-on annotations (FreeText)."""

from __future__ import annotations

import ctypes
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

# Fields whose value is text on the page; check boxes, buttons and signature fields hold none.
_TEXT_FIELDS = frozenset(
    {pdfium_c.FPDF_FORMFIELD_TEXTFIELD, pdfium_c.FPDF_FORMFIELD_COMBOBOX, pdfium_c.FPDF_FORMFIELD_LISTBOX}
)
_NOT_SHOWN = pdfium_c.FPDF_ANNOT_FLAG_HIDDEN | pdfium_c.FPDF_ANNOT_FLAG_NOVIEW
_SIZE_IN_DA = re.compile(r"([\d.]+)\s+Tf")  # the font size in a default appearance: "/Helv 11 Tf 0 g"
_DEFAULT_SIZE = 11.0  # the size viewers use for "auto" (0 Tf) or when none is given
_LINE_SPACING = 1.15
_PADDING = 2.0  # points between a field's border and its first line


@dataclass(frozen=True)
class Shown:
    """One line of text an annotation shows: where it starts and ends (its box's edges), its baseline and
    size, in PDF points."""

    text: str
    x0: float
    x1: float
    baseline: float
    size: float


def shown_lines(page: object, form: object | None) -> list[Shown]:
    """The lines of the page's filled-in text fields (form is the document's form handle, None when the
    PDF has no form) and of its FreeText annotations (what a phone app or Fill & Sign types onto a page);
    annotations a viewer hides are left out."""
    lines: list[Shown] = []
    for index in range(max(pdfium_c.FPDFPage_GetAnnotCount(page), 0)):
        annot = pdfium_c.FPDFPage_GetAnnot(page, index)
        if not annot:
            continue
        try:
            lines.extend(_lines_of(annot, form))
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return lines


def _lines_of(annot: object, form: object | None) -> Iterator[Shown]:
    if pdfium_c.FPDFAnnot_GetFlags(annot) & _NOT_SHOWN:
        return
    subtype = pdfium_c.FPDFAnnot_GetSubtype(annot)
    if subtype == pdfium_c.FPDF_ANNOT_WIDGET and form is not None:
        if pdfium_c.FPDFAnnot_GetFormFieldType(form, annot) not in _TEXT_FIELDS:
            return
        if pdfium_c.FPDFAnnot_GetFormFieldFlags(form, annot) & pdfium_c.FPDF_FORMFLAG_TEXT_PASSWORD:
            return
        text = _wide(lambda buffer, size: pdfium_c.FPDFAnnot_GetFormFieldValue(form, annot, buffer, size))
        font = ctypes.c_float()
        size = font.value if pdfium_c.FPDFAnnot_GetFontSize(form, annot, ctypes.byref(font)) else 0.0
        multiline = bool(
            pdfium_c.FPDFAnnot_GetFormFieldFlags(form, annot) & pdfium_c.FPDF_FORMFLAG_TEXT_MULTILINE
        )
    elif subtype == pdfium_c.FPDF_ANNOT_FREETEXT:
        text = _string(annot, b"Contents")
        found = _SIZE_IN_DA.search(_string(annot, b"DA"))
        size = float(found.group(1)) if found else 0.0
        multiline = True
    else:
        return
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    rect = pdfium_c.FS_RECTF()
    if not text.strip() or not pdfium_c.FPDFAnnot_GetRect(annot, ctypes.byref(rect)):
        return
    size = size if size > 0 else _DEFAULT_SIZE
    left, right = min(rect.left, rect.right), max(rect.left, rect.right)
    top, bottom = max(rect.top, rect.bottom), min(rect.top, rect.bottom)
    if multiline:
        first = top - _PADDING - size
    else:  # one line, set in the middle of the field
        first = (top + bottom) / 2 - size / 3
    for number, line in enumerate(text.split("\n")):
        if line.strip():
            yield Shown(line, left + _PADDING, right - _PADDING, first - number * size * _LINE_SPACING, size)


def _string(annot: object, key: bytes) -> str:
    return _wide(lambda buffer, size: pdfium_c.FPDFAnnot_GetStringValue(annot, key, buffer, size))


def _wide(get: Callable[[object, int], int]) -> str:
    """A UTF-16LE string from one of pdfium's two-call getters (the first call gives the size in bytes)."""
    size = int(get(None, 0))
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    get(ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR)), size)
    return buffer.raw[: size - 2].decode("utf-16-le", errors="replace")
