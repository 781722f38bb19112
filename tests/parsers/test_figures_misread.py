"""Key figures a report states in ways that were read wrong or not at all: a year typed for a count, a
plan's total, a total before its parts, a count shown by its rate, a school's enrolment."""

from __future__ import annotations

import pytest

from parsers.document import Figure
from parsers.figures import find_figures
from tests.parsers.test_figures import SPECS


def read(text: str) -> dict[str, Figure]:
    return {f.id: f for f in find_figures(text, SPECS)}


def values(text: str) -> dict[str, int]:
    return {k: f.value for k, f in read(text).items()}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số buổi tuyên truyền: 2025", {}),
        ("Số buổi tuyên truyền: 2025.", {}),
        ("Số buổi tuyên truyền: 1999", {}),
        ("Số buổi tuyên truyền | 2025", {}),
        ("Số vụ xâm hại trẻ em: 2024", {}),
        # sessions and cases a school counts in a year never run into the thousands
        ("Số buổi tuyên truyền: 2025 buổi.", {}),
        ("Xảy ra 2024 vụ xâm hại trẻ em.", {}),
        # a count, however large, is still read
        ("Số buổi tuyên truyền: 12", {"buoi_tuyen_truyen": 12}),
        ("Số lượt học sinh tham gia: 2.025", {"nguoi_tham_gia": 2025}),
        ("Số lượt học sinh tham gia: 2025 lượt", {"nguoi_tham_gia": 2025}),
        ("Số lượt học sinh tham gia: 1300", {"nguoi_tham_gia": 1300}),
        ("Số lượt học sinh tham gia: 2025", {}),
        # a count of people as large as a year long past is no year a report would type
        ("Số lượt học sinh tham gia: 1950", {"nguoi_tham_gia": 1950}),
        ("Số lượt học sinh, phụ huynh tham gia | 1986", {"nguoi_tham_gia": 1986}),
    ],
)
def test_a_year_typed_for_a_count_is_no_count(text: str, expected: dict[str, int]) -> None:
    """«Số buổi tuyên truyền: 2025», a year typed where the count goes, gave 2025 sessions. A number
    written as a year and standing alone, no unit after it, is no count a person could trust."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Có 1\u2009250 lượt học sinh tham gia.", {"nguoi_tham_gia": 1250}),  # a thin space
        ("Có 1\u2007250 lượt học sinh tham gia.", {"nguoi_tham_gia": 1250}),  # a figure space
        ("Có 1\u202f250 lượt học sinh tham gia.", {"nguoi_tham_gia": 1250}),
    ],
)
def test_thousands_grouped_by_a_thin_space(text: str, expected: dict[str, int]) -> None:
    """«1 250 lượt học sinh» grouped by a thin space, as word processors typeset numbers, gave 250."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("Nội dung | KH | TH\nSố buổi tuyên truyền | 12 | 10", {"buoi_tuyen_truyen": 10}),
        ("Nội dung | TH | KH\nSố buổi tuyên truyền | 10 | 12", {"buoi_tuyen_truyen": 10}),
        ("Nội dung | Chỉ tiêu | Đạt\nSố buổi tuyên truyền | 12 | 10", {"buoi_tuyen_truyen": 10}),
        ("Nội dung | KH\nSố buổi tuyên truyền | 12", {}),
    ],
)
def test_plan_and_done_columns_headed_by_their_abbreviations(table: str, expected: dict[str, int]) -> None:
    """«Nội dung | KH | TH» over «Số buổi tuyên truyền | 12 | 10» gave the plan's 12 sessions, the
    headings abbreviated (Kế hoạch, Thực hiện). The done column is read, never the plan's."""
    assert values(f"Kết quả:\n{table}") == expected


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            "Nội dung | Kế hoạch | Thực hiện\nSố buổi tuyên truyền | 6 | 5\nSố buổi sinh hoạt | 6 | 5\n"
            "Tổng cộng | 12 | 10",
            (10, ()),
        ),
        (
            "Số buổi tuyên truyền | Kế hoạch | Thực hiện\nHọc kỳ I | 6 | 5\nHọc kỳ II | 6 | 5\nTổng cộng | 12 | 10",
            (10, ()),
        ),
        (
            "Số buổi tuyên truyền | KH | TH\nHọc kỳ I | 6 | 5\nHọc kỳ II | 6 | 5\nTổng cộng | 12 | 10",
            (10, ()),
        ),
        (
            "Số buổi tuyên truyền | Chỉ tiêu | Đạt\nHọc kỳ I | 6 | 5\nHọc kỳ II | 6 | 5\nCộng | 12 | 10",
            (10, ()),
        ),
        # a total its rows do not add up to: kept, the rows' done counts for a person to check
        (
            "Số buổi tuyên truyền | Kế hoạch | Thực hiện\nHọc kỳ I | 6 | 5\nHọc kỳ II | 6 | 4\nTổng cộng | 12 | 10",
            (10, (5, 4)),
        ),
    ],
)
def test_the_done_column_of_a_total_row_under_plan_and_done(
    table: str, expected: tuple[int, tuple[int, ...]]
) -> None:
    """«Tổng cộng | 12 | 10» under «Kế hoạch | Thực hiện» gave nothing, or a row's 5 sessions: the total
    row names no figure. Its done count is the figure, whatever names the rows above it."""
    found = read(f"Kết quả:\n{table}")
    assert set(found) == {"buoi_tuyen_truyen"}
    assert (found["buoi_tuyen_truyen"].value, found["buoi_tuyen_truyen"].parts) == expected


def test_rows_of_several_figures_over_a_plan_and_done_total_give_theirs() -> None:
    """A total row over rows of different figures adds up nothing a report counts: each row gives its own."""
    table = (
        "Nội dung | Kế hoạch | Thực hiện\nSố buổi tuyên truyền | 12 | 10\n"
        "Số lượt học sinh tham gia | 1.300 | 1.250\nTổng cộng | 1.312 | 1.260"
    )
    assert values(f"Kết quả:\n{table}") == {"buoi_tuyen_truyen": 10, "nguoi_tham_gia": 1250}


@pytest.mark.parametrize(
    ("text", "value", "others"),
    [
        ("Tổng số buổi: 12 buổi, trong đó 8 buổi tuyên truyền dưới cờ, 4 buổi ngoại khóa.", 12, (8, 4)),
        ("Tổ chức 12 buổi, trong đó 8 buổi sinh hoạt dưới cờ và 4 buổi ngoại khóa.", 12, (8, 4)),
    ],
)
def test_a_total_named_by_its_parts_after_trong_do(text: str, value: int, others: tuple[int, ...]) -> None:
    """«Tổng số buổi: 12 buổi, trong đó 8 buổi tuyên truyền dưới cờ, 4 buổi ngoại khóa» gave 8 sessions
    with 4 beside them: the total's «buổi» names no figure alone. Its parts after «trong đó» say which."""
    [figure] = find_figures(text, SPECS)
    assert (figure.value, figure.others) == (value, others)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # «buổi» alone, its parts counting what no figure is
        ("Tổ chức 12 buổi, trong đó 8 buổi tập huấn.", {}),
        ("Tổng số buổi: 12 buổi.", {}),
        # parts that do not make the total: the rest may be of anything, the parts are the figure
        ("Tổng số buổi: 12 buổi, trong đó 8 buổi tuyên truyền dưới cờ.", {"buoi_tuyen_truyen": 8}),
        ("Xảy ra 2 vụ, trong đó 1 vụ xâm hại trẻ em.", {"vu_xam_hai": 1}),
        ("Xảy ra 2 vụ, trong đó 1 vụ xâm hại trẻ em, 1 vụ bạo lực học đường.", {"vu_xam_hai": 1}),
        # «lượt» opens keywords of two figures: which the total counts, a person reads
        ("Có 40 lượt, trong đó 30 lượt tuyên truyền.", {"buoi_tuyen_truyen": 30}),
        ("Tập huấn 1 buổi/tuần trong 35 tuần, tổng cộng 35 buổi.", {}),
        # a total its count per week does not make: which is wrong, a person reads
        ("Tuyên truyền 1 buổi/tuần trong 35 tuần, tổng cộng 40 buổi.", {}),
    ],
)
def test_a_bare_unit_names_no_figure_its_sentence_does_not(text: str, expected: dict[str, int]) -> None:
    """A count of «buổi» alone is of sessions of any kind: only a sentence naming which gives a figure."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tuyên truyền 1 buổi/tuần trong 35 tuần, tổng cộng 35 buổi.", 35),
        ("Sinh hoạt dưới cờ 1 buổi/tuần trong 35 tuần, tổng cộng 35 buổi.", 35),
        ("Tổ chức tuyên truyền 2 buổi/tháng trong 9 tháng, tổng số 18 buổi.", 18),
    ],
)
def test_a_total_of_a_count_per_week(text: str, expected: int) -> None:
    """«Tuyên truyền 1 buổi/tuần trong 35 tuần, tổng cộng 35 buổi» gave nothing: the total's «buổi» names no
    figure alone, the count per week is none. The sentence's topic names the total's."""
    assert values(text) == {"buoi_tuyen_truyen": expected}


OVERVIEW = "I. Đặc điểm tình hình\nNhà trường có 32 lớp.\nSố học sinh: 1.300.\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (OVERVIEW + "II. Kết quả thực hiện\nTổ chức 12 buổi tuyên truyền.", {"buoi_tuyen_truyen": 12}),
        (
            "I. ĐẶC ĐIỂM CHUNG\nTổng số học sinh: 1.300 em.\nII. KẾT QUẢ\nSố học sinh tham gia: 1.250.",
            {"nguoi_tham_gia": 1250},
        ),
        (OVERVIEW + "II. Kết quả thực hiện\nSố học sinh tham gia: 1.300.", {"nguoi_tham_gia": 1300}),
        # results under a heading of a lower level end the overview
        (
            "I. ĐẶC ĐIỂM TÌNH HÌNH\nTổng số học sinh: 1.300 em.\n1. Kết quả\nSố học sinh: 1.250 em.",
            {"nguoi_tham_gia": 1250},
        ),
        # taking part, said in the overview, is reach still
        (
            "I. Đặc điểm tình hình\nCó 1.300 học sinh tham gia tuyên truyền.\nII. Kết quả\nTốt.",
            {"nguoi_tham_gia": 1300},
        ),
        # no overview heading: a label of pupils alone is still read
        ("II. Kết quả thực hiện\nSố học sinh: 1.300.", {"nguoi_tham_gia": 1300}),
    ],
)
def test_pupils_counted_in_the_overview_are_enrolment(text: str, expected: dict[str, int]) -> None:
    """«Số học sinh: 1.300» under «I. Đặc điểm tình hình», the school's enrolment, gave 1.300 pupils
    reached. Under the overview of the school a count of pupils is of those it has, unless its clause says
    they took part."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số học sinh tham gia: 98% (1.250 em).", {"nguoi_tham_gia": 1250}),
        ("Số học sinh tham gia: 98% (1.250/1.275 em).", {"nguoi_tham_gia": 1250}),
        ("Số lượt phụ huynh tham gia: 100% (850 lượt).", {"nguoi_tham_gia": 850}),
        # a rate alone is no count
        ("Số học sinh tham gia: 98%.", {}),
    ],
)
def test_a_count_in_brackets_after_a_labels_rate(text: str, expected: dict[str, int]) -> None:
    """«Số học sinh tham gia: 98% (1.250 em)» gave nothing: the label's value was taken to be the rate,
    and the count in brackets after it for no value of the label's."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tổ chức 12 buổi tuyên truyền, 2 buổi tập huấn cho giáo viên.", (12, ())),
        ("Tuyên truyền được 12 buổi, 2 buổi họp phụ huynh.", (12, ())),
        # how and for whom still name the sessions
        ("Tổ chức 12 buổi tuyên truyền, 2 buổi trực tuyến.", (12, (2,))),
        ("Tuyên truyền được 12 buổi cho học sinh.", (12, ())),
    ],
)
def test_sessions_of_another_activity_are_no_other_value(
    text: str, expected: tuple[int, tuple[int, ...]]
) -> None:
    """«Tổ chức 12 buổi tuyên truyền, 2 buổi tập huấn cho giáo viên» gave 12 sessions with 2 beside them for
    a person to add up: the topic before named the training's sessions too."""
    found = read(text)["buoi_tuyen_truyen"]
    assert (found.value, found.others) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số vụ xâm hại: 0/0", {"vu_xam_hai": 0}),
        ("Số vụ xâm hại trẻ em: 0/0.", {"vu_xam_hai": 0}),
        ("Số vụ xâm hại | 0/0", {"vu_xam_hai": 0}),
        ("Số vụ việc xâm hại trẻ em: 0 (không)", {"vu_xam_hai": 0}),
        # a date or a number that merely begins with 0/0 is none
        ("Số vụ xâm hại: 0/0/2025", {}),
        ("Số vụ xâm hại: 0/0.5", {}),
    ],
)
def test_none_of_none_is_zero(text: str, expected: dict[str, int]) -> None:
    """«Số vụ xâm hại: 0/0» gave nothing: done of planned is read only before a unit. None of none is
    zero whatever follows it."""
    assert values(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Tổ chức 03 đợt tuyên truyền, mỗi đợt 4 buổi, tổng cộng 12 buổi.",
        "Tổ chức 03 đợt tuyên truyền (mỗi đợt 4 buổi), tổng cộng 12 buổi.",
        "Tổ chức 03 đợt, mỗi đợt 4 buổi, tổng cộng 12 buổi tuyên truyền.",
    ],
)
def test_a_total_of_sessions_after_each_rounds_count(text: str) -> None:
    """«Tổ chức 03 đợt tuyên truyền, mỗi đợt 4 buổi, tổng cộng 12 buổi» gave nothing: the count of each
    round stood between the topic and the total, which names the figure by its topic."""
    assert values(text) == {"buoi_tuyen_truyen": 12}


def test_each_rounds_count_in_another_unit_names_no_total() -> None:
    """The count of each round must be in the total's unit to stand between them."""
    assert values("Tổ chức 03 đợt tuyên truyền, mỗi đợt 4 lượt, tổng cộng 12 buổi.") == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("100% học sinh toàn trường (1.300 em) được tuyên truyền.", {"nguoi_tham_gia": 1300}),
        ("Học sinh toàn trường (1300 em) tham gia buổi ngoại khóa.", {"nguoi_tham_gia": 1300}),
        # the pupils the school has, or those something happened to, were not reached
        ("Học sinh toàn trường (1.300 em).", {}),
        ("Học sinh bị xâm hại (3 em) được tuyên truyền.", {}),
    ],
)
def test_pupils_in_brackets_after_the_whole_school(text: str, expected: dict[str, int]) -> None:
    """«100% học sinh toàn trường (1.300 em) được tuyên truyền» gave nothing: the brackets' clause alone
    said nothing of the pupils being reached. The clause they stand in says it."""
    assert values(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # rounds over sessions, or rounds each of 12 sessions: no one count of sessions to trust
        "Tổ chức 03 lượt/12 buổi tuyên truyền.",
        # victims, not cases: one case may hurt several pupils
        "Có 3 học sinh bị xâm hại.",
        # leaflets, not people
        "Phát 500 tờ rơi tuyên truyền cho học sinh.",
        # a rate, not a count
        "Trên 90% phụ huynh tham gia.",
        # lessons, not sessions
        "Tổ chức lồng ghép 15 tiết tuyên truyền.",
    ],
)
def test_counts_of_other_things_are_left_unread(text: str) -> None:
    """Counts that only look like a figure are left for a person rather than read wrong."""
    assert values(text) == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tổ chức 12 buổi tuyên truyền về phòng, chống xâm hai trẻ em. Có 850 lượt học sinh, phụ huynh "
            "tham gia.",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 850},
        ),
        ("Tuyên truyền phòng, chống xam hai trẻ em cho học sinh.", {}),
        ("Tuyên truyền về tác hai của ma túy cho học sinh.", {}),
        ("Mời ông ba học sinh tham gia buổi tuyên truyền.", {}),
        ("Mời ba mẹ học sinh tham gia buổi tuyên truyền.", {}),
        # a number word counting what the report counts is still read
        ("Tổ chức hai buổi tuyên truyền.", {"buoi_tuyen_truyen": 2}),
        ("Có ba lượt phụ huynh tham gia.", {"nguoi_tham_gia": 3}),
        ("Có hai trẻ em tham gia buổi tuyên truyền.", {"nguoi_tham_gia": 2}),
    ],
)
def test_a_word_whose_tone_mark_was_lost_is_no_number(text: str, expected: dict[str, int]) -> None:
    """«xâm hai trẻ em», the dot under «hại» lost by OCR or Telex typing, was read as two children and
    summed in place of the report's 850 participants. «hai» after «xâm», «tác»…, «ba» after «ông» or
    before «mẹ» is another word that lost its mark, no number."""
    assert values(text) == expected
