"""The audit log: every change staff make (from the command line or the page), who made it, when and why."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import Column, Integer, String, Table, Text, func, insert, select
from sqlalchemy.engine import Connection

from kernel.store import Store, UTCDateTime, metadata

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime, nullable=False, index=True),
    Column("actor", String(200), nullable=False),  # a staff account, or "<os user> (dòng lệnh)"
    Column("action", String(50), nullable=False),  # one of ACTIONS
    Column("target", String(300), nullable=False),  # what was changed: a school, a message, an account
    Column("detail", Text, nullable=False, default=""),  # what changed, in Vietnamese
    Column("reason", Text, nullable=False, default=""),  # why, as staff wrote it
)

ACTIONS = {
    "extend": "Gia hạn",
    "extend-undo": "Bỏ gia hạn",
    "exempt": "Miễn nộp",
    "exempt-undo": "Bỏ miễn nộp",
    "paper": "Nhận bản giấy",
    "paper-undo": "Bỏ ghi nhận bản giấy",
    "assign": "Gán thư cho trường",
    "split": "Tính thư cho từng trường",
    "reject": "Loại thư",
    "internal": "Thư của Phòng",
    "forget-address": "Gỡ địa chỉ đã ghi nhớ",
    "forget-machine": "Bỏ máy khỏi cơ sở dữ liệu",
    "release": "Tính lại báo cáo trường đã xin hủy",
    "reprocess": "Xử lý lại thư",
    "user-add": "Thêm tài khoản",
    "user-passwd": "Đổi mật khẩu",
    "user-unit": "Đổi đơn vị của tài khoản",
    "user-remove": "Xóa tài khoản",
}


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: dt.datetime
    actor: str
    action: str
    target: str
    detail: str
    reason: str

    @property
    def label(self) -> str:
        return ACTIONS.get(self.action, self.action)

    def about(self, name_of: Callable[[str], str]) -> str:
        """What was changed, as staff name it: the school's name (name_of: Config.name_of), "thư" and the
        message's short key, "tài khoản" and the account."""
        kind, _, ident = self.target.partition(":")
        if kind == "school":
            return name_of(ident)
        if kind == "message":
            return f"thư {ident[:12]}"
        if kind == "user":
            return f"tài khoản {ident}"
        if kind == "machine":
            return f"máy {ident}"
        return self.target


def record(
    conn: Connection, *, at: dt.datetime, actor: str, action: str, target: str, detail: str, reason: str = ""
) -> None:
    """Write one entry inside the caller's transaction, so the change and its record land together."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    conn.execute(
        insert(audit_log).values(
            at=at, actor=actor, action=action, target=target, detail=detail, reason=reason.strip()
        )
    )


def write(
    store: Store, *, at: dt.datetime, actor: str, action: str, target: str, detail: str, reason: str = ""
) -> None:
    """Write one entry in its own transaction."""
    with store.begin() as conn:
        record(conn, at=at, actor=actor, action=action, target=target, detail=detail, reason=reason)


def entries(store: Store, *, target: str | None = None, limit: int | None = 200) -> list[AuditEntry]:
    """The latest entries first (for one target, when given); limit None: all of them."""
    query = select(audit_log).order_by(audit_log.c.at.desc(), audit_log.c.id.desc()).limit(limit)
    if target is not None:
        query = query.where(audit_log.c.target == target)
    with store.engine.connect() as conn:
        return [AuditEntry(**dict(r._mapping)) for r in conn.execute(query)]


def since(conn: Connection, target: str, seen: int) -> list[AuditEntry]:
    """The entries of target after the one of id seen (0: all of them), newest first, read inside the
    caller's transaction: what changed since a page showed it, checked where the change is written."""
    query = (
        select(audit_log)
        .where(audit_log.c.target == target, audit_log.c.id > seen)
        .order_by(audit_log.c.id.desc())
    )
    return [AuditEntry(**dict(r._mapping)) for r in conn.execute(query)]


def released_since(store: Store, since: dt.datetime) -> dict[str, dt.datetime]:
    """Message key -> when its report was counted again because staff took out the note asking to cancel
    it ("release" entries written at or after since): the school may not have heard it counts."""
    query = select(audit_log.c.target, audit_log.c.at).where(
        audit_log.c.action == "release", audit_log.c.at >= since
    )
    with store.engine.connect() as conn:
        return {r.target.removeprefix("message:"): r.at for r in conn.execute(query)}


def latest_ids(store: Store, targets: Iterable[str]) -> dict[str, int]:
    """Target -> the id of its latest entry, for those of these targets that have one: what a page
    shows a change against, so that a form sent after someone else changed the same thing is told so."""
    wanted = list(dict.fromkeys(targets))
    found: dict[str, int] = {}
    with store.engine.connect() as conn:
        for start in range(0, len(wanted), 500):  # keep each IN (...) list modest
            query = (
                select(audit_log.c.target, func.max(audit_log.c.id).label("id"))
                .where(audit_log.c.target.in_(wanted[start : start + 500]))
                .group_by(audit_log.c.target)
            )
            found.update((row.target, row.id) for row in conn.execute(query))
    return found
