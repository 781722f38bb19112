"""One message in, one recorded outcome out: archive, parse, classify, match, find sections.

Never touches the network. Re-running it on the same bytes replaces what it recorded before,
so a re-scan never duplicates anything; staff decisions (assign/reject/internal) are honoured.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
import time
import traceback
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from intake import corrections, datedties, latepasswords, passwords, systems, versions
from intake import message as message_mod
from intake import origin as origin_mod
from intake.bounces import Bounce, failed_recipients, only_delayed, only_delivered, returned_as
from intake.bounces import read as read_bounce
from intake.campuses import campus_of, of_a_site
from intake.classify import (
    Claim,
    Classification,
    Question,
    activity_photos_beside,
    classify,
    contested_default,
    disowns_earlier,
    from_a_system,
    is_bounce,
    office_sender,
    unread_scans,
)
from intake.clues import CANDIDATE, either, signed_school
from intake.dates import ON_THE_WAY, header_time, sending
from intake.errors import MessageError
from intake.forwarded import forwarded_original, forwarded_sent
from intake.identity import content_key, dated_id, listed, same_sending, sending_after, sending_key
from intake.matching import (
    Assignment,
    MatchResult,
    header_candidates,
    header_schools,
    imitation,
    match,
    named_schools,
    sender_and_subject_agree,
    signed_schools,
    unread_of_others,
)
from intake.papers import (
    believed_signatures,
    check_ocr,
    own_documents,
    read_all,
    read_with,
    stated_passwords,
    submission_documents,
)
from intake.registry import Registry, of_config
from intake.rosters import (
    assigned_off_roster,
    by_season,
    former_name_of_sender,
    former_names_credited,
    off_roster,
)
from intake.sources import filed_note, mailbox_receipt
from intake.years import report_year, reported_school_year, reported_year
from kernel import mailids, timefmt, units
from kernel.archive import key_of
from kernel.config import Config, ReportConfig
from kernel.errors import BaocaoError, DatabaseUnusableError, StoreError
from kernel.freshness import Freshness
from kernel.proof import SignatureFact
from kernel.returned import WHY, Returned, ReturnedMail, still_sending
from kernel.runtime import Runtime
from kernel.seasons import (
    by_deadline,
    deadline_day,
    deadline_of,
    running_season,
    season_bounds,
    season_of,
    year_problem,
)
from kernel.status import (
    CORRECTION_NOTE,
    CORRECTS,
    FORWARDED_SENT,
    HELD_OR_WRONG_CLOCK,
    MAY_EXTEND,
    REPLACES,
    WRONG_CLOCK,
    still_due,
)
from kernel.store import (
    ACTIVITY_PHOTO,
    ASKS_OFFICE,
    SUPPLEMENT,
    UNREAD_BESIDE,
    UNREAD_IN_MAIL,
    Forwarded,
    MessageDecision,
    MessageRow,
    MessageState,
    ReviewRow,
    Store,
    SubmissionKind,
    SubmissionRow,
    arrival,
)
from parsers import read
from parsers.document import Document, Failure, FailureCode, Figure, FigureSpec
from parsers.errors import ASK_PASSWORD, ParseError
from parsers.figures import find_figures
from parsers.ocr import OcrUnavailableError
from parsers.sections import emphasised_lines, find_sections
from parsers.text import fold

log = logging.getLogger(__name__)

# A message whose processing killed the program this many times is recorded failed, not tried again.
MAX_ATTEMPTS = 3
HEADER_BYTES = 256 * 1024  # what is read of a message too large to read whole: its header block
CHUNK_BYTES = 4 * 1024 * 1024  # how a message too large to hold is copied into the archive
_SETTLE_POLL_SECONDS = 0.1  # how often a copy looks whether the other copy, read by another worker, is done
# How many days before a note asking to cancel mail, answering none, its address's credited mail is looked
# for: the school notices its mistake within a few days.
_RECENT_DAYS = 3
# At most this many schools named in the words of staff's own mail carrying a report whose paper names no
# school make it a school's report passed on; more is the unit's own summary of its schools.
_PASSED_ON_NAMED = 2
# What a submission's evidence says of a paper counted by the sentences of its text alone
# (Classification.by_text_alone): a later such paper replaces it as any version does (_named_report_kept).
BY_TEXT_ALONE = (
    "Văn bản không có trích yếu, thư không ghi tên báo cáo: được tính theo nội dung, nhắc đến báo cáo này "
    "nhiều nhất."
)


@dataclass(frozen=True)
class Outcome:
    key: str
    message_id: str
    state: MessageState
    reason: str
    new: bool  # False when the message had already been processed and was left as it was
    submissions: tuple[SubmissionRow, ...] = ()
    reviews: tuple[ReviewRow, ...] = ()
    # The schools whose reports the office's own mail passes on that count for none of them, staff having
    # assigned the mail to another school (_staff_choice): each needs a mail of its own.
    set_aside: tuple[str, ...] = ()
    # Failed as over the size limit, never read: reprocess reads it no better until the limit is raised.
    too_large: bool = False


def ingest(
    rt: Runtime,
    raw: bytes,
    *,
    received_at: dt.datetime,
    source: str,
    force: bool = False,
    key: str | None = None,
    died: int = 0,
    known_as: str | None = None,
    read_order: int = 0,
) -> Outcome:
    """The one place that catches everything: process a message, or record why it failed and go on.

    Poll, import, re-scan and reprocess all come through here, so one bad message never stops the others.
    key, died, known_as, read_order: the archive's key of raw, when raw was read from the archive, how many
    workers died reading it before, the key of the same message as recorded before under other bytes, and
    the place its reader took for it in the order mail is first read in (see process).
    """
    try:
        return process(
            rt,
            raw,
            received_at=received_at,
            source=source,
            force=force,
            key=key,
            died=died,
            known_as=known_as,
            read_order=read_order,
        )
    except DatabaseUnusableError:  # not the message's fault, nor can its failure be recorded: read again
        raise
    except _Unfinished as e:  # read as far as its header: the failure names its sender and subject
        log.exception("message from %s could not be processed", source)
        return record_failure(rt, raw, received_at=received_at, source=source, error=e.error, read=e.row)
    except Exception as e:  # whatever goes wrong with one message must not stop the others
        log.exception("message from %s could not be processed", source)
        return record_failure(rt, raw, received_at=received_at, source=source, error=e)


class _Unfinished(Exception):
    """An error while interpreting a message whose header was read (process): the row it had come to,
    never written on its own (its sender and subject are recorded with the failure, in one commit)."""

    def __init__(self, row: MessageRow, error: Exception) -> None:
        super().__init__(str(error))
        self.row = row
        self.error = error


def reprocess(rt: Runtime, key: str) -> Outcome:
    """Run an archived message through the current config and code again (through ingest)."""
    row = rt.store.message(key)
    received_at = row.received_at if row else rt.clock()
    source = row.source if row else "archive"
    limit_mb = rt.config.max_message_mb
    size = rt.archive.size(key)
    if size > limit_mb * 1024 * 1024:
        header = rt.archive.head(key, HEADER_BYTES)
        return record_too_large(
            rt, key, header, size=size, limit_mb=limit_mb, received_at=received_at, source=source, force=True
        )
    return ingest(rt, rt.archive.get(key), received_at=received_at, source=source, force=True, key=key)


def _as_decided(rt: Runtime, row: MessageRow, trouble: str) -> Outcome | None:
    """What staff decided about a message the program cannot read (too large, or failing every time it
    is read): their decision stands all the same, so the school they credited is not reported missing
    nor reminded, and a message they rejected leaves the list of what could not be processed. None
    when staff decided nothing about it."""
    decision = rt.store.decision(row.key)
    if decision is None or decision.action == "split":  # nothing read, no paper names its school
        return None
    if (taken_out := _taken_out(rt, row, decision)) is not None:
        return taken_out
    assert decision.school_id is not None  # an assignment always names its school
    config = rt.config
    report = config.report(decision.report_id) if decision.report_id else config.reports[0]
    year = decision.year or season_of(report, row.received_at, config)
    reason = f"Cán bộ phòng đã gán thủ công; máy chủ không đọc được thư: {trouble}"
    submission = SubmissionRow(
        message_key=row.key,
        message_id=row.message_id,
        report_id=report.id,
        year=year,
        school_id=decision.school_id,
        received_at=row.received_at,
        sender=row.sender,
        files=(),
        sections_found=(),
        sections_missing=(),  # nothing of it was read: which sections it holds is not known
        figures={},
        evidence=(reason,),
        problems=(trouble,),
    )
    return _record(rt, row, MessageState.REPORT, reason, (submission,), ())


def _taken_out(rt: Runtime, row: MessageRow, decision: MessageDecision) -> Outcome | None:
    """A message staff rejected or marked the office's own, recorded so; None for an assignment."""
    # Whose staff decided: the Phòng's, or a commune's (which has no Phòng), by the mailbox and the day.
    we = units.whose_mail(rt.config, row)
    staff = "Cán bộ phòng" if we == "Phòng" else "Cán bộ"
    if decision.action == "reject":
        return _record(
            rt, row, MessageState.REJECTED, f"{staff} đã loại thư này khỏi danh sách báo cáo.", (), ()
        )
    if decision.action == "internal":
        reason = f"{staff} xác định đây là thư của chính {we}, không phải báo cáo của trường."
        return _record(rt, dataclasses.replace(row, internal=True), MessageState.INTERNAL, reason, (), ())
    return None


def process(
    rt: Runtime,
    raw: bytes,
    *,
    received_at: dt.datetime,
    source: str,
    force: bool = False,
    key: str | None = None,
    died: int = 0,
    known_as: str | None = None,
    read_order: int = 0,
) -> Outcome:
    """Archive then interpret one message. Already-processed messages are skipped unless force.

    key: the archive's key of raw, when raw was read from the archive (a queued message, one read
    again): it is not written again (Archive.get checked that the bytes are the message's).
    died: how many workers took the queued message before and died with it, wherever they died: one
    killed while parsing it, before its pending row counts a start, counts here.
    known_as: the archive's key of this message's bytes as an earlier import recorded them (an mbox
    message with its «>From » lines still quoted, LocalMessage.quoted_key): recorded under it, it is
    the same message and is not recorded again.
    read_order: the place its reader took for it in the order mail is first read in, as it queued it
    (Worker.queue_message); 0: the next place, taken when it is first recorded. A message recorded before
    keeps its own."""
    if known_as is not None and (earlier := rt.store.message(known_as)) is not None:
        return _linked(earlier)
    if key is None:
        key = rt.archive.put(raw)
    known = rt.store.message(key)
    if known is not None and known.state not in (MessageState.PENDING, MessageState.FAILED) and not force:
        return Outcome(key, known.message_id, known.state, known.reason, new=False)
    if source.startswith("imap:"):  # a mail put back into the folder later came when its server's hop says
        received_at = mailbox_receipt(
            raw, received_at, rt.config.district.timezone, rt.config.office_addresses
        )
    starts = max(known.attempts if known is not None else 0, died)
    if (known is None or known.state == MessageState.PENDING) and starts >= MAX_ATTEMPTS:
        row = dataclasses.replace(_row(rt, key, known, source, received_at), attempts=starts)
        return _give_up(rt, with_header(row, raw[:HEADER_BYTES]))
    parsed = _tree(raw)
    identity = content_key(raw, parsed)
    if known is None:
        # The same message by another road (IMAP, then an export), or a second copy of it (the school
        # wrote to the office and to a group the office is in): one record.
        twin = rt.store.message_by_content(identity) or _copy_of(rt, raw)
        if twin is not None:
            return _linked(twin)
    base = dataclasses.replace(_row(rt, key, known, source, received_at), content_key=identity)
    if known is None:
        base = dataclasses.replace(base, read_order=read_order, read_at=_read_late(rt, source, received_at))
    # Starts since the message last came to an outcome: a reprocess of a message read many times before is
    # its first start, and one broken off (Ctrl-C, a dropped session) is no crash loop.
    started = base.attempts if known is None or known.state == MessageState.PENDING else 0
    pending = dataclasses.replace(base, state=MessageState.PENDING, attempts=started + 1)
    # The pending row (attempts+1, before anything that may kill the process) and the claim of the
    # message's sending (the first time it is seen) in one commit: a worker killed before it leaves
    # neither, and the message is read again from the start; after it, both.
    header = raw[:HEADER_BYTES]
    sending = sending_key(header) if known is None else None
    try:
        with rt.store.begin():
            # The claim first: a second copy waits for the first copy's claim before it writes anything
            # (on SQLite, before it takes the one writer lock).
            holder = rt.store.claim_sending(sending, key, rt.clock()) if sending is not None else key
            twin = rt.store.save_message(pending, new=known is None)
            if twin is not None:  # another process recorded it by another road a moment ago
                raise _Recorded(twin)  # nothing of this copy is kept: not its claim either
    except _Recorded as recorded:
        return _linked(recorded.twin)
    if sending is not None and (twin := _claimed_copy(rt, key, header, sending, holder)) is not None:
        rt.store.forget_pending(key)
        return _linked(twin)
    try:
        mail = message_mod.parse(raw, fallback_id=f"{key[:24]}@baocao.invalid", parsed=parsed)
    except MessageError as e:
        reason = f"Thư không đọc được: {e}."
        return _as_decided(rt, pending, reason) or _record(rt, pending, MessageState.FAILED, reason, (), ())
    pending = dataclasses.replace(
        pending,
        message_id=mail.message_id,
        sender=mail.sender,
        subject=mail.subject,
        forwarded_from=mail.forwarded_from,
    )
    try:
        return _interpret(rt, pending, mail, raw, pending.received_at, first=not force)
    except DatabaseUnusableError:  # ingest records nothing: the message is read again
        raise
    except Exception as e:  # ingest records it failed, with the sender and subject read here
        raise _Unfinished(pending, e) from e


def _tree(raw: bytes) -> message_mod.Tree | None:
    """raw parsed once for its content key and its reading; None when it cannot be: it is parsed again
    where it is read, after its pending row is saved, and fails there as it would have."""
    try:
        return message_mod.parse_tree(raw)
    except Exception:  # whatever it is, it is raised again where the message is read
        return None


class _Recorded(Exception):
    """The message was recorded by another road while this copy was being saved (process)."""

    def __init__(self, twin: MessageRow) -> None:
        super().__init__(twin.key)
        self.twin = twin


def _taught_registry(rt: Runtime) -> Registry:
    """The schools of the config with the addresses and years staff taught baocao."""
    return of_config(rt.config, rt.store.learned_addresses(), rt.store.learned_years())


def _registry(rt: Runtime, mail: message_mod.Mail) -> Registry:
    """The schools with the addresses staff taught, those our mail that this mail answers went to, and who
    wrote the mail it answers: read for the mail that needs a school, not for the rest (most of a mailbox)."""
    config = rt.config
    registry = _taught_registry(rt)
    ours = mailids.ours_in(mail.thread, config.own_domain)
    return dataclasses.replace(
        registry,
        answered=rt.store.schools_written(ours, config.own_domain),
        threaded=rt.store.senders_of(mailids.named_in(mail.thread))
        | (mail.replied_to - {mail.sender.lower()} - config.office_addresses),
    )


def _give_up(rt: Runtime, row: MessageRow) -> Outcome:
    """A message still pending after MAX_ATTEMPTS starts: each one ended the program before an outcome
    was recorded (out of memory, a crash in a reader). Record it failed so intake moves on."""
    reason = (
        f"Chương trình đã dừng đột ngột {row.attempts} lần khi xử lý thư này (có thể do thiếu bộ nhớ "
        "hoặc tệp bất thường), nên thư được bỏ qua để xử lý các thư sau. Đề nghị trường gửi lại báo cáo với tệp "
        "nhỏ hơn hoặc định dạng khác; sau khi khắc phục, chạy lại bằng lệnh baocao reprocess."
    )
    if (decided := _as_decided(rt, row, reason)) is not None:
        return decided
    log.error(
        "message %s (%s) gave up after %d attempts that never finished",
        row.message_id,
        row.key[:12],
        row.attempts,
    )
    return _record(rt, row, MessageState.FAILED, reason, (), ())


def record_too_large(
    rt: Runtime,
    key: str,
    header: bytes,
    *,
    size: int,
    limit_mb: int,
    received_at: dt.datetime,
    source: str,
    force: bool = False,
) -> Outcome:
    """Record a message too large to read (already archived under key) as failed, with what the
    school should do, or as staff decided (force: again, as reprocess does after a decision); header
    is its header block, for the sender and subject staff see."""
    known = rt.store.message(key)
    decided = force and rt.store.decision(key) is not None
    if known is not None and known.state != MessageState.PENDING and not decided:
        return Outcome(key, known.message_id, known.state, known.reason, new=False)
    row = with_header(_row(rt, key, known, source, received_at), header)
    problem = (
        f"Thư có dung lượng {_megabytes(size)} MB, vượt giới hạn {limit_mb} MB. Đề nghị trường gửi tệp nhỏ "
        "hơn hoặc chia thành nhiều thư."
    )
    reason = f"{problem} Thư gốc vẫn được lưu trong kho."
    if (outcome := _as_decided(rt, row, reason)) is not None:
        return outcome
    row = dataclasses.replace(row, attempts=row.attempts + 1)
    if (submission := _too_large_from_a_school(rt, row, problem)) is not None:
        school = rt.config.school(submission.school_id).name
        told = (
            f"Đã nhận thư nhưng không đọc được báo cáo: {problem} Địa chỉ gửi {row.sender} là của {school}. "
            "Thư gốc vẫn được lưu trong kho; cán bộ đã đọc thư trên webmail thì có thể gán thư cho trường."
        )
        return _record(rt, row, MessageState.UNREADABLE, told, (submission,), ())
    return dataclasses.replace(_record(rt, row, MessageState.FAILED, reason, (), ()), too_large=True)


def _too_large_from_a_school(rt: Runtime, row: MessageRow, problem: str) -> SubmissionRow | None:
    """The unreadable submission of a message too large to read, when its header alone tells whose and
    for which report it is: its sender is a school's registered or learned address, and it is for the
    only report configured or for the one its subject names. Such a school is told at once, and reminded
    as one that has not reported; any other such message waits for staff."""
    config = rt.config
    school = _taught_registry(rt).by_address(row.sender)
    subject = fold(row.subject or "")
    named = [r for r in config.reports if any(fold(k) in subject for k in r.keywords)]
    reports = config.reports if len(config.reports) == 1 else named
    if school is None or len(reports) != 1:
        return None
    report = reports[0]
    return SubmissionRow(
        message_key=row.key,
        message_id=row.message_id,
        report_id=report.id,
        year=season_of(report, row.received_at, config),
        school_id=school.id,
        received_at=row.received_at,
        sender=row.sender,
        files=(),
        sections_found=(),
        sections_missing=(),
        figures={},
        evidence=(f"Địa chỉ gửi {row.sender} là của {school.name}.",),
        kind=SubmissionKind.UNREADABLE,
        problems=(problem,),
    )


def ingest_too_large(
    rt: Runtime, file: Path, *, size: int, limit_mb: int, received_at: dt.datetime
) -> Outcome:
    """A message file over the size limit: archived in pieces, recorded failed, never read whole."""
    source = f"import:{file}"
    try:
        with file.open("rb") as f:
            key = rt.archive.put_chunks(iter(lambda: f.read(CHUNK_BYTES), b""))
        header = rt.archive.head(key, HEADER_BYTES)
        return record_too_large(
            rt, key, header, size=size, limit_mb=limit_mb, received_at=received_at, source=source
        )
    except Exception as e:  # the same rule as ingest: one message never stops the others
        log.exception("message file %s could not be archived", file)
        return Outcome("", file.name, MessageState.FAILED, _failure_reason(e), new=True)


def with_header(row: MessageRow, header: bytes) -> MessageRow:
    """The row with the Message-ID, sender and subject of a message not read whole, from its header."""
    try:
        mail = message_mod.parse(header, fallback_id=f"{row.key[:24]}@baocao.invalid")
    except MessageError as e:
        log.warning("header of message %s is unreadable: %s", row.key[:12], e)
        return row
    return dataclasses.replace(row, message_id=mail.message_id, sender=mail.sender, subject=mail.subject)


def _megabytes(size: int) -> str:
    """A size in MB as Vietnamese writes it: one decimal, a comma for the point."""
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def _copy_of(rt: Runtime, raw: bytes) -> MessageRow | None:
    """The recorded message raw is another copy of, one of those passed on by a mailing list: the same
    Message-ID, author and Date, the bytes different (a group tags the subject, adds a footer, may rewrite
    From); never one whose sender check failed, so every recorded copy is looked at (the group's copy that
    failed it, then the school's direct copy that was read)."""
    header = raw[:HEADER_BYTES]
    wanted = dated_id(header)
    for key in rt.store.keys_of_message_id(wanted) if wanted else ():
        if (twin := _settled_copy(rt, header, key)) is not None:
            return twin
    return None


def _claimed_copy(rt: Runtime, key: str, header: bytes, sending: str, holder: str) -> MessageRow | None:
    """The message that claimed the sending first (holder, as the claim of key found it), when this
    message is another copy of it: two copies read by two workers at the same moment both pass _copy_of
    before either is recorded, and the database lets only one claim the sending (Store.claim_sending). A
    copy still being read by the other worker counts as recorded: the school's mail is read once. When
    the holder failed the sender check, the sending is claimed again after it (sending_after): of the
    copies left, one is read and the others link to it."""
    while holder != key:
        if (twin := _settled_copy(rt, header, holder)) is not None:
            return twin
        if not _failed_check(rt, holder):
            return None
        sending = sending_after(sending, holder)
        holder = rt.store.claim_sending(sending, key, rt.clock())
    return None


def _failed_check(rt: Runtime, key: str) -> bool:
    """Whether the message under key was read and failed the sender check."""
    row = rt.store.message(key)
    return row is not None and row.sender_check is not None and row.sender_check.failed


def _settled_copy(rt: Runtime, header: bytes, key: str) -> MessageRow | None:
    """_copied, once the message under key is read: another worker may be reading it, and whether it
    stands for this copy is known only then (its sender check may fail: a group's footer breaking the
    school's DKIM). A message left pending by a worker that died is taken as it is after a lease: the
    worker that takes its work over reads it."""
    twin = _copied(rt, header, key)
    until = time.monotonic() + rt.config.storage.lease_seconds
    while twin is not None and twin.state == MessageState.PENDING and time.monotonic() < until:
        time.sleep(_SETTLE_POLL_SECONDS)
        twin = _copied(rt, header, key)
    return twin


def _copied(rt: Runtime, header: bytes, key: str) -> MessageRow | None:
    """The recorded message under key, when header is of another copy of it (see _copy_of)."""
    try:
        recorded = rt.archive.head(key, HEADER_BYTES)
    except StoreError:  # its original is gone from the archive: this copy is read instead
        return None
    # Copies differ only by what a list does to one: any other change is another message (a forgery
    # replaying a signed mail's Message-ID, From and Date is read, and its check fails).
    if not (listed(header) or listed(recorded)) or not same_sending(header, recorded):
        return None
    row = rt.store.message(key)
    # A copy that failed the sender check (a group's, whose footer broke the school's DKIM) is no reason
    # to drop another that may pass it.
    return None if row is None or (row.sender_check is not None and row.sender_check.failed) else row


def _linked(twin: MessageRow) -> Outcome:
    log.info("message %s (%s) was already recorded by another road", twin.message_id, twin.key[:12])
    return Outcome(twin.key, twin.message_id, twin.state, twin.reason, new=False)


def record_failure(
    rt: Runtime,
    raw: bytes,
    *,
    received_at: dt.datetime,
    source: str,
    error: BaseException,
    read: MessageRow | None = None,
) -> Outcome:
    """Record an unexpected error for a message so that a re-scan retries it; read: its row as far as
    it was read (its sender and subject), when it was."""
    key = key_of(raw)
    rt.archive.put(raw)
    base = _row(rt, key, read or rt.store.message(key), source, received_at)
    if (decided := _as_decided(rt, base, _failure_reason(error))) is not None:
        log.error("message %s (%s) failed, recorded as staff decided: %r", base.message_id, key[:12], error)
        return decided
    row = dataclasses.replace(
        base,
        state=MessageState.FAILED,
        rules=rt.config.rules,
        attempts=max(base.attempts, 1),
        reason=_failure_reason(error),
        detail="".join(traceback.format_exception(error)),
    )
    rt.store.record_outcome(row, (), ())
    log.error("message %s (%s) failed: %r", row.message_id, key[:12], error)
    return Outcome(key, row.message_id, MessageState.FAILED, row.reason, new=True)


def record_missing(
    rt: Runtime, key: str, *, received_at: dt.datetime, source: str, error: StoreError
) -> Outcome:
    """Record as failed a queued message whose original cannot be read from the archive (deleted, or
    [storage].archive pointing elsewhere since it was queued): the queue goes on with the others, and
    staff see the message, why, and how to read it again. A message recorded meanwhile is left as it is."""
    known = rt.store.message(key)
    if known is not None and known.state not in (MessageState.PENDING, MessageState.FAILED):
        return Outcome(key, known.message_id, known.state, known.reason, new=False)
    base = _row(rt, key, known, source, received_at)
    reason = (
        f"Chưa xử lý được thư: {error}. Khi bản gốc đọc được trở lại, chạy baocao reprocess để xử lý thư."
    )
    if (decided := _as_decided(rt, base, reason)) is not None:
        return decided
    log.error("message %s could not be read from the archive: %s", key[:12], error)
    return _record(
        rt, dataclasses.replace(base, attempts=max(base.attempts, 1)), MessageState.FAILED, reason, (), ()
    )


def _failure_reason(error: BaseException) -> str:
    """What staff read about an unexpected error: Vietnamese and never empty (the log has the rest)."""
    if isinstance(error, MemoryError):
        return (
            "Thư quá lớn hoặc quá phức tạp, máy chủ không đủ bộ nhớ để đọc. "
            "Đề nghị trường gửi lại thư với ít tệp hơn hoặc tệp nhỏ hơn."
        )
    if isinstance(error, RecursionError):
        return (
            "Thư có cấu trúc lồng nhau quá sâu, không đọc được. "
            "Đề nghị trường gửi lại thư, đính kèm trực tiếp các tệp báo cáo."
        )
    if isinstance(error, OcrUnavailableError):  # the machine's fault, not the school's
        return (
            "Máy chủ chưa đọc được bản quét trong thư: chưa cài tesseract hoặc dữ liệu tiếng Việt (vie) của "
            "tesseract. Người quản trị cần cài bằng lệnh apt-get install tesseract-ocr tesseract-ocr-vie (kiểm tra "
            "bằng baocao doctor), rồi chạy lại bằng lệnh baocao reprocess; trường không phải gửi lại."
        )
    if isinstance(error, BaocaoError | ParseError) and str(error).strip():  # their messages are Vietnamese
        return f"Lỗi khi xử lý thư: {error}"
    # record_failure archived the original: reprocess reads it again, with or without a mail server.
    if isinstance(error, OSError):
        return (
            "Lỗi đọc hoặc ghi tệp trên máy chủ khi xử lý thư (ổ đĩa đầy hoặc thiếu quyền). "
            "Sau khi khắc phục, chạy lại bằng lệnh baocao reprocess."
        )
    return (
        "Lỗi chương trình khi đọc thư này; thư gốc vẫn được lưu. Báo người quản trị kèm mã thư để sửa, "
        "sau đó chạy lại bằng lệnh baocao reprocess."
    )


def _bounced(bounce: Bounce, config: Config) -> tuple[str, ...]:
    """The schools' registered addresses and the staff's a bounce says our mail could not reach. The
    addresses our mail comes from and the bounce was written to are ours, and working: a notice naming
    the sender ("Thư của bạn (pgd…) gửi tới …") does not return them."""
    ours = {m.email for m in config.mailboxes if m.email is not None} | bounce.mail.recipients
    ours |= {config.smtp.sender.lower()} if config.smtp is not None else set()
    schools = {e for school in config.schools for e in school.emails}
    return failed_recipients(bounce, schools | (config.all_staff - ours))


DELAY_REASON = (
    "Thư báo chậm chuyển thư: máy chủ chưa chuyển được thư đi và sẽ tự thử gửi lại, thư chưa bị trả lại; "
    "không phải báo cáo."
)
DELIVERED_REASON = (
    "Thư báo đã chuyển thư thành công: máy chủ xác nhận thư đã được chuyển đến người nhận, thư không bị trả "
    "lại; không phải báo cáo."
)


def _bounce_reason(rt: Runtime, row: MessageRow) -> str:
    """What staff read about a bounce of our mail to schools' or staff addresses (row.bounced), and what to
    do, by why each came back (row.returned_as): an address that does not exist, check it, unless mail came
    from it lately (_SENT_LATELY: it works, it is no address to fix); a full mailbox, make room; disabled, open it again; refused as
    spam, unblock our mail; a passing trouble, nothing."""
    config, tz = rt.config, rt.config.district.timezone

    def named(address: str) -> str:
        owners = ", ".join(s.name for s in config.schools if address in s.emails)
        return f"{address} ({owners or 'địa chỉ của cán bộ'})"

    sent = rt.store.last_sent_from(row.bounced, row.received_at - _SENT_LATELY, row.received_at)
    said = []
    for address in row.bounced:
        why = row.returned_as.get(address, Returned.OTHER)
        if address in sent and why.wrong_address:
            at = timefmt.local_time(sent[address], tz)
            told = f"{still_sending(why, at)}; nếu thư vẫn bị trả lại, liên hệ trường"
        else:
            told = f"{WHY[why]}; {_BOUNCE_ADVICE[why]}"
        said.append(f"thư gửi đến {named(address)} bị trả lại: {told}")
    which = ReturnedMail(rt.store.sent_mail(row.returned_mail), bool(row.returned_others)).told(tz)
    which = f"thư bị trả lại là {which}" if row.returned_mail else which
    return f"Thư báo lỗi gửi thư, không phải báo cáo: {'. '.join(said)}." + (
        f" {which[0].upper()}{which[1:]}." if which else ""
    )


# How long ago mail from an address shows that it works, whatever a bounce of our mail to it says.
_SENT_LATELY = dt.timedelta(days=60)
# What staff do about a bounce, by why our mail came back, when no mail came from the address lately.
_CHANGED = "nếu địa chỉ đã đổi, báo người quản trị sửa danh sách địa chỉ trong tệp cấu hình"
_BOUNCE_ADVICE = {
    Returned.ADDRESS: f"kiểm tra lại địa chỉ; {_CHANGED}",
    Returned.OTHER: f"kiểm tra lại địa chỉ; {_CHANGED}",
    Returned.FULL: "địa chỉ vẫn đúng: đề nghị chủ hộp thư xóa bớt thư cũ để nhận được thư nhắc và thư xác nhận",
    Returned.MAILBOX: "địa chỉ vẫn đúng, không cần sửa: đề nghị trường mở lại hộp thư hoặc báo địa chỉ khác",
    Returned.POLICY: (
        "địa chỉ vẫn đúng, không cần sửa: đề nghị trường cho phép hộp thư nhận thư nhắc và thư xác nhận "
        "(không chặn, không coi là thư rác)"
    ),
    Returned.TEMPORARY: "địa chỉ vẫn đúng, không cần sửa; thư sau có thể đến được",
}


def _row(
    rt: Runtime, key: str, known: MessageRow | None, source: str, received_at: dt.datetime
) -> MessageRow:
    """The message's row as known so far; the first receipt time is the one that counts."""
    if known is not None:
        return dataclasses.replace(known, source=source, updated_at=rt.clock())
    return MessageRow(key, key[:24], source, "", "", received_at, MessageState.PENDING, "", "", 0, rt.clock())


def _read_late(rt: Runtime, source: str, received_at: dt.datetime) -> dt.datetime | None:
    """Now, when a poll reads a mail that came to its mailbox after baocao had read the mailbox through
    (MessageRow.read_at): the machine was off or the server down, and its school still waits to hear of
    it. None for a file's mail, and for a mailbox's mail from before it was first read through: an
    office's old mail is no news to its schools."""
    if not source.startswith("imap:"):
        return None
    read = Freshness(rt.store).reads().get(source.removeprefix("imap:"))
    through = read.read_through if read is not None else None
    return rt.clock() if through is not None and through <= received_at else None


def _dated(mail: message_mod.Mail, received_at: dt.datetime, config: Config) -> message_mod.Mail:
    """The mail with a warning for staff when its Date (the sender's clock) cannot be a sending: a year
    that cannot be (1970, a clock never set), a time after the receipt (a clock set ahead) or more than
    a week before it (a clock set back, as to 2019: intake.dates.HELD). The receipt, which the sender cannot set, decides on
    time or late. A Date by a deadline the receipt missed is noted for the season the report counts for
    (_sent_in_time)."""
    tz = config.district.timezone
    sent = _sender_clock(mail, tz)
    if sent is None:
        return mail  # message.parse noted it
    if sending(sent, received_at) is not None:
        return mail
    written = f"năm {sent.year}" if year_problem(sent.year) else timefmt.in_words(sent, tz)
    note = (
        f"Dòng Date ghi {written}: {WRONG_CLOCK}; đúng hạn hay muộn tính theo thời điểm nhận thư, "
        f"{timefmt.in_words(received_at, tz)}."
    )
    return dataclasses.replace(mail, warnings=(*mail.warnings, note))


def _server(config: Config, source: str, deadline: dt.datetime) -> str:
    """The server that received a mail, as a warning names it: «máy chủ của Phòng» for the office (and
    the district office as a unit, collecting on the deadline day), «máy chủ thư» for a commune's mail,
    which has no Phòng, or mail of several units' mailbox."""
    who = units.speaker_on(config, deadline, config.mailbox_unit(source))
    return f"máy chủ của {who}" if who in ("Phòng", "Sở") else "máy chủ thư"


def _sender_clock(mail: message_mod.Mail, tz: dt.tzinfo) -> dt.datetime | None:
    """The mail's Date, with a time written without a zone ("Mon, 25 Oct 2021 23:58:00", as some clients
    write it) read in the district's zone, where the schools' clocks are; "-0000" is UTC (RFC 5322)."""
    if mail.date is None:
        return None
    return header_time(next((value for name, value in mail.headers if name == "date"), ""), tz)


def _sent_in_time(
    mail: message_mod.Mail,
    row: MessageRow,
    seasons: Iterable[tuple[str | None, int | None]],
    config: Config,
    here: Collection[tuple[str, int]] = (),
) -> tuple[str, ...]:
    """A warning for staff for each season of seasons (report id and year; a review naming none is of no
    season) whose deadline the mail, received after it, says it was sent by: by its Date (held on the
    way, or left in an outbox) or by the date line of the message it forwards (a school's report sent in
    time to another mailbox, a neighbouring unit's, the dissolved district's, a clerk's own, that staff or
    the school passed on late). The seasons are those the paper is credited to or waits in, never the
    receipt's: a report of 2025 that comes in 2026, the dissolved district office passing on in August a
    report a school sent it the October before. The receipt decides on time or late; the sender's clock
    is a claim staff may believe and extend the school's deadline (baocao extend). A forward is no such
    claim in the seasons here, whose school's own copy of the files it forwards came here before."""
    tz = config.district.timezone
    received_at = row.received_at
    dated = _sender_clock(mail, tz)
    dated = sending(dated, received_at) if dated is not None else None
    forwarded = forwarded_sent(mail, tz, config.office_addresses)
    if forwarded is not None and forwarded > received_at:
        forwarded = None
    notes = []
    for report_id, year in dict.fromkeys(seasons):
        if report_id is None or year is None:
            continue
        report = config.report(report_id)
        deadline = deadline_of(report, year, tz)
        if by_deadline(received_at, deadline):
            continue
        before = f"trước hạn nộp {report.short} {timefmt.local_date(deadline, tz)}"
        if dated is not None and by_deadline(dated, deadline):
            notes.append(_dated_note(dated, before, row, deadline, config))
        if forwarded is not None and by_deadline(forwarded, deadline) and (report_id, year) not in here:
            notes.append(
                f"Thư chuyển tiếp lúc {timefmt.in_words(received_at, tz)}; {FORWARDED_SENT}"
                f"{timefmt.in_words(forwarded, tz)}, {before}: đúng hạn hay muộn tính theo lúc nhận thư "
                f"chuyển tiếp; nếu trường đã gửi đúng hạn đến một hộp thư khác, {MAY_EXTEND}"
            )
    return tuple(notes)


def _dated_note(
    sent: dt.datetime, before: str, row: MessageRow, deadline: dt.datetime, config: Config
) -> str:
    """The warning that a mail's Date, sent, is before (a deadline, «trước hạn nộp …») the receipt missed:
    within a day of it, held on the way; more than a day before (up to intake.dates.HELD), a clock set back or mail
    left waiting in an outbox, which must not pass for a sending: the warning says how many days."""
    tz = config.district.timezone
    received = f"{_server(config, row.source, deadline)} nhận lúc {timefmt.in_words(row.received_at, tz)}"
    if row.received_at <= sent + ON_THE_WAY:
        return (
            f"Thư ghi gửi lúc {timefmt.in_words(sent, tz)}, {before}, nhưng {received}: đúng hạn hay muộn tính "
            f"theo lúc nhận; nếu thư bị chậm trên đường, {MAY_EXTEND}"
        )
    return (
        f"Dòng Date ghi {timefmt.in_words(sent, tz)}, {before}, nhưng {received}, {_days_after(sent, row.received_at)}: "
        f"{HELD_OR_WRONG_CLOCK}; đúng hạn hay muộn tính theo lúc nhận; nếu trường chứng minh đã gửi đúng hạn "
        f"(thư còn trong mục Thư đã gửi, thư báo chậm của máy chủ), {MAY_EXTEND}"
    )


def _days_after(sent: dt.datetime, received_at: dt.datetime) -> str:
    """How long after its Date, sent, a mail was received, in whole days: «sau 7 ngày», «sau hơn 2 ngày»."""
    gap = received_at - sent
    count = "một" if gap.days == 1 else str(gap.days)
    return f"sau {count} ngày" if gap == dt.timedelta(days=gap.days) else f"sau hơn {count} ngày"


def _in_time_noted(
    row: MessageRow,
    mail: message_mod.Mail,
    credited: Sequence[SubmissionRow | ReviewRow],
    config: Config,
    here: Collection[tuple[str, int]] = (),
) -> tuple[MessageRow, tuple[str, ...]]:
    """The message's row, and the warnings its reason gives, warning staff as its submissions and reviews
    (credited) do that the mail says it was sent by the deadline of their season (_sent_in_time; here:
    the seasons whose files came here before, _received_before)."""
    notes = _sent_in_time(mail, row, [(c.report_id, c.year) for c in credited], config, here)
    return dataclasses.replace(row, warnings=(*row.warnings, *notes)), (*mail.warnings, *notes)


def _received_before(
    rt: Runtime, row: MessageRow, subs: Sequence[SubmissionRow]
) -> frozenset[tuple[str, int]]:
    """The seasons (report id, year) of the submissions that send files this mailbox received for their
    school before (the same content; a clerk forwarding the school's mail that came here on time): that
    receipt decides on time or late, so when the forwarded message says it was sent weighs nothing. Only
    a submission whose evidence claims that sending (FORWARDED_SENT, written by _sent_in_time from the same
    mail and season) is looked up: any other mail has nothing to unclaim, and needs no read of the store."""
    found = set()
    for sub in subs:
        if sub.content is None or not any(FORWARDED_SENT in e for e in sub.evidence):
            continue
        before = rt.store.submissions(report_id=sub.report_id, year=sub.year, school_id=sub.school_id)
        if any(
            s.content == sub.content and s.message_key != row.key and s.received_at <= row.received_at
            for s in before
        ):
            found.add((sub.report_id, sub.year))
    return frozenset(found)


def _forward_unclaimed(sub: SubmissionRow) -> SubmissionRow:
    """The submission without the warning that the message it forwards was sent by the deadline
    (_sent_in_time): its files came here before (_received_before)."""
    return dataclasses.replace(sub, evidence=tuple(e for e in sub.evidence if FORWARDED_SENT not in e))


def _interpret(
    rt: Runtime, row: MessageRow, mail: message_mod.Mail, raw: bytes, received_at: dt.datetime, first: bool
) -> Outcome:
    """What a message is recorded as; first: read for the first time, not again (reprocess, rescan)."""
    config = rt.config
    mail = _dated(mail.without_messages_of(config.office_addresses), received_at, config)
    if (filed := filed_note(raw, row.source, received_at, config.district.timezone)) is not None:
        mail = dataclasses.replace(mail, warnings=(*mail.warnings, filed))
    documents, failures, unlocked = read_all(rt, mail, received_at)
    documents = believed_signatures(documents, received_at, config.district.timezone)
    outcome = _decide(rt, row, mail, raw, received_at, documents, failures)
    if unlocked:
        # The passwords the school sent just before opened a file: those mails now say which one.
        with rt.store.deferring():
            for before in latepasswords.stating_before(rt, mail.sender, received_at, mail.message_id):
                if before.state != MessageState.PENDING:  # one being read now sees for itself
                    reprocess(rt, before.key)
    # The office's own and a document system's address send for every school: nothing to tell by them.
    if first and mail.sender not in config.office_addresses and not from_a_system(mail, config):
        # What the address's other mail was recorded as no longer holds now it sends for this school too.
        # Read once: the mail read again here reads no other again, however it comes out.
        with rt.store.deferring():
            for other in _sent_for_another(rt, row, outcome.submissions):
                again = reprocess(rt, other.key)
                log.info(
                    "message %s from %s read again after %s: %s, now %s",
                    other.message_id,
                    other.sender,
                    row.message_id,
                    other.state,
                    again.state,
                )
    return outcome


def _decide(
    rt: Runtime,
    row: MessageRow,
    mail: message_mod.Mail,
    raw: bytes,
    received_at: dt.datetime,
    documents: list[Document],
    failures: list[Failure],
) -> Outcome:
    """What a message read into documents and failures is recorded as (_interpret)."""
    config = rt.config
    verdict = _without_passwords(
        classify(mail, documents, failures, config, received_at), stated_passwords(mail)
    )
    bounce = read_bounce(raw, mail) if verdict.automatic and is_bounce(mail, config.own_domain) else None
    # A receipt names the addresses our mail reached.
    delivered = bounce is not None and only_delivered(bounce)
    bounced = _bounced(bounce, config) if bounce is not None and not delivered else ()
    copies = bounce.returned_message_ids if bounce is not None and bounced else ()  # of the mail it returns
    row = dataclasses.replace(
        row,
        automatic=verdict.automatic,
        internal=verdict.internal,
        warnings=(*mail.warnings, *(f"{d.name}: {w}" for d in documents for w in d.warnings)),
        bounced=bounced,
        returned_as=returned_as(bounce, bounced) if bounce is not None and bounced else {},
        returned_mail=rt.store.sent_as(copies, config.own_domain),
        returned_others=tuple(m for m in copies if not rt.store.sent_as((m,), config.own_domain)),
    )
    # A page OCR ran out of time on was never read: staff read so with whatever the mail is recorded as.
    unread = _unread_pages(documents)
    mail = dataclasses.replace(mail, warnings=(*mail.warnings, *unread))
    if row.bounced:
        verdict = dataclasses.replace(verdict, reason=_bounce_reason(rt, row))
    elif bounce is not None and only_delayed(bounce):
        verdict = dataclasses.replace(verdict, reason=DELAY_REASON)
    elif delivered:
        verdict = dataclasses.replace(verdict, reason=DELIVERED_REASON)
    decision = rt.store.decision(row.key)
    if decision is not None and (taken_out := _taken_out(rt, row, decision)) is not None:
        return taken_out
    # A mail giving the password of a locked file sent before or just after it: no report of its own, even
    # when its words («mật khẩu file báo cáo hôm 25/10 là …») read as a report whose file was left out.
    words_only = verdict.is_report and not verdict.documents and not mail.attachments
    if (not verdict.is_report or words_only) and not verdict.internal and decision is None:
        tried = _opened_with(rt, row, mail, failures)
        if tried.opened and not verdict.needs_staff:
            return _record(rt, row, MessageState.NOISE, tried.opened, (), (), mail.warnings)
        if tried.opened:  # and asks staff something (an extension): they read both
            verdict = dataclasses.replace(verdict, reason=f"{tried.opened} {verdict.reason}")
        if words_only and verdict.problems and tried.unopened:
            verdict = dataclasses.replace(verdict, problems=(tried.unopened,))
    if verdict.internal and decision is None and (copy := _outgoing_copy(mail, config, row.received_at)):
        return _record(rt, row, MessageState.INTERNAL, copy, (), ())
    if verdict.internal and decision is None:
        registry = _registry(rt, mail)
        carried = registry.in_order(
            header_schools(verdict.documents, registry) | signed_schools(verdict.documents, registry)
        )
        # A mail saved from Outlook that names its sender by name only is someone's, whose school no one
        # can tell but staff; so is a report forwarded in the text under such a From line.
        unaddressed = [u for u in mail.unaddressed if u[0] or verdict.report_id is not None]
        # Naming no school in its papers, the schools its words or the forwarded sender's name name; the
        # name the office's own account shows is no school's. A report whose paper names no school, passed
        # on with the words «gửi báo cáo của trường MG Long Thuận», is that school's; a list of many
        # schools is the unit's own summary.
        unnamed = dataclasses.replace(mail, sender_name="")
        worded = () if carried else named_schools(unnamed, registry)
        said = worded if verdict.report_id is not None and len(worded) <= _PASSED_ON_NAMED else ()
        # A school's paper whose header names it loosely («TRƯỜNG TIỂU HỌC MỸ THẠNH», of A or B) or not at all
        # (cut off the scan) is some school's report all the same, not the unit's own.
        unclear = () if carried or said else tuple(sorted(header_candidates(verdict.documents, registry)))
        schools_paper = (
            verdict.report_id is not None
            and not verdict.problems  # the office's blank form («TRƯỜNG ……») sent to the schools is no report
            and len(worded) <= _PASSED_ON_NAMED  # its words naming many: the unit's own summary
            and any(_a_schools_paper(d) for d in verdict.documents)
        )
        if not carried and not unaddressed and not said and not unclear and not schools_paper:
            return _record(rt, row, MessageState.INTERNAL, verdict.reason, (), ())
        # Staff passing on schools' own reports (received on paper, Zalo, their own mail): each may be
        # the school's submission or only a copy; staff say which.
        offered = carried or (worded if unaddressed else said) or unclear
        names = [registry.name(s) for s in (carried if unaddressed or offered == unclear else offered)]
        maybe = [registry.name(x) for x in unclear] if offered == unclear else []
        reason = _passed_on(office_sender(mail, config), names, unaddressed, maybe)
        if offered not in (carried, unclear):
            reason = f"{reason} {_named_note(offered, registry)}"
        passed_on, season = _season(verdict, config, received_at)
        review = _review(config, row, mail, passed_on.id, season, reason, offered, documents)
        row, _ = _in_time_noted(row, mail, (review,), config)
        return _record(rt, row, MessageState.REVIEW, reason, (), (review,))
    if not verdict.is_report and decision is None:
        if verdict.needs_staff or verdict.claim is not None or verdict.question is not None:
            # A note staff will read speaks for a school only when its sender is who it says.
            sender_check = origin_mod.check(mail, raw, config.origin, rt.dns, known=row.sender_check)
            row = dataclasses.replace(row, sender_check=sender_check)
        if verdict.needs_staff:
            registry = _registry(rt, mail)
            school = registry.by_address(mail.sender)
            # From an address of no school (a personal gmail, a document system, a quarantine's notice), the
            # schools the note is about or names: their units' staff must see it, and whoever reads their
            # status that it waits.
            candidates = (school.id,) if school else verdict.about or named_schools(mail, registry)
            if not candidates and verdict.report_id is not None and verdict.holds:
                # A school's report waiting for staff (typed too briefly, a draft) is offered to each school
                # its words may name: staff pick one, and those schools' status shows their report waits.
                candidates = named_schools(mail, registry, weakest=CANDIDATE)
            reason = verdict.reason
            if verdict.claim is not None and len(candidates) == 1:
                on_record = _on_record(rt, verdict.claim, candidates[0], received_at, verdict.reason)
                if on_record is not None:
                    reason = f"{verdict.reason} {on_record}"
                    if ASKS_OFFICE not in verdict.reason:  # nothing to look at, nothing asked
                        return _record(rt, row, MessageState.NOISE, reason, (), (), mail.warnings)
            reason = _unproven_note(row, reason)
            withdrawn: tuple[str, ...] = ()
            if verdict.withdraws:
                candidates, reason, withdrawn = _withdrawn(rt, row, mail, candidates, reason, registry)
            if not candidates:  # naming none, the schools its address's mail of the season was credited to
                about, season = _season(verdict, config, received_at)
                candidates = _credited_in_season(rt, row, about.id, season)
                if candidates:
                    reason = f"{reason} {_credited_note(row.sender, candidates, season, registry)}"
            # A draft or a contested paper is a report of its season waiting for staff: it holds the
            # school's reminders until staff decide (kernel.status.ReportStatus.in_review).
            # A correction of a report names the season it corrects, but no report: it holds no reminder.
            report_id, year = None, verdict.year if verdict.report_id is None else None
            if verdict.report_id is not None and verdict.holds:
                named, year = _season(verdict, config, received_at)
                report_id = named.id
            review = _review(config, row, mail, report_id, year, reason, candidates, documents)
            review = dataclasses.replace(review, withdraws=withdrawn)
            # A paper on several plans waits in each plan's season alike, holding each plan's reminders.
            seasons = [
                _season(dataclasses.replace(verdict, report_id=r, year=y), config, received_at)
                for r, y in (verdict.also if report_id else ())
            ]
            also = tuple(dataclasses.replace(review, report_id=r.id, year=y) for r, y in seasons)
            row, warnings = _in_time_noted(row, mail, (review, *also), config)
            return _record(rt, row, MessageState.REVIEW, reason, (), (review, *also), warnings)
        # Whose note it is, looked up once for a claim and a question alike (the registry reads the database).
        writer = _writer(rt, mail) if verdict.claim is not None or verdict.question is not None else ((), "")
        claimant, reason = _claimed(rt, verdict, received_at, writer)
        if verdict.question is not None:
            claimant, reason = _asking(config, writer, verdict.question, reason)
        if claimant is not None:
            reason = _unproven_note(row, reason)
            review = _review(config, row, mail, None, None, reason, (claimant,), documents)
            return _record(rt, row, MessageState.REVIEW, reason, (), (review,), mail.warnings)
        return _record(rt, row, MessageState.NOISE, reason, (), (), mail.warnings)
    registry = _registry(rt, mail)
    # A document system's address, whoever staff once assigned its mail to, is no school's.
    if from_a_system(mail, config):
        registry = dataclasses.replace(
            registry, learned={a: s for a, s in registry.learned.items() if a != mail.sender.lower()}
        )
    assigned = decision if decision is not None and decision.action == "assign" else None
    # Only for reports: DKIM may ask DNS. Recorded on the row, so a re-scan of these bytes asks no more.
    sender_check = origin_mod.check(mail, raw, config.origin, rt.dns, known=row.sender_check)
    row = dataclasses.replace(row, sender_check=sender_check)
    plans = (verdict, *verdict.more)  # one mail may carry the reports of several plans
    plan_id = assigned.report_id if assigned is not None else None
    if assigned is not None and not plan_id and assigned.school_id and verdict.also:
        # A paper on several plans assigned naming none: the plan the school assigned owes, in its season.
        claimants = [config.report(r) for r in (verdict.report_id, *(r for r, _ in verdict.also)) if r]
        owing = (config.school(assigned.school_id),)
        plan_id = contested_default(claimants, owing, received_at, config).id
    if plan_id and plan_id not in {p.report_id for p in plans}:
        # Staff say which plan the paper is (one that two plans claimed, or one read as the other): the
        # mail's first plan becomes that one, its season read again for that plan's deadline.
        chosen = config.report(plan_id)
        stated = report_year(verdict.documents or documents, mail, received_at, chosen, config)
        plans = (dataclasses.replace(verdict, report_id=chosen.id, year=stated), *verdict.more)
    if len(plans) == 1:
        credits = [_credit(rt, row, mail, plans[0], documents, failures, registry, assigned)]
    else:
        first = [
            _credit(rt, row, mail, p, p.documents, failures, registry, None) if p.is_report else None
            for p in plans
        ]
        credited = tuple(sorted({s.school_id for c in first if c is not None for s in c.submissions}))
        kept = [(p, c) for p, c in zip(plans, first, strict=True) if not _owed_by_none(p, credited, config)]
        plans, first = tuple(p for p, _ in kept), [c for _, c in kept]
        credits = _one_school(
            [
                c if c is not None else _waits_beside(row, mail, p, credited, config, received_at)
                for p, c in zip(plans, first, strict=True)
            ],
            row,
            mail,
            registry,
            config,
        )
        # Staff assign what waited for them, or the plan they name: the plans already credited by
        # agreeing evidence keep their school; with none waiting, staff are correcting the whole message.
        waiting = any(c.reviews for c in credits)
        credits = [
            _credit(rt, row, mail, p, p.documents, failures, registry, assigned)
            if assigned is not None
            and (p.report_id == assigned.report_id if assigned.report_id else (c.reviews or not waiting))
            else c
            for p, c in zip(plans, credits, strict=True)
        ]
    subs = tuple(s for c in credits for s in c.submissions)
    revs = tuple(r for c in credits for r in c.reviews)
    here = _received_before(rt, row, subs)
    subs = tuple(_forward_unclaimed(s) if (s.report_id, s.year) in here else s for s in subs)
    row, warnings = _in_time_noted(row, mail, (*subs, *revs), config, here)
    if revs and not subs:
        revs = tuple(dataclasses.replace(r, reason=_noted(r.reason, unread)) for r in revs)
        return _record(rt, row, MessageState.REVIEW, revs[0].reason, subs, revs)
    reasons = [c.reason if len(credits) == 1 else f"Báo cáo {c.report.id}: {c.reason}" for c in credits]
    reason = " ".join(reasons)
    if assigned is None and (moved := _moved(rt, row, mail, subs, reason, registry, documents)):
        beside = tuple(r for r in revs if r.report_id not in {m.report_id for m in moved})
        return _record(rt, row, MessageState.REVIEW, moved[0].reason, (), (*moved, *beside), warnings)
    if all(c.unreadable for c in credits):
        return _record(rt, row, MessageState.UNREADABLE, reason, subs, revs, warnings)
    if assigned is None and disowns_earlier(mail) and not from_a_system(mail, config):
        revs = (*revs, *_sent_by_mistake(rt, row, mail, subs, registry, documents))
    outcome = _record(rt, row, MessageState.REPORT, reason, subs, revs, warnings)
    set_aside = tuple(dict.fromkeys(s for c in credits for s in c.set_aside))
    return dataclasses.replace(outcome, set_aside=set_aside) if set_aside else outcome


def _without_passwords(verdict: Classification, stated: tuple[str, ...]) -> Classification:
    """The verdict with the passwords its mail states (stated_passwords) hidden from its reasons and the
    school's word it quotes for staff («… mật khẩu giải nén: abc@2025»)."""
    if not stated:
        return verdict
    claim = verdict.claim
    return dataclasses.replace(
        verdict,
        reason=passwords.hidden_in_quotes(verdict.reason, stated),
        problems=tuple(passwords.hidden_in_quotes(p, stated) for p in verdict.problems),
        claim=dataclasses.replace(claim, sentence=passwords.hidden(claim.sentence, stated))
        if claim
        else None,
        more=tuple(_without_passwords(plan, stated) for plan in verdict.more),
    )


@dataclass(frozen=True)
class _Tried:
    """What a mail's password did to its school's locked files (_opened_with): why the mail is no report
    when it opened one, or, when it opened none, what the school is told of those sent before it."""

    opened: str = ""
    unopened: str = ""


def _opened_with(rt: Runtime, row: MessageRow, mail: message_mod.Mail, failures: Sequence[Failure]) -> _Tried:
    """Read again the messages of the sender's school whose locked file this mail gives the password for
    («mật khẩu file hôm qua là …»), and what staff read about this mail when one of them opens now, or
    when it opens the file of one the school sent just after it («mật khẩu file: …», the file a few
    minutes later); when it opens none, which of those sent before stay locked and that the password may
    be mistyped. Nothing when the mail states no password or carries a locked file itself."""
    stated = latepasswords.own_words(mail)
    if any(f.code == FailureCode.ENCRYPTED for f in failures) or not stated:
        return _Tried()
    after = latepasswords.received_after(rt, mail.sender, row.received_at, mail.message_id)
    # Those just after are locked still when they were read before this mail was recorded (read at once).
    locked = [
        *latepasswords.locked_before(rt, mail.sender, row.received_at),
        *(r for r in after if latepasswords.LOCKED_WORDS in r.reason),
    ]
    opened: list[MessageRow] = []
    if locked:
        # The pending row names no sender yet, and the other messages are read with the passwords of
        # their school's mails as recorded: this one's must be among them.
        rt.store.save_message(row)
        with rt.store.deferring():  # each other message's outcome is recorded as its own
            for other in locked:
                if not rt.archive.path(other.key).is_file():  # read again when its original is back
                    log.warning(
                        "message %s is not in the archive %s: not tried with this password",
                        other.key[:12],
                        rt.archive.root,
                    )
                    continue
                outcome = reprocess(rt, other.key)
                if latepasswords.LOCKED_WORDS not in outcome.reason:
                    opened.append(other)
    opened += [r for r in after if r not in locked and _opens(rt, r, stated)]
    tz = rt.config.district.timezone
    if not opened:
        before = [r for r in locked if r.received_at < row.received_at]
        if not before:
            return _Tried()
        said = f"Mật khẩu trong thư không mở được tệp đã gửi trong thư {_named(before, tz)} (có thể gõ nhầm)."
        return _Tried(unopened=f"{said} {ASK_PASSWORD}")
    later = sum(r.received_at > row.received_at for r in opened)
    sent = "đã gửi trước" if not later else "gửi ngay sau" if later == len(opened) else "gửi trong thư khác"
    return _Tried(
        opened=f"Thư gửi mật khẩu của tệp {sent}, không phải báo cáo: đã mở được tệp đã gửi trong thư "
        f"{_named(opened, tz)} bằng mật khẩu này (mật khẩu không được lưu lại)."
    )


def _named(rows: Sequence[MessageRow], tz: dt.tzinfo) -> str:
    """Messages named for a school, first received first: «subject» nhận lúc …."""
    return "; ".join(
        f"«{r.subject or 'không có tiêu đề'}» nhận lúc {timefmt.in_words(r.received_at, tz)}"
        for r in sorted(rows, key=arrival)
    )


def _opens(rt: Runtime, row: MessageRow, passwords: tuple[str, ...]) -> bool:
    """Whether passwords open a file of the message of row that its own words do not."""
    try:
        mail = message_mod.parse(rt.archive.get(row.key), fallback_id=row.message_id)
    except (MessageError, StoreError, OSError):  # StoreError: its original left the archive
        return False
    stated = stated_passwords(mail)
    _, failures = read_with(rt, mail, stated)
    locked = sum(f.code == FailureCode.ENCRYPTED for f in failures)
    if not locked:
        return False
    _, failures = read_with(rt, mail, (*stated, *passwords))
    return sum(f.code == FailureCode.ENCRYPTED for f in failures) < locked


@dataclass(frozen=True)
class _Credit:
    """What one report a message carries is recorded as: its submissions, its review, and why."""

    report: ReportConfig
    submissions: tuple[SubmissionRow, ...]
    reviews: tuple[ReviewRow, ...]
    reason: str
    unreadable: bool
    set_aside: tuple[str, ...] = ()  # see Outcome.set_aside


def _owed_by_none(plan: Classification, schools: tuple[str, ...], config: Config) -> bool:
    """A plan whose file the mail lacks or could not be read, beside reports credited to schools none of
    whose level owes it (a kindergarten's note "gửi BC NQ121 và BC y tế trường học" over its NQ121 file):
    nothing to ask of the school, nor for staff to decide."""
    if not plan.unreadable or plan.documents or not schools or plan.report_id is None:
        return False
    report = config.report(plan.report_id)
    return not any(report.owed_by(config.school(s)) for s in schools)


def _waits_beside(
    row: MessageRow,
    mail: message_mod.Mail,
    plan: Classification,
    schools: tuple[str, ...],
    config: Config,
    received_at: dt.datetime,
) -> _Credit:
    """A paper that may be another plan's report, beside the reports the mail is credited for (a term's
    summary that names its topic only, sent with the health report): it waits for staff with the schools
    those reports were credited to, naming its plan and season when it holds their reminders."""
    report, year = _season(plan, config, received_at)
    held = plan.holds
    review = _review(
        config,
        row,
        mail,
        report.id if held else None,
        year if held else None,
        plan.reason,
        schools,
        plan.documents,
    )
    return _Credit(report, (), (review,), plan.reason, False)


def _one_school(
    credits: list[_Credit], row: MessageRow, mail: message_mod.Mail, registry: Registry, config: Config
) -> list[_Credit]:
    """The reports of several plans in one mail are one school's: a plan's paper that names another
    school than the sender's (a sibling school's file attached by mistake, or sent on its behalf) waits
    for staff with both schools, as do all of them when the sender's address tells no school."""
    schools = {s.school_id for c in credits for s in c.submissions}
    if len(credits) < 2 or len(schools) < 2:
        return credits
    sender = registry.by_address(mail.sender)
    names = ", ".join(registry.name(s) for s in registry.in_order(schools))
    kept = []
    for credit in credits:
        theirs = {s.school_id for s in credit.submissions}
        if not theirs or (sender is not None and theirs <= {sender.id}):
            kept.append(credit)
            continue
        first = credit.submissions[0]
        reason = (
            f"Thư kèm báo cáo của nhiều trường ({names}): báo cáo {credit.report.short} ghi "
            f"{', '.join(registry.name(s) for s in registry.in_order(theirs))}. Cần cán bộ xem xét và gán thư cho đúng "
            "trường."
        )
        review = dataclasses.replace(
            _review(config, row, mail, credit.report.id, first.year, reason, registry.in_order(schools), ()),
            files=first.files,
        )
        kept.append(_Credit(credit.report, (), (*credit.reviews, review), reason, credit.unreadable))
    return kept


def _taught_by(
    config: Config, report: ReportConfig, year: int, addresses: Sequence[str], registry: Registry
) -> dict[str, str]:
    """How a staff reason names the staff who tied each of these addresses staff taught to its school
    (Registry.taught_by): the unit collecting that school in the season the address was taught, else this
    one's: «Phòng» for a district's office, the commune's People's Committee once the communes collect."""
    return {
        address: units.speaker(
            config, units.of_school(config, report, registry.taught.get(address, year), school)
        )
        for address in addresses
        if (school := registry.learned.get(address)) is not None
    }


def _also_sent_for(rt: Runtime, row: MessageRow, year: int, taught: str) -> frozenset[str]:
    """Registry.also_sent_for of mail from an address staff taught for one school: the other schools its
    other mail of the season was credited to, or waits for staff offering (a paper headed with another
    school's name). Any report of the season: a clerk's address that sent another school's NQ121 report is
    that school's too when it sends the health report."""
    credited = {
        s.school_id for s in rt.store.submissions(year=year, sender=row.sender) if s.message_key != row.key
    }
    sender = row.sender.lower()
    waiting = {
        school
        for r in rt.store.reviews(year=year)
        if r.sender.lower() == sender
        and r.message_key != row.key
        and r.report_id is not None
        and r.year == year
        for school in r.holds
    }
    return frozenset((credited | waiting) - {taught})


def _as_then(
    rt: Runtime, row: MessageRow, mail: message_mod.Mail, registry: Registry, closed_at: dt.datetime
) -> Registry:
    """The registry with the mail's sender (unless a document system's) and the senders it forwards tied
    to the schools they were learned for when it came, for a season closed (at closed_at) before staff
    forgot or moved them (intake.datedties)."""
    addresses = [*([] if from_a_system(mail, rt.config) else [row.sender]), *mail.forwarded_from]
    ties = rt.store.dated_ties(addresses)
    return datedties.as_then(registry, ties, addresses, row.received_at, closed_at) if ties else registry


def _credit(
    rt: Runtime,
    row: MessageRow,
    mail: message_mod.Mail,
    verdict: Classification,
    documents: Sequence[Document],
    failures: Sequence[Failure],
    registry: Registry,
    assigned: MessageDecision | None,
) -> _Credit:
    """Match one report the message carries to its school and season (the one staff chose when they
    assigned the message to a school and a year): submissions, or a review."""
    config = rt.config
    report, year = _season(verdict, config, row.received_at)
    registry = _as_then(rt, row, mail, registry, season_bounds(report, year, config)[1])
    # Only the report says whose report it is: another school's plan sent with it credits nobody.
    # A school merged away before the season does not make its successor's header look cut short.
    deadline_day = deadline_of(report, year, config.district.timezone).date()
    members = {s.id for s in config.roster(deadline_day)}
    closed = frozenset(s.id for s in config.schools if s.id not in members)
    # The unit whose mailbox it was read from, or, read from the office's (in Cc), the one unit it was written
    # to: whichever copy is read first, a mail to a unit's mailbox is that unit's.
    written = config.units_written_to(mail.recipients)
    unit = config.mailbox_unit(row.source) or (next(iter(written)) if len(written) == 1 else None)
    inbox = (
        (config.unit(unit).name, frozenset(s.id for s in config.roster(deadline_day, unit)))
        if unit
        else ("", frozenset())
    )
    also = written - {unit}
    addressed = (
        frozenset(s.id for other in also for s in config.roster(deadline_day, other)) if unit else frozenset()
    )
    taught = registry.learned.get(row.sender.lower())
    also_sent_for = _also_sent_for(rt, row, year, taught) if taught else frozenset()
    seasonal = dataclasses.replace(
        registry,
        closed=closed,
        season=year,
        inbox=inbox,
        addressed=addressed,
        also_sent_for=also_sent_for,
        speaker=units.answered_speaker(
            config, registry.answered, row.received_at, config.mailbox_unit(row.source)
        ),
        taught_by=_taught_by(config, report, year, (mail.sender, *mail.forwarded_from), registry),
    )
    # The office's own mail a school forwards back (a reminder) is nobody's mail passed on for a school.
    passed_on = tuple(o for o in mail.forwarded_from if o not in config.office_addresses)
    ours_left = dataclasses.replace(mail, forwarded_from=passed_on)
    result = match(ours_left, verdict.documents, seasonal, row.sender_check)
    if assigned is None and not passed_on:
        result = former_name_of_sender(
            result, mail, verdict.documents, config, report, deadline_day, registry, row.sender_check
        )
    # A scan nothing of the report was read in waits for staff to read it, whoever sent it.
    unread = unread_scans(verdict.documents, report)
    agreed = None if unread else sender_and_subject_agree(mail, registry)
    result = check_ocr(result, verdict.documents, rt.min_ocr_confidence, agreed)
    if not verdict.problems:
        result = unread_of_others(result, [f.name for f in failures], registry)
    result = _drafts_of_others(result, verdict.drafts, registry)
    if assigned is None and from_a_system(mail, config) and not systems.is_notice(mail.own_body):
        result = _unvouched(result, mail.sender, registry)
    if assigned is None and verdict.spam_flagged:
        result = _flagged_as_spam(result, registry)
    set_aside: tuple[str, ...] = ()
    if assigned is not None and assigned.school_id:
        found = tuple(dict.fromkeys(a.school_id for a in result.assignments))
        result = _staff_choice(assigned.school_id, result, documents, failures, staffs=verdict.internal)
        if verdict.internal:  # of a school's own mail, a school it no longer counts for is taken_from's
            set_aside = tuple(s for s in found if s not in {a.school_id for a in result.assignments})
    result, years = by_season(result, verdict, mail, config, report, row.received_at)
    if assigned is not None and assigned.school_id and assigned.year is not None:
        # Staff chose the season too: a report of a year the mail does not say.
        years[assigned.school_id] = year = assigned.year
    if assigned is None:
        if not passed_on:
            result, years = former_names_credited(
                result, years, mail, config, report, registry, row.sender_check
            )
        result = off_roster(result, config, report, years, registry.by_address(mail.sender))
        result = _closed_season_again(rt, row, mail, documents, result, years, report)
    elif assigned.school_id:
        result, years = assigned_off_roster(result, config, report, years, assigned.school_id)
    # Staff who assign a message count it as the report, whatever became of its files.
    # A submission staff counted keeps why its files could not be read: what it says was not read by us.
    problems = () if assigned is not None else verdict.problems
    read_problems = verdict.problems
    if problems and verdict.supplement and (added := _supplemented(rt, row, report.id, years, result)):
        # What a school adds to the report it sent ("gửi bổ sung phụ lục") goes with that report.
        problems = read_problems = ()
        result = added
    if assigned is None and not from_a_system(mail, config):
        result = _history_disagrees(rt, row, result, verdict.documents, report.id, year, registry)
    kind = SubmissionKind.UNREADABLE if problems else SubmissionKind.REPORT
    # Pictures of the school's activities beside its readable report are evidence of the work reported, not
    # files of it that could not be read: the school is not asked to send them again.
    photos = activity_photos_beside(mail, failures) if kind == SubmissionKind.REPORT else ()
    failures = [f for f in failures if f.name not in photos]
    # A file that could not be read beside one school's readable report (an annex cut short, a locked
    # sheet) is that school's to send again. Beside several schools' reports, or a part waiting for staff
    # (a file named for another school), whose it is is not known; a program is no paper to send again.
    alone = len(result.assignments) == 1 and not result.review_reason and not read_problems
    beside = tuple(f.name for f in failures if f.code != FailureCode.PROGRAM) if alone else ()
    forwards = _forwards(mail, config, registry) if result.assignments else None
    # What else the address sends for changes nothing of a credit its papers name (_sent_for_another),
    # unless staff taught the address for a school: its other schools weigh on its clue (also_sent_for).
    by_papers = (
        (header_schools(verdict.documents, registry) | signed_schools(verdict.documents, registry))
        if result.assignments and taught is None
        else frozenset()
    )
    subs = tuple(
        _submission(
            row,
            mail,
            report,
            years[a.school_id],
            a,
            documents,
            failures,
            kind,
            read_problems,
            registry,
            config,
            len(result.assignments) == 1,
            beside,
            forwards,
            a.school_id in by_papers,
        )
        for a in result.assignments
    )
    if photos:
        subs = tuple(
            dataclasses.replace(s, evidence=(*s.evidence, *(f"{ACTIVITY_PHOTO}{name}»" for name in photos)))
            for s in subs
        )
    if verdict.by_text_alone:
        subs = tuple(dataclasses.replace(s, evidence=(*s.evidence, BY_TEXT_ALONE)) for s in subs)
        if assigned is None:
            subs, result = _named_report_kept(rt, row, subs, result)
    if assigned is None and not from_a_system(mail, config):
        subs, result = _own_report_first(rt, row, mail, verdict.documents, subs, result, registry)
    if assigned is None:
        # A version written before the one counted, held up on its way, does not replace it.
        subs = versions.ordered(rt, row, _sender_clock(mail, config.district.timezone), subs)
    if result.review_reason and not result.assignments:
        result = _sent_before(rt, row, result, report.id, year, registry)
    revs: tuple[ReviewRow, ...] = ()
    if result.review_reason:
        reason = result.review_reason
        if problems:
            reason = f"Không đọc được báo cáo: {' '.join(problems)} {reason}"
        revs = (_review(config, row, mail, report.id, year, reason, result.candidates, documents),)
        hints = _hints(rt, row, ours_left, verdict.documents, seasonal, result, report.id)
        hints = tuple(dict.fromkeys((*hints, *result.quoted_only)))
        revs = tuple(dataclasses.replace(r, hints=hints, unnamed_part=result.unnamed_part) for r in revs)
    if revs and not subs:
        return _Credit(report, subs, revs, revs[0].reason, bool(problems))
    # Each school's reasons, then what waits for staff: a bundle's shared reasons are said once.
    credited = " ".join(dict.fromkeys(r for a in result.assignments for r in a.reasons))
    reason = " ".join(part for part in (credited, result.review_reason) if part)
    if problems:
        reason = f"Đã nhận thư nhưng không đọc được báo cáo: {' '.join(problems)} {reason}"
    return _Credit(report, subs, revs, reason, bool(problems), set_aside)


def _hints(
    rt: Runtime,
    row: MessageRow,
    mail: message_mod.Mail,
    documents: Sequence[Document],
    registry: Registry,
    result: MatchResult,
    report_id: str,
) -> tuple[str, ...]:
    """The school a message waiting for staff offers only because its sender's address was learned for it
    from another season's mail (Registry.learned_in_another_season): nothing else of the mail, nor the
    address's mail of this season, points to it. Whoever uses the address may have moved school since:
    the school is offered, a hint, and holds none of its reminders (ReviewRow.holds)."""
    sender = mail.sender.lower()
    school = registry.learned.get(sender)
    if school not in result.candidates or registry.learned_in_another_season(sender) is None:
        return ()
    unlearned = dataclasses.replace(
        registry, learned={a: s for a, s in registry.learned.items() if a != sender}
    )
    offered = match(mail, documents, unlearned, row.sender_check).schools
    season = registry.season
    before = _credited_in_season(rt, row, report_id, season) if season is not None else ()
    return () if school in (*offered, *before) else (school,)


def _supplemented(
    rt: Runtime, row: MessageRow, report_id: str, years: Mapping[str, int], result: MatchResult
) -> MatchResult | None:
    """The match, each school's reasons saying what the mail adds to (SUPPLEMENT: the version of the report
    counted when it came), when every school it credits sent a readable report of its season before this
    mail; None otherwise."""
    tz = rt.config.district.timezone
    assignments = []
    for a in result.assignments:
        before = [
            s
            for s in rt.store.submissions(report_id=report_id, year=years[a.school_id], school_id=a.school_id)
            if s.version and s.received_at < row.received_at and s.message_key != row.key
        ]
        if not before:
            return None
        note = (
            f"{SUPPLEMENT}{timefmt.local_time(before[-1].received_at, tz)}; tệp kèm theo "
            "không phải báo cáo đầy đủ nên được lưu cùng báo cáo đó, các phần và số liệu đã gửi được giữ nguyên."
        )
        assignments.append(dataclasses.replace(a, reasons=(*a.reasons, note)))
    return dataclasses.replace(result, assignments=tuple(assignments)) if assignments else None


def _named_report_kept(
    rt: Runtime, row: MessageRow, subs: tuple[SubmissionRow, ...], result: MatchResult
) -> tuple[tuple[SubmissionRow, ...], MatchResult]:
    """A paper read as the report by the sentences of its text alone (BY_TEXT_ALONE), received after the
    season's deadline from a school whose report of the season, titled or named by its mail, was counted
    before: it waits for staff naming the school, rather than replace that report. An untitled year-end
    summary («BC», two sentences on school health, one on drowning) sent in January is no new version of
    the health report sent in November."""
    tz = rt.config.district.timezone
    kept: list[SubmissionRow] = []
    for sub in subs:
        report = rt.config.report(sub.report_id)
        named = [s for s in _readable_before(rt, row, sub) if BY_TEXT_ALONE not in s.evidence]
        if not sub.readable or not named or row.received_at <= deadline_of(report, sub.year, tz):
            kept.append(sub)
            continue
        plan = f"{report.short} năm {sub.year}"
        reason = (
            f"Văn bản {', '.join(sub.files)} không có trích yếu, thư không ghi tên báo cáo: chỉ theo nội dung "
            f"mới đoán là báo cáo {plan}. Nếu tính là báo cáo này, văn bản sẽ thay cho báo cáo có ghi tên mà "
            f"trường đã gửi lúc {timefmt.local_time(named[-1].received_at, tz)}, dù đã quá hạn nộp; có thể đây "
            "là văn bản khác (báo cáo tổng kết năm, sơ kết) có nhắc đến công tác này. Cán bộ xem xét; nếu đúng "
            "là bản trường muốn dùng thay thì gán thư cho trường (baocao assign)."
        )
        result = dataclasses.replace(
            result, assignments=tuple(a for a in result.assignments if a.school_id != sub.school_id)
        ).also_waiting(reason, (sub.school_id,))
    return tuple(kept), result


def _readable_before(rt: Runtime, row: MessageRow, sub: SubmissionRow) -> list[SubmissionRow]:
    """The readable submissions of sub's school, report and season that other messages brought in before
    this one, oldest first: what a new paper of the school would replace."""
    return [
        s
        for s in rt.store.submissions(report_id=sub.report_id, year=sub.year, school_id=sub.school_id)
        if s.readable and s.received_at < row.received_at and s.message_key != row.key
    ]


def _own_report_first(
    rt: Runtime,
    row: MessageRow,
    mail: message_mod.Mail,
    documents: Sequence[Document],
    subs: tuple[SubmissionRow, ...],
    result: MatchResult,
    registry: Registry,
) -> tuple[tuple[SubmissionRow, ...], MatchResult]:
    """A school's report that another school's mail carries (a sister school's file beside the sender's
    own, credited to the school it names; the sender's address, or a forward's original one, registered or
    learned for another school) when that school already sent a readable report of the season from its own
    address: a copy of its latest report stays a copy (counted once, kernel.status.distinct), the same
    files or files of the very same text (_same_text: a reply-all attaching the school's file again, saved
    anew by the mail program); another version waits for staff naming the school, rather than replace the
    figures the school itself sent. Mail from the school's own address, from an address of no school (its
    principal's gmail sending the corrected report) or from a document system is read as before."""
    # The school whose address sends the mail vouches for it whatever the mail quotes or passes on: an
    # Outlook quote ("-----Thư gốc-----" over "Từ: Trường …") of another school's earlier mail under a
    # school's own report does not make that report the other school's.
    originals = (mail.sender, *mail.forwarded_from)
    vouched = {school.id for a in originals if (school := registry.by_address(a)) is not None}
    kept: list[SubmissionRow] = []
    for sub in subs:
        if not vouched or sub.school_id in vouched or not sub.readable:
            kept.append(sub)
            continue
        before = _readable_before(rt, row, sub)
        own = [s for s in before if (school := registry.by_address(s.sender)) and school.id == sub.school_id]
        if not own or (sub.content is not None and sub.content == before[-1].content):
            kept.append(sub)
            continue
        if _same_text(rt, own_documents(documents, sub.files), before[-1]):
            kept.append(dataclasses.replace(sub, content=before[-1].content))  # a copy, as of the same files
            continue
        name = registry.name(sub.school_id)
        tz = rt.config.district.timezone
        latest = own[-1]
        # The sending school, when nothing of this mail is credited to it, may have written its own report
        # on the other's header: a candidate too, so its unit sees the mail and it is not reminded meanwhile.
        senders = sorted(vouched - {s.school_id for s in subs})
        sending = (
            f" Thư gửi từ địa chỉ của {', '.join(registry.name(s) for s in senders)}." if senders else ""
        )
        reason = (
            f"Văn bản {', '.join(sub.files)} là báo cáo của {name}, gửi kèm thư từ địa chỉ {mail.sender}, không "
            f"phải địa chỉ của trường. {name} đã tự gửi báo cáo năm {sub.year} từ {latest.sender} lúc "
            f"{timefmt.local_time(latest.received_at, tz)}; bản này khác bản đó nên chưa được dùng thay cho "
            f"báo cáo trường đã gửi.{sending} Cán bộ xem xét; nếu đúng là bản trường muốn dùng thì gán thư cho "
            "trường (baocao assign)."
        )
        result = dataclasses.replace(
            result, assignments=tuple(a for a in result.assignments if a.school_id != sub.school_id)
        ).also_waiting(reason, (sub.school_id, *senders))
    return tuple(kept), result


def _same_text(rt: Runtime, documents: Sequence[Document], earlier: SubmissionRow) -> bool:
    """Whether documents read to the very same text as the files of an earlier submission, each file's
    text with its spacing and Unicode form evened out: equal, never merely alike. False when the earlier
    mail can no longer be read."""
    try:
        before = submission_documents(rt, earlier)
    except (MessageError, StoreError, OSError):
        return False
    texts = _texts(documents)
    return bool(texts) and all(texts) and texts == _texts(before)


def _texts(documents: Sequence[Document]) -> list[str]:
    """The documents' texts, spacing and Unicode form evened out, in order."""
    return sorted(" ".join(unicodedata.normalize("NFC", d.text).split()) for d in documents)


def _outgoing_copy(mail: message_mod.Mail, config: Config, when: dt.datetime) -> str:
    """What staff read of a copy of the office's own mail written to others (the Sở, a school), kept in
    the mailbox baocao reads (a sent folder, a Bcc, its own address in Cc): the office's outgoing mail, whatever reports it
    carries, never schools' reports staff pass on for crediting, which go to the office's own mailbox.
    Sent from no unit's address, it is whoever collects the day it came (units.speaker_on): "Phòng",
    or "đơn vị" when the communes do. "" for any other mail of the office."""
    if not mail.addressed or mail.addressed & config.office_addresses:
        return ""
    shown = sorted(mail.addressed)
    to = ", ".join(shown[:3]) + (f" và {len(shown) - 3} địa chỉ khác" if len(shown) > 3 else "")
    unit = config.unit_of_address(mail.sender)
    whose = f"của cán bộ {unit.name}" if unit is not None else units.speaker_on(config, when)
    return (
        f"Bản lưu thư {whose} gửi đến {to} (gửi từ {mail.sender}), không phải báo cáo trường nộp: các tệp "
        "đính kèm không được tính cho trường nào."
    )


def _passed_on(
    sender: str,
    schools: Sequence[str],
    unaddressed: Sequence[tuple[str, str]] = (),
    maybe: Sequence[str] = (),
) -> str:
    """What staff read of their own mail carrying schools' reports, or mail saved from Outlook that names
    its sender by name only (Mail.unaddressed), and what to do about it; maybe, the schools a paper naming
    none clearly may be of."""
    if unaddressed:
        carries = f" kèm báo cáo của {', '.join(schools)}" if schools else ""
        return (
            f"{sender}{carries}. {_unaddressed_note(unaddressed)} Cán bộ hỏi người đã chuyển tiếp xem thư gốc "
            "của trường nào: nếu là báo cáo trường nộp qua cán bộ thì gán thư cho trường đó (baocao assign); nếu "
            "không, ghi là thư nội bộ (baocao internal)."
        )
    if not schools:
        return (
            f"{sender} kèm báo cáo của một trường, nhưng văn bản không ghi rõ tên trường"
            f"{f' (có thể là {either(maybe)})' if maybe else ''}. Nếu trường nộp báo "
            "cáo qua cán bộ, gán thư cho trường (baocao assign); nếu không, ghi là thư nội bộ (baocao internal)."
        )
    if len(schools) == 1:
        return (
            f"{sender} kèm báo cáo của {schools[0]}. Nếu trường nộp báo cáo qua cán bộ, gán thư cho trường "
            "(baocao assign); nếu không, ghi là thư nội bộ (baocao internal)."
        )
    # One message is assigned to one school: split, it counts for each school its paper names.
    return (
        f"{sender} kèm báo cáo của {len(schools)} trường: {', '.join(schools)}. Nếu các trường nộp báo cáo "
        "qua cán bộ, tính thư cho từng trường, mỗi trường với văn bản của mình (baocao split); nếu không, "
        "ghi là thư nội bộ (baocao internal)."
    )


def _a_schools_paper(document: Document) -> bool:
    """A paper headed by a school («TRƯỜNG …», its name perhaps unread), or with no header left at all
    (cut off a scan): not a body's own, whose header names the body («UBND XÃ MỸ AN»)."""
    header = document.header
    issuer = fold(header.issuer or "")
    if re.search(r"[.…_]{3}", issuer):
        return False  # a form's blank where the school's name goes
    return issuer.startswith("truong") or not (header.issuer or header.parent_body)


def _named_note(schools: Sequence[str], registry: Registry) -> str:
    """What staff read of the schools a forward's words name when its papers name none."""
    names = " hoặc ".join(registry.name(s) for s in schools)
    return f"Văn bản không ghi tên trường; theo tiêu đề, nội dung thư hoặc tên người gửi gốc thì có thể là {names}."


def _unaddressed_note(unaddressed: Sequence[tuple[str, str]]) -> str:
    """What is known of the senders of attached mail (.msg, .eml) with no address (Mail.unaddressed)."""
    said = []
    for file, name in unaddressed:
        who = f"chỉ ghi tên người gửi «{name}»" if name else "không ghi tên người gửi"
        if file:
            said.append(
                f"Tệp {file} là {message_mod.attached_mail(file)}, {who}, không ghi địa chỉ thư (Outlook trên "
                "máy chủ Exchange chỉ lưu địa chỉ nội bộ)"
            )
        else:
            said.append(f"Thư gốc được chuyển tiếp trong nội dung {who}, không ghi địa chỉ thư")
    return f"{'; '.join(said)}, nên hệ thống không biết thư gốc do trường nào gửi."


def _closed_season_again(
    rt: Runtime,
    row: MessageRow,
    mail: message_mod.Mail,
    documents: Sequence[Document],
    result: MatchResult,
    years: dict[str, int],
    report: ReportConfig,
) -> MatchResult:
    """A report of a season that had closed when it came, from a school that had reported that season:
    a stray old file or draft sent with this season's mail («em gửi lại báo cáo ạ» over last year's
    draft) would silently replace the closed season's report and its figures. It waits for staff; the
    very files counted then, sent again, are a copy that changes nothing, and count as before."""
    tz = rt.config.district.timezone
    late: list[tuple[Assignment, SubmissionRow]] = []
    for a in result.assignments:
        year = years[a.school_id]
        if season_bounds(report, year, rt.config)[1] > row.received_at:
            continue
        had = [
            s
            for s in rt.store.submissions(report_id=report.id, year=year, school_id=a.school_id)
            if s.readable and s.message_key != row.key
        ]
        content = _content(mail, own_documents(documents, a.files), (), SubmissionKind.REPORT)
        if had and content not in {s.content for s in had}:
            late.append((a, had[0]))
    if not late:
        return result
    said = " ".join(
        f"Thư là báo cáo năm {years[a.school_id]} của {rt.config.school(a.school_id).name}, nhưng đợt báo cáo năm "
        f"{years[a.school_id]} đã kết thúc và trường đã có báo cáo năm đó (gửi lúc "
        f"{timefmt.in_words(first.received_at, tz)}): có thể trường gửi nhầm tệp cũ. Nếu đúng là bản sửa báo cáo "
        f"năm đó, cán bộ gán thư cho trường (baocao assign).{_still_due(rt.config, report, years[a.school_id], row)}"
        for a, first in late
    )
    moved = {a.school_id for a, _ in late}
    kept = tuple(a for a in result.assignments if a.school_id not in moved)
    waiting = MatchResult(kept, result.review_reason, result.candidates)
    return waiting.also_waiting(said, sorted(moved))


def _still_due(config: Config, report: ReportConfig, year: int, row: MessageRow) -> str:
    """What staff tell a school whose report of a past season came while a later one ran: that season's
    report is still owed, by its deadline; "" when no later season ran."""
    running = running_season(report, row.received_at, config)
    if running is None or running <= year:
        return ""
    return f" {still_due(running, deadline_day(report, running))}"


def _sent_before(
    rt: Runtime, row: MessageRow, result: MatchResult, report_id: str, year: int, registry: Registry
) -> MatchResult:
    """A report waiting for staff, naming and offering the schools that other mail of its season from the
    same address was credited to (see _credited_in_season): an address whose name part reads «mgmyphu» that
    sent MG Mỹ Lạc's report too offers both."""
    schools = _credited_in_season(rt, row, report_id, year)
    if not schools:
        return result
    return result.also_waiting(_credited_note(row.sender, schools, year, registry), schools)


def _history_disagrees(
    rt: Runtime,
    row: MessageRow,
    result: MatchResult,
    documents: Sequence[Document],
    report_id: str,
    year: int,
    registry: Registry,
) -> MatchResult:
    """A report credited to one school that no letterhead or signature of its papers names (only the
    subject, a file's name or the mail's words), from an address that is not that school's, whose other
    mail of the season was credited to another school, and none received before it to this one: «BC NQ121
    TH An Phú» from the gmail that sent An Phú Tây's report, its principal's short name for the school.
    The address's mail contradicts the words, whether it came before, with or after this one (a teacher's
    gmail sending «Báo cáo NQ121 MN Phước Vân» minutes before TH Phước Vân's headed report; the later one,
    read, reads this one again: _sent_for_another): the mail waits for staff with them all (_sent_before
    names the others)."""
    if len(result.assignments) != 1 or result.review_reason:
        return result
    school = result.assignments[0].school_id
    owner = registry.by_address(row.sender)
    if owner is not None and owner.id == school:
        return result
    if school in header_schools(documents, registry) | signed_schools(documents, registry):
        return result
    # Only earlier mail backs the school: two such reports read in turn would otherwise back each other.
    season = [
        s
        for s in rt.store.submissions(report_id=report_id, year=year, sender=row.sender)
        if s.message_key != row.key
    ]
    backed = any(s.school_id == school and s.received_at < row.received_at for s in season)
    if backed or all(s.school_id == school for s in season):
        return result
    said = " ".join(result.assignments[0].reasons)
    reason = (
        f"{said} Văn bản không có tiêu đề hay chữ ký số ghi {registry.name(school)}, và địa chỉ gửi không phải "
        "địa chỉ của trường này: tên trường chỉ ghi ở tiêu đề thư, tên tệp hoặc nội dung thư có thể là tên "
        "viết tắt của trường khác, hoặc ghi nhầm."
    )
    return MatchResult((), reason, (school,))


def _credited_in_season(rt: Runtime, row: MessageRow, report_id: str, year: int) -> tuple[str, ...]:
    """The schools that other mail of this season from the message's address was credited to (by a
    header or a signature: a personal address is learned only when staff assign), sent before it, with it
    or after it: a resend without its header, or a note about the report, is probably theirs. Whichever
    was read first, and mail dated the same second, tells the same. Only candidates: the address still
    decides nothing."""
    return tuple(
        dict.fromkeys(
            s.school_id
            for s in rt.store.submissions(report_id=report_id, year=year, sender=row.sender)
            if s.message_key != row.key
        )
    )


def _sent_for_another(rt: Runtime, row: MessageRow, credited: Sequence[SubmissionRow]) -> list[MessageRow]:
    """The address's other mail of the seasons of these submissions (the message's credits) that they make
    doubtful, to read again, first received first, when they are the first of the season from the address
    to credit a school (a school's next version shows nothing new): mail credited to another school other
    than by its papers (on its subject alone, which a report of another school from the same address
    contradicts, whenever it came: _history_disagrees; on an address staff taught: also_sent_for) and mail
    waiting for staff that does not offer the new school (its reason and candidates name the schools the
    address had sent for when it was read: _sent_before). A report its letterhead names stays its school's:
    a clerk sending many schools' reports one by one does not read them all again for each new school.
    Never a message staff decided about, nor one being read now (it sees for itself)."""
    keys: dict[str, None] = {}
    sender = row.sender.lower()
    for report_id, year in dict.fromkeys((s.report_id, s.year) for s in credited):
        season = rt.store.submissions(report_id=report_id, year=year, sender=row.sender)
        schools = {s.school_id for s in credited if (s.report_id, s.year) == (report_id, year)}
        new = schools - {s.school_id for s in season if s.message_key != row.key}
        if not new:
            continue
        keys.update((s.message_key, None) for s in season if s.school_id not in schools and not s.by_papers)
        for r in rt.store.reviews(report_id=report_id, year=year):
            of_season = (r.report_id, r.year) == (report_id, year)
            if r.sender.lower() == sender and of_season and not new <= set(r.candidates):
                keys.setdefault(r.message_key)
    keys.pop(row.key, None)
    rows = [m for k in keys if (m := rt.store.message(k)) is not None]
    return [
        m
        for m in sorted(rows, key=lambda m: (m.received_at, m.read_order))
        if m.state != MessageState.PENDING and rt.store.decision(m.key) is None
    ]


def _moved(
    rt: Runtime,
    row: MessageRow,
    mail: message_mod.Mail,
    subs: tuple[SubmissionRow, ...],
    why: str,
    registry: Registry,
    documents: Sequence[Document],
) -> tuple[ReviewRow, ...]:
    """The reviews that make a message wait for staff when reading it again (after config.toml gave its
    address to another school) would take its credit from a listed school it counted for and give it to
    another, no staff deciding (nor teaching the address to the school it moves to): a report of a past
    season is never moved silently; staff choose, both schools offered. One that waits so goes on waiting
    while the re-reading still moves it (ReviewRow.credited). None when no credit moves; a school no longer
    in the config keeps none."""
    before = {s.school_id for s in rt.store.submissions(message_keys=[row.key])}
    before |= {s for r in rt.store.reviews(message_key=row.key) for s in r.credited}
    now = {s.school_id for s in subs}
    listed = {s.id for s in rt.config.schools}
    lost = tuple(sorted(s for s in before - now if s in listed))
    gained = tuple(sorted(now - before))
    # Moved to the school staff taught the address for (assign), staff moved it: their decision stands.
    taught = registry.learned.get(row.sender.lower()) if registry.registered(row.sender) is None else None
    if not lost or not gained or gained == (taught,):
        return ()
    reason = (
        f"Thư này trước đây đã được tính cho {', '.join(registry.name(s) for s in lost)}. Đọc lại theo cấu "
        f"hình hiện tại thì thư được tính cho {', '.join(registry.name(s) for s in gained)}: {why.strip()} "
        "Báo cáo đã ghi nhận không tự chuyển sang trường khác: cần cán bộ chọn trường."
    )
    plans: dict[str, list[SubmissionRow]] = {}
    for sub in subs:
        plans.setdefault(sub.report_id, []).append(sub)
    return tuple(
        dataclasses.replace(
            _review(
                rt.config,
                row,
                mail,
                report_id,
                credited[0].year,
                reason,
                tuple(dict.fromkeys((*lost, *(s.school_id for s in credited)))),
                documents,
            ),
            credited=lost,
        )
        for report_id, credited in plans.items()
    )


def _credited_note(sender: str, schools: Sequence[str], year: int, registry: Registry) -> str:
    names = ", ".join(registry.name(s) for s in schools)
    which = "trường đó" if len(schools) == 1 else "một trong các trường đó"
    return (
        f"Thư khác từ địa chỉ {sender} trong năm {year} đã được tính cho {names}: có thể là thư của {which}."
    )


def _review(
    config: Config,
    row: MessageRow,
    mail: message_mod.Mail,
    report_id: str | None,
    year: int | None,
    reason: str,
    candidates: tuple[str, ...],
    documents: Sequence[Document],
) -> ReviewRow:
    """Mail left for staff; its reason says so when the mail says it brings a corrected version of the
    report sent before (the school's status then shows that a correction waits), not when it asks about one
    («Phòng nhận được bản sửa lần 2 chưa ạ?»: ASKS_OFFICE, it waits as a question), and warns as the mail
    does, and of a sending the mail claims by the deadline of the season it waits in (_sent_in_time).
    Mail whose sender failed the sender check, or that imitates a school's address, is marked forged: it
    holds no school's reminders (ReviewRow.holds)."""
    names = [d.name for d in documents] + [a.name for a in mail.attachments]
    told = CORRECTION_NOTE not in reason and ASKS_OFFICE not in reason
    if told and corrections.announced(mail.subject, mail.own_body, names):
        reason = f"{reason.rstrip()} {CORRECTS}".lstrip()
    sent = _sent_in_time(mail, row, [(report_id, year)], config)
    return ReviewRow(
        message_key=row.key,
        message_id=mail.message_id,
        report_id=report_id,
        year=year,
        sender=mail.sender,
        subject=mail.subject,
        received_at=row.received_at,
        reason=_noted(reason, (*mail.warnings, *sent)),
        candidates=candidates,
        files=tuple(d.name for d in documents),
        forged=(row.sender_check is not None and row.sender_check.failed)
        or imitation(mail, config.schools) is not None,
    )


def _season(verdict: Classification, config: Config, received_at: dt.datetime) -> tuple[ReportConfig, int]:
    """The report the message is (or carries) and its season: the one stated, else the receipt's."""
    report = config.report(verdict.report_id) if verdict.report_id else config.reports[0]
    return report, verdict.year or season_of(report, received_at, config)


def _claimed(
    rt: Runtime, verdict: Classification, received_at: dt.datetime, writer: tuple[tuple[str, ...], str]
) -> tuple[str | None, str]:
    """(school id, reason) when a school's registered or learned address, or a personal address naming one
    school, says it sent a report of which nothing readable is on record for the season (classify.Claim):
    the report may have gone astray (another address, the spam folder), so staff look; or that asks whether
    the report came (ASKS_OFFICE), for staff to answer, told it did (_on_record). The review names no
    season: it holds no reminder. Otherwise (None, the reason the mail is no report): a claim from an
    address that names no one school says so. writer: whose note it is (_writer)."""
    if verdict.claim is None:
        return None, verdict.reason
    named, who = writer
    if len(named) != 1:
        return None, (
            f"Thư báo đã gửi báo cáo {rt.config.report(verdict.claim.report_id).short} («{verdict.claim.sentence}») nhưng "
            "không kèm báo cáo. Thư gửi từ địa chỉ chưa đăng ký và không ghi rõ tên trường nào, nên không "
            "biết là của trường nào."
        )
    if (on_record := _on_record(rt, verdict.claim, named[0], received_at, verdict.reason)) is not None:
        # A school asking whether its report came is answered by staff, who are told the answer.
        return (named[0] if ASKS_OFFICE in verdict.reason else None), f"{verdict.reason} {on_record}"
    report = rt.config.report(verdict.claim.report_id)
    year = season_of(report, received_at, rt.config)
    we = units.speaker(rt.config, units.of_school(rt.config, report, year, named[0]))
    return named[0], (
        f"{who} báo đã gửi báo cáo: «{verdict.claim.sentence}», nhưng {we} chưa nhận được báo cáo năm {year} "
        f"nào của trường («{report.title}»). Cán bộ kiểm tra hộp thư (thư rác, thư gửi tới địa chỉ khác); nếu "
        "không thấy thì đề nghị trường gửi lại thư có đính kèm tệp báo cáo."
    )


def _asking(
    config: Config, writer: tuple[tuple[str, ...], str], question: Question, reason: str
) -> tuple[str | None, str]:
    """(school id, reason) when a school's registered or learned address, or a personal address naming one
    school, asks the office about a report in a new mail sending nothing (classify.Question): only staff
    answer it, as they answer the same words replying to the office's mail. Its reason ends ASKS_OFFICE, so
    no later report settles it (ReviewRow.asks); it names no season: it holds no reminder, which tells the
    school its mail came and waits. Otherwise (None, reason, why the mail is no report): mail of no one
    school has no one to answer. writer: whose note it is (_writer)."""
    named, who = writer
    if len(named) != 1:
        return None, reason
    asked = (
        f"{who} hỏi về báo cáo {config.report(question.report_id).short}: «{question.said}». {ASKS_OFFICE}"
    )
    return named[0], asked


def _writer(rt: Runtime, mail: message_mod.Mail) -> tuple[tuple[str, ...], str]:
    """The schools a note with no report in it is from: the school of its registered or learned address,
    else, from a personal address, those the note names ("trường em, TH Mỹ An, đã gửi …"); and how a reason
    names its writer when that is one school ("" when not)."""
    registry = _registry(rt, mail)
    school = registry.by_address(mail.sender)
    if school is not None:
        return (school.id,), "Trường"
    named = named_schools(mail, registry)
    if len(named) != 1:
        return named, ""
    return named, f"Thư từ địa chỉ chưa đăng ký, ghi là của {registry.name(named[0])},"


def _on_record(
    rt: Runtime, claim: Claim, school_id: str, received_at: dt.datetime, reason: str
) -> str | None:
    """What staff are told when a readable report of the school's for the season of receipt, received by the
    claim's receipt, is on record, as the claim says it sent: nothing then to look at, unless the note asks the
    office something (reason, the note's own, ends ASKS_OFFICE: «Phòng đã nhận được chưa ạ?»), which staff
    answer, told what to say. None when nothing readable of it came before: a report that came after (read
    first from an export, or read again) does not answer «trường đã gửi ngày 20/10», which spoke of
    another mail, maybe lost."""
    report = rt.config.report(claim.report_id)
    year = season_of(report, received_at, rt.config)
    readable = [
        s
        for s in rt.store.submissions(report_id=report.id, year=year, school_id=school_id)
        if s.readable and s.received_at <= received_at
    ]
    if not readable:
        return None
    we = units.speaker(rt.config, units.of_school(rt.config, report, year, school_id))
    received = f"{we} đã nhận báo cáo năm {year} của trường («{report.title}»)"
    if ASKS_OFFICE not in reason:
        return f"{received}: không cần xử lý."
    last = timefmt.local_time(readable[-1].received_at, rt.config.district.timezone)
    return f"{received}, lần gần nhất lúc {last}: cán bộ trả lời trường là {we} đã nhận."


def _sent_by_mistake(
    rt: Runtime,
    row: MessageRow,
    mail: message_mod.Mail,
    subs: Sequence[SubmissionRow],
    registry: Registry,
    documents: Sequence[Document],
) -> tuple[ReviewRow, ...]:
    """A report whose mail says the one sent before was a mistake ("gửi nhầm file, em gửi lại file đúng"):
    the mail it means, found as for a note asking to cancel mail (_withdrawn), stops counting for
    whichever school it was credited to (another school, when the wrong file was that school's) until
    staff decide; this report counts meanwhile. None when no such mail is found."""
    readable = [s for s in subs if s.readable]
    if not readable:
        return ()
    said = "Thư có báo cáo, ghi là thư trước gửi nhầm."
    first = readable[0]
    candidates, reason, keys = _withdrawn(rt, row, mail, (), said, registry, instead=first.school_id)
    if not keys:
        return ()
    held = rt.store.submissions(message_keys=keys)
    seasons_sent = {(s.school_id, s.report_id): s.year for s in readable}
    if (
        held
        and {s.school_id for s in held} <= {s.school_id for s in readable}
        and all(seasons_sent.get((s.school_id, s.report_id), s.year) == s.year for s in held)
    ):
        # The school's own reports only, none of another season of a plan this mail reports on: of the
        # same season, sent again right («gửi nhầm số liệu», «bản chưa ký»), a correction, which replaces
        # it and keeps its day; of another plan (its year-end report sent for this one), a report that
        # plan is owed all the same. Neither is a mistaken file to hold.
        return ()
    if row.sender.lower() in rt.config.office_addresses:
        # Staff passing schools' reports on write of the schools' mistakes («trường gửi nhầm vào hộp thư
        # xã»), not of their own earlier mail: another school's report they passed on stays counted.
        ours = {s.school_id for s in subs}
        if any(s.school_id not in ours for s in held):
            return ()
    if _to_another_mailbox(rt, row, keys) and {s.school_id for s in held} == {first.school_id}:
        return ()  # its own report sent to another unit's mailbox: the address was the mistake, not the file
    # The mail it disowns waiting for staff, credited to none, names the schools it may be: its review
    # and this row wait beside each other until staff decide about it (kernel.status.settled_mistakes).
    # The row stands in the season of the mail it holds (last year's file sent by mistake counts for last
    # year), so that season's status withholds it; of several seasons, in this report's.
    seasons = {(s.report_id, s.year) for s in held}
    report_id, year = seasons.pop() if len(seasons) == 1 else (first.report_id, first.year)
    review = _review(rt.config, row, mail, report_id, year, reason, candidates, documents)
    return (dataclasses.replace(review, withdraws=keys),)


def _to_another_mailbox(rt: Runtime, row: MessageRow, keys: Sequence[str]) -> bool:
    """Whether every message of keys was read from the mailbox of a unit other than the one row came to
    («hôm qua em gửi nhầm, nay gửi lại về đúng địa chỉ UBND xã Mỹ An»)."""
    inbox = rt.config.mailbox_unit(row.source)
    earlier = [rt.store.message(key) for key in keys]
    return all(e is not None and rt.config.mailbox_unit(e.source) != inbox for e in earlier)


def _withdrawn(
    rt: Runtime,
    row: MessageRow,
    mail: message_mod.Mail,
    candidates: tuple[str, ...],
    reason: str,
    registry: Registry,
    *,
    instead: str | None = None,
) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """A note asking to cancel mail sent before that answers that mail (its In-Reply-To or References,
    from the same address, received earlier): the reason names it, the schools it was credited to join
    the candidates (a sister school credited with a file sent by mistake has mail waiting for it), and its
    key is returned, for the review to keep: its submissions wait for staff, not counted, until they
    decide (kernel.status). Nothing is taken out: staff reject the mistaken mail, or the note. A note
    answering the office's acknowledgement answers the report it acknowledged, named or not.

    A note answering no mail of the school's (a new mail, or a reply to the office's reminder) means the
    one mail of its address credited, or waiting for staff with a file, in the few days before it
    (`_credited_recently`); of several, the reason names them and none is held.

    A mail it means that waits for staff (another school's paper from the school's own address), credited
    to none, has nothing to hold: the reason says it waits uncredited, the schools its review names join
    the candidates, and its key is kept all the same, so its page shows the note asking to cancel it."""
    if row.sender_check is not None and row.sender_check.failed:
        return candidates, reason, ()  # a forger's word takes nothing back (_unproven_note)
    domain = rt.config.own_domain
    answered = rt.store.answered_by_ours(mailids.ours_in(mail.thread, domain), domain)
    refs = " ".join((mail.thread, *answered)).replace("<", " ").replace(">", " ")
    earlier = [
        m
        for ref in dict.fromkeys(refs.split())
        if "@" in ref
        for m in rt.store.find_messages(ref)
        if m.sender.lower() == row.sender.lower() and m.received_at < row.received_at and m.key != row.key
    ]
    # Answering no mail of the school's own: a new mail, or a reply to the office's reminder.
    own = [ref for ref in refs.split() if "@" in ref and not mailids.is_ours(ref, domain)]
    if not earlier and not own:
        recent = _credited_recently(rt, row)
        if len(recent) > 1:
            uncredited = _waiting_uncredited(rt, [m.key for m in recent])
            kinds = "được tính hoặc đang chờ xem xét" if uncredited else "được tính"
            said = (
                f" Thư này không trả lời thư nào trường đã gửi, mà trong {_RECENT_DAYS} ngày trước địa chỉ này đã gửi "
                f"{len(recent)} thư có báo cáo {kinds}: {_mails_named(rt, recent)}. Cán bộ xem xét: thư nào "
                "gửi nhầm thì loại thư đó (baocao reject)."
            )
            return candidates, reason + said, ()
        earlier = recent
    if not earlier:
        return candidates, reason, ()
    keys = tuple(dict.fromkeys(m.key for m in earlier))
    credited = tuple(dict.fromkeys(s.school_id for s in rt.store.submissions(message_keys=keys)))
    waiting = _waiting_uncredited(rt, keys)
    named = _mails_named(rt, earlier)
    if own:
        said = f" Thư này trả lời thư đã gửi {named}"
    else:  # a new mail: the one mail of its address credited, or waiting, in the days before it
        kind = "đang chờ xem xét" if waiting else "có báo cáo được tính"
        said = (
            f" Thư này không trả lời thư nào trường đã gửi; thư duy nhất {kind} mà địa chỉ này gửi trong "
            f"{_RECENT_DAYS} ngày trước là {named}"
        )
    if credited:
        said += f", có báo cáo ghi cho {', '.join(registry.name(s) for s in credited)}"
    if waiting and not credited:
        # Nothing of it was counted: nothing to hold, and the school's word settles nothing by itself.
        schools = tuple(dict.fromkeys(s for c in waiting.values() for s in c))
        said += ", thư đó đang chờ cán bộ xem xét, chưa tính cho trường nào"
        if schools:
            said += f" (có thể là của {', '.join(registry.name(s) for s in schools)})"
        otherwise = (
            f"gán thư đó cho trường của báo cáo (baocao assign); thư này vẫn được tính cho {registry.name(instead)}"
            if instead
            else "gán thư đó cho trường của báo cáo (baocao assign) và loại thư đề nghị hủy này"
        )
        said += f". Nếu đúng là thư gửi nhầm thì loại thư đó (baocao reject); nếu không thì {otherwise}."
        return tuple(dict.fromkeys((*candidates, *schools))), reason + said, keys
    otherwise = (
        f"gán thư này cho trường (baocao assign {row.key[:12]} {instead}): báo cáo trong thư đó được tính lại"
        if instead  # this mail is the report sent instead, and counts either way
        else "loại thư đề nghị hủy này"
    )
    said += (
        ". Báo cáo trong thư đó chưa được tính cho đến khi cán bộ quyết định: nếu đúng là thư gửi nhầm thì "
        f"loại thư đó (baocao reject); nếu không thì {otherwise}."
    )
    return tuple(dict.fromkeys((*candidates, *credited))), reason + said, keys


def _unproven_note(row: MessageRow, reason: str) -> str:
    """The reason of a note (asking to cancel a report, for a later deadline, saying the report was sent)
    whose sender failed the sender check: said as a forgery, and that it changes nothing of the school's."""
    check = row.sender_check
    if check is None or not check.failed:
        return reason
    return (
        f"{check.explanation} Vì thư không qua được xác thực, thư không được coi là thư của trường: báo cáo "
        f"trường đã gửi vẫn được tính và trường vẫn được nhắc như thường. Cán bộ hỏi lại trường nếu cần. {reason}"
    )


def _waiting_uncredited(rt: Runtime, keys: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Of these messages, those waiting for staff with a file and credited to no school (another school's
    paper sent from a school's own address, a paper whose school is unclear), staff not having decided
    about them: key -> the schools their review names. A note asking to cancel mail is no such message:
    it carries no file."""
    found = rt.store.messages_by_key(keys)
    credited = {s.message_key for s in rt.store.submissions(message_keys=keys)}
    waiting: dict[str, tuple[str, ...]] = {}
    for key in keys:
        m = found.get(key)
        if (
            m is None
            or m.state != MessageState.REVIEW
            or key in credited
            or rt.store.decision(key) is not None
        ):
            continue
        rows = [r for r in rt.store.reviews(message_key=key) if r.files and not r.withdraws]
        if rows:
            waiting[key] = tuple(dict.fromkeys(c for r in rows for c in r.candidates))
    return waiting


def _credited_recently(rt: Runtime, row: MessageRow) -> list[MessageRow]:
    """The messages from the row's address, received in the _RECENT_DAYS before it, that were credited
    to a school (have submissions) or wait for staff with a file, credited to none (_waiting_uncredited):
    what a note asking to cancel "the file sent by mistake" means."""
    since = row.received_at - dt.timedelta(days=_RECENT_DAYS)
    keys = dict.fromkeys(
        s.message_key
        for s in rt.store.submissions(sender=row.sender, received=(since, row.received_at))
        if s.message_key != row.key
    )
    sender = row.sender.lower()
    reviewed = [
        m.key
        for m in rt.store.messages(states=[MessageState.REVIEW], since=since)
        if m.sender.lower() == sender and m.received_at < row.received_at and m.key != row.key
    ]
    keys.update(dict.fromkeys(_waiting_uncredited(rt, reviewed)))
    found = rt.store.messages_by_key(keys)
    return sorted((found[key] for key in keys if key in found), key=arrival)


def _mails_named(rt: Runtime, rows: Sequence[MessageRow]) -> str:
    tz = rt.config.district.timezone
    return "; ".join(
        f"«{m.subject or '(không có tiêu đề)'}» lúc {timefmt.local_time(m.received_at, tz)} (mã {m.key[:12]})"
        for m in rows
    )


def _unvouched(result: MatchResult, sender: str, registry: Registry) -> MatchResult:
    """What a robot's mail that is no document system's notice would credit waits for staff: a school's
    report that an unknown no-reply address carries (anyone can make one send a file, and write a school's
    address in its Reply-To) was credited to that school, or, before, silently dropped as a robot's mail."""
    if not result.assignments:
        return result
    named = ", ".join(registry.name(s) for s in result.schools)
    reason = (
        f"Thư do địa chỉ tự động {sender} gửi (không phải địa chỉ của trường, cũng không phải thông báo của hệ "
        f"thống quản lý văn bản ghi số ký hiệu, trích yếu, đơn vị gửi), kèm văn bản của {named}. Cán bộ xem xét; "
        "nếu đúng là báo cáo của trường thì gán thư cho trường (baocao assign)."
    )
    return MatchResult((), reason, result.schools)


def _flagged_as_spam(result: MatchResult, registry: Registry) -> MatchResult:
    """A report in mail the server's spam filter marked waits for staff with the schools it would credit:
    dropped as spam, the school was counted as missing; credited, a filter's doubt would go unread."""
    said = "Máy chủ thư đã đánh dấu thư này là thư rác, nhưng thư mang báo cáo"
    if not result.assignments:
        return result.all_waiting(f"{said}.")
    credited = " ".join(dict.fromkeys(r for a in result.assignments for r in a.reasons))
    return result.all_waiting(
        f"{said} của {', '.join(registry.name(s) for s in result.schools)}: {credited} Cán bộ xem xét; nếu "
        "đúng là báo cáo của trường thì gán thư cho trường (baocao assign)."
    )


def _drafts_of_others(result: MatchResult, drafts: Sequence[Document], registry: Registry) -> MatchResult:
    """A draft set aside beside the final reports (intake.classify) whose header names a school none of
    them was credited to is that school's draft: it waits for staff, as a draft sent alone does."""
    credited = {a.school_id for a in result.assignments}
    found = {d.name: s for d in drafts for s in sorted(header_schools([d], registry)) if s not in credited}
    if not found or not result.assignments:
        return result
    said = ", ".join(f"{name} ({registry.name(school)})" for name, school in found.items())
    reason = (
        f"Tệp {said} ghi là bản nháp, chưa phải báo cáo chính thức. Cán bộ xem xét; nếu tính là báo cáo của "
        "trường thì gán thư cho trường (baocao assign)."
    )
    return result.also_waiting(reason, found.values())


def _staff_choice(
    school: str,
    auto: MatchResult,
    documents: Sequence[Document],
    failures: Sequence[Failure],
    *,
    staffs: bool = False,
) -> MatchResult:
    """The message as staff assigned it to school. When other schools' reports in it were credited and
    only a part waited for staff (a report naming no school or an unclear one, a file that could not be
    read), the choice is for that part: the other schools keep their own reports, and school gets the
    rest. When several schools' reports were all credited and school is one of them (a cluster's bundle
    assigned to fix one school's season), the choice is for that school's part: the others keep their
    own reports, each header naming its school. Otherwise the whole message is school's (a correction of
    the automatic match).

    staffs: the mail is the office's own, carrying schools' reports staff passed on. Nothing of it was
    credited before staff decided, and they decided for school alone: the other schools' reports in it
    count for none of them (each needs a mail of its own, as the review said)."""
    by_staff = ("Cán bộ phòng đã gán thủ công.",)
    credited = {a.school_id for a in auto.assignments}
    if staffs and school in credited:
        return MatchResult(
            tuple(dataclasses.replace(a, reasons=by_staff) for a in auto.assignments if a.school_id == school)
        )
    if not auto.review_reason and len(credited) > 1 and school in credited:
        return MatchResult(
            tuple(
                a if a.school_id != school else dataclasses.replace(a, reasons=by_staff)
                for a in auto.assignments
            )
        )
    if not (auto.assignments and auto.review_reason) or staffs:
        return MatchResult((Assignment(school, tuple(d.name for d in documents), by_staff),))
    kept = tuple(a for a in auto.assignments if a.school_id != school)
    owned = {name for a in kept for name in a.files}
    own = [d.name for d in documents if d.name not in owned] or [f.name for f in failures]
    return MatchResult((*kept, Assignment(school, tuple(own), by_staff)))


def _figure(
    figure: Figure, file: str | None = None, campuses: Sequence[tuple[str, int]] = ()
) -> dict[str, Any]:
    """A key figure as a submission stores it; "others" only when its sentence gives it several values,
    "upto" only when it gives a range (value being its lower end), "about" only when it gives the value as
    approximate ("trên 500"); "parts" only when it was summed from counts per grade, or
    is a stated total they do not add up to; "file" only when it was read elsewhere than in the submission's files (the
    mail's text of a scanned report); "campuses" only when it was read from a site's or campus's paper
    (_by_campus), each paper's site or campus (or file name) with the value it states."""
    stored: dict[str, Any] = {"value": figure.value, "sentence": figure.sentence}
    if file is not None:
        stored["file"] = file
    if campuses:
        stored["campuses"] = [list(c) for c in campuses]
    if figure.others:
        stored["others"] = list(figure.others)
    if figure.upto is not None:
        stored["upto"] = figure.upto
    if figure.about:
        stored["about"] = figure.about
    if figure.parts:
        stored["parts"] = list(figure.parts)
    return stored


def _submission(
    row: MessageRow,
    mail: message_mod.Mail,
    report: ReportConfig,
    year: int,
    assignment: Assignment,
    documents: Sequence[Document],
    failures: Sequence[Failure],
    kind: SubmissionKind,
    problems: tuple[str, ...],
    registry: Registry,
    config: Config,
    sole: bool,
    beside: Sequence[str],
    forwards: Forwarded | None,
    by_papers: bool,
) -> SubmissionRow:
    """The submission of one school a message holds; sole when it is the message's only one. beside names
    the files that could not be read that are the school's, beside its report: each is recorded as such
    (UNREAD_BESIDE), unless one is an unread correction of another file (REPLACES). forwards: the mail's
    (_forwards), one for all its schools; by_papers: SubmissionRow.by_papers."""
    own = own_documents(documents, assignment.files)
    signatures = tuple(
        SignatureFact.of(d.name, s, signed_school(s, registry)) for d in own for s in d.signatures
    )
    # A school staff credited with a file that could not be read keeps that file's name: read again, its
    # submission then holds no document, not every document of the message.
    files = tuple(d.name for d in own) or assignment.files
    content = _content(mail, own, failures, kind)
    if kind == SubmissionKind.UNREADABLE:
        # A cover note is not the report: no sections or figures are read from it. Its files are those that
        # could not be read, or were read without the report in them, as `baocao history` names them.
        files = tuple(
            dict.fromkeys([*(f.name for f in failures), *(n for n in files if n != read.BODY_NAME)])
        )
        own = []
    current = corrections.current(own)
    text = "\n\n".join(d.text for d in current)
    sections = find_sections(text, report.sections, emphasised_lines(current))
    school_year = reported_school_year(current, year)
    figures = find_figures(text, report.figures, school_year=school_year, year=reported_year(current, year))
    from_mail: frozenset[str] = frozenset()
    if kind == SubmissionKind.REPORT and sole and _scanned(own):
        figures, from_mail = _with_body_figures(figures, mail.own_body, report.figures, school_year)
    sites = [d for d in documents if sole and of_a_site(d) and d.name not in {c.name for c in current}]
    campuses = _by_campus([*current, *sites], report.figures, school_year)
    evidence = list(assignment.reasons)
    evidence.extend(_other_units_mailbox(config, row, report, year, assignment.school_id))
    if kind == SubmissionKind.UNREADABLE and corrections.announced(
        mail.subject, mail.own_body, [a.name for a in mail.attachments]
    ):
        evidence.append(REPLACES)  # the figures sent before may be what it corrects: status asks to check
    elif kind == SubmissionKind.REPORT and corrections.unread(own, [f.name for f in failures]):
        evidence.append(REPLACES)  # read from the file its unread correction replaces
    asked = () if REPLACES in evidence else beside  # an unread correction is said as one (REPLACES)
    # A paper of the mail that is not known to be the school's is its sender's to send again.
    resent = kind == SubmissionKind.REPORT and REPLACES not in evidence
    evidence.extend(
        f"{UNREAD_BESIDE}{f.name}»: {f.reason}"
        if f.name in asked
        else f"{UNREAD_IN_MAIL}{f.name}»: {f.reason}"
        if resent and f.code != FailureCode.PROGRAM
        else f"Không đọc được {f.name}: {f.reason}"
        for f in failures
    )
    evidence.extend(f"Lưu ý khi đọc {d.name}: {w}" for d in own for w in d.warnings)
    sent = _sent_in_time(mail, row, [(report.id, year)], config)
    evidence.extend(f"Cảnh báo khi đọc thư: {w}" for w in (*mail.warnings, *sent))
    return SubmissionRow(
        message_key=row.key,
        message_id=mail.message_id,
        report_id=report.id,
        year=year,
        school_id=assignment.school_id,
        received_at=row.received_at,
        sender=mail.sender,
        files=files,
        sections_found=tuple(s.id for s in sections.found),
        # Staff counted it although nothing of it was read: which sections it holds is not known.
        sections_missing=() if problems and not own else sections.missing,
        figures={
            f.id: _figure(f, read.BODY_NAME if f.id in from_mail else None, campuses.get(f.id, ()))
            for f in figures
        },
        evidence=tuple(evidence),
        kind=kind,
        problems=problems,
        signatures=signatures,
        content=content,
        forwards=forwards,
        by_papers=by_papers,
    )


def _forwards(mail: message_mod.Mail, config: Config, registry: Registry) -> Forwarded | None:
    """The message the mail forwards (forwarded_original), whose submission it is a copy of
    (kernel.status.distinct), or, forwarding none, that someone other than the school sends it
    (Forwarded.resend: a clerk sending a batch of schools' files again is a copy of the submission of the
    very same files, whichever came since). None when the school sends or passes on its own mail (from a
    school's address, or the forwarded message's own author; the office's staff never are), or its sender
    is not known: it may attach its new file to it, and sends it again itself, a resend as any other (the
    first version sent again after a correction is a submission, its figures checked)."""
    if mail.sender not in config.office_addresses:
        authors = {a.lower() for a in mail.forwarded_from}
        if not mail.sender or registry.by_address(mail.sender) is not None or mail.sender in authors:
            return None
    forwards = forwarded_original(mail, config.district.timezone, config.office_addresses)
    return forwards or Forwarded(None, None, resend=True)


def _by_campus(
    papers: Sequence[Document], specs: Sequence[FigureSpec], school_year: int | None
) -> dict[str, list[tuple[str, int]]]:
    """By figure id, the value each paper states with the site or campus it reports for (its file name for
    a paper of none), when any of papers is a site's or campus's: a report titled «… (Cơ sở 1)», or one
    sent beside another campus's («TRƯỜNG MẦM NON HOA SEN - CƠ SỞ 2»). The school's figure is then no one
    paper's, and a person checks it; empty when every paper is the whole school's. Papers that all state
    none («0 vụ») state the school's none."""
    if not any(campus_of(d) for d in papers):
        return {}
    stated: dict[str, list[tuple[str, int]]] = {}
    for paper in papers:
        for figure in find_figures(paper.text, specs, school_year=school_year):
            stated.setdefault(figure.id, []).append((campus_of(paper) or paper.name, figure.value))
    return {k: v for k, v in stated.items() if len(v) == 1 or any(value for _, value in v)}


def _scanned(own: Sequence[Document]) -> bool:
    """Whether a submission was read from a scan or a photo, by OCR, its mail's text not among its papers."""
    return any(d.method in ("ocr", "mixed") for d in own) and all(d.name != read.BODY_NAME for d in own)


def _with_body_figures(
    figures: Sequence[Figure], body: str, specs: Sequence[FigureSpec], school_year: int | None
) -> tuple[tuple[Figure, ...], frozenset[str]]:
    """A scanned report's figures with those its mail's few lines state ("Trường tổ chức 12 buổi tuyên
    truyền ..."), too short to be read as the report, and the ids of those taken from the mail: a figure
    the scan does not give is the mail's; one it gives otherwise than the mail, read by OCR, keeps the
    mail's value beside it for staff to check. school_year, the scan's season (reported_school_year),
    picks the mail's column of a table of school years as it does the scan's."""
    stated = {f.id: f for f in find_figures(read.body_text(body)[0], specs, school_year=school_year)}
    found = {f.id: f for f in figures}
    merged = []
    for spec in specs:
        scan, mail = found.get(spec.id), stated.get(spec.id)
        if (
            scan is not None
            and mail is not None
            and mail.value != scan.value
            and mail.value not in scan.others
        ):
            scan = dataclasses.replace(scan, others=(*scan.others, mail.value))
        if (chosen := scan or mail) is not None:
            merged.append(chosen)
    return tuple(merged), frozenset(f.id for f in merged if f.id not in found)


def _content(
    mail: message_mod.Mail, own: Sequence[Document], failures: Sequence[Failure], kind: SubmissionKind
) -> str | None:
    """A digest of the files a submission was read from (unreadable: the files that failed), the same for
    a resend of the same bytes, whether sent again or forwarded as the mail they came in (Mail.carried);
    None when it came from no file (a link, a cover note alone)."""
    names = [f.name for f in failures] if kind == SubmissionKind.UNREADABLE else [d.name for d in own]
    files = [
        a.data
        for a in mail.carried
        if any(n == a.name or n.startswith((f"{a.name}/", f"{a.name} (")) for n in names)
    ]
    if kind == SubmissionKind.REPORT:
        files += [d.text.encode() for d in own if d.name == read.BODY_NAME]  # a report pasted into the mail
    if not files:
        return None
    return key_of("\n".join(sorted(key_of(data) for data in files)).encode())


def _other_units_mailbox(
    config: Config, row: MessageRow, report: ReportConfig, year: int, school_id: str
) -> list[str]:
    """A note when a report came to the mailbox of a unit other than the one collecting its school.
    It counts for the school all the same (matching decides the school, never the mailbox), and goes
    to no review for that alone; the note only lets staff of both units see where it landed."""
    inbox = config.mailbox_unit(row.source)
    collecting = units.of_school(config, report, year, school_id)
    if inbox is None or collecting is None or inbox == collecting:
        return []
    return [
        f"Thư gửi đến hộp thư của {config.unit(inbox).name}, trường thuộc {config.unit(collecting).name}."
    ]


def _record(
    rt: Runtime,
    row: MessageRow,
    state: MessageState,
    reason: str,
    subs: tuple[SubmissionRow, ...],
    revs: tuple[ReviewRow, ...],
    warnings: Sequence[str] = (),
) -> Outcome:
    reason = _noted(reason, warnings)
    final = dataclasses.replace(
        row, state=state, reason=reason, detail="", updated_at=rt.clock(), rules=rt.config.rules
    )
    rt.store.record_outcome(final, subs, revs)
    log.info("message %s (%s): %s %s", final.message_id, final.key[:12], state, reason)
    return Outcome(final.key, final.message_id, state, reason, True, subs, revs)


def _unread_pages(documents: Sequence[Document]) -> tuple[str, ...]:
    """For each document, the pages OCR ran out of time on, in Vietnamese for staff."""
    notes = []
    for d in documents:
        numbers = [str(p.number) for p in d.pages if p.timed_out]
        if numbers:
            notes.append(f"{d.name}: trang {', '.join(numbers)} chưa đọc được (quá thời gian nhận dạng chữ).")
    return tuple(notes)


def _noted(reason: str, warnings: Sequence[str]) -> str:
    """A reason followed by what the message reader had to work around, for staff to see: each warning
    once, in order, and none the reason already gives (a review's reason noted again with the pages OCR
    ran out of time on)."""
    fresh = [w for w in dict.fromkeys(warnings) if w not in reason]
    if not fresh:
        return reason
    lead = f"{reason.rstrip('. ')}. " if reason.strip() else ""
    return f"{lead}Cảnh báo khi đọc thư: {' '.join(fresh)}"


@dataclass
class Tally:
    """Counts of outcomes over a run, for the one-line summary staff read."""

    new: int = 0
    reports: int = 0
    unreadable: int = 0
    review: int = 0
    failed: int = 0
    noise: int = 0
    skipped: int = 0
    missing: int = 0  # recorded messages whose original is gone from the archive: left as they were
    # recorded messages whose original in the archive is damaged (Archive.get): left as they were
    damaged: list[str] = field(default_factory=list)
    too_large: int = 0  # of the failed, those over the size limit (Outcome.too_large)
    # of the failed, those archived empty (a 0-byte file an older import took in): nothing to read again
    empty: int = 0
    vanished: int = 0  # moved or deleted from the folder (by a clerk) between their envelope and their bytes
    also_waiting: int = 0  # of the reports, those that left a review too (another paper of the mail)
    # Key -> the state each new message was counted in, and whether it was counted as also waiting.
    counted: dict[str, tuple[MessageState, bool]] = field(default_factory=dict)

    def add(self, outcome: Outcome) -> None:
        self.count(outcome.state, new=outcome.new, waiting=bool(outcome.reviews), key=outcome.key)
        if outcome.new and outcome.too_large:
            self.too_large += 1

    def count(self, state: MessageState, *, new: bool, waiting: bool = False, key: str = "") -> None:
        """Count one message (key) in the state it came to; waiting: a report credited that also left a
        review (another paper of the mail, a campus sent by mistake), which the line names beside those to
        review, as staff have it to see, without counting the message twice."""
        if not new:
            self.skipped += 1
            return
        self.new += 1
        self._bump(state, waiting, 1)
        if key:
            self.counted[key] = (state, waiting)

    def _bump(self, state: MessageState, waiting: bool, by: int) -> None:
        if state == MessageState.REPORT:
            self.reports += by
            self.also_waiting += by * waiting
        elif state == MessageState.UNREADABLE:
            self.unreadable += by
        elif state == MessageState.REVIEW:
            self.review += by
        elif state == MessageState.FAILED:
            self.failed += by
        else:
            self.noise += by

    def recount(self, store: Store) -> None:
        """Count the run's new messages in the states they are in at its end: a later message of the run
        may have read one again (a report whose credit a later mail from its address called back to wait
        for staff), and the line must say what the status and the review queue say."""
        now = store.messages_by_key(self.counted)
        for key, (state, waiting) in list(self.counted.items()):
            row = now.get(key)
            if row is None or row.state == state:
                continue
            still = row.state == MessageState.REPORT and bool(store.reviews(message_key=key))
            self._bump(state, waiting, -1)
            self._bump(row.state, still, 1)
            self.counted[key] = (row.state, still)

    def merge(self, other: Tally) -> None:
        self.counted.update(other.counted)
        for name in (
            "new",
            "reports",
            "unreadable",
            "review",
            "failed",
            "noise",
            "skipped",
            "missing",
            "damaged",
            "too_large",
            "empty",
            "vanished",
            "also_waiting",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def line(self) -> str:
        text = f"Đã xử lý {self.new} thư mới: {self._counts()}."
        if self.skipped:
            text += f" Bỏ qua {self.skipped} thư đã xử lý trước đó."
        if self.vanished:
            text += f" {self.vanished} thư đã bị xóa/chuyển khỏi hộp thư trước khi đọc."
        return text

    def rescan_line(self) -> str:
        text = f"Đã xử lý lại {self.new} thư: {self._counts()}."
        if self.missing:
            text += f" {self.missing} thư không còn bản gốc trong kho lưu trữ, giữ nguyên như đã ghi."
        if self.damaged:
            text += f" {len(self.damaged)} thư có bản gốc bị hỏng trong kho lưu trữ, giữ nguyên như đã ghi."
        return text

    def _counts(self) -> str:
        unreadable = f"{self.unreadable} báo cáo không đọc được tệp, " if self.unreadable else ""
        also = f" (thêm {self.also_waiting} thư đã ghi nhận còn tệp chờ xem xét)" if self.also_waiting else ""
        return (
            f"{self.reports} báo cáo được ghi nhận, {unreadable}{self.review} cần xem xét{also}, "
            f"{self.failed} lỗi, {self.noise} không phải báo cáo"
        )
