"""The APScheduler wiring of `baocao run`: started once, it ticks at once in the district's timezone."""

from __future__ import annotations

import time

from kernel.runtime import Runtime
from scheduler import jobs
from tests.scheduler.conftest import Clock, SmtpServer, local


def test_start_ticks_at_once_and_stop_ends_it(rt: Runtime, clock: Clock, smtp: SmtpServer) -> None:
    clock.now = local("2021-10-18 08:00")
    handle = jobs.start(rt)
    try:
        deadline = time.monotonic() + 20
        while len(smtp.delivered) < 7 and time.monotonic() < deadline:
            time.sleep(0.05)
        triggers = {job.id: job.trigger for job in handle.scheduler.get_jobs()}
    finally:
        handle.stop()

    assert len(smtp.delivered) == 7  # five reminders, the missing list, the Monday digest
    assert not handle.scheduler.running
    assert str(triggers["reminders"].timezone) == "Asia/Ho_Chi_Minh"
    assert "hour='7', minute='30'" in str(triggers["reminders"])
