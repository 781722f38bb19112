"""What an account bound to a collecting unit may open by its id: its unit's schools and mail only.

The unit a request works in is worked out once (render.chosen_unit: a bound account's own, whatever the
query says), which narrows every list, count and export. A route that names one thing (a school, a
message and its files) asks here too: another unit's answers as one that does not exist (404), the
same for a link followed and an id typed. An account of the whole office is never refused here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from flask import abort

from app.web.render import account_unit, bound_unit, chosen_unit, office_of, person, runtime
from kernel import decisions, units
from kernel.config import ReportConfig, SchoolConfig
from kernel.errors import BaocaoError
from kernel.store import MessageRow
from kernel.timefmt import local_date, local_time

NOT_FOUND = "Không tìm thấy trang hoặc tệp này."


class OtherUnitError(BaocaoError):
    """Raised when an account bound to a unit asks to give mail to a school of another unit."""


class WiderDecisionError(BaocaoError):
    """Raised when an account bound to a unit asks to withdraw a deadline move that an account of the
    whole office (or of another unit) gave its schools: the province's «gia hạn chung» is not a commune's
    to take back."""


def _unit() -> str | None:
    """The account's unit, once known to the config (chosen_unit refuses one the config no longer has)."""
    return chosen_unit() if bound_unit() is not None else None


def school(school_id: str, report: ReportConfig, year: int) -> None:
    """A bound account may open a school, or decide about it, in a season its unit collects it
    (units.of_school)."""
    if elsewhere(school_id, report, year):
        abort(404, description=NOT_FOUND)


def elsewhere(school_id: str, report: ReportConfig, year: int) -> str:
    """Why a bound account may not open the school in this season (school): who collects it then, and
    since or until when, as its page says it beside the seasons it links to («từ 1/7/2025 trường do UBND
    xã Tân Long thu báo cáo»); "" when it may."""
    unit = _unit()
    config = runtime().config
    if unit is None or (collector := units.of_school(config, report, year, school_id)) == unit:
        return ""
    day = units.season_day(config, report.id, year)
    span = config.school(school_id).membership_on(day) if day is not None else None
    who = config.unit(collector).name if collector is not None else "không đơn vị nào"
    if span is not None and span.start is not None:
        return f"từ {local_date(span.start, None)} trường do {who} thu báo cáo"
    if span is not None and span.until is not None:
        return f"đến {local_date(span.until, None)} trường do {who} thu báo cáo"
    return f"năm {year} trường do {who} thu báo cáo"


def message(row: MessageRow) -> None:
    """A bound account may open a message, its files, or decide about it, when it concerns its unit
    (units.message_of: the rule the unit's review queue and audit log are narrowed by)."""
    unit = _unit()
    if unit is not None and not units.message_of(runtime().config, runtime().store, unit, row):
        abort(404, description=NOT_FOUND)


def school_for_mail(
    school_id: str, report_id: str | None, year: int | None, received_at: dt.datetime
) -> None:
    """A bound account may give mail only to a school its unit collects, in the season the mail is
    assigned to (else on the day it came): the mail becomes that school's, and its unit's."""
    unit = _unit()
    if unit is None or _mail_to(unit, school_id, report_id, year, received_at):
        return
    config = runtime().config
    collector = units.of_season(config, school_id, report_id, year, received_at)
    when = (
        f"năm {year}"
        if year is not None
        else f"ngày thư đến ({local_date(received_at, config.district.timezone)})"
    )
    who = config.unit(collector).name if collector is not None else "không đơn vị nào"
    raise OtherUnitError(
        f"{config.school(school_id).name} không thuộc {config.unit(unit).name}, đơn vị của tài khoản này: "
        f"{when} trường do {who} thu báo cáo"
    )


def mail_schools(received_at: dt.datetime) -> list[str] | None:
    """The schools a bound account may give mail received then to, its season not typed (school_for_mail):
    what the assign form lists for that mail; None for an account of the whole office."""
    unit = _unit()
    if unit is None:
        return None
    return [
        s.id
        for s in runtime().config.schools
        if s.collected_by(unit) and _mail_to(unit, s.id, None, None, received_at)
    ]


def _mail_to(
    unit: str, school_id: str, report_id: str | None, year: int | None, received_at: dt.datetime
) -> bool:
    """Whether mail given to the school, in that season (else on the day it came), would be unit's."""
    return units.of_message(
        runtime().config,
        unit,
        source="",
        school_ids=[school_id],
        report_id=report_id,
        year=year,
        received_at=received_at,
    )


def withdrawal(report_id: str, year: int, schools: Sequence[SchoolConfig], until: dt.date) -> None:
    """A bound account may withdraw a deadline move for its schools (decisions.undo_extensions) only when
    its own unit's accounts gave it; one the whole office gave (or any wider account) stays, and the
    refusal names who gave it."""
    unit = _unit()
    if unit is None:
        return
    extended = decisions.in_force(runtime().store, report_id, year).extensions
    given = [d for s in schools if (d := extended.get(s.id)) is not None and d.until == until]
    wider = [d for d in given if account_unit(d.decided_by) != unit]
    if wider:
        first = wider[0]
        raise WiderDecisionError(
            f"gia hạn đến hết ngày {local_date(until, None)} của {len(wider)} trường là quyết định của "
            f"{office_of(first.decided_by)}, do {person(first.decided_by)} ghi lúc "
            f"{local_time(first.decided_at, runtime().config.district.timezone)}; tài khoản của "
            f"{runtime().config.unit(unit).name} không bỏ được, nhờ {office_of(first.decided_by)} bỏ nếu cần"
        )
