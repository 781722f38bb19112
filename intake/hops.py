"""When a mail left its sender, by the Received hops of its header (mail-parser reads them): the time its
sender's outgoing server took it, the first hop, written at the bottom of the chain. Each server on a mail's
way writes its hop on top of those before, but all below the office's own server's hops was in the mail
when it came, and a sender may write hops of its own there as it writes any Date. So a chain is believed
only when a mail's way could have written it: every hop's time readable and one a sending may have (not in
a year that cannot be, nor far from the receipt: intake.dates.sending), none before the hop below it, none
after the office received the mail. A hop a sender writes below its server's then claims no later sending
than its server's own hop, and an earlier one only makes its own mail an older version."""

from __future__ import annotations

import datetime as dt
import logging

import mailparser

from intake.dates import header_time, sending
from intake.identity import header_fields

log = logging.getLogger(__name__)

# How far the clocks of two mail servers on a mail's way may disagree: servers keep time by the network,
# unlike a school's computer, so seconds, a minute or two at most.
_SERVERS_APART = dt.timedelta(minutes=2)


def left_at(head: bytes, received_at: dt.datetime, tz: dt.tzinfo) -> dt.datetime | None:
    """When the mail whose header block head is, received by the office at received_at, was taken by its
    sender's outgoing server: its first Received hop's time (written without a zone, the district's, tz).
    None when it has no hop, or its hops are no chain a mail's way writes."""
    try:
        hops = mailparser.MailParser(header_fields(head)).received  # the first hop first
    except Exception as e:  # mail-parser raises many types on damaged input
        log.info("mail-parser could not read the Received hops (%s: %.200s)", type(e).__name__, e)
        return None
    chain: list[dt.datetime] = []
    for hop in hops:
        when = header_time(str(hop.get("date", "")), tz)
        if when is None or sending(when, received_at) is None or when > received_at + _SERVERS_APART:
            return None
        if chain and when < chain[-1] - _SERVERS_APART:
            return None
        chain.append(when)
    return chain[0] if chain else None
