"""The config.toml `baocao run` works by, read again when the file is edited while it runs.

The daemon asks before each read of the mailbox and each composing (check): the file's digest is compared
with the one it was read from, which costs a read of a small file. A file that loads takes over from then
on; one that does not is said in the log once per change, with its error, and the config read before stays.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from pathlib import Path

from kernel import config as config_mod
from kernel.config import Config
from kernel.errors import ConfigError
from kernel.store import Store

log = logging.getLogger(__name__)

# What `baocao run` set up from the config at start and keeps until it is started again.
AT_START = (
    ("mailboxes", "[imap]/[[mailboxes]]"),
    ("storage", "[storage]"),
    ("web", "[web]"),
    ("oauth", "[oauth2]"),
)


SETTLE_SECONDS = 0.5  # a file seen changing is read again after this, until two reads agree


def _content(path: Path) -> bytes | None:
    """The file as it is now (None when it cannot be read: being saved, moved away)."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def _settled(path: Path, first: bytes | None) -> bytes | None:
    """The file once an editor has finished saving it: a file caught half written would load as a
    shorter roster."""
    for _ in range(20):
        time.sleep(SETTLE_SECONDS)
        again = _content(path)
        if again == first:
            break
        first = again
    return first


def _digest(data: bytes | None) -> str:
    return "" if data is None else hashlib.sha256(data).hexdigest()


class ConfigWatch:
    """The config the daemon runs with and the file it was read from; broken while the file on disk does
    not load (reminders and digests wait for it to be fixed)."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._read = _digest(_content(config.path))
        self._refused = ""  # the digest of the broken file already said in the log
        self.broken = False
        self._one_at_a_time = threading.Lock()  # each mailbox's thread checks before its reads

    def check(self, store: Store) -> Config | None:
        """Read the file again when it changed since the config was read: a new config that loads is
        returned and said in the log (with the command that reads earlier mail again by it, when mail was
        read by another); one that does not is said once per change, and the config read before stays
        (None, as when nothing changed)."""
        with self._one_at_a_time:
            return self._check(store)

    def _check(self, store: Store) -> Config | None:
        path = self.config.path
        data = _content(path)
        if _digest(data) == self._read:
            self.broken = False
            return None
        data = _settled(path, data)
        now = _digest(data)
        if now == self._read:
            self.broken = False
            return None
        if now == self._refused:
            return None
        try:
            if data is None:
                raise ConfigError(f"không đọc được {path} (tệp bị xóa, đổi tên hoặc không có quyền đọc)")
            new = config_mod.loads(data, path)
        except ConfigError as e:
            self._refused, self.broken = now, True
            log.error(
                "Tệp cấu hình %s vừa sửa có lỗi nên chưa dùng được: %s. baocao vẫn đọc thư theo tệp đã đọc "
                "trước đó và tạm hoãn thư nhắc, danh sách chưa nộp và bảng tổng hợp cho đến khi tệp được sửa; "
                "sửa rồi lưu lại tệp là baocao tự đọc lại",
                path,
                e,
            )
            return None
        old, self.config, self._read, self._refused, self.broken = self.config, new, now, "", False
        log.warning("%s", _taken(old, new, store.read_by_other_rules(new.rules)))
        return new


def _taken(old: Config, new: Config, read_before: int) -> str:
    """The one line that says a new config.toml is in use."""
    line = (
        f"Đã đọc lại tệp cấu hình {new.path} (tệp vừa sửa): từ nay baocao đọc thư, nhắc trường và gửi bảng "
        "tổng hợp theo tệp mới"
    )
    if read_before:
        line += f"; {read_before} thư đã đọc trước đó theo tệp cũ: chạy baocao reprocess nếu cần"
    restart = [section for key, section in AT_START if getattr(old, key) != getattr(new, key)]
    if restart:
        line += f"; thay đổi ở {', '.join(restart)} chỉ có hiệu lực khi khởi động lại baocao run"
    return line
