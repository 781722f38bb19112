"""Turns a raw RFC 5322 message into a Mail: addresses, subject, body text and attachments."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import email.errors
import email.header
import email.parser
import email.policy
import email.utils
import re
from dataclasses import dataclass

import mailparser

from intake.errors import MessageError
from kernel.attachment import Attachment
from parsers.plain import html_to_text
from parsers.text import fold, nfc


@dataclass(frozen=True)
class Mail:
    message_id: str  # without angle brackets; synthesised from the content hash when absent
    sender: str  # the From address, lower case
    sender_name: str
    subject: str
    date: dt.datetime | None  # the Date header (the sender's clock), timezone-aware
    body: str  # plain text (HTML bodies converted), NFC
    attachments: tuple[Attachment, ...]
    headers: tuple[tuple[str, str], ...]  # (lower-case name, value), in order
    content_type: str  # of the whole message, e.g. "multipart/report"
    forwarded_from: tuple[str, ...] = ()  # original senders quoted in forwarded blocks
    in_reply_to: str | None = None

    @property
    def own_body(self) -> str:
        """The body without the quoted message a reply carries (what the sender wrote now)."""
        kept: list[str] = []
        for line in self.body.splitlines():
            if _REPLY_MARK.match(fold(line)):
                break
            if not line.lstrip().startswith(">"):
                kept.append(line)
        return "\n".join(kept)

    def header(self, name: str) -> str | None:
        name = name.lower()
        for key, value in self.headers:
            if key == name:
                return value
        return None


# Forward markers of Gmail, Outlook, Thunderbird, Yahoo, in English and Vietnamese.
_FORWARD_FROM = re.compile(
    r"^\s*(?:>\s*)*\*?(?:From|Từ|Tu|De|Người gửi)\s*:\*?\s*(?P<value>.+)$", re.IGNORECASE | re.MULTILINE
)
# Where a reply's quoted message starts (Gmail and Outlook, English and Vietnamese), on folded text.
_REPLY_MARK = re.compile(r"^\s*(?:on .+ wrote:|vao .+ da viet:|-+ ?original message)")
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_FORWARD_MARK = re.compile(
    r"(forwarded message|thư đã chuyển tiếp|thư chuyển tiếp|original message|thư gốc|begin forwarded message)",
    re.IGNORECASE,
)


def parse(raw: bytes, fallback_id: str) -> Mail:
    """Parse raw bytes; MessageError when they are not an email at all."""
    if not raw or not raw.strip():
        raise MessageError("thư rỗng (0 byte)")
    try:
        parsed = mailparser.parse_from_bytes(raw)
    except Exception as e:  # mail-parser raises many types on broken input
        raise MessageError(f"không phân tích được thư: {e}") from e
    message = parsed.message
    if message is None or not message.keys():
        raise MessageError("dữ liệu không có phần đầu thư (header)")
    name, address = email.utils.parseaddr(str(message.get("From", "")))
    body = "\n".join(parsed.text_plain) or html_to_text("\n".join(parsed.text_html))
    attachments = tuple(_attachments(parsed.attachments))
    forwarded = _forwarded_senders(body, attachments)
    message_id = (parsed.message_id or "").strip().strip("<>").strip() or fallback_id
    return Mail(
        message_id=message_id,
        sender=address.lower(),
        sender_name=nfc(_decoded(name)),
        subject=nfc(_header_text(raw, "Subject")).strip(),
        date=_date(message.get("Date")),
        body=nfc(body),
        attachments=attachments,
        headers=tuple((k.lower(), _decoded(str(v))) for k, v in message.items()),
        content_type=message.get_content_type(),
        forwarded_from=forwarded,
        in_reply_to=(
            str(message.get("In-Reply-To")).strip().strip("<>") if message.get("In-Reply-To") else None
        ),
    )


def _attachments(items: list[dict]) -> list[Attachment]:
    result = []
    for item in items:
        payload = item.get("payload") or ""
        if item.get("binary"):
            try:
                data = base64.b64decode(payload)
            except (binascii.Error, ValueError):
                data = payload.encode("latin-1", "replace")
        else:
            data = payload.encode("utf-8") if isinstance(payload, str) else bytes(payload)
        content_type = (item.get("mail_content_type") or "application/octet-stream").lower()
        name = nfc(_decoded(item.get("filename") or "")).strip() or "attachment"
        if content_type == "message/rfc822" and not name.lower().endswith(".eml"):
            # mail-parser names unnamed forwarded messages at random; the inner subject is stable.
            inner = _header_text(data, "Subject").strip() or "thư chuyển tiếp"
            name = f"{inner}.eml"
        result.append(Attachment(name=name, content_type=content_type, data=data))
    return result


def _forwarded_senders(body: str, attachments: tuple[Attachment, ...]) -> tuple[str, ...]:
    found: list[str] = []
    mark = _FORWARD_MARK.search(body)
    if mark:
        for m in _FORWARD_FROM.finditer(body, mark.start()):
            found.extend(a.lower() for a in _ADDRESS.findall(m.group("value")))
    for att in attachments:
        if att.content_type == "message/rfc822":
            inner = email.message_from_bytes(att.data)
            _, address = email.utils.parseaddr(str(inner.get("From", "")))
            if address:
                found.append(address.lower())
    return tuple(dict.fromkeys(found))


def _header_text(raw: bytes, name: str) -> str:
    """A header decoded by the standard library, which keeps the space after an encoded word."""
    try:
        headers = email.parser.BytesHeaderParser(policy=email.policy.default).parsebytes(raw)
        return str(headers.get(name, "") or "")
    except (ValueError, TypeError, IndexError, LookupError, email.errors.HeaderParseError):
        return _decoded(str(email.message_from_bytes(raw).get(name, "") or ""))


def _decoded(value: str) -> str:
    """Decode RFC 2047 words that a broken client left in a header."""
    if "=?" not in value:
        return value
    try:
        return str(email.header.make_header(email.header.decode_header(value)))
    except (UnicodeDecodeError, LookupError, email.errors.HeaderParseError):
        return value


def _date(value: object) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
