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


class DatabaseAwayError(StoreError):
    """Raised when no database server answers at the configured address: none running, or one restarting."""


class NotFoundError(BaocaoError):
    """Raised when a command names a message, school or report that does not exist."""
