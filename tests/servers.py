"""A throwaway Dovecot IMAP server for the intake tests and the benchmark (real server, no mocks)."""

from __future__ import annotations

import datetime as dt
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from imapclient import IMAPClient

USER = "pgdthuthua@example.edu.vn"
PASSWORD = "mat-khau-thu"

_CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
first_valid_uid = 1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = {mechanisms}
mail_location = maildir:{root}/mail/%u
mail_fsync = never
default_login_user = dovenull
default_internal_user = dovecot
default_internal_group = dovecot
protocol imap {{
  mail_max_userip_connections = 100
  imap_max_line_length = {max_line_length}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
{oauth2_passdb}userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={root}/mail/%u
}}
"""


# Dovecot checks OAuth2 access tokens (XOAUTH2, OAUTHBEARER) against an introspection URL.
_OAUTH2_PASSDB = """passdb {{
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {root}/dovecot-oauth2.conf.ext
}}
"""
_OAUTH2_EXT = """introspection_mode = post
introspection_url = {url}
username_attribute = username
active_attribute = active
active_value = true
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Dovecot:
    """One Dovecot instance in its own short temp dir; start, stop and restart keep the mail."""

    root: Path
    port: int
    user: str = USER
    password: str = PASSWORD
    process: subprocess.Popen[bytes] | None = None

    @property
    def host(self) -> str:
        return "127.0.0.1"

    def start(self) -> None:
        """Run the master in the foreground as our child and wait until the port accepts."""
        self.process = subprocess.Popen(
            ["dovecot", "-F", "-c", str(self.root / "dovecot.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group, so stop() reaches every child
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"dovecot exited with {self.process.returncode}: {err}{self.log()}")
            try:
                with socket.create_connection((self.host, self.port), timeout=0.2) as s:
                    if s.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.02)
        raise RuntimeError(f"dovecot did not accept connections on port {self.port}: {self.log()}")

    def stop(self) -> None:
        """SIGTERM the master and its children, as a service manager does, and wait for the master.

        Children left alone keep idle connections open for about ten seconds after the master goes.
        """
        process, self.process = self.process, None
        if process is None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        if process.stderr:
            process.stderr.close()

    def restart(self) -> None:
        self.stop()
        self.start()

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    @contextmanager
    def client(self) -> Iterator[IMAPClient]:
        """A logged-in client with aware INTERNALDATEs, for test set-up and the benchmark."""
        client = IMAPClient(self.host, port=self.port, ssl=False, timeout=30)
        client.normalise_times = False
        client.login(self.user, self.password)
        try:
            yield client
        finally:
            client.logout()

    def append(self, messages: Iterable[tuple[bytes, dt.datetime]], folder: str = "INBOX") -> list[int]:
        """APPEND raw messages with their server receipt time (INTERNALDATE); returns their UIDs."""
        uids: list[int] = []
        with self.client() as client:
            if not client.folder_exists(folder):
                client.create_folder(folder)
            for raw, received_at in messages:
                response = client.append(folder, raw, msg_time=received_at)
                uids.append(_appended_uid(response))
        return uids

    def change_uidvalidity(self, folder: str = "INBOX") -> None:
        """Give the folder a new UIDVALIDITY with the same messages, as a server migration would.

        INBOX cannot be deleted, so Dovecot is stopped and its UID list and indexes removed:
        on the next start it numbers the same messages afresh (UIDs from 1 again) under a new
        UIDVALIDITY, so old UIDs now name possibly different messages.
        """
        with self.client() as client:
            before = client.select_folder(folder, readonly=True)[b"UIDVALIDITY"]
        self.stop()
        maildir = self.root / "mail" / self.user
        if folder != "INBOX":
            maildir = maildir / f".{folder}"
        for path in maildir.iterdir():
            if path.name.startswith("dovecot"):
                path.unlink()
        self.start()
        with self.client() as client:
            after = client.select_folder(folder, readonly=True)[b"UIDVALIDITY"]
        if after == before:
            raise RuntimeError(f"UIDVALIDITY of {folder} stayed {before}")


def _appended_uid(response: bytes) -> int:
    # "[APPENDUID <uidvalidity> <uid>] Append completed." (UIDPLUS)
    text = response.decode()
    return int(text.split("APPENDUID", 1)[1].split("]", 1)[0].split()[1])


@contextmanager
def dovecot_server(
    *, introspection_url: str | None = None, max_line_length: str = "64k"
) -> Iterator[Dovecot]:
    """Start a fresh Dovecot on a free port of 127.0.0.1 with one user; remove everything after.

    max_line_length is the longest command line it takes (Dovecot's default is 64k; RFC 7162 asks
    clients to expect servers that take only about 8k).

    With introspection_url, the user may also log in with an OAuth2 access token (XOAUTH2 or
    OAUTHBEARER) that the URL says is active, as Google Workspace and Microsoft 365 accounts do.
    """
    if shutil.which("dovecot") is None:
        raise RuntimeError("dovecot not found: install it (apt-get install dovecot-imapd)")
    root = Path(tempfile.mkdtemp(prefix="dv", dir="/tmp"))  # short: unix socket paths are limited
    os.chmod(root, 0o755)
    server = Dovecot(root=root, port=free_port())
    for name in ("run", "state", "mail"):
        (root / name).mkdir()
    if os.geteuid() == 0:  # Dovecot refuses uid 0 for mail: the mail belongs to the dovecot user
        pw = pwd.getpwnam("dovecot")
        os.chown(root / "mail", pw.pw_uid, pw.pw_gid)
    (root / "users").write_text(f"{server.user}:{{PLAIN}}{server.password}\n")
    mechanisms, passdb = "plain login", ""
    if introspection_url is not None:
        mechanisms += " xoauth2 oauthbearer"
        passdb = _OAUTH2_PASSDB.format(root=root)
        (root / "dovecot-oauth2.conf.ext").write_text(_OAUTH2_EXT.format(url=introspection_url))
    (root / "dovecot.conf").write_text(
        _CONFIG.format(
            root=root,
            port=server.port,
            mechanisms=mechanisms,
            oauth2_passdb=passdb,
            max_line_length=max_line_length,
        )
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
