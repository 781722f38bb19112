"""Errors raised by parsers; str(error) is a Vietnamese sentence staff can act on."""

from parsers.document import FailureCode


class ParseError(Exception):
    """Base class: a file could not be turned into text. `code` names the kind of failure."""

    code = FailureCode.CORRUPT


class EmptyFileError(ParseError):
    """Raised when a file has no bytes or no text at all."""

    code = FailureCode.EMPTY


class CorruptFileError(ParseError):
    """Raised when a file's bytes do not form a valid document of its type."""

    code = FailureCode.CORRUPT


# What a school is asked for when a locked file could not be opened, with no password or a wrong one.
ASK_UNLOCKED = "Đề nghị trường gửi lại bản không đặt mật khẩu."
ASK_PASSWORD = "Đề nghị trường gửi lại mật khẩu đúng, hoặc bản không đặt mật khẩu."


class EncryptedFileError(ParseError):
    """Raised when a file is password-protected. `locked` says which file is and that it was not read;
    str(error) adds what the school is asked for when no password was given (ASK_UNLOCKED)."""

    code = FailureCode.ENCRYPTED

    def __init__(self, locked: str) -> None:
        super().__init__(f"{locked} {ASK_UNLOCKED}")
        self.locked = locked


class UnsupportedFileError(ParseError):
    """Raised when a file is of a type baocao does not read (e.g. a video)."""

    code = FailureCode.UNSUPPORTED


class ProgramFileError(UnsupportedFileError):
    """Raised for a program (a Windows .exe, a Linux or Android one): never a report, maybe a virus."""

    code = FailureCode.PROGRAM


class UnreadableFormatError(UnsupportedFileError):
    """Raised when a file is a paper or a photo in a form baocao does not read (a printed XPS, a Pages file,
    a JPEG XL photo), or a shortcut to one: unlike a video, it may be the report."""

    code = FailureCode.FORMAT


class TooLargeError(ParseError):
    """Raised when a file or archive exceeds a configured limit."""

    code = FailureCode.TOO_LARGE


class ParseTimeoutError(ParseError):
    """Raised when reading a file (usually OCR) takes longer than its time limit."""

    code = FailureCode.TIMEOUT


class CertificateError(ParseError):
    """Raised when bytes given as a trusted certificate are not an X.509 certificate (PEM or DER)."""

    code = FailureCode.CERTIFICATE
