"""Scanned pages pasted into a word processor's document as pictures: which pictures are pages, and
the document's text with theirs read by OCR after it."""

from __future__ import annotations

import dataclasses
import io

from PIL import Image

from parsers import images, ocr
from parsers.document import Document, Limits, Page
from parsers.errors import EmptyFileError, ParseError, ParseTimeoutError

# A document with less typed text than this may be scanned pages pasted in as pictures; a picture is
# taken for a page when its long side has at least this many pixels (a logo or a signature has fewer).
SCANNED_BELOW = 500
_PAGE_PIXELS = 1000


def is_page(picture: bytes) -> bool:
    """True for a picture large enough to be a scanned page; False for a small one, or one Pillow does
    not know (an EMF drawing, a damaged file)."""
    try:
        with Image.open(io.BytesIO(picture)) as image:
            return max(image.size) >= _PAGE_PIXELS
    except Exception:
        return False


def with_scans(
    typed: Document, pictures: list[bytes], limits: Limits, reader: ocr.PageReader, what: str
) -> Document:
    """The typed text followed by the text read from each scanned picture, one page per picture; what
    names the file for the school ("tệp Word", "tệp")."""
    pages: list[Page] = []
    warnings: list[str] = []
    timeouts = 0
    for picture in pictures:
        try:
            scanned = images.read_image(typed.name, picture, limits, reader)
        except ParseTimeoutError:
            timeouts += 1
            warnings.append(f"Ảnh thứ {len(pages) + timeouts}: nhận dạng chữ quá thời gian, bỏ qua ảnh này.")
            continue
        except ParseError:  # a picture with no text (a photo of an activity), or one Pillow cannot decode
            continue
        pages.extend(
            Page(len(pages) + i + 1, p.text, "ocr", p.confidence) for i, p in enumerate(scanned.pages)
        )
    text = "\n\n".join(part for part in (typed.text, *(p.text for p in pages)) if part.strip())
    if timeouts == len(pictures) and not typed.text:
        raise ParseTimeoutError(
            f"Nhận dạng chữ các ảnh trong {what} {typed.name} quá thời gian cho phép "
            f"({limits.ocr_page_seconds:.0f} giây mỗi ảnh). Hệ thống sẽ thử lại sau."
        )
    if not text:
        raise EmptyFileError(
            f"{what[0].upper()}{what[1:]} {typed.name} chỉ có ảnh, không nhận dạng được chữ nào trong ảnh. "
            "Đề nghị trường quét rõ hơn hoặc gửi bản PDF."
        )
    confidences = [p.confidence for p in pages if p.confidence is not None]
    return dataclasses.replace(
        typed,
        text=text,
        pages=tuple(pages),
        method=("mixed" if typed.text else "ocr") if pages else "text",
        ocr_confidence=min(confidences) if confidences else None,
        warnings=tuple(warnings),
    )
