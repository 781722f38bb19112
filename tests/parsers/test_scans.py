"""Scans and photos as schools send them, read by the real tesseract: what a person reads on the page
comes out of OCR."""

from __future__ import annotations

import io
import random

import pypdfium2
from PIL import Image, ImageChops, ImageDraw, ImageFont

from parsers.document import Document, Limits, Reading
from parsers.read import read_attachment
from parsers.text import fold
from samples import documents
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
