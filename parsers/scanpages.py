"""The pages of a scan judged by their ink as well as by what OCR read on them: a duplex scan's blank back
that shows the front through the paper, a page blurred past reading that OCR passes off as a short one, a
page out of focus that OCR reads as a page of words, many of them wrong."""

from __future__ import annotations

import io
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from PIL import Image, ImageFilter, ImageOps, ImageStat

from parsers import ocr
from parsers.document import Limits

# A page's paper is its brightest tenth (an A4 sheet's margins alone are more): pixels darker than it by
# more than a scanner's noise (_NOISE levels) are ink.
_PAPER_SHARE = 0.1
_NOISE = 12
_STRONG_SHARE = 0.1  # the page's strong ink: its darkest tenth of inked pixels
# A scan's edges hold what is no ink of the page (the dark strip past a sheet smaller than the glass, the
# lid's shadow, punched holes): only the inner part is measured, _EDGE_SHARE of each side left off, which
# is within an A4 page's margins (2 cm of 21).
_EDGE_SHARE = 0.06


@dataclass(frozen=True)
class Ink:
    """How much ink a page image holds and how dark it is, in grey levels under the paper (0-255)."""

    mass: float  # the mean darkness of all pixels: a blur spreads the ink but keeps its mass
    strong: float  # how dark the darkest tenth of the inked pixels is: print is near black


def ink(png: bytes) -> Ink:
    """The ink of a greyscale PNG page image, from the histogram of its inner part (_EDGE_SHARE)."""
    counts = _inner(png).histogram()
    total = sum(counts) or 1
    paper = _paper(counts)
    darkest = paper - _NOISE
    mass = sum(counts[v] * (darkest - v) for v in range(max(darkest, 0))) / total
    inked = sum(counts[: max(darkest, 0)])
    seen, strong = 0, 0
    for level in range(max(darkest, 0)):
        seen += counts[level]
        if seen >= _STRONG_SHARE * inked:
            strong = paper - level
            break
    return Ink(mass, float(strong))


def _paper(counts: list[int]) -> int:
    """The paper's grey level in a page's histogram: that of its brightest tenth (_PAPER_SHARE)."""
    total = sum(counts) or 1
    seen = 0
    for level in range(255, -1, -1):
        seen += counts[level]
        if seen >= _PAPER_SHARE * total:
            return level
    return 255


def _inner(png: bytes) -> Image.Image:
    """A PNG page image in greyscale without its edges (_EDGE_SHARE of each side)."""
    with Image.open(io.BytesIO(png)) as image:
        dx, dy = round(image.width * _EDGE_SHARE), round(image.height * _EDGE_SHARE)
        return image.convert("L").crop((dx, dy, image.width - dx, image.height - dy))


# A duplex scanner scans the blank back of each sheet, where the front's text shows through the paper,
# mirrored and faint: OCR reads it as hundreds of words of gibberish at a confidence near 40, and a report
# read well went to staff as hard to read. Such a page's ink is faint (its strong ink paler than
# _FAINT_INK levels under the paper, where print is about 220: thin paper shows the front through at up
# to about 150) and it reads far better mirrored (by _MIRRORED_GAIN points of confidence, to a good
# reading): it is left out of the text and the confidence. A sheet turned over top to bottom shows the
# front mirrored upside down: the mirrored reading turns it upright as any page read poorly is turned
# (ocr.RETRY_TURNED_BELOW). A pale but real page reads worse mirrored, and is kept. Only a page that
# would lower the scan's confidence (poorly read, READABLE_PAGE_WORDS words or more) and is faint is read
# again mirrored.
_FAINT_INK = 160.0
_MIRRORED_GAIN = 20.0

# A page blurred past reading (shaken, out of focus, smeared in the feeder) gives OCR a few words at a low
# confidence, as a signed last page does, so worst_confidence passed over it and the report's lost
# sections went unnoticed. Its ink is still a page of text's: a blur spreads ink but keeps its mass. A page
# with fewer than ocr.READABLE_PAGE_WORDS words read but at least _FULL_SHARE of the ink of the scan's
# pages read in full counts in the scan's confidence; a signature, a seal and a few lines hold far less.
_FULL_SHARE = 0.5
# A page of photos (the activity reported on) holds several times a page of text's ink; its few words
# read (a banner, a caption) are all it has.
_PICTURE_SHARE = 2.0


# A page out of focus (a phone photo taken too close, a shaken scan, a fax-quality copy) still reads as a
# page of words at a confidence above what sends a scan to staff, but with letters wrong: «TRƯỜNG TỊHCS
# NHI THANH» at 64 %, «CÔNG HIOA XÁ HÔI CHC» at 81 %. A single page has no other to be compared with, so
# the image itself is measured: how sharp its edges are (sharpness). Print read from a sharp scan or photo
# scores 0.2 or more, from 100 to 300 dpi; a page blurred enough to lose letters scores under 0.03, and
# with a sensor's noise over the blur under 0.07. A blurred page still read as a sharp one is (a light
# blur costs tone marks at most, which matching does not trust on a scan) is left alone: only one read
# below _BLURRED_READ_BELOW is marked. A sharp page read poorly (a fax's coarse letters) is not blurred.
_SHARP = 0.1
_BLURRED_READ_BELOW = 90.0
# The Laplacian's values, which reach four times the grey range, scaled into one byte around its middle.
_LAPLACIAN = ImageFilter.Kernel((3, 3), (0, 1, 0, 1, -4, 1, 0, 1, 0), scale=8, offset=128)

# A page of activity photos with a printed caption: a photo's smooth tones (faces, a wall, a sky out of
# focus) add much to the grey levels' spread and little to the Laplacian's, and a phone photo of such a
# page, its caption read as 80 words at 80 %, scored 0.04-0.08 and was marked blurred though its caption
# was sharp. Sharpness is measured on the page's paper and print only: squares of _TILES to the inner
# part's width whose mean lies more than _PICTURE_DARK levels under the paper are pictures (a block of
# text, bold headings and a blurred one alike, lies at most 85 under; a photo 100-240) and are left out,
# unless every square is one.
_TILES = 24
_PICTURE_DARK = 100


def sharpness(png: bytes) -> float:
    """How sharp a greyscale PNG page image is: the variance of its Laplacian over the variance of its
    grey levels, in its inner part (_EDGE_SHARE) but for its pictures (_PICTURE_DARK). Blur takes the fine
    detail (the Laplacian) away faster than the contrast, whatever the ink's darkness and amount; 0.0 for
    a blank page."""
    inner = _inner(png)
    edges = inner.filter(_LAPLACIAN)
    box = (1, 1, edges.width - 1, edges.height - 1)  # the filter leaves its border as it was
    edges, inner = edges.crop(box), inner.crop(box)
    printed = _printed(inner)
    spread = ImageStat.Stat(inner, printed).var[0]
    return ImageStat.Stat(edges, printed).var[0] * 64 / spread if spread else 0.0


def _printed(inner: Image.Image) -> Image.Image | None:
    """A mask of the page's squares of paper and print, leaving out its pictures (see _PICTURE_DARK); None
    (the whole page) when it has no such square or no picture."""
    side = max(1, inner.width // _TILES)
    squares = inner.resize((-(-inner.width // side), -(-inner.height // side)), Image.Resampling.BOX)
    paper = _paper(inner.histogram())
    printed = squares.point(lambda v: 255 if paper - v <= _PICTURE_DARK else 0)
    low, high = printed.getextrema()
    if low == high:
        return None
    return printed.resize(inner.size, Image.Resampling.NEAREST)


@dataclass(frozen=True)
class Checked:
    """The OCR readings of a scan's pages after the look at their ink."""

    pages: tuple[ocr.OcrPage, ...]
    inked_full: frozenset[int]  # indexes of pages with few words read but a full page's ink
    blurred: frozenset[int]  # indexes of pages read as text from an image out of focus (_SHARP)
    warnings: tuple[str, ...]


def check(
    numbers: Sequence[int],
    pngs: Sequence[bytes],
    readings: Sequence[ocr.OcrPage],
    limits: Limits,
    reader: ocr.PageReader,
    *,
    negatives: Collection[int] = (),
) -> Checked:
    """The readings of the page images (numbers: their page numbers) with show-through backs emptied
    (see _FAINT_INK), short pages inked as full ones marked (see _FULL_SHARE) and pages read from a blurred
    image marked (see _SHARP), with a note on each, and on each page that was a negative turned positive
    before it was read (negatives: indexes)."""
    inks = [ink(png) for png in pngs]
    pages = list(readings)
    warnings = [
        f"Trang {numbers[i]}: bản quét âm bản (chữ trắng trên nền đen), đã đảo màu trước khi nhận dạng chữ."
        for i in sorted(negatives)
    ]
    suspect = [
        i
        for i, page in enumerate(pages)
        if page.confidence is not None
        and page.confidence < ocr.RETRY_TURNED_BELOW
        and len(page.text.split()) >= ocr.READABLE_PAGE_WORDS
        and 0 < inks[i].strong < _FAINT_INK
    ]
    mirrored = reader([_mirrored(pngs[i]) for i in suspect], limits) if suspect else []
    for i, turned in zip(suspect, mirrored, strict=True):
        before = pages[i].confidence or 0.0
        if turned.confidence is not None and turned.confidence >= max(
            ocr.RETRY_TURNED_BELOW, before + _MIRRORED_GAIN
        ):
            pages[i] = ocr.OcrPage("", None)
            warnings.append(
                f"Trang {numbers[i]}: mặt sau để trắng, chỉ có chữ của mặt trước in hằn qua giấy; đã bỏ qua trang này."
            )
    full = sorted(
        inks[i].mass for i, page in enumerate(pages) if len(page.text.split()) >= ocr.READABLE_PAGE_WORDS
    )
    inked_full = set()  # a show-through back, emptied, has no confidence and is not among them
    typical = full[len(full) // 2] if full else 0.0
    if typical > 0:
        for i, page in enumerate(pages):
            words = len(page.text.split())
            if (
                page.confidence is not None
                and words < ocr.READABLE_PAGE_WORDS
                and _FULL_SHARE * typical <= inks[i].mass <= _PICTURE_SHARE * typical
            ):
                inked_full.add(i)
                warnings.append(
                    f"Trang {numbers[i]} trông như một trang chữ đầy đủ nhưng chỉ nhận dạng được {words} từ "
                    f"(độ tin cậy {page.confidence:.0f}%): bản quét trang này có thể bị mờ, cần xem bằng mắt."
                )
    blurred = set()
    for i, page in enumerate(pages):
        if (
            page.confidence is not None
            and page.confidence < _BLURRED_READ_BELOW
            and len(page.text.split()) >= ocr.READABLE_PAGE_WORDS
            and sharpness(pngs[i]) < _SHARP
        ):
            blurred.add(i)
            warnings.append(
                f"Trang {numbers[i]}: ảnh bị mờ, chữ nhận dạng được (độ tin cậy {page.confidence:.0f}%) có thể "
                "sai cả tên trường và số liệu, cần xem bằng mắt."
            )
    return Checked(tuple(pages), frozenset(inked_full), frozenset(blurred), tuple(warnings))


def _mirrored(png: bytes) -> bytes:
    with Image.open(io.BytesIO(png)) as image:
        return ocr.prepare(ImageOps.mirror(image))
