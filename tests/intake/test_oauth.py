"""OAuth2 for IMAP, end to end: a real Dovecot checking tokens with its oauth2 passdb against a local
provider that signs in, refreshes and revokes, as Google Workspace and Microsoft 365 do."""

from __future__ import annotations

import datetime as dt
import os
import socket
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from app.cli import mailbox_factories, main
from app.login import login_browser
from intake import poller
from intake.imap import Mailbox
from kernel import config as config_mod
from kernel.freshness import Freshness
from kernel.runtime import Runtime
from kernel.tokens import Token, TokenFile, TokenRevokedError, TokenSource
from scheduler import jobs
from tests.intake.conftest import _shipped_tables, report_mail
from tests.oauth_server import OAuthServer, oauth_config_text, oauth_server
from tests.scheduler.conftest import Clock, SmtpServer
from tests.servers import USER, Dovecot, dovecot_server

HCM = dt.timezone(dt.timedelta(hours=7))
STAFF = "pgdthuthua@example.edu.vn"  # the shipped config's staff address


@pytest.fixture(scope="module")
def provider() -> Iterator[OAuthServer]:
    with oauth_server(USER) as server:
        yield server


@pytest.fixture(scope="module")
def dovecot(provider: OAuthServer) -> Iterator[Dovecot]:
    with dovecot_server(introspection_url=f"{provider.url}/introspect") as server:
        yield server


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer(Clock(dt.datetime.now(dt.UTC)))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def config_path(
    tmp_path: Path, dovecot: Dovecot, provider: OAuthServer, folder: str, smtp: SmtpServer
) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f"""{_shipped_tables()}

[imap]
host = "{dovecot.host}"
port = {dovecot.port}
security = "none"
username = "{USER}"
auth = "oauth2"
folder = "{folder}"
poll_seconds = 1
idle_seconds = 600

[smtp]
host = "127.0.0.1"
port = {smtp.port}
security = "none"
from = "{STAFF}"

[storage]
database = "sqlite:///var/baocao.db"
archive = "var/archive"
{oauth_config_text(provider)}
""",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def config(config_path: Path) -> config_mod.Config:
    return config_mod.load(config_path)


@pytest.fixture
def rt(config: config_mod.Config) -> Iterator[Runtime]:
    runtime = Runtime.open(config)  # the real clock: tokens expire in real time
    yield runtime
    runtime.close()


def _signed_in(config: config_mod.Config, provider: OAuthServer) -> str:
    """The state after `baocao auth login`: a refresh token, no access token yet."""
    assert config.oauth is not None
    refresh = provider.issue_refresh_token()
    TokenFile(config.oauth.token_file).put(USER, Token("", refresh, dt.datetime(2000, 1, 1, tzinfo=dt.UTC)))
    return refresh


def _mail(n: int) -> tuple[bytes, dt.datetime]:
    when = dt.datetime(2021, 10, 20, 8, n, tzinfo=HCM)
    return report_mail("c1myan.thuthua@example.edu.vn", "Trường Tiểu học Mỹ An", when, number=n), when


def test_a_fresh_token_logs_in_and_the_mailbox_is_read(
    rt: Runtime, config: config_mod.Config, provider: OAuthServer, dovecot: Dovecot, folder: str
) -> None:
    _signed_in(config, provider)
    dovecot.append([_mail(1)], folder)
    before = provider.refreshes

    tally = poller.poll_once(rt, mailbox_factories(config)[0])

    assert tally.reports == 1
    assert provider.refreshes == before + 1  # the stored refresh token gave the access token
    assert provider.introspections[-1][1] is True  # Dovecot accepted it
    assert config.oauth is not None
    assert stat.S_IMODE(os.stat(config.oauth.token_file).st_mode) == 0o600


def test_the_token_is_renewed_when_it_expires_during_idle(
    rt: Runtime, config: config_mod.Config, provider: OAuthServer, dovecot: Dovecot, folder: str
) -> None:
    """Microsoft 365 ends a session whose token has expired: the daemon logs in again before that."""
    assert config.oauth is not None and config.imap is not None
    _signed_in(config, provider)
    provider.lifetime = 3.0
    imap = config.imap
    tokens = TokenSource(config.oauth, USER, margin=dt.timedelta(seconds=1))
    stop = threading.Event()
    seen: list[str] = []
    refreshes = provider.refreshes
    daemon = threading.Thread(
        target=poller.run,
        args=(rt, lambda: Mailbox(imap, tokens=tokens), stop),
        kwargs={"report": lambda s: seen.append(s.line())},
    )
    daemon.start()
    try:
        dovecot.append([_mail(1)], folder)
        _until(lambda: len(seen) >= 1)
        first_token = provider.introspections[-1][0]
        time.sleep(provider.lifetime + 0.5)  # the first token has expired by now
        dovecot.append([_mail(2)], folder)
        _until(lambda: len(seen) >= 2)
    finally:
        stop.set()
        daemon.join(timeout=20)
        provider.lifetime = 3600.0
    assert not daemon.is_alive()
    assert provider.refreshes >= refreshes + 2
    logins = [token for token, ok in provider.introspections if ok]
    assert first_token in logins and logins[-1] != first_token  # a second login with a new token
    assert all(ok for _, ok in provider.introspections[-len(logins) :])  # never an expired one
    assert "1 báo cáo được ghi nhận" in seen[-1]


def test_a_revoked_refresh_token_is_said_plainly_alerts_staff_and_is_not_retried_in_a_loop(
    rt: Runtime,
    config: config_mod.Config,
    config_path: Path,
    provider: OAuthServer,
    smtp: SmtpServer,
    dovecot: Dovecot,
    folder: str,
) -> None:
    """A revoked token used to be a connection error retried with backoff, with no word to staff."""
    _signed_in(config, provider)
    provider.revoke_all()
    dovecot.append([_mail(1)], folder)
    refused = provider.refused_refreshes
    stop, wake = threading.Event(), threading.Event()
    daemon = threading.Thread(
        target=poller.run, args=(rt, mailbox_factories(config)[0], stop), kwargs={"wake": wake}
    )
    daemon.start()
    try:
        _until(lambda: config.imap is not None and config.imap.name in Freshness(rt.store).reads())
        time.sleep(1.5)  # a tight loop would ask the provider many times meanwhile
        assert provider.refused_refreshes == refused + 1
        assert daemon.is_alive()  # the daemon stays up: no crash loop under systemd

        read = Freshness(rt.store).reads()[config.imap.name]  # type: ignore[union-attr]
        assert read.needs_admin and read.read_through is None
        assert "baocao auth login --user" in read.error and "invalid_grant" in read.error

        jobs.tick(rt, compose=False)  # the scheduler's next tick, minutes later at most
        alerts = smtp.to(STAFF)
        assert len(alerts) == 1, "staff are told at once, not after mailbox_alert_minutes"
        body = alerts[0].message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        assert "baocao auth login" in body and "cần người quản trị" in body

        result = CliRunner().invoke(main, ["--config", str(config_path), "poll", "--once"])
        assert result.exit_code == 1
        assert result.output.startswith("Lỗi:") and "Traceback" not in result.output
        assert "thu hồi" in result.output or "không chấp nhận" in result.output

        # The administrator signs in again: the running daemon picks the new token up by itself.
        _signed_in(config, provider)
        wake.set()
        _until(lambda: Freshness(rt.store).reads()[config.imap.name].read_through is not None)  # type: ignore[union-attr]
    finally:
        stop.set()
        daemon.join(timeout=20)
    assert not Freshness(rt.store).reads()[config.imap.name].needs_admin  # type: ignore[union-attr]


def test_device_login_stores_the_refresh_token_then_the_mailbox_is_read(
    config_path: Path, config: config_mod.Config, provider: OAuthServer, dovecot: Dovecot, folder: str
) -> None:
    dovecot.append([_mail(3)], folder)
    result = CliRunner().invoke(main, ["--config", str(config_path), "auth", "login", "--device"])
    assert result.exit_code == 0, result.output
    assert "nhập mã: BAO-CAO1" in result.output and "Đã lưu mã làm mới" in result.output
    assert config.oauth is not None
    stored = TokenFile(config.oauth.token_file).get(USER)
    assert stored is not None and stored.refresh_token in provider.grants
    assert stat.S_IMODE(os.stat(config.oauth.token_file).st_mode) == 0o600
    assert stored.refresh_token not in config_path.read_text(encoding="utf-8")

    polled = CliRunner().invoke(main, ["--config", str(config_path), "poll", "--once"])
    assert polled.exit_code == 0, polled.output
    assert "1 báo cáo được ghi nhận" in polled.output


def test_browser_login_with_pkce_through_the_loopback_address(
    config: config_mod.Config, provider: OAuthServer
) -> None:
    """The provider checks the PKCE verifier and the redirect address before it hands out tokens."""
    assert config.oauth is not None
    oauth = config.oauth
    opened: list[str] = []

    def browser(url: str) -> None:  # the administrator opens the address and says yes
        opened.append(url)
        threading.Thread(target=requests.get, args=(url,), kwargs={"timeout": 10}, daemon=True).start()

    token = login_browser(oauth, USER, browser, timeout=20)

    assert "code_challenge_method=S256" in opened[0] and "redirect_uri=http%3A%2F%2F127.0.0.1" in opened[0]
    assert token.refresh_token in provider.grants
    stored = TokenFile(oauth.token_file).get(USER)
    assert stored is not None and stored.refresh_token == token.refresh_token


def test_no_stored_token_is_a_configuration_error_naming_the_command(config: config_mod.Config) -> None:
    assert config.oauth is not None
    with pytest.raises(TokenRevokedError, match="baocao auth login --user pgdthuthua@example.edu.vn"):
        TokenSource(config.oauth, USER).access_token()


def test_poll_once_with_the_token_service_away_says_to_run_it_again(
    config: config_mod.Config, config_path: Path, provider: OAuthServer
) -> None:
    """`poll --once` when the provider's token endpoint cannot be reached promised «Sẽ thử lại», a retry that a
    command run once never makes, after requests' English («Max retries exceeded …»): it says in Vietnamese
    that the service could not be reached, and to run the command again once it is back."""
    _signed_in(config, provider)
    with socket.socket() as closed:  # a port nothing listens on: the token service is away
        closed.bind(("127.0.0.1", 0))
        away = f"http://127.0.0.1:{closed.getsockname()[1]}/token"
    config_path.write_text(config_path.read_text().replace(f"{provider.url}/token", away), encoding="utf-8")

    result = CliRunner().invoke(main, ["--config", str(config_path), "poll", "--once"])

    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "không lấy được mã truy cập OAuth2" in result.output
    assert "thử lại" not in result.output
    assert "không kết nối được" in result.output and "Max retries" not in result.output
    assert "Chạy lại lệnh khi máy chủ thư hoạt động trở lại" in result.output


def _until(condition: object, timeout: float = 20.0) -> None:
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the daemon")
        time.sleep(0.05)
