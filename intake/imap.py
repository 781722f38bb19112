"""The IMAP connection to the district mailbox: read-only, never touches a flag (the only imapclient user)."""

from __future__ import annotations

import datetime as dt
import email.parser
import email.policy
import logging
import os
import re
import select
import socket
import ssl
import time
import unicodedata
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from types import TracebackType
from typing import Any, TypeVar

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

from intake import headers
from intake.errors import (
    ConnectionLostError,
    FolderMissingError,
    LoginRefusedError,
    MailboxError,
    PassingError,
    VanishedError,
)
from kernel.config import ImapConfig
from kernel.errors import ConfigError, network_problem
from kernel.tokens import TokenServerError, TokenSource

log = logging.getLogger(__name__)
# imapclient warns, in English, each time a server's reply holds a letter outside ASCII (a folder «Đã xử lý»
# echoed in an error): what the reply said reaches staff through _select_refused, in Vietnamese.
logging.getLogger("imapclient.util").setLevel(logging.ERROR)
T = TypeVar("T")

# Servers may drop an IDLE after 30 minutes (RFC 2177): never idle longer than this in one go.
MAX_IDLE_SECONDS = 25 * 60
_IDLE_CHECK_SECONDS = 1.0  # how quickly a stop request ends an IDLE
# RFC 5530 codes of a login refused for now (a subsystem down, a resource busy), not for the credentials:
# retried like a lost connection, never reported as a wrong password.
_TRANSIENT = re.compile(r"\[(UNAVAILABLE|INUSE)\]", re.IGNORECASE)
# What an envelope reads of a message's header: enough to tell a second copy of a recorded message
# from another message under the same Message-ID (intake.identity.same_sending).
SENDING_FIELDS = "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID FROM DATE X-ORIGINAL-SENDER X-ORIGINAL-FROM REPLY-TO LIST-ID MAILING-LIST)]"
# UIDs per envelope FETCH: the UID list is the command line, and many servers take about 8 kB at most
# (RFC 7162); 500 UIDs of up to ten digits stay under 6 kB.
ENVELOPE_BATCH = 500
_JUNK_NAMES = {"junk", "spam", "junk e-mail", "junk email", "bulk mail", "thư rác"}


@dataclass(frozen=True)
class Envelope:
    """What is known about a message before its bytes are fetched."""

    uid: int
    message_id: str | None  # without angle brackets; None when the header is absent
    size: int
    received_at: dt.datetime  # INTERNALDATE, the server's receipt time, aware UTC
    header: bytes = (
        b""  # the header lines SENDING_FIELDS names (Message-ID, From, Date…); empty when not read
    )


@dataclass(frozen=True)
class Fetched:
    uid: int
    raw: bytes
    received_at: dt.datetime  # INTERNALDATE, aware UTC


class Mailbox:
    """One connection to the configured folder, selected read-only so no flag ever changes.

    Use as a context manager: entering connects and logs in, leaving logs out. Every failure
    of the server or the network is raised as MailboxError naming the server and what to check.
    """

    def __init__(
        self,
        config: ImapConfig,
        *,
        timeout: float = 60.0,
        batch_bytes: int = 8 * 1024 * 1024,
        batch_count: int = 50,
        tokens: TokenSource | None = None,
    ) -> None:
        self.config = config
        self.tokens = tokens
        self.timeout = timeout
        self.batch_bytes = batch_bytes
        self.batch_count = batch_count
        self._client: IMAPClient | None = None

    @property
    def name(self) -> str:
        return self.config.name

    @property
    def where(self) -> str:
        c = self.config
        return f"máy chủ IMAP {c.host}:{c.port} (tài khoản {c.username})"

    # -- connection ----------------------------------------------------------------------------

    def _connect(self) -> IMAPClient:
        """Make the connection (TLS as configured); the one place a socket is created."""
        c = self.config
        context = ssl.create_default_context()
        client = IMAPClient(
            c.host, port=c.port, ssl=c.security == "ssl", ssl_context=context, timeout=self.timeout
        )
        if c.security == "starttls":
            client.starttls(context)
        return client

    def renew_at(self) -> dt.datetime | None:
        """When this session's OAuth2 token expires: some servers (Microsoft 365) end the session
        then, so the daemon logs in again with a fresh token before that. None for a password."""
        return self.tokens.renew_at() if self.tokens is not None and self.config.auth == "oauth2" else None

    def _credential(self) -> str:
        """The password, or a current OAuth2 access token (refreshed first when due)."""
        c = self.config
        if c.auth != "oauth2":
            return c.secret()
        if self.tokens is None:
            raise ConfigError(f'[{c.where}].auth = "oauth2" nhưng chưa có mục [oauth2] trong tệp cấu hình')
        try:
            return self.tokens.access_token()
        except TokenServerError as e:
            raise PassingError(f"Chưa đăng nhập được {self.where}: {e}.") from e

    def open(self) -> None:
        c = self.config
        password = self._credential()
        try:
            client = self._connect()
        except (OSError, IMAPClientError) as e:
            raise MailboxError(
                f"Không kết nối được tới {self.where}: {_reason(e)}. "
                "Kiểm tra [imap].host, [imap].port và [imap].security trong tệp cấu hình, "
                "và máy chủ có đang chạy không."
            ) from e
        client.normalise_times = False  # keep INTERNALDATE's own offset instead of naive local time
        try:
            if c.auth == "oauth2":
                client.oauth2_login(c.username, password)
            else:
                client.login(c.username, password)
        except LoginError as e:
            _logout(client)
            if _TRANSIENT.search(_reason(e)):
                raise PassingError(
                    f"{self.where} tạm thời chưa cho đăng nhập: {_reason(e)}. Nếu lỗi kéo dài, kiểm tra máy "
                    "chủ thư."
                ) from e
            if c.auth == "oauth2":
                what = (
                    "mã OAuth2 (tài khoản có bật IMAP không, ứng dụng có quyền đọc thư không; "
                    f"cấp quyền lại bằng baocao auth login --user {c.username})"
                )
            else:
                where = "biến môi trường " + c.password_env if c.password_env else f"[{c.where}].password"
                what = f"mật khẩu ({where}; với Google Workspace hoặc Microsoft 365 dùng mật khẩu ứng dụng hoặc OAuth2)"
            raise LoginRefusedError(
                f"{self.where} từ chối đăng nhập: {_refusal(e, c.auth)}. Kiểm tra [{c.where}].username và {what}."
            ) from e
        except (OSError, IMAPClientError) as e:
            _logout(client)
            raise MailboxError(f"Mất kết nối với {self.where} khi đăng nhập: {_reason(e)}.") from e
        self._client = client
        _OPEN.add(self)
        log.info("connected to %s", self.name)

    def close(self) -> None:
        _OPEN.discard(self)
        if self._client is not None:
            _logout(self._client)
            self._client = None

    def __enter__(self) -> Mailbox:
        self.open()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def client(self) -> IMAPClient:
        if self._client is None:
            raise MailboxError(f"Chưa kết nối tới {self.where}.")
        return self._client

    # -- reading -------------------------------------------------------------------------------

    def select(self) -> int:
        """Select the folder read-only (EXAMINE) and return its UIDVALIDITY.

        The folder's Vietnamese letters may be composed on one side and decomposed on the other (a
        name typed on a Mac, a folder made by Apple Mail): the server's spelling is then looked up.
        """
        folder = self.config.folder
        try:
            try:
                response = self.client.select_folder(folder, readonly=True)
            except IMAPClientError as e:
                if isinstance(e, IMAPClient.AbortError):
                    raise
                folders = self._call(self.client.list_folders)
                names = [str(name) for _flags, _delimiter, name in folders]
                same = [n for n in names if n != folder and _nfc(n) == _nfc(folder)]
                if not same:
                    refused = (
                        FolderMissingError if _nfc(folder) not in map(_nfc, names) else LoginRefusedError
                    )
                    raise refused(
                        f'Không mở được thư mục "{folder}" trên {self.where}: {_select_refused(e)}. '
                        f"Trên máy chủ có các thư mục: {', '.join(sorted(names, key=_nfc))}. "
                        f"Kiểm tra tên thư mục trong [{self.config.where}] của tệp cấu hình (thường là "
                        "INBOX); thư mục có thể đã bị đổi tên hoặc xóa trong hộp thư."
                    ) from e
                response = self.client.select_folder(same[0], readonly=True)
        except IMAPClientError as e:
            raise self._lost(e) from e
        except OSError as e:
            raise self._lost(e) from e
        return int(response[b"UIDVALIDITY"])

    def junk_folders(self, besides: Iterable[str] = ()) -> list[str]:
        """The folders where the server files spam: marked \\Junk (RFC 6154), or named as mail programs
        name them ("Junk", "Spam", "Junk E-mail", "Bulk Mail", "Thư rác"), however deep; not those besides
        names, however their letters are composed (see select)."""
        left_out = {_nfc(b) for b in besides}
        found = []
        for flags, delimiter, name in self._call(self.client.list_folders):
            separator = delimiter.decode() if isinstance(delimiter, bytes) else delimiter
            leaf = str(name).rsplit(separator, 1)[-1] if separator else str(name)
            if (b"\\Junk" in flags or _nfc(leaf).casefold() in _JUNK_NAMES) and _nfc(
                str(name)
            ) not in left_out:
                found.append(str(name))
        return found

    @property
    def can_idle(self) -> bool:
        return self._call(lambda: self.client.has_capability("IDLE"))

    def storage(self) -> tuple[int, int] | None:
        """The storage the account uses and may use, in KiB, for the selected folder's quota (RFC 2087);
        None when the server keeps no quota, or tells none."""
        if not self._call(lambda: self.client.has_capability("QUOTA")):
            return None
        _, quotas = self._call(lambda: self.client.get_quota_root(self.config.folder))
        limits = [(q.usage, q.limit) for q in quotas if str(q.resource).upper() == "STORAGE" and q.limit]
        return limits[0] if limits else None

    def uids(self, since: dt.date | None = None) -> list[int]:
        """Every UID in the folder now, or those received on or after a day (server's calendar).
        A NOOP first: a server lets a SEARCH see only the messages it has already announced."""
        criteria: list[object] = ["SINCE", since] if since is not None else ["ALL"]
        self._call(self.client.noop)
        return sorted(self._call(lambda: self.client.search(criteria)))

    def envelopes(self, uids: Sequence[int]) -> list[Envelope]:
        """Message-ID, sender, Date, size and receipt time of each UID, without fetching bodies."""
        if not uids:
            return []
        items = ["RFC822.SIZE", "INTERNALDATE", SENDING_FIELDS]
        response: dict[int, dict[bytes, Any]] = {}
        for start in range(0, len(uids), ENVELOPE_BATCH):
            part = list(uids[start : start + ENVELOPE_BATCH])
            response.update(self._call(partial(self.client.fetch, part, items)))
        result = []
        for uid in uids:
            data = response.get(uid)
            if data is None:  # expunged meanwhile
                continue
            # Servers echo the field list in their own spelling: take the one header section.
            header = next((bytes(v or b"") for k, v in data.items() if k.startswith(b"BODY[HEADER")), b"")
            result.append(
                Envelope(
                    uid=uid,
                    message_id=parse_message_id(header),
                    size=int(data.get(b"RFC822.SIZE", 0)),
                    received_at=aware(data[b"INTERNALDATE"]),
                    header=header,
                )
            )
        return result

    def fetch(self, envelopes: Sequence[Envelope]) -> Iterator[Fetched]:
        """The full bytes (BODY.PEEK[], so \\Seen is never set) and INTERNALDATE, in batches."""
        for batch in batches(envelopes, self.batch_bytes, self.batch_count):
            response = self._call(partial(self.client.fetch, batch, ["BODY.PEEK[]", "INTERNALDATE"]))
            for uid in batch:
                data = response.get(uid)
                if data is None or data.get(b"BODY[]") is None:  # gone: no answer, or BODY[] NIL
                    # A clerk filing or deleting mail meanwhile: the reader counts these for its summary.
                    log.debug("UID %s vanished from %s before it could be fetched", uid, self.name)
                    continue
                yield Fetched(uid, bytes(data[b"BODY[]"]), aware(data[b"INTERNALDATE"]))

    def header(self, uid: int, max_bytes: int = 256 * 1024) -> bytes:
        """The header block of a message (its first max_bytes at most), without its body."""
        response = self._call(partial(self.client.fetch, [uid], [f"BODY.PEEK[HEADER]<0.{max_bytes}>"]))
        data = response.get(uid, {})
        return next((bytes(v or b"") for k, v in data.items() if k.startswith(b"BODY[HEADER]")), b"")

    def starts(self, uids: Sequence[int], max_bytes: int) -> dict[int, bytes]:
        """The first max_bytes of each message (partial BODY.PEEK[]), by UID; a UID gone meanwhile is left
        out."""
        item = f"BODY.PEEK[]<0.{max_bytes}>"
        found: dict[int, bytes] = {}
        for start in range(0, len(uids), ENVELOPE_BATCH):
            response = self._call(
                partial(self.client.fetch, list(uids[start : start + ENVELOPE_BATCH]), [item])
            )
            for uid, data in response.items():
                found[uid] = next((bytes(v or b"") for k, v in data.items() if k.startswith(b"BODY[]<")), b"")
        return found

    def fetch_chunks(self, env: Envelope, chunk_bytes: int = 4 * 1024 * 1024) -> Iterator[bytes]:
        """A message's bytes in pieces of chunk_bytes (partial BODY.PEEK[]<offset.size>), for one too
        large to hold whole; they end at the first short piece. Raises VanishedError, after the pieces,
        when nothing came, or less than the size the server announced and the UID is gone: another mail
        program moved or deleted the message meanwhile and the server answered the rest with NIL. A
        message still there is kept as the server sends it: a size announced wrongly must not make it
        unreadable forever."""
        received = 0
        offset = 0
        while True:
            item = f"BODY.PEEK[]<{offset}.{chunk_bytes}>"
            response = self._call(partial(self.client.fetch, [env.uid], [item]))
            data = response.get(env.uid, {})
            chunk = next((bytes(v or b"") for k, v in data.items() if k.startswith(b"BODY[]<")), b"")
            received += len(chunk)
            if chunk:
                yield chunk
            if len(chunk) < chunk_bytes:
                break
            offset += len(chunk)
        if received == 0 or (received < env.size and not self.holds(env.uid)):
            raise VanishedError(env.uid, received, env.size)

    def holds(self, uid: int) -> bool:
        """Whether the folder still has the UID. A NOOP first, so that the server tells of messages
        another session has moved or deleted."""
        self._call(self.client.noop)
        return uid in self._call(lambda: self.client.search(["UID", str(uid)]))

    def idle(self, seconds: float, interrupted: Callable[[], bool]) -> bool:
        """Wait in IDLE until new mail (True), or the time is up or interrupted() is true (False)."""
        seconds = min(seconds, MAX_IDLE_SECONDS)
        client = self.client
        log.debug("idling on %s for up to %.0f s", self.name, seconds)
        self._call(client.idle)
        try:
            deadline = time.monotonic() + seconds
            while not interrupted() and (left := deadline - time.monotonic()) > 0:
                responses = self._call(lambda: client.idle_check(timeout=min(_IDLE_CHECK_SECONDS, left)))
                if any(r[0] == b"BYE" for r in responses) or (not responses and _closed(client)):
                    raise MailboxError(f"{self.where} đã đóng kết nối (máy chủ khởi động lại?).")
                if any(len(r) > 1 and r[1] == b"EXISTS" for r in responses):
                    return True
            return False
        finally:
            if self._client is not None:
                try:
                    client.idle_done()
                except (OSError, IMAPClientError) as e:
                    log.debug("IDLE did not end cleanly on %s: %s", self.name, e)

    def _call(self, command: Callable[[], T]) -> T:
        try:
            return command()
        except (OSError, IMAPClientError) as e:
            raise self._lost(e) from e

    def _lost(self, e: BaseException) -> ConnectionLostError:
        # No promise of a retry here: the daemon tells when it tries again, a command run once to run it again.
        return ConnectionLostError(
            f"Lỗi khi làm việc với {self.where}: {_reason(e)}. Nếu lỗi kéo dài, kiểm tra máy chủ thư và mạng."
        )


def _nfc(name: str) -> str:
    return unicodedata.normalize("NFC", name)


def _reason(e: BaseException) -> str:
    """The server's or the system's own words, without Python's bytes quoting; the usual ways a connection
    breaks in Vietnamese (kernel.errors.network_problem)."""
    arg = e.args[0] if len(e.args) == 1 else e
    text = arg.decode("utf-8", "replace") if isinstance(arg, bytes) else str(arg)
    if text.startswith(("b'", 'b"')) and text[-1:] == text[1]:  # imapclient quotes bytes replies
        text = text[2:-1]
    said = network_problem(text)
    if said != text:
        log.debug("the connection's own words: %s", text)
    return said.strip().rstrip(".") or type(e).__name__


def _refusal(e: LoginError, auth: str) -> str:
    """Why the server refused the login: its RFC 5530 code AUTHENTICATIONFAILED (Dovecot, Gmail, Microsoft 365)
    in Vietnamese, its own words otherwise."""
    reason = _reason(e)
    if "[AUTHENTICATIONFAILED]" not in reason.upper():
        return reason
    log.debug("the server's own words: %s", reason)
    return "sai tên đăng nhập hoặc mật khẩu" if auth == "password" else "máy chủ không nhận mã OAuth2"


def _select_refused(e: BaseException) -> str:
    """Why the server would not open a folder. Its own words echo the folder's name, which imapclient
    decodes as ASCII and drops every letter with a mark of («Đã xử lý» came out « x l»): a folder the
    server does not have is said so, in Vietnamese."""
    reason = _reason(e)
    if re.search(r"NONEXISTENT|doesn't exist|does not exist|not found", reason, re.IGNORECASE):
        return "máy chủ không có thư mục này"
    return reason


def _logout(client: IMAPClient) -> None:
    try:
        client.logout()
    except (OSError, IMAPClientError):
        try:
            client.shutdown()
        except OSError:
            pass


def _closed(client: IMAPClient) -> bool:
    """True when the server has closed the socket (imapclient's idle_check hides EOF).

    Peeks at the TCP stream under any TLS layer, so nothing is consumed.
    """
    sock = client.socket()
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    if not poller.poll(0):
        return False
    try:
        return socket.socket.recv(sock, 1, socket.MSG_PEEK) == b""
    except OSError:
        return True


def parse_message_id(header: bytes) -> str | None:
    """The Message-ID of a fetched header block, as intake.message reports it (no brackets)."""
    value = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(header)["Message-ID"]
    return None if value is None else headers.message_id(str(value))


def aware(value: dt.datetime) -> dt.datetime:
    """INTERNALDATE as aware UTC. It always carries an offset; a server omitting it is taken as UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def batches(envelopes: Sequence[Envelope], max_bytes: int, max_count: int) -> list[list[int]]:
    """Group UIDs so one FETCH stays under max_bytes (a single larger message goes alone)."""
    result: list[list[int]] = []
    current: list[int] = []
    size = 0
    for env in envelopes:
        if current and (size + env.size > max_bytes or len(current) >= max_count):
            result.append(current)
            current, size = [], 0
        current.append(env.uid)
        size += env.size
    if current:
        result.append(current)
    return result


_OPEN: weakref.WeakSet[Mailbox] = weakref.WeakSet()  # the mailboxes connected in this process


def _let_go_in_child() -> None:
    """In a forked process (a backlog's worker, intake/crew.py): give up this process's copies of the
    parent's IMAP connections, which it never uses, so a parent that dies ends its sessions at once and
    not when its orphaned worker ends. The socket's descriptor is pointed at /dev/null rather than closed:
    the parent's socket object, copied here, still names that number, and closing it later must not
    close a file this process opened since."""
    if not _OPEN:
        return
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for mailbox in list(_OPEN):
            client = mailbox._client
            try:
                fd = client.socket().fileno() if client is not None else -1
            except (AttributeError, OSError):  # a connection that broke: no socket left to give up
                continue
            if fd >= 0:
                os.dup2(null, fd)
    finally:
        os.close(null)
    _OPEN.clear()


os.register_at_fork(after_in_child=_let_go_in_child)
