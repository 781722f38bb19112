"""Several reports scanned or printed into one file, cut into one document per report."""

from __future__ import annotations

import dataclasses
import re

from parsers import facts, issuers, ocr
from parsers.document import Document, Header, Page
from parsers.text import fold

_KIND_REPORT = "bao cao"
_MOTTO = re.compile(r"^\s*cong hoa xa hoi chu nghia viet nam\b")  # folded; one in every header
_LEFT_COLUMN = 4  # lines a header's left column may print before the motto: parent body, issuer, number
_HEAD_LINES = 8  # the lines a header may print above its "BÁO CÁO": left column, motto, date line
_DATE_LINE = re.compile(r"\bngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}\b")  # folded


def split_reports(document: Document) -> tuple[Document, ...]:
    """The document cut before every report of another issuer than the part before it, of another year, or
    of the same issuer with a title of its own.

    A cluster leader or a commune's clerk scans several schools' signed reports into one PDF, or pastes
    them one after another into one Word file: each report is then read as a document of its own, named
    after the file and its pages ("BC.pdf (trang 4-6)") or its place in a file without pages ("BC.docx
    (phần 2)"), with its own header, so that each school is credited with its own report. A report opens
    with a full Decree 30 header: an issuer, "Số:" or a date line, and "BÁO CÁO". A school's cover letter
    and the report it sends, or a report and its annexes, come from one issuer and stay one document. A
    school's report of one year pasted or printed with its report of another (last year's kept in the
    file above this year's) is cut too: each is read with its own date, figures and season. So is a
    school's report on one matter pasted with its report on another (NQ121, then drowning prevention), each
    with its own title: each is credited as the report it is.
    """
    if not document.header.issuer:
        return (document,)
    if document.pages:
        return _split_pages(document)
    return _split_text(document)


def _split_pages(document: Document) -> tuple[Document, ...]:
    """A PDF cut before every page that opens another issuer's report, or a report of another year; a
    scanned page holding two reports (see _page_parts) is cut where the second opens."""
    pages = [part for page in document.pages for part in _page_parts(page)]
    starts = [0]
    before = document.header
    for index, page in enumerate(pages[1:], start=1):
        opened = _opened_by(page.text, ocr=page.method == "ocr")
        if opened is not None and _another_report(opened, before, ocr=page.method == "ocr"):
            starts.append(index)
            before = opened
    if len(starts) == 1:
        return (document,)
    ends = [*starts[1:], len(pages)]
    parts = [_part(document, tuple(pages[a:b])) for a, b in zip(starts, ends, strict=True)]
    names = [p.name for p in parts]
    return tuple(
        dataclasses.replace(part, name=f"{part.name[:-1]}, phần {names[:i].count(part.name) + 1})")
        if names.count(part.name) > 1
        else part
        for i, part in enumerate(parts)
    )


def _page_parts(page: Page) -> tuple[Page, ...]:
    """A scanned page cut before every header after its first that opens a report: two A4 reports scanned
    side by side on one A3 sheet (read left page first) or two half sheets on one. Two schools' reports
    photographed on one sheet were read as the first school's alone, the second's lines after its own."""
    if page.method != "ocr":
        return (page,)
    lines = page.text.split("\n")
    # OCR parts a header's two columns with a tab: the motto stands after the issuer on its line.
    mottos = [i for i, line in enumerate(lines) if any(_MOTTO.match(fold(c)) for c in line.split("\t"))]
    starts = [0]
    for motto in mottos[1:]:
        start = _head_start(lines, max(starts[-1] + 1, motto - _LEFT_COLUMN), motto)
        if _opened_by("\n".join(lines[start:]), ocr=True) is not None:
            starts.append(start)
    if len(starts) == 1:
        return (page,)
    ends = [*starts[1:], len(lines)]
    return tuple(
        dataclasses.replace(page, text="\n".join(lines[a:b]).strip())
        for a, b in zip(starts, ends, strict=True)
    )


def _split_text(document: Document) -> tuple[Document, ...]:
    """A text without pages (a Word file) cut before every header that opens another issuer's report, or
    a report of another year: each header has the motto line, with the left column's lines (parent body,
    issuer, number) just before it."""
    lines = document.text.split("\n")
    mottos = [i for i, line in enumerate(lines) if _MOTTO.match(fold(line))]
    starts = [0]
    before = document.header
    for motto in sorted((*mottos[1:], *_mottoless_heads(lines, mottos))):
        start = _head_start(lines, max(starts[-1] + 1, motto - _LEFT_COLUMN), motto)
        opened = _opened_by("\n".join(lines[start:]), ocr=document.method == "ocr")
        if opened is not None and _another_report(opened, before, ocr=document.method == "ocr"):
            starts.append(start)
            before = opened
    if len(starts) == 1:
        return (document,)
    ends = [*starts[1:], len(lines)]
    parts = []
    for number, (a, b) in enumerate(zip(starts, ends, strict=True), start=1):
        text = "\n".join(lines[a:b]).strip()
        parts.append(
            dataclasses.replace(
                document,
                name=f"{document.name} (phần {number})",
                text=text,
                header=facts.extract_header(text),
            )
        )
    return tuple(parts)


def _mottoless_heads(lines: list[str], mottos: list[int]) -> list[int]:
    """Where the headers typed without the motto line start after the text's first report: the left
    column's lines (parent body, issuer, "Số:") and the date line just before a "BÁO CÁO" line that no motto
    stands above (a clerk pasting reports whose header was typed as plain lines)."""
    kinds = [i for i, line in enumerate(lines) if fold(line).strip() == _KIND_REPORT]
    heads = []
    for kind in kinds[1:]:
        if any(kind - _HEAD_LINES <= m < kind for m in mottos):
            continue
        start = kind
        while start > max(1, kind - _HEAD_LINES) and _in_head(lines[start - 1]):
            start -= 1
        while start < kind and not lines[start].strip():
            start += 1
        if start < kind:
            heads.append(start)
    return heads


def _in_head(line: str) -> bool:
    return _in_left_column(line) or bool(_DATE_LINE.search(fold(line)))


def _head_start(lines: list[str], lowest: int, motto: int) -> int:
    """Where a header whose motto is at line motto starts: the capital lines and the "Số:" line just
    before it (the left column), not the signer's name that ends the report before."""
    start = motto
    while start > lowest and _in_left_column(lines[start - 1]):
        start -= 1
    return start


def _in_left_column(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.isupper() or fold(stripped).startswith("so")


def _opened_by(text: str, *, ocr: bool) -> Header | None:
    """The header of the report text opens with, or None when it opens none. A scanned sheet whose
    issuer was not read (its top edge cut off by the scanner, the lines under a sticky note) still opens
    a report by its "BÁO CÁO" and its number or date: which school's it is, matching tells from its own
    words, not from the report before it."""
    header = facts.extract_header(text)
    if (header.issuer is None and not ocr) or not _is_report(header):
        return None
    if header.number is None and header.date is None:
        return None
    return header


def _is_report(header: Header) -> bool:
    return header.kind is not None and fold(header.kind) == _KIND_REPORT


def _another_report(opened: Header, before: Header, *, ocr: bool) -> bool:
    """Whether the report opened is not a part of the paper before it: another issuer's, or the same
    issuer's report dated in another year than the report before it, or, in a text layer, with a title of
    its own under another number or none (a school's report on one matter pasted after its report on
    another); any report whose issuer was not read."""
    # A scan's issuer lines are read with misread letters: one school's, when they name one school
    # (parsers.issuers), though not alike word for word.
    if opened.issuer is None or not issuers.same_school(opened.issuer, before.issuer or "", misread=ocr):
        return True
    if not _is_report(before):
        return False
    if opened.date is not None and before.date is not None and opened.date.year != before.date.year:
        return True
    # A scan's titles are read with misread letters and its pages come in one batch of one school's
    # papers: only a text layer's titles tell one matter from another.
    if ocr or opened.title is None or before.title is None:
        return False
    renumbered = None in (opened.number, before.number) or opened.number != before.number
    return renumbered and fold(opened.title) != fold(before.title)


def _part(document: Document, pages: tuple[Page, ...]) -> Document:
    first, last = pages[0].number, pages[-1].number
    shown = f"trang {first}" if first == last else f"trang {first}-{last}"
    text = "\n\n".join(p.text for p in pages if p.text.strip()).strip()
    methods = {p.method for p in pages}
    method = document.method
    if method in ("text", "ocr", "mixed"):
        method = methods.pop() if len(methods) == 1 else "mixed"
    return dataclasses.replace(
        document,
        name=f"{document.name} ({shown})",
        text=text,
        pages=pages,
        header=facts.extract_header(text),
        method=method,
        ocr_confidence=ocr.worst_confidence(pages),
    )
