"""Status rules: on time by the end of the deadline day in the district's timezone; resubmissions supersede."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

from kernel.config import ReportConfig, SchoolConfig
from kernel.status import SchoolState, report_status
from kernel.store import ReviewRow, SubmissionKind, SubmissionRow
from parsers.document import SectionSpec

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
RECEIVED, LATE, MISSING, UNREADABLE = (
    SchoolState.RECEIVED,
    SchoolState.LATE,
    SchoolState.MISSING,
    SchoolState.UNREADABLE,
)
LATER = dt.datetime(2030, 1, 1, tzinfo=HCM)  # a moment after every submission of these tests
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


def _sub(
    school: str, when: dt.datetime, found: tuple[str, ...], year: int = 2021, *, readable: bool = True
) -> SubmissionRow:
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
        kind=SubmissionKind.REPORT if readable else SubmissionKind.UNREADABLE,
        problems=() if readable else ("Tệp f.pdf được bảo vệ bằng mật khẩu.",),
    )


def test_deadline_is_the_end_of_the_day_in_vietnam() -> None:
    last_minute = dt.datetime(2021, 10, 25, 23, 59, tzinfo=HCM)  # 16:59 UTC
    just_after = dt.datetime(2021, 10, 26, 0, 1, tzinfo=HCM)  # still 25/10 in UTC
    status = report_status(
        REPORT, 2021, SCHOOLS, [_sub("a", last_minute, ()), _sub("b", just_after, ())], [], HCM, LATER
    )
    assert [s.status for s in status.schools] == [RECEIVED, LATE, MISSING]
    assert status.deadline.isoformat() == "2021-10-25T23:59:59+07:00"


def test_a_report_received_in_the_last_second_of_the_deadline_day_is_on_time() -> None:
    """A report imported from a file whose time (its receipt when no header gives one) was 23:59:59.6 on
    the deadline day showed «Nộp muộn» beside «25/10/2021 23:59»: the deadline was the day's last whole
    second, and a fraction of a second past it counted as the next day."""
    last_second = dt.datetime(2021, 10, 25, 23, 59, 59, 600000, tzinfo=HCM)
    next_day = dt.datetime(2021, 10, 26, 0, 0, 0, 100000, tzinfo=HCM)
    status = report_status(
        REPORT, 2021, SCHOOLS, [_sub("a", last_second, ()), _sub("b", next_day, ())], [], HCM, LATER
    )
    assert [s.status for s in status.schools] == [RECEIVED, LATE, MISSING]


def test_the_status_as_of_the_deadline_day_counts_a_report_received_in_its_last_second() -> None:
    """`baocao status --as-of 25/10/2021` (what staff ask to learn who had not reported by the deadline)
    reads the day's end as 23:59:59 and left out a report received at 23:59:59.6, on time by the status
    of any later moment: the school was «Chưa nộp» as of the deadline and «Đã nộp» (on time) after it."""
    last_second = dt.datetime(2021, 10, 25, 23, 59, 59, 600000, tzinfo=HCM)
    end_of_day = dt.datetime(2021, 10, 25, 23, 59, 59, tzinfo=HCM)  # timefmt.parse_moment's day end
    status = report_status(REPORT, 2021, SCHOOLS, [_sub("a", last_second, ())], [], HCM, end_of_day)
    assert [s.status for s in status.schools] == [RECEIVED, MISSING, MISSING]


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
        LATER,
    )
    a = status.schools[0]
    assert a.status == RECEIVED and a.received_at == first
    assert a.sections_missing == () and len(a.submissions) == 2 and not a.incomplete


def test_other_years_do_not_count() -> None:
    status = report_status(
        REPORT, 2022, SCHOOLS, [_sub("a", dt.datetime(2021, 10, 1, tzinfo=HCM), ())], [], HCM, LATER
    )
    assert status.count(MISSING) == 3


def test_a_school_whose_only_mail_could_not_be_read_is_unreadable_not_received() -> None:
    """A password-protected PDF under a cover note used to count the school as having reported."""
    when = dt.datetime(2021, 10, 20, 8, tzinfo=HCM)
    status = report_status(REPORT, 2021, SCHOOLS, [_sub("a", when, (), readable=False)], [], HCM, LATER)
    a = status.schools[0]
    assert a.status == UNREADABLE and a.owing and a.received_at == when
    assert a.problems == ("Tệp f.pdf được bảo vệ bằng mật khẩu.",)
    assert [s.school_id for s in status.owing] == ["a", "b", "c"]


def test_a_readable_resend_supersedes_the_unreadable_mail_and_is_dated_by_itself() -> None:
    broken = dt.datetime(2021, 10, 20, 8, tzinfo=HCM)
    resent = dt.datetime(2021, 10, 27, 8, tzinfo=HCM)
    status = report_status(
        REPORT,
        2021,
        SCHOOLS,
        [_sub("a", broken, (), readable=False), _sub("a", resent, ("chi_dao", "de_xuat"))],
        [],
        HCM,
        LATER,
    )
    a = status.schools[0]
    assert a.status == LATE and a.received_at == resent and not a.problems and not a.owing


def test_an_unreadable_resend_does_not_undo_a_report_already_read() -> None:
    read = dt.datetime(2021, 10, 20, 8, tzinfo=HCM)
    broken = dt.datetime(2021, 10, 21, 8, tzinfo=HCM)
    status = report_status(
        REPORT,
        2021,
        SCHOOLS,
        [_sub("a", read, ("chi_dao",)), _sub("a", broken, (), readable=False)],
        [],
        HCM,
        LATER,
    )
    assert status.schools[0].status == RECEIVED and status.schools[0].sections_found == ("chi_dao",)


def test_a_status_as_of_a_moment_sees_only_mail_received_by_then() -> None:
    """remind --as-of counted reports that arrived after that moment."""
    early = dt.datetime(2021, 10, 20, 8, tzinfo=HCM)
    late = dt.datetime(2021, 10, 30, 8, tzinfo=HCM)
    subs = [_sub("a", early, ()), _sub("b", late, ())]
    at_deadline = report_status(
        REPORT, 2021, SCHOOLS, subs, [], HCM, dt.datetime(2021, 10, 25, 23, 59, tzinfo=HCM)
    )
    now = report_status(REPORT, 2021, SCHOOLS, subs, [], HCM, LATER)
    assert [s.status for s in at_deadline.schools] == [RECEIVED, MISSING, MISSING]
    assert [s.status for s in now.schools] == [RECEIVED, LATE, MISSING]


def test_a_supplement_of_one_section_completes_the_report_and_keeps_its_figures() -> None:
    """A school sent its report without "Đề xuất", then a supplement holding only that section: the
    status took the supplement alone as the report, so the school showed three sections missing and
    no key figures, and the consolidated report left its figures out of the totals."""
    first = dt.datetime(2021, 10, 20, 8, tzinfo=HCM)
    supplement = dt.datetime(2021, 10, 21, 8, tzinfo=HCM)
    report = dataclasses.replace(
        _sub("a", first, ("chi_dao",)), figures={"buoi": {"value": 12, "sentence": "12 buổi"}}
    )
    status = report_status(
        REPORT, 2021, SCHOOLS, [report, _sub("a", supplement, ("de_xuat",))], [], HCM, LATER
    )
    a = status.schools[0]
    assert a.sections_found == ("chi_dao", "de_xuat") and a.sections_missing == () and not a.incomplete
    assert a.figures == {"buoi": 12} and a.stating("buoi") == report and a.figures_to_check == {}


def test_a_correction_states_the_figures_that_count() -> None:
    """A "báo cáo thay thế" with other figures replaces the earlier values it states. A figure it does not
    state keeps the earlier value, but to be checked: the school's whole new version may correct it where
    it could not be read (a table), and the old value, which the school had called wrong, was counted."""
    first = dt.datetime(2021, 10, 20, 8, tzinfo=HCM)
    again = dt.datetime(2021, 10, 27, 8, tzinfo=HCM)
    old = dataclasses.replace(
        _sub("a", first, ("chi_dao", "de_xuat")),
        figures={"buoi": {"value": 12, "sentence": "12 buổi"}, "vu": {"value": 0, "sentence": "0 vụ"}},
    )
    new = dataclasses.replace(
        _sub("a", again, ("chi_dao", "de_xuat")), figures={"buoi": {"value": 15, "sentence": "15 buổi"}}
    )
    a = report_status(REPORT, 2021, SCHOOLS, [old, new], [], HCM, LATER).schools[0]
    assert a.status == RECEIVED and a.figures == {"buoi": 15, "vu": 0}
    assert list(a.figures_to_check) == ["vu"]
    assert (
        "bản gửi ngày 27/10/2021, đủ các phần và thay bản trước, không ghi số này" in a.figures_to_check["vu"]
    )


def _waiting(key: str, when: dt.datetime, *candidates: str) -> ReviewRow:
    """A draft of this season, sent for comment, waiting for staff."""
    reason = "Trường ghi đây là bản nháp, chưa phải báo cáo chính thức: «Dự thảo báo cáo NQ121»."
    return ReviewRow(key, f"{key}@x", "nq121", 2021, "x@y", "Dự thảo", when, reason, candidates, ("f.docx",))


def test_a_draft_its_schools_later_report_settles_no_longer_waits() -> None:
    """A school's draft stayed waiting after its signed report was counted: it was counted among the mail
    waiting, held the school and marked it as having mail waiting to the end of the season. The later
    report settles it (kept apart, naming that report); a draft sent after the report, a draft of a
    school that has not reported, and one that may be another school's too still wait."""
    draft, report, again = (dt.datetime(2021, 10, d, 8, tzinfo=HCM) for d in (12, 15, 20))
    rows = [_waiting("a1", draft, "a"), _waiting("a2", again, "a"), _waiting("b1", draft, "b")]
    rows.append(_waiting("ac", draft, "a", "c"))
    status = report_status(REPORT, 2021, SCHOOLS, [_sub("a", report, ("chi_dao",))], rows, HCM, LATER)
    [settled] = status.settled
    assert settled.review.message_key == "a1" and [s.received_at for s in settled.by] == [report]
    assert "Trường A (15/10/2021 08:00)" in settled.note(lambda school_id: {"a": "Trường A"}[school_id], HCM)
    assert [r.message_key for r in status.review] == ["a2", "b1", "ac"]
    assert [r.message_key for r in status.waiting_for("a")] == ["a2", "ac"]
    earlier = report_status(REPORT, 2021, SCHOOLS, [_sub("a", report, ())], rows[:1], HCM, LATER)
    assert not earlier.in_review and earlier.waiting_for("a") == ()


def test_a_draft_sent_on_time_before_a_late_report_still_waits() -> None:
    """Counted instead of the late report, a draft sent by the deadline would make the school's report
    on time: the clerk decides, so it still waits."""
    draft, late = dt.datetime(2021, 10, 24, 8, tzinfo=HCM), dt.datetime(2021, 10, 27, 8, tzinfo=HCM)
    status = report_status(
        REPORT, 2021, SCHOOLS, [_sub("a", late, ())], [_waiting("a1", draft, "a")], HCM, LATER
    )
    assert status.schools[0].status == LATE
    assert not status.settled and [r.message_key for r in status.review] == ["a1"]


def test_a_schools_note_of_no_season_is_settled_by_its_later_report_unless_late() -> None:
    """A school's word that it sent the report, or that it sent it by Zalo, names no season: it waited
    (marking the school) after the report it spoke of came. A later report settles it as it settles a
    draft; a request for more time sent by the deadline, before a late report, still waits: granting it
    would make the report on time."""
    note = dataclasses.replace(
        _waiting("z", dt.datetime(2021, 10, 20, 8, tzinfo=HCM), "a"), report_id=None, year=None
    )
    asks = dataclasses.replace(note, message_key="x", candidates=("b",))
    subs = [
        _sub("a", dt.datetime(2021, 10, 22, 8, tzinfo=HCM), ()),
        _sub("b", dt.datetime(2021, 10, 27, tzinfo=HCM), ()),
    ]
    status = report_status(REPORT, 2021, SCHOOLS, subs, [note, asks], HCM, LATER)
    assert [s.review.message_key for s in status.settled] == ["z"]
    assert status.waiting_for("a") == () and [r.message_key for r in status.waiting_for("b")] == ["x"]
