"""The database: every message seen, its outcome, submissions, reviews and staff decisions.

Tables that only one part uses are defined by the module that owns it, on the same metadata
(the IMAP locations in intake, the parse cache in intake). Every table is
created and changed by the migrations in kernel/migrations, run by Store.open (kernel/schema.py).

SQLAlchemy Core over any URL (SQLite by default, PostgreSQL by URL). Every datetime goes in and
comes out timezone-aware (UTC); each write that belongs together runs in one transaction.
"""

from __future__ import annotations

import datetime as dt
import email.parser
import json
import os
import re
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache, partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Connection, Engine, ExceptionContext, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.sql.dml import Insert

from kernel import mailids, schema
from kernel.errors import (
    DatabaseAwayError,
    DatabaseBusyError,
    DatabaseCrowdedError,
    DatabaseFullError,
    DatabaseReadOnlyError,
    DatabaseUnusableError,
    StoreError,
)
from kernel.proof import SenderCheck, SignatureFact, school_signature
from kernel.returned import Returned, ReturnedMail


class UTCDateTime(TypeDecorator):
    """Stores naive UTC, hands back aware UTC; refuses naive input so no local time slips in."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} given to the store")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        return value.replace(tzinfo=dt.UTC) if value is not None else None


class SenderCheckJSON(TypeDecorator):
    """A SenderCheck as a JSON object (NULL when the sender was not looked at)."""

    impl = JSON(none_as_null=True)
    cache_ok = True

    def process_bind_param(self, value: SenderCheck | None, dialect: Any) -> dict[str, Any] | None:
        return value.to_json() if value is not None else None

    def process_result_value(self, value: dict[str, Any] | None, dialect: Any) -> SenderCheck | None:
        return SenderCheck.from_json(value) if value is not None else None


class SignaturesJSON(TypeDecorator):
    """A submission's SignatureFacts as a JSON list."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: Iterable[SignatureFact] | None, dialect: Any) -> list[dict[str, Any]]:
        return [s.to_json() for s in value or ()]

    def process_result_value(
        self, value: list[dict[str, Any]] | None, dialect: Any
    ) -> tuple[SignatureFact, ...]:
        return tuple(SignatureFact.from_json(s) for s in value or ())


class ForwardedJSON(TypeDecorator):
    """The message a submission's mail forwards (Forwarded) as a JSON object; NULL when it forwards none."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: Forwarded | None, dialect: Any) -> dict[str, Any] | None:
        if value is None:
            return None
        found: dict[str, Any] = {
            "message_id": value.message_id,
            "sent": value.sent.isoformat() if value.sent else None,
        }
        if value.resend:
            found["resend"] = True
        return found

    def process_result_value(self, value: dict[str, Any] | None, dialect: Any) -> Forwarded | None:
        if value is None:
            return None
        sent = value.get("sent")
        return Forwarded(
            value.get("message_id"),
            dt.datetime.fromisoformat(sent) if sent else None,
            bool(value.get("resend")),
        )


metadata = MetaData()


class MessageState(StrEnum):
    """What the pipeline decided about a message."""

    PENDING = "pending"  # archived, not interpreted yet (or interrupted)
    REPORT = "report"  # a school's report, recorded as a submission
    UNREADABLE = "unreadable"  # a school's report whose files could not be read: recorded, not counted
    REVIEW = "review"  # waits for staff to choose the school (or to read a reply)
    NOISE = "noise"  # not a report: bounce, auto-reply, newsletter, another paper...
    INTERNAL = "internal"  # sent by the office itself
    FAILED = "failed"  # processing failed; retried by a re-scan
    REJECTED = "rejected"  # staff took it out of the reports


class SubmissionKind(StrEnum):
    REPORT = "report"  # the report was read
    UNREADABLE = "unreadable"  # the school sent it, but no file of it could be read


class Origin(StrEnum):
    AUTO = "auto"
    MANUAL = "manual"


# One row per distinct message (key: SHA-256 of the raw bytes), reports and noise alike.
messages = Table(
    "messages",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("message_id", String(500), nullable=False, index=True),
    Column("source", String(300), nullable=False),
    Column("sender", String(300), nullable=False, default=""),
    Column("subject", Text, nullable=False, default=""),
    Column("received_at", UTCDateTime, nullable=False),
    Column("state", String(20), nullable=False),  # a MessageState
    Column("reason", Text, nullable=False, default=""),
    Column("detail", Text, nullable=False, default=""),
    Column("attempts", Integer, nullable=False, default=0),
    Column("updated_at", UTCDateTime, nullable=False),
    # What the pipeline decided about the mail itself, so later steps never re-read the raw message.
    Column("automatic", Boolean, nullable=False, default=False),  # never to be answered
    Column("internal", Boolean, nullable=False, default=False),  # the office's own mail
    Column("forwarded_from", JSON, nullable=False, default=list),  # original senders of a forward
    Column("warnings", JSON, nullable=False, default=list),  # problems met reading the mail and files
    # The same message whatever road it came by (IMAP, an export, a re-scan): see intake/identity.py.
    Column("content_key", String(64), nullable=True, unique=True),
    # What the sender check found (SPF, DKIM, DMARC), recorded once: a rescan of the same bytes reuses it.
    Column("sender_check", SenderCheckJSON, nullable=True),
    # A delivery-failure report (bounce): the schools' addresses it says our mail could not reach.
    Column("bounced", JSON, nullable=False, default=list),
    # Why our mail to each of those came back (a kernel.returned.Returned by address; migration 0022).
    Column("returned_as", JSON, nullable=True),
    # The send-log keys of our mail it returned, by the Message-ID of the copy it carries (migration 0022).
    Column("returned_mail", JSON, nullable=True),
    # The Message-IDs of the copies it carries of mail that is none of ours (staff's own mailbox; 0024).
    Column("returned_others", JSON, nullable=True),
    # The digest of the rules it was read by (Config.rules); NULL for mail read before it was kept.
    Column("rules", String(16), nullable=True),
    # Its place in the order mail was first read in (the mailbox's, an export's): two messages received in
    # the same second keep it, however they are read again later (a reprocess reads by key).
    Column("read_order", Integer, nullable=False),
    # When a poll first read it, if it came to a mailbox read through before it came (MessageRow.read_at).
    Column("read_at", UTCDateTime, nullable=True),
)

# The last place in messages.read_order given: a message read for the first time takes the next (a reader
# takes its messages' places as it queues them, in the mailbox's order). One row, id 1; none before the
# first message.
read_counter = Table(
    "read_counter",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("last", Integer, nullable=False),
)

# Which message first claimed a sending (one Message-ID, author and Date: intake.identity.sending_key), so
# that two copies of one mail (the school's direct copy and a mailing list's) read by two workers at the
# same moment are recorded once: the primary key lets one claim win, and the other copy is linked to it.
sendings = Table(
    "sendings",
    metadata,
    Column("sending", String(64), primary_key=True),
    Column("message_key", String(64), nullable=False),
    Column("claimed_at", UTCDateTime, nullable=False),
)

submissions = Table(
    "submissions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("message_key", String(64), nullable=False, index=True),
    Column("message_id", String(500), nullable=False),
    Column("report_id", String(100), nullable=False),
    Column("year", Integer, nullable=False),
    Column("school_id", String(100), nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    Column("sender", String(300), nullable=False, default=""),
    Column("files", JSON, nullable=False),
    Column("sections_found", JSON, nullable=False),
    Column("sections_missing", JSON, nullable=False),
    Column("figures", JSON, nullable=False),
    Column("evidence", JSON, nullable=False),
    Column("origin", String(20), nullable=False, default="auto"),  # an Origin
    Column("kind", String(20), nullable=False, default="report"),  # a SubmissionKind
    Column("problems", JSON, nullable=False, default=list),  # why its files could not be read
    Column("signatures", SignaturesJSON, nullable=False, default=list),  # of the documents it was read from
    # SHA-256 of the files it was read from (or failed to read): the same value for a resend of the same
    # bytes, which is no new submission (kernel.status.distinct).
    Column("content", String(64), nullable=True),
    # The message its mail forwards, inline or attached, or that another than the school sends it again
    # (Forwarded.resend): a copy of the school's earlier submission, never a new version
    # (kernel.status.distinct).
    Column("forwards", ForwardedJSON, nullable=True),
    # Whether a letterhead or a valid signature of its mail's papers names its school, from an address no
    # staff taught for a school: what else the address sends for leaves it as it is. NULL: not known.
    Column("by_papers", Boolean, nullable=True),
    UniqueConstraint("message_key", "report_id", "school_id", name="uq_submission"),
)

reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("message_key", String(64), nullable=False, index=True),
    Column("message_id", String(500), nullable=False),
    Column("report_id", String(100), nullable=True),
    Column("year", Integer, nullable=True),
    Column("sender", String(300), nullable=False, default=""),
    Column("subject", Text, nullable=False, default=""),
    Column("received_at", UTCDateTime, nullable=False),
    Column("reason", Text, nullable=False),
    Column("candidates", JSON, nullable=False),
    Column("files", JSON, nullable=False),
    # The messages, sent before from the same address, that this note asks the office to cancel ("gửi nhầm
    # file, xin Phòng bỏ giúp", answering them): their submissions wait for staff (kernel.status).
    Column("withdraws", JSON, nullable=True),
    # The mail failed the sender check or imitates a school's address: it holds no school's reminders.
    Column("forged", Boolean, nullable=True),
    # The schools the message counted for before a re-reading would have moved its credit to another
    # school: it waits for staff, and reading it again keeps it waiting while they still lose its credit.
    Column("credited", JSON, nullable=True),
    # The candidates only a hint offers (a person's address staff learned for the school from another
    # season's mail): offered to staff, they hold none of that school's reminders.
    Column("hints", JSON, nullable=True),
    # A part of it names no school while another names candidates: no candidate's later report settles it.
    Column("unnamed_part", Boolean, nullable=True),
    UniqueConstraint("message_key", "report_id", name="uq_review"),
)

# Staff decisions on reviewed messages; re-processing honours them.
decisions = Table(
    "decisions",
    metadata,
    Column("message_key", String(64), primary_key=True),
    # assign | split (staff's mail of several schools' reports: each to the school its paper names) |
    # reject | internal (the office's own mail)
    Column("action", String(20), nullable=False),
    Column("school_id", String(100), nullable=True),
    Column("decided_at", UTCDateTime, nullable=False),
    Column("year", Integer, nullable=True),  # the season staff chose on assign; None: the mail's own
    Column("report_id", String(100), nullable=True),  # the plan staff chose on assign; None: the mail's own
)

# Sender addresses staff tied to a school by assigning a message; active=0 once revoked.
learned_addresses = Table(
    "learned_addresses",
    metadata,
    Column("email", String(300), primary_key=True),
    Column("school_id", String(100), nullable=False),
    Column("message_key", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("active", Integer, nullable=False, default=1),
)

# The ties of learned addresses that ended (forgotten, or moved to another school) kept dated: mail of a
# season closed when the tie ended, received before it ended, counts as it did (Store.dated_ties).
dated_addresses = Table(
    "dated_addresses",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("email", String(300), nullable=False, index=True),
    Column("school_id", String(100), nullable=False),
    Column("message_key", String(64), nullable=False),
    Column("year", Integer, nullable=True),  # the season of the mail that taught it (Store.learned_years)
    Column("learned_at", UTCDateTime, nullable=False),
    Column("ended_at", UTCDateTime, nullable=False),
)

# Every outgoing mail, keyed by what it is, so nothing is ever sent twice (scheduler.outbox writes it;
# intake reads which school our mail went to, to know whose reply answers it).
outbox = Table(
    "outbox",
    metadata,
    Column("key", String(300), primary_key=True),
    Column("kind", String(30), nullable=False),
    Column("report_id", String(100), nullable=True),
    Column("year", Integer, nullable=True),
    Column("school_id", String(100), nullable=True),
    Column("recipients", JSON, nullable=False),
    Column("subject", Text, nullable=False),
    Column("message", LargeBinary, nullable=False),
    Column("message_hash", String(32), nullable=False, index=True),  # mailids.digest(key): its Message-ID
    Column("state", String(20), nullable=False),  # pending | sent | failed | cancelled
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", UTCDateTime, nullable=True),
    Column("last_error", Text, nullable=False, default=""),
    Column("created_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime, nullable=True),
)


@dataclass(frozen=True)
class MessageRow:
    key: str
    message_id: str
    source: str
    sender: str
    subject: str
    received_at: dt.datetime
    state: MessageState
    reason: str
    detail: str
    attempts: int
    updated_at: dt.datetime
    automatic: bool = False
    internal: bool = False
    forwarded_from: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    content_key: str | None = None
    sender_check: SenderCheck | None = None  # None: the sender was not looked at (not a report)
    bounced: tuple[str, ...] = ()  # a bounce: the schools' addresses our mail could not reach
    # why our mail to each of those came back, by the class of the bounce's status (RFC 3463)
    returned_as: Mapping[str, Returned] = field(default_factory=dict)
    returned_mail: tuple[str, ...] = ()  # the send-log keys of our mail a bounce returned
    returned_others: tuple[str, ...] = ()  # the Message-IDs of mail a bounce returned that is none of ours
    rules: str | None = None  # the digest of the rules it was read by (Config.rules)
    read_order: int = 0  # its place in the order mail was first read in; 0: taken when it is first recorded
    # When a poll first read it, if it came to a mailbox baocao had read through before it came: read then,
    # however late (the machine off for days). None: mail of a file, or of a mailbox's backlog when it was
    # first read (an office's old mail), or recorded before this was kept.
    read_at: dt.datetime | None = None


def arrival(row: MessageRow) -> tuple[dt.datetime, int]:
    """The order messages came in: by receipt, and those of one second in the order they were first read."""
    return row.received_at, row.read_order


# How intake ends the reason of a school's mail whose file reads well but is another paper than the report
# (another plan's report, a plan): the file came by mistake, it is no unreadable one (SubmissionRow.wrong_paper).
WRONG_PAPER = "có thể trường đính kèm nhầm tệp"
# How the evidence line intake records on a readable submission begins for each file of its mail beside
# the report that could not be read (an annex cut short, a locked sheet); «name»: why follows.
UNREAD_BESIDE = "Không đọc được tệp gửi kèm «"
# The same for a file of its mail that could not be read and is not known to be the school's (one of a
# clerk's bundle of schools' reports, one beside a paper left for staff): its sender is asked to send it
# again.
UNREAD_IN_MAIL = "Không đọc được tệp trong thư «"
# The same for a picture of the school's activities sent beside the report (no text in it, named or sent as
# such: «anh_hoat_dong_1.jpg»): evidence of the work reported, not a page of the report that could not be read.
ACTIVITY_PHOTO = "Ảnh hoạt động gửi kèm «"
# How the evidence line intake records on a submission that adds to the school's report sent before begins
# («Bổ sung phụ lục»: an annex alone, no report of its own): it is filed with that report, which still counts;
# the receipt time of that report follows.
SUPPLEMENT = "Thư gửi bổ sung cho báo cáo đã nhận lúc "
# How the evidence line intake records on a version of the report written before the one the school's
# counted report came in, and delayed on its way, begins (its Date, and that one's, say so): an older
# version arriving late, kept and shown but not counted; the receipt time of the newer version follows.
WRITTEN_BEFORE = "Bản viết trước báo cáo đã nhận lúc "
# How the evidence line begins on a version received after the school's counted report whose Date says it
# was written before that one, when a Date of the two cannot be a sending (a wrong clock): receipt order
# decides which counts, and its figures are to be checked with the school.
ORDER_UNSURE = "Không rõ bản nào viết sau: "
# What the warning on an imported mail whose header writes no time that can be its receipt says of the
# receipt, the time its file was saved (intake.sources.filed_note; SubmissionRow.file_time).
FILE_TIME = "«Nhận lúc» chỉ là lúc tệp thư được lưu hay được nhập, không phải lúc thư đến"


@dataclass(frozen=True)
class Forwarded:
    """The message a mail forwards (inline under «---------- Forwarded message ---------», or attached
    whole): its Message-ID, and when its date line or Date says it was sent, each None when not written
    or not readable. resend: it forwards none, someone other than the school (a clerk, the commune)
    sending the school's files again in a mail of their own, as a copy of any earlier submission of the
    very same files."""

    message_id: str | None
    sent: dt.datetime | None
    resend: bool = False


@dataclass(frozen=True)
class SubmissionRow:
    message_key: str
    message_id: str
    report_id: str
    year: int
    school_id: str
    received_at: dt.datetime
    sender: str
    files: tuple[str, ...]
    sections_found: tuple[str, ...]
    sections_missing: tuple[str, ...]
    figures: dict[str, Any]
    evidence: tuple[str, ...]
    origin: Origin = Origin.AUTO
    kind: SubmissionKind = SubmissionKind.REPORT
    # each file and why it could not be read: of an unreadable one, or of one staff counted all the same
    problems: tuple[str, ...] = ()
    signatures: tuple[SignatureFact, ...] = ()  # the digital signatures of its documents, in file order
    content: str | None = None  # digest of the files it came from: equal for a resend of the same bytes
    # the message its mail forwards, or another's resend; None when it forwards none and the school sent it
    forwards: Forwarded | None = None
    # credited by its papers (submissions.by_papers): another school its address sends for changes nothing
    # of it (intake.pipeline._sent_for_another); None when not known (recorded before it was kept)
    by_papers: bool | None = None

    @property
    def readable(self) -> bool:
        return self.kind == SubmissionKind.REPORT

    @property
    def wrong_paper(self) -> bool:
        """Whether it was not counted because its file, read well, is another paper than the report (another
        plan's report, a plan: WRONG_PAPER), not because a file could not be read."""
        return not self.readable and any(WRONG_PAPER in p for p in self.problems)

    @property
    def supplement(self) -> bool:
        """Whether it adds to the school's report sent before rather than replacing it (SUPPLEMENT)."""
        return any(line.startswith(SUPPLEMENT) for line in self.evidence)

    @property
    def written_before(self) -> bool:
        """Whether it is an older version than the one counted when it came, arriving late (WRITTEN_BEFORE)."""
        return any(line.startswith(WRITTEN_BEFORE) for line in self.evidence)

    @property
    def version(self) -> bool:
        """Whether it is a version of the report that replaces the one before: readable, neither a supplement
        filed with the report nor an older version arriving late."""
        return self.readable and not self.supplement and not self.written_before

    @property
    def order_unsure(self) -> str:
        """Why which of it and the version before is newer is not known (ORDER_UNSURE); empty when it is."""
        return next(
            (line.removeprefix(ORDER_UNSURE) for line in self.evidence if line.startswith(ORDER_UNSURE)), ""
        )

    @property
    def note(self) -> bool:
        """A mail with no file, none that failed to be read, and nothing of the report in its words (a request
        for more time, a claim the report went by Zalo) that staff counted as the report: there was no report
        in it to read."""
        return not self.files and not self.problems and not self.sections_found

    @property
    def school_signature(self) -> SignatureFact | None:
        """The first valid digital signature of the school it is credited to, if any."""
        return school_signature(self.signatures, self.school_id)

    @property
    def file_time(self) -> bool:
        """Whether its receipt is the time its imported file was saved, its mail writing none (FILE_TIME)."""
        return any(FILE_TIME in line for line in self.evidence)

    @property
    def unread_beside(self) -> dict[str, str]:
        """Why each file of its mail beside the readable report could not be read, by file name (an annex
        cut short, a locked sheet: UNREAD_BESIDE): the school is asked to send it again, and what the
        report does not state may be in it."""
        return self._unread(UNREAD_BESIDE)

    @property
    def unread_in_mail(self) -> dict[str, str]:
        """Why each file of its mail not known to be the school's could not be read, by file name
        (UNREAD_IN_MAIL): the sender is asked to send it again."""
        return self._unread(UNREAD_IN_MAIL)

    @property
    def activity_photos(self) -> tuple[str, ...]:
        """The pictures of the school's activities its mail sent beside the report (ACTIVITY_PHOTO)."""
        return tuple(
            e.removeprefix(ACTIVITY_PHOTO).removesuffix("»")
            for e in self.evidence
            if e.startswith(ACTIVITY_PHOTO)
        )

    def _unread(self, prefix: str) -> dict[str, str]:
        found = (e.removeprefix(prefix).partition("»: ") for e in self.evidence if e.startswith(prefix))
        return {name: why for name, _, why in found}


CANDIDATES_KEPT = 6  # the ranked schools a review names; more only when the schools past them tie


# How a waiting request for a later deadline begins its reason (intake.classify writes it).
ASKS_EXTENSION = "Trường xin gia hạn nộp báo cáo: «"
# How intake ends the reason of mail that sends nothing and asks the office something (intake.classify._asked).
ASKS_OFFICE = "Thư có câu hỏi, cán bộ cần trả lời trường."


@dataclass(frozen=True)
class ReviewRow:
    message_key: str
    message_id: str
    report_id: str | None
    year: int | None
    sender: str
    subject: str
    received_at: dt.datetime
    reason: str
    candidates: tuple[str, ...]
    files: tuple[str, ...]
    withdraws: tuple[str, ...] = ()  # keys of the earlier messages this note asks to cancel
    forged: bool = False  # its sender failed the sender check, or imitates a school's address
    credited: tuple[str, ...] = ()  # the schools it counted for before a re-reading would move its credit
    # Candidates only another season's learned address offers, or only our letter to them that the mail
    # quotes without answering it: nothing of the mail ties it to them; they hold nothing.
    hints: tuple[str, ...] = ()
    # A part of it names no school (a paper of a school not on the list) beside a part naming candidates (a
    # file named for one of ours that could not be read): the candidates' later reports settle only their
    # part, so it keeps waiting for staff (kernel.status).
    unnamed_part: bool = False

    @property
    def asks_extension(self) -> bool:
        """A school's request for a later deadline, as intake words its reason (ASKS_EXTENSION)."""
        return ASKS_EXTENSION in self.reason

    @property
    def asks(self) -> bool:
        """Mail asking the office something, as intake words its reason (ASKS_OFFICE): only staff answer
        it, whatever the school sends after it."""
        return ASKS_OFFICE in self.reason

    @property
    def holds(self) -> tuple[str, ...]:
        """The candidates whose reminders this mail holds until staff decide: all of them, unless more
        than CANDIDATES_KEPT tie (a mail naming only a commune of nine schools). Such mail is at most
        one school's report and points at none of them: holding every one would silence the schools
        that owe the report for the sake of the one that may have sent it. Nor does forged mail hold the
        school it passes for: a forger would silence the school, which sent nothing and was told nothing.
        Nor does a candidate only a hint offers (hints): a principal's address learned for her old school
        in another season would silence that school, which sent nothing this season."""
        if self.forged:
            return ()
        held = self.candidates if len(self.candidates) <= CANDIDATES_KEPT else ()
        return tuple(s for s in held if s not in self.hints)


@dataclass(frozen=True)
class MessageDecision:
    """What staff decided about a message; re-processing honours it."""

    action: str  # assign | split | reject | internal
    school_id: str | None = None
    year: int | None = None  # assign only: the season staff chose, else the one the mail says
    report_id: str | None = None  # assign only: the plan staff chose, else the one the mail is


@dataclass(frozen=True)
class LearnedAddress:
    email: str
    school_id: str
    message_key: str  # the message whose assignment taught it
    created_at: dt.datetime
    active: bool


@dataclass(frozen=True)
class DatedTie:
    """A learned address's tie to a school that ended (forgotten, or moved to another school): until
    ended_at it was that school's, and decided alone in the season year (of the mail that taught it)."""

    email: str
    school_id: str
    message_key: str
    year: int | None
    learned_at: dt.datetime
    ended_at: dt.datetime


_TUPLES = (
    *("files", "sections_found", "sections_missing", "evidence", "candidates", "problems"),
    *("forwarded_from", "warnings", "bounced", "returned_mail", "returned_others", "withdraws", "credited"),
    "hints",
)
_ENUMS: dict[str, type[StrEnum]] = {"state": MessageState, "origin": Origin, "kind": SubmissionKind}


def _ours(conn: Connection, message_ids: Iterable[str], domain: str) -> list[str]:
    """The send-log keys of the office's mail with these Message-IDs (made by kernel.mailids for domain),
    found by the digest of its key that each Message-ID holds."""
    wanted = {mailids.digest_in(m) for m in message_ids if mailids.is_ours(m, domain)}
    if not wanted:
        return []
    return list(conn.execute(_OUTBOX_KEYS.where(outbox.c.message_hash.in_(wanted))).scalars())


def _row(cls: type, row: Any) -> Any:
    values = dict(row._mapping)
    values.pop("id", None)
    for name in _TUPLES:
        if name in values:
            values[name] = tuple(values[name] or ())
    for name, enum in _ENUMS.items():
        if name in values and cls is not ReviewRow:
            values[name] = enum(values[name])
    if "returned_as" in values:
        values["returned_as"] = {a: Returned(why) for a, why in (values["returned_as"] or {}).items()}
    for name in ("automatic", "internal", "forged", "unnamed_part"):
        if name in values:
            values[name] = bool(values[name])
    return cls(**values)


def shown_url(url: str) -> str:
    """The database URL as it may be printed or logged: its password replaced by ***."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:  # not a URL SQLAlchemy reads: keep only what follows the credentials
        return url.rpartition("@")[2]


# What PostgreSQL (or libpq) says when it turns a connection away, each with what the officer reads: the
# error raised and its words ({server}: host:port, {url}: the URL without its password, {0}: the name the
# message quotes). A server that does not answer (none running, one starting or stopping in a restart, none
# within reach) and one whose connections are all taken are no fault of the config: the command is run
# again later, and the daemon tries again by itself, saying so in its own words (the fourth). A name or
# password the server does not know is the config's.
_REFUSALS: tuple[tuple[re.Pattern[str], type[StoreError], str, str], ...] = (
    (
        re.compile(
            "Connection refused|the database system is|server closed the connection unexpectedly"
            "|timeout expired|Connection timed out|No route to host"
        ),
        DatabaseAwayError,
        "máy chủ cơ sở dữ liệu {server} không trả lời (chưa chạy hoặc đang khởi động lại). Chờ một lát rồi "
        "chạy lại; nếu vẫn vậy, kiểm tra dịch vụ PostgreSQL trên máy đó.",
        "máy chủ cơ sở dữ liệu {server} không trả lời (chưa chạy hoặc đang khởi động lại); nếu vẫn vậy sau "
        "ít phút, kiểm tra dịch vụ PostgreSQL trên máy đó",
    ),
    (
        re.compile("too many clients already|remaining connection slots are reserved"),
        DatabaseCrowdedError,
        "máy chủ cơ sở dữ liệu {server} không nhận thêm kết nối: đã đủ số kết nối tối đa (max_connections) "
        "do các chương trình đang kết nối giữ. Chưa có gì bị mất: chờ một lát rồi chạy lại; nếu vẫn vậy, "
        "đóng bớt các chương trình hay tiến trình đang kết nối đến máy chủ ấy, hoặc tăng max_connections "
        "trong postgresql.conf rồi khởi động lại PostgreSQL.",
        "máy chủ cơ sở dữ liệu {server} không nhận thêm kết nối: đã đủ số kết nối tối đa (max_connections) "
        "do các chương trình đang kết nối giữ. Chưa có gì bị mất; nếu vẫn vậy sau ít phút, đóng bớt các "
        "chương trình hay tiến trình đang kết nối đến máy chủ ấy, hoặc tăng max_connections trong "
        "postgresql.conf rồi khởi động lại PostgreSQL",
    ),
    (
        re.compile(r'database "([^"]*)" does not exist'),
        StoreError,
        "không mở được cơ sở dữ liệu {url}: máy chủ không có cơ sở dữ liệu «{0}». Kiểm tra [storage].database "
        "trong tệp cấu hình (tên gõ sai?), hoặc tạo cơ sở dữ liệu ấy trên máy chủ (createdb {0}).",
        "",
    ),
    (
        re.compile(r'role "([^"]*)" does not exist'),
        StoreError,
        "không mở được cơ sở dữ liệu {url}: máy chủ không có người dùng «{0}». Kiểm tra [storage].database "
        "trong tệp cấu hình.",
        "",
    ),
    (
        re.compile(r'password authentication failed for user "([^"]*)"'),
        StoreError,
        "không mở được cơ sở dữ liệu {url}: sai mật khẩu của người dùng «{0}». Kiểm tra mật khẩu trong "
        "[storage].database của tệp cấu hình (hoặc đặt lại mật khẩu của người dùng ấy trên máy chủ).",
        "",
    ),
    (
        re.compile(r"no password supplied"),
        StoreError,
        "không mở được cơ sở dữ liệu {url}: máy chủ đòi mật khẩu mà [storage].database không ghi. Kiểm tra "
        "[storage].database trong tệp cấu hình: ghi mật khẩu sau tên người dùng (postgresql+psycopg://"
        "người_dùng:mật_khẩu@máy_chủ/tên).",
        "",
    ),
    (
        re.compile(r'no pg_hba\.conf entry for host "([^"]*)"'),
        StoreError,
        "không mở được cơ sở dữ liệu {url}: máy chủ không cho máy {0} kết nối. Thêm máy này vào pg_hba.conf "
        "của máy chủ, rồi kiểm tra [storage].database trong tệp cấu hình.",
        "",
    ),
)


def _not_opened(url: str, e: Exception) -> StoreError:
    """Why the database at url could not be opened: PostgreSQL's refusals (_REFUSALS) in Vietnamese, each
    with what to do; any other cause in the driver's words, with the config key to check."""
    said = str(e.orig) if isinstance(e, DBAPIError) else str(e)
    shown = shown_url(url)
    for pattern, error, words, retried in _REFUSALS:
        if isinstance(e, OperationalError) and (found := pattern.search(said)):
            where = make_url(url)  # a URL the driver connected with: SQLAlchemy read it
            server = f"{where.host or 'localhost'}:{where.port or 5432}"
            told = words.format(*found.groups(), server=server, url=shown)
            if issubclass(error, DatabaseUnusableError):
                return error(told, unattended=retried.format(*found.groups(), server=server, url=shown))
            return error(told)
    return StoreError(
        f"không mở được cơ sở dữ liệu {shown}: {said.replace(url, shown)}. Kiểm tra [storage].database "
        "trong tệp cấu hình."
    )


def database_said(e: BaseException) -> str | None:
    """The first line of what the database said behind e, for a log line: a DatabaseUnusableError's own
    words, else the driver's for one of SQLAlchemy's errors or a StoreError raised from one (never
    SQLAlchemy's SQL, parameters and link); None when e is no error of the database."""
    if isinstance(e, DatabaseUnusableError):
        said = str(e)
    else:
        cause = e.__cause__ if isinstance(e, StoreError) else e
        if not isinstance(cause, SQLAlchemyError):
            return None
        said = str(cause.orig) if isinstance(cause, DBAPIError) else str(cause)
    lines = said.strip().splitlines()
    return lines[0] if lines else type(e).__name__


def retry_note(e: BaseException, seconds: float) -> str:
    """The one log line of a process that found the database away (restarted, unreachable) and asks it
    again in seconds: what the database said (database_said), never SQLAlchemy's SQL or link; of its own
    trouble (a disk full, another program holding it), what to do as told to a process that tries again by
    itself, not to run the command again."""
    unusable = next((c for c in _causes(e) if isinstance(c, DatabaseUnusableError)), None)
    if unusable is not None:
        said = unusable.unattended
    else:
        said = database_said(e) or (str(e).splitlines()[0] if str(e) else type(e).__name__)
    return f"cơ sở dữ liệu chưa trả lời ({said}); baocao tự thử lại sau {seconds:.0f} giây"


def _causes(e: BaseException) -> Iterator[BaseException]:
    """e and the errors it was raised from, the nearest first."""
    seen: BaseException | None = e
    while seen is not None:
        yield seen
        seen = seen.__cause__


# How long a write waits for another program holding the SQLite database's write lock (a backup, a database
# browser) before DatabaseBusyError: the daemon tries again later, a command stops.
BUSY_SECONDS = 30.0


def _unusable_error(error: type[DatabaseUnusableError], trouble: str, remedy: str) -> DatabaseUnusableError:
    """error saying trouble and the remedy: before the command is run again, or while the daemon tries
    again by itself."""
    return error(
        f"{trouble} Chưa có gì bị mất: {remedy} rồi chạy lại lệnh.",
        unattended=f"{trouble} Chưa có gì bị mất: {remedy}",
    )


def _unusable(url: str, e: BaseException) -> DatabaseUnusableError | None:
    """The database's own trouble behind e (the driver's error), which no message or command caused: held
    by another program, its disk full, read-only or failing. None for any other error."""
    said, code = str(e), getattr(e, "sqlstate", None)  # sqlstate: PostgreSQL's code (psycopg)
    database = make_url(url).database or ""
    sqlite_file = url.startswith("sqlite") and database not in ("", ":memory:")
    where = database if sqlite_file else shown_url(url)
    if "database is locked" in said:
        return _unusable_error(
            DatabaseBusyError,
            f"cơ sở dữ liệu {where} đang bị một chương trình khác giữ (đang sao lưu, hoặc đang mở bằng phần "
            "mềm khác như DB Browser mà chưa lưu thay đổi).",
            "chờ sao lưu xong hoặc đóng phần mềm đó",
        )
    if "database or disk is full" in said or code == "53100":
        return _full(where)
    if code == "25006":
        return _unusable_error(
            DatabaseReadOnlyError,
            f"máy chủ cơ sở dữ liệu {where} chỉ cho đọc (máy chủ dự phòng, hoặc đặt chế độ chỉ đọc).",
            "trỏ [storage].database tới máy chủ chính, hoặc cho máy chủ ghi lại",
        )
    if not sqlite_file:
        return None
    if "attempt to write a readonly database" in said or any(
        words in said for words in ("unable to open database file", "disk I/O error")
    ):
        return _sqlite_unwritable(Path(database), said)
    return None


def _full(where: str) -> DatabaseUnusableError:
    return _unusable_error(
        DatabaseFullError, f"ổ đĩa chứa cơ sở dữ liệu {where} đã đầy.", "giải phóng chỗ trống trên ổ đĩa"
    )


# Less free space than this beside an SQLite file that failed to be written is a full disk: SQLite says
# «disk I/O error» when its -wal or -shm file cannot grow.
_NEARLY_FULL_BYTES = 1024 * 1024


def _sqlite_unwritable(path: Path, said: str) -> DatabaseUnusableError:
    """Why the SQLite file at path could not be opened or written: its disk read-only or full, no right to
    write its file or folder (SQLite writes its -wal and -shm beside it), else the disk or the file itself."""
    folder = path.parent
    try:
        disk = os.statvfs(folder)
    except OSError:
        disk = None
    if disk is not None and disk.f_flag & os.ST_RDONLY:
        return _unusable_error(
            DatabaseReadOnlyError,
            f"cơ sở dữ liệu {path} chỉ cho đọc: ổ đĩa chứa nó đang ở chế độ chỉ đọc (có thể đĩa bị lỗi hoặc "
            "gắn sai).",
            "kiểm tra ổ đĩa và gắn lại cho ghi được",
        )
    if disk is not None and disk.f_bavail * disk.f_frsize < _NEARLY_FULL_BYTES:
        return _full(str(path))
    if folder.is_dir() and (
        not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK))
    ):
        return _unusable_error(
            DatabaseReadOnlyError,
            f"cơ sở dữ liệu {path} chỉ cho đọc: tài khoản chạy baocao không có quyền ghi tệp hoặc thư mục "
            "chứa nó.",
            "cấp quyền ghi cho tài khoản đó",
        )
    trouble = "lỗi đọc ghi đĩa" if "disk I/O error" in said else "không mở được tệp"
    return _unusable_error(
        DatabaseUnusableError,
        f"không dùng được cơ sở dữ liệu {path}: {trouble} (có thể đĩa bị lỗi hoặc bị gỡ ra, hoặc tệp bị xoá "
        "hay chuyển đi).",
        "kiểm tra ổ đĩa và tệp",
    )


class Deferred:
    """What a Store.deferring block holds back until the message's outcome is recorded."""

    def __init__(self, on_outcome: Callable[[Connection, MessageRow, int], None] | None) -> None:
        self.on_outcome = on_outcome
        self.writes: list[Callable[[Connection], None]] = []
        self.recorded: MessageRow | None = None  # the last outcome recorded in the block

    def run(self, conn: Connection, row: MessageRow | None, reviews: int = 0) -> None:
        """Do the writes held back; with the outcome row recorded (and its count of reviews), on_outcome."""
        for write in self.writes:
            write(conn)
        self.writes.clear()
        if row is not None:
            self.recorded = row
            if self.on_outcome is not None:
                self.on_outcome(conn, row, reviews)


class Store:
    """One database; open with Store.open(url)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._local = threading.local()  # this thread's open transaction and Deferred block

    @classmethod
    def open(cls, url: str, busy_seconds: float | None = None, *, reading: bool = False) -> Store:
        """The database at url; an SQLite write waits busy_seconds for another program's lock before
        DatabaseBusyError (BUSY_SECONDS when None). reading: for a command that only reads, an SQLite file
        on a disk mounted read-only is read as it is (SQLite cannot open a WAL database there otherwise)."""
        opened = url
        if url.startswith("sqlite:///") and not url.endswith(":memory:"):
            path = Path(url.removeprefix("sqlite:///"))
            if reading and _on_read_only_disk(path):
                opened = _immutable(path)
            else:
                _create_private(path)
        try:
            engine = create_engine(
                opened, future=True, json_serializer=lambda o: json.dumps(o, ensure_ascii=False)
            )
            if engine.dialect.name == "sqlite":
                event.listen(engine, "connect", partial(_sqlite_pragmas, busy_seconds))
            event.listen(engine, "handle_error", lambda context: _troubled(url, context))
            schema.prepare(engine)
        except (SQLAlchemyError, OSError) as e:
            raise _not_opened(url, e) from e
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A transaction; inside another of this thread's, that one (what the block writes is committed
        with it, or not at all)."""
        joined: Connection | None = getattr(self._local, "conn", None)
        if joined is not None:
            yield joined
            return
        with self.engine.begin() as conn:
            self._local.conn = conn
            try:
                yield conn
            finally:
                self._local.conn = None

    @contextmanager
    def deferring(
        self, on_outcome: Callable[[Connection, MessageRow, int], None] | None = None
    ) -> Iterator[Deferred]:
        """Hold back the writes deferred in this thread (defer) until a message's outcome is recorded
        (record_outcome), and write them in its transaction, with on_outcome(conn, row, reviews): one commit
        where each took one. Those still held when the block ends are written then; when it ends by an
        error they are dropped (a deferred write is one that may be lost, such as a cache's)."""
        previous = getattr(self._local, "deferred", None)
        deferred = self._local.deferred = Deferred(on_outcome)
        try:
            yield deferred
        finally:
            self._local.deferred = previous
        if deferred.writes:
            with self.begin() as conn:
                deferred.run(conn, None)

    def defer(self, write: Callable[[Connection], None]) -> None:
        """A write that may wait for the message's outcome (see deferring); done now outside such a block."""
        deferred: Deferred | None = getattr(self._local, "deferred", None)
        if deferred is not None:
            deferred.writes.append(write)
            return
        with self.begin() as conn:
            write(conn)

    # -- messages ------------------------------------------------------------------------------

    def keys_by_message_id(self, message_ids: Iterable[str]) -> dict[str, str]:
        """Message-ID -> key of the recorded messages among these Message-IDs (exact match)."""
        wanted = list(dict.fromkeys(message_ids))
        found: dict[str, str] = {}
        with self.engine.connect() as conn:
            for start in range(0, len(wanted), 500):  # keep each IN (...) list modest
                for row in conn.execute(_KEYS_BY_MESSAGE_ID, {"ids": wanted[start : start + 500]}):
                    found.setdefault(row.message_id, row.key)
        return found

    def keys_of_message_id(self, message_id: str) -> list[str]:
        """The keys of every recorded message under this Message-ID (exact match), first received first:
        the copies of one sending that were each read."""
        with self.engine.connect() as conn:
            return [row.key for row in conn.execute(_KEYS_BY_MESSAGE_ID, {"ids": [message_id]})]

    def message(self, key: str) -> MessageRow | None:
        with self.engine.connect() as conn:
            row = conn.execute(_MESSAGE_BY_KEY, {"wanted": key}).first()
        return _row(MessageRow, row) if row else None

    def messages_by_key(self, keys: Iterable[str]) -> dict[str, MessageRow]:
        """Key -> row of those of these messages that are recorded, in one query per 500 keys."""
        wanted = list(dict.fromkeys(keys))
        found: dict[str, MessageRow] = {}
        with self.engine.connect() as conn:
            for start in range(0, len(wanted), 500):  # keep each IN (...) list modest
                query = select(messages).where(messages.c.key.in_(wanted[start : start + 500]))
                found.update((r.key, _row(MessageRow, r)) for r in conn.execute(query))
        return found

    def find_messages(self, ref: str) -> list[MessageRow]:
        """Messages whose key starts with ref or whose Message-ID equals ref (with or without <>)."""
        ref = ref.strip()
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(messages).where(
                    (messages.c.message_id == ref.strip("<>")) | (messages.c.key.startswith(ref.lower()))
                )
            ).all()
        return [_row(MessageRow, r) for r in rows]

    def messages(
        self, *, states: Iterable[str] | None = None, since: dt.datetime | None = None
    ) -> list[MessageRow]:
        query = select(messages).order_by(messages.c.received_at, messages.c.read_order)
        if states is not None:
            query = query.where(messages.c.state.in_(list(states)))
        if since is not None:
            query = query.where(messages.c.received_at >= since)
        with self.engine.connect() as conn:
            return [_row(MessageRow, r) for r in conn.execute(query)]

    def mail_from(
        self, senders: Iterable[str], states: Iterable[str], since: dt.datetime, until: dt.datetime
    ) -> list[MessageRow]:
        """The messages in these states sent from these addresses (in any case) and received between two
        moments (since included, until excluded), the latest first; mail sent by a program (auto-replies)
        left out."""
        wanted = sorted({s.lower() for s in senders})
        if not wanted:
            return []
        query = (
            select(messages)
            .where(func.lower(messages.c.sender).in_(wanted), messages.c.state.in_(list(states)))
            .where(messages.c.received_at >= since, messages.c.received_at < until)
            .where(messages.c.automatic.is_(False))
            .order_by(messages.c.received_at.desc(), messages.c.read_order.desc())
        )
        with self.engine.connect() as conn:
            return [_row(MessageRow, r) for r in conn.execute(query)]

    def last_sent_from(
        self, senders: Iterable[str], since: dt.datetime, until: dt.datetime
    ) -> dict[str, dt.datetime]:
        """Sender (lower case) -> when mail from it (in any case) last came, between two moments (both
        included), of these senders; a program's reply (an out-of-office) counts: the mailbox works."""
        wanted = sorted({s.lower() for s in senders})
        if not wanted:
            return {}
        query = (
            select(func.lower(messages.c.sender), func.max(messages.c.received_at))
            .where(func.lower(messages.c.sender).in_(wanted))
            .where(messages.c.received_at >= since, messages.c.received_at <= until)
            .group_by(func.lower(messages.c.sender))
        )
        with self.engine.connect() as conn:
            return {sender: at for sender, at in conn.execute(query)}

    def bounces(self, since: dt.datetime, until: dt.datetime) -> dict[str, dt.datetime]:
        """Address -> when mail to it last came back, from the bounces received between two moments."""
        return {address: at for address, (at, _) in self.returns(since, until).items()}

    def returns(self, since: dt.datetime, until: dt.datetime) -> dict[str, tuple[dt.datetime, Returned]]:
        """Address -> when mail to it last came back and why then, from the bounces received between two
        moments."""
        query = (
            select(messages.c.bounced, messages.c.returned_as, messages.c.received_at)
            .where(messages.c.received_at >= since, messages.c.received_at <= until)
            .where(messages.c.state == MessageState.NOISE)
            .order_by(messages.c.received_at, messages.c.read_order)
        )
        found: dict[str, tuple[dt.datetime, Returned]] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                why = row.returned_as or {}
                found.update(
                    (address, (row.received_at, Returned(why.get(address, Returned.OTHER))))
                    for address in row.bounced or ()
                )
        return found

    def returned_mails(self, since: dt.datetime, until: dt.datetime) -> dict[str, ReturnedMail]:
        """Address -> which mail came back the last time mail to it did, from the bounces received between
        two moments: ours (its kind and when it was sent) or mail baocao never sent."""
        query = (
            select(messages.c.bounced, messages.c.returned_mail, messages.c.returned_others)
            .where(messages.c.received_at >= since, messages.c.received_at <= until)
            .where(messages.c.state == MessageState.NOISE)
            .order_by(messages.c.received_at, messages.c.read_order)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
            keys = {k for row in rows for k in row.returned_mail or ()}
            sent = (
                {r.key: (r.kind, r.sent_at) for r in conn.execute(_OUTBOX_SENT.where(outbox.c.key.in_(keys)))}
                if keys
                else {}
            )
        found: dict[str, ReturnedMail] = {}
        for row in rows:
            which = ReturnedMail(
                tuple(sent[k] for k in row.returned_mail or () if k in sent), bool(row.returned_others)
            )
            found.update(dict.fromkeys(row.bounced or (), which))
        return found

    def sent_mail(self, keys: Iterable[str]) -> tuple[tuple[str, dt.datetime | None], ...]:
        """The kind and the sending time of each of the office's mail with these send-log keys."""
        wanted = list(keys)
        if not wanted:
            return ()
        with self.engine.connect() as conn:
            return tuple(
                (r.kind, r.sent_at) for r in conn.execute(_OUTBOX_SENT.where(outbox.c.key.in_(wanted)))
            )

    def read_by_other_rules(self, rules: str) -> int:
        """How many messages were read by other rules than these (config.toml changed since)."""
        query = (
            select(func.count())
            .select_from(messages)
            .where(messages.c.rules.is_not(None), messages.c.rules != rules)
        )
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar() or 0)

    def failed_senders(self, since: dt.datetime, until: dt.datetime) -> frozenset[str]:
        """The senders (lower case) of the messages received between two moments (since excluded) that
        could not be processed."""
        query = (
            select(messages.c.sender)
            .where(messages.c.received_at > since, messages.c.received_at <= until)
            .where(messages.c.state == MessageState.FAILED)
            .distinct()
        )
        with self.engine.connect() as conn:
            return frozenset(row.sender.lower() for row in conn.execute(query) if row.sender)

    def sender_checks(self, keys: Iterable[str]) -> dict[str, SenderCheck]:
        """Message key -> what the sender check found, for those of these messages that were checked."""
        wanted = list(dict.fromkeys(keys))
        found: dict[str, SenderCheck] = {}
        with self.engine.connect() as conn:
            for start in range(0, len(wanted), 500):  # keep each IN (...) list modest
                query = select(messages.c.key, messages.c.sender_check).where(
                    messages.c.key.in_(wanted[start : start + 500]), messages.c.sender_check.is_not(None)
                )
                found.update((row.key, row.sender_check) for row in conn.execute(query))
        return found

    def save_message(self, row: MessageRow, *, new: bool = False) -> MessageRow | None:
        """Insert or replace the message's row; returns the row of the same message already recorded
        under another key (it came by another road), in which case nothing is written. new: the caller
        found no row of it, so the insert is tried first (the row is replaced all the same if there is one)."""
        values = dict(row.__dict__)
        with self.begin() as conn:
            if not new and _replace_message(conn, values):
                return None
            # One statement, where a savepoint around a plain INSERT took three.
            if conn.execute(insert_new(conn, messages), _placed(conn, values)).rowcount == 1:
                return None
            # Another writer recorded this key, or this content under another key, first.
            if _replace_message(conn, values):
                return None
            twin = conn.execute(select(messages).where(messages.c.content_key == row.content_key)).first()
        if twin is None:
            raise StoreError(f"không ghi được thư {row.message_id} vào cơ sở dữ liệu (xung đột khóa)")
        return _row(MessageRow, twin)

    def take_read_order(self) -> int:
        """The next place in the order mail is first read in, for a message read now and recorded later (a
        reader queues it): taken in this thread's transaction when there is one, so a reader's messages
        take their places in the commit that queues them, in the mailbox's order."""
        with self.begin() as conn:
            return _take_read_order(conn)

    def claim_sending(self, sending: str, key: str, now: dt.datetime) -> str:
        """Claim a sending for the message under key unless another message did first; the key of the
        message that holds it (key itself when this claim won, or won before)."""
        with self.begin() as conn:
            claimed = conn.execute(
                insert_new(conn, sendings), {"sending": sending, "message_key": key, "claimed_at": now}
            )
            if claimed.rowcount == 1:  # won now: no need to ask who holds it
                return key
            holder = conn.execute(_SENDING_HOLDER, {"wanted": sending}).scalar()
        return str(holder)

    def forget_pending(self, key: str) -> None:
        """Remove the row of a message not interpreted yet (another copy of it is recorded instead)."""
        with self.begin() as conn:
            conn.execute(
                delete(messages).where(messages.c.key == key, messages.c.state == MessageState.PENDING)
            )

    def message_by_content(self, content_key: str) -> MessageRow | None:
        with self.engine.connect() as conn:
            row = conn.execute(_MESSAGE_BY_CONTENT, {"wanted": content_key}).first()
        return _row(MessageRow, row) if row else None

    def record_outcome(
        self, row: MessageRow, subs: Iterable[SubmissionRow], revs: Iterable[ReviewRow]
    ) -> None:
        """Replace everything this message produced automatically, in one transaction."""
        message = dict(row.__dict__)
        revs = tuple(revs)
        with self.begin() as conn:
            if not _replace_message(conn, message):
                conn.execute(_INSERT_MESSAGE, _placed(conn, message))
            conn.execute(_DELETE_AUTO_SUBMISSIONS, {"wanted": row.key})
            conn.execute(_DELETE_REVIEWS, {"wanted": row.key})
            # A school's submission staff made of the message (assign) stays, and no automatic one beside it.
            adding = insert_new(conn, submissions)
            for sub in subs:
                conn.execute(adding, _values(sub))
            for rev in revs:
                conn.execute(_INSERT_REVIEW, _values(rev))
            deferred: Deferred | None = getattr(self._local, "deferred", None)
            if deferred is not None:
                deferred.run(conn, row, len(revs))

    # -- submissions and reviews ---------------------------------------------------------------

    def submissions(
        self,
        *,
        report_id: str | None = None,
        year: int | None = None,
        school_id: str | None = None,
        message_keys: Iterable[str] | None = None,
        sender: str | None = None,
        received: tuple[dt.datetime, dt.datetime] | None = None,
    ) -> list[SubmissionRow]:
        """Submissions in order of receipt (of one second, in the order their mail was first read); of these
        messages, this sender (any case) and received in [start, end) when given."""
        query = _IN_ARRIVAL[submissions]
        if report_id is not None:
            query = query.where(submissions.c.report_id == report_id)
        if year is not None:
            query = query.where(submissions.c.year == year)
        if school_id is not None:
            query = query.where(submissions.c.school_id == school_id)
        if message_keys is not None:
            query = query.where(submissions.c.message_key.in_(list(message_keys)))
        if sender is not None:
            query = query.where(func.lower(submissions.c.sender) == sender.lower())
        if received is not None:
            query = query.where(
                submissions.c.received_at >= received[0], submissions.c.received_at < received[1]
            )
        with self.engine.connect() as conn:
            return [_row(SubmissionRow, r) for r in conn.execute(query)]

    def reviews(
        self, *, report_id: str | None = None, year: int | None = None, message_key: str | None = None
    ) -> list[ReviewRow]:
        """Review rows in order of receipt (of one second, in the order their mail was first read); of a
        report and year (or of none), or of one message, when given."""
        query = _IN_ARRIVAL[reviews]
        if message_key is not None:
            query = query.where(reviews.c.message_key == message_key)
        if report_id is not None:
            query = query.where((reviews.c.report_id == report_id) | (reviews.c.report_id.is_(None)))
        if year is not None:
            query = query.where((reviews.c.year == year) | (reviews.c.year.is_(None)))
        with self.engine.connect() as conn:
            return [_row(ReviewRow, r) for r in conn.execute(query)]

    def keep_gone_credit(self, key: str, lead: str, schools: tuple[str, ...]) -> None:
        """Put lead before the reason of each review row of the message, and remember schools among the
        ones it counted for (credited): a school taken off config.toml since, whose report waits for staff,
        stays named when the message is read again."""
        with self.begin() as conn:
            for row in conn.execute(
                select(reviews.c.id, reviews.c.reason, reviews.c.credited).where(reviews.c.message_key == key)
            ):
                credited = tuple(dict.fromkeys((*(row.credited or ()), *schools)))
                reason = row.reason if row.reason.startswith(lead) else f"{lead} {row.reason}"
                conn.execute(
                    update(reviews)
                    .where(reviews.c.id == row.id)
                    .values(reason=reason, credited=list(credited))
                )

    def message_years(self, keys: Iterable[str]) -> dict[str, int]:
        """Message key -> the latest season (year) any of its submissions or reviews stands for, for
        those of these messages that have one."""
        wanted = list(dict.fromkeys(keys))
        found: dict[str, int] = {}
        with self.engine.connect() as conn:
            for table in (submissions, reviews):
                for start in range(0, len(wanted), 500):  # keep each IN (...) list modest
                    query = (
                        select(table.c.message_key, func.max(table.c.year).label("year"))
                        .where(
                            table.c.message_key.in_(wanted[start : start + 500]), table.c.year.is_not(None)
                        )
                        .group_by(table.c.message_key)
                    )
                    for row in conn.execute(query):
                        found[row.message_key] = max(found.get(row.message_key, row.year), row.year)
        return found

    def latest_receipt(self) -> dt.datetime | None:
        """When the latest message recorded was received, as the mail server stamped it."""
        with self.engine.connect() as conn:
            return conn.execute(select(func.max(messages.c.received_at))).scalar()

    def years(self, report_id: str) -> list[int]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(submissions.c.year).where(submissions.c.report_id == report_id).distinct()
            ).all()
        return sorted(r.year for r in rows)

    # -- staff decisions and learned addresses ------------------------------------------------

    def decision(self, key: str) -> MessageDecision | None:
        with self.engine.connect() as conn:
            row = conn.execute(_DECISION_OF, {"wanted": key}).first()
        return MessageDecision(row.action, row.school_id, row.year, row.report_id) if row else None

    def decide(self, key: str, decision: MessageDecision, now: dt.datetime) -> None:
        with self.begin() as conn:
            conn.execute(delete(decisions).where(decisions.c.message_key == key))
            conn.execute(
                insert(decisions).values(
                    message_key=key,
                    action=decision.action,
                    school_id=decision.school_id,
                    year=decision.year,
                    report_id=decision.report_id,
                    decided_at=now,
                )
            )

    def undecide(self, key: str) -> None:
        """Take back what staff decided about the message (a decision that would have recorded nothing)."""
        with self.begin() as conn:
            conn.execute(delete(decisions).where(decisions.c.message_key == key))

    def assigned_since(self, since: dt.datetime) -> dict[str, dt.datetime]:
        """Message key -> when staff assigned it (or split it among its schools), for the decisions made at
        or after since."""
        query = select(decisions.c.message_key, decisions.c.decided_at).where(
            decisions.c.action.in_(("assign", "split")), decisions.c.decided_at >= since
        )
        with self.engine.connect() as conn:
            return {r.message_key: r.decided_at for r in conn.execute(query)}

    def read_late_since(self, since: dt.datetime) -> dict[str, dt.datetime]:
        """Message key -> when a poll read it, for the mail read at or after since that came to a mailbox
        already read through before it came (MessageRow.read_at)."""
        query = select(messages.c.key, messages.c.read_at).where(messages.c.read_at >= since)
        with self.engine.connect() as conn:
            return {r.key: r.read_at for r in conn.execute(query)}

    def decided_since(self, since: dt.datetime) -> dict[str, dt.datetime]:
        """Message key -> when staff decided about it (assigned, rejected or marked the office's own
        mail), for the decisions standing that were made at or after since."""
        query = select(decisions.c.message_key, decisions.c.decided_at).where(decisions.c.decided_at >= since)
        with self.engine.connect() as conn:
            return {r.message_key: r.decided_at for r in conn.execute(query)}

    def assigned_from(self, sender: str) -> dict[str, str]:
        """Message key -> school of the staff assignments that stand on messages sent from sender."""
        query = (
            select(decisions.c.message_key, decisions.c.school_id)
            .join(messages, messages.c.key == decisions.c.message_key)
            .where(messages.c.sender == sender, decisions.c.action == "assign")
        )
        with self.engine.connect() as conn:
            return {r.message_key: r.school_id for r in conn.execute(query)}

    def learned_addresses(self, *, active_only: bool = True) -> dict[str, str]:
        query = _ACTIVE_LEARNED if active_only else _ALL_LEARNED
        with self.engine.connect() as conn:
            return {r.email: r.school_id for r in conn.execute(query)}

    def schools_written(self, message_ids: Iterable[str], domain: str) -> tuple[str, ...]:
        """The schools that the office's mail with these Message-IDs (ours, made by kernel.mailids for
        domain) went to: reminders and acknowledgements, which a school's reply names in its
        In-Reply-To and References (_ours); mail to staff has no school."""
        with self.engine.connect() as conn:
            keys = _ours(conn, message_ids, domain)
            rows = conn.execute(_SCHOOLS_WRITTEN.where(outbox.c.key.in_(keys))).all() if keys else []
        return tuple(dict.fromkeys(r.school_id for r in rows))

    def sent_as(self, message_ids: Iterable[str], domain: str) -> tuple[str, ...]:
        """The send-log keys of the office's mail with these Message-IDs (ours, made by kernel.mailids for
        domain)."""
        with self.engine.connect() as conn:
            return tuple(_ours(conn, message_ids, domain))

    def returned_mail(self) -> dict[str, tuple[str, ...]]:
        """Send-log key -> the addresses a bounce of that mail said it did not reach."""
        query = select(messages.c.bounced, messages.c.returned_mail).where(
            messages.c.state == MessageState.NOISE, messages.c.returned_mail.is_not(None)
        )
        found: dict[str, tuple[str, ...]] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                for key in row.returned_mail or ():
                    found[key] = tuple(dict.fromkeys((*found.get(key, ()), *(row.bounced or ()))))
        return found

    def answered_by_ours(self, message_ids: Iterable[str], domain: str) -> tuple[str, ...]:
        """The Message-IDs that the office's mail with these Message-IDs (ours, made by kernel.mailids
        for domain) answered, from their In-Reply-To: an acknowledgement names the school's report. A
        reply to the acknowledgement whose client writes only In-Reply-To, no References, names the
        report through it."""
        with self.engine.connect() as conn:
            keys = _ours(conn, message_ids, domain)
            query = select(outbox.c.message).where(outbox.c.key.in_(keys))
            raws = conn.execute(query).scalars().all() if keys else []
        heads = (email.parser.BytesHeaderParser().parsebytes(raw) for raw in raws)
        return tuple(
            dict.fromkeys(m for head in heads for m in mailids.named_in(head.get("In-Reply-To", "")))
        )

    def senders_of(self, message_ids: Iterable[str]) -> frozenset[str]:
        """The senders (lower case) of the recorded mail with these Message-IDs, the office's own left out:
        whoever wrote the messages a reply answers."""
        wanted = list(dict.fromkeys(message_ids))[:500]  # a thread's References, never this long
        if not wanted:
            return frozenset()
        with self.engine.connect() as conn:
            rows = conn.execute(_SENDERS_OF, {"ids": wanted}).all()
        return frozenset(r.sender.lower() for r in rows if r.sender)

    def learned_years(self) -> dict[str, int]:
        """Each active learned address -> the season (year) of the report whose message taught it: the
        latest year that message stands recorded for the school. An address whose message records
        nothing for it is left out."""
        with self.engine.connect() as conn:
            return {r.email: r.year for r in conn.execute(_LEARNED_YEARS)}

    def learned_history(self) -> list[LearnedAddress]:
        """Every learned address, the forgotten ones too, newest first."""
        query = select(learned_addresses).order_by(
            learned_addresses.c.created_at.desc(), learned_addresses.c.email
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [
            LearnedAddress(r.email, r.school_id, r.message_key, r.created_at, bool(r.active)) for r in rows
        ]

    def learn_address(
        self, email: str, school_id: str, key: str, now: dt.datetime, *, dated: bool = False
    ) -> None:
        """Tie email to school_id from the message key; dated: the tie it replaces (to another school, or
        taught by another message, of its own season) is kept dated (_date), else the mail it credited is
        read as the new tie says in every season."""
        with self.begin() as conn:
            if dated:
                _date(conn, email, now, unless=(school_id, key))
            conn.execute(delete(learned_addresses).where(learned_addresses.c.email == email))
            conn.execute(
                insert(learned_addresses).values(
                    email=email, school_id=school_id, message_key=key, created_at=now, active=1
                )
            )

    def forget_address(self, email: str, now: dt.datetime, *, dated: bool) -> bool:
        """Stop matching mail from a learned address; dated: its tie is kept dated (_date). False when it
        was not in force."""
        with self.begin() as conn:
            if dated:
                _date(conn, email, now)
            done = conn.execute(
                update(learned_addresses)
                .where(learned_addresses.c.email == email, learned_addresses.c.active == 1)
                .values(active=0)
            )
        return done.rowcount > 0

    def dated_ties(self, emails: Iterable[str]) -> list[DatedTie]:
        """The ended ties of these addresses (lower case), the earliest ended first."""
        wanted = sorted({e.lower() for e in emails if e})
        if not wanted:
            return []
        query = (
            select(dated_addresses)
            .where(dated_addresses.c.email.in_(wanted))
            .order_by(dated_addresses.c.ended_at, dated_addresses.c.id)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [DatedTie(r.email, r.school_id, r.message_key, r.year, r.learned_at, r.ended_at) for r in rows]

    def undate_address(self, email: str, schools: Collection[str]) -> None:
        """Drop the ended ties of an address kept dated to these schools: mail of every season from it is
        read as it stands now, the ties to other schools aside."""
        query = delete(dated_addresses).where(
            dated_addresses.c.email == email, dated_addresses.c.school_id.in_(sorted(schools))
        )
        with self.begin() as conn:
            conn.execute(query)


def _date(conn: Connection, email: str, now: dt.datetime, *, unless: tuple[str, str] | None = None) -> None:
    """Keep the tie in force of email as a dated one ending at now, with the season of the mail that taught
    it; unless it is that very tie (school, teaching message)."""
    row = conn.execute(_ACTIVE_LEARNED.where(learned_addresses.c.email == email)).first()
    if row is None or (row.school_id, row.message_key) == unless:
        return
    year = conn.execute(_LEARNED_YEARS.where(learned_addresses.c.email == email)).first()
    conn.execute(
        insert(dated_addresses).values(
            email=email,
            school_id=row.school_id,
            message_key=row.message_key,
            year=year.year if year is not None else None,
            learned_at=row.created_at,
            ended_at=now,
        )
    )


# The statements every message runs, built once with their values given at execution: SQLAlchemy then
# compiles each once and reuses it, where .values(**row) built and keyed a new statement of twenty
# literal values for every message.
_UPDATE_MESSAGE = update(messages).where(messages.c.key == bindparam("recorded_key"))
_INSERT_MESSAGE = insert(messages)
_INSERT_REVIEW = insert(reviews)
_MESSAGE_BY_KEY = select(messages).where(messages.c.key == bindparam("wanted"))
_MESSAGE_BY_CONTENT = select(messages).where(messages.c.content_key == bindparam("wanted"))
_KEYS_BY_MESSAGE_ID = (
    select(messages.c.message_id, messages.c.key)
    .where(messages.c.message_id.in_(bindparam("ids", expanding=True)))
    .order_by(messages.c.received_at, messages.c.read_order)
)
# A message's submissions and review rows as they came: by receipt, those of one second in the order their
# mail was first read (not in the order a reprocess wrote them again).
_IN_ARRIVAL = {
    table: select(table)
    .select_from(table.outerjoin(messages, messages.c.key == table.c.message_key))
    .order_by(table.c.received_at, messages.c.read_order, table.c.id)
    for table in (submissions, reviews)
}
# What matching a report reads of staff decisions and of our own mail (intake.pipeline._registry).
_ALL_LEARNED = select(learned_addresses)
_ACTIVE_LEARNED = _ALL_LEARNED.where(learned_addresses.c.active == 1)
_LEARNED_YEARS = (
    select(learned_addresses.c.email, func.max(submissions.c.year).label("year"))
    .join(
        submissions,
        (submissions.c.message_key == learned_addresses.c.message_key)
        & (submissions.c.school_id == learned_addresses.c.school_id),
    )
    .where(learned_addresses.c.active == 1)
    .group_by(learned_addresses.c.email)
)
_SENDERS_OF = select(messages.c.sender).where(
    messages.c.message_id.in_(bindparam("ids", expanding=True)), messages.c.internal.is_(False)
)
_SCHOOLS_WRITTEN = select(outbox.c.school_id).where(outbox.c.school_id.is_not(None))
_OUTBOX_KEYS = select(outbox.c.key)
_OUTBOX_SENT = select(outbox.c.key, outbox.c.kind, outbox.c.sent_at)
_SENDING_HOLDER = select(sendings.c.message_key).where(sendings.c.sending == bindparam("wanted"))
_DECISION_OF = select(decisions).where(decisions.c.message_key == bindparam("wanted"))
_DELETE_AUTO_SUBMISSIONS = delete(submissions).where(
    submissions.c.message_key == bindparam("wanted"), submissions.c.origin == "auto"
)
_DELETE_REVIEWS = delete(reviews).where(reviews.c.message_key == bindparam("wanted"))


def insert_new(bind: Connection | Engine, table: Table) -> Insert:
    """INSERT that leaves a row already there under the same key as it is, in one statement (ON CONFLICT DO
    NOTHING on SQLite and PostgreSQL alike); its rowcount says whether the row was written now. The same
    statement each time: give the row's values at execution, so that it is compiled once."""
    return _insert_new(bind.dialect.name == "postgresql", table)


@lru_cache(maxsize=64)
def _insert_new(postgres: bool, table: Table) -> Insert:
    if postgres:  # imported here: loading SQLAlchemy's PostgreSQL dialect costs a command on SQLite 50 ms
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table).on_conflict_do_nothing().execution_options(preserve_rowcount=True)
    return sqlite.insert(table).on_conflict_do_nothing().execution_options(preserve_rowcount=True)


def _replace_message(conn: Connection, values: dict[str, Any]) -> bool:
    """Overwrite the recorded row of values["key"], but for its place in the order mail was first read in,
    which stays; False when there is none."""
    changed = {name: value for name, value in values.items() if name != "read_order"}
    return bool(conn.execute(_UPDATE_MESSAGE, {"recorded_key": values["key"], **changed}).rowcount)


def _placed(conn: Connection, values: dict[str, Any]) -> dict[str, Any]:
    """A new message's values with its place in the order mail was first read in: the one its reader took
    when it queued the message, else the next."""
    return values if values["read_order"] else {**values, "read_order": _take_read_order(conn)}


def _take_read_order(conn: Connection) -> int:
    """Take the next place in the order mail is first read in (messages.read_order), in conn's transaction:
    on PostgreSQL the counter's row stays locked until it ends, so no two messages take one place."""
    return int(conn.execute(_next_read_order(conn.dialect.name == "postgresql")).scalar_one())


@lru_cache(maxsize=2)
def _next_read_order(postgres: bool) -> Insert:
    """The counter's row made, or its place moved on by one, in one statement that returns the place."""
    if postgres:  # imported here, as in _insert_new
        from sqlalchemy.dialects import postgresql

        first = postgresql.insert(read_counter).values(id=1, last=1)
        return first.on_conflict_do_update(
            index_elements=[read_counter.c.id], set_={"last": read_counter.c.last + 1}
        ).returning(read_counter.c.last)
    made = sqlite.insert(read_counter).values(id=1, last=1)
    return made.on_conflict_do_update(
        index_elements=[read_counter.c.id], set_={"last": read_counter.c.last + 1}
    ).returning(read_counter.c.last)


def _values(record: Any) -> dict[str, Any]:
    values = dict(record.__dict__)
    for name, value in values.items():
        if isinstance(value, tuple):
            values[name] = list(value)
    return values


def _on_read_only_disk(path: Path) -> bool:
    """Whether the SQLite file at path exists on a file system mounted read-only: nothing can change it."""
    try:
        return path.is_file() and bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _immutable(path: Path) -> str:
    """The URL reading the SQLite file at path as one nothing changes (SQLite's immutable=1): no lock, no
    -wal or -shm file to make, which a read-only disk cannot hold. Any write is refused as read-only."""
    return f"sqlite:///file:{quote(str(path.resolve()))}?immutable=1&uri=true"


def _create_private(path: Path) -> None:
    """Create a new SQLite file readable by its owner only (mode 600), like the archive: it holds the
    reports' text and the parse cache. SQLite gives its -wal and -shm files the same mode.

    The file is made in WAL mode under a temporary name and linked into place, so it appears whole:
    processes starting together on a new database (the daemon, a cron job, the web page) never change
    its journal mode at the same moment, which SQLite answers with "database is locked" at once,
    without waiting for the other process."""
    if path.exists():
        return  # an existing database keeps the mode its owner gave it (baocao doctor checks it)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, made = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        os.close(handle)
        try:
            with closing(sqlite3.connect(made)) as db:
                db.execute("PRAGMA journal_mode=WAL")
            os.link(made, path)
        except FileExistsError:
            pass  # another process made it first
        except OSError:  # a file system without hard links (FAT): an empty file, put in WAL mode on connect
            with suppress(FileExistsError):
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        finally:
            os.unlink(made)
    except (OSError, sqlite3.Error) as e:
        raise StoreError(f"không tạo được cơ sở dữ liệu {path}: {e}. Kiểm tra quyền ghi thư mục.") from e


def _troubled(url: str, context: ExceptionContext) -> DatabaseUnusableError | None:
    """Every statement's error that is the database's own trouble is raised as such (_unusable), whatever
    code ran the statement: commands, the daemon and the page all tell it apart from a failed message."""
    return _unusable(url, context.original_exception)


def _sqlite_pragmas(busy_seconds: float | None, dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    waited = BUSY_SECONDS if busy_seconds is None else busy_seconds
    cursor.execute(f"PRAGMA busy_timeout={round(waited * 1000)}")
    if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        cursor.execute("PRAGMA journal_mode=WAL")  # a database made by another tool
    # In WAL mode NORMAL never corrupts the database and skips a disk flush at every commit (a sixteenth
    # of poll's time); a power cut may undo the last commits, which the next poll redoes from the
    # archive and the mailbox (the archive flushes each message to disk before it is recorded).
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
