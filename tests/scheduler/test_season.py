"""A whole NQ121 season against a real SMTP server, from four weeks before 25/10 to two weeks after."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import random
import threading
from collections import Counter
from email.message import EmailMessage
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from app import views
from app.cli import main
from intake import message, pipeline
from intake import review as review_mod
from kernel import config as config_mod
from kernel import status as status_mod
from kernel.config import Config
from kernel.mailids import domain_of
from kernel.mailids import make as message_id
from kernel.runtime import Runtime
from kernel.store import MessageRow, MessageState, ReviewRow, SubmissionKind
from samples.documents import render_docx, render_text
from samples.papers import make_paper
from scheduler import jobs
from scheduler.outbox import Outbox, OutboxState
from scheduler.outgoing import MailKind, make_key
from scheduler.plan import digest_slots, reminder_steps
from scheduler.render import Renderer
from tests.scheduler.conftest import (
    SCHOOLS,
    SECTIONS,
    SENDER,
    STAFF,
    Clock,
    SmtpServer,
    config_text,
    extend_c,
    local,
    open_runtime,
    submit,
)

SUBMITTED = {
    "a": (local("2021-10-05 09:00"), SECTIONS),  # early: never reminded
    "b": (local("2021-10-19 10:00"), SECTIONS),  # after two reminders
    "c": (local("2021-10-28 15:00"), SECTIONS),  # late
    "e": (local("2021-10-21 09:00"), SECTIONS[:3]),  # on time, without "Đề xuất, kiến nghị"
}  # "d" never reports
TIMES = ("07:00", "07:30", "12:00", "18:00")
EXPECTED_REMINDERS = {
    "a": [],
    "b": ["before-14", "before-7"],
    # 24/10/2021, a day before the deadline, was a Sunday: that reminder went out on Friday 22/10, three
    # days before, in place of that day's own.
    "c": ["before-14", "before-7", "before-1", "overdue-1"],
    "d": ["before-14", "before-7", "before-1", "overdue-1", "overdue-8"],
    "e": ["before-14", "before-7"],
}
MONDAYS = ["2021-09-27", "2021-10-04", "2021-10-11", "2021-10-18", "2021-10-25", "2021-11-01", "2021-11-08"]
LAST_WEEK = ["2021-10-19", "2021-10-20", "2021-10-21", "2021-10-22"]  # the weekend's are Monday's


def drive(rt: Runtime, clock: Clock, first: str, last: str, done: set[str]) -> None:
    """Tick four times a day; schools report as SUBMITTED says, seen by the first tick after."""
    day = dt.date.fromisoformat(first)
    while day <= dt.date.fromisoformat(last):
        for time in TIMES:
            clock.now = local(f"{day} {time}")
            for school, (when, found) in SUBMITTED.items():
                if school not in done and when <= clock.now:
                    submit(rt, school, when, found=found)
                    done.add(school)
            jobs.tick(rt)
        day += dt.timedelta(days=1)


def steps_by_message_id(config: Config) -> dict[str, tuple[str, str, str]]:
    """Message-ID -> (kind, school or "-", step) for every mail the season could send."""
    report = config.reports[0]
    domain = domain_of(SENDER)
    found = {}
    for step in reminder_steps(report, 2021, config):
        for school in SCHOOLS:
            found[message_id(make_key(MailKind.REMINDER, "nq121", 2021, school, step.name), domain)] = (
                MailKind.REMINDER,
                school,
                step.name,
            )
        found[message_id(make_key(MailKind.MISSING_LIST, "nq121", 2021, None, step.name), domain)] = (
            MailKind.MISSING_LIST,
            "-",
            step.name,
        )
    for slot in digest_slots(report, 2021, config):
        found[message_id(make_key(MailKind.DIGEST, "nq121", 2021, None, slot.name), domain)] = (
            MailKind.DIGEST,
            "-",
            slot.name,
        )
    return found


def assert_whole_season(smtp: SmtpServer, config: Config) -> None:
    ids = Counter(d.message_id for d in smtp.delivered)
    assert [i for i, n in ids.items() if n > 1] == [], "a message arrived twice"
    steps = steps_by_message_id(config)
    for school, (_, address) in SCHOOLS.items():
        got = [steps[d.message_id][2] for d in smtp.to(address) if d.message_id in steps]
        assert got == EXPECTED_REMINDERS[school], school
        if school in SUBMITTED:
            assert all(d.at < SUBMITTED[school][0] for d in smtp.to(address) if d.message_id in steps)
    to_staff = [steps[d.message_id] for d in smtp.delivered if d.message["To"] == STAFF]
    assert [s for k, _, s in to_staff if k == MailKind.DIGEST] == sorted(MONDAYS + LAST_WEEK)
    assert [s for k, _, s in to_staff if k == MailKind.MISSING_LIST] == ["before-14", "before-7", "before-1"]
    copied = sorted(steps[d.message_id][1:] for d in smtp.to(STAFF) if d.message["Cc"])
    assert copied == [("c", "overdue-1"), ("d", "overdue-1"), ("d", "overdue-8")]  # from the 4th reminder


def test_a_whole_season_sends_each_school_exactly_its_reminders(
    rt: Runtime, clock: Clock, smtp: SmtpServer, config: Config
) -> None:
    drive(rt, clock, "2021-09-27", "2021-11-08", set())

    assert_whole_season(smtp, config)
    reminder = next(d for d in smtp.to(SCHOOLS["d"][1]) if "Nhắc nộp" in d.subject)
    assert reminder.message["Auto-Submitted"] == "auto-generated"
    assert reminder.message["Message-ID"].endswith("@example.edu.vn>")
    body = reminder.message.get_body(("plain",)).get_content()
    assert "Kính gửi: Hiệu trưởng Trường THCS Nhị Thành" in body
    assert "Phòng Giáo dục và Đào tạo huyện Thủ Thừa đề nghị nhà trường gửi báo cáo" in body
    overdue = [d for d in smtp.to(SCHOOLS["d"][1]) if "Quá hạn" in d.subject]
    assert [d.at.date().isoformat() for d in overdue] == ["2021-10-26", "2021-11-02"]


def test_every_report_is_acknowledged_once_to_its_sender_in_reply(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    drive(rt, clock, "2021-10-04", "2021-10-29", set())

    acks = [d for d in smtp.delivered if d.subject.startswith("Đã nhận")]
    assert sorted(a.rcpt for a in acks) == sorted((SCHOOLS[s][1],) for s in SUBMITTED)
    late = next(a for a in acks if a.rcpt == (SCHOOLS["c"][1],))
    assert late.message["In-Reply-To"] == "<c-202110281500@example.edu.vn>"
    text = late.message.get_body(("plain",)).get_content()
    assert "Trường Tiểu học Mỹ An" in text and "sau hạn nộp (hết ngày 25/10/2021)" in text
    assert "bao-cao-nq121.pdf" in text
    assert "trả lời thư này hoặc gửi thư về địa chỉ pgdthuthua@example.edu.vn" in text
    partial = next(a for a in acks if a.rcpt == (SCHOOLS["e"][1],))
    assert (
        "chưa tìm thấy các nội dung: Đề xuất, kiến nghị" in partial.message.get_body(("plain",)).get_content()
    )


def test_digest_is_one_multipart_mail_with_text_html_and_the_table(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    drive(rt, clock, "2021-10-01", "2021-10-25", set())

    digest = next(
        d for d in smtp.delivered if "Tổng hợp" in d.subject and d.at.date() == dt.date(2021, 10, 25)
    )
    msg: EmailMessage = digest.message
    plain = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert "CÁC TRƯỜNG CHƯA NỘP (2)" in plain and "Số trường phải nộp" in plain
    # Counted among those received, and in mails: said so, not as more parts of the schools owing.
    assert "Đã nhận nhưng thiếu nội dung" in plain and "Số thư chờ xem xét" in plain
    assert "<table" in html and "Trường THCS Nhị Thành" in html
    (attachment,) = list(msg.iter_attachments())
    assert attachment.get_filename() == "tinh-hinh-nq121-2021-20211025.xlsx"


def test_a_digest_in_csv_says_its_table_is_utf_8(config_path: Path, clock: Clock, smtp: SmtpServer) -> None:
    """The digest's table as CSV came as «text/csv» with no charset: a mail client that shows or saves it
    by the charset it is told, not by the byte order mark, turned the schools' names into «TrÆ°á»ng»."""
    config_path.write_text(config_text(smtp.port, digest_format="csv"), encoding="utf-8")
    rt = open_runtime(config_mod.load(config_path), clock)
    try:
        drive(rt, clock, "2021-10-25", "2021-10-25", set())
    finally:
        rt.close()

    digest = next(d for d in smtp.delivered if "Tổng hợp" in d.subject)
    (attachment,) = list(digest.message.iter_attachments())
    assert attachment.get_content_type() == "text/csv"
    assert attachment.get_content_charset() == "utf-8", attachment["Content-Type"]
    assert "Trường THCS Nhị Thành" in attachment.get_payload(decode=True).decode("utf-8-sig")


def test_a_restart_in_the_middle_duplicates_nothing(config: Config, clock: Clock, smtp: SmtpServer) -> None:
    done: set[str] = set()
    first = open_runtime(config, clock)
    drive(first, clock, "2021-09-27", "2021-10-22", done)
    first.close()
    clock.now = local("2021-10-22 07:30")  # the same morning, again: a restart replays the tick
    second = open_runtime(config, clock)
    jobs.tick(second)
    drive(second, clock, "2021-10-22", "2021-11-08", done)
    second.close()

    assert_whole_season(smtp, config)


def test_a_daemon_down_for_days_catches_up_once_not_once_per_missed_run(
    rt: Runtime, clock: Clock, smtp: SmtpServer, config: Config
) -> None:
    drive(rt, clock, "2021-10-11", "2021-10-14", set())
    before = len(smtp.delivered)
    for school in "be":  # intake kept recording while the scheduler was down
        submit(rt, school, SUBMITTED[school][0], found=SUBMITTED[school][1])
    clock.now = local("2021-10-23 12:00")  # down from the 15th: missed 7 days before and five digests
    jobs.tick(rt)

    steps = steps_by_message_id(config)
    caught_up = sorted(steps[d.message_id] for d in smtp.delivered[before:] if d.message_id in steps)
    assert caught_up == [  # the day before the deadline, a Sunday, had its step on Friday 22/10
        (MailKind.DIGEST, "-", "2021-10-22"),  # Friday's: no digest on a Saturday
        (MailKind.MISSING_LIST, "-", "before-1"),
        (MailKind.REMINDER, "c", "before-1"),
        (MailKind.REMINDER, "d", "before-1"),
    ]
    acks = [d.rcpt for d in smtp.delivered[before:] if d.subject.startswith("Đã nhận")]
    assert acks == [(SCHOOLS["e"][1],)]  # b reported four days ago: too old to acknowledge now


def test_a_catch_up_past_the_deadline_waits_for_a_working_morning(
    rt: Runtime, clock: Clock, smtp: SmtpServer, config: Config
) -> None:
    """baocao first ran on Saturday 30/10/2021, past the deadline of 25/10: at once, that Saturday, every
    school that owed the report got the missed «Quá hạn nộp» reminder, and the next step's followed on
    the working morning after. Mail missed past the deadline waits for a working day's office hours (and
    a night's for the morning): each school hears once, on Monday at 07:30."""
    reminders: dict[str, list[str]] = {}
    for moment in ("2021-10-30 10:00", "2021-10-31 16:00", "2021-11-01 06:00", "2021-11-01 07:30"):
        clock.now = local(moment)
        jobs.tick(rt)
        for d in smtp.delivered:
            if d.subject.startswith("Quá hạn nộp"):
                reminders.setdefault(d.rcpt[0], []).append(moment)
        smtp.delivered.clear()
    assert reminders == {email: ["2021-11-01 07:30"] for _, email in SCHOOLS.values()}


def test_a_catch_up_before_the_mornings_reminder_waits_for_it_instead_of_taking_its_place(
    rt: Runtime, clock: Clock, smtp: SmtpServer, config: Config
) -> None:
    """The daemon was down from 10/10 and came back at 03:00 on 18/10: it sent the missed reminder of
    two weeks before in the night, and at 07:30 the reminder of a week before was held (one a day) until
    the next morning. Staff got a missing list and a digest at 03:00 and another digest at 07:30. A step
    missed on a day whose own step is still to come waits for it: the day's mail goes out at its time,
    once, and stands for both."""
    done: set[str] = set()
    drive(rt, clock, "2021-10-04", "2021-10-10", done)
    before = len(smtp.delivered)
    clock.now = local("2021-10-18 03:00")
    jobs.tick(rt)
    steps = steps_by_message_id(config)
    assert [steps[d.message_id] for d in smtp.delivered[before:] if d.message_id in steps] == []

    for moment in ("2021-10-18 07:30", "2021-10-18 12:00", "2021-10-19 07:30"):
        clock.now = local(moment)
        jobs.tick(rt)
    sent = sorted(
        (steps[d.message_id], f"{d.at:%d %H:%M}") for d in smtp.delivered[before:] if d.message_id in steps
    )
    assert sent == [
        ((MailKind.DIGEST, "-", "2021-10-18"), "18 07:30"),
        ((MailKind.DIGEST, "-", "2021-10-19"), "19 07:30"),
        ((MailKind.MISSING_LIST, "-", "before-7"), "18 07:30"),
        *(((MailKind.REMINDER, school, "before-7"), "18 07:30") for school in "bcde"),
    ]


def test_smtp_down_for_a_day_then_back_sends_each_message_once(
    rt: Runtime, clock: Clock, smtp: SmtpServer, config: Config
) -> None:
    done: set[str] = set()
    drive(rt, clock, "2021-10-11", "2021-10-17", done)
    smtp.stop()
    for hour in range(6, 24):
        clock.now = local(f"2021-10-18 {hour:02d}:00") + dt.timedelta(minutes=30)
        jobs.tick(rt)
    waiting = Outbox(rt.store).entries(states=[OutboxState.PENDING])
    assert {e.kind for e in waiting} == {MailKind.REMINDER, MailKind.MISSING_LIST, MailKind.DIGEST}
    assert all(e.attempts > 1 and "không kết nối được máy chủ SMTP" in e.last_error for e in waiting)
    smtp.start()
    drive(rt, clock, "2021-10-19", "2021-10-20", done)

    ids = Counter(d.message_id for d in smtp.delivered)
    assert max(ids.values()) == 1
    steps = steps_by_message_id(config)
    late = [steps[d.message_id] for d in smtp.delivered if d.message_id in steps and d.at.date().day == 19]
    assert (MailKind.REMINDER, "d", "before-7") in late
    # The staff list of the 18th would name the schools of the 18th beside the 19th's digest: withdrawn.
    assert (MailKind.MISSING_LIST, "-", "before-7") not in late
    assert {e.state for e in Outbox(rt.store).entries(limit=1000)} <= {OutboxState.SENT, "cancelled"}


def test_two_daemons_sharing_a_database_never_send_twice(
    config: Config, clock: Clock, smtp: SmtpServer
) -> None:
    daemons = [open_runtime(config, clock), open_runtime(config, clock)]
    results: list[jobs.Delivery] = []
    day = dt.date(2021, 10, 10)
    while day <= dt.date(2021, 10, 27):
        clock.now = local(f"{day} 07:30")
        threads = [threading.Thread(target=lambda d=d: results.append(jobs.tick(d))) for d in daemons]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        day += dt.timedelta(days=1)
    for d in daemons:
        d.close()

    assert len(results) == 2 * 18  # every tick of both daemons finished without an error
    ids = Counter(d.message_id for d in smtp.delivered)
    assert ids and max(ids.values()) == 1
    # before-14, 7, 1 (on Friday 22/10 with 3) and the day after the deadline
    assert len(smtp.to(SCHOOLS["d"][1])) == 4


def _waiting(
    rt: Runtime,
    name: str,
    when: dt.datetime,
    report_id: str | None,
    year: int | None,
    candidates: tuple[str, ...],
) -> None:
    """Mail from the first candidate's address that intake left in review for staff."""
    sender = SCHOOLS[candidates[0]][1]
    subject = f"Báo cáo NQ121 - {SCHOOLS[candidates[0]][0]}"
    row = MessageRow(name, f"{name}@x", "test", sender, subject, when, MessageState.REVIEW, "", "", 1, when)
    reason = "Cần cán bộ chọn trường."
    review = ReviewRow(name, f"{name}@x", report_id, year, sender, subject, when, reason, candidates, ())
    rt.store.record_outcome(row, [], [review])


def test_a_school_whose_report_waits_in_review_is_not_reminded(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """Schools whose report waited for staff (c's report naming b on its header) were told they had
    not reported. A school's answer to our mail ("we will send it this afternoon") holds nothing, nor
    does a report waiting from a past season."""
    _waiting(rt, "k1", local("2021-10-05 09:00"), "nq121", 2021, ("c", "b"))
    _waiting(rt, "k2", local("2021-10-06 09:00"), None, None, ("e",))
    _waiting(rt, "k3", local("2020-11-02 09:00"), "nq121", 2020, ("d",))
    clock.now = local("2021-10-11 07:30")
    jobs.tick(rt)
    reminded = {school for school, (_, address) in SCHOOLS.items() if smtp.to(address)}
    assert reminded == {"a", "d", "e"}
    # Staff's missing list said every school listed had been reminded; it now says which were not.
    [missing] = [
        d.message.get_body(("plain",)).get_content()
        for d in smtp.to(STAFF)
        if "] Còn " in d.message["Subject"]
    ]
    held = [line for line in missing.splitlines() if "có thư chờ cán bộ xem xét, chưa nhắc" in line]
    assert sorted(school for school, (name, _) in SCHOOLS.items() for line in held if name in line) == [
        "b",
        "c",
    ]
    assert "trừ 2 trường có thư đang chờ cán bộ xem xét" in missing


def test_mail_that_many_tied_schools_may_be_from_holds_none_of_their_reminders(
    tmp_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    """A report headed only by its commune's People's Committee could be any of the commune's seven
    schools; six of them, picked arbitrarily, were told nothing and listed as held while the seventh was
    reminded. Mail that at most one of seven schools sent holds none of them (each still has "có thư
    chờ cán bộ xem xét" beside its name), and the review queue lists all seven, the last as a count."""
    extra = "".join(
        f'[[schools]]\nid = "m{n}"\nname = "Trường Mầm non Mỹ An {n}"\nemails = ["c0myan{n}@example.edu.vn"]\n'
        for n in (1, 2)
    )
    path = tmp_path / "config.toml"
    path.write_text(config_text(smtp.port) + extra, encoding="utf-8")
    config = config_mod.load(path)
    rt = open_runtime(config, clock)
    try:
        tied = ("c", "a", "b", "d", "e", "m1", "m2")
        _waiting(rt, "k1", local("2021-10-05 09:00"), "nq121", 2021, tied)
        clock.now = local("2021-10-11 07:30")
        [status] = jobs.statuses(rt, clock.now)
        assert status.in_review == frozenset() and all(status.waiting_for(s) for s in tied)
        jobs.tick(rt)
        addresses = [*(address for _, address in SCHOOLS.values()), "c0myan1@example.edu.vn"]
        assert all(smtp.to(address) for address in addresses)
        text = views.review(rt.store.reviews(), [], {}, config, "table")
        assert "và 1 trường khác" in str(text) and "m1 (Trường Mầm non Mỹ An 1)" in str(text)
        assert "m2 (" not in str(text)
    finally:
        rt.close()


def test_the_digest_marks_a_missing_school_whose_waiting_mail_holds_no_reminder(
    rt: Runtime, clock: Clock
) -> None:
    """A missing school whose only mail waiting for staff was a note that the report went by Zalo (or a
    correction, an answer to our mail) got no note in the digest's missing list, though `baocao missing`
    and the staff page said "Có 1 thư đang chờ cán bộ xem xét": staff chased a school whose mail sat in
    the queue. Every list now says so; only held schools are also said not to be reminded."""
    _waiting(rt, "k1", local("2021-10-05 09:00"), "nq121", 2021, ("c",))
    _waiting(rt, "k2", local("2021-10-06 09:00"), None, None, ("d",))
    now = local("2021-10-11 07:30")
    [status] = jobs.statuses(rt, now)
    text = Renderer(rt.config).digest(status, now).text
    missing = text.split("CÁC TRƯỜNG CHƯA NỘP")[1].split("\n\n")[1]  # the table, not the review list
    lines = {
        school: line for school, (name, _) in SCHOOLS.items() for line in missing.splitlines() if name in line
    }
    assert "có 1 thư đang chờ cán bộ xem xét" in lines["d"] and "chưa nhắc" not in lines["d"]
    assert "có thư chờ cán bộ xem xét, chưa nhắc" in lines["c"]
    assert "chờ cán bộ" not in lines["a"]


def test_a_school_whose_mail_could_not_be_processed_is_not_reminded(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """A school's scanned report that failed on the office's machine (tesseract without its Vietnamese
    model) left the school "not reported", and it was reminded to send what it had sent while the fix
    was the office's. Mail that failed before the last season closed holds nothing."""
    for name, school, when in (("f1", "b", "2021-10-05 09:00"), ("f0", "d", "2020-10-20 09:00")):
        at = local(when)
        reason = "Máy chủ chưa đọc được bản scan trong thư."
        row = MessageRow(
            name,
            f"{name}@x",
            "test",
            SCHOOLS[school][1],
            "Báo cáo",
            at,
            MessageState.FAILED,
            reason,
            "",
            1,
            at,
        )
        rt.store.record_outcome(row, [], [])
    clock.now = local("2021-10-11 07:30")
    jobs.tick(rt)
    reminded = {school for school, (_, address) in SCHOOLS.items() if smtp.to(address)}
    assert reminded == {"a", "c", "d", "e"}
    [missing] = [
        d.message.get_body(("plain",)).get_content()
        for d in smtp.to(STAFF)
        if "] Còn " in d.message["Subject"]
    ]
    held = [line for line in missing.splitlines() if "có thư chờ cán bộ xem xét, chưa nhắc" in line]
    assert [school for school, (name, _) in SCHOOLS.items() for line in held if name in line] == ["b"]


def test_an_unreadable_report_is_asked_for_again_by_the_deadline_day_itself(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """The acknowledgement and the reminder of a report that could not be read asked for it again
    "trước ngày 25/10/2021" (before 25/10), while a report received on 25/10 counts as on time and
    the other reminders say "chậm nhất ngày 25/10/2021": the school was told a day less than it had."""
    sub = submit(rt, "c", local("2021-10-05 09:00"))
    problem = "Tệp Word bao-cao-nq121.docx bị hỏng, không mở được."
    unread = dataclasses.replace(sub, kind=SubmissionKind.UNREADABLE, problems=(problem,))
    message = rt.store.message(sub.message_key)
    assert message is not None
    rt.store.record_outcome(dataclasses.replace(message, state=MessageState.UNREADABLE), [unread], [])
    for now in ("2021-10-05 10:00", "2021-10-11 07:30"):
        clock.now = local(now)
        jobs.tick(rt)
    texts = [d.message.get_content() for d in smtp.to(SCHOOLS["c"][1])]
    assert len(texts) == 2  # the acknowledgement, then the reminder
    for text in texts:
        assert problem in text and "chậm nhất ngày 25/10/2021" in text and "trước ngày" not in text


def test_a_school_told_last_evening_its_file_is_unreadable_is_not_reminded_of_it_this_morning(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """A school's report of 10/10 could not be read; the acknowledgement at 17:00 said so and asked for
    the file again, and the reminder of 11/10 at 07:30 repeated the same fault and request word for word.
    A school told since yesterday that its file could not be read gets no reminder saying it again; the
    reminder due goes out the day after."""
    sub = submit(rt, "c", local("2021-10-10 16:30"))
    problem = "Tệp Word bao-cao-nq121.docx bị hỏng, không mở được."
    unread = dataclasses.replace(sub, kind=SubmissionKind.UNREADABLE, problems=(problem,))
    message = rt.store.message(sub.message_key)
    assert message is not None
    rt.store.record_outcome(dataclasses.replace(message, state=MessageState.UNREADABLE), [unread], [])
    for now in ("2021-10-10 17:00", "2021-10-11 07:30"):
        clock.now = local(now)
        jobs.tick(rt)
    [ack] = smtp.to(SCHOOLS["c"][1])
    assert problem in ack.message.get_content()
    clock.now = local("2021-10-12 07:30")
    jobs.tick(rt)
    [_, reminder] = smtp.to(SCHOOLS["c"][1])
    assert reminder.subject.startswith("Đề nghị gửi lại"), reminder.subject


def test_an_unreadable_report_asked_for_after_the_deadline_is_said_to_be_overdue(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """A school whose report of 5/10 could not be read got, after the deadline, a reminder asking for it
    again «trong thời gian sớm nhất» and nothing more: unlike every other school's overdue reminder, it
    never said the deadline had passed, and the principal, who had mailed on time, believed the school
    was still on time."""
    submit(rt, "c", local("2021-10-05 09:00"), found=(), problems=("Tệp bao-cao-nq121.pdf bị hỏng.",))
    clock.now = local("2021-10-27 07:30")
    jobs.tick(rt)
    [reminder] = [d for d in smtp.to(SCHOOLS["c"][1]) if d.subject.startswith("Đề nghị gửi lại")]
    text = reminder.message.get_content()
    assert "Hạn nộp là hết ngày 25/10/2021; đến 07:30 ngày 27/10/2021, báo cáo đã quá hạn 2 ngày." in text
    assert "trong thời gian sớm nhất" in text


def test_a_school_that_opens_in_the_season_is_reminded_only_once_it_is_on_the_roster(
    tmp_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    """A school on the roster from 20/10 (a new or merged school: `from` before the deadline) owes the
    report, but was sent every reminder from the first one on 11/10, to an address of a school that
    did not exist yet. It now gets the latest reminder due on its first day, then the rest."""
    opened = "c0hoamai.thuthua@example.edu.vn"
    path = tmp_path / "config.toml"
    path.write_text(
        config_text(smtp.port)
        + f'[[schools]]\nid = "f"\nname = "Trường Mầm non Hoa Mai"\nemails = ["{opened}"]\nfrom = "2021-10-20"\n',
        encoding="utf-8",
    )
    rt = open_runtime(config_mod.load(path), clock)
    try:
        for day in ("2021-10-11", "2021-10-18", "2021-10-19", "2021-10-20", "2021-10-22"):
            clock.now = local(f"{day} 07:30")
            jobs.tick(rt)
    finally:
        rt.close()

    assert [d.at.date().isoformat() for d in smtp.to(opened)] == ["2021-10-20", "2021-10-22"]
    assert len(smtp.to(SCHOOLS["d"][1])) == 3  # the schools already open: 11/10, 18/10 and 22/10
    # The digest of 18/10 said as much as the missing list: the school it counts missing is not reminded yet.
    [digest] = [d for d in smtp.to(STAFF) if "Tổng hợp" in d.subject and d.at.date() == dt.date(2021, 10, 18)]
    text = digest.message.get_body(("plain",)).get_content()
    assert "Trường Mầm non Hoa Mai (có tên trong danh sách từ 20/10/2021, chưa nhắc)" in text


def test_the_missing_list_says_which_schools_were_not_reminded_and_why(
    tmp_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    """The staff's missing list said "Hôm nay hệ thống đã gửi thư nhắc đến các trường này" of every
    school it listed, including one with no address in the config (never reminded all season, which
    staff could only guess from "(chưa có địa chỉ)") and one with an extension, reminded on its own
    deadline's days, not today."""
    path = tmp_path / "config.toml"
    path.write_text(
        config_text(smtp.port).replace(f'emails = ["{SCHOOLS["e"][1]}"]', "emails = []"), encoding="utf-8"
    )
    rt = open_runtime(config_mod.load(path), clock)
    extend_c(rt, local("2021-10-15 09:00"), reason="Trường bị ngập")
    clock.now = local("2021-10-18 07:30")
    jobs.tick(rt)
    rt.close()

    (listed,) = [d for d in smtp.to(STAFF) if "] Còn " in d.subject]
    text = listed.message.get_body(("plain",)).get_content()
    assert "Còn 5/5 trường" in listed.subject
    assert "trừ 2 trường ghi «chưa nhắc» trong bảng" in text
    lines = {
        school: line for school, (name, _) in SCHOOLS.items() for line in text.splitlines() if name in line
    }
    assert "chưa có địa chỉ thư, không nhắc được" in lines["e"]
    assert "chưa nhắc hôm nay" in lines["c"] and "gia hạn đến 05/11/2021" in lines["c"]
    assert not any("chưa nhắc" in lines[s] for s in "abd")
    assert {s for s, (_, address) in SCHOOLS.items() if smtp.to(address)} == {"a", "b", "d"}


def test_staff_learn_which_schools_addresses_return_our_mail(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """Reminders to a school's mistyped address came back as bounces all season; the bounces were
    noise, so the digest and the missing list went on listing the school as reminded, and staff never
    learned its address did not work. A bounce of another season's mail is not this season's news."""
    for name, when, address in (
        ("b1", local("2021-10-11 07:35"), SCHOOLS["d"][1]),
        ("b0", local("2020-10-12 07:35"), SCHOOLS["e"][1]),
    ):
        row = MessageRow(
            name,
            f"{name}@mx",
            "test",
            "mailer-daemon@mx.example.edu.vn",
            "Undelivered Mail",
            when,
            MessageState.NOISE,
            "Thư báo lỗi gửi thư",
            "",
            1,
            when,
            automatic=True,
            bounced=(address,),
        )
        rt.store.record_outcome(row, [], [])
    clock.now = local("2021-10-18 07:30")
    jobs.tick(rt)

    [digest] = [
        d.message.get_body(("plain",)).get_content() for d in smtp.to(STAFF) if "Tổng hợp" in d.subject
    ]
    [missing] = [
        d.message.get_body(("plain",)).get_content() for d in smtp.to(STAFF) if "] Còn " in d.subject
    ]
    assert "ĐỊA CHỈ THƯ BỊ TRẢ LẠI (1)" in digest
    section = digest.split("ĐỊA CHỈ THƯ BỊ TRẢ LẠI")[1].split("\n\n\n")[0]
    assert SCHOOLS["d"][0] in section and "07:35 ngày 11/10/2021" in section
    assert SCHOOLS["e"][0] not in section
    [line] = [line for line in missing.splitlines() if SCHOOLS["d"][0] in line]
    assert f"thư gửi đến {SCHOOLS['d'][1]} bị trả lại" in line


def _postfix_bounce(address: str, status: str, said: str, when: dt.datetime) -> bytes:
    """Postfix's delivery-failure report (RFC 3464) of our reminder to address: status and its words."""
    head = (
        "From: MAILER-DAEMON@mail.vnpt.vn (Mail Delivery System)\r\nTo: pgdthuthua@example.edu.vn\r\n"
        f"Subject: Undelivered Mail Returned to Sender\r\nDate: {when:%a, %d %b %Y %H:%M:%S %z}\r\n"
        f"Message-ID: <{status}.{address}@mail.vnpt.vn>\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
    )
    return (
        f"{head}--B\r\nContent-Type: text/plain\r\n\r\nThis is the mail system at host mail.vnpt.vn.\r\n"
        f"<{address}>: host 127.0.0.1 said: {said} (in reply to RCPT TO command)\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mail.vnpt.vn\r\n\r\n"
        f"Final-Recipient: rfc822; {address}\r\nAction: failed\r\nStatus: {status}\r\n"
        f"Diagnostic-Code: smtp; {said}\r\n--B--\r\n"
    ).encode()


def test_a_full_mailbox_is_told_as_full_and_no_school_is_asked_for_a_new_address(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """«552 5.2.2 Mailbox full» of Mỹ An's reminder was shown in the missing list, the digest, the status
    JSON and the page as any returned mail, and Mỹ An's next reminder asked it for its new address: its
    address is right, its mailbox full. Nhị Thành's address that does not exist (5.1.1) is still told as
    one to check."""
    my_an, nhi_thanh = SCHOOLS["c"][1], SCHOOLS["d"][1]
    when = local("2021-10-11 09:40")
    for address, status, said in (
        (my_an, "5.2.2", f"552 5.2.2 <{my_an}>: Mailbox full: quota exceeded"),
        (nhi_thanh, "5.1.1", f"550 5.1.1 <{nhi_thanh}>: Recipient address rejected: User unknown"),
    ):
        pipeline.process(rt, _postfix_bounce(address, status, said, when), received_at=when, source="test")
    clock.now = local("2021-10-18 07:30")
    jobs.tick(rt)

    full = "hộp thư của trường đã đầy, thư không vào được; địa chỉ vẫn đúng"
    wrong = status_mod.NO_MAILBOX
    [missing] = [
        d.message.get_body(("plain",)).get_content() for d in smtp.to(STAFF) if "] Còn " in d.subject
    ]
    [line] = [x for x in missing.splitlines() if SCHOOLS["c"][0] in x]
    assert f"thư gửi đến {my_an} bị trả lại ngày 11/10/2021: {full}" in line
    [line] = [x for x in missing.splitlines() if SCHOOLS["d"][0] in x]
    assert f"thư gửi đến {nhi_thanh} bị trả lại ngày 11/10/2021: {wrong}" in line
    [digest] = [
        d.message.get_body(("plain",)).get_content() for d in smtp.to(STAFF) if "Tổng hợp" in d.subject
    ]
    section = digest.split("ĐỊA CHỈ THƯ BỊ TRẢ LẠI")[1].split("\n\n\n")[0]
    [row] = [x for x in section.splitlines() if my_an in x]
    assert "hộp thư đã đầy" in row and "không tồn tại" not in row
    [row] = [x for x in section.splitlines() if nhi_thanh in x]
    assert "không tồn tại" in row and "đầy" not in row
    [reminder] = [d.message.get_body(("plain",)).get_content() for d in smtp.to(my_an)]
    assert f"Lưu ý: thư gửi đến {my_an} bị trả lại ngày 11/10/2021: {full}." in reminder
    assert "địa chỉ mới" not in reminder and "xóa bớt thư cũ" in reminder
    [reminder] = [d.message.get_body(("plain",)).get_content() for d in smtp.to(nhi_thanh)]
    assert wrong in reminder and "đề nghị báo địa chỉ mới" in reminder
    status = status_mod.load(rt.config, rt.store, "nq121", 2021, clock.now)
    [c] = [s for s in json.loads(views.as_json(status, rt.config))["schools"] if s["school_id"] == "c"]
    assert [(b["address"], b["mailbox_full"]) for b in c["bounced"]] == [(my_an, True)]


def test_mail_refused_as_spam_or_by_a_disabled_mailbox_is_not_told_as_an_address_to_fix(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """«550 5.7.1 Message rejected as spam» of Mỹ An's reminder and «550 5.2.1 Mailbox disabled» of Nhị
    Thành's were told in the missing list, the digest and the next reminders as an address that does not
    exist, to check and fix («đề nghị báo địa chỉ mới»): both addresses are right. Each is told by its
    status's class (RFC 3463), with what helps."""
    my_an, nhi_thanh = SCHOOLS["c"][1], SCHOOLS["d"][1]
    when = local("2021-10-11 09:40")
    for address, status, said in (
        (my_an, "5.7.1", "550 5.7.1 Message rejected as spam"),
        (nhi_thanh, "5.2.1", f"550 5.2.1 <{nhi_thanh}>: Mailbox disabled, not accepting messages"),
    ):
        pipeline.process(rt, _postfix_bounce(address, status, said, when), received_at=when, source="test")
    clock.now = local("2021-10-18 07:30")
    jobs.tick(rt)

    [missing] = [
        d.message.get_body(("plain",)).get_content() for d in smtp.to(STAFF) if "] Còn " in d.subject
    ]
    [digest] = [
        d.message.get_body(("plain",)).get_content() for d in smtp.to(STAFF) if "Tổng hợp" in d.subject
    ]
    section = digest.split("ĐỊA CHỈ THƯ BỊ TRẢ LẠI")[1].split("\n\n\n")[0]
    for address, said, asked in (
        (my_an, "thư rác", "cho phép hộp thư nhận thư"),
        (nhi_thanh, "hộp thư bị khóa", "mở lại hộp thư"),
    ):
        [line] = [x for x in missing.splitlines() if address in x and "bị trả lại" in x]
        [row] = [x for x in section.splitlines() if address in x]
        for told in (line, row):
            assert said in told and "vẫn đúng" in told, told
            assert "không tồn tại" not in told and "kiểm tra lại" not in told, told
        [reminder] = [d.message.get_body(("plain",)).get_content() for d in smtp.to(address)]
        assert said in reminder and asked in reminder and "địa chỉ mới" not in reminder
        # the note is a paragraph of its own, a blank line before the closing as in every other reminder
        closing = reminder.replace("\r\n", "\n").split("\n\nTrân trọng./.")[0]
        assert asked in closing.splitlines()[-1]


def test_the_send_log_says_which_sent_mail_came_back(
    rt: Runtime, clock: Clock, smtp: SmtpServer, config_path: Path
) -> None:
    """Nhị Thành's reminder came back «550 5.1.1» (the bounce carries our reminder), yet `baocao outbox`
    kept calling it plain «Đã gửi»: staff reading the send log thought the school had it. It says «Bị trả
    lại», and its JSON which recipient it did not reach; mail no bounce returned is «Đã gửi» still. The
    bounce and the school's note name the mail that came back: the reminder, and the day it was sent."""
    nhi_thanh = SCHOOLS["d"][1]
    clock.now = local("2021-10-18 07:30")
    jobs.tick(rt)
    [sent] = [d.message for d in smtp.to(nhi_thanh)]
    bounce = EmailMessage()
    bounce["From"] = "MAILER-DAEMON@mail.vnpt.vn"
    bounce["To"] = "pgdthuthua@example.edu.vn"
    bounce["Subject"] = "Undelivered Mail Returned to Sender"
    bounce["Message-ID"] = "<returned.1@mail.vnpt.vn>"
    bounce["Auto-Submitted"] = "auto-replied"
    bounce.set_content(f"<{nhi_thanh}>: 550 5.1.1 Recipient address rejected: User unknown")
    bounce.add_attachment(sent)
    when = local("2021-10-18 07:40")
    outcome = pipeline.process(rt, bounce.as_bytes(), received_at=when, source="test")
    assert outcome.state == MessageState.NOISE and nhi_thanh in outcome.reason
    assert " Thư bị trả lại là thư nhắc gửi ngày 18/10/2021." in outcome.reason
    clock.now = local("2021-10-18 08:00")
    season = status_mod.load(rt.config, rt.store, "nq121", 2021, clock.now)
    [note] = season.bounced_notes([nhi_thanh])
    assert note.startswith(
        f"thư gửi đến {nhi_thanh} bị trả lại ngày 18/10/2021 (thư nhắc gửi ngày 18/10/2021): "
    )
    assert "không phải thư do hệ thống gửi" not in note
    text = CliRunner().invoke(main, ["--config", str(config_path), "outbox"], obj=clock).output
    [line] = [x for x in text.splitlines() if nhi_thanh in x]
    assert "Bị trả lại" in line and "Đã gửi" not in line
    assert any("Đã gửi" in x for x in text.splitlines() if SCHOOLS["c"][1] in x)
    shown = json.loads(
        CliRunner()
        .invoke(main, ["--config", str(config_path), "outbox", "--format", "json"], obj=clock)
        .output
    )
    assert [e["returned"] for e in shown if nhi_thanh in e["to"]] == [[nhi_thanh]]


@pytest.mark.parametrize(
    ("subject", "paper_of", "held"),
    [
        ("Báo cáo NQ121 - Trường Tiểu học Mỹ An", "b", {"b", "c"}),
        ("Bản nháp báo cáo NQ121, nhờ Phòng góp ý", "c", {"c"}),
    ],
    ids=["another-schools-header", "draft"],
)
def test_a_reminder_withdrawn_for_mail_staff_then_reject_goes_out_at_the_next_tick(
    rt: Runtime, clock: Clock, smtp: SmtpServer, subject: str, paper_of: str, held: set[str]
) -> None:
    """Regression: the reminders of 11/10 waited for the SMTP server while school c mailed a report under
    school b's header (or its draft for comment), which held back the reminders of the schools it may be
    from (withdrawn: a report waited in review). Staff rejected the mail, yet the withdrawn reminders
    counted as sent: the schools heard nothing until the next reminder a week later. They go out at the
    next tick; no other reminder is sent twice. (A draft held nothing before: its review named no report.)"""
    smtp.stop()
    clock.now = local("2021-10-11 07:30")
    jobs.tick(rt)  # the reminders wait for the server
    mail = EmailMessage()
    mail["From"] = SCHOOLS["c"][1]
    mail["To"] = SENDER
    mail["Subject"] = subject
    mail["Message-ID"] = "<bc-c@example.edu.vn>"
    mail["Date"] = "Mon, 11 Oct 2021 08:00:00 +0700"
    mail.set_content("Kính gửi Phòng, trường gửi báo cáo thực hiện Nghị quyết 121/2020/QH14 ạ.")
    paper = render_docx(make_paper(SCHOOLS[paper_of][0], year=2021, rng=random.Random(2)))
    mail.add_attachment(paper, maintype="application", subtype="octet-stream", filename="BC NQ121.docx")
    outcome = pipeline.process(rt, mail.as_bytes(), received_at=local("2021-10-11 08:00"), source="test")
    assert outcome.state == MessageState.REVIEW and set(outcome.reviews[0].candidates) == held
    smtp.start()
    clock.now = local("2021-10-11 09:00")
    assert len(jobs.tick(rt).withdrawn) == len(held)
    assert not any(smtp.to(SCHOOLS[school][1]) for school in held)
    clock.now = local("2021-10-11 10:00")
    review_mod.reject(rt, outcome.key, by=STAFF, why="trường gửi nhầm tệp")
    clock.now = local("2021-10-11 12:00")
    jobs.tick(rt)
    for school in held:
        [reminder] = smtp.to(SCHOOLS[school][1])
        assert reminder.subject.startswith("Nhắc nộp") and reminder.at == local("2021-10-11 12:00")
    assert all(len(smtp.to(address)) == 1 for _, address in SCHOOLS.values())


def test_a_deadline_falling_on_a_sunday_stays_that_sunday(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """25/10/2026 is a Sunday. The plan says «chậm nhất ngày 25/10 hằng năm» and moves it for no weekday:
    the reminders name that Sunday, and the day after it a school is overdue, not reminded of a Monday."""
    address = SCHOOLS["d"][1]
    for moment in ("2026-10-22 07:30", "2026-10-24 07:30", "2026-10-26 07:30"):
        clock.now = local(moment)
        jobs.tick(rt)
    texts = [d.message.get_body(("plain",)).get_content() for d in smtp.to(address)]
    assert len(texts) == 3, [d.subject for d in smtp.to(address)]
    assert "chậm nhất ngày 25/10/2026 (Chủ nhật, còn 3 ngày)" in texts[0]
    assert "chậm nhất ngày 25/10/2026 (Chủ nhật, tức ngày mai)" in texts[1]
    assert (
        "Hạn gửi" in texts[2] and "là hết ngày 25/10/2026" in texts[2] and "(đã quá hạn 1 ngày)" in texts[2]
    )
    assert all("(hạn cuối: hết ngày 25/10/2026)" in d.subject for d in smtp.to(address))


def test_a_report_of_a_school_merged_away_after_it_reported_waits_for_staff_not_lost(
    config_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    """Long Thạnh reported on 10/10; on 15/10 it merged into Mỹ An and config.toml said so. Its report then
    counted for nobody and no list showed it: Mỹ An was reminded that nothing had come and listed as
    missing, though intake would now put such a report in review (as mail under a merged school's name).
    It waits for staff, holding Mỹ An's reminders, until they assign it to Mỹ An, on time."""
    rt = open_runtime(config_mod.load(config_path), clock)
    clock.now = local("2021-10-10 09:00")
    submit(rt, "e", local("2021-10-10 08:00"))
    rt.close()
    text = config_path.read_text(encoding="utf-8")
    config_path.write_text(
        text.replace('id = "e"\n', 'id = "e"\nuntil = "2021-10-15"\nmerged_into = "c"\n'), encoding="utf-8"
    )
    rt = open_runtime(config_mod.load(config_path), clock)
    clock.now = local("2021-10-22 07:35")
    jobs.tick(rt)

    assert smtp.to(SCHOOLS["c"][1]) == []
    [listed] = [d for d in smtp.to(STAFF) if "chưa nộp báo cáo" in d.subject]
    text = listed.message.get_body(("plain",)).get_content()
    assert "Trường Tiểu học Mỹ An (có thư chờ cán bộ xem xét, chưa nhắc)" in text
    [digest] = [d for d in smtp.to(STAFF) if "Tổng hợp" in d.subject]
    assert "THƯ CHỜ CÁN BỘ XEM XÉT (1)" in digest.message.get_body(("plain",)).get_content()
    [waiting] = review_mod.pending(rt, "nq121", 2021)
    assert waiting.candidates[0] == "c" and "đã sáp nhập vào Trường Tiểu học Mỹ An" in waiting.reason

    review_mod.assign(rt, waiting.message_key, "c", by="test")

    found = {s.school_id: s for s in status_mod.load(rt.config, rt.store, "nq121", 2021, clock.now).schools}
    assert found["c"].status == "received" and found["c"].received_at == local("2021-10-10 08:00")
    assert review_mod.pending(rt, "nq121", 2021) == []
    rt.close()


def test_a_school_closed_after_the_deadline_is_listed_missing_and_said_not_reminded(
    tmp_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    """Long Thạnh closed on 30/10, after the deadline it missed: it still owes that season's report, but
    its address is no longer written to. The digest listed it among the missing like any school reminded
    that week, so staff waited for an answer to a reminder that never went."""
    path = tmp_path / "config.toml"
    path.write_text(
        config_text(smtp.port).replace('id = "e"\n', 'id = "e"\nuntil = "2021-10-30"\n'), encoding="utf-8"
    )
    rt = open_runtime(config_mod.load(path), clock)
    for moment in ("2021-10-26 07:30", "2021-11-01 07:30", "2021-11-02 07:30"):
        clock.now = local(moment)
        jobs.tick(rt)
    rt.close()

    assert [d.at.date().isoformat() for d in smtp.to(SCHOOLS["e"][1])] == ["2021-10-26"]
    [digest] = [d for d in smtp.to(STAFF) if "Tổng hợp" in d.subject and d.at.date() == dt.date(2021, 11, 1)]
    text = digest.message.get_body(("plain",)).get_content()
    assert "Trường Mẫu giáo Long Thạnh (không còn trong danh sách từ 31/10/2021, không nhắc)" in text


def test_a_report_of_a_school_taken_off_the_file_waits_only_while_its_season_runs(
    config_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    """A school taken off config.toml in the season it reported has its report wait for staff, as a
    school merged away does; an office tidying up schools closed years ago must not find their old
    reports waiting again once the season is over."""
    rt = open_runtime(config_mod.load(config_path), clock)
    submit(rt, "e", local("2021-10-10 08:00"))
    rt.close()
    name, address = SCHOOLS["e"]
    text = config_path.read_text(encoding="utf-8")
    config_path.write_text(
        text.replace(f'[[schools]]\nid = "e"\nname = "{name}"\nemails = ["{address}"]\n', ""),
        encoding="utf-8",
    )
    rt = open_runtime(config_mod.load(config_path), clock)
    clock.now = local("2021-10-22 07:35")
    [waiting] = review_mod.pending(rt)
    assert waiting.candidates == () and "trường mã «e» nay không còn trong tệp cấu hình" in waiting.reason
    clock.now = local("2022-06-01 07:35")
    assert review_mod.pending(rt) == [] and review_mod.pending(rt, "nq121", 2021) == []
    rt.close()


def test_a_reminder_that_waited_for_the_server_is_sent_in_the_words_true_when_it_leaves(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """A reminder composed while the SMTP server was down said «chưa nhận được báo cáo của nhà trường»;
    the school's mail came meanwhile and could not be read, and the reminder left in those words beside
    the acknowledgement «Đã nhận thư nhưng không đọc được báo cáo». It is withdrawn; the acknowledgement
    asks the school to send its file again, and no reminder says the same that day."""
    smtp.stop()
    clock.now = local("2021-10-22 07:35")
    jobs.tick(rt)
    submit(rt, "d", local("2021-10-22 08:00"), problems=("Tệp bao-cao-nq121.pdf được đặt mật khẩu.",))
    smtp.start()
    for moment in ("2021-10-22 08:05", "2021-10-22 08:10"):
        clock.now = local(moment)
        jobs.tick(rt)

    [told] = [d.subject for d in smtp.to(SCHOOLS["d"][1])]
    assert told.startswith("Đã nhận thư nhưng không đọc được báo cáo"), told


def test_a_report_stamped_after_this_machines_clock_counts_and_its_school_is_not_reminded(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """This machine's clock was set back an hour: the mail server stamped c's report 08:00, read at what
    the machine took for 07:25, and the 07:30 reminders told c «chưa nhận được báo cáo», the digest
    counting it missing: the status left out mail received «after now». Mail recorded counts, as long as
    the server's clock is less than a day ahead."""
    submit(rt, "c", local("2021-10-22 08:00"))
    clock.now = local("2021-10-22 07:30")  # three days before the deadline: reminders and the digest
    jobs.tick(rt)

    assert [d.subject for d in smtp.to(SCHOOLS["c"][1]) if not d.subject.startswith("Đã nhận")] == []
    assert smtp.to(SCHOOLS["b"][1]) != []
    digest = next(d for d in smtp.delivered if "Tổng hợp" in d.subject)
    assert "đã nhận 1/5" in digest.subject


def test_a_report_stamped_after_this_machines_clock_is_acknowledged_at_once(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """This machine's clock was an hour behind the mail server: c's report, stamped 08:00 and read at
    what the machine took for 07:25, counted in the 07:30 status (c was not reminded), yet its
    acknowledgement waited until the machine's clock passed 08:00, as if the mail were still to come.
    The acknowledgement follows the status: mail the server stamped less than a day ahead counts now."""
    submit(rt, "c", local("2021-10-22 08:00"))
    clock.now = local("2021-10-22 07:30")
    jobs.tick(rt)

    subjects = [d.subject for d in smtp.to(SCHOOLS["c"][1])]
    assert len(subjects) == 1 and subjects[0].startswith("Đã nhận"), subjects


def test_a_school_added_to_the_config_after_its_report_came_is_not_told_nothing_came(
    tmp_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    """Hoa Mai, missing from config.toml, mailed its report on 20/10 from its official address: unknown,
    the mail waited in review naming no school. Staff added the school on 27/10, and it was told «Quá hạn
    nộp … chưa nhận được báo cáo», the digest counting it missing with no word of its mail. Mail waiting
    that named no school, from an address the config now gives a school, is that school's mail waiting:
    the school is held (not reminded) and the lists say so until staff assign or reject it."""
    opened = "c0hoamai.thuthua@example.edu.vn"
    path = tmp_path / "config.toml"
    path.write_text(config_text(smtp.port), encoding="utf-8")
    rt = open_runtime(config_mod.load(path), clock)
    when = local("2021-10-20 09:00")
    row = MessageRow(
        "hm1", "hm1@x", "test", opened, "Báo cáo NQ121", when, MessageState.REVIEW, "", "", 1, when
    )
    review = ReviewRow(
        "hm1", "hm1@x", "nq121", 2021, opened, "Báo cáo NQ121", when, "không rõ trường", (), ()
    )
    rt.store.record_outcome(row, [], [review])
    rt.close()
    path.write_text(
        config_text(smtp.port)
        + f'[[schools]]\nid = "f"\nname = "Trường Mầm non Hoa Mai"\nemails = ["{opened}"]\n',
        encoding="utf-8",
    )
    rt = open_runtime(config_mod.load(path), clock)
    try:
        clock.now = local("2021-11-01 07:30")  # a Monday: overdue reminders and the digest
        jobs.tick(rt)
    finally:
        rt.close()

    assert smtp.to(opened) == []
    assert smtp.to(SCHOOLS["b"][1]) != []
    [digest] = [d for d in smtp.to(STAFF) if "Tổng hợp" in d.subject]
    text = digest.message.get_body(("plain",)).get_content()
    [line] = [x for x in text.splitlines() if "Hoa Mai" in x]
    assert "thư chờ cán bộ xem xét" in line, line


SECOND_REPORT = """
[[reports]]
id = "pctnd"
title = "Báo cáo công tác phòng, chống tai nạn đuối nước cho học sinh"
keywords = ["đuối nước"]
deadline = "10-27"
reminder_days = [5, 1]

  [[reports.sections]]
  id = "ket_qua"
  title = "Kết quả thực hiện"
  keywords = []
"""


def test_a_school_owing_two_reports_gets_one_reminder_a_morning_naming_both(
    tmp_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    """NQ121 was due on 25/10 and the drowning-prevention report on 27/10: on 22/10 the schools got
    «Nhắc nộp … Nghị quyết 121» and «Nhắc nộp … đuối nước» at the same minute, two mails to read as one
    errand. A school is reminded once a morning, in one mail naming every report it owes, and a run
    again sends nothing more."""
    path = tmp_path / "config.toml"
    path.write_text(config_text(smtp.port) + SECOND_REPORT, encoding="utf-8")
    rt = open_runtime(config_mod.load(path), clock)
    try:
        submit(rt, "a", local("2021-10-20 09:00"))  # a owes only the drowning-prevention report
        clock.now = local("2021-10-22 07:30")  # NQ121's «3 days before», pctnd's «5 days before»
        jobs.tick(rt)
        clock.now = local("2021-10-22 07:35")
        jobs.tick(rt)
    finally:
        rt.close()

    [to_b] = smtp.to(SCHOOLS["b"][1])
    assert to_b.subject.startswith("Nhắc nộp 2 báo cáo: báo cáo kết quả"), to_b.subject
    assert to_b.subject.count("Nhắc nộp") == 1  # not once more for each report
    text = to_b.message.get_body(("plain",)).get_content()
    assert "Nghị quyết 121/2020/QH14" in text and "đuối nước" in text
    assert "chậm nhất ngày 25/10/2021" in text and "chậm nhất ngày 27/10/2021" in text
    assert text.count("Kính gửi") == 1 and text.count("Thư được gửi tự động") == 1, text
    [to_a] = [d for d in smtp.to(SCHOOLS["a"][1]) if not d.subject.startswith("Đã nhận")]
    assert to_a.subject.startswith("Nhắc nộp") and "đuối nước" in to_a.subject


def test_two_reminders_that_waited_for_the_server_still_go_out_as_one_mail(
    tmp_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    """The SMTP server was down at 07:30 when b's reminders of NQ121 and of the drowning-prevention
    report were composed: both waited and are retried together, one mail when the server is back, each
    reminder logged sent once."""
    path = tmp_path / "config.toml"
    path.write_text(config_text(smtp.port) + SECOND_REPORT, encoding="utf-8")
    rt = open_runtime(config_mod.load(path), clock)
    try:
        smtp.stop()
        clock.now = local("2021-10-22 07:30")
        jobs.tick(rt)
        smtp.start()
        for moment in ("2021-10-22 08:30", "2021-10-22 09:30"):
            clock.now = local(moment)
            jobs.tick(rt)
        sent = [e for e in Outbox(rt.store).entries(limit=None) if e.school_id == "b"]
    finally:
        rt.close()

    [to_b] = smtp.to(SCHOOLS["b"][1])
    assert to_b.subject.startswith("Nhắc nộp 2 báo cáo"), to_b.subject
    assert sorted((e.report_id, e.state) for e in sent) == [
        ("nq121", OutboxState.SENT),
        ("pctnd", OutboxState.SENT),
    ]


def _combined_after_a_note(tmp_path: Path, clock: Clock, smtp: SmtpServer, subject: str) -> list[str]:
    """School b mails a note asking for more time under subject on 20/10; the parts of its one reminder
    mail of 22/10 (NQ121's and the drowning-prevention report's), each headed by its reminder's subject."""
    path = tmp_path / "config.toml"
    path.write_text(config_text(smtp.port) + SECOND_REPORT, encoding="utf-8")
    rt = open_runtime(config_mod.load(path), clock)
    note = EmailMessage()
    note["From"], note["To"], note["Subject"] = SCHOOLS["b"][1], SENDER, subject
    note["Message-ID"] = "<xin-gia-han@example.edu.vn>"
    note.set_content("Dạ trường em xin gia hạn nộp báo cáo đến ngày 29/10 vì Hiệu trưởng đi tập huấn ạ.")
    try:
        asked = pipeline.process(rt, note.as_bytes(), received_at=local("2021-10-20 09:00"), source="test")
        assert asked.state == MessageState.REVIEW, asked.reason
        clock.now = local("2021-10-22 07:30")
        jobs.tick(rt)
    finally:
        rt.close()
    [to_b] = smtp.to(SCHOOLS["b"][1])
    assert to_b.subject.startswith("Nhắc nộp 2 báo cáo"), to_b.subject
    text = " ".join(to_b.message.get_body(("plain",)).get_content().split())
    return text.split("Thư nhắc ")[1:]


def test_a_note_naming_one_report_is_spoken_of_in_that_reports_reminder_only(
    tmp_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    """A school asked «Xin gia hạn nộp báo cáo NQ121»: its reminder of the drowning-prevention report
    said the request was being looked at and that report's deadline held until an extension, and that
    report's status counted the note as the school's mail waiting. A note whose subject names a report
    (or answers our reminder of it) is that report's alone."""
    parts = _combined_after_a_note(tmp_path, clock, smtp, "Xin gia hạn nộp báo cáo NQ121")
    [nq121] = [p for p in parts if "Nghị quyết 121" in p.split(")")[0]]
    [drowning] = [p for p in parts if "đuối nước" in p.split(")")[0]]
    assert '"Xin gia hạn nộp báo cáo NQ121"' in nq121, nq121
    assert "Xin gia hạn" not in drowning and "hạn nộp vẫn là" not in drowning, drowning


def test_a_note_naming_no_report_is_spoken_of_once_in_a_mail_of_two_reminders(
    tmp_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    """A school's request for more time naming no report waits in each report's season; the one mail of
    its two reminders said it twice, once under each report. It is said once, in the first part."""
    parts = _combined_after_a_note(tmp_path, clock, smtp, "Xin gia hạn nộp báo cáo")
    assert sum(p.count('"Xin gia hạn nộp báo cáo"') for p in parts) == 1, parts
    assert '"Xin gia hạn nộp báo cáo"' in parts[0]


def test_a_childcare_groups_reminder_is_written_to_its_owner(
    tmp_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    """«Kính gửi: Hiệu trưởng Nhóm trẻ độc lập Ban Mai … đề nghị Hiệu trưởng khẩn trương chỉ đạo»: an
    independent childcare group has an owner (chủ nhóm), not a principal. Its answer quoting the reminder
    is still read as the office's words, not the group's."""
    group = "nhomtrebanmai@gmail.com"
    path = tmp_path / "config.toml"
    path.write_text(
        config_text(smtp.port)
        + f'[[schools]]\nid = "f"\nname = "Nhóm trẻ độc lập Ban Mai"\nemails = ["{group}"]\n',
        encoding="utf-8",
    )
    rt = open_runtime(config_mod.load(path), clock)
    try:
        for day in ("2021-10-11", "2021-10-26"):
            clock.now = local(f"{day} 07:30")
            jobs.tick(rt)
    finally:
        rt.close()
    first, overdue = (d.message.get_body(("plain",)).get_content() for d in smtp.to(group))
    assert first.splitlines()[0] == "Kính gửi: Chủ nhóm trẻ độc lập Ban Mai"
    assert "đề nghị Chủ nhóm khẩn trương chỉ đạo" in overdue and "Hiệu trưởng" not in overdue
    assert message.to_a_principal("> Kính gửi: Chủ nhóm trẻ độc lập Ban Mai".lstrip("> "))


@pytest.mark.parametrize("to_office", [False, True], ids=["to the principal", "to the office"])
def test_our_reminder_a_school_forwards_to_its_principal_copying_the_office_waits_for_no_one(
    config_path: Path, rt: Runtime, clock: Clock, smtp: SmtpServer, tmp_path: Path, to_office: bool
) -> None:
    """Regression: Bình Thạnh 1 forwarded the reminder baocao sent it to its principal, copying the
    office, adding only «Chuyển cô xem ạ». Gmail's header block over it gave the office's address, so the
    forward waited in staff's review list as «Trường chuyển lại thư của Phòng», though it asked the office
    nothing. The same forward written to the office still waits for staff."""
    clock.now = local("2021-10-22 07:30")
    jobs.tick(rt)
    [reminder] = smtp.to(SCHOOLS["b"][1])
    school, text = SCHOOLS["b"][1], reminder.message.get_body(("plain",)).get_content()
    forward = EmailMessage()
    forward["Received"] = "from mail.example.net by mx.example.edu.vn; Fri, 22 Oct 2021 09:16:00 +0700"
    forward["From"] = school
    forward["To"] = SENDER if to_office else "hieutruong.bt1@gmail.com"
    if not to_office:
        forward["Cc"] = SENDER
    forward["Subject"] = f"Fwd: {reminder.subject}"
    forward["Message-ID"] = "<fwd-reminder-bt1@example.edu.vn>"
    forward["Date"] = "Fri, 22 Oct 2021 09:15:00 +0700"
    forward.set_content(
        f"Chuyển cô xem ạ\n\n---------- Forwarded message ---------\nFrom: {reminder.message['From']}\n"
        f"Date: Fri, 22 Oct 2021 at 07:30\nSubject: {reminder.subject}\nTo: <{school}>\n\n{text}"
    )
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "fwd.eml").write_bytes(forward.as_bytes())
    runner = CliRunner()
    imported = runner.invoke(main, ["--config", str(config_path), "import", str(tmp_path / "mail")])
    assert imported.exit_code == 0, imported.output

    listed = runner.invoke(
        main, ["--config", str(config_path), "review", "--year", "2021", "--format", "json"]
    )
    assert listed.exit_code == 0, listed.output
    waiting = [r["reason"] for r in json.loads(listed.output) if r["kind"] == "review"]
    said = "Trường chuyển lại thư của Phòng (nhắc nộp hoặc xác nhận): «Chuyển cô xem ạ»."
    assert waiting == ([said] if to_office else []), waiting
    clock.now = local("2021-10-22 12:00")
    jobs.tick(rt)
    assert smtp.to(school) == [reminder]  # nothing answers the school's forward


def _docx_of_text(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("year", ["12021", "1202"])
def test_a_date_line_with_an_impossible_year_leaves_the_season_to_the_receipt(
    config_path: Path, rt: Runtime, clock: Clock, smtp: SmtpServer, tmp_path: Path, year: str
) -> None:
    """Regression: a phone photo's date line read «ngày 20 tháng 10 năm 12021» (a stray mark as a digit)
    under a title stating no year. The first four figures were taken as the year: the report was filed in
    season 1202, the 2021 status kept Mỹ An «Chưa nộp», and the school was told the deadline of 25/10/1202.
    No season has such a year: the report counts for the season it was received in."""
    paper = dataclasses.replace(
        make_paper(SCHOOLS["c"][0], year=2021, rng=random.Random(3), date=dt.date(2021, 10, 20)),
        summary=("Kết quả triển khai thực hiện Nghị quyết 121/2020/QH14", "về phòng, chống xâm hại trẻ em"),
    )
    text = render_text(paper).replace("ngày 20 tháng 10 năm 2021", f"ngày 20 tháng 10 năm {year}")
    assert f"năm {year}" in text
    mail = EmailMessage()
    mail["From"] = SCHOOLS["c"][1]
    mail["To"] = SENDER
    mail["Subject"] = "bc nq121"
    mail["Message-ID"] = "<c-photo@example.edu.vn>"
    mail["Date"] = "Wed, 20 Oct 2021 19:20:00 +0700"
    mail.set_content("")
    mail.add_attachment(
        _docx_of_text(text), maintype="application", subtype="octet-stream", filename="BC.docx"
    )
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "bc.eml").write_bytes(mail.as_bytes())
    runner = CliRunner()
    imported = runner.invoke(main, ["--config", str(config_path), "import", str(tmp_path / "mail")])
    assert imported.exit_code == 0, imported.output

    listed = runner.invoke(
        main, ["--config", str(config_path), "status", "--year", "2021", "--format", "json"]
    )
    assert listed.exit_code == 0, listed.output
    [c] = [s for s in json.loads(listed.output)["schools"] if s["school_id"] == "c"]
    assert c["status"] == "received", c
    clock.now = local("2021-10-21 08:00")
    jobs.tick(rt)
    [ack] = [d for d in smtp.to(SCHOOLS["c"][1]) if SCHOOLS["c"][0] in d.subject]
    assert "năm 2021" in ack.subject and "1202" not in ack.message.get_body(("plain",)).get_content()
