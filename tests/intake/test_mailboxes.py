"""Several folders watched by one install: each read, marked and waited for on its own."""

from __future__ import annotations

import datetime as dt
import mailbox
import random
import threading
import time
import unicodedata
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import mailbox_factories, main
from intake import poller
from intake.locations import Locations
from kernel import config as config_mod
from kernel import status
from kernel.freshness import Freshness, stale_mailboxes
from kernel.runtime import Runtime
from kernel.status import SchoolState
from samples.documents import render_docx, render_pdf
from samples.papers import make_paper
from scheduler import jobs
from tests.intake.conftest import HCM, MY_AN_ADDRESS, report_mail, write_config
from tests.scheduler.conftest import Clock, SmtpServer
from tests.servers import Dovecot


def _two_folders(tmp_path: Path, dovecot: Dovecot, folder: str) -> Path:
    second = f"{folder} Báo cáo"
    with dovecot.client() as client:
        client.create_folder(second)
    path = write_config(tmp_path / "config.toml", dovecot, folder)
    text = path.read_text(encoding="utf-8").replace(
        f'folder = "{folder}"', f'folders = ["{folder}", "{second}"]'
    )
    path.write_text(text, encoding="utf-8")
    return path


def _mail(sender: str, school: str, minute: int) -> tuple[bytes, dt.datetime]:
    when = dt.datetime(2021, 10, 20, 8, minute, tzinfo=HCM)
    return report_mail(sender, school, when, number=minute), when


def test_poll_reads_every_folder_and_marks_each(tmp_path: Path, dovecot: Dovecot, folder: str) -> None:
    path = _two_folders(tmp_path, dovecot, folder)
    config = config_mod.load(path)
    first, second = config.mailboxes
    dovecot.append([_mail("c1myan.thuthua@example.edu.vn", "Trường Tiểu học Mỹ An", 1)], first.folder)
    dovecot.append([_mail("c2nhithanh.thuthua@example.edu.vn", "Trường THCS Nhị Thành", 2)], second.folder)

    result = CliRunner().invoke(main, ["--config", str(path), "poll", "--once"])

    assert result.exit_code == 0, result.output
    assert "2 báo cáo được ghi nhận" in result.output
    with Runtime.open(config) as rt:
        reads = Freshness(rt.store).reads()
        assert reads[first.name].read_through is not None and reads[second.name].read_through is not None
        locations = Locations(rt.store)
        assert (
            locations.mailbox_state(first.name) is not None
            and locations.mailbox_state(second.name) is not None
        )
        assert stale_mailboxes(rt.config, rt.store, dt.datetime.now(dt.UTC)) == []
        # An hour later with only the first folder read again, reminders wait for the second.
        later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
        Freshness(rt.store).mark_read(first.name, later)
        assert [r.mailbox for r in stale_mailboxes(rt.config, rt.store, later)] == [second.name]


def test_a_folder_that_fails_does_not_keep_the_others_from_being_read(
    tmp_path: Path, dovecot: Dovecot, folder: str
) -> None:
    path = write_config(tmp_path / "config.toml", dovecot, folder)
    text = path.read_text(encoding="utf-8").replace(
        f'folder = "{folder}"', f'folders = ["Khong Co", "{folder}"]'
    )
    path.write_text(text, encoding="utf-8")
    dovecot.append([_mail("c1myan.thuthua@example.edu.vn", "Trường Tiểu học Mỹ An", 3)], folder)

    result = CliRunner().invoke(main, ["--config", str(path), "poll", "--once"])

    assert result.exit_code == 1
    assert "1 báo cáo được ghi nhận" in result.output
    assert 'Lỗi: Không mở được thư mục "Khong Co"' in result.output


def test_the_daemon_watches_every_folder(tmp_path: Path, dovecot: Dovecot, folder: str) -> None:
    config = config_mod.load(_two_folders(tmp_path, dovecot, folder))
    seen: list[str] = []
    stop = threading.Event()
    with Runtime.open(config) as rt:
        daemon = threading.Thread(
            target=poller.run_all,
            args=(rt, mailbox_factories(config), stop),
            kwargs={"report": lambda s: seen.append(s.line())},
        )
        daemon.start()
        try:
            time.sleep(0.5)
            dovecot.append(
                [_mail("c1myan.thuthua@example.edu.vn", "Trường Tiểu học Mỹ An", 4)],
                config.mailboxes[1].folder,
            )
            deadline = time.monotonic() + 20
            while not seen and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            stop.set()
            daemon.join(timeout=20)
        assert not daemon.is_alive()
        assert seen and "1 báo cáo được ghi nhận" in seen[0]
        assert len(rt.store.submissions()) == 1


@pytest.mark.parametrize("typed_on", ["config", "server"])
def test_a_folder_whose_vietnamese_letters_are_decomposed_on_one_side_is_read(
    tmp_path: Path, dovecot: Dovecot, folder: str, typed_on: str
) -> None:
    """A folder name typed on a Mac (decomposed letters) in config.toml, or a folder made by a client
    that decomposes them, named the same folder to a reader but not to the server: the folder could
    not be opened and its mail was never read."""
    composed = unicodedata.normalize("NFC", f"{folder} Đã xử lý")
    decomposed = unicodedata.normalize("NFD", composed)
    with dovecot.client() as client:
        client.create_folder(decomposed if typed_on == "server" else composed)
    path = write_config(tmp_path / "config.toml", dovecot, folder)
    typed = decomposed if typed_on == "config" else composed
    path.write_text(path.read_text(encoding="utf-8").replace(f'"{folder}"', f'"{typed}"'), encoding="utf-8")
    dovecot.append(
        [_mail("c1myan.thuthua@example.edu.vn", "Trường Tiểu học Mỹ An", 5)],
        decomposed if typed_on == "server" else composed,
    )

    result = CliRunner().invoke(main, ["--config", str(path), "poll", "--once"])

    assert result.exit_code == 0, result.output
    assert "1 báo cáo được ghi nhận" in result.output
    assert config_mod.load(path).mailboxes[0].folder == composed  # one name in the store either way


def test_a_login_refused_for_two_folders_of_one_account_is_said_once(
    tmp_path: Path, dovecot: Dovecot, folder: str
) -> None:
    """With the password changed on the server, `poll --once` printed the same «… từ chối đăng nhập …»
    sentence twice in a row, once for each folder of the one account."""
    path = _two_folders(tmp_path, dovecot, folder)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            f'password = "{dovecot.password}"', 'password = "sai-mat-khau"'
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["--config", str(path), "poll", "--once"])
    assert result.exit_code == 1
    assert result.output.count("từ chối đăng nhập") == 1, result.output


def test_a_wrong_password_is_said_in_vietnamese(tmp_path: Path, dovecot: Dovecot, folder: str) -> None:
    """A changed password was said «… từ chối đăng nhập: [AUTHENTICATIONFAILED] Authentication failed.»:
    the server's English code inside the Vietnamese sentence."""
    path = _two_folders(tmp_path, dovecot, folder)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            f'password = "{dovecot.password}"', 'password = "sai-mat-khau"'
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["--config", str(path), "poll", "--once"])
    assert result.exit_code == 1
    assert "từ chối đăng nhập: sai tên đăng nhập hoặc mật khẩu. Kiểm tra" in result.output, result.output
    assert "AUTHENTICATIONFAILED" not in result.output and "Authentication failed" not in result.output


def test_a_folder_renamed_in_the_mailbox_is_reported_with_the_folders_there(
    tmp_path: Path, dovecot: Dovecot, folder: str
) -> None:
    """A clerk renamed the watched folder in Thunderbird: the error only said to check the config's
    `folder` key (the config used `folders`), with the server's garbled name, and not where the mail went."""
    path = _two_folders(tmp_path, dovecot, folder)
    renamed = f"{folder} Báo cáo 2021"
    with dovecot.client() as client:
        client.rename_folder(f"{folder} Báo cáo", renamed)

    result = CliRunner().invoke(main, ["--config", str(path), "poll", "--once"])

    assert result.exit_code == 1
    assert f'Không mở được thư mục "{folder} Báo cáo"' in result.output
    assert "Trên máy chủ có các thư mục: " in result.output and renamed in result.output
    assert "đã bị đổi tên hoặc xóa" in result.output
    # The server's words echo the name, which came out without its marked letters («Đã xử lý»: « x l»).
    assert "máy chủ không có thư mục này" in result.output and "doesn't exist" not in result.output


def _sent_again(
    when: dt.datetime, subject: str, paper: bytes, mid: str, name: str = "BC NQ121.docx"
) -> tuple[bytes, dt.datetime]:
    """Mỹ An's mail carrying its report file, received at when."""
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = (
        "c1myan.thuthua@example.edu.vn",
        "pgdthuthua@example.edu.vn",
        subject,
    )
    mail["Message-ID"], mail["Date"] = f"<{mid}@example.edu.vn>", format_datetime(when)
    mail.set_content("Trường gửi báo cáo ạ.")
    mail.add_attachment(paper, maintype="application", subtype="octet-stream", filename=name)
    return mail.as_bytes(), when


@pytest.mark.parametrize("reported", [False, True], ids=["first-for-2025", "copy-of-2025"])
def test_last_years_file_sent_again_this_october_is_told_as_last_years(
    tmp_path: Path, dovecot: Dovecot, folder: str, reported: bool
) -> None:
    """Mỹ An sent its 2025 report file again on 16/10/2026 («Báo cáo NQ121 - TH Mỹ An», the paper dated
    and titled 2025), read by poll --once from the mailbox. It counts for 2025 (a copy, when 2025's was
    received), never for 2026: the school's acknowledgement and the 2026 status both say the 2026 report is
    still due by 25/10/2026, and a 2025 season already reported keeps its status."""
    clock = Clock(dt.datetime(2025, 10, 20, 3, 0, tzinfo=dt.UTC))
    smtp = SmtpServer(clock)
    smtp.start()
    path = write_config(tmp_path / "config.toml", dovecot, folder)
    smtp_table = f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nsecurity = "none"\nfrom = "pgdthuthua@example.edu.vn"\n'
    path.write_text(
        path.read_text(encoding="utf-8").replace("[storage]", f"{smtp_table}\n[storage]"), "utf-8"
    )
    paper = render_docx(
        make_paper("Trường Tiểu học Mỹ An", year=2025, rng=random.Random(4), date=dt.date(2025, 10, 20))
    )

    def poll_and_send(mail: tuple[bytes, dt.datetime]) -> None:
        dovecot.append([mail], folder)
        clock.now = mail[1].astimezone(dt.UTC) + dt.timedelta(minutes=5)
        result = CliRunner().invoke(main, ["--config", str(path), "poll", "--once"], obj=clock)
        assert "1 báo cáo được ghi nhận" in result.output, result.output
        clock.now += dt.timedelta(hours=1)
        with Runtime.open(config_mod.load(path), clock) as rt:
            jobs.tick(rt, compose=False)

    try:
        if reported:
            poll_and_send(
                _sent_again(dt.datetime(2025, 10, 20, 9, 0, tzinfo=HCM), "Báo cáo NQ121 năm 2025", paper, "a")
            )
            smtp.delivered.clear()
        poll_and_send(
            _sent_again(dt.datetime(2026, 10, 16, 9, 0, tzinfo=HCM), "Báo cáo NQ121 - TH Mỹ An", paper, "b")
        )
    finally:
        smtp.stop()
    [ack] = smtp.delivered
    text = " ".join(ack.message.get_content().split())
    assert "năm 2025 của Trường Tiểu học Mỹ An" in ack.message["Subject"]
    assert "được tính là báo cáo năm 2025, không phải báo cáo năm 2026 (hạn nộp: hết ngày 25/10/2026)" in text
    assert "gửi báo cáo năm 2026 về địa chỉ pgdthuthua@example.edu.vn chậm nhất ngày 25/10/2026" in text
    with Runtime.open(config_mod.load(path), clock) as rt:
        now = status.season_status(rt.config, rt.store, rt.config.report("nq121"), 2026, clock.now)
        before = status.season_status(rt.config, rt.store, rt.config.report("nq121"), 2025, clock.now)
    [mine] = [s for s in now.schools if s.school_id == "th-my-an"]
    assert mine.status == SchoolState.MISSING
    said = CliRunner().invoke(main, ["--config", str(path), "status", "--year", "2026"], obj=clock).output
    assert (
        "thư gửi lúc 16/10/2026 09:00 là báo cáo năm 2025, đã tính cho năm 2025, không phải báo cáo năm 2026"
        in said
    )
    [last] = [s for s in before.schools if s.school_id == "th-my-an"]
    if reported:
        assert last.status == SchoolState.RECEIVED and last.received_at == dt.datetime(
            2025, 10, 20, 2, tzinfo=dt.UTC
        )
    else:
        assert last.status == SchoolState.LATE


def test_last_years_report_saved_anew_and_sent_this_october_tells_staff_this_years_is_still_due(
    tmp_path: Path, dovecot: Dovecot, folder: str
) -> None:
    """Mỹ An, which had reported 2025, sent its 2025 report again on 16/10/2026 saved anew as a PDF: it waits
    for staff (2025 had closed, and these are not the files counted then), leaving 2025 as it was and 2026
    «Chưa nộp». Staff read that it is the 2025 report and that the school still owes the 2026 one by
    25/10/2026, what they tell the school; the reason said only that the school may have sent an old file."""
    path = write_config(tmp_path / "config.toml", dovecot, folder)
    paper = make_paper("Trường Tiểu học Mỹ An", year=2025, rng=random.Random(4), date=dt.date(2025, 10, 20))
    counted = _sent_again(
        dt.datetime(2025, 10, 20, 9, 0, tzinfo=HCM), "Báo cáo NQ121", render_docx(paper), "a"
    )
    again = _sent_again(
        dt.datetime(2026, 10, 16, 9, 0, tzinfo=HCM),
        "Báo cáo NQ121 - TH Mỹ An",
        render_pdf(paper),
        "b",
        "BC.pdf",
    )
    clock = Clock(dt.datetime(2026, 10, 16, 3, 0, tzinfo=dt.UTC))
    for mail, said in ((counted, "1 báo cáo được ghi nhận"), (again, "1 cần xem xét")):
        dovecot.append([mail], folder)
        result = CliRunner().invoke(main, ["--config", str(path), "poll", "--once"], obj=clock)
        assert said in result.output, result.output
    with Runtime.open(config_mod.load(path), clock) as rt:
        [waiting] = rt.store.reviews()
        now = status.season_status(rt.config, rt.store, rt.config.report("nq121"), 2026, clock.now)
        before = status.season_status(rt.config, rt.store, rt.config.report("nq121"), 2025, clock.now)
    assert waiting.year == 2025
    assert (
        "Thư không được tính là báo cáo năm 2026: trường vẫn cần gửi báo cáo năm 2026 (hạn nộp: hết ngày "
        "25/10/2026)." in waiting.reason
    )
    assert [s.status for s in now.schools if s.school_id == "th-my-an"] == [SchoolState.MISSING]
    [last] = [s for s in before.schools if s.school_id == "th-my-an"]
    assert last.status == SchoolState.RECEIVED
    assert last.received_at == dt.datetime(2025, 10, 20, 2, tzinfo=dt.UTC)


def _unknown_user(to: str, when: dt.datetime) -> tuple[bytes, dt.datetime]:
    """A Postfix bounce, received at when, of our mail to an address it says does not exist (5.1.1)."""
    raw = (
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.edu.vn>\r\n"
        "To: pgdthuthua@example.edu.vn\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        f"Date: {format_datetime(when)}\r\nMessage-ID: <dsn.511@mx.example.edu.vn>\r\n"
        "Auto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\r\n\r\n'
        f"--b1\r\nContent-Type: text/plain\r\n\r\n<{to}>: 550 5.1.1 User unknown\r\n"
        "--b1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.edu.vn\r\n\r\n"
        f"Final-Recipient: rfc822; {to}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n--b1--\r\n"
    )
    return raw.encode(), when


def test_a_bounce_calling_an_address_that_just_sent_its_report_unknown_reads_as_one_statement(
    tmp_path: Path, dovecot: Dovecot, folder: str
) -> None:
    """Mỹ An mailed its report at 08:01; at 09:30 a bounce said our mail to that very address found no such
    mailbox. Staff read «bị trả lại: địa chỉ không tồn tại; địa chỉ vẫn dùng được (đã gửi thư đến lúc …)»,
    two halves that deny each other. Both the bounce's reason and the school's note now say the receiving
    server reported the address unknown, but mail came from it, so it needs no fixing."""
    address = "c1myan.thuthua@example.edu.vn"
    path = write_config(tmp_path / "config.toml", dovecot, folder)
    sent = dt.datetime(2021, 10, 20, 8, 1, tzinfo=HCM)
    dovecot.append(
        [
            (report_mail(address, "Trường Tiểu học Mỹ An", sent), sent),
            _unknown_user(address, dt.datetime(2021, 10, 20, 9, 30, tzinfo=HCM)),
        ],
        folder,
    )
    result = CliRunner().invoke(main, ["--config", str(path), "poll", "--once"])
    assert "1 báo cáo được ghi nhận" in result.output, result.output
    agreed = (
        "máy chủ nhận báo địa chỉ không tồn tại, nhưng địa chỉ này vẫn gửi thư đến Phòng lúc 20/10/2021 08:01: "
        "không cần sửa"
    )
    with Runtime.open(config_mod.load(path)) as rt:
        [bounce] = rt.store.messages(states=["noise"])
        found = status.season_status(
            rt.config, rt.store, rt.config.report("nq121"), 2021, dt.datetime(2021, 10, 21, tzinfo=dt.UTC)
        )
    assert f"bị trả lại: {agreed}; nếu thư vẫn bị trả lại, liên hệ trường" in bounce.reason, bounce.reason
    [note] = found.bounced_notes((address,))
    assert note == f"thư gửi đến {address} bị trả lại ngày 20/10/2021: {agreed}"


def _subject_only_then_headed(gmail: str) -> list[tuple[bytes, dt.datetime]]:
    """From one teacher's gmail, ten minutes apart: «BC NQ121 TH Mỹ Phú» with no letterhead (credited to Mỹ
    Phú on its subject when read alone), then Mỹ An's report under its letterhead, which calls it back."""
    mails = []
    for n, (subject, named, school) in enumerate(
        [
            ("BC NQ121 TH Mỹ Phú", False, "Trường Tiểu học Mỹ Phú"),
            ("Báo cáo NQ121", True, "Trường Tiểu học Mỹ An"),
        ]
    ):
        when = dt.datetime(2021, 10, 20, 9, 10 * n, tzinfo=HCM)
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = gmail, "pgdthuthua@example.edu.vn", subject
        msg["Date"], msg["Message-ID"] = format_datetime(when), f"<gv{n}@gmail.com>"
        msg.set_content("Em gửi báo cáo ạ.")
        paper = render_docx(make_paper(school, year=2021, rng=random.Random(9 + n), named=named))
        msg.add_attachment(paper, maintype="application", subtype="octet-stream", filename=f"BaoCao{n}.docx")
        mails.append((msg.as_bytes(), when))
    return mails


@pytest.mark.parametrize("how", ["poll", "import"])
def test_the_summary_line_counts_a_report_called_back_in_the_same_run_as_waiting(
    tmp_path: Path, dovecot: Dovecot, folder: str, how: str
) -> None:
    """A teacher's gmail sent «BC NQ121 TH Mỹ Phú» with no letterhead, then Mỹ An's headed report; read in
    one run, the second called the first back to staff. The line printed at the end said «2 báo cáo được
    ghi nhận, 0 cần xem xét» while the status had one report and the review queue one mail. It says what
    they say at the end of the run."""
    path = write_config(tmp_path / "config.toml", dovecot, folder)
    mails = _subject_only_then_headed("tranvanbinh.gv@gmail.com")
    if how == "poll":
        dovecot.append(mails, folder)
        args = ["poll", "--once"]
    else:
        export = tmp_path / "hop-thu.mbox"
        box = mailbox.mbox(export)
        for raw, _ in mails:
            box.add(raw)
        box.close()
        args = ["import", str(export)]
    result = CliRunner().invoke(main, ["--config", str(path), *args])
    with Runtime.open(config_mod.load(path)) as rt:
        assert [s.school_id for s in rt.store.submissions()] == ["th-my-an"]
        [waiting] = rt.store.reviews()
    assert waiting.subject == "BC NQ121 TH Mỹ Phú"
    assert "Đã xử lý 2 thư mới: 1 báo cáo được ghi nhận, 1 cần xem xét, 0 lỗi" in result.output, result.output


def test_a_school_whose_last_years_report_saved_anew_waits_is_reminded_that_this_years_is_due(
    tmp_path: Path, dovecot: Dovecot, folder: str
) -> None:
    """Mỹ An, which had reported 2025, sent its 2025 report again on 16/10/2026 saved anew as a PDF, read by
    poll --once: it waits for staff in 2025's queue, its reason telling staff the 2026 report is still due.
    The school heard nothing, not even its reminders, until staff decided. Its next reminder goes, and says
    the office received its mail of 16/10/2026 but the file is the 2025 report, so the 2026 one is due."""
    clock = Clock(dt.datetime(2026, 10, 16, 3, 0, tzinfo=dt.UTC))
    smtp = SmtpServer(clock)
    smtp.start()
    path = write_config(tmp_path / "config.toml", dovecot, folder)
    smtp_table = f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nsecurity = "none"\nfrom = "pgdthuthua@example.edu.vn"\n'
    path.write_text(
        path.read_text(encoding="utf-8").replace("[storage]", f"{smtp_table}\n[storage]"), "utf-8"
    )
    paper = make_paper("Trường Tiểu học Mỹ An", year=2025, rng=random.Random(4), date=dt.date(2025, 10, 20))
    counted = _sent_again(
        dt.datetime(2025, 10, 20, 9, 0, tzinfo=HCM), "Báo cáo NQ121", render_docx(paper), "a"
    )
    again = _sent_again(
        dt.datetime(2026, 10, 16, 9, 0, tzinfo=HCM),
        "Báo cáo NQ121 - TH Mỹ An",
        render_pdf(paper),
        "b",
        "BC.pdf",
    )
    try:
        for mail, said in ((counted, "1 báo cáo được ghi nhận"), (again, "1 cần xem xét")):
            dovecot.append([mail], folder)
            result = CliRunner().invoke(main, ["--config", str(path), "poll", "--once"], obj=clock)
            assert said in result.output, result.output
        clock.now = dt.datetime(2026, 10, 18, 0, 40, tzinfo=dt.UTC)  # 07:40, the day of the 7-day reminder
        CliRunner().invoke(main, ["--config", str(path), "poll", "--once"], obj=clock)  # the mailbox read
        with Runtime.open(config_mod.load(path), clock) as rt:
            jobs.tick(rt)
        # Staff decide the mail (a stray old file): the next reminder no longer speaks of it.
        said = CliRunner().invoke(main, ["--config", str(path), "reject", "b@example.edu.vn"], obj=clock)
        assert said.exit_code == 0, said.output
        clock.now = dt.datetime(2026, 10, 22, 0, 40, tzinfo=dt.UTC)  # the day of the 3-day reminder
        CliRunner().invoke(main, ["--config", str(path), "poll", "--once"], obj=clock)
        with Runtime.open(config_mod.load(path), clock) as rt:
            jobs.tick(rt)
    finally:
        smtp.stop()
    first, second = (
        " ".join(d.message.get_body(("plain",)).get_content().split())
        for d in smtp.to("c1myan.thuthua@example.edu.vn")
    )
    note = (
        "đã nhận thư nhà trường gửi ngày 16/10/2026, nhưng tệp đính kèm là báo cáo năm 2025, không phải báo cáo "
        "năm 2026; nhà trường vẫn cần gửi báo cáo năm 2026."
    )
    assert note in first, first
    assert "tệp đính kèm là báo cáo năm 2025" not in second, second


def test_an_acknowledgement_leaves_out_a_school_address_that_bounced_as_unknown(
    tmp_path: Path, dovecot: Dovecot, folder: str
) -> None:
    """Mỹ An lists its principal's address beside its own; our mail to its own came back «550 5.1.1», and
    no mail ever came from it. A teacher then sent Mỹ An's report from her gmail, read by poll --once. The
    acknowledgement went to the teacher and to both registered addresses, the dead one too, where reminders
    already left it out. It now goes to the teacher and the principal only."""
    dead, principal, teacher = MY_AN_ADDRESS, "hieutruong.myan@example.edu.vn", "gv.myan@gmail.com"
    clock = Clock(dt.datetime(2021, 10, 20, 3, 0, tzinfo=dt.UTC))
    smtp = SmtpServer(clock)
    smtp.start()
    path = write_config(tmp_path / "config.toml", dovecot, folder)
    smtp_table = f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nsecurity = "none"\nfrom = "pgdthuthua@example.edu.vn"\n'
    text = path.read_text(encoding="utf-8").replace("[storage]", f"{smtp_table}\n[storage]")
    path.write_text(text.replace(f'emails = ["{dead}"]', f'emails = ["{dead}", "{principal}"]'), "utf-8")
    sent = dt.datetime(2021, 10, 20, 9, 0, tzinfo=HCM)
    try:
        dovecot.append(
            [
                _unknown_user(dead, dt.datetime(2021, 10, 19, 9, 30, tzinfo=HCM)),
                (report_mail(teacher, "Trường Tiểu học Mỹ An", sent), sent),
            ],
            folder,
        )
        clock.now = dt.datetime(2021, 10, 20, 2, 10, tzinfo=dt.UTC)
        result = CliRunner().invoke(main, ["--config", str(path), "poll", "--once"], obj=clock)
        assert "1 báo cáo được ghi nhận" in result.output, result.output
        with Runtime.open(config_mod.load(path), clock) as rt:
            jobs.tick(rt, compose=False)
    finally:
        smtp.stop()
    [ack] = smtp.to(teacher)
    assert sorted(ack.rcpt) == sorted([teacher, principal])
    assert smtp.to(dead) == []
