"""The folded keys every reader compares Vietnamese text by."""

from __future__ import annotations

import pytest

from parsers.text import fold, fold_aligned, nfc, without_eth


@pytest.mark.parametrize(
    "text",
    [
        "BÁO CÁO TỔNG KẾT NĂM HỌC 2024-2025",
        "Truong THCS Le Loi - Tong so hoc sinh: 1.245",  # typed without marks
        "Trường TH Đồng Tâm\tSĩ số: 30",
        "Số học sinh lớp 6 ... 7 ... 8 ... 9; " * 12,  # longer than a line
        "TRƯỜNG TIỂU HỌC EA H’LEO 2",  # the apostrophe as Word types it
        "TRƯỜNG THCS ÐỨC HÒA ðông",  # the Icelandic eth typed for Đ and đ
    ],
)
def test_fold_aligned_is_fold_character_by_character(text: str) -> None:
    folded = fold_aligned(text)
    assert len(folded) == len(text)
    assert folded == "".join(fold(c) or c for c in text)
    assert fold_aligned(text) == folded  # asked again


@pytest.mark.parametrize("typed", ["Ea H’leo", "Ea H‘leo", "Ea Hʼleo"])
def test_an_apostrophe_folds_alike_however_it_was_typed(typed: str) -> None:
    """«Ea H’leo» pasted from Word into a config was another place than «Ea H'leo» in a school's paper."""
    assert fold(typed) == fold("Ea H'leo") == "ea h'leo"


def test_stand_ins_read_as_what_they_stand_for() -> None:
    """The eth of old keyboards (Ð, ð) read as no Vietnamese letter, and the full-width digits and letters
    of an input method in full-width mode as no digit: «Mỹ An Ðông» lost its last word and «Long Hòa ２»
    its number, and each was matched to a shorter name."""
    assert without_eth("TRƯỜNG THCS ÐỨC HÒA, xã ðông") == "TRƯỜNG THCS ĐỨC HÒA, xã đông"
    assert fold("ÐỨC ðông") == fold("ĐỨC đông") == "duc dong"
    assert nfc("Báo cáo ＮＱ１２１　Long Hòa ２") == "Báo cáo NQ121 Long Hòa 2"


@pytest.mark.parametrize("control", ["\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c"])
def test_controls_of_writing_direction_are_dropped(control: str) -> None:
    """«Báo cáo<U+202E>fdp.exe» read «Báo cáoexe.pdf»: a program shown to staff as a PDF."""
    assert nfc(f"Báo cáo{control}fdp.exe") == "Báo cáofdp.exe"
