"""Sections found whatever the heading style, by title, keywords and synonyms."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.document import SectionResult, SectionSpec
from parsers.sections import find_sections

SPECS = (
    SectionSpec(
        "chi_dao", "Công tác chỉ đạo, triển khai", ("chỉ đạo", "triển khai", "quán triệt", "tuyên truyền")
    ),
    SectionSpec(
        "ket_qua",
        "Kết quả thực hiện",
        ("kết quả thực hiện", "kết quả đạt được", "kết quả triển khai", "kết quả"),
    ),
    SectionSpec("kho_khan", "Khó khăn, vướng mắc", ("khó khăn", "vướng mắc", "tồn tại", "hạn chế")),
    SectionSpec("de_xuat", "Đề xuất, kiến nghị", ("đề xuất", "kiến nghị")),
)

HEADER = """\
PHÒNG GD&ĐT THỦ THỪA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TRƯỜNG THCS MỸ AN Độc lập - Tự do - Hạnh phúc
Số: 12/BC-THCSMA Mỹ An, ngày 20 tháng 10 năm 2021
BÁO CÁO
Kết quả triển khai thực hiện Nghị quyết 121/2020/QH14
về phòng, chống xâm hại trẻ em
Kính gửi: Phòng Giáo dục và Đào tạo Thủ Thừa.
Thực hiện Kế hoạch số 45/KH-PGDĐT, nhà trường báo cáo như sau:
"""

SIGNATURE = """\
Trên đây là báo cáo kết quả thực hiện của nhà trường.
Nơi nhận:
- Phòng GD&ĐT;
- Lưu: VT.
HIỆU TRƯỞNG
Nguyễn Văn An
"""


def sections(body: str, specs: tuple[SectionSpec, ...] = SPECS) -> dict[str, tuple[str, str]]:
    result = find_sections(HEADER + body + SIGNATURE, specs)
    return {s.id: (s.heading, s.text) for s in result.found}


def test_roman_headings() -> None:
    found = sections(
        "I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI\n"
        "Nhà trường đã quán triệt đến toàn thể giáo viên.\n"
        "1. Ban hành kế hoạch\n"
        "Kế hoạch số 10/KH-THCS.\n"
        "II. KẾT QUẢ THỰC HIỆN\n"
        "Tổ chức 12 buổi tuyên truyền.\n"
        "III. KHÓ KHĂN, VƯỚNG MẮC\n"
        "Không.\n"
        "IV. ĐỀ XUẤT, KIẾN NGHỊ\n"
        "Không có.\n"
    )
    assert found == {
        "chi_dao": (
            "I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI",
            "Nhà trường đã quán triệt đến toàn thể giáo viên.\n1. Ban hành kế hoạch\nKế hoạch số 10/KH-THCS.",
        ),
        "ket_qua": ("II. KẾT QUẢ THỰC HIỆN", "Tổ chức 12 buổi tuyên truyền."),
        "kho_khan": ("III. KHÓ KHĂN, VƯỚNG MẮC", "Không."),
        "de_xuat": ("IV. ĐỀ XUẤT, KIẾN NGHỊ", "Không có."),
    }


@pytest.mark.parametrize(
    ("body", "spec_id", "heading", "text"),
    [
        ("II- KẾT QUẢ ĐẠT ĐƯỢC\nĐã tổ chức.\nIII- Khác\n", "ket_qua", "II- KẾT QUẢ ĐẠT ĐƯỢC", "Đã tổ chức."),
        ("II/ Kết quả\nĐã tổ chức.\nIII/ Khác\n", "ket_qua", "II/ Kết quả", "Đã tổ chức."),
        (
            "PHẦN I. CÔNG TÁC CHỈ ĐẠO\nĐã chỉ đạo.\nPHẦN II. KHÁC\n",
            "chi_dao",
            "PHẦN I. CÔNG TÁC CHỈ ĐẠO",
            "Đã chỉ đạo.",
        ),
        (
            "PHẦN I\nCÔNG TÁC CHỈ ĐẠO\nĐã chỉ đạo.\nPHẦN II\nKHÁC\n",
            "chi_dao",
            "PHẦN I CÔNG TÁC CHỈ ĐẠO",
            "Đã chỉ đạo.",
        ),
        (
            "Phần thứ nhất: Công tác triển khai\nĐã triển khai.\nPhần thứ hai: Khác\n",
            "chi_dao",
            "Phần thứ nhất: Công tác triển khai",
            "Đã triển khai.",
        ),
        (
            "1. Kết quả thực hiện\n1.1 Tuyên truyền\nĐã làm.\n2. Khác\n",
            "ket_qua",
            "1. Kết quả thực hiện",
            "1.1 Tuyên truyền\nĐã làm.",
        ),
        ("1.1. Khó khăn\nThiếu tài liệu.\n1.2. Khác\n", "kho_khan", "1.1. Khó khăn", "Thiếu tài liệu."),
        ("a) Khó khăn\nThiếu tài liệu.\nb) Khác\n", "kho_khan", "a) Khó khăn", "Thiếu tài liệu."),
        ("A. KHÓ KHĂN\nThiếu tài liệu.\nB. KHÁC\n", "kho_khan", "A. KHÓ KHĂN", "Thiếu tài liệu."),
        (
            "KHÓ KHĂN, VƯỚNG MẮC\nThiếu tài liệu.\nĐÁNH GIÁ CHUNG\nTốt.\n",
            "kho_khan",
            "KHÓ KHĂN, VƯỚNG MẮC",
            "Thiếu tài liệu.",
        ),
        (
            "Khó khăn, vướng mắc\nThiếu tài liệu.\nĐÁNH GIÁ CHUNG\n",
            "kho_khan",
            "Khó khăn, vướng mắc",
            "Thiếu tài liệu.",
        ),
        ("Khó khăn:\nThiếu tài liệu.\nĐÁNH GIÁ CHUNG\n", "kho_khan", "Khó khăn:", "Thiếu tài liệu."),
        ("II.\nKẾT QUẢ\nĐã làm.\nIII.\nKHÁC\n", "ket_qua", "II. KẾT QUẢ", "Đã làm."),
        # synonyms
        (
            "III. TỒN TẠI, HẠN CHẾ (NGUYÊN NHÂN)\nThiếu.\nIV. KHÁC\n",
            "kho_khan",
            "III. TỒN TẠI, HẠN CHẾ (NGUYÊN NHÂN)",
            "Thiếu.",
        ),
        ("3. Những hạn chế\nThiếu.\n4. Khác\n", "kho_khan", "3. Những hạn chế", "Thiếu."),
        ("IV. Kiến nghị, đề xuất\nCấp tài liệu.\n", "de_xuat", "IV. Kiến nghị, đề xuất", "Cấp tài liệu."),
        ("IV. Bất cập\nThiếu.\nV. Khác\n", "kho_khan", "IV. Bất cập", "Thiếu."),
        # one-line sections
        ("Đề xuất: Không có.\n", "de_xuat", "Đề xuất", "Không có."),
        ("4. Đề xuất, kiến nghị: không.\n", "de_xuat", "4. Đề xuất, kiến nghị", "không."),
        ("- Kiến nghị: Không.\n", "de_xuat", "- Kiến nghị", "Không."),
        # OCR and missing marks
        ("III. KHÓ KHẢN, VƯỚNG MẢC\nThiếu.\nIV. KHÁC\n", "kho_khan", "III. KHÓ KHẢN, VƯỚNG MẢC", "Thiếu."),
        ("III. Kho khan, vuong mac\nThieu.\nIV. Khac\n", "kho_khan", "III. Kho khan, vuong mac", "Thieu."),
    ],
)
def test_heading_styles(body: str, spec_id: str, heading: str, text: str) -> None:
    assert sections(body)[spec_id] == (heading, text)


def test_merged_heading_counts_for_both() -> None:
    found = sections("I. Kết quả\nTốt.\nII. Khó khăn và đề xuất\nThiếu kinh phí; đề nghị hỗ trợ.\n")
    assert (
        found["kho_khan"]
        == found["de_xuat"]
        == ("II. Khó khăn và đề xuất", "Thiếu kinh phí; đề nghị hỗ trợ.")
    )
    assert found["ket_qua"] == ("I. Kết quả", "Tốt.")


@pytest.mark.parametrize(
    "rows",
    [
        (
            "Nội dung | Kết quả thực hiện",
            "I. Công tác chỉ đạo, triển khai | Nhà trường đã quán triệt Nghị quyết 121/2020/QH14 đến toàn "
            "thể cán bộ, giáo viên, nhân viên; xây dựng kế hoạch và phân công thực hiện.",
            "II. Kết quả thực hiện | Tổ chức 12 buổi tuyên truyền.",
            "III. Khó khăn, vướng mắc | Không có.",
            "IV. Đề xuất, kiến nghị | Không có.",
        ),
        (
            "STT | Nội dung | Kết quả",
            "1 | Công tác chỉ đạo, triển khai | Nhà trường đã quán triệt Nghị quyết 121/2020/QH14 đến toàn "
            "thể cán bộ, giáo viên, nhân viên; xây dựng kế hoạch và phân công thực hiện.",
            "2 | Kết quả thực hiện | Tổ chức 12 buổi tuyên truyền.",
            "3 | Khó khăn, vướng mắc | Không có.",
            "4 | Đề xuất, kiến nghị | Không có.",
        ),
    ],
)
def test_a_report_written_as_a_table_has_its_sections(rows: tuple[str, ...]) -> None:
    """A report laid out as a table, one row per section (its number in the first cell or in an "STT"
    column), came out with sections missing: each row is one line "heading | text", too long or not
    numbered to be a heading, so the digest listed a complete report as lacking its content."""
    result = find_sections(HEADER + "\n".join(rows) + "\n" + SIGNATURE, SPECS)
    assert result.missing == ()
    found = {s.id: s.text for s in result.found}
    assert found["ket_qua"] == "Tổ chức 12 buổi tuyên truyền."
    assert found["kho_khan"] == "Không có."


def test_a_report_table_read_from_a_pdf_has_its_sections() -> None:
    """The same table printed to PDF comes out without cell borders or blank lines: its rows ran into
    the title ("về phòng, chống xâm hại trẻ em STT Nội dung Kết quả 1 Công tác chỉ đạo ..."), and a
    row's number, a space away from its heading, was no heading number, so sections were missing."""
    text = (
        "PHÒNG GD&ĐT THỦ THỪA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TRƯỜNG TIỂU HỌC TÂN THÀNH Độc lập - Tự do - Hạnh phúc\n"
        "Số: 25/BC-TH Thủ Thừa, ngày 18 tháng 10 năm 2025\n"
        "BÁO CÁO\n"
        "Kết quả triển khai thực hiện Nghị quyết 121/2020/QH14\n"
        "về phòng, chống xâm hại trẻ em năm 2025\n"
        "STT Nội dung Kết quả\n"
        "1 Công tác chỉ đạo, triển Nhà trường đã quán triệt\n"
        "khai Nghị quyết đến toàn thể giáo viên.\n"
        "2 Kết quả thực hiện Tổ chức 12 buổi tuyên\n"
        "truyền cho học sinh.\n"
        "3 Khó khăn, vướng mắc Không có.\n"
        "4 Đề xuất, kiến nghị Không có.\n"
    )
    result = find_sections(text + SIGNATURE, SPECS)
    assert result.missing == ()
    assert [s.heading for s in result.found][1] == "2 Kết quả thực hiện Tổ chức 12 buổi tuyên"
    assert find_sections("Nhà trường tổ chức\n12 buổi tuyên truyền, kết quả tốt.\n", SPECS).found == ()


def test_longer_phrase_wins_within_one_heading() -> None:
    """'Kết quả triển khai' names the results, not the directing section that 'triển khai' hints at."""
    found = sections("II. KẾT QUẢ TRIỂN KHAI\nĐã làm.\n")
    assert "ket_qua" in found
    assert "chi_dao" not in found


def test_sentences_are_not_headings() -> None:
    result = find_sections(
        HEADER
        + "Nhà trường đã triển khai kế hoạch đến toàn thể giáo viên và học sinh.\n"
        + "1. Nhà trường đã triển khai kế hoạch phòng chống xâm hại trẻ em đến toàn thể giáo viên, nhân viên và học sinh trong trường.\n"
        + "Kết quả rất tốt, học sinh hưởng ứng.\n"
        + SIGNATURE,
        SPECS,
    )
    assert result.found == ()
    assert result.missing == ("chi_dao", "ket_qua", "kho_khan", "de_xuat")


def test_title_and_header_are_not_sections() -> None:
    """The trích yếu says 'Kết quả triển khai': that is the document's title, not a section."""
    assert find_sections(HEADER + SIGNATURE, SPECS).missing == ("chi_dao", "ket_qua", "kho_khan", "de_xuat")


def test_found_in_document_order_missing_in_spec_order() -> None:
    result = find_sections(HEADER + "I. ĐỀ XUẤT\nKhông.\nII. KẾT QUẢ\nTốt.\n" + SIGNATURE, SPECS)
    assert [s.id for s in result.found] == ["de_xuat", "ket_qua"]
    assert result.missing == ("chi_dao", "kho_khan")


def test_top_level_heading_preferred_over_a_subheading() -> None:
    found = sections(
        "I. ĐẶC ĐIỂM TÌNH HÌNH\n1. Thuận lợi\nCó.\n2. Khó khăn\nĐịa bàn rộng.\n"
        "II. KẾT QUẢ\nTốt.\nIII. TỒN TẠI, HẠN CHẾ\nMột số phụ huynh chưa quan tâm.\n"
    )
    assert found["kho_khan"] == ("III. TỒN TẠI, HẠN CHẾ", "Một số phụ huynh chưa quan tâm.")


def test_last_section_ends_before_the_signature() -> None:
    assert sections("IV. ĐỀ XUẤT\nKhông có.\n")["de_xuat"] == ("IV. ĐỀ XUẤT", "Không có.")


@pytest.mark.parametrize(
    "after",
    [
        "Trân trọng.\nHiệu trưởng Trần Văn Bình",
        "Trân trọng!\nNgười lập báo cáo\nLê Thị Hồng",
        "Trân trọng cảm ơn!",
        "Xin chân thành cảm ơn.",
        "Kính chúc quý Phòng sức khỏe.",
        "Hiệu trưởng: Trần Văn Bình",
        "Trân trọng kính chào!\nKT. HIỆU TRƯỞNG\nPHÓ HIỆU TRƯỞNG\n(Đã ký)\nTrần Văn Bình",
        "Ký tên, đóng dấu",
        "Lê Thị Hồng\nTrường THCS Mỹ An",
        "--\nTrường THCS Mỹ An",
        "ĐT: 0909 123 456",
        "Sent from my iPhone",
        "Gửi từ Zalo",
    ],
)
def test_a_closing_or_a_signature_ends_the_last_section(after: str) -> None:
    """A report pasted into a mail ended «IV. Đề xuất, kiến nghị: không có.» / «Trân trọng.» / «Hiệu
    trưởng Trần Văn Bình», without «Nơi nhận»: the closing and the signer's line were the section's text,
    and the office's draft listed them among the schools' proposals. Remarks opening with the same words
    stay."""
    difficulties = "Hiệu trưởng nhà trường kiêm nhiệm nhiều việc.\nKý kết quy chế phối hợp còn chậm."
    proposals = "Trân trọng đề nghị Phòng cấp thêm tài liệu."
    text = f"{HEADER}III. KHÓ KHĂN\n{difficulties}\nIV. ĐỀ XUẤT\n{proposals}\n{after}\n"
    found = {s.id: s.text for s in find_sections(text, SPECS).found}
    assert (found["kho_khan"], found["de_xuat"]) == (difficulties, proposals)


_COMMITTEE = (
    "Ban chỉ đạo gồm:\nNguyễn Văn An\nLê Thị Hồng\nTrần Văn Bình\nBan chỉ đạo đã họp, phân công nhiệm vụ."
)


@pytest.mark.parametrize(
    "members",
    [
        _COMMITTEE,
        "Ban chỉ đạo gồm:\nLê Thị Hồng\nBan chỉ đạo đã họp, phân công nhiệm vụ.",
        "Ban chỉ đạo gồm có\nNguyễn Văn An\nLê Thị Hồng",  # the list ends the section
    ],
)
def test_a_list_of_names_one_a_line_is_the_sections_text(members: str) -> None:
    """Section I listed the steering committee one member a line («Ban chỉ đạo gồm:», «Nguyễn Văn An», «Lê
    Thị Hồng», …): the first name ended the section as a signer's would, and what followed was lost. A name
    alone signs only after a title or a closing, or as the text's last lines; inside a list it is text."""
    found = sections(
        f"I. CÔNG TÁC CHỈ ĐẠO\n{members}\nII. KẾT QUẢ THỰC HIỆN\nTổ chức 12 buổi tuyên truyền.\n"
    )
    assert found["chi_dao"][1] == members
    assert found["ket_qua"][1] == "Tổ chức 12 buổi tuyên truyền."


@pytest.mark.parametrize(
    "after",
    [
        "Lê Thị Hồng",
        "Lê Thị Hồng\nTrường THCS Mỹ An\nxã Mỹ An, huyện Thủ Thừa",
        "Người viết báo cáo\n\nLê Thị Hồng",
        "Trân trọng!\nLê Thị Hồng\nNguyễn Văn An",
    ],
)
def test_a_name_alone_at_the_end_of_a_mail_still_signs_it(after: str) -> None:
    """A report pasted into a mail signed with the name alone on its last lines, under nothing or under a
    closing, or under a title: the name ends the last section, as it did."""
    proposals = "Đề nghị Phòng cấp thêm tài liệu."
    found = find_sections(f"{HEADER}IV. ĐỀ XUẤT\n{proposals}\n{after}\n", SPECS).found
    assert [(s.id, s.text) for s in found] == [("de_xuat", proposals)]


def test_a_list_of_names_ending_the_text_is_its_last_sections() -> None:
    """Names listed one a line on a text's last lines, under «…:», are the list's, not a signature."""
    listed = "Đề nghị khen thưởng:\nNguyễn Văn An\nLê Thị Hồng"
    found = find_sections(f"{HEADER}IV. ĐỀ XUẤT\n{listed}\n", SPECS).found
    assert [(s.id, s.text) for s in found] == [("de_xuat", listed)]


def test_diacritics_decide_between_specs_that_fold_alike() -> None:
    specs = (
        SectionSpec("long_thanh", "Trường Long Thạnh", ()),
        SectionSpec("long_thanh_tl", "Trường Long Thành", ()),
    )
    assert [s.id for s in find_sections("I. TRƯỜNG LONG THÀNH\nTốt.\n", specs).found] == ["long_thanh_tl"]
    assert [s.id for s in find_sections("I. Trường Long Thạnh\nTốt.\n", specs).found] == ["long_thanh"]
    assert len(find_sections("I. TRUONG LONG THANH\nTot.\n", specs).found) == 1


def test_no_text_no_sections() -> None:
    assert find_sections("", SPECS) == SectionResult(
        found=(), missing=("chi_dao", "ket_qua", "kho_khan", "de_xuat")
    )
    assert find_sections("I. KẾT QUẢ\nTốt.", ()) == SectionResult(found=(), missing=())


LINES = [
    "I. CÔNG TÁC CHỈ ĐẠO",
    "II- KẾT QUẢ",
    "PHẦN I",
    "Phần thứ nhất",
    "1.",
    "1.1",
    "a)",
    "Đề xuất: Không có.",
    "Khó khăn và đề xuất",
    "HIỆU TRƯỞNG",
    "Nơi nhận:",
    "BÁO CÁO",
    "Nhà trường đã triển khai.",
    "",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LINES) | st.text(max_size=80), max_size=60).map("\n".join))
def test_every_spec_is_found_or_missing_once(text: str) -> None:
    result = find_sections(text, SPECS)
    ids = [s.id for s in result.found] + list(result.missing)
    assert sorted(ids) == sorted(spec.id for spec in SPECS)
    assert list(result.missing) == [spec.id for spec in SPECS if spec.id in result.missing]


def test_headings_as_ocr_reads_them_off_a_photo() -> None:
    """OCR of a phone photo reads specks before a heading ("'1. CÔNG TÁC …", "“III. …", a page edge's
    "|") and the full stop after its number as a colon ("1: CÔNG TÁC …"): those headings were not found
    and the school was shown as missing sections a person reads on the photo."""
    text = (
        "1: CÔNG TÁC CHỈ ĐẠO, HƯỚNG DẪN THỰC HIỆN\n- Xây dựng kế hoạch số 05/KH-THMA.\n"
        "'2. KẾT QUẢ TRIỂN KHAI\n- Tổ chức 8 buổi tuyên truyền.\n"
        "“3. KHÓ KHĂN, VƯỚNG MẮC\nChưa có phòng tư vấn tâm lý riêng.\n"
        "|\t4. ĐỀ XUẤT, KIẾN NGHỊ\nKhông có.\n"
    )
    result = find_sections(text, SPECS)
    assert [s.id for s in result.found] == ["chi_dao", "ket_qua", "kho_khan", "de_xuat"]
    assert result.found[1].heading == "2. KẾT QUẢ TRIỂN KHAI"
    assert result.found[1].text == "- Tổ chức 8 buổi tuyên truyền."


def test_a_colon_after_a_number_in_running_text_is_no_heading() -> None:
    text = "I. KẾT QUẢ THỰC HIỆN\nTổ chức tuyên truyền vào giờ chào cờ:\n7: 30 sáng thứ Hai hằng tuần.\n"
    [section] = find_sections(text, SPECS).found
    assert section.text == "Tổ chức tuyên truyền vào giờ chào cờ:\n7: 30 sáng thứ Hai hằng tuần."


def test_roman_numerals_typed_as_symbols() -> None:
    """A report numbered its headings with Word's Roman numeral symbols («Ⅰ.», «Ⅱ.»): «Ⅰ. CÔNG TÁC CHỈ
    ĐẠO» was no heading, the numeral read as a word of the label, and the section was missing."""
    found = sections("Ⅰ. CÔNG TÁC CHỈ ĐẠO\nNhà trường quán triệt.\nⅡ. KẾT QUẢ THỰC HIỆN\nTổ chức 12 buổi.\n")
    assert found == {
        "chi_dao": ("I. CÔNG TÁC CHỈ ĐẠO", "Nhà trường quán triệt."),
        "ket_qua": ("II. KẾT QUẢ THỰC HIỆN", "Tổ chức 12 buổi."),
    }


def test_an_unnumbered_heading_of_another_part_ends_a_section() -> None:
    """In a report whose headings have no numbers, «Tồn tại, hạn chế» ran on over «Phương hướng thời gian
    tới» and its plans, and «Kết quả thực hiện» over «Đánh giá chung»: a heading no spec is about was
    no heading, so the difficulties listed the next year's plans. A sentence opening with the same words
    is no heading."""
    found = sections(
        "Kết quả thực hiện\nTổ chức 12 buổi.\nĐánh giá chung\nTốt.\nƯu điểm: nhiều.\n"
        "Tồn tại, hạn chế\nThiếu phòng tư vấn.\nPhương hướng thời gian tới\nTiếp tục tuyên truyền.\n"
        "Đề xuất, kiến nghị\nPhương hướng của nhà trường là mở phòng tư vấn.\n"
    )
    assert found == {
        "ket_qua": ("Kết quả thực hiện", "Tổ chức 12 buổi."),
        "kho_khan": ("Tồn tại, hạn chế", "Thiếu phòng tư vấn."),
        "de_xuat": ("Đề xuất, kiến nghị", "Phương hướng của nhà trường là mở phòng tư vấn."),
    }


def test_a_roman_numeral_ocr_read_with_small_ls() -> None:
    """OCR read the headings of a scan «I.», «II.», «III.» as «l.», «ll.», «lll.»: «l. CÔNG TÁC CHỈ ĐẠO»
    was no heading, its numeral taken for a word, and the section was missing. Before a heading in
    capitals the small Ls are the numeral's Is; before ordinary words they stay what they are."""
    found = sections(
        "l. CÔNG TÁC CHỈ ĐẠO\nNhà trường quán triệt.\nll. KẾT QUẢ THỰC HIỆN\nTổ chức 12 buổi.\n"
        "lll. KHÓ KHĂN\nKhông.\nlV. ĐỀ XUẤT\nKhông có.\n"
    )
    assert found == {
        "chi_dao": ("I. CÔNG TÁC CHỈ ĐẠO", "Nhà trường quán triệt."),
        "ket_qua": ("II. KẾT QUẢ THỰC HIỆN", "Tổ chức 12 buổi."),
        "kho_khan": ("III. KHÓ KHĂN", "Không."),
        "de_xuat": ("IV. ĐỀ XUẤT", "Không có."),
    }
    assert sections("l. Công tác chỉ đạo\nNhà trường quán triệt.\n") == {}


@pytest.mark.parametrize(
    "numbered", ["1V. Đề xuất, kiến nghị", "IV Đề xuất, kiến nghị", "1V Đề xuất, kiến nghị"]
)
def test_a_roman_numeral_ocr_read_with_a_one_or_without_its_stop(numbered: str) -> None:
    """OCR of a phone photo read the heading «IV. Đề xuất, kiến nghị» as «1V. …» or «IV …»: it was no
    heading, and «1V. Đề xuất, kiến nghị Không.» went into the consolidated draft as a difficulty. A one
    beside a V or an X is the numeral's I, and a numeral of two letters or more before a capitalised word
    is a heading's number with its stop lost; a word such as «XI măng» stays a word."""
    found = sections(f"III. Khó khăn, vướng mắc\nKhông.\n{numbered}\nKhông.\n")
    assert found == {
        "kho_khan": ("III. Khó khăn, vướng mắc", "Không."),
        "de_xuat": ("IV. Đề xuất, kiến nghị", "Không."),
    }
    found = sections("III. Khó khăn, vướng mắc\nXI măng đắt.\nV Hoa nghỉ.\n")
    assert found == {"kho_khan": ("III. Khó khăn, vướng mắc", "XI măng đắt.\nV Hoa nghỉ.")}


def test_lower_case_roman_headings_in_sequence() -> None:
    """A report numbered its headings «i.», «ii.», «iii.»: they were read as unnumbered lines, the lowest
    level, so «i. Công tác chỉ đạo» ended at its first «1.» and «ii. Kết quả thực hiện» lost its
    sub-items. Lower-case Roman numerals running in sequence are numbered headings."""
    found = sections(
        "i. Công tác chỉ đạo\nNhà trường quán triệt.\n1. Ban hành kế hoạch\nKế hoạch số 10/KH-THCS.\n"
        "ii. Kết quả thực hiện\n1. Tuyên truyền\nTổ chức 12 buổi.\n2. Tư vấn\nTư vấn 5 em.\n"
        "iii. Khó khăn, vướng mắc\nKhông.\n"
    )
    assert found == {
        "chi_dao": (
            "i. Công tác chỉ đạo",
            "Nhà trường quán triệt.\n1. Ban hành kế hoạch\nKế hoạch số 10/KH-THCS.",
        ),
        "ket_qua": ("ii. Kết quả thực hiện", "1. Tuyên truyền\nTổ chức 12 buổi.\n2. Tư vấn\nTư vấn 5 em."),
        "kho_khan": ("iii. Khó khăn, vướng mắc", "Không."),
    }


def test_lower_case_roman_headings_restarting_under_each_part() -> None:
    """A report numbered the points under each part «i.», «ii.» afresh («1. … a) … i. … ii.», then «2. …
    i. …»): the numbering, out of sequence as a whole, was taken for no numbering at all, and «i. Khó khăn,
    vướng mắc» ran on over «ii. Ưu điểm», the next point. Each run restarting after a heading of another
    level is numbered."""
    found = sections(
        "I. Công tác chỉ đạo\nNhà trường quán triệt.\nII. Đánh giá chung\n1. Đối với học sinh\n"
        "a) Học sinh khối 6\ni. Khó khăn, vướng mắc\nHọc sinh ở xa trường.\nii. Ưu điểm của các em\n"
        "Học sinh ngoan.\n2. Đối với giáo viên\ni. Đề xuất, kiến nghị\nBồi dưỡng giáo viên.\n"
        "ii. Ưu điểm của giáo viên\nGiáo viên nhiệt tình.\n"
    )
    assert found["kho_khan"] == ("i. Khó khăn, vướng mắc", "Học sinh ở xa trường.")
    assert found["de_xuat"] == ("i. Đề xuất, kiến nghị", "Bồi dưỡng giáo viên.")


@pytest.mark.parametrize(
    "numerals",
    [
        ("i.", "iii.", "i."),  # a run out of order
        ("i.", "i.", "ii."),  # a restart with no heading of another level between
    ],
)
def test_lower_case_roman_numerals_out_of_order_stay_unnumbered(numerals: tuple[str, str, str]) -> None:
    first, second, third = numerals
    found = sections(
        f"1. Công tác chỉ đạo\nNhà trường quán triệt.\n{first} Kết quả thực hiện tốt\nTổ chức 12 buổi.\n"
        f"{second} Ưu điểm\nTốt.\n{third} Nhận xét\nTốt.\n2. Khó khăn, vướng mắc\nKhông.\n"
    )
    assert found["chi_dao"][0] == "1. Công tác chỉ đạo" and "Tổ chức 12 buổi." in found["chi_dao"][1]


def test_a_lone_lower_case_i_is_no_numbered_heading() -> None:
    """A lone «i.» (no «ii.» after it) is not taken for a Roman numeral: the sections stay as the
    numbered headings around it give them."""
    found = sections(
        "1. Công tác chỉ đạo\nNhà trường quán triệt.\ni. Kết quả thực hiện tốt\nTổ chức 12 buổi.\n"
        "2. Khó khăn, vướng mắc\nKhông.\n"
    )
    assert found["chi_dao"] == (
        "1. Công tác chỉ đạo",
        "Nhà trường quán triệt.\ni. Kết quả thực hiện tốt\nTổ chức 12 buổi.",
    )
    assert found["kho_khan"] == ("2. Khó khăn, vướng mắc", "Không.")
