"""Nothing a school sends can stop intake: a huge message or one whose processing kills the process
is recorded failed with a reason staff read in `baocao review`, and the messages after it still come in.

Each run is a child process (`tests.intake.intake_child`) so a memory limit or a crash hits it, not pytest.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main
from intake import pipeline, review
from intake.imap import Envelope, Mailbox
from intake.poller import poll_once
from kernel import config as config_mod
from kernel.archive import Archive, key_of
from kernel.runtime import Runtime
from kernel.store import MessageState
from tests.intake.conftest import HCM, ROOT, report_mail
from tests.intake.intake_child import KILLED, PEAK
from tests.servers import Dovecot

MB = 1024 * 1024
CEILING = 300 * MB  # the peak memory intake must stay under, whatever arrives
ADDRESS_SPACE_MB = 1024  # as `MemoryMax=1G` would allow; the process dies rather than swap

FIRST = (
    "c1binhan.thuthua@example.edu.vn",
    "Trường Tiểu học Bình An",
    dt.datetime(2021, 10, 18, 8, 5, tzinfo=HCM),
)
LAST = (
    "c0myan.thuthua@example.edu.vn",
    "Trường Mẫu giáo Mỹ An",
    dt.datetime(2021, 10, 20, 14, 30, tzinfo=HCM),
)
BIG_AT = dt.datetime(2021, 10, 19, 9, 0, tzinfo=HCM)


def big_mail(size: int, received_at: dt.datetime, marker: str = "") -> bytes:
    """A report with a scan of about size bytes: base64 of zero bytes, built without encoding anything."""
    head = (
        "From: c1mythanh.thuthua@example.edu.vn\r\nTo: pgdthuthua@example.edu.vn\r\n"
        f"Subject: Bao cao NQ121 ban quet {marker}\r\nDate: {format_datetime(received_at)}\r\n"
        f"Message-ID: <lon.{size}.{marker}@example.edu.vn>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="ranh-gioi"\r\n\r\n--ranh-gioi\r\n'
        "Content-Type: text/plain; charset=utf-8\r\n\r\nKinh gui Phong bao cao NQ121.\r\n--ranh-gioi\r\n"
        'Content-Type: application/pdf; name="scan.pdf"\r\nContent-Transfer-Encoding: base64\r\n'
        'Content-Disposition: attachment; filename="scan.pdf"\r\n\r\n'
    ).encode()
    line = b"A" * 76 + b"\r\n"
    return head + line * (size // len(line)) + b"--ranh-gioi--\r\n"


def run_child(config_path: Path, *extra: str) -> tuple[int, str, int]:
    """(exit status, output, peak resident memory in bytes) of one intake run in its own process.

    The peak is the child's own VmHWM: getrusage's ru_maxrss of a child forked from pytest starts at
    pytest's own peak (Linux carries the high-water mark across exec), so it measures the wrong process.
    """
    child = subprocess.run(
        [sys.executable, "-m", "tests.intake.intake_child", str(config_path), *extra],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    peaks = [int(line.split()[1]) for line in child.stdout.splitlines() if line.startswith(PEAK)]
    return child.returncode, child.stdout + child.stderr[-3000:], peaks[0] if peaks else 0


def review_text(config_path: Path) -> str:
    result = CliRunner().invoke(main, ["--config", str(config_path), "review", "--format", "csv"])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_200_mb_message_is_archived_and_refused_within_the_memory_ceiling(
    dovecot: Dovecot, folder: str, config_path: Path
) -> None:
    """A 202 MB message got `poll --once` OOM-killed in a 1 GiB limit every time (peak memory about 13x
    a message's size) and stayed pending forever; now it is streamed to the archive and recorded
    failed with a reason, the reports around it are recorded, and a second run does nothing new."""
    mails = [
        (report_mail(FIRST[0], FIRST[1], FIRST[2], number=1), FIRST[2]),
        (big_mail(200 * MB, BIG_AT), BIG_AT),
        (report_mail(LAST[0], LAST[1], LAST[2], number=2), LAST[2]),
    ]
    dovecot.append(mails, folder)
    del mails

    code, output, peak = run_child(config_path, "--address-space-mb", str(ADDRESS_SPACE_MB))

    assert code == 0, output
    assert peak < CEILING, f"peak {peak / MB:.0f} MB"
    config = config_mod.load(config_path)
    with Runtime.open(config) as rt:
        states = {m.sender: m for m in rt.store.messages()}
        assert states[FIRST[0]].state == MessageState.REPORT
        assert states[LAST[0]].state == MessageState.REPORT
        big = states["c1mythanh.thuthua@example.edu.vn"]
        assert big.state == MessageState.FAILED
        assert rt.archive.size(big.key) > 200 * MB  # the original is kept, whole
    assert "vượt giới hạn 30 MB" in big.reason
    assert "chia thành nhiều thư" in review_text(config_path)

    code, output, _ = run_child(config_path, "--address-space-mb", str(ADDRESS_SPACE_MB))
    assert code == 0, output
    assert "Đã xử lý 0 thư mới" in output


def test_a_50_mb_report_within_a_raised_limit_is_read_and_credited_within_the_memory_ceiling(
    dovecot: Dovecot, folder: str, config_path: Path
) -> None:
    """A report with a 38 MB video of the school's activity (51 MB as mail) under a limit raised to
    60 MB peaked at 430 MB: imaplib's copies of the literal, a normalised copy for the content key
    and cleaned copies of the base64. Now it is fetched in pieces to the archive and decoded where
    it lies, and the report in its body is credited."""
    config_path.write_text(
        config_path.read_text(encoding="utf-8").replace("[storage]", "max_message_mb = 60\n\n[storage]", 1),
        encoding="utf-8",
    )
    video = ("video", "mp4", "Tuyên truyền NQ121.mp4")
    mail = report_mail(FIRST[0], FIRST[1], FIRST[2], attachment=os.urandom(38 * MB), attachment_type=video)
    assert 50 * MB < len(mail) < 55 * MB
    dovecot.append([(mail, FIRST[2])], folder)
    del mail

    code, output, peak = run_child(config_path, "--address-space-mb", str(ADDRESS_SPACE_MB))

    assert code == 0, output
    assert peak < CEILING, f"peak {peak / MB:.0f} MB"
    with Runtime.open(config_mod.load(config_path)) as rt:
        [message] = rt.store.messages()
        assert message.state == MessageState.REPORT, message.reason
        assert rt.archive.size(message.key) > 50 * MB


def test_a_200_megapixel_photo_of_the_report_is_read_and_credited_within_the_memory_ceiling(
    dovecot: Dovecot, folder: str, config_path: Path, photo_200_mp: bytes
) -> None:
    """A photo of the signed report taken in a phone's 200 MP mode was refused as a picture «kích thước
    quá lớn bất thường», and the school asked to take it again at «200-300 dpi». It is read, decoded at a
    quarter of its size, and the report credited, under the memory ceiling (decoded whole, its pixels
    alone would take 800 MB)."""
    mail = EmailMessage()
    mail["From"] = "c1binhthanh1.thuthua@example.edu.vn"
    mail["To"] = "pgdthuthua@example.edu.vn"
    mail["Subject"] = "Báo cáo NQ121 năm 2021"
    mail["Date"] = format_datetime(BIG_AT)
    mail["Message-ID"] = "<anh200mp@example.edu.vn>"
    mail.set_content("Trường gửi ảnh chụp báo cáo đã ký.")
    mail.add_attachment(photo_200_mp, maintype="image", subtype="jpeg", filename="IMG_20211019_090000.jpg")
    dovecot.append([(mail.as_bytes(), BIG_AT)], folder)

    code, output, peak = run_child(config_path, "--address-space-mb", str(ADDRESS_SPACE_MB))

    assert code == 0, output
    assert peak < CEILING, f"peak {peak / MB:.0f} MB"
    with Runtime.open(config_mod.load(config_path)) as rt:
        [message] = rt.store.messages()
        assert message.state == MessageState.REPORT, message.reason
        assert "Tiểu học Bình Thạnh 1" in message.reason


@pytest.mark.parametrize("where", [(), ("--crash-parsing",)], ids=["reading", "parsing"])
def test_a_message_that_kills_intake_every_time_is_given_up_after_the_retry_budget(
    dovecot: Dovecot, folder: str, config_path: Path, where: tuple[str, ...]
) -> None:
    """A message whose processing killed the process stayed `pending` and, under Restart=on-failure,
    the daemon crash-looped on it forever; now after MAX_ATTEMPTS deaths it is recorded failed, shown
    in review, and the report after it is processed. A death while the message was parsed, before its
    pending row counted a start, crash-looped on it still: the work queue's claims count those."""
    poison_at = dt.datetime(2021, 10, 19, 9, 0, tzinfo=HCM)
    dovecot.append(
        [
            (report_mail(FIRST[0], FIRST[1], FIRST[2], number=1), FIRST[2]),
            (big_mail(MB, poison_at, marker="DOC-HAI"), poison_at),
            (report_mail(LAST[0], LAST[1], LAST[2], number=2), LAST[2]),
        ],
        folder,
    )
    # A dead worker's message is taken over when its lease ends: a short one keeps the test short.
    config_path.write_text(
        config_path.read_text(encoding="utf-8").replace("[storage]", "[storage]\nlease_seconds = 2", 1),
        encoding="utf-8",
    )
    crash = ("--crash-on", "DOC-HAI", *where)
    codes = [run_child(config_path, *crash)[0] for _ in range(pipeline.MAX_ATTEMPTS)]
    assert codes == [KILLED] * pipeline.MAX_ATTEMPTS

    code, output, _ = run_child(config_path, *crash)

    assert code == 0, output
    config = config_mod.load(config_path)
    with Runtime.open(config) as rt:
        states = {m.sender: m for m in rt.store.messages()}
    assert states[LAST[0]].state == MessageState.REPORT
    poison = states["c1mythanh.thuthua@example.edu.vn"]
    assert poison.state == MessageState.FAILED
    assert f"dừng đột ngột {pipeline.MAX_ATTEMPTS} lần" in poison.reason
    assert "dừng đột ngột" in review_text(config_path)
    code, output, _ = run_child(config_path, *crash)
    assert code == 0 and "Đã xử lý 0 thư mới" in output  # not fetched again


def test_a_message_left_pending_by_a_killed_run_is_listed_in_review(
    dovecot: Dovecot, folder: str, config_path: Path
) -> None:
    """A message left `pending` by a killed run was invisible to staff until a later run finished it."""
    poison_at = dt.datetime(2021, 10, 19, 9, 0, tzinfo=HCM)
    dovecot.append([(big_mail(MB, poison_at, marker="DOC-HAI"), poison_at)], folder)
    assert run_child(config_path, "--crash-on", "DOC-HAI")[0] == KILLED
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    config = config_mod.load(config_path)
    with Runtime.open(config, clock=lambda: later) as rt:
        rows = review.unfinished(rt)
    assert [r.sender for r in rows] == ["c1mythanh.thuthua@example.edu.vn"]
    assert "chưa xử lý xong" in rows[0].reason


def test_a_message_archived_in_pieces_has_the_key_and_bytes_of_the_whole(tmp_path: Path) -> None:
    """A message streamed in pieces must be found again under the key its whole bytes give."""
    archive = Archive(tmp_path / "archive")
    pieces = [b"From: a@b.vn\r\n\r\n", b"A" * 1000, b"", b"B" * 7]
    key = archive.put_chunks(iter(pieces))
    assert key == key_of(b"".join(pieces))
    assert archive.get(key) == b"".join(pieces)
    assert archive.put_chunks(iter(pieces)) == key  # writing it again changes nothing
    assert [p.name for p in (tmp_path / "archive").iterdir() if p.name.startswith(".tmp")] == []


def test_an_oversized_file_in_an_export_is_archived_and_refused_not_read(
    config_file: Path, tmp_path: Path
) -> None:
    """baocao import read every .eml file whole, whatever its size. Refused, one from an address of no
    school waits for staff, who were told to run reprocess, which refuses it the same way; one from a
    school's address is the school's report that could not be read, which the school is told."""
    export = tmp_path / "xuat"
    export.mkdir()
    when = dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
    big = big_mail(40 * MB, when)
    (export / "1.eml").write_bytes(
        report_mail("c1binhan.thuthua@example.edu.vn", "Trường Tiểu học Bình An", when)
    )
    (export / "2.eml").write_bytes(big)
    (export / "3.eml").write_bytes(
        big.replace(b"c1mythanh.", b"c1mythanha.", 1).replace(b"<lon.", b"<lon.a.", 1)
    )
    result = CliRunner().invoke(main, ["--config", str(config_file), "import", str(export)])
    assert "1 báo cáo được ghi nhận, 1 báo cáo không đọc được tệp" in result.output, result.output
    assert "1 thư vượt giới hạn dung lượng" in result.output and "reprocess để xử lý lại" not in result.output
    with Runtime.open(config_mod.load(config_file)) as rt:
        [refused] = rt.store.messages(states=[MessageState.FAILED])
        assert "vượt giới hạn 30 MB" in refused.reason and refused.subject.startswith("Bao cao NQ121")
        assert rt.archive.get(refused.key) == big
        [told] = rt.store.messages(states=[MessageState.UNREADABLE])
        [sub] = rt.store.submissions(message_keys=[told.key])
        assert sub.school_id == "th-my-thanh-a" and "vượt giới hạn 30 MB" in sub.problems[0]


def test_an_oversized_message_deleted_before_it_is_fetched_is_not_recorded(
    dovecot: Dovecot, folder: str, config_path: Path
) -> None:
    """An oversized message moved or deleted between listing the folder and fetching it was recorded
    as a failed "too large" message with empty bytes, which staff then found in review with nothing
    to open. Now it is skipped, as a vanished message of readable size is, and the rest is read."""
    config_path.write_text(
        config_path.read_text(encoding="utf-8").replace("[storage]", "max_message_mb = 1\n\n[storage]", 1),
        encoding="utf-8",
    )
    first, big = dovecot.append(
        [(report_mail(FIRST[0], FIRST[1], FIRST[2], number=1), FIRST[2]), (big_mail(2 * MB, BIG_AT), BIG_AT)],
        folder,
    )

    class Deleting(Mailbox):
        """The mailbox as a second client empties it: the big message goes once its size is known."""

        def envelopes(self, uids: Sequence[int]) -> list[Envelope]:
            listed = super().envelopes(uids)
            with dovecot.client() as other:
                other.select_folder(folder)
                other.delete_messages([big])
                other.expunge()
            return listed

    config = config_mod.load(config_path)
    assert config.imap is not None
    imap = config.imap
    with Runtime.open(config) as rt:
        tally = poll_once(rt, lambda: Deleting(imap))
        assert [(m.sender, m.state) for m in rt.store.messages()] == [(FIRST[0], MessageState.REPORT)]
        assert tally.failed == 0
