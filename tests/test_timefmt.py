"""Days and moments as staff type them, on the page's forms and the command line, read back by one grammar
(kernel.timefmt)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from kernel.timefmt import DateError, local_date, parse_day, parse_moment


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


HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("typed", "end_of_day", "moment"),
    [
        ("18/10/2021", True, dt.datetime(2021, 10, 18, 23, 59, 59, tzinfo=HCM)),
        ("18/10/2021", False, dt.datetime(2021, 10, 18, tzinfo=HCM)),
        ("18-10-2021 07:30", True, dt.datetime(2021, 10, 18, 7, 30, 59, tzinfo=HCM)),
        ("25/10/2021 07h30", False, dt.datetime(2021, 10, 25, 7, 30, tzinfo=HCM)),
        ("25/10/2021 7h", False, dt.datetime(2021, 10, 25, 7, 0, tzinfo=HCM)),
        ("25/10/2021 23:59:30", True, dt.datetime(2021, 10, 25, 23, 59, 30, tzinfo=HCM)),
        ("2021-10-18", True, dt.datetime(2021, 10, 18, 23, 59, 59, tzinfo=HCM)),
        ("2021-10-18 07:30", False, dt.datetime(2021, 10, 18, 7, 30, tzinfo=HCM)),
        ("2021-10-18T07:30+00:00", False, dt.datetime(2021, 10, 18, 7, 30, tzinfo=dt.UTC)),
    ],
)
def test_a_moment_on_the_command_line_reads_its_day_as_the_page_does(
    typed: str, end_of_day: bool, moment: dt.datetime
) -> None:
    """The command line read "18-10-2021" and "5.11.2021", which the page takes, as no date at all. And
    `--as-of "24/10/2021 23:59"` left out a mail received at 23:59:30 that the clerk asked to see, and
    a time written «07h30» or «7h», as Vietnamese write it, or to the second, was no date at all."""
    assert parse_moment(typed, HCM, end_of_day=end_of_day) == moment


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("hôm qua", "«hôm qua» không phải ngày giờ"),
        ("31/02/2021 08:00", "tháng 2 năm 2021 không có ngày 31"),
        ("11/13/2021", "có tháng 13, không có tháng này"),
        ("18/10/2021 25:00", "có giờ 25:00, không có giờ này"),
        ("0001-01-01T00:00", "có năm 1 nằm ngoài"),
    ],
)
def test_a_moment_that_cannot_be_read_is_refused_saying_why(typed: str, said: str) -> None:
    with pytest.raises(DateError) as refused:
        parse_moment(typed, HCM, end_of_day=False)
    assert said in str(refused.value)
