"""Which schools' addresses a delivery-failure report (a bounce) says our mail could not reach."""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from email.message import Message

from intake import headers
from intake.message import Mail
from kernel.returned import Returned, of_status
from parsers.text import fold, fold_aligned

# A notice that our mail is late, not returned ("Delivery Status Notification (Delay)", "will keep trying",
# "hệ thống sẽ tiếp tục thử gửi lại"), on folded text; "will not retry" is a failure.
_DELAY = re.compile(
    r"\bdelay|\bwill (?:keep trying|(?:continue to )?retry|try again)|\bse (?:tiep tuc )?thu (?:gui |chuyen )?lai\b"
)
# The Actions of a recipient our mail reached (RFC 3464, 2.3.3).
_DELIVERED = ("delivered", "relayed", "expanded")
# Exchange's plain delivery receipt, on its folded subject.
_DELIVERED_SUBJECT = re.compile(r"^\s*(?:delivered|relayed|da chuyen(?: toi)?)\s*:")
# Where a provider's notice ends and its copy of our mail begins (qmail and Yahoo "--- Below this line is a
# copy of the message.", Exim "------ This is a copy of the message, including all the headers. ------",
# sendmail "----- Original message follows -----", Exchange "Original message headers:"), or the copy's
# own header block, on folded lines: the copy names every recipient of our mail, reached or not.
_COPY = re.compile(
    r"^(?:[ \t]*[-=_*]{2,}[^\n]*\b(?:(?:original|unsent|returned)\s+message|thu\s+goc)\b"
    r"|[^\w\n]*(?:original|unsent)\s+message\s+(?:follows|headers)|[^\w\n]*noi\s+dung\s+thu\s+goc"
    r"|[^\n]*\bcopy\s+of\s+the\s+(?:body\s+of\s+the\s+)?message\b|[^\n]*\bban\s+sao\s+(?:cua\s+)?thu\b"
    r"|(?:return-path|received|message-id)\s*:)",
    re.MULTILINE,
)
# An enhanced status code (RFC 3463) in a diagnostic or a provider's notice: "550 5.1.1", "5.7.1".
_ENHANCED = re.compile(r"\b[245]\.\d{1,3}\.\d{1,3}\b")
# A mailbox full rather than an address wrong (RFC 3463 X.2.2, providers' words), on folded text.
_FULL = re.compile(
    r"\b[45]\.2\.2\b|mailbox (?:is )?full|over ?quota|quota exceeded|exceeded (?:the |its |storage )*quota"
    r"|insufficient (?:system )?storage|hop thu (?:cua nguoi nhan )?(?:da )?(?:day|het dung luong)"
    r"|vuot (?:qua )?dung luong"
)


# Of each recipient a message/delivery-status part names: its Action (lower case, "failed" when unsaid),
# Final-Recipient, Status and Diagnostic-Code.
Recipient = tuple[str, str, str, str]


@dataclass(frozen=True)
class Bounce:
    """A delivery report, its bytes parsed once for every question asked of it."""

    mail: Mail
    # The recipients its message/delivery-status part names; None when it has no such part (a provider's
    # own notice).
    standard: tuple[Recipient, ...] | None
    # The Message-IDs of the copies of our mail it carries, whole (message/rfc822) or its header alone
    # (text/rfc822-headers, as Exchange returns it).
    returned_message_ids: tuple[str, ...]


def read(raw: bytes, mail: Mail) -> Bounce:
    """The delivery report raw (read as mail), parsed once."""
    parsed = email.message_from_bytes(raw, policy=email.policy.compat32)
    return Bounce(mail, _delivery_status(parsed), _returned_message_ids(parsed))


def failed_recipients(bounce: Bounce, known: Collection[str]) -> tuple[str, ...]:
    """The known addresses (the schools' registered ones and the staff's, lower case) a bounce names as
    failed.

    A standard report (RFC 3464) names them in its message/delivery-status part (Final-Recipient of
    each recipient whose Action is failed); Exim in its X-Failed-Recipients field; a provider's own
    notice ("Thư gửi tới ... không chuyển được") only in its text, where a copy of our mail, attached or
    pasted below the notice, does not count (it names every recipient, reached or not).
    """
    mail, standard = bounce.mail, bounce.standard
    if standard is not None:
        found = [
            a
            for action, recipient, _, _ in standard
            if action.startswith("failed")
            for a in headers.addresses(recipient)
        ]
    elif _DELAY.search(fold(f"{mail.subject}\n{notice(mail)}")):
        found = []  # a provider's notice that it is still trying: our mail may yet arrive
    elif failed := mail.header("X-Failed-Recipients"):
        found = headers.addresses(failed)
    else:
        found = headers.addresses(notice(mail))
    return tuple(dict.fromkeys(a for a in found if a in known))


def notice(mail: Mail) -> str:
    """A provider's delivery notice without the copy of our mail pasted below it."""
    text = mail.own_body
    cut = _COPY.search(fold_aligned(text))
    return text[: cut.start()] if cut else text


def returned_as(bounce: Bounce, failed: Collection[str]) -> dict[str, Returned]:
    """Why a bounce says our mail to each address it failed (failed_recipients) came back, by the class of
    its status (RFC 3463): each recipient's Status, else the code its Diagnostic-Code gives, in a standard
    report; the first code a provider's notice gives, for every one it names. A mailbox full said only in
    words (552 without a code, «hộp thư đã đầy») is full; no code at all, OTHER."""
    mail, standard = bounce.mail, bounce.standard
    if standard is None:
        said = f"{mail.subject}\n{notice(mail)}"
        return dict.fromkeys(failed, _why(_ENHANCED.findall(said), said))
    found: dict[str, Returned] = {}
    for action, recipient, status, diagnostic in standard:
        if action.startswith("failed"):
            codes = [status, *_ENHANCED.findall(diagnostic)]
            found.update(dict.fromkeys(headers.addresses(recipient), _why(codes, f"{status} {diagnostic}")))
    return {a: found.get(a, Returned.OTHER) for a in failed}


def _why(codes: Sequence[str], said: str) -> Returned:
    """The first class the codes give (a generic "5.0.0" gives none), else a full mailbox said in words."""
    for code in codes:
        if (why := of_status(code)) != Returned.OTHER and not code.strip().endswith(".0.0"):
            return why
    return Returned.FULL if _FULL.search(fold(said)) else Returned.OTHER


def _returned_message_ids(parsed: Message) -> tuple[str, ...]:
    """Bounce.returned_message_ids of a parsed delivery report."""
    found = []
    for part in parsed.walk():
        if part.get_content_type() == "message/rfc822":
            copies = part.get_payload()
            if isinstance(copies, list):
                found += [str(m.get("Message-ID") or "") for m in copies if isinstance(m, Message)]
        elif part.get_content_type() == "text/rfc822-headers":
            head = part.get_payload(decode=True)
            if isinstance(head, bytes):
                found.append(str(email.message_from_bytes(head).get("Message-ID") or ""))
    return tuple(dict.fromkeys(m.strip() for m in found if m.strip()))


def only_delayed(bounce: Bounce) -> bool:
    """Whether a delivery report says only that our mail is late, the server trying again: every recipient
    of a standard report "delayed" (RFC 3464), or a provider's notice that says so ("sẽ thử gửi lại")."""
    mail, standard = bounce.mail, bounce.standard
    if standard is not None:
        failed = any(action.startswith("failed") for action, *_ in standard)
        return not failed and any(action.startswith("delayed") for action, *_ in standard)
    return bool(_DELAY.search(fold(f"{mail.subject}\n{notice(mail)}")))


def only_delivered(bounce: Bounce) -> bool:
    """Whether a delivery report says our mail reached every recipient it names: a standard one (RFC 3464)
    delivered to the mailbox, relayed to a server that reports no further, or expanded to a list; or
    Exchange's plain receipt, "Delivered: …" ("Đã chuyển: …" in Vietnamese)."""
    mail, standard = bounce.mail, bounce.standard
    if standard is None:
        return bool(_DELIVERED_SUBJECT.match(fold(mail.subject)))
    return bool(standard) and all(action.startswith(_DELIVERED) for action, *_ in standard)


def _delivery_status(parsed: Message) -> tuple[Recipient, ...] | None:
    """Bounce.standard of a parsed delivery report."""
    found: list[Recipient] | None = None
    for part in parsed.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        found = found if found is not None else []
        for block in _blocks(part):
            action = (block.get("Action") or "failed").strip().lower()
            recipient = block.get("Final-Recipient") or block.get("Original-Recipient") or ""
            status, diagnostic = block.get("Status") or "", block.get("Diagnostic-Code") or ""
            if recipient.strip():
                found.append((action, recipient.partition(";")[2] or recipient, status, diagnostic))
    return tuple(found) if found is not None else None


def _blocks(part: Message) -> list[Message]:
    """The per-message and per-recipient field blocks of a delivery-status part."""
    payload = part.get_payload()
    if isinstance(payload, list):
        return [b for b in payload if isinstance(b, Message)]
    text = payload if isinstance(payload, str) else ""
    return [email.message_from_string(b.strip() + "\n") for b in re.split(r"\n\s*\n", text) if b.strip()]
