"""How long `baocao reprocess` takes over 1,000 archived messages, beside a bare mail-parser parse of them.

Builds a SQLite install from a generated province season without scans (reports as DOCX, text PDF,
.doc, zip, pasted text, forwards; unreadable files, other papers and noise: nothing to OCR), ingests
every message once as `baocao import` does, then times what `baocao reprocess` runs
(poller.reprocess_rows over every archived message) and, as the floor, mailparser.parse_from_bytes over
the same bytes. It checks that reprocessing left every message in the state it had and wrote no
duplicate rows. The target of the province issue: reprocess of 1,000 messages in 30 s or less.

    .venv/bin/python -m bench.bench_reprocess [-n 1000] [--profile reprocess.prof]
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import logging
import pstats
import shutil
import tempfile
import threading
import time
from pathlib import Path

import mailparser

from bench.checks import duplicates, states
from intake import pipeline, poller
from intake.pipeline import Tally
from kernel import config as config_mod
from kernel.runtime import Runtime
from samples.province import ProvinceSize, make_province

TARGET_SECONDS = 30.0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=1000, help="archived messages to reprocess (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="FILE",
        help="run reprocess under cProfile (also done by itself when it misses the target), save the stats",
    )
    args = parser.parse_args()
    logging.getLogger("mailparser").setLevel(logging.ERROR)  # it warns about every part it leaves alone

    start = time.perf_counter()
    # A few more than n: a unit's season can come out a message or two short of its share.
    size = ProvinceSize(schools=max(20, args.n // 4), units=5, messages=args.n + args.n // 20, scan_share=0)
    province = make_province(size, seed=args.seed, scanned=False)
    mail = province.messages[: args.n]
    print(f"generated {len(mail)} messages in {time.perf_counter() - start:.1f} s (no scans)")

    work = Path(tempfile.mkdtemp(prefix="bench-reprocess-"))
    try:
        path = work / "config.toml"
        path.write_text(province.config_text(), encoding="utf-8")
        config = config_mod.load(path)
        with Runtime.open(config) as rt:
            start = time.perf_counter()
            for message in mail:
                pipeline.ingest(rt, message.raw, received_at=message.received_at, source="bench:import")
            ingest_seconds = time.perf_counter() - start
            before = states(rt.store)
            keys = [row.key for row in rt.store.messages()]  # what `baocao reprocess` lists

            start = time.perf_counter()
            for key in keys:
                mailparser.parse_from_bytes(rt.archive.get(key))
            floor_seconds = time.perf_counter() - start

            seconds, tally = _reprocess(rt, keys, None)
            after = states(rt.store)
            dupes = duplicates(rt.store)
            profiler = None
            if args.profile or seconds > TARGET_SECONDS:
                profiler = cProfile.Profile()
                _reprocess(rt, keys, profiler)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    n = len(keys)
    changed = {k for k in before if after.get(k) != before[k]}
    print(f"first processing (import)  : {ingest_seconds:7.2f} s  {n / ingest_seconds:7.1f} msg/s")
    print(f"mail-parser parse only     : {floor_seconds:7.2f} s  {n / floor_seconds:7.1f} msg/s  (the floor)")
    print(f"baocao reprocess           : {seconds:7.2f} s  {n / seconds:7.1f} msg/s")
    print(f"ratio reprocess / floor    : {seconds / floor_seconds:7.1f}x")
    verdict = "within" if seconds <= TARGET_SECONDS * n / 1000 else "OVER"
    print(f"target {TARGET_SECONDS:.0f} s per 1,000 messages : {verdict}")
    print(f"states before: {dict(collections.Counter(before.values()))}")
    print(f"states changed by reprocess: {len(changed)}; rows after: {len(after)} (before {len(before)})")
    print(f"duplicates: {dupes}")
    print(tally.rescan_line())
    if profiler is not None:
        if args.profile:
            profiler.dump_stats(args.profile)
        print("\nreprocess under cProfile, longest including what they call:")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
        print("longest by own time:")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(20)


def _reprocess(rt: Runtime, keys: list[str], profiler: cProfile.Profile | None) -> tuple[float, Tally]:
    """Time what `baocao reprocess` runs over these keys."""
    tally = Tally()
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    poller.reprocess_rows(rt, keys, threading.Event(), tally, lambda done, total: None)
    if profiler:
        profiler.disable()
    return time.perf_counter() - start, tally


if __name__ == "__main__":
    main()
