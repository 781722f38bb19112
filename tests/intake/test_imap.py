"""The pure parts of IMAP intake: Message-ID headers, receipt times, fetch batches, reconnect delays."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake import message
from intake.errors import MailboxError
from intake.imap import Envelope, Mailbox, aware, batches, parse_message_id
from intake.poller import Backoff
from kernel import config as config_mod
from kernel.config import ImapConfig
from kernel.errors import network_problem
from tests.servers import Dovecot, free_port

T = dt.datetime(2021, 10, 20, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (b"Message-ID: <bc1.20211020@c1binhan.edu.vn>\r\n\r\n", "bc1.20211020@c1binhan.edu.vn"),
        (b"Message-Id:  <CAF=x+y@mail.gmail.com> \r\n\r\n", "CAF=x+y@mail.gmail.com"),
        (b"Message-ID:\r\n <folded@yahoo.com>\r\n\r\n", "folded@yahoo.com"),
        (b"Message-ID: no-brackets@outlook.com\r\n\r\n", "no-brackets@outlook.com"),
        (b"\r\n", None),
        (b"Message-ID: <>\r\n\r\n", None),
        (b"Message-ID: <a1@mail.truong.vn> (added by postmaster@truong.vn)\r\n\r\n", "a1@mail.truong.vn"),
    ],
)
def test_message_id_is_read_as_the_message_parser_reports_it(header: bytes, expected: str | None) -> None:
    """The poller skips a message whose Message-ID is recorded: both readings must agree. A comment a
    server wrote after the id was kept in it ("a1@mail.truong.vn> (added by ...") for staff to read."""
    assert parse_message_id(header) == expected
    whole = b"From: a@b.vn\r\nSubject: x\r\n" + header + b"body\r\n"
    assert message.parse(whole, fallback_id="none").message_id == (expected or "none")


def test_internaldate_becomes_aware_utc() -> None:
    hanoi = dt.datetime(2021, 10, 25, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert aware(hanoi) == dt.datetime(2021, 10, 25, 16, 59, tzinfo=dt.UTC)
    assert aware(hanoi).tzinfo is dt.UTC


def _envelopes(sizes: list[int]) -> list[Envelope]:
    return [Envelope(uid, f"m{uid}", size, T) for uid, size in enumerate(sizes, 1)]


@pytest.mark.parametrize(
    ("sizes", "max_bytes", "max_count", "expected"),
    [
        ([], 100, 10, []),
        ([10, 10, 10], 100, 2, [[1, 2], [3]]),
        ([60, 50, 10], 100, 10, [[1], [2, 3]]),
        ([500, 10], 100, 10, [[1], [2]]),  # a message larger than a batch goes alone
    ],
)
def test_batches(sizes: list[int], max_bytes: int, max_count: int, expected: list[list[int]]) -> None:
    assert batches(_envelopes(sizes), max_bytes, max_count) == expected


@given(st.lists(st.integers(0, 300), max_size=40), st.integers(1, 200), st.integers(1, 8))
def test_batches_keep_every_uid_once_in_order(sizes: list[int], max_bytes: int, max_count: int) -> None:
    result = batches(_envelopes(sizes), max_bytes, max_count)
    assert [uid for batch in result for uid in batch] == list(range(1, len(sizes) + 1))
    for batch in result:
        assert len(batch) <= max_count
        assert len(batch) == 1 or sum(sizes[uid - 1] for uid in batch) <= max_bytes


def test_backoff_grows_to_its_cap_with_jitter_and_resets() -> None:
    backoff = Backoff(initial=1.0, cap=60.0, rng=random.Random(7))
    delays = [backoff.next() for _ in range(10)]
    for n, delay in enumerate(delays):
        base = min(60.0, 2.0**n)
        assert base / 2 <= delay <= base
    assert len(set(delays[-3:])) == 3  # capped, yet two clients do not retry in step
    backoff.reset()
    assert backoff.next() <= 1.0


def test_a_refused_connection_names_the_server_and_what_to_check() -> None:
    config = ImapConfig("127.0.0.1", free_port(), "none", "pgd@x.vn", "pw", None, "INBOX", 60, 600)
    assert config.name == f"pgd@x.vn@127.0.0.1:{config.port}/INBOX"
    with pytest.raises(MailboxError, match=r"127\.0\.0\.1:\d+ \(tài khoản pgd@x\.vn\).*\[imap\]\.host"):
        Mailbox(config).open()


def test_a_refused_connection_is_said_in_vietnamese() -> None:
    """The daemon's retry lines read «Không kết nối được tới …: [Errno 111] Connection refused. Kiểm tra …»."""
    config = ImapConfig("127.0.0.1", free_port(), "none", "pgd@x.vn", "pw", None, "INBOX", 60, 600)
    with pytest.raises(MailboxError) as refused:
        Mailbox(config).open()
    assert ": máy chủ từ chối kết nối. Kiểm tra" in str(refused.value)
    assert "Errno" not in str(refused.value) and "Connection refused" not in str(refused.value)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (
            "Unexpected IDLE response: b'* BYE Server shutting down.'",
            "máy chủ đã đóng kết nối (máy chủ đang tắt",
        ),
        ("command: FETCH => socket error: EOF", "máy chủ đã đóng kết nối"),
        ("cannot read from timed out object", "máy chủ không trả lời (quá thời gian chờ)"),
        ("timed out", "máy chủ không trả lời (quá thời gian chờ)"),
        ("[Errno 104] Connection reset by peer", "máy chủ đã đóng kết nối"),
        (
            "gửi thư qua smtp.x.vn:587 không thành công: Connection unexpectedly closed",
            "gửi thư qua smtp.x.vn:587 không thành công: máy chủ đã đóng kết nối",
        ),
        ("Connection unexpectedly closed: timed out", "máy chủ không trả lời (quá thời gian chờ)"),
        ("[AUTHENTICATIONFAILED] Authentication failed", "[AUTHENTICATIONFAILED] Authentication failed"),
    ],
)
def test_a_broken_connection_is_said_in_vietnamese(said: str, expected: str) -> None:
    """Libraries' English («socket error: EOF», «timed out», «* BYE») stood inside the Vietnamese lines staff
    read; a server's own answer that is no broken connection is kept as it came."""
    assert network_problem(said).startswith(expected)


def test_a_server_stopping_under_a_reader_is_said_in_vietnamese(
    dovecot: Dovecot, folder: str, config: config_mod.Config
) -> None:
    """The mail server stopping while baocao read it ended in «command: NOOP => socket error: EOF» or
    «Unexpected IDLE response: b'* BYE Server shutting down.'» inside a Vietnamese line."""
    assert config.imap is not None
    with Mailbox(config.imap, timeout=5) as mailbox:
        mailbox.select()
        dovecot.restart()
        with pytest.raises(MailboxError) as lost:
            mailbox.uids()
    said = str(lost.value)
    assert "máy chủ đã đóng kết nối" in said
    assert not re.search(r"EOF|BYE|socket|timed out|closed", said), said
