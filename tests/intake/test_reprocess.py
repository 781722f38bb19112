"""`baocao reprocess`: archived mail read again with the current config, without IMAP or OCR."""

from __future__ import annotations

import csv
import datetime as dt
import email
import email.policy
import io
import json
import mailbox
import random
import re
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from app.cli import main
from intake.readings import parse_cache
from kernel import config as config_mod
from kernel.runtime import Runtime
from parsers import read
from samples.documents import render_docx, render_scan
from samples.papers import make_paper
from tests.intake.conftest import DOCX, HCM, paper_of_my_an, report_mail, same_second, sessions_of_my_an

PERSONAL = "hieutruong.myan@gmail.com"
NEW_SECTION = """
  [[reports.sections]]
  id = "giai_phap"
  title = "Giải pháp trong thời gian tới"
  keywords = ["giải pháp trong thời gian tới"]
"""


def _message(sender: str, mid: str, body: str, files: dict[str, bytes]) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo thực hiện Nghị quyết 121/2020/QH14"
    msg["Message-ID"] = f"<{mid}@example.vn>"
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    msg.set_content(body)
    for name, data in files.items():
        msg.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return msg.as_bytes()


@pytest.fixture
def export(tmp_path: Path) -> Path:
    """An mbox exported from webmail: a scanned report, and a report typed into a personal mail."""
    scan = render_scan(make_paper("Trường THCS Nhị Thành", year=2021, rng=random.Random(11)), pages=1)
    path = tmp_path / "hop-thu.mbox"
    box = mailbox.mbox(path)
    box.add(_message("c2nhithanh.thuthua@example.edu.vn", "scan", "Gửi báo cáo.", {"scan0001.pdf": scan}))
    # The school signs with the name parents use, which the config does not know yet.
    typed = email.message_from_bytes(
        report_mail(PERSONAL, "Trường Tiểu học Măng Non", dt.datetime(2021, 10, 20, 9, 0, tzinfo=HCM)),
        policy=email.policy.default,
    )
    typed.replace_header("Subject", "Báo cáo NQ121 năm 2021 - Trường Tiểu học Măng Non")
    box.add(typed.as_bytes())
    box.flush()
    box.close()
    return path


def _status(config_file: Path) -> dict[str, dict[str, str]]:
    out = CliRunner().invoke(
        main, ["--config", str(config_file), "status", "--year", "2021", "--format", "csv"]
    )
    assert out.exit_code == 0, out.output
    rows = csv.DictReader(io.StringIO(out.stdout_bytes.decode("utf-8-sig")))
    return {r["Mã trường"]: r for r in rows}


def test_reprocess_applies_a_config_change_without_network_or_ocr(
    config_file: Path, export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An office that imported an mbox could not re-read it after editing config.toml: rescan
    needed the IMAP server (here 127.0.0.1:993, where nothing listens)."""
    runner = CliRunner()
    imported = runner.invoke(main, ["--config", str(config_file), "import", str(export)])
    assert imported.exit_code == 0, imported.output
    before = _status(config_file)
    assert before["th-my-an"]["Tình trạng"] == "Chưa nộp"  # neither the address nor the name is known
    assert before["thcs-nhi-thanh"]["Tình trạng"] == "Đã nộp"
    assert "Giải pháp" not in before["thcs-nhi-thanh"]["Ghi chú"]

    text = config_file.read_text(encoding="utf-8")
    text = text.replace(
        'emails = ["c1myan.thuthua@example.edu.vn"]',
        'emails = ["c1myan.thuthua@example.edu.vn"]\naliases = ["Tiểu học Măng Non"]',
    )
    text = text.replace("  [[reports.figures]]", NEW_SECTION + "\n  [[reports.figures]]", 1)
    config_file.write_text(text, encoding="utf-8")
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract: the scan can only come from the parse cache

    done = runner.invoke(main, ["--config", str(config_file), "reprocess"])

    assert done.exit_code == 0, done.output
    assert "Đã xử lý lại 2 thư: 2 báo cáo được ghi nhận" in done.output
    after = _status(config_file)
    assert after["th-my-an"]["Tình trạng"] == "Đã nộp"
    assert after["thcs-nhi-thanh"]["Tình trạng"] == "Đã nộp"  # the scan was read, from the cache
    assert "Giải pháp trong thời gian tới" in after["thcs-nhi-thanh"]["Ghi chú"]

    again = runner.invoke(main, ["--config", str(config_file), "reprocess", "--since", "20/10/2021"])
    assert again.exit_code == 0, again.output
    assert _status(config_file) == after
    history = runner.invoke(main, ["--config", str(config_file), "history", "th-my-an", "--format", "json"])
    assert history.output.count('"message_id"') == 1  # re-running never duplicates a submission


def test_reprocess_since_a_day_leaves_older_mail_alone(config_file: Path, export: Path) -> None:
    runner = CliRunner()
    runner.invoke(main, ["--config", str(config_file), "import", str(export)])
    done = runner.invoke(main, ["--config", str(config_file), "reprocess", "--since", "2021-10-21"])
    assert done.exit_code == 0, done.output
    assert "Đã xử lý lại 0 thư" in done.output


def test_an_original_missing_from_the_archive_keeps_its_record_and_the_others_are_reprocessed(
    config_file: Path, export: Path
) -> None:
    """An archive restored from an incomplete backup lacked one message: reprocess stopped at it with
    a bare "not in the archive", leaving the messages after it unprocessed and no way forward."""
    runner = CliRunner()
    runner.invoke(main, ["--config", str(config_file), "import", str(export)])
    with Runtime.open(config_mod.load(config_file)) as rt:
        first = rt.store.messages()[0]  # the typed report, received before the scan
        assert first.sender == PERSONAL
        rt.archive.path(first.key).unlink()
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(
        text.replace("  [[reports.figures]]", NEW_SECTION + "\n  [[reports.figures]]", 1), encoding="utf-8"
    )

    done = runner.invoke(main, ["--config", str(config_file), "reprocess"])

    assert done.exit_code == 1
    assert "1 thư không còn bản gốc trong kho lưu trữ" in done.output
    assert "baocao rescan" in done.output
    after = _status(config_file)
    # The scan after it was read again with the new section; the typed one's record is kept.
    assert "Giải pháp trong thời gian tới" in after["thcs-nhi-thanh"]["Ghi chú"]
    assert after["thcs-nhi-thanh"]["Tình trạng"] == "Đã nộp"
    with Runtime.open(config_mod.load(config_file)) as rt:
        assert rt.store.message(first.key) == first


@pytest.mark.parametrize("damage", ["overwritten", "truncated"])
def test_a_damaged_original_keeps_its_record_and_is_named_with_what_to_do(
    config_file: Path, export: Path, damage: str
) -> None:
    """An archived mail with 4 KB overwritten in its middle (or cut short) was read by reprocess as a
    new mail, under the hash of the bytes read: `history` showed the school's report twice and `run`
    acknowledged it a second time. It is now left as recorded and named with what to do."""
    runner = CliRunner()
    runner.invoke(main, ["--config", str(config_file), "import", str(export)])
    with Runtime.open(config_mod.load(config_file)) as rt:
        before = rt.store.messages()
        first = before[0]
        path = rt.archive.path(first.key)
    raw = bytearray(path.read_bytes())
    middle = len(raw) // 2
    if damage == "overwritten":
        raw[middle : middle + 4096] = random.Random(1).randbytes(4096)
    else:
        del raw[middle:]
    path.write_bytes(bytes(raw))
    history = runner.invoke(main, ["--config", str(config_file), "history", "th-my-an", "--format", "json"])

    done = runner.invoke(main, ["--config", str(config_file), "reprocess"])

    assert done.exit_code == 1, done.output
    assert "1 thư có bản gốc bị hỏng trong kho lưu trữ, giữ nguyên như đã ghi." in done.output
    assert f"{path}. Chép lại các tệp này từ bản sao lưu, hoặc chạy baocao rescan" in done.output
    assert "Đã xử lý lại 1 thư: 1 báo cáo được ghi nhận" in done.output  # the scan after it
    with Runtime.open(config_mod.load(config_file)) as rt:
        assert [m.key for m in rt.store.messages()] == [m.key for m in before]
        assert rt.store.message(first.key) == first
    again = runner.invoke(main, ["--config", str(config_file), "history", "th-my-an", "--format", "json"])
    assert again.output == history.output


def test_a_reprocess_after_an_upgrade_leaves_only_this_versions_readings_cached(
    config_file: Path, export: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parse cache kept the readings of every parser version for good: an upgrade that changed how
    files are read, then the reprocess README asks for, doubled it. A whole reprocess now leaves only the
    readings of the version it read with."""
    runner = CliRunner()
    runner.invoke(main, ["--config", str(config_file), "import", str(export)])
    with Runtime.open(config_mod.load(config_file)) as rt, rt.store.engine.connect() as conn:
        before = conn.execute(select(parse_cache.c.sha256, parse_cache.c.version)).all()
    assert before and {v for _, v in before} == {read.PARSER_VERSION}
    monkeypatch.setattr(read, "PARSER_VERSION", f"{read.PARSER_VERSION}-moi")

    done = runner.invoke(main, ["--config", str(config_file), "reprocess"])

    assert done.exit_code == 0, done.output
    with Runtime.open(config_mod.load(config_file)) as rt, rt.store.engine.connect() as conn:
        after = conn.execute(select(parse_cache.c.sha256, parse_cache.c.version)).all()
    assert sorted(after) == sorted((sha, read.PARSER_VERSION) for sha, _ in before)


def _counted(config_file: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Mỹ An as `status` shows it, and its submissions as `history` marks them."""
    runner = CliRunner()
    shown = runner.invoke(
        main, ["--config", str(config_file), "status", "--year", "2021", "--format", "json"]
    )
    assert shown.exit_code == 0, shown.output
    (school,) = [s for s in json.loads(shown.output)["schools"] if s["school_id"] == "th-my-an"]
    history = runner.invoke(main, ["--config", str(config_file), "history", "th-my-an", "--format", "json"])
    assert history.exit_code == 0, history.output
    return school, json.loads(history.output)


def _import_in_turn(config_file: Path, mails: Sequence[bytes], tmp_path: Path) -> None:
    """The mails exported as .eml files that an import reads in the order given."""
    folder = tmp_path / "thu-xuat"
    folder.mkdir()
    for n, raw in enumerate(mails, 1):
        (folder / f"{n}.eml").write_bytes(raw)
    done = CliRunner().invoke(main, ["--config", str(config_file), "import", str(folder)])
    assert done.exit_code == 0, done.output


def test_of_two_reports_of_one_second_the_one_read_last_counts_after_a_reprocess_too(
    config_file: Path, tmp_path: Path
) -> None:
    """Mỹ An sent its report, then at once its corrected version: both came in the same second. The import
    counted the correction, as the mailbox had it last; a reprocess, reading the mail by key, counted the
    first version and its figures instead, and `history` marked it «Được tính»."""
    first, corrected = same_second([paper_of_my_an(1), paper_of_my_an(2)], by_key=[1, 0])
    _import_in_turn(config_file, [first, corrected], tmp_path)
    before = _counted(config_file)

    done = CliRunner().invoke(main, ["--config", str(config_file), "reprocess"])

    assert done.exit_code == 0, done.output
    assert _counted(config_file) == before
    school, history = before
    assert school["figures"]["buoi_tuyen_truyen"] == sessions_of_my_an(2) != sessions_of_my_an(1)
    assert [s["counted"] for s in school["submissions"]] == [False, True]
    assert [e["current"] for e in history] == [False, True]
    assert history[1]["message_id"] == school["submissions"][1]["message_id"] == "myan1@example.edu.vn"


def test_a_resend_of_one_second_stays_a_copy_of_the_file_it_sends_again_after_a_reprocess(
    config_file: Path, tmp_path: Path
) -> None:
    """Mỹ An sent its report, the same file again, then a corrected version, all in one second. Read by
    key, the resend came after the correction: it no longer sat beside the file it sends again, so it
    counted as a report of its own and the first version's figures replaced the correction's."""
    report, corrected = paper_of_my_an(1), paper_of_my_an(2)
    mails = same_second([report, report, corrected], by_key=[0, 2, 1])
    _import_in_turn(config_file, mails, tmp_path)
    before = _counted(config_file)

    done = CliRunner().invoke(main, ["--config", str(config_file), "reprocess"])

    assert done.exit_code == 0, done.output
    assert _counted(config_file) == before
    school, history = before
    assert school["figures"]["buoi_tuyen_truyen"] == sessions_of_my_an(2) != sessions_of_my_an(1)
    assert [(e["copy"], e["current"]) for e in history] == [(False, False), (True, False), (False, True)]


def _unnamed_paper_mail(sender: str, mid: str, when: dt.datetime) -> bytes:
    """A report whose docx names no school (its header cut off) nor a commune of one, from sender."""
    paper = make_paper("Trường Tiểu học Hòa Bình", year=when.year, rng=random.Random(5), named=False)
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Gửi báo cáo NQ121"
    msg["Message-ID"] = f"<{mid}@gmail.com>"
    msg["Date"] = format_datetime(when)
    msg.set_content("Dạ em gửi báo cáo ạ.")
    msg.add_attachment(render_docx(paper), maintype=DOCX[0], subtype=DOCX[1], filename="BC.docx")
    return msg.as_bytes()


def _with_address(text: str, school_address: str) -> str:
    return text.replace(f'emails = ["{school_address}"]', f'emails = ["{school_address}", "{PERSONAL}"]')


def test_a_reprocess_never_moves_a_past_report_to_the_school_an_address_moved_to(
    config_file: Path, tmp_path: Path
) -> None:
    """The principal's gmail was registered for TH Mỹ An, which her unnamed paper of 2021 counted for; she
    moved to TH Mỹ Lạc, and the clerk moved the gmail to Mỹ Lạc's emails. `baocao reprocess` (as doctor
    advised) credited the 2021 report to Mỹ Lạc silently: «1 báo cáo được ghi nhận», Mỹ An with no report,
    nothing in review."""
    runner = CliRunner()
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(_with_address(text, "c1myan.thuthua@example.edu.vn"), encoding="utf-8")
    when = dt.datetime(2021, 10, 15, 9, 15, tzinfo=HCM)
    _import_in_turn(config_file, [_unnamed_paper_mail(PERSONAL, "bc2021", when)], tmp_path)
    assert _status(config_file)["th-my-an"]["Tình trạng"] == "Đã nộp"
    config_file.write_text(_with_address(text, "c1mylac.thuthua@example.edu.vn"), encoding="utf-8")

    done = runner.invoke(main, ["--config", str(config_file), "reprocess"])

    assert done.exit_code == 0, done.output
    assert "Đã xử lý lại 1 thư: 0 báo cáo được ghi nhận, 1 cần xem xét" in done.output
    after = _status(config_file)
    assert after["th-my-lac"]["Tình trạng"] == "Chưa nộp"
    review = runner.invoke(main, ["--config", str(config_file), "review"])
    assert "th-my-an" in review.output and "th-my-lac" in review.output
    reason = " ".join(review.output.split())
    assert "trước đây đã được tính cho Trường Tiểu học Mỹ An" in reason, reason
    assert "thì thư được tính cho Trường Tiểu học Mỹ Lạc" in reason
    again = runner.invoke(main, ["--config", str(config_file), "reprocess"])
    assert "0 báo cáo được ghi nhận, 1 cần xem xét" in again.output  # still waiting, not credited now
    assigned = runner.invoke(main, ["--config", str(config_file), "assign", "<bc2021@gmail.com>", "th-my-an"])
    assert assigned.exit_code == 0, assigned.output
    runner.invoke(main, ["--config", str(config_file), "reprocess"])
    final = _status(config_file)
    assert final["th-my-an"]["Tình trạng"] == "Đã nộp"
    assert final["th-my-lac"]["Tình trạng"] == "Chưa nộp"


def test_a_config_with_no_schools_is_refused_before_anything_is_read_again(
    config_file: Path, export: Path
) -> None:
    """A config.toml whose [[schools]] were all cut away (or written as schools = []) was accepted: status
    said no school owed the report, and reprocess moved every credited report to review."""
    runner = CliRunner()
    assert runner.invoke(main, ["--config", str(config_file), "import", str(export)]).exit_code == 0
    before = _status(config_file)
    assert before["thcs-nhi-thanh"]["Tình trạng"] == "Đã nộp"
    kept = config_file.read_text(encoding="utf-8")
    bare = kept[: kept.index("[[schools]]")]

    for text in (bare, bare + "schools = []\n"):
        config_file.write_text(text, encoding="utf-8")
        for command in (["status", "--year", "2021"], ["reprocess"]):
            out = runner.invoke(main, ["--config", str(config_file), *command])
            assert out.exit_code == 1, out.output
            assert out.output.startswith("Lỗi: danh sách trường trong tệp cấu hình"), out.output
            assert "đang trống (không có mục [[schools]] nào)" in out.output
            assert "Thêm mỗi trường một mục [[schools]]" in out.output

    config_file.write_text(kept, encoding="utf-8")
    assert _status(config_file) == before  # nothing was read again


REREAD = "chạy baocao reprocess để đọc lại theo tệp hiện tại"


def test_after_a_school_is_removed_status_names_reprocess_and_reprocess_keeps_why_its_report_waits(
    config_file: Path, export: Path
) -> None:
    """After config.toml was edited, status never said the mail read before needed reading again (only doctor
    did); and a report of a school taken off the file, read again, waited for staff with the generic «không
    khớp trường nào trong danh sách», losing why: its school was removed."""
    runner = CliRunner()
    assert runner.invoke(main, ["--config", str(config_file), "import", str(export)]).exit_code == 0
    shown = runner.invoke(main, ["--config", str(config_file), "status", "--year", "2021"])
    assert REREAD not in shown.output  # nothing was read by another file
    text = config_file.read_text(encoding="utf-8")
    block = re.compile(r'\[\[schools\]\]\nid = "thcs-nhi-thanh"\n.*?(?=\[\[schools\]\])', re.S)
    config_file.write_text(block.sub("", text, count=1), encoding="utf-8")

    shown = runner.invoke(main, ["--config", str(config_file), "status", "--year", "2021"])
    assert shown.exit_code == 0, shown.output
    assert shown.output.rstrip().endswith(
        f"Lưu ý: 2 thư được đọc theo tệp cấu hình trước khi sửa (trường, địa chỉ, báo cáo hoặc đơn vị đã đổi) và vẫn được tính như lúc đọc: {REREAD}."
    )

    gone = "trường mã «thcs-nhi-thanh» nay không còn trong tệp cấu hình"
    for _ in range(2):  # read again twice: the reason stays
        done = runner.invoke(main, ["--config", str(config_file), "reprocess"])
        assert done.exit_code == 0, done.output
        with Runtime.open(config_mod.load(config_file)) as rt:
            [waiting] = [r for r in rt.store.reviews() if r.sender == "c2nhithanh.thuthua@example.edu.vn"]
        assert gone in waiting.reason
        assert waiting.reason.startswith(
            "Thư này trước đây được tính là báo cáo của trường mã «thcs-nhi-thanh»"
        )
    shown = runner.invoke(main, ["--config", str(config_file), "status", "--year", "2021"])
    assert REREAD not in shown.output
