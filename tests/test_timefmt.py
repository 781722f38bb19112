"""Days as staff type them on the page's forms, read back by one helper (kernel.timefmt.parse_day)."""

from __future__ import annotations

import datetime as dt

import pytest

from kernel.timefmt import DateError, local_date, parse_day


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("05/11/2021", dt.date(2021, 11, 5)),
        ("5/11/2021", dt.date(2021, 11, 5)),
        (" 05-11-2021 ", dt.date(2021, 11, 5)),
        ("05.11.2021", dt.date(2021, 11, 5)),
        ("01/02/2022", dt.date(2022, 2, 1)),  # day first, never the browser's month first
        ("2021-11-05", dt.date(2021, 11, 5)),
    ],
)
def test_a_day_is_read_day_first_as_vietnamese_write_it(typed: str, day: dt.date) -> None:
    assert parse_day(typed) == day


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("", "chưa ghi ngày"),
        ("hôm qua", "«hôm qua» không phải ngày"),
        ("31/02/2021", "tháng 2 năm 2021 không có ngày 31"),
        ("11/13/2021", "có tháng 13, không có tháng này: ghi ngày trước, tháng sau"),
        ("05/11/21", "ghi năm đủ bốn chữ số"),
        ("0021-11-05", "ghi năm đủ bốn chữ số"),
    ],
)
def test_a_day_that_cannot_be_read_is_refused_saying_why(typed: str, said: str) -> None:
    with pytest.raises(DateError) as refused:
        parse_day(typed)
    assert said in str(refused.value)


def test_a_day_written_by_the_page_reads_back_as_the_same_day() -> None:
    for day in (dt.date(2021, 1, 1), dt.date(2021, 10, 31), dt.date(2024, 2, 29)):
        assert parse_day(local_date(day, None)) == day
