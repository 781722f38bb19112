"""Several folders watched by one install: each read, marked and waited for on its own."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

from click.testing import CliRunner

from app.cli import mailbox_factories, main
from intake import poller
from intake.locations import Locations
from kernel import config as config_mod
from kernel.freshness import Freshness
from kernel.runtime import Runtime
from scheduler import jobs
from tests.intake.conftest import HCM, report_mail, write_config
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
        assert jobs.stale_mailboxes(rt, dt.datetime.now(dt.UTC)) == []
        # An hour later with only the first folder read again, reminders wait for the second.
        later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
        Freshness(rt.store).mark_read(first.name, later)
        assert [r.mailbox for r in jobs.stale_mailboxes(rt, later)] == [second.name]


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
