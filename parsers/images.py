"""Photos and scans sent as image files (JPEG, PNG, TIFF, WebP, an iPhone's HEIC, AVIF...) to text by OCR."""

from __future__ import annotations

import array
import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pillow_heif
from PIL import Image, ImageChops, ImageFilter, ImageOps, ImageSequence

from parsers import ocr, scanpages
from parsers.document import Document, Limits, Page
from parsers.errors import CorruptFileError, EmptyFileError, ParseTimeoutError, TooLargeError

pillow_heif.register_heif_opener()  # iPhones save photos as HEIC unless told otherwise

# The long side of an A4 page; larger phone photos are scaled down to this at limits.ocr_dpi,
# since tesseract's time grows with pixels and gains nothing past print resolution. Smaller ones (a chat
# app sends 1280 pixels, about 110 dpi) are scaled up to it, at most _MAX_UPSCALE times, as a scanned
# PDF's page is rendered: tesseract misreads letters a few pixels high and runs lines together.
_A4_LONG_INCHES = 11.69
_MAX_UPSCALE = 3.0

# A photo is seldom square to the page. Tilted by two degrees or more, tesseract's layout analysis breaks
# the page's long lines apart and drops whole paragraphs (over half of a page tilted 3 degrees, headings
# among them) while its confidence in what it kept stays high. The page is turned level first: by the
# tilt, up to _MAX_TILT degrees either way in _TILT_STEP steps, at which the rows of ink are most
# uneven (lines and the gaps between them), measured on a copy _TILT_PIXELS on its long side. A tilt
# under _LEVEL_ENOUGH degrees, a scanner's, is left to tesseract.
_MAX_TILT = 6.0
_TILT_STEP = 0.25
_TILT_PIXELS = 800
_LEVEL_ENOUGH = 1.0
_INK_CONTRAST = 40  # darker than the paper around it by this much: ink, not a shadow or the desk


def read_image(
    name: str, data: bytes, limits: Limits, reader: ocr.PageReader = ocr.recognise_all
) -> Document:
    """An image file (every frame of a multi-page TIFF) as a Document of format "image", read by reader.

    Raises CorruptFileError for undecodable data, TooLargeError for a decompression bomb,
    EmptyFileError when nothing is recognised, ParseTimeoutError when every page ran out of time.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            prepared = list(_pages(image, limits))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise TooLargeError(
            f"Ảnh {name} có kích thước quá lớn bất thường, không xử lý được. Đề nghị trường quét hoặc chụp "
            "lại ở độ phân giải thông thường (200-300 dpi), hoặc gửi bản PDF của báo cáo."
        ) from e
    except Exception as e:  # Pillow's decoders raise many types on damaged files (TypeError, struct.error...)
        raise CorruptFileError(
            f"Ảnh {name} bị hỏng, không mở được. Đề nghị trường chụp hoặc quét lại."
        ) from e
    pngs = [p.png for p in prepared]
    results = reader(pngs, limits)
    if all(r.timed_out for r in results):
        raise ParseTimeoutError(
            f"Nhận dạng chữ ảnh {name} quá thời gian cho phép ({limits.ocr_page_seconds:.0f} giây). "
            "Hệ thống sẽ thử lại sau."
        )
    negatives = [i for i, p in enumerate(prepared) if p.negative]
    checked = scanpages.check(range(1, len(pngs) + 1), pngs, results, limits, reader, negatives=negatives)
    pages = tuple(
        Page(
            i + 1,
            r.text,
            "ocr",
            r.confidence,
            inked_full=i in checked.inked_full,
            blurred=i in checked.blurred,
        )
        for i, r in enumerate(checked.pages)
    )
    text = "\n\n".join(p.text for p in pages if p.text.strip())
    if not text:
        raise EmptyFileError(f"Không nhận dạng được chữ nào trong ảnh {name}. Đề nghị trường chụp rõ hơn.")
    return Document(
        name=name,
        format="image",
        text=text,
        pages=pages,
        method="ocr",
        ocr_confidence=ocr.worst_confidence(pages),
        warnings=(
            *(
                f"Trang {i + 1}: nhận dạng chữ quá thời gian, bỏ qua trang này."
                for i, r in enumerate(results)
                if r.timed_out
            ),
            *checked.warnings,
        ),
    )


@dataclass(frozen=True)
class Prepared:
    """A page image as tesseract is given it (ocr.prepare), and whether it was a negative turned positive
    (see _NEGATIVE_DARK)."""

    png: bytes
    negative: bool = False


def _pages(image: Image.Image, limits: Limits) -> Iterator[Prepared]:
    longest = round(_A4_LONG_INCHES * limits.ocr_dpi)
    for number, frame in enumerate(ImageSequence.Iterator(image)):
        if number >= limits.max_pages:
            break
        grey = _grey(ImageOps.exif_transpose(frame))  # photos lie sideways
        negative = _negative(grey)
        page = _square(ImageOps.invert(grey) if negative else grey, frame.info.get("dpi"))
        sides = [_level(_scaled(side, longest)) for side in _sides(_on_the_sheet(page))]
        yield Prepared(ocr.prepare(_stacked(sides)), negative)


# A phone photo of a sheet on a dark desk, taken from a little way off (a 12-megapixel photo, the sheet a
# third of it), was scaled as a whole to an A4 page's size: the sheet itself came out at about 120 dpi
# and OCR misread its numbers (a twentieth fewer words right than the same sheet photographed close).
# The photo is cut to the sheet first: the rows and columns where the bright paper (above halfway between
# the image's darkest and brightest _EXTREME_SHARE) fills at least _SHEET_SHARE of the fullest, on a copy
# _TILT_PIXELS on its long side, and a margin; only when what is cut off is dark all over (under
# _CUT_BRIGHT of it paper-bright: a desk, not a dark banner with white letters), holds no letters
# (_CUT_INK: not the lower part of the sheet under the shadow of the hand holding the phone) and is at
# least _CUT_AREA of the photo. Cost: a thumbnail and two means per image file.
_SHEET_SHARE = 0.5
_CUT_BRIGHT = 0.02
_CUT_AREA = 0.2
_SHEET_MARGIN = 0.01
_CUT_INK = 0.002
_SHEET_EDGE = 0.03


def _on_the_sheet(page: Image.Image) -> Image.Image:
    """The photo cut to the sheet of paper in it, when a dark surround is around it (see _SHEET_SHARE)."""
    small = page.copy()
    small.thumbnail((_TILT_PIXELS, _TILT_PIXELS))
    counts = small.histogram()
    total = sum(counts) or 1
    middle = (
        _level_at(counts, _EXTREME_SHARE * total) + _level_at(counts, (1 - _EXTREME_SHARE) * total)
    ) // 2
    bright = small.point(lambda v: 255 if v > middle else 0)
    columns = bright.resize((bright.width, 1), Image.Resampling.BOX).tobytes()
    rows = bright.resize((1, bright.height), Image.Resampling.BOX).tobytes()
    left, right = _span(columns)
    top, bottom = _span(rows)
    inside = (right - left) * (bottom - top)
    outside = small.width * small.height - inside
    if outside < _CUT_AREA * small.width * small.height:
        return page
    lit_inside = sum(bright.crop((left, top, right, bottom)).histogram()[255:])
    if sum(bright.histogram()[255:]) - lit_inside > _CUT_BRIGHT * outside:
        return page
    if _ink_outside(_ink(page), (left, top, right, bottom)) > _CUT_INK * outside:
        return page  # letters under a shadow, not a desk
    scale = page.width / small.width
    margin = round(_SHEET_MARGIN * max(page.size))
    box = (
        max(0, round(left * scale) - margin),
        max(0, round(top * scale) - margin),
        min(page.width, round(right * scale) + margin),
        min(page.height, round(bottom * scale) + margin),
    )
    return page.crop(box)


def _ink_outside(ink: Image.Image, box: tuple[int, int, int, int]) -> int:
    """The inked pixels of a mask outside the box grown by _SHEET_EDGE of the mask's long side (the
    sheet's own edge against the desk shows as ink)."""
    grow = round(_SHEET_EDGE * max(ink.size))
    left, top, right, bottom = box
    grown = (
        max(0, left - grow),
        max(0, top - grow),
        min(ink.width, right + grow),
        min(ink.height, bottom + grow),
    )
    return sum(ink.histogram()[255:]) - sum(ink.crop(grown).histogram()[255:])


def _span(means: bytes) -> tuple[int, int]:
    """The first and past-the-last places whose mean reaches _SHEET_SHARE of the highest."""
    least = _SHEET_SHARE * max(means, default=0)
    full = [i for i, v in enumerate(means) if v >= least and v]
    return (full[0], full[-1] + 1) if full else (0, len(means))


def _scaled(page: Image.Image, longest: int) -> Image.Image:
    """The page scaled to longest pixels on its long side, up by _MAX_UPSCALE times at most."""
    if max(page.size) > longest:
        page = page.copy()
        page.thumbnail((longest, longest), Image.Resampling.LANCZOS)
        return page
    if max(page.size) < longest:
        scale = min(_MAX_UPSCALE, longest / max(page.size))
        return page.resize((round(page.width * scale), round(page.height * scale)), Image.Resampling.LANCZOS)
    return page


# A fax in standard mode is scanned at 204 dpi across the sheet but 98 down it, and saved so (a TIFF of
# one frame per page, from the fax machine or the fax-to-mail service): shown pixel for pixel, its letters
# are half their height, and OCR read a faxed report as gibberish at a confidence of 36. The image is
# stretched to square pixels by the resolutions it states, when they differ by more than _SQUARE_ENOUGH.
_SQUARE_ENOUGH = 1.1


def _square(page: Image.Image, dpi: Any) -> Image.Image:
    """The page stretched along its coarser axis so that both have the finer one's resolution, per dpi
    (the image's stated (across, down) resolution, if any)."""
    try:
        across, down = (float(v) for v in dpi)
    except (TypeError, ValueError):
        return page
    if across <= 0 or down <= 0 or max(across, down) / min(across, down) < _SQUARE_ENOUGH:
        return page
    if across > down:
        return page.resize((page.width, round(page.height * across / down)), Image.Resampling.LANCZOS)
    return page.resize((round(page.width * down / across), page.height), Image.Resampling.LANCZOS)


def cleaned(image: Image.Image) -> Prepared:
    """A page image already at the OCR resolution (a scanned PDF's rendered page) cleaned up as a photo
    is: in greyscale with its red seal lightened, a negative turned positive, turned level, as tesseract
    is given it."""
    grey = _grey(image)
    negative = _negative(grey)
    sides = [_level(side) for side in _sides(ImageOps.invert(grey) if negative else grey)]
    return Prepared(ocr.prepare(_stacked(sides)), negative)


# Two A4 pages laid side by side on an A3 scanner's glass (two sheets scanned at once, a booklet's
# spread) come as one landscape image, and tesseract read across the gutter: a line of the left page
# joined the line of the right page beside it. A landscape page whose lines run across it is parted
# where a band of paper without ink (_GUTTER_INK: a speck, a punched hole), _GUTTER_SHARE of its width or
# more (two pages' margins are 3-5 cm of 42), runs from top to bottom (but for _GUTTER_EDGE of it, where
# the sheets of a photo meet the desk around them, tilted across the gutter) with its middle within
# _GUTTER_MIDDLE of the page's, and some rows on either side hold ink (_SIDE_ROWS): each side is levelled
# and read as a page, the left above the right. A landscape table is ruled across its middle, or its
# words cross it, and is read whole. Cost: column and row means of the levelling's ink thumbnail, for a
# landscape page only.
_LANDSCAPE = 1.2
_GUTTER_SHARE = 0.05
_GUTTER_INK = 0.005
_GUTTER_MIDDLE = (0.35, 0.65)
_SIDE_ROWS = 0.02
_GUTTER_EDGE = 0.06  # of the height, top and bottom, within a page's margins (2 cm of 29.7)


def _sides(page: Image.Image) -> list[Image.Image]:
    """The page, or the two pages side by side on it, left then right (see _GUTTER_SHARE)."""
    if page.width < _LANDSCAPE * page.height:
        return [page]
    ink = _ink(page)
    if _unevenness(ink, 0) < _unevenness(ink.transpose(Image.Transpose.ROTATE_90), 0):
        return [page]  # its lines run down the image: a portrait page lying sideways
    edge = round(_GUTTER_EDGE * ink.height)  # where a photo's sheet meets the desk, crossing the gutter
    middle = ink.crop((0, edge, ink.width, ink.height - edge)).resize((ink.width, 1), Image.Resampling.BOX)
    quiet = [v <= 255 * _GUTTER_INK for v in middle.tobytes()]
    low, high = (share * ink.width for share in _GUTTER_MIDDLE)
    gutters = [
        (end - start, start, end)
        for start, end in _runs(quiet)
        if end - start >= _GUTTER_SHARE * ink.width and low <= (start + end) / 2 <= high
    ]
    if not gutters:
        return [page]
    _, start, end = max(gutters)
    if not all(
        _inked_rows(ink.crop(box)) >= _SIDE_ROWS
        for box in ((0, 0, start, ink.height), (end, 0, ink.width, ink.height))
    ):
        return [page]
    cut = round((start + end) / 2 * page.width / ink.width)
    return [page.crop((0, 0, cut, page.height)), page.crop((cut, 0, page.width, page.height))]


def _runs(flags: list[bool]) -> Iterator[tuple[int, int]]:
    """The (start, end) of every run of true flags."""
    start = None
    for index, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            yield start, index
            start = None


def _inked_rows(ink: Image.Image) -> float:
    """The share of an ink mask's rows holding any ink."""
    rows = ink.resize((1, ink.height), Image.Resampling.BOX).tobytes()
    return sum(1 for v in rows if v) / (len(rows) or 1)


def _stacked(pages: list[Image.Image]) -> Image.Image:
    """Pages one under another, a blank band between them, as tesseract reads them: top to bottom."""
    if len(pages) == 1:
        return pages[0]
    gap = pages[0].height // 20
    out = Image.new("L", (max(p.width for p in pages), sum(p.height for p in pages) + gap), 255)
    top = 0
    for page in pages:
        out.paste(page, (0, top))
        top += page.height + gap
    return out


# A page scanned or saved as a negative (white letters on black: a copier's "invert" setting, a
# microfilm reader's print, a photo's colours inverted by an editing app) read at 68-75 % with its
# header lost, and nothing said why. Such a page is mostly dark (over _NEGATIVE_DARK of it darker than
# halfway between its darkest and brightest levels) and its bright part is strokes of letters: a
# minimum filter _STROKE_PIXELS wide, on a copy _NEGATIVE_PIXELS on its long side, leaves under
# _STROKES_LEFT of it. A phone photo of a page on a dark desk is as dark but its bright part, the sheet,
# stays; a page of dark photos keeps its paper between them. Cost: a thumbnail and a histogram for every
# page, the filter only for a mostly dark one.
_NEGATIVE_DARK = 0.5
_NEGATIVE_PIXELS = 1200
_STROKE_PIXELS = 5
_STROKES_LEFT = 0.25
_EXTREME_SHARE = 0.05


def _negative(page: Image.Image) -> bool:
    """Whether a greyscale page is a negative: light letters on a dark ground (see _NEGATIVE_DARK)."""
    small = page.copy()
    small.thumbnail((_NEGATIVE_PIXELS, _NEGATIVE_PIXELS))
    counts = small.histogram()
    total = sum(counts) or 1
    middle = (
        _level_at(counts, _EXTREME_SHARE * total) + _level_at(counts, (1 - _EXTREME_SHARE) * total)
    ) // 2
    bright = sum(counts[middle + 1 :])
    if total - bright <= _NEGATIVE_DARK * total or not bright:
        return False
    left = sum(small.filter(ImageFilter.MinFilter(_STROKE_PIXELS)).histogram()[middle + 1 :])
    return left < _STROKES_LEFT * bright


def _level_at(counts: list[int], seen: float) -> int:
    """The grey level under which seen pixels of a histogram lie."""
    total = 0
    for level, count in enumerate(counts):
        total += count
        if total >= seen:
            return level
    return len(counts) - 1


def _level(page: Image.Image) -> Image.Image:
    """The page turned so that its lines of text run level (see _MAX_TILT)."""
    ink = _ink(page)
    steps = round(_MAX_TILT / _TILT_STEP)
    tilt = max(
        (k * _TILT_STEP for k in range(-steps, steps + 1)), key=lambda a: (_unevenness(ink, a), -abs(a))
    )
    if abs(tilt) < _LEVEL_ENOUGH:
        return page
    return page.rotate(tilt, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)


def _ink(page: Image.Image) -> Image.Image:
    """A mask of the page's ink (255) on a copy _TILT_PIXELS on its long side."""
    small = page.copy()
    small.thumbnail((_TILT_PIXELS, _TILT_PIXELS))
    paper = small.filter(ImageFilter.GaussianBlur(8))
    return ImageChops.subtract(paper, small).point(lambda v: 255 if v > _INK_CONTRAST else 0)


def _unevenness(ink: Image.Image, angle: float) -> float:
    """How unevenly the ink falls on the rows of the image turned by angle: the variance of the rows'
    means, highest when the rows follow the lines of text."""
    turned = ink.rotate(angle, resample=Image.Resampling.BILINEAR).convert("F")
    rows = array.array("f", turned.resize((1, turned.height), Image.Resampling.BOX).tobytes())
    mean = sum(rows) / len(rows)
    return sum((r - mean) ** 2 for r in rows) / len(rows)


# Image modes holding more than 8 bits a pixel (16-bit grey scans, 32-bit integer or float TIFFs), which
# convert("L") clips at 255 instead of scaling: a 16-bit scan would come out a white page.
_DEEP_MODES = ("I;16", "I;16L", "I;16B", "I;16N", "I", "F")
_ALPHA_MODES = ("RGBA", "LA", "PA", "RGBa", "La")
_COLOUR_MODES = ("RGB", "P", "CMYK", "YCbCr", "RGBX", "LAB", "HSV")


# A copier's JPEG keeps colour at half resolution and low quality: a seal's thin red lines come out
# pale and greyish, their redness (red above green and blue) about half a print's, and lightened by it
# alone they stayed dark enough to cut the letters under them. Black ink has no redness to double.
_REDNESS_GAIN = 2


def _without_red(image: Image.Image) -> Image.Image:
    """The image in greyscale with its red ink lightened to the paper: a school's seal stamped over the
    header's name or the signer's, which greyscale keeps as dark as the letters under it and OCR then
    reads neither. Black and blue ink stay as dark as they were."""
    red, green, blue = image.split()
    redness = ImageChops.subtract(red, ImageChops.lighter(green, blue))
    return ImageChops.add(image.convert("L"), redness.point(lambda v: v * _REDNESS_GAIN))


def _grey(image: Image.Image) -> Image.Image:
    """The image in 8-bit greyscale, its transparent parts white; a deep grey scaled so that its
    brightest value is white."""
    if image.mode in _ALPHA_MODES or "transparency" in image.info:
        # convert("L") drops the alpha and shows the colour under it, often black: a page whose paper
        # is transparent black would come out all black.
        on_white = Image.new("RGBA", image.size, (255, 255, 255, 255))
        return Image.alpha_composite(on_white, image.convert("RGBA")).convert("L")
    if image.mode not in _DEEP_MODES:
        return _without_red(image.convert("RGB")) if image.mode in _COLOUR_MODES else image.convert("L")
    wide = image.convert("F")
    brightest = float(wide.getextrema()[1])  # type: ignore[arg-type]  # one band: (low, high)
    scale = 255.0 / brightest if brightest > 0 else 1.0
    return wide.point(lambda v: v * scale).convert("L")
