"""The mail pages: the review queue, one message as the school wrote it (headers, body, files), its
files for download or preview, and the clerk's decisions on it (assign, reject, the office's own mail).

Files come from the archived raw message, parsed again on each request: the archive is the record.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import filetype
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, send_file, url_for
from werkzeug.routing import PathConverter

from app.web import scope
from app.web import typed as typed_mod
from app.web.hints import on_page
from app.web.refusals import refusal
from app.web.render import bound_unit, chosen_unit, page, person, runtime
from app.web.security import actor, clerk_only, current_user, safe_next
from intake import poller
from intake import review as review_mod
from intake.dates import header_time
from intake.errors import MessageError
from intake.message import Mail, parse
from intake.pipeline import Tally
from intake.readings import recorded_failures
from kernel import audit, decisions, machines, units
from kernel import status as status_mod
from kernel.errors import BaocaoError, ConfigError, StoreError
from kernel.runtime import Runtime
from kernel.store import MessageDecision, MessageRow, MessageState, ReviewRow, Store
from kernel.timefmt import local_time
from parsers import plain
from parsers.document import FailureCode

bp = Blueprint("mail", __name__)

KEY = re.compile(r"^[0-9a-f]{64}$")
MESSAGE_STATES = {
    MessageState.PENDING: "Chưa xử lý xong",
    MessageState.REPORT: "Báo cáo đã ghi nhận",
    MessageState.UNREADABLE: "Báo cáo không đọc được tệp",
    MessageState.REVIEW: "Chờ cán bộ xem xét",
    MessageState.NOISE: "Không phải báo cáo",
    MessageState.FAILED: "Lỗi khi xử lý",
    MessageState.REJECTED: "Cán bộ đã loại",
}


def _state_label(row: MessageRow) -> str:
    """What the pages call a message's state; staff's own mail after whose it is (units.whose_mail)."""
    if row.state == MessageState.INTERNAL:
        return f"Thư của {units.whose_mail(runtime().config, row)}"
    return MESSAGE_STATES.get(row.state, str(row.state))


# The header lines shown first, under the names a clerk reads (the raw lines are under «Mọi dòng đầu thư»).
SHOWN_HEADERS = {
    "from": "Người gửi",
    "to": "Gửi đến",
    "cc": "Đồng gửi",
    "reply-to": "Trả lời về",
    "date": "Ngày gửi",
    "subject": "Tiêu đề",
    "message-id": "Mã thư (Message-ID)",
}
_IMAGES = {"image/png", "image/jpeg", "image/gif", "image/webp"}


@dataclass(frozen=True)
class FileInfo:
    index: int  # the attachment's place in the message, as the file routes name it
    name: str
    content_type: str  # as served: what the bytes are when they can be shown, else a download
    size: int
    preview: str  # "pdf", "image", "text" or "" (download only)
    locked: str = ""  # why it could not be read, when it was recorded locked with a password


def _kind(content_type: str, data: bytes) -> tuple[str, str]:
    """What the bytes really are, by their first bytes, never by the sender's word alone."""
    if data.startswith(b"%PDF-"):
        return "application/pdf", "pdf"
    guessed = filetype.guess_mime(data)
    if guessed in _IMAGES:
        return guessed, "image"
    if content_type == "text/plain":
        return "text/plain", "text"  # served as UTF-8 (_served), which the response says
    return "application/octet-stream", ""


class FileNameConverter(PathConverter):
    """An attachment's name in its file route, as one segment: its slashes written %2F. Written as they
    are, a name holding «/../» («BC NQ121 /../ bản 2.txt») lost its dot segment in the browser, which
    asked for another path: the file could not be opened or downloaded. The name is read back whole."""

    def to_url(self, value: Any) -> str:
        return quote(str(value), safe="!$&'()*+,:;=@")


def _served(data: bytes, preview: str) -> bytes:
    """The bytes to serve: a text file in UTF-8, as the response declares, read as baocao read it. A .txt
    that Notepad saved in ANSI (windows-1258), or typed in TCVN3 or VNI, showed as «Tr�?ng Ti?u h?c»."""
    return plain.decode(data)[0].encode("utf-8") if preview == "text" else data


def _message(key: str) -> MessageRow:
    """The message a route names, when it is there and the account may reach it (scope.message)."""
    if not KEY.match(key):
        abort(404)
    row = runtime().store.message(key)
    if row is None:
        abort(404)
    scope.message(row)
    return row


def _mail(key: str) -> Mail | None:
    """The archived message parsed again; None when it is gone or is no e-mail at all."""
    try:
        return parse(runtime().archive.get(key), fallback_id=key[:24])
    except (StoreError, MessageError):
        return None


def attachments_of(key: str) -> list[FileInfo]:
    mail = _mail(key)
    if mail is None:
        return []
    found = []
    store = runtime().store
    for index, item in enumerate(mail.attachments):
        mime, preview = _kind(item.content_type, item.data)
        # A locked file's preview was the browser's own password prompt: the recorded reason instead.
        locked = _locked(store, item.data)
        found.append(FileInfo(index, item.name, mime, len(item.data), "" if locked else preview, locked))
    return found


def _locked(store: Store, data: bytes) -> str:
    """Why a file could not be read, when reading it found it locked with a password; else ""."""
    return " ".join(f.reason for f in recorded_failures(store, data) if f.code == FailureCode.ENCRYPTED)


def mail_refs(keys: Sequence[str]) -> list[dict[str, Any]]:
    """The recorded ones of these messages as a page links to them: key, subject, sender, time."""
    rows = runtime().store.messages_by_key(keys)
    return [
        {"key": k, "subject": m.subject, "sender": m.sender, "received_at": m.received_at}
        for k in dict.fromkeys(keys)
        if (m := rows.get(k)) is not None
    ]


def cancelling(key: str) -> list[dict[str, Any]]:
    """The notes waiting for staff that ask to cancel this message ("gửi nhầm file, xin Phòng bỏ giúp"),
    while staff have not decided about it: its report is not counted meanwhile (kernel.status.cancelled),
    which the message's page and its school's page say, linking the note."""
    store = runtime().store
    if store.decision(key) is not None:
        return []
    return mail_refs([r.message_key for r in store.reviews() if key in r.withdraws])


def _withdrawn(rt: Runtime, row: ReviewRow) -> tuple[list[str], list[str]]:
    """The messages a withdrawal asks to cancel (ReviewRow.withdraws): those staff have not decided about
    (their reports held), and those they have, after which the note has nothing left to ask."""
    held = status_mod.cancelled(rt.store, [row])
    return [k for k in row.withdraws if k in held], [k for k in row.withdraws if k not in held]


def review_items(
    *, report_id: str | None = None, year: int | None = None, unit: str | None = None
) -> list[dict[str, Any]]:
    """What waits for staff: messages whose school is unsure, messages that failed, were left unfinished
    or whose files could not be read, oldest first; with unit, those that concern it (see
    review.of_unit). A message whose every season's question a later report settled carries what settles
    it ("settled", see kernel.status.Settled): listed and assignable, but not counted as waiting
    (waiting_count)."""
    rt = runtime()
    name_of = rt.config.name_of
    items: dict[str, dict[str, Any]] = {}
    waiting = review_mod.pending(rt, report_id, year)
    # As `baocao review` lists them: a message a killed run left unfinished must not wait unseen.
    failed = review_mod.failed(rt, report_id, year) + review_mod.unfinished(rt)
    if unit is not None:
        waiting, failed = review_mod.of_unit(rt, unit, waiting, failed)
    for r in waiting:
        item = items.setdefault(
            r.message_key,
            {
                "key": r.message_key,
                "kind": "review",
                "sender": r.sender,
                "subject": r.subject,
                "received_at": r.received_at,
                "reason": r.reason,
                "candidates": [],
                "files": list(r.files),
                "settled": None,
                "cancels": [],
                "cancels_done": [],
                "has_report": False,  # a note (claim, request, withdrawal) carries none: see review_actions
            },
        )
        item["has_report"] = item["has_report"] or r.report_id is not None
        for c in r.candidates:
            if c not in [x["id"] for x in item["candidates"]]:
                item["candidates"].append({"id": c, "name": name_of(c)})
    for r in waiting:  # the mail a withdrawal asks to cancel, linked from it, decided or not
        open_keys, done_keys = _withdrawn(rt, r)
        for field, keys in (("cancels", open_keys), ("cancels_done", done_keys)):
            listed = items[r.message_key][field]
            listed += [m for m in mail_refs(keys) if m not in listed]
    _mark_settled(rt, waiting, items)
    schools_of: dict[str, list[str]] = {}
    for sub in rt.store.submissions(report_id=report_id, year=year):
        schools_of.setdefault(sub.message_key, []).append(sub.school_id)
    for m in failed:
        if m.key in items:
            continue
        schools = schools_of.get(m.key, [])
        items[m.key] = {
            "key": m.key,
            "kind": str(m.state),
            "sender": m.sender,
            "subject": m.subject,
            "received_at": m.received_at,
            "reason": m.reason,
            "candidates": [{"id": c, "name": name_of(c)} for c in dict.fromkeys(schools)],
            "files": [],
            "settled": None,
            "cancels": [],
            "cancels_done": [],
            "has_report": True,
        }
    _mark_extended(rt, items)
    seen = audit.latest_ids(rt.store, (f"message:{key}" for key in items))
    rows = rt.store.messages_by_key(items)
    for key, item in items.items():
        item["seen"] = seen.get(f"message:{key}", 0)
        # Who the «Thư của …» button names: a commune's staff have no Phòng.
        row = rows.get(key)
        item["whose"] = (
            units.whose_mail(rt.config, row) if row else units.speaker_on(rt.config, item["received_at"])
        )
        # In the queue, only when several schools' reports wait: one school's is assigned to it.
        item["splits"] = len(item["candidates"]) > 1 and splits(row)
    # As the mail came: that of one second in the order it was first read.
    placed = {key: row.read_order for key, row in rows.items()}
    return sorted(items.values(), key=lambda i: (i["received_at"], placed.get(i["key"], 0)))


def splits(row: MessageRow | None, decision: MessageDecision | None = None) -> bool:
    """Whether the page offers «Tính cho từng trường»: whenever `baocao split` would count the message for
    each school (review.splittable), also once it was assigned to one school, whose warning then says to
    split it; not when it is so counted already (decision)."""
    return row is not None and review_mod.splittable(row) and decision != MessageDecision("split")


def _mark_settled(rt: Runtime, waiting: Sequence[ReviewRow], items: dict[str, dict[str, Any]]) -> None:
    """Note on each item what settles it, when later reports settle every question it waits on."""
    settled = status_mod.settled_reviews(rt.config, rt.store, waiting, rt.clock())
    tz = rt.config.district.timezone
    notes: dict[str, list[str]] = {}
    open_keys = {r.message_key for r in waiting if r not in settled}
    for r in waiting:
        if r in settled and r.message_key not in open_keys:
            notes.setdefault(r.message_key, []).append(settled[r].note(rt.config.name_of, tz))
    for key, texts in notes.items():
        items[key]["settled"] = " ".join(dict.fromkeys(texts))


def _mark_extended(rt: Runtime, items: dict[str, dict[str, Any]]) -> None:
    """Note on each item the extensions in force the office granted its candidate schools after it came
    (kernel.status.Granted: a school's request for more time, granted, still waits until a clerk takes it
    off the queue), each with what staff read of it, as `baocao review` says it."""
    granted = status_mod.extensions_granted(rt.store)
    for item in items.values():
        schools = {c["id"] for c in item["candidates"]}
        item["extended"] = [
            {
                "school_id": g.school_id,
                "name": rt.config.name_of(g.school_id),
                "until": g.until,
                "by": g.by,
                "at": g.at,
                "note": g.note(rt.config, person),
            }
            for g in granted
            if g.after(schools, item["received_at"])
        ]


def waiting_count(items: Sequence[dict[str, Any]]) -> int:
    """How many of the queue's items still wait for staff: those a later report settled do not."""
    return sum(1 for item in items if not item["settled"])


def unread_count(items: Sequence[dict[str, Any]]) -> int:
    """How many of those waiting are mail that failed, was left unfinished or whose report could not be
    read: counted in the page's number, which `baocao review` lists apart, first, and `baocao status`
    leaves out of its «thư chờ xem xét» (it counts those schools as «không đọc được tệp»)."""
    return sum(1 for item in items if not item["settled"] and item["kind"] != "review")


@bp.get("/review")
def review() -> Response:
    """The review queue: each message with its reason and candidates, resolved in one click; with
    ?unit=, only the mail that concerns that collecting unit."""
    unit = chosen_unit()
    items = review_items(unit=unit)
    data = {
        "unit": unit,
        "items": items,
        "waiting": waiting_count(items),
        "unread": unread_count(items),
        "can_change": current_user().can_change,
        "schools": _school_list(),
    }
    return page("review.html", data, html={"typed": _typed({i["key"] for i in items})})


def _typed(keys: Collection[str]) -> dict[str, Mapping[str, str]]:
    """What was typed in the «Gán» form of one of these messages and not recorded (sent after the
    session ended), by the message's key, to be filled in again."""
    kept = typed_mod.taken()
    return {k: kept.fields for k in keys if kept is not None and kept.action == url_for("mail.assign", key=k)}


def _school_list() -> list[dict[str, str]]:
    """The schools the assign form offers: every school, or for an account bound to a unit those its unit
    has collected at any time (the only ones scope.school_for_mail lets it give mail to)."""
    unit = bound_unit()
    schools = runtime().config.schools
    if unit is not None:
        schools = tuple(s for s in schools if s.collected_by(unit))
    return [{"id": s.id, "name": s.name} for s in schools]


@bp.get("/messages/<key>")
def message(key: str) -> Response:
    """One message as the school wrote it, what the office made of it, and what can be done."""
    rt = runtime()
    row = _message(key)
    mail = _mail(key)
    if row.state == MessageState.PENDING and mail is not None:
        # Not read through (a run killed while reading it): named from its header, as the review queue
        # names it; the sender and subject are recorded with the outcome.
        row = replace(row, message_id=mail.message_id, sender=mail.sender, subject=mail.subject)
    headers = list(mail.headers) if mail else []
    decision = rt.store.decision(key)
    # A report of a school config.toml has since merged away (or taken off) waits in the queue with a
    # reason no row stores: the clerk who opens the message must read it here too.
    orphans = status_mod.orphaned(rt.config, rt.store, rt.clock(), message_keys=[key])
    data = {
        "message": {
            "key": row.key,
            "message_id": row.message_id,
            "sender": row.sender,
            "subject": row.subject,
            "received_at": row.received_at,
            "state": row.state,
            "state_label": _state_label(row),
            "whose": units.whose_mail(rt.config, row),  # who the «Thư của …» button names
            "reason": row.reason,
            "warnings": list(row.warnings),
            "forwarded_from": list(row.forwarded_from),
            "automatic": row.automatic,
            "internal": row.internal,
            "splits": splits(row, decision),
        },
        "headers": [
            {"name": k, "label": SHOWN_HEADERS[k], "value": v, "shown": _shown(k, v)}
            for k, v in headers
            if k in SHOWN_HEADERS
        ],
        "all_headers": [{"name": k, "value": v} for k, v in headers],
        "body": mail.body if mail and mail.body.strip() else "",  # blank lines alone: no text
        "readable": mail is not None,
        "attachments": attachments_of(key),
        "reviews": [
            {
                "report_id": r.report_id,
                "year": r.year,
                "reason": r.reason,
                "candidates": [{"id": c, "name": rt.config.name_of(c)} for c in r.candidates],
                "cancels": mail_refs(open_keys),
                "cancels_done": mail_refs(done_keys),
            }
            for r in [*rt.store.reviews(message_key=key), *orphans]
            for open_keys, done_keys in [_withdrawn(rt, r)]
        ],
        "cancelled_by": cancelling(key),
        "counted": not orphans,
        "submissions": [
            {
                "school_id": s.school_id,
                "name": rt.config.name_of(s.school_id),
                "report_id": s.report_id,
                "year": s.year,
                "readable": s.readable,
                "evidence": list(s.evidence),
            }
            for s in rt.store.submissions(message_keys=[key])
        ],
        "decision": asdict(decision) if decision else None,
        "history": audit.entries(rt.store, target=f"message:{key}"),
        "seen": audit.latest_ids(rt.store, [f"message:{key}"]).get(f"message:{key}", 0),
        "can_change": current_user().can_change,
        "schools": _school_list(),
    }
    # Arriving from «Nhầm? …» after a decision in the queue: the forms to take it back are shown open.
    html = {"change": request.args.get("change") == "1", "typed": _typed([key]).get(key, {})}
    return page("message.html", data, html=html)


def _shown(name: str, value: str) -> str:
    """A header as the page writes it: the sender's Date in the district's time, as every time on
    the page ("20/10/2021 13:27", not "Wed, 20 Oct 2021 13:27:39 +0700"); the rest as sent."""
    if name != "date":
        return value
    tz = runtime().config.district.timezone
    when = header_time(value, tz)
    return value if when is None else local_time(when, tz)


@bp.get("/messages/<key>/raw")
def raw(key: str) -> Response:
    """The message exactly as it arrived (.eml), for a mail reader or a complaint."""
    _message(key)
    try:
        data = runtime().archive.get(key)
    except StoreError:
        abort(404)
    return send_file(
        io.BytesIO(data), mimetype="message/rfc822", as_attachment=True, download_name=f"thu-{key[:12]}.eml"
    )


@bp.get("/files/<key>/<int:index>/<filename:name>")
def attachment(key: str, index: int, name: str) -> Response:
    """One attachment: shown in the browser when it is a PDF, an image or plain text (?inline=1),
    else downloaded; a file locked with a password is always downloaded, as the pages offer it (shown,
    the browser would ask for a password the clerk does not have). Only a file the archived message
    really carries, under its own name."""
    _message(key)
    mail = _mail(key)
    if mail is None or not 0 <= index < len(mail.attachments):
        abort(404)
    item = mail.attachments[index]
    if item.name != name:
        abort(404)
    mime, preview = _kind(item.content_type, item.data)
    inline = bool(preview) and request.args.get("inline") == "1" and not _locked(runtime().store, item.data)
    data = _served(item.data, preview)
    response = send_file(io.BytesIO(data), mimetype=mime, as_attachment=not inline, download_name=name)
    response.headers["Cache-Control"] = "private, no-store"
    return response


# -- the clerk's decisions on a message --------------------------------------------------------------


def _done(key: str, text: str, ok: bool) -> Response:
    """htmx on the queue gets the sentence to put in place of the item, and the queue's new count for
    the navigation bar and the queue's title (the count of the unit of the page, as there); a plain
    form post goes back where it was, and so does htmx anywhere else: a message's page shows the
    message's state in several places, which a swap of the item alone left saying what it was."""
    target = safe_next(request.form.get("next", ""), url_for("mail.message", key=key))
    in_queue = urlsplit(target).path == url_for("mail.review")
    if request.headers.get("HX-Request") and in_queue:
        unit = bound_unit() or parse_qs(urlsplit(target).query).get("unit", [""])[0]
        if unit not in {u.id for u in runtime().config.units}:
            unit = ""
        items = review_items(unit=unit or None)
        html = render_template(
            "_done.html",
            text=text,
            ok=ok,
            key=key,
            unit=unit or None,
            count=waiting_count(items),
            unread=unread_count(items),
        )
        return Response(html, mimetype="text/html")
    flash(text, "ok" if ok else "error")
    if request.headers.get("HX-Request"):
        return Response(headers={"HX-Redirect": target})
    return redirect(target)  # type: ignore[return-value]


def _refused(key: str, not_done: str, error: BaocaoError) -> Response:
    """A decision refused, as the clerk reads it: another decision taken after the page the form came
    from was shown (two clerks on one queue, on two servers, or the command line meanwhile) says who
    decided what and when; anything else as refusals.refusal says it."""
    if not isinstance(error, review_mod.ChangedMeanwhileError):
        return _done(key, refusal(not_done, error), False)
    entry = error.entry
    when = local_time(entry.at, runtime().config.district.timezone)
    return _done(
        key,
        f"Chưa ghi: trong lúc trang này đang mở, {person(entry.actor)} đã {error.what} lúc {when} "
        f"({entry.detail}). Tải lại trang để xem thư như hiện tại rồi quyết định.",
        False,
    )


def _seen() -> int | None:
    """The id of the message's latest audit entry when the page the form came from was shown (see
    review._decide): 0 for a value that is none (a form altered by hand), None for a form that does not
    say what it saw (an office's own template from before)."""
    seen = request.form.get("seen")
    if seen is None:
        return None
    return int(seen) if seen.strip().isdecimal() else 0


@bp.post("/messages/<key>/assign")
@clerk_only
def assign(key: str) -> Response:
    row = _message(key)
    report_id = request.form.get("report_id", "").strip() or None
    year = request.form.get("year", "").strip()
    if year and not year.isdecimal():  # isdigit() lets superscripts through, which int() refuses
        return _done(key, f"Chưa gán được: năm báo cáo «{year}» không phải một năm, ví dụ 2025.", False)
    reports = [r.id for r in runtime().config.reports]
    if report_id is not None and report_id not in reports:  # a form altered: said without the config's path
        known = ", ".join(reports)
        return _done(
            key, f"Chưa gán được: không có báo cáo «{report_id}»; các báo cáo đang thu: {known}.", False
        )
    try:
        school_id = _chosen_school()
        scope.school_for_mail(school_id, report_id, int(year) if year else None, row.received_at)
        done = review_mod.assign(
            runtime(),
            key,
            school_id,
            by=actor(),
            why=request.form.get("why", ""),
            year=int(year) if year else None,
            report_id=report_id,
            seen=_seen(),
        )
    except BaocaoError as e:
        return _refused(key, "Chưa gán được", e)
    config = runtime().config
    name = config.school(school_id).name
    if done.unchanged:
        return _done(key, f"Thư đã được gán cho {name} từ trước; không ghi gì thêm.", True)
    if report_id:  # «Đã gán thư cho Trường …: Báo cáo kết quả công tác y tế trường học năm 2021.»
        text = f"Đã gán thư cho {name}: {config.report(report_id).title}" + (
            f" năm {int(year)}." if year else "."
        )
    else:
        text = f"Đã gán thư cho {name}" + (f", báo cáo năm {int(year)}." if year else ".")
    text += "".join(f" {said}" for said in done.says(config, school_id))
    return _done(key, on_page(text, units.whose_mail(config, row)), True)


def _chosen_school() -> str:
    """The id of the school the assign form names: chosen in its list (school_id: the message's candidate
    schools, or any school once the page's script filled it from the shared list) or typed in the box
    beside it (school: an id or a whole name, as the shared list offers them; see review.school_named).
    Both filled naming two schools, or neither filled, is refused: the clerk chooses again."""
    chosen = {
        review_mod.school_named(runtime(), value).id
        for value in (request.form.get("school_id", ""), request.form.get("school", ""))
        if value.strip()
    }
    if not chosen:
        raise decisions.DecisionError("chưa chọn trường. Chọn trong danh sách hoặc gõ tên hay mã trường.")
    if len(chosen) > 1:
        names = " và ".join(runtime().config.school(s).name for s in sorted(chosen))
        raise review_mod.AmbiguousSchoolError(
            f"ô chọn trường và ô gõ tên trường ghi hai trường khác nhau ({names}); chỉ chọn một trường."
        )
    return chosen.pop()


@bp.post("/messages/<key>/split")
@clerk_only
def split(key: str) -> Response:
    row = _message(key)
    try:
        for r in runtime().store.reviews(message_key=key):  # each school gets its report: all the unit's
            for school_id in r.candidates:
                scope.school_for_mail(school_id, r.report_id, r.year, row.received_at)
        done = review_mod.split(runtime(), key, by=actor(), why=request.form.get("why", ""), seen=_seen())
    except BaocaoError as e:
        return _refused(key, "Chưa tính được", e)
    if done.unchanged:
        return _done(key, "Thư đã được tính cho từng trường từ trước; không ghi gì thêm.", True)
    config = runtime().config
    said = " ".join(done.says(config))
    return _done(key, on_page(f"Đã tính thư cho từng trường. {said}", units.whose_mail(config, row)), True)


@bp.post("/messages/<key>/reject")
@clerk_only
def reject(key: str) -> Response:
    return _take_out(key, review_mod.reject, "Đã loại thư khỏi danh sách báo cáo.", "Chưa loại được")


@bp.post("/messages/<key>/internal")
@clerk_only
def internal(key: str) -> Response:
    return _take_out(key, review_mod.mark_internal, "Đã ghi đây là thư của chính {whose}.", "Chưa ghi được")


def _take_out(key: str, take: Callable[..., review_mod.Withdrawn], done_text: str, failed: str) -> Response:
    """Reject a message, or mark it the office's own (take), unless another decision came meanwhile
    (review._decide)."""
    _message(key)
    try:
        done = take(runtime(), key, by=actor(), why=request.form.get("why", ""), seen=_seen())
    except BaocaoError as e:
        return _refused(key, failed, e)
    if done.unchanged:
        return _done(key, "Thư đã được ghi như vậy từ trước; không ghi gì thêm.", True)
    said = "".join(f" {sentence}" for sentence in done.says(runtime().config))
    return _done(key, on_page(done_text.format(whose=done.whose) + said, done.whose), True)


@bp.post("/messages/<key>/reprocess")
@clerk_only
def reprocess(key: str) -> Response:
    """Read one message again with the current config and rules, as `baocao reprocess` does (the same
    function), after an administrator fixed what made it fail; staff's decisions on it are kept."""
    row = _message(key)
    rt = runtime()
    try:
        machines.agree(rt.store, rt.config)
    except ConfigError as e:
        return _done(key, f"Chưa xử lý lại: {e}", False)
    tally = Tally()
    poller.reprocess_rows(rt, [key], threading.Event(), tally, lambda done, total: None)
    if tally.missing:
        return _done(
            key,
            f"Chưa xử lý lại được: thư không còn bản gốc trong kho lưu trữ {rt.archive.root}, tình trạng đã "
            "ghi giữ nguyên. Chạy baocao rescan để tải lại thư từ hộp thư (hoặc chép lại kho lưu trữ từ bản "
            "sao lưu), rồi bấm lại.",
            False,
        )
    if tally.damaged:
        return _done(
            key,
            f"Chưa xử lý lại được: tệp thư gốc {tally.damaged[0]} trong kho lưu trữ bị hỏng, tình trạng đã ghi "
            "giữ nguyên. Chép lại tệp này từ bản sao lưu, hoặc chạy baocao rescan nếu thư vẫn còn trong hộp "
            "thư, rồi bấm lại.",
            False,
        )
    after = rt.store.message(key) or row
    label = _state_label(after)
    subject = f"«{row.subject}»" if row.subject else "(không tiêu đề)"
    audit.write(
        rt.store,
        at=rt.clock(),
        actor=actor(),
        action="reprocess",
        target=f"message:{key}",
        detail=f"Thư {subject} từ {row.sender or 'không rõ'}: xử lý lại, kết quả «{label}»",
    )
    failed = after.state == MessageState.FAILED
    text = f"Đã xử lý lại thư, kết quả: {label}." + (
        f" {on_page(after.reason, units.whose_mail(rt.config, after))}" if failed else ""
    )
    return _done(key, text, not failed)
