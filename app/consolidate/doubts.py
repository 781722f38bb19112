"""When a school's figure is doubtful: above the school's own headcount, or far above the other schools.

The outlier rule is robust to the outliers themselves and to school size. Counts are compared on a
logarithmic scale, log(1 + x), because schools differ in size by factors, not by fixed amounts, and
zero must stay allowed. On that scale the centre is the median of every school's value and the spread
is 1.4826 × the median absolute deviation from it (MAD; it equals the standard deviation for normal
data), but never less than MIN_SPREAD, so that a figure nearly every school states alike (no abuse
incident: 0) does not make the school with 1 or 2 look wrong. A value is doubtful when it lies more
than THRESHOLD spreads above the centre (Iglewicz and Hoaglin's modified z-score cut-off): with the
spreads seen in reports, 6 to 15 times what most schools state. Only the high side is checked: small
schools state small numbers, while a misreading adds digits (a year, a phone number, two numbers run
together). The rule needs at least MIN_SCHOOLS values; with fewer, no value is called far off.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence

from app.consolidate.model import Doubt
from kernel.numbers import grouped
from kernel.status import estimate_reason, negative_reason, range_reason, several_reason, summed_reason

MIN_SCHOOLS = 5
THRESHOLD = 3.5
MIN_SPREAD = 0.5  # on the log(1 + x) scale: a factor of e^(3.5 × 0.5) ≈ 5.75 before a value is doubtful
_MAD_TO_SD = 1.4826


def upper_bound(values: list[int]) -> int | None:
    """The largest whole number the rule accepts for this figure, or None when too few schools state it."""
    if len(values) < MIN_SCHOOLS:
        return None
    logs = [math.log1p(v) for v in values]
    centre = statistics.median(logs)
    spread = max(_MAD_TO_SD * statistics.median(abs(x - centre) for x in logs), MIN_SPREAD)
    return math.floor(math.expm1(centre + THRESHOLD * spread))


def outliers(values: Mapping[str, int], peers: Mapping[str, int] | None = None) -> dict[str, Doubt]:
    """School id -> doubt, for the values (school id -> value) far above the others: those values, and
    the peers' (the office's other schools, for the draft of a unit too small to compare within)."""
    compared = {k: v for k, v in {**(peers or {}), **values}.items() if v >= 0}  # a negative one is a typo
    bound = upper_bound(list(compared.values()))
    if bound is None:
        return {}
    median = statistics.median(compared.values())
    reason = (
        f"lớn hơn nhiều so với các đơn vị khác: các đơn vị thường báo cáo khoảng {grouped(round(median))}, "
        f"trên {grouped(bound)} là bất thường"
    )
    return {school_id: Doubt("outlier", reason) for school_id, value in values.items() if value > bound}


def a_year(value: int, year: int) -> Doubt | None:
    """A count equal to a year around the report's ("tổ chức 2021 buổi", "năm 2020 ... 980") is likely
    the year read as the count; it is checked however few schools there are to compare with."""
    if not year - 2 <= value <= year + 1:
        return None
    return Doubt("year", f"trùng với năm {value}: có thể năm đã bị đọc nhầm thành số liệu")


def several(value: int, others: Sequence[int]) -> Doubt | None:
    """The sentence gives the figure more values than the one read (status.several_reason)."""
    reason = several_reason(value, others)
    return Doubt("several", reason) if reason is not None else None


def a_negative(value: int) -> Doubt | None:
    """The report writes the figure with a minus before it («-5»): a typo, never counted as 5."""
    return Doubt("negative", negative_reason(value)) if value < 0 else None


def a_range(value: int, upto: int | None) -> Doubt | None:
    """The report gives a range, not a count ("từ 10 đến 12 buổi", "10–12 buổi"): which it is, or whether
    the figure is to be left out, only the school can say."""
    if upto is None:
        return None
    return Doubt("range", range_reason(value, upto))


def an_estimate(value: int, about: str) -> Doubt | None:
    """The report gives the figure as approximate ("trên 500 lượt", "khoảng 500"): the count is not
    known, so staff ask the school or take it knowingly."""
    if not about:
        return None
    return Doubt("estimate", estimate_reason(value, about))


def a_sum(value: int, parts: Sequence[int]) -> Doubt | None:
    """The report gives a row per grade of one table and no total: the figure was summed from them, which
    staff confirm before it is used; or it states a total its counts per grade do not add up to."""
    if not parts:
        return None
    return Doubt("summed", summed_reason(value, parts))


def above_headcount(value: int, pupils: int, staff: int | None) -> Doubt | None:
    """A figure counting the school's own people cannot exceed its pupils and staff."""
    headcount = pupils + (staff or 0)
    if value <= headcount:
        return None
    if not staff:
        return Doubt("headcount", f"lớn hơn số học sinh của trường là {grouped(pupils)}")
    return Doubt(
        "headcount",
        f"lớn hơn tổng số {grouped(headcount)} người của trường, gồm {grouped(pupils)} học sinh và "
        f"{grouped(staff)} cán bộ, giáo viên",
    )
