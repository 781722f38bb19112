"""Accounts, sessions and the login brake over SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from argon2 import PasswordHasher
from sqlalchemy import update

from app.web import accounts, sessions
from app.web.accounts import AccountError, Role
from kernel.store import Store

NOW = dt.datetime(2021, 11, 3, 2, 0, tzinfo=dt.UTC)


def test_a_session_lasts_until_logout_expiry_or_a_new_password(store: Store) -> None:
    user = accounts.add(
        store, "VanThu", "mat-khau-dai-du", Role.CLERK, full_name="Lê Thị Thu", by="t", now=NOW
    )
    assert user.username == "vanthu" and user.can_change
    assert accounts.verify(store, "vanthu", "sai-mat-khau") is None
    assert accounts.verify(store, "khong-co-ai", "mat-khau-dai-du") is None
    token = sessions.open_session(store, user, NOW, hours=12)
    assert sessions.session_user(store, token, NOW + dt.timedelta(hours=11)) == user
    assert sessions.session_user(store, token, NOW + dt.timedelta(hours=12)) is None
    assert sessions.session_user(store, token + "x", NOW) is None

    other = sessions.open_session(store, user, NOW, hours=12)
    sessions.close_session(store, other)
    assert sessions.session_user(store, other, NOW) is None

    accounts.set_password(store, "vanthu", "mot-mat-khau-moi", by="t", now=NOW)
    assert sessions.session_user(store, token, NOW) is None
    assert accounts.verify(store, "vanthu", "mot-mat-khau-moi") is not None


@pytest.mark.parametrize(
    ("name", "password", "error"),
    [("Nguyễn A", "mat-khau-dai-du", "không hợp lệ"), ("vanthu", "ngan", "ít nhất 10 ký tự")],
)
def test_a_bad_name_or_a_short_password_is_refused(
    store: Store, name: str, password: str, error: str
) -> None:
    with pytest.raises(AccountError, match=error):
        accounts.add(store, name, password, Role.VIEWER, full_name="", by="t", now=NOW)
    assert accounts.users(store) == []


def test_the_brake_counts_wrong_passwords_by_name_and_by_address(store: Store) -> None:
    def wait(name: str, address: str, now: dt.datetime = NOW) -> dt.timedelta:
        return sessions.wait_before_login(store, name, address, now).wait

    for n in range(sessions.FREE_FAILURES):
        assert wait("vanthu", "10.0.0.1") == dt.timedelta(0)
        sessions.record_failure(store, "vanthu", f"10.0.0.{n}", NOW)
    assert wait("vanthu", "10.9.9.9") == sessions.BASE_WAIT  # by name
    assert wait("ai-khac", "10.0.0.3") == dt.timedelta(0)  # one miss there
    sessions.record_failure(store, "vanthu", "10.0.0.1", NOW)
    assert wait("vanthu", "10.0.0.1") == 2 * sessions.BASE_WAIT  # doubling
    later = NOW + sessions.BRAKE_WINDOW + dt.timedelta(seconds=1)
    assert wait("vanthu", "10.0.0.1", later) == dt.timedelta(0)


def test_one_names_wrong_passwords_do_not_brake_another_name_from_the_same_address(store: Store) -> None:
    """Five wrong passwords for vanthu from 127.0.0.1 made lanhdao, with the right password, wait 25
    seconds: the brake counted by name or address, and behind nginx every clerk shares the proxy's
    address, so one person's typos locked the whole office out. An address alone is braked only after
    many failures across names, and the brake says it is the address's."""
    proxy = "127.0.0.1"
    for _ in range(sessions.FREE_FAILURES + 1):
        sessions.record_failure(store, "vanthu", proxy, NOW)
    assert sessions.wait_before_login(store, "vanthu", proxy, NOW) == sessions.Brake(2 * sessions.BASE_WAIT)
    assert sessions.wait_before_login(store, "lanhdao", proxy, NOW) == sessions.Brake(dt.timedelta(0))

    for n in range(sessions.ADDRESS_FREE_FAILURES - sessions.FREE_FAILURES - 1):  # guessing across names
        sessions.record_failure(store, f"ten-{n}", proxy, NOW)
    braked = sessions.wait_before_login(store, "lanhdao", proxy, NOW)
    assert braked == sessions.Brake(sessions.BASE_WAIT, by_address=True)
    assert sessions.wait_before_login(store, "lanhdao", "10.0.0.9", NOW).wait == dt.timedelta(0)


def test_a_password_hashed_as_typed_decomposed_before_still_logs_in(store: Store) -> None:
    """Passwords are now hashed in NFC; one set before from a keyboard that sent it decomposed (NFD)
    was hashed so, and its owner, typing it as ever, must still get in."""
    typed = unicodedata.normalize("NFD", "Phòng Giáo dục Thủ Thừa")
    accounts.add(store, "thuthuy", "tam-thoi-mot-lan", Role.VIEWER, full_name="", by="t", now=NOW)
    with store.begin() as conn:  # the hash as the account kept it before
        conn.execute(update(accounts.web_users).values(password_hash=PasswordHasher().hash(typed)))
    assert accounts.verify(store, "thuthuy", typed) is not None
    assert accounts.verify(store, "thuthuy", "tam-thoi-mot-lan") is None
