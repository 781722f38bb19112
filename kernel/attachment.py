"""A file carried by a mail, received or sent: its name, MIME type and bytes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    data: bytes
    # A picture placed in the mail's text by its Content-ID rather than attached: a signature's logo, or
    # a photo pasted in. One with no text in it is part of the mail, not a file sent.
    inline: bool = False
