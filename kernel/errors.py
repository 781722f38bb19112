"""Errors of the kernel, and the base class of every error baocao raises on purpose."""

from __future__ import annotations

import errno
import re

_WRITE_PROBLEMS = {
    errno.ENOENT: "thư mục chứa tệp không tồn tại",
    errno.EACCES: "không có quyền ghi",
    errno.EPERM: "không có quyền ghi",
    errno.EISDIR: "đó là một thư mục",
    errno.ENOTDIR: "trên đường dẫn có một tệp chứ không phải thư mục",
    errno.ENOSPC: "đĩa đã đầy",
    errno.EDQUOT: "đã hết hạn mức dung lượng đĩa của tài khoản",
    errno.EROFS: "ổ đĩa chỉ cho đọc (có thể đĩa bị lỗi hoặc gắn sai)",
}


_READ_PROBLEMS = {
    errno.ENOENT: "tệp không còn",
    errno.EACCES: "không có quyền đọc",
    errno.EPERM: "không có quyền đọc",
    errno.EISDIR: "đó là một thư mục",
    errno.ENOTDIR: "trên đường dẫn có một tệp chứ không phải thư mục",
    errno.EIO: "lỗi đọc đĩa (có thể đĩa bị hỏng)",
}


def read_problem(e: OSError) -> str:
    """Why a file could not be read, in Vietnamese for the usual causes (the system's words otherwise)."""
    return _READ_PROBLEMS.get(e.errno or 0, e.strerror or str(e))


def write_problem(e: OSError) -> str:
    """Why a file could not be written, in Vietnamese for the usual causes (the system's words otherwise)."""
    return _WRITE_PROBLEMS.get(e.errno or 0, e.strerror or str(e))


_CLOSED = "máy chủ đã đóng kết nối"
_REFUSED = "máy chủ từ chối kết nối"
_NO_ANSWER = "máy chủ không trả lời (quá thời gian chờ)"
# What imapclient, imaplib, smtplib and ssl say of a connection that broke, as staff read it. The first that
# matches is replaced, wherever it stands in the text.
_NETWORK_PROBLEMS = (
    (re.compile(r"(?:\[Errno \d+\] )?Connection refused", re.I), _REFUSED),
    (
        re.compile(r"Unexpected IDLE response: b?['\"]?\* BYE[^'\"]*['\"]?|\* BYE\b.*", re.I),
        f"{_CLOSED} (máy chủ đang tắt hoặc khởi động lại?)",
    ),
    (re.compile(r"Connection unexpectedly closed: (?:The read operation )?timed out", re.I), _NO_ANSWER),
    (
        re.compile(
            r"(?:command: \w+ => )?socket error: EOF|EOF occurred in violation of protocol[^,;]*"
            r"|Connection unexpectedly closed|(?:\[Errno \d+\] )?(?:Connection reset by peer|Broken pipe)",
            re.I,
        ),
        _CLOSED,
    ),
    (
        re.compile(
            r"(?:command: \w+ => )?(?:\[Errno \d+\] )?(?:cannot read from timed out object"
            r"|(?:The (?:read|write|handshake) operation |Connection |socket )?timed out)",
            re.I,
        ),
        _NO_ANSWER,
    ),
)


def network_problem(text: str) -> str:
    """A failed connection's reason in Vietnamese for the usual causes (the server closed the connection,
    shut down, or did not answer in time); the library's own words otherwise."""
    for pattern, said in _NETWORK_PROBLEMS:
        if pattern.search(text):
            return pattern.sub(said, text, count=1)
    return text


class BaocaoError(Exception):
    """Base class for every error baocao raises on purpose; the CLI shows its message as one line."""


class ConfigError(BaocaoError):
    """Raised when config.toml is missing, unreadable, or has a missing or wrong key."""


class StoreError(BaocaoError):
    """Raised when the database or the archive cannot be opened or written."""


class ArchiveDamagedError(StoreError):
    """Raised when a message read back from the archive is not what was written: its bytes no longer hash to
    its file's name (a disk error, a file overwritten or cut short). Nothing is read from it."""


class DatabaseUnusableError(StoreError):
    """Raised when the database cannot be used just now through no fault of what was being done (its disk,
    another program holding it): nothing is recorded as failed, and the same command is run again later.
    Raised as such for a disk that cannot be read or written (an I/O error, a file that cannot be opened)."""

    def __init__(self, said: str, *, unattended: str = "") -> None:
        """said: the trouble and what to do before running the command again; unattended: the trouble and
        what to do as a process that tries again by itself (the daemon) says it, without running anything
        again by hand (said when it is the same)."""
        super().__init__(said)
        self.unattended = unattended or said


class DatabaseAwayError(DatabaseUnusableError):
    """Raised when no database server answers at the configured address: none running, or one restarting."""


class DatabaseBusyError(DatabaseUnusableError):
    """Raised when another program (a backup, a database browser with unsaved changes) holds the SQLite
    database's write lock for longer than a write waits for it."""


class DatabaseCrowdedError(DatabaseUnusableError):
    """Raised when the PostgreSQL server takes no more connections: every one of its max_connections is
    held (by other programs, or by too many processes of baocao)."""


class DatabaseFullError(DatabaseUnusableError):
    """Raised when the disk holding the database is full (PostgreSQL: SQLSTATE 53100)."""


class DatabaseReadOnlyError(DatabaseUnusableError):
    """Raised when the database may only be read: its disk mounted read-only, its file or folder not
    writable, a PostgreSQL server in read-only mode (SQLSTATE 25006)."""


class NotFoundError(BaocaoError):
    """Raised when a command names a message, school or report that does not exist."""


class MachineError(BaocaoError):
    """Raised when a machine to forget (`baocao machines --forget`) is none the database knows, is one of
    several by that host name (one config.toml each), or was seen so lately that it may still be running."""
