"""Which figures are set aside for checking: above the school's headcount, or far above the others."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.consolidate.doubts import (
    MIN_SCHOOLS,
    a_range,
    a_year,
    above_headcount,
    outliers,
    several,
    upper_bound,
)
from app.consolidate.model import Doubt

SESSIONS = {"a": 8, "b": 12, "c": 14, "d": 9, "e": 20, "f": 11, "g": 16}


@pytest.mark.parametrize(
    ("odd", "flagged"),
    [
        (400, True),  # "40" read with an extra digit, ten times anything else
        (2021, True),  # a year taken for a count
        (45, False),  # large, but a big school could hold that many sessions
        (1, False),  # small schools state small numbers: the low side is never flagged
        (0, False),
    ],
)
def test_a_value_far_above_the_others_is_doubtful(odd: int, flagged: bool) -> None:
    found = outliers({**SESSIONS, "x": odd})
    assert ("x" in found) is flagged
    assert set(found) <= {"x"}, "the ordinary values stay counted"
    if flagged:
        assert found["x"].kind == "outlier" and "thường báo cáo khoảng" in found["x"].reason


def test_the_one_school_with_an_incident_is_not_called_odd() -> None:
    """Nearly every school states 0 abuse incidents: the spread floor keeps 1 or 2 plausible."""
    values = {f"s{n}": 0 for n in range(30)} | {"x": 1, "y": 2}
    assert outliers(values) == {}


def test_too_few_schools_to_judge() -> None:
    values = {f"s{n}": 10 for n in range(MIN_SCHOOLS - 2)} | {"x": 5000}
    assert outliers(values) == {}


@given(st.lists(st.integers(min_value=0, max_value=100_000), min_size=MIN_SCHOOLS, max_size=60))
def test_the_median_school_is_never_doubtful(values: list[int]) -> None:
    bound = upper_bound(values)
    assert bound is not None and bound >= sorted(values)[(len(values) - 1) // 2]


@pytest.mark.parametrize(
    ("value", "pupils", "staff", "doubtful"),
    [(455, 420, 35, False), (456, 420, 35, True), (421, 420, None, True), (0, 0, 0, False)],
)
def test_no_more_people_than_the_school_has(
    value: int, pupils: int, staff: int | None, doubtful: bool
) -> None:
    doubt = above_headcount(value, pupils, staff)
    assert (doubt is not None) is doubtful
    if doubt is not None:
        assert doubt.kind == "headcount" and f" {420 + (staff or 0)}" in doubt.reason


@pytest.mark.parametrize(
    ("doubt", "reason"),
    [
        (
            outliers({**SESSIONS, "x": 400})["x"],
            "lớn hơn nhiều so với các đơn vị khác: các đơn vị thường báo cáo khoảng 13, trên 79 là bất thường",
        ),
        (a_year(2021, 2021), "trùng với năm 2021: có thể năm đã bị đọc nhầm thành số liệu"),
        (
            several(540, [120]),
            "báo cáo ghi cả 540 và 120 cho số liệu này: có thể phải cộng lại hoặc chỉ lấy một số",
        ),
        (
            several(1200, [320, 45]),
            "báo cáo ghi cả 1.200, 320 và 45 cho số liệu này: có thể phải cộng lại hoặc chỉ lấy một số",
        ),
        (a_range(10, 12), "báo cáo ghi khoảng từ 10 đến 12, chưa lấy số nào"),
        (
            above_headcount(456, 420, 35),
            "lớn hơn tổng số 455 người của trường, gồm 420 học sinh và 35 cán bộ, giáo viên",
        ),
        (above_headcount(421, 420, None), "lớn hơn số học sinh của trường là 420"),
    ],
    ids=["outlier", "year", "several", "several-three", "range", "headcount", "pupils-only"],
)
def test_a_reason_reads_as_one_clause_in_the_drafts_parentheses(doubt: Doubt | None, reason: str) -> None:
    """The draft writes each value "21 (reason)": reasons with parentheses of their own read «(… (10–12),
    chưa lấy số)», «(… (100 học sinh và 10 cán bộ, giáo viên, tổng 110))», and «trùng với một năm (2021)»
    was stilted. Each now reads as one plain clause."""
    assert doubt is not None and doubt.reason == reason
    assert "(" not in reason and ")" not in reason


def test_a_count_equal_to_a_year_is_doubtful_however_few_schools_state_it() -> None:
    """A commune's report (`consolidate --unit`) of three schools summed "tổ chức 2021 buổi tuyên
    truyền" as 2.021 sessions: too few schools for the outlier rule, nothing was flagged."""
    doubt = a_year(2021, 2021)
    assert doubt is not None and doubt.kind == "year" and "2021" in doubt.reason
    assert a_year(2020, 2021) is not None and a_year(2022, 2021) is not None
    assert a_year(2000, 2021) is None and a_year(12, 2021) is None and a_year(1250, 2021) is None


@pytest.mark.parametrize(
    ("value", "others", "doubtful"),
    [
        (1520, (1200, 320), False),  # "1.520 lượt (trong đó học sinh: 1.200 lượt, phụ huynh: 320 lượt)"
        (540, (120,), True),  # "540 lượt học sinh, 120 lượt phụ huynh": 660 in all, or 540?
        (1200, (320, 1520), True),  # the parts first: the value read is one part, not the total
        (300, (300,), True),  # one other value equal to it says nothing of a total
        (7, (), False),
    ],
)
def test_a_total_stated_with_its_parts_is_not_doubtful(
    value: int, others: tuple[int, ...], doubtful: bool
) -> None:
    """A school wrote "Tổng số lượt học sinh, phụ huynh được tuyên truyền: 1.520 lượt (trong đó học sinh:
    1.200 lượt, phụ huynh: 320 lượt)": the draft set the 1.520 aside as a sentence giving several values and
    left it out of the total, though the parts add up to it exactly and the value read is the total."""
    assert (several(value, others) is not None) is doubtful
