"""A report due in January for the calendar year before it: one season, one name, from intake to reminder."""

from __future__ import annotations

from pathlib import Path

from intake.years import report_year
from kernel import config as config_mod
from kernel.seasons import deadline_of, running_season, season_of
from kernel.status import load
from parsers.document import Document, Header
from scheduler import jobs
from tests.intake.mails import message
from tests.scheduler.conftest import HCM, SCHOOLS, Clock, SmtpServer, config_text, local, open_runtime

YEARLY = """
[[reports]]
id = "tongket"
title = "Báo cáo tổng kết công tác năm"
keywords = ["tổng kết công tác"]
deadline = "01-15"
due_next_year = true
reminder_days = [14, 1]

  [[reports.sections]]
  id = "ket_qua"
  title = "Kết quả thực hiện"
  keywords = []
"""


def yearly_config(tmp_path: Path, smtp: SmtpServer) -> config_mod.Config:
    path = tmp_path / "config.toml"
    path.write_text(config_text(smtp.port) + YEARLY, encoding="utf-8")
    return config_mod.load(path)


def test_a_yearly_report_due_in_january_is_named_and_filed_by_the_year_it_reports_on(
    tmp_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    """A summary of 2021 is due on 15/01/2022. A report titled «… NĂM 2021» received on 03/01/2022 was
    filed under the season named 2021 (whose deadline was then 15/01/2021: a year late), while the
    reminders of the season due on 15/01/2022 called it «năm 2022». With `due_next_year`, the season is
    named by the year reported on, both ways: «năm 2021», due 15/01/2022, and that report is on time."""
    config = yearly_config(tmp_path, smtp)
    report = config.report("tongket")
    received = local("2022-01-03 09:00")
    assert deadline_of(report, 2021, HCM) == local("2022-01-15 23:59:59")
    assert season_of(report, received, config) == running_season(report, received, config) == 2021
    paper = Document(
        name="bc.docx",
        format="docx",
        text="BÁO CÁO\nTỔNG KẾT CÔNG TÁC NĂM 2021",
        header=Header(title="Tổng kết công tác năm 2021"),
        method="text",
    )
    mail = message(SCHOOLS["b"][1], "Báo cáo tổng kết", files=["bc.docx"], received_at=received)
    assert report_year([paper], mail, received, report, config) == 2021

    rt = open_runtime(config, clock)
    try:
        clock.now = local("2022-01-01 07:30")  # 14 days before 15/01/2022
        jobs.tick(rt)
        status = load(config, rt.store, "tongket", None, local("2022-01-05 08:00"))
    finally:
        rt.close()
    assert status.year == 2021 and status.deadline == local("2022-01-15 23:59:59")
    subjects = [d.subject for d in smtp.to(SCHOOLS["b"][1])]
    assert subjects and all("năm 2021" in s and "15/01/2022" in s for s in subjects), subjects
