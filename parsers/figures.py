"""Key figures (FigureSpec) in a report's text: "12 buổi tuyên truyền", "không xảy ra vụ xâm hại nào"."""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from parsers.document import Figure, FigureSpec, SectionSpec
from parsers.figureparts import names_a_part, parts_apart
from parsers.sections import find_sections
from parsers.text import fold, fold_aligned, nfc, tone_key

_CELL = " | "  # how the readers join the cells of a table row on one line
_BORDER = _CELL.strip()
_A_DIGIT = re.compile(r"\d")
# Thousands grouped by "." or "," ("1.250"), or by a space ("1 250", also a no-break, narrow, thin or
# figure one).
_SPACE = "[ \u00a0\u202f\u2009\u2007]"
_GROUPED_BY_SPACE = rf"[1-9][0-9]{{0,2}}(?:{_SPACE}[0-9]{{3}})+"
_COUNT = re.compile(rf"^\d{{1,3}}(?:[.,]\d{{3}})+$|^\d+$|^{_GROUPED_BY_SPACE}$")
# A ";" before the next grade or class of a list ("Khối 6: 160 học sinh; Khối 7: 155 học sinh") or semester
# or the whole year ("HKI: 6 buổi; HKII: 6 buổi; cả năm: 12 buổi"), or before its total ("; Tổng cộng: 315
# học sinh", "; Tổng: 6 buổi", "; Tổng số 6 buổi"), ends no sentence: the list's counts are one figure's
# several values (Figure.others). "; Tổng số học sinh…" opens another. Nor does one before a running total
# ("; lũy kế từ đầu năm học: 6 buổi"), which the count before it is part of, nor a line break before a line
# of one that is no table's row (no cell borders in it).
_RUNNING_OPENS = r"(?i:lũy kế|luỹ kế|cộng dồn)\b"
# Nor does a stop a space after it cuts off three digits of a number of one to three before it, its
# thousands grouped wrongly ("1. 200 học sinh"): which number the school meant, none is read (_MISGROUPED).
_STRAY_STOP = r"(?<=[0-9]\.)(?<![0-9]{4}\.) [0-9]{3}(?![0-9])"
_SENTENCE_END = re.compile(
    rf"(?<=[.!?…])(?!{_STRAY_STOP})\s+(?!{_RUNNING_OPENS})"
    r"|(?<=;)\s+(?!\s*(?:(?i:khối|lớp)\s*\d|(?i:(?:hk|học kỳ)\s*(?:i{1,2}|[12])|cả năm)\b"
    r"|(?i:tổng cộng)\b"
    r"|(?i:tổng(?:\s+số)?)\s*:?\s*\d"
    rf"|{_RUNNING_OPENS}))"
    rf"|\n(?!{_RUNNING_OPENS}[^|\n]*(?:\n|$))"
)
# A line of words alone, commas aside: a line of a table's label a narrow column wrapped ("hại trẻ em").
_WORDS_LINE = re.compile(r"[^\W\d_]+(?:,?[ \t]+[^\W\d_]+)*,?")
_WRAPPED_LINES = 3  # lines of such a label above or below the line of its row's counts
# A line of a label alone, folded, and a line of a value alone, a unit after it: «Số buổi tuyên truyền»
# over «12 buổi» (_label_over_value).
_A_LABEL_LINE = re.compile(r"(?:tong )?so(?: [a-z]+)+$")
_A_VALUE_ALONE = re.compile(r"(?:[0-9]{1,3}(?:[.,][0-9]{3})+|[0-9]+)(?:\s+[^\W\d_]+){0,2}\.?$")
# A line opening with a list's number and the item it numbers («2. Số vụ xâm hại trẻ em: 0», «3) Khó khăn»):
# the next item of a list, never the value of a label left blank above it («1. Số buổi tuyên truyền:»).
_NEXT_ITEM = re.compile(r"[0-9]{1,2}[.)]\s+([^\W\d_])")
# Marks a line break inside a sentence while sentences are split (a private-use character).
_JOIN = "\ue000"
# Marks a line break between a number and three digits ("cho 1" / "250 lượt học sinh"): one number whose
# thousands a space grouped, or two; neither is read as a count.
_SPLIT = "\ue001"
# Stands for a line of a wrapped label of a table's row whose cells are told apart on the line of its counts
# (_celled): no row of the table, nor the end of its rows.
_LABEL_GOES_ON = "\ue002"
_GROUP_CUT = re.compile(r"(?<![0-9.,])(?<![0-9] )[0-9]{1,3}$")
_GROUP_CUT_REST = re.compile(r"[0-9]{3}(?![0-9])")
_TAIL = 8  # characters at the end of a text that decide whether _GROUP_CUT finds a match there
# A number grouped by spaces only when the run of digit groups is whole: "12 450 0" (three cells of a
# row, or three counts) stays three numbers.
_TOKEN = re.compile(
    rf"(?<![0-9])(?<![0-9]{_SPACE}){_GROUPED_BY_SPACE}(?![0-9]|{_SPACE}[0-9])"
    r"|[0-9]{1,3}(?:[.,][0-9]{3})+(?![0-9])|[0-9]+|[^\W\d_]+"
)
# Words right before a number that make it a reference, not a count: "lớp 5", "năm 2021"; and pairs of
# words, whose single words are ordinary ("tổng cộng 18 buổi" is a count, "công văn 45" a reference).
_REFERENCE_WORDS = frozenset(
    "so dieu khoan diem muc lop khoi ngay thang nam ap khu pho to tuyen phong sdt dt hotline".split()
)
_REFERENCE_PAIRS = frozenset(
    tuple(p.split())
    for p in (
        "nghi quyet",
        "quyet dinh",
        "ke hoach",
        "cong van",
        "thong tu",
        "chi thi",
        "phu luc",
        "quoc lo",
        "nghi dinh",
        "thong bao",
    )
)
_TOTAL = ("tong", "so")
_RATE = frozenset((("ty", "le"), ("ti", "le"), ("phan", "tram")))  # "tỷ lệ", "tỉ lệ", "phần trăm"
_RATE_REACH = 8  # words back from a number to a word saying it is a rate
_TOTAL_REACH = 6  # words from "tổng" to the total it labels: "Tổng số học sinh tham gia là 250"
_AMONG = ("trong", "do")  # "trong đó": what follows is part of what came before
# The people a school has (_enrolment), folded: a clause saying so, one saying they took part, and the
# first words of who they are ("học sinh", "phụ huynh", "giáo viên", "cán bộ").
_HAS = re.compile(
    r"\btoan truong\b|\bsi so\b|^(?:nha truong|truong|don vi)(?: hien)? co(?: tong so)? \d"
    r"|^(?:tong so|so luong) (?:hoc sinh|tre|hs) [0-9]"  # "Tổng số học sinh: 1.180 em", a label of nothing done
)
_TAKING_PART = re.compile(r"\b(?:tham gia|duoc|tuyen truyen|to chuc|du|nghe|tiep can|pho bien|quan triet)\b")
_PEOPLE = re.compile(r"\b(?:hoc|tre|em|chau|phu|giao|can|lop)\b")
# A range of counts, on folded text: "10-12", "10 – 12", "10 đến 12", "1.200 tới 1.500", "1 200 - 1 500";
# neither end part of a date or a number written with separators ("10-12-2024", "2/10-12"), nor a range of
# ages or of time ("trẻ 4-5 tuổi", "7-9 giờ").
_RANGE_END = rf"({_GROUPED_BY_SPACE}(?![0-9])|\d{{1,3}}(?:[.,]\d{{3}})+|\d+)"
_RANGE = re.compile(
    rf"(?<![\d/])(?<!\d[.,:\-–])(?<![0-9]{_SPACE}){_RANGE_END}(?:\s*[-–—]\s*|\s+(?:den|toi)\s+)"
    rf"{_RANGE_END}(?![\d/])(?![.,:\-–]\d)(?!\s*(?:tuoi|gio|phut|ngay|tuan|thang|nam)\b)"
)
_RANGE_FROM = "tu"  # "từ 10 đến 12": the word that opens a range
# Words right before a count that make it approximate, folded: "khoảng 500", "trên 500", "hơn 1.000",
# "gần 300". The school stated no exact count, so a person checks it (Figure.about).
_ABOUT = frozenset(("khoang", "tren", "hon", "gan"))
# The rate of a plan a count achieved, the count of those planned in brackets after it: "đạt 100% kế hoạch
# (12/12 buổi)", ": đạt 100% (12/12 buổi)".
_ACHIEVED = re.compile(
    r"(\s*:)?\s+((?i:đạt)\s+[0-9]{1,3}(?:[.,][0-9]+)?\s*%(?:\s+(?i:kế hoạch|chỉ tiêu))?)"
    r"\s*\(\s*([0-9]{1,4}/[0-9]{1,4}\s+[^\W\d_]+(?:\s+[^\W\d_]+)*)\s*\)"
)
# A label's value given as a rate, the count in brackets after it: ": 98% (1.250 em)", ": 100% (450/450 em)".
_RATE_GIVEN = re.compile(
    r":\s*(?P<rate>[0-9]{1,3}(?:[.,][0-9]+)?\s*%)\s*\(\s*(?P<count>(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,4})"
    r"(?:/(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,4}))?\s+[^\W\d_]+(?:\s+[^\W\d_]+)*)\s*\)"
)
# "12/12 buổi", "10/12 buổi", "1.250/1.250 em": done of those planned, the count being the first number. Not a fraction
# ("3/4 buổi", "1/2 số trẻ": planned below _FRACTION_BELOW; of people, "9/10 học sinh", up to
# _FRACTION_OF_PEOPLE), more done than planned ("5/2" is a class's name), a month and year ("10/2025"),
# nor a date ("sáng 12/12", "ngày 10/12/2024").
_OF_PLANNED = re.compile(
    r"([0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,4})/([0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,4})(?=\s+([^\W\d_]+))"
)
# "0/0", none of none planned, whatever follows it: zero ("Số vụ xâm hại: 0/0", cases and those handled).
_NONE_OF_NONE = re.compile(r"0+/0+(?![0-9/]|[.,][0-9])")
_FRACTION_BELOW = 5
_FRACTION_OF_PEOPLE = 10
# A number's thousands grouped wrongly, a space after a stop or a decimal-like part before it or after
# it: "1. 200", "1.2 00", "1, 20 0"; the parts of such a number are no counts (_value).
_MISGROUPED_BEFORE = re.compile(rf"[0-9](?:\.|[.,][0-9]{{1,2}}){_SPACE}$")
_MISGROUPED_AFTER = re.compile(rf"^\.{_SPACE}[0-9]{{3}}(?![0-9])")
_DAY_WORDS = frozenset("sang trua chieu toi dem hom vao tu den".split())
# Abbreviations reports write for the people they count, read as the words: "450 HS", "Số lượt PHHS".
_ABBREVIATIONS = {
    "HS": "học sinh",
    "PHHS": "phụ huynh học sinh",
    "CMHS": "cha mẹ học sinh",
    "GV": "giáo viên",
}
_ABBREVIATED = re.compile(rf"(?<![^\W_])(?:{'|'.join(_ABBREVIATIONS)})(?![^\W_])")
# The heading of a table's column of the schools or units its rows are about, folded: "Đơn vị", "Tên
# trường"; and of a column of row numbers before it.
_UNIT_HEADING = re.compile(r"^(?:ten\s+)?(?:don vi|truong|co so giao duc|co so)$")
# The heading of a table's column of one of a school's campuses or sites, folded: "Cơ sở 1", "CS2", "Điểm
# trường chính", "Điểm lẻ Long Hòa", "Phân hiệu Ea Nam"; not "Trung học cơ sở", a level.
_CAMPUS_HEADING = re.compile(
    r"^(?:(?:co so|cs) ?[0-9]{1,2}|diem (?:truong|chinh|phu|le)\b.*|phan (?:hieu|truong)\b.*|khu le\b.*)$"
)
# The heading of a table's column of notes, folded: "Ghi chú".
_NOTES_HEADING = re.compile(r"^ghi chu$")
# The heading of a table's column of the units of its counts, folded: "Đơn vị tính", "ĐVT".
_MEASURE_HEADING = re.compile(r"^(?:don vi tinh|dvt|don vi do)$")
_ROW_NUMBER_HEADING = re.compile(r"^(?:stt|tt|so tt|so thu tu)$")
# A table's cell that says there is nothing to count, folded: zero, or a dash or a cross whose meaning
# (none, not applicable, done) the report's key gives.
_NO_VALUE = frozenset(("khong", "-", "–", "—", "x"))
# A year, or two joined as a school year's are: "2025", "2024-2025", "2024 – 2025", "2024/2025"; not a
# date's or a document number's ("10/9/2025", "121/2020/QH14").
_YEAR = re.compile(
    r"(?<![0-9/.\-])((?:19|20)[0-9]{2})(?:\s*[-–/]\s*((?:19|20)[0-9]{2}))?(?![0-9]|/[0-9A-Za-z])"
)
# A calculation a report shows a count by, its factors a count and its unit each, the unit maybe of a
# period ("/tháng"): "2 buổi tuyên truyền/tháng x 9 tháng = 18 buổi", "12 lớp × 40 học sinh = 480".
_FACTOR = re.compile(
    r"([0-9]{1,3}(?:[.,][0-9]{3})+|[0-9]+)((?:\s+(?![xX]\s)[^\W\d_]+){1,6})(?:\s*/\s*[^\W\d_]+)?$"
)
_FACTOR_TEXT = r"[0-9][0-9.,]*(?:\s+(?![xX]\s)[^\W\d_]+){1,6}(?:\s*/\s*[^\W\d_]+)?"
_OPERATOR = re.compile(r"\s+[xX×*]\s+|\s*[×*]\s*")
_CALCULATION = re.compile(
    rf"(?<![0-9.,])(?P<factors>{_FACTOR_TEXT}(?:(?:\s+[xX×*]\s+|\s*[×*]\s*){_FACTOR_TEXT})+)"
    r"\s*=\s*(?P<result>[0-9]{1,3}(?:[.,][0-9]{3})+(?![0-9])|[0-9]+)(?:\s+(?P<unit>[^\W\d_]+))?"
)
# The parts of a report about what is to come or asked for, not done ("III. Phương hướng nhiệm vụ năm học
# 2025-2026", "IV. Đề xuất, kiến nghị"): their counts ("Tổ chức 15 buổi tuyên truyền") are no figures. Only
# a heading opening with such words is one: "Kết quả và phương hướng", "Khó khăn và đề xuất" hold results.
_AHEAD = (
    SectionSpec(
        "ahead",
        "Phương hướng",
        (
            "phương hướng",
            "nhiệm vụ thời gian tới",
            "nhiệm vụ năm học tới",
            "giải pháp thời gian tới",
            "nhiệm vụ tiếp theo",
        ),
    ),
    SectionSpec("asked", "Đề xuất", ("đề xuất", "kiến nghị")),
)
_AHEAD_LINE = 200  # characters of a line that may be a heading
_AHEAD_OPENING = 40  # characters of a line that hold the words opening such a heading, after its number
_AHEAD_WORDS = re.compile(r"\b(?:phuong huong|de xuat|kien nghi|nhiem vu)\b")
_AHEAD_HEADING = re.compile(
    r"^(?:phan\s+)?(?:[ivx]{1,5}|[0-9]{1,2}(?:\.[0-9]{1,2})*|[a-h])?\s*[.)\-–:]?\s*"
    r"(?:phuong huong|nhiem vu|de xuat|kien nghi)\b(?!.*\bket qua\b)"
)
# Units of what a school holds or sees a few times a year, never by the thousand, folded.
_EVENTS = frozenset("buoi vu dot cuoc tiet".split())
# The years a school may type where a count of people goes: those of these reports, not "1950" pupils.
_TYPED_YEARS = range(2010, 2036)
# The part of a report about the school itself, before what it did: "I. Đặc điểm tình hình", "Đặc điểm
# chung", "Tình hình chung", "Khái quát". Its counts of pupils are those it has (_enrolment).
_OVERVIEW = (
    SectionSpec(
        "overview",
        "Đặc điểm tình hình",
        ("đặc điểm tình hình", "đặc điểm chung", "đặc điểm nhà trường", "tình hình chung", "khái quát"),
    ),
)
_OVERVIEW_HEADING = re.compile(
    r"^(?:phan\s+)?(?:[ivx]{1,5}|[0-9]{1,2}|[a-h])?\s*[.)\-–:]?\s*"
    r"(?:dac diem (?:tinh hinh|chung|nha truong)|tinh hinh chung|khai quat)\b(?!.*\bket qua\b)"
)
_RESULTS_OPENING = re.compile(
    r"^(?:phan\s+)?(?:[ivx]{1,5}|[0-9]{1,2}(?:\.[0-9]{1,2})*|[a-h])?\s*[.)\-–:]?\s*(?:ket qua|tinh hinh thuc hien)\b"
)
# The same as a numbered heading, folded: «II. Kết quả thực hiện», «Phần II. Kết quả đạt được»; not the
# report's title («Kết quả triển khai thực hiện Nghị quyết 121…»), which comes before every part.
_RESULTS_HEADING = re.compile(
    r"^(?:phan\s+)?(?:[ivx]{1,5}|[0-9]{1,2}(?:\.[0-9]{1,2})*|[a-h])\s*[.)\-–:]\s*(?:ket qua|tinh hinh thuc hien)\b"
)
_SIGNED = re.compile(r"^[+\-–]\s*[0-9]+(?:[.,][0-9]+)?\s*%?$")  # a difference: "+2", "-3", "+1,5%"
_MINUS = "-−–"  # a hyphen, the minus sign and an en dash Word makes of a hyphen
_PERCENT = re.compile(r"^[0-9]{1,3}(?:[.,][0-9]+)?\s*%$")
# A year given a value of its own: "năm 2024: 10".
_VALUED_YEAR = re.compile(rf"{_YEAR.pattern}(?=\s*:\s*[0-9])")
# What was planned or is to come, not done, folded: before a count in its clause ("Kế hoạch tổ chức 12
# buổi", "sẽ tổ chức"; not a plan cited by its number, "Kế hoạch số 45", nor one drawn up and then carried
# out, "xây dựng kế hoạch và tổ chức 12 buổi", though a plan drawn up of what it names is one: "xây dựng kế
# hoạch tổ chức 10 buổi"), and anywhere in it ("năm học tới").
_PLAN_BEFORE = re.compile(
    r"\b(?:(?<!xay dung )(?<!ban hanh )ke hoach(?! so\b| \d)|(?:xay dung|ban hanh) ke hoach(?= to chuc\b)"
    r"|du kien|chi tieu|(?<!chia )se|phan dau|dang ky|phuong huong)\b"
)
# A target, folded, which holds for every clause after it in its part of the sentence: "phấn đấu 100% học
# sinh được tuyên truyền, tổ chức ít nhất 6 buổi".
_TARGET = re.compile(r"\bphan dau\b")
# What makes a count one of each session, class or month, or an average, not the whole: before it in its
# clause, in lower case ("mỗi buổi có 120 lượt", "bình quân 100 lượt", "hằng tuần tổ chức 1 buổi", a
# routine whatever the period; "mọi", every one, is none).
_PER_EACH = re.compile(
    r"(?<!\w)(?:mỗi|bình quân|trung bình|(?:hằng|hàng)\s+(?:tuần|tháng|ngày|năm|học kỳ|kỳ))(?!\w)"
)
# The same after it: "1 buổi tuyên truyền/tháng", "2 buổi mỗi tuần", "hằng tháng".
_PER_EACH_AFTER = re.compile(
    r"(?<![0-9])/\s*(?:tháng|tuần|ngày|lớp|khối|học kỳ|kỳ)(?!\w)|(?<!\w)(?:mỗi|hằng|hàng)\s+(?:tháng|tuần|ngày|lớp|khối)(?!\w)"
)
# And of each session, after a count of other things than sessions: "450 lượt học sinh mỗi buổi", "/buổi".
_PER_SESSION_AFTER = re.compile(r"(?<![0-9])/\s*buổi(?!\w)|(?<!\w)mỗi\s+buổi(?!\w)")
_SESSION = "buổi"
# What a clause may say of the people a count counts that makes them other people than those an activity
# reached, folded: something done to them, their circumstances ("bị xâm hại", "có dấu hiệu bị bạo hành",
# "có hoàn cảnh đặc biệt", "khuyết tật").
_OTHER_PEOPLE = re.compile(r"\b(?:bi|dau hieu|hoan canh|khuyet tat)\b")
# ... or before them: "nạn nhân là 2 học sinh lớp 5" counts the victims of a case, not those reached.
_VICTIMS = re.compile(r"\bnan nhan\b")
# What a count of cases («vụ», «vụ việc», «trường hợp») may say they were, other than a child's abuse,
# folded: "02 vụ việc mâu thuẫn giữa phụ huynh", "01 vụ việc học sinh đánh nhau"; and what keeps them of it,
# "vụ việc bạo lực, xâm hại".
_OTHER_INCIDENTS = re.compile(
    r"\b(?:mau thuan|danh nhau|xo xat|va cham|xich mich|au da|gay go|tai nan|trom cap|chay no|ngo doc|duoi nuoc)\b"
)
_ABUSE = re.compile(r"\b(?:xam hai|bao hanh|bao luc|nguoc dai)\b")
# The area around the school, folded, whose cases a clause before a count of cases may give instead of the
# school's: "Trên địa bàn huyện năm 2025 xảy ra 4 vụ xâm hại trẻ em".
_THE_AREA = re.compile(r"\btren dia ban (?:toan )?(?:huyen|xa|tinh|thanh pho|quan|phuong|thi xa|thi tran)\b")
_CASES = (("vu",), ("truong", "hop"))
_CASE_WORDS = frozenset(("vu", "viec", "truong", "hop"))  # a keyword of cases of no topic: "vụ việc"

_INCIDENT_WORDS = 6  # words after a negation's keyword that may say what the cases were
# Verbs of checking, counselling or visiting, folded: the people or visits («lượt») a count after them in
# its clause counts are those checked, counselled or visited, not those an activity reached ("Kiểm tra 3
# lượt các lớp", "Tư vấn cho 15 lượt học sinh", "dự giờ 4 lượt", "Số lượt tư vấn học sinh: 15").
_CHECKING = re.compile(r"\b(?:kiem tra|thanh tra|giam sat|tu van|du gio|tham lop|tham hoi|can thiep)\b")
# What says a sentence is about an activity reaching people, folded: "lượt" alone counts them only there
# ("Có 40 lượt tham gia", "12.500.000 lượt xem", "3 lượt tuyên truyền").
_REACHING = re.compile(
    r"\b(?:tuyen truyen|tham gia|tham du|tiep can|xem|nghe|pho bien|quan triet|thu hut|sinh hoat|ngoai khoa"
    r"|chuyen de)\b"
)
# The people "lượt" may count, folded first words: "lượt học sinh", "lượt phụ huynh", "lượt người".
_REACHED_PEOPLE = frozenset("hoc phu cha nguoi tre em chau giao can".split())
_VISITS = "luot"
_PROPAGANDA = "tuyen truyen"
_PEOPLE_SAID = 5  # words after the people a negation names that may say what of them: "trẻ em nào tham gia"
# What a table's row says the «lượt» of a column headed «Số lượt» alone are of, folded: whom ("Học sinh",
# "Tuyên truyền cho phụ huynh") or people taking part ("Tham gia", "lượt xem").
_SAYS_WHOM = re.compile(
    r"\b(?:hoc sinh|phu huynh|cha me|giao vien|can bo|nguoi|tre|tham gia|tham du|tiep can|xem|nghe|truy cap)\b"
)
# A label naming the people «lượt» counts, folded: "Số lượt học sinh: 1.250 lượt".
_LABELLED_PEOPLE = re.compile(rf"\bluot (?:{'|'.join(sorted(_REACHED_PEOPLE))})\b")
# «em» after a count, a pupil's word, names the figure whose keyword is "học sinh" ("Có 450 em tham gia").
_PUPIL, _PUPILS = "em", ("hoc", "sinh")
# A semester, folded: "học kỳ I", "HK II", "học kỳ 2".
_TERM = re.compile(r"\b(?:hoc ky|hk)\s*(?:i{1,2}|[12])\b")
# What makes a count a part of the season's: a semester, a grade or class, a month, folded ("học kỳ I",
# "Khối 6", "tháng 9"); two counts of a figure, one of a part, are no disagreement.
_A_PART = re.compile(rf"{_TERM.pattern}|\b(?:khoi lop|khoi|lop)\s*\d|\bthang\s*\d")
# A running total, folded: "lũy kế từ đầu năm học: 6 buổi", "cộng dồn"; and what makes it the school
# year's, the season a report is on ("từ đầu năm học", "cả năm học").
_RUNNING = re.compile(r"\b(?:luy ke|cong don)\b")
# Where a part of a sentence ends, which a running total and the words before a count are read within: a
# stop or a semicolon before a space, or at the end.
_PART_END = re.compile(r"[;.!?](?:\s|$)")
# A running total since before the season, folded: "từ năm 2021 đến nay", "từ năm học 2021-2022 đến nay",
# "lũy kế từ năm 2021", "từ khi triển khai Nghị quyết 121 đến nay"; not "từ đầu năm học (đến nay)", "từ
# tháng 9/2025 đến nay", nor "từ khi" up to the season's "năm học".
_SINCE_BEFORE = re.compile(
    r"\btu (?P<school>nam hoc )?(?:nam )?(?P<year>(?:19|20)[0-9]{2})\b[^;]*?\bden nay\b"
    r"|\b(?:luy ke|cong don) tu (?P<school_since>nam hoc )?(?:nam )?(?P<since>(?:19|20)[0-9]{2})\b"
    r"|\btu khi (?:(?!nam hoc)[^;])*?\bden nay\b"
)
_OF_THE_YEAR = re.compile(r"\bnam hoc\b")
# The whole school year, folded, as a semester's count is a part of: "Cả năm tổ chức 12 buổi", "cả năm học".
_WHOLE_YEAR = re.compile(r"\bca nam\b")
# A correction, folded: "Sửa số buổi tuyên truyền từ 10 thành 12 buổi", "điều chỉnh … từ 1.200 lượt thành
# 1.250 lượt", "Đính chính: …"; and what it changes a count from, up to the count it changes it to.
_CORRECTION = re.compile(r"\b(?:sua|dieu chinh|dinh chinh)\b")
_CORRECTED_FROM = re.compile(
    r"(?:\b(?:sua|dieu chinh|dinh chinh)(?: lai)?\s+)?\btu\s+(?:\d{1,3}(?:[.,]\d{3})+|\d+)"
    r"(?:\s+[^\W\d_]+){0,4}?\s+thanh\s+(?=\d)"
)
# A count a correction after it changes to another: "10 buổi (sửa thành 12 buổi)", "1.200 lượt, điều chỉnh lại
# thành 1.250 lượt", up to the new count.
_CORRECTED_AFTER = re.compile(
    r"(?<![\d.,])(?:\d{1,3}(?:[.,]\d{3})+|\d+)(?:\s+[^\W\d_]+){0,4}?\s*[(,]?\s*"
    r"(?:sua|dieu chinh|dinh chinh)(?: lai)?\s+thanh\s+(?=\d)"
)
# A count a school says it wrote by mistake, folded, up to the right one when it gives it: "ghi nhầm là 10,
# đúng là 12 buổi", "bị nhầm: 1.200 lượt, nay sửa lại thành 1.250 lượt"; "ghi nhầm 10 buổi" alone.
_MISTAKEN = re.compile(
    r"\b(?:(?:ghi|bi|danh|go|viet)\s+)?nham(?:\s*:|\s+la|\s+thanh)?\s+(?:\d{1,3}(?:[.,]\d{3})+|\d+)(?![\d.,]\d)"
    r"(?:(?:\s+[^\W\d_]+){0,4}?\s*[,;(]?\s*(?:nay\s+|xin\s+)?"
    r"(?:dung ra la|dung la|chinh xac la|(?:sua|dieu chinh|dinh chinh)(?: lai)?\s+(?:la|thanh))\s+(?=\d))?"
)
# A period before the one reported on, folded ("năm học trước", "cùng kỳ năm trước"), and the words
# before a count that make it a difference ("tăng 2 buổi").
_PREVIOUS = re.compile(r"\b(?:nam hoc truoc|nam truoc|nam ngoai|cung ky|ky truoc)\b")
# A year or a school year, folded, as a count's period is labelled: "năm 2025", "năm học 2024-2025".
_A_YEARS = re.compile(rf"\bnam (?:hoc )?{_YEAR.pattern}")
# What a count's period opens its part of the sentence with or follows, folded: "Năm 2025 nhà trường tổ chức
# …", "Trong năm 2025, …", "năm 2025: 4 buổi", "(năm 2025: 4 buổi)"; not "Luật Trẻ em năm 2016 cho …".
_PERIOD_OPENS = re.compile(r"(?:^|[,;:(|]|\btrong)\s*$")
_PERIOD_LABELS = re.compile(r"^\s*\)?\s*:")  # after the period: "… tham gia năm 2025: 300 lượt"
_A_YEARS_LABEL = re.compile(rf"{_A_YEARS.pattern}\s*:\s*$")  # a count's label its period: "năm 2026: "
_CLOSED_BRACKET = re.compile(r"\([^()]*\)")  # a bracket closed before a count: "(năm 2025 là 6 buổi)"
# A bracket after a count (and its unit) holding its period alone, folded: "4 buổi (năm 2025)".
_PERIOD_AFTER = re.compile(rf"^(?:\s*[^\W\d_]+){{0,3}}\s*\(\s*(?:nam (?:hoc )?)?{_YEAR.pattern}\s*\)")
_DIFFERENCE = frozenset(("tang", "giam"))
_FUTURE = re.compile(r"\b(?:nam hoc toi|nam toi|thoi gian toi|sap toi|nam hoc sau|nam sau)\b")
# A column of what was planned, not done, folded: "Kế hoạch | Thực hiện", "Chỉ tiêu", "Dự kiến", "KH" (over
# counts: _plan_columns); and one of what was done beside it ("TH", "Đạt" alone).
_PLANNED = re.compile(r"\b(?:ke hoach|chi tieu|du kien|kh)\b")
_DONE = re.compile(r"\b(?:thuc hien|ket qua|dat duoc)\b|^\s*(?:th|dat)\s*$")
_ROW_NUMBER = re.compile(r"^(?:[IVXivx]{1,5}|[0-9]{1,2}|[a-hđ])\.?$")
# The unit cell of a table's row ("Đơn vị tính"), folded: what a row drawn without borders may end with,
# before its count. Not the words of whom a label may end with ("cho học sinh", "cho trẻ", "các em").
_UNIT_CELLS = frozenset(
    tuple(u.split())
    for u in ("buoi", "luot", "vu", "vu viec", "nguoi", "lan", "cuoc", "dot", "tiet", "truong hop")
)
# A table's row of one grade or class, by its label, folded ("Khối 1", "Lớp 6A", "Khối lớp 9", "Lớp 6/1"),
# and the heading of their column ("Khối", "Lớp", "Khối lớp").
_GRADE_ROW = re.compile(r"^(?:khoi lop|khoi|lop)\s*\d{1,2}(?:[a-z]|/\d{1,2})?$")
_GRADE_HEADING = re.compile(r"^(?:khoi lop|khoi|lop)$")
# A sentence of a count per grade, folded: "Số buổi tuyên truyền: Khối 1: 3 buổi; Khối 2: 3 buổi"; each
# item a grade's label (_GRADE_ROW), a count and the same unit, or none; and a grade's label with its
# value anywhere in a text ("Khối 3: 4 buổi", "Khối 3 | 4").
_GRADE_LIST = re.compile(r"^([^:;|]*[^\W\d_][^:;|]*?)\s*:\s*((?:khoi lop|khoi|lop)\s*\d.*?)\s*\.?$")
# How every _GRADE_LIST match opens, found in one pass: _GRADE_LIST's label backtracks over the whole of
# a sentence without a grade's colon, quadratic in its length (2 ms for a sentence of 280 characters).
_GRADE_LIST_OPENING = re.compile(r"[^:;|]*:\s*(?:khoi lop|khoi|lop)\s*\d")
_GRADE_ITEM = re.compile(
    r"^((?:khoi lop|khoi|lop)\s*\d{1,2}(?:[a-z]|/\d{1,2})?)\s*:\s*([0-9]{1,5})((?:\s+[^\W\d_]+)*)$"
)
# Where an item of such a list ends, folded: a ";", or a "," before the next grade ("lớp 6A: 40, lớp 6B: 38").
_GRADE_ITEM_END = re.compile(r";|,\s*(?=(?:khoi lop|khoi|lop)\s*\d)")
# The total stated after such a list, folded: "Tổng: 6 buổi", "Tổng cộng: 6", "Tổng số 6 buổi".
_GRADE_TOTAL = re.compile(r"^(?:tong cong|tong so|tong)\s*:?\s*([0-9]{1,5})((?:\s+[^\W\d_]+)*)$")
_GRADE_VALUED = re.compile(r"\b(?:khoi lop|khoi|lop)\s*\d{1,2}(?:[a-z]|/\d{1,2})?\s*[:|]")
# A grade named in the clause before a count, folded: "Khối 1: 120 học sinh", "khối 2 có 130 học sinh".
_GRADE_BEFORE = re.compile(r"\b(?:khoi lop|khoi|lop)\s*\d{1,2}(?:[a-z]|/\d{1,2})?\b")
# A PDF's row of the headings of a table of grades, its cells not told apart: a column of row numbers' and
# of grades' headings, then headings each opening with "Số" or "Tổng số" (_HEADING_SPLIT): "STT Khối Số buổi
# tuyên truyền Số lượt học sinh tham gia"; and a row under it: "1 Khối 6 3 160", "Tổng cộng 12 605".
_SPACED_HEADINGS = re.compile(
    r"^(?:(STT|TT)\s+)?(Khối lớp|Khối|Lớp|(?:Hình thức|Nội dung|Đối tượng)(?:\s+(?!(?:Tổng số|Số)\s)[^\W\d_]+)*)"
    r"((?:\s+(?:Tổng số|Số)(?:\s+[^\W\d_]+)+(?:\s*\([^\W\d_]+\))?){2,})$",
    re.IGNORECASE,
)
# The brackets ending a column's heading, as the unit of its counts may stand there: "Số buổi (buổi)".
_BRACKETS_AT_END = re.compile(r"\s*\(([^()]*)\)\s*$")
# A row of such a table under its headings, not of a grade: a row number, a label of words, and counts
# ("Trực tiếp 8 800", "2 Qua Zalo 2 150"). After a row number, the label may end with a number of its own
# ("1 Chuyên đề 1 1 95"): the one count more than the headings of counts, of one or two digits.
_SPACED_WORDED_ROW = re.compile(
    r"^(?:([0-9]{1,2})\s+)?([^\W\d_]+(?:\s+[^\W\d_]+)*)((?:\s+(?:[0-9]{1,3}(?:[.,][0-9]{3})+|[0-9]+))+)$"
)
_HEADING_SPLIT = re.compile(r"\s+(?=(?:Tổng số|Số)\s)")
_SPACED_ROW = re.compile(
    r"^(?:([0-9]{1,2})\s+)?((?:Khối lớp|Khối|Lớp)\s*[0-9]{1,2}[A-Za-z]?|Tổng cộng|Tổng số|Tổng|Cộng)"
    r"((?:\s+(?:[0-9]{1,3}(?:[.,][0-9]{3})+|[0-9]+))+)$",
    re.IGNORECASE,
)
# The heading of a table's column of the whole of the columns of grades or semesters before it, folded.
_WHOLE_HEADING = re.compile(r"^(?:tong cong|tong so|tong|cong|ca nam(?: hoc)?)$")
# Lines a page break leaves inside a table Word split over two pages, folded: blank lines, the next page's
# number ("2", "- 2 -", "Trang 2"), and the note a school writes over the table's rest ("(tiếp theo)").
_PAGE_GAP = re.compile(
    r"^\s*(?:(?:trang\s*)?[0-9]{1,3}|[-–]\s*[0-9]{1,3}\s*[-–]|\(\s*tiep(?:\s+theo)?\s*\)|tiep theo)?\s*$"
)
# The first cell of a table's total row, folded: "Tổng cộng", "Tổng số", "Tổng", "Cộng".
_TOTAL_ROW = re.compile(r"^(?:tong cong|tong so|tong|cong)\b")
# Classifiers between a count and what it counts: "450 em học sinh".
_CLASSIFIERS = frozenset("luot em chau nguoi ban vi ca cuoc".split())
# Units of what a school has or spends rather than of what its figures count, folded: classes, grades,
# schools, groups, venues and lengths of time ("12 lớp", "45 phút", "3 ngày"); not "tổ", nor "phòng"
# ("không tổ chức", "phòng, chống").
_OTHER_UNITS = frozenset("lop khoi truong nhom diem phut gio ngay tuan thang".split())
# Words between a label and its count: "Số lượt học sinh tham gia là 450".
_CONNECTORS = frozenset("la dat gom co tong so tham gia duoc cong khoang tren hon gan toi".split())
# And between a topic and the count of its unit after it: "Tổ chức 2 đợt tuyên truyền với 12 buổi".
_TOPIC_CONNECTORS = _CONNECTORS | {"voi"}
# A count of each of a topic's parts between the topic and its total: "mỗi đợt 4 buổi", the tokens from
# «mỗi» to the count's unit's first word.
_EACH, _EACH_PART = "mỗi", 4
# Negations of happening or being found, folded: "Không xảy ra vụ nào", "chưa phát hiện trường hợp nào".
_NONE_FOUND = tuple(
    tuple(p.split())
    for p in (
        "khong de xay ra",
        "khong xay ra",
        "chua xay ra",
        "khong phat hien",
        "chua phat hien",
        "khong ghi nhan",
        "chua ghi nhan",
        "khong co",
        "chua co",
    )
)
# Negations of holding an activity, folded, which say there was none of it only with "nào" after what
# was not held and nothing after that but when: "Không tổ chức buổi tuyên truyền nào", "chưa tổ chức được
# buổi tuyên truyền nào trong học kỳ I"; "Không tổ chức buổi tuyên truyền riêng" is no zero.
_NOT_HELD = tuple(
    tuple(p.split())
    for p in (
        "khong to chuc",
        "chua to chuc",
        "khong thuc hien",
        "chua thuc hien",
        "khong trien khai",
        "chua trien khai",
    )
)
# The same as a label's value after "không", when the label counts events (_EVENTS): "Số buổi tuyên
# truyền: không tổ chức" is none held ("chưa tổ chức" alone may be "not yet, later"); "Số học sinh tham
# gia: không tổ chức" says nothing of pupils.
_NOT_HELD_VALUES = frozenset((*(n[1:] for n in _NOT_HELD), *((*n[1:], "duoc") for n in _NOT_HELD)))
_NONE_OF_THEM = "nao"
# What may follow the "nào" of a negation of holding in its clause, folded: when and by whom ("trong học
# kỳ I", "của nhà trường").
_WHEN_WORDS = frozenset(
    "trong nam hoc ky hk i ii hki hkii thang qua nay vua tu dau den cua nha truong don vi".split()
)
# Words after a keyword of cases of no topic (_CASE_WORDS) that say nothing of what the cases were, folded:
# "đáng tiếc", "bất thường", when and where.
_ANY_CASE = _WHEN_WORDS | frozenset(("dang", "tiec", "bat", "thuong", "gi", "xay", "ra"))
_NEGATIONS = _NONE_FOUND + _NOT_HELD
_NEGATION_OPENERS = frozenset(n[0] for n in _NEGATIONS)
# What a negation may say after what it names that makes it none for some people only, folded: "Không có
# buổi tuyên truyền nào cho phụ huynh" says nothing of the sessions for pupils.
_FOR_SOME = (("cho",), ("danh", "cho"), ("rieng", "cho"))
# ... unless it names all the people a school's activities reach: "Không tổ chức được hoạt động tuyên
# truyền nào cho trẻ và phụ huynh" held none at all.
_FOR_ALL = tuple(
    tuple(p.split())
    for p in (
        "cho tre va phu huynh",
        "cho tre em va phu huynh",
        "cho hoc sinh va phu huynh",
        "cho phu huynh va hoc sinh",
    )
)
# What a negation of holding names for sessions of an activity besides its keywords, folded: "không tổ
# chức được hoạt động tuyên truyền nào" for "buổi tuyên truyền".
_ACTIVITY = ("hoat", "dong")
_NONE_WORDS = ("khong", "chua")  # a label's value that says there is none (_none_as_value)
# Numbers in words up to 99, compared with their diacritics: "mười hai" 12, "hai mươi lăm" 25. A digit
# word counts alone except "năm" ("năm học"), "tư" ("tư vấn"), "lăm" and "mốt", which only follow tens.
_DIGITS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9}
_ALONE = {tone_key(w): v for w, v in _DIGITS.items() if w != "năm"}
_TENS_DIGITS = {tone_key(w): v for w, v in _DIGITS.items()}  # "năm mươi" is fifty
_AFTER_TEN = _ALONE | {
    tone_key(w): v for w, v in (("tư", 4), ("lăm", 5), ("mốt", 1))
}  # not "mười năm" (years)
_TEN, _TENS = tone_key("mười"), tone_key("mươi")
_HUNDRED, _ZERO = tone_key("trăm"), tone_key("không")
_THOUSAND = frozenset(tone_key(w) for w in ("nghìn", "ngàn"))
_ODD = frozenset(tone_key(w) for w in ("linh", "lẻ"))  # "một trăm linh năm": 105
_AFTER_ODD = _TENS_DIGITS | {tone_key("tư"): 4}  # "một trăm linh tư": 104
# Words that may follow a label's "không": "Số vụ xâm hại: không có", "... : không xảy ra", "không vụ nào".
_NONE_TAIL = frozenset("co xay ra phat hien ghi nhan vu truong hop nao".split())
# "năm" alone is five only right before a unit of what reports count ("năm buổi", "năm vụ"): before other
# words it is a year ("năm học", "trong năm").
_FIVE = tone_key("năm")
_UNITS_AFTER_FIVE = frozenset("buoi luot vu lan dot cuoc".split())
_YEAR_BEFORE = frozenset("trong ca moi hang cuoi dau giua nay qua cua sau truoc cac nhieu".split())
_SPOKEN_WORDS = 8  # "một nghìn không trăm năm mươi lăm": 1055
# The number words without a tone mark are what other words become when theirs is lost (OCR drops the dot
# under «hại», Telex typing skips it): the word before (_MARK_LOST_AFTER) or after (_MARK_LOST_BEFORE) tells
# them, folded. «xâm hai trẻ em» is «xâm hại», no two children; so are «tác hai», «thiệt hai», «tổn hai»,
# «độc hai», «nguy hai», «phương hai»; «ông ba», «ba mẹ», «ba má», «ba con», «ba ngoại» are «bà», no three.
# The words with a mark («năm», «tư», «sáu», «bốn»…) lose it to a word that is no number.
_MARK_LOST_AFTER = {
    tone_key("hai"): frozenset("xam tac thiet ton doc nguy phuong".split()),
    tone_key("ba"): frozenset(("ong",)),
}
_MARK_LOST_BEFORE = {tone_key("ba"): frozenset("me ma con ngoai noi".split())}
# The words a number in words can begin with (see _spelled): any other word is no number, and its run of
# following words is not read at all.
_SPELLED_STARTS = frozenset({_TEN, _ZERO, *_TENS_DIGITS, *_ALONE})
_word_key = lru_cache(maxsize=8192)(tone_key)  # one word at a time, and a report's words repeat
_KEYWORD_GAP = 4  # words allowed between a keyword's words: "trường hợp trẻ em nào bị xâm hại"
_AFTER_NEGATION = 2  # "không xảy ra bất kỳ vụ xâm hại nào"
_MAX_LABEL_GAP = 4
# A count per period over a number of periods, folded: "1 buổi/tuần trong 35 tuần", "2 buổi tuyên truyền/
# tháng trong 9 tháng"; the count, its unit and the number of periods.
_PER_PERIOD_FOR = re.compile(
    r"(?<![0-9.,])(?P<count>[0-9]{1,2}) (?P<unit>[a-z]+)(?: [a-z]+){0,3} ?/ ?(?P<period>tuan|thang|hoc ky|ky)"
    r" trong (?P<periods>[0-9]{1,2}) (?P=period)\b"
)
# Activities a school holds sessions of besides those its reports count, folded: "buổi tập huấn",
# "buổi họp", "buổi bồi dưỡng", "buổi kiểm tra".
_OTHER_ACTIVITIES = tuple(tuple(a.split()) for a in ("tap huan", "boi duong", "hop", "kiem tra", "giam sat"))
# Where a session was held, besides _MANNER, folded: "dưới cờ", "chào cờ".
_FLAG_WORDS = frozenset(("duoi", "chao", "co"))
_UNIT_WORDS = 2  # a unit cell: "buổi", "lượt", "trường hợp"
# What may open a label before its keyword, in at most _LABEL_OPENING words: "Tổng số", "a)", "1.".
_LABEL_OPENING = 3
_LABEL_OPENERS = frozenset(("so", "tong", "luong"))
# The words that may qualify a label after its keyword, folded: when ("trong năm học 2024-2025", "học kỳ
# I", "trong tháng"), what happened ("xảy ra", "được tuyên truyền", "tham gia"), by whom ("của nhà
# trường", "đã tổ chức").
_QUALIFIERS = frozenset(
    "trong nam hoc ky hk i ii hki hkii thang qua nay vua xay ra duoc tham gia tuyen truyen cua nha truong da to chuc"
    " thuc hien tai don vi toan phat ghi nhan".split()
)
# How and where a topic was worked on, folded: "Số buổi tuyên truyền lồng ghép: 12", "Tuyên truyền trực
# tuyến trong các tiết học: 3 buổi".
_MANNER = frozenset("long ghep truc tiep tuyen chuyen de ngoai khoa tap trung cac tiet gio mon".split())
# Words after a label's keyword that say the number counts what did not happen or what was done to
# someone, folded: "Số học sinh không tham gia", "chưa được tuyên truyền", "Số trẻ bị xâm hại". Not even a
# unit after the number («5 học sinh») makes it the figure the keyword names.
_OTHERWISE = frozenset(("khong", "chua", "bi"))
# A topic of awareness-raising plainly another than this report's, folded, and what keeps a part of a
# sentence naming it on this report's topic: "Tổ chức 4 buổi tuyên truyền về an toàn giao thông cho 1.200 lượt
# học sinh" counts another programme's work; "… về phòng, chống xâm hại trẻ em và an toàn giao thông" does not.
_ANOTHER_TOPIC = re.compile(
    r"\btuyen truyen(?: [a-z]+){0,2}? ve\b[a-z ,]{0,30}?\b(?:an toan giao thong|atgt|duoi nuoc|ma tuy"
    r"|chat gay nghien|thuoc la|chay no|phong chay|dich benh|covid|sot xuat huyet)\b"
)
_THIS_TOPIC = re.compile(
    r"\b(?:xam hai|bao luc|bao hanh|nguoc dai|ky nang song|tu bao ve|bao ve tre em|quyen tre em|gioi tinh"
    r"|nghi quyet 121)\b"
)
# A topic after a label's keyword, folded: "Số buổi tuyên truyền về phòng, chống xâm hại trẻ em". It opens
# with "về" or "phòng, chống" and holds only words of the topics reports are about, so that it cannot say
# "chưa thực hiện" or "theo kế hoạch", which change what is counted.
_TOPIC_OPENINGS = (("ve",), ("phong", "chong"))
_TOPIC_WORDS = frozenset(
    "ve phong chong xam hai tre em bao luc hoc duong an toan giao thong ky nang song phap luat quyen bao"
    " cong tac nghi quyet gioi tinh suc khoe sinh san duoi nuoc tai nan thuong tich mang xa hoi va".split()
)


# A word or number of a sentence. Made for every word of every sentence read: as a named tuple, built
# several times faster than a frozen dataclass and as immutable.
class _Token(NamedTuple):
    text: str
    folded: str
    start: int
    end: int
    number: int | None  # the value when the token is a credible count
    # For the upper end of a range: the index of the token where the range begins ("từ", or its lower end)
    # and the lower end's value. Neither end is a count of its own.
    opens: int | None = None
    low: int | None = None
    cell: int = 0  # the table cell of its row the token stands in: the cell borders before it
    signed: bool = False  # a minus glued to the count, which opens its cell or follows a colon ("| -5")


# The keyword that begins a number's label (_label_head): its spec's id, the keyword, the token after it.
_Head = tuple[str, tuple[str, ...], int]


def _value(sentence: str, start: int, end: int, previous: tuple[str, ...]) -> int | None:
    """The count a number token stands for, or None when it is a date, a reference, a ratio..."""
    before = sentence[start - 1] if start else " "
    after = sentence[end] if end < len(sentence) else " "
    next_two = sentence[end : end + 2]
    if before.isalpha() or before in ("/", _SPLIT) or after in ("/", _SPLIT) or after.isalpha():
        return None
    if before in ".,-–:" and start > 1 and sentence[start - 2].isdigit():
        return None
    if after in ".,-–:" and next_two[1:].isdigit():
        return None
    if _MISGROUPED_BEFORE.search(sentence[max(0, start - 5) : start]) or _MISGROUPED_AFTER.match(
        sentence[end : end + 6]
    ):
        return None  # "1. 200 học sinh", "1.2 00 học sinh": which number is meant a person reads
    if re.match(r"\s*(?:%|phần trăm)", sentence[end : end + 12]):
        return None
    if _reference(previous):
        return None
    return _value_of(sentence[start:end])


def _value_of(written: str) -> int:
    """The value of a number as a report writes it, its thousands grouped or not ("1.250", "1 250"), or
    as done of those planned ("10/12")."""
    return int(re.sub(r"[^0-9]", "", written.split("/")[0]))


def _of_planned(sentence: str, start: int, previous: tuple[str, ...]) -> int | None:
    """The end of "10/12" (_OF_PLANNED) beginning at start, words following it; None for anything else."""
    if previous[-1:] and previous[-1] in _DAY_WORDS:
        return None
    if (none := _NONE_OF_NONE.match(sentence, start)) is not None:
        return none.end()
    found = _OF_PLANNED.match(sentence, start)
    if found is None:
        return None
    done, planned = (_value_of(g) for g in found.group(1, 2))
    fraction = _FRACTION_OF_PEOPLE + 1 if _PEOPLE.match(fold(found.group(3))) else _FRACTION_BELOW
    if done > planned or done < planned < fraction or 1900 <= planned <= 2100:
        return None
    return found.end()


def _reference(previous: tuple[str, ...]) -> bool:
    """Whether the words right before a number make it a reference ("lớp 5", "Công văn 45")."""
    reference = bool(previous[-1:]) and previous[-1] in _REFERENCE_WORDS or previous[-2:] in _REFERENCE_PAIRS
    return reference and previous[-2:] != _TOTAL  # "Tổng số: 1.250 lượt" is a count, "Số: 45" a document's


def _approximate(sentence: str, tokens: Sequence[_Token], index: int) -> str:
    """The word, as written in lower case, right before the count at index that makes it approximate
    (_ABOUT: "trên 500 lượt học sinh"); "" when the count is stated as exact."""
    if index == 0:
        return ""
    word, count = tokens[index - 1], tokens[index]
    if word.folded not in _ABOUT or word.cell != count.cell or sentence[word.end : count.start].strip():
        return ""
    return word.text.lower()


def _ranges(folded: str) -> dict[int, tuple[int, int]]:
    """Start of a range's upper end -> (start of its lower end, the lower end's value), for the ranges of
    counts in a folded sentence; years ("2025-2026", "2021 - 2025") and a date ("20-10") are none."""
    found = {}
    for m in _RANGE.finditer(folded):
        low, high = (_value_of(g) for g in m.groups())
        if low < high and not 1900 <= low < high <= 2100:
            found[m.start(2)] = (m.start(1), low)
    return found


def _tens(words: Sequence[str], at: int) -> tuple[int, int] | None:
    """(value, words used) of a number below a hundred in words at words[at:] (tone_key forms)."""
    first, second, third = (*words[at : at + 3], "", "", "")[:3]
    if first == _TEN:
        return (10 + _AFTER_TEN[second], 2) if second in _AFTER_TEN else (10, 1)
    if first in _TENS_DIGITS and second == _TENS:
        tens = _TENS_DIGITS[first] * 10
        return (tens + _AFTER_TEN[third], 3) if third in _AFTER_TEN else (tens, 2)
    if first in _ALONE:
        return _ALONE[first], 1
    return None


def _hundreds(words: Sequence[str], at: int) -> tuple[int, int] | None:
    """(value, words used) of a number below a thousand in words at words[at:]; value -1 when it is
    cut short the way speech does ("hai trăm ba": 230 or 203?), so that no count is read from it."""
    first, second = (*words[at : at + 2], "", "")[:2]
    if second != _HUNDRED or (first not in _TENS_DIGITS and first != _ZERO):
        return _tens(words, at)
    value, used = _TENS_DIGITS.get(first, 0) * 100, 2
    rest = (*words[at + used : at + used + 2], "", "")[:2]
    if rest[0] in _ODD:  # "một trăm linh năm": 105
        return (value + _AFTER_ODD[rest[1]], used + 2) if rest[1] in _AFTER_ODD else (-1, used + 1)
    if (tens := _tens(words, at + used)) is not None:
        return (value + tens[0], used + tens[1]) if tens[1] > 1 or rest[0] == _TEN else (-1, used + 1)
    if rest[0] in _TENS_DIGITS:  # "ba trăm năm": a digit after the hundreds, without "linh" or "mươi"
        return -1, used + 1
    return value, used


def _spelled(words: Sequence[str]) -> tuple[int, int] | None:
    """(value, words used) of a number written in words at the start of words (tone_key forms), up to
    the thousands: "mười hai" 12, "ba trăm năm mươi" 350, "một nghìn hai trăm" 1200; value -1 for one
    written the short spoken way ("một nghìn hai"), which is a number but not a count to read."""
    below = _hundreds(words, 0)
    if below is None or below[0] < 0 or below[1] >= len(words) or words[below[1]] not in _THOUSAND:
        return below
    value, used = below[0] * 1000, below[1] + 1
    if (rest := _hundreds(words, used)) is None:
        return value, used
    said_hundreds = used + 1 < len(words) and words[used + 1] == _HUNDRED
    return (value + rest[0], used + rest[1]) if said_hundreds and rest[0] >= 0 else (-1, used + rest[1])


# Schools fill in one template, and a mail's documents are read by classification and again for their
# figures: the same sentences come again, each tokenised once.
@lru_cache(maxsize=4096)
def _tokens(sentence: str) -> tuple[_Token, ...]:
    folded = fold_aligned(sentence)
    found = [(m.group(0), *m.span()) for m in _TOKEN.finditer(sentence)]
    ranges = _ranges(folded) if _A_DIGIT.search(folded) else {}  # a range is of numbers in digits
    celled = _BORDER in sentence
    lows = {low_start for low_start, _ in ranges.values()}
    counts: dict[int, int] = {}  # a range's lower end's start -> its token's index, when it may be a count
    tokens: list[_Token] = []
    index = cell = 0
    while index < len(found):
        text, start, end = found[index]
        if celled:
            cell += sentence.count(_BORDER, tokens[-1].end if tokens else 0, start)
        number = None
        used = 1
        opens = low = None
        if text[0] in "0123456789":
            words = [t.folded if t.number is None else "" for t in tokens[-2:]]
            previous = tuple(words[words.index("") + 1 :] if "" in words else words)  # words, no number
            between = sentence[tokens[-1].end : start] if tokens else ""
            if (
                (
                    len(tokens) > 1
                    and (":" in between or _BORDER in between and tokens[-2].cell == tokens[-1].cell)
                )
                or "," in between
                or ";" in between
            ):
                previous = ()  # "… trong năm: 12" is no "năm 12"; "Số: 45", "Năm: 2021" are references
                # "… 35/35 lớp, 1.250 lượt học sinh" is no "lớp 1.250"; "Tuyên truyền trực tuyến | 4" no
                # "tuyến 4", a cell of one word aside ("Lớp | 5")
            if (of_planned := _of_planned(sentence, start, previous)) is not None:
                end, used = of_planned, 2
                text = sentence[start:end]
            number = _value(sentence, start, end, previous)
            if start in lows:
                if not _reference(previous):
                    counts[start] = len(tokens)
                number = None  # the lower end of a range states no count of its own
            elif start in ranges and ranges[start][0] in counts:
                opens = counts[ranges[start][0]]
                if opens and tokens[opens - 1].folded == _RANGE_FROM:
                    opens -= 1
                low, number = ranges[start][1], None
            if number is None:
                number = -1  # a number, but not a count: it still separates one count from the next
            elif number > 0 and used == 1 and _thousands_follow(sentence, found, index):
                # "hơn 1 nghìn lượt": 1000; "1.200 nghìn" is written wrong, no count to read
                number, used = (number * 1000 if number < 1000 else -1), 2
                end = found[index + 1][2]
                text = sentence[start:end]
        elif folded[start:end] in _NONE_WORDS and _none_as_value(sentence, folded, start, end):
            number = 0
        elif (
            (key := _word_key(text)) in _SPELLED_STARTS
            and not _mark_lost(found, index)
            and (spelled := _spelled(_spoken_run(sentence, found, index)))
        ):
            number, used = spelled
            end = found[index + used - 1][2]
            text = sentence[start:end]
        elif key == _FIVE and _units_follow(sentence, found, index):
            number = 5
        signed = number is not None and number >= 0 and _minus_before(sentence, start)
        tokens.append(_Token(text, folded[start:end], start, end, number, opens, low, cell, signed))
        index += used
    return tuple(tokens)


def _minus_before(sentence: str, start: int) -> bool:
    """Whether a minus sign glued to the number at start makes it negative: it opens a table's cell or
    follows a colon ("| -5", "Số buổi: -5"). A dash with a space after it is a list's bullet ("– 5 buổi"),
    one between numbers a range or a school year ("1-2 buổi", "2024-2025")."""
    return (
        start > 0
        and sentence[start - 1] in _MINUS
        and sentence[: start - 1].rstrip().endswith((":", _BORDER))
    )


def _none_as_value(sentence: str, folded: str, start: int, end: int) -> bool:
    """ "Số vụ xâm hại trẻ em: không." or a table's "Số vụ xâm hại | Không": "không" written as a label's
    value, after a colon or a cell's border and ending the sentence or cell, is zero; so is "chưa" with
    what has not happened ("Số vụ xâm hại trẻ em: chưa phát hiện"), though "chưa" alone is "not yet"."""
    word = folded[start:end]
    if word not in _NONE_WORDS or not sentence[:start].rstrip().endswith((":", "|")):
        return False
    rest = re.split(r"[|.;(]", folded[end:], maxsplit=1)[0].split()
    if word == "khong" and tuple(rest) in _NOT_HELD_VALUES:
        label = re.split(r"[|:.;]", folded[:start].rstrip()[:-1])[-1].split()
        return bool(_EVENTS.intersection(label))
    return set(rest) <= _NONE_TAIL and (word == "khong" or rest[:1] in (["co"], ["xay"], ["phat"], ["ghi"]))


def _thousands_follow(sentence: str, found: Sequence[tuple[str, int, int]], index: int) -> bool:
    """Whether the word after the number found[index], only spaces between, is "nghìn" or "ngàn"."""
    if index + 1 >= len(found):
        return False
    text, start, _ = found[index + 1]
    return sentence[found[index][2] : start].isspace() and _word_key(text) in _THOUSAND


def _units_follow(sentence: str, found: Sequence[tuple[str, int, int]], index: int) -> bool:
    """Whether the word after found[index], only spaces between, is a unit "năm" counts (_UNITS_AFTER_FIVE),
    and the word before it makes no year of it ("trong năm", "hằng năm", "cuối năm")."""
    if index + 1 >= len(found) or index and fold(found[index - 1][0]) in _YEAR_BEFORE:
        return False
    text, start, _ = found[index + 1]
    return sentence[found[index][2] : start].isspace() and fold(text) in _UNITS_AFTER_FIVE


def _mark_lost(found: Sequence[tuple[str, int, int]], index: int) -> bool:
    """Whether the number word found[index] is another word that lost its tone mark, by the word before
    or after it (_MARK_LOST_AFTER, _MARK_LOST_BEFORE): «xâm hai trẻ em» was read as two children, summed
    in place of the report's «850 lượt học sinh, phụ huynh»."""
    key = _word_key(found[index][0])
    before = fold(found[index - 1][0]) if index else ""
    after = fold(found[index + 1][0]) if index + 1 < len(found) else ""
    return before in _MARK_LOST_AFTER.get(key, ()) or after in _MARK_LOST_BEFORE.get(key, ())


def _spoken_run(sentence: str, found: Sequence[tuple[str, int, int]], index: int) -> list[str]:
    """Up to _SPOKEN_WORDS words from found[index] on, in tone_key form, that only spaces separate."""
    run = [_word_key(found[index][0])]
    for (text, start, _), (_, _, previous_end) in zip(
        found[index + 1 : index + _SPOKEN_WORDS], found[index:], strict=False
    ):
        if text[0].isdigit() or not sentence[previous_end:start].isspace():
            break
        run.append(_word_key(text))
    return run


def _phrases(spec: FigureSpec) -> tuple[tuple[str, ...], ...]:
    title = re.sub(r"^(?:tong so|so)\s+", "", fold(spec.title))
    phrases = {tuple(re.findall(r"[^\W\d_]+", fold(k))) for k in (*spec.keywords, title)}
    return tuple(sorted((p for p in phrases if p), key=len, reverse=True))


def _match(tokens: Sequence[_Token], start: int, phrase: tuple[str, ...]) -> int | None:
    """End of phrase when it begins at tokens[start], its words at most _KEYWORD_GAP words apart."""
    if start >= len(tokens) or tokens[start].folded != phrase[0] or tokens[start].number is not None:
        return None
    position = start + 1
    for word in phrase[1:]:
        for skip in range(_KEYWORD_GAP + 1):
            candidate = position + skip
            if candidate >= len(tokens) or tokens[candidate].number is not None:
                return None
            if tokens[candidate].folded == word:
                position = candidate + 1
                break
        else:
            return None
    return position


def _named_after(
    sentence: str, tokens: Sequence[_Token], index: int, phrases: dict[str, tuple[tuple[str, ...], ...]]
) -> str | None:
    """The spec whose keyword follows the number ("12 buổi tuyên truyền", "450 em học sinh"), in its table
    cell: the number a row begins with ("3 | Vụ xâm hại trẻ em | vụ | 0") counts the rows, not the cases.
    Not a keyword after a comma: in "Số học sinh tham gia: 1.200 em, phụ huynh 350 người" parents open
    the next count's clause."""
    if index + 1 < len(tokens) and tokens[index + 1].cell != tokens[index].cell:
        return None
    starts = [index + 1]
    if index + 1 < len(tokens) and tokens[index + 1].folded in _CLASSIFIERS:
        starts.append(index + 2)
    for start in starts:
        if start < len(tokens) and _clause_break(sentence, tokens, start, ",;"):
            break
        # The keyword closest to the number wins, then the longest: in "450 lượt học sinh tham gia tuyên
        # truyền" the pupils' "lượt" stands right after 450, "lượt ... tuyên truyền" three words apart.
        best: tuple[int, int, str] | None = None  # (words skipped, -words of the keyword, spec id)
        for spec_id, spec_phrases in phrases.items():
            for phrase in spec_phrases:
                if (end := _match(tokens, start, phrase)) is None:
                    continue
                found = (end - start - len(phrase), -len(phrase), spec_id)
                if best is None or found[:2] < best[:2]:
                    best = found
        if best:
            return best[2]
    return None


def _named_before(
    tokens: Sequence[_Token], index: int, phrases: dict[str, tuple[tuple[str, ...], ...]]
) -> str | None:
    """The spec whose keyword labels the number ("Số buổi tuyên truyền: 12"); not a keyword that is the
    unit of the count before it: in "12 buổi tuyên truyền trên 500 lượt học sinh" it names the 12."""
    for gap in range(_MAX_LABEL_GAP + 1):
        end = index - gap
        between = tokens[end:index]
        if any(t.number is not None or t.folded not in _CONNECTORS for t in between):
            return None
        for spec_id, spec_phrases in phrases.items():
            for phrase in spec_phrases:
                start = end - len(phrase)
                if start >= 0 and _match(tokens, start, phrase) == end and not _counted_before(tokens, start):
                    return spec_id
    return None


def _counted_before(tokens: Sequence[_Token], start: int) -> bool:
    """Whether a count, a classifier aside, stands right before tokens[start]: "12 (lượt) học sinh"."""
    before = start - 1
    if before > 0 and tokens[before].folded in _CLASSIFIERS:
        before -= 1
    number = tokens[before].number if before >= 0 else None
    return number is not None and number >= 0


def _named_around(
    tokens: Sequence[_Token],
    index: int,
    phrases: dict[str, tuple[tuple[str, ...], ...]],
    first: int | None = None,
) -> str | None:
    """The spec whose keyword's unit follows the number and its topic labels it: "tuyên truyền được
    12 buổi", a table's "Tuyên truyền | 12 buổi" for "buổi tuyên truyền"; the topic before first, where
    a range ending at the number begins ("tuyên truyền được từ 10 đến 12 buổi")."""
    if (
        index + 1 >= len(tokens)
        or tokens[index + 1].number is not None
        or _another_activity(tokens, index + 1)
    ):
        return None
    return _topic_before(tokens, (tokens[index + 1].folded,), index if first is None else first, phrases)


def _another_activity(tokens: Sequence[_Token], unit: int) -> bool:
    """Whether the words right after the unit at unit name another activity than a report counts
    (_OTHER_ACTIVITIES): in "12 buổi tuyên truyền, 2 buổi tập huấn cho giáo viên" the 2 are of training."""
    words = []
    for token in tokens[unit + 1 : unit + 4]:
        if token.number is not None or token.cell != tokens[unit].cell:
            break
        words.append(token.folded)
    if not words or tokens[unit + 1].start - tokens[unit].end != 1:
        return False
    return any(tuple(words[: len(activity)]) == activity for activity in _OTHER_ACTIVITIES)


def _named_over_a_unit(
    sentence: str, tokens: Sequence[_Token], index: int, phrases: dict[str, tuple[tuple[str, ...], ...]]
) -> str | None:
    """The spec of a table row whose unit stands in a cell of its own between the label and the count, as
    a report's "Đơn vị tính" column puts it: "Số buổi tuyên truyền | buổi | 12", "Tuyên truyền | buổi | 12".
    As in a sentence (_headed), the keyword heading the label names the count when the unit is its own
    ("Số buổi tuyên truyền cho học sinh | buổi | 12"); a unit of another figure than the label's last words
    ("Tuyên truyền cho học sinh | buổi | 12") leaves it to a person."""
    if (unit := _unit_cell(tokens, index)) is None:
        return None
    words = tuple(t.folded for t in tokens[unit:index])
    head = _label_head(sentence, tokens, unit, phrases)
    if head is not None and head[1][: len(words)] == words:
        return None if _counts_otherwise(tokens, unit, head) else head[0]
    named = _named_before(tokens, unit, phrases)
    if named is not None and not any(words[0] in phrase for phrase in phrases[named]):
        return None  # the unit is none of the label's figure's words
    return named or _topic_before(tokens, words, unit, phrases)


def _unit_cell(tokens: Sequence[_Token], index: int) -> int | None:
    """Where the unit's cell begins when a cell of at most _UNIT_WORDS words stands between the number at
    index and a cell before it: "Số buổi tuyên truyền | buổi | 12"; None for another number."""
    cell = tokens[index].cell
    unit = index
    while unit > 0 and tokens[unit - 1].cell == cell - 1 and tokens[unit - 1].number is None:
        unit -= 1
    if not 1 <= index - unit <= _UNIT_WORDS or unit == 0 or tokens[unit - 1].cell != cell - 2:
        return None
    return unit


def _a_unit_of_two_figures(
    sentence: str, tokens: Sequence[_Token], index: int, phrases: dict[str, tuple[tuple[str, ...], ...]]
) -> bool:
    """Whether the number's unit, one word alone (after it, or in a unit cell before it), is one figure's
    whole keyword and, with the topic right before the number, another's: "lượt" alone counts people
    reached, "lượt tuyên truyền" sessions, and "Tuyên truyền: 12 lượt", "Tổ chức tuyên truyền được 12
    lượt", "Số lượt tuyên truyền | lượt | 12" say either. Which one, only the school can say."""
    token = tokens[index]
    if (unit := _unit_cell(tokens, index)) is not None:
        at = before = unit
        if index - unit != 1:
            return False
    elif index + 1 < len(tokens) and tokens[index + 1].number is None:
        at, before = index + 1, index
        if tokens[at].cell not in (token.cell, token.cell + 1):
            return False
        following = tokens[at + 1] if at + 1 < len(tokens) else None
        if following is not None and following.cell == tokens[at].cell:
            if not sentence[tokens[at].end : following.start].strip():
                return False  # "lượt học sinh", "lượt tham gia": the words after it say what it counts
    else:
        return False
    word = tokens[at].folded
    alone = [spec_id for spec_id, spec_phrases in phrases.items() if (word,) in spec_phrases]
    with_topic = _topic_before(tokens, (word,), before, phrases) if len(alone) == 1 else None
    if with_topic is None or with_topic == alone[0]:
        return False
    # Unless the words before it name whom it counts: "Số lượt học sinh được tuyên truyền | lượt | 1.250".
    start = before
    while start > 0 and not _a_count(tokens[start - 1]):
        start -= 1
    whom = [p for p in phrases[alone[0]] if p != (word,)]
    return not any(_match(tokens, k, p) is not None for k in range(start, before) for p in whom)


def _named_by_a_topic_label(
    sentence: str, tokens: Sequence[_Token], index: int, phrases: dict[str, tuple[tuple[str, ...], ...]]
) -> str | None:
    """The spec whose keyword is the unit after the number then the topic the label opens with, the rest of
    the label saying only how, for whom or when: "Tuyên truyền lồng ghép: 12 buổi" for "buổi tuyên
    truyền". No word of the label may say it counts what did not happen ("Tuyên truyền chưa thực hiện")."""
    if index + 1 >= len(tokens) or tokens[index + 1].cell != tokens[index].cell:
        return None
    unit = tokens[index + 1].folded
    # For whom: "cho" and the words of the figures' keywords ("cho học sinh, phụ huynh").
    allowed = _QUALIFIERS | _TOPIC_WORDS | _MANNER | {"cho"}
    allowed |= {word for spec_phrases in phrases.values() for phrase in spec_phrases for word in phrase}
    for start in _label_starts(sentence, tokens, index):
        for spec_id, spec_phrases in phrases.items():
            for phrase in spec_phrases:
                if len(phrase) < 2 or phrase[0] != unit or (end := _match(tokens, start, phrase[1:])) is None:
                    continue
                if end <= index and all(t.folded in allowed or _no_count(t) for t in tokens[end:index]):
                    return spec_id
    return None


def _pupils_by_em(
    sentence: str, tokens: Sequence[_Token], index: int, phrases: dict[str, tuple[tuple[str, ...], ...]]
) -> str | None:
    """The spec of pupils (keyword "học sinh") when «em» follows the number in its cell and its clause is
    about taking part or being reached (_REACHING), nothing said of something happening to them: "Có 450
    em tham gia", "Tuyên truyền cho 450 em"; not "Trường có 450 em", "phát hiện 3 em bị bạo hành"."""
    if index + 1 >= len(tokens) or tokens[index + 1].cell != tokens[index].cell:
        return None
    if tokens[index + 1].folded != _PUPIL:
        return None
    before, after = _clause(sentence, tokens[index])
    if not before and (outer := _bracket_clause(sentence, tokens[index])) is not None:
        # "100% học sinh toàn trường (1.300 em) được tuyên truyền": the clause the brackets stand in says
        # whether they were reached.
        if _OTHER_PEOPLE.search(outer) or _CHECKING.search(outer):
            return None
        before = outer
    if not _REACHING.search(f"{before} {after}") or _OTHER_PEOPLE.search(after):
        return None
    pupils = [spec_id for spec_id, spec_phrases in phrases.items() if _PUPILS in spec_phrases]
    return pupils[0] if len(pupils) == 1 else None


def _bracket_clause(sentence: str, token: _Token) -> str | None:
    """The words, folded, of the clause around the brackets token opens, the brackets left out ("học sinh
    toàn trường được tuyên truyền" for «1.300» in "… toàn trường (1.300 em) được tuyên truyền"); None when
    token opens no brackets or they are not closed."""
    opens = sentence.rfind("(", 0, token.start)
    closes = sentence.find(")", token.end)
    if opens < 0 or closes < 0 or sentence[opens + 1 : token.start].strip():
        return None
    outer = f"{sentence[:opens]} {sentence[closes + 1 :]}"
    at = opens
    start = max(outer.rfind(c, 0, at) for c in ",;(") + 1
    ends = [end for c in ",;)" if (end := outer.find(c, at)) >= 0]
    return " ".join(re.findall(r"[^\W_]+", fold(outer[start : min(ends, default=len(outer))])))


def _unit_of_another(
    tokens: Sequence[_Token], index: int, phrases: dict[str, tuple[tuple[str, ...], ...]], named: str
) -> bool:
    """Whether the word after the number, in its cell, opens a keyword of another figure than named and
    is no word of named's keywords: in "Tuyên truyền cho học sinh: 12 buổi" the label's last words name
    pupils, the unit sessions ("buổi tuyên truyền")."""
    if index + 1 >= len(tokens) or tokens[index + 1].cell != tokens[index].cell:
        return False
    word = tokens[index + 1].folded
    if any(word in phrase for phrase in phrases[named]):
        return False
    return any(phrase[0] == word for spec, p in phrases.items() if spec != named for phrase in p)


def _named_by_a_label(
    tokens: Sequence[_Token], index: int, phrases: dict[str, tuple[tuple[str, ...], ...]], head: _Head | None
) -> str | None:
    """The spec whose keyword heads the label of the number (_label_head) when words that only qualify
    it, or other words of its figure's keywords, follow the keyword: "Số buổi tuyên truyền trong năm học:
    12", "Số vụ xâm hại trẻ em xảy ra | 0", "Số lượt học sinh tham gia tuyên truyền: 1.250"; any other word
    after the keyword may change what is counted ("Số trẻ bị xâm hại: 0"), but for a topic (_a_topic)
    when the keyword's unit follows the number: "Số buổi tuyên truyền về phòng, chống xâm hại: 12 buổi"."""
    if head is None:
        return None
    own = {word for phrase in phrases[head[0]] for word in phrase}  # "Số lượt học sinh tham gia: …"
    topic = head[2]
    while topic < index and (
        tokens[topic].folded in _QUALIFIERS
        or tokens[topic].folded in _MANNER
        or tokens[topic].folded in own
        or _no_count(tokens[topic])
    ):
        topic += 1
    if topic == index:
        return head[0]
    return head[0] if _a_topic(tokens[topic:index]) and _unit_after(tokens, index, head[1]) else None


def _label_disagrees(
    tokens: Sequence[_Token],
    index: int,
    phrases: dict[str, tuple[tuple[str, ...], ...]],
    head: _Head | None,
    unit: str,
    named: str | None,
) -> bool:
    """Whether the label of the number names another figure by a keyword that holds the word after the
    number, the word that names unit: "Số lượt tuyên truyền về kỹ năng sống: 5 lượt" counts sessions by its
    label and pupils by "lượt". Which one the school meant is for a person to read."""
    if index + 1 >= len(tokens):
        return False
    word = tokens[index + 1].folded
    return any(
        spec not in (None, unit) and any(word in phrase for phrase in phrases[spec])
        for spec in (named, head[0] if head else None)
    )


def _a_topic(tokens: Sequence[_Token]) -> bool:
    """Whether tokens are only the topic of what a label counts, qualified or not: "về phòng, chống xâm
    hại trẻ em trong năm học"."""
    words = tuple(t.folded for t in tokens)
    return any(words[: len(o)] == o for o in _TOPIC_OPENINGS) and all(
        t.folded in _TOPIC_WORDS or t.folded in _QUALIFIERS or _no_count(t) for t in tokens
    )


def _no_count(token: _Token) -> bool:
    """Whether token is a number that is no count: a reference, a year ("Nghị quyết 121", "2024-2025")."""
    return token.number is not None and token.number < 0


def _unit_after(tokens: Sequence[_Token], index: int, keyword: tuple[str, ...]) -> bool:
    """Whether the number at index is followed, in its cell, by the unit keyword begins with: "12 buổi"."""
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    return after is not None and after.cell == tokens[index].cell and after.folded == keyword[0]


def _headed(tokens: Sequence[_Token], index: int, head: _Head | None, named: str | None) -> str | None:
    """named, the spec a label's last words name, unless the label begins with another spec's keyword:
    "Số buổi tuyên truyền cho học sinh: 12 buổi" counts sessions, not pupils. The keyword heading the label
    names the number when its unit follows ("12 buổi"); otherwise nothing does, for a person to read."""
    if named is None or head is None or head[0] == named:
        return named
    return head[0] if _unit_after(tokens, index, head[1]) else None


def _label_starts(sentence: str, tokens: Sequence[_Token], index: int) -> list[int]:
    """Where the label of the number at index may begin its words: the label of its sentence or cell,
    ended by a colon or a cell's border, after what opens it ("Số", "Tổng số", a list's "a)"); none when
    the number has no such label."""
    if index == 0:
        return []
    cell = tokens[index - 1].cell
    colon = sentence[tokens[index - 1].end : tokens[index].start].strip() == ":"
    if cell == tokens[index].cell and not colon and not _bare_label(tokens, index):
        return []
    if cell < tokens[index].cell - 1:
        return []
    first = index - 1
    while first > 0 and tokens[first - 1].cell == cell and not _a_count(tokens[first - 1]):
        first -= 1
    starts = []
    for start in range(first, min(first + _LABEL_OPENING, index - 1) + 1):
        if not all(
            t.number is not None or t.folded in _LABEL_OPENERS or len(t.folded) == 1
            for t in tokens[first:start]
        ):
            break
        starts.append(start)
    return starts


def _a_count(token: _Token) -> bool:
    """Whether token is a count: a label ends before it ("Số buổi tuyên truyền: 12, số lượt học sinh:
    1.250" labels 1.250 by "số lượt học sinh")."""
    return token.number is not None and token.number >= 0


def _bare_label(tokens: Sequence[_Token], index: int) -> bool:
    """Whether the number at index follows a label without a colon, as a table without borders lays a row
    out: its sentence opens with "Số" or "Tổng số" (after a row number) and holds no number before it
    ("Số buổi tuyên truyền cho học sinh 12"), the number ending it or followed by one word, its unit."""
    first = 1 if tokens[0].number is not None else 0
    words = tokens[first:index]
    return (
        index + 2 >= len(tokens)
        and bool(words)
        and words[0].folded in ("so", "tong")
        and all(t.number is None for t in words)
        and all(t.number is None for t in tokens[index + 1 :])
    )


def _label_head(
    sentence: str, tokens: Sequence[_Token], index: int, phrases: dict[str, tuple[tuple[str, ...], ...]]
) -> _Head | None:
    """(spec id, keyword, the token after it) of the longest keyword that begins the label of the number,
    a colon or a cell's border between them, the label beginning its sentence or cell ("Số", "Tổng số" or
    a list's "a)" aside); None when the number has no such label."""
    best: _Head | None = None
    for start in _label_starts(sentence, tokens, index):
        for spec_id, spec_phrases in phrases.items():
            for phrase in spec_phrases:
                # The keyword's words side by side: "Số lượt học sinh tham gia tuyên truyền" is no "lượt
                # tuyên truyền".
                end = start + len(phrase)
                if end <= index and _match(tokens, start, phrase) == end:
                    if best is None or len(phrase) > len(best[1]):
                        best = (spec_id, phrase, end)
    return best


def _topic_before(
    tokens: Sequence[_Token],
    unit: tuple[str, ...],
    before: int,
    phrases: dict[str, tuple[tuple[str, ...], ...]],
) -> str | None:
    """The spec whose keyword is unit then a topic that ends right before tokens[before] (connectors aside,
    _TOPIC_CONNECTORS): "buổi" and "tuyên truyền" for "buổi tuyên truyền"; a count of each of the topic's
    parts in the unit may come between ("Tổ chức 03 đợt tuyên truyền, mỗi đợt 4 buổi, tổng cộng 12 buổi")."""
    before = _past_each(tokens, unit, before)
    for spec_id, spec_phrases in phrases.items():
        for phrase in spec_phrases:
            if len(phrase) <= len(unit) or phrase[: len(unit)] != unit:
                continue
            topic = phrase[len(unit) :]
            for gap in range(_MAX_LABEL_GAP + 1):
                end = before - gap
                if any(t.number is not None or t.folded not in _TOPIC_CONNECTORS for t in tokens[end:before]):
                    break
                start = end - len(topic)
                if start >= 0 and _match(tokens, start, topic) == end:
                    return None if _said_not_done(tokens, start) else spec_id
    return None


def _past_each(tokens: Sequence[_Token], unit: tuple[str, ...], before: int) -> int:
    """Where a count of each part in unit (_EACH_PART: "mỗi đợt 4 buổi") begins that ends right before
    tokens[before], connectors aside (_TOPIC_CONNECTORS: "tổng cộng"); before when there is none."""
    end = before
    while end > 0 and before - end < _MAX_LABEL_GAP and tokens[end - 1].folded in _TOPIC_CONNECTORS:
        end -= 1
    start = end - _EACH_PART - len(unit) + 1
    if start < 0 or tokens[start].text.lower() != _EACH or tokens[start + 1].number is not None:
        return before
    count = tokens[start + 2]
    if count.number is None or count.number < 0 or _match(tokens, start + 3, unit) != end:
        return before
    return start


def _said_not_done(tokens: Sequence[_Token], start: int) -> bool:
    """Whether the topic at tokens[start] is said not done or done to someone (_OTHERWISE), right before
    it or before "được": "Số buổi chưa tuyên truyền: 6 buổi", "chưa được tuyên truyền", "Không tuyên
    truyền được 3 buổi"."""
    before = [t.folded for t in tokens[max(0, start - 2) : start]]
    if before[-1:] == ["duoc"]:
        before = before[:-1]
    return bool(before) and before[-1] in _OTHERWISE


def _years(text: str) -> set[str]:
    """The years text names, a school year ("2024-2025") as one: {"2024", "2024-2025"}."""
    found = set()
    for m in _YEAR.finditer(text):
        first, second = m.group(1), m.group(2)
        if second is None or int(second) == int(first) + 1:
            found.add(f"{first}-{second}" if second else first)
        else:
            found |= {first, second}
    return found


def _another_years(
    sentence: str, tokens: Sequence[_Token], index: int, school_year: int | None, year: int | None
) -> bool:
    """Whether the label of the number at index names a year and the sentence gives another year a value
    of its own: in "Số buổi tuyên truyền năm 2024: 10, năm 2025: 12" which year is the season reported on,
    a person reads; "… năm 2025: 12 buổi, tăng 2 buổi so với năm 2024" says which, and so does a label
    naming the year reported on (year, or the school year school_year opens)."""
    starts = _label_starts(sentence, tokens, index)
    if not starts:
        return False
    named = _years(sentence[tokens[starts[0]].start : tokens[index].start])
    if {str(year), f"{school_year}-{(school_year or 0) + 1}"} & named:
        return False
    valued = {m.group(0) for m in _VALUED_YEAR.finditer(sentence)}
    return bool(named) and bool(_years(" ".join(valued)) - named)


def _counts_otherwise(tokens: Sequence[_Token], index: int, head: _Head | None) -> bool:
    """Whether the label of the number at index (_label_head) says it counts what did not happen or
    what was done to someone (_OTHERWISE): "Số học sinh không tham gia: 5 học sinh" is no pupils reached."""
    return head is not None and any(t.folded in _OTHERWISE for t in tokens[head[2] : index])


def _one_of_several_counts(tokens: Sequence[_Token], index: int) -> bool:
    """Whether the count at index opens a table cell after its row's label and a later cell holds another
    count: in «Tuyên truyền cho học sinh | 12 | 1.250» the label names neither cell's count, the columns'
    headings do."""
    cell = tokens[index].cell
    if index == 0 or tokens[index - 1].cell == cell:
        return False
    value = tokens[index].number
    return any(t.cell > cell and t.number is not None and t.number >= 0 and t.number != value for t in tokens)


def _negated(
    sentence: str, tokens: Sequence[_Token], phrases: dict[str, tuple[tuple[str, ...], ...]]
) -> list[tuple[int, str]]:
    """(token index, spec id) for "không xảy ra vụ xâm hại", "không có trường hợp ... xâm hại", "không tổ
    chức buổi tuyên truyền nào" (_NOT_HELD); for people only when the words after them tell of reaching
    them (_REACHING: "Không có học sinh tham gia"), nothing happening to them (_OTHER_PEOPLE): "Không có
    học sinh bị xâm hại", "Không có học sinh vi phạm" say nothing of the pupils reached. None for some
    people only (_FOR_SOME) is no zero of the whole: "Không có buổi tuyên truyền nào cho phụ huynh"."""
    found = []
    for index in range(len(tokens)):
        if tokens[index].folded not in _NEGATION_OPENERS:
            continue
        for negation in _NEGATIONS:
            if tokens[index].folded != negation[0]:
                continue
            if tuple(t.folded for t in tokens[index : index + len(negation)]) != negation:
                continue
            after = index + len(negation)
            for start in range(after, after + _AFTER_NEGATION + 1):
                named = next(
                    (
                        (spec_id, end, phrase)
                        for spec_id, spec_phrases in phrases.items()
                        for phrase in (
                            *spec_phrases,
                            *(_activities(spec_phrases) if negation in _NOT_HELD else ()),
                        )
                        if (end := _match(tokens, start, phrase)) is not None
                    ),
                    None,
                )
                if named:
                    spec_id, end, phrase = named
                    if _cases_of_another_topic(sentence, tokens, end, phrase, phrases[spec_id]):
                        break  # "Không có vụ việc bạo lực học đường" says nothing of abuse
                    if negation in _NOT_HELD:
                        end = _none_of_them(sentence, tokens, end)
                        if end is None:
                            break
                    elif end < len(tokens) and tokens[end].folded == _NONE_OF_THEM:
                        end += 1
                    incident = " ".join(
                        t.folded for t in _clause_tokens(sentence, tokens, end, _INCIDENT_WORDS)
                    )
                    if _for_some(sentence, tokens, end) or _another_incident(incident):
                        break  # "Không xảy ra vụ việc mâu thuẫn nào" says nothing of abuse
                    people = _PEOPLE.match(tokens[start].folded) is not None
                    said = " ".join(t.folded for t in tokens[end : end + _PEOPLE_SAID])
                    if not people or (_REACHING.search(said) and not _OTHER_PEOPLE.search(said)):
                        found.append((index, spec_id))
                    break
            break
    return found


def _activities(phrases: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    """The activity a figure's keywords count sessions of, named as one (_ACTIVITY): «hoạt động tuyên
    truyền» for «buổi tuyên truyền»."""
    return tuple((*_ACTIVITY, *p[1:]) for p in phrases if len(p) > 1 and p[0] in _EVENTS)


def _cases_of_another_topic(
    sentence: str,
    tokens: Sequence[_Token],
    end: int,
    phrase: tuple[str, ...],
    spec_phrases: tuple[tuple[str, ...], ...],
) -> bool:
    """Whether a negation's keyword names cases of no topic («vụ việc», «trường hợp»: _CASE_WORDS alone) and
    the words after it in its clause, up to «nào», name another topic than its figure's keywords do (their
    words besides those of cases, "xâm hại"): «Không có vụ việc bạo lực học đường», «không để xảy ra vụ việc
    học sinh vi phạm pháp luật» say nothing of abuse; «Không xảy ra vụ việc nào», «… vụ việc đáng tiếc
    nào», «… vụ việc xâm hại trẻ em» do."""
    if not set(phrase) <= _CASE_WORDS:
        return False
    words = []
    for at in range(end, min(len(tokens), end + _INCIDENT_WORDS)):
        if _clause_break(sentence, tokens, at) or tokens[at].folded == _NONE_OF_THEM:
            break
        words.append(tokens[at].folded)
    said = f" {' '.join(words)} "
    topics = {" ".join(w for w in p if w not in _CASE_WORDS) for p in spec_phrases} - {""}
    return any(w not in _ANY_CASE for w in words) and not any(f" {topic} " in said for topic in topics)


def _another_unit(
    sentence: str, tokens: Sequence[_Token], index: int, phrases: tuple[tuple[str, ...], ...]
) -> bool:
    """Whether the word right after the number at index, in its clause and cell, is a unit of something
    else than its figure counts (_OTHER_UNITS) and no word of its keywords: in "Tổ chức tuyên truyền cho
    học sinh 12 lớp" the 12 counts classes, not the pupils named before it."""
    after = index + 1
    if after >= len(tokens) or tokens[after].cell != tokens[index].cell:
        return False
    word = tokens[after].folded
    return (
        word in _OTHER_UNITS
        and not _clause_break(sentence, tokens, after)
        and not any(word in phrase for phrase in phrases)
    )


def _none_of_them(sentence: str, tokens: Sequence[_Token], end: int) -> int | None:
    """The index after the "nào" right after what a negation of holding names (_NOT_HELD), and after the
    people it names when they are all (_FOR_ALL), when nothing but when follows it in its clause
    (_WHEN_WORDS) and no count of events in the rest of the sentence; None otherwise: "không tổ chức buổi
    tuyên truyền trực tiếp nào" holds none of one kind only, and in "Không tổ chức buổi tuyên truyền nào, 3
    buổi lồng ghép" which is the count a person reads."""
    if end >= len(tokens) or tokens[end].folded != _NONE_OF_THEM or _clause_break(sentence, tokens, end):
        return None
    end += 1
    said = tuple(t.folded for t in tokens[end : end + max(map(len, _FOR_ALL))])
    end += next((len(everyone) for everyone in _FOR_ALL if said[: len(everyone)] == everyone), 0)
    rest = end
    while rest < len(tokens) and not _clause_break(sentence, tokens, rest):
        if tokens[rest].number is not None or tokens[rest].folded not in _WHEN_WORDS:
            return None
        rest += 1
    if any(
        t.number is not None and t.number > 0 and following.folded in _EVENTS
        for t, following in zip(tokens[rest:], tokens[rest + 1 :], strict=False)
    ):
        return None
    return end


def _clause_break(sentence: str, tokens: Sequence[_Token], at: int, marks: str = ",;.:()|") -> bool:
    """Whether a clause ends between tokens[at - 1] and tokens[at]: a comma, a stop, a bracket or a
    cell's border, or whichever of them marks holds."""
    return at > 0 and any(c in sentence[tokens[at - 1].end : tokens[at].start] for c in marks)


def _for_some(sentence: str, tokens: Sequence[_Token], end: int) -> bool:
    """Whether the words at end, in the clause, say for whom (_FOR_SOME): "… nào cho phụ huynh"."""
    return any(
        tuple(t.folded for t in tokens[end : end + len(words)]) == words
        and not any(_clause_break(sentence, tokens, at) for at in range(end, end + len(words)))
        for words in _FOR_SOME
    )


# Characters of the longest sentence read whole (_sentences); a report's longest sentences run to a few hundred.
_LONGEST_SENTENCE = 2000


def _sentences(text: str) -> list[tuple[str, str]]:
    """(what is read, what is shown) for each sentence of text: a line break inside a sentence (a line
    ending without a stop, the next starting in lower case) is read as a space but shown as written; a row
    of a table without borders whose label wrapped is read as one row (_wrapped_row). A "sentence" longer
    than _LONGEST_SENTENCE is read in pieces cut between words: each of its numbers is read with its clause,
    and a text without stops (a table flattened into one line, a scan whose stops were lost) would be read
    again whole for each."""
    found: list[tuple[str, str]] = []
    for raw, shown in _whole_sentences(text):
        if len(raw) <= _LONGEST_SENTENCE or len(raw) != len(shown):  # read and shown differ only in breaks
            found.append((raw, shown))
            continue
        start = 0
        while start < len(raw):
            end = start + _LONGEST_SENTENCE
            if end < len(raw):
                cut = max(raw.rfind(" ", start, end), raw.rfind("\n", start, end))
                end = cut + 1 if cut > start else end
            found.append((raw[start:end], shown[start:end]))
            start = end
    return found


def _whole_sentences(text: str) -> list[tuple[str, str]]:
    """_sentences before a long one is cut."""
    if _JOIN in text or _SPLIT in text:
        return _lines_sentences(text)
    lines = text.split("\n")
    found: list[tuple[str, str]] = []
    done = 0  # the lines before it are read
    for at, line in enumerate(lines):
        if at < done or not line.rstrip()[-1:].isdigit() or (wrapped := _wrapped_row(lines, at)) is None:
            continue
        first, last, row = wrapped
        if first < done:
            continue
        found += _lines_sentences("\n".join(lines[done:first])) if first > done else []
        found.append((row, "\n".join(lines[first:last])))
        done = last
    if not found:
        return _lines_sentences(text)
    return found + (_lines_sentences("\n".join(lines[done:])) if done < len(lines) else [])


def _wrapped_row(lines: Sequence[str], at: int) -> tuple[int, int, str] | None:
    """(first line, line after the last, the row on one line) when lines[at] ends with the counts of a row
    of a table without borders whose label a narrow column wrapped onto the lines of words around it, as
    pdfplumber lays them out: «1 Số buổi tuyên truyền về phòng, chống xâm buổi 12» / «hại trẻ em», or the
    label's first line above the row number and the counts («1 buổi 12», «1 hại trẻ em buổi 12»). The
    label's first line opens with a capital, the others in lower case. None for any other line."""
    words = lines[at].split()
    counts = 0
    while counts < len(words) and _COUNT.match(words[-1 - counts]):
        counts += 1
    end = len(words) - counts
    unit = next(
        (size for size in (2, 1) if tuple(fold(w) for w in words[end - size : end]) in _UNIT_CELLS), 0
    )
    number = 1 if len(words) > counts + unit and _ROW_NUMBER.match(words[0]) else 0
    own = words[number : end - unit]  # the label's words on the line of the counts
    before = []
    if not own or own[0][:1].islower():
        for back in range(at - 1, max(-1, at - 1 - _WRAPPED_LINES), -1):
            if not _WORDS_LINE.fullmatch(lines[back].strip()):
                break
            if lines[back].strip()[:1].isupper():
                before = [line.strip() for line in lines[back:at]]
                break
    after = []
    for line in lines[at + 1 : at + 1 + _WRAPPED_LINES]:
        if not _WORDS_LINE.fullmatch(line.strip()) or not line.strip()[:1].islower():
            break
        after.append(line.strip())
    if not before and not after or not own and not before:
        return None
    row = " ".join([*words[:number], *before, *own, *after, *words[end - unit :]])
    if _as_cells(row) == row:
        return None
    return at - len(before), at + 1 + len(after), row


def _lines_sentences(text: str) -> list[tuple[str, str]]:
    """(what is read, what is shown) for each sentence of text (_sentences), rows of a table read as
    they are."""
    if _JOIN in text or _SPLIT in text:
        return [(part, part) for part in _split_sentences(text)]
    lines = text.split("\n")
    joined = []
    for at in range(len(lines) - 1):
        # Only the end of the text before a break and the line after it are looked at: slicing the whole
        # text before and after each break made long reports quadratic.
        before, after = _tail(lines, at), lines[at + 1].lstrip(" \t")
        if _GROUP_CUT.search(before) and _GROUP_CUT_REST.match(after):
            joined.append(_SPLIT)
        elif before[-1:].isalnum() and after[:1].islower() and not _counts_alone(lines[at]):
            joined.append(_JOIN)
        elif before.endswith(":") and after[:1].isdigit() and _a_value_line(after) and not _next_item(after):
            joined.append(_JOIN)  # a label, its value on the next line
        elif _label_over_value(lines, at):
            joined.append(_JOIN)
        else:
            joined.append("\n")
    joined.append("")
    return [
        (part.replace(_JOIN, " "), part.replace(_JOIN, "\n").replace(_SPLIT, "\n"))
        for part in _split_sentences("".join(x for pair in zip(lines, joined, strict=True) for x in pair))
    ]


def _counts_alone(line: str) -> bool:
    """Whether a line is two or more counts and nothing else («1 1 95»): a row of a table without borders
    whose label a narrow column wrapped onto the lines around it, never a sentence going on on the next
    line («trẻ em», the label's end), whose words name none of its counts."""
    words = line.split()
    return len(words) > 1 and all(_COUNT.match(w) for w in words) and not _COUNT.match(line.strip())


def _next_item(line: str) -> bool:
    """Whether a line opens with a list's number and the capital of the item it numbers (_NEXT_ITEM)."""
    item = _NEXT_ITEM.match(line)
    return item is not None and item.group(1).isupper()


def _label_over_value(lines: Sequence[str], at: int) -> bool:
    """Whether lines[at] is a label without a colon (_A_LABEL_LINE) and the next line its value alone
    (_A_VALUE_ALONE), as a PDF or a flattened Word table gives them: «Số buổi tuyên truyền» over «12
    buổi». Not when the line above is a label too or the line below the value a value too: labels of a
    column over the values of another, which value is whose unknown; nor for a year alone («2025»)."""

    def label(n: int) -> bool:
        return 0 <= n < len(lines) and _A_LABEL_LINE.match(fold(lines[n].strip())) is not None

    def value(n: int) -> bool:
        return 0 <= n < len(lines) and _A_VALUE_ALONE.match(lines[n].strip()) is not None

    year = _YEAR.fullmatch(lines[at + 1].strip()) if at + 1 < len(lines) else None
    return label(at) and value(at + 1) and not label(at - 1) and not value(at + 2) and year is None


def _split_sentences(text: str) -> list[str]:
    """text split where _SENTENCE_END ends a sentence, but for a ";" inside brackets: in "12 buổi (trực
    tiếp: 8 buổi; trực tuyến: 4 buổi)" the bracketed counts are the 12's parts, one sentence with it."""
    parts: list[str] = []
    start = 0
    for found in _SENTENCE_END.finditer(text):
        before = text[start : found.start()]
        if before.endswith(";") and before.count("(") > before.count(")"):
            continue
        parts.append(before)
        start = found.end()
    return [*parts, text[start:]]


def _tail(lines: Sequence[str], at: int) -> str:
    """The end of the text up to the break after lines[at], spaces and tabs at its end left out, as far
    as _GROUP_CUT looks: up to three digits, the two characters before them, a line break after them."""
    start = at
    while True:
        tail = "\n".join(lines[start : at + 1]).rstrip(" \t")
        if len(tail) >= _TAIL or start == 0:
            return tail[-_TAIL:]
        start -= 1


def _grade_sums(text: str, printed: str | None = None) -> list[tuple[str, str, tuple[int, ...]]]:
    """("label: sum", the rows, the rows' values) for each column of a table of a row per grade and no
    total row («Khối | Số buổi tuyên truyền» over «Khối 1 | 3», «Khối 2 | 3»), when its rows are clearly
    the school's whole: every row a different grade, every cell a count, no row of a grade anywhere else
    in the text (a table going on over a page). A column counting the people the school has («Số học
    sinh»), not those reached, is none. The rows are shown as printed (_column_figures)."""
    lines = text.split("\n")
    grade_lines = [n for n, line in enumerate(lines) if _grade_cells(line.split(_CELL)) is not None]
    found = []
    for at, labels in enumerate(lines):
        heads = labels.split(_CELL)
        first = _grade_cells(heads, heading=True)
        if first is None:
            continue
        rows = []
        for line in lines[at + 1 :]:
            if len(cells := line.split(_CELL)) != len(heads) or _grade_cells(cells) != first:
                break
            rows.append(cells)
        grades = [fold(cells[first - 1].strip()) for cells in rows]
        if len(rows) < 2 or len(set(grades)) < len(grades) or len(grade_lines) != len(rows):
            continue
        shown = "\n".join((printed or text).split("\n")[at : at + 1 + len(rows)])
        for k in range(first, len(heads)):
            if not _reached_per_grade(fold(heads[k].strip())) or _whom_unsaid(heads[k], grades):
                continue
            parts = tuple(_value_of(cells[k]) for cells in rows)
            found.append((f"{heads[k].strip()}: {sum(parts)}", shown, parts))
    return found


def _grade_list_sums(
    text: str, sentences: Sequence[tuple[str, str]]
) -> list[tuple[str, str, tuple[int, ...], tuple[int, ...]]]:
    """("label: sum unit", the sentence, its values, ()) for each sentence giving a count per grade and no
    total (_GRADE_LIST: "Số buổi tuyên truyền: Khối 1: 3 buổi; Khối 2: 3 buổi"), on the conditions of a
    table of grades (_grade_sums): every item a different grade with a count in the same unit, no grade
    given a value anywhere else in the text (the list goes on), a label counting neither what was planned
    nor what did not happen ("chưa", "không"), nor the people the school has. A total stated after the
    list in the same unit ("; Tổng: 6 buổi") is the figure, not the sum: ("label: total unit", the
    sentence, (), its values), the grades' counts its others for a person to check; a total they do not
    add up to is the figure too, the grades' counts its parts, for a person to check. sentences are
    _sentences(text), which find_figures reads as well."""
    found: list[tuple[str, str, tuple[int, ...], tuple[int, ...]]] = []
    valued = len(_GRADE_VALUED.findall(fold(text)))
    for raw, shown in sentences:
        sentence = raw.strip()
        folded = fold_aligned(sentence)  # positions in it are positions in sentence
        if not _GRADE_LIST_OPENING.match(folded) or (listed := _GRADE_LIST.match(folded)) is None:
            continue
        listing = [item.strip() for item in _GRADE_ITEM_END.split(listed.group(2))]
        total = _GRADE_TOTAL.match(listing[-1])
        items = [_GRADE_ITEM.match(item) for item in (listing[:-1] if total else listing)]
        matched = [m for m in items if m is not None]
        grades = {" ".join(m.group(1).split()) for m in matched}
        units = {" ".join(m.group(m.re.groups).split()) for m in (*matched, *([total] if total else []))}
        if len(matched) < 2 or len(matched) < len(items) or len(grades) < len(matched) or len(units) != 1:
            continue
        head = listed.group(1)
        if valued != len(matched) or _OTHERWISE & set(head.split()) or not _reached_per_grade(head):
            continue  # the list goes on; not done; planned or the pupils each grade has
        parts = tuple(int(m.group(2)) for m in matched)
        last = total or matched[-1]
        unit = sentence[listed.end(2) - len(last.group(last.re.groups)) : listed.end(2)]  # as written
        if total and int(total.group(1)) != sum(parts):  # stated, yet not the grades' sum: checked
            found.append((f"{sentence[: len(head)]}: {total.group(1)}{unit}", shown, parts, ()))
        elif total:
            found.append((f"{sentence[: len(head)]}: {total.group(1)}{unit}", shown, (), parts))
        else:
            found.append((f"{sentence[: len(head)]}: {sum(parts)}{unit}", shown, parts, ()))
    return found


def _reached_per_grade(label: str) -> bool:
    """Whether a folded label of counts per grade counts what was done and whom it reached: not what was
    planned, nor the pupils each grade has ("Số học sinh"; "Số lượt học sinh tham gia" is reached)."""
    return not _PLANNED.search(label) and not (
        _PEOPLE.search(label) and not re.search(r"\bluot\b", label) and not _TAKING_PART.search(label)
    )


def _grade_cells(cells: Sequence[str], *, heading: bool = False) -> int | None:
    """Where the counts of a table's row of a grade begin (_GRADE_ROW: "Khối 1 | 3 | 120" -> 1, after a
    column of row numbers "1 | Khối 1 | 3" -> 2), every cell after its label a count; with heading, of
    the row of headings over them ("Khối | Số buổi"). None for another row."""
    numbered = (
        _ROW_NUMBER_HEADING.match(fold(cells[0].strip())) if heading else _ROW_NUMBER.match(cells[0].strip())
    )
    label = 1 if len(cells) > 2 and numbered else 0
    if len(cells) < label + 2 or not (_GRADE_HEADING if heading else _GRADE_ROW).match(
        fold(cells[label].strip())
    ):
        return None
    return (
        label + 1
        if heading or all(re.fullmatch(r"[0-9]{1,5}", c.strip()) for c in cells[label + 1 :])
        else None
    )


def _a_value_line(line: str) -> bool:
    """Whether a line after a label's colon may be its value: no row of a table, with borders or without."""
    return _CELL.strip() not in line and _as_cells(line) == line


def _column_figures(
    text: str,
    phrases: dict[str, tuple[tuple[str, ...], ...]],
    school_year: int | None = None,
    printed: str | None = None,
    year: int | None = None,
) -> list[tuple[str, str, tuple[int, ...]]]:
    """("label: value", the rows, ()) for each column of a table whose row of labels is followed by a row of
    numbers ("Số buổi tuyên truyền | Số lượt học sinh" over "12 | 1.250"), one line per row; or by rows
    each named in its first cell, one per grade or class, down to a total row ("Tổng cộng | 10 | 600"),
    whose numbers are the school's; or by one row naming what was done (_row_topic); or by the row of the
    school itself (_unit_row). Several rows without a total give nothing: a person adds them up. A total
    row whose rows do not add up to it gives its value with the rows' counts as the
    third item, for a person to check (_rows_off_total_row). A row of headings a cell short of the rows
    under it heads their columns after the first: Word reads a heading merged down over two rows of
    headings once («Nội dung | Kết quả» over «Số buổi | Số lượt học sinh» over «Tuyên truyền | 12 | 1.250»).
    Columns of several years give nothing but the column of school_year, the school year reported on
    (2025 for «Năm học 2025-2026»), or of year, the calendar year reported on («Năm 2024»), when one
    heading names it. The rows are shown as printed, text's lines
    being printed's with their cells told apart (_celled)."""
    lines = text.split("\n")
    shown_lines = (printed or text).split("\n")
    found: list[tuple[str, str, tuple[int, ...]]] = []
    for at, labels in enumerate(lines):
        heads = [_without_unit(h) for h in labels.split(_CELL)]
        if len(heads) < 2:
            continue  # heads no column; looking for its rows took every line after it (quadratic)
        numbered = _rows_under(lines, at, len(heads))
        top = [at]  # the lines of the headings
        if (spanned := _spanned_headings(lines, at, heads)) is not None:
            heads, numbered = spanned
            top.append(at + 1)
        elif not numbered or (_counts_headings(heads) and any(_row_label(cells) for _, cells in numbered)):
            # Headings of counts alone head no column of labels: rows with a label under them are a cell
            # short of a table whose first heading was merged down (or left out), not rows of its own.
            wider = _rows_under(lines, at, len(heads) + 1)
            numbered, heads = (wider, ["", *heads]) if wider else ([], heads)
        measure = [k for k, h in enumerate(heads) if _MEASURE_HEADING.match(fold(h.strip()))]
        units: dict[int, str] = {}  # line -> the unit of its row's count, when a column of units is left out
        if (
            len(heads) > 2
            and len(measure) == 1
            and all(len(lines[n].split(_CELL)) < len(heads) for n, _ in numbered)
        ):
            # The unit's cell merged into the count's, or left empty: the rows are a cell short.
            if narrower := _rows_under(lines, at, len(heads) - 1):
                numbered, heads = narrower, [h for k, h in enumerate(heads) if k != measure[0]]
        elif (
            numbered
            and len(heads) > 2
            and len(measure) == 1
            and _plan_columns(heads, [cells for _, cells in numbered])
            and all(tuple(fold(cells[measure[0]]).split()) in _UNIT_CELLS for _, cells in numbered)
        ):
            # Beside what was planned, a column of units names no count: «Số buổi tuyên truyền | buổi | 10 |
            # 12» under «Nội dung | Đơn vị tính | Kế hoạch | Thực hiện» is read as its row without it.
            units = {n: f" {cells[measure[0]].strip()}" for n, cells in numbered}
            heads = [h for k, h in enumerate(heads) if k != measure[0]]
            numbered = [(n, [c for k, c in enumerate(cells) if k != measure[0]]) for n, cells in numbered]
        if numbered and (total := _short_total(lines, numbered, len(heads))) is not None:
            numbered = [*numbered, total]
        rows = [cells for _, cells in numbered]
        grades: list[tuple[int, ...]]
        if not rows or any(_COUNT.match(h.strip()) for h in heads):
            continue  # a row of counts heads no column
        totals = [(n, k) for n, cells in enumerate(rows) if (k := _total_counts(cells)) is not None]
        if len({frozenset(_years(h)) for h in heads} - {frozenset()}) > 1:
            # "Năm 2024 | Năm 2025": which column is the season reported on, a person reads, unless the
            # season's school year heads one: "Năm học 2024-2025 | Năm học 2025-2026"
            season = [
                k
                for k, h in enumerate(heads)
                if (school_year and _years(h) == {f"{school_year}-{school_year + 1}"})
                or (year and _years(h) == {str(year)})
            ]
            found += [
                (f"{label}: {cells[season[0]].strip()}", "\n".join(shown_lines[k] for k in (*top, n)), ())
                for n, cells in numbered
                if len(season) == 1 and (label := _row_label(cells))
            ]
            continue
        if (whole := _whole_column(heads)) is not None:
            found += [
                (f"{label}: {value}", "\n".join(shown_lines[k] for k in (*top, n)), parts)
                for n, cells in numbered
                if (read := _whole_of_row(cells, *whole)) is not None
                for label, value, parts in [read]
            ]
            continue
        if (campuses := _campus_columns(heads)) is not None:
            # The school's count is its campuses' sum, which the report does not state: a person checks it
            # (its parts), as one campus's count alone would be counted short.
            found += [
                (f"{label}: {sum(counts)}", "\n".join(shown_lines[k] for k in (*top, n)), counts)
                for n, cells in numbered
                if (by_campus := _campuses_of_row(cells, campuses)) is not None
                for label, counts in [by_campus]
            ]
            continue
        if done := _done_column(heads, rows):
            if (done_total := _done_total(heads, rows, done, phrases)) is not None:
                label, parts = done_total
                printed_rows = "\n".join(shown_lines[k] for k in (*top, *_with_labels(lines, numbered)))
                found.append(
                    (
                        f"{label}: {rows[-1][done].strip()}{units.get(numbered[-1][0], '')}",
                        printed_rows,
                        parts,
                    )
                )
                continue
            found += [
                (
                    f"{label}: {cells[done].strip()}{units.get(n, '')}",
                    "\n".join(shown_lines[k] for k in (*top, n)),
                    (),
                )
                for n, cells in numbered
                if (label := _row_label(cells))
            ]
            continue
        if _UNIT_HEADING.match(fold(heads[0].strip())) or (
            len(heads) > 2
            and _ROW_NUMBER_HEADING.match(fold(heads[0].strip()))
            and _UNIT_HEADING.match(fold(heads[1].strip()))
        ):
            if (own := _unit_row(rows)) is None:
                continue  # rows of several schools: none of them, nor their total, is this report's own
            row, k = own
            named, values = [_unit_label(h, phrases) for h in heads[k:]], rows[row][k:]
            shown, grades = [*top, numbered[row][0]], [()] * len(values)
        elif all(_a_value(c) for c in rows[0]) and any(_COUNT.match(c.strip()) for c in rows[0]):
            named, values, shown = heads, rows[0], [*top, numbered[0][0]]
            grades = [()] * len(values)
        elif totals:
            row, k = totals[0]
            named, values = heads[k:], rows[row][k:]
            if _ways_of_one_topic(rows[:row]):
                named = [_unit_label(h, phrases) for h in named]
            shown = [*top, *_with_labels(lines, numbered[: row + 1])]
            grades = _rows_off_total_row(rows[: row + 1], k)
            if row and all(_grade_cells(cells) is not None for cells in rows[:row]):
                # Over rows of grades, «Số học sinh» counts the pupils each grade has, not those reached.
                named = [h if _reached_per_grade(fold(h)) else "" for h in named]
        elif len(rows) == 1 and (topic := _row_topic(rows[0])) is not None:
            k, label = topic
            # A row naming only the report's topic, however fully («Tuyên truyền phòng, chống xâm hại trẻ em»),
            # leaves each column's heading to name its cell's figure; not one of a way or a grade of it
            # («Trực tuyến | 4», «Khối 1 | 120»), which may be a part.
            of_topic = set(re.findall(r"[^\W\d_]+", fold(label))) <= _QUALIFIERS | _TOPIC_WORDS
            said = [_unit_label(h, phrases) if of_topic else f"{h.strip()} {label}" for h in heads[k:]]
            named = [
                n if _one_figure(h, label, phrases) else "" for h, n in zip(heads[k:], said, strict=True)
            ]
            values = rows[0][k:]
            shown, grades = [*top, numbered[0][0]], [()] * len(values)
        else:
            continue
        found += [
            (f"{h.strip()}: {c.strip()}", "\n".join(shown_lines[k] for k in shown), g)
            for h, c, g in zip(named, values, grades, strict=True)
            if re.search(r"[^\W\d_]", h)
            and not _PLANNED.search(fold(h))
            and not _whom_unsaid(h, [_row_label(cells) or "" for cells in rows])
        ]
    return found


def _spanned_headings(
    lines: Sequence[str], at: int, heads: Sequence[str]
) -> tuple[list[str], list[tuple[int, list[str]]]] | None:
    """(the headings, the rows) of a table whose last heading (lines[at]) spans the headings of the row
    under it, the rows after those: «STT | Nội dung | Kết quả năm học» over «Học kỳ I | Học kỳ II | Cả năm»
    heads «1 | Số buổi tuyên truyền | 3 | 4 | 7» as «STT | Nội dung | Học kỳ I | Học kỳ II | Cả năm». Word
    reads the headings merged down beside it («STT», «Nội dung») once. None for any other table."""
    if at + 1 >= len(lines):
        return None
    below = [_without_unit(h) for h in lines[at + 1].split(_CELL)]
    if len(below) < 2 or any(not h.strip() or _a_value(h) for h in below):
        return None
    rows = _rows_under(lines, at + 1, len(heads) - 1 + len(below))
    return ([*heads[:-1], *below], rows) if rows else None


def _merged_topic_totals(
    text: str, phrases: dict[str, tuple[tuple[str, ...], ...]], printed: str | None = None
) -> list[tuple[str, str, tuple[int, ...], tuple[int, ...]]]:
    """("heading topic: total", the rows, parts, others) for each column of counts of a table whose rows
    under its headings all have one topic in their first cell, down to a total row a cell or more short
    of them, its counts under the last columns: Word reads «Tuyên truyền» merged down over «Trực tiếp | 8»
    and «Trực tuyến | 4» in each row, and «Tổng cộng» merged across before the 12 once. The total is the
    figure; the rows' counts are its others when they add up to it, else its parts for a person to check.
    A heading naming no one figure with the topic (_one_figure) gives nothing."""
    lines = text.split("\n")
    shown_lines = (printed or text).split("\n")
    found: list[tuple[str, str, tuple[int, ...], tuple[int, ...]]] = []
    for at, labels in enumerate(lines):
        heads = labels.split(_CELL)
        if len(heads) < 2:
            continue  # no total row can be a cell short of it
        numbered = _rows_under(lines, at, len(heads))
        topics = {cells[0].strip() for _, cells in numbered}
        after = _after_rows(lines, numbered) if numbered else len(lines)
        if len(numbered) < 2 or len(topics) != 1 or after >= len(lines) or any(_a_value(h) for h in heads):
            continue
        topic = topics.pop()
        total = lines[after].split(_CELL)
        start = _total_counts(total)
        if not _WORDS_LINE.fullmatch(topic) or start is None or len(total) >= len(heads):
            continue
        width = len(total) - start  # the columns of counts, the last ones of the headings
        columns = range(len(heads) - width, len(heads))
        if any(not _COUNT.match(cells[k].strip()) for _, cells in numbered for k in columns):
            continue
        for k, stated in zip(columns, total[start:], strict=True):
            if (
                not _COUNT.match(stated.strip())
                or not _one_figure(heads[k], topic, phrases)
                or _whom_unsaid(heads[k], [topic, *(_row_label(cells[1:]) or "" for _, cells in numbered)])
                or _PLANNED.search(fold(heads[k]))
            ):
                continue
            rows = tuple(_value_of(cells[k]) for _, cells in numbered)
            added = sum(rows) == _value_of(stated)
            shown = "\n".join(shown_lines[at : after + 1])
            raw = f"{heads[k].strip()} {topic}: {stated.strip()}"
            found.append((raw, shown, () if added else rows, rows if added else ()))
    return found


def _whole_column(heads: Sequence[str]) -> tuple[int, tuple[int, ...]] | None:
    """(the column, the columns of its parts) of a table whose heading has a column of the whole year or the
    total (_WHOLE_HEADING: "Tổng cộng", "Cả năm") beside two or more of grades, semesters or campuses
    ("Khối 6", "Học kỳ I", "Cơ sở 1") before it, and at most three other columns (the rows' numbers,
    labels, units); None for another table."""
    folded = [fold(h.strip()) for h in heads]
    whole = [k for k, h in enumerate(folded) if _WHOLE_HEADING.match(h)]
    parts = tuple(
        k
        for k, h in enumerate(folded)
        if _GRADE_ROW.match(h) or _TERM.fullmatch(h) or _CAMPUS_HEADING.match(h)
    )
    others = [h for k, h in enumerate(folded) if k not in (*whole, *parts)]
    if len(whole) != 1 or len(parts) < 2 or len(others) > 3 or max(parts) > whole[0]:
        return None
    return whole[0], parts


def _campus_columns(heads: Sequence[str]) -> tuple[int, ...] | None:
    """The columns of a table of two or more campuses with no column of their total («Nội dung | Cơ sở 1 |
    Cơ sở 2»), after at most two others (the rows' numbers, labels); None for another table."""
    campuses = tuple(k for k, h in enumerate(heads) if _CAMPUS_HEADING.match(fold(h.strip())))
    if len(campuses) < 2 or len(heads) - len(campuses) > 2 or campuses[0] != len(heads) - len(campuses):
        return None
    return campuses


def _campuses_of_row(cells: Sequence[str], campuses: Sequence[int]) -> tuple[str, tuple[int, ...]] | None:
    """(the row's label, each campus's count) of a row of a table of campuses (_campus_columns); None when
    a campus's cell is no count."""
    label = [c.strip() for k, c in enumerate(cells) if k < campuses[0] and re.search(r"[^\W\d_]", c)]
    counts = [cells[k].strip() for k in campuses]
    if not label or not all(_COUNT.match(c) for c in counts):
        return None
    return label[0], tuple(_value_of(c) for c in counts)


def _whole_of_row(
    cells: Sequence[str], whole: int, parts: Sequence[int]
) -> tuple[str, str, tuple[int, ...]] | None:
    """(the row's label, its count in the whole's column, its parts' counts when they do not add up to
    it) of a row of a table with a column of the whole (_whole_column); None when a cell is no count."""
    label = [c.strip() for k, c in enumerate(cells) if k < min(parts) and re.search(r"[^\W\d_]", c)]
    counts = [cells[k].strip() for k in (*parts, whole)]
    if not label or not all(_COUNT.match(c) for c in counts):
        return None
    values = tuple(_value_of(c) for c in counts[:-1])
    return label[0], counts[-1], () if sum(values) == _value_of(counts[-1]) else values


def _rows_under(lines: Sequence[str], at: int, width: int) -> list[tuple[int, list[str]]]:
    """(line index, cells) of the rows of the table whose row of headings is lines[at]: the lines after it
    with width cells. A table goes on past a page break (_PAGE_GAP lines) where its headings are repeated,
    and a table of rows of grades (_grade_cells) to more rows of grades or its total row without them:
    Word and PDFs split a table there. A row a cell
    short (_short_row), right under the headings or not, is one of its rows, its cells but its label left
    empty."""
    rows: list[tuple[int, list[str]]] = []
    n = at + 1
    while n < len(lines):
        if lines[n] == _LABEL_GOES_ON:
            n += 1
            continue
        if len(cells := lines[n].split(_CELL)) == width:
            rows.append((n, cells))
            n += 1
            continue
        if _short_row(cells, width):
            rows.append((n, [c if not _a_value(c) else "" for c in cells] + [""] * (width - len(cells))))
            n += 1
            continue
        after = n
        while after < len(lines) and _PAGE_GAP.match(fold(lines[after])):
            after += 1
        repeated = after < len(lines) and after > n and lines[after] == lines[at]
        after += repeated  # the headings, repeated on the next page
        while repeated and after < len(lines) and lines[after] == _LABEL_GOES_ON:
            after += 1
        going_on = lines[after].split(_CELL) if n < after < len(lines) else []
        if (
            len(going_on) != width
            or not rows
            or not repeated
            and (
                any(_grade_cells(cells) is None for _, cells in rows)
                or (_grade_cells(going_on) is None and _total_counts(going_on) is None)
            )
        ):
            break
        n = after
    return rows


def _with_labels(lines: Sequence[str], numbered: Sequence[tuple[int, list[str]]]) -> list[int]:
    """The lines of a table's rows (numbered) and of the labels wrapped around them (_wrapped_cells), in
    order: what a person reads them on."""
    found = set()
    for n, _ in numbered:
        found.add(n)
        for step in (-1, 1):
            k = n + step
            while 0 <= k < len(lines) and lines[k] == _LABEL_GOES_ON:
                found.add(k)
                k += step
    return sorted(found)


def _after_rows(lines: Sequence[str], numbered: Sequence[tuple[int, list[str]]]) -> int:
    """The line after the last of a table's rows (numbered) and the lines of its wrapped label after it."""
    at = numbered[-1][0] + 1
    while at < len(lines) and lines[at] == _LABEL_GOES_ON:
        at += 1
    return at


def _short_total(
    lines: Sequence[str], numbered: Sequence[tuple[int, list[str]]], width: int
) -> tuple[int, list[str]] | None:
    """(line index, cells) of the total row right under a table's rows (numbered) when Word read it a cell
    or more short, its label merged across columns or a count's cell left empty («Tổng cộng | 12» under
    «STT | Hình thức | Số buổi tuyên truyền»): its counts placed in the only columns of counts where the
    rows add up to them, or, adding up nowhere, in the only columns of counts they fit; a column without a
    count of its own is given "-", nothing to read. None for another line, a table whose rows all have one
    topic (_merged_topic_totals), or a total whose columns are unknown."""
    at = _after_rows(lines, numbered)
    if at >= len(lines) or len({cells[0].strip() for _, cells in numbered}) == 1:
        return None
    cells = lines[at].split(_CELL)
    start = _total_counts(cells)
    if start is None or len(cells) >= width or any(_total_counts(c) is not None for _, c in numbered):
        return None
    stated = [c.strip() for c in cells[start:]]
    fits: list[tuple[int, bool]] = []  # (the first column of the counts, whether the rows add up to them)
    for first in range(start, width - len(stated) + 1):
        columns = [[row[k].strip() for _, row in numbered] for k in range(first, first + len(stated))]
        if not all(_COUNT.match(s) for s in stated) or not all(
            all(_COUNT.match(c) or not c for c in column) and any(column) for column in columns
        ):
            continue
        adds = all(
            all(column) and sum(map(_value_of, column)) == _value_of(s)
            for column, s in zip(columns, stated, strict=True)
        )
        fits.append((first, adds))
    chosen = [first for first, adds in fits if adds] or [first for first, _ in fits]
    if len(chosen) != 1:
        return None
    padded = [*cells[:start], *[""] * (chosen[0] - start), *stated]
    return at, padded + ["-"] * (width - len(padded))


def _without_unit(heading: str) -> str:
    """A column's heading without the unit of its counts in brackets after it (_UNIT_CELLS): "Số buổi
    (buổi)" is "Số buổi", as the unit says nothing the heading does not."""
    found = _BRACKETS_AT_END.search(heading)
    if found is None or tuple(fold(found.group(1)).split()) not in _UNIT_CELLS:
        return heading
    return heading[: found.start()]


def _counts_headings(heads: Sequence[str]) -> bool:
    """Whether every heading of a row of headings names a count ("Số buổi | Số lượt học sinh"), none a
    column of what the rows are about."""
    return all(re.match(r"(?:tong so|so|luot)\b", fold(h.strip())) for h in heads)


def _short_row(cells: Sequence[str], width: int) -> bool:
    """Whether cells are a row of a table of width columns that Word left a cell short, an empty cell or
    one left out («Trực tuyến | 4» under «Nội dung | Số buổi tuyên truyền | Số lượt học sinh»): a label and
    counts, no total row (whose counts a row merged across may give, _merged_topic_totals). Which column
    each count stands in is unknown."""
    return (
        1 < len(cells) < width
        and _row_label(cells) is not None
        and any(_COUNT.match(c.strip()) for c in cells)
        and _total_counts(cells) is None
    )


def _rows_off_total_row(rows: Sequence[Sequence[str]], start: int) -> list[tuple[int, ...]]:
    """For each column from start of a table's rows down to its total row (the last), the counts of the two
    or more rows above the total when each is a count and they do not add up to the total the column
    states: rows of grades, or of the ways the work was done («Trực tiếp | 8», «Trực tuyến | 4», «Qua Zalo
    | 2» over «Tổng cộng | 15»). () for a column that adds up or has a row without a count."""
    *above, total = rows
    found: list[tuple[int, ...]] = []
    for k in range(start, len(total)):
        column = [cells[k].strip() for cells in above]
        stated = total[k].strip()
        if len(column) < 2 or not all(_COUNT.match(c) for c in (*column, stated)):
            found.append(())
            continue
        parts = tuple(map(_value_of, column))
        found.append(parts if _value_of(stated) != sum(parts) else ())
    return found


def _celled(text: str) -> str:
    """text with the rows of a table of grades a PDF laid out without its cells told apart, line for line:
    «Khối Số buổi tuyên truyền Số lượt học sinh tham gia» (_SPACED_HEADINGS, each heading opening with
    «Số») as «Khối | Số buổi tuyên truyền | Số lượt học sinh tham gia», «1 Khối 6 3 160» and «Tổng cộng
    12 605» (_SPACED_ROW) as «1 | Khối 6 | 3 | 160», «Tổng cộng | 12 | 605»; a row of words and as many
    counts as there are headings of counts right under the headings (_SPACED_WORDED_ROW, «Trực tiếp 8 800»
    under «Hình thức Số buổi Số lượt học sinh»), and one whose label wrapped onto the lines around its
    counts (_wrapped_cells), page breaks and the headings repeated aside, as well. Other lines as they are;
    text as it is when no line is such headings."""
    lines = text.split("\n")
    headed = False
    under = 0  # the counts of a row of the table whose headings are above, 0 out of such a table
    numbered = False  # whether the rows of that table open with their number
    n = 0
    while n < len(lines):
        line = lines[n]
        if (found := _SPACED_HEADINGS.match(line.strip())) is not None:
            number, grade, rest = found.groups()
            headings = _HEADING_SPLIT.split(rest.strip())
            lines[n] = _CELL.join([*([number] if number else []), grade, *headings])
            headed, under, numbered = True, len(headings), number is not None
        elif (found := _SPACED_ROW.match(line.strip())) is not None:
            number, label, counts = found.groups()
            lines[n] = _CELL.join([*([number] if number else []), label, *counts.split()])
        elif (found := _SPACED_WORDED_ROW.match(line.strip())) is not None and (
            row := _worded_row(found.group(1), found.group(2), found.group(3), under)
        ):
            lines[n] = _CELL.join(row)
        elif under and (wrapped := _wrapped_cells(lines, n, under, numbered)) is not None:
            counts_at, end, row = wrapped
            lines[n:end] = [_LABEL_GOES_ON] * (end - n)
            lines[counts_at] = _CELL.join(row)
            n = end
            continue
        elif not _PAGE_GAP.match(fold(line)):
            under = 0
        n += 1
    return "\n".join(lines) if headed else text


def _wrapped_cells(
    lines: Sequence[str], at: int, under: int, numbered: bool
) -> tuple[int, int, list[str]] | None:
    """(the line of the counts, the line after the row, its cells) of a row of a table of under headings of
    counts (_celled) whose label a narrow column wrapped onto lines of words around the line of its counts,
    as pdfplumber lays a row's cells out, centred: «Tuyên truyền chuyên đề 1 về phòng, chống xâm hại» over
    «1 1 95» over «trẻ em», the label's first line, at, opening with a capital, the others in lower case;
    the row's number before the counts when the table's rows are numbered. None for any other line."""
    if not lines[at].strip()[:1].isupper():
        return None
    counts_at = next(
        (
            k
            for k in range(at + 1, min(len(lines), at + 1 + _WRAPPED_LINES))
            if _counts_alone(lines[k]) or not _a_label_line(lines[k])
        ),
        None,
    )
    if counts_at is None or not _counts_alone(lines[counts_at]):
        return None
    values = lines[counts_at].split()
    if len(values) != under + numbered or numbered and not re.fullmatch(r"[0-9]{1,2}", values[0]):
        return None
    end = counts_at + 1
    while end < min(len(lines), counts_at + 1 + _WRAPPED_LINES) and _a_label_line(lines[end], going_on=True):
        end += 1
    label = " ".join(lines[k].strip() for k in (*range(at, counts_at), *range(counts_at + 1, end)))
    return counts_at, end, [*values[:numbered], label, *values[numbered:]]


def _a_label_line(line: str, *, going_on: bool = False) -> bool:
    """Whether a line may be a line of a table's label that wrapped (_wrapped_cells): words, numbers among
    them, no count alone; opening in lower case when going_on, a line after the first."""
    words = line.strip()
    return (
        bool(re.search(r"[^\W\d_]", words))
        and not _counts_alone(words)
        and (not going_on or words[:1].islower())
        and _CELL not in words
    )


def _worded_row(number: str | None, label: str, counts: str, under: int) -> list[str] | None:
    """The cells of a row of a table of under headings of counts a PDF laid out without them told apart
    (_SPACED_WORDED_ROW), its row number, label and counts; None when it has other than under counts. A
    numbered row's one count more, of one or two digits, ends its label: «1 Chuyên đề 1 1 95» is «1 |
    Chuyên đề 1 | 1 | 95»."""
    values = counts.split()
    if number and len(values) == under + 1 and re.fullmatch(r"[0-9]{1,2}", values[0]):
        label, values = f"{label} {values[0]}", values[1:]
    if not under or len(values) != under:
        return None
    return [*([number] if number else []), label, *values]


def _noted_rows(text: str) -> dict[str, str]:
    """The lines of the tables whose last column is of notes («… | Kết quả | Ghi chú»), its heading and
    rows, each to the line without its note: a note («Tăng 2 buổi so với năm trước», «8 trực tiếp, 4 trực
    tuyến») says something of the counts before it and is no count of its row."""
    lines = text.split("\n")
    found: dict[str, str] = {}
    for at, labels in enumerate(lines):
        heads = labels.split(_CELL)
        if len(heads) < 3 or not _NOTES_HEADING.match(fold(heads[-1].strip())):
            continue
        found[labels] = _CELL.join(heads[:-1])
        for line in lines[at + 1 :]:
            if len(cells := line.split(_CELL)) == len(heads):
                found[line] = _CELL.join(cells[:-1])
            elif len(cells) != len(heads) - 1:  # a row whose note is empty is read without it already
                break
    return found


def _planned_rows(text: str) -> frozenset[str]:
    """The rows of the tables with a column of what was planned (_plan_columns), as lines of text: read
    alone, «Số buổi tuyên truyền | 12» under «Nội dung | Kế hoạch» would give the plan's count. Their done
    column, if any, is read with its heading (_column_figures)."""
    lines = text.split("\n")
    rows: set[str] = set()
    for at, labels in enumerate(lines):
        heads = labels.split(_CELL)
        if len(heads) < 2 or not any(_PLANNED.search(fold(h)) for h in heads):
            continue
        under = []
        for line in lines[at + 1 :]:
            if len(line.split(_CELL)) != len(heads):
                break
            under.append(line)
        if _plan_columns(heads, [line.split(_CELL) for line in under]):
            rows.update(under)
    return frozenset(rows)


def _plan_columns(heads: Sequence[str], rows: Sequence[Sequence[str]]) -> list[int]:
    """The columns of a table of what was planned: headed so (_PLANNED), with a count in a row. «Chỉ tiêu»
    over the rows' labels («STT | Chỉ tiêu | Số lượng» over «1 | Số buổi tuyên truyền | 9 buổi») heads the
    indicators counted, not a plan."""
    return [
        k
        for k, h in enumerate(heads)
        if _PLANNED.search(fold(h)) and any(k < len(cells) and _counted(cells[k]) for cells in rows)
    ]


def _counted(cell: str) -> bool:
    """Whether a table's cell holds a count, with its unit or not («12», «12 buổi»), or says there is none."""
    return _a_value(cell) or cell.strip()[:1].isdigit()


def _done_column(heads: Sequence[str], rows: Sequence[Sequence[str]]) -> int | None:
    """The column of what was done in a table that has one of what was planned beside it («Nội dung | Kế
    hoạch | Thực hiện»), its rows named in a cell of their own; None for another table."""
    planned = _plan_columns(heads, rows)
    done = [k for k, h in enumerate(heads) if _DONE.search(fold(h)) and k not in planned]
    if not planned or len(done) != 1 or not any(_row_label(cells) for cells in rows):
        return None
    return done[0]


def _done_total(
    heads: Sequence[str],
    rows: Sequence[Sequence[str]],
    done: int,
    phrases: dict[str, tuple[tuple[str, ...], ...]],
) -> tuple[str, tuple[int, ...]] | None:
    """(its label, the rows' counts when they do not add up to it) of the total row that ends a table of
    what was planned and done (_done_column), its label the heading of its rows' labels when that names one
    figure («Số buổi tuyên truyền | Kế hoạch | Thực hiện» over «Học kỳ I»), else the rows' labels when
    each names the same one («Số buổi tuyên truyền», «Số buổi sinh hoạt»); None for another table."""
    *above, total = rows
    start = _total_counts(total)
    if not above or start is None or done < start:
        return None
    heading = next((h.strip() for h in heads[:start] if _named_in(_tokens(h), phrases)), None)
    labels = [_row_label(cells) or "" for cells in above]
    named = [_named_in(_tokens(label), phrases) for label in labels]
    if heading is not None:
        figures = _named_in(_tokens(heading), phrases)
        if len(figures) != 1 or any(n - figures for n in named):
            return None
    elif len(named[0]) != 1 or any(n != named[0] for n in named):
        return None
    return heading or labels[0], _rows_off_total_row(rows, done)[0]


def _row_label(cells: Sequence[str]) -> str | None:
    """The only cell of a table's row that holds words, not a count, a difference ("+2", "-3") or a row
    number: what the row counts."""
    texts = [
        c.strip()
        for c in cells
        if c.strip() and not _a_value(c) and not _ROW_NUMBER.match(c.strip()) and not _SIGNED.match(c.strip())
    ]
    return texts[0] if len(texts) == 1 else None


def _unit_row(rows: Sequence[Sequence[str]]) -> tuple[int, int] | None:
    """(which row, where its counts begin) of the only row of a table headed "Đơn vị" or "Trường" that is
    no total row: «Trường TH Kim Đồng | 12 | 1.250», the school's own figures; None when the table has
    several such rows (a commune's schools) or none."""
    own = [n for n, cells in enumerate(rows) if _total_counts(cells) is None]
    if len(own) != 1:
        return None
    cells = rows[own[0]]
    start = len(cells)
    while start > 0 and _a_value(cells[start - 1]):
        start -= 1
    if start in (0, len(cells)) or not re.search(r"[^\W\d_]", cells[start - 1]):
        return None
    return own[0], start


def _unit_label(heading: str, phrases: dict[str, tuple[tuple[str, ...], ...]]) -> str:
    """A heading of the school's own row (_unit_row) as a label: a heading naming only a unit that opens
    the keywords of a single figure ("Số buổi": "buổi tuyên truyền" and "buổi sinh hoạt") is that
    figure's keyword, the row being the report's own; any other heading as it is."""
    words = re.findall(r"[^\W\d_]+", fold(heading))
    while words[:1] and words[0] in _LABEL_OPENERS:
        words.pop(0)
    opened = _opened_by(words[0], phrases) if len(words) == 1 else None
    if opened is None:
        return heading.strip()
    return " ".join(opened[1][-1])


def _opened_by(
    unit: str, phrases: dict[str, tuple[tuple[str, ...], ...]]
) -> tuple[str, tuple[tuple[str, ...], ...]] | None:
    """(the spec, its keywords unit opens) of the only figure whose keywords unit, a folded word, opens
    and is in: "buoi" opens "buổi tuyên truyền" and "buổi sinh hoạt"; "luot" is no one figure's, opening
    "lượt tuyên truyền" and being "lượt" of people reached. None for any other word."""
    opening = {spec_id: tuple(q for q in p if q[0] == unit) for spec_id, p in phrases.items()}
    opening = {spec_id: p for spec_id, p in opening.items() if p}
    inside = {spec_id for spec_id, p in phrases.items() for phrase in p if unit in phrase}
    if len(opening) != 1 or inside != set(opening):
        return None
    return next(iter(opening.items()))


def _ways_of_one_topic(rows: Sequence[Sequence[str]]) -> bool:
    """Whether the rows of a table above its total row are each named by how, when or for whom the report's
    topic was worked on, nothing else («Trực tiếp», «Tuyên truyền trực tuyến», «Khối 6»): a heading of a
    unit alone («Số buổi») over their total counts what the report is about (_unit_label)."""
    allowed = _MANNER | _QUALIFIERS | _TOPIC_WORDS
    labels = [_row_label(cells) for cells in rows]
    return bool(labels) and all(
        label is not None
        and (_GRADE_ROW.match(fold(label)) or set(re.findall(r"[^\W\d_]+", fold(label))) <= allowed)
        for label in labels
    )


def _whom_unsaid(heading: str, labels: Sequence[str]) -> bool:
    """Whether a column's heading counts «lượt» alone ("Số lượt", "Tổng số lượt") and no label of the rows
    under it says whom or what they are of (_SAYS_WHOM): «lượt» of «Buổi chào cờ» and «Sinh hoạt lớp» are
    sessions, of «Trực tiếp» or «Khối 1» either sessions or people; of «Học sinh» people."""
    words = re.findall(r"[^\W\d_]+", fold(heading))
    while words[:1] and words[0] in _LABEL_OPENERS:
        words.pop(0)
    return words == [_VISITS] and not any(_SAYS_WHOM.search(fold(label)) for label in labels)


def _one_figure(heading: str, topic: str, phrases: dict[str, tuple[tuple[str, ...], ...]]) -> bool:
    """Whether a column's heading over a row's topic names at most one figure: not "Số lượt" over
    "Tuyên truyền", "lượt" alone being one figure's keyword (people reached), "lượt tuyên truyền" another's
    (sessions)."""
    words = re.findall(r"[^\W\d_]+", fold(heading))
    while words[:1] and words[0] in _LABEL_OPENERS:
        words.pop(0)
    if len(words) != 1:
        return True
    named = (*words, *re.findall(r"[^\W\d_]+", fold(topic)))
    alone = {spec_id for spec_id, p in phrases.items() if tuple(words) in p}
    with_topic = {
        spec_id for spec_id, p in phrases.items() if any(len(q) > 1 and named[: len(q)] == q for q in p)
    }
    return not alone or not with_topic or with_topic <= alone


def _a_value(cell: str) -> bool:
    """Whether a table's cell holds a count, a rate or says there is none to count (_NO_VALUE): "12",
    "100%", "Không", "-", "x". Only "không" is read as zero (_none_as_value); a rate, a dash or a cross,
    nothing."""
    return bool(_COUNT.match(cell.strip()) or _PERCENT.match(cell.strip())) or fold(cell.strip()) in _NO_VALUE


def _row_topic(cells: Sequence[str]) -> tuple[int, str] | None:
    """(where its counts begin, its topic) of a table's only row, named by what was done, under headings
    that give the units: "Tuyên truyền | 12 | 1.250" under "Nội dung | Số buổi | Số lượt học sinh" says
    "Số buổi Tuyên truyền: 12"; a row number before the topic aside. None for another row."""
    start = len(cells)
    while start > 0 and _a_value(cells[start - 1]):
        start -= 1
    texts = [c.strip() for c in cells[:start] if not _a_value(c)]
    if start == len(cells) or len(texts) != 1 or not texts[0] or texts[0] != cells[start - 1].strip():
        return None
    return start, texts[0]


def _total_counts(cells: Sequence[str]) -> int | None:
    """Where the counts of a table's total row begin: "Tổng cộng | 10 | 600" -> 1, "| Tổng cộng | 10 | 600"
    (a column of row numbers) -> 2; None for another row."""
    start = len(cells)
    while start > 0 and _a_value(cells[start - 1]):
        start -= 1
    if start in (0, len(cells)) or not any(_TOTAL_ROW.match(fold(c.strip())) for c in cells[:start]):
        return None
    return start


def _total_first(tokens: Sequence[_Token], chosen: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """The (token index, value) a figure takes of those a sentence gives it: the first, unless one is said
    to be the total ("tổng cộng 250 học sinh") and the others add up to it, its parts ("Khối 1: 120 học
    sinh; Khối 2: 130 học sinh; Tổng cộng: 250 học sinh")."""
    totals = [(i, v) for i, v in chosen if _a_total(tokens, i)]
    if (
        len(chosen) > 1
        and len(totals) == 1
        and sum(v for i, v in chosen if i != totals[0][0]) == totals[0][1]
    ):
        return totals[0]
    return chosen[0]


def _grades_off_total(
    sentence: str, tokens: Sequence[_Token], chosen: Sequence[tuple[int, int]]
) -> tuple[tuple[int, int], tuple[int, ...]] | None:
    """((token index, value) of the total, the grades' counts) when a sentence gives a figure a count per
    grade and a total they do not add up to: "Khối 1: 120 học sinh; Khối 2: 130 học sinh; Tổng cộng: 260
    học sinh". The school stated 260, so it is the figure; the grades' sum is for a person to compare."""
    totals = [(i, v) for i, v in chosen if _a_total(tokens, i)]
    if len(chosen) < 3 or len(totals) != 1:
        return None
    grades = [(i, v) for i, v in chosen if (i, v) != totals[0]]
    if sum(v for _, v in grades) == totals[0][1] or not all(
        _GRADE_BEFORE.search(_clause(sentence, tokens[i])[0]) for i, _ in grades
    ):
        return None
    return totals[0], tuple(v for _, v in grades)


def _totals_of_a_unit(
    sentence: str,
    tokens: Sequence[_Token],
    phrases: dict[str, tuple[tuple[str, ...], ...]],
    candidates: Sequence[tuple[int, str, int]],
) -> list[tuple[int, str, int]]:
    """(token index, spec, value) of the counts of a unit alone that open no figure's keyword (_opened_by:
    «12 buổi» of sessions of any kind) but that their sentence says are of one: the parts after «trong đó»
    counting that figure and adding up to it («Tổng số buổi: 12 buổi, trong đó 8 buổi tuyên truyền dưới
    cờ, 4 buổi ngoại khóa»), or the total of the figure's topic the sentence opens with («Tuyên truyền 1
    buổi/tuần trong 35 tuần, tổng cộng 35 buổi»), no other count of the figure in it."""
    counted = {i for i, _, _ in candidates}
    folded = [t.folded for t in tokens]
    found: list[tuple[int, str, int]] = []
    for index, token in enumerate(tokens[:-1]):
        unit = tokens[index + 1]
        if token.number is None or token.number < 0 or index in counted or unit.cell != token.cell:
            continue
        if (opened := _opened_by(unit.folded, phrases)) is None:
            continue
        spec_id, keywords = opened
        if folded[index + 2 : index + 4] == list(_AMONG):
            parts = [
                (i, v) for i, s, v in candidates if i > index + 3 and folded[i + 1 : i + 2] == [unit.folded]
            ]
            if (
                parts
                and all(s == spec_id for i, s, _ in candidates if i > index)
                and all(_a_way_of(sentence, tokens, i, spec_id, phrases) for i, _ in parts)
                and sum(v for _, v in parts) == token.number
            ):
                found.append((index, spec_id, token.number))
                continue
        words = " ".join(folded[:index])
        if (
            index
            and folded[index - 1] in ("cong", "so", "tong")
            and re.search(r"\btong(?: cong| so)?$|\bcong$", words)
            and not _clause(sentence, unit)[1]
            and not any(s == spec_id for _, s, _ in candidates)
            and any(re.search(rf"\b{' '.join(k[1:])}\b", words) for k in keywords if len(k) > 1)
            and any(
                int(m["count"]) * int(m["periods"]) == token.number
                for m in _PER_PERIOD_FOR.finditer(fold(sentence[: token.start]))
                if m["unit"] == unit.folded
            )
        ):
            found.append((index, spec_id, token.number))
    return found


def _a_way_of(
    sentence: str,
    tokens: Sequence[_Token],
    index: int,
    spec_id: str,
    phrases: dict[str, tuple[tuple[str, ...], ...]],
) -> bool:
    """Whether the count at index, its unit after it, is named spec_id by its keyword («8 buổi tuyên
    truyền dưới cờ») or only says how or when it was held, nothing else it may count («4 buổi ngoại khóa»,
    «2 buổi dưới cờ»; not «1 vụ bạo lực học đường», «4 buổi tập huấn»)."""
    if _named_after(sentence, tokens, index, phrases) == spec_id:
        return True
    words = _clause(sentence, tokens[index + 1])[1].split()
    return set(words) <= _MANNER | _QUALIFIERS | _FLAG_WORDS


def _a_typed_year(tokens: Sequence[_Token], index: int) -> bool:
    """Whether the number at index is written as a year (_YEAR) where the count goes: before a unit of
    events no school counts in thousands (_EVENTS, "2025 buổi"), or standing alone in its cell after such
    a unit ("Số buổi tuyên truyền: 2025") or as a year of these reports' time (_TYPED_YEARS). "2.025
    lượt", "2025 lượt" and "Số lượt học sinh tham gia: 1950" are counts."""
    token = tokens[index]
    if not _YEAR.fullmatch(token.text):
        return False
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    if after is not None and after.cell == token.cell and after.folded in _EVENTS:
        return True
    if after is not None and after.cell == token.cell and after.number is None:
        return False
    return int(token.text) in _TYPED_YEARS or any(t.folded in _EVENTS for t in tokens[:index])


def _a_rate(tokens: Sequence[_Token], index: int) -> bool:
    """Whether the words before the number at index, back to the number before it, say it is a rate:
    "Tỷ lệ học sinh tham gia: 100" is 100 %, no count of pupils."""
    window = tokens[max(0, index - _RATE_REACH) : index]
    after_number = max((k + 1 for k, t in enumerate(window) if t.number is not None), default=0)
    words = [t.folded for t in window[after_number:]]
    return any(pair in _RATE for pair in zip(words, words[1:], strict=False))


def _clause_around(sentence: str, token: _Token) -> tuple[str, str]:
    """The text of the clause holding token before it and after it, as written: between commas,
    semicolons or brackets."""
    start = max(sentence.rfind(c, 0, token.start) for c in ",;(") + 1
    ends = [at for c in ",;)" if (at := sentence.find(c, token.end)) >= 0]
    return sentence[start : token.start], sentence[token.end : min(ends, default=len(sentence))]


# The rules that read a number's clause (_to_be_done, _compared, _per_each...) ask it of each number in turn.
@lru_cache(maxsize=256)
def _clause(sentence: str, token: _Token) -> tuple[str, str]:
    """The words, folded, of the clause holding token before it and after it (_clause_around)."""
    words = [" ".join(re.findall(r"[^\W_]+", fold(part))) for part in _clause_around(sentence, token)]
    return words[0], words[1]


def _compared(sentence: str, tokens: Sequence[_Token], index: int) -> bool:
    """Whether the number at index is a difference ("tăng 2 buổi", "giảm 3 buổi") or its clause says it
    is of a period before the one reported on ("năm học trước: 10 buổi", "Năm học trước tổ chức 10 buổi",
    "12 buổi so với năm trước là 10"): no count of this season. A comparison in brackets after it says
    how it differs, not that it is the earlier count: "12 buổi (tăng 2 buổi so với năm trước)"."""
    if index and tokens[index - 1].folded in _DIFFERENCE and tokens[index - 1].cell == tokens[index].cell:
        return True
    before, _ = _clause(sentence, tokens[index])
    after = fold(_clause_around(sentence, tokens[index])[1].split("(")[0])
    return bool(_PREVIOUS.search(before) or (_PREVIOUS.search(after) and "so voi" in after))


def _of_an_earlier_year(
    sentence: str, tokens: Sequence[_Token], index: int, school_year: int | None, year: int | None
) -> bool:
    """Whether the count at index is labelled with a year before the one reported on (_before_the_season):
    the last period labelling its part of the sentence (_PERIOD_OPENS, _PERIOD_LABELS), or a bracket after
    it holding its period alone (_PERIOD_AFTER). «Số buổi tuyên truyền:
    năm 2025: 4 buổi; năm 2026: 6 buổi», «Năm 2025 nhà trường tổ chức 4 buổi», «4 buổi (năm 2025)» in a
    report of 2026 give last year's count, no count of the season. A bracket closed before the count labels
    only its own: in «9 buổi (năm 2025 là 6 buổi) với 1.480 lượt» the 1.480 is the season's."""
    if (after := _PERIOD_AFTER.match(fold(sentence[tokens[index].end :]))) is not None:
        return _before_the_season(after.group(0), school_year, year)
    part = _CLOSED_BRACKET.sub(" ", _part_before(sentence, tokens[index]))
    labels = [
        m.group(0)
        for m in _A_YEARS.finditer(part)
        if _PERIOD_OPENS.search(part[: m.start()]) or _PERIOD_LABELS.match(part[m.end() :])
    ]
    return bool(labels) and _before_the_season(labels[-1], school_year, year)


def _before_the_season(written: str, school_year: int | None, year: int | None) -> bool:
    """Whether the year or school year written ("năm 2025", "2024-2025") ends before the season reported
    on, the school year school_year opens or the calendar year year; False when neither is known."""
    found = _YEAR.search(written)
    if found is None:
        return False
    first, second = int(found.group(1)), found.group(2)
    last = int(second) if second is not None and int(second) == first + 1 else first
    return (school_year is not None and first < school_year) or (year is not None and last < year)


def _to_be_done(sentence: str, tokens: Sequence[_Token], index: int) -> bool:
    """Whether the clause of the number at index says it was planned or is to come, not done: "Kế hoạch
    tổ chức 12 buổi", "Dự kiến", "Chỉ tiêu: 12 buổi", "sẽ tổ chức", "… trong năm học tới". A plan cited as a
    document ("Thực hiện Kế hoạch số 45/KH-PGDĐT nhà trường tổ chức …") says nothing of the count. A target
    holds for the rest of its part of the sentence: "phấn đấu 100% học sinh được tuyên truyền, tổ chức ít
    nhất 6 buổi"."""
    before, after = _clause(sentence, tokens[index])
    return bool(
        _PLAN_BEFORE.search(before)
        or _FUTURE.search(f"{before} {after}")
        or _TARGET.search(_part_before(sentence, tokens[index]))
    )


def _per_each(sentence: str, token: _Token) -> bool:
    """Whether the clause of token says the count is one of each session, class or month, or an average
    (_PER_EACH, _PER_EACH_AFTER): "Tổ chức 10 buổi, mỗi buổi có 120 lượt học sinh" reached about 1.200,
    not 120; "1 buổi tuyên truyền/tháng" is no year's one session."""
    before, after = (nfc(part.lower()) for part in _clause_around(sentence, token))
    sessions = after.split()[:1] == [_SESSION]
    return bool(
        _PER_EACH.search(before)
        or _PER_EACH_AFTER.search(after)
        or (not sessions and _PER_SESSION_AFTER.search(after))
    )


def _other_people(sentence: str, tokens: Sequence[_Token], index: int) -> bool:
    """Whether the number at index counts people its clause says something happened to or who are in some
    circumstance (_OTHER_PEOPLE), or calls victims (_VICTIMS), not people reached: "Có 2 học sinh bị xâm
    hại", "3 học sinh có hoàn cảnh đặc biệt", "5 trẻ khuyết tật", "nạn nhân là 2 học sinh lớp 5"."""
    following = [t for t in tokens[index + 1 : index + 3] if t.cell == tokens[index].cell]
    people = next((t.folded for t in following if t.folded not in _CLASSIFIERS), None)
    if people is None or not _PEOPLE.match(people):
        return False
    before, after = _clause(sentence, tokens[index])
    return bool(_OTHER_PEOPLE.search(after) or _VICTIMS.search(before))


def _one_victims_case(
    sentence: str, tokens: Sequence[_Token], index: int, phrases: dict[str, tuple[tuple[str, ...], ...]]
) -> str | None:
    """The spec whose keyword of cases and their topic («vụ xâm hại») the clause of a count of one person says
    befell them: «01 học sinh lớp 8 bị xâm hại» is one case of abuse, as a clerk counts it. Several victims
    may be of one case («Có 3 học sinh bị xâm hại»), and the area's («Trên địa bàn huyện …») are not the
    school's: None for them, and for any other count."""
    following = [t for t in tokens[index + 1 : index + 3] if t.cell == tokens[index].cell]
    people = next((t.folded for t in following if t.folded not in _CLASSIFIERS), None)
    if tokens[index].number != 1 or people is None or not _PEOPLE.match(people):
        return None
    if _THE_AREA.search(_part_before(sentence, tokens[index])):
        return None
    after = f" {_clause(sentence, tokens[index])[1]} "
    named = {
        spec_id
        for spec_id, spec_phrases in phrases.items()
        for phrase in spec_phrases
        for case in _CASES
        if phrase[: len(case)] == case
        and (topic := " ".join(w for w in phrase[len(case) :] if w not in _CASE_WORDS))
        and f" bi {topic} " in after
    }
    return named.pop() if len(named) == 1 else None


def _not_the_schools_cases(sentence: str, tokens: Sequence[_Token], index: int) -> bool:
    """Whether the number at index counts cases («vụ», «trường hợp») its clause says were other incidents
    than abuse (_OTHER_INCIDENTS: "giải quyết 02 vụ việc mâu thuẫn giữa phụ huynh") or the area's rather
    than the school's (_THE_AREA: "Trên địa bàn huyện năm 2025 xảy ra 4 vụ xâm hại trẻ em")."""
    after = tuple(t.folded for t in tokens[index + 1 : index + 3])
    if not any(after[: len(case)] == case for case in _CASES):
        return False
    part = _part_before(sentence, tokens[index])
    return _THE_AREA.search(part) is not None or _another_incident(_clause(sentence, tokens[index])[1])


def _clause_tokens(sentence: str, tokens: Sequence[_Token], start: int, most: int) -> list[_Token]:
    """At most most tokens from start up to the end of their clause (_clause_break)."""
    found = []
    for at in range(start, min(len(tokens), start + most)):
        if at > start and _clause_break(sentence, tokens, at):
            break
        found.append(tokens[at])
    return found


def _another_incident(words: str) -> bool:
    """Whether words, folded, after a count or a keyword of cases, say the cases were other incidents than
    abuse (_OTHER_INCIDENTS), none of it (_ABUSE): "vụ việc học sinh đánh nhau"."""
    return _OTHER_INCIDENTS.search(words) is not None and _ABUSE.search(words) is None


def _on_another_topic(sentence: str, token: _Token) -> bool:
    """Whether the part of the sentence holding token, between stops and semicolons, says its activity was
    on a topic plainly another than this report's (_ANOTHER_TOPIC) and names none of it (_THIS_TOPIC): "Tổ
    chức 4 buổi tuyên truyền về an toàn giao thông cho 1.200 lượt học sinh", both counts."""
    start = max((m.end() for m in _PART_END.finditer(sentence[: token.start])), default=0)
    end = _PART_END.search(sentence[token.end :])
    part = fold(sentence[start : token.end + end.start() if end else len(sentence)])
    return _ANOTHER_TOPIC.search(part) is not None and _THIS_TOPIC.search(part) is None


def _not_reached(sentence: str, tokens: Sequence[_Token], index: int) -> bool:
    """Whether the number at index counts people or visits («lượt») that no activity reached: after a verb
    of checking, counselling or visiting in its clause (_CHECKING) in a sentence that tells of no reaching
    before it or in its clause after it (_REACHING), or «lượt» not of people in a sentence
    saying nothing of reaching anyone (_REACHING): "Kiểm tra 3 lượt các lớp", "Nhà trường có 450 lượt"."""
    after = [t for t in tokens[index + 1 : index + 3] if t.cell == tokens[index].cell]
    unit = after[0].folded if after and after[0].number is None else None
    people = next((t.folded for t in after if t.folded not in _CLASSIFIERS), None)
    counts_people = unit is None or unit in _CLASSIFIERS or (people is not None and _PEOPLE.match(people))
    before, after_it = _clause(sentence, tokens[index])
    if counts_people and _CHECKING.search(before):
        # Unless it names people the sentence tells of reaching too: "Tổ chức tuyên truyền, tư vấn cho 450
        # lượt học sinh", "kiểm tra kiến thức cho 450 lượt học sinh tham gia".
        earlier = fold(sentence[: tokens[index].start])
        return people not in _REACHED_PEOPLE or _REACHING.search(f"{earlier} {after_it}") is None
    if unit != _VISITS or people in _REACHED_PEOPLE or _LABELLED_PEOPLE.search(before):
        return False
    words = " ".join(t.folded for t in tokens)
    reaching = {m.group(0) for m in _REACHING.finditer(words)}
    # «tuyên truyền» alone tells not whether «lượt» counts sessions or people ("Tuyên truyền qua Zalo 5
    # lượt"), unless the count is of those it was for ("cho 450 lượt") or «lượt tuyên truyền» follows.
    return not reaching or (
        reaching == {_PROPAGANDA}
        and people != _PROPAGANDA.split()[0]
        and (index == 0 or tokens[index - 1].folded != "cho")
        and _SAYS_WHOM.search(words) is None
    )


def _whom_unsaid_visits(
    sentence: str, tokens: Sequence[_Token], index: int, spec_phrases: tuple[tuple[str, ...], ...]
) -> bool:
    """Whether the number at index is labelled by «lượt» alone (_VISITS, no people after it) and the sentence
    says nothing of whom it counts (_SAYS_WHOM, nor another keyword of the figure): «Số lượt: 600» counts
    sessions or people, which no one can tell."""
    if (_VISITS,) not in spec_phrases:
        return False
    start = next((i + 1 for i in range(index - 1, -1, -1) if tokens[i].number is not None), 0)
    visits = [i for i in range(start, index) if tokens[i].folded == _VISITS]
    if not visits or (visits[-1] + 1 < index and tokens[visits[-1] + 1].folded in _REACHED_PEOPLE):
        return False
    named = any(
        _match(tokens, at, phrase) is not None
        for phrase in spec_phrases
        if phrase != (_VISITS,)
        for at in range(len(tokens))
    )
    return not named and _SAYS_WHOM.search(fold(sentence)) is None


def _enrolment(sentence: str, tokens: Sequence[_Token], index: int, *, overview: bool = False) -> bool:
    """Whether the number at index counts the people the school has, not those an activity reached: its
    clause says the school has them ("Trường có 900 học sinh", "Số học sinh toàn trường: 900 em", "sĩ số"),
    or the sentence is in the report's overview of the school (_overview_sentences), and it says nothing
    of taking part ("Nhà trường có 450 học sinh tham gia" is a count of those reached)."""
    token = tokens[index]
    after = [t for t in tokens[index + 1 : index + 3] if t.cell == token.cell and t.number is None]
    unit = next((t.folded for t in after if t.folded not in _CLASSIFIERS), None)
    if unit is not None and sentence[token.end : after[0].start].strip() == "" and not _PEOPLE.match(unit):
        return False  # "Trường có 2 vụ xâm hại": the count is of something else than people
    before, after_it = _clause(sentence, token)
    clause = f"{before} {fold(token.text)} {after_it}"
    return (
        (overview or _HAS.search(clause) is not None)
        and _PEOPLE.search(clause) is not None
        and _TAKING_PART.search(clause) is None
    )


def _overview_sentences(text: str) -> frozenset[str]:
    """The sentences, as read (_sentences), of the part of text about the school itself (_OVERVIEW)."""
    if not any(
        _OVERVIEW_HEADING.match(fold(line[:_AHEAD_OPENING]))
        for line in text.split("\n")
        if len(line) < _AHEAD_LINE
    ):
        return frozenset()  # no line is such a heading: finding the sections would take far longer
    found: set[str] = set()
    for section in find_sections(text, _OVERVIEW).found:
        if not _OVERVIEW_HEADING.match(fold(section.heading)):
            continue
        lines = section.text.split("\n")
        # A heading of results below it, however numbered («1. Kết quả»), ends what is about the school.
        end = next(
            (k for k, line in enumerate(lines) if _RESULTS_OPENING.match(fold(line[:_AHEAD_OPENING]))), None
        )
        found.update(raw for raw, _ in _sentences("\n".join(lines[:end])))
    return frozenset(found)


def _before_results(text: str) -> frozenset[str]:
    """The sentences, as read (_sentences), before the first heading of the report's results («II. Kết quả
    thực hiện», _RESULTS_HEADING): what the school was directed, planned or briefed («quán triệt … đến 45 cán
    bộ, giáo viên và 1.150 phụ huynh»), whose counts yield to those its results state. None when no such
    heading opens them."""
    lines = text.split("\n")
    start = next(
        (
            k
            for k, line in enumerate(lines)
            if len(line) < _AHEAD_LINE and _RESULTS_HEADING.match(fold(line[:_AHEAD_OPENING]))
        ),
        0,
    )
    return frozenset(raw for raw, _ in _sentences("\n".join(lines[:start]))) if start else frozenset()


def _parts_of(
    tokens: Sequence[_Token], first: int, value: int, chosen: Sequence[tuple[int, int]]
) -> set[int]:
    """The token indexes of the values "trong đó" gives after the value at first, as its parts, when they
    add up to less than it: in "Tổ chức 12 buổi tuyên truyền, trong đó 4 buổi sinh hoạt dưới cờ" the 4
    sessions are among the 12, no other value of the figure to check."""
    opens = next(
        (i for i in range(first + 1, len(tokens) - 1) if (tokens[i].folded, tokens[i + 1].folded) == _AMONG),
        None,
    )
    if opens is None:
        return set()
    parts = {i: v for i, v in chosen if i > opens}
    return set(parts) if sum(parts.values()) < value else set()


def _part_before(sentence: str, token: _Token) -> str:
    """The words, folded, of token's part of the sentence (_PART_END) before it."""
    return fold(_PART_END.split(sentence[: token.start])[-1])


def _running_since(sentence: str, token: _Token) -> str | None:
    """The words, folded, between the word of a running total (_RUNNING) and the count token in its part of
    the sentence ("; lũy kế từ đầu năm học: 6 buổi" -> "tu dau nam hoc"); None for any other count."""
    part = _part_before(sentence, token)
    found = list(_RUNNING.finditer(part))
    return part[found[-1].end() :] if found else None


def _since_before_the_season(sentence: str, token: _Token, school_year: int | None) -> bool:
    """Whether the part of the sentence before token says its count runs since before the season
    (_SINCE_BEFORE): "Lũy kế từ năm 2021 đến nay: 3 vụ xâm hại", "Từ khi triển khai Nghị quyết 121 đến nay,
    nhà trường xảy ra 2 vụ" count years of cases, not the season's. Since a school year, the season's
    (school_year) or a later one's is the season's count: "từ năm học 2025-2026 đến nay"."""
    part = _part_before(sentence, token)
    for m in _SINCE_BEFORE.finditer(part):
        year = m.group("year") or m.group("since")
        school = bool(m.group("school") or m.group("school_since"))
        if year is None or school_year is None:
            return True
        if int(year) < school_year or (int(year) == school_year and not school):
            return True
    return False


def _running_unit(
    sentence: str, tokens: Sequence[_Token], index: int, candidates: Sequence[tuple[int, str, int]]
) -> str | None:
    """The spec of a count of its sentence before a running total at index whose unit is the same: in "tổ
    chức 2 buổi tuyên truyền; lũy kế từ đầu năm học: 6 buổi" the 6 counts what the 2 does."""
    if _running_since(sentence, tokens[index]) is None or index + 1 >= len(tokens):
        return None
    unit = tokens[index + 1]
    if unit.number is not None or unit.cell != tokens[index].cell:
        return None
    return _spec_counted_in(unit, tokens, index, candidates)


def _spec_counted_in(
    unit: _Token, tokens: Sequence[_Token], index: int, candidates: Sequence[tuple[int, str, int]]
) -> str | None:
    """The spec of the last count before index whose unit is unit's word."""
    return next(
        (
            spec_id
            for i, spec_id, _ in reversed(candidates)
            if i + 1 < index and tokens[i + 1].folded == unit.folded and tokens[i + 1].number is None
        ),
        None,
    )


def _unit_of_a_count_before(
    sentence: str, tokens: Sequence[_Token], index: int, candidates: Sequence[tuple[int, str, int]]
) -> str | None:
    """The spec of a count of its sentence before the count at index whose unit is the same, nothing but
    when or how after the unit in its clause: in "tổ chức 1 buổi tuyên truyền trong tháng 9 và 2 buổi trong
    tháng 10" the 2 counts what the 1 does, another value of it for a person to add up."""
    if index + 1 >= len(tokens):
        return None
    unit = tokens[index + 1]
    if unit.number is not None or unit.cell != tokens[index].cell or (unit.folded,) not in _UNIT_CELLS:
        return None
    allowed = _QUALIFIERS | _MANNER | _TOPIC_WORDS | {"vao", "cac", "tuan"}
    if any(w not in allowed and not w.isdigit() for w in _clause(sentence, tokens[index])[1].split()[1:]):
        return None
    return _spec_counted_in(unit, tokens, index, candidates)


def _this_years_count(
    sentence: str, tokens: Sequence[_Token], index: int, earlier: dict[str, str]
) -> str | None:
    """The figure a count of a year before the season (earlier: its unit and figure, in order) gave to the
    count at index after it, of the same unit and nothing but when or how after it, or of no unit after a
    year's label: «năm 2025: 4 buổi; năm 2026: 6 buổi», «năm 2025: 1 vụ; năm 2026: không có»."""
    if not earlier:
        return None
    if index + 1 < len(tokens) and tokens[index + 1].cell == tokens[index].cell:
        unit = tokens[index + 1]
        allowed = _QUALIFIERS | _MANNER | _TOPIC_WORDS | {"vao", "cac", "tuan"}
        after = _clause(sentence, tokens[index])[1].split()[1:]
        if unit.number is None and all(w in allowed or w.isdigit() for w in after) and unit.folded in earlier:
            return earlier[unit.folded]
    if _A_YEARS_LABEL.search(_part_before(sentence, tokens[index])):
        return list(earlier.values())[-1]
    return None


def _bracketed_parts(
    sentence: str, tokens: Sequence[_Token], first: int, value: int
) -> dict[int, int] | None:
    """Token index -> value of the counts in the brackets right after the count at first, no other count
    between, when there are two or more and they add up to it: in "Tổ chức 12 buổi tuyên truyền (6 buổi
    trực tiếp, 6 buổi trực tuyến)" both 6 are the 12's parts, whether or not they were read as the figure's
    values; None for any other brackets."""
    opens = sentence.find("(", tokens[first].end)
    if opens < 0:
        return None
    closes = sentence.find(")", opens)
    closes = len(sentence) if closes < 0 else closes
    between = [t for t in tokens[first + 1 :] if t.start < opens]
    inside = {
        i: t.number
        for i, t in enumerate(tokens)
        if opens < t.start < closes and t.number is not None and t.number >= 0
    }
    if any(_a_count(t) for t in between) or len(inside) < 2 or sum(inside.values()) != value:
        return None
    return inside


def _a_total(tokens: Sequence[_Token], index: int) -> bool:
    """Whether "tổng" comes at most _TOTAL_REACH words before the number at index, no number between."""
    for token in reversed(tokens[max(0, index - _TOTAL_REACH) : index]):
        if token.number is not None:
            return False
        if token.folded == _TOTAL[0]:
            return True
    return False


def _as_cells(line: str) -> str:
    """A row of a table drawn without borders, as a text PDF or a Word table typed with tabs lays it out:
    «1 Số buổi tuyên truyền buổi 12» (row number, label, unit, count) as «1 | Số buổi tuyên truyền | buổi | 12»; a
    label opening with "Số" may go without a row number. A row of several counts («Số buổi tuyên truyền
    15 12», what was planned and what was done) needs no unit: its cells are told apart as well, so that
    its label names none of them. Any other line as it is."""
    words = line.split()
    if _CELL.strip() in line or len(words) < 3:
        return line
    counts = 0
    while counts < len(words) and (_COUNT.match(words[-1 - counts]) or fold(words[-1 - counts]) == "khong"):
        counts += 1
    grouped = counts == 2 and re.fullmatch(r"[1-9][0-9]{0,2} [0-9]{3}", " ".join(words[-2:]))
    if counts == 0 or grouped:
        return line  # "1 250": one number, its thousands grouped by a space
    number = words[:1] if counts < len(words) and _ROW_NUMBER.match(words[0]) else []
    for size in (2, 1, 0) if counts > 1 else (2, 1):
        end = len(words) - counts
        unit, label = words[end - size : end], words[len(number) : end - size]
        if (
            (size == 0 or tuple(fold(w) for w in unit) in _UNIT_CELLS)
            and label
            and all(re.fullmatch(r"[^\W\d_]+,?", w) for w in label)
            and any(fold(w) not in _LABEL_OPENERS for w in label)
            and (number or fold(label[0]) in _LABEL_OPENERS)
        ):
            return _CELL.join([*number, " ".join(label), *([" ".join(unit)] if unit else []), *words[end:]])
    return line


def _corrected(sentence: str) -> str:
    """The sentence with what a correction changes a count from left out, to be read: "Sửa số buổi tuyên
    truyền từ 10 thành 12 buổi" as "Sửa số buổi tuyên truyền là 12 buổi", "Số buổi tuyên truyền: 10 buổi
    (sửa thành 12 buổi)" as "Số buổi tuyên truyền: 12 buổi)", the 10 being no value of the figure; it is
    shown as written."""
    folded = fold_aligned(sentence)
    if ("thanh" not in folded and "nham" not in folded) or not _A_DIGIT.search(folded):
        return sentence  # every pattern needs "thành" or "nhầm", and a count in digits
    cuts = [
        m.span()
        for m in _CORRECTED_FROM.finditer(folded)
        if _CORRECTION.search(folded, 0, m.end()) is not None
    ]
    for start, end in reversed(cuts):
        sentence = f"{sentence[:start]}là {sentence[end:]}"
    folded = fold_aligned(sentence)
    for found in reversed(list(_CORRECTED_AFTER.finditer(folded))):
        sentence = sentence[: found.start()] + sentence[found.end() :]
    folded = fold_aligned(sentence)
    for found in reversed(list(_MISTAKEN.finditer(folded))):
        sentence = f"{sentence[: found.start()]}là {sentence[found.end() :]}"
    return sentence


def _calculated(sentence: str) -> str:
    """The sentence with a calculation (_CALCULATION) read as its result, named by the factor whose unit
    is the result's: "Tổ chức 2 buổi tuyên truyền/tháng x 9 tháng = 18 buổi" as "Tổ chức 18 buổi tuyên
    truyền", a result of another unit by its own words alone; the factors are no counts. Shown as written."""
    if "=" not in sentence:
        return sentence
    for found in reversed(list(_CALCULATION.finditer(sentence))):
        result, unit = found.group("result"), fold(found.group("unit") or "")
        factors = [_FACTOR.match(f.strip()) for f in _OPERATOR.split(found.group("factors"))]
        named = next(
            (f.group(2) for f in factors if f and unit and fold(f.group(2)).split()[0] == unit), None
        )
        said = f"{result} {named}" if named else f"{result}{' ' if unit else ''}{found.group('unit') or ''}"
        sentence = sentence[: found.start()] + said + sentence[found.end() :]
    return sentence


def _without_what_is_ahead(text: str) -> str:
    """text with the lines of its parts about what is to come or asked for (_AHEAD) left empty, their
    headings kept: "Tổ chức 15 buổi tuyên truyền" under "III. Phương hướng nhiệm vụ năm học 2025-2026" is a
    plan, not what the school did."""
    if not _AHEAD_WORDS.search(fold(text)) or not any(
        _AHEAD_HEADING.match(fold(line[:_AHEAD_OPENING]))
        for line in text.split("\n")
        if len(line) < _AHEAD_LINE
    ):
        return text  # no line is such a heading: finding the sections would take a tenth of the time
    for section in find_sections(text, _AHEAD).found:
        at = text.find(section.text, max(0, text.find(section.heading)))
        if not section.text or at < 0 or not _AHEAD_HEADING.match(fold(section.heading)):
            continue
        text = text[:at] + re.sub(r"[^\n]+", "", section.text) + text[at + len(section.text) :]
    return text


def _achieved_first(sentence: str) -> str:
    """The sentence with a count of those planned in brackets after the rate it achieved (_ACHIEVED) as the
    value of what comes before the rate: "Số buổi tuyên truyền đạt 100% kế hoạch (12/12 buổi)" read as "Số
    buổi tuyên truyền: 12/12 buổi, đạt 100% kế hoạch"; and so a count in brackets after a rate a label
    gives (_RATE_GIVEN): "Số học sinh tham gia: 98% (1.250 em)" read as "…: 1.250 em, 98%". It is shown as
    written."""
    sentence = _ACHIEVED.sub(lambda m: f": {m.group(3)}, {m.group(2)}", sentence)
    return _RATE_GIVEN.sub(lambda m: f": {m['count']}, {m['rate']}", sentence)


def _spelled_out(sentence: str) -> str:
    """The sentence with its abbreviations (_ABBREVIATIONS) as words, to be read; it is shown as written."""
    return _ABBREVIATED.sub(lambda m: _ABBREVIATIONS[m.group(0)], sentence)


def find_figures(
    text: str, specs: Sequence[FigureSpec], *, school_year: int | None = None, year: int | None = None
) -> tuple[Figure, ...]:
    """The first credible value of each configured figure, with the sentence it came from, in spec order;
    school_year, the first year of the school year reported on, or year, the calendar year reported on,
    picks its column of a table of years.

    A zero read from a negation ("không có học sinh khuyết tật") yields to a number a later sentence
    states ("Có 450 học sinh tham gia"): a negation names its figure by a keyword alone, loosely. Of
    events (cases, sessions) the two disagree, in either order, and are both kept (_disagrees_with_none).
    A label stating the whole figure otherwise than the text does is kept beside the first value, for a
    person to check, in either order: «Số buổi tuyên truyền | buổi | 10» in an annex after «Tổ chức 8 buổi»,
    or a table or annex read first and the text after it (_stated_otherwise)."""
    phrases = {spec.id: _phrases(spec) for spec in specs}
    found: dict[str, Figure] = {}
    negated: set[str] = set()  # figures whose value is a negation's zero so far
    # Figures a label stated whole (_states_the_whole), by the sentence, until a sentence of the text states
    # them: an annex or a table read before the text, which may state the figure otherwise.
    by_label: dict[str, str] = {}
    summed: set[str] = set()  # figures summed from the parts sentences give (parts_apart), no total yet
    text = _without_what_is_ahead(text)
    sentences = _sentences(text)
    overview = _overview_sentences(text)
    early = _before_results(text)
    directed: set[str] = set()  # figures read from a sentence before the results (_before_results)
    noted = _noted_rows(text)
    planned = _planned_rows(text)
    planned |= {noted[row] for row in planned if row in noted}
    read = [(noted.get(raw, raw), shown, (), (), False) for raw, shown in _with_running_rows(sentences)]
    tables = _celled(text)
    noted_cells = _noted_rows(tables)
    tables = "\n".join(noted_cells.get(line, line) for line in tables.split("\n"))
    columns = [
        (raw, shown, grades, (), True)
        for raw, shown, grades in _column_figures(tables, phrases, school_year, printed=text, year=year)
    ]
    sums = [(raw, shown, parts, (), True) for raw, shown, parts in _grade_sums(tables, printed=text)]
    merged = [(*found, True) for found in _merged_topic_totals(tables, phrases, printed=text)]
    listed = [
        (raw, shown, parts, given, False) for raw, shown, parts, given in _grade_list_sums(text, sentences)
    ]
    # given: the values a sentence gives its figure besides the one read from raw (a list's grades)
    last = ("", "")  # the sentence read before, as read and as shown
    # The units of counts of a year before the one reported on (_of_an_earlier_year) and their figures, by
    # the sentence giving them: «Số buổi tuyên truyền: năm 2025: 4 buổi;» names what «năm 2026: 6 buổi»
    # after it counts.
    last_years: dict[str, dict[str, str]] = {}
    blocks = _table_blocks(text)
    row_specs: dict[str, set[str]] = {}  # the figures each row of a table (blocks) gave
    found_said: tuple[str, ...] | None = None
    termed = listed_before = partial = False
    for raw, shown, parts, given, column in [*read, *columns, *merged, *sums, *listed]:
        sentence = _as_cells(_corrected(_achieved_first(_calculated(_spelled_out(raw.strip())))))
        # A column of a table whose other column gave a figure may give it another value, and so may a
        # sentence after one that gave a semester's, or a statement after a «;» ending one that gave it
        # («Số lượt phụ huynh tham gia: 320 lượt; số lượt học sinh tham gia: 1.250 lượt»).
        same_table = column and any(f.sentence == shown.strip() for f in found.values())
        # What the sentences of the figures found so far say, read again only when those change: a long
        # report's every sentence asked it of each figure.
        if (said := tuple(f.sentence for f in found.values())) != found_said:
            found_said = said
            termed = any(_a_term(f) for f in found.values())
            listed_before = any(_a_list_item(s) for s in said)
            # A sentence after one that gave a figure for a part of the school's work (a campus, a grade, an
            # audience: parts_apart) may give it another part's count, or their total.
            partial = any(names_a_part(s) for s in said)
        # One of a list's items, each giving the figure its own part («- Tháng 9/2025: 3 buổi …», «- Tháng
        # 10/2025: 4 buổi …»; «Điểm chính: 3 buổi», «Điểm phụ: 2 buổi»), after another that gave it.
        itemised = not column and listed_before and _a_list_item(shown)
        continued = "" if column or not last[0].rstrip().endswith(";") else last[1].strip()
        last = (raw, shown)
        # A row of a table another row of which gave a figure may give it another value («Học sinh | 600»,
        # «Phụ huynh | 200»), and the table's total row their total (_totalled).
        block = None if column else blocks.get(shown.strip())
        in_block = block is not None and any(blocks.get(f.sentence) == block for f in found.values())
        totalled = column and any(_totalled(shown, f) for f in found.values())
        if block is not None and (total := _total_of_rows(shown.strip(), blocks, block, row_specs, found)):
            found[total.id] = total
            continue
        if (
            not sentence
            or (
                len(found) == len(specs)
                and not (
                    negated
                    or same_table
                    or termed
                    or continued
                    or in_block
                    or totalled
                    or itemised
                    or partial
                    or directed
                )
                and ":" not in raw
                and _CELL not in raw  # a label may state a figure read before otherwise (_stated_otherwise)
                and not by_label  # and so may the text after a label (_stated_otherwise)
            )
            or raw in planned
        ):
            continue
        tokens = _tokens(sentence)
        candidates: list[tuple[int, str, int]] = []  # (token index, spec id, value)
        upto: dict[int, int] = {}  # token index -> a range's upper end, the value being its lower end
        earlier = dict(last_years.get(continued, {})) if continued else {}
        for index, token in enumerate(tokens):
            if token.opens is not None and token.low is not None:
                head = _label_head(sentence, tokens, token.opens, phrases)
                if (
                    _counts_otherwise(tokens, token.opens, head)
                    or _not_reached(sentence, tokens, index)
                    or _per_each(sentence, token)
                    or _to_be_done(sentence, tokens, index)
                ):
                    continue
                spec_id = (
                    _named_after(sentence, tokens, index, phrases)
                    or _headed(tokens, token.opens, head, _named_before(tokens, token.opens, phrases))
                    or _named_around(tokens, index, phrases, token.opens)
                    or _named_over_a_unit(sentence, tokens, token.opens, phrases)
                    or _named_by_a_label(tokens, token.opens, phrases, head)
                )
                if spec_id:
                    candidates.append((index, spec_id, token.low))
                    upto[index] = _value_of(token.text)
                continue
            if token.number is None or token.number < 0:
                continue
            head = _label_head(sentence, tokens, index, phrases)  # read once for the checks below
            unit = _unit_cell(tokens, index)
            if (victims := _one_victims_case(sentence, tokens, index, phrases)) is not None:
                if not (
                    _to_be_done(sentence, tokens, index)
                    or _compared(sentence, tokens, index)
                    or _since_before_the_season(sentence, tokens[index], school_year)
                    or _of_an_earlier_year(sentence, tokens, index, school_year, year)
                ):
                    candidates.append((index, victims, 1))
                continue
            if (
                _counts_otherwise(tokens, index, head)
                or (
                    unit is not None
                    and _counts_otherwise(tokens, unit, _label_head(sentence, tokens, unit, phrases))
                )
                or _a_unit_of_two_figures(sentence, tokens, index, phrases)
                or (
                    _another_years(sentence, tokens, index, school_year, year)
                    and not _of_an_earlier_year(sentence, tokens, index, school_year, year)
                )
                or _a_rate(tokens, index)
                or _a_typed_year(tokens, index)
                or _enrolment(sentence, tokens, index, overview=raw in overview)
                or _to_be_done(sentence, tokens, index)
                or _per_each(sentence, tokens[index])
                or _other_people(sentence, tokens, index)
                or _not_reached(sentence, tokens, index)
                or _compared(sentence, tokens, index)
                or _since_before_the_season(sentence, tokens[index], school_year)
                or _not_the_schools_cases(sentence, tokens, index)
                or _on_another_topic(sentence, tokens[index])
            ):
                continue
            labelled = not _one_of_several_counts(tokens, index)
            after = _named_after(sentence, tokens, index, phrases)
            before = _named_before(tokens, index, phrases) if labelled else None
            if after and _label_disagrees(tokens, index, phrases, head, after, before):
                continue
            if before and head is None and _unit_of_another(tokens, index, phrases, before):
                before = None  # the unit names the figure, by the topic before it (_named_by_a_topic_label)
            spec_id = (
                after
                or (_headed(tokens, index, head, before) if labelled else None)
                or _named_around(tokens, index, phrases)
                or (_named_over_a_unit(sentence, tokens, index, phrases) if labelled else None)
                or (_named_by_a_label(tokens, index, phrases, head) if labelled else None)
                or (_named_by_a_topic_label(sentence, tokens, index, phrases) if labelled else None)
                or _pupils_by_em(sentence, tokens, index, phrases)
                or _running_unit(sentence, tokens, index, candidates)
                or _unit_of_a_count_before(sentence, tokens, index, candidates)
                or _this_years_count(sentence, tokens, index, earlier)
            )
            if spec_id and _whom_unsaid_visits(sentence, tokens, index, phrases[spec_id]):
                continue
            if spec_id and spec_id != after and _another_unit(sentence, tokens, index, phrases[spec_id]):
                continue
            if spec_id and _of_an_earlier_year(sentence, tokens, index, school_year, year):
                unit_word = tokens[index + 1].folded if index + 1 < len(tokens) else ""
                earlier.pop(
                    unit_word, None
                )  # the last count's figure is the one a count of no unit goes with
                earlier[unit_word] = spec_id
                continue
            if spec_id:
                # A negative count is a typo, never its absolute value: kept as written, for a person to check.
                candidates.append((index, spec_id, -token.number if token.signed else token.number))
        candidates += _totals_of_a_unit(sentence, tokens, phrases, candidates)
        last_years = {shown.strip(): earlier} if earlier else {}
        if block is not None:
            row_specs[shown.strip()] = {spec_id for _, spec_id, _ in candidates}
        stated = {spec_id for _, spec_id, _ in candidates}
        zeros = [(i, spec_id, 0) for i, spec_id in _negated(sentence, tokens, phrases)]
        candidates = sorted(candidates + zeros)
        for spec_id in dict.fromkeys(spec_id for _, spec_id, _ in candidates):
            if (
                spec_id in directed
                and spec_id in stated
                and raw not in early
                and not column
                and _CELL not in raw
                and _A_PART.search(fold(sentence)) is None
            ):
                # «xây dựng kế hoạch tổ chức 10 buổi», «quán triệt … đến 1.150 phụ huynh» in section I, then
                # «II. Kết quả thực hiện»: «đã tổ chức 8 buổi». What was done is the figure, read afresh.
                del found[spec_id]
                directed.discard(spec_id)
                negated.discard(spec_id)
            if (
                spec_id in found
                and (spec_id not in negated or spec_id not in stated)
                and not _the_years_after_a_terms(sentence, tokens, found[spec_id], candidates, spec_id)
            ):
                known = found[spec_id]
                if spec_id not in stated and _disagrees_with_none(known, phrases[spec_id]):
                    # «Có 1 vụ xâm hại … Không xảy ra vụ xâm hại nào»: which is the season's, a person reads,
                    # both sentences shown.
                    found[spec_id] = dataclasses.replace(
                        _with_other(known, [0]), sentence=f"{known.sentence}\n{shown.strip()}"
                    )
                    continue
                values = [v for _, s, v in candidates if s == spec_id]
                if _totalled(shown, known):
                    rows = (known.value, *known.others)
                    adds = sum(rows) == values[0]
                    found[spec_id] = dataclasses.replace(
                        known,
                        value=values[0],
                        sentence=shown.strip(),
                        others=rows if adds else (),
                        parts=() if adds else rows,
                    )
                    continue
                if block is not None and blocks.get(known.sentence) == block and not known.parts:
                    found[spec_id] = _with_other(known, values, repeated=True)
                    continue
                if (
                    (same_table and known.sentence == shown.strip())
                    or _a_term(known)
                    or (continued and known.sentence == continued)
                    or (itemised and _a_list_item(known.sentence) and _labels_differ(known.sentence, shown))
                ) and not known.parts:
                    # Another semester's count is another value even when it is the same number.
                    another = bool(set(_terms(sentence)) - set(_terms(known.sentence))) and _a_term(known)
                    found[spec_id] = _with_other(
                        found[spec_id], [v for _, s, v in candidates if s == spec_id], repeated=another
                    )
                elif (
                    spec_id in stated
                    and (spec_id in summed or not known.parts)
                    and parts_apart(known.sentence, shown)
                ):
                    # «Tại điểm trường chính … 5 buổi …», then «Tại điểm trường Long Hòa … 2 buổi …»: parts of the
                    # school's count the report does not add up, summed for a person to check.
                    found[spec_id] = _with_part(known, _counts_of(tokens, candidates, spec_id), shown)
                    if found[spec_id].parts:
                        summed.add(spec_id)
                elif (
                    spec_id in summed
                    and (of_parts := _whole_of_parts(shown, tokens, candidates, spec_id, known)) is not None
                ):
                    # «Tổng cộng 7 buổi» after the parts: the school's own total, the parts checked against it.
                    adds = of_parts == sum(known.parts)
                    found[spec_id] = dataclasses.replace(
                        known,
                        value=of_parts,
                        others=known.parts if adds else (),
                        parts=() if adds else known.parts,
                        sentence=f"{known.sentence}\n{shown.strip()}",
                    )
                    summed.discard(spec_id)
                elif spec_id in stated:
                    # «Tổ chức 8 buổi tuyên truyền» and, in an annex, «Số buổi tuyên truyền | buổi | 10», or the
                    # annex first: which the school meant, a person reads; both sentences are shown.
                    labelled_whole = _stated_whole(sentence, tokens, candidates, spec_id, phrases)
                    after_label = by_label.get(spec_id) == known.sentence
                    if not (after_label and labelled_whole):
                        by_label.pop(spec_id, None)  # the text's first statement after the label is compared
                    other = _stated_otherwise(
                        sentence,
                        tokens,
                        candidates,
                        spec_id,
                        known,
                        whole=labelled_whole,
                        after_label=after_label,
                    )
                    if other is not None:
                        found[spec_id] = dataclasses.replace(
                            _with_other(known, [other]), sentence=f"{known.sentence}\n{shown.strip()}"
                        )
                continue
            chosen = [(i, v) for i, s, v in candidates if s == spec_id]
            none_before = spec_id in negated  # a negation's zero found before, of no stated count
            said_none = found[spec_id].sentence if none_before else ""
            if none_before:  # a number stated after a negation's zero: the number counts
                chosen = [(i, v) for i, s, v in candidates if s == spec_id and (i, s, v) not in zeros]
            negated.discard(spec_id)
            summed.discard(spec_id)
            if (
                raw in early
                and spec_id in stated
                and not column
                and _CELL not in raw
                and not _stated_whole(sentence, tokens, candidates, spec_id, phrases)
            ):
                # Not a table's or a label's whole figure («Số buổi tuyên truyền | buổi | 25»), which the text
                # after it may state otherwise (_stated_otherwise).
                directed.add(spec_id)
            if spec_id not in stated:
                negated.add(spec_id)
            (first, value) = _total_first(tokens, chosen)
            parted = _parts_of(tokens, first, value, chosen)
            values = [v for i, v in chosen if i not in parted]
            plain = True  # values are the sentence's counts of the figure as they stand
            if (bracketed := _bracketed_parts(sentence, tokens, first, value)) is not None:
                values = [v for i, v in chosen if i not in bracketed] + list(bracketed.values())
                plain = False
            running = {
                i: since for i, _ in chosen if (since := _running_since(sentence, tokens[i])) is not None
            }
            if yearly := [(i, v) for i, v in chosen if i in running and _OF_THE_YEAR.search(running[i])]:
                # The year's running total is the season's count, the counts of the period before it its parts.
                (first, value), values = yearly[0], [v for _, v in yearly]
                plain = False
            checked = parts  # the counts per grade a person checks the value against
            if (whole := _the_whole_years(sentence, tokens, chosen)) is not None:
                # "HKI: 6 buổi; HKII: 6 buổi; cả năm: 12 buổi": the year's count, the semesters' its parts.
                (first, value), rest = whole
                values, plain = [value], False
                checked = rest if sum(rest) != value else checked
            if (off := _grades_off_total(sentence, tokens, chosen)) is not None:
                (first, value), checked = off
                values = [value]
                plain = False
            others = tuple(v for v in (*values, *given) if v != value)
            again = [i for i, v in chosen if v == value and i != first and i not in parted]
            if (
                plain
                and not given
                and again
                and not any(_restated(sentence, tokens, first, i) for i in again)
            ):
                # "6 buổi trực tiếp và 6 buổi trực tuyến": the same number counting other sessions, not the
                # count stated again, for a person to see whether they add up.
                others = tuple(v for i, v in chosen if i != first and i not in parted)
            if _terms_apart(sentence, tokens, chosen) and first == chosen[0][0]:
                # "HKI: 6 buổi; HKII: 6 buổi": the same count in another semester is another value, not the
                # same one stated again, for a person to see whether they add up.
                others = tuple(v for i, v in chosen if i != first)
            ranged = upto.get(first)
            about = _approximate(sentence, tokens, first) if ranged is None else ""
            found[spec_id] = Figure(spec_id, value, shown.strip(), others, ranged, about, checked)
            if not others and _stated_whole(sentence, tokens, candidates, spec_id, phrases):
                by_label[spec_id] = shown.strip()
            if none_before and _disagrees_with_none(found[spec_id], phrases[spec_id]):
                # «Không xảy ra vụ xâm hại nào. Năm học 2022-2023 có 1 vụ xâm hại»: the count may be another
                # season's; the zero stays beside it, for a person to check, both sentences shown.
                found[spec_id] = dataclasses.replace(
                    _with_other(found[spec_id], [0]), sentence=f"{said_none}\n{found[spec_id].sentence}"
                )
    return tuple(found[spec.id] for spec in specs if spec.id in found)


def _counts_of(
    tokens: Sequence[_Token], candidates: Sequence[tuple[int, str, int]], spec_id: str
) -> list[int]:
    """The counts a sentence states for the figure, digits or words, not a negation's zero."""
    return [v for i, s, v in candidates if s == spec_id and tokens[i].number is not None]


def _with_part(known: Figure, counts: Sequence[int], shown: str) -> Figure:
    """known with the counts another sentence gives another part of it (parts_apart), both sentences
    shown: their sum as its value, each part beside it for a person to check (Figure.parts); a figure
    already given several values, a range or an estimate keeps them, the part's counts among its others."""
    sentence = f"{known.sentence}\n{shown.strip()}"
    if known.others or known.upto is not None or known.about:
        return dataclasses.replace(_with_other(known, counts, repeated=True), sentence=sentence)
    parts = (*(known.parts or (known.value,)), *counts)
    return dataclasses.replace(known, value=sum(parts), parts=parts, sentence=sentence)


def _whole_of_parts(
    shown: str,
    tokens: Sequence[_Token],
    candidates: Sequence[tuple[int, str, int]],
    spec_id: str,
    known: Figure,
) -> int | None:
    """The whole a sentence (shown as written, read as tokens) states for a figure summed from parts
    (_with_part), about no other part than theirs: the one count it gives when it is their sum or said to
    be a total («Tổng cộng 8 buổi»); None for another sentence."""
    stated = [(i, v) for i, s, v in candidates if s == spec_id and tokens[i].number is not None]
    if len(stated) != 1 or parts_apart(known.sentence, shown):
        return None
    index, value = stated[0]
    return value if value == sum(known.parts) or _a_total(tokens, index) else None


def _stated_otherwise(
    sentence: str,
    tokens: Sequence[_Token],
    candidates: Sequence[tuple[int, str, int]],
    spec_id: str,
    known: Figure,
    *,
    whole: bool,
    after_label: bool,
) -> int | None:
    """The value a later sentence states for a figure already read, otherwise than known does, when one of
    the two states the whole figure by its label (_stated_whole) and the other is no part: the report's
    text says «Tổ chức 8 buổi tuyên truyền» and its annex, after it, «Số buổi tuyên truyền | buổi | 10»
    (whole: the later sentence is the label), or the annex comes first and the text after it (after_label:
    known is the label, the sentence the text's first statement of the figure after it). None when it
    agrees with known, with the sum of known's values, or the one that is no label is a part (a semester's,
    a grade's, a month's) the label's value may be the whole of."""
    stated = [v for i, s, v in candidates if s == spec_id and tokens[i].number is not None]
    if len(stated) != 1:
        return None
    agreeing = {
        known.value,
        *known.others,
        sum((known.value, *known.others)),
        *([sum(known.parts)] if known.parts else []),
    }
    if stated[0] in agreeing:
        return None
    if whole:
        return None if _A_PART.search(fold(known.sentence)) else stated[0]
    return stated[0] if after_label and not _A_PART.search(fold(sentence)) else None


def _stated_whole(
    sentence: str,
    tokens: Sequence[_Token],
    candidates: Sequence[tuple[int, str, int]],
    spec_id: str,
    phrases: dict[str, tuple[tuple[str, ...], ...]],
) -> bool:
    """Whether the sentence gives the figure one count, stated whole by its label (_states_the_whole)."""
    stated = [i for i, s, _ in candidates if s == spec_id and tokens[i].number is not None]
    return len(stated) == 1 and _states_the_whole(sentence, tokens, stated[0], spec_id, phrases)


def _states_the_whole(
    sentence: str,
    tokens: Sequence[_Token],
    index: int,
    spec_id: str,
    phrases: dict[str, tuple[tuple[str, ...], ...]],
) -> bool:
    """Whether the count at index is labelled by its figure's keyword, in a table's row or before a colon,
    the label saying nothing more than when or on what topic ("Số buổi tuyên truyền | buổi | 10", "Số lượt
    học sinh tham gia: 600"), in a sentence naming no part of the year, no grade, no month and no year:
    the whole figure as the school counts it, not a part ("… trực tuyến", "… cho phụ huynh", "Khối 6")."""
    unit = _unit_cell(tokens, index)
    at = index if unit is None else unit
    head = _label_head(sentence, tokens, at, phrases)
    if head is None or head[0] != spec_id:
        return False
    allowed = _QUALIFIERS | _TOPIC_WORDS | {word for phrase in phrases[spec_id] for word in phrase}
    if any(t.number is not None or t.folded not in allowed for t in tokens[head[2] : at]):
        return False
    folded = fold(sentence)
    return _A_PART.search(folded) is None and not _years(sentence)


def _disagrees_with_none(figure: Figure, phrases: tuple[tuple[str, ...], ...]) -> bool:
    """Whether a negation's zero disagrees with figure, read from another sentence: a count above zero of
    events (_EVENTS), whose keyword a negation names them by ("Không xảy ra vụ xâm hại nào" against "có 1 vụ
    xâm hại"), with no zero beside it yet. A negation names people by a keyword alone, loosely ("không có
    học sinh khuyết tật"): a count of them stated elsewhere is read, the zero left."""
    return figure.value > 0 and 0 not in figure.others and any(phrase[0] in _EVENTS for phrase in phrases)


def _table_blocks(text: str) -> dict[str, int]:
    """Each line of text that is a table's row, to the first line of its table: the run of lines around it
    with as many cells. A line found in two tables is left out, its table unknown."""
    found: dict[str, int] = {}
    twice: set[str] = set()
    lines = text.split("\n")
    start = 0
    for n, line in enumerate(lines):
        width = len(line.split(_CELL))
        if width < 2:
            continue
        if n == 0 or len(lines[n - 1].split(_CELL)) != width:
            start = n
        key = line.strip()
        if key in found and found[key] != start:
            twice.add(key)
        found[key] = start
    return {line: block for line, block in found.items() if line not in twice}


def _total_of_rows(
    row: str, blocks: dict[str, int], block: int, row_specs: dict[str, set[str]], found: dict[str, Figure]
) -> Figure | None:
    """The figure a table's total row («Tổng cộng | 800») gives when every row above it but the headings'
    gave that one figure, one count each («Số lượt học sinh | 600», «Số lượt phụ huynh | 200»), and the
    column's heading names none («Số lượng»): the total its value, the rows' counts beside it (others when
    they add up to it, parts to check it against when they do not). None for another row."""
    cells = [c.strip() for c in row.split(_CELL)]
    counts_cells = [c for c in cells[1:] if c]  # «Tổng cộng | | 800»: the row number's and label's merged
    if not _TOTAL_ROW.match(fold(cells[0])) or len(counts_cells) != 1 or not _COUNT.match(counts_cells[0]):
        return None
    rows = [line for line, at in blocks.items() if at == block]
    above = rows[1 : rows.index(row)] if row in rows else []
    named = {frozenset(row_specs.get(line, ())) for line in above}
    if len(above) < 2 or len(named) != 1 or len(spec_ids := next(iter(named))) != 1:
        return None
    known = found.get(next(iter(spec_ids)))
    if known is None or known.parts or known.sentence not in above:
        return None
    counts = (known.value, *known.others)
    if len(counts) != len(above):
        return None
    total = _value_of(counts_cells[0])
    adds = sum(counts) == total
    return dataclasses.replace(
        known,
        value=total,
        sentence="\n".join([*rows[: rows.index(row)], row]),
        others=counts if adds else (),
        parts=() if adds else counts,
    )


def _totalled(shown: str, figure: Figure) -> bool:
    """Whether shown is a table's rows down to its total row (_TOTAL_ROW) and figure was read from one of
    its rows above the total, the total's column giving the same figure: «Học sinh | 600» over «Phụ huynh
    | 200» and «Tổng cộng | 800» under «Đối tượng | Số lượt tham gia»."""
    rows = shown.strip().split("\n")
    return (
        len(rows) > 2
        and _CELL in figure.sentence
        and figure.sentence in rows[1:-1]
        and _TOTAL_ROW.match(fold(rows[-1].split(_CELL)[0].strip())) is not None
    )


def _with_running_rows(sentences: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """sentences with a table's row of a running total (_RUNNING: «Lũy kế từ đầu năm học | buổi | 6») read
    with the row right above it that has the same unit («Số buổi tuyên truyền | buổi | 2»), as the sentence
    «Số buổi tuyên truyền: 2 buổi; Lũy kế từ đầu năm học: 6 buổi» is; shown as the two rows."""
    rows = [_unit_row_cells(raw) for raw, _ in sentences]
    found: list[tuple[str, str]] = []
    at = 0
    while at < len(sentences):
        row, running = rows[at], rows[at + 1] if at + 1 < len(rows) else None
        if (
            row is None
            or running is None
            or not _RUNNING.match(fold(running[0]))
            or fold(row[1]) != fold(running[1])
        ):
            found.append(sentences[at])
            at += 1
            continue
        raw = "; ".join(f"{label}: {count} {unit}" for label, unit, count in (row, running))
        found.append((raw, f"{sentences[at][1].strip()}\n{sentences[at + 1][1].strip()}"))
        at += 2
    return found


def _unit_row_cells(line: str) -> tuple[str, str, str] | None:
    """(label, unit, count) of a table's row of a label, a unit cell (_UNIT_CELLS) and a count, with or
    without a row number or borders: «1 | Số buổi tuyên truyền | buổi | 2»; None for another line."""
    cells = [c.strip() for c in _as_cells(line.strip()).split(_CELL)]
    if len(cells) == 4 and _ROW_NUMBER.match(cells[0]):
        cells = cells[1:]
    if len(cells) != 3:
        return None
    label, unit, count = cells
    if tuple(fold(unit).split()) not in _UNIT_CELLS or not _COUNT.match(count) or not label:
        return None
    return label, unit, count


def _restated(sentence: str, tokens: Sequence[_Token], first: int, again: int) -> bool:
    """Whether the count at again states the count at first once more rather than counting others: as the
    total ("tổng cộng 12 buổi"), the whole ("cả 450 học sinh"), done of those planned ("12/12 buổi … đạt 12
    buổi"), or in brackets or after «trong đó» after it ("12 buổi (12 buổi trực tiếp)")."""
    before, after = sorted((first, again))
    opens = sentence.rfind("(", tokens[before].end, tokens[after].start)
    return (
        any(
            _a_total(tokens, i) or (i > 0 and tokens[i - 1].folded in ("ca", "dat")) or "/" in tokens[i].text
            for i in (first, again)
        )
        or (opens >= 0 and ")" not in sentence[opens : tokens[after].start])
        or any((a.folded, b.folded) == _AMONG for a, b in itertools.pairwise(tokens[before:after]))
    )


def _the_years_after_a_terms(
    sentence: str,
    tokens: Sequence[_Token],
    known: Figure,
    candidates: Sequence[tuple[int, str, int]],
    spec_id: str,
) -> bool:
    """Whether the sentence gives the figure a count of the whole year (_WHOLE_YEAR before it, no semester
    named) after known, a semester's: «Cả năm tổ chức 12 buổi» after «Học kỳ I tổ chức 6 buổi» is the season's
    count, the semester's a part of it."""
    counts = [i for i, s, _ in candidates if s == spec_id]
    return (
        _a_term(known)
        and bool(counts)
        and not _terms(sentence)
        and _WHOLE_YEAR.search(fold(sentence[: tokens[counts[0]].start])) is not None
    )


def _the_whole_years(
    sentence: str, tokens: Sequence[_Token], chosen: Sequence[tuple[int, int]]
) -> tuple[tuple[int, int], tuple[int, ...]] | None:
    """((token index, value) of the only count of a figure a sentence naming semesters (_TERM) says is the
    whole year's (_WHOLE_YEAR after the count before it, no semester after it), the other counts): "HKI: 6 buổi;
    HKII: 6 buổi; cả năm: 12 buổi", "Tổ chức 6 buổi học kỳ I; cả năm học tổ chức 12 buổi". None for another
    sentence."""
    whole, rest = [], []
    start = 0
    for i, v in chosen:
        before = fold(sentence[start : tokens[i].start])
        year = [m.start() for m in _WHOLE_YEAR.finditer(before)]
        if year and year[-1] > max((m.start() for m in _TERM.finditer(before)), default=-1):
            whole.append((i, v))
        else:
            rest.append(v)
        start = tokens[i].end
    return (whole[0], tuple(rest)) if len(whole) == 1 and rest and _terms(sentence) else None


def _terms_apart(sentence: str, tokens: Sequence[_Token], chosen: Sequence[tuple[int, int]]) -> bool:
    """Whether each of two or more counts of a figure follows a semester (_TERM) of its own, after the
    count before it: "Học kỳ I tổ chức 6 buổi, học kỳ II tổ chức 6 buổi"."""
    terms = []
    start = 0
    for i, _ in chosen:
        found = _terms(sentence[start : tokens[i].start])
        if not found:
            return False
        terms.append(found[-1])
        start = tokens[i].end
    return len(chosen) > 1 and len(set(terms)) == len(terms)


def _terms(text: str) -> list[int]:
    """The semesters (_TERM) text names, in order, by number: "HKI", "học kỳ 1" are 1."""
    return [2 if m.group(0).endswith(("ii", "2")) else 1 for m in _TERM.finditer(fold(text))]


# A list's item that gives its own part a value under a label of its own, folded: "- tháng 9/2025: tổ chức 3
# buổi …", "điểm chính: 3 buổi …", "+ khối 6: …"; not "trong đó: …", which gives a part of what came before.
_LIST_ITEM = re.compile(r"^\s*(?:[-+•*–]\s*)?(?!trong do\b)([^\W\d_][^:;.]{0,30}?)\s*:\s*\S")


def _a_list_item(sentence: str) -> bool:
    """Whether sentence is a list's item giving a value under a label of its own (_LIST_ITEM)."""
    return _LIST_ITEM.match(fold(sentence)) is not None


def _labels_differ(known: str, sentence: str) -> bool:
    """Whether two list items are labelled apart («tháng 9/2025», «tháng 10/2025»): two parts, not the
    same one restated."""
    first, second = (_LIST_ITEM.match(fold(s)) for s in (known, sentence))
    return first is not None and second is not None and first.group(1).strip() != second.group(1).strip()


def _a_term(figure: Figure) -> bool:
    """Whether figure's sentence names a semester (_TERM): its value may be one part of the year's."""
    return _TERM.search(fold(figure.sentence)) is not None


def _with_other(figure: Figure, values: Sequence[int], *, repeated: bool = False) -> Figure:
    """figure with the values another column of its table gives it («Học kỳ I | Học kỳ II», «Lượt HS |
    Lượt PH») among its others, for a person to see whether they add up; with repeated, those equal to
    its own too (another semester's)."""
    if repeated:
        return dataclasses.replace(figure, others=(*figure.others, *values))
    others = tuple(dict.fromkeys(v for v in (*figure.others, *values) if v != figure.value))
    return dataclasses.replace(figure, others=others)


def figures_named(text: str, specs: Sequence[FigureSpec]) -> tuple[str, ...]:
    """The ids of the specs text names by a keyword or title, with or without a value, in spec order: a
    correction "số buổi tuyên truyền ghi nhầm" names the figure it doubts though it gives no new value.
    A keyword inside a longer one of another spec names nothing ("trẻ" in "vụ xâm hại trẻ em")."""
    phrases = {spec.id: _phrases(spec) for spec in specs}
    named: set[str] = set()
    for sentence, _ in _sentences(text):
        named |= _named_in(_tokens(_spelled_out(sentence)), phrases)
    return tuple(spec.id for spec in specs if spec.id in named)


def _named_in(tokens: Sequence[_Token], phrases: dict[str, tuple[tuple[str, ...], ...]]) -> set[str]:
    """The ids of the specs whose keyword or title the tokens hold, but for one inside a longer one of
    another spec ("trẻ" in "vụ xâm hại trẻ em")."""
    spans = [
        (at, end, spec_id)
        for at in range(len(tokens))
        for spec_id, spec_phrases in phrases.items()
        for phrase in spec_phrases
        if (end := _match(tokens, at, phrase)) is not None
    ]
    return {
        spec_id
        for at, end, spec_id in spans
        if not any(a <= at and end <= e and (a, e) != (at, end) and s != spec_id for a, e, s in spans)
    }
