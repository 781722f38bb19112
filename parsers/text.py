"""Vietnamese text helpers: NFC normalisation and the diacritic-insensitive folded key."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

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


class CharTable(dict[int, str | None]):
    """A str.translate table that works out each character the first time it is seen: the
    translation itself then runs at C speed, one lookup per character."""

    def __init__(self, rule: Callable[[str], str | None]) -> None:
        super().__init__()
        self.rule = rule

    def __missing__(self, code: int) -> str | None:
        value = self[code] = self.rule(chr(code))
        return value


def _unmarked(c: str) -> str | None:
    """What fold() keeps of one character of NFD text: no combining mark, đ as d."""
    if unicodedata.combining(c):
        return None
    return "d" if c == "đ" else "D" if c == "Đ" else c


def _fold_char(c: str) -> str:
    """One character folded where it stands (its base letter, lower case, đ as d)."""
    base = unicodedata.normalize("NFD", c)[0].lower()[0]
    return "d" if base == "đ" else base


_UNMARKED = CharTable(_unmarked)
_FOLDED = CharTable(_fold_char)


def fold(text: str) -> str:
    """Diacritic-insensitive key: no marks, đ->d, lower case, single spaces."""
    stripped = unicodedata.normalize("NFD", text).translate(_UNMARKED)
    return _SPACES.sub(" ", stripped.lower()).strip()


def fold_aligned(text: str) -> str:
    """fold() one character at a time, so positions in the result are positions in text."""
    return text.translate(_FOLDED)


def tone_key(text: str) -> str:
    """Diacritic-respecting key: NFC, lower case, single spaces, one tone placement."""
    lowered = _SPACES.sub(" ", nfc(text).lower()).strip()
    return _TONE_RE.sub(lambda m: _TONE_MOVES[m.group(0).lower()], lowered)


def has_diacritics(text: str) -> bool:
    """True when text carries any Vietnamese mark (so it can be compared respecting them)."""
    return fold(text) != _SPACES.sub(" ", text.lower()).strip()
