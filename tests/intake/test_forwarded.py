"""The date line of a forwarded message, as each mail client writes it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from intake.forwarded import sent_at

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NINE_PM = dt.datetime(2021, 10, 25, 21, 0, tzinfo=HCM)


@pytest.mark.parametrize(
    "line",
    [
        "Mon, Oct 25, 2021 at 9:00 PM",  # Gmail
        "Th 2, 25 thg 10, 2021 lúc 21:00",  # Gmail in Vietnamese
        "Monday, October 25, 2021 9:00 PM",  # Outlook
        "Thứ Hai, 25 tháng 10, 2021 9:00 CH",  # Outlook in Vietnamese
        "Thứ hai, ngày 25 tháng 10 năm 2021 21:00",
        "Mon, 25 Oct 2021 21:00:00 +0700",  # Thunderbird, RFC 5322
        "Mon, 25 Oct 2021 14:00:00 +0000",
        "25/10/2021 21:00",
    ],
)
def test_a_forwarded_date_line_is_read_in_every_clients_way(line: str) -> None:
    assert sent_at(line, HCM) == NINE_PM


@pytest.mark.parametrize("line", ["", "hôm qua", "Oct 25, 2021", "32/10/2021 21:00", "25/10/2021 25:00"])
def test_a_date_line_without_a_day_and_a_time_is_not_read(line: str) -> None:
    assert sent_at(line, HCM) is None
