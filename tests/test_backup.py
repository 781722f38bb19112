"""`baocao backup`: a copy of the database and the archive, taken while baocao writes, that a restore
starts from with every recorded message and its original."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
import threading
from pathlib import Path

from click.testing import CliRunner

from app.cli import main
from intake import pipeline
from kernel import config as config_mod
from kernel.runtime import Runtime
from tests.intake.conftest import HCM, report_mail

SCHOOL = ("c1binhan.thuthua@example.edu.vn", "Trường Tiểu học Bình An")
START = dt.datetime(2021, 10, 20, 9, tzinfo=HCM)


def _baocao(config_file: Path, *args: str) -> str:
    done = CliRunner().invoke(main, ["--config", str(config_file), *args])
    assert done.exit_code == 0, done.output
    return done.output


def _mail(number: int) -> bytes:
    return report_mail(*SCHOOL, START + dt.timedelta(minutes=number), number=number)


def _restored(config_file: Path, copy: Path, into: Path) -> Path:
    """The backup in copy put back as README says, under into, with a config.toml pointing there."""
    into.mkdir()
    shutil.copy2(copy / "baocao.db", into / "baocao.db")
    shutil.copytree(copy / "archive", into / "archive")
    text = config_file.read_text(encoding="utf-8")
    restored = into / "config.toml"
    restored.write_text(
        text.replace(
            'database = "sqlite:///var/baocao.db"', f'database = "sqlite:///{into / "baocao.db"}"'
        ).replace('archive = "var/archive"', f'archive = "{into / "archive"}"'),
        encoding="utf-8",
    )
    assert f"sqlite:///{into}" in restored.read_text(encoding="utf-8")
    return restored


def test_a_backup_taken_while_mail_is_recorded_restores_whole(config_file: Path, tmp_path: Path) -> None:
    """A plain `cp` of the live database (WAL) lost rows, and the restored copy's `run` acknowledged mail
    again. `baocao backup` copies the database through SQLite's backup API while a reader records mail,
    then the archive: the restored copy holds a consistent set of messages, each with its original, and
    the same status as the office had."""
    folder = tmp_path / "thu"
    folder.mkdir()
    for n in range(1, 4):
        (folder / f"{n}.eml").write_bytes(_mail(n))
    _baocao(config_file, "import", str(folder))
    copy = tmp_path / "sao-luu"
    stop, recorded = threading.Event(), []

    def reader() -> None:  # mail keeps coming in while the backup runs
        with Runtime.open(config_mod.load(config_file)) as rt:
            number = 100
            while not stop.is_set():
                number += 1
                outcome = pipeline.ingest(rt, _mail(number), received_at=rt.clock(), source="test")
                recorded.append(outcome.key)

    writing = threading.Thread(target=reader)
    writing.start()
    try:
        while len(recorded) < 3:
            stop.wait(0.05)
        first = _baocao(config_file, "backup", str(copy))
    finally:
        stop.set()
        writing.join()
    assert recorded and "Đã sao lưu cơ sở dữ liệu vào" in first

    restored = _restored(config_file, copy, tmp_path / "khoi-phuc-1")
    with sqlite3.connect(tmp_path / "khoi-phuc-1" / "baocao.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with Runtime.open(config_mod.load(restored)) as rt:
        keys = [m.key for m in rt.store.messages()]
        for key in keys:
            rt.archive.get(key)  # every recorded message has its original, whole
    assert len(keys) >= 3 + 3  # the imported mail, and what the reader recorded before the backup began

    # Nothing written now: a second backup copies only the new originals, and restores the same status.
    again = _baocao(config_file, "backup", str(copy))
    copied, kept = map(int, re.search(r"Đã chép (\d+) thư gốc mới .* \((\d+) thư đã có", again).groups())
    assert kept >= len(keys) and copied == len(recorded) + 3 - kept
    restored = _restored(config_file, copy, tmp_path / "khoi-phuc-2")
    status = ["status", "--year", "2021", "--format", "csv"]
    assert _baocao(restored, *status) == _baocao(config_file, *status)
    assert _baocao(restored, "history", "th-binh-an", "--format", "json") == _baocao(
        config_file, "history", "th-binh-an", "--format", "json"
    )
