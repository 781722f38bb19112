"""Each credited school's season, and whether the school is on that season's roster: a mail may carry
this season's report of one school and last year's of another; a school closed, merged into another or
renamed owes no report of its own, and its successor's mail under its old name is for staff to place."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from intake import message as message_mod
from intake.classify import Classification
from intake.matching import Assignment, MatchResult
from intake.papers import own_documents
from intake.registry import Registry
from intake.years import NOON, report_year, stated_year, title_year_apart
from kernel import timefmt
from kernel.config import Config, ReportConfig, SchoolConfig
from kernel.proof import SenderCheck
from kernel.seasons import deadline_of, local, season_of
from kernel.status import roster
from parsers.document import Document


def by_season(
    result: MatchResult,
    verdict: Classification,
    mail: message_mod.Mail,
    config: Config,
    report: ReportConfig,
    received_at: dt.datetime,
) -> tuple[MatchResult, dict[str, int]]:
    """Each school's season, read from that school's own reports: one mail may carry this season's
    report of one school and last year's of another (a cluster's bundle). A school's report of an
    earlier season sent along with its report of this one (last year's file, for comparison) is not
    read into it: its sections and figures are last year's."""
    years: dict[str, int] = {}
    assignments = []
    for assignment in result.assignments:
        own = own_documents(verdict.documents, assignment.files)
        year = report_year(own, mail, received_at, report, config) or season_of(report, received_at, config)
        other = [
            d.name
            for d in own
            if (said := stated_year(d, mail, received_at, report, config)) is not None and said != year
        ]
        if other:
            assignment = dataclasses.replace(
                assignment,
                files=tuple(f for f in assignment.files if f not in other),
                reasons=(
                    *assignment.reasons,
                    f"Không tính {', '.join(other)} vào báo cáo năm {year}: đó là văn bản của năm khác gửi kèm.",
                ),
            )
        titled = [
            (d.name, title) for d in own if d.name not in other and (title := title_year_apart(d, year))
        ]
        if titled:
            # A title of another year over a date line of this season: counted, but staff should know.
            assignment = dataclasses.replace(
                assignment,
                reasons=(
                    *assignment.reasons,
                    *(
                        f"Trích yếu văn bản {name} ghi «{title}» nhưng văn bản được tính là báo cáo năm {year} "
                        "theo ngày lập hoặc ngày nhận: có thể trường dùng lại tệp cũ hoặc ghi nhầm năm. Cán bộ "
                        "kiểm tra; nếu là báo cáo cũ gửi lại thì loại thư."
                        for name, title in titled
                    ),
                ),
            )
        late = [
            note
            for d in own
            if d.name not in other and (note := _late_for_the_season_before(d, year, report, config))
        ]
        if late:
            assignment = dataclasses.replace(assignment, reasons=(*assignment.reasons, *late))
        years[assignment.school_id] = year
        assignments.append(assignment)
    return dataclasses.replace(result, assignments=tuple(assignments)), years


def _late_for_the_season_before(document: Document, year: int, report: ReportConfig, config: Config) -> str:
    """What staff are told of a report counted for the year its title states ("năm 2026") while its date
    line falls after the deadline of the season before and nearer it (10/01/2026 for a report due on
    25/10): the title decides (years.report_year), but it may be that season's report sent late, and
    only staff can tell; "" otherwise."""
    dated = document.header.date
    if dated is None or title_year_apart(document, year - 1) != f"năm {year}":
        return ""  # undated, or its title does not state this year
    deadline = deadline_of(report, year - 1, config.district.timezone)
    moment = local(dated, NOON, config)
    if moment <= deadline or season_of(report, moment, config) != year - 1:
        return ""
    return (
        f"Trích yếu văn bản {document.name} ghi «năm {year}» nên văn bản được tính là báo cáo năm {year}, dù "
        f"ngày lập ({dated:%d/%m/%Y}) là sau hạn nộp báo cáo năm {year - 1} (hết ngày {deadline:%d/%m/%Y}): "
        f"có thể là báo cáo năm {year - 1} nộp muộn. Cán bộ kiểm tra; nếu đúng thì gán với --year {year - 1} "
        "(baocao assign)."
    )


def off_roster(
    result: MatchResult,
    config: Config,
    report: ReportConfig,
    years: dict[str, int],
    sender: SchoolConfig | None,
) -> MatchResult:
    """A school that is not on the season's roster (closed, merged into another, not yet open) owes no
    report: its name on this season's mail is its successor's report under the old name, or a mistake,
    and only staff know which; the schools on the roster keep what is theirs. A school on the roster
    whose address sent it (the merged school writing on a former school's file) is among the candidates,
    so its unit sees the mail and staff can give it the report."""
    on = {year: {s.id for s in roster(config, report, year)} for year in set(years.values())}
    gone = tuple(a.school_id for a in result.assignments if a.school_id not in on[years[a.school_id]])
    if not gone or result.review_reason:
        return result
    year = years[gone[0]]
    names = ", ".join(config.school(s).name for s in gone)
    kept = tuple(a for a in result.assignments if a.school_id not in gone)
    if not any(report.owed_by(config.school(s)) for s in gone):  # on the roster, of a level that owes nothing
        return MatchResult(
            kept,
            f"Thư là báo cáo {report.short} của {names}, nhưng báo cáo này chỉ các trường cấp "
            f"{', '.join(report.levels)} phải nộp. Cán bộ xem xét; nếu trường gửi nhầm thì loại thư.",
            gone,
        )
    tz = config.district.timezone
    deadline = timefmt.local_date(deadline_of(report, year, tz), tz)
    reason = (
        f"Thư là báo cáo của {names}, nhưng trường không có trong danh sách phải nộp báo cáo năm {year} "
        f"(đã giải thể, sáp nhập hoặc chưa hoạt động vào hạn nộp {deadline})."
    )
    day = deadline_of(report, year, tz).date()
    successors: list[str] = []
    for school_id in gone:
        if (successor := config.successor_on(school_id, day)) is not None:
            reason += f" {config.school(school_id).name} đã sáp nhập vào {successor.name}."
            successors.append(successor.id)
    candidates = tuple(dict.fromkeys((*successors, *gone)))
    if sender is not None and sender.id in on[year] and sender.id not in {a.school_id for a in kept}:
        reason += f" Thư gửi từ địa chỉ của {sender.name}: có thể là báo cáo của trường này."
        candidates = tuple(dict.fromkeys((sender.id, *candidates)))
    return MatchResult(
        kept, f"{reason} Cần cán bộ gán thư cho trường đang nộp thay hoặc loại thư.", candidates
    )


def former_name_of_sender(
    result: MatchResult,
    mail: message_mod.Mail,
    documents: Sequence[Document],
    config: Config,
    report: ReportConfig,
    day: dt.date,
    registry: Registry,
    sender_check: SenderCheck | None,
) -> MatchResult:
    """A school that others were merged into (merged_into) still writes a former school's name on its
    report, sent from its own address: its address and its words disagree only in time. When every
    other school the review names merged into the sender's (_successor_sending), the report is the
    sender's, credited with a note. So, the other way round, is the school whose name the words write
    when the address is a former school's that merged into it (_absorbed_sending)."""
    sender = registry.registered(mail.sender)
    # Only a review weighing the sender's address against the former name: not one about the files.
    if result.assignments or not result.review_reason or sender is None or sender.id not in result.candidates:
        return result
    found = _successor_sending(mail, result.candidates, config, report, day, registry, sender_check)
    found = found or _absorbed_sending(sender, result.candidates, config, report, day, sender_check)
    if found is None:
        return result
    sender, note = found
    return MatchResult((Assignment(sender.id, tuple(d.name for d in documents), (note,)),))


def former_names_credited(
    result: MatchResult,
    years: dict[str, int],
    mail: message_mod.Mail,
    config: Config,
    report: ReportConfig,
    registry: Registry,
    sender_check: SenderCheck | None,
) -> tuple[MatchResult, dict[str, int]]:
    """A report matched to schools that were off the season's roster because they merged into the
    school whose address sent it (its letterhead still the former school's): credited to the sender with
    a note (_successor_sending), rather than waiting for staff as a closed school's report would."""
    if result.review_reason:
        return result, years
    on = {year: {s.id for s in roster(config, report, year)} for year in set(years.values())}
    gone = [a for a in result.assignments if a.school_id not in on[years[a.school_id]]]
    seasons = {years[a.school_id] for a in gone}
    if not gone or len(seasons) != 1:
        return result, years
    year = seasons.pop()
    day = deadline_of(report, year, config.district.timezone).date()
    found = _successor_sending(mail, [a.school_id for a in gone], config, report, day, registry, sender_check)
    kept = tuple(a for a in result.assignments if a not in gone)
    if found is None or found[0].id in {a.school_id for a in kept}:
        return result, years
    sender, note = found
    files = tuple(dict.fromkeys(f for a in gone for f in a.files))
    reasons = (*dict.fromkeys(r for a in gone for r in a.reasons), note)
    return MatchResult((*kept, Assignment(sender.id, files, reasons))), {**years, sender.id: year}


def _successor_sending(
    mail: message_mod.Mail,
    former: Sequence[str],
    config: Config,
    report: ReportConfig,
    day: dt.date,
    registry: Registry,
    sender_check: SenderCheck | None,
) -> tuple[SchoolConfig, str] | None:
    """The school whose registered address sent the mail, and the note for staff, when it owes the report
    on day (the season's deadline) and every one of the former schools named merged into it by then; None
    when a former name may also be another school's, the address is not one the config lists (a learned
    one may be a person's who moved), or the sender checks show it forged."""
    if sender_check is not None and sender_check.failed:
        return None
    sender = registry.registered(mail.sender)
    if sender is None or sender.membership_on(day) is None or not report.owed_by(sender):
        return None
    others = [s for s in former if s != sender.id]
    successors = {successor.id if (successor := config.successor_on(s, day)) else None for s in others}
    if not others or successors != {sender.id}:
        return None
    names = ", ".join(config.school(s).name for s in others)
    return sender, (
        f"Thư ghi tên {names}, trường đã sáp nhập vào {sender.name}; thư gửi từ địa chỉ đã đăng ký của "
        f"{sender.name} nên được tính là báo cáo của {sender.name}."
    )


def _absorbed_sending(
    sender: SchoolConfig,
    candidates: Sequence[str],
    config: Config,
    report: ReportConfig,
    day: dt.date,
    sender_check: SenderCheck | None,
) -> tuple[SchoolConfig, str] | None:
    """The school a former school merged into, and the note for staff, when the mail came from the former
    school's registered address (its staff now the successor's) and its words name the successor, the
    only other school the review names: «TH Mỹ Thạnh A» from Mỹ Thạnh B's old address, B merged into A."""
    if sender_check is not None and sender_check.failed or sender.membership_on(day) is not None:
        return None
    successor = config.successor_on(sender.id, day)
    others = {s for s in candidates if s != sender.id}
    if successor is None or others != {successor.id} or not report.owed_by(successor):
        return None
    return successor, (
        f"Thư gửi từ địa chỉ đã đăng ký của {sender.name}, trường đã sáp nhập vào {successor.name}, và ghi tên "
        f"{successor.name}: được tính là báo cáo của {successor.name}."
    )


def assigned_off_roster(
    result: MatchResult, config: Config, report: ReportConfig, years: dict[str, int], school_id: str
) -> tuple[MatchResult, dict[str, int]]:
    """A school staff assigned that is not on the season's roster (the roster changed after they
    decided: merged into another school on 1/7/2025) would have its report counted nowhere: every
    status lists the season's roster only. The school it was merged into counts it, when that one is on
    the roster; otherwise the message waits for staff again, saying why."""
    year = years.get(school_id)
    if year is None or school_id in {s.id for s in roster(config, report, year)}:
        return result, years
    if school_id not in {s.id for s in config.schools}:  # taken off config.toml since staff decided
        kept = tuple(a for a in result.assignments if a.school_id != school_id)
        reason = (
            f"Cán bộ đã gán thư cho trường mã «{school_id}», nhưng tệp cấu hình không còn trường này. Cần "
            "cán bộ gán lại thư cho trường đang nộp thay hoặc loại thư."
        )
        return MatchResult(kept, reason, ()), years
    successor = config.successor_on(school_id, deadline_of(report, year, config.district.timezone).date())
    if successor is None or not report.owed_by(successor):
        return off_roster(result, config, report, years, None), years
    note = (
        f"{config.school(school_id).name} đã sáp nhập vào {successor.name}: báo cáo năm {year} được tính "
        f"cho {successor.name}."
    )
    moved = tuple(
        dataclasses.replace(a, school_id=successor.id, reasons=(*a.reasons, note))
        if a.school_id == school_id
        else a
        for a in result.assignments
    )
    return dataclasses.replace(result, assignments=moved), {**years, successor.id: year}
