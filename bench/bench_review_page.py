"""The size and render time of the review queue and of one message's page in a province, beside the same
pages with a tenth of the schools: a page that grows with messages x schools is about ten times
larger; one that grows with messages + schools, much less.

Generates the province's schools (samples/province.py) into a config over a SQLite database, brings in
--messages reports from addresses the office does not know (each waits for staff), adds a clerk, and
asks the application (Flask's test client, no server) for /review and for the first message's page,
keeping the fastest of --runs renders.

    .venv/bin/python -m bench.bench_review_page                       # 1,500 schools, 40 messages
    .venv/bin/python -m bench.bench_review_page --schools 2000 --messages 60
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import re
import shutil
import tempfile
import time
from pathlib import Path

from flask.testing import FlaskClient

from app.web import accounts
from app.web.roles import Role
from app.web.server import close_app, create_app
from intake import pipeline
from kernel import config as config_mod
from kernel.runtime import Runtime
from samples.province import Province, ProvinceSize, make_schools
from tests.intake.conftest import report_mail

HCM = dt.timezone(dt.timedelta(hours=7))
CLERK = ("bench", "mat-khau-bench-du-dai")
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def province_config(work: Path, schools: int, messages: int) -> Path:
    """A province's config with its database in work, holding messages that each wait for staff."""
    units, made = make_schools(ProvinceSize(schools=schools, units=30, messages=messages))
    path = work / "config.toml"
    text = Province(units, made, ()).config_text(
        database=f"sqlite:///{work}/baocao.db", archive=str(work / "archive")
    )
    path.write_text(text, encoding="utf-8")
    config = config_mod.load(path)
    logging.getLogger("mailparser").setLevel(logging.ERROR)
    now = dt.datetime(2025, 11, 3, 2, 0, tzinfo=dt.UTC)
    with Runtime.open(config) as rt:
        for n in range(messages):
            sent = dt.datetime(2025, 10, 1, 8, 0, tzinfo=HCM) + dt.timedelta(hours=7 * n)
            raw = report_mail(f"giaovien{n}@gmail.com", "Trường Tiểu học Không Rõ", sent, number=n)
            pipeline.ingest(rt, raw, received_at=sent, source="bench")
        accounts.add(rt.store, *CLERK, Role.CLERK, full_name="Văn thư", by="bench", now=now)
    return path


def fastest(client: FlaskClient, url: str, runs: int) -> tuple[int, float]:
    """The page's size in bytes and the shortest of runs renders."""
    best, size = float("inf"), 0
    for _ in range(runs):
        start = time.perf_counter()
        answer = client.get(url)
        best = min(best, time.perf_counter() - start)
        assert answer.status_code == 200, answer.status_code
        size = len(answer.data)
    return size, best


def measure(schools: int, messages: int, runs: int) -> dict[str, tuple[int, float]]:
    work = Path(tempfile.mkdtemp(prefix="bench-review-"))
    try:
        config = config_mod.load(province_config(work, schools, messages))
        app = create_app(config, lambda: dt.datetime(2025, 11, 3, 2, 0, tzinfo=dt.UTC))
        try:
            client = app.test_client()
            token = TOKEN.search(client.get("/login").get_data(as_text=True))
            assert token is not None
            form = {
                "csrf_token": token.group(1),
                "username": CLERK[0],
                "password": CLERK[1],
                "next": "/review",
            }
            assert client.post("/login", data=form).status_code == 302
            items = client.get("/review", query_string={"format": "json"}).get_json()["items"]
            assert len(items) == messages, f"{len(items)} of {messages} messages wait for staff"
            return {
                "/review": fastest(client, "/review", runs),
                "/messages/<key>": fastest(client, f"/messages/{items[0]['key']}", runs),
            }
        finally:
            close_app(app)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--schools", type=int, default=1500)
    parser.add_argument("--messages", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3, help="renders of each page (default 3)")
    args = parser.parse_args()
    small = measure(args.schools // 10, args.messages, args.runs)
    large = measure(args.schools, args.messages, args.runs)
    print(f"{args.messages} messages waiting; fastest of {args.runs} renders")
    for page, (size, seconds) in large.items():
        small_size, small_seconds = small[page]
        print(
            f"{page:16} {args.schools:5} schools: {size / 1024:8.0f} KiB {seconds:6.3f} s"
            f" | {args.schools // 10:4} schools: {small_size / 1024:6.0f} KiB {small_seconds:6.3f} s"
            f" | ratio {size / small_size:5.1f}x size {seconds / small_seconds:5.1f}x time"
        )


if __name__ == "__main__":
    main()
