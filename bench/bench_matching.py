"""Precision and recall of report-versus-noise and of school assignment on the evaluation set.

Run: .venv/bin/python bench/bench_matching.py [--config config.toml] [--show]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kernel import config as config_mod  # noqa: E402
from tests.intake.eval_set import build_cases, evaluate  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=ROOT / "config.toml")
    parser.add_argument("--show", action="store_true", help="list the messages sent to review")
    args = parser.parse_args()
    config = config_mod.load(args.config)
    started = time.perf_counter()
    cases = build_cases(config)
    score = evaluate(cases, config)
    elapsed = time.perf_counter() - started
    print("\n".join(score.lines()))
    print(f"{len(cases)} messages in {elapsed:.2f} s")
    for outcome in score.wrong:
        print(f"WRONG SCHOOL {outcome.case.name}: {sorted(outcome.assigned)}")
    if args.show:
        for outcome in score.outcomes:
            if outcome.review:
                print(f"review: {outcome.case.name}")
    return 1 if score.wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
