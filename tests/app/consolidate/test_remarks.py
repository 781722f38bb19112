"""Difficulties and proposals as a person would list them: one item per idea, naming every school."""

from __future__ import annotations

import datetime as dt

import pytest

from app.consolidate.model import RemarkKind, Source
from app.consolidate.remarks import DIFFICULTY, PROPOSAL, Item, Locate, items, kinds_of, merge
from parsers.document import Section, SectionSpec

SPECS = (
    SectionSpec("chi_dao", "Công tác chỉ đạo, triển khai", ("chỉ đạo",)),
    SectionSpec("kho_khan", "Khó khăn, vướng mắc", ("khó khăn", "tồn tại", "hạn chế")),
    SectionSpec("de_xuat", "Đề xuất, kiến nghị", ("đề xuất", "kiến nghị")),
)
WHEN = dt.datetime(2021, 10, 20, 1, 0, tzinfo=dt.UTC)


def _locate(school: str) -> Locate:
    return lambda sentence: Source(school, f"{school}@x", "k", WHEN, "bc.docx", sentence)


def _items(*sections: tuple[str, str], school: str = "a") -> list[tuple[str, str]]:
    found = [Section(spec_id, f"heading of {spec_id}", text) for spec_id, text in sections]
    return [(i.kind, i.text) for i in items(found, SPECS, _locate(school))]


def test_section_kinds_come_from_the_configured_words() -> None:
    assert [sorted(kinds_of(s)) for s in SPECS] == [[], [DIFFICULTY], [PROPOSAL]]


def test_lines_a_pdf_wrapped_are_one_item_and_bullets_are_dropped() -> None:
    text = (
        "- Giáo viên chưa được tập huấn chuyên sâu về kỹ năng nhận biết dấu hiệu\n"
        "trẻ bị xâm hại.\n\n"
        "+ Kinh phí dành cho công tác tuyên truyền còn hạn chế"
    )
    assert _items(("kho_khan", text)) == [
        (DIFFICULTY, "Giáo viên chưa được tập huấn chuyên sâu về kỹ năng nhận biết dấu hiệu trẻ bị xâm hại."),
        (DIFFICULTY, "Kinh phí dành cho công tác tuyên truyền còn hạn chế."),
    ]


def test_advantages_are_left_out_and_a_labelled_line_splits_into_sentences() -> None:
    text = (
        "Thuận lợi: Được sự quan tâm của lãnh đạo Phòng GD&ĐT và sự đồng thuận của phụ huynh.\n"
        "Khó khăn: Kinh phí còn hạn chế. Một số phụ huynh đi làm ăn xa; TP. Hồ Chí Minh thu hút lao động."
    )
    assert _items(("kho_khan", text)) == [
        (DIFFICULTY, "Kinh phí còn hạn chế."),
        (DIFFICULTY, "Một số phụ huynh đi làm ăn xa."),
        (DIFFICULTY, "TP. Hồ Chí Minh thu hút lao động."),
    ]


def test_a_merged_heading_gives_both_kinds_once() -> None:
    """ "Khó khăn và kiến nghị" is found as both sections with the same text; items come out once each."""
    text = "- Nhà trường chưa có phòng tư vấn riêng.\n- Kiến nghị chính quyền địa phương tăng cường phối hợp."
    found = [
        Section("kho_khan", "III. KHÓ KHĂN VÀ KIẾN NGHỊ", text),
        Section("de_xuat", "III. KHÓ KHĂN VÀ KIẾN NGHỊ", text),
    ]
    got = [(i.kind, i.text) for i in items(found, SPECS, _locate("a"))]
    assert got == [
        (DIFFICULTY, "Nhà trường chưa có phòng tư vấn riêng."),
        (PROPOSAL, "Kiến nghị chính quyền địa phương tăng cường phối hợp."),
    ]


def test_sub_headings_steer_what_follows() -> None:
    text = "1. Thuận lợi\n- Cơ sở vật chất đầy đủ.\n2. Khó khăn\n- Thiếu giáo viên tư vấn.\n3. Đề xuất\n- Cấp thêm tài liệu."
    assert _items(("kho_khan", text)) == [
        (DIFFICULTY, "Thiếu giáo viên tư vấn."),
        (PROPOSAL, "Cấp thêm tài liệu."),
    ]


@pytest.mark.parametrize("nothing", ["Không có.", "Không", "không có kiến nghị gì.", "Chưa có đề xuất."])
def test_saying_there_is_nothing_gives_no_item(nothing: str) -> None:
    assert _items(("de_xuat", nothing)) == []


@pytest.mark.parametrize(
    "nothing",
    [
        "Nhà trường không gặp khó khăn gì trong quá trình triển khai.",
        "Cơ bản thuận lợi, không có khó khăn đáng kể.",
        "Trong năm học, đơn vị chưa gặp khó khăn, vướng mắc gì.",
    ],
)
def test_saying_there_is_no_difficulty_anywhere_in_the_sentence_gives_no_item(nothing: str) -> None:
    """ "Nhà trường không gặp khó khăn gì…" and "Cơ bản thuận lợi, không có khó khăn đáng kể" were listed
    in section III among the difficulties: only sentences starting with "không"/"chưa" were dropped."""
    assert _items(("kho_khan", nothing)) == []


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("Không có kinh phí nên khó khăn trong tổ chức.", "Không có kinh phí nên khó khăn trong tổ chức."),
        ("Khó khăn: không có phòng tư vấn riêng.", "Không có phòng tư vấn riêng."),
        (
            "Không gặp khó khăn gì nhưng kinh phí còn hạn chế.",
            "Không gặp khó khăn gì nhưng kinh phí còn hạn chế.",
        ),
        (
            "Nhà trường không gặp khó khăn trong tuyên truyền, phụ huynh ít quan tâm.",
            "Nhà trường không gặp khó khăn trong tuyên truyền, phụ huynh ít quan tâm.",
        ),
    ],
)
def test_a_difficulty_said_with_a_no_is_kept(said: str, kept: str) -> None:
    assert _items(("kho_khan", said)) == [(DIFFICULTY, kept)]


@pytest.mark.parametrize(
    "text",
    [
        "Không có.\nTrân trọng.\nHiệu trưởng Trần Văn Bình",
        "Không.\nTrân trọng!\nNgười lập báo cáo\nLê Thị Hồng",
        "không có. Trân trọng!",
        "Không có.\nXin chân thành cảm ơn!\n--\nLê Thị Hồng\nĐT: 0909 123 456\nSent from my iPhone",
    ],
)
@pytest.mark.parametrize("section", ["kho_khan", "de_xuat"])
def test_a_closing_and_the_signer_are_no_remarks(section: str, text: str) -> None:
    """A report pasted into a mail ended «Đề xuất, kiến nghị: không có.» / «Trân trọng.» / «Hiệu trưởng
    Trần Văn Bình»: the draft listed «Trân trọng!» and the principal's name as the schools' proposals."""
    assert _items((section, text)) == []


@pytest.mark.parametrize("said", ["Đề nghị tăng cường phối hợp!", "Có thể tổ chức tập huấn sớm hơn không?"])
def test_a_remark_ending_with_its_own_mark_takes_no_full_stop(said: str) -> None:
    """ "Trân trọng!" came out of the draft as "Trân trọng!.": a full stop after the school's own mark."""
    assert [text for _, text in _items(("de_xuat", said))] == [said]


def test_a_childs_name_in_a_remark_is_hidden() -> None:
    """A school's proposal named the pupil who was abused, and the draft sent the name upward."""
    said = "Kiến nghị UBND xã chỉ đạo Công an xã phối hợp xử lý trường hợp học sinh Nguyễn Văn A bị bạo hành."
    assert _items(("de_xuat", said)) == [
        (
            PROPOSAL,
            "Kiến nghị UBND xã chỉ đạo Công an xã phối hợp xử lý trường hợp học sinh (đã ẩn tên) bị bạo hành.",
        )
    ]


def test_a_short_remark_without_a_full_stop_is_not_taken_for_a_heading() -> None:
    assert _items(("de_xuat", "- Đề nghị cấp thêm kinh phí")) == [(PROPOSAL, "Đề nghị cấp thêm kinh phí.")]


def test_other_sections_are_not_remarks() -> None:
    assert _items(("chi_dao", "Nhà trường xây dựng kế hoạch.")) == []


def _item(school: str, kind: RemarkKind, text: str) -> Item:
    return Item(kind, text, Source(school, f"{school}@x", "k", WHEN, "bc.pdf", text))


def test_near_duplicates_merge_naming_every_school_in_roster_order() -> None:
    found = [
        _item(
            "c",
            DIFFICULTY,
            "Một số phụ huynh đi làm ăn xa, học sinh ở với ông bà nên việc phối hợp còn hạn chế.",
        ),
        _item(
            "a", DIFFICULTY, "Một số phụ huynh đi làm ăn xa, trẻ ở với ông bà nên việc phối hợp còn hạn chế."
        ),
        _item("b", DIFFICULTY, "Kinh phí dành cho công tác tuyên truyền còn hạn chế."),
        _item(
            "b",
            DIFFICULTY,
            "Một số phụ huynh đi làm ăn xa, học sinh ở với ông bà nên việc phối hợp còn hạn chế.",
        ),
        _item("a", PROPOSAL, "Đề nghị cấp tài liệu tuyên truyền."),
    ]
    merged = merge(found, DIFFICULTY, ["a", "b", "c"])
    assert [(r.text, r.school_ids) for r in merged] == [
        (
            "Một số phụ huynh đi làm ăn xa, học sinh ở với ông bà nên việc phối hợp còn hạn chế.",
            ("a", "b", "c"),
        ),
        ("Kinh phí dành cho công tác tuyên truyền còn hạn chế.", ("b",)),
    ]
    assert len(merged[0].sources) == 3 and {s.school_id for s in merged[0].sources} == {"a", "b", "c"}
    assert [r.text for r in merge(found, PROPOSAL, ["a", "b", "c"])] == ["Đề nghị cấp tài liệu tuyên truyền."]


def test_different_remarks_on_the_same_subject_stay_apart() -> None:
    found = [
        _item(
            "a",
            PROPOSAL,
            "Đề nghị Phòng GD&ĐT tổ chức tập huấn kỹ năng tư vấn tâm lý học đường cho giáo viên.",
        ),
        _item(
            "b", PROPOSAL, "Đề nghị cấp tài liệu tuyên truyền về phòng, chống xâm hại trẻ em cho các trường."
        ),
    ]
    assert len(merge(found, PROPOSAL, ["a", "b"])) == 2


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "Đề nghị Phòng tổ chức tập huấn cho giáo viên về kỹ năng phòng, chống xâm hại trẻ em.",
            "Đề nghị Phòng tổ chức tập huấn cho phụ huynh về kỹ năng phòng, chống xâm hại trẻ em.",
        ),
        (
            "Đề nghị cấp kinh phí cho công tác tuyên truyền.",
            "Đề nghị cắt giảm kinh phí cho công tác tuyên truyền.",
        ),
        (
            "Kinh phí dành cho công tác tuyên truyền còn hạn chế.",
            "Kinh phí dành cho công tác tuyên truyền chưa hạn chế.",
        ),
    ],
)
def test_remarks_a_meaningful_word_apart_stay_apart_each_with_its_school(first: str, second: str) -> None:
    """TH Mỹ An asked for training for teachers, THCS Mỹ An for parents: the draft listed one item, the
    teachers', naming both schools (their words were 85 % alike); so for "cấp" and "cắt giảm kinh phí"."""
    merged = merge([_item("a", PROPOSAL, first), _item("b", PROPOSAL, second)], PROPOSAL, ["a", "b"])
    assert sorted((r.text, r.school_ids) for r in merged) == sorted([(first, ("a",)), (second, ("b",))])


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "Kinh phí dành cho công tác tuyên truyền còn hạn chế.",
            "Kinh phi danh cho cong tac tuyen truyen con han che.",
        ),
        (
            "Kinh phí cho công tác tuyên truyền còn hạn chế.",
            "Kinh phí cho công tác tuyên truyyền còn hạn chế.",
        ),
        (
            "Đề nghị Phòng GD&ĐT tổ chức tập huấn cho giáo viên.",
            "Đề nghị Phòng Giáo dục và Đào tạo tổ chức tập huấn cho các giáo viên.",
        ),
        (
            "Đề nghị Phòng GD&ĐT tổ chức tập huấn kỹ năng cho giáo viên chủ nhiệm.",
            "Đề nghị tổ chức tập huấn kỹ năng cho giáo viên chủ nhiệm.",
        ),
        (
            "Kiến nghị với Phòng Giáo dục tăng cường tập huấn cho giáo viên.",
            "Kiến nghị tăng cường tập huấn cho giáo viên.",
        ),
    ],
)
def test_the_same_remark_reworded_or_mistyped_is_one_item(first: str, second: str) -> None:
    merged = merge([_item("a", PROPOSAL, first), _item("b", PROPOSAL, second)], PROPOSAL, ["a", "b"])
    assert [r.school_ids for r in merged] == [("a", "b")]
