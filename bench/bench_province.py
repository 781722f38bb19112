"""A province season through one worker and through two, on one PostgreSQL: throughput ratio, and
no wrong school and no duplicate row in either run.

Generates a province (samples/province.py: the Department and communes, their schools, a season of
mail with reports as DOCX, text PDF and a few scans, resubmissions and noise, each with its truth),
starts a throwaway PostgreSQL and Dovecot (the helpers the tests use), delivers the mail into one
folder as a Maildir, then for each worker count runs run_workers() against a fresh database and
archive over the same folder, and scores the store against the truth (bench_season's judge).

    .venv/bin/python -m bench.bench_province --schools 200 --units 30 --messages 400   # about 1 min
    .venv/bin/python -m bench.bench_province            # the issue's size: 1,500 schools, 30 units, 5,000

The generated province is kept in --cache (pickled, keyed by its size and seed): the full size takes
minutes to render. On a shared machine the first run also pays for cold caches and the load of others:
repeat the counts (--workers 1,2,1,2) and compare the later runs.
"""

from __future__ import annotations

import argparse
import collections
import os
import pickle
import pwd
import signal
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy

from bench.bench_season import WRONG, judge
from bench.checks import duplicates
from intake.pipeline import Outcome
from kernel import config as config_mod
from kernel.store import MessageState, Store
from samples.province import Province, ProvinceSize, make_province, needs_ocr, write_maildir
from tests.servers import Dovecot, dovecot_server
from tests.servers_pg import postgres_server

ROOT = Path(__file__).resolve().parent.parent
FOLDER = "Baocao"


# --- the workers -----------------------------------------------------------------------------------


def run_workers(config_path: Path, n_workers: int) -> float:
    """Bring every message of the mailbox in with n_workers processes on the one database: one
    `baocao poll --once` (reads the mailbox, queues, works the queue) and n_workers - 1 `baocao worker`
    helpers; returns the wall seconds until the reader saw every message done."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_THREAD_LIMIT": "1"}
    command = [sys.executable, "-m", "app", "--config", str(config_path)]
    helpers = [
        subprocess.Popen([*command, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(n_workers - 1)
    ]
    start = time.perf_counter()
    done = subprocess.run([*command, "poll", "--once"], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    for helper in helpers:
        helper.send_signal(signal.SIGTERM)
    for helper in helpers:
        _, err = helper.communicate(timeout=120)
        if helper.returncode != 0:
            print(f"    baocao worker exited {helper.returncode}: {err.decode(errors='replace')[-2000:]}")
    print(f"    {done.stdout.strip()}")
    if done.returncode != 0:
        print(f"    baocao poll exited {done.returncode}: {done.stderr.strip()[-2000:]}")
    return seconds


# --- the harness -----------------------------------------------------------------------------------


def province(size: ProvinceSize, seed: int, cache: Path) -> Province:
    """The generated province, from the cache when it was made before."""
    path = cache / (f"province-{size.schools}-{size.units}-{size.messages}-{size.scan_share}-{seed}.pickle")
    if path.exists():
        with path.open("rb") as f:
            found: Province = pickle.load(f)
        print(f"province read from {path}")
        return found
    start = time.perf_counter()
    made = make_province(size, seed=seed)
    print(f"province generated in {time.perf_counter() - start:.0f} s, kept in {path}")
    cache.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        pickle.dump(made, f)
    return made


def deliver(server: Dovecot, made: Province) -> None:
    """Put every message into FOLDER as a delivery agent would, and check Dovecot sees them all."""
    with server.client() as client:
        client.create_folder(FOLDER)
    maildir = server.root / "mail" / server.user / f".{FOLDER}"
    owner = pwd.getpwnam("dovecot") if os.geteuid() == 0 else None
    start = time.perf_counter()
    write_maildir(maildir, made.messages, owner=(owner.pw_uid, owner.pw_gid) if owner else None)
    with server.client() as client:
        count = client.select_folder(FOLDER, readonly=True)[b"EXISTS"]
    print(f"delivered {count} messages into {FOLDER} in {time.perf_counter() - start:.1f} s")
    if count != len(made.messages):
        raise RuntimeError(f"Dovecot lists {count} messages in {FOLDER}, {len(made.messages)} were delivered")


def write_config(path: Path, made: Province, server: Dovecot, database: str) -> Path:
    imap = f"""[imap]
host = "{server.host}"
port = {server.port}
security = "none"
username = "{server.user}"
password = "{server.password}"
folder = "{FOLDER}"
"""
    archive = path.parent / "archive"
    path.write_text(made.config_text(database=database, archive=str(archive), imap=imap), encoding="utf-8")
    return path


def score(made: Province, database: str) -> collections.Counter[str]:
    """The store against the truth: bench_season's verdicts per message, plus duplicate rows."""
    store = Store.open(database)
    try:
        rows = {row.message_id: row for row in store.messages()}
        subs: dict[str, list] = collections.defaultdict(list)
        for sub in store.submissions():
            subs[sub.message_key].append(sub)
        counts: collections.Counter[str] = collections.Counter()
        for message in made.messages:
            counts["messages"] += 1
            counts[message.truth.kind] += 1
            row = rows.get(message.message_id)
            if row is None:
                counts["not recorded"] += 1
                continue
            outcome = Outcome(
                row.key, row.message_id, MessageState(row.state), row.reason, False, tuple(subs[row.key])
            )
            counts.update(judge(message, outcome))
        counts.update({f"duplicate {k}": v for k, v in duplicates(store).items()})
        return counts
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    default = ProvinceSize()
    parser.add_argument("--schools", type=int, default=default.schools)
    parser.add_argument("--units", type=int, default=default.units)
    parser.add_argument("--messages", type=int, default=default.messages)
    parser.add_argument(
        "--scan-share", type=float, default=default.scan_share, help="share of messages to OCR"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--workers", default="1,2", help="worker counts to run in this order (default 1,2; e.g. 1,2,1,2)"
    )
    parser.add_argument(
        "--cache", type=Path, default=Path("/tmp/baocao-province"), help="where provinces are kept"
    )
    args = parser.parse_args()
    size = ProvinceSize(args.schools, args.units, args.messages, args.scan_share)
    workers = [int(n) for n in args.workers.split(",")]

    made = province(size, args.seed, args.cache)
    scans = sum(needs_ocr(m.raw) for m in made.messages)
    mb = sum(len(m.raw) for m in made.messages) / 1e6
    print(
        f"{len(made.units)} units, {len(made.schools)} schools ({len(made.roster())} on the roster), "
        f"{len(made.messages)} messages ({mb:.0f} MB), {scans} with a scan or photo ({scans / len(made.messages):.1%})"
    )
    results: list[tuple[int, float, collections.Counter[str]]] = []
    with postgres_server() as base, dovecot_server() as server:
        deliver(server, made)
        engine = sqlalchemy.create_engine(base + "postgres", isolation_level="AUTOCOMMIT")
        for run, n in enumerate(workers, start=1):
            name = f"province_{run}_{n}"
            with engine.connect() as conn:
                conn.execute(sqlalchemy.text(f"CREATE DATABASE {name}"))
            work = args.cache / f"run-{run}-{n}"
            if work.exists():
                subprocess.run(["rm", "-rf", str(work)], check=True)
            work.mkdir(parents=True)
            path = write_config(work / "config.toml", made, server, base + name)
            config_mod.load(path)  # a config the harness wrote wrong fails here, not inside the run
            print(f"{n} worker(s):")
            seconds = run_workers(path, n)
            results.append((n, seconds, score(made, base + name)))
        engine.dispose()
    _table(made, results)


def _table(made: Province, results: list[tuple[int, float, collections.Counter[str]]]) -> None:
    n = len(made.messages)
    print(
        f"\n{'workers':>7} {'seconds':>8} {'msg/s':>7} {'ratio':>6} {'wrong':>6} {'dupes':>6} {'recall':>7} {'unrecorded':>10}"
    )
    fewest = min(w for w, _, _ in results)
    base = next(seconds for w, seconds, _ in results if w == fewest)  # the first run with the fewest workers
    for workers, seconds, c in results:
        plain = c["report"] - c["ambiguous"]
        wrong = sum(c[w] for w in WRONG)
        dupes = sum(v for k, v in c.items() if k.startswith("duplicate "))
        print(
            f"{workers:>7} {seconds:>8.1f} {n / seconds:>7.1f} {base / seconds:>6.2f} {wrong:>6} {dupes:>6} "
            f"{c['right school'] / max(plain, 1):>7.3f} {c['not recorded']:>10}"
        )
    for workers, _, c in results:
        details = ", ".join(f"{w} {c[w]}" for w in WRONG if c[w])
        missed = {k: v for k, v in c.items() if k.endswith("missed") or k.endswith("to review")}
        print(f"{workers} worker(s): wrong answers: {details or 'none'}; missed or to review: {missed}")


if __name__ == "__main__":
    main()
