"""One message through the pipeline: archived first, recorded once, failures kept with a reason."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main
from intake import pipeline
from kernel import mailids
from kernel.config import Config
from kernel.runtime import Runtime
from kernel.store import MessageState
from samples.documents import render_docx, render_scan
from samples.papers import make_paper, make_plan

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


@pytest.fixture
def rt(config: Config) -> Runtime:
    runtime = Runtime.open(config, clock=lambda: FIXED)
    yield runtime
    runtime.close()


@pytest.fixture(scope="module")
def report_docx() -> bytes:
    return render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(3)))


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


def test_a_poorly_recognised_scan_waits_for_staff(config: Config, scan_pdf: bytes) -> None:
    strict = Runtime.open(config, clock=lambda: FIXED)
    strict = dataclasses.replace(strict, min_ocr_confidence=99.9)
    raw = _mail("c2nhithanh.thuthua@example.edu.vn", "Báo cáo NQ121", {"scan0001.pdf": scan_pdf})
    outcome = pipeline.process(strict, raw, received_at=RECEIVED, source="test")
    strict.close()
    assert outcome.state == MessageState.REVIEW
    assert "Bản quét khó đọc" in outcome.reason
    assert outcome.reviews[0].candidates == ("thcs-nhi-thanh",)


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
    assert header.endswith('Số buổi tuyên truyền,"Số học sinh, phụ huynh tham gia",Số vụ xâm hại trẻ em')
    [my_phu] = [r for r in rows if ",thcs-my-phu," in r]
    stated = [paper.expected.figure(f) for f in ("buoi_tuyen_truyen", "nguoi_tham_gia", "vu_xam_hai")]
    assert my_phu.endswith(",".join("" if v is None else str(v) for v in stated))


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
