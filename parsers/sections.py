"""Find a report's configured sections (SectionSpec) whatever its heading style."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

from parsers.document import Document, Section, SectionResult, SectionSpec
from parsers.facts import body_start, signing_line
from parsers.persons import name_alone
from parsers.text import fold, fold_aligned, has_diacritics, tone_key

# Phrases that name the same section in real reports; a spec using one is found by any.
SYNONYMS = (
    ("khó khăn", "vướng mắc", "tồn tại", "hạn chế", "bất cập"),
    ("đề xuất", "kiến nghị"),
    ("kết quả đạt được", "kết quả thực hiện", "kết quả triển khai"),
)
# Words that may come before the phrase in a heading: "Công tác chỉ đạo", "Những khó khăn"...
_LEAD_WORDS = frozenset(
    "cong tac ve nhung mot so cac tinh hinh viec danh gia chung thuc trang mat nhan xet va".split()
)
_MAX_HEADING_WORDS = 20
_MAX_PLAIN_WORDS = 10
_MAX_COLON_WORDS = 8

_PART = re.compile(r"^phan\s+(?:thu\s+[a-z]+|[ivx]+|\d{1,2})\b[\s.:\-–—)]*")
_ROMAN = re.compile(r"^([ivx]{1,5})\s*(?:[.)\-–—:]|/\s)\s*")
_DEEP = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s*[)\-–:]?\s*(?=\D|$)")
_ARABIC = re.compile(r"^(\d{1,2})\s*(?:[.)\-–—]|/\s)\s*(?!\d)")
# OCR reads the full stop after a heading's number as a colon ("1: CÔNG TÁC CHỈ ĐẠO"): taken as the
# number's only before a heading in capitals, as a colon after a number in running text is a time or a ratio.
_OCR_COLON = re.compile(r"^(\d{1,2}|[ivx]{1,5})\s*:\s*(?!\d)")
_LETTER = re.compile(r"^([a-hđ])\s*[.)\-–]\s+")
# Lower-case Roman numerals ("i.", "ii.", "iii."): headings only when they run in sequence from "i." (a
# lone "i." or "v." opens no part); their values, in order.
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}
_BULLET = re.compile(r"^[-+*•–]\s*")
# Specks OCR reads before a line's first letter (a quote, an apostrophe, a page edge's "|"): a heading
# is the same heading after them.
_SPECKS = re.compile(r"^[\s'\"‘’“”`´ˆ˜^|¦¡›‹,;]+")
# Roman numerals typed as their own characters (Word's symbols: "Ⅰ.", "Ⅱ."), read as letters.
_ROMAN_SIGNS = re.compile(r"^[\u2160-\u217f]+")
# OCR reads the I of a Roman numeral as a small L ("l. CÔNG TÁC", "lll. KHÓ KHĂN"): before a heading in
# capitals, the numeral it makes.
_ROMAN_ELL = re.compile(r"^([IVX]*l[lIVX]*)(?=\s*(?:[.)\-–—:]|/\s))")
# OCR reads it as a one where a V or an X shows the numeral («1V.», «V1.»), and drops the full stop
# after a numeral («IV Đề xuất»): one of two letters or more before a capitalised word is a heading's
# number (a lone «I» or «V» may be a letter or a name, «XI măng» a word).
_ROMAN_ONE = re.compile(r"^(?=[1IVX]*[VX])([IVX]*1[1IVX]*)(?=\s*(?:[.)\-–—:]|/\s)|\s+[^\W\d_])")
_ROMAN_BARE = re.compile(r"^(X?(?:IX|IV|VI{0,3}|I{2,3})|XI{0,3})\s+(?=[^\W\d_])")
# Lines after a letter's body, folded: its list of copies ("Nơi nhận"), its closing ("Trên đây là…", "Trân
# trọng.", "Xin chân thành cảm ơn!", "Kính chúc…"; not "Trân trọng đề nghị…", a proposal), and what a mail
# program or a phone puts under a mail ("--", "Sent from my iPhone", "Gửi từ Zalo", "ĐT: 0909 123 456").
_END = re.compile(
    r"^\s*(?:noi nhan\b|tren day la\b|kinh chuc\b|--\s*$"
    r"|tran trong(?:\s+(?:kinh chao|bao cao)\b|[\s.,!;:/]*$)"
    r"|(?:xin\s+|tran trong\s+)?(?:chan thanh\s+)?cam on\b"
    r"|sent from\b|get outlook for\b|(?:duoc\s+)?gui tu\s+(?:iphone|ipad|android|zalo|dien thoai|thiet bi)\b"
    r"|(?:(?:s?dt(?:dd)?|dd|dien thoai|di dong|mobile|tel|phone|hotline)\s*[:.\-]?\s*)?"
    r"\(?(?:\+\s*84|0)(?:[\s.\-()]{0,2}\d){8,10}\b)"
)
# What a mail program or a school puts under the name signing a mail: the school, its address, a phone.
_SIGNATURE_LINES = 3
# Where a line's last sentence begins: «IV. Đề xuất: không có. Trân trọng!».
_LAST_SENTENCE = re.compile(r"(?<=[.!?;])\s+")
# Headings of parts no spec is about, written without a number ("Phương hướng thời gian tới", "Đánh giá
# chung"): they end the unnumbered section before them, whose text is not theirs. tone_key words.
_OTHER_HEADINGS = tuple(
    tuple(tone_key(p).split())
    for p in (
        "phương hướng",
        "đánh giá chung",
        "ưu điểm",
        "đặc điểm tình hình",
        "tình hình chung",
        "bài học kinh nghiệm",
        "kết luận",
    )
)
_MAX_OTHER_WORDS = 8
_CELL = " | "  # how the readers join the cells of a table row on one line
_BARE_NUMBER = re.compile(r"^\d{1,2}\s+")
_ROW_NUMBER = re.compile(r"^(?:[ivx]{1,5}|\d{1,2}|[a-hđ])\.?$")  # an "STT" column's cell
_SEPARATORS = re.compile(r"\s+va\s+|[,;/&]|\s+[-–]\s+")


@dataclass(frozen=True)
class _Heading:
    line: int  # index among the text's lines
    kind: str  # "part", "roman", "lower_roman", "upper", "arabic1", "arabic2"..., "lower", "caps", "plain", "end"
    heading: str  # as written, with its number
    label: str  # without the number
    inline: str = ""  # text after "Đề xuất:" on the heading's own line
    skip: int = 1  # lines the heading takes (a bare "II." has its label on the next line)


@dataclass(frozen=True)
class _Phrase:
    exact: tuple[str, ...]  # tone_key words
    folded: tuple[str, ...]


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    exact: bool


def _phrase(text: str) -> _Phrase:
    words = tuple(re.findall(r"\w+", tone_key(text)))
    return _Phrase(words, tuple(fold(w) for w in words))


@lru_cache(maxsize=256)  # a report's few specs, asked for at every document and every message body
def _spec_phrases(spec: SectionSpec) -> tuple[_Phrase, ...]:
    phrases = [spec.title, *spec.keywords]
    keys = {tone_key(p) for p in phrases}
    for group in SYNONYMS:
        if keys.intersection(tone_key(p) for p in group):
            phrases.extend(group)
    unique = {_phrase(p) for p in phrases}
    return tuple(p for p in unique if p.exact)


def _find(
    words: tuple[str, ...], folded: tuple[str, ...], phrase: _Phrase, exact_only: bool
) -> _Match | None:
    size = len(phrase.exact)
    if phrase.exact[0] in words:  # most phrases are not in a line at all: say so at C speed
        for start in range(len(words) - size + 1):
            if words[start : start + size] == phrase.exact:
                return _Match(start, start + size, True)
    if exact_only or phrase.folded[0] not in folded:
        return None
    for start in range(len(folded) - size + 1):
        if folded[start : start + size] == phrase.folded:
            return _Match(start, start + size, False)
    return None


def _label_words(label: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The label's words, diacritic-respecting and folded."""
    key = tone_key(label)
    folded = fold_aligned(key)
    spans = [m.span() for m in re.finditer(r"\w+", key)]
    return tuple(key[a:b] for a, b in spans), tuple(folded[a:b] for a, b in spans)


def _best(words: tuple[str, ...], folded: tuple[str, ...], phrases: tuple[_Phrase, ...]) -> _Match | None:
    """The spec's longest phrase in the label, if it leads the label or covers most of it."""
    if not words:
        return None
    best: _Match | None = None
    for phrase in phrases:
        found = _find(words, folded, phrase, exact_only=False)
        if found is None:
            continue
        led = all(w in _LEAD_WORDS for w in folded[: found.start])
        if not led and (found.end - found.start) < 0.6 * len(words):
            continue
        if best is None or (found.exact, found.end - found.start) > (best.exact, best.end - best.start):
            best = found
    return best


def _matching_specs(label: str, specs: Sequence[SectionSpec]) -> list[str]:
    """Ids of the specs a heading names: the best for the whole label, and the best for each part
    of a merged heading ("Khó khăn và đề xuất"). With diacritics in the heading, exact matches win."""
    return list(_named_specs(label, tuple(specs)))


# Schools fill in one template: its headings come again in report after report.
@lru_cache(maxsize=4096)
def _named_specs(label: str, specs: tuple[SectionSpec, ...]) -> tuple[str, ...]:
    phrases = {spec.id: _spec_phrases(spec) for spec in specs}

    def winner(text: str) -> str | None:
        words, folded = _label_words(text)
        scored = [(m, spec.id) for spec in specs if (m := _best(words, folded, phrases[spec.id]))]
        if not scored:
            return None
        if has_diacritics(text) and any(m.exact for m, _ in scored):
            scored = [(m, i) for m, i in scored if m.exact]
        return max(scored, key=lambda s: (s[0].end - s[0].start, -s[0].start))[1]

    found = [w] if (w := winner(label)) else []
    folded_label = fold_aligned(label)
    parts = _SEPARATORS.split(folded_label)
    if len(parts) > 1:
        position = 0
        for part in parts:
            start = folded_label.find(part, position)
            position = start + len(part)
            w = winner(label[start:position])
            if w and w not in found:
                found.append(w)
    return tuple(found)


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _roman_value(numeral: str) -> int:
    """The value of a Roman numeral in lower case: "iv" 4, "ix" 9."""
    values = [_ROMAN_VALUES[c] for c in numeral]
    return sum(-v if v < after else v for v, after in zip(values, [*values[1:], 0], strict=True))


def _numbered(line: str, folded: str, lower_roman: bool = False) -> tuple[str, str] | None:
    """(kind, label) for a line that starts with a heading number; with lower_roman, "ii." is one too."""
    if found := _PART.match(folded):
        return "part", line[found.end() :]
    if found := _ROMAN.match(folded):
        if line[: found.end(1)].isupper():
            return "roman", line[found.end() :]
        if lower_roman and line[: found.end(1)].islower():
            return "lower_roman", line[found.end() :]
    if found := _DEEP.match(folded):
        return f"arabic{found.group(1).count('.') + 1}", line[found.end() :]
    if found := _ARABIC.match(folded):
        return "arabic1", line[found.end() :]
    if (found := _OCR_COLON.match(folded)) and _is_caps(line[found.end() :]):
        return ("arabic1" if found.group(1).isdigit() else "roman"), line[found.end() :]
    if found := _LETTER.match(folded):
        return ("upper" if line[0].isupper() else "lower"), line[found.end() :]
    return None


# A text's lines are looked at for headings by each search of its sections (its report's, classification's,
# and the parts ahead that figures leave out), whatever the specs: the same lines, cleaned once each.
@lru_cache(maxsize=8192)
def _cleaned(raw: str) -> tuple[str, str, bool, bool]:
    """A line as a heading is read from it (OCR's specks left out, Roman numerals typed as symbols or
    misread as small L's or ones as letters, a numeral's lost stop put back), folded, whether it ends the
    body (see ends_body) and whether it is a name alone (persons.name_alone), which may (_signs)."""
    line = _SPECKS.sub("", raw).strip()
    line = _ROMAN_SIGNS.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), line)
    if (ell := _ROMAN_ELL.match(line)) and _is_caps(line[ell.end() :]):
        line = ell.group(1).replace("l", "I") + line[ell.end(1) :]
    if one := _ROMAN_ONE.match(line):
        line = one.group(1).replace("1", "I") + line[one.end(1) :]
    if (bare := _ROMAN_BARE.match(line)) and len(bare.group(1)) > 1 and line[bare.end()].isupper():
        line = f"{bare.group(1)}. {line[bare.end() :]}"
    folded = fold_aligned(line)
    end = bool(line) and bool(_END.match(folded) or signing_line(line))
    return line, folded, end, not end and name_alone(line)


def ends_body(line: str) -> bool:
    """Whether a line, or a sentence, comes after a letter's body whatever the lines around it: its list
    of copies, its closing ("Trân trọng!"), its signing block (facts.signing_line) or a mail's signature
    ("--", a phone number). A name alone ends it only where it signs (_signs)."""
    return _cleaned(line)[2]


def _signs(lines: Sequence[str], index: int) -> bool:
    """Whether the name alone on lines[index] («Lê Thị Hồng») signs the letter: under the signer's title
    («HIỆU TRƯỞNG», «Người viết báo cáo») or the closing («Trân trọng!», also after a sentence on its
    line), or among the text's last lines (_SIGNATURE_LINES under it) where no list is: no other name alone
    beside it, no «…gồm:» before it. A committee listed one member a line («Ban chỉ đạo gồm:», «Nguyễn Văn
    An», «Lê Thị Hồng») is the section's text."""
    if not _cleaned(lines[index])[3]:
        return False
    before = next((lines[i].strip() for i in range(index - 1, -1, -1) if lines[i].strip()), "")
    if before and (ends_body(before) or ends_body(_LAST_SENTENCE.split(before)[-1])):
        return True
    after = list(
        itertools.islice((line for line in lines[index + 1 :] if line.strip()), _SIGNATURE_LINES + 1)
    )
    return (
        len(after) <= _SIGNATURE_LINES
        and not before.endswith(":")
        and not (before and _cleaned(before)[3])
        and not (after and _cleaned(after[0])[3])
    )


def _colon_split(label: str) -> tuple[str, str] | None:
    head, colon, rest = label.partition(":")
    if colon and head.strip() and len(head.split()) <= _MAX_COLON_WORDS:
        return head.strip(), rest.strip()
    return None


def _heading(
    index: int,
    lines: Sequence[str],
    specs: Sequence[SectionSpec],
    phrases: dict[str, tuple[_Phrase, ...]],
    emphasised: Collection[str],
    lower_roman: bool,
) -> tuple[_Heading, list[str]] | None:
    """The heading on a line, if any, and the ids of the specs it names. A line without a number typed in
    bold (emphasised) may be as long as a numbered heading and end with a full stop. With lower_roman,
    "ii. Kết quả" is numbered (see _in_sequence)."""
    line, folded, end, _ = _cleaned(lines[index])
    if not line:
        return None
    if end or _signs(lines, index):
        return _Heading(index, "end", line, ""), []
    if _CELL in line and (row := _table_row(index, line, specs, lower_roman)):
        return row
    numbered = _numbered(line, folded, lower_roman)
    bullet = _BULLET.match(line)
    if not numbered and not bullet and (row := _bare_numbered_row(index, line, specs, phrases)):
        return row
    if numbered:
        kind, label = numbered[0], numbered[1].strip()
    elif bullet:
        kind, label = "plain", line[bullet.end() :].strip()
    else:
        kind, label = ("caps" if _is_caps(line) else "plain"), line
    skip = 1
    if (
        numbered
        and not re.search(r"\w", label)
        and index + 1 < len(lines)
        and 0 < len(lines[index + 1].split()) <= 15
    ):
        label, skip = lines[index + 1].strip(), 2
    split = _colon_split(label)
    if split and (ids := _matching_specs(split[0], specs)):
        heading = line[: len(line) - len(label)] + split[0] if skip == 1 else f"{line} {split[0]}"
        if not split[1]:
            heading = line if skip == 1 else f"{line} {label}"
        return _Heading(index, kind, heading.strip(), split[0], split[1], skip), ids
    words = len(label.split())
    if bullet or words == 0 or words > _MAX_HEADING_WORDS:
        return None
    ids = _matching_specs(label.strip(" .:"), specs)
    if kind == "plain" and not ids and _other_heading(label):
        return _Heading(index, kind, line, label.strip(" .:"), "", skip), []
    bold = " ".join(lines[index].split()) in emphasised
    if kind == "plain" and (
        not ids or not bold and (words > _MAX_PLAIN_WORDS or (label.endswith(".") and words > 4))
    ):
        return None
    heading = line if skip == 1 else f"{line} {label}"
    return _Heading(index, kind, heading, label.strip(" .:"), "", skip), ids


def _other_heading(label: str) -> bool:
    """Whether a line without a number is the heading of a part no spec is about (_OTHER_HEADINGS): it
    opens with one, is short, and holds no sentence ("Ưu điểm: ...", "Phương hướng ... tới.")."""
    words = tuple(re.findall(r"\w+", tone_key(label)))
    return (
        0 < len(words) <= _MAX_OTHER_WORDS
        and not re.search(r"[.:;]\S|[.;]\s*$|:\s*\S", label)
        and any(words[: len(h)] == h for h in _OTHER_HEADINGS)
    )


def _table_row(
    index: int,
    line: str,
    specs: Sequence[SectionSpec],
    lower_roman: bool,
) -> tuple[_Heading, list[str]] | None:
    """A table row whose first cell names a section ("II. Kết quả thực hiện | Tổ chức 12 buổi..."), its
    number in the cell or in a column of its own ("2 | Kết quả thực hiện | ..."); the rest is its text."""
    cells = [cell.strip() for cell in line.split(_CELL)]
    number = ""
    if len(cells) > 2 and _ROW_NUMBER.match(fold(cells[0])):
        number, cells = cells[0].rstrip(". "), cells[1:]
    first = f"{number}. {cells[0]}" if number else cells[0]
    numbered = _numbered(first, fold_aligned(first), lower_roman)
    kind, label = numbered if numbered else ("caps" if _is_caps(first) else "plain", first)
    label = label.strip(" .:")
    if not label or len(label.split()) > _MAX_HEADING_WORDS:
        return None
    ids = _matching_specs(label, specs)
    if not ids:
        return None
    return _Heading(index, kind, first, label, " | ".join(cells[1:])), ids


def _bare_numbered_row(
    index: int, line: str, specs: Sequence[SectionSpec], phrases: dict[str, tuple[_Phrase, ...]]
) -> tuple[_Heading, list[str]] | None:
    """A table row read from a PDF, its "STT" cell only a space away: "2 Kết quả thực hiện Tổ chức
    12 buổi..." is the section a capitalised phrase right after the number names."""
    found = _BARE_NUMBER.match(line)
    if found is None or not line[found.end() :][:1].isupper():
        return None
    label = line[found.end() :].strip(" .:")
    if len(label.split()) > _MAX_HEADING_WORDS:
        return None
    words, folded = _label_words(label)
    ids = [
        spec.id
        for spec in specs
        if (best := _best(words, folded, phrases[spec.id])) and set(folded[: best.start]) <= _LEAD_WORDS
    ]
    if not ids:
        return None
    return _Heading(index, "arabic1", line, label), ids


def _headings(
    lines: Sequence[str],
    index: int,
    specs: Sequence[SectionSpec],
    phrases: dict[str, tuple[_Phrase, ...]],
    emphasised: Collection[str],
    *,
    lower_roman: bool,
) -> tuple[list[_Heading], dict[int, list[str]]]:
    """The headings from lines[index] on, and the ids of the specs each names, by position."""
    headings: list[_Heading] = []
    named: dict[int, list[str]] = {}
    while index < len(lines):
        found = _heading(index, lines, specs, phrases, emphasised, lower_roman)
        if found is None:
            index += 1
            continue
        heading, ids = found
        named[len(headings)] = ids
        headings.append(heading)
        index += heading.skip
    return headings, named


def _in_sequence(headings: Sequence[_Heading]) -> bool:
    """Whether the lower-case Roman headings, if any, run "i.", "ii.", "iii."... in order, "ii." among
    them; after a numbered heading of another level ("2.", "b)") they may start again at "i."."""
    previous, restart, values = 0, False, []
    for heading in headings:
        if heading.kind != "lower_roman":
            restart = restart or heading.kind not in ("plain", "end")  # the numerals beneath it may restart
            continue
        found = _ROMAN.match(fold_aligned(heading.heading))
        value = _roman_value(found.group(1)) if found else 0
        if value != previous + 1 and not (restart and value == 1):
            return False
        previous, restart = value, False
        values.append(value)
    return not values or 2 in values


def emphasised_lines(documents: Sequence[Document]) -> frozenset[str]:
    """The lines the documents type wholly in bold, for find_sections."""
    return frozenset(line for d in documents for line in d.emphasised)


def find_sections(
    text: str, specs: Sequence[SectionSpec], emphasised: Collection[str] = frozenset()
) -> SectionResult:
    """Each spec's section (heading and text up to the next heading of the same or a higher level),
    found in document order; ids of the specs not found, in spec order. emphasised holds the lines typed
    wholly in bold (Document.emphasised), which may be headings without a number."""
    lines = text.splitlines()
    phrases = {spec.id: _spec_phrases(spec) for spec in specs}
    headings, named = _headings(lines, body_start(text), specs, phrases, emphasised, lower_roman=True)
    if not _in_sequence(headings):  # a lone "i." is a list's item or a word: read the lines again without
        headings, named = _headings(lines, body_start(text), specs, phrases, emphasised, lower_roman=False)
    # Levels by first appearance; unnumbered headings in ordinary case are the lowest.
    order = ["part"] + [h.kind for h in headings if h.kind not in ("part", "plain", "end")] + ["plain"]
    rank = {kind: order.index(kind) for kind in order}
    rank["end"] = -1
    chosen: dict[str, tuple[int, int]] = {}  # spec id -> (rank, heading position)
    for position, heading in enumerate(headings):
        for spec_id in named[position]:
            key = (rank[heading.kind], position)
            if spec_id not in chosen or key < chosen[spec_id]:
                chosen[spec_id] = key
    sections: list[tuple[int, int, Section]] = []
    spec_order = {spec.id: i for i, spec in enumerate(specs)}
    for spec_id, (level, position) in chosen.items():
        heading = headings[position]
        end = next(
            (h.line for h in headings[position + 1 :] if rank[h.kind] <= level),
            len(lines),
        )
        body = "\n".join(lines[heading.line + heading.skip : end]).strip()
        content = "\n".join(part for part in (heading.inline, body) if part)
        sections.append((heading.line, spec_order[spec_id], Section(spec_id, heading.heading, content)))
    sections.sort(key=lambda s: (s[0], s[1]))
    missing = tuple(spec.id for spec in specs if spec.id not in chosen)
    return SectionResult(found=tuple(s for _, _, s in sections), missing=missing)
