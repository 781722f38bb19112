"""The one module that talks SMTP: builds the MIME message and hands it to the server."""

from __future__ import annotations

import datetime as dt
import email.policy
import email.utils
import logging
import smtplib
import ssl
from collections.abc import Sequence
from email.headerregistry import Address
from email.message import EmailMessage
from types import TracebackType

from kernel import mailids
from kernel.config import SmtpConfig
from scheduler.errors import SendError
from scheduler.outgoing import Outgoing

log = logging.getLogger(__name__)

# The standard library drops the space at the point where it folds a long Vietnamese header into
# several encoded words ("đã nhận" arrived as "đãnhận"); headers up to RFC 5322's limit stay whole.
_POLICY = email.policy.SMTP.clone(max_line_length=998)


def build(item: Outgoing, *, sender: str, sender_name: str, now: dt.datetime) -> bytes:
    """The whole message as bytes: text (and HTML) body, attachments, our headers."""
    msg = EmailMessage(policy=_POLICY)
    msg["From"] = Address(sender_name, addr_spec=sender)
    msg["To"] = ", ".join(item.to)
    if item.cc:
        msg["Cc"] = ", ".join(item.cc)
    msg["Subject"] = item.subject
    msg["Date"] = email.utils.format_datetime(now)
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
        msg.add_attachment(att.data, maintype=maintype, subtype=subtype, filename=att.name)
    return msg.as_bytes()


class Mailer:
    """One SMTP connection, opened on the first send and closed on exit; use as a context manager."""

    def __init__(self, config: SmtpConfig, timeout: float = 30.0) -> None:
        self.config = config
        self.timeout = timeout
        self._smtp: smtplib.SMTP | None = None

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
            if c.username:
                smtp.login(c.username, c.secret() or "")
        except smtplib.SMTPAuthenticationError as e:
            raise SendError(
                f"máy chủ SMTP {where} từ chối đăng nhập của {c.username}: kiểm tra [smtp].username "
                f"và mật khẩu trong {c.password_env or '[smtp].password'}"
            ) from e
        except (OSError, smtplib.SMTPException) as e:
            raise SendError(f"không kết nối được máy chủ SMTP {where}: {e}") from e
        return smtp

    def send(self, raw: bytes, recipients: Sequence[str]) -> dict[str, str]:
        """Send to every recipient; returns those the server refused (address -> reason)."""
        if self._smtp is None:
            self._smtp = self._connect()
        try:
            refused = self._smtp.sendmail(self.config.sender, list(recipients), raw)
        except smtplib.SMTPRecipientsRefused as e:
            raise SendError(f"máy chủ SMTP từ chối mọi người nhận: {e.recipients}", permanent=True) from e
        except smtplib.SMTPResponseException as e:
            self.close()
            raise SendError(
                f"máy chủ SMTP trả lời {e.smtp_code} {e.smtp_error!r}", permanent=500 <= e.smtp_code < 600
            ) from e
        except (OSError, smtplib.SMTPException) as e:
            self.close()
            raise SendError(f"gửi thư qua {self.config.host}:{self.config.port} không thành công: {e}") from e
        return {addr: f"{code} {reason!r}" for addr, (code, reason) in refused.items()}

    def close(self) -> None:
        if self._smtp is None:
            return
        try:
            self._smtp.quit()
        except (OSError, smtplib.SMTPException):
            pass  # the connection is gone either way
        self._smtp = None
