"""The pages of one report scanned or photographed one file a page, put back in page order.

A school scans its report a sheet at a time («scan0001.pdf», «scan0002.pdf»), names the files by their
pages («trang 1.pdf», «trang 2.pdf») or photographs them («IMG_2.jpg», «IMG_10.jpg»), and its mail client
or the archive it sends lists them in any order: «IMG_10.jpg» before «IMG_2.jpg», «trang 2.pdf» before
«trang 1.pdf». Read in that order, the report ran page 2 before page 1, and the sections read out of
order were recorded missing. The scans (photos and PDFs read by OCR) whose names differ only by their
numbers are read in the order of those numbers; the others by the page number printed on them («- 2 -»,
«Trang 2»), when each has one but the first page, which a paper does not number; else as attached. Each
scan is put in the place of one, so that the typed files between them keep theirs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from parsers.document import Document
from parsers.text import fold

_NUMBER = re.compile(r"(\d+)")
# A printed page number on a line of its own, read by OCR: «- 2 -» (Decree 30 prints it at the top of
# every page but the first; OCR reads its dashes as «=», «~» or brackets: «=2) =»), «Trang 2», «Trang 2/5»,
# «2/5». Only the first and last _EDGE_LINES lines of a file's first page are looked at: a number in the
# text is no page number.
_PRINTED = re.compile(
    r"^[\W_]*(?:[^\w\s]\s*(\d{1,3})\s*[^\w\s]|trang\s+(\d{1,3})(?:\s*/\s*\d{1,3})?|(\d{1,3})\s*/\s*\d{1,3})[\W_]*$"
)
_EDGE_LINES = 3


def in_page_order(documents: Sequence[Document]) -> list[Document]:
    """The documents with their scans in page order (see the module's note)."""
    places = [i for i, d in enumerate(documents) if _scanned(d)]
    groups: dict[str, list[int]] = {}
    for place in places:
        groups.setdefault(_NUMBER.sub("#", documents[place].name.casefold()), []).append(place)
    ordered = list(documents)
    unnumbered: list[int] = []
    for pattern, members in groups.items():
        numbers = [_numbers(documents[i].name) for i in members]
        if "#" in pattern and len(members) > 1 and len(set(numbers)) == len(numbers):
            for place, (_, index) in zip(members, sorted(zip(numbers, members, strict=True)), strict=True):
                ordered[place] = documents[index]
        else:
            unnumbered.extend(members)
    unnumbered.sort()
    printed = [_printed_number(documents[i]) for i in unnumbered]
    if len(unnumbered) < 2 or printed.count(None) > 1:
        return ordered
    pages = [1 if number is None else number for number in printed]
    if len(set(pages)) < len(pages):
        return ordered
    for place, (_, index) in zip(unnumbered, sorted(zip(pages, unnumbered, strict=True)), strict=True):
        ordered[place] = documents[index]
    return ordered


def _scanned(document: Document) -> bool:
    """A photo, or a PDF read from its images: a page of a report scanned one file a page."""
    return document.format == "image" or (document.format == "pdf" and document.method == "ocr")


def _numbers(name: str) -> tuple[int, ...]:
    return tuple(int(n) for n in _NUMBER.findall(name))


def _printed_number(document: Document) -> int | None:
    """The page number printed on a scan's first page (see _PRINTED), if any."""
    text = document.pages[0].text if document.pages else document.text
    lines = [fold(line).strip() for line in text.splitlines() if line.strip()]
    for line in (*lines[:_EDGE_LINES], *lines[-_EDGE_LINES:]):
        found = _PRINTED.match(line)
        if found:
            return int(next(g for g in found.groups() if g))
    return None
