"""OAuth2 access tokens for the mail accounts, refreshed before they expire from a stored refresh token.

The refresh token of each account lives in [oauth2].token_file (JSON, mode 600), written by
`baocao auth login`, never in config.toml. IMAP (XOAUTH2) and SMTP (XOAUTH2) ask a TokenSource
for a current access token just before they log in.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from authlib.integrations.requests_client import OAuth2Session, OAuthError

from kernel.config import OAuthConfig
from kernel.errors import BaocaoError, ConfigError

log = logging.getLogger(__name__)

MARGIN = dt.timedelta(minutes=2)  # an access token this close to its expiry is renewed first
TIMEOUT = 30.0  # seconds for one request to the token endpoint


class TokenRevokedError(ConfigError):
    """Raised when there is no refresh token for an account, or the provider refuses it (revoked,
    expired, password changed, client removed): only `baocao auth login` can help, so it is a
    configuration error, never retried in a tight loop."""


class TokenServerError(BaocaoError):
    """Raised when the token endpoint cannot be reached or answers with a server error: temporary,
    retried later."""


@dataclass(frozen=True)
class Token:
    access_token: str
    refresh_token: str
    expires_at: dt.datetime  # aware UTC


def token_from_response(response: Mapping[str, Any], now: dt.datetime, refresh_token: str = "") -> Token:
    """A token endpoint's answer as a Token; a refresh answer may omit the refresh token (kept)."""
    try:
        access = str(response["access_token"])
        expires_in = int(response.get("expires_in", 3600))
    except (KeyError, TypeError, ValueError) as e:
        raise TokenServerError(f"máy chủ cấp mã OAuth2 trả lời không có access_token hợp lệ ({e})") from e
    refresh = str(response.get("refresh_token") or refresh_token)
    return Token(access, refresh, now + dt.timedelta(seconds=expires_in))


class TokenFile:
    """The token file: {username: {access_token, refresh_token, expires_at}}, written atomically, mode 600."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as e:
            raise ConfigError(
                f"không đọc được tệp mã OAuth2 {self.path}: {e}. Chạy lại baocao auth login."
            ) from e
        return data if isinstance(data, dict) else {}

    def get(self, username: str) -> Token | None:
        entry = self._load().get(username.lower())
        if not isinstance(entry, dict) or not entry.get("refresh_token"):
            return None
        try:
            expires = dt.datetime.fromisoformat(entry.get("expires_at") or "1970-01-01T00:00:00+00:00")
        except ValueError:
            expires = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
        return Token(str(entry.get("access_token") or ""), str(entry["refresh_token"]), expires)

    def put(self, username: str, token: Token) -> None:
        data = self._load()
        data[username.lower()] = {
            "access_token": token.access_token,
            "refresh_token": token.refresh_token,
            "expires_at": token.expires_at.isoformat(),
        }
        self._write(data)

    def forget(self, username: str) -> bool:
        data = self._load()
        if data.pop(username.lower(), None) is None:
            return False
        self._write(data)
        return True

    def _write(self, data: dict[str, Any]) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tokens-")  # mode 600
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, indent=2)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except OSError as e:
            raise ConfigError(
                f"không ghi được tệp mã OAuth2 {self.path}: {e}. Kiểm tra quyền ghi thư mục."
            ) from e


def session(oauth: OAuthConfig, **kwargs: Any) -> OAuth2Session:
    """An authlib client for the configured provider; a public client (no secret) sends its id only."""
    method = "client_secret_post" if oauth.client_secret else "none"
    return OAuth2Session(
        oauth.client_id,
        oauth.client_secret,
        scope=" ".join(oauth.scopes),
        token_endpoint_auth_method=method,
        **kwargs,
    )


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class TokenSource:
    """Current access tokens for one account; thread-safe, refreshing at most once at a time.

    Tokens expire in real time, so the clock is the real one unless a test passes another.
    """

    def __init__(
        self,
        oauth: OAuthConfig,
        username: str,
        clock: Callable[[], dt.datetime] = _utc_now,
        margin: dt.timedelta = MARGIN,
    ) -> None:
        self.oauth = oauth
        self.username = username
        self.clock = clock
        self.margin = margin
        self.file = TokenFile(oauth.token_file)
        self._lock = threading.Lock()

    def renew_at(self) -> dt.datetime | None:
        """When the current access token should be replaced (a session using it renewed)."""
        token = self.file.get(self.username)
        return token.expires_at - self.margin if token else None

    def access_token(self) -> str:
        """A token valid for at least MARGIN more; refreshed (and stored) when it is not."""
        with self._lock:
            token = self.file.get(self.username)  # read each time: `auth login` may have run meanwhile
            if token is None:
                raise TokenRevokedError(
                    f"chưa có mã OAuth2 cho tài khoản {self.username} trong {self.oauth.token_file}: "
                    f"chạy baocao auth login --user {self.username}"
                )
            now = self.clock()
            if token.access_token and now < token.expires_at - self.margin:
                return token.access_token
            fresh = self._refresh(token, now)
            self.file.put(self.username, fresh)
            log.info(
                "refreshed the OAuth2 access token of %s (valid until %s)", self.username, fresh.expires_at
            )
            return fresh.access_token

    def _refresh(self, token: Token, now: dt.datetime) -> Token:
        client = session(self.oauth)
        try:
            answer = client.refresh_token(
                self.oauth.token_endpoint, refresh_token=token.refresh_token, timeout=TIMEOUT
            )
        except OAuthError as e:
            if e.error in ("invalid_grant", "invalid_client", "unauthorized_client", "invalid_scope"):
                raise TokenRevokedError(
                    f"nhà cung cấp thư ({self.oauth.provider}) không chấp nhận mã làm mới OAuth2 của "
                    f"tài khoản {self.username} ({e.error}: {e.description or 'đã bị thu hồi hoặc hết hạn'}). "
                    f"Chạy lại baocao auth login --user {self.username} để cấp quyền lại."
                ) from e
            raise TokenServerError(f"máy chủ cấp mã OAuth2 báo lỗi {e.error}: {e.description}") from e
        except (requests.RequestException, ValueError) as e:
            log.debug("the token endpoint's failure: %s", e)
            raise TokenServerError(
                f"không lấy được mã truy cập OAuth2 mới từ {self.oauth.token_endpoint}: {_unreached(e)}"
            ) from e
        finally:
            client.close()
        return token_from_response(answer, now, token.refresh_token)


_sources: dict[tuple[Path, str], TokenSource] = {}
_sources_lock = threading.Lock()


def source_for(oauth: OAuthConfig, username: str) -> TokenSource:
    """The one TokenSource of an account in this process, so IMAP and SMTP never refresh at once."""
    key = (oauth.token_file, username.lower())
    with _sources_lock:
        found = _sources.get(key)
        if found is None or found.oauth != oauth:
            found = _sources[key] = TokenSource(oauth, username)
        return found


def xoauth2(username: str, access_token: str) -> str:
    """The SASL XOAUTH2 initial response (Google, Microsoft), before base64."""
    return f"user={username}\x01auth=Bearer {access_token}\x01\x01"


def _unreached(e: Exception) -> str:
    """Why the token endpoint gave no answer, in Vietnamese for the usual causes (requests words them in
    English: «HTTPConnectionPool(…): Max retries exceeded …»)."""
    if isinstance(e, requests.Timeout):
        return "máy chủ không trả lời (quá thời gian chờ)"
    if isinstance(e, requests.ConnectionError):
        return "không kết nối được (máy chủ không chạy, sai địa chỉ, hoặc mạng có sự cố)"
    return str(e)
