"""Where the pages lie in a scan or a photo: a negative turned positive, a photo cut to its sheet, two pages
side by side parted, and the ink mask by which a page is levelled."""

from __future__ import annotations

import array
import statistics
from collections.abc import Iterator
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageFilter

# Masks of ink are measured on a copy _MASK_PIXELS on its long side: ink is what is darker than the
# paper around it by _INK_CONTRAST levels, not a shadow or the desk.
_MASK_PIXELS = 800
_INK_CONTRAST = 40


# A page scanned or saved as a negative (white letters on black: a copier's "invert" setting, a
# microfilm reader's print, a photo's colours inverted by an editing app) read at 68-75 % with its
# header lost, and nothing said why. Such a page is mostly dark (over _NEGATIVE_DARK of it darker than
# halfway between its darkest and brightest levels) and its bright part is strokes of letters: a
# minimum filter _STROKE_PIXELS wide, on a copy _NEGATIVE_PIXELS on its long side, leaves under
# _STROKES_LEFT of it. A phone photo of a page on a dark desk is as dark but its bright part, the sheet,
# stays; a page of dark photos keeps its paper between them. The page's edges (_NEGATIVE_EDGE of each
# side) are left out: a negative printed on a copier keeps the paper's white rim the copier cannot print
# on, which stays under the filter. A copy reduced to fit («giảm 90 %») has a rim wider than that, up to
# a fifth of the sheet, and was read as it was: the rows and columns at the page's edges that are almost
# all bright (_RIM_BRIGHT) are its rim and are left out first; a page more than half rim is paper, no
# negative. Cost: a thumbnail, a histogram and its rows' and columns' means for every page (a few
# milliseconds), the filter only for a mostly dark one.
# A faxed page printed grey on grey (its paper at about 210, its print at 120) with a few lines on it (the
# signing block alone) has no darkest or brightest twentieth apart from its paper: halfway between them
# is the paper's own level, half of it lay under that, and the page was turned into a negative, its
# signer lost. A negative's ground is dark: a page whose middle grey level (its median) is lighter than
# _NEGATIVE_GROUND is paper.
_NEGATIVE_GROUND = 128
_NEGATIVE_DARK = 0.5
_NEGATIVE_PIXELS = 1200
_STROKE_PIXELS = 5
_STROKES_LEFT = 0.25
_EXTREME_SHARE = 0.05
_NEGATIVE_EDGE = 0.06
_RIM_BRIGHT = 0.9


def negative(page: Image.Image) -> bool:
    """Whether a greyscale page is a negative: light letters on a dark ground (see _NEGATIVE_DARK)."""
    small, middle, lit = _lit(page, _NEGATIVE_PIXELS)
    left, right = _within_rim(lit.resize((lit.width, 1), Image.Resampling.BOX).tobytes())
    top, bottom = _within_rim(lit.resize((1, lit.height), Image.Resampling.BOX).tobytes())
    if 2 * (right - left) < small.width or 2 * (bottom - top) < small.height:
        return False  # mostly paper
    dx, dy = round(_NEGATIVE_EDGE * (right - left)), round(_NEGATIVE_EDGE * (bottom - top))
    small = small.crop((left + dx, top + dy, right - dx, bottom - dy))
    counts = small.histogram()
    total = sum(counts) or 1
    bright = sum(counts[middle + 1 :])
    if level_at(counts, total / 2) >= _NEGATIVE_GROUND:
        return False  # light paper, however little of it is lighter still
    if total - bright <= _NEGATIVE_DARK * total or not bright:
        return False
    left = sum(small.filter(ImageFilter.MinFilter(_STROKE_PIXELS)).histogram()[middle + 1 :])
    return left < _STROKES_LEFT * bright


def _lit(page: Image.Image, pixels: int) -> tuple[Image.Image, int, Image.Image]:
    """A copy of a greyscale page at most pixels on its long side, the grey level halfway between its
    darkest and brightest _EXTREME_SHARE, and the copy's mask of what is lighter than that level."""
    small = page.copy()
    small.thumbnail((pixels, pixels))
    counts = small.histogram()
    total = sum(counts) or 1
    middle = (level_at(counts, _EXTREME_SHARE * total) + level_at(counts, (1 - _EXTREME_SHARE) * total)) // 2
    return small, middle, small.point(lambda v: 255 if v > middle else 0)


def _within_rim(means: bytes) -> tuple[int, int]:
    """The first and past-the-last places inside the bright rim at both ends (see _RIM_BRIGHT)."""
    inside = [i for i, v in enumerate(means) if v < _RIM_BRIGHT * 255]
    return (inside[0], inside[-1] + 1) if inside else (0, 0)


def level_at(counts: list[int], seen: float) -> int:
    """The grey level under which seen pixels of a histogram lie."""
    total = 0
    for level, count in enumerate(counts):
        total += count
        if total >= seen:
            return level
    return len(counts) - 1


# A phone photo of a sheet on a dark desk, taken from a little way off (a 12-megapixel photo, the sheet a
# third of it), was scaled as a whole to an A4 page's size: the sheet itself came out at about 120 dpi
# and OCR misread its numbers (a twentieth fewer words right than the same sheet photographed close).
# The photo is cut to the sheet first: the rows and columns where the bright paper (above halfway between
# the image's darkest and brightest _EXTREME_SHARE) fills at least _SHEET_SHARE of the fullest, on a copy
# _MASK_PIXELS on its long side, and a margin; only when what is cut off is dark all over (under
# _CUT_BRIGHT of it paper-bright: a desk, not a dark banner with white letters), holds no letters
# (_CUT_INK: not the lower part of the sheet under the shadow of the hand holding the phone) and is at
# least _CUT_AREA of the photo. Cost: a thumbnail and two means per image file, and an ink mask of the
# thumbnail when a dark surround is found.
_SHEET_SHARE = 0.5
_CUT_BRIGHT = 0.02
_CUT_AREA = 0.2
_SHEET_MARGIN = 0.01
_CUT_INK = 0.002
_SHEET_EDGE = 0.03


def on_the_sheet(page: Image.Image) -> Image.Image:
    """The photo cut to the sheet of paper in it, when a dark surround is around it (see _SHEET_SHARE)."""
    small, _, bright = _lit(page, _MASK_PIXELS)
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
    if _ink_outside(ink_mask(page), (left, top, right, bottom)) > _CUT_INK * outside:
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


# Two A4 pages laid side by side on an A3 scanner's glass (two sheets scanned at once, a booklet's
# spread) come as one landscape image, and tesseract read across the gutter: a line of the left page
# joined the line of the right page beside it. A landscape page whose lines run across it is parted
# where a band of paper without ink (_GUTTER_INK: a speck, a punched hole) runs from top to bottom (but
# for _GUTTER_EDGE of it, where the sheets of a photo meet the desk around them, tilted across the
# gutter) with its middle within _GUTTER_MIDDLE of the page's, and some rows on either side hold ink
# (_SIDE_ROWS): each side is levelled and read as a page, the left above the right. A band _GUTTER_SHARE
# of the page's width or more (two pages' margins are 3-5 cm of 42) parts it unless the two sides are one
# table (see _TABLE_SHARE); a narrower one (two sheets laid edge to edge, their inner margins cut off,
# only their meeting edge between them) only when the sides' lines do not line up (see _APART_BELOW). A
# landscape table ruled across its middle, or a page whose words cross it, is read whole. Cost: column
# and row means of the levelling's ink thumbnail and of its two sides, for a landscape page only (under
# a millisecond).
_LANDSCAPE = 1.2
_GUTTER_SHARE = 0.05
_GUTTER_INK = 0.005
_GUTTER_MIDDLE = (0.35, 0.65)
_SIDE_ROWS = 0.02
_GUTTER_EDGE = 0.06  # of the height, top and bottom, within a page's margins (2 cm of 29.7)

# A landscape table without rules, its labels on the left and its figures on the right, has a wide band
# of paper down its middle too, and was read as two pages: every figure parted from its label. Its rows
# line up across that band (a line of one side lies beside a line of the other: their middles apart by
# under _LINE_OFFSET of the taller one's height), _TABLE_SHARE of the lines of both sides or more, at
# least _TABLE_ROWS on each; and the lined-up rows of one side are themselves cells in columns, parted by
# a band of paper _CELL_GAP of the page's width or more (two report pages printed from one template line
# up as well, but their lines are text running across their page). Rows of a line hold ink in _LINE_INK
# of their side's width or more. Two pages of tables printed from one template (two annexes) line up in
# cells as well, but they are one layout twice: the columns' ink of the page's left half falls as that of
# its right half (their correlation, the halves shifted by up to _LAYOUT_SHIFT of the width, reaches
# _SAME_LAYOUT; a table's labels and figures do not), measured on the columns' means at _LAYOUT_PIXELS
# across. Tesseract's own layout analysis parts such a table in columns too (the
# labels, then each column of figures): the page is marked to be read row by row (ocr.prepare). Two
# sheets edge to edge are parted only when under _APART_BELOW of their lines line up (a page whose lines
# run across a narrow band of paper has the same lines on both sides of it) or when both sides are pages
# of running text, _TEXT_LINES lines or more each and neither in cells: two sheets printed from one
# template, their lines at the same heights, line up all the way down and were read as one page. A
# page's table does not hold running text on both sides, and two columns of running text are read one
# after the other, as two pages are.
_LINE_INK = 0.01
_LINE_OFFSET = 0.25
_TABLE_SHARE = 0.75
_TABLE_ROWS = 3
_CELL_GAP = 0.01
_APART_BELOW = 0.5
_SAME_LAYOUT = 0.5
_LAYOUT_SHIFT = 0.05
_LAYOUT_PIXELS = 200
_TEXT_LINES = 12


@dataclass(frozen=True)
class Layout:
    """The pages a scanned page holds, left then right, and whether it is one table to be read row by row
    (see _TABLE_SHARE)."""

    pages: tuple[Image.Image, ...]
    table: bool = False


def sides(page: Image.Image) -> Layout:
    """The page, or the two pages side by side on it (see _GUTTER_SHARE)."""
    whole = Layout((page,))
    if page.width < _LANDSCAPE * page.height:
        return whole
    ink = ink_mask(page)
    if _lying_sideways(ink):
        return whole
    edge = round(_GUTTER_EDGE * ink.height)  # where a photo's sheet meets the desk, crossing the gutter
    middle = ink.crop((0, edge, ink.width, ink.height - edge)).resize((ink.width, 1), Image.Resampling.BOX)
    quiet = [v <= 255 * _GUTTER_INK for v in middle.tobytes()]
    low, high = (share * ink.width for share in _GUTTER_MIDDLE)
    gutters = [(end - start, start, end) for start, end in _runs(quiet) if low <= (start + end) / 2 <= high]
    if not gutters:
        return whole
    width, start, end = max(gutters)
    left, right = ink.crop((0, 0, start, ink.height)), ink.crop((end, 0, ink.width, ink.height))
    if not all(_inked_rows(side) >= _SIDE_ROWS for side in (left, right)):
        return whole
    left_lines, right_lines = _lines(left), _lines(right)
    left_beside, right_beside = _beside(left_lines, right_lines), _beside(right_lines, left_lines)
    lined_up = (len(left_beside) + len(right_beside)) / (len(left_lines) + len(right_lines) or 1)
    if width < _GUTTER_SHARE * ink.width:
        if lined_up >= _APART_BELOW and not _two_texts(left, right, left_beside, right_beside, ink.width):
            return whole
    elif (
        lined_up >= _TABLE_SHARE
        and min(len(left_beside), len(right_beside)) >= _TABLE_ROWS
        and (_in_cells(left, left_beside, ink.width) or _in_cells(right, right_beside, ink.width))
        and not _one_layout_twice(ink)
    ):
        return Layout((page,), table=True)
    cut = round((start + end) / 2 * page.width / ink.width)
    return Layout((page.crop((0, 0, cut, page.height)), page.crop((cut, 0, page.width, page.height))))


# Whether a landscape page's lines run down it (a portrait page lying sideways) is told by how unevenly
# its ink falls on its rows and on its columns, each half of it turned by the tilts of _HALF_TILTS at
# which it is most uneven: two sheets laid by hand at tilts a few degrees apart have no one tilt at which
# both their rows line up, and the edge where they meet, a line from top to bottom, made the page's
# columns the more uneven. Measured on the ink thumbnail at half its size. Cost: ten turns of each half
# of it, about 30 ms a landscape page.
_HALF_TILTS = (-2.0, -1.0, 0.0, 1.0, 2.0)


def _lying_sideways(ink: Image.Image) -> bool:
    """Whether the ink's lines run down the image rather than across it (see _HALF_TILTS)."""
    across = down = 0.0
    small = ink.resize((ink.width // 2, ink.height // 2), Image.Resampling.BOX)
    for box in ((0, 0, small.width // 2, small.height), (small.width // 2, 0, small.width, small.height)):
        half = small.crop(box)
        across += max(unevenness(half, tilt) for tilt in _HALF_TILTS)
        turned = half.transpose(Image.Transpose.ROTATE_90)
        down += max(unevenness(turned, tilt) for tilt in _HALF_TILTS)
    return across < down


def _lines(ink: Image.Image) -> list[tuple[int, int]]:
    """The (top, bottom) rows of every line of an ink mask (see _LINE_INK)."""
    rows = ink.resize((1, ink.height), Image.Resampling.BOX).tobytes()
    return list(_runs([v >= 255 * _LINE_INK for v in rows]))


def _beside(lines: list[tuple[int, int]], others: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The lines that lie beside one of others (see _LINE_OFFSET)."""
    return [
        (top, bottom)
        for top, bottom in lines
        if any(
            abs(top + bottom - other_top - other_bottom) / 2
            <= _LINE_OFFSET * max(bottom - top, other_bottom - other_top)
            for other_top, other_bottom in others
        )
    ]


def _in_cells(ink: Image.Image, lines: list[tuple[int, int]], page_width: int) -> bool:
    """Whether the ink of an ink mask's lines is parted in columns (see _CELL_GAP)."""
    rows = Image.new("L", (1, ink.height), 0)
    for top, bottom in lines:
        rows.paste(255, (0, top, 1, bottom))
    on_lines = ImageChops.multiply(ink, rows.resize(ink.size))
    inked = [bool(v) for v in on_lines.resize((ink.width, 1), Image.Resampling.BOX).tobytes()]
    if True not in inked:
        return False
    first, last = inked.index(True), len(inked) - inked[::-1].index(True)
    return any(
        end - start >= _CELL_GAP * page_width for start, end in _runs([not v for v in inked[first:last]])
    )


def _two_texts(
    left: Image.Image,
    right: Image.Image,
    left_beside: list[tuple[int, int]],
    right_beside: list[tuple[int, int]],
    page_width: int,
) -> bool:
    """Whether both sides of an ink mask are pages of running text (see _TEXT_LINES)."""
    return (
        min(len(_lines(left)), len(_lines(right))) >= _TEXT_LINES
        and not _in_cells(left, left_beside, page_width)
        and not _in_cells(right, right_beside, page_width)
    )


def _one_layout_twice(ink: Image.Image) -> bool:
    """Whether the left and right halves of an ink mask are laid out alike (see _SAME_LAYOUT)."""
    columns = list(ink.resize((_LAYOUT_PIXELS, 1), Image.Resampling.BOX).tobytes())
    half, reach = _LAYOUT_PIXELS // 2, round(_LAYOUT_SHIFT * _LAYOUT_PIXELS)
    return any(
        _correlation(
            columns[max(0, -shift) : half - max(0, shift)],
            columns[half + max(0, shift) : _LAYOUT_PIXELS - max(0, -shift)],
        )
        >= _SAME_LAYOUT
        for shift in range(-reach, reach + 1)
    )


def _correlation(xs: list[int], ys: list[int]) -> float:
    """The Pearson correlation of two equally long series; 0.0 when either is flat."""
    try:
        return statistics.correlation(xs, ys)
    except statistics.StatisticsError:
        return 0.0


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


def stacked(pages: list[Image.Image]) -> Image.Image:
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


def ink_mask(page: Image.Image) -> Image.Image:
    """A mask of the page's ink (255) on a copy _MASK_PIXELS on its long side."""
    small = page.copy()
    small.thumbnail((_MASK_PIXELS, _MASK_PIXELS))
    paper = small.filter(ImageFilter.GaussianBlur(8))
    return ImageChops.subtract(paper, small).point(lambda v: 255 if v > _INK_CONTRAST else 0)


def unevenness(ink: Image.Image, angle: float) -> float:
    """How unevenly the ink falls on the rows of the image turned by angle: the variance of the rows'
    means, highest when the rows follow the lines of text."""
    turned = ink.rotate(angle, resample=Image.Resampling.BILINEAR).convert("F")
    rows = array.array("f", turned.resize((1, turned.height), Image.Resampling.BOX).tobytes())
    mean = sum(rows) / len(rows)
    return sum((r - mean) ** 2 for r in rows) / len(rows)


def groups(squares: Image.Image) -> list[set[tuple[int, int]]]:
    """The groups of a mask's marked pixels (non-zero) that touch, diagonals included, as (x, y) sets."""
    width = squares.width
    marked = {(i % width, i // width) for i, v in enumerate(squares.tobytes()) if v}
    out = []
    while marked:
        group, todo = set(), [marked.pop()]
        while todo:
            x, y = todo.pop()
            group.add((x, y))
            for near in ((x + dx, y + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)):
                if near in marked:
                    marked.discard(near)
                    todo.append(near)
        out.append(group)
    return out
