"""Reasons as a clerk on the page reads them: intake writes what to do as the command that does it
("gán thư cho trường (baocao assign)"), which a clerk at the command line needs; on the page the same
step is a button or a field, so each command is named by what the page offers instead."""

from __future__ import annotations

import re

_ON_PAGE: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"\(baocao\s+assign\s+MÃ_THƯ\s+MÃ_TRƯỜNG\s+--report\s+MÃ_BÁO_CÁO\)"),
        "(chọn trường và báo cáo ở ô cạnh nút «Gán»)",
    ),
    # The same step with the message and the school written out (a note disowning a mail, sent with the
    # right report, is assigned to the school the report names).
    (
        re.compile(r"\(baocao\s+assign(?:\s+[^\s)]+\s+[^\s)]+)?\)"),
        "(nút «Gán cho …», hoặc chọn trường cạnh nút «Gán»)",
    ),
    (re.compile(r"\bgán với --year (\d{4})"), r"gán với năm \1 (ghi \1 vào ô «năm» cạnh nút «Gán»)"),
    # With or without what the command line fills in (the school, the day, the message's code).
    (re.compile(r"\(baocao\s+paper(?:\s+[^)]*)?\)"), "(trên trang của trường, mục «Bản giấy gửi Văn thư»)"),
    (re.compile(r"\(baocao\s+extend(?:\s+[^)]*)?\)"), "(trên trang của trường, mục «Gia hạn»)"),
    (re.compile(r"\(baocao\s+reject(?:\s+[^)]*)?\)"), "(nút «Không phải báo cáo» trên trang của thư đó)"),
    (re.compile(r"\(baocao\s+split(?:\s+[^)]*)?\)"), "(nút «Tính cho từng trường» trên trang của thư)"),
    (re.compile(r"\(baocao\s+history(?:\s+[^)]*)?\)"), "(trên trang của trường, mục «Các lần gửi»)"),
    (re.compile(r"chạy lại bằng lệnh baocao reprocess"), "bấm nút «Xử lý lại» trên trang của thư"),
    (
        re.compile(r"\(baocao\s+addresses\s+--forget\s+\S+\s+--all-seasons\)"),
        "(trên trang của trường, mục «Địa chỉ đã ghi nhớ», nút «Đọc lại thư của mọi năm»)",
    ),
)


# The button that marks a message as the staff's own, labelled after whose mail it is (units.whose_mail).
_INTERNAL = re.compile(r"\(baocao\s+internal\)")


def on_page(reason: str, whose: str) -> str:
    """The reason with each command it names replaced by the page's button or field for that step;
    whose: who the message's «Thư của …» button names («Phòng», «UBND xã Mỹ An», «Phòng GD&ĐT Thủ Thừa»)."""
    for pattern, shown in _ON_PAGE:
        reason = pattern.sub(shown, reason)
    return _INTERNAL.sub(lambda _: f"(nút «Thư của {whose}»)", reason)
