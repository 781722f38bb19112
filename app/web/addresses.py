"""A school's learned addresses on its page: when and from which mail staff taught each, and forgetting
one there, as `baocao addresses --forget` does (intake.review.forget writes the same audit entry)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, request, url_for

from app.web import hints, scope
from app.web.refusals import refusal
from app.web.render import runtime
from app.web.security import actor, clerk_only
from intake import datedties
from intake import review as review_mod
from kernel.config import ConfigError
from kernel.errors import BaocaoError
from kernel.runtime import Runtime
from kernel.seasons import year_problem
from kernel.store import DatedTie, LearnedAddress

bp = Blueprint("addresses", __name__)


def of_school(rt: Runtime, school_id: str) -> list[dict[str, Any]]:
    """The addresses staff taught for the school, newest first, the forgotten ones too: each with when it
    was learned, the mail that taught it, and whether mail of closed seasons received while it stood keeps
    counting (kept: forgotten without reading every season again). An address that moved on to another
    school is listed with when its tie here ended (ended) and whose it is now (now_with); mail of closed
    seasons it credited here keeps counting, and nothing here can forget it. reread: what reading every
    season's mail again here does when the address was learned for other schools too (_reread)."""
    history = review_mod.learned(rt)
    now = {a.email: a for a in history}
    known = [a for a in history if a.school_id == school_id]
    ties = rt.store.dated_ties(now)
    moved = [t for t in ties if t.school_id == school_id and now[t.email].school_id != school_id]
    taught = rt.store.messages_by_key([*(a.message_key for a in known), *(t.message_key for t in moved)])
    ended = {(t.email, t.message_key): t.ended_at for t in ties}
    rows = [
        {
            "email": a.email,
            "learned_at": a.created_at,
            "message_key": a.message_key,
            "subject": taught[a.message_key].subject if a.message_key in taught else "",
            "active": a.active,
            "kept_until": None if a.active else ended.get((a.email, a.message_key)),
            "ended": None,
            "now_with": None,
            "reread": _reread(rt, school_id, a, [t for t in ties if t.email == a.email]),
        }
        for a in known
    ]
    rows += [
        {
            "email": t.email,
            "learned_at": t.learned_at,
            "message_key": t.message_key,
            "subject": taught[t.message_key].subject if t.message_key in taught else "",
            "active": False,
            "kept_until": None,
            "ended": t.ended_at,
            "now_with": rt.config.name_of(now[t.email].school_id) if now[t.email].active else None,
            "reread": "",
        }
        for t in moved
    ]
    return sorted(rows, key=lambda r: (r["learned_at"], r["email"]), reverse=True)


def _reread(rt: Runtime, school_id: str, address: LearnedAddress, ties: list[DatedTie]) -> str:
    """What reading every season's mail from the school's address again does (its form says): mail credited
    to this school only, where the address was learned for other schools too; "" where it was not."""
    here = rt.config.name_of(school_id)
    others = [s for s in datedties.spans(address, ties) if s.school_id != school_id]
    if not others:
        return ""
    return (
        f"Đọc lại cả thư của các đợt đã khép lại đã được tính cho {here} (địa chỉ bị ghi nhớ nhầm cho trường "
        f"này); địa chỉ cũng đã được ghi nhớ cho {review_mod.ties_note(others, rt.config)}: thư của trường ấy "
        "vẫn được tính như trước"
    )


@bp.post("/schools/<school_id>/addresses/forget")
@clerk_only
def forget(school_id: str) -> Response:
    """Forget one of the school's learned addresses (all_seasons: read its mail of every season again,
    also when it was forgotten before), once the clerk ticked the confirmation."""
    rt = runtime()
    try:
        rt.config.school(school_id)
        report = rt.config.report(request.form.get("report", ""))
    except ConfigError:
        abort(404)
    year = request.form.get("year", type=int) or abort(400)
    if year_problem(year):
        abort(400)
    scope.school(school_id, report, year)
    back = redirect(url_for("season.school", school_id=school_id, report=report.id, year=year))
    email = request.form.get("email", "").strip().lower()
    all_seasons = bool(request.form.get("all_seasons"))
    shown = [a for a in of_school(rt, school_id) if a["email"] == email and a["ended"] is None]
    if not shown or not (shown[0]["active"] or (all_seasons and shown[0]["kept_until"])):
        flash(
            f"Chưa gỡ: địa chỉ {email} không còn được ghi nhớ cho trường này (có thể người khác vừa gỡ hoặc "
            "gán thư sang trường khác). Xem lại danh sách địa chỉ bên dưới.",
            "error",
        )
        return back  # type: ignore[return-value]
    if not request.form.get("confirm"):
        flash(f"Chưa gỡ địa chỉ {email}: hãy đánh dấu ô xác nhận rồi bấm lại.", "error")
        return back  # type: ignore[return-value]
    try:
        gone = review_mod.forget(rt, email, by=actor(), all_seasons=all_seasons, schools=(school_id,))
    except BaocaoError as e:
        flash(refusal("Chưa gỡ được", e), "error")
        return back  # type: ignore[return-value]
    said = review_mod.forgotten_note(gone, all_seasons, rt.config)
    flash(" ".join(hints.on_page(s, "") for s in said), "ok")
    return back  # type: ignore[return-value]
