"""Logins: server-side sessions behind a random cookie, and the brake on guessing passwords.

The cookie holds a random token; the database keeps only its SHA-256, so a copy of the database
opens no session. A session ends at logout, after [web].session_hours, or when its account's
password changes or the account is removed.

Wrong passwords are counted per name: from the FREE_FAILURES-th in BRAKE_WINDOW on, each further try
of that name must wait twice as long as the one before (BASE_WAIT, doubling, at most MAX_WAIT). An
address alone is braked the same way only from its ADDRESS_FREE_FAILURES-th (someone guessing across
names): behind a proxy every person shares one address, and one clerk's typos must not lock out the rest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import Column, Integer, String, Table, delete, insert, select, update

from app.web import accounts
from app.web.accounts import User
from kernel.store import Store, UTCDateTime, metadata

FREE_FAILURES = 5
ADDRESS_FREE_FAILURES = 4 * FREE_FAILURES
BRAKE_WINDOW = dt.timedelta(minutes=15)
BASE_WAIT = dt.timedelta(seconds=30)
MAX_WAIT = dt.timedelta(minutes=15)

web_sessions = Table(
    "web_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("username", String(40), nullable=False, index=True),
    Column("stamp", String(16), nullable=False),  # the account's password stamp at login
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
)

login_failures = Table(
    "web_login_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime, nullable=False, index=True),
    Column("username", String(200), nullable=False),
    Column("address", String(100), nullable=False),
)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(store: Store, user: User, now: dt.datetime, hours: int) -> str:
    """A new session for the account; returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    with store.begin() as conn:
        conn.execute(delete(web_sessions).where(web_sessions.c.expires_at < now))
        conn.execute(
            insert(web_sessions).values(
                token_hash=_digest(token),
                username=user.username,
                stamp=user.stamp,
                created_at=now,
                expires_at=now + dt.timedelta(hours=hours),
            )
        )
    return token


def session_user(store: Store, token: str, now: dt.datetime) -> User | None:
    """The account a session token belongs to, while the session is valid."""
    if not token:
        return None
    with store.engine.connect() as conn:
        row = conn.execute(select(web_sessions).where(web_sessions.c.token_hash == _digest(token))).first()
    if row is None or row.expires_at <= now:
        return None
    user = accounts.get(store, row.username)
    if user is None or row.stamp != user.stamp:
        return None  # removed, or its password changed since this login
    return user


def close_session(store: Store, token: str) -> None:
    with store.begin() as conn:
        conn.execute(delete(web_sessions).where(web_sessions.c.token_hash == _digest(token)))


@dataclass(frozen=True)
class Brake:
    """How long a login must still wait before its next try (zero: it may try now), and whether for its
    address's failures across names rather than its own name's."""

    wait: dt.timedelta
    by_address: bool = False


def wait_before_login(store: Store, username: str, address: str, now: dt.datetime) -> Brake:
    """How long this name, or this address guessing across names, must still wait before its next try."""
    name = username.strip().lower()
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(login_failures).where(
                login_failures.c.at >= now - BRAKE_WINDOW,
                (login_failures.c.username == name) | (login_failures.c.address == address),
            )
        ).all()
    by_name = _wait([r.at for r in rows if r.username == name], FREE_FAILURES, now)
    by_address = _wait([r.at for r in rows if r.address == address], ADDRESS_FREE_FAILURES, now)
    return Brake(by_address, by_address=True) if by_address > by_name else Brake(by_name)


def _wait(failures: list[dt.datetime], free: int, now: dt.datetime) -> dt.timedelta:
    """What is left of the wait after the last of failures, once they number free or more."""
    if len(failures) < free:
        return dt.timedelta(0)
    wait = min(BASE_WAIT * 2 ** (len(failures) - free), MAX_WAIT)
    return max(max(failures) + wait - now, dt.timedelta(0))


def record_failure(store: Store, username: str, address: str, now: dt.datetime) -> None:
    with store.begin() as conn:
        conn.execute(delete(login_failures).where(login_failures.c.at < now - BRAKE_WINDOW))
        conn.execute(
            insert(login_failures).values(at=now, username=username.strip().lower()[:200], address=address)
        )


def clear_failures(store: Store, username: str) -> None:
    """A right password forgives the name's earlier mistakes (not the address's: others may guess from it)."""
    with store.begin() as conn:
        conn.execute(
            update(login_failures)
            .where(login_failures.c.username == username.strip().lower())
            .values(username="")
        )
