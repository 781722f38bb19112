"""Errors of the kernel, and the base class of every error baocao raises on purpose."""

from __future__ import annotations

import errno

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


class BaocaoError(Exception):
    """Base class for every error baocao raises on purpose; the CLI shows its message as one line."""


class ConfigError(BaocaoError):
    """Raised when config.toml is missing, unreadable, or has a missing or wrong key."""


class StoreError(BaocaoError):
    """Raised when the database or the archive cannot be opened or written."""


class DatabaseUnusableError(StoreError):
    """Raised when the database cannot be used just now through no fault of what was being done (its disk,
    another program holding it): nothing is recorded as failed, and the same command is run again later.
    Raised as such for a disk that cannot be read or written (an I/O error, a file that cannot be opened)."""


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
