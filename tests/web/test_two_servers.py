"""Two `baocao web` processes on one database (two ports of one machine, or two machines on one
PostgreSQL): two clerks deciding the same waiting mail at once, each from a page showing it as it stood,
are one told it is done and the other told someone decided meanwhile, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import pytest
import requests

from kernel.store import Store
from samples.documents import render_text
from samples.papers import make_paper
from tests.conftest import _fresh_database
from tests.servers import free_port
from tests.web.conftest import ROOT, WebProcess, WebThread, _serve, _shipped_tables, cli, wait_until_up
from tests.web.test_security import _token, login

LAN, HOA = ("lan", "mat-khau-cua-lan"), ("hoa", "mat-khau-cua-hoa")
SENDER = "hieutruong.cungluc@gmail.com"
DONE = ("Đã gán thư", "Đã loại thư")
REFUSED = "Chưa ghi: trong lúc trang này đang mở"


@dataclass(frozen=True)
class TwoServers:
    here: WebThread  # served in this process, where the test steps in between reading and writing
    there: WebProcess  # `baocao web` in a process of its own, on the same config and database


@pytest.fixture(params=["sqlite", "postgresql"])
def two_servers(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TwoServers]:
    """One mail waiting for staff (no school named, from an address of none), two clerks' accounts, and
    the page served twice over the same database."""
    if request.param == "sqlite":
        database = "sqlite:///var/baocao.db"
    else:
        database = _fresh_database(
            request.getfixturevalue("postgres_url"), request.getfixturevalue("postgres_migrated")
        )
    path = tmp_path / "config.toml"
    path.write_text(
        f'{_shipped_tables()}\n[storage]\ndatabase = "{database}"\narchive = "var/archive"\n',
        encoding="utf-8",
    )
    msg = EmailMessage()
    msg["From"], msg["To"] = SENDER, "pgdthuthua@example.edu.vn"
    msg["Subject"], msg["Date"] = "Báo cáo NQ121", "Thu, 21 Oct 2021 10:00:00 +0700"
    msg["Message-ID"] = "<hai-may@gmail.com>"
    msg.set_content(
        render_text(make_paper("Trường Tiểu học Mỹ Lạc", year=2021, rng=random.Random(6), named=False))
    )
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "1.eml").write_bytes(msg.as_bytes())
    cli(path, "import", str(tmp_path / "mail"))
    for (user, password), name in ((LAN, "Trần Thị Lan"), (HOA, "Nguyễn Thị Hoa")):
        cli(path, "user", "add", user, "--role", "clerk", "--name", name, "--password-stdin", stdin=password)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "--config", str(path), "web", "--port", str(port)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        there = WebProcess(f"http://127.0.0.1:{port}", path)
        wait_until_up(there.url, process)
        for here in _serve(path):
            here.clock.now = dt.datetime.now(dt.UTC)  # as the other's: a session is one on both
            yield TwoServers(here, there)
    finally:
        process.terminate()
        process.wait(timeout=10)


def _opened(
    web: WebThread | WebProcess, user: tuple[str, str]
) -> tuple[requests.Session, str, dict[str, str]]:
    """A clerk logged in and the queue open: the session, the waiting mail's key, and the form its
    buttons send, saying what the page showed (seen)."""
    clerk = login(web, user)  # type: ignore[arg-type]
    token = _token(clerk.get(f"{web.url}/review").text)
    items = clerk.get(f"{web.url}/review", params={"format": "json"}).json()["items"]
    item = next(i for i in items if i["sender"] == SENDER)
    return clerk, item["key"], {"csrf_token": token, "next": "/review", "seen": str(item["seen"])}


@pytest.mark.parametrize(
    ("lan_does", "hoa_does"),
    [
        (("assign", {"school_id": "th-my-lac"}), ("assign", {"school_id": "th-my-an"})),
        (("assign", {"school_id": "th-my-lac"}), ("reject", {})),
    ],
    ids=["assign-assign", "assign-reject"],
)
def test_two_clerks_on_two_servers_deciding_one_mail_at_once_are_not_both_told_it_went_their_way(
    two_servers: TwoServers,
    monkeypatch: pytest.MonkeyPatch,
    lan_does: tuple[str, dict[str, str]],
    hoa_does: tuple[str, dict[str, str]],
) -> None:
    """Lan assigned a waiting mail to Mỹ Lạc on one server while Hoa, on another over the same database,
    assigned it to Mỹ An (or rejected it), both from a queue that showed it waiting: both were told
    «Đã gán thư…», and the mail went to whichever decision was written last. Each server checked what
    its page had seen before the write, and kept its clerks one at a time in its own process only.
    Here Hoa's click reaches the other server while Lan's decision is being written: exactly one of the
    two is told it is done, the other that someone decided meanwhile, and the mail stands as the one
    told so decided."""
    here, there = two_servers.here, two_servers.there
    lan, key, lan_form = _opened(here, LAN)
    hoa, _, hoa_form = _opened(there, HOA)
    answers: dict[str, str] = {}

    def hoa_clicks() -> None:
        action, fields = hoa_does
        answers["hoa"] = hoa.post(f"{there.url}/messages/{key}/{action}", data={**hoa_form, **fields}).text

    real = Store.decide
    clicked = threading.Thread(target=hoa_clicks)

    def writing(self: Store, *args: object) -> None:
        if not clicked.is_alive() and "hoa" not in answers:
            clicked.start()
            clicked.join(timeout=3)  # Hoa's server has read and checked what it could meanwhile
        real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "decide", writing)
    action, fields = lan_does
    answers["lan"] = lan.post(f"{here.url}/messages/{key}/{action}", data={**lan_form, **fields}).text
    clicked.join()

    told = [who for who, text in answers.items() if any(said in text for said in DONE)]
    refused = [who for who, text in answers.items() if REFUSED in text]
    assert len(told) == 1 and len(refused) == 1, answers
    assert "Trần Thị Lan (lan) đã quyết định về thư này" in answers["hoa"], answers["hoa"]
    page = lan.get(f"{here.url}/messages/{key}", params={"format": "json"}).json()
    assert page["decision"]["action"] == lan_does[0]
    assert [s["school_id"] for s in page["submissions"]] == ["th-my-lac"]
    history = [e["action"] for e in page["history"]]
    assert history == [lan_does[0]], "one decision recorded, not two"


def test_the_command_line_deciding_while_a_page_decides_says_whose_decision_it_replaced(
    two_servers: TwoServers, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line shows no page, so it cannot say what its clerk saw: `baocao reject` run while Lan
    assigned the mail on the page waits for her decision to be written, then replaces it, as the clerk
    asked. It used to do so silently («Đã loại thư…» alone), the clerk never learning that Lan had just
    assigned it; it now says whose decision, of when, it replaced."""
    here = two_servers.here
    lan, key, form = _opened(here, LAN)
    said: dict[str, str] = {}

    def rejecting() -> None:
        said["cli"] = cli(here.config_path, "reject", key[:16], "--reason", "Thư gửi nhầm")

    real = Store.decide
    ran = threading.Thread(target=rejecting)

    def writing(self: Store, *args: object) -> None:
        if not ran.is_alive() and "cli" not in said:
            ran.start()
            ran.join(timeout=3)  # the command has started and waits for the page's decision
        real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "decide", writing)
    answer = lan.post(f"{here.url}/messages/{key}/assign", data={**form, "school_id": "th-my-lac"}).text
    ran.join()

    assert "Đã gán thư cho Trường Tiểu học Mỹ Lạc" in answer
    assert "Đã loại thư" in said["cli"], said["cli"]
    assert "Lưu ý: thư đã được lan quyết định lúc" in said["cli"], said["cli"]
    assert "gán cho Trường Tiểu học Mỹ Lạc (th-my-lac)); quyết định đó nay được thay" in said["cli"]
    page = lan.get(f"{here.url}/messages/{key}", params={"format": "json"}).json()
    assert page["decision"]["action"] == "reject" and page["submissions"] == []
    assert [e["action"] for e in page["history"]] == ["reject", "assign"]
