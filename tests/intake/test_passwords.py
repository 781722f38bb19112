"""The passwords a mail states for the archive it carries."""

from __future__ import annotations

import pytest

from intake.passwords import MAX_PASSWORDS, hidden_in_quotes, stated


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trường gửi báo cáo, mật khẩu: 123456", ("123456",)),
        ("pass giải nén: abc@2025", ("abc@2025",)),
        ("MK: Myan2025.", ("Myan2025.", "Myan2025")),
        ("Mật khẩu giải nén là «th@123»", ("th@123",)),
        ("mat khau la 8888", ("8888",)),
        ("Password để mở file: x1", ("x1",)),
        ("mật khẩu của tệp nén = q", ("q",)),
        ("Báo cáo NQ121 (pass 123456)", ("123456)", "123456")),
        ("Gửi Phòng báo cáo, mk 2025thma ạ", ("2025thma",)),
        ("Mật khẩu file hôm qua là thma@2025 ạ.", ("thma@2025",)),
        ("mk file bc trường em gửi hôm trước: 121nq", ("121nq",)),
        ("Dạ em gửi mật khẩu file PDF: myan2021", ("myan2021",)),
        ("mật khẩu mở file báo cáo trường gửi tối qua là: thbt2@2026", ("thbt2@2026",)),
        ("Mat khau file sang nay la 2026myan", ("2026myan",)),
        ("mật khẩu file báo cáo NQ121 trường em gửi hôm 25/10 là 123456", ("123456",)),
        ("Mật khẩu mở tệp nén báo cáo Nghị quyết 121 của trường: tl888", ("tl888",)),
        ("Mật khẩu như năm trước ạ.", ()),
        ("Kính gửi Phòng, trường gửi báo cáo ạ.", ()),
        ("Nhập mật khẩu đúng để mở.", ()),
        ("compass: 5", ()),
    ],
)
def test_the_passwords_a_mail_states(text: str, expected: tuple[str, ...]) -> None:
    assert stated("Báo cáo NQ121", text) == expected


def test_only_a_few_passwords_are_tried() -> None:
    text = "\n".join(f"mật khẩu: p{i}" for i in range(10))
    assert stated(text) == tuple(f"p{i}" for i in range(MAX_PASSWORDS))


def test_a_password_is_hidden_only_in_the_senders_quoted_words() -> None:
    reason = "Trường báo: «đã gửi báo cáo năm 2021, mk: 2021» nhưng chưa có báo cáo năm 2021."
    assert hidden_in_quotes(reason, ("2021",)) == (
        "Trường báo: «đã gửi báo cáo năm (đã ẩn), mk: (đã ẩn)» nhưng chưa có báo cáo năm 2021."
    )
