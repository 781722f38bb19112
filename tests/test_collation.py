"""Names put in the order of a Vietnamese list (kernel.collation)."""

from __future__ import annotations

import unicodedata

import pytest

from kernel.collation import sort_key


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Dương", "Đông"),  # Đ is its own letter after D, not after Z
        ("Đông", "Em"),
        ("Long Thành", "Long Thuận"),  # a before u, whatever the tone
        ("Tân Long", "Thị trấn"),  # â before h
        ("My", "Mỹ"),  # same letters: the bare one first, side by side
        ("Mỹ", "Myz"),
        ("Mỹ An", "Mỹ Anh"),  # a shorter name first
        ("Bình Thạnh 1", "Bình Thạnh 2"),
        # A number counts as a number: digit by digit, «Thủ Thừa 10» came before «Thủ Thừa 2».
        ("Trường Tiểu học Thủ Thừa 2", "Trường Tiểu học Thủ Thừa 10"),
        ("Phường 2", "Phường 12"),
        ("Bình Thạnh", "Bình Thạnh 1"),
        ("Khu phố 9", "Khu phố 10A"),
        ("ca", "cà"),
        ("cà", "cả"),
        ("cả", "cã"),
        ("cã", "cá"),
        ("cá", "cạ"),
        ("Ư", "V"),
        ("u", "ư"),
        ("o", "ô"),
        ("ô", "ơ"),
    ],
)
def test_a_vietnamese_list_order(before: str, after: str) -> None:
    """Python's code-point order put "Đ" after "Z" and "Thuận" before "Thành"."""
    assert sort_key(before) < sort_key(after)


def test_case_and_composition_do_not_change_the_order() -> None:
    """A name typed decomposed (NFD) or in capitals sorts where the same name does."""
    assert sort_key(unicodedata.normalize("NFD", "Mỹ Thạnh")) == sort_key("Mỹ Thạnh")
    assert sort_key("MỸ THẠNH") == sort_key("mỹ thạnh")
