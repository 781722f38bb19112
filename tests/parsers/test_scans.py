"""Scans and photos as schools send them, read by the real tesseract: what a person reads on the page
comes out of OCR."""

from __future__ import annotations

import io
import math
import random

import pypdfium2
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from parsers.document import Document, Limits, Reading
from parsers.read import read_attachment
from parsers.text import fold
from samples import documents
from samples.papers import Paper
from tests.parsers import corpus

PAPER = corpus.paper("Trường Mẫu giáo Long Thượng", seed=3)
LIMITS = Limits(ocr_page_seconds=120)


def only(reading: Reading) -> Document:
    assert not reading.failures, reading.failures
    assert len(reading.documents) == 1
    return reading.documents[0]


def _sheets(dpi: int = 150, *, skew: float = 0.8, seed: int = 0) -> list[Image.Image]:
    """The paper's pages as a scanner gives them: signed and stamped, a little askew, with noise."""
    return documents._scanned_pages(
        PAPER, dpi=dpi, skew=skew, stamp=True, rng=random.Random(seed), limit=None
    )


def _pdf(pages: list[Image.Image], dpi: int = 150) -> bytes:
    out = io.BytesIO()
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi), quality=60)
    return out.getvalue()


def test_a_first_sheet_fed_upside_down_keeps_its_number_and_title() -> None:
    """Only the first sheet went into the feeder upside down: it was read turned upright, but its
    header's number, a column lower than the date line beside it, came out as «Sộ: BUIB(MHOILT», so the
    report had no number; a sheet scanned upright reads it."""
    pages = _sheets()
    pages[0] = pages[0].rotate(180, expand=True)
    document = only(read_attachment("scan.pdf", _pdf(pages), LIMITS))
    assert document.header.number == PAPER.number
    assert document.header.issuer == PAPER.issuer
    assert document.header.kind == "BÁO CÁO"
    # A letter's tone mark may go either way on a JPEG-compressed scan, upright or not.
    assert fold(document.header.title or "") == fold(" ".join(PAPER.summary))


def _grey_seal_over_the_role(page: Image.Image, dpi: int = 150, grey: int = 75) -> Image.Image:
    """The last page with a seal scanned in black and white (dark grey) stamped over the signer's role."""
    pdf = pypdfium2.PdfDocument(documents.render_pdf(PAPER))
    try:
        last = pdf[len(pdf) - 1]
        found = last.get_textpage().search(PAPER.signer_role, match_case=True).get_next()
        assert found is not None
        first, count = found
        textpage = last.get_textpage()
        left, _, _, top = textpage.get_charbox(first)
        right, bottom = textpage.get_charbox(first + count - 1)[2], textpage.get_charbox(first)[1]
        height = last.get_height()
    finally:
        pdf.close()
    scale, mm = dpi / 72, dpi / 25.4
    x, y, radius = (left + right) / 2 * scale, (2 * height - top - bottom) / 2 * scale, 17 * mm
    seal = Image.new("L", page.size, 255)
    draw = ImageDraw.Draw(seal)
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=grey, width=round(0.7 * mm))
    inner = 0.68 * radius
    draw.ellipse((x - inner, y - inner, x + inner, y + inner), outline=grey, width=round(0.35 * mm))
    font = ImageFont.truetype(str(documents.FONT_DIR / "DejaVuSans-Bold.ttf"), round(2.6 * mm))
    draw.text((x, y + 4 * mm), "MẪU GIÁO LONG THƯỢNG", font=font, fill=grey, anchor="mm")
    draw.text((x, y - 4 * mm), "THỦ THỪA", font=font, fill=grey, anchor="mm")
    return ImageChops.multiply(page.convert("L"), seal)


def test_a_role_under_a_grey_seal_is_read_with_its_marks() -> None:
    """A seal stamped over «HIỆU TRƯỞNG» and scanned in black and white: OCR read «HIỆU TRƯỜNG», and the
    report showed staff a role no school writes."""
    pages = _sheets(skew=0)
    pages[-1] = _grey_seal_over_the_role(pages[-1])
    document = only(read_attachment("scan_bw.pdf", _pdf(pages), LIMITS))
    assert document.header.signer_role == PAPER.signer_role
    assert document.header.signer_name == PAPER.signer_name


def _perspective(corners: list[tuple[float, float]], to: list[tuple[float, float]]) -> list[float]:
    """Pillow's eight perspective coefficients that take the points to back to the corners."""
    rows = []
    for (x, y), (u, v) in zip(to, corners, strict=True):
        rows.append([x, y, 1.0, 0.0, 0.0, 0.0, -u * x, -u * y, u])
        rows.append([0.0, 0.0, 0.0, x, y, 1.0, -v * x, -v * y, v])
    for c in range(8):  # Gauss-Jordan elimination
        pivot = max(range(c, 8), key=lambda r: abs(rows[r][c]))
        rows[c], rows[pivot] = rows[pivot], rows[c]
        for r in range(8):
            if r != c:
                factor = rows[r][c] / rows[c][c]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[c], strict=True)]
    return [rows[i][8] / rows[i][i] for i in range(8)]


def _angled_photo(*, seed: int, tilt: float, keystone: float) -> bytes:
    """The first page photographed with a phone held at an angle over a desk: the sheet narrower at the
    top (keystone, of its width on each side), turned by tilt degrees, lit from one corner, JPEG."""
    page = _sheets(110, skew=0, seed=seed)[0].convert("RGB")
    margin = int(page.width * 0.08)
    size = (page.width + 2 * margin, page.height + 2 * margin)
    desk = Image.new("RGB", size, (110, 82, 60))
    desk.paste(page, (margin, margin))
    w, h = page.size
    corners = [(margin, margin), (margin + w, margin), (margin + w, margin + h), (margin, margin + h)]
    seen = [
        (margin + w * keystone, margin + h * keystone / 2),
        (margin + w * (1 - keystone), margin + h * 0.01),
        (margin + w, margin + h),
        (margin, margin + h * 0.98),
    ]
    angle, (cx, cy) = math.radians(tilt), (size[0] / 2, size[1] / 2)
    seen = [
        (
            cx + (x - cx) * math.cos(angle) - (y - cy) * math.sin(angle),
            cy + (x - cx) * math.sin(angle) + (y - cy) * math.cos(angle),
        )
        for x, y in seen
    ]
    photo = desk.transform(
        size,
        Image.Transform.PERSPECTIVE,
        _perspective(corners, seen),
        Image.Resampling.BICUBIC,
        fillcolor=(110, 82, 60),
    )
    side = int(1.5 * max(size))
    light = Image.linear_gradient("L").resize((side, side)).rotate(135)
    light = light.crop(
        ((side - size[0]) // 2, (side - size[1]) // 2, (side + size[0]) // 2, (side + size[1]) // 2)
    )
    light = light.resize(size).point(lambda v: 170 + v * 85 // 255)
    photo = ImageChops.multiply(photo, Image.merge("RGB", (light, light, light)))
    photo = photo.resize((size[0] * 3 // 2, size[1] * 3 // 2))
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=80)
    return out.getvalue()


def test_the_number_line_of_an_angled_phone_photo_is_read_once() -> None:
    """A phone photo taken at an angle, tilted six degrees: the school's name, read poorly beside the
    date line, was read again from a strip that held the number line under it, and the report showed
    «Số: 60/BC-MGLT» twice, once where the school's name stands."""
    document = only(read_attachment("IMG_3016.jpg", _angled_photo(seed=16, tilt=-6, keystone=0.12), LIMITS))
    assert fold(document.text).count(fold(f"Số: {PAPER.number}")) == 1
    assert document.header.number == PAPER.number


def _on_dark_glass(page: Image.Image) -> Image.Image:
    """The page scanned with the lid open: the glass around the sheet comes out near black."""
    page = page.convert("L")
    glass = Image.new("L", (round(page.width * 1.08), round(page.height * 1.06)), 25)
    glass.paste(page, (round(page.width * 0.05), round(page.height * 0.02)))
    return glass


def test_the_number_of_a_page_scanned_with_a_dark_border_is_read() -> None:
    """A report scanned with the lid open, the glass around the sheet black: tesseract read the number
    line as one word over its whole width, «mg.», too few letters to be read again, and the report had
    no number."""
    document = only(read_attachment("scan.pdf", _pdf([_on_dark_glass(page) for page in _sheets()]), LIMITS))
    assert document.header.number == PAPER.number
    assert document.header.date == PAPER.date


def _faxed(page: Image.Image) -> Image.Image:
    """The page as a fax prints and scans it: grey print (about 120) on grey paper (about 210), soft."""
    return page.convert("L").point(lambda v: 120 + v * 90 // 255).filter(ImageFilter.GaussianBlur(0.6))


def test_the_signed_page_of_a_grey_fax_is_no_negative() -> None:
    """A faxed report, grey print on grey paper: its last page, a few lines and the signing block, had
    no dark or light to speak of beside its paper, was taken for a negative and turned, and the report
    lost its signer (and staff were told the page was white on black)."""
    document = only(read_attachment("fax.pdf", _pdf([_faxed(page) for page in _sheets(200)], 200), LIMITS))
    assert not document.warnings
    assert document.header.signer_name == PAPER.signer_name


def _punched_and_stapled(page: Image.Image, dpi: int = 150) -> Image.Image:
    """The page with the shadows of two punched holes in its left margin and a staple in its corner."""
    page = page.convert("L")
    mm = dpi / 25.4
    draw = ImageDraw.Draw(page)
    for y in (page.height / 2 - 40 * mm, page.height / 2 + 40 * mm):
        draw.ellipse((3 * mm, y - 3 * mm, 9 * mm, y + 3 * mm), fill=40)
    draw.line((8 * mm, 14 * mm, 20 * mm, 6 * mm), fill=30, width=round(mm))
    return page


def test_a_staple_and_punched_holes_are_not_read_into_the_header() -> None:
    """A stapled, punched report scanned: the staple in the corner was read as «PS» above the header,
    and the report's parent body was «PS PHÒNG GD&ĐT THỦ THỪA»."""
    document = only(
        read_attachment("scan.pdf", _pdf([_punched_and_stapled(page) for page in _sheets()]), LIMITS)
    )
    assert document.header.parent_body == PAPER.parent_body
    assert document.header.issuer == PAPER.issuer
    assert document.text.startswith(PAPER.parent_body)


def _on_last_page(text: str, dpi: int, paper: Paper = PAPER) -> tuple[float, float, float, float]:
    """The box (left, top, right, bottom, in pixels at dpi) of a text printed on the paper's last page."""
    pdf = pypdfium2.PdfDocument(documents.render_pdf(paper))
    try:
        last = pdf[len(pdf) - 1]
        textpage = last.get_textpage()
        found = textpage.search(text, match_case=True).get_next()
        assert found is not None
        first, count = found
        left, bottom, _, top = textpage.get_charbox(first)
        right = textpage.get_charbox(first + count - 1)[2]
        height = last.get_height()
    finally:
        pdf.close()
    scale = dpi / 72
    return left * scale, (height - top) * scale, right * scale, (height - bottom) * scale


def test_a_blue_signature_over_the_printed_name_keeps_the_name() -> None:
    """A report scanned in colour at 300 dpi, the head signed in blue ballpoint across the printed name:
    tesseract dropped the name's line, cut by the pen's strokes, and the report had no signer. Where the
    pen crossed a letter its tone mark may still be misread."""
    dpi = 300
    pages = _sheets(dpi, skew=0)
    left, top, right, bottom = _on_last_page(PAPER.signer_name, dpi)
    rng, mm = random.Random(5), dpi / 25.4
    points, x = [], left - 8 * mm
    while x < right + 8 * mm:
        points.append((x, (top + bottom) / 2 + rng.uniform(-3, 3) * mm))
        x += rng.uniform(2, 4) * mm
    pen = Image.new("RGB", pages[-1].size, (255, 255, 255))
    ImageDraw.Draw(pen).line(points, fill=(30, 50, 160), width=round(0.5 * mm), joint="curve")
    pages[-1] = ImageChops.multiply(pages[-1].convert("RGB"), pen)
    document = only(read_attachment("scan.pdf", _pdf([page.convert("RGB") for page in pages], dpi), LIMITS))
    assert fold(document.header.signer_name or "") == fold(PAPER.signer_name)
    assert document.header.signer_role == PAPER.signer_role
    assert document.header.number == PAPER.number


def test_the_role_under_a_grey_seal_on_a_fax_is_read() -> None:
    """A faxed report, grey print on grey paper, a grey seal stamped over «HIỆU TRƯỞNG»: OCR read the
    role with the seal's specks in it and a letter wrong («⁄⁄+*_HIỆU`YRƯỞNG»), and the report had no
    signer's role."""
    dpi = 200
    pages = _sheets(dpi, skew=0)
    pages[-1] = _grey_seal_over_the_role(pages[-1], dpi)
    document = only(read_attachment("fax.pdf", _pdf([_faxed(page) for page in pages], dpi), LIMITS))
    assert document.header.signer_role == PAPER.signer_role
    assert document.header.signer_name == PAPER.signer_name


def test_a_photo_of_a_screen_is_read() -> None:
    """A report photographed off a computer screen, the screen's pixels showing through as moiré stripes:
    every word of a header line was read poorly and misaligned, and the page's OCR failed with an
    IndexError instead of giving its text."""
    page = _sheets(skew=0)[0].convert("RGB")
    width, height = page.size
    stripes = Image.new("L", page.size)
    stripes.putdata(
        [int(200 + 40 * math.sin((x * 0.9 + y * 0.35) * 0.8)) for y in range(height) for x in range(width)]
    )
    tint = Image.merge("RGB", (stripes, stripes, stripes.point(lambda v: min(255, v + 30))))
    screen = ImageChops.multiply(page, tint).filter(ImageFilter.GaussianBlur(0.7))
    out = io.BytesIO()
    screen.resize((width * 3 // 2, height * 3 // 2)).save(out, "JPEG", quality=80)
    document = only(read_attachment("IMG_2041.jpg", out.getvalue(), LIMITS))
    assert fold(document.header.issuer or "") == fold(PAPER.issuer)
    assert document.header.kind == PAPER.kind


def test_the_signing_block_of_a_grey_scan_at_150_dpi_is_read() -> None:
    """A report scanned in grey at 150 dpi and saved as JPEG: its thin print has more grey edge than
    black core, the page was taken for one printed pale, its grey seal was left over the signing block,
    and tesseract dropped the signer's role and name."""
    pages = documents._scanned_pages(PAPER, dpi=150, skew=0.5, stamp=True, rng=random.Random(1), limit=None)
    document = only(read_attachment("scan.pdf", _pdf([page.convert("L") for page in pages]), LIMITS))
    assert document.header.signer_role == PAPER.signer_role
    assert fold(document.header.signer_name or "") == fold(PAPER.signer_name)  # «Đương» on a JPEG


def test_the_signer_under_a_seal_turned_black_on_a_bilevel_fax_is_read() -> None:
    """A report faxed in black and white and mailed as a CCITT G4 TIFF: the red seal came out as black
    as the print, tesseract took it with the signer's role and name under it for a picture, and the
    report had no signer."""
    dpi = 200
    pages = [
        page.convert("L").point(lambda v: 255 if v > 140 else 0).convert("1") for page in _sheets(dpi, skew=0)
    ]
    out = io.BytesIO()
    pages[0].save(out, "TIFF", save_all=True, append_images=pages[1:], compression="group4", dpi=(dpi, dpi))
    document = only(read_attachment("fax.tif", out.getvalue(), LIMITS))
    assert document.header.signer_role == PAPER.signer_role
    assert document.header.signer_name == PAPER.signer_name
    assert document.header.number == PAPER.number


def _printed_in_blue(page: Image.Image, box: tuple[int, int, int, int]) -> Image.Image:
    """The page in colour with the print in box as a colour printer prints it in blue ink."""
    page = page.convert("RGB")
    part = page.crop(box).convert("L")
    page.paste(
        Image.merge(
            "RGB",
            (
                part.point(lambda v: 20 + v * 235 // 255),
                part.point(lambda v: 40 + v * 215 // 255),
                part.point(lambda v: 170 + v * 85 // 255),
            ),
        ),
        box,
    )
    return page


def test_a_school_name_printed_in_blue_in_the_header_is_read() -> None:
    """A school printed its header's left column in blue: the school's name ran on for more than 25 mm,
    was taken for a signature in blue ballpoint and lightened away, and the report named no school."""
    dpi = 200
    page = _sheets(dpi, skew=0)[0]
    page = _printed_in_blue(page, (0, 0, page.width // 2, round(40 * dpi / 25.4)))
    out = io.BytesIO()
    page.save(out, "JPEG", quality=85, dpi=(dpi, dpi))
    document = only(read_attachment("scan.jpg", out.getvalue(), LIMITS))
    assert document.header.issuer == PAPER.issuer
    assert document.header.parent_body == PAPER.parent_body
    assert document.header.number == PAPER.number


def _on_dark_paper(page: Image.Image, paper: int = 110, toner: int = 10) -> Image.Image:
    """The page in colour as scanned on grey recycled paper with the darkness turned up: the paper at
    about paper, the print a little spread and near black, the seal and the pen darkened with them."""
    page = page.convert("RGB").filter(ImageFilter.GaussianBlur(0.5))
    return page.point(lambda v: toner + v * (paper - toner) // 255)


def test_a_scan_on_dark_grey_paper_keeps_its_number_and_signer() -> None:
    """A report printed on grey recycled paper and scanned dark (paper at 110, heavy toner): tesseract,
    set for print on white, read the number line as «Kế GIẢ CS PIN» and lost the signer's name, and
    the report had neither."""
    sheets = _sheets()
    document = only(
        read_attachment("scan.pdf", _pdf([_on_dark_paper(p) for p in (sheets[0], sheets[-1])]), LIMITS)
    )
    assert document.header.number == PAPER.number
    assert document.header.date == PAPER.date
    assert document.header.signer_name == PAPER.signer_name


def _held_sideways(page: Image.Image, *, tilt: float, turn: int) -> bytes:
    """A phone photo of the page held sideways and a little askew, in a lamp's shadow falling off across
    it, at about 100 dpi and saved as a heavily compressed JPEG without an orientation tag."""
    page = page.convert("RGB").rotate(
        tilt, expand=True, fillcolor=(60, 50, 40), resample=Image.Resampling.BICUBIC
    )
    shadow = Image.linear_gradient("L").rotate(90).resize(page.size).point(lambda v: 255 - v * 110 // 255)
    page = ImageChops.multiply(page, Image.merge("RGB", (shadow, shadow, shadow))).rotate(turn, expand=True)
    out = io.BytesIO()
    page.save(out, "JPEG", quality=30)
    return out.getvalue()


def test_a_sideways_askew_photo_is_not_taken_for_a_blurred_page() -> None:
    """A photo of the last page held sideways and tilted four degrees: its lines ran down the image,
    where no tilt was measured, its two halves were taken for two pages side by side, and staff were
    told the page was blurred and its words might all be wrong."""
    page = documents._scanned_pages(PAPER, dpi=100, skew=0, stamp=True, rng=random.Random(1), limit=None)[-1]
    document = only(read_attachment("IMG_2044.jpg", _held_sideways(page, tilt=4, turn=90), LIMITS))
    assert not document.warnings
    # A tone mark may go either way on a JPEG this compressed.
    assert fold("PHẦN IV. KIẾN NGHỊ, ĐỀ XUẤT") in fold(document.text)


def test_a_school_name_wrapped_onto_the_date_lines_row_of_a_scan_is_whole() -> None:
    """A copier scan of a report whose header table wrapped the school's name onto the date line's row:
    OCR read «TRƯỜNG TIỂU HỌC LONG» and, a column gap apart, «THUẬN» beside the date line, which was left
    out as the specks a photo reads there, and the name began three schools' names."""
    paper = corpus.paper("Trường Tiểu học Long Thuận")
    data = corpus.header_table_pdf(paper, left=62, issuer="TRƯỜNG TIỂU HỌC LONG THUẬN")
    page = pypdfium2.PdfDocument(data)[0].render(scale=150 / 72, grayscale=True).to_pil().convert("L")
    page = page.rotate(0.6, resample=Image.Resampling.BILINEAR, fillcolor=255)
    document = only(read_attachment("scan.pdf", _pdf([documents._noisy(page, random.Random(2))]), LIMITS))
    assert document.header.issuer == "TRƯỜNG TIỂU HỌC LONG THUẬN"
    assert document.header.place == paper.place and document.header.date == paper.date
    assert document.header.number == paper.number
