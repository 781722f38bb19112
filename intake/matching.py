"""Finds the school a report came from, with reasons a person can read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from intake.message import Mail
from intake.registry import Registry
from parsers.document import Document


@dataclass(frozen=True)
class Assignment:
    school_id: str
    files: tuple[str, ...]  # names of the documents that are this school's report
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class MatchResult:
    assignments: tuple[Assignment, ...]
    review_reason: str | None = None  # set when (part of) the message must wait for staff
    candidates: tuple[str, ...] = ()  # school ids staff should choose from


def match(mail: Mail, documents: Sequence[Document], registry: Registry) -> MatchResult:
    school = registry.by_address(mail.sender)
    if school is None:
        return MatchResult((), f"Địa chỉ {mail.sender} không có trong danh sách trường", ())
    files = tuple(d.name for d in documents)
    return MatchResult((Assignment(school.id, files, (f"Địa chỉ gửi {mail.sender} là của {school.name}",)),))
