"""The pure rules: reminder steps, seasons, which mail is automatic, and the per-recipient limit."""

from __future__ import annotations

import pytest

from kernel.config import Config, ConfigError, load
from kernel.runtime import Runtime
from kernel.seasons import running_season
from scheduler import jobs
from scheduler.plan import reminder_steps
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
    assert [(s.name, s.at.strftime("%d/%m %H:%M")) for s in steps[:6]] == [
        ("before-14", "11/10 07:30"),
        ("before-7", "18/10 07:30"),
        ("before-3", "22/10 07:30"),
        ("before-1", "24/10 07:30"),
        ("overdue-1", "26/10 07:30"),
        ("overdue-8", "02/11 07:30"),
    ]
    assert steps[-1].name == "overdue-57"  # the season closes 60 days after the deadline


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
