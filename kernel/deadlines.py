"""The deadline each season ran with, recorded once it has passed: config.toml gives a report one
deadline for every year, so a new deadline for the coming season would otherwise rewrite who was on time
in every season before it, without a word. What the config now says of a recorded season is compared
with the record, and a difference is said with the line that keeps the season as it ran."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Column, Date, Integer, String, Table, select

from kernel.config import Config, ReportConfig
from kernel.seasons import deadline_day, deadline_of
from kernel.store import Store, UTCDateTime, insert_new, metadata, submissions

log = logging.getLogger(__name__)

season_deadlines = Table(
    "season_deadlines",
    metadata,
    Column("report_id", String(100), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("deadline", Date, nullable=False),  # the deadline day the season ran with
    Column("recorded_at", UTCDateTime, nullable=False),
)


@dataclass(frozen=True)
class DeadlineChange:
    """A passed season whose deadline in config.toml is no longer the one it ran with."""

    report: ReportConfig
    year: int
    recorded: dt.date  # the deadline day the season ran with
    configured: dt.date  # the deadline day config.toml gives it now

    def says(self) -> str:
        """What changed and what it does, in words for staff."""
        return (
            f"hạn nộp báo cáo {self.report.short} năm {self.year} theo config.toml nay là "
            f"{self.configured:%d/%m/%Y}, nhưng đợt năm {self.year} đã diễn ra với hạn {self.recorded:%d/%m/%Y}: "
            f"trường nào nộp đúng hạn, trường nào nộp muộn năm ấy đang được tính lại theo hạn mới"
        )


def last_passed(report: ReportConfig, now: dt.datetime, config: Config) -> int | None:
    """The latest season of report whose deadline is past at now (None before any, in the first year)."""
    tz = config.district.timezone
    this_year = now.astimezone(tz).year
    for year in (this_year, this_year - 1, this_year - 2):
        if deadline_of(report, year, tz) < now:
            return year
    return None


def recorded(store: Store) -> dict[tuple[str, int], dt.date]:
    """The deadline day each recorded season ran with, by (report id, year)."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(season_deadlines)).all()
    return {(r.report_id, r.year): r.deadline for r in rows}


def record_passed(config: Config, store: Store, now: dt.datetime) -> None:
    """Record the deadline of each report's latest passed season that the office ran (a report of it is
    recorded), unless it is recorded already: the first record of a season stays, whatever the config
    says of it later. Two processes recording at once write it once (the row's key is the season's)."""
    wanted = {}
    for report in config.reports:
        year = last_passed(report, now, config)
        if year is not None:
            wanted[report.id, year] = deadline_day(report, year)
    if not wanted:
        return
    known = recorded(store)
    unknown = {season: day for season, day in wanted.items() if season not in known}
    if not unknown:
        return  # what nearly every call finds: one query
    ran = _seasons_with_reports(store, {year for _, year in unknown})
    rows = [
        {"report_id": report_id, "year": year, "deadline": day, "recorded_at": now}
        for (report_id, year), day in unknown.items()
        if (report_id, year) in ran
    ]
    if not rows:
        return
    with store.begin() as conn:
        conn.execute(insert_new(conn, season_deadlines), rows)
    for row in rows:
        log.info("season %s %s ran with the deadline %s", row["report_id"], row["year"], row["deadline"])


def _seasons_with_reports(store: Store, years: set[int]) -> set[tuple[str, int]]:
    """The (report id, year) of the given years that a school's report was recorded for."""
    found = select(submissions.c.report_id, submissions.c.year).where(submissions.c.year.in_(years))
    with store.engine.connect() as conn:
        return {(r.report_id, r.year) for r in conn.execute(found.distinct())}


def changes(config: Config, store: Store) -> list[DeadlineChange]:
    """The recorded seasons of configured reports whose deadline in the config differs from the record,
    but for a season the config gives its own deadline ([[reports]].deadlines): the office wrote that
    one for the season, to correct it."""
    found = []
    for (report_id, year), day in sorted(recorded(store).items()):
        report = next((r for r in config.reports if r.id == report_id), None)
        if report is None or year in {own for own, _, _ in report.deadlines}:
            continue
        configured = deadline_day(report, year)
        if configured != day:
            found.append(DeadlineChange(report, year, day, configured))
    return found


def keeping(report: ReportConfig, found: Sequence[DeadlineChange]) -> str:
    """What to write in config.toml so that every changed season of report keeps the deadline it ran with."""
    mine = [c for c in found if c.report.id == report.id]
    entries = {year: (month, day) for year, month, day in report.deadlines}
    entries.update({c.year: (c.recorded.month, c.recorded.day) for c in mine})
    table = ", ".join(f'{year} = "{month:02d}-{day:02d}"' for year, (month, day) in sorted(entries.items()))
    line = f"deadlines = {{ {table} }}"
    after = max(c.year for c in mine) + 1
    where = f'mục [[reports]] có id = "{report.id}" trong config.toml'
    if report.deadlines:
        return f"nếu hạn mới chỉ áp dụng từ đợt năm {after}, sửa dòng deadlines của {where} thành: {line}"
    return f"nếu hạn mới chỉ áp dụng từ đợt năm {after}, ghi thêm vào {where} dòng: {line}"


def notes(
    found: Sequence[DeadlineChange], report_id: str | None = None, year: int | None = None
) -> list[str]:
    """One note per report with a changed season (of that report and year, when given): what changed and
    how to keep it."""
    shown = [c for c in found if report_id in (None, c.report.id) and year in (None, c.year)]
    said = []
    for report in dict.fromkeys(c.report for c in shown):
        what = "; ".join(c.says() for c in shown if c.report == report)
        how = keeping(report, found)  # ends with the line to copy: no full stop after it
        said.append(f"{_capital(what)}. {_capital(how)}")
    return said


def _capital(text: str) -> str:
    return f"{text[0].upper()}{text[1:]}"
