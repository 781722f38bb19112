"""A file carried by a mail, received or sent: its name, MIME type and bytes."""

from __future__ import annotations

from dataclasses import dataclass

# A picture in the mail's text under this size is a logo or an icon; a photo of a page is far larger.
INLINE_DECORATION_BYTES = 50 * 1024
# A picture attached under this size is one too (a signature's "image001.png" sent as an attachment): no
# page of a report can be read from so few bytes.
TINY_PICTURE_BYTES = 10 * 1024


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    data: bytes
    # A picture placed in the mail's text by its Content-ID rather than attached: a signature's logo, or
    # a photo pasted in. One with no text in it is part of the mail, not a file sent.
    inline: bool = False
    # The mail's HTML shows the picture at a logo's or a banner's size, whatever it weighs: no one sends a
    # report as a picture its reader sees that small.
    logo: bool = False

    @property
    def decorative(self) -> bool:
        """A signature's logo, banner or an icon rather than a file sent: a picture the mail's text shows
        at a logo's size, a small picture placed in the mail's text, or a tiny one attached."""
        if not self.content_type.startswith("image/"):
            return False
        size = len(self.data)
        return self.logo or (self.inline and size < INLINE_DECORATION_BYTES) or size < TINY_PICTURE_BYTES
