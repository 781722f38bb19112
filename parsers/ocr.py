"""Page images to text with the tesseract CLI (-l vie), pages in parallel, each under a time limit."""

from __future__ import annotations

import csv
import io
import logging
import os
import statistics
import subprocess
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from parsers.document import Limits, Page
from parsers.text import nfc

if TYPE_CHECKING:  # Pillow is loaded by the readers that render pages, not by whoever names a reader
    from PIL import Image

log = logging.getLogger(__name__)

# One tesseract per worker: with its default OpenMP threads, parallel runs fight over the cores
# and every page gets several times slower.
_ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}


class OcrUnavailableError(RuntimeError):
    """Raised when the tesseract program or its Vietnamese model is missing: an installation fault,
    not a fault of the file, so it is not turned into a Failure (which would be cached)."""


@dataclass(frozen=True)
class OcrPage:
    """Text read from one page image; timed_out pages have empty text and no confidence."""

    text: str
    confidence: float | None
    timed_out: bool = False


# A page marked as one table without rules (sheets.Layout.table) is read row by row, as one block of text
# (--psm 6): tesseract's layout analysis parts such a table in columns, and read its labels first, then
# each column of figures alone. The mark is a text chunk of the page's PNG, which Pillow writes before the
# image data: whoever reads the pages (recognise_all, or workers elsewhere) is handed it with the image.
_IN_ROWS = ("baocao-layout", "rows")
_IN_ROWS_MARK = b"tEXt" + "\0".join(_IN_ROWS).encode()
_IN_ROWS_WITHIN = 256  # bytes of the PNG's start: its header chunk, then the text chunk


def prepare(image: Image.Image, *, in_rows: bool = False) -> bytes:
    """A greyscale PNG of the image, the form tesseract is given; in_rows marks it to be read row by row
    (see _IN_ROWS)."""
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    if in_rows:
        info.add_text(*_IN_ROWS)
    out = io.BytesIO()
    image.convert("L").save(out, format="PNG", pnginfo=info)
    return out.getvalue()


# Below this mean word confidence a page may lie sideways or upside down (fed into the scanner the
# wrong way round, or photographed turned). Upright scans read at 75-97; an upside-down one at about 40.
# Such a page's orientation is found by tesseract's orientation detection alone (--psm 0 with the osd
# model, about 1.5 s), and the page turned upright is read as any page is, its header's misaligned
# columns read again (see _REREAD_BELOW): read with --psm 1, which turns the page inside tesseract, its
# boxes were not the image's and a first sheet fed upside down lost its document number («Sộ: BUIB(MHOILT»).
# The better reading is kept. A page found upright is not read again: --psm 1 read it as it was.
RETRY_TURNED_BELOW = 60.0
_OSD = ("tesseract", "stdin", "stdout", "-l", "osd", "--psm", "0")


def recognise(png: bytes, limits: Limits) -> OcrPage:
    """OCR one greyscale PNG; a page over limits.ocr_page_seconds comes back timed_out. A page read
    poorly is read again turned upright (see RETRY_TURNED_BELOW), each reading under the time limit; one
    read well has its header's misaligned columns read again (see _REREAD_BELOW)."""
    page = _upright(png, limits)
    if page.timed_out or page.confidence is None or page.confidence >= RETRY_TURNED_BELOW:
        return page
    turn = _orientation(png, limits)
    if not turn:
        return page
    turned = _upright(_turned(png, turn), limits)
    if turned.confidence is not None and turned.confidence > page.confidence:
        log.debug(
            "page read turned upright: confidence %.0f instead of %.0f", turned.confidence, page.confidence
        )
        return turned
    return page


def _upright(png: bytes, limits: Limits) -> OcrPage:
    """OCR of a PNG as it lies, with the misaligned columns of a page read well read again and the marks
    in its margins left out (see _MARGIN_SHARE)."""
    rows = _rows(png, limits, *(("--psm", "6") if _IN_ROWS_MARK in png[:_IN_ROWS_WITHIN] else ()))
    if isinstance(rows, OcrPage):
        return rows
    rows = _without_margin_marks(rows)
    page = _parse_rows(rows)
    if page.confidence is None or page.confidence < RETRY_TURNED_BELOW:
        return page
    reread = _with_seal_read(png, _reread_misaligned(png, rows, limits), limits)
    return page if reread is rows else _parse_rows(reread)


# A fax saved in black and white (a 1-bit TIFF) turns a red seal black, as dark as the print under it:
# tesseract took the seal and the signer's role and name under it for a picture and read none of it, and
# the report had no signer. Ink where no word was read (on the page's ink mask, sheets.ink_mask, the
# words' boxes grown by half their height left out), in squares of _SEAL_SQUARE_MM touching one another
# over _SEAL_MM (a school's seal is 30-42 mm across; a signature is lower, a table or a photo larger),
# is read again alone as a block (--psm 6), which reads the lines among the seal's ring and letters
# (the role poorly: «+ HIỆUXRUƯỞNG» at 37): its lines with a word of _SEAL_WORD_LETTERS letters or more
# (not the specks of the ring's letters, «GØ +», «- e», read as well as 78) and read nowhere else on
# the page (see _SAME_LINE) are put in before the first block below it. Cost: decoding a page read
# well and its ink mask (about 0.15 s at 200 dpi, against 1-4 s of OCR), and one more tesseract run on
# a crop (about 1 s) for a page with such ink only.
_SEAL_SQUARE_MM = 2.5
_SEAL_MM = (25.0, 60.0)
_SEAL_SQUARE_INK = 0.05
_SEAL_WORD_LETTERS = 3
_SEAL_MARGIN_MM = 4.0  # the patch grown by this, that its lines lie clear of the crop's edges
_A4_LONG_MM = 297


def _bounds(group: set[tuple[int, int]]) -> tuple[int, int, int, int]:
    """The (left, top, right, bottom) box of a group of pixels, right and bottom past its last."""
    xs, ys = [x for x, _ in group], [y for _, y in group]
    return min(xs), min(ys), max(xs) + 1, max(ys) + 1


def _with_seal_read(png: bytes, rows: list[dict[str, str]], limits: Limits) -> list[dict[str, str]]:
    """The rows with the lines read again from a seal-sized patch of ink no word was read on (see
    _SEAL_MM), when there is one."""
    from PIL import Image, ImageDraw

    from parsers import sheets

    with Image.open(io.BytesIO(png)) as image:
        ink = sheets.ink_mask(image)
        scale = ink.width / image.width
        draw = ImageDraw.Draw(ink)
        words = [_word(row["text"], row) for line in _lines_of(rows) for row in line]
        for w in words:
            grow = w.height / 2
            draw.rectangle(
                (
                    (w.left - grow) * scale,
                    (w.top - grow) * scale,
                    (w.right + grow) * scale,
                    (w.top + w.height + grow) * scale,
                ),
                fill=0,
            )
        mm = max(ink.size) / _A4_LONG_MM
        side = max(1, round(_SEAL_SQUARE_MM * mm))
        squares = ink.resize((-(-ink.width // side), -(-ink.height // side)), Image.Resampling.BOX)
        marked = squares.point(lambda v: 255 if v >= 255 * _SEAL_SQUARE_INK else 0)
        low, high = (size * mm / side for size in _SEAL_MM)
        boxes = [_bounds(group) for group in sheets.groups(marked)]
        patches = [b for b in boxes if low <= b[2] - b[0] <= high and low <= b[3] - b[1] <= high]
        if not patches:
            return rows
        left, top, right, bottom = max(patches, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
        unit, margin = side / scale, _SEAL_MARGIN_MM * mm / scale
        box = (
            max(0, round(left * unit - margin)),
            max(0, round(top * unit - margin)),
            min(image.width, round(right * unit + margin)),
            min(image.height, round(bottom * unit + margin)),
        )
        strip = prepare(image.crop(box))
    read_rows = _rows(strip, limits, "--psm", "6")
    if isinstance(read_rows, OcrPage):
        return rows
    from rapidfuzz import fuzz

    read = [" ".join(row["text"] for row in line) for line in _lines_of(rows)]
    new = [
        line
        for line in _lines_of(read_rows)
        if any(sum(c.isalnum() for c in row["text"]) >= _SEAL_WORD_LETTERS for row in line)
        and not any(fuzz.ratio(" ".join(row["text"] for row in line), text) > _SAME_LINE for text in read)
    ]
    if not new:
        return rows
    block = str(1 + max((int(row.get("block_num") or 0) for row in rows), default=0))
    added = [
        {
            **row,
            "block_num": block,
            "left": str(int(row["left"]) + box[0]),
            "top": str(int(row["top"]) + box[1]),
        }
        for line in new
        for row in line
    ]
    below = next(
        (i for i, row in enumerate(rows) if row.get("level") == "2" and int(row.get("top") or 0) >= box[3]),
        len(rows),
    )
    return [*rows[:below], *added, *rows[below:]]


# A staple in a scanned sheet's corner was read as «PS» above the header, and the report's parent body
# became «PS PHÒNG GD&ĐT THỦ THỪA»; punched holes and the scanner's dust are read so as well. A line whose
# words all lie within _MARGIN_SHARE of the page's edge, where an A4 page has no print (2 cm of 21 and
# 29.7), read below _MARGIN_READ_BELOW, is such a mark and is left out. A page number printed in the
# middle of the top or bottom margin («- 2 -», read as poorly as «s2: =») is kept: the pages of a report
# scanned one file a page are put in order by it; staples and punched holes lie in the corners and by
# the side. No cost.
_MARGIN_SHARE = 0.05
_MARGIN_READ_BELOW = 50.0


def _without_margin_marks(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The rows without the lines of marks read in the page's margins (see _MARGIN_SHARE)."""
    page = next((row for row in rows if row.get("level") == "1"), None)
    if page is None:
        return rows
    size = _word("", page)
    width, height = size.right - size.left, size.height
    marks: set[int] = set()
    for words in _lines_of(rows):
        boxes = [_word(row["text"], row) for row in words]
        in_margin = all(
            w.right <= _MARGIN_SHARE * width
            or w.left >= (1 - _MARGIN_SHARE) * width
            or w.top + w.height <= _MARGIN_SHARE * height
            or w.top >= (1 - _MARGIN_SHARE) * height
            for w in boxes
        )
        if in_margin and _confidence(words) < _MARGIN_READ_BELOW and not _page_number(boxes, width):
            marks.update(id(row) for row in words)
    return [row for row in rows if id(row) not in marks] if marks else rows


def _page_number(boxes: list[_Word], width: int) -> bool:
    """Whether a line read in a margin may be the page's number: a figure in the middle third."""
    middle = (min(w.left for w in boxes) + max(w.right for w in boxes)) / 2
    return width / 3 <= middle <= 2 * width / 3 and any(c.isdigit() for w in boxes for c in w.text)


def _orientation(png: bytes, limits: Limits) -> int:
    """The degrees clockwise by which a page image is to be turned upright (0, 90, 180 or 270), 0 when
    tesseract cannot tell (too few letters) or runs out of time."""
    try:
        done = subprocess.run(
            [*_OSD, "--dpi", str(limits.ocr_dpi)],
            input=png,
            capture_output=True,
            env=_ENV,
            timeout=limits.ocr_page_seconds,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return 0
    except FileNotFoundError as e:
        raise OcrUnavailableError(
            "tesseract is not installed: apt-get install tesseract-ocr tesseract-ocr-vie"
        ) from e
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        name, _, value = line.partition(":")
        if name.strip() == "Rotate" and value.strip() in ("90", "180", "270"):
            return int(value)
    return 0


def _turned(png: bytes, clockwise: int) -> bytes:
    """The PNG turned clockwise by the degrees given, keeping its mark to be read row by row."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        return prepare(image.rotate(-clockwise, expand=True), in_rows=_IN_ROWS_MARK in png[:_IN_ROWS_WITHIN])


# Tesseract's default global threshold (Otsu) turns a phone photo's shadowed part (a hand, the phone, a
# lamp falling off) all black or all white and drops its lines without lowering the page's confidence:
# the headings under the shadow are lost. Sauvola's local threshold follows the light across the page
# and reads clean scans as well.
_TESSERACT = ("tesseract", "stdin", "stdout", "-l", "vie", "-c", "thresholding_method=2")


def _rows(png: bytes, limits: Limits, *options: str) -> list[dict[str, str]] | OcrPage:
    """tesseract's TSV rows for a PNG, or the OcrPage of a run that timed out or failed."""
    command = [*_TESSERACT, "--dpi", str(limits.ocr_dpi), *options, "tsv"]
    try:
        done = subprocess.run(
            command, input=png, capture_output=True, env=_ENV, timeout=limits.ocr_page_seconds, check=False
        )
    except subprocess.TimeoutExpired:
        return OcrPage("", None, timed_out=True)
    except FileNotFoundError as e:
        raise OcrUnavailableError(
            "tesseract is not installed: apt-get install tesseract-ocr tesseract-ocr-vie"
        ) from e
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        if "vie" in message and ("traineddata" in message or "Failed loading language" in message):
            raise OcrUnavailableError(f"tesseract has no Vietnamese model: {message}")
        log.warning("tesseract exited %d: %s", done.returncode, message[-300:])
        return OcrPage("", None)
    return _tsv_rows(done.stdout.decode("utf-8", "replace"))


def _tsv_rows(tsv: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE))


# A header's two columns hold lines a little apart in height: «Số: 60/BC-MGLT» on the left, the date line
# in italics on the right a few pixels lower. tesseract took them for one line, read the left part against
# the right part's baseline and gave «114402422205» at a confidence of 15, and the report had no number.
# A column of a line in the page's header (its top _HEADER_SHARE) of _REREAD_LETTERS letters or more,
# or as wide as that many letters' height (a scan with a dark border read the number line as one word,
# «mg.», over its whole width), read below _REREAD_BELOW, whose middle lies more than _MISALIGNED of the line's letter height above or
# below the rest of its line, is read again alone from its box grown by _REREAD_MARGIN of its letters'
# height, as a block (a box tesseract drew over two lines holds some of the line above): the line read
# best there replaces the column when it reads better, unless it is a line read elsewhere on the page
# already (see _SAME_LINE). Only a page read well is looked at: one read poorly (upside down) is read
# again turned, whose boxes are not the image's. Cost: one more tesseract
# run on a strip of one line (about 0.4 s, mostly loading the model), only for such a column.
_HEADER_SHARE = 0.35
_REREAD_LETTERS = 4
_REREAD_BELOW = 60.0
_MISALIGNED = 0.4
_REREAD_MARGIN = 0.5
# A phone photo taken at an angle (its lines tilted several degrees, the sheet narrower at the top) had
# the school's name read as «KHÔNG ng th THƯỢNG» at 33, level with the date line: its box held the number
# line under it, which read best there, and the report had «Số: 60/BC-MGLT» twice, once in the school's
# place. A line read again is taken only when it is no column already read on the page: not above this
# rapidfuzz ratio to any. Cost: a few string comparisons for each line read again.
_SAME_LINE = 85.0


def _reread_misaligned(png: bytes, rows: list[dict[str, str]], limits: Limits) -> list[dict[str, str]]:
    """The rows with every misaligned column read poorly read again alone (see _REREAD_BELOW)."""
    lines = _lines_of(rows)
    columns = [column for words in lines for column in _misaligned(words)]
    if not columns:
        return rows
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        boxes = [(column, _box(column, image.size)) for column in columns]
        strips = [(column, box, prepare(image.crop(box))) for column, box in boxes if box is not None]
    misread = {id(row) for column in columns for row in column}
    kept = [[_word(row["text"], row) for row in words if id(row) not in misread] for words in lines]
    read = [text for words in kept if words for text in _line(words).split("\t") if text]
    replaced: dict[int, list[dict[str, str]]] = {}
    for column, box, strip in strips:
        reread = _reread(strip, box, column, limits, read)
        if reread is not None:
            replaced[id(column[0])] = reread
            replaced.update((id(row), []) for row in column[1:])
            read.append(" ".join(row["text"] for row in reread))
    return [new for row in rows for new in replaced.get(id(row), [row])]


def _lines_of(rows: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    """The rows of the words tesseract read, line by line."""
    lines: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    for row in rows:
        if row.get("level") == "5" and (row.get("text") or "").strip():
            lines.setdefault((row["block_num"], row["par_num"], row["line_num"]), []).append(row)
    return list(lines.values())


def _misaligned(words: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    """The columns of a line's words read poorly and lying above or below the rest (see _MISALIGNED)."""
    boxes = [_word(row["text"], row) for row in words]
    height = statistics.median_high([w.height for w in boxes if sum(c.isalnum() for c in w.text) >= 2] or [0])
    columns: list[list[int]] = [[0]]
    for index in range(1, len(boxes)):
        if height and boxes[index].left - boxes[index - 1].right > COLUMN_GAP_HEIGHTS * height:
            columns.append([])
        columns[-1].append(index)
    if len(columns) < 2:
        return []
    out = []
    for column in columns:
        rest = [i for i in range(len(boxes)) if i not in column]
        if _confidence([words[i] for i in column]) >= _REREAD_BELOW:
            continue
        letters = sum(c.isalnum() for i in column for c in boxes[i].text)
        width = boxes[column[-1]].right - boxes[column[0]].left
        if letters < _REREAD_LETTERS and width < _REREAD_LETTERS * height:
            continue  # specks of a seal or a scribble read as a letter or two
        middle = statistics.median_high([boxes[i].top + boxes[i].height / 2 for i in column])
        if (
            abs(middle - statistics.median_high([boxes[i].top + boxes[i].height / 2 for i in rest]))
            > _MISALIGNED * height
        ):
            out.append([words[i] for i in column])
    return out


def _confidence(words: list[dict[str, str]]) -> float:
    confidences = []
    for row in words:
        try:
            confidences.append(float(row["conf"]))
        except (KeyError, TypeError, ValueError):
            continue
    return sum(confidences) / len(confidences) if confidences else 100.0


def _box(column: list[dict[str, str]], size: tuple[int, int]) -> tuple[int, int, int, int] | None:
    """The box of a column's words grown by _REREAD_MARGIN, or None below the header (_HEADER_SHARE)."""
    boxes = [_word(row["text"], row) for row in column]
    if min(w.top for w in boxes) > _HEADER_SHARE * size[1]:
        return None
    margin = round(_REREAD_MARGIN * statistics.median_high([w.height for w in boxes]))
    return (
        max(0, min(w.left for w in boxes) - margin),
        max(0, min(w.top for w in boxes) - margin),
        min(size[0], max(w.right for w in boxes) + margin),
        min(size[1], max(w.top + w.height for w in boxes) + margin),
    )


def _reread(
    strip: bytes,
    box: tuple[int, int, int, int],
    column: list[dict[str, str]],
    limits: Limits,
    read: list[str],
) -> list[dict[str, str]] | None:
    """The best read line of the column's strip (at box on the page) in the column's place, or None when
    it reads no better; a line of the strip that is one of the columns read elsewhere on the page (read,
    see _SAME_LINE) is not taken."""
    from rapidfuzz import fuzz  # here, not at the top: the CLI's short commands load this module

    rows = _rows(strip, limits, "--psm", "6")
    if isinstance(rows, OcrPage):
        return None
    new = [
        words
        for words in _lines_of(rows)
        if not any(fuzz.ratio(" ".join(row["text"] for row in words), text) > _SAME_LINE for text in read)
    ]
    best = max(new, key=_confidence, default=[])
    if not best or _confidence(best) <= _confidence(column):
        return None
    key = {k: column[0][k] for k in ("block_num", "par_num", "line_num")}
    return [
        {**row, **key, "left": str(int(row["left"]) + box[0]), "top": str(int(row["top"]) + box[1])}
        for row in best
    ]


# Words further apart on one line than this many times the line's letter height stand in different
# columns (the school's name on the left, the motto's rule on the right): they are joined by a tab, as
# a typist parts two columns on one line, so that a header's left column can be told from its right.
COLUMN_GAP_HEIGHTS = 3.0


@dataclass(frozen=True)
class _Word:
    text: str
    left: int
    right: int
    height: int
    top: int = 0


def parse_tsv(tsv: str) -> OcrPage:
    """Lines of words from tesseract's TSV, a blank line between blocks, a tab at a column gap
    (COLUMN_GAP_HEIGHTS); mean word confidence."""
    return _parse_rows(_tsv_rows(tsv))


def _parse_rows(rows: list[dict[str, str]]) -> OcrPage:
    """parse_tsv of the TSV's rows."""
    lines: list[str] = []
    confidences: list[float] = []
    current: tuple[str, str, str] | None = None
    block: str | None = None
    words: list[_Word] = []
    for row in rows:
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        key = (row["block_num"], row["par_num"], row["line_num"])
        if key != current:
            if words:
                lines.append(_line(words))
            if block is not None and key[0] != block:
                lines.append("")
            current, block, words = key, key[0], []
        words.append(_word(text, row))
        try:
            confidences.append(float(row["conf"]))
        except (TypeError, ValueError):
            continue
    if words:
        lines.append(_line(words))
    confidence = sum(confidences) / len(confidences) if confidences else None
    return OcrPage(nfc("\n".join(lines)), confidence)


def _word(text: str, row: dict[str, str]) -> _Word:
    try:
        left, width, height, top = int(row["left"]), int(row["width"]), int(row["height"]), int(row["top"])
    except (KeyError, TypeError, ValueError):
        return _Word(text, 0, 0, 0)
    return _Word(text, left, left + width, height, top)


def _line(words: list[_Word]) -> str:
    """The words of one line, a tab where a column gap parts them."""
    # Letter height from words of two letters or more: specks read as ":" or "z" are much smaller.
    heights = sorted(w.height for w in words if sum(c.isalnum() for c in w.text) >= 2) or [0]
    gap = COLUMN_GAP_HEIGHTS * heights[len(heights) // 2]
    out = words[0].text
    for before, word in zip(words, words[1:], strict=False):
        apart = gap > 0 and word.left - before.right > gap
        out += ("\t" if apart else " ") + word.text
    return out


def recognise_all(pngs: Iterable[bytes], limits: Limits) -> list[OcrPage]:
    """OCR page images over limits.ocr_workers processes, in page order.

    The iterable is consumed as pages are submitted, so a renderer can produce the next page while
    earlier ones are read.
    """
    with ThreadPoolExecutor(max_workers=max(1, limits.ocr_workers)) as pool:
        futures = [pool.submit(recognise, png, limits) for png in pngs]
        return [f.result() for f in futures]


# A page of a report holds a few hundred words. One with fewer read (the signature and seal alone under
# "Nơi nhận", the last lines run onto one more sheet) says little of how well the scan was read: its
# scribble and seal read as a few letters at a low confidence, which made a report read well on every page
# of text wait for staff as hard to read.
READABLE_PAGE_WORDS = 50


def worst_confidence(pages: Iterable[Page]) -> float | None:
    """A scan's OCR confidence: that of its worst OCR'd page of READABLE_PAGE_WORDS words or more, or
    inked as a full page (Page.inked_full), so that one page read poorly is not hidden by the others; of
    its worst page when none is. None when typed pages hold the text and only short pages were scanned
    (the signed last page scanned into a typed report): what OCR made of a signature and a seal does not rate how the report was read."""
    pages = list(pages)
    read = [p for p in pages if p.method == "ocr" and p.confidence is not None]
    full = [p for p in read if len(p.text.split()) >= READABLE_PAGE_WORDS or p.inked_full]
    if not full and any(p.method == "text" and len(p.text.split()) >= READABLE_PAGE_WORDS for p in pages):
        return None
    return min((p.confidence for p in full or read if p.confidence is not None), default=None)


# How the page images of one file are read: recognise_all here, or a caller's own way of sharing the
# pages out (several machines), as long as it returns one OcrPage per image in order.
PageReader = Callable[[Iterable[bytes], Limits], list[OcrPage]]
