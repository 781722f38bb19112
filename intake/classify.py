"""Decides whether a message is a submission of a configured report, and for which year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from intake.config import ReportConfig
from intake.message import Mail
from parsers.document import Document
from parsers.text import fold


@dataclass(frozen=True)
class Classification:
    is_report: bool
    report_id: str | None
    year: int | None
    reason: str  # Vietnamese, shown to staff


def classify(
    mail: Mail, documents: Sequence[Document], reports: Sequence[ReportConfig], received_at: dt.datetime
) -> Classification:
    haystack = fold(
        " ".join([mail.subject, mail.body, *(d.name for d in documents), *(d.text for d in documents)])
    )
    for report in reports:
        if any(fold(k) in haystack for k in report.keywords):
            return Classification(True, report.id, received_at.year, f"Khớp từ khóa của báo cáo {report.id}")
    return Classification(False, None, None, "Không phải báo cáo cần thu")
