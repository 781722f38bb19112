"""baocao run: new mail recorded while it idles, reconnection after a restart, clean stop, one per mailbox."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from intake import lock as lock_mod
from intake import poller
from intake.errors import LockedError
from intake.imap import Mailbox
from intake.lock import MailboxLock
from intake.pipeline import Tally
from intake.poller import Backoff, run
from kernel import config as config_mod
from kernel.freshness import Freshness
from kernel.runtime import Runtime
from kernel.store import MessageState, Store
from tests.conftest import _fresh_database, database_away
from tests.intake.conftest import HCM, ROOT, report_mail
from tests.servers import Dovecot, free_port

SENDER = ("c1binhan.thuthua@example.edu.vn", "Trường Tiểu học Bình An")


# How long a test waits for the daemon to do something before calling it stuck: a guard against a
# hang, not a measure of speed; a loaded 2-core machine can take many seconds to start a worker.
PATIENCE = 60


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {seconds} s waiting for {what}")
        time.sleep(0.05)


def recorded(store: Store) -> set[str]:
    """Message-IDs whose processing has finished (a pending row is written before the outcome)."""
    return {m.message_id for m in store.messages() if m.state != MessageState.PENDING}


@contextmanager
def daemon(config_path: Path, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "app", "-vv", "--config", str(config_path), "run"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=err,
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


def test_run_records_mail_that_arrives_while_idling_and_stops_cleanly(
    tmp_path: Path, dovecot: Dovecot, folder: str, config_path: Path, config: config_mod.Config
) -> None:
    text = config_path.read_text(encoding="utf-8").replace("poll_seconds = 1", "poll_seconds = 3600")
    config_path.write_text(text, encoding="utf-8")  # only IDLE can bring the mail in quickly
    log = tmp_path / "daemon.log"
    store = Store.open(config.storage.database)
    try:
        with daemon(config_path, log) as first:
            wait_for(lambda: b"idling on" in log.read_bytes(), PATIENCE, "the daemon to enter IDLE")

            second = subprocess.run(
                [sys.executable, "-m", "app", "--config", str(config_path), "run"],
                cwd=ROOT,
                capture_output=True,
                timeout=30,
            )
            assert second.returncode != 0
            assert f"(pid {first.pid}) đang xử lý hộp thư".encode() in second.stderr

            when = dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
            dovecot.append([(report_mail(*SENDER, when, number=1), when)], folder)
            wait_for(lambda: len(recorded(store)) == 1, PATIENCE, "the new message to be recorded")
            assert {s.school_id for s in store.submissions()} == {"th-binh-an"}

            first.send_signal(signal.SIGTERM)
            out, _ = first.communicate(timeout=20)
        assert first.returncode == 0, log.read_text()
        assert "Đã xử lý 1 thư mới" in out.decode()
        assert out.decode().rstrip().endswith("Đã dừng baocao.")
    finally:
        store.close()


def test_run_reconnects_after_a_server_restart(dovecot: Dovecot, folder: str, rt: Runtime) -> None:
    """A reconnect that reached the old master while it was shutting down waited the full
    60 s socket timeout for a greeting; a short timeout here lets the backoff try again."""
    assert rt.config.imap is not None
    imap = rt.config.imap

    def mailbox_factory() -> Mailbox:
        return Mailbox(imap, timeout=3)

    stop = threading.Event()
    summaries: list[Tally] = []
    worker = threading.Thread(
        target=run,
        args=(rt, mailbox_factory, stop),
        kwargs={"backoff": Backoff(initial=0.1, cap=1.0, rng=random.Random(1)), "report": summaries.append},
    )
    worker.start()
    try:
        first = dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
        dovecot.append([(report_mail(*SENDER, first, number=1), first)], folder)
        wait_for(lambda: len(recorded(rt.store)) == 1, PATIENCE, "the first message")

        dovecot.restart()
        second = dt.datetime(2021, 10, 21, 9, tzinfo=HCM)
        dovecot.append([(report_mail(*SENDER, second, number=2), second)], folder)
        wait_for(lambda: len(recorded(rt.store)) == 2, PATIENCE, "the message sent after the restart")
    finally:
        stop.set()
        worker.join(timeout=10)
    assert not worker.is_alive()
    assert sum(s.new for s in summaries) == 2


def test_run_reads_a_folder_deleted_and_made_again_at_once(
    dovecot: Dovecot, folder: str, rt: Runtime
) -> None:
    """A clerk deleted the watched folder and made it again (a new UIDVALIDITY) under a running daemon: it
    called the missing folder a configuration error, wanted an administrator and looked again only after
    CONFIG_RETRY_SECONDS, so the mail in the new folder lay unread for five minutes."""
    assert rt.config.imap is not None
    imap = rt.config.imap
    stop = threading.Event()
    worker = threading.Thread(
        target=run,
        args=(rt, lambda: Mailbox(imap, timeout=3), stop),
        kwargs={"backoff": Backoff(initial=0.1, cap=1.0, rng=random.Random(1))},
    )
    worker.start()
    try:
        first = dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
        dovecot.append([(report_mail(*SENDER, first, number=1), first)], folder)
        wait_for(lambda: len(recorded(rt.store)) == 1, PATIENCE, "the first message")

        with dovecot.client() as client:
            client.delete_folder(folder)
        # Under load the daemon may record the message before it records its read of the folder.
        wait_for(
            lambda: (
                "vừa bị xóa hoặc đổi tên" in getattr(Freshness(rt.store).reads().get(imap.name), "error", "")
            ),
            PATIENCE,
            "the daemon to find the folder gone",
        )
        with dovecot.client() as client:
            client.create_folder(folder)
        second = dt.datetime(2021, 10, 21, 9, tzinfo=HCM)
        dovecot.append([(report_mail(*SENDER, second, number=2), second)], folder)
        wait_for(lambda: len(recorded(rt.store)) == 2, PATIENCE, "the message in the folder made again")
        assert not Freshness(rt.store).reads()[imap.name].needs_admin
    finally:
        stop.set()
        worker.join(timeout=10)
    assert not worker.is_alive()


def _daemon_on(
    config: config_mod.Config,
    url: str,
    lease_seconds: int = 60,
    *,
    mailbox: type[Mailbox] = Mailbox,
    name: str | None = None,
) -> tuple[Runtime, threading.Thread, threading.Event]:
    """`baocao run` in a thread (named name) on the database at url, reading its mailbox through the class
    mailbox: its runtime, the thread (not started) and its stop."""
    storage = dataclasses.replace(config.storage, database=url, lease_seconds=lease_seconds)
    rt = Runtime.open(dataclasses.replace(config, storage=storage))
    assert rt.config.imap is not None
    imap = rt.config.imap
    stop = threading.Event()
    worker = threading.Thread(
        target=run,
        args=(rt, lambda: mailbox(imap, timeout=3), stop),
        kwargs={"backoff": Backoff(initial=0.1, cap=1.0, rng=random.Random(1))},
        name=name,
    )
    return rt, worker, stop


def test_run_rides_out_a_database_that_goes_away(
    dovecot: Dovecot, folder: str, config: config_mod.Config, postgres_url: str
) -> None:
    """A PostgreSQL restart under `baocao run` ended the daemon with a traceback: the reader's first query
    raised SQLAlchemy's own error, which the retry loop did not expect, and recording the failure needed
    the database that was away."""
    url = _fresh_database(postgres_url)
    rt, worker, stop = _daemon_on(config, url)
    worker.start()
    try:
        first = dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
        dovecot.append([(report_mail(*SENDER, first, number=1), first)], folder)
        wait_for(lambda: len(recorded(rt.store)) == 1, PATIENCE, "the first message")
        with database_away(url):
            second = dt.datetime(2021, 10, 21, 9, tzinfo=HCM)
            dovecot.append([(report_mail(*SENDER, second, number=2), second)], folder)
            time.sleep(3)  # the reader meets the missing database a few times
            assert worker.is_alive()
        wait_for(
            lambda: len(recorded(rt.store)) == 2, PATIENCE, "the message sent while the database was away"
        )
    finally:
        stop.set()
        worker.join(timeout=10)
        rt.close()
    assert not worker.is_alive()


def test_run_rides_out_a_database_that_goes_away_in_the_middle_of_a_backlog(
    dovecot: Dovecot, folder: str, config: config_mod.Config, postgres_url: str
) -> None:
    """PostgreSQL restarted while `baocao run` worked through a backlog: the reader's failure set the
    daemon's own stop to end its worker processes, so the daemon logged «stopped» and exited 0 (which a
    service manager does not restart), half the backlog unread. Only the worker processes stop; the daemon
    retries, and every message is read once the database is back: the message in hand when it went away
    too, whose lease the worker kept renewing for as long as the daemon lived."""
    url = _fresh_database(postgres_url)
    # A lease outliving the outage below: renewed after it, the message in hand then was never taken over.
    rt, worker, stop = _daemon_on(config, url, lease_seconds=6)
    schools = [s for s in config.schools if s.emails][:30]
    first = dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
    mails = [(report_mail(s.emails[0], s.name, first, number=n), first) for n, s in enumerate(schools)]
    dovecot.append(mails, folder)
    worker.start()
    try:
        wait_for(lambda: len(recorded(rt.store)) >= 1, PATIENCE, "the backlog's first message")
        with database_away(url):  # mid-backlog
            time.sleep(3)
            assert worker.is_alive()
        wait_for(lambda: len(recorded(rt.store)) == len(schools), PATIENCE, "the rest of the backlog")
    finally:
        stop.set()
        worker.join(timeout=10)
        rt.close()
    assert not worker.is_alive()


def _reader_pid(url: str) -> int | None:
    """The server process of the session that holds the reader's lock of a mailbox on the database at url."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            return conn.execute(
                text(
                    "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = :space "
                    "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                ),
                {"space": lock_mod._READERS},
            ).scalar()
    finally:
        engine.dispose()


def test_a_reader_whose_lock_went_with_its_database_session_stops_reading(
    dovecot: Dovecot,
    folder: str,
    config: config_mod.Config,
    postgres_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """PostgreSQL restarted under two `baocao run` sharing it: the reader's lock ended with its database
    session without a word, the other process took it, and the first, idling on, read the next mail too:
    both read the same batch and both wrote the mailbox's last-read position. The reader that lost its lock
    stops reading and closes its IMAP session; only the process holding the lock reads."""
    caplog.set_level(logging.DEBUG, logger="intake")
    url = _fresh_database(postgres_url)
    reads: dict[str, int] = {}  # daemon (thread name) -> searches of the folder for new mail

    class Counted(Mailbox):
        def uids(self, since: dt.date | None = None) -> list[int]:
            name = threading.current_thread().name
            reads[name] = reads.get(name, 0) + 1
            return super().uids(since)

    def said(thread: str, words: str, after: int = 0) -> bool:
        return any(r.threadName == thread and words in r.getMessage() for r in caplog.records[after:])

    first_rt, first, first_stop = _daemon_on(config, url, mailbox=Counted, name="first")
    second_rt, second, second_stop = _daemon_on(config, url, mailbox=Counted, name="second")
    first.start()
    try:
        wait_for(lambda: said("first", "idling on"), PATIENCE, "the first daemon to enter IDLE")
        second.start()
        wait_for(
            lambda: said("second", "đang được một tiến trình baocao khác đọc"),
            PATIENCE,
            "the second daemon to find the mailbox read by the first",
        )
        lost = _reader_pid(url)
        assert lost is not None
        mark = len(caplog.records)
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:  # what a PostgreSQL restart does to the lock's session
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": lost})
        engine.dispose()
        wait_for(lambda: said("second", "idling on", mark), PATIENCE, "the second daemon to take the lock")
        assert _reader_pid(url) not in (None, lost)

        before = dict(reads)
        when = dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
        dovecot.append([(report_mail(*SENDER, when, number=1), when)], folder)
        wait_for(lambda: len(recorded(second_rt.store)) == 1, PATIENCE, "the new message to be recorded")
        wait_for(
            lambda: said("first", "mất quyền đọc hộp thư", mark) or reads["first"] > before["first"],
            PATIENCE,
            "the first daemon, woken by the new mail, to stop reading or to read",
        )
        time.sleep(1)  # time for a reader that went on to search the folder
        assert reads["first"] == before["first"]  # only the lock's holder read the mail
        assert reads["second"] > before["second"]
        lines = [r for r in caplog.records[mark:] if "mất quyền đọc hộp thư" in r.getMessage()]
        assert len(lines) == 1 and lines[0].threadName == "first"
    finally:
        first_stop.set()
        second_stop.set()
        first.join(timeout=10)
        second.join(timeout=10)
        first_rt.close()
        second_rt.close()
    assert not first.is_alive() and not second.is_alive()


def test_the_lock_names_the_process_holding_it_and_is_released(tmp_path: Path) -> None:
    archive = tmp_path / "var" / "archive"
    with MailboxLock(archive, "u@mail.example.vn:993/INBOX"):
        with pytest.raises(
            LockedError, match=rf"\(pid {os.getpid()}\) đang xử lý hộp thư u@mail.example.vn:993/INBOX"
        ):
            MailboxLock(archive, "u@mail.example.vn:993/INBOX").acquire()
        with MailboxLock(archive, "u@mail.example.vn:993/Baocao"):
            pass  # another folder is another mailbox
    with MailboxLock(archive, "u@mail.example.vn:993/INBOX"):
        pass  # released by the first holder


def test_run_serves_the_staff_page_too_when_the_config_asks(
    tmp_path: Path, dovecot: Dovecot, folder: str, config_path: Path
) -> None:
    port = free_port()
    text = config_path.read_text(encoding="utf-8")
    text = text.replace("\nport = 8080", f"\nport = {port}").replace("in_daemon = false", "in_daemon = true")
    config_path.write_text(text, encoding="utf-8")
    log = tmp_path / "daemon.log"

    def answers() -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as page:
                return page.status == 200
        except OSError:
            return False

    with daemon(config_path, log) as process:
        wait_for(answers, PATIENCE, "the staff page beside the daemon")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/season/nq121/2021?format=json", timeout=5)
        assert refused.value.code == 401
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    assert process.returncode == 0, log.read_text()


@contextmanager
def _own_disk(folder: Path) -> Iterator[None]:
    """A small file system of its own at folder (a tmpfs) that the test can remount read-only, as the
    system does with a failing disk; unmounted at the end."""
    if os.geteuid() != 0:
        pytest.skip("mounting a file system (tmpfs) needs root")
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(folder)], check=True)
    try:
        yield
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)


def _remount(folder: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(folder)], check=True)


def test_run_started_while_the_database_disk_is_read_only_waits_for_it(
    tmp_path: Path, dovecot: Dovecot, folder: str, config_path: Path
) -> None:
    """`baocao run` started while the disk holding its SQLite database was read-only (a failing disk the
    system remounted) exited at once with «Lỗi: cơ sở dữ liệu … chỉ cho đọc …», though README says the
    daemon waits and tries again; a service manager gave up restarting it. It now says so in the log,
    stays up, and reads the mail once the disk is writable again."""
    text = config_path.read_text(encoding="utf-8").replace(
        "sqlite:///var/baocao.db", "sqlite:///db/baocao.db"
    )
    config_path.write_text(text, encoding="utf-8")
    disk, log = tmp_path / "db", tmp_path / "daemon.log"
    with _own_disk(disk):
        Store.open(config_mod.load(config_path).storage.database).close()  # made, then the disk fails
        _remount(disk, "ro")
        when = dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
        dovecot.append([(report_mail(*SENDER, when, number=1), when)], folder)
        with daemon(config_path, log) as process:
            wait_for(
                lambda: "chỉ cho đọc".encode() in log.read_bytes(), PATIENCE, "the read-only disk to be said"
            )
            time.sleep(1)
            assert process.poll() is None, log.read_text()
            _remount(disk, "rw")
            store = Store.open(config_mod.load(config_path).storage.database)
            try:
                wait_for(lambda: len(recorded(store)) == 1, PATIENCE, "the mail waiting in the mailbox")
                assert [m.state for m in store.messages()] == [MessageState.REPORT]
            finally:
                store.close()
            process.send_signal(signal.SIGTERM)
            out, _ = process.communicate(timeout=20)
        assert process.returncode == 0, log.read_text()
        assert out.decode().rstrip().endswith("Đã dừng baocao.")
        assert "Traceback" not in log.read_text()


@contextmanager
def _read_only_file(path: Path) -> Iterator[Callable[[], None]]:
    """path made read-only by a read-only bind mount over it (root writes through a file's mode bits), its
    folder still writable: the database opens and reads, only its first write fails. Yields what makes the
    file writable again; unmounted at the end."""
    if os.geteuid() != 0:
        pytest.skip("a bind mount needs root")
    subprocess.run(["mount", "--bind", str(path), str(path)], check=True)
    mounted = True

    def writable() -> None:
        nonlocal mounted
        subprocess.run(["umount", str(path)], check=True)
        mounted = False

    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(path)], check=True)
        yield writable
    finally:
        if mounted:
            subprocess.run(["umount", "--lazy", str(path)], check=True)


def test_run_started_on_a_read_only_database_file_waits_for_it(
    tmp_path: Path, dovecot: Dovecot, folder: str, config_path: Path
) -> None:
    """`baocao run` on a SQLite file that may only be read (its folder writable) quit at start-up with
    «Lỗi: cơ sở dữ liệu … chỉ cho đọc»: the database opened (it only reads one already up to date), and
    the first write, recording this machine, came after the wait. It now waits for that write too."""
    database = config_mod.load(config_path).storage.database
    Store.open(database).close()
    log = tmp_path / "daemon.log"
    when = dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
    dovecot.append([(report_mail(*SENDER, when, number=1), when)], folder)
    with _read_only_file(Path(database.removeprefix("sqlite:///"))) as writable:
        with daemon(config_path, log) as process:
            wait_for(
                lambda: "chỉ cho đọc".encode() in log.read_bytes(), PATIENCE, "the read-only file to be said"
            )
            time.sleep(1)
            assert process.poll() is None, log.read_text()
            writable()
            store = Store.open(database)
            try:
                wait_for(lambda: len(recorded(store)) == 1, PATIENCE, "the mail waiting in the mailbox")
            finally:
                store.close()
            process.send_signal(signal.SIGTERM)
            process.communicate(timeout=20)
    assert process.returncode == 0, log.read_text()
    assert "Traceback" not in log.read_text()


def test_run_stopped_while_it_waits_for_its_database_says_it_stopped(
    tmp_path: Path, dovecot: Dovecot, folder: str, config_path: Path
) -> None:
    """SIGTERM (systemctl stop) while the daemon waits for a read-only database disk ends it cleanly."""
    text = config_path.read_text(encoding="utf-8").replace(
        "sqlite:///var/baocao.db", "sqlite:///db/baocao.db"
    )
    config_path.write_text(text, encoding="utf-8")
    disk, log = tmp_path / "db", tmp_path / "daemon.log"
    with _own_disk(disk):
        Store.open(config_mod.load(config_path).storage.database).close()
        _remount(disk, "ro")
        with daemon(config_path, log) as process:
            wait_for(
                lambda: "chỉ cho đọc".encode() in log.read_bytes(), PATIENCE, "the read-only disk to be said"
            )
            process.send_signal(signal.SIGTERM)
            out, _ = process.communicate(timeout=20)
        assert process.returncode == 0, log.read_text()
        assert out.decode().strip() == "Đã dừng baocao."


def test_run_stopped_while_python_loads_it_says_it_stopped(config_path: Path) -> None:
    """SIGTERM (systemctl stop) in the first moments of `baocao run`, while Python still loaded the command
    line's modules, ended the process at once by the signal, without «Đã dừng baocao.» and the exit code 0
    a stop a moment later gives. It is now kept until the daemon can stop cleanly."""
    # -X importtime writes a line as each module is loaded: the stop is sent while the command line's own
    # modules load (app.clickvi, imported by app.cli), before any command runs.
    process = subprocess.Popen(
        [sys.executable, "-X", "importtime", "-m", "app", "--config", str(config_path), "run"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert process.stderr is not None
        for line in process.stderr:
            if line.rstrip().endswith(b"app.clickvi"):
                break
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err.decode(errors="replace")[-2000:]
    assert out.decode().strip() == "Đã dừng baocao."


def test_run_waiting_for_its_database_says_it_tries_again_by_itself(
    tmp_path: Path, dovecot: Dovecot, folder: str, config_path: Path
) -> None:
    """The daemon waiting for a read-only database disk logged «… Chưa có gì bị mất: kiểm tra ổ đĩa và gắn
    lại cho ghi được rồi chạy lại lệnh.», a command's advice: the daemon runs nothing again by hand, it
    tries again by itself, and its line now says so."""
    text = config_path.read_text(encoding="utf-8").replace(
        "sqlite:///var/baocao.db", "sqlite:///db/baocao.db"
    )
    config_path.write_text(text, encoding="utf-8")
    disk, log = tmp_path / "db", tmp_path / "daemon.log"
    with _own_disk(disk):
        Store.open(config_mod.load(config_path).storage.database).close()
        _remount(disk, "ro")
        with daemon(config_path, log) as process:
            wait_for(
                lambda: "chỉ cho đọc".encode() in log.read_bytes(), PATIENCE, "the read-only disk to be said"
            )
            process.send_signal(signal.SIGTERM)
            process.communicate(timeout=20)
    lines = [line for line in log.read_text().splitlines() if "chỉ cho đọc" in line]
    assert lines, log.read_text()
    for line in lines:
        assert "chạy lại lệnh" not in line, line
        assert "kiểm tra ổ đĩa và gắn lại cho ghi được); baocao tự thử lại sau 5 giây" in line, line


def test_run_says_when_the_mailbox_is_back_and_asks_a_refusing_server_often(
    dovecot: Dovecot,
    folder: str,
    rt: Runtime,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Dovecot stopped for two minutes under `baocao run`: the wait between tries had grown to 92 s (the cap
    is five minutes), so mail sent when it was back waited as long, and the log never said the mailbox was
    read again after its «Không kết nối được» lines. A server that refuses the connection is asked again
    within REFUSED_RETRY_SECONDS whatever the backoff, and the first read after the failures is said."""
    assert rt.config.imap is not None
    imap = rt.config.imap
    monkeypatch.setattr(poller, "REFUSED_RETRY_SECONDS", 0.5)
    stop = threading.Event()
    worker = threading.Thread(
        target=run,
        args=(rt, lambda: Mailbox(imap, timeout=3), stop),
        # A backoff grown as after minutes of failures: 60 to 120 s.
        kwargs={"backoff": Backoff(initial=60.0, cap=300.0, rng=random.Random(1))},
    )
    dovecot.stop()
    try:
        with caplog.at_level(logging.INFO, logger="intake.poller"):
            worker.start()
            wait_for(
                lambda: any("máy chủ từ chối kết nối" in r.getMessage() for r in caplog.records),
                PATIENCE,
                "the refused connection to be said",
            )
            dovecot.start()
            when = dt.datetime(2021, 10, 20, 9, tzinfo=HCM)
            dovecot.append([(report_mail(*SENDER, when, number=1), when)], folder)
            wait_for(lambda: len(recorded(rt.store)) == 1, 20, "the mail sent once the server is back")
            wait_for(
                lambda: any("kết nối lại được" in r.getMessage() for r in caplog.records),
                20,
                "the read to be said",
            )
            back = [r.getMessage() for r in caplog.records if "kết nối lại được" in r.getMessage()]
            assert len(back) == 1 and re.fullmatch(
                rf"kết nối lại được hộp thư {re.escape(imap.name)} sau \d+ lần thử không thành công; "
                "đọc thư tiếp như thường",
                back[0],
            ), back
    finally:
        stop.set()
        worker.join(timeout=10)
        if dovecot.process is None or dovecot.process.poll() is not None:
            dovecot.start()
    assert not worker.is_alive()
