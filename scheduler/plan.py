"""What should have been sent by now and is not in the send log: pure, (status, log, now) -> mails.

A reminder step, digest slot or staff list that was missed while the daemon was down collapses to
the latest one due, so catching up sends each thing once, never once per missed run; on a day whose
own step is still to come, it waits for that step.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from types import MappingProxyType

from kernel.attachment import Attachment
from kernel.config import Config, ReportConfig, SchoolConfig
from kernel.errors import ConfigError
from kernel.freshness import MailboxRead
from kernel.proof import SenderCheck
from kernel.returned import Reach
from kernel.seasons import deadline_of, local, running_season, season_bounds
from kernel.status import ReportStatus, SchoolStatus
from kernel.store import SubmissionKind, SubmissionRow
from kernel.workdays import on_or_after, on_or_before, working
from scheduler.outgoing import (
    KINDS,
    UNREAD,
    MailKind,
    OutboxState,
    Outgoing,
    make_key,
    step_of_key,
    unit_part,
)
from scheduler.render import Renderer, TakenBack


@dataclass(frozen=True)
class Received:
    """A recorded submission that may be acknowledged to its sender."""

    submission: SubmissionRow
    subject: str
    # Sent automatically (an auto-reply, a document system's no-reply address): its sender is never
    # answered, and the school hears at its registered addresses when the sender is not one of them.
    automatic: bool
    sender_check: SenderCheck | None = None  # what the message's row says of its From address
    forwarded_from: tuple[str, ...] = ()  # the original senders, when it is a forward
    extended_until: dt.date | None = None  # the school's own deadline, when the office extended it
    # Why the office excused the school this season, when it did: its report is neither on time nor
    # late, and the school is never told it came after the deadline.
    exempt_reason: str | None = None
    # The school's readable reports of the same season received before this one, oldest first: the
    # first of them decided on time or late, and this one only adds to or corrects it.
    earlier: tuple[SubmissionRow, ...] = ()
    # The school's submission just before this one when this one resends its very files (a school
    # unsure its report arrived): it is counted once, and the school need not send it again.
    copy_of: SubmissionRow | None = None
    # When staff assigned the message (it waited in review, or they corrected it), or took out the note
    # asking to cancel it (its report counts again): the school hears of it from then on, however long
    # the mail waited.
    assigned_at: dt.datetime | None = None
    silent: bool = False  # our own or the office's own mail: nobody is acknowledged
    # How many of its acknowledgements were withdrawn unsent because what they said no longer held
    # (REWORDED): the school still hears once that its report arrived, in the words true now.
    rewording: int = 0
    # A reminder told the school, after an acknowledgement of this mail, that the mail no longer counts, and
    # it counts again: the school hears that its report counts after all.
    counted_again: bool = False
    # The school an acknowledgement of this mail went out for, which staff then took it from (they had
    # assigned it to the wrong school): its sender hears that the report counts for this school instead.
    told_as: str | None = None
    # That school still has a report of its own counted in the season, so no reminder tells it that the
    # mail no longer counts for it: it is told with the sender.
    told_as_reported: bool = False
    # When a poll read it, days after it came (the machine off, MessageRow.read_at): the school has heard
    # nothing of it, and hears from then on.
    read_at: dt.datetime | None = None
    # Files of the same mail that no school was credited with and that wait for staff (another school's
    # paper, or one whose school is unsure): the sender hears that they were not taken as read.
    waiting: tuple[str, ...] = ()
    # What the season's bounces and mail say of the school's addresses: the acknowledgement goes to those
    # a reminder would (Reach.recipients), not to one that does not exist while another is listed.
    reach: Reach = Reach()


@dataclass(frozen=True)
class Step:
    name: str  # before-14, overdue-1, 2021-10-18 ...
    at: dt.datetime


def _step_key(kind: MailKind, report: str, year: int, school_id: str | None, step: Step) -> str:
    return make_key(kind, report, year, school_id, step.name)


# The step of a reminder that tells a school its acknowledged mail no longer counts, named by the message.
TAKEN_BACK = "taken-back-"
COUNTED = "+counted"  # the step of an acknowledgement of mail staff counted although it was not read
# The step of an acknowledgement composed again because the one before was withdrawn unsent when what it
# said stopped being true (it told a school the office has since exempted that its report came late, or
# one whose exemption staff have since undone that it was exempt), or because the one before went out and a
# reminder since told the school the mail no longer counts, and it counts again: "+reworded", then
# "+reworded2"...
REWORDED = "+reworded"
_REWORDED = re.compile(re.escape(REWORDED) + r"(?:[2-9]|[1-9]\d+)?$")


# How soon after a mail the same files sent again from the same address are the same sending: a mail
# program sending twice on a double click, or retrying, does so within seconds; a school unsure its
# report arrived sends it again minutes or hours later and is told it need not.
AT_ONCE = dt.timedelta(minutes=2)


def ack_key(sub: SubmissionRow, rewording: int = 0) -> str:
    """The send-log key of a submission's acknowledgement, or of its rewording-th composition again.
    Mail that could not be read and that staff then counted (they hold the paper copy, or fetched the
    linked file) has a key of its own: the school was told to send its report again, and must now hear
    that it counts."""
    counted = (COUNTED if sub.problems else "") if sub.readable else UNREAD
    again = f"{REWORDED}{rewording if rewording > 1 else ''}" if rewording else ""
    return make_key(
        MailKind.ACK, sub.report_id, sub.year, sub.school_id, sub.message_key[:16] + counted + again
    )


def asks_again(item: Outgoing) -> bool:
    """Whether the mail is an acknowledgement telling its school that its mail could not be read: it asks
    for the report again, as a reminder does."""
    return item.kind == MailKind.ACK and UNREAD in step_of_key(item.key)


def _relayed(
    sub: SubmissionRow, copy_of: SubmissionRow, forwarded_from: Sequence[str], school: SchoolConfig
) -> bool:
    """Whether sub is the school's own mail (copy_of) passed on by someone else than the school: the school
    forwarding it again itself is a resend, answered as one."""
    original = copy_of.sender.lower()
    return original in {a.lower() for a in forwarded_from} and sub.sender.lower() not in {
        original,
        *school.emails,
    }


def sent_at_once(sub: SubmissionRow, copy_of: SubmissionRow | None) -> bool:
    """Whether sub resends copy_of's very files from the same address within AT_ONCE of it (a double
    click on «Gửi»): the school meant one mail, and the first one's acknowledgement answers both."""
    return (
        copy_of is not None
        and sub.sender.lower() == copy_of.sender.lower()
        and dt.timedelta(0) <= sub.received_at - copy_of.received_at <= AT_ONCE
    )


def acked_message(key: str) -> str:
    """The start of the message key an acknowledgement's send-log key names (see ack_key)."""
    return _REWORDED.sub("", step_of_key(key)).removesuffix(COUNTED).removesuffix(UNREAD)


def acknowledged(sub: SubmissionRow, log: Collection[str], rewording: int = 0) -> bool:
    """Whether the send log holds the submission's acknowledgement (its rewording-th composition): mail
    that could not be read is answered also by the acknowledgement logged while it was read, so a file
    that stops being read never brings a second word to its school."""
    return ack_key(sub, rewording) in log or (not sub.readable and _read_key(sub, rewording) in log)


def _read_key(sub: SubmissionRow, rewording: int) -> str:
    return ack_key(dataclasses.replace(sub, kind=SubmissionKind.REPORT, problems=()), rewording)


def _told(sub: SubmissionRow, log: Mapping[str, str]) -> bool:
    """Whether an acknowledgement of the submission has gone out: one still waiting is withdrawn for the
    acknowledgement of a resend of its very files, which then says all it says (scheduler.jobs)."""
    return any(state == OutboxState.SENT and acknowledges(sub, key) for key, state in log.items())


def acknowledges(sub: SubmissionRow, key: str) -> bool:
    """Whether the send-log key is that of the submission's acknowledgement, as first composed or again."""
    first = ack_key(sub)
    return key == first or (key.startswith(first) and _REWORDED.fullmatch(key[len(first) :]) is not None)


def reminder_steps(report: ReportConfig, year: int, config: Config) -> list[Step]:
    """Every reminder step of a season in time order: N days before, then the day after and weekly."""
    return _steps(report, deadline_of(report, year, config.district.timezone).date(), config)


def school_steps(status: ReportStatus, school: SchoolStatus, config: Config) -> list[Step]:
    """A school's reminder steps: the season's, or for an extension the same rhythm around its own
    deadline, from the day it was granted on (named after that deadline, so each extension starts afresh)."""
    if school.extension is None:
        return reminder_steps(status.report, status.year, config)
    until = school.deadline.date()
    granted = school.extension.decided_at
    return [
        Step(f"{s.name}@{until.isoformat()}", s.at)
        for s in _steps(status.report, until, config)
        if s.at >= granted
    ]


def remindable_on(config: Config, school: SchoolStatus, now: dt.datetime) -> bool:
    """Whether the school is on the roster on now's day: one that opens later in the season (a new or
    merged school, `from` before the deadline) owes the report but is not written to before it exists;
    it gets the latest reminder due once it does."""
    day = now.astimezone(config.district.timezone).date()
    return config.school(school.school_id).membership_on(day) is not None


def _steps(report: ReportConfig, deadline: dt.date, config: Config) -> list[Step]:
    """Each step on its day, or with working_days_only, a step before the deadline on the working day
    before a weekend or a holiday it falls on, and one after it on the working day after: a reminder
    one day ahead of a Monday deadline goes out on the Friday, when it is read. Steps that fall on one
    day then are all kept: the latest of them is sent, once."""
    sched = config.scheduler
    at = sched.reminder_time
    before, after = (on_or_before, on_or_after) if sched.working_days_only else (_itself, _itself)
    steps = [
        Step(f"before-{n}", local(before(deadline - dt.timedelta(days=n)), at, config))
        for n in sorted(report.reminder_days, reverse=True)
    ]
    late = [1]
    if sched.overdue_weekly:
        late = list(range(1, sched.season_close_days + 1, 7))
    steps += [Step(f"overdue-{n}", local(after(deadline + dt.timedelta(days=n)), at, config)) for n in late]
    return steps


def _itself(day: dt.date) -> dt.date:
    return day


def digest_slots(report: ReportConfig, year: int, config: Config) -> list[Step]:
    """The digest days: the weekly cadence all season, daily in the last days up to the deadline; with
    working_days_only, a day at a weekend or on a holiday goes to the next working day (once, however
    many land there: the daily digests of a weekend are Monday's)."""
    sched = config.scheduler
    deadline = deadline_of(report, year, config.district.timezone).date()
    day = deadline - dt.timedelta(days=sched.season_open_days)
    last = deadline + dt.timedelta(days=sched.season_close_days)
    slots: list[Step] = []
    while day <= last:
        if day.weekday() in sched.digest_weekdays or 0 <= (deadline - day).days < sched.digest_daily_days:
            sent = on_or_after(day) if sched.working_days_only else day
            if sent <= last and (not slots or slots[-1].name != sent.isoformat()):
                slots.append(Step(sent.isoformat(), local(sent, sched.digest_time, config)))
        day += dt.timedelta(days=1)
    return slots


def first_mail_day(report: ReportConfig, year: int, config: Config) -> dt.date:
    """The first day a season's mail goes out, its first digest or reminder: the season opens earlier
    (season_bounds) when that day sends nothing, as a Sunday does."""
    firsts = [
        steps[0].at
        for steps in (digest_slots(report, year, config), reminder_steps(report, year, config))
        if steps
    ]
    return min(firsts).astimezone(config.district.timezone).date()


def _due_later_today(steps: Sequence[Step], now: dt.datetime, tz: dt.tzinfo) -> bool:
    """Whether a step falls due later on now's local day: a step missed before it (the daemon was down)
    waits for it, and the day's mail goes out at its time, once, instead of a catch-up in the night
    taking the day's one reminder and putting the day's own off to the next."""
    day = now.astimezone(tz).date()
    return any(now < s.at and s.at.astimezone(tz).date() == day for s in steps)


def _latest_unsent(
    steps: Sequence[Step],
    now: dt.datetime,
    log: Mapping[str, str],
    key_of: Callable[[Step], str],
    config: Config,
    deadline: dt.datetime,
) -> Step | None:
    """The latest step due by now, unless it or a later step is already in the log, a step falls due
    later today (_due_later_today), or it is a step missed on an earlier day that may not go out now
    (_may_catch_up)."""
    tz = config.district.timezone
    due = [i for i, s in enumerate(steps) if s.at <= now]
    if not due or _due_later_today(steps, now, tz):
        return None
    if any(key_of(s) in log for s in steps[due[-1] :]):
        return None
    step = steps[due[-1]]
    return step if _may_catch_up(step, now, config, deadline) else None


# A step missed on an earlier day goes out no later than this in the day: the office's hours.
_OFFICE_CLOSES = dt.time(17, 0)


def _may_catch_up(step: Step, now: dt.datetime, config: Config, deadline: dt.datetime) -> bool:
    """Whether a step due by now may go out now. One of today may. One missed on an earlier day (baocao
    was not running, or first started mid-season) waits for office hours, from the step's own time of day
    to _OFFICE_CLOSES, and past the deadline with working_days_only for a working day: caught up at once, it
    went out on a Saturday or at midnight, and the next working day's step followed it the next morning.
    Before the deadline it goes out at a weekend all the same: the next working day may be too late."""
    tz = config.district.timezone
    here, due = now.astimezone(tz), step.at.astimezone(tz)
    if due.date() == here.date():
        return True
    if not due.time() <= here.time() < _OFFICE_CLOSES:
        return False
    if now < deadline:
        return True  # a reminder of the deadline to come, or the list of those who still owe it
    return not config.scheduler.working_days_only or working(here.date())


def plan(
    status: ReportStatus,
    log: Mapping[str, str],
    now: dt.datetime,
    config: Config,
    renderer: Renderer,
    kinds: Collection[str] = KINDS,
    taken_back: Mapping[str, Sequence[TakenBack]] = MappingProxyType({}),
    told: Collection[str] = frozenset(),
    reminded: Collection[str] = frozenset(),
) -> list[Outgoing]:
    """Reminders, the staff missing list and the digest due at now for one report and year. reminded are
    the schools already reminded of it today (sent, or waiting to go): a school gets at most one reminder
    a day, and what became due since (staff undid its extension after the morning's reminder, which named
    the extended deadline) goes out at the next day's run, collapsed to the latest step. taken_back
    are, by school, the messages the school was told were received that no longer count for it this
    season (staff rejected or moved them, or the school's note asked to cancel them): its reminder says
    so, not only that nothing came. A school not yet told of one (told: the keys of those a reminder has
    named) hears of it at once: from the reminder due now, else from a reminder of its own, once (the
    season's reminders may be over, or the season closed: then that is all it plans)."""
    report, year = status.report, status.year
    start, end = season_bounds(report, year, config)
    closed = now >= end
    if now < start or (closed and not taken_back):
        return []
    out: list[Outgoing] = []
    staff = config.staff_of(status.unit)
    unit_key = unit_part(status.unit)
    tz = config.district.timezone
    steps = reminder_steps(report, year, config)
    missing = list(status.owing)
    if MailKind.REMINDER in kinds:
        held = status.in_review
        # A reminder withdrawn before it left never reached the school: withdrawn while a report waited in
        # review (since rejected by staff) or while the school was off the roster, it is due again now
        # that the school owes the report (Outbox.add puts it back).
        live = {k: state for k, state in log.items() if state != OutboxState.CANCELLED}
        for school in (
            s
            for s in missing
            if s.school_id not in held and s.school_id not in reminded and remindable_on(config, s, now)
        ):
            emails = status.reach.recipients(config.school(school.school_id).emails)
            # A reminder before the deadline counts the days left: past the deadline, none is due.
            current = [
                s
                for s in school_steps(status, school, config)
                if not closed and not (s.name.startswith("before") and now > school.deadline)
            ]
            if _due_later_today(current, now, tz):
                continue  # its reminder of the day says all, a taken-back mail too
            step = _latest_unsent(
                current,
                now,
                live,
                partial(_step_key, MailKind.REMINDER, report.id, year, school.school_id),
                config,
                school.deadline,
            )
            untold = [m for m in taken_back.get(school.school_id, ()) if m.key not in told]
            if step is None and untold:
                step = Step(f"{TAKEN_BACK}{untold[-1].key[:16]}", now)
                if _step_key(MailKind.REMINDER, report.id, year, school.school_id, step) in log:
                    step = None
            if step is None or not emails:
                continue
            prefix = make_key(MailKind.REMINDER, report.id, year, school.school_id, "")
            sent = sum(
                1 for k, state in log.items() if k.startswith(prefix) and state != OutboxState.CANCELLED
            )
            cc = staff if sent >= config.scheduler.staff_copy_after else ()
            subject, text = renderer.reminder(
                status,
                school,
                now,
                overdue=step.name.startswith("overdue") or now > school.deadline,
                taken_back=taken_back.get(school.school_id, ()),
            )
            out.append(
                Outgoing(
                    MailKind.REMINDER,
                    report.id,
                    year,
                    school.school_id,
                    emails,
                    tuple(a for a in cc if a not in emails),
                    subject,
                    text,
                    None,
                    (),
                    make_key(MailKind.REMINDER, report.id, year, school.school_id, step.name),
                )
            )
    if MailKind.MISSING_LIST in kinds and missing and staff and not closed:
        before = [s for s in steps if s.name.startswith("before")]
        key = partial(_step_key, MailKind.MISSING_LIST, report.id, year, unit_key)
        step = _latest_unsent(before, now, log, key, config, status.deadline)
        if step is not None and now <= status.deadline:
            # The list tells staff which schools were reminded: those reminded now, already at this step,
            # or earlier today by another reminder (one a day: told at dawn that a mail no longer counts).
            listed = {o.school_id for o in out if o.school_id is not None} | {
                s.school_id
                for s in missing
                if s.school_id in reminded
                or log.get(_step_key(MailKind.REMINDER, report.id, year, s.school_id, step), "cancelled")
                != OutboxState.CANCELLED
            }
            out.append(missing_list(status, step.name, now, config, renderer, frozenset(listed)))
    # Before the deadline a digest goes out even with nothing missing, but not for a unit that collects
    # no school this season (dissolved, or not collecting yet) unless mail waits for it in review.
    worth = missing or status.review or (status.schools and now <= status.deadline)
    if MailKind.DIGEST in kinds and staff and worth and not closed:
        slots = digest_slots(report, year, config)
        key = partial(_step_key, MailKind.DIGEST, report.id, year, unit_key)
        step = _latest_unsent(slots, now, log, key, config, status.deadline)
        if step is not None:
            out.append(digest_mail(status, step.name, now, config, renderer))
    return out


@dataclass(frozen=True)
class RemindedSince:
    """A school owing a report at a moment asked about (--as-of) that no reminder is planned for then,
    because a reminder of a later step already went to it (or waits to go): at, that step's time."""

    report: str
    year: int
    school_id: str
    at: dt.datetime


def reminded_since(
    status: ReportStatus, log: Mapping[str, str], now: dt.datetime, config: Config
) -> list[RemindedSince]:
    """The schools owing the report at now, not waiting in review, that plan leaves without a reminder
    because one of a step after now's is in the log: asked about a morning before reminders sent since,
    staff would otherwise count fewer reminders than schools owing, with no word why."""
    live = {k for k, state in log.items() if state != OutboxState.CANCELLED}
    out = []
    for school in (s for s in status.owing if s.school_id not in status.in_review):
        steps = [
            s
            for s in school_steps(status, school, config)
            if not (s.name.startswith("before") and now > school.deadline)
        ]
        due = [i for i, s in enumerate(steps) if s.at <= now]
        key = partial(_step_key, MailKind.REMINDER, status.report.id, status.year, school.school_id)
        later = next((s for s in steps[due[-1] + 1 :] if key(s) in live), None) if due else None
        if later is not None:
            out.append(RemindedSince(status.report.id, status.year, school.school_id, later.at))
    return out


def missing_list(
    status: ReportStatus,
    step: str,
    now: dt.datetime,
    config: Config,
    renderer: Renderer,
    reminded: frozenset[str],
) -> Outgoing:
    """The staff missing list of a step, as the status at now has it; reminded are the schools it says
    were reminded today."""
    subject, text, html = renderer.missing(status, now, reminded)
    return _to_staff(MailKind.MISSING_LIST, status, step, config, subject, text, html)


def digest_mail(
    status: ReportStatus, step: str, now: dt.datetime, config: Config, renderer: Renderer
) -> Outgoing:
    """The staff digest of a slot, as the status at now has it."""
    digest = renderer.digest(status, now)
    table = Attachment(digest.filename, digest.content_type, digest.table)
    return _to_staff(
        MailKind.DIGEST, status, step, config, digest.subject, digest.text, digest.html, (table,)
    )


def _to_staff(
    kind: MailKind,
    status: ReportStatus,
    step: str,
    config: Config,
    subject: str,
    text: str,
    html: str | None = None,
    attachments: tuple[Attachment, ...] = (),
) -> Outgoing:
    """A mail of a season's step to the staff of its unit (or the office), keyed by the step."""
    report, unit_key = status.report, unit_part(status.unit)
    return Outgoing(
        kind,
        report.id,
        status.year,
        None,
        config.staff_of(status.unit),
        (),
        subject,
        text,
        html,
        attachments,
        make_key(kind, report.id, status.year, unit_key, step),
    )


def acknowledgements(
    received: Iterable[Received],
    log: Mapping[str, str],
    now: dt.datetime,
    config: Config,
    renderer: Renderer,
) -> list[Outgoing]:
    """One acknowledgement per recorded report received within the window, to its sender, and also to
    the school's registered addresses when the sender is not one of them (a personal or learned
    address, or mail credited by its name or signature alone): a forged or mistaken report is then
    noticed by the school itself. Mail sent automatically is never answered: from an address the
    school did not register (a document system's no-reply address sending the school's paper) it is
    acknowledged to the school's registered addresses alone; from one it did (an auto-reply), not at
    all. Mail whose From gave no sure address is acknowledged to those addresses alone too. Mail staff assigned within the window is acknowledged however long it waited in review, while
    the season it came in still runs; so is mail a poll read within the window days after it came (the
    machine off), even when its season closed meanwhile: the window counts from when baocao read it, not
    from its receipt."""
    window = dt.timedelta(days=config.scheduler.ack_window_days)
    out = []
    for item in received:
        sub = item.submission
        if item.silent or sub.received_at > now:
            continue
        if not now - window <= max(
            sub.received_at, item.assigned_at or sub.received_at, item.read_at or sub.received_at
        ):
            continue
        key = ack_key(sub, item.rewording)
        if acknowledged(sub, log, item.rewording) or sent_at_once(sub, item.copy_of):
            continue
        try:
            report = config.report(sub.report_id)
            school = config.school(sub.school_id)
        except ConfigError:
            continue  # the report or school has left the config since; nothing sensible to say
        running = running_season(report, sub.received_at, config)
        # Mail a poll read days after it came (the machine off) is new to the school when read, whatever
        # season runs then: it came while the machine could not answer, however near the season's close.
        read = max(sub.received_at, item.read_at or sub.received_at)
        if (
            read < now - window
            and not (item.counted_again or item.told_as)
            and (running is None or running != running_season(report, now, config))
        ):
            # Staff sorting out an earlier season's mail: the school is not written to about it, unless it
            # was told that mail no longer counts, or its sender was told it counts for another school.
            continue
        # The office forwarding a school's mail is not who sent the report: its original senders are, and
        # they are answered, not the staff who passed it on. A copy of what the school sent itself is not
        # answered again, whoever passes it on (the office, or the district office the school wrote to
        # before 1/7/2025, unknown to the commune's config).
        passed_on = sub.sender.lower() in config.office_addresses and bool(item.forwarded_from)
        if item.copy_of is not None and (
            passed_on or _relayed(sub, item.copy_of, item.forwarded_from, school)
        ):
            continue
        senders = item.forwarded_from if passed_on else (sub.sender,)
        senders = tuple(a.lower() for a in senders if a)  # none: a From with no sure address
        told = () if any(a in school.emails for a in senders) else item.reach.recipients(school.emails)
        if item.automatic and not told:
            continue  # the school's own address answering by itself: never answered, lest robots loop
        to = told if item.automatic or not sub.sender else (*senders, *told)
        if not to:
            continue  # no address to answer, and none registered for the school
        mistaken = next((s for s in config.schools if s.id == item.told_as), None)
        # The school wrongly acknowledged, whose own report counts: no reminder tells it the mail is not
        # its own, so it hears it here.
        righted = (
            tuple(a for a in item.reach.recipients(mistaken.emails) if a not in to)
            if mistaken and item.told_as_reported
            else ()
        )
        to = (*to, *righted)
        # A past season's report (last year's file) received while a later season runs is not that
        # season's report: the school must not read "đã nhận" as this year's being done.
        subject, text = renderer.ack(
            report,
            school,
            sub,
            item.subject,
            item.sender_check,
            told,
            senders,
            item.extended_until,
            item.earlier,
            item.exempt_reason,
            running if running is not None and running > sub.year else None,
            item.copy_of,
            copy_told=item.copy_of is not None and _told(item.copy_of, log),
            unanswered=item.automatic,
            now=now,
            assigned=item.assigned_at is not None,
            counted_again=item.counted_again,
            told_as=mistaken,
            righted=righted,
            relayed_from=[a for a in item.forwarded_from if told and a.lower() in school.emails],
            waiting=item.waiting,
        )
        out.append(
            Outgoing(
                MailKind.ACK,
                sub.report_id,
                sub.year,
                sub.school_id,
                to,
                (),
                subject,
                text,
                None,
                (),
                key,
                in_reply_to=sub.message_id,
            )
        )
    return out


def mailbox_alerts(
    reads: Iterable[MailboxRead], log: Mapping[str, str], now: dt.datetime, config: Config, renderer: Renderer
) -> list[Outgoing]:
    """One alert to staff per outage of a mailbox that has not been read for the configured delay,
    or at once when only a person can fix it (a refused login, a revoked OAuth2 token): reminders
    and lists are held meanwhile, so staff must know why none arrive, and what is wrong: the office's, and
    the staff of the unit whose own mailbox it is, who may be the only ones to read it."""
    delay = dt.timedelta(minutes=config.scheduler.mailbox_alert_minutes)
    units = {m.name: m.unit for m in config.mailboxes}
    out = []
    for read in reads:
        unit = units.get(read.mailbox)
        own = config.unit(unit).staff_emails if unit is not None else ()
        staff = tuple(dict.fromkeys((*config.district.staff_emails, *own)))
        if read.failing_since is None or not staff:
            continue
        if now - read.failing_since < delay and not read.needs_admin:
            continue
        key = make_key(MailKind.ALERT, "-", 0, None, f"{read.mailbox}@{read.failing_since.isoformat()}")
        if key in log:
            continue
        subject, text = renderer.alert(read, now)
        out.append(Outgoing(MailKind.ALERT, "-", 0, None, staff, (), subject, text, None, (), key))
    return out
