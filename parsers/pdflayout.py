"""A PDF page's text layer read with pypdfium2 and laid out in lines the way pdfplumber lays it out."""

from __future__ import annotations

import ctypes
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from typing import TypeVar

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from parsers import legacy, pdfshown

# pdfplumber's extract_text defaults (x_tolerance, y_tolerance, in points), so both readers agree.
_TOLERANCE = 3.0
# pdfplumber (pdfminer) puts a character's top at its baseline + (1 + descent) x size, the descent
# from the font's descriptor. Common fonts' descents are near this one value, which serves every
# font: pdfium's own character boxes follow the glyphs where a font states no metrics (LibreOffice
# writes Ascent and Descent 0), and would split lines that pdfplumber keeps whole.
_DESCENT = -0.22
# pdfplumber writes these ligatures out as letters.
_LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
_FORM_DEPTH = 15  # nested Form XObjects searched for fonts, as deep as pypdfium2 goes
_FONT_NAME_BYTES = 256
# A layer is hidden when invisible text objects hold at least this share of its characters: a scanner
# app draws its own OCR invisible and may stamp a visible mark over it ("Scanned with CamScanner").
_HIDDEN_SHARE = 0.9
# The width of a character of an annotation's text, in font sizes: its glyphs are not positioned one by one.
_SHOWN_WIDTH = 0.5


@dataclass(frozen=True)
class Layer:
    """What pypdfium2 read of one page's text layer."""

    chars: int  # characters pdfium counts, its own spaces and line breaks included
    text: str | None  # None when pdfplumber must read the page: legacy fonts or rotated text
    hidden: bool = False  # its text drawn invisible (but a visible mark): an OCR layer under the page's image
    pictured: float = 0.0  # the share of the page's area its images cover (a scan: about all of it)
    shown: str = ""  # the text of its filled-in form fields and typed-on annotations, laid out alone
    # Its lines set wholly in a bold font (a heading typed in bold without a number), spaces collapsed.
    emphasised: tuple[str, ...] = ()


# Plain tuples, built by the hundred thousand: (text, x0, x1, top, bold), top growing downwards like
# pdfplumber's, bold when its font's name says so ("TimesNewRomanPS-BoldMT"); and a word's (text, top,
# bold).
_Char = tuple[str, float, float, float, bool]
_Word = tuple[str, float, bool]


def read_page(page: pdfium.PdfPage, form: object | None = None) -> Layer:
    """The page's text in pdfplumber's lines, or text None when only pdfplumber reads it right; the
    values of its filled-in form fields (form: the document's form handle) and its typed-on annotations
    are laid out with it where they stand on the page.

    A page whose text is set in a TCVN3/VNI font needs pdfplumber's font name per word (see
    parsers.pdfs); a page with rotated or mirrored letters needs pdfplumber's handling of such lines.
    """
    shown = _shown_chars(pdfshown.shown_lines(page.raw, form))
    shown_text = _text(shown) if shown else ""
    try:
        textpage = page.get_textpage()
    except pdfium.PdfiumError:
        return Layer(len(shown), None, shown=shown_text)
    try:
        count = int(textpage.count_chars())
        if count == 0:
            return Layer(len(shown), shown_text, pictured=_pictured(page) if shown else 0.0, shown=shown_text)
        objects = list(_objects(page.raw, None, 0, pdfium_c.FPDF_PAGEOBJ_TEXT))
        hidden = _invisible_share(objects, textpage) >= _HIDDEN_SHARE
        pictured = _pictured(page)
        total = count + len(shown)
        name = ctypes.create_string_buffer(_FONT_NAME_BYTES)
        if any(legacy.encoding_of_font(_font_name(o, name)) for o in objects):
            return Layer(total, None, hidden, pictured, shown_text)
        chars = _chars(textpage, count)
        if chars is None:
            return Layer(total, None, hidden, pictured, shown_text)
        lines = _lines(chars + shown)
        emphasised = tuple(" ".join(line.split()) for line, bold in lines if bold and line.strip())
        return Layer(total, "\n".join(line for line, _ in lines), hidden, pictured, shown_text, emphasised)
    finally:
        textpage.close()


def _shown_chars(lines: list[pdfshown.Shown]) -> list[_Char]:
    """Annotation lines as characters of an even width, so that they join the page's lines by height; a
    line kept inside its box, so that it never runs into the words beside the box."""
    chars: list[_Char] = []
    for line in lines:
        width = min(line.size * _SHOWN_WIDTH, max(line.x1 - line.x0, 0.0) / len(line.text))
        top = -(line.baseline + line.size * (1 + _DESCENT))
        chars.extend(
            (text, line.x0 + i * width, line.x0 + (i + 1) * width, top, False)
            for i, text in enumerate(line.text)
        )
    return chars


def _objects(page: object, form: object, depth: int, wanted: int) -> Iterator[object]:
    """The page's objects of one type (text, image), Form XObjects included."""
    parent, count, get = (
        (page, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject)
        if form is None
        else (form, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject)
    )
    for i in range(max(count(parent), 0)):
        obj = get(parent, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _FORM_DEPTH:
            yield from _objects(page, obj, depth + 1, wanted)
        elif kind == wanted:
            yield obj


def _invisible_share(objects: list[object], textpage: pdfium.PdfTextPage) -> float:
    """The share of the text objects' characters that are drawn invisible; 0 for a page without text."""
    invisible = pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE
    total = hidden = 0
    for obj in objects:
        # The size in bytes of the object's text as UTF-16 with its terminator: two per character.
        chars = max(int(pdfium_c.FPDFTextObj_GetText(obj, textpage.raw, None, 0)) // 2 - 1, 0)
        total += chars
        if pdfium_c.FPDFTextObj_GetTextRenderMode(obj) == invisible:
            hidden += chars
    return hidden / total if total else 0.0


def _pictured(page: pdfium.PdfPage) -> float:
    """The share of the page's area that its images cover; overlapping images count twice, up to 1."""
    width, height = page.get_size()
    if width <= 0 or height <= 0:
        return 0.0
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    bounds = (ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
    area = 0.0
    for obj in _objects(page.raw, None, 0, pdfium_c.FPDF_PAGEOBJ_IMAGE):
        if pdfium_c.FPDFPageObj_GetBounds(obj, *bounds):
            across = min(right.value, width) - max(left.value, 0.0)
            down = min(top.value, height) - max(bottom.value, 0.0)
            area += max(across, 0.0) * max(down, 0.0)
    return min(1.0, area / (width * height))


def _font_name(obj: object, name: ctypes.Array[ctypes.c_char]) -> str:
    """The base font name of a text object, read into the buffer name."""
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    size = pdfium_c.FPDFFont_GetBaseFontName(font, name, _FONT_NAME_BYTES) if font else 0
    return name.value.decode("latin-1") if 0 < size <= _FONT_NAME_BYTES else ""


def _chars(textpage: pdfium.PdfTextPage, count: int) -> list[_Char] | None:
    """The page's characters in content order with pdfplumber's geometry; None when one is not
    upright (pdfminer's test), as pdfplumber lays such characters out apart."""
    handle = textpage.raw
    address = ctypes.c_void_p(ctypes.cast(handle, ctypes.c_void_p).value)  # for the per-character calls
    texts = _page_text(handle, count)
    unicode = pdfium_c.FPDFText_GetUnicode
    generated = pdfium_c.FPDFText_IsGenerated
    char_matrix = pdfium_c.FPDFText_GetMatrix
    origin, loose_box = _char_origin, _loose_char_box
    font_size = pdfium_c.FPDFText_GetFontSize
    combining = unicodedata.combining
    x, y = ctypes.c_double(), ctypes.c_double()
    box, matrix = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
    x_ref, y_ref, box_ref, matrix_ref = (
        ctypes.byref(x),
        ctypes.byref(y),
        ctypes.byref(box),
        ctypes.byref(matrix),
    )
    # pdfium gives every character drawn by one text object that object's matrix, font size and font:
    # they are read once per object, by its address.
    fonts: dict[int, tuple[float | None, bool]] = {}  # object -> its scale and whether it is bold
    font_name = ctypes.create_string_buffer(_FONT_NAME_BYTES)
    lift = 1 + _DESCENT
    chars: list[_Char] = []
    append = chars.append
    letters = texts if texts is not None else [chr(unicode(handle, i)) for i in range(count)]
    for i, text in enumerate(letters):
        if text.isspace() and generated(handle, i):
            continue  # pdfium's own spaces and line breaks; pdfplumber sees only the PDF's
        drawn_by = _text_object(address, i)
        font = fonts.get(drawn_by) if drawn_by else None
        if font is None:
            char_matrix(handle, i, matrix_ref)
            # pdfium's font size is the Tf operand; the matrix scales it (Word writes "1 Tf" and a
            # 12-point matrix). None: the character is not upright.
            upright = matrix.a * matrix.d > 0 and matrix.b * matrix.c <= 0
            size = pdfium_c.FPDFText_GetFontInfo(handle, i, font_name, _FONT_NAME_BYTES, None)
            font = (
                font_size(handle, i) * matrix.d if upright else None,
                0 < size <= _FONT_NAME_BYTES and b"bold" in font_name.value.lower(),
            )
            if drawn_by:
                fonts[drawn_by] = font
        scale, bold = font
        if scale is None:
            return None
        origin(address, i, x_ref, y_ref)
        loose_box(address, i, box_ref)
        top = -(y.value + scale * lift)
        if chars and combining(text):
            # Text drawn decomposed (NFD) puts each mark at the x of the next letter; sorting by x
            # would then put it after that letter ("Thanḥ"). Keep it on the letter it follows.
            _, base_x0, base_x1, _, base_bold = chars[-1]
            edge = max(base_x0, base_x1 - 0.01)
            append((text, edge, edge, top, base_bold))
        else:
            # The loose box ends at the advance, or at the ink where a glyph overhangs it (the horn
            # of ơ, ư: up to a point further than pdfplumber's edge). Only a PDF that parts words by
            # gaps, without space characters, could then join two words that pdfplumber splits.
            append((text, x.value, box.right, top, bold))
    return chars


# The calls made for every character, declared with no argument types: the bindings' own types are
# checked and converted on each call, half of its cost. They are given the text page as a c_void_p, the
# index as an int (passed as a C int) and pointers by byref. FPDFText_GetTextObject gives the object's
# address, a plain int to key a dict by.
_text_object = ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.CFUNCTYPE(ctypes.c_void_p))
_char_origin = ctypes.cast(pdfium_c.FPDFText_GetCharOrigin, ctypes.CFUNCTYPE(ctypes.c_int))
_loose_char_box = ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, ctypes.CFUNCTYPE(ctypes.c_int))


def _page_text(handle: object, count: int) -> str | None:
    """The page's characters by one call, one per index as FPDFText_GetUnicode gives them; None when
    pdfium's page text does not line up with its characters: it leaves control characters out, writes
    characters beyond the BMP as two, and marks a line-end hyphen and a character without Unicode
    U+FFFE where FPDFText_GetUnicode gives 2 and 0."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = int(pdfium_c.FPDFText_GetText(handle, 0, count, buffer)) - 1  # less its terminator
    if written != count:
        return None
    text = ctypes.string_at(buffer, 2 * written).decode("utf-16-le", "surrogatepass")
    return text if len(text) == count and "\ufffe" not in text else None


def _text(chars: list[_Char]) -> str:
    """pdfplumber's extract_text: characters into lines by top, words by gaps, words into lines."""
    return "\n".join(line for line, _ in _lines(chars))


def _lines(chars: list[_Char]) -> list[tuple[str, bool]]:
    """The lines of _text, each with whether all its characters are bold."""
    words: list[_Word] = []
    for line in _cluster(chars, _CHAR_TOP):
        word: list[str] = []
        top = previous_x0 = previous_x1 = previous_top = 0.0
        bold = True
        for text, x0, x1, char_top, char_bold in sorted(line, key=_X0):
            space = text.isspace()
            # A space ends a word, and so does a letter behind, far after or above the last one.
            if word and (
                space
                or x0 < previous_x0
                or x0 > previous_x1 + _TOLERANCE
                or abs(char_top - previous_top) > _TOLERANCE
            ):
                words.append(("".join(word), top, bold))
                word = []
            if space:
                continue
            top = min(top, char_top) if word else char_top
            bold = (bold or not word) and char_bold
            word.append(_LIGATURES.get(text, text))
            previous_x0, previous_x1, previous_top = x0, x1, char_top
        if word:
            words.append(("".join(word), top, bold))
    return [
        (" ".join(text for text, _, _ in line), all(bold for _, _, bold in line))
        for line in _cluster(words, _WORD_TOP)
    ]


_CHAR_TOP = itemgetter(3)
_X0 = itemgetter(1)
_WORD_TOP = itemgetter(1)


_T = TypeVar("_T")


def _cluster(items: list[_T], key: Callable[[_T], float]) -> list[list[_T]]:
    """pdfplumber's cluster_objects: sorted keys chained within the tolerance make one group;
    groups in key order, items in their given order inside a group."""
    group_of: dict[float, int] = {}
    group = 0
    last: float | None = None
    for value in sorted({key(item) for item in items}):
        if last is not None and value > last + _TOLERANCE:
            group += 1
        group_of[value] = group
        last = value
    groups: list[list[_T]] = [[] for _ in range(group + 1)] if items else []
    for item in items:
        groups[group_of[key(item)]].append(item)
    return groups
