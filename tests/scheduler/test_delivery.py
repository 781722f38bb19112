"""What leaves by SMTP: staff never held by the per-school cap, what is held said in the log and the
outbox, the office's local time and Reply-To on every message, CSV with a BOM."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import json
import logging
import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from app.cli import main
from app.web.server import close_app, create_app
from intake import pipeline
from kernel import decisions
from kernel import status as status_mod
from kernel.config import load
from kernel.freshness import Freshness
from kernel.runtime import Runtime
from scheduler import jobs
from tests.scheduler.conftest import (
    SCHOOLS,
    SENDER,
    STAFF,
    Clock,
    Delivered,
    SmtpServer,
    config_text,
    local,
    open_runtime,
    submit,
)


@pytest.fixture
def capped(tmp_path: Path, smtp: SmtpServer) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(config_text(smtp.port, max_per_recipient_per_day=1), encoding="utf-8")
    return path


def test_staff_mail_is_never_held_by_the_cap_and_what_is_held_is_said(
    capped: Path, clock: Clock, smtp: SmtpServer, caplog: pytest.LogCaptureFixture
) -> None:
    """The per-recipient cap used to hold back the staff digest too, silently."""
    rt = open_runtime(load(capped), clock)
    submit(rt, "b", local("2021-10-18 07:00"), sender=SCHOOLS["c"][1])  # c's address sends b's report
    clock.now = local("2021-10-18 07:30")
    with caplog.at_level(logging.WARNING, logger="scheduler.jobs"):
        result = jobs.tick(rt)
    rt.close()

    staff = sorted(d.subject for d in smtp.to(STAFF))
    assert len(staff) == 2 and any("Còn" in s for s in staff)  # the missing list and the digest, same day
    assert result.deferred == 1  # c's second mail of the day (the acknowledgement or the reminder)
    assert any("hoãn gửi" in r.message and SCHOOLS["c"][1] in r.message for r in caplog.records)
    out = CliRunner().invoke(main, ["--config", str(capped), "outbox", "--state", "pending"], obj=clock)
    assert "Chờ gửi" in out.output and f"hoãn vì đã đủ 1 thư/ngày cho {SCHOOLS['c'][1]}" in out.output


def test_mail_held_by_the_cap_waits_until_the_cap_frees_not_an_hour(
    capped: Path, clock: Clock, smtp: SmtpServer, caplog: pytest.LogCaptureFixture
) -> None:
    """A school's mail held by the daily cap was put off for an hour, when the cap still held it: tried again
    and held again every hour of the evening, one more «hoãn gửi» line each time. It now waits until the
    first mail it had that day is a day old."""
    rt = open_runtime(load(capped), clock)
    try:
        submit(rt, "b", local("2021-10-18 07:00"), sender=SCHOOLS["c"][1])  # c's address sends b's report
        clock.now = local("2021-10-18 07:30")
        with caplog.at_level(logging.WARNING, logger="scheduler.jobs"):
            assert jobs.tick(rt).deferred == 1
            held = [r.getMessage() for r in caplog.records if "hoãn gửi" in r.getMessage()]
            assert len(held) == 1 and " đến 19/10/2021 07:30: hoãn vì đã đủ 1 thư/ngày" in held[0], held
            caplog.clear()
            clock.now = local("2021-10-18 08:31")
            again = jobs.tick(rt)
            assert again.deferred == 0 and not any("hoãn gửi" in r.getMessage() for r in caplog.records)
        clock.now = local("2021-10-19 07:31")
        jobs.tick(rt)
    finally:
        rt.close()
    to_c = [d.at.strftime("%d/%m %H:%M") for d in smtp.to(SCHOOLS["c"][1])]
    assert to_c == ["18/10 07:30", "19/10 07:31"]


def test_a_schools_mail_held_by_an_address_it_shares_names_the_schools_and_goes_when_the_cap_frees(
    capped: Path, clock: Clock, smtp: SmtpServer, caplog: pytest.LogCaptureFixture
) -> None:
    """A principal of two schools sent both their reports from one gmail: the acknowledgement of Mỹ An's was
    held by the daily cap of that address, which Bình Thạnh 1's acknowledgement had filled, and staff read
    «hoãn gửi ack:nq121:2021:c:… : hoãn vì đã đủ 1 thư/ngày cho hieutruong…»: neither which school's mail
    waits nor whose mail filled the cap. The cap is the address's, whatever the school; the held mail now
    names its school in the log, the school whose mail filled the cap in the outbox, and goes when it frees."""
    shared = "hieutruong.hoa1975@gmail.com"
    rt = open_runtime(load(capped), clock)
    try:
        submit(rt, "b", local("2021-10-18 07:00"), sender=shared)
        submit(rt, "c", local("2021-10-18 07:10"), sender=shared)
        clock.now = local("2021-10-18 07:30")
        with caplog.at_level(logging.WARNING, logger="scheduler.jobs"):
            assert jobs.tick(rt).deferred == 1
        [held] = [r.getMessage() for r in caplog.records if "hoãn gửi" in r.getMessage()]
        assert f"({SCHOOLS['c'][0]}) đến 19/10/2021 07:30" in held, held
        said = f"hoãn vì đã đủ 1 thư/ngày cho {shared} (đã nhận thư gửi {SCHOOLS['b'][0]})"
        assert held.endswith(said), held
        out = CliRunner().invoke(main, ["--config", str(capped), "outbox", "--format", "json"], obj=clock)
        [waiting] = [e for e in json.loads(out.output) if e["state"] == "pending"]
        assert waiting["school_id"] == "c" and waiting["last_error"] == said, waiting
        clock.now = local("2021-10-19 07:31")
        jobs.tick(rt)
    finally:
        rt.close()
    got = [(d.at.strftime("%d/%m %H:%M"), d.subject.rsplit(" của ", 1)[1]) for d in smtp.to(shared)]
    assert got == [("18/10 07:30", SCHOOLS["b"][0]), ("19/10 07:31", SCHOOLS["c"][0])], got


@dataclass
class HangingUp(SmtpServer):
    """An SMTP server that closes the connection when the message comes, as one going down does."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        server.transport.close()
        return "421 closing"


def test_a_server_hanging_up_is_logged_in_vietnamese(
    tmp_path: Path, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    """An SMTP server closing the connection mid-send was logged «sending ack:… failed (pending): … Connection
    unexpectedly closed», English in the lines the office reads; the library's words stay at DEBUG."""
    server = HangingUp(clock)
    server.start()
    try:
        path = tmp_path / "config.toml"
        path.write_text(config_text(server.port), encoding="utf-8")
        rt = open_runtime(load(path), clock)
        submit(rt, "b", local("2021-10-18 07:00"))
        clock.now = local("2021-10-18 07:30")
        with caplog.at_level(logging.WARNING, logger="scheduler.jobs"):
            jobs.tick(rt)
        rt.close()
    finally:
        server.stop()
    said = [r.getMessage() for r in caplog.records if "chưa gửi được thư" in r.getMessage()]
    assert said and all("(sẽ thử lại): " in line and "máy chủ đã đóng kết nối" in line for line in said)
    assert not [r.getMessage() for r in caplog.records if re.search("failed|Connection", r.getMessage())]


@dataclass
class SlowServer(SmtpServer):
    """aiosmtpd taking a second over each message, as a busy relay does."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(1)
        return await super().handle_DATA(server, session, envelope)


def test_two_processes_sending_at_once_keep_to_one_cap(
    tmp_path: Path, clock: Clock, database_url: str
) -> None:
    """Two daemons (two machines on one database) sent at the same moment: each counted a school's mail of
    the day before the other had sent any, and the school got twice the day's cap. The second to send
    waits for the first and counts what it sent."""
    server = SlowServer(clock)
    server.start()
    failed: list[BaseException] = []

    def send(rt: Runtime) -> None:
        try:
            jobs.deliver(rt, clock.now)
        except BaseException as e:
            failed.append(e)

    try:
        path = tmp_path / "config.toml"
        text = config_text(server.port, max_per_recipient_per_day=1)
        path.write_text(text.replace('"sqlite:///var/baocao.db"', f'"{database_url}"'), encoding="utf-8")
        first = open_runtime(load(path), clock)
        submit(first, "b", local("2021-10-18 07:00"), sender=SCHOOLS["c"][1])  # c gets an ack and a reminder
        clock.now = local("2021-10-18 07:30")
        jobs.enqueue(first, jobs.due(first, clock.now), clock.now)
        second = open_runtime(load(path), clock)
        both = [threading.Thread(target=send, args=(rt,)) for rt in (first, second)]
        for thread in both:
            thread.start()
        for thread in both:
            thread.join()
        first.close()
        second.close()
    finally:
        server.stop()
    assert failed == [] and len(server.to(SCHOOLS["c"][1])) == 1


def test_mail_carries_the_offices_local_time_and_a_reply_to(
    config_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    """Automatic mail said Date: ... +0000 while the office is at +07:00, and had no Reply-To."""
    clock.now = local("2021-10-24 07:30")
    result = CliRunner().invoke(main, ["--config", str(config_path), "remind", "--send"], obj=clock)
    assert result.exit_code == 0, result.output
    message = smtp.delivered[0].message
    assert str(message["Date"]) == "Sun, 24 Oct 2021 07:30:00 +0700"
    assert SENDER in str(message["Reply-To"])


UNIT_MAILBOX = "baocao.myan@example.gov.vn"


def test_a_schools_answer_goes_to_the_mailbox_of_the_unit_that_collects_it(
    tmp_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    """Reminders and acknowledgements to a school whose unit reads its own mailbox said Reply-To: the
    office's address, so the school's answer never reached the people collecting its report. A unit
    without a mailbox keeps the office's address, never another unit's, under its own name (it said the
    district office's, which no longer exists once communes collect); staff mail keeps the office's
    address, under the name of the unit whose staff it is for (it said the district office's too)."""
    text = config_text(smtp.port)
    for school_id in SCHOOLS:
        unit = "xa-my-an" if school_id in ("a", "b", "c") else "xa-nhi-thanh"
        text = text.replace(f'id = "{school_id}"\n', f'id = "{school_id}"\nunit = "{unit}"\n')
    text += f"""
[[units]]
id = "xa-my-an"
name = "UBND xã Mỹ An"
staff_emails = ["{STAFF}"]

[[units]]
id = "xa-nhi-thanh"
name = "UBND xã Nhị Thành"
staff_emails = ["{STAFF}"]

[imap]
host = "imap.example.gov.vn"
username = "{UNIT_MAILBOX}"
password = "x"
unit = "xa-my-an"
"""
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    config = load(path)
    rt = open_runtime(config, clock)
    submit(rt, "b", local("2021-10-23 10:00"))
    submit(rt, "d", local("2021-10-23 11:00"))
    clock.now = local("2021-10-24 07:30")
    Freshness(rt.store).mark_read(config.mailboxes[0].name, clock.now)  # the picture is current
    result = jobs.tick(rt)
    rt.close()
    assert result.failed == 0 and not result.held

    def reply_to(school_id: str, kind: str) -> tuple[str, str]:
        (sent,) = [d for d in smtp.to(SCHOOLS[school_id][1]) if kind in d.subject]
        (address,) = sent.message["Reply-To"].addresses
        return address.display_name, address.addr_spec

    my_an = ("UBND xã Mỹ An", UNIT_MAILBOX)
    nhi_thanh = ("UBND xã Nhị Thành", SENDER)
    assert reply_to("a", "Nhắc") == reply_to("c", "Nhắc") == my_an
    assert reply_to("b", "Đã nhận") == my_an
    assert reply_to("e", "Nhắc") == reply_to("d", "Đã nhận") == nhi_thanh
    staff = smtp.to(STAFF)
    assert {d.message["Reply-To"].addresses[0].display_name for d in staff} == {
        "UBND xã Mỹ An",
        "UBND xã Nhị Thành",
    }
    assert all(d.message["Reply-To"].addresses[0].addr_spec == SENDER for d in staff)
    assert all(
        d.message["Reply-To"].addresses[0].display_name == d.message["From"].addresses[0].display_name
        for d in staff
    )


def test_every_csv_has_a_bom_and_ids(config_path: Path, clock: Clock, smtp: SmtpServer) -> None:
    clock.now = local("2021-10-24 07:30")
    runner = CliRunner()
    planned = runner.invoke(main, ["--config", str(config_path), "remind", "--format", "csv"], obj=clock)
    assert planned.stdout_bytes.startswith(b"\xef\xbb\xbf")
    text = planned.stdout_bytes.decode("utf-8-sig")
    assert text.startswith("STT,Loại thư,Báo cáo,Năm,Mã trường") and ",d," in text
    runner.invoke(main, ["--config", str(config_path), "remind", "--send"], obj=clock)
    log = runner.invoke(main, ["--config", str(config_path), "outbox", "--format", "csv"], obj=clock)
    assert log.stdout_bytes.startswith(b"\xef\xbb\xbf")
    assert "reminder:nq121:2021:d:before-1" in log.stdout_bytes.decode("utf-8-sig")
    for command in (["review"], ["addresses"], ["history", "a"], ["missing"]):
        out = runner.invoke(main, ["--config", str(config_path), *command, "--format", "csv"], obj=clock)
        assert out.exit_code == 0, (command, out.output)
        assert out.stdout_bytes.startswith(b"\xef\xbb\xbf"), command
    missing = runner.invoke(main, ["--config", str(config_path), "missing", "--format", "csv"], obj=clock)
    assert SCHOOLS["d"][1] in missing.stdout_bytes.decode("utf-8-sig")  # the addresses are kept


def test_the_planned_mail_csv_names_its_kinds_in_vietnamese(config_path: Path, clock: Clock) -> None:
    """`remind --format csv` wrote its «Loại thư» column as «reminder», «missing»: words staff opening the
    sheet in Excel do not read; the outbox's CSV and the table already said «Thư nhắc», «Bảng tổng hợp»."""
    clock.now = local("2021-10-24 07:30")
    out = CliRunner().invoke(main, ["--config", str(config_path), "remind", "--format", "csv"], obj=clock)
    _, *rows = csv.reader(io.StringIO(out.stdout_bytes.decode("utf-8-sig")))
    kinds = {row[1] for row in rows}
    assert "Thư nhắc" in kinds and "Danh sách chưa nộp" in kinds, kinds
    assert not kinds & {"reminder", "digest", "missing", "ack", "alert"}
    assert {row[2] for row in rows} == {"NQ121"}


def test_a_school_of_the_second_unit_that_reports_before_its_reminder_leaves_is_not_reminded(
    tmp_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    """Just before sending, a reminder was checked against the status of the first collecting unit
    only: d, collected by the second unit, reported while the SMTP server was down and was still told
    it had not reported when the server came back."""
    text = config_text(smtp.port)
    for school_id in SCHOOLS:
        unit = "xa-my-an" if school_id in ("a", "b", "c") else "xa-nhi-thanh"
        text = text.replace(f'id = "{school_id}"\n', f'id = "{school_id}"\nunit = "{unit}"\n')
    text += '\n[[units]]\nid = "xa-my-an"\nname = "UBND xã Mỹ An"\n'
    text += '\n[[units]]\nid = "xa-nhi-thanh"\nname = "UBND xã Nhị Thành"\n'
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    rt = open_runtime(load(path), clock)
    smtp.stop()
    clock.now = local("2021-10-22 07:30")
    jobs.tick(rt)  # reminders to all five wait in the outbox
    submit(rt, "c", local("2021-10-22 08:00"))
    submit(rt, "d", local("2021-10-22 08:10"))
    smtp.start()
    clock.now = local("2021-10-22 09:00")
    result = jobs.tick(rt)
    rt.close()

    assert len(result.withdrawn) == 2
    assert [d.subject[:8] for d in smtp.to(SCHOOLS["d"][1])] == ["Đã nhận "]
    assert [d.subject[:8] for d in smtp.to(SCHOOLS["e"][1])] == ["Nhắc nộp"]


def test_a_commune_committee_split_into_no_units_writes_as_itself(
    tmp_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    """An office that is a commune's People's Committee, with no [[units]], signed its mail «UBND xã Mỹ
    An» but wrote «gửi báo cáo … về Phòng», «Phòng chưa nhận được», «để Phòng điều chỉnh»: a Phòng it
    does not have. It now names itself."""
    text = config_text(smtp.port).replace(
        'name = "Phòng Giáo dục và Đào tạo huyện Thủ Thừa"\nshort_name = "Phòng GD&ĐT Thủ Thừa"',
        'name = "UBND xã Mỹ An"\nshort_name = "UBND xã Mỹ An"',
    )
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    rt = open_runtime(load(path), clock)
    clock.now = local("2021-10-18 07:30")
    jobs.tick(rt)
    submit(rt, "a", local("2021-10-18 08:00"))
    clock.now = local("2021-10-18 09:00")
    jobs.tick(rt)
    rt.close()

    [reminder] = smtp.to(SCHOOLS["b"][1])
    [_, ack] = smtp.to(SCHOOLS["a"][1])
    for mail in (reminder, ack):
        body = mail.message.get_body(("plain",)).get_content()
        assert "UBND xã Mỹ An" in body
        assert "Phòng" not in body
    assert (
        "UBND xã Mỹ An chưa nhận được báo cáo của nhà trường"
        in reminder.message.get_body(("plain",)).get_content()
    )


@dataclass
class RefusingServer(SmtpServer):
    """aiosmtpd that refuses some recipients at RCPT time with one answer, as a relay that checks addresses does."""

    refuse: tuple[str, ...] = ()
    answer: str = "550 5.1.1 <{}>: Recipient address rejected: User unknown"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if address in self.refuse:
            return self.answer.format(address)
        envelope.rcpt_tos.append(address)
        return "250 OK"


def _tick_on_the_11th_and_18th(path: Path, clock: Clock) -> jobs.Delivery:
    """The daemon's ticks at the first reminder (11/10) and at the digest a week later; the first's."""
    rt = open_runtime(load(path), clock)
    clock.now = local("2021-10-11 07:30")
    first = jobs.tick(rt)
    clock.now = local("2021-10-18 07:30")
    jobs.tick(rt)
    rt.close()
    return first


def _digest_of_18th(server: RefusingServer) -> str:
    """The text of the staff digest the server took on 18/10."""
    [digest] = [
        d.message.get_body(("plain",)).get_content()
        for d in server.to(STAFF)
        if d.at.day == 18 and "Tổng hợp" in d.subject
    ]
    return digest


FULL = "452 4.2.2 Mailbox full, try again later"  # a refusal for now: the mail is tried again


@contextmanager
def _refusing(
    tmp_path: Path,
    clock: Clock,
    refuse: tuple[str, ...],
    answer: str = RefusingServer.answer,
    also: Mapping[str, str] | None = None,
) -> Iterator[tuple[RefusingServer, Path]]:
    """A server refusing the addresses refuse with answer, started, and a config.toml sending through it;
    also: an address a school lists beside its own, by its own. The server is stopped after, what it took
    kept for the test to read."""
    server = RefusingServer(clock, refuse=refuse, answer=answer)
    server.start()
    try:
        text = config_text(server.port)
        for address, more in (also or {}).items():
            text = text.replace(f'"{address}"', f'"{address}", "{more}"')
        path = tmp_path / "config.toml"
        path.write_text(text, encoding="utf-8")
        yield server, path
    finally:
        server.stop()


def test_staff_learn_which_school_address_our_smtp_server_refuses(tmp_path: Path, clock: Clock) -> None:
    """Our SMTP server refused d's address at every reminder; the failure sat in the outbox only, and the
    digest and the missing list went on listing d as reminded, with nothing to say its address is wrong."""
    with _refusing(tmp_path, clock, (SCHOOLS["d"][1],)) as (server, path):
        first = _tick_on_the_11th_and_18th(path, clock)

    assert first.failed == 1 and server.to(SCHOOLS["d"][1]) == []
    on_18 = [d for d in server.to(STAFF) if d.at.day == 18]
    [digest] = [d.message.get_body(("plain",)).get_content() for d in on_18 if "Tổng hợp" in d.subject]
    assert "ĐỊA CHỈ THƯ BỊ TRẢ LẠI (1)" in digest
    section = digest.split("ĐỊA CHỈ THƯ BỊ TRẢ LẠI")[1]
    assert SCHOOLS["d"][0] in section and "07:30 ngày 18/10/2021" in section  # refused again that morning
    [missing] = [d.message.get_body(("plain",)).get_content() for d in on_18 if "] Còn " in d.subject]
    assert f"thư gửi đến {SCHOOLS['d'][1]} bị trả lại" in missing


def test_a_school_address_that_bounced_as_unknown_is_left_out_while_another_is_listed(
    tmp_path: Path, clock: Clock
) -> None:
    """Nhị Thành lists its principal's address beside its own; a reminder to its own came back «550 5.1.1»
    (the address does not exist). The next reminders still went to the dead address, and its note «Lưu ý:
    thư gửi đến … bị trả lại» reached only that dead mailbox. They go to the address left, which reads the
    note; a school with no other address is still written to (its lists tell staff)."""
    dead, principal = SCHOOLS["d"][1], "hieutruong.nhithanh@example.edu.vn"
    with _refusing(tmp_path, clock, (), also={dead: principal}) as (server, path):
        rt = open_runtime(load(path), clock)
        bounce = (
            "From: MAILER-DAEMON@mail.vnpt.vn\r\nTo: pgdthuthua@example.edu.vn\r\n"
            "Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <b1@mail.vnpt.vn>\r\n"
            'MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n'
            f"\r\n--B\r\nContent-Type: text/plain\r\n\r\n<{dead}>: 550 5.1.1 User unknown\r\n"
            "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mail.vnpt.vn\r\n\r\n"
            f"Final-Recipient: rfc822; {dead}\r\nAction: failed\r\nStatus: 5.1.1\r\n--B--\r\n"
        ).encode()
        when = local("2021-10-11 09:40")
        pipeline.process(rt, bounce, received_at=when, source="test")
        assert rt.store.bounces(when, when) == {dead: when}
        clock.now = local("2021-10-18 07:30")
        jobs.tick(rt)
        rt.close()

    assert [d.at for d in server.to(dead)] == []
    [reminder] = [d.message.get_body(("plain",)).get_content() for d in server.to(principal)]
    assert f"Lưu ý: thư gửi đến {dead} bị trả lại ngày 11/10/2021" in reminder
    assert server.to(SCHOOLS["c"][1])  # a school with its one address is written to as before


def _unknown_user(to: str, key: str) -> bytes:
    """A bounce of our mail to an address that does not exist («550 5.1.1»)."""
    return (
        "From: MAILER-DAEMON@mail.vnpt.vn\r\nTo: pgdthuthua@example.edu.vn\r\n"
        f"Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <{key}@mail.vnpt.vn>\r\n"
        'MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n'
        f"\r\n--B\r\nContent-Type: text/plain\r\n\r\n<{to}>: 550 5.1.1 User unknown\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mail.vnpt.vn\r\n\r\n"
        f"Final-Recipient: rfc822; {to}\r\nAction: failed\r\nStatus: 5.1.1\r\n--B--\r\n"
    ).encode()


def test_an_acknowledgement_leaves_out_a_school_address_that_bounced_as_unknown_as_reminders_do(
    tmp_path: Path, clock: Clock
) -> None:
    """Nhị Thành lists its principal's address beside its own, and our mail to its own came back «550
    5.1.1»; a teacher then sent its report from her gmail. The acknowledgement went to the teacher and to
    both registered addresses, the dead one too, where reminders already leave it out. It now goes to the
    teacher and the principal; Mỹ An, whose one address bounced alike, is still written to at it."""
    dead, principal = SCHOOLS["d"][1], "hieutruong.nhithanh@example.edu.vn"
    teacher, other = "gv.nhithanh@gmail.com", "gv.myan@gmail.com"
    with _refusing(tmp_path, clock, (), also={dead: principal}) as (server, path):
        rt = open_runtime(load(path), clock)
        try:
            for address, key in ((dead, "b1"), (SCHOOLS["c"][1], "b2")):
                pipeline.process(
                    rt, _unknown_user(address, key), received_at=local("2021-10-11 09:40"), source="test"
                )
            submit(rt, "d", local("2021-10-12 08:00"), sender=teacher)
            submit(rt, "c", local("2021-10-12 08:10"), sender=other)
            clock.now = local("2021-10-12 08:30")
            jobs.tick(rt)
        finally:
            rt.close()

    [to_d] = [sorted(d.rcpt) for d in server.delivered if teacher in d.rcpt]
    [to_c] = [sorted(d.rcpt) for d in server.delivered if other in d.rcpt]
    assert to_d == sorted([teacher, principal]) and to_c == sorted([other, SCHOOLS["c"][1]])


def test_staff_learn_that_one_of_them_gets_nothing(tmp_path: Path, clock: Clock) -> None:
    """The office's second staff address was refused at every digest: nothing said so, and that officer
    never had a digest all season. The digest the others read lists the address."""
    gone = "lanhdao.thuthua@example.edu.vn"
    with _refusing(tmp_path, clock, (gone,), also={STAFF: gone}) as (server, path):
        _tick_on_the_11th_and_18th(path, clock)

    assert server.to(gone) == []
    section = _digest_of_18th(server).split("ĐỊA CHỈ THƯ BỊ TRẢ LẠI (1)")[1].split("\n\n\n")[0]
    assert "Cán bộ nhận bảng tổng hợp" in section and gone in section


def test_a_full_mailbox_is_tried_again_and_not_called_a_wrong_address(tmp_path: Path, clock: Clock) -> None:
    """d's mailbox was full (452 4.2.2) at the reminder: the reminder was given up at once («Lỗi, đã
    dừng») and never retried, and the digest listed d's correct address as one that bounces, telling
    staff to fix it in the config."""
    with _refusing(tmp_path, clock, (SCHOOLS["d"][1],), FULL) as (
        server,
        path,
    ):
        rt = open_runtime(load(path), clock)
        clock.now = local("2021-10-11 07:30")
        first = jobs.tick(rt)
        server.refuse = ()  # the school emptied its mailbox
        clock.now = local("2021-10-11 08:00")
        jobs.tick(rt)
        clock.now = local("2021-10-18 07:30")
        jobs.tick(rt)
        rt.close()

    assert [d.at for d in server.to(SCHOOLS["d"][1]) if d.at.day == 11] == [local("2021-10-11 08:00")]
    digest = _digest_of_18th(server)
    assert "BỊ TRẢ LẠI" not in digest
    assert first.failed == 1 and first.given_up == 0


def test_mail_refused_as_spam_is_not_promised_a_retry_nor_called_a_wrong_address(
    tmp_path: Path, clock: Clock
) -> None:
    """The server refused d's reminder for policy (550 5.7.1): `remind --send` said it «sẽ được thử lại»
    though it was given up, and the digest told staff to fix d's address, which is right."""
    with _refusing(tmp_path, clock, (SCHOOLS["d"][1],), "550 5.7.1 Message rejected as spam") as (
        server,
        path,
    ):
        clock.now = local("2021-10-11 07:30")
        out = CliRunner().invoke(main, ["--config", str(path), "remind", "--send"], obj=clock).output
        rt = open_runtime(load(path), clock)
        clock.now = local("2021-10-18 07:30")
        jobs.tick(rt)
        rt.close()

    assert "sẽ được thử lại" not in out
    assert "1 thư không gửi được và sẽ không được thử lại" in out
    digest = _digest_of_18th(server)
    assert "BỊ TRẢ LẠI" not in digest


PRINCIPAL = "hieutruong.myan@example.edu.vn"


def _full_beside_the_principal(
    tmp_path: Path, clock: Clock
) -> AbstractContextManager[tuple[RefusingServer, Path]]:
    """Mỹ An's mailbox full (452), the principal's address listed beside it taking the mail."""
    return _refusing(tmp_path, clock, (SCHOOLS["c"][1],), FULL, also={SCHOOLS["c"][1]: PRINCIPAL})


def test_an_address_refused_for_now_gets_the_reminder_later_and_the_other_only_once(
    tmp_path: Path, clock: Clock
) -> None:
    """c has two addresses; at the reminder the school's mailbox was full (452) and the principal's took
    it. The reminder was recorded sent, the school's address was never tried again, and it was listed
    as an address that bounces."""
    with _full_beside_the_principal(tmp_path, clock) as (server, path):
        clock.now = local("2021-10-11 07:30")
        out = CliRunner().invoke(main, ["--config", str(path), "remind", "--send"], obj=clock).output
        server.refuse = ()
        rt = open_runtime(load(path), clock)
        clock.now = local("2021-10-11 08:00")
        jobs.tick(rt)
        clock.now = local("2021-10-18 07:30")
        jobs.tick(rt)
        rt.close()

    first, again = [d for d in server.delivered if d.at.day == 11 and PRINCIPAL in d.message["To"]]
    assert (first.rcpt, again.rcpt) == ((PRINCIPAL,), (SCHOOLS["c"][1],))
    assert again.at == local("2021-10-11 08:00") and again.message_id == first.message_id
    assert "1 thư trong số đó chưa đến được một số người nhận" in out
    digest = _digest_of_18th(server)
    assert "BỊ TRẢ LẠI" not in digest


def test_a_reminder_some_addresses_took_is_not_withdrawn_when_the_school_reports(
    tmp_path: Path, clock: Clock
) -> None:
    """A reminder the principal took waits for the school's full mailbox; the school then reports. The
    reminder must go no further, and stay recorded as sent: the school was reminded."""
    with _full_beside_the_principal(tmp_path, clock) as (server, path):
        rt = open_runtime(load(path), clock)
        clock.now = local("2021-10-11 07:30")
        jobs.tick(rt)
        server.refuse = ()
        submit(rt, "c", local("2021-10-11 07:40"))
        clock.now = local("2021-10-11 08:00")
        result = jobs.tick(rt)
        rt.close()
        out = (
            CliRunner().invoke(main, ["--config", str(path), "outbox", "--format", "json"], obj=clock).output
        )

    assert [d.rcpt for d in server.to(PRINCIPAL)] == [(PRINCIPAL,)]
    assert [d.subject[:8] for d in server.to(SCHOOLS["c"][1])] == ["Đã nhận "]
    assert len(result.withdrawn) == 0
    [reminder] = [e for e in json.loads(out) if e["key"].startswith("reminder:nq121:2021:c:")]
    assert reminder["state"] == "sent" and "452 4.2.2" in reminder["last_error"]


def test_a_refusal_reads_as_the_servers_words(tmp_path: Path, clock: Clock) -> None:
    """The CLI and the send log wrote a refusal as Python wrote it: «máy chủ SMTP từ chối mọi người nhận:
    {'…': (550, b'5.1.1 …')}»."""
    with _refusing(tmp_path, clock, (SCHOOLS["d"][1],)) as (server, path):
        clock.now = local("2021-10-11 07:30")
        sent = CliRunner().invoke(main, ["--config", str(path), "remind", "--send"], obj=clock).output
        log = (
            CliRunner().invoke(main, ["--config", str(path), "outbox", "--format", "json"], obj=clock).output
        )

    words = f"máy chủ từ chối {SCHOOLS['d'][1]}: 550 5.1.1 <{SCHOOLS['d'][1]}>: Recipient address rejected"
    assert words in sent and "b'" not in sent
    assert words in log and "b'" not in log


def test_the_digest_counts_the_bounced_addresses_it_lists(tmp_path: Path, clock: Clock) -> None:
    """Both of d's addresses were wrong: the digest listed two addresses under «ĐỊA CHỈ THƯ CỦA TRƯỜNG BỊ
    TRẢ LẠI (1)», counting schools where it lists addresses."""
    other = "hieutruong.nhithanh@example.edu.vn"
    with _refusing(tmp_path, clock, (SCHOOLS["d"][1], other), also={SCHOOLS["d"][1]: other}) as (
        server,
        path,
    ):
        rt = open_runtime(load(path), clock)
        clock.now = local("2021-10-11 07:30")
        jobs.tick(rt)
        clock.now = local("2021-10-18 07:30")
        jobs.tick(rt)
        rt.close()

    digest = _digest_of_18th(server)
    section = digest.split("ĐỊA CHỈ THƯ BỊ TRẢ LẠI")[1]
    assert section.startswith(" (2)") and SCHOOLS["d"][1] in section and other in section


def test_a_waiting_reminder_is_withdrawn_when_its_school_or_report_leaves_the_config(
    tmp_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    """Reminders composed while the SMTP server was down waited in the outbox; the office then recorded
    that e had closed (`until` before the deadline) and removed a second report, and restarted. The
    reminder to the closed school still went out when the server came back, and the removed report's
    reminders stopped every round of sending with an error about the config."""
    second = config_text(smtp.port)
    second += '\n[[reports]]\nid = "an-toan"\ntitle = "Báo cáo công tác an toàn trường học"\n'
    second += 'keywords = ["an toàn trường học"]\ndeadline = "10-25"\nreminder_days = [3]\n'
    path = tmp_path / "config.toml"
    path.write_text(second, encoding="utf-8")
    smtp.stop()
    clock.now = local("2021-10-22 07:30")
    rt = open_runtime(load(path), clock)
    jobs.tick(rt)  # reminders of both reports wait in the outbox
    rt.close()
    closed = config_text(smtp.port).replace('id = "e"\n', 'id = "e"\nuntil = "2021-10-21"\n')
    path.write_text(closed, encoding="utf-8")
    smtp.start()
    clock.now = local("2021-10-22 09:00")
    rt = open_runtime(load(path), clock)
    result = jobs.tick(rt)
    rt.close()

    assert result.errors == () and len(result.withdrawn) == 6  # e's nq121 reminder, and the five of the other
    assert smtp.to(SCHOOLS["e"][1]) == []
    assert len(smtp.to(SCHOOLS["d"][1])) == 1


def test_mail_asks_schools_to_send_reports_to_the_mailbox_baocao_reads(
    tmp_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    """An office that sends from an account that only sends ([smtp].from = khongtraloi@...) and reads
    reports in its own mailbox had every reminder say "Nhà trường gửi báo cáo ... đến địa chỉ
    khongtraloi@...", and every acknowledgement to write back there: reports sent as told were never
    read. The mail names the mailbox baocao reads; Reply-To already did."""
    robot = "khongtraloi@example.edu.vn"
    text = config_text(smtp.port).replace(f'from = "{SENDER}"', f'from = "{robot}"')
    text += f'\n[imap]\nhost = "imap.example.edu.vn"\nusername = "{SENDER}"\npassword = "x"\n'
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    config = load(path)
    rt = open_runtime(config, clock)
    submit(rt, "b", local("2021-10-18 07:00"))
    clock.now = local("2021-10-18 07:30")
    Freshness(rt.store).mark_read(config.mailboxes[0].name, clock.now)
    jobs.tick(rt)
    rt.close()

    [reminder] = smtp.to(SCHOOLS["a"][1])
    [ack] = smtp.to(SCHOOLS["b"][1])
    for sent in (reminder, ack):
        body = sent.message.get_body(("plain",)).get_content()
        assert f"địa chỉ {SENDER}" in body and robot not in body
        assert str(sent.message["From"]).endswith(f"<{robot}>")


def test_reminders_and_lists_of_before_the_deadline_are_not_sent_after_it(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """The SMTP server was down from the morning of 24/10 to the night after the deadline: when it came
    back at 01:00 on 26/10, the waiting reminders told schools "chậm nhất ngày 25/10/2021 (thứ Hai, tức
    ngày mai)" and staff got "Hạn nộp: 25/10/2021 (còn 1 ngày)", a day after the deadline. They are
    withdrawn; the overdue reminders of that morning go out as usual."""
    smtp.stop()
    clock.now = local("2021-10-24 07:30")
    jobs.tick(rt)  # before-1 reminders, the missing list and the digest wait
    smtp.start()
    clock.now = local("2021-10-26 01:00")
    night = jobs.tick(rt)
    assert [d.subject for d in smtp.delivered if "Nhắc nộp" in d.subject or "] Còn " in d.subject] == []
    assert len(night.withdrawn) == 6  # five reminders and the missing list
    clock.now = local("2021-10-26 07:30")
    jobs.tick(rt)
    overdue = [d for d in smtp.delivered if d.subject.startswith("Quá hạn nộp")]
    assert sorted(d.rcpt[0] for d in overdue) == sorted(address for _, address in SCHOOLS.values())


def test_a_missing_list_that_could_not_go_out_on_its_day_is_not_sent_the_next(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """The SMTP server was down on the morning of 18/10: the missing list composed then («Còn 5/5 trường
    chưa nộp») went out the next morning, after a school had reported, beside that morning's digest saying
    1 report received. A list that missed its day is withdrawn; the digest gives the day's picture."""
    smtp.stop()
    clock.now = local("2021-10-18 07:30")
    jobs.tick(rt)
    smtp.start()
    submit(rt, "b", local("2021-10-18 15:00"))
    clock.now = local("2021-10-19 07:30")
    morning = jobs.tick(rt)
    assert [d.subject for d in smtp.delivered if "] Còn " in d.subject] == []
    assert len(morning.withdrawn) >= 1
    [digest] = [d for d in smtp.delivered if "Tổng hợp" in d.subject]
    assert "đã nhận 1/5" in digest.subject


def test_the_digest_and_the_missing_list_name_the_deadlines_weekday_as_reminders_do(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """Reminders said "chậm nhất ngày 25/10/2021 (thứ Hai, còn 3 ngày)" while the staff's digest and
    missing list of the same morning said only "Hạn nộp: 25/10/2021 (còn 3 ngày)"."""
    clock.now = local("2021-10-22 07:30")
    jobs.tick(rt)
    to_staff = {d.subject: d.message for d in smtp.delivered if STAFF in d.rcpt}
    [digest] = [m for subject, m in to_staff.items() if "Tổng hợp" in subject]
    text = digest.get_body(("plain",)).get_content()
    assert "Hạn nộp: hết ngày 25/10/2021 (thứ Hai, còn 3 ngày)" in text
    html = " ".join(digest.get_body(("html",)).get_content().split())
    assert "Hạn nộp: <strong>hết ngày 25/10/2021</strong> (thứ Hai, còn 3 ngày)" in html
    [missing] = [m for subject, m in to_staff.items() if "] Còn " in subject]
    assert "Hạn nộp: hết ngày 25/10/2021 (thứ Hai, còn 3 ngày)" in missing.get_body(("plain",)).get_content()


def test_every_mail_and_the_status_name_the_deadline_as_the_end_of_its_day(
    rt: Runtime, clock: Clock, smtp: SmtpServer, config_path: Path
) -> None:
    """The office's plan asked for reports «trước ngày 25/10» while the config's deadline 10-25 is the
    last day on time, and our mail said «(hạn 25/10/2021)», «Hạn nộp: 25/10/2021», «là ngày 25/10/2021»:
    a school could read either the 24th or the 25th. Every subject and line naming the deadline says it
    is the end of that day, as the status counts it (a report at 23:59 on 25/10 is on time)."""
    clock.now = local("2021-10-22 07:30")
    jobs.tick(rt)
    clock.now = local("2021-10-26 07:30")
    jobs.tick(rt)
    for d in smtp.delivered:
        if d.subject.startswith(("Nhắc nộp", "Quá hạn nộp")) or "] Còn " in d.subject:
            assert "(hạn cuối: hết ngày 25/10/2021)" in d.subject, d.subject
        text = d.message.get_body(("plain",)).get_content()
        assert "hạn 25/10" not in text and "là ngày 25/10" not in text and "trước ngày" not in text, text
        if "Hạn nộp" in text or "Hạn gửi" in text:
            assert "hết ngày 25/10/2021" in text, text
    shown = CliRunner().invoke(main, ["--config", str(config_path), "status"], obj=clock)
    assert "(hạn nộp: hết ngày 25/10/2021)" in shown.output, shown.output


def _staff_mail(smtp: SmtpServer, marker: str) -> tuple[Delivered, str]:
    [mail] = [d for d in smtp.to(STAFF) if marker in d.subject]
    return mail, mail.message.get_body(("plain",)).get_content()


def test_a_missing_list_that_waited_says_the_deadline_staff_moved_meanwhile(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """The SMTP server was down at 07:30 on 22/10, and at 08:00 staff moved every school's deadline to
    27/10 (extend --all), which withdrew the waiting reminders. When the server came back, the missing
    list composed at 07:30 went out as it was: «hết ngày 25/10/2021 (thứ Hai, còn 3 ngày)», and «Hôm nay
    hệ thống đã gửi thư nhắc đến các trường này» although no school had been reminded."""
    smtp.stop()
    clock.now = local("2021-10-22 07:30")
    jobs.tick(rt)
    move = decisions.DeadlineMove(
        "nq121", 2021, rt.config.schools, dt.date(2021, 10, 27), "Hạn rơi vào thứ Hai", "vanthu", clock.now
    )
    decisions.extend_all(rt.config, rt.store, move)
    smtp.start()
    clock.now = local("2021-10-22 08:10")
    jobs.tick(rt)

    assert not [d for d in smtp.delivered if d.subject.startswith("Nhắc nộp")]
    missing, text = _staff_mail(smtp, "] Còn ")
    assert "hết ngày 27/10/2021" in missing.subject and "(thứ Tư, còn 5 ngày" in text
    assert "chưa gửi thư nhắc đến trường nào" in text and "đã gửi thư nhắc" not in text
    assert str(missing.message["Date"]) == "Fri, 22 Oct 2021 08:10:00 +0700"


def test_staff_mail_that_waited_leaves_out_a_school_that_reported_meanwhile(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """The SMTP server was down at 07:30 on 22/10 and b's report came at 08:00: b's reminder was
    withdrawn, but the missing list and the digest composed at 07:30 went out at 08:10 as they were,
    «Còn 5/5 trường chưa nộp» and «đã nhận 0/5», b listed among the schools reminded that day."""
    smtp.stop()
    clock.now = local("2021-10-22 07:30")
    jobs.tick(rt)
    submit(rt, "b", local("2021-10-22 08:00"))
    smtp.start()
    clock.now = local("2021-10-22 08:10")
    jobs.tick(rt)

    missing, text = _staff_mail(smtp, "] Còn ")
    assert "Còn 4/5" in missing.subject and SCHOOLS["b"][0] not in text
    digest, _ = _staff_mail(smtp, "Tổng hợp")
    assert "đã nhận 1/5" in digest.subject


def test_a_missing_list_names_as_reminded_only_the_schools_the_reminder_reached(
    tmp_path: Path, clock: Clock
) -> None:
    """d's mailbox was full (452) at the 22/10 reminders: the missing list, sent before the reminders were
    even tried, said «Hôm nay hệ thống đã gửi thư nhắc đến các trường này» of d too. It goes after them
    now, and d's row says it was not reminded today."""
    with _refusing(tmp_path, clock, (SCHOOLS["d"][1],), FULL) as (
        server,
        path,
    ):
        rt = open_runtime(load(path), clock)
        clock.now = local("2021-10-22 07:30")
        jobs.tick(rt)
        rt.close()

    _, text = _staff_mail(server, "] Còn ")
    rows = {sid: line for line in text.splitlines() for sid in SCHOOLS if f"  {sid}  " in line}
    assert "chưa nhắc hôm nay" in rows["d"]
    assert not any("chưa nhắc" in rows[sid] for sid in "abce")


def test_a_reminder_that_waited_days_for_the_server_speaks_of_the_day_it_goes(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """The SMTP server was down from the 11/10 reminders until 09:00 on 13/10: the reminders then went
    out as composed on 11/10, «Date: Mon, 11 Oct 2021 07:30», «còn 14 ngày» when 12 were left, and «Đến
    07:30 ngày 11/10/2021, Phòng chưa nhận được báo cáo». They are written again for the day they go,
    once to each school."""
    smtp.stop()
    clock.now = local("2021-10-11 07:30")
    jobs.tick(rt)
    smtp.start()
    clock.now = local("2021-10-13 09:00")
    jobs.tick(rt, compose=False)
    clock.now = local("2021-10-13 09:05")
    jobs.tick(rt)

    [reminder] = smtp.to(SCHOOLS["a"][1])
    text = reminder.message.get_body(("plain",)).get_content()
    assert str(reminder.message["Date"]) == "Wed, 13 Oct 2021 09:00:00 +0700"
    assert "còn 12 ngày" in text and "Đến 09:00 ngày 13/10/2021" in text
    assert "11/10/2021" not in text


def test_a_missing_list_that_waited_is_withdrawn_once_every_school_has_reported(
    rt: Runtime, clock: Clock, smtp: SmtpServer, config_path: Path
) -> None:
    """The SMTP server was down at 07:30 on 22/10 and every school's report came before it was back: the
    missing list composed at 07:30 told staff «Còn 5/5 trường chưa nộp» beside a digest of 5/5 received.
    It is withdrawn, with why in the outbox."""
    smtp.stop()
    clock.now = local("2021-10-22 07:30")
    jobs.tick(rt)
    for school in SCHOOLS:
        submit(rt, school, local("2021-10-22 08:00"))
    smtp.start()
    clock.now = local("2021-10-22 08:10")
    jobs.tick(rt)

    assert [d.subject for d in smtp.to(STAFF) if "] Còn " in d.subject] == []
    digest, _ = _staff_mail(smtp, "Tổng hợp")
    assert "đã nhận 5/5" in digest.subject
    out = CliRunner().invoke(main, ["--config", str(config_path), "outbox", "--format", "json"], obj=clock)
    [entry] = [e for e in json.loads(out.output) if e["key"].startswith("missing:")]
    assert entry["state"] == "cancelled" and entry["last_error"] == jobs.NONE_MISSING


def test_doctor_and_status_say_when_our_smtp_server_refuses_a_staff_address(
    tmp_path: Path, clock: Clock
) -> None:
    """Our SMTP server refused the staff address (550 5.1.1): the missing list and the digest were given
    up, recorded in the outbox only, while `doctor` said «Mọi thứ sẵn sàng.» and `status` nothing."""
    with _refusing(tmp_path, clock, (STAFF,)) as (server, path):
        rt = open_runtime(load(path), clock)
        clock.now = local("2021-10-11 07:30")
        jobs.tick(rt)
        rt.close()
        clock.now = local("2021-10-11 08:00")
        doctor = CliRunner().invoke(main, ["--config", str(path), "doctor"], obj=clock)
        status = CliRunner().invoke(main, ["--config", str(path), "status"], obj=clock)

    said = f"máy chủ SMTP từ chối thư gửi cán bộ tại {STAFF} lúc 07:30 ngày 11/10/2021 (550 5.1.1 <{STAFF}>"
    [line] = [line for line in doctor.output.splitlines() if "Địa chỉ thư của cán bộ" in line]
    assert (
        line.startswith("✗") and said in line and line.endswith("sửa địa chỉ trong [district].staff_emails")
    )
    assert "Mọi thứ sẵn sàng" not in doctor.output
    assert f"Lưu ý: {said}" in status.output and "[district].staff_emails" in status.output


def test_staff_on_the_command_line_and_the_page_see_a_school_address_refused(
    tmp_path: Path, clock: Clock
) -> None:
    """Our SMTP server refused d's address (550 5.1.1): the emailed missing list said so beside the school,
    but `baocao missing`, `baocao status` (table and JSON) and the page's school table and school page,
    which staff phoning the schools work from, said nothing; and the staff copied on d's fourth reminder,
    addressed to the dead address, were not told either (it came back on 22/10, and again on 26/10).
    Each says it, in the emailed list's words."""
    dead = SCHOOLS["d"][1]
    with _refusing(tmp_path, clock, (dead,)) as (server, path):
        rt = open_runtime(load(path), clock)
        for day in ("2021-10-11", "2021-10-18", "2021-10-22", "2021-10-26"):
            clock.now = local(f"{day} 07:30")
            jobs.tick(rt)
        rt.close()
        clock.now = local("2021-10-26 08:00")

        def cli(*args: str) -> str:
            done = CliRunner().invoke(main, ["--config", str(path), *args], obj=clock)
            assert done.exit_code == 0, done.output
            return done.output

        missing, table = cli("missing"), cli("status")
        shown = json.loads(cli("status", "--format", "json"))
        CliRunner().invoke(
            main,
            ["--config", str(path), "user", "add", "xem", "--role", "viewer", "--password-stdin"],
            input="mat-khau-chi-xem",
            obj=clock,
        )
        app = create_app(load(path), clock)
        try:
            client = app.test_client()
            form = client.get("/login").get_data(as_text=True)
            token = re.search(r'name="csrf_token" value="([^"]+)"', form)
            assert token is not None
            signed = {"csrf_token": token.group(1), "username": "xem", "password": "mat-khau-chi-xem"}
            assert client.post("/login", data=signed).status_code == 302
            pages = {
                p: client.get(p).get_data(as_text=True)
                for p in ("/schools", "/schools/d", "/season/nq121/2021")
            }
        finally:
            close_app(app)

    # refused again that morning, as an address that does not exist
    said = f"thư gửi đến {dead} bị trả lại ngày 26/10/2021: {status_mod.NO_MAILBOX}"
    [line] = [x for x in missing.splitlines() if SCHOOLS["d"][0] in x]
    assert said[:1].upper() + said[1:] in line
    [line] = [x for x in table.splitlines() if SCHOOLS["d"][0] in x]
    assert said[:1].upper() + said[1:] in line
    [d] = [s for s in shown["schools"] if s["school_id"] == "d"]
    assert d["bounced"] == [
        {"address": dead, "at": "2021-10-26T07:30:00+07:00", "mailbox_full": False, "note": said}
    ]
    for page, html in pages.items():
        assert dead in html and "bị trả lại ngày 26/10/2021" in html, page
    # The staff copy of d's fourth reminder, To the dead address, says the address bounced.
    before = f"thư gửi đến {dead} bị trả lại ngày 22/10/2021: {status_mod.NO_MAILBOX}"
    [copy] = [d for d in server.to(STAFF) if d.message["To"] == dead]
    assert copy.at.day == 26 and copy.subject.startswith("Quá hạn")
    assert f"Lưu ý: {before}." in copy.message.get_body(("plain",)).get_content()
    # The emailed missing list of 22/10 said it in the same words.
    [emailed] = [d for d in server.to(STAFF) if d.at.day == 22 and "] Còn " in d.subject]
    assert before in emailed.message.get_body(("plain",)).get_content()
