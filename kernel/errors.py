"""Errors of the kernel, and the base class of every error baocao raises on purpose."""


class BaocaoError(Exception):
    """Base class for every error baocao raises on purpose; the CLI shows its message as one line."""


class ConfigError(BaocaoError):
    """Raised when config.toml is missing, unreadable, or has a missing or wrong key."""


class StoreError(BaocaoError):
    """Raised when the database or the archive cannot be opened or written."""


class NotFoundError(BaocaoError):
    """Raised when a command names a message, school or report that does not exist."""
