"""Reads messages exported from webmail: a Maildir, an mbox file, or a folder of .eml files."""

from __future__ import annotations

import datetime as dt
import email.errors
import email.policy
import mailbox
import re
from collections import Counter
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal, get_args

from intake.dates import header_time
from intake.errors import IntakeError
from kernel.archive import key_of
from kernel.seasons import year_problem
from kernel.store import FILE_TIME
from kernel.timefmt import in_words

# A Received header, folded lines and all: its time stands after its last ";" (RFC 5321), a ";" may stand
# in a comment before it («from x (unknown [1.2.3.4]; helo=mail) by mx…; Mon, 26 Oct 2026 08:00 +0700»).
_RECEIVED = re.compile(rb"^Received:(?P<value>(?:.|\r?\n[ \t])*)", re.MULTILINE | re.IGNORECASE)
_DATE = re.compile(rb"^Date:\s*(?P<date>[^\r\n]+)", re.MULTILINE | re.IGNORECASE)
# A hop that fetched the mail from another mailbox (Gmail's «Check mail from other accounts», a mailbox
# moved by POP3 or IMAP): «… by mx.google.com with POP3 id …; <the time of the move>».
_FETCHED = re.compile(rb"\bwith\s+(?:POP|IMAP)\w*", re.IGNORECASE)
_GMAIL_FETCH = re.compile(rb"^X-Gmail-Fetch-Info:", re.MULTILINE | re.IGNORECASE)
# The server that wrote a Received hop: the host after «by», once the comments are taken out («from pc
# (helo by-pass) by mx.phulam.edu.vn (Postfix) with ESMTPS»).
_BY = re.compile(rb"\bby\s+([A-Za-z0-9.-]+)", re.IGNORECASE)
_COMMENT = re.compile(rb"\([^()]*\)")
# How far a Date may run ahead of the file's time and still be the receipt: a sender's clock a few hours
# fast, or a file saved with its time in another zone.
_SKEW = dt.timedelta(days=1)
# How much later than its server's hop a mail read over IMAP may be stored and still count as stored when
# it came: a mailbox server files mail within seconds, one put back into the folder is days later, and a
# server whose hops write a wrong zone is off by hours (a mail late by its store would turn on time).
_PUT_BACK = dt.timedelta(days=1)
_BLANK_LINE = re.compile(rb"\r?\n\r?\n")  # where a message's header ends
_HEADER = re.compile(rb"\s*[!-9;-~]+:")  # a message file starts with a header line (Name: value)
# The line that starts a message in an mbox: «From », the envelope sender (one word, «-» when unknown) and
# the time as asctime writes it, a zone perhaps before the year («From MAILER-DAEMON Fri Jul  8 12:08:34
# 2011», «From 1812345678901234567@xxx Mon Oct 20 02:12:00 +0000 2025»).
_SEPARATOR = re.compile(
    rb"From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) +(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2}"
    rb" +\d{1,2}:\d\d(?::\d\d)?(?: +\S+)? +\d{4}(?: +\S+)?\s*"
)
# Files webmail gives for several mails downloaded at once (Roundcube «Tải về» a .zip of .eml).
_PACKED = frozenset((".zip", ".rar", ".7z"))
_OUTLOOK = (
    "baocao không đọc được thư lưu từ Outlook (.msg): chuyển tiếp các thư đó về hộp thư baocao đọc, "
    "hoặc tải thư từ webmail dưới dạng .eml."
)
# Thunderbird's flags of a message in its mbox file (the first header it writes), in hex: 0x0008 is
# «expunged», a message deleted but not yet compacted away.
_MOZILLA_STATUS = re.compile(
    rb"^X-Mozilla-Status:[ \t]*([0-9A-Fa-f]{1,4})[ \t]*\r?$", re.MULTILINE | re.IGNORECASE
)
_MOZILLA_EXPUNGED = 0x0008
_MOZILLA_HEAD = 4096  # enough of a message's start to hold the header Thunderbird writes first
# A body line an mbox writer quoted so that it would not start a message: «From » written «>From »
# (mboxo), and «>From » written «>>From » (mboxrd).
_QUOTED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)


class SourceError(IntakeError):
    """Raised when an import path is neither a Maildir, an mbox file, nor a folder of .eml files."""


ExportKind = Literal["maildir", "eml", "mbox"]  # the kinds of export, which name an imported message's source


@dataclass(frozen=True)
class LocalMessage:
    raw: bytes  # empty for a file too large to read whole: see too_large
    received_at: dt.datetime
    source: str  # where it came from, e.g. "import:/path/to/file.eml"
    too_large: Path | None = None  # a message file over the size limit, to be streamed, not read
    size: int = 0
    # The archive's key of the bytes as the mbox held them, quoting and all, when they differ from raw: a
    # message imported under that key before it was unquoted is the same message.
    quoted_key: str | None = None
    cut: Path | None = None  # a message file that ends before its message does (cut_short): not imported


@dataclass(frozen=True)
class Export:
    """What an import path holds: where its messages lie, and what staff should know of how it is read."""

    path: Path
    kind: ExportKind
    files: tuple[Path, ...] = ()  # a Maildir's or a folder's message files
    spans: tuple[tuple[int, int], ...] = ()  # an mbox's messages (_mbox_spans)
    notes: tuple[str, ...] = ()  # for staff: what is not imported, why and what to do; what else is

    def __len__(self) -> int:
        return len(self.spans) if self.kind == "mbox" else len(self.files)


def open_export(path: Path) -> Export:
    """The kind of export at path (maildir, eml, mbox) and its messages in a stable order."""
    if path.is_dir() and all((path / d).is_dir() for d in ("cur", "new", "tmp")):
        # A Maildir++ export (Dovecot, cPanel) holds each folder the clerk made in webmail, Sent among them,
        # as a Maildir of its own beside INBOX: «.Báo cáo NQ121/cur». Its mail is read too.
        folders = sorted(mailbox.Maildir(path, factory=None, create=False).list_folders())
        boxes = [path, *(path / f".{name}" for name in folders)]
        files = [p for box in boxes for p in sorted(_maildir_files(box))]
        names = ", ".join(f"«{name}»" for name in folders)
        notes = (f"Đã nhập cả thư trong các thư mục con: {names}.",) if folders else ()
        kept, left_out = _empty_left_out(path, files)
        return Export(path, "maildir", files=kept, notes=(*notes, *left_out))
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file())
        emls = [p for p in files if p.suffix.lower() == ".eml"]
        if files and not emls:
            raise SourceError(_not_mail(path, files))
        kept, left_out = _empty_left_out(path, emls)
        return Export(path, "eml", files=kept, notes=(*_unread(path, files), *left_out))
    if path.is_file():
        with path.open("rb") as f:
            head = f.read(1024)
        if not head:  # Thunderbird keeps an empty folder as an empty file; a download may have failed
            empty = f"Tệp {path} rỗng (0 byte): không có thư nào để nhập."
            return Export(path, "mbox", notes=(empty,))
        if head.startswith(b"From "):
            return _mbox(path)
        if not _HEADER.match(head):
            raise SourceError(_not_mail(path, [path]))
        return Export(path, "eml", files=(path,))
    raise SourceError(
        f"Không tìm thấy {path}: cần một thư mục Maildir, một tệp mbox hoặc thư mục chứa tệp .eml."
    )


def _mbox(path: Path) -> Export:
    """An mbox file's messages, but those Thunderbird deleted (_expunged) and a last one cut short."""
    every = _mbox_spans(path)
    spans = [span for span in every if not _expunged(_span(path, span, _MOZILLA_HEAD))]
    notes = []
    if len(spans) < len(every):
        notes.append(
            f"Bỏ qua {len(every) - len(spans)} thư đã xóa trong Thunderbird (tệp mbox vẫn giữ thư đã xóa cho "
            "đến khi thư mục được nén lại)."
        )
    if spans and cut_short(_span(path, spans[-1])):
        notes.append(
            f"Thư cuối trong tệp {path} bị cắt dở (tệp xuất chưa hết?): chưa nhập thư này; "
            "xuất lại hộp thư rồi nhập lại."
        )
        spans.pop()
    return Export(path, "mbox", spans=tuple(spans), notes=tuple(notes))


def _expunged(start: bytes) -> bool:
    """Whether Thunderbird deleted the message that starts so: it keeps a deleted message in the folder's
    mbox file, flagged expunged in X-Mozilla-Status, until the folder is compacted."""
    status = _MOZILLA_STATUS.search(_head(start))
    return status is not None and bool(int(status.group(1), 16) & _MOZILLA_EXPUNGED)


def _empty_left_out(folder: Path, files: list[Path]) -> tuple[tuple[Path, ...], tuple[str, ...]]:
    """The message files of a folder that hold something, and what staff should know of the empty ones
    (0 byte: a copy or a download that failed), which are not imported: recorded, such a file would wait
    as a failed mail that no reprocess can read."""
    empty = [p for p in files if p.stat().st_size == 0]
    if not empty:
        return tuple(files), ()
    gone = set(empty)
    kept = tuple(p for p in files if p not in gone)
    note = (
        f"Chưa nhập {len(empty)} tệp thư rỗng (0 byte) {_named(folder, empty)}: tệp không chứa thư nào "
        "(chép hoặc tải tệp bị lỗi?); tải hoặc xuất lại các thư này từ hộp thư rồi nhập lại."
    )
    return kept, (note,)


def _maildir_files(box: Path) -> list[Path]:
    """The message files of one Maildir folder: those in cur and new (tmp holds mail still being written)."""
    return [p for d in ("cur", "new") if (box / d).is_dir() for p in (box / d).iterdir() if p.is_file()]


def iter_messages(export: Export, tz: dt.tzinfo, max_bytes: int | None = None) -> Iterator[LocalMessage]:
    """Every message of export, in the order the mail server received them (received_time; the export's
    order among those of one time); a file over max_bytes is named, not read. tz is the district's zone,
    that of a header time written without one. Read in the order of the files' names, a school's mail
    «trường đã gửi ngày 20/10, đề nghị kiểm tra lại» of 08:10 was read after its report of 09:00, and taken
    as answered by it."""
    path, kind = export.path, export.kind
    if kind == "mbox":
        with path.open("rb") as f:
            heads = [(received_time(_head_of(f, span), path, tz), n) for n, span in enumerate(export.spans)]
            for _, n in sorted(heads):
                start, stop = export.spans[n]
                f.seek(start)
                stored = f.read(stop - start)
                raw = _QUOTED_FROM.sub(rb"\1", stored)
                quoted = key_of(stored) if raw != stored else None
                yield LocalMessage(raw, received_time(raw, path, tz), f"mbox:{path}#{n}", quoted_key=quoted)
        return
    files = [
        file
        for _, _, file in sorted((_file_received(file, tz), n, file) for n, file in enumerate(export.files))
    ]
    for file in files:
        size = file.stat().st_size
        if max_bytes is not None and size > max_bytes:
            with file.open("rb") as f:
                head = f.read(_HEAD_BYTES)
            yield LocalMessage(
                b"", received_time(head, file, tz), f"{kind}:{file}", too_large=file, size=size
            )
            continue
        raw = file.read_bytes()
        yield LocalMessage(
            raw,
            received_time(raw, file, tz),
            f"{kind}:{file}",
            size=len(raw),
            cut=file if cut_short(raw) else None,
        )


# Enough of a message's start to hold its header, which says when it was received.
_HEAD_BYTES = 65536


def _head_of(f: BinaryIO, span: tuple[int, int]) -> bytes:
    """The start of the message an mbox file (open) holds at span: its header."""
    start, stop = span
    f.seek(start)
    return f.read(min(stop - start, _HEAD_BYTES))


def _file_received(file: Path, tz: dt.tzinfo) -> dt.datetime:
    """When the mail server received the message a file holds, by its header (received_time)."""
    with file.open("rb") as f:
        return received_time(f.read(_HEAD_BYTES), file, tz)


def _mbox_spans(path: Path) -> list[tuple[int, int]]:
    """Where each message of an mbox file lies: from the line after its separator to the next separator,
    the blank line before that one left out (as mailbox.mbox reads it). A line is a separator only in the
    form mbox writers give it (_SEPARATOR), or as the file's first line: a body line «From Phòng GD&ĐT…»
    that the exporter did not quote is the body's."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    blank = False
    at = 0
    with path.open("rb") as f:
        for line in f:
            if start is None or _SEPARATOR.fullmatch(line):
                if start is not None:
                    spans.append((start, at - 1 if blank else at))
                start = at + len(line)
                blank = False
            else:
                blank = line == b"\n"
            at += len(line)
    if start is not None:
        spans.append((start, at - 1 if blank else at))
    return spans


def _span(path: Path, span: tuple[int, int], limit: int | None = None) -> bytes:
    """The bytes of an mbox message at span, or its first limit bytes."""
    size = span[1] - span[0]
    with path.open("rb") as f:
        f.seek(span[0])
        return f.read(size if limit is None else min(size, limit))


def cut_short(raw: bytes) -> bool:
    """Whether a message stops before its end: a MIME part whose closing boundary never comes, or a mail of
    one part whose base64 stops in the middle of a group of four characters. An export cut off in the
    middle of it (a copy interrupted, a USB stick pulled out)."""
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    if any(
        isinstance(d, email.errors.CloseBoundaryNotFoundDefect)
        for part in message.walk()
        for d in part.defects
    ):
        return True
    payload = message.get_payload()
    return (
        not message.is_multipart()
        and isinstance(payload, str)
        and str(message.get("content-transfer-encoding", "")).strip().lower() == "base64"
        and len(re.sub(r"\s", "", payload)) % 4 != 0
    )


def cut_note(export: Export, cut: list[Path]) -> str:
    """What staff should know of the message files of export that end before their message does."""
    where = _named(export.path if export.path.is_dir() else export.path.parent, cut)
    return (
        f"Chưa nhập {len(cut)} tệp thư bị cắt dở {where}: tệp xuất chưa hết (chép tệp bị gián đoạn?); tải "
        "hoặc xuất lại các thư này từ hộp thư rồi nhập lại. Thư bị cắt khi xuất, không phải lỗi của trường: "
        "trường không cần gửi lại."
    )


def _unread(folder: Path, files: list[Path]) -> tuple[str, ...]:
    """What a folder of .eml files holds beside them that is not imported, and what to do with it: mail
    downloaded from webmail as a compressed file, Outlook's .msg, other files."""
    packed = [p for p in files if p.suffix.lower() in _PACKED]
    outlook = [p for p in files if p.suffix.lower() == ".msg"]
    others = [p for p in files if p.suffix.lower() not in {".eml", ".msg", *_PACKED}]
    notes = []
    if packed:
        notes.append(_packed_note(folder, packed))
    if outlook:
        notes.append(f"Chưa nhập {len(outlook)} tệp .msg {_named(folder, outlook)} vì {_OUTLOOK}")
    if others:
        notes.append(f"Bỏ qua {len(others)} tệp không phải thư {_named(folder, others)}.")
    return tuple(notes)


def _packed_note(folder: Path, packed: list[Path]) -> str:
    """What to do with mail downloaded as compressed files (packed, in folder)."""
    return (
        f"Chưa nhập thư trong {len(packed)} tệp nén {_named(folder, packed)}: giải nén rồi nhập thư mục "
        "đã giải nén."
    )


def _named(folder: Path, files: list[Path]) -> str:
    """The first files by their path in folder, as the summary names them: («a.zip», «b.zip», …)."""
    names = ", ".join(f"«{p.relative_to(folder)}»" for p in files[:3])
    return f"({names}, …)" if len(files) > 3 else f"({names})"


def _not_mail(path: Path, files: list[Path]) -> str:
    """Why nothing under path can be imported, with what to do instead."""
    kinds = Counter(p.suffix.lower() or "không có đuôi" for p in files)
    wanted = "cần một thư mục Maildir (có cur, new, tmp), một tệp mbox hoặc thư mục chứa tệp .eml."
    packed = [p for p in files if p.suffix.lower() in _PACKED]
    if path.is_file():
        if ".msg" in kinds:
            return f"Tệp {path}: {_OUTLOOK}"
        if packed:
            return _packed_note(path.parent, packed)
        return f"Tệp {path} không phải thư (không bắt đầu bằng phần đầu thư như From:, Date:): {wanted}"
    if ".msg" in kinds:
        return f"Thư mục {path} có {kinds['.msg']} tệp .msg mà không có tệp .eml nào: {_OUTLOOK}"
    found = ", ".join(f"{n} tệp {kind}" for kind, n in kinds.most_common(3))
    if packed:
        return f"Thư mục {path} không có tệp .eml nào (có {found}). {_packed_note(path, packed)}"
    return f"Thư mục {path} không có tệp .eml nào (có {found}): {wanted}"


def received_time(raw: bytes, file: Path | str, tz: dt.tzinfo) -> dt.datetime:
    """When the mail server received it: the newest Received header whose time can be read, else Date,
    else the file's time. A hop that fetched it from another mailbox by POP3 or IMAP (one marked «with
    POP3», or Gmail's newest when it says it fetched the mail, X-Gmail-Fetch-Info) is the day the
    mailbox was moved, not the receipt: the hop before it is.

    A time written without a zone ("Mon, 25 Oct 2021 23:59:00", as some clients write Date) is the
    district's (tz), where the schools' clocks are; "-0000" is UTC (RFC 5322). A time that cannot be the
    receipt is passed over: a year outside the report years (1970, a phone whose clock was never set), or
    more than a day after the file was saved (a clock set years ahead), which would file the report under
    a season nobody looks at."""
    saved = dt.datetime.fromtimestamp(Path(file).stat().st_mtime, dt.UTC)
    head = _head(raw)
    # Newest first: one whose time cannot be read gives way to the hop before it, seconds earlier, then Date.
    stamps = _hop_stamps(head) + [m.group("date") for m in _DATE.finditer(head)][:1]
    for stamp in stamps:
        when = _stamp_time(stamp, tz)
        if when is not None and when <= saved + _SKEW:
            return when
    return saved


def filed_note(raw: bytes, source: str, received_at: dt.datetime, tz: dt.tzinfo) -> str | None:
    """For staff, of an imported message (source) whose receipt is no time its header writes: the file's
    time, as received_time falls back to when no Received line nor Date can be read as the receipt. Its
    «Nhận lúc» is when the file was saved, maybe the day it was imported, not when the mail came; None
    for mail read over IMAP and for a receipt the header writes."""
    if source.partition(":")[0] not in get_args(ExportKind):
        return None
    head = _head(raw)
    stamps = _hop_stamps(head) + [m.group("date") for m in _DATE.finditer(head)][:1]
    if any(_stamp_time(stamp, tz) == received_at for stamp in stamps):
        return None
    return (
        f"Thư không có dòng Received hay dòng Date đọc được là lúc nhận: {FILE_TIME} ({in_words(received_at, tz)}); "
        "xem thư để biết lúc nhận thật, nếu trường đã nộp đúng hạn thì gia hạn cho trường (baocao extend)."
    )


def mailbox_receipt(raw: bytes, stored: dt.datetime, tz: dt.tzinfo, office: Collection[str]) -> dt.datetime:
    """When the office's mail server received a mail read over IMAP: the time the server stored it
    (INTERNALDATE), or its newest Received hop's when that is more than a day earlier. A mail put back
    into the folder later (moved out before it was read and back, a mailbox moved by a program that does
    not keep the dates) is stored anew, but the hop its server wrote says when it came.

    Only the newest hop counts, and only when the office's server wrote it: the host it names after «by»
    is of the domain of one of the office's addresses (office). The hops below it are the sender's to
    write, and so is a newest hop another server wrote: the sender's own submission server (smtp.gmail.com,
    the school's), the only hop of a mail the office's server stored without one. Its time is the sender's
    claim, as the mail's Date is: the mail came when it was stored, and the Date by a deadline the receipt
    missed is noted for staff, who may extend the school's deadline (pipeline._sent_in_time)."""
    hops = _hops(_head(raw))
    hop = _stamp_time(_stamp(hops[0]), tz) if hops and _by_office(hops[0], office) else None
    return hop if hop is not None and hop < stored - _PUT_BACK else stored


def _by_office(hop: bytes, office: Collection[str]) -> bool:
    """Whether a Received hop was written by a server of the office's own domain, that of one of its
    addresses (office): «by mx.phulam.edu.vn» for pgdphulam@phulam.edu.vn."""
    by = _BY.search(_COMMENT.sub(b" ", hop.rpartition(b";")[0]))
    if by is None:
        return False
    host = by.group(1).decode("ascii").lower().rstrip(".")
    domains = {address.rpartition("@")[2].lower() for address in office}
    return any(host == domain or host.endswith(f".{domain}") for domain in domains)


def _head(raw: bytes) -> bytes:
    """The message's own header only: a forwarded mail attached inside carries its own Received and Date."""
    return _BLANK_LINE.split(raw[:65536], maxsplit=1)[0]


def _hop_stamps(head: bytes) -> list[bytes]:
    """The times the Received hops wrote, newest first, but those of a fetch from another mailbox."""
    return [_stamp(hop) for hop in _hops(head)]


def _hops(head: bytes) -> list[bytes]:
    """The Received hops that wrote a time, newest first, but those of a fetch from another mailbox."""
    hops = [m.group("value") for m in _RECEIVED.finditer(head)]
    if hops and _GMAIL_FETCH.search(head):
        hops = hops[1:]
    return [hop for hop in hops if b";" in hop and not _FETCHED.search(hop)]


def _stamp(hop: bytes) -> bytes:
    """The time a Received hop wrote: after its last «;»."""
    return hop.rpartition(b";")[2]


def _stamp_time(stamp: bytes, tz: dt.tzinfo) -> dt.datetime | None:
    """A header's time (dates.header_time), in the district's zone when it writes none; None when it
    cannot be read or cannot be a receipt (a year outside the report years)."""
    when = header_time(stamp.decode("ascii", "replace"), tz)
    return when if when is not None and year_problem(when.year) is None else None
