"""Header facts of an official document (Nghị định 30/2020/NĐ-CP): issuer, number, date, kind, title, signer."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from parsers.document import Header
from parsers.persons import SURNAMES, name_words
from parsers.text import fold, fold_aligned

HEAD_LINES = 40
TAIL_LINES = 25


def _words(phrase: str) -> str:
    return r"\s*".join(r"\s+".join(map(re.escape, word.split())) for word in phrase.split("|"))


_NATION = re.compile(r"cong\s*hoa\s+xa\s+hoi\s+chu\s+nghia\s+viet\s+nam")
_NATION_PLAIN = "cong hoa xa hoi chu nghia viet nam"
# A nation line that a narrow column wrapped ends without "nam"; the next line then ends with it.
_NATION_END = re.compile(r"viet\s*nam")
_NATION_TAIL = re.compile(r"(?:^|\s)(?:viet\s+)?nam\s*$")
# A nation line wrapped before both its last words ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA" / "VIỆT NAM"); the next
# line then ends with both, and only both: a school's own "… NAM" stays its name.
_NATION_CUT = re.compile(r"cong\s*hoa\s+xa\s+hoi\s+chu\s+nghia\s*$")
_NATION_CUT_TAIL = re.compile(r"(?:^|\s)viet\s+nam\s*$")
_MOTTO = re.compile(r"doc\s*lap\W{0,5}tu\s*do\W{0,5}hanh\s*phuc")
_MOTTO_PLAIN = "doc lap tu do hanh phuc"
# A date line's numbers in folded text; OCR reads a zero as the letter O ("ngày 2O tháng 1O năm 2O26"). A year
# of five figures («năm 12026», a stray mark read as a digit) is no year: its first four are not taken.
_DATE_WORDS = re.compile(r"\bngay\s*([\do]{1,2})?\s*thang\s*([\do]{1,2})?\s*nam\s*(\d[\do]{3})(?!\d)")
_DATE_DIGITS = re.compile(r"\bngay\s*([\do]{1,2})\s*[/.-]\s*([\do]{1,2})\s*[/.-]\s*(\d[\do]{3})(?!\d)")
# A printed template's date line filled in by hand: «ngày ..20.. tháng ..10.. năm 20..25..», the blanks
# dotted or underlined around the figures, the year's "20" printed and its last two figures written in;
# OCR reads a written 1 as the letter l ("L0") as it reads a zero as O.
_BLANK = r"[\s.…_]*"
_DATE_BLANKS = re.compile(
    rf"\bngay{_BLANK}([\dol]{{1,2}}){_BLANK}thang{_BLANK}([\dol]{{1,2}}){_BLANK}nam{_BLANK}(\d[\do]{_BLANK}\d[\do])(?!\d)"
)
# "Mỹ Phú, 20/10/2026": the date in figures straight after the place and its comma, "ngày" left out.
_DATE_AFTER_PLACE = re.compile(r"(?<=[a-z],)\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\b")
# A date line's comma after its place that OCR read as another mark, on a photo of a screen or a poor
# scan («Mỹ An; ngày 23 tháng 10 năm 2021»): the report had no date. After a place (a few words, the first
# capitalised, no figures) it is still the date line; after a sentence's full stop it is not.
_MISREAD_COMMA = (";", ".")
# A date line that a narrow column wrapped before its year ("…, ngày 7 tháng 10 năm" / "2021", or
# "…, ngày 15 tháng" / "10 năm 2021"): the next line ends with the rest, up to the year.
_DATE_CUT = re.compile(r"\bngay\s*[\do]{0,2}(?:\s*thang(?:\s*[\do]{0,2}(?:\s*nam)?)?)?\s*$")
# A place of many words (its commune, district and province: «Xã Mỹ An, huyện Chợ Mới, tỉnh An Giang,
# ngày» / «23 tháng 10 năm 2025») pushes the date line's day onto the next line too.
_DATE_REST = re.compile(
    r"(?:^|\s)((?:[\do]{1,2}\s*(?=thang))?(?:thang\s*)?(?:[\do]{1,2}\s*)?(?:nam\s*)?\d[\do]{3})\s*$"
)
# The number may be left as a blank for the clerk's pen: "Số:      /BC-THCS", "Số: ....../BC-TH".
_NUMBER = re.compile(
    r"^[\W_]*so\s*[:.;]?[\s.…_]*(\d{1,4})?[\s.…_]*(/\s*(?:\d{4}\s*/\s*)?([a-z0-9&]+)(?:\s?[-–]\s?[a-z0-9&.]+)*)"
)
# The Party's and the mass organisations' numbers put the type before the issuer: "Số 45-BC/ĐU",
# "Số: 12-BC/HPN", "Số 03-BC/MTTQ-BTT".
_PARTY_NUMBER = re.compile(
    r"^[\W_]*so\s*[:.;]?\s*(\d{1,4})\s*([-–]\s*([a-z]{1,6})\s*/\s*[a-z0-9&.]+(?:\s?[-–]\s?[a-z0-9&.]+)*)"
)
_SUBJECT = re.compile(r"^\s*v\s*/\s*v\b")
# ... written out («Về việc cử cán bộ …»): a letter's summary only right under a number of no other kind of
# paper, as a body line or a report's heading may open so too.
_SUBJECT_SPELT = re.compile(r"^\s*ve viec\b")
_SUBJECT_UNDER_NUMBER = 2  # lines
_OPENERS = re.compile(r"^\s*(?:kinh gui|can cu|thuc hien|theo |nham )")
# ... of which this one opens a trích yếu too, right under the kind (_opens_title).
_TITLE_OPENER = re.compile(r"^\s*thuc hien\b")
_NUMBERED = re.compile(
    r"^\s*(?:phan\s+(?:[ivx\d]+|thu)\b|[ivx]{1,5}\s*[.\-/)]|\d{1,2}(?:\.\d{1,2})*\s*[.\-/)]|[a-h]\s*\))"
)
# What a rule under a name or a motto is typed or read with: dashes, bars («――――», «────»), underscores.
_RULE_MARKS = "-_=*~–—―‒─━"
_RULE = re.compile(rf"^[\s.{re.escape(_RULE_MARKS)}]+$")
# A table of contents under the title: its heading, or an entry's leader dots before a page number.
_CONTENTS = re.compile(r"^\s*muc luc\s*:?\s*$")
_CONTENTS_ENTRY = re.compile(r"(?:[.…_·\-–]\s?){3,}\s*(?:trang\s*)?\d{1,3}\s*$", re.IGNORECASE)
# A typed entry whose leader was a tab (gone once the text's spaces are tidied): a heading's words, then
# its page number ("Đặc điểm tình hình 1"; "… trang 2"). Two such lines in a row, pages not going back,
# are a table of contents; one alone may be a title's own number ("… học kỳ 1").
_PAGED = re.compile(r"[^\W\d]\s+(?:trang\s+)?(\d{1,3})$", re.IGNORECASE)
# A table under the title, read from a PDF without its borders: its "STT" header row, or a row whose
# number cell is only a space away from a capitalised cell ("1 Công tác chỉ đạo ...").
_TABLE_ROW = re.compile(r"^\s*(?:STT\b|\d{1,2}\s+(?P<cell>\S))")

KINDS = {
    "bao cao": "BÁO CÁO",
    "ke hoach": "KẾ HOẠCH",
    "quyet dinh": "QUYẾT ĐỊNH",
    "thong bao": "THÔNG BÁO",
    "huong dan": "HƯỚNG DẪN",
    "chuong trinh": "CHƯƠNG TRÌNH",
    "to trinh": "TỜ TRÌNH",
    "bien ban": "BIÊN BẢN",
    "cong van": "CÔNG VĂN",
    "giay moi": "GIẤY MỜI",
    "nghi quyet": "NGHỊ QUYẾT",
    "danh sach": "DANH SÁCH",
    "tham luan": "THAM LUẬN",
}
# Type abbreviations in the number (Phụ lục III), folded.
_KIND_OF_TYPE = {
    "bc": "BÁO CÁO",
    "kh": "KẾ HOẠCH",
    "qd": "QUYẾT ĐỊNH",
    "tb": "THÔNG BÁO",
    "hd": "HƯỚNG DẪN",
    "ctr": "CHƯƠNG TRÌNH",
    "ttr": "TỜ TRÌNH",
    "bb": "BIÊN BẢN",
    "cv": "CÔNG VĂN",
    "gm": "GIẤY MỜI",
    "nq": "NGHỊ QUYẾT",
    "ds": "DANH SÁCH",
}
# The kind stands alone on its line or before its title; OCR often reads a full stop after it ("BÁO CÁO.").
_KIND = re.compile(rf"^\s*({'|'.join(_words(k) for k in KINDS)})(?=$|[\s:.])")
_PARENT = re.compile(r"^(?:ubnd|uy\s*ban|phong\b|pgd|so\b|bo\b|hdnd)")
# A page's running title, printed above the header on every page: the school, a dash, the paper's kind
# ("Trường Tiểu học Long Thạnh - Báo cáo NQ121 năm học 2026-2027"). It names no body of the left column.
_RUNNING_TITLE = re.compile(rf"\s[-–|]\s*(?:{'|'.join(_words(k) for k in KINDS)})\b")
_SCHOOL = re.compile(r"^truong\b")
# A school's name on the left column that stops at its level ("TRƯỜNG TIỂU HỌC", "TRƯỜNG MẦM NON"), folded:
# its place is on the next line, even beside the date line, where specks are not taken in (_scan_head).
_LEVEL_ENDS = re.compile(
    r"^truong\s+(?:tieu hoc|mam non|mau giao|trung hoc co so|trung hoc pho thong|thcs|thpt|th&thcs|th|mn|mg)"
    r"(?:\s+(?:va|&)\s+(?:thcs|trung hoc co so))?\s*$"
)

# Signers' roles as they are written. A seal stamped over the role and scanned in black and white
# costs it a tone mark or a letter («HIỆU TRƯỜNG», «HIẾU TRƯỞNG»), which staff were shown as the school
# wrote it: a role within _ROLE_EDITS letters of one of these is read as it is spelt here.
_ROLE_SPELLINGS = (
    "PHÓ HIỆU TRƯỞNG",
    "HIỆU TRƯỞNG",
    "BAN GIÁM HIỆU",
    "PHÓ CHỦ TỊCH",
    "CHỦ TỊCH",
    "PHÓ TRƯỞNG PHÒNG",
    "TRƯỞNG PHÒNG",
    "PHÓ GIÁM ĐỐC",
    "GIÁM ĐỐC",
    "NGƯỜI LẬP BÁO CÁO",
    "NGƯỜI VIẾT BÁO CÁO",
    "NGƯỜI BÁO CÁO",
    "NGƯỜI LẬP BIỂU",
    "TỔNG PHỤ TRÁCH",
    "THỦ TRƯỞNG ĐƠN VỊ",
    "THỦ TRƯỞNG CƠ QUAN",
)
_ROLE_EDITS = 2
_ROLES = tuple(fold(role) for role in _ROLE_SPELLINGS)
_ROLE = re.compile(rf"\b(?:(kt|tm|tl|tuq|q)\s*\.\s*(?=[a-z]))?(?:{'|'.join(_words(r) for r in _ROLES)})\b")
_PREFIXED_ROLE = re.compile(r"\b(kt|tm|tl|tuq|q)\s*\.\s*(?=[a-z])")
_SIGNATURE_NOTE = re.compile(r"\(|\bda ky\b|\bky\b.*\bten\b|dong dau|\bky so\b")
_HONORIFIC = re.compile(r"^(?:th\.?s|t\.?s|cn|ks|pgs\.?\s*ts|gs\.?\s*ts)\.\s*")


@dataclass(frozen=True)
class _Line:
    index: int  # position among the text's lines
    text: str
    folded: str


_LONGEST_LINE = 1000  # header and signature lines are short; a longer one is body text


def _lines(text: str, first: int, last: int) -> list[_Line]:
    """The first and the last non-empty lines (overlapping in a short text), folded for matching."""
    # Table borders ("|cell|cell|" from antiword) become column gaps.
    cleaned = (line.replace("|", "  ").strip()[:_LONGEST_LINE] for line in text.splitlines())
    numbered = [(i, line) for i, line in enumerate(cleaned) if line]
    chosen = numbered[:first] + numbered[max(first, len(numbered) - last) :]
    return [_Line(i, line, fold_aligned(line)) for i, line in chosen]


def _find_fuzzy(folded: str, pattern: re.Pattern[str], plain: str) -> tuple[int, int] | None:
    """Span of a fixed phrase in a folded line, tolerating a letter or two of OCR noise."""
    found = pattern.search(folded)
    if found:
        return found.span()
    if len(folded) < len(plain) - 4:
        return None
    aligned = fuzz.partial_ratio_alignment(plain, folded, score_cutoff=88)
    if aligned is None:
        return None
    return aligned.dest_start, aligned.dest_end


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _date(day: str | None, month: str | None, year: str) -> dt.date | None:
    if not day or not month:
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


@dataclass(frozen=True)
class _HeadScan:
    parent_body: str | None = None
    issuer: str | None = None
    number: str | None = None
    doc_type: str | None = None
    place: str | None = None
    date: dt.date | None = None
    date_year: int | None = None
    kind: str | None = None
    title: str | None = None
    body_start: int = 0
    region: str | None = None


# A scan's number line with its slash read as «1», «I» or «l», or as a table's border («|», which is read
# as a column gap): «Số: 051BC-MN». The number was lost, and the line joined the school's name above it
# («TRƯỜNG MN LONG THƯỢNG SỐ: 051BC-MN»). Before a type abbreviation and its dash, such a mark after the
# number's figures is its slash.
_MISREAD_SLASH = re.compile(
    rf"^([\W_]*so\s*[:.;]?\s*\d{{1,3}})(\s*[1il]|\s+)(?=(?:{'|'.join(sorted(_KIND_OF_TYPE, key=len, reverse=True))})\s?[-–])"
)


def _number(line: _Line) -> tuple[str | None, str | None, int] | None:
    """(number, type abbreviation, end of the number) when the line starts with 'Số:'."""
    # The number ends at a column gap: a speck read as a dash before it («Số: 60/BC-MGLT-\tThủ Thừa, ngày
    # …») joined the date line's place to the number.
    folded, text = line.folded.split("\t")[0] or line.folded, line.text
    slash = _MISREAD_SLASH.match(folded)
    if slash:
        at, end = slash.span(2)
        mark = "/".ljust(end - at)
        folded, text = folded[:at] + mark + folded[end:], text[:at] + mark + text[end:]
    found = _NUMBER.match(folded) or _PARTY_NUMBER.match(folded)
    if not found:
        return None
    # A full stop after the symbol ends the line, as OCR reads a speck there: «36/BC-THCSNT.».
    symbol = re.sub(r"\s+", "", text[found.start(2) : found.end(2)]).replace("–", "-").rstrip(".")
    number = text[found.start(1) : found.end(1)] + symbol if found.group(1) else None
    doc_type = found.group(3) if "-" in symbol or "–" in symbol else None
    if doc_type is None and folded[found.end() :].lstrip()[:1] in ("-", "–"):
        number = None  # «Số: 60/BC-»: the issuer's part was lost, read onto another line
    return number, doc_type, found.end()


# The district and province a place is written with after its commune («Xã Mỹ An, huyện Chợ Mới, tỉnh An
# Giang»): more words than a place has, which lost the place.
_HIGHER_UNIT = re.compile(r"^\s*(?:huyen|quan|thi xa|thanh pho|tp\b|tinh)\s*\S")


def _place(before: str) -> str | None:
    """The place in the text before ', ngày': the last column chunk, without an issuer in capitals."""
    chunk = re.split(r"\s{2,}|\t", before.strip().rstrip(",").strip())[-1]
    units = chunk.split(",")
    if len(units) > 1 and all(_HIGHER_UNIT.match(fold(unit)) for unit in units[1:]):
        chunk = units[0]  # «Xã Mỹ An, huyện Chợ Mới, tỉnh An Giang»: the commune, where the issuer sits
    words = chunk.split()
    issuer = False
    while (
        len(words) > 1
        # The issuer's capitals, and a school's number after them («BÌNH THẠNH 2 Bình Thạnh, ngày …»).
        and ((words[0].isupper() and not words[0].endswith(".")) or (issuer and words[0].isdigit()))
        and not _is_upper(" ".join(words[1:]))
    ):
        words.pop(0)
        issuer = True
    place = " ".join(words).strip(" ,.;:-")
    if not place or len(words) > 6 or any(ch.isdigit() for ch in place) or not place[0].isupper():
        return None
    return place


def _region(before: str) -> str | None:
    """The district and province a date line writes after its place («Xã Mỹ An, huyện Chợ Mới, tỉnh An
    Giang, ngày …»: «huyện Chợ Mới, tỉnh An Giang»), or None when it writes none."""
    chunk = re.split(r"\s{2,}|\t", before.strip().rstrip(",").strip())[-1]
    units = chunk.split(",")
    if len(units) > 1 and all(_HIGHER_UNIT.match(fold(unit)) for unit in units[1:]):
        return ", ".join(" ".join(unit.split()) for unit in units[1:])
    return None


def _date_column(before: str, place: str | None) -> int:
    """Where the date line starts in the text before its date: at its place, or after the last column
    gap. A school's name wrapped over three lines has its last line beside the date line («DÂN XÃ LONG
    THƯỢNG HUYỆN\tThủ Thừa, ngày …»), which is the issuer's, not the date line's."""
    gaps = list(re.finditer(r"\s{2,}|\t", before.rstrip()))
    start = gaps[-1].end() if gaps else len(before) - len(before.lstrip())
    at = before.rfind(place) if place else -1
    return max(start, at)


def _place_above(head: Sequence[_Line], position: int) -> str:
    """The place of a date line wrapped before «ngày» (a narrow column: «Thị trấn Thủ Thừa,» / «ngày 23
    tháng 10 năm 2025»): the last column of the line above it when that ends with a comma, else ""."""
    if position == 0 or head[position - 1].index != head[position].index - 1:
        return ""
    chunk = re.split(r"\s{2,}|\t", head[position - 1].text.strip())[-1]
    return chunk if chunk.endswith(",") else ""


def _starts_table_row(text: str) -> bool:
    found = _TABLE_ROW.match(text)
    return found is not None and (found.group("cell") is None or found.group("cell").isupper())


def _title_lines(lines: Sequence[_Line], start: int, *, kinded: bool = False) -> tuple[list[str], int]:
    """The trích yếu: up to six lines after the kind (kinded) or the subject line, ending at a blank line,
    'Kính gửi' or the body."""
    title: list[str] = []
    position = start
    while position < len(lines) and len(title) < 6:
        line = lines[position]
        if title and line.index > lines[position - 1].index + 1:
            break  # a blank line ends the title
        if (
            _RULE.match(line.text)
            or (
                _OPENERS.match(line.folded)
                and line.text[:1].isupper()
                and not (kinded and _opens_title(lines, start, position))
            )
            or _NUMBERED.match(line.folded)
            or _starts_table_row(line.text)
            or len(line.text) > 150
            or _NATION.search(line.folded)
            or _MOTTO.search(line.folded)
            or _role(line)
            or _CONTENTS.match(line.folded)
            or _CONTENTS_ENTRY.search(line.text)
            or _contents_run(lines, position)
        ):
            break
        title.append(line.text)
        position += 1
        if line.text.endswith((".", ":")):
            break
    return title, position


def _opens_title(lines: Sequence[_Line], start: int, position: int) -> bool:
    """Whether the line right under the kind, opening as a basis does ("Thực hiện …"), is the trích yếu: a
    plan's «KẾ HOẠCH / Thực hiện Nghị quyết số 121/2020/QH14 …», a report's «BÁO CÁO / Thực hiện Tháng hành
    động vì trẻ em năm 2025». A basis sentence ends with a stop or a colon ("…;", "… báo cáo như sau:")."""
    line = lines[position]
    return (
        position == start
        and position > 0
        and line.index == lines[position - 1].index + 1
        and _TITLE_OPENER.match(line.folded) is not None
        and not re.search(r"[;,.:]\s*$|;|\bnhu sau\b", line.folded)
    )


def _contents_run(lines: Sequence[_Line], position: int) -> bool:
    """Whether the line starts a table of contents typed with tabs: it and the next line each end with
    a page number after a word, and the pages do not go back."""
    pages = []
    for line in lines[position : position + 2]:
        found = _PAGED.search(line.text)
        if found is None:
            return False
        pages.append(int(found.group(1)))
    return len(pages) == 2 and lines[position + 1].index == lines[position].index + 1 and pages[0] <= pages[1]


def _scan_head(lines: Sequence[_Line]) -> _HeadScan:
    head = lines[:HEAD_LINES]
    fragments: list[str] = []
    anchored = False
    collecting = True
    number = doc_type = place = region = kind = title = None
    date = None
    date_year = None
    body_start = 0
    subject: int | None = None
    numbered_at = -1  # the line of the paper's number
    nation_wrapped: re.Pattern[str] | None = None  # the rest of a wrapped nation line, on the next
    year_cut: int | None = None  # where this line holds the year of a date line wrapped above
    # The left column beside the date line: the issuer's only when its name or its number goes on below it
    # (see _date_column); OCR reads specks there as capitals too («NỘCHỤI ĐÁP NHỂ DỊ»).
    beside_date: str | None = None
    dated_at = -1
    for position, line in enumerate(head):
        left = line.text
        folded = line.folded
        cut = len(left)
        tail = nation_wrapped.search(folded) if nation_wrapped else None
        if tail:  # "NAM" of "CỘNG HÒA … VIỆT" / "NAM" beside the left column's next line
            cut = tail.start()
        if year_cut is not None:  # the year of the date line above
            cut = min(cut, year_cut)
            year_cut = None
        nation_wrapped = None
        for pattern, plain in ((_NATION, _NATION_PLAIN), (_MOTTO, _MOTTO_PLAIN)):
            span = _find_fuzzy(folded, pattern, plain)
            if span:
                anchored = True
                cut = min(cut, span[0])
                if pattern is _NATION and _NATION_END.search(folded[span[0] :]) is None:
                    nation_wrapped = _NATION_TAIL
        cut_nation = _NATION_CUT.search(folded)
        if cut_nation:
            anchored = True
            cut = min(cut, cut_nation.start())
            nation_wrapped = _NATION_CUT_TAIL
        numbered = _number(line)
        number_end = 0
        if numbered and number is None and doc_type is None:
            number, doc_type, number_end = numbered
            numbered_at = position
            anchored = True
        dated = (
            _DATE_DIGITS.search(folded)
            or _DATE_WORDS.search(folded)
            or _DATE_BLANKS.search(folded)
            or _DATE_AFTER_PLACE.search(folded)
        )
        following = head[position + 1] if position + 1 < len(head) else None
        if dated is None and following and following.index == line.index + 1 and _DATE_CUT.search(folded):
            wrapped = _DATE_REST.search(following.folded)
            dated = _DATE_WORDS.search(f"{folded} {wrapped.group(1)}") if wrapped else None
            if wrapped and dated:
                year_cut = wrapped.start(1)
        if dated and date_year is None and not _OPENERS.match(folded):
            before = line.text[number_end : dated.start()]
            ended = before.rstrip()
            if not ended or ended.endswith(",") or (ended.endswith(_MISREAD_COMMA) and _place(before)):
                day, month = (
                    g.replace("o", "0").replace("l", "1") if g else None for g in dated.groups()[:2]
                )
                year = re.sub(_BLANK, "", dated.group(3)).replace("o", "0")
                date = _date(day, month, year)
                date_year = int(year)
                dated_at = position
                written = before if before.strip() else _place_above(head, position)
                place, region = (_place(written), _region(written)) if written else (None, None)
                anchored = True
                cut = min(cut, number_end + _date_column(before, place))
        if numbered:
            collecting = False
        kinded = _KIND.match(folded)
        alone = kinded is not None and not line.folded[kinded.end() :].strip(" :")
        if kinded and (_is_upper(line.text[: kinded.end()]) or alone) and kind is None:
            kind = KINDS[re.sub(r"\s+", " ", kinded.group(1))]
            rest = line.text[kinded.end() :].strip(" :.")
            lines_of_title, end = _title_lines(head, position + 1, kinded=not rest)
            title = " ".join(([rest] if rest else []) + lines_of_title) or None
            body_start = head[end].index if end < len(head) else head[-1].index + 1
            break
        spelt = (
            numbered_at >= 0
            and 0 < position - numbered_at <= _SUBJECT_UNDER_NUMBER
            and _KIND_OF_TYPE.get(fold(doc_type or "")) in (None, "CÔNG VĂN")  # «Số: 45/BC-…» is a report's
            and _SUBJECT_SPELT.match(folded) is not None
        )
        if (_SUBJECT.match(folded) or spelt) and subject is None:
            subject = position
        if anchored and (_NUMBERED.match(folded) or _OPENERS.match(folded)):
            # Past the header's first facts, the body has begun ("Kính gửi", "Căn cứ", "I. CÔNG TÁC …")
            # under a title that was not read (OCR lost "BÁO CÁO"): its capitals are headings, not the
            # issuer's name.
            collecting = False
        held, beside_date = beside_date, None
        if held and _RULE.match(left):
            beside_date = held  # a rule under the name; what the column holds below it decides
        elif held and numbered:
            # The paper's number under it: the line beside the date lies between the name and its number,
            # the name's last («TRƯỜNG TIỂU HỌC SỐ 2 THỊ» / «TRẤN SÍN CHẢI», then «Số: 54/BC-TH2»).
            fragments.append(held)
        if collecting and not numbered:
            # A tab parts the columns (a typist's tab, or a scan's column gap): the name is the first.
            fragment = _without_debris(left[:cut].strip().split("\t")[0].strip(f" {_RULE_MARKS}"))
            if _specks(fragment, fragments):
                fragment = ""
            if fragment and len(fragment) <= 90 and not _RULE.match(fragment) and _is_body_line(fragment):
                if position == dated_at and fragments and _LEVEL_ENDS.search(fold(fragments[-1])):
                    fragments.append(
                        re.sub(r"\s+", " ", fragment).upper()
                    )  # "TRƯỜNG TIỂU HỌC" / "MỸ THẠNH A"
                elif position == dated_at:
                    beside_date = re.sub(r"\s+", " ", fragment).upper()
                else:
                    fragments.extend([held] if held else [])
                    fragments.append(re.sub(r"\s+", " ", fragment).upper())
            elif fragments and _SCHOOL.match(fold(fragments[-1])) and _is_place_name(fragment):
                # The rest of a school's name typed in lower case: "Trường Tiểu học" / "Mỹ Lạc",
                # "Trường THCS Tân" / "Thành".
                fragments.append(re.sub(r"\s+", " ", fragment).upper())
            elif fragments and re.fullmatch(r"\d{1,2}", fragment):
                # The narrow left column wrapped the school's number: "TRƯỜNG MẦM NON HƯNG PHONG" / "2".
                fragments[-1] = f"{fragments[-1]} {fragment}"
    if kind is None and subject is not None:
        kind = "CÔNG VĂN"
        lines_of_title, end = _title_lines(head, subject + 1)
        title = " ".join([head[subject].text, *lines_of_title])
        body_start = head[end].index if end < len(head) else head[-1].index + 1
    if kind is None and doc_type:
        kind = _KIND_OF_TYPE.get(fold(doc_type))
    parent_body, issuer = _bodies(fragments) if anchored or kind else (None, None)
    return _HeadScan(
        parent_body, issuer, number, doc_type, place, date, date_year, kind, title, body_start, region
    )


# OCR reads a speck before a line or after it as a mark: «'TRƯỜNG TIỂU HỌC LÊ LỢI», «TRƯỜNG THCS AN PHÚ’»; no
# body's name starts with one, nor ends with a quote (a stop after a line is left: it ends a sentence).
_LEAD_DEBRIS = re.compile(r"^[^\w(]+")
_TAIL_DEBRIS = re.compile(r"[\s'\"`‘’“”«»|]+$")
# The rule under a body's name read as a line of single letters («R E _», «I l»): no name's line is made of
# them. A school's name may end in one letter on a line of its own («TRƯỜNG TIỂU HỌC MỸ THẠNH» / «A»).
_SPECK = re.compile(r"[^\d\s]")


def _without_debris(fragment: str) -> str:
    """A line of the left column without the marks OCR read from specks before and after it."""
    return _TAIL_DEBRIS.sub("", _LEAD_DEBRIS.sub("", fragment))


def _specks(fragment: str, fragments: list[str]) -> bool:
    """A line of single characters under the issuing bodies (see _SPECK): the rule under them read by OCR."""
    tokens = fragment.split()
    if not tokens or not all(_SPECK.fullmatch(t) for t in tokens):
        return False
    return len(tokens) > 1 or not (fragments and _SCHOOL.match(fold(fragments[-1])))


def _is_body_line(fragment: str) -> bool:
    """A line of the issuing bodies: in capitals, or naming a body in a capital font lost in conversion;
    not a page's running title."""
    folded = fold(fragment)
    if _RUNNING_TITLE.search(folded):
        return False
    if _is_upper(fragment):
        return True
    # A sentence ("Trường gửi nội dung báo cáo như sau:") is not a body's name, even when it starts alike.
    return bool(_PARENT.match(folded) or _SCHOOL.match(folded)) and not re.search(
        r"[.;:](?:\s|$)|,", fragment
    )


def _is_place_name(fragment: str) -> bool:
    """A place's name and the school's number or letter: "Mỹ Lạc", "Bình Thạnh 2", "Mỹ Thạnh A"."""
    words = fragment.split()
    return 0 < len(words) <= 5 and all(
        (word.isalpha() and word[0].isupper()) or re.fullmatch(r"\d{1,2}", word) for word in words
    )


def _bodies(fragments: list[str]) -> tuple[str | None, str | None]:
    """Split the left column's capitals into the parent body and the issuing body."""
    if not fragments:
        return None, None
    school = next((i for i, f in enumerate(fragments) if _SCHOOL.match(fold(f))), None)
    if school is not None:
        return " ".join(fragments[:school]) or None, " ".join(fragments[school:])
    if len(fragments) == 1:
        return (fragments[0], None) if _PARENT.match(fold(fragments[0])) else (None, fragments[0])
    return fragments[0], " ".join(fragments[1:])


def body_start(text: str) -> int:
    """Index (among text.splitlines()) of the first line after the header, kind and title; 0 if none."""
    return _head(text).body_start


@lru_cache(maxsize=8)
def _head(text: str) -> _HeadScan:
    """What the first lines of a text hold: a document's are read for its header, and again for where its
    body starts (by the sections and by classification), the same text each time."""
    return _scan_head(_lines(text, HEAD_LINES, 0))


# --- signer ---------------------------------------------------------------------------------------


def _role(line: _Line) -> str | None:
    matches = list(_ROLE.finditer(line.folded))
    prefixed = _PREFIXED_ROLE.search(line.folded)
    if prefixed and _is_upper(line.text[prefixed.start() :]):
        role = line.text[prefixed.start() :]
    elif matches:
        last = matches[-1]
        role = line.text[last.start() : last.end()]
        alone = not line.folded[: last.start()].strip(" -:") and not line.folded[last.end() :].strip(" :")
        if not (_is_upper(role) or alone):
            return None
        if _is_upper(line.text[last.start() :]):
            role = line.text[last.start() :]
    else:
        return _misread_role(line)
    role = re.sub(r"\s+", " ", role).strip(" :").upper()
    return _spelled(re.sub(r"^(KT|TM|TL|TUQ|Q)\s*\.\s*", r"\1. ", role))


# A role under a seal scanned in grey (a fax) is read with the seal's specks in it and a letter wrong
# («⁄⁄+*_HIỆU`YRƯỞNG», «HHEU TRƯƠNG», «HIỆUXRUƯỞNG»): it was no role, and the report lost its signer's
# role. A line's last column in capitals is such a role when, its marks and spaces left out, it lies
# within _ROLE_EDITS letters (without tone marks) of a role of _MISREAD_ROLE_LETTERS letters or more: a
# short one («CHỦ TỊCH») is as near to other capitals («CHÚ THÍCH»).
_MISREAD_ROLE_LETTERS = 10
_LONG_ROLES = tuple(role for role in _ROLE_SPELLINGS if len(role) >= _MISREAD_ROLE_LETTERS)
# The longest column such a role is looked for in: twice a long role with its specks, whatever their kind.
_MISREAD_ROLE_COLUMN = 2 * max(len(role) for role in _LONG_ROLES)


def _misread_role(line: _Line) -> str | None:
    """The role a line's last column holds misread (see _MISREAD_ROLE_LETTERS), as it is spelt."""
    column = re.split(r"\s{2,}|\t", line.text.strip())[-1]
    if len(column) > _MISREAD_ROLE_COLUMN:  # a body line: as many letters as a role are not so spread out
        return None
    letters = " ".join(re.sub(r"[^\w\s]|[\d_]", "", column).split())
    if len(letters) < _MISREAD_ROLE_LETTERS or not _is_upper(letters):
        return None
    folded = fold(letters).replace(" ", "")
    spelling = min(_LONG_ROLES, key=lambda known: _apart(folded, known))
    return spelling if _apart(folded, spelling) <= _ROLE_EDITS else None


def _apart(folded: str, role: str) -> int:
    """How many letters a folded column without spaces is from a role (OCR loses spaces under a seal)."""
    return Levenshtein.distance(folded, fold(role).replace(" ", ""))


def _spelled(role: str) -> str:
    """The role with its words as they are spelt (see _ROLE_SPELLINGS), its authority prefix kept; one
    that differs from a spelling in its tone marks alone («PHÓ HIEU TRUỜNG») is that role."""
    prefix = re.match(r"(?:KT|TM|TL|TUQ|Q)\. ", role)
    head, body = (role[: prefix.end()], role[prefix.end() :]) if prefix else ("", role)
    if fold(body) in _ROLES:
        return head + _ROLE_SPELLINGS[_ROLES.index(fold(body))]
    spelling = min(_ROLE_SPELLINGS, key=lambda known: Levenshtein.distance(body, known))
    return head + spelling if Levenshtein.distance(body, spelling) <= _ROLE_EDITS else role


def role_in_line(line: str) -> str | None:
    """The signer's role when a line carries one in capitals or alone ("KT. HIỆU TRƯỞNG"), else None."""
    text = line.strip()[:_LONGEST_LINE]
    return _role(_Line(0, text, fold_aligned(text))) if text else None


# A scanned signing block's name line starts with what OCR made of the ends of the signature's strokes or
# of the seal's ring beside it («-_ Dương Hoàng Tuấn», «x Dương Hoàng Tuấn»): marks, or a lone small
# letter, before the capitalised words are no part of the name.
_SPECKS = re.compile(r"^[\W_\d]+")


def _name(line: _Line) -> str | None:
    text = line.text
    if _SIGNATURE_NOTE.search(line.folded):
        return None
    text = re.split(r"[;:]|\.\s", text)[-1]
    chunks = re.split(r"\s{2,}|\t", text.strip())
    text = chunks[-1]
    text = text[len(text) - len(_HONORIFIC.sub("", fold_aligned(text))) :]
    words = _SPECKS.sub("", text).strip(" .,-").split()
    if len(words) >= 3 and len(words[0]) == 1 and words[0].islower():
        words = words[1:]  # a speck read as a small letter: «x Dương Hoàng Tuấn»
    if len(words) >= 6:
        for i in range(len(words) - 2, 1, -1):
            if fold(words[i]) in SURNAMES:
                words = words[i:]
                break
    return name_words(words)


# A signing block's line under the role, folded and whole: «(Đã ký)», «Ký tên, đóng dấu», «(Ký, ghi rõ
# họ tên)».
_SIGNED_NOTE = re.compile(
    r"\(?\s*(?:da ky|ky)(?:[\s,]+(?:va|ten|dong dau|ghi ro ho ten|ho ten|so))*\s*\)?\.?"
)
# A role opening a line, the signer's name after it: «Hiệu trưởng Trần Văn Bình», «Người lập báo cáo: Lê
# Thị Hồng».
_LEADING_ROLE = re.compile(r"^(?:" + _ROLE.pattern.removeprefix(r"\b") + r"[\s:.\-–/]*)+")


def signing_line(line: str) -> bool:
    """Whether a line belongs to a signing block, whatever the lines around it: the signer's role
    (role_in_line), a role with the signer's name after it ("Hiệu trưởng Trần Văn Bình"), or a note where
    the signature goes ("(Đã ký)", "Ký tên, đóng dấu"). A name alone may sign too (persons.name_alone)."""
    text = " ".join(line.split())[:_LONGEST_LINE]
    if not text:
        return False
    folded = fold_aligned(text)
    if role_in_line(text) or _SIGNED_NOTE.fullmatch(folded):
        return True
    role = _LEADING_ROLE.match(folded)
    if role is None:
        return False
    words = text[role.end() :].strip(" .,").split()
    return not words or name_words(words) is not None


def _signer(lines: Sequence[_Line]) -> tuple[str | None, str | None]:
    tail = lines[-TAIL_LINES:]
    for position, line in enumerate(tail):
        role = _role(line)
        if role is None:
            continue
        after = position + 1
        if re.match(r"^(KT|TM|TL|TUQ|Q)\. ", role) and after < len(tail):
            second = _role(tail[after])
            if second and second not in role:
                role = f"{role} / {second}"
                after += 1
        name = next((n for n in map(_name, tail[after : after + 10]) if n), None)
        return role, name
    for line in reversed(tail):
        if line.text.startswith(("-", "+")):
            continue
        name = _name(line)
        if name and fold(name.split()[0]) in SURNAMES:
            return None, name
    return None, None


_YEAR_IN_TITLE = re.compile(r"\bnam\s+(\d{4})\b")
# "năm học 2023-2024": a date line in neither of a school year's two years (a scan's misread, or one left
# from another year's file) does not say the year reported on, the title does, when its two years follow
# one another; a pair that does not ("2023-2028") holds a misread digit itself.
_SCHOOL_YEAR = re.compile(r"\bnam\s+hoc\s+(\d{4})(?:\s*[-–/]\s*(\d{4}))?")


def _year(title: str | None, date_year: int | None) -> int | None:
    folded = fold_aligned(title or "")
    stated = _YEAR_IN_TITLE.search(folded)
    if stated:
        return int(stated.group(1))
    school_year = _SCHOOL_YEAR.search(folded)
    first = int(school_year.group(1)) if school_year else None
    follows = school_year is not None and school_year.group(2) == str((first or 0) + 1)
    if date_year and not (follows and date_year not in (first, (first or 0) + 1)):
        return date_year
    return first


# Lines above a paper's national heading that hold its issuer and number, when papers follow one another in
# one text: "UBND XÃ MỸ AN" / "TRƯỜNG TIỂU HỌC MỸ AN" / "Số: 45/BC-THMA" / "CỘNG HÒA …".
_ABOVE_NATION = 3


def later_papers(text: str) -> list[str]:
    """The text of each paper after the first in a text without pages that holds several one after
    another (a plan, then the report, typed into one Word file): each starts a few lines above its own
    national heading («CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM»), the first paper's being left to it."""
    lines = text.splitlines()
    headings = [n for n, line in enumerate(lines) if _NATION.search(fold(line))]
    starts = [max(n - _ABOVE_NATION, 0) for n in headings[1:]]
    return ["\n".join(lines[a:b]) for a, b in itertools.pairwise([*starts, len(lines)])]


def extract_header(text: str) -> Header:
    """Facts from the first lines (issuer, number, place, date, kind, title) and the last (signer)."""
    head = _head(text)
    signer_role, signer_name = _signer(_lines(text, 0, TAIL_LINES))
    return Header(
        parent_body=head.parent_body,
        issuer=head.issuer,
        number=head.number,
        place=head.place,
        region=head.region,
        date=head.date,
        kind=head.kind,
        title=head.title,
        signer_name=signer_name,
        signer_role=signer_role,
        year=_year(head.title, head.date_year),
    )
