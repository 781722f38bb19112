"""Children's names kept out of what the draft quotes: a report on child abuse never names a child upward.

A run of capitalised words is a child's name when it follows a word naming a child ("học sinh Nguyễn Văn
A", "em Trần Thị B", "cháu", "trẻ", "bé", with or without marks), or when, standing alone, it is a full
name of three or four words led by a surname ("Nguyễn Văn A (lớp 3A) bị ...") that no title of an official
("cô", "thầy", "hiệu trưởng") and no school, street or place ("Trường Tiểu học", "đường", "xã") stands
before. Names of adults without such a title are hidden too: a parent's name tells whose child it is.
"""

from __future__ import annotations

import re
import unicodedata

from parsers.text import fold

# The whole name gives way to a note, not to initials: in a commune's school "N.V.A, lớp 3A" still tells
# everyone which child it is.
HIDDEN = "(đã ẩn tên)"

_LOWER = "a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
_WORD = rf"[{_LOWER.upper()}][{_LOWER}]*"
_RUN = re.compile(rf"(?<![\w&/]){_WORD}(?:\s+{_WORD})*(?![\w&/])")
# Words naming a child, written with marks or without (a report typed without them).
_CHILD = re.compile(
    r"(?i:(?<!\w)(?:học sinh|hoc sinh|hs|nữ sinh|nu sinh|nam sinh|em|cháu|chau|trẻ|tre|bé|be|con|bạn"
    r"|nạn nhân|nan nhan)(?:\s+(?:lớp|lop)\s+\S+)?)\s*$"
)
# Titles an adult official's name follows. Only written with marks: "co" may be "có", and unsure is hidden.
_OFFICIAL = re.compile(
    r"(?i:(?<!\w)(?:cô|thầy|giáo viên|gv|gvcn|hiệu trưởng|hiệu phó|tổng phụ trách|đồng chí|đ/c|cán bộ"
    r"|chủ tịch|bí thư|trưởng công an))\s*$"
)
# Schools, streets and places named after people ("Trường THCS Nguyễn Văn Trỗi", "đường Lê Văn Tám").
_PLACE = re.compile(
    r"(?:^|\W)(?:truong|tieu hoc|thcs|thpt|th|mam non|mau giao|mn|mg|duong|pho|xa|phuong|thi tran|huyen"
    r"|quan|tinh|thanh pho|tp\.?|ap|khu pho|lien doi|chi doi|doi)$"
)
# Words addressing a person, which start no name: "Em Nguyễn Văn A", "Ông Lê Văn B" ("Ông" is a surname too).
_ADDRESS = frozenset("em cháu chau bé trẻ con bạn ông bà cô thầy anh chị chú bác".split())
_INSTITUTION = frozenset(fold(w) for w in "Trường Tiểu Trung Mầm Mẫu Phòng Sở Lớp Khối Xã Huyện Tỉnh".split())
# Surnames as written, marks and all: parsers.persons.SURNAMES is folded, and "Trường", "Trưởng", "Tổ",
# "Phố", "Đảm" fold to "Trương", "Tô", "Phó", "Đàm". "Ông", "Văn", "Phó" are left out: a title or a word.
_SURNAMES = frozenset(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đoàn Lâm Mai Trương Đào Cao "
    "Lương Hà Tạ Châu Quách Tô Thái Lưu Trịnh Kiều La Diệp Từ Tăng Hứa Lữ Triệu Mạc Giang Tiêu Nông Phùng "
    "Khúc Tôn Thân Chu Lục Vương Doãn Âu Quan Nghiêm Lại Kha Viên Bạch Thạch Kim Danh Khổng Đàm Ninh Hàn "
    "Lò Lã Mã Cù".split()
)
_UNMARKED_SURNAMES = frozenset(fold(s) for s in _SURNAMES)  # of a report typed without marks
_NEVER = ("ho chi minh", "viet nam", "doan thanh nien")
_CONTEXT = 60  # characters before a name that tell what it is


def hide_children(text: str) -> str:
    """text with every child's name in it replaced by HIDDEN."""
    text = unicodedata.normalize("NFC", text)
    return _RUN.sub(lambda run: _hidden(run, text), text)


def _hidden(run: re.Match[str], text: str) -> str:
    """The run with the child's name in it hidden: "Em Nguyễn Văn A" -> "Em (đã ẩn tên)"."""
    words = run.group().split()
    context = text[max(0, run.start() - _CONTEXT) : run.start()]
    for start in range(len(words) - 1):
        if _is_childs_name(words[start:], f"{context}{' '.join(words[:start])}"):
            return " ".join([*words[:start], HIDDEN])
    return run.group()


def _is_childs_name(words: list[str], before: str) -> bool:
    folded = [fold(w) for w in words]
    if len(words) < 2 or words[0].lower() in _ADDRESS or " ".join(folded).startswith(_NEVER):
        return False
    if _CHILD.search(before):
        return folded[0] not in _INSTITUTION
    return (
        len(words) >= 3
        and _is_surname(words[0])
        and not _OFFICIAL.search(before)
        and not _PLACE.search(fold(before))
    )


def _is_surname(word: str) -> bool:
    return word in _SURNAMES or word.isascii() and fold(word) in _UNMARKED_SURNAMES
