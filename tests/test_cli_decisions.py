"""The office's decisions and staff accounts from the command line, as staff type them (real SQLite)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import re
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner, Result

from app.cli import main
from intake import pipeline
from kernel import config as config_mod
from kernel import export
from kernel.runtime import Runtime
from kernel.store import MessageState
from samples.documents import render_docx, render_text
from samples.papers import make_paper
from scheduler import jobs
from tests.conftest import shipped_config
from tests.intake.conftest import HCM, report_mail

NOW = dt.datetime(2021, 11, 2, 3, 0, tzinfo=dt.UTC)


def _cli(config_file: Path, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, ["--config", str(config_file), *args], obj=lambda: NOW, input=stdin)


def _report_of(school: config_mod.SchoolConfig, day: int) -> bytes:
    raw = report_mail(school.emails[0], school.name, dt.datetime(2021, 10, day, 9, tzinfo=HCM))
    msg = message_from_bytes(raw, policy=policy.default)
    msg.replace_header("Subject", f"Báo cáo NQ121 năm 2021 - {school.name}")  # the year the report is for
    return msg.as_bytes()


def _ingest(config_file: Path, raw: bytes, day: int) -> pipeline.Outcome:
    with Runtime.open(config_mod.load(config_file), clock=lambda: NOW) as rt:
        return pipeline.ingest(
            rt, raw, received_at=dt.datetime(2021, 10, day, 2, tzinfo=dt.UTC), source="test"
        )


def _schools(config_file: Path) -> dict[str, dict]:
    out = _cli(config_file, "status", "--year", "2021", "--format", "json")
    assert out.exit_code == 0, out.output
    return {s["school_id"]: s for s in json.loads(out.output)["schools"]}


def test_extend_exempt_and_paper_show_in_status_history_and_the_audit_log(config_file: Path) -> None:
    school = config_mod.load(config_file).school("th-my-an")
    _ingest(config_file, _report_of(school, 28), 28)
    assert _schools(config_file)["th-my-an"]["status"] == "late"

    done = _cli(
        config_file, "extend", "th-my-an", "--year", "2021", "--until", "31/10/2021", "--reason", "Ngập lụt"
    )
    assert done.exit_code == 0 and "gia hạn đến 31/10/2021" in done.output
    assert _cli(config_file, "exempt", "mg-tan-long", "--year", "2021", "--reason", "Sáp nhập").exit_code == 0
    paper = _cli(
        config_file, "paper", "th-my-an", "--year", "2021", "--received", "29/10/2021", "--by", "Lê Thị Thu"
    )
    assert paper.exit_code == 0, paper.output

    schools = _schools(config_file)
    assert schools["th-my-an"]["status"] == "received" and schools["mg-tan-long"]["status"] == "exempt"
    table = _cli(config_file, "status", "--year", "2021").output
    assert "phải nộp (không tính 1 trường được miễn)" in table
    assert "Gia hạn đến" in table and "31/10/2021" in table and "Lê Thị Thu" in table
    missing = _cli(config_file, "missing", "--year", "2021").output
    assert "mg-tan-long" not in missing
    history = _cli(config_file, "history", "th-my-an").output
    assert "Quyết định của Phòng về Trường Tiểu học Mỹ An" in history and "Ngập lụt" in history

    undone = _cli(config_file, "extend", "th-my-an", "--year", "2021", "--undo", "--reason", "Nhầm trường")
    assert undone.exit_code == 0 and "Đã bỏ" in undone.output
    assert _schools(config_file)["th-my-an"]["status"] == "late"
    log = json.loads(_cli(config_file, "audit", "--format", "json").output)
    assert [e["action"] for e in log] == ["extend-undo", "paper", "exempt", "extend"]
    assert all(e["actor"].endswith("(dòng lệnh)") for e in log) and log[0]["reason"] == "Nhầm trường"
    # The table names the school as staff know it, not by its id in the config.
    table = _cli(config_file, "audit").output
    assert "Trường Mẫu giáo Tân Long" in table and "school:" not in table


@pytest.mark.parametrize(
    ("kind", "taken"),
    [("extend", ["--until", "31/10/2021", "--reason", "Ngập lụt"]), ("exempt", ["--reason", "Sửa chữa"])],
)
def test_undoing_what_made_a_report_on_time_says_it_is_now_late(
    config_file: Path, kind: str, taken: list[str]
) -> None:
    """A school extended (or exempted) reported within its extension and was told so; staff undid the
    extension and the report silently turned «Nộp muộn». The clerk is now told, to let the school know."""
    school = config_mod.load(config_file).school("th-my-an")
    assert _cli(config_file, kind, "th-my-an", "--year", "2021", *taken).exit_code == 0
    _ingest(config_file, _report_of(school, 28), 28)
    undone = _cli(config_file, kind, "th-my-an", "--year", "2021", "--undo", "--reason", "Không đồng ý")
    assert undone.exit_code == 0, undone.output
    assert (
        "Lưu ý: Trường Tiểu học Mỹ An đã gửi báo cáo lúc 09:00 ngày 28/10/2021; bỏ quyết định này, báo cáo "
        "nay tính là nộp muộn."
    ) in undone.output
    assert _schools(config_file)["th-my-an"]["status"] == "late"


def test_a_decision_that_cannot_be_taken_says_why_in_one_line(config_file: Path) -> None:
    no_reason = _cli(config_file, "exempt", "mg-tan-long", "--year", "2021")
    assert no_reason.exit_code == 1 and no_reason.output.startswith("Lỗi: ghi lý do miễn nộp")
    unknown = _cli(
        config_file, "extend", "th-my-ann", "--until", "2021-11-05", "--reason", "x", "--year", "2021"
    )
    assert unknown.exit_code == 1 and "Có phải: th-my-an" in unknown.output
    nothing = _cli(config_file, "paper", "th-my-an", "--year", "2021", "--undo")
    assert nothing.exit_code == 1 and "không có quyết định «bản giấy» nào" in nothing.output
    # «--until "30/10/2021 17:00"» was recorded as the whole of 30/10, the hour dropped without a word.
    timed = _cli(
        config_file, "extend", "th-my-an", "--until", "30/10/2021 17:00", "--reason", "x", "--year", "2021"
    )
    assert timed.exit_code == 2 and "chỉ ghi ngày, không ghi giờ" in timed.output, timed.output
    assert not _schools(config_file)["th-my-an"]["extension"]


def test_a_decision_of_another_report_names_it_as_staff_mail_does(config_file: Path) -> None:
    """Undoing nothing for the drowning report said «… cho báo cáo DUOI-NUOC năm 2021», the config's id in
    capitals, where staff mail and the page say «đuối nước»."""
    from tests.intake.test_pipeline import HEALTH_REPORT

    drowning = HEALTH_REPORT.replace('id = "ytth"', 'id = "duoi-nuoc"').replace(
        '["y tế trường học", "YTTH"]', '["đuối nước", "PCĐN"]'
    )
    config_file.write_text(config_file.read_text(encoding="utf-8") + drowning, encoding="utf-8")
    nothing = _cli(config_file, "paper", "th-my-an", "--report", "duoi-nuoc", "--year", "2021", "--undo")
    assert nothing.exit_code == 1, nothing.output
    assert "cho báo cáo đuối nước năm 2021 để bỏ" in nothing.output and "DUOI-NUOC" not in nothing.output


def test_a_message_marked_as_the_offices_own_mail_stays_so_after_a_rescan(config_file: Path) -> None:
    paper = make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(3), named=False)
    msg = EmailMessage()
    msg["From"] = "chuyenvien.thu@gmail.com"
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo NQ121"
    msg["Message-ID"] = "<thu-noi-bo@gmail.com>"
    msg.set_content(render_text(paper))
    outcome = _ingest(config_file, msg.as_bytes(), 20)
    assert outcome.state == MessageState.REVIEW

    done = _cli(config_file, "internal", outcome.key[:10], "--reason", "Chuyên viên gửi thử")
    assert done.exit_code == 0 and "thư của chính Phòng" in done.output
    with Runtime.open(config_mod.load(config_file), clock=lambda: NOW) as rt:
        assert pipeline.reprocess(rt, outcome.key).state == MessageState.INTERNAL
        row = rt.store.message(outcome.key)
        assert row is not None and row.internal and rt.store.reviews() == []
    assert "Không có thư nào chờ xem xét" in _cli(config_file, "review").output


def test_staff_accounts_are_made_listed_and_removed_with_hashed_passwords(config_file: Path) -> None:
    short = _cli(config_file, "user", "add", "vanthu", "--role", "clerk", "--password-stdin", stdin="ngan\n")
    assert short.exit_code == 1 and "mật khẩu phải dài ít nhất 10 ký tự" in short.output
    made = _cli(
        config_file,
        "user",
        "add",
        "vanthu",
        "--role",
        "clerk",
        "--name",
        "Lê Thị Thu",
        "--password-stdin",
        stdin="mot-mat-khau-dai\n",
    )
    assert made.exit_code == 0, made.output
    again = _cli(config_file, "user", "add", "vanthu", "--password-stdin", stdin="mot-mat-khau-dai\n")
    assert again.exit_code == 1 and "đã có" in again.output
    listed = _cli(config_file, "user", "list").output
    assert "vanthu" in listed and "Lê Thị Thu" in listed and "Văn thư, chuyên viên" in listed
    database = Path(config_mod.load(config_file).storage.database.removeprefix("sqlite:///")).read_bytes()
    assert b"mot-mat-khau-dai" not in database and b"$argon2id$" in database
    assert _cli(config_file, "user", "remove", "vanthu").exit_code == 0
    assert "Chưa có tài khoản nào" in _cli(config_file, "user", "list").output


def test_missing_says_which_school_handed_in_its_paper_copy(config_file: Path) -> None:
    """`baocao missing` listed a school whose paper copy the clerk had recorded as plainly «Chưa nộp»,
    with nothing to say the office holds its report on paper."""
    done = _cli(
        config_file, "paper", "th-my-an", "--year", "2021", "--received", "22/10/2021", "--by", "Lê Thị Thu"
    )
    assert done.exit_code == 0, done.output
    missing = _cli(config_file, "missing", "--year", "2021").output
    line = next(line for line in missing.splitlines() if "th-my-an" in line)
    assert "Đã nhận bản giấy ngày 22/10/2021 (Lê Thị Thu)" in line
    assert "Bản giấy" in missing


def test_missing_status_and_csv_say_which_school_has_mail_waiting_for_staff(config_file: Path) -> None:
    """A school's report sent from another school's registered address waited in review, but `baocao
    missing`, `baocao status` and the CSV listed both schools as plainly «Chưa nộp»: the clerk chased
    schools whose report sat in the queue (only the school's page said so). Every list now says it,
    for the schools the mail may be from and no others."""
    sender = config_mod.load(config_file).school("th-my-lac").emails[0]
    raw = report_mail(sender, "Trường Tiểu học Mỹ An", dt.datetime(2021, 10, 15, 9, tzinfo=HCM))
    msg = message_from_bytes(raw, policy=policy.default)
    msg.replace_header("Subject", "Báo cáo NQ121 - Trường Tiểu học Mỹ Lạc")
    assert _ingest(config_file, msg.as_bytes(), 15).state == MessageState.REVIEW
    note = "Có 1 thư đang chờ cán bộ xem xét"
    for command in ("missing", "status"):
        lines = _cli(config_file, command, "--year", "2021").output.splitlines()
        marked = {school for line in lines if note in line for school in re.findall(r"th-my-\w+", line)}
        assert marked == {"th-my-an", "th-my-lac"}, command
    table = list(
        csv.DictReader(
            io.StringIO(
                _cli(config_file, "missing", "--year", "2021", "--format", "csv").output.lstrip("\ufeff")
            )
        )
    )
    assert {r["Mã trường"] for r in table if r["Thư chờ xem xét"] == note} == {"th-my-an", "th-my-lac"}
    assert (
        len(_schools(config_file)["th-my-an"]["waiting"]) == 1
        and not _schools(config_file)["th-binh-an"]["waiting"]
    )


def test_the_audit_log_exports_to_csv_like_every_listing(config_file: Path) -> None:
    """`baocao audit --format csv` was refused although every other listing offers CSV for Excel."""
    done = _cli(config_file, "exempt", "mg-tan-long", "--year", "2021", "--reason", "Sáp nhập")
    assert done.exit_code == 0, done.output
    shown = _cli(config_file, "audit", "--format", "csv")
    assert shown.exit_code == 0, shown.output
    assert shown.output.startswith("\ufeff")  # the BOM Excel needs for Vietnamese
    rows = list(csv.reader(io.StringIO(shown.output.lstrip("\ufeff"))))
    assert rows[0] == ["Lúc", "Ai", "Việc", "Đối tượng", "Chi tiết", "Lý do"]
    assert rows[1][2:4] == ["Miễn nộp", "Trường Mẫu giáo Tân Long"] and rows[1][5] == "Sáp nhập"
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", rows[1][0])


def test_a_senders_words_that_open_a_formula_stay_text_in_the_exports(config_file: Path) -> None:
    """A school's subject «=BC NQ121…» and file «=1+2 BC NQ121.docx» went into the CSV as written,
    and into the workbook as formulas: Excel runs the first and refuses or «repairs» the second. The CSV
    cell gets a leading apostrophe, the workbook a text cell."""
    school = config_mod.load(config_file).school("th-my-an")
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = (
        school.emails[0],
        "pgdthuthua@example.edu.vn",
        "=BC NQ121 năm 2021",
    )
    msg["Message-ID"], msg["Date"] = "<cong-thuc@example.edu.vn>", "Wed, 20 Oct 2021 09:15:00 +0700"
    msg.set_content("Kính gửi Phòng GD&ĐT.")
    paper = render_docx(make_paper(school.name, year=2021, rng=random.Random(3)))
    msg.add_attachment(paper, maintype="application", subtype="octet-stream", filename="=1+2 BC NQ121.docx")
    assert _ingest(config_file, msg.as_bytes(), 20).state == MessageState.REPORT
    shown = _cli(config_file, "history", "th-my-an", "--format", "csv")
    assert shown.exit_code == 0, shown.output
    cells = [c for row in csv.reader(io.StringIO(shown.output.lstrip("\ufeff"))) for c in row]
    assert "'=1+2 BC NQ121.docx" in cells and not any(c.startswith("=") for c in cells), repr(cells)
    table = export.Table(("Tệp", "Số"), (("=1+2 BC NQ121.docx", -2),), HCM)
    sheet = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(table, "Lịch sử", NOW))).active
    assert sheet is not None
    assert sheet["A2"].value == "=1+2 BC NQ121.docx" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == -2


def test_assigning_a_note_that_carries_no_report_says_so_and_its_acknowledgement_checks_nothing(
    config_file: Path,
) -> None:
    """Mỹ An wrote with nothing attached that its report went by Zalo; staff assigned the note from the
    command line. The page warns that this counts the note itself as the report, the command said
    nothing; and the school was acknowledged with «chưa tìm thấy các nội dung: …» listing every section
    of a report it never mailed. The command now warns (and names `baocao paper`), and the
    acknowledgement says staff counted the note, so its contents were not checked."""
    note = EmailMessage()
    note["From"], note["To"], note["Subject"] = (
        "c1myan.thuthua@example.edu.vn",
        "pgdthuthua@example.edu.vn",
        "BC",
    )
    note["Message-ID"], note["Date"] = "<zalo-cli@example.edu.vn>", "Wed, 20 Oct 2021 09:15:00 +0700"
    note.set_content("Dạ trường em đã gửi báo cáo NQ121 qua Zalo cho chị Hạnh rồi ạ.")
    waiting = _ingest(config_file, note.as_bytes(), 20)
    assert waiting.state == MessageState.REVIEW
    done = _cli(config_file, "assign", waiting.key[:12], "th-my-an")
    assert done.exit_code == 0, done.output
    assert "thư không kèm báo cáo" in done.output and "baocao paper th-my-an" in done.output
    assert _schools(config_file)["th-my-an"]["status"] == "received"
    with Runtime.open(config_mod.load(config_file), clock=lambda: NOW) as rt:
        [ack] = [o for o in jobs.due(rt, NOW, kinds=("ack",)) if o.school_id == "th-my-an"]
    assert "chưa tìm thấy các nội dung" not in ack.text
    assert "Thư không kèm tệp báo cáo; cán bộ Phòng đã xem thư và tính thư này là báo cáo" in ack.text


def test_assigning_a_mail_of_two_schools_papers_to_one_says_the_other_still_counts_it(
    config_file: Path,
) -> None:
    """A shared accountant's gmail carried the papers of TH and MG Long Thuận, counted for both. Assigned to
    TH Long Thuận, the mail still counted for MG Long Thuận (each keeps its own paper), and the command named
    TH alone: the clerk believed the mail was now TH's only. The command now says MG still counts it."""
    done = _ingest(config_file, _two_schools_mail("ketoan.truonghoc@gmail.com").as_bytes(), 20)
    assert {s.school_id for s in done.submissions} == {"th-long-thuan", "mg-long-thuan"}
    said = _cli(config_file, "assign", done.key[:12], "th-long-thuan")
    assert said.exit_code == 0, said.output
    assert (
        "Lưu ý: thư còn kèm báo cáo của Trường Mẫu giáo Long Thuận nên vẫn được tính cho cả trường ấy, mỗi "
        "trường với văn bản của mình; gán thư chỉ đổi phần của Trường Tiểu học Long Thuận, không tính được thư "
        "này cho riêng Trường Tiểu học Long Thuận." in " ".join(said.output.split())
    )
    assert _schools(config_file)["mg-long-thuan"]["status"] == "received"


def _two_schools_mail(sender: str) -> EmailMessage:
    """A shared accountant's mail carrying the NQ121 papers of TH and MG Long Thuận, each under its own
    school's header."""
    mail = EmailMessage()
    mail["From"], mail["To"] = sender, "pgdthuthua@example.edu.vn"
    mail["Subject"], mail["Message-ID"] = "Báo cáo NQ121 của 2 trường", "<ketoan-cum@example.com>"
    mail["Date"] = "20 Oct 2021 09:00:00 +0700"
    mail.set_content("Kế toán dùng chung gửi báo cáo NQ121 năm 2021 của hai trường Long Thuận.")
    rng = random.Random(3)
    for name, file in (("Trường Tiểu học Long Thuận", "TH.docx"), ("Trường Mẫu giáo Long Thuận", "MG.docx")):
        mail.add_attachment(
            render_docx(make_paper(name, year=2021, rng=rng)),
            maintype="application",
            subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
            filename=file,
        )
    return mail


def _cropped_health_report(sender: str) -> bytes:
    """A school health report whose header was cropped: nothing in it names its school."""
    health = EmailMessage()
    health["From"], health["To"] = sender, "pgdthuthua@example.edu.vn"
    health["Subject"], health["Message-ID"] = "Báo cáo y tế trường học", "<ketoan-ytth@example.com>"
    health["Date"] = "22 Nov 2021 09:00:00 +0700"
    health.set_content("Kính gửi Phòng, em gửi báo cáo y tế trường học năm 2021 ạ.")
    cropped = docx.Document()
    for line in (
        "BÁO CÁO",
        "Kết quả công tác y tế trường học năm học 2021-2022",
        "I. Khám sức khỏe học sinh",
        "Tổ chức khám sức khỏe định kỳ cho 96 trẻ; lồng ghép tuyên truyền phòng, chống xâm hại trẻ em.",
    ):
        cropped.add_paragraph(line)
    out = io.BytesIO()
    cropped.save(out)
    health.add_attachment(
        out.getvalue(),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename="BC YTTH.docx",
    )
    return health.as_bytes()


def test_an_address_whose_mail_counts_for_two_schools_is_not_learned_for_the_one_staff_assign(
    config_file: Path, tmp_path: Path
) -> None:
    """A cluster's accountant sent TH and MG Long Thuận's reports in one mail from one gmail, counted for
    both; staff assigned it to TH Long Thuận and the gmail was learned as TH's address, though the mail
    still counted for MG. Her next mail, MG's health report with its header cropped, was then credited
    to TH Long Thuận by the address alone. An address that sends for two schools is learned for neither."""
    from tests.intake.test_pipeline import HEALTH_REPORT

    config_file.write_text(config_file.read_text(encoding="utf-8") + HEALTH_REPORT, encoding="utf-8")
    sender = "ketoan.cumtruong@gmail.com"
    (tmp_path / "bundle").mkdir()
    (tmp_path / "bundle" / "hai-truong.eml").write_bytes(_two_schools_mail(sender).as_bytes())
    assert _cli(config_file, "import", str(tmp_path / "bundle")).exit_code == 0
    schools = _schools(config_file)
    assert schools["th-long-thuan"]["status"] == schools["mg-long-thuan"]["status"] == "received"
    with Runtime.open(config_mod.load(config_file), clock=lambda: NOW) as rt:
        [key] = {s.message_key for s in rt.store.submissions(sender=sender)}

    said = _cli(config_file, "assign", key[:12], "th-long-thuan")
    assert said.exit_code == 0, said.output
    assert "Đã ghi nhớ địa chỉ" not in said.output
    assert "cũng đã gửi thư của Trường Mẫu giáo Long Thuận" in said.output
    assert sender not in _cli(config_file, "addresses").output

    (tmp_path / "health").mkdir()
    (tmp_path / "health" / "ytth.eml").write_bytes(_cropped_health_report(sender))
    assert _cli(config_file, "import", str(tmp_path / "health")).exit_code == 0
    with Runtime.open(config_mod.load(config_file), clock=lambda: NOW) as rt:
        assert rt.store.submissions(report_id="ytth") == []
        [waiting] = rt.store.reviews()
    assert waiting.sender == sender


def test_an_address_learned_for_one_school_whose_mail_then_counts_for_two_names_neither(
    config_file: Path, tmp_path: Path
) -> None:
    """Staff assigned the accountant's first mail, a cropped NQ121 report, to TH Long Thuận, and her gmail
    was learned for it; her next mail carried TH and MG Long Thuận's papers and counted for both. The
    address still credited TH alone with her cropped health report, which was MG's."""
    from tests.intake.test_pipeline import HEALTH_REPORT

    config_file.write_text(config_file.read_text(encoding="utf-8") + HEALTH_REPORT, encoding="utf-8")
    sender = "ketoan.cumtruong@gmail.com"
    first = EmailMessage()
    first["From"], first["To"] = sender, "pgdthuthua@example.edu.vn"
    first["Subject"], first["Message-ID"] = "Báo cáo NQ121", "<ketoan-dau@example.com>"
    first["Date"] = "18 Oct 2021 09:00:00 +0700"
    paper = make_paper("Trường Tiểu học Long Thuận", year=2021, rng=random.Random(8), named=False)
    first.set_content(render_text(paper))
    waiting = _ingest(config_file, first.as_bytes(), 18)
    assert waiting.state == MessageState.REVIEW
    assert _cli(config_file, "assign", waiting.key[:12], "th-long-thuan").exit_code == 0
    for name, raw in (
        ("bundle", _two_schools_mail(sender).as_bytes()),
        ("health", _cropped_health_report(sender)),
    ):
        (tmp_path / name).mkdir()
        (tmp_path / name / f"{name}.eml").write_bytes(raw)
        assert _cli(config_file, "import", str(tmp_path / name)).exit_code == 0
    with Runtime.open(config_mod.load(config_file), clock=lambda: NOW) as rt:
        assert rt.store.submissions(report_id="ytth") == []
        [health] = rt.store.reviews()
    assert set(health.candidates) == {"th-long-thuan", "mg-long-thuan"}


def test_an_address_that_sent_two_schools_papers_is_not_learned_from_its_next_mail(config_file: Path) -> None:
    """The accountant's mail of TH and MG Long Thuận's papers counted for both by their headers; staff
    assigned her next mail, a cropped report, to TH Long Thuận, and her gmail was learned as TH's. An address
    seen sending for two schools in the season is learned for neither."""
    sender = "ketoan.cumtruong@gmail.com"
    bundle = _ingest(config_file, _two_schools_mail(sender).as_bytes(), 20)
    assert {s.school_id for s in bundle.submissions} == {"th-long-thuan", "mg-long-thuan"}
    cropped = EmailMessage()
    cropped["From"], cropped["To"] = sender, "pgdthuthua@example.edu.vn"
    cropped["Subject"], cropped["Message-ID"] = "Gửi lại báo cáo NQ121", "<ketoan-lai@example.com>"
    cropped["Date"] = "21 Oct 2021 09:00:00 +0700"
    paper = make_paper("Trường Tiểu học Long Thuận", year=2021, rng=random.Random(9), named=False)
    cropped.set_content(render_text(paper))
    waiting = _ingest(config_file, cropped.as_bytes(), 21)
    assert waiting.state == MessageState.REVIEW
    said = _cli(config_file, "assign", waiting.key[:12], "th-long-thuan")
    assert said.exit_code == 0, said.output
    assert "Đã ghi nhớ địa chỉ" not in said.output
    assert "cũng đã gửi thư của Trường Mẫu giáo Long Thuận" in said.output
    assert sender not in _cli(config_file, "addresses").output


def test_moving_the_mail_that_taught_an_address_leaves_it_learned_for_neither_school_it_sent_for(
    config_file: Path,
) -> None:
    """A principal's gmail sent a cropped report that staff assigned to TH Long Thuận, and the address was
    learned for it; her next mail was TH Long Thuận's report, headed with its name. Staff then moved the first
    mail to MG Long Thuận: the address moved with it, and her next cropped mail would have counted for MG
    Long Thuận although she sends TH's reports too. It is now learned for neither."""
    sender = "hieutruong.longthuan@gmail.com"

    def mail(n: int, named: bool) -> bytes:
        message = EmailMessage()
        message["From"], message["To"] = sender, "pgdthuthua@example.edu.vn"
        message["Subject"], message["Message-ID"] = "Báo cáo NQ121", f"<longthuan-{n}@example.com>"
        message["Date"] = f"{17 + n} Oct 2021 09:00:00 +0700"
        paper = make_paper("Trường Tiểu học Long Thuận", year=2021, rng=random.Random(20 + n), named=named)
        message.set_content(render_text(paper))
        return message.as_bytes()

    cropped = _ingest(config_file, mail(1, named=False), 18)
    assert cropped.state == MessageState.REVIEW
    assert _cli(config_file, "assign", cropped.key[:12], "th-long-thuan").exit_code == 0
    headed = _ingest(config_file, mail(2, named=True), 19)
    assert [s.school_id for s in headed.submissions] == ["th-long-thuan"]
    said = _cli(config_file, "assign", cropped.key[:12], "mg-long-thuan")
    assert said.exit_code == 0, said.output
    assert "cũng đã gửi thư của Trường Tiểu học Long Thuận" in said.output
    learned = [line for line in _cli(config_file, "addresses").output.splitlines() if sender in line]
    assert learned and not any("Đang dùng" in line for line in learned), learned
    with Runtime.open(config_mod.load(config_file), clock=lambda: NOW) as rt:
        counted = {s.message_key: s.school_id for s in rt.store.submissions()}
    assert counted[cropped.key] == "mg-long-thuan" and counted[headed.key] == "th-long-thuan"


def test_a_request_for_more_time_names_the_report_when_the_office_collects_several(
    config_file: Path,
) -> None:
    """Mỹ An asked for more time on its school health report, to an office collecting two reports. The
    review reason said «gia hạn cho trường (baocao extend)»: run so, the command extended the first
    report, NQ121, and the health report stayed due. The reason now writes the command with --report,
    and the command run as written (its placeholders filled) extends the report asked about."""
    from tests.intake.test_pipeline import HEALTH_REPORT

    config_file.write_text(config_file.read_text(encoding="utf-8") + HEALTH_REPORT, encoding="utf-8")
    school = config_mod.load(config_file).school("th-my-an")
    asked = EmailMessage()
    asked["From"], asked["To"] = school.emails[0], "pgdthuthua@example.edu.vn"
    asked["Subject"], asked["Message-ID"] = "Xin gia hạn báo cáo YTTH", "<giahan-ytth@example.edu.vn>"
    asked["Date"] = "25 Oct 2021 09:00:00 +0700"
    asked.set_content(
        "Kính gửi Phòng GD&ĐT, trường xin gia hạn nộp báo cáo y tế trường học đến 10/12/2021 ạ."
    )
    assert _ingest(config_file, asked.as_bytes(), 25).state == MessageState.REVIEW

    listed = _cli(config_file, "review", "--format", "json")
    [item] = [r for r in json.loads(listed.output) if r["subject"] == "Xin gia hạn báo cáo YTTH"]
    found = re.search(r"\(baocao (extend [^)]*)\)", item["reason"])
    assert found, item["reason"]
    filled = {"MÃ_TRƯỜNG": "th-my-an", "MÃ_BÁO_CÁO": "ytth", "NGÀY": "10/12/2021", "LÝ_DO": "Trường xin"}
    done = _cli(config_file, *[filled.get(word, word) for word in found.group(1).split()])
    assert done.exit_code == 0, done.output
    health = _cli(config_file, "status", "--report", "ytth", "--year", "2021", "--format", "json")
    [mine] = [s for s in json.loads(health.output)["schools"] if s["school_id"] == "th-my-an"]
    assert mine["extension"]["until"] == "2021-12-10"
    assert _schools(config_file)["th-my-an"]["extension"] is None


def test_assigning_a_report_to_another_plan_says_it_no_longer_counts_for_the_first(config_file: Path) -> None:
    """A combined paper (NQ121 and the health report in one) was assigned for NQ121, then for the health
    report: both commands printed «Đã gán», and NQ121 silently went back to missing. A message counts for
    one report; staff are now told which one it no longer counts for."""
    from tests.intake.test_pipeline import HEALTH_REPORT

    config_file.write_text(config_file.read_text(encoding="utf-8") + HEALTH_REPORT, encoding="utf-8")
    done = _ingest(config_file, _report_of(config_mod.load(config_file).school("th-my-an"), 20), 20)
    assert _schools(config_file)["th-my-an"]["status"] == "received"
    moved = _cli(config_file, "assign", done.key[:12], "th-my-an", "--report", "ytth")
    assert moved.exit_code == 0, moved.output
    assert (
        "thư này trước đây được tính là báo cáo NQ121 của Trường Tiểu học Mỹ An; nay chỉ được tính cho báo cáo YTTH"
        in " ".join(moved.output.split())
    )
    assert _schools(config_file)["th-my-an"]["status"] == "missing"
    again = _cli(config_file, "assign", done.key[:12], "th-my-an", "--report", "ytth")
    assert "trước đây được tính" not in again.output


def test_the_audit_log_and_a_schools_decisions_name_the_report_as_the_page_does(config_file: Path) -> None:
    """The change log read «nq121 2021: gia hạn đến 05/11/2021» (and a school's decisions «nq121»)
    where every other line on the page and in the CLI names the report NQ121."""
    _ingest(config_file, _report_of(config_mod.load(config_file).school("th-my-an"), 20), 20)
    done = _cli(config_file, "extend", "th-my-an", "--year", "2021", "--until", "05/11/2021", "--reason", "x")
    assert done.exit_code == 0, done.output
    undone = _cli(config_file, "extend", "th-my-an", "--year", "2021", "--undo", "--reason", "Nhầm trường")
    assert undone.exit_code == 0, undone.output
    table = _cli(config_file, "audit").output
    assert "NQ121 2021: gia hạn đến 05/11/2021" in table and "nq121" not in table
    assert "NQ121 2021: bỏ gia hạn đến 05/11/2021" in table
    history = _cli(config_file, "history", "th-my-an").output
    assert "NQ121" in history[history.index("Quyết định của Phòng") :] and "nq121" not in history
    submissions = _cli(config_file, "history", "th-my-an", "--format", "csv").output
    assert list(csv.DictReader(io.StringIO(submissions.lstrip("\ufeff"))))[0]["Báo cáo"] == "NQ121"
    nothing = _cli(config_file, "extend", "th-my-an", "--year", "2021", "--undo", "--reason", "x")
    assert nothing.exit_code == 1 and "báo cáo NQ121 năm 2021" in nothing.output


def test_a_deadline_moved_for_every_school_counts_their_reports_on_time_and_spares_a_later_own_extension(
    config_file: Path,
) -> None:
    """Moving a season's deadline (a notice after floods, a deadline on a Sunday) took one `extend` per
    school; now `extend --all` gives each school the day, keeps a school's own later extension, records
    nothing new when run again, and is withdrawn with --undo without touching the school's own: a school's own
    shorter extension, which the move replaced, is in force again (it was lost, and the school late)."""
    config = config_mod.load(config_file)
    _ingest(config_file, _report_of(config.school("th-my-an"), 26), 26)
    _ingest(config_file, _report_of(config.school("th-my-lac"), 29), 29)
    _ingest(config_file, _report_of(config.school("th-binh-an"), 26), 26)
    own = ("extend", "th-my-lac", "--year", "2021", "--until", "30/10/2021", "--reason", "Ngập lụt")
    assert _cli(config_file, *own).exit_code == 0
    shorter = ("extend", "th-binh-an", "--year", "2021", "--until", "26/10/2021", "--reason", "Mất điện")
    assert _cli(config_file, *shorter).exit_code == 0
    assert _schools(config_file)["th-my-an"]["status"] == "late"

    moved = ("extend", "--all", "--year", "2021", "--until", "27/10/2021")
    done = _cli(config_file, *moved, "--reason", "Hạn rơi vào Chủ nhật")

    assert done.exit_code == 0, done.output
    on_roster = len(config.schools)
    assert f"gia hạn đến 27/10/2021 cho {on_roster - 1} trường" in done.output
    assert "Trường Tiểu học Mỹ Lạc (gia hạn đến 30/10/2021)" in done.output
    schools = _schools(config_file)
    assert schools["th-my-an"]["status"] == "received" and schools["th-my-lac"]["status"] == "received"
    assert (
        "(hạn nộp: hết ngày 25/10/2021; lùi chung đến hết ngày 27/10/2021)"
        in _cli(config_file, "status", "--year", "2021").output
    )
    audit = json.loads(_cli(config_file, "audit", "--format", "json").output)
    assert _cli(config_file, *moved, "--reason", "Hạn rơi vào Chủ nhật").exit_code == 0
    assert json.loads(_cli(config_file, "audit", "--format", "json").output) == audit  # nothing new

    undone = _cli(config_file, *moved, "--undo", "--reason", "Nhầm ngày")
    assert undone.exit_code == 0 and f"của {on_roster - 1} trường" in undone.output
    schools = _schools(config_file)
    assert schools["th-my-an"]["status"] == "late" and schools["th-my-lac"]["status"] == "received"
    # A school's own shorter extension, which the move replaced, is in force again.
    assert "Khôi phục hạn riêng trước đó của 1 trường: Trường Tiểu học Bình An (gia hạn đến 26/10/2021)" in (
        undone.output
    )
    assert schools["th-binh-an"]["status"] == "received" and schools["th-binh-an"]["extension"]
    assert "lùi chung" not in _cli(config_file, "status", "--year", "2021").output
    again = _cli(config_file, *moved, "--undo")
    assert again.exit_code == 1 and "không trường nào được gia hạn" in again.output
    both = _cli(config_file, "extend", "th-my-an", "--all", "--until", "27/10/2021", "--reason", "x")
    assert both.exit_code == 2 and "hoặc --all" in both.output


def test_undoing_a_schools_own_extension_gives_back_the_deadline_moved_for_all(config_file: Path) -> None:
    """The deadline was moved to 27/10 for every school, TH Mỹ An was then given 30/10 of its own, and that
    was undone: TH Mỹ An fell back to 25/10, its report of 26/10 was late, it was reminded of 25/10, and
    the moved deadline left every list, as if not every school had it. It has 27/10 again."""
    config = config_mod.load(config_file)
    _ingest(config_file, _report_of(config.school("th-my-an"), 26), 26)
    moved = ("extend", "--all", "--year", "2021", "--until", "27/10/2021", "--reason", "Hạn rơi vào Chủ nhật")
    assert _cli(config_file, *moved).exit_code == 0
    own = (
        "extend",
        "th-my-an",
        "--year",
        "2021",
        "--until",
        "30/10/2021",
        "--reason",
        "Cô phụ trách nghỉ ốm",
    )
    assert _cli(config_file, *own).exit_code == 0

    undone = _cli(config_file, *own[:-4], "--undo", "--reason", "Trường báo không cần")

    assert undone.exit_code == 0, undone.output
    assert "Trường trở lại hạn trước đó: gia hạn đến 27/10/2021." in undone.output
    mine = _schools(config_file)["th-my-an"]
    assert mine["status"] == "received" and mine["extension"], mine
    assert "lùi chung đến hết ngày 27/10/2021" in _cli(config_file, "status", "--year", "2021").output


def test_a_deadline_moved_for_one_units_schools_leaves_the_other_units_alone(tmp_path: Path) -> None:
    """A commune that moves its own schools' deadline (--unit) extends its schools only."""
    config_file = shipped_config(tmp_path)
    config = config_mod.load(config_file)
    theirs = {s.id for s in config.roster(dt.date(2025, 10, 25), "xa-my-an")}

    args = [
        "extend",
        "--all",
        "--unit",
        "xa-my-an",
        "--year",
        "2025",
        "--until",
        "31/10/2025",
        "--reason",
        "Lũ",
    ]
    in_2025 = dt.datetime(2025, 10, 20, 3, 0, tzinfo=dt.UTC)  # a season is decided for while it is near
    done = CliRunner().invoke(main, ["--config", str(config_file), *args], obj=lambda: in_2025)

    assert (
        done.exit_code == 0 and f"cho {len(theirs)} trường" in done.output and "UBND xã Mỹ An" in done.output
    )
    out = _cli(config_file, "status", "--year", "2025", "--format", "json")
    extended = {s["school_id"] for s in json.loads(out.output)["schools"] if s["extension"]}
    assert extended == theirs
    nobody = _cli(
        config_file, "extend", "--all", "--unit", "xa-my-an", "--year", "2021", "--until", "30/10/2021"
    )
    assert nobody.exit_code == 1 and "không có trường nào phải nộp" in nobody.output


def test_an_extension_past_the_seasons_last_day_says_no_reminder_follows(config_file: Path) -> None:
    """An extension to 08/01/2022 was recorded as any other, though the 2021 season closes 60 days after
    25/10 (24/12/2021): no reminder or digest went out after that, and nobody was told. The command says
    so; an extension within the season says nothing more."""
    late = (
        "extend",
        "th-my-an",
        "--year",
        "2021",
        "--until",
        "08/01/2022",
        "--reason",
        "Trường xây lại sau lũ",
    )
    done = _cli(config_file, *late)
    assert done.exit_code == 0, done.output
    assert "Lưu ý: đợt báo cáo năm 2021 khép lại sau ngày 24/12/2021" in done.output
    assert "trường nộp đến hết ngày 08/01/2022 vẫn được tính đúng hạn" in done.output
    within = _cli(
        config_file, "extend", "th-my-lac", "--year", "2021", "--until", "24/12/2021", "--reason", "x"
    )
    assert within.exit_code == 0 and "Lưu ý" not in within.output, within.output
