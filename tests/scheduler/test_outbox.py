"""The send log on SQLite and PostgreSQL: a key is logged once, claimed once, retried with backoff."""

from __future__ import annotations

import dataclasses
import datetime as dt

from kernel.store import Store
from scheduler.outbox import Outbox, OutboxState, backoff
from scheduler.outgoing import Outgoing

NOW = dt.datetime(2021, 10, 18, 0, 30, tzinfo=dt.UTC)
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

    assert [one.claim(seen_by_one, NOW), two.claim(seen_by_two, NOW)] == [True, False]
    assert one.due(NOW) == []  # leased while it is being sent


def test_a_failed_send_is_retried_with_backoff_then_given_up(store: Store) -> None:
    outbox = Outbox(store)
    outbox.add(ITEM, b"message", NOW)
    (entry,) = outbox.due(NOW)
    outbox.claim(entry, NOW)
    state = outbox.mark_failed(
        entry, "connection refused", NOW, permanent=False, give_up_after=dt.timedelta(hours=72)
    )

    (retry,) = outbox.entries()
    assert (state, retry.attempts, retry.next_attempt_at) == (OutboxState.PENDING, 1, NOW + backoff(1))
    later = NOW + dt.timedelta(hours=73)
    outbox.claim(retry, later)
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
    outbox.claim(entry, NOW)
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
    outbox.claim(retry, later)
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
