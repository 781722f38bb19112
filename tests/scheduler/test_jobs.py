"""The APScheduler wiring of `baocao run`: its timer acknowledges and retries; at the reminder and
digest times it wakes the reader, which reads the mailbox before anything is composed."""

from __future__ import annotations

import threading

from kernel.runtime import Runtime
from scheduler import jobs
from tests.scheduler.conftest import SCHOOLS, Clock, SmtpServer, local, submit


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
