"""Status at the deadline's edges: mail that waited for staff across it, then was counted or rejected."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
from email.message import EmailMessage
from pathlib import Path

from click.testing import CliRunner

from app import views
from app.cli import main
from app.consolidate.load import draft
from intake import pipeline
from intake import review as review_mod
from kernel import config as config_mod
from kernel import export
from kernel.runtime import Runtime
from kernel.status import SchoolState, load
from kernel.store import MessageRow, MessageState
from samples.documents import render_docx
from samples.papers import make_paper
from scheduler import jobs
from scheduler.render import Renderer
from tests.scheduler.conftest import SCHOOLS, SENDER, STAFF, Clock, SmtpServer, local, open_runtime, submit
from tests.scheduler.test_ack import mail_report


def _waiting_report(rt: Runtime) -> str:
    """Mỹ An's report under Bình Thạnh 1's header (the file of the school next door), received at 21:00 on
    the deadline day: it waits in review. The message's key."""
    paper = render_docx(make_paper(SCHOOLS["b"][0], year=2021, rng=random.Random(2)))
    when = local("2021-10-25 21:00")
    outcome = mail_report(rt, "c", when, paper, f"Báo cáo NQ121 - {SCHOOLS['c'][0]}", "Trường gửi báo cáo.")
    assert outcome.state == MessageState.REVIEW
    return outcome.key


def test_a_report_held_in_review_over_the_deadline_then_assigned_is_on_time(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """Staff assign two days after the deadline a report that came on the deadline day: it is on time by
    its arrival, in the status and the digest, and the school was never told it was overdue meanwhile."""
    key = _waiting_report(rt)
    clock.now = local("2021-10-26 07:30")
    jobs.tick(rt)
    assert not [d for d in smtp.to(SCHOOLS["c"][1]) if d.subject.startswith("Quá hạn")]
    clock.now = local("2021-10-27 10:00")
    review_mod.assign(rt, key, "c", by=STAFF)
    status = load(rt.config, rt.store, "nq121", 2021, local("2021-10-27 10:05"))
    [c] = [s for s in status.schools if s.school_id == "c"]
    assert c.status == SchoolState.RECEIVED and c.received_at == local("2021-10-25 21:00")
    digest = Renderer(rt.config).digest(status, local("2021-10-27 10:05"))
    assert "CÁC TRƯỜNG NỘP MUỘN" not in digest.text and (
        status.count(SchoolState.RECEIVED),
        status.count(SchoolState.LATE),
    ) == (1, 0)


def test_a_report_held_in_review_over_the_deadline_then_rejected_is_missing_and_reminded_as_overdue(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """Rejected after the deadline, the mail that held the school's reminders holds them no more: the
    school is missing, and its next reminder says the report is overdue."""
    key = _waiting_report(rt)
    clock.now = local("2021-10-26 07:30")
    jobs.tick(rt)
    clock.now = local("2021-10-27 10:00")
    review_mod.reject(rt, key, by=STAFF, why="tệp của trường khác")
    status = load(rt.config, rt.store, "nq121", 2021, clock.now)
    assert [s.status for s in status.schools if s.school_id == "c"] == [SchoolState.MISSING]
    clock.now = local("2021-10-27 10:05")
    jobs.tick(rt)
    overdue = [d for d in smtp.to(SCHOOLS["c"][1]) if d.subject.startswith("Quá hạn")]
    assert len(overdue) == 1, [d.subject for d in smtp.to(SCHOOLS["c"][1])]
    assert "đã quá hạn 2 ngày" in overdue[0].message.get_content()


FORWARD = """Chuyển tiếp báo cáo trường gửi nhầm hộp thư.

---------- Forwarded message ---------
From: Truong TH My An <c1myan.thuthua@example.edu.vn>
Date: Mon, Oct 25, 2021 at 9:00 PM
Subject: Báo cáo NQ121 - Trường Tiểu học Mỹ An
To: <vanthu.xa@example.gov.vn>

Trường gửi báo cáo.
"""


def _forwarded_report(when: dt.datetime, message_id: str) -> bytes:
    """A clerk's forward, received at when, of Mỹ An's 2021 report as the school sent it to another
    office's mailbox at 21:00 on the deadline day (FORWARD)."""
    paper = render_docx(make_paper(SCHOOLS["c"][0], year=2021, rng=random.Random(2)))
    mail = EmailMessage()
    mail["From"] = STAFF
    mail["To"] = SENDER
    mail["Subject"] = "Fwd: Báo cáo NQ121 - Trường Tiểu học Mỹ An"
    mail["Message-ID"] = message_id
    mail["Date"] = when.strftime("%a, %d %b %Y %H:%M:%S +0700")
    mail.set_content(FORWARD)
    mail.add_attachment(paper, maintype="application", subtype="octet-stream", filename="BC NQ121.docx")
    return mail.as_bytes()


def test_a_report_sent_in_time_to_another_mailbox_and_forwarded_late_tells_staff(rt: Runtime) -> None:
    """Mỹ An sent its report at 21:00 on the deadline day to another office's mailbox; a clerk forwarded
    it to ours two days later. It counted as late and nothing told staff it had been sent in time. The
    forward's receipt still decides, and the submission says when the forwarded mail was sent, so staff
    can extend the school's deadline."""
    when = local("2021-10-27 09:00")
    raw = _forwarded_report(when, "<fwd1@example.edu.vn>")
    assert pipeline.process(rt, raw, received_at=when, source="test").state == MessageState.REPORT

    status = load(rt.config, rt.store, "nq121", 2021, local("2021-10-27 10:00"))
    [c] = [s for s in status.schools if s.school_id == "c"]
    assert c.status == SchoolState.LATE
    assert any(
        "thư được chuyển tiếp ghi gửi lúc 21:00 ngày 25/10/2021" in e and "baocao extend" in e
        for e in c.submissions[0].evidence
    ), c.submissions[0].evidence


def test_a_report_sent_in_time_and_forwarded_in_the_next_season_tells_staff_when_it_was_sent(
    rt: Runtime, config_path: Path
) -> None:
    """The dissolved district office passed on its backlog in August: Mỹ An's 2021 report, sent to it at
    21:00 on the 2021 deadline day, reached our mailbox on 12/08/2022. It counted late for 2021, as a late
    forward does, but nothing told staff it had been sent in time: the note weighed the deadline of the
    forward's season (2022, months off), not of the season the report counts for. Every list of late
    schools now names the forwarded sending beside the school, not only that one was written."""
    when = local("2022-08-12 15:00")
    raw = _forwarded_report(when, "<fwd-backlog@example.edu.vn>")
    assert pipeline.process(rt, raw, received_at=when, source="test").state == MessageState.REPORT

    status = load(rt.config, rt.store, "nq121", 2021, local("2022-08-13 08:00"))
    [c] = [s for s in status.schools if s.school_id == "c"]
    assert c.status == SchoolState.LATE and c.received_at == when
    assert any(
        "thư được chuyển tiếp ghi gửi lúc 21:00 ngày 25/10/2021, trước hạn nộp NQ121 25/10/2021" in e
        and "baocao extend" in e
        for e in c.submissions[0].evidence
    ), c.submissions[0].evidence
    said = "thư được chuyển tiếp ghi gửi lúc 21:00 ngày 25/10/2021, trước hạn, nhưng thư chuyển tiếp nhận sau hạn"
    assert c.sent_in_time.startswith(said)
    listed = CliRunner().invoke(main, ["--config", str(config_path), "status", "--year", "2021"])
    assert listed.exit_code == 0, listed.output
    [line] = [line for line in listed.output.splitlines() if SCHOOLS["c"][0] in line]
    assert "Nộp muộn" in line and said.capitalize() in line, line


def test_a_report_sent_in_time_and_forwarded_late_as_an_attached_message_tells_staff(rt: Runtime) -> None:
    """Gmail's «Forward as attachment»: the clerk's mail carries the school's own message (message/rfc822),
    not a quoted header block. Only a date line quoted in the text was read, so nothing told staff the
    report had been sent in time: the attached message's own Date is read the same way."""
    paper = render_docx(make_paper(SCHOOLS["c"][0], year=2021, rng=random.Random(2)))
    original = EmailMessage()
    original["From"] = SCHOOLS["c"][1]
    original["To"] = "vanthu.xa@example.gov.vn"
    original["Subject"] = f"Báo cáo NQ121 - {SCHOOLS['c'][0]}"
    original["Message-ID"] = "<c-original@example.edu.vn>"
    original["Date"] = "Mon, 25 Oct 2021 21:00:00 +0700"
    original.set_content("Trường gửi báo cáo.")
    original.add_attachment(paper, maintype="application", subtype="octet-stream", filename="BC NQ121.docx")
    when = local("2021-10-27 09:00")
    mail = EmailMessage()
    mail["From"] = STAFF
    mail["To"] = SENDER
    mail["Subject"] = f"Fwd: Báo cáo NQ121 - {SCHOOLS['c'][0]}"
    mail["Message-ID"] = "<fwd2@example.edu.vn>"
    mail["Date"] = when.strftime("%a, %d %b %Y %H:%M:%S +0700")
    mail.set_content("Chuyển tiếp báo cáo trường gửi nhầm hộp thư.")
    mail.add_attachment(original)
    assert pipeline.process(rt, mail.as_bytes(), received_at=when, source="test").state == MessageState.REPORT

    status = load(rt.config, rt.store, "nq121", 2021, local("2021-10-27 10:00"))
    [c] = [s for s in status.schools if s.school_id == "c"]
    assert c.status == SchoolState.LATE
    assert any(
        "thư được chuyển tiếp ghi gửi lúc 21:00 ngày 25/10/2021" in e and "baocao extend" in e
        for e in c.submissions[0].evidence
    ), c.submissions[0].evidence


def _dated_report(message_id: str, date: str) -> EmailMessage:
    """School c's report, its Date line as the school's computer wrote it."""
    paper = render_docx(make_paper(SCHOOLS["c"][0], year=2021, rng=random.Random(2)))
    mail = EmailMessage()
    mail["From"] = SCHOOLS["c"][1]
    mail["To"] = SENDER
    mail["Subject"] = f"Báo cáo NQ121 - {SCHOOLS['c'][0]}"
    mail["Message-ID"] = message_id
    mail["Date"] = date
    mail.set_content("Trường gửi báo cáo.")
    mail.add_attachment(paper, maintype="application", subtype="octet-stream", filename="BC NQ121.docx")
    return mail


def test_a_report_dated_without_a_zone_just_before_midnight_and_received_after_is_shown_as_sent_in_time(
    rt: Runtime,
) -> None:
    """A school's client wrote «Date: Mon, 25 Oct 2021 23:58:00» with no zone; the server received the mail
    at 00:10 on 26/10. The Date was read as UTC (06:58 on 26/10 in Vietnam), so nothing told staff it had
    been sent before the deadline and held on the way. A Date without a zone is the district's time."""
    received = local("2021-10-26 00:10")
    mail = _dated_report("<c-zoneless@example.edu.vn>", "Mon, 25 Oct 2021 23:58:00")
    # The email package writes a zone-less Date as "-0000" (UTC); the school's client wrote none.
    raw = mail.as_bytes().replace(b"23:58:00 -0000", b"23:58:00")
    assert b"Date: Mon, 25 Oct 2021 23:58:00\n" in raw
    assert pipeline.process(rt, raw, received_at=received, source="test").state == MessageState.REPORT

    status = load(rt.config, rt.store, "nq121", 2021, local("2021-10-26 08:00"))
    [c] = [s for s in status.schools if s.school_id == "c"]
    assert c.status == SchoolState.LATE
    assert any("Thư ghi gửi lúc 23:58 ngày 25/10/2021" in e for e in c.submissions[0].evidence), (
        c.submissions[0].evidence
    )
    # Every list of late schools says so beside it, not the message's page alone: staff weigh it before
    # they extend the school's deadline.
    assert c.sent_in_time.startswith(
        "thư ghi gửi lúc 23:58 ngày 25/10/2021, trước hạn, nhưng nhận lúc 00:10 ngày 26/10/2021"
    )
    [listed] = [s for s in json.loads(views.as_json(status, rt.config))["schools"] if s["school_id"] == "c"]
    assert listed["sent_in_time"] == c.sent_in_time
    digest = Renderer(rt.config).digest(status, local("2021-10-26 08:00"))
    assert (
        f"{SCHOOLS['c'][0]} (thư ghi gửi lúc 23:58 ngày 25/10/2021, trước hạn, nhưng nhận lúc" in digest.text
    )


def test_a_report_left_in_an_outbox_says_both_times_in_every_list(rt: Runtime) -> None:
    """A school's report dated 16:00 on 22/10 sat in its outbox until the server received it at 09:00 on
    26/10: the status, the digest and the web lists said «thư ghi đã gửi trước hạn nhưng nhận sau hạn»
    with no times, and only the school's own page told staff how long it had waited. Days between them,
    the lists say so, and that the clock may be wrong, never that the report was sent in time."""
    mail = _dated_report("<c-outbox@example.edu.vn>", "Fri, 22 Oct 2021 16:00:00 +0700")
    received = local("2021-10-26 09:00")
    assert (
        pipeline.process(rt, mail.as_bytes(), received_at=received, source="test").state
        == MessageState.REPORT
    )

    status = load(rt.config, rt.store, "nq121", 2021, local("2021-10-27 08:00"))
    [c] = [s for s in status.schools if s.school_id == "c"]
    told = (
        "dòng Date ghi 16:00 ngày 22/10/2021, trước hạn, nhưng nhận lúc 09:00 ngày 26/10/2021, sau hơn 3 ngày: "
        "đồng hồ máy gửi sai hoặc thư nằm chờ lâu trước khi gửi"
    )
    assert c.status == SchoolState.LATE and c.sent_in_time.startswith(told), c.sent_in_time
    digest = Renderer(rt.config).digest(status, local("2021-10-27 08:00"))
    assert f"{SCHOOLS['c'][0]} ({told}" in digest.text


def test_a_resubmission_after_the_deadline_of_a_report_sent_on_time_is_on_time_unless_it_was_unreadable(
    rt: Runtime,
) -> None:
    """Bình Thạnh 1 sent its report on 20/10 and again, corrected, on 27/10: it is on time, in the status
    and the digest. Mỹ An's mail of 25/10 could not be read and its file came readable on 27/10: late,
    but the digest's list of late schools said nothing of the mail sent in time, which staff weigh before
    they extend a deadline."""
    submit(rt, "b", local("2021-10-20 09:00"))
    submit(rt, "b", local("2021-10-27 09:00"), found=("chi_dao", "ket_qua"))
    submit(rt, "c", local("2021-10-25 20:00"), problems=("Tệp bị đặt mật khẩu.",))
    submit(rt, "c", local("2021-10-27 09:30"))
    now = local("2021-10-28 07:30")
    status = load(rt.config, rt.store, "nq121", 2021, now)
    states = {s.school_id: (s.status, s.received_at) for s in status.schools if s.school_id in "bc"}
    assert states == {
        "b": (SchoolState.RECEIVED, local("2021-10-20 09:00")),
        "c": (SchoolState.LATE, local("2021-10-27 09:30")),
    }
    text = Renderer(rt.config).digest(status, now).text
    late = text.split("CÁC TRƯỜNG NỘP MUỘN")[1].split("\n\n")[1]
    assert "Bình Thạnh 1" not in late
    assert (
        "Trường Tiểu học Mỹ An (đã gửi thư lúc 20:00 ngày 25/10/2021, đúng hạn, nhưng không đọc được tệp)"
        in late
    )


def test_the_status_table_says_a_late_school_sent_mail_in_time_that_could_not_be_read(rt: Runtime) -> None:
    """Mỹ An's mail of 25/10 could not be read and its file came readable on 27/10: late. The digest said
    it had sent mail in time, but the status table every export uses (the CLI's CSV, the digest's
    attachment, the page's Excel file) showed a plain «Nộp muộn» with nothing beside it."""
    submit(rt, "c", local("2021-10-25 20:00"), problems=("Tệp bị đặt mật khẩu.",))
    submit(rt, "c", local("2021-10-27 09:30"))
    submit(rt, "b", local("2021-10-27 10:00"))
    status = load(rt.config, rt.store, "nq121", 2021, local("2021-10-28 07:30"))
    table = export.status_table(status, rt.config)
    rows = {row[1]: dict(zip(table.headers, row, strict=True)) for row in table.rows}
    assert rows["c"]["Tình trạng"] == rows["b"]["Tình trạng"] == "Nộp muộn"
    note = "Đã gửi thư lúc 20:00 ngày 25/10/2021, đúng hạn, nhưng không đọc được tệp."
    assert note in str(rows["c"]["Ghi chú"])
    assert "đúng hạn" not in str(rows["b"]["Ghi chú"])


def test_missing_sections_are_told_apart_though_their_titles_hold_commas(rt: Runtime) -> None:
    """«Khó khăn, vướng mắc, Đề xuất, kiến nghị» in the status, its exports and the digest read as four
    missing parts; there are two. The acknowledgement already put «; » between them."""
    submit(rt, "b", local("2021-10-20 09:00"), found=("chi_dao", "ket_qua"))
    now = local("2021-10-21 07:30")
    status = load(rt.config, rt.store, "nq121", 2021, now)
    table = export.status_table(status, rt.config)
    rows = {row[1]: dict(zip(table.headers, row, strict=True)) for row in table.rows}
    both = "Khó khăn, vướng mắc; Đề xuất, kiến nghị"
    assert rows["b"]["Ghi chú"] == f"Còn thiếu: {both}."
    assert both in Renderer(rt.config).digest(status, now).text


def test_the_missing_list_says_how_many_of_its_schools_sent_mail_that_could_not_be_read(rt: Runtime) -> None:
    """`status` said «1 đã gửi nhưng không đọc được tệp, 3 chưa nộp» while `missing` and the staff list
    said «còn 4/5 trường chưa nộp» (the list said «chưa gửi»): two numbers for the same schools, and one
    false of a school that did send. The list now says how many of its schools sent unreadable mail."""
    submit(rt, "c", local("2021-10-20 20:00"), problems=("Tệp bị đặt mật khẩu.",))
    submit(rt, "b", local("2021-10-20 09:00"))
    now = local("2021-10-21 07:30")
    status = load(rt.config, rt.store, "nq121", 2021, now)
    owing = len(status.owing)
    said = f"{owing}/{len(status.expected)} trường"
    part = "(trong đó 1 trường đã gửi thư nhưng không đọc được tệp)"
    _, text, _ = Renderer(rt.config).missing(status, now, frozenset())
    assert f"còn {said} chưa nộp báo cáo kết quả" in text and part in text
    assert f"Còn {said} chưa nộp báo cáo {part}." in views.table(status, rt.config, only_missing=True)


def test_a_school_whose_mail_could_not_be_processed_is_not_shown_as_having_sent_nothing(rt: Runtime) -> None:
    """Mỹ An's 44 MB mail (its report and a video) was archived and refused as too large: the school was
    held from reminders, but the status showed it «Chưa nộp» with nothing beside it, as if no mail had
    come, and staff never looked for it."""
    when = local("2021-10-20 09:00")
    key = "too-large".ljust(64, "0")
    row = MessageRow(
        key,
        "big@x",
        "test",
        SCHOOLS["c"][1],
        "Báo cáo NQ121",
        when,
        MessageState.FAILED,
        "quá lớn",
        "",
        1,
        when,
    )
    rt.store.record_outcome(row, [], [])
    status = load(rt.config, rt.store, "nq121", 2021, local("2021-10-21 07:30"))
    table = export.status_table(status, rt.config)
    rows = {r[1]: dict(zip(table.headers, r, strict=True)) for r in table.rows}
    assert rows["c"]["Tình trạng"] == "Chưa nộp"
    assert rows["c"]["Thư chờ xem xét"] == export.FAILED_NOTE
    assert rows["b"]["Thư chờ xem xét"] == ""


def test_the_missing_list_is_a_table_in_a_mail_program_too(rt: Runtime, tmp_path: Path) -> None:
    """The staff list of schools not yet reported was plain text, its table drawn with spaces: Gmail and
    Outlook show it in a proportional font, and its columns fell apart. It has an HTML table too, unless
    the office wrote its own missing.txt without the intro the HTML repeats."""
    submit(rt, "b", local("2021-10-20 09:00"))
    now = local("2021-10-21 07:30")
    status = load(rt.config, rt.store, "nq121", 2021, now)
    _, text, html = Renderer(rt.config).missing(status, now, frozenset())
    assert html is not None and "<table" in html
    for school in status.owing:
        assert f'<td style="border: 1px solid #bbb;">{school.name}' in html
    intro = next(line for line in text.splitlines() if line.startswith("Đến "))
    assert f"<p>{intro}</p>" in html
    (tmp_path / "mau").mkdir()
    (tmp_path / "mau" / "missing.txt").write_text("Tiêu đề: Danh sách\n\n{{ table }}\n", encoding="utf-8")
    own = dataclasses.replace(
        rt.config, scheduler=dataclasses.replace(rt.config.scheduler, templates=tmp_path / "mau")
    )
    assert Renderer(own).missing(status, now, frozenset())[2] is None


def test_last_years_report_sent_again_this_season_is_shown_waiting_in_this_seasons_lists(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """In October 2026 Mỹ An sent a version of its 2025 report unlike the one counted then («năm học
    2024-2025», dated 2025): it waited in 2025's review. The 2026 status, missing list and reminders said
    nothing of it: the school showed a plain «Chưa nộp» and was reminded while its mail sat in the queue.
    The 2026 lists now say its mail waits, and it is not counted for 2026; the school's reminder says the
    mail of 09/10/2026 is its 2025 report, so the 2026 one is still due, until staff reject the mail."""
    paper = render_docx(
        make_paper(SCHOOLS["c"][0], year=2025, rng=random.Random(1), date=dt.date(2025, 10, 20))
    )
    counted = mail_report(
        rt, "c", local("2025-10-20 09:00"), paper, "Báo cáo NQ121 năm 2025", "Trường gửi báo cáo."
    )
    assert counted.state == MessageState.REPORT
    old = render_docx(
        make_paper(SCHOOLS["c"][0], year=2025, rng=random.Random(7), date=dt.date(2025, 10, 22))
    )
    subject = "Báo cáo NQ121 năm học 2024-2025 - Trường Tiểu học Mỹ An"
    resent = mail_report(rt, "c", local("2026-10-09 09:00"), old, subject, "Trường gửi báo cáo ạ.")
    assert resent.state == MessageState.REVIEW and [r.year for r in rt.store.reviews()] == [2025]

    clock.now = local("2026-10-11 07:30")
    jobs.tick(rt)
    [reminded] = smtp.to(SCHOOLS["c"][1])
    assert smtp.to(SCHOOLS["b"][1])
    said = "đã nhận thư nhà trường gửi ngày 09/10/2026, nhưng tệp đính kèm là báo cáo năm 2025"
    assert said in " ".join(reminded.message.get_body(("plain",)).get_content().split())
    staff = {
        d.subject.split("] ", 1)[1].split(" ", 1)[0]: d.message.get_body(("plain",)).get_content()
        for d in smtp.to(STAFF)
    }
    assert set(staff) == {"Còn", "Tổng"}  # the missing list and the digest
    for text in staff.values():
        assert f"{SCHOOLS['c'][0]} (thư gửi lúc 09/10/2026 09:00 là báo cáo năm 2025" in text
    status = load(rt.config, rt.store, "nq121", 2026, clock.now)
    [c] = [s for s in status.schools if s.school_id == "c"]
    assert c.status == SchoolState.MISSING and not c.submissions
    assert export.waiting_cell(status, "c") == export.waiting_note(1)
    assert "chưa tính cho năm 2026" in views.table(status, rt.config, only_missing=True)
    assert draft(rt, "nq121", 2026, clock.now).in_review == ("c",)  # the consolidated draft's drafter is told

    review_mod.reject(rt, resent.key, by=STAFF, why="tệp báo cáo năm trước")
    clock.now = local("2026-10-18 07:30")
    jobs.tick(rt)
    first, second = smtp.to(SCHOOLS["c"][1])
    assert first.subject.startswith("Nhắc nộp") and second.subject.startswith("Nhắc nộp")
    assert "báo cáo năm 2025" not in " ".join(second.message.get_body(("plain",)).get_content().split())


def test_a_paper_on_two_plans_holds_and_marks_the_school_in_both_plans_until_staff_decide(
    config_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    """Mỹ An's one paper on its health work and on child protection waited for staff, unclear which plan it
    was: the NQ121 lists said so and held the school's NQ121 reminders, but the health report's lists showed
    a plain «Chưa nộp» and its reminder went to the school while the mail sat in the queue. Both plans now
    mark and hold the school alike; once staff count the paper for one plan, the other owes it again."""
    from tests.intake.test_pipeline import HEALTH_REPORT, _two_plans_docx

    config_path.write_text(config_path.read_text(encoding="utf-8") + HEALTH_REPORT, encoding="utf-8")
    with open_runtime(config_mod.load(config_path), clock) as rt:
        waiting = mail_report(
            rt, "c", local("2021-10-20 09:00"), _two_plans_docx(), "Gửi báo cáo", "Trường gửi báo cáo."
        )
        assert waiting.state == MessageState.REVIEW and "nhiều báo cáo" in waiting.reason
        plans = (("nq121", "2021-10-24 07:30", "121/2020"), ("ytth", "2021-11-23 07:30", "y tế trường học"))
        for report_id, morning, title in plans:
            clock.now = local(morning)
            jobs.tick(rt)
            assert not smtp.to(SCHOOLS["c"][1]), report_id
            assert [d for d in smtp.to(SCHOOLS["b"][1]) if title in d.subject], report_id  # the others are
            status = load(rt.config, rt.store, report_id, 2021, clock.now)
            assert export.waiting_cell(status, "c") == export.waiting_note(1), report_id
            assert "c" in status.in_review, report_id

        listed = CliRunner().invoke(main, ["--config", str(config_path), "review"])
        assert "1 thư chờ xem xét" in listed.output  # one mail, though it waits in both plans
        review_mod.assign(rt, waiting.key, "c", by=STAFF, report_id="ytth")
        health = load(rt.config, rt.store, "ytth", 2021, clock.now)
        nq121 = load(rt.config, rt.store, "nq121", 2021, clock.now)
    assert [s.status for s in health.schools if s.school_id == "c"] == [SchoolState.RECEIVED]
    assert [s.status for s in nq121.schools if s.school_id == "c"] == [SchoolState.MISSING]
    assert export.waiting_cell(nq121, "c") == "" and "c" not in nq121.in_review


def test_a_report_whose_date_was_set_back_years_is_not_shown_as_sent_in_time(rt: Runtime) -> None:
    """A school's computer whose clock had gone back to 2019 sent its report on 28/10: every list of late
    schools said «thư ghi đã gửi trước hạn nhưng nhận sau hạn; xem thư để quyết định có gia hạn không», as
    for a mail held up a few minutes. A Date more than a week before the receipt is a wrong clock: late,
    with the clock noted on the message and beside the school, and nothing claimed for an extension."""
    mail = _dated_report("<c-clock-2019@example.edu.vn>", "Sun, 20 Oct 2019 09:00:00 +0700")
    received = local("2021-10-28 09:00")
    assert (
        pipeline.process(rt, mail.as_bytes(), received_at=received, source="test").state
        == MessageState.REPORT
    )

    status = load(rt.config, rt.store, "nq121", 2021, local("2021-10-29 08:00"))
    [c] = [s for s in status.schools if s.school_id == "c"]
    assert c.status == SchoolState.LATE
    assert c.sent_in_time == "dòng Date ghi 09:00 ngày 20/10/2019: đồng hồ máy gửi sai", c.sent_in_time
    assert any("đồng hồ máy gửi sai" in e for e in c.submissions[0].evidence), c.submissions[0].evidence


def test_last_years_report_dated_before_this_years_deadline_is_not_shown_as_sent_in_time_for_last_year(
    rt: Runtime, config_path: Path, clock: Clock, smtp: SmtpServer, tmp_path: Path
) -> None:
    """Regression: Mỹ An's phone sent its 2020 report at 23:58 on the 2021 deadline day; the server received
    it at 00:20 the next day. It counts for 2020, a year late, but the 2020 status said beside the school
    «thư ghi đã gửi trước hạn nhưng nhận sau hạn; xem thư để quyết định có gia hạn không»: its Date was
    weighed against the deadline of the season it was received in (2021), not of the one it counts for."""
    paper = render_docx(make_paper(SCHOOLS["c"][0], year=2020, rng=random.Random(4)))
    mail = EmailMessage()
    mail["Received"] = "from mail.example.net by mx.example.edu.vn; Tue, 26 Oct 2021 00:20:00 +0700"
    mail["From"] = SCHOOLS["c"][1]
    mail["To"] = SENDER
    mail["Subject"] = "Báo cáo NQ121 năm 2020 - Trường Tiểu học Mỹ An"
    mail["Message-ID"] = "<c-2020-late@example.edu.vn>"
    mail["Date"] = "Mon, 25 Oct 2021 23:58:00 +0700"
    mail.set_content("Trường gửi báo cáo.")
    mail.add_attachment(paper, maintype="application", subtype="octet-stream", filename="BC NQ121.docx")
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "bc.eml").write_bytes(mail.as_bytes())
    runner = CliRunner()
    imported = runner.invoke(main, ["--config", str(config_path), "import", str(tmp_path / "mail")])
    assert imported.exit_code == 0, imported.output

    listed = runner.invoke(
        main, ["--config", str(config_path), "status", "--year", "2020", "--format", "json"]
    )
    assert listed.exit_code == 0, listed.output
    [c] = [s for s in json.loads(listed.output)["schools"] if s["school_id"] == "c"]
    assert (c["status"], c["sent_in_time"]) == ("late", ""), c
    clock.now = local("2021-10-26 08:00")
    jobs.tick(rt, compose=False)
    [ack] = [d for d in smtp.to(SCHOOLS["c"][1]) if SCHOOLS["c"][0] in d.subject]
    assert "năm 2020" in ack.subject and "đúng hạn" not in ack.message.get_body(("plain",)).get_content()
