"""How long finding the mail a school's reply answers takes as the send log grows, as a ratio from one run.

A province's send log holds a reminder or acknowledgement for every school, season and step: tens of
thousands of rows after a few seasons. A reply names our mail by its Message-ID (In-Reply-To); the mail
it answers is found by the digest that Message-ID holds (outbox.message_hash, indexed). Times the
look-up of one reply against a log of --small rows and one of --large rows (SQLite, one run): a ratio
near 1 is a look-up that does not grow with the log (digesting every key grew with it: 68x at 30,000, 134 ms a reply).

    .venv/bin/python -m bench.bench_replies
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from kernel import mailids
from kernel.store import Store, insert_new, outbox

DOMAIN = "pgd.edu.vn"
ROUNDS = 200


def _log(path: Path, rows: int) -> Store:
    store = Store.open(f"sqlite:///{path}")
    now = dt.datetime(2025, 10, 1, tzinfo=dt.UTC)
    values = [
        {
            "key": (key := f"remind:nq121:{2021 + i % 5}:school-{i}:{i % 7}"),
            "kind": "reminder",
            "report_id": "nq121",
            "year": 2021 + i % 5,
            "school_id": f"school-{i}",
            "recipients": {"to": [f"s{i}@{DOMAIN}"], "cc": []},
            "subject": "Nhắc nộp báo cáo",
            "message": b"Subject: x\r\n\r\nx\r\n",
            "message_hash": mailids.digest(key),
            "state": "sent",
            "attempts": 1,
            "last_error": "",
            "created_at": now,
        }
        for i in range(rows)
    ]
    with store.begin() as conn:
        conn.execute(insert_new(conn, outbox), values)
    return store


def _seconds(store: Store, rows: int) -> float:
    """The least time of ROUNDS look-ups of a reply to the log's middle row."""
    middle = rows // 2
    wanted = [mailids.make(f"remind:nq121:{2021 + middle % 5}:school-{middle}:{middle % 7}", DOMAIN)]
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.perf_counter()
        found = store.schools_written(wanted, DOMAIN)
        best = min(best, time.perf_counter() - start)
        assert found == (f"school-{middle}",), found
    return best


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--small", type=int, default=1_000, help="rows in the small send log (default 1,000)")
    parser.add_argument("--large", type=int, default=30_000, help="rows in the large one (default 30,000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        times = {}
        for rows in (args.small, args.large):
            store = _log(Path(work) / f"log-{rows}.db", rows)
            try:
                times[rows] = _seconds(store, rows)
            finally:
                store.close()
    for rows, seconds in times.items():
        print(f"send log of {rows:>7,} rows: {seconds * 1000:7.2f} ms to find the mail a reply answers")
    print(f"ratio large / small: {times[args.large] / times[args.small]:.1f}x")


if __name__ == "__main__":
    main()
