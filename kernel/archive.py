"""Content-addressed archive of raw messages: every message is written here before it is read."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from kernel.errors import StoreError


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
                f"không ghi được thư {key[:12]} vào kho lưu trữ {self.root}: {e}. Kiểm tra quyền ghi và dung lượng đĩa."
            ) from e
        return key

    def get(self, key: str) -> bytes:
        try:
            return self.path(key).read_bytes()
        except OSError as e:
            raise StoreError(f"không có thư {key[:12]} trong kho lưu trữ {self.root}: {e}") from e
