"""Errors raised by the scheduler; each says what went wrong and what to do about it."""

import re
from dataclasses import dataclass

from kernel.errors import BaocaoError

# The enhanced status code (RFC 3463) a reply starts with: "5.1.1", "4.2.2", "5.7.1".
_ENHANCED = re.compile(r"([245])\.(\d{1,3})\.\d{1,3}\b")
# Said by a server that gives no enhanced code when the mailbox does not exist.
_NO_MAILBOX = re.compile(r"user|mailbox|no such|does not exist|not found", re.IGNORECASE)
# Said when the server will not take the mail for what it is or who sends it, not for the address.
_POLICY = re.compile(r"spam|policy|block|blacklist|reputation|denied", re.IGNORECASE)


class SchedulerError(BaocaoError):
    """Base class for every error the scheduler raises on purpose (a BaocaoError, so the CLI shows it)."""


class TemplateError(SchedulerError):
    """Raised when a mail template is missing, does not parse or lacks its "Tiêu đề:" first line."""


@dataclass(frozen=True)
class Refusal:
    """One recipient the SMTP server would not take, and the server's answer (code and text)."""

    address: str
    code: int
    text: str

    @property
    def temporary(self) -> bool:
        """A 4xx answer (mailbox full, greylisting): the server may well take the mail later."""
        return self.code < 500

    @property
    def bad_address(self) -> bool:
        """Whether the answer says the address itself is wrong (5.1.x: no such mailbox, bad syntax), as
        opposed to a full mailbox or a refusal for spam or policy (5.7.x), where the address is right."""
        if self.temporary:
            return False
        enhanced = _ENHANCED.match(self.text)
        if enhanced is not None:
            return enhanced.group(1) == "5" and enhanced.group(2) == "1"
        if self.code in (551, 553):  # user not local, mailbox name not allowed
            return True
        return self.code == 550 and bool(_NO_MAILBOX.search(self.text)) and not _POLICY.search(self.text)

    def __str__(self) -> str:
        return f"{self.address}: {self.code} {self.text}".strip()


class SendError(SchedulerError):
    """Raised when the SMTP server cannot be reached, refuses the login or refuses a message.

    permanent is True when retrying cannot help (the server rejected the message, or refused every
    recipient with a 5xx answer); refused holds the server's answer to each recipient when it refused
    every one of them.
    """

    def __init__(self, message: str, *, permanent: bool = False, refused: tuple[Refusal, ...] = ()) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.refused = refused


class SendConfigError(SendError):
    """Raised when the SMTP server refuses the login (password, app password or OAuth2 token):
    only a change of configuration helps, so nothing is sent or counted as an attempt until then."""

    def __init__(self, message: str) -> None:
        super().__init__(message, permanent=True)
