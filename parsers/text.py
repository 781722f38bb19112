"""Vietnamese text helpers: NFC normalisation and the diacritic-insensitive folded key."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

# Old-style tone placement ("hoà", "thuỷ") and new style ("hòa", "thủy") must compare equal.
# fmt: off
_TONE_MOVES = {
    "òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ",
    "òe": "oè", "óe": "oé", "ỏe": "oẻ", "õe": "oẽ", "ọe": "oẹ",
    "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ",
}
# fmt: on
_TONE_RE = re.compile("|".join(_TONE_MOVES), re.IGNORECASE)


# Characters that print nothing inside a word (soft hyphen, word joiner, zero-width joiners, the BOM as
# a zero-width no-break space) and the no-break spaces, which print a space: pasted from web pages and
# chat apps into school names ("MỸ LẠ\u00adC"), they made a name match no school. And the full-width
# digits, letters and space of an input method left in full-width mode («NQ１２１», «Long Hòa ２»), which
# read as no digit: a school's number was lost and the name matched the school without one. And the
# controls of writing direction, which no Vietnamese text needs: «Báo cáo<U+202E>fdp.exe» reads
# «Báo cáoexe.pdf», a program shown as a PDF, and they turn the rest of a sentence that quotes them around.
_UNUSUAL = re.compile(
    "[\u00ad\u200c\u200d\u2060\ufeff\u00a0\u2007\u202f\u3000\uff01-\uff5e"
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_USUAL = {
    0x00AD: None,
    0x200C: None,
    0x200D: None,
    0x2060: None,
    0xFEFF: None,
    0xA0: " ",
    0x2007: " ",
    0x202F: " ",
    0x3000: " ",
    **{code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)},
    **dict.fromkeys([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]),
}
# A zero-width space marks a word boundary: one space, however many spaces stand beside it.
_ZERO_WIDTH_SPACE = re.compile("[ \u00a0]*\u200b[ \u00a0\u200b]*")


def nfc(text: str) -> str:
    """Text in NFC with no NUL characters, the invisible characters of a word and the controls of writing
    direction dropped, no-break or zero-width spaces read as spaces and full-width characters as ASCII;
    every extractor's output passes through here."""
    text = unicodedata.normalize("NFC", text).replace("\x00", "")
    if "\u200b" in text:
        text = _ZERO_WIDTH_SPACE.sub(" ", text)
    return text.translate(_USUAL) if _UNUSUAL.search(text) else text


# The Icelandic eth (Ð, ð) that old keyboards and fonts give for Đ and đ («ÐỨC HÒA»): read as no
# Vietnamese letter, «Mỹ An Ðông» lost its last word and was taken for Mỹ An. In TCVN3 text not yet
# converted Ð is a letter of that encoding (é), so only text known to be Unicode is read so.
_ETH = str.maketrans("Ðð", "Đđ")


def without_eth(text: str) -> str:
    """Unicode text with Ð and ð read as the Đ and đ they were typed for."""
    return text.translate(_ETH) if "Ð" in text or "ð" in text else text


class CharTable(dict[int, str | None]):
    """A str.translate table that works out each character the first time it is seen: the
    translation itself then runs at C speed, one lookup per character."""

    def __init__(self, rule: Callable[[str], str | None]) -> None:
        super().__init__()
        self.rule = rule

    def __missing__(self, code: int) -> str | None:
        value = self[code] = self.rule(chr(code))
        return value


# The apostrophe of an ethnic place name («Ea H'leo», «Cư M'gar») as Word, Zalo and phones type it
# (’, ‘, ʼ): one letter of the name, whichever was typed.
_APOSTROPHES = frozenset("’‘ʼ")


def _unmarked(c: str) -> str | None:
    """What fold() keeps of one character of NFD text: no combining mark, đ (and ð typed for it) as d, one
    apostrophe."""
    if unicodedata.combining(c):
        return None
    if c in _APOSTROPHES:
        return "'"
    return "d" if c in "đð" else "D" if c in "ĐÐ" else c


def _fold_char(c: str) -> str:
    """One character folded where it stands (its base letter, lower case, đ as d, one apostrophe)."""
    if c in _APOSTROPHES:
        return "'"
    base = unicodedata.normalize("NFD", c)[0].lower()[0]
    return "d" if base in "đð" else base


_UNMARKED = CharTable(_unmarked)
_FOLDED = CharTable(_fold_char)


def fold(text: str) -> str:
    """Diacritic-insensitive key: no marks, đ->d, lower case, single spaces, ’ as '."""
    if len(text) <= _SHORT:
        return _folded_short(text)
    return _folded_long(text) if len(text) <= _LONG else _folded(text)


# Matching and classifying key the same names and phrases over and over (a registry's places and school
# names for each mention, a keyword for each line): 150 messages folded 63,000 short strings, of which
# 2,700 differed. Short ones are kept, so that each is keyed once per process.
_SHORT = 200
_SHORT_KEPT = 16384
# The readers of one message fold its body and its papers' text each in turn (the classifier, the notice
# and figure readers, the matcher): of 1,451 longer texts that 300 messages folded, 790 had just been
# folded. The last few are kept; a text longer than _LONG (a whole book's) is not.
_LONG = 100_000
_LONG_KEPT = 8


def _folded(text: str) -> str:
    stripped = unicodedata.normalize("NFD", text).translate(_UNMARKED)
    return " ".join(stripped.lower().split())  # single spaces: four times faster than a pattern


_folded_short = functools.lru_cache(maxsize=_SHORT_KEPT)(_folded)
_folded_long = functools.lru_cache(maxsize=_LONG_KEPT)(_folded)


def fold_aligned(text: str) -> str:
    """fold() one character at a time, so positions in the result are positions in text."""
    if text.isascii():  # no marks to drop: lower case keeps every position
        return text.lower()
    return _aligned_short(text) if len(text) <= _SHORT else _aligned(text)


def _aligned(text: str) -> str:
    return text.translate(_FOLDED)


# A report's lines are folded where they stand by each reader in turn (its facts, sections, figures and
# the matching of its school): each line is worked out once.
_aligned_short = functools.lru_cache(maxsize=_SHORT_KEPT)(_aligned)


def tone_key(text: str) -> str:
    """Diacritic-respecting key: NFC, lower case, single spaces, one tone placement."""
    return _tone_key_short(text) if len(text) <= _SHORT else _tone_key(text)


def _tone_key(text: str) -> str:
    lowered = " ".join(nfc(text).lower().split())
    return _TONE_RE.sub(lambda m: _TONE_MOVES[m.group(0).lower()], lowered)


_tone_key_short = functools.lru_cache(maxsize=_SHORT_KEPT)(_tone_key)


def has_diacritics(text: str) -> bool:
    """True when text carries any Vietnamese mark (so it can be compared respecting them)."""
    return fold(text) != " ".join(text.lower().split())
