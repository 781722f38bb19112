"""Status rules: on time by the end of the deadline day in the district's timezone; resubmissions supersede."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from kernel.config import ReportConfig, SchoolConfig
from kernel.status import LATE, MISSING, RECEIVED, report_status
from kernel.store import SubmissionRow
from parsers.document import SectionSpec

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
REPORT = ReportConfig(
    "nq121",
    "Báo cáo NQ121",
    ("121/2020/QH14",),
    10,
    25,
    (14, 7, 3, 1),
    (SectionSpec("chi_dao", "Chỉ đạo", ()), SectionSpec("de_xuat", "Đề xuất", ())),
)
SCHOOLS = (
    SchoolConfig("a", "Trường A", ()),
    SchoolConfig("b", "Trường B", ()),
    SchoolConfig("c", "Trường C", ()),
)


def _sub(school: str, when: dt.datetime, found: tuple[str, ...], year: int = 2021) -> SubmissionRow:
    missing = tuple(s.id for s in REPORT.sections if s.id not in found)
    return SubmissionRow(
        f"k{when.timestamp()}",
        f"{when}@x",
        "nq121",
        year,
        school,
        when,
        "x@y",
        ("f.pdf",),
        found,
        missing,
        {},
        (),
    )


def test_deadline_is_the_end_of_the_day_in_vietnam() -> None:
    last_minute = dt.datetime(2021, 10, 25, 23, 59, tzinfo=HCM)  # 16:59 UTC
    just_after = dt.datetime(2021, 10, 26, 0, 1, tzinfo=HCM)  # still 25/10 in UTC
    status = report_status(
        REPORT, 2021, SCHOOLS, [_sub("a", last_minute, ()), _sub("b", just_after, ())], [], HCM
    )
    assert [s.status for s in status.schools] == [RECEIVED, LATE, MISSING]
    assert status.deadline.isoformat() == "2021-10-25T23:59:59+07:00"


def test_resubmission_supersedes_sections_but_not_the_receipt_time() -> None:
    first = dt.datetime(2021, 10, 20, 8, tzinfo=HCM)
    again = dt.datetime(2021, 10, 28, 8, tzinfo=HCM)
    status = report_status(
        REPORT,
        2021,
        SCHOOLS,
        [_sub("a", again, ("chi_dao", "de_xuat")), _sub("a", first, ("chi_dao",))],
        [],
        HCM,
    )
    a = status.schools[0]
    assert a.status == RECEIVED and a.received_at == first
    assert a.sections_missing == () and len(a.submissions) == 2 and not a.incomplete


def test_other_years_do_not_count() -> None:
    status = report_status(
        REPORT, 2022, SCHOOLS, [_sub("a", dt.datetime(2021, 10, 1, tzinfo=HCM), ())], [], HCM
    )
    assert status.count(MISSING) == 3
