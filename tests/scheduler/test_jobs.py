"""The APScheduler wiring of `baocao run`: its timer acknowledges and retries; at the reminder and
digest times it wakes the reader, which reads the mailbox before anything is composed."""

from __future__ import annotations

import dataclasses
import logging
import threading

import pytest

from kernel import config as config_mod
from kernel.runtime import Runtime
from scheduler import jobs
from tests.conftest import _fresh_database, database_away
from tests.scheduler.conftest import SCHOOLS, Clock, SmtpServer, local, open_runtime, submit


def test_the_reminder_and_digest_times_wake_the_reader_in_the_districts_timezone(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    clock.now = local("2021-10-18 08:00")
    woken = threading.Event()
    handle = jobs.start(rt, woken.set)
    try:
        scheduled = {job.id: job for job in handle.scheduler.get_jobs()}
        scheduled["reminders"].func()  # what APScheduler runs at 07:30
    finally:
        handle.stop()

    assert woken.is_set()
    assert not handle.scheduler.running
    trigger = scheduled["reminders"].trigger
    assert str(trigger.timezone) == "Asia/Ho_Chi_Minh" and "hour='7', minute='30'" in str(trigger)


def test_the_timers_tick_acknowledges_but_composes_nothing_from_the_status(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    submit(rt, "a", local("2021-10-18 07:00"))
    clock.now = local("2021-10-18 08:00")

    timer = jobs.tick(rt, compose=False)
    after_read = jobs.tick(rt, compose=True)

    assert timer.sent == 1 and smtp.delivered[0].rcpt == (SCHOOLS["a"][1],)  # the acknowledgement
    assert after_read.sent == 6  # four reminders, the missing list, the Monday digest


def test_a_timer_tick_while_the_database_is_away_says_so_in_one_line(
    config: config_mod.Config,
    clock: Clock,
    smtp: SmtpServer,
    postgres_url: str,
    postgres_migrated: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A PostgreSQL restart under `baocao run`: the timer's tick logged «scheduler tick failed» and forty
    lines of SQLAlchemy's traceback in English, as for a fault in the program. The database not answering
    is said in the one Vietnamese line the reader uses for it, with when the next tick tries again."""
    url = _fresh_database(postgres_url, postgres_migrated)
    storage = dataclasses.replace(config.storage, database=url)
    rt = open_runtime(dataclasses.replace(config, storage=storage), clock)
    clock.now = local("2021-10-18 08:00")
    handle = jobs.start(rt, lambda: None)
    tick = {job.id: job for job in handle.scheduler.get_jobs()}["tick"].func
    handle.stop()  # its first tick is over: the one below is run by hand, as APScheduler runs it
    try:
        with database_away(url), caplog.at_level(logging.INFO, logger="scheduler"):
            tick()
    finally:
        rt.close()
    lines = [r for r in caplog.records if r.name == "scheduler.jobs"]
    assert [r.levelno for r in lines] == [logging.WARNING], [r.getMessage() for r in lines]
    said = lines[0].getMessage()
    minutes = config.scheduler.tick_minutes
    assert said.startswith("cơ sở dữ liệu chưa trả lời (")
    assert said.endswith(f"thử lại sau {minutes * 60} giây")
    assert lines[0].exc_info is None and "Traceback" not in caplog.text
