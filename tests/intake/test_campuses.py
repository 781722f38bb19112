"""Which site or campus of a school a paper says it reports for."""

from __future__ import annotations

import pytest

from intake.campuses import campus_of, of_a_site
from parsers.document import Document, Header


def _paper(issuer: str, title: str | None, text: str = "") -> Document:
    return Document("bc.docx", "docx", text, header=Header(issuer=issuer, kind="BÁO CÁO", title=title))


@pytest.mark.parametrize(
    ("issuer", "title", "site", "campus"),
    [
        ("TRƯỜNG MẦM NON HOA SEN - CƠ SỞ 2", "Kết quả thực hiện NQ121 (Cơ sở 2)", True, "CƠ SỞ 2"),
        ("TRƯỜNG MN HOA SEN CS2", "Kết quả thực hiện NQ121", True, "CS2"),
        ("TRƯỜNG MẦM NON HOA SEN", "Kết quả thực hiện NQ121 năm 2024 (Cơ sở 1)", False, "Cơ sở 1"),
        ("TRƯỜNG TIỂU HỌC MỸ AN ĐIỂM TRƯỜNG MỸ PHÚ", "Kết quả thực hiện NQ121", True, "ĐIỂM TRƯỜNG MỸ PHÚ"),
        (
            "TRƯỜNG TIỂU HỌC LONG HÒA A",
            "Kết quả NQ121 của Điểm trường Long Hòa A2",
            True,
            "Điểm trường Long Hòa A2",
        ),
        (
            "TRƯỜNG TIỂU HỌC LONG HÒA A",
            "Kết quả NQ121 ĐIỂM TRƯỜNG ẤP RẠCH SUNG",
            True,
            "ĐIỂM TRƯỜNG ẤP RẠCH SUNG",
        ),
        ("TRƯỜNG TRUNG HỌC CƠ SỞ NGUYỄN DU", "Kết quả thực hiện NQ121", False, ""),
        ("TRƯỜNG TIỂU HỌC MỸ AN", "Kết quả thực hiện NQ121 năm học 2024-2025", False, ""),
    ],
)
def test_a_papers_campus_is_read_from_its_issuer_or_its_title(
    issuer: str, title: str, site: bool, campus: str
) -> None:
    """«TRƯỜNG MẦM NON HOA SEN - CƠ SỞ 2» was taken for the whole school, and its figures for the school's;
    so was a site named in the title only («… của Điểm trường Long Hòa A2»); «Trung học cơ sở» is a level,
    no campus."""
    paper = _paper(issuer, title)
    assert (of_a_site(paper), campus_of(paper)) == (site, campus)


def test_a_campus_is_read_from_the_first_lines_when_no_title_was() -> None:
    """A title too long for the header leaves it without one: its bracket in the paper's first lines says
    the campus, a campus named in passing further down does not."""
    text = "TRƯỜNG MẦM NON HOA SEN\nBÁO CÁO\nKết quả thực hiện Nghị quyết 121/2020/QH14 năm 2024 (Cơ sở 1)\n"
    assert campus_of(_paper("TRƯỜNG MẦM NON HOA SEN", None, text)) == "Cơ sở 1"
    prose = "TRƯỜNG MẦM NON HOA SEN\nBÁO CÁO\nNhà trường có cơ sở 1 và cơ sở 2, tổ chức tuyên truyền.\n"
    assert campus_of(_paper("TRƯỜNG MẦM NON HOA SEN", None, prose)) == ""
