"""The pages of one report scanned or photographed one file a page, put back in page order.

A school scans its report a sheet at a time («scan0001.pdf», «scan0002.pdf»), names the files by their
pages («trang 1.pdf», «trang 2.pdf») or photographs them («IMG_2.jpg», «IMG_10.jpg»), and its mail client
or the archive it sends lists them in any order: «IMG_10.jpg» before «IMG_2.jpg», «trang 2.pdf» before
«trang 1.pdf». Read in that order, the report ran page 2 before page 1, and the sections read out of
order were recorded missing. The scans (photos and PDFs read by OCR) are read by the page numbers printed
on them («- 2 -», «Trang 2») when those are complete: each has one but perhaps the first page, which a paper
does not number, and together they run 1, 2, … n. A name's number may count only the photos taken or
tapped: iPhone Mail names shared photos image0, image1… in the order they were picked, not the pages'.
Else the scans whose names differ only by their numbers are read in the order of those numbers; the
others by their printed numbers when each has one but the first page, even with a page missing; else as
attached. Each scan is put in the place of one, so that the typed files between them keep theirs.
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
            printed = _printed_pages(documents, members)
            if printed is not None and sorted(printed) == list(range(1, len(members) + 1)):
                numbers = [(n,) for n in printed]  # complete printed numbers win over a counter's
            _put(ordered, documents, members, numbers)
        else:
            unnumbered.extend(members)
    unnumbered.sort()
    pages = _printed_pages(documents, unnumbered)
    if len(unnumbered) >= 2 and pages is not None and len(set(pages)) == len(pages):
        _put(ordered, documents, unnumbered, [(n,) for n in pages])
    return ordered


def _printed_pages(documents: Sequence[Document], places: list[int]) -> list[int] | None:
    """The page number printed on each of these scans, the one without taken as page 1 (Decree 30 numbers
    every page but the first); None when more than one has none."""
    printed = [_printed_number(documents[i]) for i in places]
    if printed.count(None) > 1:
        return None
    return [1 if number is None else number for number in printed]


def _put(
    ordered: list[Document], documents: Sequence[Document], places: list[int], keys: list[tuple[int, ...]]
) -> None:
    """Put the documents at these places into them in the order of their keys."""
    for place, (_, index) in zip(places, sorted(zip(keys, places, strict=True)), strict=True):
        ordered[place] = documents[index]


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
