"""Whether two readings of an issuer line (the school's name in a letterhead) name one school, and whether
one names any."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from parsers.text import fold

# The same school's name is read twice where a scan's hidden layer lies under its page image, or where the
# pages of one scanned file each open with a header; OCR misreads a letter or two of a name of twenty, and a
# misread must not make one school two. Schools of one place differ by what OCR does not misread into one
# another: their level («TRƯỜNG TH TÂN PHÚ», «TRƯỜNG THCS TÂN PHÚ»), their number («SỐ 1 XUÂN PHONG», «SỐ 2
# XUÂN PHONG») and the letter or number their name ends with («MỸ THẠNH A», «MỸ THẠNH B»): the lines are 90 %
# alike and were taken for one school. Two readings name one school when their levels, their digits and
# their closing mark are the same and the whole names, written out alike, are _SAME_NAME alike.
_SAME_NAME = 85.0
# Each level by its short code and its words in full, folded; "thcs" before "th". A school writes its level
# in full on one paper and short on the next («TRƯỜNG TIỂU HỌC MỸ AN» over its plan, «TRƯỜNG TH MỸ AN» over
# its report): levels are compared by their codes.
_LEVELS = (
    ("thcs", "trung hoc co so"),
    ("thpt", "trung hoc pho thong"),
    ("th", "tieu hoc"),
    ("mn", "mam non"),
    ("mg", "mau giao"),
)
# A level in full read with a letter wrong («TIEU HOG») is still that level; a place's two words are not
# as alike («TIEN HOA» is 75 % of «TIEU HOC»).
_SAME_LEVEL = 80.0
# What OCR makes of a short code's letters: «THC5», «THCS» read «TIICS», «MN» read «RNN».
_MISREAD_LETTERS = (("5", "s"), ("0", "o"), ("6", "g"), ("ii", "h"), ("rn", "m"))
# A boarding school's kind, written before its levels («TRƯỜNG PTDTBT TH&THCS EA SOL»).
_KINDS = frozenset({"pt", "ptdtbt", "ptdtnt", "dtbt", "dtnt"})
_SCHOOL = "truong"
_AND = "va"
_NOT_WORD = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")
_MARK = re.compile(r"^(\d+|[a-z])$")


@dataclass(frozen=True)
class _Reading:
    """An issuer line read word by word, folded: «TRƯỜNG TIỂU HỌC MỸ THẠNH A» is ((), ("th",), ("my",
    "thanh", "a"))."""

    kinds: tuple[str, ...]
    levels: tuple[str, ...]  # short codes; () when no level could be read after "trường" and the kind
    words: tuple[str, ...]  # the rest; where no level was read, its misread words open it


def same_school(one: str, other: str, *, misread: bool = True) -> bool:
    """Whether two readings of an issuer line name one school: read alike word for word, or, when either
    was read by OCR (misread), with the same levels, digits and closing number or letter and names alike.

    A level OCR could not read on one side («TRƯỜNG TIICS MỸ AN») is taken for the level its words are
    nearest to, and must be the other side's; a line whose level is lost altogether names no school the
    other can be said to be."""
    a, b = _read(one), _read(other)
    if (a.kinds, a.levels, "".join(a.words)) == (b.kinds, b.levels, "".join(b.words)):
        return True
    if not misread or a.kinds != b.kinds:
        return False
    if a.levels and b.levels:
        return a.levels == b.levels and _alike(a.levels, a.words, b.words)
    if not a.levels and not b.levels:
        return _alike((), a.words, b.words)
    read, unread = (a, b) if a.levels else (b, a)
    split = len(unread.words) - len(read.words)
    if split < 1 or _nearest_levels(unread.words[:split], read.levels) != read.levels:
        return False
    return _alike(read.levels, read.words, unread.words[split:])


def nameless(issuer: str) -> bool:
    """Whether an issuer line opens as a school's but names none: «TRƯỜNG», «TRƯỜNG TIỂU HỌC», the
    school's name deleted with Track Changes on or hidden, so that Word shows and prints the line blank."""
    words = _NOT_WORD.sub(" ", fold(issuer)).split()
    return bool(words) and _unmisread(words[0]) == _SCHOOL and not _read(issuer).words


def _read(issuer: str) -> _Reading:
    words = _NOT_WORD.sub(" ", fold(issuer)).split()
    if words and (_unmisread(words[0]) == _SCHOOL or fuzz.ratio(words[0], _SCHOOL) >= _SAME_LEVEL):
        words = words[1:]
    kinds = []
    while words and words[0] in _KINDS:
        kinds.append(words.pop(0))
    levels: list[str] = []
    while level := _level_at(words):
        code, length = level
        levels.append(code)
        words = words[length:]
        if len(words) > 1 and words[0] == _AND and _level_at(words[1:]):
            words = words[1:]
    return _Reading(tuple(kinds), tuple(levels), tuple(words))


def _level_at(words: list[str]) -> tuple[str, int] | None:
    """The level the words open with, and how many words it takes."""
    for code, full in _LEVELS:
        length = len(full.split())
        if len(words) >= length and fuzz.ratio(" ".join(words[:length]), full) >= _SAME_LEVEL:
            return code, length
    for code, _ in _LEVELS:
        if words and _unmisread(words[0]) == code:
            return code, 1
        if len(words) > 1 and _unmisread(words[0] + words[1]) == code:  # «TH CS»
            return code, 2
    return None


def _unmisread(word: str) -> str:
    for read, meant in _MISREAD_LETTERS:
        word = word.replace(read, meant)
    return word


def _nearest_levels(words: tuple[str, ...], levels: tuple[str, ...]) -> tuple[str, ...] | None:
    """The levels that words OCR could not read as any are nearest to («TIICS» to THCS), of any single
    level and the levels given; None when two are as near."""
    spelled = " ".join(words)
    spellings: list[tuple[tuple[str, ...], str]] = [
        ((code,), spelling) for code, full in _LEVELS for spelling in (code, full)
    ]
    if len(levels) > 1:
        full = dict(_LEVELS)
        spellings += [(levels, " ".join(levels)), (levels, f" {_AND} ".join(full[code] for code in levels))]
    scores: dict[tuple[str, ...], float] = {}
    for candidate, spelling in spellings:
        scores[candidate] = max(scores.get(candidate, 0.0), fuzz.ratio(spelled, spelling))
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    if ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def _alike(levels: tuple[str, ...], one: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Whether two names of schools of the same levels are one name read twice: the same digits and
    closing mark, and their letters alike with "trường" and the levels written out before them, as the
    whole line reads (one letter misread of «MỸ AN» is not a third of the name)."""
    a, b = "".join(one), "".join(other)
    if _DIGITS.findall(a) != _DIGITS.findall(b) or _mark(one) != _mark(other):
        return False
    full = dict(_LEVELS)
    written = _SCHOOL + "".join(full[code].replace(" ", "") for code in levels)
    return fuzz.ratio(written + a, written + b) >= _SAME_NAME


def _mark(words: tuple[str, ...]) -> str:
    return words[-1] if words and _MARK.match(words[-1]) else ""
