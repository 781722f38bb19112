"""Scores the whole pipeline on generated sample seasons: wrong answers, recall and noise.

    python -m bench.bench_season [--seeds 3] [--size full] [--scans]

For every message the truth says what it is (samples.season.Truth.kind) and which school(s) it
belongs to. A wrong answer is a school recorded for mail it did not send, or any school recorded as
having reported (a readable submission, MessageState.REPORT) for a message that carried only a cover
note or a file that cannot be read, another paper, the office's own mail or noise. "Missed" counts
messages that went to review or elsewhere instead of their expected outcome.
"""

from __future__ import annotations

import argparse
import collections
import logging
import shutil
import tempfile
import time
from pathlib import Path

from intake import pipeline
from kernel import config as config_mod
from kernel.runtime import Runtime
from kernel.store import MessageState
from samples.season import SeasonMessage, make_season

ROOT = Path(__file__).resolve().parent.parent

# The counts that are wrong answers: each must stay at zero.
WRONG = (
    "wrong school",
    "unreadable counted as reported",
    "other paper counted as a report",
    "internal mail counted as a report",
    "noise counted as a report",
)
# Outcomes that are not wrong but leave staff work a better reading would have spared.
_DOUBTFUL = ("report sent to review", "unreadable sent to review")
# What must become of mail that is no school's report, and the wrong answer when it counts as one.
_EXPECTED = {
    "other-paper": MessageState.NOISE,
    "internal": MessageState.INTERNAL,
    "noise": MessageState.NOISE,
}
_COUNTED = {
    "other-paper": "other paper counted as a report",
    "internal": "internal mail counted as a report",
    "noise": "noise counted as a report",
}


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
            counts["messages"] += 1
            counts[msg.truth.kind] += 1
            for verdict in judge(msg, outcome):
                counts[verdict] += 1
                if verdict in WRONG or verdict.endswith("missed") or verdict in _DOUBTFUL:
                    print(
                        f"  seed {seed}: {verdict} ({outcome.state}: {outcome.reason[:90]}): {msg.truth.note}"
                    )
        rt.close()
        return counts
    finally:
        shutil.rmtree(work, ignore_errors=True)


def judge(msg: SeasonMessage, outcome: pipeline.Outcome) -> list[str]:
    """What the outcome of one message counts as against its truth: zero or more wrong answers, then
    one word on how it went ("right school", "unreadable recorded for its school", "... missed"...)."""
    truth = msg.truth
    expected = set(truth.school_ids)
    readable = {s.school_id for s in outcome.submissions if s.readable}
    recorded = {s.school_id for s in outcome.submissions}
    reported = bool(readable) or outcome.state == MessageState.REPORT
    verdicts = ["wrong school"] if recorded - expected else []
    if truth.kind == "report":
        if truth.ambiguous:
            verdicts.append("ambiguous")
            if outcome.state == MessageState.REVIEW:
                verdicts.append("ambiguous sent to review")
        elif readable == expected:
            verdicts.append("right school")
        elif outcome.state == MessageState.REVIEW:
            verdicts.append("report sent to review")
        else:
            verdicts.append("report missed")
        return verdicts
    if truth.kind == "unreadable":
        if reported:
            verdicts.append("unreadable counted as reported")
        if outcome.state == MessageState.UNREADABLE and recorded == expected:
            verdicts.append("unreadable recorded for its school")
        elif outcome.state == MessageState.REVIEW:
            verdicts.append("unreadable sent to review")
        else:
            verdicts.append("unreadable missed")
        return verdicts
    if recorded or reported:
        verdicts.append(_COUNTED[truth.kind])
    verdicts.append(f"{truth.kind} {'recognised' if outcome.state == _EXPECTED[truth.kind] else 'missed'}")
    return verdicts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--size", default="full", choices=["small", "full"])
    parser.add_argument("--scans", action="store_true", help="include scanned pages (OCR, slow)")
    args = parser.parse_args()
    logging.getLogger("mailparser").setLevel(logging.ERROR)  # as the CLI does: its notes are not news
    total: collections.Counter[str] = collections.Counter()
    start = time.perf_counter()
    for seed in range(args.seeds):
        total += score(seed, args.size, args.scans)
    elapsed = time.perf_counter() - start
    plain = total["report"] - total["ambiguous"]
    kinds = ", ".join(f"{total[k]} {k}" for k in ("report", "unreadable", "other-paper", "internal", "noise"))
    print(f"\n{total['messages']} messages ({kinds}) in {elapsed:.1f} s")
    print(f"wrong answers: {sum(total[w] for w in WRONG)} ({', '.join(f'{w} {total[w]}' for w in WRONG)})")
    print(
        f"recall of school assignment: {total['right school']}/{plain} = {total['right school'] / max(plain, 1):.3f}"
    )
    print(f"reports left for review: {total['report sent to review']}, missed: {total['report missed']}")
    print(f"ambiguous sent to review: {total['ambiguous sent to review']}/{total['ambiguous']}")
    print(
        f"unreadable recorded for its school: {total['unreadable recorded for its school']}/{total['unreadable']}"
        f" (sent to review {total['unreadable sent to review']}, missed {total['unreadable missed']})"
    )
    for kind in ("other-paper", "internal", "noise"):
        print(f"{kind} recognised: {total[f'{kind} recognised']}/{total[kind]}")


if __name__ == "__main__":
    main()
