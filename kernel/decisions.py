"""Office decisions about one school's duty for one report and year: an extension, an exemption, a paper copy.

Each is recorded with who took it, when and why, and written to the audit log in the same transaction.
A deadline moved for every school (extend_all) is an extension of each; moved for the whole season, it is
also recorded once as the season's general extension (school id GENERAL), which covers the schools that
join the roster later (SeasonDecisions.extension_of). Undoing one keeps its row
(marked undone, by whom and when), so the history stays readable; a new decision of the same kind
replaces the one in force. The status reads the decisions in force.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from sqlalchemy import Column, Date, Integer, String, Table, Text, insert, select, text, update
from sqlalchemy.engine import Connection

from kernel import audit
from kernel.config import Config, ReportConfig, SchoolConfig
from kernel.errors import BaocaoError, NotFoundError
from kernel.seasons import deadline_of, nearest_season, season_bounds
from kernel.store import Store, UTCDateTime, metadata
from kernel.timefmt import local_date


class DecisionError(BaocaoError):
    """Raised when a decision cannot be taken as asked (no reason given, a date before the deadline...)."""


class DecidedMeanwhileError(DecisionError):
    """Raised when a decision, or its undo, was asked against what was in force when the asker looked
    (`seen`), and someone else has decided the same thing for the school since: two clerks on one
    school's page, or the command line meanwhile. Nothing is recorded; `who`, `what` and `at` say what
    changed, for the asker to look again."""

    def __init__(self, who: str, what: str, at: dt.datetime | None) -> None:
        self.who, self.what, self.at = who, what, at
        super().__init__(f"người khác{f' ({who})' if who else ''} vừa {what}, hãy xem lại")


class DecisionKind(StrEnum):
    EXTENSION = "extension"  # a later deadline for this school
    EXEMPTION = "exemption"  # not required this season (closed, merged, no pupils yet...)
    PAPER = "paper"  # the paper copy reached the clerk


KIND_LABELS = {
    DecisionKind.EXTENSION: "Gia hạn",
    DecisionKind.EXEMPTION: "Miễn nộp",
    DecisionKind.PAPER: "Bản giấy",
}
_ACTIONS = {DecisionKind.EXTENSION: "extend", DecisionKind.EXEMPTION: "exempt", DecisionKind.PAPER: "paper"}

office_decisions = Table(
    "office_decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(20), nullable=False),  # a DecisionKind
    Column("report_id", String(100), nullable=False),
    Column("year", Integer, nullable=False),
    Column("school_id", String(100), nullable=False, index=True),
    Column("until", Date, nullable=True),  # an extension's new deadline day
    Column("received_on", Date, nullable=True),  # the day a paper copy reached the office
    Column("received_by", String(200), nullable=False, default=""),  # who took the paper copy
    Column("reason", Text, nullable=False, default=""),
    Column("decided_by", String(200), nullable=False),
    Column("decided_at", UTCDateTime, nullable=False),
    Column("undone_by", String(200), nullable=True),
    Column("undone_at", UTCDateTime, nullable=True),
    Column("undo_reason", Text, nullable=False, default=""),
)


@dataclass(frozen=True)
class Decision:
    id: int
    kind: DecisionKind
    report_id: str
    year: int
    school_id: str
    until: dt.date | None
    received_on: dt.date | None
    received_by: str
    reason: str
    decided_by: str
    decided_at: dt.datetime
    undone_by: str | None = None
    undone_at: dt.datetime | None = None
    undo_reason: str = ""

    @property
    def in_force(self) -> bool:
        return self.undone_at is None

    def summary(self) -> str:
        """What the decision says, in Vietnamese: "gia hạn đến 05/11/2021"."""
        if self.kind == DecisionKind.EXTENSION and self.until is not None:
            return f"gia hạn đến {local_date(self.until, None)}"
        if self.kind == DecisionKind.PAPER and self.received_on is not None:
            by = f" ({self.received_by})" if self.received_by else ""
            return f"đã nhận bản giấy ngày {local_date(self.received_on, None)}{by}"
        return f"miễn nộp năm {self.year}"


# The school id of the season's general extension: the deadline moved for every school of the season.
GENERAL = ""


@dataclass(frozen=True)
class SeasonDecisions:
    """The decisions in force for one report and year, by school id."""

    extensions: Mapping[str, Decision] = field(default_factory=dict)  # each school's own
    exemptions: Mapping[str, Decision] = field(default_factory=dict)
    papers: Mapping[str, Decision] = field(default_factory=dict)
    general: Decision | None = None  # the deadline moved for every school of the season, in force
    # The schools whose own extension was decided or withdrawn since the general one: it covers the others.
    own_since: frozenset[str] = frozenset()

    def extension_of(self, school_id: str) -> Decision | None:
        """The school's extension in force: its own; else the season's general one when nothing was
        decided about the school's own since (a school that joined the roster after the deadline was moved,
        as an official letter moves it for the whole district), shown as the school's."""
        own = self.extensions.get(school_id)
        if own is not None or self.general is None or school_id in self.own_since:
            return own
        return replace(self.general, school_id=school_id)


def _decision(row: Any) -> Decision:
    values = dict(row._mapping)
    values["kind"] = DecisionKind(values["kind"])
    values["undo_reason"] = values["undo_reason"] or ""
    return Decision(**values)


def in_force(store: Store, report_id: str, year: int, at: dt.datetime | None = None) -> SeasonDecisions:
    """What the office has decided for this report and year, as it stands now, or as it stood at a
    moment (decided by then and not yet undone): what mail composed then was told."""
    with store.engine.connect() as conn:
        return _season(conn, report_id, year, at)


def _season(conn: Connection, report_id: str, year: int, at: dt.datetime | None = None) -> SeasonDecisions:
    """in_force, read on conn."""
    query = (
        select(office_decisions)
        .where(office_decisions.c.report_id == report_id, office_decisions.c.year == year)
        .order_by(office_decisions.c.decided_at, office_decisions.c.id)
    )
    if at is not None:
        query = query.where(office_decisions.c.decided_at <= at)
    decided = [_decision(row) for row in conn.execute(query)]

    def by_then(moment: dt.datetime | None) -> bool:
        return moment is not None and (at is None or moment <= at)

    found: dict[DecisionKind, dict[str, Decision]] = {kind: {} for kind in DecisionKind}
    for decision in decided:
        if not by_then(decision.undone_at):
            found[decision.kind][decision.school_id] = decision  # the latest wins
    general = found[DecisionKind.EXTENSION].pop(GENERAL, None)

    def since_general(d: Decision) -> bool:
        assert general is not None
        if d.kind != DecisionKind.EXTENSION or d.school_id == GENERAL:
            return False
        undone = d.undone_at if by_then(d.undone_at) else None
        return d.decided_at >= general.decided_at or (undone is not None and undone >= general.decided_at)

    own_since = frozenset(d.school_id for d in decided if general is not None and since_general(d))
    return SeasonDecisions(
        found[DecisionKind.EXTENSION],
        found[DecisionKind.EXEMPTION],
        found[DecisionKind.PAPER],
        general,
        own_since,
    )


def history(
    store: Store, *, school_id: str | None = None, report_id: str | None = None, year: int | None = None
) -> list[Decision]:
    """Every decision about a school, the undone ones too, newest first; the seasons' general extensions
    when school_id is GENERAL."""
    query = select(office_decisions).order_by(
        office_decisions.c.decided_at.desc(), office_decisions.c.id.desc()
    )
    if school_id is None:
        query = query.where(office_decisions.c.school_id != GENERAL)
    for column, value in (("school_id", school_id), ("report_id", report_id), ("year", year)):
        if value is not None:
            query = query.where(office_decisions.c[column] == value)
    with store.engine.connect() as conn:
        return [_decision(r) for r in conn.execute(query)]


def extend(
    config: Config,
    store: Store,
    *,
    report_id: str,
    year: int,
    school_id: str,
    until: dt.date,
    reason: str,
    by: str,
    now: dt.datetime,
    seen: int | None = None,
) -> Decision:
    """Give one school a later deadline for one report and year. seen: the id of the extension in force
    when the asker looked (0: none), refused with DecidedMeanwhileError once another replaced it."""
    report = config.report(report_id)
    deadline = deadline_of(report, year, config.district.timezone).date()
    if until <= deadline:
        # A date just after last season's deadline, the year left to its default (the season running now):
        # say so. A date a few days before this season's (19/10 typed for 29/10) is a mistyped day.
        previous = deadline_of(report, year - 1, config.district.timezone).date()
        season = (
            f"; ngày ấy thuộc đợt báo cáo năm {year - 1} (hạn nộp {local_date(previous, None)}): kiểm tra lại năm"
            if previous < until and until - previous < deadline - until
            else ""
        )
        raise DecisionError(
            f"ngày gia hạn {local_date(until, None)} phải sau hạn nộp chung {local_date(deadline, None)} của "
            f"báo cáo năm {year}{season}"
        )
    following = deadline_of(report, year + 1, config.district.timezone).date()
    if until >= following:
        raise DecisionError(
            f"ngày gia hạn {local_date(until, None)} đã sang đợt báo cáo năm {year + 1} "
            f"(hạn nộp {local_date(following, None)}): gia hạn báo cáo năm {year} phải trước ngày đó; "
            "kiểm tra lại năm"
        )
    return _take(
        config, store, DecisionKind.EXTENSION, report_id, year, school_id, reason, by, now, seen, until=until
    )


def past_the_season(config: Config, report_id: str, year: int, until: dt.date) -> str:
    """What staff are told of an extension that runs past the season's last day (scheduler.season_close_days
    after the deadline), after which no reminder or digest of that season goes out: the school is
    reminded no more, though its report before the new day is on time; "" for an earlier day."""
    _, end = season_bounds(config.report(report_id), year, config)
    last = (end - dt.timedelta(days=1)).astimezone(config.district.timezone).date()
    if until <= last:
        return ""
    return (
        f"Lưu ý: đợt báo cáo năm {year} khép lại sau ngày {local_date(last, None)}: từ đó hệ thống không gửi "
        f"thư nhắc hay bảng tổng hợp của đợt này nữa; trường nộp đến hết ngày {local_date(until, None)} vẫn "
        "được tính đúng hạn, cán bộ tự nhắc trường nếu cần."
    )


@dataclass(frozen=True)
class DeadlineMove:
    """A season's deadline moved for many schools (a notice after floods, a deadline on a Sunday): for
    which, to what day, by whom, when and why."""

    report_id: str
    year: int
    schools: tuple[SchoolConfig, ...]  # a season's roster, or a unit's share of it
    until: dt.date
    reason: str
    by: str
    now: dt.datetime
    unit: str | None = None  # the unit whose share it is; None: the whole season (GENERAL)

    def asked(self) -> dict[str, Any]:
        """The arguments of each school's own decision."""
        return {
            "report_id": self.report_id,
            "year": self.year,
            "reason": self.reason,
            "by": self.by,
            "now": self.now,
        }


@dataclass(frozen=True)
class Extended:
    """What moving a season's deadline did (extend_all)."""

    given: tuple[str, ...]  # the schools extended to the new day (or already so)
    kept: tuple[Decision, ...]  # the schools' own extensions to a later day, left as they were


def extend_all(config: Config, store: Store, move: DeadlineMove) -> Extended:
    """Give each school of the move its new deadline. A school exempted owes nothing and is left out;
    one whose own extension runs later keeps it, since a general move never shortens one. Each extension
    is recorded and audited as one given alone: run again, it records nothing new, and a run stopped
    half-way is finished by running it again. A move for the whole season is recorded, last, as its
    general extension too: a school that joins the roster later has the day as well."""
    decided = in_force(store, move.report_id, move.year)
    given: list[str] = []
    kept: list[Decision] = []
    for school in move.schools:
        if school.id in decided.exemptions:
            continue
        own = decided.extensions.get(school.id)
        if own is not None and own.until is not None and own.until > move.until:
            kept.append(own)
            continue
        extend(config, store, school_id=school.id, until=move.until, **move.asked())
        given.append(school.id)
    if move.unit is None:
        _move_all(store, move)
    return Extended(tuple(given), tuple(kept))


def _move_all(store: Store, move: DeadlineMove) -> None:
    """Record a move for the whole season as its general extension, replacing the one in force (nothing
    new when it says the same already). Not audited apart: the schools' extensions it came with are."""
    reason = move.reason.strip()
    with store.begin() as conn:
        hold(conn, DecisionKind.EXTENSION, move.report_id, move.year, GENERAL)
        previous = _current(conn, DecisionKind.EXTENSION, move.report_id, move.year, GENERAL)
        if previous is not None and _same(previous, reason, {"until": move.until}):
            return
        if previous is not None:
            _close(conn, previous, move.by, move.now, _REPLACED)
        _insert(
            conn,
            DecisionKind.EXTENSION,
            move.report_id,
            move.year,
            GENERAL,
            reason,
            move.by,
            move.now,
            until=move.until,
        )


def exempt(
    config: Config,
    store: Store,
    *,
    report_id: str,
    year: int,
    school_id: str,
    reason: str,
    by: str,
    now: dt.datetime,
    seen: int | None = None,
) -> Decision:
    """Excuse one school from one report this year: no reminders, out of the counts, shown as exempt."""
    return _take(config, store, DecisionKind.EXEMPTION, report_id, year, school_id, reason, by, now, seen)


def paper(
    config: Config,
    store: Store,
    *,
    report_id: str,
    year: int,
    school_id: str,
    received_on: dt.date,
    received_by: str,
    by: str,
    now: dt.datetime,
    reason: str = "",
    seen: int | None = None,
) -> Decision:
    """Record that the school's paper copy reached the office (the day and who took it)."""
    if not received_by.strip():
        raise DecisionError("ghi tên người nhận bản giấy, ví dụ «Lê Thị Thu»")
    if received_on > now.astimezone(config.district.timezone).date():
        raise DecisionError(f"ngày nhận bản giấy {local_date(received_on, None)} chưa tới")
    previous = deadline_of(config.report(report_id), year - 1, config.district.timezone).date()
    if received_on <= previous:
        raise DecisionError(
            f"ngày nhận bản giấy {local_date(received_on, None)} còn trước đợt báo cáo năm {year} (hạn nộp "
            f"năm {year - 1} là {local_date(previous, None)}): kiểm tra lại năm"
        )
    return _take(
        config,
        store,
        DecisionKind.PAPER,
        report_id,
        year,
        school_id,
        reason,
        by,
        now,
        seen,
        received_on=received_on,
        received_by=received_by.strip(),
    )


def undo(
    config: Config,
    store: Store,
    kind: DecisionKind,
    *,
    report_id: str,
    year: int,
    school_id: str,
    by: str,
    now: dt.datetime,
    reason: str = "",
    seen: int | None = None,
) -> Decision:
    """Withdraw the decision of this kind in force for the school; NotFoundError when there is none.
    An extension that replaced an earlier one (a school's own beside the deadline moved for all) gives
    that one back: the school's deadline is what it was before, not the general one (restored_note tells).
    seen: the id of the decision the asker meant to withdraw, refused with DecidedMeanwhileError once
    another replaced or withdrew it (the same asker's form sent twice returns the decision withdrawn)."""
    school = config.school(school_id)
    config.report(report_id)
    with store.begin() as conn:
        hold(conn, kind, report_id, year, school_id)
        own = _current(conn, kind, report_id, year, school_id)
        current = own or _covering(conn, kind, report_id, year, school_id)
        if seen is not None and (current.id if current else 0) != seen:
            meant = _by_id(conn, seen)
            if current is None and meant is not None and meant.undone_by == by:
                return meant  # the form sent twice: withdrawn already, by the same person
            _meanwhile(current, meant)
        if current is None:
            raise NotFoundError(
                f"{school.name} không có quyết định «{KIND_LABELS[kind].lower()}» nào cho báo cáo "
                f"{config.report(report_id).short} năm {year} để bỏ"
            )
        if own is None:  # the season's general extension, withdrawn for this school alone: its own copy
            current = _insert(
                conn,
                kind,
                report_id,
                year,
                school_id,
                current.reason,
                current.decided_by,
                current.decided_at,
                until=current.until,
            )
        _close(conn, current, by, now, reason)
        audit.record(
            conn,
            at=now,
            actor=by,
            action=f"{_ACTIONS[kind]}-undo",
            target=f"school:{school_id}",
            detail=f"{report_id.upper()} {year}: bỏ {current.summary()}",
            reason=reason,
        )
    withdrawn = _reload(store, current.id)
    replaced = _replaced_by(store, withdrawn) if kind == DecisionKind.EXTENSION else None
    if replaced is not None:
        _restore(store, replaced, by, now)
    return withdrawn


def _restore(store: Store, replaced: Decision, by: str, now: dt.datetime) -> None:
    """The extension an undone one had replaced in force again as it was decided: its day, reason, who
    and when (the school's reminders run from then: an overdue one due since still goes out); the
    restoring audited as by's, at now."""
    with store.begin() as conn:
        again = _insert(
            conn,
            replaced.kind,
            replaced.report_id,
            replaced.year,
            replaced.school_id,
            replaced.reason,
            replaced.decided_by,
            replaced.decided_at,
            until=replaced.until,
        )
        _audit(conn, again, by, now, " (trở lại hạn trước đó)")


def restored_note(store: Store, withdrawn: Decision) -> str:
    """What staff are told of the extension in force again once withdrawn was undone (undo); "" when
    none came back."""
    if withdrawn.kind != DecisionKind.EXTENSION:
        return ""
    back = in_force(store, withdrawn.report_id, withdrawn.year).extension_of(withdrawn.school_id)
    return f"Trường trở lại hạn trước đó: {back.summary()}." if back is not None else ""


@dataclass(frozen=True)
class Withdrawn:
    """What withdrawing a deadline move did (undo_extensions)."""

    undone: tuple[Decision, ...]  # the schools' extensions to the move's day, withdrawn
    # The schools' own earlier extensions that the move had replaced, in force again.
    restored: tuple[Decision, ...]


def undo_extensions(config: Config, store: Store, move: DeadlineMove) -> Withdrawn:
    """Withdraw a deadline move (extend_all): the extensions in force of its schools to its day, not a
    school's own to another day, and for the whole season its general extension to that day. A school's
    own shorter extension that the move replaced is in force again, as it was before the move, and so is
    the general extension it replaced. NotFoundError when no school has an extension to that day."""
    decided = in_force(store, move.report_id, move.year)
    extended = decided.extensions
    chosen = [s for s in move.schools if s.id in extended and extended[s.id].until == move.until]
    general = decided.general if move.unit is None else None
    if general is not None and general.until == move.until:
        _withdraw_general(store, general, move)
    elif not chosen:
        raise NotFoundError(
            f"không trường nào được gia hạn báo cáo {config.report(move.report_id).short} năm {move.year} đến "
            f"{local_date(move.until, None)} để bỏ"
        )
    undone = [undo(config, store, DecisionKind.EXTENSION, school_id=s.id, **move.asked()) for s in chosen]
    again = in_force(store, move.report_id, move.year).extensions  # read once, not once a school
    return Withdrawn(tuple(undone), tuple(again[w.school_id] for w in undone if w.school_id in again))


def _withdraw_general(store: Store, general: Decision, move: DeadlineMove) -> None:
    """Withdraw the season's general extension, the one it replaced in force again."""
    with store.begin() as conn:
        _close(conn, general, move.by, move.now, move.reason)
    replaced = _replaced_by(store, _reload(store, general.id))
    if replaced is not None:
        with store.begin() as conn:
            _insert(
                conn,
                replaced.kind,
                replaced.report_id,
                replaced.year,
                GENERAL,
                replaced.reason,
                replaced.decided_by,
                replaced.decided_at,
                until=replaced.until,
            )


def _covering(
    conn: Connection, kind: DecisionKind, report_id: str, year: int, school_id: str
) -> Decision | None:
    """The season's general extension when it is the school's extension in force (extension_of)."""
    if kind != DecisionKind.EXTENSION or _current(conn, kind, report_id, year, school_id) is not None:
        return None
    return _season(conn, report_id, year).extension_of(school_id)


def _replaced_by(store: Store, decision: Decision) -> Decision | None:
    """The extension of the same school that decision replaced when it was made, if any: its own; or when
    the season's general extension covered the school then, the general one in force now (the one it
    replaced in force again when a deadline move was withdrawn first)."""
    earlier = history(store, school_id=decision.school_id, report_id=decision.report_id, year=decision.year)
    own = next(
        (
            d
            for d in earlier
            if d.kind == DecisionKind.EXTENSION
            and d.id < decision.id
            and d.undone_at == decision.decided_at
            and d.undo_reason == _REPLACED
        ),
        None,
    )
    if own is not None or decision.school_id == GENERAL:
        return own
    general = in_force(store, decision.report_id, decision.year).general
    if general is None or general.decided_at >= decision.decided_at:  # not when a copy of it is withdrawn
        return None
    before = in_force(store, decision.report_id, decision.year, at=decision.decided_at - _INSTANT)
    covered = before.extension_of(decision.school_id)
    if covered is None or before.general is None or covered.id != before.general.id:
        return None
    return replace(general, school_id=decision.school_id)


_REPLACED = "thay bằng quyết định mới"  # why a decision replaced by a new one was closed
_INSTANT = dt.timedelta(microseconds=1)  # the least time apart two decisions' moments can be


def _take(
    config: Config,
    store: Store,
    kind: DecisionKind,
    report_id: str,
    year: int,
    school_id: str,
    reason: str,
    by: str,
    now: dt.datetime,
    seen: int | None,
    **values: Any,
) -> Decision:
    school = config.school(school_id)  # a ConfigError names an unknown school
    report = config.report(report_id)
    coming = nearest_season(report, now, config.district.timezone) + 1
    if year > coming:  # `--year 2099`: no office decides for a season years away
        raise DecisionError(
            f"năm {year} còn xa: chỉ ghi quyết định cho các đợt đã qua, đợt đang diễn ra hoặc đợt năm {coming}; "
            "kiểm tra lại năm"
        )
    _on_the_roster(config, school, report, year)
    reason = reason.strip()
    if kind != DecisionKind.PAPER and not reason:
        example = "Trường xin lùi hạn vì ngập lụt" if kind == DecisionKind.EXTENSION else "Trường đã sáp nhập"
        raise DecisionError(f"ghi lý do {KIND_LABELS[kind].lower()}, ví dụ «{example}»")
    with store.begin() as conn:
        hold(conn, kind, report_id, year, school_id)
        previous = _current(conn, kind, report_id, year, school_id)
        if (
            previous is not None
            and _same(previous, reason, values)
            and (seen is None or previous.decided_by == by)
        ):
            return previous  # the form sent twice, or the command run again: nothing new to record
        shown = previous or _covering(conn, kind, report_id, year, school_id)
        if seen is not None and (shown.id if shown else 0) != seen:
            _meanwhile(shown, _by_id(conn, seen))
        if previous is not None:
            _close(conn, previous, by, now, _REPLACED)
        decision = _insert(conn, kind, report_id, year, school_id, reason, by, now, **values)
        _audit(conn, decision, by, now)
    return decision


def hold(conn: Connection, *decided: object) -> None:
    """Hold, to the end of the transaction, the lock of one decision, named by its parts (one school's
    decision of a kind; a message): two clerks (or a button clicked twice) deciding it at once each read no
    decision in force, and both recorded one; undone, the twin stayed. What is checked against what the
    decider saw is read once it is held, before the transaction writes. SQLite has one lock for all: its write
    lock, taken before anything is read."""
    if conn.dialect.name == "postgresql":
        key = ":".join(str(part) for part in decided)
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"decision:{key}"})
    elif conn.dialect.name == "sqlite":
        raw = conn.connection.dbapi_connection
        if raw is not None and not raw.in_transaction:  # not inside a transaction that began before
            conn.exec_driver_sql("BEGIN IMMEDIATE")


def _insert(
    conn: Connection,
    kind: DecisionKind,
    report_id: str,
    year: int,
    school_id: str,
    reason: str,
    by: str,
    at: dt.datetime,
    **values: Any,
) -> Decision:
    """Record a decision taken by by at at, with values (the day of an extension, a paper copy's day and
    receiver)."""
    done = conn.execute(
        insert(office_decisions).values(
            kind=str(kind),
            report_id=report_id,
            year=year,
            school_id=school_id,
            reason=reason,
            decided_by=by,
            decided_at=at,
            received_by=values.pop("received_by", ""),
            undo_reason="",
            **values,
        )
    )
    assert done.inserted_primary_key is not None
    row = conn.execute(select(office_decisions).where(office_decisions.c.id == done.inserted_primary_key[0]))
    return _decision(row.one())


def _audit(conn: Connection, decision: Decision, by: str, now: dt.datetime, note: str = "") -> None:
    """The audit log's entry for a decision recorded (note: what more it says, as a restoring)."""
    audit.record(
        conn,
        at=now,
        actor=by,
        action=_ACTIONS[decision.kind],
        target=f"school:{decision.school_id}",
        detail=f"{decision.report_id.upper()} {decision.year}: {decision.summary()}{note}",
        reason=decision.reason,
    )


def _on_the_roster(config: Config, school: SchoolConfig, report: ReportConfig, year: int) -> None:
    """Refuse a decision for a school that does not owe the season its report: the status, the missing list
    and the reminders go by the season's roster and would never show it. A school merged into another
    before the season names the school that owes the report now."""
    day = deadline_of(report, year, config.district.timezone).date()
    if school.membership_on(day) is not None:
        return
    successor = config.successor_on(school.id, day)
    if successor is not None:
        raise DecisionError(
            f"{school.name} đã sáp nhập vào {successor.name} trước hạn nộp báo cáo {report.short} năm {year}: "
            f"ghi quyết định cho {successor.name} (mã {successor.id})"
        )
    raise DecisionError(
        f"{school.name} không có trong danh sách trường phải nộp báo cáo {report.short} năm {year} "
        f"(hạn nộp {local_date(day, None)}): kiểm tra lại năm hoặc mã trường"
    )


def _same(decision: Decision, reason: str, values: dict[str, Any]) -> bool:
    """Whether a decision in force already says what is being decided again, word for word."""
    return decision.reason == reason and all(getattr(decision, key) == value for key, value in values.items())


def _current(
    conn: Connection, kind: DecisionKind, report_id: str, year: int, school_id: str
) -> Decision | None:
    row = conn.execute(
        select(office_decisions)
        .where(
            office_decisions.c.kind == str(kind),
            office_decisions.c.report_id == report_id,
            office_decisions.c.year == year,
            office_decisions.c.school_id == school_id,
            office_decisions.c.undone_at.is_(None),
        )
        .order_by(office_decisions.c.decided_at.desc(), office_decisions.c.id.desc())
    ).first()
    return _decision(row) if row else None


def _by_id(conn: Connection, decision_id: int) -> Decision | None:
    row = conn.execute(select(office_decisions).where(office_decisions.c.id == decision_id)).first()
    return _decision(row) if row else None


def _meanwhile(current: Decision | None, seen: Decision | None) -> None:
    """Refuse a change asked against seen (None: nothing was in force) now that current is in force."""
    if current is not None:
        raise DecidedMeanwhileError(current.decided_by, f"quyết định {current.summary()}", current.decided_at)
    if seen is not None and seen.undone_by is not None:
        raise DecidedMeanwhileError(seen.undone_by, f"bỏ quyết định {seen.summary()}", seen.undone_at)
    raise DecidedMeanwhileError("", "thay đổi quyết định này", None)


def _close(conn: Connection, decision: Decision, by: str, now: dt.datetime, reason: str) -> None:
    conn.execute(
        update(office_decisions)
        .where(office_decisions.c.id == decision.id)
        .values(undone_by=by, undone_at=now, undo_reason=reason.strip())
    )


def _reload(store: Store, decision_id: int) -> Decision:
    with store.engine.connect() as conn:
        return _decision(
            conn.execute(select(office_decisions).where(office_decisions.c.id == decision_id)).one()
        )
