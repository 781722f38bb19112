"""The order Vietnamese readers expect of names: the alphabet a ă â b c d đ e ê ... ư ... y, then tones.

Python's own string order follows code points, which puts "Đ" after "Z", "Thuận" before "Thành" and
"Tân" after "Thị". Here a name is compared letter by letter on the Vietnamese alphabet first, and
only where that ties on its tone marks (none, huyền, hỏi, ngã, sắc, nặng), so "My" and "Mỹ" sit
side by side.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: n for n, letter in enumerate(_ALPHABET)}
# Marks that make another letter of the alphabet (ă â ê ô ơ ư), kept on the base letter.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
# The tones in dictionary order: huyền, hỏi, ngã, sắc, nặng (no mark first).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

Key = tuple[tuple[tuple[int, int], ...], tuple[int, ...]]


def sort_key(text: str) -> Key:
    """A key that orders names as a Vietnamese list does: sorted(names, key=sort_key). A number written in
    a name counts as a number: «Thủ Thừa 2» before «Thủ Thừa 10», «Phường 2» before «Phường 12»."""
    letters: list[tuple[int, int]] = []
    tones: list[int] = []
    digits = ""
    for char in unicodedata.normalize("NFC", text).strip() + " ":
        rank, tone = _char(char)
        if rank[0] == 1:
            digits += str(rank[1])
            continue
        if digits:
            letters.append((1, int(digits)))
            tones.append(0)
            digits = ""
        letters.append(rank)
        tones.append(tone)
    return tuple(letters[:-1]), tuple(tones[:-1])


@lru_cache(maxsize=1024)
def _char(char: str) -> tuple[tuple[int, int], int]:
    """(class, rank) of the letter without its tone, and the tone: spaces and punctuation first,
    then digits, then letters in alphabet order, then anything else."""
    parts = unicodedata.normalize("NFD", char.lower())
    base = "".join(c for c in parts if not unicodedata.combining(c) or c in _LETTER_MARKS)
    tone = next((_TONES[c] for c in parts if c in _TONES), 0)
    letter = unicodedata.normalize("NFC", base)
    if letter in _RANK:
        return (2, _RANK[letter]), tone
    if letter.isdigit():
        return (1, unicodedata.digit(letter[0], 0)), tone
    if not letter.isalnum():
        return (0, ord(letter[:1] or " ")), tone
    return (3, ord(letter[0])), tone
