"""baocao remind / digest / outbox: see exactly what would be sent at a moment, send it, read the log."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from app import views
from app.cli import main
from kernel.config import Config
from kernel.runtime import Runtime
from scheduler import jobs
from scheduler.outbox import Outbox
from scheduler.outgoing import MailKind
from tests.scheduler.conftest import SCHOOLS, STAFF, Clock, SmtpServer, local, submit


def _run(config_path: Path, *args: str, clock: Clock | None = None) -> str:
    result = CliRunner().invoke(
        main, ["--config", str(config_path), *args], catch_exceptions=False, obj=clock
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_dry_run_json_lists_exactly_what_would_be_sent_and_sends_nothing(
    config_path: Path, rt: Runtime, smtp: SmtpServer
) -> None:
    submit(rt, "a", local("2021-10-05 09:00"))

    out = _run(config_path, "remind", "--as-of", "2021-10-18 08:00", "--format", "json")

    planned = json.loads(out)
    assert planned[-1] == {
        "kind": "missing",
        "report": "nq121",
        "year": 2021,
        "school_id": None,
        "to": [STAFF],
        "subject": "[Phòng GD&ĐT Thủ Thừa] Còn 4/5 trường chưa nộp báo cáo NQ121 năm 2021 (hạn cuối: hết ngày 25/10/2021)",
    }
    reminders = [p for p in planned if p["kind"] == "reminder"]
    assert [p["school_id"] for p in reminders] == ["b", "c", "d", "e"]
    assert reminders[0]["to"] == [SCHOOLS["b"][1]]
    assert reminders[0]["subject"].startswith("Nhắc nộp báo cáo kết quả triển khai thực hiện Nghị quyết 121")
    assert smtp.delivered == [] and Outbox(rt.store).log() == {}


def test_send_sends_now_and_never_twice(
    config_path: Path, rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    clock.now = local("2021-10-18 07:30")
    first = _run(config_path, "digest", "--send", clock=clock)
    again = _run(config_path, "digest", "--send", clock=clock)

    assert "Đã gửi 1 thư." in first
    assert "không có thư nào cần gửi" in again
    assert [d.rcpt for d in smtp.delivered] == [(STAFF,)]


def test_a_send_whose_mail_another_machine_sent_first_says_so(
    config_path: Path, rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """`baocao digest --send` ran at the same moment on two machines: each digest went once, but the
    slower one printed «có 1 thư cần gửi: …», then «Đã gửi 0 thư.» and no word of the other machine:
    the IT person could not tell whether mail was lost. It now says how many the other one sent."""
    clock.now = local("2021-10-18 07:30")
    planned = jobs.due(rt, clock.now, kinds=(MailKind.DIGEST,))  # what the slower machine found to send
    assert len(planned) == 1
    assert "Đã gửi 1 thư." in _run(config_path, "digest", "--send", clock=clock)  # the other, first
    line = views.delivery_line(jobs.send_now(rt, planned, clock.now))
    assert line == "Đã gửi 0 thư. 1 thư đã do máy hoặc tiến trình baocao khác gửi, không cần gửi lại."
    assert [d.rcpt for d in smtp.delivered] == [(STAFF,)]


def test_outbox_shows_what_waits_for_a_retry_and_why(
    config_path: Path, config: Config, clock: Clock, smtp: SmtpServer
) -> None:
    smtp.stop()
    clock.now = local("2021-10-24 07:30")
    result = CliRunner().invoke(main, ["--config", str(config_path), "remind", "--send"], obj=clock)
    assert "chưa gửi được, sẽ được thử lại" in result.output

    out = _run(config_path, "outbox", "--state", "pending")

    assert "Chờ gửi" in out and "Thư nhắc" in out and "không kết nối được máy chủ SMTP" in out
    assert SCHOOLS["d"][1] in out


def test_a_mail_server_that_refuses_connections_is_named_in_words_a_clerk_can_act_on(
    config_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    """With the office's mail server down, the send log and the daemon's log said «không kết nối được máy
    chủ SMTP 127.0.0.1:2525 (none): [Errno 111] Connection refused»: a setting's value and the system's
    English, where the clerk needs what to check."""
    smtp.stop()
    clock.now = local("2021-10-24 07:30")
    CliRunner().invoke(main, ["--config", str(config_path), "remind", "--send"], obj=clock)

    exported = _run(config_path, "outbox", "--state", "pending", "--format", "csv", clock=clock)

    errors = {r["Lỗi gần nhất"] for r in csv.DictReader(io.StringIO(exported.lstrip("\ufeff")))}
    assert errors == {
        f"không kết nối được máy chủ SMTP 127.0.0.1:{smtp.port}: máy chủ từ chối kết nối: kiểm tra máy chủ "
        "thư đang chạy và [smtp].host, [smtp].port"
    }


def test_the_log_says_a_refused_smtp_connection_in_vietnamese_only(
    config_path: Path, clock: Clock, smtp: SmtpServer, caplog: pytest.LogCaptureFixture
) -> None:
    """The daemon's log had «scheduler.mailer: SMTP connection to 127.0.0.1:24425 (none) failed:
    ConnectionRefusedError(111, 'Connection refused')» beside the Vietnamese line saying the same; the
    system's words are kept for debugging only."""
    smtp.stop()
    clock.now = local("2021-10-24 07:30")
    with caplog.at_level(logging.DEBUG):
        CliRunner().invoke(main, ["--config", str(config_path), "remind", "--send"], obj=clock)
    shown = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    assert any("máy chủ từ chối kết nối" in line for line in shown), shown
    assert not any("Connection refused" in line or "SMTP connection" in line for line in shown), shown
    assert any("Connection refused" in r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG)


def test_sending_the_outbox_says_what_still_waits_and_until_when(
    config_path: Path, config: Config, clock: Clock, smtp: SmtpServer
) -> None:
    """The mail server was down at 07:30, the reminders waited for their retry; the clerk fixed it and ran
    `baocao outbox --send` a minute later: «Đã gửi 0 thư.», and no word of the reminders still waiting."""
    smtp.stop()
    clock.now = local("2021-10-24 07:30")
    CliRunner().invoke(main, ["--config", str(config_path), "remind", "--send"], obj=clock)
    smtp.start()
    clock.now = local("2021-10-24 07:31")
    result = CliRunner().invoke(main, ["--config", str(config_path), "outbox", "--send"], obj=clock)
    assert "Đã gửi 0 thư." in result.output
    assert re.search(
        r"Còn \d+ thư đang chờ gửi lại, lần gửi tới sớm nhất lúc 24/10/2021 07:3\d", result.output
    )


def test_the_retry_time_said_after_a_send_is_never_before_the_retry(
    config_path: Path, config: Config, clock: Clock, smtp: SmtpServer
) -> None:
    """`outbox --send` at 07:30:23 said «… sớm nhất lúc 24/10/2021 07:30» of a retry at 07:30:58: a time
    already past, so the clerk who ran it again at once found nothing sent. The minute is rounded up."""
    smtp.stop()
    clock.now = local("2021-10-24 07:30") + dt.timedelta(seconds=23)
    CliRunner().invoke(main, ["--config", str(config_path), "remind", "--send"], obj=clock)
    shown = CliRunner().invoke(main, ["--config", str(config_path), "outbox", "--format", "json"], obj=clock)
    retry = min(
        dt.datetime.fromisoformat(e["next_attempt_at"])
        for e in json.loads(shown.output)
        if e["state"] == "pending"
    )
    assert retry.second or retry.microsecond  # a retry within a minute, as the mail server left it

    result = CliRunner().invoke(main, ["--config", str(config_path), "outbox", "--send"], obj=clock)

    said = re.search(r"lần gửi tới sớm nhất lúc (\d\d/\d\d/\d{4} \d\d:\d\d)", result.output)
    assert said, result.output
    at = dt.datetime.strptime(said.group(1), "%d/%m/%Y %H:%M").replace(tzinfo=config.district.timezone)
    assert retry <= at < retry + dt.timedelta(minutes=1)


def test_the_outbox_export_names_the_report_as_the_page_does(
    config_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    """`baocao outbox --format csv` wrote «nq121» in its «Báo cáo» column, where the page, the mail and
    every other listing name the report NQ121."""
    clock.now = local("2021-10-24 07:30")
    _run(config_path, "remind", "--send", clock=clock)
    exported = _run(config_path, "outbox", "--format", "csv", clock=clock)
    rows = list(csv.DictReader(io.StringIO(exported.lstrip("\ufeff"))))
    assert rows and {r["Báo cáo"] for r in rows} == {"NQ121"}


def test_remind_as_of_a_past_morning_names_the_schools_reminded_since(
    config_path: Path, rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """`baocao remind --as-of "24/10/2021 07:30"` asked on 27/10 listed fewer reminders than its own list
    counted schools owing («Còn 4/5 trường chưa nộp»): the schools sent the overdue reminder of 26/10 since
    were left out without a word, and staff could not tell whether they would have been reminded. They are
    named, with the reminder they got."""
    submit(rt, "a", local("2021-10-05 09:00"))
    submit(rt, "b", local("2021-10-25 10:00"))
    clock.now = local("2021-10-26 07:35")
    _run(config_path, "remind", "--send", clock=clock)
    assert {d.rcpt for d in smtp.delivered if d.subject.startswith("Quá hạn")} == {
        (SCHOOLS[s][1],) for s in "cde"
    }
    clock.now = local("2021-10-27 09:00")

    out = _run(config_path, "remind", "--as-of", "24/10/2021 07:30", clock=clock)

    assert "Còn 4/5 trường chưa nộp" in out
    assert [line.split()[3] for line in out.splitlines() if "Thư nhắc" in line] == ["b"]
    assert (
        "Lưu ý: 3 trường chưa nộp lúc đó không có thư nhắc trong danh sách trên vì đã nhận thư nhắc gửi sau "
        f"thời điểm này: {SCHOOLS['c'][0]} (thư nhắc ngày 26/10/2021), {SCHOOLS['d'][0]} (thư nhắc ngày "
        f"26/10/2021), {SCHOOLS['e'][0]} (thư nhắc ngày 26/10/2021)." in " ".join(out.split())
    )


def test_sending_as_of_a_past_moment_is_refused(config_path: Path, smtp: SmtpServer) -> None:
    """A list composed as of a past moment would remind schools that have reported since."""
    result = CliRunner().invoke(
        main, ["--config", str(config_path), "remind", "--as-of", "2021-10-24 07:30", "--send"]
    )
    assert result.exit_code != 0 and "--as-of chỉ dùng để xem" in result.output
    assert smtp.delivered == []
