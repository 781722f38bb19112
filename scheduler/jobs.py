"""Wires the scheduler into the daemon: a tick computes what is due now, logs it once and sends it.

Mail composed from the schools' status (reminders, the missing list, the digest) is composed only
from a picture read up to now: when a configured mailbox has not been read recently, it is held
(and staff are alerted after a delay) instead of telling schools that have reported that they have
not. `start(rt, wake)` runs APScheduler in the district's timezone: every few minutes a tick that
retries, acknowledges and alerts; at the reminder and digest times it calls wake(), so the daemon
reads the mailbox first and then composes (see app.cli run).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import logging
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from email.headerregistry import Address
from typing import Literal, TypeVar

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from kernel import audit, deadlines, decisions, mailids, timefmt, units
from kernel import tokens as tokens_mod
from kernel.config import Config
from kernel.errors import ConfigError, network_problem
from kernel.freshness import held_reason, stale_mailboxes
from kernel.locks import WaitedLock
from kernel.returned import Reach
from kernel.runtime import Runtime
from kernel.seasons import by_deadline, deadline_of, local, running_season, season_bounds
from kernel.status import (
    LABELS,
    ReportStatus,
    SchoolStatus,
    cancelled,
    copied_from,
    present,
    school_deadline,
    season_reach,
    season_status,
)
from kernel.store import MessageRow, SubmissionRow, arrival, database_said, retry_note
from kernel.timefmt import local_date
from scheduler import mailer as mailer_mod
from scheduler.errors import SendConfigError, SendError
from scheduler.outbox import REFUSALS_KEPT, Counted, Entry, Outbox, with_refusals
from scheduler.outgoing import (
    FROM_STATUS,
    KINDS,
    MailKind,
    OutboxState,
    Outgoing,
    make_key,
    step_of_key,
    unit_of_key,
)
from scheduler.plan import (
    TAKEN_BACK,
    Received,
    RemindedSince,
    ack_key,
    acked_message,
    acknowledged,
    acknowledgements,
    acknowledges,
    asks_again,
    digest_mail,
    mailbox_alerts,
    missing_list,
    plan,
    remindable_on,
    reminded_since,
    school_steps,
)
from scheduler.render import Renderer, TakenBack

log = logging.getLogger(__name__)
_Written = TypeVar("_Written")  # a reminder's words: its subject and text, or its body alone

RATE_WINDOW = dt.timedelta(days=1)
# Staff mail composed from the schools' status: it goes after the round's reminders, and says what the
# status and those reminders are as it leaves (_staff_mail).
STAFF_MAIL = (MailKind.MISSING_LIST, MailKind.DIGEST)
# Why a missing list that waited was withdrawn: nothing is missing any more.
NONE_MISSING = "mọi trường đã nộp báo cáo hoặc được miễn nộp trước khi danh sách chưa nộp được gửi"
# Why an acknowledgement that waited was withdrawn: it says the report came late, and the school has been
# exempted since. The school is then acknowledged again, in the words true now (received).
LATE_FOR_EXEMPT = "cán bộ đã miễn nộp cho trường sau khi thư xác nhận (báo nộp muộn) được soạn"
# ... or it says so, and the school's deadline has since been extended past the report's receipt.
NOW_ON_TIME = (
    "cán bộ đã gia hạn cho trường sau khi thư xác nhận (báo nộp muộn) được soạn; báo cáo nay là đúng hạn"
)
# ... or it says the school is exempt, and staff have undone the exemption since.
NO_LONGER_EXEMPT = "cán bộ đã bỏ miễn nộp cho trường sau khi thư xác nhận (báo được miễn nộp) được soạn"
# ... or it says the report came on time, and staff have undone (or shortened) the extension since.
NOW_LATE = (
    "cán bộ đã bỏ hoặc rút ngắn gia hạn của trường sau khi thư xác nhận (báo nộp đúng hạn) được soạn; "
    "báo cáo nay là nộp muộn"
)
# ... or it says the school is exempt, and staff have replaced the exemption with one for another reason.
EXEMPT_FOR_ANOTHER_REASON = (
    "cán bộ đã thay lý do miễn nộp của trường sau khi thư xác nhận (báo được miễn nộp) được soạn"
)
# ... or it names the school's deadline (on time or late), and staff have since moved or undone the
# extension without changing the verdict.
DEADLINE_MOVED = (
    "cán bộ đã đổi ngày gia hạn (hoặc bỏ gia hạn) của trường sau khi thư xác nhận được soạn; "
    "thư ghi hạn nộp cũ"
)
REWORDING = (
    LATE_FOR_EXEMPT,
    NOW_ON_TIME,
    NO_LONGER_EXEMPT,
    NOW_LATE,
    EXEMPT_FOR_ANOTHER_REASON,
    DEADLINE_MOVED,
)
# What an acknowledgement says of the school's deadline, by the office's decisions (Renderer.ack).
Verdict = Literal["exempt", "on time", "late"]


@dataclass(frozen=True)
class Told:
    """What an acknowledgement tells the school of its deadline: its verdict, and what it quotes with
    it: for an exempt school the exemption's reason, else the school's deadline (an extension's day)."""

    verdict: Verdict
    reason: str = ""
    deadline: dt.datetime | None = None


@dataclass(frozen=True)
class Delivery:
    """What one round of sending did."""

    sent: int = 0
    failed: int = 0  # attempts that failed (the message is retried later unless given up)
    deferred: int = 0  # held back by the per-recipient rate limit
    withdrawn: tuple[tuple[MailKind, str], ...] = ()  # the kind of each mail no longer needed, and why
    held: str = ""  # why mail from the schools' status was not composed (the mailbox is not current)
    errors: tuple[str, ...] = ()  # why the failed attempts failed, each once
    given_up: int = 0  # of the failed attempts, those whose message is not tried again
    partly: int = 0  # of the messages sent, those some recipients refused for now, retried to them later
    elsewhere: int = 0  # of the mail asked for by key, what another process sent while this one waited


def statuses(
    rt: Runtime,
    now: dt.datetime,
    *,
    report_id: str | None = None,
    year: int | None = None,
    unit: str | None = None,
    live: bool = True,
) -> list[ReportStatus]:
    """The status at now of every report whose season runs at now (or of the given report and year):
    one per collecting unit when the config has [[units]] (only the given unit's when unit is given),
    so each unit's staff get their own schools. live: now is the present, and mail the server stamped
    a little after it counts (status.present); else now is a moment asked about, taken as given."""
    config = rt.config
    if unit is not None:
        config.unit(unit)  # a ConfigError naming the units there are
    reports = [config.report(report_id)] if report_id else list(config.reports)
    chosen: list[str | None] = [unit] if unit is not None else [u.id for u in config.units] or [None]
    result = []
    as_of = present(rt.store, now) if live else now
    for report in reports:
        season = year if year is not None else running_season(report, now, config)
        if season is None:
            continue
        result += [season_status(config, rt.store, report, season, as_of, u) for u in chosen]
    return result


def received(rt: Runtime, now: dt.datetime, log_keys: Mapping[str, str]) -> list[Received]:
    """Recent submissions, each with what the pipeline recorded about its message: those not yet
    acknowledged, and those whose latest acknowledgement was withdrawn unsent because what it said of
    the school's deadline stopped being true before it left (REWORDING; not yet acknowledged again), or
    whose acknowledgement a reminder since contradicted: the school was told the mail no longer counts, and
    it counts again (staff assigned it back, or took out the note asking to cancel it). Each names the
    school an acknowledgement of its message went out for when the message counts for it no more (staff
    moved it from that school): its sender was told the wrong school."""
    own = rt.config.own_domain
    outbox = Outbox(rt.store)
    reword = outbox.withdrawn_for(MailKind.ACK, REWORDING)
    contradicted = outbox.reminded_after_ack()
    since = now - dt.timedelta(days=rt.config.scheduler.ack_window_days)
    result = []
    seasons: dict[tuple[str, int], decisions.SeasonDecisions] = {}
    subs = rt.store.submissions()
    reviews = rt.store.reviews()
    withheld = cancelled(rt.store, reviews)  # its sender asked to cancel it: staff decide first
    # The files of each message that waits for staff: of one that credited reports too, those credited to
    # no school are the ones left for staff.
    reviewed: dict[str, dict[str, None]] = {}
    for review in reviews:
        reviewed.setdefault(review.message_key, {}).update(dict.fromkeys(review.files))
    readable: dict[tuple[str, int, str], list[SubmissionRow]] = {}
    by_school: dict[tuple[str, int, str], list[SubmissionRow]] = {}
    # A report its sender asked to cancel is no earlier report: the school must not read that it decided
    # on time, nor that what the new one leaves out is kept from it.
    for sub in sorted((s for s in subs if s.message_key not in withheld), key=lambda s: s.received_at):
        by_school.setdefault((sub.report_id, sub.year, sub.school_id), []).append(sub)
        if sub.readable:
            readable.setdefault((sub.report_id, sub.year, sub.school_id), []).append(sub)
    # A resend's key -> the submission whose files it sends again.
    copy_of = {
        key: original for school in by_school.values() for key, original in copied_from(school).items()
    }
    told_by_copy = _told_by_a_later_copy(by_school.values(), log_keys)
    # Mail staff assigned, or whose report counts again since they took out a note cancelling it.
    assigned = {**audit.released_since(rt.store, since), **rt.store.assigned_since(since)}
    # Mail a poll read days after it came (the machine off): its school hears of it from then.
    late = rt.store.read_late_since(since)
    counted = {(s.school_id, s.message_key[:16]) for s in subs}
    credited: dict[str, set[str]] = {}  # the files each message's reports were credited with
    for sub in subs:
        credited.setdefault(sub.message_key, set()).update(sub.files)
    # Each message's place in the order mail came (subs is in that order): of two versions stamped with
    # the same second (an outbox flushed at once), the one read second is the later, as the status has it.
    arrival: dict[str, int] = {}
    for place, sub in enumerate(subs):
        arrival.setdefault(sub.message_key, place)
    reaches: dict[tuple[str, int], Reach] = {}

    def reach(sub: SubmissionRow) -> Reach:
        """The reach of the season a reminder to the school would be of now: the one running, else the
        submission's own; none known of a report config.toml no longer has (it is not acknowledged)."""
        try:
            report = rt.config.report(sub.report_id)
        except ConfigError:
            return Reach()
        year = running_season(report, now, rt.config) or sub.year
        if (report.id, year) not in reaches:
            reaches[report.id, year] = season_reach(rt.config, rt.store, report, year, now)
        return reaches[report.id, year]

    acked_for: dict[str, set[str]] = {}
    for _, _, school, prefix in _sent_acks(log_keys):
        acked_for.setdefault(prefix, set()).add(school)
    for sub in subs:
        rewording, again = 0, False
        while ack_key(sub, rewording) in reword or (sub.readable and ack_key(sub, rewording) in contradicted):
            again = again or ack_key(sub, rewording) in contradicted
            rewording += 1
        if acknowledged(sub, log_keys, rewording) or sub.received_at > now or sub.message_key in withheld:
            continue
        if sub.message_key in told_by_copy:
            continue
        if sub.received_at < since and sub.message_key not in assigned and sub.message_key not in late:
            continue
        row = rt.store.message(sub.message_key)
        if row is None:
            continue
        silent = row.internal or mailids.is_ours(row.message_id, own)
        where = (sub.report_id, sub.year)
        if where not in seasons:
            seasons[where] = decisions.in_force(rt.store, *where)
        extension = seasons[where].extension_of(sub.school_id)
        until = extension.until if extension else None
        exemption = seasons[where].exemptions.get(sub.school_id)
        season = readable.get((sub.report_id, sub.year, sub.school_id), [])
        earlier = tuple(s for s in season if arrival[s.message_key] < arrival[sub.message_key])
        prefix = sub.message_key[:16]
        told_as = next(
            (
                s
                for s in sorted(acked_for.get(prefix, ()))
                if s != sub.school_id and (s, prefix) not in counted
            ),
            None,
        )
        result.append(
            Received(
                sub,
                row.subject,
                row.automatic,
                row.sender_check,
                row.forwarded_from,
                until,
                exemption.reason if exemption else None,
                earlier,
                copy_of.get(sub.message_key),
                assigned.get(sub.message_key),
                silent,
                rewording,
                again,
                told_as,
                told_as is not None and bool(readable.get((sub.report_id, sub.year, told_as))),
                late.get(sub.message_key),
                tuple(f for f in reviewed.get(sub.message_key, ()) if f not in credited[sub.message_key]),
                reach(sub),
            )
        )
    return result


def _told_by_a_later_copy(
    schools: Iterable[Sequence[SubmissionRow]], log: Mapping[str, str]
) -> frozenset[str]:
    """The message keys of the submissions (each school's, oldest first) whose very files a later copy
    sent again (copied_from) and that copy's acknowledgement went out or waits to go: the copy was read
    first (workers side by side, or the reader killed while it read the first one, which was read again
    after a restart) and acknowledged as the report. The school has heard of those files: once the first
    one is recorded it is not told again."""
    logged = {key for key, state in log.items() if state != OutboxState.CANCELLED}
    told: set[str] = set()
    for subs in schools:
        copies = copied_from(subs)
        heard: set[str] = set()  # the submissions a later copy of which was acknowledged
        for sub in reversed(subs):
            original = copies.get(sub.message_key)
            # A submission and its copies before the acknowledged one (a forward's may not be next to it).
            first = (original or sub).message_key
            if first in heard:
                told.add(sub.message_key)
            if original is not None and acknowledged(sub, logged):
                heard.add(first)
    return frozenset(told)


def due(
    rt: Runtime,
    now: dt.datetime,
    *,
    kinds: Collection[str] = KINDS,
    report_id: str | None = None,
    year: int | None = None,
    unit: str | None = None,
    live: bool = True,
) -> list[Outgoing]:
    """Everything that should have been sent by now and is not in the send log; writes nothing.
    With unit, only the mail composed from that unit's status (reminders to its schools, the
    missing list and digest to its staff); acknowledgements and mailbox alerts are not any unit's.
    live: False when now is a moment asked about (--as-of), not the present (see statuses)."""
    outbox = Outbox(rt.store)
    log_keys = outbox.log()
    renderer = Renderer(rt.config)
    items: list[Outgoing] = []
    acks: list[Outgoing] = []
    if MailKind.ACK in kinds and unit is None:
        # Mail the server stamped a little after this machine's clock counts in the status (present):
        # its school is not reminded, and is acknowledged now, not once the clock has caught up.
        as_of = present(rt.store, now) if live else now
        composed = acknowledgements(received(rt, as_of, log_keys), log_keys, as_of, rt.config, renderer)
        heard = acked_under_old_id(outbox, rt.config) if composed else frozenset()
        acks = [
            a
            for a in composed
            if (report_id is None or a.report == report_id)
            and (year is None or a.year == year)
            and (acked_message(a.key), frozenset(t.lower() for t in a.to)) not in heard
        ]
    if any(k in kinds for k in FROM_STATUS):
        refused = outbox.refused(now - REFUSALS_KEPT)
        today = _today(rt.config, now)
        closed = (
            closed_taken_back(rt, now, log_keys, report_id=report_id, year=year, unit=unit)
            if MailKind.REMINDER in kinds
            else []
        )
        current = statuses(rt, now, report_id=report_id, year=year, unit=unit, live=live)
        for status in [*current, *closed]:
            status = with_refusals(status, refused, rt.config)
            taken = taken_back(rt, log_keys, status) if MailKind.REMINDER in kinds else {}
            told = told_of(outbox, status, taken) if taken else frozenset()
            # A school told now that its mail could not be read is asked for the report by that mail; one
            # told so since yesterday is not sent a reminder repeating the same fault and request so soon.
            reminded = (
                outbox.reminded_between(status.report.id, status.year, *today)
                | outbox.reminded_between(
                    status.report.id, status.year, today[0] - dt.timedelta(days=1), today[1], reminders=False
                )
                | {
                    a.school_id
                    for a in acks
                    if a.school_id and (a.report, a.year) == (status.report.id, status.year) and asks_again(a)
                }
                if MailKind.REMINDER in kinds
                else frozenset()
            )
            log = (
                {**log_keys, **reminded_under_old_id(outbox, rt.config, status)}
                if MailKind.REMINDER in kinds
                else log_keys
            )
            items += plan(status, log, now, rt.config, renderer, kinds, taken, told, reminded)
    if unit is not None:
        return items
    items += acks
    if MailKind.ALERT in kinds:
        items += mailbox_alerts(stale_mailboxes(rt.config, rt.store, now), log_keys, now, rt.config, renderer)
    return items


def reminded_later(
    rt: Runtime,
    as_of: dt.datetime,
    *,
    report_id: str | None = None,
    year: int | None = None,
    unit: str | None = None,
) -> list[RemindedSince]:
    """The schools owing a report at as_of, a moment asked about, that `due` plans no reminder for then
    because a reminder of a later step has gone to them since (plan.reminded_since)."""
    log_keys = Outbox(rt.store).log()
    return [
        r
        for status in statuses(rt, as_of, report_id=report_id, year=year, unit=unit, live=False)
        for r in reminded_since(status, log_keys, as_of, rt.config)
    ]


def reminded_under_old_id(outbox: Outbox, config: Config, status: ReportStatus) -> dict[str, str]:
    """The season's reminders that went (or wait to go) to a school's very addresses under a school id
    config.toml no longer has, logged again under the school's id with their steps: a clerk who mistyped
    the id for a day, or gave the school a new one, does not have its addresses reminded of a step twice."""
    listed = {s.id for s in config.schools}
    addresses = {
        s.school_id: frozenset(a.lower() for a in config.school(s.school_id).emails) for s in status.schools
    }
    found: dict[str, str] = {}
    for key, (school_id, to) in outbox.addressed(MailKind.REMINDER, status.report.id, status.year).items():
        if school_id is None or school_id in listed or not to:
            continue
        same = [school for school, emails in addresses.items() if emails == {a.lower() for a in to}]
        for school in same:
            found[make_key(MailKind.REMINDER, status.report.id, status.year, school, step_of_key(key))] = (
                OutboxState.SENT
            )
    return found


def acked_under_old_id(outbox: Outbox, config: Config) -> frozenset[tuple[str, frozenset[str]]]:
    """The messages acknowledged under a school id config.toml no longer has, each with the addresses told:
    once the id is put right (mistyped for a day), the mail read again or assigned counts for the school
    under its id, and the very addresses that heard «Đã nhận» of it do not hear it again."""
    listed = {s.id for s in config.schools}
    return frozenset(
        (acked_message(key), frozenset(a.lower() for a in to))
        for key, (school_id, to) in outbox.addressed(MailKind.ACK).items()
        if school_id is not None and school_id not in listed and to
    )


def _today(config: Config, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The start and the end of now's local day."""
    day = now.astimezone(config.district.timezone).date()
    return local(day, dt.time(0), config), local(day + dt.timedelta(days=1), dt.time(0), config)


def closed_taken_back(
    rt: Runtime,
    now: dt.datetime,
    log: Mapping[str, str],
    *,
    report_id: str | None = None,
    year: int | None = None,
    unit: str | None = None,
) -> list[ReportStatus]:
    """The statuses at now of closed seasons in which staff lately (within ack_window_days) decided about
    a mail whose school was told it was received: no reminder of the season is left to tell the school
    if the mail no longer counts for it, so the planner tells it once (plan). Seasons still running are
    left to statuses(); a year given explicitly is there already."""
    if year is not None:
        return []
    since = now - dt.timedelta(days=rt.config.scheduler.ack_window_days)
    decided = rt.store.decided_since(since)
    if not decided:
        return []
    seasons = {
        (report, int(season))
        for report, season, _, prefix in _sent_acks(log)
        if season.isdigit() and any(k.startswith(prefix) for k in decided)
    }
    known = {r.id: r for r in rt.config.reports}
    found: list[ReportStatus] = []
    for report, season in sorted(seasons):
        if report not in known or report_id not in (None, report):
            continue
        if season_bounds(known[report], season, rt.config)[1] <= now:
            found += statuses(rt, now, report_id=report, year=season, unit=unit)
    return found


def taken_back(rt: Runtime, log: Mapping[str, str], status: ReportStatus) -> dict[str, tuple[TakenBack, ...]]:
    """School -> its messages of the season that were acknowledged as received and no longer count for it
    (staff rejected them, or assigned them to another school or season, after the acknowledgement left;
    or a note from their sender asked to cancel them, each with when the first such note came)."""
    report, year = status.report.id, status.year
    owing = {s.school_id for s in status.owing}
    acked = [
        (school, prefix)
        for acked_report, season, school, prefix in _sent_acks(log)
        if (acked_report, season) == (report, str(year)) and school in owing
    ]
    if not acked:
        return {}
    counted = {(s.school_id, s.message_key[:16]) for s in rt.store.submissions(report_id=report, year=year)}
    found: dict[str, list[MessageRow]] = {}
    for school, prefix in acked:
        if (school, prefix) not in counted:
            rows = [m for m in rt.store.find_messages(prefix) if m.key.startswith(prefix)]
            found.setdefault(school, []).extend(rows[:1])
    asked: dict[str, dt.datetime] = {}
    for note in rt.store.reviews():
        for key in note.withdraws:
            asked[key] = min(asked.get(key, note.received_at), note.received_at)
    return {
        school: tuple(TakenBack(m, asked.get(m.key)) for m in sorted(rows, key=arrival))
        for school, rows in found.items()
    }


def _sent_acks(log: Mapping[str, str]) -> Iterator[tuple[str, str, str, str]]:
    """The acknowledgements the send log says went out: report, season and school as their keys write
    them (make_key), and the start of the acknowledged message's key."""
    for key, state in log.items():
        parts = key.split(":", 4)
        if state == OutboxState.SENT and len(parts) == 5 and parts[0] == MailKind.ACK:
            yield parts[1], parts[2], parts[3], acked_message(key)


def told_of(outbox: Outbox, status: ReportStatus, taken: Mapping[str, Sequence[TakenBack]]) -> frozenset[str]:
    """The keys of the taken-back messages a reminder has already named to their school: any reminder
    logged after the message's acknowledgement, since a school that counts is not reminded, so it went
    out once staff had taken the mail back, and said so."""
    told = set()
    for school, rows in taken.items():
        entries = [
            e
            for e in outbox.entries(report_id=status.report.id, school_id=school, limit=None)
            if e.year == status.year and e.state != OutboxState.CANCELLED
        ]
        reminded = [e.created_at for e in entries if e.kind == MailKind.REMINDER]
        for row in rows:
            acked = [
                e.created_at
                for e in entries
                if e.kind == MailKind.ACK and row.key.startswith(acked_message(e.key))
            ]
            if acked and any(at > min(acked) for at in reminded):
                told.add(row.key)
    return frozenset(told)


def enqueue(rt: Runtime, items: Iterable[Outgoing], now: dt.datetime) -> list[str]:
    """Put what is due in the send log; returns the keys this process added (others may have won)."""
    smtp = rt.config.smtp
    if smtp is None:
        raise SendError(f"{rt.config.path} chưa có mục [smtp]: thêm máy chủ gửi thư để gửi được thư")
    outbox = Outbox(rt.store)
    added = []
    for item in items:
        if not outbox.add(item, compose(rt.config, item, now), now):
            continue
        added.append(item.key)
        if item.kind not in (MailKind.ACK, MailKind.ALERT):
            outbox.withdraw_older(item, f"thay bằng thư mới hơn {item.key}")
        log.info("queued %s to %s", item.key, ", ".join(item.to))
    return added


def compose(config: Config, item: Outgoing, now: dt.datetime) -> bytes:
    """The message of a mail as it goes out at now, under the name and with the Reply-To of its unit."""
    smtp = config.smtp
    if smtp is None:
        raise SendError(f"{config.path} chưa có mục [smtp]: thêm máy chủ gửi thư để gửi được thư")
    return mailer_mod.build(
        item,
        sender=smtp.sender,
        sender_name=speaker(config, item, now),
        now=now,
        tz=config.district.timezone,
        reply_to=reply_to(config, item, now),
    )


def speaker(config: Config, item: Outgoing, now: dt.datetime) -> str:
    """The name our mail goes out under: the unit its words speak for (a school's unit that season, the
    acknowledgement's unit, the unit whose staff a list or digest is for), as its text signs; else the
    office's."""
    unit = unit_of_key(item.key) if item.school_id is None else _school_unit(config, item, now)
    named = {u.id: u.name for u in config.units}
    return named.get(unit or "", config.district.name)


def _school_unit(config: Config, item: Outgoing, now: dt.datetime) -> str | None:
    if item.school_id is None:
        return None
    if item.kind == MailKind.ACK:
        return units.of_ack(config, item.school_id, item.report, item.year, now)
    return units.of_season(config, item.school_id, item.report, item.year, now)


def reply_to(config: Config, item: Outgoing, now: dt.datetime) -> Address | None:
    """Where an answer to our mail goes. Mail to a school: the own mailbox of the unit that collects
    the school that season (for an acknowledgement, the unit it speaks for, units.of_ack), when the unit
    has one, so the answer reaches the people who collect its report; else, and for staff mail, the
    office's ([smtp].reply_to or its mailbox), under the name of the unit the mail speaks for (speaker):
    a school a commune collects since 1/7/2025, and the commune's staff, answer «UBND xã …», not the
    district office that is no more."""
    unit = _school_unit(config, item, now)
    own = config.unit_mailbox(unit) if unit is not None else None
    if unit is not None and own is not None:
        return Address(config.unit(unit).name, addr_spec=own)
    office = config.reply_address
    return Address(speaker(config, item, now), addr_spec=office) if office else None


SENDING = 0x62616F66  # the advisory lock space of processes sending mail ("baof")


def mailer_for(config: Config) -> mailer_mod.Mailer:
    """The SMTP connection of the config, with the account's OAuth2 tokens when it uses them."""
    smtp = config.smtp
    if smtp is None:
        raise SendError(f"{config.path} chưa có mục [smtp]: thêm máy chủ gửi thư để gửi được thư")
    oauth = config.oauth
    tokens = (
        tokens_mod.source_for(oauth, smtp.username)
        if smtp.auth == "oauth2" and oauth is not None and smtp.username
        else None
    )
    return mailer_mod.Mailer(smtp, tokens=tokens)


def deliver(rt: Runtime, now: dt.datetime, *, keys: Iterable[str] | None = None) -> Delivery:
    """Send the pending messages that are due (or just the given keys), each at most once, one process
    at a time: two daemons each sending up to a recipient's cap of the day sent twice the cap; the second
    now counts what the first sent.

    A refused SMTP login raises SendConfigError before any message is touched: it is the
    configuration that must change, and no attempt is spent meanwhile.
    """
    sending = rt.config.storage.archive.parent / "sending.lock"
    with WaitedLock(rt.store, sending, SENDING, "quyền gửi thư"):
        return _deliver(rt, now, keys)


def _deliver(rt: Runtime, now: dt.datetime, keys: Iterable[str] | None) -> Delivery:
    outbox = Outbox(rt.store)
    limit = rt.config.scheduler.max_per_recipient_per_day
    sent_to = outbox.sent_to(now - RATE_WINDOW)
    give_up = dt.timedelta(hours=rt.config.scheduler.retry_hours)
    staff = set(rt.config.all_staff)  # the cap protects schools, never holds staff mail
    current: dict[tuple[str, int], list[ReportStatus]] = {}
    sent = failed = given_up = partly = deferred = 0
    withdrawn: list[tuple[MailKind, str]] = []
    errors: list[str] = []
    down: SendError | None = None
    wanted = None if keys is None else list(keys)
    # Staff mail last: a missing list says which schools the reminders of the round reached.
    entries = sorted(outbox.due(now, wanted), key=lambda e: e.kind in STAFF_MAIL)
    # Mail asked for that another process (a second command, another machine's) logged and sent first,
    # while this one waited for the sending lock: counted, so that nothing seems lost.
    sent_before = outbox.sent_among(wanted) if wanted else set()
    elsewhere = sum(key in sent_before for key in wanted or ())
    # The mail schools asked to cancel, read once for the run (only when an acknowledgement is due).
    withdrawn_mail = functools.cache(lambda: cancelled(rt.store, rt.store.reviews()))
    renderer = functools.cache(lambda: Renderer(rt.config))  # only when a reminder is due
    with mailer_for(rt.config) as smtp:
        if entries:
            try:
                smtp.open()
            except SendConfigError as e:
                outbox.note_unsent(entries, f"chưa gửi được: {e}")
                raise
            except SendError as e:
                down = e  # counted as a try of each message below

        checked: dict[str, str | None] = {}

        def stale_of(entry: Entry) -> str | None:
            # Asked once per entry and run: a reminder checked beside another one to the same school and
            # found stale is withdrawn when the loop reaches it, on that same answer.
            if entry.key not in checked:
                checked[entry.key] = _stale(entry)
            return checked[entry.key]

        def _stale(entry: Entry) -> str | None:
            # The status is read again just before sending: a school may have reported meanwhile.
            if entry.kind == MailKind.REMINDER:
                return _unneeded(rt, entry, now, current, renderer)
            if entry.kind == MailKind.ACK:
                return (
                    _ack_undone(rt, entry, withdrawn_mail)
                    or _ack_superseded(rt, entry, outbox)
                    or _ack_no_longer_true(rt, entry)
                )
            return _list_stale(rt.config, entry, now)

        joined: set[str] = set()  # reminders sent along with another one to the same school
        for i, entry in enumerate(entries):
            if entry.key in joined:
                continue
            stale = stale_of(entry)
            if stale and entry.delivered:
                # Some recipients have it already: it stays sent, and the others go without it.
                outbox.mark_sent(entry, now, entry.last_error)
                continue
            fresh: Outgoing | str | None = None
            if not stale and entry.kind in STAFF_MAIL and not entry.delivered:
                fresh = _staff_mail(rt, outbox, entry, now, renderer())
                stale = fresh if isinstance(fresh, str) else None
            if stale:
                outbox.withdraw(entry.key, stale)
                withdrawn.append((entry.kind, stale))
                continue
            group = [entry] + [
                other
                for other in entries[i + 1 :]
                if _one_mail(rt.config, entry, other, now, renderer) and stale_of(other) is None
            ]
            joined.update(one.key for one in group)
            busy = [a for a in entry.to if len(sent_to.get(a, ())) >= limit and a not in staff]
            if busy:
                reason = _capped(rt.config, entry, {a: sent_to[a] for a in busy}, limit)
                until = max(_cap_frees(sent_to[a], limit) for a in busy)
                for one in group:
                    outbox.defer(one, until, reason)
                    log.warning(
                        "hoãn gửi %s%s đến %s: %s",
                        one.key,
                        f" ({rt.config.name_of(one.school_id)})" if one.school_id else "",
                        timefmt.local_time(until, rt.config.district.timezone),
                        reason,
                    )
                deferred += len(group)
                continue
            group = [
                one for one in group if outbox.claim(one, now, rt.config.district.timezone)
            ]  # another process may be sending one
            if not group:
                continue
            if len(group) > 1:
                message = _reminders_message(rt, group, now, current, renderer)
            else:
                if (
                    entry.kind == MailKind.REMINDER
                    and not entry.delivered
                    and _before_today(rt.config, entry, now)
                ):
                    fresh = _reminder_again(rt, entry, now, current, renderer)
                if isinstance(fresh, Outgoing):
                    message = compose(rt.config, fresh, now)
                    outbox.rewrite(entry.key, fresh.subject, message)
                else:
                    message = entry.message
            recipients = tuple(dict.fromkeys(a for one in group for a in one.waiting))
            try:
                if down is not None:
                    raise down  # the server did not answer a moment ago: count this as a try too
                refused = smtp.send(message, recipients)
            except SendError as e:
                wrong = [r for r in e.refused if r.bad_address]
                states: set[str] = set()
                for one in group:
                    state = outbox.mark_failed(
                        one, str(e), now, permanent=e.permanent, give_up_after=give_up, refused=wrong
                    )
                    states.add(state)
                    then = "sẽ thử lại" if state == OutboxState.PENDING else "không thử lại nữa"
                    log.warning("chưa gửi được thư %s (%s): %s", one.key, then, network_problem(str(e)))
                    log.debug("sending %s failed (%s): %s", one.key, state, e)
                failed += 1
                if OutboxState.PENDING not in states:
                    given_up += 1
                if str(e) not in errors:
                    errors.append(str(e))
                # A recipient refused for now says nothing of the server: the next message may go.
                down = None if e.permanent or e.refused else e
                continue
            note = f"máy chủ từ chối {'; '.join(str(r) for r in refused)}" if refused else ""
            wrong = [r for r in refused if r.bad_address]
            refused_now = {r.address for r in refused}
            took = [a for a in recipients if a not in refused_now]
            for one in group:
                if any(r.temporary for r in refused):
                    # It waits for those refused for now, and never goes again to those that took it.
                    state = outbox.mark_failed(
                        one, note, now, permanent=False, give_up_after=give_up, refused=wrong, delivered=took
                    )
                else:
                    outbox.mark_sent(one, now, note, wrong)
                    state = OutboxState.SENT
                log.info("sent %s to %s (%s)", one.key, ", ".join(took), state)
            if state == OutboxState.PENDING:
                partly += 1
            for address in entry.to:
                sent_to.setdefault(address, []).append(Counted(now, entry.school_id))
            sent += 1
    return Delivery(
        sent,
        failed,
        deferred,
        tuple(withdrawn),
        errors=tuple(errors),
        given_up=given_up,
        partly=partly,
        elsewhere=elsewhere,
    )


def _cap_frees(sent: Sequence[Counted], limit: int) -> dt.datetime:
    """When an address that received the sent mails (earliest first) may get one more: once all but
    limit - 1 of them are older than RATE_WINDOW. Not an hour later, when the cap still held the mail
    (a school's fourth mail of the day, held at 22:43, was tried again at 23:43, and held again)."""
    return sent[len(sent) - limit].at + RATE_WINDOW


def _capped(config: Config, entry: Entry, busy: Mapping[str, Sequence[Counted]], limit: int) -> str:
    """Why entry is held by the daily cap of the busy addresses (what each received): the cap is an
    address's, whichever schools' mail it got, so an address serving several schools (a principal's, a
    commune clerk's) names the other schools whose mail filled it: staff see why this school's mail waits."""
    others = list(
        dict.fromkeys(
            config.name_of(got.school_id)
            for received in busy.values()
            for got in received
            if got.school_id and got.school_id != entry.school_id
        )
    )
    reason = f"hoãn vì đã đủ {limit} thư/ngày cho {', '.join(busy)}"
    return f"{reason} (đã nhận thư gửi {', '.join(others)})" if others else reason


def _one_mail(
    config: Config, first: Entry, other: Entry, now: dt.datetime, renderer: Callable[[], Renderer]
) -> bool:
    """Whether a reminder goes out in one mail with the first: both remind the same school, at the same
    addresses, for the same collecting unit, of another report (two plans due the same week): the school
    hears once a morning of every report it owes. Each keeps its own row in the send log. A reminder
    template without a body block (Renderer.combines) cannot be taken apart: each goes alone."""
    if MailKind.REMINDER != first.kind or other.kind != first.kind or first.school_id is None:
        return False
    if dict(other.delivered).keys() != dict(first.delivered).keys():  # one mail to one set of addresses
        return False
    if (
        other.school_id != first.school_id
        or set(other.to) != set(first.to)
        or other.report_id == first.report_id
    ):
        return False
    same_unit = units.of_season(config, first.school_id, first.report_id, first.year, now) == units.of_season(
        config, first.school_id, other.report_id, other.year, now
    )
    return same_unit and renderer().combines


def _reminders_message(
    rt: Runtime,
    group: Sequence[Entry],
    now: dt.datetime,
    cache: dict[tuple[str, int], list[ReportStatus]],
    renderer: Callable[[], Renderer],
) -> bytes:
    """The one mail of a school's reminders of several reports (_one_mail), under the first one's key:
    each reminder's body block, written again for the moment it speaks of (_written_for) from the status
    that found it still due (_unneeded), between one greeting and one closing."""
    config, first = rt.config, group[0]
    smtp = config.smtp
    if smtp is None or first.school_id is None:
        raise SendError(f"{config.path} chưa có mục [smtp]: thêm máy chủ gửi thư để gửi được thư")
    unit = units.of_season(config, first.school_id, first.report_id, first.year, now)
    outbox = Outbox(rt.store)
    # A note naming no report waits in each report's season: the mail speaks of it once, in its first part.
    parts: list[tuple[str, str]] = []
    told: set[str] = set()
    for entry in group:
        write = functools.partial(renderer().reminder_body, told=frozenset(told))
        status, school, body = _written_again(rt, outbox, entry, now, cache, write)
        parts.append((entry.subject, body))
        spoken = [r.message_key for r in renderer().answered(status, school) if r.message_key not in told]
        told.update(spoken[-1:])
    subject, text = renderer().reminders(config.school(first.school_id), unit, parts)
    cc = tuple(dict.fromkeys(a for e in group for a in e.cc if a not in first.to))
    item = Outgoing(
        MailKind.REMINDER,
        first.report_id or "",
        first.year or 0,
        first.school_id,
        first.to,
        cc,
        subject,
        text,
        None,
        (),
        first.key,
    )
    return compose(config, item, now)


def _reminder_again(
    rt: Runtime,
    entry: Entry,
    now: dt.datetime,
    cache: dict[tuple[str, int], list[ReportStatus]],
    renderer: Callable[[], Renderer],
) -> Outgoing:
    """A reminder composed on an earlier day, written again for now (_written_for) from the status that
    found it still due (_unneeded), to the same addresses under the same key: the school gets it once."""
    status, school, (subject, text) = _written_again(
        rt, Outbox(rt.store), entry, now, cache, renderer().reminder
    )
    return Outgoing(
        MailKind.REMINDER,
        status.report.id,
        status.year,
        school.school_id,
        entry.to,
        entry.cc,
        subject,
        text,
        None,
        (),
        entry.key,
    )


def _written_again(
    rt: Runtime,
    outbox: Outbox,
    entry: Entry,
    now: dt.datetime,
    cache: dict[tuple[str, int], list[ReportStatus]],
    write: Callable[..., _Written],
) -> tuple[ReportStatus, SchoolStatus, _Written]:
    """A waiting reminder's words written by write (a whole reminder, or its body in a mail of several)
    for the moment it speaks of (_written_for), from the status that found it still due (_unneeded)."""
    found = _owing_school(rt, entry, now, cache)
    assert found is not None  # _unneeded found it owing a moment ago
    status, school = found
    taken = taken_back(rt, outbox.log(report_id=status.report.id, year=status.year), status)
    written = write(
        status,
        school,
        _written_for(rt.config, entry, now),
        overdue=_overdue(entry, school),
        taken_back=taken.get(school.school_id, ()),
    )
    return status, school, written


def _before_today(config: Config, entry: Entry, now: dt.datetime) -> bool:
    """Whether a waiting mail was composed on an earlier local day than now's (the mail server was down,
    or refused our login, all that day): what it says of today and of the days left is out of date."""
    tz = config.district.timezone
    return entry.created_at.astimezone(tz).date() < now.astimezone(tz).date()


def _written_for(config: Config, entry: Entry, now: dt.datetime) -> dt.datetime:
    """The moment a waiting reminder speaks of as it goes: the moment it was composed, on that day; on a
    later day, now, so that its days left and «Đến …» are those of the day it reaches the school."""
    return now if _before_today(config, entry, now) else entry.created_at


def _unneeded(
    rt: Runtime,
    entry: Entry,
    now: dt.datetime,
    cache: dict[tuple[str, int], list[ReportStatus]],
    renderer: Callable[[], Renderer],
) -> str | None:
    """Why a reminder composed earlier must not go out now, or None: the school reported, was
    exempted or has a report waiting in review, is off today's roster or the season's (the config
    changed meanwhile), or its deadline changed (an extension granted or undone), so the mail's
    deadline and wording would be wrong; or the school's state changed its wording (its mail came and
    could not be read: it must be asked to send the file again, not told nothing came), which the
    subject composed now for the same moment tells. A withdrawn reminder is composed again at the next
    tick, in the words true then."""
    if entry.report_id is None or entry.year is None or entry.school_id is None:
        return None
    found = _owing_school(rt, entry, now, cache)
    if found is None:
        return "trường không còn trong danh sách phải nộp báo cáo năm này"
    status, school = found
    if entry.school_id in status.in_review or not school.owing:
        return (
            "trường đã nộp báo cáo, được miễn nộp hoặc có báo cáo đang chờ cán bộ xem xét "
            "trước khi thư nhắc được gửi"
        )
    if not remindable_on(rt.config, school, now):
        return "trường chưa có trong danh sách vào ngày gửi"
    step = step_of_key(entry.key)
    if step.startswith(TAKEN_BACK):
        return None  # composed for the school's owing at once, whatever its reminder steps
    if step not in {s.name for s in school_steps(status, school, rt.config)}:
        return "hạn nộp của trường đã thay đổi (gia hạn hoặc bỏ gia hạn) sau khi thư nhắc được lập"
    if step.startswith("before") and now > school.deadline:
        # It says "chậm nhất ngày ..., còn N ngày": the overdue reminder is composed instead.
        return "đã qua hạn nộp khi thư nhắc trước hạn mới gửi được"
    if (
        renderer().reminder(status, school, entry.created_at, overdue=_overdue(entry, school))[0]
        != entry.subject
    ):
        return (
            f"tình trạng của trường đã đổi sau khi thư nhắc được lập (nay: {LABELS[school.status]}); "
            "thư nhắc được lập lại theo tình trạng mới"
        )
    return None


def _owing_school(
    rt: Runtime, entry: Entry, now: dt.datetime, cache: dict[tuple[str, int], list[ReportStatus]]
) -> tuple[ReportStatus, SchoolStatus] | None:
    """The status at now of a reminder's season and its school in it (statuses read once per season and
    run, in cache), or None when the school is not on the season's roster or the report left the config."""
    if entry.report_id is None or entry.year is None:
        return None
    where = (entry.report_id, entry.year)
    if where not in cache:
        try:
            cache[where] = statuses(rt, now, report_id=entry.report_id, year=entry.year)
        except ConfigError:  # the report has left the config since the reminder was composed
            cache[where] = []
    found = [(st, s) for st in cache[where] for s in st.schools if s.school_id == entry.school_id]
    return found[0] if found else None


def _overdue(entry: Entry, school: SchoolStatus) -> bool:
    """Whether a reminder speaks of the deadline as past: composed for an overdue step, or after it."""
    return step_of_key(entry.key).startswith("overdue") or entry.created_at > school.deadline


def _ack_undone(rt: Runtime, entry: Entry, withdrawn_mail: Callable[[], frozenset[str]]) -> str | None:
    """Why an acknowledgement composed earlier (it waited for the SMTP server) must not go out now, or
    None: staff rejected its message meanwhile, or assigned it to another school or season, or its sender
    asked to cancel it (status.cancelled), so the school would be told the office holds a report that it
    does not count for the school. withdrawn_mail gives the keys of the mail schools asked to cancel."""
    if entry.report_id is None or entry.year is None or entry.school_id is None:
        return None
    prefix = acked_message(entry.key)
    if prefix and any(key.startswith(prefix) for key in withdrawn_mail()):
        return "trường đã đề nghị hủy thư này trước khi thư xác nhận được gửi; cán bộ đang xem xét"
    subs = rt.store.submissions(report_id=entry.report_id, year=entry.year, school_id=entry.school_id)
    if any(acknowledges(s, entry.key) for s in subs):
        return None
    if any(s.message_key.startswith(acked_message(entry.key)) for s in subs):
        # The acknowledgement of the same mail composed since says so instead (staff counted it, or its
        # file was read since: opened with the password of a later mail).
        return (
            "thư đã được tính là báo cáo của trường (cán bộ tính, hoặc đã đọc được tệp) trước khi thư xác nhận "
            "(báo không đọc được tệp) được gửi"
        )
    return "cán bộ đã loại thư hoặc gán thư cho trường (hay năm báo cáo) khác trước khi thư xác nhận được gửi"


def _ack_superseded(rt: Runtime, entry: Entry, outbox: Outbox) -> str | None:
    """Why an acknowledgement that waited (for the SMTP server, or the rate limit) must not go out now:
    the school sent its next report of the season meanwhile, and the acknowledgement of that one, waiting
    too or sent, names this mail's receipt as the first and says its own contents replace it. The
    school hears once, of its latest report, rather than first of a version it has already replaced. A
    supplement filed with the report, or an older version arriving late, replaces nothing
    (SubmissionRow.version): the school still hears of its report.
    Unless that one goes to fewer addresses: this mail came from an address the school did not register
    (a teacher's gmail, an address made to look like the school's), which only this acknowledgement
    answers, and only it tells the school's registered addresses that such an address sent a report in
    the school's name."""
    if entry.report_id is None or entry.year is None or entry.school_id is None:
        return None
    subs = rt.store.submissions(report_id=entry.report_id, year=entry.year, school_id=entry.school_id)
    this = [s for s in subs if acknowledges(s, entry.key)]
    if not this:
        return None
    acks = outbox.entries(
        states=[OutboxState.PENDING, OutboxState.SENT],
        report_id=entry.report_id,
        school_id=entry.school_id,
        limit=None,
    )
    # Only an acknowledgement composed since this one can name this mail: one sent before it counted for the
    # school (staff moved the mail to it afterwards) says nothing of it.
    # And only one to every address this one goes to says all it says.
    told = {address.lower() for address in entry.recipients}
    logged = {
        e.key
        for e in acks
        if e.kind == MailKind.ACK
        and e.year == entry.year
        and e.created_at >= entry.created_at
        and told <= {address.lower() for address in e.recipients}
    }
    # subs are in the order mail came: a version stamped with the same second but read after this one
    # is later too. A resend of this mail's very files replaces nothing, but its acknowledgement composed
    # while this one waited says what this one says too (plan._told): the school hears once. A copy of
    # another submission (a clerk sending an earlier batch again) says nothing of this one.
    copies = copied_from(sorted(subs, key=lambda s: s.received_at))
    later = [
        s
        for s in subs[subs.index(this[0]) + 1 :]
        if s.version
        and any(acknowledges(s, key) for key in logged)
        and copies.get(s.message_key, this[0]).message_key == this[0].message_key
    ]
    if not later:
        return None
    when = timefmt.local_time(later[0].received_at, rt.config.district.timezone)
    return f"trường đã gửi báo cáo lần nữa lúc {when}; thư xác nhận của lần đó nói cả lần nhận này"


def _ack_no_longer_true(rt: Runtime, entry: Entry) -> str | None:
    """Why an acknowledgement that waited must not go out now: what it tells the school of its deadline
    stopped being true since it was composed. It says the report came late, and the office excused the
    school this season (an exempt school is never told it was late) or extended its deadline past the
    report's receipt; or it says the school is exempt, or on time by an extension, and staff undid that;
    or it gives the reason of an exemption that staff have since replaced by one for another reason, or
    a deadline that staff have since moved (the extension changed or undone, the verdict the same), or
    for a report that could not be read, the day by which it asks for it again.
    The school is then acknowledged again, in the words true now (received)."""
    if entry.report_id is None or entry.year is None or entry.school_id is None:
        return None
    try:
        report = rt.config.report(entry.report_id)
    except ConfigError:
        return None
    subs = rt.store.submissions(report_id=entry.report_id, year=entry.year, school_id=entry.school_id)
    this = [s for s in subs if acknowledges(s, entry.key)]
    readable = [
        s.received_at for s in subs if s.readable and (not this or s.received_at <= this[0].received_at)
    ]
    tz = rt.config.district.timezone
    deadline = deadline_of(report, entry.year, tz)
    school = entry.school_id
    if not readable and not this:
        return None
    then = decisions.in_force(rt.store, entry.report_id, entry.year, at=entry.created_at)
    now = decisions.in_force(rt.store, entry.report_id, entry.year)
    if not readable:
        # Nothing read yet: it asks for the report again by the school's deadline while that is still ahead.
        came = this[0].received_at

        def asked(season: decisions.SeasonDecisions) -> dt.datetime | None:
            own = school_deadline(deadline, season.extension_of(school), tz)
            return own if by_deadline(came, own) else None

        return None if asked(then) == asked(now) else DEADLINE_MOVED
    first = min(readable)

    def told(season: decisions.SeasonDecisions) -> Told:
        exemption = season.exemptions.get(school)
        if exemption is not None:
            return Told("exempt", exemption.reason)
        own = school_deadline(deadline, season.extension_of(school), tz)
        return Told("on time" if by_deadline(first, own) else "late", deadline=own)

    said, true = told(then), told(now)
    if said == true:
        return None
    if said.verdict == "exempt":
        return EXEMPT_FOR_ANOTHER_REASON if true.verdict == "exempt" else NO_LONGER_EXEMPT
    if said.verdict == true.verdict:
        return DEADLINE_MOVED
    if said.verdict == "late":
        return LATE_FOR_EXEMPT if true.verdict == "exempt" else NOW_ON_TIME
    return NOW_LATE if true.verdict == "late" else None  # an exempt school may read that it reported on time


def _staff_mail(
    rt: Runtime, outbox: Outbox, entry: Entry, now: dt.datetime, renderer: Renderer
) -> Outgoing | str | None:
    """A staff missing list or digest composed again from the status at now, just before it goes; or why
    it must not go out (no school owes the report any more); or None when its report or unit has left the
    config, and it goes as composed. It waited, for the mail server or for the round's reminders: since
    it was composed schools may have reported, staff may have moved the deadline, and reminders it was to
    name may have been withdrawn or have failed. A list names as reminded only the schools a reminder of
    the season reached today."""
    if entry.report_id is None or entry.year is None:
        return None
    try:
        found = statuses(rt, now, report_id=entry.report_id, year=entry.year, unit=unit_of_key(entry.key))
    except ConfigError:
        return None
    if len(found) != 1:
        return None
    status = with_refusals(found[0], outbox.refused(now - REFUSALS_KEPT), rt.config)
    step = step_of_key(entry.key)
    if entry.kind == MailKind.DIGEST:
        item = digest_mail(status, step, now, rt.config, renderer)
    elif not status.owing:
        return NONE_MISSING
    else:
        reached = outbox.reminded_between(entry.report_id, entry.year, *_today(rt.config, now), waiting=False)
        item = missing_list(status, step, now, rt.config, renderer, reached)
    return dataclasses.replace(item, to=entry.to, cc=entry.cc)


def _list_stale(config: Config, entry: Entry, now: dt.datetime) -> str | None:
    """Why a staff missing list must not go out now: it says how many days are left, and the deadline
    has passed (the digest gives the picture after it); or it was composed on an earlier day (the mail
    server was down), and lists schools that have reported or been exempted since, beside the digest
    composed today that says otherwise."""
    if entry.kind != MailKind.MISSING_LIST or entry.report_id is None or entry.year is None:
        return None
    tz = config.district.timezone
    if _before_today(config, entry, now):
        return (
            f"danh sách lập ngày {local_date(entry.created_at, tz)} chưa gửi được trong ngày; bảng tổng hợp "
            "gửi sau đó có số liệu mới hơn"
        )
    try:
        deadline = deadline_of(config.report(entry.report_id), entry.year, tz)
    except ConfigError:
        return None
    return "đã qua hạn nộp khi danh sách chưa nộp mới gửi được" if now > deadline else None


def send_now(rt: Runtime, items: Sequence[Outgoing], now: dt.datetime) -> Delivery:
    """Log and send these messages at once (the CLI's --send); ones already logged are not resent."""
    enqueue(rt, items, now)
    return deliver(rt, now, keys=[i.key for i in items])


def tick(rt: Runtime, *, compose: bool = True) -> Delivery:
    """One round at the runtime's clock: log what is due, then send whatever is pending and due.

    compose=False (the timer's ticks) only acknowledges, alerts and retries; mail from the schools'
    status is composed when compose is True and the mailbox has been read up to now, else held.
    """
    now = rt.clock()
    # The daemon runs all year: a season's deadline is recorded here soon after it passes.
    deadlines.record_passed(rt.config, rt.store, now)
    if rt.config.smtp is None:
        log.warning("tệp cấu hình %s không có mục [smtp]: không gửi thư nào", rt.config.path)
        return Delivery()
    kinds: list[MailKind] = [MailKind.ACK, MailKind.ALERT]
    held = ""
    stale = stale_mailboxes(rt.config, rt.store, now)
    if stale:
        held = held_reason(stale, rt.config.district.timezone)
        if compose:
            log.warning("tạm hoãn thư nhắc, danh sách chưa nộp và bảng tổng hợp: %s", held)
    elif compose:
        kinds += FROM_STATUS
    enqueue(rt, due(rt, now, kinds=kinds), now)
    try:
        return dataclasses.replace(deliver(rt, now), held=held)
    except SendConfigError as e:
        # Nothing can be sent until the account is fixed; the mail waits in the outbox meanwhile.
        log.error("chưa gửi được thư nào: %s", e)
        return Delivery(held=held, errors=(str(e),))


@dataclass
class Handle:
    """The running scheduler of `baocao run`; stop() waits for a tick in progress to finish."""

    scheduler: BackgroundScheduler
    wake: Callable[[], None]

    def wake_in(self, seconds: float) -> None:
        """Ask the daemon to read the mailbox and compose again in seconds: after a composing the database
        cut short. One such wake waits at a time; it goes with stop()."""
        at = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)
        self.scheduler.add_job(self.wake, DateTrigger(run_date=at), id="compose-again", replace_existing=True)

    def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)


def start(rt: Runtime, wake: Callable[[], None]) -> Handle:
    """Start the scheduler in a background thread: a tick now and every few minutes (acknowledgements,
    alerts, retries); at the reminder and digest times, wake() asks the daemon to read the mailbox and
    then compose (tick with compose=True after the read)."""
    tz = rt.config.district.timezone
    settings = rt.config.scheduler

    def run() -> None:
        try:
            result = tick_safely(rt, compose=False)
        except Exception as e:  # a bad tick must not stop the next one; it is logged with its cause
            if database_said(e) is None:
                log.exception("scheduler tick failed")
            else:  # the database is away (restarted, unreachable): no fault of the tick, the next one retries
                log.warning("%s", retry_note(e, settings.tick_minutes * 60))
            return
        if result.sent or result.failed:
            log.info("scheduler: %s", result)

    scheduler = BackgroundScheduler(
        timezone=tz, job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600}
    )
    scheduler.add_job(
        run,
        IntervalTrigger(minutes=settings.tick_minutes, timezone=tz),
        id="tick",
        next_run_time=dt.datetime.now(tz),
    )
    for name, at in (("reminders", settings.reminder_time), ("digest", settings.digest_time)):
        scheduler.add_job(wake, CronTrigger(hour=at.hour, minute=at.minute, timezone=tz), id=name)
    scheduler.start()
    log.info("scheduler started (%s, every %d min)", tz.key, settings.tick_minutes)
    return Handle(scheduler, wake)


_ticking = threading.Lock()


def tick_safely(rt: Runtime, *, compose: bool) -> Delivery:
    """tick() with one round at a time in this process (the timer's and the daemon's)."""
    with _ticking:
        return tick(rt, compose=compose)
