"""A district whose season came through the real pipeline (baocao import), staff accounts made with
baocao user add, and the page served by a real server: `baocao web` in a subprocess, or the same
application in a server thread when a test needs to move the clock."""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app.web.server import close_app, create_app
from kernel import config as config_mod
from kernel.runtime import Runtime
from kernel.store import MessageRow, MessageState
from samples.documents import render_docx
from samples.papers import make_paper
from samples.season import make_season
from tests.intake.conftest import _shipped_tables, corrupt_mail, in_units, report_mail
from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
HCM = dt.timezone(dt.timedelta(hours=7))
CLERK, VIEWER = ("vanthu", "mat-khau-van-thu"), ("xem", "mat-khau-chi-xem")
UNREADABLE_SCHOOL = "th-my-an"  # sends a PDF cut off in transfer
LATE_SCHOOL = "th-binh-an"  # reports three days after the deadline
DRAFT_SENDER = "c1mylac.thuthua@example.edu.vn"  # web_drafts: Mỹ Lạc's draft, then its report


def cli(config_path: Path, *args: str, stdin: str = "") -> str:
    """Run baocao as staff do, in its own process; the output, or the test fails with the error."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "app", "--config", str(config_path), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, f"baocao {' '.join(args)} failed: {done.stderr}"
    return done.stdout


_built_districts: Path | None = None  # set by built_districts for the whole run


@pytest.fixture(scope="session", autouse=True)
def built_districts(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[None]:
    """Where make_district keeps each district it built, so the same district is imported once per
    run rather than once per module. Safe because every module gets its own copy of the folder
    (config, database, archive): what one module's tests change never reaches another's. The
    folder is shared by the xdist workers of this run (the parent of their base temp dirs) and by
    no other run, so a change of code is never served a district built by the old code."""
    global _built_districts
    base = tmp_path_factory.getbasetemp()
    root = (base.parent if worker_id != "master" else base) / "districts"
    root.mkdir(exist_ok=True)
    _built_districts = root
    yield
    _built_districts = None


def make_district(
    folder: Path, *, units: bool = False, plans: str = "", more: dict[str, bytes] | None = None
) -> Path:
    """A config beside its database, a season of mail imported into it, and two staff accounts;
    with units, the schools split into two collecting units (see in_units); plans adds tables
    ([[reports]], or a [[schools]]), more adds messages (file name -> raw bytes), imported after
    the season as mail that came in later.

    The district is built once per run for the same arguments and copied into folder (see
    built_districts); one with more is the district without it, copied, and more imported."""
    if _built_districts is None:
        path = _build_district(folder, units=units, plans=plans)
        if more:
            _import_more(path, more)
        return path
    digest = hashlib.sha256(repr((units, plans)).encode())
    built = _built(digest.hexdigest()[:16], lambda into: _build_district(into, units=units, plans=plans))
    if more:
        for name, raw in sorted(more.items()):
            digest.update(name.encode() + b"\0" + hashlib.sha256(raw).digest())

        def import_more(into: Path) -> None:
            shutil.copytree(built, into)
            _import_more(into / "config.toml", more)

        built = _built(digest.hexdigest()[:16], import_more)
    shutil.copytree(built, folder, dirs_exist_ok=True)
    return folder / "config.toml"


def _built(name: str, build: Callable[[Path], object]) -> Path:
    """The folder build makes, made once per run under built_districts."""
    assert _built_districts is not None
    built = _built_districts / name
    with open(f"{built}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another worker building the same district finishes first
        if not built.exists():
            partial = built.with_name(f"{built.name}.partial")
            shutil.rmtree(partial, ignore_errors=True)
            build(partial)
            partial.rename(built)
    return built


def _import_more(path: Path, more: dict[str, bytes]) -> None:
    """The messages of more (file name -> raw bytes) imported into the district at path."""
    mail = path.parent / "more"
    mail.mkdir()
    for name, raw in more.items():
        (mail / name).write_bytes(raw)
    cli(path, "import", str(mail))


def _build_district(folder: Path, *, units: bool = False, plans: str = "") -> Path:
    """make_district's work without more, done in folder itself."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.toml"
    tables = in_units(_shipped_tables()) if units else _shipped_tables()
    path.write_text(
        f'{tables}\n{plans}\n[storage]\ndatabase = "sqlite:///var/baocao.db"\narchive = "var/archive"\n',
        encoding="utf-8",
    )
    config = config_mod.load(path)
    mail = folder / "season"
    mail.mkdir()
    for n, message in enumerate(make_season(config.schools, year=2021, seed=0, size="small", scanned=False)):
        (mail / f"{n:03d}.eml").write_bytes(message.raw)
    (mail / "late.eml").write_bytes(_late_report(config.school(LATE_SCHOOL)))
    broken = config.school(UNREADABLE_SCHOOL)
    (mail / "broken.eml").write_bytes(
        corrupt_mail(broken.emails[0], dt.datetime(2021, 10, 20, 8, 0, tzinfo=HCM))
    )
    cli(path, "import", str(mail))
    for (name, password), role in ((CLERK, "clerk"), (VIEWER, "viewer")):
        cli(
            path,
            "user",
            "add",
            name,
            "--role",
            role,
            "--name",
            "Lê Thị Thu",
            "--password-stdin",
            stdin=password,
        )
    return path


def _late_report(school: config_mod.SchoolConfig) -> bytes:
    """The school's report, three days after the deadline, written in the body."""
    raw = report_mail(school.emails[0], school.name, dt.datetime(2021, 10, 28, 9, 15, tzinfo=HCM), number=7)
    msg = message_from_bytes(raw, policy=policy.default)
    msg.replace_header("Subject", f"Báo cáo NQ121 năm 2021 - {school.name}")  # the year the report is for
    return msg.as_bytes()


def status_json(config_path: Path, *args: str) -> dict:
    return json.loads(cli(config_path, "status", "--year", "2021", "--format", "json", *args))


def wait_until_up(url: str, process: subprocess.Popen[str] | None = None) -> None:
    """Wait for the page at url to answer, for up to a minute: a busy machine may take seconds to
    start `baocao web`."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"baocao web stopped: {process.stderr.read() if process.stderr else ''}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"{url} did not answer")


@dataclass
class WebProcess:
    url: str
    config_path: Path


@pytest.fixture(scope="module")
def web_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebProcess]:
    """`baocao web` on a free port of 127.0.0.1, over an imported season."""
    config_path = make_district(tmp_path_factory.mktemp("district"))
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "--config", str(config_path), "web", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process)
        yield WebProcess(url, config_path)
    finally:
        process.terminate()
        process.wait(timeout=10)


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass
class WebThread:
    url: str
    config_path: Path
    clock: Clock
    app_rules: list[tuple[str, tuple[str, ...]]]  # every route and its methods


@pytest.fixture(scope="module")
def web_thread(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebThread]:
    """The same application in a real HTTP server thread, on a clock the test moves."""
    yield from _serve(make_district(tmp_path_factory.mktemp("district")))


@pytest.fixture(scope="module")
def web_as_imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebThread]:
    """As web_thread, for tests that only read: none changes it, so each sees the season as imported
    (web_thread's mail is assigned, rejected and read again by the tests before)."""
    yield from _serve(make_district(tmp_path_factory.mktemp("as-imported")))


@pytest.fixture
def web_own(tmp_path: Path) -> Iterator[WebThread]:
    """As web_as_imported, for one test that changes what it serves: its own copy of the season."""
    yield from _serve(make_district(tmp_path / "own"))


@pytest.fixture(scope="module")
def web_units(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebThread]:
    """As web_thread, for a config whose schools belong to two collecting units."""
    yield from _serve(make_district(tmp_path_factory.mktemp("units"), units=True))


@pytest.fixture(scope="module")
def web_plans(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebThread]:
    """As web_thread, for an office that also collects the school health report (a second plan), with
    Mỹ An's one paper on both plans waiting for staff."""
    from tests.intake.test_pipeline import HEALTH_REPORT, _mail, _two_plans_docx

    paper = _mail("c1myan.thuthua@example.edu.vn", "Gửi báo cáo", {"BC.docx": _two_plans_docx()}, mid="plans")
    yield from _serve(
        make_district(tmp_path_factory.mktemp("plans"), plans=HEALTH_REPORT, more={"plans.eml": paper})
    )


@pytest.fixture(scope="module")
def web_drafts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebThread]:
    """As web_thread, with Mỹ Lạc's draft sent for comment on 5/10 and its report on 12/10."""
    from tests.intake.test_review_cli import _draft_mail

    school = "Trường Tiểu học Mỹ Lạc"
    more = {
        "draft.eml": _draft_mail(DRAFT_SENDER, school, 5),
        "signed.eml": report_mail(
            DRAFT_SENDER, school, dt.datetime(2021, 10, 12, 9, 0, tzinfo=HCM), number=9
        ),
    }
    yield from _serve(make_district(tmp_path_factory.mktemp("drafts"), more=more))


SCANNED_SCHOOL = "thcs-nhi-thanh"  # web_scanned: a scan without figures, its figures written in the mail


@pytest.fixture(scope="module")
def web_scanned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebThread]:
    """As web_thread, with THCS Nhị Thành's report scanned without its results and its figures written
    in the mail's text on 20/10."""
    from samples.documents import render_scan
    from tests.intake.test_pipeline import _mail

    paper = make_paper(
        "Trường THCS Nhị Thành", year=2021, rng=random.Random(11), sections=("chi_dao", "kho_khan", "de_xuat")
    )
    body = "Kính gửi Phòng GD&ĐT. Trường tổ chức 12 buổi tuyên truyền cho 850 lượt học sinh."
    scanned = _mail(
        "c2nhithanh.thuthua@example.edu.vn", "Báo cáo NQ121", {"scan0001.pdf": render_scan(paper)}, body
    )
    yield from _serve(make_district(tmp_path_factory.mktemp("scanned"), more={"scanned.eml": scanned}))


OWN_WITHDRAWN_SENDER = "c1mylac.thuthua@example.edu.vn"  # web_withdrawn: Mỹ Lạc's report, then "gửi nhầm"

WITHDRAWN_SENDER = "c1myan.thuthua@example.edu.vn"  # web_withdrawn: sent Mỹ Lạc's file, then withdrew it
WITHDRAWN_TOO = "c1nhithanh.thuthua@example.edu.vn"  # web_withdrawn: the same with Long Thuận's file


def _sent_by_mistake(sender: str, school: str, seed: int, mid: str, day: int) -> dict[str, bytes]:
    """A school's address sending another school's report for it (its subject names that school, so the
    report is credited to it), then answering that mail "Em gửi nhầm file, xin Phòng bỏ giúp em ạ" an
    hour later."""
    paper = render_docx(make_paper(school, year=2021, rng=random.Random(seed)))
    sent = EmailMessage()
    sent["From"], sent["To"], sent["Subject"] = sender, "pgdthuthua@example.edu.vn", f"BC NQ121 {school}"
    sent["Message-ID"], sent["Date"] = f"<{mid}1@example.edu.vn>", f"{day} Oct 2021 09:01:00 +0700"
    sent.set_content("\n\n")  # the empty text part a phone's mail app sends beside a file
    sent.add_attachment(paper, maintype="application", subtype="octet-stream", filename="BC NQ121.docx")
    note = EmailMessage()
    note["From"], note["To"], note["Subject"] = sender, "pgdthuthua@example.edu.vn", "Re: "
    note["Message-ID"], note["In-Reply-To"] = f"<{mid}2@example.edu.vn>", f"<{mid}1@example.edu.vn>"
    note["Date"] = f"{day} Oct 2021 10:02:00 +0700"
    note.set_content("Em gửi nhầm file, xin Phòng bỏ giúp em ạ.")
    return {f"{mid}1.eml": sent.as_bytes(), f"{mid}2.eml": note.as_bytes()}


@pytest.fixture(scope="module")
def web_withdrawn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebThread]:
    """As web_thread, with Mỹ An's address sending Mỹ Lạc's report for it on 14/10 (credited to
    Mỹ Lạc), then answering it "Em gửi nhầm file, xin Phòng bỏ giúp em ạ": that report is held; and Nhị
    Thành's address doing the same with Long Thuận's report on 15/10; and THCS Tân Thành asking for more
    time on 22/10."""
    asked = EmailMessage()
    asked["From"], asked["To"] = "c2tanthanh.thuthua@example.edu.vn", "pgdthuthua@example.edu.vn"
    asked["Subject"], asked["Message-ID"] = "Xin gia hạn báo cáo NQ121", "<giahan@example.edu.vn>"
    asked["Date"] = "22 Oct 2021 09:10:00 +0700"
    asked.set_content(
        "Kính gửi Phòng GD&ĐT, do trường đang sửa chữa phòng học sau mưa bão, trường xin gia hạn nộp báo cáo "
        "NQ121 đến ngày 30/10/2021 ạ."
    )
    more = {
        **_sent_by_mistake(WITHDRAWN_SENDER, "Trường Tiểu học Mỹ Lạc", 8, "nham", 14),
        **_sent_by_mistake(WITHDRAWN_TOO, "Trường Tiểu học Long Thuận", 9, "nhamlt", 15),
        "giahan.eml": asked.as_bytes(),
    }
    yield from _serve(make_district(tmp_path_factory.mktemp("withdrawn"), more=more))


@pytest.fixture(scope="module")
def web_withdrawn_own(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebThread]:
    """As web_thread, with Mỹ Lạc's report of 12/10 and, half an hour later, its answer to that mail "Em gửi
    nhầm file, xin Phòng bỏ giúp em ạ" waiting for staff: the report is held, not counted."""
    sent = dt.datetime(2021, 10, 12, 9, 0, tzinfo=HCM)
    first = report_mail(OWN_WITHDRAWN_SENDER, "Trường Tiểu học Mỹ Lạc", sent, number=77)
    note = EmailMessage()
    note["From"], note["To"], note["Subject"] = (
        OWN_WITHDRAWN_SENDER,
        "pgdthuthua@example.edu.vn",
        "Re: Báo cáo",
    )
    note["Date"] = format_datetime(sent + dt.timedelta(minutes=30))
    note["Message-ID"] = "<nham.1@example.edu.vn>"
    note["In-Reply-To"] = message_from_bytes(first, policy=policy.default)["Message-ID"]
    note.set_content("Em gửi nhầm file, xin Phòng bỏ giúp em ạ.")
    more = {"withdrawn-1.eml": first, "withdrawn-2.eml": note.as_bytes()}
    yield from _serve(make_district(tmp_path_factory.mktemp("withdrawn-own"), more=more))


# web_picker: a second «Trường Tiểu học Bình An» in another commune, and mail from addresses nobody knows.
TWIN_SCHOOL = """
[[schools]]
id = "th-binh-an-2"
name = "Trường Tiểu học Bình An"
commune = "Xã Long Thuận"
emails = ["thbinhan2@example.edu.vn"]
"""
UNKNOWN_SENDERS = tuple(f"giaovien{n}@gmail.com" for n in range(1, 5))


@pytest.fixture(scope="module")
def web_picker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebThread]:
    """As web_thread, with two schools named «Trường Tiểu học Bình An» (th-binh-an and th-binh-an-2) and
    a report from each of UNKNOWN_SENDERS naming no school of the district, each waiting for staff."""
    more = {
        f"unknown-{n}.eml": report_mail(
            sender, "Trường Tiểu học Không Rõ", dt.datetime(2021, 10, 18, 9, n, tzinfo=HCM), number=100 + n
        )
        for n, sender in enumerate(UNKNOWN_SENDERS)
    }
    yield from _serve(make_district(tmp_path_factory.mktemp("picker"), plans=TWIN_SCHOOL, more=more))


MERGED_SENDER = "c1mythanhb.thuthua@example.edu.vn"  # web_merged: reported, then merged into Mỹ Thạnh A


@pytest.fixture(scope="module")
def web_merged(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebThread]:
    """As web_thread, with Mỹ Thạnh B's report of 11/10, after which config.toml wrote the school as
    merged into Mỹ Thạnh A on 15/10: the report counts for nobody and waits for staff."""
    sent = dt.datetime(2021, 10, 11, 9, 0, tzinfo=HCM)
    more = {"merged.eml": report_mail(MERGED_SENDER, "Trường Tiểu học Mỹ Thạnh B", sent, number=31)}
    path = make_district(tmp_path_factory.mktemp("merged"), more=more)
    text = path.read_text(encoding="utf-8")
    school = 'id = "th-my-thanh-b"\n'
    assert school in text
    path.write_text(
        text.replace(school, f'{school}until = "2021-10-15"\nmerged_into = "th-my-thanh-a"\n'),
        encoding="utf-8",
    )
    yield from _serve(path)


UNFINISHED_SENDER = "c1myan.thuthua@example.edu.vn"  # web_unfinished: its mail of 19/10 was never finished


@pytest.fixture(scope="module")
def web_unfinished(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebThread]:
    """As web_thread, with Mỹ An's report of 19/10 left pending by a run killed while reading it."""
    path = make_district(tmp_path_factory.mktemp("unfinished"))
    sent = dt.datetime(2021, 10, 19, 9, 0, tzinfo=HCM)
    raw = report_mail(UNFINISHED_SENDER, "Trường Tiểu học Mỹ An", sent, number=41)
    with Runtime.open(config_mod.load(path)) as rt:
        key = rt.archive.put(raw)
        row = MessageRow(key, key[:24], "test", "", "", sent, MessageState.PENDING, "", "", 1, sent)
        rt.store.save_message(row)
    yield from _serve(path)


@contextmanager
def served_for_clerk(config_path: Path, now: dt.datetime | None = None) -> Iterator[WebThread]:
    """The page of the office at config_path, served in a thread whose clock reads now (by default
    the districts' 3/11/2021), with the clerk's account (CLERK) made: for a test whose office is not
    one of the module's districts."""
    cli(config_path, "user", "add", CLERK[0], "--role", "clerk", "--password-stdin", stdin=CLERK[1])
    served = _serve(config_path)
    web = next(served)
    try:
        if now is not None:
            web.clock.now = now
        yield web
    finally:
        served.close()


def _serve(config_path: Path) -> Iterator[WebThread]:
    clock = Clock(dt.datetime(2021, 11, 3, 2, 0, tzinfo=dt.UTC))
    app = create_app(config_mod.load(config_path), clock)
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    rules = [(r.rule, tuple(sorted(r.methods or ()))) for r in app.url_map.iter_rules()]
    try:
        wait_until_up(url)
        yield WebThread(url, config_path, clock, rules)
    finally:
        server.shutdown()
        close_app(app)
