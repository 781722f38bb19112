"""Header facts from the text extractors hand over: interleaved columns, separate columns, OCR noise."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.document import Header
from parsers.facts import body_start, extract_header

INTERLEAVED = """\
PHÒNG GD&ĐT THỦ THỪA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TRƯỜNG TIỂU HỌC BÌNH THẠNH 1 Độc lập - Tự do - Hạnh phúc
Số: 45/BC-THBT1 Bình Thạnh, ngày 20 tháng 10 năm 2021

BÁO CÁO
Kết quả triển khai thực hiện Nghị quyết số 121/2020/QH14
về phòng, chống xâm hại trẻ em năm 2021

Kính gửi: Phòng Giáo dục và Đào tạo Thủ Thừa.
Thực hiện Kế hoạch số 12/KH-PGDĐT ngày 15 tháng 9 năm 2021 của Phòng GD&ĐT, trường báo cáo như sau:
I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI
Nhà trường đã triển khai đến toàn thể cán bộ, giáo viên.
II. KẾT QUẢ THỰC HIỆN
Tổ chức 12 buổi tuyên truyền cho 450 lượt học sinh.
Trên đây là báo cáo của nhà trường.
Nơi nhận: KT. HIỆU TRƯỞNG
- Phòng GD&ĐT (b/c); PHÓ HIỆU TRƯỞNG
- Lưu: VT.

(Đã ký)

Nguyễn Văn An
"""

COLUMNS = """\
PHÒNG GD&ĐT THỦ THỪA
TRƯỜNG THCS NHỊ THÀNH
Số: 31/BC-THCSNT
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Nhị Thành, ngày 5 tháng 9 năm 2021
BÁO CÁO
Công tác phòng, chống xâm hại trẻ em năm học 2021-2022
Căn cứ Kế hoạch số 12/KH-PGDĐT của Phòng GD&ĐT Thủ Thừa;
1. Công tác chỉ đạo
Nhà trường đã quán triệt.
Nơi nhận:
- Như trên;
- Lưu: VT.
TM. BAN GIÁM HIỆU
HIỆU TRƯỞNG
NGUYỄN THỊ MAI
"""

OCR = """\
UBND HUYỆN THỦ THỪA CỘNG HOÀ XÂ HỘI CHỦ NGHÌA VIỆT NAM
TRƯỜNG MG LONG THƯỢNG Độc Lập — Tự Do — Hạnh Phúc
Số : 06 / BC-MGLT Long Thượng, ngảy 12 thảng 10 nãm 2021
BÁO CÁO
Kết quả thực hiện Nghị quyết 121/2020/QH14
HIỆU TRƯỞNG
Trần Thị Bé Tư
"""


def header(text: str) -> Header:
    return extract_header(text)


def test_interleaved_columns() -> None:
    assert header(INTERLEAVED) == Header(
        parent_body="PHÒNG GD&ĐT THỦ THỪA",
        issuer="TRƯỜNG TIỂU HỌC BÌNH THẠNH 1",
        number="45/BC-THBT1",
        place="Bình Thạnh",
        date=dt.date(2021, 10, 20),
        kind="BÁO CÁO",
        title="Kết quả triển khai thực hiện Nghị quyết số 121/2020/QH14 về phòng, chống xâm hại trẻ em năm 2021",
        signer_name="Nguyễn Văn An",
        signer_role="KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG",
        year=2021,
    )


def test_columns_one_after_the_other() -> None:
    assert header(COLUMNS) == Header(
        parent_body="PHÒNG GD&ĐT THỦ THỪA",
        issuer="TRƯỜNG THCS NHỊ THÀNH",
        number="31/BC-THCSNT",
        place="Nhị Thành",
        date=dt.date(2021, 9, 5),
        kind="BÁO CÁO",
        title="Công tác phòng, chống xâm hại trẻ em năm học 2021-2022",
        signer_name="Nguyễn Thị Mai",
        signer_role="TM. BAN GIÁM HIỆU / HIỆU TRƯỞNG",
        year=2021,
    )


def test_ocr_noise() -> None:
    """Wrong tone marks, 'CỘNG HOÀ', em dashes, title-case motto and spaces inside the number."""
    assert header(OCR) == Header(
        parent_body="UBND HUYỆN THỦ THỪA",
        issuer="TRƯỜNG MG LONG THƯỢNG",
        number="06/BC-MGLT",
        place="Long Thượng",
        date=dt.date(2021, 10, 12),
        kind="BÁO CÁO",
        title="Kết quả thực hiện Nghị quyết 121/2020/QH14",
        signer_name="Trần Thị Bé Tư",
        signer_role="HIỆU TRƯỞNG",
        year=2021,
    )


def replace_line(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


@pytest.mark.parametrize(
    ("text", "field", "expected"),
    [
        # number
        (replace_line(COLUMNS, "Số: 31/BC-THCSNT", "Số:     /BC-THCSNT"), "number", None),
        (replace_line(COLUMNS, "Số: 31/BC-THCSNT", "Số 31/BC-THCSNT"), "number", "31/BC-THCSNT"),
        (replace_line(COLUMNS, "Số: 31/BC-THCSNT", "SỐ: 31/BC-THCS NT"), "number", "31/BC-THCS"),
        (replace_line(COLUMNS, "Số: 31/BC-THCSNT", "Số: 31/BC - THCSNT"), "number", "31/BC-THCSNT"),
        (replace_line(COLUMNS, "Số: 31/BC-THCSNT", "Số: 31/2021/BC-THCSNT"), "number", "31/2021/BC-THCSNT"),
        # date and place
        (replace_line(COLUMNS, "ngày 5 tháng 9 năm 2021", "ngày 05/10/2021"), "date", dt.date(2021, 10, 5)),
        (replace_line(COLUMNS, "ngày 5 tháng 9 năm 2021", "ngày 5-10-2021"), "date", dt.date(2021, 10, 5)),
        (replace_line(COLUMNS, "ngày 5 tháng 9 năm 2021", "ngày 31 tháng 2 năm 2021"), "date", None),
        (replace_line(COLUMNS, "ngày 5 tháng 9 năm 2021", "ngày 45/13/2021"), "date", None),
        (replace_line(COLUMNS, "ngày 5 tháng 9 năm 2021", "ngày    tháng 9 năm 2021"), "date", None),
        (replace_line(COLUMNS, "ngày 5 tháng 9 năm 2021", "ngày    tháng 9 năm 2021"), "place", "Nhị Thành"),
        (replace_line(COLUMNS, "ngày 5 tháng 9 năm 2021", "ngày 5 tháng 9 năm 2022"), "year", 2022),
        (replace_line(COLUMNS, "Nhị Thành, ngày", "Thị trấn Thủ Thừa, ngày"), "place", "Thị trấn Thủ Thừa"),
        (replace_line(COLUMNS, "Nhị Thành, ngày", "TT. Thủ Thừa, ngày"), "place", "TT. Thủ Thừa"),
        (replace_line(COLUMNS, "Nhị Thành, ngày", "Mỹ An , ngày"), "place", "Mỹ An"),
        (replace_line(COLUMNS, "Nhị Thành, ngày", "ngày"), "place", None),
        (replace_line(COLUMNS, "Nhị Thành, ngày", "ngày"), "date", dt.date(2021, 9, 5)),
        (
            replace_line(
                COLUMNS, "Số: 31/BC-THCSNT", "Số: 31/BC-THCSNT     Nhị Thành, ngày 6 tháng 9 năm 2021"
            ),
            "date",
            dt.date(2021, 9, 6),
        ),
        # issuer and parent body
        (
            replace_line(COLUMNS, "TRƯỜNG THCS NHỊ THÀNH", "TRƯỜNG MẦM NON TƯ THỤC\nHOA SEN\n________"),
            "issuer",
            "TRƯỜNG MẦM NON TƯ THỤC HOA SEN",
        ),
        (replace_line(COLUMNS, "PHÒNG GD&ĐT THỦ THỪA\n", ""), "issuer", "TRƯỜNG THCS NHỊ THÀNH"),
        (replace_line(COLUMNS, "PHÒNG GD&ĐT THỦ THỪA\n", ""), "parent_body", None),
        (
            replace_line(COLUMNS, "TRƯỜNG THCS NHỊ THÀNH", "TRƯỜNG TH&THCS TÂN LONG"),
            "issuer",
            "TRƯỜNG TH&THCS TÂN LONG",
        ),
        (
            replace_line(
                COLUMNS,
                "PHÒNG GD&ĐT THỦ THỪA\nTRƯỜNG THCS NHỊ THÀNH",
                "UBND HUYỆN THỦ THỪA\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
            ),
            "issuer",
            "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
        ),
        (
            replace_line(
                COLUMNS, "PHÒNG GD&ĐT THỦ THỪA\nTRƯỜNG THCS NHỊ THÀNH", "UBND XÃ MỸ AN\nTRƯỜNG MẪU GIÁO MỸ AN"
            ),
            "parent_body",
            "UBND XÃ MỸ AN",
        ),
        # kind and title
        (replace_line(COLUMNS, "BÁO CÁO", "KẾ HOẠCH"), "kind", "KẾ HOẠCH"),
        (replace_line(COLUMNS, "BÁO CÁO\n", ""), "kind", "BÁO CÁO"),  # from the BC in the number
        (
            replace_line(
                COLUMNS,
                "BÁO CÁO\nCông tác phòng, chống xâm hại trẻ em năm học 2021-2022",
                "BÁO CÁO: Sơ kết học kỳ I",
            ),
            "title",
            "Sơ kết học kỳ I",
        ),
        (
            replace_line(COLUMNS, "BÁO CÁO", "BÁO CÁO\n\n"),
            "title",
            "Công tác phòng, chống xâm hại trẻ em năm học 2021-2022",
        ),
        (
            replace_line(
                COLUMNS, "năm học 2021-2022", "năm học 2021-2022\n(Tính từ 01/9/2021 đến 15/10/2021)"
            ),
            "title",
            "Công tác phòng, chống xâm hại trẻ em năm học 2021-2022 (Tính từ 01/9/2021 đến 15/10/2021)",
        ),
        (
            replace_line(COLUMNS, "Căn cứ", "Kính gửi: Phòng Giáo dục và Đào tạo\nCăn cứ"),
            "title",
            "Công tác phòng, chống xâm hại trẻ em năm học 2021-2022",
        ),
        (
            replace_line(
                COLUMNS,
                "Số: 31/BC-THCSNT",
                "Số: 31/THCSNT\nV/v báo cáo kết quả thực hiện Nghị quyết 121",
            ).replace("BÁO CÁO\nCông tác phòng, chống xâm hại trẻ em năm học 2021-2022\n", ""),
            "kind",
            "CÔNG VĂN",
        ),
        # A letter's summary written out under its number: «Về việc cử cán bộ tham dự tập huấn … Nghị
        # quyết 121» was no letter, and naming the resolution it counted as the school's report.
        (
            replace_line(
                COLUMNS,
                "Số: 31/BC-THCSNT",
                "Số: 31/THCSNT\nVề việc cử cán bộ tham dự tập huấn\ntriển khai Nghị quyết 121/2020/QH14",
            ).replace("BÁO CÁO\nCông tác phòng, chống xâm hại trẻ em năm học 2021-2022\n", ""),
            "title",
            "Về việc cử cán bộ tham dự tập huấn triển khai Nghị quyết 121/2020/QH14",
        ),
        (
            replace_line(
                COLUMNS, "Số: 31/BC-THCSNT", "Số: 31/CV-THCSNT\nVề việc cử cán bộ tham dự tập huấn"
            ).replace("BÁO CÁO\nCông tác phòng, chống xâm hại trẻ em năm học 2021-2022\n", ""),
            "title",
            "Về việc cử cán bộ tham dự tập huấn",
        ),
        # ... under a report's number it is the report's title, and a «Về việc» line lower down is no summary.
        (
            replace_line(
                COLUMNS, "Số: 31/BC-THCSNT", "Số: 31/BC-THCSNT\nVề việc thực hiện Nghị quyết 121"
            ).replace("BÁO CÁO\nCông tác phòng, chống xâm hại trẻ em năm học 2021-2022\n", ""),
            "kind",
            "BÁO CÁO",
        ),
        (
            replace_line(COLUMNS, "BÁO CÁO\n", "")
            .replace(
                "Căn cứ Kế hoạch",
                "Về việc thực hiện Nghị quyết 121, nhà trường báo cáo như sau:\nCăn cứ Kế hoạch",
            )
            .replace("Số: 31/BC-THCSNT", "Số: 31/THCSNT"),
            "kind",
            None,
        ),
        (
            replace_line(
                COLUMNS,
                "Công tác phòng, chống xâm hại trẻ em năm học 2021-2022",
                "Về việc thực hiện công tác phòng, chống xâm hại trẻ em\ntheo Nghị quyết số 121/2020/QH14",
            ),
            "title",
            "Về việc thực hiện công tác phòng, chống xâm hại trẻ em theo Nghị quyết số 121/2020/QH14",
        ),
        # year
        (replace_line(COLUMNS, "năm học 2021-2022", "năm 2020"), "year", 2020),
        # a date line in another year than the title's school year: the title says what is reported on
        (replace_line(COLUMNS, "ngày 5 tháng 9 năm 2021", "ngày 5 tháng 9 năm 2019"), "year", 2021),
        # signer
        (
            replace_line(COLUMNS, "TM. BAN GIÁM HIỆU\nHIỆU TRƯỞNG", "HIỆU TRƯỞNG"),
            "signer_role",
            "HIỆU TRƯỞNG",
        ),
        (
            replace_line(COLUMNS, "TM. BAN GIÁM HIỆU\nHIỆU TRƯỞNG", "KT.HIỆU TRƯỞNG\nPHÓ HIỆU TRƯỞNG"),
            "signer_role",
            "KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG",
        ),
        (
            replace_line(COLUMNS, "NGUYỄN THỊ MAI", "(Ký tên, đóng dấu)\n\nThS. Lê Hoàng Nam"),
            "signer_name",
            "Lê Hoàng Nam",
        ),
        (replace_line(COLUMNS, "NGUYỄN THỊ MAI", "Võ Minh Tuấn"), "signer_name", "Võ Minh Tuấn"),
        (
            replace_line(
                COLUMNS,
                "- Lưu: VT.\nTM. BAN GIÁM HIỆU\nHIỆU TRƯỞNG\nNGUYỄN THỊ MAI",
                "HIỆU TRƯỞNG\n- Lưu: VT. Huỳnh Văn Sáu",
            ),
            "signer_name",
            "Huỳnh Văn Sáu",
        ),
        (
            replace_line(
                COLUMNS,
                "- Lưu: VT.\nTM. BAN GIÁM HIỆU\nHIỆU TRƯỞNG\nNGUYỄN THỊ MAI",
                "NGƯỜI LẬP BÁO CÁO HIỆU TRƯỞNG\nPhan Thị Lan     Đặng Văn Hùng",
            ),
            "signer_name",
            "Đặng Văn Hùng",
        ),
        (
            replace_line(
                COLUMNS,
                "- Lưu: VT.\nTM. BAN GIÁM HIỆU\nHIỆU TRƯỞNG\nNGUYỄN THỊ MAI",
                "NGƯỜI LẬP BÁO CÁO HIỆU TRƯỞNG",
            ),
            "signer_role",
            "HIỆU TRƯỞNG",
        ),
        (
            replace_line(COLUMNS, "- Như trên;", "- Hiệu trưởng (để biết);"),
            "signer_role",
            "TM. BAN GIÁM HIỆU / HIỆU TRƯỞNG",
        ),
    ],
)
def test_fields(text: str, field: str, expected: object) -> None:
    assert getattr(header(text), field) == expected


def test_table_borders_and_capitals_lost_in_conversion() -> None:
    """antiword draws the header table with '|'; a .VnTimeH header converted without its font
    comes out in lower case."""
    text = (
        "|phòng gd&đt thủ thừa                |cộng hòa xã hội chủ nghĩa việt nam  |\n"
        "|trường tiểu học mỹ thạnh a          |Độc lập - Tự do - Hạnh phúc         |\n"
        "|Số: 07/BC-THMTA                     |Mỹ Thạnh, ngày 9 tháng 10 năm 2025  |\n"
        "\n"
        "                                   báo cáo\n"
        " Kết quả thực hiện Nghị quyết số 121/2020/QH14\n"
        "                                  năm 2025\n"
        "Căn cứ Kế hoạch số 1567/KH-PGDĐT;\n"
    )
    assert header(text) == Header(
        parent_body="PHÒNG GD&ĐT THỦ THỪA",
        issuer="TRƯỜNG TIỂU HỌC MỸ THẠNH A",
        number="07/BC-THMTA",
        place="Mỹ Thạnh",
        date=dt.date(2025, 10, 9),
        kind="BÁO CÁO",
        title="Kết quả thực hiện Nghị quyết số 121/2020/QH14 năm 2025",
        year=2025,
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n\n",
        "Kính gửi Phòng Giáo dục,\nTrường xin gửi báo cáo đính kèm.\nTrân trọng.",
        "Dear colleagues, please find the report attached.\n-- \nsent from my phone",
        "Báo cáo kết quả thực hiện Nghị quyết 121 của trường em ạ.",
    ],
)
def test_no_header_gives_nothing(text: str) -> None:
    found = header(text)
    assert (found.parent_body, found.issuer, found.number, found.date, found.kind, found.title) == (None,) * 6
    assert found.signer_role is None


def test_mail_body_signature_gives_the_name() -> None:
    assert (
        header("Kính gửi Phòng,\nTrường gửi báo cáo.\nTrân trọng,\nNguyễn Văn Bình\n").signer_name
        == "Nguyễn Văn Bình"
    )


def test_only_the_first_lines_count_for_the_header() -> None:
    late = "\n".join(["Nội dung."] * 45) + "\n" + COLUMNS
    found = header(late)
    assert (found.number, found.kind, found.date) == (None, None, None)


def test_body_start_is_after_the_title() -> None:
    lines = INTERLEAVED.splitlines()
    assert lines[body_start(INTERLEAVED)].startswith("Kính gửi")
    assert COLUMNS.splitlines()[body_start(COLUMNS)].startswith("Căn cứ")
    assert body_start("Không có tiêu đề.\nI. Nội dung") == 0


vietnamese_lines = st.lists(
    st.sampled_from(
        [
            *INTERLEAVED.splitlines(),
            *COLUMNS.splitlines(),
            *OCR.splitlines(),
            "Số:",
            "ngày tháng năm",
            "BÁO CÁO",
            "KT.",
            "HIỆU TRƯỞNG",
            "ngày 99/99/9999",
        ]
    )
    | st.text(max_size=120),
    max_size=80,
).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(vietnamese_lines)
def test_never_raises_on_any_text(text: str) -> None:
    assert isinstance(extract_header(text), Header)
    assert 0 <= body_start(text) <= max(len(text.splitlines()), 0)


def test_a_greeting_before_a_pasted_header_is_not_part_of_the_issuer() -> None:
    """A report pasted into a mail body after "Trường gửi nội dung báo cáo như sau:" had that
    sentence glued to the issuer, which then matched no school and sent the report to review."""
    text = (
        "Kính gửi Phòng GD&ĐT,\nTrường gửi nội dung báo cáo như sau:\n\nUBND HUYỆN THỦ THỪA\n"
        "TRƯỜNG THCS MỸ THẠNH\nSố: 54/BC-THCSMT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nMỹ Thạnh, ngày 13 tháng 10 năm 2021\n\nBÁO CÁO\nKết quả thực hiện"
    )
    header = extract_header(text)
    assert header.issuer == "TRƯỜNG THCS MỸ THẠNH"
    assert header.parent_body == "UBND HUYỆN THỦ THỪA"


def test_a_school_number_wrapped_to_its_own_line_stays_in_the_issuer() -> None:
    """The narrow left column of a PDF put the "2" of "Trường Mầm non Hưng Phong 2" on a line of its
    own; the issuer read "TRƯỜNG MẦM NON HƯNG PHONG", the whole name of another school, and the report
    was credited to that school against the address, the subject and the body."""
    text = (
        "PHÒNG GD&ĐT ĐỨC LẠC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TRƯỜNG MẦM NON HƯNG PHONG Độc lập - Tự do - Hạnh phúc\n2\n"
        "Đức Lạc, ngày 17 tháng 10 năm 2025\nSố: 60/BC-MNHP2\nBÁO CÁO\nKết quả thực hiện Nghị quyết"
    )
    header = extract_header(text)
    assert header.issuer == "TRƯỜNG MẦM NON HƯNG PHONG 2"
    assert header.parent_body == "PHÒNG GD&ĐT ĐỨC LẠC"
    assert header.number == "60/BC-MNHP2"


def test_a_scans_column_gap_ends_the_schools_name() -> None:
    """OCR joins the header's left and right columns on one line; specks of the motto's rule to the
    right of the school's wrapped name ("LẠC", then ": 5 z P") were read into the name, and "5" as the
    school's number. The column gap (a tab) ends the left column's fragment."""
    text = (
        "UBND HUYỆN THỦ THỪA\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TRƯỜNG TRUNG HỌC CƠ SỞ MỸ\tĐộc lập - Tự do - Hạnh phúc\n\n"
        "LẠC\t:\t5\tz P\n"
        "Số: 37/BC-THCSML\tMỹ Lạc, ngày 20 tháng 10 năm 2025\n\n"
        "BÁO CÁO\nKết quả thực hiện Nghị quyết 121/2020/QH14\n"
    )
    header = extract_header(text)
    assert header.parent_body == "UBND HUYỆN THỦ THỪA"
    assert header.issuer == "TRƯỜNG TRUNG HỌC CƠ SỞ MỸ LẠC"
    assert header.place == "Mỹ Lạc"


@pytest.mark.parametrize(
    "text",
    [
        # A Word header table: the left cell's lines, then the right cell's.
        "PHÒNG GD&ĐT THỦ THỪA\nTrường Tiểu học\nMỹ Lạc\nSố: 14/BC-THML\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nMỹ Lạc, ngày 18 tháng 10 năm 2026\n\nBÁO CÁO\nKết quả thực hiện Nghị quyết 121",
        # The same header printed to PDF: the two columns interleaved.
        "PHÒNG GD&ĐT THỦ THỪA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTrường Tiểu học Độc lập - Tự do - Hạnh phúc\n"
        "Mỹ Lạc\nMỹ Lạc, ngày 18 tháng 10 năm 2026\nSố: 14/BC-THML\nBÁO CÁO\nKết quả thực hiện Nghị quyết 121",
        # Wrapped inside the place's name.
        "PHÒNG GD&ĐT THỦ THỪA\nTrường Tiểu học Mỹ\nLạc\nSố: 14/BC-THML\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Mỹ Lạc, ngày 18 tháng 10 năm 2026\n\nBÁO CÁO\nKết quả thực hiện Nghị quyết 121",
    ],
)
def test_a_schools_name_typed_in_lower_case_over_two_lines_stays_whole(text: str) -> None:
    """A school typed its name in ordinary case and the left column wrapped it after the level:
    "Trường Tiểu học" / "Mỹ Lạc". Only lines in capitals continued the name, so the issuer read
    "TRƯỜNG TIỂU HỌC", which names no school: from the school's own address the report waited in review
    as if its header named a school not on the list."""
    header = extract_header(text)
    assert header.issuer == "TRƯỜNG TIỂU HỌC MỸ LẠC"
    assert header.parent_body == "PHÒNG GD&ĐT THỦ THỪA"
    assert header.number == "14/BC-THML"


def test_a_sentence_after_a_cut_school_name_is_not_its_place() -> None:
    text = (
        "PHÒNG GD&ĐT THỦ THỪA\nTRƯỜNG TIỂU HỌC\nThực hiện công văn của Phòng, nhà trường báo cáo như sau:\n"
        "Số: 14/BC-THML\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nBÁO CÁO\nKết quả thực hiện Nghị quyết 121"
    )
    assert extract_header(text).issuer == "TRƯỜNG TIỂU HỌC"


@pytest.mark.parametrize("line", ["Mỹ Phú, 18/10/2026", "Mỹ Phú, 18-10-2026", "Mỹ Phú,18.10.2026"])
def test_a_date_line_in_figures_without_ngay(line: str) -> None:
    """Many schools write the date line as "Mỹ Phú, 18/10/2026"; only "ngày 18/10/2026" and "ngày 18
    tháng 10 năm 2026" were read, so such a report had no date: a title still saying last year's year
    then filed it under last season."""
    text = (
        "PHÒNG GD&ĐT THỦ THỪA\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTRƯỜNG THCS MỸ PHÚ\tĐộc lập - Tự do - Hạnh phúc\n"
        f"Số: 38/BC-THCS\t{line}\n\nBÁO CÁO\nKết quả thực hiện Nghị quyết 121\n"
    )
    header = extract_header(text)
    assert header.date == dt.date(2026, 10, 18) and header.place == "Mỹ Phú"
    assert header.issuer == "TRƯỜNG THCS MỸ PHÚ" and header.number == "38/BC-THCS"


@pytest.mark.parametrize(
    ("text", "parent", "issuer"),
    [
        (
            "PHÒNG GD&ĐT THỦ THỪA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT\nTRƯỜNG MẪU GIÁO LONG THÀNH NAM\n"
            "Số: 05/BC-MG Độc lập - Tự do - Hạnh phúc\nLong Thành, ngày 18 tháng 10 năm 2026\nBÁO CÁO\nKết quả",
            "PHÒNG GD&ĐT THỦ THỪA",
            "TRƯỜNG MẪU GIÁO LONG THÀNH",
        ),
        (
            "PHÒNG GD&ĐT CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT\nNAM\nTRƯỜNG MẪU GIÁO LONG THÀNH Độc lập - Tự do - Hạnh phúc\n"
            "Số: 05/BC-MG Long Thành, ngày 18 tháng 10 năm 2026\nBÁO CÁO\nKết quả",
            "PHÒNG GD&ĐT",
            "TRƯỜNG MẪU GIÁO LONG THÀNH",
        ),
        (  # wrapped before "VIỆT NAM" whole, beside a school's name wrapped after its level
            "UBND HUYỆN THỦ THỪA CỘNG HÒA XÃ HỘI CHỦ NGHĨA\nTRƯỜNG MẪU GIÁO VIỆT NAM\n"
            "LONG THẠNH Độc lập - Tự do - Hạnh phúc\nSố: 48/BC-MGLT Long Thạnh, ngày 13 tháng 10 năm 2021\n"
            "BÁO CÁO\nKết quả",
            "UBND HUYỆN THỦ THỪA",
            "TRƯỜNG MẪU GIÁO LONG THẠNH",
        ),
        (  # ... where only "VIỆT NAM" is the nation's: the school's own "NAM" stays
            "UBND HUYỆN PHÚ NINH CỘNG HÒA XÃ HỘI CHỦ NGHĨA\nTRƯỜNG TIỂU HỌC HÒA NAM VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nSố: 48/BC-TH Phú Ninh, ngày 13 tháng 10 năm 2021\nBÁO CÁO\nKết quả",
            "UBND HUYỆN PHÚ NINH",
            "TRƯỜNG TIỂU HỌC HÒA NAM",
        ),
        (  # the left column's own "NAM", under a nation line that did not wrap
            "SỞ GD&ĐT QUẢNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nNAM\nTRƯỜNG THPT TRẦN PHÚ Độc lập - Tự do - Hạnh phúc\n"
            "Số: 05/BC-THPT Tam Kỳ, ngày 18 tháng 10 năm 2026\nBÁO CÁO\nKết quả",
            "SỞ GD&ĐT QUẢNG NAM",
            "TRƯỜNG THPT TRẦN PHÚ",
        ),
    ],
)
def test_the_nation_lines_wrapped_nam_is_not_the_left_columns(text: str, parent: str, issuer: str) -> None:
    """A narrow right column wraps "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT" / "NAM" in a PDF printed from Word:
    its "NAM" was read into the left column beside it, "TRƯỜNG MẪU GIÁO LONG THÀNH NAM" or "PHÒNG GD&ĐT
    NAM", which a district check took for another district's office. LibreOffice wraps it before "VIỆT
    NAM" whole: the school was read as "TRƯỜNG MẪU GIÁO VIỆT NAM LONG THẠNH", no school on the list, and
    an ordinary report from the school's own address went to review."""
    header = extract_header(text)
    assert (header.parent_body, header.issuer) == (parent, issuer)


@pytest.mark.parametrize(
    ("text", "issuer", "date"),
    [
        (
            "UBND HUYỆN THỦ THỪA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTRƯỜNG THCS LONG THUẬN Độc lập - Tự do - "
            "Hạnh phúc\nSố: 56/BC-THCSLT Long Thuận, ngày 16 tháng 10 năm\n2021\nBÁO CÁO\nKết quả",
            "TRƯỜNG THCS LONG THUẬN",
            dt.date(2021, 10, 16),
        ),
        (  # as LibreOffice prints a narrow header: the nation and the school's name wrapped too
            "UBND HUYỆN THỦ THỪA CỘNG HÒA XÃ HỘI CHỦ NGHĨA\nTRƯỜNG TIỂU HỌC LONG VIỆT NAM\nTHẠNH Độc lập - Tự do "
            "- Hạnh phúc\nSố: 25/BC-THLT Long Thạnh, ngày 7 tháng 10 năm\n2021\nBÁO CÁO\nKết quả",
            "TRƯỜNG TIỂU HỌC LONG THẠNH",
            dt.date(2021, 10, 7),
        ),
        (  # wrapped after the day, or after the month's word
            "UBND HUYỆN THỦ THỪA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTRƯỜNG MẦM NON THỊ TRẤN THỦ THỪA Độc lập - "
            "Tự do - Hạnh phúc\nSố: 12/BC-MNTT Thị trấn Thủ Thừa, ngày 15\ntháng 10 năm 2021\nBÁO CÁO\nKết quả",
            "TRƯỜNG MẦM NON THỊ TRẤN THỦ THỪA",
            dt.date(2021, 10, 15),
        ),
        (
            "UBND HUYỆN THỦ THỪA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTRƯỜNG MẦM NON THỊ TRẤN THỦ THỪA Độc lập - "
            "Tự do - Hạnh phúc\nSố: 12/BC-MNTT Thị trấn Thủ Thừa, ngày 15 tháng\n10 năm 2021\nBÁO CÁO\nKết quả",
            "TRƯỜNG MẦM NON THỊ TRẤN THỦ THỪA",
            dt.date(2021, 10, 15),
        ),
        (  # no year on the next line: no date
            "UBND HUYỆN THỦ THỪA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTRƯỜNG TIỂU HỌC LONG THẠNH Độc lập - Tự do "
            "- Hạnh phúc\nSố: 25/BC-THLT Long Thạnh, ngày 7 tháng 10 năm\nBÁO CÁO\nKết quả",
            "TRƯỜNG TIỂU HỌC LONG THẠNH",
            None,
        ),
    ],
)
def test_a_date_line_wrapped_before_its_year_is_still_the_date(
    text: str, issuer: str, date: dt.date | None
) -> None:
    """A narrow right column in a PDF printed from Word wraps the date line before its year ("…, ngày 16
    tháng 10 năm" / "2021", or earlier with a long place name): the report had no date, so last year's title left on this year's report
    ("… năm 2020") filed it under last year's season, which the date line is there to prevent."""
    header = extract_header(text)
    assert (header.issuer, header.date) == (issuer, date)


def test_a_date_line_with_zeros_read_as_the_letter_o_is_still_the_date() -> None:
    """OCR reads a scanned date line's zeros as the letter O ("ngày 2O tháng 1O năm 2O26"): the report
    had no date and no year, so a report scanned after its cover letter, whose page is found by its own
    dated "BÁO CÁO", was missed when its title states no year: the mail counted as the letter alone."""
    text = (
        "UBND HUYỆN THỦ THỪA\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TRƯỜNG TH MỸ AN\tĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 12/BC-THMA\tMỹ An, ngày 2O tháng 1O năm 2O26\n\n"
        "BÁO CÁO\nKết quả thực hiện Nghị quyết 121/2020/QH14\n"
    )
    header = extract_header(text)
    assert (header.date, header.year, header.place) == (dt.date(2026, 10, 20), 2026, "Mỹ An")
    assert extract_header(text.replace("ngày 2O tháng 1O năm 2O26", "ngày 2O/1O/2O26")).date == dt.date(
        2026, 10, 20
    )


@pytest.mark.parametrize(
    "contents",
    [
        "MỤC LỤC\nI. Công tác chỉ đạo, triển khai 1\nII. Kết quả thực hiện 2",
        "Công tác chỉ đạo, triển khai ........................ 1\nKết quả thực hiện ........................ 2",
    ],
)
def test_a_table_of_contents_under_the_title_ends_it(contents: str) -> None:
    """A report exported to PDF with its table of contents right under the title had the title read as
    "… năm 2021 MỤC LỤC" (or with the entries' leader dots and page numbers): the contents' heading and
    an entry's dots before a page number end the title."""
    text = (
        "TRƯỜNG TIỂU HỌC MỸ AN\nSố: 45/BC-TH\nMỹ An, ngày 18 tháng 10 năm 2021\nBÁO CÁO\n"
        "Kết quả thực hiện Nghị quyết 121/2020/QH14\nvề phòng, chống xâm hại trẻ em năm 2021\n"
        f"{contents}\nI. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI\nNhà trường tổ chức 8 buổi tuyên truyền.\n"
    )
    header = extract_header(text)
    assert header.title == (
        "Kết quả thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em năm 2021"
    )


_TITLE = "Kết quả thực hiện Nghị quyết 121/2020/QH14\nvề phòng, chống xâm hại trẻ em\nnăm học 2021 - 2022"


@pytest.mark.parametrize(
    "contents",
    [
        "I. ĐẶC ĐIỂM TÌNH HÌNH ....... 1\nII. KẾT QUẢ THỰC HIỆN ....... 2",
        "ĐẶC ĐIỂM TÌNH HÌNH 1\nKẾT QUẢ THỰC HIỆN 2\nĐỀ XUẤT, KIẾN NGHỊ 4",
        "Đặc điểm tình hình trang 1\nKết quả thực hiện trang 3",
        "ĐẶC ĐIỂM TÌNH HÌNH . . . . . . . . 1\nKẾT QUẢ THỰC HIỆN . . . . . . . . 2",
        "ĐẶC ĐIỂM TÌNH HÌNH...1\nKẾT QUẢ THỰC HIỆN...2",
        "ĐẶC ĐIỂM TÌNH HÌNH ____________ 1\nKẾT QUẢ THỰC HIỆN ____________ 2",
        "ĐẶC ĐIỂM TÌNH HÌNH ------------ 1\nKẾT QUẢ THỰC HIỆN ------------ 2",
        "ĐẶC ĐIỂM TÌNH HÌNH ........ Trang 1\nKẾT QUẢ THỰC HIỆN ........ Trang 2",
    ],
)
def test_a_typed_table_of_contents_under_the_title_ends_it(contents: str) -> None:
    """A table of contents typed by hand under the title, as plain paragraphs, joined the title
    ("… năm học 2021 - 2022 ĐẶC ĐIỂM TÌNH HÌNH 1 KẾT QUẢ THỰC HIỆN 2 …") unless its leaders were four dots
    or more: a tab stop's leader is gone once the text's spaces are tidied, and schools also type spaced
    dots, three dots, underscores, dashes or "Trang 2" before the page. Two lines in a row that end with a
    page number after a word, or any line with leaders before one, end the title."""
    text = (
        "TRƯỜNG THCS MỸ AN\nSố: 45/BC-THCSMA\nMỹ An, ngày 18 tháng 10 năm 2021\nBÁO CÁO\n"
        f"{_TITLE}\n{contents}\nI. ĐẶC ĐIỂM TÌNH HÌNH\nNhà trường có 520 học sinh.\n"
    )
    assert extract_header(text).title == " ".join(_TITLE.split("\n"))


@pytest.mark.parametrize(
    "title",
    [
        "Công tác phòng, chống xâm hại trẻ em học kỳ 1\nnăm học 2021 - 2022",
        "Kết quả thực hiện Kế hoạch số 15\nvề phòng, chống xâm hại trẻ em năm 2021",
        "Kết quả thực hiện Nghị quyết số 121/2020/QH14\nngày 19/6/2020 của Quốc hội\nnăm 2021",
    ],
)
def test_a_title_wrapping_after_a_small_number_is_kept_whole(title: str) -> None:
    """The other side of the rule above: a title line that ends with a number ("học kỳ 1", "Kế hoạch
    số 15") is no table of contents when the next line does not end with a page number too."""
    text = (
        "TRƯỜNG THCS MỸ AN\nSố: 45/BC-THCSMA\nMỹ An, ngày 18 tháng 10 năm 2021\nBÁO CÁO\n"
        f"{title}\nI. ĐẶC ĐIỂM TÌNH HÌNH\nNhà trường có 520 học sinh.\n"
    )
    assert extract_header(text).title == " ".join(title.split("\n"))


def test_a_title_read_with_a_full_stop_is_the_kind() -> None:
    """OCR read a photographed title as "BÁO CÁO.": the paper had no kind, and the header's capitals ran
    on past it, so the school's name took in the title and the section headings below it."""
    text = (
        "PHÒNG GD&ĐT THỦ THỪA\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TRƯỜNG MG LONG THƯỢNG\tĐộc lập - Tự do - Hạnh phúc\n"
        "Thủ Thừa, ngày 23 tháng 10 năm 2025\n\nBÁO CÁO.\n"
        "Kết quả thực hiện Nghị quyết số 121/2020/QH14 năm 2025\n\n"
        "Kính gửi: Phòng Giáo dục và Đào tạo huyện Thủ Thừa.\n"
        "PHẦN I. CÔNG TÁC TRIỂN KHAI, QUÁN TRIỆT\n- Nhà trường xây dựng kế hoạch.\n"
    )
    header = extract_header(text)
    assert header.kind == "BÁO CÁO"
    assert header.title == "Kết quả thực hiện Nghị quyết số 121/2020/QH14 năm 2025"
    assert header.issuer == "TRƯỜNG MG LONG THƯỢNG"


def test_headings_under_a_title_ocr_lost_are_not_the_schools_name() -> None:
    """The school's seal stamped over the header hid its number and "BÁO CÁO" from OCR: every line in
    capitals down the page was read as the school's name ("TRƯỜNG TH MỸ AN I. CÔNG TÁC TRIỂN KHAI,
    QUÁN TRIỆT II. KẾT QUẢ TRIỂN KHAI ..."), and staff were told the header said that."""
    text = (
        "PHÒNG GD&ĐT THỦ THỪA\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TRƯỜNG TH MỸ AN\tĐộc lập - Tự do - Hạnh phúc\n"
        "Mỹ An, ngày 17 tháng 10 năm 2026\n\n"
        "Về việc thực hiện công tác phòng, chống xâm hại trẻ em\n"
        "Thực hiện Công văn số 717/PGDĐT ngày 27/9/2026 của Phòng Giáo dục và Đào tạo;\n"
        "I. CÔNG TÁC TRIỂN KHAI, QUÁN TRIỆT\n- Nhà trường xây dựng kế hoạch.\n"
        "II. KẾT QUẢ TRIỂN KHAI\n- Tổ chức 4 buổi tuyên truyền.\n"
    )
    header = extract_header(text)
    assert header.issuer == "TRƯỜNG TH MỸ AN"
    assert header.parent_body == "PHÒNG GD&ĐT THỦ THỪA"


_ONE_PAGE = """\
PHÒNG GD&ĐT THỦ THỪA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TRƯỜNG TIỂU HỌC MỸ AN Độc lập - Tự do - Hạnh phúc
Số: 21/BC-THMA Mỹ An, ngày 18 tháng 10 năm 2021

BÁO CÁO
Kết quả thực hiện Nghị quyết số 121/2020/QH14
I. CÔNG TÁC CHỈ ĐẠO
Nhà trường đã triển khai đến toàn thể cán bộ, giáo viên.
II. KẾT QUẢ THỰC HIỆN
Tổ chức 12 buổi tuyên truyền cho 450 lượt học sinh.
"""


@pytest.mark.parametrize(
    "tail",
    [
        "III. TỒN TẠI, HẠN CHẾ\nMột số phụ huynh chưa quan tâm.\nNGUYÊN NHÂN\n",
        "Đánh Giá Chung\n",
        "ĐÁNH GIÁ CHUNG\nNhà trường thực hiện tốt.\n",
        "Phương Hướng Nhiệm Vụ\n",
        "KHÓ KHĂN\n",
    ],
)
def test_a_heading_ending_a_one_page_photo_is_no_signer(tail: str) -> None:
    """The first page of a report photographed alone and read by OCR ended on a heading, and the heading
    ("NGUYÊN NHÂN", "Đánh Giá Chung", whose first word folds to a surname) or the nation line's "CHỦ NGHĨA
    VIỆT NAM" became the signer's name staff read. A signer's name holds no heading or report words."""
    assert header(_ONE_PAGE + tail).signer_name is None


@pytest.mark.parametrize(
    ("tail", "name"),
    [
        ("Trên đây là báo cáo.\nHIỆU TRƯỞNG\n\nLê Chí Đạo\n", "Lê Chí Đạo"),
        ("Trên đây là báo cáo.\nHIỆU TRƯỞNG\n\nTrần Thiện Nhân\n", "Trần Thiện Nhân"),
        ("Trên đây là báo cáo.\n\nLê Thảo Nguyên\n", "Lê Thảo Nguyên"),
        ("Trên đây là báo cáo.\nHIỆU TRƯỞNG\n\nNGUYỄN VĂN CHUNG\n", "Nguyễn Văn Chung"),
    ],
)
def test_names_sharing_a_word_with_a_heading_stay_the_signer(tail: str, name: str) -> None:
    assert header(_ONE_PAGE + tail).signer_name == name


@pytest.mark.parametrize(
    ("text", "issuer", "number"),
    [
        (
            "ĐẢNG BỘ XÃ MỸ AN\nĐẢNG ỦY XÃ\nSố 45-BC/ĐU\nĐẢNG CỘNG SẢN VIỆT NAM\n"
            "Mỹ An, ngày 20 tháng 10 năm 2026\n\nBÁO CÁO\nKết quả thực hiện Nghị quyết 121",
            "ĐẢNG ỦY XÃ",
            "45-BC/ĐU",
        ),
        (
            "HỘI LHPN XÃ MỸ AN\nSố: 12-BC/HPN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Mỹ An, ngày 19 tháng 10 năm 2026\n\nBÁO CÁO\nCông tác phòng, chống xâm hại trẻ em",
            "HỘI LHPN XÃ MỸ AN",
            "12-BC/HPN",
        ),
        (
            "UB MTTQ VIỆT NAM XÃ MỸ AN\nBAN THƯỜNG TRỰC\nSố 03 - BC/MT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Mỹ An, ngày 19 tháng 10 năm 2026\n\nBÁO CÁO\nKết quả giám sát",
            "BAN THƯỜNG TRỰC",
            "03-BC/MT",
        ),
    ],
)
def test_a_party_or_mass_organisations_number_is_the_number_line(text: str, issuer: str, number: str) -> None:
    """The Party's and mass organisations' numbers put the type first ("Số 45-BC/ĐU"): the line was not read
    as the number, so it and the nation line after it joined the issuer ("ĐẢNG ỦY XÃ SỐ: 45-BC/ĐU ĐẢNG
    CỘNG SẢN VIỆT NAM") and reasons named that as the issuing body."""
    header = extract_header(text)
    assert header.issuer == issuer
    assert header.number == number


@pytest.mark.parametrize(("line", "kind"), [("DANH SÁCH", "DANH SÁCH"), ("NGHỊ QUYẾT", "NGHỊ QUYẾT")])
def test_a_list_and_a_resolution_are_kinds_of_paper(line: str, kind: str) -> None:
    """A school's "DANH SÁCH" of teachers trained on NQ121 had no kind: its title line was read into the
    school's name ("TRƯỜNG TIỂU HỌC MỸ AN 2 DANH SÁCH") and the list counted as the school's report; a
    council's "NGHỊ QUYẾT" likewise had none."""
    text = (
        "UBND XÃ MỸ AN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTRƯỜNG TIỂU HỌC MỸ AN 2\tĐộc lập - Tự do - Hạnh phúc\n"
        f"Mỹ An, ngày 12 tháng 10 năm 2021\n\n{line}\n"
        "Cán bộ, giáo viên tham gia tập huấn phòng, chống xâm hại trẻ em\ntheo Nghị quyết số 121/2020/QH14\n\n"
        "1. Nguyễn Thị Lan - Giáo viên lớp 1A\n2. Trần Văn Hùng - Tổng phụ trách Đội\n"
    )
    header = extract_header(text)
    assert header.kind == kind
    assert header.issuer == "TRƯỜNG TIỂU HỌC MỸ AN 2"


@pytest.mark.parametrize("blank", ["....../BC-TH", "……/BC-TH", "___/BC-TH"])
def test_a_number_left_blank_with_dots_is_not_read_into_the_issuer(blank: str) -> None:
    """A template's number line keeps dots where the clerk writes the number by hand ("Số: ....../BC-TH"):
    it was taken for a line of the school's name, and the issuer read "TRƯỜNG TIỂU HỌC MỸ THẠNH A SỐ:
    ....../BC-TH" (or, with the name left out, "SỐ: ....../BC-TH")."""
    text = replace_line(COLUMNS, "TRƯỜNG THCS NHỊ THÀNH", "TRƯỜNG TIỂU HỌC MỸ THẠNH A")
    header = extract_header(replace_line(text, "Số: 31/BC-THCSNT", f"Số: {blank}"))
    assert header.issuer == "TRƯỜNG TIỂU HỌC MỸ THẠNH A"
    assert header.number is None
    assert header.kind == "BÁO CÁO"
    unnamed = replace_line(COLUMNS, "TRƯỜNG THCS NHỊ THÀNH\n", "")
    assert extract_header(replace_line(unnamed, "Số: 31/BC-THCSNT", f"Số: {blank}")).issuer is None


@pytest.mark.parametrize(
    "running",
    [
        "Trường Tiểu học Long Thạnh - Báo cáo NQ121 năm học 2026-2027",
        "TRƯỜNG TH LONG THẠNH – KẾ HOẠCH PHÒNG CHỐNG XÂM HẠI TRẺ EM",
    ],
)
def test_a_pages_running_title_is_not_read_into_the_issuer(running: str) -> None:
    """A PDF printed with a running title above every page's text ("Trường Tiểu học Long Thạnh - Báo cáo
    NQ121 năm học 2026-2027"): the title was taken for the first line of the left column, the issuer read
    "TRƯỜNG TIỂU HỌC LONG THẠNH - BÁO CÁO NQ121 … UBND XÃ LONG THẠNH TRƯỜNG TIỂU HỌC LONG THẠNH" and the
    parent body was lost."""
    text = (
        f"{running}\n"
        "UBND XÃ LONG THẠNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TRƯỜNG TIỂU HỌC LONG THẠNH Độc lập - Tự do - Hạnh phúc\n"
        "Số: 19/BC-THLT Long Thạnh, ngày 20 tháng 10 năm 2026\n"
        "BÁO CÁO\nKết quả triển khai thực hiện Nghị quyết 121/2020/QH14\n"
    )
    header = extract_header(text)
    assert header.parent_body == "UBND XÃ LONG THẠNH"
    assert header.issuer == "TRƯỜNG TIỂU HỌC LONG THẠNH"
    assert header.number == "19/BC-THLT"


def test_a_full_stop_ocr_read_after_the_number_is_not_part_of_it() -> None:
    """OCR read a speck after a scanned number as a full stop («Số: 36/BC-THCSNT.»), and staff saw a
    number the school never wrote; no number's symbol ends with one."""
    header = extract_header(replace_line(COLUMNS, "Số: 31/BC-THCSNT", "Số: 31/BC-THCSNT."))
    assert header.number == "31/BC-THCSNT"
    assert header.kind == "BÁO CÁO"


def test_a_number_ends_at_the_column_gap_before_the_date() -> None:
    """A fax read a speck after the number as a dash, and the number ran on across the column gap into
    the date line's place: «60/BC-MGLT-Thủ»."""
    header = extract_header(
        "PHÒNG GD&ĐT THỦ THỪA\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TRƯỜNG THCS NHỊ THÀNH\tĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 31/BC-THCSNT-\tNhị Thành, ngày 5 tháng 9 năm 2021\n"
        "BÁO CÁO\nCông tác phòng, chống xâm hại trẻ em năm học 2021-2022\n"
    )
    assert header.number == "31/BC-THCSNT"
    assert header.date == dt.date(2021, 9, 5)


def test_a_number_cut_after_its_type_is_not_read() -> None:
    """A phone photo taken at an angle: OCR read «Số: 60/BC-» and the rest of the number on another line;
    «60/BC» is a number the school never wrote, so no number is read."""
    header = extract_header(
        "PHÒNG GD&ĐT THỦ THỪA\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TRƯỜNG THCS NHỊ THÀNH\tĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 31/BC-\tTang gan\n"
        "3ố: 31/BC-THCSNT:\tNhị Thành, ngày 5 tháng 9 năm 2021\n"
        "BÁO CÁO\nCông tác phòng, chống xâm hại trẻ em năm học 2021-2022\n"
    )
    assert header.number is None
    assert header.issuer == "TRƯỜNG THCS NHỊ THÀNH"
    assert header.date == dt.date(2021, 9, 5)


@pytest.mark.parametrize(
    ("read", "role"),
    [
        ("HIẾU TRƯỞNG", "HIỆU TRƯỞNG"),
        ("HIỆU TRƯỚNG", "HIỆU TRƯỞNG"),
        ("KT. HIỆU TRƯỜNG\nPHÓ HIÊU TRƯỞNG", "KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG"),
        ("Q. HIỆU TRUỞNG", "Q. HIỆU TRƯỞNG"),
        ("TM. BAN GIÁM HIẸU\nHIỆU TRƯỞNG", "TM. BAN GIÁM HIỆU / HIỆU TRƯỞNG"),
        ("HIỆU TRƯỞNG TRƯỜNG MG LONG THƯỢNG", "HIỆU TRƯỞNG TRƯỜNG MG LONG THƯỢNG"),
    ],
)
def test_a_role_misread_by_a_tone_mark_or_a_letter_is_read_as_it_is_spelt(read: str, role: str) -> None:
    """OCR of a role under a seal loses or changes a tone mark («HIẾU TRƯỞNG»): staff saw a role no
    school writes. A longer role is not cut to a known one."""
    text = f"Nơi nhận:\n- Như trên;\n- Lưu: VT.\n{read}\n\nNguyễn Văn An"
    assert header(text).signer_role == role


@pytest.mark.parametrize(
    "line",
    [
        "Thủ Thừa, ngày ..2Ó... tháng ...L0... năm 20.25..",
        "Thủ Thừa, ngày __20__ tháng __10__ năm 2025",
        "Thủ Thừa, ngày …20… tháng …10… năm 20…25…",
    ],
)
def test_a_date_written_into_the_templates_blanks_is_read(line: str) -> None:
    """A date line printed with blanks for the date and filled in by hand: OCR reads the figures among
    the blank's dots (a written 1 as «L», a 0 as «Ó»), and the report had no date."""
    text = f"PHÒNG GD&ĐT THỦ THỪA\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 60/BC-MGLT\t{line}\n\nBÁO CÁO\nKết quả"
    found = header(text)
    assert (found.place, found.date) == ("Thủ Thừa", dt.date(2025, 10, 20))


def test_a_date_line_left_blank_gives_no_date() -> None:
    found = header("Số: 60/BC-MGLT\tThủ Thừa, ngày ...... tháng ...... năm 20....\n\nBÁO CÁO\nKết quả")
    assert found.date is None


@pytest.mark.parametrize(
    "head",
    [
        "TRƯỜNG MG LONG THƯỢNG\tThị trấn Thủ Thừa,\nSố: 60/BC-MGLT\tngày 23 tháng 10 năm 2025",
        "TRƯỜNG MG LONG THƯỢNG\nSố: 60/BC-MGLT\n\nThị trấn Thủ Thừa,\nngày 23 tháng 10 năm 2025",
    ],
)
def test_a_date_line_wrapped_before_its_day_keeps_its_place(head: str) -> None:
    """A narrow right column wrapped the date line after the place's comma: the date was read, the place
    not."""
    found = header(f"PHÒNG GD&ĐT THỦ THỪA\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n{head}\n\nBÁO CÁO\nKết quả")
    assert (found.place, found.date, found.issuer) == (
        "Thị trấn Thủ Thừa",
        dt.date(2025, 10, 23),
        "TRƯỜNG MG LONG THƯỢNG",
    )


@pytest.mark.parametrize("read", ["-_ Dương Hoàng Tuấn", "x Dương Hoàng Tuấn"])
def test_specks_read_before_a_scanned_name_leave_the_name(read: str) -> None:
    """The ends of a signature's strokes or a seal's ring beside the printed name were read before it
    («-_ Dương Hoàng Tuấn»), and a scanned report had no signer."""
    text = f"Nơi nhận:\tHIỆU TRƯỞNG\n- Như trên;\n- Lưu: VT.\n\n{read}"
    assert header(text).signer_name == "Dương Hoàng Tuấn"


@pytest.mark.parametrize(
    "read", ["Nơi nhận:\t⁄⁄+*_HIỆU`YRƯỞNG", "Nơi nhận:\tHHEU TRƯƠNG", "+ HIỆUXRUƯỞNG", "PHÓ HIEU TRUỜNG"]
)
def test_a_role_misread_with_a_seals_specks_is_read_as_it_is_spelt(read: str) -> None:
    """A role under a seal scanned in grey came out with the seal's specks in it and a letter wrong
    («⁄⁄+*_HIỆU`YRƯỞNG»): it was not taken for a role, and the report lost its signer's role. Capitals
    a little like a short role are not one."""
    text = f"{read}\n- Phòng GD&ĐT Thủ Thừa (b/c);\n- Lưu: VT.\n\nDương Hoàng Tuấn"
    want = "PHÓ HIỆU TRƯỞNG" if read.startswith("PHÓ") else "HIỆU TRƯỞNG"
    assert header(text).signer_role == want
    assert header(text).signer_name == "Dương Hoàng Tuấn"


@pytest.mark.parametrize("mark", [";", "."])
def test_a_date_line_whose_comma_was_read_as_another_mark_is_still_the_date(mark: str) -> None:
    """A report photographed off a screen: OCR read the comma after the date line's place as a semicolon
    («Mỹ An; ngày 23 tháng 10 năm 2021»), and the report had no date and no place."""
    text = (
        "PHÒNG GD&ĐT THỦ THỪA\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TRƯỜNG TH MỸ AN\tĐộc lập - Tự do - Hạnh phúc\n"
        f"Số: 60/BC-THMA\tMỹ An{mark} ngày 23 tháng 10 năm 2021\n\n"
        "BÁO CÁO\nKết quả thực hiện Nghị quyết 121/2020/QH14\n"
    )
    found = extract_header(text)
    assert (found.date, found.place, found.number) == (dt.date(2021, 10, 23), "Mỹ An", "60/BC-THMA")


def test_a_sentence_ending_before_a_date_in_the_header_is_no_date_line() -> None:
    """Only a place ends with the misread comma: a sentence's full stop before «ngày» starts no date."""
    text = (
        "PHÒNG GD&ĐT THỦ THỪA\nTRƯỜNG TH MỸ AN\nSố: 60/BC-THMA\n"
        "Gửi kèm kế hoạch của Phòng Giáo dục huyện. ngày 5 tháng 9 năm 2021\n\nBÁO CÁO\nKết quả\n"
    )
    assert extract_header(text).date is None


def test_capitals_near_a_short_role_are_no_role() -> None:
    text = "CHÚ THÍCH\n- Phòng GD&ĐT Thủ Thừa (b/c);\n- Lưu: VT.\n\nDương Hoàng Tuấn"
    assert header(text).signer_role is None


@pytest.mark.parametrize(
    "lines",
    [
        "Số: 60/BC-MGMA\tXã Mỹ An, huyện Chợ Mới, tỉnh An Giang, ngày\n23 tháng 10 năm 2025",
        "Số: 60/BC-MGMA\tXã Mỹ An, huyện Chợ Mới, tỉnh An Giang, ngày 23 tháng 10 năm 2025",
        "Số: 60/BC-MGMA\tXã Mỹ An, huyện Chợ Mới, tỉnh An Giang,\nngày 23 tháng 10 năm 2025",
    ],
)
def test_a_date_line_with_a_long_place_keeps_its_date_and_place(lines: str) -> None:
    """A place written with its district and province («Xã Mỹ An, huyện Chợ Mới, tỉnh An Giang») is
    more words than a place was read with: the place was lost, and with the day wrapped onto the next
    line the date as well. The district and province are kept apart: they tell a namesake elsewhere."""
    text = (
        "PHÒNG GD&ĐT CHỢ MỚI\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TRƯỜNG MG MỸ AN\tĐộc lập - Tự do - Hạnh phúc\n"
        f"{lines}\nBÁO CÁO\nKết quả thực hiện Nghị quyết 121\n\nI. Công tác chỉ đạo"
    )
    found = header(text)
    assert found.date == dt.date(2025, 10, 23)
    assert found.place == "Xã Mỹ An" and found.region == "huyện Chợ Mới, tỉnh An Giang"
    assert found.number == "60/BC-MGMA"
    assert found.issuer == "TRƯỜNG MG MỸ AN"


def test_a_school_name_wrapped_over_three_lines_beside_the_date_line_is_whole() -> None:
    """A long school name wrapped over three lines of the left column, its last line beside the date
    line: that line was taken for the date line's and left out of the issuer."""
    text = (
        "PHÒNG GD&ĐT THỦ THỪA\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TRƯỜNG MẪU GIÁO LONG\tĐộc lập - Tự do - Hạnh phúc\n"
        "THƯỢNG THUỘC ỦY BAN NHÂN\n"
        "DÂN XÃ LONG THƯỢNG HUYỆN\tThủ Thừa, ngày 23 tháng 10 năm 2025\n"
        "THỦ THỪA TỈNH LONG AN\n"
        "Số: 60/BC-MGLT\n\nBÁO CÁO\nKết quả thực hiện Nghị quyết 121\n\nI. Công tác chỉ đạo"
    )
    found = header(text)
    assert (
        found.issuer
        == "TRƯỜNG MẪU GIÁO LONG THƯỢNG THUỘC ỦY BAN NHÂN DÂN XÃ LONG THƯỢNG HUYỆN THỦ THỪA TỈNH LONG AN"
    )
    assert found.place == "Thủ Thừa"
    assert found.date == dt.date(2025, 10, 23)


@pytest.mark.parametrize(
    ("level", "place"),
    [("TRƯỜNG TIỂU HỌC", "MỸ THẠNH B"), ("TRƯỜNG MẦM NON", "THỊ TRẤN THỦ THỪA"), ("TRƯỜNG THCS", "MỸ AN")],
)
def test_a_school_name_whose_place_is_beside_the_date_line_is_whole(level: str, place: str) -> None:
    """«TRƯỜNG TIỂU HỌC» / «MỸ THẠNH B», the place beside the date line with no number line under it: the
    place was left out as specks beside the date line, the header named no school, and a scan of Mỹ
    Thạnh B's report sent from Mỹ Thạnh A's address was credited to A on the address alone."""
    text = (
        f"PHÒNG GD&ĐT THỦ THỪA\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n{level}\tĐộc lập - Tự do - Hạnh phúc\n"
        f"{place}\tMỹ Thạnh, ngày 11 tháng 10 năm 2026\n\nBÁO CÁO\nKết quả thực hiện Nghị quyết 121\n"
    )
    found = header(text)
    assert found.issuer == f"{level} {place}"
    assert found.place == "Mỹ Thạnh" and found.date == dt.date(2026, 10, 11)
    specks = text.replace(level, "TRƯỜNG MG LONG THƯỢNG").replace(place, "NỘCHỤI ĐÁP NHỂ DỊ")
    assert header(specks).issuer == "TRƯỜNG MG LONG THƯỢNG"


@pytest.mark.parametrize("rule", ["", "――――――――――\n", "______________\n", "─────────\n"])
def test_a_school_name_wrapped_beside_the_date_line_above_its_number_is_whole(rule: str) -> None:
    """«TRƯỜNG TIỂU HỌC SỐ 2 THỊ» / «TRẤN SÍN CHẢI» beside the date line, the paper's number under it (a
    rule between or not): the name's last line was left out as specks beside the date line, and the
    report from a teacher's gmail waited for staff though its header named one school."""
    text = (
        "PHÒNG GD&ĐT HUYỆN SÍN CHẢI\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TRƯỜNG TIỂU HỌC SỐ 2 THỊ\tĐộc lập - Tự do - Hạnh phúc\n"
        f"TRẤN SÍN CHẢI\tThị trấn Sín Chải, ngày 24 tháng 10 năm 2024\n{rule}"
        "Số: 54/BC-TH2\n\nBÁO CÁO\nKết quả thực hiện Nghị quyết 121\n"
    )
    found = header(text)
    assert found.issuer == "TRƯỜNG TIỂU HỌC SỐ 2 THỊ TRẤN SÍN CHẢI"
    assert found.place == "Thị trấn Sín Chải" and found.date == dt.date(2024, 10, 24)
    assert found.number == "54/BC-TH2"


@pytest.mark.parametrize("rule", ["――――――――――", "─────────", "━━━━━━━"])
def test_a_rule_drawn_with_bars_is_not_read_into_a_schools_name(rule: str) -> None:
    """A rule under the school's name typed with bars, read on the name's line: the issuer came out
    «TRƯỜNG TIỂU HỌC SỐ 2 BẢN LẦU ――――――――――»."""
    text = (
        "PHÒNG GD&ĐT HUYỆN SÍN CHẢI\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        f"TRƯỜNG TIỂU HỌC SỐ 2 BẢN LẦU {rule}\tĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 31/BC-TH2\tBản Lầu, ngày 26 tháng 10 năm 2024\n\nBÁO CÁO\nKết quả thực hiện Nghị quyết 121\n"
    )
    assert header(text).issuer == "TRƯỜNG TIỂU HỌC SỐ 2 BẢN LẦU"


@pytest.mark.parametrize(
    "read", ["Số: 051BC-MN", "Số: 05IBC-MN", "Số: 05lBC-MN", "Số: 05|BC-MN", "Số:05 1BC-MN"]
)
def test_a_number_whose_slash_was_read_as_a_one_is_read(read: str) -> None:
    """A scanned «Số: 05/BC-MN» read with its slash as «1» («Số: 051BC-MN»): the report had no number,
    and the number line was read into the school's name («TRƯỜNG MN LONG THƯỢNG SỐ: 051BC-MN»)."""
    text = (
        "PHÒNG GD&ĐT THỦ THỪA\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TRƯỜNG MN LONG THƯỢNG\tĐộc lập - Tự do - Hạnh phúc\n"
        f"{read}\tThủ Thừa, ngày 23 tháng 10 năm 2025\nBÁO CÁO\nKết quả thực hiện\n\nI. Nội dung"
    )
    found = header(text)
    assert found.number == "05/BC-MN"
    assert found.issuer == "TRƯỜNG MN LONG THƯỢNG"
    assert found.date == dt.date(2025, 10, 23)


@pytest.mark.parametrize(
    ("kind", "summary", "title"),
    [
        (
            "KẾ HOẠCH",
            "Thực hiện Nghị quyết số 121/2020/QH14 về phòng, chống\nxâm hại trẻ em năm học 2021-2022",
            "Thực hiện Nghị quyết số 121/2020/QH14 về phòng, chống xâm hại trẻ em năm học 2021-2022",
        ),
        (
            "BÁO CÁO",
            "Thực hiện Tháng hành động vì trẻ em năm 2021",
            "Thực hiện Tháng hành động vì trẻ em năm 2021",
        ),
        ("BÁO CÁO", "Thực hiện Kế hoạch số 45/KH-PGDĐT của Phòng GD&ĐT Thủ Thừa;", None),
        ("BÁO CÁO", "Thực hiện công văn của Phòng, nhà trường báo cáo như sau:", None),
    ],
)
def test_a_summary_opening_with_thuc_hien_is_the_title(kind: str, summary: str, title: str | None) -> None:
    """A plan titled «KẾ HOẠCH / Thực hiện Nghị quyết số 121/2020/QH14 …» or a report titled «BÁO CÁO /
    Thực hiện Tháng hành động vì trẻ em năm 2021» lost its trích yếu: a line opening with "Thực hiện" was
    taken for the basis that starts the body, so staff read only «KẾ HOẠCH», and a report on another
    subject, without the title that said so, counted as the report its text named. Right under the kind, a
    line opening so is the trích yếu unless it ends as a basis sentence does ("…;", "… như sau:")."""
    text = (
        "PHÒNG GD&ĐT THỦ THỪA\nTRƯỜNG TIỂU HỌC MỸ AN\nSố: 31/BC-THMA\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        f"Độc lập - Tự do - Hạnh phúc\nMỹ An, ngày 15 tháng 10 năm 2021\n\n{kind}\n{summary}\n\n"
        "I. KẾT QUẢ THỰC HIỆN\nTổ chức 6 buổi tuyên truyền.\n"
    )
    header = extract_header(text)
    assert header.kind == kind and header.title == title


@pytest.mark.parametrize(
    "line",
    [
        "Nhị Thành, ngày 5 tháng 9 năm 12021",
        "Nhị Thành, ngày 05/09/12021",
        "Nhị Thành, ngày ..5.. tháng ..9.. năm 12021",
    ],
)
def test_a_year_of_five_figures_is_no_date(line: str) -> None:
    """Regression: OCR read a date line «năm 12026» and the header took its first four figures, 1202, for
    its year: the report was filed in season 1202."""
    assert header(replace_line(COLUMNS, "Nhị Thành, ngày 5 tháng 9 năm 2021", line)).date is None


def test_the_rule_under_the_parent_body_read_as_letters_is_no_part_of_it() -> None:
    """A phone photo of a signed report read the rule under «UBND XÃ XUÂN PHONG» as a line «R E _»: the
    letters joined the parent body, «UBND XÃ XUÂN PHONG R E» named a commune of no school, and the school's
    own report waited for staff as maybe a namesake's elsewhere."""
    text = (
        "UBND XÃ XUÂN PHONG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nR E _\n"
        "TRƯỜNG TIỂU HỌC KIM ĐỒNG\tĐộc lập - Tự do - Hạnh phúc\n\n"
        "Số: 16/BC-THKD\tXuân Phong, ngày 20 tháng 11 năm 2026\n\nBÁO CÁO\nKết quả thực hiện Nghị quyết 121\n"
    )
    header = extract_header(text)
    assert header.parent_body == "UBND XÃ XUÂN PHONG"
    assert header.issuer == "TRƯỜNG TIỂU HỌC KIM ĐỒNG"


def test_a_letter_on_a_line_of_its_own_under_a_schools_name_is_still_its_name() -> None:
    """The narrow left column wraps «TRƯỜNG TIỂU HỌC MỸ THẠNH» / «A»: a single letter under a school's
    name is the end of it, not the specks of a rule."""
    text = (
        "PHÒNG GD&ĐT THỦ THỪA\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTRƯỜNG TIỂU HỌC MỸ THẠNH\tĐộc lập - Tự do - "
        "Hạnh phúc\nA\nSố: 45/BC-TH\tMỹ Thạnh, ngày 20 tháng 10 năm 2021\n\nBÁO CÁO\nKết quả\n"
    )
    assert extract_header(text).issuer == "TRƯỜNG TIỂU HỌC MỸ THẠNH A"


@pytest.mark.parametrize(
    ("line", "issuer"),
    [
        ("'TRƯỜNG TIỂU HỌC LÊ LỢI", "TRƯỜNG TIỂU HỌC LÊ LỢI"),
        ("‘TRƯỜNG THCS AN PHÚ’", "TRƯỜNG THCS AN PHÚ"),
        ("“TRƯỜNG MẦM NON HOA SEN”", "TRƯỜNG MẦM NON HOA SEN"),
    ],
)
def test_specks_ocr_read_as_marks_around_the_schools_name_are_left_out(line: str, issuer: str) -> None:
    """A scan's speck before the school's name read as an apostrophe: staff read «'TRƯỜNG TIỂU HỌC LÊ LỢI»
    quoted as the paper's header. No body's name starts with a mark, nor ends with a quote."""
    text = (
        f"UBND XÃ XUÂN PHONG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n{line}\tĐộc lập - Tự do - Hạnh phúc\n\n"
        "Số: 16/BC-THLL\tXuân Phong, ngày 20 tháng 11 năm 2026\n\nBÁO CÁO\nKết quả thực hiện Nghị quyết 121\n"
    )
    assert extract_header(text).issuer == issuer
