"""Logging in to SMTP: XOAUTH2 tokens checked by a real aiosmtpd, and refused logins or a mismatched
encryption that are configuration errors (said at once, nothing spent), not failures retried for 72 hours."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner

from app.cli import main
from kernel import config as config_mod
from kernel.runtime import Runtime
from kernel.tokens import Token, TokenFile
from scheduler.outbox import Outbox, OutboxState
from tests.oauth_server import OAuthServer, oauth_config_text, oauth_server
from tests.scheduler.conftest import SENDER, Clock, SmtpServer, config_text, local, open_runtime


@dataclass
class AuthSmtpServer(SmtpServer):
    """The test SMTP server, asking for a login: XOAUTH2 tokens the provider issued, or a password."""

    provider: OAuthServer | None = None
    password: str = "mat-khau-gui"
    logins: list[tuple[str, bool]] = field(default_factory=list)

    async def auth_XOAUTH2(self, server: Any, args: list[str]) -> AuthResult:
        text = base64.b64decode(args[1]).decode() if len(args) > 1 else ""
        fields = dict(part.split("=", 1) for part in text.split("\x01") if "=" in part)
        token = fields.get("auth", "").removeprefix("Bearer ")
        ok = self.provider is not None and self.provider.valid(token) == fields.get("user")
        self.logins.append((f"xoauth2:{fields.get('user')}", ok))
        return AuthResult(success=ok, handled=False)

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and data.password.decode() == self.password
        self.logins.append((f"{mechanism.lower()}:{getattr(data, 'login', b'').decode()}", ok))
        return AuthResult(success=ok, handled=False)  # handled=False, or the client hangs

    def start(self) -> None:
        self.controller = Controller(
            self,
            hostname="127.0.0.1",
            port=self.port,
            auth_require_tls=False,
            authenticator=self.authenticate,
        )
        self.controller.start()


@pytest.fixture
def provider() -> Iterator[OAuthServer]:
    with oauth_server(SENDER) as server:
        yield server


@pytest.fixture
def smtp(clock: Clock, provider: OAuthServer) -> Iterator[AuthSmtpServer]:
    server = AuthSmtpServer(clock, provider=provider)
    server.start()
    yield server
    server.stop()


def _write(path: Path, smtp: AuthSmtpServer, login: str, extra: str = "") -> Path:
    text = config_text(smtp.port).replace(
        f'from = "{SENDER}"', f'username = "{SENDER}"\n{login}\nfrom = "{SENDER}"'
    )
    path.write_text(text + extra, encoding="utf-8")
    return path


@pytest.fixture
def oauth_path(tmp_path: Path, smtp: AuthSmtpServer, provider: OAuthServer) -> Path:
    return _write(tmp_path / "config.toml", smtp, 'auth = "oauth2"', oauth_config_text(provider))


def _sign_in(config: config_mod.Config, provider: OAuthServer) -> None:
    assert config.oauth is not None
    TokenFile(config.oauth.token_file).put(
        SENDER, Token("", provider.issue_refresh_token(), dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    )


def _remind(path: Path, clock: Clock, *args: str) -> Any:
    return CliRunner().invoke(main, ["--config", str(path), *args], obj=clock)


def test_mail_is_sent_with_an_xoauth2_token(
    oauth_path: Path, clock: Clock, smtp: AuthSmtpServer, provider: OAuthServer
) -> None:
    _sign_in(config_mod.load(oauth_path), provider)
    clock.now = local("2021-10-24 07:30")

    result = _remind(oauth_path, clock, "remind", "--send")

    assert result.exit_code == 0, result.output
    assert smtp.logins == [(f"xoauth2:{SENDER}", True)]
    assert len(smtp.delivered) == 6  # five reminders and the staff list
    assert provider.refreshes == 1


def test_a_revoked_token_stops_the_send_at_once_and_spends_no_attempt(
    oauth_path: Path, clock: Clock, smtp: AuthSmtpServer, provider: OAuthServer
) -> None:
    """A refused login used to be retried with backoff for 72 hours, each try counted, exit code 0."""
    config = config_mod.load(oauth_path)
    _sign_in(config, provider)
    provider.revoke_all()
    clock.now = local("2021-10-24 07:30")

    result = _remind(oauth_path, clock, "remind", "--send")

    assert result.exit_code == 1
    assert result.output.splitlines()[-1].startswith("Lỗi:") and "baocao auth login --user" in result.output
    assert smtp.delivered == []
    rt = open_runtime(config, clock)
    try:
        waiting = Outbox(rt.store).entries(states=[OutboxState.PENDING])
    finally:
        rt.close()
    assert len(waiting) == 6 and all(e.attempts == 0 for e in waiting)

    # Once the administrator signs in again, the waiting mail goes out by hand, without the daemon.
    _sign_in(config, provider)
    sent = _remind(oauth_path, clock, "outbox", "--send")
    assert sent.exit_code == 0, sent.output
    assert "Đã gửi 6 thư." in sent.output
    assert len(smtp.delivered) == 6


def test_a_wrong_smtp_password_is_a_configuration_error(
    tmp_path: Path, clock: Clock, smtp: AuthSmtpServer
) -> None:
    path = _write(tmp_path / "config.toml", smtp, 'password = "sai-mat-khau"')
    clock.now = local("2021-10-24 07:30")

    result = _remind(path, clock, "remind", "--send")

    assert result.exit_code == 1
    assert "từ chối đăng nhập" in result.output and "[smtp].password" in result.output
    assert smtp.logins and not any(ok for _, ok in smtp.logins)
    rt: Runtime = open_runtime(config_mod.load(path), clock)
    try:
        assert all(e.attempts == 0 for e in Outbox(rt.store).entries())
    finally:
        rt.close()


def test_send_with_the_server_down_exits_1_with_the_reason(
    tmp_path: Path, clock: Clock, smtp: AuthSmtpServer
) -> None:
    """remind --send with the SMTP server down used to exit 0."""
    path = _write(tmp_path / "config.toml", smtp, f'password = "{smtp.password}"')
    smtp.stop()
    clock.now = local("2021-10-24 07:30")

    result = _remind(path, clock, "remind", "--send")

    assert result.exit_code == 1
    assert "chưa gửi được" in result.output and "không kết nối được máy chủ SMTP" in result.output


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_encryption_the_server_does_not_speak_is_a_configuration_error(
    tmp_path: Path, clock: Clock, smtp: SmtpServer, security: str
) -> None:
    """[smtp].security did not match the port: the clerk read «[SSL: WRONG_VERSION_NUMBER]» or «STARTTLS
    extension not supported by server», nothing on what to change, and the mail was retried for 72 hours."""
    path = tmp_path / "config.toml"
    path.write_text(
        config_text(smtp.port).replace('security = "none"', f'security = "{security}"'), encoding="utf-8"
    )
    clock.now = local("2021-10-24 07:30")

    result = _remind(path, clock, "remind", "--send")

    assert result.exit_code == 1
    assert f"không dùng kiểu mã hóa {security}: kiểm tra [smtp].security và [smtp].port" in result.output
    assert "WRONG_VERSION_NUMBER" not in result.output and "not supported" not in result.output
    rt: Runtime = open_runtime(config_mod.load(path), clock)
    try:
        assert all(e.attempts == 0 and e.state == OutboxState.PENDING for e in Outbox(rt.store).entries())
    finally:
        rt.close()


def test_a_login_the_server_does_not_offer_is_a_configuration_error_in_vietnamese(
    tmp_path: Path, clock: Clock
) -> None:
    """[smtp] had a username for a server that takes mail without a login: the clerk read «SMTP AUTH
    extension not supported by server» after «không kết nối được», though the connection had worked."""
    plain = SmtpServer(clock)
    plain.start()
    try:
        path = tmp_path / "config.toml"
        text = config_text(plain.port).replace(
            f'from = "{SENDER}"', f'username = "{SENDER}"\npassword = "x"\nfrom = "{SENDER}"'
        )
        path.write_text(text, encoding="utf-8")
        clock.now = local("2021-10-24 07:30")
        result = _remind(path, clock, "remind", "--send")
    finally:
        plain.stop()
    assert result.exit_code == 1
    assert "đã kết nối máy chủ SMTP" in result.output and "không cho đăng nhập (AUTH)" in result.output
    assert "not supported" not in result.output and "không kết nối được" not in result.output


def test_mail_held_by_a_missing_password_says_why_in_the_outbox(
    tmp_path: Path, clock: Clock, smtp: AuthSmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The variable named by [smtp].password_env was not set: the outbox listed the mail as «Chờ gửi»,
    0 attempts and no reason, the reason only in the daemon's log."""
    monkeypatch.delenv("BAOCAO_TEST_SMTP_PASSWORD", raising=False)
    path = _write(tmp_path / "config.toml", smtp, 'password_env = "BAOCAO_TEST_SMTP_PASSWORD"')
    clock.now = local("2021-10-24 07:30")

    result = _remind(path, clock, "remind", "--send")

    assert result.exit_code == 1
    listed = _remind(path, clock, "outbox")
    assert listed.exit_code == 0, listed.output
    assert "chưa gửi được: [smtp] chưa có mật khẩu" in listed.output
    rt: Runtime = open_runtime(config_mod.load(path), clock)
    try:
        waiting = Outbox(rt.store).entries()
    finally:
        rt.close()
    assert len(waiting) == 6
    assert all(e.state == OutboxState.PENDING and e.attempts == 0 for e in waiting)
    assert all("BAOCAO_TEST_SMTP_PASSWORD" in e.last_error for e in waiting)

    # Once the variable is set, the mail goes out and the reason is gone.
    monkeypatch.setenv("BAOCAO_TEST_SMTP_PASSWORD", smtp.password)
    sent = _remind(path, clock, "outbox", "--send")
    assert sent.exit_code == 0, sent.output
    rt = open_runtime(config_mod.load(path), clock)
    try:
        done = Outbox(rt.store).entries()
    finally:
        rt.close()
    assert all(e.state == OutboxState.SENT and e.last_error == "" for e in done)
