"""Errors raised by the scheduler; each says what went wrong and what to do about it."""

from kernel.errors import BaocaoError


class SchedulerError(BaocaoError):
    """Base class for every error the scheduler raises on purpose (a BaocaoError, so the CLI shows it)."""


class TemplateError(SchedulerError):
    """Raised when a mail template is missing, does not parse or lacks its "Tiêu đề:" first line."""


class SendError(SchedulerError):
    """Raised when the SMTP server cannot be reached, refuses the login or refuses a message.

    permanent is True when retrying cannot help (the server rejected the message or every recipient);
    refused names the recipients the server refused, when it refused every one of them.
    """

    def __init__(self, message: str, *, permanent: bool = False, refused: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.refused = refused


class SendConfigError(SendError):
    """Raised when the SMTP server refuses the login (password, app password or OAuth2 token):
    only a change of configuration helps, so nothing is sent or counted as an attempt until then."""

    def __init__(self, message: str) -> None:
        super().__init__(message, permanent=True)
