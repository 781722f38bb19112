"""Content-addressed archive of raw messages: every message is written here before it is read."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from kernel.errors import StoreError, write_problem


def key_of(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


class Archive:
    """Raw bytes under DIR/ab/cd/<sha256>.eml; writing the same message twice is a no-op."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, key: str) -> Path:
        return self.root / key[:2] / key[2:4] / f"{key}.eml"

    def put(self, raw: bytes) -> str:
        key = key_of(raw)
        path = self.path(key)
        if path.exists():
            return key
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as f:
                f.write(raw)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except OSError as e:
            raise StoreError(
                f"không ghi được thư {key[:12]} vào kho lưu trữ {self.root}: {write_problem(e)}. Kiểm tra quyền "
                "ghi và dung lượng đĩa."
            ) from e
        return key

    def put_chunks(self, chunks: Iterable[bytes]) -> str:
        """Write a message that arrives in pieces (too large to hold whole) and return its key.

        The key is the same put() would give the joined bytes; only one chunk is in memory at a time.
        """
        digest = hashlib.sha256()
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as f:
                    for chunk in chunks:
                        digest.update(chunk)
                        f.write(chunk)
                    f.flush()
                    os.fsync(f.fileno())
                key = digest.hexdigest()
                path = self.path(key)
                path.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as e:
            raise StoreError(
                f"không ghi được một thư lớn vào kho lưu trữ {self.root}: {write_problem(e)}. Kiểm tra quyền ghi "
                "và dung lượng đĩa."
            ) from e
        return key

    def size(self, key: str) -> int:
        try:
            return self.path(key).stat().st_size
        except OSError as e:
            raise StoreError(f"không có thư {key[:12]} trong kho lưu trữ {self.root}: {e}") from e

    def head(self, key: str, max_bytes: int) -> bytes:
        """The first max_bytes of a message (its header block, for one too large to read whole)."""
        try:
            with self.path(key).open("rb") as f:
                return f.read(max_bytes)
        except OSError as e:
            raise StoreError(f"không có thư {key[:12]} trong kho lưu trữ {self.root}: {e}") from e

    def get(self, key: str) -> bytes:
        try:
            return self.path(key).read_bytes()
        except OSError as e:
            raise StoreError(f"không có thư {key[:12]} trong kho lưu trữ {self.root}: {e}") from e
