"""The folded keys every reader compares Vietnamese text by."""

from __future__ import annotations

import pytest

from parsers.text import fold, fold_aligned


@pytest.mark.parametrize(
    "text",
    [
        "BÁO CÁO TỔNG KẾT NĂM HỌC 2024-2025",
        "Truong THCS Le Loi - Tong so hoc sinh: 1.245",  # typed without marks
        "Trường TH Đồng Tâm\tSĩ số: 30",
        "Số học sinh lớp 6 ... 7 ... 8 ... 9; " * 12,  # longer than a line
    ],
)
def test_fold_aligned_is_fold_character_by_character(text: str) -> None:
    folded = fold_aligned(text)
    assert len(folded) == len(text)
    assert folded == "".join(fold(c) or c for c in text)
    assert fold_aligned(text) == folded  # asked again
