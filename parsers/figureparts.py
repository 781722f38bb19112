"""Which part of a school's work a sentence stating a figure is about: a campus, a grade, a month, a way, an
audience («Tại điểm trường Long Hòa…», «Khối 7…», «… cho phụ huynh»)."""

from __future__ import annotations

import re
from functools import lru_cache

from parsers.text import fold

# The people a count or an activity may be for, folded first words: «cho học sinh», «380 lượt phụ huynh».
_WHOM = r"(hoc sinh|phu huynh|cha me|tre|giao vien|can bo)"
# Each kind of part, folded, its label the groups it captures: the campus («tại điểm trường Long Hòa», «cơ
# sở 2», «điểm chính»), the grade («Khối 6», «lớp 8»), the month («tháng 9»), the way it was held («trực
# tuyến»), whom it was for («cho phụ huynh») or whom its count counts («420 lượt trẻ»).
_KINDS = (
    re.compile(
        r"\b(?:diem truong|phan hieu)((?: [a-z]+){1,3})|\b(diem (?:chinh|phu|le))\b|\bco so (\d+|chinh|phu)\b"
    ),
    re.compile(r"\b(?:khoi lop|khoi|lop) ?(\d{1,2})(?![0-9])"),
    re.compile(r"\bthang ?(\d{1,2})(?![0-9])"),
    re.compile(r"\b(truc tiep|truc tuyen|online)\b"),
    re.compile(
        rf"\b(?:cho|doi voi|danh cho)(?: cac| toan the| toan bo)? {_WHOM}\b"
        rf"|[0-9](?: luot| em)? {_WHOM}\b"
    ),
)
# Words after a campus's name that are none of it: «điểm trường Long Hòa tổ chức», «… nhà trường đã».
_NOT_A_NAME = frozenset("to chuc nha truong da co tai cho voi va trong duoc thuc hien".split())
# What says the people a sentence counts took part in what was held, folded: only then is whom it was for a
# part of those taking part («Có 380 lượt phụ huynh tham gia», «2 buổi … cho phụ huynh»); parents reached
# otherwise («Tuyên truyền đến 560 lượt phụ huynh thông qua các cuộc họp, nhóm Zalo») are no such part.
_TAKING_PART = re.compile(r"\b(?:tham gia|tham du|buoi)\b")
# What opens a sentence giving a part of what the one before it gave: «Trong đó, 350 lượt phụ huynh».
_AMONG = re.compile(r"^\W*trong (?:so )?do\b")


@lru_cache(maxsize=1024)
def part_labels(sentence: str) -> tuple[frozenset[str], ...]:
    """The labels of each kind of part (_KINDS) the sentence names, in the order of _KINDS: for «Tại điểm
    trường Long Hòa, nhà trường tổ chức 2 buổi tuyên truyền cho 210 lượt học sinh», the campus «long hoa»
    and the audience «hoc sinh»."""
    folded = fold(sentence)
    found: list[frozenset[str]] = []
    for kind in _KINDS:
        labels = set()
        if kind is _KINDS[-1] and not _TAKING_PART.search(folded):
            found.append(frozenset())
            continue
        for m in kind.finditer(folded):
            label = next(g for g in m.groups() if g is not None).split()
            while label and label[-1] in _NOT_A_NAME:
                label.pop()
            if label:
                labels.add(" ".join(label))
        found.append(frozenset(labels))
    return tuple(found)


def parts_apart(known: str, sentence: str) -> bool:
    """Whether sentence, stating a figure known's sentences state too, is about another part of the same
    kind than they are: another campus, grade, month, way or audience («Tại điểm trường chính …» and «Tại
    điểm trường Long Hòa …»; «… cho học sinh …» and «… cho phụ huynh …»), so that its count and theirs may
    add up. Not a sentence opening with «Trong đó», which gives a part of what came before."""
    if _AMONG.match(fold(sentence)):
        return False
    return any(
        mine and theirs and not mine & theirs
        for mine, theirs in zip(part_labels(sentence), part_labels(known), strict=True)
    )


def names_a_part(sentence: str) -> bool:
    """Whether sentence names any part (part_labels): a count in it may be one part of the school's."""
    return any(part_labels(sentence))
