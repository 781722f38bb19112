"""`baocao backup`: a copy of the SQLite database and of the archive that a restore can start from.

The database is copied with SQLite's online backup API, a consistent copy taken while baocao runs (a plain
`cp` of a database in WAL mode leaves out what is still in its -wal file), then the archive: every message
is archived before the database records it, so each message the copy records has its original in the
copied archive. The archive's files never change once written (their name is their SHA-256), so a later
backup into the same folder copies only the new ones.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kernel.archive import TEMPORARY, key_of
from kernel.config import Config
from kernel.errors import StoreError, read_problem, write_problem

ARCHIVE_FOLDER = "archive"  # the archive's copy, inside the backup folder


@dataclass(frozen=True)
class Backup:
    database: Path | None  # the database's copy; None for PostgreSQL (pg_dump copies it)
    copied: int  # archive files copied by this backup
    kept: int  # archive files an earlier backup into the folder had copied already


def backup(config: Config, target: Path) -> Backup:
    """Copy config's SQLite database, then its archive, into the folder target (made if need be)."""
    url = config.storage.database
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreError(f"không tạo được thư mục sao lưu {target}: {write_problem(e)}") from e
    database = (
        _database(Path(url.removeprefix("sqlite:///")), target) if url.startswith("sqlite:///") else None
    )
    copied, kept = _archive(config.storage.archive, target / ARCHIVE_FOLDER)
    return Backup(database, copied, kept)


def _database(source: Path, target: Path) -> Path:
    """source copied into target under its own name, whole or not at all (a copy made before is kept
    until the new one is complete)."""
    if not source.is_file():
        raise StoreError(f"không có cơ sở dữ liệu {source}: kiểm tra [storage].database")
    copy = target / source.name
    fd, tmp = tempfile.mkstemp(dir=target, prefix=TEMPORARY)
    os.close(fd)
    try:
        src, dst = sqlite3.connect(source), sqlite3.connect(tmp)
        try:
            src.backup(dst)  # one step: a snapshot, while baocao goes on writing (WAL)
        finally:
            dst.close()
            src.close()
        os.chmod(tmp, 0o600)  # the reports' text and the schools' addresses, as the database itself
        os.replace(tmp, copy)
    except (OSError, sqlite3.Error) as e:
        Path(tmp).unlink(missing_ok=True)
        raise StoreError(f"không sao lưu được cơ sở dữ liệu {source} vào {target}: {e}") from e
    return copy


def _archive(source: Path, target: Path) -> tuple[int, int]:
    """The archive's messages copied into target, those not there yet: (copied, already there)."""
    copied = kept = 0
    damaged: list[Path] = []
    if not source.is_dir():
        raise StoreError(
            f"không có kho lưu trữ {source}: kiểm tra [storage].archive (ổ đĩa đã gắn chưa); cơ sở dữ liệu "
            "đã được sao lưu"
        )
    for path in sorted(source.glob("??/??/*.eml")):
        copy = target / path.relative_to(source)
        if copy.exists():
            kept += 1
            continue
        try:
            copy.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=copy.parent, prefix=TEMPORARY)
            os.close(fd)
            try:
                shutil.copyfile(path, tmp)
                if key_of(Path(tmp).read_bytes()) != path.stem:
                    damaged.append(path)  # a damaged copy would be taken for the message at a restore
                    continue
                os.replace(tmp, copy)
            finally:
                Path(tmp).unlink(missing_ok=True)
        except OSError as e:
            problem = read_problem(e) if e.filename == str(path) else write_problem(e)
            raise StoreError(f"không chép được {path} vào bản sao lưu {target}: {problem}") from e
        copied += 1
    if damaged:
        raise StoreError(
            f"đã sao lưu, trừ {len(damaged)} tệp thư gốc bị hỏng trong kho lưu trữ (nội dung không khớp với tên "
            f"tệp): {', '.join(map(str, damaged))}. Chép lại các tệp này từ một bản sao lưu cũ hơn, hoặc chạy "
            "baocao rescan nếu thư vẫn còn trong hộp thư, rồi chạy lại baocao backup"
        )
    return copied, kept
