"""Scans and photos as schools send them, read by the real tesseract: what a person reads on the page
comes out of OCR."""

from __future__ import annotations

import io
import random

from PIL import Image

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
