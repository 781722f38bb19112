"""Which collecting unit a piece of mail concerns, for listings narrowed to one unit (--unit, ?unit=).

A school belongs to the unit that collects it on the season's deadline day, the day that decides the
roster (see Config.roster); a message belongs to the unit whose mailbox it was read from, and to the
unit of every school it names; one that names none, to the unit collecting the school whose address sent
it. Mail that names no school, from an address of no school (or of several), that came to no unit's
mailbox is no unit's: it shows only in the office-wide listings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from kernel.config import Config, ConfigError, ReportConfig
from kernel.seasons import deadline_of
from kernel.store import MessageRow, ReviewRow, Store, SubmissionRow


def we(name: str) -> str:
    """How a sentence or a column names a collecting unit after its full name: "Phòng" or "Sở" for an
    office so named (the district office collecting until 30/6/2025 writes as it always did), else the
    whole name: a commune People's Committee is «UBND xã Mỹ An», never a «Phòng» it does not have."""
    first = name.split(maxsplit=1)[0] if name.strip() else name
    return first if first in ("Phòng", "Sở") else name


def speaker(config: Config, unit_id: str | None) -> str:
    """How a sentence names who collects: the unit (we), else the office ("Phòng" for a district's; a
    commune People's Committee that splits into no units by its name, «UBND xã Mỹ An»)."""
    return we(config.district.name if unit_id is None else config.unit(unit_id).name)


def speaker_on(config: Config, when: dt.datetime, unit_id: str | None = None) -> str:
    """How a sentence about mail names the office that sent or received it, at a moment the mail's school
    is not known: the unit given (a unit's own mailbox), else whoever collects the schools that day —
    "Phòng" for the office, or the district office as a unit until 30/6/2025 — and "đơn vị" when that
    is several units (the communes after 1/7/2025)."""
    found = _speakers_on(config, when, unit_id)
    return found.pop() if len(found) == 1 else "đơn vị"


def answered_speaker(
    config: Config, schools: Iterable[str], when: dt.datetime, unit_id: str | None = None
) -> str:
    """How a sentence names the office whose mail a reply received at when answers, the mail having gone to
    schools: the unit collecting them that day, who writes to them, when they share one; else speaker_on
    (the unit given, a unit's own mailbox; else whoever collects that day)."""
    day = when.astimezone(config.district.timezone).date()
    found = {speaker(config, config.unit_on(s, day)) for s in schools}
    return found.pop() if len(found) == 1 else speaker_on(config, when, unit_id)


def _speakers_on(config: Config, when: dt.datetime, unit_id: str | None) -> set[str]:
    """How a sentence names each of the units speaker_on may mean: the unit given, else those collecting."""
    day = when.astimezone(config.district.timezone).date()
    ids = {unit_id} if unit_id is not None else {config.unit_on(s.id, day) for s in config.schools}
    return {speaker(config, i) for i in ids if i is not None} or {speaker(config, None)}


def mailbox_on(config: Config, source: str, when: dt.datetime) -> str | None:
    """The unit whose mailbox received a message read from source at when: a unit's own mailbox
    (Config.mailbox_unit), else the office's, which is the one unit collecting every school that day (the
    district office as a unit until 30/6/2025, as speaker_on says it); None when that day several units
    collect the schools (the communes after 1/7/2025, which the provincial Department's mailbox is none
    of), or none does."""
    own = config.mailbox_unit(source)
    if own is not None:
        return own
    day = when.astimezone(config.district.timezone).date()
    found = {unit for s in config.schools if (unit := config.unit_on(s.id, day)) is not None}
    return found.pop() if len(found) == 1 else None


def whose_mail(config: Config, row: MessageRow) -> str:
    """Whose the office's own mail is, as a sentence or a label names it ("Thư của …"): the unit of the
    mailbox it was read from, else whoever collects the schools the day it came (speaker_on); when several
    units do, the office whose mailbox it is, by its short name («Phòng GD&ĐT Thủ Thừa»). «Thư của đơn vị»
    named no one: a school is an «đơn vị» too, and the page's panel said «thư của Phòng» beside it."""
    found = _speakers_on(config, row.received_at, config.mailbox_unit(row.source))
    return found.pop() if len(found) == 1 else config.district.short_name


def season_day(config: Config, report_id: str | None, year: int | None) -> dt.date | None:
    """The deadline day of a season, which decides where its schools belong; None when unknown."""
    if report_id is None or year is None:
        return None
    try:
        report = config.report(report_id)
    except ConfigError:  # a report removed from the file since: its mail falls back to its own day
        return None
    return deadline_of(report, year, config.district.timezone).date()


def of_school(config: Config, report: ReportConfig, year: int, school_id: str) -> str | None:
    """The unit that collects the school's report of this season: its unit on the deadline day; None
    without [[units]] or when the school is not on the roster then."""
    return config.unit_on(school_id, deadline_of(report, year, config.district.timezone).date())


def received_by(
    config: Config, report: ReportConfig, year: int, school_id: str, received_at: dt.datetime
) -> str | None:
    """The unit that collected the school on the day its report of this season came, when that is not
    the unit collecting it for the season (of_school): the district office, for a 2025 report received
    before the communes began on 1/7/2025; for a school merged away by then, the unit of the school it
    was merged into, whose people its address reaches (a closed school's late report of 2024 reaching the
    commune's mailbox); None when the season's own unit received it, or without [[units]]."""
    day = received_at.astimezone(config.district.timezone).date()
    then = config.unit_on(school_id, day)
    if then is None and (successor := config.successor_on(school_id, day)) is not None:
        then = config.unit_on(successor.id, day)
    season = of_school(config, report, year, school_id)
    return then if then is not None and season is not None and then != season else None


def of_ack(
    config: Config, school_id: str, report_id: str | None, year: int | None, now: dt.datetime
) -> str | None:
    """The unit an acknowledgement speaks for: the one collecting the school on the day it is written,
    which reads the school's answer and collects its next report (a school that moved on 1/7/2025 sending
    its 2024 report late is answered by its commune, not by the district office dissolved that day); for
    a school merged away by then, the unit of the school it was merged into, whose people its address
    now reaches; else the season's unit (of_season)."""
    today = now.astimezone(config.district.timezone).date()
    successor = config.successor_on(school_id, today)
    return (
        config.unit_on(school_id, today)
        or (config.unit_on(successor.id, today) if successor is not None else None)
        or of_season(config, school_id, report_id, year, now)
    )


def of_season(
    config: Config, school_id: str, report_id: str | None, year: int | None, when: dt.datetime
) -> str | None:
    """The unit that collects the school for a season named by ids: its unit on the season's deadline
    day, else (no season, or its report left the file) on the local day of when, the moment the thing
    happened; None without [[units]] or off the roster then."""
    return config.unit_on(school_id, _day(config, report_id, year, when))


def _day(config: Config, report_id: str | None, year: int | None, when: dt.datetime) -> dt.date:
    """The day a school's unit is taken on: the season's deadline day, else the local day of when."""
    return season_day(config, report_id, year) or when.astimezone(config.district.timezone).date()


def of_message(
    config: Config,
    unit: str,
    *,
    source: str,
    school_ids: Iterable[str],
    report_id: str | None,
    year: int | None,
    received_at: dt.datetime,
    sender_school: str | None = None,
) -> bool:
    """Whether a message concerns unit (see concerned_by)."""
    return unit in concerned_by(
        config,
        source=source,
        school_ids=school_ids,
        report_id=report_id,
        year=year,
        received_at=received_at,
        sender_school=sender_school,
    )


def school_of_address(config: Config, learned: Mapping[str, str], address: str) -> str | None:
    """The one school an address is known for: registered in its [[schools]].emails, or learned when staff
    assigned its mail (learned: Store.learned_addresses); None for an address of no school, or of two (one
    school's registered address that staff tied to another)."""
    address = address.lower()
    found = {s.id for s in config.schools if address in s.emails}
    found |= {learned[address]} if address in learned else set()
    return found.pop() if len(found) == 1 else None


def concerned_by(
    config: Config,
    *,
    source: str,
    school_ids: Iterable[str],
    report_id: str | None,
    year: int | None,
    received_at: dt.datetime,
    sender_school: str | None = None,
) -> frozenset[str]:
    """The units a message concerns: the one whose mailbox it was read from, and the units of the schools
    it names (a candidate or the school credited) on the season's deadline day, else on the day it came;
    a school off the roster then counts for its successor's unit, else the unit that last (or next)
    collects it. Mail that names no school concerns the unit collecting, on the day it came, the school
    whose own address sent it (sender_school: school_of_address), in whatever mailbox: a school's «Em gửi
    báo cáo ạ» to the provincial Department's is its commune's. Else, it concerns the one unit collecting
    then, when only one does (the district office before 1/7/2025): it is that unit's, not mail of no
    unit."""
    named = list(school_ids)
    found = {
        config.mailbox_unit(source),
        *(_answers_to(config, s, report_id, year, received_at) for s in named),
        *(
            (_answers_to(config, sender_school, None, None, received_at),)
            if sender_school and not named
            else ()
        ),
    }
    if found <= {None}:
        collecting = config.units_on(_day(config, report_id, year, received_at))
        return collecting if len(collecting) == 1 else frozenset()
    return frozenset(u for u in found if u is not None)


def _answers_to(
    config: Config, school_id: str, report_id: str | None, year: int | None, when: dt.datetime
) -> str | None:
    """The unit a school named by a message answers to: its unit on the season's deadline day (else on
    the day of when); for a school merged into another before then, its successor's unit that day (the
    unit that collected it may have been dissolved with the district); for another school off the
    roster then (closed, not open yet), the unit that last collected it before that day, else the first
    that will after, so its mail reaches someone."""
    day = _day(config, report_id, year, when)
    found = config.unit_on(school_id, day)
    if found is not None:
        return found
    successor = config.successor_on(school_id, day)
    if successor is not None:
        return config.unit_on(successor.id, day)
    try:
        spans = config.school(school_id).memberships
    except ConfigError:  # a school removed from the file since
        return None
    before = [m for m in spans if m.until is not None and m.until < day]
    if before:
        return max(before, key=lambda m: m.until or day).unit
    after = [m for m in spans if m.start is not None and day < m.start]
    return min(after, key=lambda m: m.start or day).unit if after else None


def of_stored(
    config: Config,
    unit: str,
    row: MessageRow,
    credited: Sequence[SubmissionRow],
    waiting: Sequence[ReviewRow],
    learned: Mapping[str, str],
) -> bool:
    """Whether a recorded message concerns unit as it stands now (of_message): read from its mailbox, or
    naming one of its schools among those it is credited to (credited) and the candidates it still waits
    on (waiting), in the season of the first of them. A message rejected or called the office's own
    names no school any more: its mailbox and its sender decide (concerned_by, with the school whose
    registered or learned address sent it: school_of_address). `review --unit` asks this of the mail that
    could not be read, `audit --unit` of every message, the page of a message an account bound to a unit
    opens, from its school's list of other mail too."""
    seasons = [(s.report_id, s.year) for s in credited] + [(r.report_id, r.year) for r in waiting]
    report_id, year = seasons[0] if seasons else (None, None)
    return of_message(
        config,
        unit,
        source=row.source,
        school_ids=[s.school_id for s in credited] + [c for r in waiting for c in r.candidates],
        report_id=report_id,
        year=year,
        received_at=row.received_at,
        sender_school=school_of_address(config, learned, row.sender),
    )


def message_of(config: Config, store: Store, unit: str, row: MessageRow) -> bool:
    """Whether one recorded message concerns unit (of_stored), read from the store."""
    credited = store.submissions(message_keys=[row.key])
    waiting = store.reviews(message_key=row.key)
    return of_stored(config, unit, row, credited, waiting, store.learned_addresses())


def waiting_by_unit(
    config: Config, store: Store, waiting: Iterable[ReviewRow]
) -> list[tuple[ReviewRow, frozenset[str]]]:
    """Each message waiting for staff with the units it concerns (concerned_by); none for mail naming no
    school from an address of no school, read from a mailbox the units share (a report from an unknown
    gmail whose paper names none)."""
    waiting = list(waiting)
    rows = store.messages_by_key(r.message_key for r in waiting)
    learned = store.learned_addresses()
    return [
        (
            r,
            concerned_by(
                config,
                source=rows[r.message_key].source if r.message_key in rows else "",
                school_ids=r.candidates,
                report_id=r.report_id,
                year=r.year,
                received_at=r.received_at,
                sender_school=school_of_address(config, learned, r.sender),
            ),
        )
        for r in waiting
    ]


def reviews_of(config: Config, store: Store, unit: str, waiting: Iterable[ReviewRow]) -> list[ReviewRow]:
    """The mail waiting for staff that concerns unit (see of_message): read from its mailbox, or naming
    one of its schools. Every listing of a unit's review (its status, digest, review list) uses this."""
    return [r for r, found in waiting_by_unit(config, store, waiting) if unit in found]
