"""The consolidated report for scripts: the same data as the draft, every number with its source."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from app.consolidate.model import Awaiting, Consolidated, FigureValue, Remark, SchoolEntry, Source


def as_json(data: Consolidated) -> str:
    tz = data.deadline.tzinfo

    def when(moment: dt.datetime | None) -> str | None:
        return moment.astimezone(tz).isoformat() if moment is not None else None

    def source(s: Source) -> dict[str, Any]:
        return {
            "school_id": s.school_id,
            "message_id": s.message_id,
            "message_key": s.message_key,
            "received_at": when(s.received_at),
            "file": s.file,
            "sentence": s.sentence,
        }

    def value(f: FigureValue) -> dict[str, Any]:
        return {
            "figure_id": f.figure_id,
            "school_id": f.school_id,
            "value": f.value,
            "counted": f.counted,
            "doubts": [{"kind": d.kind, "reason": d.reason} for d in f.doubts],
            "source": source(f.source),
        }

    def school(s: SchoolEntry) -> dict[str, Any]:
        return {
            "school_id": s.school_id,
            "name": s.name,
            "status": s.status,
            "received_at": when(s.received_at),
            "latest_at": when(s.latest_at),
            "submissions": s.submissions,
            "days_late": s.days_late,
            "extended_to": s.extended_to.isoformat() if s.extended_to is not None else None,
            "exempt_sent": when(s.exempt_sent),
            "figures": {f.figure_id: value(f) for f in s.figures},
            "paper": s.paper or None,
            "unreadable": s.unreadable or None,
            "resent_unreadable": (
                {"received_at": when(s.resent_unreadable[0]), "reason": s.resent_unreadable[1]}
                if s.resent_unreadable
                else None
            ),
            # Where the counted report came when another unit than the season's collected the school then,
            # and the note the status says of it; null when the season's unit did (as `baocao status` has it).
            "received_elsewhere": s.elsewhere.as_json(tz) if s.elsewhere is not None else None,
        }

    def remark(r: Remark) -> dict[str, Any]:
        return {"text": r.text, "schools": list(r.school_ids), "sources": [source(s) for s in r.sources]}

    def waiting(a: Awaiting) -> dict[str, Any]:
        return {
            "school_id": a.school_id,
            "message_id": a.message_id,
            "received_at": when(a.received_at),
            "subject": a.subject,
        }

    def ids(schools: tuple[SchoolEntry, ...]) -> list[str]:
        return [s.school_id for s in schools]

    document = {
        "report": data.report_id,
        "title": data.report_title,
        "subject": data.subject,
        "year": data.year,
        "deadline": when(data.deadline),
        "as_of": when(data.as_of),
        "issuer": {"parent": data.issuer.parent, "name": data.issuer.name, "full": data.issuer.full},
        "counts": {
            "required": len(data.required),
            "reported": len(data.reporting),
            # The three add up to reported: on time by the deadline, after it within an extension, late.
            "on_time": len(data.on_time),
            "on_time_by_extension": len(data.on_time_extended),
            "late": len(data.late),
            "missing": len(data.missing),
            "exempt": len(data.exempt),
        },
        "on_time": ids(data.on_time),
        "on_time_by_extension": ids(data.on_time_extended),
        "late": ids(data.late),
        "missing": ids(data.missing),
        "exempt": ids(data.exempt),
        "totals": [
            {
                "figure_id": t.figure_id,
                "title": t.title,
                "total": t.total,
                "schools": t.counted,
                "left_out": [value(f) for f in t.left_out],
            }
            for t in data.totals
        ],
        "schools": [school(s) for s in data.schools],
        "difficulties": [remark(r) for r in data.difficulties],
        "proposals": [remark(r) for r in data.proposals],
        "checks": [value(f) for f in data.checks],
        "unread": [
            {"school_id": u.school_id, "message_id": u.message_id, "reason": u.reason} for u in data.unread
        ],
        "in_review": list(data.in_review),
        "held": [
            {
                "school_id": h.school_id,
                "message_id": h.message_id,
                "received_at": when(h.received_at),
                "cancelled_by": h.note_id,
            }
            for h in data.held
        ],
        "awaiting": [waiting(a) for a in data.awaiting],
        "review_after": [waiting(a) for a in data.review_after],
        "on_paper": ids(data.on_paper),
        "received_elsewhere": ids(data.received_elsewhere),
        "other_season": [
            {
                "school_id": o.school_id,
                "message_id": o.message_id,
                "received_at": when(o.received_at),
                "year": o.year,
            }
            for o in data.other_season
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)
