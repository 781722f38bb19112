"""A file carried by a mail, received or sent: its name, MIME type and bytes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    data: bytes
