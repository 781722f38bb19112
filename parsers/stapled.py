"""Several reports scanned or printed into one file, cut into one document per report."""

from __future__ import annotations

import dataclasses
import re

from rapidfuzz import fuzz

from parsers import facts
from parsers.document import Document, Page
from parsers.text import fold

_KIND_REPORT = "bao cao"
_NOT_WORD = re.compile(r"\W+")
# A school writes its level in full on one paper and short on the next ("TRƯỜNG TIỂU HỌC MỸ AN" over its
# plan, "TRƯỜNG TH MỸ AN" over its report): folded, each level is compared by its short form.
_LEVELS = (
    ("trung hoc co so", "thcs"),
    ("trung hoc pho thong", "thpt"),
    ("tieu hoc", "th"),
    ("mam non", "mn"),
    ("mau giao", "mg"),
)
# Two issuer lines read from a scan are the same issuer above this rapidfuzz ratio: OCR misreads a letter
# or two of a name, and a misread must not cut one school's paper in two.
_SAME_ISSUER = 85


def split_reports(document: Document) -> tuple[Document, ...]:
    """The document cut before every page that opens a report of another issuer than the part before it.

    A cluster leader or a commune's clerk scans several schools' signed reports into one PDF: each
    report is then read as a document of its own, named after the file and its pages ("BC.pdf (trang
    4-6)"), with its own header, so that each school is credited with its own pages. A page opens a
    report when its head is a full Decree 30 header: an issuer, "Số:" or a date line, and "BÁO CÁO". A
    school's cover letter and the report it sends, or a report and its annexes, come from one issuer and
    stay one document.
    """
    if len(document.pages) < 2 or not document.header.issuer:
        return (document,)
    starts = [0]
    issuer = document.header.issuer
    for index, page in enumerate(document.pages[1:], start=1):
        opened = _opened_by(page)
        if opened is not None and not _same_issuer(opened, issuer, ocr=page.method == "ocr"):
            starts.append(index)
            issuer = opened
    if len(starts) == 1:
        return (document,)
    ends = [*starts[1:], len(document.pages)]
    return tuple(_part(document, document.pages[a:b]) for a, b in zip(starts, ends, strict=True))


def _opened_by(page: Page) -> str | None:
    """The issuer of the report this page opens, or None when it opens none."""
    header = facts.extract_header(page.text)
    if header.issuer is None or header.kind is None or fold(header.kind) != _KIND_REPORT:
        return None
    if header.number is None and header.date is None:
        return None
    return header.issuer


def _same_issuer(one: str, other: str, *, ocr: bool) -> bool:
    a, b = (_issuer_key(x) for x in (one, other))
    return a == b or (ocr and fuzz.ratio(a, b) >= _SAME_ISSUER)


def _issuer_key(issuer: str) -> str:
    folded = " ".join(fold(issuer).split())
    for long, short in _LEVELS:
        folded = folded.replace(long, short)
    return _NOT_WORD.sub("", folded.removeprefix("truong "))


def _part(document: Document, pages: tuple[Page, ...]) -> Document:
    first, last = pages[0].number, pages[-1].number
    shown = f"trang {first}" if first == last else f"trang {first}-{last}"
    text = "\n\n".join(p.text for p in pages if p.text.strip()).strip()
    methods = {p.method for p in pages}
    method = document.method
    if method in ("text", "ocr", "mixed"):
        method = methods.pop() if len(methods) == 1 else "mixed"
    confidences = [p.confidence for p in pages if p.method == "ocr" and p.confidence is not None]
    return dataclasses.replace(
        document,
        name=f"{document.name} ({shown})",
        text=text,
        pages=pages,
        header=facts.extract_header(text),
        method=method,
        ocr_confidence=min(confidences) if confidences else None,
    )
