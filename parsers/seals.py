"""A school's seal stamped over print, lightened away from a page scanned in black and white.

In colour a red seal is lightened by its redness (images._without_red). Scanned in greyscale it comes out
dark grey: tesseract took the signing block under it for a picture and dropped it, and the report lost
its signer's role and name. Print is black at its core and grey only at its edges; a seal is grey all
through. Grey ink (under _GREY_BELOW) farther than _NEAR_PIXELS from black (under _BLACK_BELOW) is the
seal's where it is dense: _SEAL_DENSITY of a square _AREA_PIXELS wide (a seal's rings, star and lettering
are long lines; a line of print, its thin tone marks grey, holds at most half that). Around such squares
(_AREA_REACH of them: the ring's edge) the seal's grey is lightened to the paper, and on them and the
squares beside them so is whatever is as light as the seal's darkest (_SEAL_DARKEST, less _SEAL_MARGIN
levels), where the ring crosses a letter; further off that would thin the letters' fine strokes (the bar
of an H read as «I1»).
A page whose grey ink outweighs its black _PALE_OVER_BLACK times over (printed pale, a duplex scan's
show-through back, a fax) is left as it is: its print is grey. A page scanned at 150 dpi in grey and
saved as JPEG has thin print whose grey edges outweigh its black cores a little (1.2 times): taken for
pale print, its seal was left over the signing block, which tesseract dropped. Cost: a few point maps, a box blur and a reduced copy of a greyscale page
(about 30 ms at 200 dpi); a colour page is not touched.
"""

from __future__ import annotations

from PIL import Image, ImageChops, ImageFilter

from parsers.sheets import level_at

_BLACK_BELOW = 55
_GREY_BELOW = 200
_NEAR_PIXELS = 2
_AREA_PIXELS = 40  # 5 mm at the OCR's 200 dpi
_AREA_REACH = 2
_SEAL_DENSITY = 0.15
_SEAL_DARKEST = 0.05
_SEAL_MARGIN = 10
_PALE_OVER_BLACK = 2
_PAPER_SHARE = 0.1  # a page's paper is its brightest tenth
# An RGB image whose channels differ by no more than a JPEG's noise was scanned in greyscale.
_CHROMA_NOISE = 12


def colourless(image: Image.Image) -> bool:
    """Whether an RGB image holds no colour (see _CHROMA_NOISE)."""
    red, green, blue = image.split()
    return all(
        ImageChops.difference(one, other).getextrema()[1] <= _CHROMA_NOISE  # type: ignore[operator]
        for one, other in ((red, green), (green, blue))
    )


def without_grey_seal(page: Image.Image) -> Image.Image:
    """A greyscale page with a seal's grey lightened to its paper (see _SEAL_DENSITY)."""
    black = page.point(lambda v: 255 if v < _BLACK_BELOW else 0)
    near_black = black.filter(ImageFilter.BoxBlur(_NEAR_PIXELS)).point(lambda v: 255 if v else 0)
    grey = ImageChops.subtract(page.point(lambda v: 255 if v < _GREY_BELOW else 0), near_black)
    grey_count, black_count = grey.histogram()[255], black.histogram()[255]
    if not grey_count or grey_count > _PALE_OVER_BLACK * black_count:
        return page
    squares = grey.resize(
        (max(1, page.width // _AREA_PIXELS), max(1, page.height // _AREA_PIXELS)), Image.Resampling.BOX
    )
    dense = squares.point(lambda v: 255 if v >= 255 * _SEAL_DENSITY else 0)
    if not dense.getbbox():
        return page
    reach = dense.filter(ImageFilter.MaxFilter(2 * _AREA_REACH + 1))
    area = reach.resize(page.size, Image.Resampling.NEAREST)
    seal = ImageChops.multiply(grey, area)
    levels = page.histogram(seal)
    cut = level_at(levels, _SEAL_DARKEST * sum(levels)) - _SEAL_MARGIN
    on_seal = dense.filter(ImageFilter.MaxFilter(3)).resize(page.size, Image.Resampling.NEAREST)
    as_light = ImageChops.multiply(page.point(lambda v: 255 if v >= cut else 0), on_seal)
    paper = 255 - level_at(page.histogram()[::-1], _PAPER_SHARE * page.width * page.height)
    lightened = ImageChops.lighter(seal, as_light).point(lambda v: paper if v else 0)
    return ImageChops.lighter(page, lightened)
