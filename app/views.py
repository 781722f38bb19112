"""What the commands print: statuses, planned mail and the send log, in Vietnamese, as JSON or CSV."""

from __future__ import annotations

import collections
import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from kernel import export
from kernel.config import Config
from kernel.decisions import KIND_LABELS as DECISION_LABELS
from kernel.decisions import Decision
from kernel.export import text_table as tabulate
from kernel.proof import SenderCheck, signed_by
from kernel.status import LABELS, Granted, ReportStatus, SchoolState, SchoolStatus, Settled, waiting_elsewhere
from kernel.store import (
    CANDIDATES_KEPT,
    FILE_TIME,
    LearnedAddress,
    MessageRow,
    MessageState,
    ReviewRow,
    SubmissionRow,
)
from kernel.timefmt import local_date, local_time, local_time_not_before
from scheduler.outgoing import KIND_LABELS, Outgoing, unit_of_key

# Types only: importing intake or the scheduler's jobs would make every command (status too) load the
# parsers and the mail stack.
if TYPE_CHECKING:
    from intake.review import HistoryEntry
    from kernel.audit import AuditEntry
    from scheduler.jobs import Delivery
    from scheduler.outbox import Entry
    from scheduler.plan import RemindedSince


def _staff(key: str, staff: Mapping[str, str]) -> str:
    """Who a mail to staff is for, in the listings of mail: the staff of the unit whose missing list or
    digest it is, else the office's (staff: each unit's name by id, the office's as a sentence names it
    under "")."""
    unit = unit_of_key(key)
    return f"(cán bộ {staff.get(unit or '') or staff.get('') or 'phòng'})"


def _dump(data: Any) -> str:
    """JSON as the commands print it: Vietnamese kept readable, indented."""
    return json.dumps(data, ensure_ascii=False, indent=2)


def short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def listing(
    headers: Sequence[str],
    rows: Sequence[Sequence[export.Cell]],
    records: Sequence[dict[str, object]],
    fmt: str,
    tz: dt.tzinfo,
    widths: Sequence[int | None] | None = None,
) -> str | bytes:
    """One listing in the three formats every command offers: a text table (times in the district's
    zone), JSON records for scripts, or CSV with a BOM for Excel (bytes)."""
    if fmt == "json":
        return json.dumps(list(records), ensure_ascii=False, indent=2, default=_json_value)
    if fmt == "csv":
        return export.to_csv(export.Table(tuple(headers), tuple(tuple(r) for r in rows), tz))
    text_rows = [[export.text_cell(c, tz) for c in r] for r in rows]
    return tabulate(text_rows, headers=list(headers), maxcolwidths=list(widths) if widths else None)


def _json_value(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


# -- statuses -----------------------------------------------------------------------------------------

# The text table shows the export's first columns (addresses, the unit and figures are in the CSV),
# and the decision and waiting-mail columns when some school has one.
_TABLE_COLUMNS = export.BASE_HEADERS[:7]
_IF_ANY_COLUMNS = ("Gia hạn đến", "Bản giấy", "Thư chờ xem xét")
_MISSING_COLUMNS = ("STT", "Mã trường", "Trường", "Tình trạng", "Địa chỉ thư", "Gia hạn đến")


def table(status: ReportStatus, config: Config, *, only_missing: bool = False) -> str:
    """The status as a Vietnamese text table; only_missing lists the schools that still owe it."""
    schools = status.owing if only_missing else status.schools
    deadline = status.deadline.strftime("%d/%m/%Y")
    moved = f"; lùi chung đến hết ngày {local_date(status.moved_to, None)}" if status.moved_to else ""
    title = f"{status.report.title} — năm {status.year} (hạn nộp: hết ngày {deadline}{moved})"
    when = f"Tính đến {local_time(status.as_of, status.deadline.tzinfo)}." + _not_begun(status, config)
    if not status.schools:  # a unit dissolved or not collecting yet, or a roster empty that season
        to_whom = f" cho {config.unit(status.unit).name}" if status.unit is not None else ""
        waiting = f" Có {len(status.review)} thư chờ xem xét." if status.review else ""
        return (
            f"{title}\n{when}\nNăm {status.year} không có trường nào phải nộp báo cáo này{to_whom}.{waiting}"
        )
    full = export.status_table(status, config, schools)
    earlier = "".join(f"\n{s.name}: {note}." for s in schools if (note := status.earlier_note(s.school_id)))
    if only_missing:
        sent = [
            f"{n} trường {said}"
            for n, said in (
                (status.count(SchoolState.UNREADABLE), "đã gửi thư nhưng không đọc được tệp"),
                (status.count(SchoolState.WRONG_PAPER), "đã gửi nhầm văn bản khác"),
            )
            if n
        ]
        head = f"{title}\n{when}\nCòn {len(schools)}/{len(status.expected)} trường chưa nộp báo cáo" + (
            f" (trong đó {', '.join(sent)})." if sent else "."
        )
        if not schools:
            return f"{head}\n\nTất cả các trường đã nộp."
        wanted = [full.headers.index(h) for h in _MISSING_COLUMNS]
        for shown in (full.headers.index(h) for h in ("Ghi chú", "Bản giấy", "Thư chờ xem xét")):
            wanted += [shown] if any(r[shown] for r in full.rows) else []
        rows = [[export.text_cell(r[c], full.tz) for c in wanted] for r in full.rows]
        return f"{head}\n\n{tabulate(rows, headers=[full.headers[c] for c in wanted])}" + (
            f"\n{earlier}" if earlier else ""
        )
    exempt = status.count(SchoolState.EXEMPT)
    extended = len(status.on_time_by_extension)
    # The states add up to the schools owing, those on time only by an extension said apart as the digest
    # and the consolidated draft count them; what follows counts some of those that reported, or mail, and
    # is said apart so that nobody adds it in.
    summary = (
        f"Tổng số {len(status.expected)} trường phải nộp"
        + (f" (không tính {exempt} trường được miễn)" if exempt else "")
        + f": {status.count(SchoolState.RECEIVED) - extended} đã nộp đúng hạn, "
        + (f"{extended} nộp trong thời hạn được gia hạn, " if extended else "")
        + f"{status.count(SchoolState.LATE)} nộp muộn, "
        f"{status.count(SchoolState.UNREADABLE)} đã gửi nhưng không đọc được tệp, "
        + (f"{wrong} đã gửi nhầm văn bản khác, " if (wrong := status.count(SchoolState.WRONG_PAPER)) else "")
        + f"{status.count(SchoolState.MISSING)} chưa nộp."
    )
    incomplete = sum(1 for s in status.schools if s.incomplete)
    checks = sum(1 for s in status.schools if s.check)
    among = [f"{incomplete} trường thiếu nội dung"] if incomplete else []
    among += [f"{checks} trường cần kiểm tra (bản sửa gửi sau không đọc được)"] if checks else []
    if among:
        summary += f" Trong số đã nộp có {', '.join(among)}."
    if status.review:
        summary += f" Ngoài ra {len(status.review)} thư đang chờ xem xét."
    columns = [full.headers.index(h) for h in _TABLE_COLUMNS]
    columns += [c for c in (full.headers.index(h) for h in _IF_ANY_COLUMNS) if any(r[c] for r in full.rows)]
    rows = [[export.text_cell(r[c], full.tz) for c in columns] for r in full.rows]
    headers = [full.headers[c] for c in columns]
    elsewhere = earlier + "".join(f"\n{e.says(full.tz)}" for e in export.received_elsewhere(status, config))
    return f"{title}\n{when}\n{summary}\n\n{tabulate(rows, headers=headers)}" + (
        f"\n{elsewhere}" if elsewhere else ""
    )


def _not_begun(status: ReportStatus, config: Config) -> str:
    """A sentence saying that the season had not begun at the moment asked about (--as-of a day before
    its first reminder or digest), or "": every school is «Chưa gửi» then, and none is behind yet."""
    if status.opens is None:
        return ""
    from scheduler.plan import first_mail_day  # it loads the templates (jinja2): only a season to come asks

    first = first_mail_day(status.report, status.year, config)
    return (
        f" Lúc đó đợt báo cáo năm {status.year} chưa bắt đầu (thư nhắc và bảng tổng hợp gửi từ "
        f"{local_date(first, None)})."
    )


def as_json(status: ReportStatus, config: Config, stale: str = "", *, only_missing: bool = False) -> str:
    """The status for scripts. Per school, what proves the counted submission's origin: a valid
    signature of that school (signed, signer, signed_at) and whether its sender passed authentication
    (true, false when forged, null when unknown); per submission, every signature and the sender check.
    stale: why the status may miss the latest mail (a mailbox not read lately), as the staff page says.
    only_missing lists the schools that still owe it, as the table and the CSV of `missing` do."""
    schools = status.owing if only_missing else status.schools
    data = {
        "report": status.report.id,
        "year": status.year,
        "deadline": status.deadline.isoformat(),
        "moved_to": status.moved_to.isoformat() if status.moved_to else None,
        "as_of": _iso(status.as_of, status),
        **({"unit": status.unit} if status.unit is not None else {}),
        **({"stale": stale} if stale else {}),
        "schools": [
            _school_json(s, status, export.elsewhere_of(status, config, s), config.school(s.school_id).emails)
            for s in schools
        ],
        "review": [
            {
                "message_id": r.message_id,
                "from": r.sender,
                "subject": r.subject,
                "reason": r.reason,
                "candidates": list(r.candidates),
                "sender_check": _sender_json(status.sender(r.message_key)),
            }
            for r in status.review
        ],
    }
    return _dump(data)


def _school_json(
    school: SchoolStatus, status: ReportStatus, elsewhere: export.Elsewhere | None, emails: Sequence[str]
) -> dict[str, Any]:
    current = school.current
    returned = [a for a in emails if a in status.bounced]
    signature = current.school_signature if current else None
    sender = status.sender(current.message_key) if current else None
    return {
        "school_id": school.school_id,
        "name": school.name,
        "status": str(school.status),
        "deadline": school.deadline.isoformat(),
        "received_at": _iso(school.received_at, status),
        "sections_found": list(school.sections_found),
        "sections_missing": list(school.sections_missing),
        "figures": school.figures,
        "figures_to_check": school.figures_to_check,
        # Why the report counted needs a check (a correction sent since could not be read); empty if none.
        "check": school.check,
        "problems": list(school.problems),
        "extension": _decision(school.extension),
        "exemption": _decision(school.exemption),
        "paper": _decision(school.paper),
        # The school's addresses our mail came back from this season (refused, or a delivery-failure
        # report), with when, whether its mailbox was full (the address is right) and what the lists say of
        # it; empty if none.
        "bounced": [
            {
                "address": a,
                "at": _iso(status.bounced[a], status),
                "mailbox_full": a in status.full,
                "note": note,
            }
            for a, note in zip(returned, status.bounced_notes(returned), strict=True)
        ],
        "signed": signature is not None,
        "signer": (signature.common_name or signature.organization) if signature else None,
        "signed_at": _iso(signature.signed_at, status) if signature else None,
        "sender_authenticated": sender.passed if sender else None,
        "submissions": [
            {
                "message_id": sub.message_id,
                "received_at": _iso(sub.received_at, status),
                "files": list(sub.files),
                "readable": sub.readable,
                "counted": sub is current,
                "signatures": [
                    {
                        **sig.to_json(),
                        "signed_at": _iso(sig.signed_at, status),
                        "of_school": sig.of_school(sub.school_id),
                    }
                    for sig in sub.signatures
                ],
                "sender_check": _sender_json(status.sender(sub.message_key)),
            }
            for sub in school.submissions
        ],
        # Mail waiting for staff that may be this school's report (message ids, as under "review").
        "waiting": [r.message_id for r in status.waiting_for(school.school_id)],
        # An earlier season's report the school sent while this season ran, while it owes this one; empty
        # if none (ReportStatus.earlier_note).
        "earlier": status.earlier_note(school.school_id),
        # Of a late school, that its mail came in time unreadable, or says it was sent in time; empty if
        # neither (SchoolStatus.sent_in_time).
        "sent_in_time": school.sent_in_time,
        # That received_at is the time an imported file was saved, its mail writing no receipt; empty if not.
        "file_time": school.file_time,
        # Mail waiting for staff that is likely a correction of the report counted; empty if none.
        "correction": status.correction_note(school.school_id),
        # Submissions held, not counted, while staff decide about a note asking to cancel them.
        "held": [
            {"message_id": h.submission.message_id, "cancelled_by": h.note.message_id}
            for h in status.held_for(school.school_id)
        ],
        # Where the counted report came when another unit than the season's collected the school then,
        # and the note the status says of it (export.Elsewhere.as_json); null when the season's unit did.
        "received_elsewhere": elsewhere.as_json(status.deadline.tzinfo) if elsewhere else None,
        # Resends of the same files as the submission before them: no submission of their own.
        "copies": [
            {"message_id": sub.message_id, "received_at": _iso(sub.received_at, status)}
            for sub in school.copies
        ],
    }


def _decision(decision: Decision | None) -> dict[str, object] | None:
    if decision is None:
        return None
    return {
        "until": decision.until.isoformat() if decision.until else None,
        "received_on": decision.received_on.isoformat() if decision.received_on else None,
        "received_by": decision.received_by or None,
        "reason": decision.reason,
        "decided_by": decision.decided_by,
        "decided_at": decision.decided_at.isoformat(),
    }


def _sender_json(check: SenderCheck | None) -> dict[str, Any] | None:
    if check is None:
        return None
    return {**check.to_json(), "authenticated": check.passed}


def sender_cell(sender: str, check: SenderCheck | None) -> str:
    """The sender's address, and below it what the sender check found when it found something."""
    if check is None or check.passed is None:
        return sender
    return f"{sender}\n(giả mạo: {check.problem})" if check.failed else f"{sender}\n(đã xác thực)"


def signatures_cell(sub: SubmissionRow, school_name: str, tz: dt.tzinfo) -> str:
    """Each digital signature of a submission on its own line: whose and when, or why it does not hold."""
    lines = []
    for signature in sub.signatures:
        if signature.valid:
            name = school_name if signature.of_school(sub.school_id) else None
            lines.append(f"{signature.file}: {signed_by(signature, tz, name)}")
        else:
            lines.append(f"{signature.file}: {signature.reason}")
    return "\n".join(lines) or "(không có)"


def _iso(when: dt.datetime | None, status: ReportStatus) -> str | None:
    return when.astimezone(status.deadline.tzinfo).isoformat() if when else None


def as_csv(status: ReportStatus, config: Config, *, only_missing: bool = False) -> bytes:
    schools = status.owing if only_missing else status.schools
    return export.to_csv(export.status_table(status, config, schools))


# -- planned mail and the send log ---------------------------------------------------------------


def planned(
    items: Sequence[Outgoing],
    now: dt.datetime,
    fmt: str,
    tz: dt.tzinfo,
    staff: Mapping[str, str] = {},
    of_unit: str = "",
) -> str | bytes:
    """The mail due at now: a table for people, or a JSON list or CSV for scripts. of_unit: the name of
    the unit the mail was narrowed to, which an empty list names."""
    if fmt == "csv":
        csv_rows = [
            (
                n,
                KIND_LABELS.get(i.kind, i.kind),
                i.report.upper(),
                i.year,
                i.school_id,
                ", ".join(i.to),
                ", ".join(i.cc),
                i.subject,
                i.key,
            )
            for n, i in enumerate(items, 1)
        ]
        csv_headers = (
            "STT",
            "Loại thư",
            "Báo cáo",
            "Năm",
            "Mã trường",
            "Gửi đến",
            "Đồng gửi (CC)",
            "Tiêu đề",
            "Mã thư gửi",
        )
        return export.to_csv(export.Table(csv_headers, tuple(csv_rows), tz))
    if fmt == "json":
        return _dump(
            [
                {
                    "kind": i.kind,
                    "report": i.report,
                    "year": i.year,
                    "school_id": i.school_id,
                    "to": list(i.to),
                    "subject": i.subject,
                }
                for i in items
            ]
        )
    when = local_time(now, tz)
    if not items:
        whose = f" đến các trường và cán bộ của {of_unit}" if of_unit else ""
        return f"Lúc {when} không có thư nào cần gửi{whose}."
    rows = [
        [
            n,
            KIND_LABELS[i.kind],
            i.school_id or _staff(i.key, staff),
            ", ".join(i.to),
            ", ".join(i.cc),
            short(i.subject, 70),
        ]
        for n, i in enumerate(items, 1)
    ]
    table = tabulate(rows, headers=["STT", "Loại thư", "Trường", "Gửi đến", "Đồng gửi (CC)", "Tiêu đề"])
    return f"Lúc {when} có {len(items)} thư cần gửi:\n\n{table}"


def reminded_later(passed: Sequence[RemindedSince], config: Config) -> str:
    """Why the schools a moment asked about (--as-of) counts as owing have no reminder in the list: each
    was sent a reminder of a later day since, and a school is not reminded of an earlier step again."""
    if not passed:
        return ""
    tz = config.district.timezone
    several = len({(p.report, p.year) for p in passed}) > 1
    named = ", ".join(
        f"{config.school(p.school_id).name} (thư nhắc "
        + (f"báo cáo {config.report(p.report).short} năm {p.year} " if several else "")
        + f"ngày {local_date(p.at, tz)})"
        for p in passed
    )
    return (
        f"Lưu ý: {len(passed)} trường chưa nộp lúc đó không có thư nhắc trong danh sách trên vì đã nhận thư "
        f"nhắc gửi sau thời điểm này: {named}."
    )


def delivery_line(result: Delivery) -> str:
    line = f"Đã gửi {result.sent} thư."
    if result.elsewhere:
        line += f" {result.elsewhere} thư đã do máy hoặc tiến trình baocao khác gửi, không cần gửi lại."
    if result.partly:
        line += (
            f" {result.partly} thư trong số đó chưa đến được một số người nhận (máy chủ thư tạm thời từ chối), "
            "sẽ được gửi lại cho những người này (xem baocao outbox)."
        )
    if result.failed > result.given_up:
        line += f" {result.failed - result.given_up} thư chưa gửi được, sẽ được thử lại (xem baocao outbox)."
    if result.given_up:
        line += (
            f" {result.given_up} thư không gửi được và sẽ không được thử lại (xem lý do bằng baocao outbox)."
        )
    if result.deferred:
        line += f" {result.deferred} thư được hoãn vì người nhận đã nhận đủ số thư trong ngày."
    for kind, count in collections.Counter(kind for kind, _ in result.withdrawn).items():
        reasons = list(dict.fromkeys(why for k, why in result.withdrawn if k == kind))
        why = reasons[0] if len(reasons) == 1 else "những lý do khác nhau (xem baocao outbox)"
        line += f" {count} thư «{KIND_LABELS[kind]}» được hủy vì {why}."
    return line


def waiting_line(pending: Sequence[Entry], tz: dt.tzinfo) -> str:
    """What still waits after a send: how many, and when the first of them is tried again; "" for none.
    A clerk who fixed the mail server and sent read «Đã gửi 0 thư» and no word of the forty waiting."""
    if not pending:
        return ""
    times = [e.next_attempt_at for e in pending if e.next_attempt_at is not None]
    when = f", lần gửi tới sớm nhất lúc {local_time_not_before(min(times), tz)}" if times else ""
    return (
        f"Còn {len(pending)} thư đang chờ gửi lại{when}; baocao run gửi khi đến giờ, hoặc chạy lại "
        "baocao outbox --send khi đó."
    )


def outbox(
    entries: Sequence[Entry], fmt: str, tz: dt.tzinfo, staff: Mapping[str, str] = {}, of_unit: str = ""
) -> str | bytes:
    """The send log, newest first; a message held back says why in its last error. of_unit: the name
    of the unit the log was narrowed to, which an empty log names."""
    if fmt == "csv":
        csv_headers = (
            "Mã thư gửi",
            "Trạng thái",
            "Loại thư",
            "Báo cáo",
            "Năm",
            "Mã trường",
            "Gửi đến",
            "Đồng gửi (CC)",
            "Tiêu đề",
            "Số lần thử",
            "Gửi lúc",
            "Thử lại lúc",
            "Lỗi gần nhất",
        )
        csv_rows = tuple(
            (
                e.key,
                e.label,
                KIND_LABELS.get(e.kind, e.kind),
                (e.report_id or "").upper(),
                e.year,
                e.school_id,
                ", ".join(e.to),
                ", ".join(e.cc),
                e.subject,
                e.attempts,
                e.sent_at,
                e.next_attempt_at,
                e.last_error,
            )
            for e in entries
        )
        return export.to_csv(export.Table(csv_headers, csv_rows, tz))
    if fmt == "json":
        return _dump(
            [
                {
                    "key": e.key,
                    "kind": e.kind,
                    "report": e.report_id,
                    "year": e.year,
                    "school_id": e.school_id,
                    "to": list(e.to),
                    "cc": list(e.cc),
                    "subject": e.subject,
                    "state": e.state,
                    "attempts": e.attempts,
                    "next_attempt_at": e.next_attempt_at.isoformat() if e.next_attempt_at else None,
                    "sent_at": e.sent_at.isoformat() if e.sent_at else None,
                    "last_error": e.last_error,
                    # the recipients a bounce of it said it did not reach; empty if none
                    "returned": list(e.returned),
                }
                for e in entries
            ]
        )
    if not entries:
        return f"Chưa có thư nào{_concerning(of_unit)} trong nhật ký gửi thư."
    rows = [
        [
            e.key,
            e.label,
            KIND_LABELS.get(e.kind, e.kind),
            e.school_id or _staff(e.key, staff),
            ", ".join(e.to),
            short(e.subject, 50),
            e.attempts,
            local_time(e.sent_at or e.next_attempt_at, tz),
            short(e.last_error, 60),
        ]
        for e in entries
    ]
    headers = [
        "Mã thư gửi",
        "Trạng thái",
        "Loại thư",
        "Trường",
        "Gửi đến",
        "Tiêu đề",
        "Số lần thử",
        "Gửi lúc / thử lại lúc",
        "Lỗi gần nhất",
    ]
    return tabulate(rows, headers=headers)


# -- the office's decisions and the audit log -----------------------------------------------------------


def decisions(found: Sequence[Decision], tz: dt.tzinfo, name: str, by: str | None = "Phòng") -> str:
    """A school's decisions, newest first, the withdrawn ones marked; by is who took them ("Phòng", a
    commune's «UBND xã Mỹ An»), None when they were several units'."""
    rows = [
        [
            d.report_id.upper(),
            d.year,
            DECISION_LABELS[d.kind],
            d.summary(),
            f"{d.decided_by}, {local_time(d.decided_at, tz)}",
            d.reason,
            "Đang có hiệu lực" if d.in_force else f"Đã bỏ ({d.undone_by}, {local_time(d.undone_at, tz)})",
        ]
        for d in found
    ]
    headers = ["Báo cáo", "Năm", "Quyết định", "Nội dung", "Ai, lúc nào", "Lý do", "Hiệu lực"]
    table = tabulate(rows, headers=headers, maxcolwidths=[None, None, None, 40, 30, 40, 30])
    return f"Quyết định{f' của {by}' if by else ''} về {name}:\n\n{table}"


AUDIT_HEADERS = ("Lúc", "Ai", "Việc", "Đối tượng", "Chi tiết", "Lý do")


def _concerning(unit_name: str) -> str:
    """How an empty listing of mail narrowed to a unit says so: " liên quan đến UBND xã Mỹ An"."""
    return f" liên quan đến {unit_name}" if unit_name else ""


def audit(
    entries: Sequence[AuditEntry], fmt: str, config: Config, labels: Mapping[int, str], of_unit: str = ""
) -> str | bytes:
    """The audit log for staff, newest first; labels: what each entry did, by id
    (kernel.auditunits.labels); of_unit: the name of the unit it was narrowed to, which an empty log names."""
    tz = config.district.timezone
    if fmt == "json":
        return _dump(
            [
                {
                    "at": e.at.astimezone(tz).isoformat(),
                    "actor": e.actor,
                    "action": e.action,
                    "target": e.target,
                    "detail": e.detail,
                    "reason": e.reason,
                }
                for e in entries
            ]
        )
    if fmt == "table" and not entries:
        about = f" về các trường, thư của {of_unit}" if of_unit else ""
        return f"Chưa có thay đổi nào{about} trong nhật ký."
    rows = [(e.at, e.actor, labels[e.id], e.about(config.name_of), e.detail, e.reason) for e in entries]
    return listing(AUDIT_HEADERS, rows, [], fmt, tz, [None, 20, None, 30, 50, 40])


# -- the review queue, a school's history and the learned addresses --------------------------------

REVIEW_HEADERS = ("Loại", "Mã thư", "Nhận lúc", "Người gửi", "Tiêu đề", "Trường có thể", "Lý do")
FAILED_LABEL, UNREADABLE_LABEL, WAITING_LABEL = "Không xử lý được", "Không đọc được tệp", "Chờ xem xét"
SETTLED_LABEL = "Đã có báo cáo gửi sau"


def review(
    waiting: Sequence[ReviewRow],
    failed: Sequence[MessageRow],
    checks: Mapping[str, SenderCheck],
    config: Config,
    fmt: str,
    settled: Mapping[ReviewRow, Settled] | None = None,
    of_unit: str = "",
    year: int | None = None,
    granted: Sequence[Granted] = (),
) -> str | bytes:
    """What waits for staff and what could not be processed; the text form keeps them apart and
    shows under each sender what the sender check found. Mail a later report settled (settled, see
    kernel.status.Settled) is listed apart, with that report, and not counted as waiting. of_unit: the
    name of the unit the mail was narrowed to, which an empty list names. year: the season the list is
    of; a report of another season waiting in that season's queue (ReportStatus.other_review) says so
    first in its reason. granted: the extensions in force (kernel.status.extensions_granted), each said
    last in the reason of the mail of its school that came before it, as the page says it."""
    tz = config.district.timezone
    settled = settled or {}
    reasons = {r: _reason(r, year, granted, config) for r in waiting}
    if fmt != "table":
        rows = [
            (
                UNREADABLE_LABEL if m.state == MessageState.UNREADABLE else FAILED_LABEL,
                m.key[:12],
                m.received_at,
                m.sender,
                m.subject,
                "",
                m.reason,
            )
            for m in failed
        ] + [
            (
                SETTLED_LABEL if r in settled else WAITING_LABEL,
                r.message_key[:12],
                r.received_at,
                r.sender,
                r.subject,
                ", ".join(r.candidates),
                f"{settled[r].note(config.name_of, tz)} {reasons[r]}" if r in settled else reasons[r],
            )
            for r in waiting
        ]
        records = [
            {
                "kind": "failed",
                "message": m.key,
                "message_id": m.message_id,
                "received_at": m.received_at,
                "from": m.sender,
                "subject": m.subject,
                "state": str(m.state),
                "reason": m.reason,
            }
            for m in failed
        ] + [
            {
                "kind": "review",
                "message": r.message_key,
                "message_id": r.message_id,
                "received_at": r.received_at,
                "from": r.sender,
                "subject": r.subject,
                "report": r.report_id,
                "year": r.year,
                "candidates": list(r.candidates),
                "reason": reasons[r],
                "settled_by": [
                    {"school": s.school_id, "message": s.message_key, "received_at": s.received_at}
                    for s in (settled[r].by if r in settled else ())
                ],
            }
            for r in waiting
        ]
        return listing(REVIEW_HEADERS, rows, records, fmt, tz)
    parts = []
    if failed:
        rows_f = [
            [m.key[:12], local_time(m.received_at, tz), m.sender, short(m.subject, 40), m.reason]
            for m in failed
        ]
        parts.append(
            f"{len(failed)} thư không xử lý được hoặc không đọc được báo cáo (nhờ trường gửi lại, "
            "hoặc sửa lỗi rồi chạy baocao reprocess):\n\n"
            + tabulate(
                rows_f,
                headers=["Mã thư", "Nhận lúc", "Người gửi", "Tiêu đề", "Lý do"],
                maxcolwidths=[None, None, None, 30, 70],  # an address is never cut
            )
            + "\n"
        )
    waiting = _once(waiting, settled)
    done = [r for r in waiting if r in settled]
    waiting = [r for r in waiting if r not in settled]
    if waiting:
        parts.append(_waiting_table(waiting, checks, config.name_of, tz, reasons))
    else:
        parts.append(f"Không có thư nào{_concerning(of_unit)} chờ xem xét.")
    if done:
        parts.append("\n" + _settled_table(done, settled, checks, config.name_of, tz, reasons))
    return "\n".join(parts)


def _reason(row: ReviewRow, year: int | None, granted: Sequence[Granted], config: Config) -> str:
    """Why the mail waits, first saying whose season's queue holds it when that is not year's, and last
    each extension granted one of its schools since it came (Granted), which leaves nothing more to do
    about a request for one."""
    reason = row.reason
    if year is not None and row.year not in (None, year):
        reason = f"{export.notes(waiting_elsewhere(row.year, year))} {reason}"
    return " ".join([reason, *(g.note(config) for g in granted if g.after(row.candidates, row.received_at))])


def _once(rows: Sequence[ReviewRow], settled: Mapping[ReviewRow, Settled]) -> list[ReviewRow]:
    """One row per mail that waits in several plans' seasons for one reason (a paper on two plans): a
    person counts one mail; it is settled only when settled in every plan."""
    copies: dict[tuple[str, str], list[ReviewRow]] = {}
    for r in rows:
        copies.setdefault((r.message_key, r.reason), []).append(r)
    return [next((r for r in same if r not in settled), same[0]) for same in copies.values()]


def _candidate_lines(candidates: Sequence[str], name_of: Callable[[str], str]) -> str:
    """The schools a mail may be from, one a line: the first CANDIDATES_KEPT, then how many more tie."""
    lines = [f"{c} ({name_of(c)})" for c in candidates[:CANDIDATES_KEPT]]
    if len(candidates) > CANDIDATES_KEPT:
        lines.append(f"và {len(candidates) - CANDIDATES_KEPT} trường khác")
    return "\n".join(lines) or "(chưa có)"


def _waiting_table(
    waiting: Sequence[ReviewRow],
    checks: Mapping[str, SenderCheck],
    name_of: Callable[[str], str],
    tz: dt.tzinfo,
    reasons: Mapping[ReviewRow, str],
) -> str:
    rows = _queue_rows(waiting, checks, tz, lambda r: _candidate_lines(r.candidates, name_of), reasons)
    return (
        f"{len(waiting)} thư chờ xem xét:\n\n"
        + _queue_table(rows, "Trường có thể")
        + "\n\nGán: baocao assign MÃ_THƯ MÃ_TRƯỜNG    Loại: baocao reject MÃ_THƯ"
    )


def _settled_table(
    done: Sequence[ReviewRow],
    settled: Mapping[ReviewRow, Settled],
    checks: Mapping[str, SenderCheck],
    name_of: Callable[[str], str],
    tz: dt.tzinfo,
    reasons: Mapping[ReviewRow, str],
) -> str:
    """The mail a later report settled: not waiting, still there to assign or reject."""
    rows = _queue_rows(
        done,
        checks,
        tz,
        lambda r: "\n".join(
            f"{name_of(s.school_id)} ({local_time(s.received_at, tz)})" for s in settled[r].by
        ),
        reasons,
    )
    return (
        f"{len(done)} thư đã có báo cáo của trường gửi sau, không còn chờ xem xét (vẫn gán hoặc loại được):\n\n"
        + _queue_table(rows, "Báo cáo gửi sau")
        + "\n"
    )


def _queue_rows(
    rows: Sequence[ReviewRow],
    checks: Mapping[str, SenderCheck],
    tz: dt.tzinfo,
    schools: Callable[[ReviewRow], str],
    reasons: Mapping[ReviewRow, str],
) -> list[list[str]]:
    """The review queue's rows as the tables show them, with schools(row) in the schools' column and
    reasons[row] (_reason) in the last."""
    return [
        [
            r.message_key[:12],
            local_time(r.received_at, tz),
            sender_cell(r.sender, checks.get(r.message_key)),
            short(r.subject, 40),
            schools(r),
            reasons[r],  # whole: what to do is said last
        ]
        for r in rows
    ]


def _queue_table(rows: list[list[str]], schools: str) -> str:
    headers = ["Mã thư", "Nhận lúc", "Người gửi", "Tiêu đề", schools, "Lý do"]
    return tabulate(rows, headers=headers, maxcolwidths=[None, None, None, 30, 40, 60])


HISTORY_HEADERS = (
    "Báo cáo",
    "Năm",
    "Mã trường",
    "Nhận lúc",
    "Người gửi",
    "Tệp",
    "Chữ ký số",
    "Mã thư",
    "Trạng thái",
)


def _held_state(replaced_by: SubmissionRow | None, tz: dt.tzinfo) -> str:
    """The state history gives a submission held at its sender's request (Withheld.says, capitalised)."""
    if replaced_by is not None:
        return (
            "Không tính: người gửi đã xin hủy, thay bằng báo cáo nhận lúc "
            f"{local_time(replaced_by.received_at, tz)}"
        )
    return "Tạm giữ, chưa tính: người gửi xin hủy, chờ cán bộ quyết định"


def history(
    entries: Sequence[HistoryEntry],
    name: str,
    config: Config,
    fmt: str,
    unit_name: str | None = None,
    *,
    collected: bool = True,
) -> str | bytes:
    """Every submission of one school, oldest first, with its sender check and digital signatures;
    the current one says so. unit_name: the entries are those of the seasons that unit collected;
    collected: whether that unit ever collects the school (in none of its memberships, it has none)."""
    of_unit = f" trong các năm do {unit_name} thu báo cáo" if unit_name else ""
    if fmt == "table" and not entries:
        if unit_name and not collected:
            return (
                f"{unit_name} không thu báo cáo của {name} năm nào; bỏ --unit để xem mọi lần nộp của trường."
            )
        return f"{name} chưa nộp báo cáo nào{of_unit}."
    tz = config.district.timezone
    joined = "\n" if fmt == "table" else "; "
    rows = [
        (
            e.submission.report_id.upper(),
            e.submission.year,
            e.submission.school_id,
            e.submission.received_at,
            sender_cell(e.submission.sender, e.sender_check).replace(
                "\n", joined if fmt != "table" else "\n"
            ),
            joined.join(e.submission.files),
            signatures_cell(e.submission, name, tz).replace("\n", joined),
            e.submission.message_key[:12],
            _held_state(e.replaced_by, tz)
            if e.held
            else _copy_state(e.submission, e.copy_of, tz)
            if e.copy_of is not None
            else _with_unread(_version_state(e.current, e.submission), e.submission)
            if e.submission.readable
            else LABELS[SchoolState.WRONG_PAPER]
            if e.submission.wrong_paper
            else LABELS[SchoolState.UNREADABLE],
        )
        for e in entries
    ]
    records: list[dict[str, object]] = [
        {
            "report": e.submission.report_id,
            "year": e.submission.year,
            "school_id": e.submission.school_id,
            "received_at": e.submission.received_at,
            "from": e.submission.sender,
            "files": list(e.submission.files),
            "signatures": signatures_cell(e.submission, name, tz).split("\n"),
            "message": e.submission.message_key,
            "message_id": e.submission.message_id,
            "current": e.current,
            "copy": e.copy,
            # of a copy, the message of the submission it copies: its files sent again, or its mail forwarded
            "copy_of": e.copy_of.message_id if e.copy_of else None,
            "held": e.held,
            # of one held, the school's later report that replaced it: nothing waits for staff; else null
            "replaced_by": e.replaced_by.message_id if e.replaced_by else None,
            # why each file could not be read: of an unreadable mail, or beside a readable report
            "problems": [*e.submission.problems, *e.submission.unread_beside.values()],
        }
        for e in entries
    ]
    shown = listing(
        HISTORY_HEADERS, rows, records, fmt, tz, [None, None, None, None, None, 30, 50, None, None]
    )
    if isinstance(shown, str) and fmt == "table":
        return f"Các lần nộp của {name}{of_unit}:\n\n{shown}"
    return shown


def _version_state(current: bool, sub: SubmissionRow) -> str:
    """The state of a readable submission: counted; or a supplement filed with the report, or an older
    version arriving late, neither replacing the version counted; or replaced by a later one."""
    if current:
        return "Được tính"
    if sub.supplement:
        return "Bổ sung cho báo cáo đã nộp, lưu cùng báo cáo ấy"
    if sub.written_before:
        return "Bản viết trước lần được tính, đến muộn: không thay lần đó"
    return "Đã được thay bằng lần nộp sau"


def _copy_state(sub: SubmissionRow, original: SubmissionRow, tz: dt.tzinfo) -> str:
    """The state of a copy: the same files as the submission before it sent again, a forward of the
    school's earlier mail, or another's resend of its files (kernel.status.copied_from), which never
    replaces the school's later version."""
    if sub.forwards is None:
        return "Gửi lại trùng tệp lần trước"
    if sub.forwards.resend:
        return (
            f"Thư không phải từ địa chỉ của trường gửi lại đúng tệp của lần nộp lúc "
            f"{local_time(original.received_at, tz)}, là bản sao: không thay bản trường đã gửi sau đó"
        )
    if sub.content == original.content or sub.forwards.sent is None:
        return (
            f"Thư chuyển tiếp, là bản sao của lần nộp lúc {local_time(original.received_at, tz)}: không thay "
            "bản trường đã gửi sau đó"
        )
    return (
        f"Thư chuyển tiếp thư cũ trường viết lúc {local_time(sub.forwards.sent, tz)}, tệp khác các lần nộp, "
        f"là bản sao của lần nộp gần lúc đó nhất (lúc {local_time(original.received_at, tz)}): không thay "
        "bản trường đã gửi sau đó"
    )


def _with_unread(state: str, sub: SubmissionRow) -> str:
    """A readable submission's state, naming the files beside its report that could not be read, and
    saying so when its receipt is its imported file's time (SubmissionRow.file_time)."""
    notes = [f"không đọc được tệp gửi kèm: {', '.join(sub.unread_beside)}"] if sub.unread_beside else []
    notes += [FILE_TIME] if sub.file_time else []
    return "; ".join((state, *notes))


ADDRESS_HEADERS = ("Địa chỉ", "Mã trường", "Trường", "Ghi nhớ từ thư", "Ngày ghi nhớ", "Trạng thái")


def addresses(
    known: Sequence[LearnedAddress],
    taught: Mapping[str, MessageRow],
    config: Config,
    fmt: str,
    of_unit: str = "",
) -> str | bytes:
    """The addresses staff assignments taught, with the message that taught each; of_unit: the name of
    the unit they were narrowed to, which an empty list names."""
    if fmt == "table" and not known:
        whose = f" của các trường do {of_unit} thu báo cáo" if of_unit else ""
        return f"Chưa ghi nhớ địa chỉ nào{whose}. Địa chỉ được ghi nhớ khi gán thư bằng baocao assign."
    rows = []
    for a in known:
        row = taught.get(a.message_key)
        source = f"{a.message_key[:12]} {short(row.subject, 40)}" if row else a.message_key[:12]
        rows.append(
            (
                a.email,
                a.school_id,
                config.name_of(a.school_id),
                source,
                a.created_at,
                "Đang dùng" if a.active else "Đã gỡ",
            )
        )
    records = [
        {
            "email": a.email,
            "school_id": a.school_id,
            "message": a.message_key,
            "learned_at": a.created_at,
            "active": a.active,
        }
        for a in known
    ]
    return listing(ADDRESS_HEADERS, rows, records, fmt, config.district.timezone)
