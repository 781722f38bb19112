"""Schools of a town's wards, named by a numbered ward («Trường Tiểu học số 3 Phường 1») or by a date
(«Trường Mầm non 19/5», «Trường Tiểu học 19 tháng 5»), their reports imported as staff import a folder of
mail: a number written in a report, a date, a count or a ward's, names no date-named school, and a school's
number and ward written short or without accents name the school."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import docx
from click.testing import CliRunner

from app.cli import main
from kernel import config as config_mod
from kernel.runtime import Runtime
from tests.scheduler.conftest import Clock, local

OFFICE = "vhxh.tanan@example.gov.vn"
WARD = "UBND PHƯỜNG TÂN AN"

ROSTER = {
    "mn-19-5": "Trường Mầm non 19/5",
    "mn-1-6": "Trường Mầm non 1/6",
    "mn-8-3": "Trường Mầm non 8/3",
    "mn-30-4": "Trường Mầm non 30/4",
    "mn-p1": "Trường Mầm non Phường 1",
    "th-30-4": "Trường Tiểu học 30/4",
    "th-19-5": "Trường Tiểu học 19 tháng 5",
    "th-2-9": "Trường Tiểu học 2/9",
    "th-p1": "Trường Tiểu học Phường 1",
    "th-so1-p3": "Trường Tiểu học số 1 Phường 3",
    "th-so3-p1": "Trường Tiểu học số 3 Phường 1",
    "th-so1-p1": "Trường Tiểu học số 1 Phường 1",
    "thcs-2-9": "Trường THCS 2/9",
    "thcs-p1": "Trường THCS Phường 1",
    "mn-hoa-hong-1": "Trường Mầm non Hoa Hồng 1",
    "mn-hoa-hong-2": "Trường Mầm non Hoa Hồng 2",
}
DATED = ("mn-19-5", "mn-1-6", "mn-8-3", "mn-30-4", "th-30-4", "th-19-5", "th-2-9", "thcs-2-9")


def _config(tmp_path: Path) -> Path:
    schools = "".join(
        f'\n[[schools]]\nid = "{sid}"\nname = "{name}"\nemails = ["{sid}.tanan@example.edu.vn"]\n'
        for sid, name in ROSTER.items()
    )
    path = tmp_path / "config.toml"
    path.write_text(
        f"""
[district]
name = "UBND phường Tân An"
staff_emails = ["{OFFICE}"]

[storage]
database = "sqlite:///var/baocao.db"
archive = "var/archive"

[[reports]]
id = "nq121"
title = "Báo cáo kết quả thực hiện Nghị quyết 121/2020/QH14"
keywords = ["121/2020/QH14", "NQ121", "Nghị quyết 121"]
deadline = "10-25"
{schools}""",
        encoding="utf-8",
    )
    return path


def _paper(header: str, under: str = "") -> bytes:
    """A school's report typed in Word: header lines (the school's name, or none), its title and the line
    under it (its period, say), then its parts."""
    document = docx.Document()
    lines = [
        *([WARD, header] if header else []),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Phường 1, ngày 20 tháng 10 năm 2026",
        "BÁO CÁO",
        "Kết quả thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em",
        *([under] if under else []),
        "I. Công tác chỉ đạo, triển khai",
        "Nhà trường quán triệt, tuyên truyền Nghị quyết 121 đến toàn thể cán bộ, giáo viên.",
        "II. Kết quả thực hiện",
        "Tổ chức 05 buổi tuyên truyền với 640 lượt học sinh, phụ huynh tham gia. Không có vụ xâm hại trẻ em.",
        "III. Khó khăn, vướng mắc",
        "Không có.",
        "IV. Đề xuất, kiến nghị",
        "Không có.",
    ]
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _mail(folder: Path, number: int, subject: str, body: str, file: str, paper: bytes) -> None:
    """A mail from a personal address, which names no school: only its words and its paper tell whose."""
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = f"vanthu{number}@gmail.com", OFFICE, subject
    msg["Date"] = format_datetime(local("2026-10-20 09:00") + dt.timedelta(minutes=number))
    msg["Message-ID"] = f"<phuong-{number}@gmail.com>"
    msg.set_content(body)
    subtype = "vnd.openxmlformats-officedocument.wordprocessingml.document"
    msg.add_attachment(paper, maintype="application", subtype=subtype, filename=file)
    (folder / f"{number:02d}.eml").write_bytes(msg.as_bytes())


def _imported(tmp_path: Path, mails: list[tuple[str, str, str, bytes]]) -> tuple[dict[str, str], list[dict]]:
    """Each mail's school by its subject, as `baocao import` credited it, and what `baocao review` lists."""
    path = _config(tmp_path)
    folder = tmp_path / "thu"
    folder.mkdir()
    for number, (subject, body, file, paper) in enumerate(mails, 1):
        _mail(folder, number, subject, body, file, paper)
    clock = Clock(local("2026-10-21 08:00"))
    runner = CliRunner()
    result = runner.invoke(main, ["--config", str(path), "import", str(folder)], obj=clock)
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["--config", str(path), "review", "--format", "json"], obj=clock)
    assert result.exit_code == 0, result.output
    with Runtime.open(config_mod.load(path), clock) as rt:
        subjects = {m.key: m.subject for m in rt.store.messages()}
        credited = {subjects[s.message_key]: s.school_id for s in rt.store.submissions()}
    return credited, json.loads(result.output)


def test_a_school_number_and_ward_written_short_or_unaccented_name_that_school(tmp_path: Path) -> None:
    """«TH so 3 P1» and «TH so 1 P1» (no accents, the ward as «P1») and «TH số 1 P.3» were read as Tiểu
    học Phường 1 or Phường 3 with a number no school has, and their lone «1» as Mầm non 1/6: right reports,
    the paper's header agreeing, waited for staff."""
    mails = [
        (
            "BC NQ121 - TH so 3 P1",
            "Truong TH so 3 Phuong 1 gui bao cao.",
            "BC_TH_so3_P1.docx",
            _paper("TRƯỜNG TIỂU HỌC SỐ 3 PHƯỜNG 1"),
        ),
        (
            "BC NQ121 TH số 1 P.3",
            "Trường TH số 1 P.3 gửi báo cáo.",
            "BC.docx",
            _paper("TRƯỜNG TIỂU HỌC SỐ 1 PHƯỜNG 3"),
        ),
        (
            "BC NQ121 TH so 1 P1",
            "Truong TH so 1 Phuong 1 gui bao cao.",
            "BC_TH_so1_P1.docx",
            _paper("TRƯỜNG TIỂU HỌC SỐ 1 PHƯỜNG 1"),
        ),
    ]
    credited, waiting = _imported(tmp_path, mails)
    assert waiting == []
    assert credited == {
        "BC NQ121 - TH so 3 P1": "th-so3-p1",
        "BC NQ121 TH số 1 P.3": "th-so1-p3",
        "BC NQ121 TH so 1 P1": "th-so1-p1",
    }


def test_dates_and_counts_in_a_report_name_no_school_named_after_a_date(tmp_path: Path) -> None:
    """A report naming no school waited rightly, but its dates and counts were offered as schools: «Ngày
    30/4/2026 và 19/5/2026» as Mầm non 19/5, «8 buổi» and «ngày 8/3/2026» as Mầm non 8/3, «BC_P1.docx» as Mầm
    non 1/6, «gửi ngày 30/4» and «THCS gửi ngày 2/9» («không ghi cấp học») as the 30/4 and 2/9 schools. A
    date with a year or after «ngày», «đến», «từ», and a count, name no school; only the whole date does."""
    mails = [
        (
            "Báo cáo NQ121",
            "Gửi báo cáo.",
            "BaoCao.docx",
            _paper("", "Ngày 30/4/2026 và 19/5/2026 tổ chức tuyên truyền."),
        ),
        (
            "Báo cáo NQ121",
            "Gửi báo cáo.",
            "BaoCao.docx",
            _paper("", "Năm 2026 trường tổ chức 8 buổi tuyên truyền."),
        ),
        (
            "Báo cáo NQ121",
            "Gửi báo cáo.",
            "BC.docx",
            _paper("", "Ngày 8/3/2026 tổ chức nói chuyện chuyên đề."),
        ),
        ("Báo cáo NQ121", "Gửi báo cáo.", "BC.docx", _paper("", "(Cập nhật đến ngày 1/6/2026)")),
        ("Báo cáo NQ121", "Gửi báo cáo.", "BC.docx", _paper("", "(Đợt cao điểm từ 15/8 đến 2/9/2026)")),
        ("BC NQ121 gửi ngày 30/4", "Gửi báo cáo.", "BC.docx", _paper("")),
        ("BC NQ121 THCS gửi ngày 2/9", "Gửi báo cáo.", "BC.docx", _paper("", "Năm 2026")),
        ("BC NQ121", "Gửi báo cáo. Tổ chức 2 buổi.", "BC_P1.docx", _paper("", "(Năm học 2025-2026)")),
    ]
    credited, waiting = _imported(tmp_path, mails)
    assert credited == {}
    assert len(waiting) == len(mails)
    for review in waiting:
        assert not set(review["candidates"]) & set(DATED), review
        assert "không ghi số" not in review["reason"] and "không ghi cấp học" not in review["reason"], review


def test_a_date_named_school_written_whole_after_its_level_is_that_school(tmp_path: Path) -> None:
    """A date-named school is named by its whole date after its level, however the date is written
    («MN 19-5», «TH 30 4», «MN 19 tháng 5»), with a ward after it; with no level, «trường 19/5» offers
    both 19/5 schools to staff."""
    mails = [
        ("BC NQ121 MN 19-5 P.1", "Gửi báo cáo.", "BC_MN_19-5_P1.docx", _paper("TRƯỜNG MẦM NON 19/5")),
        ("BC NQ121 TH 30 4", "Gửi báo cáo.", "BC.docx", _paper("TRƯỜNG TIỂU HỌC 30/4")),
        ("BC NQ121 TH 19 tháng 5", "Gửi báo cáo.", "BC.docx", _paper("TRƯỜNG TIỂU HỌC 19 THÁNG 5")),
        ("Nop bao cao NQ121 - truong 19/5", "Truong 19/5 gui bao cao.", "BC.docx", _paper("")),
    ]
    credited, waiting = _imported(tmp_path, mails)
    assert credited == {
        "BC NQ121 MN 19-5 P.1": "mn-19-5",
        "BC NQ121 TH 30 4": "th-30-4",
        "BC NQ121 TH 19 tháng 5": "th-19-5",
    }
    [review] = waiting
    assert set(review["candidates"]) == {"mn-19-5", "th-19-5"}


def test_a_date_or_a_flower_numbered_schools_share_is_shown_as_no_commune(tmp_path: Path) -> None:
    """The exports' «Xã» column showed «30/4», «2/9» and «Hoa Hồng» as the communes of Mầm non and Tiểu
    học 30/4, Tiểu học and THCS 2/9, Mầm non Hoa Hồng 1 and 2: a date is no commune, nor a flower that
    numbered schools of one level share. Such schools show the ward collecting their reports; a numbered
    ward several levels' schools share is theirs."""
    path = _config(tmp_path)
    clock = Clock(local("2026-10-21 08:00"))
    args = ["--config", str(path), "status", "--year", "2026", "--format", "csv"]
    result = CliRunner().invoke(main, args, obj=clock)
    assert result.exit_code == 0, result.output
    communes = {
        row["Mã trường"]: row["Xã"] for row in csv.DictReader(io.StringIO(result.output.lstrip("\ufeff")))
    }
    for school_id in (*DATED, "mn-hoa-hong-1", "mn-hoa-hong-2"):
        assert communes[school_id] == "Tân An", school_id
    assert communes["th-so3-p1"] == communes["mn-p1"] == "Phường 1"
    assert communes["th-so1-p3"] == "Phường 3"


def test_a_review_quotes_a_schools_name_as_the_mail_wrote_it(tmp_path: Path) -> None:
    """A review quoted «MN 19 5» for a subject's «MN 19/5» and «MN_ 8 3» for a file's «MN_8-3»: staff
    looked for words the mail never wrote. The subject and file name are quoted as written, a file name's
    underscores as spaces."""
    mails = [("BC NQ121 MN 19/5", "Gửi báo cáo.", "MN_8-3.docx", _paper("TRƯỜNG TIỂU HỌC 30/4"))]
    credited, [review] = _imported(tmp_path, mails)
    assert credited == {}
    assert "Tiêu đề thư ghi «MN 19/5»" in review["reason"], review["reason"]
    assert "Tên tệp MN_8-3.docx ghi «MN 8-3»" in review["reason"], review["reason"]


def test_a_review_quotes_a_letter_and_number_written_together_as_written(tmp_path: Path) -> None:
    """A review quoted «TH so 1 P 1» for a subject's «TH so 1 P1» and «TH so 1 P 1» for a file's
    «TH_so1_P1»: the words were split where a letter meets a number before they were quoted."""
    mails = [("BC NQ121 TH so 1 P1", "Gửi báo cáo.", "TH_so1_P1.docx", _paper("TRƯỜNG TIỂU HỌC 30/4"))]
    credited, [review] = _imported(tmp_path, mails)
    assert credited == {}
    assert "Tiêu đề thư ghi «TH so 1 P1»" in review["reason"], review["reason"]
    assert "Tên tệp TH_so1_P1.docx ghi «TH so1 P1»" in review["reason"], review["reason"]
