"""Staff accounts of the page: who may look (viewer) and who may change things (clerk), over the whole
office or over one collecting unit's schools and mail (an account bound to a unit of [[units]]).

Passwords are kept only as argon2 hashes, of their NFC form: a password with Vietnamese marks is the
same password whether the keyboard sent it precomposed or decomposed (Unikey's «Unicode tổ hợp»).
Accounts are managed from the command line (baocao user); every change is written to the audit log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Column, String, Table, delete, insert, select, update

from app.web.roles import ROLE_LABELS, Role
from kernel import audit
from kernel.config import UnitConfig
from kernel.errors import BaocaoError, NotFoundError
from kernel.store import Store, UTCDateTime, metadata


class AccountError(BaocaoError):
    """Raised when an account cannot be created or changed as asked (a taken name, a short password...)."""


MIN_PASSWORD = 10
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")

web_users = Table(
    "web_users",
    metadata,
    Column("username", String(40), primary_key=True),
    Column("password_hash", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("full_name", String(200), nullable=False, default=""),
    Column("unit", String(40), nullable=True),  # the collecting unit it is bound to; None: the whole office
    Column("created_at", UTCDateTime, nullable=False),
    Column("changed_at", UTCDateTime, nullable=False),
)

_hasher = PasswordHasher()
# Verified against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY = _hasher.hash("không có tài khoản này")


@dataclass(frozen=True)
class User:
    username: str
    role: Role
    full_name: str
    created_at: dt.datetime
    changed_at: dt.datetime
    stamp: str  # changes with the password: a session opened under another stamp is over
    unit: str | None = None  # the collecting unit whose schools and mail alone it sees; None: every unit

    @property
    def can_change(self) -> bool:
        return self.role == Role.CLERK

    @property
    def shown(self) -> str:
        return f"{self.full_name} ({self.username})" if self.full_name else self.username


def users(store: Store) -> list[User]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(web_users).order_by(web_users.c.username)).all()
    return [_user(r) for r in rows]


def get(store: Store, username: str) -> User | None:
    with store.engine.connect() as conn:
        row = conn.execute(select(web_users).where(web_users.c.username == username)).first()
    return _user(row) if row else None


def add(
    store: Store,
    username: str,
    password: str,
    role: Role,
    *,
    full_name: str,
    by: str,
    now: dt.datetime,
    unit: UnitConfig | None = None,
) -> User:
    """A new account; with unit, bound to that collecting unit (see the web page's scope)."""
    username = username.strip().lower()
    if not _NAME.match(username):
        raise AccountError(
            f"tên đăng nhập «{username}» không hợp lệ: dùng 2-40 chữ thường không dấu, số, dấu chấm, "
            "gạch ngang hoặc gạch dưới (ví dụ: nguyenvana)"
        )
    _check_password(password)
    with store.begin() as conn:
        if conn.execute(select(web_users.c.username).where(web_users.c.username == username)).first():
            raise AccountError(
                f"tài khoản «{username}» đã có; đổi mật khẩu bằng baocao user passwd {username}"
            )
        conn.execute(
            insert(web_users).values(
                username=username,
                password_hash=_hasher.hash(_nfc(password)),
                role=str(role),
                full_name=full_name.strip(),
                unit=unit.id if unit is not None else None,
                created_at=now,
                changed_at=now,
            )
        )
        audit.record(
            conn,
            at=now,
            actor=by,
            action="user-add",
            target=f"user:{username}",
            detail=f"tạo tài khoản {username}, quyền {ROLE_LABELS[role]}"
            + (f", chỉ đơn vị {unit.name} ({unit.id})" if unit is not None else ""),
        )
    user = get(store, username)
    assert user is not None
    return user


def set_password(store: Store, username: str, password: str, *, by: str, now: dt.datetime) -> None:
    """A new password; the account's open sessions end."""
    _check_password(password)
    with store.begin() as conn:
        done = conn.execute(
            update(web_users)
            .where(web_users.c.username == username)
            .values(password_hash=_hasher.hash(_nfc(password)), changed_at=now)
        )
        if done.rowcount == 0:
            raise NotFoundError(f"không có tài khoản «{username}»; xem danh sách bằng baocao user list")
        audit.record(
            conn, at=now, actor=by, action="user-passwd", target=f"user:{username}", detail="đổi mật khẩu"
        )


def set_unit(store: Store, username: str, unit: UnitConfig | None, *, by: str, now: dt.datetime) -> None:
    """Bind the account to a collecting unit, or (None) give it the whole office again; its open sessions
    see the change at their next page."""
    with store.begin() as conn:
        done = conn.execute(
            update(web_users)
            .where(web_users.c.username == username)
            .values(unit=unit.id if unit is not None else None, changed_at=now)
        )
        if done.rowcount == 0:
            raise NotFoundError(f"không có tài khoản «{username}»; xem danh sách bằng baocao user list")
        detail = f"chỉ đơn vị {unit.name} ({unit.id})" if unit is not None else "mọi đơn vị"
        audit.record(conn, at=now, actor=by, action="user-unit", target=f"user:{username}", detail=detail)


def remove(store: Store, username: str, *, by: str, now: dt.datetime) -> None:
    with store.begin() as conn:
        done = conn.execute(delete(web_users).where(web_users.c.username == username))
        if done.rowcount == 0:
            raise NotFoundError(f"không có tài khoản «{username}»; xem danh sách bằng baocao user list")
        audit.record(
            conn, at=now, actor=by, action="user-remove", target=f"user:{username}", detail="xóa tài khoản"
        )


def verify(store: Store, username: str, password: str) -> User | None:
    """The account when the password is right, else None (in about the same time either way)."""
    with store.engine.connect() as conn:
        row = conn.execute(select(web_users).where(web_users.c.username == username.strip().lower())).first()
    hashed = row.password_hash if row else _DUMMY
    # A hash made before passwords were kept in NFC may be of the decomposed form as it was typed.
    if not any(_matches(hashed, typed) for typed in dict.fromkeys((_nfc(password), password))):
        return None
    return _user(row) if row else None


def _matches(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def _nfc(password: str) -> str:
    return unicodedata.normalize("NFC", password)


def _check_password(password: str) -> None:
    if len(_nfc(password)) < MIN_PASSWORD:
        raise AccountError(f"mật khẩu phải dài ít nhất {MIN_PASSWORD} ký tự")


def _user(row: object) -> User:
    r = row._mapping  # type: ignore[attr-defined]
    stamp = hashlib.sha256(r["password_hash"].encode()).hexdigest()[:16]
    return User(
        r["username"], Role(r["role"]), r["full_name"], r["created_at"], r["changed_at"], stamp, r["unit"]
    )
