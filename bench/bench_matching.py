"""Precision and recall of report-versus-noise and of school assignment on the evaluation set.

The set's attachments are rendered to real files and read by the parsers, as the pipeline reads
mail; by default only the scans whose case is about OCR are OCR'd (--all-scans OCRs every scan).

Run: .venv/bin/python -m bench.bench_matching [--config config.toml] [--all-scans] [--show]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kernel import config as config_mod  # noqa: E402
from tests.intake.eval_set import build_cases, evaluate, read_cases  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=ROOT / "config.toml")
    parser.add_argument("--all-scans", action="store_true", help="scan and OCR every scanned paper (slow)")
    parser.add_argument("--workers", type=int, default=2, help="processes reading attachments")
    parser.add_argument("--show", action="store_true", help="list the messages sent to review")
    args = parser.parse_args()
    config = config_mod.load(args.config)
    started = time.perf_counter()
    cases = build_cases(config, all_scans=args.all_scans)
    built = time.perf_counter()
    reads = read_cases(cases, workers=args.workers)
    parsed = time.perf_counter()
    score = evaluate(reads, config)
    scored = time.perf_counter()
    documents = [d for r in reads for d in r.documents]
    ocr = sum(1 for d in documents if d.method in ("ocr", "mixed"))
    failures = sum(len(r.failures) for r in reads)
    print("\n".join(score.lines()))
    print(
        f"read by the parsers: {len(documents)} documents ({ocr} by OCR), {failures} unreadable files; "
        f"{len(cases)} messages rendered in {built - started:.1f} s, read in {parsed - built:.1f} s, "
        f"scored in {scored - parsed:.2f} s"
    )
    for outcome in score.wrong:
        issuers = [d.header.issuer for d in outcome.documents]
        print(f"WRONG SCHOOL {outcome.case.name}: {sorted(outcome.assigned)} (headers read: {issuers})")
    if args.show:
        for outcome in score.outcomes:
            if outcome.review:
                print(f"review: {outcome.case.name}")
    return 1 if score.wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
