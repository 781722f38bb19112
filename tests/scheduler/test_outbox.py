"""The send log on SQLite and PostgreSQL: a key is logged once, claimed once, retried with backoff."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

from kernel.store import Store
from scheduler.outbox import LEASE, Outbox, OutboxState, backoff
from scheduler.outgoing import Outgoing

NOW = dt.datetime(2021, 10, 18, 0, 30, tzinfo=dt.UTC)
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
ITEM = Outgoing(
    "reminder", "nq121", 2021, "d", ("c2nhithanh.thuthua@example.edu.vn",), (), "Nhắc nộp", "…", None, (),
    "reminder:nq121:2021:d:before-7",
)  # fmt: skip


def test_a_key_is_logged_once_and_claimed_by_one_process_only(store: Store) -> None:
    one, two = Outbox(store), Outbox(store)
    assert one.add(ITEM, b"message", NOW)
    assert not two.add(ITEM, b"message", NOW)
    (seen_by_one,) = one.due(NOW)
    (seen_by_two,) = two.due(NOW)

    assert [one.claim(seen_by_one, NOW, HCM), two.claim(seen_by_two, NOW, HCM)] == [True, False]
    assert one.due(NOW) == []  # leased while it is being sent


def test_a_send_the_process_never_finished_says_so_and_when_it_goes_again(store: Store) -> None:
    """baocao run was killed while the SMTP server took an acknowledgement: the send log showed it «Chờ
    gửi», tried once, with no reason at all, or with the error of an earlier try though the server
    worked now. A claimed send that is never recorded says it did not finish, and when it goes again;
    no other process may send it before then."""
    outbox = Outbox(store)
    outbox.add(ITEM, b"message", NOW)
    (entry,) = outbox.due(NOW)
    outbox.claim(entry, NOW, HCM)
    outbox.mark_failed(
        entry, "không kết nối được máy chủ SMTP", NOW, permanent=False, give_up_after=dt.timedelta(hours=72)
    )
    later = NOW + backoff(1)
    (retry,) = outbox.due(later)

    assert outbox.claim(retry, later, HCM)  # the process sending it is then killed

    (waiting,) = outbox.entries()
    assert waiting.last_error == (
        "lần gửi lúc 18/10/2021 07:32 chưa xong (chương trình dừng giữa chừng?); sẽ gửi lại lúc 18/10/2021 07:42"
    )
    assert outbox.due(later + LEASE - dt.timedelta(seconds=1)) == []
    assert [e.key for e in outbox.due(later + LEASE)] == [ITEM.key]


def test_a_failed_send_is_retried_with_backoff_then_given_up(store: Store) -> None:
    outbox = Outbox(store)
    outbox.add(ITEM, b"message", NOW)
    (entry,) = outbox.due(NOW)
    outbox.claim(entry, NOW, HCM)
    state = outbox.mark_failed(
        entry, "connection refused", NOW, permanent=False, give_up_after=dt.timedelta(hours=72)
    )

    (retry,) = outbox.entries()
    assert (state, retry.attempts, retry.next_attempt_at) == (OutboxState.PENDING, 1, NOW + backoff(1))
    later = NOW + dt.timedelta(hours=73)
    outbox.claim(retry, later, HCM)
    assert (
        outbox.mark_failed(
            retry, "still refused", later, permanent=False, give_up_after=dt.timedelta(hours=72)
        )
        == OutboxState.FAILED
    )
    assert [backoff(n).total_seconds() / 60 for n in (1, 2, 3, 10)] == [2, 4, 8, 60]


def test_a_message_some_recipients_took_waits_for_the_others_only_and_stays_sent_when_given_up(
    store: Store,
) -> None:
    """The principal took a reminder the school's full mailbox refused for now: the reminder was recorded
    sent, and the school's address was never tried again."""
    principal = "hieutruong.nhithanh@example.edu.vn"
    outbox = Outbox(store)
    outbox.add(dataclasses.replace(ITEM, to=(*ITEM.to, principal)), b"message", NOW)
    (entry,) = outbox.due(NOW)
    outbox.claim(entry, NOW, HCM)
    state = outbox.mark_failed(
        entry,
        "mailbox full",
        NOW,
        permanent=False,
        give_up_after=dt.timedelta(hours=72),
        delivered=[principal],
    )

    (retry,) = outbox.due(NOW + backoff(1))
    assert state == OutboxState.PENDING and retry.waiting == ITEM.to
    later = NOW + dt.timedelta(hours=73)
    outbox.claim(retry, later, HCM)
    state = outbox.mark_failed(
        retry, "mailbox full", later, permanent=False, give_up_after=dt.timedelta(hours=72)
    )
    (done,) = outbox.entries()
    assert (state, done.state, done.sent_at, done.last_error) == (
        OutboxState.SENT,
        OutboxState.SENT,
        NOW,
        "mailbox full",
    )
