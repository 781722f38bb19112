"""The papers a mail carries, read: each attachment (and those of the messages it forwards as attachments,
and its text) through the parse cache, locked files with the passwords the mail or its school's other
mails state, decorations passed over, messages nested too deep noted, scans' OCR checked."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from intake import corrections, latepasswords, pageorder, passwords
from intake import message as message_mod
from intake.classify import corrects_a_report, signing_only
from intake.errors import MessageError
from intake.matching import MatchResult
from intake.readings import read_cached
from kernel.attachment import Attachment
from kernel.export import BASE_HEADERS
from kernel.runtime import Runtime
from kernel.store import ReviewRow, SubmissionRow
from kernel.timefmt import local_time
from parsers import images, read, volumes
from parsers.document import Document, Failure, FailureCode, Reading, Signature, SignatureStatus
from parsers.text import fold


def read_all(
    rt: Runtime, mail: message_mod.Mail, received_at: dt.datetime | None
) -> tuple[list[Document], list[Failure], bool]:
    """Every attachment read through the parse cache (a forwarded message's too), and the body; and whether
    the passwords of the sender's school's other mails opened a file.

    A file locked with a password the mail does not state is read again with those that the sender's
    school states in its later mails or in those just before (intake.latepasswords), when received_at,
    the mail's receipt, is given."""
    stated = stated_passwords(mail)
    documents, failures = read_with(rt, mail, stated)
    locked = sum(f.code == FailureCode.ENCRYPTED for f in failures)
    if received_at is None or not locked:
        return documents, failures, False
    later = tuple(
        p for p in latepasswords.sent_around(rt, mail.sender, received_at, mail.message_id) if p not in stated
    )
    if not later:
        return documents, failures, False
    documents, failures = read_with(rt, mail, (*stated, *later))
    return documents, failures, sum(f.code == FailureCode.ENCRYPTED for f in failures) < locked


# A signature's time is what the signer's computer said: a clock set back lets an expired or revoked
# certificate sign «in date» (some signing tools refuse such a certificate only by the computer's clock). A
# time more than _BEFORE_ITS_PAPER before the date the paper itself bears, or _AFTER_RECEIPT after the mail
# reached the office, is not believed: the signature proves nothing, and staff and the school are told why.
_BEFORE_ITS_PAPER = dt.timedelta(days=7)
_AFTER_RECEIPT = dt.timedelta(hours=12)


def believed_signatures(
    documents: Sequence[Document], received_at: dt.datetime, tz: dt.tzinfo
) -> list[Document]:
    """The documents with each valid signature whose stated signing time cannot be true (see
    _BEFORE_ITS_PAPER) counted as not holding."""
    return [
        dataclasses.replace(d, signatures=tuple(_believed(s, d, received_at, tz) for s in d.signatures))
        if d.signatures
        else d
        for d in documents
    ]


def _believed(signature: Signature, document: Document, received_at: dt.datetime, tz: dt.tzinfo) -> Signature:
    signed_at = signature.signed_at
    if signature.status is not SignatureStatus.VALID or signed_at is None:
        return signature
    signed = f"thời điểm ký ghi trong chữ ký ({local_time(signed_at, tz)})"
    paper = document.header.date
    if paper is not None and signed_at.astimezone(tz).date() < paper - _BEFORE_ITS_PAPER:
        why = f"{signed} sớm hơn nhiều so với ngày của văn bản ({paper:%d/%m/%Y})"
    elif signed_at > received_at + _AFTER_RECEIPT:
        why = f"{signed} muộn hơn lúc nhận thư ({local_time(received_at, tz)})"
    else:
        return signature
    reason = (
        f"Chữ ký số của {signature.signer} không được công nhận: {why}; thời điểm ký do máy tính của người ký "
        "tự ghi, có thể đã bị chỉnh giờ."
    )
    return dataclasses.replace(signature, status=SignatureStatus.INVALID, reason=reason)


def read_with(
    rt: Runtime, mail: message_mod.Mail, passwords: tuple[str, ...]
) -> tuple[list[Document], list[Failure]]:
    """Every attachment (and the body) read through the parse cache, locked files with passwords."""
    trust = rt.config.trust
    return read_mail(
        mail,
        lambda name, data: read_cached(rt.store, name, data, rt.limits, rt.clock(), trust, rt.ocr, passwords),
        office=rt.config.office_addresses,
    )


def stated_passwords(mail: message_mod.Mail) -> tuple[str, ...]:
    """The passwords a mail states for the files it locked: in its subject, its text or a file's name
    («BC NQ121 (mk 123456).zip»), or those of a message it carries attached (a forward as attachment)."""
    texts = [mail.subject, mail.body, *(a.name.rsplit(".", 1)[0] for a in mail.attachments)]
    for attachment in mail.attachments:
        if attachment.content_type == "message/rfc822":
            try:
                inner = message_mod.parse(attachment.data, fallback_id="inner")
            except MessageError:
                continue
            texts += [inner.subject, inner.body]
    return passwords.stated(*texts)


def read_mail(
    mail: message_mod.Mail, read_file: Callable[[str, bytes], Reading], office: frozenset[str] = frozenset()
) -> tuple[list[Document], list[Failure]]:
    """Every attachment read with read_file (a forwarded message's too) and the body when it holds the report.

    An attached message's files are also among the message's own attachments (intake.message walks
    into it): each (name, bytes) is read once. The office's own mail passed back (from an address in
    office) is never read as a school's report. Documents are told apart by name (a submission keeps
    the names of its own): two different files of one name, such as two schools' "BC NQ121.docx" in
    the two messages a cluster leader attached, are named "BC NQ121.docx" and "BC NQ121.docx (2)".
    The same bytes attached again under another name ("BC.docx" and "BC (1).docx") are read once, under
    the first name, which notes the other as its copy.
    """
    seen = _Seen()
    documents, failures = _read_mail(mail, read_file, seen, office)
    # A message too deep where it was met may be opened where the walk of a message around it lists it too.
    failures += [_too_deep(name) for data, name in seen.too_deep.items() if data not in seen.messages]
    return _named_apart(pageorder.in_page_order(_with_copies(documents, seen.copies))), failures


@dataclass
class _Seen:
    """The files of a message read so far (read_mail), an attached message's too."""

    read: dict[bytes, str] = dataclasses.field(default_factory=dict)  # the bytes, the name read under
    copies: dict[str, list[str]] = dataclasses.field(default_factory=dict)  # a file's other names
    passed_back: set[tuple[str, bytes]] = dataclasses.field(default_factory=set)  # the office's own files
    # The attached messages read: a message's walk lists those nested in its attached message too, so each
    # would otherwise be read again for every message around it (twice as often at each depth).
    messages: set[bytes] = dataclasses.field(default_factory=set)
    # The attached messages met deeper than a message is read to (message.MAX_DEPTH), by name.
    too_deep: dict[bytes, str] = dataclasses.field(default_factory=dict)


def _with_copies(documents: Sequence[Document], copies: Mapping[str, Sequence[str]]) -> list[Document]:
    """The documents read from a file attached again under other names, each with a note naming them."""
    noted: list[Document] = []
    for document in documents:
        file = next((n for n in copies if document.name == n or document.name.startswith(f"{n}/")), None)
        if file is not None:
            names = ", ".join(f"«{n}»" for n in dict.fromkeys(copies[file]))
            note = f"thư kèm thêm {names} giống hệt tệp «{file}», chỉ đọc và tính một lần."
            document = dataclasses.replace(document, warnings=(*document.warnings, note))
        noted.append(document)
    return noted


def _decoration(attachment: Attachment, failure: Failure) -> bool:
    """A decorative picture with no text in it, or too broken to show: no file that failed. That is a small
    one in the mail's text (a signature's logo, an icon), or a tiny one attached (Outlook attaches the
    signature's "image001.png" by its Content-ID without marking it inline), as classify judges whether the
    mail carries a file. A photo of the report, in the text or attached, is far larger and stays the report
    that could not be read."""
    return attachment.decorative and failure.code in (FailureCode.EMPTY, FailureCode.CORRUPT)


def _named_apart(documents: Sequence[Document]) -> list[Document]:
    named: list[Document] = []
    used: set[str] = set()
    for document in documents:
        name, number = document.name, 1
        while name in used:
            number += 1
            name = f"{document.name} ({number})"
        used.add(name)
        named.append(document if name == document.name else dataclasses.replace(document, name=name))
    return named


def _read_mail(
    mail: message_mod.Mail,
    read_file: Callable[[str, bytes], Reading],
    seen: _Seen,
    office: frozenset[str],
    depth: int = 0,
) -> tuple[list[Document], list[Failure]]:
    """read_mail of a message depth attached messages down; those nested deeper than the MIME levels a
    message is read to (message.MAX_DEPTH, which its reader warns of) are not opened."""
    mail = mail.without_messages_of(office)
    documents: list[Document] = []
    failures: list[Failure] = []
    files = [a for a in mail.attachments if a.content_type != "message/rfc822"]
    # A file split into volumes to get past a size limit is read once, joined, where its first volume is.
    pieces = dict(zip(map(id, files), volumes.join([(a.name, a.data) for a in files]), strict=True))
    for att in mail.attachments:
        if att.content_type == "message/rfc822":
            if att.data in seen.messages:
                continue
            if depth >= message_mod.MAX_DEPTH:
                seen.too_deep.setdefault(att.data, att.name)
                continue
            seen.messages.add(att.data)
            try:
                inner = message_mod.parse(att.data, fallback_id="inner")
            except MessageError:
                continue
            if inner.sender in office:
                seen.passed_back.update((a.name, a.data) for a in inner.attachments)
                continue
            inner_documents, inner_failures = _read_mail(inner, read_file, seen, office, depth + 1)
            documents.extend(inner_documents)
            failures.extend(inner_failures)
            continue
        piece = pieces[id(att)]
        if piece is None or {(att.name, att.data), (piece.name, piece.data)} & seen.passed_back:
            continue  # a later volume of a file split in volumes, or a file of the office's passed back
        read_as = seen.read.get(att.data) or seen.read.get(piece.data)
        if read_as is not None:  # read already, under this name or another
            if read_as not in (att.name, piece.name):
                seen.copies.setdefault(read_as, []).append(att.name)
            continue
        if att.logo and images.too_small_for_a_page(att.data):
            continue  # a signature's logo or banner: no page of a report, whatever text it shows
        seen.read[piece.data] = piece.name
        reading = read_file(piece.name, piece.data)
        if piece.volumes and not reading.documents:
            reading = Reading(failures=(volumes.failure(piece),))
        documents.extend(d for d in reading.documents if not _status_table(d))
        failures.extend(f for f in reading.failures if not _decoration(att, f))
    # A reply that writes next to nothing may resend the report in the quote of the sender's own mail.
    body = read.read_body(mail.own_body) or read.read_body(mail.own_quote)
    if body is not None and mail.garbled_body:
        failures.append(_garbled_body())
    elif body is not None:
        documents.append(body)
    return documents, failures


def _garbled_body() -> Failure:
    """The failure of a mail's text whose charset was unknown and whose guess gives no Vietnamese: what it
    says is unknown, and none of it is shown as the school's words."""
    return Failure(
        read.BODY_NAME,
        FailureCode.FORMAT,
        "Nội dung thư viết bằng bảng mã hệ thống không nhận ra (đọc thử vẫn ra chữ lỗi), nên chưa đọc được. "
        "Đề nghị trường gửi lại báo cáo dạng tệp đính kèm (DOCX hoặc PDF).",
    )


def _status_table(document: Document) -> bool:
    """baocao's own table of the season (the digest's XLSX or CSV, the page's export) sent back, to ask
    about a row or pass it on: its header row names every school, and no school reports with it."""
    head = fold(document.text[:_TABLE_HEAD])
    return all(header in head for header in _STATUS_HEADERS)


_TABLE_HEAD = 1000
_STATUS_HEADERS = tuple(fold(h) for h in BASE_HEADERS[1:8])


def _too_deep(name: str) -> Failure:
    """The failure of an attached message left unopened, nested deeper than a message is read to."""
    return Failure(
        name,
        FailureCode.TOO_LARGE,
        f"Thư đính kèm {name} nằm sau hơn {message_mod.MAX_DEPTH} lớp thư chuyển tiếp lồng nhau, hệ thống không "
        "mở. Đề nghị gửi thẳng tệp báo cáo.",
    )


def own_documents(documents: Sequence[Document], files: Sequence[str]) -> list[Document]:
    """The documents one school's submission was read from: those named in its files (none when they
    name only files that could not be read), all when it names none."""
    return [d for d in documents if d.name in files] if files else list(documents)


def submission_documents(rt: Runtime, sub: SubmissionRow) -> list[Document]:
    """A recorded submission's documents, read again from the archive through the parse cache (a file
    the school marked as corrected in place of the one it corrects).

    Raises StoreError when the archived message is gone, MessageError when it no longer parses.
    """
    mail = message_mod.parse(rt.archive.get(sub.message_key), fallback_id=sub.message_id)
    documents, _, _ = read_all(rt, mail, sub.received_at)
    return corrections.current(own_documents(documents, sub.files))


def correction_said(rt: Runtime, row: ReviewRow) -> str:
    """The sentence of a mail waiting for staff that corrects a report sent before ("đính chính: số buổi
    tuyên truyền là 12, không phải 21"), read again from the archive; "" when it corrects none.

    Raises StoreError when the archived message is gone, MessageError when it no longer parses.
    """
    mail = message_mod.parse(rt.archive.get(row.message_key), fallback_id=row.message_id)
    return corrects_a_report(mail, rt.config)


def check_ocr(
    result: MatchResult, documents: Sequence[Document], threshold: float, agreed: str | None
) -> MatchResult:
    """A poorly read scan, or one read from a blurred image (Page.blurred), may hide the wrong school:
    let staff look, unless the registered address and the subject already agree on the school recorded
    (a weak reading must not veto them). A mail already waiting for staff is told to be such a scan."""
    scans = [d for d in documents if not signing_only(d)]
    low = [d for d in scans if d.ocr_confidence is not None and d.ocr_confidence < threshold]
    blurred = [d for d in scans if d not in low and any(p.blurred for p in d.pages)]
    if not (low or blurred) or (result.review_reason and result.assignments):
        return result
    if agreed is not None and [a.school_id for a in result.assignments] == [agreed]:
        return result
    said = []
    if low:
        names = ", ".join(f"{d.name} ({_worst_page(d)}{d.ocr_confidence:.0f}%)" for d in low)
        said.append(f"{names} có độ tin cậy nhận dạng chữ thấp")
    if blurred:
        said.append(f"{', '.join(_blurred_pages(d) for d in blurred)} bị mờ, chữ nhận dạng được có thể sai")
    reason = f"Bản quét khó đọc, cần xem bằng mắt: {'; '.join(said)}. Cần cán bộ kiểm tra."
    if result.review_reason:
        # What matching made of the scan's misread words («TRỢ SG THCS XI THANH», "a unit missing from
        # the list?") is no fact about the school: staff are told first that the scan is hard to read.
        return MatchResult((), f"{reason} {result.review_reason}", result.candidates)
    doubtful = {d.name for d in (*low, *blurred)}
    sure = tuple(a for a in result.assignments if not doubtful & set(a.files))
    if sure and len(sure) < len(result.assignments):
        # Other schools' reports in the mail were read well: only the poorly read scan's school waits.
        return MatchResult(sure, reason, tuple(a.school_id for a in result.assignments if a not in sure))
    return MatchResult((), reason, tuple(a.school_id for a in result.assignments))


def _blurred_pages(document: Document) -> str:
    """The blurred pages of a scan as the reason names them ("trang 2 của scan.pdf (độ tin cậy 72%)"),
    the whole file for a scan of one page."""
    pages = [p for p in document.pages if p.blurred]
    where = f"trang {', '.join(str(p.number) for p in pages)} của " if len(document.pages) > 1 else ""
    worst = min((p.confidence for p in pages if p.confidence is not None), default=0.0)
    return f"{where}{document.name} (độ tin cậy {worst:.0f}%)"


def _worst_page(document: Document) -> str:
    """The page a scan of several pages takes its confidence from, as the reason names it ("trang 2: ",
    a page smudged among pages read well), for staff to look at first; "" for a scan of one page."""
    worst = [
        p.number
        for p in document.pages
        if p.confidence is not None and p.confidence == document.ocr_confidence
    ]
    if len(document.pages) < 2 or not worst:
        return ""
    return f"trang {', '.join(str(n) for n in worst)}: "
