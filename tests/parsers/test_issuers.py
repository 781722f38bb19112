"""One school's name read twice, and two schools of one place."""

from __future__ import annotations

import pytest

from parsers.issuers import nameless, same_school


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("TRƯỜNG TIỂU HỌC MỸ AN", "TRƯỜNG TH MỸ AN"),  # the level in full, then short
        ("TRƯỜNG THCS NHỊ THÀNH", "TRƯỜNG THCS NHI THAMH"),  # two letters misread
        ("TRƯỜNG TIỂU HỌC MỸ AN", "TRƯỜNG TIỂU HỌC MÝ AM"),  # one letter of a short name
        ("TRUONG TIEU HOC MY THANH A", "TRƯỜNG TIẾU HỌC MỸ THẠNH A"),  # no marks; a tone misread
        ("TRƯỜNG MẪU GIÁO LONG THƯỢNG", "TRƯỜNG MẪU GLÁO LONG THƯỢNG"),  # a letter of the level misread
        ("TRƯỜNG THCS NHỊ THÀNH", "TRƯỜNG THC5 NHỊ THÀNH"),  # a level's S read as a 5: no digit of the name
        ("TRƯỜNG THCS NHỊ THÀNH", "TRƯỜNG TH CS NHỊ THÀNH"),
        ("TRƯỜNG TH&THCS EA SOL", "TRƯỜNG TIỂU HỌC VÀ THCS EA SOL"),
        ("TRƯỜNG THCS MỸ AN", "TRƯỜNG TLICS MỸ AN"),  # a level unread, nearest THCS
        ("TRƯỜNG TIỂU HỌC MỸ THẠNH A", "TRƯỜNG TXEU HQC MỸ THẠNH A"),  # nearest Tiểu học
    ],
)
def test_one_schools_name_read_twice_names_one_school(one: str, other: str) -> None:
    assert same_school(one, other) and same_school(other, one)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("TRƯỜNG TIỂU HỌC MỸ THẠNH A", "TRƯỜNG TIỂU HỌC MỸ THẠNH B"),
        ("TRƯỜNG TH TÂN PHÚ", "TRƯỜNG THCS TÂN PHÚ"),
        ("TRƯỜNG MẪU GIÁO MỸ THẠNH", "TRƯỜNG MẦM NON MỸ THẠNH"),
        ("TRƯỜNG TH&THCS EA SOL", "TRƯỜNG THCS EA SOL"),
        ("TRƯỜNG PTDTBT TH&THCS EA SOL", "TRƯỜNG PTDTBT THCS EA SOL"),
        ("TRƯỜNG TH SỐ 1 XUÂN PHONG", "TRƯỜNG TH SỐ 2 XUÂN PHONG"),
        ("TRƯỜNG TIỂU HỌC BÌNH THẠNH 1", "TRƯỜNG TIỂU HỌC BÌNH THẠNH 2"),
        ("TRƯỜNG TH NHỊ THÀNH", "TRƯỜNG TIICS NHỊ THÀNH"),  # «THCS» misread, still not TH
        ("TRƯỜNG TH MỸ AN", "TRƯỜNG TLICS MỸ AN"),  # a level unread, nearest THCS
        ("TRƯỜNG TH MỸ AN", "TRƯỜNG MỸ AN"),  # no level read: nothing says it is TH
        ("TRƯỜNG TH LONG THẠNH", "TRƯỜNG TH MỸ AN"),
    ],
)
def test_two_schools_of_one_place_are_not_one_name_misread(one: str, other: str) -> None:
    assert not same_school(one, other) and not same_school(other, one)


def test_a_typed_name_is_one_school_only_word_for_word() -> None:
    assert same_school("TRƯỜNG TIỂU HỌC MỸ AN", "Trường TH Mỹ An", misread=False)
    assert not same_school("TRƯỜNG THCS NHỊ THÀNH", "TRƯỜNG THCS NHI THAMH", misread=False)


@pytest.mark.parametrize(
    ("issuer", "blank"),
    [
        ("TRƯỜNG", True),
        ("TRƯỜNG TIỂU HỌC", True),
        ("TRƯỜNG TH&THCS", True),
        ("TRƯỜNG TH MỸ AN", False),
        ("TRƯỜNG SỐ 1", False),
        ("NHÓM TRẺ HOA MAI", False),
        ("UBND XÃ MỸ AN", False),
    ],
)
def test_a_letterhead_line_whose_name_is_gone_names_no_school(issuer: str, blank: bool) -> None:
    assert nameless(issuer) is blank
