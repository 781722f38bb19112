"""Photos and scans sent as image files (JPEG, PNG, TIFF, WebP, an iPhone's HEIC, AVIF...) to text by OCR."""

from __future__ import annotations

import array
import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pillow_heif
from PIL import ExifTags, Image, ImageChops, ImageFilter, ImageOps, ImageSequence

from parsers import ocr, scanpages, seals, sheets
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
# uneven (lines and the gaps between them), measured on the page's ink mask (sheets.ink_mask). A tilt
# under _LEVEL_ENOUGH degrees, a scanner's, is left to tesseract.
_MAX_TILT = 6.0
_TILT_STEP = 0.25
_LEVEL_ENOUGH = 1.0


# Phones save photos of up to 200 megapixels (the 108 MP and 200 MP modes of Samsung's and Xiaomi's
# phones: 16320x12240), where OCR reads a page at limits.ocr_dpi, a few megapixels. A JPEG over
# _WORKING_PIXELS is decoded at a half, a quarter or an eighth of its size, the least of these that brings
# it within _WORKING_PIXELS (Pillow's draft: the decoder skips the detail, so a 200 MP photo costs what a
# 12 MP one does in time and memory). Other formats can only be decoded whole: they are read up to
# _WHOLE_PIXELS (Pillow's own bound). A picture over _MOST_PIXELS, or one over _WHOLE_PIXELS in fewer
# bytes than one per _BOMB_PIXELS_PER_BYTE pixels (a photo of a page takes one per 20 or so; a
# decompression bomb claims a huge canvas in a few kilobytes), is refused.
_WORKING_PIXELS = 16_000_000
_WHOLE_PIXELS = 89_478_485
_MOST_PIXELS = 250_000_000
_BOMB_PIXELS_PER_BYTE = 1000
_JPEG_FORMATS = ("JPEG", "MPO")
Image.MAX_IMAGE_PIXELS = _MOST_PIXELS  # Pillow warns past it (read_image refuses) and refuses twice it


# A picture whose shorter side is under _PAGE_SHORT pixels, or whose longer side is at most _PAGE_LONG,
# holds no page of text anyone can read, even shrunk by a chat app: a logo, a banner, an icon.
_PAGE_SHORT = 200
_PAGE_LONG = 600


def too_small_for_a_page(data: bytes) -> bool:
    """Whether a picture is too small in pixels to hold a readable page (_PAGE_SHORT, _PAGE_LONG); False
    when its size cannot be read. Only the picture's header is read."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return False
    return min(width, height) < _PAGE_SHORT or max(width, height) <= _PAGE_LONG


def read_image(
    name: str, data: bytes, limits: Limits, reader: ocr.PageReader = ocr.recognise_all
) -> Document:
    """An image file (every frame of a multi-page TIFF) as a Document of format "image", read by reader.

    Raises CorruptFileError for undecodable data, TooLargeError for a picture too large to read or a
    decompression bomb (_MOST_PIXELS), EmptyFileError when nothing is recognised, ParseTimeoutError
    when every page ran out of time.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            _reduced_on_decoding(image, name, len(data))
            prepared = list(_pages(image, limits))
        except TooLargeError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
            raise TooLargeError(_too_large(name)) from e
        except Exception as e:  # Pillow's decoders raise many types on damaged files (struct.error...)
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
            timed_out=results[i].timed_out,
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


def _reduced_on_decoding(image: Image.Image, name: str, size: int) -> None:
    """Set a large JPEG to be decoded reduced (see _WORKING_PIXELS); raise TooLargeError for a picture
    that cannot be read within the bounds, or a decompression bomb, of size bytes."""
    width, height = image.size
    if width * height > _WHOLE_PIXELS and width * height > size * _BOMB_PIXELS_PER_BYTE:
        raise TooLargeError(
            f"Ảnh {name} ghi kích thước {width}×{height} điểm ảnh, quá lớn so với dung lượng tệp: đây không "
            "phải ảnh chụp hay bản quét thật, không xử lý được. Đề nghị trường chụp hoặc quét lại báo cáo, "
            "hoặc gửi bản PDF."
        )
    scale = 1
    while scale < 8 and width * height > _WORKING_PIXELS * scale * scale:
        scale *= 2
    if scale > 1 and image.format in _JPEG_FORMATS:
        image.draft(image.mode, (width // scale, height // scale))
    if image.size[0] * image.size[1] > _WHOLE_PIXELS:
        raise TooLargeError(_too_large(name))


def _too_large(name: str) -> str:
    return (
        f"Ảnh {name} quá lớn, hệ thống không đọc được. Đề nghị trường chụp lại ở chế độ chụp thường của "
        "điện thoại (không chọn chế độ 108 MP hay 200 MP) hoặc quét lại ở chế độ thường, hoặc gửi bản PDF của "
        "báo cáo."
    )


@dataclass(frozen=True)
class Prepared:
    """A page image as tesseract is given it (ocr.prepare), and whether it was a negative turned positive
    (sheets.negative)."""

    png: bytes
    negative: bool = False


def _pages(image: Image.Image, limits: Limits) -> Iterator[Prepared]:
    longest = round(_A4_LONG_INCHES * limits.ocr_dpi)
    # An MPO (a JPEG of several pictures) holds one photo and its preview, depth map or HDR gain map,
    # never another page; read with draft, its other pictures would not decode either.
    frames = [image] if image.format == "MPO" else ImageSequence.Iterator(image)
    for number, frame in enumerate(frames):
        if number >= limits.max_pages:
            break
        grey = _grey(_upright(frame))
        negative = sheets.negative(grey)
        page = _square(ImageOps.invert(grey) if negative else grey, frame.info.get("dpi"))
        layout = sheets.sides(_across(sheets.on_the_sheet(page)))
        sides = [_level(_scaled(side, longest)) for side in layout.pages]
        yield Prepared(ocr.prepare(sheets.stacked(sides), in_rows=layout.table), negative)


def _upright(frame: Image.Image) -> Image.Image:
    """The frame turned as its EXIF orientation says (photos lie sideways); the frame itself, not a copy,
    when it needs no turning: a photo's pixels are tens of megabytes, and each copy held at once counts
    towards the memory a message costs."""
    if frame.getexif().get(ExifTags.Base.Orientation, 1) == 1:
        return frame
    return ImageOps.exif_transpose(frame)


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
    negative = sheets.negative(grey)
    layout = sheets.sides(_across(ImageOps.invert(grey) if negative else grey))
    sides = [_level(side) for side in layout.pages]
    return Prepared(ocr.prepare(sheets.stacked(sides), in_rows=layout.table), negative)


# A phone photo of a page held sideways (no orientation tag: sent through a chat app, or edited), and
# tilted a few degrees besides: its lines ran down the image, where no tilt was measured, its two halves
# were taken for two pages side by side, and the page was said to be blurred. A page wider than tall
# whose ink, in the inner part of its mask (_INNER_SHARE of each side left off: the surround's edges),
# changes more sharply from column to column than from row to row (lines of text and the gaps between
# them, each way at its best tilt) by _SIDEWAYS_BY times over (a sideways page: about 14 times; two
# tables side by side, their rules running down: about 2) is turned a quarter before it is parted in
# pages and levelled; upright or upside down, OCR's orientation check then turns it
# (ocr.RETRY_TURNED_BELOW). A page printed landscape (a table) or two pages side by side keep their
# rows of text and are not turned. Cost: two tilt searches on the mask of a wide page only (about 0.1 s).
_INNER_SHARE = 0.1
_SIDEWAYS_BY = 4.0


def _level(page: Image.Image) -> Image.Image:
    """The page turned so that its lines of text run level (see _MAX_TILT)."""
    tilt = _tilt(sheets.ink_mask(page))
    if abs(tilt) < _LEVEL_ENOUGH:
        return page
    return page.rotate(tilt, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)


def _across(page: Image.Image) -> Image.Image:
    """The page turned a quarter when it lies sideways, its lines running down it (see _level)."""
    if page.width <= page.height:
        return page
    ink = sheets.ink_mask(page)
    turned = ink.transpose(Image.Transpose.ROTATE_90)
    along, down = _striped(ink, _tilt(ink)), _striped(turned, _tilt(turned))
    return page.transpose(Image.Transpose.ROTATE_90) if down > _SIDEWAYS_BY * along else page


def _striped(ink: Image.Image, angle: float) -> float:
    """How sharply the ink of a mask turned by angle changes from row to row: lines of text and the
    gaps between them, not where a block of text ends (the mean square of the rows' steps)."""
    turned = ink.rotate(angle, resample=Image.Resampling.BILINEAR).convert("F")
    dx, dy = round(turned.width * _INNER_SHARE), round(turned.height * _INNER_SHARE)
    turned = turned.crop((dx, dy, turned.width - dx, turned.height - dy))
    rows = array.array("f", turned.resize((1, turned.height), Image.Resampling.BOX).tobytes())
    return sum((b - a) ** 2 for a, b in zip(rows, rows[1:], strict=False)) / max(1, len(rows) - 1)


def _tilt(ink: Image.Image) -> float:
    """The tilt within _MAX_TILT at which an ink mask's rows are most uneven."""
    steps = round(_MAX_TILT / _TILT_STEP)
    return max(
        (k * _TILT_STEP for k in range(-steps, steps + 1)), key=lambda a: (sheets.unevenness(ink, a), -abs(a))
    )


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
    reads neither. Black and blue ink stay as dark as they were (blue: see _without_blue_pen)."""
    red, green, blue = image.split()
    redness = ImageChops.subtract(red, ImageChops.lighter(green, blue))
    return ImageChops.add(image.convert("L"), redness.point(lambda v: v * _REDNESS_GAIN))


# A signature in blue ballpoint drawn across the signer's printed name (a 300 dpi colour scan) cut its
# letters, and tesseract dropped the name line: the report had no signer. Blue ink (blue above red and
# green by _PEN_BLUENESS) is lightened to the paper as a seal's red is, where its strokes run on as a
# signature's do: over _PEN_SQUARES squares of a page's width/_PEN_SQUARES_ACROSS (5 mm of an A4 page)
# in a row, the squares touching. A number or a date written in by hand (the clerk's «Số: 05», «ngày
# 23») is a few squares wide, and kept; so is a page printed in blue (its pen over _PEN_SHARE of what
# is darker than _INKED). Black print stays as dark as it was; where the pen crossed it, a tone mark may
# be misread. Cost: a few point maps and histograms of a colour page and a walk over its squares with
# pen in them (0.2-0.4 s at 300 dpi, against several seconds of OCR a page).
_PEN_BLUENESS = 40
_PEN_SQUARES_ACROSS = 42
_PEN_SQUARES = 5
_PEN_SHARE = 0.5
_INKED = 128

# A school's name printed in blue in the header (or a paragraph in blue among black ones) runs on over
# _PEN_SQUARES squares as a signature does, and was lightened away with the header's name: the report
# named no school. Only blue ink that crosses other ink is a signature to lighten: one within
# _CROSSING_PIXELS of ink darker than _INKED that is not blue (outside _PEN_EDGE_PIXELS of the blue,
# whose own blurred edges lose their blueness on a JPEG), for _CROSSING_SHARE of its ink or more
# (a signature across the printed name: about a fifth; blue print: none). A signature drawn clear of
# the print cuts no letter and is left as it is. Cost: two box blurs and a few point maps of the part
# of the page holding such ink (about 0.05 s for a signing block at 300 dpi).
_PEN_EDGE_PIXELS = 2
_CROSSING_PIXELS = 4
_CROSSING_SHARE = 0.05


def _without_blue_pen(image: Image.Image, grey: Image.Image) -> Image.Image:
    """The greyscale page with the colour image's signatures in blue ink lightened (see _PEN_SQUARES and
    _CROSSING_SHARE)."""
    red, green, blue = image.split()
    blueness = ImageChops.subtract(blue, ImageChops.lighter(red, green))
    pen = blueness.point(lambda v: 255 if v > _PEN_BLUENESS else 0)
    inked = pen.histogram()[255]
    if not inked or inked > _PEN_SHARE * grey.point(lambda v: 255 if v < _INKED else 0).histogram()[255]:
        return grey
    side = max(1, image.width // _PEN_SQUARES_ACROSS)
    squares = pen.resize((-(-image.width // side), -(-image.height // side)), Image.Resampling.BOX)
    strokes = _signatures(squares, pen, grey, side)
    if not strokes.getbbox():
        return grey
    area = strokes.resize((strokes.width * side, strokes.height * side), Image.Resampling.NEAREST)
    signed = ImageChops.multiply(blueness, area.crop((0, 0, image.width, image.height)))
    return ImageChops.add(grey, signed.point(lambda v: v * _REDNESS_GAIN))


def _signatures(squares: Image.Image, pen: Image.Image, grey: Image.Image, side: int) -> Image.Image:
    """A mask of the squares (255) with pen in them that touch others into a group _PEN_SQUARES wide or
    more and cross other ink (see _CROSSING_SHARE); pen is the page's mask of blue ink, grey the page,
    side the squares' side in pixels."""
    out = Image.new("L", squares.size, 0)
    for group in sheets.groups(squares.point(lambda v: 255 if v else 0)):
        columns = {x for x, _ in group}
        if max(columns) - min(columns) + 1 < _PEN_SQUARES:
            continue
        left, top, right, bottom = (
            min(columns) * side,
            min(y for _, y in group) * side,
            (max(columns) + 1) * side,
            (max(y for _, y in group) + 1) * side,
        )
        box = (left, top, min(right, pen.width), min(bottom, pen.height))
        if _crossing_share(pen.crop(box), grey.crop(box)) >= _CROSSING_SHARE:
            for place in group:
                out.putpixel(place, 255)
    return out


def _crossing_share(pen: Image.Image, grey: Image.Image) -> float:
    """The share of a patch's blue ink (pen, its mask) near other ink of the patch (grey, its page):
    ink darker than _INKED farther than _PEN_EDGE_PIXELS from the blue but within _CROSSING_PIXELS."""
    edges = pen.filter(ImageFilter.BoxBlur(_PEN_EDGE_PIXELS)).point(lambda v: 255 if v else 0)
    other = ImageChops.subtract(grey.point(lambda v: 255 if v < _INKED else 0), edges)
    near = pen.filter(ImageFilter.BoxBlur(_CROSSING_PIXELS)).point(lambda v: 255 if v else 0)
    crossed = ImageChops.multiply(other, near).histogram()[255]
    return crossed / (pen.histogram()[255] or 1)


def _grey(image: Image.Image) -> Image.Image:
    """The image in 8-bit greyscale, its transparent parts white; a deep grey scaled so that its
    brightest value is white."""
    if image.mode in _ALPHA_MODES or "transparency" in image.info:
        # convert("L") drops the alpha and shows the colour under it, often black: a page whose paper
        # is transparent black would come out all black.
        on_white = Image.new("RGBA", image.size, (255, 255, 255, 255))
        return Image.alpha_composite(on_white, image.convert("RGBA")).convert("L")
    if image.mode in _COLOUR_MODES:
        colour = _on_white(image if image.mode == "RGB" else image.convert("RGB"))  # no copy: see _upright
        return (
            seals.without_grey_seal(colour.convert("L"))
            if seals.colourless(colour)
            else _without_blue_pen(colour, _without_red(colour))
        )
    if image.mode not in _DEEP_MODES:
        return seals.without_grey_seal(_on_white(image.convert("L")))
    wide = image.convert("F")
    brightest = float(wide.getextrema()[1])  # type: ignore[arg-type]  # one band: (low, high)
    scale = 255.0 / brightest if brightest > 0 else 1.0
    return wide.point(lambda v: v * scale).convert("L")


# A report printed on grey recycled paper, or scanned with the copier's darkness turned up (heavy toner),
# comes out with its paper at about 110 and its print near black: tesseract's thresholds, set for print
# on white, lost the number line («Kế GIẢ CS PIN» for «Số: 60/BC-MGLT») and the signer's name, and the
# seal and pen were not told from print (their thresholds too are set for white paper). Such a page's
# paper (its brightest _PAPER_SHARE) is darker than _DARK_PAPER and its middle grey (its ground) has
# more ink under it than light over it (by _LEAST_CONTRAST levels): its levels are stretched so that
# its darkest _BLACK_SHARE is black and its paper white, before anything else looks at it. A page on
# white paper is left as it is; so is a negative (white letters on a dark ground: light over its
# ground) and a page of almost no contrast. Cost: a histogram of a reduced copy, and a point map of a
# dark page only.
_DARK_PAPER = 200
_PAPER_SHARE = 0.1
_BLACK_SHARE = 0.005
_LEAST_CONTRAST = 40
_MEASURE_PIXELS = 800


def _on_white(page: Image.Image) -> Image.Image:
    """The page (greyscale or RGB) with its levels stretched from dark paper to white (see _DARK_PAPER)."""
    small = page.convert("L")
    small.thumbnail((_MEASURE_PIXELS, _MEASURE_PIXELS))
    counts = small.histogram()
    total = sum(counts)
    paper = sheets.level_at(counts, (1 - _PAPER_SHARE) * total)
    black = sheets.level_at(counts, _BLACK_SHARE * total)
    ground = sheets.level_at(counts, total / 2)
    under = sum(counts[: max(0, ground - _LEAST_CONTRAST)])
    over = sum(counts[ground + _LEAST_CONTRAST + 1 :])
    if paper >= _DARK_PAPER or paper - black < _LEAST_CONTRAST or over >= under:
        return page
    scale = 255 / (paper - black)
    return page.point(lambda v: min(255, max(0, round((v - black) * scale))))
