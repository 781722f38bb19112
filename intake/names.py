"""Vietnamese school names: level, place and number, found in text and compared diacritic-aware."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz import fuzz, process

from kernel.schoolnames import LEVEL_LABELS, numbered_ward, place_initials, unqualified
from parsers.text import CharTable, fold, fold_aligned, has_diacritics, nfc, tone_key

MN, MG, TH, THCS, TH_THCS, THPT, THCS_THPT = "MN", "MG", "TH", "THCS", "TH&THCS", "THPT", "THCS&THPT"
# Vietnam's provinces and centrally governed cities as schools write them after their own name and
# commune ("…, xã Mỹ An, Đồng Tháp"): the 63 before the 2025 merger, which include the 34 after it, and Huế.
PROVINCES = (
    *("An Giang", "Bà Rịa Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre", "Bình Định"),
    *("Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cần Thơ", "Cao Bằng", "Đà Nẵng", "Đắk Lắk"),
    *("Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh"),
    *("Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hồ Chí Minh", "Huế", "Hưng Yên", "Khánh Hòa"),
    *("Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định"),
    *("Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi"),
    *("Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa"),
    *("Thừa Thiên Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái"),
)
_PROVINCE_WORDS = tuple(sorted((tuple(fold(p).split()) for p in PROVINCES), key=len, reverse=True))
# The kind a province or city is written with before its name, as folded words: «Tỉnh», «Thành phố», «TP.»,
# «Tp», «T.P».
_PROVINCE_KINDS = (("tinh",), ("thanh", "pho"), ("tp",), ("t", "p"))
PTCS = "PTCS"  # an old name that may mean any of these levels (_WIDE_LEVELS)
_WIDE_LEVELS = {PTCS: frozenset({TH, THCS, TH_THCS})}
# Levels that people mix up in writing (a school renamed from Mẫu giáo to Mầm non, a TH&THCS
# school called "Tiểu học"): a near match that supports, never a full one that decides.
_NEAR_LEVELS = {
    *(frozenset({MN, MG}), frozenset({TH, TH_THCS}), frozenset({THCS, TH_THCS})),
    *(frozenset({THCS, THCS_THPT}), frozenset({THPT, THCS_THPT})),
}
# The level digit of official addresses: c0 preschool, c1 primary, c2 lower secondary, c3 upper.
_ADDRESS_LEVELS = {
    "c0": frozenset({MN, MG}),
    "c1": frozenset({TH}),
    "c2": frozenset({THCS, TH_THCS}),
    "c3": frozenset({THPT, THCS_THPT}),
}
# An independent preschool group or class, folded: «Nhóm trẻ độc lập», «Nhóm trẻ tư thục», «Lớp mầm non độc
# lập», a preschool institution of its own. A school's class or group («nhóm trẻ Họa Mi», «lớp Mẫu giáo Sơn
# Ca») is not independent, and says so by writing neither word.
_GROUP_WORDS = r"nhom +tre +(?:doc +lap|tu +thuc)|lop +(?:mam +non|mau +giao) +doc +lap"
# The same words opening an issuer line, «độc lập» left out or not: «NHÓM TRẺ HOA MAI», «LỚP MẪU GIÁO (ĐỘC
# LẬP) THỎ NGỌC». A school's class issues no paper of its own, so there they name the group.
_GROUP_ISSUER = re.compile(
    r" *(?:nhom +tre|lop +(?:mam +non|mau +giao))(?: +(?:doc +lap|tu +thuc))* +(?=[a-z])"
)
# Folded spellings of each level, longest first so "th&thcs" is not read as "th". OCR reads "&" as
# "8" and "S" as "5" ("TH8THCS", "THC5"): no other word is spelt so, and the level stays readable.
# The two levels written upper first ("THCS & TH", "Trung học cơ sở và Tiểu học"), dotted initials
# ("T.H", "T.H.C.S", folded with their dots as spaces) and the old names ("cấp 1", "cấp 2", "cấp 1-2";
# "Phổ thông cơ sở", PTCS, the nine-year school that became TH, THCS or TH&THCS) are the same levels. So are
# the English names schools translate their level to in a subject or a file name ("Report NQ121 - Secondary
# school My An"), as level words only: "school" alone, or "primary" without it, is no level.
_ONE_LEVEL_WORDS: tuple[tuple[str, str], ...] = (
    (r"pho +thong +co +so|ptcs", PTCS),
    (r"trung +hoc +co +so", THCS),
    (r"thc(?:s| *5)|t +h +c +s|cap +2", THCS),
    (r"trung +hoc +pho +thong", THPT),
    (r"upper +secondary +school|high +school", THPT),
    (r"(?:lower +)?secondary +school", THCS),
    (r"thpt|cap +3", THPT),
    (r"(?:tieu|tiu|teu) +hoc", TH),  # a stamp over «TIỂU» leaves OCR «TIU», «TEU»: no other word reads so
    (r"primary +school", TH),
    (r"th|t +h|cap +1", TH),
    (r"mam +non", MN),
    (r"pre *school", MN),
    (r"mn", MN),
    (r"mau +giao", MG),
    (r"kindergarten", MG),
    (r"mg", MG),
)
# A school of several levels, each combined level staff may configure (kernel.schoolnames.LEVEL_LABELS:
# «TH&THCS», «THCS&THPT»), its levels in any of their spellings, in either order, joined by «&», «và» or a
# dash: «THCS&THPT», «THCS và THPT», «Trung học cơ sở và Trung học phổ thông», «THPT - THCS».
_LEVELS_JOINED = r" *(?:&|8|va|[-–]) *"
_COMBINED_LEVEL_WORDS = tuple(
    (
        _LEVELS_JOINED.join(
            f"(?:{'|'.join(p for p, one in _ONE_LEVEL_WORDS if one == part)})" for part in order
        ),
        code,
    )
    for code in sorted((c for c in LEVEL_LABELS if "&" in c), key=lambda c: -c.count("&"))
    for order in itertools.permutations(code.split("&"))
)
_LEVEL_WORDS: tuple[tuple[str, str], ...] = (
    (_GROUP_WORDS, MN),
    *_COMBINED_LEVEL_WORDS,
    (r"th *thc(?:s| *5)", TH_THCS),  # «THTHCS», the «&» left out
    (r"cap +1 *(?:va|&)? *2", TH_THCS),
    *_ONE_LEVEL_WORDS,
)
# A level, then what may stand between it and the place: "tư thục" (private; a kindergarten's "MNTT", "MGTT"
# joined to its level), "công lập", the kind of place ("thị trấn", "TT", "T.T", "xã", "X.", "phường", "P."),
# except the «Phường» of a numbered ward, which is its school's name («TH Phường 10», «TH P.10»).
_LEVEL_MENTION = re.compile(
    r"(?<![a-z0-9&])(?P<level>"
    + "|".join(p for p, _ in _LEVEL_WORDS)
    + r")(?:(?<=mn|mg)tt)?(?: +(?:tu +thuc|cong +lap|thi +tran|t *t|xa?|(?:phuong|p)(?! *\d)))* +(?=[a-z0-9])"
)
# Two levels joined by a dash as one school's ("TRƯỜNG TIỂU HỌC - THCS TÂN LONG", "THCS-TH"): read as "&",
# which keeps the text's length, so positions still agree with the text as written.
_LEVELS_DASHED = re.compile(
    r"(?i)\b(?:tiểu học *[-–] *(?=thcs\b|trung học cơ sở\b)|(?:thcs|trung học cơ sở) *[-–] *(?=th\b|tiểu học\b))"
)
# What stands between two levels written before one place, folded: "TH và MG Mỹ Phú", "TH, MG Mỹ Phú" (the
# comma read into the first level), "Tiểu học - Mẫu giáo Mỹ Phú": a school of each level of that place.
_JOINED_LEVELS = re.compile(r"[ ,&/+–-]*(?:va[ ,&/+–-]+)?")
# An English level after a place, as English puts it ("My An Secondary School"), folded.
_ENGLISH_LEVEL_AFTER = re.compile(
    r" +((?:(?:lower|upper) +)?secondary +school|primary +school|high +school|kindergarten|pre *school)(?![a-z0-9])"
)
# A level in brackets right after a place: «BC NQ121 Mỹ An (THCS)».
_LEVEL_IN_BRACKETS = re.compile(r"[ \t]*\([ \t]*([^()\n]{1,20}?)[ \t]*\)")
# A level after a place that ends the line or the file's name: «BC NQ121 Mỹ An - THCS», «… Mỹ An THCS»,
# «MyAn_THCS.docx». One with words after it («Mỹ An - THCS Mỹ Phú») begins the next school's name.
_LEVEL_ENDING_THE_LINE = re.compile(
    r"(?:[ \t]*[-–_,:][ \t]*|[ \t]+)([^\n]{1,24}?)[ \t]*(?:\.[A-Za-z0-9]{1,5})?$", re.MULTILINE
)
# A level and nothing after it: "TRƯỜNG TIỂU HỌC" cut at a line end names no school.
_LEVEL_ALONE = re.compile(r"(?:" + "|".join(p for p, _ in _LEVEL_WORDS) + r")(?: +(?:tu +thuc|cong +lap))*")
# The kind of a boarding school for ethnic minority pupils, folded: semi-boarding ("PTDTBT", "DTBT", "Phổ thông
# dân tộc bán trú") or boarding ("PTDTNT", "Phổ thông DTNT", "Phổ thông dân tộc nội trú"). A district may have
# one of each of a level and place ("Trường PTDTBT THCS Ea H'leo", "Trường PTDTNT THCS Ea H'leo"): only the
# kind tells them apart.
PTDTBT, PTDTNT = "PTDTBT", "PTDTNT"
GROUP = "nhóm trẻ"  # the kind of an independent group (_GROUP_WORDS), which is no school
_BOARDING = (
    r"(?:(?:(?:pt|pho +thong) *)?dt *(?:bt|nt)|(?:pho +thong +|pt +)?dan +toc +(?:ban +tru|noi +tru)"
    r"|ptdt +(?:ban +tru|noi +tru))"
)
_BOARDING_ENDING = re.compile(rf"(?<![a-z0-9]){_BOARDING} *$")
_SEMI_BOARDING = re.compile(r"(?:bt|ban +tru) *$")
# The kind written after the level, folded: «TRƯỜNG THCS DTNT EA H'LEO», «Trường TH bán trú Ea Sol» (there
# «bán trú» or «nội trú» alone says it: no place is named so).
_BOARDING_AFTER_LEVEL = re.compile(rf" *(?:{_BOARDING}|ban +tru|noi +tru)(?= +[a-z0-9])")
# The kind written before a place with no level, folded: «BC NQ121 PTDTBT Ea Sol», «trường bán trú Ea Sol».
_BOARDING_BEFORE_PLACE = re.compile(rf"(?<![a-z0-9])(?:{_BOARDING}|truong +(?:ban +tru|noi +tru)) +$")
# «Thị trấn» ending a level as read with it («THCS Thị trấn», «TH TT», «TH T.T»: _LEVEL_MENTION), folded; not
# the «tt» of a private kindergarten's «MNTT».
_TOWN_ENDING = re.compile(r"(?<![a-z0-9])(?:thi +tran|t *t) *$")
# "Trường" opening an issuer line, folded, with "liên cấp" after it ("TRƯỜNG LIÊN CẤP TH-THCS …") or the
# kind of a boarding school.
_SCHOOL_WORD = re.compile(rf" *truong +(?:lien +cap +)?(?:{_BOARDING} +)?")
# "Liên cấp" in the school word, folded: a school of several levels, whatever levels it leaves out.
_MULTI_LEVEL = re.compile(r"\blien +cap\b")
# The same right before a place written with no level, folded: "BC NQ121 trường liên cấp Tân Long".
_MULTI_LEVEL_BEFORE = re.compile(r"\blien +cap *[-–:]? *$")
# A form's blank where the school's name goes, on the text as written: "TRƯỜNG ............", "TRƯỜNG ____"
# (after a level, "TRƯỜNG TH …………", the level is alone on its line as read).
_BLANK_NAME = re.compile(r"\s*\S+\s*[.…_]{3,}")
# A chain of schools written before a level or a name, folded: «Hệ thống MN Ngôi Sao Nhỏ», «hệ thống trường
# Ngôi Sao Nhỏ», «Hệ thống giáo dục Ngôi Sao Nhỏ» name the owner of several campuses, none of them.
_CHAIN = r"he +thong(?: +(?:truong|giao +duc))?"
# Words before a place name that make it a commune or the district, not a school; or a hamlet («ấp Mỹ
# Phú», «thôn», «khu phố», the highlands' «buôn», «bon», «bản», «làng», the South's «sóc», «khóm») or a
# school's site («điểm trường Mỹ Phú», «điểm lẻ», «cơ sở Mỹ Phú», «phân hiệu», «phân trường») named after
# a place; or whom a mail is sent to («gửi Ea Tir», «gửi VHXH Ea Tir»), not whose report it is.
# Schools named after people, birds and flowers share their names with what a report or a mail names
# otherwise: a class («lớp Sơn Ca», «nhóm lớp Hoa Sen», «nhóm trẻ Họa Mi»), a pioneer unit («Liên đội Kim
# Đồng», «chi đội»), a party cell, a hero or a poet («tấm gương anh Kim Đồng», «bài thơ của Nguyễn Du»), a
# street («đường Lê Quý Đôn»).
_NOT_SCHOOL_BEFORE = re.compile(
    r"\b(?:xa|huyen|tinh|phuong|quan|thi +tran|tt|ubnd|pgd|phong|gd&dt|gddt|pgddt|dia +ban|vhxh|vh-xh"
    r"|ap|thon|khu +pho|kp|khom|buon|bon|ban|lang|soc|diem(?: +(?:truong|le))?|khu +le|co +so"
    r"|phan +hieu|phan +truong|gui(?! +(?:giup|gium|ho|thay)\b)) *$"
    rf"|\b{_CHAIN} *$"
    r"|\b(?:lop|nhom +tre|lien +doi|chi +doi|chi +bo|anh(?: +hung)?|liet +si|guong|tho|thi +hao|duong)"
    r"(?: +(?:cua|ve))? *$"
)
# A school's number written before its place, folded: "TH số 2 Long Hòa", "trường số II Long Hòa".
_NUMBER_FIRST = re.compile(r"so +(?:\d{1,2}|[ivx]{1,4}) +(?=[a-z])")
_NUMBER_BEFORE = re.compile(r"(?<![a-z0-9])so +(?:\d{1,2}|[ivx]{1,4}) +$")
# Words right before a place written with no level that write it as whose report a mail sends, folded:
# «trường», «của», «thay», «gửi» ("gửi báo cáo của trường Mỹ Phú", "gửi thay Mỹ Phú", "gửi giúp Mỹ Phú",
# "gửi dùm Mỹ Phú"), «cho» after sending for someone ("gửi giùm cho Mỹ Phú", "nộp dùm báo cáo cho Mỹ
# Phú", "gửi thay báo cáo cho Mỹ Phú"), or «báo cáo» and the report's code ("Báo cáo NQ121 - Mỹ Phú").
_REPORT_WORDS = r"(?:bao +cao|bc)(?: +[a-z]{0,6} *\d[a-z0-9/.]*)?"
_SENT_FOR_BEFORE = re.compile(
    r"\b(?:truong(?: +lien +cap)?|cua|thay(?: +cho)?|gui(?: +(?:giup|gium|dum|ho|thay))?"
    rf"|(?:gui|nop) +(?:giup|gium|dum|ho|thay)(?: +{_REPORT_WORDS})? +cho|{_REPORT_WORDS}) *[-–:]? *$"
)
# A line of a signature's address block ("Địa chỉ: …", "Đ/c: …"), folded: its places locate the sender.
_ADDRESS_LINE = re.compile(r"(?:^|\n)[ \t>*-]*(?:dia +chi|d/c)\b[^\n]*$")
# What stands before a school the text names as a partner, folded: "phối hợp với (các) trường", "cùng trường",
# "tại trường", "giữa trường", "giao lưu với Liên đội trường" (its pioneer unit), a boarding school's kind
# before its level: "phối hợp với Trường PTDTBT Tiểu học …". So does working with it without «với»:
# "phối hợp Trường", "kết hợp", "giao lưu", "hỗ trợ", "với sự tham gia của", "học tập kinh nghiệm của".
_PARTNER_BEFORE = re.compile(
    r"\b(?:voi|cung|tai|giua|phoi +hop|ket +hop|giao +luu|ho +tro|tham +gia +cua"
    r"|hoc +tap(?: +kinh +nghiem)?(?: +cua)?)"
    rf" +(?:cac +)?(?:(?:lien|chi) +doi +)?(?:truong +)?(?:{_BOARDING} +)?$"
)
# From a school's level to the next school's in a list of them, folded: «THCS Ea Kly và Trường », «TH Mỹ An, ».
_LISTED_AFTER = re.compile(
    rf"[^.;:\n]{{1,40}}?(?:,| +(?:va|cung|voi))\s+(?:cac +)?(?:truong +)?(?:{_BOARDING} +)?"
)
# The same, as written where folding would join other words: "mời Trường …" (not «mới», «môi trường»).
_INVITED_BEFORE = re.compile(r"\bmời +(?:các +)?(?:trường +)?$", re.IGNORECASE)
# A school that holds what the text tells of, folded: "do Trường … tổ chức" before and after its name.
_HELD_BY_BEFORE = re.compile(r"\bdo +(?:truong +)?$")
_HELD_BY_AFTER = re.compile(r"[^\n.;]{0,60}?\bto +chuc\b")
# What stands before a school someone worked at before, folded: "nguyên Hiệu trưởng Trường …", "nguyên giáo
# viên", "trước đây công tác tại": a former school, never the one writing now. «Nguyễn», a name, folds alike
# and is told apart as written (_former).
_FORMER_BEFORE = re.compile(
    r"\b(?P<former>nguyen|truoc +day)(?: +(?:la|cong +tac|lam|day))?"
    r"(?: +(?:pho +)?(?:hieu +truong|giao +vien|gv|p?ht|to +truong|nhan +vien|ke +toan|can +bo|tong +phu +trach))?"
    r"(?: +(?:cua|o|tai))? +(?:truong +)?$"
)
_COMPACT_LEVEL = re.compile(r"^(c[0-3]|ththcs|thcs|thpt|th|mn|mg|mamnon|maugiao|tieuhoc)")
_COMPACT_WORDS = {"mamnon": "mam non", "maugiao": "mau giao", "tieuhoc": "tieu hoc", "ththcs": "th thcs"}
_COMPACT_TOWN = re.compile(r"^(?:thitran|tt)(?=[a-z])")
# What may follow a place in a name written as one word: the school's number, then an account's year
# ("mnhoasen2015", "thmyan1990": the account's, not the school's number).
_COMPACT_TAIL = re.compile(r"([1-9]|[a-e])?(?:(?:19|20)\d\d)?")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}
LONGEST_NAME = 8  # words kept after a level: a place name and its number fit easily
# The line directly under a school's name when it gives the school's commune, as a signature does («Trường
# Tiểu học Kim Đồng» over «xã Phước Thạnh», «Ấp 3, xã Nhựt Ninh, tỉnh …»), folded with its punctuation as
# spaces (_aligned): read as written after the name from the commune's kind on, a hamlet before it being
# none of a school's names. A date line («Xã Phước Thạnh, ngày …») is not one.
_COMMUNE_LINE = re.compile(r" *(?:(?:ap|khu +pho|thon) [^\n]{1,30}? )?(?=(?:xa|phuong|thi +tran) +[a-z0-9])")
# Characters read after a level for those words, and around it for what stands beside it on its line: a
# mail of one long line (a pasted table, a body without line breaks) is not read again for each mention.
_REACH = 400
_CELL = "|"  # what the readers write between a table row's cells (" | ")
# After at least one word of a name, what ends it: a day and month (2/10, 2.10.2021, 2-10, 2_10_2021 in a
# file's name), a month and year (10/2026, which no school's number 10 is), a document's number and symbol
# (2/BC-TH) or a part of a year (II/2021).
_ENDS_A_NAME = re.compile(
    r"(?<=[^\W_])[\W_]+(?=\d{1,2}[/.]\d{1,2}(?!\d)|\d{1,2}-(?:0?[1-9]|1[0-2])(?!\d)|\d{1,2}[-_]\d{1,2}[-_]20\d\d(?!\d)"
    r"|\d{1,2}[-/._]20\d\d(?!\d)|\d{1,4}/[^\W\d_]|[IVX]{1,4}/20\d\d(?!\d))"
)
# A new clause after a name that starts with a figure: «tổ chức tại Trường THCS Lê Quý Đôn; 7 buổi tuyên
# truyền» is no Lê Quý Đôn 7. A school's number follows its place with no comma; so does a direction that
# makes another place of it: «TH Long Hậu, Long Phụng, Đông Thạnh» lists Đông Thạnh, it writes no Long Phụng Đông
# (a province after the name, «…, Tây Ninh», is read as before).
_NEW_CLAUSE = re.compile(
    r"(?<=[^\W_])\s*[;,]\s*(?=\d|(?i:đông|tây|nam|bắc|trung|thượng|hạ)(?![^\W\d_])(?!\s+(?i:"
    + "|".join(
        re.escape(rest)
        for p in PROVINCES
        if fold(p).startswith(("tay ", "bac ", "nam "))
        for rest in (p.split(" ", 1)[1], fold(p).split(" ", 1)[1])
    )
    + r")(?![^\W\d_])))"
)
# Two places in brackets after a name, set apart by a dash: «TH Võ Thị Sáu (Mỹ Quý - Đức Bình)», the
# school's commune now and before (or its district). The name is read up to the first; the dash ends it.
_PLACES_IN_BRACKETS = re.compile(r"\([^()\n]*?[^\W_](?P<end>\s*[-–—]\s*)[^()\n]*[^\W_][^()\n]*\)")
# Two schools' numbers or letters after one place: «TH Bình Thạnh 1 và 2», «TH Mỹ Thạnh A, B».
_SEVERAL_NUMBERS = re.compile(
    r"(?<=[\s(])(?:\d|[A-Ea-e]|[IVX]{1,4})\s*(?:,|;|&|\+|\bvà\b|\bva\b)\s*(?:(?:số|so)\s+)?"
    r"(?:\d|[A-Ea-e]|[IVX]{1,4})(?![^\W_])"
)
# Between a sibling school's place and the same place written again, folded: its number or letter and a
# «và» or a comma («Rạch Gòi A và Rạch Gòi B», «Tân Phú 1, Tân Phú 2»), naming two schools of one place.
_SIBLING_JOINED = re.compile(r" +(?:so +)?(?:\d{1,2}|[a-e]|[ivx]{1,4}) *(?:,|;|&|\+|\bva\b) *")
_WARD_NUMBER = re.compile(r"[0-9]{1,2}")  # a numbered ward's: «Phường 10», «P.10»
EXACT_PLACE, TONE_PLACE, TYPO_PLACE = 3, 2, 1
_INITIALS = re.compile(r"[bcdfghklmnpqrstvx]{1,3}")  # a shortened word of a name: «Ng», «T», «NV»
_TYPO_SCORE = 85  # rapidfuzz ratio of folded places above which a differing one is a typo
# A document's number, folded: "12/bc-thmta"; the part after the type is its issuer's code.
_SYMBOL = re.compile(r"/\s*[a-z]{1,5}\s*-\s*([a-z][a-z0-9&.]*)")
# What stands before a level that is the issuer code of a document number ("Số: 25/BC-TH"), not a school.
# A kindergarten's class or group written before a level, folded: «lớp Mẫu giáo Sơn Ca», «nhóm lớp Mầm non
# Họa Mi» name a class (often after a school's name), not the school.
_CLASS_BEFORE = re.compile(r"\b(?:lop|nhom(?: +lop| +tre)?) +$")
_CHAIN_BEFORE = re.compile(rf"\b{_CHAIN} +$")
_IN_SYMBOL = re.compile(r"/\s*[a-z]{1,5}\s*-\s*$")
# What follows a level code that a scan kept of a document's number ("Số: 12/BC-THKĐ" read as "TH") beside
# the date line, folded: "Đức Hòa, ngày 18 tháng 10 năm 2025".
_DATE_LINE = re.compile(r"[a-z][^,\n]{0,40}, *ngay +\d{1,2} +thang +\d{1,2} +nam +\d{4}")
# The day of a school named after a date as its name's place («19» of «19/5» and of «19 tháng 5»), and the
# month its number is.
_DAY = re.compile(r"0?[1-9]|[12][0-9]|3[01]")
_MONTH = re.compile(r"[1-9]|1[0-2]")
# In folded text after a date-named school's day: its month, then a year that makes it a date
# («19/5/2026», «19 tháng 5 năm 2026»), no school's name.
_MONTH_AFTER = re.compile(r" +(?:thang +)?(?:0?[1-9]|1[0-2])(?![0-9])")
_YEAR_AFTER = re.compile(r" +(?:nam +)?(?:19|20)[0-9]{2}(?![0-9])")
# What writes a date before a day, folded: «ngày 8/3», «từ 15/8 đến 2/9», «gửi trước 30/4», «dịp 2/9».
_DATE_BEFORE = re.compile(r"(?<![a-z0-9])(?:ngay|tu|den|toi|truoc|sau|han|hom|luc|vao|dip|le|tet) *$")


@dataclass(frozen=True)
class SchoolName:
    """A school's name as configured: "Trường Tiểu học Bình Thạnh 1" -> TH, "Bình Thạnh", "1"."""

    level: str | None
    place: str  # NFC, with its diacritics
    suffix: str  # "1", "A", or ""
    kind: str = ""  # PTDTBT, PTDTNT, GROUP, or "" for any other school
    town: bool = False  # «Thị trấn» written before the place: «Trường THCS Thị trấn Sín Chải»

    @property
    def dated(self) -> bool:
        """Whether the name is a date's, its day read as its place and its month as its number («Trường
        Mầm non 19/5», «Trường Tiểu học 19 tháng 5»): only the whole date names the school."""
        return _MONTH.fullmatch(self.suffix) is not None and _DAY.fullmatch(_folded(self.place)) is not None


@dataclass(frozen=True)
class Mention:
    """A school named in some text: the level it states and the words that follow."""

    levels: frozenset[str]  # empty when no level is written ("Bình Thạnh 1" in a subject)
    words: tuple[str, ...]  # original words (NFC): the place, perhaps a number, then whatever follows
    lead: str  # the level as written ("Trường TH", "TIỂU HỌC"), or the whole word of a compact mention
    compact: bool = False  # one run-together word ("c1binhthanh1"): lead is all there is to show
    kind: str = ""  # PTDTBT, PTDTNT (written before the level), GROUP (its level words), or "" for none
    town: bool = False  # «thị trấn» or «TT» written before the place, after the level or the school's number
    # The text from the first word through each word, as written («19/5» for words «19», «5»; «P.3» for
    # «Phường», «3»), when the mention was read from text; () when it was made of words alone.
    written: tuple[str, ...] = ()

    def shown(self, count: int) -> str:
        """The mention as written, with the first count words after the level."""
        if self.compact:
            return self.lead
        lead = _as_written(self.lead)
        if self.written and count > 0:
            return f"{lead} {self.written[min(count, len(self.written)) - 1]}".strip()
        return " ".join((lead, *self.words[:count])).strip()


@dataclass(frozen=True, order=True)
class Fit:
    """How well a mention fits one school name; compared field by field, place first."""

    place: int  # 3 same letters (and tones, when both sides have them), 2 other tones, 1 a typo
    level: int  # 2 same level, 1 a near level or none written
    suffix: int  # 2 same number (or neither has one), 1 the mention gives no number
    # 2 «thị trấn» written of a name that writes it too, or not written; 1 written of a name without it.
    # It only ranks fits: the town's school is «THCS Thị trấn Sín Chải», the boarding school of the
    # district named after the same town «PTDTNT THCS Sín Chải», but a list may leave the word out.
    town: int = 2

    @property
    def full(self) -> bool:
        return self.place == EXACT_PLACE and self.level == 2 and self.suffix == 2


@lru_cache(maxsize=1024)  # the same subject, file name or document is split by several clues of a message
def split_words(text: str, joint: str = " ") -> str:
    """Separate run-together words as file names write them: "BC_THBinhThanh1" -> "BC_TH Binh Thanh 1".
    joint is put between them: _JOINT keeps where they were joined, to quote them as written."""
    out: list[str] = []
    done = 0
    for join in _JOINS.finditer(text.translate(_KINDS)):  # the few places a word may start
        i = join.start()
        prev, c = text[i - 1], text[i]
        nxt = text[i + 1] if i + 1 < len(text) else ""
        vni = _VNI_INSIDE.match(text, i if c.isdigit() else i - 1) is not None  # "Tha5nh": one word
        if (prev.isalpha() and c.isupper() and (prev.islower() or nxt.islower())) or (
            not vni and ((prev.isalpha() and c.isdigit()) or (prev.isdigit() and c.isalpha()))
        ):
            out += (text[done:i], joint)
            done = i
    return "".join(out) + text[done:] if out else text


def _kind(c: str) -> str:
    """What split_words needs to know of a character: a letter upper case (U), lower case (L) or
    neither (A), another upper-case sign (V, a Roman numeral), a digit (D), or something else."""
    if c.isalpha():
        return "U" if c.isupper() else "L" if c.islower() else "A"
    if c.isupper():
        return "V"
    return "D" if c.isdigit() else " "


_KINDS = CharTable(_kind)
# Where split_words separated run-together words, in a copy of its text aligned with it («P\x001» for «P1»).
_JOINT = "\x00"
# A capital or a digit after a letter, a letter after a digit: only there may split_words add a space.
_JOINS = re.compile(r"(?<=[ULA])[UVD]|(?<=D)[ULA]")


def _aligned(text: str) -> str:
    """fold() one character at a time, punctuation to spaces, so positions agree with text."""
    return text.translate(_ALIGNED)


def _aligned_char(c: str) -> str:
    folded = fold_aligned(c)
    return folded if folded.isalnum() or folded in "&\n" else " "


_ALIGNED = CharTable(_aligned_char)  # one lookup per character, where a generator tested each one


def number_of(word: str) -> str | None:
    """The number of a school when word is one ("1", "01", "10", "A", roman "II" -> "2"), else None."""
    folded = fold(word)
    if re.fullmatch(r"0?[1-9]|[1-9][0-9]", folded):
        return str(int(folded))
    if word.isascii() and folded in _ROMAN:
        return _ROMAN[folded]
    if word.isascii() and re.fullmatch(r"[a-e]", folded):
        return folded.upper()
    return None


@lru_cache(maxsize=1024)  # asked of the same few phrases of the registry's names again and again
def level_of(phrase: str) -> str | None:
    """The level code of a folded level phrase ("tieu hoc" -> "TH"), or None."""
    phrase = " ".join(phrase.split())
    for pattern, level in _LEVEL_WORDS:
        if re.fullmatch(pattern, phrase):
            return level
    return None


def with_level_code(words: tuple[str, ...]) -> tuple[str, ...]:
    """A name's words ("trường", "mẫu", "giáo", "mỹ") with the level written after "Trường" in any of its
    spellings replaced by its code ("trường", "MG", "mỹ"): "TRƯỜNG MG MỸ" and "Trường Mẫu giáo Mỹ Lạc" then
    start alike."""
    if not words or fold(words[0]) != "truong":
        return words
    for end in range(min(len(words), 7), 1, -1):
        level = level_of(fold(" ".join(words[1:end])))
        if level is not None:
            return (words[0], level, *words[end:])
    return words


def parse_name(name: str) -> SchoolName:
    """A configured name or alias: "Trường Mầm non Thị trấn Thủ Thừa" -> MN, "Thủ Thừa", ""."""
    name = unqualified(name)[0]
    found = _mentions(name)
    if found:
        mention = found[0][1]
        level = next(iter(mention.levels)) if len(mention.levels) == 1 else None
        return _named(level, mention.words, mention.kind, mention.town)
    # A boarding school's former name written with no level («Trường PTDTNT huyện Kon Plông»): its kind is
    # no part of its place, as in a header that writes it so.
    boarding = issuer_mention(name)
    if boarding is not None and boarding.kind in (PTDTBT, PTDTNT):
        return _named(None, boarding.words, boarding.kind)
    words = tuple(_WORD.findall(name))
    return _named(None, words[1:] if words and fold(words[0]) == "truong" else words)


def _named(level: str | None, words: tuple[str, ...], kind: str = "", town: bool = False) -> SchoolName:
    if len(words) == 2 and numbered_ward(" ".join(words)):
        # «Phường 1»: the number is its ward's, not a school's
        return SchoolName(level, " ".join(words), "", kind)
    words = _date_written_out(words)  # «19 tháng 5» as «19/5»: one date, however written
    if len(words) > 2 and fold(words[0]) == "so" and number_of(words[1]):  # "Tiểu học số 1 Bình Thạnh"
        # «Tiểu học số 1 Thị trấn Sín Chải»: the town's school, named after the town as «THCS Thị trấn …» is
        after = _town_words(words[2:])
        after = after if len(words) > 2 + after else 0  # «… số 1 Thị trấn» alone: the town is its name
        words = (*words[2 + after :], words[1])
        town = town or after > 0
    elif len(words) > 2 and fold(words[-2]) == "so" and number_of(words[-1]):  # "… Bình Thạnh số 1"
        words = (*words[:-2], words[-1])
    number = number_of(words[-1]) if len(words) > 1 else None
    return SchoolName(level, " ".join(words[:-1] if number else words), number or "", kind, town)


def _town_words(words: Sequence[str]) -> int:
    """How many of words, at their head, write «thị trấn» («Thị trấn», «TT»); 0 when they do not."""
    folded = [_folded(w) for w in words[:2]]
    if folded == ["thi", "tran"]:
        return 2
    return 1 if folded[:1] == ["tt"] else 0


def issuer_mention(issuer: str) -> Mention | None:
    """The school an issuer line names ("TRƯỜNG TIỂU HỌC BÌNH THẠNH 1"); None when it names no school."""
    text = split_words(issuer.strip())
    folded = _aligned(text)
    school_word = _SCHOOL_WORD.match(folded)
    start = school_word.end() if school_word else 0
    for position, mention in _mentions(text):
        if position == start:
            return mention
    group = None if school_word else _GROUP_ISSUER.match(folded)
    if group is not None:
        words = tuple(_WORD.findall(text[group.end() :]))[:LONGEST_NAME]
        return Mention(frozenset({MN}), words, text[: group.end()].strip(), kind=GROUP)
    if school_word and _LEVEL_ALONE.fullmatch(folded[start:].strip()):
        return None  # "TRƯỜNG TIỂU HỌC", the rest of the name lost at a line end
    if blank_name(issuer):
        return None  # the office's form, its blank not filled in
    if school_word:  # "TRƯỜNG BÌNH THẠNH 1": a school, its level not written
        words = tuple(_WORD.findall(text[start:]))[:LONGEST_NAME]
        # "TRƯỜNG LIÊN CẤP TÂN LONG": a school of several levels, which a kindergarten never is
        levels = frozenset({TH_THCS}) if _MULTI_LEVEL.search(school_word.group(0)) else frozenset()
        kind = _boarding_kind(school_word.group(0))
        return Mention(levels, words, text[:start].strip(), kind=kind) if words else None
    return None


def lone_levels(issuer: str) -> frozenset[str]:
    """The levels of an issuer line that is a level alone, with or without "Trường", its name lost at a line
    end or to a scan ("TRƯỜNG TIỂU HỌC", "THCS"); empty for any other line."""
    folded = _aligned(split_words(issuer.strip()))
    school_word = _SCHOOL_WORD.match(folded)
    rest = folded[school_word.end() :].strip() if school_word else folded.strip()
    if not _LEVEL_ALONE.fullmatch(rest):
        return frozenset()
    level = next((lv for pattern, lv in _LEVEL_WORDS if re.match(rf"(?:{pattern})(?![\w&])", rest)), None)
    return _WIDE_LEVELS.get(level, frozenset({level})) if level else frozenset()


def level_fits(written: frozenset[str], level: str | None) -> bool:
    """Whether a school of level may be one written at any of written: the same level or a near one."""
    return _level_fit(written, level) is not None


def blank_name(issuer: str) -> bool:
    """The issuer line as the office's form has it, the school's name a blank: "TRƯỜNG ............"."""
    text = split_words(issuer.strip())
    school_word = _SCHOOL_WORD.match(_aligned(text))
    return bool(school_word and _BLANK_NAME.match(text[school_word.start() :]))


# The marks Vietnamese puts on its letters (circumflex, breve, horn and the five tones); a letter with
# any other ("Ï", "Ñ") or a mark on a consonant is no Vietnamese letter.
_VIETNAMESE_MARKS = frozenset("\u0302\u0306\u031b\u0300\u0301\u0303\u0309\u0323")
_NAME_PUNCTUATION = frozenset("&-–./()")
# A letter beside a digit, or a mark between letters, inside one word: "THC5", "NH1", "TRƯ'ƠNG", "TH,CS".
_TORN_WORD = re.compile(r"[^\W\d_]\d|\d[^\W\d_]|[^\W\d_][',.`~][^\W\d_]")


def garbled(issuer: str) -> bool:
    """Whether an issuer line read off a scan is OCR's gibberish rather than a name: a character no
    Vietnamese name is written with, or a word torn by a digit or a mark ("ˆRUÒ›G _H‹S", "THC5 NH1")."""
    if _TORN_WORD.search(issuer):
        return True
    return not all(
        c.isspace() or c.isdigit() or c in _NAME_PUNCTUATION or _vietnamese_letter(c) for c in issuer
    )


def _vietnamese_letter(c: str) -> bool:
    if c in "đĐ":
        return True
    decomposed = unicodedata.normalize("NFD", c)
    base, marks = decomposed[0], decomposed[1:]
    if not ("a" <= base.lower() <= "z"):
        return False
    return not marks or (base.lower() in "aeiouy" and all(m in _VIETNAMESE_MARKS for m in marks))


@lru_cache(maxsize=64)  # a message's texts are read for mentions by several clues and checks
def find_mentions(text: str, *, partners: bool = True) -> tuple[Mention, ...]:
    """Every school level followed by words in text: "gửi báo cáo của Trường TH Bình Thạnh 1", but for a
    school the writer worked at before ("nguyên Hiệu trưởng Trường MN Hoa Sen").

    partners=False leaves out the schools the text names as partners ("phối hợp với trường THCS Mỹ An",
    "tổ chức tại Trường MG Mỹ An", "chuyên đề do Trường TH Kim Đồng tổ chức"): a report names them, never
    as its own school."""
    found = _mentions(text)
    written = split_words(text)
    folded = _aligned(written)
    found = [(at, m) for at, m in found if not _former(written, folded, at)]
    if not partners:
        listed = _partners(written, folded, [at for at, _ in found])
        found = [(at, m) for at, m in found if at not in listed]
    return tuple(m for _, m in found)


def _partners(written: str, folded: str, starts: Sequence[int]) -> set[int]:
    """Of the starts of the schools' levels, those named as partners: each _partner reads so, and each
    listed after one («phối hợp với Trường THCS Ea Kly và Trường Tiểu học Ea Kly», «… A, B và C»)."""
    found: set[int] = set()
    punctuated = fold_aligned(written)  # folded keeping the commas between the names
    for previous, at in zip((-1, *starts), starts, strict=False):
        if _partner(written, folded, at) or (
            previous in found and _LISTED_AFTER.fullmatch(punctuated, previous, at) is not None
        ):
            found.add(at)
    return found


def _partner(written: str, folded: str, at: int) -> bool:
    """Whether the school whose level starts at at is named as a partner (_PARTNER_BEFORE)."""
    start = max(0, at - 40)
    return bool(
        _PARTNER_BEFORE.search(folded[start:at])
        or _INVITED_BEFORE.search(written[start:at])
        or (_HELD_BY_BEFORE.search(folded[start:at]) and _HELD_BY_AFTER.match(folded, at))
    )


def _former(written: str, folded: str, at: int) -> bool:
    """Whether the school whose level starts at at is one the writer worked at before (_FORMER_BEFORE)."""
    start = max(0, at - 60)
    found = _FORMER_BEFORE.search(folded[start:at])
    return (
        found is not None
        and nfc(written[start + found.start() : start + found.end("former")]).lower() != "nguyễn"
    )


def _mentions(text: str) -> list[tuple[int, Mention]]:
    text, marked = split_words(text), split_words(text, _JOINT)
    folded = _aligned(_LEVELS_DASHED.sub(lambda m: m.group().replace("-", "&").replace("–", "&"), text))
    found: list[tuple[int, Mention]] = []
    ends: list[int] = []
    for m in _LEVEL_MENTION.finditer(folded):
        level = level_of(m.group("level"))
        if level is None or _IN_SYMBOL.search(fold_aligned(text[max(0, m.start() - 12) : m.start()])):
            # A number's code followed by the date line beside it ("Số: 25/BC-TH | Mỹ An, ngày ...",
            # two header cells read as one line) names no school.
            continue
        before = folded[max(0, m.start() - 24) : m.start()]
        if _number_left_by_scan(text, m) or _CLASS_BEFORE.search(before) or _CHAIN_BEFORE.search(before):
            continue
        levels = _WIDE_LEVELS.get(level, frozenset({level}))
        if re.fullmatch(_GROUP_WORDS, m.group("level")):
            kind = GROUP
        else:
            kind = _boarding_kind(folded[max(0, m.start() - 40) : m.start()])  # «PTDTBT THCS Ea H'leo»
        words_at = m.end()
        if kind == "" and (after := _BOARDING_AFTER_LEVEL.match(folded, words_at)) is not None:
            kind, words_at = (PTDTBT if _SEMI_BOARDING.search(after.group()) else PTDTNT), after.end()
        mention = _mention_at(text, marked, folded, m.start(), words_at, levels, kind)
        if mention is not None:
            found.append((m.start(), mention))
            ends.append(m.end())
    for i in range(len(found) - 2, -1, -1):  # from the end: "TH, THCS và MG Mỹ Phú" passes the place on
        (at, mention), (then, following) = found[i], found[i + 1]
        if _JOINED_LEVELS.fullmatch(folded[ends[i] : then]):
            found[i] = (at, replace(mention, words=following.words, written=following.written))
    return found


def _boarding_kind(folded: str) -> str:
    """The boarding kind that folded words end with («truong ptdtbt», «dan toc noi tru»); "" for none."""
    if _BOARDING_ENDING.search(folded) is None:
        return ""
    return PTDTBT if _SEMI_BOARDING.search(folded) else PTDTNT


def _number_left_by_scan(text: str, m: re.Match[str]) -> bool:
    """A level code, not after "Trường", followed on its line by nothing but the date line: all a scan
    kept of the document's number ("TH    Đức Hòa, ngày 18 tháng 10 năm 2025"), which names no school."""
    if " " in m.group("level"):  # written in full ("tiểu học"), not a code
        return False
    line_start = max(text.rfind("\n", 0, m.start()) + 1, m.start() - _REACH)
    if "truong" in fold(text[line_start : m.start()]):
        return False
    line_end = text.find("\n", m.end(), m.end() + _REACH)
    return _DATE_LINE.match(fold(text[m.end() : line_end if line_end >= 0 else m.end() + _REACH])) is not None


def _mention_at(
    text: str, marked: str, folded: str, start: int, words_at: int, levels: frozenset[str], kind: str = ""
) -> Mention | None:
    """The mention whose words start at words_at in text (split_words'), marked being text with _JOINT
    where split_words separated run-together words, to quote them as written."""
    line_end = folded.find("\n", words_at, words_at + _REACH)
    pieces = [slice(words_at, line_end if line_end >= 0 else words_at + _REACH)]
    if line_end >= 0 and (commune := _commune_under(text, folded, line_end + 1)) is not None:
        pieces.append(commune)
    rest, rest_marked = (" ".join(whole[piece] for piece in pieces) for whole in (text, marked))
    # A table's cell ends the name: "2 | TH Mỹ Lạc | 8 | 0", a row of figures, is no Mỹ Lạc 8. So does a
    # date after it: «BC NQ121 TH Bình Thạnh 2/10» is sent on 2 October, not by Bình Thạnh 2 (a school named
    # by a date, «THCS 2/9», writes it first), and a document's number («… Bình Thạnh 2/BC-TH»). Two numbers
    # after it («TH Bình Thạnh 1 và 2») name the place's schools without saying which one: none is kept.
    rest = rest.split(_CELL, 1)[0]
    ends = [
        m.start()
        for m in (_ENDS_A_NAME.search(rest), _SEVERAL_NUMBERS.search(rest), _NEW_CLAUSE.search(rest))
        if m is not None
    ]
    ends += [m.start("end") for m in (_PLACES_IN_BRACKETS.search(rest),) if m is not None]
    found = tuple(_WORD.finditer(rest[: min(ends)] if ends else rest))[:LONGEST_NAME]
    if not found:
        return None
    words = tuple(m.group() for m in found)
    lead = " ".join(text[start:words_at].split())
    numbered_town = len(words) > 2 and fold(words[0]) == "so" and _town_words(words[2:]) > 0  # «số 1 TT …»
    town = numbered_town or _TOWN_ENDING.search(_aligned(lead)) is not None
    read = _numbers_written_out(words)
    word_ends = [m.end() for m in found]
    if len(read) < len(words):  # «19 tháng 5» read as «19 5»: its «tháng» ends no word read
        del word_ends[1]
    written = tuple(_as_written(rest_marked[found[0].start() : end].replace(_JOINT, "")) for end in word_ends)
    return Mention(levels, read, lead, kind=kind, town=town, written=written)


def _as_written(text: str) -> str:
    """Text quoted as written, a file name's underscores as the spaces they stand for: «MN_8_3» -> «MN 8 3»."""
    return " ".join(text.replace("_", " ").split())


def _commune_under(text: str, folded: str, start: int) -> slice | None:
    """Where in text the line at start gives its commune (_COMMUNE_LINE); None when it gives none."""
    end = folded.find("\n", start, start + _REACH)
    line = folded[start : end if end >= 0 else start + _REACH]
    found = _COMMUNE_LINE.match(line)
    if found is None or _DATE_LINE.search(fold(text[start : start + len(line)])):
        return None
    return slice(start + found.end(), start + len(line))


def _numbers_written_out(words: tuple[str, ...]) -> tuple[str, ...]:
    """words with the numbers at their head written as a school's name writes them: a numbered ward's
    «P.10» and «P10» (split into «P» and «10») as «Phường 10», «Phường 01» as «Phường 1», after the school's
    own number too («TH số 1 P.3», «TH so 3 P1»: Tiểu học số 1 Phường 3, số 3 Phường 1); the day of a
    school named after a date, «THCS 02/09», as «2» («Trường THCS 2/9»)."""
    if len(words) > 3 and fold(words[0]) == "so" and number_of(words[1]):
        return (*words[:2], *_ward_written_out(words[2:]))
    words = _date_written_out(words)
    if _WARD_NUMBER.fullmatch(words[0]) and int(words[0]) > 0:
        return (str(int(words[0])), *words[1:])
    return _ward_written_out(words)


def _date_written_out(words: tuple[str, ...]) -> tuple[str, ...]:
    """words with a date at their head written «19 tháng 5» as its day and month, as «19/5» is split."""
    if len(words) > 2 and _folded(words[1]) == "thang" and _DAY.fullmatch(words[0]) and number_of(words[2]):
        return (words[0], words[2], *words[3:])
    return words


def _ward_written_out(words: tuple[str, ...]) -> tuple[str, ...]:
    """words with a numbered ward at their head written as its name writes it: «P.10», «P10» and
    «Phường 010» as «Phường 10»."""
    if len(words) < 2 or not _WARD_NUMBER.fullmatch(words[1]) or int(words[1]) == 0:
        return words
    if words[0] in ("P", "p"):
        return ("Phường", str(int(words[1])), *words[2:])
    if fold(words[0]) == "phuong":
        return (words[0], str(int(words[1])), *words[2:])
    return words


def find_place_mentions(text: str, places: Iterable[str], *, sent_for: bool = False) -> tuple[Mention, ...]:
    """Known places written with no level ("BC NQ121 Bình Thạnh 1"), except after xã, huyện, Phòng...;
    sent_for: only those written as whose report a mail sends, right after «trường», «của», «thay», «gửi»
    or «báo cáo» ("gửi báo cáo của Mỹ Phú", "Báo cáo NQ121 - Mỹ Phú"), not in an address block."""
    text, marked = split_words(text), split_words(text, _JOINT)
    folded = _aligned(text)
    after_level = {m.end(): _levels_written(m.group("level")) for m in _LEVEL_MENTION.finditer(folded)}
    after_level |= {n.end(): lv for at, lv in after_level.items() if (n := _NUMBER_FIRST.match(folded, at))}
    found: list[Mention] = []
    for place in sorted({fold(p) for p in places}, key=len, reverse=True):
        # a letter alone is one before an apostrophe, left out as often: «Ea Hleo» for «Ea H'leo»
        *leading, last = place.split()
        spaced = "".join(re.escape(w) + (" *" if len(w) == 1 else " +") for w in leading)
        pattern = r"(?<![a-z0-9&])" + spaced + re.escape(last) + r"(?![a-z0-9])"
        read: dict[int, frozenset[str]] = {}  # where the place was read as a school's: the levels written
        for m in re.finditer(pattern, folded):
            if _DAY.fullmatch(place) and not _named_by_date(folded, m):
                continue
            # The words before the place, as far back as they can matter (the patterns end at the place).
            reach = max(0, m.start() - _REACH)
            if m.start() in after_level:
                read[m.end()] = after_level[m.start()]
                continue
            if _NOT_SCHOOL_BEFORE.search(folded, reach, m.start()):
                continue
            # «TH Rạch Gòi A và Rạch Gòi B»: the second sibling is named as the first, with its level
            joined = next(
                (lv for end, lv in read.items() if _SIBLING_JOINED.fullmatch(folded, end, m.start())), None
            )
            # "trường số 2 Long Hòa": the number written first is the school's, read with the place
            first = _NUMBER_BEFORE.search(folded, reach, m.start())
            start = first.start() if first else m.start()
            if (
                sent_for
                and joined is None
                and (
                    not _SENT_FOR_BEFORE.search(folded, reach, start)
                    or _ADDRESS_LINE.search(folded, reach, start)
                )
            ):
                continue
            # "trường liên cấp Tân Long": a school of several levels, which a kindergarten never is
            multi = _MULTI_LEVEL_BEFORE.search(folded, reach, start)
            levels = frozenset({TH_THCS}) if multi else joined or frozenset()
            english = _ENGLISH_LEVEL_AFTER.match(folded, m.end())
            written = _LEVEL_IN_BRACKETS.match(text, m.end()) or _LEVEL_ENDING_THE_LINE.match(text, m.end())
            if english and (level := level_of(english.group(1))):  # "My An Secondary School"
                levels = frozenset({level})
            elif written and (level := level_of(fold(written.group(1)))):  # "Mỹ An (THCS)", "… - THCS"
                levels = frozenset({level})
            boarding = _BOARDING_BEFORE_PLACE.search(folded, reach, start) if not levels else None
            kind = "" if boarding is None else PTDTBT if _SEMI_BOARDING.search(boarding.group()) else PTDTNT
            lead = boarding.start() if boarding else multi.start() if multi else start
            mention = _mention_at(text, marked, folded, lead, start, levels, kind)
            if mention is not None:
                found.append(mention)
                read[m.end()] = levels
    return tuple(found)


def _named_by_date(folded: str, day: re.Match[str]) -> bool:
    """Whether the day of a date-named school's name, found with no level in folded text, writes that
    school's name: the whole date, with no year after it and no word before it that makes it a date
    («trường 19/5», not «ngày 19/5», «19/5/2026» or the count of «8 buổi»)."""
    month = _MONTH_AFTER.match(folded, day.end())
    if month is None or _YEAR_AFTER.match(folded, month.end()):
        return False
    return _DATE_BEFORE.search(folded, max(0, day.start() - 12), day.start()) is None


def bracket_places(text: str) -> tuple[tuple[str, str], ...]:
    """The two places of each bracket of two after a name, a place alone before the dash: «Bình Hòa» and
    «Bình Lợi» of «TH Kim Đồng (Bình Hòa - Bình Lợi)», the school's commune and the one it stood in before
    2025 (or its district), in either order; the second names no school of its own there."""
    found = []
    for bracket in _PLACES_IN_BRACKETS.finditer(text):
        first = text[bracket.start() + 1 : bracket.start("end")]
        if bracket.start() and text[: bracket.start()].rstrip()[-1:].isalnum() and not _mentions(first):
            found.append((first.strip(), text[bracket.end("end") : bracket.end() - 1].strip()))
    return tuple(found)


def _levels_written(level: str) -> frozenset[str]:
    """The levels a level's words, folded, name: «tieu hoc» TH; «pho thong co so» TH and THCS."""
    code = level_of(level)
    return _WIDE_LEVELS.get(code, frozenset({code})) if code else frozenset()


def compact_mentions(token: str, places: Iterable[str], *, bare: bool = False) -> tuple[Mention, ...]:
    """A school written as one word, as addresses do: "c1binhthanh1" -> TH, "binh thanh", "1". bare: a
    place alone too ("myphu" in a file name "bc_myphu_nq121.pdf"), which in an address may be a person's."""
    word = "".join(c for c in fold(token) if c.isalnum())
    levels: frozenset[str] = frozenset()
    code = _COMPACT_LEVEL.match(word)
    if code:
        level = level_of(_COMPACT_WORDS.get(code.group(1), code.group(1)))
        levels = _ADDRESS_LEVELS.get(code.group(1)) or frozenset({level} if level else ())
        word = word[code.end() :]
    word = _COMPACT_TOWN.sub("", word)
    found: list[Mention] = []
    for place, run_together in _run_together(tuple(places)):
        tail = _COMPACT_TAIL.fullmatch(word, len(run_together)) if word.startswith(run_together) else None
        if tail and (levels or tail.group(1) or bare):
            number = (tail.group(1).upper(),) if tail.group(1) else ()
            found.append(Mention(levels, (*place.split(), *number), token, compact=True))
    return tuple(found)


@lru_cache(maxsize=8)
def _run_together(places: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Each of a registry's places folded, with its words run together as one (compact_mentions looks for
    them in every address and file name)."""
    return tuple((place, place.replace(" ", "")) for place in dict.fromkeys(fold(p) for p in places))


def symbol_code(number: str) -> str | None:
    """The issuer part of a document's number, as schools abbreviate themselves: "12/BC-THMTA" ->
    "THMTA", "21/BC-TH&THCSTL" -> "THTHCSTL"; None when the number has none."""
    found = _SYMBOL.search(fold(number))
    return found.group(1).replace("&", "").replace(".", "").upper() if found else None


def school_code(name: SchoolName) -> str | None:
    """How a school abbreviates itself in its numbers: level, the initials of its place, its number
    ("Trường Tiểu học Mỹ Thạnh A" -> "THMTA"); None when the name states no level."""
    if name.level is None:
        return None
    initials = place_initials(name.place)
    return f"{name.level.replace('&', '')}{initials}{name.suffix}".upper()


@lru_cache(maxsize=4096)
def numbered(words: tuple[str, ...], count: int) -> tuple[tuple[str, ...], str | None, int]:
    """The place words of a mention whose place has count words, the school's number written with
    it, and how many words that takes: "Bình Thạnh 2", "Bình Thạnh số 2" and "số 2 Bình Thạnh"."""
    if len(words) > count + 1 and fold(words[0]) == "so" and number_of(words[1]):
        # «số 1 TT Sín Chải»: the town's school number 1; «số 1 xã Long Cang»: the commune's
        town = _town_words(words[2:]) or int(_folded(words[2]) == "xa")
        town = town if len(words) >= count + 2 + town else 0
        return words[2 + town : count + 2 + town], number_of(words[1]), count + 2 + town
    after = words[count : count + 2]
    if len(after) == 2 and fold(after[0]) == "so" and number_of(after[1]):
        return words[:count], number_of(after[1]), count + 2
    number = number_of(after[0]) if after else None
    return words[:count], number, count + (1 if number else 0)


def words_taken(mention: Mention, place: str) -> int:
    """How many of a mention's words write place and a school number after it, the place perhaps
    abbreviated (_abbreviates): «NV Trỗi 2» takes three for «Nguyễn Văn Trỗi», «Bình Thạnh số 2» four."""
    count = len(place.split())
    for words in _readings(mention):
        short = _abbreviates(words, place)
        if short is not None:
            spelt = (*place.split(), *words[short:])
            return short + numbered(spelt, count)[2] - count - (len(words) - len(mention.words))
    _place, number, taken = numbered(mention.words, count)
    return taken + _campus_after(mention.words, number, taken)[1]


def _readings(mention: Mention) -> tuple[tuple[str, ...], ...]:
    """mention's words, then, when its lead took an initial for a commune's kind («P.» phường, «X.» xã), the
    words after that initial, which may be a person's name's instead: «TH P. Bội Châu» is Tiểu học Phan Bội
    Châu where no place is Bội Châu."""
    initial = [] if mention.compact else _WORD.findall(mention.lead)[-1:]
    if initial and _folded(initial[0]) in ("p", "x"):
        return mention.words, (*initial, *mention.words)
    return (mention.words,)


def fit(mention: Mention, name: SchoolName, *, tones_reliable: bool = True) -> Fit | None:
    """How mention fits name; None when they contradict (another level, number or place).

    tones_reliable=False (OCR'd text, whose errors are wrong tone marks) compares places by letters only.
    """
    found = _fit(mention, name, tones_reliable)
    return replace(found, town=1) if found is not None and mention.town and not name.town else found


def _fit(mention: Mention, name: SchoolName, tones_reliable: bool) -> Fit | None:
    level = _level_fit(mention.levels, name.level)
    if level is None or not _kinds_agree(mention.kind, name.kind, mention.levels):
        return None
    if not mention.levels and mention.kind in (PTDTBT, PTDTNT):
        level = 2  # «PTDTBT Ea Sol»: the kind names the school as its level would
    count = len(name.place.split())
    found = _words_fit(mention.words, name, count, level, tones_reliable)
    joined = _vni_joined(mention.words, count) if tones_reliable else None
    if joined is not None and found is None:
        read = _words_fit(joined, name, count, level, tones_reliable)
        return read if read is not None and read.place == EXACT_PLACE else None
    if found is not None and found.place == EXACT_PLACE:
        return found
    apart = _syllables_fit(mention.words, name, count, level, tones_reliable)
    best = max((f for f in (found, apart) if f is not None), default=None)
    if best is None and len(readings := _readings(mention)) > 1:
        return _abbreviated_fit(readings[1], name, count, level, tones_reliable)
    return best


def _syllables_fit(
    words: tuple[str, ...], name: SchoolName, count: int, level: int, tones_reliable: bool
) -> Fit | None:
    """How words fit name when they write its place's syllables joined or split otherwise: «ĐAKAO» for
    «Đa Kao», «CƯ MGAR» for «Cư M'gar», «Y NGÔNG» written «YNGÔNG», as Ê Đê and other names are spelt."""
    wanted = "".join(_folded(name.place).split())
    for taken in range(1, min(len(words), count + 3) + 1):
        written = words[:taken]
        if taken == count or "".join(_folded(w) for w in written) != wanted:
            continue
        _place, number, _shown = numbered((*name.place.split(), *words[taken:]), count)
        same = _tones("".join(written)) == _tones(name.place)
        exact = same or not tones_reliable or not has_diacritics("".join(written))
        return _suffixed(EXACT_PLACE if exact else TONE_PLACE, level, number, name)
    return None


def _tones(text: str) -> str:
    """The tone marks of text in order."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if c in _TONE_MARKS)


def fitting_places(
    mention: Mention, count: int, places: Sequence[str], *, tones_reliable: bool = True
) -> frozenset[str]:
    """Of places (folded, count words each), those fit() may find mention's words to name: the same
    letters, the letters of typed tone keys, «i» for «y», the syllables joined otherwise, or a typo away. A
    name whose folded place is not among them does not fit mention, so a registry need not try it."""
    variants = [mention.words]
    joined = _vni_joined(mention.words, count) if tones_reliable else None
    if joined is not None:
        variants.append(joined)
    spelt, joined_places = _place_keys(tuple(places))
    found: set[str] = set()
    if _ward_unnumbered(mention.words):  # «TH Phường»: any numbered ward's school, as _words_fit reads it
        found.update(p for p in places if numbered_ward(p))
    for words in variants:
        place_words = numbered(words, count)[0]
        if len(place_words) < count:
            continue
        written = " ".join(place_words)
        folded = _folded(written)
        found.add(folded)
        found.update(spelt.get(_y_as_i(folded), ()))  # «Mĩ An» for «Mỹ An», as _place_fit reads it
        typed = keyed_tones(written)
        if typed is not None:
            found.add(" ".join(letters for letters, _ in typed))
        # A point of slack in the bulk comparison; each one found is compared as _place_fit compares it.
        near = process.extract(
            folded, places, scorer=fuzz.ratio, processor=None, score_cutoff=_TYPO_SCORE - 1, limit=None
        )
        found.update(p for p, _, _ in near if fuzz.ratio(folded, p) >= _TYPO_SCORE)
    for taken in range(1, min(len(mention.words), count + 3) + 1):  # «ĐAKAO» for «Đa Kao», as _syllables_fit
        found.update(joined_places.get("".join(_folded(w) for w in mention.words[:taken]), ()))
    readings = _readings(mention)
    if tones_reliable and count > 1 and any(_INITIALS.fullmatch(_folded(w)) for w in readings[-1][:count]):
        whole = {_folded(w) for w in readings[-1]}  # the name's last word among them, as _abbreviates wants
        found.update(
            p
            for p in places
            if p.rpartition(" ")[2] in whole and any(_abbreviates(words, p) is not None for words in readings)
        )
    return frozenset(found.intersection(places))


@lru_cache(maxsize=64)
def _place_keys(places: tuple[str, ...]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """places (folded) by their «y» written «i», and by their syllables joined."""
    spelt: dict[str, list[str]] = {}
    joined: dict[str, list[str]] = {}
    for place in places:
        spelt.setdefault(_y_as_i(place), []).append(place)
        joined.setdefault(place.replace(" ", ""), []).append(place)
    return spelt, joined


def _words_fit(
    words: tuple[str, ...], name: SchoolName, count: int, level: int, tones_reliable: bool
) -> Fit | None:
    if _ward_unnumbered(words) and numbered_ward(name.place):
        return Fit(EXACT_PLACE, level, 1)  # «TH Phường» of «Phường 10»: the number left out, as a school's
    place_words, number, taken = numbered(words, count)
    if name.dated and _YEAR_AFTER.match(" " + " ".join(_folded(w) for w in words[taken : taken + 2])):
        return None  # «THCS 2/9/2026»: a date, no school's name
    if len(place_words) < count or (number is None and _direction_after(words, taken)):
        return _abbreviated_fit(words, name, count, level, tones_reliable)
    place = _place_fit(" ".join(place_words), name.place, tones_reliable)
    if place in (None, TYPO_PLACE) and (short := _abbreviated_fit(words, name, count, level, tones_reliable)):
        return short  # «Nguyễn V. Trỗi»: shortened, not mistyped
    if place is None:
        return None
    campus = _campus_after(words, number, taken)[0]
    if campus is not None:  # «Ngôi Sao Nhỏ cơ sở 2»: never the bare name's school as written
        if campus == name.suffix:
            return Fit(place, level, 2)  # each campus listed as a school, numbered
        return Fit(place, level, 1) if not name.suffix else None  # a campus of the school listed once
    return _suffixed(place, level, number, name)


def campus_written(mention: Mention, place: str) -> str | None:
    """The campus number mention writes after place instead of a school's number («Ngôi Sao Nhỏ cơ sở 2»:
    "2"); None when it writes none."""
    _place, number, taken = numbered(mention.words, len(place.split()))
    return _campus_after(mention.words, number, taken)[0]


def _campus_after(words: Sequence[str], number: str | None, taken: int) -> tuple[str | None, int]:
    """The number of the campus written after the taken words of place and number (numbered) and how many
    words it takes: «cơ sở 2», «CS 2» («CS2» as split_words parts it), «Cơ sở II»; (None, 0) when they name
    none, or a school's number was written."""
    if number is not None:
        return None, 0
    words = words[taken:]
    folded = [_folded(w) for w in words[:3]]
    if folded[:2] == ["co", "so"] and len(words) > 2 and (number := number_of(words[2])):
        return number, 3
    if folded[:1] == ["cs"] and len(words) > 1 and (number := number_of(words[1])):
        return number, 2
    return None, 0


def _suffixed(place: int, level: int, number: str | None, name: SchoolName) -> Fit | None:
    """The fit of a mention whose place fits name as place says, with the school number it writes. A day
    alone is no date-named school's name: «MN 1» writes no Mầm non 1/6."""
    if (number is not None and number != name.suffix) or (number is None and name.dated):
        return None
    suffix = 2 if number is not None or not name.suffix else 1
    return Fit(place, level, suffix)


def _abbreviated_fit(
    words: tuple[str, ...], name: SchoolName, count: int, level: int, tones_reliable: bool
) -> Fit | None:
    """How words fit name when they write its place, a person's name, with its first words shortened as
    people shorten them (_abbreviates): «Ng. Văn Trỗi», «N.V.Trỗi», «NV Trỗi», «LTKiệt», «Lý T. Kiệt». Not in
    OCR'd text, whose stray letters would read as such initials."""
    taken = _abbreviates(words, name.place) if tones_reliable and count > 1 else None
    if taken is None:
        return None
    spelt = (*name.place.split(), *words[taken:])
    _place, number, taken_whole = numbered(spelt, count)
    if number is None and _direction_after(spelt, taken_whole):
        return None
    tones = {_folded(w): _tone_of(w) for w in name.place.split()}
    whole = [w for w in words[:taken] if _folded(w) in tones]  # the words not shortened
    same = all(_tone_of(w) == tones[_folded(w)] for w in whole)
    place = EXACT_PLACE if same or not any(has_diacritics(w) for w in whole) else TONE_PLACE
    return _suffixed(place, level, number, name)


def _abbreviates(words: Sequence[str], place: str) -> int | None:
    """How many of words write place with one or more of its first words shortened to initials without a
    vowel, which no written syllable is: a word's first letters («Ng» Nguyễn, «T» Thường) or the first
    letters of several words («NV» Nguyễn Văn); its last word written whole. None when they do not."""
    wanted = _folded(place).split()
    written = [_folded(w) for w in words]
    at = short = 0
    for i, word in enumerate(written):
        if at == len(wanted):
            return i if short else None
        if word == wanted[at]:
            at += 1
            continue
        if at == len(wanted) - 1 or not _INITIALS.fullmatch(word):
            return None
        if wanted[at].startswith(word):
            at += 1
        elif (
            len(word) > 1
            and at + len(word) < len(wanted)
            and all(w.startswith(c) for c, w in zip(word, wanted[at:], strict=False))
        ):
            at += len(word)
        else:
            return None
        short += 1
    return len(written) if short and at == len(wanted) else None


def _ward_unnumbered(words: tuple[str, ...]) -> bool:
    """Whether words write «Phường» without the number a numbered ward's name goes on with (a level's
    «phường» before a ward's name is read with the level, _LEVEL_MENTION)."""
    return bool(words) and _folded(words[0]) == "phuong" and not (len(words) > 1 and words[1].isdigit())


def writes_place(words: tuple[str, ...], place: str, *, tones_reliable: bool = True) -> bool:
    """Whether words begin with place as written (or without tones), whatever level or number follows."""
    count = len(place.split())
    written = numbered(words, count)[0]
    return len(written) == count and _place_fit(" ".join(written), place, tones_reliable) == EXACT_PLACE


def bare_province(written: str) -> str:
    """A province's or city's name without the kind written before it and without punctuation, as written
    otherwise: «TP. Hồ Chí Minh», «Thành phố Hồ Chí Minh», «TP Hồ Chí Minh»: «Hồ Chí Minh»; «Tỉnh Long
    An»: «Long An». Offices and certificates write the kind or not, each its own way, so both sides of a
    comparison are read through this."""
    words = re.findall(r"[^\W_]+", unicodedata.normalize("NFC", written))
    folded = [fold(w) for w in words]
    kind = next((len(k) for k in _PROVINCE_KINDS if tuple(folded[: len(k)]) == k), 0)
    return " ".join(words[kind:]) if kind < len(words) else " ".join(words)


def province_opening(words: Sequence[str]) -> str:
    """The province or city (PROVINCES) that words open with, written without "tỉnh" ("Đồng Tháp" after
    "…, xã Mỹ An,"), as written; "" for none."""
    folded = [fold(w) for w in words]
    for province in _PROVINCE_WORDS:
        if folded[: len(province)] == list(province):
            return " ".join(words[: len(province)])
    return ""


def _direction_after(words: tuple[str, ...], taken: int) -> bool:
    """Whether the word after a place's words is a direction making it another commune's name: «Mỹ An
    Đông», «An Phú Tây», «Tân Phú Trung» are not Mỹ An, An Phú, Tân Phú. Without its tone mark only after
    a place written so; not «nam 2021», «nam học» (năm), «Trung học», «Trung tâm», nor a province after the
    name («TH Mỹ An Tây Ninh»)."""
    if not 0 < taken < len(words):
        return False
    if province_opening(words[taken:]):
        return False
    word, last = words[taken], words[taken - 1]
    following = fold(words[taken + 1]) if taken + 1 < len(words) else ""
    toneless_place = not any(has_diacritics(w) for w in words[:taken])
    direction = word.lower() in _DIRECTIONS or (
        toneless_place and not has_diacritics(word) and fold(word) in _DIRECTIONS_FOLDED
    )
    return (
        direction
        and not (fold(word) == "nam" and following[:1].isdigit())
        and following not in ("hoc", "tam")
        and word[:1].isupper() == last[:1].isupper()
        and word.isupper() == last.isupper()
    )


def _vni_joined(words: tuple[str, ...], count: int) -> tuple[str, ...] | None:
    """The words with a digit inside a place of count words joined back to the syllable before it as
    its VNI tone key ("THCS My4 An", cut by split_words into "My 4 An", is "Mỹ An"); None when there is
    no such digit. A digit after the place's last word stays a school's number ("Phu My2")."""
    for i in range(1, min(count, len(words) - 1)):
        before = words[i - 1]
        if words[i] in _VNI_TONES and before.isascii() and before.isalpha() and before[-1] in "aeiouy":
            return (*words[: i - 1], before + words[i], *words[i + 1 :])
    return None


def _level_fit(levels: frozenset[str], level: str | None) -> int | None:
    if not levels or level is None:
        return 1
    if level in levels:
        return 2
    if any(frozenset({written, level}) in _NEAR_LEVELS for written in levels):
        return 1
    return None


def _kinds_agree(written: str, kind: str, levels: frozenset[str]) -> bool:
    """Whether a school of kind may be one written of kind written, at levels. A boarding school written
    without its kind is, as people leave it out; a boarding kind written is never a school without one, nor
    the other boarding kind («PTDTBT THCS Sín Chải» is neither the PTDTNT THCS Sín Chải nor the THCS Thị
    trấn Sín Chải, which a clerk knows for the town's day school). An independent group is only ever one,
    and no school is one: «NHÓM TRẺ ĐỘC LẬP BAN MAI» is not the Trường Mầm non Ban Mai, nor «MN Ban Mai»
    the group; its name written bare («Báo cáo NQ121 - Ban Mai») may be either."""
    return written == kind or (not written and (kind in (PTDTBT, PTDTNT) or (kind == GROUP and not levels)))


def _place_fit(written: str, place: str, tones_reliable: bool) -> int | None:
    folded_written, folded_place = _folded(written), _folded(place)
    if folded_written == folded_place:
        differ = tone_key(_k_untoned(written)) != tone_key(_k_untoned(place))
        if has_diacritics(written) and has_diacritics(place) and differ:
            return TONE_PLACE if tones_reliable else EXACT_PLACE
        return EXACT_PLACE
    if _y_as_i(folded_written) == _y_as_i(folded_place):  # «Mĩ An» for «Mỹ An», «Kì Sơn» for «Kỳ Sơn»
        same = [_tone_of(w) for w in written.split()] == [_tone_of(w) for w in place.split()]
        return EXACT_PLACE if same or not tones_reliable or not has_diacritics(written) else TONE_PLACE
    typed = keyed_tones(written)
    if typed is not None and " ".join(letters for letters, _ in typed) == folded_place:
        same = [tone for _, tone in typed] == [_tone_of(w) for w in place.split()]
        return EXACT_PLACE if same or not tones_reliable else TONE_PLACE
    respelt = _schwa_respelt(written, place)
    if respelt is not None:
        return _place_fit(respelt, place, tones_reliable)
    # A number is no typo: «Phường 12» is another ward than «Phường 11», however alike they are written.
    digits_alike = re.findall(r"\d+", folded_written) == re.findall(r"\d+", folded_place)
    if digits_alike and fuzz.ratio(folded_written, folded_place) >= _TYPO_SCORE:
        return TYPO_PLACE
    return None


def _schwa_respelt(written: str, place: str) -> str | None:
    """written with each word that is a consonant and «ơ» where place has that consonant alone, or the other
    way round, written as place writes it: «Nơ Trang Lơng» and «N'Trang Lơng» (the registry's «N Trang
    Lơng») are one hero's name, as Ê Đê and M'nông syllables are written with «ơ» or an apostrophe. None when
    no word differs so."""
    words, wanted = written.split(), place.split()
    if len(words) != len(wanted):
        return None
    respelt = [p if _schwa_of(w, p) or _schwa_of(p, w) else w for w, p in zip(words, wanted, strict=True)]
    return " ".join(respelt) if respelt != words else None


def _schwa_of(syllable: str, consonant: str) -> bool:
    """Whether syllable is consonant (one letter, a name's apostrophe after it) and «ơ», or an «o» typed
    without marks."""
    letter = nfc(consonant).lower()
    return (
        len(letter) == 1
        and _INITIALS.fullmatch(_folded(letter)) is not None
        and (nfc(syllable).lower() in (f"{letter}ơ", f"{letter}o"))
    )


@lru_cache(maxsize=4096)
def keyed_tones(written: str) -> tuple[tuple[str, str], ...] | None:
    """Each word's letters (folded) and tone mark, the keys of a typing method that did not turn them into
    marks read as the mark: Telex "Thanhf" is "Thành", "Mysx" "Mỹ"; VNI "Tha5nh" is "Thạnh". None when no
    word has such keys left. No Vietnamese syllable ends in s, f, r, x or j, or has a digit inside."""
    found: list[tuple[str, str]] = []
    keyed = False
    for word in written.split():
        vni = _VNI_KEY.search(word) if word.isascii() else None
        telex = _TELEX_KEYS.search(word) if word.isascii() and vni is None else None
        if vni is not None:
            letters, tone = word[: vni.start()] + word[vni.end() :], _VNI_TONES[vni.group()]
        elif telex is not None and _SYLLABLE.fullmatch(word[: telex.start()].lower()):
            letters, tone = word[: telex.start()], _TELEX_TONES[telex.group()[-1].lower()]
        else:
            found.append((fold(word), _tone_of(word)))
            continue
        keyed = True
        found.append((fold(letters), tone))
    return tuple(found) if keyed else None


def _k_untoned(text: str) -> str:
    """text without the acute of its syllables ending in «k», which ethnic minority names write with it or
    not, both standard: «Đắk Lắk» and «Đăk Lăk», «Krông Pắk» and «Krông Păk». No Vietnamese word ends so."""
    return " ".join(
        unicodedata.normalize("NFD", w).replace(_ACUTE, "") if _folded(w).endswith("k") else w
        for w in text.split()
    )


def _tone_of(word: str) -> str:
    """The tone mark of a word (a combining character), "" for none."""
    return next((c for c in unicodedata.normalize("NFD", word) if c in _TONE_MARKS), "")


_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_DIRECTIONS = frozenset(("đông", "tây", "nam", "bắc", "trung", "thượng", "hạ"))
_DIRECTIONS_FOLDED = frozenset(fold(d) for d in _DIRECTIONS)
_TONE_MARKS = frozenset((_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT))
_TELEX_TONES = {"s": _ACUTE, "f": _GRAVE, "r": _HOOK, "x": _TILDE, "j": _DOT}
_VNI_TONES = {"1": _ACUTE, "2": _GRAVE, "3": _HOOK, "4": _TILDE, "5": _DOT}
_TELEX_KEYS = re.compile(r"(?<=[a-zA-Z])[sfrxjSFRXJ]+$")
# A VNI tone key inside a syllable: after its vowel, before the final consonant ("Tha5nh") or ending it
# ("My4", only as _vni_joined joins it back: split_words cuts a digit ending a word off as a number).
_VNI_KEY = re.compile(r"(?<=[aeiouyAEIOUY])[1-5](?=(?:ch|c|m|ng|nh|n|p|t)?$)", re.IGNORECASE)
# A syllable without its tone key: consonants, vowels, and one of the endings Vietnamese allows.
_SYLLABLE = re.compile(r"[bcdghklmnpqrstvx]*[aeiouy]+(?:ch|c|m|ng|nh|n|p|t)?")
# The place of split_words where a digit joins letters as a VNI tone key, not as a number.
_VNI_INSIDE = re.compile(r"(?<=[aeiouy])[1-5](?=(?:ch|c|m|ng|nh|n|p|t)(?![^\W\d_]))")  # lower case: "Lop5C"


# A mention's place is compared with every school's: each side folded once, not once per school.
_folded = lru_cache(maxsize=16384)(fold)
# A syllable of one or two consonants and «y», folded ("my", "ky", "ly"): spelt with «i» as well («Mĩ», «Kì»,
# «Lí»), the spelling the 1980s textbooks taught and some schools still type. «uy», «ay» are other vowels.
_CONSONANT_Y = re.compile(r"\b([bcdghklmnpqrstvx]{1,2})y\b")


def _y_as_i(folded: str) -> str:
    """A folded place with each syllable's «y» after its consonants written «i»: "my an" -> "mi an"."""
    return _CONSONANT_Y.sub(r"\1i", folded)
