"""One school's mail over a season, as it comes: a report, then corrections, resends, mistakes and
notes. Each mail goes to the real IMAP server and through intake; the acknowledgements go to a real SMTP
server; what the school receives and what `baocao status` shows are asserted."""

from __future__ import annotations

import datetime as dt
import functools
import io
import itertools
import json
import random
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw, ImageFont

from app.cli import main
from app.web.server import create_app
from intake.imap import Mailbox
from intake.poller import poll_once
from kernel import config as config_mod
from kernel.runtime import Runtime
from samples.documents import render_docx, render_scan_app_pdf, render_text
from samples.papers import make_paper
from scheduler import jobs
from tests import pki
from tests.intake.conftest import write_config
from tests.scheduler.conftest import Clock, SmtpServer, local
from tests.servers import Dovecot

OFFICE = "pgdthuthua@example.edu.vn"
BT1 = ("th-binh-thanh-1", "Trường Tiểu học Bình Thạnh 1", "c1binhthanh1.thuthua@example.edu.vn")
MY_AN = ("th-my-an", "Trường Tiểu học Mỹ An", "c1myan.thuthua@example.edu.vn")
_numbers = itertools.count(1)


def logo() -> bytes:
    """A school's small signature logo: a blue badge, no text."""
    out = io.BytesIO()
    Image.new("RGB", (96, 32), (20, 60, 160)).save(out, "PNG")
    return out.getvalue()


def paper(school: tuple[str, str, str], seed: int) -> bytes:
    return render_docx(make_paper(school[1], year=2021, rng=random.Random(seed)))


def figures(school: tuple[str, str, str], seed: int) -> dict[str, int]:
    return dict(make_paper(school[1], year=2021, rng=random.Random(seed)).expected.figures)


@dataclass
class Season:
    """The office's mailbox, intake, acknowledgements and status, on a clock the test moves."""

    dovecot: Dovecot
    folder: str
    config_path: Path
    clock: Clock
    smtp: SmtpServer

    def mail(
        self,
        when: dt.datetime,
        subject: str,
        note: str,
        files: Sequence[tuple[str, bytes]] = (),
        *,
        sender: str = BT1[2],
        logo: bytes = b"",
        signer: pki.Identity | None = None,
        trace: Sequence[str] = (),
        reply_to: str = "",
    ) -> None:
        """A school's mail, delivered at when, read by intake, then acknowledged ten minutes later (raw)."""
        self.deliver(
            when,
            self.raw(
                when,
                subject,
                note,
                files,
                sender=sender,
                logo=logo,
                signer=signer,
                trace=trace,
                reply_to=reply_to,
            ),
        )

    def raw(
        self,
        when: dt.datetime,
        subject: str,
        note: str,
        files: Sequence[tuple[str, bytes]] = (),
        *,
        sender: str = BT1[2],
        logo: bytes = b"",
        signer: pki.Identity | None = None,
        trace: Sequence[str] = (),
        reply_to: str = "",
    ) -> bytes:
        """A school's mail written at when; logo: a PNG its signature shows in the mail's HTML text (an
        inline part with a Content-ID); signer: who signs it with S/MIME, as the school's mail client does;
        trace: the header fields the office's server put on top (Authentication-Results); reply_to: its
        Reply-To."""
        msg = EmailMessage()
        msg["From"] = sender
        if reply_to:
            msg["Reply-To"] = reply_to
        msg["To"] = OFFICE
        msg["Subject"] = subject
        msg["Date"] = format_datetime(when)
        msg["Message-ID"] = f"<m{next(_numbers)}.{when:%Y%m%d%H%M}@example.edu.vn>"
        msg.set_content(note)
        if logo:
            paragraphs = "".join(f"<p>{line}</p>" for line in note.splitlines())
            msg.add_alternative(
                f'<html><body>{paragraphs}<p><img src="cid:logo.sign"></p></body></html>', "html"
            )
            html = msg.get_payload()[1]
            html.add_related(
                logo, "image", "png", cid="<logo.sign>", filename="image001.png", disposition="inline"
            )
        for name, data in files:
            msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
        raw = msg.as_bytes() if signer is None else pki.smime_signed(msg.as_bytes(policy=policy.SMTP), signer)
        return "".join(f"{field}\n" for field in trace).encode() + raw

    def deliver(self, when: dt.datetime, *mails: bytes) -> None:
        """Mails the server stamped all at when, read by intake in one poll, then acknowledged ten minutes
        later."""
        self.clock.now = when
        self.dovecot.append([(raw, when) for raw in mails], self.folder)
        config = config_mod.load(self.config_path)
        assert config.imap is not None
        with Runtime.open(config, self.clock) as rt:
            poll_once(rt, functools.partial(Mailbox, config.imap))
        self.tick(when + dt.timedelta(minutes=10))

    def tick(self, when: dt.datetime, *, compose: bool = False) -> None:
        """The scheduler's tick at when; compose: at a reminder time, the mailbox read just before."""
        self.clock.now = when
        config = config_mod.load(self.config_path)
        with Runtime.open(config, self.clock) as rt:
            if compose:
                assert config.imap is not None
                poll_once(rt, functools.partial(Mailbox, config.imap))
            jobs.tick(rt, compose=compose)

    def mail_back(self, *moments: str) -> None:
        """The SMTP server back, and the scheduler's ticks at each of moments (local times)."""
        self.smtp.start()
        for moment in moments:
            self.tick(local(moment))

    def report(self, when: dt.datetime) -> None:
        """Bình Thạnh 1's report of the season, as it first sends it."""
        self.mail(when, "Báo cáo NQ121 năm 2021", "Trường gửi báo cáo.", [("BC NQ121.docx", paper(BT1, 1))])

    def cli(self, *args: str) -> str:
        out = CliRunner().invoke(main, ["--config", str(self.config_path), *args], obj=self.clock)
        assert out.exit_code == 0, out.output
        return out.output

    def school(self, school_id: str) -> dict[str, Any]:
        data = json.loads(self.cli("status", "--year", "2021", "--format", "json"))
        (found,) = [s for s in data["schools"] if s["school_id"] == school_id]
        return dict(found)

    def page(self, path: str) -> str:
        """The office's page at path, as a viewer signed in sees it."""
        CliRunner().invoke(
            main,
            ["--config", str(self.config_path), "user", "add", "xem", "--role", "viewer", "--password-stdin"],
            input="mat-khau-chi-xem",
            obj=self.clock,
        )
        client = create_app(config_mod.load(self.config_path), self.clock).test_client()
        form = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert token is not None
        signed = {"csrf_token": token.group(1), "username": "xem", "password": "mat-khau-chi-xem"}
        assert client.post("/login", data=signed).status_code == 302
        shown = client.get(path)
        assert shown.status_code == 200
        return shown.get_data(as_text=True)

    def acks(self, school: tuple[str, str, str]) -> list[str]:
        """The acknowledgements naming the school in their subject, oldest first: subject, then body."""
        return [
            f"{d.subject}\n{d.message.get_content()}" for d in self.smtp.delivered if school[1] in d.subject
        ]


@pytest.fixture
def season(tmp_path: Path, dovecot: Dovecot, folder: str) -> Iterator[Season]:
    clock = Clock(local("2021-10-01 00:00"))
    smtp = SmtpServer(clock)
    smtp.start()
    path = write_config(tmp_path / "config.toml", dovecot, folder)
    smtp_table = f'\n[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nsecurity = "none"\nfrom = "{OFFICE}"\n'
    path.write_text(path.read_text(encoding="utf-8") + smtp_table, encoding="utf-8")
    yield Season(dovecot, folder, path, clock, smtp)
    smtp.stop()


MX = "mx.example.edu.vn"
AUTHENTIC = f"Authentication-Results: {MX}; spf=pass smtp.mailfrom=example.edu.vn; dkim=pass header.d=example.edu.vn; dmarc=pass header.from=example.edu.vn"
FORGED = f"Authentication-Results: {MX}; spf=fail smtp.mailfrom=example.edu.vn; dkim=none; dmarc=fail header.from=example.edu.vn"


@pytest.fixture
def checked(season: Season) -> Season:
    """The season, the office's server (MX) checking senders: [origin].authserv_id set."""
    text = season.config_path.read_text(encoding="utf-8")
    season.config_path.write_text(text.replace('authserv_id = ""', f'authserv_id = "{MX}"'), encoding="utf-8")
    return season


def test_a_forged_note_asking_to_cancel_the_report_holds_nothing(checked: Season) -> None:
    """Bình Thạnh 1's authenticated report was counted; then a «xin hủy báo cáo» came From the school's
    address that the office's server found forged (SPF and DMARC fail). The report was held («đang tạm
    giữ, chưa tính: người gửi xin hủy thư ấy») and the note shown to staff with no word of forgery."""
    checked.mail(
        local("2021-10-15 09:00"),
        "Báo cáo NQ121 năm 2021",
        "Trường gửi báo cáo.",
        [("BC NQ121.docx", paper(BT1, 1))],
        trace=[AUTHENTIC],
    )
    checked.mail(
        local("2021-10-15 11:00"),
        "Xin hủy báo cáo NQ121 đã gửi",
        "Trường gửi nhầm file, xin Phòng hủy báo cáo đã gửi, trường sẽ gửi lại sau.",
        trace=[FORGED],
    )

    shown = checked.school(BT1[0])
    assert shown["status"] == "received" and shown["held"] == []
    assert len(checked.acks(BT1)) == 1
    queue = checked.cli("review")
    assert "Xin hủy báo cáo NQ121" in queue and "(giả mạo: DMARC không đạt)" in queue


def test_a_forged_request_for_a_later_deadline_is_marked_and_holds_no_reminder(checked: Season) -> None:
    """A request for a later deadline From Bình Thạnh 1's address, forged: shown to staff as the school's
    own, and the school, which asked nothing, was no longer reminded."""
    checked.mail(
        local("2021-10-14 09:00"),
        "Xin gia hạn nộp báo cáo NQ121",
        "Trường xin gia hạn nộp báo cáo NQ121 đến ngày 30/10 vì giáo viên đi tập huấn.",
        trace=[FORGED],
    )

    queue = checked.cli("review")
    assert "Xin gia hạn nộp báo cáo NQ121" in queue and "(giả mạo: DMARC không đạt)" in queue
    checked.tick(local("2021-10-18 07:30"), compose=True)
    assert [d for d in checked.smtp.to(BT1[2]) if d.subject.startswith("Nhắc nộp")]


def test_forged_and_imitating_reports_do_not_silence_the_school_they_pass_for(checked: Season) -> None:
    """A forged report From Bình Thạnh 1's registered address (DMARC fail) and one from an address made
    to look like Mỹ An's waited for staff, as they should; but each held its school's reminders
    («có thư chờ cán bộ xem xét, chưa nhắc»): a forger silenced a school that had sent nothing."""
    checked.mail(
        local("2021-10-14 09:00"),
        "Báo cáo NQ121 năm 2021",
        "Trường gửi báo cáo.",
        [("BC NQ121.docx", paper(BT1, 1))],
        trace=[FORGED],
    )
    checked.mail(
        local("2021-10-14 10:00"),
        "Báo cáo NQ121 năm 2021",
        "Trường gửi báo cáo.",
        [("BC NQ121.docx", paper(MY_AN, 3))],
        sender="c1myan.thuthua@example.edu.vn.mailer-vn.com",
    )

    assert checked.school(BT1[0])["status"] == "missing" and checked.school(MY_AN[0])["status"] == "missing"
    checked.tick(local("2021-10-18 07:30"), compose=True)
    for school in (BT1, MY_AN):
        assert [d for d in checked.smtp.to(school[2]) if d.subject.startswith("Nhắc nộp")], school


def test_a_forged_report_still_waits_and_is_counted_in_the_digest_after_the_schools_own_report(
    checked: Season,
) -> None:
    """A report From Bình Thạnh 1's registered address that the office's server found forged waited for
    staff; the next day the school's own report came and counted. The forged mail then left the review
    queue for the list of mail «đã có báo cáo của trường gửi sau, không còn chờ xem xét», and the Monday
    digest no longer listed or counted it among forged senders: someone writing in the school's name was
    forgotten before staff ever looked."""
    checked.mail(
        local("2021-10-14 09:00"),
        "Báo cáo NQ121 năm 2021",
        "Trường gửi báo cáo.",
        [("BC NQ121.docx", paper(BT1, 3))],
        trace=[FORGED],
    )
    checked.mail(
        local("2021-10-15 09:00"),
        "Báo cáo NQ121 năm 2021",
        "Trường gửi báo cáo.",
        [("BC NQ121.docx", paper(BT1, 1))],
        trace=[AUTHENTIC],
    )

    assert checked.school(BT1[0])["status"] == "received"
    queue = checked.cli("review")
    assert "1 thư chờ xem xét" in queue and "(giả mạo: DMARC không đạt)" in queue
    assert "không còn chờ xem xét" not in queue
    checked.tick(local("2021-10-18 07:30"), compose=True)
    [digest] = [d for d in checked.smtp.to(OFFICE) if "Tổng hợp báo cáo" in d.subject]
    text = digest.message.get_body(("plain",)).get_content()
    assert f"Thư giả mạo địa chỉ {BT1[2]}: DMARC không đạt (thư chờ xem xét)" in text
    assert re.search(r"Thư giả mạo địa chỉ\s+1\b", text)


def test_a_strangers_mail_named_as_the_schools_address_does_not_replace_its_report(checked: Season) -> None:
    """Bình Thạnh 1's authenticated report was counted; the next day «bản bổ sung» came from a stranger's
    gmail whose sender name is the school's registered address. It replaced the report and was
    acknowledged to the stranger."""
    checked.mail(
        local("2021-10-15 09:00"),
        "Báo cáo NQ121 năm 2021",
        "Trường gửi báo cáo.",
        [("BC NQ121.docx", paper(BT1, 1))],
        trace=[AUTHENTIC],
    )
    checked.mail(
        local("2021-10-16 09:00"),
        "Báo cáo NQ121 năm 2021 (bản bổ sung)",
        "Trường gửi bản bổ sung.",
        [("BC NQ121 bo sung.docx", paper(BT1, 2))],
        sender=f'"{BT1[2]}" <hacker.bt1@gmail.com>',
    )

    shown = checked.school(BT1[0])
    assert shown["status"] == "received"
    assert [s["files"] for s in shown["submissions"]] == [["BC NQ121.docx"]]
    assert shown["sender_authenticated"] is True
    assert not checked.smtp.to("hacker.bt1@gmail.com")
    [waiting] = json.loads(checked.cli("status", "--year", "2021", "--format", "json"))["review"]
    assert waiting["from"] == "hacker.bt1@gmail.com"
    assert f"ghi tên người gửi là «{BT1[2]}», địa chỉ đã đăng ký của {BT1[1]}" in waiting["reason"]


def test_a_no_reply_robots_mail_carrying_a_report_waits_for_staff(checked: Season) -> None:
    """Google Drive's «drive-shares-dm-noreply@google.com», Reply-To Bình Thạnh 1's address, carrying the
    school's report: anyone can make a robot send a file. It was credited and acknowledged to the robot."""
    checked.mail(
        local("2021-10-15 09:00"),
        "Báo cáo NQ121 năm 2021",
        "Kế toán đã chia sẻ một tệp với bạn.",
        [("BC NQ121.docx", paper(BT1, 1))],
        sender="Google Drive <drive-shares-dm-noreply@google.com>",
        reply_to=BT1[2],
    )

    assert checked.school(BT1[0])["status"] == "missing"
    assert not checked.smtp.to("drive-shares-dm-noreply@google.com")
    assert "drive-shares-dm-noreply@google.com" in checked.cli("review")


def test_a_late_report_of_a_school_the_office_exempted_is_not_acknowledged_as_late(season: Season) -> None:
    """Staff exempted Bình Thạnh 1 (its building under repair); the school sent its report anyway three
    days after the deadline and was told «Báo cáo được nhận sau hạn nộp»: a school excused by the office
    read that it had been late."""
    season.clock.now = local("2021-10-20 09:00")
    season.cli("exempt", BT1[0], "--year", "2021", "--reason", "Trường đang sửa chữa")
    season.report(local("2021-10-28 09:00"))

    [ack] = season.acks(BT1)
    assert "sau hạn nộp" not in ack and "nộp muộn" not in ack.replace("không bị tính là nộp muộn", "")
    assert "đã được Phòng miễn nộp báo cáo năm 2021 (lý do: Trường đang sửa chữa)" in ack
    assert season.school(BT1[0])["status"] == "exempt"


@pytest.mark.parametrize(
    "corrected", ["BC NQ121 (bản sửa).docx", "BC_NQ121_ban dung.docx", "BC NQ121 - final.docx"]
)
def test_the_corrected_file_beside_the_one_it_corrects_supplies_the_figures(
    season: Season, corrected: str
) -> None:
    """Bình Thạnh 1 attached its report and, in the same mail, the corrected version of it; the status
    and the consolidated figures came from the first file, the one the school meant to replace."""
    files = [("BC NQ121.docx", paper(BT1, 1)), (corrected, paper(BT1, 2))]
    season.mail(local("2021-10-15 09:00"), "Báo cáo NQ121 năm 2021", "Trường gửi báo cáo.", files)

    shown = season.school(BT1[0])
    right, wrong = figures(BT1, 2), figures(BT1, 1)
    assert {k: shown["figures"][k] for k in shown["figures"]} == {k: right[k] for k in shown["figures"]}
    assert shown["figures"]["nguoi_tham_gia"] != wrong["nguoi_tham_gia"]
    assert shown["status"] == "received"


BROKEN = b"PK\x03\x04" + b"\x00hong" * 40  # a .docx cut off in transfer: nothing can be read from it


def test_a_correction_that_cannot_be_read_leaves_the_report_counted_but_to_check(season: Season) -> None:
    """Bình Thạnh 1 reported, then sent «bản sửa, thay thế bản trước» (wrong figures in the first) in a
    file that could not be read. The status went on showing «Đã nộp» with the figures the school had
    just said were wrong, and the consolidated report summed them."""
    season.report(local("2021-10-15 09:00"))
    before = season.school(BT1[0])
    assert before["check"] == "" and before["figures_to_check"] == {}
    season.mail(
        local("2021-10-18 09:00"),
        "Gửi lại báo cáo NQ121",
        "Báo cáo trước ghi sai số liệu, trường gửi bản sửa thay thế bản trước.",
        [("BC NQ121.docx", BROKEN)],
    )

    [_, ack] = season.acks(BT1)
    assert "vì thư này ghi là bản sửa, các số liệu của báo cáo đó được ghi là cần kiểm tra" in " ".join(
        ack.split()
    )
    shown = season.school(BT1[0])
    assert shown["check"].startswith("bản sửa gửi lúc 18/10/2021 09:00 không đọc được")
    assert set(shown["figures_to_check"]) == set(shown["figures"])
    row = [line for line in season.cli("status", "--year", "2021").splitlines() if BT1[1] in line]
    assert "Cần kiểm tra" in row[0] and "Đã nộp" not in row[0]
    csv = season.cli("status", "--year", "2021", "--format", "csv")
    assert "cần kiểm tra: bản sửa gửi lúc 18/10/2021 09:00" in csv
    page = season.page(f"/schools/{BT1[0]}?year=2021")  # a clerk answering the school's call sees why
    assert "Cần kiểm tra</strong>: bản sửa gửi lúc 18/10/2021 09:00 không đọc được" in page
    consolidated = season.cli("consolidate", "--year", "2021", "--format", "json")
    assert "bản sửa gửi lúc 18/10/2021 09:00 không đọc được" in consolidated
    season.cli("digest", "--year", "2021", "--send")
    [digest] = [d for d in season.smtp.delivered if "Tổng hợp báo cáo" in d.subject]
    text = digest.message.get_body(("plain",)).get_content()
    assert (
        "BÁO CÁO CẦN KIỂM TRA: BẢN SỬA KHÔNG ĐỌC ĐƯỢC (1)" in text and BT1[1] in text.split("CẦN KIỂM TRA")[1]
    )
    # The school sends the correction again, readable: it counts, and nothing is left to check.
    season.mail(
        local("2021-10-19 09:00"),
        "Báo cáo NQ121 (bản sửa)",
        "Trường gửi lại bản sửa.",
        [("BC NQ121.docx", paper(BT1, 2))],
    )
    after = season.school(BT1[0])
    assert after["check"] == "" and after["status"] == "received"
    assert after["figures"]["nguoi_tham_gia"] == figures(BT1, 2)["nguoi_tham_gia"]


def test_an_unreadable_resend_that_says_nothing_of_a_correction_keeps_the_report_good(season: Season) -> None:
    """A school unsure its report arrived sends it again and the copy is damaged: the report counted is
    not in doubt."""
    season.report(local("2021-10-15 09:00"))
    season.mail(
        local("2021-10-18 09:00"),
        "Báo cáo NQ121 năm 2021",
        "Trường gửi lại, sợ chưa tới.",
        [("BC NQ121.docx", BROKEN)],
    )
    shown = season.school(BT1[0])
    assert shown["check"] == "" and shown["figures_to_check"] == {} and shown["status"] == "received"


def test_a_school_asking_whether_its_report_came_is_answered_by_staff_told_it_did(season: Season) -> None:
    """Bình Thạnh 1's report could not be read; it sent it again, readable, then answered the «không đọc
    được» notice «em đã gửi lại file báo cáo hôm 18/10 rồi, Phòng đã nhận được chưa ạ?». The mail was set
    aside with a reason saying both «cán bộ cần trả lời trường» and «không cần xử lý», and nobody answered
    the school. It waits for staff, told the answer: the report came."""
    season.mail(
        local("2021-10-15 09:00"), "Báo cáo NQ121 năm 2021", "Trường gửi báo cáo.", [("BC.docx", BROKEN)]
    )
    [notice] = season.smtp.to(BT1[2])
    season.report(local("2021-10-18 09:00"))
    question = season.raw(
        local("2021-10-19 09:00"),
        f"Re: {notice.subject}",
        "Dạ em đã gửi lại file báo cáo hôm 18/10 rồi, Phòng đã nhận được chưa ạ?",
    )
    season.deliver(
        local("2021-10-19 09:00"), f"In-Reply-To: {notice.message['Message-ID']}\n".encode() + question
    )

    [waiting] = json.loads(season.cli("review", "--format", "json"))
    assert waiting["subject"] == f"Re: {notice.subject}"
    assert "cán bộ cần trả lời trường" in waiting["reason"] and "không cần xử lý" not in waiting["reason"]
    assert "lần gần nhất lúc 18/10/2021 09:00: cán bộ trả lời trường là Phòng đã nhận" in waiting["reason"]


def test_a_resend_with_its_file_forgotten_keeps_the_report_counted_and_tells_the_school(
    season: Season,
) -> None:
    """ "Trường chúng tôi xin nộp lại báo cáo, bản trước bị lỗi" came with nothing attached and was set
    aside as a mail naming the report without one: the school, thinking it had replaced its copy, was
    never told its file had not come. It is told so now; the report it sent before still counts."""
    season.report(local("2021-10-15 09:00"))
    season.mail(
        local("2021-10-18 09:00"),
        "Báo cáo NQ121 năm 2021",
        "Trường chúng tôi xin nộp lại báo cáo, bản trước bị lỗi.",
    )
    shown = season.school(BT1[0])
    assert shown["status"] == "received"
    assert "không thấy tệp đính kèm" in season.acks(BT1)[-1]


def test_a_wrong_file_the_school_disowns_with_the_right_one_stops_counting(season: Season) -> None:
    """Bình Thạnh 1 attached Mỹ An's report by mistake (the file of the school next door), then wrote «Gửi
    nhầm file» with its own. Mỹ An stayed «Đã nộp» on a report it never sent, so it was never reminded.
    The first mail, another school's paper from Bình Thạnh 1's own address, now waits for staff instead
    of being credited to Mỹ An: the school's own report counts, the note in it points staff to the waiting
    mail, and Mỹ An is never told «Đã nhận» of a file it did not send."""
    wrong = paper(MY_AN, 3)
    season.mail(
        local("2021-10-15 09:00"), "Báo cáo NQ121 năm 2021", "Trường gửi báo cáo.", [("BC NQ121.docx", wrong)]
    )
    first = season.school(MY_AN[0])
    assert first["status"] == "missing" and first["submissions"] == []  # credited to nobody: staff decide
    [crossed] = json.loads(season.cli("review", "--format", "json"))
    assert BT1[1] in crossed["reason"] and MY_AN[1] in crossed["reason"]
    season.mail(
        local("2021-10-15 10:00"),
        "Gửi nhầm file - gửi lại báo cáo NQ121",
        "Lúc nãy trường gửi nhầm file, xin gửi lại file đúng.",
        [("BC NQ121.docx", paper(BT1, 1))],
    )

    ours, theirs = season.school(BT1[0]), season.school(MY_AN[0])
    assert ours["status"] == "received" and ours["received_at"].startswith("2021-10-15T10:00")
    assert ours["figures"]["nguoi_tham_gia"] == figures(BT1, 1)["nguoi_tham_gia"]
    assert theirs["status"] == "missing" and theirs["held"] == [] and theirs["submissions"] == []
    waiting = json.loads(season.cli("review", "--format", "json"))
    assert [w["message_id"] for w in waiting][0] == crossed["message_id"]
    [disowning] = [w for w in waiting if w["message_id"] != crossed["message_id"]]
    assert (
        "Tiểu học Mỹ An" in disowning["reason"]
        and "chưa tính cho trường nào" in disowning["reason"]
        and "gửi nhầm thì loại thư đó (baocao reject)" in disowning["reason"]
    )
    # Staff reject the wrong mail: Mỹ An still owes its report, and nothing waits any more.
    season.cli("reject", crossed["message_id"], "--reason", "Trường Bình Thạnh 1 gửi nhầm tệp")
    assert season.school(MY_AN[0])["status"] == "missing"
    assert season.school(BT1[0])["status"] == "received"
    assert "Không có thư nào chờ xem xét" in season.cli("review")
    # Mỹ An, never told «Đã nhận» of the wrong file, is reminded as a school that has sent nothing.
    assert not [d for d in season.smtp.to(MY_AN[2]) if not d.subject.startswith("Nhắc nộp")]
    season.tick(local("2021-10-18 07:30"), compose=True)
    [reminder] = [d for d in season.smtp.to(MY_AN[2]) if d.subject.startswith("Nhắc nộp")]
    text = " ".join(reminder.message.get_body(("plain",)).get_content().split())
    assert "Phòng chưa nhận được báo cáo của nhà trường" in text
    assert BT1[2] not in text and "đề nghị hủy" not in text


@pytest.mark.parametrize(
    "note",
    [
        "Dạ trường em gửi nhầm số liệu, em gửi lại bản đúng ạ.",
        "Dạ em gửi nhầm bản chưa ký, em gửi lại bản có chữ ký ạ.",
    ],
)
def test_the_schools_own_report_sent_again_right_after_the_deadline_keeps_its_day(
    season: Season, note: str
) -> None:
    """Bình Thạnh 1 reported on 24/10, then on 26/10 wrote «em gửi nhầm số liệu, em gửi lại bản đúng»
    with its corrected report. The first was held as a file sent by mistake, «chờ cán bộ quyết định», so
    the school showed «Nộp muộn» and was told its report came after the deadline. Its own report of the
    season sent again right is a correction: it counts from 24/10, with the corrected figures."""
    season.report(local("2021-10-24 09:00"))
    season.mail(
        local("2021-10-26 09:00"), "Re: Báo cáo NQ121 năm 2021", note, [("BC NQ121.docx", paper(BT1, 2))]
    )
    shown = season.school(BT1[0])
    assert shown["status"] == "received" and shown["held"] == []
    assert shown["figures"]["nguoi_tham_gia"] == figures(BT1, 2)["nguoi_tham_gia"]
    assert "Không có thư nào chờ xem xét" in season.cli("review")
    assert not any("sau hạn nộp" in text for text in season.acks(BT1))


def test_a_correction_sent_while_the_first_acknowledgement_waited_is_acknowledged_once(
    season: Season,
) -> None:
    """The office's SMTP server was down all morning; Bình Thạnh 1 reported at 9:00 and sent its
    corrected version at 11:00. When the server came back the school got two acknowledgements at once,
    the first saying «Đã nhận» of the version it had already replaced."""
    season.smtp.stop()
    season.report(local("2021-10-15 09:00"))
    season.mail(
        local("2021-10-15 11:00"),
        "Báo cáo NQ121 (bản sửa)",
        "Trường gửi bản sửa thay thế bản trước.",
        [("BC NQ121.docx", paper(BT1, 2))],
    )
    season.smtp.start()
    season.tick(local("2021-10-15 14:00"))
    season.tick(local("2021-10-15 16:00"))

    [ack] = season.acks(BT1)
    assert 'đã nhận được thư "Báo cáo NQ121 (bản sửa)"' in ack
    assert (
        "lần đầu lúc 09:00 ngày 15/10/2021" in ack and "được dùng thay cho phần tương ứng đã gửi trước" in ack
    )
    assert "lần nữa lúc 15/10/2021 11:00" in season.cli("outbox")


def test_two_versions_stamped_with_the_same_second_are_acknowledged_once(season: Season) -> None:
    """Bình Thạnh 1's mail client, offline, flushed its outbox at once: the report and its corrected
    version (another file) came stamped with the same second. The school got two «Đã nhận» at one tick,
    neither naming the other, where it is told once, of the version that counts, naming the first
    receipt; in a season that used up the day's mail to the school and held the real one."""
    when = local("2021-10-15 09:00")
    season.deliver(
        when,
        season.raw(when, "Báo cáo NQ121 năm 2021", "Trường gửi báo cáo.", [("BC NQ121.docx", paper(BT1, 1))]),
        season.raw(
            when,
            "Báo cáo NQ121 năm 2021 (bản sửa)",
            "Trường gửi bản sửa thay thế bản trước.",
            [("BC NQ121.docx", paper(BT1, 2))],
        ),
    )
    season.tick(local("2021-10-15 10:00"))

    [ack] = season.acks(BT1)
    assert 'đã nhận được thư "Báo cáo NQ121 năm 2021 (bản sửa)"' in ack
    assert "lần đầu lúc 09:00 ngày 15/10/2021" in ack
    shown = season.school(BT1[0])
    assert shown["figures"]["nguoi_tham_gia"] == figures(BT1, 2)["nguoi_tham_gia"]
    assert "lần nữa lúc 15/10/2021 09:00" in season.cli("outbox")


def test_a_report_from_an_unregistered_address_is_told_to_the_school_when_its_own_follows_in_one_poll(
    season: Season,
) -> None:
    """A report of Bình Thạnh 1 from a gmail address the school never registered, then the school's own
    version from its registered address, read in one poll. Only the second was acknowledged («lần đầu lúc
    09:00», the gmail's receipt): the gmail address heard nothing, and the school was never told that an
    address it did not register had sent a report in its name."""
    first, second = local("2021-10-15 09:00"), local("2021-10-15 09:05")
    season.deliver(
        second,
        season.raw(
            first,
            "Báo cáo NQ121 năm 2021",
            "Em gửi báo cáo của trường.",
            [("BC NQ121.docx", paper(BT1, 1))],
            sender="giaovien.bt1@gmail.com",
        ),
        season.raw(
            second,
            "Báo cáo NQ121 năm 2021 (bản sửa)",
            "Trường gửi bản sửa thay thế bản trước.",
            [("BC NQ121.docx", paper(BT1, 2))],
        ),
    )
    season.tick(local("2021-10-15 10:00"))

    assert len(season.school(BT1[0])["submissions"]) == 2
    [to_gmail] = season.smtp.to("giaovien.bt1@gmail.com")
    told = [d.message.get_content() for d in season.smtp.to(BT1[2])]
    assert to_gmail.message.get_content() in told
    assert any(
        "báo cáo của trường gửi từ địa chỉ giaovien.bt1@gmail.com, không phải địa chỉ đã đăng ký" in t
        for t in told
    )


def test_staff_cancelling_a_counted_report_from_the_queue_updates_the_status_and_tells_the_school(
    season: Season,
) -> None:
    """Bình Thạnh 1's report was counted and acknowledged; the school then wrote «gửi nhầm file, xin Phòng
    hủy giúp» and staff rejected the report from the review queue. The status no longer counts it, and the
    school, told «Đã nhận» before, hears at its next reminder that the report does not count."""
    season.report(local("2021-10-15 09:00"))
    season.mail(
        local("2021-10-15 11:00"),
        "Xin hủy thư báo cáo",
        "Trường gửi nhầm file, xin Phòng hủy giúp thư lúc 9 giờ.",
    )
    [held] = season.school(BT1[0])["held"]
    season.clock.now = local("2021-10-15 14:00")
    season.cli("reject", held["message_id"], "--reason", "Trường xin hủy")

    shown = season.school(BT1[0])
    assert shown["status"] == "missing" and shown["held"] == [] and shown["submissions"] == []
    season.tick(local("2021-10-18 07:30"), compose=True)
    [reminder] = [d for d in season.smtp.to(BT1[2]) if d.subject.startswith("Nhắc nộp")]
    text = reminder.message.get_body(("plain",)).get_content()
    assert "Phòng chưa nhận được báo cáo của nhà trường" in text
    assert (
        'đã gửi thư xác nhận đã nhận thư "Báo cáo NQ121 năm 2021"' in text
        and "Phòng không tính thư đó" in text
    )


def test_a_correction_after_the_deadline_keeps_the_report_on_time_unless_staff_reject_the_first(
    season: Season,
) -> None:
    """What an office expects of a correction sent after the deadline: the on-time original keeps the
    school on time and the correction's figures replace its figures; only when staff decide the first
    mail was no report (they reject it) does the correction count alone, late."""
    season.report(local("2021-10-20 09:00"))
    season.mail(
        local("2021-10-28 09:00"),
        "Báo cáo NQ121 (bản sửa)",
        "Trường gửi bản sửa thay thế bản trước.",
        [("BC NQ121.docx", paper(BT1, 2))],
    )

    shown = season.school(BT1[0])
    assert shown["status"] == "received" and shown["received_at"].startswith("2021-10-20T09:00")
    assert shown["figures"]["nguoi_tham_gia"] == figures(BT1, 2)["nguoi_tham_gia"]
    [_, again] = season.acks(BT1)
    assert "sau hạn nộp" not in again and "lần đầu lúc 09:00 ngày 20/10/2021" in again
    first = shown["submissions"][0]["message_id"]
    season.cli("reject", first, "--reason", "Bản đầu là bản nháp, không phải báo cáo")
    alone = season.school(BT1[0])
    assert alone["status"] == "late" and alone["received_at"].startswith("2021-10-28T09:00")


def test_a_damaged_signed_copy_answering_the_acknowledgement_leaves_the_report_good(season: Season) -> None:
    """The school's report came titled «(bản sửa)» (correcting the paper draft); it answered the
    acknowledgement with the signed copy, which arrived damaged. Only the quoted acknowledgement spoke of
    «bản sửa»: the report counted is not in doubt."""
    season.mail(
        local("2021-10-15 09:00"),
        "Báo cáo NQ121 (bản sửa)",
        "Trường gửi báo cáo.",
        [("BC NQ121.docx", paper(BT1, 1))],
    )
    [ack] = season.smtp.to(BT1[2])
    quoted = "\n".join(f"> {line}" for line in ack.message.get_content().splitlines())
    season.mail(
        local("2021-10-16 09:00"),
        f"Re: {ack.subject}",
        f"Trường gửi bản có chữ ký số ạ.\n\nVào 15/10/2021, {OFFICE} đã viết:\n{quoted}",
        [("BC NQ121 ky so.docx", BROKEN)],
    )
    shown = season.school(BT1[0])
    assert len(shown["submissions"]) == 2 and not shown["submissions"][1]["readable"]
    assert shown["check"] == "" and shown["status"] == "received"


def test_last_years_file_sent_by_mistake_stops_counting_for_last_year(season: Season) -> None:
    """Bình Thạnh 1 attached its 2020 file by mistake, then wrote «gửi nhầm file năm ngoái» with this
    year's. The 2020 file went on counting as the school's 2020 report, sent late."""
    old = render_docx(make_paper(BT1[1], year=2020, rng=random.Random(9)))
    season.mail(local("2021-10-15 09:00"), "Báo cáo NQ121", "Trường gửi báo cáo.", [("BC NQ121.docx", old)])
    season.mail(
        local("2021-10-15 10:00"),
        "Gửi nhầm file - gửi lại báo cáo NQ121",
        "Lúc nãy trường gửi nhầm file năm ngoái, xin gửi lại file đúng.",
        [("BC NQ121.docx", paper(BT1, 1))],
    )
    last_year = json.loads(season.cli("status", "--year", "2020", "--format", "json"))
    [then] = [s for s in last_year["schools"] if s["school_id"] == BT1[0]]
    assert then["status"] == "missing" and len(then["held"]) == 1
    assert season.school(BT1[0])["status"] == "received"
    season.cli("reject", then["held"][0]["message_id"], "--reason", "Trường gửi nhầm tệp năm trước")
    last_year = json.loads(season.cli("status", "--year", "2020", "--format", "json"))
    assert last_year["review"] == []
    assert [s["waiting"] for s in last_year["schools"] if s["school_id"] == BT1[0]] == [[]]


def test_a_corrected_file_that_cannot_be_read_beside_the_one_it_corrects_leaves_the_report_to_check(
    season: Season,
) -> None:
    """The mail carried «BC NQ121.docx» and «BC NQ121 (bản sửa).docx», the latter damaged: the status
    showed «Đã nộp» with the figures of the file the school meant to replace."""
    files = [("BC NQ121.docx", paper(BT1, 1)), ("BC NQ121 (bản sửa).docx", BROKEN)]
    season.mail(local("2021-10-15 09:00"), "Báo cáo NQ121 năm 2021", "Trường gửi báo cáo.", files)

    shown = season.school(BT1[0])
    assert shown["status"] == "received"
    assert (
        shown["check"]
        == "tệp bản sửa trong thư gửi lúc 15/10/2021 09:00 không đọc được, số liệu đang là của tệp trước khi sửa"
    )
    assert set(shown["figures_to_check"]) == set(shown["figures"])
    [ack] = season.acks(BT1)
    assert "Tệp bản sửa trong thư không đọc được" in ack and "gửi lại bản sửa" in ack


def test_a_resend_of_the_same_file_while_the_acknowledgement_waited_is_acknowledged_once(
    season: Season,
) -> None:
    """A resend of the very same file («sợ chưa tới») while the first acknowledgement waited for the SMTP
    server: the school got both at once. It hears once, in the resend's acknowledgement, which names the
    first receipt and still says which sections are missing."""
    season.smtp.stop()
    part = render_docx(make_paper(BT1[1], year=2021, rng=random.Random(1), sections=("chi_dao", "ket_qua")))
    season.mail(
        local("2021-10-15 09:00"), "Báo cáo NQ121 năm 2021", "Trường gửi báo cáo.", [("BC NQ121.docx", part)]
    )
    season.mail(
        local("2021-10-15 09:30"),
        "Báo cáo NQ121 năm 2021",
        "Trường gửi lại, sợ chưa tới.",
        [("BC NQ121.docx", part)],
    )
    season.smtp.start()
    season.tick(local("2021-10-15 14:00"))

    [ack] = season.acks(BT1)
    assert "gửi lại đúng báo cáo nhà trường đã gửi lúc 09:00 ngày 15/10/2021" in ack
    assert "chưa tìm thấy các nội dung: Khó khăn, vướng mắc; Đề xuất, kiến nghị" in ack
    assert "lần nữa lúc 15/10/2021 09:30" in season.cli("outbox")


def test_a_resend_read_in_the_same_poll_as_the_report_is_acknowledged_once(season: Season) -> None:
    """Bình Thạnh 1 sent its report at 8:05 and the very same file again («gửi lại») at 11:00; the machine
    read both in one poll and the next tick sent the school two acknowledgements at once. The resend's
    one, saying the report counts once and what it holds, is the only one."""
    sent, resent = local("2021-10-15 08:05"), local("2021-10-15 11:00")
    files = [("BC NQ121.docx", paper(BT1, 1))]
    season.dovecot.append(
        [
            (season.raw(sent, "BC NQ121 TH Binh Thanh 1", "Trường gửi báo cáo.", files), sent),
            (
                season.raw(resent, "BC NQ121 TH Binh Thanh 1 (gửi lại)", "Trường gửi lại báo cáo ạ.", files),
                resent,
            ),
        ],
        season.folder,
    )
    season.tick(local("2021-10-15 11:05"), compose=True)  # the mailbox read once, both mails in it
    season.tick(local("2021-10-15 11:15"))

    [ack] = season.acks(BT1)
    assert "gửi lại đúng báo cáo nhà trường đã gửi lúc 08:05 ngày 15/10/2021" in ack
    assert "Các nội dung đã có trong thư này: Công tác chỉ đạo, triển khai" in ack
    assert season.school(BT1[0])["status"] == "received"


def test_a_late_acknowledgement_that_waited_is_sent_once_in_the_exempted_wording(season: Season) -> None:
    """Bình Thạnh 1's late report was acknowledged while the SMTP server was down; staff exempted the
    school before it came back. The waiting acknowledgement told it «sau hạn nộp»; once withdrawn, none
    went out at all, and the school never heard that its report arrived."""
    season.smtp.stop()
    season.report(local("2021-10-28 09:00"))
    season.clock.now = local("2021-10-28 10:00")
    season.cli("exempt", BT1[0], "--year", "2021", "--reason", "Trường đang sửa chữa")
    season.smtp.start()
    season.tick(local("2021-10-28 11:00"))
    season.tick(local("2021-10-28 11:10"))
    season.tick(local("2021-10-29 11:10"))

    [ack] = season.acks(BT1)
    assert 'đã nhận được thư "Báo cáo NQ121 năm 2021"' in ack
    assert "sau hạn nộp" not in ack and "nộp muộn" not in ack.replace("không bị tính là nộp muộn", "")
    assert "đã được Phòng miễn nộp báo cáo năm 2021 (lý do: Trường đang sửa chữa)" in ack
    assert "miễn nộp cho trường sau khi thư xác nhận" in season.cli("outbox")


def test_a_report_answering_the_reminder_then_forwarded_again_counts_once(season: Season) -> None:
    """The school answered the reminder with its report attached, then, unsure it arrived, forwarded
    that mail again: one report, on time, acknowledged as counted once, and no more reminders."""
    season.tick(local("2021-10-18 07:30"), compose=True)
    [reminder] = season.smtp.to(BT1[2])
    quoted = "\n".join(
        f"> {line}" for line in reminder.message.get_body(("plain",)).get_content().splitlines()
    )
    season.mail(
        local("2021-10-19 09:00"),
        f"Re: {reminder.subject}",
        f"Trường gửi báo cáo ạ.\n\nVào 18/10/2021, {OFFICE} đã viết:\n{quoted}",
        [("BC NQ121.docx", paper(BT1, 1))],
    )
    season.mail(
        local("2021-10-21 09:00"),
        f"Fwd: Re: {reminder.subject}",
        f"---------- Forwarded message ---------\nFrom: <{BT1[2]}>\nDate: Tue, 19 Oct 2021\n\nTrường gửi báo cáo ạ.",
        [("BC NQ121.docx", paper(BT1, 1))],
    )
    season.tick(local("2021-10-22 07:30"), compose=True)

    shown = season.school(BT1[0])
    assert shown["status"] == "received" and shown["received_at"].startswith("2021-10-19T09:00")
    assert len(shown["submissions"]) == 1 and len(shown["copies"]) == 1
    first, again = season.acks(BT1)
    assert "Báo cáo được nhận đúng hạn" in first
    assert "gửi lại đúng báo cáo nhà trường đã gửi lúc 09:00 ngày 19/10/2021" in again
    assert [d.subject for d in season.smtp.to(BT1[2])].count(reminder.subject) == 1


CLERK = "canbo.thuthua@example.edu.vn"


@pytest.fixture
def clerk(season: Season) -> Season:
    """The season, with a clerk of the office (CLERK) among its staff."""
    ours = f'staff_emails = ["{OFFICE}"'
    text = season.config_path.read_text(encoding="utf-8")
    assert ours in text
    season.config_path.write_text(text.replace(ours, f'{ours}, "{CLERK}"', 1), encoding="utf-8")
    return season


def passed_on(when: dt.datetime, original: bytes, subject: str) -> bytes:
    """CLERK forwarding a school's mail to the office's mailbox as an attachment (message/rfc822)."""
    msg = EmailMessage()
    msg["From"] = f"Cán bộ Phòng <{CLERK}>"
    msg["To"] = OFFICE
    msg["Subject"] = f"Fwd: {subject}"
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = f"<fwd{next(_numbers)}.{when:%Y%m%d%H%M}@example.edu.vn>"
    msg.set_content("Chuyển tiếp báo cáo của trường gửi vào hộp thư cá nhân.")
    msg.add_attachment(original, maintype="message", subtype="rfc822", filename="thu.eml")
    return msg.as_bytes()


def test_a_clerk_forwarding_the_counted_report_leaves_the_correction_waiting(clerk: Season) -> None:
    """Bình Thạnh 1 reported, then wrote «Đính chính số liệu» with no file, which waited for staff. A
    clerk then forwarded the school's first mail (attached whole) to the office's mailbox: it counted as
    the school's newest version, the correction no longer waited («đã có báo cáo của trường gửi sau»), the
    figures went back to those the school had corrected, and the school was told «Đã nhận» of a mail it
    never sent. The forward sends the counted files again: a copy, nothing more."""
    first = local("2021-10-15 09:00")
    original = clerk.raw(
        first, "Báo cáo NQ121 năm 2021", "Trường gửi báo cáo.", [("BC NQ121.docx", paper(BT1, 1))]
    )
    clerk.deliver(first, original)
    clerk.mail(
        local("2021-10-18 09:00"),
        "Đính chính số liệu báo cáo NQ121",
        "Trường Tiểu học Bình Thạnh 1 xin đính chính số liệu báo cáo NQ121: số buổi tuyên truyền là 12, "
        "không phải 21.",
    )
    before = clerk.school(BT1[0])
    assert before["correction"].startswith("có thư đính chính gửi lúc 18/10/2021 09:00")
    told = len(clerk.smtp.delivered)

    clerk.deliver(local("2021-10-20 09:00"), passed_on(local("2021-10-20 09:00"), original, "Báo cáo NQ121"))

    shown = clerk.school(BT1[0])
    assert len(shown["submissions"]) == 1 and len(shown["copies"]) == 1
    assert shown["received_at"].startswith("2021-10-15T09:00")
    assert shown["correction"] == before["correction"] and shown["waiting"] == before["waiting"]
    [waiting] = json.loads(clerk.cli("review", "--format", "json"))
    assert waiting["subject"] == "Đính chính số liệu báo cáo NQ121"
    assert len(clerk.smtp.delivered) == told


def test_a_clerk_forwarding_after_the_deadline_a_report_that_came_on_time_suggests_no_extension(
    clerk: Season,
) -> None:
    """Bình Thạnh 1's report came on 20/10, on time; after the deadline a clerk forwarded that mail to the
    office's mailbox. The forward told staff «đúng hạn hay muộn tính theo lúc nhận thư chuyển tiếp; nếu
    trường đã gửi đúng hạn đến một hộp thư khác, cán bộ có thể gia hạn…», though the school's own mail had
    come here on time: there is nothing to extend."""
    first = local("2021-10-20 09:00")
    original = clerk.raw(
        first, "Báo cáo NQ121 năm 2021", "Trường gửi báo cáo.", [("BC NQ121.docx", paper(BT1, 1))]
    )
    clerk.deliver(first, original)
    clerk.deliver(local("2021-10-27 09:00"), passed_on(local("2021-10-27 09:00"), original, "Báo cáo NQ121"))

    shown = clerk.school(BT1[0])
    assert shown["status"] == "received" and len(shown["copies"]) == 1
    with Runtime.open(config_mod.load(clerk.config_path), clerk.clock) as rt:
        [forward] = [m for m in rt.store.messages() if m.subject.startswith("Fwd:")]
        [copy] = rt.store.submissions(message_keys=[forward.key])
    hint = "tính theo lúc nhận thư chuyển tiếp"
    assert hint not in forward.reason and not [e for e in copy.evidence if hint in e]
    for page in (clerk.page(f"/schools/{BT1[0]}?year=2021"), clerk.page(f"/messages/{forward.key}")):
        assert hint not in page and "baocao extend" not in page


def test_a_report_sent_twice_and_forwarded_by_a_clerk_is_one_submission(clerk: Season) -> None:
    """Bình Thạnh 1 sent its report from its address, its principal the same file from a gmail address
    «cho chắc», and a clerk forwarded the school's mail (attached whole): the forward counted as the
    report and replaced the school's own, three submissions. The school's mail counts, the other two are
    copies, and only the school's mail and the principal's resend are answered."""
    first = local("2021-10-15 09:00")
    report = paper(BT1, 1)
    original = clerk.raw(first, "Báo cáo NQ121 năm 2021", "Trường gửi báo cáo.", [("BC NQ121.docx", report)])
    clerk.deliver(first, original)
    clerk.mail(
        local("2021-10-15 09:05"),
        "Báo cáo NQ121 năm 2021",
        "Hiệu trưởng Trường Tiểu học Bình Thạnh 1 gửi thêm từ địa chỉ cá nhân cho chắc ạ.",
        [("BC NQ121.docx", report)],
        sender="Lê Thị Hoa <hoale.hieutruong@gmail.com>",
    )
    told = len(clerk.smtp.delivered)
    clerk.deliver(local("2021-10-15 14:00"), passed_on(local("2021-10-15 14:00"), original, "Báo cáo NQ121"))

    shown = clerk.school(BT1[0])
    assert [s["received_at"][:16] for s in shown["submissions"]] == ["2021-10-15T09:00"]
    assert [c["received_at"][:16] for c in shown["copies"]] == ["2021-10-15T09:05", "2021-10-15T14:00"]
    assert len(clerk.smtp.delivered) == told
    history = " ".join(clerk.cli("history", BT1[0], "--report", "nq121").split())
    assert (
        history.count("không phải từ địa chỉ của trường gửi lại đúng tệp của lần nộp lúc 15/10/2021 09:00")
        == 1
    )
    assert history.count("là bản sao của lần nộp lúc 15/10/2021 09:00") == 1


def forwarded_inline(
    when: dt.datetime,
    sent: dt.datetime,
    files: Sequence[tuple[str, bytes]],
    note: str = "Trường gửi báo cáo.",
    *,
    sender: str = f"Cán bộ Phòng <{CLERK}>",
) -> bytes:
    """CLERK (or sender) forwarding inline (Gmail's «Chuyển tiếp») a mail Bình Thạnh 1 wrote at sent, with
    files attached (the forwarded mail's own, as Gmail attaches them again)."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = OFFICE
    msg["Subject"] = "Fwd: Báo cáo NQ121 năm 2021"
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = f"<fwd{next(_numbers)}.{when:%Y%m%d%H%M}@example.edu.vn>"
    msg.set_content(
        "Chuyển tiếp báo cáo của trường gửi vào hộp thư cá nhân.\n\n"
        "---------- Forwarded message ---------\n"
        f"From: {BT1[1]} <{BT1[2]}>\n"
        f"Date: {sent:%a, %b %d, %Y} at {sent:%I:%M %p}\n"
        "Subject: Báo cáo NQ121 năm 2021\n"
        f"To: <{OFFICE}>\n\n{note}\n"
    )
    for name, data in files:
        msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return msg.as_bytes()


def reported_and_corrected(clerk: Season) -> bytes:
    """Bình Thạnh 1's report (version 1) on 15/10, then its correction with the corrected file (version 2)
    on 18/10; the first mail, as the school sent it."""
    first = local("2021-10-15 09:00")
    original = clerk.raw(
        first, "Báo cáo NQ121 năm 2021", "Trường gửi báo cáo.", [("BC NQ121.docx", paper(BT1, 1))]
    )
    clerk.deliver(first, original)
    clerk.mail(
        local("2021-10-18 09:00"),
        "Gửi lại báo cáo NQ121 (bản sửa)",
        "Trường gửi bản sửa, thay thế bản trước vì ghi sai số liệu.",
        [("BC NQ121 (bản sửa).docx", paper(BT1, 2))],
    )
    shown = clerk.school(BT1[0])
    assert len(shown["submissions"]) == 2
    assert shown["figures"]["nguoi_tham_gia"] == figures(BT1, 2)["nguoi_tham_gia"]
    return original


@pytest.mark.parametrize("how", ["inline", "attached"])
def test_a_clerk_forwarding_the_first_version_after_the_correction_changes_nothing(
    clerk: Season, how: str
) -> None:
    """Bình Thạnh 1 reported, then sent its corrected report; days later a clerk forwarded the school's
    first mail to the office's mailbox (inline, or the mail attached whole). It counted as the school's
    newest version: the status and the consolidated figures went back to those the school had corrected,
    and the school was told «Đã nhận» of a mail it never sent. The forward is a copy of the first
    submission: the corrected report still counts, nobody is written to, and the history says whose copy
    it is."""
    original = reported_and_corrected(clerk)
    told = len(clerk.smtp.delivered)
    when = local("2021-10-20 09:00")
    if how == "inline":
        forward = forwarded_inline(when, local("2021-10-15 09:00"), [("BC NQ121.docx", paper(BT1, 1))])
    else:
        forward = passed_on(when, original, "Báo cáo NQ121 năm 2021")
    clerk.deliver(when, forward)

    shown = clerk.school(BT1[0])
    assert shown["figures"]["nguoi_tham_gia"] == figures(BT1, 2)["nguoi_tham_gia"]
    assert [s["received_at"][:16] for s in shown["submissions"]] == ["2021-10-15T09:00", "2021-10-18T09:00"]
    assert [c["received_at"][:16] for c in shown["copies"]] == ["2021-10-20T09:00"]
    assert len(clerk.smtp.delivered) == told
    history = clerk.cli("history", BT1[0], "--report", "nq121")
    assert "là bản sao của lần nộp lúc 15/10/2021 09:00" in " ".join(history.split())
    page = " ".join(clerk.page(f"/schools/{BT1[0]}?year=2021").split())
    assert "thư chuyển tiếp, bản sao của lần nộp lúc 15/10/2021 09:00" in page


def test_a_clerk_forwarding_a_mail_the_school_wrote_before_its_correction_changes_nothing(
    clerk: Season,
) -> None:
    """After Bình Thạnh 1's correction of 18/10 a clerk forwarded a mail the school had written to her own
    address on 16/10, its file another draft: written before the correction, it is an old version, a copy
    of the school's mail of that time, and the correction still counts."""
    reported_and_corrected(clerk)
    told = len(clerk.smtp.delivered)
    clerk.deliver(
        local("2021-10-20 09:00"),
        forwarded_inline(
            local("2021-10-20 09:00"), local("2021-10-16 08:00"), [("BC NQ121.docx", paper(BT1, 4))]
        ),
    )

    shown = clerk.school(BT1[0])
    assert shown["figures"]["nguoi_tham_gia"] == figures(BT1, 2)["nguoi_tham_gia"]
    assert len(shown["submissions"]) == 2 and len(shown["copies"]) == 1
    assert len(clerk.smtp.delivered) == told
    history = " ".join(clerk.cli("history", BT1[0], "--report", "nq121").split())
    assert "thư cũ trường viết lúc 16/10/2021 08:00" in history


def test_a_school_forwarding_its_first_mail_with_the_corrected_file_counts(clerk: Season) -> None:
    """Bình Thạnh 1 reported, then forwarded its own first mail with the corrected file attached instead
    («em gửi lại file đúng»): the school's new version, whatever the mail it forwards, counts."""
    clerk.report(local("2021-10-15 09:00"))
    when = local("2021-10-18 09:00")
    clerk.deliver(
        when,
        forwarded_inline(
            when,
            local("2021-10-15 08:59"),
            [("BC NQ121 (bản sửa).docx", paper(BT1, 2))],
            sender=BT1[2],
        ),
    )

    shown = clerk.school(BT1[0])
    assert shown["figures"]["nguoi_tham_gia"] == figures(BT1, 2)["nguoi_tham_gia"]
    assert len(shown["submissions"]) == 2 and shown["copies"] == []


def test_a_clerk_forwarding_both_versions_changes_nothing(clerk: Season) -> None:
    """After Bình Thạnh 1's correction a clerk, unsure which mail the office had, forwarded the corrected
    mail and then the first one: both are copies of what the school sent, the corrected report counts."""
    reported_and_corrected(clerk)
    told = len(clerk.smtp.delivered)
    clerk.deliver(
        local("2021-10-20 09:00"),
        forwarded_inline(
            local("2021-10-20 09:00"), local("2021-10-18 09:00"), [("BC NQ121 (bản sửa).docx", paper(BT1, 2))]
        ),
    )
    clerk.deliver(
        local("2021-10-20 09:05"),
        forwarded_inline(
            local("2021-10-20 09:05"), local("2021-10-15 09:00"), [("BC NQ121.docx", paper(BT1, 1))]
        ),
    )

    shown = clerk.school(BT1[0])
    assert shown["figures"]["nguoi_tham_gia"] == figures(BT1, 2)["nguoi_tham_gia"]
    assert len(shown["submissions"]) == 2 and len(shown["copies"]) == 2
    assert len(clerk.smtp.delivered) == told
    history = " ".join(clerk.cli("history", BT1[0], "--report", "nq121").split())
    assert "là bản sao của lần nộp lúc 18/10/2021 09:00" in history
    assert "là bản sao của lần nộp lúc 15/10/2021 09:00" in history


def test_a_clerk_forwarding_a_version_the_school_never_sent_here_counts(clerk: Season) -> None:
    """After Bình Thạnh 1's correction a clerk forwarded its first mail (a copy), then a third version the
    school wrote on 19/10 to the clerk's own address only: that one is new, its files unlike any the
    school sent here and written after the correction, and it counts."""
    reported_and_corrected(clerk)
    clerk.deliver(
        local("2021-10-20 09:00"),
        forwarded_inline(
            local("2021-10-20 09:00"), local("2021-10-15 09:00"), [("BC NQ121.docx", paper(BT1, 1))]
        ),
    )
    clerk.deliver(
        local("2021-10-20 10:00"),
        forwarded_inline(
            local("2021-10-20 10:00"), local("2021-10-19 16:00"), [("BC NQ121 (bản 3).docx", paper(BT1, 3))]
        ),
    )

    shown = clerk.school(BT1[0])
    assert shown["figures"]["nguoi_tham_gia"] == figures(BT1, 3)["nguoi_tham_gia"]
    assert [s["received_at"][:16] for s in shown["submissions"]] == [
        "2021-10-15T09:00",
        "2021-10-18T09:00",
        "2021-10-20T10:00",
    ]
    assert [c["received_at"][:16] for c in shown["copies"]] == ["2021-10-20T09:00"]


@pytest.mark.parametrize(
    ("subject", "note", "files"),
    [
        (
            "Đính chính báo cáo NQ121",
            "Trường Tiểu học Bình Thạnh 1 xin đính chính số liệu báo cáo NQ121: số buổi tuyên truyền là 12, "
            "không phải 21.",
            [],
        ),
        (
            "Gửi lại báo cáo NQ121 (bản sửa)",
            "Trường Tiểu học Bình Thạnh 1 gửi bản sửa, thay thế bản trước vì ghi sai số liệu.",
            [("BC NQ121 (bản sửa).docx", BROKEN)],
        ),
    ],
)
def test_a_correction_waiting_for_staff_is_shown_on_the_school_s_row(
    season: Season, subject: str, note: str, files: list[tuple[str, bytes]]
) -> None:
    """Bình Thạnh 1 reported; a teacher then sent its correction from a personal address, and the mail
    waited for staff. The school's row went on saying «Đã nộp» with the old figures, and nothing on it
    said that a correction of them waited."""
    season.mail(
        local("2021-10-15 09:00"),
        "Báo cáo NQ121 năm 2021",
        "Trường gửi báo cáo.",
        [("BC NQ121.docx", paper(BT1, 1))],
    )
    season.mail(local("2021-10-18 09:00"), subject, note, files, sender="gvnguyenvanan1980@gmail.com")

    said = "có thư đính chính gửi lúc 18/10/2021 09:00 đang chờ cán bộ xem xét"
    shown = season.school(BT1[0])
    assert shown["status"] == "received" and len(shown["waiting"]) == 1
    assert shown["correction"].startswith(said)
    assert shown["figures"]["nguoi_tham_gia"] == figures(BT1, 1)["nguoi_tham_gia"]
    row = [
        line
        for line in season.cli("status", "--year", "2021", "--format", "csv").splitlines()
        if BT1[1] in line
    ]
    assert said in row[0] and "Đã nộp" in row[0]
    assert "1 đã nộp đúng hạn" in season.cli("status", "--year", "2021")
    page = season.page(f"/schools/{BT1[0]}?year=2021")
    assert "Có thư đính chính gửi lúc 18/10/2021 09:00 đang chờ cán bộ xem xét" in page
    # Staff reject the mail: nothing waits, and the row says nothing more.
    season.cli("reject", shown["waiting"][0], "--reason", "Đã gọi điện, trường xác nhận số liệu cũ đúng")
    assert season.school(BT1[0])["correction"] == ""


def test_a_note_withdrawing_the_corrected_version_is_named_a_withdrawal(season: Season) -> None:
    """Bình Thạnh 1 reported, sent «bản chỉnh sửa», then answered the acknowledgement «xin thu hồi bản
    chỉnh sửa». The queue rightly took it for a withdrawal, but the school's row in the status said «có
    thư đính chính … đang chờ cán bộ xem xét»: staff looked for figures to correct that nobody sent."""
    season.report(local("2021-10-15 09:00"))
    season.mail(
        local("2021-10-18 09:00"),
        "Gửi lại báo cáo NQ121 (bản chỉnh sửa)",
        "Trường gửi bản chỉnh sửa thay thế bản trước.",
        [("BC NQ121.docx", paper(BT1, 2))],
    )
    ack = season.smtp.to(BT1[2])[-1].message
    answer = season.raw(
        local("2021-10-20 09:00"),
        f"Re: {ack['Subject']}",
        "Dạ trường xin thu hồi bản chỉnh sửa gửi ngày 18/10, vì gửi nhầm bản chưa duyệt ạ. Xin giữ bản ngày "
        "15/10.",
    )
    season.deliver(local("2021-10-20 09:00"), f"In-Reply-To: {ack['Message-ID']}\n".encode() + answer)

    [waiting] = json.loads(season.cli("review", "--format", "json"))
    assert "thu hồi thư đã gửi" in waiting["reason"]
    said = "có thư xin thu hồi gửi lúc 20/10/2021 09:00 đang chờ cán bộ xem xét"
    assert season.school(BT1[0])["correction"].startswith(said)
    row = [
        line
        for line in season.cli("status", "--year", "2021", "--format", "csv").splitlines()
        if BT1[1] in line
    ]
    assert said in row[0] and "thư đính chính" not in row[0]
    page = season.page(f"/schools/{BT1[0]}?year=2021")
    assert "Có thư xin thu hồi gửi lúc 20/10/2021 09:00" in page and "thư đính chính" not in page


def test_a_report_from_a_school_that_has_not_reported_waiting_for_staff_is_no_correction(
    season: Season,
) -> None:
    """A school's first report, sent from a personal address as «bản sửa» (of its paper draft), waits for
    staff: there is nothing counted it could correct."""
    season.mail(
        local("2021-10-18 09:00"),
        "Gửi báo cáo NQ121 (bản sửa)",
        "Trường Tiểu học Bình Thạnh 1 gửi bản sửa.",
        [("BC NQ121 (bản sửa).docx", BROKEN)],
        sender="gvnguyenvanan1980@gmail.com",
    )
    shown = season.school(BT1[0])
    assert shown["correction"] == "" and len(shown["waiting"]) == 1


def test_a_correction_note_with_a_signature_logo_is_a_correction_note(season: Season) -> None:
    """Bình Thạnh 1 reported, then wrote «xin đính chính số liệu» in a mail whose signature carries the
    school's logo: taken for a mail with a file, it was not recognised as the correction it is, and staff
    read no correction on the school's row nor in the consolidated report."""
    season.mail(
        local("2021-10-15 09:00"),
        "Báo cáo NQ121 năm 2021",
        "Trường gửi báo cáo.",
        [("BC NQ121.docx", paper(BT1, 1))],
    )
    season.mail(
        local("2021-10-18 09:00"),
        "Đính chính báo cáo NQ121",
        "Trường xin đính chính số liệu báo cáo NQ121: số buổi tuyên truyền là 12, không phải 21.\n\n"
        "Trân trọng,\nTrường Tiểu học Bình Thạnh 1",
        logo=logo(),
    )

    [waiting] = json.loads(season.cli("review", "--format", "json"))
    assert waiting["reason"].startswith("Thư không kèm tệp, trường đính chính báo cáo đã gửi: «Trường xin")
    shown = season.school(BT1[0])
    assert shown["status"] == "received"
    assert shown["correction"].startswith("có thư đính chính gửi lúc 18/10/2021 09:00")
    consolidated = season.cli("consolidate", "--year", "2021", "--format", "json")
    assert "số buổi tuyên truyền là 12, không phải 21" in consolidated


def test_a_late_acknowledgement_that_waited_says_on_time_once_staff_extend_the_deadline(
    season: Season,
) -> None:
    """Bình Thạnh 1 reported three days after the deadline while the SMTP server was down; staff extended
    its deadline (a power cut) before the server came back. The school is on time in the status, but the
    acknowledgement that had waited told it «Báo cáo được nhận sau hạn nộp»."""
    season.smtp.stop()
    season.mail(
        local("2021-10-28 09:00"),
        "Báo cáo NQ121 năm 2021",
        "Trường gửi báo cáo.",
        [("BC NQ121.docx", paper(BT1, 1))],
    )
    season.clock.now = local("2021-10-28 10:00")
    season.cli("extend", BT1[0], "--year", "2021", "--until", "31/10/2021", "--reason", "Mất điện kéo dài")
    season.smtp.start()
    season.tick(local("2021-10-28 11:00"))
    season.tick(local("2021-10-28 11:10"))
    season.tick(local("2021-10-29 11:10"))

    assert season.school(BT1[0])["status"] == "received"
    [ack] = season.acks(BT1)
    assert 'đã nhận được thư "Báo cáo NQ121 năm 2021"' in ack
    assert "sau hạn nộp" not in ack and "31/10/2021" in ack
    assert "cán bộ đã gia hạn cho trường sau khi thư xác nhận" in season.cli("outbox")


@pytest.mark.parametrize(
    ("decide", "undo"),
    [
        (
            ("exempt", BT1[0], "--year", "2021", "--reason", "Trường đang sửa chữa"),
            ("exempt", BT1[0], "--year", "2021", "--undo", "--reason", "Ghi nhầm trường"),
        ),
        (
            ("extend", BT1[0], "--year", "2021", "--until", "31/10/2021", "--reason", "Mất điện kéo dài"),
            ("extend", BT1[0], "--year", "2021", "--undo", "--reason", "Ghi nhầm trường"),
        ),
    ],
    ids=["exemption", "extension"],
)
def test_a_reworded_acknowledgement_that_waited_is_withdrawn_when_staff_undo_the_decision(
    season: Season, decide: tuple[str, ...], undo: tuple[str, ...]
) -> None:
    """Bình Thạnh 1's late report was acknowledged while the SMTP server was down; staff exempted the
    school (or extended its deadline), so the waiting acknowledgement was composed again in those words,
    then staff undid the decision before the server came back. The reworded acknowledgement still went
    out, telling the school it was exempt (or on time), which was no longer true."""
    season.smtp.stop()
    season.report(local("2021-10-28 09:00"))
    season.clock.now = local("2021-10-28 10:00")
    season.cli(*decide)
    season.tick(local("2021-10-28 10:10"))  # the late acknowledgement is withdrawn
    season.tick(local("2021-10-28 10:20"))  # and composed again, in the decision's words
    assert "+reworded" in season.cli("outbox")
    season.clock.now = local("2021-10-28 11:00")
    season.cli(*undo)
    season.mail_back("2021-10-28 12:00", "2021-10-28 12:10", "2021-10-28 12:20", "2021-10-29 12:20")

    assert season.school(BT1[0])["status"] == "late"
    [ack] = season.acks(BT1)
    assert 'đã nhận được thư "Báo cáo NQ121 năm 2021"' in ack
    assert "Báo cáo được nhận sau hạn nộp (hết ngày 25/10/2021)" in ack
    assert "miễn nộp" not in ack and "31/10/2021" not in ack
    assert "sau khi thư xác nhận (báo" in season.cli("outbox")


def test_an_acknowledgement_reworded_twice_while_it_waited_goes_out_once_in_the_last_words(
    season: Season,
) -> None:
    """Staff exempted Bình Thạnh 1, undid it, then exempted it again, all while the acknowledgement of
    its late report waited for the SMTP server: each change of mind composes it again, and the school
    gets one acknowledgement, in the words true when it leaves."""
    season.smtp.stop()
    season.report(local("2021-10-28 09:00"))
    exempt = ("exempt", BT1[0], "--year", "2021", "--reason", "Trường đang sửa chữa")
    for hour, decision in (("10", exempt), ("11", (*exempt[:4], "--undo")), ("12", exempt)):
        season.clock.now = local(f"2021-10-28 {hour}:00")
        season.cli(*decision)
        season.tick(local(f"2021-10-28 {hour}:10"))
        season.tick(local(f"2021-10-28 {hour}:20"))
    season.mail_back("2021-10-28 13:00", "2021-10-28 13:10", "2021-10-29 13:10")

    [ack] = season.acks(BT1)
    assert "đã được Phòng miễn nộp báo cáo năm 2021 (lý do: Trường đang sửa chữa)" in ack
    assert "sau hạn nộp" not in ack
    outbox = season.cli("outbox", "--format", "json")
    assert "bỏ miễn nộp cho trường sau khi thư xác nhận (báo được miễn nộp)" in outbox


def test_an_exempt_acknowledgement_that_waited_gives_the_reason_in_force_when_it_leaves(
    season: Season,
) -> None:
    """Bình Thạnh 1's late report was acknowledged while the SMTP server was down; staff exempted the
    school, and the acknowledgement was composed again saying so, then staff replaced the exemption with
    one for another reason before the server came back. The school was told the first reason, which the
    office no longer gives."""
    season.smtp.stop()
    season.report(local("2021-10-28 09:00"))
    season.clock.now = local("2021-10-28 10:00")
    season.cli("exempt", BT1[0], "--year", "2021", "--reason", "Trường đang sửa chữa")
    season.tick(local("2021-10-28 10:10"))  # the late acknowledgement is withdrawn
    season.tick(local("2021-10-28 10:20"))  # and composed again, in the exemption's words
    season.clock.now = local("2021-10-28 11:00")
    season.cli("exempt", BT1[0], "--year", "2021", "--reason", "Trường đã sáp nhập vào Bình Thạnh 2")
    season.mail_back("2021-10-28 12:00", "2021-10-28 12:10", "2021-10-28 12:20", "2021-10-29 12:20")

    [ack] = season.acks(BT1)
    assert "đã được Phòng miễn nộp báo cáo năm 2021 (lý do: Trường đã sáp nhập vào Bình Thạnh 2)" in ack
    assert "Trường đang sửa chữa" not in ack and "sau hạn nộp" not in ack
    assert "thay lý do miễn nộp" in season.cli("outbox")


def test_an_on_time_acknowledgement_that_waited_names_the_extension_in_force_when_it_leaves(
    season: Season,
) -> None:
    """Staff extended Bình Thạnh 1's deadline to 31/10; its report came on 28/10 while the SMTP server was
    down, and the acknowledgement waiting said «hạn nộp: 31/10/2021». Staff then moved the extension to
    02/11 (still covering the report) before the server came back: the school was told the old date."""
    season.clock.now = local("2021-10-26 10:00")
    season.cli("extend", BT1[0], "--year", "2021", "--until", "31/10/2021", "--reason", "Mất điện kéo dài")
    season.smtp.stop()
    season.report(local("2021-10-28 09:00"))
    season.clock.now = local("2021-10-28 10:00")
    season.cli("extend", BT1[0], "--year", "2021", "--until", "02/11/2021", "--reason", "Mất điện kéo dài")
    season.smtp.start()
    for when in ("2021-10-28 12:00", "2021-10-28 12:10", "2021-10-28 12:20", "2021-10-29 12:20"):
        season.tick(local(when))
        season.cli("outbox", "--send")

    [ack] = season.acks(BT1)
    assert "Báo cáo được nhận đúng hạn (hạn nộp: hết ngày 02/11/2021)" in ack
    assert "31/10/2021" not in ack
    assert "đổi ngày gia hạn" in season.cli("outbox")


def test_an_unreadable_report_s_acknowledgement_that_waited_asks_by_the_deadline_in_force(
    season: Season,
) -> None:
    """Bình Thạnh 1, its deadline extended to 31/10, sent a file that could not be read while the SMTP
    server was down; the acknowledgement waiting asked it to send the report again «chậm nhất ngày
    31/10/2021». Staff moved the extension to 02/11 before the server came back: the school was given the
    old date."""
    season.clock.now = local("2021-10-26 10:00")
    season.cli("extend", BT1[0], "--year", "2021", "--until", "31/10/2021", "--reason", "Mất điện kéo dài")
    season.smtp.stop()
    season.mail(
        local("2021-10-28 09:00"),
        "Báo cáo NQ121 năm 2021",
        "Trường gửi báo cáo.",
        [("BC NQ121.docx", BROKEN)],
    )
    season.clock.now = local("2021-10-28 10:00")
    season.cli("extend", BT1[0], "--year", "2021", "--until", "02/11/2021", "--reason", "Mất điện kéo dài")
    season.mail_back("2021-10-28 12:00", "2021-10-28 12:10", "2021-10-29 12:20")

    [ack] = season.acks(BT1)
    assert "KHÔNG đọc được báo cáo" in ack and "chậm nhất ngày 02/11/2021" in ack
    assert "31/10/2021" not in ack


def test_a_late_acknowledgement_that_waited_names_the_extension_in_force_when_it_leaves(
    season: Season,
) -> None:
    """Staff extended Bình Thạnh 1's deadline to 26/10; its report came on 28/10 while the SMTP server was
    down, late all the same, and the acknowledgement waiting said «sau hạn nộp ngày 26/10/2021». Staff then
    moved the extension to 27/10 (the report still late) before the server came back."""
    season.clock.now = local("2021-10-24 10:00")
    season.cli("extend", BT1[0], "--year", "2021", "--until", "26/10/2021", "--reason", "Mất điện kéo dài")
    season.smtp.stop()
    season.report(local("2021-10-28 09:00"))
    season.clock.now = local("2021-10-28 10:00")
    season.cli("extend", BT1[0], "--year", "2021", "--until", "27/10/2021", "--reason", "Mất điện kéo dài")
    season.mail_back("2021-10-28 12:00", "2021-10-28 12:10", "2021-10-29 12:20")

    [ack] = season.acks(BT1)
    assert "Báo cáo được nhận sau hạn nộp (hết ngày 27/10/2021)" in ack
    assert "26/10/2021" not in ack


@functools.cache
def school_signer() -> pki.Identity:
    """The certificate Bình Thạnh 1's mail client signs every mail with."""
    return pki.Authority.create().issue(organization=BT1[1], common_name=BT1[2])


# The public key Thunderbird attaches by itself to a mail of an OpenPGP user («OpenPGP_0x….asc»).
PUBLIC_KEY = (
    "OpenPGP_0x6A2F0C3B1D4E5F70.asc",
    b"-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nxjMEZQ3vBBYJKwYBBAHaRw8BAQdA\n=Ab12\n-----END PGP PUBLIC KEY BLOCK-----\n",
)


def test_a_signed_report_is_acknowledged_without_asking_for_its_signature(season: Season) -> None:
    """Outlook, Apple Mail and Thunderbird sign a school's mail with S/MIME and attach the signature as
    «smime.p7s»: it was read as a file the school attached, and the school was told «Phòng KHÔNG đọc được
    tệp … smime.p7s» and asked to send it again."""
    season.mail(
        local("2021-10-15 09:00"),
        "Báo cáo NQ121 năm 2021",
        "Trường gửi báo cáo.",
        [("BC NQ121.docx", paper(BT1, 1))],
        signer=school_signer(),
    )
    shown = season.school(BT1[0])
    assert shown["status"] == "received" and shown["check"] == ""
    assert [s["readable"] for s in shown["submissions"]] == [True]
    [ack] = season.acks(BT1)
    assert "smime.p7s" not in ack and "KHÔNG đọc được" not in ack


@pytest.mark.parametrize(
    ("signer", "files"), [(school_signer(), []), (None, [PUBLIC_KEY])], ids=["smime", "openpgp-key"]
)
def test_a_signed_cover_note_with_its_file_forgotten_tells_the_school_no_file_came(
    season: Season, signer: pki.Identity | None, files: list[tuple[str, bytes]]
) -> None:
    """A signed «Trường gửi báo cáo» whose Word file was forgotten, or one that carries only the public key
    Thunderbird attaches: the signature or the key was taken for the report, and the school was told its
    file could not be read instead of that no file had come."""
    season.mail(
        local("2021-10-15 09:00"), "Báo cáo NQ121 năm 2021", "Trường gửi báo cáo ạ.", files, signer=signer
    )
    [ack] = season.acks(BT1)
    assert "không thấy tệp đính kèm" in ack
    assert "smime.p7s" not in ack and ".asc" not in ack


def test_a_signed_thank_you_for_the_acknowledgement_is_no_second_report(season: Season) -> None:
    """A school whose client signs every mail answered the acknowledgement with «Cảm ơn Phòng ạ»: its
    signature made the reply a second, unreadable report, and the school was told its report could not
    be read."""
    season.mail(
        local("2021-10-15 09:00"),
        "Báo cáo NQ121 năm 2021",
        "Trường gửi báo cáo.",
        [("BC NQ121.docx", paper(BT1, 1))],
        signer=school_signer(),
    )
    [ack] = season.smtp.to(BT1[2])
    quoted = "\n".join(f"> {line}" for line in ack.message.get_content().splitlines())
    season.mail(
        local("2021-10-15 10:00"),
        f"Re: {ack.subject}",
        f"Trường đã nhận được thư xác nhận. Cảm ơn Phòng ạ.\n\n{quoted}",
        signer=school_signer(),
    )
    shown = season.school(BT1[0])
    assert shown["status"] == "received" and len(shown["submissions"]) == 1
    assert len(season.smtp.to(BT1[2])) == 1


def test_a_200_megapixel_photo_of_the_report_is_acknowledged_as_received(
    season: Season, photo_200_mp: bytes
) -> None:
    """The school photographed its signed report in its phone's 200 MP mode: the photo was refused as
    «kích thước quá lớn bất thường» and the school asked to take it again «ở độ phân giải thông thường
    (200-300 dpi)», a setting no phone shows."""
    season.mail(
        local("2021-10-15 09:00"),
        "Báo cáo NQ121 năm 2021",
        "Trường gửi ảnh chụp báo cáo đã ký.",
        [("IMG_20211015_090102.jpg", photo_200_mp)],
    )
    shown = season.school(BT1[0])
    assert shown["status"] == "received" and [s["readable"] for s in shown["submissions"]] == [True]
    [ack] = season.acks(BT1)
    assert "quá lớn" not in ack and "dpi" not in ack


def test_a_clear_scan_under_a_layer_of_glyph_codes_is_acknowledged_as_received(season: Season) -> None:
    """A PDF of sharp page images under an invisible layer of a font's glyph codes placed one by one («†
    þ ƒ æ ð ‹»): the layer was taken for the text, and the school was told its photo was unclear. The
    pages are read from their images, as a broken layer is."""
    rng = random.Random(11)
    report = make_paper(BT1[1], year=2021, rng=random.Random(1))
    junk = [" ".join(rng.choice("†‡¶§þƒˆæð‹") for _ in range(50)) for _ in render_text(report).splitlines()]
    season.mail(
        local("2021-10-15 09:00"),
        "Báo cáo NQ121 năm 2021",
        "Trường gửi báo cáo.",
        [("BC NQ121.pdf", render_scan_app_pdf(report, layer=junk))],
    )
    shown = season.school(BT1[0])
    assert shown["status"] == "received" and [s["readable"] for s in shown["submissions"]] == [True]
    [ack] = season.acks(BT1)
    assert "không rõ" not in ack


def test_the_history_names_the_file_of_a_submission_that_could_not_be_read(season: Season) -> None:
    """`baocao history` left the «Tệp» column empty for a submission whose file could not be read (cut
    off in transfer, locked, or read without the report in it): staff could not tell which file of the
    mail it was."""
    season.mail(
        local("2021-10-15 09:00"),
        "Báo cáo NQ121 năm 2021",
        "Trường gửi báo cáo.",
        [("BC NQ121.docx", BROKEN)],
    )
    [entry] = json.loads(season.cli("history", BT1[0], "--format", "json"))
    assert entry["files"] == ["BC NQ121.docx"]
    table = season.cli("history", BT1[0])
    assert "BC NQ121.docx" in table and "Không đọc được tệp" in table


def signing_page(school: tuple[str, str, str]) -> bytes:
    """The school's signing page scanned alone, as a 300 dpi PDF: the closing sentence naming the report,
    «Nơi nhận», the principal's title and name; no header, none of the report's sections."""
    page = Image.new("L", (2480, 1754), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 46)
    bold = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 46)
    lines = [
        (230, 200, "Trên đây là báo cáo kết quả thực hiện Nghị quyết 121/2020/QH14 của", font),
        (230, 270, f"{school[1]}./.", font),
        (230, 420, "Nơi nhận:", bold),
        (230, 490, "- Phòng GD&ĐT (b/c);", font),
        (230, 560, "- Lưu: VT.", font),
        (1500, 420, "HIỆU TRƯỞNG", bold),
        (1500, 800, "Nguyễn Văn Bình", bold),
    ]
    for x, y, text, face in lines:
        draw.text((x, y), text, font=face, fill=0)
    out = io.BytesIO()
    page.save(out, "PDF", resolution=300.0)
    return out.getvalue()


def test_the_signing_page_alone_is_unreadable_and_the_whole_report_dates_the_school(season: Season) -> None:
    """A school scanned only its signing page, whose closing sentence names the report: it was counted
    as the report, on time, every section missing, and the school told it need not send again; its whole
    report, sent after the deadline, then kept the signing page's date, on time. The signing page alone is
    a report that cannot be read: the school is asked for the whole report, whose receipt dates it."""
    season.mail(
        local("2021-10-20 09:00"),
        "Báo cáo NQ121 năm 2021",
        "Kính gửi Phòng, trường gửi báo cáo (bản scan có chữ ký, đóng dấu).",
        [("scan.pdf", signing_page(BT1))],
    )
    first = season.school(BT1[0])
    assert first["status"] == "unreadable"
    [ack] = season.acks(BT1)
    assert "chỉ có trang ký tên, đóng dấu" in ack and "gửi lại toàn bộ báo cáo" in ack
    assert "không cần gửi lại" not in ack
    season.mail(
        local("2021-10-28 09:00"),
        "Gửi lại báo cáo NQ121 đầy đủ",
        "Dạ hôm trước trường gửi thiếu trang, nay gửi lại báo cáo đầy đủ ạ.",
        [("BC NQ121.docx", paper(BT1, 1))],
    )
    whole = season.school(BT1[0])
    assert whole["status"] == "late" and whole["received_at"].startswith("2021-10-28T09:00")


HEALTH = """
[[reports]]
id = "ytth"
title = "Báo cáo kết quả công tác y tế trường học"
keywords = ["y tế trường học", "YTTH"]
deadline = "11-30"
reminder_days = [7, 1]
"""


def collecting_health(season: Season) -> Season:
    """The season, the office collecting the school health report beside NQ121."""
    text = season.config_path.read_text(encoding="utf-8")
    season.config_path.write_text(text + HEALTH, encoding="utf-8")
    return season


def typed(*lines: str) -> bytes:
    """A paper a school typed in Word, one paragraph a line."""
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def plan_row(season: Season, report_id: str, year: int = 2021) -> dict[str, Any]:
    """Bình Thạnh 1's row of `baocao status` for the report."""
    data = json.loads(season.cli("status", "--report", report_id, "--year", str(year), "--format", "json"))
    (found,) = [s for s in data["schools"] if s["school_id"] == BT1[0]]
    return dict(found)


UNTITLED_HEALTH = typed(
    "PHÒNG GD&ĐT THỦ THỪA",
    "TRƯỜNG TIỂU HỌC BÌNH THẠNH 1",
    "Bình Thạnh, ngày 20 tháng 11 năm 2021",
    "I. Công tác khám sức khỏe định kỳ",
    "Phối hợp Trạm Y tế xã khám sức khỏe cho 410 học sinh; phòng y tế trường học có đủ cơ số thuốc.",
    "II. Vệ sinh an toàn thực phẩm, nước uống",
    "Nhà trường bảo đảm nước uống sạch; nhân viên y tế trường học kiểm tra bếp ăn hằng tuần.",
    "HIỆU TRƯỞNG",
    "Lê Văn Hùng",
)


def test_an_untitled_health_report_answering_the_nq121_thread_leaves_nq121_unsent(season: Season) -> None:
    """Bình Thạnh 1 answered the thread «Re: Báo cáo NQ121» with «Dạ em gửi báo cáo y tế của trường ạ» and
    its health report, which bears no title: the health report was counted, and the same file made NQ121
    «Không đọc được tệp» («Tệp baocao.docx không có nội dung của báo cáo …»), the school told its NQ121
    report could not be read. A paper one report counts is no unreadable copy of another."""
    collecting_health(season)
    season.mail(
        local("2021-11-20 09:00"),
        "Re: Báo cáo NQ121",
        "Dạ em gửi báo cáo y tế của trường ạ.",
        [("baocao.docx", UNTITLED_HEALTH)],
    )
    nq121, health = plan_row(season, "nq121"), plan_row(season, "ytth")
    assert (nq121["status"], nq121["problems"]) == ("missing", [])
    assert health["status"] == "received"
    subjects = [ack.splitlines()[0] for ack in season.acks(BT1)]
    assert subjects == [f"Đã nhận báo cáo kết quả công tác y tế trường học năm 2021 của {BT1[1]}"]


def test_an_untitled_year_end_summary_does_not_replace_the_titled_health_report(season: Season) -> None:
    """Bình Thạnh 1 sent its titled health report on 10/11; on 10/01 it mailed «BC» with a year-end summary
    bearing no title, two of its sentences on school health: it was counted as the health report and
    replaced the November one («Đã được thay bằng lần nộp sau»), and the school was thanked for its health
    report again. Read by its sentences alone, it waits for staff and the titled report stays counted."""
    collecting_health(season)
    titled = typed(
        "PHÒNG GD&ĐT THỦ THỪA",
        "TRƯỜNG TIỂU HỌC BÌNH THẠNH 1",
        "Số: 41/BC-THBT1",
        "Bình Thạnh, ngày 09 tháng 11 năm 2021",
        "BÁO CÁO",
        "Kết quả công tác y tế trường học năm học 2021-2022",
        "I. Khám sức khỏe học sinh",
        "Phối hợp Trạm Y tế xã tổ chức khám sức khỏe định kỳ cho 412 học sinh, phát hiện 23 em cận thị.",
        "II. Vệ sinh an toàn thực phẩm",
        "Nhân viên y tế trường học kiểm tra bếp ăn bán trú hằng tuần; không xảy ra ngộ độc thực phẩm.",
        "III. Bảo hiểm y tế học sinh",
        "Tỷ lệ học sinh tham gia bảo hiểm y tế đạt 99,5%.",
        "HIỆU TRƯỞNG",
    )
    summary = typed(
        "PHÒNG GD&ĐT THỦ THỪA",
        "TRƯỜNG TIỂU HỌC BÌNH THẠNH 1",
        "Bình Thạnh, ngày 10 tháng 01 năm 2022",
        "Năm 2021 nhà trường hoàn thành các nhiệm vụ sau:",
        "1. Công tác y tế trường học: khám sức khỏe cho 100% học sinh.",
        "Phòng y tế trường học đủ thuốc; bảo hiểm y tế đạt 99%.",
        "2. Phòng, chống xâm hại trẻ em: tổ chức 5 buổi tuyên truyền.",
        "Đánh giá chung: nhà trường hoàn thành tốt nhiệm vụ năm 2021.",
        "HIỆU TRƯỞNG",
    )
    season.mail(
        local("2021-11-10 09:00"),
        "Báo cáo y tế trường học",
        "Trường gửi báo cáo y tế trường học.",
        [("BC YTTH.docx", titled)],
    )
    thanked = len(season.acks(BT1))
    season.mail(local("2022-01-10 09:00"), "BC", "", [("BC.docx", summary)])
    health = plan_row(season, "ytth")
    counted = [s["files"] for s in health["submissions"] if s["counted"]]
    assert health["status"] == "received" and counted == [["BC YTTH.docx"]]
    [waiting] = json.loads(season.cli("review", "--format", "json"))
    assert "không có trích yếu" in waiting["reason"] and "10/11/2021" in waiting["reason"]
    assert len(season.acks(BT1)) == thanked


COMMUNE = "Văn thư UBND xã <vanthu.ubndxa@gmail.com>"


def appendix(school: tuple[str, str, str], seed: int) -> bytes:
    """The figures' appendix a school sends beside its report (paper(school, seed)), stating its figures."""
    stated = figures(school, seed)
    document = docx.Document()
    document.add_paragraph("UBND HUYỆN THỦ THỪA")
    document.add_paragraph(school[1].replace("Trường", "TRƯỜNG").upper())
    document.add_paragraph("PHỤ LỤC SỐ LIỆU kèm theo Báo cáo số 25/BC-TH")
    document.add_paragraph(
        f"Số buổi tuyên truyền: {stated['buoi_tuyen_truyen']}; học sinh tham gia: {stated['nguoi_tham_gia']}."
    )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("waited", [False, True])
def test_a_commune_clerk_sending_its_batch_again_leaves_the_schools_later_report_counted(
    season: Season, waited: bool
) -> None:
    """The commune's clerk (an address of no school) sent Bình Thạnh 1's and Mỹ An's reports in one mail;
    Bình Thạnh 1 then sent its own report with its appendix; days later the clerk sent the same files
    again in a new mail. That resend became Bình Thạnh 1's newest version, its appendix out of the counted
    report, and when the acknowledgements waited (waited: the office's SMTP server down) the one of the
    school's own report was withdrawn («trường đã gửi báo cáo lần nữa») while the resend's told it «chỉ
    tính một lần». The resend is a copy of the clerk's first mail for each school: the school's own report
    counts and its acknowledgement goes out."""
    batch = [("BC NQ121 BT1.docx", paper(BT1, 1)), ("BC NQ121 My An.docx", paper(MY_AN, 3))]
    season.mail(
        local("2021-10-15 09:00"),
        "BC NQ121 các trường xã",
        "Xã gửi báo cáo các trường.",
        batch,
        sender=COMMUNE,
    )
    if waited:
        season.smtp.stop()
    season.mail(
        local("2021-10-16 09:05"),
        "Báo cáo kết quả NQ121 năm 2021",
        "Trường gửi báo cáo và phụ lục số liệu.",
        [("Bao cao NQ121.docx", paper(BT1, 2)), ("Phu luc so lieu.docx", appendix(BT1, 2))],
    )
    season.mail(
        local("2021-10-17 09:13"),
        "BC NQ121 các trường xã",
        "Xã gửi báo cáo các trường.",
        batch,
        sender=COMMUNE,
    )
    if waited:
        season.mail_back("2021-10-17 10:00", "2021-10-17 11:00")

    shown = season.school(BT1[0])
    assert shown["figures"]["nguoi_tham_gia"] == figures(BT1, 2)["nguoi_tham_gia"]
    assert [s["received_at"][:16] for s in shown["submissions"]] == ["2021-10-15T09:00", "2021-10-16T09:05"]
    assert [c["received_at"][:16] for c in shown["copies"]] == ["2021-10-17T09:13"]
    assert [s["counted"] for s in shown["submissions"]] == [False, True]
    other = season.school(MY_AN[0])
    assert len(other["submissions"]) == 1 and len(other["copies"]) == 1
    history = " ".join(season.cli("history", BT1[0], "--report", "nq121").split())
    assert "gửi lại đúng tệp của lần nộp lúc 15/10/2021 09:00, là bản sao" in history
    page = " ".join(season.page(f"/schools/{BT1[0]}?year=2021").split())
    assert "gửi lại, bản sao của lần nộp lúc 15/10/2021 09:00" in page
    acks = season.acks(BT1)
    assert any('đã nhận được thư "Báo cáo kết quả NQ121 năm 2021"' in a for a in acks)
    assert not [a for a in acks if "gửi lại đúng báo cáo" in a and "16/10/2021" in a]
    assert "lần nữa lúc" not in season.cli("outbox")


@pytest.mark.parametrize("again", [COMMUNE, "Phó hiệu trưởng <pht.myan@gmail.com>"], ids=["clerk", "another"])
def test_a_copy_of_a_report_the_commune_clerk_sent_says_who_sent_it(season: Season, again: str) -> None:
    """The commune's clerk sent Mỹ An's report with Bình Thạnh 1's; days later the clerk (or someone else)
    sent Mỹ An's very file again. The copy's acknowledgement, which Mỹ An's registered address gets too,
    told the school «gửi lại đúng báo cáo nhà trường đã gửi lúc …»: the school sent nothing, the clerk did.
    It now names the address that sent the report first."""
    batch = [("BC NQ121 BT1.docx", paper(BT1, 1)), ("BC NQ121 My An.docx", paper(MY_AN, 3))]
    season.mail(
        local("2021-10-15 09:00"),
        "BC NQ121 các trường xã",
        "Xã gửi báo cáo các trường.",
        batch,
        sender=COMMUNE,
    )
    season.mail(
        local("2021-10-17 09:13"),
        "Gửi lại BC NQ121 trường Mỹ An",
        "Gửi lại báo cáo của trường Mỹ An.",
        [("BC NQ121 My An.docx", paper(MY_AN, 3))],
        sender=again,
    )

    shown = season.school(MY_AN[0])
    assert len(shown["submissions"]) == 1 and len(shown["copies"]) == 1
    first, copy = season.acks(MY_AN)
    assert "Báo cáo được nhận đúng hạn" in first
    assert "nhà trường đã gửi" not in copy
    said = " ".join(copy.split())
    assert (
        "Thư này gửi lại đúng báo cáo của nhà trường do địa chỉ vanthu.ubndxa@gmail.com gửi lúc 09:00 ngày "
        "15/10/2021." in said
    ), said


@pytest.mark.parametrize("sender", [BT1[2], "hieutruong.bt1@gmail.com"], ids=["school", "principal"])
def test_the_schools_own_resend_of_its_first_version_after_a_correction_still_counts(
    season: Season, sender: str
) -> None:
    """Bình Thạnh 1 reported, corrected, then sent its first file again itself, from its address or from
    the principal's own that sent the correction too: a submission, as before, its figures checked; only
    another's mail of the very same files is a copy."""
    first = [("BC NQ121.docx", paper(BT1, 1))]
    season.mail(
        local("2021-10-15 09:00"), "Báo cáo NQ121 năm 2021", "Trường gửi báo cáo.", first, sender=sender
    )
    season.mail(
        local("2021-10-18 09:00"),
        "Gửi lại báo cáo NQ121 (bản sửa)",
        "Trường gửi bản sửa, thay thế bản trước vì ghi sai số liệu.",
        [("BC NQ121 (bản sửa).docx", paper(BT1, 2))],
        sender=sender,
    )
    season.mail(
        local("2021-10-19 09:00"), "Báo cáo NQ121 năm 2021", "Trường gửi báo cáo.", first, sender=sender
    )

    shown = season.school(BT1[0])
    assert len(shown["submissions"]) == 3 and shown["copies"] == []
    assert shown["received_at"].startswith("2021-10-15T09:00")
    history = " ".join(season.cli("history", BT1[0], "--report", "nq121").split())
    assert "bản sao" not in history


def consolidated_school(season: Season) -> dict[str, Any]:
    """Bình Thạnh 1's row of the consolidated report (`baocao consolidate --format json`)."""
    data = json.loads(season.cli("consolidate", "--year", "2021", "--format", "json"))
    (found,) = [s for s in data["schools"] if s["school_id"] == BT1[0]]
    return dict(found)


def test_an_original_held_up_on_its_way_does_not_replace_the_correction_that_came_before_it(
    season: Season,
) -> None:
    """Bình Thạnh 1 sent its report in the afternoon, then its correction («thay cho bản gửi chiều hôm
    qua») the next morning; the report was held up on its way and came 40 minutes after the correction.
    The later receipt won: the figures the school had corrected were counted and summed, and the school
    was told the old version's figures «được dùng thay cho phần tương ứng đã gửi trước». Its Date, and the
    correction's, say it was written first: it is an older version arriving late, kept beside the
    correction, which counts from its own receipt."""
    season.deliver(
        local("2021-10-15 09:00"),
        season.raw(
            local("2021-10-15 08:58"),
            "Đính chính BC NQ121 (thay bản gửi hôm qua)",
            "Trường gửi bản đã sửa, thay cho bản gửi chiều hôm qua: số liệu bản trước ghi nhầm.",
            [("BC NQ121 sửa.docx", paper(BT1, 2))],
        ),
    )
    season.deliver(
        local("2021-10-15 09:40"),
        season.raw(
            local("2021-10-14 16:00"),
            "Báo cáo NQ121 năm 2021",
            "Trường gửi báo cáo.",
            [("BC NQ121.docx", paper(BT1, 1))],
        ),
    )

    shown = season.school(BT1[0])
    assert shown["figures"]["nguoi_tham_gia"] == figures(BT1, 2)["nguoi_tham_gia"]
    assert shown["figures_to_check"] == {}
    assert shown["received_at"].startswith("2021-10-15T09:00")
    assert [s["counted"] for s in shown["submissions"]] == [True, False]
    assert consolidated_school(season)["latest_at"].startswith("2021-10-15T09:00")
    history = " ".join(season.cli("history", BT1[0], "--report", "nq121").split())
    assert "Bản viết trước lần được tính, đến muộn: không thay lần đó" in history
    [correction, original] = (" ".join(a.split()) for a in season.acks(BT1))
    assert 'đã nhận được thư "Đính chính BC NQ121 (thay bản gửi hôm qua)"' in correction
    assert 'đã nhận được thư "Báo cáo NQ121 năm 2021"' in original
    assert "được dùng thay cho phần tương ứng" not in original
    assert (
        "thư này được viết trước bản báo cáo nhà trường gửi lúc 09:00 ngày 15/10/2021 nhưng đến chậm hơn"
        in original
    )


def hops(*moments: tuple[str, str]) -> list[str]:
    """The Received hops of a school's mail, the office's server's on top: (server, local time) each, the
    first the server the mail came from to the office's, the last the school's own outgoing server."""
    lines = []
    for (by, at), (sender, _) in itertools.pairwise([*moments, ("[192.168.1.20]", "")]):
        lines.append(f"Received: from {sender} by {by} with ESMTPS; {format_datetime(local(at))}")
    return lines


@pytest.mark.parametrize(
    ("left", "counted"),
    [("2021-10-15 09:40", [False, True]), ("2021-10-15 07:30", [True, False])],
    ids=["after", "before"],
)
def test_a_wrong_clock_gives_way_to_the_time_the_schools_server_took_the_mail(
    season: Season, left: str, counted: list[bool]
) -> None:
    """Bình Thạnh 1's report came at 09:00 (its Date 09:00), then a version whose Date says 2019 (a
    computer's clock set back) at 09:45: which was newer was left to the order of receipt and every figure
    marked «cần kiểm tra: không rõ bản nào viết sau», though the mail's Received chain, a consistent one,
    says when the school's server took it. It took it at 09:40, after the report: the newer version, its
    figures counted unchecked. It took it at 07:30, before the report was written: an older version
    arriving late, kept, the report still counting."""
    season.report(local("2021-10-15 09:00"))
    season.deliver(
        local("2021-10-15 09:45"),
        season.raw(
            local("2019-10-15 09:39"),
            "Báo cáo NQ121 năm 2021 (bản sửa)",
            "Trường gửi bản sửa.",
            [("BC NQ121 sửa.docx", paper(BT1, 2))],
            trace=hops((MX, "2021-10-15 09:44"), ("smtp.example.edu.vn", left)),
        ),
    )

    shown = season.school(BT1[0])
    assert [s["counted"] for s in shown["submissions"]] == counted
    newer = 2 if counted[-1] else 1
    assert shown["figures"]["nguoi_tham_gia"] == figures(BT1, newer)["nguoi_tham_gia"]
    assert shown["figures_to_check"] == {}
    drafted = consolidated_school(season)
    assert drafted["latest_at"].startswith("2021-10-15T09:45" if counted[-1] else "2021-10-15T09:00")
    assert all(f["counted"] and not f["doubts"] for f in drafted["figures"].values()), drafted["figures"]
    [_, later] = (" ".join(a.split()) for a in season.acks(BT1))
    assert "không xác định được thư nào gửi sau" not in later
    older = "Theo thời điểm gửi ghi trên thư, thư này được viết trước bản báo cáo nhà trường gửi lúc 09:00"
    assert (older in later) != counted[-1], later


# The Received hops of a mail whose Date is a wrong clock that tell no sending: one of the sender's own
# below the server's, later than it; one after the office received the mail; one of a year that cannot be.
_UNTRUSTED_HOPS = {
    "forged-hop": hops(
        (MX, "2021-10-15 09:39"), ("smtp.example.edu.vn", "2021-10-15 09:10"), ("pc", "2021-10-15 09:30")
    ),
    "after-receipt": hops((MX, "2021-10-15 09:39"), ("smtp.example.edu.vn", "2021-10-15 10:30")),
    "year": hops((MX, "2021-10-15 09:39"), ("smtp.example.edu.vn", "2019-10-15 09:30")),
}


@pytest.mark.parametrize(
    ("written", "trace"),
    [
        ("2019-10-14 16:00", []),
        ("2021-10-15 08:55", []),
        *(("2019-10-14 16:00", trace) for trace in _UNTRUSTED_HOPS.values()),
    ],
    ids=["wrong-clock", "minutes", *_UNTRUSTED_HOPS],
)
def test_an_older_date_that_tells_no_order_keeps_the_receipt_order_but_asks_to_check(
    season: Season, written: str, trace: list[str]
) -> None:
    """Bình Thạnh 1's second version came with a Date of 2019 (a computer's clock set back), its Received
    hops no help, or five minutes before the Date of the version counted (another computer whose clock runs
    behind): whether it was written before that version cannot be told. The receipt decides, as before,
    and its figures are to be checked with the school. The school was told its figures were used, with no
    word that the office would check them; it now is, and the first report's acknowledgement is as it was."""
    season.report(local("2021-10-15 09:00"))
    season.deliver(
        local("2021-10-15 09:40"),
        season.raw(
            local(written),
            "Báo cáo NQ121 năm 2021",
            "Trường gửi báo cáo.",
            [("BC NQ121.docx", paper(BT1, 2))],
            trace=trace,
        ),
    )

    shown = season.school(BT1[0])
    assert shown["figures"]["nguoi_tham_gia"] == figures(BT1, 2)["nguoi_tham_gia"]
    assert [s["counted"] for s in shown["submissions"]] == [False, True]
    assert set(shown["figures_to_check"]) == set(shown["figures"])
    assert all(why.startswith("không rõ bản nào viết sau") for why in shown["figures_to_check"].values())
    csv = season.cli("status", "--year", "2021", "--format", "csv")
    assert "cần kiểm tra: không rõ bản nào viết sau" in csv
    [first, later] = (" ".join(a.split()) for a in season.acks(BT1))
    assert "kiểm tra lại số liệu" not in first
    assert (
        "Tuy nhiên, thời điểm gửi ghi trên thư này và trên thư nhà trường gửi lúc 09:00 ngày 15/10/2021 không "
        "cho biết thư nào được viết sau, nên Phòng sẽ kiểm tra lại số liệu vì không xác định được thư nào gửi "
        "sau." in later
    ), later


def test_an_appendix_sent_as_a_supplement_is_filed_with_the_report(season: Season) -> None:
    """Bình Thạnh 1 reported at 14:00 and sent «Bổ sung phụ lục» with the appendix alone at 15:00, while
    the office's SMTP server was down. The appendix became the version counted, its every section missing
    on the school's page and the time counted 15:00, and the report's acknowledgement was dropped for one
    calling the appendix the report, «được dùng thay» the report. The report still counts; the school hears
    of its report, then that the appendix was filed with it."""
    season.smtp.stop()
    season.report(local("2021-10-15 14:00"))
    season.mail(
        local("2021-10-15 15:00"),
        "Bổ sung phụ lục BC NQ121",
        "Trường xin bổ sung phụ lục kèm báo cáo NQ121 đã gửi.",
        [
            (
                "Phụ lục NQ121.docx",
                typed(
                    "PHỤ LỤC",
                    "Danh sách các buổi tuyên truyền (kèm theo Báo cáo số 45/BC-TH)",
                    "1. Ngày 05/9/2021: Kỹ năng tự bảo vệ bản thân",
                    "2. Ngày 19/9/2021: Kỹ năng tự bảo vệ bản thân",
                ),
            )
        ],
    )
    season.mail_back("2021-10-15 16:00", "2021-10-15 18:00")

    shown = season.school(BT1[0])
    assert [s["counted"] for s in shown["submissions"]] == [True, False]
    assert shown["sections_missing"] == []
    assert shown["figures"]["nguoi_tham_gia"] == figures(BT1, 1)["nguoi_tham_gia"]
    assert consolidated_school(season)["latest_at"].startswith("2021-10-15T14:00")
    page = " ".join(season.page(f"/schools/{BT1[0]}?year=2021").split())
    listed = page.split("Các lần gửi")[1]  # newest first
    assert listed.count("Lần được tính") == 1 and "Còn thiếu" not in listed
    assert listed.index("Phần bổ sung, lưu cùng báo cáo đã gửi") < listed.index("Lần được tính")
    history = " ".join(season.cli("history", BT1[0], "--report", "nq121").split())
    assert "Bổ sung cho báo cáo đã nộp, lưu cùng báo cáo ấy" in history
    [report, appendix] = (" ".join(a.split()) for a in season.acks(BT1))
    assert 'đã nhận được thư "Báo cáo NQ121 năm 2021"' in report
    assert appendix.startswith("Đã nhận phần bổ sung báo cáo")
    assert "ghi nhận đây là phần bổ sung cho báo cáo" in appendix
    assert "Bình Thạnh 1 đã gửi lúc 14:00 ngày 15/10/2021" in appendix
    assert "được dùng thay" not in appendix


def photo(colour: str) -> bytes:
    """A photo of a school event: a coloured scene with a sun, no text."""
    out = io.BytesIO()
    image = Image.new("RGB", (800, 600), colour)
    ImageDraw.Draw(image).ellipse((200, 150, 600, 450), fill=(240, 200, 80))
    image.save(out, "JPEG")
    return out.getvalue()


def test_activity_photos_zipped_beside_the_report_are_not_asked_for_again(season: Season) -> None:
    """Bình Thạnh 1 zipped its report with three photos of its activities (anh_hoat_dong_1..3.jpg). The
    report counted, but the acknowledgement said the office could not read the files sent with it («Không
    nhận dạng được chữ nào trong ảnh…»), asked the school to take clearer photos and send them again, and
    staff's notes said the same: pictures with no text are evidence, not pages of the report."""
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("BC NQ121/Bao cao NQ121.docx", paper(BT1, 1))
        for number, colour in enumerate(("red", "green", "blue"), start=1):
            archive.writestr(f"BC NQ121/anh_hoat_dong_{number}.jpg", photo(colour))
    season.mail(
        local("2021-10-15 09:00"),
        "BC NQ121 TH Binh Thanh 1 (file nén)",
        "Trường xin gửi báo cáo theo yêu cầu.",
        [("BC_NQ121.zip", bundle.getvalue())],
    )

    [ack] = season.acks(BT1)
    assert ack.startswith("Đã nhận báo cáo") and "KHÔNG đọc được" not in ack and "chụp rõ hơn" not in ack
    assert "Thư kèm 3 ảnh hoạt động (" in ack
    shown = season.school(BT1[0])
    assert shown["status"] == "received" and shown["problems"] == []
    assert "chụp rõ hơn" not in season.cli("status", "--year", "2021")
