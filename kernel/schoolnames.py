"""What a school's official name says: its level (MN, MG, TH, THCS...) and the commune it serves.

Used when [[schools]] gives no `level` or `commune`; the config wins where the name misleads (a
private school named after a flower, say).
"""

from __future__ import annotations

import re

from parsers.text import fold, fold_aligned, nfc, tone_key


def _joined(lower: tuple[str, ...], upper: tuple[str, ...]) -> tuple[str, ...]:
    """The folded spellings of a school of two levels: each level abbreviated or spelled out, joined by
    "&", "và" or a dash ("TH&THCS", "Tiểu học và THCS", "TH - Trung học cơ sở")."""
    joins = ("&", " va ", "-", " - ")
    return tuple(f"{a}{join}{b}" for a in lower for join in joins for b in upper)


_PRIMARY = ("th", "tieu hoc")
_LOWER_SECONDARY = ("thcs", "trung hoc co so")
_UPPER_SECONDARY = ("thpt", "trung hoc pho thong")
# Longest first: "TH&THCS" must not be read as "TH", nor "Tiểu học và THCS" as "THCS".
_LEVELS = (
    ("TH&THCS", _joined(_PRIMARY, _LOWER_SECONDARY)),
    ("THCS&THPT", _joined(_LOWER_SECONDARY, _UPPER_SECONDARY)),
    ("THCS", ("thcs", "trung hoc co so")),
    ("THPT", ("thpt", "trung hoc pho thong")),
    ("TH", ("tieu hoc", "th")),
    ("MN", ("mam non", "mn", "nhom tre")),  # an independent childcare group is a preschool
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
_SCHOOL_WORDS = (
    r"mầm non|mẫu giáo|tiểu học|trung học cơ sở|trung học phổ thông|th&thcs|thcs&thpt|thcs|thpt|th|mn|mg|và"
    r"|liên cấp|tư thục|dân lập"
)
_PREFIX = re.compile(rf"^(?:trường\s+)?(?:(?:{_SCHOOL_WORDS})\s+)+", re.IGNORECASE)
# The same with what else a name may write before its commune: the kind of a boarding school for ethnic
# minority pupils («Trường PTDTBT TH&THCS Ea Sol»), of an independent group («Nhóm trẻ độc lập Ban Mai»),
# and the school's number («Trường Tiểu học số 1 Ea Hiao»). Two schools of one name but another kind are
# not one school (name_key), but they serve one commune.
_BEFORE_COMMUNE = re.compile(
    rf"^(?:trường\s+)?(?:(?:{_SCHOOL_WORDS}|(?:pt\s*|phổ thông\s+)?dt\s*(?:bt|nt)"
    r"|(?:phổ thông\s+|pt\s+)?dân tộc (?:bán trú|nội trú)|bán trú|nội trú"
    r"|nhóm trẻ(?:\s+độc lập)?|lớp (?:mầm non|mẫu giáo)(?:\s+độc lập)?)\s+)+(?:số\s+(?:\d+|[IVX]+)\s+)?",
    re.IGNORECASE,
)
# "Bình Thạnh 1", "Mỹ Thạnh A", "Ea Hiao số 2": one commune's schools
_NUMBERED = re.compile(r"\s+(?:(?:[sS]ố\s+)?\d+|[A-D])$")
# A day and month, folded: «30/4», «2-9», «19 thang 5».
_DATE = re.compile(r"\d{1,2} *(?:[/.-]|thang) *\d{1,2}")
# A numbered ward, folded: its number is its name ("Trường Tiểu học Phường 10" is Phường 10's school).
_NUMBERED_WARD = re.compile(r"phuong +\d{1,2}")
# A place written in brackets after a configured name to tell it from a namesake of another commune:
# "Trường Tiểu học Kim Đồng (xã Mỹ An)", "Trường TH Nguyễn Văn Trỗi (Phước Lại)".
_QUALIFIER = re.compile(r"\s*\(([^()]+)\)\s*$")
# Words that say what kind of place follows, folded: "xã Mỹ An", "thị trấn Thủ Thừa", "ấp Bình Hòa".
_PLACE_KIND = re.compile(r"^(?:xa|phuong|thi +tran|tt|dac +khu|ap|khu +pho)\b\.?")
# A commune-level People's Committee, folded: "ubnd xa my an", "uy ban nhan dan thi tran thu thua"; the
# kind of its place other than a xã in a group, named in a sentence as _COMMUNE_KINDS says.
_COMMUNE_OFFICE = re.compile(
    r"^(?:ubnd|uy +ban +nhan +dan) *(?=xa\b|(?P<ward>phuong)\b|(?P<town>thi +tran|tt)\b|(?P<zone>dac +khu)\b)"
)
_COMMUNE_KINDS = {"ward": "phường", "town": "thị trấn", "zone": "đặc khu"}
# The committee's office under it, read onto the same line since 2025 put schools under the commune
# ("UBND XÃ MỸ LẠC PHÒNG VĂN HÓA - XÃ HỘI"), folded: no part of the commune's name.
_COMMITTEE_OFFICE = re.compile(r"\s+phong\s+(?:van\s+hoa|vh|giao\s+duc|gd)\b")
# A word of a name, or a dash between two ("UBND XÃ MỸ AN - HUYỆN …"), folded; a scan's marks have neither.
_WORD_OR_DASH = re.compile(r"[a-z0-9]|^[-–—]$")


# A school of all three levels, folded: «Trường Tiểu học, THCS và THPT …». Its commune collects its primary
# and lower-secondary parts, as a TH&THCS school's; its upper-secondary part answers to the province.
_THREE_LEVELS = re.compile(
    r"\b(?:th|tieu hoc) *(?:,|&|-|va) *(?:thcs|trung hoc co so) *(?:,|&|-|va) *(?:thpt|trung hoc pho thong)\b"
)


def level_of(name: str) -> str:
    """ "Trường Tiểu học Bình Thạnh 1" -> "TH"; "" when the name names no level."""
    if _THREE_LEVELS.search(fold(name)):
        return "TH&THCS"
    words = f" {fold(name)} "
    for level, spellings in _LEVELS:
        if any(f" {s} " in words for s in spellings):
            return level
    return ""


# Words of a school's kind as they read typed without their marks (a keyboard without Vietnamese input).
_UNMARKED_KIND = re.compile(r"\b(?:truong|tieu hoc|mam non|mau giao|trung hoc|nhom tre)\b")


def unmarked(name: str) -> bool:
    """ "Truong Tieu hoc Phu Cuong" -> True: a Vietnamese name typed without its marks, no letter beyond
    ASCII and a word of a school's kind as it reads without them ("Trường THCS Tràm Chim" -> False)."""
    return name.isascii() and _UNMARKED_KIND.search(name.lower()) is not None


# An independent childcare group or class, by its name folded: its owner heads it, not a principal.
_OWNED = re.compile(r"^(?:nhom tre|nhom lop|lop mam non|lop mau giao)\b")


# A private school's name, folded: named after its owner's brand, which a group of that owner or the
# chain's other campuses share («Trường Mầm non Tư thục Hoa Mai», «Nhóm trẻ độc lập Hoa Mai»).
_PRIVATE = re.compile(r"\b(?:tu thuc|dan lap)\b")


def branded(name: str) -> bool:
    """Whether name is a private school's or an independent group's, after a brand rather than a commune."""
    folded = fold(name)
    return _PRIVATE.search(folded) is not None or _OWNED.match(folded) is not None


def head_of(name: str) -> str:
    """Who heads the school the mail is written to: «Hiệu trưởng», or «Chủ nhóm» of an independent
    childcare group or class."""
    return "Chủ nhóm" if _OWNED.match(fold(name)) else "Hiệu trưởng"


def addressee(name: str) -> str:
    """«Hiệu trưởng Trường Tiểu học Mỹ An», «Chủ nhóm trẻ độc lập Ban Mai»: the school's head, named."""
    head = head_of(name)
    return f"Chủ {name[:1].lower()}{name[1:]}" if head == "Chủ nhóm" else f"{head} {name}"


def level_rank(level: str) -> int:
    """Where a level stands in LEVEL_ORDER; a level it does not know comes last."""
    return LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER)


def commune_of(name: str) -> str:
    """ "Trường Tiểu học Mỹ Thạnh A" -> "Mỹ Thạnh": the name without its school words and number; the
    place in brackets of a name that has one ("Trường Tiểu học Kim Đồng (xã Mỹ An)" -> "Mỹ An")."""
    name, place = unqualified(name)
    if place:
        return place
    place = _BEFORE_COMMUNE.sub("", name.strip())
    return place if numbered_ward(place) else _NUMBERED.sub("", place).strip()


def numbered(name: str) -> bool:
    """Whether a school's name ends with its number or letter, as one of a place's schools' does
    («Trường Tiểu học Bình Thạnh 1», «Trường Mầm non Hoa Hồng 2»); a numbered ward's is no school's."""
    place = _BEFORE_COMMUNE.sub("", unqualified(name)[0].strip())
    return not numbered_ward(place) and _NUMBERED.search(place) is not None


def dated(place: str) -> bool:
    """Whether a place read from a school's name is a date («30/4», «19 tháng 5»), which no commune is."""
    return _DATE.fullmatch(fold(place.strip())) is not None


def numbered_ward(place: str) -> bool:
    """Whether place is a numbered ward, «Phường 10»: its number is its name, not a school's number."""
    return _NUMBERED_WARD.fullmatch(fold(place.strip())) is not None


def written_place(place: str) -> bool:
    """Whether place is written with its kind, so is one: «Thị trấn Phú Lâm», «xã Mỹ An», «Phường 10»."""
    return _PLACE_KIND.match(fold(place)) is not None or numbered_ward(place)


def place_initials(place: str) -> str:
    """A place as a code writes it, folded: each word's initial, a number whole ("Mỹ Thạnh" -> "mt",
    "Phường 10" -> "p10")."""
    return "".join(word if word.isdigit() else word[0] for word in fold(place).split())


def unqualified(name: str) -> tuple[str, str]:
    """A configured name without the place written in brackets after it, and that place: "Trường Tiểu
    học Kim Đồng (xã Mỹ An)" -> ("Trường Tiểu học Kim Đồng", "Mỹ An"); ("…", "") without one. The
    brackets are the office's, to tell namesakes apart: schools head their papers with the name alone."""
    found = _QUALIFIER.search(name)
    if found is None or not name[: found.start()].strip():
        return name, ""
    return name[: found.start()].strip(), without_kind(found.group(1))


def without_kind(place: str) -> str:
    """A place without the word that says its kind: "xã Mỹ An" -> "Mỹ An", "thị trấn Thủ Thừa" -> "Thủ Thừa"."""
    words = place.split()
    if numbered_ward(place):
        return " ".join(words)  # "Phường 10": a numbered ward's kind is part of its name
    kind = _PLACE_KIND.match(fold(place))
    dropped = len(kind.group(0).split()) if kind and len(words) > len(kind.group(0).split()) else 0
    return " ".join(words[dropped:])


def commune_office_place(office: str) -> str | None:
    """The commune a commune-level People's Committee is named after: "UBND XÃ MỸ AN" -> "MỸ AN",
    "Ủy ban nhân dân thị trấn Thủ Thừa" -> "Thủ Thừa"; None for any other body (a district's office, the
    Department), whose place many communes' schools share. A scan reads the rule under the line as a
    stop or dash after it ("UBND XÃ HÒA HỘI."), and a stamp's edge as marks with no letter ("UBND XÃ TÂN
    LONG ˆ", "… TÂN LONG -' G"): the name ends before them."""
    text = " ".join(nfc(office).split())
    found = _COMMUNE_OFFICE.match(fold_aligned(text))  # "UBNDXÃ MỸ AN": a scan may lose the space
    if found is None:
        return None
    rest = text[found.end() :]
    below = _COMMITTEE_OFFICE.search(fold_aligned(rest))
    rest = rest[: below.start()] if below else rest
    words = rest.split()
    marks = next((i for i, word in enumerate(words) if not _WORD_OR_DASH.search(fold(word))), len(words))
    rest = " ".join(words[:marks]).rstrip(" .,;:-_–—")
    return None if _PLACE_KIND.fullmatch(fold(rest)) else without_kind(rest)


def commune_kind(office: str) -> str:
    """What a commune-level People's Committee calls its place, to name it so in a sentence: "UBND PHƯỜNG
    BÀN CỜ" -> "phường", "UBND thị trấn Thủ Thừa" -> "thị trấn"; "xã" for a xã or any other body."""
    found = _COMMUNE_OFFICE.match(fold_aligned(" ".join(nfc(office).split())))
    return _COMMUNE_KINDS[found.lastgroup] if found and found.lastgroup else "xã"


def namesake_label(name: str, commune: str, unit_name: str) -> str:
    """What tells a school apart from others of the same name: its commune as configured, else the
    commune People's Committee that collects it ("xã Mỹ An" from "UBND xã Mỹ An"), else that unit's name;
    "" when none is known. A commune that is only the name's own words ("Kim Đồng") tells nothing."""
    if commune and fold(commune) not in fold(name):
        return commune
    if unit_name:
        text = " ".join(nfc(unit_name).split())
        found = _COMMUNE_OFFICE.match(fold_aligned(text))
        return text[found.end() :].strip() if found else text
    return ""


def name_key(name: str) -> tuple[str, str]:
    """What two names of one school share however they are written: its level and the rest of the name
    with its tones ("Trường TH Kim Đồng" and "Trường Tiểu học Kim Đồng": TH, "kim đồng")."""
    return level_of(name), tone_key(_PREFIX.sub("", name.strip()))
