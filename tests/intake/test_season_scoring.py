"""A generated season through the whole pipeline: no wrong answer, and every message where it belongs.

A wrong answer is a report credited to the wrong school, or a school recorded as having reported for
mail that carried only a cover note, a file that cannot be read, another paper, the office's own mail
or noise (bench/bench_season.py judges each message against its truth).
"""

from __future__ import annotations

import collections

import pytest

from bench.bench_season import WRONG, score


@pytest.fixture(scope="module", params=[0, 1], ids=lambda seed: f"seed{seed}")
def counts(request: pytest.FixtureRequest) -> collections.Counter[str]:
    return score(request.param, "small", scans=False)


def test_a_small_season_is_recorded_without_a_wrong_answer(counts: collections.Counter[str]) -> None:
    assert {w: counts[w] for w in WRONG} == dict.fromkeys(WRONG, 0)
    assert counts["ambiguous sent to review"] == counts["ambiguous"]
    assert counts["right school"] == counts["report"] - counts["ambiguous"]


def test_mail_that_only_looks_like_a_report_goes_where_staff_expect_it(
    counts: collections.Counter[str],
) -> None:
    """A locked, broken or .odt file, a Drive link or a forgotten attachment is recorded as unreadable
    for its school; a plan is another paper; the office's own request is internal."""
    assert counts["unreadable"] >= 5
    assert counts["unreadable recorded for its school"] == counts["unreadable"]
    assert counts["other-paper"] >= 1 and counts["other-paper recognised"] == counts["other-paper"]
    assert counts["internal"] >= 1 and counts["internal recognised"] == counts["internal"]
    assert counts["noise recognised"] == counts["noise"]
