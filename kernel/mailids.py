"""Our own Message-IDs: how the office's automatic mail is named, and how a reply to it is recognised."""

from __future__ import annotations

import hashlib
import re

PREFIX = "baocao."


def domain_of(address: str) -> str:
    return address.rpartition("@")[2].lower() or "localhost"


def make(key: str, domain: str) -> str:
    """The same send-log key always gives the same Message-ID, so a receiver can spot a duplicate."""
    return f"{PREFIX}{digest(key)}@{domain}"


def digest(key: str) -> str:
    """The part of our Message-ID that stands for its send-log key; the send log keeps it beside the key,
    so that a reply's In-Reply-To finds the mail it answers by an index, not by digesting every key."""
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def digest_in(message_id: str) -> str:
    """digest's part of one of our Message-IDs (with or without angle brackets), lower case."""
    return message_id.strip().strip("<>").lower().removeprefix(PREFIX).partition("@")[0]


def is_ours(message_id: str, domain: str) -> bool:
    """A Message-ID (with or without angle brackets) that baocao made for mail from domain."""
    return bool(_ours(domain).fullmatch(message_id.strip().strip("<>")))


def mentions_ours(headers: str, domain: str) -> bool:
    """In-Reply-To or References text that names one of our Message-IDs: a reply to our mail."""
    return bool(ours_in(headers, domain))


def ours_in(headers: str, domain: str) -> tuple[str, ...]:
    """Our Message-IDs that In-Reply-To or References text names, lower case, without angle brackets."""
    return tuple(m.lower() for m in named_in(headers) if is_ours(m, domain))


def named_in(headers: str) -> tuple[str, ...]:
    """Every Message-ID that In-Reply-To or References text names, as written, without angle brackets."""
    found = (m for pair in re.findall(r"<([^<>\s]+)>|(\S+@\S+)", headers) for m in pair if m)
    return tuple(dict.fromkeys(m.strip() for m in found))


def _ours(domain: str) -> re.Pattern[str]:
    return re.compile(re.escape(PREFIX) + r"[0-9a-f]{32}@" + re.escape(domain.lower()), re.IGNORECASE)
