"""Which message this is, whatever road it came by: a key that IMAP, an export and a re-scan agree on.

The raw bytes of one message differ between roads (CRLF or LF line endings, a transfer encoding
chosen again by the server or the exporting client, headers added in transit), so the archive's
SHA-256 cannot recognise a second arrival. The content key digests what the sender wrote: the
Message-ID and the addressing headers, and each part's decoded content with text line endings and
trailing spaces normalised.

A Message-ID alone does not say which message this is: some senders stamp every message with the same
one (a scanner's <scan@localhost>). same_sending tells a copy of a message (moved, filed by a rule,
delivered to a second mailbox, renumbered by the server) from another message under its Message-ID.
"""

from __future__ import annotations

import binascii
import datetime as dt
import email
import email.message
import email.parser
import email.policy
import email.utils
import hashlib
import re
from functools import lru_cache

from intake import bigparts, message

_HEADERS = ("message-id", "from", "to", "cc", "subject", "date")
_SPACES = re.compile(r"\s+")
_BLANK_LINE = re.compile(rb"\r?\n\r?\n")
_BRACKETED = re.compile(r"<([^<>\s]+)>")


def content_key(raw: bytes, parsed: message.Tree | None = None) -> str:
    """The same for one message whatever road it came by; different for a resend or a change. parsed:
    raw's tree (message.parse_tree), read instead of parsing raw again when it is the tree parsed here."""
    if parsed is not None and (key := _key_of_tree(raw, parsed)) is not None:
        return key
    # As if line endings were LF throughout, without copying the message: the header block and the
    # skeleton are normalised, large parts are decoded where they lie (base64 skips line breaks).
    end = _BLANK_LINE.search(raw)
    if end is None:
        header, body = raw.replace(b"\r\n", b"\n"), memoryview(b"")
    else:
        header, body = raw[: end.start()].replace(b"\r\n", b"\n"), memoryview(raw)[end.end() :]
    # Large parts are digested from these bytes, not the parser's; the others' base64 is parsed as one line.
    lifted = bigparts.lift(header, body, join=True)
    try:
        message = _parsed(header, lifted)
        if lifted.joined and not lifted.read_whole(message):
            # The parser did not take each joined line for the whole body of a base64 part, as it reads
            # the part's lines as sent: read those.
            lifted = bigparts.lift(header, body)
            message = _parsed(header, lifted)
        return _parts_key(message, lifted)
    except (RecursionError, LookupError, ValueError, TypeError):  # too deep or too broken to walk
        return hashlib.sha256(b"raw:" + raw.replace(b"\r\n", b"\n")).hexdigest()


def _key_of_tree(raw: bytes, parsed: message.Tree) -> str | None:
    """content_key read from the tree message.parse_tree built, or None when that tree may differ from the
    one content_key parses: its header block or body was cleaned or rewritten (headers.split), its
    structure recovered, or its lines or one of its parts would read otherwise with LF line endings
    throughout."""
    end = _BLANK_LINE.search(raw)
    skeleton = parsed.lifted.skeleton
    if (
        end is None
        or parsed.notes
        or parsed.head.warnings
        # A CR alone ends a line for the parser, and a CR before a CRLF one more: made LF, they would not.
        or skeleton.count(b"\r") != skeleton.count(b"\r\n")
        or b"\r\n".join(parsed.head.fields).replace(b"\r\n", b"\n")
        != raw[: end.start()].replace(b"\r\n", b"\n")
    ):
        return None
    try:
        if not all(_decodes_alike(part) for part in parsed.root.walk() if not part.is_multipart()):
            return None
        return _parts_key(parsed.root, parsed.lifted)
    except (RecursionError, LookupError, ValueError, TypeError):
        return None


# The transfer encodings whose decoded text is the same whatever the line endings, once a text part's are
# made LF (_parts_key); base64 skips line breaks in any part.
_TEXT_ENCODINGS = frozenset(("", "7bit", "8bit", "binary", "quoted-printable"))


def _decodes_alike(part: email.message.Message) -> bool:
    """Whether part decodes to the same content (as _parts_key reads it) with CRLF line endings as with LF."""
    # Read as the email package reads it, spaces kept: "base64 " with a space after it is not decoded.
    encoding = str(part.get("content-transfer-encoding", "")).lower()
    if encoding == "base64":
        return True
    if part.get_content_maintype() == "text" and encoding in _TEXT_ENCODINGS:
        return True
    payload = part.get_payload()
    return not (isinstance(payload, str) and "\r" in payload)


def _parsed(header: bytes, lifted: bigparts.Lifted) -> email.message.Message:
    skeleton = lifted.skeleton.replace(b"\r\n", b"\n")
    return email.message_from_bytes(header + b"\n\n" + skeleton, policy=email.policy.compat32)


def _parts_key(message: email.message.Message, lifted: bigparts.Lifted) -> str:
    digest = hashlib.sha256()
    for name in _HEADERS:
        for value in message.get_all(name) or ():
            digest.update(f"{name}:{_SPACES.sub(' ', str(value)).strip()}\n".encode("utf-8", "replace"))
    for part in message.walk():
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        original = lifted.body(data)
        if original is not None:
            data = binascii.a2b_base64(original)  # line breaks and spaces are skipped
        if part.get_content_maintype() == "text":
            data = b"\n".join(line.rstrip() for line in data.replace(b"\r\n", b"\n").split(b"\n")).strip()
        digest.update(part.get_content_type().encode("ascii", "replace"))
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def same_sending(header: bytes, other: bytes) -> bool:
    """Whether two header blocks that share a Message-ID are one sending: the same author and the same
    Date (as a moment, however the server wrote it). Any header block may be given whole.

    The author is From's address, or the one a mailing list names when it passed the mail on
    (X-Original-Sender, or Reply-To under a From "… via <list>": intake.message.author; the inner mail's
    From of a post the list wrapped whole): a school's mail to the office and its copy through a group the
    office is in are one sending, whether or not the group rewrote From."""
    return _identified(header)[1:] == _identified(other)[1:]


def dated_id(header: bytes) -> str | None:
    """The Message-ID (without brackets) of a header block that also carries a readable Date: what a
    second copy of the message is looked for by. None without either: a Message-ID some sender stamps on
    all its mail (a scanner's) with no Date tells one message from the next by nothing else."""
    return _identified(header)[0]


def sending_key(header: bytes) -> str | None:
    """A digest of what every copy of one sending shares (dated_id, the author and the Date as a moment,
    as same_sending compares them), for the database to let one copy claim it; None without dated_id."""
    wanted, author, moment = _identified(header)
    if wanted is None:
        return None
    when = moment.astimezone(dt.UTC).isoformat() if isinstance(moment, dt.datetime) else moment
    return hashlib.sha256(f"{wanted}\n{author}\n{when}".encode("utf-8", "replace")).hexdigest()


def sending_after(sending: str, key: str) -> str:
    """The claim on a sending left to its other copies once the copy under key, which held the claim, failed
    the sender check (a group's footer breaking the school's DKIM): that copy stands for none of them."""
    return hashlib.sha256(f"{sending}\n{key}".encode()).hexdigest()


def listed(header: bytes) -> bool:
    """Whether a header block is of a copy a mailing list passed on (it names the list)."""
    return _listed(header_fields(header))


def may_be_wrapped(header: bytes) -> bool:
    """Whether a header block may be of a post a list wrapped whole (intake.message.wrapped_post): the
    list's, naming no author of its own; only the start of its bytes tells."""
    fields = header_fields(header)
    return _listed(fields) and not (fields.get("X-Original-Sender") or fields.get("X-Original-From"))


def _listed(fields: email.message.Message) -> bool:
    return bool(fields.get("List-Id") or fields.get("Mailing-List"))


def header_fields(header: bytes) -> email.message.Message:
    """The fields of a message's header block, given the start of its bytes (up to its first blank line)."""
    end = _BLANK_LINE.search(header)
    block = header[: end.start()] + b"\n\n" if end is not None else header
    return email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(block)


@lru_cache(maxsize=4)  # header blocks are up to intake.pipeline.HEADER_BYTES
def _identified(header: bytes) -> tuple[str | None, str, dt.datetime | str]:
    """(dated_id, author, Date as a moment) of a header block: a message's is asked for several times in
    a row (is it a copy of one recorded, may it claim its sending), its header parsed and decoded once."""
    fields = _authored(header)
    author, moment = _sending(fields)
    found = _BRACKETED.search(str(fields.get("Message-ID", "")))
    wanted = found.group(1) if found is not None and isinstance(moment, dt.datetime) else None
    return wanted, author, moment


def _authored(header: bytes) -> email.message.Message:
    """The fields of the author's own mail: those of the one a list wrapped whole (Mailman's "wrap
    message", with a Message-ID of the list's making), when given the start of such a post's bytes."""
    fields = header_fields(header)
    if not _listed(fields):
        return fields
    inner = message.wrapped_post(header)
    return header_fields(inner) if inner is not None else fields


def _sending(fields: email.message.Message) -> tuple[str, dt.datetime | str]:
    sender = message.author(message.fields_of(fields))
    date = _SPACES.sub(" ", str(fields.get("Date", ""))).strip()
    try:
        moment = email.utils.parsedate_to_datetime(date)
    except (TypeError, ValueError):
        return sender, date
    return sender, moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)  # "-0000"
