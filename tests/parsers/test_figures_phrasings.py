"""Key figures in the phrasings schools really write: none held said in words, routines that are no
totals, units that count other things, several kinds of people in one sentence."""

from __future__ import annotations

import pytest

from parsers.document import FigureSpec
from parsers.figures import find_figures
from tests.parsers.test_figures import SPECS

# A district that counts pupils and parents apart, and the other figures reports carry.
APART = (
    FigureSpec(
        "buoi_tuyen_truyen",
        "Số buổi tuyên truyền",
        ("buổi tuyên truyền", "buổi sinh hoạt", "lượt tuyên truyền"),
    ),
    FigureSpec("hoc_sinh", "Số học sinh tham gia", ("học sinh", "trẻ")),
    FigureSpec("phu_huynh", "Số phụ huynh tham gia", ("phụ huynh",)),
    FigureSpec("can_bo", "Số cán bộ, giáo viên tham gia", ("cán bộ", "giáo viên")),
    FigureSpec("tiet_kns", "Số tiết kỹ năng sống", ("tiết kỹ năng sống", "tiết giáo dục kỹ năng sống")),
    FigureSpec("buoi_tu_van", "Số buổi tư vấn", ("buổi tư vấn",)),
    FigureSpec("vu_xam_hai", "Số vụ xâm hại trẻ em", ("vụ xâm hại", "vụ việc", "vụ bạo lực")),
    FigureSpec("goi_111", "Số cuộc gọi 111", ("cuộc gọi",)),
)


def values(text: str) -> dict[str, int]:
    return {f.id: f.value for f in find_figures(text, SPECS)}


def apart(text: str) -> dict[str, int]:
    return {f.id: f.value for f in find_figures(text, APART)}


@pytest.mark.parametrize(
    "text",
    [
        "Hàng tuần tổ chức 1 buổi sinh hoạt dưới cờ.",
        "Hằng tháng tổ chức 1 buổi tuyên truyền.",
        "Hằng năm tổ chức 2 buổi tuyên truyền.",
        "Hàng tháng tổ chức 1 buổi tuyên truyền cho 450 học sinh.",
    ],
)
def test_a_routine_before_its_count_is_no_total(text: str) -> None:
    """«Hàng tuần tổ chức 1 buổi sinh hoạt dưới cờ» gave 1 session for the year: a count of each week,
    said before it, is a rate, as «mỗi tháng 1 buổi» and «1 buổi/tháng» already were."""
    assert "buoi_tuyen_truyen" not in values(text)
