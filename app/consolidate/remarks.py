"""Difficulties and proposals: the items of each school's sections, merged when schools say the same.

A section's text becomes paragraphs (lines a PDF wrapped are joined again), then sentences. Labels
steer them: "Khó khăn: ..." is a difficulty, "Thuận lợi: ..." is left out, and a sentence opening
with "Đề nghị", "Kiến nghị" or "Đề xuất" is a proposal wherever it stands (merged headings such as
"Khó khăn và đề xuất" carry both). "Không có." and "Nhà trường không gặp khó khăn gì" say nothing and
are dropped; a letter's closing ("Trân trọng!"), its signer ("Hiệu trưởng Trần Văn Bình") and a mail's
signature end a section's remarks. A child's name in an item is hidden (privacy.hide_children). Items of
different schools are merged when their folded words, fillers ("còn", "các") left out and the same people
named alike ("trẻ", "học sinh"), are at least SIMILAR percent alike (rapidfuzz's ratio) and differ only by
slips ("truyyền"), so that "trẻ ở với ông bà" and "học sinh ở với ông bà" become one item naming both
schools, while "tập huấn cho giáo viên" and "tập huấn cho phụ huynh" stay two.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from app.consolidate.model import Remark, RemarkKind, Source
from app.consolidate.privacy import hide_children
from parsers.document import Section, SectionSpec
from parsers.sections import ends_body
from parsers.text import fold

SIMILAR = 85.0
DIFFICULTY: RemarkKind = "difficulty"
PROPOSAL: RemarkKind = "proposal"

_KIND_WORDS: dict[RemarkKind, tuple[str, ...]] = {
    DIFFICULTY: ("kho khan", "vuong mac", "ton tai", "han che", "bat cap"),
    PROPOSAL: ("de xuat", "kien nghi", "de nghi"),
}
# Labelled parts of these sections that are neither: "Thuận lợi: ...", "Nguyên nhân: ...".
_OTHER_WORDS = ("thuan loi", "uu diem", "nguyen nhan", "giai phap", "phuong huong", "ket qua")
_ASKING = re.compile(r"^(?:kinh |xin |tran trong )?(?:de nghi|kien nghi|de xuat|mong|xin)\b")
_NOTHING = re.compile(
    r"^(?:khong|chua)(?: co)?(?: gi| y kien| kien nghi| de xuat| de nghi| kho khan| vuong mac)*$"
)
# "không gặp khó khăn gì", "chưa có kiến nghị": a clause saying there is nothing, wherever it stands,
# unless it turns to something after all ("..., nhưng kinh phí còn hạn chế", "chỉ có ...").
_NONE_OF = re.compile(
    r"\b(?:khong|chua)(?: he)? (?:gap|co|phat sinh)(?: bat ky| gi)? "
    r"(?:kho khan|vuong mac|kien nghi|de xuat|de nghi)\b"
)
_TURN = re.compile(r"\b(?:nhung|tuy|song|ngoai ra|tru|mac du|ben canh|chi (?:co|la|con|gap|thieu))\b")
# Words a clause beside "không có khó khăn" may hold and still say nothing: "Cơ bản thuận lợi", "vướng mắc
# gì", "Trong năm học qua".
_CALM_WORDS = frozenset("co ban nhin gi trong nam hoc qua nha truong don vi".split())
# Merging: words that change nothing ("còn", "các") and words for the same people ("trẻ", "học sinh").
_FILLER = re.compile(r"\b(?:mot so|cac|nhung|con|rat|van|cung|da|duoc)\b")
_SAME_PEOPLE = (
    (re.compile(r"\b(?:cha me hoc sinh|phu huynh hoc sinh|cha me|phu huynh)\b"), "phu_huynh"),
    (re.compile(r"\b(?:hoc sinh|tre em|tre|em|hs)\b"), "hoc_sinh"),
    (re.compile(r"\bphong (?:gd dt|gddt|giao duc va dao tao|giao duc)\b"), "phong"),
)
# The office asked right after the asking word: every proposal is the office's to answer, so "Đề nghị Phòng
# GD&ĐT tổ chức tập huấn" asks what "Đề nghị tổ chức tập huấn" does (not "đề nghị phòng chống ...").
_ASKS_OFFICE = re.compile(r"^((?:kinh |xin )?(?:de nghi|kien nghi|de xuat))(?: voi)? phong\b(?! chong)")
_SLIP_LENGTH = 4  # shorter words differ by one letter in meaning: "cấp" and "cắt" fold to "cap", "cat"
_BULLET = re.compile(r"^\s*(?:[-+*•–]|[a-zđ]\)|\d{1,2}[.)]|[IVX]{1,4}[.)])\s*")
_ENDS_SENTENCE = (".", ";", "!", "?", ":")
_OWN_END = ("!", "?", "…")  # a remark ending so takes no full stop after
_MAX_LABEL_WORDS = 6
_LABEL_WORDS = frozenset(
    " ".join((*_OTHER_WORDS, *(p for ps in _KIND_WORDS.values() for p in ps))).split()
    + "va nhung cac mot so ve thoi gian toi chung".split()
)

Steer = RemarkKind | Literal["skip"] | None  # what a label or sub-heading says about what follows
Locate = Callable[[str], Source]  # the source of a sentence (which file of the submission holds it)


@dataclass(frozen=True)
class Item:
    """One school's remark, before merging."""

    kind: RemarkKind
    text: str
    source: Source


def kinds_of(spec: SectionSpec) -> frozenset[RemarkKind]:
    """The kinds of remark a configured section holds, from the words of its title and keywords."""
    words = " ".join(fold(w) for w in (spec.title, *spec.keywords))
    return frozenset(kind for kind, phrases in _KIND_WORDS.items() if any(p in words for p in phrases))


def items(sections: Sequence[Section], specs: Sequence[SectionSpec], locate: Locate) -> list[Item]:
    """The remarks in one school's sections found in its report."""
    kinds = {spec.id: kinds_of(spec) for spec in specs}
    merged: dict[tuple[str, str], set[RemarkKind]] = {}  # one heading may serve two sections
    for section in sections:
        if kinds.get(section.id):
            merged.setdefault((section.heading, section.text), set()).update(kinds[section.id])
    found: list[Item] = []
    for (_, text), section_kinds in merged.items():
        default = next(iter(section_kinds)) if len(section_kinds) == 1 else DIFFICULTY
        found.extend(_section_items(text, default, locate))
    return found


def _section_items(text: str, default: RemarkKind, locate: Locate) -> list[Item]:
    found: list[Item] = []
    under: Steer = None  # what the last sub-heading ("1. Khó khăn", "Thuận lợi:") said
    for paragraph in _paragraphs(text):
        label, rest = _label(paragraph)
        steer = under
        if label is not None:
            steer = _steer(label)
            if not rest:
                under = steer
                continue
            paragraph = rest
        if steer == "skip":
            continue
        for sentence in _sentences(paragraph):
            if ends_body(sentence):  # "Không có. Trân trọng!" typed on the heading's line
                return found
            key = _key(sentence)
            if not key or _says_nothing(sentence):
                continue
            kind = PROPOSAL if _ASKING.match(key) else (steer or default)
            found.append(Item(kind, hide_children(_tidy(sentence)), locate(sentence)))
    return found


def _says_nothing(sentence: str) -> bool:
    """True for "Không có.", "Nhà trường không gặp khó khăn gì trong quá trình triển khai" and "Cơ bản
    thuận lợi, không có khó khăn đáng kể"; not for "Không có kinh phí nên khó khăn trong tổ chức"."""
    if _NOTHING.match(_key(sentence)):
        return True
    clauses = [key for part in re.split(r"[,;:]", sentence) if (key := _key(part))]
    nothing = [bool(_NONE_OF.search(c)) and not _TURN.search(c) for c in clauses]
    calm = [set(c.split()) <= _LABEL_WORDS | _CALM_WORDS for c in clauses]
    return any(nothing) and all(n or c for n, c in zip(nothing, calm, strict=True))


def _paragraphs(text: str) -> list[str]:
    """Lines joined back into paragraphs: a line continues the last unless it starts a new item. The
    letter's closing and signing block (sections.ends_body) end them."""
    paragraphs: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if ends_body(line):
            break
        starts = bool(_BULLET.match(line)) or not paragraphs or paragraphs[-1].endswith(_ENDS_SENTENCE)
        if starts or line[:1].isupper() and _label(line)[0] is not None:
            paragraphs.append(_BULLET.sub("", line, count=1))
        else:
            paragraphs[-1] += " " + line
    return paragraphs


def _label(paragraph: str) -> tuple[str | None, str]:
    """("Khó khăn", rest) for "Khó khăn: rest"; a short line naming a kind alone is a label too."""
    head, colon, rest = paragraph.partition(":")
    if colon and 0 < len(head.split()) <= _MAX_LABEL_WORDS and _names_something(head):
        return head.strip(), rest.strip()
    if _only_label_words(paragraph):
        return paragraph.strip(), ""
    return None, paragraph


def _only_label_words(line: str) -> bool:
    """A sub-heading: "Khó khăn", "Những thuận lợi", "Tồn tại, hạn chế và nguyên nhân"."""
    words = re.findall(r"\w+", fold(line))
    return bool(words) and _names_something(line) and set(words) <= _LABEL_WORDS


def _names_something(text: str) -> bool:
    """True for "Khó khăn", "Những thuận lợi", "Đề xuất, kiến nghị": a label, not a remark."""
    words = re.sub(r"^(?:nhung|cac|mot so|ve)\s+", "", fold(text).strip(" .-"))
    return words.startswith((*_OTHER_WORDS, *(p for ps in _KIND_WORDS.values() for p in ps)))


def _steer(label: str) -> Steer:
    words = fold(label)
    named = [kind for kind, phrases in _KIND_WORDS.items() if any(p in words for p in phrases)]
    if not named:
        return "skip"
    return named[0] if len(named) == 1 else None


def _sentences(text: str) -> list[str]:
    """Split at ". " before a capital; "TP. Hồ Chí Minh" (a short capital word before the dot) holds."""
    out: list[str] = []
    start = 0
    for found in re.finditer(r"[.!?;]\s+(?=\w)", text):
        before = text[start : found.start()].split()
        word = before[-1] if before else ""
        following = text[found.end()]
        if not following.isupper() or (word.isupper() and len(word) <= 3):
            continue
        out.append(text[start : found.start() + 1].strip())
        start = found.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold(text)))


def _tidy(sentence: str) -> str:
    """The sentence capitalised, ending with a full stop unless it ends with "!", "?" or "…"."""
    text = sentence.strip().rstrip(";,. ")
    if not text:
        return ""
    text = f"{text[:1].upper()}{text[1:]}"
    return text if text.endswith(_OWN_END) else f"{text}."


def merge(found: Sequence[Item], kind: RemarkKind, order: Sequence[str]) -> tuple[Remark, ...]:
    """The items of one kind merged across schools, most widely shared first; schools in roster order."""
    groups: list[list[Item]] = []
    keys: list[list[str]] = []
    for item in (i for i in found if i.kind == kind):
        key = _plain_words(_key(item.text))
        scores = [fuzz.ratio(" ".join(key), " ".join(k)) if _same_meaning(key, k) else 0.0 for k in keys]
        best = max(range(len(scores)), key=scores.__getitem__, default=None)
        if best is not None and scores[best] >= SIMILAR:
            groups[best].append(item)
        else:
            groups.append([item])
            keys.append(key)
    rank = {school_id: n for n, school_id in enumerate(order)}
    remarks = []
    for group in groups:
        schools = sorted({i.source.school_id for i in group}, key=lambda s: rank.get(s, len(rank)))
        wording = Counter(i.text for i in group).most_common(1)[0][0]
        remarks.append(Remark(kind, wording, tuple(schools), tuple(i.source for i in group)))
    remarks.sort(key=lambda r: -len(r.school_ids))  # stable: first raised first among equals
    return tuple(remarks)


def _same_meaning(words: list[str], others: list[str]) -> bool:
    """True when the words that differ between two remarks (see _plain_words) are slips: not for "cho
    giáo viên" and "cho phụ huynh", "cấp kinh phí" and "cắt giảm kinh phí"."""
    matcher = SequenceMatcher(None, words, others, autojunk=False)
    return all(
        tag == "equal" or _slip(words[i1:i2], others[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    )


def _plain_words(key: str) -> list[str]:
    """A folded remark's words, fillers and the office asked left out, the same people named alike."""
    for people, word in _SAME_PEOPLE:
        key = people.sub(word, key)
    return _FILLER.sub(" ", _ASKS_OFFICE.sub(r"\1", key)).split()


def _slip(words: Sequence[str], others: Sequence[str]) -> bool:
    """ "phong chong" for "phongchong", or a letter wrong in each of long words: "truyen" for "truyn"."""
    if "".join(words) == "".join(others):
        return True
    return len(words) == len(others) and all(
        min(len(a), len(b)) >= _SLIP_LENGTH and Levenshtein.distance(a, b) <= 1
        for a, b in zip(words, others, strict=True)
    )
