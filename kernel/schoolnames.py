"""What a school's official name says: its level (MN, MG, TH, THCS...) and the commune it serves.

Used when [[schools]] gives no `level` or `commune`; the config wins where the name misleads (a
private school named after a flower, say).
"""

from __future__ import annotations

import re

from parsers.text import fold

# Longest first: "TH&THCS" must not be read as "TH".
_LEVELS = (
    ("TH&THCS", ("th&thcs", "tieu hoc va trung hoc co so", "th va thcs")),
    ("THCS&THPT", ("thcs&thpt", "thcs va thpt")),
    ("THCS", ("thcs", "trung hoc co so")),
    ("THPT", ("thpt", "trung hoc pho thong")),
    ("TH", ("tieu hoc", "th")),
    ("MN", ("mam non", "mn")),
    ("MG", ("mau giao", "mg")),
)
LEVEL_LABELS = {
    "MN": "Mầm non",
    "MG": "Mẫu giáo",
    "TH": "Tiểu học",
    "THCS": "Trung học cơ sở",
    "TH&THCS": "Tiểu học và THCS",
    "THPT": "Trung học phổ thông",
    "THCS&THPT": "THCS và THPT",
}
# The order staff list levels in: youngest pupils first, a combined school before its upper level.
LEVEL_ORDER = ("MN", "MG", "TH", "TH&THCS", "THCS", "THCS&THPT", "THPT")
# Words of the name before the place: "Trường", the level, "tư thục", "liên cấp".
_PREFIX = re.compile(
    r"^(?:trường\s+)?(?:(?:mầm non|mẫu giáo|tiểu học|trung học cơ sở|trung học phổ thông|th&thcs|"
    r"thcs&thpt|thcs|thpt|th|mn|mg|và|liên cấp|tư thục|dân lập)\s+)+",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"\s+(?:\d+|[A-D])$")  # "Bình Thạnh 1", "Mỹ Thạnh A": one commune's schools


def level_of(name: str) -> str:
    """ "Trường Tiểu học Bình Thạnh 1" -> "TH"; "" when the name names no level."""
    words = f" {fold(name)} "
    for level, spellings in _LEVELS:
        if any(f" {s} " in words for s in spellings):
            return level
    return ""


def level_rank(level: str) -> int:
    """Where a level stands in LEVEL_ORDER; a level it does not know comes last."""
    return LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER)


def commune_of(name: str) -> str:
    """ "Trường Tiểu học Mỹ Thạnh A" -> "Mỹ Thạnh": the name without its school words and number."""
    place = _PREFIX.sub("", name.strip())
    return _NUMBERED.sub("", place).strip()
