"""The season pages: the overview of one report and year, the school table with its exports, one
school's page, and the office's decisions about a school (extension, exemption, paper copy)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, request, url_for

from app.web import addresses as addresses_mod
from app.web import chart as chart_mod
from app.web import scope, search
from app.web import typed as typed_mod
from app.web.mail import MESSAGE_STATES, attachments_of, review_items, unread_count, waiting_count
from app.web.refusals import refusal
from app.web.render import chosen_unit, office_of, page, person, runtime
from app.web.security import actor, clerk_only, current_user
from intake import review as review_mod
from kernel import deadlines, decisions, export, units
from kernel import status as status_mod
from kernel.collation import sort_key
from kernel.config import Config, ConfigError, ReportConfig, SchoolConfig
from kernel.decisions import DecisionKind
from kernel.errors import BaocaoError
from kernel.freshness import held_reason, stale_mailboxes
from kernel.progress import progress
from kernel.schoolnames import LEVEL_LABELS, level_rank
from kernel.seasons import current_season, season_bounds, year_problem
from kernel.status import ReportStatus, SchoolState, SchoolStatus, copied_from
from kernel.store import MessageRow, MessageState, SubmissionRow
from kernel.timefmt import local_date, local_time, parse_day
from scheduler.outbox import Outbox, refusals_added
from scheduler.outgoing import KIND_LABELS

bp = Blueprint("season", __name__)

SORTS = {
    "stt": lambda r: r["number"],
    "id": lambda r: r["school_id"],
    "name": lambda r: (sort_key(r["name"]), r["number"]),
    "status": lambda r: (list(SchoolState).index(SchoolState(r["status"])), r["number"]),
    "received": lambda r: (r["received_at"] is None, r["received_at"] or dt.datetime.min, r["number"]),
    "level": lambda r: (level_rank(r["level"]), r["number"]),
    "commune": lambda r: (sort_key(r["commune"]), r["number"]),
    "unit": lambda r: (sort_key(r.get("unit_name") or ""), r["number"]),
}


def _report(report_id: str) -> ReportConfig:
    try:
        return runtime().config.report(report_id)
    except ConfigError:
        abort(404, description=f"Không có báo cáo «{report_id}» trong tệp cấu hình.")


def _school(school_id: str) -> SchoolConfig:
    try:
        return runtime().config.school(school_id)
    except ConfigError:
        abort(404, description=f"Không có trường «{school_id}» trong tệp cấu hình.")


def _chosen() -> tuple[ReportConfig, int]:
    """The report and year in the query (?report=&year=), or the first report's current season."""
    rt = runtime()
    report = _report(request.args.get("report") or rt.config.reports[0].id)
    typed = request.args.get("year", "").strip()
    if typed and not typed.isdigit():
        abort(400, description=f"Năm «{typed}» không phải là một năm: ghi năm đủ bốn chữ số, ví dụ 2021.")
    year = int(typed) if typed else None
    if year is None:
        year = _shown_season(report, rt.store.years(report.id))
    return report, year


def _shown_season(report: ReportConfig, recorded: Sequence[int]) -> int:
    """The season the page opens on: the current one, as `baocao status` shows it."""
    return current_season(report, runtime().clock(), runtime().config, recorded)


def load_status(report: ReportConfig, year: int, unit: str | None = None) -> ReportStatus:
    problem = year_problem(year)
    if problem:
        abort(404, description=f"Không có đợt báo cáo này: {problem}.")
    rt = runtime()
    status = status_mod.load(
        rt.config, rt.store, report.id, year, status_mod.present(rt.store, rt.clock()), unit
    )
    return refusals_added(rt.store, rt.config, status)


def _unit_of(status: ReportStatus, school_id: str) -> dict[str, Any]:
    """The school's collecting unit this season, when the config has [[units]] (else nothing)."""
    config = runtime().config
    if not config.units:
        return {}
    unit = units.of_school(config, status.report, status.year, school_id)
    return {"unit": unit, "unit_name": config.unit(unit).name if unit is not None else ""}


def school_row(number: int, s: SchoolStatus, status: ReportStatus) -> dict[str, Any]:
    """One school's line, as every list and table of the pages shows it (and JSON gives it)."""
    config = runtime().config.school(s.school_id)
    titles = {sec.id: sec.title for sec in status.report.sections}
    # The counted report came while another unit than the season's collected the school: said beside it,
    # as the status says it.
    elsewhere = export.elsewhere_of(status, runtime().config, s)
    return {
        "number": number,
        "school_id": s.school_id,
        "name": s.name,
        "level": config.level,
        "commune": runtime().config.commune_shown(s.school_id),
        **_unit_of(status, s.school_id),
        "status": s.status,
        "status_label": status.label_of(s),
        "received_at": s.received_at,
        "received_by": elsewhere.received if elsewhere else "",
        "received_where": elsewhere.where if elsewhere else "",
        "elsewhere": elsewhere.says(status.deadline.tzinfo) if elsewhere else "",
        "deadline": s.deadline,
        "extended_until": s.extension.until if s.extension else None,
        "extension_reason": s.extension.reason if s.extension else "",
        "exemption_reason": s.exemption.reason if s.exemption else "",
        "paper": (
            {"received_on": s.paper.received_on, "received_by": s.paper.received_by} if s.paper else None
        ),
        "sections_missing": [titles.get(i, i) for i in s.sections_missing],
        "problems": list(s.problems),
        "sent_in_time": s.sent_in_time,  # a late school's mail that came in time, unreadable
        "check": s.check,  # why the counted report needs a check, as the status table's «Cần kiểm tra» says
        "submissions": len(s.submissions),
        "waiting_note": export.waiting_cell(status, s.school_id),
        "correction": status.correction_note(s.school_id),  # a correction of the counted report waits
        "earlier": status.earlier_note(s.school_id),  # an earlier season's report sent in this one's stead
        "bounced": status.bounced_notes(config.emails),  # its addresses our mail came back from
        "emails": list(config.emails),
        "days_late": (
            (s.received_at.astimezone(status.deadline.tzinfo).date() - s.deadline.date()).days
            if s.status == SchoolState.LATE and s.received_at
            else None
        ),
    }


def counts(status: ReportStatus, waiting: int) -> dict[str, int]:
    return {
        "expected": len(status.expected),
        "received": status.count(SchoolState.RECEIVED),
        # of those, on time only by an extension: the digest and the consolidated draft count them apart
        "on_time_by_extension": len(status.on_time_by_extension),
        "late": status.count(SchoolState.LATE),
        "unreadable": status.count(SchoolState.UNREADABLE),
        "missing": status.count(SchoolState.MISSING) + status.count(SchoolState.WRONG_PAPER),
        "exempt": status.count(SchoolState.EXEMPT),
        "extended": sum(1 for s in status.schools if s.extension and s.status != SchoolState.EXEMPT),
        "incomplete": sum(1 for s in status.schools if s.incomplete),
        "paper": sum(1 for s in status.schools if s.paper),
        "review": waiting,  # messages whose school staff must choose, or that could not be processed
    }


def _seasons(school_id: str | None) -> list[dict[str, Any]]:
    """The seasons the pages link to; of a school's page, with the seasons the account may not open it in
    and who collects it then (scope.elsewhere), said instead of a link that would answer 404."""
    rt = runtime()
    found = []
    for report in rt.config.reports:
        recorded = rt.store.years(report.id)
        current = _shown_season(report, recorded)
        years = sorted({*recorded, current})
        elsewhere = {y: scope.elsewhere(school_id, report, y) for y in years} if school_id else {}
        found.append(
            {
                "id": report.id,
                "title": report.title,
                "short": report.short,
                "years": years,
                "elsewhere": {y: said for y, said in elsewhere.items() if said},
            }
        )
    return found


def _heading(status: ReportStatus, school_id: str | None = None) -> dict[str, Any]:
    rt = runtime()
    config = rt.config
    # The page shows the present, only as current as the mailbox's last complete read.
    stale = held_reason(stale_mailboxes(config, rt.store, rt.clock()), config.district.timezone)
    # A passed season the config now gives another deadline than it ran with (kernel.deadlines).
    rewritten = deadlines.notes(deadlines.changes(config, rt.store), status.report.id, status.year)
    return {
        "report": {"id": status.report.id, "title": status.report.title, "short": status.report.short},
        "unit": {"id": status.unit, "name": config.unit(status.unit).name} if status.unit else None,
        "year": status.year,
        "deadline": status.deadline,
        "moved_to": status.moved_to,  # the day the deadline was moved to for every school, or None
        "move": _move(status.move),  # the move most schools have, whose it is and how many have it
        "as_of": status.as_of,
        "stale": stale,  # why the figures may miss the latest mail (a mailbox not read lately), or ""
        "deadline_changed": rewritten,  # the season's deadline is no longer the one it ran with
        "opens": status.opens,  # the season's first day, while it is to come
        "seasons": _seasons(school_id),
    }


def _move(share: status_mod.DeadlineShare | None) -> dict[str, Any] | None:
    """A deadline move as the season's heading says it: to what day, for how many of the schools owing,
    and whose decision it is (a commune's clerk is told a move she did not give is the Sở's)."""
    if share is None:
        return None
    given = share.extension
    return {
        "until": given.until,
        "schools": share.schools,
        "owing": share.owing,
        "office": office_of(given.decided_by),
        "by": person(given.decided_by),
        "at": given.decided_at,
    }


# -- the overview -----------------------------------------------------------------------------------


@bp.get("/")
def home() -> Response:
    report, year = _chosen()
    target = url_for("season.overview", report_id=report.id, year=year, unit=chosen_unit())
    return redirect(target)  # type: ignore[return-value]


@bp.get("/season/<report_id>/<int:year>")
def overview(report_id: str, year: int) -> Response:
    """The counts, the day-by-day chart and every list that needs attention, for one report and year
    (of one collecting unit, with ?unit=)."""
    unit = chosen_unit()
    status = load_status(_report(report_id), year, unit)
    rows = [school_row(n, s, status) for n, s in enumerate(status.schools, 1)]

    def having(state: SchoolState) -> list[dict[str, Any]]:
        return [r for r in rows if r["status"] == state]

    days = progress(status, runtime().config)
    # What the review queue holds for this season, unreadable reports included: the card leads there.
    waiting = review_items(report_id=status.report.id, year=status.year, unit=unit)
    data = {
        **_heading(status),
        "counts": counts(status, waiting_count(waiting)),
        "unread": unread_count(waiting),
        "lists": {
            "missing": having(SchoolState.MISSING) + having(SchoolState.WRONG_PAPER),
            "unreadable": having(SchoolState.UNREADABLE),
            "late": having(SchoolState.LATE),
            "incomplete": [r for r, s in zip(rows, status.schools, strict=True) if s.incomplete],
            "extended": [r for r in rows if r["extended_until"] and r["status"] != SchoolState.EXEMPT],
            "exempt": having(SchoolState.EXEMPT),
        },
        "review": waiting,
        "progress": days,
    }
    charts = {"chart": chart_mod.draw(days), "phone_chart": chart_mod.draw(days, chart_mod.NARROW)}
    # How the reasons' hints name the «Thư của …» button of the unit shown ("Phòng" for the office).
    we = units.speaker(runtime().config, unit)
    return page("season.html", data, html={**charts, "we": we, "can_change": current_user().can_change})


@bp.post("/season/<report_id>/<int:year>/extensions")
@clerk_only
def extend_all(report_id: str, year: int) -> Response:
    """Move the season's deadline for every school of the page (the unit's, with ?unit=), as the office
    does after floods or for a deadline on a Sunday, or withdraw that move (decisions.extend_all)."""
    rt = runtime()
    report = _report(report_id)
    if year_problem(year):
        abort(400)
    unit = chosen_unit()
    form = request.form
    schools = status_mod.roster(rt.config, report, year, unit)
    try:
        until = parse_day(form.get("until", ""))
        move = decisions.DeadlineMove(
            report.id, year, schools, until, form.get("reason", ""), actor(), rt.clock(), unit
        )
        day = local_date(until, None)
        if form.get("undo"):
            scope.withdrawal(report.id, year, schools, until)
            withdrawn = decisions.undo_extensions(rt.config, rt.store, move)
            back = (
                f"; {len(withdrawn.restored)} trường trở lại hạn riêng trước đó" if withdrawn.restored else ""
            )
            flash(f"Đã bỏ gia hạn đến {day} của {len(withdrawn.undone)} trường{back}.", "ok")
        else:
            done = decisions.extend_all(rt.config, rt.store, move)
            kept = f"; {len(done.kept)} trường giữ hạn riêng muộn hơn" if done.kept else ""
            flash(f"Đã gia hạn đến {day} cho {len(done.given)} trường{kept}.", "ok")
    except BaocaoError as e:
        flash(refusal("Chưa ghi được", e), "error")
    return redirect(url_for("season.overview", report_id=report.id, year=year, unit=unit, _anchor="extended"))  # type: ignore[return-value]


# -- the school table -------------------------------------------------------------------------------


@bp.get("/schools")
def schools() -> Response:
    """Every school with filters (unit, status, level, commune, a search box), sortable, as CSV or
    XLSX too."""
    report, year = _chosen()
    status = load_status(report, year, chosen_unit())
    rows = [school_row(n, s, status) for n, s in enumerate(status.schools, 1)]
    chosen = {k: request.args.get(k, "") for k in ("status", "level", "commune")}
    paper = request.args.get("paper", "")  # "yes": the paper copy was received, "no": not yet
    query = request.args.get("q", "").strip()
    config = runtime().config
    # The lists offer what the season's schools of the unit have: another unit's commune would give 0 rows.
    listed = [config.school(s.school_id) for s in status.schools]
    levels = sorted({s.level for s in listed if s.level}, key=level_rank)
    communes = sorted({c for s in listed if (c := config.commune_shown(s.id))}, key=sort_key)
    states = {s.value: label for s, label in status.labels.items()}
    _known_filter("Tình trạng", chosen["status"], states)
    _known_filter("Cấp học", chosen["level"], {v: LEVEL_LABELS.get(v, v) for v in levels})
    _known_filter("Xã, thị trấn", chosen["commune"], {v: v for v in communes})
    learned: dict[str, list[str]] = {}
    for address, school_id in (runtime().store.learned_addresses() if query else {}).items():
        learned.setdefault(school_id, []).append(address)
    named = _named(config, query)
    kept = [
        (r, s)
        for r, s in zip(rows, status.schools, strict=True)
        if all(not value or str(r[key]) == value for key, value in chosen.items())
        and (paper not in ("yes", "no") or bool(r["paper"]) == (paper == "yes"))
        and (
            s.school_id in named
            if named is not None
            else search.matches(query, _searched(config.school(s.school_id), learned.get(s.school_id, ())))
        )
    ]
    sort = request.args.get("sort", "stt")
    descending = request.args.get("dir") == "desc"
    kept.sort(key=lambda pair: SORTS.get(sort, SORTS["stt"])(pair[0]), reverse=descending)
    if sort == "received":  # newest first or last, the schools that sent nothing stay below every time
        kept.sort(key=lambda pair: pair[0]["received_at"] is None)
    fmt = request.args.get("format", "html")
    if fmt in ("csv", "xlsx"):
        return _export(status, kept, fmt)
    data = {
        **_heading(status),
        "filters": {**chosen, "paper": paper},
        "query": query,
        "sort": sort,
        "dir": "desc" if descending else "asc",
        "states": list(states.items()),
        "levels": levels,
        "communes": communes,
        "schools": [r for r, _ in kept],
        "total": len(rows),
    }
    return page("schools.html", data, html={"LEVEL_LABELS": LEVEL_LABELS})


def _known_filter(field: str, value: str, known: dict[str, str]) -> None:
    """A filter value the table's lists do not offer (a link typed or cut short, a commune renamed in
    the config since it was saved) is refused naming it, rather than showing an empty table under a
    list that reads «Tất cả»."""
    if value and value not in known:
        offered = ", ".join(known.values())
        abort(
            400, description=f"{field} «{value}» không có trong danh sách để lọc. Chọn một trong: {offered}."
        )


def _named(config: Config, query: str) -> set[str] | None:
    """The schools a search names for certain, by a school's id or by a level and place that fit them
    («TH Mỹ An»); None for any other search, whose words are looked for in every school's names and
    addresses. Word by word, «th» began «thuthua» in every address, and «TH Mỹ An» found the Mẫu giáo
    and THCS Mỹ An too."""
    if not query:
        return None
    if any(s.id == query for s in config.schools):
        return {query}
    schools, whole = review_mod.level_and_place(config, query)
    return {s.id for s in schools} if whole else None


def _searched(school: SchoolConfig, learned: Sequence[str]) -> list[str]:
    """What the search box looks in for a school: the addresses staff taught it too (a principal's
    gmail), which a clerk holding a mail from one types."""
    return [school.name, *school.aliases, school.id, school.commune, *school.emails, *learned]


def _export(status: ReportStatus, kept: Sequence[tuple[dict[str, Any], SchoolStatus]], fmt: str) -> Response:
    """The schools kept on the page, in its order, each numbered as the page numbers it."""
    rt = runtime()
    table = export.status_table(status, rt.config, [s for _, s in kept], [r["number"] for r, _ in kept])
    of_unit = f"-{status.unit}" if status.unit else ""
    day = rt.clock().astimezone(table.tz)
    name = f"tinh-hinh-{status.report.id}-{status.year}{of_unit}-{day:%Y%m%d}.{fmt}"
    if fmt == "csv":
        body, mime = export.to_csv(table), "text/csv; charset=utf-8"
    else:
        body, mime = (
            export.to_xlsx(table, f"{status.report.id.upper()} {status.year}", rt.clock()),
            export.XLSX,
        )
    disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(body, content_type=mime, headers=disposition)


# -- one school -------------------------------------------------------------------------------------


def _waiting_for(school_id: str, status: ReportStatus, listed: set[str]) -> list[dict[str, Any]]:
    """The season's mail waiting for staff that may be this school's report: not counted until a clerk
    decides, so the page says so beside "Chưa nộp" rather than telling a caller nothing came
    (ReportStatus.waiting_for, which the lists and exports mark too). Mail already listed among its
    submissions (an unreadable report) is not listed twice."""
    waiting = status.waiting_for(school_id)
    keys = {r.message_key for r in waiting} - listed
    # A report of another season sent while this one ran waits in its own season's queue (other_review).
    years = dict.fromkeys((status.year, *(r.year for r in waiting if r in status.other_review)))
    found = {
        item["key"]: item
        for year in years
        for item in review_items(report_id=status.report.id, year=year)
        if item["key"] in keys
    }
    return list(found.values())


# The mail of a school that its page lists as not counted: read as no report, taken out by staff, or not read
# through; the latest OTHER_MAIL_SHOWN of them.
OTHER_MAIL_STATES = (MessageState.NOISE, MessageState.REJECTED, MessageState.FAILED, MessageState.PENDING)
OTHER_MAIL_SHOWN = 20


def _other_mail(school: SchoolConfig, report: ReportConfig, year: int) -> list[dict[str, Any]]:
    """The season's mail from the school's addresses (registered, or taught by staff) that counts for no
    report, with why: what a clerk looks for when the school calls to say it sent its report. A mail read
    as no report can be assigned from its page."""
    rt = runtime()
    learned = [address for address, owner in rt.store.learned_addresses().items() if owner == school.id]
    since, until = season_bounds(report, year, rt.config)
    rows = rt.store.mail_from([*school.emails, *learned], OTHER_MAIL_STATES, since, until)
    return [
        {
            "key": row.key,
            "subject": row.subject,
            "sender": row.sender,
            "received_at": row.received_at,
            "state": row.state,
            "state_label": MESSAGE_STATES[row.state],
            "reason": row.reason,
        }
        for row in rows
    ]


def _sent(sub: SubmissionRow, messages: dict[str, MessageRow]) -> dict[str, Any]:
    """What the school's page says of a mail it sent: its subject, when and from whom, its files."""
    message = messages.get(sub.message_key)
    return {
        "message_key": sub.message_key,
        "subject": message.subject if message else "",
        "received_at": sub.received_at,
        "sender": sub.sender,
        "files": list(sub.files),
    }


@bp.get("/schools/<school_id>")
def school(school_id: str) -> Response:
    """Everything about one school for a report and year: submissions and their files, sections,
    figures, why its mail was matched to it, reminders sent to it, and the office's decisions."""
    config = _school(school_id)
    report, year = _chosen()
    scope.school(school_id, report, year)
    status = load_status(report, year)
    found = [(n, s) for n, s in enumerate(status.schools, 1) if s.school_id == school_id]
    if not found:
        abort(
            404,
            description=f"{config.name} không có trong danh sách phải nộp {report.short} năm {year}.",
        )
    number, mine = found[0]
    titles = {sec.id: sec.title for sec in report.sections}
    figure_titles = {f.id: f.title for f in report.figures}
    rt = runtime()
    current = mine.current
    held = status.held_for(school_id)
    messages = rt.store.messages_by_key(
        s.message_key for s in (*mine.submissions, *mine.copies, *(h.submission for h in held))
    )
    # The mail staff assigned to this school, as its decision records.
    assigned = {
        sub.message_key
        for sub in mine.submissions
        if (d := rt.store.decision(sub.message_key)) is not None
        and d.action == "assign"
        and d.school_id == school_id
    }
    submissions = []
    for sub in reversed(mine.submissions):
        submissions.append(
            {
                **_sent(sub, messages),
                "readable": sub.readable,
                "manual": sub.message_key in assigned,
                "current": sub is current,
                "supplement": sub.supplement,
                "written_before": sub.written_before,
                "attachments": attachments_of(sub.message_key),
                "sections_found": [titles.get(i, i) for i in sub.sections_found],
                "sections_missing": [titles.get(i, i) for i in sub.sections_missing],
                "figures": [
                    {
                        "id": k,
                        "title": figure_titles.get(k, k),
                        "value": v["value"],
                        "sentence": v["sentence"],
                        "file": v.get("file"),  # read elsewhere than in its files: the mail's text
                    }
                    for k, v in sub.figures.items()
                ],
                "evidence": list(sub.evidence),
                "problems": [*sub.problems, *sub.unread_beside.values()],
            }
        )
    # Of a forward of the school's earlier mail or another's resend of its files, when the submission it
    # copies came.
    originals = copied_from(sorted((*mine.submissions, *mine.copies), key=lambda s: s.received_at))
    copies = [
        {
            **_sent(sub, messages),
            "forward_of": originals[sub.message_key].received_at
            if sub.forwards and sub.message_key in originals
            else None,
            "resend": bool(sub.forwards and sub.forwards.resend),
        }
        for sub in reversed(mine.copies)
    ]
    waiting = _waiting_for(school_id, status, {s.message_key for s in mine.submissions})
    other_mail = _other_mail(config, report, year)
    history = decisions.history(rt.store, school_id=school_id, report_id=report.id, year=year)
    reminders = Outbox(rt.store).entries(school_id=school_id, report_id=report.id, limit=100)
    data = {
        **_heading(status, school_id),
        "school": {
            "id": config.id,
            "name": config.name,
            "level": config.level,
            "commune": rt.config.commune_shown(config.id),
            "emails": list(config.emails),
            "aliases": list(config.aliases),
            **_unit_of(status, school_id),
        },
        "state": school_row(number, mine, status),
        "submissions": submissions,
        "copies": copies,
        "held": [
            {
                **_sent(h.submission, messages),
                "note_key": h.note.message_key,
                "note_received_at": h.note.received_at,
                "note_reason": h.note.reason,
                # the school's later report that replaced it (Withheld.replaced_by): nothing waits; else None
                "replaced_at": h.replaced_by.received_at if h.replaced_by else None,
            }
            for h in held
        ],
        "waiting": waiting,
        "other_mail": other_mail[:OTHER_MAIL_SHOWN],
        "other_mail_count": len(other_mail),
        "reminders": [
            {
                "key": e.key,
                "kind": KIND_LABELS.get(e.kind, e.kind),
                "year": e.year,
                "subject": e.subject,
                "to": list(e.to),
                "state": e.state,
                "state_label": e.label,
                "created_at": e.created_at,
                "sent_at": e.sent_at,
                "last_error": e.last_error,
            }
            for e in reminders
            if e.year == year
        ],
        "decisions": history,
        "addresses": addresses_mod.of_school(rt, school_id),
        # The decision of each kind in force as shown (0: none), which the forms send back as `seen`.
        "seen": {
            str(k): next((d.id for d in history if d.kind == k and d.in_force), 0) for k in DecisionKind
        },
        "can_change": current_user().can_change,
        "today": rt.clock().astimezone(rt.config.district.timezone).date(),
    }
    # How the page names who decides and writes to the school: "Phòng", or its unit that season.
    we = units.speaker(rt.config, units.of_school(rt.config, report, year, school_id))
    html = {"DECISION_LABELS": decisions.KIND_LABELS, "typed": _typed(school_id), "we": we}
    return page("school.html", data, html=html)


def _typed(school_id: str) -> dict[str, str]:
    """What was typed in one of the school's decision forms that was not recorded (refused, or sent after
    the session ended), with the form's kind, to be filled in again; {} when none. An undo has nothing
    typed to give back to the forms that grant."""
    kept = typed_mod.taken()
    forms = {url_for("season.decide", school_id=school_id, kind=k.value): k.value for k in DecisionKind}
    if kept is None or kept.action not in forms or kept.fields.get("undo"):
        return {}
    return {**kept.fields, "kind": forms[kept.action]}


@bp.post("/schools/<school_id>/decisions/<kind>")
@clerk_only
def decide(school_id: str, kind: str) -> Response:
    """Grant or withdraw an extension or an exemption, or record (or withdraw) a paper copy."""
    rt = runtime()
    _school(school_id)
    try:
        chosen = DecisionKind(kind)
    except ValueError:
        abort(404)
    report = _report(request.form.get("report", ""))
    year = request.form.get("year", type=int) or abort(400)
    if year_problem(year):
        abort(400)
    scope.school(school_id, report, year)
    form = request.form
    common: dict[str, Any] = {
        "report_id": report.id,
        "year": year,
        "school_id": school_id,
        "by": actor(),
        "now": rt.clock(),
        # What was in force when the page was shown (an office's template from before sends nothing).
        "seen": form.get("seen", type=int),
    }
    try:
        if form.get("undo"):
            done = decisions.undo(rt.config, rt.store, chosen, reason=form.get("reason", ""), **common)
            back = decisions.restored_note(rt.store, done)
            flash(f"Đã bỏ quyết định: {done.summary()}.{f' {back}' if back else ''}", "ok")
        elif chosen == DecisionKind.EXTENSION:
            done = decisions.extend(
                rt.config,
                rt.store,
                until=parse_day(form.get("until", "")),
                reason=form.get("reason", ""),
                **common,
            )
            assert done.until is not None
            past = decisions.past_the_season(rt.config, report.id, year, done.until)
            flash(f"Đã {done.summary()}.{f' {past}' if past else ''}", "ok")
        elif chosen == DecisionKind.EXEMPTION:
            decisions.exempt(rt.config, rt.store, reason=form.get("reason", ""), **common)
            note = review_mod.exemption_note(rt, school_id, report.id, year)
            flash(f"Đã ghi trường được miễn nộp năm nay.{f' {note}' if note else ''}", "ok")
        else:
            done = decisions.paper(
                rt.config,
                rt.store,
                received_on=parse_day(form.get("received_on", "")),
                received_by=form.get("received_by", ""),
                reason=form.get("reason", ""),
                **common,
            )
            flash(f"Đã ghi {done.summary()}.", "ok")
    except decisions.DecidedMeanwhileError as e:
        who = ", ".join(
            x for x in (person(e.who) if e.who else "", local_time(e.at, rt.config.district.timezone)) if x
        )
        flash(
            f"Chưa ghi: người khác vừa {e.what}{f' ({who})' if who else ''} trong lúc trang này đang mở; "
            "hãy xem lại quyết định đang có hiệu lực bên dưới rồi làm lại nếu vẫn cần.",
            "error",
        )
    except BaocaoError as e:
        flash(refusal("Chưa ghi được", e), "error")
        typed_mod.keep()  # the form comes back as sent, to correct one field rather than retype all
    return redirect(url_for("season.school", school_id=school_id, report=report.id, year=year))  # type: ignore[return-value]
