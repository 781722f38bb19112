"""Scans of one report sent one file a page, put back in page order."""

from __future__ import annotations

import pytest

from intake.pageorder import in_page_order
from parsers.document import Document, Page


def _scan(name: str, text: str = "Nhà trường tổ chức 12 buổi tuyên truyền.", kind: str = "pdf") -> Document:
    return Document(name, kind, text, (Page(1, text, "ocr", 90.0),), method="ocr")


@pytest.mark.parametrize(
    "names",
    [
        ["z5123456789012_4f0c2ab9e1.jpg", "z5123456789013_9d1e7c03aa.jpg"],  # Zalo: numbers of no page
        ["anh bao cao.jpg", "anh chu ky.jpg"],
        ["BC NQ121.pdf", "IMG_2.jpg"],
    ],
)
def test_scans_whose_names_and_pages_tell_no_order_keep_the_order_attached(names: list[str]) -> None:
    documents = [_scan(name, kind="image" if name.endswith(".jpg") else "pdf") for name in reversed(names)]
    assert in_page_order(documents) == documents


def test_a_typed_file_between_scans_keeps_its_place() -> None:
    """Only the scans change places: a Word cover letter attached first stays first."""
    letter = Document("Cong van.docx", "docx", "Kính gửi Phòng GD&ĐT.")
    documents = [letter, _scan("trang 2.pdf"), _scan("trang 1.pdf")]
    assert [d.name for d in in_page_order(documents)] == ["Cong van.docx", "trang 1.pdf", "trang 2.pdf"]


def test_pages_without_numbers_in_their_names_go_by_the_numbers_printed_on_them() -> None:
    """Decree 30 prints no number on a paper's first page: the one page without one is page 1."""
    documents = [
        _scan("tiep theo.pdf", "- 3 -\nIII. Kiến nghị"),
        _scan("phan giua.pdf", "=2) =\nII. Kết quả"),
        _scan("bao cao.pdf", "TRƯỜNG THCS NHỊ THÀNH\nBÁO CÁO"),
    ]
    ordered = in_page_order(documents)
    assert [d.name for d in ordered] == ["bao cao.pdf", "phan giua.pdf", "tiep theo.pdf"]


def test_two_pages_without_printed_numbers_keep_the_order_attached() -> None:
    documents = [
        _scan("cong van.pdf", "Kính gửi"),
        _scan("bao cao.pdf", "BÁO CÁO"),
        _scan("tiep.pdf", "- 2 -"),
    ]
    assert in_page_order(documents) == documents


@pytest.mark.parametrize(
    ("printed", "order"),
    [
        (["- 2 -", "- 3 -", "- 1 -"], ["image2.jpeg", "image0.jpeg", "image1.jpeg"]),
        (["- 2 -", "- 3 -", "TRƯỜNG THCS LONG AN"], ["image2.jpeg", "image0.jpeg", "image1.jpeg"]),
        (["- 2 -", "- 4 -", "- 1 -"], ["image0.jpeg", "image1.jpeg", "image2.jpeg"]),
        (["- 2 -", "BÁO CÁO", "TRƯỜNG THCS LONG AN"], ["image0.jpeg", "image1.jpeg", "image2.jpeg"]),
    ],
    ids=["all printed", "first page unnumbered", "a page missing", "two unnumbered"],
)
def test_complete_printed_page_numbers_win_over_a_counter_in_the_names(
    printed: list[str], order: list[str]
) -> None:
    """iPhone Mail names shared photos image0, image1… in the order they were tapped, not the pages':
    pages printed «- 2 -», «- 3 -», «- 1 -» were read in the names' order, and the school was told three
    sections were missing. Printed numbers that run 1..n (the first page may print none) win; numbers
    that skip a page, or too few printed, leave the names' order."""
    documents = [
        _scan(f"image{i}.jpeg", f"{top}\nNội dung trang", kind="image") for i, top in enumerate(printed)
    ]
    assert [d.name for d in in_page_order(documents)] == order
