"""The send log: every outgoing mail once, under a unique key; claimed before sending, retried with backoff.

Two daemons sharing a database cannot both send a message: the insert of a key succeeds once, and a
send is claimed by a conditional update that only one of them can win.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import logging
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from kernel import mailids, timefmt, units
from kernel.config import Config
from kernel.errors import StoreError
from kernel.returned import Returned
from kernel.seasons import season_bounds
from kernel.status import ReportStatus
from kernel.store import Store, insert_new, outbox
from scheduler.errors import Refusal
from scheduler.outgoing import STATE_LABELS, UNREAD, MailKind, OutboxState, Outgoing, unit_of_key

log = logging.getLogger(__name__)
# How far back our SMTP server's refusals of an address are read: a season's, whatever its length.
REFUSALS_KEPT = dt.timedelta(days=366)


LEASE = dt.timedelta(minutes=10)  # a claimed message not marked within this time is retried
FIRST_RETRY = dt.timedelta(minutes=2)
MAX_RETRY = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Counted:
    """A mail an address received as a direct recipient (To): when, and the school it was for (None for
    staff mail). Several schools' mail may reach one address: a principal's or a commune clerk's."""

    at: dt.datetime
    school_id: str | None


# What the send log says of a sent mail a bounce returned.
RETURNED_LABEL = "Bị trả lại"


@dataclass(frozen=True)
class Entry:
    key: str
    kind: MailKind
    report_id: str | None
    year: int | None
    school_id: str | None
    to: tuple[str, ...]
    cc: tuple[str, ...]
    subject: str
    message: bytes
    state: OutboxState
    attempts: int
    next_attempt_at: dt.datetime | None
    last_error: str
    created_at: dt.datetime
    sent_at: dt.datetime | None
    delivered: tuple[tuple[str, str], ...] = ()  # (address, ISO time) that took it on an earlier try
    wrong: tuple[tuple[str, str], ...] = ()  # (address, ISO time) the server called a wrong address
    answers: tuple[tuple[str, str], ...] = ()  # (address, the server's answer) of those wrong addresses
    returned: tuple[str, ...] = ()  # the recipients a bounce of it, received since, said it did not reach

    @property
    def label(self) -> str:
        """Its state as staff read it: a sent mail a bounce returned is «Bị trả lại», not «Đã gửi»."""
        if self.state == OutboxState.SENT and self.returned:
            return RETURNED_LABEL
        return STATE_LABELS.get(self.state, str(self.state))

    @property
    def recipients(self) -> tuple[str, ...]:
        return self.to + self.cc

    @property
    def waiting(self) -> tuple[str, ...]:
        """The recipients to send to: all but those that took the message on an earlier try."""
        took = {address for address, _ in self.delivered}
        return tuple(a for a in self.recipients if a.lower() not in took)

    def first_sent(self, now: dt.datetime) -> dt.datetime:
        """When the message first reached one of its recipients, now if it is reaching them only now."""
        return min((dt.datetime.fromisoformat(at) for _, at in self.delivered), default=now)


def _entry(row: Any) -> Entry:
    r = row._mapping
    recipients = r["recipients"] or {}
    return Entry(
        key=r["key"],
        kind=MailKind(r["kind"]),
        report_id=r["report_id"],
        year=r["year"],
        school_id=r["school_id"],
        to=tuple(recipients.get("to", ())),
        cc=tuple(recipients.get("cc", ())),
        subject=r["subject"],
        message=bytes(r["message"]),
        state=OutboxState(r["state"]),
        attempts=r["attempts"],
        next_attempt_at=r["next_attempt_at"],
        last_error=r["last_error"],
        created_at=r["created_at"],
        sent_at=r["sent_at"],
        delivered=tuple((recipients.get("delivered") or {}).items()),
        wrong=tuple((recipients.get("refused") or {}).items()),
        answers=tuple((recipients.get("answers") or {}).items()),
    )


def _with_refused(
    entry: Entry, refused: Sequence[Refusal], now: dt.datetime, delivered: Sequence[str] = ()
) -> dict[str, Any]:
    """The recipients' JSON of a logged mail, with the addresses the server said are wrong (with when,
    and its answer) and those that took the message while others are tried again, with when."""
    value: dict[str, Any] = {"to": list(entry.to), "cc": list(entry.cc)}
    wrong = dict(entry.wrong) | {r.address.lower(): now.isoformat() for r in refused}
    if wrong:
        value["refused"] = wrong
        value["answers"] = dict(entry.answers) | {
            r.address.lower(): f"{r.code} {r.text}".strip() for r in refused
        }
    took = dict(entry.delivered) | {address.lower(): now.isoformat() for address in delivered}
    if took:
        value["delivered"] = took
    return value


def concerns(config: Config, unit: str, entry: Entry) -> bool:
    """Whether a logged mail concerns one collecting unit: its staff's missing list or digest, or mail
    to one of its schools (reminder, acknowledgement) in that season. Mailbox alerts are no unit's."""
    if entry.school_id is None:
        return unit_of_key(entry.key) == unit
    day = units.season_day(config, entry.report_id, entry.year)
    return config.unit_on(entry.school_id, day or entry.created_at.date()) == unit


def backoff(attempts: int) -> dt.timedelta:
    """2, 4, 8 ... minutes after each failed attempt, at most an hour."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), MAX_RETRY)


class Outbox:
    """The outbox table of the store, read and written through its engine."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine = store.engine

    def _run(self, what: str, statement: Any) -> Any:
        try:
            with self.engine.begin() as conn:
                return conn.execute(statement)
        except SQLAlchemyError as e:
            raise StoreError(f"lỗi nhật ký thư gửi đi ({what}): {e}") from e

    def log(self, *, report_id: str | None = None, year: int | None = None) -> dict[str, str]:
        """Every key in the send log with its state, whatever the state."""
        query = select(outbox.c.key, outbox.c.state)
        if report_id is not None:
            query = query.where(outbox.c.report_id == report_id)
        if year is not None:
            query = query.where(outbox.c.year == year)
        with self.engine.connect() as conn:
            return {r.key: r.state for r in conn.execute(query)}

    def sent_among(self, keys: Sequence[str]) -> set[str]:
        """Those of keys whose message is sent."""
        query = select(outbox.c.key).where(outbox.c.key.in_(keys), outbox.c.state == OutboxState.SENT)
        with self.engine.connect() as conn:
            return set(conn.scalars(query))

    def add(self, item: Outgoing, message: bytes, now: dt.datetime) -> bool:
        """Record a message to send; False when its key is already there (sent, pending or withdrawn).

        A reminder withdrawn before it was sent is put back instead: the planner composes it again only
        once the school owes the report again (a report that held it back was rejected)."""
        values = {
            "key": item.key,
            "kind": item.kind,
            "report_id": item.report,
            "year": item.year,
            "school_id": item.school_id,
            "recipients": {"to": list(item.to), "cc": list(item.cc)},
            "subject": item.subject,
            "message": message,
            "message_hash": mailids.digest(item.key),
            "state": OutboxState.PENDING,
            "attempts": 0,
            "next_attempt_at": now,
            "last_error": "",
            "created_at": now,
        }
        if self._run("add a message", insert_new(self.engine, outbox).values(**values)).rowcount == 1:
            return True
        if item.kind != MailKind.REMINDER:
            return False
        done = self._run(
            "put back a withdrawn reminder",
            update(outbox)
            .where(outbox.c.key == item.key, outbox.c.state == OutboxState.CANCELLED)
            .values(**values),
        )
        return bool(done.rowcount)

    def withdraw_older(self, item: Outgoing, reason: str) -> int:
        """Withdraw pending mails of the same kind, report, year and school that item supersedes."""
        prefix = item.key.rpartition(":")[0] + ":"
        done = self._run(
            "withdraw superseded messages",
            update(outbox)
            .where(
                outbox.c.key.startswith(prefix, autoescape=True),
                outbox.c.key != item.key,
                outbox.c.state == OutboxState.PENDING,
            )
            .values(state=OutboxState.CANCELLED, last_error=reason, next_attempt_at=None),
        )
        return done.rowcount

    def due(self, now: dt.datetime, keys: Iterable[str] | None = None) -> list[Entry]:
        """Pending messages whose time has come, oldest first."""
        query = (
            select(outbox)
            .where(outbox.c.state == OutboxState.PENDING, outbox.c.next_attempt_at <= now)
            .order_by(outbox.c.created_at, outbox.c.key)
        )
        if keys is not None:
            query = query.where(outbox.c.key.in_(list(keys)))
        with self.engine.connect() as conn:
            return [_entry(r) for r in conn.execute(query)]

    def claim(self, entry: Entry, now: dt.datetime, tz: dt.tzinfo) -> bool:
        """Take the message for sending; only one process wins (the attempt count acts as a version). Its
        last error says, until the send is recorded, what staff need to know should the process stop in the
        middle of it (killed, the machine off): the send did not finish, and when the lease lets it go again;
        an error of an earlier try would read as the reason it waits, though the server may work now."""
        retry = now + LEASE
        done = self._run(
            "claim a message",
            update(outbox)
            .where(
                outbox.c.key == entry.key,
                outbox.c.state == OutboxState.PENDING,
                outbox.c.attempts == entry.attempts,
            )
            .values(
                attempts=entry.attempts + 1,
                next_attempt_at=retry,
                last_error=(
                    f"lần gửi lúc {timefmt.local_time(now, tz)} chưa xong (chương trình dừng giữa chừng?); "
                    f"sẽ gửi lại lúc {timefmt.local_time(retry, tz)}"
                ),
            ),
        )
        return done.rowcount == 1

    def defer(self, entry: Entry, until: dt.datetime, reason: str) -> None:
        """Leave the message pending until later without counting an attempt (rate limit)."""
        self._run(
            "defer a message",
            update(outbox)
            .where(outbox.c.key == entry.key, outbox.c.state == OutboxState.PENDING)
            .values(next_attempt_at=until, last_error=reason),
        )

    def note_unsent(self, entries: Sequence[Entry], reason: str) -> None:
        """Say on waiting messages why none could be sent, without counting an attempt or moving their
        next try (the configuration must change first); a later send or failure replaces it."""
        self._run(
            "note why messages wait",
            update(outbox)
            .where(outbox.c.key.in_([e.key for e in entries]), outbox.c.state == OutboxState.PENDING)
            .values(last_error=reason),
        )

    def mark_sent(
        self, entry: Entry, now: dt.datetime, note: str = "", refused: Sequence[Refusal] = ()
    ) -> None:
        """Record the message sent; refused are the recipients the server said do not exist."""
        self._run(
            "mark a message sent",
            update(outbox)
            .where(outbox.c.key == entry.key)
            .values(
                state=OutboxState.SENT,
                sent_at=entry.first_sent(now),
                next_attempt_at=None,
                last_error=note,
                recipients=_with_refused(entry, refused, now),
            ),
        )

    def refused(self, since: dt.datetime) -> dict[str, tuple[dt.datetime, str]]:
        """Address -> when the SMTP server last refused our mail to it as a wrong address, since a moment,
        and its answer then ("" for mail logged before answers were kept)."""
        found: dict[str, tuple[dt.datetime, str]] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(select(outbox.c.recipients).where(outbox.c.created_at >= since)):
                recipients = row.recipients or {}
                answers = recipients.get("answers") or {}
                for address, at in (recipients.get("refused") or {}).items():
                    when = dt.datetime.fromisoformat(at)
                    if address not in found or found[address][0] < when:
                        found[address] = (when, answers.get(address, ""))
        return found

    def reached(self, since: dt.datetime) -> dict[str, dt.datetime]:
        """Address -> when our mail last reached it (the SMTP server took it for that address), since a
        moment."""
        query = select(outbox.c.recipients, outbox.c.sent_at).where(outbox.c.sent_at >= since)
        found: dict[str, dt.datetime] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                recipients = row.recipients or {}
                wrong = recipients.get("refused") or {}
                took = {
                    a: dt.datetime.fromisoformat(at) for a, at in (recipients.get("delivered") or {}).items()
                }
                for address in (*recipients.get("to", ()), *recipients.get("cc", ())):
                    address = address.lower()
                    when = took.get(address, row.sent_at)
                    if address not in wrong and (address not in found or found[address] < when):
                        found[address] = when
        return found

    def mark_failed(
        self,
        entry: Entry,
        error: str,
        now: dt.datetime,
        *,
        permanent: bool,
        give_up_after: dt.timedelta,
        refused: Sequence[Refusal] = (),
        delivered: Sequence[str] = (),
    ) -> str:
        """Schedule a retry with backoff, or give up; returns the new state. delivered: the recipients
        that took the message on this try; the retry goes to the others only. A message given up that
        reached some of its recipients is sent, the others named in its last error."""
        attempts = entry.attempts + 1  # entry was read before its claim
        final = permanent or now - entry.created_at >= give_up_after
        reached = bool(entry.delivered or delivered)
        if not final:
            state = OutboxState.PENDING
        else:
            state = OutboxState.SENT if reached else OutboxState.FAILED
        self._run(
            "record a failed send",
            update(outbox)
            .where(outbox.c.key == entry.key)
            .values(
                state=state,
                last_error=error,
                next_attempt_at=None if final else now + backoff(attempts),
                sent_at=entry.first_sent(now) if state == OutboxState.SENT else None,
                recipients=_with_refused(entry, refused, now, delivered),
            ),
        )
        return state

    def withdraw(self, key: str, reason: str) -> None:
        self._run(
            "withdraw a message",
            update(outbox)
            .where(outbox.c.key == key, outbox.c.state == OutboxState.PENDING)
            .values(state=OutboxState.CANCELLED, last_error=reason, next_attempt_at=None),
        )

    def withdrawn_for(self, kind: MailKind, reasons: Collection[str]) -> frozenset[str]:
        """The keys of the mails of a kind withdrawn unsent for one of the reasons given."""
        query = select(outbox.c.key).where(
            outbox.c.kind == kind,
            outbox.c.state == OutboxState.CANCELLED,
            outbox.c.last_error.in_(list(reasons)),
        )
        with self.engine.connect() as conn:
            return frozenset(r.key for r in conn.execute(query))

    def reminded_after_ack(self) -> frozenset[str]:
        """The keys of the sent acknowledgements after which a reminder of the same school, report and
        season went out: a school that counts is not reminded, so that reminder told it the acknowledged
        mail no longer counts (scheduler.jobs.told_of). A reminder withdrawn unsent told it nothing."""
        query = select(
            outbox.c.key,
            outbox.c.kind,
            outbox.c.report_id,
            outbox.c.year,
            outbox.c.school_id,
            outbox.c.created_at,
        ).where(outbox.c.state == OutboxState.SENT, outbox.c.kind.in_([MailKind.ACK, MailKind.REMINDER]))
        with self.engine.connect() as conn:
            rows = list(conn.execute(query))
        reminded: dict[tuple[str, int, str], dt.datetime] = {}
        for r in rows:
            if r.kind == MailKind.REMINDER:
                where = (r.report_id, r.year, r.school_id)
                reminded[where] = max(reminded.get(where, r.created_at), r.created_at)
        return frozenset(
            r.key
            for r in rows
            if r.kind == MailKind.ACK
            and r.created_at < reminded.get((r.report_id, r.year, r.school_id), r.created_at)
        )

    def reminded_between(
        self,
        report_id: str,
        year: int,
        since: dt.datetime,
        until: dt.datetime,
        *,
        waiting: bool = True,
        reminders: bool = True,
    ) -> frozenset[str]:
        """The schools a reminder of the report's season went to between two moments, or was composed
        for then and waits to go (a withdrawn one never reached the school); and those an acknowledgement
        told then that their mail of the season could not be read, asking for the report again as a
        reminder does. waiting=False: only those it reached, at one of their addresses at least, not
        those whose mail has yet to go. reminders=False: only those told their mail could not be read."""
        told = [and_(outbox.c.kind == MailKind.ACK, outbox.c.key.contains(UNREAD, autoescape=True))]
        if reminders:
            told.append(outbox.c.kind == MailKind.REMINDER)
        query = select(outbox.c.school_id, outbox.c.state, outbox.c.recipients).where(
            or_(*told),
            outbox.c.report_id == report_id,
            outbox.c.year == year,
            or_(
                and_(outbox.c.state == OutboxState.SENT, outbox.c.sent_at >= since, outbox.c.sent_at < until),
                and_(
                    outbox.c.state == OutboxState.PENDING,
                    outbox.c.created_at >= since,
                    outbox.c.created_at < until,
                ),
            ),
        )
        with self.engine.connect() as conn:
            return frozenset(
                r.school_id
                for r in conn.execute(query)
                if r.school_id is not None
                and (waiting or r.state == OutboxState.SENT or (r.recipients or {}).get("delivered"))
            )

    def addressed(
        self, kind: MailKind, report_id: str | None = None, year: int | None = None
    ) -> dict[str, tuple[str | None, tuple[str, ...]]]:
        """Key -> school and addresses (To) of the mail of a kind (of the report's season, when given) sent
        or waiting to go (a withdrawn one never reached the school)."""
        query = select(outbox.c.key, outbox.c.school_id, outbox.c.recipients).where(
            outbox.c.kind == kind, outbox.c.state != OutboxState.CANCELLED
        )
        if report_id is not None:
            query = query.where(outbox.c.report_id == report_id)
        if year is not None:
            query = query.where(outbox.c.year == year)
        with self.engine.connect() as conn:
            return {
                r.key: (r.school_id, tuple((r.recipients or {}).get("to", ()))) for r in conn.execute(query)
            }

    def rewrite(self, key: str, subject: str, message: bytes) -> None:
        """Replace a waiting message by the one composed again just before it goes."""
        self._run(
            "record a message composed again",
            update(outbox).where(outbox.c.key == key).values(subject=subject, message=message),
        )

    def sent_to(self, since: dt.datetime) -> dict[str, list[Counted]]:
        """The messages each address received as a direct recipient (To) since a moment, earliest first."""
        query = (
            select(outbox.c.recipients, outbox.c.sent_at, outbox.c.school_id)
            .where(outbox.c.state == OutboxState.SENT, outbox.c.sent_at >= since)
            .order_by(outbox.c.sent_at)
        )
        received: dict[str, list[Counted]] = collections.defaultdict(list)
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                for address in (row.recipients or {}).get("to", ()):
                    received[address].append(Counted(row.sent_at, row.school_id))
        return dict(received)

    def entries(
        self,
        *,
        states: Sequence[str] | None = None,
        report_id: str | None = None,
        school_id: str | None = None,
        limit: int | None = 50,
    ) -> list[Entry]:
        """The latest messages first, for staff to read (to one school, when given; all with limit None)."""
        query = select(outbox).order_by(outbox.c.created_at.desc(), outbox.c.key).limit(limit)
        if states:
            query = query.where(outbox.c.state.in_(list(states)))
        if report_id is not None:
            query = query.where(outbox.c.report_id == report_id)
        if school_id is not None:
            query = query.where(outbox.c.school_id == school_id)
        with self.engine.connect() as conn:
            found = [_entry(r) for r in conn.execute(query)]
        returned = self.store.returned_mail() if found else {}
        return [dataclasses.replace(e, returned=returned[e.key]) if e.key in returned else e for e in found]


@dataclass(frozen=True)
class StaffRefused:
    """A staff address our SMTP server refused as wrong at its latest mail: the staff's missing lists,
    digests and mailbox alerts reach nobody there."""

    address: str
    at: dt.datetime
    answer: str  # the server's words, "" for mail logged before they were kept
    setting: str  # where the config gives the address

    def in_words(self, tz: dt.tzinfo) -> str:
        """What happened, for staff; the fix is to correct the address in setting."""
        why = f" ({self.answer})" if self.answer else ""
        return (
            f"máy chủ SMTP từ chối thư gửi cán bộ tại {self.address} lúc {timefmt.in_words(self.at, tz)}{why}: "
            "danh sách chưa nộp và bảng tổng hợp không đến được địa chỉ này"
        )


def refused_staff(config: Config, store: Store, now: dt.datetime) -> list[StaffRefused]:
    """The staff addresses of the config that our SMTP server refused as wrong (5.1.x: no such mailbox)
    within a season and has not taken mail for since."""
    outbox = Outbox(store)
    since = now - REFUSALS_KEPT
    refused, reached = outbox.refused(since), outbox.reached(since)
    where = {a: "[district].staff_emails" for a in config.district.staff_emails}
    for unit in config.units:
        for address in unit.staff_emails:
            where.setdefault(address, f"staff_emails của đơn vị {unit.id} trong [[units]]")
    found = []
    for address, setting in where.items():
        if address in refused:
            at, answer = refused[address]
            if address not in reached or reached[address] < at:
                found.append(StaffRefused(address, at, answer, setting))
    return found


def with_refusals(
    status: ReportStatus, refused: Mapping[str, tuple[dt.datetime, str]], config: Config
) -> ReportStatus:
    """The status with the addresses our SMTP server refused this season (Outbox.refused) beside those
    that bounced: for staff, both are a school's address that does not get our mail. A refusal is of an
    address that does not exist (Refusal.bad_address): one after a bounce that said otherwise (its mailbox
    full, refused as spam) says so instead."""
    start = season_bounds(status.report, status.year, config)[0]
    bounced = dict(status.bounced)
    why = dict(status.returned)
    mails = dict(status.returned_mail)  # a refusal is no bounce's copy: which mail it was is not told
    for address, (at, _) in refused.items():
        if start <= at <= status.as_of and at > bounced.get(address, at - dt.timedelta(seconds=1)):
            bounced[address] = at
            why[address] = Returned.ADDRESS
            mails.pop(address, None)
    return dataclasses.replace(status, bounced=bounced, returned=why, returned_mail=mails)


def refusals_added(store: Store, config: Config, status: ReportStatus) -> ReportStatus:
    """The status with the refusals logged by its moment (with_refusals), as the mail composed from it
    has them: the command line and the page say of a school what the emailed lists say."""
    return with_refusals(status, Outbox(store).refused(status.as_of - REFUSALS_KEPT), config)
