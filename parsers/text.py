"""Vietnamese text helpers: NFC normalisation and the diacritic-insensitive folded key."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
# Old-style tone placement ("hoà", "thuỷ") and new style ("hòa", "thủy") must compare equal.
# fmt: off
_TONE_MOVES = {
    "òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ",
    "òe": "oè", "óe": "oé", "ỏe": "oẻ", "õe": "oẽ", "ọe": "oẹ",
    "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ",
}
# fmt: on
_TONE_RE = re.compile("|".join(_TONE_MOVES), re.IGNORECASE)


def nfc(text: str) -> str:
    """Text in NFC with no NUL characters; every extractor's output passes through here."""
    return unicodedata.normalize("NFC", text).replace("\x00", "")


def fold(text: str) -> str:
    """Diacritic-insensitive key: no marks, đ->d, lower case, single spaces."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", stripped.lower()).strip()


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    base = unicodedata.normalize("NFD", c)[0].lower()[0]
    return "d" if base == "đ" else base


def fold_aligned(text: str) -> str:
    """fold() one character at a time, so positions in the result are positions in text."""
    return "".join(_fold_char(c) for c in text)


def tone_key(text: str) -> str:
    """Diacritic-respecting key: NFC, lower case, single spaces, one tone placement."""
    lowered = _SPACES.sub(" ", nfc(text).lower()).strip()
    return _TONE_RE.sub(lambda m: _TONE_MOVES[m.group(0).lower()], lowered)


def has_diacritics(text: str) -> bool:
    """True when text carries any Vietnamese mark (so it can be compared respecting them)."""
    return fold(text) != _SPACES.sub(" ", text.lower()).strip()
