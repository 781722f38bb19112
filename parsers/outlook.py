"""The mail inside an Outlook .msg file (a message saved, or dragged out of Outlook and attached): its
sender, words and files, through extract-msg. A school forwards its report this way, and the report is
one of the files the saved mail carries."""

from __future__ import annotations

import email.utils
import logging
import unicodedata
from dataclasses import dataclass
from typing import Any

from parsers.archives import Member, checked
from parsers.document import Limits
from parsers.errors import CorruptFileError
from parsers.plain import decode, html_to_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SavedMail:
    """What an Outlook .msg holds: what it says and the files it carries."""

    body: str  # plain text (an HTML body converted), NFC
    members: tuple[Member, ...]  # its files, labelled "BC.msg/BC NQ121.docx"; a mail it carries as a .msg


def read_msg(name: str, data: bytes, limits: Limits) -> SavedMail:
    """The mail a .msg file holds.

    Raises CorruptFileError when the file is damaged, TooLargeError when its files break the limits an
    archive's do.
    """
    try:
        message = _open_msg(data, delay=False)
    except Exception as e:  # extract-msg and olefile raise whatever their reads hit on damaged input
        raise CorruptFileError(
            f"Tệp {name} (thư lưu từ Outlook) bị hỏng, không đọc được. Đề nghị trường gửi lại báo cáo dạng "
            "Word hoặc PDF đính kèm ngay trong thư."
        ) from e
    try:
        return SavedMail(
            body=_body(message),
            members=tuple(checked(name, _files(message), len(data), limits)),
        )
    finally:
        message.close()


@dataclass(frozen=True)
class Author:
    """Who a .msg file's mail was sent by, as far as the file says."""

    address: str  # lower case; "" when it names none (Exchange may keep only an X.500 name)
    name: str  # the sender's display name, NFC; "" when it names none


def author_of(data: bytes) -> Author | None:
    """Who a .msg file's mail was sent by; None when the file is damaged (read_msg says so)."""
    try:
        message = _open_msg(data, delay=True)
    except Exception:  # damaged: read_msg says so when the file is read
        return None
    try:
        names = (_string(message, stream) for stream in _NAME_STREAMS)
        return Author(_sender(message), next((n for n in map(_text, names) if n.strip()), "").strip())
    finally:
        message.close()


def _open_msg(data: bytes, *, delay: bool) -> Any:  # noqa: ANN401 - extract-msg's own classes
    """extract-msg's reading of a .msg file. Imported here, when a file is one: loading extract-msg took a
    sixth of a worker process's start (0.17 s of 1.05 s), and few messages carry a .msg."""
    import extract_msg

    return extract_msg.openMsg(data, strict=False, delayAttachments=delay)


def _read(message: object, attribute: str) -> Any:  # noqa: ANN401 - whatever extract-msg gives
    """One property of an item (the message, an attachment); None when extract-msg cannot make it out
    of a damaged stream."""
    try:
        return getattr(message, attribute, None)
    except Exception as e:  # extract-msg decodes lazily: a damaged stream raises on access
        log.info("a .msg property %s could not be read: %s: %.200s", attribute, type(e).__name__, e)
        return None


def _text(value: object) -> str:
    return unicodedata.normalize("NFC", value.strip("\x00")) if isinstance(value, str) else ""


# The properties that may hold the sender's SMTP address, after From of the saved headers:
# PR_SENDER_SMTP_ADDRESS, PR_SENT_REPRESENTING_SMTP_ADDRESS, then PR_SENDER_EMAIL_ADDRESS and
# PR_SENT_REPRESENTING_EMAIL_ADDRESS, which hold an X.500 name ("/O=EXCHANGELABS/OU=…") for an Exchange
# sender, and no address.
_ADDRESS_STREAMS = ("__substg1.0_5D01", "__substg1.0_5D02", "__substg1.0_0C1F", "__substg1.0_0065")
# PR_SENDER_NAME, PR_SENT_REPRESENTING_NAME: the display name.
_NAME_STREAMS = ("__substg1.0_0C1A", "__substg1.0_0042")


def _sender(message: object) -> str:
    """The sender's SMTP address: From of the saved headers, else the first address property that holds
    one. An X.500 name is none, even with an "@" in its last part ("…/cn=Recipients/cn=ab12@x.vn-c1myan"):
    what Exchange writes there is its own, and no school may be read from it."""
    values = (_read(message, "sender"), *(_string(message, stream) for stream in _ADDRESS_STREAMS))
    for value in values:
        text = _text(value).strip()
        address = email.utils.parseaddr(text)[1].lower()
        if "@" in address and not text.startswith("/") and "/" not in address:
            return address
    return ""


def _string(message: object, stream: str) -> str | None:
    getter = getattr(message, "getStringStream", None)
    try:
        found = getter(stream) if getter is not None else None
    except Exception:  # a damaged stream: no such value
        return None
    return found if isinstance(found, str) else None


def _body(message: object) -> str:
    """The plain body, else the HTML one as text (extract-msg derives it from Outlook's rich text too), NFC."""
    plain = _text(_read(message, "body"))
    if plain.strip():
        return plain
    html = _read(message, "htmlBody")
    if isinstance(html, bytes) and html.strip():
        return html_to_text(decode(html)[0])  # Outlook writes it in the sender's code page as often as not
    return ""


def _files(message: object) -> list[tuple[str, bytes]]:
    """(name, bytes) of each file the mail carries; a mail it carries is written back as a .msg."""
    from extract_msg.enums import AttachmentType  # loaded already: message came from _open_msg

    files: list[tuple[str, bytes]] = []
    for attachment in _read(message, "attachments") or ():
        kind = _read(attachment, "type")
        data = _read(attachment, "data")
        if kind == AttachmentType.MSG and data is not None:
            try:
                inner = data.exportBytes()
            except Exception as e:  # an embedded mail too damaged to write back
                log.info("an embedded .msg could not be written back: %s: %.200s", type(e).__name__, e)
                continue
            subject = _text(_read(data, "subject")) or "thư đính kèm"
            files.append((f"{subject}.msg", inner))
        elif isinstance(data, bytes) and data:
            shown = _read(attachment, "longFilename") or _read(attachment, "shortFilename")
            files.append((_text(shown) or "(không tên)", data))
    return files
