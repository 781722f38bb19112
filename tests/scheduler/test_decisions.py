"""Reminders, acknowledgements and the digest follow the office's decisions: an exempt school is left
alone and out of the counts, an extended school is reminded of its own deadline and counted on time."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from app import views
from kernel import config as config_mod
from kernel import decisions
from kernel.runtime import Runtime
from kernel.status import SchoolState
from scheduler import jobs
from tests.scheduler.conftest import (
    SCHOOLS,
    STAFF,
    Clock,
    SmtpServer,
    config_text,
    extend_c,
    local,
    open_runtime,
    submit,
    undo_c,
)


def test_an_exempt_school_is_never_reminded_and_leaves_the_digests_counts(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    clock.now = local("2021-10-20 09:00")
    decisions.exempt(
        rt.config,
        rt.store,
        report_id="nq121",
        year=2021,
        school_id="d",
        reason="Sáp nhập vào trường khác từ tháng 9",
        by="vanthu",
        now=clock.now,
    )
    clock.now = local("2021-10-25 07:30")  # the deadline day, a Monday: reminders and the digest
    jobs.tick(rt)

    assert smtp.to(SCHOOLS["d"][1]) == []
    assert smtp.to(SCHOOLS["c"][1]) != []
    digest = next(d for d in smtp.delivered if "Tổng hợp" in d.subject)
    assert "0/4" in digest.subject and digest.subject.endswith("chưa nộp 4")  # d is not expected
    text = digest.message.get_body(("plain",)).get_content()
    assert "CÁC TRƯỜNG ĐƯỢC MIỄN NỘP NĂM NAY (1)" in text and "Sáp nhập vào trường khác từ tháng 9" in text
    missing = text.split("CÁC TRƯỜNG CHƯA NỘP (4)")[1].split("CÁC TRƯỜNG ĐƯỢC MIỄN NỘP")[0]
    assert SCHOOLS["d"][0] not in missing


def test_an_extended_school_is_reminded_of_its_own_deadline_and_its_later_report_is_on_time(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    clock.now = local("2021-10-20 09:00")
    extend_c(rt, clock.now)
    clock.now = local("2021-10-26 07:30")  # the day after the common deadline: overdue reminders
    jobs.tick(rt)

    (to_b,) = smtp.to(SCHOOLS["b"][1])
    (to_c,) = smtp.to(SCHOOLS["c"][1])
    assert to_b.subject.startswith("Quá hạn nộp")
    assert to_c.subject.startswith("Nhắc nộp") and "(hạn cuối: hết ngày 05/11/2021)" in to_c.subject
    assert "chậm nhất ngày 05/11/2021" in to_c.message.get_body(("plain",)).get_content()

    submit(rt, "c", local("2021-11-03 10:00"))
    clock.now = local("2021-11-03 12:00")
    jobs.tick(rt)
    (status,) = jobs.statuses(rt, clock.now)
    assert next(s for s in status.schools if s.school_id == "c").status == SchoolState.RECEIVED
    ack = next(d for d in smtp.to(SCHOOLS["c"][1]) if d.subject.startswith("Đã nhận"))
    assert "sau hạn nộp" not in ack.message.get_body(("plain",)).get_content()


def test_a_school_whose_paper_copy_the_office_holds_is_not_told_nothing_was_received(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """A school that handed in its paper copy was reminded "Phòng chưa nhận được báo cáo của nhà
    trường", and the digest listed it among the missing with no word of the paper the clerk recorded.
    It still owes the e-mailed report, so it is reminded, but of what the office does hold."""
    clock.now = local("2021-10-22 09:00")
    decisions.paper(
        rt.config,
        rt.store,
        report_id="nq121",
        year=2021,
        school_id="c",
        received_on=dt.date(2021, 10, 22),
        received_by="Lê Thị Thu",
        by="vanthu",
        now=clock.now,
    )
    clock.now = local("2021-10-25 07:30")  # the deadline day, a Monday: reminders and the digest
    jobs.tick(rt)

    (to_c,) = smtp.to(SCHOOLS["c"][1])
    text = to_c.message.get_body(("plain",)).get_content()
    assert "đã nhận bản giấy báo cáo của nhà trường (ngày 22/10/2021)" in text
    assert "chưa nhận được báo cáo của nhà trường" not in text
    (to_b,) = smtp.to(SCHOOLS["b"][1])
    assert "chưa nhận được báo cáo của nhà trường." in to_b.message.get_body(("plain",)).get_content()
    digest = next(d for d in smtp.delivered if "Tổng hợp" in d.subject)
    missing = digest.message.get_body(("plain",)).get_content().split("CÁC TRƯỜNG CHƯA NỘP")[1]
    assert f"{SCHOOLS['c'][0]} (đã nhận bản giấy ngày 22/10/2021)" in missing


def test_the_missing_list_does_not_say_an_extended_school_was_reminded_today(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """The staff's missing list says «Hôm nay hệ thống đã gửi thư nhắc đến các trường này», and listed a
    school given an extension among them, though it is reminded on its own deadline's days and got
    nothing that morning."""
    clock.now = local("2021-10-12 09:00")
    extend_c(rt, clock.now)  # c is reminded from 22/10, 14 days before its own deadline
    clock.now = local("2021-10-18 07:30")  # a week before the common deadline: the others only
    before = len(smtp.delivered)
    jobs.tick(rt)

    today = smtp.delivered[before:]
    assert [d for d in today if d.rcpt == (SCHOOLS["c"][1],)] == []
    assert any(d.rcpt == (SCHOOLS["b"][1],) for d in today)
    missing = next(d for d in today if "trường chưa nộp báo cáo" in d.subject)
    text = missing.message.get_body(("plain",)).get_content()
    assert "Hôm nay hệ thống đã gửi thư nhắc đến các trường này" in text
    assert f"{SCHOOLS['c'][0]} (chưa nhắc hôm nay; gia hạn đến 05/11/2021, nhắc theo hạn mới)" in text


def test_a_reminder_waiting_to_be_sent_is_withdrawn_when_the_school_is_given_an_extension(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """The overdue reminders of 26/10 were composed while the SMTP server was down; staff then gave
    c until 05/11, and when the server came back c was still told "Quá hạn nộp ... (hạn 25/10)",
    though its deadline was ten days away: only a school that reported was spared."""
    smtp.stop()
    clock.now = local("2021-10-26 07:30")
    jobs.tick(rt)
    clock.now = local("2021-10-26 08:00")
    extend_c(rt, clock.now, reason="Trường bị ngập, xin lùi hạn")
    smtp.start()
    clock.now = local("2021-10-26 09:00")
    jobs.tick(rt)

    assert smtp.to(SCHOOLS["c"][1]) == []
    assert smtp.to(SCHOOLS["b"][1])[0].subject.startswith("Quá hạn nộp")
    clock.now = local("2021-10-29 07:30")  # seven days before its own deadline
    jobs.tick(rt)
    (to_c,) = smtp.to(SCHOOLS["c"][1])
    assert to_c.subject.startswith("Nhắc nộp") and "(hạn cuối: hết ngày 05/11/2021)" in to_c.subject


def test_undoing_an_extension_after_the_morning_reminder_sends_no_second_reminder_that_day(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """c, extended to 05/11, got its «Nhắc nộp … (hạn 05/11/2021)» at 07:30 on 29/10; staff undid the
    extension at 10:00, and the next composition (after the mailbox's next read) sent c «Quá hạn nộp»
    the same morning: two reminders in one day saying two different deadlines. A school gets at most
    one reminder a day; the next working day's carries the restored deadline (30/10 is a Saturday), and
    says the extension was withdrawn: it used to jump to «đã quá hạn» without a word."""
    clock.now = local("2021-10-20 09:00")
    extend_c(rt, clock.now)
    clock.now = local("2021-10-29 07:30")  # seven days before c's own deadline
    jobs.tick(rt)
    (morning,) = smtp.to(SCHOOLS["c"][1])
    assert "(hạn cuối: hết ngày 05/11/2021)" in morning.subject
    clock.now = local("2021-10-29 10:00")
    undo_c(rt, clock.now)
    for later in ("2021-10-29 10:05", "2021-10-29 16:00", "2021-10-29 23:55"):
        clock.now = local(later)
        jobs.tick(rt)
    assert smtp.to(SCHOOLS["c"][1]) == [morning]

    clock.now = local("2021-10-30 07:30")
    jobs.tick(rt)
    assert smtp.to(SCHOOLS["c"][1]) == [morning]
    clock.now = local("2021-11-01 07:30")
    jobs.tick(rt)
    (_, next_day) = smtp.to(SCHOOLS["c"][1])
    assert (
        next_day.subject.startswith("Quá hạn nộp") and "(hạn cuối: hết ngày 25/10/2021)" in next_day.subject
    )
    # Told «chậm nhất ngày 05/11» two days before, the school is told why its deadline is now past.
    text = " ".join(next_day.message.get_body(("plain",)).get_content().split())
    assert (
        "Lưu ý: lúc 10:00 ngày 29/10/2021, Phòng đã hủy việc gia hạn nộp báo cáo cho nhà trường đến hết ngày "
        "05/11/2021; hạn nộp của nhà trường là hết ngày 25/10/2021." in text
    ), text


def test_a_withdrawn_extension_is_not_spoken_of_once_the_day_it_gave_has_passed(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """The reminders after an extension was withdrawn say so while the school may still count on the
    day it gave (05/11); after that day it has nothing more to tell."""
    clock.now = local("2021-10-20 09:00")
    extend_c(rt, clock.now)
    undo_c(rt, local("2021-10-21 09:00"))
    clock.now = local("2021-11-08 07:30")
    jobs.tick(rt)
    reminder = smtp.to(SCHOOLS["c"][1])[-1]
    assert reminder.subject.startswith("Quá hạn nộp"), reminder.subject
    assert "hủy việc gia hạn" not in reminder.message.get_body(("plain",)).get_content()


def test_a_deadline_moved_for_every_school_is_the_one_the_digest_counts_down_to(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """After the office moved the deadline for all (extend_all), the staff digest still counted down to
    the first day and called the season overdue; it now gives the day it was moved to, and the first."""
    clock.now = local("2021-10-22 09:00")
    schools = tuple(rt.config.roster(dt.date(2021, 10, 25)))
    move = decisions.DeadlineMove("nq121", 2021, schools, dt.date(2021, 10, 29), "Lũ", "vanthu", clock.now)
    decisions.extend_all(rt.config, rt.store, move)
    clock.now = local("2021-10-26 07:30")  # the day after the first deadline
    jobs.tick(rt)

    digest = next(d for d in smtp.delivered if "Tổng hợp" in d.subject)
    text = " ".join(digest.message.get_body(("plain",)).get_content().split())
    assert (
        "Hạn nộp: hết ngày 29/10/2021 (thứ Sáu, còn 3 ngày; đã lùi chung cho mọi trường, hạn ban đầu hết ngày 25/10/2021)"
        in text
    )
    assert all(not m.subject.startswith("Quá hạn nộp") for m in smtp.delivered)  # no school is overdue


def test_a_school_back_on_the_moved_deadline_after_its_own_was_undone_is_reminded_at_once(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """The deadline was moved to 26/10 for all; school c had 05/11 of its own, undone on 28/10 after the
    morning's run: c was back on 26/10, overdue, but its next reminder waited a week, as the restored
    deadline counted as granted at the undo, after the day's step. It keeps the time it was decided."""
    clock.now = local("2021-10-20 09:00")
    schools = tuple(rt.config.roster(dt.date(2021, 10, 25)))
    move = decisions.DeadlineMove("nq121", 2021, schools, dt.date(2021, 10, 26), "Chủ nhật", "vt", clock.now)
    decisions.extend_all(rt.config, rt.store, move)
    clock.now = local("2021-10-21 09:00")
    extend_c(rt, clock.now)
    clock.now = local("2021-10-28 09:00")
    undo_c(rt, clock.now, "vt", "Trường báo không cần gia hạn")
    clock.now = local("2021-10-28 10:00")
    jobs.tick(rt)

    (to_c,) = smtp.to(SCHOOLS["c"][1])
    assert to_c.subject.startswith("Quá hạn nộp") and "26/10/2021" in to_c.subject, to_c.subject


def test_a_school_that_joins_after_the_deadline_was_moved_for_all_has_the_moved_deadline(
    tmp_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    """The deadline was moved from 25/10 to 29/10 for every school (an official letter for the whole
    district); a school added to config.toml the next day kept 25/10: it was reminded of 25/10, told on
    26/10 it was overdue, its report of 27/10 counted late, and the digest, one school short of the move,
    dropped «lùi chung». The move covers the schools that join later, until it is withdrawn."""
    path = tmp_path / "config.toml"
    joined, address = SCHOOLS["e"]
    block = f'[[schools]]\nid = "e"\nname = "{joined}"\nemails = ["{address}"]\n'
    assert block in config_text(smtp.port)
    path.write_text(config_text(smtp.port).replace(block, ""), encoding="utf-8")
    clock.now = local("2021-10-14 10:00")
    rt = open_runtime(config_mod.load(path), clock)
    schools = tuple(rt.config.roster(dt.date(2021, 10, 25)))
    move = decisions.DeadlineMove(
        "nq121", 2021, schools, dt.date(2021, 10, 29), "Công văn 512", "vt", clock.now
    )
    decisions.extend_all(rt.config, rt.store, move)
    rt.close()
    path.write_text(config_text(smtp.port), encoding="utf-8")  # the school added the next day
    rt = open_runtime(config_mod.load(path), clock)
    try:
        for day in ("2021-10-15", "2021-10-22", "2021-10-26"):
            clock.now = local(f"{day} 07:30")
            jobs.tick(rt)
        submit(rt, "e", local("2021-10-27 09:00"))
        clock.now = local("2021-10-27 10:00")
        jobs.tick(rt)
        (status,) = jobs.statuses(rt, clock.now)
        move = decisions.DeadlineMove("nq121", 2021, schools, dt.date(2021, 10, 29), "Nhầm", "vt", clock.now)
        decisions.undo_extensions(rt.config, rt.store, move)
        (withdrawn,) = jobs.statuses(rt, clock.now)
    finally:
        rt.close()

    reminders = [d for d in smtp.to(address) if not d.subject.startswith("Đã nhận")]
    assert reminders and all("(hạn cuối: hết ngày 29/10/2021)" in d.subject for d in reminders)
    assert not any(d.subject.startswith("Quá hạn") for d in smtp.delivered)
    (ack,) = [d for d in smtp.to(address) if d.subject.startswith("Đã nhận")]
    said = ack.message.get_body(("plain",)).get_content()
    assert "Báo cáo được nhận đúng hạn (hạn nộp: hết ngày 29/10/2021)" in said
    assert next(s for s in status.schools if s.school_id == "e").status == SchoolState.RECEIVED
    assert status.moved_to == dt.date(2021, 10, 29)
    digest = [d for d in smtp.to(STAFF) if "Tổng hợp" in d.subject][-1]
    assert "đã lùi chung cho mọi trường" in digest.message.get_body(("plain",)).get_content()
    # Withdrawn, the move no longer covers the school that joined.
    assert next(s for s in withdrawn.schools if s.school_id == "e").status == SchoolState.LATE
    assert withdrawn.moved_to is None


def test_the_digest_counts_a_report_on_time_only_by_its_extension_apart_as_the_draft_does(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """School c, extended to 05/11, reported on 03/11: the digest said «Trong đó đúng hạn 2» while the
    consolidated draft said «nộp đúng hạn: 1; nộp trong thời hạn được gia hạn: 1», and the status line
    «2 đã nộp đúng hạn». Every view counts it apart now, and the parts add up to those received."""
    clock.now = local("2021-10-20 09:00")
    extend_c(rt, clock.now)
    submit(rt, "a", local("2021-10-21 10:00"))
    submit(rt, "c", local("2021-11-03 10:00"))
    clock.now = local("2021-11-04 07:30")  # a Thursday: the digest
    jobs.tick(rt)

    digest = next(d for d in smtp.delivered if "Tổng hợp" in d.subject)
    rows = {
        label.strip(): int(count)
        for label, count in re.findall(
            r"^(\D+?)\s+(\d+)\s*$", digest.message.get_body(("plain",)).get_content(), re.M
        )
    }
    assert rows["Đã nhận"] == 2
    assert rows["Trong đó đúng hạn"] == 1 and rows["Trong đó nộp trong thời hạn được gia hạn"] == 1
    (status,) = jobs.statuses(rt, clock.now)
    assert "1 đã nộp đúng hạn, 1 nộp trong thời hạn được gia hạn, 0 nộp muộn" in views.table(
        status, rt.config
    )
