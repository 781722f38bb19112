"""How fast `baocao poll --once` brings a season of mail in, beside imapclient fetching the same mail.

Starts a throwaway Dovecot, appends N messages of the shared sample seasons (reports as DOCX, PDF,
.doc, zip, pasted text, forwards, and unrelated mail; scans as text PDFs, so no OCR), then times:
  fetch  - imapclient alone: select read-only, search, FETCH BODY.PEEK[] in batches;
  floor  - the same fetch plus a mail-parser parse of each message;
  poll   - poll_once: the same fetch plus archive, parsing, matching and recording every message, with
           the worker processes a backlog gets ([storage].workers; --workers 1 for this process alone).
The ratio poll/floor says how much of the time is baocao's own work. Each is measured in --repeat rounds
(poll into an empty database and archive each time) and the least time of each is kept: other load on
the machine only ever adds time, and on a shared machine it moves one round's ratio by a fifth. The CPU
times (this process and its workers; Dovecot's own is not counted) vary less than the wall clock.

    .venv/bin/python -m bench.bench_poll -n 120
    .venv/bin/python -m bench.bench_poll -n 120 --workers 1
    .venv/bin/python -m bench.bench_poll -n 120 --workers 1 --profile poll.prof   # where its time goes
    .venv/bin/python -m bench.bench_poll -n 120 --outcomes after.json   # diff with a run before a change
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import datetime as dt
import json
import logging
import pstats
import resource
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import mailparser

from intake.crew import extra_processes
from intake.imap import Mailbox
from intake.poller import poll_once
from kernel import config as config_mod
from kernel.runtime import Runtime
from kernel.store import Store
from samples.season import make_season
from tests.intake.conftest import write_config
from tests.servers import Dovecot, dovecot_server

ROOT = Path(__file__).resolve().parent.parent


def season(schools: tuple[config_mod.SchoolConfig, ...], n: int) -> list[tuple[bytes, dt.datetime]]:
    """n messages from the shared sample seasons (no OCR), one school year after another."""
    mails: list[tuple[bytes, dt.datetime]] = []
    year = 2021
    while len(mails) < n:
        mails += [(m.raw, m.received_at) for m in make_season(schools, year=year, size="full", scanned=False)]
        year += 1
    return mails[:n]


def fetch_only(server: Dovecot, folder: str, batch: int = 50, *, parse: bool = False) -> int:
    """What imapclient alone does to get every message's bytes (and, with parse, mail-parser to
    parse each one: the floor baocao's own work is measured against); returns the bytes fetched."""
    total = 0
    with server.client() as client:
        client.select_folder(folder, readonly=True)
        uids = client.search(["ALL"])
        for start in range(0, len(uids), batch):
            response = client.fetch(uids[start : start + batch], ["BODY.PEEK[]", "INTERNALDATE"])
            for data in response.values():
                total += len(data[b"BODY[]"])
                if parse:
                    mailparser.parse_from_bytes(data[b"BODY[]"])
    return total


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=100, help="messages to append (default 100)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="rounds of fetch, floor and poll (into an empty database each time); the least time of each "
        "is reported (default 3)",
    )
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="FILE",
        help="run poll under cProfile, save the stats to FILE and print the functions that take longest",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="[storage].workers: processes on this machine for the backlog (default 0: one per core)",
    )
    parser.add_argument(
        "--outcomes",
        type=Path,
        metavar="FILE",
        help="save what poll recorded (messages, submissions, reviews, readings) to FILE as JSON, "
        "to diff with a run before a change",
    )
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error(f"--repeat must be 1 or more, got {args.repeat}")
    logging.getLogger("mailparser").setLevel(logging.ERROR)  # it warns about every part it leaves alone
    profiler = cProfile.Profile() if args.profile else None

    shipped = config_mod.load(ROOT / "config.toml")
    mails = season(shipped.schools, args.n)
    size = sum(len(raw) for raw, _ in mails)
    rounds: list[_Round] = []
    work = Path(tempfile.mkdtemp(prefix="bench-poll-"))
    try:
        with dovecot_server() as server:
            server.append(mails, "Baocao")
            fetch_only(server, "Baocao")  # warm Dovecot's caches for every measurement alike
            for number in range(args.repeat):
                last = number == args.repeat - 1
                rounds.append(
                    _measure(
                        server,
                        work / f"round-{number}",
                        len(mails),
                        args.workers,
                        profiler if number == 0 else None,
                        args.outcomes if last else None,
                    )
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    n, best = len(mails), _Round.best(rounds)
    print(f"{n} messages, {size / 1e6:.1f} MB appended ({best.fetched / 1e6:.1f} MB fetched by imapclient)")
    print(f"best of {len(rounds)} rounds (each: fetch, floor, then poll into an empty database and archive)")
    print(f"imapclient fetch only : {best.fetch:7.2f} s  {n / best.fetch:8.1f} msg/s")
    print(
        f"baocao poll --once    : {best.poll:7.2f} s  {n / best.poll:8.1f} msg/s  ({best.processes} processes)"
    )
    print(f"fetch + mail-parser   : {best.floor:7.2f} s  {n / best.floor:8.1f} msg/s")
    print(f"ratio poll / fetch    : {best.poll / best.fetch:7.1f}x")
    print(f"ratio poll / floor    : {best.poll / best.floor:7.1f}x  (the floor: fetch plus mail-parser)")
    # On a shared machine the wall time above varies with the load; CPU time less so.
    print(
        f"poll's CPU time       : {best.poll_cpu:7.2f} s  {n / best.poll_cpu:8.1f} msg/s  (all its processes)"
    )
    print(f"floor's CPU time      : {best.floor_cpu:7.2f} s  {n / best.floor_cpu:8.1f} msg/s")
    print(
        f"CPU ratio poll / floor: {best.poll_cpu / best.floor_cpu:7.1f}x  "
        "(steadier than the wall-clock ratio under load)"
    )
    if len(rounds) > 1:
        ratios = sorted(r.poll / r.floor for r in rounds)
        print(
            f"each round poll/floor : {', '.join(f'{r:.1f}x' for r in ratios)}  (how much the load moved it)"
        )
    print(rounds[-1].summary)
    if profiler:
        profiler.dump_stats(args.profile)
        print(f"\nprofile of poll saved to {args.profile} (cProfile slows poll itself); longest by own time:")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        print("longest including what they call:")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


@dataclass(frozen=True)
class _Round:
    """One round's times: fetch alone, the floor, and poll (wall clock and CPU seconds)."""

    fetched: int
    fetch: float
    floor: float
    floor_cpu: float
    poll: float
    poll_cpu: float
    processes: int
    summary: str

    @staticmethod
    def best(rounds: list[_Round]) -> _Round:
        """The least time of each measurement over the rounds: what the machine's load added least to."""
        return dataclasses.replace(
            rounds[-1],
            fetch=min(r.fetch for r in rounds),
            floor=min(r.floor for r in rounds),
            floor_cpu=min(r.floor_cpu for r in rounds),
            poll=min(r.poll for r in rounds),
            poll_cpu=min(r.poll_cpu for r in rounds),
        )


def _measure(
    server: Dovecot,
    work: Path,
    backlog: int,
    workers: int,
    profiler: cProfile.Profile | None,
    outcomes: Path | None,
) -> _Round:
    """Fetch alone, the floor, then poll into a database and archive of its own under work."""
    start = time.perf_counter()
    fetched = fetch_only(server, "Baocao")
    fetch_seconds = time.perf_counter() - start
    start, cpu_start = time.perf_counter(), _cpu()
    fetch_only(server, "Baocao", parse=True)
    floor_seconds = time.perf_counter() - start
    floor_cpu = _cpu() - cpu_start

    work.mkdir()
    path = write_config(work / "config.toml", server, "Baocao")
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"workers = {workers}\n", encoding="utf-8")  # [storage] is last
    config = config_mod.load(path)
    assert config.imap is not None
    imap = config.imap
    rt = Runtime.open(config)
    try:
        processes = extra_processes(rt, backlog) + 1
        start, cpu_start = time.perf_counter(), _cpu()
        if profiler:
            profiler.enable()
        summary = poll_once(rt, lambda: Mailbox(imap))
        if profiler:
            profiler.disable()
        poll_seconds = time.perf_counter() - start
        poll_cpu = _cpu() - cpu_start
    finally:
        rt.close()
    if outcomes:
        _save_outcomes(config.storage.database, outcomes)
    return _Round(
        fetched, fetch_seconds, floor_seconds, floor_cpu, poll_seconds, poll_cpu, processes, summary.line()
    )


# What differs from one run to the next whatever the code: its times, the order rows were written in, and
# the mailbox's address (the throwaway Dovecot listens on another port each run).
_OF_THE_RUN = frozenset({"updated_at", "created_at", "claimed_at", "decided_at", "id", "source"})


def _save_outcomes(database: str, path: Path) -> None:
    """Every row poll recorded that says what a message is, without the times of the run, in a stable
    order: two runs on the same mail give the same file unless an outcome changed."""
    store = Store.open(database)
    try:
        with store.engine.connect() as conn:
            tables = {
                name: sorted(
                    json.dumps(
                        {k: v for k, v in row._mapping.items() if k not in _OF_THE_RUN},
                        default=str,
                        ensure_ascii=False,
                        sort_keys=True,
                    )
                    for row in conn.exec_driver_sql(f"SELECT * FROM {name}")  # noqa: S608 - fixed names
                )
                for name in ("messages", "submissions", "reviews", "parse_cache")
            }
    finally:
        store.close()
    path.write_text(json.dumps(tables, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _cpu() -> float:
    """CPU seconds of this process and of the worker processes it has waited for."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main()
