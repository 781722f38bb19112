"""The evaluation set: no report is ever recorded for the wrong school, and few are left unmatched.

The set's papers are rendered to real files and read by the parsers (OCR for the scans whose case is
about OCR), so what is scored is what the pipeline would see. The thresholds are what the set
measures today (bench/bench_matching.py prints them), with a little room; a change that loses recall
on it has to say why.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kernel import config as config_mod
from tests.intake.eval_set import Score, build_cases, evaluate, read_cases

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def score() -> Score:
    """Rendering and reading the set takes seconds (OCR): once for every test here."""
    config = config_mod.load(ROOT / "config.toml")
    return evaluate(read_cases(build_cases(config)), config)


def test_the_set_is_large_and_varied(score: Score) -> None:
    names = [o.case.name.split("/")[0] for o in score.outcomes]
    assert len(score.outcomes) >= 100
    assert sum(1 for o in score.outcomes if not o.case.truth.report) >= 20
    assert {
        "registered",
        "gmail-header",
        "staff-forward",
        "long",
        "numbered",
        "levels",
        "typo",
        "noise",
    } <= set(names)


def test_no_report_is_recorded_for_the_wrong_school(score: Score) -> None:
    assert [o.case.name for o in score.wrong] == []
    assert score.school_precision == 1.0


def test_messages_that_do_not_say_which_school_wait_for_staff(score: Score) -> None:
    assert [o.case.name for o in score.guessed] == []
    undecidable = [o for o in score.outcomes if o.case.truth.report and not o.case.truth.decidable]
    assert undecidable and all(o.review for o in undecidable if o.is_report)


def test_school_recall(score: Score) -> None:
    """Every message whose mail or paper says which school sent it is credited to that school. A private
    kindergarten dating its paper at the district's town waited while the registry was built without the
    office (its town no home of anyone's), as intake never builds it."""
    missed = [
        o.case.name
        for o in score.outcomes
        if o.case.truth.report and o.case.truth.decidable and not o.assigned
    ]
    assert missed == []
    # 0.74: six papers headed for a sister school and sent from a school's own address wait for staff
    assert score.school_recall() >= 0.72


def test_reports_are_told_from_noise(score: Score) -> None:
    assert score.report_precision >= 0.98
    assert score.report_recall >= 0.98


def test_the_year_reported_on(score: Score) -> None:
    assert [o.case.name for o in score.wrong_year] == []


def test_what_is_scored_is_what_the_parsers_read(score: Score) -> None:
    documents = [d for o in score.outcomes for d in o.documents]
    assert {"docx", "pdf", "text"} <= {d.format for d in documents}
    assert sum(1 for d in documents if d.method == "ocr") >= 10
    assert all(o.documents for o in score.outcomes if o.case.truth.report)
