"""The pure rules: reminder steps, seasons, which mail is automatic, and the per-recipient limit."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kernel.config import Config, ConfigError, load
from kernel.runtime import Runtime
from kernel.seasons import running_season
from scheduler import jobs
from scheduler.plan import digest_slots, reminder_steps
from tests.scheduler.conftest import (
    SCHOOLS,
    Clock,
    SmtpServer,
    config_text,
    local,
    open_runtime,
    submit,
)


def test_reminder_steps_before_the_deadline_then_the_next_day_and_weekly(config: Config) -> None:
    steps = reminder_steps(config.reports[0], 2021, config)
    assert [(s.name, s.at.strftime("%a %d/%m %H:%M")) for s in steps[:6]] == [
        ("before-14", "Mon 11/10 07:30"),
        ("before-7", "Mon 18/10 07:30"),
        ("before-3", "Fri 22/10 07:30"),
        ("before-1", "Fri 22/10 07:30"),  # Sunday 24/10: on the Friday before, when it is read
        ("overdue-1", "Tue 26/10 07:30"),
        ("overdue-8", "Tue 02/11 07:30"),
    ]
    assert steps[-1].name == "overdue-57"  # the season closes 60 days after the deadline


def test_a_step_after_the_deadline_on_a_weekend_goes_out_on_the_monday(config: Config) -> None:
    steps = {s.name: s.at for s in reminder_steps(config.reports[0], 2024, config)}  # 25/10: a Friday
    assert steps["before-1"].strftime("%a %d/%m") == "Thu 24/10"
    assert steps["overdue-1"].strftime("%a %d/%m") == "Mon 28/10"
    assert steps["overdue-8"].strftime("%a %d/%m") == "Mon 04/11"


def test_a_step_on_a_public_holiday_goes_out_on_the_working_day_before(config: Config) -> None:
    """A report due 5/9: three days before is Quốc khánh (2/9, and 1/9 since 2025); a report due the Monday
    after Tết 2026 (16-20/2, with the weekends around it): the day before is before Tết."""
    report = dataclasses.replace(config.reports[0], deadline_month=9, deadline_day=5)
    steps = {s.name: s.at.strftime("%a %d/%m") for s in reminder_steps(report, 2025, config)}
    assert steps["before-3"] == "Fri 29/08" and steps["before-1"] == "Thu 04/09"
    after_tet = dataclasses.replace(config.reports[0], deadline_month=2, deadline_day=23)
    steps = {s.name: s.at.strftime("%a %d/%m") for s in reminder_steps(after_tet, 2026, config)}
    assert steps["before-1"] == steps["before-3"] == steps["before-7"] == "Fri 13/02"
    assert steps["overdue-1"] == "Tue 24/02"


def test_a_season_opens_on_the_day_its_first_reminder_goes_out_before_a_holiday(config: Config) -> None:
    """Reminders a week before a deadline of 23/2/2026, with digests from a week before: that day is in
    Tết, the reminder goes out on 13/2, and the season runs from then (not from the night of 16/2, when a
    reminder found overdue would have gone out at midnight)."""
    config = dataclasses.replace(config, scheduler=dataclasses.replace(config.scheduler, season_open_days=7))
    report = dataclasses.replace(config.reports[0], deadline_month=2, deadline_day=23, reminder_days=(7,))
    (first, *_) = reminder_steps(report, 2026, config)
    assert first.at == local("2026-02-13 07:30")
    assert running_season(report, local("2026-02-12 23:59"), config) is None
    assert running_season(report, local("2026-02-13 00:00"), config) == 2026


def test_digests_go_out_on_working_days(config: Config) -> None:
    """Mondays and every day of the last week before a deadline of 15/5/2026: Giỗ Tổ's day off fell on
    Monday 27/4 and its digest went out on the Tuesday; the last week's weekend has none of its own."""
    report = dataclasses.replace(config.reports[0], deadline_month=5, deadline_day=15)
    days = [s.name for s in digest_slots(report, 2026, config) if s.name <= "2026-05-15"]
    assert days == [
        "2026-04-20",
        "2026-04-28",
        "2026-05-04",
        "2026-05-11",
        "2026-05-12",
        "2026-05-13",
        "2026-05-14",
        "2026-05-15",
    ]


def test_steps_keep_their_days_when_the_office_sends_at_weekends(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(config_text(25, working_days_only=False), encoding="utf-8")
    config = load(path)
    steps = {s.name: s.at.strftime("%a %d/%m") for s in reminder_steps(config.reports[0], 2021, config)}
    assert steps["before-1"] == "Sun 24/10"
    assert "2021-10-24" in {s.name for s in digest_slots(config.reports[0], 2021, config)}


def test_season_runs_from_four_weeks_before_to_sixty_days_after(config: Config) -> None:
    report = config.reports[0]
    assert running_season(report, local("2021-09-26 23:59"), config) is None
    assert running_season(report, local("2021-09-27 00:00"), config) == 2021
    assert running_season(report, local("2021-12-24 23:59"), config) == 2021
    assert running_season(report, local("2021-12-25 00:00"), config) is None


def test_an_auto_reply_recorded_as_a_report_gets_no_acknowledgement(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    submit(rt, "b", local("2021-10-05 09:00"), headers={"Auto-Submitted": "auto-replied"})
    clock.now = local("2021-10-05 12:00")
    jobs.tick(rt)
    assert smtp.to(SCHOOLS["b"][1]) == []


def test_a_school_gets_at_most_the_daily_limit_the_rest_waits(
    tmp_path, clock: Clock, smtp: SmtpServer
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(config_text(smtp.port, max_per_recipient_per_day=1), encoding="utf-8")
    rt = open_runtime(load(path), clock)
    submit(rt, "b", local("2021-10-18 07:00"), sender=SCHOOLS["c"][1])  # c's address sends b's report
    clock.now = local("2021-10-18 07:30")
    first = jobs.tick(rt)
    clock.now = local("2021-10-19 07:31")
    jobs.tick(rt)
    rt.close()

    assert first.deferred >= 1
    to_c = [d.at.strftime("%d/%m %H:%M") for d in smtp.to(SCHOOLS["c"][1])]
    assert to_c == ["18/10 07:30", "19/10 07:31"]  # one of its two mails now, the other a day later


@pytest.mark.parametrize(
    ("key", "value", "error"),
    [
        ("digest_cron", '"monday 7h"', 'digest_cron phải gồm ngày và giờ, ví dụ "mon 07:30"'),
        ("reminder_time", '"7h30"', '[scheduler].reminder_time phải là giờ dạng "HH:MM"'),
        ("digest_format", '"pdf"', "[scheduler].digest_format phải là một trong xlsx, csv"),
    ],
)
def test_bad_scheduler_settings_name_the_key(tmp_path, key: str, value: str, error: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        config_text(25).replace("[scheduler]\n", f"[scheduler]\n{key} = {value}\n"), encoding="utf-8"
    )
    with pytest.raises(ConfigError) as e:
        load(path)
    assert error in str(e.value)


def test_digest_days_and_time_are_read(tmp_path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(config_text(25, digest_cron="mon,thu 16:00"), encoding="utf-8")
    settings = load(path).scheduler
    assert settings.digest_weekdays == (0, 3) and settings.digest_time.hour == 16
