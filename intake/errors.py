"""Errors raised by intake; each says what went wrong and what to do about it."""

from kernel.errors import BaocaoError


class IntakeError(BaocaoError):
    """Base class for every error intake raises on purpose."""


class MailboxError(IntakeError):
    """Raised when the IMAP server cannot be reached, refuses the login or the folder."""


class LoginRefusedError(MailboxError):
    """Raised when the server refuses the account's password or OAuth2 token, or has no such folder:
    the configuration must change, so the daemon says so at once and retries only slowly."""


class PassingError(MailboxError):
    """Raised when the mail server or its OAuth2 token service cannot serve us for now and will again by
    itself. The daemon tries again on its backoff; a command run once, which does not, tells to run it
    again (again)."""

    def again(self) -> str:
        """The message for a command run once."""
        return f"{self} Chạy lại lệnh khi máy chủ thư hoạt động trở lại; những thư đã đọc không bị mất."


class ConnectionLostError(PassingError):
    """Raised when the connection to the server broke, or the server stopped answering, in the middle of the
    work. Nothing read so far is lost."""


class FolderMissingError(LoginRefusedError):
    """Raised when the server has no folder of the configured name. One that was read earlier in the run was
    deleted or renamed meanwhile (a clerk deleting and making it again): the daemon waits a while for it to
    come back before it calls for a change of configuration."""


class VanishedError(IntakeError):
    """Raised when a message fetched in pieces is gone from its folder before the last piece came (another
    mail program moved or deleted it): the pieces are not the whole message and must not be kept."""

    def __init__(self, uid: int, received: int, announced: int) -> None:
        super().__init__(
            f"Thư UID {uid} đã bị chuyển đi hoặc xóa khỏi thư mục trong lúc đang tải (mới nhận {received} "
            f"trên {announced} byte); phần đã tải không được lưu."
        )
        self.uid = uid
        self.received = received
        self.announced = announced


class MessageError(IntakeError):
    """Raised when a message's raw bytes cannot be parsed as an email."""


class LockedError(IntakeError):
    """Raised when another baocao process already holds the lock for this mailbox."""


class LockLostError(IntakeError):
    """Raised when a reader finds it no longer holds the right to read its mailbox: the database session that
    held it ended (PostgreSQL restarted, the session was cut), and another process may read the mailbox now.
    The reader stops reading (and closes its IMAP session) until it holds the right again."""
