"""A generated season through the whole pipeline: no report is ever credited to the wrong school."""

from __future__ import annotations

import pytest

from bench.bench_season import score


@pytest.mark.parametrize("seed", [0, 1])
def test_a_small_season_is_recorded_without_a_wrong_school(seed: int) -> None:
    counts = score(seed, "small", scans=False)
    assert counts["WRONG SCHOOL"] == 0
    assert counts["noise counted as report"] == 0
    assert counts["ambiguous sent to review"] == counts["ambiguous"]
    assert counts["right school"] == counts["reports"] - counts["ambiguous"]
