"""One message through the pipeline: archived first, recorded once, failures kept with a reason."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import email
import email.policy
import io
import json
import os
import random
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from html import escape
from pathlib import Path

import docx
import docx.shared
import openpyxl
import pypdfium2
import pytest
from click.testing import CliRunner
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from app import views
from app.cli import main
from app.consolidate.load import draft
from intake import message, papers, pipeline
from intake import review as review_mod
from kernel import audit, export, mailids
from kernel import config as config_mod
from kernel import status as status_mod
from kernel.config import Config
from kernel.decisions import DecisionError
from kernel.returned import Returned
from kernel.runtime import Runtime
from kernel.store import MessageState, ReviewRow
from parsers import ocr
from parsers.document import Limits, Reading
from parsers.read import read_attachment
from samples.documents import (
    render_docx,
    render_pdf,
    render_photo_jpeg,
    render_scan,
    render_scan_app_pdf,
    render_text,
    zip_files,
)
from samples.papers import make_other_paper, make_paper, make_plan
from scheduler import mailer
from scheduler.outbox import Outbox
from scheduler.outgoing import MailKind, Outgoing
from tests.intake.conftest import in_units
from tests.parsers import corpus

RECEIVED = dt.datetime(2021, 10, 20, 2, 15, tzinfo=dt.UTC)
FIXED = dt.datetime(2021, 11, 1, tzinfo=dt.UTC)


def _mail(
    sender: str, subject: str, files: dict[str, bytes], body: str = "Kính gửi Phòng GD&ĐT.", mid: str = "m1"
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = subject
    msg["Message-ID"] = f"<{mid}@example.edu.vn>"
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    msg.set_content(body)
    for name, data in files.items():
        msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return msg.as_bytes()


def _taken_back(sender: str) -> bytes:
    """sender's answer to its mail <w1@example.edu.vn>, taking it back: «Em gửi nhầm file, xin Phòng bỏ
    giúp em ạ»."""
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "pgdthuthua@example.edu.vn", "Re: "
    msg["Message-ID"], msg["In-Reply-To"] = "<w2@example.edu.vn>", "<w1@example.edu.vn>"
    msg.set_content("Em gửi nhầm file, xin Phòng bỏ giúp em ạ.")
    return msg.as_bytes()


@pytest.fixture
def rt(config: Config) -> Runtime:
    runtime = Runtime.open(config, clock=lambda: FIXED)
    yield runtime
    runtime.close()


def test_a_report_from_a_registered_address_is_recorded_for_its_school(
    rt: Runtime, report_docx: bytes
) -> None:
    raw = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo thực hiện NQ121", {"BC NQ121.docx": report_docx})
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT
    [sub] = rt.store.submissions(report_id="nq121", year=2021)
    assert sub.school_id == "th-my-an" and sub.files == ("BC NQ121.docx",)
    assert sub.received_at == RECEIVED
    assert set(sub.sections_found) == {"chi_dao", "ket_qua", "kho_khan", "de_xuat"}
    assert rt.archive.path(outcome.key).read_bytes() == raw


def test_a_report_titled_for_an_older_school_year_says_which_season_counts_it(rt: Runtime) -> None:
    """A report titled «năm học 2019-2020» and dated in this season (last year's file reused, or an old
    report re-dated) counted for 2021 with nothing said of the title: staff saw a 2021 report and never
    learned its title spoke of another year. It still counts for the season of its date, saying so."""
    paper = make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(3), date=dt.date(2021, 10, 18))
    paper = dataclasses.replace(paper, summary=(*paper.summary[:-1], "năm học 2019-2020"))
    raw = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"BC NQ121.docx": render_docx(paper)})
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT
    [sub] = rt.store.submissions(report_id="nq121")
    assert sub.year == 2021
    assert "Trích yếu văn bản BC NQ121.docx ghi «năm học 2019-2020»" in outcome.reason
    assert "được tính là báo cáo năm 2021" in outcome.reason


def test_a_report_titled_with_the_new_year_and_dated_late_for_the_season_before_is_noted(rt: Runtime) -> None:
    """A report titled «… năm 2022», dated 10/01/2022 (after the 2021 deadline of 25/10, nearer it than the
    next) and received two days later counts for 2022, the year its title states: the rule stands, but
    staff saw nothing saying it may be the 2021 report sent late, and the 2021 season kept the school
    «Chưa nộp». The submission says so, and how to count it for 2021."""
    paper = make_paper("Trường Tiểu học Mỹ An", year=2022, rng=random.Random(3), date=dt.date(2022, 1, 10))
    paper = dataclasses.replace(
        paper, summary=(*paper.summary[:-1], "về phòng, chống xâm hại trẻ em năm 2022")
    )
    raw = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"BC NQ121.docx": render_docx(paper)})
    received = dt.datetime(2022, 1, 12, 2, 15, tzinfo=dt.UTC)
    outcome = pipeline.process(rt, raw, received_at=received, source="test")
    assert outcome.state == MessageState.REPORT
    [sub] = rt.store.submissions(report_id="nq121")
    assert sub.year == 2022
    said = " ".join(sub.evidence)
    assert "ghi «năm 2022» nên văn bản được tính là báo cáo năm 2022" in said
    assert "ngày lập (10/01/2022) là sau hạn nộp báo cáo năm 2021 (hết ngày 25/10/2021)" in said
    assert "có thể là báo cáo năm 2021 nộp muộn" in outcome.reason
    assert "--year 2021" in outcome.reason


@pytest.mark.parametrize(
    ("subject", "body", "season"),
    [
        ("V/v báo cáo NQ121 năm 2020 gửi muộn", "Trường gửi báo cáo năm 2020, xin lỗi vì trễ.", 2020),
        ("Gửi bổ sung báo cáo NQ121", "Trường xin gửi bổ sung báo cáo năm 2020.", 2020),
        ("Báo cáo NQ121", "Kính gửi Phòng GD&ĐT.", 2021),
        ("Báo cáo NQ121 năm 2020", "Trường gửi báo cáo năm 2021.", 2021),
    ],
    ids=["subject-and-text", "text", "title-alone", "text-says-this-year"],
)
def test_last_seasons_report_signed_late_counts_for_the_year_the_school_says(
    rt: Runtime, subject: str, body: str, season: int
) -> None:
    """A school sent its 2020 report on 20/10/2021, titled «… năm 2020» and signed the day it was sent,
    under «V/v báo cáo NQ121 năm 2020 gửi muộn». It counted for 2021, late for nothing, as if last year's
    file had been reused with its title left unchanged; 2020 kept the school «Chưa nộp» and the
    acknowledgement quoted «năm 2020» while saying the report was 2021's. When the school's own words
    say the title's year too, and no later one, that year holds; a title alone is still a leftover."""
    paper = make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(3), date=dt.date(2021, 10, 20))
    paper = dataclasses.replace(
        paper, summary=(*paper.summary[:-1], "về phòng, chống xâm hại trẻ em năm 2020")
    )
    raw = _mail("c1myan.thuthua@example.edu.vn", subject, {"BC NQ121.docx": render_docx(paper)}, body)
    pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    [sub] = rt.store.submissions(report_id="nq121")
    assert (sub.school_id, sub.year) == ("th-my-an", season)


def test_a_report_of_the_season_dated_before_its_deadline_bears_no_late_note(
    rt: Runtime, report_docx: bytes
) -> None:
    raw = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo thực hiện NQ121", {"BC NQ121.docx": report_docx})
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT and "nộp muộn" not in outcome.reason


SAFETY_SECTIONS = (
    (
        "I. Công tác chỉ đạo, triển khai",
        (
            "Nhà trường xây dựng kế hoạch bảo đảm an toàn trường học, lồng ghép tuyên truyền Nghị quyết "
            "121/2020/QH14 của Quốc hội trong các buổi chào cờ.",
        ),
    ),
    (
        "II. Kết quả thực hiện",
        (
            "Tổ chức 3 buổi tuyên truyền phòng chống bạo lực học đường, trong đó có nội dung Nghị quyết "
            "121/2020/QH14 về phòng, chống xâm hại trẻ em.",
            "Không xảy ra tai nạn thương tích.",
        ),
    ),
    ("III. Khó khăn, vướng mắc", ("Không có.",)),
    ("IV. Đề xuất, kiến nghị", ("Không có.",)),
)


@pytest.mark.parametrize("subject", ["Báo cáo an toàn trường học", "Báo cáo NQ121"])
def test_a_school_safety_report_naming_the_resolution_twice_is_not_the_report(
    rt: Runtime, subject: str
) -> None:
    """A school's report on school safety and school violence («Công tác bảo đảm an toàn trường học, phòng
    chống bạo lực học đường») that named Nghị quyết 121 in two sentences of its text was counted as its
    NQ121 report, figures and all: the school was «đã nộp» and never reminded of the report it still owed.
    A title naming another subject of the school year says what the paper reports on; it waits for staff,
    holding the school's reminders, as a paper on the report's topic alone does."""
    other = make_other_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(2), topic=3)
    paper = dataclasses.replace(
        other,
        summary=("Công tác bảo đảm an toàn trường học, phòng chống bạo lực học đường năm học 2021-2022",),
        sections=SAFETY_SECTIONS,
    )
    raw = _mail("c1myan.thuthua@example.edu.vn", subject, {"BC an toan truong hoc.docx": render_docx(paper)})
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW, outcome.reason
    assert rt.store.submissions() == []
    status = status_mod.load(rt.config, rt.store, "nq121", 2021, FIXED)
    assert "th-my-an" in status.in_review and "an toàn trường học" in status.review[0].reason


HEALTH_REPORT = """
[[reports]]
id = "ytth"
title = "Báo cáo kết quả công tác y tế trường học"
keywords = ["y tế trường học", "YTTH"]
deadline = "11-30"
reminder_days = [7, 1]

  [[reports.sections]]
  id = "kham"
  title = "Khám sức khỏe học sinh"
  keywords = ["khám sức khỏe"]
"""


def _health_docx(school: str, code: str) -> bytes:
    """A school health report laid out as the school's NQ121 report is (Decree 30 header, BÁO CÁO)."""
    document = docx.Document()
    for line in (
        "PHÒNG GD&ĐT THỦ THỪA",
        school.upper(),
        f"Số: 27/BC-{code}",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Mỹ An, ngày 22 tháng 11 năm 2021",
        "BÁO CÁO",
        "Kết quả công tác y tế trường học năm học 2021-2022",
        f"{school} báo cáo kết quả công tác y tế trường học như sau:",
        "I. Khám sức khỏe học sinh",
        "Tổ chức khám sức khỏe định kỳ cho 412 học sinh; lồng ghép tuyên truyền phòng, chống xâm hại trẻ em.",
        "HIỆU TRƯỞNG",
    ):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_one_mail_with_two_plans_reports_records_each_for_its_own_plan(
    config_path: Path, report_docx: bytes
) -> None:
    """A school sent its NQ121 report and its school health report in one mail, to an office that
    collects both: only one of them was recorded, and the school stayed missing for the other plan
    although its report sat in the mailbox."""
    config_path.write_text(config_path.read_text(encoding="utf-8") + HEALTH_REPORT, encoding="utf-8")
    files = {"BC NQ121.docx": report_docx, "BC YTTH.docx": _health_docx("Trường Tiểu học Mỹ An", "THMA")}
    raw = _mail("c1myan.thuthua@example.edu.vn", "Gửi báo cáo NQ121 và báo cáo YTTH", files)
    with Runtime.open(config_mod.load(config_path), clock=lambda: FIXED) as runtime:
        outcome = pipeline.process(runtime, raw, received_at=RECEIVED, source="test")
        assert outcome.state == MessageState.REPORT
        [nq121] = runtime.store.submissions(report_id="nq121", year=2021)
        [health] = runtime.store.submissions(report_id="ytth", year=2021)
    assert nq121.school_id == health.school_id == "th-my-an"
    assert nq121.files == ("BC NQ121.docx",) and health.files == ("BC YTTH.docx",)
    assert health.sections_found == ("kham",)


def test_the_other_plans_report_sent_by_mistake_still_counts_for_that_plan(
    config_path: Path, report_docx: bytes
) -> None:
    """Mỹ An mailed «BC NQ121» with its school health report by mistake, then «Gửi lại BC NQ121 (gửi nhầm
    tệp)» with its NQ121 report. The health report was held «chờ cán bộ quyết định» in its history yet
    counted in the health plan's status, and staff rejecting the mistaken mail, as the review advised,
    took the health report away: it is the school's report of that plan all the same, and stays counted."""
    config_path.write_text(config_path.read_text(encoding="utf-8") + HEALTH_REPORT, encoding="utf-8")
    sender = "c1myan.thuthua@example.edu.vn"
    health = _health_docx("Trường Tiểu học Mỹ An", "THMA")
    first = _mail(sender, "BC NQ121 năm 2021", {"BC NQ121.docx": health}, mid="p1")
    again = _mail(
        sender,
        "Gửi lại BC NQ121 (gửi nhầm tệp)",
        {"BC NQ121.docx": report_docx},
        "Dạ lúc trước em gửi nhầm tệp, em gửi lại báo cáo NQ121 ạ.",
        "p2",
    )
    with Runtime.open(config_mod.load(config_path), clock=lambda: FIXED) as runtime:
        pipeline.process(runtime, first, received_at=RECEIVED, source="test")
        later = pipeline.process(runtime, again, received_at=RECEIVED + dt.timedelta(days=1), source="test")
        assert later.state == MessageState.REPORT and not later.reviews, later.reason
        report = runtime.config.report("ytth")
        status = status_mod.season_status(runtime.config, runtime.store, report, 2021, FIXED)
    an = next(s for s in status.schools if s.school_id == "th-my-an")
    assert an.status == status_mod.SchoolState.RECEIVED and not status.review


def test_another_schools_paper_for_a_second_plan_waits_for_staff(
    config_path: Path, report_docx: bytes
) -> None:
    """Trường Tiểu học Mỹ An mailed its own NQ121 report with the health report of Trường Tiểu học Mỹ
    Lạc beside it: the health report was credited to Mỹ Lạc, which had sent nothing, on the word of
    another school's mail. Its own NQ121 report counts; the other school's paper waits for staff."""
    config_path.write_text(config_path.read_text(encoding="utf-8") + HEALTH_REPORT, encoding="utf-8")
    files = {"BC NQ121.docx": report_docx, "BC YTTH.docx": _health_docx("Trường Tiểu học Mỹ Lạc", "THML")}
    raw = _mail("c1myan.thuthua@example.edu.vn", "Gửi báo cáo", files)
    with Runtime.open(config_mod.load(config_path), clock=lambda: FIXED) as runtime:
        outcome = pipeline.process(runtime, raw, received_at=RECEIVED, source="test")
        [nq121] = runtime.store.submissions(report_id="nq121", year=2021)
        assert runtime.store.submissions(report_id="ytth") == []
        [review] = runtime.store.reviews(report_id="ytth", year=2021)
    assert outcome.state == MessageState.REPORT and nq121.school_id == "th-my-an"
    assert set(review.candidates) == {"th-my-an", "th-my-lac"} and review.files == ("BC YTTH.docx",)


def test_staff_assigning_one_plans_paper_leave_the_others_report_with_its_school(
    config_path: Path, report_docx: bytes
) -> None:
    """Staff assigned the health report of Trường Tiểu học Mỹ Lạc, which Trường Tiểu học Mỹ An had mailed
    beside its own NQ121 report, to Mỹ Lạc: the assignment took the whole message, so Mỹ An's own NQ121
    report became Mỹ Lạc's and Mỹ An was missing again."""
    config_path.write_text(config_path.read_text(encoding="utf-8") + HEALTH_REPORT, encoding="utf-8")
    files = {"BC NQ121.docx": report_docx, "BC YTTH.docx": _health_docx("Trường Tiểu học Mỹ Lạc", "THML")}
    with Runtime.open(config_mod.load(config_path), clock=lambda: FIXED) as runtime:
        raw = _mail("c1myan.thuthua@example.edu.vn", "Gửi báo cáo", files)
        outcome = pipeline.process(runtime, raw, received_at=RECEIVED, source="test")
    runner = CliRunner()
    assigned = runner.invoke(main, ["--config", str(config_path), "assign", outcome.key[:12], "th-my-lac"])
    assert assigned.exit_code == 0, assigned.output
    with Runtime.open(config_mod.load(config_path), clock=lambda: FIXED) as runtime:
        [nq121] = runtime.store.submissions(report_id="nq121", year=2021)
        [health] = runtime.store.submissions(report_id="ytth", year=2021)
    assert nq121.school_id == "th-my-an" and nq121.files == ("BC NQ121.docx",)
    assert health.school_id == "th-my-lac" and health.files == ("BC YTTH.docx",)


def _topic_docx() -> bytes:
    """Mỹ An's report on child protection titled by its topic only, naming the resolution once."""
    document = docx.Document()
    for line in (
        "PHÒNG GD&ĐT THỦ THỪA",
        "TRƯỜNG TIỂU HỌC MỸ AN",
        "Số: 29/BC-THMA",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Mỹ An, ngày 19 tháng 10 năm 2021",
        "BÁO CÁO",
        "Công tác phòng, chống xâm hại trẻ em năm 2021",
        "I. Công tác chỉ đạo, triển khai",
        "Nhà trường quán triệt Nghị quyết 121/2020/QH14 đến toàn thể giáo viên.",
        "II. Kết quả thực hiện",
        "Tổ chức 6 buổi tuyên truyền cho 520 học sinh; không có vụ xâm hại trẻ em.",
        "HIỆU TRƯỞNG",
    ):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_paper_on_another_plans_topic_beside_a_report_waits_for_staff(config_path: Path) -> None:
    """Trường Tiểu học Mỹ An mailed its health report with its child protection report titled by the
    topic alone ("Công tác phòng, chống xâm hại trẻ em năm 2021"): the health report was recorded and
    the other paper silently dropped, so staff never saw it and the school was reminded of a report it
    had sent. Alone, such a paper waits for staff; beside another plan's report it waits too, and staff
    who assign the mail count it for its plan."""
    config_path.write_text(config_path.read_text(encoding="utf-8") + HEALTH_REPORT, encoding="utf-8")
    files = {"BC YTTH.docx": _health_docx("Trường Tiểu học Mỹ An", "THMA"), "BC XHTE.docx": _topic_docx()}
    raw = _mail("c1myan.thuthua@example.edu.vn", "Gửi báo cáo", files)
    with Runtime.open(config_mod.load(config_path), clock=lambda: FIXED) as runtime:
        outcome = pipeline.process(runtime, raw, received_at=RECEIVED, source="test")
        [health] = runtime.store.submissions(report_id="ytth", year=2021)
        assert runtime.store.submissions(report_id="nq121") == []
        [review] = runtime.store.reviews(report_id="nq121", year=2021)
    assert outcome.state == MessageState.REPORT and health.school_id == "th-my-an"
    assert review.candidates == ("th-my-an",) and review.files == ("BC XHTE.docx",)
    assigned = CliRunner().invoke(
        main, ["--config", str(config_path), "assign", outcome.key[:12], "th-my-an"]
    )
    assert assigned.exit_code == 0, assigned.output
    with Runtime.open(config_mod.load(config_path), clock=lambda: FIXED) as runtime:
        [nq121] = runtime.store.submissions(report_id="nq121", year=2021)
        [health] = runtime.store.submissions(report_id="ytth", year=2021)
    assert nq121.school_id == health.school_id == "th-my-an"
    assert nq121.files == ("BC XHTE.docx",) and health.files == ("BC YTTH.docx",)


def test_a_plan_a_school_does_not_owe_left_out_of_its_mail_asks_nothing(
    config_path: Path, report_docx: bytes
) -> None:
    """A primary school's mail said it sent its NQ121 report and its health report, which only lower
    secondary schools owe, and carried the NQ121 report alone: beside the NQ121 report credited, the
    health report the school does not owe waited for staff as a file left out, work for nobody."""
    health = HEALTH_REPORT.replace('deadline = "11-30"', 'deadline = "11-30"\nlevels = ["THCS"]')
    config_path.write_text(config_path.read_text(encoding="utf-8") + health, encoding="utf-8")
    raw = _mail(
        "c1myan.thuthua@example.edu.vn", "Gửi báo cáo NQ121 và báo cáo YTTH", {"BC NQ121.docx": report_docx}
    )
    with Runtime.open(config_mod.load(config_path), clock=lambda: FIXED) as runtime:
        outcome = pipeline.process(runtime, raw, received_at=RECEIVED, source="test")
        [nq121] = runtime.store.submissions(report_id="nq121", year=2021)
        assert runtime.store.submissions(report_id="ytth") == []
        assert runtime.store.reviews() == []
    assert outcome.state == MessageState.REPORT and nq121.school_id == "th-my-an"


def test_a_report_left_out_is_named_to_the_school_as_staff_name_it_not_by_its_config_id(
    config_path: Path, report_docx: bytes
) -> None:
    """A school's mail said it sent the NQ121 and the drowning reports with only the first attached: it was
    told «Thư ghi gửi báo cáo DUOI-NUOC …», the config's id in capitals, where staff mail says «đuối nước»."""
    drowning = HEALTH_REPORT.replace('id = "ytth"', 'id = "duoi-nuoc"').replace(
        '["y tế trường học", "YTTH"]', '["đuối nước", "PCĐN"]'
    )
    config_path.write_text(config_path.read_text(encoding="utf-8") + drowning, encoding="utf-8")
    raw = _mail(
        "c1myan.thuthua@example.edu.vn",
        "Gửi báo cáo NQ121 và báo cáo phòng chống đuối nước",
        {"BC NQ121.docx": report_docx},
    )
    with Runtime.open(config_mod.load(config_path), clock=lambda: FIXED) as runtime:
        pipeline.process(runtime, raw, received_at=RECEIVED, source="test")
        [left_out] = runtime.store.submissions(report_id="duoi-nuoc", year=2021)
    assert not left_out.readable
    assert left_out.problems[0].startswith("Thư ghi gửi báo cáo đuối nước (")
    assert "DUOI-NUOC" not in " ".join(left_out.problems)


def test_a_forward_of_a_mail_just_written_naming_two_plans_asks_for_the_file_left_out(
    config_path: Path, report_docx: bytes
) -> None:
    """The clerk forwarded the principal's mail «BC YTTH; BC NQ121 năm 2021», which carried the NQ121 report
    alone: the NQ121 report was credited and nothing was said of the health report, while the same subject
    typed anew marks it unreadable and asks the school for its file. A forward's subject is the school's
    own words when the mail it forwards was just written."""
    config_path.write_text(config_path.read_text(encoding="utf-8") + HEALTH_REPORT, encoding="utf-8")
    note = "---------- Forwarded message ---------\nTừ: Hiệu trưởng TH Mỹ An\nGửi văn thư nộp Phòng giúp."
    raw = _mail(
        "c1myan.thuthua@example.edu.vn",
        "Fwd: Fw: BC YTTH; BC NQ121 năm 2021",
        {"BC NQ121.docx": report_docx},
        note,
    )
    with Runtime.open(config_mod.load(config_path), clock=lambda: FIXED) as runtime:
        outcome = pipeline.process(runtime, raw, received_at=RECEIVED, source="test")
        [nq121] = runtime.store.submissions(report_id="nq121", year=2021)
        [health] = runtime.store.submissions(report_id="ytth", year=2021)
    assert outcome.state == MessageState.REPORT and nq121.readable and nq121.school_id == "th-my-an"
    assert not health.readable and "không kèm tệp của báo cáo này" in health.problems[0]


def _two_plans_docx() -> bytes:
    """Mỹ An's one paper on its health work and on child protection: its title names both plans."""
    document = docx.Document()
    for line in (
        "PHÒNG GD&ĐT THỦ THỪA",
        "TRƯỜNG TIỂU HỌC MỸ AN",
        "Số: 28/BC-THMA",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Mỹ An, ngày 20 tháng 10 năm 2021",
        "BÁO CÁO",
        "Kết quả công tác y tế trường học và thực hiện Nghị quyết 121/2020/QH14",
        "I. Khám sức khỏe học sinh",
        "Tổ chức khám sức khỏe định kỳ cho 412 học sinh.",
        "II. Phòng, chống xâm hại trẻ em",
        "Tổ chức 4 buổi tuyên truyền phòng, chống xâm hại trẻ em theo Nghị quyết 121/2020/QH14.",
        "HIỆU TRƯỞNG",
    ):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_staff_say_which_plan_a_paper_about_two_plans_is(config_path: Path) -> None:
    """A paper whose title names two plans waits for staff, and staff who read it could only assign it
    to a school: it then counted for whichever plan the review reason named, and the school stayed
    missing for the plan the paper really answered."""
    config_path.write_text(config_path.read_text(encoding="utf-8") + HEALTH_REPORT, encoding="utf-8")
    raw = _mail("c1myan.thuthua@example.edu.vn", "Gửi báo cáo", {"BC.docx": _two_plans_docx()})
    with Runtime.open(config_mod.load(config_path), clock=lambda: FIXED) as runtime:
        outcome = pipeline.process(runtime, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW and "nhiều báo cáo" in outcome.reason

    def assign(*extra: str) -> str:
        args = ["--config", str(config_path), "assign", outcome.key[:12], "th-my-an", *extra]
        done = CliRunner().invoke(main, args)
        assert done.exit_code == 0, done.output
        return done.output

    unknown = CliRunner().invoke(
        main, ["--config", str(config_path), "assign", outcome.key[:12], "th-my-an", "--report", "ytt"]
    )
    assert unknown.exit_code == 1 and "các báo cáo hiện có: nq121, ytth" in unknown.output
    assert "cho Trường Tiểu học Mỹ An, báo cáo YTTH." in assign("--report", "ytth")  # as the page names it
    logged = CliRunner().invoke(main, ["--config", str(config_path), "audit", "--format", "json"]).output
    assert "Trường Tiểu học Mỹ An (th-my-an), báo cáo YTTH" in json.loads(logged)[0]["detail"]
    with Runtime.open(config_mod.load(config_path), clock=lambda: FIXED) as runtime:
        [health] = runtime.store.submissions()
        assert (health.report_id, health.year, health.sections_found) == ("ytth", 2021, ("kham",))
        assert pipeline.reprocess(runtime, outcome.key).state == MessageState.REPORT  # the decision stands
        assert [s.report_id for s in runtime.store.submissions()] == ["ytth"]
    assign("--report", "nq121")
    with Runtime.open(config_mod.load(config_path), clock=lambda: FIXED) as runtime:
        assert [s.report_id for s in runtime.store.submissions()] == ["nq121"]


DROWNING_REPORT = """
[[reports]]
id = "duoinuoc"
title = "Báo cáo phòng, chống đuối nước"
keywords = ["đuối nước", "PCĐN"]
deadline = "{deadline}"
reminder_days = [7, 1]
levels = ["THCS"]
"""


def _drowning_and_abuse_docx() -> bytes:
    """Mỹ An's one paper on drowning and on child abuse: its title names both plans, its text drowning more."""
    document = docx.Document()
    for line in (
        "PHÒNG GD&ĐT THỦ THỪA",
        "TRƯỜNG TIỂU HỌC MỸ AN",
        "Số: 30/BC-THMA",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Mỹ An, ngày 19 tháng 10 năm 2021",
        "BÁO CÁO",
        "Công tác phòng, chống đuối nước và phòng, chống xâm hại trẻ em năm 2021",
        "I. Phòng, chống đuối nước",
        "Tổ chức dạy bơi an toàn, phòng, chống đuối nước cho 120 học sinh.",
        "Rà soát ao, hồ quanh trường; cắm biển cảnh báo đuối nước.",
        "II. Phòng, chống xâm hại trẻ em",
        "Tổ chức 4 buổi tuyên truyền phòng, chống xâm hại trẻ em.",
        "HIỆU TRƯỞNG",
    ):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _abuse_then_drowning_docx() -> bytes:
    """THCS Mỹ Phú's NQ121 report and, after a page break, its report on drowning, each under its own
    header, number and title, in one Word file."""
    document = docx.Document(
        io.BytesIO(render_docx(make_paper("Trường THCS Mỹ Phú", year=2021, rng=random.Random(4))))
    )
    document.add_paragraph().add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
    for line in (
        "PHÒNG GD&ĐT THỦ THỪA",
        "TRƯỜNG THCS MỸ PHÚ",
        "Số: 31/BC-THCSMP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Mỹ Phú, ngày 19 tháng 10 năm 2021",
        "BÁO CÁO",
        "Công tác phòng, chống đuối nước cho học sinh năm 2021",
        "I. Công tác chỉ đạo",
        "Tổ chức dạy bơi an toàn, phòng, chống đuối nước cho 120 học sinh.",
        "II. Kết quả",
        "Rà soát ao, hồ quanh trường; cắm biển cảnh báo đuối nước.",
        "HIỆU TRƯỞNG",
    ):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_schools_two_reports_pasted_into_one_word_file_are_each_credited(config_path: Path) -> None:
    """THCS Mỹ Phú sent «Báo cáo NQ121, đuối nước» with one Word file holding its NQ121 report and, after a
    page break, its report on drowning, each with its own header, number and title. The file was read as
    the NQ121 report alone; the drowning report was recorded as unreadable and the school was told, falsely,
    that its mail carried no file of it («các tệp đính kèm là báo cáo khác») and to send it again."""
    drowning = DROWNING_REPORT.format(deadline="10-30")
    config_path.write_text(config_path.read_text(encoding="utf-8") + drowning, encoding="utf-8")
    raw = _mail(
        "c2myphu.thuthua@example.edu.vn",
        "Báo cáo NQ121, đuối nước - THCS Mỹ Phú",
        {"BaoCao_THCS_MyPhu.docx": _abuse_then_drowning_docx()},
        body="Dạ trường THCS Mỹ Phú gửi 2 báo cáo trong 1 file ạ.",
    )
    with Runtime.open(config_mod.load(config_path), clock=lambda: FIXED) as runtime:
        outcome = pipeline.process(runtime, raw, received_at=RECEIVED, source="test")
        assert outcome.state == MessageState.REPORT and runtime.store.reviews() == []
        counted = {s.report_id: s for s in runtime.store.submissions()}
    assert set(counted) == {"nq121", "duoinuoc"}
    assert all(s.school_id == "thcs-my-phu" and s.readable and not s.problems for s in counted.values())
    assert counted["nq121"].files == ("BaoCao_THCS_MyPhu.docx (phần 1)",)
    assert counted["duoinuoc"].files == ("BaoCao_THCS_MyPhu.docx (phần 2)",)


@pytest.mark.parametrize(
    ("sender", "deadline"),
    [("c1myan.thuthua@example.edu.vn", "06-15"), ("thmyan.hieutruong@gmail.com", "10-30")],
    ids=["its own address, drowning season closed", "a gmail, both seasons running"],
)
def test_a_paper_on_two_plans_assigned_naming_none_counts_for_the_plan_the_school_owes(
    config_path: Path, sender: str, deadline: str
) -> None:
    """A primary school's paper on drowning and child abuse waited for staff, its review saying a plain
    assign would count it as the drowning report, which only lower secondary schools owe: staff who
    assigned it to the school as told were refused («chỉ các trường cấp THCS phải nộp») and the school
    stayed missing for NQ121. A plain assign counts it for the plan the school owes, in its season."""
    drowning = DROWNING_REPORT.format(deadline=deadline)
    config_path.write_text(config_path.read_text(encoding="utf-8") + drowning, encoding="utf-8")
    raw = _mail(sender, "Gửi báo cáo", {"BC.docx": _drowning_and_abuse_docx()})
    with Runtime.open(config_mod.load(config_path), clock=lambda: FIXED) as runtime:
        outcome = pipeline.process(runtime, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW and "nhiều báo cáo" in outcome.reason
    if deadline == "06-15":  # its own school known by its address: the review says what a plain assign does
        assert "được tính là báo cáo nq121" in outcome.reason
    args = ["--config", str(config_path), "assign", outcome.key[:12], "th-my-an"]
    assigned = CliRunner().invoke(main, args)
    assert assigned.exit_code == 0, assigned.output
    with Runtime.open(config_mod.load(config_path), clock=lambda: FIXED) as runtime:
        [nq121] = runtime.store.submissions()
        assert runtime.store.reviews() == []
    assert (nq121.report_id, nq121.school_id, nq121.year) == ("nq121", "th-my-an", 2021)


def test_a_report_from_a_school_of_a_level_that_does_not_owe_it_says_so(
    config_path: Path, report_docx: bytes
) -> None:
    """A primary school sent the report of a plan only lower-secondary schools owe: staff were told the
    school was "đã giải thể, sáp nhập hoặc chưa hoạt động", which sent them looking for a merger."""
    text = config_path.read_text(encoding="utf-8")
    config_path.write_text(text.replace('deadline = "10-25"', 'deadline = "10-25"\nlevels = ["THCS"]', 1))
    raw = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"BC NQ121.docx": report_docx})
    with Runtime.open(config_mod.load(config_path), clock=lambda: FIXED) as runtime:
        outcome = pipeline.process(runtime, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW
    assert "chỉ các trường cấp THCS phải nộp" in outcome.reason and "giải thể" not in outcome.reason


def test_the_reason_a_report_was_credited_reads_as_sentences(rt: Runtime, report_docx: bytes) -> None:
    """The reason staff read on the message page and in `baocao review` joined the evidence sentences
    with "; " after their full stops: «… Trường Tiểu học Mỹ An.; Địa chỉ gửi …»."""
    raw = _mail(
        "c1myan.thuthua@example.edu.vn", "Báo cáo NQ121 - TH Mỹ An", {"BC NQ121 TH Mỹ An.docx": report_docx}
    )
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT
    (row,) = rt.store.messages(states=[MessageState.REPORT])
    assert row.reason.count("Trường Tiểu học Mỹ An.") >= 2
    assert ".;" not in row.reason


def test_a_report_of_another_districts_school_of_the_same_name_waits_for_staff(rt: Runtime) -> None:
    """The report of Trường Tiểu học Mỹ An under "PHÒNG GD&ĐT THÁP MƯỜI", mailed from a personal
    address, was recorded as our Trường Tiểu học Mỹ An's report: the parent body was never compared
    with the office's own district."""
    paper = make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(5))
    paper = dataclasses.replace(paper, parent_body="PHÒNG GD&ĐT THÁP MƯỜI")
    raw = _mail("thmyan.tm@gmail.com", "Báo cáo NQ121 TH Mỹ An", {"BC NQ121.docx": render_docx(paper)})
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW and not rt.store.submissions()
    [review] = outcome.reviews
    assert "th-my-an" in review.candidates and "«PHÒNG GD&ĐT THÁP MƯỜI»" in review.reason


def test_the_same_message_twice_is_recorded_once(rt: Runtime, report_docx: bytes) -> None:
    raw = _mail("c1myan.thuthua@example.edu.vn", "BC NQ121", {"bc.docx": report_docx})
    first = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    again = pipeline.process(rt, raw, received_at=RECEIVED + dt.timedelta(days=3), source="test")
    assert first.new and not again.new
    assert len(rt.store.submissions()) == 1 and len(rt.store.messages()) == 1
    forced = pipeline.reprocess(rt, first.key)
    assert forced.state == MessageState.REPORT
    assert len(rt.store.submissions()) == 1
    assert rt.store.submissions()[0].received_at == RECEIVED


def test_a_corrupt_attachment_is_unreadable_with_a_reason_and_the_message_is_kept(rt: Runtime) -> None:
    """The school sent its report but its only file cannot be opened: recorded for the school as
    unreadable (not counted), with the reason, and the raw message kept for a later look."""
    raw = _mail(
        "c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"BC NQ121.pdf": b"%PDF-1.4\n garbage \x00\x01"}
    )
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.UNREADABLE
    assert "BC NQ121.pdf" in outcome.reason and "không đọc được báo cáo" in outcome.reason
    assert rt.archive.get(outcome.key) == raw
    [sub] = rt.store.submissions()
    assert sub.school_id == "th-my-an" and not sub.readable and "BC NQ121.pdf" in sub.problems[0]
    again = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert not again.new and len(rt.store.submissions()) == 1


@pytest.mark.parametrize("form", ["zip", "7z"])
def test_an_archive_locked_with_the_password_its_mail_states_is_read(
    rt: Runtime, report_docx: bytes, form: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A school locked its archive and wrote the password in the same mail: the report was returned to the
    school as unreadable. A wrong password still gets the message that the archive is locked, and the
    password is never logged nor shown."""
    caplog.set_level("DEBUG")
    locked = corpus.seven_zip({"BC NQ121.docx": report_docx}, password="abc@2025", form=form)
    sender = "c1myan.thuthua@example.edu.vn"
    wrong = _mail(sender, "Báo cáo NQ121", {f"BC.{form}": locked}, "Gửi Phòng báo cáo. Mật khẩu: 123456", "w")
    outcome = pipeline.process(rt, wrong, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.UNREADABLE and "đặt mật khẩu" in outcome.reason
    body = "Kính gửi Phòng GD&ĐT, trường gửi báo cáo NQ121.\nPass giải nén: abc@2025\nTrân trọng."
    outcome = pipeline.process(
        rt,
        _mail(sender, "Báo cáo NQ121", {f"BC.{form}": locked}, body, "r"),
        received_at=RECEIVED,
        source="test",
    )
    assert outcome.state == MessageState.REPORT
    readable = [s for s in rt.store.submissions(report_id="nq121", year=2021) if s.readable]
    assert [(s.school_id, s.files) for s in readable] == [("th-my-an", (f"BC.{form}/BC NQ121.docx",))]
    assert "abc@2025" not in caplog.text and "abc@2025" not in outcome.reason


def test_an_archive_locked_with_the_password_its_forwarded_mail_states_is_read(
    rt: Runtime, report_docx: bytes
) -> None:
    """A mail forwarded as an attachment (.eml) carries the locked archive and, in its own text, the
    password: only the outer mail's words were read for one."""
    locked = corpus.seven_zip({"BC NQ121.docx": report_docx}, password="thma2025", form="zip")
    original = email.message_from_bytes(
        _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"BC.zip": locked}, "Mật khẩu: thma2025", "o")
    )
    outer = EmailMessage()
    outer["From"] = "c1myan.thuthua@example.edu.vn"
    outer["To"] = "pgdthuthua@example.edu.vn"
    outer["Subject"] = "Fwd: Báo cáo NQ121"
    outer["Message-ID"] = "<fw@example.edu.vn>"
    outer["Date"] = "Wed, 20 Oct 2021 10:15:00 +0700"
    outer.set_content("Trường gửi lại báo cáo ạ.")
    outer.add_attachment(original)
    outcome = pipeline.process(rt, outer.as_bytes(), received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT


def _locked_report(rt: Runtime, report_docx: bytes, sender: str) -> pipeline.Outcome:
    """sender's report in an archive locked with «thma@2025», its mail giving no password."""
    locked = corpus.seven_zip({"BC NQ121.docx": report_docx}, password="thma@2025", form="zip")
    raw = _mail(sender, "Báo cáo NQ121", {"BC NQ121.zip": locked}, mid="a")
    return pipeline.process(rt, raw, received_at=RECEIVED, source="test")


def test_a_report_written_in_the_mail_resent_after_a_mistake_is_the_report(rt: Runtime) -> None:
    """A school wrote «hôm qua em gửi nhầm, nay em gửi lại báo cáo ạ» over its whole report in the mail's
    text: with no file, the words read as a note taking mail back, and the report waited in review as one."""
    report = (
        "TRƯỜNG TIỂU HỌC MỸ AN\nBÁO CÁO\nKết quả thực hiện Nghị quyết 121/2020/QH14 năm 2021\n"
        "I. Công tác chỉ đạo, triển khai: nhà trường đã quán triệt đến toàn thể cán bộ, giáo viên.\n"
        "II. Kết quả thực hiện: tổ chức 4 buổi tuyên truyền cho 320 lượt học sinh và phụ huynh.\n"
        "III. Khó khăn, vướng mắc: không có.\nIV. Đề xuất, kiến nghị: không có.\n"
    )
    body = f"Dạ hôm qua em gửi nhầm, nay em gửi lại báo cáo ạ.\n\n{report}"
    raw = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {}, body=body, mid="again")
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT
    assert [s.school_id for s in outcome.submissions] == ["th-my-an"]


def test_staff_sending_back_the_digests_table_hold_no_schools_report(rt: Runtime) -> None:
    """Staff answered the digest with its XLSX re-attached, «kiểm tra lại giúp em dòng MG Mỹ An»: the
    table was read as a report, the mail waited in review as passing on Mẫu giáo Mỹ An's, and that school
    went unreminded two days before the deadline. baocao's own table is no school's paper."""
    status = status_mod.season_status(rt.config, rt.store, rt.config.reports[0], 2021, RECEIVED)
    table = export.to_xlsx(export.status_table(status, rt.config), "NQ121 2021", RECEIVED)
    raw = _mail(
        "pgdthuthua@example.edu.vn",
        "Re: [NQ121] Tổng hợp báo cáo NQ121 năm 2021 ngày 20/10/2021: đã nhận 0/42, chưa nộp 42",
        {"tinh-hinh-nq121-2021-20211020.xlsx": table},
        body="Anh kiểm tra lại giúp em dòng Trường Mẫu giáo Mỹ An với ạ.",
        mid="digest-back",
    )
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.INTERNAL and not rt.store.reviews()


@pytest.mark.parametrize(
    ("subject", "said"),
    [
        (
            "Mật khẩu file báo cáo",
            "Kính gửi Phòng GD&ĐT,\nMật khẩu file hôm qua là thma@2025 ạ.\nTrân trọng.",
        ),
        ("Re: Báo cáo NQ121", "Dạ thưa Phòng, mật khẩu file báo cáo hôm 20/10 là thma@2025 ạ."),
        ("Re: Báo cáo NQ121", "Mật khẩu file báo cáo NQ121 trường em gửi hôm 20/10 là thma@2025"),
    ],
)
def test_a_password_sent_in_a_later_mail_opens_the_locked_archive(
    rt: Runtime, report_docx: bytes, caplog: pytest.LogCaptureFixture, subject: str, said: str
) -> None:
    """A school sent its locked archive, then the next day only its password («mật khẩu file hôm qua là
    …»): the report stayed unreadable and the school was asked to send it again. The later mail opens the
    earlier one's archive, is itself no report, and the password is neither logged nor shown. A password
    mail saying «mật khẩu file báo cáo …» was read as a report whose file was left out, and never tried;
    and a password more than eight words on was not seen, or «NQ121» was taken for it."""
    caplog.set_level("DEBUG")
    sender = "c1myan.thuthua@example.edu.vn"
    first = _locked_report(rt, report_docx, sender)
    assert first.state == MessageState.UNREADABLE
    later = pipeline.process(
        rt,
        _mail(sender, subject, {}, said, "b"),
        received_at=RECEIVED + dt.timedelta(days=1),
        source="test",
    )
    assert later.state not in (MessageState.REPORT, MessageState.UNREADABLE) and not later.submissions
    assert rt.store.message(first.key).state == MessageState.REPORT
    [sub] = rt.store.submissions(report_id="nq121", year=2021)
    assert sub.readable and (sub.school_id, sub.files) == ("th-my-an", ("BC NQ121.zip/BC NQ121.docx",))
    assert sub.received_at == RECEIVED
    assert "mở được tệp đã gửi" in later.reason
    again = pipeline.reprocess(rt, first.key)  # a re-scan reads the archive with it again
    assert again.state == MessageState.REPORT
    shown = " ".join(m.reason for m in rt.store.messages())
    assert "thma@2025" not in caplog.text and "thma@2025" not in shown


def test_a_wrong_password_sent_later_says_it_opened_nothing(rt: Runtime, report_docx: bytes) -> None:
    """A school sent its locked archive, then a mail of its password mistyped: that mail was recorded as a
    report whose file was left out («Thư ghi có tệp báo cáo đính kèm nhưng không kèm tệp nào»), and the
    school was asked for a file it had sent, and for a copy without the lock as if it had sent no
    password. Both say the password opened nothing and ask for the right one."""
    sender = "c1myan.thuthua@example.edu.vn"
    first = _locked_report(rt, report_docx, sender)
    body = "Dạ mật khẩu file báo cáo em gửi lúc nãy là thma@2052 ạ."
    later = pipeline.process(
        rt,
        _mail(sender, "Mật khẩu file BC NQ121", {}, body, "b"),
        received_at=RECEIVED + dt.timedelta(hours=1),
        source="test",
    )
    assert "không kèm tệp nào" not in later.reason, later.reason
    assert "Mật khẩu trong thư không mở được tệp đã gửi trong thư «Báo cáo NQ121»" in later.reason
    assert "gửi lại mật khẩu đúng" in later.reason and "thma@2052" not in later.reason
    reread = rt.store.message(first.key)
    assert reread.state == MessageState.UNREADABLE and "gửi lại mật khẩu đúng" in reread.reason
    assert not any(s.readable for s in rt.store.submissions(report_id="nq121", year=2021))


def test_a_password_mail_asking_for_more_time_still_asks_staff(rt: Runtime, report_docx: bytes) -> None:
    """A school sent its locked archive, then its password with «xin gia hạn … đến ngày 30/10»: the
    password opened the report and the mail was set aside as a password, the request lost. Staff now
    read both in the review queue."""
    sender = "c1myan.thuthua@example.edu.vn"
    first = _locked_report(rt, report_docx, sender)
    body = (
        "Dạ mật khẩu file báo cáo em gửi lúc nãy là thma@2025 ạ. Trường xin gia hạn nộp bản có chữ ký "
        "đến ngày 30/10 vì Hiệu trưởng đi công tác ạ."
    )
    later = pipeline.process(
        rt,
        _mail(sender, "Mật khẩu file BC NQ121 và xin gia hạn", {}, body, "b"),
        received_at=RECEIVED + dt.timedelta(hours=1),
        source="test",
    )
    assert rt.store.message(first.key).state == MessageState.REPORT
    assert later.state == MessageState.REVIEW and not later.submissions
    assert "mở được tệp đã gửi" in later.reason and "xin gia hạn" in later.reason
    assert "thma@2025" not in later.reason


def test_a_password_sent_later_opens_a_locked_archive_mailed_under_a_vague_subject(
    rt: Runtime, report_docx: bytes
) -> None:
    """«Gửi phòng» with a locked archive, then «Mật khẩu file» an hour later: the first mail was set aside as
    naming no report, as if its archive had been read, so the password opened nothing and the school stayed
    missing. It waits for staff as a file not opened, and the password opens it: the report is credited."""
    locked = corpus.seven_zip({"BC NQ121.docx": report_docx}, password="thma@2025", form="zip")
    sender = "c1myan.thuthua@example.edu.vn"
    first = pipeline.process(
        rt, _mail(sender, "Gửi phòng", {"tai lieu.zip": locked}, mid="a"), received_at=RECEIVED, source="test"
    )
    assert first.state == MessageState.REVIEW, first.reason
    assert "Không mở được tệp đính kèm" in first.reason and first.reviews[0].candidates == ("th-my-an",)
    body = "Mật khẩu file em gửi lúc nãy là thma@2025 ạ."
    later = pipeline.process(
        rt,
        _mail(sender, "Mật khẩu file", {}, body, "b"),
        received_at=RECEIVED + dt.timedelta(hours=1),
        source="test",
    )
    assert "mở được tệp đã gửi" in later.reason
    assert rt.store.message(first.key).state == MessageState.REPORT
    [sub] = rt.store.submissions(report_id="nq121", year=2021)
    assert sub.readable and (sub.school_id, sub.received_at) == ("th-my-an", RECEIVED)


@pytest.mark.parametrize("before", [dt.timedelta(minutes=3), dt.timedelta(hours=20)])
def test_a_password_sent_just_before_the_locked_archive_opens_it(
    rt: Runtime, report_docx: bytes, caplog: pytest.LogCaptureFixture, before: dt.timedelta
) -> None:
    """A school mailed the password first («mật khẩu file báo cáo là …») and its locked archive a few
    minutes, or the next morning, later: only mails after the archive were looked at, and the report was
    returned as unreadable. A password sent days before is another file's and opens nothing."""
    caplog.set_level("DEBUG")
    locked = corpus.seven_zip({"BC NQ121.docx": report_docx}, password="thma@2025", form="zip")
    sender = "c1myan.thuthua@example.edu.vn"
    body = "Kính gửi Phòng GD&ĐT,\nMật khẩu file báo cáo trường gửi là thma@2025 ạ.\nTrân trọng."
    pipeline.process(
        rt, _mail(sender, "Mật khẩu", {}, body, "p"), received_at=RECEIVED - before, source="test"
    )
    report = _mail(sender, "Báo cáo NQ121", {"BC NQ121.zip": locked}, mid="a")
    outcome = pipeline.process(rt, report, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT
    [sub] = rt.store.submissions(report_id="nq121", year=2021)
    assert sub.readable and sub.files == ("BC NQ121.zip/BC NQ121.docx",)
    shown = " ".join(m.reason for m in rt.store.messages())
    assert "thma@2025" not in caplog.text and "thma@2025" not in shown
    body = "Mật khẩu file: thma@2025"
    pipeline.process(
        rt,
        _mail(sender, "Mật khẩu", {}, body, "q"),
        received_at=RECEIVED + dt.timedelta(days=5),
        source="test",
    )
    later = _mail(sender, "Báo cáo NQ121", {"BC NQ121.zip": locked}, "Trường gửi lại ạ.", mid="b")
    again = pipeline.process(rt, later, received_at=RECEIVED + dt.timedelta(days=8), source="test")
    assert again.state == MessageState.UNREADABLE


@pytest.mark.parametrize("file_read_first", [False, True], ids=["in order", "file read first"])
def test_a_password_mail_sent_before_its_locked_archive_names_the_mail_it_opened(
    rt: Runtime, report_docx: bytes, file_read_first: bool
) -> None:
    """A school mailed «mật khẩu file: …» and its locked archive three minutes later: the archive was
    credited, but the password mail kept «Không phải báo cáo cần thu … không nhắc đến báo cáo nào», and
    staff could not tell that it had opened anything. It says which mail's file it opened, after the
    poll (whichever of the two was read first) and after a re-scan of either mail, and the password is
    shown nowhere."""
    locked = corpus.seven_zip({"BC NQ121.docx": report_docx}, password="thma@2025", form="zip")
    sender = "c1myan.thuthua@example.edu.vn"
    body = "Kính gửi Phòng GD&ĐT,\nMật khẩu file: thma@2025\nTrân trọng."
    mails = [
        (_mail(sender, "Mật khẩu", {}, body, "p"), RECEIVED - dt.timedelta(minutes=3)),
        (_mail(sender, "Báo cáo NQ121", {"BC NQ121.zip": locked}, mid="a"), RECEIVED),
    ]
    outcomes = {
        when: pipeline.process(rt, raw, received_at=when, source="test")
        for raw, when in (reversed(mails) if file_read_first else mails)
    }
    password, report = (outcomes[when] for _, when in mails)
    opened = "đã mở được tệp đã gửi trong thư «Báo cáo NQ121» nhận lúc 09:15 ngày 20/10/2021"
    for rescan in (None, password.key, report.key):
        if rescan is not None:
            pipeline.reprocess(rt, rescan)
        row = rt.store.message(password.key)
        assert row.state == MessageState.NOISE and opened in row.reason, rescan
        assert "không nhắc đến báo cáo" not in row.reason
        assert rt.store.message(report.key).state == MessageState.REPORT
    [sub] = rt.store.submissions(report_id="nq121", year=2021)
    assert sub.readable and sub.files == ("BC NQ121.zip/BC NQ121.docx",)
    assert "thma@2025" not in " ".join(m.reason for m in rt.store.messages())


@pytest.mark.parametrize(
    "gone",
    ["password mail before the file", "locked file before the password", "other mail after the password"],
)
def test_a_mail_gone_from_the_archive_does_not_fail_the_schools_next_mail(
    rt: Runtime, report_docx: bytes, gone: str
) -> None:
    """A password is looked for in the school's other mails, each read again from the archive: one whose
    original had been deleted (or whose archive had moved) made the school's next mail fail with «không
    còn bản gốc của thư …» instead of being read. The mail gone is passed over, its record kept as it was."""
    locked = corpus.seven_zip({"BC NQ121.docx": report_docx}, password="thma@2025", form="zip")
    sender = "c1myan.thuthua@example.edu.vn"
    body = "Kính gửi Phòng GD&ĐT,\nMật khẩu file: thma@2025\nTrân trọng."
    password = _mail(sender, "Mật khẩu", {}, body, "p")
    report = _mail(sender, "Báo cáo NQ121", {"BC NQ121.zip": locked}, mid="a")
    other = _mail(sender, "Báo cáo NQ121", {"BC NQ121.docx": report_docx}, mid="k")
    first, then = {
        "password mail before the file": ((password, -1), (report, 0)),
        "locked file before the password": ((report, 0), (password, 24)),
        "other mail after the password": ((other, 1), (password, 0)),
    }[gone]
    earlier = pipeline.process(
        rt, first[0], received_at=RECEIVED + dt.timedelta(hours=first[1]), source="test"
    )
    rt.archive.path(earlier.key).unlink()
    outcome = pipeline.process(rt, then[0], received_at=RECEIVED + dt.timedelta(hours=then[1]), source="test")
    assert outcome.state != MessageState.FAILED and "bản gốc" not in outcome.reason, outcome.reason
    expected = MessageState.UNREADABLE if then[0] is report else MessageState.NOISE
    assert outcome.state == expected
    assert rt.store.message(earlier.key).state == earlier.state


def test_a_school_replying_to_all_on_another_schools_report_mail_is_credited_its_own_report(
    rt: Runtime, report_docx: bytes
) -> None:
    """Mỹ Phú answered «Trả lời tất cả» to Mỹ An's report mail, attaching its own report: the subject
    «Re: Báo cáo NQ121 - TH Mỹ An» is Mỹ An's, yet it outweighed Mỹ Phú's registered address and its
    paper's header, and the report waited for staff. Mỹ An's quoted mail credits nothing to anyone, nor
    does a reply that only says it was received."""
    own = render_docx(make_paper("Trường Tiểu học Mỹ Phú", year=2021, rng=random.Random(4)))
    quoted = (
        "\n\nVào 09:00 20/10/2021, Trường Tiểu học Mỹ An <c1myan.thuthua@example.edu.vn> đã viết:\n"
        "> Kính gửi Phòng GD&ĐT,\n> Trường Tiểu học Mỹ An gửi báo cáo thực hiện NQ121 năm 2021.\n"
    )
    sender, subject = "c1myphu.thuthua@example.edu.vn", "Re: Báo cáo NQ121 - TH Mỹ An"
    thanks = pipeline.process(
        rt,
        _mail(sender, subject, {}, f"Trường đã nhận ạ.{quoted}", "r1"),
        received_at=RECEIVED,
        source="test",
    )
    assert thanks.state == MessageState.NOISE and not thanks.submissions and not thanks.reviews
    raw = _mail(sender, subject, {"BC NQ121 My Phu.docx": own}, f"Trường gửi báo cáo ạ.{quoted}", "r2")
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT
    assert [(s.school_id, s.files) for s in rt.store.submissions()] == [
        ("th-my-phu", ("BC NQ121 My Phu.docx",))
    ]


_QUOTING_THCS_MY_AN = (
    "\n\nVào Th 2, 18 thg 10, 2021 lúc 16:20 Trường THCS Mỹ An <c2myan.thuthua@example.edu.vn> đã viết:\n"
    "> Gửi các thầy cô file báo cáo của trường để tham khảo.\n"
)


def test_a_reply_on_a_thread_that_never_reached_us_keeps_its_subject_from_crediting(rt: Runtime) -> None:
    """THCS Mỹ An's clerk mailed her file to some teachers under «Báo cáo NQ121 - Trường THCS Mỹ An»,
    never to the office. A teacher answered from her gmail to the office, subject kept, with a paper that
    names no school: it was credited to THCS Mỹ An on that subject alone, though the quote under it shows
    whose subject it was. It waits for staff, as it does when the quoted mail is one we hold."""
    unnamed = render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(11), named=False))
    raw = _mail(
        "cogiao.lan88@gmail.com",
        "Re: Báo cáo NQ121 - Trường THCS Mỹ An",
        {"BC NQ121 (1).docx": unnamed},
        f"Em gửi báo cáo ạ.{_QUOTING_THCS_MY_AN}",
        "q1",
    )
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW, outcome.reason
    assert "giữ nguyên từ thư của c2myan.thuthua@example.edu.vn" in outcome.reason
    assert rt.store.submissions() == []


def test_a_schools_report_on_another_schools_thread_that_never_reached_us_is_its_own(rt: Runtime) -> None:
    """Tiểu học Mỹ Phú typed its report into its answer, from its registered address, to a mail THCS Mỹ
    An had sent it (never to the office), keeping «Re: Báo cáo NQ121 - Trường THCS Mỹ An»: the subject,
    THCS Mỹ An's, stood against the address and the report's own words, and it waited for staff."""
    body = (
        "Kính gửi: Phòng GD&ĐT huyện Thủ Thừa\n"
        "Trường Tiểu học Mỹ Phú báo cáo kết quả triển khai thực hiện Nghị quyết 121/2020/QH14 năm 2021 như sau:\n"
        "1. Công tác chỉ đạo, triển khai: nhà trường đã quán triệt Nghị quyết đến toàn thể giáo viên, lồng "
        "ghép tuyên truyền trong các tiết sinh hoạt dưới cờ.\n"
        "2. Kết quả thực hiện: tổ chức 5 buổi tuyên truyền với 160 lượt học sinh tham gia; không xảy ra vụ "
        "xâm hại trẻ em.\n"
        "3. Khó khăn, vướng mắc: phụ huynh đi làm xa nhiều.\n"
        "4. Đề xuất, kiến nghị: không.\n"
        "Mỹ Phú, ngày 20 tháng 10 năm 2021\nHiệu trưởng"
    )
    raw = _mail(
        "c1myphu.thuthua@example.edu.vn",
        "Re: Báo cáo NQ121 - Trường THCS Mỹ An",
        {},
        f"{body}{_QUOTING_THCS_MY_AN}",
        "q2",
    )
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT, outcome.reason
    assert [s.school_id for s in rt.store.submissions()] == ["th-my-phu"]


@pytest.mark.parametrize(
    ("note", "shared", "state"),
    [
        (
            "Chị ơi, mẫu báo cáo như của trường MG Bình Thạnh vầy là được phải không chị? Em cảm ơn.",
            "Em gửi chị file báo cáo tham khảo nha.",
            MessageState.REVIEW,
        ),
        (
            "Em chuyển tiếp báo cáo của trường bạn.",
            "Em gửi chị file báo cáo tham khảo nha.",
            MessageState.REVIEW,
        ),
        (
            "Em chuyển báo cáo của trường MG Bình Thạnh nhờ gửi lên ạ.",
            "Chị chuyển giúp em báo cáo lên Phòng nhé.",
            MessageState.REPORT,
        ),
    ],
    ids=["asks about the form", "sent for reference", "passed on for it"],
)
def test_a_school_forwarding_anothers_mail_to_ask_about_it_credits_no_one(
    rt: Runtime, note: str, shared: str, state: MessageState
) -> None:
    """THCS Bình An forwarded the mail MG Bình Thạnh had sent it («Em gửi chị file báo cáo tham khảo nha»)
    to ask «mẫu báo cáo như của trường MG Bình Thạnh vầy là được phải không chị?»: MG Bình Thạnh was
    counted, told «Đã nhận», and its reminders stopped, though it had sent nothing to the office. A
    forward asking about the form, or of a file sent for reference, waits for staff; one passed on for
    the other school still counts for it."""
    paper = render_docx(make_paper("Trường Mẫu giáo Bình Thạnh", year=2021, rng=random.Random(21)))
    body = (
        f"{note}\n\n---------- Thư đã chuyển tiếp ---------\n"
        "Từ: Trường Mẫu giáo Bình Thạnh <c0binhthanh.thuthua@example.edu.vn>\n"
        "Ngày: Th 3, 19 thg 10, 2021 vào lúc 16:00\nTiêu đề: BC NQ121 MG Bình Thạnh\n"
        f"Tới: <c2binhan.thuthua@example.edu.vn>\n\n{shared}\n"
    )
    raw = _mail(
        "c2binhan.thuthua@example.edu.vn", "Fwd: BC NQ121 MG Bình Thạnh", {"BC NQ121.docx": paper}, body, "fq"
    )
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == state, outcome.reason
    if state == MessageState.REVIEW:
        assert "có thể chỉ là hỏi hay tham khảo mẫu báo cáo" in outcome.reason
        assert rt.store.submissions() == []
    else:
        assert [s.school_id for s in rt.store.submissions()] == ["mg-binh-thanh"]


def test_a_reply_from_an_unknown_address_on_another_schools_report_thread_waits(rt: Runtime) -> None:
    """A teacher of Tiểu học Mỹ An answered from her gmail to THCS Mỹ An's report mail (she was copied),
    attaching her own school's paper, which names no school: the subject «Re: Báo cáo NQ121 - Trường THCS
    Mỹ An» was THCS Mỹ An's, yet it credited the paper to THCS Mỹ An and replaced that school's report. The
    subject a reply keeps is its thread's author's: the paper waits, and THCS Mỹ An's report stands."""
    rng = random.Random(11)
    theirs = render_docx(make_paper("Trường THCS Mỹ An", year=2021, rng=rng))
    unnamed = render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=rng, named=False))
    subject = "Báo cáo NQ121 - Trường THCS Mỹ An"
    first = _mail("c2myan.thuthua@example.edu.vn", subject, {"BC NQ121.docx": theirs}, mid="t1")
    assert pipeline.process(rt, first, received_at=RECEIVED, source="test").state == MessageState.REPORT
    msg = email.message_from_bytes(
        _mail(
            "cogiao.lan88@gmail.com",
            f"Re: {subject}",
            {"BC NQ121 (1).docx": unnamed},
            "Em gửi báo cáo ạ.",
            "t2",
        )
    )
    msg["In-Reply-To"] = msg["References"] = "<t1@example.edu.vn>"
    later = RECEIVED + dt.timedelta(hours=2)
    outcome = pipeline.process(rt, msg.as_bytes(), received_at=later, source="test")
    assert outcome.state == MessageState.REVIEW, outcome.reason
    assert "giữ nguyên từ thư của c2myan.thuthua@example.edu.vn" in outcome.reason
    assert [(s.school_id, s.files) for s in rt.store.submissions()] == [("thcs-my-an", ("BC NQ121.docx",))]
    # The school's own address answering its own thread keeps its subject's weight.
    again = email.message_from_bytes(
        _mail("c2myan.thuthua@example.edu.vn", f"Re: {subject}", {"BC sửa.docx": unnamed}, "Gửi lại ạ.", "t3")
    )
    again["In-Reply-To"] = "<t1@example.edu.vn>"
    resent = pipeline.process(rt, again.as_bytes(), received_at=later, source="test")
    assert [s.school_id for s in resent.submissions] == ["thcs-my-an"]


def test_a_zip_of_the_report_and_many_photos_credits_the_report(rt: Runtime, report_docx: bytes) -> None:
    """A school zipped its report with 60 photos of its activities: the zip broke the limit of 50 files and
    the report was returned as unreadable. It is read; staff read that the photos were not."""
    files = {"BC NQ121.docx": report_docx} | {f"Hinh anh/IMG_{n}.jpg": b"\xff\xd8\xff\xe0" for n in range(60)}
    raw = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"BC NQ121.zip": zip_files(files)})
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT
    [sub] = rt.store.submissions(report_id="nq121", year=2021)
    assert sub.readable and sub.files == ("BC NQ121.zip/BC NQ121.docx",)
    assert any("không đọc 60 ảnh" in e for e in sub.evidence)


def test_a_password_in_a_sentence_quoted_for_staff_is_hidden(rt: Runtime) -> None:
    """A school wrote «đã gửi báo cáo hôm qua, mật khẩu giải nén: …» with nothing to open: the sentence
    quoted in the reason staff read showed the password."""
    body = "Dạ trường đã gửi báo cáo NQ121 hôm qua, mật khẩu giải nén: thma@2025"
    outcome = pipeline.process(
        rt,
        _mail("c1myan.thuthua@example.edu.vn", "Re: Báo cáo NQ121", {}, body),
        received_at=RECEIVED,
        source="test",
    )
    assert outcome.state == MessageState.REVIEW
    [review] = outcome.reviews
    assert "mật khẩu giải nén: (đã ẩn)" in review.reason
    assert "thma@2025" not in review.reason and "thma@2025" not in outcome.reason


def test_a_password_from_another_school_opens_nothing(rt: Runtime, report_docx: bytes) -> None:
    """Only the sender's own locked files are tried with a password it sends later."""
    locked = corpus.seven_zip({"BC NQ121.docx": report_docx}, password="thma@2025", form="zip")
    first = pipeline.process(
        rt,
        _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"BC NQ121.zip": locked}, mid="a"),
        received_at=RECEIVED,
        source="test",
    )
    pipeline.process(
        rt,
        _mail("c1myphu.thuthua@example.edu.vn", "Mật khẩu", {}, "Mật khẩu file: thma@2025", "b"),
        received_at=RECEIVED + dt.timedelta(hours=2),
        source="test",
    )
    assert rt.store.message(first.key).state == MessageState.UNREADABLE


def test_an_archive_locked_with_the_password_in_its_own_name_is_read(rt: Runtime, report_docx: bytes) -> None:
    """«BC NQ121 (mk 123456).zip»: the password written in the archive's name was not tried."""
    locked = corpus.seven_zip({"BC NQ121.docx": report_docx}, password="thma2025", form="zip")
    raw = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"BC NQ121 (mk thma2025).zip": locked})
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT


def test_a_clusters_zip_with_a_folder_per_school_credits_each_school(rt: Runtime) -> None:
    """A cluster's zip with one folder per school and papers without a header waited as one mail."""
    papers = {
        f"{folder}/BC.docx": render_docx(make_paper(school, year=2021, rng=random.Random(seed), named=False))
        for seed, (folder, school) in enumerate(
            [("TH Mỹ An", "Trường Tiểu học Mỹ An"), ("TH Mỹ Phú", "Trường Tiểu học Mỹ Phú")]
        )
    }
    raw = _mail("cummyan2021@gmail.com", "Báo cáo NQ121 cụm trường", {"Cum.zip": zip_files(papers)})
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT
    credited = sorted((s.school_id, s.files) for s in rt.store.submissions(report_id="nq121", year=2021))
    assert credited == [
        ("th-my-an", ("Cum.zip/TH Mỹ An/BC.docx",)),
        ("th-my-phu", ("Cum.zip/TH Mỹ Phú/BC.docx",)),
    ]


@pytest.mark.parametrize(
    ("sender", "credited"),
    [("c1myan.thuthua@example.edu.vn", ["th-my-an"]), ("c1mylac.thuthua@example.edu.vn", [])],
)
def test_a_schools_own_letterhead_from_its_address_outweighs_a_date_line_naming_its_merged_commune(
    rt: Runtime, sender: str, credited: list[str]
) -> None:
    """Tiểu học Mỹ An's own address sent its report headed «UBND XÃ MỸ PHÚ / TRƯỜNG TIỂU HỌC MỸ AN» and
    dated «Mỹ Phú, ngày …», the commune Mỹ An was merged into: it waited as if it reused Tiểu học Mỹ Phú's
    paper, while the same paper among other schools' from a clerk's gmail was credited. The date line names
    where the paper was issued; the letterhead and the school's own address say whose it is. The same
    paper from another school's address still waits."""
    paper = make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(4))
    paper = dataclasses.replace(paper, parent_body="UBND XÃ MỸ PHÚ", place="Mỹ Phú")
    raw = _mail(sender, "Báo cáo NQ121", {"BC NQ121.docx": render_docx(paper)})
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    found = [s.school_id for s in rt.store.submissions(report_id="nq121", year=2021)]
    assert found == credited, [r.reason for r in outcome.reviews]
    if not credited:
        [review] = outcome.reviews
        assert review.candidates[0] == "th-my-an"


@pytest.mark.parametrize("lac_header", ["Trường Tiểu học Mỹ Lạc", "Trường Tiểu học Mỹ An"])
def test_a_clusters_zip_of_headed_papers_in_school_folders_is_read_by_folder_and_header(
    rt: Runtime, lac_header: str
) -> None:
    """A commune's clerk zipped a folder per school, each paper headed with its school and dated where the
    commune's committee sits («Mỹ Phú, ngày …»): the mail waited, saying each paper had no header naming
    its school. A folder and a header that agree credit the school; a header naming another school than
    its folder waits for staff, naming both."""
    papers = {}
    for seed, (folder, header) in enumerate(
        [("Trường Tiểu học Mỹ An", "Trường Tiểu học Mỹ An"), ("Trường Tiểu học Mỹ Lạc", lac_header)]
    ):
        paper = make_paper(header, year=2021, rng=random.Random(seed))
        paper = dataclasses.replace(paper, parent_body="UBND XÃ MỸ PHÚ", place="Mỹ Phú")
        papers[f"Báo cáo/{folder}/BC NQ121.docx"] = render_docx(paper)
    raw = _mail("vanthu.myphu@gmail.com", "BC NQ121 các trường xã Mỹ Phú", {"utf8.zip": zip_files(papers)})
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    credited = sorted((s.school_id, s.files) for s in rt.store.submissions(report_id="nq121", year=2021))
    mismatched = lac_header != "Trường Tiểu học Mỹ Lạc"
    expected = [("th-my-an", ("utf8.zip/Báo cáo/Trường Tiểu học Mỹ An/BC NQ121.docx",))]
    if not mismatched:
        expected.append(("th-my-lac", ("utf8.zip/Báo cáo/Trường Tiểu học Mỹ Lạc/BC NQ121.docx",)))
    assert credited == expected
    reasons = " ".join(r.reason for r in outcome.reviews)
    assert "không có tiêu đề" not in reasons
    if mismatched:
        [review] = outcome.reviews
        assert set(review.candidates[:2]) == {"th-my-lac", "th-my-an"}
        assert "Thư mục «Trường Tiểu học Mỹ Lạc»" in review.reason
        assert "Mỹ Lạc/BC NQ121.docx ghi «TRƯỜNG TH MỸ AN»" in review.reason
    else:
        assert outcome.state == MessageState.REPORT and not outcome.reviews


@pytest.mark.parametrize("loose_named", [False, True])
def test_a_clusters_zip_with_folders_and_loose_files_credits_no_loose_file_to_a_folders_school(
    rt: Runtime, loose_named: bool
) -> None:
    """A cluster's zip with a folder per school and, at its top, a paper outside any folder (one naming no
    school, or another member's own): the folders were not read as the schools' at all, and the whole
    mail went by its sender. Each folder's paper is its school's; the loose paper waits for staff with
    its own candidates."""
    papers = {
        f"{folder}/BC.docx": render_docx(make_paper(school, year=2021, rng=random.Random(seed), named=False))
        for seed, (folder, school) in enumerate(
            [("TH Mỹ An", "Trường Tiểu học Mỹ An"), ("TH Mỹ Phú", "Trường Tiểu học Mỹ Phú")]
        )
    }
    loose = make_paper("Trường Tiểu học Mỹ Lạc", year=2021, rng=random.Random(7), named=loose_named)
    papers["BC NQ121.docx"] = render_docx(loose)
    raw = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121 cụm trường", {"Cum.zip": zip_files(papers)})
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    credited = sorted((s.school_id, s.files) for s in rt.store.submissions(report_id="nq121", year=2021))
    assert credited == [
        ("th-my-an", ("Cum.zip/TH Mỹ An/BC.docx",)),
        ("th-my-phu", ("Cum.zip/TH Mỹ Phú/BC.docx",)),
    ]
    [review] = outcome.reviews
    assert "Cum.zip/BC NQ121.docx" in review.reason
    if loose_named:
        assert review.candidates[0] == "th-my-lac"


def test_bytes_that_are_not_an_email_fail_clearly(rt: Runtime) -> None:
    outcome = pipeline.process(rt, b"\x00\x01 not a mail", received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.FAILED
    assert outcome.reason.startswith("Thư không đọc được")


def test_noise_is_remembered_with_its_reason_and_never_counted(rt: Runtime) -> None:
    raw = _mail(
        "c1myan.thuthua@example.edu.vn", "Kế hoạch tuyển sinh năm học 2021-2022", {}, body="Kính gửi..."
    )
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.NOISE and outcome.reason
    assert rt.store.submissions() == []


def _encoded_twice(text: str) -> str:
    """text as a broken mail program writes it: its UTF-8 bytes read as windows-1252 (a byte that has no
    letter there as the control of its number) and the result encoded again."""
    return "".join(
        chr(byte)
        if 0x80 <= byte < 0xA0 and bytes([byte]).decode("cp1252", "replace") == "\ufffd"
        else bytes([byte]).decode("cp1252")
        for byte in text.encode("utf-8")
    )


@pytest.mark.parametrize(
    "subject",
    [
        _encoded_twice("Báo cáo NQ121 Trường TH Mỹ An"),
        corpus.tcvn3("Báo cáo NQ121 Trường TH Mỹ An").decode("latin-1"),
    ],
    ids=["utf8-twice", "tcvn3"],
)
def test_an_imported_mail_whose_subject_is_mojibake_credits_the_school_it_names(
    config_file: Path, tmp_path: Path, subject: str
) -> None:
    """A teacher mailed Mỹ An's report, whose paper does not name the school, from a personal address; a
    broken mail program had encoded the subject twice: «BÃ¡o cÃ¡o NQ121 TrÆ°á»ng TH Má»¹ An». Nothing named
    the school and the mail waited for staff. The subject is repaired and credits the school, as one typed
    in TCVN3 («B¸o c¸o NQ121 Tr­êng TH Mü An») already did."""
    paper = make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(3), named=False)
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "1.eml").write_bytes(
        _mail("giaovien.myan@gmail.com", subject, {"bc.docx": render_docx(paper)}, body="Gửi Phòng.")
    )
    runner = CliRunner()
    imported = runner.invoke(main, ["--config", str(config_file), "import", str(folder)])
    assert "1 báo cáo được ghi nhận" in imported.output, imported.output
    status = runner.invoke(
        main, ["--config", str(config_file), "status", "--year", "2021", "--format", "json"]
    )
    [school] = [s for s in json.loads(status.output)["schools"] if s["school_id"] == "th-my-an"]
    assert school["status"] == "received"
    with Runtime.open(config_mod.load(config_file)) as rt:
        [sub] = rt.store.submissions(report_id="nq121", year=2021)
        [row] = rt.store.messages()
    assert sub.school_id == "th-my-an"
    assert row.subject == "Báo cáo NQ121 Trường TH Mỹ An"


def _encoded_word(charset: str, data: bytes) -> bytes:
    return b"=?" + charset.encode() + b"?B?" + base64.b64encode(data) + b"?="


@pytest.mark.parametrize(
    ("written", "subject"),
    [
        (
            _encoded_word("iso-8859-1", corpus.tcvn3("Báo cáo kết quả thực hiện NQ121 - Trường TH Mỹ An")),
            "Báo cáo kết quả thực hiện NQ121 - Trường TH Mỹ An",
        ),
        (
            _encoded_word("windows-1252", corpus.tcvn3("Kết quả NQ121 của Trường TH Mỹ An - đợt 1")),
            "Kết quả NQ121 của Trường TH Mỹ An - đợt 1",
        ),
        (corpus.tcvn3("Báo cáo NQ121 - Trường TH Mỹ An"), "Báo cáo NQ121 - Trường TH Mỹ An"),
        (corpus.tcvn3("Trường Tiểu học Mỹ An"), "Trường Tiểu học Mỹ An"),
        (
            _encoded_word("iso-8859-1", corpus.cp1258("Báo cáo kết quả thực hiện NQ121 - Trường TH Mỹ An")),
            "Báo cáo kết quả thực hiện NQ121 - Trường TH Mỹ An",
        ),
        (
            corpus.cp1258("Báo cáo kết quả thực hiện NQ121 - Trường TH Mỹ An"),
            "Báo cáo kết quả thực hiện NQ121 - Trường TH Mỹ An",
        ),
    ],
    ids=[
        "tcvn3-as-latin-1",
        "tcvn3-as-windows-1252",
        "tcvn3-raw",
        "tcvn3-raw-name-only",
        "1258-as-latin-1",
        "1258-raw",
    ],
)
def test_an_imported_mail_whose_subject_is_in_an_old_code_page_credits_the_school_it_names(
    config_file: Path, tmp_path: Path, written: bytes, subject: str
) -> None:
    """A teacher mailed Mỹ An's report, whose paper does not name the school, from a personal address, the
    subject typed in TCVN3 (.VnTime) in old Outlook. Labelled latin-1 or windows-1252, a subject with «ế»
    (TCVN3's byte for it is windows-1258's «Ơ») was taken for windows-1258 and shown as «B¸o c¸o kƠt qu¶
    …»; sent as raw bytes, it lost its «ư» (TCVN3's soft hyphen: «Trờng»), or, naming only the school, was
    not converted at all («Trêng TiÓu häc Mü An»). The mail waited for staff naming no school. Each
    subject is read as typed, and one really in windows-1258 still is."""
    paper = make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(3), named=False)
    raw = _mail("giaovien.myan@gmail.com", "subject", {"bc.docx": render_docx(paper)}, body="Gửi Phòng.")
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "1.eml").write_bytes(raw.replace(b"\nSubject: subject\n", b"\nSubject: " + written + b"\n", 1))
    runner = CliRunner()
    imported = runner.invoke(main, ["--config", str(config_file), "import", str(folder)])
    assert "1 báo cáo được ghi nhận" in imported.output, imported.output
    with Runtime.open(config_mod.load(config_file)) as rt:
        [sub] = rt.store.submissions(report_id="nq121", year=2021)
        [row] = rt.store.messages()
    assert (sub.school_id, row.subject) == ("th-my-an", subject)


def test_an_html_body_typed_in_tcvn3_is_quoted_to_staff_by_its_words(
    config_file: Path, tmp_path: Path, report_docx: bytes
) -> None:
    """An HTML-only mail written in .VnTime: staff were told it was typed in TCVN3, quoting its markup
    («<html><body><font face=".VnTime">Trêng …») where they look for the words they can check."""
    lines = (
        "Trường Tiểu học Mỹ An",
        "Kính gửi Phòng Giáo dục và Đào tạo huyện Thủ Thừa.",
        "Trường gửi báo cáo.",
    )
    html = '<html><body><font face=".VnTime">' + "<br>\r\n".join(lines) + "<br>\r\n</font></body></html>"
    raw = (
        b"From: c1myan.thuthua@example.edu.vn\r\nTo: pgdthuthua@example.edu.vn\r\nSubject: BC NQ121\r\n"
        b"Date: Wed, 20 Oct 2021 09:15:00 +0700\r\nMessage-ID: <vntime@example.edu.vn>\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/html; charset=windows-1252\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + corpus.tcvn3(html)
    )
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "1.eml").write_bytes(raw)
    runner = CliRunner()
    imported = runner.invoke(main, ["--config", str(config_file), "import", str(folder)])
    assert imported.exit_code == 0, imported.output
    with Runtime.open(config_mod.load(config_file)) as rt:
        [row] = rt.store.messages()
    [told] = [w for w in row.warnings if "bảng mã cũ TCVN3" in w]
    typed = corpus.tcvn3(" ".join(lines)).decode("cp1252").replace("\xad", "")
    assert told.startswith(f"Phần text/html của thư: gõ bằng bảng mã cũ TCVN3 (ABC) («{typed[:60]}…»)"), told


def test_import_twice_changes_nothing_the_second_time(
    config: Config, config_file: Path, tmp_path: Path, report_docx: bytes
) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "1.eml").write_bytes(
        _mail("c1myan.thuthua@example.edu.vn", "BC NQ121 TH My An", {"bc.docx": report_docx})
    )
    (folder / "2.eml").write_bytes(_mail("c0myan.thuthua@example.edu.vn", "Thư mời họp", {}, mid="m2"))
    runner = CliRunner()
    first = runner.invoke(main, ["--config", str(config_file), "import", str(folder)])
    assert first.exit_code == 0, first.output
    assert "Đã xử lý 2 thư mới: 1 báo cáo được ghi nhận" in first.output
    second = runner.invoke(main, ["import", str(folder), "--config", str(config_file)])
    assert "Đã xử lý 0 thư mới" in second.output and "Bỏ qua 2 thư" in second.output
    status = runner.invoke(
        main, ["--config", str(config_file), "status", "--year", "2021", "--format", "json"]
    )
    assert '"status": "received"' in status.output


def _received(raw: bytes, at: str) -> bytes:
    """raw as the office's mail server stored it, received at («Thu, 21 Oct 2021 08:10:00 +0700»)."""
    return f"Received: from mx by mx.example.edu.vn; {at}\r\n".encode() + raw


def test_import_reads_mail_in_the_order_it_came_and_a_claim_only_against_what_came_before(
    config_file: Path, tmp_path: Path, report_docx: bytes
) -> None:
    """Mỹ An wrote at 08:10 «Trường đã gửi ngày 20/10, đề nghị kiểm tra lại» (no file) and sent its report
    at 09:00. `baocao import` read the folder's files in the order of their names, the report first, and
    the claim was set aside as answered by it («đã nhận báo cáo …: không cần xử lý»); `baocao reprocess`
    did the same. Mail is read in the order it came, and a claim is judged only against the reports that
    came before it: it waits for staff (the report that came after settles it)."""
    folder = tmp_path / "export"
    folder.mkdir()
    report = _mail("c1myan.thuthua@example.edu.vn", "BC NQ121 TH My An", {"bc.docx": report_docx}, mid="r")
    (folder / "a_report.eml").write_bytes(_received(report, "Thu, 21 Oct 2021 09:00:00 +0700"))
    claim = _reply("Kính gửi Phòng,\nTrường đã gửi ngày 20/10, đề nghị kiểm tra lại.\nTrân trọng.")
    (folder / "b_claim.eml").write_bytes(_received(claim, "Thu, 21 Oct 2021 08:10:00 +0700"))
    runner = CliRunner()
    done = runner.invoke(main, ["--config", str(config_file), "import", str(folder)])
    assert done.exit_code == 0, done.output
    with Runtime.open(config_mod.load(config_file), clock=lambda: FIXED) as rt:
        [claimed] = [m for m in rt.store.messages() if not m.subject.startswith("BC")]
        [sent] = [m for m in rt.store.messages() if m.subject.startswith("BC")]
        assert claimed.read_order < sent.read_order
        assert claimed.state == MessageState.REVIEW, claimed.reason
    again = runner.invoke(main, ["--config", str(config_file), "reprocess"])
    assert again.exit_code == 0, again.output
    with Runtime.open(config_mod.load(config_file), clock=lambda: FIXED) as rt:
        row = rt.store.message(claimed.key)
        assert row is not None and row.state == MessageState.REVIEW and "không cần xử lý" not in row.reason


def test_an_imported_pdf_whose_schools_name_wraps_beside_the_date_line_is_credited(
    config_file: Path, tmp_path: Path
) -> None:
    """A report printed from a Word header table, the school's name wrapped onto the date line's row
    («TRƯỜNG TIỂU HỌC LONG» / «THUẬN Long Thuận, ngày …»), sent from a teacher's gmail: the name's last
    line was dropped, «TRƯỜNG TIỂU HỌC LONG» begins three schools' names, and the report waited for
    staff though its header names one school. Its text says «Nhà trường», as most reports do."""
    paper = make_paper(
        "Trường Tiểu học Long Thuận", year=2021, rng=random.Random(1), date=dt.date(2021, 10, 18)
    )
    said = tuple(line.replace("Trường Tiểu học Long Thuận", "Nhà trường") for line in paper.preamble)
    paper = dataclasses.replace(paper, preamble=said)
    pdf = corpus.header_table_pdf(paper, left=62, issuer="TRƯỜNG TIỂU HỌC LONG THUẬN")
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "1.eml").write_bytes(
        _mail("nguyenthimai85@gmail.com", "gửi báo cáo", {"BC.pdf": pdf}, body="Em gửi báo cáo ạ.")
    )
    runner = CliRunner()
    imported = runner.invoke(main, ["--config", str(config_file), "import", str(folder)])
    assert "1 báo cáo được ghi nhận" in imported.output, imported.output
    status = runner.invoke(
        main, ["--config", str(config_file), "status", "--year", "2021", "--format", "json"]
    )
    [school] = [s for s in json.loads(status.output)["schools"] if s["school_id"] == "th-long-thuan"]
    assert school["status"] == "received"


@pytest.mark.parametrize(
    "date", ["Thu, 01 Jan 1970 00:00:00 +0000", "Mon, 20 Oct 2031 09:15:00 +0700"], ids=["1970", "2031"]
)
def test_an_imported_mail_whose_date_cannot_be_its_receipt_counts_by_the_files_time(
    config_file: Path, tmp_path: Path, report_docx: bytes, date: str
) -> None:
    """An exported mail with no Received header took its Date for its receipt, whatever it said: a
    phone whose clock was never set (1970) filed the report under season 1969, one set ten years ahead
    under a receipt in 2031 that no status of 2021 saw. Both schools stayed «chưa nộp» though the import
    said «1 báo cáo được ghi nhận». The file was saved before 25/10: the report came on time."""
    folder = tmp_path / "export"
    folder.mkdir()
    raw = _mail("c1myan.thuthua@example.edu.vn", "BC NQ121 TH My An", {"bc.docx": report_docx})
    eml = folder / "1.eml"
    eml.write_bytes(raw.replace(b"Wed, 20 Oct 2021 09:15:00 +0700", date.encode()))
    saved = dt.datetime(2021, 10, 20, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7))).timestamp()
    os.utime(eml, (saved, saved))
    runner = CliRunner()
    imported = runner.invoke(main, ["--config", str(config_file), "import", str(folder)])
    assert "1 báo cáo được ghi nhận" in imported.output, imported.output
    query = "status --year 2021 --as-of 01/11/2021 --format json".split()
    status = runner.invoke(main, ["--config", str(config_file), *query])
    [school] = [s for s in json.loads(status.output)["schools"] if s["school_id"] == "th-my-an"]
    assert school["status"] == "received" and school["received_at"] == "2021-10-20T09:30:00+07:00"


def test_an_imported_mail_with_no_receipt_in_its_header_says_its_time_is_the_files(
    config_file: Path, tmp_path: Path, report_docx: bytes
) -> None:
    """An exported mail with no Received line and a Date no one can read («hôm qua») took the file's
    time for its receipt, the day it was saved, and the status showed TH Mỹ An late at that time with
    nothing saying it was not when the mail came: staff had no reason to look for the real one."""
    folder = tmp_path / "export"
    folder.mkdir()
    raw = _mail("c1myan.thuthua@example.edu.vn", "BC NQ121 TH My An", {"bc.docx": report_docx})
    eml = folder / "1.eml"
    eml.write_bytes(raw.replace(b"Wed, 20 Oct 2021 09:15:00 +0700", "hôm qua".encode()))
    saved = dt.datetime(2021, 11, 2, 14, 47, tzinfo=dt.timezone(dt.timedelta(hours=7))).timestamp()
    os.utime(eml, (saved, saved))
    runner = CliRunner()
    imported = runner.invoke(main, ["--config", str(config_file), "import", str(folder)])
    assert "1 báo cáo được ghi nhận" in imported.output, imported.output
    query = "status --year 2021 --as-of 03/11/2021".split()
    status = runner.invoke(main, ["--config", str(config_file), *query, "--format", "json"])
    [school] = [s for s in json.loads(status.output)["schools"] if s["school_id"] == "th-my-an"]
    assert school["status"] == "late" and school["received_at"] == "2021-11-02T14:47:00+07:00"
    assert "«Nhận lúc» chỉ là lúc tệp thư được lưu hay được nhập" in school["file_time"]
    table = runner.invoke(main, ["--config", str(config_file), *query])
    assert "«Nhận lúc» chỉ là lúc tệp thư được lưu" in " ".join(table.output.split()), table.output
    history = runner.invoke(main, ["--config", str(config_file), "history", "th-my-an"])
    assert "Được tính; «Nhận lúc» chỉ là lúc tệp thư được lưu" in " ".join(history.output.split())


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"Báo cáo NQ121.msg": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)},
            "chuyển tiếp các thư đó về hộp thư baocao đọc",
        ),
        ({"bc.pdf": b"%PDF-1.4\n%%EOF", "Inbox.msf": b"// <!-- <mdb:mork:z"}, "không có tệp .eml nào"),
    ],
)
def test_importing_a_folder_without_mail_says_why(
    config_file: Path, tmp_path: Path, files: dict[str, bytes], expected: str
) -> None:
    """A folder of Outlook .msg files (or of attachments saved by hand) was imported as
    "Đã xử lý 0 thư mới" with exit 0: the clerk believed the mail was in while nothing was read. The way
    out names the mailbox baocao reads, not «hộp thư của Phòng», which a commune does not have."""
    folder = tmp_path / "export"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    result = CliRunner().invoke(main, ["--config", str(config_file), "import", str(folder)])
    assert result.exit_code == 1 and expected in result.output, result.output
    assert "Đã xử lý" not in result.output and "Phòng" not in result.output


def test_importing_a_file_that_is_not_mail_is_refused_not_recorded_as_a_broken_message(
    config: Config, config_file: Path, tmp_path: Path
) -> None:
    """`baocao import bao-cao.pdf` (a report, not a message) was archived as a message and listed in
    review as "Thư không đọc được: dữ liệu không có phần đầu thư (header)"."""
    report = tmp_path / "bao-cao.pdf"
    report.write_bytes(b"%PDF-1.4\n%%EOF\n")
    result = CliRunner().invoke(main, ["--config", str(config_file), "import", str(report)])
    assert result.exit_code == 1 and "không phải thư" in result.output, result.output
    with Runtime.open(config) as rt:
        assert rt.store.messages() == []


def test_a_reply_to_a_reminder_without_the_report_is_not_a_submission(rt: Runtime) -> None:
    """A school answering a reminder with "Dạ vâng ạ." was counted as its report, because the
    quoted reminder (which names the report) was read as the body's text."""
    quoted = "\n".join(
        [
            "Dạ vâng ạ.",
            "",
            "Vào Th 2, 18 thg 10, 2021 vào lúc 07:30 Phòng GD&ĐT Thủ Thừa <pgdthuthua@example.edu.vn> đã",
            "viết:",
            "> Kính gửi Hiệu trưởng Trường Tiểu học Mỹ An,",
            "> Phòng GD&ĐT nhắc đơn vị gửi báo cáo kết quả thực hiện Nghị quyết 121/2020/QH14",
            "> về phòng, chống xâm hại trẻ em trước ngày 25/10/2021. " * 5,
        ]
    )
    raw = _mail(
        "c1myan.thuthua@example.edu.vn",
        "Re: [Phòng GD&ĐT Thủ Thừa] Nhắc nộp báo cáo thực hiện Nghị quyết 121/2020/QH14",
        {},
        body=quoted,
    )
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.NOISE
    assert rt.store.submissions() == []


@pytest.fixture(scope="module")
def scan_pdf() -> bytes:
    paper = make_paper("Trường THCS Nhị Thành", year=2021, rng=random.Random(11))
    return render_scan(paper, pages=1)


def test_a_rescan_reads_a_scanned_report_from_the_cache_without_ocr(
    rt: Runtime, scan_pdf: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = _mail("c2nhithanh.thuthua@example.edu.vn", "Báo cáo NQ121", {"scan0001.pdf": scan_pdf})
    first = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert first.state == MessageState.REPORT
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract any more: only the cache can read the scan
    again = pipeline.reprocess(rt, first.key)
    assert again.state == MessageState.REPORT
    assert again.submissions == first.submissions


def test_a_scan_on_a_machine_without_vietnamese_ocr_says_what_to_install_and_is_retried(
    rt: Runtime, scan_pdf: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scanned report on a machine whose tesseract lacks its Vietnamese model failed as "a program
    error, tell the administrator ... baocao rescan", with no sender or subject to tell which mail it was;
    the administrator had nothing to install and an office without a mail server could not rescan."""
    tessdata = tmp_path / "tessdata"
    tessdata.mkdir()
    (tessdata / "eng.traineddata").symlink_to(Path("/usr/share/tesseract-ocr/5/tessdata/eng.traineddata"))
    monkeypatch.setitem(ocr._ENV, "TESSDATA_PREFIX", str(tessdata))
    raw = _mail("c2nhithanh.thuthua@example.edu.vn", "Báo cáo NQ121 bản scan", {"scan0001.pdf": scan_pdf})
    failed = pipeline.ingest(rt, raw, received_at=RECEIVED, source="test")
    assert failed.state == MessageState.FAILED
    assert "tesseract-ocr-vie" in failed.reason and "baocao reprocess" in failed.reason
    assert "trường không phải gửi lại" in failed.reason and "Lỗi chương trình" not in failed.reason
    row = rt.store.message(failed.key)
    assert row is not None
    assert (row.sender, row.subject) == ("c2nhithanh.thuthua@example.edu.vn", "Báo cáo NQ121 bản scan")
    monkeypatch.undo()
    again = pipeline.reprocess(rt, failed.key)
    assert again.state == MessageState.REPORT
    assert [s.school_id for s in again.submissions] == ["thcs-nhi-thanh"]


def _blurred(scan_pdf: bytes, radius: float) -> bytes:
    """The first page of scan_pdf as a 150-dpi scan taken out of focus (a Gaussian blur of radius)."""
    scan = pypdfium2.PdfDocument(scan_pdf)
    try:
        page = scan[0].render(scale=150 / 72).to_pil().filter(ImageFilter.GaussianBlur(radius))
    finally:
        scan.close()
    pdf = io.BytesIO()
    page.save(pdf, "PDF", resolution=150.0)
    return pdf.getvalue()


def test_a_poorly_recognised_scan_waits_for_staff(config: Config, scan_pdf: bytes) -> None:
    strict = Runtime.open(config, clock=lambda: FIXED)
    strict = dataclasses.replace(strict, min_ocr_confidence=99.9)
    raw = _mail("c2nhithanh.thuthua@example.edu.vn", "Báo cáo NQ121", {"scan0001.pdf": scan_pdf})
    outcome = pipeline.process(strict, raw, received_at=RECEIVED, source="test")
    strict.close()
    assert outcome.state == MessageState.REVIEW
    assert "Bản quét khó đọc" in outcome.reason
    assert outcome.reviews[0].candidates == ("thcs-nhi-thanh",)


def test_a_shortcut_sent_for_the_report_under_a_vague_subject_waits_for_staff(rt: Runtime) -> None:
    """«Gửi phòng» with the report's shortcut dragged from the desktop: the school believes it sent its
    report, and the mail was set aside as naming none. A paper in a form that cannot be read, or a shortcut
    to one, may be the report: staff see it, told that it is only a shortcut."""
    target = "C:\\Users\\THCS\\Desktop\\Tai lieu.docx".encode("utf-16-le")
    shortcut = (
        b"L\x00\x00\x00\x01\x14\x02\x00\x00\x00\x00\x00\xc0\x00\x00\x00\x00\x00\x00F" + bytes(56) + target
    )
    raw = _mail("c2nhithanh.thuthua@example.edu.vn", "Gửi phòng", {"Tai lieu.docx.lnk": shortcut})
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW, outcome.reason
    assert "lối tắt (shortcut)" in outcome.reason and outcome.reviews[0].candidates == ("thcs-nhi-thanh",)


@pytest.mark.parametrize(
    ("sender", "candidates"),
    [("c2nhithanh.thuthua@example.edu.vn", ("thcs-nhi-thanh",)), ("thuy.gv1985@gmail.com", ())],
)
def test_a_mail_whose_only_file_cannot_be_opened_waits_for_staff(
    rt: Runtime, sender: str, candidates: tuple[str, ...]
) -> None:
    """«Gửi phòng» with a scan whose PDF is broken: the words say nothing, and what the file says no one
    knows. It was set aside as «thư và tệp đính kèm không nhắc đến báo cáo nào», as if read, and a school
    that sent its report in it would never hear. Staff look, told why the file was not opened."""
    raw = _mail(
        sender, "Gửi phòng", {"scan0001.pdf": b"%PDF-1.4\n" + b"\x00hong" * 200}, body="Kính gửi Phòng."
    )
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW, outcome.reason
    assert "Không mở được tệp đính kèm để biết thư có phải báo cáo không" in outcome.reason
    assert "scan0001.pdf bị hỏng" in outcome.reason
    assert outcome.reviews[0].candidates == candidates


def test_a_schools_mail_forwarded_from_a_gmail_offers_the_school_when_its_file_cannot_be_opened(
    rt: Runtime,
) -> None:
    """The principal forwards from a gmail the school's own «Gửi phòng» with a broken scan: the review
    offered no school, though the mail it forwards came from the school's registered address."""
    body = (
        "Chuyển tiếp\n\n---------- Forwarded message ---------\n"
        "From: Trường THCS Nhị Thành <c2nhithanh.thuthua@example.edu.vn>\n"
        "Date: Wed, Oct 20, 2021 at 8:00 AM\nSubject: Gửi phòng\nTo: <hieutruong.nt@gmail.com>\n\nKính gửi Phòng.\n"
    )
    raw = _mail(
        "hieutruong.nt@gmail.com", "Fwd: Gửi phòng", {"scan0001.pdf": b"%PDF-1.4\n" + b"\x00hong" * 200}, body
    )
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW, outcome.reason
    assert outcome.reviews[0].candidates == ("thcs-nhi-thanh",)


def test_a_broken_logo_in_a_mails_signature_is_no_file_that_failed(rt: Runtime) -> None:
    """A school's note with its signature's logo, whose picture arrived broken: the logo is no file sent,
    so the note is set aside as it would be with the logo whole, not sent to staff as a file not opened."""
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = (
        "c2nhithanh.thuthua@example.edu.vn",
        "pgdthuthua@example.edu.vn",
        "Lịch tuần",
    )
    msg["Message-ID"], msg["Date"] = "<lich@example.edu.vn>", "Wed, 20 Oct 2021 09:15:00 +0700"
    msg.set_content("Kính gửi Phòng, trường gửi lịch công tác tuần.")
    msg.add_alternative(
        '<p>Kính gửi Phòng, trường gửi lịch công tác tuần.</p><img src="cid:logo1" width="120" height="40">',
        subtype="html",
    )
    broken = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(20)
    msg.get_payload()[1].add_related(broken, "image", "png", cid="<logo1>")
    outcome = pipeline.process(rt, msg.as_bytes(), received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.NOISE, outcome.reason


@pytest.mark.parametrize(
    ("subject", "name", "data"),
    [
        ("Gửi phòng", "hoat dong.mp4", b"\x00\x00\x00\x18ftypmp42" + bytes(4000)),
        ("Lịch công tác tháng 10", "lich.pdf", b"%PDF-1.4\n" + b"\x00hong" * 200),
        ("Gửi phòng", "Lich_tuan_8.pdf", b"%PDF-1.4\n" + b"\x00hong" * 200),
        ("TH Nhị Thành gửi Kế hoạch thực hiện NQ121", "anh.jpg", b"\xff\xd8\xff\xe0" + bytes(30000)),
    ],
)
def test_a_mail_that_says_what_it_sends_is_no_report_though_its_file_cannot_be_opened(
    rt: Runtime, subject: str, name: str, data: bytes
) -> None:
    """A file of a kind no report is sent as (a video) says what it is; so does a subject or a file's name
    naming another paper (a schedule, the school's plan for the report's topic), whether or not it opens."""
    raw = _mail("c2nhithanh.thuthua@example.edu.vn", subject, {name: data})
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.NOISE, outcome.reason


def test_a_page_blurred_past_reading_in_a_scan_read_well_waits_for_staff_naming_the_page(
    rt: Runtime, scan_pdf: bytes
) -> None:
    """A two-sheet scan whose second sheet was smeared in the feeder: OCR read a dozen words on it, taken
    for a signed last page, and the report was recorded at the confidence of its first page with its
    sections missing. The sheet holds a page of text's ink: staff look, told which page."""
    scan = pypdfium2.PdfDocument(scan_pdf)
    try:
        page = scan[0].render(scale=150 / 72).to_pil().convert("L")
    finally:
        scan.close()
    pdf = io.BytesIO()
    page.save(
        pdf,
        "PDF",
        save_all=True,
        append_images=[page.filter(ImageFilter.GaussianBlur(4.5))],
        resolution=150.0,
    )
    raw = _mail("c2nhithanh.thuthua@example.edu.vn", "Báo cáo NQ121", {"scan0001.pdf": pdf.getvalue()})
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW
    assert "Bản quét khó đọc, cần xem bằng mắt: scan0001.pdf (trang 2: " in outcome.reason
    assert outcome.reviews[0].candidates == ("thcs-nhi-thanh",)


def test_a_one_page_scan_out_of_focus_read_with_wrong_letters_waits_for_staff(
    rt: Runtime, scan_pdf: bytes
) -> None:
    """A school scanned its one-page report out of focus: OCR read the whole page at about 72 %, above the
    confidence that sends a scan to staff, with letters wrong in the school's name and in the figures
    («TRƯƠNG THCS NHỊ THANH», «XS 4VW .TIW NT»), and the report was recorded as read. A one-page scan has
    no other page to compare with; the blur is seen on the image, and staff look."""
    blurred = _blurred(scan_pdf, 2.4)
    raw = _mail("c2nhithanh.thuthua@example.edu.vn", "Báo cáo NQ121", {"scan0001.pdf": blurred})
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW
    assert outcome.reason.startswith("Bản quét khó đọc, cần xem bằng mắt: scan0001.pdf (độ tin cậy ")
    assert "bị mờ, chữ nhận dạng được có thể sai" in outcome.reason
    assert outcome.reviews[0].candidates == ("thcs-nhi-thanh",)


def test_a_blurred_scan_from_a_personal_address_is_said_to_be_hard_to_read(
    rt: Runtime, scan_pdf: bytes
) -> None:
    """A teacher sent the school's report scanned out of focus from a personal address: OCR read its
    header as «TRỢ SG THCS XI THANH», and the mail waited for staff as from "a unit perhaps missing from
    the list", with nothing said of the scan being blurred. Staff are told first that it is hard to read."""
    blurred = _blurred(scan_pdf, 2.6)
    raw = _mail("thaygiao.nguyen@gmail.com", "Gửi Phòng", {"scan0001.pdf": blurred}, body="")
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW
    assert outcome.reason.startswith("Bản quét khó đọc, cần xem bằng mắt: scan0001.pdf (")


@pytest.mark.parametrize(
    ("blur", "subject"),
    [(4, "Gửi Phòng"), (12, "Gửi Phòng"), (3, "Báo cáo NQ121"), (3, "Báo cáo NQ121 - THCS Nhị Thành")],
)
def test_a_blurred_scan_waits_for_staff_to_read_it_by_eye(
    rt: Runtime, scan_pdf: bytes, blur: int, subject: str
) -> None:
    """A school scanned its report out of focus and wrote only "Gửi Phòng" with it: OCR read a few garbled
    words, or none, nothing named the report, and the mail was filed as "not a report", so the school
    stayed missing with its report in the inbox. Under a subject naming the report, the same scan was
    recorded as a report with no content and the school asked to send it again; under a subject naming
    the school too, as a report received on time, though nothing of it was read. A person may read what
    OCR cannot: staff look."""
    blurred = _blurred(scan_pdf, blur)
    raw = _mail("c2nhithanh.thuthua@example.edu.vn", subject, {"scan0001.pdf": blurred})
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW
    assert "Bản quét khó đọc, cần xem bằng mắt" in outcome.reason and "scan0001.pdf" in outcome.reason
    assert outcome.reviews[0].candidates == ("thcs-nhi-thanh",)


def _out_of_time_on(page: int) -> ocr.PageReader:
    """A reader that runs out of its time on one page of a scan (a busy machine), as a per-page limit of
    a hundredth of a second makes it, and reads the others."""

    def reader(pngs: Iterable[bytes], limits: Limits) -> list[ocr.OcrPage]:
        return [
            ocr.recognise(png, dataclasses.replace(limits, ocr_page_seconds=0.01) if n == page else limits)
            for n, png in enumerate(pngs, start=1)
        ]

    return reader


@pytest.fixture(scope="module")
def two_page_scan() -> bytes:
    return render_scan(make_paper("Trường THCS Nhị Thành", year=2021, rng=random.Random(11)), pages=2)


def test_a_scan_page_out_of_ocr_time_is_named_in_the_reason_and_read_again_at_a_rescan(
    rt: Runtime, two_page_scan: bytes
) -> None:
    """OCR ran out of time on the second page of a school's scan: the report was credited from the
    school's address, and only the document's warnings said a page was skipped, so staff took it as read
    whole; a re-scan then took the reading from the cache and never read the page."""
    busy = dataclasses.replace(rt, ocr=_out_of_time_on(2))
    raw = _mail("c2nhithanh.thuthua@example.edu.vn", "Báo cáo NQ121", {"scan0001.pdf": two_page_scan})
    first = pipeline.process(busy, raw, received_at=RECEIVED, source="test")
    assert [s.school_id for s in first.submissions] == ["thcs-nhi-thanh"]
    assert "trang 2 chưa đọc được (quá thời gian nhận dạng chữ)" in first.reason
    again = pipeline.reprocess(rt, first.key)
    assert [s.school_id for s in again.submissions] == ["thcs-nhi-thanh"]
    assert "quá thời gian" not in again.reason


def test_a_scan_whose_first_page_ran_out_of_ocr_time_from_a_personal_address_says_so(
    rt: Runtime, two_page_scan: bytes
) -> None:
    """From a personal address, OCR running out of time on the page with the school's header left the
    mail waiting as one naming no school, with nothing said of the page never read; then said it twice."""
    busy = dataclasses.replace(rt, ocr=_out_of_time_on(1))
    raw = _mail("thaygiao.nguyen@gmail.com", "Báo cáo NQ121", {"scan0001.pdf": two_page_scan})
    outcome = pipeline.process(busy, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW
    assert outcome.submissions == ()
    assert "trang 1 chưa đọc được (quá thời gian nhận dạng chữ)" in outcome.reason
    [review] = outcome.reviews
    assert (
        review.reason.count("Cảnh báo khi đọc thư: scan0001.pdf: trang 1 chưa đọc được (quá thời gian") == 1
    )


def _out_of_time_on_picture(picture: int) -> ocr.PageReader:
    """A reader that runs out of its time on one picture of a Word file (a busy machine): each picture
    is read in a call of its own; the others are read."""
    calls = []

    def reader(pngs: Iterable[bytes], limits: Limits) -> list[ocr.OcrPage]:
        calls.append(1)
        if len(calls) == picture:
            limits = dataclasses.replace(limits, ocr_page_seconds=0.01)
        return [ocr.recognise(png, limits) for png in pngs]

    return reader


def _scan_pasted_into_word(scan: bytes) -> bytes:
    """A Word file holding a scan's pages pasted in as pictures, one after the other."""
    document = docx.Document()
    pdf = pypdfium2.PdfDocument(scan)
    try:
        for page in pdf:
            picture = io.BytesIO()
            page.render(scale=150 / 72).to_pil().save(picture, "JPEG", quality=80)
            document.add_picture(picture, width=docx.shared.Mm(160))
    finally:
        pdf.close()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_picture_in_a_word_file_out_of_ocr_time_is_named_and_read_again_at_a_rescan(
    rt: Runtime, two_page_scan: bytes
) -> None:
    """A school pasted its scanned pages into a Word file and OCR ran out of time on the second picture:
    only the document's warnings said a picture was skipped, so staff took the report as read whole,
    and the reading was kept, so a re-scan never read the picture."""
    busy = dataclasses.replace(rt, ocr=_out_of_time_on_picture(2))
    raw = _mail(
        "c2nhithanh.thuthua@example.edu.vn",
        "Báo cáo NQ121",
        {"BC NQ121.docx": _scan_pasted_into_word(two_page_scan)},
    )
    first = pipeline.process(busy, raw, received_at=RECEIVED, source="test")
    assert [s.school_id for s in first.submissions] == ["thcs-nhi-thanh"]
    assert "BC NQ121.docx: trang 2 chưa đọc được (quá thời gian nhận dạng chữ)" in first.reason
    again = pipeline.reprocess(rt, first.key)
    assert [s.school_id for s in again.submissions] == ["thcs-nhi-thanh"]
    assert "quá thời gian" not in again.reason


@pytest.fixture(scope="module")
def scan_without_results() -> bytes:
    """A scanned report without its results section, the section that gives the figures."""
    paper = make_paper(
        "Trường THCS Nhị Thành", year=2021, rng=random.Random(11), sections=("chi_dao", "kho_khan", "de_xuat")
    )
    return render_scan(paper)


def test_figures_the_mail_of_a_scanned_report_states_are_read(
    rt: Runtime, scan_without_results: bytes
) -> None:
    """A school scanned its report and wrote its figures in the mail's few lines: the lines were too short
    to be read as the report, and the scan gave none, so the consolidated report listed every figure of
    the school as not found. A figure the scan does not give is the mail's."""
    body = "Kính gửi Phòng GD&ĐT. Trường tổ chức 12 buổi tuyên truyền cho 850 lượt học sinh, không xảy ra vụ xâm hại nào."
    raw = _mail(
        "c2nhithanh.thuthua@example.edu.vn", "Báo cáo NQ121", {"scan0001.pdf": scan_without_results}, body
    )
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT
    [sub] = rt.store.submissions(report_id="nq121", year=2021)
    assert {k: v["value"] for k, v in sub.figures.items()} == {
        "buoi_tuyen_truyen": 12,
        "nguoi_tham_gia": 850,
        "vu_xam_hai": 0,
    }
    # Where staff look for them: the mail's text, not the scan (which said it came from scan0001.pdf).
    school = draft(rt, "nq121", 2021).school("thcs-nhi-thanh")
    assert {f.source.file for f in school.figures} == {"(nội dung thư)"}


def test_figures_the_mail_of_a_scanned_report_gives_in_a_table_of_school_years_are_read(
    rt: Runtime, scan_without_results: bytes
) -> None:
    """A school scanned its report «năm học 2021-2022» and gave its figures in the mail as a table of two
    school years: the scan's title says which column is the season's, but the mail was read without it and
    gave no figure, so the consolidated report listed the school's figures as not found."""
    body = (
        "Kính gửi Phòng GD&ĐT. Trường gửi số liệu:\nNội dung | Năm học 2020-2021 | Năm học 2021-2022\n"
        "Số buổi tuyên truyền | 10 | 12\nSố lượt học sinh tham gia | 700 | 850"
    )
    raw = _mail(
        "c2nhithanh.thuthua@example.edu.vn", "Báo cáo NQ121", {"scan0001.pdf": scan_without_results}, body
    )
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT
    [sub] = rt.store.submissions(report_id="nq121", year=2021)
    assert {k: v["value"] for k, v in sub.figures.items()} == {"buoi_tuyen_truyen": 12, "nguoi_tham_gia": 850}


def test_a_figure_the_mail_states_otherwise_than_the_scan_is_left_to_staff(
    rt: Runtime, scan_pdf: bytes
) -> None:
    """A school's mail said «12 buổi tuyên truyền» where its scanned report, read by OCR, says 24: the
    scan is the document of record and its figure is kept, with the mail's beside it for staff to check;
    the figures the mail does not state are the scan's alone."""
    body = "Kính gửi Phòng GD&ĐT. Trường đã tổ chức 12 buổi tuyên truyền."
    raw = _mail("c2nhithanh.thuthua@example.edu.vn", "Báo cáo NQ121", {"scan0001.pdf": scan_pdf}, body)
    pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    [sub] = rt.store.submissions(report_id="nq121", year=2021)
    sessions = sub.figures["buoi_tuyen_truyen"]
    assert (sessions["value"], sessions["others"]) == (24, [12])
    assert "others" not in sub.figures["nguoi_tham_gia"]


def test_a_photo_of_the_signed_last_page_is_kept_with_the_report(rt: Runtime) -> None:
    """A school sent its report as a Word file with a phone photo of the signed and stamped last page:
    the photo, with no header and none of the report's sections, was left out of the submission, and
    staff looking for the signature found only the unsigned Word file."""
    paper = make_paper("Trường THCS Nhị Thành", year=2021, rng=random.Random(11))
    scan = pypdfium2.PdfDocument(render_scan(paper))
    try:
        last = scan[len(scan) - 1].render(scale=150 / 72).to_pil().convert("RGB")
    finally:
        scan.close()
    signing = io.BytesIO()
    last.crop((0, 265, last.width, 520)).save(signing, "JPEG", quality=80)  # "Nơi nhận" to the name
    files = {"BC NQ121.docx": render_docx(paper), "IMG_20211020_091500.jpg": signing.getvalue()}
    raw = _mail("c2nhithanh.thuthua@example.edu.vn", "Báo cáo NQ121", files)
    # However poorly OCR reads a signature and a seal, the typed report was read: no "hard to read" review.
    strict = dataclasses.replace(rt, min_ocr_confidence=99.9)
    outcome = pipeline.process(strict, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT
    [submission] = outcome.submissions
    assert submission.school_id == "thcs-nhi-thanh"
    assert submission.files == ("BC NQ121.docx", "IMG_20211020_091500.jpg")


def test_photos_of_a_reports_pages_are_read_in_the_order_of_their_names(rt: Runtime) -> None:
    """A school photographed its report's two pages (IMG_2.jpg, IMG_10.jpg) and its mail listed them by
    name as text, «IMG_10.jpg» first: the report was read page 2 before page 1, and its last section,
    read out of order, was recorded missing."""
    paper = make_paper("Trường THCS Nhị Thành", year=2021, rng=random.Random(11))
    scan = pypdfium2.PdfDocument(render_scan(paper, skew=0))
    photos = {}
    try:
        for page, name in ((1, "IMG_10.jpg"), (0, "IMG_2.jpg")):
            photo = io.BytesIO()
            scan[page].render(scale=150 / 72).to_pil().convert("RGB").save(photo, "JPEG", quality=80)
            photos[name] = photo.getvalue()
    finally:
        scan.close()
    raw = _mail("c2nhithanh.thuthua@example.edu.vn", "Báo cáo NQ121", photos)
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT
    [submission] = outcome.submissions
    assert submission.files == ("IMG_2.jpg", "IMG_10.jpg")
    assert submission.sections_missing == ()


def _scanned_page_pdfs(names: dict[str, int], printed: dict[int, str] | None = None) -> dict[str, bytes]:
    """One scanned PDF a page of a school's report, by name (page: its index), with a page number
    printed at the top of the pages given (printed)."""
    paper = make_paper("Trường THCS Nhị Thành", year=2021, rng=random.Random(11))
    scan = pypdfium2.PdfDocument(render_scan(paper, skew=0))
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 28)
    files = {}
    try:
        for name, page in names.items():
            image = scan[page].render(scale=150 / 72).to_pil().convert("L")
            if printed and page in printed:
                ImageDraw.Draw(image).text(
                    (image.width / 2, 60), printed[page], font=font, fill=0, anchor="mm"
                )
            out = io.BytesIO()
            image.save(out, "PDF", resolution=150.0)
            files[name] = out.getvalue()
    finally:
        scan.close()
    return files


@pytest.mark.parametrize(
    ("names", "printed"),
    [
        ({"trang 2.pdf": 1, "trang 1.pdf": 0}, None),
        ({"scan0002.pdf": 1, "scan0001.pdf": 0}, None),
        ({"BC NQ121 tiep.pdf": 1, "BC NQ121.pdf": 0}, {1: "- 2 -"}),
        ({"image0.pdf": 1, "image1.pdf": 0}, {1: "- 2 -"}),
    ],
    ids=["named-by-page", "scanner-numbered", "printed-number", "numbered-in-the-order-tapped"],
)
def test_a_report_scanned_one_pdf_a_page_is_read_in_page_order(
    rt: Runtime, names: dict[str, int], printed: dict[int, str] | None
) -> None:
    """A school scanned its report a sheet at a time and attached the PDFs page 2 first: the report was
    read page 2 before page 1, and its last section, read out of order, was recorded missing. The files'
    numbers give the pages' order, or the number printed on a page («- 2 -») when the names have none or
    the printed numbers are complete (iPhone Mail numbers photos in the order they were tapped)."""
    raw = _mail("c2nhithanh.thuthua@example.edu.vn", "Báo cáo NQ121", _scanned_page_pdfs(names, printed))
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT
    [submission] = outcome.submissions
    assert submission.files == tuple(sorted(names, key=names.__getitem__))
    assert submission.sections_missing == ()


def test_a_typed_report_with_its_signed_last_page_scanned_keeps_its_headers_tone_marks(rt: Runtime) -> None:
    """A school printed its report, signed and stamped the last page, scanned it and put it in place of
    the typed last page. The whole file then counted as a scan, its typed «TRƯỜNG TH LONG THÀNH» as
    if OCR might have misread «LONG THẠNH», and the report of a teacher's own address waited for staff
    between the two schools. The header is on the typed first page: its tone marks are typed."""
    paper = make_paper("Trường Tiểu học Long Thành", year=2021, rng=random.Random(11))
    typed = pypdfium2.PdfDocument(render_pdf(paper))
    scan = pypdfium2.PdfDocument(render_scan(paper))
    try:
        typed.del_page(len(typed) - 1)
        typed.import_pages(scan, [len(scan) - 1])
        merged = io.BytesIO()
        typed.save(merged)
    finally:
        typed.close()
        scan.close()
    raw = _mail("nguyenvana1980@gmail.com", "Báo cáo NQ121", {"BC NQ121 da ky.pdf": merged.getvalue()})
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT
    assert [s.school_id for s in outcome.submissions] == ["th-long-thanh-tl"]


@pytest.mark.parametrize(
    ("sender", "credited", "candidates"),
    [
        ("c1longthanh.thuthua@example.edu.vn", ["th-long-thanh"], None),
        ("hieutruong.lt@gmail.com", [], {"th-long-thanh", "th-long-thanh-tl"}),
    ],
    ids=["registered", "personal"],
)
def test_a_scanner_apps_tone_misread_names_no_namesake_school(
    rt: Runtime, sender: str, credited: list[str], candidates: set[str] | None
) -> None:
    """Tiểu học Long Thạnh scanned its report with a phone app whose own Vietnamese OCR, kept under the
    page image, read "LONG THÀNH": that layer counted as typed text, whose header decides, so the report
    was credited to Tiểu học Long Thành, even against Long Thạnh's registered address. A tone mark read
    off a picture tells the two apart no better than tesseract's."""
    paper = make_paper("Trường Tiểu học Long Thạnh", year=2021, rng=random.Random(11))
    layer = [line.replace("THẠNH", "THÀNH") for line in render_text(paper).splitlines()]
    assert any("LONG THÀNH" in line for line in layer)
    scan = render_scan_app_pdf(paper, layer=layer, watermark="Scanned with CamScanner")
    raw = _mail(sender, "Báo cáo NQ121", {"CamScanner 20-10-2021 09.15.pdf": scan})
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert [s.school_id for s in outcome.submissions] == credited
    if candidates is not None:
        assert outcome.state == MessageState.REVIEW
        assert set(outcome.reviews[0].candidates) == candidates


@pytest.mark.parametrize(
    "sender",
    ["c1longthanh.thuthua@example.edu.vn", "hieutruong.lt@gmail.com"],
    ids=["registered", "personal"],
)
def test_a_scan_hiding_another_schools_report_under_its_images_waits_for_staff(
    rt: Runtime, sender: str
) -> None:
    """A scan of Tiểu học Long Thạnh's signed report carried, invisible under its first page image, the text
    of Tiểu học Mỹ An's report: the layer was kept as the page's text, so Mỹ An was credited with a report
    it never sent, acknowledged, and its figures counted, while Long Thạnh stayed unsent. Neither is
    credited: staff choose, told what the images and the hidden layer each name."""
    paper = make_paper("Trường Tiểu học Long Thạnh", year=2021, rng=random.Random(11))
    other = make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(5))
    scan = render_scan_app_pdf(paper, layer=render_text(other).splitlines())
    raw = _mail(sender, "Báo cáo NQ121", {"scan0001.pdf": scan})
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW and not outcome.submissions
    [review] = outcome.reviews
    assert review.candidates[0] == "th-long-thanh" and "th-my-an" in review.candidates
    assert "lớp chữ ẩn ghi «TRƯỜNG TH MỸ AN», nhưng ảnh trang ghi «TRƯỜNG TH LONG THẠNH»" in review.reason


@pytest.mark.parametrize(
    "sender",
    ["c1mythanha.thuthua@example.edu.vn", "hieutruong.mta@gmail.com"],
    ids=["registered", "personal"],
)
def test_a_scan_hiding_the_report_of_the_other_school_of_its_place_waits_for_staff(
    rt: Runtime, sender: str
) -> None:
    """A scan of Tiểu học Mỹ Thạnh A's report carried a hidden layer of the same report headed «TRƯỜNG TH MỸ
    THẠNH B»: the two names were taken for one read twice, a letter apart, so the layer stood for the
    page's text and Mỹ Thạnh B could be credited with a report it never sent. Neither is credited: staff
    choose, told what the images and the hidden layer each name."""
    paper = make_paper("Trường Tiểu học Mỹ Thạnh A", year=2021, rng=random.Random(11))
    other = make_paper("Trường Tiểu học Mỹ Thạnh B", year=2021, rng=random.Random(11))
    layer = [line.replace(paper.issuer, other.issuer) for line in render_text(paper).splitlines()]
    raw = _mail(sender, "Báo cáo NQ121", {"scan0001.pdf": render_scan_app_pdf(paper, layer=layer)})
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW and not outcome.submissions
    [review] = outcome.reviews
    assert review.candidates[0] == "th-my-thanh-a" and "th-my-thanh-b" in review.candidates
    assert (
        "lớp chữ ẩn ghi «TRƯỜNG TH MỸ THẠNH B», nhưng ảnh trang ghi «TRƯỜNG TH MỸ THẠNH A»" in review.reason
    )


def test_a_scan_of_the_blank_form_is_told_as_the_form_unfilled(rt: Runtime) -> None:
    """A school scanned the office's blank form («TRƯỜNG ..........», «Số buổi tuyên truyền: ........
    buổi», its headings over nothing) and sent it from its own address: only typed text was judged a
    form, so the scan counted as the report received and the school was thanked for it. OCR reads the
    dotted leaders as dots, or as marks and letters («;6c:2eszseseeeszss»); either way they are blanks."""
    blank = dataclasses.replace(
        make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(2)),
        issuer="TRƯỜNG ..............................",
        number="      /BC-..........",
        signer_name="",
        sections=(
            ("I. Công tác chỉ đạo, triển khai", ()),
            (
                "II. Kết quả thực hiện",
                (
                    "- Số buổi tuyên truyền: ........ buổi",
                    "- Số học sinh, phụ huynh tham gia: ........ lượt",
                    "- Số vụ xâm hại trẻ em: ........ vụ",
                ),
            ),
            ("III. Khó khăn, vướng mắc", ()),
            ("IV. Đề xuất, kiến nghị", ()),
        ),
    )
    raw = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"mau_bao_cao.pdf": render_scan(blank)})
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.UNREADABLE, outcome.reason
    assert "mẫu báo cáo chưa điền" in outcome.reason


def test_a_mid_year_review_waits_for_staff_without_holding_the_schools_reminders(rt: Runtime) -> None:
    """Tiểu học Mỹ An mailed its mid-year review of the resolution in June ("Sơ kết 6 tháng đầu năm"):
    the season whose deadline is nearest is October's, so it was recorded as that season's report, on
    time, and the school was never reminded of the year's report it still owed. Staff decide whether it
    is the report, and the school's reminders go on meanwhile."""
    paper = make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(5))
    paper = dataclasses.replace(
        paper,
        summary=("Sơ kết 6 tháng đầu năm 2021 thực hiện Nghị quyết 121/2020/QH14",),
        date=dt.date(2021, 6, 15),
    )
    june = dt.datetime(2021, 6, 16, 2, 0, tzinfo=dt.UTC)
    raw = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"BC so ket.docx": render_docx(paper)})
    outcome = pipeline.process(rt, raw, received_at=june, source="test")
    assert outcome.state == MessageState.REVIEW
    assert not rt.store.submissions(report_id="nq121", year=2021)
    [review] = outcome.reviews
    assert review.candidates == ("th-my-an",)
    assert "báo cáo một phần của năm" in review.reason
    status = status_mod.load(rt.config, rt.store, "nq121", 2021, FIXED)
    assert "th-my-an" not in status.in_review  # October's reminders still go to the school


def _photo_of_lines(lines: list[str]) -> bytes:
    """A phone's picture of a page holding only these lines (no header): black text on white."""
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 26)
    page = Image.new("L", (1240, 120 + 48 * len(lines)), 255)
    draw = ImageDraw.Draw(page)
    for row, line in enumerate(lines):
        draw.text((90, 60 + 48 * row), line, font=font, fill=0)
    buffer = io.BytesIO()
    page.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def test_a_report_sent_one_page_a_picture_keeps_the_sections_of_every_page(rt: Runtime) -> None:
    """Tiểu học Mỹ An sent its report as pictures, one a page, as Zalo and phones save them: the first
    page (header, title, two sections) was the report and the second, without a header and not naming
    the resolution, was left out, so the school was told the sections it had sent on it were missing."""
    paper = make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(3))
    first = dataclasses.replace(
        paper, sections=paper.sections[:2], signer_name="", signer_role="", recipients=()
    )
    second = [
        "III. Khó khăn, vướng mắc",
        "- Giáo viên làm công tác tư vấn còn kiêm nhiệm.",
        "- Kinh phí dành cho công tác tuyên truyền còn hạn chế.",
        "HIỆU TRƯỞNG",
        paper.signer_name,
    ]
    files = {
        "z4990000000001_a1b2.pdf": render_pdf(first),
        "z4990000000002_c3d4e5.jpg": _photo_of_lines(second),
    }
    raw = _mail("c1myan.thuthua@example.edu.vn", "BC NQ121", files)
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    [sub] = outcome.submissions
    assert sub.school_id == "th-my-an" and sub.readable
    assert set(sub.files) == set(files)
    assert set(sub.sections_found) == {"chi_dao", "ket_qua", "kho_khan"}


def test_a_headerless_page_beside_several_schools_reports_joins_none_of_them(rt: Runtime) -> None:
    """A cluster's mail carries two schools' reports and the cluster's own summary, a page without a
    header: whose report such a page goes on with cannot be told, so it is read into neither (its
    figures are the cluster's)."""
    reports = {
        "BC THMA.pdf": render_pdf(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(1))),
        "BC THCSMA.pdf": render_pdf(make_paper("Trường THCS Mỹ An", year=2021, rng=random.Random(2))),
    }
    summary = [
        "Tổng hợp kết quả của cụm trường:",
        "TH Mỹ An 12 buổi; THCS Mỹ An 9 buổi.",
        "Khó khăn: kinh phí.",
    ]
    files = {**reports, "Tong hop cum.jpg": _photo_of_lines(summary)}
    raw = _mail("c1myan.thuthua@example.edu.vn", "BC NQ121 cụm Mỹ An", files)
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert {s.school_id: s.files for s in outcome.submissions} == {
        "th-my-an": ("BC THMA.pdf",),
        "thcs-my-an": ("BC THCSMA.pdf",),
    }


def test_the_same_unreadable_file_under_another_name_is_named_as_this_school_sent_it(rt: Runtime) -> None:
    """Two schools sent the district's blank Excel form (the same bytes) under different names; the
    second school's reason named the first school's file, read back from the parse cache."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as sheet:
        sheet.writestr("[Content_Types].xml", "<Types/>")
        sheet.writestr("xl/workbook.xml", "<workbook/>")
    form = out.getvalue()
    first = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"Bieu mau NQ121 My An.xlsx": form})
    second = _mail(
        "c2mylac.thuthua@example.edu.vn", "Báo cáo NQ121", {"THCS My Lac - NQ121.xlsx": form}, mid="m2"
    )
    pipeline.process(rt, first, received_at=RECEIVED, source="test")
    outcome = pipeline.process(rt, second, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.UNREADABLE
    assert "THCS My Lac - NQ121.xlsx" in outcome.reason
    assert "My An" not in outcome.reason
    [sub] = [s for s in rt.store.submissions() if s.school_id == "thcs-my-lac"]
    assert all("My An" not in problem for problem in sub.problems)


def test_slides_sent_instead_of_the_report_are_unreadable_not_received(rt: Runtime) -> None:
    """A school sent its report as PowerPoint slides: the .pptx was read as a zip of XML texts and
    the school was recorded as having reported, so it was never asked for the report itself."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as slides:
        slides.writestr("[Content_Types].xml", "<Types/>")
        slides.writestr("ppt/presentation.xml", "<p:presentation/>")
        slides.writestr("ppt/slides/slide1.xml", "<p:sld><a:t>Báo cáo thực hiện Nghị quyết 121</a:t></p:sld>")
    raw = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"BC NQ121.pptx": out.getvalue()})
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.UNREADABLE
    assert "bản trình chiếu" in outcome.reason
    [sub] = rt.store.submissions()
    assert sub.school_id == "th-my-an" and not sub.readable


def _split_zip(report_docx: bytes) -> tuple[bytes, bytes]:
    """The report zipped and cut in two volumes, as 7-Zip's "Split to volumes" cuts it."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("BC NQ121.docx", report_docx)
    whole = out.getvalue()
    return whole[: len(whole) // 2], whole[len(whole) // 2 :]


def test_a_report_split_in_volumes_is_read_when_every_volume_came(rt: Runtime, report_docx: bytes) -> None:
    """A school split its zipped report into BaoCao.zip.001 and BaoCao.zip.002 to get past a size
    limit and sent both: each volume was read alone, the first as a damaged zip and the second as "not
    a document", and the school's report was recorded unreadable."""
    first, second = _split_zip(report_docx)
    raw = _mail(
        "c1myan.thuthua@example.edu.vn",
        "Báo cáo NQ121",
        {"BaoCao.zip.002": second, "BaoCao.zip.001": first, "Ghi chu.txt": b"Gui Phong GD bao cao."},
    )
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT
    [sub] = rt.store.submissions()
    assert sub.school_id == "th-my-an" and sub.files == ("BaoCao.zip/BC NQ121.docx",)


def test_a_volume_sent_alone_says_the_report_was_split(rt: Runtime, report_docx: bytes) -> None:
    """Only the first volume of a split zip came: the school was told its zip was damaged and to zip
    it again, which it had not done wrong; it is told the file was split and what to send instead."""
    first, _ = _split_zip(report_docx)
    raw = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"BaoCao.zip.001": first})
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.UNREADABLE
    [sub] = rt.store.submissions()
    [problem] = sub.problems
    assert "BaoCao.zip.001" in problem and "chia nhỏ" in problem and "không chia nhỏ" in problem


def test_unreadable_mail_is_listed_for_staff_who_can_still_assign_it(
    config_file: Path, tmp_path: Path
) -> None:
    """A school whose only attachment cannot be read is not counted, but staff see the problem with
    its reason in baocao review and may accept the report they got on paper."""
    folder = tmp_path / "export"
    folder.mkdir()
    locked = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512  # an OLE container, not a Word file
    (folder / "1.eml").write_bytes(
        _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"BC NQ121.docx": locked})
    )
    runner = CliRunner()
    imported = runner.invoke(main, ["--config", str(config_file), "import", str(folder)]).output
    assert "1 báo cáo không đọc được tệp" in imported
    before = runner.invoke(
        main, ["--config", str(config_file), "status", "--year", "2021", "--format", "json"]
    )
    my_an = before.output.split('"school_id": "th-my-an"')[1].split("school_id")[0]
    assert '"status": "unreadable"' in my_an
    review = runner.invoke(main, ["--config", str(config_file), "review"])
    assert "1 thư không xử lý được hoặc không đọc được báo cáo" in review.output
    assert "BC NQ121.docx" in review.output
    key = re.search(r"^([0-9a-f]{12}) ", review.output, re.MULTILINE).group(1)
    assigned = runner.invoke(main, ["--config", str(config_file), "assign", key, "th-my-an"])
    assert assigned.exit_code == 0, assigned.output
    status = runner.invoke(
        main, ["--config", str(config_file), "status", "--year", "2021", "--format", "json"]
    )
    assert '"school_id": "th-my-an"' in status.output
    my_an = status.output.split('"school_id": "th-my-an"')[1].split("school_id")[0]
    assert '"status": "received"' in my_an


def _reply(body: str, **headers: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = "c1myan.thuthua@example.edu.vn"
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Re: Nhắc nộp báo cáo kết quả triển khai thực hiện Nghị quyết 121/2020/QH14"
    msg["Message-ID"] = f"<reply-{len(headers)}@example.edu.vn>"
    msg["In-Reply-To"] = f"<{mailids.make('reminder:nq121:2021:th-my-an:before-7', 'example.edu.vn')}>"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg.as_bytes()


def test_a_school_answering_a_reminder_reaches_staff_but_counts_as_nothing(rt: Runtime) -> None:
    raw = _reply("Trường đã gửi báo cáo ngày 20/10 từ địa chỉ hieutruong.myan@gmail.com ạ.")
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW
    assert "hieutruong.myan@gmail.com" in outcome.reason
    assert outcome.reviews[0].candidates == ("th-my-an",)
    assert rt.store.submissions() == []


@pytest.mark.parametrize("body", ["Đã gửi ạ.", "Dạ trường gửi rồi mà.", "Dạ bên em nộp rồi chị ơi."])
def test_a_bare_answer_to_a_reminder_that_it_was_sent_reaches_staff_until_the_report_is_on_record(
    rt: Runtime, report_docx: bytes, body: str
) -> None:
    """ "Đã gửi ạ" or "Dạ trường gửi rồi mà" answering a reminder staff sent by hand, with nothing of the
    school on record, was noise ("Thư nhắc đến báo cáo nhưng không kèm văn bản báo cáo nào"): the words named
    no sender before "đã", or had no "đã" at all, so no claim was read, staff never looked for a report gone
    astray and the school kept being reminded. Answering our own reminder it waited for staff even with the
    school's report on record. It waits for staff, naming the school, only while nothing is on record."""
    hand = EmailMessage()
    hand["From"] = "c1myan.thuthua@example.edu.vn"
    hand["To"] = "pgdthuthua@example.edu.vn"
    hand["Subject"] = "Re: [Nhắc] Báo cáo NQ121 năm 2021"
    hand["Message-ID"] = "<hand-reply@example.edu.vn>"
    hand["In-Reply-To"] = "<CAF3x9Q@mail.gmail.com>"
    hand.set_content(body)
    outcome = pipeline.process(rt, hand.as_bytes(), received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW and rt.store.submissions() == []
    [review] = outcome.reviews
    assert review.candidates == ("th-my-an",)
    assert f"«{body}»" in review.reason and "chưa nhận được báo cáo năm 2021 nào của trường" in review.reason

    sent = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"BC NQ121.docx": report_docx}, mid="s1")
    assert pipeline.process(rt, sent, received_at=RECEIVED, source="test").state == MessageState.REPORT
    later = RECEIVED + dt.timedelta(days=1)
    raw = _reply(body, Date="Thu, 21 Oct 2021 09:00:00 +0700")
    outcome = pipeline.process(rt, raw, received_at=later, source="test")
    assert outcome.state == MessageState.NOISE and outcome.reviews == ()
    assert "đã nhận" in (rt.store.message(outcome.key).reason or "")


def test_a_reply_to_our_reminder_saying_it_was_sent_waits_only_while_nothing_is_on_record(
    rt: Runtime, report_docx: bytes
) -> None:
    """ "Trường đã gửi ngày 20/10 ạ" answering our reminder waited for staff as an answer to the office's
    mail even when the school's report was on record: nothing to look at. It is set aside then, saying the
    report is on record; with nothing of the school on record it still waits."""
    waiting = pipeline.process(rt, _reply("Trường đã gửi ngày 20/10 ạ."), received_at=RECEIVED, source="t")
    assert waiting.state == MessageState.REVIEW and waiting.reviews[0].candidates == ("th-my-an",)

    sent = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"BC NQ121.docx": report_docx}, mid="s1")
    assert pipeline.process(rt, sent, received_at=RECEIVED, source="test").state == MessageState.REPORT
    later = RECEIVED + dt.timedelta(days=1)
    raw = _reply("Trường đã gửi ngày 20/10 ạ.", Date="Thu, 21 Oct 2021 09:00:00 +0700")
    outcome = pipeline.process(rt, raw, received_at=later, source="test")
    assert outcome.state == MessageState.NOISE and outcome.reviews == ()
    reason = rt.store.message(outcome.key).reason or ""
    assert "«Trường đã gửi ngày 20/10 ạ.»" in reason and "đã nhận" in reason


def test_a_schools_question_answering_our_mail_still_waits_after_its_later_report(
    rt: Runtime, report_docx: bytes
) -> None:
    """ "Dạ cho em hỏi trường có cần nộp thêm bản giấy có đóng dấu về Phòng không ạ?" answering our mail left
    the list of mail waiting once the school sent any later report, settled by it as the school's word that
    it sent the report is: nobody answered the question. The question keeps waiting; that word, answering
    our mail alike ("Trường đã gửi 20/10 rồi ạ"), is still settled by the later report."""
    question = "Dạ cho em hỏi trường có cần nộp thêm bản giấy có đóng dấu về Phòng không ạ?"
    asked = pipeline.process(rt, _reply(question), received_at=RECEIVED, source="test")
    [review] = asked.reviews
    assert "». Thư có câu hỏi, cán bộ cần trả lời trường." in review.reason
    claimed = pipeline.process(
        rt, _reply("Trường đã gửi 20/10 rồi ạ.", X_Note="1"), received_at=RECEIVED, source="t"
    )
    assert claimed.state == MessageState.REVIEW and "câu hỏi" not in claimed.reason

    later = RECEIVED + dt.timedelta(days=1)
    sent = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"BC NQ121.docx": report_docx}, mid="s1")
    assert pipeline.process(rt, sent, received_at=later, source="test").state == MessageState.REPORT
    status = status_mod.season_status(rt.config, rt.store, rt.config.report("nq121"), 2021, FIXED)
    assert [r.message_key for r in status.waiting_for("th-my-an")] == [asked.key]
    assert [s.review.message_key for s in status.settled] == [claimed.key]


@pytest.mark.parametrize(
    "question",
    [
        "Dạ Phòng nhận được bản sửa lần 2 chưa ạ?",
        "Dạ cho em hỏi bản sửa gửi sau hạn thì trường có bị tính nộp muộn không ạ?",
    ],
)
def test_a_question_about_a_correction_announces_none(rt: Runtime, report_docx: bytes, question: str) -> None:
    """ "Dạ Phòng nhận được bản sửa lần 2 chưa ạ?" answering our mail, from a school whose report counts, was
    taken as a correction announced: its reason ended «Thư ghi là gửi bản sửa…» and every list said «có thư
    đính chính … đang chờ cán bộ xem xét». Asking about a correction brings none: it waits as a question."""
    sent = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"BC NQ121.docx": report_docx}, mid="s1")
    assert pipeline.process(rt, sent, received_at=RECEIVED, source="test").state == MessageState.REPORT
    later = RECEIVED + dt.timedelta(hours=1)
    [review] = pipeline.process(rt, _reply(question), received_at=later, source="test").reviews
    assert "bản sửa" in review.reason and status_mod.CORRECTS not in review.reason
    assert "Thư có câu hỏi, cán bộ cần trả lời trường." in review.reason
    status = status_mod.season_status(rt.config, rt.store, rt.config.report("nq121"), 2021, FIXED)
    assert status.correction_note("th-my-an") == ""
    assert [r.message_key for r in status.waiting_for("th-my-an")] == [review.message_key]


def test_a_schools_word_that_it_sent_a_report_nothing_of_which_came_reaches_staff(
    rt: Runtime, report_docx: bytes
) -> None:
    """ "Dạ trường em đã nộp báo cáo NQ121 hôm 20/10 ạ" in a new mail (no reply to ours), with nothing of the
    school on record, was noise: staff never saw the claim and the school kept being reminded of a report
    that may have gone to the spam folder. It waits for staff, naming the school, without holding its
    reminders; once the school's report comes, it is settled. From a school whose report is on record,
    the same words are nothing to look at."""
    sender = "c1myan.thuthua@example.edu.vn"
    claim = _mail(
        sender, "Báo cáo NQ121", {}, body="Dạ trường em đã nộp báo cáo NQ121 hôm 20/10 ạ.", mid="n1"
    )
    outcome = pipeline.process(rt, claim, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW and rt.store.submissions() == []
    [review] = outcome.reviews
    assert review.candidates == ("th-my-an",) and review.report_id is None
    assert "«Dạ trường em đã nộp báo cáo NQ121 hôm 20/10 ạ.»" in review.reason
    assert "chưa nhận được báo cáo năm 2021 nào của trường" in review.reason
    report = rt.config.report("nq121")
    status = status_mod.season_status(rt.config, rt.store, report, 2021, FIXED)
    assert "th-my-an" not in status.in_review and len(status.waiting_for("th-my-an")) == 1

    later = RECEIVED + dt.timedelta(days=1)
    sent = _mail(sender, "Báo cáo NQ121", {"BC NQ121.docx": report_docx}, mid="n2")
    assert pipeline.process(rt, sent, received_at=later, source="test").state == MessageState.REPORT
    status = status_mod.season_status(rt.config, rt.store, report, 2021, FIXED)
    assert status.waiting_for("th-my-an") == () and [s.review.message_id for s in status.settled] == [
        "n1@example.edu.vn"
    ]
    again = _mail(sender, "Báo cáo NQ121", {}, body="Dạ trường em đã gửi báo cáo NQ121 rồi ạ.", mid="n3")
    settled = pipeline.process(rt, again, received_at=later, source="test")
    assert settled.state == MessageState.NOISE
    # Staff reading it among the mail set aside learn why there is nothing to do.
    assert "Phòng đã nhận báo cáo năm 2021 của trường" in settled.reason


@pytest.mark.parametrize(
    "body",
    [
        "Báo cáo NQ121 trường em gửi Phòng hôm 18 tháng 10 ạ.",
        "Báo cáo NQ121 trường em gửi Phòng hôm 18 tháng Mười ạ.",
        "Báo cáo NQ121 trường em gửi Phòng ngày 18 tháng mười ạ.",
    ],
)
def test_a_note_dating_its_sending_with_the_month_in_words_waits_for_staff(rt: Runtime, body: str) -> None:
    """ "Báo cáo NQ121 trường em gửi Phòng hôm 18 tháng Mười ạ" mailed on the 20th with nothing attached was
    taken for the report sent now with its file left out: the school was marked «Không đọc được tệp» and
    told to send it again, while "hôm 18/10" waited for staff as the school's word of an earlier sending.
    The month written in words, or after «tháng», dates the sending all the same."""
    claim = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {}, body=body, mid="m1")
    outcome = pipeline.process(rt, claim, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW and rt.store.submissions() == []
    [review] = outcome.reviews
    assert review.candidates == ("th-my-an",) and f"«{body}»" in review.reason


def test_a_claim_from_a_personal_address_naming_its_school_reaches_staff(rt: Runtime) -> None:
    """ "Dạ trường TH Mỹ An đã gửi báo cáo NQ121 hôm 20/10 ạ" from the principal's gmail, with nothing of
    the school on record, was noise, its reason saying it named no report of those collected. It waits for
    staff naming the school the note names. From a gmail naming no school it stays noise, with a reason
    that says what it is."""
    named = _mail(
        "hieutruong.myan@gmail.com",
        "Báo cáo NQ121",
        {},
        body="Dạ trường TH Mỹ An đã gửi báo cáo NQ121 hôm 20/10 ạ.",
        mid="g1",
    )
    outcome = pipeline.process(rt, named, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW and rt.store.submissions() == []
    [review] = outcome.reviews
    assert review.candidates == ("th-my-an",) and review.report_id is None
    assert "địa chỉ chưa đăng ký, ghi là của Trường Tiểu học Mỹ An" in review.reason
    nameless = _mail(
        "nguoigui123@gmail.com", "Báo cáo NQ121", {}, body="Dạ em đã gửi báo cáo NQ121 hôm 20/10 ạ.", mid="g2"
    )
    outcome = pipeline.process(rt, nameless, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.NOISE
    assert rt.store.message(outcome.key).reason.startswith("Thư báo đã gửi báo cáo NQ121")


def test_a_claim_from_a_personal_address_naming_a_school_that_reported_is_not_said_to_name_none(
    rt: Runtime, report_docx: bytes
) -> None:
    """The principal's gmail wrote "Dạ trường TH Mỹ An đã gửi báo cáo NQ121 rồi ạ" after Mỹ An's report was
    on record: rightly noise, but its reason said the mail named no school and no one could tell whose it was."""
    sent = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"BC NQ121.docx": report_docx}, mid="r1")
    assert pipeline.process(rt, sent, received_at=RECEIVED, source="test").state == MessageState.REPORT
    claim = _mail(
        "hieutruong.myan@gmail.com",
        "Báo cáo NQ121",
        {},
        body="Dạ trường TH Mỹ An đã gửi báo cáo NQ121 rồi ạ.",
        mid="r2",
    )
    later = RECEIVED + dt.timedelta(days=1)
    outcome = pipeline.process(rt, claim, received_at=later, source="test")
    assert outcome.state == MessageState.NOISE
    reason = rt.store.message(outcome.key).reason
    assert reason and "không ghi rõ tên trường nào" not in reason


def test_a_note_cancelling_the_mail_it_answers_holds_that_mails_report_until_staff_decide(
    rt: Runtime,
) -> None:
    """Mỹ An's address mailed Mỹ Lạc's report for it («BC NQ121 của trường TH Mỹ Lạc»), credited to Mỹ
    Lạc, then answered its own mail "Em gửi nhầm file, xin Phòng bỏ giúp em ạ": the note waited in review
    naming Mỹ An alone, and Mỹ Lạc, which had sent nothing, stayed counted as having reported (never
    reminded) until staff rejected the first mail. That report is now not counted while staff decide, Mỹ
    Lạc is held rather than reminded and shows the note waiting for it; nothing is taken out, and rejecting
    the note counts the report again."""
    paper = render_docx(make_paper("Trường Tiểu học Mỹ Lạc", year=2021, rng=random.Random(8)))
    sender = "c1myan.thuthua@example.edu.vn"
    sent_for = _mail(sender, "BC NQ121 của trường TH Mỹ Lạc", {"BC NQ121.docx": paper}, body="", mid="w1")
    first = pipeline.process(rt, sent_for, received_at=RECEIVED, source="test")
    assert [s.school_id for s in first.submissions] == ["th-my-lac"]
    later = RECEIVED + dt.timedelta(minutes=20)
    note = pipeline.process(rt, _taken_back(sender), received_at=later, source="test")
    assert note.state == MessageState.REVIEW
    assert note.reviews[0].candidates == ("th-my-an", "th-my-lac")
    assert "Trường Tiểu học Mỹ Lạc" in note.reason
    report = rt.config.report("nq121")
    status = status_mod.season_status(rt.config, rt.store, report, 2021, FIXED)
    lac = next(s for s in status.schools if s.school_id == "th-my-lac")
    assert lac.status == status_mod.SchoolState.MISSING and "th-my-lac" in status.in_review
    assert [r.message_id for r in status.waiting_for("th-my-lac")] == ["w2@example.edu.vn"]
    assert len(rt.store.submissions()) == 1
    review_mod.reject(rt, note.key, by="test")
    status = status_mod.season_status(rt.config, rt.store, report, 2021, FIXED)
    lac = next(s for s in status.schools if s.school_id == "th-my-lac")
    assert lac.status == status_mod.SchoolState.RECEIVED


def test_a_note_cancelling_an_on_time_report_still_waits_when_a_late_one_follows(rt: Runtime) -> None:
    """Mỹ An reported on time, asked after the deadline to cancel that report («gửi nhầm»), then sent a
    corrected one: the school showed late, its first report «tạm giữ, chờ cán bộ quyết định», yet the note
    had left the review list as settled by the later report, so no one was asked to decide. Counting the
    report the note holds would make the school on time: the note waits for staff."""
    sender = "c1myan.thuthua@example.edu.vn"
    paper = render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(8)))
    first = _mail(sender, "BC NQ121 TH Mỹ An", {"BC NQ121.docx": paper}, body="", mid="w1")
    assert pipeline.process(rt, first, received_at=RECEIVED, source="test").submissions
    note = pipeline.process(
        rt, _taken_back(sender), received_at=RECEIVED + dt.timedelta(days=7), source="test"
    )
    assert note.state == MessageState.REVIEW
    fixed = render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(9)))
    again = _mail(sender, "BC NQ121 TH Mỹ An (bản sửa)", {"BC NQ121 sửa.docx": fixed}, body="", mid="w3")
    assert pipeline.process(rt, again, received_at=RECEIVED + dt.timedelta(days=8), source="test").submissions
    status = status_mod.season_status(rt.config, rt.store, rt.config.report("nq121"), 2021, FIXED)
    an = next(s for s in status.schools if s.school_id == "th-my-an")
    assert an.status == status_mod.SchoolState.LATE
    assert [r.message_id for r in status.waiting_for("th-my-an")] == ["w2@example.edu.vn"]


def test_a_report_taken_back_and_replaced_is_not_said_to_wait_for_staff(rt: Runtime) -> None:
    """Mỹ An reported, asked to cancel that report («gửi nhầm») and sent the right one: the later report
    settled the note (no mail waiting, none in the digest), yet the status and history still said of the
    first report «đang tạm giữ, chưa tính: người gửi xin hủy thư ấy, chờ cán bộ quyết định»: staff were told
    to decide what no list asked them. Once settled, the note says the report was taken back and replaced;
    while the note waits, it still asks staff to decide."""
    sender = "c1myan.thuthua@example.edu.vn"
    paper = render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(8)))
    first = _mail(sender, "BC NQ121 TH Mỹ An", {"BC NQ121.docx": paper}, body="", mid="w1")
    assert pipeline.process(rt, first, received_at=RECEIVED, source="test").submissions
    note = pipeline.process(
        rt, _taken_back(sender), received_at=RECEIVED + dt.timedelta(minutes=10), source="t"
    )
    assert note.state == MessageState.REVIEW
    report = rt.config.report("nq121")
    status = status_mod.season_status(rt.config, rt.store, report, 2021, FIXED)
    waiting = "báo cáo nhận lúc 20/10/2021 09:15 đang tạm giữ, chưa tính: người gửi xin hủy thư ấy, chờ cán bộ quyết định"
    assert export.waiting_cell(status, "th-my-an").endswith(waiting)

    fixed = render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(9)))
    again = _mail(sender, "BC NQ121 TH Mỹ An", {"BC NQ121 đúng.docx": fixed}, body="", mid="w3")
    assert pipeline.process(
        rt, again, received_at=RECEIVED + dt.timedelta(minutes=25), source="t"
    ).submissions
    status = status_mod.season_status(rt.config, rt.store, report, 2021, FIXED)
    assert status.waiting_for("th-my-an") == () and len(status.settled) == 1
    replaced = "báo cáo nhận lúc 20/10/2021 09:15 không tính: người gửi đã xin hủy thư ấy, thay bằng báo cáo nhận lúc 20/10/2021 09:40"
    assert export.waiting_cell(status, "th-my-an") == replaced
    [held] = [e for e in review_mod.history(rt, "th-my-an") if e.held]
    assert held.replaced_by is not None and held.replaced_by.message_id == "w3@example.edu.vn"
    table = str(
        views.history(review_mod.history(rt, "th-my-an"), "Trường Tiểu học Mỹ An", rt.config, "table")
    )
    assert "Không tính: người gửi đã xin hủy, thay bằng báo cáo nhận lúc 20/10/2021 09:40" in " ".join(
        table.split()
    )
    assert "chờ cán bộ quyết định" not in table


def test_a_note_cancelling_another_schools_paper_that_waits_credits_nobody_and_points_staff_to_it(
    rt: Runtime,
) -> None:
    """Mỹ An's address mailed Mỹ Lạc's file with no word: it waits for staff naming both schools, credited
    to neither. The school then answers its own mail "Em gửi nhầm file, xin Phòng bỏ giúp em ạ": there is
    no credit to hold, so nothing must count for Mỹ Lạc at any step, the note must say the mail it means
    waits uncredited and name both schools, and taking the note out must not count anything again."""
    paper = render_docx(make_paper("Trường Tiểu học Mỹ Lạc", year=2021, rng=random.Random(8)))
    sender = "c1myan.thuthua@example.edu.vn"
    wordless = _mail(sender, "", {"BC NQ121.docx": paper}, body="", mid="w1")
    first = pipeline.process(rt, wordless, received_at=RECEIVED, source="test")
    assert first.state == MessageState.REVIEW and first.submissions == ()
    assert set(first.reviews[0].candidates) == {"th-my-an", "th-my-lac"}
    later = RECEIVED + dt.timedelta(minutes=20)
    note = pipeline.process(rt, _taken_back(sender), received_at=later, source="test")
    assert note.state == MessageState.REVIEW
    assert set(note.reviews[0].candidates) == {"th-my-an", "th-my-lac"}
    assert "đang chờ cán bộ xem xét, chưa tính cho trường nào" in note.reason
    assert (
        "Trường Tiểu học Mỹ Lạc" in note.reason and "Báo cáo trong thư đó chưa được tính" not in note.reason
    )
    assert note.reviews[0].withdraws == (first.key,)  # the waiting mail's page links the note
    report = rt.config.report("nq121")
    status = status_mod.season_status(rt.config, rt.store, report, 2021, FIXED)
    lac = next(s for s in status.schools if s.school_id == "th-my-lac")
    assert lac.status == status_mod.SchoolState.MISSING and status.withheld == ()
    assert [r.message_id for r in status.waiting_for("th-my-lac")] == [
        "w1@example.edu.vn",
        "w2@example.edu.vn",
    ]
    assert rt.store.submissions() == []
    # Taking the note out counts nothing: the first mail still waits for staff, released by no one.
    review_mod.reject(rt, note.key, by="test")
    status = status_mod.season_status(rt.config, rt.store, report, 2021, FIXED)
    lac = next(s for s in status.schools if s.school_id == "th-my-lac")
    assert lac.status == status_mod.SchoolState.MISSING and rt.store.submissions() == []
    assert [r.message_id for r in status.waiting_for("th-my-lac")] == ["w1@example.edu.vn"]
    assert not [e for e in audit.entries(rt.store) if e.action == "release"]
    # Staff reject the first mail as the school asked: Mỹ Lạc owes its report, and nothing waits for it.
    review_mod.reject(rt, first.key, by="test")
    status = status_mod.season_status(rt.config, rt.store, report, 2021, FIXED)
    lac = next(s for s in status.schools if s.school_id == "th-my-lac")
    assert lac.status == status_mod.SchoolState.MISSING and status.waiting_for("th-my-lac") == ()


def test_a_new_mail_cancelling_the_one_mail_its_address_just_sent_holds_that_mails_report(
    rt: Runtime,
) -> None:
    """Mỹ An's address mailed Mỹ Lạc's report for it, credited to Mỹ Lạc, then wrote a new mail (no
    In-Reply-To) "Em gửi nhầm file, xin Phòng bỏ giúp em ạ": it pointed to no mail, so Mỹ Lạc stayed
    counted as having reported. The one mail of that address credited in the days before is the one
    meant: held, as a reply would hold it. With two such mails the note holds neither and its reason
    names both for staff."""
    paper = render_docx(make_paper("Trường Tiểu học Mỹ Lạc", year=2021, rng=random.Random(8)))
    sender = "c1myan.thuthua@example.edu.vn"
    sent_for = _mail(sender, "BC NQ121 của trường TH Mỹ Lạc", {"BC NQ121.docx": paper}, body="", mid="w1")
    assert [
        s.school_id for s in pipeline.process(rt, sent_for, received_at=RECEIVED, source="test").submissions
    ] == ["th-my-lac"]
    note = _mail(sender, "Gửi nhầm file", {}, body="Em gửi nhầm file, xin Phòng bỏ giúp em ạ.", mid="w2")
    later = RECEIVED + dt.timedelta(hours=2)
    outcome = pipeline.process(rt, note, received_at=later, source="test")
    assert outcome.state == MessageState.REVIEW and outcome.reviews[0].candidates == ("th-my-an", "th-my-lac")
    assert "Thư này không trả lời thư nào" in outcome.reason and "Trường Tiểu học Mỹ Lạc" in outcome.reason
    status = status_mod.season_status(rt.config, rt.store, rt.config.report("nq121"), 2021, FIXED)
    lac = next(s for s in status.schools if s.school_id == "th-my-lac")
    assert lac.status == status_mod.SchoolState.MISSING and "th-my-lac" in status.in_review

    own = render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(9)))
    pipeline.process(
        rt, _mail(sender, "BC NQ121", {"bc.docx": own}, mid="w3"), received_at=later, source="test"
    )
    again = _mail(sender, "Gửi nhầm", {}, body="Em gửi nhầm file, xin Phòng bỏ giúp em ạ.", mid="w4")
    outcome = pipeline.process(rt, again, received_at=later + dt.timedelta(hours=1), source="test")
    assert outcome.state == MessageState.REVIEW and outcome.reviews[0].withdraws == ()
    assert "2 thư có báo cáo được tính" in outcome.reason


def test_a_new_mail_cancelling_another_schools_paper_that_waits_finds_it_and_credits_nobody(
    rt: Runtime,
) -> None:
    """Mỹ An's address mailed Mỹ Lạc's file with no word, which waits for staff, then a new mail (no
    In-Reply-To) "Em gửi nhầm file, xin Phòng bỏ giúp em ạ". Looking only for credited mail, the note found
    none and pointed staff to nothing; the waiting mail is the one meant, and the note names it and both
    schools. Once Mỹ An's own report came, a further note means one of two mails and holds neither."""
    paper = render_docx(make_paper("Trường Tiểu học Mỹ Lạc", year=2021, rng=random.Random(8)))
    sender = "c1myan.thuthua@example.edu.vn"
    wordless = _mail(sender, "", {"BC NQ121.docx": paper}, body="", mid="w1")
    first = pipeline.process(rt, wordless, received_at=RECEIVED, source="test")
    assert first.state == MessageState.REVIEW and first.submissions == ()
    note = _mail(sender, "Gửi nhầm file", {}, body="Em gửi nhầm file, xin Phòng bỏ giúp em ạ.", mid="w2")
    later = RECEIVED + dt.timedelta(hours=2)
    outcome = pipeline.process(rt, note, received_at=later, source="test")
    assert outcome.state == MessageState.REVIEW and outcome.reviews[0].withdraws == (first.key,)
    assert set(outcome.reviews[0].candidates) == {"th-my-an", "th-my-lac"}
    assert "thư duy nhất đang chờ xem xét" in outcome.reason and first.key[:12] in outcome.reason
    status = status_mod.season_status(rt.config, rt.store, rt.config.report("nq121"), 2021, FIXED)
    lac = next(s for s in status.schools if s.school_id == "th-my-lac")
    assert lac.status == status_mod.SchoolState.MISSING and rt.store.submissions() == []

    own = render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(9)))
    mine = pipeline.process(
        rt, _mail(sender, "BC NQ121", {"bc.docx": own}, mid="w3"), received_at=later, source="test"
    )
    assert [s.school_id for s in mine.submissions] == ["th-my-an"]
    again = _mail(sender, "Gửi nhầm", {}, body="Em gửi nhầm file, xin Phòng bỏ giúp em ạ.", mid="w4")
    outcome = pipeline.process(rt, again, received_at=later + dt.timedelta(hours=1), source="test")
    assert outcome.state == MessageState.REVIEW and outcome.reviews[0].withdraws == ()
    assert "2 thư có báo cáo được tính hoặc đang chờ xem xét" in outcome.reason


def test_a_reply_to_a_reminder_cancelling_the_one_mail_just_sent_holds_that_mails_report(rt: Runtime) -> None:
    """ "Em gửi nhầm file, xin Phòng bỏ giúp em ạ" answering the office's reminder (its In-Reply-To names
    our own mail, no mail of the school's) pointed to no mail: the report sent by mistake the day before
    stayed counted. It answers no mail of the school's, as a new mail does: the one credited mail is held.
    (The first mail says whose report it sends, so Mỹ Lạc is credited with it.)"""
    paper = render_docx(make_paper("Trường Tiểu học Mỹ Lạc", year=2021, rng=random.Random(8)))
    sender = "c1myan.thuthua@example.edu.vn"
    sent_for = _mail(sender, "BC NQ121 của trường TH Mỹ Lạc", {"bc.docx": paper}, body="", mid="r1")
    assert pipeline.process(rt, sent_for, received_at=RECEIVED, source="t").submissions
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "pgdthuthua@example.edu.vn", "Re: Nhắc nộp báo cáo NQ121"
    msg["Message-ID"] = "<r2@example.edu.vn>"
    msg["In-Reply-To"] = f"<{mailids.make('reminder:nq121:2021:th-my-an:after-1', rt.config.own_domain)}>"
    msg.set_content("Em gửi nhầm file, xin Phòng bỏ giúp em ạ.")
    note = pipeline.process(rt, msg.as_bytes(), received_at=RECEIVED + dt.timedelta(days=1), source="test")
    assert note.state == MessageState.REVIEW and len(note.reviews[0].withdraws) == 1
    status = status_mod.season_status(rt.config, rt.store, rt.config.report("nq121"), 2021, FIXED)
    assert "th-my-lac" in status.in_review


def test_a_reply_to_an_acknowledgement_naming_it_alone_cancels_the_report_it_acknowledged(
    rt: Runtime,
) -> None:
    """Mỹ An's address sent Mỹ Lạc's report by mistake, then its own; the office acknowledged the first.
    "Em gửi nhầm file, xin Phòng bỏ giúp em ạ" answered that acknowledgement from a client writing only
    In-Reply-To (our Message-ID), no References: the note was said to answer no mail of the school's and,
    the address having sent two reports, held neither. The acknowledgement names the report it answered:
    that report is held, and the school's own still counts."""
    paper = render_docx(make_paper("Trường Tiểu học Mỹ Lạc", year=2021, rng=random.Random(8)))
    sender = "c1myan.thuthua@example.edu.vn"
    sent_for = _mail(sender, "BC NQ121 của trường TH Mỹ Lạc", {"bc.docx": paper}, body="", mid="r1")
    mistaken = pipeline.process(rt, sent_for, received_at=RECEIVED, source="t")
    assert [s.school_id for s in mistaken.submissions] == ["th-my-lac"]
    own = render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(9)))
    mine = _mail(sender, "BC NQ121 TH Mỹ An", {"bc.docx": own}, body="", mid="r3")
    assert pipeline.process(rt, mine, received_at=RECEIVED + dt.timedelta(hours=1), source="t").submissions
    key = "ack:nq121:2021:th-my-lac:" + mistaken.key[:16]
    ack = Outgoing(
        MailKind.ACK,
        "nq121",
        2021,
        "th-my-lac",
        (sender,),
        (),
        "Đã nhận báo cáo",
        "Đã nhận.",
        None,
        (),
        key,
        in_reply_to="r1@example.edu.vn",
    )
    now = RECEIVED + dt.timedelta(hours=2)
    raw = mailer.build(ack, sender="pgdthuthua@example.edu.vn", sender_name="Phòng GD&ĐT", now=now)
    Outbox(rt.store).add(ack, raw, now)
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "pgdthuthua@example.edu.vn", "Re: Đã nhận báo cáo"
    msg["Message-ID"] = "<r4@example.edu.vn>"
    msg["In-Reply-To"] = f"<{mailids.make(key, rt.config.own_domain)}>"
    msg.set_content("Em gửi nhầm file, xin Phòng bỏ giúp em ạ.")
    note = pipeline.process(rt, msg.as_bytes(), received_at=RECEIVED + dt.timedelta(days=1), source="test")
    assert note.state == MessageState.REVIEW and note.reviews[0].withdraws == (mistaken.key,)
    assert "Thư này trả lời thư đã gửi" in note.reason
    status = status_mod.season_status(rt.config, rt.store, rt.config.report("nq121"), 2021, FIXED)
    state = {s.school_id: s.status for s in status.schools}
    assert state["th-my-lac"] == status_mod.SchoolState.MISSING and "th-my-lac" in status.in_review
    assert state["th-my-an"] == status_mod.SchoolState.RECEIVED


def test_a_report_held_for_a_note_cancelling_it_is_said_held_in_the_digest_and_the_export(
    rt: Runtime,
) -> None:
    """Mỹ An's address mailed Mỹ Lạc's report for it, credited to Mỹ Lạc, then "Em gửi nhầm file, xin Phòng
    bỏ giúp em ạ": the digest listed Mỹ Lạc as not having reported ("có thư chờ cán bộ xem xét, chưa nhắc")
    and the export as "Có 1 thư đang chờ", neither saying a report of Mỹ Lạc's had come and was held. Both
    now say so, in one wording, beside Mỹ Lạc alone."""
    from kernel.export import status_table
    from scheduler.render import Renderer

    paper = render_docx(make_paper("Trường Tiểu học Mỹ Lạc", year=2021, rng=random.Random(8)))
    sender = "c1myan.thuthua@example.edu.vn"
    sent_for = _mail(sender, "BC NQ121 của trường TH Mỹ Lạc", {"BC NQ121.docx": paper}, body="", mid="w1")
    assert pipeline.process(rt, sent_for, received_at=RECEIVED, source="test").submissions
    later = RECEIVED + dt.timedelta(minutes=20)
    assert (
        pipeline.process(rt, _taken_back(sender), received_at=later, source="test").state
        == MessageState.REVIEW
    )
    status = status_mod.season_status(rt.config, rt.store, rt.config.report("nq121"), 2021, FIXED)
    held = "báo cáo nhận lúc 20/10/2021 09:15 đang tạm giữ, chưa tính"
    table = status_table(status, rt.config)
    waiting = {row[1]: row[table.headers.index("Thư chờ xem xét")] for row in table.rows}
    assert held in str(waiting["th-my-lac"]) and [k for k, v in waiting.items() if "tạm giữ" in str(v)] == [
        "th-my-lac"
    ]
    text = Renderer(rt.config).digest(status, FIXED).text
    lines = [line for line in text.splitlines() if "tạm giữ" in line]
    assert len(lines) == 1 and "Trường Tiểu học Mỹ Lạc" in lines[0] and held in lines[0]


def test_an_out_of_office_answer_to_a_reminder_stays_noise(rt: Runtime) -> None:
    raw = _reply("Tôi đang nghỉ phép đến 30/10.", Auto_Submitted="auto-replied")
    assert pipeline.process(rt, raw, received_at=RECEIVED, source="test").state == MessageState.NOISE


def test_the_key_figures_a_report_states_reach_the_status_export(config_file: Path, tmp_path: Path) -> None:
    paper = make_paper("Trường THCS Mỹ Phú", year=2021, rng=random.Random(5))
    folder = tmp_path / "export"
    folder.mkdir()
    raw = _mail("c2myphu.thuthua@example.edu.vn", "BC NQ121", {"bc.docx": render_docx(paper)})
    (folder / "1.eml").write_bytes(raw)
    runner = CliRunner()
    runner.invoke(main, ["--config", str(config_file), "import", str(folder)])
    csv_out = runner.invoke(
        main, ["--config", str(config_file), "status", "--year", "2021", "--format", "csv"]
    )
    assert csv_out.output.startswith("\ufeffSTT,Mã trường,")  # the BOM Excel needs to read Vietnamese
    header, *rows = csv_out.output.splitlines()
    # the figures follow the columns every report has; the school's level and commune come last
    assert header.endswith(
        'Số buổi tuyên truyền,"Số học sinh, phụ huynh tham gia",Số vụ xâm hại trẻ em,Cấp,Xã'
    )
    [my_phu] = [r for r in rows if ",thcs-my-phu," in r]
    stated = [paper.expected.figure(f) for f in ("buoi_tuyen_truyen", "nguoi_tham_gia", "vu_xam_hai")]
    assert my_phu.endswith(",".join("" if v is None else str(v) for v in stated) + ",THCS,Mỹ Phú")


def test_a_later_count_of_what_was_added_is_marked_for_checking_in_the_status_export(rt: Runtime) -> None:
    """A school reported its sessions, then sent a supplement "nhà trường tổ chức thêm 3 buổi tuyên
    truyền": the status export and JSON showed 3 as the school's sessions, while the consolidated draft
    flagged it as perhaps to be added. The export now writes it as words to check, with the draft's reason;
    a correction stating the whole figure still replaces it plainly."""
    from kernel.export import status_table

    school = "c1myan.thuthua@example.edu.vn"
    paper = make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(11))
    before = paper.expected.figure("buoi_tuyen_truyen")
    assert before is not None and before != 3
    more = _docx_of_text(
        "PHÒNG GD&ĐT THỦ THỪA\nTRƯỜNG TIỂU HỌC MỸ AN\nBÁO CÁO BỔ SUNG\n"
        "Kết quả thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em\nI. Kết quả bổ sung\n"
        "Sau khi gửi báo cáo, trong tháng 10 nhà trường tổ chức thêm 3 buổi tuyên truyền về phòng, chống xâm "
        "hại trẻ em.\nHIỆU TRƯỞNG"
    )
    sent = [("m1", "Báo cáo NQ121", render_docx(paper)), ("m2", "Báo cáo bổ sung NQ121", more)]
    for n, (mid, subject, data) in enumerate(sent):
        raw = _mail(school, subject, {f"{mid}.docx": data}, mid=mid)
        at = RECEIVED + dt.timedelta(days=n)
        assert pipeline.process(rt, raw, received_at=at, source="test").state == MessageState.REPORT
    status = status_mod.season_status(rt.config, rt.store, rt.config.reports[0], 2021, FIXED)
    [mine] = [s for s in status.schools if s.school_id == "th-my-an"]
    reason = f"bản gửi sau ghi «thêm» 3, bản trước ghi {before}: có thể phải cộng lại thành {before + 3}"
    assert mine.figures_to_check == {"buoi_tuyen_truyen": reason}
    table = status_table(status, rt.config)
    [row] = [r for r in table.rows if r[1] == "th-my-an"]
    assert row[table.headers.index("Số buổi tuyên truyền")] == f"3 (cần kiểm tra: {reason})"
    fixed = _docx_of_text(
        "PHÒNG GD&ĐT THỦ THỪA\nTRƯỜNG TIỂU HỌC MỸ AN\nBÁO CÁO BỔ SUNG\n"
        "Kết quả thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em\nI. Đính chính số liệu\n"
        "Nhà trường đính chính: tổng số buổi tuyên truyền là 12 buổi.\nHIỆU TRƯỞNG"
    )
    raw = _mail(school, "Đính chính số liệu NQ121", {"m3.docx": fixed}, mid="m3")
    pipeline.process(rt, raw, received_at=RECEIVED + dt.timedelta(days=2), source="test")
    status = status_mod.season_status(rt.config, rt.store, rt.config.reports[0], 2021, FIXED)
    [row] = [r for r in status_table(status, rt.config).rows if r[1] == "th-my-an"]
    assert row[table.headers.index("Số buổi tuyên truyền")] == 12


@pytest.mark.parametrize(("title_year", "expected"), [("2021-2022", 12), ("2019-2020", None)])
def test_a_table_of_school_years_gives_the_column_of_the_year_reported_on(
    rt: Runtime, title_year: str, expected: int | None
) -> None:
    """A school put last year's figures beside this year's («Nội dung | Năm học 2020-2021 | Năm học
    2021-2022») in its report on 2021-2022: no figure was read. The column of the school year the title
    names is read when the season is in that school year; another school year's title reads none."""
    report = _docx_of_text(
        "PHÒNG GD&ĐT THỦ THỪA\nTRƯỜNG TIỂU HỌC MỸ AN\nBÁO CÁO\n"
        f"Kết quả thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em năm học {title_year}\n"
        "I. Kết quả thực hiện\nNội dung | Năm học 2020-2021 | Năm học 2021-2022\n"
        "Số buổi tuyên truyền | 10 | 12\nHIỆU TRƯỞNG"
    )
    raw = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"bc.docx": report})
    assert pipeline.process(rt, raw, received_at=RECEIVED, source="test").state == MessageState.REPORT
    [sub] = rt.store.submissions(report_id="nq121")
    assert sub.figures.get("buoi_tuyen_truyen", {}).get("value") == expected


@pytest.mark.parametrize(("title_year", "expected"), [(" năm 2021", 12), ("", None)])
def test_a_table_of_calendar_years_gives_the_column_of_the_year_reported_on(
    rt: Runtime, title_year: str, expected: int | None
) -> None:
    """A school put last year's figures beside this year's («Nội dung | Năm 2020 | Năm 2021») in its report
    «… năm 2021»: no figure was read, and staff were told the school had not stated it. The column of the
    year the title names is read when that year is the season's; a title naming none reads none."""
    report = _docx_of_text(
        "PHÒNG GD&ĐT THỦ THỪA\nTRƯỜNG TIỂU HỌC MỸ AN\nBÁO CÁO\n"
        f"Kết quả thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em{title_year}\n"
        "I. Kết quả thực hiện\nNội dung | Năm 2020 | Năm 2021\nSố buổi tuyên truyền | 10 | 12\nHIỆU TRƯỞNG"
    )
    raw = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"bc.docx": report})
    assert pipeline.process(rt, raw, received_at=RECEIVED, source="test").state == MessageState.REPORT
    [sub] = rt.store.submissions(report_id="nq121", year=2021)
    assert sub.figures.get("buoi_tuyen_truyen", {}).get("value") == expected


def test_a_table_of_campuses_without_their_total_is_summed_for_checking(rt: Runtime) -> None:
    """A school of two campuses gave each one's figures («Nội dung | Cơ sở 1 | Cơ sở 2») and no total:
    none was read, and staff were told the school had not stated them. Their sum is the school's, marked
    for checking as the school did not state it, never one campus's count."""
    from kernel.export import status_table

    report = _docx_of_text(
        "PHÒNG GD&ĐT THỦ THỪA\nTRƯỜNG TIỂU HỌC MỸ AN\nBÁO CÁO\n"
        "Kết quả thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em năm 2021\n"
        "I. Kết quả thực hiện\nNội dung | Cơ sở 1 | Cơ sở 2\nSố buổi tuyên truyền | 5 | 2\nHIỆU TRƯỞNG"
    )
    raw = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"bc.docx": report})
    assert pipeline.process(rt, raw, received_at=RECEIVED, source="test").state == MessageState.REPORT
    status = status_mod.season_status(rt.config, rt.store, rt.config.reports[0], 2021, FIXED)
    table = status_table(status, rt.config)
    [row] = [r for r in table.rows if r[1] == "th-my-an"]
    assert row[table.headers.index("Số buổi tuyên truyền")] == (
        "7 (cần kiểm tra: báo cáo không ghi tổng, số này do hệ thống cộng từ các số chi tiết (từng khối, cơ sở, "
        "điểm trường, đối tượng, hình thức): 5 + 2 = 7)"
    )


def test_a_figure_given_as_a_range_is_marked_for_checking_in_the_status_export(rt: Runtime) -> None:
    """A school wrote "từ 10 đến 12 buổi tuyên truyền": the status showed no sessions at all, as if the
    report left the figure out, while "10 – 12 buổi" showed 10. Both ends are kept, and the export says
    the figure is a range to check."""
    from kernel.export import status_table

    report = _docx_of_text(
        "PHÒNG GD&ĐT THỦ THỪA\nTRƯỜNG TIỂU HỌC MỸ AN\nBÁO CÁO\n"
        "Kết quả thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em năm 2021\n"
        "I. Kết quả thực hiện\nTrong năm, nhà trường tổ chức từ 10 đến 12 buổi tuyên truyền về phòng, chống "
        "xâm hại trẻ em.\nHIỆU TRƯỞNG"
    )
    raw = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"bc.docx": report})
    assert pipeline.process(rt, raw, received_at=RECEIVED, source="test").state == MessageState.REPORT
    [sub] = rt.store.submissions(report_id="nq121", year=2021)
    assert (sub.figures["buoi_tuyen_truyen"]["value"], sub.figures["buoi_tuyen_truyen"]["upto"]) == (10, 12)
    status = status_mod.season_status(rt.config, rt.store, rt.config.reports[0], 2021, FIXED)
    table = status_table(status, rt.config)
    [row] = [r for r in table.rows if r[1] == "th-my-an"]
    assert row[table.headers.index("Số buổi tuyên truyền")] == (
        "10 (cần kiểm tra: báo cáo ghi khoảng từ 10 đến 12, chưa lấy số nào)"
    )


def test_a_figure_given_as_approximate_is_marked_for_checking_in_the_status_export(rt: Runtime) -> None:
    """A school wrote "hơn mười buổi tuyên truyền": the status showed 10 sessions as if counted. The value
    is kept with the word that makes it approximate, and the export says it is an estimate to check."""
    from kernel.export import status_table

    report = _docx_of_text(
        "PHÒNG GD&ĐT THỦ THỪA\nTRƯỜNG TIỂU HỌC MỸ AN\nBÁO CÁO\n"
        "Kết quả thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em năm 2021\n"
        "I. Kết quả thực hiện\nTrong năm, nhà trường tổ chức hơn mười buổi tuyên truyền về phòng, chống "
        "xâm hại trẻ em.\nHIỆU TRƯỞNG"
    )
    raw = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"bc.docx": report})
    assert pipeline.process(rt, raw, received_at=RECEIVED, source="test").state == MessageState.REPORT
    [sub] = rt.store.submissions(report_id="nq121", year=2021)
    assert (sub.figures["buoi_tuyen_truyen"]["value"], sub.figures["buoi_tuyen_truyen"]["about"]) == (
        10,
        "hơn",
    )
    status = status_mod.season_status(rt.config, rt.store, rt.config.reports[0], 2021, FIXED)
    table = status_table(status, rt.config)
    [row] = [r for r in table.rows if r[1] == "th-my-an"]
    assert row[table.headers.index("Số buổi tuyên truyền")] == (
        "10 (cần kiểm tra: báo cáo ghi «hơn 10», là số ước lượng, chưa lấy làm số chính xác)"
    )


_APPENDIX = "PHỤ LỤC\nDanh sách học sinh tham gia buổi tuyên truyền\n1. Nguyễn Văn An\n2. Trần Thị Bình"
_SUPPLEMENT_FORM = (
    "PHÒNG GD&ĐT THỦ THỪA\nTRƯỜNG TIỂU HỌC MỸ AN\nSố: 45/BC-THMA\nMỹ An, ngày 21 tháng 10 năm 2021\nBÁO CÁO\n"
    "Bổ sung phụ lục báo cáo kết quả thực hiện Nghị quyết 121/2020/QH14\nKính gửi: Phòng GD&ĐT Thủ Thừa\n"
    "Nhà trường gửi bổ sung phụ lục kèm theo.\nHIỆU TRƯỞNG\nNguyễn Văn Cường"
)


@pytest.mark.parametrize("appendix", [_APPENDIX, _SUPPLEMENT_FORM], ids=["appendix", "cover-of-appendix"])
def test_a_supplement_of_an_appendix_goes_with_the_report_sent_before(rt: Runtime, appendix: str) -> None:
    """A school sent its report, then "Trường gửi bổ sung phụ lục ạ" with the appendix alone: read as a
    report holding nothing («chỉ có phần đầu văn bản … có thể trường gửi nhầm tệp mẫu»), it was recorded as
    an unreadable report, the school was asked to send its report again and the draft named it as resent
    unreadable. It goes with the report it adds to, whose sections and figures stay as they were; from a
    school that sent no report yet it is no report, as before."""
    school = "c1myan.thuthua@example.edu.vn"
    paper = make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(11))

    def supplement(mid: str) -> bytes:
        appended = {"phu luc.docx": _docx_of_text(appendix)}
        return _mail(school, "Re: Báo cáo NQ121", appended, body="Dạ trường gửi bổ sung phụ lục ạ.", mid=mid)

    later = RECEIVED + dt.timedelta(days=1)
    assert (
        pipeline.process(rt, supplement("m2"), received_at=later, source="test").state
        == MessageState.UNREADABLE
    )
    raw = _mail(school, "Báo cáo NQ121", {"bc.docx": render_docx(paper)}, mid="m1")
    assert pipeline.process(rt, raw, received_at=RECEIVED, source="test").state == MessageState.REPORT
    outcome = pipeline.process(rt, supplement("m3"), received_at=later + dt.timedelta(hours=1), source="test")
    assert outcome.state == MessageState.REPORT
    [added] = outcome.submissions
    assert added.readable and not added.problems
    assert any(e.startswith("Thư gửi bổ sung cho báo cáo đã nhận lúc") for e in added.evidence)
    status = status_mod.season_status(rt.config, rt.store, rt.config.reports[0], 2021, FIXED)
    [mine] = [s for s in status.schools if s.school_id == "th-my-an"]
    assert mine.status == status_mod.SchoolState.RECEIVED and mine.received_at == RECEIVED
    assert mine.figures["buoi_tuyen_truyen"] == paper.expected.figure("buoi_tuyen_truyen")
    assert not mine.sections_missing


@pytest.mark.parametrize(
    "title",
    [
        "PHỤ LỤC SỐ LIỆU PHÒNG, CHỐNG XÂM HẠI TRẺ EM",
        "PHỤ LỤC SỐ LIỆU KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT 121/2020/QH14",
    ],
    ids=["topic", "names-the-report"],
)
def test_an_appendix_of_figures_sent_alone_goes_with_the_report_sent_before(rt: Runtime, title: str) -> None:
    """A school that had sent its report sent «Gửi phụ lục số liệu kèm báo cáo NQ121» with the appendix
    alone, «PHỤ LỤC SỐ LIỆU …» over a few figures: without the word «bổ sung» it was read as the report's
    blank form and the school was told «có thể trường gửi nhầm tệp mẫu … gửi lại bản báo cáo đầy đủ». An
    appendix is no form: it goes with the report sent before, as a supplement does; from a school that sent
    no report yet it is no report, and the school is told it is an appendix."""
    school = "c1myan.thuthua@example.edu.vn"
    paper = make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(11))

    def appendix(mid: str) -> bytes:
        text = f"{title}\nTrường Tiểu học Mỹ An\nSố lớp: 12\nSố phòng học: 10"
        appended = {"PhuLuc_NQ121.docx": _docx_of_text(text)}
        return _mail(
            school, "Phụ lục số liệu NQ121", appended, body="Gửi phụ lục số liệu kèm báo cáo NQ121.", mid=mid
        )

    later = RECEIVED + dt.timedelta(days=1)
    alone = pipeline.process(rt, appendix("m2"), received_at=later, source="test")
    assert alone.state == MessageState.UNREADABLE
    [told] = alone.submissions
    assert "là phụ lục" in " ".join(told.problems) and "tệp mẫu" not in " ".join(told.problems)
    raw = _mail(school, "Báo cáo NQ121", {"bc.docx": render_docx(paper)}, mid="m1")
    assert pipeline.process(rt, raw, received_at=RECEIVED, source="test").state == MessageState.REPORT
    outcome = pipeline.process(rt, appendix("m3"), received_at=later + dt.timedelta(hours=1), source="test")
    assert outcome.state == MessageState.REPORT
    [added] = outcome.submissions
    assert added.readable and not added.problems
    assert any(e.startswith("Thư gửi bổ sung cho báo cáo đã nhận lúc") for e in added.evidence)
    status = status_mod.season_status(rt.config, rt.store, rt.config.reports[0], 2021, FIXED)
    [mine] = [s for s in status.schools if s.school_id == "th-my-an"]
    assert mine.status == status_mod.SchoolState.RECEIVED and mine.received_at == RECEIVED
    assert not mine.sections_missing


def test_a_poorly_recognised_scan_under_an_address_and_subject_that_agree_is_recorded(
    config: Config, scan_pdf: bytes
) -> None:
    """A weak OCR reading sent the report to review although the registered address and the
    subject both named the same school."""
    strict = dataclasses.replace(Runtime.open(config, clock=lambda: FIXED), min_ocr_confidence=99.9)
    raw = _mail(
        "c2nhithanh.thuthua@example.edu.vn", "Báo cáo NQ121 - THCS Nhị Thành", {"scan0001.pdf": scan_pdf}
    )
    outcome = pipeline.process(strict, raw, received_at=RECEIVED, source="test")
    strict.close()
    assert outcome.state == MessageState.REPORT
    assert [s.school_id for s in outcome.submissions] == ["thcs-nhi-thanh"]


def test_another_schools_plan_sent_with_a_report_credits_only_the_reports_school(
    rt: Runtime, report_docx: bytes
) -> None:
    """A commune clerk mailed TH Mỹ An's report together with MG Mỹ An's plan: the plan's header, naming
    MG Mỹ An in full, made the matcher record a report for MG Mỹ An too, although it sent none."""
    plan = render_docx(make_plan("Trường Mẫu giáo Mỹ An", year=2021, rng=random.Random(5)))
    raw = _mail(
        "congtac.myan@gmail.com",
        "BC NQ121 TH Mỹ An",
        {"BC NQ121 TH My An.docx": report_docx, "KH MG My An.docx": plan},
    )
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT
    [sub] = rt.store.submissions(report_id="nq121", year=2021)
    assert sub.school_id == "th-my-an" and sub.files == ("BC NQ121 TH My An.docx",)


def test_a_report_forwarded_as_an_attached_message_is_read_once(rt: Runtime, report_docx: bytes) -> None:
    """A principal forwards her school's mail as an attachment (.eml) from her own address. Its file
    was read twice, from the attached message and from the parts inside it: staff saw it twice in the
    submission's files and every reason about it twice."""
    inner = _school_mail(report_docx, to="hieutruong.myan@gmail.com")
    outer = EmailMessage()
    outer["From"] = "hieutruong.myan@gmail.com"
    outer["To"] = "pgdthuthua@example.edu.vn"
    outer["Subject"] = "Fwd: Báo cáo NQ121"
    outer["Message-ID"] = "<fwd1@gmail.com>"
    outer.set_content("Chuyển tiếp thư của trường.")
    outer.add_attachment(inner)
    outcome = pipeline.process(rt, outer.as_bytes(), received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT
    [sub] = rt.store.submissions()
    assert sub.school_id == "th-my-an" and sub.files == ("BC NQ121.docx",)
    assert len(sub.evidence) == len(set(sub.evidence))


def _school_mail(report_docx: bytes, *, to: str) -> EmailMessage:
    """TH Mỹ An's mail with its report attached, as a principal forwards or saves it."""
    mail = EmailMessage()
    mail["From"] = "TH Mỹ An <c1myan.thuthua@example.edu.vn>"
    mail["To"] = to
    mail["Subject"] = "Báo cáo NQ121"
    mail.set_content("Kính gửi Phòng GD&ĐT, nhà trường gửi báo cáo.")
    mail.add_attachment(report_docx, maintype="application", subtype="octet-stream", filename="BC NQ121.docx")
    return mail


def _our_reminder() -> tuple[str, str]:
    """The subject and body of the reminder the office sends (docs/examples, rendered by our templates)."""
    text = (Path(__file__).resolve().parents[2] / "docs/examples/reminder.txt").read_text(encoding="utf-8")
    subject, _, body = text.partition("\n")
    return subject.removeprefix("Tiêu đề: "), body.split("\n", 1)[1]


@pytest.mark.parametrize("how", ["inline", "attached"])
def test_our_reminder_forwarded_back_by_a_school_is_not_its_report(rt: Runtime, how: str) -> None:
    """A school forwards the office's reminder back ("trường đã gửi rồi ạ") instead of replying: the
    reminder sets out the report's title and its four sections, so its text was read as the school's
    report pasted into the mail and the school counted as having reported."""
    subject, reminder = _our_reminder()
    school = "c1binhthanh1.thuthua@example.edu.vn"
    msg = EmailMessage()
    msg["From"] = school
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = f"Fwd: {subject}"
    msg["Message-ID"] = "<fwd-reminder@example.edu.vn>"
    msg["Date"] = "Fri, 22 Oct 2021 09:15:00 +0700"
    note = "Dạ trường đã gửi báo cáo ngày 18/10 rồi ạ, nhờ Phòng kiểm tra lại."
    if how == "inline":
        msg.set_content(
            f"{note}\n\n---------- Forwarded message ---------\n"
            "From: Phòng GD&ĐT Thủ Thừa <pgdthuthua@example.edu.vn>\nDate: Fri, 22 Oct 2021 at 07:30\n"
            f"Subject: {subject}\nTo: <{school}>\n\n{reminder}"
        )
    else:
        ours = EmailMessage()
        ours["From"] = "Phòng GD&ĐT Thủ Thừa <pgdthuthua@example.edu.vn>"
        ours["To"] = school
        ours["Subject"] = subject
        ours.set_content(reminder)
        msg.set_content(note)
        msg.add_attachment(ours)
    received = dt.datetime(2021, 10, 22, 2, 16, tzinfo=dt.UTC)  # a minute after its Date
    outcome = pipeline.process(rt, msg.as_bytes(), received_at=received, source="test")
    assert outcome.state == MessageState.REVIEW and rt.store.submissions() == []
    assert outcome.reason == f"Trường chuyển lại thư của Phòng (nhắc nộp hoặc xác nhận): «{note}»."
    [review] = outcome.reviews
    assert review.candidates == ("th-binh-thanh-1",)


def _quoting_our_reminder(note: str, how: str, subject: str) -> bytes:
    """A school's mail with note over the office's reminder: a Gmail reply quoting it with ">", an Outlook
    reply or forward quoting it under a header block that names the office by its name alone."""
    quoted_subject, reminder = _our_reminder()
    school = "c1binhthanh1.thuthua@example.edu.vn"
    if how == "gmail":
        quote = "\n".join(f"> {line}" for line in reminder.splitlines())
        body = (
            f"{note}\n\nVào Th 6, 22 thg 10, 2021 vào lúc 07:30 Phòng GD&ĐT Thủ Thừa "
            f"<pgdthuthua@example.edu.vn> đã viết:\n{quote}\n"
        )
    else:
        body = (
            f"{note}\n\n________________________________\nFrom: Phòng Giáo dục và Đào tạo huyện Thủ Thừa\n"
            f"Sent: Friday, October 22, 2021 7:30 AM\nTo: {school}\nSubject: {quoted_subject}\n\n{reminder}"
        )
    msg = EmailMessage()
    msg["From"], msg["To"] = school, "pgdthuthua@example.edu.vn"
    msg["Subject"] = subject.format(quoted_subject)
    msg["Message-ID"] = "<quoting-reminder@example.edu.vn>"
    msg["Date"] = "Fri, 22 Oct 2021 09:15:00 +0700"
    msg.set_content(body)
    return msg.as_bytes()


@pytest.mark.parametrize("how", ["gmail", "outlook"])
def test_a_reply_to_our_reminder_sending_the_report_without_its_file_is_unreadable(
    rt: Runtime, how: str
) -> None:
    """Regression: «Dạ em gửi báo cáo ạ.» answering the office's reminder with the file forgotten was noise:
    the reminder quoted under it lists the report's parts, and a note over a quoted report sends that
    quote. The school was never told its file had not come. The reminder is the office's text, never the
    school's; the reply sends the report the reminder asked for."""
    raw = _quoting_our_reminder("Dạ em gửi báo cáo ạ.", how, "Re: {}")
    received = dt.datetime(2021, 10, 22, 2, 16, tzinfo=dt.UTC)
    outcome = pipeline.process(rt, raw, received_at=received, source="test")
    assert outcome.state == MessageState.UNREADABLE
    [sub] = rt.store.submissions()
    assert sub.school_id == "th-binh-thanh-1" and sub.kind == "unreadable"
    assert "không thấy tệp đính kèm" in outcome.reason


def test_our_reminder_forwarded_to_the_principal_is_no_report_left_out(rt: Runtime) -> None:
    """Regression: a school forwarded the office's reminder to its principal («Gửi cô Hiệu trưởng xem
    ạ.»), copying the office, from Outlook, which named the office by its name alone: the reminder's «đính
    kèm bản quét …» was read as the school's own note, and the school was told its report had come
    without its file. The forwarded reminder is the office's text; the mail sends nothing."""
    raw = _quoting_our_reminder("Gửi cô Hiệu trưởng xem ạ.", "outlook", "FW: {}")
    received = dt.datetime(2021, 10, 22, 2, 16, tzinfo=dt.UTC)
    outcome = pipeline.process(rt, raw, received_at=received, source="test")
    assert outcome.state == MessageState.NOISE and rt.store.submissions() == []


# How Gmail and Outlook, in English and Vietnamese, head the office's reminder they forward inline: its
# header block's From line gives the office's address.
_FORWARD_BLOCKS = {
    "gmail": "---------- Forwarded message ---------\nFrom: {office}\nDate: Fri, 22 Oct 2021 at 07:30\nSubject: {subject}\nTo: <{school}>",
    "gmail-vi": "---------- Thư đã chuyển tiếp ---------\nTừ: {office}\nDate: Th 6, 22 thg 10, 2021 vào lúc 07:30\nSubject: {subject}\nTo: <{school}>",
    "outlook": "________________________________\nFrom: {office}\nSent: Friday, October 22, 2021 7:30 AM\nTo: {school}\nSubject: {subject}",
    "outlook-vi": "________________________________\nTừ: {office}\nĐã gửi: Thứ Sáu, 22 tháng 10, 2021 7:30 SA\nĐến: {school}\nChủ đề: {subject}",
}  # fmt: skip


def _our_reminder_forwarded(how: str, note: str, *, to: str, cc: str = "", html: bool = False) -> bytes:
    """Trường Tiểu học Bình Thạnh 1 forwarding the office's reminder inline under note, as the client how
    (_FORWARD_BLOCKS) writes it: in a text body, or in an HTML one alone (Outlook sends no text part)."""
    subject, reminder = _our_reminder()
    school = "c1binhthanh1.thuthua@example.edu.vn"
    office = "Phòng GD&ĐT Thủ Thừa <pgdthuthua@example.edu.vn>"
    block = _FORWARD_BLOCKS[how].format(office=office, subject=subject, school=school)
    msg = EmailMessage()
    msg["From"], msg["To"] = school, to
    if cc:
        msg["Cc"] = cc
    msg["Subject"] = f"Fwd: {subject}" if how.startswith("gmail") else f"FW: {subject}"
    msg["Message-ID"] = f"<fwd-{how}@example.edu.vn>"
    msg["Date"] = "Fri, 22 Oct 2021 09:15:00 +0700"
    if not html:
        msg.set_content(f"{note}\n\n{block}\n\n{reminder}")
        return msg.as_bytes()
    paragraphs = "".join(f"<div>{escape(line) or '<br>'}</div>" for line in reminder.splitlines())
    if how.startswith("gmail"):  # the marker and the header block in one div, the office's name in bold
        marker, *rest = block.splitlines()
        head = "<br>".join([escape(marker), *(escape(line) for line in rest)]).replace(
            escape("Phòng GD&ĐT Thủ Thừa"),
            f'<strong class="gmail_sendername">{escape("Phòng GD&ĐT Thủ Thừa")}</strong>',
        )
        quoted = f'<div class="gmail_quote"><div dir="ltr" class="gmail_attr">{head}<br></div><br><br>{paragraphs}</div>'
    else:  # a rule, then the header block's labels in bold
        _, *rest = block.splitlines()
        labelled = [
            f"<b>{escape(line.partition(':')[0])}:</b>{escape(line.partition(':')[2])}" for line in rest
        ]
        quoted = f'<hr><div id="divRplyFwdMsg"><font>{"<br>".join(labelled)}</font><div>&nbsp;</div></div>{paragraphs}'
    msg.set_content(f"<html><body><div>{escape(note)}</div><br>{quoted}</body></html>", subtype="html")
    return msg.as_bytes()


@pytest.mark.parametrize("html", [False, True], ids=["text", "html"])
@pytest.mark.parametrize("how", list(_FORWARD_BLOCKS))
@pytest.mark.parametrize("note", ["", "Chuyển cô xem ạ"])
def test_our_reminder_forwarded_to_the_principal_copying_the_office_is_nothing_for_staff(
    rt: Runtime, how: str, html: bool, note: str
) -> None:
    """Regression: a school forwarded the office's reminder to its principal, copying the office, with no
    word of its own or only «Chuyển cô xem ạ». Its header block gave the office's address, so it waited
    for staff as «Trường chuyển lại thư của Phòng»; without the address it was nothing. A forward written
    to someone else sends the office nothing."""
    raw = _our_reminder_forwarded(
        how, note, to="hieutruong.bt1@gmail.com", cc="pgdthuthua@example.edu.vn", html=html
    )
    outcome = pipeline.process(
        rt, raw, received_at=dt.datetime(2021, 10, 22, 2, 16, tzinfo=dt.UTC), source="test"
    )
    assert outcome.state == MessageState.NOISE, outcome.reason
    assert rt.store.submissions() == [] and rt.store.reviews() == []


@pytest.mark.parametrize("html", [False, True], ids=["text", "html"])
@pytest.mark.parametrize("how", list(_FORWARD_BLOCKS))
def test_our_reminder_forwarded_to_the_office_waits_for_staff(rt: Runtime, how: str, html: bool) -> None:
    """The same forward written to the office itself still waits for staff to read."""
    raw = _our_reminder_forwarded(how, "", to="pgdthuthua@example.edu.vn", html=html)
    outcome = pipeline.process(
        rt, raw, received_at=dt.datetime(2021, 10, 22, 2, 16, tzinfo=dt.UTC), source="test"
    )
    assert outcome.state == MessageState.REVIEW, outcome.reason
    assert outcome.reason.startswith("Trường chuyển lại thư của Phòng (nhắc nộp hoặc xác nhận)"), (
        outcome.reason
    )


def test_our_reminder_forwarded_back_with_no_word_says_so(rt: Runtime) -> None:
    """A school forwarded the office's reminder back with nothing of its own: it waited for staff, as it
    should, but its reason quoted the school's words as «», an empty quote staff could make nothing of."""
    subject, reminder = _our_reminder()
    school = "c1binhthanh1.thuthua@example.edu.vn"
    body = (
        "---------- Forwarded message ---------\nFrom: Phòng GD&ĐT Thủ Thừa <pgdthuthua@example.edu.vn>\n"
        f"Date: Fri, 22 Oct 2021 at 07:30\nSubject: {subject}\nTo: <{school}>\n\n{reminder}"
    )
    raw = _mail(school, f"Fwd: {subject}", {}, body=body, mid="fwd-bare")
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW and rt.store.submissions() == []
    assert outcome.reason == (
        "Trường chuyển lại thư của Phòng (nhắc nộp hoặc xác nhận), không ghi thêm lời nào và không kèm tệp nào."
    )


def test_a_schools_mail_forwarded_on_by_the_office_still_carries_its_report(rt: Runtime) -> None:
    """Only the office's own messages are taken out of a forward: the school's report pasted into its
    mail, forwarded to staff and on to the mailbox, is still read."""
    paper = make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(3))
    body = (
        "\n\n---------- Forwarded message ---------\nFrom: Phòng GD&ĐT Thủ Thừa <pgdthuthua@example.edu.vn>\n"
        "Date: Wed, 20 Oct 2021\nSubject: Fwd: Báo cáo NQ121\nTo: <chuyenvien.a@gmail.com>\n\n\n"
        "---------- Forwarded message ---------\nFrom: TH Mỹ An <c1myan.thuthua@example.edu.vn>\n"
        f"Date: Tue, 19 Oct 2021\nSubject: Báo cáo NQ121\nTo: <pgdthuthua@example.edu.vn>\n\n{render_text(paper)}"
    )
    raw = _mail("chuyenvien.a@gmail.com", "Fwd: Fwd: Báo cáo NQ121", {}, body=body)
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT
    [sub] = rt.store.submissions()
    assert sub.school_id == "th-my-an" and sub.files == ("(nội dung thư)",)


def test_staff_passing_on_a_schools_own_report_waits_for_staff_to_say_so(
    rt: Runtime, report_docx: bytes
) -> None:
    """A commune officer who got Tiểu học Mỹ An's report on Zalo mailed the file on from her own address
    (no forward): the mail was recorded as the office's own, the school stayed missing and was reminded,
    and nobody was asked. Staff's own papers (a plan, the office's own report) stay internal."""
    raw = _mail(
        "pgdthuthua@example.edu.vn",
        "Báo cáo NQ121 của TH Mỹ An",
        {"BC NQ121 TH My An.docx": report_docx},
        body="Trường Tiểu học Mỹ An gửi báo cáo qua Zalo, chuyển vào hộp thư để theo dõi.",
        mid="qua-zalo",
    )
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW
    [review] = rt.store.reviews()
    assert review.candidates == ("th-my-an",) and review.year == 2021
    assert "kèm báo cáo của Trường Tiểu học Mỹ An" in review.reason and "baocao assign" in review.reason
    assert rt.store.submissions() == []

    review_mod.assign(rt, outcome.key, "th-my-an", by="test")
    [sub] = rt.store.submissions()
    assert sub.school_id == "th-my-an" and sub.year == 2021

    plan = render_docx(make_plan("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(4)))
    own = _mail("pgdthuthua@example.edu.vn", "Kế hoạch NQ121", {"KH.docx": plan}, mid="ke-hoach")
    assert pipeline.process(rt, own, received_at=RECEIVED, source="test").state == MessageState.INTERNAL


def test_a_reprocess_broken_off_after_many_is_no_crash_loop(
    rt: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A message read again by four reprocesses, then by one broken off (Ctrl-C, a dropped SSH session)
    that left it pending: the next run took it for a message that had killed the program again and again
    (its starts were counted over its whole life), recorded it failed and took the school's report away,
    telling the school to send a smaller file. Starts count since the message's last outcome."""
    paper = render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(2)))
    raw = _mail("c1myan.thuthua@example.edu.vn", "BC NQ121", {"BC.docx": paper}, mid="nhieu-lan")
    key = pipeline.process(rt, raw, received_at=RECEIVED, source="test").key
    for _ in range(4):
        assert pipeline.reprocess(rt, key).state == MessageState.REPORT

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(pipeline, "_interpret", interrupted)
        with pytest.raises(KeyboardInterrupt):
            pipeline.reprocess(rt, key)
    assert rt.store.message(key).state == MessageState.PENDING
    assert pipeline.process(rt, raw, received_at=RECEIVED, source="test").state == MessageState.REPORT
    assert [s.school_id for s in rt.store.submissions()] == ["th-my-an"]


def test_staff_passing_on_a_report_whose_paper_names_no_school_waits_for_the_school_their_words_name(
    rt: Runtime,
) -> None:
    """A commune officer mailed on Mẫu giáo Mỹ An's report, sent to her on Zalo, writing the school in the
    subject and the text; its paper named no school. It was recorded as the office's own mail: nothing
    waited for staff, and the school stayed missing and was reminded. A mail naming many schools in its
    words is the unit's own summary, and stays its own."""
    paper = render_docx(make_paper("Trường Mẫu giáo Mỹ An", year=2021, rng=random.Random(6), named=False))
    raw = _mail(
        "pgdthuthua@example.edu.vn",
        "Gửi báo cáo NQ121 của trường MG Mỹ An",
        {"BC NQ121.docx": paper},
        body="Trường MG Mỹ An gửi báo cáo qua Zalo, chuyển lên để Phòng tổng hợp.",
        mid="mg-qua-zalo",
    )
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW and rt.store.submissions() == []
    [review] = rt.store.reviews()
    assert review.candidates == ("mg-my-an",) and "baocao assign" in review.reason

    summary = _mail(
        "pgdthuthua@example.edu.vn",
        "Báo cáo NQ121",
        {"BC NQ121 tong hop.docx": paper},
        body="Tổng hợp báo cáo của MG Mỹ An, TH Mỹ An, THCS Mỹ An.",
        mid="tong-hop",
    )
    assert pipeline.process(rt, summary, received_at=RECEIVED, source="test").state == MessageState.INTERNAL


@pytest.mark.parametrize(
    ("issuer", "candidates"),
    [("TRƯỜNG TIỂU HỌC MỸ THẠNH", ("th-my-thanh-a", "th-my-thanh-b")), ("", ())],
    ids=["letter left out", "header cut off"],
)
def test_staff_passing_on_a_report_whose_header_names_its_school_unclearly_waits(
    rt: Runtime, issuer: str, candidates: tuple[str, ...]
) -> None:
    """A commune officer passed on a school's scanned report whose header read «TRƯỜNG TIỂU HỌC MỸ THẠNH»
    (A or B, the letter not read), or whose header the scan cut off, with a few words naming no school. It
    was recorded as the office's own mail: nothing waited for staff, and the school stayed missing."""
    paper = make_paper("Trường Tiểu học Mỹ Thạnh A", year=2021, rng=random.Random(8), named=False)
    paper = dataclasses.replace(paper, issuer=issuer, parent_body=paper.parent_body if issuer else "")
    raw = _mail(
        "pgdthuthua@example.edu.vn",
        "Fw: bao cao NQ121",
        {"scan.docx": render_docx(paper)},
        body="Chuyển Phòng báo cáo trường gửi qua Zalo.",
        mid=f"zalo-{len(candidates)}",
    )
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW and rt.store.submissions() == []
    [review] = rt.store.reviews()
    assert review.candidates == candidates and "không ghi rõ tên trường" in review.reason


@pytest.mark.parametrize(
    "note",
    [
        "Trường TH Mỹ Phú gửi nhầm vào hộp thư xã, chuyển Phòng ạ.",
        "Trường TH Mỹ Phú gửi nhầm file, nay gửi lại.",
    ],
)
def test_staff_passing_on_a_schools_mistake_hold_no_other_schools_report(
    config_path: Path, note: str
) -> None:
    """A commune officer passed on TH Mỹ An's report, then TH Mỹ Phú's with the words «gửi nhầm vào hộp
    thư xã»: read as disowning the officer's own mail before, it put TH Mỹ An's report on hold («người
    gửi xin hủy thư ấy»), and TH Mỹ An was shown missing. Mail sent to the wrong place disowns nothing;
    and staff writing of a school's mistake never hold another school's report they passed on."""
    officer = "vhxh.myan@example.gov.vn"
    text = in_units(config_path.read_text(encoding="utf-8"))
    config_path.write_text(
        text.replace('name = "UBND xã Mỹ An"\n', f'name = "UBND xã Mỹ An"\nstaff_emails = ["{officer}"]\n'),
        encoding="utf-8",
    )
    my_an = render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(3)))
    my_phu = render_docx(make_paper("Trường Tiểu học Mỹ Phú", year=2021, rng=random.Random(4)))

    def forwarded(school: str, words: str) -> str:
        return (
            f"{words}\n\n---------- Forwarded message ---------\nFrom: {school}.thuthua@example.edu.vn\n"
            f"Date: Tue, Oct 19, 2021 at 3:12 PM\nSubject: BC NQ121\nTo: {officer}\n\nTrường gửi báo cáo."
        )

    with Runtime.open(config_mod.load(config_path), clock=lambda: FIXED) as rt:
        first = _mail(officer, "Fwd: BC NQ121", {"BC.docx": my_an}, forwarded("c1myan", "Chuyển Phòng."), "a")
        pipeline.process(rt, first, received_at=RECEIVED, source="test")
        later = _mail(officer, "Fwd: BC NQ121", {"BC.docx": my_phu}, forwarded("c1myphu", note), "b")
        outcome = pipeline.process(rt, later, received_at=RECEIVED + dt.timedelta(hours=2), source="test")
        counted = rt.store.submissions(report_id="nq121", year=2021)
        assert {s.school_id for s in counted} == {"th-my-an", "th-my-phu"}, outcome.reason
        assert not any(r.withdraws for r in rt.store.reviews()), [r.reason for r in rt.store.reviews()]


def _three_schools(
    rt: Runtime,
    sender: str = "pgdthuthua@example.edu.vn",
    subject: str = "BC NQ121 các trường nộp qua Zalo",
    mid: str = "zalo-3",
) -> pipeline.Outcome:
    """A mail carrying three schools' reports, read: by default the office's own, the schools having
    sent them to it on Zalo."""
    names = ("Trường Tiểu học Mỹ An", "Trường Tiểu học Mỹ Lạc", "Trường Tiểu học Mỹ Phú")
    files = {
        f"BC {i}.docx": render_docx(make_paper(name, year=2021, rng=random.Random(i)))
        for i, name in enumerate(names)
    }
    return pipeline.process(rt, _mail(sender, subject, files, mid=mid), received_at=RECEIVED, source="test")


def test_staff_passing_on_several_schools_reports_waits_for_staff_with_every_school(rt: Runtime) -> None:
    """A clerk mailed the office three schools' reports they had sent on Zalo, from the office's own
    address: one school's report waited for staff, but three were recorded as the office's own mail,
    nobody was asked, and the three schools stayed missing and were reminded."""
    outcome = _three_schools(rt)
    assert outcome.state == MessageState.REVIEW and rt.store.submissions() == []
    [review] = rt.store.reviews()
    assert set(review.candidates) == {"th-my-an", "th-my-lac", "th-my-phu"}
    assert "kèm báo cáo của 3 trường" in review.reason and "tính thư cho từng trường" in review.reason
    # Assigned to one of them, it counted for all three, and the clerk was told of one: it counts for the
    # school assigned, and the clerk is told the other two reports count for nobody.
    done = review_mod.assign(rt, outcome.key, "th-my-lac", by="test")
    assert {s.school_id for s in rt.store.submissions()} == {"th-my-lac"}
    [files] = [s.files for s in rt.store.submissions()]
    assert files == ("BC 1.docx",)
    [note] = [n for n in done.says(rt.config, "th-my-lac") if "còn kèm báo cáo" in n]
    assert (
        "Trường Tiểu học Mỹ An, Trường Tiểu học Mỹ Phú" in note and "không được tính cho trường nào" in note
    )
    assert f"(baocao split {outcome.key[:12]})" in note


def test_staff_mail_of_several_schools_reports_split_counts_each_on_time(rt: Runtime) -> None:
    """A commune officer mailed the office three schools' reports in one mail on 20/10. Staff could assign
    it to one school only and were told to pass each report on in a mail of its own: each then came the
    day staff sent it, after the deadline, and the three schools that had reported on time showed late.
    Split, the mail counts for each school with its own paper, received when the mail came; a mail of one
    school's own, or of papers naming no school, cannot be split."""
    outcome = _three_schools(rt)
    review_mod.assign(rt, outcome.key, "th-my-lac", by="test")  # a first try: one school only
    done = review_mod.split(rt, outcome.key, by="test")
    counted = {s.school_id: s for s in rt.store.submissions()}
    assert set(counted) == {"th-my-an", "th-my-lac", "th-my-phu"} and rt.store.reviews() == []
    assert counted["th-my-phu"].files == ("BC 2.docx",) and counted["th-my-phu"].received_at == RECEIVED
    status = status_mod.season_status(rt.config, rt.store, rt.config.report("nq121"), 2021, FIXED)
    assert {s.status for s in status.schools if s.school_id in counted} == {status_mod.SchoolState.RECEIVED}
    assert "nhận lúc 20/10/2021 09:15" in done.says(rt.config)[0]
    assert [e.action for e in audit.entries(rt.store, target=f"message:{outcome.key}")][0] == "split"
    assert review_mod.split(rt, outcome.key, by="test").unchanged

    own = _three_schools(rt, "c1myan.thuthua@example.edu.vn", "BC NQ121", mid="own")
    with pytest.raises(DecisionError, match="không phải thư của cán bộ"):
        review_mod.split(rt, own.key, by="test")
    blank = make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(5), named=False)
    unnamed = _mail("pgdthuthua@example.edu.vn", "BC NQ121", {"BC.docx": render_docx(blank)}, mid="unnamed")
    waiting = pipeline.process(rt, unnamed, received_at=RECEIVED, source="test")
    with pytest.raises(DecisionError, match="không văn bản nào trong thư"):
        review_mod.split(rt, waiting.key, by="test")
    assert (
        rt.store.decision(waiting.key) is None and rt.store.message(waiting.key).state == MessageState.REVIEW
    )


def test_staff_mail_naming_the_schools_by_place_alone_splits_to_every_school_its_papers_name(
    rt: Runtime,
) -> None:
    """A commune officer mailed three schools' reports under «BC NQ121 ba truong My An, My Lac, My Phu», each
    paper headed with its school. Split credited Mỹ An only: Mỹ Lạc and Mỹ Phú, named by place alone (each
    place has a kindergarten, a primary and a lower-secondary school), were taken as not named by the
    subject, their papers waiting for staff as «có thể trường gửi nhầm tệp của trường khác»."""
    outcome = _three_schools(rt, subject="BC NQ121 ba truong TH My An, My Lac, My Phu")
    review_mod.split(rt, outcome.key, by="test")
    assert {s.school_id for s in rt.store.submissions()} == {"th-my-an", "th-my-lac", "th-my-phu"}
    assert rt.store.reviews() == []


@pytest.mark.parametrize(
    ("name", "subject", "school"),
    [
        ("Trường TH Mỹ An", "FW: Báo cáo NQ121", "th-my-an"),
        ("Nguyễn Thị Hạnh", "FW: Báo cáo NQ121 - TH Mỹ Phú", "th-my-phu"),
    ],
)
def test_staffs_forward_naming_its_sender_by_name_only_offers_the_school_its_text_names(
    rt: Runtime, name: str, subject: str, school: str
) -> None:
    """Staff forwarded from Outlook a school's mail whose From is a name alone, over a report that names no
    school: it waited for staff with no school to choose from, though the forwarded sender's name or the
    subject named one. Those schools are offered; none is credited."""
    paper = make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(3), named=False)
    body = (
        f"\n\nFrom: {name}\nSent: Wednesday, October 20, 2021 9:15 AM\nTo: Phòng GD&ĐT\n"
        "Subject: Báo cáo NQ121\n\nKính gửi Phòng, trường gửi báo cáo.\n"
    )
    raw = _mail(
        "pgdthuthua@example.edu.vn", subject, {"BC.docx": render_docx(paper)}, body=body, mid="fw-name"
    )
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW and rt.store.submissions() == []
    [review] = rt.store.reviews()
    assert review.candidates == (school,)
    assert f"chỉ ghi tên người gửi «{name}», không ghi địa chỉ thư" in review.reason
    assert "theo tiêu đề, nội dung thư hoặc tên người gửi gốc thì có thể là Trường Tiểu học" in review.reason


def test_a_saved_message_attached_as_a_file_is_read_as_a_message(rt: Runtime, report_docx: bytes) -> None:
    """A principal saves her school's mail (Bao cao NQ121.eml) and attaches the file from her own
    address; clients send it as application/octet-stream. It was read as plain text, raw MIME and
    base64 and all: the report inside was never opened, yet the garbled text counted as the report."""
    inner = _school_mail(report_docx, to="pgdthuthua@example.edu.vn")
    inner["Date"] = "Tue, 19 Oct 2021 15:02:00 +0700"
    raw = _mail("hieutruong.myan@gmail.com", "Báo cáo NQ121", {"Bao cao NQ121.eml": inner.as_bytes()})
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT
    [sub] = rt.store.submissions()
    assert sub.school_id == "th-my-an" and sub.files == ("BC NQ121.docx",)
    assert set(sub.sections_found) == {"chi_dao", "ket_qua", "kho_khan", "de_xuat"}


def test_an_opaque_signed_smime_message_is_read_inside(rt: Runtime, report_docx: bytes) -> None:
    """A school signing its mail with its token from Outlook, "clear text signed" off, sends one
    smime.p7m (PKCS #7 signed-data) holding the whole message: it was recorded unreadable as "not a
    document, image or archive" and the school asked again for the report it had sent."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Trường Tiểu học Mỹ An")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(dt.datetime(2021, 1, 1))
        .not_valid_after(dt.datetime(2023, 1, 1))
        .sign(key, hashes.SHA256())
    )
    entity = EmailMessage()
    entity.set_content("Kính gửi Phòng GD&ĐT, nhà trường gửi báo cáo.")
    entity.add_attachment(
        report_docx, maintype="application", subtype="octet-stream", filename="BC NQ121.docx"
    )
    signed = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(entity.as_bytes())
        .add_signer(cert, key, hashes.SHA256())
        .sign(serialization.Encoding.DER, [])
    )
    msg = EmailMessage()
    msg["From"] = "c1myan.thuthua@example.edu.vn"
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo NQ121"
    msg["Message-ID"] = "<smime1@example.edu.vn>"
    msg.set_content(signed, maintype="application", subtype="pkcs7-mime", filename="smime.p7m")
    msg.set_param("smime-type", "signed-data")
    outcome = pipeline.process(rt, msg.as_bytes(), received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT
    [sub] = rt.store.submissions()
    assert sub.school_id == "th-my-an" and sub.files == ("BC NQ121.docx",)


_UNDATED_SUMMARY = (
    "Sơ kết thực hiện Nghị quyết số 121/2020/QH14 ngày 19/6/2020 của Quốc hội",
    "về phòng, chống xâm hại trẻ em",
)
_SCHOOL_YEAR_SUMMARY = (
    "Về việc thực hiện công tác phòng, chống xâm hại trẻ em",
    "theo Nghị quyết số 121/2020/QH14 năm học 2021-2022",
)


def _docx_of_text(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("summary", "date_line"),
    [
        (_UNDATED_SUMMARY, "ngày 07 tháng 01 năm 2022"),
        (_UNDATED_SUMMARY, "ngày      tháng 01 năm 2022"),
        (_SCHOOL_YEAR_SUMMARY, "ngày 07 tháng 01 năm 2022"),
    ],
)
def test_a_report_sent_late_in_january_counts_for_the_past_autumns_season(
    rt: Runtime, summary: tuple[str, ...], date_line: str
) -> None:
    """A report due on 25/10 and sent on 8/1 of the next year, its title naming no year (or the school
    year 2021-2022), was filed under the calendar year of its date line (or of its receipt, the day left
    blank for the pen): the past season kept the school missing for good, the next one counted it
    received nine months early."""
    paper = dataclasses.replace(
        make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(5), date=dt.date(2022, 1, 7)),
        summary=summary,
    )
    text = render_text(paper).replace("ngày 7 tháng 1 năm 2022", date_line)
    assert date_line in text
    raw = _mail(
        "c1myan.thuthua@example.edu.vn", "Nộp báo cáo NQ121 (muộn)", {"BC NQ121.docx": _docx_of_text(text)}
    )
    received = dt.datetime(2022, 1, 8, 2, 0, tzinfo=dt.UTC)
    assert pipeline.process(rt, raw, received_at=received, source="test").state == MessageState.REPORT
    [sub] = rt.store.submissions()
    assert (sub.school_id, sub.year) == ("th-my-an", 2021)


def test_a_report_titled_with_next_year_by_a_slip_counts_for_the_running_season(rt: Runtime) -> None:
    """A report dated and sent on 20/10/2021, while the 2021 season ran, whose title said "năm 2022" by
    a slip, was filed under 2022: the 2021 season kept the school missing and reminded it."""
    paper = dataclasses.replace(
        make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(6), date=dt.date(2021, 10, 20)),
        summary=(
            "Kết quả triển khai thực hiện Nghị quyết 121/2020/QH14",
            "về phòng, chống xâm hại trẻ em năm 2022",
        ),
    )
    raw = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"BC NQ121.docx": render_docx(paper)})
    assert pipeline.process(rt, raw, received_at=RECEIVED, source="test").state == MessageState.REPORT
    [sub] = rt.store.submissions()
    assert (sub.school_id, sub.year) == ("th-my-an", 2021)


def _next_years_report(school_name: str, sender: str, mid: str) -> bytes:
    """A school's report for 2022 sent early on 05/12/2021, while the 2021 season still ran: its title,
    the subject, the note and the figures' period all say 2022; its date line says 5/12/2021."""
    paper = dataclasses.replace(
        make_paper(school_name, year=2022, rng=random.Random(11), date=dt.date(2021, 12, 5)),
        summary=(
            "Kết quả triển khai thực hiện Nghị quyết 121/2020/QH14",
            "về phòng, chống xâm hại trẻ em năm 2022",
        ),
    )
    raw = _mail(
        sender,
        "Báo cáo NQ121 năm 2022",
        {"BC NQ121 2022.docx": render_docx(paper)},
        body="Kính gửi Phòng, trường gửi sớm báo cáo thực hiện NQ121 năm 2022. Trân trọng.",
        mid=mid,
    )
    return raw.replace(b"Wed, 20 Oct 2021 09:15:00 +0700", b"Sun, 05 Dec 2021 09:00:00 +0700")


def test_next_years_report_sent_early_waits_for_staff_and_changes_nothing_of_this_season(
    config_file: Path, tmp_path: Path
) -> None:
    """In December 2021, while the 2021 season still ran, Mỹ An sent its report «năm 2022» early (the
    title, the subject, the note «gửi sớm báo cáo … năm 2022» and the figures' period all said 2022), and
    Mỹ Lạc, which had sent nothing for 2021, did too. The later year was taken for a slip: Mỹ An's real
    2021 report was replaced by the 2022 one, and Mỹ Lạc was marked «Nộp muộn» for 2021. Both wait for
    staff with a reason naming both years; Mỹ An's 2021 report still counts and Mỹ Lạc is still missing."""
    folder = tmp_path / "export"
    folder.mkdir()
    own = render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(10)))
    (folder / "1.eml").write_bytes(
        _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121 năm 2021", {"BC NQ121.docx": own}, mid="an21")
    )
    (folder / "2.eml").write_bytes(
        _next_years_report("Trường Tiểu học Mỹ An", "c1myan.thuthua@example.edu.vn", "an22")
    )
    (folder / "3.eml").write_bytes(
        _next_years_report("Trường Tiểu học Mỹ Lạc", "c1mylac.thuthua@example.edu.vn", "lac22")
    )
    runner = CliRunner()
    imported = runner.invoke(main, ["--config", str(config_file), "import", str(folder)])
    assert "1 báo cáo được ghi nhận, 2 cần xem xét" in imported.output, imported.output
    status = runner.invoke(
        main, ["--config", str(config_file), "status", "--year", "2021", "--format", "json"]
    )
    schools = {s["school_id"]: s for s in json.loads(status.output)["schools"]}
    assert schools["th-my-an"]["status"] == "received"
    assert schools["th-my-lac"]["status"] == "missing"
    with Runtime.open(config_mod.load(config_file)) as rt:
        [sub] = rt.store.submissions(report_id="nq121")
        assert (sub.school_id, sub.year, sub.files) == ("th-my-an", 2021, ("BC NQ121.docx",))
        reviews = rt.store.reviews()
    assert sorted(r.candidates for r in reviews) == [("th-my-an",), ("th-my-lac",)]
    for review in reviews:
        assert "báo cáo năm 2022" in review.reason and "đang thu báo cáo năm 2021" in review.reason


def _titled(school_name: str, title: str, seed: int, basis: bool = False) -> bytes:
    """school_name's 2021 report with the four sections under title; basis: under a basis citing the
    resolution once, with sections of their own on another subject."""
    paper = dataclasses.replace(make_paper(school_name, year=2021, rng=random.Random(seed)), summary=(title,))
    if basis:
        paper = dataclasses.replace(
            paper,
            preamble=(
                "Căn cứ Luật Trẻ em năm 2016;",
                "Căn cứ Nghị quyết số 121/2020/QH14 ngày 19/6/2020 của Quốc hội về tiếp tục tăng cường hiệu "
                "lực, hiệu quả việc thực hiện chính sách, pháp luật về phòng, chống xâm hại trẻ em;",
                "Căn cứ Kế hoạch số 1520/KH-SGDĐT ngày 15/9/2021 của Sở Giáo dục và Đào tạo;",
            ),
            sections=(
                (
                    "I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI",
                    (
                        "Nhà trường quán triệt các văn bản về phòng, chống bạo "
                        "lực học đường, tai nạn thương tích đến toàn thể cán bộ, giáo viên.",
                    ),
                ),
                (
                    "II. KẾT QUẢ THỰC HIỆN",
                    (
                        "Tổ chức 6 buổi tuyên truyền về phòng, chống bạo lực học đường, "
                        "tai nạn thương tích với 650 lượt học sinh tham gia.",
                    ),
                ),
                ("III. KHÓ KHĂN, VƯỚNG MẮC", ("Cơ sở vật chất còn hạn chế, kinh phí ít.",)),
                ("IV. ĐỀ XUẤT, KIẾN NGHỊ", ("Đề nghị Phòng tổ chức tập huấn thêm cho giáo viên.",)),
            ),
        )
    return render_docx(paper)


@pytest.mark.parametrize(
    ("title", "basis", "why"),
    [
        (
            "Sơ kết 5 năm thực hiện Nghị quyết 121/2020/QH14 (giai đoạn 2020-2025)",
            False,
            "báo cáo của nhiều năm",
        ),
        ("Tổng kết 5 năm triển khai Nghị quyết 121/2020/QH14", False, "báo cáo của nhiều năm"),
        (
            "Công tác phòng, chống bạo lực học đường, tai nạn thương tích và xâm hại trẻ em năm 2021",
            True,
            "trích yếu không ghi tên báo cáo",
        ),
    ],
    ids=["five-years-period", "five-years", "mixed-topics"],
)
def test_a_paper_near_the_report_waits_for_staff_instead_of_being_credited(
    config_file: Path, tmp_path: Path, title: str, basis: bool, why: str
) -> None:
    """A school's «Sơ kết 5 năm thực hiện Nghị quyết 121/2020/QH14 (giai đoạn 2020-2025)» was credited as
    its 2021 report, five years' figures summed as one; a report on school violence, injuries and child
    abuse together, citing the resolution once in its basis, was credited too. Neither is the yearly
    report on the resolution: each waits for staff with its reason, and the school is still missing."""
    folder = tmp_path / "export"
    folder.mkdir()
    raw = _mail(
        "c1myan.thuthua@example.edu.vn",
        f"Báo cáo {title}",
        {"BC.docx": _titled("Trường Tiểu học Mỹ An", title, 12, basis)},
        body="Kính gửi Phòng, trường gửi báo cáo. Trân trọng.",
    )
    (folder / "1.eml").write_bytes(raw)
    runner = CliRunner()
    imported = runner.invoke(main, ["--config", str(config_file), "import", str(folder)])
    assert "0 báo cáo được ghi nhận, 1 cần xem xét" in imported.output, imported.output
    status = runner.invoke(
        main, ["--config", str(config_file), "status", "--year", "2021", "--format", "json"]
    )
    [school] = [s for s in json.loads(status.output)["schools"] if s["school_id"] == "th-my-an"]
    assert school["status"] == "missing"
    with Runtime.open(config_mod.load(config_file)) as rt:
        [review] = rt.store.reviews()
    assert review.candidates == ("th-my-an",) and why in review.reason and title in review.reason


def test_each_school_of_a_bundle_is_filed_under_the_season_of_its_own_report(rt: Runtime) -> None:
    """A cluster leader sent Mỹ Lạc's 2020 report (first) with Mỹ An's 2021 report in one mail: the season
    was read from the first file for the whole message, so Mỹ An's on-time 2021 report was filed under
    2020 and Mỹ An stayed missing (and reminded) in 2021."""
    old = make_paper("Trường Tiểu học Mỹ Lạc", year=2020, rng=random.Random(7))
    new = make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(1))
    raw = _mail(
        "c1myan.thuthua@example.edu.vn",
        "Báo cáo NQ121",
        {"a.docx": render_docx(old), "b.docx": render_docx(new)},
    )
    assert pipeline.process(rt, raw, received_at=RECEIVED, source="test").state == MessageState.REPORT
    filed = {(s.school_id, s.year, s.files) for s in rt.store.submissions()}
    assert filed == {("th-my-lac", 2020, ("a.docx",)), ("th-my-an", 2021, ("b.docx",))}


def test_another_version_of_a_schools_report_in_another_schools_mail_waits_instead_of_replacing_it(
    rt: Runtime, report_docx: bytes
) -> None:
    """Mỹ Lạc mailed its report from its own address; a day later Mỹ An mailed its own report with another
    version of Mỹ Lạc's beside it. That version was credited to Mỹ Lạc and, being the latest, replaced the
    figures Mỹ Lạc itself had sent in the status and the consolidated report until staff moved it. It waits
    for staff naming Mỹ Lạc; an identical copy stays a copy, counted once; Mỹ An's own report counts."""
    own = render_docx(make_paper("Trường Tiểu học Mỹ Lạc", year=2021, rng=random.Random(8)))
    other = render_docx(make_paper("Trường Tiểu học Mỹ Lạc", year=2021, rng=random.Random(9)))
    sent = _mail("c1mylac.thuthua@example.edu.vn", "Báo cáo NQ121", {"BC NQ121 My Lac.docx": own}, mid="lac")
    assert pipeline.process(rt, sent, received_at=RECEIVED, source="test").state == MessageState.REPORT
    later = RECEIVED + dt.timedelta(days=1)
    for mid, version in (("an1", other), ("an2", own)):
        files = {"BC NQ121 My An.docx": report_docx, "BC NQ121 My Lac.docx": version}
        raw = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121 cụm trường", files, mid=mid)
        outcome = pipeline.process(rt, raw, received_at=later, source="test")
        later += dt.timedelta(hours=1)
        if mid == "an1":
            assert [r.candidates for r in outcome.reviews] == [("th-my-lac",)]
            assert "khác bản đó" in outcome.reviews[0].reason
    status = status_mod.season_status(rt.config, rt.store, rt.config.report("nq121"), 2021, FIXED)
    lac = next(s for s in status.schools if s.school_id == "th-my-lac")
    assert [s.message_id for s in lac.submissions] == ["lac@example.edu.vn"]
    assert [s.message_id for s in lac.copies] == ["an2@example.edu.vn"]
    assert [w.message_id for w in status.waiting_for("th-my-lac")] == ["an1@example.edu.vn"]
    an = next(s for s in status.schools if s.school_id == "th-my-an")
    assert an.current is not None and an.current.message_id == "an1@example.edu.vn"


def _saved_anew(data: bytes) -> bytes:
    """A Word file saved again by another program: other bytes (its revision, who saved it), the same text."""
    document = docx.Document(io.BytesIO(data))
    document.core_properties.revision = 7
    document.core_properties.last_modified_by = "Văn thư cụm trường"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_schools_report_of_the_same_text_in_another_schools_mail_is_a_copy(
    rt: Runtime, report_docx: bytes
) -> None:
    """Mỹ Lạc mailed its report; Mỹ An answered all with its own report and Mỹ Lạc's file attached again,
    saved anew by its mail program (other bytes, the very same text). Mỹ Lạc's file waited for staff as
    another version («bản này khác bản đó»). The same text is a copy, counted once; another text still
    waits."""
    own = render_docx(make_paper("Trường Tiểu học Mỹ Lạc", year=2021, rng=random.Random(8)))
    again = _saved_anew(own)
    assert again != own
    sent = _mail("c1mylac.thuthua@example.edu.vn", "Báo cáo NQ121", {"BC NQ121 My Lac.docx": own}, mid="lac")
    assert pipeline.process(rt, sent, received_at=RECEIVED, source="test").state == MessageState.REPORT
    files = {"BC NQ121 My An.docx": report_docx, "BC NQ121 My Lac.docx": again}
    raw = _mail("c1myan.thuthua@example.edu.vn", "Re: Báo cáo NQ121", files, mid="an")
    outcome = pipeline.process(rt, raw, received_at=RECEIVED + dt.timedelta(hours=1), source="test")
    assert outcome.state == MessageState.REPORT and outcome.reviews == (), outcome.reason
    status = status_mod.season_status(rt.config, rt.store, rt.config.report("nq121"), 2021, FIXED)
    lac = next(s for s in status.schools if s.school_id == "th-my-lac")
    assert [s.message_id for s in lac.submissions] == ["lac@example.edu.vn"]
    assert [s.message_id for s in lac.copies] == ["an@example.edu.vn"]
    assert status.waiting_for("th-my-lac") == ()


def test_another_version_of_a_schools_report_alone_in_another_schools_mail_names_the_sender_too(
    rt: Runtime,
) -> None:
    """Mỹ An mailed its report; then Mỹ Phú's address sent one file headed «TRƯỜNG TIỂU HỌC MỸ AN», another
    version. It waited for staff naming Mỹ An alone, though nothing of the mail was Mỹ Phú's and Mỹ Phú may
    have written its own report on that header (after 2025 schools renamed after their commune share its
    name): Mỹ Phú was still reminded, its unit's lists did not show the mail, and the reason did not say
    whose address sent it. The sending school is named as a candidate too."""
    own = render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(8)))
    other = render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(9)))
    sent = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"BC NQ121.docx": own}, mid="an")
    assert pipeline.process(rt, sent, received_at=RECEIVED, source="test").state == MessageState.REPORT
    raw = _mail("c1myphu.thuthua@example.edu.vn", "BC NQ121", {"BC NQ121.docx": other}, mid="phu")
    outcome = pipeline.process(rt, raw, received_at=RECEIVED + dt.timedelta(days=1), source="test")
    assert outcome.state == MessageState.REVIEW and not outcome.submissions
    # Both strong: Mỹ Phú's own address and a header naming Mỹ An in full; the reason names both.
    assert [set(r.candidates) for r in outcome.reviews] == [{"th-my-an", "th-my-phu"}]
    reason = outcome.reviews[0].reason
    assert "Thư gửi từ địa chỉ của Trường Tiểu học Mỹ Phú" in reason and "Trường Tiểu học Mỹ An" in reason
    status = status_mod.season_status(rt.config, rt.store, rt.config.report("nq121"), 2021, FIXED)
    assert [w.message_id for w in status.waiting_for("th-my-phu")] == ["phu@example.edu.vn"]


def test_a_schools_corrected_report_over_an_outlook_quote_of_another_schools_mail_counts(rt: Runtime) -> None:
    """Mỹ An mailed its report, then from the same address its corrected version over an Outlook quote of
    Mỹ Phú's earlier mail ("-----Thư gốc-----", "Từ: Trường Tiểu học Mỹ Phú <…>"). The quoted sender was
    taken for the mail's sender: the correction was read as another school passing on a different version of
    Mỹ An's report and waited for staff, and Mỹ An's figures stayed the old ones. The school whose own
    address sends its own report is that school, whatever its mail quotes."""
    own = render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(8)))
    corrected = render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(9)))
    sent = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"BC NQ121.docx": own}, mid="an")
    assert pipeline.process(rt, sent, received_at=RECEIVED, source="test").state == MessageState.REPORT
    body = (
        "Trường gửi lại báo cáo đã chỉnh sửa số liệu.\n\n-----Thư gốc-----\nTừ: Trường Tiểu học Mỹ Phú "
        "<c1myphu.thuthua@example.edu.vn>\nĐã gửi: Thứ Năm, 21 tháng 10, 2021 10:02\nĐến: "
        "pgdthuthua@example.edu.vn\nChủ đề: BC NQ121\n\nTrường Tiểu học Mỹ Phú gửi báo cáo NQ121.\n"
    )
    raw = _mail(
        "c1myan.thuthua@example.edu.vn", "Gửi lại BC NQ121", {"BC NQ121 (sua).docx": corrected}, body, "an2"
    )
    outcome = pipeline.process(rt, raw, received_at=RECEIVED + dt.timedelta(days=1), source="test")
    assert outcome.state == MessageState.REPORT and not outcome.reviews
    assert [s.school_id for s in outcome.submissions] == ["th-my-an"]
    status = status_mod.season_status(rt.config, rt.store, rt.config.report("nq121"), 2021, FIXED)
    an = next(s for s in status.schools if s.school_id == "th-my-an")
    assert an.current is not None and an.current.message_id == "an2@example.edu.vn"


def test_staff_giving_one_school_of_a_credited_bundle_a_season_leave_the_other_school_its_report(
    rt: Runtime,
) -> None:
    """A cluster leader's mail held Mỹ An's and Mỹ Lạc's reports, each header naming its school, both
    credited. Staff who knew Mỹ An's was its late 2020 report assigned the message to Mỹ An with
    `--year 2020`: the whole message became Mỹ An's, so Mỹ Lạc's report was counted as Mỹ An's and Mỹ Lạc
    was missing (and reminded). The choice is for the chosen school's part only."""
    files = {
        "TH My An.docx": render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(1))),
        "TH My Lac.docx": render_docx(make_paper("Trường Tiểu học Mỹ Lạc", year=2021, rng=random.Random(2))),
    }
    outcome = pipeline.process(
        rt, _mail("c1myan.thuthua@example.edu.vn", "BC NQ121 cụm", files), received_at=RECEIVED, source="test"
    )
    assert {s.school_id for s in outcome.submissions} == {"th-my-an", "th-my-lac"}
    review_mod.assign(rt, outcome.key, "th-my-an", by="test", year=2020)
    assert {(s.school_id, s.year, s.files) for s in rt.store.submissions()} == {
        ("th-my-an", 2020, ("TH My An.docx",)),
        ("th-my-lac", 2021, ("TH My Lac.docx",)),
    }


def test_last_years_report_sent_along_with_this_years_does_not_file_it_under_last_year(rt: Runtime) -> None:
    """A school attached last year's report (first, for comparison) beside its 2021 report: the message
    was filed under 2020, so the school stayed missing in 2021; and read together, last year's figures
    could stand for this year's. The 2021 report counts alone, and the reason names the file left out."""
    old = make_paper("Trường Tiểu học Mỹ An", year=2020, rng=random.Random(7))
    new = make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(1))
    raw = _mail(
        "c1myan.thuthua@example.edu.vn",
        "Báo cáo NQ121 năm 2021 (kèm báo cáo năm 2020)",
        {"BC NQ121 nam 2020.docx": render_docx(old), "BC NQ121 nam 2021.docx": render_docx(new)},
    )
    assert pipeline.process(rt, raw, received_at=RECEIVED, source="test").state == MessageState.REPORT
    [sub] = rt.store.submissions()
    assert (sub.school_id, sub.year, sub.files) == ("th-my-an", 2021, ("BC NQ121 nam 2021.docx",))
    assert any("Không tính BC NQ121 nam 2020.docx vào báo cáo năm 2021" in e for e in sub.evidence)


def _merge_my_thanh(config_file: Path) -> None:
    """Mỹ Thạnh A and B merged into a new school, Tiểu học Mỹ Thạnh, with its own address, on 1/7/2025."""
    text = config_file.read_text(encoding="utf-8")
    text = text.replace('id = "th-my-thanh-a"\n', 'id = "th-my-thanh-a"\nuntil = "2025-06-30"\n')
    text = text.replace('id = "th-my-thanh-b"\n', 'id = "th-my-thanh-b"\nuntil = "2025-06-30"\n')
    text += (
        '\n[[schools]]\nid = "th-my-thanh"\nname = "Trường Tiểu học Mỹ Thạnh"\n'
        'emails = ["c1mythanh.thuthua@example.edu.vn"]\nfrom = "2025-07-01"\n'
    )
    config_file.write_text(text, encoding="utf-8")


@contextmanager
def _received_in_2025(config_file: Path, raw: bytes) -> Iterator[tuple[Runtime, pipeline.Outcome]]:
    """raw read on 20/10/2025 by the office of config_file: its runtime, and what the mail was recorded as."""
    received = dt.datetime(2025, 10, 20, 2, 0, tzinfo=dt.UTC)
    with Runtime.open(config_mod.load(config_file), clock=lambda: received) as rt:
        yield rt, pipeline.process(rt, raw, received_at=received, source="test")


def test_a_report_under_the_name_of_a_school_merged_before_the_season_waits_for_staff(
    config_file: Path,
) -> None:
    """Mỹ Thạnh A was merged into a new Mỹ Thạnh school on 1/7/2025 and sent its 2025 report from its
    old address under its old name: it was recorded as Mỹ Thạnh A's, a school the 2025 season does not
    count, so the report was acknowledged but appeared nowhere and the merged school stayed missing."""
    _merge_my_thanh(config_file)
    paper = make_paper(
        "Trường Tiểu học Mỹ Thạnh A", year=2025, rng=random.Random(21), date=dt.date(2025, 10, 20)
    )
    raw = _mail(
        "c1mythanha.thuthua@example.edu.vn",
        "Báo cáo NQ121 năm 2025 - TH Mỹ Thạnh A",
        {"BC.docx": render_docx(paper)},
    )
    with _received_in_2025(config_file, raw) as (rt, outcome):
        assert outcome.state == MessageState.REVIEW and rt.store.submissions() == []
        [review] = rt.store.reviews()
        assert review.candidates == ("th-my-thanh-a",) and review.year == 2025
        assert "không có trong danh sách phải nộp báo cáo năm 2025" in review.reason
        assigned = review_mod.assign(rt, outcome.key, "th-my-thanh", by="test")
        assert assigned.outcome.state == MessageState.REPORT
        assert [(s.school_id, s.year) for s in rt.store.submissions()] == [("th-my-thanh", 2025)]


def test_an_old_version_of_a_closed_seasons_report_sent_a_year_later_waits_for_staff(rt: Runtime) -> None:
    """Mỹ An's 2020 report (9 sessions) was counted in October 2020. In October 2021 the school wrote «em gửi
    lại báo cáo ạ» over an older 2020 draft (5 sessions): it replaced the closed season's report, the 2020
    figures and the consolidated total changed, and nobody was told. It waits for staff; the very file
    counted then, sent again, is a copy and changes nothing."""
    sender = "c1myan.thuthua@example.edu.vn"
    counted = render_docx(
        make_paper("Trường Tiểu học Mỹ An", year=2020, rng=random.Random(1), date=dt.date(2020, 10, 19))
    )
    draft = render_docx(
        make_paper("Trường Tiểu học Mỹ An", year=2020, rng=random.Random(2), date=dt.date(2020, 10, 12))
    )
    first = pipeline.process(
        rt,
        _mail(sender, "Báo cáo NQ121 năm 2020", {"BC.docx": counted}, mid="y2020"),
        received_at=dt.datetime(2020, 10, 20, 2, 0, tzinfo=dt.UTC),
        source="test",
    )
    assert [(s.school_id, s.year) for s in first.submissions] == [("th-my-an", 2020)]
    stray = pipeline.process(
        rt, _mail(sender, "Gửi lại báo cáo NQ121", {"BC.docx": draft}, "Dạ em gửi lại báo cáo ạ.", "y2021"),
        received_at=RECEIVED, source="test",
    )  # fmt: skip
    assert stray.state == MessageState.REVIEW and not stray.submissions
    assert "đợt báo cáo năm 2020 đã kết thúc và trường đã có báo cáo năm đó" in stray.reason
    again = pipeline.process(
        rt, _mail(sender, "Gửi lại báo cáo NQ121", {"BC.docx": counted}, "Dạ em gửi lại báo cáo ạ.", "y2021b"),
        received_at=RECEIVED, source="test",
    )  # fmt: skip
    assert [(s.school_id, s.year) for s in again.submissions] == [("th-my-an", 2020)]


def test_a_report_from_a_merged_schools_old_address_naming_its_successor_is_the_successors(
    config_file: Path,
) -> None:
    """Mỹ Thạnh B merged into Mỹ Thạnh A on 1/7/2025; its staff, now A's, sent A's 2025 report from B's old
    address under a subject naming A, on a file without a header. It waited for staff as a contradiction
    between B's address and A's name, though B is A now."""
    text = config_file.read_text(encoding="utf-8")
    text = text.replace(
        'id = "th-my-thanh-b"\n',
        'id = "th-my-thanh-b"\nuntil = "2025-06-30"\nmerged_into = "th-my-thanh-a"\n',
    )
    config_file.write_text(text, encoding="utf-8")
    paper = make_paper("Trường Tiểu học Mỹ Thạnh A", year=2025, rng=random.Random(8), named=False)
    raw = _mail(
        "c1mythanhb.thuthua@example.edu.vn",
        "Báo cáo NQ121 năm 2025 - TH Mỹ Thạnh A",
        {"BC.docx": render_docx(paper)},
    )
    with _received_in_2025(config_file, raw) as (rt, outcome):
        assert [(s.school_id, s.year) for s in outcome.submissions] == [("th-my-thanh-a", 2025)]
        assert "trường đã sáp nhập vào Trường Tiểu học Mỹ Thạnh A" in outcome.reason


def test_another_schools_report_from_a_merged_schools_old_address_waits_as_from_its_successors(
    config_file: Path,
) -> None:
    """Mỹ Thạnh B merged into Mỹ Thạnh A on 1/7/2025; its old address, read now by A's staff, sent a 2025
    paper headed «TRƯỜNG TIỂU HỌC MỸ AN», another school's. It was credited to Mỹ An with no review: a
    closed school's address was not weighed against the header at all, though from A's own address the
    same mail would wait (a wrong attachment as likely as a report sent on Mỹ An's behalf)."""
    text = config_file.read_text(encoding="utf-8")
    text = text.replace(
        'id = "th-my-thanh-b"\n',
        'id = "th-my-thanh-b"\nuntil = "2025-06-30"\nmerged_into = "th-my-thanh-a"\n',
    )
    config_file.write_text(text, encoding="utf-8")
    paper = make_paper("Trường Tiểu học Mỹ An", year=2025, rng=random.Random(8), date=dt.date(2025, 10, 16))
    raw = _mail(
        "c1mythanhb.thuthua@example.edu.vn", "Báo cáo NQ121 năm 2025", {"BC.docx": render_docx(paper)}
    )
    with _received_in_2025(config_file, raw) as (rt, outcome):
        assert outcome.state == MessageState.REVIEW and rt.store.submissions() == []
        [review] = rt.store.reviews()
        assert set(review.candidates) == {"th-my-thanh-a", "th-my-an"}
        said = "địa chỉ cũ của Trường Tiểu học Mỹ Thạnh B (đã sáp nhập vào Trường Tiểu học Mỹ Thạnh A)"
        assert said in review.reason


def test_the_merged_schools_report_on_a_former_schools_file_names_the_sender_among_the_candidates(
    config_file: Path,
) -> None:
    """The new Mỹ Thạnh school sent its 2025 report from its own address on Mỹ Thạnh B's old file, header
    and all: the review named Mỹ Thạnh B alone, a school no longer collected, so the merged school's
    unit never saw the mail, its reminders went on, and the reason said the report was Mỹ Thạnh B's."""
    _merge_my_thanh(config_file)
    paper = make_paper(
        "Trường Tiểu học Mỹ Thạnh B", year=2025, rng=random.Random(4), date=dt.date(2025, 10, 16)
    )
    raw = _mail("c1mythanh.thuthua@example.edu.vn", "Báo cáo NQ121 năm 2025", {"BC.docx": render_docx(paper)})
    with _received_in_2025(config_file, raw) as (rt, outcome):
        assert outcome.state == MessageState.REVIEW and rt.store.submissions() == []
        [review] = rt.store.reviews()
        assert review.candidates == ("th-my-thanh", "th-my-thanh-b")
        assert "Thư gửi từ địa chỉ của Trường Tiểu học Mỹ Thạnh" in review.reason


def test_a_merged_schools_header_is_not_taken_for_a_cut_name_of_the_schools_it_replaced(
    config_file: Path,
) -> None:
    """The new Mỹ Thạnh school's 2026 report, headed «TRƯỜNG TIỂU HỌC MỸ THẠNH» and sent from a principal's
    gmail, waited in review every season: its whole name is also the start of «… MỸ THẠNH A» and «… MỸ
    THẠNH B», the schools it replaced, so the header was read as maybe cut at a line end. Schools off the
    season's roster no longer make a header look cut."""
    _merge_my_thanh(config_file)
    paper = make_paper(
        "Trường Tiểu học Mỹ Thạnh", year=2026, rng=random.Random(5), date=dt.date(2026, 10, 14)
    )
    paper = dataclasses.replace(paper, issuer="TRƯỜNG TIỂU HỌC MỸ THẠNH", number="   /BC-TH")
    raw = _mail("hieutruong.nguyenvan@gmail.com", "Báo cáo NQ121 năm 2026", {"BC.docx": render_docx(paper)})
    received = dt.datetime(2026, 10, 19, 2, 0, tzinfo=dt.UTC)
    with Runtime.open(config_mod.load(config_file), clock=lambda: received) as rt:
        outcome = pipeline.process(rt, raw, received_at=received, source="test")
        assert outcome.state == MessageState.REPORT, outcome.reason
        assert [(s.school_id, s.year) for s in rt.store.submissions()] == [("th-my-thanh", 2026)]


def _returned_reminder(to: str) -> EmailMessage:
    """Our reminder as a school's server returns it inside a bounce."""
    subject, body = _our_reminder()
    msg = EmailMessage()
    msg["From"] = "Phòng Giáo dục và Đào tạo huyện Thủ Thừa <pgdthuthua@example.edu.vn>"
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = f"<{mailids.make('reminder:nq121:2021:th-my-an:before-7', 'example.edu.vn')}>"
    msg.set_content(body)
    return msg


def _providers_notice(address: str, message_id: str, text: str, original: EmailMessage) -> EmailMessage:
    """A Vietnamese mail provider's own notice about our mail, in its words, with our mail attached."""
    notice = EmailMessage()
    notice["From"] = f"Hệ thống thư điện tử <{address}>"
    notice["To"] = "pgdthuthua@example.edu.vn"
    notice["Subject"] = "Thông báo lỗi chuyển phát thư"
    notice["Message-ID"] = message_id
    notice.set_content(text)
    notice.add_attachment(original)
    return notice


_DSN_WORDS = {
    "failed": ("5.1.1", "Failure", "Your message wasn't delivered to {}."),
    "delayed": ("4.4.1", "Delay", "Your message to {} has not been delivered yet. Gmail will keep trying."),
    "delivered": ("2.0.0", "Success", "Your message has been delivered to {}."),
    "relayed": ("2.0.0", "Relay", "Your message to {} was relayed to a server that sends no notices."),
    "expanded": ("2.0.0", "Success", "Your message to the list {} was passed on to its members."),
}


def _standard_bounce(failed: str, original: EmailMessage, *, action: str = "failed") -> bytes:
    """A delivery status notification (RFC 3464) with the whole original attached."""
    status, said, words = _DSN_WORDS[action]
    text = words.format(failed)
    head = (
        "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\r\n"
        f"To: pgdthuthua@example.edu.vn\r\nSubject: Delivery Status Notification ({said})\r\n"
        f"Message-ID: <dsn.{action}.{failed}@mx.google.com>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\r\n\r\n'
        f"--b1\r\nContent-Type: text/plain\r\n\r\n{text}\r\n"
        "--b1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; googlemail.com\r\n\r\n"
        f"Final-Recipient: rfc822; {failed}\r\nAction: {action}\r\nStatus: {status}\r\n\r\n"
        "--b1\r\nContent-Type: message/rfc822\r\n\r\n"
    )
    return head.encode() + original.as_bytes() + b"\r\n--b1--\r\n"


def test_a_bounce_of_a_reminder_names_the_schools_address_that_does_not_work(rt: Runtime) -> None:
    """A bounce of a reminder to a school's mistyped address was only noise, "thư bị trả lại", so staff
    never learned that the school was not getting our mail (the reminders went on all season). The
    bounce is still never a report nor the school's answer, and a copy of our mail attached to it (its
    To lists every recipient, reached or not) names nobody: only the failed recipient is recorded."""
    original = _returned_reminder("c1myan.thuthua@example.edu.vn, c2myan.thuthua@example.edu.vn")
    vietnamese = _providers_notice(
        "hethong@mail.vnpt.vn",
        "<loi1@mail.vnpt.vn>",
        "Thư của bạn gửi tới c2myan.thuthua@example.edu.vn không thể chuyển đến người nhận.\n"
        "Lý do: hộp thư không tồn tại (550 5.1.1).",
        original,
    )
    cases = {
        _standard_bounce("c1myan.thuthua@example.edu.vn", original): ("c1myan.thuthua@example.edu.vn",),
        vietnamese.as_bytes(): ("c2myan.thuthua@example.edu.vn",),
        _standard_bounce("someone@gmail.com", original): (),  # not a school's address
    }
    for raw, bounced in cases.items():
        outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
        row = rt.store.message(outcome.key)
        assert row is not None and outcome.state == MessageState.NOISE and row.automatic
        assert row.bounced == bounced
        for address in bounced:
            assert address in outcome.reason and "bị trả lại" in outcome.reason
    assert rt.store.submissions() == [] and rt.store.reviews() == []
    assert rt.store.bounces(RECEIVED, RECEIVED) == {
        "c1myan.thuthua@example.edu.vn": RECEIVED,
        "c2myan.thuthua@example.edu.vn": RECEIVED,
    }


def _pasted_bounce(notice: str, original: EmailMessage, *, failed_header: str = "") -> bytes:
    """A provider's notice with our mail pasted below it, as qmail, Yahoo and Exim send them."""
    bounce = EmailMessage()
    bounce["From"] = "MAILER-DAEMON@mx.example.gov.vn"
    bounce["To"] = "pgdthuthua@example.edu.vn"
    bounce["Subject"] = "failure notice"
    bounce["Message-ID"] = f"<{abs(hash(notice))}@mx.example.gov.vn>"
    if failed_header:
        bounce["X-Failed-Recipients"] = failed_header
    bounce.set_content(f"{notice}\n\n{original.as_string()}")
    return bounce.as_bytes()


def test_a_bounce_with_our_mail_pasted_below_names_only_the_address_that_failed(config_path: Path) -> None:
    """qmail and Yahoo paste our mail below «--- Below this line is a copy of the message.», Exim below
    «------ This is a copy of the message, including all the headers. ------». Every school address in
    the copy (a reminder's To, a digest's table of schools) was recorded as one our mail cannot reach:
    the digest told staff to fix eight schools' correct addresses. Only the failed address counts: the
    one the notice names above the copy, or Exim's X-Failed-Recipients. A staff address that fails is
    named as such."""
    ours = 'staff_emails = ["pgdthuthua@example.edu.vn"'
    text = config_path.read_text(encoding="utf-8")
    assert ours in text
    config_path.write_text(text.replace(ours, f'{ours}, "vhxh.thuthua@example.gov.vn"', 1), encoding="utf-8")
    with Runtime.open(config_mod.load(config_path), clock=lambda: RECEIVED) as rt:
        _pasted_copies_name_nobody(rt)


def _pasted_copies_name_nobody(rt: Runtime) -> None:
    original = _returned_reminder("c1myan.thuthua@example.edu.vn, vhxh.thuthua@example.gov.vn")
    qmail = _pasted_bounce(
        "Hi. This is the qmail-send program at mx.example.gov.vn.\nI'm afraid I wasn't able to deliver your "
        "message to the following addresses.\n\n<vhxh.thuthua@example.gov.vn>:\nSorry, no mailbox here by "
        "that name. (#5.1.1)\n\n--- Below this line is a copy of the message.",
        original,
    )
    exim = _pasted_bounce(
        "A message that you sent could not be delivered to one or more of its recipients. The following "
        "address(es) failed:\n\n  mot.nguoi.la@gmail.com\n    550 5.1.1 The email account does not exist.\n\n"
        "------ This is a copy of the message, including all the headers. ------",
        _returned_reminder("mot.nguoi.la@gmail.com, c1myan.thuthua@example.edu.vn"),
        failed_header="mot.nguoi.la@gmail.com",
    )
    for raw, bounced in ((qmail, ("vhxh.thuthua@example.gov.vn",)), (exim, ())):
        outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
        row = rt.store.message(outcome.key)
        assert row is not None and outcome.state == MessageState.NOISE
        assert row.bounced == bounced
        assert "c1myan" not in outcome.reason
    assert (
        "vhxh.thuthua@example.gov.vn (địa chỉ của cán bộ)"
        in rt.store.message(pipeline.process(rt, qmail, received_at=RECEIVED, source="test").key).reason
    )  # type: ignore[union-attr]
    assert rt.store.bounces(RECEIVED, RECEIVED) == {"vhxh.thuthua@example.gov.vn": RECEIVED}


def test_a_full_mailbox_is_not_called_a_wrong_address(rt: Runtime) -> None:
    """«552 5.2.2 Mailbox full» of the school that had just mailed its report from that address read
    «Kiểm tra lại địa chỉ với trường và sửa [[schools]].emails»: the address is right, the school must
    make room. The address is still listed as one our mail did not reach."""
    original = _returned_reminder("c1myan.thuthua@example.edu.vn")
    vnpt = _providers_notice(
        "hethong@mail.vnpt.vn",
        "<day1@mail.vnpt.vn>",
        "Thư của bạn gửi tới c1myan.thuthua@example.edu.vn không thể chuyển đến người nhận.\n"
        "Lý do: Hộp thư của người nhận đã đầy (552 5.2.2 Mailbox full).",
        original,
    )
    outcome = pipeline.process(rt, vnpt.as_bytes(), received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.NOISE
    assert "đã đầy" in outcome.reason and "xóa bớt thư" in outcome.reason
    assert "Kiểm tra lại địa chỉ" not in outcome.reason
    assert rt.store.bounces(RECEIVED, RECEIVED) == {"c1myan.thuthua@example.edu.vn": RECEIVED}
    assert rt.store.returns(RECEIVED, RECEIVED) == {
        "c1myan.thuthua@example.edu.vn": (RECEIVED, Returned.FULL)
    }


def _dsn_with(failed: str, status: str, diagnostic: str, original: EmailMessage) -> bytes:
    """A Postfix delivery status notification of our mail to failed, with its Status and Diagnostic-Code."""
    head = (
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.edu.vn>\r\n"
        "To: pgdthuthua@example.edu.vn\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        f"Message-ID: <dsn.{status}@mx.example.edu.vn>\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\r\n\r\n'
        f"--b1\r\nContent-Type: text/plain\r\n\r\nI'm sorry to have to inform you that your message could not\r\n"
        f"be delivered to one or more recipients.\r\n\r\n<{failed}>: {diagnostic}\r\n"
        "--b1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.edu.vn\r\n\r\n"
        f"Final-Recipient: rfc822; {failed}\r\nAction: failed\r\nStatus: {status}\r\n"
        f"Diagnostic-Code: smtp; {diagnostic}\r\n\r\n"
        "--b1\r\nContent-Type: message/rfc822\r\n\r\n"
    )
    return head.encode() + original.as_bytes() + b"\r\n--b1--\r\n"


@pytest.mark.parametrize(
    ("status", "diagnostic", "said", "advice"),
    [
        ("5.7.1", "550 5.7.1 Message rejected as spam", "thư rác", "cho phép hộp thư nhận thư"),
        ("5.2.1", "550 5.2.1 Mailbox disabled, not accepting messages", "bị khóa", "mở lại hộp thư"),
        ("4.4.7", "Message expired, unable to deliver in 5 days", "tạm thời", "thư sau có thể đến"),
    ],
)
def test_a_bounce_refused_for_policy_or_a_disabled_mailbox_is_not_called_a_wrong_address(
    rt: Runtime, status: str, diagnostic: str, said: str, advice: str
) -> None:
    """Every bounce but «mailbox full» told staff the address did not exist and should be fixed in the
    config: «550 5.7.1 Message rejected as spam», a disabled mailbox (5.2.1), a server that gave up on a
    passing trouble (4.x.x). The status's class (RFC 3463) says why, and the address is right."""
    address = "c1myan.thuthua@example.edu.vn"
    outcome = pipeline.process(
        rt,
        _dsn_with(address, status, diagnostic, _returned_reminder(address)),
        received_at=RECEIVED,
        source="t",
    )
    assert outcome.state == MessageState.NOISE and address in outcome.reason
    assert said in outcome.reason and advice in outcome.reason and "vẫn đúng" in outcome.reason
    assert "không tồn tại" not in outcome.reason and "kiểm tra lại địa chỉ" not in outcome.reason
    found = status_mod.season_status(rt.config, rt.store, rt.config.report("nq121"), 2021, FIXED)
    [note] = found.bounced_notes((address,))
    assert said in note and status_mod.NO_MAILBOX not in note and "kiểm tra lại" not in note
    assert not found.wrong_address(address) and "kiểm tra lại" not in found.returned_why(address)


def test_a_bounce_to_an_address_that_just_sent_its_report_does_not_ask_to_fix_it(
    rt: Runtime, report_docx: bytes
) -> None:
    """Mỹ An mailed its report at 09:15; an hour later our acknowledgement to that very address came back
    «550 5.1.1»: staff were told the address did not exist and to fix the config, though it works. The
    address that mail came from is not called wrong, in the bounce's reason nor in the lists."""
    address = "c1myan.thuthua@example.edu.vn"
    report = _mail(address, "Báo cáo thực hiện NQ121", {"BC NQ121.docx": report_docx})
    assert pipeline.process(rt, report, received_at=RECEIVED, source="t").state == MessageState.REPORT
    later = RECEIVED + dt.timedelta(hours=1)
    raw = _dsn_with(address, "5.1.1", "550 5.1.1 User unknown", _returned_reminder(address))
    outcome = pipeline.process(rt, raw, received_at=later, source="t")
    assert outcome.state == MessageState.NOISE
    assert "vẫn gửi thư đến Phòng lúc" in outcome.reason and "09:15" in outcome.reason
    assert "kiểm tra lại địa chỉ" not in outcome.reason
    found = status_mod.season_status(rt.config, rt.store, rt.config.report("nq121"), 2021, FIXED)
    assert not found.wrong_address(address)
    [note] = found.bounced_notes((address,))
    assert "vẫn gửi thư đến Phòng" in note and "kiểm tra lại" not in note
    # its mailbox full, what helps is still to make room
    full = _dsn_with(address, "5.2.2", "552 5.2.2 Mailbox full", _returned_reminder(address))
    outcome = pipeline.process(rt, full, received_at=later + dt.timedelta(hours=1), source="t")
    assert "xóa bớt thư cũ" in outcome.reason and "kiểm tra lại địa chỉ" not in outcome.reason


def test_a_notice_that_a_reminder_is_late_is_not_called_returned(rt: Runtime) -> None:
    """A server that cannot pass our reminder on for now says so and retries (a DSN whose Action is
    "delayed", a provider's notice that it "sẽ thử gửi lại"): staff read that the mail had been returned,
    and the provider's notice marked the school's address as one our mail cannot reach, though the
    reminder may yet arrive. It is still never a report nor the school's answer."""
    original = _returned_reminder("c1myan.thuthua@example.edu.vn")
    provider = _providers_notice(
        "postmaster@mail.vnpt.vn",
        "<cham1@mail.vnpt.vn>",
        "Thư của bạn gửi tới c1myan.thuthua@example.edu.vn chưa chuyển được đến người nhận. Hệ thống sẽ "
        "tiếp tục thử gửi lại trong 48 giờ, bạn không cần gửi lại thư.",
        original,
    )
    for raw in (
        _standard_bounce("c1myan.thuthua@example.edu.vn", original, action="delayed"),
        provider.as_bytes(),
    ):
        outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
        row = rt.store.message(outcome.key)
        assert row is not None and outcome.state == MessageState.NOISE and row.automatic
        assert row.bounced == ()
        assert outcome.reason.startswith("Thư báo chậm chuyển thư") and "sẽ tự thử gửi lại" in outcome.reason
    assert rt.store.bounces(RECEIVED, RECEIVED) == {}
    assert rt.store.submissions() == [] and rt.store.reviews() == []


@pytest.mark.parametrize("action", ["delivered", "relayed", "expanded"])
def test_a_notice_that_a_reminder_arrived_is_not_called_returned(rt: Runtime, action: str) -> None:
    """A server's confirmation that our reminder reached the school (a DSN whose Action is "delivered",
    "relayed" or "expanded", as Exchange sends for a delivery receipt) was worded as a bounce, "thư bị trả
    lại": staff read that the school's address did not work. It is still never a report nor the school's
    answer, and names no address as returned."""
    original = _returned_reminder("c1myan.thuthua@example.edu.vn")
    raw = _standard_bounce("c1myan.thuthua@example.edu.vn", original, action=action)
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    row = rt.store.message(outcome.key)
    assert row is not None and outcome.state == MessageState.NOISE and row.automatic
    assert row.bounced == () and rt.store.bounces(RECEIVED, RECEIVED) == {}
    assert outcome.reason.startswith(pipeline.DELIVERED_REASON)
    assert rt.store.submissions() == [] and rt.store.reviews() == []


def test_a_plain_receipt_that_a_reminder_arrived_is_not_called_returned(rt: Runtime) -> None:
    """Exchange's plain delivery receipt, «Đã chuyển: …» from postmaster, naming the school's address our
    reminder reached, was worded «thư bị trả lại» and marked that address as one our mail cannot reach."""
    receipt = EmailMessage()
    receipt["From"] = "postmaster@example.edu.vn"
    receipt["To"] = "pgdthuthua@example.edu.vn"
    receipt["Subject"] = "Đã chuyển: Nhắc nộp báo cáo NQ121 năm 2021"
    receipt["Auto-Submitted"] = "auto-replied"
    receipt["Message-ID"] = "<receipt1@example.edu.vn>"
    receipt.set_content(
        "Thư của bạn đã được chuyển tới những người nhận hoặc nhóm sau:\n\n"
        "c1myan.thuthua@example.edu.vn (c1myan.thuthua@example.edu.vn)\n\nChủ đề: Nhắc nộp báo cáo NQ121 năm 2021"
    )
    outcome = pipeline.process(rt, receipt.as_bytes(), received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.NOISE and outcome.reason.startswith(pipeline.DELIVERED_REASON)
    assert rt.store.bounces(RECEIVED, RECEIVED) == {}


def test_one_pdf_holding_two_schools_reports_credits_each_school_with_its_pages(rt: Runtime) -> None:
    """A commune's clerk merged Mỹ Lạc's and Mỹ Phú's reports into one PDF and mailed it from her own
    address: Mỹ Lạc, whose header came first, was credited with the whole file, Mỹ Phú's sections and
    figures included, and Mỹ Phú stayed missing."""
    first = make_paper("Trường Tiểu học Mỹ Lạc", year=2021, rng=random.Random(2))
    second = make_paper("Trường Tiểu học Mỹ Phú", year=2021, rng=random.Random(3))
    merged = pypdfium2.PdfDocument.new()
    for data in (render_pdf(first), render_pdf(second)):
        merged.import_pages(pypdfium2.PdfDocument(data))
    out = io.BytesIO()
    merged.save(out)
    raw = _mail("vanhoa.xamyan@gmail.com", "Báo cáo NQ121 các trường", {"BC NQ121.pdf": out.getvalue()})
    assert pipeline.process(rt, raw, received_at=RECEIVED, source="test").state == MessageState.REPORT
    subs = {s.school_id: s for s in rt.store.submissions()}
    assert set(subs) == {"th-my-lac", "th-my-phu"}
    assert subs["th-my-lac"].files == ("BC NQ121.pdf (trang 1-2)",)
    assert subs["th-my-phu"].files == ("BC NQ121.pdf (trang 3-4)",)
    for school, paper in (("th-my-lac", first), ("th-my-phu", second)):
        stated = dict(paper.expected.figures)
        read = {k: v["value"] for k, v in subs[school].figures.items()}
        assert read == {k: stated[k] for k in read} and read


def test_two_schools_files_of_one_name_are_each_read_into_their_own_school(rt: Runtime) -> None:
    """A clerk attached Mỹ Lạc's and Mỹ Phú's reports, both saved as "Bao cao NQ121.docx" in their
    schools' folders: a submission keeps its documents by name, so each school's submission was read
    from both files, and Mỹ Lạc's sections and figures could be Mỹ Phú's."""
    papers = {
        "th-my-lac": make_paper("Trường Tiểu học Mỹ Lạc", year=2021, rng=random.Random(2)),
        "th-my-phu": make_paper("Trường Tiểu học Mỹ Phú", year=2021, rng=random.Random(3)),
    }
    msg = EmailMessage()
    msg["From"] = "vanhoa.xamyan@gmail.com"
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo NQ121 hai trường"
    msg["Message-ID"] = "<same-name@example.edu.vn>"
    msg.set_content("Kính gửi Phòng GD&ĐT, gửi báo cáo của hai trường.")
    for paper in papers.values():
        data = render_docx(paper)
        msg.add_attachment(
            data, maintype="application", subtype="octet-stream", filename="Bao cao NQ121.docx"
        )
    outcome = pipeline.process(rt, msg.as_bytes(), received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT
    subs = {s.school_id: s for s in rt.store.submissions()}
    assert subs["th-my-lac"].files == ("Bao cao NQ121.docx",)
    assert subs["th-my-phu"].files == ("Bao cao NQ121.docx (2)",)
    for school, paper in papers.items():
        stated = dict(paper.expected.figures)
        read = {k: v["value"] for k, v in subs[school].figures.items()}
        assert read and read == {k: stated[k] for k in read}


def test_another_schools_file_that_cannot_be_read_in_a_bundle_waits_for_staff(rt: Runtime) -> None:
    """A cluster leader sent Mỹ An's and Mỹ Lạc's reports with Mỹ Phú's, whose upload was cut short:
    the two were credited and Mỹ Phú's broken file was only a note in their evidence, so nobody asked
    Mỹ Phú to send it again."""
    files = {
        "BC NQ121 - TH My An.docx": render_docx(
            make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(1))
        ),
        "BC NQ121 - TH My Lac.docx": render_docx(
            make_paper("Trường Tiểu học Mỹ Lạc", year=2021, rng=random.Random(2))
        ),
        "BC NQ121 - TH My Phu.pdf": b"%PDF-1.4\n garbage \x00\x01",
    }
    raw = _mail("c1myan.thuthua@example.edu.vn", "BC NQ121 cụm Mỹ An", files)
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT
    assert {s.school_id for s in rt.store.submissions()} == {"th-my-an", "th-my-lac"}
    [review] = rt.store.reviews()
    assert review.candidates == ("th-my-phu",)
    assert "BC NQ121 - TH My Phu.pdf (tên tệp ghi Trường Tiểu học Mỹ Phú)" in review.reason
    # Staff who have Mỹ Phú's paper copy count it: the two others keep theirs, none of theirs is Mỹ Phú's.
    review_mod.assign(rt, outcome.key, "th-my-phu", by="test")
    subs = {s.school_id: s for s in rt.store.submissions()}
    assert subs["th-my-an"].files == ("BC NQ121 - TH My An.docx",)
    assert subs["th-my-phu"].files == ("BC NQ121 - TH My Phu.pdf",) and subs["th-my-phu"].figures == {}


def test_staff_choosing_the_school_of_one_unclear_report_in_a_bundle_keeps_the_other_schools(
    rt: Runtime,
) -> None:
    """A cluster's mail held Mỹ An's and Mỹ Lạc's reports, credited, and one headed only "TRƯỜNG TIỂU HỌC
    MỸ THẠNH" (A or B), waiting for staff. Staff assigned the message to Mỹ Thạnh B as asked: Mỹ An and
    Mỹ Lạc lost their reports and Mỹ Thạnh B was credited with all three files."""
    unclear = dataclasses.replace(
        make_paper("Trường Tiểu học Mỹ Thạnh B", year=2021, rng=random.Random(4)),
        issuer="TRƯỜNG TIỂU HỌC MỸ THẠNH",
        number="15/BC-TH",
    )
    files = {
        "TH My An.docx": render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(1))),
        "TH My Lac.docx": render_docx(make_paper("Trường Tiểu học Mỹ Lạc", year=2021, rng=random.Random(2))),
        "TH My Thanh.docx": render_docx(unclear),
    }
    outcome = pipeline.process(
        rt, _mail("c1myan.thuthua@example.edu.vn", "BC NQ121 cụm", files), received_at=RECEIVED, source="test"
    )
    [review] = outcome.reviews
    assert review.candidates == ("th-my-thanh-a", "th-my-thanh-b")
    # The message's reason says which file went where, and what waits, each once.
    assert outcome.reason.count("Thư có báo cáo của 2 trường") == 1
    assert "TH My Lac.docx ghi «TRƯỜNG TH MỸ LẠC»" in outcome.reason and "TH My Thanh.docx" in outcome.reason
    review_mod.assign(rt, outcome.key, "th-my-thanh-b", by="test")
    assert {(s.school_id, s.files) for s in rt.store.submissions()} == {
        ("th-my-an", ("TH My An.docx",)),
        ("th-my-lac", ("TH My Lac.docx",)),
        ("th-my-thanh-b", ("TH My Thanh.docx",)),
    }
    assert rt.store.reviews() == []


def test_a_poorly_read_scan_in_a_bundle_holds_back_only_its_own_school(
    config: Config, scan_pdf: bytes
) -> None:
    """A commune clerk sent Mỹ An's and Mỹ Lạc's reports as Word files with Nhị Thành's scan, read
    poorly: the whole message waited for staff, and since a message is assigned to one school, staff
    could credit only one of the three from it."""
    strict = dataclasses.replace(Runtime.open(config, clock=lambda: FIXED), min_ocr_confidence=99.9)
    files = {
        "TH My An.docx": render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(1))),
        "TH My Lac.docx": render_docx(make_paper("Trường Tiểu học Mỹ Lạc", year=2021, rng=random.Random(2))),
        "scan0001.pdf": scan_pdf,
    }
    raw = _mail("vanhoa.xamyan@gmail.com", "Báo cáo NQ121 các trường", files)
    try:
        outcome = pipeline.process(strict, raw, received_at=RECEIVED, source="test")
        assert {s.school_id for s in strict.store.submissions()} == {"th-my-an", "th-my-lac"}
        [review] = outcome.reviews
        assert review.candidates == ("thcs-nhi-thanh",) and "scan0001.pdf" in review.reason
        review_mod.assign(strict, outcome.key, "thcs-nhi-thanh", by="test")
        assert {(s.school_id, s.files) for s in strict.store.submissions()} == {
            ("th-my-an", ("TH My An.docx",)),
            ("th-my-lac", ("TH My Lac.docx",)),
            ("thcs-nhi-thanh", ("scan0001.pdf",)),
        }
    finally:
        strict.close()


def test_another_schools_draft_beside_a_final_report_waits_for_staff(rt: Runtime) -> None:
    """A cluster leader sent Mỹ An's report with Mỹ Lạc's draft ("Du thao BC TH My Lac.docx"): the whole
    mail waited as a draft, Mỹ An's own report uncounted, and Mỹ Lạc was not even among the schools
    staff were offered."""
    files = {
        "BC TH My An.docx": render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(1))),
        "Du thao BC TH My Lac.docx": render_docx(
            make_paper("Trường Tiểu học Mỹ Lạc", year=2021, rng=random.Random(2))
        ),
    }
    outcome = pipeline.process(
        rt, _mail("c1myan.thuthua@example.edu.vn", "BC NQ121", files), received_at=RECEIVED, source="test"
    )
    assert outcome.state == MessageState.REPORT
    assert [(s.school_id, s.files) for s in rt.store.submissions()] == [("th-my-an", ("BC TH My An.docx",))]
    [review] = outcome.reviews
    assert review.candidates == ("th-my-lac",) and "bản nháp" in review.reason


def _shared(person: str, name: str, service: str, subject: str, link: str) -> bytes:
    """A file sharing service's notice of a file someone shared with the office: From the service's
    no-reply address, the person in Reply-To, as Google Drive and WeTransfer send them."""
    msg = EmailMessage()
    msg["From"] = f'"{name} (qua Google Drive)" <{service}>'
    msg["Reply-To"] = f"{name} <{person}>"
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = subject
    msg["Message-ID"] = f"<share.{person.split('@')[0]}@{service.split('@')[1]}>"
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    text = f"{name} ({person}) đã chia sẻ một tài liệu với bạn\n\n{subject}\n{link}\n\nMở\n"
    msg.set_content(text)
    msg.add_alternative(f"<html><body><p>{text}</p><a href='{link}'>Mở</a></body></html>", subtype="html")
    return msg.as_bytes()


def test_a_report_shared_through_a_transfer_service_is_the_schools_unreadable_report(rt: Runtime) -> None:
    """A school that sent its report with WeTransfer (From noreply@wetransfer.com, the school's address in
    Reply-To) was taken for a robot's mail: noise, no acknowledgement, and the school was never told to
    attach the file."""
    raw = _shared(
        "c1longthanh.thuthua@example.edu.vn",
        "TH Long Thạnh",
        "noreply@wetransfer.com",
        "c1longthanh.thuthua@example.edu.vn đã gửi cho bạn Báo cáo NQ121",
        "https://we.tl/t-AbCdEf1234",
    )
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.UNREADABLE
    [sub] = rt.store.submissions()
    assert sub.school_id == "th-long-thanh"
    assert "we.tl" in outcome.reason


def test_assigning_a_shared_file_teaches_the_person_who_shared_it_not_the_service(rt: Runtime) -> None:
    """Staff assigned a principal's Google Drive share (From drive-shares-dm-noreply@google.com, the
    principal's gmail in Reply-To) to her school: baocao learned Google's address for that school, and the
    next Drive share from any other school's teacher was credited to it."""
    service = "drive-shares-dm-noreply@google.com"
    link = "https://docs.google.com/document/d/1AbC/edit?usp=sharing"
    first = _shared(
        "lanhtt1985@gmail.com", "Lê Thị Thanh", service, 'Tài liệu được chia sẻ: "BC NQ121"', link
    )
    outcome = pipeline.process(rt, first, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW
    review_mod.assign(rt, outcome.key, "th-my-phu", by="test")
    second = _shared(
        "tuanpv@gmail.com", "Phạm Văn Tuấn", service, 'Tài liệu được chia sẻ: "Báo cáo NQ121"', link
    )
    later = pipeline.process(rt, second, received_at=RECEIVED, source="test")
    assert later.state == MessageState.REVIEW
    assert {s.school_id for s in rt.store.submissions()} == {"th-my-phu"}


def test_a_robots_mail_carrying_a_report_is_not_credited_by_its_reply_to(
    rt: Runtime, report_docx: bytes
) -> None:
    """A sharing service's notice is read as the person's in its Reply-To only because it carries no file:
    a no-reply mail carrying a report with a school's address in Reply-To (which anyone can write) was
    credited to that school as its received report."""
    msg = EmailMessage()
    msg["From"] = "noreply@hethong-nop-bai.example.com"
    msg["Reply-To"] = "c1myan.thuthua@example.edu.vn"
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo NQ121"
    msg["Message-ID"] = "<robot.1@hethong-nop-bai.example.com>"
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    msg.set_content("Hệ thống gửi tệp đính kèm.")
    msg.add_attachment(report_docx, maintype="application", subtype="octet-stream", filename="BC NQ121.docx")
    pipeline.process(rt, msg.as_bytes(), received_at=RECEIVED, source="test")
    assert not [s for s in rt.store.submissions() if s.school_id == "th-my-an"]


def test_a_report_the_servers_spam_filter_marked_waits_for_staff_and_is_credited_when_assigned(
    config_path: Path, report_docx: bytes
) -> None:
    """Trường Tiểu học Mỹ An's report, in mail the district's server marked «X-Spam-Flag: YES» (a school
    domain's broken SPF), was dropped as spam: the school was listed as missing and reminded. It waits for
    staff with the school it names, and counts once staff assign it."""
    raw = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"BC NQ121.docx": report_docx})
    raw = b"X-Spam-Flag: YES\r\nX-Spam-Status: Yes, score=5.3 required=5.0\r\n" + raw
    with Runtime.open(config_mod.load(config_path), clock=lambda: FIXED) as runtime:
        outcome = pipeline.process(runtime, raw, received_at=RECEIVED, source="test")
        assert runtime.store.submissions() == []
        [review] = runtime.store.reviews(report_id="nq121", year=2021)
    assert outcome.state == MessageState.REVIEW and review.candidates == ("th-my-an",)
    assert "thư rác" in review.reason and "Trường Tiểu học Mỹ An" in review.reason
    assigned = CliRunner().invoke(
        main, ["--config", str(config_path), "assign", outcome.key[:12], "th-my-an"]
    )
    assert assigned.exit_code == 0, assigned.output
    with Runtime.open(config_mod.load(config_path), clock=lambda: FIXED) as runtime:
        [credited] = runtime.store.submissions(report_id="nq121", year=2021)
    assert credited.school_id == "th-my-an"


def test_the_same_file_sent_three_times_is_one_submission_and_two_noted_copies(
    rt: Runtime, report_docx: bytes
) -> None:
    """Regression: a school unsure its mail arrived sent the same report three times (the same file's
    bytes): the export said "Số lần gửi: 3" and the school's page listed three submissions. It is one
    submission; the later copies are listed as such and every message stays archived. A file sent again
    after a correction (the first version once more) is a submission of its own."""
    from kernel.export import status_table
    from kernel.status import season_status

    school = "c1myan.thuthua@example.edu.vn"
    first = render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(8)))
    sent = [("m1", first), ("m2", first), ("m3", first)]
    for n, (mid, data) in enumerate(sent):
        at = RECEIVED + dt.timedelta(hours=n)
        raw = _mail(school, "Báo cáo NQ121", {"BC NQ121.docx": data}, mid=mid)
        assert pipeline.process(rt, raw, received_at=at, source="test").state == MessageState.REPORT
    status = season_status(rt.config, rt.store, rt.config.reports[0], 2021, FIXED)
    [mine] = [s for s in status.schools if s.school_id == "th-my-an"]
    assert [s.message_id for s in mine.submissions] == ["m1@example.edu.vn"]
    assert [s.message_id for s in mine.copies] == ["m2@example.edu.vn", "m3@example.edu.vn"]
    assert mine.received_at == RECEIVED
    table = status_table(status, rt.config)
    [row] = [r for r in table.rows if r[1] == "th-my-an"]
    assert row[table.headers.index("Số lần gửi")] == 1
    assert all(len(rt.store.find_messages(f"{mid}@example.edu.vn")) == 1 for mid, _ in sent)
    for n, (mid, data) in enumerate([("m4", report_docx), ("m5", first)], start=3):
        raw = _mail(school, "Báo cáo NQ121", {"BC NQ121.docx": data}, mid=mid)
        pipeline.process(rt, raw, received_at=RECEIVED + dt.timedelta(hours=n), source="test")
    status = season_status(rt.config, rt.store, rt.config.reports[0], 2021, FIXED)
    [mine] = [s for s in status.schools if s.school_id == "th-my-an"]
    assert [s.message_id for s in mine.submissions] == [f"m{n}@example.edu.vn" for n in (1, 4, 5)]


def _system_notice(
    sender: str,
    unit: str,
    number: str,
    files: dict[str, bytes],
    link: str | None = None,
    mid: str = "vb1",
    subject: str | None = None,
    summary: str = "Báo cáo kết quả thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em",
) -> bytes:
    """A document system's notice of a paper a unit sent through it (VNPT-iOffice, a province's QLVB):
    HTML only, the paper's fields in a table, the signed PDF attached or only a link into the system."""
    rows = (
        ("Loại", "Văn bản đi"),
        ("Đơn vị gửi", unit),
        ("Số ký hiệu", number),
        ("Ngày ban hành", "20/10/2021"),
        ("Trích yếu", summary),
        ("Người ký", "Nguyễn Thị Hồng"),
    )
    table = "".join(f"<tr><td>{key}</td><td>{value}</td></tr>" for key, value in rows)
    more = f"<p><a href='{link}'>Xem chi tiết văn bản</a></p>" if link else ""
    msg = EmailMessage()
    msg["From"] = f'"VNPT-iOffice" <{sender}>'
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = subject or f"[iOffice] Văn bản đi: Số {number} Báo cáo kết quả thực hiện NQ 121"
    msg["Message-ID"] = f"<{mid}@ioffice.tayninh.gov.vn>"
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    msg.set_content(
        f"<html><body><p>Hệ thống thông báo văn bản:</p><table>{table}</table>{more}"
        "<p>Đây là thư tự động, vui lòng không trả lời.</p></body></html>",
        subtype="html",
    )
    for name, data in files.items():
        msg.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return msg.as_bytes()


def test_a_document_systems_notice_carrying_a_schools_signed_report_credits_the_school(rt: Runtime) -> None:
    """A school that sends its report through the province's document system (VNPT-iOffice mails it From
    noreply@…, the signed PDF attached) had it dropped as a robot's mail: noise, never even in review, and
    the school was reminded of a report the office had. It counts for the school its PDF names, and, the
    sender being the system, it is never answered."""
    report = render_pdf(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(3)))
    raw = _system_notice(
        "noreply@ioffice.tayninh.gov.vn",
        "Trường Tiểu học Mỹ An",
        "45/BC-THMA",
        {"45-BC-THMA.signed.pdf": report},
    )
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT
    assert [s.school_id for s in rt.store.submissions()] == ["th-my-an"]
    row = rt.store.message(outcome.key)
    assert row is not None and row.automatic


def test_a_document_systems_notice_with_a_mailing_lists_header_fields_still_credits_the_school(
    rt: Runtime,
) -> None:
    """Some document systems mark every notice as list mail ("Precedence: bulk", List-Id, "Auto-Submitted:
    auto-generated"): a school's report sent through one was dropped as a newsletter, never even in review,
    and the school was reminded of a report the office had. A notice naming a school as its sending unit is
    read as the system's before the list rule; a newsletter with the same fields and no sending unit, or the
    Department's own notice, stays list mail."""
    report = render_pdf(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(3)))
    notice = _system_notice(
        "noreply@ioffice.tayninh.gov.vn", "Trường Tiểu học Mỹ An", "45/BC-THMA", {"45-BC-THMA.pdf": report}
    )
    listed = b"Precedence: bulk\nList-Id: <vanban.ioffice.tayninh.gov.vn>\nAuto-Submitted: auto-generated\n"
    outcome = pipeline.process(rt, listed + notice, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT
    assert [s.school_id for s in rt.store.submissions()] == ["th-my-an"]
    newsletter = _mail(
        "bantin@giaoduc.example.com",
        "Bản tin pháp luật tháng 10",
        {"BanTin.pdf": report},
        "Số ký hiệu: 121/2020/QH14\nTrích yếu: Nghị quyết về phòng, chống xâm hại trẻ em\n"
        "Ngày ban hành: 19/6/2020\nNgười ký: Nguyễn Thị Kim Ngân",
        mid="news1",
    )
    bulk = pipeline.process(rt, listed + newsletter, received_at=RECEIVED, source="test")
    assert bulk.state == MessageState.NOISE and "hàng loạt" in bulk.reason
    department = _system_notice(
        "noreply@ioffice.tayninh.gov.vn",
        "Sở Giáo dục và Đào tạo Tây Ninh",
        "2345/SGDĐT-GDTH",
        {},
        link="https://ioffice.tayninh.gov.vn/vbden/chitiet?id=11",
        mid="sgd1",
        summary="V/v triển khai thực hiện Nghị quyết 121/2020/QH14 năm học 2021-2022",
    )
    own = pipeline.process(rt, listed + department, received_at=RECEIVED, source="test")
    assert own.state == MessageState.NOISE and "hàng loạt" in own.reason


def test_a_document_systems_notice_with_only_a_link_is_the_named_units_unreadable_report(rt: Runtime) -> None:
    """A document system's notice that gives the paper only as a link into the system (no file attached)
    was noise, «Thư nhắc đến báo cáo nhưng không kèm văn bản báo cáo nào»: the school, named by the
    notice's «Đơn vị gửi», has sent its report in a form the office cannot read here."""
    raw = _system_notice(
        "vanban@tayninh.gov.vn",
        "Trường Tiểu học Mỹ Phú",
        "17/BC-THMP",
        {},
        link="https://qlvb.tayninh.gov.vn/vbdi/chitiet?id=5521",
    )
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.UNREADABLE
    [sub] = rt.store.submissions()
    assert sub.school_id == "th-my-phu" and sub.kind == "unreadable"
    assert "qlvb.tayninh.gov.vn" in outcome.reason


def test_an_address_learned_for_one_school_never_credits_a_document_systems_notice(rt: Runtime) -> None:
    """The province's document system sends every unit's papers from one address. Once that address was
    learned for Tiểu học Mỹ An, a notice of another school's report whose PDF and fields name no school
    we know was credited to Tiểu học Mỹ An by the address alone."""
    rt.store.learn_address("vanban@tayninh.gov.vn", "th-my-an", "earlier", FIXED)
    cropped = render_pdf(make_paper("Trường THCS Mỹ Lạc", year=2021, rng=random.Random(4), named=False))
    raw = _system_notice("vanban@tayninh.gov.vn", "THCS-ML", "21/BC", {"BaoCao.signed.pdf": cropped})
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW
    assert rt.store.submissions() == []


def test_assigning_a_document_systems_notice_learns_no_address(rt: Runtime) -> None:
    """Staff assigning a system's notice that named no school taught its no-reply address to the school:
    every later notice of any unit would have been that school's."""
    cropped = render_pdf(make_paper("Trường THCS Mỹ Lạc", year=2021, rng=random.Random(4), named=False))
    raw = _system_notice("noreply@ioffice.tayninh.gov.vn", "THCS-ML", "21/BC", {"BaoCao.signed.pdf": cropped})
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assigned = review_mod.assign(rt, outcome.key, "thcs-my-lac", by="test")
    assert assigned.learned is None
    assert rt.store.learned_addresses() == {}


def test_an_unknown_robots_mail_carrying_a_report_waits_for_staff(rt: Runtime, report_docx: bytes) -> None:
    """A no-reply address that is no document system's notice (no paper's fields) carrying a school's
    report was dropped as a robot's mail: staff never saw it. It is not credited (anyone can make a robot
    send a file) but waits for staff with the school its paper names."""
    msg = EmailMessage()
    msg["From"] = "noreply@hethong-nop-bai.example.com"
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo NQ121"
    msg["Message-ID"] = "<robot.2@hethong-nop-bai.example.com>"
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    msg.set_content("Hệ thống gửi tệp đính kèm.")
    msg.add_attachment(report_docx, maintype="application", subtype="octet-stream", filename="BC NQ121.docx")
    outcome = pipeline.process(rt, msg.as_bytes(), received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW
    assert [r.candidates for r in outcome.reviews] == [("th-my-an",)]
    assert rt.store.submissions() == []


def test_a_document_systems_notice_of_another_districts_namesake_credits_no_school_of_ours(
    rt: Runtime,
) -> None:
    """The province's document system serves every district: a notice whose sending unit is «Trường Tiểu
    học Mỹ An - huyện Tân Châu» gave its link-only report to our Tiểu học Mỹ An, whose name it fits."""
    raw = _system_notice(
        "noreply@ioffice.tayninh.gov.vn",
        "Trường Tiểu học Mỹ An - huyện Tân Châu",
        "30/BC-THMA",
        {},
        link="https://ioffice.tayninh.gov.vn/vbdi/chitiet?id=99",
    )
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW
    assert rt.store.submissions() == []
    assert "Tân Châu" in outcome.reason


def test_a_document_systems_recall_notice_carrying_the_recalled_paper_reaches_staff(rt: Runtime) -> None:
    """A document system's notice that a school recalled its report («Thu hồi văn bản») attaches the
    recalled PDF: it was counted as one more copy of the report, and the recall never reached staff."""
    report = render_pdf(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(3)))
    files = {"45-BC-THMA.signed.pdf": report}
    sent = _system_notice("noreply@ioffice.tayninh.gov.vn", "Trường Tiểu học Mỹ An", "45/BC-THMA", files)
    assert pipeline.process(rt, sent, received_at=RECEIVED, source="test").state == MessageState.REPORT
    recall = _system_notice(
        "noreply@ioffice.tayninh.gov.vn",
        "Trường Tiểu học Mỹ An",
        "45/BC-THMA",
        files,
        mid="vb2",
        subject="[iOffice] Thu hồi văn bản số 45/BC-THMA",
    )
    outcome = pipeline.process(rt, recall, received_at=RECEIVED + dt.timedelta(hours=2), source="test")
    assert outcome.state == MessageState.REVIEW
    assert "thu hồi" in outcome.reason
    assert len(rt.store.submissions()) == 1


def test_a_document_systems_link_to_a_plan_is_no_report(rt: Runtime) -> None:
    """A notice of the school's plan («Trích yếu | Kế hoạch thực hiện Nghị quyết 121 …») under the system's
    generic subject, given as a link, was recorded as the school's report sent as a link, unreadable: the
    table's cell bar before the title hid that the link leads to a plan."""
    raw = _system_notice(
        "noreply@ioffice.tayninh.gov.vn",
        "Trường Tiểu học Mỹ An",
        "20/KH-THMA",
        {},
        link="https://ioffice.tayninh.gov.vn/vbdi/chitiet?id=7",
        subject="[iOffice] Thông báo văn bản mới",
        summary="Kế hoạch thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em năm học 2021-2022",
    )
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.NOISE
    assert rt.store.submissions() == []


def _headed_then_cropped(rt: Runtime, report_docx: bytes, gmail: str) -> ReviewRow:
    """Mỹ An's report from gmail, credited by its header, then a resend whose file lost its header: the
    resend's row waiting for staff, said to follow mail of the season credited to Mỹ An."""
    first = _mail(gmail, "Báo cáo NQ121", {"BaoCao_NQ121.docx": report_docx}, mid=f"{gmail}1")
    assert [
        s.school_id for s in pipeline.process(rt, first, received_at=RECEIVED, source="test").submissions
    ] == ["th-my-an"]
    cropped = render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(9), named=False))
    resend = _mail(
        gmail, "Gửi lại báo cáo NQ121", {"BaoCao_NQ121.docx": cropped}, "Dạ em gửi lại ạ.", f"{gmail}2"
    )
    later = pipeline.process(rt, resend, received_at=RECEIVED + dt.timedelta(days=2), source="test")
    assert later.state == MessageState.REVIEW and not later.submissions
    [waiting] = [r for r in rt.store.reviews() if r.message_key == later.key]
    assert (
        f"Thư khác từ địa chỉ {gmail} trong năm 2021 đã được tính cho Trường Tiểu học Mỹ An" in waiting.reason
    )
    return waiting


def test_a_resend_without_a_header_names_the_school_the_address_was_credited_to_this_season(
    rt: Runtime, report_docx: bytes
) -> None:
    """A teacher's gmail sent Mỹ An's report, credited by its header, then a corrected copy whose file
    had lost its header: it waited in review naming no school, so the clerk had to guess and no unit's
    list showed it. The school that earlier mail of the season from that address was credited to is a
    candidate, never credited: a personal address is learned only when staff assign it."""
    assert _headed_then_cropped(rt, report_docx, "nguyenthilan.1985@gmail.com").candidates == ("th-my-an",)
    cropped = render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(9), named=False))
    other = _mail("khac.1990@gmail.com", "Báo cáo NQ121", {"BaoCao_NQ121.docx": cropped}, mid="lan3")
    alone = pipeline.process(rt, other, received_at=RECEIVED + dt.timedelta(days=3), source="test")
    assert [r.candidates for r in rt.store.reviews() if r.message_key == alone.key] == [()]


def test_a_resend_from_an_address_that_names_one_school_also_offers_the_one_it_sent_for(
    rt: Runtime, report_docx: bytes
) -> None:
    """A principal heading two schools used a gmail named after Mỹ Lạc to send Mỹ An's report (credited by
    its header), then a resend that had lost its header: it waited offering Mỹ Lạc alone, by the address's
    name, and never said the address had sent Mỹ An's report that season."""
    waiting = _headed_then_cropped(rt, report_docx, "hieutruong.thmylac@gmail.com")
    assert set(waiting.candidates) == {"th-my-lac", "th-my-an"}


def test_a_resend_waiting_offers_the_school_its_address_later_sends_for_too(
    rt: Runtime, report_docx: bytes
) -> None:
    """A family's shared gmail sent Mỹ An's report (credited by its header), then a resend that had lost
    its header, which waited offering Mỹ An. Mỹ Phú's headed report came next from the same gmail: the
    resend went on offering Mỹ An alone, its reason saying the address had sent for Mỹ An only, as it was
    when first read. It is read again and offers both."""
    gmail = "tuanhuong.giadinh@gmail.com"
    waiting = _headed_then_cropped(rt, report_docx, gmail)
    assert waiting.candidates == ("th-my-an",)
    paper = render_docx(make_paper("Trường Tiểu học Mỹ Phú", year=2021, rng=random.Random(4)))
    headed = _mail(gmail, "Báo cáo NQ121 TH Mỹ Phú", {"BaoCao.docx": paper}, mid="phu1")
    later = pipeline.process(rt, headed, received_at=RECEIVED + dt.timedelta(days=3), source="test")
    assert [s.school_id for s in later.submissions] == ["th-my-phu"]
    [again] = rt.store.reviews(message_key=waiting.message_key)
    assert set(again.candidates) == {"th-my-an", "th-my-phu"}
    assert (
        f"Thư khác từ địa chỉ {gmail} trong năm 2021 đã được tính cho Trường Tiểu học Mỹ An, Trường Tiểu học "
        "Mỹ Phú" in again.reason
    )


def test_a_note_from_an_address_credited_this_season_names_that_school(
    rt: Runtime, report_docx: bytes
) -> None:
    """The same teacher's gmail, after Mỹ An's report was credited by its header, wrote that the signed
    copy went by Zalo: the note waited in review naming no school, so only the receiving mailbox's unit
    saw it. It names the school the address's mail of the season was credited to, crediting nothing."""
    gmail = "nguyenthilan.1985@gmail.com"
    first = _mail(gmail, "Báo cáo NQ121", {"BaoCao_NQ121.docx": report_docx}, mid="zalo1")
    assert pipeline.process(rt, first, received_at=RECEIVED, source="test").state == MessageState.REPORT
    body = "Dạ em đã gửi bản ký số báo cáo NQ121 qua Zalo cho chị Hạnh rồi ạ."
    note = _mail(gmail, "Báo cáo NQ121", {}, body, "zalo2")
    later = pipeline.process(rt, note, received_at=RECEIVED + dt.timedelta(days=1), source="test")
    assert later.state == MessageState.REVIEW and not later.submissions
    [waiting] = [r for r in rt.store.reviews() if r.message_key == later.key]
    assert waiting.candidates == ("th-my-an",) and "đã được tính cho Trường Tiểu học Mỹ An" in waiting.reason
    assert [s.school_id for s in rt.store.submissions()] == ["th-my-an"]


def _with_logo(logo_disposition: str, picture: bytes | None = None) -> bytes:
    """A school's Outlook mail under a report subject carrying another paper, its signature's logo a
    small picture with no text in it (or picture), placed in the text (inline) or attached, by its
    Content-ID."""
    other = render_docx(make_other_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(5), topic=0))
    logo = io.BytesIO()
    Image.new("RGB", (120, 40), (200, 30, 30)).save(logo, "PNG")
    msg = EmailMessage()
    msg["From"] = "c1myan.thuthua@example.edu.vn"
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo NQ121"
    msg["Message-ID"] = f"<logo-{logo_disposition}@example.edu.vn>"
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    msg.set_content("Kính gửi Phòng GD&ĐT.\nTrường Tiểu học Mỹ An")
    msg.add_alternative('<p>Kính gửi Phòng GD&amp;ĐT.</p><img src="cid:image001.png@01D7C5">', subtype="html")
    msg.get_payload()[1].add_related(
        picture or logo.getvalue(),
        maintype="image",
        subtype="png",
        cid="<image001.png@01D7C5>",
        filename="image001.png",
        disposition=logo_disposition,
    )
    msg.add_attachment(other, maintype="application", subtype="octet-stream", filename="BC.docx")
    return msg.as_bytes()


def _blank_photo() -> bytes:
    """A phone's photo of a blank sheet: no words in it, but the size of a photo, not of a logo."""
    rng = random.Random(7)
    photo = Image.new("L", (600, 800))
    photo.putdata([rng.randrange(225, 235) for _ in range(600 * 800)])
    out = io.BytesIO()
    photo.convert("RGB").save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("logo_disposition", ["inline", "attachment"])
def test_a_signatures_logo_in_the_text_is_no_report_that_could_not_be_read(
    rt: Runtime, logo_disposition: str
) -> None:
    """Outlook places a signature's logo in the mail's text (image001.png, inline, by Content-ID), or
    attaches it by its Content-ID. Under a report subject over another paper, the logo, no text in it, was
    taken for the report photographed unreadably: the school was recorded as having sent an unreadable
    report and told to take a clearer photo. A small picture with no text in it is part of the mail."""
    verdict = pipeline.process(rt, _with_logo(logo_disposition), received_at=RECEIVED, source="test")
    assert verdict.state == MessageState.NOISE and not verdict.submissions


def test_a_photo_attached_with_no_words_read_stays_a_report_that_could_not_be_read(rt: Runtime) -> None:
    """A photo of the report in which no words are recognised is no signature's logo, in the mail's text
    or attached: the school is told to take a clearer photo."""
    verdict = pipeline.process(
        rt, _with_logo("attachment", _blank_photo()), received_at=RECEIVED, source="test"
    )
    assert verdict.state == MessageState.UNREADABLE
    [row] = rt.store.messages()
    assert "Không nhận dạng được chữ nào trong ảnh image001.png" in row.reason


def _sent_reminder(rt: Runtime, school_id: str) -> str:
    """Our reminder to a school, in the send log as the scheduler records it; its Message-ID."""
    school = rt.config.school(school_id)
    key = f"reminder:nq121:2021:{school_id}:before-7"
    item = Outgoing(
        MailKind.REMINDER, "nq121", 2021, school_id, school.emails, (), "Nhắc nộp báo cáo", "", None, (), key
    )
    Outbox(rt.store).add(item, b"reminder", RECEIVED - dt.timedelta(days=2))
    return mailids.make(key, rt.config.own_domain)


def _answering(
    sender: str, subject: str, answered: str, files: dict[str, bytes], body: str = "Dạ em gửi báo cáo ạ."
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = subject
    msg["Message-ID"] = "<CAF0x1y2z3@mail.gmail.com>"
    msg["In-Reply-To"] = msg["References"] = f"<{answered}>"
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    msg.set_content(body)
    for name, data in files.items():
        msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return msg.as_bytes()


def test_a_report_from_a_personal_address_answering_our_reminder_names_the_reminded_school(
    rt: Runtime,
) -> None:
    """A teacher answered our reminder to Tiểu học Mỹ An from her own gmail, "Dạ em gửi báo cáo ạ", with a
    report whose header was cropped off. Staff read «không ghi tên trường nào» with no school to choose,
    Mỹ An's unit never saw it, and Mỹ An went on being reminded: the thread (In-Reply-To naming our
    reminder) was not read. The reminded school is now a candidate; alone it decides nothing."""
    answered = _sent_reminder(rt, "th-my-an")
    paper = make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(5), named=False)
    paper = dataclasses.replace(paper, parent_body="", issuer="", number="")
    raw = _answering(
        "cogiao.lan1987@gmail.com",
        "Re: Nhắc nộp báo cáo",
        answered,
        {"BC NQ121.docx": render_docx(paper)},
    )
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW and rt.store.submissions() == []
    [review] = outcome.reviews
    assert review.candidates == ("th-my-an",)
    assert "Thư trả lời thư của Phòng (nhắc nộp hoặc xác nhận) đã gửi Trường Tiểu học Mỹ An." in review.reason


def test_a_stranger_quoting_a_schools_reminder_keeps_waiting_after_that_schools_report(
    rt: Runtime, report_docx: bytes
) -> None:
    """An unknown gmail forwarded Mỹ An's reminder (no In-Reply-To or References to it), quoting «Kính
    gửi: Hiệu trưởng Trường Tiểu học Mỹ An», with a report naming no school. Staff read «Thư trả lời thư
    gửi Hiệu trưởng …», and once Mỹ An sent its own report the mail left the review queue, settled by it:
    anyone may quote any school's reminder. Only a real reply ties a mail to the school our mail went to;
    the quoted school is offered to staff, and the mail keeps waiting."""
    paper = make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(5), named=False)
    paper = dataclasses.replace(paper, parent_body="", issuer="", number="")
    msg = EmailMessage()
    msg["From"], msg["To"] = "nguyenvana.gv@gmail.com", "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Fw: Nhắc nộp báo cáo kết quả triển khai thực hiện Nghị quyết 121/2020/QH14"
    msg["Message-ID"], msg["Date"] = "<fw-quoted@mail.gmail.com>", "Wed, 20 Oct 2021 09:15:00 +0700"
    msg.set_content(
        "Em gửi báo cáo ạ.\n\n---------- Forwarded message ---------\n\nVào Th 4, 20 thg 10, 2021 lúc 07:30 "
        "Phòng GD&ĐT Thủ Thừa <pgdthuthua@example.edu.vn> đã viết:\n> Kính gửi: Hiệu trưởng Trường Tiểu học "
        "Mỹ An\n>\n> Phòng Giáo dục và Đào tạo huyện Thủ Thừa đề nghị nhà trường gửi báo cáo kết quả triển "
        "khai thực hiện Nghị quyết 121/2020/QH14 về Phòng chậm nhất ngày 25/10/2021.\n"
    )
    msg.add_attachment(render_docx(paper), maintype="application", subtype="octet-stream", filename="bc.docx")
    outcome = pipeline.process(rt, msg.as_bytes(), received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW and rt.store.submissions() == []
    [review] = outcome.reviews
    assert review.candidates == ("th-my-an",) and review.holds == ()
    assert "Thư trả lời thư gửi Hiệu trưởng" not in review.reason and "Thư trích lại" in review.reason

    own = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"BC NQ121.docx": report_docx}, mid="own")
    later = RECEIVED + dt.timedelta(hours=2)
    assert pipeline.process(rt, own, received_at=later, source="test").state == MessageState.REPORT
    status = status_mod.season_status(rt.config, rt.store, rt.config.report("nq121"), 2021, FIXED)
    assert [r.message_key for r in status.review] == [outcome.key] and status.settled == ()


def test_a_header_naming_another_school_outweighs_the_reminder_a_mail_answers(rt: Runtime) -> None:
    """A principal heading Mỹ An and Mỹ Lạc answered our reminder to Mỹ An from his gmail with Mỹ Lạc's
    report: the thread says whose reminder it answers, the header whose report it is."""
    answered = _sent_reminder(rt, "th-my-an")
    paper = make_paper("Trường Tiểu học Mỹ Lạc", year=2021, rng=random.Random(6))
    raw = _answering(
        "hieutruong.tran@gmail.com", "Re: Nhắc nộp báo cáo", answered, {"BC.docx": render_docx(paper)}
    )
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT, outcome.reason
    assert [s.school_id for s in rt.store.submissions()] == ["th-my-lac"]


def test_a_note_from_a_personal_address_answering_our_reminder_waits_for_the_reminded_school(
    rt: Runtime,
) -> None:
    """ "Dạ trường em sẽ gửi báo cáo chiều nay ạ" from a gmail, answering our reminder to Mỹ An, named no
    school for staff, so Mỹ An's page never showed it."""
    answered = _sent_reminder(rt, "th-my-an")
    said = "Dạ trường em sẽ gửi báo cáo chiều nay ạ."
    raw = _answering("cogiao.lan1987@gmail.com", "Re: Nhắc nộp báo cáo", answered, {}, said)
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW and rt.store.submissions() == []
    assert [r.candidates for r in outcome.reviews] == [("th-my-an",)]


def test_a_report_over_a_long_quoted_thread_is_credited_and_says_what_was_left_unread(
    rt: Runtime, report_docx: bytes
) -> None:
    history = "\n".join(
        f"{'> ' * (n % 12 + 1)}Trường Tiểu học Mỹ An báo cáo tổng số học sinh năm học 2021-2022 là {n} em."
        for n in range(40_000)
    )
    body = f"Kính gửi Phòng GD&ĐT, trường gửi báo cáo NQ121 ạ.\n\n{history}"
    raw = _mail(
        "c1myan.thuthua@example.edu.vn", "RE: Báo cáo NQ121", {"BC NQ121.docx": report_docx}, body=body
    )
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT
    [sub] = rt.store.submissions(report_id="nq121", year=2021)
    assert sub.school_id == "th-my-an"
    assert "Nội dung thư quá dài" in outcome.reason and "không được đọc" in outcome.reason


def test_the_same_file_attached_under_two_names_is_read_and_shown_once(
    rt: Runtime, report_docx: bytes
) -> None:
    files = {"BC.docx": report_docx, "BC (1).docx": report_docx}
    raw = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo thực hiện NQ121", files)
    read: list[str] = []

    def reading(name: str, data: bytes) -> Reading:
        read.append(name)
        return read_attachment(name, data)

    documents, _ = papers.read_mail(message.parse(raw, "x"), reading)
    assert read == ["BC.docx"]  # identical bytes are read (for a scan: recognised) once
    assert [d.name for d in documents] == ["BC.docx"]
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT
    [sub] = rt.store.submissions(report_id="nq121", year=2021)
    assert sub.school_id == "th-my-an" and sub.files == ("BC.docx",)
    assert (
        "Lưu ý khi đọc BC.docx: thư kèm thêm «BC (1).docx» giống hệt tệp «BC.docx», chỉ đọc và tính một lần."
        in (sub.evidence)
    )


def _speckled_png(side: int) -> bytes:
    """A picture of coloured specks, no words: a signature's logo to the eye of OCR, tens of kB as PNG."""
    rng = random.Random(side)
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3)).save(out, "PNG")
    return out.getvalue()


def _link_with_picture(
    picture: bytes,
    img: str,
    source: str = "cid:image001.png@01D7C5A8.1E2F3A40",
    disposition: str = "attachment",
) -> bytes:
    """A school's mail sending its report as a Drive link, its HTML showing a picture by Content-ID
    (img: the attributes of the <img> besides src, "" for no <img>), the picture marked as an attachment."""
    link = "https://drive.google.com/file/d/1AbCdEfGh/view?usp=sharing"
    msg = EmailMessage()
    msg["From"] = "Trường TH Mỹ An <c1myan.thuthua@example.edu.vn>"
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo NQ121"
    msg["Message-ID"] = "<logo.link@example.edu.vn>"
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    msg.set_content(f"Kính gửi Phòng, trường gửi báo cáo NQ121:\n{link}\n")
    shown = f'<img {img} src="{source}">' if img else ""
    msg.add_alternative(
        f'<div>Trường gửi báo cáo NQ121: <a href="{link}">BC NQ121.docx</a></div><p>Trân trọng.</p>{shown}',
        subtype="html",
    )
    html = msg.get_payload()[1]  # type: ignore[index]
    html.add_related(
        picture,
        maintype="image",
        subtype="png",
        cid="<image001.png@01D7C5A8.1E2F3A40>",
        filename="image001.png",
        disposition=disposition,
    )
    return msg.as_bytes()


@pytest.mark.parametrize(
    ("img", "source"),
    [
        ('width=110 height=110 style="width:1.15in;height:1.15in"', "cid:image001.png@01D7C5A8.1E2F3A40"),
        ('style="width: 160px; height: 90px"', "cid:image001.png@01D7C5A8.1E2F3A40"),
        ('width="110" height="110"', "CID:IMAGE001.PNG@01D7C5A8.1E2F3A40"),
    ],
)
def test_a_signature_logo_attached_by_content_id_beside_a_link_asks_the_school_to_attach_the_report(
    rt: Runtime, img: str, source: str
) -> None:
    """Outlook may send the logo of a school's signature (tens of kB) as an attachment that its HTML
    shows by Content-ID. Beside a report sent as a link, the logo was taken for a photo of the report:
    the school was told «Không nhận dạng được chữ nào trong ảnh image001.png» and never asked to attach
    its report. A picture the HTML shows at a logo's size is part of the mail's text."""
    logo = _speckled_png(110)
    assert 10 * 1024 < len(logo) < 50 * 1024
    outcome = pipeline.process(rt, _link_with_picture(logo, img, source), received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.UNREADABLE
    assert "Đề nghị trường gửi lại báo cáo dạng tệp đính kèm" in outcome.reason
    assert "image001.png" not in outcome.reason


@pytest.mark.parametrize("img", ["", 'alt="image.png"', 'width="562" height="795"'])
def test_a_picture_attached_by_content_id_and_not_shown_small_is_still_a_file(rt: Runtime, img: str) -> None:
    """A picture of a page's size in pixels not shown at a logo's size (shown at a page's size, at its own
    size, or not shown) may be a photo of the report: it is read as a file sent, never passed over."""
    outcome = pipeline.process(
        rt, _link_with_picture(_blank_photo(), img), received_at=RECEIVED, source="test"
    )
    assert outcome.state == MessageState.UNREADABLE
    assert "image001.png" in outcome.reason


def _school_logo(width: int = 420, height: int = 140) -> bytes:
    """A school's logo as a signature shows it: its name in capitals over a speckled band, over 50 kB."""
    rng = random.Random(width)
    band = Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))
    picture = Image.blend(Image.new("RGB", (width, height), "white"), band, 0.25)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 22)
    ImageDraw.Draw(picture).text((12, 52), "TRƯỜNG TIỂU HỌC MỸ AN", fill=(10, 40, 140), font=font)
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("disposition", ["inline", "attachment"])
def test_a_signature_logo_shown_by_content_id_at_its_own_size_is_no_page_of_the_report(
    rt: Runtime, report_docx: bytes, disposition: str
) -> None:
    """A school's HTML signature shows its logo by Content-ID with no size in the <img> (the picture's own,
    a few hundred pixels wide), the report attached beside it. Weighing more than a small icon, the logo
    was read as a photo of the report: a page of the submission, or the file that could not be read. A
    picture too small in pixels to hold a readable page is the signature's."""
    logo = _school_logo()
    assert len(logo) > 50 * 1024
    msg = EmailMessage()
    msg["From"] = "Trường TH Mỹ An <c1myan.thuthua@example.edu.vn>"
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo NQ121"
    msg["Message-ID"] = "<logo.own.size@example.edu.vn>"
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    msg.set_content("Kính gửi Phòng, trường gửi báo cáo NQ121.\nTrân trọng.")
    msg.add_alternative(
        '<p>Kính gửi Phòng, trường gửi báo cáo NQ121.</p><p>Trân trọng.</p><img src="cid:logo-myan">',
        subtype="html",
    )
    html = msg.get_payload()[1]  # type: ignore[index]
    html.add_related(
        logo, maintype="image", subtype="png", cid="<logo-myan>", filename="logo.png", disposition=disposition
    )
    msg.add_attachment(report_docx, maintype="application", subtype="octet-stream", filename="BC NQ121.docx")
    outcome = pipeline.process(rt, msg.as_bytes(), received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT and "logo.png" not in outcome.reason
    [sub] = rt.store.submissions(report_id="nq121", year=2021)
    assert (sub.school_id, sub.files) == ("th-my-an", ("BC NQ121.docx",))


def test_a_signature_logo_shown_at_its_own_size_beside_a_link_asks_for_the_file(rt: Runtime) -> None:
    """The same logo beside a report sent as a link: the school is asked to attach its report, not told
    that the logo could not be read."""
    raw = _link_with_picture(_school_logo(), 'alt="logo"', disposition="inline")
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert "Đề nghị trường gửi lại báo cáo dạng tệp đính kèm" in outcome.reason
    assert "image001.png" not in outcome.reason


def test_a_letter_whose_summary_is_written_out_is_no_report_for_naming_the_resolution(rt: Runtime) -> None:
    """A school's letter «Về việc cử cán bộ tham dự tập huấn triển khai Nghị quyết 121/2020/QH14» was
    counted as its NQ121 report: only «V/v» opened a letter's summary, so the paper had no kind and no
    title, and naming the resolution was enough. The school showed as reported and was never reminded."""
    paper = docx.Document()
    for line in (
        "UBND XÃ MỸ AN",
        "TRƯỜNG TIỂU HỌC MỸ AN",
        "Số: 45/TH-MA",
        "Về việc cử cán bộ tham dự tập huấn",
        "triển khai Nghị quyết 121/2020/QH14",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Mỹ An, ngày 15 tháng 10 năm 2021",
        "Kính gửi: Phòng Giáo dục và Đào tạo huyện Thủ Thừa",
        "Thực hiện Công văn số 512/PGDĐT ngày 10/10/2021 của Phòng Giáo dục và Đào tạo về việc tổ chức tập "
        "huấn công tác phòng, chống xâm hại trẻ em theo Nghị quyết 121/2020/QH14 của Quốc hội;",
        "Trường Tiểu học Mỹ An cử cán bộ, giáo viên sau tham dự tập huấn:",
        "1. Bà Nguyễn Thị Lan, Phó Hiệu trưởng.",
        "2. Ông Trần Văn Bình, Tổng phụ trách Đội.",
        "Trân trọng./.",
        "HIỆU TRƯỞNG",
        "Lê Văn Tám",
    ):
        paper.add_paragraph(line)
    out = io.BytesIO()
    paper.save(out)
    raw = _mail(
        "c1myan.thuthua@example.edu.vn", "Gửi Phòng", {"CV cu can bo tap huan NQ121.docx": out.getvalue()}
    )
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.NOISE and not outcome.submissions, outcome.reason
    assert "Về việc cử cán bộ tham dự tập huấn" in outcome.reason


@pytest.mark.parametrize(
    ("to", "subject"),
    [
        ("vanphong@sogddt.example.gov.vn", "Gửi Sở báo cáo NQ121 các trường"),
        ("c1myan.thuthua@example.edu.vn", "RE: Báo cáo NQ121"),
    ],
)
def test_a_copy_of_the_offices_mail_to_others_carrying_reports_is_the_offices_own(
    rt: Runtime, report_docx: bytes, to: str, subject: str
) -> None:
    """A copy of the office's mail sent to others (the Sở, or a school it sends its report back to), kept
    in the mailbox baocao reads (a sent folder, a Bcc), waited for staff as if staff passed on schools'
    reports for crediting: staff had to mark every such copy internal by hand. Written to no address of
    the office, it is the office's outgoing mail."""
    msg = EmailMessage()
    msg["From"] = "Phòng GD&ĐT Thủ Thừa <pgdthuthua@example.edu.vn>"
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = "<sent-copy@example.edu.vn>"
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    msg.set_content("Phòng gửi báo cáo NQ121 của trường.")
    msg.add_attachment(
        report_docx, maintype="application", subtype="octet-stream", filename="BC TH My An.docx"
    )
    outcome = pipeline.process(rt, msg.as_bytes(), received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.INTERNAL and not rt.store.reviews()
    assert f"Bản lưu thư Phòng gửi đến {to}" in outcome.reason


@pytest.mark.parametrize(
    "to",
    ["vanphong@sogddt.example.gov.vn", "c1myan.thuthua@example.edu.vn", "chuyenvien.thuthua@gmail.com"],
)
@pytest.mark.parametrize("cc", ["", "pgdthuthua@example.edu.vn"])
def test_a_copy_of_the_offices_forward_of_a_schools_mail_to_others_is_the_offices_own(
    rt: Runtime, report_docx: bytes, to: str, cc: str
) -> None:
    """The office forwarding a school's report on to the Sở, back to the school (unsigned, to sign again)
    or to a clerk's own Gmail: the copy the mailbox keeps was credited to the school as its report, undoing
    a rejection, and its acknowledgement went to the office itself. Written to no address of the office,
    it is the office's outgoing mail whoever wrote the mail it passes on; so it is with the office's own
    address in Cc, as a clerk copies herself (the school then showed late, on the day of the forward)."""
    body = (
        "Phòng chuyển báo cáo của trường.\n\n---------- Forwarded message ---------\n"
        "From: Trường Tiểu học Mỹ An <c1myan.thuthua@example.edu.vn>\n"
        "Date: Wed, Oct 20, 2021 at 8:00 AM\nSubject: Báo cáo NQ121\nTo: <pgdthuthua@example.edu.vn>\n\n"
        "Kính gửi Phòng.\n"
    )
    msg = EmailMessage()
    msg["From"], msg["To"] = "Phòng GD&ĐT Thủ Thừa <pgdthuthua@example.edu.vn>", to
    if cc:
        msg["Cc"] = cc
    msg["Subject"], msg["Message-ID"] = "Fwd: Báo cáo NQ121", "<sent-forward@example.edu.vn>"
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    msg.set_content(body)
    msg.add_attachment(report_docx, maintype="application", subtype="octet-stream", filename="BC NQ121.docx")
    outcome = pipeline.process(rt, msg.as_bytes(), received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.INTERNAL and not outcome.submissions, outcome.reason
    assert f"Bản lưu thư Phòng gửi đến {to}" in outcome.reason


def test_the_offices_mail_to_its_own_mailbox_carrying_a_report_still_waits_for_staff(
    rt: Runtime, report_docx: bytes
) -> None:
    """Staff passing on a school's report to the office's mailbox (received on paper, by Zalo) still ask."""
    raw = _mail(
        "pgdthuthua@example.edu.vn", "Báo cáo NQ121 TH Mỹ An (nhận qua Zalo)", {"BC.docx": report_docx}
    )
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REVIEW


def test_a_photo_of_the_report_pasted_into_the_html_as_data_is_read(rt: Runtime) -> None:
    """A webmail kept the photo of the report a school pasted into its mail inside the HTML as data, not
    as a part: baocao saw no file and told the school «Thư ghi gửi báo cáo nhưng không thấy tệp đính kèm»."""
    photo = render_photo_jpeg(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(3)))
    msg = EmailMessage()
    msg["From"] = "c1myan.thuthua@example.edu.vn"
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo NQ121"
    msg["Message-ID"] = "<data-uri@example.edu.vn>"
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    data = base64.b64encode(photo).decode()
    msg.set_content(
        f'<div>Trường gửi báo cáo NQ121 (ảnh bên dưới).</div><img src="data:image/jpeg;base64,{data}">',
        subtype="html",
    )
    outcome = pipeline.process(rt, msg.as_bytes(), received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT, outcome.reason
    [sub] = rt.store.submissions(report_id="nq121", year=2021)
    assert sub.school_id == "th-my-an" and sub.files == ("ảnh dán trong thư 1.jpg",)


@pytest.mark.parametrize("disposition", ["inline", "attachment"])
def test_a_signature_banner_over_50_kb_shown_small_beside_a_link_asks_the_school_to_attach_the_report(
    rt: Runtime, disposition: str
) -> None:
    """A signature's banner (a photo of the school's gate, tens of kB more than a logo) shown across the
    foot of the mail was counted as a file: beside a report sent as a link, the school was told its photo
    could not be read. What the HTML shows at a banner's size is part of the mail whatever it weighs."""
    banner = _speckled_png(160)
    assert len(banner) > 50 * 1024
    raw = _link_with_picture(banner, 'width="600" height="160"', disposition=disposition)
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.UNREADABLE
    assert "Đề nghị trường gửi lại báo cáo dạng tệp đính kèm" in outcome.reason
    assert "image001.png" not in outcome.reason


def test_a_photo_of_the_report_the_html_shows_small_is_still_read(rt: Runtime) -> None:
    """A picture shown at a logo's size is passed over only when no text is found in it: a photographed
    report page the mail happens to show small is read and credited as any photo."""
    photo = render_photo_jpeg(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(3)))
    msg = EmailMessage()
    msg["From"] = "c1myan.thuthua@example.edu.vn"
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo NQ121"
    msg["Message-ID"] = "<small-photo@example.edu.vn>"
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    msg.set_content("Trường gửi báo cáo NQ121 (ảnh bên dưới).")
    msg.add_alternative(
        '<p>Trường gửi báo cáo NQ121 (ảnh bên dưới).</p><img width="140" height="198" src="cid:p1">',
        subtype="html",
    )
    html = msg.get_payload()[1]  # type: ignore[index]
    html.add_related(
        photo, maintype="image", subtype="jpeg", cid="<p1>", filename="BC.jpg", disposition="attachment"
    )
    outcome = pipeline.process(rt, msg.as_bytes(), received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT, outcome.reason
    [sub] = rt.store.submissions(report_id="nq121", year=2021)
    assert sub.school_id == "th-my-an" and sub.files == ("BC.jpg",)


def test_a_signature_banner_kept_as_data_in_the_html_beside_a_link_asks_the_school_to_attach_the_report(
    rt: Runtime,
) -> None:
    """A webmail signature keeps its banner as data in the HTML: shown at a banner's size, it is part of
    the mail as a banner sent by Content-ID is, not a photo of the report that could not be read."""
    banner = base64.b64encode(_speckled_png(160)).decode()
    link = "https://drive.google.com/file/d/1AbCdEfGh/view?usp=sharing"
    msg = EmailMessage()
    msg["From"] = "c1myan.thuthua@example.edu.vn"
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo NQ121"
    msg["Message-ID"] = "<data-banner@example.edu.vn>"
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    msg.set_content(
        f'<div>Trường gửi báo cáo NQ121: <a href="{link}">{link}</a></div>'
        f'<img src="data:image/png;base64,{banner}" style="width:600px; height:160px">',
        subtype="html",
    )
    outcome = pipeline.process(rt, msg.as_bytes(), received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.UNREADABLE
    assert "Đề nghị trường gửi lại báo cáo dạng tệp đính kèm" in outcome.reason
    assert "ảnh dán trong thư" not in outcome.reason


def test_a_late_report_whose_date_is_long_before_its_receipt_tells_staff_the_receipt_decided(
    rt: Runtime, report_docx: bytes
) -> None:
    """A school computer whose clock stood at 2019 dates its report 24/10/2019, before the deadline, while
    the office's server received it on 26/10/2021: late, as the receipt decides, and staff reading the
    Date in their mail client must not take it for a report sent in time. A report held a day on the way
    has its own note; one dated long before its receipt said nothing."""
    raw = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo thực hiện NQ121", {"BC NQ121.docx": report_docx})
    raw = raw.replace(b"Wed, 20 Oct 2021 09:15:00 +0700", b"Thu, 24 Oct 2019 23:50:00 +0700")
    received = dt.datetime(2021, 10, 26, 1, 10, tzinfo=dt.UTC)  # 08:10 on 26/10 in Vietnam
    assert pipeline.process(rt, raw, received_at=received, source="test").state == MessageState.REPORT
    status = status_mod.season_status(rt.config, rt.store, rt.config.reports[0], 2021, FIXED)
    [mine] = [s for s in status.schools if s.school_id == "th-my-an"]
    assert mine.status == status_mod.SchoolState.LATE and mine.received_at == received
    [note] = [e for e in mine.submissions[0].evidence if "Dòng Date ghi" in e]
    assert "23:50 ngày 24/10/2019" in note and "08:10 ngày 26/10/2021" in note, note
    # Two years back is a wrong clock, not a mail left in an outbox: nothing offered for an extension.
    assert "đồng hồ máy gửi sai; đúng hạn hay muộn tính theo" in note and "baocao extend" not in note, note


def _workbook_of(rows: list[list[object]], title: str = "Sheet1") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_report_typed_into_a_workbook_is_credited_like_a_word_report(rt: Runtime) -> None:
    """A school typed its report into an .xlsx workbook; it was recorded as unreadable."""
    paper = render_text(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(3)))
    data = _workbook_of([[line] for line in paper.splitlines()], title="BC NQ121")
    raw = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo thực hiện NQ121", {"BC NQ121.xlsx": data})
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT
    [sub] = rt.store.submissions(report_id="nq121", year=2021)
    assert sub.school_id == "th-my-an" and sub.files == ("BC NQ121.xlsx",)


def test_a_figures_workbook_beside_the_word_report_leaves_the_report_credited(
    rt: Runtime, report_docx: bytes
) -> None:
    figures = _workbook_of(
        [["Nội dung", "Số lượng"], ["Số buổi tuyên truyền", 8], ["Số lượt học sinh tham gia", 540]]
    )
    files = {"BC NQ121.docx": report_docx, "So lieu.xlsx": figures}
    raw = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo thực hiện NQ121", files)
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.REPORT
    [sub] = rt.store.submissions(report_id="nq121", year=2021)
    assert sub.school_id == "th-my-an" and sub.files == ("BC NQ121.docx",) and sub.problems == ()
    assert "BC NQ121.docx" in outcome.reason and "So lieu.xlsx" not in outcome.reason
    assert set(sub.sections_found) == {"chi_dao", "ket_qua", "kho_khan", "de_xuat"}


def _report_leaving_figures_to_the_annex() -> bytes:
    """Mỹ An's report whose figures are «tại phụ lục đính kèm» instead of in its own lines."""
    paper = render_text(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(3)))
    stating = ("+ Tổ chức 23 buổi", "+ Tuyên truyền đến", "Không xảy ra vụ")
    lines = [line for line in paper.splitlines() if not line.startswith(stating)]
    at = lines.index("1. Công tác tuyên truyền, giáo dục") + 1
    lines.insert(at, "+ Số liệu cụ thể tại phụ lục đính kèm.")
    return _docx_of_text("\n".join(lines))


# What mail carries beside a report that is no paper the school is asked to send again.
_NO_PAPERS = (
    ("image001.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(50)),  # a signature's logo, attached
    ("invite.ics", "text/calendar", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"),
    ("setup.exe", "application/octet-stream", b"MZ" + bytes(3000)),  # a program, maybe a virus
)


def test_a_damaged_annex_beside_the_report_is_the_schools_problem_that_staff_see(rt: Runtime) -> None:
    """A school's report said «Số liệu cụ thể tại phụ lục đính kèm» and its annex workbook came cut short
    (a broken upload). Why it failed went only to the evidence: the status showed the report received
    without a problem, and the consolidated draft said the report itself did not state the figures. The
    logo, invitation and program beside them are no file the school is asked for."""
    figures = _workbook_of([["Nội dung", "Số lượng"], ["Số buổi tuyên truyền", 23], ["Số vụ xâm hại", 0]])
    files = {"BC NQ121.docx": _report_leaving_figures_to_the_annex(), "Phu luc so lieu.xlsx": figures[:900]}
    raw = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo thực hiện NQ121", files)
    msg = email.message_from_bytes(raw, _class=EmailMessage, policy=email.policy.default)
    for name, mime, data in _NO_PAPERS:
        maintype, subtype = mime.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    assert (
        pipeline.process(rt, msg.as_bytes(), received_at=RECEIVED, source="test").state == MessageState.REPORT
    )
    [sub] = rt.store.submissions(report_id="nq121", year=2021)
    assert sub.files == ("BC NQ121.docx",) and sub.problems == ()  # the report counts: no staff said so
    status = status_mod.load(rt.config, rt.store, "nq121", 2021, FIXED)
    [school] = [s for s in status.schools if s.school_id == "th-my-an"]
    assert school.status == status_mod.SchoolState.RECEIVED
    [problem] = school.problems
    assert "Phu luc so lieu.xlsx bị hỏng" in problem and "gửi lại tệp" in problem
    [row] = [r for r in export.status_table(status, rt.config).rows if r[1] == "th-my-an"]
    assert "Phu luc so lieu.xlsx bị hỏng" in str(row[export.BASE_HEADERS.index("Ghi chú")])
    not_found = [f for f in draft(rt, "nq121", 2021).school("th-my-an").figures if f.value is None]
    assert not_found and all(
        "không đọc được tệp Phu luc so lieu.xlsx" in f.doubts[0].reason for f in not_found
    )


def test_a_figure_the_annex_workbook_states_otherwise_than_the_report_is_checked(
    rt: Runtime, report_docx: bytes
) -> None:
    """A school's report said «Tổ chức 23 buổi tuyên truyền…» and the annex workbook of the same mail «Số buổi
    tuyên truyền | buổi | 25»: 23 was counted, 25 dropped, nothing flagged. Which one the school meant, staff
    ask: both values are kept and the figure is checked, not summed; the figures that agree are not."""
    annex = _workbook_of(
        [
            ["STT", "Nội dung", "Đơn vị tính", "Số lượng"],
            [1, "Số buổi tuyên truyền", "buổi", 25],
            [2, "Số vụ xâm hại trẻ em", "vụ", 0],
        ]
    )
    files = {"BC NQ121.docx": report_docx, "Phu luc so lieu.xlsx": annex}
    raw = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo thực hiện NQ121", files)
    assert pipeline.process(rt, raw, received_at=RECEIVED, source="test").state == MessageState.REPORT
    [sub] = rt.store.submissions(report_id="nq121", year=2021)
    assert sub.files == ("BC NQ121.docx", "Phu luc so lieu.xlsx")
    sessions = sub.figures["buoi_tuyen_truyen"]
    assert (sessions["value"], sessions["others"]) == (23, [25])
    assert sessions["sentence"].endswith("1 | Số buổi tuyên truyền | buổi | 25")
    assert "others" not in sub.figures["vu_xam_hai"]
    status = status_mod.season_status(rt.config, rt.store, rt.config.reports[0], 2021, FIXED)
    [mine] = [s for s in status.schools if s.school_id == "th-my-an"]
    assert "vu_xam_hai" not in mine.figures_to_check  # 0 in both: they agree
    assert "ghi cả 23 và 25 cho số liệu này" in mine.figures_to_check["buoi_tuyen_truyen"]


def test_a_workbook_listing_pupils_is_no_report(rt: Runtime) -> None:
    """A workbook that is readable but something else than a report is not taken for one."""
    pupils = _workbook_of(
        [["STT", "Họ và tên", "Lớp", "Ngày sinh"]]
        + [[n, f"Nguyễn Văn {chr(65 + n)}", "5A", "01/01/2011"] for n in range(1, 20)],
        title="DS hoc sinh",
    )
    raw = _mail("c1myan.thuthua@example.edu.vn", "Danh sách học sinh", {"DS hoc sinh.xlsx": pupils})
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert outcome.state == MessageState.NOISE
    assert "không nhắc đến báo cáo nào" in outcome.reason
    assert rt.store.submissions(report_id="nq121", year=2021) == []


def _typed_body_report(school: str) -> str:
    """A short report typed in the mail's body by school (as its principal types its name, in capitals)."""
    return (
        "Kính gửi: Phòng Giáo dục và Đào tạo huyện Thủ Thừa\n\n"
        f"{school} báo cáo kết quả triển khai thực hiện Nghị quyết 121/2020/QH14 năm 2021 như sau:\n"
        "I. Công tác chỉ đạo, triển khai: nhà trường đã quán triệt đến toàn thể cán bộ, giáo viên.\n"
        "II. Kết quả thực hiện: tổ chức 4 buổi tuyên truyền cho 320 lượt học sinh và phụ huynh.\n"
        "Không xảy ra vụ xâm hại trẻ em nào.\nIII. Khó khăn, vướng mắc: không có.\n"
        "IV. Đề xuất, kiến nghị: không có.\n"
    )


@pytest.mark.parametrize(
    ("subject", "school", "credited", "named"),
    [
        # Ð (the Icelandic eth, from old keyboards and fonts) for Đ: «Mỹ An Ðông» read as «Mỹ An» and a
        # word nobody knew, so the report went to Trường Tiểu học Mỹ An; Mỹ An Đông is no school here.
        ("Báo cáo NQ121", "TRƯỜNG TIỂU HỌC MỸ AN ÐÔNG", None, None),
        # A full-width digit (an input method in full-width mode): the school's number was no digit. Named
        # once, in a typed report from a personal address, it is the candidate staff are shown.
        ("Báo cáo NQ121", "TRƯỜNG TIỂU HỌC BÌNH THẠNH ２", None, "th-binh-thanh-2"),
        ("Báo cáo NQ１２１ TH Bình Thạnh ２", "Nhà trường", "th-binh-thanh-2", None),
    ],
)
def test_letters_and_digits_typed_as_look_alikes_name_the_school_they_stand_for(
    rt: Runtime, subject: str, school: str, credited: str | None, named: str | None
) -> None:
    raw = _mail("hieutruong.truong@gmail.com", subject, {}, body=_typed_body_report(school))
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert [s.school_id for s in rt.store.submissions(report_id="nq121")] == ([credited] if credited else [])
    if credited is None:
        assert outcome.state == MessageState.REVIEW
        assert [r.candidates[:1] for r in outcome.reviews] == [(named,) if named else ()]


def _cover_letter_page() -> bytes:
    """Trường Tiểu học Mỹ An's cover letter scanned as a 300 dpi PDF page, its «V/v» line smudged past
    reading: a header, «Kính gửi», a sentence sending the report, «Trân trọng», the principal's title."""
    page = Image.new("L", (2480, 1754), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 42)
    bold = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 42)
    lines = [
        (200, 150, "PHÒNG GD&ĐT THỦ THỪA", font),
        (1250, 150, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold),
        (200, 215, "TRƯỜNG TIỂU HỌC MỸ AN", bold),
        (1420, 215, "Độc lập - Tự do - Hạnh phúc", bold),
        (200, 330, "Số: 29/THMA", font),
        (1350, 330, "Mỹ An, ngày 17 tháng 10 năm 2021", font),
        (300, 560, "Kính gửi: Phòng Giáo dục và Đào tạo huyện Thủ Thừa.", font),
        (200, 680, "Trường Tiểu học Mỹ An kính gửi Phòng Giáo dục và Đào tạo báo cáo kết quả thực", font),
        (200, 745, "hiện Nghị quyết số 121/2020/QH14 về phòng, chống xâm hại trẻ em năm 2021", font),
        (200, 810, "(đính kèm báo cáo).", font),
        (200, 875, "Trân trọng./.", font),
        (1550, 1000, "HIỆU TRƯỞNG", bold),
    ]
    for x, y, text, face in lines:
        draw.text((x, y), text, font=face, fill=0)
    out = io.BytesIO()
    page.save(out, "PDF", resolution=300.0)
    return out.getvalue()


def test_a_cover_letter_left_in_the_copier_is_no_report_of_its_school(
    rt: Runtime, two_page_scan: bytes
) -> None:
    """A commune's clerk scanned Nhị Thành's report with Mỹ An's cover letter left on the copier's glass,
    one file from a personal address: the letter's page, cut off by its issuer, was credited as Mỹ An's
    report (replacing the report Mỹ An had sent) and Mỹ An acknowledged. The letter names the report
    and holds none of it: the mail is Nhị Thành's."""
    joined = pypdfium2.PdfDocument.new()
    for part in (_cover_letter_page(), two_page_scan):
        joined.import_pages(pypdfium2.PdfDocument(part))
    out = io.BytesIO()
    joined.save(out)
    raw = _mail("vanthu.xa@gmail.com", "Gửi báo cáo NQ121", {"scan_001.pdf": out.getvalue()})
    outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="test")
    assert [s.school_id for s in outcome.submissions] == ["thcs-nhi-thanh"]


@pytest.mark.parametrize(("headed", "credited"), [(False, []), (True, ["th-my-phu"])])
def test_a_gmail_that_sent_one_schools_report_naming_another_only_in_its_subject_waits(
    rt: Runtime, report_docx: bytes, headed: bool, credited: list[str]
) -> None:
    """A principal's gmail sent Mỹ An's report, credited by its letterhead; days later it sent a report
    without a letterhead, subject «BC NQ121 TH Mỹ Phú». It was credited to Mỹ Phú on the subject alone and
    the address then counted as Mỹ Phú's too: the season's earlier mail says the address is Mỹ An's, so the
    mail waits for staff with both. A paper whose own letterhead names Mỹ Phú is still Mỹ Phú's."""
    gmail = "nguyenvanbinh1980@gmail.com"
    first = _mail(gmail, "Báo cáo NQ121", {"BaoCao_NQ121.docx": report_docx}, mid="g1")
    assert [
        s.school_id for s in pipeline.process(rt, first, received_at=RECEIVED, source="test").submissions
    ] == ["th-my-an"]
    paper = render_docx(make_paper("Trường Tiểu học Mỹ Phú", year=2021, rng=random.Random(9), named=headed))
    later = _mail(gmail, "BC NQ121 TH Mỹ Phú", {"BaoCao.docx": paper}, mid="g2")
    outcome = pipeline.process(rt, later, received_at=RECEIVED + dt.timedelta(days=5), source="test")
    assert [s.school_id for s in outcome.submissions] == credited
    if not credited:
        [waiting] = [r for r in rt.store.reviews() if r.message_key == outcome.key]
        assert set(waiting.candidates) == {"th-my-an", "th-my-phu"}
        assert (
            f"Thư khác từ địa chỉ {gmail} trong năm 2021 đã được tính cho Trường Tiểu học Mỹ An"
            in waiting.reason
        )


def _subject_only_and_headed(gmail: str, report_docx: bytes) -> tuple[bytes, bytes]:
    """From one teacher's gmail: Mỹ Phú's report with no letterhead, named in its subject only, and Mỹ
    An's report under its letterhead."""
    paper = render_docx(make_paper("Trường Tiểu học Mỹ Phú", year=2021, rng=random.Random(9), named=False))
    subject_only = _mail(gmail, "BC NQ121 TH Mỹ Phú", {"BaoCao.docx": paper}, mid="g2")
    headed = _mail(gmail, "Báo cáo NQ121", {"BaoCao_NQ121.docx": report_docx}, mid="g1")
    return subject_only, headed


@pytest.mark.parametrize(
    ("minutes", "headed_first"),
    [(0, True), (0, False), (-10, False)],
    ids=["same-second-headed-first", "same-second-subject-first", "subject-ten-minutes-before"],
)
def test_a_report_named_in_its_subject_only_waits_whenever_its_gmail_sent_anothers_headed_report(
    rt: Runtime, report_docx: bytes, minutes: int, headed_first: bool
) -> None:
    """A teacher's gmail sent Mỹ An's report under its letterhead and «BC NQ121 TH Mỹ Phú» with none. Sent
    the same second as Mỹ An's, or before it, the second was credited to Mỹ Phú on its subject alone: the
    address's other mail was looked for only strictly before it, and mail read earlier was never read again
    when the headed report came. Whenever it came and whichever was read first, it waits with both."""
    gmail = "nguyenvanbinh1980@gmail.com"
    subject_only, headed = _subject_only_and_headed(gmail, report_docx)
    at = {subject_only: RECEIVED + dt.timedelta(minutes=minutes), headed: RECEIVED}
    order = (headed, subject_only) if headed_first else (subject_only, headed)
    keys = [pipeline.process(rt, raw, received_at=at[raw], source="test").key for raw in order]
    waiting_key = keys[1] if headed_first else keys[0]

    assert [s.school_id for s in rt.store.submissions()] == ["th-my-an"]
    [waiting] = rt.store.reviews(message_key=waiting_key)
    assert set(waiting.candidates) == {"th-my-an", "th-my-phu"}
    assert "Văn bản không có tiêu đề hay chữ ký số ghi Trường Tiểu học Mỹ Phú" in waiting.reason
    assert (
        f"Thư khác từ địa chỉ {gmail} trong năm 2021 đã được tính cho Trường Tiểu học Mỹ An" in waiting.reason
    )
    message = rt.store.message(waiting_key)
    assert message is not None and message.state == MessageState.REVIEW


def test_a_report_staff_assigned_stays_when_its_gmail_later_sends_anothers_headed_report(
    rt: Runtime, config_file: Path, report_docx: bytes
) -> None:
    """The report named in its subject only, credited before its gmail sent another school's headed
    report, goes back to staff; one staff assigned to that school stays theirs (the address they taught
    by it forgotten since, so Mỹ An's headed report is credited)."""
    gmail = "nguyenvanbinh1980@gmail.com"
    subject_only, headed = _subject_only_and_headed(gmail, report_docx)
    first = pipeline.process(rt, subject_only, received_at=RECEIVED - dt.timedelta(minutes=10), source="test")
    assert [s.school_id for s in first.submissions] == ["th-my-phu"]
    during_the_season = RECEIVED - dt.timedelta(minutes=5)  # staff act before the season closes
    for command in (("assign", first.key[:12], "th-my-phu"), ("addresses", "--forget", gmail)):
        done = CliRunner().invoke(
            main, ["--config", str(config_file), *command], obj=lambda: during_the_season
        )
        assert done.exit_code == 0, done.output

    later = pipeline.process(rt, headed, received_at=RECEIVED, source="test")
    assert [s.school_id for s in later.submissions] == ["th-my-an"]
    assert {s.school_id: s.message_key for s in rt.store.submissions()}["th-my-phu"] == first.key
    assert rt.store.reviews(message_key=first.key) == []


def test_a_commune_clerk_sending_twelve_schools_reports_reads_again_only_what_can_change(
    rt: Runtime, report_docx: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A commune clerk's gmail sent a report named in its subject only, then twelve schools' headed reports
    as twelve mails. Each school new to the address read all the address's earlier mail of the season
    again: 78 readings again for 13 mails, n²/2, though a report its letterhead names stays its school's
    whoever else the address sends for. Only the mail credited on its subject is read again, once per
    school the address turns out to send for."""
    gmail = "vanthu.xa@gmail.com"
    again: list[str] = []
    reprocess = pipeline.reprocess
    monkeypatch.setattr(
        pipeline,
        "reprocess",
        lambda rt, key: again.append(key) or reprocess(rt, key),  # type: ignore[func-returns-value]
    )
    subject_only, _ = _subject_only_and_headed(gmail, report_docx)
    first = pipeline.process(rt, subject_only, received_at=RECEIVED - dt.timedelta(hours=1), source="test")
    assert [s.school_id for s in first.submissions] == ["th-my-phu"]
    schools = [s for s in rt.config.schools if s.id != "th-my-phu"][:12]
    for number, school in enumerate(schools):
        paper = render_docx(make_paper(school.name, year=2021, rng=random.Random(number)))
        raw = _mail(gmail, f"Báo cáo NQ121 {school.name}", {"BaoCao.docx": paper}, mid=f"c{number}")
        outcome = pipeline.process(
            rt, raw, received_at=RECEIVED + dt.timedelta(minutes=number), source="test"
        )
        assert [s.school_id for s in outcome.submissions] == [school.id]

    assert again == [first.key] * len(schools)
    [waiting] = rt.store.reviews(message_key=first.key)
    assert set(waiting.candidates) == {"th-my-phu", *(s.id for s in schools)}


@pytest.mark.parametrize("stranger", [True, False])
def test_a_bundles_paper_of_no_school_keeps_waiting_after_the_school_its_unreadable_file_names_reports(
    rt: Runtime, report_docx: bytes, stranger: bool
) -> None:
    """A clerk's bundle held Bình Thạnh 1's report, a paper of a school not on the list and a broken PDF
    named for THCS Nhị Thành. Once Nhị Thành sent its own report, the whole bundle left the list of mail
    waiting for staff, the stranger's paper with it, which nobody had decided on. That paper keeps waiting;
    without it, Nhị Thành's report settles what waited for it alone."""
    files = {
        "BC Binh Thanh 1.docx": render_docx(
            make_paper("Trường Tiểu học Bình Thạnh 1", year=2021, rng=random.Random(5))
        ),
        "BC THCS Nhi Thanh.pdf": b"%PDF-1.4\n" + random.Random(7).randbytes(3000),
    }
    if stranger:
        files["BC Tan Hiep.docx"] = render_docx(
            make_paper("Trường Tiểu học Tân Hiệp", year=2021, rng=random.Random(8))
        )
    bundle = pipeline.process(
        rt, _mail("vanthu.xa@gmail.com", "BC NQ121 các trường", files), received_at=RECEIVED, source="test"
    )
    [waiting] = bundle.reviews
    assert [s.school_id for s in rt.store.submissions()] == ["th-binh-thanh-1"]
    assert waiting.candidates == ("thcs-nhi-thanh",)
    later = RECEIVED + dt.timedelta(days=1)
    own = render_docx(make_paper("Trường THCS Nhị Thành", year=2021, rng=random.Random(9)))
    sent = _mail("c2nhithanh.thuthua@example.edu.vn", "Báo cáo NQ121", {"BC NQ121.docx": own}, mid="s1")
    assert pipeline.process(rt, sent, received_at=later, source="test").state == MessageState.REPORT
    status = status_mod.season_status(rt.config, rt.store, rt.config.report("nq121"), 2021, FIXED)
    settled = [s.review.message_key for s in status.settled]
    if stranger:
        assert [r.message_key for r in status.review] == [bundle.key] and settled == []
    else:
        assert status.review == () and settled == [bundle.key]


_KEY_FIGURES = ("Số buổi tuyên truyền", "5"), ("Số học sinh", "430"), ("Số vụ xâm hại trẻ em", "0")
_ANNEX_OF = "Kèm theo Báo cáo số 25/BC-THMA ngày 20/10/2021 về kết quả thực hiện Nghị quyết 121/2020/QH14"


def _annex_lines() -> bytes:
    lines = [f"{name}: {value}" for name, value in _KEY_FIGURES]
    return _docx_of_text(
        "\n".join(["PHỤ LỤC", "Số liệu thực hiện Nghị quyết 121/2020/QH14", f"({_ANNEX_OF})", *lines])
    )


def _annex_table() -> bytes:
    document = docx.Document()
    document.add_paragraph("PHỤ LỤC")
    document.add_paragraph("SỐ LIỆU KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT 121/2020/QH14 NĂM 2021")
    document.add_paragraph(f"({_ANNEX_OF})")
    rows = [("STT", "Nội dung", "Số lượng"), *((str(n), *row) for n, row in enumerate(_KEY_FIGURES, 1))]
    table = document.add_table(rows=len(rows), cols=3)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _annex_pdf() -> bytes:
    head = ["PHÒNG GD&ĐT THỦ THỪA", "TRƯỜNG TIỂU HỌC MỸ AN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    head += ["Độc lập - Tự do - Hạnh phúc", "PHỤ LỤC", _ANNEX_OF]
    return corpus.pdf_of_lines([*head, *(f"{name}: {value}" for name, value in _KEY_FIGURES)])


def _annex_sheet() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Phụ lục: Số liệu thực hiện Nghị quyết 121/2020/QH14"])
    sheet.append(["STT", "Nội dung", "Số lượng"])
    for n, (name, value) in enumerate(_KEY_FIGURES, 1):
        sheet.append([n, name, int(value)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("PhuLuc.docx", _annex_lines),
        ("Phu luc so lieu.docx", _annex_table),
        ("PL_NQ121.pdf", _annex_pdf),
        ("PhuLuc_NQ121.xlsx", _annex_sheet),
    ],
    ids=["lines", "table", "pdf-under-letterhead", "sheet"],
)
def test_an_annex_stating_the_key_figures_is_never_the_report(
    rt: Runtime, name: str, make: Callable[[], bytes]
) -> None:
    """A school with no report yet sent its annex alone («PHỤ LỤC … Kèm theo Báo cáo số …»), its lines
    stating the report's key figures («Số học sinh: 430», «Số buổi tuyên truyền: 5»): the figures made it
    read as the report, and the school showed «Đã nộp» without having sent one. An annex is never the
    report: alone, the school is told it is an annex; after the report, it goes with it."""
    school = "c1myan.thuthua@example.edu.vn"
    paper = make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(11))

    def annex(mid: str) -> bytes:
        return _mail(school, "Phụ lục NQ121 - TH Mỹ An", {name: make()}, body="Trường gửi phụ lục.", mid=mid)

    later = RECEIVED + dt.timedelta(days=1)
    alone = pipeline.process(rt, annex("m2"), received_at=later, source="test")
    assert alone.state == MessageState.UNREADABLE
    [told] = alone.submissions
    assert not told.readable and f"Tệp {name} là phụ lục" in " ".join(told.problems)
    status = status_mod.season_status(rt.config, rt.store, rt.config.reports[0], 2021, FIXED)
    [mine] = [s for s in status.schools if s.school_id == "th-my-an"]
    assert mine.status != status_mod.SchoolState.RECEIVED
    raw = _mail(school, "Báo cáo NQ121", {"bc.docx": render_docx(paper)}, mid="m1")
    assert pipeline.process(rt, raw, received_at=RECEIVED, source="test").state == MessageState.REPORT
    outcome = pipeline.process(rt, annex("m3"), received_at=later + dt.timedelta(hours=1), source="test")
    assert outcome.state == MessageState.REPORT
    [added] = outcome.submissions
    assert any(e.startswith("Thư gửi bổ sung cho báo cáo đã nhận lúc") for e in added.evidence)
    status = status_mod.season_status(rt.config, rt.store, rt.config.reports[0], 2021, FIXED)
    [mine] = [s for s in status.schools if s.school_id == "th-my-an"]
    assert mine.status == status_mod.SchoolState.RECEIVED and mine.received_at == RECEIVED
    assert not mine.sections_missing


def test_the_report_filled_in_on_the_form_annexed_to_the_offices_letter_is_the_report(rt: Runtime) -> None:
    """The office's letter annexes the report's form («Phụ lục 1: Mẫu báo cáo …»); a school fills it in
    and sends it, the annex's heading on top and the report's parts written under it: that is the report,
    not an annex of it."""
    text = (
        "Phụ lục 1\nMẪU BÁO CÁO KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT 121/2020/QH14\n"
        "(Kèm theo Công văn số 45/PGDĐT-TH ngày 01/10/2021 của Phòng GD&ĐT Thủ Thừa)\n"
        "TRƯỜNG TIỂU HỌC MỸ AN\nI. Công tác chỉ đạo, triển khai\nNhà trường đã quán triệt đến toàn thể "
        "cán bộ, giáo viên, nhân viên.\nII. Kết quả thực hiện\nTổ chức 5 buổi tuyên truyền cho 430 học sinh.\n"
        "III. Khó khăn, vướng mắc\nCơ sở vật chất còn thiếu.\nIV. Đề xuất, kiến nghị\nĐề nghị Phòng tổ chức tập "
        "huấn.\nHIỆU TRƯỞNG\nNguyễn Văn An"
    )
    raw = _mail("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", {"BC NQ121.docx": _docx_of_text(text)})
    assert pipeline.process(rt, raw, received_at=RECEIVED, source="test").state == MessageState.REPORT
    [sub] = rt.store.submissions(report_id="nq121", year=2021)
    assert sub.school_id == "th-my-an" and sub.readable
