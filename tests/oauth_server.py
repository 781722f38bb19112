"""A local OAuth2 authorization server for the tests: what Google or Microsoft do, on 127.0.0.1.

It signs a user in (authorization code with PKCE, or device code), hands out access tokens that
expire after `lifetime` seconds, refreshes them from a refresh token until that is revoked, and
answers Dovecot's token introspection and the SMTP test server's checks. Everything it did is
counted, so the tests assert what a provider would have seen.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from tests.servers import free_port

CLIENT_ID = "baocao-test-client"


@dataclass
class Grant:
    username: str
    refresh_token: str
    revoked: bool = False


@dataclass
class OAuthServer:
    """The provider's state; `url` is its base address (http://127.0.0.1:PORT)."""

    username: str
    port: int = field(default_factory=free_port)
    lifetime: float = 3600.0  # seconds an access token is valid
    grants: dict[str, Grant] = field(default_factory=dict)  # by refresh token
    access: dict[str, tuple[str, float]] = field(default_factory=dict)  # token -> (user, expiry, monotonic)
    codes: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (challenge, redirect_uri)
    devices: dict[str, int] = field(default_factory=dict)  # device code -> polls so far
    refreshes: int = 0
    refused_refreshes: int = 0
    introspections: list[tuple[str, bool]] = field(default_factory=list)
    _numbers: Iterator[int] = field(default_factory=itertools.count)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def issue_refresh_token(self) -> str:
        """A refresh token for the user, as if they had signed in earlier."""
        token = f"rt-{secrets.token_hex(8)}"
        self.grants[token] = Grant(self.username, token)
        return token

    def revoke_all(self) -> None:
        """What a password change or an admin's "sign out everywhere" does."""
        for grant in self.grants.values():
            grant.revoked = True
        self.access.clear()

    def _access_token(self, username: str) -> dict[str, object]:
        token = f"at-{next(self._numbers)}-{secrets.token_hex(6)}"
        self.access[token] = (username, time.monotonic() + self.lifetime)
        return {"access_token": token, "token_type": "Bearer", "expires_in": int(self.lifetime)}

    def valid(self, token: str) -> str | None:
        """The user of an access token that is known and not expired."""
        found = self.access.get(token)
        if found is None or time.monotonic() >= found[1]:
            return None
        return found[0]

    # -- the endpoints ---------------------------------------------------------------------------

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, object]]:
        if form.get("client_id") != CLIENT_ID:
            return 401, {"error": "invalid_client"}
        grant_type = form.get("grant_type")
        with self._lock:
            if grant_type == "refresh_token":
                grant = self.grants.get(form.get("refresh_token", ""))
                if grant is None or grant.revoked:
                    self.refused_refreshes += 1
                    return 400, {"error": "invalid_grant", "error_description": "Token has been revoked."}
                self.refreshes += 1
                return 200, self._access_token(grant.username)
            if grant_type == "authorization_code":
                challenge, redirect = self.codes.pop(form.get("code", ""), ("", ""))
                verifier = form.get("code_verifier", "")
                digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
                if not challenge or digest.decode() != challenge or form.get("redirect_uri") != redirect:
                    return 400, {"error": "invalid_grant", "error_description": "PKCE or redirect mismatch"}
                return 200, {**self._access_token(self.username), "refresh_token": self.issue_refresh_token()}
            if grant_type == "urn:ietf:params:oauth:grant-type:device_code":
                code = form.get("device_code", "")
                if code not in self.devices:
                    return 400, {"error": "expired_token"}
                self.devices[code] += 1
                if self.devices[code] < 2:  # the user has not typed the code yet
                    return 400, {"error": "authorization_pending"}
                del self.devices[code]
                return 200, {**self._access_token(self.username), "refresh_token": self.issue_refresh_token()}
        return 400, {"error": "unsupported_grant_type"}

    def authorize(self, query: dict[str, str]) -> str:
        """The user says yes at once: the redirect to the client's loopback address."""
        if query.get("client_id") != CLIENT_ID or query.get("code_challenge_method") != "S256":
            raise ValueError("bad authorization request")
        code = f"code-{secrets.token_hex(6)}"
        self.codes[code] = (query["code_challenge"], query["redirect_uri"])
        return f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query.get('state', '')})}"

    def device(self, form: dict[str, str]) -> dict[str, object]:
        code = f"dc-{secrets.token_hex(6)}"
        self.devices[code] = 0
        return {
            "device_code": code,
            "user_code": "BAO-CAO1",
            "verification_uri": f"{self.url}/device-login",
            "expires_in": 900,
            "interval": 1,
        }

    def introspect(self, form: dict[str, str]) -> dict[str, object]:
        user = self.valid(form.get("token", ""))
        self.introspections.append((form.get("token", ""), user is not None))
        return {"active": True, "username": user} if user else {"active": False}


def _handler(server: OAuthServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def _form(self) -> dict[str, str]:
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length).decode()
            form = {k: v[0] for k, v in parse_qs(body).items()}
            auth = self.headers.get("Authorization", "")
            if auth.startswith("Basic ") and "client_id" not in form:
                form["client_id"] = base64.b64decode(auth[6:]).decode().split(":", 1)[0]
            return form

        def _json(self, status: int, data: dict[str, object]) -> None:
            body = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            path = urlsplit(self.path).path
            form = self._form()
            if path == "/token":
                self._json(*server.token(form))
            elif path == "/device":
                self._json(200, server.device(form))
            elif path == "/introspect":
                self._json(200, server.introspect(form))
            else:
                self._json(404, {"error": "not_found"})

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            if parts.path != "/authorize":
                self._json(404, {"error": "not_found"})
                return
            try:
                target = server.authorize({k: v[0] for k, v in parse_qs(parts.query).items()})
            except (KeyError, ValueError):
                self._json(400, {"error": "invalid_request"})
                return
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler


@contextmanager
def oauth_server(username: str, *, lifetime: float = 3600.0) -> Iterator[OAuthServer]:
    state = OAuthServer(username, lifetime=lifetime)
    httpd = ThreadingHTTPServer(("127.0.0.1", state.port), _handler(state))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


def oauth_config_text(server: OAuthServer, token_file: str = "var/oauth-tokens.json") -> str:
    """The [oauth2] table of a config pointing at the test provider."""
    return f"""
[oauth2]
provider = "custom"
client_id = "{CLIENT_ID}"
authorization_endpoint = "{server.url}/authorize"
token_endpoint = "{server.url}/token"
device_authorization_endpoint = "{server.url}/device"
scopes = ["https://mail.example/imap", "offline_access"]
token_file = "{token_file}"
"""
