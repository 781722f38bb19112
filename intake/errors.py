"""Errors raised by intake; each says what went wrong and what to do about it."""


class IntakeError(Exception):
    """Base class for every error intake raises on purpose."""


class ConfigError(IntakeError):
    """Raised when config.toml is missing, unreadable, or has a missing or wrong key."""


class MailboxError(IntakeError):
    """Raised when the IMAP server cannot be reached, refuses the login or the folder."""


class MessageError(IntakeError):
    """Raised when a message's raw bytes cannot be parsed as an email."""


class StoreError(IntakeError):
    """Raised when the database or the archive cannot be opened or written."""


class NotFoundError(IntakeError):
    """Raised when a command names a message, school or report that does not exist."""


class LockedError(IntakeError):
    """Raised when another baocao process already holds the lock for this mailbox."""
