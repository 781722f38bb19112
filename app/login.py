"""`baocao auth login`: an administrator signs a mail account in with OAuth2 once; its refresh token is
stored in [oauth2].token_file (mode 600) for IMAP and SMTP to use from then on.

Two flows, both supported by Google and Microsoft: the browser flow (authorization code with PKCE,
answered on a loopback address of this machine) and, for Microsoft 365, the device-code flow (a
code typed at a page on any device).
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

import requests
from authlib.integrations.requests_client import OAuthError

from kernel.config import OAuthConfig
from kernel.errors import BaocaoError
from kernel.runtime import utc_now
from kernel.tokens import TIMEOUT, Token, TokenFile, session, token_from_response

log = logging.getLogger(__name__)

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
_PAGE = "<!doctype html><meta charset=utf-8><title>baocao</title><p style='font:18px sans-serif'>{text}</p>"


class LoginError(BaocaoError):
    """Raised when a sign-in is refused, abandoned or times out, or the provider answers oddly."""


def login_browser(
    oauth: OAuthConfig,
    username: str,
    show: Callable[[str], None],
    *,
    port: int = 0,
    timeout: float = 300.0,
) -> Token:
    """Authorization code with PKCE: show() gets the address to open; the provider sends the browser
    back to http://127.0.0.1:PORT/ with a code, exchanged here for the tokens, which are stored."""
    answer: dict[str, str] = {}
    done = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
            if "code" not in query and "error" not in query:
                self._reply(404, "Không có gì ở đây.")
                return
            answer.update(query)
            ok = "code" in query
            text = (
                "Đã cấp quyền cho baocao. Có thể đóng cửa sổ này và quay lại cửa sổ dòng lệnh."
                if ok
                else f"Chưa cấp quyền: {query.get('error_description') or query.get('error')}."
            )
            self._reply(200, text)
            done.set()

        def _reply(self, status: int, text: str) -> None:
            body = _PAGE.format(text=text).encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    try:
        server = HTTPServer(("127.0.0.1", port), Handler)
    except OSError as e:
        raise LoginError(f"không mở được cổng {port} trên 127.0.0.1 để nhận kết quả đăng nhập: {e}") from e
    redirect_uri = f"http://127.0.0.1:{server.server_port}/"
    verifier = secrets.token_urlsafe(64)
    client = session(oauth, redirect_uri=redirect_uri, code_challenge_method="S256")
    url, state = client.create_authorization_url(
        oauth.authorization_endpoint,
        code_verifier=verifier,
        login_hint=username,
        access_type="offline",  # Google: hand out a refresh token
        prompt="consent",
    )
    thread = threading.Thread(target=_serve, args=(server, done, timeout), daemon=True)
    thread.start()
    try:
        show(url)
        if not done.wait(timeout):
            raise LoginError(
                f"quá {timeout:.0f} giây chưa đăng nhập xong; chạy lại baocao auth login "
                "(hoặc --device để dùng mã thiết bị)"
            )
    finally:
        done.set()  # ends _serve within its poll interval
        thread.join()
        server.server_close()
    if "code" not in answer:
        raise LoginError(
            f"nhà cung cấp không cấp quyền: {answer.get('error_description') or answer.get('error')}"
        )
    if answer.get("state") != state:
        raise LoginError("kết quả đăng nhập không khớp yêu cầu (state khác); chạy lại baocao auth login")
    now = utc_now()
    try:
        response = client.fetch_token(
            oauth.token_endpoint,
            grant_type="authorization_code",
            code=answer["code"],
            code_verifier=verifier,
            timeout=TIMEOUT,
        )
    except OAuthError as e:
        raise LoginError(f"máy chủ cấp mã từ chối: {e.error} {e.description or ''}".strip()) from e
    except (requests.RequestException, ValueError) as e:
        raise LoginError(f"không nhận được mã từ {oauth.token_endpoint}: {e}") from e
    finally:
        client.close()
    return _store(oauth, username, token_from_response(response, now))


def _serve(server: HTTPServer, done: threading.Event, timeout: float) -> None:
    server.timeout = 0.2
    deadline = time.monotonic() + timeout
    while not done.is_set() and time.monotonic() < deadline:
        server.handle_request()


def login_device(
    oauth: OAuthConfig,
    username: str,
    show: Callable[[str, str], None],
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> Token:
    """Device code: show(address, code) tells the administrator where to type which code; the
    token endpoint is asked at the interval the provider gives until they have done it."""
    if not oauth.device_endpoint:
        raise LoginError(
            f"nhà cung cấp {oauth.provider} không cho đăng nhập bằng mã thiết bị với quyền đọc thư: "
            "dùng baocao auth login (không có --device) để đăng nhập bằng trình duyệt"
        )
    try:
        reply = requests.post(
            oauth.device_endpoint,
            data={"client_id": oauth.client_id, "scope": " ".join(oauth.scopes)},
            timeout=TIMEOUT,
        )
        data = reply.json()
        device_code, user_code = str(data["device_code"]), str(data["user_code"])
        address = str(data.get("verification_uri") or data.get("verification_url"))
    except (requests.RequestException, ValueError, KeyError) as e:
        raise LoginError(f"không lấy được mã thiết bị từ {oauth.device_endpoint}: {e}") from e
    interval = float(data.get("interval", 5))
    deadline = time.monotonic() + float(data.get("expires_in", 900))
    show(address, user_code)
    client = session(oauth)
    try:
        while time.monotonic() < deadline:
            sleep(interval)
            now = utc_now()
            try:
                response = client.fetch_token(
                    oauth.token_endpoint, grant_type=DEVICE_GRANT, device_code=device_code, timeout=TIMEOUT
                )
            except OAuthError as e:
                if e.error == "authorization_pending":
                    continue
                if e.error == "slow_down":
                    interval += 5
                    continue
                raise LoginError(f"chưa cấp quyền: {e.error} {e.description or ''}".strip()) from e
            except (requests.RequestException, ValueError) as e:
                raise LoginError(f"không nhận được mã từ {oauth.token_endpoint}: {e}") from e
            return _store(oauth, username, token_from_response(response, now))
    finally:
        client.close()
    raise LoginError("mã thiết bị đã hết hạn trước khi đăng nhập xong; chạy lại baocao auth login --device")


def _store(oauth: OAuthConfig, username: str, token: Token) -> Token:
    if not token.refresh_token:
        raise LoginError(
            "nhà cung cấp không trả mã làm mới (refresh token): kiểm tra phạm vi quyền (scopes, với "
            "Microsoft cần offline_access) rồi đăng nhập lại"
        )
    TokenFile(oauth.token_file).put(username, token)
    log.info("stored an OAuth2 refresh token for %s in %s", username, oauth.token_file)
    return token
