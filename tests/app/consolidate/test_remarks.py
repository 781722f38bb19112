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
