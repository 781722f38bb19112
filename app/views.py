"""Renders a report's status for people (Vietnamese table, CSV) and for scripts (JSON)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from tabulate import tabulate

from kernel.status import LABELS, MISSING, ReportStatus, SchoolStatus


def local_time(when: dt.datetime | None, tz: dt.tzinfo | None) -> str:
    """A moment as staff read it: day/month/year hours:minutes in the district's timezone."""
    return when.astimezone(tz).strftime("%d/%m/%Y %H:%M") if when is not None else ""


def _sections(names: dict[str, str], ids: tuple[str, ...]) -> str:
    return ", ".join(names.get(i, i) for i in ids)


def _rows(status: ReportStatus, schools: list[SchoolStatus]) -> list[list[Any]]:
    names = {s.id: s.title for s in status.report.sections}
    return [
        [
            n,
            s.name,
            LABELS[s.status],
            local_time(s.received_at, status.deadline.tzinfo),
            _sections(names, s.sections_missing) if s.status != MISSING else "",
            len(s.submissions) or "",
        ]
        for n, s in enumerate(schools, 1)
    ]


HEADERS = ["STT", "Trường", "Tình trạng", "Nhận lúc", "Phần còn thiếu", "Số lần gửi"]


def table(
    status: ReportStatus, *, only_missing: bool = False, emails: Mapping[str, Sequence[str]] | None = None
) -> str:
    """The status as a Vietnamese text table; only_missing lists the schools still to report."""
    schools = [s for s in status.schools if s.status == MISSING] if only_missing else list(status.schools)
    deadline = status.deadline.strftime("%d/%m/%Y")
    title = f"{status.report.title} — năm {status.year} (hạn nộp {deadline})"
    if only_missing:
        head = f"{title}\nCòn {len(schools)}/{len(status.schools)} trường chưa nộp báo cáo."
        body = (
            tabulate(
                [
                    [n, s.name, ", ".join((emails or {}).get(s.school_id, ()))]
                    for n, s in enumerate(schools, 1)
                ],
                headers=["STT", "Trường", "Địa chỉ thư"],
            )
            if schools
            else "Tất cả các trường đã nộp."
        )
        return f"{head}\n\n{body}"
    summary = (
        f"Tổng số {len(status.schools)} trường: {status.count('received')} đã nộp đúng hạn, "
        f"{status.count('late')} nộp muộn, {status.count(MISSING)} chưa nộp, "
        f"{sum(1 for s in status.schools if s.incomplete)} thiếu nội dung, {len(status.review)} thư chờ xem xét."
    )
    return f"{title}\n{summary}\n\n{tabulate(_rows(status, schools), headers=HEADERS)}"


def as_json(status: ReportStatus) -> str:
    data = {
        "report": status.report.id,
        "year": status.year,
        "deadline": status.deadline.isoformat(),
        "schools": [
            {
                "school_id": s.school_id,
                "name": s.name,
                "status": s.status,
                "received_at": _iso(s.received_at, status),
                "sections_found": list(s.sections_found),
                "sections_missing": list(s.sections_missing),
                "figures": s.figures,
                "submissions": [
                    {
                        "message_id": sub.message_id,
                        "received_at": _iso(sub.received_at, status),
                        "files": list(sub.files),
                    }
                    for sub in s.submissions
                ],
            }
            for s in status.schools
        ],
        "review": [
            {
                "message_id": r.message_id,
                "from": r.sender,
                "subject": r.subject,
                "reason": r.reason,
                "candidates": list(r.candidates),
            }
            for r in status.review
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def _iso(when: dt.datetime | None, status: ReportStatus) -> str | None:
    return when.astimezone(status.deadline.tzinfo).isoformat() if when else None


def as_csv(status: ReportStatus, *, only_missing: bool = False) -> str:
    schools = [s for s in status.schools if s.status == MISSING] if only_missing else list(status.schools)
    out = io.StringIO()
    writer = csv.writer(out)
    figures = status.report.figures
    writer.writerow(["Mã trường", *HEADERS[1:], *(f.title for f in figures)])
    for s, row in zip(schools, _rows(status, schools), strict=True):
        writer.writerow([s.school_id, *row[1:], *(s.figures.get(f.id, "") for f in figures)])
    return out.getvalue()
