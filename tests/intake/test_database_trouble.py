"""A database held by another program, on a full disk or read-only is never a message's fault: the command
stops with one Vietnamese line, records nothing as failed, and running it again reads the mail (real
SQLite files and a real PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import create_engine, text

from app.cli import main
from kernel import config as config_mod
from kernel import store as store_mod
from kernel.store import MessageState, Store
from tests.conftest import _fresh_database
from tests.intake.conftest import report_mail

AT = dt.datetime(2021, 10, 18, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def short_busy_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """A write waits a fraction of a second for the lock another program holds, not half a minute."""
    monkeypatch.setattr(store_mod, "BUSY_SECONDS", 0.2)


def _cli(config_file: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--config", str(config_file), *args])


def _export(config_file: Path, tmp_path: Path) -> Path:
    """A folder holding Tiểu học Mỹ An's report, as exported from webmail."""
    school = config_mod.load(config_file).school("th-my-an")
    export = tmp_path / "xuat"
    export.mkdir()
    (export / "bao-cao.eml").write_bytes(report_mail(school.emails[0], school.name, AT))
    return export


def _stopped_cleanly(result: Result, *words: str) -> None:
    """The command ended with exit code 1 and one Vietnamese line saying what the database's trouble is."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.output  # not an error the command let through
    said = result.output.strip().splitlines()[-1]
    assert said.startswith("Lỗi: ") and "Chưa có gì bị mất" in said and "chạy lại lệnh" in said, said
    for word in words:
        assert word in said, said
    for english in ("Traceback", "OperationalError", "sqlalche", "[storage].database"):
        assert english not in result.output, result.output


def _read_again(config_file: Path, export: Path) -> None:
    """Nothing was recorded as failed; the same import, run again, records the report."""
    database = config_mod.load(config_file).storage.database
    store = Store.open(database)
    try:
        assert [m for m in store.messages() if m.state == MessageState.FAILED] == []
        again = _cli(config_file, "import", str(export))
        assert again.exit_code == 0, again.output
        assert [m.state for m in store.messages()] == [MessageState.REPORT]
        assert [s.school_id for s in store.submissions()] == ["th-my-an"]
    finally:
        store.close()
    assert "Lỗi chương trình" not in _cli(config_file, "review").output


@contextmanager
def _held(path: Path) -> Iterator[None]:
    """Another program (a backup, a database browser with unsaved changes) holds the write lock."""
    with closing(sqlite3.connect(path, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        other.execute("CREATE TABLE IF NOT EXISTS held (x)")
        yield
        other.execute("ROLLBACK")


def test_importing_while_another_program_holds_the_database_records_no_failure(
    config_file: Path, tmp_path: Path
) -> None:
    """An import run while a backup (or DB Browser with unsaved changes) held the SQLite database recorded
    its first mail as failed with no sender nor subject, «Lỗi chương trình khi đọc thư này», so the school
    counted as not submitted, and printed English log lines and a SQLAlchemy traceback. The command now
    says the database is held by another program, records nothing, and the same import reads the mail."""
    export = _export(config_file, tmp_path)
    assert _cli(config_file, "status").exit_code == 0  # the database exists
    with _held(tmp_path / "var" / "baocao.db"):
        held = _cli(config_file, "import", str(export))
    _stopped_cleanly(held, "đang bị một chương trình khác giữ")
    _read_again(config_file, export)


@contextmanager
def _small_disk(folder: Path, size: str) -> Iterator[None]:
    """A file system of its own of that size at folder (a tmpfs), unmounted at the end."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system (tmpfs) needs root")
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=True)
    try:
        yield
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)


def test_importing_when_the_database_disk_is_full_says_so(config_file: Path, tmp_path: Path) -> None:
    """The database's disk filled up during an import: the clerk saw a traceback ending in «sqlite3.
    OperationalError: database or disk is full». The command now says the disk is full, records nothing,
    and the same import reads the mail once space is freed."""
    export = _export(config_file, tmp_path)
    with _small_disk(tmp_path / "var", "2m"):
        assert _cli(config_file, "status").exit_code == 0
        filler = tmp_path / "var" / "filler"
        with open(filler, "wb") as f:  # the disk full but for a few pages
            f.write(bytes(os.statvfs(filler.parent).f_bavail * os.statvfs(filler.parent).f_frsize - 16384))
        full = _cli(config_file, "import", str(export))
        _stopped_cleanly(full, "ổ đĩa chứa cơ sở dữ liệu", "đã đầy")
        filler.unlink()
        _read_again(config_file, export)


def test_a_database_on_a_disk_gone_read_only_is_said_so(config_file: Path, tmp_path: Path) -> None:
    """A database whose disk the system remounted read-only (a failing disk) gave «không mở được cơ sở dữ
    liệu …: (sqlite3.OperationalError) unable to open database file … Kiểm tra [storage].database»: the
    config was right. The command now says the disk is read-only."""
    export = _export(config_file, tmp_path)
    with _small_disk(tmp_path / "var", "4m"):
        assert _cli(config_file, "status").exit_code == 0
        subprocess.run(["mount", "-o", "remount,ro", str(tmp_path / "var")], check=True)
        _stopped_cleanly(_cli(config_file, "import", str(export)), "chỉ cho đọc", "ổ đĩa")
        subprocess.run(["mount", "-o", "remount,rw", str(tmp_path / "var")], check=True)
        _read_again(config_file, export)


def test_the_status_is_shown_from_a_database_on_a_disk_gone_read_only(
    config_file: Path, tmp_path: Path
) -> None:
    """With the database's disk read-only, `baocao status` refused to show anything («Lỗi: cơ sở dữ liệu …
    chỉ cho đọc …») though it only reads: SQLite could not make the -shm file it reads a WAL database with.
    It shows what is recorded; a command that writes still says the disk is read-only."""
    export = _export(config_file, tmp_path)
    with _small_disk(tmp_path / "var", "4m"):
        assert _cli(config_file, "import", str(export)).exit_code == 0
        subprocess.run(["mount", "-o", "remount,ro", str(tmp_path / "var")], check=True)
        try:
            shown = _cli(config_file, "status")
            assert shown.exit_code == 0, shown.output
            assert "Trường Tiểu học Mỹ An" in shown.output and "Lỗi" not in shown.output
            _stopped_cleanly(_cli(config_file, "import", str(export)), "chỉ cho đọc", "ổ đĩa")
        finally:
            subprocess.run(["mount", "-o", "remount,rw", str(tmp_path / "var")], check=True)


def test_importing_into_a_read_only_postgresql_database_says_so(
    config_file: Path, tmp_path: Path, postgres_url: str, postgres_migrated: str
) -> None:
    """A PostgreSQL server that only reads (a standby, or default_transaction_read_only set) answers every
    write with SQLSTATE 25006: the import recorded the mail as a program error, as it would any error. It
    now says the server only reads, and the same import reads the mail once it writes again."""
    url = _fresh_database(postgres_url, postgres_migrated)
    name = url.rsplit("/", 1)[1]
    config_file.write_text(
        config_file.read_text(encoding="utf-8").replace("sqlite:///var/baocao.db", url), encoding="utf-8"
    )
    export = _export(config_file, tmp_path)
    admin = create_engine(postgres_url + "postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f"ALTER DATABASE {name} SET default_transaction_read_only = on"))
        refused = _cli(config_file, "import", str(export))
        with admin.connect() as conn:
            conn.execute(text(f"ALTER DATABASE {name} RESET default_transaction_read_only"))
    finally:
        admin.dispose()
    assert refused.exit_code == 1, refused.output
    said = refused.output.strip().splitlines()[-1]
    assert said.startswith("Lỗi: máy chủ cơ sở dữ liệu") and "chỉ cho đọc" in said, said
    assert "Traceback" not in refused.output and "25006" not in refused.output, refused.output
    _read_again(config_file, export)
