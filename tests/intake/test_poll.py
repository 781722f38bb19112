"""poll --once and rescan against a real Dovecot: every message once, nothing duplicated, nothing lost."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import io
import json
import random
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from PIL import Image

from app.cli import main
from app.views import as_json
from intake import message, pipeline, poller
from intake.errors import LoginRefusedError, MailboxError
from intake.imap import Envelope, Fetched, Mailbox
from intake.locations import Locations
from intake.pipeline import Outcome, Tally
from intake.poller import poll_once, rescan
from intake.worker import Worker
from kernel import config as config_mod
from kernel import export, status
from kernel.archive import Archive, key_of
from kernel.errors import StoreError
from kernel.freshness import Freshness
from kernel.runtime import Runtime
from kernel.seasons import deadline_of
from kernel.status import SchoolState
from kernel.store import MessageState, SubmissionRow
from kernel.work import Queue
from samples.documents import render_docx
from samples.papers import make_paper
from samples.season import SeasonMessage, make_season
from scheduler.render import Renderer
from tests.intake.conftest import (
    HCM,
    ROOT,
    SAME_SECOND,
    corrupt_mail,
    counted_for_my_an,
    noise_mail,
    paper_of_my_an,
    report_mail,
    same_second,
    sessions_of_my_an,
    write_config,
)
from tests.intake.test_clients import MX, MY_AN, through_group, wrapped_by_mailman
from tests.parsers import corpus
from tests.servers import Dovecot, dovecot_server

ON_TIME = [  # (school id, sender, name, receipt time); the deadline is 25/10/2021 23:59:59 in Vietnam
    ("th-binh-an", "c1binhan.thuthua@example.edu.vn", "Trường Tiểu học Bình An", dt.datetime(2021, 10, 18, 8, 5, tzinfo=HCM)),
    ("mg-my-an", "c0myan.thuthua@example.edu.vn", "Trường Mẫu giáo Mỹ An", dt.datetime(2021, 10, 20, 14, 30, tzinfo=HCM)),
    ("th-long-thanh", "c1longthanh.thuthua@example.edu.vn", "Trường Tiểu học Long Thạnh", dt.datetime(2021, 10, 25, 23, 40, tzinfo=HCM)),
]  # fmt: skip
LATE = [
    ("mg-tan-long", "c0tanlong.thuthua@example.edu.vn", "Trường Mẫu giáo Tân Long", dt.datetime(2021, 10, 26, 0, 10, tzinfo=HCM)),
    ("mg-my-lac", "c0mylac.thuthua@example.edu.vn", "Trường Mẫu giáo Mỹ Lạc", dt.datetime(2021, 11, 2, 9, 0, tzinfo=HCM)),
]  # fmt: skip
NEVER = "mg-binh-an"  # sends nothing this season


def season() -> list[tuple[bytes, dt.datetime]]:
    """Reports on time and late, two unrelated messages and one report whose PDF is broken."""
    mails = [(report_mail(s, n, t, number=i), t) for i, (_, s, n, t) in enumerate(ON_TIME + LATE)]
    mails += [(noise_mail(i, dt.datetime(2021, 10, 19 + i, 7, tzinfo=HCM)), dt.datetime(2021, 10, 19 + i, 7, tzinfo=HCM)) for i in range(2)]  # fmt: skip
    broken_at = dt.datetime(2021, 10, 22, 10, tzinfo=HCM)
    mails.append((corrupt_mail("c0myphu.thuthua@example.edu.vn", broken_at), broken_at))
    return sorted(mails, key=lambda m: m[1])


def snapshot(rt: Runtime) -> tuple[object, ...]:
    """Everything a re-run must leave as it was (not timestamps of the run itself)."""
    store = rt.store
    return (
        sorted((m.key, m.message_id, m.state, m.reason, m.received_at) for m in store.messages()),
        sorted((s.message_key, s.school_id, s.year, s.received_at) for s in store.submissions()),
        sorted((r.message_key, r.reason) for r in store.reviews()),
    )


def statuses(rt: Runtime, year: int | None = None) -> dict[str, str]:
    """Status per school for the given year, or for the latest year with a submission."""
    result = status.load(rt.config, rt.store, "nq121", year, rt.clock())
    return {s.school_id: s.status for s in result.schools}


@functools.cache
def sample_season(config_path: Path) -> tuple[SeasonMessage, ...]:
    schools = config_mod.load(config_path).schools
    return tuple(make_season(schools, year=2021, seed=3, size="small", scanned=False))


def _to_the_office(
    sender: str, subject: str, sent_at: dt.datetime, message_id: str, text: str
) -> EmailMessage:
    """A mail to the office's mailbox with its text."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(sent_at)
    msg["Message-ID"] = message_id
    msg.set_content(text)
    return msg


def test_a_season_is_recorded_once_and_a_second_poll_finds_nothing(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox_factory: Callable[[], Mailbox]
) -> None:
    sample = sample_season(ROOT / "config.toml")
    broken_at = dt.datetime(2021, 10, 22, 10, tzinfo=HCM)
    broken = corrupt_mail("c0myphu.thuthua@example.edu.vn", broken_at)
    mails = sorted([(m.raw, m.received_at) for m in sample] + [(broken, broken_at)], key=lambda m: m[1])
    uids = dovecot.append(mails, folder)

    first = poll_once(rt, mailbox_factory)

    assert first.new == len(mails)
    rows = {m.message_id: m for m in rt.store.messages()}
    assert len(rows) == len(mails)
    assert rows["hong.202110221000@example.edu.vn"].state == MessageState.UNREADABLE
    assert rows["hong.202110221000@example.edu.vn"].reason
    assert first.unreadable == sum(1 for m in rows.values() if m.state == MessageState.UNREADABLE)
    assert rows[sample[0].message_id].received_at == sample[0].received_at  # INTERNALDATE, aware
    registered = {e: s.id for s in rt.config.schools for e in s.emails}
    recorded: dict[str, list[SubmissionRow]] = {}
    for sub in rt.store.submissions():
        recorded.setdefault(sub.message_id, []).append(sub)
    checked = 0
    for m in sample:
        school = registered.get(message.parse(m.raw, fallback_id="x").sender)
        if m.truth.kind != "report" or school not in m.truth.school_ids:
            continue
        # A report from a registered address is never credited to another school (doubtful ones
        # may wait for staff), and counts on time or late for the year it was recorded under.
        subs = recorded.get(m.message_id, [])
        assert {sub.school_id for sub in subs} <= set(m.truth.school_ids), m.truth.note
        for sub in subs:
            deadline = deadline_of(rt.config.reports[0], sub.year, rt.config.district.timezone)
            on_time = m.received_at <= deadline
            assert statuses(rt, sub.year)[sub.school_id] in (
                (SchoolState.RECEIVED,) if on_time else (SchoolState.RECEIVED, SchoolState.LATE)
            )
            checked += 1
    assert checked >= 3
    reporting = {school for m in sample for school in m.truth.school_ids}
    for year in rt.store.years("nq121"):
        found = statuses(rt, year)
        # The school whose only mail was a broken PDF sent something, but it cannot count as reported.
        expected = {"mg-my-phu": SchoolState.UNREADABLE} if year == 2021 else {}
        assert all(
            found[s.id] == expected.get(s.id, SchoolState.MISSING)
            for s in rt.config.schools
            if s.id not in reporting
        )
    name = mailbox_factory().name
    state = Locations(rt.store).mailbox_state(name)
    assert state is not None and Locations(rt.store).seen_uids(name, state[0]) == set(uids)

    before = snapshot(rt)
    again = poll_once(rt, mailbox_factory)
    assert (again.new, again.skipped) == (0, 0)
    assert snapshot(rt) == before

    when = dt.datetime(2021, 11, 3, 8, tzinfo=HCM)
    more = [(report_mail(*ON_TIME[0][1:3], when, number=99), when), (noise_mail(7, when), when)]
    dovecot.append(more, folder)
    third = poll_once(rt, mailbox_factory)
    assert third.new == 2
    assert len(rt.store.messages()) == len(mails) + 2


def test_a_mailbox_counts_its_own_mail_not_the_other_mailboxes(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox_factory: Callable[[], Mailbox]
) -> None:
    """`baocao run` read four communes' mailboxes at once: each mailbox's line counted the mail the
    others had just queued, «Đã xử lý 42 thư mới» three times for 56 mails. The mail another mailbox
    queued is still worked on, and counted on that mailbox's line."""
    at = dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
    dovecot.append([(report_mail("c1myan.thuthua@example.edu.vn", "Trường Tiểu học Mỹ An", at), at)], folder)
    other = report_mail("c1mylac.thuthua@example.edu.vn", "Trường Tiểu học Mỹ Lạc", at)
    queue = Queue(rt.store, dt.timedelta(minutes=5))
    Worker(rt, queue, rt.config.rules).queue_message(
        rt.archive.put(other), received_at=at, source="imap:vhxh.myan@example.gov.vn/INBOX"
    )

    tally = poll_once(rt, mailbox_factory)

    assert (tally.new, tally.reports) == (1, 1)
    assert {s.school_id for s in rt.store.submissions()} == {"th-my-an", "th-my-lac"}


def test_a_mail_credited_and_waiting_is_counted_as_waiting_too(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox_factory: Callable[[], Mailbox]
) -> None:
    """TH Mỹ An's mail carried its own paper and TH Mỹ Lạc's: Mỹ An was credited and Mỹ Lạc's paper waited
    for staff, yet the poll's line said «0 cần xem xét», and staff looked no further."""
    at = dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
    msg = EmailMessage()
    msg["From"] = "c1myan.thuthua@example.edu.vn"
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo NQ121 - Trường Tiểu học Mỹ An"
    msg["Date"] = format_datetime(at)
    msg["Message-ID"] = "<two-papers@example.edu.vn>"
    msg.set_content("Kính gửi Phòng, trường gửi báo cáo ạ.")
    for seed, (school, name) in enumerate(
        (("Trường Tiểu học Mỹ An", "BC_MyAn.docx"), ("Trường Tiểu học Mỹ Lạc", "BC_MyLac.docx")), 3
    ):  # each signed by its own principal: one person signing both would be heading both schools
        data = render_docx(make_paper(school, year=2021, rng=random.Random(seed)))
        msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    dovecot.append([(msg.as_bytes(), at)], folder)

    tally = poll_once(rt, mailbox_factory)

    assert [s.school_id for s in rt.store.submissions()] == ["th-my-an"] and len(rt.store.reviews()) == 1
    assert (
        "Đã xử lý 1 thư mới: 1 báo cáo được ghi nhận, 0 cần xem xét (thêm 1 thư đã ghi nhận còn tệp chờ xem "
        "xét), 0 lỗi, 0 không phải báo cáo." in tally.line()
    )


def test_a_report_put_back_into_the_folder_late_counts_when_its_server_received_it(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox_factory: Callable[[], Mailbox]
) -> None:
    """The office's server received TH Mỹ An's report at 10:00 on 24/10; the clerk moved it to a folder on
    her computer before baocao read it and put it back into the inbox on 3/11, when the server stored it
    anew: by IMAP it was late, by `import` of the same file on time. The newest Received hop, the one the
    office's server wrote, says when it came; a hop the sender wrote below it does not count."""
    came = dt.datetime(2021, 10, 24, 10, 0, tzinfo=HCM)
    put_back = dt.datetime(2021, 11, 3, 14, 0, tzinfo=HCM)
    ours = f"Received: from mail.example.net by mx.example.edu.vn with ESMTPS; {format_datetime(came)}\r\n"
    forged = "Received: from pc by mail.example.net; Mon, 18 Oct 2021 08:00:00 +0700\r\n"
    late = (
        f"Received: from mail.example.net by mx.example.edu.vn with ESMTPS; {format_datetime(put_back)}\r\n"
    )
    mails = [
        ((ours + forged).encode() + report_mail("c1myan.thuthua@example.edu.vn", "Trường Tiểu học Mỹ An", came), put_back),
        ((late + forged).encode() + report_mail("c1binhan.thuthua@example.edu.vn", "Trường Tiểu học Bình An", came), put_back),
    ]  # fmt: skip
    dovecot.append(mails, folder)

    poll_once(rt, mailbox_factory)

    received = {s.school_id: s.received_at for s in rt.store.submissions()}
    assert received == {"th-my-an": came, "th-binh-an": put_back}


def test_a_report_whose_only_received_hop_is_the_senders_submission_counts_when_stored(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox_factory: Callable[[], Mailbox]
) -> None:
    """TH Mỹ An's report sat in its outbox: Gmail's submission server took it at 16:00 on 22/10, the
    office's server stored it at 09:00 on 27/10 and wrote no Received line of its own. That hop, the
    mail's only one, was taken for the office's and the report counted on time with no note; a hop the
    sender's side wrote is its claim, as the Date is: late, with both times for staff to extend."""
    submitted = dt.datetime(2021, 10, 22, 16, 0, tzinfo=HCM)
    stored = dt.datetime(2021, 10, 27, 9, 0, tzinfo=HCM)
    gmail = (
        "Received: from [192.168.1.10] (static.vnpt.vn [14.161.2.3])\r\n\tby smtp.gmail.com with ESMTPSA id "
        f"7c2f1a9b\r\n\tfor <pgdthuthua@example.edu.vn>; {format_datetime(submitted)}\r\n"
    )
    mail = gmail.encode() + report_mail("c1myan.thuthua@example.edu.vn", "Trường Tiểu học Mỹ An", submitted)
    dovecot.append([(mail, stored)], folder)

    poll_once(rt, mailbox_factory)

    found = {s.school_id: s for s in status.load(rt.config, rt.store, "nq121", 2021, rt.clock()).schools}
    late = found["th-my-an"]
    assert late.status == SchoolState.LATE and late.received_at == stored
    assert any(
        "Dòng Date ghi 16:00 ngày 22/10/2021" in e and "nhận lúc 09:00 ngày 27/10/2021" in e
        for e in late.submissions[0].evidence
    ), late.submissions[0].evidence


def test_the_receipt_decides_on_time_or_late_and_a_delay_past_the_deadline_is_shown(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox_factory: Callable[[], Mailbox]
) -> None:
    """The server's receipt decides, as the deadline day counts whole: a report written at 23:59 on
    24/10 and received at 00:01 on 25/10 is on time, and so are one dated 1970 by a clock never set and
    one dated ten years ahead; staff see why their Date did not count. One whose Date (written in UTC)
    says 23:58 on 25/10, received at 00:20 on 26/10, is late, but nothing told staff it had been sent in
    time and held on the way, so they could not think of extending the school's deadline."""
    written = dt.datetime(2021, 10, 24, 23, 59, tzinfo=HCM)
    sent = dt.datetime(2021, 10, 25, 16, 58, tzinfo=dt.UTC)  # 23:58 in Vietnam
    received = dt.datetime(2021, 10, 26, 0, 20, tzinfo=HCM)
    unset = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)  # a phone whose clock was never set
    mails = [
        (report_mail("c0myan.thuthua@example.edu.vn", "Trường Mẫu giáo Mỹ An", written), written + dt.timedelta(minutes=2)),
        (report_mail("c1binhan.thuthua@example.edu.vn", "Trường Tiểu học Bình An", sent), received),
        (report_mail("c1longthanh.thuthua@example.edu.vn", "Trường Tiểu học Long Thạnh", unset), written),
        (report_mail("c0tanlong.thuthua@example.edu.vn", "Trường Mẫu giáo Tân Long", written.replace(year=2031)), written),
    ]  # fmt: skip
    dovecot.append(mails, folder)

    poll_once(rt, mailbox_factory)

    found = {s.school_id: s for s in status.load(rt.config, rt.store, "nq121", 2021, rt.clock()).schools}
    assert found["mg-my-an"].status == SchoolState.RECEIVED
    assert not any("Thư ghi gửi lúc" in e for e in found["mg-my-an"].submissions[0].evidence)
    late = found["th-binh-an"]
    assert late.status == SchoolState.LATE and late.received_at == received
    assert any(
        "Thư ghi gửi lúc 23:58 ngày 25/10/2021" in e and "nhận lúc 00:20 ngày 26/10/2021" in e
        for e in late.submissions[0].evidence
    ), late.submissions[0].evidence
    unset_clock = found["th-long-thanh"]
    assert unset_clock.status == SchoolState.RECEIVED and unset_clock.received_at == written
    assert any("Dòng Date ghi năm 1970" in e for e in unset_clock.submissions[0].evidence)
    ahead = found["mg-tan-long"]
    assert ahead.status == SchoolState.RECEIVED and ahead.received_at == written
    assert any("Dòng Date ghi 23:59 ngày 24/10/2031" in e for e in ahead.submissions[0].evidence)


def test_the_seen_flag_is_never_touched(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox_factory: Callable[[], Mailbox]
) -> None:
    """Staff read the same mailbox: unread mail must stay unread after baocao fetched it."""
    uids = dovecot.append(season()[:3], folder)
    with dovecot.client() as client:
        client.select_folder(folder)
        client.add_flags(uids[:1], [b"\\Seen"])  # one already read by a staff member
    poll_once(rt, mailbox_factory)
    with dovecot.client() as client:
        client.select_folder(folder, readonly=True)
        flags = client.get_flags(uids)
    assert [b"\\Seen" in flags[uid] for uid in uids] == [True, False, False]


def test_a_uidvalidity_change_reads_the_folder_again_without_duplicates(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox_factory: Callable[[], Mailbox]
) -> None:
    mails = season()
    without_id = report_mail(LATE[0][1], LATE[0][2], LATE[0][3], number=50).replace(
        b"Message-ID:", b"X-Old-ID:"
    )
    mails.append((without_id, LATE[0][3]))
    dovecot.append(mails, folder)
    poll_once(rt, mailbox_factory)
    name = mailbox_factory().name
    old_validity = Locations(rt.store).mailbox_state(name)[0]
    before = snapshot(rt)

    dovecot.change_uidvalidity(folder)
    again = poll_once(rt, mailbox_factory)

    assert again.new == 0
    assert again.skipped == len(mails)  # recognised by Message-ID, the one without by its content
    assert snapshot(rt) == before
    new_validity = Locations(rt.store).mailbox_state(name)[0]
    assert new_validity != old_validity
    assert len(Locations(rt.store).seen_uids(name, new_validity)) == len(mails)
    assert poll_once(rt, mailbox_factory).skipped == 0


class _Broken:
    """A mailbox whose server restarts after some messages were fetched (the real server, restarted)."""

    def __init__(self, server: Dovecot, imap: config_mod.ImapConfig, after: int) -> None:
        self.server = server
        self.imap = imap
        self.after = after

    def __call__(self) -> Mailbox:
        broken = self

        class Restarting(Mailbox):
            def fetch(self, envelopes: Sequence[Envelope]) -> Iterator[Fetched]:
                for n, item in enumerate(super().fetch(envelopes), 1):
                    yield item
                    if n == broken.after:
                        broken.server.restart()

        return Restarting(self.imap, batch_count=2)


def test_a_server_restart_mid_poll_loses_nothing(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox_factory: Callable[[], Mailbox]
) -> None:
    mails = season()
    dovecot.append(mails, folder)
    assert rt.config.imap is not None

    with pytest.raises(MailboxError, match="máy chủ IMAP"):
        poll_once(rt, _Broken(dovecot, rt.config.imap, after=2))  # between two FETCH batches
    assert len(rt.store.messages()) == 2

    rest = poll_once(rt, mailbox_factory)
    assert rest.new == len(mails) - 2
    assert len(rt.store.messages()) == len(mails)
    assert len({m.message_id for m in rt.store.messages()}) == len(mails)


def test_a_poll_cut_off_by_the_server_says_to_run_it_again(
    dovecot: Dovecot, folder: str, rt: Runtime
) -> None:
    """`baocao poll --once` cut off by a server stop ended «Kết nối sẽ được thử lại», a retry that a
    command run once never makes: it says to run it again once the server is back, and nothing is lost."""
    dovecot.append(season(), folder)
    assert rt.config.imap is not None

    result = poller.poll_all(rt, [_Broken(dovecot, rt.config.imap, after=2)])
    [said] = result.failures
    assert "sẽ được thử lại" not in said
    assert said.endswith("Chạy lại lệnh khi máy chủ thư hoạt động trở lại; những thư đã đọc không bị mất.")


def test_rescan_applies_the_current_config_and_twice_changes_nothing(
    tmp_path: Path, dovecot: Dovecot, folder: str, mailbox_factory: Callable[[], Mailbox]
) -> None:
    """A school's address added to config.toml after its report arrived: rescan records it."""
    newcomer = "truong.tanthanh.mg@gmail.com"
    received_at = dt.datetime(2021, 10, 21, 9, tzinfo=HCM)
    mails = [*season(), (report_mail(newcomer, "Một trường mẫu giáo", received_at, number=77), received_at)]
    dovecot.append(mails, folder)
    path = write_config(tmp_path / "config.toml", dovecot, folder)
    rt = Runtime.open(config_mod.load(path))
    poll_once(rt, mailbox_factory)
    assert "mg-tan-thanh" not in {s.school_id for s in rt.store.submissions()}
    rt.close()
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('emails = ["c0tanthanh.thuthua@example.edu.vn"]', f'emails = ["c0tanthanh.thuthua@example.edu.vn", "{newcomer}"]'),
        encoding="utf-8",
    )  # fmt: skip
    rt = Runtime.open(config_mod.load(path))
    try:
        first = rescan(rt, None, mailbox_factory)
        assert first.new == len(mails)
        assert "mg-tan-thanh" in {s.school_id for s in rt.store.submissions()}
        before = snapshot(rt)
        second = rescan(rt, None, mailbox_factory)
        assert second == first
        assert snapshot(rt) == before

        since = rescan(rt, dt.date(2021, 10, 26), mailbox_factory)
        assert since.new == sum(1 for _, t in mails if t >= dt.datetime(2021, 10, 26, tzinfo=HCM))
        assert snapshot(rt) == before
    finally:
        rt.close()


def test_of_two_reports_delivered_in_one_second_the_later_counts_after_a_reprocess_in_any_order(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox_factory: Callable[[], Mailbox]
) -> None:
    """Dovecot stamps INTERNALDATE to the second: Mỹ An's report and its corrected version delivered in the
    same second were counted in UID order by the poll, and the other way round once read again by key."""
    first, corrected = same_second([paper_of_my_an(1), paper_of_my_an(2)], by_key=[1, 0], linesep="\r\n")
    dovecot.append([(first, SAME_SECOND), (corrected, SAME_SECOND)], folder)
    assert poll_once(rt, mailbox_factory).reports == 2
    before = counted_for_my_an(rt)

    keys = sorted(m.key for m in rt.store.messages())
    poller.reprocess_rows(rt, keys, threading.Event(), Tally(), lambda done, total: None)

    assert (
        counted_for_my_an(rt)
        == before
        == ("myan1@example.edu.vn", sessions_of_my_an(2), "myan1@example.edu.vn")
    )


def test_a_report_named_in_its_subject_only_delivered_with_anothers_headed_one_waits_polled_or_rescanned(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox_factory: Callable[[], Mailbox]
) -> None:
    """A teacher's gmail sent «BC NQ121 TH Mỹ Phú» (no letterhead) and Mỹ An's headed report, delivered in
    the same second, Mỹ Phú's first: the poll credited Mỹ Phú on its subject alone, the address's other mail
    being looked for only strictly before it, and Mỹ An's read after it never called it back. It waits
    for staff with both, and a rescan leaves it so."""
    gmail = "tranvanbinh.gv@gmail.com"
    mails = []
    for n, (subject, named, school) in enumerate(
        [
            ("BC NQ121 TH Mỹ Phú", False, "Trường Tiểu học Mỹ Phú"),
            ("Báo cáo NQ121", True, "Trường Tiểu học Mỹ An"),
        ]
    ):
        msg = _to_the_office(gmail, subject, SAME_SECOND, f"<gv{n}@gmail.com>", "Em gửi báo cáo ạ.")
        paper = render_docx(make_paper(school, year=2021, rng=random.Random(9 + n), named=named))
        msg.add_attachment(paper, maintype="application", subtype="octet-stream", filename=f"BaoCao{n}.docx")
        mails.append((msg.as_bytes(), SAME_SECOND))
    dovecot.append(mails, folder)

    poll_once(rt, mailbox_factory)
    assert [s.school_id for s in rt.store.submissions()] == ["th-my-an"]
    [waiting] = rt.store.reviews()
    assert waiting.subject == "BC NQ121 TH Mỹ Phú"
    assert set(waiting.candidates) == {"th-my-an", "th-my-phu"}
    assert statuses(rt)["th-my-phu"] == SchoolState.MISSING
    before = snapshot(rt)
    rescan(rt, None, mailbox_factory)
    assert snapshot(rt) == before


def test_two_messages_under_one_message_id_are_both_recorded_once(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox_factory: Callable[[], Mailbox]
) -> None:
    """A scan-to-mail copier stamps every message with the same Message-ID: the second school's
    report was taken for a copy of the first one, never fetched, and the school stayed missing."""

    def scanned(sender: str, name: str, when: dt.datetime) -> bytes:
        raw = report_mail(sender, name, when)
        start = raw.index(b"Message-ID:")
        return raw[:start] + b"Message-ID: <scan@localhost>" + raw[raw.index(b"\n", start) :]

    first_at, second_at = dt.datetime(2021, 10, 20, 7, tzinfo=HCM), dt.datetime(2021, 10, 21, 7, tzinfo=HCM)
    dovecot.append([(scanned(*ON_TIME[0][1:3], first_at), first_at)], folder)
    poll_once(rt, mailbox_factory)
    dovecot.append([(scanned(*ON_TIME[1][1:3], second_at), second_at)], folder)

    poll_once(rt, mailbox_factory)

    assert sorted(m.message_id for m in rt.store.messages()) == ["scan@localhost"] * 2
    assert {s: statuses(rt, 2021)[s] for s in ("th-binh-an", "mg-my-an")} == {
        "th-binh-an": SchoolState.RECEIVED,
        "mg-my-an": SchoolState.RECEIVED,
    }
    before = snapshot(rt)
    rescan(rt, None, mailbox_factory)
    dovecot.change_uidvalidity(folder)
    assert poll_once(rt, mailbox_factory).new == 0
    assert snapshot(rt) == before


def test_the_envelopes_of_a_mailbox_of_several_years_fit_a_server_that_takes_short_commands(
    tmp_path: Path,
) -> None:
    """The first read of an office mailbox holding years of mail asked for every envelope in one FETCH
    whose UID list was longer than the 8 kB command line many servers take (RFC 7162): the server
    refused it, every poll failed the same way and no mail was ever read."""
    with dovecot_server(max_line_length="8k") as server:
        with server.client() as client:
            client.multiappend(
                "INBOX", [noise_mail(n, dt.datetime(2019, 9, 1, tzinfo=HCM)) for n in range(2100)]
            )
        config = config_mod.load(write_config(tmp_path / "config.toml", server, "INBOX"))
        assert config.imap is not None
        with Mailbox(config.imap) as mailbox:
            mailbox.select()
            uids = mailbox.uids()
            envelopes = mailbox.envelopes(uids)
    assert len(uids) == 2100
    assert [e.uid for e in envelopes] == uids
    assert envelopes[-1].message_id == "tb2099@nganhang.example.vn"


def test_a_login_refused_for_now_is_retried_not_reported_as_a_wrong_password(tmp_path: Path) -> None:
    """A server whose authentication was down for a moment answers the login "[UNAVAILABLE] Temporary
    authentication failure": it was reported as a refused password needing an administrator (staff
    alerted at once, the daemon waiting five minutes), with advice to check the password."""
    with dovecot_server() as server:
        config = config_mod.load(write_config(tmp_path / "config.toml", server, "INBOX"))
        assert config.imap is not None
        imap = config.imap
        down = server.root / "auth-down.sh"
        down.write_text("#!/bin/sh\nexit 111\n")  # checkpassword's "temporary failure"
        down.chmod(0o755)
        conf = server.root / "dovecot.conf"
        conf.write_text(
            re.sub(
                r"driver = passwd-file\n  args = [^\n]*",
                f"driver = checkpassword\n  args = {down}",
                conf.read_text(),
            )
        )
        server.restart()
        with Runtime.open(config) as rt:
            with pytest.raises(MailboxError) as refused:
                poll_once(rt, lambda: Mailbox(imap))
            read = Freshness(rt.store).reads()[imap.name]
            once = poller.poll_all(rt, [lambda: Mailbox(imap)])
    assert not isinstance(refused.value, LoginRefusedError)
    assert "tạm thời chưa cho đăng nhập" in str(refused.value) and "mật khẩu" not in str(refused.value)
    assert not read.needs_admin
    # `poll --once` does not try again by itself, so it must not promise to: it says to run it again.
    [said] = once.failures
    assert "thử lại" not in said
    assert said.endswith("Chạy lại lệnh khi máy chủ thư hoạt động trở lại; những thư đã đọc không bị mất.")


def test_rescan_puts_back_an_original_missing_from_the_archive(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox_factory: Callable[[], Mailbox]
) -> None:
    """An archive restored from an incomplete backup lacks a recorded message's file: comparing the
    mailbox's copy with the recorded one stopped the rescan that could have fetched it back."""
    dovecot.append(season()[:3], folder)
    poll_once(rt, mailbox_factory)
    before = snapshot(rt)
    lost = rt.store.messages()[0].key
    rt.archive.path(lost).unlink()

    rescan(rt, None, mailbox_factory)

    assert rt.archive.path(lost).exists()
    assert snapshot(rt) == before


def test_rescan_repairs_an_original_damaged_in_the_archive(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox_factory: Callable[[], Mailbox]
) -> None:
    """A recorded message's file damaged on disk stayed damaged after a rescan fetched the message from
    the mailbox (a file under its name was taken for the message), though staff are told to rescan."""
    dovecot.append(season()[:3], folder)
    poll_once(rt, mailbox_factory)
    before = snapshot(rt)
    damaged = rt.store.messages()[0].key
    path = rt.archive.path(damaged)
    path.write_bytes(path.read_bytes()[:-4096])

    rescan(rt, None, mailbox_factory)

    assert key_of(rt.archive.get(damaged)) == damaged
    assert snapshot(rt) == before


def test_mail_arriving_while_a_backlog_is_read_is_archived_before_a_clerk_files_it(
    dovecot: Dovecot,
    folder: str,
    rt: Runtime,
    mailbox_factory: Callable[[], Mailbox],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The reader searched the folder once, then worked through the backlog (scans to OCR take
    minutes): a report that arrived meanwhile and was filed by a clerk into a folder baocao does not
    watch before the backlog was done was never archived, and its school stayed missing."""
    dovecot.append(season()[:3], folder)
    late_at = LATE[0][3]
    late = report_mail(*LATE[0][1:3], late_at, number=60)
    filed = f"{folder} Đã xử lý"
    with dovecot.client() as client:
        client.create_folder(filed)
    monkeypatch.setattr(poller, "READ_AGAIN_SECONDS", 0.0, raising=False)
    ingest = pipeline.ingest
    calls: list[int] = []

    def backlog(*args: Any, **kwargs: Any) -> Outcome:
        calls.append(1)
        if len(calls) == 1:  # the report arrives while the first message of the backlog is read
            dovecot.append([(late, late_at)], folder)
        elif len(calls) == 2:  # and the clerk files it away before the backlog is done
            with dovecot.client() as client:
                client.select_folder(folder)
                client.move(client.search(["FROM", LATE[0][1]]), filed)
        return ingest(*args, **kwargs)

    monkeypatch.setattr(pipeline, "ingest", backlog)

    poll_once(rt, mailbox_factory)

    assert statuses(rt, 2021)[LATE[0][0]] == SchoolState.LATE
    assert len(rt.store.messages()) == 4


def _report_and_mailman_copy(sent_at: dt.datetime, wrapped_first: bool) -> tuple[bytes, bytes]:
    """A school's report and the copy a Mailman list wrapped whole, in the order they come."""
    school = message_from_bytes(report_mail(*ON_TIME[0][1:3], sent_at), policy=policy.default)
    direct, wrapped = school.as_bytes(), wrapped_by_mailman(school)  # type: ignore[arg-type]
    return (wrapped, direct) if wrapped_first else (direct, wrapped)


@pytest.mark.parametrize("wrapped_first", [False, True])
def test_a_copy_a_mailman_list_wrapped_whole_is_not_fetched_once_the_direct_copy_is_recorded(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox_factory: Callable[[], Mailbox], wrapped_first: bool
) -> None:
    """Mailman's "wrap message" gives the school's mail it passes on a Message-ID of its own: the poller
    fetched and archived the list's copy of a report already recorded (a scan of several megabytes) only
    for the pipeline to find it was the same sending. Whichever copy comes first, the second is known
    by the start of its bytes and never fetched whole."""
    sent_at = dt.datetime(2021, 10, 20, 7, tzinfo=HCM)
    first, second = _report_and_mailman_copy(sent_at, wrapped_first)
    dovecot.append([(first, sent_at)], folder)
    poll_once(rt, mailbox_factory)
    [recorded] = rt.store.messages()
    dovecot.append([(second, sent_at)], folder)

    again = poll_once(rt, mailbox_factory)

    assert (again.new, again.skipped) == (0, 1)
    assert [p.name for p in rt.archive.root.rglob("*.eml")] == [f"{recorded.key}.eml"]
    assert [m.key for m in rt.store.messages()] == [recorded.key]
    assert [s.message_key for s in rt.store.submissions()] == [recorded.key]
    assert poll_once(rt, mailbox_factory).skipped == 0  # its place in the folder is remembered


@pytest.mark.parametrize("wrapped_first", [False, True])
def test_a_rescan_reads_only_the_start_of_a_mailman_copy_as_the_poller_does(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox_factory: Callable[[], Mailbox], wrapped_first: bool
) -> None:
    """The poller knows a list's copy of a recorded report by its first 64 kB; `baocao rescan` fetched
    it whole (a scan of several megabytes per post) and archived it beside the report it copies. A
    recorded copy the list wrapped is read again from the archive, and fetched only when missing there."""
    sent_at = dt.datetime(2021, 10, 20, 7, tzinfo=HCM)
    first, second = _report_and_mailman_copy(sent_at, wrapped_first)
    dovecot.append([(first, sent_at)], folder)
    poll_once(rt, mailbox_factory)
    dovecot.append([(second, sent_at)], folder)
    poll_once(rt, mailbox_factory)
    [recorded] = rt.store.messages()
    before = snapshot(rt)

    tally = rescan(rt, None, mailbox_factory)

    assert (tally.new, tally.skipped) == (1, 1)
    assert [p.name for p in rt.archive.root.rglob("*.eml")] == [f"{recorded.key}.eml"]
    assert snapshot(rt) == before
    rt.archive.path(recorded.key).unlink()
    rescan(rt, None, mailbox_factory)
    assert rt.archive.path(recorded.key).exists()
    assert snapshot(rt) == before


def test_a_report_typed_in_a_mail_whose_text_says_base64_but_is_plain_is_read(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox_factory: Callable[[], Mailbox]
) -> None:
    """Some mail programs (a phone app, a school's mail-merge script) label text they send as it is
    «Content-Transfer-Encoding: base64»: the report typed in the mail was decoded into garbage and lost."""
    sender, name, sent_at = ON_TIME[0][1], ON_TIME[0][2], ON_TIME[0][3]
    msg = message_from_bytes(report_mail(sender, name, sent_at), policy=policy.default)
    text = msg.get_content()  # type: ignore[attr-defined]
    del msg["Content-Transfer-Encoding"]
    msg["Content-Transfer-Encoding"] = "base64"
    raw = msg.as_bytes()
    head, _, _ = raw.partition(b"\n\n")
    dovecot.append([(head + b"\n\n" + text.encode(), sent_at)], folder)

    poll_once(rt, mailbox_factory)

    assert statuses(rt, 2021)[ON_TIME[0][0]] == SchoolState.RECEIVED
    [row] = rt.store.messages()
    assert "khai báo mã hóa base64 nhưng dữ liệu không mã hóa" in row.reason


def test_a_report_pasted_from_a_tcvn3_file_under_a_unicode_greeting_is_read(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox_factory: Callable[[], Mailbox]
) -> None:
    """A school pasted its report from a Word file typed in .VnTime into Gmail, under a greeting and a
    signature typed in Unicode: the Unicode lines kept the report as TCVN3 mojibake, the mail was filed as
    noise («Thư nhắc đến báo cáo nhưng không kèm văn bản báo cáo nào») and the school stayed missing."""
    school_id, sender, name, sent_at = ON_TIME[0]
    report = "\n".join(
        (
            name.upper(),
            "BÁO CÁO",
            "Kết quả thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em",
            "I. Công tác chỉ đạo, triển khai",
            "Nhà trường đã quán triệt Nghị quyết đến toàn thể cán bộ, giáo viên, nhân viên.",
            "II. Kết quả thực hiện",
            "- Tổ chức 4 buổi tuyên truyền dưới cờ cho 320 lượt học sinh.",
            "- Trong năm không xảy ra vụ xâm hại trẻ em nào.",
            "III. Khó khăn, vướng mắc",
            "Một số phụ huynh đi làm ăn xa, việc phối hợp còn hạn chế.",
            "IV. Đề xuất, kiến nghị",
            "Không có.",
        )
    )
    text = (
        "Kính gửi Phòng GD&ĐT Thủ Thừa,\n"
        "Nhà trường xin gửi báo cáo (file Word bị lỗi không mở được nên trường dán nội dung vào thư):\n\n"
        + corpus.tcvn3(report).decode("latin-1")
        + "\n\nTrân trọng,\nNguyễn Thị Hồng Nhung - Phó Hiệu trưởng, ĐT 0918 123 456"
    )
    mail = _to_the_office(sender, "Báo cáo NQ121", sent_at, "<dan-tcvn3@example.edu.vn>", text)
    dovecot.append([(mail.as_bytes(), sent_at)], folder)

    poll_once(rt, mailbox_factory)

    [row] = rt.store.messages()
    assert row.state == MessageState.REPORT, row.reason
    assert statuses(rt, 2021)[school_id] == SchoolState.RECEIVED
    season = status.load(rt.config, rt.store, "nq121", 2021, rt.clock())
    school = next(s for s in season.schools if s.school_id == school_id)
    assert school.figures["buoi_tuyen_truyen"] == 4


def signature_logo() -> bytes:
    """The logo of a signature: a small picture with no words."""
    out = io.BytesIO()
    Image.new("RGB", (120, 40), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    "logo", [None, "inline", "attachment"], ids=["plain", "inline-logo", "attached-logo"]
)
@pytest.mark.parametrize(
    "link",
    ["https://1drv.ms/w/s!AjK3xYzAbCdEfg", "https://drive.google.com/file/d/1AbCdEfGh/view?usp=sharing"],
)
def test_a_report_sent_from_a_phone_as_a_link_asks_the_school_to_attach_it(
    dovecot: Dovecot,
    folder: str,
    rt: Runtime,
    mailbox_factory: Callable[[], Mailbox],
    link: str,
    logo: str | None,
) -> None:
    """A phone's mail app shares the report from the school's OneDrive or Google Drive as a link. With the
    small logo of the school's signature in the mail's text, the logo was taken for a file sent: the mail
    was set aside as one naming the report without carrying it, and the school was never asked to attach it.
    With the logo attached (by its Content-ID, not marked inline), the school was told to photograph its
    report more clearly."""
    school, sender, _, sent_at = ON_TIME[0]
    msg = _to_the_office(
        sender,
        "Báo cáo NQ121",
        sent_at,
        "<link.nq121@example.edu.vn>",
        f"Kính gửi Phòng, trường gửi báo cáo NQ121:\n{link}\n\nGửi từ Outlook for Android",
    )
    if logo:
        msg.add_alternative(
            f'<div>Trường gửi báo cáo NQ121: <a href="{link}">BC NQ121.docx</a></div><img src="cid:logo">',
            subtype="html",
        )
        html = msg.get_payload()[1]  # type: ignore[index]
        html.add_related(
            signature_logo(),
            maintype="image",
            subtype="png",
            cid="<logo>",
            filename="image001.png",
            disposition=logo,
        )
    dovecot.append([(msg.as_bytes(), sent_at)], folder)

    poll_once(rt, mailbox_factory)

    assert statuses(rt, 2021)[school] == SchoolState.UNREADABLE
    [row] = rt.store.messages()
    assert "Đề nghị trường gửi lại báo cáo dạng tệp đính kèm" in row.reason and link in row.reason


@pytest.mark.parametrize(("quoted_at", "recorded"), [("19 thg 10, 2020", False), ("18 thg 10, 2021", True)])
def test_a_reply_over_the_quote_of_last_years_own_mail_waits_for_staff(
    dovecot: Dovecot,
    folder: str,
    rt: Runtime,
    mailbox_factory: Callable[[], Mailbox],
    quoted_at: str,
    recorded: bool,
) -> None:
    """A school answered the long thread of its own mail of last season with a few words: the report typed
    in that old mail, quoted below, was counted as this season's report although it states no year, and the
    school was never reminded. Quoting its own mail of this season, it resends this season's report."""
    school, sender, name, sent_at = ON_TIME[0]
    old = message_from_bytes(report_mail(sender, name, sent_at), policy=policy.default)
    typed = old.get_content().split("\n\n", 1)[1]  # type: ignore[attr-defined]
    quote = "\n".join(f"> {line}" for line in typed.splitlines())
    msg = _to_the_office(
        sender,
        f"Re: {old['Subject']}",
        sent_at,
        "<re.old@example.edu.vn>",
        f"Dạ trường gửi lại ạ.\n\nVào Th 2, {quoted_at} lúc 09:15 {name} <{sender}> đã viết:\n{quote}\n",
    )
    dovecot.append([(msg.as_bytes(), sent_at)], folder)

    poll_once(rt, mailbox_factory)

    assert (statuses(rt, 2021)[school] == SchoolState.RECEIVED) is recorded
    if not recorded:
        [waiting] = rt.store.reviews()
        assert "thư cũ của chính trường (gửi năm 2020)" in waiting.reason and "--year 2020" in waiting.reason
        assert waiting.candidates == (school,)


@pytest.mark.parametrize("carries_header", [True, False])
def test_staffs_forward_of_a_schools_mail_naming_its_sender_by_name_only_waits_for_staff(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox_factory: Callable[[], Mailbox], carries_header: bool
) -> None:
    """Outlook writes the From of a forwarded mail whose sender it knows as a contact by name alone
    ("From: Trường TH Mỹ An" over "Sent: …"): staff's forward of a school's report whose file names no
    school was filed as the office's own mail, and the school stayed missing with nobody told."""
    school, sender, name, sent_at = ON_TIME[0]
    paper = make_paper(name, year=2021, rng=random.Random(3), named=carries_header)
    msg = _to_the_office(
        "Phòng GD&ĐT Thủ Thừa <pgdthuthua@example.edu.vn>",
        "FW: Báo cáo NQ121",
        sent_at,
        "<fw.name.only@example.edu.vn>",
        f"\n\nFrom: {name}\nSent: Wednesday, October 20, 2021 9:15 AM\nTo: Phòng GD&ĐT\n"
        "Subject: Báo cáo NQ121\n\nKính gửi Phòng, trường gửi báo cáo.\n",
    )
    msg.add_attachment(render_docx(paper), maintype="application", subtype="octet-stream", filename="BC.docx")
    dovecot.append([(msg.as_bytes(), sent_at)], folder)

    poll_once(rt, mailbox_factory)

    [row] = rt.store.messages()
    assert row.state == MessageState.REVIEW
    assert (
        f"chỉ ghi tên người gửi «{name}», không ghi địa chỉ thư" in row.reason
        and "baocao assign" in row.reason
    )
    assert statuses(rt, 2021)[school] != SchoolState.RECEIVED


@pytest.mark.parametrize("label", [b"", b"Content-Transfer-Encoding: 7bit\n"], ids=["none", "7bit"])
def test_a_file_in_base64_whose_part_does_not_say_so_is_read(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox_factory: Callable[[], Mailbox], label: bytes
) -> None:
    """Some mail programs leave out the Content-Transfer-Encoding of a file they encode in base64, or write
    «7bit»: the report was read as its base64 text, and the school was asked for a legible copy."""
    school, sender, name, sent_at = ON_TIME[0]
    msg = _to_the_office(
        sender, "Báo cáo NQ121", sent_at, "<no.cte@example.edu.vn>", "Kính gửi Phòng, trường gửi báo cáo."
    )
    paper = render_docx(make_paper(name, year=2021, rng=random.Random(3)))
    msg.add_attachment(paper, maintype="application", subtype="octet-stream", filename="BC NQ121.docx")
    raw = msg.as_bytes()
    declared = raw.index(b"Content-Transfer-Encoding: base64\n", raw.index(b'filename="BC NQ121.docx"') - 200)
    raw = raw[:declared] + label + raw[declared + len(b"Content-Transfer-Encoding: base64\n") :]
    dovecot.append([(raw, sent_at)], folder)

    poll_once(rt, mailbox_factory)

    assert statuses(rt, 2021)[school] == SchoolState.RECEIVED
    [sub] = rt.store.submissions()
    assert sub.files == ("BC NQ121.docx",)


def test_a_file_outlook_shares_by_link_is_named_without_its_icon(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox_factory: Callable[[], Mailbox]
) -> None:
    """Outlook writes a file shared from OneDrive into the text of the mail after the address of its icon
    ("[https://res.cdn.office.net/…/pdf_16x16.png]BC.pdf<https://…sharepoint.com/…>"): the school was asked
    about the icon's address as the first link it had sent instead of a file."""
    school, sender, _, sent_at = ON_TIME[0]
    shared = "https://moetvn-my.sharepoint.com/:b:/g/personal/c1binhan/EaBcD?e=xyz"
    icon = "https://res.cdn.office.net/assets/mail/file-icon/png/pdf_16x16.png"
    msg = _to_the_office(
        sender,
        "Báo cáo NQ121",
        sent_at,
        "<shared.nq121@example.edu.vn>",
        f"Trường gửi báo cáo.\n\n[{icon}]BC NQ121.pdf<{shared}>\n",
    )
    dovecot.append([(msg.as_bytes(), sent_at)], folder)

    poll_once(rt, mailbox_factory)

    assert statuses(rt, 2021)[school] == SchoolState.UNREADABLE
    [row] = rt.store.messages()
    assert f"Thư chỉ có đường dẫn tải tệp ({shared})" in row.reason and icon not in row.reason


def test_the_direct_copy_after_a_groups_copy_that_failed_the_sender_check_is_read(
    dovecot: Dovecot, folder: str, config_path: Path
) -> None:
    """A group that keeps the school's From breaks its DKIM with a footer: its copy fails DMARC and waits
    for staff. The school's direct copy, under the same Message-ID, From and Date, was then taken by the
    poller for that same message and never fetched: the report stayed in review, the school missing."""
    text = config_path.read_text(encoding="utf-8").replace('authserv_id = ""', f'authserv_id = "{MX}"')
    config_path.write_text(text, encoding="utf-8")
    config = config_mod.load(config_path)
    assert config.imap is not None
    imap = config.imap
    sent_at = dt.datetime(2021, 10, 20, 7, tzinfo=HCM)
    school = message_from_bytes(report_mail(MY_AN, "Trường Tiểu học Mỹ An", sent_at), policy=policy.default)
    grouped = through_group(school, rewrite=False, dmarc="fail")  # type: ignore[arg-type]
    direct = f"Authentication-Results: {MX}; dkim=pass header.d=example.edu.vn; dmarc=pass\r\n".encode()
    direct += school.as_bytes(policy=school.policy.clone(linesep="\r\n"))
    with Runtime.open(config, clock=lambda: dt.datetime(2021, 11, 15, 3, 0, tzinfo=dt.UTC)) as rt:
        dovecot.append([(grouped, sent_at)], folder)
        poll_once(rt, lambda: Mailbox(imap))
        assert [m.state for m in rt.store.messages()] == [MessageState.REVIEW]
        dovecot.append([(direct, sent_at)], folder)

        again = poll_once(rt, lambda: Mailbox(imap))

        assert again.new == 1
        [sub] = rt.store.submissions()
        assert sub.school_id == "th-my-an" and rt.store.message(sub.message_key).state == MessageState.REPORT  # type: ignore[union-attr]


def test_a_password_mailed_before_its_locked_file_opens_it_and_says_so_after_a_poll_and_a_rescan(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox_factory: Callable[[], Mailbox]
) -> None:
    """Bình An mailed «mật khẩu file: …» and, four minutes later, its report in a locked zip. After the
    poll the report counted, but the password mail read «Không phải báo cáo cần thu», naming nothing it
    was for; staff could not tell it had opened the zip. Both end right after the poll and a rescan."""
    _, sender, name, _ = ON_TIME[0]
    paper = render_docx(make_paper(name, year=2021, rng=random.Random(6)))
    first = dt.datetime(2021, 10, 20, 7, 11, tzinfo=HCM)
    password = _to_the_office(
        sender, "Mật khẩu", first, "<binhan-mk@example.edu.vn>", "Mật khẩu file: ba@2021"
    )
    report = _to_the_office(
        sender,
        "Báo cáo NQ121",
        first + dt.timedelta(minutes=4),
        "<binhan-bc@example.edu.vn>",
        "Trường gửi báo cáo.",
    )
    report.add_attachment(
        corpus.seven_zip({"BC NQ121.docx": paper}, password="ba@2021", form="zip"),
        maintype="application",
        subtype="zip",
        filename="BC NQ121.zip",
    )
    dovecot.append(
        [(password.as_bytes(), first), (report.as_bytes(), first + dt.timedelta(minutes=4))], folder
    )
    poll_once(rt, mailbox_factory)
    for run in ("poll", "rescan"):
        if run == "rescan":
            rescan(rt, None, mailbox_factory)
        rows = {m.subject: m for m in rt.store.messages()}
        assert rows["Báo cáo NQ121"].state == MessageState.REPORT, run
        assert rows["Mật khẩu"].state == MessageState.NOISE, run
        assert "đã mở được tệp đã gửi trong thư «Báo cáo NQ121» nhận lúc 07:15 ngày 20/10/2021" in (
            rows["Mật khẩu"].reason
        ), run
        assert statuses(rt, 2021)["th-binh-an"] == SchoolState.RECEIVED
        assert "ba@2021" not in " ".join(m.reason for m in rt.store.messages())


def test_poll_once_marks_the_mailbox_failing_when_its_mail_cannot_be_archived(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox_factory: Callable[[], Mailbox], tmp_path: Path
) -> None:
    """`baocao poll --once` (a cron job) whose archive could not be written (its disk read-only or full)
    stopped with the error but never marked the mailbox failing, as the daemon does: the mail went unread
    for hours and staff were never alerted. The mailbox is now marked failing, with the archive's words."""
    at = dt.datetime(2021, 10, 18, 8, 0, tzinfo=HCM)
    dovecot.append([(report_mail("c1myan.thuthua@example.edu.vn", "Trường Tiểu học Mỹ An", at), at)], folder)
    not_a_folder = tmp_path / "kho"
    not_a_folder.write_text("")  # the archive cannot be written: a file stands where its folder should be
    with pytest.raises(StoreError) as refused:
        poll_once(dataclasses.replace(rt, archive=Archive(not_a_folder)), mailbox_factory)
    read = Freshness(rt.store).reads()[mailbox_factory().name]
    assert read.failing_since is not None and read.error == str(refused.value)
    assert not read.needs_admin


QUESTION = (
    "Dạ kính gửi Phòng,\nCho em hỏi báo cáo NQ121 năm nay Phòng có mẫu mới không ạ, và trường có cần gửi thêm "
    "bản giấy có đóng dấu không ạ?\nEm cảm ơn Phòng ạ."
)


def test_a_schools_question_in_a_new_mail_waits_for_staff(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox_factory: Callable[[], Mailbox]
) -> None:
    """MG Tân Long asked «Cho em hỏi báo cáo NQ121 năm nay Phòng có mẫu mới không ạ …?» in a new mail, not
    answering any of ours: it was filed «không phải báo cáo» («Thư nhắc đến báo cáo nhưng không kèm văn bản
    báo cáo nào»), never reached the review queue, and the school was reminded while nobody answered it;
    the same words answering our reminder waited for staff. A school's question waits for staff either way,
    from its own address or from one naming it, «xin hỏi» with no «?» too; not mail no person wrote, nor the
    office's own, nor a request for more time (which waits as one), nor a link whose «?» asks nothing, nor
    mail of no school."""
    at = dt.datetime(2021, 10, 12, 9, 0, tzinfo=HCM)
    auto = _to_the_office(
        "c1binhan.thuthua@example.edu.vn", "Trả lời tự động: Báo cáo NQ121", at, "<tu-dong@x>", QUESTION
    )
    auto["Auto-Submitted"] = "auto-replied"
    mails = {
        "own": _to_the_office(
            "c0tanlong.thuthua@example.edu.vn", "Hỏi về báo cáo NQ121", at, "<hoi@x>", QUESTION
        ),
        "named": _to_the_office(
            "hieutruong.tanlong@gmail.com",
            "Hỏi về báo cáo NQ121",
            at,
            "<hoi-gmail@x>",
            f"{QUESTION}\nHiệu trưởng Trường Mẫu giáo Tân Long",
        ),
        "no mark": _to_the_office(
            "c0myan.thuthua@example.edu.vn",
            "Báo cáo NQ121",
            at,
            "<xin-hoi@x>",
            "Kính gửi Phòng, trường xin hỏi Phòng cách ghi số lượt phụ huynh trong báo cáo NQ121 ạ.",
        ),
        "automatic": auto,
        "office": _to_the_office(
            "pgdthuthua@example.edu.vn", "Hỏi về báo cáo NQ121", at, "<phong@x>", QUESTION
        ),
        "extension": _to_the_office(
            "c0mylac.thuthua@example.edu.vn",
            "Báo cáo NQ121",
            at,
            "<gia-han@x>",
            "Dạ trường em xin gia hạn nộp báo cáo NQ121 đến ngày 30/10 được không ạ?",
        ),
        "link": _to_the_office(
            "c1longthanh.thuthua@example.edu.vn",
            "Báo cáo NQ121",
            at,
            "<link@x>",
            "Dạ em gửi Phòng báo cáo NQ121 ạ: https://drive.google.com/file/d/1aBc/view?usp=sharing",
        ),
        "nobody": _to_the_office("nguoidan123@gmail.com", "Hỏi về báo cáo NQ121", at, "<ai-do@x>", QUESTION),
    }
    dovecot.append([(m.as_bytes(), at) for m in mails.values()], folder)

    poll_once(rt, mailbox_factory)

    rows = {m.message_id: m for m in rt.store.messages()}
    waiting = {r.message_id: r for r in rt.store.reviews()}
    asks = {
        k for k, m in mails.items() if (r := waiting.get(m["Message-ID"].strip("<>"))) is not None and r.asks
    }
    assert asks == {"own", "named", "no mark"}
    own = waiting["hoi@x"]
    assert own.candidates == ("mg-tan-long",) and own.report_id is None
    assert own.reason.startswith("Trường hỏi về báo cáo NQ121: «Dạ kính gửi Phòng, Cho em hỏi báo cáo NQ121")
    named = waiting["hoi-gmail@x"]
    assert named.candidates == ("mg-tan-long",)
    assert named.reason.startswith("Thư từ địa chỉ chưa đăng ký, ghi là của Trường Mẫu giáo Tân Long, hỏi về")
    assert waiting["xin-hoi@x"].candidates == ("mg-my-an",)
    season = status.load(rt.config, rt.store, "nq121", 2021, rt.clock())
    assert [r.message_id for r in season.waiting_for("mg-tan-long")] == ["hoi@x", "hoi-gmail@x"]
    assert waiting["gia-han@x"].asks_extension
    assert rows["phong@x"].state == MessageState.INTERNAL
    assert {rows[i].state for i in ("tu-dong@x", "ai-do@x")} == {MessageState.NOISE}
    assert "câu hỏi" not in rows["link@x"].reason


@pytest.mark.parametrize(
    ("later", "corrects"),
    [
        ("Trường sẽ gửi lại bản đúng sau ạ.", False),
        ("Trường gửi lại bản đúng kèm thư này, bản có chữ ký sẽ gửi sau ạ.", True),
    ],
    ids=["promised", "sent, the signed copy promised"],
)
def test_a_note_cancelling_a_report_promising_the_right_one_later_sends_no_correction(
    dovecot: Dovecot,
    folder: str,
    rt: Runtime,
    mailbox_factory: Callable[[], Mailbox],
    later: str,
    corrects: bool,
) -> None:
    """TH Tân Thành sent its report, then «xin hủy thư báo cáo … do văn thư gửi nhầm file của năm học trước.
    Trường sẽ gửi lại bản đúng sau ạ.»: the note waited for staff, its reason ending «Thư ghi là gửi bản sửa
    của báo cáo đã gửi trước.» though it sends nothing, as if the right copy had come. A promise to send it
    later sends no correction now; a clause sending it still does, whatever else the note promises."""
    sender, name = "c1tanthanh.thuthua@example.edu.vn", "Trường Tiểu học Tân Thành"
    sent_at = dt.datetime(2021, 10, 21, 14, 0, tzinfo=HCM)
    recalled_at = dt.datetime(2021, 10, 21, 15, 30, tzinfo=HCM)
    recall = _to_the_office(
        sender,
        "V/v xin hủy thư báo cáo NQ121 đã gửi",
        recalled_at,
        "<huy@x>",
        "Kính gửi Phòng GD&ĐT,\nTrường TH Tân Thành xin hủy thư báo cáo NQ121 gửi lúc 14 giờ ngày 21/10/2021 do "
        f"văn thư gửi nhầm file của năm học trước. {later}\nTrân trọng.",
    )
    dovecot.append([(report_mail(sender, name, sent_at), sent_at), (recall.as_bytes(), recalled_at)], folder)

    poll_once(rt, mailbox_factory)

    [note] = [r for r in rt.store.reviews() if r.message_id == "huy@x"]
    assert note.reason.startswith("Trường đề nghị hủy hoặc thu hồi thư đã gửi: «") and note.withdraws
    assert (status.CORRECTS in note.reason) is corrects, note.reason


def test_a_late_reports_date_is_told_beside_the_school_as_held_on_the_way_held_for_days_or_a_wrong_clock(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox_factory: Callable[[], Mailbox]
) -> None:
    """Four late reports whose Date stands before the deadline: minutes before a receipt the next morning
    (held on the way), a week before (held in an outbox, or a clock set back), three weeks before and in
    1970 (a clock set wrong). Every list of late schools said of the first two alike «thư ghi gửi lúc …,
    trước hạn, nhưng nhận lúc …; xem thư để quyết định có gia hạn không», as of a report sent in time, and
    nothing of the last two, whose wrong clock only the message's page told."""
    sent = {
        "th-my-an": (
            "c1myan",
            "Trường Tiểu học Mỹ An",
            "Mon, 25 Oct 2021 23:50:00 +0700",
            "2021-10-26 08:00",
        ),
        "th-my-lac": (
            "c1mylac",
            "Trường Tiểu học Mỹ Lạc",
            "Wed, 20 Oct 2021 09:00:00 +0700",
            "2021-10-27 09:00",
        ),
        "th-binh-an": (
            "c1binhan",
            "Trường Tiểu học Bình An",
            "Wed, 20 Oct 2021 09:00:00 +0700",
            "2021-11-09 09:00",
        ),
        "th-thi-tran": (
            "c1thitran",
            "Trường Tiểu học Thị trấn Thủ Thừa",
            "Thu, 01 Jan 1970 07:00:00 +0700",
            "2021-10-27 09:00",
        ),
    }
    mails = []
    for user, name, date, stored in sent.values():
        at = dt.datetime.fromisoformat(stored).replace(tzinfo=HCM)
        raw = report_mail(f"{user}.thuthua@example.edu.vn", name, at)
        mails.append((re.sub(rb"(?m)^Date: .*$", f"Date: {date}".encode(), raw), at))
    dovecot.append(mails, folder)

    poll_once(rt, mailbox_factory)

    season = status.load(rt.config, rt.store, "nq121", 2021, dt.datetime(2021, 11, 10, 8, tzinfo=HCM))
    said = {s.school_id: s.sent_in_time for s in season.schools if s.school_id in sent}
    assert {s.school_id: s.status for s in season.schools if s.school_id in sent} == dict.fromkeys(
        sent, SchoolState.LATE
    )
    assert said == {
        "th-my-an": "thư ghi gửi lúc 23:50 ngày 25/10/2021, trước hạn, nhưng nhận lúc 08:00 ngày 26/10/2021; "
        "xem thư để quyết định có gia hạn không (baocao extend)",
        "th-my-lac": "dòng Date ghi 09:00 ngày 20/10/2021, trước hạn, nhưng nhận lúc 09:00 ngày 27/10/2021, sau 7 "
        "ngày: đồng hồ máy gửi sai hoặc thư nằm chờ lâu trước khi gửi; chỉ gia hạn nếu trường chứng minh đã gửi "
        "đúng hạn (baocao extend)",
        "th-binh-an": "dòng Date ghi 09:00 ngày 20/10/2021: đồng hồ máy gửi sai",
        "th-thi-tran": "dòng Date ghi năm 1970: đồng hồ máy gửi sai",
    }, [(s.school_id, s.counted[0].evidence) for s in season.schools if s.school_id in sent]
    table = export.status_table(season, rt.config)
    notes = {row[1]: row[table.headers.index("Ghi chú")] for row in table.rows}
    assert all(said[school][1:] in str(notes[school]) for school in sent), notes
    digest = Renderer(rt.config).digest(season, dt.datetime(2021, 11, 10, 8, tzinfo=HCM)).text
    assert all(f"{sent[school][1]} ({said[school]})" in digest for school in sent), digest


def test_a_schools_report_passed_on_for_reference_waits_and_credits_no_one(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox_factory: Callable[[], Mailbox]
) -> None:
    """Tiểu học Mỹ Thạnh B's own address sent «Fw: báo cáo NQ121», «Gửi Phòng tham khảo.», with Mẫu giáo
    Mỹ Lạc's headed report: Mỹ Lạc was credited «Nộp muộn» for a report it never sent («Không theo các căn
    cứ khác vì tiêu đề văn bản ghi rõ …»). A mail saying it passes a report on as a sample («tham khảo»,
    «báo cáo mẫu», «bài của trường bạn»), from any address but the school's own, waits for staff offering
    the school. A school's own report sent «theo mẫu» still counts, and so does one a principal's gmail sends
    «để Phòng biết»: what a school writes of the report it submits, which waited for a while."""
    at = dt.datetime(2021, 10, 20, 9, 0, tzinfo=HCM)
    passed_on = {
        "fw": ("c1mythanhb.thuthua@example.edu.vn", "Fw: báo cáo NQ121", "Gửi Phòng tham khảo."),
        "friend": ("c1myphu.thuthua@example.edu.vn", "BC NQ121", "Em xin gửi kèm bài của trường bạn ạ."),
        "sample": ("thuydung.gv@gmail.com", "Bao cao mau NQ121", "Em gui chi nha."),
    }
    mails = []
    for n, (sender, subject, text) in enumerate(passed_on.values()):
        msg = _to_the_office(sender, subject, at, f"<ref{n}@x>", text)
        paper = render_docx(make_paper("Trường Mẫu giáo Mỹ Lạc", year=2021, rng=random.Random(20 + n)))
        msg.add_attachment(paper, maintype="application", subtype="octet-stream", filename="BC NQ121.docx")
        mails.append((msg.as_bytes(), at))
    own = _to_the_office(
        "c1myan.thuthua@example.edu.vn", "BC NQ121", at, "<own@x>", "Trường gửi báo cáo theo mẫu của Phòng."
    )
    own.add_attachment(
        render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(30))),
        maintype="application",
        subtype="octet-stream",
        filename="BC NQ121.docx",
    )
    known = _to_the_office(
        "hieutruong.myphu@gmail.com",
        "BC NQ121",
        at,
        "<know@x>",
        "Trường gửi báo cáo để Phòng biết và tổng hợp.",
    )
    known.add_attachment(
        render_docx(make_paper("Trường Tiểu học Mỹ Phú", year=2021, rng=random.Random(31))),
        maintype="application",
        subtype="octet-stream",
        filename="BC NQ121.docx",
    )
    dovecot.append([*mails, (own.as_bytes(), at), (known.as_bytes(), at)], folder)

    poll_once(rt, mailbox_factory)

    assert sorted(s.school_id for s in rt.store.submissions()) == ["th-my-an", "th-my-phu"]
    waiting = {r.message_id: r for r in rt.store.reviews()}
    assert sorted(waiting) == [f"ref{n}@x" for n in range(len(passed_on))]
    for row in waiting.values():
        assert row.candidates == ("mg-my-lac",)
        assert "được gửi để tham khảo, không phải Trường Mẫu giáo Mỹ Lạc nộp báo cáo" in row.reason
    fw = waiting["ref0@x"].reason
    assert fw.startswith(
        "Thư gửi từ địa chỉ của Trường Tiểu học Mỹ Thạnh B chuyển văn bản của Trường Mẫu giáo"
    )
    assert "«Gửi Phòng tham khảo.»" in fw and "Không theo các căn cứ khác" not in fw
    assert statuses(rt, 2021)["mg-my-lac"] == SchoolState.MISSING
    assert statuses(rt, 2021)["th-my-thanh-b"] == SchoolState.MISSING


def returned_by_the_mailbox_full(to: str, original: EmailMessage, when: dt.datetime) -> bytes:
    """Postfix's report (RFC 3464) that original, sent to a school's address, came back: its mailbox full."""
    head = (
        "From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.edu.vn>\r\nTo: pgdthuthua@example.edu.vn\r\n"
        f"Subject: Undelivered Mail Returned to Sender\r\nDate: {format_datetime(when)}\r\n"
        "Message-ID: <tra-lai.1@mx.example.edu.vn>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type="delivery-status"; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\n"
        "This is the mail system. Your message could not be delivered: mailbox full.\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.edu.vn\r\n\r\n"
        f"Final-Recipient: rfc822; {to}\r\nAction: failed\r\nStatus: 5.2.2\r\n"
        "Diagnostic-Code: smtp; 552 5.2.2 Mailbox full\r\n"
        "--B\r\nContent-Type: message/rfc822\r\n\r\n"
    )
    return head.encode() + original.as_bytes() + b"\r\n--B--\r\n"


def test_a_bounce_of_mail_staff_sent_from_their_own_mailbox_says_it_was_not_ours(
    dovecot: Dovecot, folder: str, rt: Runtime, config_path: Path, mailbox_factory: Callable[[], Mailbox]
) -> None:
    """A bounce of a reminder staff wrote to Tiểu học Mỹ An from their own mail client (a Message-ID baocao
    never made) was told on the status, the missing list and the school's page as «thư gửi đến … bị trả
    lại …: hộp thư của trường đã đầy» while baocao's send log had nothing to Mỹ An: staff looked for a
    reminder of ours that never went. The full mailbox is still told (the digest's table too), and so is
    that the mail that came back was not baocao's."""
    my_an = "c1myan.thuthua@example.edu.vn"
    sent = _to_the_office(
        "pgdthuthua@example.edu.vn",
        "Nhắc nộp báo cáo NQ121",
        dt.datetime(2021, 11, 2, 7, 30, tzinfo=HCM),
        "<nhac.tay@mail.example.edu.vn>",
        "Kính gửi Trường Tiểu học Mỹ An, đến nay Phòng chưa nhận được báo cáo NQ121.",
    )
    sent.replace_header("To", my_an)
    at = dt.datetime(2021, 11, 2, 7, 31, tzinfo=HCM)
    dovecot.append([(returned_by_the_mailbox_full(my_an, sent, at), at)], folder)

    poll_once(rt, mailbox_factory)

    [row] = rt.store.messages()
    assert row.state == MessageState.NOISE and row.bounced == (my_an,)
    not_ours = "thư bị trả lại không phải thư do hệ thống gửi (có thể cán bộ gửi từ hộp thư riêng)"
    assert "hộp thư đã đầy" in row.reason and f"T{not_ours[1:]}." in row.reason
    full = f"thư gửi đến {my_an} bị trả lại ngày 02/11/2021: hộp thư của trường đã đầy"
    season = status.load(rt.config, rt.store, "nq121", 2021, rt.clock())
    [note] = season.bounced_notes([my_an])
    assert note.startswith(full) and note.endswith(not_ours)
    [school] = [s for s in json.loads(as_json(season, rt.config))["schools"] if s["school_id"] == "th-my-an"]
    assert [b["note"] for b in school["bounced"]] == [note]
    digest = Renderer(rt.config).digest(season, dt.datetime(2021, 11, 10, 8, tzinfo=HCM)).text
    [row] = [x for x in digest.split("ĐỊA CHỈ THƯ BỊ TRẢ LẠI")[1].splitlines() if my_an in x]
    assert "hộp thư đã đầy" in row and not_ours in row
    for command in ("status", "missing"):
        shown = CliRunner().invoke(
            main, ["--config", str(config_path), command, "--year", "2021"], obj=rt.clock
        )
        [line] = [x for x in shown.output.splitlines() if my_an in x and "bị trả lại" in x]
        assert not_ours in line, (command, line)


def test_another_schools_report_from_a_schools_address_counts_when_the_mail_says_it_is_sent_for_it(
    dovecot: Dovecot, folder: str, rt: Runtime, mailbox_factory: Callable[[], Mailbox]
) -> None:
    """Tiểu học Mỹ Thạnh B's address sent Mỹ Phú's headed report with «Dạ em nộp giùm đơn vị bạn ạ»: it
    waited as a file of another school sent with no word of why, though «nộp giùm» says it as «gửi giùm»
    does. It counts for Mỹ Phú; Mẫu giáo Mỹ An's report sent with no such word still waits with both."""
    at = dt.datetime(2021, 10, 20, 9, 0, tzinfo=HCM)
    mails = []
    for n, (school, text) in enumerate(
        [
            ("Trường Tiểu học Mỹ Phú", "Dạ em nộp giùm đơn vị bạn ạ."),
            ("Trường Mẫu giáo Mỹ An", "Kính gửi Phòng."),
        ]
    ):
        msg = _to_the_office("c1mythanhb.thuthua@example.edu.vn", "BC NQ121", at, f"<thay{n}@x>", text)
        paper = render_docx(make_paper(school, year=2021, rng=random.Random(40 + n)))
        msg.add_attachment(paper, maintype="application", subtype="octet-stream", filename="BC NQ121.docx")
        mails.append((msg.as_bytes(), at))
    dovecot.append(mails, folder)

    poll_once(rt, mailbox_factory)

    assert [(s.message_id, s.school_id) for s in rt.store.submissions()] == [("thay0@x", "th-my-phu")]
    [waiting] = rt.store.reviews()
    assert waiting.message_id == "thay1@x" and {"th-my-thanh-b", "mg-my-an"} <= set(waiting.candidates)
