"""A status the office can trust, end to end through a real Dovecot and a real SMTP server.

Never "received" without a readable report, never a reminder to a school whose report is waiting
in the inbox, never the office's own mail in the review queue, and a status that can be asked of a
past moment.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import io
import itertools
import json
import logging
import random
import re
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from fpdf import FPDF

from app import daemon
from app.cli import main
from intake.imap import Mailbox
from intake.pipeline import Tally
from intake.poller import poll_once
from kernel import config as config_mod
from kernel.freshness import Freshness
from kernel.runtime import Runtime
from kernel.status import SchoolState, load
from kernel.store import MessageState
from samples.documents import render_docx, render_odt, render_pdf
from samples.papers import make_paper
from scheduler import jobs
from scheduler.outbox import Outbox
from tests import pki
from tests.conftest import _fresh_database, database_away
from tests.intake.conftest import _shipped_tables
from tests.scheduler.conftest import Clock, SmtpServer, local
from tests.servers import Dovecot, dovecot_server

OFFICE = "pgdthuthua@example.edu.vn"  # the shipped config's staff address and the test mailbox
MY_AN = ("th-my-an", "Trường Tiểu học Mỹ An", "c1myan.thuthua@example.edu.vn")
BINH_AN = ("th-binh-an", "Trường Tiểu học Bình An", "c1binhan.thuthua@example.edu.vn")
NHI_THANH = ("thcs-nhi-thanh", "Trường THCS Nhị Thành", "c2nhithanh.thuthua@example.edu.vn")
_folders = itertools.count(1)
_numbers = itertools.count(1)


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    with dovecot_server() as server:
        yield server


@pytest.fixture
def clock() -> Clock:
    return Clock(local("2021-10-18 08:00"))  # a Monday, after the 07:30 reminders of "7 days before"


@pytest.fixture
def smtp(clock: Clock) -> Iterator[SmtpServer]:
    server = SmtpServer(clock)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def folder(dovecot: Dovecot) -> str:
    name = f"Trust{next(_folders)}"
    with dovecot.client() as client:
        client.create_folder(name)
    return name


@pytest.fixture
def config_path(tmp_path: Path, dovecot: Dovecot, folder: str, smtp: SmtpServer) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f"""{_shipped_tables()}

[imap]
host = "{dovecot.host}"
port = {dovecot.port}
security = "none"
username = "{dovecot.user}"
password = "{dovecot.password}"
folder = "{folder}"
poll_seconds = 1

[smtp]
host = "127.0.0.1"
port = {smtp.port}
security = "none"
from = "{OFFICE}"

[storage]
database = "sqlite:///var/baocao.db"
archive = "var/archive"
""",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def rt(config_path: Path, clock: Clock) -> Iterator[Runtime]:
    runtime = Runtime.open(config_mod.load(config_path), clock)
    yield runtime
    runtime.close()


@pytest.fixture
def mailbox(rt: Runtime) -> Callable[[], Mailbox]:
    imap = rt.config.imap
    assert imap is not None
    return lambda: Mailbox(imap)


def mail(
    school: tuple[str, str, str],
    subject: str,
    body: str,
    files: dict[str, tuple[bytes, str]] | None = None,
    *,
    sender: str | None = None,
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender or school[2]
    msg["To"] = OFFICE
    msg["Subject"] = subject
    msg["Date"] = format_datetime(dt.datetime(2021, 10, 15, 9, tzinfo=dt.UTC))
    msg["Message-ID"] = f"<trust{next(_numbers)}@example.edu.vn>"
    msg.set_content(body)
    for name, (data, mime) in (files or {}).items():
        maintype, _, subtype = mime.partition("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


def cover(school: tuple[str, str, str]) -> str:
    return (
        f"Kính gửi: Phòng Giáo dục và Đào tạo huyện Thủ Thừa\n\n"
        f"{school[1]} gửi báo cáo kết quả thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại "
        "trẻ em năm 2021 (file đính kèm).\nKính đề nghị Phòng xem xét.\n\n"
        f"Trân trọng,\nHiệu trưởng {school[1]}\nĐiện thoại: 0272 3861 234\n"
    )


def plan_docx(school: tuple[str, str, str]) -> bytes:
    """The school's plan for the same resolution: a KẾ HOẠCH, not the report."""
    paper = make_paper(school[1], year=2021, rng=random.Random(4))
    plan = dataclasses.replace(
        paper,
        kind="KẾ HOẠCH",
        number=paper.number.replace("/BC-", "/KH-"),
        summary=("Thực hiện Nghị quyết số 121/2020/QH14 về phòng, chống xâm hại trẻ em năm học 2021-2022",),
    )
    return render_docx(plan)


def report_docx(school: tuple[str, str, str]) -> bytes:
    return render_docx(make_paper(school[1], year=2021, rng=random.Random(7)))


def encrypted_pdf() -> bytes:
    pdf = FPDF()
    pdf.set_encryption(owner_password="chu-so-huu", user_password="mat-khau-mo")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Bao cao NQ121")
    return bytes(pdf.output())


def odt() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", "<office:document-content/>")
        z.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
    return out.getvalue()


def receive(dovecot: Dovecot, folder: str, raws: list[bytes], at: dt.datetime) -> None:
    dovecot.append([(raw, at) for raw in raws], folder)


def state_of(rt: Runtime, school_id: str) -> SchoolState:
    status = load(rt.config, rt.store, "nq121", 2021, rt.clock())
    return next(s.status for s in status.schools if s.school_id == school_id)


UNREADABLE = {
    "a password-protected PDF": (
        {"Báo cáo NQ121.pdf": (encrypted_pdf(), "application/pdf")},
        "mật khẩu",
    ),
    "a PDF cut off in transfer": (
        {
            "Báo cáo NQ121.pdf": (
                render_pdf(make_paper(MY_AN[1], year=2021, rng=random.Random(3)))[:900],
                "application/pdf",
            )
        },
        "Báo cáo NQ121.pdf",
    ),
    "an OpenDocument file": (
        {"Báo cáo NQ121.odt": (odt(), "application/vnd.oasis.opendocument.text")},
        ".odt",
    ),
    "only a cloud-drive link": (
        {},
        "drive.google.com",
    ),
}


@pytest.mark.parametrize("case", list(UNREADABLE), ids=list(UNREADABLE))
def test_a_report_that_cannot_be_read_is_unreadable_the_school_is_told_and_a_resend_counts(
    case: str,
    dovecot: Dovecot,
    folder: str,
    rt: Runtime,
    mailbox: Callable[[], Mailbox],
    clock: Clock,
    smtp: SmtpServer,
) -> None:
    """The cover note ("… gửi báo cáo thực hiện Nghị quyết 121 … (file đính kèm)") was recorded as
    the school's report whenever its file could not be opened, and nobody was told."""
    files, said = UNREADABLE[case]
    body = cover(MY_AN)
    if not files:
        body += "Link báo cáo: https://drive.google.com/file/d/1AbCdEfGh/view?usp=sharing\n"
    receive(dovecot, folder, [mail(MY_AN, "Báo cáo NQ121 năm 2021", body, files)], local("2021-10-15 09:00"))

    tally = poll_once(rt, mailbox)
    jobs.tick(rt, compose=True)

    assert tally.unreadable == 1 and tally.reports == 0
    assert state_of(rt, MY_AN[0]) == SchoolState.UNREADABLE
    # The acknowledgement asks for the report again: no reminder says the same that day.
    [ack] = smtp.to(MY_AN[2])
    assert ack.subject.startswith("Đã nhận"), ack.subject
    assert "KHÔNG đọc được báo cáo" in ack.message.get_content() and said in ack.message.get_content()
    review = CliRunner().invoke(main, ["--config", str(rt.config.path), "review"], obj=clock)
    assert "không đọc được báo cáo" in review.output

    receive(
        dovecot,
        folder,
        [
            mail(
                MY_AN,
                "Gửi lại báo cáo NQ121",
                cover(MY_AN),
                {
                    "bc.docx": (
                        report_docx(MY_AN),
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    )
                },
            )
        ],
        local("2021-10-19 10:00"),
    )
    clock.now = local("2021-10-22 08:00")  # the "3 days before" reminders are due
    poll_once(rt, mailbox)
    jobs.tick(rt, compose=True)

    assert state_of(rt, MY_AN[0]) == SchoolState.RECEIVED
    assert not [d for d in smtp.to(MY_AN[2]) if d.at == clock.now and "Nhắc nộp" in d.subject]
    assert any("Nhắc nộp" in d.subject for d in smtp.to(BINH_AN[2]) if d.at == clock.now)


def test_a_report_credited_from_a_personal_address_is_acknowledged_to_the_schools_registered_address(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox: Callable[[], Mailbox], smtp: SmtpServer
) -> None:
    """Mail from a gmail address, with the school's name as display name and in the subject, and a
    document naming no school, was credited to the school and acknowledged only to the gmail address:
    had someone else sent it, the school would never have known a report was counted in its name."""
    paper = render_docx(make_paper(MY_AN[1], year=2021, rng=random.Random(5), named=False))
    sender = "vanthu.2021@gmail.com"
    raw = mail(
        MY_AN,
        f"Báo cáo NQ121 năm 2021 - {MY_AN[1]}",
        "Kính gửi Phòng Giáo dục và Đào tạo, gửi báo cáo (file đính kèm).",
        {"bao cao.docx": (paper, "application/octet-stream")},
        sender=f"{MY_AN[1]} <{sender}>",
    )
    receive(dovecot, folder, [raw], local("2021-10-18 07:45"))

    tally = poll_once(rt, mailbox)
    jobs.tick(rt, compose=False)

    assert tally.reports == 1 and state_of(rt, MY_AN[0]) == SchoolState.RECEIVED
    [ack] = [d for d in smtp.delivered if "Đã nhận" in d.subject]
    assert set(ack.rcpt) == {sender, MY_AN[2]}
    text = ack.message.get_content()
    assert f"Phòng đã nhận báo cáo của trường gửi từ địa chỉ {sender}, không phải địa chỉ đã đăng ký." in text


def test_a_plan_under_a_cover_note_naming_the_resolution_is_not_the_report(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox: Callable[[], Mailbox], smtp: SmtpServer
) -> None:
    """The school mailed its plan; the cover note named the resolution, so it was credited as the
    report and the school got no reminder."""
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    files = {"KH NQ121.docx": (plan_docx(MY_AN), docx)}
    receive(dovecot, folder, [mail(MY_AN, "Báo cáo NQ121", cover(MY_AN), files)], local("2021-10-15 09:00"))

    tally = poll_once(rt, mailbox)
    jobs.tick(rt, compose=True)

    assert tally.reports == 0 and tally.unreadable == 0
    [row] = rt.store.messages()
    assert row.state == MessageState.NOISE and "KẾ HOẠCH" in row.reason.upper()
    assert state_of(rt, MY_AN[0]) == SchoolState.MISSING
    assert any("Nhắc nộp" in d.subject for d in smtp.to(MY_AN[2]))


def test_the_offices_own_mail_is_internal_and_a_forward_of_a_schools_report_still_counts(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox: Callable[[], Mailbox], clock: Clock
) -> None:
    """Reminders sent by hand, the office's own plan and its report to the province landed in
    review with school candidates."""
    by_hand = mail(
        MY_AN,
        "Nhắc các trường nộp báo cáo NQ121",
        "Đề nghị Trường Tiểu học Mỹ An nộp báo cáo.",
        sender=OFFICE,
    )
    own_plan = mail(
        MY_AN,
        "Kế hoạch thực hiện Nghị quyết 121/2020/QH14",
        "Gửi các trường kế hoạch.",
        {"KH.docx": (plan_docx(MY_AN), "application/octet-stream")},
        sender=OFFICE,
    )
    forwarded = mail(
        BINH_AN,
        "Fwd: Báo cáo NQ121",
        f"---------- Forwarded message ---------\nFrom: {BINH_AN[2]}\nSubject: Báo cáo NQ121\n\n{cover(BINH_AN)}",
        {"bc.docx": (report_docx(BINH_AN), "application/octet-stream")},
        sender=OFFICE,
    )
    receive(dovecot, folder, [by_hand, own_plan, forwarded], local("2021-10-15 09:00"))

    poll_once(rt, mailbox)

    states = {r.subject: r.state for r in rt.store.messages()}
    assert states["Nhắc các trường nộp báo cáo NQ121"] == MessageState.INTERNAL
    assert states["Kế hoạch thực hiện Nghị quyết 121/2020/QH14"] == MessageState.INTERNAL
    assert states["Fwd: Báo cáo NQ121"] == MessageState.REPORT
    assert rt.store.reviews() == []
    assert state_of(rt, BINH_AN[0]) == SchoolState.RECEIVED
    review = CliRunner().invoke(main, ["--config", str(rt.config.path), "review"], obj=clock)
    assert "Không có thư nào chờ xem xét." in review.output


def test_a_backlog_waiting_at_start_up_is_read_before_any_reminder_or_digest(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox: Callable[[], Mailbox], smtp: SmtpServer
) -> None:
    """After a weekend off, the daemon told every school it had not reported, and sent staff a
    "0 received" digest, before reading the inbox where those reports waited."""
    docx = "application/octet-stream"
    waiting = [
        mail(s, "Báo cáo NQ121 năm 2021", cover(s), {"bc.docx": (report_docx(s), docx)})
        for s in (MY_AN, BINH_AN)
    ]
    receive(dovecot, folder, waiting, local("2021-10-16 09:00"))
    stop = threading.Event()
    worker = threading.Thread(target=daemon.serve, args=(rt, mailbox, stop))
    worker.start()
    try:
        deadline = time.monotonic() + 30
        while not any("Tổng hợp" in d.subject for d in smtp.delivered) and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)
    finally:
        stop.set()
        worker.join(timeout=30)

    reminded = {r for d in smtp.delivered if "Nhắc nộp" in d.subject for r in d.rcpt}
    assert MY_AN[2] not in reminded and BINH_AN[2] not in reminded
    assert NHI_THANH[2] in reminded  # the schools that have not reported are reminded
    [digest] = [d for d in smtp.delivered if "Tổng hợp" in d.subject]
    assert f"đã nhận 2/{len(rt.config.schools)}" in digest.subject


def test_a_database_gone_right_after_a_read_is_waited_for_and_the_reminders_still_go(
    dovecot: Dovecot,
    folder: str,
    config_path: Path,
    clock: Clock,
    smtp: SmtpServer,
    postgres_url: str,
    postgres_migrated: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """PostgreSQL restarted just as the daemon had read the mailbox: composing the reminders after the read
    logged a Python traceback, where every other outage of the database is one Vietnamese line saying the
    daemon tries again by itself. It is now that line, and the reminders go once the database is back, without
    waiting for new mail or the end of an IDLE."""
    url = _fresh_database(postgres_url, postgres_migrated)
    config = config_mod.load(config_path)
    rt = Runtime.open(
        dataclasses.replace(config, storage=dataclasses.replace(config.storage, database=url)), clock
    )
    imap = rt.config.imap
    assert imap is not None
    docx = "application/octet-stream"
    report = mail(MY_AN, "Báo cáo NQ121 năm 2021", cover(MY_AN), {"bc.docx": (report_docx(MY_AN), docx)})
    receive(dovecot, folder, [report], local("2021-10-16 09:00"))
    outage, went = contextlib.ExitStack(), threading.Event()

    def away_once(summary: Tally) -> None:  # the read is done: the database goes before the composing
        if summary.new and not went.is_set():
            went.set()
            outage.enter_context(database_away(url))

    def said(record: logging.LogRecord) -> bool:
        return record.name == "app.daemon" and "baocao tự thử lại sau 5 giây" in record.getMessage()

    stop = threading.Event()
    worker = threading.Thread(
        target=daemon.serve, args=(rt, lambda: Mailbox(imap), stop), kwargs={"report": away_once}
    )
    caplog.set_level(logging.INFO)
    worker.start()
    try:
        deadline = time.monotonic() + 60
        while not any(said(r) for r in caplog.records) and time.monotonic() < deadline:
            time.sleep(0.1)
        outage.close()
        # Back well within the reader's 60 s between confirmations of its lock and the 600 s of an IDLE.
        deadline = time.monotonic() + 30
        while not smtp.to(NHI_THANH[2]) and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        outage.close()
        stop.set()
        worker.join(timeout=30)
        rt.close()

    composing = [r for r in caplog.records if r.name == "app.daemon"]
    assert composing and all(
        said(r) and r.levelno == logging.WARNING and not r.exc_info for r in composing
    ), [r.getMessage() for r in composing]
    assert "Traceback" not in caplog.text
    assert any("Nhắc nộp" in d.subject for d in smtp.to(NHI_THANH[2]))  # composed once the database was back


def test_a_reminder_queued_before_a_school_reports_is_withdrawn_at_sending(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox: Callable[[], Mailbox], clock: Clock, smtp: SmtpServer
) -> None:
    poll_once(rt, mailbox)
    clock.now = local("2021-10-18 07:30")
    jobs.enqueue(rt, jobs.due(rt, clock.now, kinds=("reminder",)), clock.now)
    receive(
        dovecot,
        folder,
        [
            mail(
                MY_AN,
                "Báo cáo NQ121 năm 2021",
                cover(MY_AN),
                {"bc.docx": (report_docx(MY_AN), "application/octet-stream")},
            )
        ],
        local("2021-10-18 07:31"),
    )
    clock.now = local("2021-10-18 07:32")
    poll_once(rt, mailbox)

    delivery = jobs.deliver(rt, clock.now)

    assert len(delivery.withdrawn) == 1
    assert not [d for d in smtp.to(MY_AN[2]) if "Nhắc nộp" in d.subject]
    assert [d for d in smtp.to(BINH_AN[2]) if "Nhắc nộp" in d.subject]
    withdrawn = Outbox(rt.store).entries(states=["cancelled"])
    assert [e.school_id for e in withdrawn] == [MY_AN[0]] and "đã nộp" in withdrawn[0].last_error


def test_an_unread_mailbox_holds_status_mail_and_staff_are_told_after_the_delay(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    imap = rt.config.imap
    assert imap is not None
    marks = Freshness(rt.store)
    marks.mark_read(imap.name, local("2021-10-18 06:00"))
    marks.mark_failing(imap.name, "Không kết nối được máy chủ thư", local("2021-10-18 06:50"))

    clock.now = local("2021-10-18 07:30")
    held = jobs.tick(rt, compose=True)
    assert held.held and held.sent == 0 and smtp.delivered == []

    clock.now = local("2021-10-18 08:00")  # 70 minutes after the first failure
    jobs.tick(rt, compose=False)
    jobs.tick(rt, compose=False)
    [alert] = smtp.delivered
    assert alert.rcpt == (OFFICE,) and "Không đọc được hộp thư" in alert.subject
    assert "tạm dừng gửi thư nhắc" in alert.message.get_content()

    marks.mark_read(imap.name, clock.now)
    sent = jobs.tick(rt, compose=True)
    assert not sent.held and sent.sent > 1


def test_status_as_of_the_deadline_ignores_later_mail(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox: Callable[[], Mailbox], clock: Clock
) -> None:
    """There was no way to ask "who had not reported by the deadline?" once later mail had arrived."""
    docx = "application/octet-stream"
    receive(
        dovecot,
        folder,
        [mail(MY_AN, "BC NQ121 năm 2021", cover(MY_AN), {"bc.docx": (report_docx(MY_AN), docx)})],
        local("2021-10-20 09:00"),
    )
    receive(
        dovecot,
        folder,
        [mail(BINH_AN, "BC NQ121 năm 2021", cover(BINH_AN), {"bc.docx": (report_docx(BINH_AN), docx)})],
        local("2021-10-28 09:00"),
    )
    clock.now = local("2021-11-02 08:00")
    poll_once(rt, mailbox)

    def status(*args: str) -> dict[str, str]:
        out = CliRunner().invoke(
            main,
            ["--config", str(rt.config.path), "status", "--year", "2021", "--format", "json", *args],
            obj=clock,
        )
        return {s["school_id"]: s["status"] for s in json.loads(out.output)["schools"]}

    now, then = status(), status("--as-of", "25/10/2021")
    assert (now[MY_AN[0]], now[BINH_AN[0]]) == ("received", "late")
    assert (then[MY_AN[0]], then[BINH_AN[0]]) == ("received", "missing")
    missing = CliRunner().invoke(
        main,
        ["--config", str(rt.config.path), "missing", "--year", "2021", "--as-of", "2021-10-25"],
        obj=clock,
    )
    assert BINH_AN[1] in missing.output and MY_AN[1] not in missing.output


def _signed_by_my_an(ca: pki.Authority, province: str) -> bytes:
    """Tiểu học Mỹ An's report as a PDF its principal signed the day before, the certificate naming the
    province as its issuer writes it (ST)."""
    school = ca.issue(organization=MY_AN[1].upper(), common_name=MY_AN[1].upper(), province=province)
    paper = render_pdf(make_paper(MY_AN[1], year=2021, rng=random.Random(7)))
    return pki.sign(paper, school, ca, at=local("2021-10-17 16:00"))


@pytest.mark.parametrize(
    ("configured", "certificate"),
    [
        ("TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
        ("TP Hồ Chí Minh", "TP Hồ Chí Minh"),
        ("Thành phố Hà Nội", "Hà Nội"),
        ("Tỉnh Long An", "Long An"),
    ],
)
def test_a_signed_report_is_the_schools_however_the_office_and_the_certificate_write_the_province(
    dovecot: Dovecot,
    folder: str,
    config_path: Path,
    clock: Clock,
    smtp: SmtpServer,
    configured: str,
    certificate: str,
) -> None:
    """A city school's signed report from its registered address waited in review, «chứng thư số ghi tỉnh
    «Thành phố Hồ Chí Minh», không thuộc …», when [district].provinces wrote the city «TP. Hồ Chí Minh»:
    the certificate's province was read without «Thành phố», «TP.», «Tỉnh», the configured one with it."""
    ca = pki.Authority.create()
    (config_path.parent / "ca.pem").write_bytes(ca.root.pem)
    text = config_path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^provinces = .*$", f'provinces = ["{configured}"]', text)
    text = re.sub(r"(?m)^roots = .*$", 'roots = ["ca.pem"]', text)
    config_path.write_text(text, encoding="utf-8")
    signed = {"BC NQ121.pdf": (_signed_by_my_an(ca, certificate), "application/pdf")}
    receive(
        dovecot,
        folder,
        [mail(MY_AN, "Báo cáo NQ121 năm 2021", cover(MY_AN), signed)],
        local("2021-10-18 07:45"),
    )

    with Runtime.open(config_mod.load(config_path), clock) as rt:
        imap = rt.config.imap
        assert imap is not None
        tally = poll_once(rt, lambda: Mailbox(imap))
        jobs.tick(rt, compose=False)

    assert tally.reports == 1
    out = CliRunner().invoke(
        main, ["--config", str(config_path), "status", "--year", "2021", "--format", "json"], obj=clock
    )
    [row] = [s for s in json.loads(out.output)["schools"] if s["school_id"] == MY_AN[0]]
    assert row["status"] == "received" and row["signed"]
    review = CliRunner().invoke(main, ["--config", str(config_path), "review"], obj=clock)
    assert "chứng thư số ghi tỉnh" not in review.output
    assert any("Đã nhận" in d.subject for d in smtp.to(MY_AN[2]))


def other_report_docx(school: tuple[str, str, str], title: str) -> bytes:
    """The school's BÁO CÁO titled title, on another piece of work than the resolution's."""
    paper = make_paper(school[1], year=2021, rng=random.Random(4))
    other = dataclasses.replace(
        paper,
        summary=(title,),
        preamble=(),
        sections=(
            (
                "I. KẾT QUẢ THỰC HIỆN",
                ("Nhà trường tổ chức 3 buổi tuyên truyền về an toàn giao thông cho học sinh.",),
            ),
        ),
    )
    return render_docx(other)


@pytest.mark.parametrize(
    ("title", "state"),
    [
        ("Sơ kết công tác bảo đảm trật tự an toàn giao thông tháng 10 năm 2021", MessageState.UNREADABLE),
        ("Tổng kết hoạt động hè năm 2021", MessageState.UNREADABLE),
        ("Sơ kết học kỳ I năm học 2021-2022", MessageState.NOISE),
        ("Tổng kết năm học 2020-2021", MessageState.NOISE),
    ],
)
def test_a_review_of_another_piece_of_work_sent_as_the_report_is_the_wrong_file_and_the_school_is_told(
    dovecot: Dovecot,
    folder: str,
    rt: Runtime,
    mailbox: Callable[[], Mailbox],
    clock: Clock,
    smtp: SmtpServer,
    title: str,
    state: MessageState,
) -> None:
    """«Báo cáo NQ121» whose only file was the school's «BÁO CÁO Sơ kết công tác bảo đảm trật tự an toàn giao
    thông …» was dropped as noise, the school told nothing: every «sơ kết», «tổng kết» was taken for a term's
    or a year's review. A review of another piece of work is another plan's report sent by mistake, as
    README promises («Tệp kèm là báo cáo khác»); a term's or a year's review stays apart."""
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    files = {"BaoCao_10_2021.docx": (other_report_docx(MY_AN, title), docx)}
    receive(dovecot, folder, [mail(MY_AN, "Báo cáo NQ121", cover(MY_AN), files)], local("2021-10-15 09:00"))

    poll_once(rt, mailbox)
    jobs.tick(rt, compose=True)

    [row] = rt.store.messages()
    assert row.state == state, row.reason
    told = [d.message.get_content() for d in smtp.to(MY_AN[2]) if "Đã nhận" in d.subject]
    if state == MessageState.UNREADABLE:
        assert state_of(rt, MY_AN[0]) == SchoolState.WRONG_PAPER
        assert "Tệp kèm là báo cáo khác" in row.reason and title in row.reason
        [ack] = told
        assert "không phải báo cáo cần nộp" in ack and "báo cáo khác" in ack
    else:
        assert state_of(rt, MY_AN[0]) == SchoolState.MISSING and not told


def test_another_plans_report_sent_by_mistake_is_told_as_such_not_as_unreadable(
    dovecot: Dovecot,
    folder: str,
    rt: Runtime,
    mailbox: Callable[[], Mailbox],
    clock: Clock,
    smtp: SmtpServer,
) -> None:
    """«BC NQ121» whose only file, read well, was the school's report on preventing drowning: the reason
    said the file was another report, but `history` and `status` showed «Không đọc được tệp», the summary
    counted the school among those whose files could not be read, and the acknowledgement was titled «Đã
    nhận thư nhưng không đọc được báo cáo». Each now says another paper was sent by mistake."""
    title = "Công tác phòng, chống đuối nước cho học sinh năm 2021"
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    files = {"BC_MyAn.docx": (other_report_docx(MY_AN, title), docx)}
    receive(
        dovecot, folder, [mail(MY_AN, "BC NQ121 TH My An", cover(MY_AN), files)], local("2021-10-15 09:00")
    )

    poll_once(rt, mailbox)
    jobs.tick(rt, compose=True)

    [ack] = [d for d in smtp.to(MY_AN[2]) if "Đã nhận" in d.subject]
    assert ack.subject.startswith("Đã nhận thư nhưng tệp gửi kèm không phải báo cáo")
    text = ack.message.get_content().replace("\r\n", "\n")
    assert "không đọc được" not in text.lower()
    assert "không phải báo cáo cần nộp:\n  - Tệp kèm là báo cáo khác: tệp BC_MyAn.docx" in text

    def cli(*args: str) -> str:
        out = CliRunner().invoke(main, ["--config", str(rt.config.path), *args], obj=clock)
        assert out.exit_code == 0, out.output
        return out.output

    assert "Gửi nhầm văn bản khác" in cli("history", MY_AN[0])
    shown = json.loads(cli("status", "--year", "2021", "--format", "json"))
    [school] = [s for s in shown["schools"] if s["school_id"] == MY_AN[0]]
    assert school["status"] == "wrong_paper" and "báo cáo khác" in school["problems"][0]
    table = cli("status", "--year", "2021", "--as-of", "2021-10-16 08:00")
    assert "0 đã gửi nhưng không đọc được tệp, 1 đã gửi nhầm văn bản khác" in table
    assert "gửi nhầm văn bản khác" in cli("status", "--year", "2021", "--format", "csv").lower()


def test_another_subjects_report_citing_the_resolution_in_its_basis_is_the_wrong_file_and_the_school_is_told(
    dovecot: Dovecot,
    folder: str,
    rt: Runtime,
    mailbox: Callable[[], Mailbox],
    clock: Clock,
    smtp: SmtpServer,
) -> None:
    """«Báo cáo NQ121», note «Trường gửi báo cáo NQ121 ạ», and the only file the school's «BÁO CÁO Công tác
    phòng, chống bạo lực học đường năm 2021», whose basis cites Nghị quyết 121/2020/QH14 once: it was
    dropped as «Không phải báo cáo», the school, which believed it had reported, told nothing. A report on
    another subject naming the resolution only in its basis is another report sent by mistake: staff see it
    unreadable and the school is told, as for a plan attached instead of the report."""
    title = "Công tác phòng, chống bạo lực học đường năm 2021"
    paper = make_paper(MY_AN[1], year=2021, rng=random.Random(4))
    other = dataclasses.replace(
        paper,
        summary=(title,),
        preamble=(
            "Căn cứ Nghị quyết số 121/2020/QH14 ngày 19/6/2020 của Quốc hội về tiếp tục tăng cường hiệu lực, "
            "hiệu quả việc thực hiện chính sách, pháp luật về phòng, chống xâm hại trẻ em;",
        ),
        sections=(
            (
                "I. KẾT QUẢ THỰC HIỆN",
                ("Tổ chức 5 buổi tuyên truyền phòng, chống bạo lực học đường với 900 lượt học sinh.",),
            ),
            ("II. KHÓ KHĂN", ("Không.",)),
        ),
    )
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    files = {"BC_BLHD_THMA.docx": (render_docx(other), docx)}
    sent = mail(MY_AN, "Báo cáo NQ121 - TH Mỹ An", "Trường gửi báo cáo NQ121 ạ.", files)
    receive(dovecot, folder, [sent], local("2021-10-15 09:00"))

    poll_once(rt, mailbox)
    jobs.tick(rt, compose=True)

    [row] = rt.store.messages()
    assert row.state == MessageState.UNREADABLE, row.reason
    assert state_of(rt, MY_AN[0]) == SchoolState.WRONG_PAPER
    assert "Tệp kèm là báo cáo khác" in row.reason and title in row.reason
    [ack] = [d.message.get_content() for d in smtp.to(MY_AN[2]) if "Đã nhận" in d.subject]
    assert "không phải báo cáo cần nộp" in ack and "báo cáo khác" in ack and "nhầm tệp" in ack


def campus_docx(seed: int, campus: str, *, issuer: bool) -> bytes:
    """Tiểu học Mỹ An's report of one of its campuses: «(Cơ sở 1)» after its title, and for issuer the
    campus under the school's name too («TRƯỜNG TIỂU HỌC MỸ AN - CƠ SỞ 2»)."""
    paper = make_paper(MY_AN[1], year=2021, rng=random.Random(seed))
    paper = dataclasses.replace(paper, summary=(*paper.summary[:-1], f"{paper.summary[-1]} ({campus})"))
    if issuer:
        paper = dataclasses.replace(paper, issuer=f"TRƯỜNG TIỂU HỌC MỸ AN - {campus.upper()}")
    return render_docx(paper)


def test_a_schools_figures_from_its_campuses_reports_are_checked_not_taken_from_one(
    dovecot: Dovecot,
    folder: str,
    rt: Runtime,
    mailbox: Callable[[], Mailbox],
    clock: Clock,
    smtp: SmtpServer,
) -> None:
    """A school mailed its two campuses' reports, «… (Cơ sở 1)» with 19 sessions and «TRƯỜNG … - CƠ SỞ 2»
    with 15: the school was rightly credited, but its figure was 19, taken without doubt from the papers'
    text joined, and summed so; a later cơ sở 2 report from a teacher's gmail replaced it with 15. The
    figures are now marked to check with each campus's value, and the lone campus report waits for staff,
    as a site's («điểm trường», «phân hiệu») does, beside the school's report."""
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    first, second = campus_docx(1, "Cơ sở 1", issuer=False), campus_docx(6, "Cơ sở 2", issuer=True)
    both = {"BC NQ121 CS1.docx": (first, docx), "BC NQ121 CS2.docx": (second, docx)}
    body = cover(MY_AN) + "Trường gửi báo cáo của cơ sở 1 và cơ sở 2.\n"
    receive(
        dovecot,
        folder,
        [mail(MY_AN, "Báo cáo NQ121 (cơ sở 1 và cơ sở 2)", body, both)],
        local("2021-10-15 09:00"),
    )
    poll_once(rt, mailbox)
    jobs.tick(rt, compose=False)
    alone = {"BC NQ121 CS2.docx": (second, docx)}
    gmail = "gv.cs2.myan@gmail.com"
    receive(
        dovecot,
        folder,
        [mail(MY_AN, "Báo cáo NQ121 cơ sở 2 Trường TH Mỹ An", body, alone, sender=gmail)],
        local("2021-10-19 10:00"),
    )
    clock.now = local("2021-10-19 10:05")
    poll_once(rt, mailbox)

    def cli(*args: str) -> str:
        out = CliRunner().invoke(main, ["--config", str(rt.config.path), *args], obj=clock)
        assert out.exit_code == 0, out.output
        return out.output

    [row] = [
        s
        for s in json.loads(cli("status", "--year", "2021", "--format", "json"))["schools"]
        if s["school_id"] == MY_AN[0]
    ]
    assert row["status"] == "received" and row["figures"]["buoi_tuyen_truyen"] == 19
    assert "19 («Cơ sở 1»), 15 («CƠ SỞ 2»)" in row["figures_to_check"]["buoi_tuyen_truyen"]
    assert "cộng lại thành 34" in row["figures_to_check"]["buoi_tuyen_truyen"]
    assert "1 thư chờ xem xét" in cli("review")
    [review] = rt.store.reviews()
    assert "là báo cáo riêng của một điểm trường, phân hiệu, cơ sở" in review.reason
    [school] = [
        s
        for s in json.loads(cli("consolidate", "--year", "2021", "--format", "json"))["schools"]
        if s["school_id"] == MY_AN[0]
    ]
    figure = school["figures"]["buoi_tuyen_truyen"]
    assert not figure["counted"] and [d["kind"] for d in figure["doubts"]] == ["campuses"]
    assert [d.subject for d in smtp.to(gmail)] == []


def _with_comment(odt: bytes, line: str, comment: str) -> bytes:
    """The .odt with a LibreOffice comment on the whole paragraph reading line: its author, date and text
    at the paragraph's start, its end mark at the paragraph's end."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(odt)) as source, zipfile.ZipFile(out, "w") as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "content.xml":
                paragraph = f"<text:p>{line}</text:p>".encode()
                noted = (
                    '<text:p><office:annotation office:name="n1" xmlns:dc="http://purl.org/dc/elements/1.1/">'
                    f"<dc:creator>GV</dc:creator><dc:date>2021-10-01T08:00:00</dc:date><text:p>{comment}</text:p>"
                    f'</office:annotation>{line}<office:annotation-end office:name="n1"/></text:p>'
                )
                assert paragraph in data
                data = data.replace(paragraph, noted.encode())
            copy.writestr(info, data)
    return out.getvalue()


def test_a_school_named_only_in_a_comment_of_an_opendocument_is_not_credited(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox: Callable[[], Mailbox], clock: Clock
) -> None:
    """A teacher filled in a colleague's .odt form, left the header's school line blank («TRƯỜNG ……») and
    wrote the school's name in a comment: LibreOffice shows no comment in the document, but it was read
    as text, so the form from an unknown gmail made Mỹ An «Đã nộp». It waits for staff."""
    blank = "TRƯỜNG ................................"
    paper = dataclasses.replace(make_paper(MY_AN[1], year=2021, rng=random.Random(7)), issuer=blank)
    data = _with_comment(render_odt(paper), blank, MY_AN[1])
    files = {"BaoCao.odt": (data, "application/vnd.oasis.opendocument.text")}
    raw = mail(MY_AN, "Báo cáo NQ121", "Gửi Phòng báo cáo NQ121.", files, sender="gv.truong2021@gmail.com")
    receive(dovecot, folder, [raw], local("2021-10-15 09:00"))

    tally = poll_once(rt, mailbox)

    assert tally.reports == 0
    assert state_of(rt, MY_AN[0]) == SchoolState.MISSING
    [review] = rt.store.reviews()
    assert MY_AN[1] not in review.reason and "Mỹ An" not in review.reason


PHU_DIEN = ("th-phu-dien", "Trường Tiểu học Phú Điền", "thphudien@example.edu.vn")


def _edited(text: str, *, removed: str, added: tuple[str, str, str]) -> str:
    """The config's text with the school removed cut out and the school added written at the end."""
    block = re.compile(rf'\[\[schools\]\]\nid = "{removed}"\n.*?(?=\[\[schools\]\]|\Z)', re.S)
    assert block.search(text) is not None
    entry = f'\n[[schools]]\nid = "{added[0]}"\nname = "{added[1]}"\nemails = ["{added[2]}"]\n'
    return block.sub("", text) + entry


def _until(found: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not found() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert found()


def test_config_edited_while_the_daemon_runs_is_read_before_its_next_read_and_reminders(
    dovecot: Dovecot,
    folder: str,
    rt: Runtime,
    mailbox: Callable[[], Mailbox],
    smtp: SmtpServer,
    clock: Clock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """`baocao run` kept the config.toml it started with: a school removed from the file was reminded, staff
    got a digest counting it, and the report of a school added since waited for staff, «không khớp trường
    nào trong danh sách», all without a word in the log about the file having changed."""
    caplog.set_level(logging.INFO)
    clock.now = local("2021-10-18 07:00")  # before the reminders of the day
    stop = threading.Event()
    worker = threading.Thread(target=daemon.serve, args=(rt, mailbox, stop))
    worker.start()
    try:
        _until(lambda: "watching" in caplog.text)
        path = rt.config.path
        path.write_text(
            _edited(path.read_text(encoding="utf-8"), removed=NHI_THANH[0], added=PHU_DIEN), encoding="utf-8"
        )
        clock.now = local("2021-10-18 08:00")
        report = mail(
            PHU_DIEN,
            "Báo cáo NQ121 năm 2021",
            cover(PHU_DIEN),
            {"bc.docx": (report_docx(PHU_DIEN), "application/octet-stream")},
        )
        receive(dovecot, folder, [report], local("2021-10-18 07:55"))
        _until(lambda: any("Tổng hợp" in d.subject for d in smtp.delivered))
        time.sleep(0.5)
    finally:
        stop.set()
        worker.join(timeout=30)

    reminded = {r for d in smtp.delivered if "Nhắc nộp" in d.subject for r in d.rcpt}
    assert NHI_THANH[2] not in reminded  # no longer in the file
    assert PHU_DIEN[2] not in reminded  # its report is credited
    assert MY_AN[2] in reminded
    edited = config_mod.load(rt.config.path)
    [digest] = [d for d in smtp.delivered if "Tổng hợp" in d.subject]
    assert f"đã nhận 1/{len(edited.schools)}" in digest.subject
    status = load(edited, rt.store, "nq121", 2021, rt.clock())
    assert next(s.status for s in status.schools if s.school_id == PHU_DIEN[0]) == SchoolState.RECEIVED
    assert rt.store.reviews() == []
    [line] = [r.getMessage() for r in caplog.records if "Đã đọc lại tệp cấu hình" in r.getMessage()]
    assert "baocao reprocess" not in line  # no mail was read by the file before


def test_a_config_broken_while_the_daemon_runs_is_said_once_and_holds_reminders_until_fixed(
    dovecot: Dovecot,
    folder: str,
    rt: Runtime,
    mailbox: Callable[[], Mailbox],
    smtp: SmtpServer,
    clock: Clock,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A config.toml saved with a mistake while `baocao run` ran went unnoticed: the daemon went on
    reminding by the roster the office was changing. It now says the error once, with its line, keeps
    reading mail by the file it had, and sends no reminder nor digest until the file loads again."""
    caplog.set_level(logging.INFO)
    monkeypatch.setattr(daemon, "BROKEN_CONFIG_RETRY_SECONDS", 1.0)
    clock.now = local("2021-10-18 07:00")
    path = rt.config.path
    good = path.read_text(encoding="utf-8")
    stop = threading.Event()
    worker = threading.Thread(target=daemon.serve, args=(rt, mailbox, stop))
    worker.start()
    try:
        _until(lambda: "watching" in caplog.text)
        path.write_text(good + '\n[[schools]]\nid = "th-phu-dien\n', encoding="utf-8")
        clock.now = local("2021-10-18 08:00")
        docx = "application/octet-stream"
        for count, school in enumerate((MY_AN, BINH_AN), start=1):  # two reads by the broken file
            receive(
                dovecot,
                folder,
                [mail(school, "Báo cáo NQ121", cover(school), {"bc.docx": (report_docx(school), docx)})],
                clock.now,
            )
            _until(lambda n=count: len(rt.store.messages()) == n)
            time.sleep(1.5)
        held = list(smtp.delivered)
        path.write_text(_edited(good, removed=NHI_THANH[0], added=PHU_DIEN), encoding="utf-8")
        _until(lambda: any("Tổng hợp" in d.subject for d in smtp.delivered))
        time.sleep(0.5)
    finally:
        stop.set()
        worker.join(timeout=30)

    assert not [d for d in held if "Nhắc nộp" in d.subject or "Tổng hợp" in d.subject]
    errors = [r.getMessage() for r in caplog.records if "vừa sửa có lỗi" in r.getMessage()]
    assert len(errors) == 1 and "ở dòng" in errors[0]
    reminded = {r for d in smtp.delivered if "Nhắc nộp" in d.subject for r in d.rcpt}
    assert NHI_THANH[2] not in reminded and MY_AN[2] not in reminded
    assert reminded
    assert "Đã đọc lại tệp cấu hình" in caplog.text


def test_poll_after_a_config_edit_names_reprocess(
    dovecot: Dovecot, folder: str, config_path: Path, clock: Clock
) -> None:
    """After config.toml was edited, `poll --once` never said that the mail read by the file before still
    counts as then read (only doctor did)."""
    docx = "application/octet-stream"
    poll = ["--config", str(config_path), "poll", "--once"]
    receive(
        dovecot,
        folder,
        [mail(MY_AN, "Báo cáo NQ121", cover(MY_AN), {"bc.docx": (report_docx(MY_AN), docx)})],
        clock.now,
    )
    first = CliRunner().invoke(main, poll, obj=clock)
    assert first.exit_code == 0, first.output
    assert "baocao reprocess" not in first.output
    config_path.write_text(
        _edited(config_path.read_text(encoding="utf-8"), removed=NHI_THANH[0], added=PHU_DIEN),
        encoding="utf-8",
    )
    receive(
        dovecot,
        folder,
        [mail(BINH_AN, "Báo cáo NQ121", cover(BINH_AN), {"bc.docx": (report_docx(BINH_AN), docx)})],
        clock.now,
    )

    second = CliRunner().invoke(main, poll, obj=clock)

    assert second.exit_code == 0, second.output
    assert second.output.splitlines()[-1] == (
        "Lưu ý: 1 thư được đọc theo tệp cấu hình trước khi sửa (trường, địa chỉ, báo cáo hoặc đơn vị đã đổi) "
        "và vẫn được tính như lúc đọc: chạy baocao reprocess để đọc lại theo tệp hiện tại."
    )
