"""Report or noise, which report and which year: as district staff would decide on reading the mail."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re
from collections import Counter
from collections.abc import Sequence
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from intake import classify as classify_mod
from intake import message as message_mod
from intake.classify import Classification, automatic_reason, classify, disowns_earlier, is_internal
from intake.message import Mail
from intake.papers import read_mail
from kernel import config as config_mod
from kernel import mailids
from kernel.config import Config, ReportConfig
from kernel.seasons import season_of
from parsers.document import Document, Failure, FailureCode, Header, Page, SectionResult, SectionSpec
from parsers.facts import extract_header
from parsers.read import read_attachment, read_body
from samples.documents import render_docx, render_text
from samples.papers import make_paper, make_plan
from tests.intake.mails import (
    RECEIVED,
    bounce,
    bounce_message,
    envelope,
    forward_body,
    message,
    other_paper,
    report,
)

ROOT = Path(__file__).resolve().parents[2]
SCHOOL = "c1myan.thuthua@example.edu.vn"


@pytest.fixture(scope="module")
def shipped() -> Config:
    return config_mod.load(ROOT / "config.toml")


def _classify(
    shipped: Config,
    mail: Mail,
    documents: list[Document],
    at: dt.datetime = RECEIVED,
    failures: tuple[Failure, ...] = (),
) -> Classification:
    return classify(mail, documents, failures, shipped, at)


def test_a_report_document_is_the_report_of_its_stated_year(shipped: Config) -> None:
    verdict = _classify(
        shipped,
        message(SCHOOL, "Gửi báo cáo", files=["bc.docx"]),
        [report("Trường Tiểu học Mỹ An", "bc.docx")],
    )
    assert verdict.is_report and verdict.report_id == "nq121" and verdict.year == 2021
    assert "bc.docx" in verdict.reason


def test_a_2021_report_arriving_in_january_2022_is_2021s(shipped: Config) -> None:
    january = dt.datetime(2022, 1, 10, 3, tzinfo=dt.UTC)
    document = report("Trường Tiểu học Mỹ An", "bc.docx", date=dt.date(2021, 12, 28))
    verdict = _classify(
        shipped, message(SCHOOL, "BC NQ121", files=["bc.docx"], received_at=january), [document], january
    )
    assert verdict.year == 2021


@pytest.mark.parametrize(
    ("dated", "season"),
    [(dt.date(2021, 10, 18), 2021), (dt.date(2020, 10, 19), 2020), (None, 2020)],
)
def test_last_years_title_on_a_report_dated_this_season_is_a_leftover_of_the_template(
    shipped: Config, dated: dt.date | None, season: int
) -> None:
    """A school that makes this year's report from last year's file often leaves the title's year:
    "… năm 2020" over the date line "ngày 18 tháng 10 năm 2021", mailed on 20/10/2021. The title's year
    decided, and the report was filed under the 2020 season, late, while 2021 still showed the school
    as missing. A report dated in the running season is that season's; one dated last year, or not
    dated, is still last year's file."""
    document = report("Trường Tiểu học Mỹ An", "bc.docx")
    title = "Kết quả thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em năm 2020"
    document = dataclasses.replace(
        document, header=dataclasses.replace(document.header, title=title, date=dated)
    )
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", files=["bc.docx"]), [document])
    assert verdict.is_report and verdict.year == season


def test_last_years_date_line_under_this_years_title_is_a_leftover_of_the_template(shipped: Config) -> None:
    """The converse: a school wrote this year's title («… năm 2021») on last year's file and left its date
    line («ngày 20 tháng 10 năm 2020»), mailed on 20/10/2021 with the subject «BC NQ121 năm 2021». The date
    line decided, and the report was filed under the 2020 season, late, while 2021 showed the school as
    missing. A title stating the running season keeps it there."""
    document = _titled(report("Trường Tiểu học Mỹ An", "bc.docx", date=dt.date(2020, 10, 20)), 2021)
    verdict = _classify(shipped, message(SCHOOL, "BC NQ121 năm 2021", files=["bc.docx"]), [document])
    assert verdict.is_report and verdict.year == 2021


def test_last_years_title_over_a_date_line_wrapped_before_its_year_is_a_leftover_too(shipped: Config) -> None:
    """A narrow header printed to PDF wraps the date line before its year ("Mỹ An, ngày 18 tháng 10 năm" /
    "2021"). The report had no date, so the title's "năm 2020" left from last year's file filed it under
    the 2020 season and Mỹ An stayed missing for 2021; read whole, the date line keeps it in 2021."""
    head = (
        "UBND HUYỆN THỦ THỪA CỘNG HÒA XÃ HỘI CHỦ NGHĨA\nTRƯỜNG TIỂU HỌC MỸ AN VIỆT NAM\n"
        "Số: 12/BC-THMA Độc lập - Tự do - Hạnh phúc\nMỹ An, ngày 18 tháng 10 năm\n2021\n\nBÁO CÁO\n"
        "Kết quả thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em năm 2020\n\n"
    )
    paper = make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(5))
    body = render_text(paper).split("\n\n", 2)[2]  # below its own header and title
    (document,) = read_attachment("bc.txt", (head + body).encode()).documents
    assert document.header.date == dt.date(2021, 10, 18)
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", files=["bc.txt"]), [document])
    assert verdict.is_report and verdict.year == 2021


@pytest.mark.parametrize(
    ("parent", "issuer", "is_report"),
    [
        ("UBND TỈNH TÂY NINH", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", False),
        ("ỦY BAN NHÂN DÂN", "XÃ MỸ AN", False),
        ("UBND XÃ MỸ AN", "PHÒNG VĂN HÓA - XÃ HỘI", False),
        ("UBND XÃ MỸ AN", "TRƯỜNG TIỂU HỌC MỸ AN", True),
        # A school that kept the district office's header of the template still wrote its own report.
        ("UBND HUYỆN THỦ THỪA", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", True),
        ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "HUYỆN THỦ THỪA", True),  # the office's name on two lines
        (
            "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
            "HUYỆN THỦ THỪA MG BÌNH THẠNH",
            True,
        ),  # and the school's, "TRƯỜNG" left out
    ],
)
def test_an_administrative_bodys_own_report_on_the_topic_is_no_schools_report(
    shipped: Config, parent: str, issuer: str, is_report: bool
) -> None:
    """The Department sends the office its own NQ121 report for information, and a commune's People's
    Committee its report listing what each school of the commune did. Both were taken for a school's
    report of unknown origin and waited in review, the commune's with the schools its text names as
    candidates: those schools were then not reminded while they had sent nothing."""
    document = report("Trường Tiểu học Mỹ An", "bc.pdf")
    header = dataclasses.replace(document.header, parent_body=parent, issuer=issuer)
    document = dataclasses.replace(document, header=header)
    mail = message(
        "vanthu@sgddt.tayninh.gov.vn", "Báo cáo kết quả thực hiện Nghị quyết 121/2020/QH14", files=["bc.pdf"]
    )
    verdict = _classify(shipped, mail, [document])
    assert verdict.is_report is is_report
    if not is_report:
        assert issuer in verdict.reason and "không phải báo cáo của trường" in verdict.reason


@pytest.mark.parametrize(
    ("parent", "issuer"),
    [
        ("UBND XÃ MỸ AN", "HỘI LIÊN HIỆP PHỤ NỮ XÃ"),
        ("CÔNG AN TỈNH TÂY NINH", "CÔNG AN XÃ MỸ AN"),
        ("UBND XÃ MỸ AN", "TRẠM Y TẾ XÃ"),
        ("ĐẢNG BỘ XÃ THỦ THỪA", "ĐẢNG ỦY XÃ"),
        ("ĐOÀN TNCS HỒ CHÍ MINH", "BCH ĐOÀN XÃ MỸ AN"),
        ("UBND XÃ MỸ AN", "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM XÃ MỸ AN"),
    ],
)
def test_a_commune_bodys_own_report_on_the_plan_is_no_schools_report(
    shipped: Config, parent: str, issuer: str
) -> None:
    """Since 2025 a commune collects the NQ121 reports of its other bodies as well as its schools': the
    Women's Union, the police, the health station, the Party committee sent theirs to its mailbox, and each
    waited in review as a report «không khớp trường nào» (or on the topic), for staff to clear by hand all
    season. Their headers name the body: it is its own paper, no school's report."""
    document = report("Trường Tiểu học Mỹ An", "bc.docx")
    header = dataclasses.replace(document.header, parent_body=parent, issuer=issuer)
    document = dataclasses.replace(document, header=header)
    mail = message("hoiphunu.myan@gmail.com", "Báo cáo kết quả thực hiện NQ121 năm 2021", files=["bc.docx"])
    verdict = _classify(shipped, mail, [document])
    assert not verdict.is_report
    assert f"văn bản của {issuer}, không phải báo cáo của trường" in verdict.reason


@pytest.mark.parametrize(
    ("parent", "issuer", "body"),
    [
        ("UB MTTQ VIỆT NAM XÃ MỸ AN", "BAN THƯỜNG TRỰC", "BAN THƯỜNG TRỰC UB MTTQ VIỆT NAM XÃ MỸ AN"),
        ("HỘI LHPN XÃ MỸ AN", "BAN CHẤP HÀNH", "BAN CHẤP HÀNH HỘI LHPN XÃ MỸ AN"),
        ("ỦY BAN MTTQ VIỆT NAM XÃ MỸ AN", "BAN THƯỜNG TRỰC", "BAN THƯỜNG TRỰC ỦY BAN MTTQ VIỆT NAM XÃ MỸ AN"),
        ("UBND XÃ MỸ AN", "BAN CHỈ ĐẠO CÔNG TÁC TRẺ EM", "BAN CHỈ ĐẠO CÔNG TÁC TRẺ EM"),
    ],
)
def test_a_commune_bodys_paper_issued_by_its_organ_is_no_schools_report(
    shipped: Config, parent: str, issuer: str, body: str
) -> None:
    """The Fatherland Front and the Women's Union head their papers with the body on the first line and
    its organ under it ("UB MTTQ VIỆT NAM XÃ MỸ AN" / "BAN THƯỜNG TRỰC"). The organ's name is no body the
    rule knew, so their NQ121 reports waited in review with the schools their text named as partners as
    candidates, and those schools' reminders were held though they had sent nothing."""
    document = report("Trường Tiểu học Mỹ An", "bc.docx")
    header = dataclasses.replace(document.header, parent_body=parent, issuer=issuer)
    document = dataclasses.replace(document, header=header)
    mail = message("mttq.myan@tayninh.gov.vn", "Báo cáo kết quả giám sát thực hiện NQ121", files=["bc.docx"])
    verdict = _classify(shipped, mail, [document])
    assert not verdict.is_report and not verdict.needs_staff
    assert f"văn bản của {body}, không phải báo cáo của trường" in verdict.reason


def test_a_schools_steering_committee_still_issues_the_schools_report(shipped: Config) -> None:
    """The other side of the rule above: a school's own steering committee under the school's name is the
    school ("TRƯỜNG TIỂU HỌC MỸ AN" / "BAN CHỈ ĐẠO PHÒNG, CHỐNG XÂM HẠI TRẺ EM"), its report the school's."""
    document = report("Trường Tiểu học Mỹ An", "bc.docx")
    header = dataclasses.replace(
        document.header, parent_body="TRƯỜNG TIỂU HỌC MỸ AN", issuer="BAN CHỈ ĐẠO PHÒNG, CHỐNG XÂM HẠI TRẺ EM"
    )
    verdict = _classify(
        shipped,
        message(SCHOOL, "Báo cáo NQ121", files=["bc.docx"]),
        [dataclasses.replace(document, header=header)],
    )
    assert verdict.is_report


def test_a_schools_list_on_the_plan_is_no_report(shipped: Config) -> None:
    """A school sent the list of its teachers trained on NQ121 ("DANH SÁCH … theo Nghị quyết số
    121/2020/QH14"): the list's kind was not known, its title named the report, and it counted as the
    school's report, so the school was no longer reminded."""
    text = (
        "UBND XÃ MỸ AN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTRƯỜNG TIỂU HỌC MỸ AN\tĐộc lập - Tự do - Hạnh phúc\n"
        "Mỹ An, ngày 12 tháng 10 năm 2021\n\nDANH SÁCH\n"
        "Cán bộ, giáo viên tham gia tập huấn phòng, chống xâm hại trẻ em\ntheo Nghị quyết số 121/2020/QH14\n\n"
        "1. Nguyễn Thị Lan - Giáo viên lớp 1A\n2. Trần Văn Hùng - Tổng phụ trách Đội\nHIỆU TRƯỞNG\n\nPhạm Thị Thu\n"
    )
    (document,) = read_attachment("DS tap huan NQ121.txt", text.encode()).documents
    mail = message(SCHOOL, "DS giáo viên tham gia tập huấn NQ121", files=["DS tap huan NQ121.txt"])
    verdict = _classify(shipped, mail, [document])
    assert not verdict.is_report and not verdict.needs_staff
    assert "DANH SÁCH" in verdict.reason


def test_a_councils_resolution_numbered_121_is_no_report(shipped: Config) -> None:
    """A commune's People's Council sent its "Nghị quyết số 121/NQ-HĐND" on another matter. "NGHỊ QUYẾT" was
    no kind the header reader knew, so the paper had no kind, its number matched the report's keyword
    "Nghị quyết 121", and it waited in review as an unreadable report."""
    text = (
        "HỘI ĐỒNG NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ MỸ AN\tĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 121/NQ-HĐND\tMỹ An, ngày 10 tháng 10 năm 2021\n\nNGHỊ QUYẾT\n"
        "Về kế hoạch phát triển kinh tế - xã hội năm 2022\n\nQUYẾT NGHỊ:\n"
        "Điều 1. Thông qua kế hoạch phát triển kinh tế - xã hội năm 2022.\n\nNơi nhận:\n- UBND xã;\n"
        "- Lưu: VT.\nCHỦ TỊCH\n\nLê Văn Đức\n"
    )
    (document,) = read_attachment("121-NQ-HDND.txt", text.encode()).documents
    mail = message("hdnd.myan@tayninh.gov.vn", "Nghị quyết số 121/NQ-HĐND", files=["121-NQ-HDND.txt"])
    verdict = _classify(shipped, mail, [document])
    assert not verdict.is_report and not verdict.needs_staff and not verdict.unreadable
    assert "NGHỊ QUYẾT" in verdict.reason


@pytest.mark.parametrize(
    ("role", "is_report"),
    [
        ("TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH", False),
        ("CHỦ TỊCH", False),
        # A school's report on the commune's one-line letterhead, its own line left out.
        ("HIỆU TRƯỞNG", True),
        ("KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG", True),
    ],
)
def test_a_committees_own_report_on_its_one_line_letterhead_is_no_schools_report(
    shipped: Config, role: str, is_report: bool
) -> None:
    """A commune's People's Committee sent its own consolidated NQ121 report («UBND XÃ MỸ AN» alone over
    «Số: 210/BC-UBND», signed «TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH») from its vice-chairman's gmail, a
    copy reaching its own mailbox. The one line was read as the parent body with no issuer, so the paper
    was taken for a school's report on the commune's letterhead and waited in review naming every
    school of the commune, holding their reminders. Who signs tells the body's paper from a school's."""
    document = report("Trường Tiểu học Mỹ An", "bc.pdf")
    header = dataclasses.replace(
        document.header, parent_body="UBND XÃ MỸ AN", issuer=None, signer_role=role, number="210/BC-UBND"
    )
    document = dataclasses.replace(document, header=header)
    mail = message("tranvanhung.pct@gmail.com", "UBND xã Mỹ An báo cáo NQ121 năm 2026", files=["bc.pdf"])
    verdict = _classify(shipped, mail, [document])
    assert verdict.is_report is is_report
    if not is_report:
        assert "văn bản của UBND XÃ MỸ AN, không phải báo cáo của trường" in verdict.reason


def _titled(document: Document, year: int) -> Document:
    """The document with the title "… về phòng, chống xâm hại trẻ em năm <year>"."""
    title = f"Kết quả triển khai thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em năm {year}"
    return dataclasses.replace(document, header=dataclasses.replace(document.header, title=title))


def test_a_scans_title_year_misread_does_not_move_the_report_to_the_past_season(shipped: Config) -> None:
    """A scan dated 18/10/2021 and received on 20/10/2021, whose title's "năm 2021" OCR read as "năm
    2020", was recorded as the 2020 season's report, late, and the school still owed 2021's: on a scan
    a title year and a date line in different seasons say a digit was misread, so the receipt decides."""
    document = _titled(
        report("Trường Tiểu học Mỹ An", "scan.pdf", date=dt.date(2021, 10, 18), method="ocr"), 2020
    )
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", files=["scan.pdf"]), [document])
    assert verdict.is_report and verdict.year == 2021
    typed = _titled(report("Trường Tiểu học Mỹ An", "bc.docx", date=dt.date(2020, 10, 19)), 2020)
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", files=["bc.docx"]), [typed])
    assert verdict.year == 2020  # typed and dated last season, as its title says: a past season's report
    march = dt.datetime(2022, 3, 15, 3, tzinfo=dt.UTC)  # a scan dated in its title's year still states it
    early = _titled(
        report("Trường Tiểu học Mỹ An", "scan.pdf", date=dt.date(2022, 3, 10), method="ocr"), 2022
    )
    mail = message(SCHOOL, "Báo cáo NQ121", files=["scan.pdf"], received_at=march)
    assert _classify(shipped, mail, [early], march).year == 2022


def test_a_scans_stray_date_line_outside_its_titles_school_year_does_not_move_the_report(
    shipped: Config,
) -> None:
    """A scan titled "… năm học 2021-2022" whose date line OCR read (or the school left) as "ngày 18 tháng
    10 năm 2020", received on 20/10/2021: the date line decided, and the report was filed under the 2020
    season, late, while 2021 showed the school as missing. Two years that follow one another in the
    title are the year reported on."""
    scan = report("Trường Tiểu học Mỹ An", "scan.pdf", date=dt.date(2020, 10, 18), method="ocr")
    title = "Kết quả thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em năm học 2021-2022"
    scan = dataclasses.replace(scan, header=dataclasses.replace(scan.header, title=title))
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", files=["scan.pdf"]), [scan])
    assert verdict.is_report and verdict.year == 2021


def test_a_year_past_the_coming_season_is_a_slip_between_seasons(shipped: Config) -> None:
    """A report dated 30/12/2021 and received on 08/01/2022, whose title "năm 2021" was typed or read
    from a scan as "năm 2023", counted for the 2023 season, on time, and the 2021 season missed it: a
    season that cannot have begun is a slip."""
    january = dt.datetime(2022, 1, 8, 3, tzinfo=dt.UTC)
    document = _titled(report("Trường Tiểu học Mỹ An", "bc.docx", date=dt.date(2021, 12, 30)), 2023)
    verdict = _classify(
        shipped, message(SCHOOL, "BC NQ121", files=["bc.docx"], received_at=january), [document], january
    )
    # No season stated: the receipt's decides, as the pipeline takes it.
    assert (verdict.year or season_of(shipped.reports[0], january, shipped)) == 2021


@pytest.mark.parametrize(
    ("received", "dated", "season"),
    [
        (dt.datetime(2022, 1, 10, 3, tzinfo=dt.UTC), None, 2021),
        (dt.datetime(2022, 3, 2, 3, tzinfo=dt.UTC), None, 2021),
        (dt.datetime(2022, 9, 5, 3, tzinfo=dt.UTC), None, 2022),  # the coming season, sent early
    ],
)
def test_the_year_of_writing_in_a_title_between_seasons_is_not_a_season_months_away(
    shipped: Config, received: dt.datetime, dated: dt.date | None, season: int
) -> None:
    """An NQ121 report (due 25/10, not the year after) titled «… năm 2022», the year the school wrote it
    in, with no date line, received on 10/01/2022: it counted for the 2022 season, due nine months later,
    and the 2021 season kept the school «Chưa nộp» and overdue. A title's year that is the calendar year
    of the receipt, while the season nearest it is the year before, is the year of writing: the season
    that was due counts the report, late."""
    document = _titled(report("Trường Tiểu học Mỹ An", "bc.docx"), 2022)
    document = dataclasses.replace(document, header=dataclasses.replace(document.header, date=dated))
    mail = message(SCHOOL, "BC NQ121", files=["bc.docx"], received_at=received)
    verdict = _classify(shipped, mail, [document], received)
    assert verdict.is_report
    assert (verdict.year or season_of(shipped.reports[0], received, shipped)) == season


_NEIGHBOUR_BODY = (
    "Thực hiện Kế hoạch số 30/KH-PGDĐT ngày 20/5/2021 của Phòng GD&ĐT Thủ Thừa;\n"
    "Trường Tiểu học Mỹ An báo cáo kết quả như sau:\n"
    "I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI\n"
    "Nhà trường xây dựng kế hoạch, lồng ghép tuyên truyền Nghị quyết 121/2020/QH14 về phòng, chống xâm hại "
    "trẻ em trong các buổi sinh hoạt dưới cờ.\n"
    "II. KẾT QUẢ THỰC HIỆN\n"
    "Tổ chức 6 buổi tuyên truyền cho 420 lượt học sinh; phối hợp với cha mẹ học sinh thực hiện Nghị quyết "
    "121/2020/QH14 tại gia đình.\n"
    "Tư vấn cho 9 trường hợp học sinh; không xảy ra vụ việc nào.\n"
    "III. KHÓ KHĂN, VƯỚNG MẮC\nGiáo viên làm công tác tư vấn còn kiêm nhiệm.\n"
    "IV. ĐỀ XUẤT, KIẾN NGHỊ\nĐề nghị Phòng tổ chức tập huấn cho giáo viên.\n"
)


@pytest.mark.parametrize(
    "title",
    [
        "Kết quả thực hiện Tháng hành động vì trẻ em năm 2021",
        "Kết quả thực hiện công tác xã hội trong trường học năm học 2020-2021",
        "Công tác tư vấn tâm lý học đường năm 2021",
        "Kết quả công tác phổ biến, giáo dục pháp luật năm 2021",
    ],
)
def test_a_report_on_a_neighbouring_subject_naming_the_resolution_twice_waits_for_staff(
    shipped: Config, title: str
) -> None:
    """A school's report on the Month of Action for Children, on social work in school, on counselling or on
    legal education, sent in the same weeks, names Nghị quyết 121 in two sentences of its text («lồng ghép
    tuyên truyền Nghị quyết 121/2020/QH14 …»): it was counted as the school's NQ121 report, and the school,
    shown «đã nộp», was never reminded of the report it still owed. Its title says what it reports on: it
    waits for staff as any paper on the report's topic alone."""
    text = (
        "PHÒNG GD&ĐT THỦ THỪA\nTRƯỜNG TIỂU HỌC MỸ AN\nSố: 31/BC-THMA\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        f"Độc lập - Tự do - Hạnh phúc\nMỹ An, ngày 15 tháng 10 năm 2021\n\nBÁO CÁO\n{title}\n\n{_NEIGHBOUR_BODY}"
    )
    (document,) = read_attachment("bc.txt", text.encode()).documents
    verdict = _classify(shipped, message(SCHOOL, "Gửi báo cáo", files=["bc.txt"]), [document])
    assert not verdict.is_report and verdict.needs_staff and verdict.report_id == "nq121"


@pytest.mark.parametrize(
    "title",
    [
        "Thực hiện Tháng hành động vì trẻ em năm 2021",
        "Thực hiện công tác phòng, chống bạo lực học đường năm học 2021-2022",
        "Thực hiện Chỉ thị 18/CT-TTg về phòng, chống đuối nước trẻ em",
    ],
)
def test_a_neighbouring_report_titled_thuc_hien_is_not_the_report(shipped: Config, title: str) -> None:
    """A school violence or Month of Action report titled «BÁO CÁO / Thực hiện …», naming Nghị quyết 121 in
    passing, lost its title to the reading of its header ("Thực hiện" was taken for the basis opening the
    body), and a paper with no title that names the report anywhere counted as the NQ121 report: the school
    was shown «đã nộp». Its title read, it says what it reports on and waits for staff."""
    text = (
        "PHÒNG GD&ĐT THỦ THỪA\nTRƯỜNG TIỂU HỌC MỸ AN\nSố: 31/BC-THMA\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        f"Độc lập - Tự do - Hạnh phúc\nMỹ An, ngày 15 tháng 10 năm 2021\n\nBÁO CÁO\n{title}\n\n{_NEIGHBOUR_BODY}"
    )
    (document,) = read_attachment("bc.txt", text.encode()).documents
    verdict = _classify(shipped, message(SCHOOL, "Gửi báo cáo", files=["bc.txt"]), [document])
    assert not verdict.is_report and verdict.needs_staff and title in verdict.reason


def test_without_a_stated_year_the_caller_takes_the_receipt_year(shipped: Config) -> None:
    document = report("Trường Tiểu học Mỹ An", "anh.jpg", header=False, method="ocr")
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", files=["anh.jpg"]), [document])
    assert verdict.is_report and verdict.year is None


def test_unreadable_attachments_under_a_report_subject_are_a_report_so_the_failure_is_recorded(
    shipped: Config,
) -> None:
    broken = Failure("hong.pdf", "corrupt", "Tệp PDF hong.pdf bị hỏng, không mở được.")
    mail = message(SCHOOL, "Báo cáo NQ121 năm 2021", files=["hong.pdf"])
    verdict = _classify(shipped, mail, [], failures=(broken,))
    assert verdict.is_report and verdict.year == 2021
    assert verdict.unreadable and verdict.problems == (broken.reason,)


@pytest.mark.parametrize("subject", ["BC phòng chống XHTE năm 2021", "BC PCXHTE", "Báo cáo công tác XHTE"])
def test_a_subject_shortening_the_topic_to_xhte_names_the_report_whose_file_is_broken(
    shipped: Config, subject: str
) -> None:
    """«BC phòng chống XHTE» (xâm hại trẻ em, as papers shorten it) over a broken PDF waited for staff
    as mail that may not be a report at all; written out, the topic was the report's. The school is now
    told its file could not be read."""
    broken = Failure("bc.pdf", "corrupt", "Tệp PDF bc.pdf bị hỏng.")
    verdict = _classify(shipped, message(SCHOOL, subject, files=["bc.pdf"]), [], failures=(broken,))
    assert verdict.is_report and verdict.unreadable, verdict.reason


@pytest.mark.parametrize(
    ("headers", "subject", "sender", "said"),
    [
        ({"Auto-Submitted": "auto-replied"}, "Re: Báo cáo NQ121", SCHOOL, "tự động"),
        ({"X-Autoreply": "yes"}, "Re: Báo cáo NQ121", SCHOOL, "tự động"),
        ({"Precedence": "auto_reply"}, "Re: BC NQ121", SCHOOL, "tự động"),
        ({}, "Out of Office: Báo cáo NQ121", SCHOOL, "tự động"),
        ({}, "Trả lời tự động: Báo cáo NQ121", SCHOOL, "tự động"),
        ({}, "Thư trả lời tự động: Báo cáo NQ121", SCHOOL, "tự động"),
        ({}, "Vắng mặt đến 25/10", SCHOOL, "tự động"),
        ({}, "Undelivered Mail Returned to Sender", "mailer-daemon@example.edu.vn", "trả lại"),
        (
            {"List-Unsubscribe": "<mailto:x@y>"},
            "Bản tin: Nghị quyết 121/2020/QH14",
            "tin@example.com",
            "hàng loạt",
        ),
        ({"Precedence": "bulk"}, "Tin giáo dục", "tin@example.com", "hàng loạt"),
    ],
)
def test_machine_mail_is_noise_with_its_reason(
    shipped: Config, headers: dict[str, str], subject: str, sender: str, said: str
) -> None:
    verdict = _classify(
        shipped,
        message(sender, subject, headers=headers, files=["bc.pdf"]),
        [report("Trường Tiểu học Mỹ An", "bc.pdf")],
    )
    assert not verdict.is_report and said in verdict.reason


@pytest.mark.parametrize(
    "spam", [{"X-Spam-Flag": "YES"}, {"X-Spam-Status": "Yes, score=6.1 required=5.0 tests=FREEMAIL_FROM"}]
)
def test_mail_marked_as_spam_is_noise_unless_a_paper_of_it_is_the_report(
    shipped: Config, spam: dict[str, str]
) -> None:
    """The server's spam mark made noise of everything, a school's report flagged by mistake too: the
    school counted as missing. Spam that only names the plan stays noise; the report is the report,
    marked for staff to look at; a bounce or an auto-reply is read as one, as before."""
    promo = _classify(
        shipped,
        message("promo@example.com", "Ưu đãi NQ121 giảm giá 50%", headers=spam, files=["catalog.pdf"]),
        [Document(name="catalog.pdf", format="pdf", text="Giảm 50% tài liệu tuyên truyền NQ121. Mua ngay.")],
    )
    assert not promo.is_report and "rác" in promo.reason
    flagged = _classify(
        shipped,
        message(SCHOOL, "Báo cáo NQ121", headers=spam, files=["bc.pdf"]),
        [report("Trường Tiểu học Mỹ An", "bc.pdf")],
    )
    assert flagged.is_report and flagged.spam_flagged
    unflagged = _classify(
        shipped,
        message(SCHOOL, "Báo cáo NQ121", files=["bc.pdf"]),
        [report("Trường Tiểu học Mỹ An", "bc.pdf")],
    )
    assert unflagged.is_report and not unflagged.spam_flagged
    bounce = _classify(
        shipped,
        message(
            "mailer-daemon@example.edu.vn",
            "Undelivered Mail Returned to Sender",
            headers=spam,
            files=["bc.pdf"],
        ),
        [report("Trường Tiểu học Mỹ An", "bc.pdf")],
    )
    assert bounce.automatic and "trả lại" in bounce.reason  # a reminder that bounced is still seen as one


_GROUP = {
    "List-Id": "<baocao.pgdthuthua.example.edu.vn>",
    "List-Unsubscribe": "<mailto:googlegroups-manage+1+unsubscribe@googlegroups.com>",
    "Precedence": "list",
}


@pytest.mark.parametrize(
    ("sender", "extra"),
    [
        (SCHOOL, {}),
        ("baocao@pgdthuthua.example.edu.vn", {"X-Original-Sender": SCHOOL, "Reply-To": SCHOOL}),
    ],
)
def test_a_schools_report_through_the_offices_group_address_is_the_report(
    shipped: Config, sender: str, extra: dict[str, str]
) -> None:
    """An office that receives at a Google Group address gets every school's mail with the list's
    header fields (and From rewritten to the group when the school's domain asks for it): each report
    was set aside as a newsletter, and the school stayed missing."""
    verdict = _classify(
        shipped,
        message(sender, "Báo cáo NQ121", headers={**_GROUP, **extra}, files=["bc.pdf"]),
        [report("Trường Tiểu học Mỹ An", "bc.pdf")],
    )
    assert verdict.is_report and verdict.report_id == "nq121"


def test_a_delivery_status_report_is_a_bounce(shipped: Config) -> None:
    verdict = _classify(shipped, bounce(), [])
    assert not verdict.is_report and "trả lại" in verdict.reason


@pytest.mark.parametrize(
    ("sender", "subject"),
    [
        (
            "MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@thuthua.onmicrosoft.com",
            "Nhắc nộp báo cáo NQ121",
        ),
        (
            "Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@example.edu.vn>",
            "Không thể gửi",
        ),
    ],
)
def test_a_plain_notice_of_exchange_that_a_mail_could_not_be_delivered_is_a_bounce(
    shipped: Config, sender: str, subject: str
) -> None:
    """Exchange Online writes its non-delivery notices from its own fixed address, in the office's
    language («Không thể gửi thư tới những người nhận hoặc nhóm này»). Passed on as plain text (a relay,
    a forward rule), one naming the report was read as a mail about the report carrying none: staff were
    never told the school's address does not work."""
    msg = message(
        sender,
        subject,
        body="Không thể gửi thư tới những người nhận hoặc nhóm này:\nc1myan.thuthua@example.edu.vn\n"
        "Địa chỉ email bạn nhập không tìm thấy. Nhắc nộp báo cáo NQ121.",
    )
    verdict = _classify(shipped, msg, [])
    assert not verdict.is_report and verdict.automatic and "trả lại" in verdict.reason


@pytest.mark.parametrize(
    ("sender", "headers", "bounce"),
    [
        ("mgmylac.ht@gmail.com", {}, False),
        (SCHOOL, {"Auto-Submitted": "auto-forwarded"}, False),  # a forwarding rule passing a person's mail
        ("hethong@mail.vnpt.vn", {"Auto-Submitted": "auto-replied"}, True),
        ("hethong@mail.vnpt.vn", {"Return-Path": "<>"}, True),
        ("no-reply@mail.vnpt.vn", {}, True),
    ],
    ids=["person", "forwarding-rule", "auto-submitted", "null-return-path", "no-reply"],
)
def test_a_subject_tells_a_bounce_only_in_mail_a_program_sent(
    shipped: Config, sender: str, headers: dict[str, str], bounce: bool
) -> None:
    """«Báo cáo NQ121 - mail trường không gửi thư được» from a principal's gmail, the report attached, was
    dropped as a bounce by its subject's words: a person's mail is the report it carries. A provider's
    notice so worded is still a bounce when the mail says a program sent it."""
    msg = message(
        sender,
        "Báo cáo NQ121 MG Mỹ Lạc - mail trường không gửi thư được",
        headers=headers,
        body="Kính gửi Phòng GD&ĐT, mail trường bị lỗi không gửi thư được nên em gửi bằng mail cá nhân ạ.",
        files=["bc.pdf"],
    )
    verdict = _classify(shipped, msg, [report("Trường Mẫu giáo Mỹ Lạc", "bc.pdf")])
    assert verdict.is_report is not bounce, verdict.reason
    assert (verdict.reason == classify_mod.BOUNCE_REASON) is bounce


@pytest.mark.parametrize("plain_text", [False, True])
def test_a_read_receipt_is_not_called_a_bounce(shipped: Config, plain_text: bool) -> None:
    """A school's read receipt for a reminder (a multipart/report of type disposition-notification,
    or Outlook's plain "Đã đọc:" mail) was recorded as a bounce: staff read that the school's address
    had returned our mail."""
    msg = bounce_message()
    msg.replace_header("From", "c1myan.thuthua@example.edu.vn")
    msg.replace_header("Subject", "Đã đọc: Nhắc nộp báo cáo NQ121")
    if plain_text:
        msg.set_type("text/plain")
        msg.set_payload("Thư của bạn gửi tới c1myan đã được đọc lúc 20/10/2021 9:15 SA.", "utf-8")
    else:
        msg.set_param("report-type", "disposition-notification")
    verdict = _classify(shipped, message_mod.parse(msg.as_bytes(), fallback_id="mdn"), [])
    assert not verdict.is_report and verdict.automatic
    assert "đã đọc" in verdict.reason and "trả lại" not in verdict.reason


@pytest.mark.parametrize(
    "subject",
    [
        "Return Receipt (displayed) - Nhắc nộp báo cáo NQ121",
        "Return Receipt (read): Nhắc nộp báo cáo NQ121",
        "Biên nhận (đã đọc): Nhắc nộp báo cáo NQ121",
        "Not read: Nhắc nộp báo cáo NQ121",
    ],
    ids=["thunderbird", "roundcube", "roundcube-vietnamese", "outlook-not-read"],
)
def test_a_read_receipt_in_any_clients_words_is_automatic(shipped: Config, subject: str) -> None:
    """A school's read receipt for a reminder, as plain mail in the words of Thunderbird («Return Receipt
    (displayed) - …»), Roundcube («Biên nhận (đã đọc): …») or Outlook's «Not read: …», waited for staff
    as the school's answer to the reminder."""
    msg = message(
        SCHOOL,
        subject,
        body="This is a Return Receipt for the mail that you sent to c1myan.thuthua@example.edu.vn.\n\n"
        "Note: This Return Receipt only acknowledges that the message was displayed on the recipient's "
        "computer.",
        headers={"In-Reply-To": OUR_ACK},
    )
    verdict = _classify(shipped, msg, [])
    assert not verdict.is_report and verdict.automatic and not verdict.needs_staff
    assert "đã đọc" in verdict.reason


@pytest.mark.parametrize(
    ("kind", "title", "body"),
    [
        ("BÁO CÁO", "Sơ kết học kỳ I năm học 2021-2022", "Đặc điểm tình hình."),
        ("KẾ HOẠCH", "Tuyển sinh năm học 2022-2023", "Chỉ tiêu tuyển sinh."),
    ],
)
def test_another_paper_is_noise_even_under_a_report_subject(
    shipped: Config, kind: str, title: str, body: str
) -> None:
    school = shipped.school("th-my-an")
    verdict = _classify(
        shipped,
        message(SCHOOL, "Báo cáo NQ121", files=["vb.docx"]),
        [other_paper(school, "vb.docx", kind, title, body)],
    )
    assert not verdict.is_report and title in verdict.reason


def test_another_subjects_report_under_a_report_subject_is_the_wrong_file(shipped: Config) -> None:
    """A school's «BÁO CÁO Công tác y tế trường học», touching child abuse in one sentence, as the only file
    of «Báo cáo NQ121»: not the report, but the school sent it as the report and is asked for the right
    file, not left believing it reported."""
    school = shipped.school("th-my-an")
    paper = other_paper(
        school, "vb.docx", "BÁO CÁO", "Công tác y tế trường học", "Không có trường hợp xâm hại trẻ em."
    )
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", files=["vb.docx"]), [paper])
    assert verdict.is_report and verdict.unreadable and verdict.report_id == "nq121"
    assert verdict.problems[0].startswith(
        "Tệp kèm là báo cáo khác: tệp vb.docx là «BÁO CÁO Công tác y tế trường học»"
    )


_DENGUE = "Kết quả thực hiện kế hoạch phòng, chống dịch bệnh mùa mưa bão năm 2021"


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("bao cao NQ121 TH My An", "Kinh gui phong GD truong gui bao cao"),
        ("Gửi Phòng", "Em gửi báo cáo NQ121 ạ."),
    ],
)
def test_another_plans_report_sent_as_this_one_is_the_wrong_file(
    shipped: Config, subject: str, body: str
) -> None:
    """Regression: a school mailed «bao cao NQ121» with its report on the dengue plan attached by mistake;
    the paper is not the report, so the mail was noise: nothing was recorded, the school believed it had
    reported and nobody told it otherwise. The mail says it sends this report: the file was the wrong one,
    and the school is asked for the right one."""
    school = shipped.school("th-my-an")
    paper = other_paper(
        school, "BC.docx", "BÁO CÁO", _DENGUE, "Tổ chức 3 đợt tổng vệ sinh, phun thuốc diệt muỗi."
    )
    verdict = _classify(shipped, message(SCHOOL, subject, body=body, files=["BC.docx"]), [paper])
    assert verdict.is_report and verdict.unreadable and verdict.report_id == "nq121"
    assert verdict.problems[0].startswith(f"Tệp kèm là báo cáo khác: tệp BC.docx là «BÁO CÁO {_DENGUE}»")


@pytest.mark.parametrize(
    ("subject", "body", "name", "told"),
    [
        ("Báo cáo NQ121", "", "BC NQ121.docx", True),
        (
            "TH Mỹ An gửi Phòng",
            "Kính gửi Phòng, trường gửi báo cáo thực hiện NQ121 ạ.",
            "BC NQ121.docx",
            True,
        ),
        ("Báo cáo NQ121", "Thực hiện Kế hoạch số 45/KH-PGDĐT, trường gửi báo cáo.", "BC NQ121.docx", True),
        ("Kế hoạch NQ121", "", "BC NQ121.docx", False),
        ("Báo cáo NQ121", "Trường gửi kế hoạch thực hiện ạ.", "BC NQ121.docx", False),
        ("Re: Báo cáo NQ121", "Dạ trường gửi bổ sung ạ.", "BC NQ121.docx", False),
        ("BC NQ121 TH Mỹ An", "Dạ em gửi ạ.", "KH_NQ121.docx", False),
        ("BC NQ121", "", "KeHoach_NQ121_THMA.docx", False),
        ("BC NQ121", "", "KH121.docx", False),
        ("Gui bao cao NQ121", "Dạ trường em gửi Phòng kế hoạch số 08/KH-THMA ạ.", "08.docx", False),
    ],
)
def test_the_plan_sent_as_the_report_is_told_as_the_wrong_file(
    shipped: Config, subject: str, body: str, name: str, told: bool
) -> None:
    """A school attached its plan for the resolution («KẾ HOẠCH Phòng, chống xâm hại trẻ em …») under
    «Báo cáo NQ121»: the mail was set aside as no report, the school believed it had reported and was
    told nothing until a reminder said no report had come. It is recorded as the school's report not read,
    saying which file was sent, so the school is asked for the right one; a mail whose words send the
    plan, or add to a report sent before, sent what it says."""
    plan = other_paper(
        shipped.school("th-my-an"),
        name,
        "KẾ HOẠCH",
        "Phòng, chống xâm hại trẻ em năm học 2021-2022",
        "Nghị quyết 121/2020/QH14.",
    )
    verdict = _classify(shipped, message(SCHOOL, subject, body=body, files=[name]), [plan])
    if told:
        assert verdict.is_report and verdict.unreadable, verdict.reason
        assert "Tệp BC NQ121.docx là «KẾ HOẠCH Phòng, chống xâm hại trẻ em" in verdict.problems[0]
        assert "đính kèm nhầm tệp" in verdict.problems[0]
    else:
        assert not verdict.is_report and not verdict.unreadable, verdict.reason


_NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
_ON_THE_TOPIC = "Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em năm 2021\n"
_RESULTS = (
    "I. Công tác chỉ đạo, triển khai\nChỉ đạo các đơn vị tuyên truyền phòng, chống xâm hại trẻ em.\n"
    "II. Kết quả thực hiện\nTổ chức 12 buổi tuyên truyền với 1.450 lượt người dân.\n"
    "III. Khó khăn, vướng mắc\nCán bộ kiêm nhiệm.\nIV. Đề xuất, kiến nghị\nĐề nghị bố trí kinh phí.\n"
)


@pytest.mark.parametrize(
    ("name", "text", "whose"),
    [
        (
            "KH NQ121 TH My An.txt",
            f"UBND HUYỆN THỦ THỪA\nTRƯỜNG TIỂU HỌC MỸ AN\nSố: 40/KH-THMA\n{_NATION}Mỹ An, ngày 08 tháng 10 năm "
            f"2021\nKẾ HOẠCH\nThực hiện {_ON_THE_TOPIC}I. Mục đích, yêu cầu\nNâng cao nhận thức cho học sinh.\n"
            "II. Nội dung\nTổ chức ít nhất 6 buổi tuyên truyền trong năm học.\nHIỆU TRƯỞNG\nPhạm Hữu Sơn",
            "(kế hoạch của trường)",
        ),
        (
            "KH 45 PGD NQ121.txt",
            f"UBND HUYỆN THỦ THỪA\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO\nSố: 45/KH-PGDĐT\n{_NATION}Thủ Thừa, ngày 02 tháng 10 "
            f"năm 2021\nKẾ HOẠCH\nTriển khai thực hiện {_ON_THE_TOPIC}I. MỤC ĐÍCH, YÊU CẦU\nNâng cao nhận thức.\n"
            "II. NỘI DUNG\nCác trường báo cáo kết quả về Phòng chậm nhất ngày 25/10/2021.\nKT. TRƯỞNG PHÒNG\n"
            "PHÓ TRƯỞNG PHÒNG\nLê Thị Minh",
            "(kế hoạch của PHÒNG GIÁO DỤC VÀ ĐÀO TẠO)",
        ),
        (
            "BC NQ121 UBND.txt",
            f"ỦY BAN NHÂN DÂN\nXÃ MỸ AN\nSố: 112/BC-UBND\n{_NATION}Mỹ An, ngày 15 tháng 10 năm 2021\nBÁO CÁO\n"
            f"Kết quả thực hiện {_ON_THE_TOPIC}{_RESULTS}TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn Sơn",
            "(báo cáo của ỦY BAN NHÂN DÂN XÃ MỸ AN)",
        ),
        (
            "BC NQ121 TYT.txt",
            f"UBND XÃ MỸ AN\nTRẠM Y TẾ\nSố: 20/BC-TYT\n{_NATION}Mỹ An, ngày 15 tháng 10 năm 2021\nBÁO CÁO\n"
            f"Kết quả thực hiện {_ON_THE_TOPIC}{_RESULTS}TRẠM TRƯỞNG\nNguyễn Thị Hoa",
            "(báo cáo của TRẠM Y TẾ)",
        ),
    ],
    ids=["own plan named KH", "office's plan", "commune's report", "health station's report"],
)
def test_another_paper_under_a_note_sending_the_report_is_the_wrong_file(
    shipped: Config, name: str, text: str, whose: str
) -> None:
    """«Báo cáo NQ121», «Dạ em gửi báo cáo NQ121 ạ.», and attached the school's own plan named «KH NQ121 …»,
    the office's plan, the commune's report or its health station's on the resolution: each mail was noise,
    nothing recorded and the school not told, though it believed it had reported. The note sends the
    report: the file is the wrong one, and the school is told what it sent."""
    (paper,) = read_attachment(name, text.encode()).documents
    mail = message(SCHOOL, "Báo cáo NQ121 - TH Mỹ An", body="Dạ em gửi báo cáo NQ121 ạ.", files=[name])
    verdict = _classify(shipped, mail, [paper])
    assert verdict.is_report and verdict.unreadable and verdict.report_id == "nq121", verdict.reason
    assert f"tệp {name} là «".lower() in verdict.problems[0].lower() and whose in verdict.problems[0]
    assert "đính kèm nhầm tệp" in verdict.problems[0]


@pytest.mark.parametrize("own_deadline", [None, (2021, 9, 20)])
def test_a_plan_sent_under_a_report_subject_in_september_is_told_as_the_wrong_file_only_near_the_deadline(
    shipped: Config, own_deadline: tuple[int, int, int] | None
) -> None:
    """In September, when schools send their plans for the year, a plan under «Báo cáo NQ121» is what the
    school meant to send: it was recorded as the school's report not read, a month before the deadline.
    Those weeks followed the report's deadline («10-25») even for a season given its own
    ([[reports]].deadlines): with 2021's moved to 20/9, the plan five days before it was taken for
    September's plans, and the school was told nothing."""
    report = dataclasses.replace(shipped.report("nq121"), deadlines=(own_deadline,) if own_deadline else ())
    config = dataclasses.replace(shipped, reports=(report,))
    plan = other_paper(
        shipped.school("th-my-an"),
        "NQ121.docx",
        "KẾ HOẠCH",
        "Phòng, chống xâm hại trẻ em năm học 2021-2022",
        ".",
    )
    at = dt.datetime(2021, 9, 15, 2, tzinfo=dt.UTC)
    mail = message(SCHOOL, "Báo cáo NQ121", body="Dạ em gửi ạ.", files=["NQ121.docx"], received_at=at)
    verdict = _classify(config, mail, [plan], at)
    if own_deadline is None:
        assert not verdict.is_report and not verdict.unreadable, verdict.reason
    else:
        assert verdict.is_report and verdict.unreadable, verdict.reason
        assert "đính kèm nhầm tệp" in verdict.problems[0]


def test_a_mail_that_only_talks_about_the_report_is_noise(shipped: Config) -> None:
    mail = message(SCHOOL, "Re: Nhắc nộp báo cáo NQ121", body="Dạ trường đã gửi báo cáo NQ121 hôm qua ạ.")
    verdict = _classify(shipped, mail, [])
    assert not verdict.is_report and "không kèm" in verdict.reason


def test_a_subject_asking_about_the_report_over_an_empty_body_left_out_nothing(shipped: Config) -> None:
    """A school's question "Hỏi về báo cáo Nghị quyết 121" sent with its body left empty was read as the
    report with its file forgotten: the school was recorded as having sent an unreadable report and told to
    attach the file it never meant to send."""
    mail = message(SCHOOL, "Hỏi về báo cáo Nghị quyết 121", body="")
    verdict = _classify(shipped, mail, [])
    assert not verdict.is_report and not verdict.unreadable


def test_a_question_carrying_its_signatures_logo_is_no_unreadable_report(shipped: Config) -> None:
    """A school asked for the form ("Hỏi về báo cáo Nghị quyết 121": "Phòng cho trường xin mẫu báo cáo …")
    from Outlook, whose signature carries a logo (image001.png): the logo, no text in it, was taken for the
    report photographed unreadably, the school recorded as having sent it and told to take a clearer photo.
    A mail that asks and sends nothing is no report; one that sends the report with that picture is."""
    logo = Failure("image001.png", FailureCode.EMPTY, "Không nhận dạng được chữ nào trong ảnh image001.png.")
    asks = message(
        SCHOOL,
        "Hỏi về báo cáo Nghị quyết 121",
        body="Kính gửi Phòng,\nPhòng cho trường xin mẫu báo cáo Nghị quyết 121 năm nay với ạ. Em cảm ơn.",
        files=["image001.png"],
    )
    verdict = _classify(shipped, asks, [], failures=(logo,))
    assert not verdict.is_report and not verdict.unreadable
    sends = message(SCHOOL, "Báo cáo NQ121", body="Dạ em gửi báo cáo NQ121 ạ.", files=["image001.png"])
    verdict = _classify(shipped, sends, [], failures=(logo,))
    assert verdict.unreadable


def test_pictures_sent_with_the_schools_plan_are_not_an_unreadable_report(shipped: Config) -> None:
    """A school sending its NQ121 plan ("TH Mỹ An gửi Kế hoạch thực hiện Nghị quyết 121") with an activity
    photo or a pupils' list beside it was recorded as having sent the report unreadable: the plan named the
    resolution, so the file that could not be read was taken for the report. The plan alone is noise, and so
    is the plan with its pictures."""
    school = shipped.school("th-my-an")
    plan = other_paper(
        school,
        "KH NQ121.docx",
        "KẾ HOẠCH",
        "Thực hiện Nghị quyết 121/2020/QH14 năm học 2021-2022",
        "Nội dung.",
    )
    photo = Failure("IMG_1234.jpg", FailureCode.EMPTY, "Không nhận dạng được chữ nào trong ảnh IMG_1234.jpg.")
    mail = message(
        SCHOOL,
        "TH Mỹ An gửi Kế hoạch thực hiện Nghị quyết 121/2020/QH14 năm học 2021-2022",
        body="Trường Tiểu học Mỹ An xin gửi kế hoạch thực hiện Nghị quyết 121/2020/QH14 (file đính kèm).",
        files=["KH NQ121.docx", "IMG_1234.jpg"],
    )
    verdict = _classify(shipped, mail, [plan], failures=(photo,))
    assert not verdict.is_report and not verdict.unreadable


def test_a_report_and_another_paper_together_are_the_report(shipped: Config) -> None:
    school = shipped.school("th-my-an")
    documents = [
        other_paper(school, "sk.docx", "BÁO CÁO", "Sơ kết học kỳ I", "Đặc điểm."),
        report(school, "nq.docx"),
    ]
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo", files=["sk.docx", "nq.docx"]), documents)
    assert verdict.is_report and "nq.docx" in verdict.reason
    assert [d.name for d in verdict.documents] == ["nq.docx"]


def test_another_report_naming_the_resolution_in_passing_is_not_the_report(shipped: Config) -> None:
    """A school health report said once, in one sentence, that it "lồng ghép tuyên truyền phòng, chống
    xâm hại trẻ em theo Nghị quyết số 121/2020/QH14": that sentence names two of the report's keywords,
    which was enough to count the health report as the school's NQ121 report."""
    school = shipped.school("th-binh-an")
    body = (
        "Căn cứ Kế hoạch số 45/KH-PGDĐT về công tác y tế trường học năm học 2021-2022;\n"
        "- Tổ chức khám sức khỏe định kỳ cho 512 học sinh.\n"
        "- Lồng ghép tuyên truyền phòng, chống xâm hại trẻ em theo Nghị quyết số 121/2020/QH14 trong "
        "2 buổi sinh hoạt dưới cờ.\n"
    )
    health = other_paper(
        school, "BC y te.docx", "BÁO CÁO", "Công tác y tế trường học năm học 2021-2022", body
    )
    verdict = _classify(
        shipped, message(SCHOOL, "Báo cáo công tác y tế - TH Bình An", files=["BC y te.docx"]), [health]
    )
    assert not verdict.is_report and "Công tác y tế trường học" in verdict.reason


HEALTH = ReportConfig(
    id="ytth",
    title="Báo cáo kết quả công tác y tế trường học",
    keywords=("y tế trường học", "YTTH"),
    deadline_month=11,
    deadline_day=30,
    reminder_days=(7, 1),
    sections=(SectionSpec("kham", "Khám sức khỏe học sinh", ("khám sức khỏe",)),),
)
# A health report that speaks of child protection in two sentences, as many do.
HEALTH_BODY = (
    "Căn cứ Kế hoạch số 215/KH-PGDĐT về công tác y tế trường học năm học 2021-2022;\n"
    "I. Khám sức khỏe học sinh: tổ chức khám sức khỏe định kỳ cho 412 học sinh.\n"
    "- Lồng ghép tuyên truyền phòng, chống xâm hại trẻ em theo Nghị quyết 121/2020/QH14 trong giờ sinh "
    "hoạt.\n"
    "- Nhân viên y tế theo dõi, phát hiện sớm dấu hiệu trẻ bị xâm hại trẻ em để kịp thời can thiệp.\n"
)


@pytest.fixture(scope="module")
def two_plans(shipped: Config) -> Config:
    """The office collects a school health report (due 30/11) beside the NQ121 report."""
    return dataclasses.replace(shipped, reports=(*shipped.reports, HEALTH))


def test_a_health_report_touching_the_resolution_twice_is_the_health_report(two_plans: Config) -> None:
    """An office collecting both the NQ121 report and a school health report received a health report
    (its title "Công tác y tế trường học") whose text named the resolution in two sentences: both
    reports claimed it and the one whose keywords the text named more often won, so the health report
    was counted as the school's NQ121 report and the health report stayed missing."""
    health = other_paper(
        two_plans.school("th-my-lac"), "baocao.docx", "BÁO CÁO", "Công tác y tế trường học", HEALTH_BODY
    )
    verdict = _classify(two_plans, message(SCHOOL, "Báo cáo", files=["baocao.docx"]), [health])
    assert verdict.is_report and verdict.report_id == "ytth"
    assert not verdict.more


def test_one_mail_with_the_reports_of_two_plans_counts_each_for_its_own(two_plans: Config) -> None:
    """A school attached its NQ121 report and its health report to one mail: only the report with
    more keyword hits was recorded, and the other plan's report was lost."""
    school = two_plans.school("th-my-an")
    health = other_paper(school, "BC YTTH.docx", "BÁO CÁO", "Công tác y tế trường học", HEALTH_BODY)
    nq121 = report(school, "BC NQ121.docx")
    mail = message(SCHOOL, "Gửi 2 báo cáo", files=["BC NQ121.docx", "BC YTTH.docx"])
    verdict = _classify(two_plans, mail, [nq121, health])
    plans = {c.report_id: [d.name for d in c.documents] for c in (verdict, *verdict.more)}
    assert plans == {"nq121": ["BC NQ121.docx"], "ytth": ["BC YTTH.docx"]}
    assert all(c.is_report for c in verdict.more)


def test_a_second_plans_unreadable_file_beside_the_first_plans_report_is_told(two_plans: Config) -> None:
    """A school sent its NQ121 report and, in the same mail, its health report as a PDF that could not
    be opened: the NQ121 report was recorded and the health report silently dropped, so the school was
    never asked for a readable copy and stayed merely missing for that plan."""
    school = two_plans.school("th-my-an")
    broken = Failure("BC y te truong hoc.pdf", "corrupt", "Tệp PDF BC y te truong hoc.pdf bị hỏng.")
    mail = message(
        SCHOOL, "Báo cáo NQ121 và báo cáo y tế trường học", files=["BC NQ121.docx", "BC y te truong hoc.pdf"]
    )
    verdict = _classify(two_plans, mail, [report(school, "BC NQ121.docx")], failures=(broken,))
    assert verdict.report_id == "nq121" and not verdict.unreadable
    [health] = verdict.more
    assert health.report_id == "ytth" and health.unreadable and health.problems == (broken.reason,)


def _typed(name: str, lines: Sequence[str]) -> Document:
    """A paper typed without the Decree 30 header, read as the parsers read it."""
    [document] = read_attachment(name, "\n".join(lines).encode()).documents
    return document


@pytest.mark.parametrize(
    ("subject", "lines"),
    [
        (
            "Giấy mời tập huấn công tác y tế trường học năm học 2021-2022",
            (
                "TRƯỜNG TIỂU HỌC MỸ AN",
                "Giấy mời tập huấn công tác y tế trường học năm học 2021-2022",
                "Trường Tiểu học Mỹ An trân trọng kính mời quý thầy cô dự tập huấn công tác y tế trường học,",
                "khám sức khỏe học sinh lúc 7 giờ 30 ngày 25/10/2021 tại phòng họp nhà trường.",
            ),
        ),
        (
            "Fwd: Giấy mời tập huấn công tác y tế trường học năm học 2021-2022",
            (
                "PHÒNG GD&ĐT THỦ THỪA",
                "Giấy mời tập huấn công tác y tế trường học năm học 2021-2022",
                "Phòng GD&ĐT mời Hiệu trưởng và nhân viên y tế các trường dự tập huấn công tác y tế trường học.",
            ),
        ),
        (
            "Gửi Phòng",
            (
                "TRƯỜNG TIỂU HỌC MỸ AN",
                "Kế hoạch khám sức khỏe học sinh, công tác y tế trường học năm học 2021-2022",
                "Nhà trường phối hợp Trạm y tế xã tổ chức khám sức khỏe cho học sinh toàn trường.",
            ),
        ),
        (
            "Lịch khám sức khỏe YTTH",
            (
                "TRƯỜNG TIỂU HỌC MỸ AN",
                "Lịch khám sức khỏe học sinh năm học 2021-2022 (công tác y tế trường học)",
                "Thứ hai 25/10: khối 1, khối 2. Thứ ba 26/10: khối 3, khối 4, khối 5.",
            ),
        ),
        (
            "Quyết định YTTH",
            (
                "TRƯỜNG TIỂU HỌC MỸ AN",
                "Quyết định thành lập Ban chăm sóc sức khỏe học sinh, công tác y tế trường học",
                "Điều 1. Thành lập Ban chăm sóc sức khỏe học sinh gồm các ông, bà có tên sau.",
            ),
        ),
        (
            "Công văn YTTH",
            (
                "TRƯỜNG TIỂU HỌC MỸ AN",
                "Công văn đề nghị cấp thuốc cho phòng y tế trường học",
                "Trường Tiểu học Mỹ An đề nghị Trạm y tế xã cấp thuốc thiết yếu phục vụ khám sức khỏe học sinh.",
            ),
        ),
        (
            "Báo cáo NQ121",
            (
                "TRƯỜNG TIỂU HỌC MỸ AN",
                "Thông báo lịch tuyên truyền Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em",
                "Nhà trường tổ chức tuyên truyền Nghị quyết 121/2020/QH14 vào ngày 25/10/2021.",
                "Đề nghị giáo viên chủ nhiệm quán triệt Nghị quyết 121/2020/QH14 đến học sinh.",
            ),
        ),
        (
            "Report NQ121",
            (
                "TRƯỜNG TIỂU HỌC MỸ AN",
                "Danh sách giáo viên dự tập huấn Nghị quyết 121/2020/QH14",
                "1. Nguyễn Thị Hoa",
                "2. Lê Văn Tâm",
            ),
        ),
        (
            "Biên bản họp NQ121",
            (
                "TRƯỜNG TIỂU HỌC MỸ AN",
                "Biên bản họp hội đồng sư phạm triển khai Nghị quyết 121/2020/QH14",
                "Hội đồng thống nhất triển khai Nghị quyết 121/2020/QH14 đến toàn thể giáo viên.",
                "Giao tổ chuyên môn xây dựng kế hoạch thực hiện Nghị quyết 121/2020/QH14.",
            ),
        ),
        (
            "Báo cáo NQ121",
            (
                "TRƯỜNG TIỂU HỌC MỸ AN",
                "LỊCH CÔNG TÁC THÁNG 10/2021",
                "Thứ hai 25/10: tuyên truyền Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em.",
                "Thứ ba 26/10: họp tổ chuyên môn triển khai Nghị quyết 121/2020/QH14.",
            ),
        ),
    ],
    ids=[
        *("invitation", "forwarded-invitation", "plan", "schedule", "decision", "letter"),
        *("notice", "list", "minutes", "monthly-schedule"),
    ],
)
def test_a_paper_of_another_kind_without_a_header_is_not_the_report(
    two_plans: Config, subject: str, lines: Sequence[str]
) -> None:
    """An invitation «Giấy mời tập huấn công tác y tế trường học năm học 2021-2022» a school typed
    without the Decree 30 header, or forwarded from the office, was counted as the school's school health
    report: the school was «đã nộp» and never reminded of the report it still owed. A paper whose own
    first lines say it is an invitation, a plan, a schedule, a decision or a letter is not a report."""
    paper = _typed("tap huan.txt", lines)
    verdict = _classify(two_plans, message(SCHOOL, subject, files=["tap huan.txt"]), [paper])
    assert not any(c.is_report for c in (verdict, *verdict.more)), verdict.reason


def test_a_report_without_a_header_answering_an_invitation_is_the_report(two_plans: Config) -> None:
    """A school health report typed without the header that tells of the training the office invited
    the school to («Thực hiện Giấy mời số 45/GM-PGDĐT …») is still the school's report."""
    paper = _typed(
        "BC YTTH.txt",
        (
            "TRƯỜNG TIỂU HỌC MỸ AN",
            "Báo cáo kết quả công tác y tế trường học năm học 2021-2022",
            "Giấy mời số 45/GM-PGDĐT ngày 15/10/2021: nhà trường đã cử nhân viên y tế dự tập huấn.",
            "I. Khám sức khỏe học sinh: tổ chức khám sức khỏe định kỳ cho 412 học sinh.",
        ),
    )
    verdict = _classify(two_plans, message(SCHOOL, "Gửi báo cáo", files=["BC YTTH.txt"]), [paper])
    assert verdict.is_report and verdict.report_id == "ytth", verdict.reason


def test_a_plan_due_twice_a_year_takes_each_paper_in_the_season_nearest_its_date(shipped: Config) -> None:
    """An office whose school health report is due twice a year (the first term by 15/01, the year by
    30/11) configured it as two reports with the same keywords: every health report was taken for the
    first of them, so the term reports of January counted as the yearly report, late. The paper goes
    to the report whose deadline is nearest its date, as a season is chosen."""
    term = dataclasses.replace(HEALTH, id="ytth-hk1", deadline_month=1, deadline_day=15)
    config = dataclasses.replace(shipped, reports=(*shipped.reports, HEALTH, term))
    school = config.school("th-my-an")
    november = dt.datetime(2021, 11, 25, 2, tzinfo=dt.UTC)
    january = dt.datetime(2022, 1, 10, 2, tzinfo=dt.UTC)
    for at, expected in ((november, "ytth"), (january, "ytth-hk1")):
        paper = other_paper(school, "YTTH.docx", "BÁO CÁO", "Công tác y tế trường học", HEALTH_BODY)
        paper = dataclasses.replace(paper, header=dataclasses.replace(paper.header, date=at.date()))
        verdict = _classify(
            config, message(SCHOOL, "Báo cáo", files=["YTTH.docx"], received_at=at), [paper], at
        )
        assert verdict.is_report and verdict.report_id == expected, verdict.reason


def test_a_paper_about_two_plans_is_not_offered_for_the_term_summary_of_a_year_report(
    shipped: Config,
) -> None:
    """A year-end paper on school health and child abuse both waited for staff, rightly, but the reason
    offered the first term's summary of the health plan too and, that being first in the file, said the
    paper would count as it on a plain assign: the clerk who assigned it had the year's report missing."""
    term = dataclasses.replace(
        HEALTH, id="ytth-hk1", title="Báo cáo sơ kết học kỳ I công tác y tế trường học", deadline_month=1
    )
    config = dataclasses.replace(shipped, reports=(*shipped.reports, term, HEALTH))
    paper = other_paper(
        config.school("th-my-an"),
        "BC tong ket.docx",
        "BÁO CÁO",
        "Tổng kết năm học công tác y tế trường học và phòng, chống xâm hại trẻ em",
        HEALTH_BODY,
    )
    verdict = _classify(config, message(SCHOOL, "Báo cáo", files=["BC tong ket.docx"]), [paper])
    assert verdict.needs_staff and not verdict.is_report, verdict.reason
    assert "ytth:" in verdict.reason and "nq121:" in verdict.reason
    assert "ytth-hk1" not in verdict.reason


def test_a_report_of_one_of_a_schools_sites_waits_for_staff_and_holds_no_reminder(shipped: Config) -> None:
    """The teacher of «Điểm trường Buôn Ja» sent her site's report, headed «TRƯỜNG TH NGUYỄN VĂN TRỖI» over
    «ĐIỂM TRƯỜNG BUÔN JA»: it counted as the whole school's report, replaced the school's own and its
    figures, and made the school on time when its own report came late. A site's report waits for staff,
    and the school is still reminded of its own."""
    paper = other_paper(
        shipped.school("th-my-an"),
        "BC diem My Phu.docx",
        "BÁO CÁO",
        "Kết quả thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em năm 2021",
        "I. Công tác chỉ đạo, triển khai\nĐiểm trường tổ chức 2 buổi tuyên truyền.\nII. Kết quả thực hiện\n",
    )
    site = "TRƯỜNG TIỂU HỌC MỸ AN ĐIỂM TRƯỜNG MỸ PHÚ"
    paper = dataclasses.replace(paper, header=dataclasses.replace(paper.header, issuer=site))
    mail = message("gv.myphu@gmail.com", "BC NQ121 điểm trường Mỹ Phú", files=["BC diem My Phu.docx"])
    verdict = _classify(shipped, mail, [paper])
    assert not verdict.is_report and verdict.needs_staff, verdict.reason
    assert verdict.report_id is None  # it holds none of the school's reminders
    assert f"là báo cáo riêng của một điểm trường, phân hiệu, cơ sở («{site}»)" in verdict.reason


@pytest.mark.parametrize(
    ("title", "under", "site"),
    [
        (" của Điểm trường Mỹ Phú 2", "", "Điểm trường Mỹ Phú 2"),
        ("", "ĐIỂM TRƯỜNG ẤP RẠCH SUNG\n", "ĐIỂM TRƯỜNG ẤP RẠCH SUNG"),
    ],
)
def test_a_sites_report_named_in_its_title_waits_for_staff(
    shipped: Config, title: str, under: str, site: str
) -> None:
    """A site's teacher sent her site's report under the school's own header, the site named only in the
    title («… năm 2021 của Điểm trường Long Hòa A2») or on the line under it: it counted as the whole
    school's report and replaced the one the school had sent. Named in the title, a site's report waits
    for staff as one named in the header does."""
    paper = other_paper(
        shipped.school("th-my-an"),
        "BC diem truong.docx",
        "BÁO CÁO",
        f"Kết quả thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em năm 2021{title}",
        f"{under}I. Công tác chỉ đạo, triển khai\nĐiểm trường tổ chức 2 buổi tuyên truyền.\nII. Kết quả thực hiện\n",
    )
    if under:
        header = dataclasses.replace(paper.header, title=f"{paper.header.title} {under.strip()}")
        paper = dataclasses.replace(paper, header=header)
    mail = message("gv.diemtruong@gmail.com", "BC NQ121 điểm trường", files=["BC diem truong.docx"])
    verdict = _classify(shipped, mail, [paper])
    assert not verdict.is_report and verdict.needs_staff, verdict.reason
    assert f"là báo cáo riêng của một điểm trường, phân hiệu, cơ sở («{site}»)" in verdict.reason


@pytest.fixture(scope="module")
def with_term(shipped: Config) -> Config:
    """The office also collects the first term's summary on the same topic, due 15/01, configured as a
    second report with the NQ121 report's keywords (README: a plan due twice a year)."""
    [nq121] = shipped.reports
    term = dataclasses.replace(
        nq121,
        id="hk1",
        title="Báo cáo sơ kết học kỳ I công tác phòng, chống xâm hại trẻ em",
        deadline_month=1,
        deadline_day=15,
    )
    return dataclasses.replace(shipped, reports=(nq121, term))


def _term_summary(school: config_mod.SchoolConfig, name: str, date: dt.date) -> Document:
    paper = other_paper(
        school,
        name,
        "BÁO CÁO",
        "Sơ kết học kỳ I thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em năm học 2021-2022",
        "I. Công tác chỉ đạo, triển khai: quán triệt Nghị quyết 121/2020/QH14.\nII. Kết quả thực hiện: 4 "
        "buổi tuyên truyền.\n",
    )
    return dataclasses.replace(paper, header=dataclasses.replace(paper.header, date=date))


def test_the_years_report_sent_late_is_not_next_terms_summary(with_term: Config) -> None:
    """An office collecting the yearly NQ121 report (due 25/10) and the first term's summary (due
    15/01) with the same keywords got a school's 2021 NQ121 report, late, on 10/12: its date was nearer
    15/01, so it was credited as the school's term summary, of 2021, and the school stayed missing
    for the yearly report. The year's report titled as the year's goes to the yearly report."""
    school = with_term.school("th-my-an")
    at = dt.datetime(2021, 12, 10, 2, tzinfo=dt.UTC)
    paper = report(school, "BC NQ121.docx", date=dt.date(2021, 12, 9))
    verdict = _classify(
        with_term, message(SCHOOL, "Báo cáo", files=["BC NQ121.docx"], received_at=at), [paper], at
    )
    assert verdict.is_report and (verdict.report_id, verdict.year) == ("nq121", 2021), verdict.reason


def test_a_terms_summary_sent_early_is_not_the_years_report_late(with_term: Config) -> None:
    """A school sent its first term's summary ("Sơ kết học kỳ I thực hiện Nghị quyết 121…") on
    02/12, dated 01/12, nearer the yearly report's deadline of 25/10 than the term's of 15/01: it was
    taken for the yearly NQ121 report, late, and so waited for staff as a part of the year."""
    school = with_term.school("th-my-an")
    at = dt.datetime(2021, 12, 2, 2, tzinfo=dt.UTC)
    paper = _term_summary(school, "SoKet_HK1.docx", dt.date(2021, 12, 1))
    verdict = _classify(
        with_term, message(SCHOOL, "Báo cáo", files=["SoKet_HK1.docx"], received_at=at), [paper], at
    )
    assert verdict.is_report and (verdict.report_id, verdict.year) == ("hk1", 2022), verdict.reason


def test_a_mid_year_review_is_not_taken_for_the_first_terms_summary(with_term: Config) -> None:
    """A school's review of the first six months of the calendar year ("Sơ kết 6 tháng đầu năm 2022 thực
    hiện Nghị quyết 121…"), sent in June, names a part of the year as the term summary's title does,
    but another part: it is neither the term summary nor the year's report, and waits for staff."""
    school = with_term.school("th-my-an")
    at = dt.datetime(2022, 6, 21, 2, tzinfo=dt.UTC)
    paper = other_paper(
        school,
        "SoKet_6T.docx",
        "BÁO CÁO",
        "Sơ kết 6 tháng đầu năm 2022 thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em",
        "I. Công tác chỉ đạo, triển khai: quán triệt Nghị quyết 121/2020/QH14.\nII. Kết quả thực hiện: 3 buổi.\n",
    )
    paper = dataclasses.replace(paper, header=dataclasses.replace(paper.header, date=dt.date(2022, 6, 20)))
    verdict = _classify(
        with_term, message(SCHOOL, "Báo cáo", files=["SoKet_6T.docx"], received_at=at), [paper], at
    )
    assert not verdict.is_report and verdict.needs_staff and "một phần của năm" in verdict.reason


def test_one_mail_with_the_years_report_and_the_terms_summary_counts_each(with_term: Config) -> None:
    """A school sent its late 2021 NQ121 report and its first term's summary in one mail on 20/12:
    both papers were credited as the term summary, and the yearly report stayed missing."""
    school = with_term.school("th-my-an")
    at = dt.datetime(2021, 12, 20, 2, tzinfo=dt.UTC)
    yearly = report(school, "BC NQ121.docx", date=dt.date(2021, 12, 19))
    term = _term_summary(school, "SoKet_HK1.docx", dt.date(2021, 12, 19))
    mail = message(SCHOOL, "Gửi 2 báo cáo", files=["BC NQ121.docx", "SoKet_HK1.docx"], received_at=at)
    verdict = _classify(with_term, mail, [yearly, term], at)
    plans = {(c.report_id, c.year): [d.name for d in c.documents] for c in (verdict, *verdict.more)}
    assert plans == {("nq121", 2021): ["BC NQ121.docx"], ("hk1", 2022): ["SoKet_HK1.docx"]}


def test_a_terms_summary_titled_by_the_topic_is_the_terms_report(with_term: Config) -> None:
    """Every first-term summary titled as schools title it ("Sơ kết học kỳ I công tác phòng, chống xâm
    hại trẻ em"), its basis citing the resolution, waited for staff as a paper "on the topic only": the
    yearly report's keywords in its title were read as naming another report, though the two reports
    are one plan configured twice with the same keywords."""
    school = with_term.school("th-my-an")
    at = dt.datetime(2022, 1, 10, 2, tzinfo=dt.UTC)
    paper = other_paper(
        school,
        "SoKet_HK1.docx",
        "BÁO CÁO",
        "Sơ kết học kỳ I công tác phòng, chống xâm hại trẻ em năm học 2021-2022",
        "Thực hiện Nghị quyết số 121/2020/QH14 của Quốc hội, nhà trường báo cáo như sau:\n"
        "I. Công tác chỉ đạo, triển khai: tuyên truyền phòng, chống xâm hại trẻ em.\n"
        "II. Kết quả thực hiện: học kỳ I không có vụ xâm hại trẻ em.\n",
    )
    paper = dataclasses.replace(paper, header=dataclasses.replace(paper.header, date=dt.date(2022, 1, 8)))
    mail = message(SCHOOL, "Báo cáo sơ kết HK1", files=["SoKet_HK1.docx"], received_at=at)
    verdict = _classify(with_term, mail, [paper], at)
    assert verdict.is_report and (verdict.report_id, verdict.year) == ("hk1", 2022), verdict.reason


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("Báo cáo NQ121 - TH Mỹ An", "Kính gửi Phòng, trường gửi báo cáo theo tệp đính kèm."),
        ("Báo cáo - TH Mỹ An", "Trường TH Mỹ An gửi báo cáo NQ121 và báo cáo y tế trường học ạ."),
    ],
)
def test_a_plan_the_mail_says_it_sends_without_its_file_is_told(
    with_term: Config, subject: str, body: str
) -> None:
    """A school whose mail said it sent its NQ121 report (in the subject, or in its note beside the
    health report) attached only the health report: the health report was recorded and nothing was
    said of the NQ121 report, so the school believed it had sent it. The NQ121 report is recorded as
    left out, once (not also as the term summary configured with the same keywords), and the school
    is asked for its file."""
    config = dataclasses.replace(with_term, reports=(*with_term.reports, HEALTH))
    school = config.school("th-my-an")
    at = dt.datetime(2021, 10, 22, 2, tzinfo=dt.UTC)
    health = other_paper(school, "BC.docx", "BÁO CÁO", "Công tác y tế trường học", HEALTH_BODY)
    mail = message(SCHOOL, subject, files=["BC.docx"], body=body, received_at=at)
    verdict = _classify(config, mail, [health], at)
    assert verdict.is_report and verdict.report_id == "ytth" and not verdict.unreadable
    [nq121] = verdict.more
    assert nq121.report_id == "nq121" and nq121.unreadable
    assert "không kèm tệp của báo cáo này" in nq121.problems[0]


def test_a_paper_whose_title_names_two_plans_waits_for_staff(two_plans: Config) -> None:
    """One paper titled with both plans ("Kết quả công tác y tế trường học và phòng, chống xâm hại trẻ
    em") was counted for one of them, chosen by which keywords its text named more often: a paper counts
    for one plan only, and when its title does not tell which, staff must."""
    both = other_paper(
        two_plans.school("th-my-an"),
        "BC.docx",
        "BÁO CÁO",
        "Kết quả công tác y tế trường học và phòng, chống xâm hại trẻ em",
        HEALTH_BODY,
    )
    verdict = _classify(two_plans, message(SCHOOL, "Báo cáo", files=["BC.docx"]), [both])
    assert not verdict.is_report and verdict.needs_staff
    assert "BC.docx" in verdict.reason and "ytth" in verdict.reason and "nq121" in verdict.reason


@pytest.mark.parametrize(
    "title",
    [
        "Kết quả thực hiện Nghị quyết 121/2020/QH14 của cá nhân giáo viên năm học 2021-2022",
        "Kết quả thực hiện Nghị quyết 121/2020/QH14 của lớp 5A",
        "Kết quả tuyên truyền phòng, chống xâm hại trẻ em của Liên đội",
    ],
)
def test_a_report_of_a_teacher_or_a_class_is_not_the_schools_report(shipped: Config, title: str) -> None:
    """A form teacher mailed her class's NQ121 report (headed with the school's name, titled "… của lớp
    5A"): it was counted as the school's report, and the school was never reminded to send its own."""
    document = report("Trường Tiểu học Mỹ Lạc", "BC lop 5A.docx")
    own = dataclasses.replace(document, header=dataclasses.replace(document.header, title=title))
    mail = message("gvcn5a.mylac@gmail.com", "Báo cáo NQ121", files=["BC lop 5A.docx"])
    verdict = _classify(shipped, mail, [own])
    assert not verdict.is_report and title in verdict.reason
    with_school = _classify(
        shipped,
        message(SCHOOL, "Báo cáo NQ121", files=["BC lop 5A.docx", "bc.docx"]),
        [own, report("Trường Tiểu học Mỹ Lạc", "bc.docx")],
    )
    assert with_school.is_report and [d.name for d in with_school.documents] == ["bc.docx"]


@pytest.mark.parametrize(
    "title",
    [
        "Kết quả tuyên truyền Nghị quyết 121/2020/QH14 của giáo viên, nhân viên và học sinh nhà trường",
        "Kết quả thực hiện Nghị quyết 121/2020/QH14 cho học sinh từ lớp 1 đến lớp 5",
    ],
)
def test_a_schools_report_about_its_teachers_or_classes_is_still_the_report(
    shipped: Config, title: str
) -> None:
    document = report("Trường Tiểu học Mỹ Lạc", "bc.docx")
    own = dataclasses.replace(document, header=dataclasses.replace(document.header, title=title))
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", files=["bc.docx"]), [own])
    assert verdict.is_report and verdict.documents == (own,)


def test_a_report_under_a_vague_title_is_still_the_report_when_its_text_keeps_naming_it(
    shipped: Config,
) -> None:
    document = report("Trường Tiểu học Mỹ An", "bc.docx")
    vague = dataclasses.replace(
        document, header=dataclasses.replace(document.header, title="Kết quả công tác năm học 2021-2022")
    )
    verdict = _classify(shipped, message(SCHOOL, "Gửi báo cáo", files=["bc.docx"]), [vague])
    assert verdict.is_report and verdict.documents == (vague,)


def test_a_report_titled_by_the_plan_it_answers_is_the_report(shipped: Config) -> None:
    """Schools title a report by the plan it answers ("Kết quả thực hiện Kế hoạch số 45/KH-PGDĐT"); its
    text names the topic in its basis and its results, two sentences. A rule asking three sentences of
    a paper whose title names no keyword counted such a report missing."""
    body = (
        "Căn cứ Kế hoạch số 45/KH-PGDĐT ngày 10/3/2021 của Phòng GDĐT về triển khai thực hiện Nghị quyết "
        "số 121/2020/QH14 của Quốc hội;\nI. Công tác chỉ đạo, triển khai\nNhà trường đã quán triệt đến "
        "toàn thể cán bộ, giáo viên.\nII. Kết quả thực hiện\nTổ chức 4 buổi tuyên truyền phòng, chống xâm "
        "hại trẻ em cho 320 lượt học sinh.\nIII. Khó khăn, vướng mắc: không có.\n"
    )
    title = "Kết quả thực hiện Kế hoạch số 45/KH-PGDĐT ngày 10/3/2021 của Phòng Giáo dục và Đào tạo"
    document = other_paper(shipped.school("th-my-an"), "bc.docx", "BÁO CÁO", title, body)
    verdict = _classify(shipped, message(SCHOOL, "Gửi báo cáo", files=["bc.docx"]), [document])
    assert verdict.is_report and verdict.documents == (document,)


_CT20_BODY = (
    "Thực hiện Công văn số 845/PGDĐT-CTHSSV của Phòng GD&ĐT về việc báo cáo kết quả thực hiện Chỉ thị "
    "20-CT/TW, nhà trường báo cáo như sau:\nI. Công tác chỉ đạo, triển khai\nNhà trường quán triệt Chỉ thị "
    "20-CT/TW, xây dựng kế hoạch phòng, chống xâm hại trẻ em lồng ghép vào kế hoạch năm học.\nII. Kết quả "
    "thực hiện\nTổ chức 6 buổi tuyên truyền phòng, chống xâm hại trẻ em cho 512 lượt học sinh. Không xảy ra "
    "vụ xâm hại trẻ em nào.\nIII. Khó khăn, vướng mắc: phụ huynh đi làm xa.\n"
)


@pytest.mark.parametrize(
    ("title", "basis"),
    [
        ("Kết quả thực hiện Chỉ thị 20-CT/TW về tăng cường phòng, chống xâm hại trẻ em", ""),
        ("Kết quả tổ chức Tháng hành động vì trẻ em năm 2021", ""),
        # The directive's report cites the resolution beside the directive, in a sentence of its own.
        (
            "Kết quả 10 năm thực hiện Chỉ thị 20-CT/TW của Ban Bí thư",
            "Căn cứ Chỉ thị số 20-CT/TW ngày 05/11/2012 của Ban Bí thư;\nCăn cứ Nghị quyết số 121/2020/QH14 "
            "của Quốc hội về phòng, chống xâm hại trẻ em;\n",
        ),
        # A year-end summary with one section on the resolution.
        (
            "Tổng kết năm học 2020-2021",
            "2. Công tác phòng, chống xâm hại trẻ em. Thực hiện Nghị quyết 121/2020/QH14, nhà trường tổ chức 3 "
            "buổi tuyên truyền.\n",
        ),
    ],
)
def test_another_report_on_the_same_topic_waits_for_staff(shipped: Config, title: str, basis: str) -> None:
    """Reports on the topic of the NQ121 report that schools send the office in the same weeks (the
    Chỉ thị 20-CT/TW report "về tăng cường phòng, chống xâm hại trẻ em", the Month of Action for
    Children, a year-end summary) were counted as the school's NQ121 report: the keyword "xâm hại trẻ em"
    in their title or in two sentences sufficed. The school got no reminder and the office never got its
    report. A paper that names the topic but never the report itself (its numbered keywords) may be
    either: staff say which."""
    document = other_paper(shipped.school("th-my-an"), "BC.docx", "BÁO CÁO", title, basis + _CT20_BODY)
    verdict = _classify(shipped, message(SCHOOL, "Gửi báo cáo", files=["BC.docx"]), [document])
    assert not verdict.is_report and verdict.needs_staff and verdict.report_id == "nq121"
    assert verdict.documents == (document,)
    assert "BC.docx" in verdict.reason and "121/2020/QH14" in verdict.reason


def test_a_directives_report_whose_text_names_the_resolution_twice_waits_for_staff(shipped: Config) -> None:
    """A report titled "Kết quả thực hiện Chỉ thị 20-CT/TW …" whose text named Nghị quyết 121 in two
    sentences (the directive's report says how the resolution was carried out beside it) was counted as the
    school's NQ121 report: two sentences of a paper's text name it when its title does not. A title citing
    another paper says what the paper reports on; it waits for staff unless a sentence citing that paper
    names the report (the office's plan implementing it, as in the test above)."""
    body = (
        "Thực hiện Chỉ thị số 20-CT/TW của Ban Bí thư, nhà trường báo cáo như sau:\nI. Công tác chỉ đạo, "
        "triển khai\nNhà trường quán triệt Chỉ thị 20-CT/TW và Nghị quyết 121/2020/QH14 của Quốc hội.\nII. "
        "Kết quả thực hiện\nTổ chức 6 buổi tuyên truyền theo Nghị quyết 121/2020/QH14 cho 512 lượt học sinh.\n"
        "III. Khó khăn, vướng mắc: không có.\n"
    )
    title = "Kết quả thực hiện Chỉ thị 20-CT/TW về tăng cường phòng, chống xâm hại trẻ em"
    document = other_paper(shipped.school("th-my-an"), "BC.docx", "BÁO CÁO", title, body)
    verdict = _classify(shipped, message(SCHOOL, "Gửi báo cáo", files=["BC.docx"]), [document])
    assert not verdict.is_report and verdict.needs_staff and verdict.report_id == "nq121"
    assert "trích yếu không ghi tên báo cáo" in verdict.reason


@pytest.mark.parametrize(
    "title",
    [
        "Kết quả thực hiện Nghị quyết số 56/2017/QH14 của Quốc hội về tiếp tục cải cách tổ chức bộ máy",
        "Kết quả thực hiện Nghị quyết 68/2013/QH13 của Quốc hội năm 2021",
    ],
)
def test_a_report_on_another_resolution_numbered_with_its_year_is_not_the_report(
    shipped: Config, title: str
) -> None:
    """A report titled for another resolution ("Nghị quyết số 56/2017/QH14") whose text named Nghị quyết 121
    and «xâm hại trẻ em» in several sentences was counted as the school's NQ121 report: a resolution's
    number written with its year was not read as a paper the title cites, as "20-CT/TW" is."""
    body = (
        "Thực hiện Nghị quyết của Quốc hội, nhà trường báo cáo như sau:\nI. Công tác chỉ đạo, triển khai\n"
        "Nhà trường lồng ghép Nghị quyết 121/2020/QH14 của Quốc hội về phòng, chống xâm hại trẻ em.\nII. Kết "
        "quả thực hiện\nTổ chức 6 buổi tuyên truyền theo Nghị quyết 121/2020/QH14 cho 512 lượt học sinh.\n"
        "III. Khó khăn, vướng mắc: không có.\n"
    )
    document = other_paper(shipped.school("th-my-an"), "BC.docx", "BÁO CÁO", title, body)
    verdict = _classify(shipped, message(SCHOOL, "Gửi báo cáo", files=["BC.docx"]), [document])
    assert not verdict.is_report and verdict.needs_staff and verdict.report_id == "nq121"
    assert "trích yếu không ghi tên báo cáo" in verdict.reason


def test_a_paper_on_the_topic_mailed_between_seasons_does_not_hold_reminders(shipped: Config) -> None:
    """A school's report of the Month of Action for Children, mailed in June, waited for staff as a paper
    that may be the NQ121 report and held the school's October reminders for as long as nobody answered:
    a school that never sent its NQ121 report could go unreminded. Mailed between seasons it holds none;
    in the season it holds them while staff decide, as any report waiting in review does."""
    title = "Kết quả tổ chức Tháng hành động vì trẻ em năm 2021"
    document = other_paper(shipped.school("th-my-an"), "BC.docx", "BÁO CÁO", title, _CT20_BODY)
    june = dt.datetime(2021, 6, 20, 2, tzinfo=dt.UTC)
    early = _classify(shipped, message(SCHOOL, "Gửi báo cáo", files=["BC.docx"]), [document], at=june)
    assert early.needs_staff and early.report_id == "nq121" and not early.holds
    assert _classify(shipped, message(SCHOOL, "Gửi báo cáo", files=["BC.docx"]), [document]).holds


def test_a_mail_naming_the_report_does_not_make_a_titled_paper_on_its_topic_the_report(
    shipped: Config,
) -> None:
    """A subject saying "Báo cáo NQ121" over the Chỉ thị 20-CT/TW report (a school that sent the wrong
    file) credited the school: a paper's own title says what it is; only a paper without one is what
    the mail names it."""
    title = "Kết quả thực hiện Chỉ thị 20-CT/TW về tăng cường phòng, chống xâm hại trẻ em"
    document = other_paper(shipped.school("th-my-an"), "BaoCao.docx", "BÁO CÁO", title, _CT20_BODY)
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", files=["BaoCao.docx"]), [document])
    assert not verdict.is_report and verdict.needs_staff


@pytest.mark.parametrize(
    "basis",
    [
        "Thực hiện Kế hoạch số 152/KH-PGDĐT về triển khai Nghị quyết số 121/2020/QH14 của Quốc hội;\n",
        "I. CĂN CỨ\n- Nghị quyết số 121/2020/QH14 ngày 19/6/2020 của Quốc hội;\n- Kế hoạch số 152/KH-PGDĐT.\n",
    ],
)
def test_a_report_titled_by_its_topic_whose_basis_names_the_resolution_is_the_report(
    shipped: Config, basis: str
) -> None:
    """The NQ121 report titled by its topic alone ("Kết quả thực hiện công tác phòng, chống xâm hại trẻ
    em") names the resolution once, in the basis it opens with (its own first part, "I. CĂN CỨ", was
    taken for the report's first part and its basis read as empty): it is the report, as is a paper
    without a title under a mail naming the report."""
    body = basis + _CT20_BODY.split("\n", 1)[1]
    title = "Kết quả thực hiện công tác phòng, chống xâm hại trẻ em năm học 2021-2022"
    document = other_paper(shipped.school("th-my-an"), "bc.docx", "BÁO CÁO", title, body)
    verdict = _classify(shipped, message(SCHOOL, "Gửi báo cáo", files=["bc.docx"]), [document])
    assert verdict.is_report and verdict.documents == (document,)
    untitled = Document(name="scan.pdf", format="pdf", text=_CT20_BODY.split("\n", 1)[1], header=Header())
    named = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", files=["scan.pdf"]), [untitled])
    assert named.is_report and named.documents == (untitled,)


_NQ121_BASIS = (
    "Căn cứ Nghị quyết số 121/2020/QH14 ngày 19/6/2020 của Quốc hội về tiếp tục tăng cường hiệu lực, hiệu "
    "quả việc thực hiện chính sách, pháp luật về phòng, chống xâm hại trẻ em;\n"
)


@pytest.mark.parametrize(
    "title",
    [
        "Kết quả thực hiện Luật Trẻ em và công tác phòng, chống xâm hại trẻ em năm 2021",
        "Kết quả thực hiện Chỉ thị số 20-CT/TW về tăng cường phòng, chống xâm hại trẻ em",
    ],
)
@pytest.mark.parametrize("subject", ["Gửi báo cáo", "Báo cáo NQ121"])
def test_a_report_on_another_paper_whose_basis_cites_the_resolution_waits_for_staff(
    shipped: Config, title: str, subject: str
) -> None:
    """A school's report on the Law on Children ("Kết quả thực hiện Luật Trẻ em và công tác phòng, chống xâm
    hại trẻ em") opening "Căn cứ Nghị quyết số 121/2020/QH14 …" was counted as its NQ121 report: a title
    with the topic and a basis naming the resolution sufficed, the law being cited by name, not number.
    The Chỉ thị 20-CT/TW report with the same basis was counted too: its title, which ends with no full
    stop, was read as one sentence with the basis, so the basis seemed to cite the directive. Either
    paper may be another report on the topic; staff say which, whatever the subject says."""
    document = other_paper(
        shipped.school("th-my-an"), "BC.docx", "BÁO CÁO", title, _NQ121_BASIS + _CT20_BODY.split("\n", 1)[1]
    )
    # A Word file's paragraphs are read one a line, with no blank line between the title and the basis.
    document = dataclasses.replace(document, text=document.text.replace(f"{title}\n\n", f"{title}\n"))
    verdict = _classify(shipped, message(SCHOOL, subject, files=["BC.docx"]), [document])
    assert not verdict.is_report and verdict.needs_staff and verdict.report_id == "nq121"
    # Staff are not told the paper never names the resolution: its basis does.
    assert "chỉ nhắc tên báo cáo đó" in verdict.reason and "không ghi tên báo cáo đó" not in verdict.reason


def test_a_title_on_the_resolutions_own_words_with_its_basis_is_the_report(shipped: Config) -> None:
    """The resolution's own subject, "chính sách, pháp luật về phòng, chống xâm hại trẻ em", names no law:
    a report so titled over a basis citing the resolution is the report."""
    title = "Kết quả thực hiện chính sách, pháp luật về phòng, chống xâm hại trẻ em năm học 2021-2022"
    body = _NQ121_BASIS + _CT20_BODY.split("\n", 1)[1]
    document = other_paper(shipped.school("th-my-an"), "bc.docx", "BÁO CÁO", title, body)
    verdict = _classify(shipped, message(SCHOOL, "Gửi báo cáo", files=["bc.docx"]), [document])
    assert verdict.is_report and verdict.documents == (document,)


def test_a_paper_titled_by_the_topic_alone_is_the_report_the_mail_names(shipped: Config) -> None:
    """A school mailing "Báo cáo NQ121" with its report titled by the topic alone ("Công tác phòng,
    chống xâm hại trẻ em năm học 2021-2022"), its text never naming the resolution, waited for staff like
    a report on another paper: a title stating the topic and citing no other paper agrees with the mail.
    Under a subject that names no report it still waits for staff."""
    title = "Công tác phòng, chống xâm hại trẻ em năm học 2021-2022"
    document = other_paper(shipped.school("mg-binh-an"), "BC.docx", "BÁO CÁO", title, _CT20_BODY)
    named = _classify(shipped, message(SCHOOL, "Báo cáo NQ121 - MG Bình An", files=["BC.docx"]), [document])
    assert named.is_report and named.documents == (document,)
    unnamed = _classify(shipped, message(SCHOOL, "Gửi báo cáo", files=["BC.docx"]), [document])
    assert not unnamed.is_report and unnamed.needs_staff


@pytest.mark.parametrize(
    ("body", "title", "counted"),
    [
        ("Trường gửi báo cáo kết quả thực hiện Nghị quyết 121 về phòng, chống xâm hại trẻ em.", "", True),
        ("Dạ em gửi BC NQ121 của trường ạ.", "", True),
        ("Dạ trường gửi báo cáo ạ. Báo cáo NQ121 em sẽ gửi sau ạ.", "", False),
        ("Phòng cho em hỏi báo cáo NQ121 gửi bản nào ạ?", "", False),
        (
            "Trường gửi báo cáo thực hiện Nghị quyết 121 ạ.",
            "Kết quả thực hiện Chỉ thị 20-CT/TW về tăng cường phòng, chống xâm hại trẻ em",
            False,
        ),
    ],
    ids=["note names the resolution", "note names NQ121", "promised later", "a question", "titled another"],
)
def test_a_paper_titled_by_the_topic_is_the_report_the_schools_note_sends(
    shipped: Config, body: str, title: str, counted: bool
) -> None:
    """A school mailed "TH Mỹ An gửi báo cáo" with the note "Trường gửi báo cáo kết quả thực hiện Nghị quyết
    121 …" over its report titled by the topic alone: the same report under a subject naming NQ121 counted,
    but under the note it waited for staff as a paper that may be another on the topic, and held the
    school's reminders. A sentence of the note sending the report it names says what the file is, as the
    subject does; one promising or asking does not, and a title citing another paper still decides."""
    title = title or "Công tác phòng, chống xâm hại trẻ em năm học 2021-2022"
    document = other_paper(shipped.school("th-my-an"), "BC.docx", "BÁO CÁO", title, _CT20_BODY)
    verdict = _classify(
        shipped, message(SCHOOL, "TH Mỹ An gửi báo cáo", body=body, files=["BC.docx"]), [document]
    )
    assert verdict.is_report is counted
    if not counted:
        assert verdict.needs_staff and verdict.report_id == "nq121"


def test_a_scanned_title_whose_resolution_number_was_misread_is_the_report_the_mail_names(
    shipped: Config,
) -> None:
    """A scanned report titled "… Nghị quyết số 121/2020/QH14 về phòng, chống xâm hại trẻ em", the "1"
    read as "l", under "Báo cáo NQ121": the year and code of the resolution's number ("2020/QH14") were
    taken for another paper the title cites, so the report waited for staff as a paper on the topic."""
    title = "Kết quả thực hiện Nghị quyết số l21/2020/QH14 về phòng, chống xâm hại trẻ em"
    document = other_paper(shipped.school("mg-binh-an"), "BC.pdf", "BÁO CÁO", title, _CT20_BODY)
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", files=["BC.pdf"]), [document])
    assert verdict.is_report and verdict.documents == (document,)


def test_a_terms_summary_on_the_topic_waits_for_staff_without_holding_reminders(shipped: Config) -> None:
    """A semester's summary titled by the topic alone ("Sơ kết học kỳ I … phòng, chống xâm hại trẻ em") went
    to review as a paper that may be the report, and so held the school's reminders for the year's report
    it still owed until staff answered. A paper of part of the year holds none, whatever names it."""
    title = "Sơ kết học kỳ I năm học 2021-2022 công tác phòng, chống xâm hại trẻ em"
    document = other_paper(shipped.school("mg-binh-an"), "BC.docx", "BÁO CÁO", title, _CT20_BODY)
    verdict = _classify(shipped, message(SCHOOL, "Gửi báo cáo", files=["BC.docx"]), [document])
    assert verdict.needs_staff and verdict.report_id == "nq121" and not verdict.holds
    year = "Công tác phòng, chống xâm hại trẻ em năm học 2021-2022"
    whole = dataclasses.replace(document, header=dataclasses.replace(document.header, title=year))
    assert _classify(shipped, message(SCHOOL, "Gửi báo cáo", files=["BC.docx"]), [whole]).holds


def test_staff_passing_on_a_schools_paper_on_the_topic_ask_which_school(shipped: Config) -> None:
    """Staff forwarding a school's paper that names only the report's topic: it is carried for review as
    a report staff pass on, not set aside as the office's own mail."""
    title = "Công tác phòng, chống xâm hại trẻ em năm học 2021-2022"
    document = other_paper(shipped.school("mg-my-an"), "BC.docx", "BÁO CÁO", title, _CT20_BODY)
    mail = message("pgdthuthua@example.edu.vn", "Fwd: BC MG Mỹ An", files=["BC.docx"])
    verdict = _classify(shipped, mail, [document])
    assert verdict.internal and verdict.report_id == "nq121" and verdict.documents == (document,)


_OUTLOOK_QUOTE = (
    "Dạ trường sẽ gửi trong chiều nay ạ.\n\n________________________________\n"
    "Từ: Phòng GD&ĐT Thủ Thừa <pgdthuthua@example.edu.vn>\nĐã gửi: Thứ Năm, 14 tháng 10, 2021 7:30\n"
    "Đến: c1myphu.thuthua@example.edu.vn\nChủ đề: Nhắc nộp báo cáo NQ121\n\n"
    "Kính gửi Hiệu trưởng Trường Tiểu học Mỹ Phú,\nĐề nghị trường gửi báo cáo (file đính kèm) trước 25/10.\n"
)


@pytest.mark.parametrize("subject", ["RE: Nhắc nộp báo cáo NQ121", "TL: Nhắc nộp báo cáo NQ121"])
def test_an_outlook_reply_quoting_a_reminder_is_not_an_unreadable_report(
    shipped: Config, subject: str
) -> None:
    """Outlook quotes the message it answers under "Từ: … / Đã gửi: …", not under "… đã viết:": the
    quoted reminder's "(file đính kèm)" was read as the school's own words, and a school promising its
    report was recorded as having sent one that could not be read."""
    mail = message("c1myphu.thuthua@example.edu.vn", subject, body=_OUTLOOK_QUOTE)
    assert mail.own_body == "Dạ trường sẽ gửi trong chiều nay ạ.\n\n________________________________"
    assert not _classify(shipped, mail, []).is_report


def test_an_outlook_forward_keeps_the_message_it_passes_on(shipped: Config) -> None:
    mail = message("c1myphu.thuthua@example.edu.vn", "TR: Nhắc nộp báo cáo NQ121", body=_OUTLOOK_QUOTE)
    assert "(file đính kèm)" in mail.own_body


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        (
            "Re: Báo cáo NQ121 năm 2021",
            "Kính gửi Phòng GD&ĐT,\nTrường gửi nhầm file báo cáo, xin Phòng hủy thư trước. "
            "Trường sẽ gửi lại bản đúng trong ngày mai.\nTrân trọng.",
        ),
        (
            "Xin thu hồi báo cáo NQ121 đã gửi",
            "Trường xin thu hồi báo cáo đã gửi sáng nay để chỉnh sửa số liệu ạ.",
        ),
        # Outlook's recall from an English-language Outlook: it was set aside as noise, the report it
        # recalls still counted and was acknowledged, and staff never saw the recall.
        (
            "Recall: Báo cáo NQ121 năm 2021 - Trường TH Mỹ Phú",
            'Trường TH Mỹ Phú would like to recall the message, "Báo cáo NQ121 năm 2021 - Trường TH Mỹ Phú".',
        ),
    ],
)
def test_a_note_withdrawing_a_report_sent_before_goes_to_staff(
    shipped: Config, subject: str, body: str
) -> None:
    """A school asking the office to cancel a report it sent by mistake ("gửi nhầm file báo cáo, xin
    hủy") was recorded as a report whose file was missing: the school was told to attach the file, and
    staff never saw that the report still counted was one the school had withdrawn."""
    verdict = _classify(shipped, message("c1myphu.thuthua@example.edu.vn", subject, body=body), [])
    assert not verdict.is_report and verdict.needs_staff
    assert verdict.reason.startswith("Trường đề nghị hủy hoặc thu hồi thư đã gửi")


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        (
            "Xin gia hạn nộp báo cáo NQ121",
            "Kính gửi Phòng GD&ĐT,\nDo cô Hiệu trưởng đi tập huấn đến hết ngày 26/10 nên chưa ký được, trường "
            "em xin gia hạn nộp báo cáo đến 28/10 ạ.\nEm cảm ơn.",
        ),
        ("Re: Nhắc nộp báo cáo NQ121", "Dạ đề nghị Phòng cho trường em gia hạn đến thứ Tư ạ."),
        ("Re: Nhắc nộp báo cáo NQ121", "Dạ trường em xin gia hạn đến ngày 30/10 ạ."),
        ("Re: Nhắc nộp báo cáo NQ121", "Dạ trường em xin phép nộp trễ đến ngày 28/10 ạ. Em cảm ơn."),
        ("Re: Nhắc nộp báo cáo NQ121", "Dạ cô văn thư nghỉ ốm, trường em xin gửi trễ 2 ngày ạ."),
        ("Re: Nhắc nộp báo cáo NQ121", "Dạ chị ơi cho trường em nộp trễ tới thứ Hai 27/10 được không ạ?"),
        ("Re: Nhắc nộp báo cáo NQ121", "Dạ trường em xin hoãn nộp báo cáo đến 30/10 ạ."),
    ],
    ids=["xin gia hạn", "đề nghị cho gia hạn", "dạ, not đã", "nộp trễ", "gửi trễ", "cho nộp trễ", "hoãn"],
)
def test_a_school_asking_for_more_time_is_put_before_staff(shipped: Config, subject: str, body: str) -> None:
    """Two days before the deadline a school asked "xin gia hạn nộp báo cáo đến 28/10": the mail was noise
    ("thư nhắc đến báo cáo nhưng không kèm văn bản"), so no staff list showed the request and the school's
    only answer was the overdue reminders. It waits for staff now, holding no reminder and no season."""
    verdict = _classify(shipped, message("c0tanthanh.thuthua@example.edu.vn", subject, body=body), [])
    assert not verdict.is_report and verdict.needs_staff
    assert verdict.report_id is None and verdict.year is None
    assert verdict.reason.startswith("Trường xin gia hạn nộp báo cáo: «")


@pytest.mark.parametrize(
    "body",
    [
        "Dạ em cảm ơn Phòng đã gia hạn cho trường ạ.",
        "Dạ em cảm ơn Phòng đã cho trường em gia hạn đến 28/10 ạ.",
        "Da em cam on Phong da gia han cho truong a.",
        "Dạ trường em xin lỗi vì nộp trễ ạ.",
        "Dạ em xin lỗi Phòng, trường em gửi trễ ạ.",
    ],
    ids=["thanks", "thanks for letting", "without marks", "sorry late", "sorry sent late"],
)
def test_thanks_for_an_extension_granted_is_no_request(shipped: Config, body: str) -> None:
    """Neither is an apology for sending late («xin lỗi vì nộp trễ»)."""
    verdict = _classify(
        shipped, message("c0tanthanh.thuthua@example.edu.vn", "Re: Gia hạn nộp", body=body), []
    )
    assert not verdict.needs_staff


@pytest.mark.parametrize(
    "subject", ["BC NQ 121", "bao cao nq-121", "Báo cáo NQ121_2021", "BÁO CÁO NGHỊ QUYẾT 121"]
)
def test_keywords_read_whatever_the_separators_and_tones(shipped: Config, subject: str) -> None:
    unread = Failure("x.jpg", "corrupt", "Ảnh x.jpg bị hỏng.")
    verdict = _classify(shipped, message(SCHOOL, subject, files=["x.jpg"]), [], failures=(unread,))
    assert verdict.is_report and verdict.report_id == "nq121"


def _mail(sender: str, **headers: str) -> message_mod.Mail:
    msg = EmailMessage()
    msg["From"] = sender
    msg["Message-ID"] = headers.pop("message_id", "<x@example.edu.vn>")
    for key, value in headers.items():
        msg[key.replace("_", "-")] = value
    msg.set_content("Trả lời tự động: tôi đang đi công tác.")
    return message_mod.parse(msg.as_bytes(), fallback_id="x")


@pytest.mark.parametrize(
    ("mail", "automatic"),
    [
        (_mail("c1myan.thuthua@example.edu.vn"), False),
        (_mail("c1myan.thuthua@example.edu.vn", Auto_Submitted="auto-replied"), True),
        (_mail("c1myan.thuthua@example.edu.vn", Auto_Submitted="no"), False),
        (_mail("c1myan.thuthua@example.edu.vn", X_Autoreply="yes"), True),
        (_mail("c1myan.thuthua@example.edu.vn", Precedence="bulk"), True),
        (_mail("MAILER-DAEMON@mail.example.edu.vn"), True),
        (_mail("a@gmail.com", message_id=f"<{mailids.make('ack:x', 'example.edu.vn')}>"), True),
        (_mail("thongbao@noreply.example.vn"), False),
        (_mail("noreply@example.vn"), True),
    ],
)
def test_mail_no_person_wrote_is_automatic(mail: message_mod.Mail, automatic: bool) -> None:
    assert (automatic_reason(mail, "example.edu.vn") is not None) is automatic


def test_the_offices_own_mail_is_internal_unless_it_forwards_a_schools() -> None:
    office = frozenset({"pgdthuthua@example.edu.vn"})
    assert is_internal(_mail("pgdthuthua@example.edu.vn"), office)
    assert not is_internal(_mail("c1myan.thuthua@example.edu.vn"), office)


def test_the_offices_outlook_forward_of_a_schools_report_is_not_internal(shipped: Config) -> None:
    """Staff forwarding a school's report from Outlook ("TR:", the school's header lines and no marker
    line) into the mailbox: the school went unseen, the mail was recorded as the office's own and the
    report was never counted."""
    body = (
        "Chuyển vào hộp thư báo cáo.\n\n________________________________\n"
        "Từ: TH Bình Thạnh 2 <c1binhthanh2.thuthua@example.edu.vn>\n"
        "Đã gửi: Thứ Ba, 19 tháng 10, 2021 3:02 CH\nĐến: pgdthuthua@example.edu.vn\nChủ đề: Báo cáo NQ121\n"
    )
    mail = message("pgdthuthua@example.edu.vn", "TR: Báo cáo NQ121", body=body, files=["bc.docx"])
    verdict = _classify(shipped, mail, [report("Trường Tiểu học Bình Thạnh 2", "bc.docx")])
    assert not verdict.internal and verdict.is_report


@pytest.mark.parametrize(
    ("subject", "file"),
    [
        ("Báo cáo thực hiện Nghị quyết 121/2020/QH14", "bc.pdf"),
        ("Bc nq121-2020", "bc.pdf"),
        ("BC NQ 121_2020 TH Mỹ An", "bc.pdf"),
        ("Báo cáo NQ121", "BC_NQ121.2020.pdf"),
        ("Báo cáo NQ121", "BC NQ 121 2020-QH14.pdf"),
    ],
)
def test_the_year_inside_the_resolutions_number_is_not_the_year_reported_on(
    shipped: Config, subject: str, file: str
) -> None:
    """A subject naming "Nghị quyết 121/2020/QH14" filed a 2021 report without a dated header under 2020;
    so did «Bc nq121-2020», the resolution's number written with a dash, an underscore or a space."""
    broken = Failure(file, "corrupt", f"Tệp {file} bị hỏng.")
    mail = message(SCHOOL, subject, files=[file])
    verdict = _classify(shipped, mail, [], failures=(broken,))
    assert verdict.is_report and verdict.year is None  # the pipeline takes the year of receipt


@pytest.mark.parametrize(
    ("subject", "file"),
    [
        ("BC NQ121 năm học 2020-2021", "bc.pdf"),
        ("BC NQ121 NH 2020 - 2021", "bc.pdf"),
        ("Báo cáo NQ121", "BC nam hoc 2020-2021.pdf"),
    ],
)
def test_the_past_school_year_in_a_subject_is_the_running_season_as_in_a_title(
    shipped: Config, subject: str, file: str
) -> None:
    """«BC NQ121 năm học 2020-2021» over a broken file, received in October 2021, was filed under 2020 by the
    first year it wrote: the school year just ended is what this season reports on, as a title's is read."""
    broken = Failure(file, "corrupt", "Tệp bị hỏng.")
    verdict = _classify(shipped, message(SCHOOL, subject, files=[file]), [], failures=(broken,))
    assert verdict.is_report and verdict.year == 2021


@pytest.mark.parametrize("subject", ["BC NQ121 năm 2020", "BC NQ121/2020/QH14 năm 2020"])
def test_a_year_stated_after_the_resolutions_number_is_still_the_year_reported_on(
    shipped: Config, subject: str
) -> None:
    """«NQ121 năm 2020» states the season 2020: only the year written as the number's own is left out."""
    broken = Failure("bc.pdf", "corrupt", "Tệp bị hỏng.")
    mail = message(SCHOOL, subject, files=["bc.pdf"])
    verdict = _classify(shipped, mail, [], failures=(broken,))
    assert verdict.is_report and verdict.year == 2020


_COVER_WITH_TITLE = (
    "Kính gửi: Phòng Giáo dục và Đào tạo huyện Thủ Thừa.\n\nTrường Tiểu học Mỹ An gửi:\n\nBÁO CÁO\n"
    "Kết quả thực hiện Nghị quyết số 121/2020/QH14 năm 2021\n\n{said}\n\nTrân trọng.\nNguyễn Thị Hồng\n"
)
_LOCKED = Failure("bc.pdf", "encrypted", "Tệp PDF bc.pdf được bảo vệ bằng mật khẩu, không đọc được nội dung.")


@pytest.mark.parametrize(
    ("said", "files", "failures", "problem"),
    [
        ("(file đính kèm)", [], (), "không kèm tệp nào"),
        ("Mời Phòng tải về: https://drive.google.com/file/d/1aBc/view?usp=sharing", [], (), "đường dẫn"),
        ("(tệp đính kèm, mật khẩu mở tệp: 123456)", ["bc.pdf"], (_LOCKED,), "mật khẩu"),
    ],
    ids=["forgotten-file", "drive-link", "locked-pdf"],
)
def test_a_cover_note_setting_out_the_reports_title_is_not_the_report(
    shipped: Config, said: str, files: list[str], failures: tuple[Failure, ...], problem: str
) -> None:
    """Regression: a cover note that writes "BÁO CÁO" and the report's title on lines of their own was
    read as a report pasted into the mail, so a school whose file was locked, left behind on Google
    Drive or forgotten was counted as having reported. It is a report that could not be read."""
    mail = message(SCHOOL, "Báo cáo NQ121 - TH Mỹ An", body=_COVER_WITH_TITLE.format(said=said), files=files)
    body = read_body(mail.own_body)
    assert body is not None and body.header.kind == "BÁO CÁO"
    verdict = _classify(shipped, mail, [body], failures=failures)
    assert verdict.is_report and verdict.unreadable
    assert problem in " ".join(verdict.problems)


def test_a_cover_note_with_the_reports_title_and_nothing_else_is_not_a_report(shipped: Config) -> None:
    mail = message(SCHOOL, "Báo cáo NQ121 - TH Mỹ An", body=_COVER_WITH_TITLE.format(said=""))
    body = read_body(mail.own_body)
    assert body is not None
    verdict = _classify(shipped, mail, [body])
    assert not verdict.is_report
    assert verdict.reason == "Thư nhắc đến báo cáo nhưng không kèm văn bản báo cáo nào."


_TYPED_REPORT = (
    "UBND HUYỆN THỦ THỪA\nTRƯỜNG TIỂU HỌC MỸ AN\n\nBÁO CÁO\nKết quả triển khai thực hiện Nghị quyết "
    "121/2020/QH14 về phòng, chống xâm hại trẻ em năm 2021\n\nI. Công tác chỉ đạo, triển khai\nNhà trường "
    "quán triệt Nghị quyết 121/2020/QH14 đến toàn thể cán bộ, giáo viên, nhân viên.\nII. Kết quả thực hiện\n"
    "- Tổ chức 3 buổi tuyên truyền với 140 lượt phụ huynh tham gia.\n- Không xảy ra vụ xâm hại trẻ em nào.\n"
    "III. Khó khăn, vướng mắc\nPhụ huynh đi làm xa, ít tham dự họp.\nIV. Đề xuất, kiến nghị\nKhông có.\n\n"
    "HIỆU TRƯỞNG\nNguyễn Thị Hồng\n"
)


@pytest.fixture
def sectionless(shipped: Config) -> Config:
    """The shipped config with the report's sections and figures left out, as README allows."""
    nq121 = dataclasses.replace(shipped.report("nq121"), sections=(), figures=())
    return dataclasses.replace(shipped, reports=(nq121,))


def test_a_report_typed_under_its_title_counts_when_the_config_lists_no_sections(sectionless: Config) -> None:
    """Regression: a report typed into the mail under its header and «BÁO CÁO» title, its four parts
    written out, was noise when the config listed no sections for the report: the title was taken to
    need one of them under it, and there were none to find. The school was never counted."""
    mail = message(SCHOOL, "Báo cáo NQ121 - TH Mỹ An", body=_TYPED_REPORT)
    body = read_body(mail.own_body)
    assert body is not None and body.header.kind == "BÁO CÁO"
    verdict = _classify(sectionless, mail, [body])
    assert verdict.is_report and not verdict.unreadable and verdict.year == 2021


# The office's reminder as schools receive it, with the report's parts listed one a line.
_REMINDER_TEXT = (
    "Kính gửi: Hiệu trưởng Trường Tiểu học Mỹ An\n\nPhòng Giáo dục và Đào tạo huyện Thủ Thừa đề nghị nhà trường "
    "gửi báo cáo kết quả triển khai thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em năm 2021 về "
    "Phòng chậm nhất ngày 25/10/2021 (thứ Hai, còn 1 ngày).\n\nĐến 07:30 ngày 24/10/2021, Phòng chưa nhận được "
    "báo cáo của nhà trường.\n\nBáo cáo gồm các nội dung chính:\n  1. Công tác chỉ đạo, triển khai\n  2. Kết quả "
    "thực hiện\n  3. Khó khăn, vướng mắc\n  4. Đề xuất, kiến nghị\n\nNhà trường gửi báo cáo bằng thư điện tử đến "
    "địa chỉ pgdthuthua@example.edu.vn, đính kèm bản quét có chữ ký, đóng dấu (tệp PDF) và bản Word nếu có. Mỗi "
    "thư chỉ gửi báo cáo của một trường.\n\nTrân trọng./.\n\nPhòng Giáo dục và Đào tạo huyện Thủ Thừa"
)


@pytest.mark.parametrize(
    ("subject", "note"),
    [
        ("Re: Nhắc nộp báo cáo NQ121", "Dạ vâng ạ"),
        ("Phòng ơi trường em nộp rồi ạ", "Phòng ơi trường em nộp rồi mà sao vẫn nhận được thư này ạ:"),
    ],
    ids=["reply without quote marks", "reminder pasted into a new mail"],
)
def test_the_offices_reminder_pasted_back_is_not_the_schools_report(
    shipped: Config, subject: str, note: str
) -> None:
    """A school answered the reminder from a mail program that appends the original with no quote mark
    and no "… đã viết:" line: the reminder's list of the report's parts read as the report typed into the
    mail, and a school that had sent nothing was counted as having reported (a reminder pasted into a new
    mail, "đính kèm bản quét …" in it, was a report with its file forgotten)."""
    mail = message(SCHOOL, subject, body=f"{note}\n\n{_REMINDER_TEXT}")
    assert mail.own_body.strip() == note
    body = read_body(mail.own_body)
    verdict = _classify(shipped, mail, [body] if body is not None else [])
    assert not verdict.is_report


def test_a_list_of_the_reports_parts_is_not_the_report_typed_into_the_mail(shipped: Config) -> None:
    """A cover note whose file was left behind listed the report's parts, one a line with nothing under
    them: the headings alone made it a report typed into the mail, counted as received."""
    listed = _REMINDER_TEXT.split("\n", 2)[2]  # without the salutation
    mail = message(SCHOOL, "Báo cáo NQ121", body=f"Kính gửi Phòng GD&ĐT,\n{listed}")
    body = read_body(mail.own_body)
    assert body is not None
    verdict = _classify(shipped, mail, [body])
    assert not verdict.is_report or verdict.unreadable


def test_a_note_about_the_report_with_an_attachment_that_holds_no_paper_says_it_names_the_report(
    shipped: Config,
) -> None:
    """Outlook's winmail.dat without files (or an attached message without papers) gives no document:
    a note about the report ("xin gửi chậm") carrying one was told "mentions no report at all"."""
    mail = message(
        SCHOOL, "Báo cáo NQ121", body="Trường xin gửi báo cáo NQ121 chậm 2 ngày.", files=["winmail.dat"]
    )
    verdict = _classify(shipped, mail, [])
    assert not verdict.is_report
    assert verdict.reason == "Thư nhắc đến báo cáo nhưng không kèm văn bản báo cáo nào."


def test_a_report_pasted_into_the_mail_is_still_the_report(shipped: Config) -> None:
    pasted = render_text(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(7)))
    mail = message(SCHOOL, "Báo cáo NQ121", body=f"Kính gửi Phòng GD&ĐT,\nTrường gửi báo cáo:\n\n{pasted}")
    body = read_body(mail.own_body)
    assert body is not None
    verdict = _classify(shipped, mail, [body])
    assert verdict.is_report and not verdict.unreadable and verdict.year == 2021


def test_a_link_at_the_end_of_a_sentence_is_quoted_without_its_full_stop(shipped: Config) -> None:
    """Regression: "... tải về tại đường dẫn: https://drive.google.com/...usp=sharing." was quoted to
    staff with the full stop inside the link, which then does not open."""
    link = "https://drive.google.com/file/d/1aBc/view?usp=sharing"
    mail = message(SCHOOL, "Báo cáo NQ121", body=f"Trường gửi báo cáo NQ121, mời Phòng tải về tại: {link}.")
    verdict = _classify(shipped, mail, [])
    assert verdict.unreadable
    assert f"({link})" in verdict.problems[0]


@pytest.mark.parametrize(
    "link",
    [
        "https://bit.ly/bcnq121thmyan",
        "https://www.icloud.com/iclouddrive/0a1B2c3D4e5F#BC_NQ121",
        "https://f21-zpc.zdn.vn/1234567890abcdef/BC_NQ121.docx",
        "https://thmyan.edu.vn/files/BC_NQ121.pdf",
    ],
    ids=["short-link", "icloud", "zalo-file", "file-on-a-website"],
)
def test_a_report_left_behind_a_short_link_or_a_phones_cloud_is_unreadable(
    shipped: Config, link: str
) -> None:
    """Regression: only a few drive hosts were known as links, so a school that sent its report as a
    bit.ly link, an iCloud Drive or Zalo file link, or a file's address on its website was recorded as
    mail that merely mentions the report: nothing was recorded for the school and nobody told it to
    attach the file."""
    mail = message(SCHOOL, "Báo cáo NQ121", body=f"Dạ em gửi báo cáo theo đường link: {link} ạ.")
    verdict = _classify(shipped, mail, [])
    assert verdict.is_report and verdict.unreadable
    assert "đường dẫn" in verdict.problems[0] and "đính kèm" in verdict.problems[0]


def test_a_report_sent_in_gmails_confidential_mode_is_unreadable(shipped: Config) -> None:
    """Regression: a report mailed in Gmail's confidential mode arrives as a notice whose text and files
    are only behind a confidential-mail.google.com link: it was "a mail that merely mentions the report",
    nothing was recorded for the school and nobody told it to send an ordinary mail with the file."""
    link = "https://confidential-mail.google.com/mail/u/0/v/AbCdEf?lang=vi"
    body = (
        f"Nguyễn Văn Hùng ({SCHOOL}) đã gửi cho bạn một email ở chế độ bảo mật\n\nXem email\n{link}\n\n"
        "Bạn đã nhận được một email ở chế độ bảo mật. Email này có thể hết hạn sau 1 tuần.\n"
    )
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo thực hiện NQ121 năm 2021", body=body), [])
    assert verdict.is_report and verdict.unreadable
    assert "chế độ bảo mật" in verdict.problems[0] and link in verdict.problems[0]


def test_a_sealed_mail_that_names_no_report_waits_for_staff(shipped: Config) -> None:
    """Regression: an Outlook protected message (its text and files sealed in message.rpmsg) or a Gmail
    confidential-mode notice whose subject names no report ("Gửi Phòng GD") was noise, "mentions no report":
    nothing in it can be read, so nothing says it is no report, and a school's report sent that way was
    silently dropped. Staff read it."""
    sealed = "Thư này được bảo vệ bằng Quản lý Quyền Thông tin (IRM). Hãy mở bằng Microsoft Outlook."
    rpmsg = message(SCHOOL, "Gửi Phòng GD", body=sealed, files=["message.rpmsg"])
    failure = Failure("message.rpmsg", "unsupported", "Tệp message.rpmsg không đọc được.")
    verdict = _classify(shipped, rpmsg, [], failures=(failure,))
    assert not verdict.is_report and verdict.needs_staff and "message.rpmsg" in verdict.reason
    link = "https://confidential-mail.google.com/mail/u/0/v/AbCdEf?lang=vi"
    body = f"Nguyễn Văn Hùng đã gửi cho bạn một email ở chế độ bảo mật\n\nXem email\n{link}\n"
    verdict = _classify(shipped, message(SCHOOL, "TH Mỹ An", body=body), [])
    assert not verdict.is_report and verdict.needs_staff and "chế độ bảo mật" in verdict.reason


def test_a_schools_request_for_access_to_the_offices_shared_form_is_no_report(shipped: Config) -> None:
    """Regression: Google Drive's access request ("Yêu cầu chia sẻ: "Mẫu báo cáo NQ121"", a school asking
    for the office's template) carries the link of the office's own file: it was recorded as the school's
    report sent by link, unreadable, and the school was told to attach the report it had not written yet.
    It is no report, and staff read it to grant the access."""
    link = "https://docs.google.com/document/d/1Mau/edit?usp=sharing_erp"
    body = (
        f"Nguyễn Văn Hùng ({SCHOOL}) đang yêu cầu quyền truy cập vào tài liệu sau:\n"
        f"Mẫu báo cáo NQ121 năm 2021\n{link}\nChia sẻ\n"
    )
    mail = message(SCHOOL, 'Yêu cầu chia sẻ: "Mẫu báo cáo NQ121 năm 2021"', body=body)
    verdict = _classify(shipped, mail, [])
    assert not verdict.is_report and verdict.needs_staff
    assert "quyền truy cập" in verdict.reason


def test_a_link_in_a_question_about_the_form_is_not_a_report_sent_by_link(shipped: Config) -> None:
    """Regression: a school asking whether the office's form is the file at a link was recorded as having
    sent its report by link (unreadable) and told to attach it; a sentence that asks sends nothing. The
    "?" inside a link ("?usp=sharing") asks nothing either (see the tests above)."""
    mail = message(
        SCHOOL,
        "Hỏi mẫu báo cáo NQ121",
        body="Cho em hỏi mẫu báo cáo NQ121 là file https://docs.google.com/document/d/1aBc/edit phải không ạ?",
    )
    assert not _classify(shipped, mail, []).is_report


def test_a_link_sent_as_the_report_without_naming_it_is_the_running_seasons_unreadable_report(
    shipped: Config,
) -> None:
    """Regression: "Gửi báo cáo" with a body "em gửi link ạ" and a Google Drive link names no report,
    so it was noise: the school believed it had reported while baocao recorded nothing and its
    reminders went on without telling it why. While one report's season runs, it is that report,
    unreadable; out of season staff read it; a link to photos that says nothing of a report is noise."""
    body = "em gửi link ạ\nhttps://drive.google.com/file/d/1aBc/view?usp=sharing\n\nSent from my iPhone"
    mail = message(SCHOOL, "Gửi báo cáo", body=body)
    verdict = _classify(shipped, mail, [])
    assert verdict.is_report and verdict.unreadable and verdict.report_id == "nq121"
    assert "https://drive.google.com/file/d/1aBc/view?usp=sharing" in verdict.problems[0]
    march = dt.datetime(2022, 3, 10, 2, 15, tzinfo=dt.UTC)
    verdict = _classify(shipped, mail, [], at=march)
    assert not verdict.is_report and verdict.needs_staff and "đường dẫn" in verdict.reason
    photos = message(SCHOOL, "Hình ảnh hoạt động", body="Em gửi hình ảnh ạ https://photos.app.goo.gl/AbC")
    assert not _classify(shipped, photos, []).needs_staff


def test_a_few_typed_lines_with_the_reports_sections_and_figures_are_the_report(shipped: Config) -> None:
    """Regression: a kindergarten principal typed the report on a phone in seven lines (figures, "Khó
    khăn:", "Đề xuất:"): under 400 characters, it was taken for a note mentioning the report and the
    school's report was missed. A short note stating one figure is still no report."""
    typed = (
        "Kính gửi: Phòng GD&ĐT\nTrường MG Mỹ An báo cáo kết quả thực hiện NQ121 như sau:\n"
        "- Đã tổ chức 3 buổi tuyên truyền cho phụ huynh.\n- Có 120 trẻ và 95 phụ huynh tham gia.\n"
        "- Không có vụ xâm hại trẻ em.\n- Khó khăn: phụ huynh đi làm xa ít tham gia.\n"
        "- Đề xuất: Phòng tổ chức tập huấn cho giáo viên.\nHT Nguyễn Thị Mỹ"
    )
    mail = message(SCHOOL, "Báo cáo NQ121", body=typed)
    body = read_body(mail.own_body)
    assert body is not None and len(body.text) < 400
    verdict = _classify(shipped, mail, [body])
    assert verdict.is_report and not verdict.unreadable
    note = (
        "Kính gửi: Phòng GD&ĐT\nTrường MG Mỹ An gửi báo cáo NQ121, bản ký đóng dấu gửi sau; do thời gian gấp, "
        "trường gửi trước vài dòng để Phòng nắm tình hình.\n"
        "- Trường đã tổ chức 5 buổi tuyên truyền cho phụ huynh.\n- Khó khăn: không có.\n- Đề xuất: không có.\n"
        "HT Nguyễn Thị Mỹ"
    )
    mail = message(SCHOOL, "Báo cáo NQ121", body=note)
    body = read_body(mail.own_body)
    assert body is not None
    assert not _classify(shipped, mail, [body]).is_report


def test_a_cover_letter_and_the_report_in_one_file_are_the_report(shipped: Config) -> None:
    """A school printed (or scanned) its cover letter, "Công văn V/v gửi báo cáo … Nghị quyết 121", and
    the report behind it into one PDF: the file's header is the letter's, so the file was taken for
    another paper and the school's report was recorded as not a report."""
    school = shipped.school("th-my-an")
    cover = other_paper(
        school,
        "CV kem BC.pdf",
        "CÔNG VĂN",
        "V/v gửi báo cáo kết quả thực hiện Nghị quyết 121/2020/QH14",
        "Trường Tiểu học Mỹ An gửi kèm theo công văn này báo cáo kết quả thực hiện.",
    )
    enclosed = report(school, "CV kem BC.pdf")
    both = dataclasses.replace(
        cover,
        text=f"{cover.text}\n\n{enclosed.text}",
        pages=(Page(1, cover.text, "text"), Page(2, enclosed.text, "text")),
    )
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", files=["CV kem BC.pdf"]), [both])
    assert verdict.is_report and [d.name for d in verdict.documents] == ["CV kem BC.pdf"]
    alone = dataclasses.replace(cover, pages=(Page(1, cover.text, "text"),))
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", files=["CV kem BC.pdf"]), [alone])
    assert verdict.unreadable  # the letter alone is not the report (see below)


def test_a_plan_and_the_report_typed_into_one_word_file_are_the_report(shipped: Config) -> None:
    """A school typed its NQ121 plan and then its report into one Word file: a Word file has no pages, so
    the report after the plan was not seen, the mail was set aside as the plan, and the school was shown
    missing and reminded."""
    school = shipped.school("th-my-an")
    plan = other_paper(
        school,
        "KH va BC NQ121.docx",
        "KẾ HOẠCH",
        "Triển khai thực hiện Nghị quyết số 121/2020/QH14 về phòng, chống xâm hại trẻ em năm học 2021-2022",
        "Nhà trường xây dựng kế hoạch triển khai như sau.",
    )
    enclosed = report(school, "KH va BC NQ121.docx")
    both = dataclasses.replace(plan, text=f"{plan.text}\n{enclosed.text}")
    verdict = _classify(shipped, message(SCHOOL, "Gửi Phòng", files=["KH va BC NQ121.docx"]), [both])
    assert verdict.is_report, verdict.reason
    verdict = _classify(shipped, message(SCHOOL, "Gửi Phòng", files=["KH va BC NQ121.docx"]), [plan])
    assert not verdict.is_report  # the plan alone is no report


def test_the_offices_request_with_a_blank_report_form_annexed_is_not_a_report(shipped: Config) -> None:
    """The office's request letter carries a blank form of the report on its last page; a school that
    sends the letter back has not sent its report, though a later page opens with "BÁO CÁO"."""
    request = other_paper(
        shipped.school("th-my-an"),
        "CV 893.pdf",
        "CÔNG VĂN",
        "V/v báo cáo kết quả thực hiện Nghị quyết 121/2020/QH14",
        "Phòng Giáo dục và Đào tạo đề nghị các trường báo cáo theo mẫu đính kèm.",
    )
    form = (
        "TRƯỜNG ………………\nSố: …/BC-…\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "…, ngày … tháng … năm 20…\n\nBÁO CÁO\nKết quả thực hiện Nghị quyết 121/2020/QH14\n\n"
        "I. Công tác chỉ đạo, triển khai\n…\nII. Kết quả thực hiện\n…\n"
    )
    annexed = dataclasses.replace(
        request,
        text=f"{request.text}\n\n{form}",
        pages=(Page(1, request.text, "text"), Page(2, form, "text")),
    )
    verdict = _classify(shipped, message(SCHOOL, "Fw: Báo cáo NQ121", files=["CV 893.pdf"]), [annexed])
    assert not verdict.is_report


@pytest.mark.parametrize("subject", ["Báo cáo NQ121", "Gửi Phòng GD&ĐT"])
def test_a_cover_letter_sent_without_its_report_is_a_report_left_out(shipped: Config, subject: str) -> None:
    """A school scanned only its cover letter, "Công văn V/v gửi báo cáo kết quả thực hiện Nghị quyết
    121", and forgot the report: the mail was recorded as not a report, so the school, sure it had
    reported, was never told that the report itself was missing."""
    cover = other_paper(
        shipped.school("th-my-an"),
        "scan0001.pdf",
        "CÔNG VĂN",
        "V/v gửi báo cáo kết quả thực hiện Nghị quyết 121/2020/QH14",
        "Trường Tiểu học Mỹ An gửi kèm theo công văn này báo cáo kết quả thực hiện.",
    )
    verdict = _classify(shipped, message(SCHOOL, subject, files=["scan0001.pdf"]), [cover])
    assert verdict.is_report and verdict.unreadable
    assert "chỉ là công văn gửi kèm" in verdict.problems[0] and "scan0001.pdf" in verdict.problems[0]
    assert not verdict.documents


def test_a_cover_letter_beside_a_link_to_the_report_says_the_link_is_not_downloaded(shipped: Config) -> None:
    """Gmail made the big scanned report a Drive chip, and only the cover letter stayed attached: the school
    was told only that the letter had no report with it, not that the report it sent by the link is not
    downloaded, as a mail with the link alone is told."""
    cover = other_paper(
        shipped.school("th-my-an"),
        "CV gui BC NQ121.docx",
        "CÔNG VĂN",
        "V/v gửi báo cáo kết quả thực hiện Nghị quyết 121/2020/QH14",
        "Trường Tiểu học Mỹ An gửi kèm theo công văn này báo cáo kết quả thực hiện.",
    )
    link = "https://drive.google.com/file/d/1PqRsTuVwXyZ0123456789/view?usp=drive_web"
    sent = message(
        SCHOOL, "Báo cáo NQ121", files=["CV gui BC NQ121.docx"], body=f"BC NQ121 scan.pdf\n{link}\n"
    )
    verdict = _classify(shipped, sent, [cover])
    assert verdict.is_report and verdict.unreadable
    [letter, by_link] = verdict.problems
    assert "chỉ là công văn gửi kèm" in letter
    assert link in by_link and "không tải tệp từ đường dẫn" in by_link


def test_a_letter_about_the_report_that_sends_nothing_stays_another_paper(shipped: Config) -> None:
    """The office's own request ("V/v báo cáo kết quả thực hiện Nghị quyết 121"), forwarded by a school,
    sends no report: it is not taken for a cover letter whose report was left out."""
    request = other_paper(
        shipped.school("th-my-an"),
        "CV 893.pdf",
        "CÔNG VĂN",
        "V/v báo cáo kết quả thực hiện Nghị quyết 121/2020/QH14",
        "Phòng Giáo dục và Đào tạo đề nghị các trường báo cáo.",
    )
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", files=["CV 893.pdf"]), [request])
    assert not verdict.is_report


def test_a_scans_title_citing_the_resolution_with_so_names_the_report(shipped: Config) -> None:
    """A photo's OCR lost the end of the title line ("… theo Nghị quyết số 121/2020/Q"): "Nghị quyết số
    121" was not read as the keyword "Nghị quyết 121", so the school's report was taken for another
    report that names the resolution in passing, and recorded as not a report."""
    document = report("Trường Tiểu học Mỹ An", "IMG_0412.jpg", method="ocr")
    title = "Về việc thực hiện công tác phòn theo Nghị quyết số 121/2020/Q"
    cut = dataclasses.replace(
        document,
        text=document.text.replace("121/2020/QH14", "121/2020/Q").replace("xâm hại trẻ em", "xâm hại"),
        header=dataclasses.replace(document.header, title=title),
    )
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo", files=["IMG_0412.jpg"]), [cut])
    assert verdict.is_report and verdict.report_id == "nq121"


def test_a_scan_of_the_signature_page_alone_is_not_the_report(shipped: Config) -> None:
    """A school scanned only the last sheet, the one it had signed and stamped ("… trường." then "Nơi
    nhận: …"): a paper without a header under a subject naming the report counted as the report, with
    none of its sections, and the school was never asked for the report itself."""
    page = Document(
        name="scan.pdf",
        format="pdf",
        text="trường.\n\nNơi nhận:\n- Phòng GD&ĐT Thủ Thừa (B/c);\n- BGH, Công đoàn;\n- Lưu: VT.",
        method="ocr",
        ocr_confidence=88.0,
    )
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", files=["scan.pdf"]), [page])
    assert verdict.is_report and verdict.unreadable
    assert "scan.pdf" in verdict.problems[0] and "trang ký tên" in verdict.problems[0]
    headless = report("Trường Tiểu học Mỹ An", "anh.jpg", header=False, method="ocr")
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", files=["anh.jpg"]), [headless])
    assert verdict.is_report and not verdict.unreadable  # a headless page with the report's text still is


_FORM_HEAD = (
    "UBND HUYỆN THỦ THỪA\nTRƯỜNG TIỂU HỌC MỸ AN\nSố: /BC-THMA\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\nMỹ An, ngày 18 tháng 10 năm 2021\n\nBÁO CÁO\n"
    "Kết quả triển khai thực hiện Nghị quyết 121/2020/QH14\nvề phòng, chống xâm hại trẻ em năm 2021\n"
    "Kính gửi: Phòng Giáo dục và Đào tạo huyện Thủ Thừa.\n\n"
)
_FORM_FOOT = "\n\nNơi nhận:\n- Phòng GD&ĐT Thủ Thừa (b/c);\n- Lưu: VT.\nHIỆU TRƯỞNG\nPhạm Hữu Sơn"


def test_the_reports_form_with_nothing_reported_in_it_is_not_the_report(shipped: Config) -> None:
    """A school sent the office's template with only its header, the title and the signature filled in,
    not one word reported: the file counted as the report received, with none of its sections, and the
    school was never asked for the report itself."""
    form = dataclasses.replace(report("Trường Tiểu học Mỹ An", "BC NQ121.docx"), text=_FORM_HEAD + _FORM_FOOT)
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", files=["BC NQ121.docx"]), [form])
    assert verdict.is_report and verdict.unreadable
    assert "BC NQ121.docx" in verdict.problems[0] and "không có nội dung báo cáo" in verdict.problems[0]
    assert [d.name for d in verdict.documents] == ["BC NQ121.docx"]  # its header still names the school
    pasted = dataclasses.replace(form, text=f"{form.text}\n\n(bảng số liệu dán vào dạng ảnh)", method="mixed")
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", files=["BC NQ121.docx"]), [pasted])
    assert verdict.is_report and not verdict.unreadable  # what pictures hold is not judged by layout
    prose = (
        "Trong năm 2021, nhà trường đã tổ chức 4 buổi tuyên truyền về phòng, chống xâm hại trẻ em cho 320 "
        "lượt học sinh và phụ huynh; trong năm không xảy ra vụ xâm hại trẻ em nào. Nhà trường không có "
        "kiến nghị gì thêm."
    )
    short = dataclasses.replace(form, text=_FORM_HEAD + prose + _FORM_FOOT)
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", files=["BC NQ121.docx"]), [short])
    assert verdict.is_report and not verdict.unreadable  # a short report in prose is a report


_GUIDED_FORM = (
    "I. Công tác chỉ đạo, triển khai\n- Nhà trường xây dựng Kế hoạch số ......./KH-...... ngày ......./......./2021 "
    "về thực hiện công tác phòng, chống xâm hại trẻ em.\nII. Kết quả thực hiện\n- Tổ chức ......... buổi tuyên "
    "truyền cho ......... lượt học sinh về kỹ năng phòng tránh xâm hại.\n- Tuyên truyền đến ......... lượt phụ "
    "huynh.\n- Tư vấn tâm lý cho ......... trường hợp.\n- Trong năm, nhà trường không xảy ra vụ xâm hại trẻ em "
    "nào.\nIII. Khó khăn, đề xuất\n- ................................................"
)


def test_the_reports_form_with_its_blanks_unfilled_is_not_the_report(shipped: Config) -> None:
    """A school sent the office's form as it came, its guidance written out and every figure a blank
    ("Tổ chức ......... buổi tuyên truyền cho ......... lượt học sinh"): with far more than a few words and
    the report's sections, it counted as the report received, and the school was never asked for it. It is
    the form sent by mistake, and the school is told its figures are blank."""
    form = dataclasses.replace(
        report("Trường Tiểu học Mỹ An", "BC NQ121.docx"), text=_FORM_HEAD + _GUIDED_FORM + _FORM_FOOT
    )
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", files=["BC NQ121.docx"]), [form])
    assert verdict.is_report and verdict.unreadable
    assert "mẫu báo cáo chưa điền" in verdict.problems[0]
    filled = dataclasses.replace(
        form, text=form.text.replace("......... buổi", "4 buổi").replace("......... lượt học", "320 lượt học")
    )
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", files=["BC NQ121.docx"]), [filled])
    assert verdict.is_report and not verdict.unreadable  # a figure filled in: a report with gaps left


@pytest.mark.parametrize("blank", ["……", "___"], ids=["ellipses", "underscores"])
def test_the_forms_blanks_typed_as_ellipses_or_underscores_are_blanks(shipped: Config, blank: str) -> None:
    """The same form with its blanks typed as Word's ellipsis «……» (two characters, six dots on the page)
    or as «___» counted as the report received: a blank was four characters of dots, so none of these was
    one, while «......» made the form «mẫu báo cáo chưa điền». A blank is as wide as four dots."""
    text = re.sub(r"\.{4,}", blank, _GUIDED_FORM)
    form = dataclasses.replace(
        report("Trường Tiểu học Mỹ An", "BC NQ121.docx"), text=_FORM_HEAD + text + _FORM_FOOT
    )
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", files=["BC NQ121.docx"]), [form])
    assert verdict.is_report and verdict.unreadable
    assert "mẫu báo cáo chưa điền" in verdict.problems[0]


_OUTLINE_TITLE = (
    "ĐỀ CƯƠNG BÁO CÁO\nKết quả triển khai thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em "
    "năm 2021\n(Kèm theo Kế hoạch số 45/KH-PGDĐT)\n"
)
_OUTLINE_HEADINGS = (
    "I. Công tác chỉ đạo, triển khai",
    "II. Kết quả thực hiện",
    "III. Khó khăn, vướng mắc",
    "IV. Đề xuất, kiến nghị",
)
_GUIDANCE = (
    "(Nêu các văn bản chỉ đạo, hình thức quán triệt, tuyên truyền của đơn vị)",
    "(Nêu số buổi tuyên truyền, số lượt học sinh tham gia, số vụ xâm hại trẻ em nếu có)",
    "(Nêu những khó khăn, vướng mắc trong quá trình thực hiện)",
    "(Nêu đề xuất, kiến nghị với cấp trên)",
)


def _outline(under: Sequence[Sequence[str]]) -> str:
    return _OUTLINE_TITLE + "\n".join(
        "\n".join((heading, *lines)) for heading, lines in zip(_OUTLINE_HEADINGS, under, strict=True)
    )


@pytest.mark.parametrize(
    "under",
    [
        [(), (), (), ()],
        [(), ("1. Số buổi tuyên truyền:", "2. Số vụ xâm hại trẻ em:"), (), ()],
        [(), ("- Số buổi tuyên truyền:", "- Số vụ xâm hại trẻ em:"), (), ()],
        [(line,) for line in _GUIDANCE],
    ],
    ids=["headings", "numbered labels", "dashed labels", "guidance"],
)
def test_the_reports_outline_with_nothing_under_its_headings_is_not_the_report(
    shipped: Config, under: Sequence[Sequence[str]]
) -> None:
    """A school sent the office's outline (đề cương) of the report, its headings I–IV over nothing, over its
    figures' labels left blank, or over the office's guidance «(Nêu …)»: a heading alone counted as a
    section found, the file as the report received («Đã nộp»), and the school was never asked for it. It is
    the form sent by mistake, and the school is told so."""
    (outline,) = read_attachment("De cuong BC NQ121.txt", _outline(under).encode()).documents
    verdict = _classify(shipped, message(SCHOOL, "BC NQ121", files=[outline.name]), [outline])
    assert verdict.is_report and verdict.unreadable
    assert "mẫu (đề cương) báo cáo chưa điền" in verdict.problems[0]


def test_the_offices_form_with_only_its_guidance_under_each_heading_is_not_the_report(
    shipped: Config,
) -> None:
    """The office's form in Word, the school's name and the signature filled in, only the guidance «(Nêu
    các văn bản chỉ đạo …)» under each heading: it counted as the report received. A short report with a
    line under each heading is still the report."""
    form = dataclasses.replace(
        make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(3)),
        sections=tuple(
            (heading, (line,)) for heading, line in zip(_OUTLINE_HEADINGS, _GUIDANCE, strict=True)
        ),
    )
    [document] = read_attachment("BC NQ121.docx", render_docx(form)).documents
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", files=[document.name]), [document])
    assert verdict.is_report and verdict.unreadable
    assert "mẫu (đề cương) báo cáo chưa điền" in verdict.problems[0]
    written = (
        "Nhà trường đã quán triệt Nghị quyết đến toàn thể cán bộ, giáo viên.",
        "Tổ chức 3 buổi tuyên truyền; không xảy ra vụ xâm hại trẻ em nào.",
        "Không có.",
        "Không có.",
    )
    short = dataclasses.replace(
        form,
        sections=tuple((heading, (line,)) for heading, line in zip(_OUTLINE_HEADINGS, written, strict=True)),
    )
    [document] = read_attachment("BC NQ121.docx", render_docx(short)).documents
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", files=[document.name]), [document])
    assert verdict.is_report and not verdict.unreadable


@pytest.mark.parametrize("forwarded", [True, False])
def test_the_offices_template_with_its_sample_text_is_no_schools_report(
    shipped: Config, forwarded: bool
) -> None:
    """A school forwarded the office's request back ("Fwd: V/v báo cáo ...", a question above it) with the
    office's template attached, or sent the template on as it came: the template's sample text has every
    section and figure, and its header still reads "TRƯỜNG ......................", so the school was
    counted as having reported and the sample figures went into the district's totals. A report none of
    whose papers fills in the school's name waits for staff; the office's own mail sent back does not
    hold the school's reminders."""
    template = dataclasses.replace(
        make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(2)),
        parent_body="PHÒNG GD&ĐT THỦ THỪA",
        issuer="TRƯỜNG ..............................",
        number="      /BC-..........",
        signer_name="",
    )
    [form] = read_attachment("Mau bao cao NQ121 nam 2021.docx", render_docx(template)).documents
    subject = "V/v báo cáo kết quả thực hiện Nghị quyết 121/2020/QH14 năm 2021"
    if forwarded:
        body = forward_body(
            SCHOOL, "Phòng GD&ĐT Thủ Thừa <pgdthuthua@example.edu.vn>", subject, "Dạ cho em hỏi ạ."
        )
        mail = message(SCHOOL, f"Fwd: {subject}", body=body, files=[form.name])
    else:
        mail = message(SCHOOL, subject, files=[form.name])
    verdict = _classify(shipped, mail, [form])
    assert not verdict.is_report and verdict.needs_staff
    assert "chưa điền tên trường" in verdict.reason and verdict.holds is not forwarded
    named = dataclasses.replace(form, header=dataclasses.replace(form.header, issuer="TRƯỜNG TIỂU HỌC MỸ AN"))
    assert _classify(shipped, message(SCHOOL, "Báo cáo NQ121", files=[form.name]), [named]).is_report


def test_a_question_about_the_form_with_the_form_attached_is_a_question(shipped: Config) -> None:
    """A school asked about the office's form («Hỏi về mẫu báo cáo NQ121»: "mẫu này trường có phải điền mục
    số vụ xâm hại không ạ?") and attached the form, blank, to show which part it meant: it was recorded as
    the school's report, unreadable, and the school told it had sent the template by mistake, its question
    unanswered. It is a question waiting for staff, as without the form; sent as the report, the same form
    is still the school's mistake."""
    blank = dataclasses.replace(
        make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(2)),
        sections=(
            ("I. Công tác chỉ đạo, triển khai", (_GUIDANCE[0],)),
            (
                "II. Kết quả thực hiện",
                (
                    "- Tổ chức ......... buổi tuyên truyền cho ......... lượt học sinh.",
                    "- Số vụ xâm hại trẻ em: .........",
                ),
            ),
            ("III. Khó khăn, vướng mắc", ("- ..........................................",)),
            ("IV. Đề xuất, kiến nghị", ("- ..........................................",)),
        ),
    )
    [form] = read_attachment("Mau bao cao NQ121.docx", render_docx(blank)).documents
    body = (
        "Phòng ơi cho em hỏi mẫu này trường có phải điền mục số vụ xâm hại không ạ? Em gửi kèm mẫu phòng gửi."
    )
    verdict = _classify(
        shipped, message(SCHOOL, "Hỏi về mẫu báo cáo NQ121", body=body, files=[form.name]), [form]
    )
    assert not verdict.is_report and not verdict.unreadable
    assert verdict.question is not None and verdict.question.report_id == "nq121"
    sent = _classify(
        shipped, message(SCHOOL, "Báo cáo NQ121", body="Dạ em gửi báo cáo ạ.", files=[form.name]), [form]
    )
    assert sent.unreadable and "mẫu báo cáo chưa điền" in sent.problems[0]


def test_the_offices_blank_form_forwarded_back_is_the_offices_mail(shipped: Config) -> None:
    """A school forwarded the office's request back with a question ("Dạ cho em hỏi ..."), the office's
    form attached with its figures still blank: it was recorded as the school's report, unreadable, and the
    school told to send the report again, as if it had sent the form by mistake. It is the office's own
    mail passed back: staff read it; sent as the report, the same form is still the school's mistake."""
    blank = dataclasses.replace(
        make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(2)),
        issuer="TRƯỜNG ..............................",
        number="      /BC-..........",
        signer_name="",
        sections=(
            ("I. Công tác chỉ đạo, triển khai", ("- Xây dựng Kế hoạch số ......./KH-...... ngày ........",)),
            (
                "II. Kết quả thực hiện",
                ("- Tổ chức ......... buổi tuyên truyền cho ......... lượt học sinh.",),
            ),
            ("III. Khó khăn, vướng mắc", ("- ..........................................",)),
            ("IV. Đề xuất, kiến nghị", ("- ..........................................",)),
        ),
    )
    [form] = read_attachment("Mau bao cao NQ121 nam 2021.docx", render_docx(blank)).documents
    subject = "V/v báo cáo kết quả thực hiện Nghị quyết 121/2020/QH14 năm 2021"
    body = forward_body(
        SCHOOL, "Phòng GD&ĐT Thủ Thừa <pgdthuthua@example.edu.vn>", subject, "Dạ cho em hỏi ạ."
    )
    verdict = _classify(shipped, message(SCHOOL, f"Fwd: {subject}", body=body, files=[form.name]), [form])
    assert not verdict.is_report and verdict.needs_staff and not verdict.holds
    assert "chuyển lại thư của Phòng" in verdict.reason
    sent = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", files=[form.name]), [form])
    assert sent.unreadable and "mẫu báo cáo chưa điền" in sent.problems[0]


def test_a_supplement_stating_one_figure_is_no_empty_form(shipped: Config) -> None:
    """A school sent, as a BÁO CÁO of its own, a supplement of one figure ("Bổ sung số liệu ...: tổng số
    lượt học sinh, phụ huynh tham gia là 660 lượt"): too few words for a report, it was taken for the
    report's empty form, recorded unreadable, and the figure never reached the consolidated report."""
    text = (
        "TRƯỜNG TIỂU HỌC MỸ AN\nBÁO CÁO\nBổ sung số liệu báo cáo kết quả triển khai thực hiện Nghị quyết "
        "121/2020/QH14 năm 2021\nKết quả thực hiện: tổng số lượt học sinh, phụ huynh tham gia là 660 lượt."
    )
    supplement = dataclasses.replace(report("Trường Tiểu học Mỹ An", "bo-sung.docx"), text=text)
    verdict = _classify(
        shipped, message(SCHOOL, "Bổ sung số liệu NQ121", files=["bo-sung.docx"]), [supplement]
    )
    assert verdict.is_report and not verdict.unreadable
    empty = dataclasses.replace(supplement, text=text.rsplit("\n", 1)[0] + "\nKết quả thực hiện: ....")
    verdict = _classify(shipped, message(SCHOOL, "Bổ sung số liệu NQ121", files=["bo-sung.docx"]), [empty])
    assert verdict.is_report and verdict.unreadable  # the form without a figure filled in still is not


def test_a_supplement_giving_its_figure_in_a_table_of_school_years_is_no_empty_form(shipped: Config) -> None:
    """A school's supplement for «năm học 2021-2022» gave its one figure in a table of two school years
    («Năm học 2020-2021 | Năm học 2021-2022»): the figure was read only when the school year was passed,
    which the check for an empty form did not do, so the supplement was recorded unreadable."""
    title = "Bổ sung số liệu báo cáo kết quả triển khai thực hiện Nghị quyết 121/2020/QH14 năm học 2021-2022"
    text = (
        f"TRƯỜNG TIỂU HỌC MỸ AN\nBÁO CÁO\n{title}\nNội dung | Năm học 2020-2021 | Năm học 2021-2022\n"
        "Số buổi tuyên truyền | 10 | 12"
    )
    written = report("Trường Tiểu học Mỹ An", "bo-sung.docx")
    supplement = dataclasses.replace(
        written, text=text, header=dataclasses.replace(written.header, title=title)
    )
    verdict = _classify(
        shipped, message(SCHOOL, "Bổ sung số liệu NQ121", files=["bo-sung.docx"]), [supplement]
    )
    assert verdict.is_report and not verdict.unreadable


def test_a_report_written_below_the_quoted_request_is_the_schools_report(shipped: Config) -> None:
    """A school answering the office's request wrote its report under the quoted request (">" lines
    under "… đã viết:", bottom-posting): everything after the reply mark was dropped as the quote, and
    the report was told "mentions the report but carries none"."""
    pasted = render_text(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(3)))
    body = (
        "Vào Th 3, 19 thg 10, 2021 lúc 10:00 Phòng GD&ĐT Thủ Thừa <pgdthuthua@example.edu.vn> đã viết:\n"
        "> Kính gửi Hiệu trưởng các trường,\n"
        "> Đề nghị các trường gửi báo cáo Nghị quyết 121 (file đính kèm) trước ngày 25/10/2021.\n\n"
        f"{pasted}"
    )
    mail = message(SCHOOL, "Re: V/v báo cáo NQ121", body=body)
    assert "Đề nghị các trường" not in mail.own_body and "BÁO CÁO" in mail.own_body
    document = read_body(mail.own_body)
    assert document is not None
    verdict = _classify(shipped, mail, [document])
    assert verdict.is_report and not verdict.unreadable and verdict.year == 2021


def test_a_quote_without_marks_still_runs_to_the_end_of_the_mail(shipped: Config) -> None:
    """Only a quote marked with ">" ends before the mail does: an unmarked one (an HTML reply made
    plain) is all quote."""
    body = "Dạ trường sẽ gửi sau ạ.\n\nVào 19/10/2021 Phòng GD&ĐT <pgdthuthua@example.edu.vn> đã viết:\n\n"
    body += "Đề nghị trường gửi báo cáo (file đính kèm).\n"
    mail = message(SCHOOL, "Re: Nhắc nộp báo cáo NQ121", body=body)
    assert mail.own_body.strip() == "Dạ trường sẽ gửi sau ạ."


@pytest.mark.parametrize(
    "body",
    [
        "Kính gửi Phòng GD&ĐT,\nEm không tìm thấy file báo cáo mẫu kèm theo công văn số 1313 về Nghị quyết 121, "
        "Phòng gửi lại giúp em được không ạ?\nEm cảm ơn.",
        "Kính gửi Phòng GD&ĐT,\nTrường đã gửi báo cáo NQ121 kèm theo email ngày 15/10/2021 rồi ạ, đề nghị "
        "Phòng kiểm tra lại.\nTrân trọng.",
    ],
)
def test_a_question_or_a_word_on_earlier_mail_is_no_report_without_its_file(
    shipped: Config, body: str
) -> None:
    """A school asking for the report's blank form "kèm theo công văn", or telling the office it sent its
    report "kèm theo email ngày 15/10", was recorded as having mailed a report whose file was left out:
    unreadable, and told to send it again. Neither note speaks of a file of its own mail."""
    verdict = _classify(shipped, message(SCHOOL, "V/v báo cáo NQ121", body=body), [])
    assert not verdict.is_report and not verdict.unreadable


def test_a_cover_note_whose_file_was_left_out_is_still_unreadable(shipped: Config) -> None:
    mail = message(
        SCHOOL,
        "Báo cáo NQ121",
        body="Kính gửi Phòng,\nTrường gửi báo cáo NQ121 (file đính kèm). Phòng nhận giúp ạ.",
    )
    assert _classify(shipped, mail, []).unreadable


@pytest.mark.parametrize(
    ("subject", "body", "file"),
    [
        (
            "Báo cáo NQ121",
            "Kính gửi Phòng GD&ĐT,\nTrường gửi bản nháp báo cáo NQ121 để Phòng góp ý trước. Bản chính thức "
            "trường sẽ gửi sau.\nTrân trọng.",
            "BC NQ121.docx",
        ),
        ("Dự thảo báo cáo NQ121 - TH Mỹ An", "Kính gửi Phòng GD&ĐT.", "BC NQ121.docx"),
        ("Báo cáo NQ121", "Kính gửi Phòng GD&ĐT.", "BC NQ121 ban nhap.docx"),
    ],
)
def test_a_draft_the_school_sends_for_comment_waits_for_staff(
    shipped: Config, subject: str, body: str, file: str
) -> None:
    """A school sending a draft of its report for the office to look over ("bản nháp … để Phòng góp ý,
    bản chính thức gửi sau") was counted as having reported, on time by the draft's date, though the
    school says its report is still to come. Staff decide; the report and season stay known for them."""
    mail = message(SCHOOL, subject, body=body, files=[file])
    verdict = _classify(shipped, mail, [report("Trường Tiểu học Mỹ An", file)])
    assert not verdict.is_report and verdict.needs_staff
    assert verdict.report_id == "nq121" and verdict.year == 2021 and "bản nháp" in verdict.reason


@pytest.mark.parametrize(
    "body",
    [
        "Kính gửi Phòng GD&ĐT,\nTrường gửi trước bản chưa ký, bản ký đóng dấu gửi sau ạ.",
        "Kính gửi Phòng GD&ĐT,\nTrường gửi bản chính thức thay cho bản nháp đã gửi hôm trước ạ.",
    ],
)
def test_an_unsigned_copy_or_the_final_after_a_draft_is_the_report(shipped: Config, body: str) -> None:
    mail = message(SCHOOL, "Báo cáo NQ121", body=body, files=["BC NQ121.docx"])
    assert _classify(shipped, mail, [report("Trường Tiểu học Mỹ An", "BC NQ121.docx")]).is_report


@pytest.mark.parametrize(
    ("body", "counted"),
    [
        ("Dạ đây là bản chính thức, không phải bản nháp ạ.", True),
        ("Trường gửi báo cáo NQ121 (bản chính thức, không phải là bản dự thảo).", True),
        ("Dạ em gửi báo cáo ạ. Bản nháp em gửi ngày 12/10 Phòng bỏ giúp em ạ.", True),
        ("Dạ em gửi báo cáo ạ. Phòng không sử dụng bản nháp lần trước giúp em.", True),
        ("Trường gửi báo cáo đã hoàn chỉnh (bản nháp gửi hôm 12/10 xin huỷ).", True),
        ("Dạ đây chưa phải bản chính thức, chỉ là bản nháp ạ.", False),
        ("Em gửi bản nháp, chỗ nào chưa đúng Phòng bỏ giúp em ạ.", False),
        ("Em gửi bản nháp, Phòng không dùng bản này để tổng hợp ạ.", False),
        ("Em gửi bản nháp để cán bộ Phòng góp ý trước ngày 22/10 ạ.", False),
    ],
    ids=[
        "not the draft",
        "not the dự thảo",
        "draft of 12/10 set aside",
        "last draft not used",
        "draft cancelled",
        "only a draft",
        "draft to correct",
        "draft not for the sums",
        "cán bộ, a date",
    ],
)
def test_a_note_setting_aside_an_earlier_draft_is_the_report(
    shipped: Config, body: str, counted: bool
) -> None:
    """Schools sending their final report wrote "đây là bản chính thức, không phải bản nháp" or "bản nháp
    em gửi ngày 12/10 Phòng bỏ giúp em": the word "bản nháp" in the note made the mail a draft, and the
    school's report waited in review, counted as not sent. A note that denies sending a draft, or sets
    aside one it sent before, sends the report; a note about the draft it sends still waits for staff."""
    mail = message(SCHOOL, "Báo cáo NQ121", body=body, files=["BC NQ121.docx"])
    verdict = _classify(shipped, mail, [report("Trường Tiểu học Mỹ An", "BC NQ121.docx")])
    assert verdict.is_report is counted
    if not counted:
        assert verdict.needs_staff and "bản nháp" in verdict.reason


def test_a_draft_file_sent_beside_the_signed_report_leaves_the_signed_report_counted(shipped: Config) -> None:
    """A school attached its Word draft ("Du thao BC NQ121.docx") beside the signed PDF of its report:
    the draft in one file's name sent the whole mail to staff, and the school's signed report waited
    uncounted. Only the school's own words (subject, note) make the whole mail a draft."""
    files = ["Du thao BC NQ121.docx", "BC NQ121 da ky.pdf"]
    mail = message(SCHOOL, "Báo cáo NQ121", files=files)
    papers = [report("Trường Tiểu học Mỹ An", name, seed=1) for name in files]
    verdict = _classify(shipped, mail, papers)
    assert verdict.is_report and [d.name for d in verdict.documents] == ["BC NQ121 da ky.pdf"]
    assert [d.name for d in verdict.drafts] == ["Du thao BC NQ121.docx"]
    said = message(SCHOOL, "Dự thảo báo cáo NQ121", files=files)
    assert not _classify(shipped, said, papers).is_report


@pytest.mark.parametrize(
    ("body", "counted"),
    [
        ("Dạ em gửi bản dự thảo để đối chiếu và bản chính thức có chữ ký ạ.", True),
        ("Trường gửi bản nháp (word) và bản scan đã ký, đóng dấu.", True),
        ("Em gửi bản dự thảo, bản chính thức có chữ ký em sẽ gửi sau ạ.", False),
        ("Em gửi bản dự thảo chưa có chữ ký để Phòng góp ý ạ.", False),
    ],
    ids=["draft and final", "draft and signed scan", "final promised", "draft unsigned"],
)
def test_a_note_sending_the_draft_and_the_signed_report_counts_the_signed_one(
    shipped: Config, body: str, counted: bool
) -> None:
    """Two days before the deadline a school attached its Word draft and the signed PDF and wrote "em gửi
    bản dự thảo để đối chiếu và bản chính thức có chữ ký": the word "dự thảo" in its note made the whole
    mail a draft, the signed report waited in review and the school was counted as not having reported."""
    files = ["BC NQ121 du thao.docx", "BC NQ121 chinh thuc.pdf"]
    mail = message(SCHOOL, "Báo cáo NQ121", body=body, files=files)
    papers = [report("Trường Tiểu học Mỹ An", name, seed=1) for name in files]
    verdict = _classify(shipped, mail, papers)
    assert verdict.is_report is counted
    if counted:
        assert [d.name for d in verdict.documents] == ["BC NQ121 chinh thuc.pdf"]
        assert [d.name for d in verdict.drafts] == ["BC NQ121 du thao.docx"]
    else:
        assert verdict.needs_staff and "bản nháp" in verdict.reason


@pytest.mark.parametrize(
    ("subject", "body", "counted"),
    [
        ("Re: Báo cáo NQ121 - bản nháp", "Dạ em gửi bản chính thức có chữ ký ạ.", True),
        ("TL: Dự thảo báo cáo NQ121 TH Mỹ An", "Em gửi bản ký rồi ạ", True),
        ("Re: Báo cáo NQ121 (bản nháp)", "Dạ em gửi lại bản nháp đã sửa theo góp ý của chị ạ.", False),
        ("Re: Báo cáo NQ121 - bản nháp", "Dạ em gửi lại ạ.", False),
        (
            "Re: Dự thảo báo cáo NQ121 - TH Mỹ An",
            "Dạ em gửi báo cáo đã chỉnh sửa theo góp ý của Phòng ạ.",
            True,
        ),
        ("Re: Dự thảo báo cáo NQ121 - TH Mỹ An", "Em sẽ sửa theo góp ý và gửi lại Phòng sau ạ.", False),
    ],
    ids=[
        "signed on the draft's thread",
        "TL: bản ký",
        "second draft",
        "resent without saying",
        "corrected as commented",
        "correction promised",
    ],
)
def test_the_signed_report_sent_on_the_drafts_thread_is_the_report(
    shipped: Config, subject: str, body: str, counted: bool
) -> None:
    """A school answered the thread of the draft it had sent for comment, "Re: Báo cáo NQ121 - bản nháp",
    with "em gửi bản chính thức có chữ ký" and the signed PDF: the thread's subject made it a draft again,
    so the school's final report waited in review and it was never counted as having reported. So did the
    report "đã chỉnh sửa theo góp ý của Phòng" sent on the thread of the draft the office commented on."""
    mail = message(SCHOOL, subject, body=body, files=["BC NQ121.pdf"])
    verdict = _classify(shipped, mail, [report("Trường Tiểu học Mỹ An", "BC NQ121.pdf")])
    assert verdict.is_report is counted
    if not counted:
        assert verdict.needs_staff and "bản nháp" in verdict.reason


@pytest.mark.parametrize("tag", ["[External] ", "[EXTERNAL] ", "[SPAM?] "])
def test_a_gateways_tag_before_the_drafts_reply_prefix_still_marks_the_thread(
    shipped: Config, tag: str
) -> None:
    """A school's mail server put "[External]" before its reply on the draft's thread ("[External] Re:
    Dự thảo báo cáo NQ121 - TH Mỹ An", "em gửi bản chính thức có chữ ký"): the reply prefix was looked for
    only at the start, so the thread's subject called the signed report a draft and it waited in review."""
    mail = message(
        SCHOOL,
        f"{tag}Re: Dự thảo báo cáo NQ121 - TH Mỹ An",
        body="Dạ em gửi bản chính thức có chữ ký ạ.",
        files=["BC NQ121.pdf"],
    )
    verdict = _classify(shipped, mail, [report("Trường Tiểu học Mỹ An", "BC NQ121.pdf")])
    assert verdict.is_report and not verdict.needs_staff


def test_a_pasted_report_that_speaks_of_a_draft_law_is_still_the_report(shipped: Config) -> None:
    pasted = render_text(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(3)))
    pasted = pasted.replace("PHẦN III.", "- Góp ý dự thảo Luật sửa đổi Luật Trẻ em.\nPHẦN III.")
    mail = message(SCHOOL, "Báo cáo NQ121", body=pasted)
    document = read_body(mail.own_body)
    assert document is not None
    assert _classify(shipped, mail, [document]).is_report


def _own_mail_quoted(pasted: str, by: str, wrap: str = "") -> str:
    quoted = "\n".join(f"> {line}" if line else ">" for line in pasted.splitlines())
    mark = f"Vào Th 3, 19 thg 10, 2021 lúc 15:00 Trường TH Mỹ An <{wrap}{by}> đã viết:"
    return f"Em gửi lại báo cáo ạ.\n\n{mark}\n{quoted}\n"


@pytest.mark.parametrize("wrap", ["", "\n"])
def test_a_reply_resending_the_report_in_the_quote_of_its_own_mail_is_the_report(
    shipped: Config, wrap: str
) -> None:
    """A school resent the report it had pasted into a mail by answering that mail ("Em gửi lại báo cáo
    ạ." over the quote of its own message): only its new words were read, and the report it quoted was
    told "mentions the report but carries none". Gmail's plain text wraps the long "… đã viết:" line at
    the sender's address."""
    pasted = render_text(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(3)))
    mail = message(SCHOOL, "Re: Báo cáo NQ121", body=_own_mail_quoted(pasted, SCHOOL, wrap))
    documents, failures = read_mail(mail, read_attachment)
    verdict = _classify(shipped, mail, documents, failures=tuple(failures))
    assert verdict.is_report and not verdict.unreadable


def test_a_quote_of_someone_elses_mail_is_never_the_senders_report(shipped: Config) -> None:
    """The quote is read only when it is the sender's own mail: a school quoting another's report
    (or the office's mail) sends nothing of its own."""
    pasted = render_text(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(3)))
    mail = message(
        "c1longthuan.thuthua@example.edu.vn", "Re: Báo cáo NQ121", body=_own_mail_quoted(pasted, SCHOOL)
    )
    assert mail.own_quote == ""
    documents, _ = read_mail(mail, read_attachment)
    assert not _classify(shipped, mail, documents).is_report


_DRIVE = "https://drive.google.com/file/d/1aBcD3fGh/view?usp=sharing"


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        (
            "Kế hoạch thực hiện NQ121 năm học 2021-2022",
            f"Kính gửi Phòng,\nTrường gửi kế hoạch qua link:\n{_DRIVE}",
        ),
        ("TRƯỜNG TH MỸ AN", f"Dạ em gửi Kế hoạch thực hiện Nghị quyết 121 năm học 2021-2022 ạ.\n{_DRIVE}"),
        (
            'Tài liệu được chia sẻ với bạn: "KH thuc hien NQ121 2021-2022.docx"',
            "Trường Tiểu học Mỹ An đã chia sẻ một tài liệu với bạn\n\nKH thuc hien NQ121 2021-2022.docx\n"
            "https://docs.google.com/document/d/1XyZ/edit?usp=sharing_eil_m\nMở",
        ),
        (
            "NQ121 - TH Mỹ An",
            "Kính gửi Phòng,\nhttps://thmyan.edu.vn/files/KH_thuc_hien_NQ121_2021-2022.docx",
        ),
    ],
    ids=["plan-in-subject", "plan-in-note", "drive-notice-of-a-plan", "plan-files-name"],
)
def test_a_plan_shared_by_link_is_not_the_schools_unreadable_report(
    shipped: Config, subject: str, body: str
) -> None:
    """Regression: a school sharing its plan ("Kế hoạch thực hiện NQ121 năm học …") by a Drive link, the
    link's name or the mail saying it is the plan, was recorded as its report sent by link, unreadable:
    the school counted as having mailed its report and was told to attach a report it had not written.
    A plan is never the report (another paper), whether attached or linked."""
    verdict = _classify(shipped, message(SCHOOL, subject, body=body), [])
    assert not verdict.is_report and not verdict.unreadable and not verdict.needs_staff
    assert "kế hoạch" in verdict.reason
    both = message(SCHOOL, "NQ121", body=f"Em gửi báo cáo và kế hoạch NQ121 qua link ạ:\n{_DRIVE}")
    assert _classify(shipped, both, []).unreadable
    cited = f"Thực hiện Kế hoạch số 45/KH-PGDĐT về NQ121, trường gửi link ạ:\n{_DRIVE}"
    assert _classify(shipped, message(SCHOOL, "Re: Kế hoạch NQ121 của Phòng", body=cited), []).unreadable


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        (
            "TH Mỹ An gửi Kế hoạch thực hiện Nghị quyết 121/2020/QH14 năm học 2021-2022",
            "Trường Tiểu học Mỹ An xin gửi kế hoạch triển khai thực hiện Nghị quyết 121/2020/QH14 năm học "
            "2021-2022 (file đính kèm).\nTrân trọng kính chào!",
        ),
        (
            "KH NQ121 TH Mỹ An",
            "Nhà trường gửi kế hoạch thực hiện NQ121 năm học 2021-2022 theo file đính kèm.",
        ),
    ],
)
def test_a_plan_whose_file_was_left_out_is_not_the_schools_unreadable_report(
    shipped: Config, subject: str, body: str
) -> None:
    """Regression: a school sending its plan for the resolution ("xin gửi kế hoạch … (file đính kèm)") forgot
    the file: the mail was recorded as its report, unreadable, the school shown as having sent a file that
    could not be read and told to attach "tệp báo cáo" it had never meant to send. The plan left out is
    no report sent; the reason says it was a plan."""
    verdict = _classify(shipped, message(SCHOOL, subject, body=body), [])
    assert not verdict.is_report and not verdict.unreadable and not verdict.needs_staff
    assert "Thư gửi kế hoạch (không kèm tệp nào)" in verdict.reason
    report_left_out = message(
        SCHOOL, "Báo cáo NQ121", body="Nhà trường gửi báo cáo NQ121 theo file đính kèm."
    )
    assert _classify(shipped, report_left_out, []).unreadable


def test_a_plan_pasted_under_a_note_naming_its_file_is_not_the_schools_unreadable_report(
    shipped: Config,
) -> None:
    """Regression: a school pasted its plan for the resolution into the mail under "xin gửi kế hoạch …
    (file đính kèm)" and attached nothing: the plan's own words ("chế độ báo cáo") hid that the note sent a
    plan, and the mail was recorded as the school's report with its file forgotten, unreadable. A mail
    whose text is a plan sent that plan."""
    plan = render_text(make_plan("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(4)))
    note = "Trường Tiểu học Mỹ An xin gửi kế hoạch thực hiện Nghị quyết 121/2020/QH14 (file đính kèm)."
    mail = message(SCHOOL, "TH Mỹ An gửi Kế hoạch thực hiện NQ121", body=f"{note}\n\n{plan}")
    body = read_body(mail.own_body)
    assert body is not None and body.header.kind == "KẾ HOẠCH"
    verdict = _classify(shipped, mail, [body])
    assert not verdict.is_report and not verdict.unreadable


def test_a_google_forms_receipt_is_no_report_sent_by_link(shipped: Config) -> None:
    """Regression: Google Forms' receipt ("Cảm ơn bạn đã điền Báo cáo nhanh NQ121", from
    forms-receipts-noreply@google.com, Reply-To a school) links to the form: it was recorded as that
    school's report sent by link, unreadable. A form filled in is no file of the report; a link to a form
    is none either, beside a Drive link that still is."""
    body = (
        "Cảm ơn bạn đã điền Báo cáo nhanh kết quả thực hiện NQ121 năm 2021\nĐây là những gì đã nhận được.\n"
        "Số buổi tuyên truyền *\n4\nTạo biểu mẫu Google của riêng bạn\n"
        "https://docs.google.com/forms/d/e/1FAIpQLSd-xyz/viewform?usp=mail_form_link"
    )
    receipt = envelope(
        "forms-receipts-noreply@google.com",
        "Cảm ơn bạn đã điền Báo cáo nhanh kết quả thực hiện NQ121 năm 2021",
        body=body,
        headers={"Reply-To": SCHOOL},
    )
    verdict = _classify(shipped, message_mod.parse(receipt.as_bytes(), fallback_id="r"), [])
    assert not verdict.is_report and not verdict.unreadable and "biểu mẫu" in verdict.reason
    both = message(
        SCHOOL, "Báo cáo NQ121", body=f"Em đã điền https://forms.gle/AbC và gửi báo cáo:\n{_DRIVE}"
    )
    assert _classify(shipped, both, []).unreadable


def _report_titled(title: str) -> Document:
    paper = report("Trường Tiểu học Mỹ An", "BC NQ121.docx")
    return dataclasses.replace(paper, header=dataclasses.replace(paper.header, title=title))


@pytest.mark.parametrize(
    "title",
    [
        "Sơ kết 6 tháng đầu năm 2021 thực hiện Nghị quyết 121/2020/QH14",
        "Kết quả thực hiện Nghị quyết số 121/2020/QH14 quý III năm 2021",
        "Kết quả thực hiện Nghị quyết 121/2020/QH14 sáu tháng đầu năm 2021",
        "Sơ kết học kỳ I năm học 2021-2022 thực hiện Nghị quyết 121/2020/QH14",
    ],
)
def test_a_report_of_part_of_the_year_waits_for_staff(shipped: Config, title: str) -> None:
    """A school's mid-year, quarterly or semester review of the resolution ("Sơ kết 6 tháng đầu năm")
    was taken for the year's report: sent in June, it was recorded as the coming season's, on time, and
    the school was never reminded of the report it still owed. Only staff know whether the office takes
    it for the report: it waits for them."""
    verdict = _classify(
        shipped, message(SCHOOL, "Báo cáo NQ121", files=["BC NQ121.docx"]), [_report_titled(title)]
    )
    assert not verdict.is_report and verdict.needs_staff
    assert "một phần của năm" in verdict.reason and title in verdict.reason


@pytest.mark.parametrize(
    "title",
    [
        "Kết quả thực hiện Nghị quyết 121/2020/QH14 từ tháng 10/2020 đến tháng 9/2021",
        "Kết quả thực hiện Nghị quyết 121/2020/QH14 năm 2021 (số liệu tính đến ngày 30/9/2021)",
    ],
)
def test_a_years_report_that_names_its_months_is_the_report(shipped: Config, title: str) -> None:
    verdict = _classify(
        shipped, message(SCHOOL, "Báo cáo NQ121", files=["BC NQ121.docx"]), [_report_titled(title)]
    )
    assert verdict.is_report


def test_a_report_of_part_of_the_year_is_the_report_the_office_asks_for_part_of_the_year(
    shipped: Config,
) -> None:
    """A plan configured as the mid-year report ("Báo cáo sơ kết 6 tháng …") takes its papers as usual."""
    mid_year = dataclasses.replace(
        shipped.reports[0], title="Báo cáo sơ kết 6 tháng đầu năm thực hiện Nghị quyết 121/2020/QH14"
    )
    config = dataclasses.replace(shipped, reports=(mid_year,))
    title = "Sơ kết 6 tháng đầu năm 2021 thực hiện Nghị quyết 121/2020/QH14"
    verdict = _classify(
        config, message(SCHOOL, "Báo cáo NQ121", files=["BC NQ121.docx"]), [_report_titled(title)]
    )
    assert verdict.is_report


@pytest.mark.parametrize(
    "body",
    [
        f"Thầy cho em hỏi mẫu báo cáo ở đâu ạ?\n{_DRIVE}",
        "Cô ơi mẫu báo cáo NQ121 năm nay có phải file này không ạ?\n\n"
        "https://docs.google.com/document/d/1Abc/edit\n\nEm cảm ơn cô.",
    ],
    ids=["where-is-the-form", "is-this-the-form"],
)
def test_a_link_on_the_line_after_a_question_belongs_to_the_question(shipped: Config, body: str) -> None:
    """Regression: a question whose link follows it on a line of its own ("Thầy cho em hỏi mẫu báo cáo ở
    đâu ạ?\\nhttps://drive…") was taken for a report sent by link, unreadable, and the school told to
    attach it. The link is the question's; a mail that also says it sends the report keeps its link."""
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", body=body), [])
    assert not verdict.is_report and not verdict.unreadable
    sends = message(
        SCHOOL, "Báo cáo NQ121", body=f"Em gửi báo cáo qua link ạ. Thầy xem giúp đúng mẫu chưa ạ?\n{_DRIVE}"
    )
    assert _classify(shipped, sends, []).unreadable


@pytest.mark.parametrize(
    "at", [RECEIVED, dt.datetime(2022, 1, 10, 3, tzinfo=dt.UTC)], ids=["in-season", "january"]
)
def test_a_reply_to_last_years_thread_leaves_an_undated_pasted_report_to_its_receipt(
    shipped: Config, at: dt.datetime
) -> None:
    """Regression: a school answered last year's request ("Re: Báo cáo NQ121 năm 2020") with this season's
    report pasted into the body, undated: the subject's year filed it under 2020, and the school stayed
    missing for 2021. A reply's subject is its thread's; the receipt decides a report that states no year."""
    pasted = (
        "TRƯỜNG TIỂU HỌC MỸ AN báo cáo kết quả triển khai thực hiện Nghị quyết 121/2020/QH14 như sau:\n"
        "I. Công tác chỉ đạo, triển khai: nhà trường đã quán triệt đến toàn thể cán bộ, giáo viên, nhân viên.\n"
        "II. Kết quả thực hiện: tổ chức 5 buổi tuyên truyền cho 410 lượt học sinh và phụ huynh.\n"
        "III. Khó khăn, vướng mắc: không có.\nIV. Đề xuất, kiến nghị: không có.\n"
    )
    quote = "\n\nVào 14/10/2020 lúc 08:00 Phòng GD&ĐT <pgdthuthua@example.edu.vn> đã viết:\n> Đề nghị gửi báo cáo.\n"
    mail = message(SCHOOL, "Re: Báo cáo NQ121 năm 2020", body=pasted + quote, received_at=at)
    body = read_body(mail.own_body)
    assert body is not None
    verdict = _classify(shipped, mail, [body], at=at)
    assert verdict.is_report and verdict.year in (None, 2021)
    reported = verdict.year or season_of(shipped.reports[0], at, shipped)
    assert reported == 2021


_PASTED_2021 = (
    "TRƯỜNG TIỂU HỌC MỸ AN báo cáo kết quả triển khai thực hiện Nghị quyết 121/2020/QH14 như sau:\n"
    "I. Công tác chỉ đạo, triển khai: nhà trường đã quán triệt đến toàn thể cán bộ, giáo viên, nhân viên.\n"
    "II. Kết quả thực hiện: tổ chức 5 buổi tuyên truyền cho 410 lượt học sinh và phụ huynh.\n"
    "III. Khó khăn, vướng mắc: không có.\nIV. Đề xuất, kiến nghị: không có.\n"
)


def _forwarded(inner: str) -> str:
    return (
        "\n---------- Forwarded message ---------\nFrom: Trường TH Mỹ An <c1myan.thuthua@example.edu.vn>\n"
        "Date: Tue, 20 Oct 2020 at 09:12\nSubject: Báo cáo NQ121 năm 2020\nTo: <pgdthuthua@example.edu.vn>\n\n"
        f"{inner}"
    )


@pytest.mark.parametrize("subject", ["Fwd: Báo cáo NQ121 năm 2020", "TR: Báo cáo NQ121 năm 2020"])
def test_a_forward_of_last_years_thread_with_a_report_written_above_it_is_this_seasons(
    shipped: Config, subject: str
) -> None:
    """Regression: a school forwarded last year's mail ("Fwd: Báo cáo NQ121 năm 2020") with this season's
    report pasted above the forwarded message, undated: the subject's year filed it under 2020 and the
    school stayed missing for 2021. A forward's subject is its thread's, as a reply's is."""
    mail = message(
        SCHOOL,
        subject,
        body="Trường gửi báo cáo năm nay ạ.\n" + _PASTED_2021 + _forwarded("Trường gửi báo cáo."),
    )
    body = read_body(mail.own_body)
    assert body is not None
    verdict = _classify(shipped, mail, [body])
    assert verdict.is_report and verdict.year in (None, 2021)


def test_a_forward_of_last_years_report_undated_waits_for_staff(shipped: Config) -> None:
    """Regression: a school forwarded its mail of last season ("Fwd: Báo cáo NQ121 năm 2020"), the report
    pasted in the forwarded message and dated nowhere: filed under 2020 by the subject. It may be that
    report forwarded again as proof, or this season's sent on the old thread; staff say which. A forwarded
    file dated in 2020 is 2020's report, as its date says."""
    mail = message(
        SCHOOL, "Fwd: Báo cáo NQ121 năm 2020", body="Dạ em gửi lại ạ.\n" + _forwarded(_PASTED_2021)
    )
    body = read_body(mail.own_body)
    assert body is not None
    verdict = _classify(shipped, mail, [body])
    assert not verdict.is_report and verdict.needs_staff and verdict.report_id == "nq121"
    assert "năm 2020 gửi lại" in verdict.reason
    dated = report("Trường Tiểu học Mỹ An", "BC.docx", year=2020, date=dt.date(2020, 10, 15))
    with_file = message(
        SCHOOL, "Fwd: Báo cáo NQ121 năm 2020", files=["BC.docx"], body=_forwarded("Trường gửi.")
    )
    verdict = _classify(shipped, with_file, [dated])
    assert verdict.is_report and verdict.year == 2020


def test_a_forward_of_last_years_mail_with_its_undated_file_waits_for_staff(shipped: Config) -> None:
    """Regression: a school forwarded its mail of October 2020 ("Fwd: Báo cáo NQ121", no year in the
    subject) with that mail's undated DOCX: nothing dated the report, so the receipt made it this season's,
    on time, and the school was no longer reminded. The forwarded mail's own date line says 2020: the file
    may be that report forwarded again as proof; staff say which. The same file in a forward of this
    season's mail counts as before."""
    school = shipped.school("th-my-an")
    undated = other_paper(
        school, "BC.docx", "BÁO CÁO", "Kết quả thực hiện Nghị quyết 121/2020/QH14", _PASTED_2021
    )
    undated = dataclasses.replace(
        undated,
        text=undated.text.replace("Thủ Thừa, ngày 5 tháng 10 năm 2021\n", ""),
        header=dataclasses.replace(undated.header, date=None, year=None),
    )
    mail = message(SCHOOL, "Fwd: Báo cáo NQ121", files=["BC.docx"], body="Dạ em gửi ạ.\n" + _forwarded(""))
    verdict = _classify(shipped, mail, [undated])
    assert not verdict.is_report and verdict.needs_staff and verdict.report_id == "nq121"
    assert "năm 2020 gửi lại" in verdict.reason
    recent = message(
        SCHOOL, "Fwd: Báo cáo NQ121", files=["BC.docx"], body=_forwarded("").replace("2020 at", "2021 at")
    )
    assert _classify(shipped, recent, [undated]).is_report


def _photo(name: str, text: str = "") -> Document:
    return Document(name=name, format="image", text=text, method="ocr", ocr_confidence=40.0)


def test_photos_of_the_schools_activities_are_no_report(shipped: Config) -> None:
    """Regression: a mail of activity photos ("Gửi hình ảnh hoạt động tuyên truyền phòng chống xâm hại
    trẻ em", JPGs, no document) was the school's unreadable report, and a photo of a banner reading the
    topic was even counted as its report. Pictures the mail calls activities or evidence are not the report:
    the school keeps its reminder. A photo of the report itself ("ảnh chụp báo cáo") is still read as the
    report, read or not."""
    blank = [
        Failure(f"IMG_{n}.jpg", "empty", f"Không nhận dạng được chữ nào trong ảnh IMG_{n}.jpg.")
        for n in (1, 2)
    ]
    files = ["IMG_1.jpg", "IMG_2.jpg", "IMG_3.jpg"]
    banner = _photo("IMG_3.jpg", "TUYÊN TRUYỀN PHÒNG, CHỐNG XÂM HẠI TRẺ EM")
    subject = "Gửi hình ảnh hoạt động tuyên truyền phòng chống xâm hại trẻ em"
    photos = message(SCHOOL, subject, body="Kính gửi Phòng, trường gửi hình ảnh ạ.", files=files)
    verdict = _classify(shipped, photos, [banner], failures=tuple(blank))
    assert not verdict.is_report and not verdict.needs_staff and "hình ảnh" in verdict.reason
    left_out = message(SCHOOL, subject, body="Trường gửi báo cáo kèm hình ảnh hoạt động.", files=files)
    verdict = _classify(shipped, left_out, [banner], failures=tuple(blank))
    assert verdict.unreadable and "chỉ kèm hình ảnh" in verdict.problems[0]
    of_report = message(SCHOOL, "Gửi ảnh chụp báo cáo NQ121", files=["IMG_1.jpg"])
    assert _classify(shipped, of_report, [], failures=(blank[0],)).unreadable
    page = report("Trường Tiểu học Mỹ An", "IMG_3.jpg", method="ocr")
    assert _classify(shipped, photos, [page], failures=tuple(blank)).is_report


def test_photos_with_no_text_beside_the_report_are_activity_photos_only_when_called_so() -> None:
    """Pictures beside a readable report in which no text was found are activity photos (evidence) when
    their names or the mail's words say so; a picture of a page that could not be read, one named as a
    photo of the report, or one that could not be opened, is still a file the school must send again."""

    def blank(name: str, code: str = "empty") -> Failure:
        return Failure(name, code, f"Không nhận dạng được chữ nào trong ảnh {name}.")

    zipped = [blank(f"BC.zip/BC NQ121/anh_hoat_dong_{n}.jpg") for n in (1, 2)]
    plain = message(SCHOOL, "BC NQ121 TH My An (file nén)", body="Trường xin gửi báo cáo theo yêu cầu.")
    assert classify_mod.activity_photos_beside(plain, [*zipped, blank("IMG_7.jpg")]) == tuple(
        f.name for f in zipped
    )
    said = message(SCHOOL, "BC NQ121", body="Trường gửi báo cáo kèm hình ảnh hoạt động tuyên truyền.")
    assert classify_mod.activity_photos_beside(said, [blank("IMG_7.jpg")]) == ("IMG_7.jpg",)
    assert classify_mod.activity_photos_beside(said, [blank("IMG_8.jpg", "corrupt")]) == ()
    assert classify_mod.activity_photos_beside(plain, [blank("anh chup bao cao trang 2.jpg")]) == ()
    of_paper = message(SCHOOL, "BC NQ121", body="Trường gửi báo cáo và ảnh chụp báo cáo trang 2.")
    assert classify_mod.activity_photos_beside(of_paper, [blank("IMG_7.jpg")]) == ()


@pytest.mark.parametrize(
    "body",
    ["Dạ em gửi file BC NQ121.docx ạ.", "Trường Tiểu học Mỹ An gửi báo cáo NQ121 (BC_NQ121_THMyAn.pdf)."],
)
def test_a_note_naming_the_file_it_sends_without_it_is_a_forgotten_attachment(
    shipped: Config, body: str
) -> None:
    """A school wrote the name of the file it sent ("em gửi file BC NQ121.docx ạ") and forgot to attach
    it: no words such as "đính kèm" said a file came, so the mail was no report at all, and the school,
    sure it had reported, was never told its file had not come."""
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", body=body), [])
    assert verdict.is_report and verdict.unreadable
    assert "không kèm tệp nào" in verdict.problems[0]


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("Báo cáo NQ121", "Dạ em gửi báo cáo NQ121 ạ."),
        ("Báo cáo Nghị quyết 121", "Trường TH Mỹ An gửi Phòng báo cáo Nghị quyết 121.\nTrân trọng."),
        (
            "Gửi báo cáo",
            "Kính gửi Phòng GD&ĐT,\nTrường Tiểu học Mỹ An xin gửi báo cáo kết quả thực hiện NQ121 năm 2021."
            "\nTrân trọng!\nHiệu trưởng Lê Văn Tâm",
        ),
        ("Báo cáo NQ121", ""),
    ],
)
def test_a_note_sending_the_report_with_nothing_attached_is_a_forgotten_attachment(
    shipped: Config, subject: str, body: str
) -> None:
    """A school wrote "Dạ em gửi báo cáo NQ121 ạ" and forgot the file; without "đính kèm", "file" or a
    file's name the mail was no report at all: the school was reminded as if it had sent nothing and never
    told its file had not come. A short note that sends the report now and names it, with nothing attached
    and no link, is the report left out, as is a subject naming the report over an empty body."""
    verdict = _classify(shipped, message(SCHOOL, subject, body=body), [])
    assert verdict.is_report and verdict.unreadable
    assert "không thấy tệp đính kèm" in verdict.problems[0]


@pytest.mark.parametrize(
    "body",
    [
        "Dạ em gửi lại báo cáo NQ121 đã chỉnh sửa ạ.",
        "Em gửi bản báo cáo NQ121 đã ký ạ",
        "Trường TH Mỹ An gửi báo cáo NQ121 đã được hiệu trưởng ký duyệt.\nTrân trọng.",
    ],
)
def test_a_note_sending_a_report_described_with_da_is_a_forgotten_attachment(
    shipped: Config, body: str
) -> None:
    """ "Dạ em gửi lại báo cáo NQ121 đã chỉnh sửa ạ" with nothing attached was no report at all, so the
    school was never told its corrected file had not come: any "đã" was read as mail sent before, though
    here it says what the report is. Only "đã" before a verb of sending tells of an earlier sending."""
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", body=body), [])
    assert verdict.is_report and verdict.unreadable
    assert "không thấy tệp đính kèm" in verdict.problems[0]


@pytest.mark.parametrize("body", ["gửi PGD", "gui PGD", "Em gửi về Phòng ạ."])
def test_a_note_sending_to_the_office_under_a_subject_naming_the_report_is_a_forgotten_attachment(
    shipped: Config, body: str
) -> None:
    """Regression: «BC NQ121» over «gửi PGD» with the file forgotten was no report at all, as the note
    names nothing it sends: the school was never told its file had not come. Under a subject naming the
    report, sending to the office sends the report."""
    verdict = _classify(shipped, message(SCHOOL, "BC NQ121", body=body), [])
    assert verdict.is_report and verdict.unreadable
    assert "không thấy tệp đính kèm" in verdict.problems[0]


OUR_ACK = "<baocao.5d5b4025af012cfd4d2337e5243c5fa3@example.edu.vn>"
QUOTED_ACK = (
    "\n\nVào Th 3, 20 thg 10, 2026 vào lúc 12:00 Phòng Giáo dục và Đào tạo huyện Thủ Thừa "
    "<pgdthuthua@example.edu.vn> đã viết:\n> Kính gửi: Hiệu trưởng Trường Tiểu học Mỹ An\n> Phòng đã nhận "
    'được thư "Báo cáo NQ121" gửi từ địa chỉ c1myan.thuthua@example.edu.vn và ghi nhận đây là báo cáo.'
)


@pytest.mark.parametrize(
    ("body", "automatic"),
    [
        ("Tôi đang nghỉ phép từ ngày 18/10 đến hết ngày 30/10/2021. Việc gấp xin liên hệ cô Lan.", True),
        ("Xin chào! Tôi hiện đang vắng mặt, vui lòng gửi thư cho văn thư nhà trường.", True),
        ("Cảm ơn quý thầy cô đã gửi thư. Tôi đang đi công tác và sẽ trả lời khi trở về.", True),
        ("I am out of the office until 30/10 with limited access to email.", True),
        ("Thank you for your email. I'm currently on leave and will reply when I return.", True),
        (
            "Cảm ơn Quý thầy cô đã gửi thư.\nTôi đang đi tập huấn tại Sở từ ngày 15/10 đến 20/10/2021, sẽ trả "
            "lời thư khi trở về.\nViệc gấp xin gọi 0272.3861.234.\nHiệu trưởng",
            True,
        ),
        ("Tôi đang đi họp ở huyện cả ngày.", True),
        ("Tôi đang nghỉ ốm đến hết tuần.", True),
        ("Xin chào, em đang nghỉ thai sản đến hết tháng 12/2021.", True),
        ("Tôi hiện không thể trả lời thư, việc gấp xin liên hệ văn thư nhà trường.", True),
        ("Cảm ơn thầy cô. Tôi sẽ trả lời thư khi về.", True),
        ("Tôi đang đi tập huấn tại Sở, cho em hỏi mẫu báo cáo năm nay có thay đổi không ạ?", False),
        ("Tôi đang nghỉ phép, em Lan sẽ gửi báo cáo NQ121 trước ngày 25/10 ạ.", False),
        ("Dạ em đang nghỉ phép nhưng trường đã gửi báo cáo rồi ạ.", False),
        ("Em đang nghỉ phép nên đã nhờ cô Lan ở trường gửi ạ.", False),
    ],
)
def test_an_out_of_office_reply_without_its_header_to_our_reminder_needs_nobody(
    shipped: Config, body: str, automatic: bool
) -> None:
    """A school's server answers our reminder with the principal's out-of-office note but writes no
    Auto-Submitted field: the note waited in review as the school's answer to our mail, for staff to read
    all season, and so did one per reminder whose writer was at a training («đang đi tập huấn … sẽ trả lời
    thư khi trở về»), at a meeting, off sick or on maternity leave. Its words are enough; a person's note
    that says more than that they are away, or asks something, still waits."""
    mail = message(SCHOOL, "Re: Nhắc nộp báo cáo NQ121", body=body, headers={"In-Reply-To": OUR_ACK})
    verdict = _classify(shipped, mail, [])
    assert not verdict.is_report
    assert verdict.automatic == automatic and verdict.needs_staff == (not automatic)
    if automatic:
        assert verdict.reason == "Thư trả lời tự động (vắng mặt, nghỉ phép), không phải báo cáo."


@pytest.mark.parametrize(
    ("body", "claimed"),
    [
        ("Trường đã gửi ngày 20/10 ạ.", True),
        ("Dạ trường em đã gửi rồi ạ.", True),
        ("Dạ em đã nộp qua email hôm trước ạ.", True),
        ("Dạ vâng, trường sẽ gửi trong hôm nay ạ.", False),
        ("Dạ nhà trường đã gửi vào chiều nay ạ.", True),
        ("Dạ em đã nhận được thư Phòng đã gửi ạ.", False),
        ("Trường đã gửi hay chưa ạ?", False),
        ("Trường đã gửi kế hoạch rồi ạ.", False),
        ("Tôi đang nghỉ phép. Thư anh chị đã gửi sẽ được trả lời khi tôi trở lại.", False),
        ("Cảm ơn quý thầy cô đã gửi thư. Tôi đang nghỉ phép.", False),
    ],
)
def test_a_reply_to_a_reminder_saying_it_was_sent_is_a_claim(
    shipped: Config, body: str, claimed: bool
) -> None:
    """Answering the reminder staff sent by hand («[Nhắc] Báo cáo NQ121»), a school writes only «Trường đã
    gửi ngày 20/10 ạ» the same day: the report is the one the subject names, so the sentence need not name
    it. It was set aside as mail that mentions the report with nothing attached, and nobody looked for a
    report that may have gone astray while the school went on being reminded."""
    subject = "Re: [Nhắc] Báo cáo NQ121 năm 2021"
    mail = message(SCHOOL, subject, body=body, headers={"In-Reply-To": "<CAF3x9Q@mail.gmail.com>"})
    verdict = _classify(shipped, mail, [])
    assert not verdict.is_report
    assert (verdict.claim is not None and verdict.claim.report_id == "nq121") == claimed


@pytest.mark.parametrize(
    ("body", "claimed"),
    [
        ("Đã gửi.", True),
        ("Dạ đã nộp rồi ạ.", True),
        ("Dạ gửi rồi ạ.", True),
        ("Trường gửi rồi mà.", True),
        ("Dạ bên em nộp rồi chị ơi.", True),
        ("Trường em gửi từ hôm thứ 2 rồi ạ.", True),
        ("Dạ trường đã gửi mail rồi ạ.", True),
        ("Báo cáo này trường gửi rồi ạ.", True),
        ("Dạ em gửi liền ạ.", False),
        ("Trường chưa gửi ạ, em sẽ gửi sau.", False),
        ("Dạ em gửi kế hoạch rồi ạ.", False),
        ("Trường gửi rồi hay chưa ạ?", False),
        ("Dạ em nhận được thư Phòng gửi rồi ạ.", False),
    ],
)
def test_a_bare_reply_to_a_reminder_that_it_was_sent_is_a_claim(
    shipped: Config, body: str, claimed: bool
) -> None:
    """Answering the reminder («Re: Nhắc nộp báo cáo … Nghị quyết 121/2020/QH14 …»), schools write as briefly
    as «Đã gửi.», «Dạ gửi rồi ạ» or «Trường gửi rồi mà»: no sender before "đã", or no "đã" at all. Only
    "trường/em … đã gửi" was read as a claim, so these were noise: staff never looked for a report that may
    have gone astray. A sending to come, another paper, a question or the office's sending is no claim."""
    subject = "Re: Nhắc nộp báo cáo kết quả triển khai thực hiện Nghị quyết 121/2020/QH14 năm 2021"
    verdict = _classify(shipped, message(SCHOOL, subject, body=body), [])
    assert not verdict.is_report
    assert (verdict.claim is not None and verdict.claim.report_id == "nq121") == claimed


@pytest.mark.parametrize(
    ("body", "for_staff"),
    [
        ("Dạ em cảm ơn Phòng ạ.", False),
        ("Dạ vâng, trường em đã nhận được thư ạ. Em cảm ơn.\n--\nNguyễn Thị Lan\nVăn thư TH Mỹ An", False),
        ("Dạ em cảm ơn, nhưng file đó em gửi nhầm bản chưa ký ạ.", True),
        ("Dạ vâng, trường sẽ gửi bản có chữ ký sau ạ.", True),
        ("Em cảm ơn Phòng, cho em hỏi hạn nộp bản giấy là ngày nào ạ?", True),
    ],
    ids=["thanks", "got-it-signed", "but-mistaken", "promise", "question"],
)
def test_an_answer_to_our_mail_that_only_thanks_the_office_is_not_for_staff(
    shipped: Config, body: str, for_staff: bool
) -> None:
    """A school thanking the office in answer to its acknowledgement («Dạ em cảm ơn Phòng ạ») waited in
    review all season: the digest counted it among the mail waiting for staff and every list marked the
    school, which had reported, as having mail waiting. Thanks alone need nobody; anything more does."""
    mail = message(
        SCHOOL, "Re: Đã nhận báo cáo NQ121", body=body + QUOTED_ACK, headers={"In-Reply-To": OUR_ACK}
    )
    verdict = _classify(shipped, mail, [])
    assert not verdict.is_report and verdict.needs_staff == for_staff


@pytest.mark.parametrize(
    "body",
    [
        "Dạ thưa Phòng, trường em đã gửi báo cáo NQ121 hôm 20/10 rồi ạ, sao vẫn nhận được thư nhắc ạ?",
        "Trường em đã nộp báo cáo NQ121 ngày 18/10, Phòng nhận được chưa ạ?",
    ],
    ids=["why-reminded", "received-yet"],
)
def test_a_schools_word_that_it_sent_the_report_is_kept_though_the_sentence_ends_asking(
    shipped: Config, body: str
) -> None:
    """A school answering a reminder in a new mail, «trường em đã gửi báo cáo NQ121 hôm 20/10 rồi ạ, sao vẫn
    nhận được thư nhắc ạ?», was noise: the sentence ended with a question, so its claim was never read, and
    staff never learned that a school said its report had been sent while none was on record."""
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", body=body), [])
    assert verdict.claim is not None and verdict.claim.report_id == "nq121"


@pytest.mark.parametrize(
    ("body", "claimed"),
    [
        ("Báo cáo NQ121 trường em gửi Phòng hôm 18/10 ạ", True),
        ("Báo cáo NQ121 của trường em gửi Phòng ngày 18/10/2021 qua email.", True),
        ("Dạ thưa Phòng, báo cáo NQ121 trường em nộp vào ngày 15/10 ạ", True),
        ("Báo cáo NQ121 trường em gửi Phòng hôm 18 tháng 10 ạ", True),
        ("Báo cáo NQ121 trường em gửi Phòng hôm 18 tháng Mười ạ", True),
        ("Báo cáo NQ121 trường em gửi Phòng ngày 18 tháng mười năm 2021 ạ", True),
        ("Bao cao NQ121 truong em gui Phong hom 18 thang muoi a", True),
        ("Báo cáo NQ121 trường em gửi Phòng ngày 30 tháng Chín ạ", True),
        ("Dạ báo cáo NQ121 trường em gửi Phòng ngày 20 tháng Mười ạ", False),  # the day it was received
        ("Báo cáo NQ121 trường em gửi Phòng hôm nay ạ", False),
        ("Trường em gửi Phòng báo cáo NQ121 sáng nay ạ", False),
        ("Dạ báo cáo NQ121 trường em gửi Phòng ngày 20/10 ạ", False),  # the day it was received
        ("Dạ em gửi báo cáo NQ121 số 45/BC-THMA ngày 18/10/2021 ạ", False),  # the paper's date
    ],
)
def test_a_note_dating_its_sending_before_the_day_it_came_is_a_claim(
    shipped: Config, body: str, claimed: bool
) -> None:
    """ "Báo cáo NQ121 trường em gửi Phòng hôm 18/10 ạ" mailed on the 20th with nothing attached was read as
    the report sent now with its file left out: the school, whose report may have gone astray, was told its
    new mail could not be read, and a school whose report was on record had an unreadable submission
    after it. A sending dated before the day of receipt tells of mail sent then: a claim for the pipeline,
    its month in numbers or in words («hôm 18 tháng Mười», with or without marks). Today, this morning, or
    the paper's own date keep the forgotten attachment."""
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", body=body), [])
    assert (verdict.claim is not None) == claimed
    assert verdict.is_report == (not claimed)
    if not claimed:
        assert "không thấy tệp đính kèm" in verdict.problems[0]


@pytest.mark.parametrize(
    "body",
    [
        "Báo cáo gửi hôm 18/10 bị lỗi, em gửi lại ạ",
        "Dạ báo cáo NQ121 gửi hôm 18/10 file bị hỏng, em gửi lại Phòng ạ.",
        "Dạ báo cáo trường em đã gửi ngày 18/10 không mở được. Em gửi lại ạ.",
        "Báo cáo NQ121 em gửi hôm 18/10, em gửi lại vì sợ Phòng chưa nhận ạ.",
        "Báo cáo NQ121 trường em đã gửi hôm 18/10, nay em gửi bổ sung phần đề xuất ạ.",
        "Báo cáo NQ121 em gửi ngày 18/10 còn thiếu phần số liệu, em xin gửi bổ sung ạ",
    ],
)
def test_a_note_resending_a_report_sent_on_an_earlier_day_is_a_forgotten_attachment(
    shipped: Config, body: str
) -> None:
    """ "Báo cáo gửi hôm 18/10 bị lỗi, em gửi lại ạ" mailed on the 20th with nothing attached was read as the
    school's word that it had sent the report on the 18th: the school, which sends it again now and left
    the file out, was never told its file had not come. A clause sending now beside the dated one decides,
    and so does one sending more of it ("nay em gửi bổ sung phần đề xuất"), read as a claim too."""
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", body=body), [])
    assert verdict.is_report and verdict.unreadable and verdict.claim is None
    assert "không thấy tệp đính kèm" in verdict.problems[0]


@pytest.mark.parametrize(
    "body",
    [
        "Trường chúng tôi xin nộp lại báo cáo, bản trước bị lỗi.",
        "Em gửi lại báo cáo NQ121 ạ, bản trước bị lỗi.",
        "Dạ file lần trước không mở được, trường em xin gửi lại báo cáo ạ.",
    ],
)
def test_a_note_resending_a_report_whose_earlier_copy_was_faulty_is_a_forgotten_attachment(
    shipped: Config, body: str
) -> None:
    """ "Trường chúng tôi xin nộp lại báo cáo, bản trước bị lỗi" with nothing attached was read as a mail
    naming the report with no paper («Thư nhắc đến báo cáo nhưng không kèm văn bản báo cáo nào»): the
    school, which meant to replace its faulty copy, was never told its file had not come. An earlier copy
    named without its day ("bản trước", "lần trước") tells of a resend as a dated one does."""
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", body=body), [])
    assert verdict.is_report and verdict.unreadable and verdict.claim is None
    assert "không thấy tệp đính kèm" in verdict.problems[0]


@pytest.mark.parametrize(
    "body",
    [
        "Dạ báo cáo NQ121 trường em gửi hôm 18/10 ạ, nếu bị lỗi em gửi lại.",
        "Dạ báo cáo NQ121 em gửi hôm 18/10 rồi ạ, em sẽ gửi lại bản ký sau.",
        "Báo cáo NQ121 trường gửi hôm 18/10, Phòng gửi lại giúp em mẫu biểu ạ.",
        "Báo cáo NQ121 em gửi hôm 18/10, em sẽ gửi bổ sung sau ạ.",
        "Dạ trường em đã gửi báo cáo NQ121 hôm 18/10, nếu cần bổ sung gì thầy báo em ạ.",
        "Dạ em gửi lại báo cáo hôm 18/10 ạ.",
    ],
)
def test_a_dated_sending_beside_no_sending_now_stays_a_claim(shipped: Config, body: str) -> None:
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", body=body), [])
    assert not verdict.is_report and verdict.claim is not None


@pytest.mark.parametrize(
    "body",
    [
        "Dạ báo cáo đã sửa em gửi lại ạ.",
        "Dạ bản đã ký em gửi lại ạ.",
        "Báo cáo NQ121 đã chỉnh sửa theo góp ý, em gửi lại Phòng ạ.",
        "Dạ em gửi lại bản đã ký ạ.",
    ],
)
def test_a_note_naming_the_report_before_sending_it_is_a_forgotten_attachment(
    shipped: Config, body: str
) -> None:
    """ "Dạ bản đã ký em gửi lại ạ" under the subject "Báo cáo NQ121", nothing attached, was no report at all
    (and "báo cáo … đã chỉnh sửa …, em gửi lại" a correction for staff): only "gửi" before "báo cáo" read as
    sending now, and "đã ký em gửi" as a sending before. The school was never told its file had not come."""
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", body=body), [])
    assert verdict.is_report and verdict.unreadable
    assert "không thấy tệp đính kèm" in verdict.problems[0]


@pytest.mark.parametrize(
    "body", ["Bản kế hoạch NQ121 Phòng gửi trường đã nhận ạ.", "Dạ mẫu báo cáo NQ121 Phòng gửi em đã nhận ạ."]
)
def test_a_note_about_what_the_office_sent_is_no_forgotten_attachment(shipped: Config, body: str) -> None:
    """Read with the verb of sending after the report, "mẫu báo cáo NQ121 Phòng gửi em đã nhận" (the office's
    template, received) was taken for the school's report with its file left out: the school was told its
    file had not come and counted as having sent an unreadable report."""
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", body=body), [])
    assert not verdict.is_report


@pytest.mark.parametrize(
    "body",
    [
        "Báo cáo NQ121 hôm qua em đã gửi ạ.",
        "Dạ báo cáo NQ121 trường em đã gửi ngày 18/10 ạ.",
        "Bản đã ký em sẽ gửi sau ạ.",
        "Trường đã gửi báo cáo NQ121 hôm 20/10 rồi ạ.",
        "Trường đã có gửi báo cáo NQ121 ngày 18/10 ạ.",
        "Trường đã hoàn thành và gửi báo cáo NQ121 ngày 20/10 qua email.",
        "Dạ em đã gởi báo cáo NQ121 cho chị Hồng ạ",
    ],
)
def test_a_note_telling_of_a_report_sent_another_time_is_no_forgotten_attachment(
    shipped: Config, body: str
) -> None:
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", body=body), [])
    assert not verdict.is_report


@pytest.mark.parametrize(
    "body",
    [
        "Dạ em sẽ gửi báo cáo NQ121 sau ạ, nhà trường đang trình hiệu trưởng ký.",
        "Dạ em đã gửi báo cáo NQ121 hôm qua rồi ạ.",
        "Cho em hỏi hạn gửi báo cáo NQ121 là ngày nào ạ?",
        "Cảm ơn Phòng đã nhận báo cáo NQ121 của trường ạ.",
        "Trường xin gửi báo cáo NQ121 chậm 2 ngày.",
    ],
)
def test_a_note_about_sending_the_report_another_time_is_no_forgotten_attachment(
    shipped: Config, body: str
) -> None:
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", body=body), [])
    assert not verdict.is_report


@pytest.mark.parametrize(
    "body",
    [
        "Dạ em gửi báo cáo NQ121 qua Zalo cho chị Hồng rồi ạ.",
        "Dạ em gửi báo cáo NQ121 qua Zalo ạ.",
        "Trường gửi báo cáo NQ121 bản giấy qua văn thư Phòng ạ.",
        "Trường đã gửi bản giấy báo cáo Nghị quyết 121 về Phòng.",
        "Em gửi báo cáo NQ121 trên phần mềm iOffice ạ.",
    ],
)
def test_a_note_saying_the_report_went_another_way_waits_for_staff(shipped: Config, body: str) -> None:
    """ "Dạ em gửi báo cáo NQ121 qua Zalo ạ" with nothing attached was taken for a forgotten attachment, the
    school told its file had not come; "đã gửi bản giấy" was no report at all, and nobody looked. What
    came another way is for staff to check (and record a paper copy) before the school is chased."""
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", body=body), [])
    assert not verdict.is_report and verdict.needs_staff
    assert "bằng cách khác" in verdict.reason and "baocao paper" in verdict.reason


def test_a_report_named_by_its_topic_sent_another_way_waits_for_staff(shipped: Config) -> None:
    """A school wrote, with nothing attached, that its term summary on child protection had gone to the
    office by Zalo, naming the report by its topic ("báo cáo sơ kết học kỳ I phòng chống xâm hại trẻ
    em"), not by "NQ121": the mail was dropped as naming no report, and nobody looked."""
    body = "Dạ báo cáo sơ kết học kỳ I phòng chống xâm hại trẻ em trường em đã gửi qua Zalo cho Phòng hôm 12/01 ạ."
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo sơ kết HK1", body=body), [])
    assert not verdict.is_report and verdict.needs_staff
    assert "bằng cách khác" in verdict.reason and "qua Zalo" in verdict.reason


def test_a_question_about_sending_the_report_another_way_is_no_report(shipped: Config) -> None:
    body = "Dạ cho em hỏi trường gửi báo cáo NQ121 qua Zalo được không ạ?"
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", body=body), [])
    assert not verdict.is_report and "bằng cách khác" not in verdict.reason


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        (
            "Đính chính số liệu báo cáo NQ121",
            "Kính gửi Phòng GD&ĐT,\nTrường xin đính chính số liệu trong báo cáo đã gửi ngày 20/10: số buổi "
            "tuyên truyền là 6 buổi (không phải 4 buổi).\nTrân trọng.",
        ),
        (
            "Re: Báo cáo thực hiện Nghị quyết 121/2020/QH14",
            "Dạ em xin sửa lại: trường tổ chức 6 buổi tuyên truyền chứ không phải 4 buổi ạ.",
        ),
        (
            "Bổ sung số liệu báo cáo NQ121",
            "Kính gửi Phòng,\nTrường xin bổ sung số liệu còn thiếu trong báo cáo NQ121: số buổi tuyên "
            "truyền là 6 buổi.\nTrân trọng.",
        ),
        (
            "Đính chính báo cáo NQ121",
            "Kính gửi Phòng GD&ĐT,\nTrường em xin đính chính báo cáo NQ121 đã gửi hôm 20/10.\nSố buổi tuyên "
            "truyền đúng là 6 buổi, không phải 4 buổi ạ.\nTrân trọng.",
        ),
    ],
    ids=["dinh-chinh", "reply-sua-lai", "bo-sung-so-lieu", "figure-in-next-sentence"],
)
def test_a_correction_written_in_the_mail_waits_for_staff(shipped: Config, subject: str, body: str) -> None:
    """A school correcting a figure of the report it sent, in the mail alone ("xin đính chính số liệu: 6
    buổi, không phải 4"), was no report, and nobody looked: the consolidated report went up with the
    figure the school had corrected. Staff read it (the draft names a reporting school's later mail
    waiting for them). So is a figure the report left out, given in the mail alone ("xin bổ sung số liệu
    còn thiếu …"): it was dropped as a mail naming the report without its file. A correction announced in
    one sentence and stated in the next was quoted without the figure, which the draft then left summed."""
    verdict = _classify(shipped, message(SCHOOL, subject, body=body), [])
    assert not verdict.is_report and verdict.needs_staff
    assert "đính chính" in verdict.reason and "6 buổi" in verdict.reason


@pytest.mark.parametrize(
    "body",
    [
        "Kính gửi Phòng,\nSố liệu trong báo cáo NQ121 gửi hôm trước bị sai, trường sẽ gửi lại.\nTrân trọng.",
        "Dạ báo cáo NQ121 em gửi hôm qua ghi sai số liệu, em sẽ gửi lại bản đúng sau ạ.",
        "Dạ số liệu báo cáo NQ121 của trường chưa chính xác ạ. Trường sẽ gửi lại.",
        "Dạ số liệu trong báo cáo NQ121 trường gửi hôm trước chưa đúng ạ, trường sẽ gửi lại.",
    ],
    ids=["bi-sai", "ghi-sai", "chua-chinh-xac", "chua-dung"],
)
def test_a_mail_saying_the_reports_figures_are_wrong_waits_as_a_correction(
    shipped: Config, body: str
) -> None:
    """ "Số liệu trong báo cáo gửi hôm trước bị sai, trường sẽ gửi lại" was a mail naming the report without
    its file, and nobody looked: the sentence promises the corrected file, but says now that the figures
    sent are wrong, which staff must know before summing them."""
    verdict = _classify(shipped, message(SCHOOL, "Re: Báo cáo NQ121", body=body), [])
    assert not verdict.is_report and verdict.needs_staff
    assert verdict.reason.startswith("Thư không kèm tệp, trường đính chính báo cáo đã gửi: «")


@pytest.mark.parametrize(
    "body",
    [
        "Dạ cô hiệu trưởng đi họp ở Sài Gòn, báo cáo NQ121 em gửi sau ạ.",
        "Báo cáo NQ121 của trường có bị sai gì không ạ?",
        "Dạ báo cáo NQ121 trường gửi hôm trước chưa đúng mẫu, trường sẽ gửi lại ạ.",
    ],
    ids=["sai-gon", "question", "wrong-template"],
)
def test_a_word_like_wrong_in_a_note_is_no_correction(shipped: Config, body: str) -> None:
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", body=body), [])
    assert "đính chính" not in verdict.reason


@pytest.mark.parametrize(
    "body",
    [
        "Dạ em gửi lại báo cáo NQ121 đã chỉnh sửa ạ.",
        "Trường sẽ điều chỉnh báo cáo NQ121 và gửi lại sau ạ.",
        "Dạ trường em đã gửi báo cáo NQ121 hôm 20/10, nếu cần chỉnh sửa gì thầy báo em ạ.",
        "Báo cáo NQ121 của trường có cần điều chỉnh gì không ạ?",
    ],
    ids=["file-left-out", "promise", "offer", "question"],
)
def test_a_mail_sending_promising_or_asking_a_correction_is_no_correction(shipped: Config, body: str) -> None:
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", body=body), [])
    assert "đính chính" not in verdict.reason


def test_a_note_naming_a_file_sent_before_is_no_forgotten_attachment(shipped: Config) -> None:
    body = "Trường đã gửi file BC NQ121.docx qua email hôm 20/10 rồi ạ."
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", body=body), [])
    assert not verdict.is_report


@pytest.mark.parametrize(
    ("body", "claimed"),
    [
        ("Dạ trường em đã nộp báo cáo NQ121 hôm 20/10 ạ.", True),
        ("Dạ báo cáo NQ121 trường em đã gửi ngày 18/10 ạ.", True),
        ("Kính gửi Phòng. Trường TH Mỹ An đã gửi báo cáo qua email ngày 18/10 rồi ạ. Trân trọng.", True),
        ("Dạ cho em hỏi trường đã gửi báo cáo NQ121 chưa ạ?", False),
        ("Cảm ơn Phòng đã nhận báo cáo NQ121 của trường ạ.", False),
        ("Dạ em sẽ gửi báo cáo NQ121 sau ạ.", False),
    ],
)
def test_a_schools_word_that_it_sent_the_report_before_is_kept_for_the_pipeline(
    shipped: Config, body: str, claimed: bool
) -> None:
    """A new mail saying "trường em đã nộp báo cáo NQ121 hôm 20/10" was noise with nothing kept of the claim,
    so the pipeline, which alone knows whether anything of it came, could not bring it to staff."""
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", body=body), [])
    assert not verdict.is_report and not verdict.needs_staff
    assert (verdict.claim is not None) == claimed
    if verdict.claim is not None:
        assert verdict.claim.report_id == "nq121" and verdict.claim.sentence in body


_INVITATION = (
    "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\n"
    "BEGIN:VEVENT\r\nDTSTART:20211022T013000Z\r\nDTEND:20211022T040000Z\r\n"
    "ORGANIZER;CN=Trường Tiểu học Mỹ An:mailto:c1myan.thuthua@example.edu.vn\r\n"
    "SUMMARY:Họp triển khai Nghị quyết 121 về phòng\\, chống xâm hại trẻ em\r\n"
    "LOCATION:Phòng họp Trường Tiểu học Mỹ An\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


@pytest.mark.parametrize(
    ("ctype", "name", "sender"),
    [
        ("text/calendar", "invite.ics", SCHOOL),
        ("application/octet-stream", "Lich hop.ics", SCHOOL),
        ("text/calendar", "invite.ics", "vhxh.thuthua@example.gov.vn"),
    ],
)
def test_a_calendar_invitation_is_no_report(shipped: Config, ctype: str, name: str, sender: str) -> None:
    """A school invited the office to a meeting on the plan from Google Calendar: the invitation's event
    file ("invite.ics", its SUMMARY naming Nghị quyết 121) was read as a text document naming the report,
    and the meeting counted as the school's NQ121 report. The commune's officer's own invitation to the
    meeting waited for staff as «kèm báo cáo của một trường» that named no school."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["Subject"] = (
        "Lời mời: Họp triển khai Nghị quyết 121 về phòng, chống xâm hại trẻ em @ Th 5 21 thg 10, 2021"
    )
    msg["Message-ID"] = "<invite@example.edu.vn>"
    msg.set_content("Bạn đã được mời tham gia sự kiện sau.\nCó tham gia không? Có - Có thể - Không")
    maintype, subtype = ctype.split("/")
    msg.add_attachment(_INVITATION.encode(), maintype=maintype, subtype=subtype, filename=name)
    mail = message_mod.parse(msg.as_bytes(), fallback_id="x")
    documents, failures = read_mail(mail, read_attachment)
    verdict = classify(mail, documents, failures, shipped, RECEIVED)
    assert not verdict.is_report and not verdict.needs_staff and verdict.report_id is None
    assert "lời mời" in verdict.reason or verdict.internal


def test_a_document_systems_task_reminder_is_no_report(shipped: Config) -> None:
    """The province's document system reminded the unit that the Department's letter on NQ121 was due for
    handling, with a link to the system: read as a report sent by link, it waited in review as unreadable
    mail of no school's."""
    mail = message(
        "qlvb@tayninh.gov.vn",
        "[QLVB] Nhắc việc: Văn bản 3125/SGDĐT-CTTT sắp đến hạn xử lý",
        body=(
            "Văn bản đến số 3125/SGDĐT-CTTT của Sở Giáo dục và Đào tạo về việc báo cáo kết quả thực hiện Nghị "
            "quyết 121/2020/QH14 sắp đến hạn xử lý (05/11/2021).\nTruy cập https://qlvb.tayninh.gov.vn để xử lý."
        ),
    )
    verdict = _classify(shipped, mail, [])
    assert not verdict.is_report and not verdict.needs_staff and verdict.automatic
    assert "nhắc việc" in verdict.reason


@pytest.mark.parametrize(
    "page",
    [
        b"<html><body><script>location='http://tayninh-gov-vn.login-secure.top/baocao'</script>Dang nhap</body></html>",
        b'<html><body><form action="http://x.top/a"><input name="u"><input type=password name="p"></form></body></html>',
    ],
)
def test_a_phishing_page_attached_is_no_report(shipped: Config, page: bytes) -> None:
    """Mail posing as the Department ("KHẨN: Cập nhật báo cáo NQ121") attached a web page that sends the
    reader to a fake login ("BaoCao_NQ121.htm"): read as the report with nothing in it, it waited in review
    as an unreadable report for staff to open."""
    msg = EmailMessage()
    msg["From"] = "So GD&DT Tay Ninh <sogddt.tayninh.gov.vn@outlook-mail-verify.com>"
    msg["Subject"] = "KHẨN: Cập nhật báo cáo NQ121 trước 25/10"
    msg["Message-ID"] = "<phish@outlook-mail-verify.com>"
    msg.set_content("Để nộp báo cáo Nghị quyết 121, vui lòng đăng nhập hộp thư công vụ theo tệp đính kèm.")
    msg.add_attachment(page, maintype="text", subtype="html", filename="BaoCao_NQ121.htm")
    mail = message_mod.parse(msg.as_bytes(), fallback_id="x")
    documents, failures = read_mail(mail, read_attachment)
    verdict = classify(mail, documents, failures, shipped, RECEIVED)
    assert not verdict.is_report and not verdict.needs_staff
    assert "lừa đảo" in verdict.reason


def test_a_long_note_quoted_in_a_reason_is_cut_at_a_word_and_says_so(shipped: Config) -> None:
    """A school's long request for more time was quoted cut at 200 characters in the middle of a word
    ("… đến ngày 2") with nothing to show that more followed: staff read a date the school never wrote.
    The quote ends at a whole word with "…"; a short note is quoted whole, with no "…"."""
    body = (
        "Kính gửi Phòng GD&ĐT Thủ Thừa, do cô Hiệu trưởng đi tập huấn tại tỉnh từ ngày 20/10 đến hết ngày "
        "26/10 nên báo cáo chưa được ký duyệt, trường em kính đề nghị Phòng cho trường được gia hạn nộp báo "
        "cáo Nghị quyết 121 đến ngày 28/10/2025 ạ. Em xin cảm ơn Phòng."
    )
    mail = message("c0tanthanh.thuthua@example.edu.vn", "Xin gia hạn nộp báo cáo NQ121", body=body)
    verdict = _classify(shipped, mail, [])
    said = verdict.reason.split("«", 1)[1].split("»", 1)[0]
    assert said.endswith("…") and len(said) <= 200
    assert body.startswith(said[:-1]) and body[len(said) - 1] == " "
    short = message("c0tanthanh.thuthua@example.edu.vn", "Xin gia hạn", body="Dạ xin gia hạn đến 28/10 ạ.")
    assert "«Dạ xin gia hạn đến 28/10 ạ.»" in _classify(shipped, short, []).reason


def _meeting_request(body: str) -> EmailMessage:
    """An Outlook meeting request: its text and the event as a text/calendar alternative, no file."""
    msg = EmailMessage()
    msg["From"] = SCHOOL
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Họp triển khai báo cáo Nghị quyết 121"
    msg["Message-ID"] = "<SG2PR06MB5288@SG2PR06MB5288.apcprd06.prod.outlook.com>"
    msg["Content-Class"] = "urn:content-classes:calendarmessage"
    msg.set_content(body)
    msg.add_alternative(
        _INVITATION.replace("BEGIN:VEVENT", "METHOD:REQUEST\r\nBEGIN:VEVENT", 1), subtype="calendar"
    )
    msg.get_payload()[1].set_param("method", "REQUEST")
    return msg


_AGENDA = (
    "Kính mời Phòng GD&ĐT dự họp.\nNội dung: Trường Tiểu học Mỹ An báo cáo kết quả triển khai thực hiện Nghị quyết "
    "121/2020/QH14 về phòng, chống xâm hại trẻ em năm 2021:\n1. Công tác chỉ đạo, triển khai: quán triệt, tuyên "
    "truyền đến toàn thể cán bộ, giáo viên.\n2. Kết quả thực hiện: 12 buổi tuyên truyền cho 640 lượt học sinh.\n"
    "3. Khó khăn, vướng mắc: kinh phí hạn chế.\n4. Đề xuất, kiến nghị: đề nghị Phòng hỗ trợ tài liệu."
)


def test_an_outlook_meeting_request_with_the_event_inline_is_no_report(shipped: Config) -> None:
    """A school invited the office from Outlook to a meeting on the plan, the agenda listing the report's
    parts: with the event as a text/calendar part of the body rather than an .ics file, the agenda was
    read as the report pasted into the mail and counted as the school's NQ121 report."""
    mail = message_mod.parse(_meeting_request(_AGENDA).as_bytes(), fallback_id="x")
    documents, failures = read_mail(mail, read_attachment)
    verdict = classify(mail, documents, failures, shipped, RECEIVED)
    assert not verdict.is_report and not verdict.needs_staff
    assert "lời mời" in verdict.reason


def test_a_meeting_request_carrying_a_report_file_is_read_for_the_report(shipped: Config) -> None:
    """Only mail whose every file is a calendar is set aside: a report attached to an invitation is read."""
    msg = _meeting_request("Kính mời Phòng dự họp; trường gửi kèm báo cáo.")
    paper = render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(4)))
    msg.add_attachment(paper, maintype="application", subtype="octet-stream", filename="BC NQ121.docx")
    mail = message_mod.parse(msg.as_bytes(), fallback_id="x")
    documents, failures = read_mail(mail, read_attachment)
    assert classify(mail, documents, failures, shipped, RECEIVED).is_report


def test_classifying_a_mail_reads_each_text_for_a_reports_sections_once(
    shipped: Config, with_term: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding a report's sections in a text is the costly part of judging a mail, and the same mail body
    or paper was searched again by each check that asks about it (whether the body is the report, whether
    the note announces it, whether a paper is only the form or an activity photo): each text is searched
    once for each report, the verdicts unchanged."""
    searched: list[tuple[str, tuple[str, ...]]] = []
    real = classify_mod.find_sections

    def counting(text: str, specs: Sequence[SectionSpec], *rest: Any) -> SectionResult:
        searched.append((text, tuple(s.id for s in specs)))
        return real(text, specs, *rest)

    monkeypatch.setattr(classify_mod, "find_sections", counting)
    note = message(SCHOOL, "Báo cáo NQ121 - TH Mỹ An (1)", body=_COVER_WITH_TITLE.format(said="") + "\n")
    body = read_body(note.own_body)
    assert body is not None
    assert not _classify(shipped, note, [body]).is_report
    blank = Failure("IMG_8.jpg", "empty", "Không nhận dạng được chữ nào trong ảnh IMG_8.jpg.")
    banner = _photo("IMG_9.jpg", "TUYÊN TRUYỀN PHÒNG, CHỐNG XÂM HẠI TRẺ EM (1)")
    subject = "Gửi hình ảnh hoạt động tuyên truyền phòng chống xâm hại trẻ em (1)"
    photos = message(
        SCHOOL, subject, body="Kính gửi Phòng, trường gửi hình ảnh ạ.", files=["IMG_8.jpg", "IMG_9.jpg"]
    )
    assert not _classify(shipped, photos, [banner], failures=(blank,)).is_report
    school = with_term.school("th-my-an")
    at = dt.datetime(2021, 12, 20, 2, tzinfo=dt.UTC)
    yearly = report(school, "BC NQ121 (1).docx", date=dt.date(2021, 12, 18))
    term = _term_summary(school, "SoKet_HK1 (1).docx", dt.date(2021, 12, 18))
    mail = message(SCHOOL, "Gửi 2 báo cáo", files=["BC NQ121 (1).docx", "SoKet_HK1 (1).docx"], received_at=at)
    verdict = _classify(with_term, mail, [yearly, term], at)
    assert {c.report_id for c in (verdict, *verdict.more)} == {"nq121", "hk1"}
    assert searched and all(n == 1 for n in Counter(searched).values())


@pytest.mark.parametrize(
    ("body", "disowns"),
    [
        ("Em gửi nhầm file, xin Phòng bỏ giúp em ạ.", True),
        ("Dạ bản trước em gửi nhầm, em gửi lại bản đúng ạ.", True),
        ("Dạ tối qua em gửi nhầm địa chỉ cũ của Phòng, em chuyển lại ạ.", False),
        ("Trường gửi nhầm vào hộp thư xã, xã chuyển Phòng ạ.", False),
        ("Em gửi nhầm sang Phòng Nội vụ nên gửi lại ạ.", False),
        ("Trường em gửi nhầm nơi nhận, nay gửi lại ạ.", False),
        ("Em gửi nhầm email của xã Tân Long nên gửi lại cho xã Mỹ An ạ.", False),
        ("Em gửi nhầm email, xin Phòng bỏ giúp em thư trước ạ.", True),
        ("Dạ em gửi nhầm qua Phòng file năm ngoái, xin Phòng hủy giúp em thư này ạ.", True),
        ("Dạ em gửi nhầm lên Phòng bản nháp chưa duyệt, Phòng bỏ giúp em ạ.", True),
        ("Dạ hôm qua em gửi nhầm qua file năm 2025, nay em gửi lại file đúng ạ.", True),
    ],
)
def test_mail_sent_to_the_wrong_place_disowns_no_mail_sent_before(body: str, disowns: bool) -> None:
    """«Em gửi nhầm địa chỉ cũ của Phòng, em chuyển lại ạ» says where the report went, not that the mail
    sent before was a mistake: read as disowning it, it held the school's (or, passed on by a commune,
    another school's) report counted before, and the school was shown late or missing."""
    assert disowns_earlier(message(SCHOOL, "Fwd: BC NQ121", body=body)) is disowns


@pytest.mark.parametrize(
    "title",
    [
        "Kết quả thực hiện Nghị quyết số 121/2024/NQ-HĐND của HĐND tỉnh quy định mức hỗ trợ học phí",
        "Kết quả thực hiện Nghị quyết 121 của HĐND tỉnh về chính sách hỗ trợ học phí",
        "Kết quả thực hiện Nghị quyết số 121/NQ-CP của Chính phủ về chuyển đổi số",
        "Kết quả thực hiện Nghị quyết số 121-NQ/ĐU của Đảng ủy xã về xây dựng trường chuẩn",
    ],
    ids=["provincial council", "council, no number", "government", "party committee"],
)
def test_another_bodys_resolution_numbered_121_is_not_the_report(shipped: Config, title: str) -> None:
    """A school's report on the provincial council's Resolution 121/2024 on tuition support (or the
    Government's, or the commune Party committee's resolution 121) was recorded as its NQ121 report: the
    keyword «Nghị quyết 121» only refused a digit after the number. The school showed as reported, got no
    reminder and left the missing list. Other bodies number their resolutions too."""
    paper = other_paper(
        shipped.school("th-my-lac"),
        "BC hoc phi.docx",
        "BÁO CÁO",
        title,
        "I. Công tác chỉ đạo\nNhà trường rà soát, lập danh sách 85 học sinh được hỗ trợ.\n"
        "II. Kết quả thực hiện\nĐã chi trả đủ 100% kinh phí hỗ trợ.",
    )
    mail = message(
        "c1mylac.thuthua@example.edu.vn", "Bao cao thuc hien Nghi quyet 121", files=["BC hoc phi.docx"]
    )
    verdict = _classify(shipped, mail, [paper])
    assert not (verdict.is_report and verdict.documents)
    real = report("Trường Tiểu học Mỹ Lạc", "BC XHTE.docx")
    both = message("c1mylac.thuthua@example.edu.vn", "Gui bao cao", files=["BC hoc phi.docx", "BC XHTE.docx"])
    verdict = _classify(shipped, both, [paper, real])
    assert verdict.is_report and [d.name for d in verdict.documents] == ["BC XHTE.docx"]


@pytest.mark.parametrize(
    "title",
    [
        "Tổng kết năm học 2025-2026 và phương hướng, nhiệm vụ năm học 2026-2027",
        "Kết quả công tác bảo vệ, chăm sóc trẻ em năm 2026",
    ],
)
def test_a_summary_on_another_subject_naming_the_resolution_twice_is_not_the_report(
    shipped: Config, title: str
) -> None:
    """A year-end summary (or a child-care report answering the commune) with a paragraph on the
    resolution, naming it in two or three sentences, was credited as the school's NQ121 report."""
    body = (
        "I. Công tác chuyên môn\nNhà trường hoàn thành kế hoạch năm học.\n"
        "II. Công tác phòng, chống xâm hại trẻ em\nNhà trường triển khai Nghị quyết 121/2020/QH14 đến toàn thể "
        "giáo viên. Lồng ghép nội dung Nghị quyết 121 vào tiết sinh hoạt lớp. Tổ chức 2 buổi tuyên truyền về "
        "NQ121 cho phụ huynh.\nIII. Phương hướng năm học tới\nTiếp tục nâng cao chất lượng."
    )
    paper = other_paper(shipped.school("thcs-nhi-thanh"), "BC.docx", "BÁO CÁO", title, body)
    mail = message("c2nhithanh.thuthua@example.edu.vn", "Gửi báo cáo", files=["BC.docx"])
    assert not _classify(shipped, mail, [paper]).is_report


def _as_letter(paper: Any, summary: str) -> Document:
    """A school's report laid out as a letter: no «BÁO CÁO» line, a «V/v» summary over its parts."""
    letter = dataclasses.replace(paper, kind="", summary=(summary,))
    (document,) = read_attachment("CV bao cao NQ121.docx", render_docx(letter)).documents
    return document


@pytest.mark.parametrize(
    "summary",
    [
        "V/v báo cáo kết quả thực hiện Nghị quyết 121/2020/QH14 năm 2026",
        "V/v gửi báo cáo thực hiện NQ121 năm 2026",
    ],
)
def test_a_report_laid_out_as_a_letter_is_the_report(shipped: Config, summary: str) -> None:
    """Many schools write their report as a letter: «V/v báo cáo kết quả thực hiện Nghị quyết 121 …» over
    the report's parts, with no «BÁO CÁO» line. Read as a letter, it was not the report (or a cover letter
    whose report was left out, the school asked to send it again) and the school stayed missing."""
    paper = make_paper("Trường Tiểu học Long Thuận", year=2026, rng=random.Random(3))
    document = _as_letter(paper, summary)
    assert document.header.kind == "CÔNG VĂN"
    at = dt.datetime(2026, 10, 20, 2, tzinfo=dt.UTC)  # in the 2026 season the report states
    mail = message(
        "c1longthuan.thuthua@example.edu.vn", "Gui bao cao", files=["CV bao cao NQ121.docx"], received_at=at
    )
    verdict = _classify(shipped, mail, [document], at)
    assert verdict.is_report and not verdict.unreadable
    assert [d.name for d in verdict.documents] == ["CV bao cao NQ121.docx"]


def test_a_conference_paper_on_the_topic_is_not_the_report(shipped: Config) -> None:
    """A principal's paper for a conference (THAM LUẬN), on preventing child abuse and citing the
    resolution, was read with its kind line taken into the school's name and no title, and credited."""
    text = (
        "PHÒNG GD&ĐT THỦ THỪA\nTRƯỜNG TIỂU HỌC NHỊ THÀNH\n\nTHAM LUẬN\n"
        "Một số giải pháp phòng, chống xâm hại trẻ em trong trường tiểu học\n\n"
        "Thực hiện Nghị quyết 121/2020/QH14, nhà trường đã có nhiều giải pháp.\n"
        "1. Tuyên truyền qua nhóm Zalo phụ huynh.\n2. Dạy kỹ năng tự bảo vệ qua tiết sinh hoạt.\n"
    )
    document = read_body(text)
    assert document is not None and document.header.kind == "THAM LUẬN"
    document = dataclasses.replace(document, name="Tham luan.docx")
    mail = message("c1nhithanh.thuthua@example.edu.vn", "Gui tham luan", files=["Tham luan.docx"])
    assert not _classify(shipped, mail, [document]).is_report


def test_a_letter_asking_to_send_the_report_late_is_put_before_staff(shipped: Config) -> None:
    """A school sent, instead of its report, a letter «V/v giải trình việc chậm gửi báo cáo NQ121»: «nhà
    trường xin phép gửi báo cáo chậm đến ngày 30/10». It was recorded as a report whose file could not be
    read, and the school was asked to send it again. It is a request for more time, for staff to answer."""
    letter = other_paper(
        shipped.school("th-tan-thanh"),
        "CV giai trinh.docx",
        "CÔNG VĂN",
        "V/v giải trình việc chậm gửi báo cáo NQ121",
        "Do cán bộ phụ trách nghỉ ốm, nhà trường xin phép gửi báo cáo chậm đến ngày 30/10/2026. "
        "Kính mong Phòng GD&ĐT xem xét.",
    )
    mail = message(
        "c1tanthanh.thuthua@example.edu.vn",
        "CV giai trinh cham nop bao cao NQ121",
        files=["CV giai trinh.docx"],
    )
    verdict = _classify(shipped, mail, [letter])
    assert not verdict.is_report and verdict.needs_staff
    assert verdict.reason.startswith("Trường xin gia hạn nộp báo cáo: «") and "30/10/2026" in verdict.reason


def test_a_signing_page_naming_the_report_in_its_closing_is_not_the_report(shipped: Config) -> None:
    """A school scanned only its signing page: the closing sentence «Trên đây là báo cáo kết quả thực
    hiện Nghị quyết 121/2020/QH14 …» named the report, so the page was counted as the report with every
    section missing and the school told it need not send again. It is the signing page alone: the school
    is asked for the whole report."""
    page = Document(
        name="scan.pdf",
        format="pdf",
        text=(
            "-2-\n\nTrên đây là báo cáo kết quả thực hiện Nghị quyết 121/2020/QH14 của Trường\nTiểu học Mỹ "
            "An./.\n\nNơi nhận:\tHIỆU TRƯỞNG\n- Phòng GD&ĐT (b/c);\n- Lưu: VT.\n\nPhạm Hữu Sơn"
        ),
        header=Header(signer_name="Phạm Hữu Sơn", signer_role="HIỆU TRƯỞNG"),
        method="ocr",
        ocr_confidence=88.0,
    )
    verdict = _classify(shipped, message(SCHOOL, "Báo cáo NQ121", files=["scan.pdf"]), [page])
    assert verdict.is_report and verdict.unreadable
    assert "scan.pdf chỉ có trang ký tên, đóng dấu" in verdict.problems[0]
    assert "gửi lại toàn bộ báo cáo" in verdict.problems[0]


_COVER_LETTER = (
    "PHÒNG GD&ĐT THỦ THỪA\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTRƯỜNG TIỂU HỌC MỸ AN\tĐộc lập - Tự do - "
    "Hạnh phúc\n\nSố: 29/TH-MA\tMỹ An, ngày 17 tháng 10 năm 2021\n\nV⁄% gửi báo cáo thực hiện\nNghị quyết "
    "121/2020/QH14\n\nKính gửi: Phòng Giáo dục và Đào tạo huyện Thủ Thừa.\n\nTrường Tiểu học Mỹ An kính gửi "
    "Phòng Giáo dục và Đào tạo báo cáo kết quả\nthực hiện Nghị quyết số 121/2020/QH14 về phòng, chống xâm "
    "hại trẻ em năm\n2021 (đính kèm báo cáo).\nTrân trọng./.\n\nHIỆU TRƯỞNG"
)


def test_a_cover_letter_page_before_another_schools_report_is_no_report(shipped: Config) -> None:
    """One scan held a primary school's cover letter, left in the copier («V/v» read as «V⁄%»), then a
    secondary school's report: cut in two by issuer, the letter's page was counted as the primary school's
    report, replacing the one it had sent. A letter naming the report, holding none of it, is no report."""
    cover = Document(
        name="scan_001.pdf (trang 1)",
        format="pdf",
        text=_COVER_LETTER,
        header=extract_header(_COVER_LETTER),
        method="ocr",
        ocr_confidence=90.0,
    )
    assert cover.header.issuer == "TRƯỜNG TIỂU HỌC MỸ AN" and cover.header.kind is None
    other = report("Trường THCS Nhị Thành", "scan_001.pdf (trang 2-3)", method="ocr")
    mail = message("vanthu.nhithanh@gmail.com", "Gửi báo cáo NQ121", files=["scan_001.pdf"])
    verdict = _classify(shipped, mail, [cover, other])
    assert verdict.is_report and not verdict.unreadable
    assert [d.name for d in verdict.documents] == ["scan_001.pdf (trang 2-3)"]
    alone = _classify(shipped, message(SCHOOL, "Gửi báo cáo NQ121", files=["scan_001.pdf"]), [cover])
    assert not alone.documents  # a cover letter without the report it sends is not a report


# A report typed into the mail as a phone types it, each part's content after a colon on its heading's line,
# and a word on why it comes in the mail.
_INLINE_REPORT = (
    "UBND HUYỆN THỦ THỪA\nTRƯỜNG TIỂU HỌC MỸ AN\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nBÁO CÁO\nKết quả triển khai "
    "thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em năm 2021\nĐơn vị: Trường Tiểu học Mỹ An\n"
    "1. Công tác chỉ đạo, triển khai: nhà trường đã tổ chức 4 buổi tuyên truyền cho phụ huynh.\n"
    "2. Kết quả thực hiện: không xảy ra vụ xâm hại trẻ em nào.\n3. Khó khăn, vướng mắc: phụ huynh đi làm xa.\n"
    "4. Đề xuất, kiến nghị: không có.\nGửi kèm nội dung trong thư vì máy scan hỏng.\nHIỆU TRƯỞNG\n"
    "Trường Tiểu học Mỹ An\n"
)


def test_a_report_typed_in_the_mail_part_by_part_on_one_line_each_is_the_report(sectionless: Config) -> None:
    """A school whose scanner broke typed its report into the mail, each part's content after a colon on
    the part's own line, and said «Gửi kèm nội dung trong thư vì máy scan hỏng»: the parts were not counted
    as written (a heading with nothing on the lines under it), and the note was read as announcing a file,
    so the school was told «Thư ghi có tệp báo cáo đính kèm nhưng không kèm tệp nào» and not credited."""
    mail = message(SCHOOL, "Báo cáo NQ121 học kỳ I (nội dung trong thư)", body=_INLINE_REPORT)
    body = read_body(mail.own_body)
    assert body is not None and body.header.kind == "BÁO CÁO"
    verdict = _classify(sectionless, mail, [body])
    assert verdict.is_report and not verdict.unreadable, verdict.reason


@pytest.mark.parametrize(
    ("sentence", "attached"),
    [
        ("Gửi kèm nội dung trong thư vì máy scan hỏng.", False),
        ("Trường gửi kèm nội dung báo cáo dưới đây ạ.", False),
        ("Em gửi kèm nội dung báo cáo ngay trong email này.", False),
        ("Trường gửi báo cáo NQ121 (file đính kèm).", True),
        ("Tệp báo cáo đính kèm trong thư này ạ.", True),
    ],
)
def test_a_note_that_sends_the_content_in_the_mail_announces_no_file(sentence: str, attached: bool) -> None:
    """«gửi kèm nội dung trong thư» says the report is in the mail's own text, not in a file left out."""
    assert classify_mod._says_attached(sentence) is attached
