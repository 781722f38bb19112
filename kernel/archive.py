"""Content-addressed archive of raw messages: every message is written here before it is read."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from kernel.errors import ArchiveDamagedError, StoreError, read_problem, write_problem

T = TypeVar("T")


# The name a message file has until it is whole and flushed; one left behind is a write that never
# finished (the process killed in the middle of it: kill -9, a power cut).
TEMPORARY = ".tmp-"
FLUSHING_THREADS = 8  # fsyncs in flight at once: enough for one journal commit to serve a FETCH batch


def key_of(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _together(flush: Callable[[T], None], items: Sequence[T]) -> None:
    """flush(item) for each item, several at a time (the first error is raised once all are tried)."""
    if len(items) <= 1:
        for item in items:
            flush(item)
        return
    with ThreadPoolExecutor(min(FLUSHING_THREADS, len(items)), thread_name_prefix="archive-fsync") as pool:
        for done in [pool.submit(flush, item) for item in items]:
            done.result()


def _fsync_folder(folder: Path) -> None:
    """Flush a folder's entries to disk, so a file renamed into it survives a power cut."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    except OSError as e:
        if e.errno != errno.EINVAL:  # a file system that cannot flush a folder (some network ones)
            raise
    finally:
        os.close(fd)


class Archive:
    """Raw bytes under DIR/ab/cd/<sha256>.eml; writing the same message twice is a no-op."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, key: str) -> Path:
        return self.root / key[:2] / key[2:4] / f"{key}.eml"

    def put(self, raw: bytes) -> str:
        return self.put_many([raw])[0]

    def put_many(self, raws: Sequence[bytes]) -> list[str]:
        """Write several messages (a FETCH batch) and return their keys, in order: each is on disk, under
        its name, when this returns. The files are written first and flushed together, then renamed into
        place and their folders flushed once each: concurrent fsyncs share the file system's journal
        commits, where one after the other each waited for its own (about 4 ms a message on ext4)."""
        keys = [key_of(raw) for raw in raws]
        written: list[tuple[int, str, Path]] = []  # (open file, temporary name, final path)
        folders: set[Path] = set()
        placed: set[Path] = set()  # a batch holding the same message twice writes it once
        failed = keys[0] if keys else ""  # the message named when writing fails
        try:
            try:
                for key, raw in zip(keys, raws, strict=True):
                    path = self.path(key)
                    if path in placed or self._holds(path, key):
                        continue
                    placed.add(path)
                    failed = key
                    folders |= self._made(path.parent)
                    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=TEMPORARY)
                    written.append((fd, tmp, path))
                    view = memoryview(raw)
                    while view:
                        view = view[os.write(fd, view) :]
                _together(os.fsync, [fd for fd, _, _ in written])
            finally:
                for fd, _, _ in written:
                    os.close(fd)
            for _, tmp, path in written:
                os.replace(tmp, path)
            _together(_fsync_folder, sorted(folders))
        except OSError as e:
            for _, tmp, _ in written:
                Path(tmp).unlink(missing_ok=True)
            raise StoreError(
                f"không ghi được thư {failed[:12]} vào kho lưu trữ {self.root}: {write_problem(e)}. Kiểm tra "
                "quyền ghi và dung lượng đĩa."
            ) from e
        return keys

    def _holds(self, path: Path, key: str) -> bool:
        """Whether the file at path is the message under key: one damaged on disk is written again whole
        (a rescan fetching the message from the mailbox repairs it)."""
        try:
            return key_of(path.read_bytes()) == key
        except OSError:
            return False

    def _made(self, folder: Path) -> set[Path]:
        """Make folder (and the folders above it in the archive) if need be; the folders whose entries
        that changed or will change, to be flushed once the message files are in place."""
        changed = {folder}
        missing = folder
        while not missing.is_dir() and missing != missing.parent:
            changed.add(missing.parent)
            missing = missing.parent
        if len(changed) > 1:
            folder.mkdir(parents=True, exist_ok=True)
        return changed

    def unfinished(self, before: dt.datetime) -> list[Path]:
        """The temporary files of writes that never finished, last written before `before`. A write going
        on, on this machine or another sharing the archive, keeps its file's time recent."""
        found = []
        for path in self.root.rglob(f"{TEMPORARY}*"):
            try:
                if path.is_file() and path.stat().st_mtime < before.timestamp():
                    found.append(path)
            except OSError:  # renamed into place or removed meanwhile: finished
                continue
        return sorted(found)

    def put_chunks(self, chunks: Iterable[bytes]) -> str:
        """Write a message that arrives in pieces (too large to hold whole) and return its key.

        The key is the same put() would give the joined bytes; only one chunk is in memory at a time.
        """
        digest = hashlib.sha256()
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.root, prefix=TEMPORARY)
            try:
                with os.fdopen(fd, "wb") as f:
                    for chunk in chunks:
                        digest.update(chunk)
                        f.write(chunk)
                    f.flush()
                    os.fsync(f.fileno())
                key = digest.hexdigest()
                path = self.path(key)
                folders = self._made(path.parent)
                os.replace(tmp, path)
                _together(_fsync_folder, sorted(folders))
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as e:
            raise StoreError(
                f"không ghi được một thư lớn vào kho lưu trữ {self.root}: {write_problem(e)}. Kiểm tra quyền ghi "
                "và dung lượng đĩa."
            ) from e
        return key

    def _unreadable(self, key: str, e: OSError) -> StoreError:
        """The error for a message that cannot be read from the archive, saying why in Vietnamese."""
        if e.errno == errno.ENOENT:
            return StoreError(
                f"không còn bản gốc của thư {key[:12]} trong kho lưu trữ {self.root}: tệp đã bị xóa hoặc "
                "[storage].archive đang trỏ sai chỗ; chép lại kho lưu trữ từ bản sao lưu, sửa [storage].archive, "
                "hoặc chạy baocao rescan để tải lại thư từ hộp thư"
            )
        return StoreError(f"không đọc được thư {key[:12]} trong kho lưu trữ {self.root}: {read_problem(e)}")

    def size(self, key: str) -> int:
        try:
            return self.path(key).stat().st_size
        except OSError as e:
            raise self._unreadable(key, e) from e

    def head(self, key: str, max_bytes: int) -> bytes:
        """The first max_bytes of a message (its header block, for one too large to read whole)."""
        try:
            with self.path(key).open("rb") as f:
                return f.read(max_bytes)
        except OSError as e:
            raise self._unreadable(key, e) from e

    def get(self, key: str) -> bytes:
        """The message under key, checked against its name: a file whose bytes are not the message's
        (damaged on disk) raises ArchiveDamagedError, and is never read as another message."""
        path = self.path(key)
        try:
            raw = path.read_bytes()
        except OSError as e:
            raise self._unreadable(key, e) from e
        if key_of(raw) != key:
            raise ArchiveDamagedError(
                f"tệp thư gốc {path} trong kho lưu trữ bị hỏng (nội dung không còn khớp với mã SHA-256 là tên "
                "tệp: lỗi đĩa, tệp bị ghi đè hoặc bị cắt ngắn), nên không đọc lại thư này; bản ghi đã có của thư "
                "được giữ nguyên. Chép lại tệp này từ bản sao lưu (baocao backup), hoặc chạy baocao rescan nếu "
                "thư vẫn còn trong hộp thư để tải lại bản gốc"
            )
        return raw
