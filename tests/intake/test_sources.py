"""An imported mail's receipt around the deadline's midnight, whatever zone its headers are written in."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from intake.sources import received_time

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def _eml(tmp_path: Path, header: str) -> tuple[bytes, Path]:
    """A mail exported with one dating header, saved on 27/10/2021."""
    raw = f"{header}\r\nFrom: c1myan.thuthua@example.edu.vn\r\nSubject: BC NQ121\r\n\r\nBáo cáo.\r\n".encode()
    path = tmp_path / "1.eml"
    path.write_bytes(raw)
    saved = dt.datetime(2021, 10, 27, 8, tzinfo=HCM).timestamp()
    os.utime(path, (saved, saved))
    return raw, path


@pytest.mark.parametrize(
    ("header", "local"),
    [
        ("Date: Mon, 25 Oct 2021 16:59:00 +0000", "2021-10-25 23:59"),
        ("Date: Tue, 26 Oct 2021 00:59:00 +0800", "2021-10-25 23:59"),
        ("Date: Mon, 25 Oct 2021 17:01:00 GMT", "2021-10-26 00:01"),
        ("Date: Mon, 25 Oct 2021 16:59:00 -0000", "2021-10-25 23:59"),
        ("Received: from mx.example.edu.vn by imap; Mon, 25 Oct 2021 16:59:00 +0000", "2021-10-25 23:59"),
        ("Date: Mon, 25 Oct 2021 23:59:00", "2021-10-25 23:59"),
        ("Date: Tue, 26 Oct 2021 00:01:00", "2021-10-26 00:01"),
    ],
    ids=["utc", "plus8", "gmt-after", "minus0", "received", "no-zone", "no-zone-after"],
)
def test_an_imported_receipt_is_the_moment_its_header_means(tmp_path: Path, header: str, local: str) -> None:
    """A Date written without a zone ("Mon, 25 Oct 2021 23:59:00", as some clients of the schools write
    it) was read as UTC: 06:59 on 26/10 in Vietnam, and a report sent a minute before the deadline's end
    was late. Without a zone, the time is the district's own; "-0000" is UTC by RFC 5322."""
    raw, path = _eml(tmp_path, header)
    assert received_time(raw, path, HCM) == dt.datetime.fromisoformat(local).replace(tzinfo=HCM)


@pytest.mark.parametrize(
    "received",
    [
        "Received: from x (unknown [1.2.3.4]; helo=mail) by mx.example.edu.vn;\r\n"
        "\tTue, 26 Oct 2021 08:00:00 +0700",
        "Received: from mx by imap; Tue, 26 Oct 2021 25:61:00 +0700\r\n"
        "Received: from x by mx; Tue, 26 Oct 2021 07:59:58 +0700",
    ],
    ids=["semicolon-in-a-comment", "newest-unreadable"],
)
def test_an_imported_receipt_reads_the_received_headers_before_the_senders_date(
    tmp_path: Path, received: str
) -> None:
    """A Received header with a «;» inside a comment before its time, or whose time could not be read,
    made import take the school's own Date (24/10): a report received on 26/10 was recorded on time. The
    time after the last «;» is read, and an unreadable one gives way to the hop before it."""
    raw, path = _eml(tmp_path, f"{received}\r\nDate: Sun, 24 Oct 2021 10:00:00 +0700")
    assert received_time(raw, path, HCM).astimezone(HCM).date() == dt.date(2021, 10, 26)


def test_an_imported_forward_is_received_when_it_was_not_when_the_mail_it_carries_was(tmp_path: Path) -> None:
    """A commune's clerk forwarded a school's mail as an attachment on 27/10; the export has no Received
    header of its own. The Received header of the school's mail inside (20/10) was taken as the receipt,
    and the forward counted as on time."""
    inner = (
        "Received: from mx by imap; Tue, 20 Oct 2021 08:00:00 +0700\r\nDate: Tue, 20 Oct 2021 07:59:00 +0700"
    )
    raw, path = _eml(
        tmp_path,
        "Date: Wed, 27 Oct 2021 07:00:00 +0700\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
        f"Content-Type: message/rfc822\r\n\r\n{inner}",
    )
    assert received_time(raw, path, HCM) == dt.datetime(2021, 10, 27, 7, tzinfo=HCM)
