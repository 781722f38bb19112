"""Mail exported from webmail read as it was sent, and received when its headers say."""

from __future__ import annotations

import datetime as dt
import mailbox
import os
import re
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from app.cli import main
from intake import pipeline
from intake.sources import iter_messages, open_export, received_time
from kernel import config as config_mod
from kernel.runtime import Runtime
from tests.intake.conftest import report_mail, write_config
from tests.servers import Dovecot

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def _eml(tmp_path: Path, header: str) -> tuple[bytes, Path]:
    """A mail exported with one dating header, saved on 27/10/2021."""
    raw = f"{header}\r\nFrom: c1myan.thuthua@example.edu.vn\r\nSubject: BC NQ121\r\n\r\nBáo cáo.\r\n".encode()
    path = tmp_path / "1.eml"
    path.write_bytes(raw)
    saved = dt.datetime(2021, 10, 27, 8, tzinfo=HCM).timestamp()
    os.utime(path, (saved, saved))
    return raw, path


@pytest.mark.parametrize(
    ("header", "local"),
    [
        ("Date: Mon, 25 Oct 2021 16:59:00 +0000", "2021-10-25 23:59"),
        ("Date: Tue, 26 Oct 2021 00:59:00 +0800", "2021-10-25 23:59"),
        ("Date: Mon, 25 Oct 2021 17:01:00 GMT", "2021-10-26 00:01"),
        ("Date: Mon, 25 Oct 2021 16:59:00 -0000", "2021-10-25 23:59"),
        ("Received: from mx.example.edu.vn by imap; Mon, 25 Oct 2021 16:59:00 +0000", "2021-10-25 23:59"),
        ("Date: Mon, 25 Oct 2021 23:59:00", "2021-10-25 23:59"),
        ("Date: Tue, 26 Oct 2021 00:01:00", "2021-10-26 00:01"),
    ],
    ids=["utc", "plus8", "gmt-after", "minus0", "received", "no-zone", "no-zone-after"],
)
def test_an_imported_receipt_is_the_moment_its_header_means(tmp_path: Path, header: str, local: str) -> None:
    """A Date written without a zone ("Mon, 25 Oct 2021 23:59:00", as some clients of the schools write
    it) was read as UTC: 06:59 on 26/10 in Vietnam, and a report sent a minute before the deadline's end
    was late. Without a zone, the time is the district's own; "-0000" is UTC by RFC 5322."""
    raw, path = _eml(tmp_path, header)
    assert received_time(raw, path, HCM) == dt.datetime.fromisoformat(local).replace(tzinfo=HCM)


@pytest.mark.parametrize(
    ("header", "local"),
    [
        ("Date: 25/10/2021 23:59:30", "2021-10-25 23:59:30"),
        ("Date: 25-10-2021 23:59", "2021-10-25 23:59:00"),
        ("Date: 25/10/2021 16:59:30 +0000", "2021-10-25 23:59:30"),
        ("Date: 25/10/2021 23:59:30 GMT+7", "2021-10-25 23:59:30"),
        ("Date: 26/10/2021 00:00:30 +07:00 (ICT)", "2021-10-26 00:00:30"),
    ],
    ids=["seconds", "dashes", "utc", "gmt7", "colon-zone"],
)
def test_an_imported_date_written_day_first_is_its_receipt(tmp_path: Path, header: str, local: str) -> None:
    """A mail exported without a Received line whose Date a script wrote as Vietnamese write a time
    («25/10/2021 23:59:30») took the file's time for its receipt, the day it was imported: a report
    sent a minute before the deadline was late by a year. Without a zone, it is the district's time."""
    raw, path = _eml(tmp_path, header)
    assert received_time(raw, path, HCM) == dt.datetime.fromisoformat(local).replace(tzinfo=HCM)


@pytest.mark.parametrize(
    "received",
    [
        "Received: from x (unknown [1.2.3.4]; helo=mail) by mx.example.edu.vn;\r\n"
        "\tTue, 26 Oct 2021 08:00:00 +0700",
        "Received: from mx by imap; Tue, 26 Oct 2021 25:61:00 +0700\r\n"
        "Received: from x by mx; Tue, 26 Oct 2021 07:59:58 +0700",
    ],
    ids=["semicolon-in-a-comment", "newest-unreadable"],
)
def test_an_imported_receipt_reads_the_received_headers_before_the_senders_date(
    tmp_path: Path, received: str
) -> None:
    """A Received header with a «;» inside a comment before its time, or whose time could not be read,
    made import take the school's own Date (24/10): a report received on 26/10 was recorded on time. The
    time after the last «;» is read, and an unreadable one gives way to the hop before it."""
    raw, path = _eml(tmp_path, f"{received}\r\nDate: Sun, 24 Oct 2021 10:00:00 +0700")
    assert received_time(raw, path, HCM).astimezone(HCM).date() == dt.date(2021, 10, 26)


def test_an_imported_forward_is_received_when_it_was_not_when_the_mail_it_carries_was(tmp_path: Path) -> None:
    """A commune's clerk forwarded a school's mail as an attachment on 27/10; the export has no Received
    header of its own. The Received header of the school's mail inside (20/10) was taken as the receipt,
    and the forward counted as on time."""
    inner = (
        "Received: from mx by imap; Tue, 20 Oct 2021 08:00:00 +0700\r\nDate: Tue, 20 Oct 2021 07:59:00 +0700"
    )
    raw, path = _eml(
        tmp_path,
        "Date: Wed, 27 Oct 2021 07:00:00 +0700\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
        f"Content-Type: message/rfc822\r\n\r\n{inner}",
    )
    assert received_time(raw, path, HCM) == dt.datetime(2021, 10, 27, 7, tzinfo=HCM)


def _typed_report(attachment: bytes | None = None) -> bytes:
    """A school's report typed in the mail body, with lines starting «From », as the school sent it."""
    msg = EmailMessage()
    msg["From"] = "c1myan.thuthua@example.edu.vn"
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo thực hiện Nghị quyết 121/2020/QH14 - Trường Tiểu học Mỹ An"
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    msg["Message-ID"] = "<nq121.myan@example.edu.vn>"
    msg.set_content(
        "Kính gửi: Phòng Giáo dục và Đào tạo huyện Thủ Thừa\n\n"
        "TRƯỜNG TIỂU HỌC MỸ AN báo cáo kết quả triển khai thực hiện Nghị quyết 121/2020/QH14 như sau:\n"
        "I. Công tác chỉ đạo, triển khai\n"
        "From Phòng GD&ĐT gửi công văn hướng dẫn, nhà trường đã quán triệt đến toàn thể cán bộ, giáo viên.\n"
        ">From thư trước của Phòng: tổ chức tuyên truyền.\n"
        "II. Kết quả thực hiện: tổ chức 4 buổi tuyên truyền cho 320 lượt học sinh và phụ huynh.\n"
        "III. Khó khăn, vướng mắc: không có.\nIV. Đề xuất, kiến nghị: không có.\n",
        cte="8bit",
    )
    if attachment is not None:
        msg.add_attachment(attachment, maintype="application", subtype="octet-stream", filename="so-lieu.bin")
    return msg.as_bytes().replace(b"\r\n", b"\n")


def _takeout(path: Path, *raws: bytes) -> Path:
    """An mbox as Google Takeout writes it: every body line starting «From », «>From », «>>From »… gets
    one more «>» (mboxrd)."""
    with path.open("wb") as f:
        for n, raw in enumerate(raws):
            f.write(f"From 17800000000000000{n}@xxx Wed Oct 20 02:15:00 +0000 2021\n".encode())
            f.write(re.sub(rb"(?m)^(>*From )", rb">\1", raw) + b"\n")
    return path


def test_an_mbox_message_is_read_as_it_was_sent_without_the_from_quoting(tmp_path: Path) -> None:
    """An mbox message was read with the exporter's «>From » quoting kept: a report typed in the body read
    «>From Phòng GD&ĐT…», and the same mail read as .eml or over IMAP had other bytes and was recorded
    a second time. The quoting is undone (mboxrd: «>>From » was «>From »); an attachment is untouched."""
    sent = _typed_report(attachment=bytes(range(256)) * 8)
    (read,) = iter_messages(open_export(_takeout(tmp_path / "takeout.mbox", sent)), HCM)
    assert read.raw == sent


def test_a_mail_imported_from_an_mbox_then_as_eml_is_recorded_once(config_file: Path, tmp_path: Path) -> None:
    """A school's report typed in the mail body, imported from a Takeout mbox and then from the .eml the
    school sent, was recorded twice, and the school was acknowledged twice."""
    sent = _typed_report()
    (tmp_path / "eml").mkdir()
    (tmp_path / "eml" / "bc.eml").write_bytes(sent)
    runner = CliRunner()
    first = runner.invoke(
        main, ["--config", str(config_file), "import", str(_takeout(tmp_path / "a.mbox", sent))]
    )
    assert "1 báo cáo được ghi nhận" in first.output, first.output
    second = runner.invoke(main, ["--config", str(config_file), "import", str(tmp_path / "eml")])
    assert "Đã xử lý 0 thư mới" in second.output, second.output


def test_an_mbox_imported_before_its_quoting_was_undone_is_not_recorded_again(
    config_file: Path, tmp_path: Path
) -> None:
    """An mbox message recorded with its «>From » quoting kept (by an import before the quoting was
    undone) was recorded a second time when the same mbox was imported again, under its unquoted bytes."""
    sent = _typed_report()
    mbox = _takeout(tmp_path / "takeout.mbox", sent)
    quoted = mbox.read_bytes().split(b"\n", 1)[1].removesuffix(b"\n")
    with Runtime.open(config_mod.load(config_file)) as rt:
        before = pipeline.ingest(
            rt, quoted, received_at=dt.datetime(2021, 10, 20, 2, 15, tzinfo=dt.UTC), source="mbox"
        )
    assert before.new
    again = CliRunner().invoke(main, ["--config", str(config_file), "import", str(mbox)])
    assert "Đã xử lý 0 thư mới" in again.output, again.output
    assert "Bỏ qua 1 thư đã xử lý trước đó" in again.output


@pytest.mark.parametrize(
    "separator",
    [
        "From MAILER-DAEMON Fri Jul  8 12:08:34 2011",
        "From - Mon Oct 20 09:15:00 2025",
        "From 1812345678901234567@xxx Mon Oct 20 02:12:00 +0000 2025",
        "From c1myan.thuthua@example.edu.vn Wed Oct 20 09:15 2021 +0700",
    ],
    ids=["mailer-daemon", "thunderbird", "takeout", "zone-after-year"],
)
def test_an_mbox_body_line_starting_from_does_not_start_a_message(tmp_path: Path, separator: str) -> None:
    """An exporter that did not quote body lines starting «From » (mboxo, mboxcl) left «From Phòng GD&ĐT
    gửi công văn…» in the body: the mbox was split there into three messages, the report was lost and two
    pieces failed as «dữ liệu không có phần đầu thư». Only a separator line (From, the envelope sender,
    a date) starts a message."""
    sent = re.sub(rb"(?m)^>From .*\n", b"", _typed_report())  # such an exporter wrote «>From » as it was
    other = sent.replace(b"<nq121.myan@", b"<khac@")
    path = tmp_path / "unquoted.mbox"
    path.write_bytes(f"{separator}\n".encode() + sent + f"\n{separator}\n".encode() + other + b"\n")
    assert [m.raw for m in iter_messages(open_export(path), HCM)] == [sent, other]


def test_an_mbox_cut_off_in_its_last_mail_leaves_that_mail_out_and_says_so(
    config_file: Path, tmp_path: Path
) -> None:
    """An mbox copied only in part (a copy interrupted, a USB stick pulled out) ended in the middle of the
    last mail's attachment: it was imported without a word, recorded as the school's unreadable report,
    and the complete mbox imported later added a second submission and a second acknowledgement."""
    first = report_mail(
        "c1myan.thuthua@example.edu.vn", "Trường Tiểu học Mỹ An", dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
    )
    last = report_mail(
        "c2mylac.thuthua@example.edu.vn",
        "Trường THCS Mỹ Lạc",
        dt.datetime(2021, 10, 20, 10, tzinfo=HCM),
        attachment=bytes(range(256)) * 64,
    )
    whole = _takeout(tmp_path / "Inbox.mbox", first, last).read_bytes()
    cut = tmp_path / "Inbox-cut.mbox"
    cut.write_bytes(whole[: len(whole) - len(last) // 2])
    runner = CliRunner()

    imported = runner.invoke(main, ["--config", str(config_file), "import", str(cut)])

    assert imported.exit_code == 0, imported.output
    assert "Đã xử lý 1 thư mới: 1 báo cáo được ghi nhận" in imported.output
    assert (
        f"Thư cuối trong tệp {cut} bị cắt dở (tệp xuất chưa hết?): chưa nhập thư này; xuất lại hộp thư rồi nhập lại."
        in imported.output
    )
    again = runner.invoke(main, ["--config", str(config_file), "import", str(tmp_path / "Inbox.mbox")])
    assert "Đã xử lý 1 thư mới: 1 báo cáo được ghi nhận" in again.output, again.output
    assert "bị cắt dở" not in again.output


def test_an_eml_cut_off_in_its_attachment_is_named_and_its_whole_copy_read_over_imap_after(
    tmp_path: Path, dovecot: Dovecot, folder: str
) -> None:
    """A .eml the clerk's export cut off in the middle of its attachment was imported as the school's report
    whose file was damaged («Đề nghị trường … gửi lại»), with no word that the file was cut; the complete
    copy still in the mailbox was then skipped by the poll as a mail already read. The cut file is named
    and left out; the mailbox's copy is read; a complete copy imported after it is not recorded twice."""
    path = write_config(tmp_path / "config.toml", dovecot, folder)
    when = dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
    whole = report_mail(
        "c2mylac.thuthua@example.edu.vn", "Trường THCS Mỹ Lạc", when, attachment=bytes(range(256)) * 64
    )
    export = tmp_path / "thu"
    export.mkdir()
    (export / "BC Mỹ Lạc.eml").write_bytes(whole[: len(whole) * 6 // 10])
    runner = CliRunner()

    imported = runner.invoke(main, ["--config", str(path), "import", str(export)])

    assert imported.exit_code == 0, imported.output
    assert "Đã xử lý 0 thư mới" in imported.output
    assert (
        "Chưa nhập 1 tệp thư bị cắt dở («BC Mỹ Lạc.eml»): tệp xuất chưa hết (chép tệp bị gián đoạn?); tải "
        "hoặc xuất lại các thư này từ hộp thư rồi nhập lại. Thư bị cắt khi xuất, không phải lỗi của trường: "
        "trường không cần gửi lại."
    ) in imported.output
    dovecot.append([(whole, when)], folder)
    polled = runner.invoke(main, ["--config", str(path), "poll", "--once"])
    assert "Đã xử lý 1 thư mới: 1 báo cáo được ghi nhận" in polled.output, polled.output
    (export / "BC Mỹ Lạc.eml").write_bytes(whole)
    again = runner.invoke(main, ["--config", str(path), "import", str(export)])
    assert "Đã xử lý 0 thư mới" in again.output and "Bỏ qua 1 thư đã xử lý trước đó" in again.output
    assert "bị cắt dở" not in again.output


def test_a_cut_eml_recorded_by_an_older_import_does_not_hide_the_whole_copy_in_the_mailbox(
    tmp_path: Path, dovecot: Dovecot, folder: str
) -> None:
    """An office that imported a cut .eml before such files were left out has it recorded: the poll took
    the complete copy in the mailbox for that mail, already read, and skipped it. It is read."""
    path = write_config(tmp_path / "config.toml", dovecot, folder)
    when = dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
    whole = report_mail(
        "c2mylac.thuthua@example.edu.vn", "Trường THCS Mỹ Lạc", when, attachment=bytes(range(256)) * 64
    )
    with Runtime.open(config_mod.load(path)) as rt:
        pipeline.ingest(rt, whole[: len(whole) * 6 // 10], received_at=when, source=f"eml:{tmp_path}/bc.eml")
    dovecot.append([(whole, when)], folder)

    polled = CliRunner().invoke(main, ["--config", str(path), "poll", "--once"])

    assert "Đã xử lý 1 thư mới: 1 báo cáo được ghi nhận" in polled.output, polled.output


def test_a_mail_of_one_part_cut_off_in_its_body_is_not_put_to_the_school(
    config_file: Path, tmp_path: Path
) -> None:
    """A mail of one base64 part (the report typed in the body) whose .eml was cut off mid-body was read
    as a mail announcing a report with no file, and the school was asked to send it again: the clerk's
    export had lost it, not the school."""
    msg = EmailMessage()
    msg["From"] = "c1myan.thuthua@example.edu.vn"
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo thực hiện Nghị quyết 121/2020/QH14 - Trường Tiểu học Mỹ An"
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    msg["Message-ID"] = "<nq121.myan.cut@example.edu.vn>"
    msg.set_content(
        "Trường Tiểu học Mỹ An báo cáo kết quả thực hiện Nghị quyết 121/2020/QH14.\n" * 40, cte="base64"
    )
    raw = msg.as_bytes()
    cut = tmp_path / "BC Mỹ An.eml"
    cut.write_bytes(raw[: len(raw) // 2 + 1])

    imported = CliRunner().invoke(main, ["--config", str(config_file), "import", str(cut)])

    assert "Đã xử lý 0 thư mới" in imported.output, imported.output
    assert "Chưa nhập 1 tệp thư bị cắt dở («BC Mỹ An.eml»)" in imported.output
    assert "Đề nghị trường" not in imported.output


def test_a_mail_deleted_in_thunderbird_but_still_in_its_mbox_is_not_imported(
    config_file: Path, tmp_path: Path
) -> None:
    """Thunderbird keeps a deleted mail in the folder's mbox file, flagged expunged (X-Mozilla-Status
    0x0008), until the folder is compacted: a report the clerk had deleted (sent by mistake) was imported
    and counted as the school's."""
    kept = report_mail(
        "c1myan.thuthua@example.edu.vn", "Trường Tiểu học Mỹ An", dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
    )
    deleted = report_mail(
        "c2mylac.thuthua@example.edu.vn", "Trường THCS Mỹ Lạc", dt.datetime(2021, 10, 20, 10, tzinfo=HCM)
    )
    inbox = tmp_path / "Inbox"
    with inbox.open("wb") as f:
        for status, raw in (("0001", kept), ("0009", deleted)):
            f.write(f"From - Wed Oct 20 09:00:00 2021\nX-Mozilla-Status: {status}\n".encode())
            f.write(b"X-Mozilla-Status2: 00000000\n" + raw.replace(b"\r\n", b"\n") + b"\n")

    imported = CliRunner().invoke(main, ["--config", str(config_file), "import", str(inbox)])

    assert "Đã xử lý 1 thư mới: 1 báo cáo được ghi nhận" in imported.output, imported.output
    assert (
        "Bỏ qua 1 thư đã xóa trong Thunderbird (tệp mbox vẫn giữ thư đã xóa cho đến khi thư mục được nén lại)."
        in imported.output
    )
    status = CliRunner().invoke(main, ["--config", str(config_file), "status", "--year", "2021"])
    assert "Mỹ Lạc" in status.output
    assert not any("Mỹ Lạc" in line and "Đã nộp" in line for line in status.output.splitlines())


@pytest.mark.parametrize("given", ["file", "folder"])
def test_mail_downloaded_as_a_zip_alone_is_refused_with_unzip_first(
    config_file: Path, tmp_path: Path, given: str
) -> None:
    """A .zip of .eml (Roundcube «Tải về» several mails) given to import alone was refused as «không phải
    thư (không bắt đầu bằng phần đầu thư…)», and a folder holding only it as having no .eml: neither said
    to unzip it first, as the same .zip beside .eml files is told."""
    folder = tmp_path / "thu"
    folder.mkdir()
    packed = folder / "thu_2024.zip"
    packed.write_bytes(b"PK\x05\x06" + bytes(18))

    result = CliRunner().invoke(
        main, ["--config", str(config_file), "import", str(packed if given == "file" else folder)]
    )

    assert result.exit_code == 1
    assert (
        "Chưa nhập thư trong 1 tệp nén («thu_2024.zip»): giải nén rồi nhập thư mục đã giải nén."
        in result.output
    )
    assert "không phải thư" not in result.output


@pytest.mark.parametrize("name", ["Inbox", "Báo cáo.mbox", "thu.eml"])
def test_an_empty_file_is_called_empty_not_something_that_is_not_mail(
    config_file: Path, tmp_path: Path, name: str
) -> None:
    """An empty file (Thunderbird keeps an empty folder as a 0-byte mbox; a download that failed) was
    refused as «không phải thư (không bắt đầu bằng phần đầu thư…)»: the clerk looked for a wrong format."""
    empty = tmp_path / name
    empty.write_bytes(b"")

    result = CliRunner().invoke(main, ["--config", str(config_file), "import", str(empty)])

    assert result.exit_code == 0, result.output
    assert f"Tệp {empty} rỗng (0 byte): không có thư nào để nhập." in result.output
    assert "không phải thư" not in result.output


@pytest.mark.parametrize("kind", ["eml", "maildir"])
def test_an_empty_file_in_an_exported_folder_is_named_and_left_out(
    config_file: Path, tmp_path: Path, kind: str
) -> None:
    """A folder of .eml files held a 0-byte «Hộp thư đến 1.eml» beside a report (a download that failed).
    It was recorded as a failed mail «thư rỗng (0 byte)», the import ended in an error asking to fix the
    cause and run reprocess, and every reprocess after failed the same, with nothing anyone could fix. An
    empty file in a folder is named and left out, as an empty file given alone is."""
    export = tmp_path / "thu"
    box = export / "cur" if kind == "maildir" else export
    if kind == "maildir":
        for sub in ("cur", "new", "tmp"):
            (export / sub).mkdir(parents=True)
    else:
        export.mkdir()
    (box / "Hộp thư đến 1.eml").write_bytes(b"")
    when = dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
    (box / "BC Mỹ Lạc.eml").write_bytes(
        report_mail("c2mylac.thuthua@example.edu.vn", "Trường THCS Mỹ Lạc", when)
    )
    runner = CliRunner()

    imported = runner.invoke(main, ["--config", str(config_file), "import", str(export)])

    assert imported.exit_code == 0, imported.output
    assert "Đã xử lý 1 thư mới" in imported.output and "0 lỗi" in imported.output
    named = (box / "Hộp thư đến 1.eml").relative_to(export)
    assert f"Chưa nhập 1 tệp thư rỗng (0 byte) («{named}»)" in imported.output
    reprocessed = runner.invoke(main, ["--config", str(config_file), "reprocess"])
    assert reprocessed.exit_code == 0, reprocessed.output
    assert "rỗng" not in runner.invoke(main, ["--config", str(config_file), "review"]).output


def test_an_empty_mail_an_older_import_recorded_is_not_sent_back_to_reprocess(config_file: Path) -> None:
    """An older import recorded a 0-byte .eml as a failed mail «thư rỗng (0 byte)»; every reprocess after
    ended in an error asking to fix the cause and run reprocess again, which no one could. It is named
    with the way out, rejecting it, and fails nothing."""
    config = config_mod.load(config_file)
    with Runtime.open(config) as rt:
        empty = pipeline.ingest(
            rt, b"", received_at=dt.datetime(2021, 10, 20, 9, tzinfo=HCM), source="eml:/thu/Hộp thư đến 1.eml"
        )
    runner = CliRunner()

    reprocessed = runner.invoke(main, ["--config", str(config_file), "reprocess"])

    assert reprocessed.exit_code == 0, reprocessed.output
    assert (
        "1 thư rỗng (0 byte), nhập từ tệp rỗng, không có gì để xử lý lại: loại khỏi danh sách bằng baocao reject"
        in reprocessed.output
    )
    assert "baocao reprocess để xử lý lại" not in reprocessed.output
    rejected = runner.invoke(main, ["--config", str(config_file), "reject", empty.key[:12]])
    assert rejected.exit_code == 0, rejected.output
    again = runner.invoke(main, ["--config", str(config_file), "reprocess"])
    assert again.exit_code == 0 and "rỗng" not in again.output, again.output


@pytest.mark.parametrize(
    "fetch",
    [
        "Received: from mail.example.edu.vn [203.162.0.5] by mx.google.com with POP3 id x1mr123\r\n"
        "\tfor <pgdthuthua.longan@gmail.com>; Wed, 27 Oct 2021 06:00:00 +0700",
        "Received: from mail.example.edu.vn by mail.longan.edu.vn with IMAP id y2; Wed, 27 Oct 2021 06:00:00 +0700",
        "Received: from mail.example.edu.vn by mx.example.vn with POP3S; Wed, 27 Oct 2021 06:00:00 +0700",
        "Received: by 2002:a05:6a10:1::1 with SMTP id z3; Wed, 27 Oct 2021 06:00:00 +0700\r\n"
        "X-Gmail-Fetch-Info: pgdthuthua@example.edu.vn 1 mail.example.edu.vn 995 pgdthuthua@example.edu.vn",
    ],
    ids=["gmail-pop3", "imap", "pop3s", "gmail-fetch-info"],
)
def test_a_mail_fetched_from_another_mailbox_is_received_when_its_first_mailbox_got_it(
    tmp_path: Path, fetch: str
) -> None:
    """An office that moved its old mailbox into Gmail («Check mail from other accounts», POP3) exported
    mail whose newest Received is Gmail's fetch: every report of the old mailbox was dated the day of the
    move and counted late. A hop that fetched the mail by POP3 or IMAP is not the receipt."""
    raw, path = _eml(
        tmp_path,
        f"{fetch}\r\nReceived: from smtp.example.edu.vn by mail.example.edu.vn with ESMTPS id R0;\r\n"
        "\tMon, 25 Oct 2021 10:00:00 +0700\r\nDate: Mon, 25 Oct 2021 09:59:40 +0700",
    )
    assert received_time(raw, path, HCM) == dt.datetime(2021, 10, 25, 10, tzinfo=HCM)


def test_the_folders_of_a_maildir_export_are_imported_with_its_inbox(
    config_file: Path, tmp_path: Path
) -> None:
    """A Maildir exported from the mail server (Dovecot, cPanel: Maildir++) keeps each folder the clerk made
    in webmail in «.Báo cáo NQ121/cur»: only the INBOX was imported, and the reports the clerk had filed
    into the folder were skipped without a word."""
    export = mailbox.Maildir(tmp_path / "export")
    export.add(
        report_mail(
            "c1myan.thuthua@example.edu.vn", "Trường Tiểu học Mỹ An", dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
        )
    )
    filed = export.add_folder("Báo cáo NQ121")
    filed.add(
        report_mail(
            "c2mylac.thuthua@example.edu.vn", "Trường THCS Mỹ Lạc", dt.datetime(2021, 10, 20, 10, tzinfo=HCM)
        )
    )

    imported = CliRunner().invoke(main, ["--config", str(config_file), "import", str(tmp_path / "export")])

    assert "Đã xử lý 2 thư mới: 2 báo cáo được ghi nhận" in imported.output, imported.output
    assert "Đã nhập cả thư trong các thư mục con: «Báo cáo NQ121»." in imported.output


def test_files_beside_the_eml_files_of_a_folder_are_named_with_what_to_do(
    config_file: Path, tmp_path: Path
) -> None:
    """A folder holding .eml files beside a .zip of .eml (Roundcube «Tải về» several mails) and an Outlook
    .msg was imported without a word about the zip's mails and the .msg: they were left out silently."""
    folder = tmp_path / "thu"
    folder.mkdir()
    (folder / "bc.eml").write_bytes(
        report_mail(
            "c1myan.thuthua@example.edu.vn", "Trường Tiểu học Mỹ An", dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
        )
    )
    (folder / "Thư tải về.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    (folder / "BC Mỹ Lạc.msg").write_bytes(b"\xd0\xcf\x11\xe0")

    imported = CliRunner().invoke(main, ["--config", str(config_file), "import", str(folder)])

    assert "Đã xử lý 1 thư mới: 1 báo cáo được ghi nhận" in imported.output, imported.output
    assert (
        "Chưa nhập thư trong 1 tệp nén («Thư tải về.zip»): giải nén rồi nhập thư mục đã giải nén."
        in imported.output
    )
    assert (
        "Chưa nhập 1 tệp .msg («BC Mỹ Lạc.msg») vì baocao không đọc được thư lưu từ Outlook"
        in imported.output
    )


def test_an_import_stopped_with_ctrl_c_says_what_is_in_and_how_to_finish(
    config_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C in the middle of a long import said only «Đã dừng.»: the clerk did not know how much was in,
    nor that the same command finishes the job without doubling anything."""
    from intake import sources

    folder = tmp_path / "eml"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.eml").write_bytes(
            _typed_report().replace(b"<nq121.myan@", f"<nq121.myan{n}@".encode())
        )
    read = sources.iter_messages

    def interrupted(*args: object, **kwargs: object) -> Iterator[sources.LocalMessage]:
        messages = read(*args, **kwargs)  # type: ignore[arg-type]
        yield next(messages)
        raise KeyboardInterrupt  # the clerk presses Ctrl-C as the second mail is read

    monkeypatch.setattr(sources, "iter_messages", interrupted)
    stopped = CliRunner().invoke(main, ["--config", str(config_file), "import", str(folder)])
    assert stopped.exit_code == 1
    assert "Đã xử lý 1 thư mới" in stopped.output
    assert "Dừng khi đã nhập 1/3 thư. Chạy lại đúng lệnh này để nhập tiếp" in stopped.output
    monkeypatch.undo()
    again = CliRunner().invoke(main, ["--config", str(config_file), "import", str(folder)])
    assert "Đã xử lý 2 thư mới" in again.output and "Bỏ qua 1 thư đã xử lý trước đó" in again.output


@pytest.mark.parametrize(
    ("date", "local"),
    [
        ("25/10/2021 23:58:00", "2021-10-25 23:58"),
        ("25/10/2021 23:58:00 +0700", "2021-10-25 23:58"),
        ("03/10/2021 08:00:00", "2021-10-03 08:00"),
        ("2021-10-25T23:58:00+07:00", "2021-10-25 23:58"),
        ("10/25/2021 23:58:00", "2021-10-25 23:58"),
    ],
    ids=["day-first", "day-first-zone", "day-first-ambiguous", "iso", "month-first"],
)
def test_an_imported_report_dated_outside_rfc_5322_is_received_then_with_no_unread_date(
    config_file: Path, tmp_path: Path, date: str, local: str
) -> None:
    """A report exported without a Received line whose Date is written as Vietnamese write it
    («25/10/2021 23:58:00») was received at that time, while its page warned staff that the Date line
    could not be read: one part read the Date, the other did not. Written as ISO 8601 or month first
    where the day cannot be first (10/25/2021), its receipt fell back to the file's time, the day of the
    import, and the report counted late. «03/10/2021» is 3 October, as Vietnamese write it."""
    sent = dt.datetime(2021, 10, 25, 23, 58, tzinfo=HCM)
    raw = report_mail("c1myan.thuthua@example.edu.vn", "Trường Tiểu học Mỹ An", sent)
    (tmp_path / "eml").mkdir()
    path = tmp_path / "eml" / "bc.eml"
    path.write_bytes(re.sub(rb"(?m)^Date: .*$", f"Date: {date}".encode(), raw))
    saved = dt.datetime(2021, 12, 7, 8, tzinfo=HCM).timestamp()
    os.utime(path, (saved, saved))

    imported = CliRunner().invoke(main, ["--config", str(config_file), "import", str(tmp_path / "eml")])

    assert "1 báo cáo được ghi nhận" in imported.output, imported.output
    with Runtime.open(config_mod.load(config_file)) as rt:
        [row] = rt.store.messages()
    assert row.received_at == dt.datetime.fromisoformat(local).replace(tzinfo=HCM)
    assert not [w for w in row.warnings if "Date" in w], row.warnings
