"""The one module that talks SMTP: builds the MIME message and hands it to the server."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import logging
import smtplib
import socket
import ssl
from collections.abc import Mapping, Sequence
from email.headerregistry import Address
from email.message import EmailMessage
from types import TracebackType

from kernel import mailids
from kernel.config import SmtpConfig
from kernel.errors import ConfigError
from kernel.tokens import TokenServerError, TokenSource, xoauth2
from scheduler.errors import Refusal, SendConfigError, SendError
from scheduler.outgoing import Outgoing

log = logging.getLogger(__name__)

# The standard library drops the space at the point where it folds a long Vietnamese header into
# several encoded words ("đã nhận" arrived as "đãnhận"); headers up to RFC 5322's limit stay whole.
_POLICY = email.policy.SMTP.clone(max_line_length=998)


def build(
    item: Outgoing,
    *,
    sender: str,
    sender_name: str,
    now: dt.datetime,
    tz: dt.tzinfo | None = None,
    reply_to: Address | None = None,
) -> bytes:
    """The whole message as bytes: text (and HTML) body, attachments, our headers.

    Date is written in the office's time zone (tz), as its staff would write it; Reply-To sends
    answers to a mailbox people read (see jobs.reply_to).
    """
    msg = EmailMessage(policy=_POLICY)
    msg["From"] = Address(sender_name, addr_spec=sender)
    if reply_to is not None:
        msg["Reply-To"] = reply_to
    msg["To"] = ", ".join(item.to)
    if item.cc:
        msg["Cc"] = ", ".join(item.cc)
    msg["Subject"] = item.subject
    msg["Date"] = email.utils.format_datetime(now.astimezone(tz) if tz is not None else now)
    msg["Message-ID"] = f"<{mailids.make(item.key, mailids.domain_of(sender))}>"
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Auto-Response-Suppress"] = "All"  # asks Exchange not to answer us with out-of-office mail
    if item.in_reply_to:
        msg["In-Reply-To"] = f"<{item.in_reply_to}>"
        msg["References"] = f"<{item.in_reply_to}>"
    msg.set_content(item.text, charset="utf-8")
    if item.html is not None:
        msg.add_alternative(item.html, subtype="html", charset="utf-8")
    for att in item.attachments:
        maintype, _, subtype = att.content_type.partition("/")
        # Every text file we attach is one we wrote, in UTF-8 (export.to_csv): a client that decodes it by
        # the charset it is told, not by its byte order mark, would garble the Vietnamese without it.
        params = {"charset": "utf-8"} if maintype == "text" else {}
        msg.add_attachment(att.data, maintype=maintype, subtype=subtype, filename=att.name, params=params)
    return msg.as_bytes()


class Mailer:
    """One SMTP connection, opened on the first send and closed on exit; use as a context manager."""

    def __init__(self, config: SmtpConfig, timeout: float = 30.0, tokens: TokenSource | None = None) -> None:
        self.config = config
        self.timeout = timeout
        self.tokens = tokens
        self._smtp: smtplib.SMTP | None = None

    def open(self) -> None:
        """Connect and log in now (sending does it when needed): a refused login is known at once."""
        if self._smtp is None:
            self._smtp = self._connect()

    def __enter__(self) -> Mailer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _connect(self) -> smtplib.SMTP:
        c = self.config
        where = f"{c.host}:{c.port} ({c.security})"
        try:
            if c.security == "ssl":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    c.host, c.port, timeout=self.timeout, context=ssl.create_default_context()
                )
            else:
                smtp = smtplib.SMTP(c.host, c.port, timeout=self.timeout)
                if c.security == "starttls":
                    smtp.starttls(context=ssl.create_default_context())
            if c.username and c.auth == "oauth2":
                self._oauth2_login(smtp, c.username)
            elif c.username:
                smtp.login(c.username, c.secret() or "")
        except smtplib.SMTPAuthenticationError as e:
            _quit(smtp)
            what = (
                f"mã OAuth2 (cấp quyền gửi thư lại bằng baocao auth login --user {c.username})"
                if c.auth == "oauth2"
                else f"mật khẩu trong {c.password_env or '[smtp].password'} (Google Workspace, "
                "Microsoft 365: mật khẩu ứng dụng hoặc OAuth2)"
            )
            raise SendConfigError(
                f"máy chủ SMTP {where} từ chối đăng nhập của {c.username} ({_smtp_words(e)}): "
                f"kiểm tra [smtp].username và {what}"
            ) from e
        except ConfigError as e:  # no password, or the OAuth2 refresh token was refused
            _quit(smtp)
            raise SendConfigError(str(e)) from e
        except TokenServerError as e:
            _quit(smtp)
            raise SendError(str(e)) from e
        except (OSError, smtplib.SMTPException) as e:
            if _tls_mismatch(e):
                raise SendConfigError(
                    f"máy chủ SMTP {c.host}:{c.port} không dùng kiểu mã hóa {c.security}: kiểm tra "
                    "[smtp].security và [smtp].port (ssl thường dùng cổng 465, starttls cổng 587)"
                ) from e
            if isinstance(e, smtplib.SMTPNotSupportedError):  # a server that offers no login (AUTH) this way
                _quit(smtp)
                unsafe = ' hoặc dùng security = "starttls" (nhiều máy chủ chỉ cho đăng nhập sau khi mã hóa)'
                raise SendConfigError(
                    f"đã kết nối máy chủ SMTP {c.host}:{c.port} nhưng máy chủ không cho đăng nhập (AUTH) theo "
                    "cấu hình này: bỏ username trong [smtp] nếu máy chủ nhận thư không cần đăng nhập"
                    f"{unsafe if c.security == 'none' else ''}"
                ) from e
            log.debug("SMTP connection to %s failed: %r", where, e)  # the system's words, for IT
            raise SendError(
                f"không kết nối được máy chủ SMTP {c.host}:{c.port}: {_unreachable(e, self.timeout)}"
            ) from e
        return smtp

    def _oauth2_login(self, smtp: smtplib.SMTP, username: str) -> None:
        if self.tokens is None:
            raise ConfigError('[smtp].auth = "oauth2" nhưng chưa có mục [oauth2] trong tệp cấu hình')
        token = self.tokens.access_token()
        smtp.ehlo_or_helo_if_needed()
        # XOAUTH2 sends everything at once; to a failure the server answers with a 334 challenge,
        # to which the client answers an empty line and then gets the 535.
        smtp.auth(
            "XOAUTH2",
            lambda challenge=None: xoauth2(username, token) if challenge is None else "",
            initial_response_ok=True,
        )

    def send(self, raw: bytes, recipients: Sequence[str]) -> tuple[Refusal, ...]:
        """Send to every recipient; returns the server's answer to each recipient it refused."""
        if self._smtp is None:
            self._smtp = self._connect()
        try:
            refused = self._smtp.sendmail(self.config.sender, list(recipients), raw)
        except smtplib.SMTPRecipientsRefused as e:
            answers = _refusals(e.recipients)
            raise SendError(
                f"máy chủ từ chối {'; '.join(str(r) for r in answers)}",
                permanent=not any(r.temporary for r in answers),
                refused=answers,
            ) from e
        except smtplib.SMTPResponseException as e:
            self.close()
            raise SendError(
                f"máy chủ SMTP trả lời {_smtp_words(e)}", permanent=500 <= e.smtp_code < 600
            ) from e
        except (OSError, smtplib.SMTPException) as e:
            self.close()
            raise SendError(f"gửi thư qua {self.config.host}:{self.config.port} không thành công: {e}") from e
        return _refusals(refused)

    def close(self) -> None:
        if self._smtp is None:
            return
        _quit(self._smtp)
        self._smtp = None


def _quit(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()  # the connection is gone either way


def _unreachable(e: OSError | smtplib.SMTPException, timeout: float) -> str:
    """Why a connection to the SMTP server failed, and what to check, in words staff can act on."""
    if isinstance(e, ConnectionRefusedError):
        return "máy chủ từ chối kết nối: kiểm tra máy chủ thư đang chạy và [smtp].host, [smtp].port"
    if isinstance(e, socket.gaierror):
        return "không tìm thấy máy chủ có tên này: kiểm tra [smtp].host và kết nối mạng của máy này"
    if isinstance(e, TimeoutError):
        return (
            f"máy chủ không trả lời sau {timeout:.0f} giây: kiểm tra kết nối mạng, tường lửa và [smtp].host, "
            "[smtp].port"
        )
    if isinstance(e, ssl.SSLError):
        return (
            "kết nối mã hóa không thành công (chứng chỉ của máy chủ không hợp lệ, hoặc không khớp tên): kiểm tra "
            "[smtp].host là đúng tên ghi trên chứng chỉ, và [smtp].security"
        )
    if isinstance(e, smtplib.SMTPResponseException):  # it answered, and would not go on (421: busy)
        return f"máy chủ trả lời {_smtp_words(e)}: thử lại sau; nếu còn lỗi, báo người quản trị máy chủ thư"
    if isinstance(e, smtplib.SMTPException):
        return "máy chủ ngắt kết nối giữa chừng: thử lại sau; nếu còn lỗi, kiểm tra [smtp].port và [smtp].security"
    return "lỗi mạng: kiểm tra kết nối mạng của máy này và [smtp].host, [smtp].port"


def _tls_mismatch(e: Exception) -> bool:
    """Whether the server speaks another kind of encryption than [smtp].security asks for: SSL at a port
    of plain SMTP (or STARTTLS), or STARTTLS asked of a server that does not offer it."""
    if isinstance(e, ssl.SSLError):
        return e.reason == "WRONG_VERSION_NUMBER"
    return isinstance(e, smtplib.SMTPNotSupportedError) and "STARTTLS" in str(e)


def _refusals(answers: Mapping[str, tuple[int, bytes | str]]) -> tuple[Refusal, ...]:
    """The server's answers to the recipients it refused, as sendmail reports them."""
    return tuple(Refusal(address, code, _words(reply)) for address, (code, reply) in answers.items())


def _words(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply


def _smtp_words(e: smtplib.SMTPResponseException) -> str:
    return f"{e.smtp_code} {_words(e.smtp_error)}".strip()
