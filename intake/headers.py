"""Header fields read tolerantly: the raw header block capped and cleaned before the email package
parses it, and field values decoded whatever charset or encoding they claim (or fail to claim)."""

from __future__ import annotations

import binascii
import codecs
import email.utils
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from parsers import legacy, plain, viscii
from parsers.text import nfc, without_eth

MAX_FIELD = 8 * 1024  # bytes kept of one header field; a longer one is cut with a warning
MAX_HEAD = 256 * 1024  # bytes kept of a message's header block
MAX_FIELDS = 500  # header fields kept; Received chains of real mail stay far below
# Fields that decide how a message is read and what it is: past the limits above, the first of
# each is still kept.
_BRACKETED = re.compile(r"<([^<>\s]+)>")
_ESSENTIAL = frozenset(
    (
        b"from",
        b"subject",
        b"date",
        b"message-id",
        b"in-reply-to",
        b"references",
        b"mime-version",
        b"content-type",
        b"content-transfer-encoding",
        b"auto-submitted",
        b"precedence",
        b"list-id",
        b"list-unsubscribe",
        b"x-autoreply",
        b"x-autorespond",
        b"x-spam-flag",
        b"x-spam-status",
        b"authentication-results",
    )
)
codecs.register(viscii.search)  # old Vietnamese mail programs declare VISCII, which Python lacks
# The code pages old Outlook and Outlook Express write on Vietnamese typed in windows-1258.
_WESTERN = frozenset(("iso8859-1", "cp1252", "iso8859-15"))
_CHARSET_NAME = re.compile(r"[A-Za-z0-9._:+-]+")
_BLANK_LINE = re.compile(rb"\n\r?\n")
_FIELD_NAME = re.compile(rb"([!-9;-~]+)[ \t]*:")
_FIELD_END = re.compile(rb"\n(?![ \t])")
_ESSENTIAL_FIELD = re.compile(
    rb"(?im)^(" + b"|".join(re.escape(n) for n in sorted(_ESSENTIAL)) + rb")[ \t]*:"
)
# A Content-* field anywhere below the top header block (the header of a MIME part), with its
# folded lines: the email package parses their parameters in quadratic time.
_MIME_FIELD = re.compile(rb"(?im)^content-[!-9;-~]*[ \t]*:[^\n]*(?:\n[ \t][^\n]*)*\n?")
# Where such a field may start after the first line: the engine looks for its line break at C speed, where
# _MIME_FIELD's "^" alone was tried at every byte of the message (its attachments' base64 included).
_MIME_FIELD_LINE = re.compile(rb"(?i)\ncontent-")
# A Q word some mailers write with the spaces of its text left in («=?utf-8?Q?B=C3=A1o_c=C3=A1o NQ121?=»):
# read to its end as mail programs read it, when no "?" comes before its "?=".
_ENCODED_WORD = re.compile(r"=\?([^?\s]*)\?([bBqQ])\?([^?\s]*|(?<=[qQ]\?)[^?\r\n]*)\?=")
_BASE64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_NOT_BASE64 = bytes(sorted(set(range(256)) - set(_BASE64)))
_BASE64_OR_SPACE = _BASE64 + b"= \t\r\n"
_TEXT_BYTES = bytes(range(0x20, 0x7F)) + b"\t\r\n"  # printable ASCII and line breaks
_SAMPLE_BYTES = 64 * 1024
# What makes base64 unclean (see _unclean): a byte outside the alphabet, padding and line breaks; or
# padding with data after it.
_STRAY_BYTE = re.compile(rb"[^A-Za-z0-9+/= \t\r\n]")
_PADDING = re.compile(rb"=")
_DATA_AFTER_PADDING = re.compile(rb"=[= \t\r\n]*[^= \t\r\n]")
_QP_ESCAPE = re.compile(rb"=([0-9A-Fa-f]{2})")
_BAD_QP = re.compile(rb"=(?![0-9A-Fa-f]{2})")
_CONTROLS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
# What windows-1252 has no letter for, left by a mail program that read UTF-8 as it («TrÆ°á»\x9dng»).
_C1_CONTROLS = re.compile(r"[\x80-\x9f]")
# Only from where an address can start: a long run of word characters is not tried again at each one.
_ADDRESS = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# An address written bare in an address field: no part of a longer one («a@example.edu.vn@evil.com»).
_MAILBOX = re.compile(r"(?<![\w.+@-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?![\w.+-]*@)")
# An address in angle brackets ("Name <a@b.vn>"), and what after the last one writes more of an address.
_ANGLED = re.compile(r"<([^<>]*)>")
_MORE = re.compile(r"[\w@]")


@dataclass(frozen=True)
class Head:
    """A message split at its header block, both halves made safe to hand to the email package."""

    fields: tuple[bytes, ...]  # whole fields (folded lines joined by CRLF), no NUL, each capped
    # Everything after the header block, long Content-* fields of its parts cut: a view into the
    # message's own bytes unless something was cut, so a large message is not copied.
    body: bytes | memoryview
    warnings: tuple[str, ...]  # Vietnamese, for staff

    def message_bytes(self, content_type: bytes | None = None) -> bytes:
        """The message again, optionally with its Content-Type replaced (a guessed boundary)."""
        fields = self.fields
        if content_type is not None:
            fields = tuple(f for f in fields if _name(f).lower() != b"content-type")
            fields += (b"Content-Type: " + content_type,)
        return b"\r\n".join(fields) + b"\r\n\r\n" + self.body


@dataclass(frozen=True)
class Decoded:
    """A header value as text (NFC), and what had to be guessed or dropped to get it."""

    text: str
    problems: tuple[str, ...] = ()  # Vietnamese fragments, e.g. "bảng mã «x-zz» không có"
    # The charset was guessed and the guess reads as no Vietnamese (legacy.reads_vietnamese): the text is
    # not what the sender wrote.
    garbled: bool = False


def split(raw: bytes) -> Head:
    """Cut the header block from the body, keeping well-formed fields within the limits.

    Lines in the header block that are no header field are dropped when fields follow them;
    otherwise they start the body (a message with no blank line after its header). Past the
    limits only the fields that decide how the message is read are looked for, by one scan; only
    the bytes kept are copied. So an absurd header costs little time and memory.
    """
    if raw.startswith((b"\n", b"\r\n")):
        return Head((), raw.split(b"\n", 1)[1], ())
    found = _BLANK_LINE.search(raw)
    end = found.start() if found else len(raw)
    body: bytes | memoryview = memoryview(raw)[found.end() :] if found else b""
    kept = _Fields()
    pos = raw.find(b"\n", 0, end) + 1 if raw.startswith(b"From ") else 0  # past an mbox separator
    loose: int | None = None  # where the lines that are no field, not yet followed by one, start
    junk = dropped_junk = 0
    while pos < end and not kept.full:
        if _is_field(raw, pos):
            stop = _field_end(raw, pos, end)
            kept.add(raw, pos, stop)
            loose, dropped_junk, junk = None, dropped_junk + junk, 0
        else:
            stop = raw.find(b"\n", pos, end)
            stop = end if stop < 0 else stop
            loose, junk = pos if loose is None else loose, junk + 1
            kept.examined += 1
        pos = stop + 1
    if pos < end:
        kept.scan(raw, pos, end)
        dropped_junk += junk
    elif loose is not None:
        body = memoryview(raw)[loose:]
    warnings = kept.warnings()
    if dropped_junk:
        warnings.append(f"Bỏ qua {dropped_junk} dòng không đúng dạng trong phần đầu thư.")
    body, cut = _cap_mime_fields(body)
    warnings.extend(cut)
    return Head(tuple(kept.fields), body, tuple(warnings))


# A message's fields are asked for several times while it is read (Subject and From three or four times),
# and a season's mail shares many (the office's address, a school's From).
@lru_cache(maxsize=512)
def field_text(value: str) -> Decoded:
    """A raw header value (as the email package keeps it) unfolded and decoded to NFC text.

    Raw 8-bit bytes are read as UTF-8, else guessed (windows-1258, TCVN3...); RFC 2047 encoded
    words are decoded with broken base64 repaired and unknown charsets guessed the same way.
    """
    problems: list[str] = []
    data = _bytes(value[: MAX_FIELD * 2])
    if len(data) > MAX_FIELD:
        data = _cut(data, MAX_FIELD)
    data = re.sub(rb"\r?\n(?=[ \t])", b"", data)
    if data.isascii():
        text = data.decode("ascii")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _raw_text(data)
            problems.append("có chữ không mã hóa theo chuẩn, đã đoán bảng mã")
    if "=?" in text:
        text = _encoded_words(text, problems)
    if "\x00" in text:
        problems.append("có ký tự NUL, đã bỏ")
    text = _CONTROLS.sub(lambda m: "" if m.group() == "\x00" else " ", text)
    text = _untyped_legacy(text, legacy.fix_name, problems)
    return Decoded(nfc(text).strip(), tuple(dict.fromkeys(problems)))


def _untyped_legacy(
    text: str, fix: Callable[[str], tuple[str, str | None]], problems: list[str], *, html: bool = False
) -> str:
    """Text typed with the keyboard set to an old Vietnamese encoding in a Unicode mail program (Unikey left
    on VNI or TCVN3 for old documents: «Baùo caùo … Tröôøng», «B¸o c¸o … Tr­êng») converted to Unicode by
    fix (parsers.legacy.fix_name for a field, fix_mojibake for a whole text), so that matching and
    classification read its words; staff are told, with the text as the mail shows it. Converted before
    nfc, which drops TCVN3's ư, the soft hyphen. Text in no old encoding is repaired when a mail program
    encoded its UTF-8 twice («BÃ¡o cÃ¡o … TrÆ°á»ng», parsers.legacy.fix_double_utf8), staff told the same
    way; else it has its Ð read as Đ (without_eth). With html, text is an HTML body, and staff are shown
    its words, not its markup."""
    if text.isascii():
        return text
    converted, encoding = fix(text)
    if encoding is not None:
        said, done = f"gõ bằng bảng mã cũ {legacy.LABELS[encoding]}", "đã chuyển sang chữ Unicode"
    elif (repaired := legacy.fix_double_utf8(text)) is not None:
        said, done = "bị chương trình gửi thư mã hóa hai lần thành chữ lỗi", "đã sửa lại thành chữ tiếng Việt"
        converted = repaired
    else:
        return without_eth(text)
    shown = " ".join(_C1_CONTROLS.sub("", plain.html_to_text(text) if html else nfc(text)).split())
    problems.append(
        f"{said} («{shown[:60]}{'…' if len(shown) > 60 else ''}»), {done}; "
        "cán bộ đối chiếu với thư gốc nếu thấy chữ nào sai"
    )
    return converted


def addresses(text: str) -> list[str]:
    """The mail addresses written in free text (a quoted header line, a bounce notice), lower-cased, in
    order."""
    return [a.lower() for a in _ADDRESS.findall(text)]


@lru_cache(maxsize=256)  # see field_text
def address(value: str) -> tuple[Decoded, str]:
    """The display name and lower-case address of an address field such as From, as mail servers and mail
    programs read it.

    Only what is written outside quoted strings, comments and encoded words is an address: the one in
    angle brackets when the field writes one (what comes before is the name, even when it looks like an
    address: «c1myan@example.edu.vn <someone@gmail.com>» is someone@gmail.com's), else the one written
    bare («"c1myan@example.edu.vn"@evil.com» writes none of the school's). A field that writes two
    different addresses, or more after its brackets («<a@example.edu.vn>@evil.com»), names no sure sender
    and gives none. A field too garbled for the RFC 5322 parser still gives the address written in it.
    """
    unfolded = re.sub(r"\r?\n(?=[ \t])", "", value[:MAX_FIELD])
    whole = field_text(value)
    name, parsed = email.utils.parseaddr(unfolded)
    written = _syntax(unfolded)
    angled = [m for m in _ANGLED.finditer(written) if m.group(1).strip()]
    if angled:
        found = {field_text(m.group(1)).text.lower() for m in angled}
        after = written[angled[-1].end() :]
    else:
        found = {a.lower() for a in _MAILBOX.findall(field_text(written).text)}
        after = ""
    if len(found) > 1:
        return Decoded(
            "", (*whole.problems, f"ghi {len(found)} địa chỉ khác nhau, không rõ ai là người gửi")
        ), ""
    if _MORE.search(after):
        said = f"ghi thêm «{after.strip()[:40]}» sau địa chỉ trong dấu <>, không rõ địa chỉ người gửi"
        return Decoded("", (*whole.problems, said)), ""
    addr = found.pop() if found else ""
    if not addr:
        return Decoded("", whole.problems + _hidden(whole.text)), ""
    if not _ADDRESS.fullmatch(addr):
        return Decoded("", whole.problems), ""
    if addr == parsed.lower():
        return Decoded(field_text(name).text, whole.problems), addr
    if angled and _ADDRESS.fullmatch(parsed):  # the parser took an address-like name for the address
        shown = field_text(unfolded[: angled[0].start()]).text.strip('" ')
        said = f"tên người gửi «{shown}» viết như một địa chỉ thư; địa chỉ gửi là {addr}"
        return Decoded(shown, (*whole.problems, said)), addr
    return Decoded("", (*whole.problems, "không đúng chuẩn, đã lấy địa chỉ ghi trong đó")), addr


def _syntax(value: str) -> str:
    """value with its encoded words, quoted strings and comments blanked out (a space for each character):
    what is left is what a mail server reads as addresses and their brackets."""
    value = _ENCODED_WORD.sub(lambda word: " " * len(word.group()), value)
    out: list[str] = []
    depth = 0
    quoted = escaped = False
    for c in value:
        hidden = quoted or depth > 0
        if escaped:
            escaped = False
        elif c == "\\" and hidden:
            escaped = True
        elif c == '"' and not depth:
            quoted, hidden = not quoted, True
        elif c == "(" and not quoted:
            depth, hidden = depth + 1, True
        elif c == ")" and depth:
            depth -= 1
        out.append(" " if hidden else c)
    return "".join(out)


def _hidden(text: str) -> tuple[str, ...]:
    """What staff are told of a field whose decoded text shows an address that is written nowhere as one."""
    found = _ADDRESS.search(text)
    if found is None:
        return ()
    return (
        f"chữ «{found.group()}» trông như địa chỉ thư nhưng không phải địa chỉ người gửi (nằm trong ngoặc kép, "
        "ngoặc đơn hay đoạn mã hóa, hoặc viết sai chuẩn)",
    )


def message_id(value: str) -> str | None:
    """A Message-ID field's id without its angle brackets: the bracketed token when there is one (some
    servers write a comment after it, "<id@host> (added by postmaster@...)"), else the trimmed text."""
    found = _BRACKETED.search(value)
    text = found.group(1) if found else value.strip().strip("<>").strip()
    return text or None


def text_of(data: bytes, declared: str | None, *, field: bool = False, html: bool = False) -> Decoded:
    """Bytes of a text part (or, with field, of a header's encoded words; with html, of an HTML body) as
    NFC text: its declared charset, else UTF-8, else a guess.

    A declared single-byte charset on bytes that are valid UTF-8 is a sender's mistake: the
    bytes win, for any non-trivial text in a legacy charset is never valid UTF-8.
    """
    fix = legacy.fix_name if field else legacy.fix_mojibake
    problems: list[str] = []
    codec = _codec(declared) if declared else None
    if codec is None:
        if data.isascii():  # the same in every charset mail uses
            return Decoded(nfc(data.decode("ascii")))
        unknown = f"khai báo bảng mã «{_shown(declared)}» không có" if declared else ""
        if not _is_utf8(data):
            return _guessed(data, f"{unknown or 'không khai báo bảng mã'}, đã đoán bảng mã")
        if unknown:
            problems.append(f"{unknown}, đã đọc theo UTF-8")
        text = data.decode("utf-8")
    elif not data.isascii() and not codec.startswith("utf") and _is_utf8(data):
        problems.append(f"khai báo bảng mã «{declared}» nhưng viết bằng UTF-8")
        text = data.decode("utf-8")
    elif codec in _WESTERN and (vietnamese := _windows_1258(data, codec, fix, labelled=True)):
        return Decoded(
            vietnamese, (f"khai báo bảng mã «{declared}» nhưng viết bằng Windows-1258 (tiếng Việt)",)
        )
    else:
        try:
            text = _checked(data.decode(codec))
        except (UnicodeError, LookupError):
            return _guessed(data, f"không đọc được theo bảng mã «{declared}» đã khai báo, đã đoán bảng mã")
    text = _untyped_legacy(text, fix, problems, html=html)
    return Decoded(nfc(text), tuple(problems))


def _raw_text(data: bytes) -> str:
    """A field's raw 8-bit bytes that are not UTF-8 as text: when they read as typed in TCVN3 or VNI
    (legacy.fix_name) better than in windows-1258, each byte as its own character (latin-1), which
    _untyped_legacy converts; else plain.decode's guess. TCVN3's bare «ư» is the soft hyphen 0xAD, which
    plain.decode drops when it does not recognise the text as TCVN3 by itself: «Tr­êng» became «Trờng»,
    and a subject of a school's name alone was not converted at all."""
    typed = data.decode("latin-1")
    if legacy.fix_name(typed)[1] is not None and _windows_1258(data, "latin-1", legacy.fix_name) is None:
        return typed
    return plain.decode(data)[0]


def _windows_1258(
    data: bytes, western: str, fix: Callable[[str], tuple[str, str | None]], *, labelled: bool = False
) -> str | None:
    """The windows-1258 reading of 8-bit bytes (legacy.as_windows_1258), unless the same bytes read in
    the Western code page western (a codec: latin-1, cp1252...) read better as Vietnamese once converted
    from TCVN3 or VNI by fix: TCVN3's «ế» is windows-1258's «Ơ», so «kÕt qu¶» is both «kƠt qu¶» and «kết
    quả». Of two readings that read as well, windows-1258's is kept. Every byte windows-1258 leaves
    undefined, cp1252 does too: bytes windows-1258 reads, each Western code page reads."""
    vietnamese = legacy.as_windows_1258(data, labelled=labelled)
    if vietnamese is None:
        return None
    converted, encoding = fix(data.decode(western))
    if encoding is not None and legacy.vietnamese_share(converted) > legacy.vietnamese_share(vietnamese):
        return None
    return vietnamese


def _guessed(data: bytes, problem: str) -> Decoded:
    """Bytes of no charset known read by a guess (plain.decode), garbled when it reads as no Vietnamese."""
    text = plain.decode(data)[0]
    return Decoded(text, (problem,), garbled=not legacy.reads_vietnamese(text))


def _unclean(data: bytes | memoryview) -> bool:
    """Whether base64 has a byte outside the alphabet, padding and line breaks, or padding with data
    after it. Each test in turn, at C speed where it can be: one regular expression for both tried
    two branches at every byte."""
    if isinstance(data, bytes):
        if data.translate(None, _BASE64_OR_SPACE):
            return True
        start = data.find(b"=")
    else:  # a large part read where it lies (intake.bigparts): never copied
        if _STRAY_BYTE.search(data):
            return True
        found = _PADDING.search(data)
        start = found.start() if found else -1
    return start >= 0 and _DATA_AFTER_PADDING.search(data, start) is not None


def decode_base64(data: bytes | memoryview) -> tuple[bytes, bool]:
    """Lenient base64: bytes outside the alphabet skipped, padding repaired; True when damaged.

    Well-formed data (the alphabet, line breaks and final padding) is decoded where it lies; only
    damaged data is copied to be cleaned, so a large scan is not held twice more.
    """
    if not _unclean(data):
        try:
            return binascii.a2b_base64(data), False
        except binascii.Error:  # padding missing or one character too many: repaired below
            pass
    data = bytes(data)
    clean = data.translate(None, _NOT_BASE64)
    stray = data.translate(None, _BASE64_OR_SPACE) or b"=" in data.rstrip(b"= \t\r\n")
    if len(clean) % 4 == 1:
        clean, stray = clean[:-1], True
    return binascii.a2b_base64(clean + b"=" * (-len(clean) % 4)), bool(stray)


def not_base64(data: bytes | memoryview) -> bool:
    """Whether what a part declares base64 plainly is not: a file or 8-bit text sent as it is (more than
    one byte in a hundred that no base64 text holds), or words (a space inside most of its lines). A few
    stray bytes in base64 text are damage, which decode_base64 repairs. Only the start is looked at."""
    sample = bytes(data[:_SAMPLE_BYTES])
    if len(sample.translate(None, _TEXT_BYTES)) * 100 > len(sample):
        return True
    if b" " not in sample and b"\t" not in sample:
        return False  # base64 as sent: no line to split out and look at
    lines = [line for line in (raw.strip() for raw in sample.splitlines()) if line]
    return 2 * sum(1 for line in lines if b" " in line or b"\t" in line) > len(lines)


def bad_quoted_printable(data: bytes) -> bool:
    """True when quoted-printable bytes hold an "=" that is neither an escape nor a soft break."""
    return bool(_BAD_QP.search(re.sub(rb"=[ \t]*\r?\n", b"", data).rstrip(b"= \t\r\n")))


class _Fields:
    """The header fields kept so far, and what was left out of them."""

    def __init__(self) -> None:
        self.fields: list[bytes] = []
        self.seen: set[bytes] = set()
        self.examined = 0  # fields and stray lines read one by one
        self.total = 0
        self.cut: list[str] = []
        self.nul = False
        self.dropped = 0

    @property
    def full(self) -> bool:
        return self.examined >= MAX_FIELDS or self.total >= MAX_HEAD

    def add(self, raw: bytes, start: int, stop: int) -> None:
        """Keep the field raw[start:stop], cut to MAX_FIELD, without NUL, with CRLF line breaks."""
        self.examined += 1
        field = raw[start : min(stop, start + MAX_FIELD + 1)].rstrip(b"\r")
        if b"\x00" in field:
            field, self.nul = field.replace(b"\x00", b""), True
        field = _FIELD_NAME.sub(lambda m: m.group(1) + b":", field, count=1)
        field = field.replace(b"\r\n", b"\n").replace(b"\r", b" ").replace(b"\n", b"\r\n")
        if stop - start > MAX_FIELD:
            self.cut.append(
                f"Dòng {_name(field).decode('ascii')} ở phần đầu thư dài {(stop - start) // 1024} KB, "
                f"chỉ giữ {MAX_FIELD // 1024} KB đầu."
            )
            field = _cut(field, MAX_FIELD)
        self.seen.add(_name(field).lower())
        self.fields.append(field)
        self.total += len(field)

    def scan(self, raw: bytes, start: int, end: int) -> None:
        """Past the limits: keep only the first of each essential field in raw[start:end]."""
        taken = 0
        for found in _ESSENTIAL_FIELD.finditer(raw, start, end):
            if found.group(1).lower() not in self.seen:
                self.add(raw, found.start(), _field_end(raw, found.start(), end))
                taken += 1
        self.dropped = raw.count(b"\n", start, end) + 1 - taken

    def warnings(self) -> list[str]:
        said = list(self.cut)
        if self.nul:
            said.append("Phần đầu thư có ký tự NUL, đã bỏ.")
        if self.dropped:
            said.append(f"Phần đầu thư quá dài, bỏ qua {self.dropped} dòng không cần để đọc thư.")
        return said


def _is_field(raw: bytes, start: int) -> bool:
    """Whether the line at start begins a header field (a NUL in its name is overlooked)."""
    if raw[start : start + 1] in (b" ", b"\t"):
        return False
    return bool(_FIELD_NAME.match(raw[start : start + 256].replace(b"\x00", b"")))


def _field_end(raw: bytes, start: int, end: int) -> int:
    """Where the field at start ends: the line break before the next line that is no continuation."""
    found = _FIELD_END.search(raw, start, end)
    return found.start() if found else end


def _name(field: bytes) -> bytes:
    """A field's name as written."""
    found = _FIELD_NAME.match(field)
    return found.group(1) if found else b""


def _cap_mime_fields(body: bytes | memoryview) -> tuple[bytes | memoryview, list[str]]:
    """The body with each over-long Content-* field of its parts cut to MAX_FIELD."""
    pieces: list[bytes | memoryview] = []
    warnings: list[str] = []
    start = 0
    for found in _mime_fields(body):
        if found.end() - found.start() <= MAX_FIELD:
            continue
        field = found.group()
        name = _name(field).decode("ascii")
        warnings.append(
            f"Một phần của thư có dòng {name} dài {len(field) // 1024} KB, chỉ giữ {MAX_FIELD // 1024} KB đầu."
        )
        pieces += [body[start : found.start()], _cut(field, MAX_FIELD).rstrip(b"\r\n") + b"\r\n"]
        start = found.end()
    if not pieces:
        return body, []
    pieces.append(body[start:])
    return b"".join(pieces), warnings


def _mime_fields(body: bytes | memoryview) -> Iterator[re.Match[bytes]]:
    """What _MIME_FIELD.finditer(body) finds, each match tried only where a line starts with "content-"."""
    found = _MIME_FIELD.match(body)
    end = found.end() if found else 0
    if found:
        yield found
    while (line := _MIME_FIELD_LINE.search(body, max(end - 1, 0))) is not None:
        found = _MIME_FIELD.match(body, line.start() + 1)
        if found is None:
            end = line.start() + 2
            continue
        yield found
        end = found.end()


def _cut(field: bytes, size: int) -> bytes:
    """The first size bytes, not ending inside a UTF-8 sequence or a line break."""
    cut = field[:size]
    tail = len(cut)
    while tail > size - 4 and tail > 0 and cut[tail - 1] & 0xC0 == 0x80:
        tail -= 1
    if tail > 0 and cut[tail - 1] >= 0xC0:
        cut = cut[: tail - 1]
    return cut.rstrip(b"\r\n")


def _bytes(value: str) -> bytes:
    """The bytes the email package read (it keeps 8-bit ones as surrogate escapes)."""
    return value.encode("utf-8", "surrogateescape")


def _encoded_words(text: str, problems: list[str]) -> str:
    """RFC 2047 words decoded; runs in one charset joined first (clients split characters)."""
    out: list[str] = []
    run = bytearray()
    run_charset: str | None = None
    pos = 0
    for word in _ENCODED_WORD.finditer(text):
        gap = text[pos : word.start()]
        if run_charset is None or (gap and not gap.isspace()):  # space between two words goes
            if run_charset is not None:
                out.append(_charset_text(bytes(run), run_charset, problems))
                run_charset = None
            out.append(gap)
        charset, encoding, payload = word.groups()
        charset = charset.split("*")[0].lower()
        if encoding in "bB":
            data, damaged = decode_base64(payload.encode("ascii", "replace"))
            if damaged:
                problems.append("có đoạn mã hóa base64 bị hỏng")
        else:
            raw = _bytes(payload.replace("_", " "))
            if _BAD_QP.search(raw) or " " in payload:
                problems.append("có đoạn mã hóa quoted-printable bị hỏng")
            data = _QP_ESCAPE.sub(lambda m: bytes((int(m.group(1), 16),)), raw)
        if run_charset is not None and charset != run_charset:
            out.append(_charset_text(bytes(run), run_charset, problems))
            run_charset = None
        if run_charset is None:
            run, run_charset = bytearray(), charset
        run += data
        pos = word.end()
    if run_charset is not None:
        out.append(_charset_text(bytes(run), run_charset, problems))
    out.append(text[pos:])
    return "".join(out)


def _charset_text(data: bytes, charset: str, problems: list[str]) -> str:
    decoded = text_of(data, charset, field=True)
    problems.extend(decoded.problems)
    return decoded.text


def _codec(name: str) -> str | None:
    """The Python codec of a charset name, None when unknown or not a text encoding."""
    name = name.strip().strip('"')
    if not _CHARSET_NAME.fullmatch(name):  # codecs would read "utf-8\u0300" as utf-8
        return None
    try:
        info = codecs.lookup(name.lower())
        "".encode(info.name)  # LookupError for bytes-to-bytes codecs such as base64
    except (LookupError, ValueError, UnicodeError, TypeError):
        return None
    return info.name


def _checked(text: str) -> str:
    """Text with no lone surrogates, which some codecs produce and no database stores."""
    text.encode("utf-8")
    return text


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _shown(name: str) -> str:
    return re.sub(r"[^!-~]", "?", name)[:40]
