"""The store behaves the same on SQLite and PostgreSQL: idempotent outcomes, aware datetimes, Vietnamese text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
import stat
import subprocess
import time
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from intake.locations import Locations
from intake.readings import cache_reading, cached_reading
from kernel import store as store_mod
from kernel.archive import Archive
from kernel.errors import DatabaseAwayError, DatabaseBusyError, StoreError
from kernel.freshness import Freshness
from kernel.proof import Check, SenderCheck, SignatureFact
from kernel.store import MessageRow, ReviewRow, Store, SubmissionRow
from parsers.document import SignatureStatus
from tests.servers_pg import _as_postgres, free_port, postgres_server

T0 = dt.datetime(2021, 10, 20, 1, 30, tzinfo=dt.UTC)


def _message(key: str = "a" * 64, state: str = "report") -> MessageRow:
    return MessageRow(
        key,
        "m1@truong.edu.vn",
        "imap",
        "c1myan@x.vn",
        "Báo cáo NQ121 Trường TH Mỹ An",
        T0,
        state,
        "Địa chỉ đã đăng ký",
        "",
        1,
        T0,
    )


def _submission(school: str = "th-my-an", key: str = "a" * 64) -> SubmissionRow:
    return SubmissionRow(
        key,
        "m1@truong.edu.vn",
        "nq121",
        2021,
        school,
        T0,
        "c1myan@x.vn",
        ("Báo cáo NQ 121.docx",),
        ("chi_dao",),
        ("de_xuat",),
        {"buoi": {"value": 3}},
        ("lý do",),
    )


def test_recording_the_same_outcome_twice_keeps_one_submission(store: Store) -> None:
    store.record_outcome(_message(), [_submission()], [])
    store.record_outcome(_message(), [_submission()], [])
    subs = store.submissions(report_id="nq121", year=2021)
    assert len(subs) == 1
    assert subs[0].files == ("Báo cáo NQ 121.docx",)
    assert store.messages()[0].subject == "Báo cáo NQ121 Trường TH Mỹ An"


def test_reprocessing_replaces_automatic_output_but_keeps_manual(store: Store) -> None:
    store.record_outcome(_message(), [_submission("th-my-an")], [])
    manual = SubmissionRow(**{**_submission("th-my-lac").__dict__, "origin": "manual"})
    store.record_outcome(_message(), [_submission("th-my-an"), manual], [])
    store.record_outcome(
        _message(state="review"),
        [],
        [
            ReviewRow(
                "a" * 64,
                "m1@truong.edu.vn",
                "nq121",
                2021,
                "x@gmail.com",
                "BC",
                T0,
                "Không rõ trường",
                ("th-my-an",),
                (),
            )
        ],
    )
    assert [s.school_id for s in store.submissions()] == ["th-my-lac"]
    assert [r.candidates for r in store.reviews()] == [("th-my-an",)]


def test_datetimes_come_back_timezone_aware_and_equal(store: Store) -> None:
    local = T0.astimezone(dt.timezone(dt.timedelta(hours=7)))
    store.record_outcome(MessageRow(**{**_message().__dict__, "received_at": local}), [], [])
    got = store.messages()[0].received_at
    assert got.tzinfo is not None and got == T0


def test_mailbox_state_and_locations_are_idempotent(store: Store) -> None:
    places = Locations(store)
    assert places.mailbox_state("pgd@host/INBOX") is None
    big = 4_294_967_295  # UIDVALIDITY and UIDs are unsigned 32-bit: beyond PostgreSQL's integer
    places.set_mailbox_state("pgd@host/INBOX", big, 10)
    places.set_mailbox_state("pgd@host/INBOX", big, 12)
    places.add("pgd@host/INBOX", big, big - 1, "a" * 64)
    places.add("pgd@host/INBOX", big, big - 1, "a" * 64)
    assert places.mailbox_state("pgd@host/INBOX") == (big, 12)
    assert places.seen_uids("pgd@host/INBOX", big) == {big - 1}
    assert places.seen_uids("pgd@host/INBOX", 8) == set()
    assert store.keys_by_message_id(["m1@truong.edu.vn", "other"]) == {}
    store.record_outcome(_message(), [], [])
    assert store.keys_by_message_id(["m1@truong.edu.vn", "other"]) == {"m1@truong.edu.vn": "a" * 64}


def test_parse_cache_round_trips_and_tolerates_a_second_writer(store: Store) -> None:
    reading = {"documents": [{"text": "Báo cáo kết quả"}], "failures": []}
    cache_reading(store, "f" * 64, "1", reading, T0)
    cache_reading(store, "f" * 64, "1", reading, T0)
    assert cached_reading(store, "f" * 64, "1") == reading
    assert cached_reading(store, "f" * 64, "2") is None


def test_the_read_up_to_mark_keeps_the_first_failure_of_an_outage(store: Store) -> None:
    marks = Freshness(store)
    marks.mark_read("pgd@host/INBOX", T0)
    later = T0 + dt.timedelta(minutes=5)
    marks.mark_failing("pgd@host/INBOX", "máy chủ không trả lời", later)
    marks.mark_failing("pgd@host/INBOX", "máy chủ không trả lời", later + dt.timedelta(minutes=5))
    read = marks.reads()["pgd@host/INBOX"]
    assert (read.read_through, read.failing_since, read.error) == (T0, later, "máy chủ không trả lời")
    marks.mark_read("pgd@host/INBOX", later + dt.timedelta(minutes=10))
    assert marks.reads()["pgd@host/INBOX"].failing_since is None


def test_learned_addresses_can_be_revoked(store: Store) -> None:
    store.learn_address("hieutruong@gmail.com", "th-my-an", "a" * 64, T0)
    assert store.learned_addresses() == {"hieutruong@gmail.com": "th-my-an"}
    assert store.forget_address("hieutruong@gmail.com", T0, dated=False)
    assert store.learned_addresses() == {}
    assert store.learned_addresses(active_only=False) == {"hieutruong@gmail.com": "th-my-an"}
    [row] = store.learned_history()
    assert (row.email, row.school_id, row.active, row.created_at) == (
        "hieutruong@gmail.com",
        "th-my-an",
        False,
        T0,
    )


def test_a_new_sqlite_database_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    """The database holds the reports' text and the parse cache; it was created world-readable."""
    path = tmp_path / "var" / "baocao.db"
    store = Store.open(f"sqlite:///{path}")
    try:
        with store.begin() as conn:  # a write makes SQLite create its -wal and -shm files
            conn.exec_driver_sql("CREATE TABLE probe (x INTEGER)")
        files = [p for p in path.parent.iterdir() if p.name.startswith("baocao.db")]
        assert {p.name for p in files} >= {"baocao.db", "baocao.db-wal"}
        assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in files} == {p.name: 0o600 for p in files}
    finally:
        store.close()


def test_a_second_copy_of_a_recorded_message_is_linked_not_added(store: Store) -> None:
    """The same message by another road (its bytes differ, its content key does not) got a second row."""
    first = dataclasses.replace(_message("a" * 64), content_key="c" * 64)
    assert store.save_message(first) is None
    twin = store.save_message(dataclasses.replace(_message("b" * 64), content_key="c" * 64))
    assert twin is not None and twin.key == "a" * 64
    assert [m.key for m in store.messages()] == ["a" * 64]
    assert store.save_message(dataclasses.replace(first, reason="lần sau")) is None  # same key: updated
    assert store.message("a" * 64).reason == "lần sau"


def test_signatures_and_the_sender_check_come_back_as_recorded(store: Store) -> None:
    """Proof of origin is data: the signatures of a submission and the sender check of its message."""
    signed_at = dt.datetime(2021, 10, 20, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    signature = SignatureFact(
        "Báo cáo NQ 121.pdf",
        SignatureStatus.VALID,
        "Chữ ký số hợp lệ của TRƯỜNG TIỂU HỌC MỸ AN (chứng thư do VNPT-CA cấp); tệp không bị sửa sau khi ký.",
        common_name="Trần Thị Hoa",
        organization="TRƯỜNG TIỂU HỌC MỸ AN",
        locality="Mỹ An",
        issuer="VNPT-CA",
        signed_at=signed_at,
        school_id="th-my-an",
    )
    forged = SenderCheck(
        "c1myan@x.vn",
        spf=Check.FAIL,
        dmarc=Check.FAIL,
        checked_by="mx.pgd.vn",
        failed=True,
        problem="DMARC không đạt",
        explanation="Thư giả mạo địa chỉ c1myan@x.vn: DMARC không đạt (máy chủ nhận thư mx.pgd.vn kiểm tra).",
    )
    message = MessageRow(**{**_message().__dict__, "sender_check": forged})
    submission = SubmissionRow(**{**_submission().__dict__, "signatures": (signature,)})
    store.record_outcome(message, [submission], [])
    store.record_outcome(_message("b" * 64), [], [])  # a message whose sender was never looked at

    [sub] = store.submissions()
    assert sub.signatures == (signature,) and sub.signatures[0].signed_at == signed_at
    assert sub.school_signature == signature
    assert store.message("a" * 64).sender_check == forged
    assert store.message("b" * 64).sender_check is None
    assert store.sender_checks(["a" * 64, "b" * 64, "c" * 64]) == {"a" * 64: forged}


def test_messages_are_looked_up_by_key_in_batches_beyond_the_in_list_size(store: Store) -> None:
    """The unit filters of `audit` and `review` look their messages up by key together; more keys
    than one IN (...) list holds must all come back, and keys never recorded are left out."""
    keys = [f"{n:064x}" for n in range(1, 1202)]
    for n, key in enumerate(keys):
        store.save_message(dataclasses.replace(_message(key), message_id=f"m{n}@truong.edu.vn"))

    found = store.messages_by_key([*keys, "f" * 64, keys[0]])

    assert sorted(found) == sorted(keys)
    assert found[keys[1200]].message_id == "m1200@truong.edu.vn"


def test_a_schools_mail_not_counted_is_found_by_its_address_in_any_case_within_the_season(
    store: Store,
) -> None:
    """The school page's list of a school's mail that counted for no report: its addresses in any case,
    the states asked, the season's moments (its end excluded), the latest first, no auto-reply."""

    def sent(n: int, sender: str, state: str, hours: int, *, automatic: bool = False) -> str:
        key = f"{n:064x}"
        row = dataclasses.replace(
            _message(key, state),
            message_id=f"m{n}@truong.edu.vn",
            sender=sender,
            received_at=T0 + dt.timedelta(hours=hours),
            automatic=automatic,
        )
        store.save_message(row)
        return key

    early = sent(1, "C1MyAn@X.vn", "noise", 0)
    late = sent(2, "c1myan@x.vn", "failed", 5)
    sent(3, "c1myan@x.vn", "report", 1)  # counted: not listed
    sent(4, "c1mylac@x.vn", "noise", 1)  # another school's
    sent(5, "c1myan@x.vn", "noise", 2, automatic=True)  # its auto-reply
    sent(6, "c1myan@x.vn", "noise", 10)  # at the end: after the season
    sent(7, "c1myan@x.vn", "noise", -1)  # before it

    found = store.mail_from(["c1myan@x.vn"], ["noise", "failed"], T0, T0 + dt.timedelta(hours=10))

    assert [r.key for r in found] == [late, early]
    assert store.mail_from([], ["noise"], T0, T0 + dt.timedelta(hours=10)) == []


def test_an_archive_that_cannot_be_written_says_why_in_vietnamese(tmp_path: Path) -> None:
    """A message that could not be archived showed the system's English ("[Errno 28] No space left on
    device", "[Errno 20] Not a directory") in the reason staff and the service log read."""
    (tmp_path / "not-a-folder").write_text("x", encoding="utf-8")
    with pytest.raises(StoreError) as raised:
        Archive(tmp_path / "not-a-folder" / "archive").put(b"From: a@b\r\n\r\nx")
    assert "trên đường dẫn có một tệp chứ không phải thư mục" in str(raised.value)
    assert "Errno" not in str(raised.value)


def test_a_message_gone_from_the_archive_says_why_in_vietnamese(tmp_path: Path) -> None:
    """Reading a message whose original was deleted from the archive showed the system's English
    ("[Errno 2] No such file or directory: '…/53/46/5346….eml'") to staff, with no word of what to do."""
    archive = Archive(tmp_path / "archive")
    key = archive.put(b"From: a@b\r\n\r\nx")
    archive.path(key).unlink()
    for read in (archive.get, archive.size, lambda k: archive.head(k, 100)):
        with pytest.raises(StoreError) as raised:
            read(key)
        said = str(raised.value)
        assert said.startswith(f"không còn bản gốc của thư {key[:12]} trong kho lưu trữ {archive.root}")
        assert "bản sao lưu" in said and "Errno" not in said


def test_a_database_server_that_does_not_answer_is_said_so_not_blamed_on_the_config(
    postgres_url: str,
) -> None:
    """With PostgreSQL stopped or restarting, every command printed the driver's English («Connection
    refused … Is the server running on that host and accepting TCP/IP connections?», «the database system
    is shutting down») and told the officer to check [storage].database in config.toml, which was right.
    A server that does not answer is now said to be away, in Vietnamese; a wrong database name still
    points at the config."""
    port = free_port()
    with pytest.raises(DatabaseAwayError) as refused:
        Store.open(f"postgresql+psycopg://baocao:MatKhau@127.0.0.1:{port}/baocao")
    with postgres_server() as url, create_engine(url + "postgres").connect() as held:
        data = held.execute(text("SHOW data_directory")).scalar_one()
        # A smart shutdown waits for the session held open: meanwhile the server turns new ones away.
        subprocess.run([*_as_postgres(["pg_ctl", "-D", data, "-m", "smart", "-W", "stop"])], check=True)
        with pytest.raises(DatabaseAwayError) as stopping:
            _wait_until_refused(url + "postgres")
        stopping_port = make_url(url).port
    for raised, at in ((refused, port), (stopping, stopping_port)):
        said = str(raised.value)
        assert said.startswith(f"máy chủ cơ sở dữ liệu 127.0.0.1:{at} không trả lời"), said
        assert "[storage].database" not in said and "connection" not in said.lower()
    with pytest.raises(StoreError, match=r"Kiểm tra \[storage\]\.database") as wrong:
        Store.open(postgres_url + "khong_co")
    assert not isinstance(wrong.value, DatabaseAwayError) and "không trả lời" not in str(wrong.value)


def test_a_database_another_program_holds_is_said_busy_not_blamed_on_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening a database to upgrade it while another program (the old daemon, a backup) held a write
    transaction printed «database is locked [SQL: BEGIN IMMEDIATE] … Kiểm tra [storage].database», and a
    write of a store already open raised SQLAlchemy's English error. Both now say the database is held by
    another program and to run again; the config is not blamed."""
    monkeypatch.setattr(store_mod, "BUSY_SECONDS", 0.2)  # not half a minute of waiting for the lock
    path = tmp_path / "baocao.db"
    url = f"sqlite:///{path}"
    with closing(sqlite3.connect(path, isolation_level=None)) as other:
        other.execute("PRAGMA journal_mode=WAL")
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(DatabaseBusyError) as opening:
            Store.open(url)  # a database to migrate
        other.execute("ROLLBACK")
        store = Store.open(url)
        try:
            other.execute("BEGIN IMMEDIATE")
            with pytest.raises(DatabaseBusyError) as writing:
                store.save_message(_message(), new=True)
            other.execute("ROLLBACK")
            store.save_message(_message(), new=True)
            assert store.message("a" * 64) is not None
        finally:
            store.close()
    for raised in (opening, writing):
        said = str(raised.value)
        assert said.startswith(f"cơ sở dữ liệu {path} đang bị một chương trình khác giữ"), said
        assert "chạy lại lệnh" in said and "[storage].database" not in said and "locked" not in said


def test_a_database_or_user_the_server_does_not_have_is_named_in_vietnamese(postgres_url: str) -> None:
    """A mistyped database or user name printed libpq's «FATAL:  database "baocoa" does not exist» and
    the driver's link to its docs: the officer is told in Vietnamese which name the server lacks."""
    with pytest.raises(StoreError) as database:
        Store.open(postgres_url + "baocoa")
    with pytest.raises(StoreError) as user:
        Store.open(str(make_url(postgres_url + "postgres").set(username="baocao_cu")))
    for raised, said in (
        (database, "máy chủ không có cơ sở dữ liệu «baocoa»"),
        (user, "máy chủ không có người dùng «baocao_cu»"),
    ):
        message = str(raised.value)
        assert said in message and "Kiểm tra [storage].database" in message, message
        assert "FATAL" not in message and "does not exist" not in message and "sqlalche.me" not in message


def _wait_until_refused(url: str) -> None:
    """Open url until the server turns the connection away (a stop begins a moment after pg_ctl returns)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        Store.open(url).close()
        time.sleep(0.05)
