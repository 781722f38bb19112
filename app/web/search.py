"""The search box of the school table: what a clerk types, with or without tone marks, in NFC or as a
Mac keyboard sends it (decomposed), against a school's name, other names, code, commune and addresses.

Each word typed must begin a word there ("an" finds Mỹ An, not Mỹ Thạnh). A word typed without marks
matches with any marks ("thanh" finds Thành and Thạnh); a word typed with marks matches only those
marks ("Thành" does not find Thạnh, another school), in either tone placement ("Hoà" and "Hòa").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from parsers.text import fold, has_diacritics, tone_key

_WORD = re.compile(r"\w+")
# The levels of a combined school written as the office writes them, «TH&THCS», «TH và THCS», «TH-THCS»:
# one word to search by, which only those schools hold. As two, «TH&THCS» found every THCS school, whose
# «THCS» and «Thủ Thừa» begin with «th».
_COMBINED = re.compile(r"\b(mn|mg|th|thcs|thpt) *(?:&|\+|-|/| và | va ) *(mn|mg|th|thcs|thpt)\b")


def _combined(text: str) -> str:
    return _COMBINED.sub(r"\1\2", text)


def matches(query: str, texts: Iterable[str]) -> bool:
    """Whether every word of the query begins a word of the texts; an empty query matches everything."""
    typed = _WORD.findall(_combined(tone_key(query)))
    if not typed:
        return True
    joined = " ".join(texts)
    # A combined school's own name keeps its two levels too: «THCS» still finds TH&THCS Tân Long.
    joined = f"{joined} {_combined(tone_key(joined))}"
    marked, plain = _WORD.findall(tone_key(joined)), _WORD.findall(fold(joined))
    return all(
        any(w.startswith(t) for w in marked)
        if has_diacritics(t)
        else any(w.startswith(fold(t)) for w in plain)
        for t in typed
    )
