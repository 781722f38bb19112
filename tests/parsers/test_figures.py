"""Key figures: counts next to their keywords, zero statements, references that are not counts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.consolidate.doubts import several
from kernel.status import several_reason
from parsers.document import Figure, FigureSpec
from parsers.figures import figures_named, find_figures

SPECS = (
    FigureSpec(
        "buoi_tuyen_truyen",
        "Số buổi tuyên truyền",
        ("buổi tuyên truyền", "buổi sinh hoạt", "lượt tuyên truyền"),
    ),
    FigureSpec("nguoi_tham_gia", "Số học sinh, phụ huynh tham gia", ("học sinh", "trẻ", "phụ huynh", "lượt")),
    FigureSpec("vu_xam_hai", "Số vụ xâm hại trẻ em", ("vụ xâm hại", "trường hợp xâm hại", "vụ việc")),
)


def values(text: str) -> dict[str, int]:
    return {f.id: f.value for f in find_figures(text, SPECS)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tổ chức 12 buổi tuyên truyền cho 450 lượt học sinh.",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 450},
        ),
        ("Trong năm học, nhà trường không xảy ra vụ xâm hại trẻ em nào.", {"vu_xam_hai": 0}),
        ("Nhà trường không có trường hợp trẻ em nào bị xâm hại.", {"vu_xam_hai": 0}),
        ("Không để xảy ra bất kỳ vụ xâm hại nào.", {"vu_xam_hai": 0}),
        ("Chưa phát hiện trường hợp xâm hại.", {"vu_xam_hai": 0}),
        ("Có 1.250 lượt phụ huynh tham gia.", {"nguoi_tham_gia": 1250}),
        ("Có 1,250 lượt phụ huynh tham gia.", {"nguoi_tham_gia": 1250}),
        ("Có 12.500.000 lượt xem.", {"nguoi_tham_gia": 12500000}),
        ("Tổ chức hai buổi tuyên truyền.", {"buoi_tuyen_truyen": 2}),
        ("Tổ chức mười buổi sinh hoạt dưới cờ.", {"buoi_tuyen_truyen": 10}),
        ("Tổ chức 3 lượt tuyên truyền.", {"buoi_tuyen_truyen": 3}),  # the longer keyword wins
        ("Có 300 em học sinh tham gia.", {"nguoi_tham_gia": 300}),
        ("Số buổi tuyên truyền: 8.", {"buoi_tuyen_truyen": 8}),
        ("Số lượt học sinh tham gia là 320.", {"nguoi_tham_gia": 320}),
        ("Xảy ra 0 vụ xâm hại.", {"vu_xam_hai": 0}),
        ("Đã xử lý 2 vụ việc.", {"vu_xam_hai": 2}),
        # references, dates, ratios and codes are not counts
        ("Thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em.", {}),
        ("Kế hoạch số 12/KH-PGDĐT ngày 15 tháng 9 năm 2021.", {}),
        ("Thực hiện Kế hoạch số 12 học sinh.", {}),
        ("Có 100% học sinh tham gia.", {}),
        ("Có 95,5 % học sinh tham gia.", {}),
        ("Có 95,5 phần trăm học sinh tham gia.", {}),
        ("Năm học 2021-2022 học sinh tham gia.", {}),
        ("Lớp 5 học sinh tham gia đầy đủ.", {}),
        ("Gọi 111 trẻ em.", {"nguoi_tham_gia": 111}),
        # a dash that is no minus: a list's bullet, a school year, an empty cell
        ("– 5 buổi tuyên truyền cho học sinh.", {"buoi_tuyen_truyen": 5}),
        ("Số buổi tuyên truyền: – 5 buổi.", {"buoi_tuyen_truyen": 5}),
        ("Số buổi tuyên truyền | buổi | -\nSố vụ xâm hại | vụ | 0", {"vu_xam_hai": 0}),
        ("Tổ chức 12 buổi cho học sinh.", {}),  # 12 counts sessions, not pupils
        ("Trong năm học sinh hoạt đều.", {}),  # "năm" here is not five
        ("Một số học sinh chưa tham gia.", {}),
        ("", {}),
        # OCR noise: a wrong tone mark still names the keyword
        ("Tổ chức 12 buồi tuyên truyền.", {"buoi_tuyen_truyen": 12}),
    ],
)
def test_values(text: str, expected: dict[str, int]) -> None:
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 Số buổi tuyên truyền buổi 12", {"buoi_tuyen_truyen": 12}),
        ("1. Số buổi tuyên truyền buổi 12", {"buoi_tuyen_truyen": 12}),
        ("2 Tuyên truyền buổi 12", {"buoi_tuyen_truyen": 12}),
        ("3 Số vụ xâm hại trẻ em vụ 0", {"vu_xam_hai": 0}),
        ("3 Số vụ xâm hại trẻ em vụ Không", {"vu_xam_hai": 0}),
        ("1\tSố buổi tuyên truyền\tbuổi\t12", {"buoi_tuyen_truyen": 12}),
        ("Số buổi tuyên truyền buổi 12", {"buoi_tuyen_truyen": 12}),
        # not one row's label, unit and count: nothing, for a person to read
        ("1 Số buổi tuyên truyền buổi 12 10", {}),
        ("1 Số học sinh tham gia mỗi buổi 12", {}),
        ("1 Tổng số buổi 12", {}),
        # what was planned and what was done, side by side: which is which the headings say, not the row
        ("1 Số buổi tuyên truyền buổi 15 12", {}),
        ("2 Số lượt học sinh tham gia lượt 1.500 1.250", {}),
        ("Số buổi tuyên truyền 15 12", {}),
        ("1 | Số buổi tuyên truyền | buổi | 15 | 12", {}),
        ("1 | Số buổi tuyên truyền | buổi | 12 | 12", {"buoi_tuyen_truyen": 12}),
        ("Số lượt học sinh tham gia 1 250", {"nguoi_tham_gia": 1250}),  # one number, grouped by a space
    ],
)
def test_a_row_of_a_table_without_borders(text: str, expected: dict[str, int]) -> None:
    """A text PDF's table drawn without borders comes out of pdfplumber as «1 Số buổi tuyên truyền buổi
    12» (row number, label, unit, count) and a Word table typed with tabs as «1⇥Số buổi tuyên truyền⇥buổi⇥12»:
    no figure was read from either. A row of two counts («… buổi 15 12», planned and done) was read as the
    first, the plan's: it gives nothing, for a person to read."""
    assert values("Kết quả cụ thể như sau:\n" + text + "\n") == expected


@pytest.mark.parametrize(
    "text",
    [
        # the counts beside the label's first line, its second line under them
        "1 Số buổi tuyên truyền về phòng, chống xâm buổi 12\nhại trẻ em\n2 Số lượt học sinh tham gia lượt 1.250",
        # the counts between the label's lines (the row's cells centred), or beside its last line
        "Số buổi tuyên truyền về phòng, chống xâm\n1 buổi 12\nhại trẻ em\n2 Số lượt học sinh tham gia lượt 1.250",
        "Số buổi tuyên truyền về phòng, chống xâm\n1 hại trẻ em buổi 12\n2 Số lượt học sinh tham gia lượt 1.250",
        "Kết quả:\nSố buổi tuyên truyền cho học\n1 buổi 12\nsinh\n2 Số lượt học sinh tham gia lượt 1.250",
    ],
)
def test_a_row_without_borders_whose_label_a_narrow_column_wrapped(text: str) -> None:
    """A PDF table without borders whose label cell wrapped onto two lines gave no sessions: the label's
    second line ran on after the count («… xâm buổi 12 hại trẻ em»), or its first line stood apart from
    the row number and the count. The label's lines are read as one row, and shown as printed."""
    found = {f.id: (f.value, f.sentence) for f in find_figures(text, SPECS)}
    assert found["buoi_tuyen_truyen"][0] == 12
    assert found["buoi_tuyen_truyen"][1] in text
    assert "12" in found["buoi_tuyen_truyen"][1] and "phòng" not in found["nguoi_tham_gia"][1]
    assert found["nguoi_tham_gia"][0] == 1250


def test_a_line_of_words_after_a_sentence_ending_in_a_count_is_no_wrapped_label() -> None:
    """Only a row of a table takes the lines of words around it into its label."""
    assert values("Số buổi tuyên truyền là 12\nbuổi trong năm học.") == {"buoi_tuyen_truyen": 12}
    assert values("Kết quả thực hiện\n1 Số buổi tuyên truyền buổi 12\nTổ chức tốt.") == {
        "buoi_tuyen_truyen": 12
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Số buổi tuyên truyền: 12, số lượt học sinh: 1.250.",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 1250},
        ),
        (
            "Số buổi tuyên truyền: 12, số lượt học sinh không tham gia: 30.",
            {"buoi_tuyen_truyen": 12},
        ),
    ],
)
def test_a_label_after_another_labels_count_in_one_sentence(text: str, expected: dict[str, int]) -> None:
    """«Số buổi tuyên truyền: 12, số lượt học sinh: 1.250.» gave no pupils: the label of 1.250 was taken
    to begin at the sentence's start, «Số buổi tuyên truyền», which named another figure. A label ends
    at the count before it."""
    assert values(text) == expected


def test_figures_in_a_table_of_labels_over_numbers() -> None:
    """A statistics table with the figures' names in its header row and the numbers in the row below
    ("Số buổi tuyên truyền | Số lượt học sinh ..." over "12 | 1.250 | 0") gave no figure at all, and
    the consolidated report listed every figure of the school as not found."""
    table = (
        "Kết quả cụ thể như sau:\n"
        "STT | Số buổi tuyên truyền | Số lượt học sinh, phụ huynh tham gia | Số vụ xâm hại trẻ em\n"
        "1 | 12 | 1.250 | 0\n"
    )
    assert values(table) == {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 1250, "vu_xam_hai": 0}
    [figure, *_] = find_figures(table, SPECS)
    assert figure.sentence == table.split("\n", 1)[1].strip()  # the two rows, as staff find them
    assert values("Khối | Số học sinh\nKhối 1 | 120\nKhối 2 | 130") == {}  # rows per grade: no total


@pytest.mark.parametrize(
    "table",
    [
        "STT | Nội dung | Đơn vị tính | Số lượng\n1 | Số buổi tuyên truyền | buổi | 12\n"
        "2 | Số lượt học sinh tham gia | lượt | 1.250\n3 | Số vụ xâm hại trẻ em | vụ | 0",
        "TT | Nội dung | ĐVT | Kết quả\n1 | Tuyên truyền | buổi | 12\n2 | Học sinh tham gia | lượt | 1.250\n"
        "3 | Vụ xâm hại trẻ em | vụ | Không",
    ],
    ids=["labels", "topics"],
)
def test_figures_in_a_table_with_row_numbers_and_a_unit_column(table: str) -> None:
    """The usual statistics table, «STT | Nội dung | Đơn vị tính | Số lượng», gave the row numbers for the
    counts: «3 | Vụ xâm hại trẻ em | vụ | Không» was read as three cases of abuse and «2 | Học sinh tham
    gia» as two pupils, and the counts after the unit's cell were not read at all."""
    assert values(table) == {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 1250, "vu_xam_hai": 0}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tổ chức được 12/12 buổi tuyên truyền", {"buoi_tuyen_truyen": 12}),
        ("Có 450/450 học sinh tham gia.", {"nguoi_tham_gia": 450}),
        # done of planned: the count is what was done
        ("Tổ chức 10/12 buổi tuyên truyền.", {"buoi_tuyen_truyen": 10}),
        ("Tổ chức được 10/12 buổi tuyên truyền.", {"buoi_tuyen_truyen": 10}),
        ("Số buổi tuyên truyền: 10/12 buổi.", {"buoi_tuyen_truyen": 10}),
        # a fraction, more done than planned (a class's name), a month and year: not read
        ("Có 3/4 học sinh tham gia.", {}),
        ("Có 9/10 học sinh tham gia.", {}),
        ("Có 430/450 học sinh tham gia.", {"nguoi_tham_gia": 430}),
        ("Tổ chức 8/10 buổi tuyên truyền.", {"buoi_tuyen_truyen": 8}),
        ("Tổ chức 12/10 buổi tuyên truyền.", {}),
        ("Tổ chức 10/2025 buổi tuyên truyền.", {}),
        ("Lớp 5/2 học sinh tham gia.", {}),
        ("Lớp 5/2 có 30 học sinh tham gia.", {"nguoi_tham_gia": 30}),
        ("Có 95/100 % học sinh tham gia.", {}),
        # dates
        ("Sáng 12/12 buổi tuyên truyền được tổ chức.", {}),
        ("Ngày 12/12 buổi tuyên truyền được tổ chức.", {}),
        ("Sáng 10/12 buổi tuyên truyền được tổ chức.", {}),
        ("Ngày 2/12/12 buổi tuyên truyền được tổ chức.", {}),
        ("Ngày 10/12/2025 tổ chức 3 buổi tuyên truyền.", {"buoi_tuyen_truyen": 3}),
        ("Từ 10/12 buổi tuyên truyền được tổ chức.", {}),
        ("Lớp 5/5 học sinh tham gia.", {}),
    ],
)
def test_done_of_those_planned_is_a_count(text: str, expected: dict[str, int]) -> None:
    """ "Tổ chức được 12/12 buổi tuyên truyền" gave no figure: a number beside a "/" was taken for a date
    or a ratio. Then «Tổ chức 10/12 buổi tuyên truyền» (10 held of 12 planned) gave none either. Done of
    planned is a count, the first number; a fraction, a class's name, a date or a reference stays
    unread."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số trẻ bị xâm hại trong năm: 0 trẻ", {}),
        ("Số học sinh không tham gia: 5 học sinh.", {}),
        ("Số học sinh chưa được tuyên truyền: 30 em học sinh.", {}),
        ("Số trẻ bị xâm hại | 0 trẻ", {}),
        ("Số học sinh không tham gia: từ 10 đến 12 học sinh.", {}),
        # a label that only says who or when still names its count
        ("Số học sinh tham gia: 450 học sinh.", {"nguoi_tham_gia": 450}),
        ("Số buổi tuyên truyền cho học sinh: 12 buổi.", {"buoi_tuyen_truyen": 12}),
        ("Số vụ xâm hại trẻ em: không.", {"vu_xam_hai": 0}),
    ],
)
def test_a_label_saying_what_did_not_happen_names_no_figure(text: str, expected: dict[str, int]) -> None:
    """ "Số học sinh không tham gia: 5 học sinh." was read as 5 pupils reached and "Số trẻ bị xâm hại: 0
    trẻ" as none: the unit after the number named the figure whatever its label said. A label saying the
    number counts what did not happen («không», «chưa») or was done to someone («bị») gives nothing."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số lượt tuyên truyền: 5 lượt.", {}),
        ("Số lượt tuyên truyền về kỹ năng sống: 5 lượt.", {}),
        # «lượt» alone as the unit of a count of «tuyên truyền»: sessions («lượt tuyên truyền») or people
        # reached («lượt»)? The same in a table's unit column, a row without borders, or a sentence.
        ("Số lượt tuyên truyền | 12 | lượt", {}),
        ("Số lượt tuyên truyền | lượt | 12", {}),
        ("1 Số lượt tuyên truyền lượt 12", {}),
        ("Nội dung | ĐVT | Số lượng\nSố lượt tuyên truyền | lượt | 12", {}),
        ("Tuyên truyền: 12 lượt.", {}),
        ("Tuyên truyền | lượt | 12", {}),
        ("Tuyên truyền | 12 lượt", {}),
        ("Tổ chức tuyên truyền được 12 lượt.", {}),
        ("Tuyên truyền qua Zalo 5 lượt, qua loa 7 lượt.", {}),
        ("Nội dung | Số lượt\nTuyên truyền | 12", {}),
        # whom «lượt» counts is said, or «tuyên truyền» is not what it counts
        ("Tuyên truyền được 1.250 lượt học sinh.", {"nguoi_tham_gia": 1250}),
        ("Tuyên truyền cho học sinh: 450 lượt.", {"nguoi_tham_gia": 450}),
        ("Số lượt học sinh được tuyên truyền | lượt | 1.250", {"nguoi_tham_gia": 1250}),
        ("2 Số lượt học sinh được tuyên truyền lượt 1.250", {"nguoi_tham_gia": 1250}),
        ("Học sinh được tuyên truyền: 1.250 lượt.", {"nguoi_tham_gia": 1250}),
        ("Tổ chức 3 buổi tuyên truyền cho 450 lượt.", {"buoi_tuyen_truyen": 3, "nguoi_tham_gia": 450}),
        ("Có 40 lượt tham gia tuyên truyền.", {"nguoi_tham_gia": 40}),
        ("Tổ chức 3 lượt tuyên truyền.", {"buoi_tuyen_truyen": 3}),
        # the unit agrees with the label, or names its figure in full
        ("Số lượt tuyên truyền: 5 buổi.", {"buoi_tuyen_truyen": 5}),
        ("Số lượt học sinh tham gia: 500 lượt.", {"nguoi_tham_gia": 500}),
        ("Số trẻ được tuyên truyền: 12 buổi tuyên truyền.", {"buoi_tuyen_truyen": 12}),
    ],
)
def test_a_unit_another_figures_label_holds_names_no_figure(text: str, expected: dict[str, int]) -> None:
    """ "Số lượt tuyên truyền: 5 lượt" was read as 5 pupils: "lượt" after the number is a pupils' unit,
    though the label counts sessions by "lượt tuyên truyền". Label and unit disagree; a person reads it.
    So it went on in a table («Số lượt tuyên truyền | lượt | 12» gave 12 pupils, «… | 12 | lượt» 12
    sessions) and after the topic alone («Tuyên truyền: 12 lượt» gave 12 pupils): nothing is read there
    either, as no figure is right for sure; the sentence is left for staff."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số lượt: 600", {}),
        ("Tổng số lượt: 600.", {}),
        ("Số lượt | 600", {}),
        ("1 | Số lượt | lượt | 600", {}),
        ("Tổ chức 12 buổi tuyên truyền, số lượt: 600.", {"buoi_tuyen_truyen": 12}),
        # whom the sentence says
        ("Số lượt: 600 học sinh.", {"nguoi_tham_gia": 600}),
        ("Số lượt tham gia: 600.", {"nguoi_tham_gia": 600}),
        ("Số lượt học sinh: 600.", {"nguoi_tham_gia": 600}),
        ("Tuyên truyền cho phụ huynh, số lượt: 200.", {"nguoi_tham_gia": 200}),
    ],
)
def test_a_label_of_luot_alone_names_no_figure(text: str, expected: dict[str, int]) -> None:
    """«Số lượt: 600» was read as 600 pupils and parents reached: «lượt» counts sessions as well as people,
    and nothing in the sentence said which. Unless the sentence says whom, it gives nothing."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số buổi tuyên truyền cho học sinh | buổi | 12", {"buoi_tuyen_truyen": 12}),
        ("1 | Số buổi tuyên truyền cho học sinh | buổi | 12", {"buoi_tuyen_truyen": 12}),
        ("1 Số buổi tuyên truyền cho học sinh buổi 12", {"buoi_tuyen_truyen": 12}),
        ("Số buổi tuyên truyền cho phụ huynh | buổi | 3", {"buoi_tuyen_truyen": 3}),
        # a label of whom, its unit another figure's: which count it is, a person reads
        ("Tuyên truyền cho học sinh | buổi | 12", {}),
        # the unit agrees with the label's last words
        ("Số học sinh tham gia | học sinh | 450", {"nguoi_tham_gia": 450}),
        # a label saying what did not happen, or was done to someone, before its unit cell
        ("Số học sinh không tham gia | học sinh | 5", {}),
        ("Số trẻ bị xâm hại | trẻ | 0", {}),
        ("Số buổi tuyên truyền chưa thực hiện | buổi | 3", {}),
    ],
)
def test_a_unit_cell_of_another_figure_than_the_labels_last_words(
    text: str, expected: dict[str, int]
) -> None:
    """A table row «Số buổi tuyên truyền cho học sinh | buổi | 12» was read as 12 pupils reached: the
    label's last words («học sinh») named the count, not the unit cell between it and the count. As in a
    sentence («Số buổi tuyên truyền cho học sinh: 12 buổi»), the keyword heading the label names the count
    when the unit is its own; a unit of another figure than the label's last words leaves it to a person."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tuyên truyền cho học sinh | 12 | 1.250", {}),
        ("Số lượt học sinh | 450 | 430", {}),
        (
            "Nội dung | Số buổi | Số lượt học sinh\nTuyên truyền cho học sinh | 12 | 1.250",
            {"nguoi_tham_gia": 1250},
        ),
        # one count, or counts all alike, after the label: the label names it
        ("Số lượt học sinh tham gia | 1.250", {"nguoi_tham_gia": 1250}),
        ("Số vụ xâm hại trẻ em | 0 | 0", {"vu_xam_hai": 0}),
    ],
)
def test_a_rows_label_names_none_of_several_counts(text: str, expected: dict[str, int]) -> None:
    """A table row «Tuyên truyền cho học sinh | 12 | 1.250» was read as 12 pupils reached: the label's
    last words («học sinh») named the first count after it, though the row's counts are its columns'
    (sessions, then pupils). A row label names a count only when no other count in the row differs."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            "Nội dung | Số buổi | Số lượt học sinh\nTuyên truyền | 12 | 1.250",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 1250},
        ),
        (
            "STT | Nội dung | Số buổi | Số lượt học sinh\n1 | Tuyên truyền | 12 | 1.250",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 1250},
        ),
        ("Nội dung | Số vụ\nXâm hại trẻ em | 0", {"vu_xam_hai": 0}),
        # several rows without a total: a person adds them up
        ("Nội dung | Số buổi | Số lượt học sinh\nTuyên truyền | 12 | 1.250\nTập huấn | 2 | 40", {}),
        # a topic that is no figure's: its pupils are not the school's pupils reached
        ("Nội dung | Số buổi | Số lượt học sinh\nTập huấn giáo viên | 2 | 40", {}),
        ("Khối | Số học sinh\nKhối 1 | 120", {}),
    ],
)
def test_figures_in_a_table_whose_headings_give_the_units(table: str, expected: dict[str, int]) -> None:
    """«Nội dung | Số buổi | Số lượt học sinh» over «Tuyên truyền | 12 | 1.250» gave no figure: the
    headings name units, the row what was done, and neither alone is a figure's name. The heading and
    the topic of a table's only row together are read as its label («Số buổi Tuyên truyền: 12»)."""
    assert values(table) == expected


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            "Nội dung | Số buổi | Số lượt học sinh\nTuyên truyền phòng, chống xâm hại trẻ em | 9 | 610",
            {"buoi_tuyen_truyen": 9, "nguoi_tham_gia": 610},
        ),
        (
            "Nội dung | Kết quả\nSố buổi | Số lượt học sinh\nTuyên truyền phòng, chống xâm hại trẻ em | 10 | 620",
            {"buoi_tuyen_truyen": 10, "nguoi_tham_gia": 620},
        ),
        (
            "Nội dung | Số lượt học sinh | Số buổi | Số vụ xâm hại\n"
            "Tuyên truyền phòng, chống xâm hại trẻ em | 610 | 9 | 0",
            {"buoi_tuyen_truyen": 9, "nguoi_tham_gia": 610, "vu_xam_hai": 0},
        ),
        (
            "STT | Nội dung | Số buổi | Số lượt học sinh\n1 | Tuyên truyền về phòng, chống bạo lực học đường | 4 | 300",
            {"buoi_tuyen_truyen": 4, "nguoi_tham_gia": 300},
        ),
        # a way of doing it may be a part of the whole: as before, for a person to read
        (
            "Nội dung | Số buổi | Số lượt học sinh\nTuyên truyền trực tuyến về phòng, chống xâm hại | 4 | 300",
            {},
        ),
        # «lượt» alone over the topic counts sessions or people: still nothing
        ("Nội dung | Số lượt\nTuyên truyền phòng, chống xâm hại trẻ em | 9", {}),
    ],
)
def test_a_one_row_table_labelled_by_the_whole_topic(table: str, expected: dict[str, int]) -> None:
    """A one-row table whose row says the topic as schools write it, «Tuyên truyền phòng, chống xâm hại trẻ
    em | 9 | 610» under «Nội dung | Số buổi | Số lượt học sinh», gave no figure («không tìm thấy»), while
    «Tuyên truyền | 9 | 610» did: the heading and the topic made a label whose topic wanted a unit after
    the count. The column's heading names the cell's figure and its unit."""
    assert values(table) == expected


@pytest.mark.parametrize(
    "table",
    [
        "Khối | Số buổi tuyên truyền | Số lượt học sinh tham gia\nKhối 1 | 2 | 120\nKhối 2 | 3 | 115\n"
        "Tổng cộng | 5 | 235",
        # a column of row numbers, the total's label over two merged cells (Word repeats it)
        "TT | Khối lớp | Số buổi tuyên truyền | Số lượt học sinh tham gia\n1 | Khối 1 | 2 | 120\n"
        "2 | Khối 2 | 3 | 115\nCộng | Cộng | 5 | 235",
        "TT | Khối lớp | Số buổi tuyên truyền | Số lượt học sinh tham gia\n1 | Khối 1 | 2 | 120\n"
        "2 | Khối 2 | 3 | 115\n | Tổng cộng | 5 | 235",
    ],
)
def test_figures_in_a_table_of_grades_with_a_total_row(table: str) -> None:
    """A school reported its figures in a table with a row per grade and a "Tổng cộng" row: no figure was
    read, and the consolidated report listed the school's sessions and pupils as not found though the
    totals stood in its table. The total row's numbers are the school's."""
    assert values(f"Kết quả theo từng khối lớp:\n{table}\nKhông xảy ra vụ xâm hại trẻ em nào.") == {
        "buoi_tuyen_truyen": 5,
        "nguoi_tham_gia": 235,
        "vu_xam_hai": 0,
    }
    assert find_figures(table, SPECS)[0].sentence == table  # the rows down to the total, as staff find them


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            "Nội dung | Kết quả\nSố buổi | Số lượt học sinh\nTuyên truyền | 12 | 1.250",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 1250},
        ),
        (
            "Khối | Kết quả\nSố buổi tuyên truyền | Số lượt học sinh tham gia\nKhối 1 | 2 | 120\nKhối 2 | 3 | 115\n"
            "Tổng cộng | 5 | 235",
            {"buoi_tuyen_truyen": 5, "nguoi_tham_gia": 235},
        ),
        # several rows without a total still give nothing
        ("Nội dung | Kết quả\nSố buổi | Số lượt học sinh\nTuyên truyền | 12 | 1.250\nTập huấn | 2 | 40", {}),
    ],
)
def test_a_table_whose_first_column_heading_spans_two_rows(table: str, expected: dict[str, int]) -> None:
    """A Word table with two rows of headings, «Nội dung» merged down over both and «Kết quả» across the
    columns of «Số buổi | Số lượt học sinh», gave no figure: the merged cell is read once, so the row of
    the columns' headings has a cell fewer than the rows under it. Its headings are those of the columns
    after the rows' first cell."""
    assert values(table) == expected


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            "Nội dung | Khối 6 | Khối 7 | Tổng cộng\nSố buổi tuyên truyền | 3 | 3 | 6\n"
            "Số lượt học sinh tham gia | 160 | 155 | 315",
            {"buoi_tuyen_truyen": (6, (), ()), "nguoi_tham_gia": (315, (), ())},
        ),
        (
            "Nội dung | Học kỳ I | Học kỳ II | Cả năm\nSố buổi tuyên truyền | 5 | 7 | 12",
            {"buoi_tuyen_truyen": (12, (), ())},
        ),
        # a unit column, and a total its parts do not add up to: kept, marked
        (
            "STT | Nội dung | ĐVT | Khối 6 | Khối 7 | Tổng\n1 | Số buổi tuyên truyền | buổi | 3 | 3 | 7",
            {"buoi_tuyen_truyen": (7, (), (3, 3))},
        ),
    ],
)
def test_a_table_whose_last_column_is_the_total_of_grades_or_semesters(
    table: str, expected: dict[str, tuple[int, tuple[int, ...], tuple[int, ...]]]
) -> None:
    """«Nội dung | Khối 6 | Khối 7 | Tổng cộng» over «Số buổi tuyên truyền | 3 | 3 | 6» gave nothing, and
    «Học kỳ I | Học kỳ II | Cả năm» gave the first semester's 5 with 7 and 12 beside it. The column of the
    total is the figure; grades or semesters that do not add up to it are kept beside it to check."""
    assert {f.id: (f.value, f.others, f.parts) for f in find_figures(table, SPECS)} == expected


MERGED = "Nội dung | Hình thức | Số buổi\nTuyên truyền | Trực tiếp | 8\nTuyên truyền | Trực tuyến | 4\n"


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (MERGED + "Tổng cộng | 12", [("buoi_tuyen_truyen", 12, (8, 4), ())]),
        (MERGED + "Tổng | 12", [("buoi_tuyen_truyen", 12, (8, 4), ())]),
        # a total its rows do not add up to: kept, the rows' counts for a person to check
        (MERGED + "Tổng cộng | 13", [("buoi_tuyen_truyen", 13, (), (8, 4))]),
        (
            "Nội dung | Hình thức | Số buổi | Số lượt học sinh\nTuyên truyền | Trực tiếp | 8 | 800\n"
            "Tuyên truyền | Trực tuyến | 4 | 450\nTổng cộng | 12 | 1.250",
            [("buoi_tuyen_truyen", 12, (8, 4), ()), ("nguoi_tham_gia", 1250, (800, 450), ())],
        ),
        # rows of other topics, no total, no heading, a heading naming no one figure, a plan: nothing
        (
            "Nội dung | Hình thức | Số buổi\nTuyên truyền | Trực tiếp | 8\nSinh hoạt | Trực tuyến | 4\nTổng cộng | 12",
            [],
        ),
        (MERGED, []),
        ("Tuyên truyền | Trực tiếp | 8\nTuyên truyền | Trực tuyến | 4\nTổng cộng | 12", []),
        (MERGED.replace("Số buổi", "Số lượt") + "Tổng cộng | 12", []),
        (MERGED.replace("Số buổi", "Kế hoạch") + "Tổng cộng | 12", []),
    ],
)
def test_a_table_whose_topic_is_merged_down_over_its_rows_gives_its_total(
    table: str, expected: list[tuple[str, int, tuple[int, ...], tuple[int, ...]]]
) -> None:
    """A Word table whose «Tuyên truyền» is merged down over «Trực tiếp | 8» and «Trực tuyến | 4», then
    «Tổng cộng | 12», gave no figure. Its total is the figure, its rows' counts beside it."""
    assert [(f.id, f.value, f.others, f.parts) for f in find_figures(table, SPECS)] == expected


SPLIT_GRADES = "Khối | Số buổi tuyên truyền | Số lượt học sinh tham gia\nKhối 6 | 3 | 160\nKhối 7 | 3 | 155\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Word's table split by a page break: an empty paragraph between its two halves
        (f"{SPLIT_GRADES}\nTổng cộng | 6 | 315", {"buoi_tuyen_truyen": (6, ()), "nguoi_tham_gia": (315, ())}),
        # the page's number between them, or the headings repeated on the next page
        (
            f"{SPLIT_GRADES}\n- 2 -\n\nTổng cộng | 6 | 315",
            {"buoi_tuyen_truyen": (6, ()), "nguoi_tham_gia": (315, ())},
        ),
        (
            f"{SPLIT_GRADES}\n2\n\n{SPLIT_GRADES.splitlines()[0]}\nTổng cộng | 6 | 315",
            {"buoi_tuyen_truyen": (6, ()), "nguoi_tham_gia": (315, ())},
        ),
        # more grades on the next page, then the total
        (
            f"{SPLIT_GRADES}\n2\n\nKhối 8 | 2 | 150\nTổng cộng | 8 | 465",
            {"buoi_tuyen_truyen": (8, ()), "nguoi_tham_gia": (465, ())},
        ),
        # a total the grades do not add up to is still marked
        (
            f"{SPLIT_GRADES}\nTổng cộng | 7 | 315",
            {"buoi_tuyen_truyen": (7, (3, 3)), "nguoi_tham_gia": (315, ())},
        ),
    ],
)
def test_a_table_of_grades_whose_total_row_is_on_the_next_page(
    text: str, expected: dict[str, tuple[int, tuple[int, ...]]]
) -> None:
    """A table of a row per grade went on over a page, its «Tổng cộng» row alone on the second page:
    the rows before the break were summed as a table without a total (marked «báo cáo không ghi tổng»)
    and the stated total was not read. The table goes on past the break to its total row."""
    found = {f.id: (f.value, f.parts) for f in find_figures(f"Kết quả theo từng khối:\n{text}\n", SPECS)}
    assert found == expected


@pytest.mark.parametrize(
    "text",
    [
        "Khối Số buổi tuyên truyền Số lượt học sinh tham gia\nKhối 6 3 160\nKhối 7 3 155\nTổng cộng 6 315",
        "STT Khối Số buổi tuyên truyền Số lượt học sinh tham gia\n1 Khối 6 3 160\n2 Khối 7 3 155\nTổng cộng 6 315",
        # over a page: the page's number, the headings repeated or not
        "Khối Số buổi tuyên truyền Số lượt học sinh tham gia\nKhối 6 3 160\nKhối 7 3 155\n1\n\nTổng cộng 6 315",
        "Khối Số buổi tuyên truyền Số lượt học sinh tham gia\nKhối 6 3 160\nKhối 7 3 155\n1\n\n"
        "Khối Số buổi tuyên truyền Số lượt học sinh tham gia\nTổng cộng 6 315",
    ],
)
def test_a_pdf_table_of_grades_read_without_its_borders(text: str) -> None:
    """A PDF's table of a row per grade and a total row gave no figure: its text layer has no cells, only
    «Khối 6 3 160» under «Khối Số buổi tuyên truyền Số lượt học sinh tham gia». Headings each opening
    with «Số» over rows of a grade and as many counts are read as the table they are."""
    assert values(f"Kết quả theo từng khối:\n{text}\nHIỆU TRƯỞNG") == {
        "buoi_tuyen_truyen": 6,
        "nguoi_tham_gia": 315,
    }


_WRAPPED_ROWS = (
    "Tuyên truyền chuyên đề 1 về phòng, chống xâm hại\n1 1 95\ntrẻ em\n"
    "Tuyên truyền chuyên đề 2 về phòng, chống xâm\n2 1 110\nhại trẻ em\n"
)


@pytest.mark.parametrize(
    "text",
    [
        "STT Nội dung buổi tuyên truyền Số buổi Số lượt học sinh\n" + _WRAPPED_ROWS + "Tổng cộng 2 205",
        # over a page, the headings repeated
        "STT Nội dung buổi tuyên truyền Số buổi Số lượt học sinh\n"
        + _WRAPPED_ROWS
        + "\nSTT Nội dung buổi tuyên truyền Số buổi Số lượt học sinh\n"
        "Tuyên truyền chuyên đề 3 về phòng, chống xâm\n3 1 120\nhại trẻ em\nTổng cộng 3 325",
    ],
)
def test_a_pdf_table_whose_labels_wrapped_around_the_counts_gives_its_total_row(text: str) -> None:
    """A PDF's table without borders whose «Nội dung» cells wrapped above and below the line of the row's
    number and counts («1 1 95» between «Tuyên truyền chuyên đề 1 về phòng, chống xâm hại» and «trẻ em»)
    gave the first row's 95 as the school's pupils: the counts ran on into «trẻ em». The rows are read as
    the table's, and its total row gives the figures, shown with the labels."""
    found = {f.id: f for f in find_figures(f"Các buổi tuyên truyền đã tổ chức:\n{text}\nHIỆU TRƯỞNG", SPECS)}
    total = text.rsplit("\n", 1)[1].split()
    assert {k: (f.value, f.parts) for k, f in found.items()} == {
        "buoi_tuyen_truyen": (int(total[2]), ()),
        "nguoi_tham_gia": (int(total[3]), ()),
    }
    assert "Tuyên truyền chuyên đề 1" in found["nguoi_tham_gia"].sentence
    assert found["nguoi_tham_gia"].sentence.endswith(text.rsplit("\n", 1)[1])


def test_a_row_of_counts_alone_is_never_read_with_a_wrapped_label_after_it() -> None:
    """Outside a table read as one, a line of a row's number and counts («1 1 95») went on into its label's
    wrapped end («trẻ em»), and «95 trẻ em» was read as the school's pupils."""
    assert values("Kết quả cụ thể:\n" + _WRAPPED_ROWS + "Trong năm không xảy ra vụ xâm hại nào.") == {
        "vu_xam_hai": 0
    }
    assert values("Nhà trường tổ chức được 1 250\nlượt học sinh tham gia.") == {"nguoi_tham_gia": 1250}
    assert values("Nhà trường tổ chức 12\nbuổi tuyên truyền.") == {"buoi_tuyen_truyen": 12}


def test_a_pdf_table_whose_labels_end_with_a_number_gives_its_total_row() -> None:
    """«1 Chuyên đề 1 1 95» under «STT Nội dung buổi tuyên truyền Số buổi Số lượt học sinh» gave nothing: the
    heading of the labels' column went on past «Nội dung», and the label ended with a number of its own."""
    text = (
        "STT Nội dung buổi tuyên truyền Số buổi Số lượt học sinh\n1 Chuyên đề 1 1 95\n2 Chuyên đề 2 1 110\n"
        "\nSTT Nội dung buổi tuyên truyền Số buổi Số lượt học sinh\n3 Chuyên đề 3 1 120\nTổng cộng 3 325"
    )
    found = {f.id: (f.value, f.parts) for f in find_figures(f"Kết quả:\n{text}\nHIỆU TRƯỞNG", SPECS)}
    assert found == {"buoi_tuyen_truyen": (3, ()), "nguoi_tham_gia": (325, ())}


def test_a_table_whose_last_heading_spans_the_headings_under_it() -> None:
    """«STT | Nội dung | Kết quả năm học» over «Học kỳ I | Học kỳ II | Cả năm» (Word reads the headings merged
    down once) gave no figure: the rows under them have five cells. The whole year's column is read, shown
    under both rows of headings."""
    text = (
        "Kết quả cụ thể như bảng sau:\nSTT | Nội dung | Kết quả năm học\nHọc kỳ I | Học kỳ II | Cả năm\n"
        "1 | Số buổi tuyên truyền | 3 | 4 | 7\n2 | Số lượt học sinh tham gia | 1,250 | 1,340 | 2,590\n"
        "3 | Số vụ xâm hại trẻ em | 0 | 0 | 0\nIII. Khó khăn, vướng mắc"
    )
    found = {f.id: f for f in find_figures(text, SPECS)}
    assert {k: f.value for k, f in found.items()} == {
        "buoi_tuyen_truyen": 7,
        "nguoi_tham_gia": 2590,
        "vu_xam_hai": 0,
    }
    assert found["buoi_tuyen_truyen"].sentence == (
        "STT | Nội dung | Kết quả năm học\nHọc kỳ I | Học kỳ II | Cả năm\n1 | Số buổi tuyên truyền | 3 | 4 | 7"
    )


@pytest.mark.parametrize("note", ["(tiếp theo)", "(Tiếp theo)", "Tiếp theo"])
def test_a_table_going_on_as_another_after_a_note_of_its_rest(note: str) -> None:
    """A Word table split by a page break, «(tiếp theo)» and its headings repeated over its rest, was read
    from the second table alone: its rows, not adding up to the «Tổng cộng» of the whole, marked the total
    for checking. The table goes on past the note."""
    heading = "STT | Nội dung buổi tuyên truyền | Số buổi | Số lượt học sinh"
    text = (
        f"Các buổi tuyên truyền đã tổ chức:\n{heading}\n1 | Chuyên đề 1 | 1 | 135\n2 | Chuyên đề 2 | 1 | 110\n"
        f"\n{note}\n{heading}\n3 | Chuyên đề 3 | 1 | 80\n4 | Chuyên đề 4 | 1 | 95\nTổng cộng | 4 | 420\n"
        "Trong năm không xảy ra vụ xâm hại nào."
    )
    found = {f.id: (f.value, f.parts) for f in find_figures(text, SPECS)}
    assert found == {"buoi_tuyen_truyen": (4, ()), "nguoi_tham_gia": (420, ()), "vu_xam_hai": (0, ())}


@pytest.mark.parametrize(
    "text",
    [
        "Năm 2026 nhà trường tổ chức 9 buổi tuyên truyền (năm 2025 là 6 buổi) với 1.480 lượt học sinh tham gia.",
        "Năm 2026 nhà trường tổ chức 9 buổi tuyên truyền (năm 2025 là 6 buổi) với 1.480 lượt học sinh"
        " (năm 2025: 1.100 lượt).",
    ],
)
def test_a_count_after_a_bracket_of_last_years_is_the_seasons(text: str) -> None:
    """«… 9 buổi tuyên truyền (năm 2025 là 6 buổi) với 1.480 lượt học sinh» in a report of 2026 lost its
    1.480: the year in the bracket was taken for the period of the rest of the sentence."""
    assert {f.id: f.value for f in find_figures(text, SPECS, year=2026)} == {
        "buoi_tuyen_truyen": 9,
        "nguoi_tham_gia": 1480,
    }


def test_a_table_of_other_rows_does_not_go_on_past_a_blank_line() -> None:
    """Only a table of grades goes on over a page: a total row after a blank line under rows of other
    things is another table's."""
    text = "Nội dung | Số buổi | Số lượt học sinh\nTuyên truyền | 12 | 1.250\nTập huấn | 2 | 40\n\nTổng cộng | 14 | 1.290"
    assert values(text) == {}


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("Nội dung | Học kỳ I | Học kỳ II\nSố buổi tuyên truyền | 5 | 7", ("buoi_tuyen_truyen", 5, (7,))),
        ("Nội dung | Lượt HS | Lượt PHHS\nTuyên truyền | 450 | 200", ("nguoi_tham_gia", 450, (200,))),
        (
            "Khối | Lượt học sinh | Lượt phụ huynh\nKhối 1 | 100 | 50\nKhối 2 | 120 | 60\nTổng cộng | 220 | 110\n"
            "Tổ chức 8 buổi tuyên truyền. Không xảy ra vụ xâm hại nào.",
            ("nguoi_tham_gia", 220, (110,)),
        ),
    ],
)
def test_a_table_giving_a_figure_in_two_columns_keeps_both_values(
    table: str, expected: tuple[str, int, tuple[int, ...]]
) -> None:
    """«Nội dung | Học kỳ I | Học kỳ II» over «Số buổi tuyên truyền | 5 | 7» was read as 5 sessions, the
    first semester's, and «Lượt HS | Lượt PHHS» as the pupils alone: each column was read apart and the
    figure taken from the first. The other column's value is kept beside it (Figure.others), for staff to
    see whether to add them up."""
    figure = next(f for f in find_figures(table, SPECS) if f.id == expected[0])
    assert (figure.id, figure.value, figure.others) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Có 2 học sinh bị xâm hại.", {}),
        ("Phát hiện 1 học sinh có dấu hiệu bị bạo hành.", {}),
        ("Trường có 3 học sinh có hoàn cảnh đặc biệt được hỗ trợ.", {}),
        ("Có 5 trẻ khuyết tật học hòa nhập.", {}),
        (
            "Có 450 học sinh tham gia, không có học sinh nào bị xâm hại.",
            {"nguoi_tham_gia": 450},
        ),
        ("Tổ chức 12 buổi tuyên truyền để học sinh không bị xâm hại.", {"buoi_tuyen_truyen": 12}),
    ],
)
def test_pupils_something_happened_to_are_not_pupils_reached(text: str, expected: dict[str, int]) -> None:
    """ "Có 2 học sinh bị xâm hại" was read as 2 pupils reached by the school's activities, and so were
    the pupils in special circumstances or with a disability a report counts: what the clause says after
    them (bị, có dấu hiệu, có hoàn cảnh, khuyết tật) makes them other people than those reached."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tổ chức 12 buổi tuyên truyền với sự tham gia của 35/35 lớp, 1.250 lượt học sinh.",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 1250},
        ),
        ("Tuyên truyền cho các khối 6, 7; 450 lượt học sinh tham gia.", {"nguoi_tham_gia": 450}),
        ("Lớp 5 học sinh tham gia đầy đủ.", {}),  # still the class's name
    ],
)
def test_a_word_before_a_comma_makes_no_reference_of_the_count_after_it(
    text: str, expected: dict[str, int]
) -> None:
    """ "… của 35/35 lớp, 1.250 lượt học sinh" lost its 1.250 pupils: «lớp» before it was read as naming a
    class «lớp 1.250», though a comma parts them."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Có hơn 1 nghìn lượt học sinh tham gia.", (1000, "hơn")),
        ("Có 2 ngàn lượt học sinh tham gia.", (2000, "")),
        ("Tổ chức 12 buổi tuyên truyền cho gần 1 nghìn học sinh.", (1000, "gần")),
    ],
)
def test_a_count_of_thousands_in_digits_and_a_word(text: str, expected: tuple[int, str]) -> None:
    """ "hơn 1 nghìn lượt học sinh" gave no count of pupils: a number is written in digits or in words,
    and «1 nghìn» was neither."""
    figure = next(f for f in find_figures(text, SPECS) if f.id == "nguoi_tham_gia")
    assert (figure.value, figure.about) == expected


def test_thousands_of_a_number_already_in_thousands_are_no_count() -> None:
    assert values("Có 1.200 nghìn lượt học sinh tham gia.") == {}


GRADES = (
    "Khối | Số buổi tuyên truyền | Số lượt học sinh tham gia\nKhối 1 | 3 | 120\nKhối 2 | 3 | 115\n"
    "Khối 3 | 4 | 130"
)


@pytest.mark.parametrize(
    "table",
    [
        GRADES,
        "TT | Khối lớp | Số buổi tuyên truyền | Số lượt học sinh tham gia\n1 | Khối 1 | 3 | 120\n"
        "2 | Khối 2 | 3 | 115\n3 | Khối 3 | 4 | 130",
    ],
)
def test_a_table_of_grades_without_a_total_row_is_summed_and_says_so(table: str) -> None:
    """A school gave its figures in a row per grade and no total: every figure was "not found", though
    the rows, all of one table, are the whole school. Each column is summed, and the figure keeps the rows'
    values (Figure.parts) for staff to see that it was summed."""
    found = {f.id: (f.value, f.parts) for f in find_figures(f"Kết quả theo từng khối:\n{table}\n", SPECS)}
    assert found == {"buoi_tuyen_truyen": (10, (3, 3, 4)), "nguoi_tham_gia": (365, (120, 115, 130))}


@pytest.mark.parametrize(
    "text",
    [
        # the whole is stated elsewhere: that is the figure
        f"Nhà trường tổ chức 12 buổi tuyên truyền cho 400 lượt học sinh.\n{GRADES}",
        # the table goes on over a page: its rows here are not the whole
        f"{GRADES}\n\n2\n\nKhối 4 | 2 | 100\nKhối 5 | 2 | 90",
    ],
)
def test_a_table_of_grades_is_not_summed_when_its_rows_may_not_be_the_whole(text: str) -> None:
    assert all(f.parts == () for f in find_figures(text, SPECS))
    assert values(text) in ({"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 400}, {})


@pytest.mark.parametrize(
    ("table", "summed"),
    [
        # the pupils each grade has, not those reached: only the sessions are summed
        (
            "Khối | Số học sinh | Số buổi tuyên truyền\nKhối 1 | 120 | 3\nKhối 2 | 115 | 3",
            [("buoi_tuyen_truyen", 6)],
        ),
        ("Khối | Số buổi tuyên truyền\nKhối 1 | 3\nKhối 1 | 3", []),  # a grade twice
        ("Khối | Số buổi tuyên truyền\nKhối 1 | 3\nKhối 2 | x", []),  # a cell without a count
        ("Nội dung | Số buổi tuyên truyền\nKhối 1 | 3\nTập huấn | 2", []),  # rows of other things
    ],
)
def test_a_table_of_grades_is_summed_only_for_counts_of_every_grade_once(
    table: str, summed: list[tuple[str, int]]
) -> None:
    assert [(f.id, f.value) for f in find_figures(table, SPECS) if f.parts] == summed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tổ chức 10 buổi tuyên truyền, mỗi buổi có 120 lượt học sinh tham gia.", {"buoi_tuyen_truyen": 10}),
        ("Tổ chức 9 buổi tuyên truyền, bình quân mỗi buổi 100 lượt học sinh.", {"buoi_tuyen_truyen": 9}),
        ("Tổ chức 9 buổi tuyên truyền, trung bình 100 lượt học sinh.", {"buoi_tuyen_truyen": 9}),
        ("Mỗi lớp tổ chức 2 buổi tuyên truyền.", {}),
        ("Tổ chức 1 buổi tuyên truyền/tháng, tổng số 9 buổi.", {}),
        ("Tổ chức 2 buổi tuyên truyền mỗi tháng cho 300 lượt học sinh.", {}),  # each month's pupils too
        ("Tổ chức 2 buổi tuyên truyền hằng tháng.", {}),
        ("Tổ chức 9 buổi tuyên truyền với 450 lượt học sinh mỗi buổi.", {"buoi_tuyen_truyen": 9}),
        ("Tổ chức 9 buổi tuyên truyền, 450 lượt học sinh/buổi.", {"buoi_tuyen_truyen": 9}),
        # «mọi» (every one) is no «mỗi» (each)
        (
            "Tổ chức 9 buổi tuyên truyền cho mọi đối tượng với 400 lượt học sinh.",
            {"buoi_tuyen_truyen": 9, "nguoi_tham_gia": 400},
        ),
    ],
)
def test_a_count_per_session_or_an_average_is_no_figure(text: str, expected: dict[str, int]) -> None:
    """ "Tổ chức 10 buổi tuyên truyền, mỗi buổi có 120 lượt học sinh tham gia" was read as 120 pupils
    reached, where the school reached about 1.200: a count of each session, class or month, or an
    average, is not the figure; nor is «1 buổi tuyên truyền/tháng», read as the year's one session."""
    assert values(text) == expected


def test_a_sentence_wrapped_at_the_end_of_a_printed_line() -> None:
    """A PDF's text breaks where the page broke the line: "Tổ chức 12 buổi" / "tuyên truyền cho ..."
    lost the count of sessions, each line read as a sentence of its own; lines that end a sentence or
    start a capitalised one still stand alone."""
    text = "Tổ chức 12 buổi\ntuyên truyền lồng ghép trong\ngiờ chào cờ với 850 lượt\nhọc sinh tham gia.\nKhông xảy ra\nvụ xâm hại nào."
    assert values(text) == {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 850, "vu_xam_hai": 0}
    assert find_figures(text, SPECS)[0].sentence == text.split(".")[0] + "."  # shown as written
    assert values("Số buổi tuyên truyền: 12\nSố lượt học sinh\nTham gia: 300") == {"buoi_tuyen_truyen": 12}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tổ chức tuyên truyền được 12 buổi cho 900 lượt học sinh.",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 900},
        ),
        ("Tuyên truyền | 12 buổi", {"buoi_tuyen_truyen": 12}),  # a table's row
        ("Xâm hại trẻ em: 0 vụ.", {"vu_xam_hai": 0}),
        ("Sinh hoạt dưới cờ 5 buổi.", {}),  # other words between the topic and the count
    ],
)
def test_a_count_between_its_topic_and_its_unit(text: str, expected: dict[str, int]) -> None:
    """ "Tuyên truyền được 12 buổi" and a table's "Tuyên truyền | 12 buổi" gave no count of sessions:
    the keyword "buổi tuyên truyền" was looked for after the number or before it, never around it."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tổ chức mười hai buổi tuyên truyền.", {"buoi_tuyen_truyen": 12}),
        ("Tổ chức hai mươi lăm buổi tuyên truyền.", {"buoi_tuyen_truyen": 25}),
        ("Có ba mươi mốt lượt phụ huynh tham gia.", {"nguoi_tham_gia": 31}),
        ("Có năm mươi học sinh tham gia.", {"nguoi_tham_gia": 50}),
        ("Trong mười năm học sinh tham gia đều.", {}),  # "mười năm": ten years, not fifteen
    ],
)
def test_numbers_written_in_several_words(text: str, expected: dict[str, int]) -> None:
    """A count written in words of two or three words was read from its last word alone: "mười hai
    buổi tuyên truyền" gave 2 sessions in the consolidated report instead of 12."""
    assert values(text) == expected


def test_first_credible_occurrence_and_its_sentence() -> None:
    text = (
        "Căn cứ Kế hoạch số 12/KH-PGDĐT ngày 15/9/2021.\n"
        "Nhà trường đã tổ chức 5 buổi tuyên truyền. Sau đó tổ chức thêm 7 buổi tuyên truyền;\n"
        "trong năm không xảy ra vụ xâm hại nào, đến tháng 10 có 1 vụ xâm hại."
    )
    assert find_figures(text, SPECS) == (
        Figure("buoi_tuyen_truyen", 5, "Nhà trường đã tổ chức 5 buổi tuyên truyền."),
        Figure(
            "vu_xam_hai",
            0,
            "trong năm không xảy ra vụ xâm hại nào, đến tháng 10 có 1 vụ xâm hại.",
            others=(1,),  # the sentence contradicts itself: the consolidated report asks a person
        ),
    )


def test_figures_come_back_in_spec_order() -> None:
    figures = find_figures("Không xảy ra vụ xâm hại. Có 40 học sinh. Tổ chức 2 buổi tuyên truyền.", SPECS)
    assert [f.id for f in figures] == ["buoi_tuyen_truyen", "nguoi_tham_gia", "vu_xam_hai"]


def test_header_numbers_are_not_figures() -> None:
    header = (
        "PHÒNG GD&ĐT THỦ THỪA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TRƯỜNG TIỂU HỌC BÌNH THẠNH 1 Độc lập - Tự do - Hạnh phúc\n"
        "Số: 45/BC-THBT1 Bình Thạnh, ngày 20 tháng 10 năm 2021\n"
        "BÁO CÁO\nKết quả thực hiện Nghị quyết 121/2020/QH14 năm 2021\n"
    )
    assert find_figures(header, SPECS) == ()


def test_no_specs_no_figures() -> None:
    assert find_figures("Tổ chức 12 buổi tuyên truyền.", ()) == ()


words = st.sampled_from(
    "12 1.250 450 0 hai năm buổi tuyên truyền lượt học sinh trẻ phụ huynh vụ xâm hại trường hợp không xảy ra "
    "có chưa phát hiện số : ; . , % / - 2021 121/2020/QH14 ngày tháng".split()
)


@settings(max_examples=300, deadline=None)
@given(st.lists(words | st.text(max_size=20), max_size=80).map(" ".join))
def test_never_raises_and_values_are_counts(text: str) -> None:
    figures = find_figures(text, SPECS)
    assert len({f.id for f in figures}) == len(figures)
    for figure in figures:
        assert figure.value >= 0
        assert figure.sentence and figure.sentence in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tổ chức 12 buổi tuyên truyền cho 1 250 lượt học sinh.",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 1250},
        ),
        ("Có 1\u00a0250 lượt phụ huynh tham gia.", {"nguoi_tham_gia": 1250}),  # Word's no-break space
        ("Có 12 500 000 lượt xem.", {"nguoi_tham_gia": 12500000}),
        (
            "Số buổi tuyên truyền | Số lượt học sinh tham gia\n12 | 1 320",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 1320},
        ),
        ("Số liệu: 12 450 0 học sinh.", {"nguoi_tham_gia": 0}),  # a run that is no grouping: three numbers
        ("Lớp 1 250 học sinh.", {}),  # "1 250" after "lớp": a reference, not a count
    ],
)
def test_thousands_grouped_by_a_space(text: str, expected: dict[str, int]) -> None:
    """ "1 250 lượt học sinh" (thousands grouped by a space, as Vietnamese typing often does) was read as
    250: the consolidated report summed 1.000 pupils too few for the school, with nothing to check."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Có ba trăm năm mươi lượt học sinh tham gia.", {"nguoi_tham_gia": 350}),
        ("Có một nghìn hai trăm lượt học sinh tham gia.", {"nguoi_tham_gia": 1200}),
        ("Có hai nghìn lượt phụ huynh tham gia.", {"nguoi_tham_gia": 2000}),
        ("Có một trăm linh năm học sinh tham gia.", {"nguoi_tham_gia": 105}),
        ("Có một nghìn không trăm năm mươi lăm học sinh tham gia.", {"nguoi_tham_gia": 1055}),
        ("Có hai trăm mười lăm học sinh tham gia.", {"nguoi_tham_gia": 215}),
        ("Có mười hai nghìn lượt xem.", {"nguoi_tham_gia": 12000}),
        # the short spoken forms are 230 or 203, 1.200 or 1.002: no count is read from them
        ("Có hai trăm ba học sinh tham gia.", {}),
        ("Có một nghìn hai học sinh tham gia.", {}),
        ("Có hàng trăm học sinh tham gia.", {}),
    ],
)
def test_hundreds_and_thousands_written_in_words(text: str, expected: dict[str, int]) -> None:
    """ "ba trăm năm mươi lượt học sinh" was read as 50 (the words before "năm mươi" ignored) and
    "một nghìn hai trăm" gave no count: the consolidated report summed 50 pupils for a school of 350."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tổ chức 12 buổi với 450 lượt học sinh tham gia tuyên truyền.", {"nguoi_tham_gia": 450}),
        ("Có 20 lượt phụ huynh được tuyên truyền.", {"nguoi_tham_gia": 20}),
        ("Tổ chức 3 lượt tuyên truyền.", {"buoi_tuyen_truyen": 3}),
    ],
)
def test_the_keyword_next_to_the_count_names_it(text: str, expected: dict[str, int]) -> None:
    """ "450 lượt học sinh tham gia tuyên truyền" gave 450 sessions: the longer keyword "lượt tuyên
    truyền", spread over four words, won over "lượt" right after the number."""
    assert values(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Số học sinh tham gia: Khối 6: 160 học sinh; Khối 7: 155 học sinh; Khối 8: 150 học sinh.",
        "Số học sinh tham gia: lớp 1: 160 học sinh;  Lớp 2: 155 học sinh; LỚP 3: 150 học sinh.",
    ],
)
def test_a_list_of_grades_split_by_semicolons_is_one_figure(text: str) -> None:
    """ "Số học sinh tham gia: Khối 6: 160 học sinh; Khối 7: 155 học sinh; …" was read as 160 alone, the
    first grade's pupils, and the consolidated report summed 160 for the school without a word: each
    ";" ended a sentence, so the other grades' counts never came along to be checked."""
    [figure] = [f for f in find_figures(text, SPECS) if f.id == "nguoi_tham_gia"]
    assert (figure.value, figure.others) == (160, (155, 150))


def test_a_semicolon_still_ends_a_statement_before_another_figure() -> None:
    assert values("Tổ chức 12 buổi tuyên truyền; 450 lượt học sinh; 0 vụ xâm hại.") == {
        "buoi_tuyen_truyen": 12,
        "nguoi_tham_gia": 450,
        "vu_xam_hai": 0,
    }


@pytest.mark.parametrize(
    "text",
    [
        "Nhà trường tổ chức từ 10 đến 12 buổi tuyên truyền mỗi học kỳ.",
        "Tổ chức 10 - 12 buổi tuyên truyền.",
        "Tổ chức 10 – 12 buổi tuyên truyền.",
        "Tổ chức khoảng 10 tới 12 buổi tuyên truyền.",
        "Tổ chức 10-12 buổi tuyên truyền.",
        "Tổ chức 10–12 buổi tuyên truyền.",
        "Số buổi tuyên truyền: 10 – 12.",
        "Số buổi tuyên truyền: từ 10 đến 12 buổi.",
        "Tuyên truyền được 10-12 buổi.",
    ],
)
def test_a_range_of_counts_is_read_as_a_range(text: str) -> None:
    """ "từ 10 đến 12 buổi tuyên truyền" was read as 12 and summed in the consolidated report as if the
    school had stated 12, and "Số buổi tuyên truyền: 10 – 12" as 10; "10-12" was not read at all, so the
    report said the figure was missing. A range is read as one, both ends, for a person to ask which."""
    [figure] = find_figures(text, SPECS)
    assert (figure.id, figure.value, figure.upto) == ("buoi_tuyen_truyen", 10, 12)


@pytest.mark.parametrize(
    "text",
    [
        "Có từ 1.200 đến 1.500 lượt học sinh tham gia.",
        "Có 1,200 - 1,500 lượt học sinh tham gia.",
        "Có 1 200 - 1 500 lượt học sinh tham gia.",
        "Có từ 1\u00a0200 đến 1\u00a0500 lượt học sinh tham gia.",
    ],
)
def test_a_range_keeps_the_thousands_of_both_ends(text: str) -> None:
    """ "1 200 - 1 500 lượt học sinh" (thousands grouped by a space) was read as 1 500 pupils, summed as
    if the school had stated it: a range's ends were numbers grouped by "." or "," only."""
    [figure] = find_figures(text, SPECS)
    assert (figure.value, figure.upto) == (1200, 1500)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Có trên 500 lượt học sinh tham gia.", ("nguoi_tham_gia", 500, "trên")),
        ("Tổ chức hơn mười buổi tuyên truyền.", ("buoi_tuyen_truyen", 10, "hơn")),
        ("Có khoảng 500 lượt học sinh tham gia.", ("nguoi_tham_gia", 500, "khoảng")),
        ("Có gần 300 lượt học sinh tham gia.", ("nguoi_tham_gia", 300, "gần")),
        ("Có hơn 1.000 lượt học sinh tham gia.", ("nguoi_tham_gia", 1000, "hơn")),
        ("Số lượt học sinh tham gia: Khoảng 500.", ("nguoi_tham_gia", 500, "khoảng")),
        ("Có 500 lượt học sinh tham gia.", ("nguoi_tham_gia", 500, "")),
        ("Có 500 lượt học sinh trên địa bàn tham gia.", ("nguoi_tham_gia", 500, "")),
    ],
)
def test_an_approximate_count_keeps_its_value_marked_approximate(
    text: str, expected: tuple[str, int, str]
) -> None:
    """ "trên 500 lượt học sinh", "hơn mười buổi", "khoảng 500" were read as exact counts and summed in the
    consolidated report as if the school had stated them. The value is kept, marked approximate."""
    [figure] = find_figures(text, SPECS)
    assert (figure.id, figure.value, figure.about) == expected
    assert figure.upto is None


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("Tổ chức 12 buổi tuyên truyền trên 500 lượt học sinh tham gia.", "trên"),
        ("Tổ chức 12 buổi tuyên truyền có trên 500 lượt học sinh tham gia.", "trên"),
        ("Tổ chức 12 buổi tuyên truyền khoảng 500 lượt học sinh tham gia.", "khoảng"),
    ],
)
def test_an_approximate_count_right_after_another_figures_unit_is_read(text: str, about: str) -> None:
    """In «Tổ chức 12 buổi tuyên truyền trên 500 lượt học sinh tham gia» only the 12 sessions were read:
    «buổi tuyên truyền», the unit of 12, was taken for the label of 500 («trên» reading as a label's
    connector) and disagreed with its «lượt». The pupils are an estimate, marked so."""
    found = {f.id: (f.value, f.about) for f in find_figures(text, SPECS)}
    assert found == {"buoi_tuyen_truyen": (12, ""), "nguoi_tham_gia": (500, about)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 | Số buổi tuyên truyền | buổi | -5", ("buoi_tuyen_truyen", -5)),
        ("2 | Số lượt học sinh tham gia | lượt | -250", ("nguoi_tham_gia", -250)),
        ("Nội dung | Số lượng\nSố buổi tuyên truyền | −5", ("buoi_tuyen_truyen", -5)),
        ("Số buổi tuyên truyền: -5 buổi.", ("buoi_tuyen_truyen", -5)),
        ("Số lượt học sinh tham gia:-1.250", ("nguoi_tham_gia", -1250)),
    ],
)
def test_a_count_with_a_minus_is_kept_negative(text: str, expected: tuple[str, int]) -> None:
    """A table's cell «-5» (buổi) and «-250» (lượt) were read as 5 and 250 and summed into the totals sent
    to the province: the minus was dropped. A negative count is a typo; it is kept as written, for a
    person to ask the school, never counted as its absolute value."""
    [figure] = find_figures(text, SPECS)
    assert (figure.id, figure.value) == expected


_ANNEX = "PHỤ LỤC SỐ LIỆU\nSTT | Nội dung | Đơn vị tính | Số lượng\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            f"Tổ chức 8 buổi tuyên truyền cho 530 lượt học sinh.\n{_ANNEX}1 | Số buổi tuyên truyền | buổi | 10\n"
            "2 | Số lượt học sinh tham gia | lượt | 530",
            {"buoi_tuyen_truyen": (8, (10,)), "nguoi_tham_gia": (530, ())},
        ),
        (
            "Tổ chức 8 buổi tuyên truyền cho 530 lượt học sinh.\nSố lượt học sinh tham gia: 600 lượt.",
            {"buoi_tuyen_truyen": (8, ()), "nguoi_tham_gia": (530, (600,))},
        ),
        (
            "Không xảy ra vụ xâm hại trẻ em nào. Tổ chức 8 buổi tuyên truyền.\n"
            "Nội dung | Số buổi | Số lượt học sinh\nTuyên truyền | 10 | 530",
            {"vu_xam_hai": (0, ()), "buoi_tuyen_truyen": (8, (10,)), "nguoi_tham_gia": (530, ())},
        ),
    ],
)
def test_a_figure_stated_twice_otherwise_keeps_both_values(
    text: str, expected: dict[str, tuple[int, tuple[int, ...]]]
) -> None:
    """A report said «Tổ chức 8 buổi tuyên truyền…» and its annex table «Số buổi tuyên truyền | buổi | 10»:
    8 was counted, 10 dropped, nothing flagged. Which one the school meant, a person reads: both values are
    kept (others), shown with both sentences; values that agree are read as before."""
    found = find_figures(text, SPECS)
    assert {f.id: (f.value, f.others) for f in found} == expected
    assert all(f.sentence.startswith("Tổ chức 8 buổi") for f in found if f.others)
    assert all(str(o) in f.sentence.split("\n")[-1] for f in found for o in f.others)  # both are shown


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            f"{_ANNEX}1 | Số buổi tuyên truyền | buổi | 10\n2 | Số lượt học sinh tham gia | lượt | 530\n"
            "Tổ chức 8 buổi tuyên truyền cho 530 lượt học sinh.",
            {"buoi_tuyen_truyen": (10, (8,)), "nguoi_tham_gia": (530, ())},
        ),
        (
            "Số lượt học sinh tham gia: 600 lượt.\nTổ chức 8 buổi tuyên truyền cho 530 lượt học sinh.",
            {"buoi_tuyen_truyen": (8, ()), "nguoi_tham_gia": (600, (530,))},
        ),
        # only the text's first statement after the label is compared with it
        (
            "Số buổi tuyên truyền: 12 buổi.\nTổ chức 8 buổi tuyên truyền.\nTổ chức thêm 2 buổi tuyên truyền.",
            {"buoi_tuyen_truyen": (12, (8,))},
        ),
        # the same count, a part of it (a semester, a grade, a month), another year's
        ("Số buổi tuyên truyền: 12 buổi.\nTổ chức 12 buổi tuyên truyền.", {"buoi_tuyen_truyen": (12, ())}),
        (
            "Số buổi tuyên truyền: 12 buổi.\nTổ chức 12 buổi tuyên truyền.\nTổ chức 4 buổi tuyên truyền.",
            {"buoi_tuyen_truyen": (12, ())},
        ),
        (
            "Số buổi tuyên truyền: 12 buổi.\nHọc kỳ I tổ chức 6 buổi tuyên truyền.",
            {"buoi_tuyen_truyen": (12, ())},
        ),
        (
            "Số buổi tuyên truyền: 12 buổi.\nKhối 6 tổ chức 3 buổi tuyên truyền.",
            {"buoi_tuyen_truyen": (12, ())},
        ),
        (
            "Số buổi tuyên truyền: 12 buổi.\nTháng 9 tổ chức 3 buổi tuyên truyền.",
            {"buoi_tuyen_truyen": (12, ())},
        ),
        (
            "Số buổi tuyên truyền: 12 buổi.\nNăm học trước tổ chức 10 buổi tuyên truyền.",
            {"buoi_tuyen_truyen": (12, ())},
        ),
    ],
)
def test_a_figure_stated_twice_otherwise_keeps_both_values_the_label_first(
    text: str, expected: dict[str, tuple[int, tuple[int, ...]]]
) -> None:
    """A report's table came first, «Số buổi tuyên truyền | buổi | 10», and its text after it «Tổ chức 8 buổi
    tuyên truyền…»: 10 was counted and nothing flagged, though the other order kept both. Both are kept,
    shown with both sentences, as when the text comes first; a part, the same count, another year's is no
    second value."""
    found = find_figures(text, SPECS)
    assert {f.id: (f.value, f.others) for f in found} == expected
    assert all(str(o) in f.sentence.split("\n")[-1] for f in found for o in f.others)  # both are shown


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tổ chức 12 buổi tuyên truyền.\nSố buổi tuyên truyền: 10 buổi.", (12, (10,))),
        (f"Tổ chức 12 buổi tuyên truyền.\n{_ANNEX}1 | Số buổi tuyên truyền | buổi | 10", (12, (10,))),
        # the same count again, a part (a semester, a way, a grade, a month), a plan, another year's
        ("Tổ chức 12 buổi tuyên truyền.\nSố buổi tuyên truyền: 12 buổi.", (12, ())),
        (f"Tổ chức 12 buổi tuyên truyền.\n{_ANNEX}1 | Số buổi tuyên truyền | buổi | 12", (12, ())),
        ("Tổ chức 12 buổi tuyên truyền.\nSố buổi tuyên truyền học kỳ I: 6 buổi.", (12, ())),
        ("Tổ chức 12 buổi tuyên truyền.\nSố buổi tuyên truyền trực tuyến: 4 buổi.", (12, ())),
        ("Tổ chức 12 buổi tuyên truyền.\nSố buổi tuyên truyền cho phụ huynh: 3 buổi.", (12, ())),
        ("Tổ chức 12 buổi tuyên truyền.\nKhối 6: Số buổi tuyên truyền: 3 buổi.", (12, ())),
        ("Tổ chức 12 buổi tuyên truyền.\nTháng 9: Số buổi tuyên truyền: 3 buổi.", (12, ())),
        ("Tổ chức 12 buổi tuyên truyền.\nSố buổi tuyên truyền năm học 2023-2024: 10 buổi.", (12, ())),
        ("Tổ chức 12 buổi tuyên truyền.\nSố buổi tuyên truyền năm học trước: 10 buổi.", (12, ())),
        ("Tổ chức 12 buổi tuyên truyền.\nKế hoạch năm học tới: Số buổi tuyên truyền: 15 buổi.", (12, ())),
        # the grades' counts, then their total they add up to: the total, the grades its parts
        (
            "Khối 6 tổ chức 6 buổi tuyên truyền.\nKhối 7 tổ chức 6 buổi tuyên truyền.\n"
            "Tổng số buổi tuyên truyền: 12 buổi.",
            (12, (6, 6)),
        ),
    ],
)
def test_only_the_whole_figure_stated_otherwise_is_a_second_value(
    text: str, expected: tuple[int, tuple[int, ...]]
) -> None:
    """After «Tổ chức 12 buổi tuyên truyền», «Số buổi tuyên truyền: 10 buổi» was dropped unflagged. A label
    stating the whole figure otherwise is a second value to check; a count of a part, a plan or another
    year's is none, and the figure stays one value as before."""
    [figure] = find_figures(text, SPECS)
    assert (figure.value, figure.others) == expected


def test_a_range_after_khoang_is_a_range_not_an_approximate_count() -> None:
    [figure] = find_figures("Tổ chức khoảng 10 tới 12 buổi tuyên truyền.", SPECS)
    assert (figure.value, figure.upto, figure.about) == (10, 12, "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Năm học 2023-2024 tổ chức 12 buổi tuyên truyền.", 12),
        ("Ngày 10-12-2024 tổ chức 12 buổi tuyên truyền.", 12),
        ("Lớp 1-5: 12 buổi tuyên truyền.", 12),
        ("Tổ chức 12 buổi tuyên truyền (ngày 20-10).", 12),
        ("Tổ chức 12 buổi tuyên truyền, 2-3 buổi mỗi tháng.", 12),
        ("Giai đoạn 2021 - 2025 tổ chức 12 buổi tuyên truyền.", 12),
        ("Số trẻ 4-5 tuổi được tuyên truyền: 12 buổi tuyên truyền.", 12),
        ("Từ 7 đến 9 giờ, trường tổ chức 12 buổi tuyên truyền.", 12),
    ],
)
def test_years_a_date_ages_hours_or_a_range_after_the_count_are_no_range(text: str, expected: int) -> None:
    [figure] = find_figures(text, SPECS)
    assert (figure.value, figure.upto) == (expected, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tuyên truyền 2 lần/tháng, tổng cộng 18 buổi tuyên truyền.", {"buoi_tuyen_truyen": 18}),
        ("Chỉ có 2 vụ việc.", {"vu_xam_hai": 2}),
        ("Thực hiện Công văn 45 học sinh.", {}),  # the pair of words still makes a reference
        ("Theo Kế hoạch 12 buổi tuyên truyền.", {}),
        ("Căn cứ Quyết định 12 học sinh.", {}),
    ],
)
def test_a_word_of_a_document_kind_alone_is_no_reference(text: str, expected: dict[str, int]) -> None:
    """ "tổng cộng 18 buổi tuyên truyền" gave no count: "cộng", a word of "công văn", was taken for a
    reference word by itself, as were "chỉ" (of "chỉ thị"), "từ", "thì" and others; now only the pair is."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "value", "others"),
    [
        ("Tuyên truyền được 6 buổi, thu hút 540 lượt học sinh, 120 lượt phụ huynh tham gia.", 540, (120,)),
        ("Lớp 1: 35 học sinh, lớp 2: 32 học sinh, lớp 3: 30 học sinh tham gia.", 35, (32, 30)),
        ("Có 450 học sinh tham gia. Trong đó 200 học sinh nữ.", 450, ()),  # another sentence: not its value
        ("Có 450 học sinh tham gia, cả 450 học sinh đều được tuyên truyền.", 450, ()),  # the same value again
    ],
)
def test_a_sentence_giving_a_figure_several_values_says_so(
    text: str, value: int, others: tuple[int, ...]
) -> None:
    """ "540 lượt học sinh, 120 lượt phụ huynh" and a sentence listing each class's pupils were read as
    their first number alone, 540 and 35: the consolidated report summed a part of the school's figure
    without a word. The other values of the sentence now come along, for the report to ask a person."""
    [figure] = [f for f in find_figures(text, SPECS) if f.id == "nguoi_tham_gia"]
    assert (figure.value, figure.others) == (value, others)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tổng số buổi tuyên truyền trong năm: 12 buổi.", {"buoi_tuyen_truyen": 12}),
        ("Số buổi tuyên truyền trong năm học 2024-2025: 12 buổi.", {"buoi_tuyen_truyen": 12}),
        ("a) Số buổi tuyên truyền đã tổ chức: 12", {"buoi_tuyen_truyen": 12}),
        ("Số học sinh được tuyên truyền: 1.250 em.", {"nguoi_tham_gia": 1250}),
        ("Số vụ xâm hại trẻ em xảy ra trong năm học: 0 vụ.", {"vu_xam_hai": 0}),
        ("Số vụ xâm hại trẻ em trong năm: không.", {"vu_xam_hai": 0}),
        (
            "Số vụ xâm hại trẻ em xảy ra | 0\nSố buổi tuyên truyền | 12",
            {"buoi_tuyen_truyen": 12, "vu_xam_hai": 0},
        ),
        ("Số lượt học sinh tham gia tuyên truyền: 1.250", {"nguoi_tham_gia": 1250}),
        # words after the keyword that change what is counted: no value
        ("Số trẻ bị xâm hại trong năm: 0", {}),
        ("Số học sinh được tuyên truyền về phòng, chống xâm hại: 1.250", {}),
        ("Trường tuyên truyền cho học sinh về phòng chống xâm hại: 12 buổi.", {}),
        ("Năm: 2021", {}),
    ],
)
def test_a_label_qualified_after_its_keyword_names_its_value(text: str, expected: dict[str, int]) -> None:
    """ "Số buổi tuyên truyền trong năm: 12 buổi", "Số vụ xâm hại trẻ em xảy ra: 0" gave no value (the
    label's words had to end with the keyword, and "năm: 12" was read as a year's number), so the draft
    listed the figures as not found. Words saying when or what happened may follow the keyword of a label
    that begins its line; any other word («bị» xâm hại) may change what is counted, and gives nothing."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số buổi tuyên truyền cho học sinh: 12 buổi.", {"buoi_tuyen_truyen": 12}),
        ("Số buổi tuyên truyền cho học sinh: 12.", {}),
        ("Số buổi tuyên truyền cho học sinh | 12", {}),
        ("Số vụ xâm hại trẻ em: 0", {"vu_xam_hai": 0}),
        # a label and its value without a colon between, as a table without borders lays them out
        ("Số buổi tuyên truyền cho học sinh 12", {}),
        ("1 Số lượt tuyên truyền cho phụ huynh 4", {}),
        ("Số buổi tuyên truyền cho học sinh 12 buổi", {"buoi_tuyen_truyen": 12}),
        ("Số học sinh tham gia 320", {"nguoi_tham_gia": 320}),
    ],
)
def test_a_label_names_what_its_first_keyword_counts(text: str, expected: dict[str, int]) -> None:
    """ "Số buổi tuyên truyền cho học sinh: 12 buổi" was read as 12 pupils reached, and the draft summed
    the sessions as pupils: the label's last words («học sinh») named the number. What a label counts is
    the keyword it begins with; when its last words name another figure, only the unit after the number
    («12 buổi») says which, and without one nothing is read, for a person to check. The same held for a
    label without a colon («Số buổi tuyên truyền cho học sinh 12», read as 12 pupils)."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số buổi tuyên truyền về phòng, chống xâm hại trẻ em: 12 buổi.", {"buoi_tuyen_truyen": 12}),
        (
            "Số buổi tuyên truyền phòng, chống bạo lực học đường trong năm học: 8 buổi",
            {"buoi_tuyen_truyen": 8},
        ),
        # without the unit after it, a label with a topic names nothing (as one «cho học sinh» does)
        ("Số buổi tuyên truyền về phòng, chống xâm hại trẻ em: 12.", {}),
        ("Số học sinh được tuyên truyền về phòng, chống xâm hại: 1.250", {}),
        # words that change what is counted are no topic
        ("Số buổi tuyên truyền về phòng, chống xâm hại chưa thực hiện: 2 buổi.", {}),
        ("Số buổi tuyên truyền về xâm hại theo kế hoạch: 15 buổi.", {}),
        ("Số buổi tuyên truyền còn lại: 3 buổi.", {}),
    ],
)
def test_a_label_whose_keyword_is_followed_by_its_topic(text: str, expected: dict[str, int]) -> None:
    """ "Số buổi tuyên truyền về phòng, chống xâm hại trẻ em: 12 buổi." gave no figure: only words saying
    when or what happened could follow a label's keyword. A topic after it («về …», «phòng, chống …», of
    the words reports are about) does not change what is counted when the keyword's unit follows the
    number; words like «chưa thực hiện», «theo kế hoạch» still give nothing."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số vụ xâm hại trẻ em: không.", {"vu_xam_hai": 0}),
        ("Số vụ xâm hại trẻ em: Không có.", {"vu_xam_hai": 0}),
        ("Vụ xâm hại trẻ em: không xảy ra.", {"vu_xam_hai": 0}),
        ("Số buổi tuyên truyền | 12\nSố vụ xâm hại | Không", {"buoi_tuyen_truyen": 12, "vu_xam_hai": 0}),
        ("Học sinh tham gia: không đầy đủ.", {}),  # not a value: words follow that are no "none"
        ("Có học sinh tham gia không?", {}),
        ("Số vụ xâm hại trẻ em: chưa phát hiện.", {"vu_xam_hai": 0}),
        (
            "Số vụ xâm hại | Chưa xảy ra\nSố buổi tuyên truyền | 12",
            {"buoi_tuyen_truyen": 12, "vu_xam_hai": 0},
        ),
        ("Số vụ xâm hại trẻ em: chưa có vụ nào.", {"vu_xam_hai": 0}),
        ("Số vụ xâm hại trẻ em: chưa.", {}),  # "not yet": no answer
        ("Số buổi tuyên truyền: chưa tổ chức.", {}),
    ],
)
def test_none_written_as_a_labels_value_is_zero(text: str, expected: dict[str, int]) -> None:
    """ "Số vụ xâm hại trẻ em: không." (and a table's "Không" cell) gave no value: the consolidated
    report listed the school's figure as not found, though the school had written none; as it did for
    "chưa phát hiện", "chưa xảy ra", "chưa có" written as the value."""
    assert values(text) == expected


def test_a_negations_zero_yields_to_a_number_stated_later() -> None:
    """ "Trường không có học sinh khuyết tật. Có 450 học sinh tham gia." gave 0 pupils reached: the
    negation, which names its figure by a keyword alone ("học sinh"), came first and won, and the
    consolidated report summed 0 for the school without a word."""
    text = "Trường không có học sinh khuyết tật. Có 450 học sinh tham gia. Không xảy ra vụ xâm hại nào."
    assert values(text) == {"nguoi_tham_gia": 450, "vu_xam_hai": 0}
    assert find_figures(text, SPECS)[0].sentence == "Có 450 học sinh tham gia."


def test_a_total_after_tong_so_is_a_count() -> None:
    """ "Tổng số: 1.250 lượt học sinh" gave no count: "số" before a number makes it a document's number
    ("Số: 45/BC"), and the consolidated report listed the school's figure as not found."""
    assert values("Tổng số: 1.250 lượt học sinh.") == {"nguoi_tham_gia": 1250}
    assert values("Số: 45 học sinh.") == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đính chính: số buổi tuyên truyền ghi nhầm.", ("buoi_tuyen_truyen",)),
        ("Số vụ xâm hại trẻ em ghi sai, xin Phòng kiểm tra lại.", ("vu_xam_hai",)),
        ("Đính chính: số liệu báo cáo gửi hôm trước bị nhầm.", ()),
    ],
    ids=["one-figure", "title", "none"],
)
def test_a_note_names_figures_without_stating_values(text: str, expected: tuple[str, ...]) -> None:
    """A correction with no new value ("số buổi tuyên truyền ghi nhầm") names the figure it doubts:
    find_figures reads no value from it, and the consolidated draft summed the figure unchecked."""
    assert find_figures(text, SPECS) == ()
    assert figures_named(text, SPECS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tuyên truyền lồng ghép: 12 buổi.", {"buoi_tuyen_truyen": 12}),
        ("a) Tuyên truyền trực tuyến cho phụ huynh: 3 buổi.", {"buoi_tuyen_truyen": 3}),
        ("Tuyên truyền lồng ghép trong các tiết học | 12 buổi", {"buoi_tuyen_truyen": 12}),
        ("Số buổi tuyên truyền lồng ghép: 12.", {"buoi_tuyen_truyen": 12}),
        # the unit counts sessions: the label's «học sinh» names no count of pupils
        ("Tuyên truyền cho học sinh: 12 buổi.", {"buoi_tuyen_truyen": 12}),
        # a label that may change what is counted, or other words before the count
        ("Tuyên truyền chưa thực hiện: 2 buổi.", {}),
        ("Tuyên truyền theo kế hoạch: 12 buổi.", {}),
        ("Sinh hoạt dưới cờ: 5 buổi.", {}),
        ("Tuyên truyền lồng ghép 12 buổi.", {}),
    ],
)
def test_a_label_opening_with_its_topic_names_the_count_its_unit_names(
    text: str, expected: dict[str, int]
) -> None:
    """«Tuyên truyền lồng ghép: 12 buổi» gave no figure: the topic and the unit make the keyword «buổi
    tuyên truyền» only when nothing stands between the topic and the count, and «lồng ghép» (how it was
    done) did. «Tuyên truyền cho học sinh: 12 buổi» was read as 12 pupils, by the label's last words."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            "Đơn vị | Số buổi | Số lượt HS\nTrường TH Kim Đồng | 12 | 1.250",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 1250},
        ),
        (
            "STT | Tên đơn vị | Số buổi tuyên truyền | Số lượt học sinh | Số vụ xâm hại\n"
            "1 | Trường Tiểu học Kim Đồng | 12 | 1.250 | 0\nTổng cộng | | 12 | 1.250 | 0",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 1250, "vu_xam_hai": 0},
        ),
        # the rows of several schools: neither they nor their total are the report's own
        (
            "Đơn vị | Số buổi tuyên truyền | Số lượt học sinh\nTrường TH Kim Đồng | 5 | 600\n"
            "Trường TH Mỹ An | 7 | 650\nTổng cộng | 12 | 1.250",
            {},
        ),
    ],
    ids=["unit-headings", "row-number-and-total", "several-schools"],
)
def test_figures_in_a_table_whose_row_is_the_schools_own(table: str, expected: dict[str, int]) -> None:
    """«Đơn vị | Số buổi | Số lượt HS» over «Trường TH Kim Đồng | 12 | 1.250» gave no figure: the row's
    label is the school's name, no topic, and «HS» no keyword. The school's only row is the report's own,
    a heading naming a unit that opens a single figure's keywords («buổi») names that figure, and «HS» is
    «học sinh». A table of several schools is a commune's, not one school's: its total is not read."""
    assert values(f"Kết quả:\n{table}") == expected


def test_abbreviations_of_those_counted_are_read_as_words() -> None:
    """ "Tổ chức 12 buổi tuyên truyền cho 450 HS." gave the sessions but not the pupils: «HS» is how
    reports write «học sinh». The sentence is still shown as written."""
    [sessions, pupils] = find_figures("Tổ chức 12 buổi tuyên truyền cho 450 HS.", SPECS)
    assert (sessions.value, pupils.value) == (12, 450)
    assert pupils.sentence == "Tổ chức 12 buổi tuyên truyền cho 450 HS."
    assert values("Trường THCS Mỹ An có 450 học sinh tham gia.") == {"nguoi_tham_gia": 450}


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            "Số buổi tuyên truyền | Số vụ xâm hại trẻ em\n12 | Không",
            {"buoi_tuyen_truyen": 12, "vu_xam_hai": 0},
        ),
        ("Số buổi tuyên truyền | Số vụ xâm hại trẻ em\n12 | 0", {"buoi_tuyen_truyen": 12, "vu_xam_hai": 0}),
        # a dash or a cross says none, not applicable or done, as the report's key has it: not read
        ("Số buổi tuyên truyền | Số vụ xâm hại trẻ em\n12 | -", {"buoi_tuyen_truyen": 12}),
        ("Số buổi tuyên truyền | Số vụ xâm hại trẻ em\n12 | x", {"buoi_tuyen_truyen": 12}),
        ("STT | Nội dung | ĐVT | Số lượng\n1 | Số vụ xâm hại trẻ em | vụ | -", {}),
        (
            "Khối | Số buổi tuyên truyền | Số vụ xâm hại trẻ em\nKhối 1 | 2 | -\nKhối 2 | 3 | -\nTổng cộng | 5 | -",
            {"buoi_tuyen_truyen": 5},
        ),
        (
            "Nội dung | Số buổi | Số lượt học sinh | Số vụ xâm hại\nTuyên truyền | 12 | 1.250 | x",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 1250},
        ),
    ],
)
def test_a_table_cell_saying_there_is_none(table: str, expected: dict[str, int]) -> None:
    """«Số buổi tuyên truyền | Số vụ xâm hại trẻ em» over «12 | Không» gave no figure at all: a row of
    numbers was read only when every cell was a number, so a «Không», «-» or «x» in one cell lost the
    others. «Không» is zero; a dash or a cross is left unread, the other cells are read."""
    assert values(table) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nội dung | Năm 2024 | Năm 2025\nSố buổi tuyên truyền | 10 | 12", {}),
        ("Nội dung | Năm học 2023-2024 | Năm học 2024-2025\nSố lượt học sinh tham gia | 900 | 1.250", {}),
        ("Số buổi tuyên truyền năm 2024: 10, năm 2025: 12.", {}),
        # one year, a school year's two, or a date's or a reference's year beside it: read
        ("Số buổi tuyên truyền trong năm học 2024-2025: 12 buổi.", {"buoi_tuyen_truyen": 12}),
        ("Số vụ xâm hại trẻ em năm 2025: 0 (Nghị quyết 121/2020/QH14, ngày 10/9/2024).", {"vu_xam_hai": 0}),
        ("Nội dung | Năm học 2024-2025\nSố buổi tuyên truyền | 12", {"buoi_tuyen_truyen": 12}),
        ("Số buổi tuyên truyền: 12 (năm trước: 10).", {"buoi_tuyen_truyen": 12}),
        ("Số buổi tuyên truyền năm 2025: 12 buổi, tăng 2 buổi so với năm 2024.", {"buoi_tuyen_truyen": 12}),
        ("Số buổi tuyên truyền năm 2025: 12 (năm 2024: 10).", {}),
    ],
)
def test_figures_of_two_years_side_by_side_are_left_to_a_person(text: str, expected: dict[str, int]) -> None:
    """A report comparing years («Nội dung | Năm 2024 | Năm 2025» over «Số buổi tuyên truyền | 10 | 12»)
    gave last year's 10 as this season's figure: the first column was read. Which column is the season
    reported on the report's text alone does not say: neither is read, nor a label's year beside
    another's («năm 2024: 10, năm 2025: 12»)."""
    assert values(text) == expected


YEARS = (
    "Nội dung | Năm học 2024-2025 | Năm học 2025-2026\nSố buổi tuyên truyền | 10 | 12\n"
    "Số lượt học sinh tham gia | 900 | 1.250\nSố vụ xâm hại trẻ em | 0 | 0\nTổng cộng | 910 | 1.262"
)


@pytest.mark.parametrize(
    ("text", "school_year", "expected"),
    [
        (YEARS, 2025, {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 1250, "vu_xam_hai": 0}),
        (YEARS, 2024, {"buoi_tuyen_truyen": 10, "nguoi_tham_gia": 900, "vu_xam_hai": 0}),
        (
            "TT | Nội dung | 2024 - 2025 | 2025 - 2026\n1 | Số buổi tuyên truyền | 10 | 12",
            2025,
            {"buoi_tuyen_truyen": 12},
        ),
        # the season's school year is no column's, or is not known: a person reads the table
        (YEARS, 2026, {"vu_xam_hai": 0}),
        (YEARS, None, {"vu_xam_hai": 0}),
        # calendar years are no school year
        ("Nội dung | Năm 2024 | Năm 2025\nSố buổi tuyên truyền | 10 | 12", 2025, {}),
    ],
)
def test_a_table_of_school_years_side_by_side_gives_the_seasons(
    text: str, school_year: int | None, expected: dict[str, int]
) -> None:
    """A table «Nội dung | Năm học 2024-2025 | Năm học 2025-2026», last year's figures beside this year's,
    gave no figure at all though the report was on 2025-2026: the column of the school year reported on,
    when the caller knows it, gives the figures."""
    assert {f.id: f.value for f in find_figures(text, SPECS, school_year=school_year)} == expected


CALENDAR_YEARS = (
    "Nội dung | Năm 2023 | Năm 2024\nSố buổi tuyên truyền | 6 | 9\n"
    "Số lượt học sinh, phụ huynh tham gia | 800 | 1.100\nSố vụ xâm hại trẻ em | 1 | 0"
)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2024, {"buoi_tuyen_truyen": 9, "nguoi_tham_gia": 1100, "vu_xam_hai": 0}),
        (2023, {"buoi_tuyen_truyen": 6, "nguoi_tham_gia": 800, "vu_xam_hai": 1}),
        # the year reported on heads no column, or is not known: a person reads the table
        (2025, {}),
        (None, {}),
    ],
)
def test_a_table_of_calendar_years_side_by_side_gives_the_years_reported_on(
    year: int | None, expected: dict[str, int]
) -> None:
    """A report «… năm 2024» compared its figures with last year's in «Nội dung | Năm 2023 | Năm 2024»: no
    figure was read, and the draft said the school had not stated them. The column of the calendar year
    reported on, when the caller knows it, gives the figures."""
    assert {f.id: f.value for f in find_figures(CALENDAR_YEARS, SPECS, year=year)} == expected


@pytest.mark.parametrize(
    ("text", "value", "others"),
    [
        ("Khối 1: 120 học sinh; Khối 2: 130 học sinh; Tổng cộng: 250 học sinh.", 250, (120, 130)),
        ("Số buổi tuyên truyền: Khối 1: 3 buổi; Khối 2: 3 buổi; Tổng: 6 buổi.", 6, (3, 3)),
        ("Số buổi tuyên truyền: Khối 1: 3 buổi; Khối 2: 3 buổi; Tổng số: 6 buổi.", 6, (3, 3)),
        ("Khối 1 có 120 học sinh, khối 2 có 130 học sinh, tổng cộng 250 học sinh tham gia.", 250, (120, 130)),
        (
            "Tổng số học sinh tham gia là 250, trong đó khối 1: 120 học sinh, khối 2: 130 học sinh.",
            250,
            (120, 130),
        ),
        # parts without a total: a person reads them
        ("Khối 6: 160 học sinh; Khối 7: 155 học sinh.", 160, (155,)),
    ],
)
def test_a_total_stated_after_its_parts_is_the_figure(text: str, value: int, others: tuple[int, ...]) -> None:
    """«Khối 1: 120 học sinh; Khối 2: 130 học sinh; Tổng cộng: 250 học sinh.» gave 120 pupils, the first
    grade's, and the consolidated report asked whether to add 120 and 130 (the total stood in a sentence
    of its own after the «;»). A total its parts add up to is the figure, the parts its others. The same
    list under its label with «Tổng: 6 buổi» after it gave nothing: the stated total is the figure, not
    the system's sum of the grades."""
    [figure] = find_figures(text, SPECS)
    assert (figure.value, figure.others, figure.parts) == (value, others, ())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Khối 1: 120 học sinh; Khối 2: 130 học sinh; Tổng cộng: 260 học sinh.",
            [("nguoi_tham_gia", 260, (120, 130))],
        ),
        (
            "Số buổi tuyên truyền: Khối 1: 3 buổi; Khối 2: 3 buổi; Tổng: 7 buổi.",
            [("buoi_tuyen_truyen", 7, (3, 3))],
        ),
        (
            "Khối | Số buổi tuyên truyền | Số lượt học sinh tham gia\nKhối 1 | 2 | 120\nKhối 2 | 3 | 115\n"
            "Tổng cộng | 6 | 235",
            [("buoi_tuyen_truyen", 6, (2, 3)), ("nguoi_tham_gia", 235, ())],
        ),
        (
            "TT | Khối lớp | Số buổi tuyên truyền\n1 | Khối 1 | 2\n2 | Khối 2 | 3\n | Tổng cộng | 4",
            [("buoi_tuyen_truyen", 4, (2, 3))],
        ),
    ],
)
def test_a_stated_total_its_grades_do_not_add_up_to_is_kept_and_marked(
    text: str, expected: list[tuple[str, int, tuple[int, ...]]]
) -> None:
    """«Khối 1: 120 học sinh; Khối 2: 130 học sinh; Tổng cộng: 260 học sinh.» gave 120 pupils, the first
    grade's, and a table whose «Tổng cộng» row said 6 sessions over rows of 2 and 3 gave 6 as if it were
    sure. The stated total is the figure, the grades' counts kept beside it (Figure.parts) so that staff
    see it does not match their sum and check it."""
    found = [(f.id, f.value, f.parts) for f in find_figures(text, SPECS)]
    assert found == expected
    assert all(f.others == () for f in find_figures(text, SPECS))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số buổi tuyên truyền:\n12 buổi.", {"buoi_tuyen_truyen": 12}),
        ("Số lượt học sinh tham gia:\n1.250", {"nguoi_tham_gia": 1250}),
        # one number of thousands grouped by a space, or two: neither is read
        ("Tổ chức 12 buổi tuyên truyền cho 1\n250 lượt học sinh tham gia.", {"buoi_tuyen_truyen": 12}),
        ("Số buổi tuyên truyền: 12\n250 lượt học sinh tham gia.", {}),
        # a stop, or no group of three: two statements
        (
            "Số buổi tuyên truyền: 12.\n250 lượt học sinh tham gia.",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 250},
        ),
        ("Kết quả như sau:\n1 | 12 buổi tuyên truyền", {"buoi_tuyen_truyen": 12}),
    ],
)
def test_a_figure_spread_over_a_printed_line_break(text: str, expected: dict[str, int]) -> None:
    """A PDF broke «Số buổi tuyên truyền: 12 buổi» after the colon and the count was lost, each line
    read on its own; it broke «cho 1 250 lượt học sinh» between the thousands and 250 pupils were read
    for 1 250. A label's value on the next line is read with it; a number and three digits either side of
    a break may be one number or two, and neither is read."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. Số buổi tuyên truyền:\n2. Số vụ xâm hại trẻ em: 0", {"vu_xam_hai": 0}),
        ("1. Số buổi tuyên truyền:\n2. Số vụ xâm hại trẻ em:", {}),
        ("Số buổi tuyên truyền:\n3) Số lượt học sinh tham gia: 450", {"nguoi_tham_gia": 450}),
        (
            "1. Số buổi tuyên truyền:\n12 buổi\n2. Số vụ xâm hại trẻ em: 0",
            {"buoi_tuyen_truyen": 12, "vu_xam_hai": 0},
        ),
    ],
)
def test_the_next_items_number_is_no_value_of_a_blank_label(text: str, expected: dict[str, int]) -> None:
    """A report left «1. Số buổi tuyên truyền:» blank over «2. Số vụ xâm hại trẻ em: 0»: the next item's
    number was read as the label's value on the next line, 2 sessions went into the consolidated report,
    and a blank outline stated a figure. A list's number opening an item is not a value."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tỷ lệ học sinh tham gia: 100", {}),
        ("Tỉ lệ học sinh được tuyên truyền: 100 học sinh.", {}),
        ("Học sinh tham gia đạt 100 %.", {}),
        ("Số học sinh tham gia | Tỷ lệ\n450 | 100%", {"nguoi_tham_gia": 450}),
        ("Số học sinh tham gia | Tỷ lệ (%)\n450 | 100", {"nguoi_tham_gia": 450}),
        ("Tỷ lệ học sinh tham gia đạt 100%, với 450 học sinh.", {"nguoi_tham_gia": 450}),
    ],
)
def test_a_rate_is_no_count(text: str, expected: dict[str, int]) -> None:
    """«Tỷ lệ học sinh tham gia: 100» was read as 100 pupils: only a «%» or «phần trăm» after the number
    made it a rate, not a label saying so. And a row «450 | 100%» gave no figure at all, its rate's cell
    being no number: the count beside it is read."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số học sinh toàn trường: 900 em; số lượt học sinh tham gia: 850.", {"nguoi_tham_gia": 850}),
        ("Trường có 900 học sinh, 100% học sinh tham gia tuyên truyền.", {}),
        ("Nhà trường có 35 lớp với 1.200 học sinh.", {}),
        ("Số học sinh toàn trường | 900", {}),
        # those who took part, and what the school has of anything but people
        ("Nhà trường có 450 học sinh tham gia.", {"nguoi_tham_gia": 450}),
        (
            "Trường tổ chức 12 buổi tuyên truyền cho 900 học sinh toàn trường.",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 900},
        ),
        ("Trường có 2 vụ xâm hại trẻ em.", {"vu_xam_hai": 2}),
        ("Số buổi tuyên truyền toàn trường: 12 buổi.", {"buoi_tuyen_truyen": 12}),
    ],
)
def test_the_pupils_a_school_has_are_not_those_reached(text: str, expected: dict[str, int]) -> None:
    """«Số học sinh toàn trường: 900 em; số lượt học sinh tham gia: 850.» gave 900 pupils reached, the
    school's roll, which came first; «Trường có 900 học sinh» and «Nhà trường có 35 lớp với 1.200 học
    sinh» did the same. A clause saying what people the school has, and nothing of taking part, gives no
    count of those an activity reached."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tổ chức năm buổi tuyên truyền.", {"buoi_tuyen_truyen": 5}),
        ("Xảy ra năm vụ xâm hại.", {"vu_xam_hai": 5}),
        ("Tổ chức hai mươi lăm buổi tuyên truyền.", {"buoi_tuyen_truyen": 25}),
        # "năm" of a year
        ("Trong năm buổi tuyên truyền được tổ chức đều.", {}),
        ("Hằng năm buổi tuyên truyền được tổ chức.", {}),
        ("Trong năm học sinh hoạt đều.", {}),
    ],
)
def test_five_in_words_before_its_unit(text: str, expected: dict[str, int]) -> None:
    """«Tổ chức năm buổi tuyên truyền» gave no figure: «năm» alone was never read as five, being a year as
    often («năm học»). Right before a unit of what reports count («buổi», «vụ», «lượt») it is five, unless
    the word before makes a year of it («trong năm», «hằng năm»)."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "value", "others"),
    [
        ("Tổ chức 12 buổi tuyên truyền, trong đó 4 buổi sinh hoạt dưới cờ.", 12, ()),
        # parts that make the whole, or more than it: kept, the latter for a person to check
        (
            "Tổ chức 12 buổi tuyên truyền, trong đó 4 buổi sinh hoạt dưới cờ, 8 buổi tuyên truyền trực tuyến.",
            12,
            (4, 8),
        ),
        ("Tổ chức 12 buổi tuyên truyền, trong đó 14 buổi sinh hoạt dưới cờ.", 12, (14,)),
        # no «trong đó»: two counts side by side
        ("Tổ chức 4 buổi sinh hoạt dưới cờ và 8 buổi tuyên truyền.", 4, (8,)),
    ],
)
def test_a_part_given_after_trong_do_is_no_other_value(
    text: str, value: int, others: tuple[int, ...]
) -> None:
    """«Tổ chức 12 buổi tuyên truyền, trong đó 4 buổi sinh hoạt dưới cờ» gave 12 with 4 beside it, and the
    consolidated report asked whether 12 and 4 were to be added: what «trong đó» gives is part of the
    count before it. Parts adding up to less than it are no other value of the figure."""
    [figure] = find_figures(text, SPECS)
    assert (figure.value, figure.others) == (value, others)


@pytest.mark.parametrize(
    ("text", "value", "others"),
    [
        ("Tổ chức 12 buổi tuyên truyền (6 buổi trực tiếp, 6 buổi trực tuyến).", 12, (6, 6)),
        ("Tổ chức 12 buổi tuyên truyền (trực tiếp: 8 buổi, trực tuyến: 4 buổi).", 12, (8, 4)),
        ("Có 1.520 lượt (trong đó học sinh: 1.200 lượt, phụ huynh: 320 lượt) tham gia.", 1520, (1200, 320)),
        # parts that do not make the whole: a person reads them
        ("Tổ chức 12 buổi tuyên truyền (6 buổi trực tiếp, 4 buổi trực tuyến).", 12, (6, 4)),
    ],
)
def test_parts_in_brackets_after_a_count_are_its_parts(
    text: str, value: int, others: tuple[int, ...]
) -> None:
    """«Tổ chức 12 buổi tuyên truyền (6 buổi trực tiếp, 6 buổi trực tuyến).» gave 12 with one 6 beside it,
    and the consolidated report asked staff whether to add 12 and 6: the counts in brackets after a count
    that add up to it are its parts, all kept beside it, which asks nothing."""
    [figure] = find_figures(text, SPECS)
    assert (figure.value, figure.others) == (value, others)
    assert (several(figure.value, figure.others) is None) == (sum(others) == value)


def test_a_row_of_counts_heads_no_column() -> None:
    """Two rows of a table without their heading row, «Số buổi tuyên truyền | 12 | 10» over «Số lượt học
    sinh | 1.300 | 1.250», gave 1.300 pupils: the first row was taken for the headings of the second,
    «12 Số lượt học sinh: 1.300». A row holding counts heads nothing."""
    assert values("Số buổi tuyên truyền | 12 | 10\nSố lượt học sinh | 1.300 | 1.250") == {}


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("Nội dung | Kế hoạch | Thực hiện\nSố buổi tuyên truyền | 12 | 10", {"buoi_tuyen_truyen": 10}),
        ("Nội dung | Thực hiện | Kế hoạch\nSố buổi tuyên truyền | 10 | 12", {"buoi_tuyen_truyen": 10}),
        (
            "STT | Nội dung | Chỉ tiêu | Kết quả đạt được\n1 | Số buổi tuyên truyền | 12 | 10\n"
            "2 | Số lượt học sinh tham gia | 1.300 | 1.250\n3 | Số vụ xâm hại trẻ em | - | 0",
            {"buoi_tuyen_truyen": 10, "nguoi_tham_gia": 1250, "vu_xam_hai": 0},
        ),
        (
            "Số buổi tuyên truyền theo kế hoạch | Số buổi tuyên truyền đã thực hiện\n12 | 10",
            {"buoi_tuyen_truyen": 10},
        ),
        # only the plan: nothing done to read, not even from a row read alone
        ("Nội dung | Kế hoạch\nSố buổi tuyên truyền | 12", {}),
        ("Kế hoạch | Thực hiện\n12 buổi tuyên truyền | 10 buổi tuyên truyền", {}),
    ],
)
def test_a_table_of_planned_and_done_gives_what_was_done(table: str, expected: dict[str, int]) -> None:
    """«Nội dung | Kế hoạch | Thực hiện» over «Số buổi tuyên truyền | 12 | 10» gave 12 sessions, those
    planned, and a table of such rows gave nothing. The column of what was done is read, never the plan's."""
    assert values(f"Kết quả:\n{table}") == expected


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            "STT | Chỉ tiêu | Số lượng\n1 | Số buổi tuyên truyền | 9 buổi\n"
            "2 | Số lượt học sinh, phụ huynh tham gia | 1.875 lượt\n3 | Số vụ xâm hại trẻ em | 0",
            {"buoi_tuyen_truyen": 9, "nguoi_tham_gia": 1875, "vu_xam_hai": 0},
        ),
        (
            "STT | Chỉ tiêu | Kết quả\n1 | Số buổi tuyên truyền | 9 buổi\n"
            "2 | Số lượt học sinh, phụ huynh tham gia | 1.875 lượt\n3 | Số vụ xâm hại trẻ em | 0",
            {"buoi_tuyen_truyen": 9, "nguoi_tham_gia": 1875, "vu_xam_hai": 0},
        ),
        # beside a column of the plan, «Chỉ tiêu» heads the labels still: what was done is read
        (
            "STT | Chỉ tiêu | Kế hoạch | Thực hiện\n1 | Số buổi tuyên truyền | 10 | 9\n"
            "2 | Số lượt học sinh, phụ huynh tham gia | 2.000 | 1.875",
            {"buoi_tuyen_truyen": 9, "nguoi_tham_gia": 1875},
        ),
        # «Chỉ tiêu» over counts is the plan's column
        ("Nội dung | Chỉ tiêu\nSố buổi tuyên truyền | 12 buổi", {}),
    ],
)
def test_a_column_of_labels_headed_chi_tieu_is_no_plan(table: str, expected: dict[str, int]) -> None:
    """«STT | Chỉ tiêu | Số lượng» over «1 | Số buổi tuyên truyền | 9 buổi» gave no figure: «Chỉ tiêu»
    (the indicators) was taken for a column of the plan, and every row of the table for planned counts."""
    assert values(f"Kết quả:\n{table}") == expected


CAMPUSES = "Nội dung | Cơ sở 1 | Cơ sở 2"
CAMPUS_ROWS = (
    ("Số buổi tuyên truyền", "5", "2"),
    ("Số lượt học sinh, phụ huynh tham gia", "830", "210"),
)


@pytest.mark.parametrize(
    ("heading", "totals", "expected"),
    [
        (" | Tổng cộng", ("7", "1.040"), {"buoi_tuyen_truyen": (7, ()), "nguoi_tham_gia": (1040, ())}),
        # a total its campuses do not add up to is read with them, for a person to check
        (" | Tổng cộng", ("8", "1.040"), {"buoi_tuyen_truyen": (8, (5, 2)), "nguoi_tham_gia": (1040, ())}),
        # no column of the total: their sum, for a person to check; never one campus's count
        ("", ("", ""), {"buoi_tuyen_truyen": (7, (5, 2)), "nguoi_tham_gia": (1040, (830, 210))}),
    ],
)
def test_a_table_of_campuses_gives_the_whole_school(
    heading: str, totals: tuple[str, str], expected: dict[str, tuple[int, tuple[int, ...]]]
) -> None:
    """«Nội dung | Cơ sở 1 | Cơ sở 2 | Tổng cộng» gave no figure at all, and the draft said the school had
    not stated them. The total's column gives them; without one, the campuses' sum, which the report does
    not state, is checked by a person, as the first campus's count alone would be counted short."""
    rows = "\n".join(
        " | ".join((*row, *([total] if total else [])))
        for row, total in zip(CAMPUS_ROWS, totals, strict=True)
    )
    found = find_figures(f"Kết quả:\n{CAMPUSES}{heading}\n{rows}", SPECS)
    assert {f.id: (f.value, f.parts) for f in found} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kế hoạch tổ chức 12 buổi tuyên truyền trong năm học.", {}),
        ("Dự kiến tổ chức 12 buổi tuyên truyền.", {}),
        ("Nhà trường sẽ tổ chức 12 buổi tuyên truyền trong năm học tới.", {}),
        ("Phương hướng: tổ chức 12 buổi tuyên truyền.", {}),
        ("Chỉ tiêu: 12 buổi tuyên truyền; kết quả: 10 buổi tuyên truyền.", {"buoi_tuyen_truyen": 10}),
        # done: a plan cited by its number, or done as planned
        (
            "Thực hiện Kế hoạch số 45/KH-PGDĐT nhà trường tổ chức 12 buổi tuyên truyền.",
            {"buoi_tuyen_truyen": 12},
        ),
        ("Tổ chức 12 buổi tuyên truyền theo kế hoạch.", {"buoi_tuyen_truyen": 12}),
        ("Nhà trường xây dựng kế hoạch và tổ chức 12 buổi tuyên truyền.", {"buoi_tuyen_truyen": 12}),
        ("Chia sẻ với 300 lượt phụ huynh tham gia.", {"nguoi_tham_gia": 300}),
        # a plan drawn up of what it names, and a target, are no count done
        ("Nhà trường xây dựng kế hoạch tổ chức 10 buổi tuyên truyền trong năm học 2024-2025.", {}),
        ("Nhà trường ban hành kế hoạch tổ chức 10 buổi tuyên truyền.", {}),
        (
            "Nhà trường quán triệt Nghị quyết; phấn đấu 100% học sinh được tuyên truyền, tổ chức ít nhất 6 buổi"
            " tuyên truyền trong năm.",
            {},
        ),
    ],
)
def test_a_count_planned_or_to_come_is_not_what_was_done(text: str, expected: dict[str, int]) -> None:
    """«Kế hoạch tổ chức 12 buổi tuyên truyền», «Dự kiến …», «sẽ tổ chức … trong năm học tới» and «Chỉ
    tiêu: 12 buổi» were read as 12 sessions held: a count was read whatever its clause said of it. One
    planned or to come is no figure of what was done."""
    assert values(text) == expected


def test_a_plan_table_going_on_over_a_page_gives_no_plan() -> None:
    """A table «Nội dung | Kế hoạch | ĐVT…» went on over a page: the rows on the second page, without the
    headings that say which column was planned, were read as the plan's 1.500 pupils."""
    text = (
        "Nội dung | Kế hoạch | Thực hiện\nSố buổi tuyên truyền | 15 | 12\n\n2\n\n"
        "Số lượt học sinh tham gia | lượt | 1.500 | 1.250"
    )
    assert values(text) == {"buoi_tuyen_truyen": 12}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Trong học kỳ I, tổ chức 5 buổi tuyên truyền; học kỳ II tổ chức 7 buổi tuyên truyền.",
            (5, (7,)),
        ),
        # the whole year's count after it is the figure, the semester's a part of it
        ("HK I tổ chức 5 buổi tuyên truyền. Cả năm học tổ chức 12 buổi tuyên truyền.", (12, ())),
        # a report on the first semester alone: its count, nothing to add
        ("Trong học kỳ I, nhà trường tổ chức 5 buổi tuyên truyền.", (5, ())),
        # the year's count first: the semesters after it are its parts, as before
        ("Tổ chức 12 buổi tuyên truyền. Học kỳ I tổ chức 5 buổi tuyên truyền.", (12, ())),
    ],
)
def test_a_semesters_count_keeps_the_counts_later_sentences_give(
    text: str, expected: tuple[int, tuple[int, ...]]
) -> None:
    """ "Trong học kỳ I, tổ chức 5 buổi tuyên truyền; học kỳ II tổ chức 7 buổi" was read as 5 sessions, the
    first semester's, the second's dropped: the first value a report gives is the figure. One that names a
    semester keeps the values later sentences give the figure beside it, for staff to add up or choose."""
    [figure] = find_figures(text, SPECS)
    assert (figure.value, figure.others) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kiểm tra 3 lượt các lớp.", {}),
        ("Tư vấn cho 15 lượt học sinh.", {}),
        ("Ban giám hiệu dự giờ 4 lượt.", {}),
        ("Tư vấn tâm lý cho 15 học sinh.", {}),
        ("Số lượt tư vấn học sinh: 15.", {}),
        ("Nhà trường có 450 lượt.", {}),
        ("Tuyên truyền xong, kiểm tra 3 lượt các lớp.", {}),
        # about people the propaganda reached: read as before
        (
            "Tổ chức 12 buổi tuyên truyền cho 450 lượt học sinh.",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 450},
        ),
        ("Có 40 lượt tham gia.", {"nguoi_tham_gia": 40}),
        # the label names whom «lượt» after the count counts
        ("Số lượt học sinh: 1.250 lượt.", {"nguoi_tham_gia": 1250}),
        (
            "Số buổi tuyên truyền: 12 buổi; số lượt phụ huynh: 300 lượt.",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 300},
        ),
        ("Có 300 lượt tiếp cận.", {"nguoi_tham_gia": 300}),
        ("Có 20 lượt phụ huynh được tuyên truyền.", {"nguoi_tham_gia": 20}),
        ("Có 1.250 lượt người tham dự.", {"nguoi_tham_gia": 1250}),
        # counselling or a quiz as part of the propaganda, or taken part in
        ("Tổ chức tuyên truyền, tư vấn cho 450 lượt học sinh.", {"nguoi_tham_gia": 450}),
        ("Tổ chức kiểm tra kiến thức cho 450 lượt học sinh tham gia.", {"nguoi_tham_gia": 450}),
    ],
)
def test_luot_counts_people_reached_only_in_a_sentence_about_reaching_them(
    text: str, expected: dict[str, int]
) -> None:
    """ "Kiểm tra 3 lượt các lớp", "Tư vấn cho 15 lượt học sinh", "dự giờ 4 lượt" were summed as pupils the
    propaganda reached: «lượt» counts visits and checks as well. It counts people reached where the
    sentence says they took part or were reached, not after a verb of checking, counselling or visiting
    unless the sentence tells of reaching the pupils it names."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Có 450 em tham gia.", {"nguoi_tham_gia": 450}),
        ("Tuyên truyền cho 450 em.", {"nguoi_tham_gia": 450}),
        ("Buổi tuyên truyền thu hút 320 em tham dự.", {"nguoi_tham_gia": 320}),
        ("Có 450 em học sinh tham gia.", {"nguoi_tham_gia": 450}),
        ("Tuyên truyền cho 100% học sinh (450 em) tham gia.", {"nguoi_tham_gia": 450}),
        # pupils the school has, something happened to, or counselled: no pupils reached
        ("Trường có 450 em.", {}),
        ("Sau buổi tuyên truyền, phát hiện 3 em bị bạo hành.", {}),
        ("Tuyên truyền xong, có 3 em bị bạo hành.", {}),
        ("Tư vấn cho 5 em tham gia.", {}),
        ("Lớp có 35 em.", {}),
    ],
)
def test_em_after_a_count_of_those_taking_part_counts_pupils(text: str, expected: dict[str, int]) -> None:
    """ "Có 450 em tham gia." gave no pupils: «em» alone, a pupil's word, is a count of pupils when it
    follows the number in a clause about taking part or being reached."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Số buổi tuyên truyền: Khối 1: 3 buổi; Khối 2: 3 buổi; Khối 3: 4 buổi.",
            [("buoi_tuyen_truyen", 10, (3, 3, 4))],
        ),
        ("Số buổi tuyên truyền: Khối 1: 3; Khối 2: 3; Khối 3: 4", [("buoi_tuyen_truyen", 10, (3, 3, 4))]),
        (
            "Kết quả:\nSố buổi tuyên truyền: Lớp 1: 2 buổi; Lớp 2: 3 buổi.\nKhông xảy ra vụ xâm hại nào.",
            [("buoi_tuyen_truyen", 5, (2, 3)), ("vu_xam_hai", 0, ())],
        ),
    ],
)
def test_a_sentence_of_a_count_per_grade_without_a_total_is_summed_and_says_so(
    text: str, expected: list[tuple[str, int, tuple[int, ...]]]
) -> None:
    """ "Số buổi tuyên truyền: Khối 1: 3 buổi; Khối 2: 3 buổi; Khối 3: 4 buổi" gave no figure, though a
    table of the same rows is summed. The sentence is summed the same way, its parts kept for staff to
    check."""
    assert [(f.id, f.value, f.parts) for f in find_figures(text, SPECS)] == expected


@pytest.mark.parametrize(
    "text",
    [
        # the whole is stated elsewhere: that is the figure
        "Tổ chức 12 buổi tuyên truyền.\nSố buổi tuyên truyền: Khối 1: 3 buổi; Khối 2: 3 buổi.",
        # a grade twice, or a grade given elsewhere (the list goes on)
        "Số buổi tuyên truyền: Khối 1: 3 buổi; Khối 1: 3 buổi.",
        "Số buổi tuyên truyền: Khối 1: 3 buổi; Khối 2: 3 buổi.\nKhối 3: 4 buổi.",
        # one grade alone, a count that is no count, several counts in a grade, other units
        "Số buổi tuyên truyền: Khối 1: 3 buổi.",
        "Số buổi tuyên truyền: Khối 1: 3 buổi; Khối 2: nhiều buổi.",
        "Số buổi tuyên truyền: Khối 1: 3 buổi, 120 lượt; Khối 2: 3 buổi, 115 lượt.",
        "Số buổi tuyên truyền: Khối 1: 3 buổi; Khối 2: 3 lượt.",
        # planned, the pupils each grade has, what did not happen
        "Kế hoạch số buổi tuyên truyền: Khối 1: 3 buổi; Khối 2: 3 buổi.",
        "Số học sinh: Khối 1: 120 em; Khối 2: 130 em.",
        "Số buổi chưa tuyên truyền: Khối 1: 3 buổi; Khối 2: 3 buổi.",
    ],
)
def test_a_sentence_of_a_count_per_grade_is_summed_only_when_it_is_clearly_the_whole(text: str) -> None:
    assert all(f.parts == () for f in find_figures(text, SPECS))
    assert values(text).get("buoi_tuyen_truyen") in (12, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số buổi chưa tuyên truyền: 6 buổi.", {}),
        ("Số lớp chưa được tuyên truyền: 2 buổi.", {}),
        ("Không tuyên truyền được 3 buổi do mưa bão.", {}),
        ("Tuyên truyền được 12 buổi.", {"buoi_tuyen_truyen": 12}),
        ("Nhà trường đã tuyên truyền: 12 buổi.", {"buoi_tuyen_truyen": 12}),
    ],
)
def test_a_topic_said_not_done_names_no_figure_by_its_unit(text: str, expected: dict[str, int]) -> None:
    """ "Số buổi chưa tuyên truyền: 6 buổi" was read as 6 sessions held: «tuyên truyền» before the count
    and «buổi» after it named the figure, the «chưa» before them unread."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sửa số buổi tuyên truyền từ 10 thành 12 buổi.", {"buoi_tuyen_truyen": 12}),
        ("Sửa số buổi tuyên truyền từ 10 buổi thành 12 buổi.", {"buoi_tuyen_truyen": 12}),
        ("Số buổi tuyên truyền sửa lại từ 10 thành 12 buổi.", {"buoi_tuyen_truyen": 12}),
        (
            "Đề nghị điều chỉnh số lượt học sinh tham gia từ 1.200 lượt thành 1.250 lượt.",
            {"nguoi_tham_gia": 1250},
        ),
        ("Đính chính: số buổi tuyên truyền từ 10 thành 12.", {"buoi_tuyen_truyen": 12}),
        ("Số buổi tuyên truyền: 10 buổi (sửa thành 12 buổi).", {"buoi_tuyen_truyen": 12}),
        (
            "Số lượt học sinh tham gia là 1.200 lượt, điều chỉnh lại thành 1.250 lượt.",
            {"nguoi_tham_gia": 1250},
        ),
        # the corrected value names no figure: nothing, never the old one
        ("Sửa từ 10 buổi tuyên truyền thành 12.", {}),
    ],
)
def test_a_correction_from_one_value_to_another_gives_the_new_one(
    text: str, expected: dict[str, int]
) -> None:
    """«Sửa số buổi tuyên truyền từ 10 thành 12 buổi.» gave no figure, and the value it replaces must never
    be taken for it: what a correction changes a count to is the figure, what it changes it from is none."""
    found = find_figures(text, SPECS)
    assert {f.id: f.value for f in found} == expected
    assert all(f.others == () for f in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tổ chức 2 buổi tuyên truyền; lũy kế từ đầu năm học: 6 buổi.", [("buoi_tuyen_truyen", 6, ())]),
        (
            "Trong tháng tổ chức 2 buổi tuyên truyền. Luỹ kế từ đầu năm học: 6 buổi.",
            [("buoi_tuyen_truyen", 6, ())],
        ),
        (
            "Trong tháng tổ chức 2 buổi tuyên truyền.\nLũy kế từ đầu năm học: 6 buổi.",
            [("buoi_tuyen_truyen", 6, ())],
        ),
        (
            "Tổ chức 2 buổi tuyên truyền cho 90 lượt học sinh; lũy kế từ đầu năm học 6 buổi, 300 lượt học sinh.",
            [("buoi_tuyen_truyen", 6, ()), ("nguoi_tham_gia", 300, ())],
        ),
        (
            "Tổ chức 2 buổi tuyên truyền; cộng dồn cả năm học: 6 buổi tuyên truyền.",
            [("buoi_tuyen_truyen", 6, ())],
        ),
        # a running total not said to be of the school year: the first count, the total beside it
        ("Tổ chức 2 buổi tuyên truyền; lũy kế: 6 buổi.", [("buoi_tuyen_truyen", 2, (6,))]),
        ("Tổ chức 2 buổi tuyên truyền; lũy kế từ đầu năm 2025: 6 buổi.", [("buoi_tuyen_truyen", 2, (6,))]),
        # another unit is no running total of the sessions
        ("Tổ chức 2 buổi tuyên truyền; lũy kế từ đầu năm học: 6 lần.", [("buoi_tuyen_truyen", 2, ())]),
    ],
)
def test_a_running_total_of_the_school_year_is_the_figure(
    text: str, expected: list[tuple[str, int, tuple[int, ...]]]
) -> None:
    """«tổ chức 2 buổi tuyên truyền; lũy kế từ đầu năm học: 6 buổi» gave 2, the last period's count. The
    report is the year's: the running total from the start of the school year is its figure, the period's
    count a part of it. A running total that does not say it is the school year's is kept beside the first
    count, for a person to choose."""
    assert [(f.id, f.value, f.others) for f in find_figures(text, SPECS)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Số buổi tuyên truyền: 12 buổi (trực tiếp: 8 buổi; trực tuyến: 4 buổi).",
        "Tổ chức 12 buổi tuyên truyền (trực tiếp: 8 buổi; trực tuyến: 4 buổi).",
        "Số buổi tuyên truyền: 12 buổi (8 buổi trực tiếp; 4 buổi trực tuyến)",
    ],
)
def test_a_semicolon_inside_brackets_keeps_the_parts_with_their_count(text: str) -> None:
    """«12 buổi (trực tiếp: 8 buổi; trực tuyến: 4 buổi)» was cut at the «;»: the 12 came with the 8 alone,
    which staff were asked to check against it. The brackets are one sentence, their counts the 12's parts."""
    [found] = find_figures(text, SPECS)
    assert (found.value, found.others) == (12, (8, 4))
    assert several(found.value, found.others) is None


def test_a_semicolon_after_a_list_items_bracket_still_ends_a_statement() -> None:
    text = "a) Số buổi tuyên truyền: 12 buổi; b) Số vụ xâm hại trẻ em: 0 vụ (không có)."
    assert values(text) == {"buoi_tuyen_truyen": 12, "vu_xam_hai": 0}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số buổi tuyên truyền ghi nhầm là 10, đúng là 12 buổi.", {"buoi_tuyen_truyen": 12}),
        ("Số buổi tuyên truyền ghi nhầm là 10 buổi, nay sửa lại là 12 buổi.", {"buoi_tuyen_truyen": 12}),
        (
            "Số lượt học sinh tham gia bị nhầm: 1.200 lượt, nay sửa lại thành 1.250 lượt.",
            {"nguoi_tham_gia": 1250},
        ),
        ("Số buổi tuyên truyền là 12 buổi, báo cáo trước ghi nhầm là 10 buổi.", {"buoi_tuyen_truyen": 12}),
        # the mistaken count alone is never the figure
        ("Báo cáo trước ghi nhầm 10 buổi tuyên truyền.", {}),
        ("Số buổi tuyên truyền ghi nhầm thành 10 buổi.", {}),
    ],
)
def test_a_count_written_by_mistake_gives_the_right_one_only(text: str, expected: dict[str, int]) -> None:
    """«Số buổi tuyên truyền ghi nhầm là 10, đúng là 12 buổi» gave nothing, and «ghi nhầm 10 buổi tuyên
    truyền» gave the 10 the school says is wrong: the count after «nhầm» is never read, the one after
    «đúng là» or «sửa lại là» is the figure."""
    found = find_figures(text, SPECS)
    assert {f.id: f.value for f in found} == expected
    assert all(f.others == () for f in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số buổi tuyên truyền trong tháng: 2 buổi.", {"buoi_tuyen_truyen": 2}),
        ("Số buổi tuyên truyền trong tháng 10: 2 buổi.", {"buoi_tuyen_truyen": 2}),
        ("Số buổi tuyên truyền trong tháng | buổi | 2", {"buoi_tuyen_truyen": 2}),
        ("Số buổi tuyên truyền mỗi tháng: 2 buổi.", {}),
    ],
)
def test_a_label_of_the_month_names_its_value(text: str, expected: dict[str, int]) -> None:
    """«Số buổi tuyên truyền trong tháng: 2 buổi» gave nothing though «Trong tháng, tổ chức 2 buổi tuyên
    truyền» gives 2: «trong tháng» says when, as «trong năm học» does."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Số buổi tuyên truyền | buổi | 2\nLũy kế từ đầu năm học | buổi | 6",
            [("buoi_tuyen_truyen", 6, ())],
        ),
        (
            "STT | Nội dung | Đơn vị tính | Số lượng\n1 | Số buổi tuyên truyền trong tháng | buổi | 2\n"
            "2 | Lũy kế từ đầu năm học | buổi | 6\n3 | Số lượt học sinh tham gia | lượt | 90\n"
            "4 | Lũy kế từ đầu năm học | lượt | 300",
            [("buoi_tuyen_truyen", 6, ()), ("nguoi_tham_gia", 300, ())],
        ),
        ("1 Số buổi tuyên truyền buổi 2\n2 Lũy kế từ đầu năm học buổi 6", [("buoi_tuyen_truyen", 6, ())]),
        # not the school year's: the first count, the running total beside it
        ("Số buổi tuyên truyền | buổi | 2\nLũy kế | buổi | 6", [("buoi_tuyen_truyen", 2, (6,))]),
        # another unit, or no row of the count before it: no running total of the sessions
        ("Số buổi tuyên truyền | buổi | 2\nLũy kế từ đầu năm học | lần | 6", [("buoi_tuyen_truyen", 2, ())]),
        ("Lũy kế từ đầu năm học | buổi | 6", []),
    ],
)
def test_a_running_total_row_of_a_table_is_read_as_in_a_sentence(
    text: str, expected: list[tuple[str, int, tuple[int, ...]]]
) -> None:
    """A table's row «Lũy kế từ đầu năm học | buổi | 6» under «Số buổi tuyên truyền | buổi | 2» gave nothing,
    the 2 of the month being taken for the year's; the sentence «… 2 buổi; lũy kế từ đầu năm học: 6 buổi»
    gives 6. The row is read with the row of its unit above it, as that sentence is."""
    assert [(f.id, f.value, f.others) for f in find_figures(text, SPECS)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "HKI: 6 buổi tuyên truyền, HKII: 6 buổi tuyên truyền.",
        "Học kỳ I tổ chức 6 buổi tuyên truyền. Học kỳ II tổ chức 6 buổi tuyên truyền.",
        "Trong học kỳ I, tổ chức 6 buổi tuyên truyền; học kỳ II tổ chức 6 buổi tuyên truyền.",
    ],
)
def test_the_same_count_in_two_semesters_is_two_values(text: str) -> None:
    """«HKI: 6 buổi, HKII: 6 buổi» was read as 6 with nothing to check, the second 6 taken for the first
    stated again: the year had 12. Each semester's count is a value of the figure, for staff to add up."""
    [found] = find_figures(text, SPECS)
    assert (found.value, found.others) == (6, (6,))
    assert several(found.value, found.others) is not None


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            "Nội dung | Kết quả | Ghi chú\nSố buổi tuyên truyền | 12 | Tăng 2 buổi so với năm trước\n"
            "Số lượt học sinh tham gia | 1.250 | 100% học sinh",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 1250},
        ),
        (
            "STT | Nội dung | Đơn vị tính | Số lượng | Ghi chú\n1 | Số buổi tuyên truyền | buổi | 12 | 8 trực tiếp, 4 "
            "trực tuyến",
            {"buoi_tuyen_truyen": 12},
        ),
        (
            "Nội dung | Số buổi | Số lượt học sinh | Ghi chú\nTuyên truyền | 12 | 1.250 | Năm 2024: 10 buổi",
            {
                "buoi_tuyen_truyen": 12,
                "nguoi_tham_gia": 1250,
            },
        ),
        # rows whose note is empty are read without it: the table goes on to its total row
        (
            "Nội dung | Số buổi tuyên truyền | Số lượt học sinh | Ghi chú\nTrực tiếp | 8 | 800\n"
            "Trực tuyến | 4 | 450 | Qua Zalo\nTổng cộng | 12 | 1.250",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 1250},
        ),
        # a plan is no count, its notes aside
        ("Nội dung | Kế hoạch | Ghi chú\nSố buổi tuyên truyền | 12 | Theo kế hoạch của Phòng", {}),
    ],
)
def test_a_notes_column_after_the_counts_names_none_of_them(table: str, expected: dict[str, int]) -> None:
    """«Số buổi tuyên truyền | 12 | Tăng 2 buổi so với năm trước» under «Nội dung | Kết quả | Ghi chú» gave
    nothing: the note's 2 was taken for another count of the row, so its label named neither. A «Ghi chú»
    column says something about the counts before it and gives none of its own."""
    assert values(table) == expected


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            "Nội dung | Đơn vị tính | Kế hoạch | Thực hiện\nSố buổi tuyên truyền | buổi | 10 | 12\n"
            "Số lượt học sinh tham gia | lượt | 1.200 | 1.250",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 1250},
        ),
        (
            "Nội dung | ĐVT | Chỉ tiêu | Kết quả đạt được\nSố buổi tuyên truyền | buổi | 10 | 12",
            {"buoi_tuyen_truyen": 12},
        ),
        # the unit still says what is counted: «lượt» alone may be sessions or pupils
        ("Nội dung | ĐVT | Kế hoạch | Thực hiện\nSố lượt tuyên truyền | lượt | 10 | 12", {}),
    ],
)
def test_a_table_of_planned_and_done_with_a_unit_column_gives_what_was_done(
    table: str, expected: dict[str, int]
) -> None:
    """«Số buổi tuyên truyền | buổi | 10 | 12» under «Nội dung | Đơn vị tính | Kế hoạch | Thực hiện» gave
    nothing: the unit's cell was taken for a second label of the row. The unit column names no count."""
    assert values(table) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Số lượt học sinh tham gia: lớp 6A: 40, lớp 6B: 38, lớp 6C: 42.",
            [("nguoi_tham_gia", 120, (40, 38, 42))],
        ),
        ("Số buổi tuyên truyền: Khối 1: 3 buổi, Khối 2: 3 buổi.", [("buoi_tuyen_truyen", 6, (3, 3))]),
    ],
)
def test_a_list_of_classes_split_by_commas_is_summed_as_by_semicolons(
    text: str, expected: list[tuple[str, int, tuple[int, ...]]]
) -> None:
    """«Số lượt học sinh tham gia: lớp 6A: 40, lớp 6B: 38, lớp 6C: 42» gave nothing, though the same list
    split by «;» is summed for staff to check: a «,» before the next class ends an item too."""
    assert [(f.id, f.value, f.parts) for f in find_figures(text, SPECS)] == expected


@pytest.mark.parametrize(
    ("text", "value", "others"),
    [
        ("Tổ chức 6 buổi tuyên truyền trực tiếp và 6 buổi tuyên truyền trực tuyến.", 6, (6,)),
        ("Tổ chức 12 buổi tuyên truyền, 12 buổi sinh hoạt dưới cờ.", 12, (12,)),
        # the count stated again: as the whole, the total, done of those planned, or in brackets
        ("Tổ chức 12 buổi tuyên truyền; tổng cộng 12 buổi tuyên truyền.", 12, ()),
        ("Tổ chức 12/12 buổi tuyên truyền theo kế hoạch, đạt 12 buổi tuyên truyền.", 12, ()),
        ("Tổ chức 12 buổi tuyên truyền (12 buổi trực tiếp).", 12, ()),
        ("Tổ chức 12 buổi tuyên truyền, trong đó 12 buổi trực tiếp.", 12, ()),
    ],
)
def test_the_same_number_counting_other_sessions_is_another_value(
    text: str, value: int, others: tuple[int, ...]
) -> None:
    """«6 buổi tuyên truyền trực tiếp và 6 buổi tuyên truyền trực tuyến» was read as 6 with nothing to
    check, the second 6 taken for the first stated again, though the school held 12. The same number is
    another value unless the sentence says it is the same count again."""
    [found] = find_figures(text, SPECS)
    assert (found.value, found.others) == (value, others)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Đã tổ chức 1 buổi tuyên truyền trong tháng 9/2025 và 2 buổi trong tháng 10/2025.",
            [("buoi_tuyen_truyen", 1, (2,))],
        ),
        ("Tổ chức 4 buổi tuyên truyền trực tiếp, 2 buổi trực tuyến.", [("buoi_tuyen_truyen", 4, (2,))]),
        # other sessions than the figure's
        ("Tổ chức 12 buổi tuyên truyền và 2 buổi họp phụ huynh.", [("buoi_tuyen_truyen", 12, ())]),
    ],
)
def test_a_count_with_the_unit_of_a_count_before_it_is_another_value(
    text: str, expected: list[tuple[str, int, tuple[int, ...]]]
) -> None:
    """«1 buổi tuyên truyền trong tháng 9/2025 và 2 buổi trong tháng 10/2025» was read as 1 with nothing to
    check: «2 buổi» names no figure alone. With the unit of a count before it and only when or how after
    it, it counts what that count does, another value for staff to add up."""
    assert [(f.id, f.value, f.others) for f in find_figures(text, SPECS)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Năm học trước tổ chức 10 buổi tuyên truyền, năm học này tổ chức 12 buổi tuyên truyền.",
            [("buoi_tuyen_truyen", 12, ())],
        ),
        ("Số buổi tuyên truyền: 12 buổi (năm học trước: 10 buổi).", [("buoi_tuyen_truyen", 12, ())]),
        (
            "Tổ chức 12 buổi tuyên truyền, tăng 2 buổi tuyên truyền so với năm học trước.",
            [("buoi_tuyen_truyen", 12, ())],
        ),
        ("Số buổi tuyên truyền là 12 buổi, so với cùng kỳ là 10 buổi.", [("buoi_tuyen_truyen", 12, ())]),
    ],
)
def test_last_years_count_and_a_difference_are_no_count_of_this_season(
    text: str, expected: list[tuple[str, int, tuple[int, ...]]]
) -> None:
    """«Năm học trước tổ chức 10 buổi tuyên truyền, năm học này tổ chức 12 buổi» was read as 10, last
    year's count, and «tăng 2 buổi tuyên truyền» gave a 2 for staff to weigh against the 12. A count of an
    earlier period, or a difference, is no count of the season reported on."""
    assert [(f.id, f.value, f.others) for f in find_figures(text, SPECS)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số buổi tuyên truyền: năm 2025: 4 buổi; năm 2026: 6 buổi.", [("buoi_tuyen_truyen", 6, ())]),
        ("Số vụ xâm hại trẻ em: năm 2025: 1 vụ; năm 2026: không có.", [("vu_xam_hai", 0, ())]),
        ("Số vụ xâm hại trẻ em: năm 2025: 02 vụ; năm 2026: 01 vụ.", [("vu_xam_hai", 1, ())]),
        (
            "Năm 2025 nhà trường tổ chức 4 buổi tuyên truyền. Năm 2026 nhà trường tổ chức 6 buổi tuyên truyền.",
            [("buoi_tuyen_truyen", 6, ())],
        ),
        ("Số buổi tuyên truyền: 4 buổi (năm 2025); 6 buổi (năm 2026).", [("buoi_tuyen_truyen", 6, ())]),
        (
            "Số lượt học sinh tham gia năm 2025: 300 lượt.\nTổ chức 7 buổi tuyên truyền cho 420 lượt học sinh.",
            [("buoi_tuyen_truyen", 7, ()), ("nguoi_tham_gia", 420, ())],
        ),
        ("Năm học 2024-2025 tổ chức 4 buổi tuyên truyền.", []),
        (
            "Số vụ xâm hại trẻ em năm 2025: 1 vụ.\nNăm 2026: không có vụ xâm hại trẻ em.",
            [("vu_xam_hai", 0, ())],
        ),
        # this year's count, last year's beside it, or a law's year
        ("Tổ chức 6 buổi tuyên truyền (năm 2025: 4 buổi).", [("buoi_tuyen_truyen", 6, ())]),
        ("Năm học 2025-2026 tổ chức 4 buổi tuyên truyền.", [("buoi_tuyen_truyen", 4, ())]),
        ("Tuyên truyền Luật Trẻ em năm 2016 cho 300 lượt học sinh.", [("nguoi_tham_gia", 300, ())]),
        ("Có 2 trẻ em bị xâm hại.", []),
    ],
)
def test_a_count_labelled_with_an_earlier_year_is_no_count_of_the_season(
    text: str, expected: list[tuple[str, int, tuple[int, ...]]]
) -> None:
    """«Số buổi tuyên truyền: năm 2025: 4 buổi; năm 2026: 6 buổi» in a report of 2026 was read as 4, last
    year's count, counted with no doubt; «năm 2025: 1 vụ; năm 2026: không có» made a false case of abuse. A
    count labelled with a year before the one reported on is no count of the season; this year's beside it
    is the figure."""
    assert [(f.id, f.value, f.others) for f in find_figures(text, SPECS, year=2026)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Số lượt phụ huynh tham gia: 320 lượt; số lượt học sinh tham gia: 1.250 lượt.",
            [("nguoi_tham_gia", 320, (1250,))],
        ),
        (
            "Tổ chức 12 buổi tuyên truyền cho học sinh; 3 buổi tuyên truyền cho phụ huynh.",
            [("buoi_tuyen_truyen", 12, (3,))],
        ),
        # a figure after a full stop is not the same statement: the first sentence's value
        (
            "Tổ chức 12 buổi tuyên truyền. Năm học trước tổ chức 3 buổi tuyên truyền.",
            [("buoi_tuyen_truyen", 12, ())],
        ),
    ],
)
def test_a_figure_given_again_after_a_semicolon_keeps_both_values(
    text: str, expected: list[tuple[str, int, tuple[int, ...]]]
) -> None:
    """«Số lượt phụ huynh tham gia: 320 lượt; số lượt học sinh tham gia: 1.250 lượt» was read as 320 with
    nothing to check: the «;» ended the statement, and the 1.250 was dropped as the figure was known. The
    statements after a «;» give the same figure other values, for staff to add up."""
    assert [(f.id, f.value, f.others) for f in find_figures(text, SPECS)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Tổ chức 3-4 buổi tuyên truyền mỗi tháng.",
        "Tổ chức từ 3 đến 4 buổi tuyên truyền/tháng.",
        "Dự kiến tổ chức từ 10 đến 12 buổi tuyên truyền.",
    ],
)
def test_a_range_per_month_or_planned_is_no_figure(text: str) -> None:
    """«Tổ chức 3-4 buổi tuyên truyền mỗi tháng» was read as a range of the year's sessions, 3 to 4: a range
    is read on the conditions of a count, none per month or planned."""
    assert find_figures(text, SPECS) == ()


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            "Nội dung | Số buổi tuyên truyền | Số lượt học sinh\nTrực tiếp | 8 | 800\nTrực tuyến | 4\n"
            "Tổng cộng | 12 | 800",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 800},
        ),
        # the short row last: two rows and no total, a person adds them up
        ("Nội dung | Số buổi tuyên truyền | Số lượt học sinh\nTrực tiếp | 8 | 800\nTrực tuyến | 4", {}),
    ],
)
def test_a_row_a_cell_short_is_a_row_of_its_table(table: str, expected: dict[str, int]) -> None:
    """A row Word left a cell short («Trực tuyến | 4») ended the table: the row above it was read as the
    table's only one, 8 sessions instead of the total row's 12. The short row is a row of the table; which
    column its count stands in is unknown, so no count of it is read."""
    assert values(table) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Học kỳ I tổ chức 6 buổi tuyên truyền. Cả năm tổ chức 12 buổi tuyên truyền.",
        "Học kỳ I tổ chức 6 buổi tuyên truyền. Trong cả năm học, nhà trường tổ chức 12 buổi tuyên truyền.",
        "Cả năm tổ chức 12 buổi tuyên truyền. Học kỳ I tổ chức 6 buổi tuyên truyền.",
    ],
)
def test_the_whole_years_count_after_a_semesters_is_the_figure(text: str) -> None:
    """«Cả năm tổ chức 12 buổi» after «Học kỳ I tổ chức 6 buổi» was read as 6 with 12 beside it: the count
    of the whole year is the season's, the semester's a part of it."""
    [found] = find_figures(text, SPECS)
    assert found.value == 12


@pytest.mark.parametrize(
    "text",
    [
        "Số buổi tuyên truyền: HKI: 6 buổi; HKII: 6 buổi.",
        "Số buổi tuyên truyền: HKI: 6 buổi, HKII: 6 buổi.",
        "Số buổi tuyên truyền: học kỳ I: 6 buổi; học kỳ II: 6 buổi.",
    ],
)
def test_a_labels_counts_per_semester_are_its_values(text: str) -> None:
    """«Số buổi tuyên truyền: HKI: 6 buổi; HKII: 6 buổi.» gave nothing: «HKI» after the label was taken for
    a word changing what is counted, and the «;» cut the second semester off. Each semester's count is a
    value of the figure, for staff to add up."""
    [found] = find_figures(text, SPECS)
    assert (found.value, found.others) == (6, (6,))
    assert several(found.value, found.others) is not None


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            "Nội dung | Số buổi | Số lượt học sinh\nTrực tiếp | 8 | 800\nTrực tuyến | 4 | 450\n"
            "Tổng cộng | 12 | 1.250",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 1250},
        ),
        (
            "Nội dung | Số buổi | Số lượt học sinh\nTuyên truyền trực tiếp | 8 | 800\n"
            "Tuyên truyền trực tuyến | 4 | 450\nTổng cộng | 12 | 1.250",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 1250},
        ),
        # a row of something else than ways of one topic: whose sessions the total counts, a person reads
        (
            "Nội dung | Số buổi | Số lượt học sinh\nTrực tiếp | 8 | 800\nTư vấn tâm lý | 4 | 450\n"
            "Tổng cộng | 12 | 1.250",
            {"nguoi_tham_gia": 1250},
        ),
    ],
)
def test_a_unit_heading_over_ways_of_one_topic_names_the_total(table: str, expected: dict[str, int]) -> None:
    """«Số buổi» over «Trực tiếp | 8», «Trực tuyến | 4» and «Tổng cộng | 12» gave only the pupils: «buổi»
    alone is no figure's keyword. When the rows only say how the report's topic was worked on and one
    figure alone counts sessions, the total row's 12 is that figure's."""
    assert values(table) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tổ chức 2 đợt tuyên truyền với 12 buổi.", {"buoi_tuyen_truyen": 12}),
        (
            "Nhà trường tổ chức tuyên truyền với 12 buổi cho 450 học sinh.",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 450},
        ),
        # «với» before people: those reached, as without it
        ("Tổ chức 2 đợt tuyên truyền với 450 lượt học sinh tham gia.", {"nguoi_tham_gia": 450}),
        # «lượt» alone after the topic: people reached or sessions («lượt tuyên truyền»), as «Tuyên truyền: 450
        # lượt» is, for a person to read
        ("Tổ chức 2 đợt tuyên truyền với 450 lượt.", {}),
    ],
)
def test_sessions_after_a_topic_and_voi_are_its_count(text: str, expected: dict[str, int]) -> None:
    """«Tổ chức 2 đợt tuyên truyền với 12 buổi» gave nothing: «với» between the topic and the count cut
    the unit «buổi» off the topic that makes it «buổi tuyên truyền». The campaigns («đợt») count nothing."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số buổi tuyên truyền: HKI: 6 buổi; HKII: 6 buổi; cả năm: 12 buổi.", (12, (), ())),
        # semesters that do not add up to the year's count: the year's, the semesters' for a person to check
        ("Số buổi tuyên truyền: HKI: 6 buổi; HKII: 7 buổi; cả năm: 12 buổi.", (12, (), (6, 7))),
        (
            "Tổ chức 6 buổi tuyên truyền trong học kỳ I; cả năm học tổ chức 12 buổi tuyên truyền.",
            (12, (), (6,)),
        ),
    ],
)
def test_the_whole_years_count_after_the_semesters_in_a_sentence_is_the_figure(
    text: str, expected: tuple[int, tuple[int, ...], tuple[int, ...]]
) -> None:
    """«HKI: 6 buổi; HKII: 7 buổi; cả năm: 12 buổi» was read as the first semester's 6: the count of the
    whole year is the season's, the semesters' its parts."""
    [found] = find_figures(text, SPECS)
    assert (found.value, found.others, found.parts) == expected


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        # the short row right under the headings, or under two rows of headings
        (
            "Nội dung | Số buổi tuyên truyền | Số lượt học sinh\nTrực tuyến | 4\nTrực tiếp | 8 | 800\n"
            "Tổng cộng | 12 | 800",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 800},
        ),
        (
            "Nội dung | Kết quả\nSố buổi | Số lượt học sinh\nTrực tuyến | 4\nTrực tiếp | 8 | 800\n"
            "Tổng cộng | 12 | 800",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 800},
        ),
        # alone, its count stands in either column: nothing is read
        ("Nội dung | Kết quả\nSố buổi | Số lượt học sinh\nTuyên truyền | 12", {}),
        ("Nội dung | Số buổi | Số lượt học sinh\nTuyên truyền | 12", {}),
    ],
)
def test_a_row_a_cell_short_right_under_the_headings(table: str, expected: dict[str, int]) -> None:
    """A row Word left a cell short right under the headings ended the table before its total row, and
    under two rows of headings («Nội dung | Kết quả» over «Số buổi | Số lượt học sinh») its count was read
    as the pupils' though it may stand under «Số buổi». The short row is a row of the table, its count
    read in no column."""
    assert values(table) == expected


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        # «Tổng cộng» merged across the row numbers' and the labels' columns
        (
            "STT | Hình thức | Số buổi tuyên truyền\n1 | Trực tiếp | 8\n2 | Trực tuyến | 4\nTổng cộng | 12",
            {"buoi_tuyen_truyen": (12, ())},
        ),
        (
            "STT | Nội dung | Số buổi tuyên truyền | Số lượt học sinh\n1 | Trực tiếp | 8 | 800\n"
            "2 | Trực tuyến | 4 | 450\nTổng cộng | 12 | 1.250",
            {"buoi_tuyen_truyen": (12, ()), "nguoi_tham_gia": (1250, ())},
        ),
        # the pupils' total left empty: the 5 is the sessions' total, the only column it adds up in
        (
            "Khối | Số buổi tuyên truyền | Số lượt học sinh tham gia\nKhối 1 | 2 | 120\nKhối 2 | 3 | 115\n"
            "Tổng cộng | 5",
            {"buoi_tuyen_truyen": (5, ()), "nguoi_tham_gia": (235, (120, 115))},
        ),
        # a total that adds up in no column, or in two: which column it stands in is unknown
        (
            "Nội dung | Số buổi tuyên truyền | Số lượt học sinh\nTrực tiếp | 8 | 8\nTrực tuyến | 4 | 4\n"
            "Tổng cộng | 12",
            {},
        ),
        (
            "Nội dung | Số buổi tuyên truyền | Số lượt học sinh\nTrực tiếp | 8 | 800\nTrực tuyến | 4 | 450\n"
            "Tổng cộng | 13",
            {},
        ),
    ],
)
def test_a_total_row_a_cell_short(table: str, expected: dict[str, tuple[int, tuple[int, ...]]]) -> None:
    """A total row whose «Tổng cộng» Word read once though merged across two columns («Tổng cộng | 12»
    under «STT | Hình thức | Số buổi tuyên truyền») ended the table and gave no figure. Its counts stand in
    the columns where the rows add up to them; a total that adds up in no one column is not read."""
    assert {f.id: (f.value, f.parts) for f in find_figures(table, SPECS)} == expected


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            "Hình thức | Số buổi tuyên truyền\nTrực tiếp | 8\nTrực tuyến | 4\nQua Zalo | 2\nTổng cộng | 15",
            {"buoi_tuyen_truyen": (15, (8, 4, 2))},
        ),
        (
            "STT | Hình thức | Số buổi tuyên truyền | Số lượt học sinh\n1 | Trực tiếp | 8 | 800\n"
            "2 | Trực tuyến | 4 | 300\n3 | Qua Zalo | 2 | 100\nTổng cộng | 15 | 1.200",
            {"buoi_tuyen_truyen": (15, (8, 4, 2)), "nguoi_tham_gia": (1200, ())},
        ),
        # a total row Word left a cell short
        (
            "STT | Hình thức | Số buổi tuyên truyền\n1 | Trực tiếp | 8\n2 | Trực tuyến | 4\nTổng cộng | 13",
            {"buoi_tuyen_truyen": (13, (8, 4))},
        ),
        # rows that add up: nothing to check
        (
            "Hình thức | Số buổi tuyên truyền\nTrực tiếp | 8\nTrực tuyến | 4\nQua Zalo | 2\nTổng cộng | 14",
            {"buoi_tuyen_truyen": (14, ())},
        ),
    ],
)
def test_a_total_its_rows_of_other_things_than_grades_do_not_add_up_to_is_marked(
    table: str, expected: dict[str, tuple[int, tuple[int, ...]]]
) -> None:
    """A table of a row per form of work («Trực tiếp | 8», «Trực tuyến | 4», «Qua Zalo | 2») over «Tổng cộng
    | 15» gave 15 sessions with nothing for staff to check, though its rows add up to 14: only rows of
    grades were compared with their total. Any rows that do not add up to the total are kept beside it."""
    assert {f.id: (f.value, f.parts) for f in find_figures(table, SPECS)} == expected


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        # rows of sessions, of ways of working or of grades: «lượt» of what, nothing says
        ("Hình thức | Số lượt\nBuổi chào cờ | 10\nSinh hoạt lớp | 8\nTổng cộng | 18", {}),
        ("Hình thức | Số lượt\nTrực tiếp | 10\nTrực tuyến | 8\nTổng cộng | 18", {}),
        ("Khối | Số lượt\nKhối 1 | 100\nKhối 2 | 120\nTổng cộng | 220", {}),
        ("Khối | Số lượt\nKhối 1 | 100\nKhối 2 | 120", {}),
        (
            "Nội dung | Hình thức | Số lượt\nSinh hoạt | Trực tiếp | 8\nSinh hoạt | Trực tuyến | 4\nTổng cộng | 12",
            {},
        ),
        # the heading or the rows say whom or what: people
        (
            "Hình thức | Số lượt học sinh\nBuổi chào cờ | 600\nSinh hoạt lớp | 500\nTổng cộng | 1.100",
            {"nguoi_tham_gia": 1100},
        ),
        (
            "Hình thức | Số lượt tham gia\nBuổi chào cờ | 600\nSinh hoạt lớp | 500\nTổng cộng | 1.100",
            {"nguoi_tham_gia": 1100},
        ),
        ("Nội dung | Số lượt\nTuyên truyền cho học sinh | 600", {"nguoi_tham_gia": 600}),
    ],
)
def test_a_column_of_lượt_alone_is_read_only_when_its_rows_say_whom(
    table: str, expected: dict[str, int]
) -> None:
    """A table headed «Số lượt» over «Buổi chào cờ | 10», «Sinh hoạt lớp | 8» and «Tổng cộng | 18» gave 18
    pupils and parents reached, though its rows count sessions: «lượt» alone says neither whom nor what.
    Such a column is read only when its heading or its rows say whom or what the «lượt» are of."""
    assert values(table) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a PDF's table, its cells not told apart
        "Khối Số buổi (buổi) Số lượt học sinh (lượt)\nKhối 6 3 160\nKhối 7 3 155\nTổng cộng 6 315",
        "STT Khối Số buổi tuyên truyền (buổi) Số lượt học sinh tham gia (lượt)\n1 Khối 6 3 160\n2 Khối 7 3 155\n"
        "Tổng cộng 6 315",
        # a Word table
        "Khối | Số buổi (buổi) | Số lượt học sinh (lượt)\nKhối 6 | 3 | 160\nKhối 7 | 3 | 155\nTổng cộng | 6 | 315",
    ],
)
def test_a_table_whose_headings_give_the_unit_in_brackets(text: str) -> None:
    """A table of grades headed «Số buổi (buổi) | Số lượt học sinh (lượt)» gave no sessions, and from a PDF
    no figure at all: the unit in brackets after a heading was read as words of it. It says nothing the
    heading does not."""
    assert values(f"Kết quả theo từng khối:\n{text}\nHIỆU TRƯỞNG") == {
        "buoi_tuyen_truyen": 6,
        "nguoi_tham_gia": 315,
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số buổi tuyên truyền: 12 (tăng 2 so với năm trước).", {"buoi_tuyen_truyen": 12}),
        ("Tổ chức 12 buổi tuyên truyền (tăng 2 buổi so với năm học trước).", {"buoi_tuyen_truyen": 12}),
        # the count compared is still the earlier one's
        ("Tổ chức 12 buổi tuyên truyền, so với năm trước là 10 buổi.", {"buoi_tuyen_truyen": 12}),
        ("Năm học trước tổ chức 10 buổi tuyên truyền (ít hơn năm nay).", {}),
    ],
)
def test_a_count_whose_difference_from_last_year_follows_in_brackets(
    text: str, expected: dict[str, int]
) -> None:
    """«Số buổi tuyên truyền: 12 (tăng 2 so với năm trước)» gave no figure: the comparison in brackets was
    read as saying the 12 was last year's. In brackets after a count it says how the count differs."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số buổi tuyên truyền đạt 100% kế hoạch (12/12 buổi).", {"buoi_tuyen_truyen": 12}),
        ("Số buổi tuyên truyền: đạt 100% kế hoạch (12/12 buổi).", {"buoi_tuyen_truyen": 12}),
        ("Tuyên truyền đạt 100% kế hoạch (12/12 buổi).", {"buoi_tuyen_truyen": 12}),
        ("Số học sinh tham gia đạt 100% (450/450 học sinh).", {"nguoi_tham_gia": 450}),
        # a rate is still no count
        ("Tỷ lệ học sinh tham gia đạt 100% (450/450 học sinh).", {}),
    ],
)
def test_a_count_of_those_planned_in_brackets_after_the_rate_achieved(
    text: str, expected: dict[str, int]
) -> None:
    """«Số buổi tuyên truyền đạt 100% kế hoạch (12/12 buổi)» gave no figure: the 12 sessions stood in
    brackets after the rate, away from the label. They are the label's value."""
    assert values(text) == expected


REPORT_HEAD = "I. Công tác chỉ đạo\nNhà trường ban hành kế hoạch.\nII. Kết quả thực hiện\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            REPORT_HEAD + "Tuyên truyền thường xuyên.\nIII. Phương hướng nhiệm vụ năm học 2025-2026\n"
            "- Tổ chức 15 buổi tuyên truyền.\nIV. Đề xuất, kiến nghị\nĐề nghị cấp tài liệu cho 450 học sinh.",
            {},
        ),
        (
            REPORT_HEAD
            + "Tuyên truyền thường xuyên.\nIII. PHƯƠNG HƯỚNG THỜI GIAN TỚI\n- Tổ chức 15 buổi tuyên truyền.\n"
            "IV. KẾT QUẢ KHÁC\nKhông xảy ra vụ xâm hại trẻ em.",
            {"vu_xam_hai": 0},
        ),
        (
            "1. Kết quả\nTổ chức 12 buổi tuyên truyền.\n2. Phương hướng thời gian tới\nTổ chức 15 buổi tuyên truyền "
            "cho 900 học sinh.\n3. Đề xuất: Không.",
            {"buoi_tuyen_truyen": 12},
        ),
        (REPORT_HEAD + "Tốt.\nIII. Nhiệm vụ, giải pháp thời gian tới\nTổ chức 15 buổi tuyên truyền.", {}),
        (REPORT_HEAD + "Tốt.\nIII. Nhiệm vụ tiếp theo\nTổ chức 15 buổi tuyên truyền.", {}),
        # a heading of results and what is ahead together holds results, and so do tasks done
        ("II. Nhiệm vụ đã thực hiện\nTổ chức 12 buổi tuyên truyền.", {"buoi_tuyen_truyen": 12}),
        (
            "I. Kết quả thực hiện và phương hướng\nTổ chức 12 buổi tuyên truyền.",
            {"buoi_tuyen_truyen": 12},
        ),
        ("II. Khó khăn và đề xuất\nCòn 12 buổi tuyên truyền tổ chức trực tuyến.", {"buoi_tuyen_truyen": 12}),
    ],
)
def test_counts_under_a_heading_of_plans_or_proposals_are_no_figures(
    text: str, expected: dict[str, int]
) -> None:
    """«Tổ chức 15 buổi tuyên truyền» under «III. Phương hướng nhiệm vụ năm học 2025-2026», and «450 học
    sinh» under «IV. Đề xuất, kiến nghị», were read as what the school did when its results gave no count:
    the sentences say nothing of the future themselves, their heading does."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Hình thức Số buổi tuyên truyền Số lượt học sinh tham gia\nTrực tiếp 8 800\nTrực tuyến 4 300\n"
            "Qua Zalo 2 150\nTổng cộng 14 1.250",
            {"buoi_tuyen_truyen": 14, "nguoi_tham_gia": 1250},
        ),
        (
            "Nội dung Số buổi Số lượt học sinh\nTuyên truyền 12 1.250",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 1250},
        ),
        # several rows without a total: a person adds them up
        ("Nội dung Số buổi Số lượt học sinh\nTuyên truyền 12 1.250\nTập huấn 2 40", {}),
        # a line of prose under the table is none of its rows
        ("Nội dung Số buổi Số lượt học sinh\nTuyên truyền 12 1.250\nTập huấn 2 40\n\nTổ chức thêm 3 4", {}),
    ],
)
def test_a_pdf_table_of_rows_other_than_grades_read_without_its_borders(
    text: str, expected: dict[str, int]
) -> None:
    """A PDF's table of a row per form of work («Trực tiếp 8 800» under «Hình thức Số buổi tuyên truyền Số
    lượt học sinh tham gia») gave no figure: only tables of grades were read without their cells told
    apart. Rows of words and as many counts as there are headings right under them are read as well."""
    assert values(f"Kết quả:\n{text}\nHIỆU TRƯỞNG") == expected


FORMS = "Hình thức | Số buổi tuyên truyền | Số lượt học sinh tham gia\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            f"{FORMS}Trực tiếp | 8 | 800\nTrực tuyến | 4 | 300\n\n- 2 -\n\n{FORMS}Qua Zalo | 2 | 150\nTổng cộng | 15 | 1.250",
            {"buoi_tuyen_truyen": (15, (8, 4, 2)), "nguoi_tham_gia": (1250, ())},
        ),
        (
            f"{FORMS}Trực tiếp | 8 | 800\nTrực tuyến | 4 | 300\n\n- 2 -\n\n{FORMS}Qua Zalo | 2 | 150\nTổng cộng | 14 | 1.250",
            {"buoi_tuyen_truyen": (14, ()), "nguoi_tham_gia": (1250, ())},
        ),
        # without the headings repeated, rows of other things than grades may be another table's
        (
            f"{FORMS}Trực tiếp | 8 | 800\nTrực tuyến | 4 | 300\n\n- 2 -\n\nQua Zalo | 2 | 150\nTổng cộng | 15 | 1.250",
            {},
        ),
    ],
)
def test_a_table_of_other_rows_than_grades_goes_on_where_its_headings_are_repeated(
    text: str, expected: dict[str, tuple[int, tuple[int, ...]]]
) -> None:
    """A table of a row per form of work went on over a page, its headings repeated: the rows above the
    break were left out of it, so that a total its rows do not add up to was not marked."""
    assert {f.id: (f.value, f.parts) for f in find_figures(text, SPECS)} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Không có học sinh bị xâm hại.", {}),
        ("Trong năm học, không có trẻ bị bạo hành.", {}),
        ("Không có học sinh có hoàn cảnh đặc biệt.", {}),
        # what did not happen to anyone is still a zero of its figure
        ("Không xảy ra trường hợp học sinh bị xâm hại.", {"vu_xam_hai": 0}),
        ("Không có học sinh tham gia.", {"nguoi_tham_gia": 0}),
        ("Không có trẻ em nào tham gia.", {"nguoi_tham_gia": 0}),
        # nor a zero of people the sentence says not what of
        ("Không có học sinh vi phạm.", {}),
        ("Không có học sinh nghỉ học.", {}),
    ],
)
def test_no_pupil_something_happened_to_is_no_zero_of_pupils_reached(
    text: str, expected: dict[str, int]
) -> None:
    """«Không có học sinh bị xâm hại» gave 0 pupils and parents reached: the negation named the figure by
    «học sinh», though the sentence is about pupils something happened to, not those reached."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            "Nội dung | Năm học 2024-2025 | Năm học 2025-2026 | Tăng/giảm\nSố buổi tuyên truyền | 10 | 12 | +2",
            {"buoi_tuyen_truyen": 12},
        ),
        (
            "Nội dung | Năm học 2024-2025 | Năm học 2025-2026 | So sánh\nSố lượt học sinh | 1.300 | 1.250 | -50",
            {"nguoi_tham_gia": 1250},
        ),
    ],
)
def test_a_table_of_years_with_a_column_of_the_difference(table: str, expected: dict[str, int]) -> None:
    """«Năm học 2024-2025 | Năm học 2025-2026 | Tăng/giảm» over «Số buổi tuyên truyền | 10 | 12 | +2» gave no
    figure: the «+2» was taken for a second label of the row. A difference is no label."""
    assert {f.id: f.value for f in find_figures(table, SPECS, school_year=2025)} == expected


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            "Đối tượng | Số lượt tham gia\nHọc sinh | 600\nPhụ huynh | 200\nTổng cộng | 800",
            ("nguoi_tham_gia", 800, (600, 200), ()),
        ),
        (
            "Đối tượng | Số lượt tham gia\nHọc sinh | 600\nPhụ huynh | 200\nTổng cộng | 900",
            ("nguoi_tham_gia", 900, (), (600, 200)),
        ),
        # no total: both rows' values for a person to add up, equal or not
        (
            "Đối tượng | Số lượt tham gia\nHọc sinh | 600\nPhụ huynh | 200",
            ("nguoi_tham_gia", 600, (200,), ()),
        ),
        (
            "Nội dung | Số lượng\nSố lượt học sinh | 300\nSố lượt phụ huynh | 300",
            ("nguoi_tham_gia", 300, (300,), ()),
        ),
        # the rows name the figure, the column's heading does not: the total row's count is it still
        (
            "Nội dung | Số lượng\nSố lượt học sinh | 600\nSố lượt phụ huynh | 200\nTổng cộng | 800",
            ("nguoi_tham_gia", 800, (600, 200), ()),
        ),
        (
            "Nội dung | Số lượng\nSố lượt học sinh | 600\nSố lượt phụ huynh | 200\nTổng cộng | 900",
            ("nguoi_tham_gia", 900, (), (600, 200)),
        ),
        (
            "STT | Nội dung | Số lượng\n1 | Số lượt học sinh | 600\n2 | Số lượt phụ huynh | 200\n"
            "Tổng cộng |  | 800",
            ("nguoi_tham_gia", 800, (600, 200), ()),
        ),
    ],
)
def test_rows_of_a_table_giving_one_figure_keep_all_their_values(
    table: str, expected: tuple[str, int, tuple[int, ...], tuple[int, ...]]
) -> None:
    """«Đối tượng | Số lượt tham gia» over «Học sinh | 600», «Phụ huynh | 200» and «Tổng cộng | 800» gave 600
    pupils and parents reached, the first row's, with nothing to check: each row was read alone and the
    figure taken from the first. The total row gives the figure, the rows' values beside it; without a
    total, every row's value is kept beside the first for staff to add up."""
    [figure] = [f for f in find_figures(table, SPECS) if f.id == expected[0]]
    assert (figure.id, figure.value, figure.others, figure.parts) == expected


def test_a_total_row_under_rows_of_several_figures_gives_none_of_them() -> None:
    """The total of rows naming different figures («Số buổi tuyên truyền | 12», «Số lượt học sinh | 600»,
    «Tổng cộng | 612») is the count of none of them."""
    table = "Nội dung | Số lượng\nSố buổi tuyên truyền | 12\nSố lượt học sinh | 600\nTổng cộng | 612"
    assert values(table) == {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 600}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số buổi tuyên truyền\n12 buổi", {"buoi_tuyen_truyen": 12}),
        ("Số buổi tuyên truyền\n12", {"buoi_tuyen_truyen": 12}),
        (
            "Kết quả:\nSố lượt học sinh tham gia\n1.250 lượt\nSố vụ xâm hại trẻ em\n0",
            {"nguoi_tham_gia": 1250, "vu_xam_hai": 0},
        ),
        # the labels of a column over the values of another: which value is whose, a person reads
        ("Số buổi tuyên truyền\nSố lượt học sinh tham gia\n12\n1.250", {}),
        ("Số buổi tuyên truyền\n2025", {}),
    ],
)
def test_a_label_over_its_value_on_the_next_line(text: str, expected: dict[str, int]) -> None:
    """«Số buổi tuyên truyền» over «12 buổi», as a PDF or a flattened Word table gives a label without a
    colon and its value, gave no sessions: the label's line was read as a sentence of its own."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tổ chức 2 buổi tuyên truyền/tháng x 9 tháng = 18 buổi.", {"buoi_tuyen_truyen": 18}),
        ("Tổ chức 9 tháng × 2 buổi tuyên truyền = 18 buổi.", {"buoi_tuyen_truyen": 18}),
        ("Tuyên truyền 2 buổi/tháng x 9 tháng = 18 buổi.", {"buoi_tuyen_truyen": 18}),
        ("Có 12 lớp x 40 học sinh = 480 lượt học sinh tham gia.", {"nguoi_tham_gia": 480}),
        # the result's unit names no factor: the factors are no counts, the result's unit alone names it
        ("Tổ chức 2 buổi tuyên truyền/tháng x 9 tháng = 18.", {}),
    ],
)
def test_the_result_of_a_calculation_is_the_count(text: str, expected: dict[str, int]) -> None:
    """«Tổ chức 2 buổi tuyên truyền/tháng x 9 tháng = 18 buổi.» gave no sessions: the 2 is one month's, and
    the 18 after «=» had no label of its own. The result is the count, named by the factor of its unit."""
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("STT | Nội dung | Kết quả\n1 | Tuyên truyền trực tuyến | 4 buổi", {"buoi_tuyen_truyen": 4}),
        ("Nội dung | Số buổi\nTuyên truyền trực tuyến | 4", {"buoi_tuyen_truyen": 4}),
        # a cell of one word before it still makes a reference of the number
        ("Lớp | 5", {}),
    ],
)
def test_a_count_in_a_cell_of_its_own_is_no_reference(text: str, expected: dict[str, int]) -> None:
    """«1 | Tuyên truyền trực tuyến | 4 buổi» gave no sessions: «tuyến 4» was read as a reference (a route's
    number), the label's last word taken with the count in the next cell. A cell's count is no reference
    of the words of the cell before it."""
    assert values(text) == expected


def test_the_pupils_a_table_of_grades_has_are_not_those_reached() -> None:
    """«Khối | Số lớp | Số học sinh | Số HS tham gia» over its grades and «Tổng cộng | 8 | 315 | 310» gave
    315 pupils reached, the pupils the grades have, with the 310 who took part beside it: over rows of
    grades, «Số học sinh» counts the pupils each grade has, as it does in a table of grades without a
    total row."""
    table = (
        "Khối | Số lớp | Số học sinh | Số HS tham gia\nKhối 6 | 4 | 160 | 160\nKhối 7 | 4 | 155 | 150\n"
        "Tổng cộng | 8 | 315 | 310"
    )
    assert [(f.id, f.value, f.others) for f in find_figures(table, SPECS)] == [("nguoi_tham_gia", 310, ())]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số HS được tuyên truyền: 1.250/1.250 em.", {"nguoi_tham_gia": 1250}),
        ("Có 1.200/1.250 học sinh tham gia.", {"nguoi_tham_gia": 1200}),
        # a document's number and year is none
        ("Thực hiện Công văn số 1.250/2024 về học sinh.", {}),
    ],
)
def test_done_of_those_planned_in_thousands(text: str, expected: dict[str, int]) -> None:
    """«Số HS được tuyên truyền: 1.250/1.250 em» gave no figure: done of those planned was read only when
    neither number had its thousands grouped."""
    assert values(text) == expected


@pytest.mark.parametrize("joint", [" ", "\n"])
def test_a_text_without_stops_is_read_in_pieces_that_keep_its_figures(joint: str) -> None:
    """A report flattened into one line, or a scan whose stops were lost, is one «sentence» of thousands of
    characters: each figure was read against all of it (so that a long one took minutes), and staff were
    shown all of it as the figure's sentence. It is read in pieces cut between words: the figures are
    read, each shown with the piece around it."""
    filler = joint.join(["nhà trường phối hợp với gia đình và địa phương"] * 120)
    text = f"{filler} tổ chức 12 buổi tuyên truyền cho 1.250 lượt học sinh và phụ huynh tham gia {filler}"
    found = {f.id: f for f in find_figures(text, SPECS)}
    assert {k: f.value for k, f in found.items()} == {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 1250}
    for figure in found.values():
        assert "tổ chức 12 buổi tuyên truyền" in figure.sentence and figure.sentence in text
        assert len(figure.sentence) <= 2000


@pytest.mark.parametrize(
    "text",
    [
        "Không xảy ra vụ xâm hại trẻ em nào. Năm học 2022-2023 trường có 1 vụ xâm hại trẻ em, đã được xử lý.",
        "Năm học 2022-2023 trường có 1 vụ xâm hại trẻ em, đã được xử lý. Không xảy ra vụ xâm hại trẻ em nào.",
        "Không tổ chức buổi tuyên truyền nào. Tổ chức 3 buổi tuyên truyền lồng ghép.",
    ],
)
def test_a_negations_zero_and_a_count_of_an_event_disagree(text: str) -> None:
    """«Không xảy ra vụ xâm hại trẻ em nào. Năm học 2022-2023 trường có 1 vụ xâm hại trẻ em» gave 1 case, a
    past year's, and the consolidated report summed it: a negation's zero yielded to a later count without
    a word, and a zero after a count was ignored. Of events (cases, sessions) a negation names its figure
    by the keyword itself, so the two disagree: the figure is set aside for a person to check."""
    (figure,) = find_figures(text, SPECS)
    assert len(figure.others) == 1 and {figure.value, *figure.others} & {0}


@pytest.mark.parametrize(
    "text",
    [
        "Lũy kế từ năm 2021 đến nay: 3 vụ xâm hại trẻ em. Năm 2025: 0 vụ.",
        "Từ khi triển khai Nghị quyết 121 đến nay (2020-2025), nhà trường xảy ra 2 vụ xâm hại trẻ em; năm 2025"
        " không xảy ra vụ nào.",
        "Từ năm 2021 đến nay nhà trường tổ chức 40 buổi tuyên truyền.",
        "Lũy kế từ năm học 2021-2022 đến nay: 40 buổi tuyên truyền.",
    ],
)
def test_a_running_total_since_before_the_season_is_no_count_of_it(text: str) -> None:
    """«Lũy kế từ năm 2021 đến nay: 3 vụ xâm hại trẻ em» gave 3 cases, counted in this season's sum: a
    running total since a year before the season, or since the Resolution took effect, counts years of
    cases or sessions, not the season's."""
    assert all(f.value == 0 or f.others for f in find_figures(text, SPECS))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Từ đầu năm học đến nay nhà trường tổ chức 12 buổi tuyên truyền.", {"buoi_tuyen_truyen": 12}),
        ("Từ tháng 9/2025 đến nay tổ chức 12 buổi tuyên truyền.", {"buoi_tuyen_truyen": 12}),
    ],
)
def test_a_count_since_the_seasons_start_is_still_counted(text: str, expected: dict[str, int]) -> None:
    """What a school held since the season began («từ đầu năm học đến nay») is its count."""
    assert values(text) == expected


def test_a_count_since_the_seasons_own_school_year_is_counted() -> None:
    """«Từ năm học 2025-2026 đến nay» in the report on 2025-2026 is the season itself: its count is counted;
    in a report on a later season it runs since before it."""
    text = "Từ năm học 2025-2026 đến nay tổ chức 12 buổi tuyên truyền."
    assert [(f.id, f.value) for f in find_figures(text, SPECS, school_year=2025)] == [
        ("buoi_tuyen_truyen", 12)
    ]
    assert find_figures(text, SPECS, school_year=2026) == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Phối hợp với chính quyền địa phương giải quyết 02 vụ việc mâu thuẫn giữa phụ huynh. Không xảy ra"
            " vụ xâm hại trẻ em.",
            {"vu_xam_hai": 0},
        ),
        ("Nhà trường xử lý 01 vụ việc học sinh đánh nhau.", {}),
        ("Không xảy ra vụ việc mâu thuẫn nào.", {}),
        (
            "Trên địa bàn huyện năm 2025 xảy ra 4 vụ xâm hại trẻ em; tại trường không xảy ra vụ xâm hại nào.",
            {"vu_xam_hai": 0},
        ),
        ("Trên địa bàn xã xảy ra 2 vụ xâm hại trẻ em.", {}),
        (
            "Không có vụ xâm hại trẻ em; có 2 vụ việc học sinh xô xát đã được hòa giải.",
            {"vu_xam_hai": 0},
        ),
        ("Nhà trường hòa giải 1 vụ việc va chạm giữa học sinh.", {}),
        # the school's own cases stay counted
        ("Đã xử lý 2 vụ việc.", {"vu_xam_hai": 2}),
        ("Nhà trường xử lý 1 vụ việc xâm hại trẻ em.", {"vu_xam_hai": 1}),
    ],
)
def test_cases_that_are_not_the_schools_abuse_cases(text: str, expected: dict[str, int]) -> None:
    """«giải quyết 02 vụ việc mâu thuẫn giữa phụ huynh» gave 2 cases of abuse, and «Trên địa bàn huyện … xảy ra
    4 vụ xâm hại trẻ em» 4: the keyword «vụ việc» named another kind of incident (a quarrel, a fight), and the
    area's cases are not the school's. Neither is the school's count of abuse cases."""
    assert values(text) == expected


def test_the_cases_of_the_area_are_not_the_schools() -> None:
    """The area's count is no value of the school's, though the school's own negation names its figure by
    no keyword («không xảy ra trường hợp nào»): not found is safe, the area's 4 is not."""
    text = "Trên địa bàn huyện năm 2025 xảy ra 4 vụ xâm hại trẻ em; tại trường không xảy ra trường hợp nào."
    assert all(f.value == 0 or f.others for f in find_figures(text, SPECS))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tổ chức 4 buổi tuyên truyền về an toàn giao thông cho 1.200 lượt học sinh. Tổ chức 12 buổi tuyên"
            " truyền về phòng, chống xâm hại trẻ em cho 1.150 lượt học sinh.",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 1150},
        ),
        ("Tổ chức 3 buổi tuyên truyền về phòng, chống đuối nước cho 600 học sinh.", {}),
        ("Tổ chức 2 buổi tuyên truyền về phòng chống ma túy.", {}),
        # this report's topics, or none, stay counted
        ("Tổ chức 5 buổi tuyên truyền về phòng chống bạo lực học đường.", {"buoi_tuyen_truyen": 5}),
        ("Tổ chức 5 buổi tuyên truyền về kỹ năng sống, tự bảo vệ bản thân.", {"buoi_tuyen_truyen": 5}),
        (
            "Tổ chức 6 buổi tuyên truyền về phòng, chống xâm hại trẻ em và an toàn giao thông.",
            {"buoi_tuyen_truyen": 6},
        ),
        (
            "Tổ chức 12 buổi tuyên truyền cho 450 lượt học sinh.",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 450},
        ),
    ],
)
def test_sessions_on_another_topic_are_not_this_reports(text: str, expected: dict[str, int]) -> None:
    """«Tổ chức 4 buổi tuyên truyền về an toàn giao thông cho 1.200 lượt học sinh» gave 4 sessions and 1.200
    pupils, the first counts of a report that gives the sessions on child abuse next: sessions on road
    safety or drowning count another programme's work."""
    assert values(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Có 1. 200 học sinh tham gia.",
        "Có 1.2 00 học sinh tham gia.",
        "Tổ chức 12 buổi tuyên truyền cho 1. 200 học sinh.",
    ],
)
def test_thousands_grouped_wrongly_are_no_count(text: str) -> None:
    """«1. 200 học sinh» gave 200 pupils and «1.2 00 học sinh» 0: a stray space or stop in a number cut it
    in two, and a part was summed. Which number the school meant a person reads."""
    found = {f.id: f for f in find_figures(text, SPECS)}
    people = found.get("nguoi_tham_gia")
    assert people is None or people.value == 1200 or people.others


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- Tháng 9/2025: tổ chức 3 buổi tuyên truyền cho 400 lượt học sinh.\n"
            "- Tháng 10/2025: tổ chức 4 buổi tuyên truyền cho 450 lượt học sinh.",
            {"buoi_tuyen_truyen": (3, (4,)), "nguoi_tham_gia": (400, (450,))},
        ),
        (
            "Điểm chính: 3 buổi tuyên truyền, 300 học sinh.\nĐiểm phụ: 2 buổi tuyên truyền, 150 học sinh.",
            {"buoi_tuyen_truyen": (3, (2,)), "nguoi_tham_gia": (300, (150,))},
        ),
        # A total before its parts: the parts add up to it, nothing to check (app.consolidate.doubts).
        (
            "Kết quả: tổ chức 12 buổi tuyên truyền.\n- Tháng 9: 5 buổi tuyên truyền.\n- Tháng 10: 7 buổi tuyên truyền.",
            {"buoi_tuyen_truyen": (12, (5, 7))},
        ),
        # «Trong đó» gives a part of what came before, not a list's item of its own.
        (
            "Kết quả: tổ chức 12 buổi tuyên truyền.\nTrong đó: 4 buổi tuyên truyền cho phụ huynh.",
            {"buoi_tuyen_truyen": (12, ())},
        ),
    ],
)
def test_a_lists_items_each_giving_a_part_keep_every_part(
    text: str, expected: dict[str, tuple[int, tuple[int, ...]]]
) -> None:
    """A report listing its months («- Tháng 9/2025: 3 buổi …», «- Tháng 10/2025: 4 buổi …») or its campuses
    («Điểm chính: 3 buổi», «Điểm phụ: 2 buổi») gave the first item's count alone, 3 of 7 sessions, and it was
    summed as the school's. Each item's count is kept beside it, for a person to add up."""
    assert {f.id: (f.value, f.others) for f in find_figures(text, SPECS)} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tổng số học sinh: 1.180 em; 32 lớp. Tổ chức 6 buổi tuyên truyền cho học sinh khối 8 và khối 9.",
            {"buoi_tuyen_truyen": 6},
        ),
        ("Tổng số học sinh tham gia: 1.180 em.", {"nguoi_tham_gia": 1180}),
        ("Tổng số học sinh được tuyên truyền: 1.180 em.", {"nguoi_tham_gia": 1180}),
    ],
)
def test_the_schools_pupils_under_a_bare_label_are_no_participants(
    text: str, expected: dict[str, int]
) -> None:
    """«Tổng số học sinh: 1.180 em; 32 lớp», the school's size, was read as the pupils the sessions reached
    and summed as such, though the sentence after it names no count of them. A label of pupils saying
    nothing was done to them counts those the school has; one saying they took part still counts them."""
    assert values(text) == expected


def test_a_cases_victims_are_no_participants() -> None:
    """«xảy ra 1 vụ xâm hại (nạn nhân là 2 học sinh lớp 5)» gave 2 pupils reached, summed in the district's
    total, in a report that gave its participants only as «100% học sinh»."""
    text = (
        "Năm học 2025-2026 nhà trường xảy ra 1 vụ xâm hại (nạn nhân là 2 học sinh lớp 5). "
        "Tổ chức 8 buổi tuyên truyền, 100% học sinh tham gia."
    )
    assert values(text) == {"buoi_tuyen_truyen": 8, "vu_xam_hai": 1}
    assert values("Tổ chức 8 buổi tuyên truyền phòng chống trẻ em bị xâm hại cho 450 học sinh.") == {
        "buoi_tuyen_truyen": 8,
        "nguoi_tham_gia": 450,
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tại điểm trường chính, nhà trường tổ chức 5 buổi tuyên truyền cho 830 lượt học sinh. Nội dung tập trung"
            " vào kỹ năng tự bảo vệ bản thân.\nTại điểm trường Long Hòa, nhà trường tổ chức 2 buổi tuyên truyền cho"
            " 210 lượt học sinh.",
            {"buoi_tuyen_truyen": (7, (5, 2)), "nguoi_tham_gia": (1040, (830, 210))},
        ),
        (
            "Nhà trường tổ chức 3 buổi tuyên truyền cho học sinh với 900 lượt tham gia. Ngoài ra, nhà trường tổ chức"
            " 2 buổi tuyên truyền cho phụ huynh với 350 lượt tham gia.",
            {"buoi_tuyen_truyen": (5, (3, 2)), "nguoi_tham_gia": (1250, (900, 350))},
        ),
        (
            "Khối 6 tổ chức 2 buổi tuyên truyền cho 160 học sinh. Khối 7 tổ chức 2 buổi tuyên truyền cho 155 học"
            " sinh. Khối 8 tổ chức 1 buổi tuyên truyền cho 150 học sinh.",
            {"buoi_tuyen_truyen": (5, (2, 2, 1)), "nguoi_tham_gia": (465, (160, 155, 150))},
        ),
        (
            "Nhà trường tổ chức 4 buổi tuyên truyền. Có 420 lượt trẻ tham gia các hoạt động. Có 380 lượt phụ huynh"
            " tham gia các buổi tuyên truyền.",
            {"buoi_tuyen_truyen": (4, ()), "nguoi_tham_gia": (800, (420, 380))},
        ),
        (
            "Tổ chức 3 buổi tuyên truyền trực tuyến cho 400 lượt học sinh. Tổ chức 5 buổi tuyên truyền trực tiếp"
            " cho 600 lượt học sinh.",
            {"buoi_tuyen_truyen": (8, (3, 5)), "nguoi_tham_gia": (1000, (400, 600))},
        ),
    ],
)
def test_a_figure_given_in_parts_by_sentences_is_summed_for_a_person_to_check(
    text: str, expected: dict[str, tuple[int, tuple[int, ...]]]
) -> None:
    """«Tại điểm trường chính … 5 buổi …» then «Tại điểm trường Long Hòa … 2 buổi …» (and so for pupils then
    parents, grade after grade, children then parents, online then in person) gave the first part alone, 5,
    counted in the district's total without «cần kiểm tra». The parts are summed and kept, for a person to
    check (Figure.parts), every sentence giving one shown."""
    found = {f.id: f for f in find_figures(text, SPECS)}
    assert {k: (f.value, f.parts) for k, f in found.items()} == expected
    summed = [f for f in found.values() if f.parts]
    assert all(f.sentence.count("\n") == len(f.parts) - 1 for f in summed)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the total after the parts, which they add up to: the total, nothing to check
        (
            "Tại điểm trường chính tổ chức 5 buổi tuyên truyền. Tại điểm trường Long Hòa tổ chức 2 buổi tuyên"
            " truyền. Tổng cộng, nhà trường tổ chức 7 buổi tuyên truyền.",
            (7, (5, 2), ()),
        ),
        # a total they do not add up to: the total stated, the parts to check it against
        (
            "Tại điểm trường chính tổ chức 5 buổi tuyên truyền. Tại điểm trường Long Hòa tổ chức 2 buổi tuyên"
            " truyền. Tổng cộng 8 buổi tuyên truyền.",
            (8, (), (5, 2)),
        ),
        # the total before the parts: the total
        (
            "Nhà trường tổ chức 7 buổi tuyên truyền. Tại điểm trường chính tổ chức 5 buổi tuyên truyền. Tại điểm"
            " trường Long Hòa tổ chức 2 buổi tuyên truyền.",
            (7, (), ()),
        ),
        # «Trong đó» gives a part of what came before, no part of its own
        (
            "Tổ chức 8 buổi tuyên truyền cho học sinh. Trong đó, 2 buổi tuyên truyền cho phụ huynh.",
            (8, (), ()),
        ),
        # the same part stated again
        (
            "Tại điểm trường chính tổ chức 5 buổi tuyên truyền. Điểm trường chính có 5 buổi tuyên truyền.",
            (5, (), ()),
        ),
    ],
)
def test_a_total_stated_with_the_parts_is_the_figure(
    text: str, expected: tuple[int, tuple[int, ...], tuple[int, ...]]
) -> None:
    """A report stating the whole beside its parts needs no sum: the whole it states is the figure, the parts
    beside it (Figure.others when they add up to it, Figure.parts to check when they do not)."""
    [figure] = find_figures(text, SPECS)
    assert (figure.value, figure.others, figure.parts) == expected


@pytest.mark.parametrize(
    ("section_one", "results", "expected"),
    [
        (
            "Nhà trường đã quán triệt Nghị quyết đến 45 cán bộ, giáo viên và 1.150 phụ huynh học sinh qua các buổi"
            " họp phụ huynh đầu năm.",
            "Nhà trường tổ chức 6 buổi tuyên truyền cho 730 lượt học sinh.",
            {"buoi_tuyen_truyen": 6, "nguoi_tham_gia": 730},
        ),
        (
            "Nhà trường tổ chức 2 buổi quán triệt, tuyên truyền Nghị quyết cho cán bộ, giáo viên.",
            "Nhà trường đã tổ chức 8 buổi tuyên truyền cho 960 lượt học sinh.",
            {"buoi_tuyen_truyen": 8, "nguoi_tham_gia": 960},
        ),
        # the results state no such figure: section I's count stands
        (
            "Nhà trường tổ chức 12 buổi tuyên truyền cho học sinh.",
            "Có 960 lượt học sinh tham gia.",
            {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 960},
        ),
        # a grade's count in the results is no whole to put in its place
        (
            "Nhà trường tổ chức 12 buổi tuyên truyền.",
            "Khối 6 tổ chức 3 buổi tuyên truyền.",
            {"buoi_tuyen_truyen": 12},
        ),
    ],
)
def test_a_count_of_section_one_yields_to_the_results(
    section_one: str, results: str, expected: dict[str, int]
) -> None:
    """«quán triệt … đến 45 cán bộ, giáo viên và 1.150 phụ huynh» in «I. Công tác chỉ đạo, triển khai» gave
    1.150 participants, summed in the district's total, though «II. Kết quả thực hiện» said 730. What was
    directed or briefed is no result: the count the results state is the figure."""
    text = (
        "BÁO CÁO\nKết quả triển khai thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em\n"
        f"I. Công tác chỉ đạo, triển khai\n{section_one}\nII. Kết quả thực hiện\n{results}\n"
        "III. Khó khăn, vướng mắc\nKhông có."
    )
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Không có vụ việc bạo lực học đường. Trong năm có 01 trường hợp học sinh bị xâm hại, nhà trường đã"
            " phối hợp với gia đình can thiệp kịp thời.",
            (1, ()),
        ),
        (
            "Trong năm học, nhà trường không để xảy ra vụ việc học sinh vi phạm pháp luật. Phát hiện 02 vụ xâm"
            " hại trẻ em, đã báo cáo cơ quan chức năng.",
            (2, ()),
        ),
        (
            "Trong năm học, nhà trường không để xảy ra vụ việc học sinh vi phạm pháp luật. Tháng 3/2024, 01 học"
            " sinh lớp 8 bị xâm hại; nhà trường đã phối hợp với gia đình hỗ trợ em.",
            (1, ()),
        ),
        # a negation of cases of no other topic still says there were none
        ("Không xảy ra vụ việc nào.", (0, ())),
        ("Không xảy ra vụ việc đáng tiếc nào.", (0, ())),
        ("Không xảy ra vụ việc xâm hại trẻ em trong năm học.", (0, ())),
    ],
)
def test_a_negation_of_another_topics_cases_is_no_zero_of_abuse(
    text: str, expected: tuple[int, tuple[int, ...]]
) -> None:
    """«Không có vụ việc bạo lực học đường», «không để xảy ra vụ việc học sinh vi phạm pháp luật» gave 0 cases
    of abuse, set against the case the report states or counted alone: the keyword «vụ việc» named cases of
    another topic. A stated case is the figure; one victim, «01 học sinh lớp 8 bị xâm hại», one case."""
    [figure] = [f for f in find_figures(text, SPECS) if f.id == "vu_xam_hai"]
    assert (figure.value, figure.others) == expected


def test_more_victims_than_one_are_no_count_of_cases() -> None:
    """One case may hurt several pupils: «Có 3 học sinh bị xâm hại» stays for a person to read, and so does
    the area's victim."""
    assert values("Có 3 học sinh bị xâm hại.") == {}
    assert values("Trên địa bàn huyện có 1 học sinh bị xâm hại.") == {}


@pytest.mark.parametrize(
    "text",
    [
        "Không xảy ra vụ xâm hại trẻ em nào. Năm học này có 1 vụ xâm hại trẻ em.",
        "Năm học này có 1 vụ xâm hại trẻ em. Không xảy ra vụ xâm hại trẻ em nào.",
    ],
)
def test_a_case_and_a_negation_apart_quote_both_sentences(text: str) -> None:
    """A case and «Không xảy ra vụ xâm hại nào» in two sentences were held as «câu trong báo cáo ghi cả 1 và
    0» quoting only the sentence of the 1. Each value's sentence is quoted, and the reason names no one
    sentence."""
    [figure] = find_figures(text, SPECS)
    assert (figure.value, figure.others) == (1, (0,))
    assert figure.sentence.split("\n") == [s + "." for s in text.rstrip(".").split(". ")]
    assert several_reason(figure.value, figure.others) == (
        "báo cáo ghi cả 1 và 0 cho số liệu này: có thể phải cộng lại hoặc chỉ lấy một số"
    )
