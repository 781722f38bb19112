"""The office's decisions over SQLite and PostgreSQL: what they do to the status, how they are undone,
and that each one says who took it, when and why."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading

import pytest

from kernel import audit, decisions
from kernel.config import Config
from kernel.decisions import DecisionError, DecisionKind
from kernel.status import ReportStatus, SchoolState, report_status
from kernel.store import Store, SubmissionRow

NOW = dt.datetime(2021, 11, 1, 2, 0, tzinfo=dt.UTC)


def _report(school_id: str, when: dt.datetime) -> SubmissionRow:
    return SubmissionRow(
        f"k-{school_id}", f"{school_id}@x", "nq121", 2021, school_id, when, "", ("bc.pdf",), (), (), {}, ()
    )


def _status(config: Config, store: Store, subs: list[SubmissionRow]) -> ReportStatus:
    decided = decisions.in_force(store, "nq121", 2021)
    tz = config.district.timezone
    return report_status(config.reports[0], 2021, config.schools, subs, [], tz, NOW, decisions=decided)


def _state(status: ReportStatus, school_id: str) -> SchoolState:
    return next(s.status for s in status.schools if s.school_id == school_id)


def test_an_extension_makes_a_late_report_on_time_until_it_is_undone(config: Config, store: Store) -> None:
    late = [_report("th-my-an", dt.datetime(2021, 10, 27, 3, 0, tzinfo=dt.UTC))]
    assert _state(_status(config, store, late), "th-my-an") == SchoolState.LATE
    decisions.extend(
        config,
        store,
        report_id="nq121",
        year=2021,
        school_id="th-my-an",
        until=dt.date(2021, 10, 31),
        reason="Trường xin lùi hạn vì ngập lụt",
        by="vanthu",
        now=NOW,
    )
    status = _status(config, store, late)
    mine = next(s for s in status.schools if s.school_id == "th-my-an")
    assert mine.status == SchoolState.RECEIVED
    assert mine.deadline.date() == dt.date(2021, 10, 31) and status.deadline.date() == dt.date(2021, 10, 25)
    decisions.undo(
        config,
        store,
        DecisionKind.EXTENSION,
        report_id="nq121",
        year=2021,
        school_id="th-my-an",
        by="x",
        now=NOW,
    )
    assert _state(_status(config, store, late), "th-my-an") == SchoolState.LATE


def test_an_extension_the_reports_deadline_moved_past_leaves_the_later_deadline(
    config: Config, store: Store
) -> None:
    """A school was given until 28/10; then the office moved the report's deadline to 30/10 in the config.
    Its report of 29/10 stayed late while every school without an extension was on time, and it could
    not be extended again (the new day must be after 30/10). The later deadline counts."""
    common = {"report_id": "nq121", "year": 2021, "school_id": "th-my-an", "by": "vanthu", "now": NOW}
    decisions.extend(config, store, **common, until=dt.date(2021, 10, 28), reason="Hiệu trưởng đi công tác")
    moved = dataclasses.replace(config, reports=(dataclasses.replace(config.reports[0], deadline_day=30),))
    sent = [_report("th-my-an", dt.datetime(2021, 10, 29, 3, 0, tzinfo=dt.UTC))]
    mine = next(s for s in _status(moved, store, sent).schools if s.school_id == "th-my-an")
    assert mine.status == SchoolState.RECEIVED and mine.extension is None
    assert mine.deadline.date() == dt.date(2021, 10, 30)


def test_an_exempt_school_leaves_the_counts_and_the_owing_but_stays_listed(
    config: Config, store: Store
) -> None:
    before = _status(config, store, [])
    decisions.exempt(
        config,
        store,
        report_id="nq121",
        year=2021,
        school_id="mg-tan-long",
        reason="Sáp nhập",
        by="vt",
        now=NOW,
    )
    after = _status(config, store, [])
    assert len(after.expected) == len(before.expected) - 1
    assert "mg-tan-long" in {s.school_id for s in before.owing} - {s.school_id for s in after.owing}
    assert _state(after, "mg-tan-long") == SchoolState.EXEMPT
    assert len(after.schools) == len(before.schools)
    assert decisions.in_force(store, "nq121", 2022).exemptions == {}  # another year is untouched


def test_a_paper_copy_is_recorded_with_its_day_and_who_took_it(config: Config, store: Store) -> None:
    decisions.paper(
        config,
        store,
        report_id="nq121",
        year=2021,
        school_id="th-my-an",
        received_on=dt.date(2021, 10, 22),
        received_by="Lê Thị Thu",
        by="vanthu",
        now=NOW,
    )
    paper = next(s.paper for s in _status(config, store, []).schools if s.school_id == "th-my-an")
    assert paper is not None and paper.summary() == "đã nhận bản giấy ngày 22/10/2021 (Lê Thị Thu)"
    # Seen as of a day before it came («status --as-of 21/10»), the paper copy was already shown received.
    decided = decisions.in_force(store, "nq121", 2021)
    earlier = dt.datetime(2021, 10, 21, 17, 0, tzinfo=config.district.timezone)
    status = report_status(
        config.reports[0], 2021, config.schools, [], [], config.district.timezone, earlier, decisions=decided
    )
    assert next(s.paper for s in status.schools if s.school_id == "th-my-an") is None


@pytest.mark.parametrize(
    ("kind", "values", "error"),
    [
        ("extend", {"until": dt.date(2021, 10, 31), "reason": " "}, "ghi lý do gia hạn"),
        ("extend", {"until": dt.date(2021, 10, 25), "reason": "x"}, "phải sau hạn nộp chung 25/10/2021"),
        ("exempt", {"reason": ""}, "ghi lý do miễn nộp"),
        ("paper", {"received_on": dt.date(2021, 10, 22), "received_by": ""}, "ghi tên người nhận"),
        ("paper", {"received_on": dt.date(2021, 12, 1), "received_by": "Thu"}, "chưa tới"),
    ],
)
def test_a_decision_without_what_it_needs_is_refused_with_a_sentence(
    config: Config, store: Store, kind: str, values: dict, error: str
) -> None:
    take = {"extend": decisions.extend, "exempt": decisions.exempt, "paper": decisions.paper}[kind]
    with pytest.raises(DecisionError, match=error):
        take(config, store, report_id="nq121", year=2021, school_id="th-my-an", by="vt", now=NOW, **values)
    assert decisions.history(store) == []


@pytest.mark.parametrize(
    ("year", "until", "refusal"),
    [
        # Run in December 2022 without naming the year, `extend --until 05/11/2021` was refused with «phải
        # sau hạn nộp chung 25/10/2022», not saying that the 2022 report was meant, nor that the date is
        # 2021's.
        (
            2022,
            dt.date(2021, 11, 5),
            "ngày gia hạn 05/11/2021 phải sau hạn nộp chung 25/10/2022 của báo cáo năm 2022; ngày ấy thuộc đợt "
            "báo cáo năm 2021 (hạn nộp 25/10/2021): kiểm tra lại năm",
        ),
        # `extend --year 2021 --until 19/10/2021` (19 typed for 29) was refused with «ngày ấy thuộc đợt báo
        # cáo năm 2020 … kiểm tra lại năm»: the clerk was sent to change a year that was right.
        (
            2021,
            dt.date(2021, 10, 19),
            "ngày gia hạn 19/10/2021 phải sau hạn nộp chung 25/10/2021 của báo cáo năm 2021",
        ),
    ],
    ids=["last-seasons-date", "mistyped-day"],
)
def test_an_extension_before_the_deadline_names_last_season_only_for_its_dates(
    config: Config, store: Store, year: int, until: dt.date, refusal: str
) -> None:
    with pytest.raises(DecisionError) as refused:
        decisions.extend(
            config,
            store,
            report_id="nq121",
            year=year,
            school_id="th-my-an",
            until=until,
            reason="Ngập lụt",
            by="vt",
            now=NOW,
        )
    assert str(refused.value) == refusal


def test_an_extension_into_the_next_season_is_refused_as_a_mistyped_year(
    config: Config, store: Store
) -> None:
    """An extension of the 2021 report until 05/11/2022 (the year typed wrong) was recorded: the school
    counted as on time for a report a year late, and its overdue reminders stopped for a year."""
    with pytest.raises(DecisionError, match="đã sang đợt báo cáo năm 2022"):
        decisions.extend(
            config,
            store,
            report_id="nq121",
            year=2021,
            school_id="th-my-an",
            until=dt.date(2022, 11, 5),
            reason="Trường xin lùi hạn vì ngập lụt",
            by="vt",
            now=NOW,
        )
    assert decisions.history(store) == []


def test_a_paper_copy_received_before_the_season_is_refused_as_a_mistyped_year(
    config: Config, store: Store
) -> None:
    """A paper copy of the 2021 report recorded as received on 01/01/2019 (the year typed wrong) was
    accepted and shown in the status table and the exports as received in 2019."""
    with pytest.raises(DecisionError, match="còn trước đợt báo cáo năm 2021"):
        decisions.paper(
            config,
            store,
            report_id="nq121",
            year=2021,
            school_id="th-my-an",
            received_on=dt.date(2019, 1, 1),
            received_by="Lê Thị Thu",
            by="vt",
            now=NOW,
        )
    assert decisions.history(store) == []


def test_the_same_decision_sent_twice_is_recorded_once(config: Config, store: Store) -> None:
    """A double click on the exemption form (or the command run again) recorded the decision twice:
    the first one closed as "thay bằng quyết định mới" and two identical lines in the audit log."""
    common = {"report_id": "nq121", "year": 2021, "school_id": "mg-long-thanh-tl", "by": "vt"}
    first = decisions.exempt(config, store, **common, reason="Đã sáp nhập", now=NOW)
    again = decisions.exempt(config, store, **common, reason="Đã sáp nhập", now=NOW + dt.timedelta(seconds=2))
    assert again.id == first.id
    assert [d.id for d in decisions.history(store)] == [first.id]
    assert len(audit.entries(store)) == 1
    changed = decisions.exempt(config, store, **common, reason="Đã sáp nhập vào MG Tân Long", now=NOW)
    assert changed.id != first.id and len(decisions.history(store)) == 2


def test_a_deadline_moved_twice_at_once_gives_each_school_one_extension_and_undoes_cleanly(
    config: Config, store: Store, database_url: str
) -> None:
    """Two clerks (or a double click) moved the deadline for every school at the same moment: each read
    no extension in force and recorded one, so every school had two; undoing the move closed one of each,
    and the schools kept the other, told they were back on «hạn riêng trước đó»."""
    schools = tuple(config.roster(dt.date(2021, 10, 25)))
    move = decisions.DeadlineMove("nq121", 2021, schools, dt.date(2021, 11, 5), "Lũ", "vt", NOW)
    stores = [store, Store.open(database_url)]
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def moved(on: Store) -> None:
        start.wait()
        try:
            decisions.extend_all(config, on, move)
        except BaseException as e:  # a writer SQLite turned away: the test then says so
            errors.append(e)

    threads = [threading.Thread(target=moved, args=(on,)) for on in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stores[1].close()
    assert errors == []
    in_force = [d for d in decisions.history(store) if d.in_force and d.kind == DecisionKind.EXTENSION]
    assert sorted(d.school_id for d in in_force) == sorted(s.id for s in schools)


def test_a_decision_taken_against_what_someone_else_changed_since_is_refused(
    config: Config, store: Store
) -> None:
    """Two clerks had Mỹ An's page open; one extended it to 31/10, then the other, who saw no extension,
    extended it to 05/11 on top, and the first clerk's decision was silently replaced. A decision or an
    undo sent against what is no longer in force (`seen`) is refused and names what changed; the same
    clerk's form sent twice is still recorded once."""
    common = {"report_id": "nq121", "year": 2021, "school_id": "th-my-an", "reason": "Ngập lụt", "now": NOW}
    first = decisions.extend(config, store, **common, until=dt.date(2021, 10, 31), by="vt1", seen=0)
    again = decisions.extend(config, store, **common, until=dt.date(2021, 10, 31), by="vt1", seen=0)
    assert again.id == first.id
    with pytest.raises(decisions.DecidedMeanwhileError) as refused:
        decisions.extend(config, store, **common, until=dt.date(2021, 11, 5), by="vt2", seen=0)
    assert refused.value.who == "vt1" and "gia hạn đến 31/10/2021" in str(refused.value)
    assert [d.id for d in decisions.history(store)] == [first.id]

    undo = {k: v for k, v in common.items() if k != "reason"}
    undone = decisions.undo(config, store, DecisionKind.EXTENSION, **undo, by="vt1", seen=first.id)
    with pytest.raises(decisions.DecidedMeanwhileError) as late:
        decisions.undo(config, store, DecisionKind.EXTENSION, **undo, by="vt2", seen=first.id)
    assert "bỏ quyết định gia hạn đến 31/10/2021" in str(late.value)
    twice = decisions.undo(config, store, DecisionKind.EXTENSION, **undo, by="vt1", seen=first.id)
    assert twice.id == undone.id
    with pytest.raises(decisions.DecidedMeanwhileError):
        decisions.extend(config, store, **common, until=dt.date(2021, 11, 5), by="vt2", seen=first.id)
    assert len(audit.entries(store)) == 2


def test_an_undo_and_a_new_extension_sent_at_once_are_not_both_recorded(
    config: Config, store: Store, database_url: str
) -> None:
    """Two clerks had a school's page showing its extension: one clicked «Bỏ gia hạn» as the other extended it
    further. On PostgreSQL both were accepted: the first was told the extension was withdrawn and the school
    «trở lại hạn trước đó», which was the second clerk's new one she never saw. One of the two is refused."""
    other = Store.open(database_url)
    try:
        for trial in range(6):
            shown = decisions.extend(
                config, store, **_MY_AN, until=dt.date(2021, 10, 26 + trial), reason="Ngập lụt", by="vt1"
            )
            said = _undo_beside_extend(config, store, other, shown.id, dt.date(2021, 11, 10 + trial))
            assert sorted(said.values()) == ["recorded", "refused"], (trial, said)
    finally:
        other.close()


_MY_AN = {"report_id": "nq121", "year": 2021, "school_id": "th-my-an", "now": NOW}


def _undo_beside_extend(
    config: Config, store: Store, other: Store, seen: int, until: dt.date
) -> dict[str, str]:
    """vt1 withdraws the extension seen as vt2 extends it to until, at the same moment: what each was told."""
    start = threading.Barrier(2)
    said: dict[str, str] = {}

    def withdraw() -> None:
        start.wait()
        try:
            decisions.undo(config, store, DecisionKind.EXTENSION, **_MY_AN, by="vt1", seen=seen)
            said["undo"] = "recorded"
        except decisions.DecidedMeanwhileError:
            said["undo"] = "refused"

    def extend() -> None:
        start.wait()
        try:
            decisions.extend(config, other, **_MY_AN, until=until, reason="Xin thêm", by="vt2", seen=seen)
            said["extend"] = "recorded"
        except decisions.DecidedMeanwhileError:
            said["extend"] = "refused"

    threads = [threading.Thread(target=withdraw), threading.Thread(target=extend)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return said


def test_a_missing_reason_is_asked_for_with_an_example_of_its_own_kind(config: Config, store: Store) -> None:
    """An exemption without a reason was asked for one "ví dụ: --reason 'Trường xin lùi hạn'" (an
    extension's reason, in command-line syntax that also showed on the web page)."""
    with pytest.raises(DecisionError) as raised:
        decisions.exempt(
            config, store, report_id="nq121", year=2021, school_id="th-my-an", reason="", by="vt", now=NOW
        )
    assert "Trường đã sáp nhập" in str(raised.value)
    assert "lùi hạn" not in str(raised.value) and "--" not in str(raised.value)


def test_history_keeps_replaced_and_undone_decisions_and_the_audit_log_says_who_and_why(
    config: Config, store: Store
) -> None:
    common = {"report_id": "nq121", "year": 2021, "school_id": "th-my-an"}
    decisions.extend(config, store, **common, until=dt.date(2021, 10, 30), reason="Lần 1", by="a", now=NOW)
    later = NOW + dt.timedelta(hours=1)
    decisions.extend(config, store, **common, until=dt.date(2021, 11, 5), reason="Lần 2", by="b", now=later)
    assert decisions.in_force(store, "nq121", 2021).extensions["th-my-an"].until == dt.date(2021, 11, 5)
    decisions.undo(
        config,
        store,
        DecisionKind.EXTENSION,
        **common,
        by="c",
        now=later + dt.timedelta(hours=1),
        reason="Nhầm",
    )
    # Undoing the extension that replaced another gives that one back as it was decided (by a, at NOW:
    # the school's reminders run from then); whoever undid is in the audit log.
    history = decisions.history(store, school_id="th-my-an")
    assert [(d.reason, d.in_force, d.undone_by, d.decided_by) for d in history] == [
        ("Lần 2", False, "c", "b"),
        ("Lần 1", True, None, "a"),
        ("Lần 1", False, "b", "a"),
    ]
    assert history[1].decided_at == NOW
    assert decisions.in_force(store, "nq121", 2021).extensions["th-my-an"].until == dt.date(2021, 10, 30)
    end = later + dt.timedelta(hours=2)
    decisions.undo(config, store, DecisionKind.EXTENSION, **common, by="c", now=end, reason="Bỏ hẳn")
    with pytest.raises(Exception, match="không có quyết định «gia hạn» nào"):
        decisions.undo(config, store, DecisionKind.EXTENSION, **common, by="c", now=end)
    logged = [(e.actor, e.action, e.reason) for e in audit.entries(store, target="school:th-my-an")]
    assert logged == [
        ("c", "extend-undo", "Bỏ hẳn"),
        ("c", "extend", "Lần 1"),
        ("c", "extend-undo", "Nhầm"),
        ("b", "extend", "Lần 2"),
        ("a", "extend", "Lần 1"),
    ]


def _merged(config: Config) -> Config:
    """The shipped schools with Tiểu học Mỹ Thạnh B merged into Mỹ Thạnh A on 01/07/2021."""
    merged = []
    for school in config.schools:
        if school.id == "th-my-thanh-b":
            [membership] = school.memberships
            school = dataclasses.replace(
                school,
                memberships=(dataclasses.replace(membership, until=dt.date(2021, 6, 30)),),
                merged_into="th-my-thanh-a",
            )
        merged.append(school)
    return dataclasses.replace(config, schools=tuple(merged))


@pytest.mark.parametrize("kind", ["extend", "exempt", "paper"])
def test_a_decision_for_a_school_merged_before_the_season_is_refused_naming_its_successor(
    config: Config, store: Store, kind: str
) -> None:
    """Mỹ Thạnh B merged into Mỹ Thạnh A in July; a clerk granted an extension for that autumn's report
    under Mỹ Thạnh B's id. It was recorded, yet the status, the missing list and the reminders go by the
    season's roster: Mỹ Thạnh A was still listed late and reminded, and nothing showed the decision. A
    decision for a school that does not owe the season's report is refused, naming the school that does;
    one for a season when the school still existed is recorded for it."""
    merged = _merged(config)
    take = {"extend": decisions.extend, "exempt": decisions.exempt, "paper": decisions.paper}[kind]
    values = {
        "extend": {"until": dt.date(2021, 11, 10), "reason": "Trường xin lùi hạn vì sáp nhập"},
        "exempt": {"reason": "Trường đã sáp nhập"},
        "paper": {"received_on": dt.date(2021, 10, 30), "received_by": "Lê Thị Thu"},
    }[kind]
    refused = (
        r"đã sáp nhập vào Trường Tiểu học Mỹ Thạnh A trước hạn nộp báo cáo NQ121 năm 2021: .*mã th-my-thanh-a"
    )
    with pytest.raises(DecisionError, match=refused):
        take(
            merged, store, report_id="nq121", year=2021, school_id="th-my-thanh-b", by="vt", now=NOW, **values
        )
    assert decisions.history(store) == []
    earlier = dict(values, until=dt.date(2020, 11, 10)) if kind == "extend" else values
    if kind == "paper":
        earlier = dict(values, received_on=dt.date(2020, 10, 30))
    take(merged, store, report_id="nq121", year=2020, school_id="th-my-thanh-b", by="vt", now=NOW, **earlier)
    assert [d.school_id for d in decisions.history(store)] == ["th-my-thanh-b"]
