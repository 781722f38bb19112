"""Learned addresses as they stood when a mail of a closed season came.

Staff forgetting an address, or assigning mail so that it moves to another school, end its tie to the
school (kernel.store.DatedTie) rather than erase it: a season closed by then was settled with the mail
the address credited, and a principal's gmail forgotten in December must not turn her school's report of
last year into «Chưa nộp». Mail of such a season received while the tie stood is read as it was then;
mail of a season still open when the tie ended is read as the addresses stand now.

An address that moved from school to school has had a tie to each (spans): staff reading every season's
mail again because it was learned by mistake say for which of them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from intake.registry import Registry
from kernel.store import DatedTie, LearnedAddress


def in_force(ties: Sequence[DatedTie], address: str, received_at: dt.datetime) -> DatedTie | None:
    """The ended tie of address (lower case) that stood when mail came at received_at: the first to end
    after it (ties: the earliest ended first). None: the tie in force now, if any, was already."""
    return next((t for t in ties if t.email == address and received_at < t.ended_at), None)


def as_then(
    registry: Registry,
    ties: Sequence[DatedTie],
    addresses: Iterable[str],
    received_at: dt.datetime,
    closed_at: dt.datetime,
) -> Registry:
    """The registry with each of these addresses of a mail received at received_at tied as it was then,
    when its tie ended once the mail's season had closed (closed_at: when that season closed)."""
    learned, taught = dict(registry.learned), dict(registry.taught)
    for address in {a.lower() for a in addresses if a}:
        tie = in_force(ties, address, received_at)
        if tie is None or tie.ended_at < closed_at or registry.get(tie.school_id) is None:
            continue
        learned[address] = tie.school_id
        if tie.year is None:
            taught.pop(address, None)
        else:
            taught[address] = tie.year
    if learned == registry.learned and taught == registry.taught:
        return registry
    return dataclasses.replace(registry, learned=learned, taught=taught)


@dataclass(frozen=True)
class Span:
    """The time an address was learned for one school: from learned_at until ended_at (None: in force)."""

    school_id: str
    learned_at: dt.datetime
    ended_at: dt.datetime | None


def spans(current: LearnedAddress | None, ties: Sequence[DatedTie]) -> tuple[Span, ...]:
    """Each school whose mail a tie of an address still decides, by when it was learned there: its ended
    ties (ties: the earliest ended first; those of one school make one span, from the first learned to the
    last ended) and current, the address's tie now, when in force (a span of its school then ends not)."""
    found: dict[str, Span] = {}
    for tie in ties:
        was = found.get(tie.school_id)
        start = min(was.learned_at, tie.learned_at) if was is not None else tie.learned_at
        found[tie.school_id] = Span(tie.school_id, start, tie.ended_at)
    if current is not None and current.active:
        was = found.get(current.school_id)
        start = min(was.learned_at, current.created_at) if was is not None else current.created_at
        found[current.school_id] = Span(current.school_id, start, None)
    return tuple(sorted(found.values(), key=lambda s: s.learned_at))
