"""Turns a raw RFC 5322 message into a Mail: addresses, subject, body text and attachments.

Tolerant: what is wrong with one header field or one MIME part becomes a warning for staff, and the
rest of the message is still read. intake.headers caps the header block before the email package
parses it, so an absurd header costs little time and memory.
"""

from __future__ import annotations

import binascii
import dataclasses
import datetime as dt
import email.errors
import email.header
import email.parser
import email.policy
import email.utils
import functools
import io
import itertools
import logging
import mimetypes
import re
import unicodedata
import urllib.parse
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from email.generator import BytesGenerator
from email.message import Message
from html.parser import HTMLParser

import mailparser
from asn1crypto import cms

from intake import bigparts, headers
from intake.dates import header_time
from intake.errors import MessageError
from kernel.attachment import Attachment
from parsers import archives, legacy, outlook, sniff
from parsers import images as images_mod
from parsers.plain import html_to_text, unflow
from parsers.text import fold, nfc

log = logging.getLogger(__name__)

MAX_DEPTH = 16  # MIME levels read; real mail nests three or four
MAX_PARTS = 500
# What the parse says of the parts it left out (Mail.parts_left_out).
_FLATTENED = f"Thư lồng quá nhiều lớp; chỉ đọc {MAX_DEPTH} lớp ngoài."
_TOO_DEEP = f"Thư lồng quá {MAX_DEPTH} lớp; bỏ qua các phần sâu hơn."
_TOO_MANY = f"Thư có hơn {MAX_PARTS} phần; bỏ qua các phần sau."
MAX_WARNINGS = 20
# The characters of a mail's text that are read. A long thread forwarded or quoted many times runs to
# megabytes of earlier mail under a few lines of its own; every pass of classification and matching over
# that history costs time without telling more, so what comes after this is left unread, and staff are told.
MAX_BODY_CHARS = 200_000
_SMIME_TYPES = ("application/pkcs7-mime", "application/x-pkcs7-mime")
# Exchange's address for a sender of its own organisation, which names no mailbox anyone can write to.
_EXCHANGE_INTERNAL = re.compile(r"IMCEAEX-", re.IGNORECASE)
_FILE_TYPES = frozenset(("application", "image", "audio", "video"))
# The signature part of a signed message, the public key a mail client attaches by itself (Thunderbird's
# «OpenPGP_0x….asc») and PGP's control part: never a file a person attached.
_SIGNATURE_TYPES = frozenset(
    (
        "application/pkcs7-signature",
        "application/x-pkcs7-signature",
        "application/pgp-signature",
        "application/pgp-keys",
        "application/pgp-encrypted",
    )
)
# The armour of an OpenPGP signature or public key, whatever type the part was given.
_PGP_ARMOUR = (b"-----BEGIN PGP SIGNATURE-----", b"-----BEGIN PGP PUBLIC KEY BLOCK-----")
_NESTED_KEPT = 64  # multipart/message types left as they are when a message nests too deep to parse
# mail-parser's pass over a message writes out each attached message whole for each part it holds: its time
# grows with the cube of the nesting (a minute for sixty forwards, each attached to the next). It only reads
# the tree it is given, so a message nested deeper than any mail client writes keeps the tree without it.
_MAILPARSER_DEPTH = 2 * MAX_DEPTH
_PARSER = email.parser.BytesParser(policy=email.policy.compat32)
# The largest a mail's HTML shows a signature's logo or banner, in pixels; a page shown so small cannot be
# read by the person it is sent to, so no one sends a report that way.
_LOGO_WIDTH = 640
_LOGO_HEIGHT = 200
_STYLE_SIZE = re.compile(r"(?<![\w-])(width|height)\s*:\s*(\d+(?:\.\d+)?)\s*px", re.IGNORECASE)
# The src of a picture an HTML body holds as data: its type and its base64, which may be wrapped over lines.
_DATA_PICTURE = re.compile(r"\s*data:(image/[\w.+-]+)\s*;\s*base64\s*,([A-Za-z0-9+/=\s]+)", re.IGNORECASE)
# A file name that starts with a Windows drive or network share ("C:\\", "\\\\MAYCHU\\").
_WINDOWS_PATH = re.compile(r"^(?:[A-Za-z]:\\|\\\\[^\\]+\\)")
# A "%" that starts no URL escape: the name is not URL-encoded.
_NOT_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
# A file an old mail program pasted into the text (uuencode): "begin", the file's mode and name, its lines,
# "end", with the end of that line: lifted out, the block leaves no line break of its own.
_UUENCODED = re.compile(
    r"^begin [0-7]{3,4} ([^\r\n]+)\r?\n((?:[ -`][^\r\n]*\r?\n)*?)end[ \t]*(?:\r?\n|\r?\Z)", re.MULTILINE
)
# The names clients and gateways give the words of a mail they send as a file: «noname», Apple Mail's text
# after a picture as Exchange passes it on («Untitled attachment 00001.txt», «ATT00001.htm»).
_MAIL_TEXT_NAME = re.compile(r"(?i)noname|untitled attachment \d+\.(?:txt|html?)|att\d{5}\.(?:txt|html?)")
_TRANSFER_ENCODINGS = frozenset(
    ("", "7bit", "8bit", "binary", "base64", "quoted-printable", "x-uuencode", "uuencode", "uue", "x-uue")
)
# What the email package raises on a part too broken to read.
_PART_ERRORS = (
    LookupError,
    UnicodeError,
    ValueError,
    TypeError,
    IndexError,
    RecursionError,
    email.errors.MessageError,
)
_NESTED_TYPE = re.compile(rb"(?im)^(content-type:\s*)(?:multipart|message)/[!-~]*")
# An opening MIME delimiter line followed by a part's header (RFC 2046 boundary characters).
_DELIMITER = re.compile(rb"(?im)^--([0-9a-z'()+_,./:=?-]{1,70})[ \t]*\r?\ncontent-[a-z-]*[ \t]*:")
# The local part of a service's address that takes no replies ("noreply", "drive-shares-dm-noreply").
_NO_REPLY = re.compile(r"no-?reply|do-?not-?reply", re.IGNORECASE)
# The name a mailing list gives its rewritten From: "'Trường TH Mỹ An' via Các trường Thủ Thừa".
_VIA_LIST = re.compile(r"^'?(?P<name>.*?)'? via \S.*$")
# Fields read once: a second, different copy is worth a word to staff.
_SINGLE = {
    "subject": "Subject",
    "date": "Date",
    "message-id": "Message-ID",
    "in-reply-to": "In-Reply-To",
    "content-type": "Content-Type",
}


class _Verbatim(email.policy.Compat32):
    """Writes header fields back as received: refolding a long one takes the email package minutes."""

    def fold_binary(self, name: str, value: str) -> bytes:
        return f"{name}: {str(value)[: headers.MAX_FIELD]}".encode("utf-8", "surrogateescape") + b"\r\n"


_VERBATIM = _Verbatim(linesep="\r\n")


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
    # (file name, the sender's display name or "") of each attached Outlook mail (.msg) that names no
    # sender address (Exchange may keep only its X.500 name, which tells no school), and ("", name) of each
    # message forwarded in the body whose From line gives a name alone.
    unaddressed: tuple[tuple[str, str], ...] = ()
    in_reply_to: str | None = None
    # The body carries a calendar event as a text/calendar part beside its text (Outlook's meeting request,
    # Google's invitation, an answer to one), not as a file.
    calendar: bool = False
    warnings: tuple[str, ...] = ()  # Vietnamese, for staff: what was wrong with the message but survived
    # Parts of the message were not read: it nests deeper than MAX_DEPTH, or has more than MAX_PARTS.
    parts_left_out: bool = False
    # The salutations ("Kính gửi: Hiệu trưởng …") of the office's messages taken out (without_messages_of).
    dropped_salutations: tuple[str, ...] = ()
    # How the message, or a part of it, is encrypted ("S/MIME" for smime.p7m enveloped-data, "OpenPGP"),
    # "" when it is not: only the holder of the recipient's key can read what it carries. The encrypted
    # part is no file the sender attached. (Outlook's protected message.rpmsg is classify._sealed's.)
    encrypted: str = ""
    # The mailing list (a Google Group) that passed the author's mail on with From rewritten to its own
    # address, lower case; sender is then the author. "" when From is the author's.
    list_address: str = ""
    # The body's charset was unknown and the guess reads as no Vietnamese (headers.Decoded.garbled): its
    # text is not what the school wrote, and no report is read from it.
    garbled_body: bool = False

    # The views below derive from the fields alone; a Mail never changes, so each is worked out once.
    @functools.cached_property
    def recipients(self) -> frozenset[str]:
        """The addresses in To and Cc, lower case: the mailboxes the sender wrote to."""
        return self._addresses("to", "cc")

    @functools.cached_property
    def addressed(self) -> frozenset[str]:
        """The addresses in To, lower case: whom the mail is for, those in Cc being only told of it."""
        return self._addresses("to")

    @functools.cached_property
    def carried(self) -> tuple[Attachment, ...]:
        """The files the mail carries: its attachments and those of the messages it forwards attached
        (message/rfc822), as deep as MAX_DEPTH, not the attached messages themselves; a clerk's forward of
        a school's mail carries the school's very files inside other bytes of mail."""
        return tuple(_carried(self, 0, set()))

    def _addresses(self, *fields: str) -> frozenset[str]:
        """The addresses the header fields name, lower case."""
        return _addresses_in(self.headers, fields)

    @property
    def thread(self) -> str:
        """The In-Reply-To and References headers: the Message-IDs of the mail this one answers."""
        return f"{self.in_reply_to or ''} {self.header('references') or ''}"

    @functools.cached_property
    def own_body(self) -> str:
        """The body without the quoted message a reply carries (what the sender wrote now).

        A quote marked line by line with ">" ends where those marks end: text below it is the sender's
        again (a reply written under the quote, bottom-posting). A quote without marks runs to the end, and
        so does a mail to a school's principal pasted with no mark at all (the office's reminder below
        "trường em nộp rồi ạ") in a mail that forwards nothing.
        """
        # What a mail passes on is its own (without_messages_of).
        return _own_body(self.body, self.subject, forwards=self.forwarder_text is not None)

    @functools.cached_property
    def principals_addressed(self) -> tuple[str, ...]:
        """The salutation lines "Kính gửi: Hiệu trưởng …" of the mail this one quotes, pastes or passes on
        (the office's reminder or acknowledgement to a school, "… Trường Tiểu học Mỹ Thạnh B"): whose mail it
        answers. Never the sender's own words, which address the office."""
        own = set(self.own_body.splitlines())
        quoted = _salutations(line for line in self.body.splitlines() if line not in own)
        return tuple(dict.fromkeys((*self.dropped_salutations, *quoted)))

    @property
    def own_quote(self) -> str:
        """The sender's own earlier mail that this reply quotes with ">" under its reply mark ("… <the
        sender's address> đã viết:"), one level of marks taken off; "" when it quotes no mail of its own.

        A school resending its report by answering its own mail writes nothing new: the quote is its
        report, as much the sender's as its own text."""
        return self._own_quoted[1]

    @property
    def own_quote_mark(self) -> str:
        """The reply mark over own_quote, which tells when that mail was sent ("Vào Th 2, 19 thg 10, 2020
        lúc 09:15 … đã viết:"); "" when the reply quotes no mail of its own."""
        return self._own_quoted[0]

    @functools.cached_property
    def _own_quoted(self) -> tuple[str, str]:
        lines = self.body.splitlines()
        for at in range(len(lines)):
            mark = _wrapped_mark(lines, at)
            if mark is None:
                continue
            end = at + mark.count("\n")
            if self.sender not in headers.addresses(mark) or not _marked_below(lines, end):
                return "", ""
            quoted: list[str] = []
            for below in lines[end + 1 :]:
                if below.strip() and not below.lstrip().startswith(">"):
                    break
                quoted.append(_QUOTE_MARK.sub("", below, count=1))
            return mark, "\n".join(quoted)
        return "", ""

    @functools.cached_property
    def replied_to(self) -> frozenset[str]:
        """The addresses of whoever wrote the mail this reply quotes first: on its reply mark ("Vào … Trường
        MG Mỹ Lạc <c0mylac…> đã viết:", "On … wrote:") or on the From line of the header block Outlook
        quotes it under; empty when it quotes none. A reply keeps that mail's subject."""
        lines = self.body.splitlines()
        block = _QUOTED_HEADER.search(self.body)
        block_line = self.body.count("\n", 0, block.start()) if block is not None else len(lines)
        for at in range(block_line):
            mark = _wrapped_mark(lines, at)
            if mark is None:
                continue
            said = headers.addresses(mark)
            if said or block is None:
                return frozenset(a.lower() for a in said)
            break  # «----- Original Message -----» over Outlook's header block: its From line says
        if block is None:
            return frozenset()
        found = _FORWARD_FROM.match(self.body, block.start())
        return frozenset(a.lower() for a in headers.addresses(found.group("value"))) if found else frozenset()

    @functools.cached_property
    def forwarder_text(self) -> str | None:
        """What the forwarder wrote above the first message its body forwards; None when it forwards none."""
        return _forwarder_text(self.body, self.subject, self.recipients)

    def without_messages_of(self, senders: frozenset[str]) -> Mail:
        """This mail with the messages it passes on or quotes from senders, or from baocao itself (_OURS),
        taken out of its body.

        A school that forwards the office's own reminder or acknowledgement back ("trường đã gửi
        rồi"), or answers it above its quote, passes on the report's title, its section list and its
        request to attach the scan: that text is the office's, never the school's report or note. Outlook
        may quote the office by its name alone, so baocao's mail is known by its closing line too. Other
        forwarded or quoted messages (a school's, forwarded on) stay.
        """
        starts = sorted(
            {self.body.rfind("\n", 0, m.start()) + 1 for m in _FORWARD_MARK.finditer(self.body)}
            | {m.start() for m in _QUOTED_HEADER.finditer(self.body)}
        )
        bounds = [*starts, len(self.body)]
        kept = [self.body[: bounds[0]]]
        dropped: list[str] = []
        for start, end in itertools.pairwise(bounds):
            segment = self.body[start:end]
            quoted = _FORWARD_FROM.search(segment)
            if not _ours(segment) and (
                quoted is None or not set(headers.addresses(quoted.group("value"))) & senders
            ):
                kept.append(segment)
            else:  # the marker line above the dropped message goes with it
                kept.append(_without_marker_lines(kept.pop()))
                dropped.extend(_salutations(segment.splitlines()))
        body, in_quotes = _without_quotes_of("".join(kept), senders)
        if body == self.body:
            return self
        salutations = (*self.dropped_salutations, *dropped, *in_quotes)
        return dataclasses.replace(self, body=body, dropped_salutations=salutations)

    def is_list_address(self, address: str) -> bool:
        """Whether address is the mailing list's own, the list that passed this mail on, as its header
        fields name it (_from_the_list): a group's address, its digest's sender, is no person's."""
        fields: dict[str, list[str]] = {}
        for key, value in self.headers:
            fields.setdefault(key, []).append(value)
        return bool(address) and _from_the_list(fields, address.lower())

    def header(self, name: str) -> str | None:
        name = name.lower()
        for key, value in self.headers:
            if key == name:
                return value
        return None


def _carried(mail: Mail, depth: int, opened: set[bytes]) -> Iterator[Attachment]:
    """Mail.carried of a message depth attached messages down, each attached message opened once (opened:
    those opened so far; a message's walk lists those nested in its attached one too, which would
    otherwise be opened again at every level, twice as often at each); those deeper than MAX_DEPTH are not
    opened, as intake.papers.read_mail reads none of them."""
    for attachment in mail.attachments:
        if attachment.content_type != "message/rfc822":
            yield attachment
        elif depth < MAX_DEPTH and attachment.data not in opened:
            opened.add(attachment.data)
            try:
                inner = parse(attachment.data, fallback_id="inner")
            except MessageError:
                continue
            yield from _carried(inner, depth + 1, opened)


def _without_quotes_of(body: str, senders: frozenset[str]) -> tuple[str, list[str]]:
    """body without the quotes marked with ">" under a reply mark ("Vào … <address> đã viết:") of a message
    from senders or from baocao (_OURS), and the salutations those quotes held. Text below a quote is the
    sender's again (bottom-posting) and stays."""
    lines = body.split("\n")
    kept: list[str] = []
    dropped: list[str] = []
    at = 0
    while at < len(lines):
        mark = _wrapped_mark(lines, at)
        end = at if mark is None else at + mark.count("\n")
        if mark is None or not _marked_below(lines, end):
            kept.append(lines[at])
            at += 1
            continue
        below = end + 1
        while below < len(lines) and (not lines[below].strip() or lines[below].lstrip().startswith(">")):
            below += 1
        quote = lines[end + 1 : below]
        if {a.lower() for a in headers.addresses(mark)} & senders or _ours(
            "\n".join(_QUOTE_MARK.sub("", line, count=1) for line in quote)
        ):
            dropped.extend(_salutations(quote))
        else:
            kept.extend(lines[at:below])
        at = below
    return "\n".join(kept), dropped


def _ours(text: str) -> bool:
    """A message's text is baocao's own mail: it closes with _OURS, outside any quote it holds (a school's
    reply quoting the reminder, forwarded on, is the school's)."""
    own = " ".join(line for line in text.splitlines() if not line.lstrip().startswith(">"))
    return bool(_OURS.search(fold(own)))


def to_a_principal(line: str) -> bool:
    """Whether the line opens a letter to a school's principal ("Kính gửi: Hiệu trưởng Trường …"): the
    office writes so to a school; a school writes to the office."""
    return bool(_TO_A_PRINCIPAL.match(fold(line)))


def _salutations(lines: Iterable[str]) -> list[str]:
    """The lines, quote marks taken off, that open a mail to a school's principal."""
    bare = (_QUOTE_MARKS.sub("", line).strip() for line in lines)
    return [line for line in bare if to_a_principal(line)]


def _wrapped_mark(lines: Sequence[str], at: int) -> str | None:
    """The reply mark that starts at line at, over one line or, wrapped by Gmail's plain text at the
    sender's address ("… Trường TH Mỹ An <" over "c1myan…> đã viết:"), two; None if none starts there."""
    if _REPLY_MARK.match(fold(lines[at])):
        return lines[at]
    if at + 1 < len(lines) and lines[at].rstrip().endswith("<"):
        both = f"{lines[at]}\n{lines[at + 1]}"
        if _REPLY_MARK.match(fold(both.replace("\n", ""))):
            return both
    return None


def _marked_below(lines: Sequence[str], at: int) -> bool:
    """The quote a reply mark at line at introduces is marked line by line with ">"."""
    following = next((line for line in lines[at + 1 :] if line.strip()), "")
    return following.lstrip().startswith(">")


# Forward markers of Gmail, Outlook, Thunderbird, Yahoo, Apple Mail ("Bắt đầu thư được chuyển tiếp:" in
# Vietnamese), in English and Vietnamese.
_FORWARD_FROM = re.compile(
    r"^\s*(?:>\s*)*\*?(?:From|Từ|Tu|De|Người gửi)\s*:\*?\s*(?P<value>.+)$", re.IGNORECASE | re.MULTILINE
)
# The date line of a forwarded message's header block, below its From line (Outlook's "Sent:", Gmail's
# "Date:", Vietnamese "Ngày:", "Đã gửi:").
_HEADER_BLOCK_DATE = re.compile(
    r"^[ \t>*]*(?:date|sent|ngày|ngày gửi|đã gửi)\s*:", re.IGNORECASE | re.MULTILINE
)
# Where a reply's quoted message starts (Gmail and Outlook, English and Vietnamese), on folded text.
_REPLY_MARK = re.compile(r"^\s*(?:on .+ wrote:|vao .+ da viet:|-+ ?(?:original message|thu goc))")
# The salutation of a mail to a school's principal ("Kính gửi: Hiệu trưởng Trường …") or a childcare group's
# owner ("Kính gửi: Chủ nhóm trẻ …"), on folded text: the office's reminder or acknowledgement pasted back
# into a school's mail, never words the school wrote.
_TO_A_PRINCIPAL = re.compile(r"^\s*kinh gui\s*:?\s*(?:(?:ong |ba |thay |co )?hieu truong|chu nhom)\b")
# The line heading an official letter's list of where its copies go ("Nơi nhận:"), on folded text: where
# a paper's content has ended, and the schools listed under it are sent copies, not the writer.
COPIES_HEADING = re.compile(r"^\s*noi nhan\b")
_QUOTE_MARKS = re.compile(r"^(?:\s*>)+")
# The line closing every mail baocao sends (scheduler/templates: "Thư được gửi tự động từ hệ thống theo dõi
# báo cáo của …"), on folded text, wrapped anywhere: a message a school quotes or passes on that holds it is
# the office's reminder or acknowledgement, whoever Outlook names as its sender.
_OURS = re.compile(r"\bthu\s+(?:nay\s+)?duoc\s+gui\s+tu\s+dong\s+tu\s+he\s+thong\s+theo\s+doi\s+bao\s+cao\b")
# What a mail gateway or a list puts before a subject ("[External] ", "[SPAM?] RE: …"), on folded text:
# the reply or forward prefix after it is the sender's.
SUBJECT_TAGS = r"\s*(?:\[[^\]]*\]\s*)*"
# The prefixes of a reply's subject (Outlook in Vietnamese writes "TL:", trả lời) and of a forward's ("TR:" is
# Outlook's in Vietnamese), folded.
_REPLY_PREFIXES = r"re|tl|tra loi|aw|sv"
_FORWARD_PREFIXES = r"fwd?|tr|chuyen tiep"
# A reply's subject, on folded text.
REPLY_SUBJECT = re.compile(rf"^{SUBJECT_TAGS}(?:{_REPLY_PREFIXES})\s*:")
# A reply to (or forward of) the office's acknowledgement («Re: Đã nhận báo cáo … của Trường …»), on folded
# text: the school its subject names is the one the office wrote to, not the one writing now.
OUR_ACK_SUBJECT = re.compile(
    rf"^{SUBJECT_TAGS}(?:(?:{_REPLY_PREFIXES}|{_FORWARD_PREFIXES})\s*:\s*)+da nhan\b"
)
# Outlook heads the message a reply quotes with "From:" over "Sent:" ("Từ:" over "Đã gửi:"), on folded text.
_QUOTED_FROM = re.compile(r"^\s*\*?(?:from|tu)\s*:")
_QUOTED_SENT = re.compile(r"^\s*\*?(?:sent|da gui)\s*:")
_QUOTE_MARK = re.compile(r"^\s*> ?")
# A forward's subject, on folded text. A reply to a forward ("TL: TR:") quotes the forwarder's mail, not the
# original sender's.
FORWARD_SUBJECT = re.compile(rf"^{SUBJECT_TAGS}(?:{_FORWARD_PREFIXES})\s*:")
# Either: a subject a thread gave the mail, not one its sender typed.
THREAD_SUBJECT = re.compile(rf"^{SUBJECT_TAGS}(?:{_REPLY_PREFIXES}|{_FORWARD_PREFIXES})\s*:")
# Outlook heads a forwarded message with its header lines and no marker line: "From:" over "Sent:"
# ("Từ:" over "Đã gửi:"), sometimes in bold.
_QUOTED_HEADER = re.compile(
    r"^[ \t>]*\*?(?:From|Từ|Người gửi)\s*:.*\r?\n[ \t>]*\*?(?:Sent|Date|Đã gửi|Ngày gửi|Ngày)\s*:",
    re.IGNORECASE | re.MULTILINE,
)
# A line that only heads a forwarded message: a marker between rules, a rule, or nothing.
_MARKER_LINE = re.compile(
    r"[-_=*~ \t]*(?:forwarded message|original message|thư chuyển tiếp|thư đã chuyển tiếp"
    r"|begin forwarded message:|bắt đầu thư được chuyển tiếp:)?[-_=*~ \t]*",
    re.IGNORECASE,
)
_FORWARD_MARK = re.compile(
    r"(forwarded message|thư đã chuyển tiếp|thư chuyển tiếp|bắt đầu thư được chuyển tiếp|original message|thư gốc"
    r"|begin forwarded message)",
    re.IGNORECASE,
)
# Outlook's marker over the message a reply quotes, and over one it forwards inline (see _forward_mark).
_QUOTE_OR_FORWARD = re.compile(r"original message|thư gốc", re.IGNORECASE)


# A mail is copied with a field changed (dataclasses.replace) a few times as it is read, and each copy
# worked out its views again (its addresses, what its sender wrote): 300 messages parsed their addresses
# 1,125 times and cut their bodies 774 times. The views of the last mails are kept, by what they derive from.
_VIEWS_KEPT = 64


@functools.lru_cache(maxsize=_VIEWS_KEPT)
def _addresses_in(fields: tuple[tuple[str, str], ...], names: tuple[str, ...]) -> frozenset[str]:
    """The addresses the header fields of these names name, lower case."""
    values = [value for name, value in fields if name in names]
    return frozenset(address.lower() for _, address in email.utils.getaddresses(values) if "@" in address)


@functools.lru_cache(maxsize=_VIEWS_KEPT)
def _forwarder_text(body: str, subject: str, recipients: frozenset[str]) -> str | None:
    """Mail.forwarder_text of a mail of this body, subject and recipients."""
    mark = _forward_mark(body, subject, recipients)
    return None if mark is None else body[: mark.start()]


@functools.lru_cache(maxsize=_VIEWS_KEPT)
def _own_body(body: str, subject: str, *, forwards: bool) -> str:
    """Mail.own_body of a mail of this body and subject, forwarding a message or not (forwarder_text)."""
    kept: list[str] = []
    lines = body.splitlines()
    reply = bool(REPLY_SUBJECT.match(fold(subject)))
    for at, line in enumerate(lines):
        folded = fold(line)
        if not forwards and _TO_A_PRINCIPAL.match(folded):
            break
        if _REPLY_MARK.match(folded):
            if _marked_below(lines, at):
                continue
            break
        if (
            reply
            and _QUOTED_FROM.match(folded)
            and at + 1 < len(lines)
            and _QUOTED_SENT.match(fold(lines[at + 1]))  # folded only under a "From:" line
        ):
            break
        if not line.lstrip().startswith(">"):
            kept.append(line)
    return "\n".join(kept)


@dataclass(frozen=True)
class Tree:
    """A message cut at its header block and parsed by the email package, its large parts lifted out
    (bigparts): the first step of reading it, which the content key (intake.identity) reads too."""

    head: headers.Head
    lifted: bigparts.Lifted
    root: Message
    notes: tuple[str, ...]  # what the parse had to recover: a structure guessed, nesting cut (Vietnamese)


def parse_tree(raw: bytes) -> Tree:
    """The parsed tree of raw; MessageError only when it is not an email at all."""
    if not raw or raw.isspace():  # raw.strip() would copy a large message
        raise MessageError("thư rỗng (0 byte)")
    head = headers.split(raw)
    if not head.fields:
        raise MessageError("dữ liệu không có phần đầu thư")
    said: list[str] = []
    lifted, root = _lifted_tree(head, said)
    return Tree(head, lifted, root, tuple(said))


def parse(raw: bytes, fallback_id: str, parsed: Tree | None = None) -> Mail:
    """Parse raw bytes (parsed: their tree, when it was built already); MessageError only when they are
    not an email at all."""
    return _parse(parsed or parse_tree(raw), fallback_id, unwrap=True)


def _parse(parsed: Tree, fallback_id: str, *, unwrap: bool) -> Mail:
    head, lifted, root = parsed.head, parsed.lifted, parsed.root
    notes = [*head.warnings, *parsed.notes]
    fields = fields_of(root)
    for key, shown in _SINGLE.items():
        values = fields.get(key, [])
        if len({headers.field_text(v).text for v in values}) > 1:
            notes.append(f"Thư có {len(values)} dòng {shown} khác nhau; dùng dòng đầu tiên.")
    sender_name, sender = _sender(fields, notes)
    wrapped = _wrapped_post(root, fields, sender) if unwrap else None
    if wrapped is not None:
        return _unwrapped(wrapped, root, sender, fallback_id, notes)
    found = _Found(lifted=lifted)
    for part, inside in _walk(root, notes):
        try:
            _read_part(part, inside, found, notes)
        except _PART_ERRORS as e:
            log.warning("unreadable %s part: %s: %.200s", part.get_content_type(), type(e).__name__, e)
            notes.append(f"Một phần {part.get_content_type()} của thư không đọc được, đã bỏ qua.")
    body = _capped(
        "\n".join(found.plain)
        or html_to_text("\n".join(found.html), links=True)
        or "\n".join(t for t in found.rich if t),
        notes,
    )
    _shown_small(found)
    if not found.attachments:
        sender_name, sender = _on_behalf(fields, sender_name, sender, notes)
    sender_name, sender, list_address = _list_author(fields, sender_name, sender, notes)
    subject = _field(fields, "subject", notes) or ""
    subject, body = _from_viqr(subject, body, notes)
    in_reply_to = _field(fields, "in-reply-to", notes)
    mail = Mail(
        message_id=headers.message_id(_field(fields, "message-id", notes) or "") or fallback_id,
        sender=sender,
        sender_name=sender_name,
        subject=subject,
        date=_date(fields, notes),
        body=body,
        attachments=tuple(found.attachments),
        headers=tuple((k.lower(), headers.field_text(v).text) for k, v in root.raw_items()),
        content_type=root.get_content_type(),
        in_reply_to=in_reply_to.strip("<>") if in_reply_to is not None else None,
        calendar=found.calendar,
        encrypted=found.encrypted,
        warnings=_summary(notes),
        parts_left_out=bool({_FLATTENED, _TOO_DEEP, _TOO_MANY} & set(notes)),
        list_address=list_address,
        garbled_body=found.garbled,
    )
    forwarded, nameless = _forwarded_senders(mail, found.forwarded)
    return dataclasses.replace(mail, forwarded_from=forwarded, unaddressed=(*nameless, *found.nameless))


def _capped(body: str, notes: list[str]) -> str:
    """The body up to MAX_BODY_CHARS, cut at a line's end, with a note for staff of what was left unread."""
    if len(body) <= MAX_BODY_CHARS:
        return body
    cut = body.rfind("\n", 0, MAX_BODY_CHARS) + 1 or MAX_BODY_CHARS
    first = next((line.strip() for line in body[cut:].splitlines() if line.strip()), "")
    notes.append(
        f"Nội dung thư quá dài ({_thousands(len(body))} ký tự, phần lớn là các thư cũ được trích dẫn hoặc chuyển "
        f"tiếp): chỉ đọc {_thousands(cut)} ký tự đầu, {_thousands(len(body) - cut)} ký tự còn lại (từ dòng "
        f"«{first[:80]}» trở đi) không được đọc. Cán bộ mở thư gốc nếu cần xem phần này."
    )
    return body[:cut]


def _thousands(number: int) -> str:
    """A count as Vietnamese writes it, with dots between thousands: 9.437.184."""
    return f"{number:,}".replace(",", ".")


def _from_viqr(subject: str, body: str, notes: list[str]) -> tuple[str, str]:
    """The subject and body converted when the sender typed Vietnamese in VIQR («Tru*o*`ng Tie^?u ho.c»),
    so that matching and classification read the words; staff are told, as a wrong tone can slip in."""
    subject, in_subject = legacy.fix_viqr(subject)
    body, in_body = legacy.fix_viqr(body)
    where = [part for part, converted in (("tiêu đề", in_subject), ("nội dung", in_body)) if converted]
    if where:
        notes.append(
            f"{' và '.join(where).capitalize()} thư gõ tiếng Việt kiểu VIQR (chữ không dấu kèm ký hiệu như "
            "«Tru*o*`ng», «ho.c»), đã được chuyển sang chữ có dấu để đọc; cán bộ đối chiếu với thư gốc nếu "
            "thấy chữ nào sai."
        )
    return subject, body


@dataclass
class _Found:
    """What the walk over a message's parts collects."""

    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    # The bodies packed in the message's own winmail.dat (Outlook sending in its rich text): its words when
    # it has no text part, as Outlook shows them.
    rich: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    forwarded: list[str] = field(default_factory=list)  # senders of attached messages (.eml, Outlook's .msg)
    nameless: list[tuple[str, str]] = field(default_factory=list)  # Mail.unaddressed
    calendar: bool = False  # a text/calendar part of the body, not a file (Mail.calendar)
    garbled: bool = False  # a part of the body in a charset guessed as no Vietnamese (Mail.garbled_body)
    # (index in attachments, Content-ID) of each picture with a Content-ID (_shown_small)
    placed: list[tuple[int, str]] = field(default_factory=list)
    pasted: int = 0  # pictures an HTML body holds as data (_pasted_as_data)
    encrypted: str = ""  # how a part is encrypted (Mail.encrypted)
    lifted: bigparts.Lifted | None = None  # large parts kept out of the parser (intake.bigparts)


def _shown_small(found: _Found) -> None:
    """Mark as a logo placed in the text each picture with a Content-ID that the HTML body shows at a
    logo's or a banner's size (Attachment.logo).

    Outlook may send the logo of a signature (tens of kB) as an attachment its HTML shows by Content-ID,
    and a banner may weigh more than any logo: counted as a file, either was read as a photo of the
    report. A photographed page weighs as little, so only the HTML's own word is taken: an <img> of that
    Content-ID with a width and height no larger than a logo's or a banner's. Any text found in such a
    picture is still read (papers._decoration passes over it only when it has none)."""
    if not found.placed:
        return
    images = _images("\n".join(found.html))
    for at, content_id in found.placed:
        picture = found.attachments[at]
        if _logo_sized(images, content_id.strip().strip("<>").strip(), picture.data):
            found.attachments[at] = dataclasses.replace(picture, inline=True, logo=True)


def _logo_sized(images: Sequence[dict[str, str]], content_id: str, data: bytes) -> bool:
    """Whether an <img> of the HTML (images: _images) shows the picture of content_id, and every one that
    does at a logo's size (_at_a_logos_size), or at the picture's own size (no size given) when the
    picture is too small in pixels to hold a readable page (a signature's logo a few hundred pixels
    wide, its HTML giving no size)."""
    shown = [
        _at_a_logos_size(attributes)
        or (_sized_by_itself(attributes) and images_mod.too_small_for_a_page(data))
        for attributes in images
        if (source := urllib.parse.unquote(attributes.get("src", "").strip()))[:4].lower() == "cid:"
        and source[4:].strip().lower() == content_id.lower()
    ]
    return bool(shown) and all(shown)


def _sized_by_itself(attributes: dict[str, str]) -> bool:
    """Whether an <img> gives neither a width nor a height, as attributes or in its style."""
    return not (
        attributes.get("width", "").strip()
        or attributes.get("height", "").strip()
        or _STYLE_SIZE.search(attributes.get("style", ""))
    )


def _images(html: str) -> list[dict[str, str]]:
    """The attributes of each <img> of the HTML, by lower-case name, their character references read."""
    images = _Images()
    images.feed(html)
    images.close()
    return images.found


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.found.append({name: value or "" for name, value in attrs})


def _at_a_logos_size(attributes: dict[str, str]) -> bool:
    """Whether an <img> is shown at most _LOGO_WIDTH by _LOGO_HEIGHT pixels, by its width and height given
    as attributes or in its style."""
    style = {m.group(1).lower(): float(m.group(2)) for m in _STYLE_SIZE.finditer(attributes.get("style", ""))}
    width = style.get("width") or _pixels(attributes.get("width", ""))
    height = style.get("height") or _pixels(attributes.get("height", ""))
    return width is not None and height is not None and width <= _LOGO_WIDTH and height <= _LOGO_HEIGHT


def _pixels(value: str) -> float | None:
    """An HTML width or height attribute in pixels ("110", "110px"); None for a percentage or nothing."""
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*", value)
    return float(found.group(1)) if found else None


def _lifted_tree(head: headers.Head, notes: list[str]) -> tuple[bigparts.Lifted, Message]:
    """The parsed message, its large base64 parts lifted out and its other base64 parts written on one
    line each: the parser reads a message line by line, and such a part's thousand lines cost it more than
    the rest of a report's mail. Parsed again with those parts as sent when it read the parts otherwise."""
    fields = b"\r\n".join(head.fields)
    lifted = bigparts.lift(fields, head.body, join=True)
    said: list[str] = []
    root = _tree(dataclasses.replace(head, body=lifted.skeleton), said)
    if lifted.joined and not lifted.read_whole(root):
        lifted, said = bigparts.lift(fields, head.body), []
        root = _tree(dataclasses.replace(head, body=lifted.skeleton), said)
    notes.extend(said)
    return lifted, root


def _tree(head: headers.Head, notes: list[str]) -> Message:
    """The parsed message; a lost Content-Type or boundary is recovered from the body when it can be."""
    root = _parsed(head.message_bytes(), notes)
    if root.is_multipart() or not _lost_structure(root):
        return root
    boundary = _guess_boundary(bytes(head.body))  # the skeleton: bytes already, not copied
    if boundary is None:
        return root
    again = _parsed(head.message_bytes(b'multipart/mixed; boundary="' + boundary + b'"'), notes)
    if not again.is_multipart():
        return root
    notes.append("Dòng Content-Type của thư thiếu hoặc hỏng; đã tự nhận ra các phần của thư.")
    return again


def _parsed(data: bytes, notes: list[str]) -> Message:
    """The message tree as mail-parser builds it; the standard parser when mail-parser stumbles on a
    damaged message (its own decoding of every part raises on broken base64, charsets, nesting)."""
    try:
        return _mailparser_tree(data)
    except RecursionError:  # the email package recurses once per nested part
        notes.append(_FLATTENED)
        kept = iter(range(_NESTED_KEPT))
        flat = _NESTED_TYPE.sub(
            lambda m: (
                m.group(0) if next(kept, None) is not None else m.group(1) + b"application/octet-stream"
            ),
            data,
        )
        return _PARSER.parsebytes(flat)


def _mailparser_tree(data: bytes) -> Message:
    # as mail-parser's from_bytes builds it; too deep, it raises RecursionError
    tree = _PARSER.parsebytes(data)
    if _deeper_than(tree, _MAILPARSER_DEPTH):
        return tree
    try:
        message = mailparser.MailParser(tree).message
    except Exception as e:  # mail-parser raises many types on damaged input; its pass only reads the tree
        log.info(
            "mail-parser could not read the message (%s: %.200s); using the standard parser's tree",
            type(e).__name__,
            e,
        )
        return tree
    return message if isinstance(message, Message) else tree


def _deeper_than(root: Message, levels: int) -> bool:
    """Whether any part lies more than levels MIME levels below the message."""
    stack = [(root, 0)]
    while stack:
        part, depth = stack.pop()
        if depth > levels:
            return True
        if part.is_multipart():
            stack.extend((child, depth + 1) for child in part.get_payload() if isinstance(child, Message))
    return False


def _lost_structure(root: Message) -> bool:
    """A multipart without a usable boundary, or a Content-Type missing or unreadable."""
    if root.get_content_maintype() == "multipart":
        return True
    value = root.get("content-type")
    return value is None or "/" not in str(value).split(";")[0]


def _guess_boundary(body: bytes) -> bytes | None:
    found = _DELIMITER.search(body)
    if found is None or body.count(b"--" + found.group(1)) < 2:
        return None
    return found.group(1)


def _walk(root: Message, notes: list[str]) -> Iterator[tuple[Message, bool]]:
    """Every part in order (the message itself first), with whether it sits inside an attachment."""
    stack: list[tuple[Message, int, bool]] = [(root, 0, False)]
    for _ in range(MAX_PARTS):
        if not stack:
            return
        part, depth, inside = stack.pop()
        yield part, inside
        if not part.is_multipart():
            continue
        if depth >= MAX_DEPTH:
            notes.append(_TOO_DEEP)
            continue
        children = [c for c in part.get_payload() if isinstance(c, Message)]
        enclosed = inside or _encloses(part)
        stack.extend((child, depth + 1, enclosed) for child in reversed(children))
    if stack:
        notes.append(_TOO_MANY)


def _encloses(part: Message) -> bool:
    """A container attached as a whole (RFC 2183): its text parts are not the message's body."""
    disposition = part.get_content_disposition()
    return disposition not in (None, "inline") or (disposition != "inline" and bool(_filename(part, [])))


def _read_part(part: Message, inside: bool, found: _Found, notes: list[str]) -> None:
    """Add a part's text to the body and the part itself to the attachments, as mail readers do."""
    if any(isinstance(d, email.errors.CloseBoundaryNotFoundDefect) for d in part.defects):
        notes.append(
            "Thư thiếu dòng kết thúc của một phần MIME (có thể bị cắt cụt); đã đọc những gì nhận được."
        )
    disposition = part.get_content_disposition()
    multipart = part.is_multipart()
    if multipart and disposition != "attachment":
        return
    content_type = part.get_content_type()
    encoded_message = content_type == bigparts.ENCODED_MESSAGE
    if encoded_message:  # relabelled before parsing so its transfer encoding is undone: read as one
        content_type = "message/rfc822"
    if content_type.startswith("multipart/") and not multipart:
        notes.append(f"Một phần {content_type} của thư không có ranh giới (boundary) dùng được, đã bỏ qua.")
        return
    name = _filename(part, notes)
    content_id = headers.field_text(str(part.get("content-id") or "")).text
    if not name and content_id and part.get_content_subtype() not in ("html", "plain"):
        name = _named_by_id(content_id, content_type)
    elif not name and content_type in _SMIME_TYPES:
        name = "smime.p7m"
    elif not name and (
        part.get_content_subtype() == "rtf"
        or disposition == "attachment"
        or _unnamed_file(content_type)
        or encoded_message
    ):
        name = unnamed(content_type)
    if (
        name
        and not inside
        and content_type in ("text/plain", "text/html")
        and _MAIL_TEXT_NAME.fullmatch(name)
    ):
        name = ""  # the mail's own words that its client sent as a file: read as its text
    label = f"Tệp đính kèm «{name}»" if name else f"Phần {content_type} của thư"
    if name:
        data = _flat(part) if multipart else _payload(part, label, notes, found.lifted)
        if not multipart and _signature_or_key(content_type, name, data):
            return
        signed = _signed_content(data) if content_type in _SMIME_TYPES else None
        encrypted = _encryption(part, content_type, data)
        if encrypted:
            found.encrypted = encrypted
            return
        if signed is not None:  # an opaque-signed S/MIME message: the signed entity is the message
            content_type, data = "message/rfc822", signed
        elif content_type != "message/rfc822" and name.lower().endswith(".eml") and _is_mail(data):
            content_type = "message/rfc822"  # a saved message attached as a file: read it as one
        elif content_type == "message/rfc822" and _document_not_mail(data):
            # A PDF or Word file its mail program labelled an attached message: read as the file it is.
            content_type = "application/octet-stream"
        if content_type == "message/rfc822" and signed is None:
            name = _attached_message(part, data, name, found)
        elif sniff.is_outlook_item(data) and (author := outlook.author_of(data)) is not None:
            if author.address:  # a mail saved from Outlook, attached as an .eml is
                found.forwarded.append(author.address)
            else:
                found.nameless.append((name, author.name))
        inline = bool(content_id) and disposition != "attachment" and content_type.startswith("image/")
        if content_id and content_type.startswith("image/"):
            found.placed.append((len(found.attachments), content_id))
        found.attachments.append(Attachment(name=name, content_type=content_type, data=data, inline=inline))
        if not inside and sniff.is_tnef(data):
            found.rich.append(archives.tnef_body(data))
    if not name and not inside and content_type == "text/calendar":
        found.calendar = True
    inline_body = not inside and disposition == "inline" and content_type in ("text/plain", "text/html")
    if multipart or (name and not inline_body) or content_type not in ("text/plain", "text/html"):
        return
    if inside:  # the text of an attached message is read with that message, not as this one's body
        return
    payload = _payload(part, label, notes, found.lifted)
    text = headers.text_of(payload, part.get_content_charset(), html=content_type == "text/html")
    notes.extend(f"{label}: {problem}." for problem in text.problems)
    found.garbled |= text.garbled
    body = text.text
    if content_type == "text/plain" and str(part.get_param("format") or "").lower() == "flowed":
        body = unflow(body, delsp=str(part.get_param("delsp") or "").lower() == "yes")
    if content_type == "text/plain":
        body = _uudecoded(body, found.attachments)
    elif "data:image/" in body:
        _pasted_as_data(body, found)
    if body:
        (found.html if content_type == "text/html" else found.plain).append(body)


def _uudecoded(text: str, attachments: list[Attachment]) -> str:
    """The text without the files an old mail program pasted into it (uuencode: "begin 644 name", a line
    per 45 bytes, "end"), which are added to the attachments as files; a block that does not decode stays
    text."""

    def lift(block: re.Match[str]) -> str:
        try:
            data = b"".join(_uu_line(line) for line in block.group(2).splitlines() if line.strip())
        except (binascii.Error, ValueError, UnicodeEncodeError):
            return block.group(0)
        name = unicodedata.normalize("NFC", block.group(1).strip())
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        attachments.append(Attachment(name=name, content_type=kind, data=data))
        return ""

    return _UUENCODED.sub(lift, text) if "begin " in text else text


def _pasted_as_data(html: str, found: _Found) -> None:
    """Add the pictures an HTML body holds as data (<img src="data:image/png;base64,…">: some webmail keep
    a picture pasted into the mail so, instead of attaching it) to the attachments, as pictures placed in
    the mail's text, named in order "ảnh dán trong thư 1.jpg", "ảnh dán trong thư 2.png"; one shown at a
    logo's or a banner's size is a logo (Attachment.logo, as _shown_small says of a picture by Content-ID)."""
    for attributes in _images(html):
        picture = _DATA_PICTURE.fullmatch(attributes.get("src", ""))
        if picture is None:
            continue
        data, _ = headers.decode_base64(picture.group(2).encode("ascii", "ignore"))
        if not data:
            continue
        kind = picture.group(1).lower()
        found.pasted += 1
        name = f"ảnh dán trong thư {found.pasted}{mimetypes.guess_extension(kind) or ''}"
        logo = _at_a_logos_size(attributes)
        found.attachments.append(Attachment(name=name, content_type=kind, data=data, inline=True, logo=logo))


def _uu_line(line: str) -> bytes:
    """One uuencoded line's bytes; its length character says how many, whatever padding the encoder
    left at its end (as the uu module read them)."""
    try:
        return binascii.a2b_uu(line)
    except binascii.Error:
        count = (((ord(line[0]) - 32) & 63) * 4 + 5) // 3
        return binascii.a2b_uu(line[:count])


def _named_by_id(content_id: str, content_type: str) -> str:
    """A file name for a part known only by its Content-ID (a picture pasted into the mail), as staff
    read it: "<ii_abc123>" as "ii_abc123.jpg"."""
    name = content_id.strip().strip("<>").strip()
    if not name:
        return unnamed(content_type)
    extension = mimetypes.guess_extension(content_type) or ""
    return name if not extension or name.lower().endswith(extension) else f"{name}{extension}"


def unnamed(content_type: str) -> str:
    """The name staff read for a file sent without one, as "Tệp không tên.pdf" reads in their messages:
    "không tên" and the extension of its type (none for an unknown one: the bytes say what it is)."""
    if content_type.endswith("/rtf"):
        extension = ".rtf"
    elif content_type.split("/")[0] in _FILE_TYPES and content_type != "application/octet-stream":
        extension = mimetypes.guess_extension(content_type) or ""
    else:
        extension = ""
    return f"không tên{extension}"


def _unnamed_file(content_type: str) -> bool:
    """A part that mail readers show as a file although it has no name: a PDF, picture or other file
    (a scanner's "Scan to e-mail" sends its PDF as the whole message)."""
    return content_type.split("/")[0] in _FILE_TYPES


def _signature_or_key(content_type: str, name: str, data: bytes) -> bool:
    """A part that signs the message or carries its sender's key, named or not (Outlook, Apple Mail and
    Thunderbird send «smime.p7s» as an attachment): none of the school's files. Under a generic type it is
    known by its bytes: a detached PKCS #7 signature named .p7s, an OpenPGP signature or key."""
    if content_type in _SIGNATURE_TYPES:
        return True
    if data[:64].lstrip().startswith(_PGP_ARMOUR):
        return True
    return name.lower().endswith(".p7s") and _detached_signature(data)


def _detached_signature(data: bytes) -> bool:
    """PKCS #7 signed data that holds no content of its own: a signature of something else."""
    try:
        info = cms.ContentInfo.load(data)
        return (
            info["content_type"].native == "signed_data"
            and not info["content"]["encap_content_info"]["content"].native
        )
    except (ValueError, TypeError, KeyError, IndexError):  # asn1crypto on bytes that are no PKCS #7
        return False


def _filename(part: Message, notes: list[str]) -> str:
    """A part's file name as mail readers show it (_without_path), "" when it has none."""
    return _without_path(_written_filename(part, notes))


def _without_path(name: str) -> str:
    """A file name without the Windows path old webmail uploaded from Internet Explorer sends before it
    ("C:\\Users\\Admin\\Desktop\\BC.docx", "\\\\MAYCHU\\Chung\\BC.docx"): its folders are no name the school gave
    the file, and may name another school."""
    if not _WINDOWS_PATH.match(name):
        return name
    return name.rsplit("\\", 1)[-1].strip() or name


def _written_filename(part: Message, notes: list[str]) -> str:
    try:
        raw = _eight_bit_filename(part, notes) or _rfc2231_filename(part, notes) or part.get_filename()
    except _PART_ERRORS as e:
        log.warning("unreadable file name: %s: %.200s", type(e).__name__, e)
        notes.append("Tên một tệp đính kèm không đọc được.")
        return ""
    if not raw:
        return ""
    if "=?" in raw and (typed := _encoded_legacy_name(raw, notes)) is not None:
        return typed
    name = headers.field_text(raw)
    shown = f"Tên tệp đính kèm «{name.text}»" if name.text else "Tên một tệp đính kèm"
    notes.extend(f"{shown}: {problem}." for problem in name.problems)
    return _unpercented(name.text)


def _encoded_legacy_name(raw: str, notes: list[str]) -> str | None:
    """A file name in RFC 2047 encoded words whose bytes were typed in TCVN3 or VNI (_legacy_name)."""
    try:
        pieces = email.header.decode_header(raw)
    except (email.errors.HeaderParseError, ValueError, LookupError):
        return None
    data = b"".join(p if isinstance(p, bytes) else p.encode("latin-1", "replace") for p, _ in pieces)
    return _legacy_name(data, notes)


def _legacy_name(data: bytes, notes: list[str]) -> str | None:
    """The file name whose bytes were typed in TCVN3 or VNI (parsers.legacy.fix_name), whatever charset
    the mail declares, as Unicode, with a note for staff; None for any other name. Read from the bytes
    before any decoding: nfc drops TCVN3's ư, the soft hyphen."""
    typed = data.decode("latin-1")
    converted, encoding = legacy.fix_name(typed)
    if encoding is None:
        return None
    notes.append(
        f"Tên tệp đính kèm «{converted}» gõ bằng bảng mã cũ {legacy.LABELS[encoding]}, thư ghi thành "
        f"«{nfc(typed)}»; đã chuyển sang chữ Unicode."
    )
    return converted


def _unpercented(name: str) -> str:
    """A file name some web mail URL-encoded without saying so (no RFC 2231 "filename*="), as typed:
    "B%C3%A1o%20c%C3%A1o.docx" is "Báo cáo.docx". Only a name whose every "%" starts an escape and that
    decodes to UTF-8 with a space or a letter beyond ASCII is taken for one."""
    if "%" not in name or _NOT_ESCAPE.search(name):
        return name
    try:
        typed = urllib.parse.unquote(name, errors="strict")
    except UnicodeDecodeError:
        return name
    if (typed.isascii() and " " not in typed) or any(unicodedata.category(c) == "Cc" for c in typed):
        return name
    return nfc(typed)


def _eight_bit_filename(part: Message, notes: list[str]) -> str | None:
    """A file name written in raw 8-bit bytes (RFC 6532 mail, webmail that skips RFC 2231), read from a
    copy of the fields decoded as text: the email package turns such bytes into U+FFFD."""
    fields = [(k, v) for k, v in part.raw_items() if k.lower() in ("content-disposition", "content-type")]
    if all(not isinstance(v, str) or v.isascii() for _, v in fields):
        return None
    for key, value in fields:
        try:  # the email package keeps each 8-bit byte as a surrogate
            data = value.encode("ascii", "surrogateescape") if isinstance(value, str) else b""
        except UnicodeEncodeError:
            continue
        copy = Message()
        copy[key] = data.decode("latin-1")
        written = copy.get_filename()
        if written and (typed := _legacy_name(written.encode("latin-1", "replace"), notes)) is not None:
            return typed
    copy = Message()
    for key, value in fields:
        decoded = headers.field_text(str(value))
        notes.extend(f"Dòng {key} của một tệp đính kèm: {problem}." for problem in decoded.problems)
        copy[key] = decoded.text
    return copy.get_filename()


def _rfc2231_filename(part: Message, notes: list[str]) -> str | None:
    """A file name written as RFC 2231 says (filename*=charset''…), read from its bytes as headers.text_of
    reads text: the email package decodes them in the declared charset, and old Outlook declares
    iso-8859-1 on Vietnamese typed in windows-1258 ("TrýõÌng" for "Trường")."""
    for header, param in (("content-disposition", "filename"), ("content-type", "name")):
        value = part.get_param(param, header=header)
        if not isinstance(value, tuple):
            continue
        charset, _, written = value
        try:
            data = str(written).encode("latin-1")  # the email package keeps each %XX byte as one character
        except UnicodeEncodeError:
            return None
        typed = _legacy_name(data, notes)
        if typed is not None:
            return typed
        decoded = headers.text_of(data, charset or None, field=True)
        notes.extend(f"Tên tệp đính kèm «{decoded.text}»: {problem}." for problem in decoded.problems)
        return decoded.text
    return None


def _payload(part: Message, label: str, notes: list[str], lifted: bigparts.Lifted | None = None) -> bytes:
    """A leaf part's bytes with its transfer encoding undone, damage repaired as far as it goes."""
    declared = part.get("content-transfer-encoding")
    encoding = _transfer_encoding(declared)
    if encoding == "base64":
        text: bytes | memoryview = _undecoded(part)
        data, damaged = headers.decode_base64(text)
        original = lifted.body(data) if lifted is not None else None
        if original is not None:  # a large part read from the message's own bytes, not the parser's copy
            text = original
            data, damaged = headers.decode_base64(original)
        if headers.not_base64(text):  # a file or words sent as they are under a base64 label
            notes.append(f"{label}: khai báo mã hóa base64 nhưng dữ liệu không mã hóa, đã đọc nguyên dạng.")
            return bytes(text)
        if damaged:
            notes.append(f"{label}: dữ liệu mã hóa base64 bị hỏng, nội dung có thể không đầy đủ.")
        return data
    hidden = _base64_file(_undecoded(part)) if part.get_content_maintype() != "text" else None
    if hidden is not None:
        notes.append(f"{label}: dữ liệu mã hóa base64 mà thư không ghi như vậy, đã giải mã.")
        return hidden
    if encoding not in _TRANSFER_ENCODINGS:
        notes.append(f"{label}: kiểu mã hóa «{encoding}» không rõ, giữ nguyên dữ liệu.")
    elif declared is not None and str(declared) != encoding:
        part.replace_header("content-transfer-encoding", encoding)  # the email package wants it exact
    if encoding == "quoted-printable" and headers.bad_quoted_printable(
        str(part.get_payload()).encode("ascii", "replace")
    ):
        notes.append(f"{label}: dữ liệu mã hóa quoted-printable bị hỏng, nội dung có thể sai vài chữ.")
    decoded = part.get_payload(decode=True)
    return decoded if isinstance(decoded, bytes) else b""


def _undecoded(part: Message) -> bytes:
    """The bytes of a leaf part as the message holds them, its transfer encoding not undone: the email
    package gives them so only for an encoding it does not decode (its text would have U+FFFD for
    8-bit bytes)."""
    declared = part["content-transfer-encoding"]
    if declared is None:
        data = part.get_payload(decode=True)
    else:
        part.replace_header("content-transfer-encoding", "8bit")
        try:
            data = part.get_payload(decode=True)
        finally:
            part.replace_header("content-transfer-encoding", str(declared))
    return data if isinstance(data, bytes) else b""


def _base64_file(data: bytes) -> bytes | None:
    """The file that a part not declared base64 holds when it is nothing but base64 lines that decode to a
    file the readers know (a PDF, a zip, a picture, …): some mail programs leave out a file's
    Content-Transfer-Encoding or give the wrong one. None for anything else (words stay words); its start
    tells most parts, without a pass over a long one."""
    text = data.strip()
    if (
        len(text) < _MIN_BASE64_FILE
        or text[:4096].translate(None, _BASE64_LINES)
        or text.translate(None, _BASE64_LINES)
    ):
        return None
    decoded, damaged = headers.decode_base64(text)
    if damaged or sniff.sniff(decoded) in (sniff.Kind.TEXT, sniff.Kind.PROGRAM, sniff.Kind.UNKNOWN):
        return None
    return decoded


_BASE64_LINES = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n"
_MIN_BASE64_FILE = 64  # fewer base64 characters hold no file worth reading


def _transfer_encoding(value: object) -> str:
    """The Content-Transfer-Encoding token, lower case; "base-64" and "x-base64" read as base64."""
    token = re.match(r"[\w.-]*", headers.field_text(str(value or "")).text.strip("\"' ").lower())
    encoding = token.group() if token else ""
    return "base64" if encoding.replace("-", "") in ("base64", "xbase64") else encoding


def _flat(part: Message) -> bytes:
    """An attached message (or container) as bytes, header fields written back as received."""
    out = io.BytesIO()
    items = part.get_payload() if part.get_content_maintype() == "message" else [part]
    for item in (i for i in items if isinstance(i, Message)):
        BytesGenerator(out, mangle_from_=False, policy=_VERBATIM).flatten(item)
    return out.getvalue()


def _signed_content(data: bytes) -> bytes | None:
    """The MIME entity an opaque-signed S/MIME part (PKCS #7 signed-data) carries, or None.

    Outlook sends a digitally signed message this way when "send clear text signed message" is off;
    a school signing with its token then sends one smime.p7m holding the whole message.
    """
    try:
        info = cms.ContentInfo.load(data)
        if info["content_type"].native != "signed_data":
            return None
        content = info["content"]["encap_content_info"]["content"].native
    except (ValueError, TypeError, KeyError, IndexError) as e:  # asn1crypto on bytes that are no PKCS #7
        log.info("an S/MIME part could not be unwrapped: %s: %.200s", type(e).__name__, e)
        return None
    return content if isinstance(content, bytes) and content.strip() else None


def _encryption(part: Message, content_type: str, data: bytes) -> str:
    """How a file part is encrypted (Mail.encrypted), "" when it is not."""
    if data[:64].lstrip().startswith(b"-----BEGIN PGP MESSAGE-----"):  # PGP/MIME's encrypted.asc, a .pgp file
        return "OpenPGP"
    if content_type not in _SMIME_TYPES:
        return ""
    if str(part.get_param("smime-type") or "").lower() in ("enveloped-data", "authenveloped-data"):
        return "S/MIME"
    try:
        kind = cms.ContentInfo.load(data)["content_type"].native
    except (ValueError, TypeError, KeyError, IndexError):  # asn1crypto on bytes that are no PKCS #7
        return ""
    return "S/MIME" if kind in ("enveloped_data", "authenticated_enveloped_data", "encrypted_data") else ""


def head_of(data: bytes) -> Message:
    """The header block a message's bytes (an attached message's) begin with, read alone, as far as
    headers.MAX_HEAD."""
    return _PARSER.parsebytes(data[: headers.MAX_HEAD], headersonly=True)


def _is_mail(data: bytes) -> bool:
    """Bytes that begin with a message's header block (a From and a Date, Subject or Message-ID)."""
    head = head_of(data)
    return bool(head.get("from")) and any(head.get(f) for f in ("date", "subject", "message-id"))


def _document_not_mail(data: bytes) -> bool:
    """Bytes of a document (PDF, Word, a zip...) and no message, whatever the part's type says."""
    return sniff.sniff(data) not in _NOT_DOCUMENTS and not _is_mail(data)


_NOT_DOCUMENTS = (sniff.Kind.TEXT, sniff.Kind.HTML, sniff.Kind.MHTML, sniff.Kind.PROGRAM, sniff.Kind.UNKNOWN)


def _attached_message(part: Message, data: bytes, name: str, found: _Found) -> str:
    """Note who sent an attached message, and name it after its subject when it has no .eml name.

    A From with a display name and no address (Outlook saving a sender of its own organisation,
    "From: Trường TH Mỹ An", or Exchange's internal "IMCEAEX-…" one) tells no school, as a .msg saved
    from Exchange does not: it is noted among Mail.unaddressed the same way."""
    payload = part.get_payload()
    inner = payload[0] if isinstance(payload, list) and payload else None
    if not isinstance(inner, Message):
        inner = _PARSER.parsebytes(data, headersonly=True)
    fields = fields_of(inner)
    if not name.lower().endswith(".eml"):
        subject = headers.field_text(fields["subject"][0]).text if fields.get("subject") else ""
        name = f"{subject or 'thư chuyển tiếp'}.eml"
    if fields.get("from"):
        shown, address = headers.address(fields["from"][0])
        if address and not _EXCHANGE_INTERNAL.search(fields["from"][0]):
            found.forwarded.append(address)
        else:
            found.nameless.append((name, shown.text or _display_only(fields["from"][0])))
    return name


def attached_mail(file: str) -> str:
    """What staff read a file of Mail.unaddressed to be: a message attached as an .eml, or a .msg."""
    return "thư gửi kèm dạng .eml" if file.lower().endswith(".eml") else "thư lưu từ Outlook"


def _display_only(value: str) -> str:
    """The name an address field writes with no usable address («Nguyễn Văn Bảy», "Trường TH" <>)."""
    text = re.sub(r"<[^<>]*>", " ", headers.field_text(value).text)
    return " ".join(text.split()).strip("\"' ")


def _field(fields: dict[str, list[str]], key: str, notes: list[str]) -> str | None:
    """The first value of a field as text; problems decoding it become warnings."""
    values = fields.get(key)
    if not values:
        return None
    decoded = headers.field_text(values[0])
    notes.extend(f"Dòng {_SINGLE[key]} ở phần đầu thư: {problem}." for problem in decoded.problems)
    return decoded.text


def _sender(fields: dict[str, list[str]], notes: list[str]) -> tuple[str, str]:
    """The sender's name and address by the first From field. Two From fields naming different addresses
    name no sure sender: a server checks one, a mail program shows another."""
    values = fields.get("from")
    if not values:
        notes.append("Thư không có dòng From (người gửi).")
        return "", ""
    read = [headers.address(v) for v in values]
    named = list(dict.fromkeys(a for _, a in read if a))
    if len(named) > 1:
        notes.append(
            f"Thư có {len(values)} dòng From ghi các địa chỉ khác nhau ({', '.join(named)}): không rõ ai là "
            "người gửi, nên thư không được tính theo địa chỉ gửi."
        )
        return "", ""
    if len({headers.field_text(v).text for v in values}) > 1:
        notes.append(f"Thư có {len(values)} dòng From khác nhau; dùng dòng đầu tiên.")
    name, address = read[0]
    notes.extend(f"Dòng From ở phần đầu thư: {problem}." for problem in name.problems)
    if not address:
        notes.append(f"Dòng From «{headers.field_text(values[0]).text[:80]}» không có địa chỉ thư hợp lệ.")
    return name.text, address


def no_reply(address: str) -> bool:
    """An address of a service that takes no replies, wherever its local part says so ("noreply@…",
    "drive-shares-dm-noreply@google.com", "do-not-reply@…"): no person reads it."""
    return bool(_NO_REPLY.search(address.partition("@")[0]))


def _on_behalf(fields: dict[str, list[str]], name: str, address: str, notes: list[str]) -> tuple[str, str]:
    """The person a sharing service wrote for, as the sender: a Google Drive share, a WeTransfer or a
    SharePoint notice comes From the service's no-reply address with the person who sent the file in
    Reply-To. Read as the service's, a school's report was set aside as a robot's mail, credited by the
    file's name alone, or taught the service's address to the school staff assigned it to.

    Only for a notice that carries no file, as these never do: anyone can write a Reply-To, and a report
    must never be credited to a school by one."""
    replies = fields.get("reply-to", [])
    if not no_reply(address) or len(replies) != 1:
        return name, address
    shown, person = headers.address(replies[0])
    if not person or no_reply(person) or len(headers.addresses(replies[0])) != 1:
        return name, address
    notes.append(f"Thư do {address} gửi thay cho {person} (dòng Reply-To): người gửi là {person}.")
    return shown.text or name, person


def fields_of(message: Message) -> dict[str, list[str]]:
    """A message's header fields by lower-case name, each with its raw values in order."""
    fields: dict[str, list[str]] = {}
    for name, value in message.raw_items():
        fields.setdefault(name.lower(), []).append(value)
    return fields


def author(fields: dict[str, list[str]]) -> str:
    """Who wrote a mail, by its header fields (lower-case names, raw values): From's address, or the author
    a mailing list names when it passed the mail on with From rewritten (_list_author)."""
    name, address = _sender(fields, [])
    return _list_author(fields, name, address, [])[1]


def _list_author(
    fields: dict[str, list[str]], name: str, address: str, notes: list[str]
) -> tuple[str, str, str]:
    """The author of a post a mailing list passed on with From rewritten to the list's own address, as
    (name, address, the list's address); the sender as it is when From is the author's.

    A Google Group rewrites From ("'Trường TH Mỹ An' via Các trường <nhom@googlegroups.com>") when the
    author's domain asks for it, and keeps the author in X-Original-Sender (and X-Original-From); a
    Mailman list keeps the author in Reply-To under a From whose name ends "via <list>". Read as the
    list's, the school's report went unmatched, the group's address could be taught to a school, and the
    acknowledgement went to every member of the group."""
    if not (fields.get("list-id") or fields.get("mailing-list")):
        return name, address, ""
    named = [
        headers.address(v) for v in (*fields.get("x-original-sender", ()), *fields.get("x-original-from", ()))
    ]
    via = _VIA_LIST.match(name)
    if not named and via:
        named = [
            headers.address(v) for v in fields.get("reply-to", ()) if len(set(headers.addresses(v))) == 1
        ]
    authors = {a for _, a in named if a}
    if len(authors) != 1 or address in authors:
        return name, address, ""
    author = authors.pop()
    shown = next((n.text for n, a in named if a == author and n.text), "")
    notes.append(f"Thư do nhóm thư {address} chuyển đến thay cho {author}: người gửi là {author}.")
    return shown or (via.group("name") if via else ""), author, address


def wrapped_post(raw: bytes) -> bytes | None:
    """The author's mail a mailing list sent whole inside a mail of its own (_wrapped_post), from a
    message's bytes or their start (the inner mail's header block comes early); None for any other mail."""
    try:
        root = _PARSER.parsebytes(raw)
    except _PART_ERRORS:  # too deep or too broken to walk: no post to unwrap
        return None
    fields = fields_of(root)
    return _wrapped_post(root, fields, _sender(fields, [])[1])


def _wrapped_post(root: Message, fields: dict[str, list[str]], sender: str) -> bytes | None:
    """The author's mail a mailing list sent whole, attached to a mail of its own, or None.

    Mailman's "wrap message" (its answer to the author's domain's DMARC policy) sends a post as an outer
    mail From the list, with the list's fields and no X-Original-Sender, whose only content is the
    author's mail as a message/rfc822 part (beside, at most, the list's own words as plain text). Read as
    the list's, a school's report was set aside as a newsletter."""
    if not (fields.get("list-id") or fields.get("mailing-list")) or not sender:
        return None
    if fields.get("x-original-sender") or fields.get("x-original-from") or not root.is_multipart():
        return None
    if not _from_the_list(fields, sender):
        return None
    children = [c for c in root.get_payload() if isinstance(c, Message)]
    posts = [c for c in children if c.get_content_type() == "message/rfc822"]
    if len(posts) != 1 or any(c.get_content_type() != "text/plain" for c in children if c is not posts[0]):
        return None
    try:
        data = _flat(posts[0])
        inner = head_of(data)
        _, author = headers.address(str(inner.get("from") or ""))
    except _PART_ERRORS as e:
        log.info("a list's wrapped post could not be read: %s: %.200s", type(e).__name__, e)
        return None
    return data if author and author != sender else None


def _from_the_list(fields: dict[str, list[str]], address: str) -> bool:
    """Whether an address is the list's own, as its fields say: List-Post's, Mailing-List's ("list
    gv@googlegroups.com; contact …"), or the one its List-Id spells ("<cactruong.lists.example.vn>" for
    cactruong@lists.example.vn)."""
    posts = {
        m.lower()
        for v in fields.get("list-post", ())
        for m in re.findall(r"mailto:([^>?\s]+@[^>?\s]+)", headers.field_text(v).text, re.IGNORECASE)
    } | {
        m.lower()
        for v in fields.get("mailing-list", ())
        for m in re.findall(r"\blist\s+([^;\s]+@[^;\s]+)", headers.field_text(v).text, re.IGNORECASE)
    }
    ids = {
        m.group(1).lower()
        for v in fields.get("list-id", ())
        if (m := re.search(r"<([^<>@\s]+)>", headers.field_text(v).text))
    }
    return address in posts or address.replace("@", ".") in ids


def _unwrapped(data: bytes, root: Message, address: str, fallback_id: str, notes: list[str]) -> Mail:
    """The author's mail a list wrapped (_wrapped_post), as the author's: its sender, words and files. The
    header fields stay the outer mail's, which the office's server received and checked: the sender check
    applies to the list (Mail.list_address), as for a post whose From the list rewrote."""
    inner = _parse(parse_tree(data), fallback_id, unwrap=False)
    notes.append(
        f"Thư do nhóm thư {address} chuyển đến, kèm nguyên thư gốc của {inner.sender}: người gửi là "
        f"{inner.sender}."
    )
    return dataclasses.replace(
        inner,
        headers=tuple((k.lower(), headers.field_text(v).text) for k, v in root.raw_items()),
        content_type=root.get_content_type(),
        warnings=_summary([*notes, *inner.warnings]),
        list_address=address,
    )


def _date(fields: dict[str, list[str]], notes: list[str]) -> dt.datetime | None:
    text = _field(fields, "date", notes)
    if text is None:
        notes.append("Thư không có dòng Date (ngày gửi).")
        return None
    parsed = header_time(text, dt.UTC)  # the district's zone, when it writes none: pipeline._sender_clock
    if parsed is None:
        notes.append(f"Dòng Date «{text[:80]}» không đọc được; bỏ qua ngày gửi.")
    return parsed


def _summary(notes: list[str]) -> tuple[str, ...]:
    """Each warning once, at most MAX_WARNINGS of them."""
    unique = list(dict.fromkeys(notes))
    if len(unique) > MAX_WARNINGS:
        unique[MAX_WARNINGS - 1 :] = [f"Và {len(unique) - MAX_WARNINGS + 1} cảnh báo khác."]
    return tuple(unique)


def _without_marker_lines(text: str) -> str:
    """text without the lines at its end that only head a forwarded message."""
    lines = text.split("\n")
    while lines and _MARKER_LINE.fullmatch(lines[-1].rstrip("\r")):
        lines.pop()
    return "\n".join(lines) + "\n" if lines else ""


def _forwarded_senders(
    mail: Mail, attached: list[str]
) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The senders of the messages the body forwards and of attached ones (Mail.forwarded_from), and ("",
    name) for each forwarded header block whose From gives a name and no address (Mail.unaddressed: Outlook
    writes a sender of its own organisation so, "From: Trường TH Mỹ An" over "Sent: …")."""
    found: list[str] = []
    nameless: list[tuple[str, str]] = []
    mark = _forward_mark(mail.body, mail.subject, mail.recipients)
    if mark:
        for m in _FORWARD_FROM.finditer(mail.body, mark.start()):
            addresses = headers.addresses(m.group("value"))
            found.extend(addresses)
            name = m.group("value").strip(" \t\r*\"'")
            if not addresses and name and _HEADER_BLOCK_DATE.search(_lines_after(mail.body, m.end(), 3)):
                nameless.append(("", name))
    found.extend(attached)
    return tuple(dict.fromkeys(found)), tuple(dict.fromkeys(nameless))


def _lines_after(text: str, at: int, count: int) -> str:
    """The count lines of text after the line that position at is on."""
    start = text.find("\n", at)
    if start < 0:
        return ""
    end = start
    for _ in range(count):
        found = text.find("\n", end + 1)
        end = len(text) if found < 0 else found
    return text[start + 1 : end]


def _forward_mark(body: str, subject: str, recipients: frozenset[str]) -> re.Match[str] | None:
    """Where the first message the body forwards starts; None when it forwards none.

    Outlook heads the message a reply quotes with the same "-----Original Message-----" ("-----Thư
    gốc-----") as one it forwards inline: under a forward's subject ("FW:", "TR:") it is a forward, under a
    reply's ("RE:", "TL:") a quote; under neither (a subject typed anew) it is a quote when the quoted
    message's sender is one this mail is written to, as a reply answers the author of the mail it quotes
    (a school answering the office's request), and a forward otherwise."""
    folded = fold(subject)
    forward = bool(FORWARD_SUBJECT.match(folded))
    for mark in _FORWARD_MARK.finditer(body):
        if forward or not _QUOTE_OR_FORWARD.fullmatch(mark.group(0)):
            return mark
        if REPLY_SUBJECT.match(folded):
            continue
        quoted = _FORWARD_FROM.search(body, mark.end())
        if quoted is None or not set(headers.addresses(quoted.group("value"))) & recipients:
            return mark
    return _QUOTED_HEADER.search(body) if forward else None
