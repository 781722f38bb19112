"""Which schools' addresses a delivery-failure report (a bounce) says our mail could not reach."""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Collection
from email.message import Message

from intake import headers
from intake.message import Mail


def failed_recipients(raw: bytes, mail: Mail, known: Collection[str]) -> tuple[str, ...]:
    """The known addresses (the schools' registered ones, lower case) a bounce names as failed.

    A standard report (RFC 3464) names them in its message/delivery-status part (Final-Recipient of
    each recipient whose Action is failed); a provider's own notice ("Thư gửi tới ... không chuyển
    được") only in its text, where an attached copy of our mail does not count (it names every
    recipient, reached or not).
    """
    standard = _delivery_status(raw)
    found = standard if standard is not None else headers.addresses(mail.own_body)
    return tuple(dict.fromkeys(a for a in found if a in known))


def _delivery_status(raw: bytes) -> list[str] | None:
    """The failed Final-Recipients of the message/delivery-status part; None when there is none."""
    parsed = email.message_from_bytes(raw, policy=email.policy.compat32)
    found: list[str] | None = None
    for part in parsed.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        found = found if found is not None else []
        for block in _blocks(part):
            action = (block.get("Action") or "failed").strip().lower()
            recipient = block.get("Final-Recipient") or block.get("Original-Recipient") or ""
            if action.startswith("failed"):
                found += headers.addresses(recipient.partition(";")[2] or recipient)
    return found


def _blocks(part: Message) -> list[Message]:
    """The per-message and per-recipient field blocks of a delivery-status part."""
    payload = part.get_payload()
    if isinstance(payload, list):
        return [b for b in payload if isinstance(b, Message)]
    text = payload if isinstance(payload, str) else ""
    return [email.message_from_string(b.strip() + "\n") for b in re.split(r"\n\s*\n", text) if b.strip()]
