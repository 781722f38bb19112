"""Scores the whole pipeline on generated sample seasons: wrong-school assignments, recall, noise.

    python -m bench.bench_season [--seeds 3] [--size full] [--scans]

For every message the truth says which school(s) sent it (or that it is noise, or that a careful
person could not tell). A wrong school is counted whenever a submission names a school the truth
does not; "missed" counts reports that went to review or noise instead of their school.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import tempfile
import time
from pathlib import Path

from intake import pipeline
from kernel import config as config_mod
from kernel.runtime import Runtime
from kernel.store import MessageState
from samples.season import make_season

ROOT = Path(__file__).resolve().parent.parent


def score(seed: int, size: str, scans: bool) -> collections.Counter[str]:
    work = Path(tempfile.mkdtemp(prefix="season"))
    try:
        shutil.copy(ROOT / "config.toml", work / "config.toml")
        config = config_mod.load(work / "config.toml")
        season = make_season(config.schools, year=2021, seed=seed, size=size, scanned=scans)
        rt = Runtime.open(config)
        counts: collections.Counter[str] = collections.Counter()
        for msg in season:
            outcome = pipeline.process(rt, msg.raw, received_at=msg.received_at, source="bench")
            got = {s.school_id for s in outcome.submissions}
            truth = msg.truth
            expected = set(truth.school_ids)
            counts["messages"] += 1
            if truth.kind == "noise":
                counts["noise"] += 1
                if got:
                    counts["noise counted as report"] += 1
                    print(f"  seed {seed}: noise counted for {got}: {truth.note}")
                continue
            counts["reports"] += 1
            if got - expected:
                counts["WRONG SCHOOL"] += 1
                print(f"  seed {seed}: WRONG {got - expected} (truth {expected}): {truth.note}")
            if truth.ambiguous:
                counts["ambiguous"] += 1
                counts["ambiguous sent to review"] += outcome.state == MessageState.REVIEW
                continue
            if got == expected:
                counts["right school"] += 1
            elif outcome.state == MessageState.REVIEW:
                counts["report sent to review"] += 1
                print(f"  seed {seed}: review ({outcome.reason[:90]}): {truth.note}")
            else:
                counts["report missed"] += 1
                print(f"  seed {seed}: {outcome.state} ({outcome.reason[:90]}): {truth.note}")
        rt.close()
        return counts
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--size", default="full", choices=["small", "full"])
    parser.add_argument("--scans", action="store_true", help="include scanned pages (OCR, slow)")
    args = parser.parse_args()
    total: collections.Counter[str] = collections.Counter()
    start = time.perf_counter()
    for seed in range(args.seeds):
        total += score(seed, args.size, args.scans)
    elapsed = time.perf_counter() - start
    plain = total["reports"] - total["ambiguous"]
    print(
        f"\n{total['messages']} messages ({total['reports']} reports, {total['noise']} noise) in {elapsed:.1f} s"
    )
    print(f"wrong-school assignments: {total['WRONG SCHOOL']}")
    print(
        f"recall of school assignment: {total['right school']}/{plain} = {total['right school'] / max(plain, 1):.3f}"
    )
    print(f"reports left for review: {total['report sent to review']}, missed: {total['report missed']}")
    print(f"ambiguous sent to review: {total['ambiguous sent to review']}/{total['ambiguous']}")
    print(f"noise counted as a report: {total['noise counted as report']}/{total['noise']}")


if __name__ == "__main__":
    main()
