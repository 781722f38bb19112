"""Passwords a school sends in a mail of their own for a file it locked («mật khẩu file hôm qua là …»).

A school often sends its locked archive or PDF first and the password in a mail of its own a little
later, sometimes the password first and the file a few minutes or hours after. The password is never
stored: the file is opened with what the other mail says each time it is read, as the archive keeps both
mails.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from intake import message as message_mod
from intake import passwords
from intake.errors import MessageError
from kernel.errors import StoreError
from kernel.runtime import Runtime
from kernel.store import MessageRow, MessageState

log = logging.getLogger(__name__)

# How long after a locked file its sender's later mail may give the password: a school sends it within
# days («mật khẩu file hôm qua»); much later, a password is more likely another file's.
LATER = dt.timedelta(days=14)
# How long before a locked file its sender's mail may give the password: the school sends the password
# first and the file the same day or the next morning; days before, the password was another file's.
EARLIER = dt.timedelta(days=1)
# What every reason for a file that could not be opened without its password ends with (parsers.errors'
# ASK_UNLOCKED and ASK_PASSWORD).
LOCKED_WORDS = "không đặt mật khẩu"
# Messages that read nothing the sender wrote: the office's own, a robot's.
_SET_ASIDE = frozenset((MessageState.INTERNAL, MessageState.REJECTED))


def own_words(mail: message_mod.Mail) -> tuple[str, ...]:
    """The passwords a mail states in its subject or in what its sender wrote now (not in a quote)."""
    return passwords.stated(mail.subject, mail.own_body)


def addresses_of(rt: Runtime, sender: str) -> frozenset[str]:
    """The sender's address and the other addresses of the school it is registered or learned for."""
    sender = sender.lower()
    learned = rt.store.learned_addresses()
    school = next((s.id for s in rt.config.schools if sender in s.emails), None) or learned.get(sender)
    if school is None:
        return frozenset((sender,))
    known = {e for s in rt.config.schools if s.id == school for e in s.emails}
    return frozenset({sender, *known, *(a for a, s in learned.items() if s == school)})


def sent_around(rt: Runtime, sender: str, received_at: dt.datetime, message_id: str) -> tuple[str, ...]:
    """The passwords that mails of the sender's school (other than message_id) state in their own words,
    those received within LATER after received_at first, then those within EARLIER before it, nearest
    first: each read again from the archive, nothing kept."""
    if not sender:
        return ()
    senders = addresses_of(rt, sender)
    rows = _rows(rt, senders, received_at - EARLIER, received_at + LATER)
    after = [r for r in rows if r.received_at >= received_at]
    before = sorted(
        (r for r in rows if r.received_at < received_at), key=lambda r: r.received_at, reverse=True
    )
    found: list[str] = []
    for row in (*after, *before):
        if row.message_id != message_id:
            found.extend(_own_words_of(rt, row))
    return tuple(dict.fromkeys(found))[: passwords.MAX_PASSWORDS]


def _own_words_of(rt: Runtime, row: MessageRow) -> tuple[str, ...]:
    """own_words of the message of row, read again from the archive; none when it cannot be read."""
    try:
        mail = message_mod.parse(rt.archive.get(row.key), fallback_id=row.message_id)
    except (MessageError, StoreError, OSError) as e:  # StoreError: its original left the archive
        log.info("message %s could not be read for a password: %s", row.key[:12], type(e).__name__)
        return ()
    return own_words(mail)


def stating_before(rt: Runtime, sender: str, received_at: dt.datetime, message_id: str) -> list[MessageRow]:
    """The messages of the sender's school (other than message_id) received within EARLIER before
    received_at that state a password in their own words: those whose password may have opened a file
    received at received_at."""
    rows = _rows(rt, addresses_of(rt, sender), received_at - EARLIER, received_at)
    return [
        r for r in rows if r.received_at < received_at and r.message_id != message_id and _own_words_of(rt, r)
    ]


def received_after(rt: Runtime, sender: str, received_at: dt.datetime, message_id: str) -> list[MessageRow]:
    """The messages of the sender's school (other than message_id) received within EARLIER after
    received_at, first received first: those whose locked file a password sent at received_at may open."""
    rows = _rows(rt, addresses_of(rt, sender), received_at, received_at + EARLIER)
    return [r for r in rows if r.received_at > received_at and r.message_id != message_id]


def locked_before(rt: Runtime, sender: str, received_at: dt.datetime) -> list[MessageRow]:
    """The messages of the sender's school received within LATER before received_at whose file could not
    be opened without its password, first received first."""
    rows = _rows(rt, addresses_of(rt, sender), received_at - LATER, received_at)
    return [r for r in rows if r.received_at < received_at and LOCKED_WORDS in r.reason]


def _rows(
    rt: Runtime, senders: frozenset[str], since: dt.datetime, until: dt.datetime
) -> Sequence[MessageRow]:
    return [
        r
        for r in rt.store.messages(since=since)
        if r.received_at <= until and r.sender.lower() in senders and r.state not in _SET_ASIDE
    ]
