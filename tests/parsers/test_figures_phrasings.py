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
    ("text", "expected"),
    [
        ("Không tổ chức buổi tuyên truyền nào.", {"buoi_tuyen_truyen": 0}),
        ("Trong học kỳ I, nhà trường không tổ chức buổi tuyên truyền nào.", {"buoi_tuyen_truyen": 0}),
        ("Nhà trường chưa tổ chức được buổi tuyên truyền nào.", {"buoi_tuyen_truyen": 0}),
        ("Chưa tổ chức buổi sinh hoạt nào trong học kỳ I.", {"buoi_tuyen_truyen": 0}),
        ("Không thực hiện buổi tuyên truyền nào.", {"buoi_tuyen_truyen": 0}),
        ("Số buổi tuyên truyền: không tổ chức.", {"buoi_tuyen_truyen": 0}),
        ("Số buổi tuyên truyền | Không tổ chức", {"buoi_tuyen_truyen": 0}),
        # the activity named instead of its sessions, none held for all the people it reaches
        (
            "Năm 2021, do dịch Covid-19 nên nhà trường không tổ chức được hoạt động tuyên truyền nào cho trẻ và"
            " phụ huynh.",
            {"buoi_tuyen_truyen": 0},
        ),
        ("Không tổ chức hoạt động tuyên truyền nào trong học kỳ I.", {"buoi_tuyen_truyen": 0}),
        # a zero yields to the count a later sentence states
        (
            "Không tổ chức buổi tuyên truyền nào trong học kỳ I. Trong học kỳ II tổ chức 3 buổi tuyên truyền.",
            {"buoi_tuyen_truyen": 3},
        ),
        # none of one kind, for some people, or none "else": no zero of the whole
        ("Không tổ chức buổi tuyên truyền riêng mà lồng ghép vào tiết chào cờ.", {}),
        ("Chưa tổ chức buổi tuyên truyền cho phụ huynh.", {}),
        ("Không tổ chức buổi tuyên truyền nào cho phụ huynh, tổ chức 3 buổi cho học sinh.", {}),
        ("Không tổ chức buổi tuyên truyền trực tiếp nào, chỉ tuyên truyền qua nhóm Zalo.", {}),
        ("Không tổ chức buổi tuyên truyền nào khác.", {}),
        ("Không tổ chức được hoạt động tuyên truyền nào cho phụ huynh.", {}),
        ("Không tổ chức hoạt động ngoại khóa nào.", {}),
        ("Không tổ chức hoạt động tuyên truyền trực tiếp nào.", {}),
        ("Không tổ chức buổi tuyên truyền nào, 3 buổi lồng ghép.", {}),
        ("Số học sinh tham gia: không tổ chức.", {}),
        ("Số buổi tuyên truyền: chưa tổ chức.", {}),  # "not yet", perhaps later: no answer
    ],
)
def test_none_held_said_in_words_is_zero(text: str, expected: dict[str, int]) -> None:
    """«Không tổ chức buổi tuyên truyền nào» gave no figure, as if the school had not said: it said none
    was held, which the consolidated report shows as 0. Only when none at all, never for one kind."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Không có buổi tuyên truyền nào cho phụ huynh, có 3 buổi cho học sinh.", {}),
        ("Không có buổi tuyên truyền nào dành cho phụ huynh.", {}),
        ("Không có buổi tuyên truyền cho phụ huynh.", {}),
        ("Không có buổi tuyên truyền nào.", {"buoi_tuyen_truyen": 0}),
        ("Nhà trường không có buổi tuyên truyền nào trong học kỳ.", {"buoi_tuyen_truyen": 0}),
    ],
)
def test_none_for_some_people_is_no_zero(text: str, expected: dict[str, int]) -> None:
    """«Không có buổi tuyên truyền nào cho phụ huynh, có 3 buổi cho học sinh» gave 0 sessions: the school
    held none for parents only, and three for pupils."""
    assert values(text) == expected


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tổ chức tuyên truyền cho học sinh 12 lớp.", {}),
        ("Số học sinh tham gia: 12 lớp.", {}),
        ("Tổ chức tuyên truyền cho học sinh 2 khối.", {}),
        ("Tuyên truyền cho học sinh trong 45 phút.", {}),
        # the pupils are still read beside the classes
        ("Tổ chức tuyên truyền cho 450 học sinh 12 lớp.", {"nguoi_tham_gia": 450}),
        ("Tổ chức tuyên truyền cho 12 lớp với 450 học sinh.", {"nguoi_tham_gia": 450}),
        ("Có 450 học sinh ở 12 lớp tham gia.", {"nguoi_tham_gia": 450}),
    ],
)
def test_a_count_of_classes_after_people_is_no_count_of_them(text: str, expected: dict[str, int]) -> None:
    """«Tổ chức tuyên truyền cho học sinh 12 lớp» gave 12 pupils: the unit after the number says it counts
    classes (or grades, minutes), whatever the keyword before it names."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số học sinh tham gia: 1.200 em, phụ huynh 350 người.", {"hoc_sinh": 1200}),
        ("Số học sinh tham gia: 1.200, phụ huynh 350 người.", {"hoc_sinh": 1200}),
        ("Tuyên truyền cho 350 phụ huynh và 1.200 học sinh.", {"phu_huynh": 350, "hoc_sinh": 1200}),
        (
            "Nhà trường tổ chức tuyên truyền cho 350 phụ huynh và 1.200 học sinh.",
            {"phu_huynh": 350, "hoc_sinh": 1200},
        ),
        ("Phụ huynh tham gia: 350 người; học sinh: 1.200 em.", {"phu_huynh": 350, "hoc_sinh": 1200}),
        (
            "Tổ chức 3 buổi tuyên truyền cho 350 lượt phụ huynh và 1.200 lượt học sinh.",
            {"buoi_tuyen_truyen": 3, "phu_huynh": 350, "hoc_sinh": 1200},
        ),
    ],
)
def test_pupils_and_parents_each_to_their_own_figure(text: str, expected: dict[str, int]) -> None:
    """«Số học sinh tham gia: 1.200 em, phụ huynh 350 người» gave 1.200 parents, the keyword after the
    comma taken for the unit of the count before it. Each kind of people gets its own count."""
    assert apart(text) == expected


def test_pupils_and_parents_under_one_figure_keep_both_counts() -> None:
    """Where one figure counts pupils and parents, the second count stays beside the first for a person
    to add up or not: the sentence does not say whether one is part of the other."""
    (found,) = find_figures("Tuyên truyền cho 350 phụ huynh và 1.200 học sinh.", SPECS)
    assert (found.id, found.value, found.others) == ("nguoi_tham_gia", 350, (1200,))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tổ chức hai buổi tuyên truyền.", {"buoi_tuyen_truyen": 2}),
        ("Tổ chức 01 buổi tuyên truyền.", {"buoi_tuyen_truyen": 1}),
        ("Tổ chức được 02 (hai) buổi tuyên truyền.", {"buoi_tuyen_truyen": 2}),
        ("Tổ chức hai mươi buổi tuyên truyền.", {"buoi_tuyen_truyen": 20}),
        ("Tổng số buổi tuyên truyền: 12 buổi.", {"buoi_tuyen_truyen": 12}),
        (
            "Tổng số: 12 buổi tuyên truyền, 1.500 lượt học sinh.",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 1500},
        ),
        ("Có trên 1.000 lượt học sinh tham gia.", {"nguoi_tham_gia": 1000}),
        ("Có gần 500 em học sinh tham gia.", {"nguoi_tham_gia": 500}),
        ("Tổ chức từ 3 đến 5 buổi tuyên truyền.", {"buoi_tuyen_truyen": 3}),
        ("100% học sinh được tuyên truyền.", {}),
        ("Tổ chức 2 buổi tuyên truyền cho 100% học sinh.", {"buoi_tuyen_truyen": 2}),
        ("Trên 90% phụ huynh được tuyên truyền.", {}),
        ("12/12 lớp tổ chức tuyên truyền.", {}),
        ("Có 12/12 lớp với 450 học sinh tham gia.", {"nguoi_tham_gia": 450}),
        ("Mỗi tháng 1 buổi tuyên truyền.", {}),
        ("Tổ chức 1 buổi tuyên truyền/tháng trong 9 tháng.", {}),
        ("Tuyên truyền lồng ghép trong 35 tiết chào cờ.", {}),
        ("Thực hiện Kế hoạch số 45/KH-THCS về tuyên truyền cho học sinh.", {}),
        (
            "Căn cứ Kế hoạch số 45/KH-THCS ngày 15/10/2024, nhà trường tổ chức 5 buổi tuyên truyền.",
            {"buoi_tuyen_truyen": 5},
        ),
        ("Năm học 2024-2025 nhà trường tổ chức 6 buổi tuyên truyền.", {"buoi_tuyen_truyen": 6}),
        ("Ngày 15/10 tổ chức buổi tuyên truyền cho học sinh.", {}),
        ("Ngày 20/11 tổ chức 1 buổi tuyên truyền.", {"buoi_tuyen_truyen": 1}),
        (
            "Vào lúc 7 giờ 30 ngày 5/9/2024 tổ chức 1 buổi tuyên truyền cho 600 học sinh.",
            {"buoi_tuyen_truyen": 1, "nguoi_tham_gia": 600},
        ),
        ("Năm học 2024 – 2025, nhà trường có 1.250 học sinh.", {}),
        ("Không xảy ra vụ việc nào.", {"vu_xam_hai": 0}),
        ("Năm học 2024-2025 không xảy ra vụ xâm hại trẻ em nào.", {"vu_xam_hai": 0}),
        ("Xảy ra 01 vụ việc.", {"vu_xam_hai": 1}),
        ("Từ đầu năm học đến nay không phát hiện trường hợp xâm hại trẻ em.", {"vu_xam_hai": 0}),
    ],
)
def test_phrasings_schools_write(text: str, expected: dict[str, int]) -> None:
    """The ways schools write their figures, read as a person reads them: numbers in words and with a
    leading zero, approximations, shares that are no counts, rates that are no totals, references, dates
    and years that are never figures, incidents that did not happen."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Không có buổi tư vấn nào.", {"buoi_tu_van": 0}),
        ("Xảy ra 01 vụ bạo lực học đường.", {"vu_xam_hai": 1}),
        ("Xảy ra một vụ bạo lực học đường.", {"vu_xam_hai": 1}),
        ("Có 45 cán bộ, giáo viên, nhân viên tham gia.", {"can_bo": 45}),
        ("Tổ chức 5 tiết giáo dục kỹ năng sống.", {"tiet_kns": 5}),
        ("Không có cuộc gọi nào đến tổng đài 111.", {"goi_111": 0}),
        ("Tiếp nhận 02 cuộc gọi qua tổng đài 111.", {"goi_111": 2}),
    ],
)
def test_the_other_figures_reports_carry(text: str, expected: dict[str, int]) -> None:
    """Counselling, incidents, staff, life-skills lessons and the 111 hotline, as a district may count them."""
    assert apart(text) == expected
