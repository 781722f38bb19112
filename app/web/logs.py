"""The two logs staff read: mail the office sent (or could not send, and why) and every change staff made."""

from __future__ import annotations

from flask import Blueprint, Response, request

from app.web.render import chosen_unit, page, runtime
from kernel import audit, auditunits
from scheduler.outbox import Outbox, concerns
from scheduler.outgoing import KIND_LABELS, STATE_LABELS, OutboxState

bp = Blueprint("logs", __name__)

SHOWN = 500  # rows a log page lists, the latest first; the page says when there are more


@bp.get("/outbox")
def outbox() -> Response:
    """Sent, waiting and failed mail with the reason, newest first; with ?unit=, the mail of one
    collecting unit's schools and staff (see outbox.concerns)."""
    rt = runtime()
    state = request.args.get("state", "")
    unit = chosen_unit()
    entries = Outbox(rt.store).entries(
        states=[state] if state in set(OutboxState) else None,
        school_id=request.args.get("school") or None,
        limit=SHOWN + 1 if unit is None else None,
    )
    if unit is not None:
        entries = [e for e in entries if concerns(rt.config, unit, e)]
    names = {s.id: s.name for s in rt.config.schools}
    data = {
        "unit": unit,
        "state": state,
        "more": len(entries) > SHOWN,
        "shown": SHOWN,
        "states": [{"id": str(s), "label": STATE_LABELS[s]} for s in OutboxState],
        "entries": [
            {
                "key": e.key,
                "kind": e.kind,
                "kind_label": KIND_LABELS.get(e.kind, e.kind),
                "report_id": e.report_id,
                "year": e.year,
                "school_id": e.school_id,
                "school": names.get(e.school_id or "", ""),
                "to": list(e.to),
                "cc": list(e.cc),
                "subject": e.subject,
                "state": e.state,
                "state_label": e.label,
                "attempts": e.attempts,
                "created_at": e.created_at,
                "sent_at": e.sent_at,
                "next_attempt_at": e.next_attempt_at,
                "last_error": e.last_error,
            }
            for e in entries[:SHOWN]
        ],
    }
    return page("outbox.html", data)


@bp.get("/audit")
def audit_log() -> Response:
    """Who changed what, when and why: decisions on schools and mail, and staff accounts; with
    ?unit=, the changes about one collecting unit's schools and mail (see kernel.auditunits)."""
    rt = runtime()
    target = request.args.get("target") or None
    unit = chosen_unit()
    if unit is None:
        entries = audit.entries(rt.store, target=target, limit=SHOWN + 1)
    else:
        entries = auditunits.of_unit(rt.config, rt.store, unit, audit.entries(rt.store, target=target))
    data = {
        "target": target or "",
        "unit": unit,
        "entries": entries[:SHOWN],
        "more": len(entries) > SHOWN,
        "shown": SHOWN,
    }
    labels = auditunits.labels(rt.config, rt.store, entries[:SHOWN])
    # names: what audit.html calls the schools' names (Entry.about), as offices' own copies of it do too
    return page("audit.html", data, html={"names": rt.config.name_of, "labels": labels})
