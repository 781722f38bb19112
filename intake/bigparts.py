"""Large base64 parts kept out of the email parser, which holds about ten copies of what it parses.

Before a message is parsed, the body of every large base64 leaf part (an attached scan, a zip) is
swapped for a short token; the parser then reads a small skeleton, and each token is decoded from
the original bytes once. Parts inside an attached message (message/rfc822) are left in place, so
that message can be written back and read whole; an attached message sent in base64 or quoted-printable
(RFC 2046 forbids it, some webmail and Exchange servers do it) is relabelled ENCODED_MESSAGE, so the
parser decodes it as a file instead of reading its encoded text as a message.
"""

from __future__ import annotations

import base64
import re
from collections import Counter
from dataclasses import dataclass, field
from email.message import Message

THRESHOLD = 256 * 1024  # smaller parts cost the parser little
_DEPTH = 8
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_CONTENT_TYPE = re.compile(rb"^content-type[ \t]*:[ \t]*([^;\r\n]+)((?:[^\r\n]|\r?\n[ \t])*)", re.I | re.M)
_BOUNDARY = re.compile(rb'boundary[ \t]*=[ \t]*(?:"([^"\r\n]+)"|([^;\s]+))', re.I)
_BASE64 = re.compile(rb"^content-transfer-encoding[ \t]*:[ \t]*(?:x-)?base-?64[ \t]*\r?$", re.I | re.M)
_ENCODED = re.compile(
    rb"^content-transfer-encoding[ \t]*:[ \t]*(?:(?:x-)?base-?64|quoted-printable)[ \t]*\r?$", re.I | re.M
)
# What an attached message sent in base64 or quoted-printable is parsed as: a file whose transfer encoding
# the email package undoes, where as message/rfc822 it would parse the encoded text as the message.
ENCODED_MESSAGE = "application/x-encoded-rfc822"
_ATTACHED = re.compile(rb"^content-disposition[ \t]*:[ \t]*attachment", re.I | re.M)  # kept whole
_MARK = b"\x00baocao-part-"
# A line's opening "--" after the line break before it: a literal the pattern engine looks for at C speed,
# where "(?m)^--" tried the start of a line at every byte of the message.
_LINE_DASHES = re.compile(rb"\n--")
_DELIMITER_END = re.compile(rb"(?m)(--)?[ \t]*\r?$")  # after the boundary
_BASE64_TEXT = re.compile(rb"[A-Za-z0-9+/=\r\n]*")


@dataclass
class Lifted:
    """The skeleton to parse and where each lifted body lies in the original bytes."""

    skeleton: bytes
    source: bytes | memoryview
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)
    # With join, the smaller base64 parts are written on one line each (their text without line breaks,
    # listed here): the parser reads a message line by line, and decodes such a part alike.
    join: bool = False
    joined: list[bytes] = field(default_factory=list)

    def token(self, n: int) -> bytes:
        return base64.b64encode(_MARK + str(n).encode() + b"\x00")

    def body(self, decoded: bytes) -> memoryview | None:
        """The original base64 text of a part whose decoded payload is a token (a view, not a copy),
        else None."""
        if not decoded.startswith(_MARK) or len(decoded) > 64:
            return None
        span = self.spans.get(int(decoded[len(_MARK) :].rstrip(b"\x00") or b"-1"))
        return memoryview(self.source)[span[0] : span[1]] if span else None

    def read_whole(self, message: Message) -> bool:
        """Whether the parser took every joined line for the whole body of a part it decodes as base64,
        once: that part decodes as it does from its lines as sent, which the parser joins before decoding.
        When it did not (it found the parts otherwise than lift), the body is to be lifted without join."""
        wanted = Counter(line.decode("ascii") for line in self.joined)
        found: Counter[str] = Counter()
        for part in message.walk():
            try:
                payload = part.get_payload()
            except ValueError:  # a charset the payload cannot be decoded by («utf-8\x00»): not one of those
                continue
            if (
                isinstance(payload, str)
                and payload in wanted
                and str(part.get("content-transfer-encoding", "")).lower() == "base64"
            ):
                found[payload] += 1
        return found == wanted


def lift(header: bytes, body: bytes | memoryview, *, join: bool = False) -> Lifted:
    """The body with its large base64 leaf parts replaced by tokens (the header block describes it); with
    join, its other base64 leaf parts that hold nothing but base64 text each on one line."""
    lifted = Lifted(b"", body, join=join)
    boundary = _boundary(header)
    if boundary is None:
        lifted.skeleton = bytes(body)
        return lifted
    pieces: list[bytes | memoryview] = []
    end = _walk(body, 0, len(body), boundary, lifted, pieces, 0)
    pieces.append(body[end:])
    lifted.skeleton = b"".join(pieces)
    return lifted


def _walk(
    body: bytes | memoryview,
    start: int,
    stop: int,
    boundary: bytes,
    lifted: Lifted,
    out: list[bytes | memoryview],
    depth: int,
) -> int:
    """Copy body[start:stop] into out, lifting large base64 parts; returns where copying stopped."""
    marks = _delimiters(body, start, stop, boundary)
    copied = start
    for (_, part_start, closing), (part_end, _, _) in zip(marks, marks[1:], strict=False):
        if closing:  # the closing delimiter: nothing after it is a part
            break
        head_end = _HEADER_END.search(body, part_start, part_end)
        if head_end is None:
            continue
        head = body[part_start : head_end.end()]
        kind = _CONTENT_TYPE.search(head)
        media = kind.group(1).strip().lower() if kind else b"text/plain"
        content = head_end.end()
        if media.startswith(b"multipart/") and depth < _DEPTH and not _ATTACHED.search(head):
            inner = _boundary(head)
            if inner is not None:
                out.append(body[copied:content])
                copied = _walk(body, content, part_end, inner, lifted, out, depth + 1)
            continue
        if kind is not None and media == b"message/rfc822" and _ENCODED.search(head):
            out.append(body[copied:part_start])
            out.append(_relabelled(head, kind))
            copied = content
            continue
        if media.startswith(b"message/") or not _BASE64.search(head):
            continue
        if part_end - content < THRESHOLD:
            line = _one_line(body[content:part_end]) if lifted.join else None
            if line:
                lifted.joined.append(line)
                out.append(body[copied:content])
                out.append(line + b"\r\n")
                copied = part_end
            continue
        n = len(lifted.spans)
        lifted.spans[n] = (content, part_end)
        out.append(body[copied:content])
        out.append(lifted.token(n) + b"\r\n")
        copied = part_end
    return copied


def _delimiters(
    body: bytes | memoryview, start: int, stop: int, boundary: bytes
) -> list[tuple[int, int, bool]]:
    """Where each delimiter line of boundary in body[start:stop] starts and ends (before its line break),
    and whether it is the closing one: the lines "--boundary" and "--boundary--", spaces after them
    allowed. Found from the few lines that start with "--", as a pattern of the boundary would find
    them, without compiling one for every message."""
    found: list[tuple[int, int, bool]] = []
    opening = [0] if start == 0 and body[:2] == b"--" else []  # the first line has no break before it
    lines = (dashes.start() + 1 for dashes in _LINE_DASHES.finditer(body, max(start - 1, 0), stop))
    for line in (*opening, *lines):
        after = line + 2 + len(boundary)
        if after > stop or body[line + 2 : after] != boundary:
            continue
        end = _DELIMITER_END.match(body, after, stop)
        if end is not None:
            found.append((line, end.end(), end.group(1) is not None))
    return found


def _relabelled(head: bytes | memoryview, kind: re.Match[bytes]) -> bytes:
    """A part's header block with its media type replaced by ENCODED_MESSAGE, its parameters kept."""
    data = bytes(head)
    return data[: kind.start(1)] + ENCODED_MESSAGE.encode() + data[kind.end(1) :]


def _one_line(text: bytes | memoryview) -> bytes | None:
    """Base64 text without its line breaks; None when it holds anything else (a space, a stray byte)."""
    return bytes(text).translate(None, b"\r\n") if _BASE64_TEXT.fullmatch(text) else None


def _boundary(header: bytes | memoryview) -> bytes | None:
    kind = _CONTENT_TYPE.search(header)
    if kind is None or not kind.group(1).strip().lower().startswith(b"multipart/"):
        return None
    found = _BOUNDARY.search(kind.group(2))
    return (found.group(1) or found.group(2)) if found else None
