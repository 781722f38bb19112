"""What happens to an office during a season: the machine off for a week, a mailbox read the first time, a
school's id mistyped in config.toml for a day. Each mail goes to the real IMAP server and through a poll;
the scheduler's tick sends to a real SMTP server."""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main
from intake import review as review_mod
from intake.imap import Mailbox
from intake.poller import poll_once
from kernel import config as config_mod
from kernel import status as status_mod
from kernel.runtime import Runtime
from kernel.store import ReviewRow
from samples.documents import render_docx
from samples.papers import make_paper
from scheduler import jobs
from tests.intake.conftest import write_config
from tests.scheduler.conftest import Clock, SmtpServer, local
from tests.servers import Dovecot

OFFICE = "pgdthuthua@example.edu.vn"
SCHOOLS = {
    "th-binh-thanh-1": ("Trường Tiểu học Bình Thạnh 1", "c1binhthanh1.thuthua@example.edu.vn"),
    "th-my-an": ("Trường Tiểu học Mỹ An", "c1myan.thuthua@example.edu.vn"),
}


@dataclass
class Office:
    """The office's mailbox, intake and scheduler, on a clock the test moves."""

    dovecot: Dovecot
    folder: str
    config_path: Path
    clock: Clock
    smtp: SmtpServer

    def sends(self, school_id: str, when: dt.datetime, seed: int) -> None:
        """The school's report, delivered to the office's mailbox at when (nothing reads it yet)."""
        name, address = SCHOOLS[school_id]
        msg = EmailMessage()
        msg["From"] = address
        msg["To"] = OFFICE
        msg["Subject"] = f"Báo cáo NQ121 năm 2021 - {name}"
        msg["Date"] = format_datetime(when)
        msg["Message-ID"] = f"<bc{seed}.{when:%Y%m%d%H%M}@example.edu.vn>"
        msg.set_content("Trường gửi báo cáo.")
        paper = render_docx(make_paper(name, year=2021, rng=random.Random(seed)))
        msg.add_attachment(paper, maintype="application", subtype="octet-stream", filename="BC NQ121.docx")
        self.dovecot.append([(msg.as_bytes(), when)], self.folder)

    def runs(self, moment: str) -> None:
        """The machine at moment: the mailbox read, then the scheduler's tick."""
        self.clock.now = local(moment)
        config = config_mod.load(self.config_path)
        assert config.imap is not None
        with Runtime.open(config, self.clock) as rt:
            poll_once(rt, functools.partial(Mailbox, config.imap))
            jobs.tick(rt)

    def edits(self, moment: str, old: str, new: str) -> None:
        """The clerk, at moment, writes new where config.toml said old."""
        self.clock.now = local(moment)
        text = self.config_path.read_text(encoding="utf-8")
        assert old in text
        self.config_path.write_text(text.replace(old, new), encoding="utf-8")

    def cli(self, *args: str) -> str:
        out = CliRunner().invoke(main, ["--config", str(self.config_path), *args], obj=self.clock)
        assert out.exit_code == 0, out.output
        return out.output

    def waiting(self) -> list[ReviewRow]:
        """The 2021 season's mail waiting for staff, as `baocao review --year 2021` lists it now."""
        with Runtime.open(config_mod.load(self.config_path), self.clock) as rt:
            return review_mod.pending(rt, "nq121", 2021)

    def status(self, school_id: str) -> tuple[str, str]:
        """The school's state in the 2021 season now, and what its row says of mail waiting for staff."""
        with Runtime.open(config_mod.load(self.config_path), self.clock) as rt:
            found = status_mod.load(rt.config, rt.store, "nq121", 2021, self.clock())
        line = next(
            row for row in self.cli("status", "--year", "2021").splitlines() if f" {school_id} " in row
        )
        return next(s.status for s in found.schools if s.school_id == school_id), line

    def reminders(self, school_id: str) -> list[str]:
        """The subjects of the reminders sent to the school."""
        address = SCHOOLS[school_id][1]
        return [
            d.subject for d in self.smtp.delivered if address in d.rcpt and d.subject.startswith("Nhắc nộp")
        ]

    def acks(self, school_id: str) -> list[str]:
        """The subjects of the acknowledgements sent to the school."""
        address = SCHOOLS[school_id][1]
        return [
            d.subject for d in self.smtp.delivered if address in d.rcpt and d.subject.startswith("Đã nhận")
        ]


@pytest.fixture
def office(tmp_path: Path, dovecot: Dovecot, folder: str) -> Iterator[Office]:
    clock = Clock(local("2021-10-01 00:00"))
    smtp = SmtpServer(clock)
    smtp.start()
    path = write_config(tmp_path / "config.toml", dovecot, folder)
    smtp_table = f'\n[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nsecurity = "none"\nfrom = "{OFFICE}"\n'
    path.write_text(path.read_text(encoding="utf-8") + smtp_table, encoding="utf-8")
    yield Office(dovecot, folder, path, clock, smtp)
    smtp.stop()


def test_a_report_read_after_a_week_the_machine_was_off_is_acknowledged(office: Office) -> None:
    """The machine was off from 15/10 to 27/10. Bình Thạnh 1 reported on time on 20/10: on 27/10 baocao
    read and counted it, but never told the school «Đã nhận»: the acknowledgement window (3 days) counted
    from the mail's receipt, not from when baocao read it. Mỹ An's report of 26/10 was acknowledged."""
    office.runs("2021-10-15 07:35")
    office.sends("th-binh-thanh-1", local("2021-10-20 10:00"), seed=1)
    office.sends("th-my-an", local("2021-10-26 21:00"), seed=2)
    for moment in ("2021-10-27 08:15", "2021-10-27 12:00", "2021-10-28 07:35"):
        office.runs(moment)

    assert len(office.acks("th-binh-thanh-1")) == 1
    assert len(office.acks("th-my-an")) == 1
    # Read again with the current config a week later, nothing is acknowledged twice.
    office.clock.now = local("2021-11-03 08:00")
    office.cli("reprocess")
    office.runs("2021-11-03 08:05")
    assert len(office.acks("th-binh-thanh-1")) == 1 and len(office.acks("th-my-an")) == 1


def test_a_report_that_came_while_the_machine_was_off_over_the_seasons_close_is_acknowledged(
    office: Office,
) -> None:
    """The machine was off from 15/12/2021 to 4/1/2022, over the close of the 2021 season (60 days after the
    deadline: the end of 24/12). Bình Thạnh 1's late report came on 20/12, while the season ran: on 4/1
    baocao read and counted it but never told the school «Đã nhận», as if staff were sorting out an earlier
    season's mail. It is acknowledged once; staff assigning old mail after the close still sends nothing."""
    office.runs("2021-12-15 07:35")
    office.sends("th-binh-thanh-1", local("2021-12-20 10:00"), seed=1)
    for moment in ("2022-01-04 08:15", "2022-01-04 12:00", "2022-01-05 07:35"):
        office.runs(moment)

    assert len(office.acks("th-binh-thanh-1")) == 1
    assert office.status("th-binh-thanh-1")[0] == "late"


def test_a_mailboxs_old_mail_read_the_first_time_is_not_acknowledged(office: Office) -> None:
    """baocao is installed on 27/10 over a mailbox the office has used all season: Bình Thạnh 1's report of
    20/10 is counted, but the school is not written to about it a week later; Mỹ An's of 26/10, within
    the acknowledgement window, is acknowledged."""
    office.sends("th-binh-thanh-1", local("2021-10-20 10:00"), seed=1)
    office.sends("th-my-an", local("2021-10-26 21:00"), seed=2)
    office.runs("2021-10-27 08:15")
    office.runs("2021-10-27 12:00")

    assert office.acks("th-binh-thanh-1") == []
    assert len(office.acks("th-my-an")) == 1


RIGHT, TYPO = 'id = "th-binh-thanh-1"\n', 'id = "th-binh-thahn-1"\n'


def reports_under_a_mistyped_id(office: Office) -> None:
    """Bình Thạnh 1, reminded on 11/10, has its id mistyped in config.toml on 12/10, reports that morning
    and is acknowledged; the id is put back on 13/10."""
    office.runs("2021-10-11 07:35")  # fourteen days before the deadline: every school reminded
    office.edits("2021-10-12 06:00", RIGHT, TYPO)
    office.runs("2021-10-12 07:35")
    office.sends("th-binh-thanh-1", local("2021-10-12 09:30"), seed=1)
    office.runs("2021-10-12 12:00")
    assert len(office.acks("th-binh-thanh-1")) == 1
    office.edits("2021-10-13 06:00", TYPO, RIGHT)
    office.runs("2021-10-13 07:35")


def test_a_report_credited_under_a_mistyped_school_id_waits_for_staff_once_the_id_is_put_right(
    office: Office,
) -> None:
    """The clerk mistyped Bình Thạnh 1's id for a day; the school reported from its registered address
    that day, was credited under the mistyped id and told «Đã nhận». With the id put back, the school stayed
    «Chưa nộp»; its mail waited with no candidate and a reason naming only the vanished id, and once the
    season closed it was in no list at all. It waits for staff, the school its address and paper point to
    as the candidate (never credited silently), and assigning it counts it (`assign` stopped with an error
    naming the vanished id, after it had assigned the mail)."""
    reports_under_a_mistyped_id(office)

    for moment in ("2021-10-20 08:00", "2022-03-01 08:00"):  # while the season runs, and long after
        office.clock.now = local(moment)
        [waiting] = office.waiting()
        assert waiting.candidates == ("th-binh-thanh-1",)
        assert "trường mã «th-binh-thahn-1» nay không còn trong tệp cấu hình" in waiting.reason
        assert (
            "thư gửi từ địa chỉ đã đăng ký của Trường Tiểu học Bình Thạnh 1 và ghi tên trường này"
            in waiting.reason
        )
        assert "(baocao reprocess)" in waiting.reason and "(baocao assign)" in waiting.reason
        state, line = office.status("th-binh-thanh-1")
        assert state == "missing" and "Có 1 thư đang chờ cán bộ xem xét" in line

    assigned = office.cli("assign", waiting.message_key[:12], "th-binh-thanh-1")
    assert "trường mã «th-binh-thahn-1» (nay không còn trong tệp cấu hình)" in assigned
    state, line = office.status("th-binh-thanh-1")
    assert state == "received" and "12/10/2021 09:30" in line
    assert office.waiting() == []


def test_a_school_whose_id_was_mistyped_for_a_day_hears_each_thing_once(office: Office) -> None:
    """Reminded on 11/10 as th-binh-thanh-1, the school was reminded of the same step on 12/10 under the
    mistyped id; and its report, acknowledged under that id, was acknowledged again in the same words
    once the id was put back and the mail read again."""
    reports_under_a_mistyped_id(office)
    office.clock.now = local("2021-10-13 08:00")
    office.cli("reprocess")
    office.runs("2021-10-13 08:05")

    assert office.status("th-binh-thanh-1")[0] == "received"
    assert len(office.reminders("th-binh-thanh-1")) == 1
    assert len(office.acks("th-binh-thanh-1")) == 1
