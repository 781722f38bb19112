"""The mail we build reads back exactly as it was written, whatever the length of its Vietnamese headers."""

from __future__ import annotations

import datetime as dt
import email
import email.policy

import pytest

from scheduler.errors import Refusal
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


@pytest.mark.parametrize(
    ("code", "text", "temporary", "bad_address"),
    [
        (550, "5.1.1 <x@example.vn>: Recipient address rejected: User unknown", False, True),
        (553, "5.1.3 Bad recipient address syntax", False, True),
        (550, "Requested action not taken: mailbox unavailable", False, True),
        (550, "No such user here", False, True),
        (551, "User not local", False, True),
        (550, "5.7.1 Message rejected as spam", False, False),
        (554, "5.7.1 Relay access denied", False, False),
        (550, "Message blocked by policy", False, False),
        (452, "4.2.2 Mailbox full, try again later", True, False),
        (451, "4.7.1 Greylisted, please try again in 5 minutes", True, False),
    ],
)
def test_only_a_5_1_x_answer_says_the_address_is_wrong(
    code: int, text: str, temporary: bool, bad_address: bool
) -> None:
    """A full mailbox (452) was given up as for good, and a spam refusal (5.7.1) listed as a wrong address."""
    refusal = Refusal("x@example.vn", code, text)
    assert (refusal.temporary, refusal.bad_address) == (temporary, bad_address)
