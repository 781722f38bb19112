"""A season keeps the deadline it ran with: config.toml's deadline for a new season no longer rewrites
who was on time in the seasons before it without a word (kernel/deadlines.py, [[reports]].deadlines)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import threading
from pathlib import Path
from zoneinfo import ZoneInfo

from click.testing import CliRunner

from app.cli import main
from kernel import config as config_mod
from kernel import deadlines
from kernel.archive import Archive
from kernel.runtime import Runtime
from kernel.seasons import deadline_of
from kernel.store import Store
from scheduler import jobs
from tests.conftest import record_report
from tests.scheduler.conftest import Clock, local

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
KEEP_2025 = 'deadlines = { 2025 = "10-25" }'


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _cli(path: Path, clock: Clock, *args: str) -> str:
    result = CliRunner().invoke(main, ["--config", str(path), *args], obj=clock)
    assert result.exit_code == 0, result.output
    return result.output


def _states(path: Path, clock: Clock, year: int) -> dict[str, str]:
    data = json.loads(_cli(path, clock, "status", "--year", str(year), "--format", "json"))
    return {s["school_id"]: s["status"] for s in data["schools"] if s["status"] != "missing"}


def test_a_seasons_own_deadline_is_read_from_deadlines(config_file: Path) -> None:
    _edit(config_file, 'deadline = "10-25"', f'deadline = "10-20"\n{KEEP_2025}')
    report = config_mod.load(config_file).report("nq121")
    assert report.deadlines == ((2025, 10, 25),)
    assert deadline_of(report, 2025, HCM) == dt.datetime(2025, 10, 25, 23, 59, 59, tzinfo=HCM)
    assert deadline_of(report, 2026, HCM) == dt.datetime(2026, 10, 20, 23, 59, 59, tzinfo=HCM)
    assert deadline_of(report, 2024, HCM) == dt.datetime(2024, 10, 20, 23, 59, 59, tzinfo=HCM)


def test_a_season_due_the_next_year_takes_its_entry_by_the_year_it_reports_on(config_file: Path) -> None:
    """A summary of 2025 due on 15/01/2026 is the season 2025: deadlines = { 2025 = "01-20" } moves it to
    20/01/2026, and the season 2026 keeps 15/01/2027."""
    _edit(
        config_file,
        'deadline = "10-25"',
        'deadline = "01-15"\ndue_next_year = true\ndeadlines = { 2025 = "01-20" }',
    )
    report = config_mod.load(config_file).report("nq121")
    assert deadline_of(report, 2025, HCM).date() == dt.date(2026, 1, 20)
    assert deadline_of(report, 2026, HCM).date() == dt.date(2027, 1, 15)


def test_changing_the_deadline_for_a_new_season_says_it_rewrote_the_last_one(config_file: Path) -> None:
    """An office ran 2025 with deadline "10-25" and set "10-20" for 2026: `status --year 2025` said the
    deadline had been 20/10/2025, the school that sent on 22/10/2025 turned from on time to late, and
    nothing said why. Now the season's deadline is recorded once it has passed; the status says that the
    config rewrote it and the line that keeps it, and with that line 2025 is as it ran."""
    clock = Clock(local("2025-10-22 09:00"))
    with Runtime.open(config_mod.load(config_file), clock) as rt:
        record_report(rt, "th-my-an", 2025, local("2025-10-22 09:00"))
        record_report(rt, "th-binh-an", 2025, local("2025-10-27 09:00"))
    clock.now = local("2025-11-10 08:00")
    before = _cli(config_file, clock, "status", "--year", "2025")
    assert "hạn nộp: hết ngày 25/10/2025" in before and "deadlines" not in before
    assert _states(config_file, clock, 2025) == {"th-my-an": "received", "th-binh-an": "late"}

    clock.now = local("2026-03-02 08:00")
    _edit(config_file, 'deadline = "10-25"', 'deadline = "10-20"')
    changed = _cli(config_file, clock, "status", "--year", "2025")
    assert "hạn nộp: hết ngày 20/10/2025" in changed  # the config still rules, but it is said
    assert (
        "Lưu ý: Hạn nộp báo cáo NQ121 năm 2025 theo config.toml nay là 20/10/2025, nhưng đợt năm 2025 đã "
        "diễn ra với hạn 25/10/2025" in changed
    )
    assert (
        'Nếu hạn mới chỉ áp dụng từ đợt năm 2026, ghi thêm vào mục [[reports]] có id = "nq121" trong '
        f"config.toml dòng: {KEEP_2025}" in changed
    )
    assert _states(config_file, clock, 2025) == {"th-my-an": "late", "th-binh-an": "late"}
    assert "deadlines" not in _cli(config_file, clock, "status", "--year", "2026")  # of its year only

    _edit(config_file, 'deadline = "10-20"', f'deadline = "10-20"\n{KEEP_2025}')
    kept = _cli(config_file, clock, "status", "--year", "2025")
    assert "hạn nộp: hết ngày 25/10/2025" in kept and "Lưu ý: Hạn nộp" not in kept
    assert _states(config_file, clock, 2025) == {"th-my-an": "received", "th-binh-an": "late"}
    assert "hạn nộp: hết ngày 20/10/2026" in _cli(config_file, clock, "status", "--year", "2026")


def test_a_seasons_deadline_is_recorded_once_it_has_passed_and_never_rewritten(config_file: Path) -> None:
    """The daemon's scheduler records it (it runs all year); a later config changes nothing recorded."""
    config = config_mod.load(config_file)
    clock = Clock(local("2025-10-25 22:00"))
    with Runtime.open(config, clock) as rt:
        record_report(rt, "th-my-an", 2025, local("2025-10-20 09:00"))
        jobs.tick(rt, compose=False)
        assert ("nq121", 2025) not in deadlines.recorded(rt.store)  # the last day is not over
        clock.now = local("2025-10-26 00:00")
        jobs.tick(rt, compose=False)
        assert deadlines.recorded(rt.store)["nq121", 2025] == dt.date(2025, 10, 25)
    report = dataclasses.replace(config.report("nq121"), deadline_day=20)
    moved = dataclasses.replace(config, reports=(report,))
    clock.now = local("2026-01-05 08:00")
    with Runtime.open(moved, clock) as rt:
        jobs.tick(rt, compose=False)
        assert deadlines.recorded(rt.store)["nq121", 2025] == dt.date(2025, 10, 25)
        (change,) = deadlines.changes(moved, rt.store)
        assert (change.year, change.recorded, change.configured) == (
            2025,
            dt.date(2025, 10, 25),
            dt.date(2025, 10, 20),
        )


def test_processes_recording_a_season_at_once_write_it_once(
    database_url: str, config_file: Path, tmp_path: Path
) -> None:
    """The daemon's tick and a `baocao status` may record the same season at the same moment."""
    config = config_mod.load(config_file)
    now = dt.datetime(2025, 11, 1, tzinfo=dt.UTC)
    stores = [Store.open(database_url) for _ in range(4)]
    record_report(Runtime(config, stores[0], Archive(tmp_path)), "th-my-an", 2025, now)
    start = threading.Barrier(len(stores))
    errors: list[BaseException] = []

    def record(store: Store) -> None:
        start.wait()
        try:
            deadlines.record_passed(config, store, now)
        except BaseException as e:  # noqa: BLE001 - said by the assertion below
            errors.append(e)

    threads = [threading.Thread(target=record, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == []
        assert deadlines.recorded(stores[0]) == {("nq121", 2025): dt.date(2025, 10, 25)}
    finally:
        for store in stores:
            store.close()


def test_a_deadlines_entry_that_matches_what_the_season_ran_with_says_nothing(config_file: Path) -> None:
    config = config_mod.load(config_file)
    with Runtime.open(config) as rt:
        record_report(rt, "th-my-an", 2025, local("2025-10-20 09:00"))
        deadlines.record_passed(config, rt.store, dt.datetime(2025, 11, 1, tzinfo=dt.UTC))
    _edit(config_file, 'deadline = "10-25"', f'deadline = "10-20"\n{KEEP_2025}')
    with Runtime.open(config_mod.load(config_file)) as rt:
        assert deadlines.changes(rt.config, rt.store) == []


def test_a_seasons_own_deadline_written_to_correct_it_says_nothing(config_file: Path) -> None:
    """An office that ran 2025 with a deadline typed wrong corrects that season alone, in deadlines: that
    is no rewrite to warn of."""
    config = config_mod.load(config_file)
    with Runtime.open(config) as rt:
        record_report(rt, "th-my-an", 2025, local("2025-10-20 09:00"))
        deadlines.record_passed(config, rt.store, dt.datetime(2025, 11, 1, tzinfo=dt.UTC))
    _edit(config_file, 'deadline = "10-25"', 'deadline = "10-25"\ndeadlines = { 2025 = "10-31" }')
    with Runtime.open(config_mod.load(config_file)) as rt:
        assert deadlines.changes(rt.config, rt.store) == []


def test_the_line_to_keep_a_season_adds_to_the_deadlines_already_written(config_file: Path) -> None:
    """Two passed seasons, one rewritten by the new deadline and one given its own day: the line given
    keeps the first as it ran, and the entries already there."""
    config = config_mod.load(config_file)
    with Runtime.open(config) as rt:
        record_report(rt, "th-my-an", 2024, local("2024-10-20 09:00"))
        record_report(rt, "th-my-an", 2025, local("2025-10-20 09:00"))
        deadlines.record_passed(config, rt.store, dt.datetime(2024, 11, 1, tzinfo=dt.UTC))
        deadlines.record_passed(config, rt.store, dt.datetime(2025, 11, 1, tzinfo=dt.UTC))
    _edit(
        config_file,
        'deadline = "10-25"',
        'deadline = "10-20"\ndeadlines = { 2021 = "10-30", 2025 = "10-22" }',
    )
    with Runtime.open(config_mod.load(config_file)) as rt:
        found = deadlines.changes(rt.config, rt.store)
    assert [(c.year, c.configured) for c in found] == [(2024, dt.date(2024, 10, 20))]
    assert deadlines.notes(found, "nq121", 2025) == []
    (note,) = deadlines.notes(found, "nq121", 2024)
    assert note.endswith(
        'sửa dòng deadlines của mục [[reports]] có id = "nq121" trong config.toml thành: '
        'deadlines = { 2021 = "10-30", 2024 = "10-25", 2025 = "10-22" }'
    )


def test_a_season_no_report_was_recorded_for_is_not_recorded(config_file: Path) -> None:
    """An office that starts with baocao after a deadline never ran that season with it: nothing of it is
    recorded, and a deadline changed later says nothing of it."""
    config = config_mod.load(config_file)
    with Runtime.open(config) as rt:
        deadlines.record_passed(config, rt.store, dt.datetime(2025, 11, 1, tzinfo=dt.UTC))
        assert deadlines.recorded(rt.store) == {}
