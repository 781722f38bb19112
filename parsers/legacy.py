"""Legacy Vietnamese encodings (TCVN3/ABC and VNI) to Unicode NFC."""

from __future__ import annotations


def encoding_of_font(font_name: str | None) -> str | None:
    """'tcvn3' for .Vn... fonts, 'vni' for VNI-... fonts, else None."""
    raise NotImplementedError


def convert(text: str, encoding: str, *, font_name: str | None = None) -> str:
    """Convert text typed in a legacy encoding ('tcvn3' or 'vni') to Unicode NFC.

    font_name lets TCVN3 capital fonts (.VnTimeH...) be upper-cased after conversion.
    """
    raise NotImplementedError


def detect(text: str) -> str | None:
    """Guess from character statistics whether a whole text is TCVN3 or VNI mojibake."""
    raise NotImplementedError
