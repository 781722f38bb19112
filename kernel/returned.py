"""Why our mail to an address came back, by the class of the status a delivery-failure report gives it
(RFC 3463): what staff read of it and whether the address itself needs fixing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from kernel.timefmt import local_date


class Returned(StrEnum):
    """Why a bounce says our mail to one address came back."""

    ADDRESS = "address"  # X.1.x: no such mailbox or address
    FULL = "full"  # X.2.2: the mailbox is full; the address is right
    MAILBOX = "mailbox"  # any other X.2.x: the mailbox is disabled or takes no mail; the address is right
    POLICY = (
        "policy"  # X.7.x: refused for what the mail is or who sends it (spam, a block); the address is right
    )
    TEMPORARY = "temporary"  # 4.x.x: a passing trouble the server gave up retrying; the address is right
    OTHER = "other"  # any other failure, or none said (a domain not found, a provider's bare notice)

    @property
    def wrong_address(self) -> bool:
        """Whether the failure says the address itself may be wrong, so staff should check it."""
        return self in (Returned.ADDRESS, Returned.OTHER)


# What a list says of each, after «thư gửi đến … bị trả lại ngày …: », lower-case first.
WHY = {
    Returned.ADDRESS: "địa chỉ không tồn tại",
    Returned.FULL: "hộp thư đã đầy, thư không vào được",
    Returned.MAILBOX: "hộp thư bị khóa hoặc ngừng nhận thư",
    Returned.POLICY: "máy chủ nhận thư từ chối thư vì coi là thư rác hoặc bị chặn theo chính sách",
    Returned.TEMPORARY: "máy chủ nhận thư tạm thời không nhận và đã thôi gửi lại, thư chưa đến",
    Returned.OTHER: "địa chỉ không tồn tại hoặc không nhận thư",
}
# Which of our mail came back, by its send-log kind, as a sentence names it.
_MAIL_OF_KIND = {
    "reminder": "thư nhắc",
    "ack": "thư xác nhận",
    "missing": "danh sách trường chưa nộp",
    "digest": "bảng tổng hợp",
    "alert": "thư cảnh báo hộp thư",
}
# What staff read when the mail a bounce returned is none of ours: staff wrote from a mailbox of their own.
NOT_OURS = "thư bị trả lại không phải thư do hệ thống gửi (có thể cán bộ gửi từ hộp thư riêng)"


@dataclass(frozen=True)
class ReturnedMail:
    """Which mail a bounce returned: ours, from the send log (its kind and when it was sent), or copies of
    mail baocao never sent (others). Neither when the bounce carried no copy of the mail it returns."""

    ours: tuple[tuple[str, dt.datetime | None], ...] = ()
    others: bool = False

    def told(self, tz: dt.tzinfo | None) -> str:
        """The returned mail in words, lower-case first: «thư nhắc gửi ngày 02/11/2026», NOT_OURS, or ""
        when the bounce does not say."""
        if self.ours:
            return ", ".join(
                _MAIL_OF_KIND.get(kind, "thư") + (f" gửi ngày {local_date(at, tz)}" if at is not None else "")
                for kind, at in dict.fromkeys(self.ours)
            )
        return NOT_OURS if self.others else ""


# What staff do about it.
CHECK_ADDRESS = "cần kiểm tra lại địa chỉ"
ADDRESS_RIGHT = "địa chỉ vẫn đúng"


def still_sending(why: Returned, sent: str) -> str:
    """What staff read of a bounce calling an address wrong (why.wrong_address) that mail came to us from
    (at sent, the local time): the bounce's word against the mail's, the mail's winning, lower-case first."""
    return f"máy chủ nhận báo {WHY[why]}, nhưng địa chỉ này vẫn gửi thư đến Phòng lúc {sent}: không cần sửa"


def of_status(status: str) -> Returned:
    """The class of an enhanced status code (RFC 3463: "5.1.1", "4.2.2", "5.7.1"); OTHER for any other."""
    parts = status.strip().split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return Returned.OTHER
    if parts[0] == "4":
        return Returned.TEMPORARY
    if parts[0] != "5":
        return Returned.OTHER
    return {
        "1": Returned.ADDRESS,
        "2": Returned.FULL if parts[2] == "2" else Returned.MAILBOX,
        "7": Returned.POLICY,
    }.get(parts[1], Returned.OTHER)


@dataclass(frozen=True)
class Reach:
    """What a season's bounces and mail received say of addresses: whether our mail to each can arrive."""

    # Address -> why our mail to it last came back this season.
    returned: Mapping[str, Returned] = field(default_factory=dict)
    # The addresses of those that mail came from this season (any case, lower-cased).
    sending: Collection[str] = frozenset()

    def wrong_address(self, address: str) -> bool:
        """Whether our mail to an address came back as to one that may be wrong, and no mail came to us
        from it this season to show it works: staff check it, the school is asked for its new one."""
        why = self.returned.get(address)
        return why is not None and why.wrong_address and address.lower() not in self.sending

    def recipients(self, emails: Sequence[str]) -> tuple[str, ...]:
        """The school's registered addresses (emails) any mail to the school goes to: all but those that
        may be wrong (wrong_address), while another one is left, which then reads the note that the dead
        one bounced; all of them when none is (the school may have mended its mailbox, and staff read of
        it in their lists and copies)."""
        alive = tuple(a for a in emails if not self.wrong_address(a))
        return alive or tuple(emails)
