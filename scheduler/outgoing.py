"""A mail the scheduler sends, what kind it is, and the key that makes it unique in the send log."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kernel.attachment import Attachment

NO_SCHOOL = "-"
UNIT_MARK = "@"  # in a key's school part: the staff mail of one collecting unit
# The step of an acknowledgement telling a school its mail could not be read (scheduler.plan.ack_key). Once
# the mail is read (its locked file opened with the password of a later mail, a file read again) the school
# hears that its report counts, under the key of a readable one. Before this step existed, such
# acknowledgements had that key: one logged under it answers the mail whatever it says now.
UNREAD = "+unread"


class MailKind(StrEnum):
    REMINDER = "reminder"  # to a school that still owes the report
    MISSING_LIST = "missing"  # to staff: the schools that still owe it
    DIGEST = "digest"  # to staff: the whole picture
    ACK = "ack"  # to a school: its report was received (or could not be read)
    ALERT = "alert"  # to staff: the mailbox could not be read


KINDS = (MailKind.REMINDER, MailKind.MISSING_LIST, MailKind.DIGEST, MailKind.ACK)
# Mail composed from the status of the schools: only from a mailbox read up to now.
FROM_STATUS = (MailKind.REMINDER, MailKind.MISSING_LIST, MailKind.DIGEST)
KIND_LABELS = {
    MailKind.REMINDER: "Thư nhắc",
    MailKind.MISSING_LIST: "Danh sách chưa nộp",
    MailKind.DIGEST: "Bảng tổng hợp",
    MailKind.ACK: "Xác nhận đã nhận",
    MailKind.ALERT: "Cảnh báo hộp thư",
}


class OutboxState(StrEnum):
    """Where a mail stands in the send log (kept here, light to import, for the CLI's choices)."""

    PENDING = "pending"  # to be sent (again) at next_attempt_at
    SENT = "sent"
    FAILED = "failed"  # given up: the reason is in last_error
    CANCELLED = "cancelled"  # planned, then withdrawn (superseded or no longer needed)


STATE_LABELS = {
    OutboxState.PENDING: "Chờ gửi",
    OutboxState.SENT: "Đã gửi",
    OutboxState.FAILED: "Lỗi, đã dừng",
    OutboxState.CANCELLED: "Đã hủy",
}


@dataclass(frozen=True)
class Outgoing:
    kind: MailKind
    report: str
    year: int
    school_id: str | None  # None for mail to district staff
    to: tuple[str, ...]
    cc: tuple[str, ...]
    subject: str
    text: str
    html: str | None
    attachments: tuple[Attachment, ...]
    key: str  # kind:report:year:school:step, unique in the send log
    in_reply_to: str | None = None


def make_key(kind: MailKind, report: str, year: int, school_id: str | None, step: str) -> str:
    return f"{kind}:{report}:{year}:{school_id or NO_SCHOOL}:{step}"


def unit_part(unit: str | None) -> str | None:
    """What stands for the school in the key of a unit's staff mail (missing list, digest), so one
    unit's mail neither replaces nor withdraws another's; None for the whole office's."""
    return f"{UNIT_MARK}{unit}" if unit is not None else None


def step_of_key(key: str) -> str:
    """The step a logged mail was composed for (see make_key): "before-14", "overdue-1", a date..."""
    return key.split(":", 4)[-1]


def unit_of_key(key: str) -> str | None:
    """The unit whose staff a logged mail was composed for (see unit_part), or None."""
    parts = key.split(":")
    return parts[3][len(UNIT_MARK) :] if len(parts) > 3 and parts[3].startswith(UNIT_MARK) else None
