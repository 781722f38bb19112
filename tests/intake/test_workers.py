"""Several workers on one database: every message and every scanned page done once, whoever dies.

The queue itself on SQLite and PostgreSQL; then real `baocao` processes on one PostgreSQL and one
Dovecot: one killed in the middle of a scan, another finishing it; two sharing the pages of a scan.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from sqlalchemy import select, text

from intake import crew, poller
from intake.imap import Mailbox
from intake.pipeline import Tally
from intake.poller import poll_once
from intake.worker import working
from kernel import config as config_mod
from kernel.archive import Archive
from kernel.errors import ConfigError
from kernel.runtime import Runtime
from kernel.store import MessageState, Store
from kernel.work import Queue, WorkKind, WorkState, work
from samples.documents import render_scan
from samples.papers import make_paper
from tests.conftest import _fresh_database, database_away
from tests.intake.conftest import (
    HCM,
    ROOT,
    SAME_SECOND,
    counted_for_my_an,
    noise_mail,
    paper_of_my_an,
    report_mail,
    same_second,
    sessions_of_my_an,
    write_config,
)
from tests.servers import Dovecot

LEASE = dt.timedelta(seconds=30)
STANDING_BY = "tiến trình baocao khác đọc"  # logged by a daemon whose mailbox another one reads
INFO = {"received_at": "2021-10-20T02:00:00+00:00", "source": "test"}


def test_two_workers_never_take_the_same_item(store: Store) -> None:
    setup = Queue(store, LEASE)
    keys = [f"m{n:02}" for n in range(24)]
    for key in keys:
        assert setup.put(WorkKind.MESSAGE, key, INFO)
    taken: dict[str, list[str]] = {}

    def take(queue: Queue) -> None:
        while (item := queue.claim([WorkKind.MESSAGE])) is not None:
            taken.setdefault(item.key, []).append(queue.holder)
            queue.finish(item, {"by": queue.holder})

    threads = [threading.Thread(target=take, args=(Queue(store, LEASE, holder=h),)) for h in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(taken) == keys
    assert all(len(holders) == 1 for holders in taken.values())
    assert {state for state, _ in setup.outcomes(WorkKind.MESSAGE, keys).values()} == {WorkState.DONE}


def test_an_item_is_taken_over_once_its_worker_stops_renewing_the_lease(store: Store) -> None:
    lost = Queue(store, dt.timedelta(seconds=0.3), holder="lost")
    other = Queue(store, LEASE, holder="other")
    lost.put(WorkKind.MESSAGE, "m1", INFO)
    first = lost.claim([WorkKind.MESSAGE])
    assert first is not None and first.attempts == 1
    assert other.claim([WorkKind.MESSAGE]) is None  # held, lease running
    time.sleep(0.5)  # the lost worker's lease runs out (it would renew it every 0.1 s if alive)
    second = other.claim([WorkKind.MESSAGE])
    assert second is not None and second.key == "m1" and second.attempts == 2
    lost.finish(first, {"by": "lost"})  # a worker that was only slow comes back: it no longer holds it
    assert other.outcomes(WorkKind.MESSAGE, ["m1"])["m1"][0] == WorkState.RUNNING
    other.finish(second, {"by": "other"})
    assert other.outcomes(WorkKind.MESSAGE, ["m1"])["m1"] == (WorkState.DONE, {"by": "other"})


def test_a_done_item_is_never_queued_again_and_a_failed_page_is(store: Store) -> None:
    queue = Queue(store, LEASE)
    assert queue.put(WorkKind.OCR, "p1", {"dpi": 200, "seconds": 1}, b"png")
    item = queue.claim([WorkKind.OCR])
    assert item is not None and item.payload == b"png"
    queue.fail(item, "quá 1 giây", {"text": "", "confidence": None, "timed_out": True})
    assert queue.put(WorkKind.OCR, "p1", {"dpi": 200, "seconds": 60}, b"png")  # may pass on a quieter machine
    again = queue.claim([WorkKind.OCR])
    assert again is not None and again.info["seconds"] == 60
    queue.finish(again, {"text": "trang 1", "confidence": 90.0, "timed_out": False})
    assert not queue.put(WorkKind.OCR, "p1", {"dpi": 200, "seconds": 60}, b"png")
    assert queue.claim([WorkKind.OCR]) is None
    assert queue.unfinished(WorkKind.OCR) == []


def test_a_report_queued_later_in_one_second_counts_whichever_worker_records_it_first(
    config_file: Path, store: Store, tmp_path: Path
) -> None:
    """Two workers side by side took Mỹ An's report and its corrected version, queued one after the other
    from the mailbox in the same second; the one with the correction recorded it first, and the first
    version, recorded after it, was counted until a reprocess read them again by key."""
    later = dt.datetime(2021, 11, 15, 3, tzinfo=dt.UTC)
    rt = Runtime(config_mod.load(config_file), store, Archive(tmp_path / "archive"), lambda: later)
    mails = same_second([paper_of_my_an(1), paper_of_my_an(2)], by_key=[0, 1])
    keys = [rt.archive.put(raw) for raw in mails]
    with working(rt) as reader, working(rt) as other:
        with store.begin():  # as a reader queues a batch
            for key in keys:
                reader.queue_message(key, received_at=SAME_SECOND, source="test")
        held = reader.queue.claim([WorkKind.MESSAGE])
        assert held is not None and held.key == keys[0]
        assert other.step()  # the correction, recorded first
        reader.queue.release(held)
        assert reader.step()
    counted = counted_for_my_an(rt)

    poller.reprocess_rows(rt, keys, threading.Event(), Tally(), lambda done, total: None)

    assert (
        counted_for_my_an(rt)
        == counted
        == ("myan1@example.edu.vn", sessions_of_my_an(2), "myan1@example.edu.vn")
    )


# -- real processes on one PostgreSQL ----------------------------------------------------------------


@pytest.fixture
def pg_config(tmp_path: Path, dovecot: Dovecot, folder: str, postgres_url: str) -> Path:
    """The intake config on a fresh PostgreSQL database, with a short lease so a takeover comes soon."""
    path = write_config(tmp_path / "config.toml", dovecot, folder)
    url = _fresh_database(postgres_url)
    text = path.read_text(encoding="utf-8").replace(
        'database = "sqlite:///var/baocao.db"', f'database = "{url}"\nlease_seconds = 2'
    )
    path.write_text(text, encoding="utf-8")
    return path


def _baocao(config: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "app", "--config", str(config), *args]


@contextmanager
def _started(command: list[str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _recorded(store: Store) -> int:
    """Messages whose outcome is recorded (a pending row is written before the outcome)."""
    return sum(m.state != MessageState.PENDING for m in store.messages())


def _rows(store: Store, kind: WorkKind) -> list[dict[str, object]]:
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(work).where(work.c.kind == kind))]


def _scan(school: str, pages: int, seed: int) -> bytes:
    """A scanned report of at least `pages` pages (printouts scanned one after the other)."""
    whole = pdfium.PdfDocument.new()
    while len(whole) < pages:
        paper = make_paper(school, year=2021, rng=random.Random(seed + len(whole)))
        whole.import_pages(pdfium.PdfDocument(render_scan(paper, dpi=120, seed=seed)))
    out = io.BytesIO()
    whole.save(out)
    return out.getvalue()


SCHOOLS = [
    ("c1binhan.thuthua@example.edu.vn", "Trường Tiểu học Bình An"),
    ("c0myan.thuthua@example.edu.vn", "Trường Mẫu giáo Mỹ An"),
    ("c0tanlong.thuthua@example.edu.vn", "Trường Mẫu giáo Tân Long"),
]


def test_a_worker_killed_in_the_middle_of_a_scan_is_finished_by_another_once(
    tmp_path: Path, dovecot: Dovecot, folder: str, pg_config: Path
) -> None:
    when = dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
    scanned = report_mail(*SCHOOLS[0], when, number=1, attachment=_scan(SCHOOLS[0][1], 2, seed=5))
    others = [report_mail(*school, when, number=n) for n, school in enumerate(SCHOOLS[1:], 2)]
    dovecot.append([(raw, when) for raw in (scanned, *others)], folder)
    store = Store.open(config_mod.load(pg_config).storage.database)
    try:
        with _started(_baocao(pg_config, "poll", "--once"), tmp_path / "first.log") as first:

            def reading_the_scan() -> bool:
                assert first.poll() is None, (tmp_path / "first.log").read_text()
                pages = _rows(store, WorkKind.OCR)
                return bool(pages) and any(p["state"] == WorkState.RUNNING for p in pages)

            _wait_for(reading_the_scan, 60, "the first worker to be reading the scan")
            first.send_signal(signal.SIGKILL)  # as a lost machine or the OOM killer ends it
            first.wait()
        held_by_first = f":{first.pid}:"
        [message] = [m for m in _rows(store, WorkKind.MESSAGE) if m["state"] == WorkState.RUNNING]
        assert held_by_first in str(message["holder"])
        assert store.messages() == [] or all(m.state == MessageState.PENDING for m in store.messages())

        second = subprocess.run(
            _baocao(pg_config, "poll", "--once"), cwd=ROOT, capture_output=True, timeout=240
        )
        assert second.returncode == 0, second.stderr.decode()
        messages = store.messages()
        assert len(messages) == 3 and {m.state for m in messages} == {MessageState.REPORT}
        assert len({m.message_id for m in messages}) == 3
        submissions = store.submissions()
        assert sorted(s.school_id for s in submissions) == ["mg-my-an", "mg-tan-long", "th-binh-an"]
        [taken_over] = [m for m in _rows(store, WorkKind.MESSAGE) if m["key"] == message["key"]]
        assert taken_over["state"] == WorkState.DONE and taken_over["attempts"] == 2
        assert held_by_first not in str(taken_over["holder"])
        pages = _rows(store, WorkKind.OCR)
        assert len(pages) == 2 and {p["state"] for p in pages} == {WorkState.DONE}
    finally:
        store.close()


def test_idle_workers_read_pages_of_the_same_scan(
    tmp_path: Path, dovecot: Dovecot, folder: str, pg_config: Path
) -> None:
    when = dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
    raw = report_mail(*SCHOOLS[0], when, number=1, attachment=_scan(SCHOOLS[0][1], 4, seed=11))
    dovecot.append([(raw, when)], folder)
    store = Store.open(config_mod.load(pg_config).storage.database)
    try:
        with (
            _started(_baocao(pg_config, "worker"), tmp_path / "helper.log") as helper,
            _started(_baocao(pg_config, "poll", "--once"), tmp_path / "reader.log") as reader,
        ):
            assert reader.wait(timeout=240) == 0, (tmp_path / "reader.log").read_text()
            # whichever process read the report, the reader counts what it brought in
            assert "Đã xử lý 1 thư mới: 1 báo cáo được ghi nhận" in (tmp_path / "reader.log").read_text()
            helper.send_signal(signal.SIGTERM)
            assert helper.wait(timeout=60) == 0, (tmp_path / "helper.log").read_text()
        pages = _rows(store, WorkKind.OCR)
        assert len(pages) >= 4 and {p["state"] for p in pages} == {WorkState.DONE}
        readers = {int(str(p["holder"]).split(":")[1]) for p in pages}
        assert readers == {helper.pid, reader.pid}, "both processes read pages of the one scan"
        assert [s.school_id for s in store.submissions()] == ["th-binh-an"]
    finally:
        store.close()


def test_a_worker_waits_out_a_database_restart_and_goes_on(tmp_path: Path, pg_config: Path) -> None:
    """PostgreSQL restarted under an idle `baocao worker`: it ended with exit code 1 and twenty lines of
    SQL («[SQL: UPDATE work SET state=… FOR UPDATE SKIP LOCKED …]»), and nothing restarted it. It now
    waits for the database and takes the next message once it is back."""
    config = config_mod.load(pg_config)
    log = tmp_path / "worker.log"
    store: Store | None = None
    try:
        with _started(_baocao(pg_config, "worker"), log) as worker:
            _wait_for(lambda: "Đang xử lý hàng đợi" in log.read_text(), 60, "the worker to start")
            with database_away(config.storage.database):
                time.sleep(3)
                assert worker.poll() is None, log.read_text()
            when = dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
            with Runtime.open(config) as rt:
                key = rt.archive.put(report_mail(*SCHOOLS[0], when))
                Queue(rt.store, dt.timedelta(seconds=2)).put(
                    WorkKind.MESSAGE, key, {"received_at": when.isoformat(), "source": "test"}
                )
            store = reader = Store.open(config.storage.database)
            _wait_for(lambda: _recorded(reader) == 1, 60, "the worker to read the message queued after")
            worker.send_signal(signal.SIGTERM)
            assert worker.wait(timeout=30) == 0
        output = log.read_text()
        assert "Traceback" not in output and "[SQL:" not in output
        assert "cơ sở dữ liệu chưa trả lời" in output
    finally:
        if store is not None:
            store.close()


def test_two_daemons_on_one_database_read_the_mailbox_in_turn_and_record_each_message_once(
    tmp_path: Path, dovecot: Dovecot, folder: str, pg_config: Path
) -> None:
    """Two hosts running `baocao run` on one PostgreSQL: one reads, the other stands by and helps with
    the queue; when the reader's machine is lost, the other reads on. No traceback, nothing twice."""
    when = dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
    dovecot.append([(report_mail(*school, when, number=n), when) for n, school in enumerate(SCHOOLS)], folder)
    store = Store.open(config_mod.load(pg_config).storage.database)
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    try:
        with (
            _started(_baocao(pg_config, "-v", "run"), logs[0]) as a,
            _started(_baocao(pg_config, "-v", "run"), logs[1]) as b,
        ):
            _wait_for(lambda: _recorded(store) == 3, 120, "the three reports to be recorded")
            _wait_for(
                lambda: sum(STANDING_BY in log.read_text() for log in logs) == 1, 30, "one daemon to stand by"
            )
            [reader] = [p for p, log in zip((a, b), logs, strict=True) if STANDING_BY not in log.read_text()]
            [other] = [p for p in (a, b) if p is not reader]
            reader.send_signal(signal.SIGKILL)  # its machine is lost
            reader.wait()
            later = dt.datetime(2021, 10, 21, 9, tzinfo=HCM)
            late = report_mail(
                "c1thitran.thuthua@example.edu.vn", "Trường Tiểu học Thị trấn", later, number=9
            )
            dovecot.append([(late, later)], folder)
            _wait_for(lambda: _recorded(store) == 4, 120, "the standby daemon to read the new report")
            other.send_signal(signal.SIGTERM)
            assert other.wait(timeout=60) == 0
        text = "".join(log.read_text() for log in logs)
        assert "Traceback" not in text and "IntegrityError" not in text
        messages = store.messages()
        assert {m.state for m in messages} == {MessageState.REPORT}
        assert len({m.message_id for m in messages}) == 4
        assert sorted(s.school_id for s in store.submissions()) == [
            "mg-my-an",
            "mg-tan-long",
            "th-binh-an",
            "th-thi-tran",
        ]
    finally:
        store.close()


def _two_folders(pg_config: Path, dovecot: Dovecot, folder: str) -> Path:
    """pg_config watching two folders: `baocao run` reads them in two threads."""
    second = f"{folder} Báo cáo"
    with dovecot.client() as client:
        client.create_folder(second)
    text = pg_config.read_text(encoding="utf-8")
    pg_config.write_text(text.replace(f'folder = "{folder}"', f'folders = ["{folder}", "{second}"]'), "utf-8")
    return pg_config


@contextmanager
def _reader_and_standby(
    tmp_path: Path, reader_config: Path, standby_config: Path
) -> Iterator[tuple[subprocess.Popen[bytes], subprocess.Popen[bytes]]]:
    """Two `baocao run` on one database: the first reads both folders, then the second stands by."""
    logs = tmp_path / "reader.log", tmp_path / "standby.log"
    with _started(_baocao(reader_config, "-v", "run"), logs[0]) as reader:
        _wait_for(lambda: logs[0].read_text().count("watching") == 2, 60, "the reader to watch both folders")
        with _started(_baocao(standby_config, "-v", "run"), logs[1]) as standby:
            _wait_for(lambda: logs[1].read_text().count(STANDING_BY) >= 2, 60, "the other to stand by")
            yield reader, standby


def _queue_one(config: config_mod.Config) -> None:
    """A report put on the queue as the reader queues one (the reader itself is idle: the other takes it)."""
    when = dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
    with Runtime.open(config) as rt, working(rt) as reader:
        key = rt.archive.put(report_mail(*SCHOOLS[0], when))
        reader.queue_message(key, received_at=when, source="test")


def test_a_daemon_standing_by_waits_out_a_database_restart_and_goes_on(
    tmp_path: Path, dovecot: Dovecot, folder: str, pg_config: Path
) -> None:
    """The second machine's `baocao run`, standing by while the first read the mailboxes, ended when
    PostgreSQL restarted: every mailbox's thread died with a traceback, it said «Đã dừng baocao.» with
    exit code 0, so systemd did not start it again and nothing would read the mail once the first machine
    stopped. It now waits for the database, as a worker does, and goes on helping with the queue."""
    path = _two_folders(pg_config, dovecot, folder)
    config = config_mod.load(path)
    with _reader_and_standby(tmp_path, path, path) as (reader, standby):
        with database_away(config.storage.database):
            time.sleep(3)  # both folders' threads ask the queue for work meanwhile
        _queue_one(config)
        store = Store.open(config.storage.database)
        try:
            _wait_for(lambda: _recorded(store) == 1, 60, "the message queued after to be read")
        finally:
            store.close()
        assert standby.poll() is None, (tmp_path / "standby.log").read_text()
        for process in (reader, standby):
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=60) == 0
    output = (tmp_path / "standby.log").read_text()
    assert "Traceback" not in output
    assert "cơ sở dữ liệu chưa trả lời" in output


def test_a_reader_waiting_out_a_database_restart_logs_one_vietnamese_line_a_retry(
    tmp_path: Path, dovecot: Dovecot, folder: str, pg_config: Path
) -> None:
    """PostgreSQL restarted while mail came in to a `baocao run` reading the mailbox: it read the mail once
    the database was back, but its log said for each retry «could not record that … is not being read:
    (psycopg.OperationalError) …» and SQLAlchemy's blocks of [SQL: SELECT mailboxes…], [parameters: …] and
    a link, where the IT person reads Vietnamese. Each retry is now one Vietnamese line with the first line
    of what the database said."""
    config = config_mod.load(pg_config)
    log = tmp_path / "reader.log"
    store: Store | None = None
    try:
        with _started(_baocao(pg_config, "-v", "run"), log) as reader:
            _wait_for(lambda: "watching" in log.read_text(), 60, "the reader to watch the mailbox")
            with database_away(config.storage.database):
                when = dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
                dovecot.append([(report_mail(*SCHOOLS[0], when), when)], folder)
                _wait_for(lambda: "WARNING" in log.read_text(), 60, "the reader to find the database away")
            store = back = Store.open(config.storage.database)
            _wait_for(
                lambda: _recorded(back) == 1, 120, "the report to be recorded once the database is back"
            )
            reader.send_signal(signal.SIGTERM)
            assert reader.wait(timeout=60) == 0, log.read_text()
    finally:
        if store is not None:
            store.close()
    output = log.read_text()
    assert "Traceback" not in output and "[SQL:" not in output and "[parameters:" not in output
    assert "sqlalche.me" not in output and "could not record" not in output, output
    warnings = [line for line in output.splitlines() if " WARNING " in line]
    assert warnings and all("cơ sở dữ liệu chưa trả lời (" in line for line in warnings), output
    assert all("psycopg" not in line for line in warnings), output


def test_a_daemon_standing_by_whose_config_differs_stops_saying_why_with_an_error_code(
    tmp_path: Path, dovecot: Dovecot, folder: str, pg_config: Path
) -> None:
    """The second machine's config.toml had not been updated (a school's new address): its standing-by
    `baocao run` printed the «tệp cấu hình … khác với của máy đã nhận thư» error in a traceback for each
    mailbox's thread, then «Đã dừng baocao.» with exit code 0: systemd took it for a wanted stop. It now
    stops with that one line and exit code 1, and the message is left on the queue for the reader."""
    path = _two_folders(pg_config, dovecot, folder)
    old = tmp_path / "old" / "config.toml"
    old.parent.mkdir()
    old.write_text(
        path.read_text(encoding="utf-8").replace(
            '"c1myan.thuthua@example.edu.vn"', '"c1myan.thuthua@example.edu.vn", "thmyan.cu@gmail.com"'
        ),
        encoding="utf-8",
    )
    config = config_mod.load(path)
    assert config_mod.load(old).rules != config.rules
    with _reader_and_standby(tmp_path, path, old) as (reader, standby):
        _queue_one(config)
        assert standby.wait(timeout=60) == 1
        assert reader.poll() is None
    output = (tmp_path / "standby.log").read_text()
    assert "Traceback" not in output and "Đã dừng baocao" not in output
    [line] = [line for line in output.splitlines() if line.startswith("Lỗi:")]
    assert "khác với của máy đã nhận thư" in line
    store = Store.open(config.storage.database)
    try:
        assert store.messages() == []
        assert {row["state"] for row in _rows(store, WorkKind.MESSAGE)} == {WorkState.QUEUED}
    finally:
        store.close()


def test_a_reader_whose_config_differs_from_another_machines_says_so_at_start_and_reads(
    tmp_path: Path, dovecot: Dovecot, folder: str, pg_config: Path
) -> None:
    """A machine whose config.toml differed from another's seen within the day was refused import and
    reprocess, but its `baocao poll --once` (and `baocao run`) started without a word: only doctor told.
    It now logs one Vietnamese warning at start naming the other machine, its file and the way out, and
    reads its mail as before (a reader is not refused: the mail it brings in is read once, by its rules)."""
    old = tmp_path / "old" / "config.toml"
    old.parent.mkdir()
    old.write_text(
        pg_config.read_text(encoding="utf-8").replace(
            '"c1myan.thuthua@example.edu.vn"', '"c1myan.thuthua@example.edu.vn", "thmyan.cu@gmail.com"'
        ),
        encoding="utf-8",
    )
    worked = subprocess.run(
        _baocao(old, "worker", "--until-empty"), cwd=ROOT, capture_output=True, timeout=120
    )
    assert worked.returncode == 0, worked.stderr.decode()
    when = dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
    dovecot.append([(report_mail(*SCHOOLS[0], when), when)], folder)
    polled = subprocess.run(_baocao(pg_config, "poll", "--once"), cwd=ROOT, capture_output=True, timeout=240)
    assert polled.returncode == 0, polled.stderr.decode()
    [line] = [line for line in polled.stderr.decode().splitlines() if " WARNING kernel.machines: " in line]
    assert f"tệp cấu hình {pg_config.resolve()} của máy này khác với của máy khác" in line
    assert f"(tệp {old.resolve()}), lần cuối lúc" in line and "baocao machines --forget" in line
    store = Store.open(config_mod.load(pg_config).storage.database)
    try:
        assert [s.school_id for s in store.submissions()] == ["th-binh-an"]
    finally:
        store.close()


def _sqlite_config(tmp_path: Path, dovecot: Dovecot, folder: str, workers: int) -> config_mod.Config:
    path = write_config(tmp_path / "config.toml", dovecot, folder)
    text = path.read_text(encoding="utf-8").replace(
        'archive = "var/archive"', f'archive = "var/archive"\nworkers = {workers}'
    )
    path.write_text(text, encoding="utf-8")
    return config_mod.load(path)


def _backlog(count: int) -> list[tuple[bytes, dt.datetime]]:
    """count messages: reports of the three schools, numbered, and bank notices between them."""
    mails = []
    for n in range(count):
        when = dt.datetime(2021, 10, 1, 8, tzinfo=HCM) + dt.timedelta(hours=n)
        raw = report_mail(*SCHOOLS[n % 3], when, number=n) if n % 4 else noise_mail(n, when)
        mails.append((raw, when))
    return mails


def _workers_running() -> list[int]:
    """The pids of worker processes this process started that still run (one left behind): started
    as `baocao worker --until-empty`, or forked from this process."""
    mine = str(os.getpid())
    ours = Path("/proc/self/cmdline").read_bytes()
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError):
            continue
        if fields[1] == mine and fields[0] != "Z" and (b"--until-empty" in command or command == ours):
            found.append(int(stat.parent.name))
    return found


def _parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def _helper_holding(store: Store, reader: subprocess.Popen[bytes]) -> tuple[int, list[str]]:
    """A worker process the reader forked, stopped while it holds messages: its pid and their keys."""
    while True:
        assert reader.poll() is None, "the reader ended before its helper held a message"
        running = [m for m in _rows(store, WorkKind.MESSAGE) if m["state"] == WorkState.RUNNING]
        helpers = {int(str(m["holder"]).split(":")[1]) for m in running} - {reader.pid}
        for pid in helpers:
            os.kill(pid, signal.SIGSTOP)  # it holds still while its items are read
            held = [
                str(m["key"])
                for m in _rows(store, WorkKind.MESSAGE)
                if m["state"] == WorkState.RUNNING and f":{pid}:" in str(m["holder"])
            ]
            if held:
                return pid, held
            os.kill(pid, signal.SIGCONT)  # between two messages: look again
        time.sleep(0.02)


def test_how_many_worker_processes_a_backlog_gets(tmp_path: Path, dovecot: Dovecot, folder: str) -> None:
    def extra(workers: int, backlog: int, edit: str = "") -> int:
        config = _sqlite_config(tmp_path, dovecot, folder, workers)
        if edit:  # the file edited after this process read it
            config.path.write_text(config.path.read_text(encoding="utf-8") + edit, encoding="utf-8")
        with Runtime.open(config) as rt:
            return crew.extra_processes(rt, backlog)

    assert extra(4, 100) == 3  # this one and three more
    assert extra(4, 45) == 2  # each worth its start: 20 messages apiece
    assert extra(4, crew.PER_PROCESS - 1) == 0
    assert extra(1, 100) == 0
    assert extra(0, 1000) == crew.cores() - 1  # by default one process per core
    assert extra(4, 100, edit="lease_seconds = 90\n") == 0  # its workers would not read what it read
    config = _sqlite_config(tmp_path, dovecot, folder, 4)
    with Runtime.open(config, clock=lambda: dt.datetime.now(dt.UTC)) as rt:
        assert crew.extra_processes(rt, 100) == 0  # another clock than the real one is not shared


def test_worker_processes_started_for_a_backlog_do_it_once_and_end_with_the_queue(
    tmp_path: Path, dovecot: Dovecot, folder: str
) -> None:
    """The processes a backlog gets take every message off the queue (here this process takes none),
    each is recorded once, and they end when the queue is empty."""
    config = _sqlite_config(tmp_path, dovecot, folder, workers=3)
    mails = _backlog(24)
    rt = Runtime.open(config)
    try:
        queue = Queue(rt.store, LEASE)
        for raw, when in mails:
            key = rt.archive.put(raw)
            assert queue.put(WorkKind.MESSAGE, key, {"received_at": when.isoformat(), "source": "test"})
        stop = threading.Event()
        with crew.Crew(rt, stop) as helpers:
            assert helpers.grow(2 * crew.PER_PROCESS) == 2
            assert helpers.grow(crew.PER_PROCESS) == 2  # a smaller count later starts none, stops none
            _wait_for(lambda: not queue.unfinished(WorkKind.MESSAGE), 180, "the processes to empty the queue")
        assert _workers_running() == []
        messages = rt.store.messages()
        assert len(messages) == len(mails) and {m.state for m in messages} == {
            MessageState.REPORT,
            MessageState.NOISE,
        }
        assert len(rt.store.submissions()) == sum(1 for n in range(len(mails)) if n % 4)
        holders = {int(str(row["holder"]).split(":")[1]) for row in _rows(rt.store, WorkKind.MESSAGE)}
        assert os.getpid() not in holders and 1 <= len(holders) <= 2
    finally:
        rt.close()


def test_poll_with_worker_processes_records_a_backlog_once_and_leaves_none_running(
    tmp_path: Path, dovecot: Dovecot, folder: str, caplog: pytest.LogCaptureFixture
) -> None:
    config = _sqlite_config(tmp_path, dovecot, folder, workers=2)
    mails = _backlog(45)
    dovecot.append(mails, folder)
    assert config.imap is not None
    imap = config.imap
    rt = Runtime.open(config)
    try:
        with caplog.at_level(logging.INFO, logger="intake.crew"):
            tally = poll_once(rt, lambda: Mailbox(imap))
        assert "1 worker processes help with 45 messages" in caplog.text
        assert _workers_running() == []
        assert (tally.new, tally.failed) == (45, 0)
        messages = rt.store.messages()
        assert len(messages) == 45 and len({m.message_id for m in messages}) == 45
        assert all(m.state != MessageState.PENDING for m in messages)
        assert len(rt.store.submissions()) == sum(1 for n in range(45) if n % 4)
        assert (poll_once(rt, lambda: Mailbox(imap)).new, len(rt.store.messages())) == (0, 45)
    finally:
        rt.close()


def _sqlite_lease(tmp_path: Path, dovecot: Dovecot, folder: str) -> config_mod.Config:
    """Two processes for a backlog on SQLite, with a short lease so a takeover comes soon."""
    config = _sqlite_config(tmp_path, dovecot, folder, workers=2)
    text = config.path.read_text(encoding="utf-8").replace("workers = 2", "workers = 2\nlease_seconds = 2")
    config.path.write_text(text, encoding="utf-8")
    return config_mod.load(config.path)


def _two_processes(
    tmp_path: Path, dovecot: Dovecot, folder: str, database: str, request: pytest.FixtureRequest
) -> config_mod.Config:
    """Two processes for a backlog on database: SQLite with a short lease, or the test PostgreSQL."""
    if database == "sqlite":
        return _sqlite_lease(tmp_path, dovecot, folder)
    path: Path = request.getfixturevalue("pg_config")
    path.write_text(path.read_text(encoding="utf-8") + "workers = 2\n", encoding="utf-8")
    return config_mod.load(path)


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_a_forked_worker_killed_with_a_message_in_hand_has_it_taken_over_and_recorded_once(
    tmp_path: Path, dovecot: Dovecot, folder: str, database: str, request: pytest.FixtureRequest
) -> None:
    """`baocao poll --once` forks its helper (no new program started); the helper lost in the middle
    of a message leaves it to the reader, which records it once, and the poll reads everything."""
    config = _two_processes(tmp_path, dovecot, folder, database, request)
    mails = _backlog(45)
    dovecot.append(mails, folder)
    store = Store.open(config.storage.database)
    try:
        with _started(_baocao(config.path, "poll", "--once"), tmp_path / "poll.log") as reader:
            helper, held = _helper_holding(store, reader)
            assert _parent_of(helper) == reader.pid
            assert (
                Path(f"/proc/{helper}/cmdline").read_bytes()
                == Path(f"/proc/{reader.pid}/cmdline").read_bytes()
            )
            os.kill(helper, signal.SIGKILL)  # as the OOM killer ends it
            os.kill(helper, signal.SIGCONT)
            assert reader.wait(timeout=240) == 0, (tmp_path / "poll.log").read_text()
        output = (tmp_path / "poll.log").read_text()
        assert "Đã xử lý 45 thư mới" in output and "Traceback" not in output
        assert not Path(f"/proc/{helper}").exists(), "the reader waited for its helper"
        messages = store.messages()
        assert len(messages) == 45 and len({m.message_id for m in messages}) == 45
        assert {m.state for m in messages} == {MessageState.REPORT, MessageState.NOISE}
        assert len(store.submissions()) == sum(1 for n in range(45) if n % 4)
        rows = {str(m["key"]): m for m in _rows(store, WorkKind.MESSAGE)}
        for key in held:
            assert rows[key]["state"] == WorkState.DONE and rows[key]["attempts"] == 2
            assert f":{reader.pid}:" in str(rows[key]["holder"])
    finally:
        store.close()


def test_ctrl_c_ends_the_reader_and_its_forked_worker_and_the_next_poll_records_the_rest_once(
    tmp_path: Path, dovecot: Dovecot, folder: str
) -> None:
    config = _sqlite_lease(tmp_path, dovecot, folder)
    count = 90  # enough that a starved test process still finds a helper at work before the end
    mails = _backlog(count)
    dovecot.append(mails, folder)
    store = Store.open(config.storage.database)
    try:
        command = _baocao(config.path, "poll", "--once")
        with (tmp_path / "first.log").open("wb") as out:
            reader = subprocess.Popen(
                command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        try:
            helper, _ = _helper_holding(store, reader)
            os.kill(helper, signal.SIGCONT)
            os.killpg(reader.pid, signal.SIGINT)  # Ctrl-C reaches every process of the terminal's group
            reader.wait(timeout=120)
        finally:
            if reader.poll() is None:
                reader.kill()
                reader.wait()
        assert not Path(f"/proc/{helper}").exists(), "the forked worker ended with the reader"
        assert "Traceback" not in (tmp_path / "first.log").read_text()
        assert len([m for m in store.messages() if m.state != MessageState.PENDING]) < count

        second = subprocess.run(command, cwd=ROOT, capture_output=True, timeout=240)
        assert second.returncode == 0, second.stderr.decode()
        messages = store.messages()
        assert len(messages) == count and len({m.message_id for m in messages}) == count
        assert {m.state for m in messages} == {MessageState.REPORT, MessageState.NOISE}
        assert len(store.submissions()) == sum(1 for n in range(count) if n % 4)
        assert {m["state"] for m in _rows(store, WorkKind.MESSAGE)} == {WorkState.DONE}
    finally:
        store.close()


def test_a_queued_message_whose_original_went_from_the_archive_is_recorded_failed_and_the_rest_read(
    rt: Runtime,
) -> None:
    """A message queued by a reader whose file then went from the archive (a clean-up, [storage].archive
    moved) stopped every poll on it, and the messages queued after it were never read. It is now recorded
    failed, saying the original is gone and how to get it back, and the rest are read; with the
    original back, reprocess reads it."""
    when = dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
    lost, kept = (report_mail(*SCHOOLS[n], when, number=n) for n in (0, 1))
    keys = [rt.archive.put(raw) for raw in (lost, kept)]
    with working(rt) as worker:
        for key in keys:
            worker.queue_message(key, received_at=when, source="test")
        rt.archive.path(keys[0]).unlink()
        tally, complete = worker.drain(keys, threading.Event())
    assert complete and (tally.failed, tally.reports) == (1, 1)
    gone, read = rt.store.message(keys[0]), rt.store.message(keys[1])
    assert gone is not None and gone.state == MessageState.FAILED
    assert "không còn bản gốc" in gone.reason and "baocao rescan" in gone.reason
    assert read is not None and read.state == MessageState.REPORT
    assert [s.message_key for s in rt.store.submissions()] == [keys[1]]

    rt.archive.put(lost)  # copied back from a backup
    poller.reprocess_rows(rt, [keys[0]], threading.Event(), Tally(), lambda done, total: None)
    back = rt.store.message(keys[0])
    assert back is not None and back.state == MessageState.REPORT
    assert len(rt.store.submissions()) == 2


def test_a_worker_that_cannot_see_the_shared_archive_stops_and_leaves_the_queue_as_it_was(
    rt: Runtime, tmp_path: Path
) -> None:
    """A second machine's worker whose shared archive folder was not mounted (its mount point empty) took
    the queued messages one after the other and recorded each failed, «không còn bản gốc», the schools
    left uncredited. It now stops at the first, saying the archive is not there, and gives it back."""
    when = dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
    keys = [rt.archive.put(report_mail(*SCHOOLS[n], when, number=n)) for n in (0, 1)]
    unmounted = tmp_path / "mnt" / "baocao-archive"
    unmounted.mkdir(parents=True)
    elsewhere = dataclasses.replace(rt, archive=Archive(unmounted))
    with working(elsewhere) as worker:
        for key in keys:
            worker.queue_message(key, received_at=when, source="test")
        with pytest.raises(ConfigError, match="chưa thấy thư mục lưu trữ dùng chung"):
            worker.step()
    assert rt.store.messages() == []
    assert {row["state"] for row in _rows(rt.store, WorkKind.MESSAGE)} == {WorkState.QUEUED}
    with working(rt) as worker:
        tally, complete = worker.drain(keys, threading.Event())
    assert complete and tally.reports == 2


def test_a_reader_that_cannot_see_the_shared_archive_archives_nothing_and_says_why(
    rt: Runtime, tmp_path: Path, dovecot: Dovecot, folder: str, mailbox_factory: Callable[[], Mailbox]
) -> None:
    """A second machine whose shared archive folder was not mounted refused as `baocao worker`, but as
    `baocao run` or `poll --once` it read the mailbox and kept the originals on its own disk (the empty
    mount point): the other machines never had them. The reader now refuses the same way before it
    archives anything, and a machine that sees the archive reads the mail."""
    when = dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
    dovecot.append([(report_mail(*SCHOOLS[0], when, number=1), when)], folder)
    assert poll_once(rt, mailbox_factory).reports == 1
    dovecot.append([(report_mail(*SCHOOLS[1], when, number=2), when)], folder)
    unmounted = tmp_path / "mnt" / "baocao-archive"
    unmounted.mkdir(parents=True)
    elsewhere = dataclasses.replace(rt, archive=Archive(unmounted))
    with pytest.raises(ConfigError, match="chưa thấy thư mục lưu trữ dùng chung"):
        poll_once(elsewhere, mailbox_factory)
    assert list(unmounted.iterdir()) == []
    assert len(rt.store.messages()) == 1
    assert poll_once(rt, mailbox_factory).reports == 1
    assert sorted(s.school_id for s in rt.store.submissions()) == ["mg-my-an", "th-binh-an"]


def test_a_worker_whose_config_differs_from_the_readers_leaves_its_messages_alone(rt: Runtime) -> None:
    """A second machine's config.toml still had two schools' addresses the wrong way round, corrected on
    the reader's: its workers took most of the queue and credited the reports to the other school, and
    nothing warned. A message is read by the rules it was queued under: a worker with others stops, says
    why, and gives the message back."""
    when = dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
    key = rt.archive.put(report_mail(*SCHOOLS[0], when))
    first, second = rt.config.schools[:2]
    swapped = dataclasses.replace(
        rt.config,
        schools=(
            dataclasses.replace(first, emails=second.emails),
            dataclasses.replace(second, emails=first.emails),
            *rt.config.schools[2:],
        ),
    )
    with working(rt) as reader:
        reader.queue_message(key, received_at=when, source="test")
    with working(dataclasses.replace(rt, config=swapped)) as other:
        with pytest.raises(ConfigError, match="khác với của máy đã nhận thư"):
            other.step()
    assert rt.store.messages() == []
    assert {row["state"] for row in _rows(rt.store, WorkKind.MESSAGE)} == {WorkState.QUEUED}
    with working(rt) as reader:
        assert reader.drain([key], threading.Event())[1]
    assert [s.school_id for s in rt.store.submissions()] == ["th-binh-an"]


def _ended(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def _imap_connections(pid: int, port: int) -> int:
    """How many TCP connections to the IMAP server on port the process holds open."""
    sockets = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:  # closed meanwhile
            continue
        if target.startswith("socket:["):
            sockets.add(target.removeprefix("socket:[").removesuffix("]"))
    held = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text(encoding="ascii").splitlines()[1:]:
            fields = line.split()
            if int(fields[2].rsplit(":", 1)[1], 16) == port and fields[9] in sockets:
                held += 1
    return held


def _no_transaction(store: Store) -> bool:
    """Whether no process is inside a write transaction on this database (one stopped there would
    hold every other up)."""
    if store.engine.dialect.name == "postgresql":
        with store.engine.connect() as conn:
            return not conn.execute(
                text("SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'")
            ).scalar()
    db = sqlite3.connect(store.engine.url.database or "", timeout=0.2)
    try:
        db.execute("BEGIN IMMEDIATE")
        db.rollback()
        return True
    except sqlite3.OperationalError:  # the write lock is held
        return False
    finally:
        db.close()


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_a_reader_lost_while_its_forked_worker_runs_leaves_the_mailbox_to_the_next_reader_at_once(
    tmp_path: Path, dovecot: Dovecot, folder: str, database: str, request: pytest.FixtureRequest
) -> None:
    """The forked worker has copies of the reader's lock (a lock file, a database session): a reader
    that dies must still give the mailbox up at once, not when its orphaned worker ends."""
    config = _two_processes(tmp_path, dovecot, folder, database, request)
    dovecot.append(_backlog(45), folder)
    store = Store.open(config.storage.database)
    try:
        with _started(_baocao(config.path, "-v", "poll", "--once"), tmp_path / "first.log") as first:
            helper, _ = _helper_holding(store, first)
            # Its copy of the reader's IMAP connection would keep the session open once the reader died.
            assert _imap_connections(first.pid, dovecot.port) >= 1
            assert _imap_connections(helper, dovecot.port) == 0
            while not _no_transaction(store):  # stopped in the middle of a transaction: a moment later
                os.kill(helper, signal.SIGCONT)
                helper, _ = _helper_holding(store, first)
            first.send_signal(signal.SIGKILL)  # its machine is not lost: only the reader process
            first.wait()
        later = dt.datetime(2021, 10, 21, 9, tzinfo=HCM)
        late = report_mail("c1thitran.thuthua@example.edu.vn", "Trường Tiểu học Thị trấn", later, number=99)
        dovecot.append([(late, later)], folder)
        try:  # the orphaned worker, stopped, holds its copies while the next reader comes
            second = subprocess.run(
                _baocao(config.path, "-v", "poll", "--once"), cwd=ROOT, capture_output=True, timeout=240
            )
        finally:
            os.kill(helper, signal.SIGCONT)  # it goes on: its message was taken over, the queue is empty
        output = second.stdout.decode() + second.stderr.decode()
        assert second.returncode == 0, output
        assert "tiến trình baocao khác" not in output, "the second reader read the mailbox itself"
        _wait_for(lambda: _ended(helper), 120, "the orphaned worker to end with the queue")
        messages = store.messages()
        assert len(messages) == 46 and len({m.message_id for m in messages}) == 46
        assert all(m.state != MessageState.PENDING for m in messages)
        assert len(store.submissions()) == sum(1 for n in range(45) if n % 4) + 1
    finally:
        store.close()
