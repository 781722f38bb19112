"""The mail we build reads back exactly as it was written, whatever the length of its Vietnamese headers."""

from __future__ import annotations

import datetime as dt
import email
import email.policy

import pytest

from scheduler.mailer import build
from scheduler.outgoing import Outgoing


@pytest.mark.parametrize(
    "subject",
    [
        "[Phòng GD&ĐT Thủ Thừa] Tổng hợp báo cáo NQ121 năm 2021 ngày 18/10/2021: đã nhận 2/40, chưa nộp 38",
        "Nhắc nộp báo cáo kết quả triển khai thực hiện Nghị quyết 121/2020/QH14 về phòng, chống xâm hại "
        "trẻ em năm 2021 (hạn cuối: hết ngày 25/10/2021)",
    ],
)
def test_a_long_vietnamese_subject_keeps_every_space(subject: str) -> None:
    """The standard folding split "đã nhận" into two encoded words and lost the space: "đãnhận"."""
    item = Outgoing("digest", "nq121", 2021, None, ("canbo@example.edu.vn",), (), subject, "…", None, (), "k")
    raw = build(
        item,
        sender="pgdthuthua@example.edu.vn",
        sender_name="Phòng Giáo dục và Đào tạo huyện Thủ Thừa",
        now=dt.datetime(2021, 10, 18, 0, 30, tzinfo=dt.UTC),
    )
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert str(parsed["Subject"]) == subject
    assert parsed["From"].addresses[0].display_name == "Phòng Giáo dục và Đào tạo huyện Thủ Thừa"
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998
