"""What the scheduler's commands print: planned mail and the send log, in Vietnamese or as JSON."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from tabulate import tabulate

from scheduler.jobs import Delivery
from scheduler.outbox import STATE_LABELS, Entry
from scheduler.plan import KIND_LABELS, Outgoing


def _moment(when: dt.datetime | None, tz: ZoneInfo) -> str:
    return when.astimezone(tz).strftime("%H:%M %d/%m/%Y") if when else ""


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def planned(items: Sequence[Outgoing], now: dt.datetime, fmt: str, tz: ZoneInfo) -> str:
    """The mail due at now: a table for people, or a JSON list for scripts."""
    if fmt == "json":
        return json.dumps(
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
            ],
            ensure_ascii=False,
            indent=2,
        )
    when = _moment(now, tz)
    if not items:
        return f"Lúc {when} không có thư nào cần gửi."
    rows = [
        [
            n,
            KIND_LABELS[i.kind],
            i.school_id or "(cán bộ phòng)",
            ", ".join(i.to),
            ", ".join(i.cc),
            _short(i.subject, 70),
        ]
        for n, i in enumerate(items, 1)
    ]
    table = tabulate(rows, headers=["STT", "Loại thư", "Trường", "Gửi đến", "Đồng gửi (CC)", "Tiêu đề"])
    return f"Lúc {when} có {len(items)} thư cần gửi:\n\n{table}"


def delivery_line(result: Delivery) -> str:
    line = f"Đã gửi {result.sent} thư."
    if result.failed:
        line += f" {result.failed} thư chưa gửi được, sẽ được thử lại (xem baocao outbox)."
    if result.deferred:
        line += f" {result.deferred} thư được hoãn vì người nhận đã nhận đủ số thư trong ngày."
    if result.withdrawn:
        line += f" {result.withdrawn} thư nhắc được hủy vì trường đã nộp báo cáo."
    return line


def outbox(entries: Sequence[Entry], fmt: str, tz: ZoneInfo) -> str:
    """The send log, newest first."""
    if fmt == "json":
        return json.dumps(
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
                }
                for e in entries
            ],
            ensure_ascii=False,
            indent=2,
        )
    if not entries:
        return "Chưa có thư nào trong nhật ký gửi thư."
    rows = [
        [
            STATE_LABELS.get(e.state, e.state),
            KIND_LABELS.get(e.kind, e.kind),
            e.school_id or "(cán bộ phòng)",
            ", ".join(e.to),
            _short(e.subject, 50),
            e.attempts,
            _moment(e.sent_at, tz) if e.sent_at else _moment(e.next_attempt_at, tz),
            _short(e.last_error, 60),
        ]
        for e in entries
    ]
    headers = [
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
