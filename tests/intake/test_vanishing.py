"""Mail that the office clerk moves or deletes in her own mail program while baocao is fetching it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from intake.imap import Envelope, Fetched, Mailbox
from intake.poller import poll_once
from kernel import config as config_mod
from kernel.archive import key_of
from kernel.config import ImapConfig
from kernel.runtime import Runtime
from kernel.store import MessageState
from tests.intake.conftest import HCM, report_mail
from tests.servers import Dovecot

MB = 1024 * 1024
SENT = dt.datetime(2021, 10, 19, 9, 0, tzinfo=HCM)
SCHOOLS = [
    ("c1binhan.thuthua@example.edu.vn", "Trường Tiểu học Bình An"),
    ("c0myan.thuthua@example.edu.vn", "Trường Mẫu giáo Mỹ An"),
    ("c1mythanh.thuthua@example.edu.vn", "Trường Tiểu học Mỹ Thạnh"),
]


def large_report() -> bytes:
    """A report with a video of the school's activity: over 8 MB, so it is fetched in 4 MB pieces. Its
    lines end in CRLF, as the server sends them, so that it has the key of the message fetched whole."""
    video = ("video", "mp4", "Tuyên truyền NQ121.mp4")
    lines = report_mail(*SCHOOLS[0], SENT, attachment=os.urandom(7 * MB), attachment_type=video)
    mail = lines.replace(b"\n", b"\r\n")
    assert len(mail) > 9 * MB
    return mail


def clerk(dovecot: Dovecot, folder: str, uid: int, to: str | None) -> None:
    """The clerk, in her own mail program, moves the message to the folder to, or deletes it (to None)."""
    with dovecot.client() as other:
        other.select_folder(folder)
        if to is None:
            other.delete_messages([uid])
            other.expunge()
        else:
            other.move([uid], to)


def moving_mid_download(dovecot: Dovecot, to: str | None) -> type[Mailbox]:
    """A Mailbox of a folder whose clerk moves (or deletes) a message once its first piece has come."""

    class Moving(Mailbox):
        def fetch_chunks(self, env: Envelope, chunk_bytes: int = 4 * MB) -> Iterator[bytes]:
            for n, chunk in enumerate(super().fetch_chunks(env, chunk_bytes)):
                yield chunk
                if n == 0:
                    clerk(dovecot, self.config.folder, env.uid, to)

    return Moving


def imap_of(config_path: Path) -> ImapConfig:
    imap = config_mod.load(config_path).imap
    assert imap is not None
    return imap


def test_a_large_report_moved_to_another_folder_while_it_is_fetched_is_read_whole_from_there(
    dovecot: Dovecot, folder: str, config_path: Path
) -> None:
    """The clerk filed a school's 12 MB report into the watched folder «Báo cáo NQ121» while baocao was
    fetching it from INBOX: the 4 MB that had come were archived as the report, the school was marked
    «Không đọc được tệp» and asked to send it again, and the whole report, read from the other folder,
    was skipped as a copy of it. Now what came is not kept, and the report is read from where it went."""
    mail = large_report()
    [uid] = dovecot.append([(mail, SENT)], folder)
    filed = f"{folder} NQ121"
    with dovecot.client() as client:
        client.create_folder(filed)
    imap = imap_of(config_path)
    Moving = moving_mid_download(dovecot, filed)
    with Runtime.open(config_mod.load(config_path)) as rt:
        poll_once(rt, lambda: Moving(imap))
        assert rt.store.messages() == []
        assert [p for p in rt.archive.root.rglob("*") if p.is_file()] == []

        poll_once(rt, lambda: Mailbox(dataclasses.replace(imap, folder=filed)))
        [message] = rt.store.messages()
        assert message.key == key_of(mail)
        assert message.state == MessageState.REPORT, message.reason


def test_a_large_report_deleted_while_it_is_fetched_is_not_recorded(
    dovecot: Dovecot, folder: str, config_path: Path
) -> None:
    """A 12 MB mail the clerk deleted while baocao was fetching it was recorded from its first 4 MB, as a
    school's report that could not be read. Now nothing of it is archived or recorded."""
    [uid] = dovecot.append([(large_report(), SENT)], folder)
    imap = imap_of(config_path)
    Moving = moving_mid_download(dovecot, None)
    with Runtime.open(config_mod.load(config_path)) as rt:
        tally = poll_once(rt, lambda: Moving(imap))
        assert rt.store.messages() == [] and tally.failed == 0
        assert [p for p in rt.archive.root.rglob("*") if p.is_file()] == []
    assert "1 thư đã bị xóa/chuyển khỏi hộp thư trước khi đọc." in tally.line()


def test_mail_deleted_while_a_poll_reads_is_told_once_in_vietnamese(
    dovecot: Dovecot, folder: str, config_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The clerk deleted mail while `baocao poll --once` read the folder: the terminal showed an English
    WARNING «UID 1396 vanished from … before it could be fetched» for each message (51 in one run). A
    deletion is ordinary: the summary line counts them, in Vietnamese, and nothing is warned."""
    uids = dovecot.append(
        [(report_mail(s, n, SENT, number=i), SENT) for i, (s, n) in enumerate(SCHOOLS)], folder
    )

    class Deleting(Mailbox):
        def fetch(self, envelopes: Sequence[Envelope]) -> Iterator[Fetched]:
            for uid in uids[1:]:
                clerk(dovecot, self.config.folder, uid, None)
            return super().fetch(envelopes)

    imap = imap_of(config_path)
    with caplog.at_level(logging.WARNING), Runtime.open(config_mod.load(config_path)) as rt:
        tally = poll_once(rt, lambda: Deleting(imap))
    assert tally.new == 1
    assert tally.line().endswith(" 2 thư đã bị xóa/chuyển khỏi hộp thư trước khi đọc.")
    assert [r.getMessage() for r in caplog.records] == []


def test_a_large_report_shorter_than_the_server_announced_is_read_once(
    dovecot: Dovecot, folder: str, config_path: Path
) -> None:
    """A server whose announced size (RFC822.SIZE) is larger than what it sends must not have a report
    that is still in the folder taken for one that vanished: it would be fetched again at every poll
    and never read. What the server sends of a message it still holds is the message."""
    mail = large_report()
    dovecot.append([(mail, SENT)], folder)

    class Overstating(Mailbox):
        fetched = 0

        def envelopes(self, uids: Sequence[int]) -> list[Envelope]:
            return [dataclasses.replace(e, size=e.size + MB) for e in super().envelopes(uids)]

        def fetch_chunks(self, env: Envelope, chunk_bytes: int = 4 * MB) -> Iterator[bytes]:
            Overstating.fetched += 1
            return super().fetch_chunks(env, chunk_bytes)

    imap = imap_of(config_path)
    with Runtime.open(config_mod.load(config_path)) as rt:
        poll_once(rt, lambda: Overstating(imap))
        poll_once(rt, lambda: Overstating(imap))
        [message] = rt.store.messages()
        assert message.key == key_of(mail) and message.state == MessageState.REPORT, message.reason
        assert Overstating.fetched == 1


def test_a_report_moved_between_listing_and_fetching_is_left_and_the_others_are_read(
    dovecot: Dovecot, folder: str, config_path: Path
) -> None:
    """The clerk moved one of three new reports to «Đã xử lý» after baocao had listed the folder and
    before it fetched them: the server answered that message's BODY[] with NIL and `baocao poll --once`
    ended in a TypeError traceback (in `baocao run`, the folder's reader thread died and no mail was
    read from it again). Now the moved report is left, as one gone before it is fetched, and the other
    two are read."""
    uids = dovecot.append(
        [(report_mail(s, n, SENT, number=i), SENT) for i, (s, n) in enumerate(SCHOOLS)], folder
    )
    done = f"{folder} Đã xử lý"
    with dovecot.client() as client:
        client.create_folder(done)

    class Moving(Mailbox):
        def fetch(self, envelopes: Sequence[Envelope]) -> Iterator[Fetched]:
            clerk(dovecot, self.config.folder, uids[1], done)
            return super().fetch(envelopes)

    imap = imap_of(config_path)
    with Runtime.open(config_mod.load(config_path)) as rt:
        poll_once(rt, lambda: Moving(imap))
        senders = sorted(m.sender for m in rt.store.messages())
    assert senders == sorted([SCHOOLS[0][0], SCHOOLS[2][0]])
