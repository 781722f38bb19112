"""The clues a mail gives to the school it comes from: each source of evidence (the sender's address,
the addresses it is copied or answered to, the original sender of a forward, each document's header,
title, number and signature, the subject, file names, the body) read into the schools it can mean, a
weight and a reason staff can read. intake.matching weighs them."""

from __future__ import annotations

import dataclasses
import email.utils
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from intake import systems
from intake.message import COPIES_HEADING, OUR_ACK_SUBJECT, REPLY_SUBJECT, Mail, to_a_principal
from intake.names import (
    EXACT_PLACE,
    LONGEST_NAME,
    MG,
    MN,
    PROVINCES,
    PTDTBT,
    PTDTNT,
    TH_THCS,
    TONE_PLACE,
    Mention,
    bare_province,
    bracket_places,
    campus_written,
    compact_mentions,
    find_mentions,
    find_place_mentions,
    garbled,
    issuer_mention,
    level_fits,
    level_of,
    lone_levels,
    number_of,
    numbered,
    province_opening,
    school_code,
    symbol_code,
    words_taken,
    writes_place,
)
from intake.registry import Registry, Resolution, goes_on, town_in_lead
from kernel.proof import certificate_details
from kernel.schoolnames import (
    LEVEL_LABELS,
    commune_kind,
    commune_of,
    commune_office_place,
    name_key,
    numbered_ward,
    place_initials,
    unqualified,
)
from parsers.document import Document, Signature, SignatureStatus
from parsers.read import BODY_NAME
from parsers.text import fold, fold_aligned, has_diacritics, nfc, tone_key

SIGNED, STRONGEST, STRONG, MEDIUM, WEAK = 5, 4, 3, 2, 1
CANDIDATE = 0  # a clue that only names candidates for staff: it supports no school
HEAD_LINES, TAIL_LINES = 40, 25  # where a document names its own school: header, opening, signature
# An office's name, folded: "Phòng GD&ĐT Thủ Thừa", "UBND xã Mỹ An", "Sở GD&ĐT tỉnh Tây Ninh"; its
# place is what follows the body and the kind of place.
_OFFICE_NAME = re.compile(
    r"^(?:(?:phong|so)\s*(?:gd\s*(?:&|-|va)?\s*dt|gddt|giao duc\s*(?:&|va)?\s*dao tao)|pgd\s*(?:&|-)?\s*dt"
    r"|ubnd|uy ban nhan dan)\s+(?:(?:huyen|quan|thi xa|thanh pho|tp\.?|tinh|xa|phuong|thi tran)\s+)?"
    r"(?P<place>\S.*)$"
)
# A parent body that names a district-level place ("PHÒNG GD&ĐT THÁP MƯỜI", "UBND HUYỆN TÂN TRỤ"), folded;
# a commune's ("UBND XÃ MỸ AN") says nothing of the district after communes were merged and renamed.
_NAMES_DISTRICT = re.compile(
    r"\b(?:huyen|quan|thi xa|thanh pho)\s+\w|^(?:phong\s*(?:gd\s*(?:&|-|va)?\s*dt|gddt|giao duc\s*(?:&|va)?"
    r"\s*dao tao)|pgd\s*(?:&|-)?\s*dt)\s+(?!ubnd|uy ban)\w"
)
_NOT_WORD = re.compile(r"[^\w&]+")
# What a signer is to the school, written before its name in a certificate's common name.
_ROLE = re.compile(r"^(?:pho hieu truong|hieu truong|ke toan|van thu)\s+(?=truong\b)")
# What a signing line writes before the school it signs for, folded: "TM. TRƯỜNG …", "T/M …", "KT. HIỆU
# TRƯỞNG TRƯỜNG …", "Hiệu trưởng Trường …"; the school's name follows from "Trường".
SIGNER = r"(?:(?:pho +)?hieu +truong|p?ht|ban +giam +hieu|bgh)"
SIGNING = re.compile(rf"^(?:(?:t\s*/?\s*m|thay +mat|k\s*t|q)\b[\s.:/]*{SIGNER}?|{SIGNER})\b[\s.:,-]*")
ADDRESSING = re.compile(r"kinh +gui *:?$")
# The recipients' line of a forwarded or quoted mail's header block, folded ("To: Trường TH Mỹ An", "Cc:",
# "Đến:", "Tới:"): whom that mail went to, never who writes.
_RECIPIENT_FIELD = re.compile(r"^[\s>*]*(?:to|cc|den|toi)\s*\*?:")
# Whom a letter from the office addresses on the line under "Kính gửi:", folded: "(Ông/Bà) Hiệu trưởng …".
_A_PRINCIPAL = re.compile(r"(?:ong |ba |thay |co )?hieu truong\b")
# A letter's list of where its copies go, folded: "Nơi nhận:" (message.COPIES_HEADING) and the lines under
# it that start with a dash or a bullet ("- UBND xã (b/c);", "- Trường TH Mỹ Thạnh (phối hợp);").
_LISTED = re.compile(r"^\s*[-+*•–]")
# The heading of the office's list of late schools pasted into a mail, folded: schools in the plural (a
# school writing of itself says «trường em»), and words saying they have not sent the report.
_LATE_HEADING = re.compile(r"\b(?:danh sach|(?:cac|nhung)\s+(?:truong|don vi|co so))\b")
_LATE_WORDS = re.compile(
    r"\b(?:chua|cham|tre|khong)\s+(?:nop|gui|hoan thanh|co bao cao|bao cao)\b|\bnop\s+(?:cham|tre)\b"
    r"|\b(?:tre|qua)\s+han\b"
)
# An item of such a list without a dash or bullet, folded: a number («1.», «2)») or a school's name.
_LATE_ITEM = re.compile(
    r"^(?:\d{1,3}\s*[.)/:-]|(?:truong|th|thcs|th&thcs|mg|mn|tieu hoc|mam non|mau giao)\b)"
)
# A word of a school's code: letters and digits, "&" within ("TH&THCS"); and the level a code starts with,
# in capitals as codes are written.
_CODE_WORD = re.compile(r"[^\W_]+(?:&[^\W_]+)*")
# Capitals written one by one with dots ("TH N.V.T", "T.H.C.S L.T.K"): read as the one word they spell.
_DOTTED_LETTERS = re.compile(r"\b[A-Z](?:\.[A-Z]\b)+")
# At most this many words of at most this many letters after a school's full name in a scan's header are
# stray letters of the other column, left out of the name shown in reasons.
_DEBRIS_WORDS, _DEBRIS_LETTERS = 3, 2
# A school's code written without its level ("BT1", "TTTT") is read from this many letters: two ("MA",
# "TT") are too many other abbreviations.
_LEVELLESS_CODE = 3
CODE_LEVEL = re.compile(r"TH&?THCS|THCS|THPT|TH|MN|MG")
# A private kindergarten's level as initials ("MNTT", "MGTT": mầm non, mẫu giáo tư thục), which alone may be
# the code of a town's school (Mầm non Thị trấn Thủ Thừa's "MNTT").
_PRIVATE_LEVEL = re.compile(r"M[NG]TT")
_BRACKETED = re.compile(r"\(([^()]*)\)")
_PLACE_KINDS = re.compile(r"\b(?:xa|phuong|thi tran|tt|thi xa|tx|huyen|quan|thanh pho|tp|tinh)\b")
# A district or province written after a school's name, folded, and how many words it is read from.
_DISTRICT_KIND = re.compile(r"^(?:huyen|quan|thi xa|tx|thanh pho|tp|tinh)\b")
_PLACE_WORDS = 4
# The provinces' names folded, in words, longest first ("thua thien hue" before "hue").
# A commune written between the name and them ("… Mỹ An, xã Mỹ An, tỉnh Đồng Tháp", as schools write their
# place since the districts were abolished in 2025), and how many words it is read from, its kind included.
_COMMUNE_KIND = re.compile(r"^(?:xa|phuong|thi tran)\b")
# The syllables the names of Vietnam's communes and districts are made of, far more often than of anything
# else a subject, a mail or a letterhead writes after a school's name (_name_goes_on): «TH Mỹ An Hưng», «MG Bình
# Thạnh Trung» go on as another commune's name; «TH Mỹ An Mới Nhất», «… Chính Thức», «… Nguyễn Thị Lan» do not.
_PLACE_SYLLABLES = frozenset(
    nfc(w).lower()
    for w in (
        "An Ân Bình Hòa Hoà Phú Mỹ Long Tân Thạnh Thành Hưng Lợi Phước Lộc Thới Đức Hiệp Hội Thuận Thịnh Vĩnh "
        "Xuân Quang Minh Trung Thượng Hạ Khánh Điền Sơn Hải Giang Lâm Phong Nhơn Nhân Nghĩa Tiến Thắng Lạc "
        "Khương Hảo Tường Hậu Kiến Định Quới Hữu Nhuận Châu Cường Thạch Kim Ngọc Bảo Gia Phụng Vinh Quý Thọ "
        "Lương Trạch Điện Đại Tiên Yên Hồng Hương Phương Thủy Thuỷ Thái Toàn Tài Thanh Hà Vân Đồng Tháp Mười "
        "Hiếu Chánh Nhựt Cát Lễ Trị Mai Trà Môn Lậy Cái Rạch Gò Công Bến Cầu Cần Đước Tràm Thủ Thừa Hạnh "
        "Điều Hiển Hoằng Khê Liêm Lũy Nguyên Ninh Quảng Sương Tịnh Tuy Uyên Vạn Viên Xương Tây Đông"
    ).split()
)
_PLACE_SYLLABLES_FOLDED = frozenset(fold(w) for w in _PLACE_SYLLABLES)
# Pairs (folded) whose first word is such a syllable written without its tone mark, or is one, that are no
# place: «PHONG GD» (Phòng), «Trung học», «Hạnh phúc» (the other column of a letterhead read on its line).
_NOT_A_PLACE = frozenset(
    {
        *(("phong", "chong"), ("phong", "giao"), ("phong", "gd"), ("cong", "van"), ("cong", "tac")),
        *(("cong", "hoa"), ("hanh", "phuc"), ("trung", "hoc"), ("trung", "tam"), ("nam", "hoc")),
        *(("thanh", "pho"), ("hieu", "truong"), ("dai", "hoc"), ("gia", "dinh"), ("an", "toan")),
        *(("cong", "doan"), ("hoi", "dong"), ("hoi", "nghi"), ("hoi", "thi"), ("dong", "y"), ("quy", "dinh")),
        *(("thanh", "lap"), ("thanh", "tich"), ("thanh", "vien"), ("tien", "hanh"), ("dai", "dien")),
    }
)
# The mail's own words, where a name that goes on past ours is read as another school's: a paper's text or a
# file's name writes a name with whatever follows it.
_OWN_NAMING = ("subject", "body", "name")
_COMMUNE_WORDS = 5
_OCR_PLACE_SCORE = 85  # rapidfuzz partial ratio above which a scanned place is read as the office's own
# Letters and digits tesseract takes for one another in a school's number ("MỸ THẠNH 4" for "MỸ THẠNH A").
_OCR_SWAPS = {
    "4": "A",
    "A": "4",
    "8": "B",
    "B": "8",
    "1": "Il",
    "I": "1",
    "l": "1",
    "0": "O",
    "O": "0",
    "5": "S",
}
# A level written after «Trường», or in full, folded: a level code alone ("TH") says too little. An English
# level ("Secondary School") is written in full, after the name as English puts it ("My An Secondary School").
_SCHOOL_OPENING = re.compile(r"truong\b")
LEVEL_IN_FULL = re.compile(
    r"(?:tieu +hoc|mam +non|mau +giao|trung +hoc|thcs|thpt"
    r"|(?:(?:lower|upper) +)?secondary +school|primary +school|high +school|kindergarten|pre *school)\b"
)
# What ends a line of a mail after what it says: punctuation, and «ạ», «nhé» said to be polite.
_POLITE_END = re.compile(r"(?:[\s.,;:!?)–-]|(?<!\w)(?:ạ|nhé|nha)(?!\w))+$", re.IGNORECASE)
# Whom a line of a mail addresses, and words before a level that make it many schools of it, folded:
# «Kính gửi: …», «các (trường) Tiểu học», «những trường THCS».
_ADDRESSED_TO = re.compile(r"\W*kinh +gui\b")
_MANY_BEFORE = re.compile(r"\b(?:cac|nhung|moi)\s*$")
# The year a report's title ends with, as written: «… năm 2025», «… NĂM HỌC 2025 - 2026».
_TITLE_YEAR = re.compile(
    r"[\s,.;:–-]*\b(?:năm|nam)(?: +(?:học|hoc))?[\s:]*\d{4}(?:\s*[-–/]\s*\d{4})?[\s.]*$", re.I
)
LONGEST_PLACE = 5  # words of a mention after its level that can still be the place or its number


@dataclass(frozen=True)
class Clue:
    """One piece of evidence: the schools it can mean, how much it weighs, and why, in Vietnamese."""

    schools: frozenset[str]  # empty: it names a school that is not in the registry
    weight: int
    reason: str
    # Where it was read: address | forward | copy | header | signature | subject | system | file | body |
    # name | document | thread
    source: str
    document: int | None = None  # index of the document it comes from, if any
    clear: bool = False  # a header naming exactly one school in full, or a valid signature naming one
    ocr: bool = False  # read from a scan: its tone marks (and letters) may be wrong
    cut: str | None = (
        None  # of a header that is one school's whole name and the start of another's: that school
    )
    # Of a mention in words (the mail's, a file name's, a document's text): the schools whose name it
    # writes but for their number ("TH Mỹ An" of Mỹ An 2, though Mỹ An 1's former name in full).
    unnumbered: frozenset[str] = frozenset()
    # Of such a header that names its school by an alias only (a former name), in a file whose lines keep
    # together: no cut line, so the sender's address and subject agreeing on the other do not outweigh it.
    aliased: bool = False
    # Namesakes (schools of the same name in other communes) that the clue told apart from the school it
    # names by a commune: its header's parent body ("UBND XÃ MỸ AN") or the words after the name.
    namesakes: frozenset[str] = frozenset()
    # Of a header that writes a level: it names its schools' place, its tones aside, at that level or a
    # near one ("TRƯỜNG MẦM NON MỸ AN" for Mẫu giáo Mỹ An). A level word is seldom misread into another.
    levelled: bool = False
    # Of a scan's header whose school number OCR may have confused with a letter ("MỸ THẠNH 8" for "MỸ
    # THẠNH B", "BÌNH THẠNH l" for "BÌNH THẠNH 1"): the schools it names once read back. Only candidates.
    misread: frozenset[str] = frozenset()
    # Of a mention whose name is followed by another province or district ("THCS Mỹ An, xã Mỹ An, tỉnh Đồng
    # Tháp"): the schools of ours that name fits, which the clue says it is not.
    elsewhere: frozenset[str] = frozenset()
    # Of a mention whose level names one school and whose commune written after the name another of that
    # name at a near level ("MG Hoa Sen xã Mỹ An", Registry.resolve): the schools the commune names.
    placed: frozenset[str] = frozenset()
    # Of a header whose commune's People's Committee is the commune of none of the schools its name fits
    # ("UBND XÃ HÒA KHÁNH" over «TRƯỜNG TIỂU HỌC KIM ĐỒNG»): a namesake elsewhere, or an old commune's name.
    stranger: bool = False
    # Of a mention in words that writes a place with no level («BC NQ121 My Phu.pdf»): the place of the
    # schools it names, which are those of that place; "" otherwise.
    place: str = ""
    # Of a mention in words whose number no school of ours has («TH số 1 Mỹ Phú»): its schools are those the
    # name is without the number, offered to staff; it supports none, but another school it does not name
    # is not credited over it. A second such clue names the schools of that name and number at another
    # level («MG Mỹ An 2» where there is a Tiểu học Mỹ An 2 and no Mẫu giáo Mỹ An 2), other_level set. So
    # is a two-level name no school of ours has («TH&THCS Mỹ An»), its schools those of either level.
    unmatched: bool = False
    other_level: bool = False
    # Of a letterhead naming only a commune's People's Committee ("UBND XÃ MỸ PHÚ", no school line): the
    # commune as written; its schools are the clue's. "" otherwise.
    letterhead: str = ""
    # Of a person's address staff tied to its school from another season's mail: its owner may have moved
    # school since, and the name the account shows was typed by the same person.
    moved: bool = False
    # Of a paper without a header: a school (or a place) its own title or signing block names («… của
    # Trường Mầm non Mỹ An», «Trường Mầm non Mỹ An» under «HIỆU TRƯỞNG»), read as a candidate only.
    titled: bool = False
    # Of such a clue for a level written with no name (levels_written: «… của Trường Mẫu giáo», «Trường
    # Tiểu học» under «HIỆU TRƯỞNG», «BC NQ121 Tieu hoc.docx»): those levels.
    levels: frozenset[str] = frozenset()
    # Of a header, a mention or a code naming its school whose name a school of a near level has, only the
    # level word telling them apart («TRƯỜNG MẦM NON HOA SEN», «MN HS» beside a Mẫu giáo Hoa Sen): those
    # schools. People call a kindergarten either, so such clues alone never tell the school from them.
    near: frozenset[str] = frozenset()
    # Of the office's letter to a school's principal quoted or passed on («Kính gửi: Hiệu trưởng …») by a
    # mail that is no reply to it (no In-Reply-To or References to our mail to that school): anyone may
    # quote any school's reminder, so it ties the mail to no school.
    quoted: bool = False


def address_clues(mail: Mail, registry: Registry) -> list[Clue]:
    """The sender's address, the mailing list's that passed it on when a school registered that list as
    its own address, and the original senders' of the mail it forwards."""
    clues = []
    if mail.sender:
        clues.extend(one_address(mail.sender, "address", registry))
    if (school := registry.registered(mail.list_address)) is not None:
        # The school's own group (a Google Group it lists in emails): its members post as the school. The
        # group is checked as the sender (intake.origin), and is never learned for anyone.
        reason = f"Thư gửi qua nhóm thư {mail.list_address}, địa chỉ đã đăng ký cho {school.name}."
        clues.append(Clue(frozenset({school.id}), STRONG, reason, "address"))
    for original in mail.forwarded_from:
        if original != mail.sender:
            clues.extend(one_address(original, "forward", registry))
    return clues


# The networks whose domains are named after a province: «dongthap.edu.vn», «c2.angiang.edu.vn», «…gov.vn».
_PROVINCE_NETWORKS = (".edu.vn", ".gov.vn")
_PROVINCE_LABELS = {fold(p).replace(" ", ""): p for p in PROVINCES}


def _province_of_domain(domain: str, registry: Registry) -> str:
    """The province, none of the configured ones, that an education or government domain is named after
    («dongthap.edu.vn»: Đồng Tháp); "" for any other domain, or when no province is configured."""
    domain = domain.lower()
    if not registry.provinces or not domain.endswith(_PROVINCE_NETWORKS):
        return ""
    ours = {fold(p).replace(" ", "") for p in registry.provinces}
    for label in domain.split(".")[:-2]:
        province = _PROVINCE_LABELS.get(label)
        if province and label not in ours:
            return province
    return ""


def copied_clues(mail: Mail, registry: Registry) -> list[Clue]:
    """The school whose registered address a mail from an address of no school gives for replies
    (Reply-To), as the account it went out through (Sender), or as the one school it is copied to (To, Cc
    beside the office): a principal writing from a gmail with the school's mailbox there. Anyone may write
    these, and a reply to all copies every school of a circular: candidates for staff only."""
    if registry.by_address(mail.sender) is not None:
        return []
    clues = []
    for field, said in (("reply-to", "Địa chỉ nhận thư trả lời"), ("sender", "Tài khoản gửi thư")):
        for _, written in email.utils.getaddresses([mail.header(field) or ""]):
            school = registry.registered(written)
            # Not the sender's own address, that is no school's; nor the school's own group that passed the
            # mail on, which counts as its address (address_clues).
            if school is not None and written.lower() != mail.list_address:
                reason = f"{said} {written.lower()} đã đăng ký cho {school.name}."
                clues.append(Clue(frozenset({school.id}), CANDIDATE, reason, "copy"))
    copied = {a: s for a in sorted(mail.recipients) if (s := registry.registered(a)) is not None}
    if len({s.id for s in copied.values()}) == 1:
        address, school = next(iter(copied.items()))
        reason = f"Thư gửi đồng thời đến địa chỉ {address} của {school.name}."
        clues.append(Clue(frozenset({school.id}), CANDIDATE, reason, "copy"))
    return clues


def one_address(address: str, source: str, registry: Registry) -> list[Clue]:
    """What one address says: registered or learned for a school, or a school's name in its local part."""
    who = "Địa chỉ gửi" if source == "address" else "Thư chuyển tiếp: người gửi gốc"
    school = registry.registered(address)
    if school is not None:
        return [
            Clue(frozenset({school.id}), STRONG, f"{who} {address} đã đăng ký cho {school.name}.", source)
        ]
    school = registry.get(registry.learned.get(address, ""))
    before = registry.learned_in_another_season(address)
    staff = f"cán bộ {registry.taught_by.get(address, 'Phòng')}"
    if school is not None and before is not None:
        # A person's own address, not the school's: whoever used it may have moved school since. It
        # supports the school, and alone leaves the mail for staff.
        reason = (
            f"{who} {address} đã được {staff} gán cho {school.name} từ một thư của năm {before}; "
            f"người dùng địa chỉ này có thể đã chuyển trường, nên riêng địa chỉ chưa đủ để xác định trường."
        )
        return [Clue(frozenset({school.id}), MEDIUM, reason, source, moved=True)]
    others = sorted(registry.also_sent_for - {school.id}) if school is not None else []
    if school is not None and others:
        reason = (
            f"{who} {address} đã được {staff} gán cho {school.name} (từ một thư trước), nhưng năm nay địa chỉ "
            f"này cũng đã gửi báo cáo của {', '.join(registry.name(s) for s in others)}, "
            "nên riêng địa chỉ chưa đủ để xác định trường."
        )
        return [Clue(frozenset({school.id, *others}), MEDIUM, reason, source)]
    if school is not None:
        reason = f"{who} {address} đã được {staff} gán cho {school.name} (từ một thư trước)."
        return [Clue(frozenset({school.id}), STRONG, reason, source)]
    local, _, domain = address.partition("@")
    province = _province_of_domain(domain, registry)
    if province:
        # A province's education or government network («…@dongthap.edu.vn»): the sender is a school or
        # body of that province, whatever school its address or its paper names.
        reason = (
            f"{who} {address} (chưa đăng ký) thuộc hệ thống thư của tỉnh {province} (tên miền {domain}), "
            f"không phải tỉnh của {registry.offices[0]}: có thể là trường cùng tên ở tỉnh khác gửi nhầm."
        )
        return [
            Clue(frozenset(), MEDIUM, reason, source, elsewhere=frozenset(s.id for s in registry.schools))
        ]
    clues = []
    for token in re.split(r"[._+-]", local):
        for mention in compact_mentions(token, registry.places):
            resolution = registry.resolve(mention)
            if resolution.schools:
                said = f"{who} {address} (chưa đăng ký) có dạng"
                clues.append(_mention_clue(mention, resolution, said, source, None, registry))
    return clues


def message_text_clues(mail: Mail, documents: Sequence[Document], registry: Registry) -> list[Clue]:
    """The mail's own words (its subject, the names of files not read, its text, a document system's sending
    unit, the sender's name) and the office's mail it answers."""
    said = "Tiêu đề thư ghi"
    ours = bool(OUR_ACK_SUBJECT.match(fold(mail.subject)))
    others = (
        sorted(registry.threaded - {mail.sender.lower()}) if REPLY_SUBJECT.match(fold(mail.subject)) else []
    )
    if ours:
        said = f"Tiêu đề thư (giữ nguyên từ thư xác nhận của {registry.speaker} mà thư này trả lời) ghi"
    elif others:
        said = f"Tiêu đề thư (giữ nguyên từ thư của {', '.join(others[:2])} mà thư này trả lời) ghi"
    source = "thread" if ours else "subject"
    clues = text_clues(mail.subject, said, source, None, registry, places=True)
    clues += _code_clues(mail.subject, said, source, None, registry)
    named = {c.schools for c in clues}  # «THMyAn» is read as «TH My An» already: once is enough
    run_together = _run_together_clues(mail.subject, said, source, None, registry)
    clues += [c for c in run_together if c.schools not in named]
    if ours:
        # The office's own subject names the school it wrote to: the thread's word, as below.
        clues = [dataclasses.replace(c, weight=min(c.weight, MEDIUM)) for c in clues]
    elif others:
        # A reply's subject is its thread's: someone else wrote it (the school whose report this answers
        # to all), and it says nothing of who writes now, nor of whose paper this is.
        clues = [dataclasses.replace(c, weight=min(c.weight, WEAK)) for c in clues]
    read = {d.name for d in documents}
    for name in dict.fromkeys(a.name for a in mail.attachments if a.name not in read):
        clues += file_clues(name, None, registry)
    lines = mail.own_body.splitlines()
    addressed = _principals_addressed(lines)
    left_out = (
        addressed
        | _recipients_listed(lines)
        | _late_listed(lines)
        | {line for line in lines if _RECIPIENT_FIELD.match(fold(line))}
    )
    own = "\n".join(line for line in lines if line not in left_out)
    # A report typed into the mail names its partners as a paper does: they are not whose report it is.
    pasted = any(d.name == BODY_NAME for d in documents)
    clues += text_clues(
        own, "Nội dung thư ghi", "body", None, registry, places=False, schools=True, partners=not pasted
    )
    clues += _code_clues(own, "Nội dung thư ghi", "body", None, registry)
    for unit in systems.sending_units(mail.own_body):
        clues += _system_clues(unit, registry)
    # The school the office's mail this one answers was sent to ("Kính gửi: Hiệu trưởng Trường …" in the
    # reminder it quotes or passes on): its people reply, so it supports, never decides alone.
    # Quoted by a mail that does not answer our mail to that school, it ties nothing (Clue.quoted).
    thread = []
    for line in (*mail.principals_addressed, *addressed):
        answered = text_clues(line, "Thư trả lời thư gửi Hiệu trưởng", "thread", None, registry, places=False)
        for clue in answered:
            if clue.schools and clue.schools <= set(registry.answered):
                thread.append(dataclasses.replace(clue, weight=min(clue.weight, MEDIUM)))
            else:
                said = clue.reason.replace("Thư trả lời thư gửi Hiệu trưởng", _QUOTED, 1)
                thread.append(
                    dataclasses.replace(clue, weight=min(clue.weight, MEDIUM), reason=said, quoted=True)
                )
    # The same, told by the mail's thread: it answers the Message-ID of our mail to that school, however
    # little of our mail it quotes (a reply from a phone, a personal gmail the school's mail was passed to).
    if registry.answered:
        names = either([registry.name(s) for s in registry.answered])
        said = f"Thư trả lời thư của {registry.speaker} (nhắc nộp hoặc xác nhận) đã gửi {names}."
        thread.insert(0, Clue(frozenset(registry.answered), MEDIUM, said, "thread"))
    clues += _once_per_school(thread, [c for c in clues if c.source == "thread"])
    # The name the sender's mail program shows ("TH Mỹ An", "Trường MG Hoa Sen"): typed by whoever set
    # up the account, possibly at another school, so it supports or contradicts, never decides alone.
    shown = text_clues(mail.sender_name, "Tên người gửi ghi", "name", None, registry, places=False)
    return clues + [dataclasses.replace(c, weight=min(c.weight, MEDIUM)) for c in shown]


# What a quoted letter's clue says (Clue.quoted): the mail quotes or passes on our letter, it answers none.
_QUOTED = "Thư trích lại (không trả lời) thư gửi Hiệu trưởng"


def _once_per_school(thread: Sequence[Clue], before: Sequence[Clue]) -> list[Clue]:
    """The thread's clues less those naming only schools one before them names: the Message-ID our mail
    is answered by, its «Kính gửi: Hiệu trưởng …» quoted and its subject kept all tell of the one mail the
    office sent, which supports a school once and never decides alone."""
    named = {s for c in before for s in c.schools}
    kept = []
    for clue in thread:
        if clue.schools and clue.schools <= named:
            continue
        kept.append(clue)
        named |= clue.schools
    return kept


def _principals_addressed(lines: Sequence[str]) -> set[str]:
    """The lines of the mail's own text that address a school's principal ("Kính gửi: Hiệu trưởng Trường
    THCS Mỹ An", or "Hiệu trưởng …" under "Kính gửi:"): a school writes to the office, so such a line is
    the office's letter pasted back, naming whom it was sent to, not the school writing now."""
    addressed = set()
    for before, line in zip(["", *lines], lines, strict=False):
        if to_a_principal(line) or (ADDRESSING.search(fold(before)) and _A_PRINCIPAL.match(fold(line))):
            addressed.add(line)
    return addressed


def _recipients_listed(lines: Sequence[str]) -> set[str]:
    """The lines of a "Nơi nhận:" list in the mail's own text (a cover letter pasted into the mail): the
    schools on it get a copy to work with or are reported to, so none of them is the school writing."""
    listed: set[str] = set()
    within = False
    for line in lines:
        folded = fold(line)
        if COPIES_HEADING.match(folded):
            within = True
        elif not (within and _LISTED.match(folded)):
            within = False
        if within:
            listed.add(line)
    return listed


def _late_listed(lines: Sequence[str]) -> set[str]:
    """The lines of the office's list of schools that have not sent a report, pasted into the mail's own
    text («Danh sách các trường chưa nộp báo cáo:» over «1. Trường Tiểu học Mỹ An», or the schools on the
    heading's own line after a colon): the office named them, so none of them is the school writing. The
    list runs over the items under the heading (a dash, a bullet, a number, or a school's name) up to the
    first line that is none of those."""
    listed: set[str] = set()
    within = False
    for line in lines:
        folded = fold(line).strip()
        if _LATE_HEADING.search(folded) and _LATE_WORDS.search(folded):
            within = True
        elif not (within and (_LISTED.match(folded) or _LATE_ITEM.match(folded))):
            within = False
        if within:
            listed.add(line)
    return listed


def _system_clues(unit: str, registry: Registry) -> list[Clue]:
    """The unit a document system's notice names as the paper's sender: the system's word, from the
    account that sent it, weighs as a subject naming one school in full. A unit placed in another
    district or province ("Trường Tiểu học Mỹ An - huyện Tân Châu": the system serves the whole province)
    is a namesake of another office's, whatever school of ours its name fits: it supports none."""
    said = "Hệ thống quản lý văn bản ghi đơn vị gửi"
    if _not_ours(unit, registry):
        reason = (
            f"{said} «{' '.join(unit.split())}», ở địa phương khác, không thuộc {registry.offices[0]}: có thể là "
            "trường cùng tên ở nơi khác."
        )
        return [Clue(frozenset(), MEDIUM, reason, "system")]
    return text_clues(unit, said, "system", None, registry, places=False)


def document_clues(index: int, document: Document, registry: Registry) -> list[Clue]:
    """What one paper says of its school: its file name, header (or another district's office over it),
    number, own lines and, without a header, its title."""
    clues = file_clues(document.name, index, registry)
    office = _office_clue(index, document, registry)
    header = office or header_clue(index, document, registry) or _commune_only_clue(index, document, registry)
    if header is not None:
        clues.append(header)
    symbol = symbol_clue(index, document, registry) if office is None else None
    if symbol is not None:
        clues.append(symbol)
    own, addressees = own_lines(document, header)
    said = f"Văn bản {document.name} ghi"
    ocr = is_ocr(document)
    found = text_clues(own, said, "document", index, registry, places=False, ocr=ocr)
    found += _addressed_clues(addressees, index, document, registry)
    known = {c.schools for c in clues}
    read = clues + [c for c in found if c.schools not in known]
    if not document.header.issuer:
        read += _titled_clues(index, document, registry)
    # Another district's office read from a scan was compared leniently (_same_place): it still vetoes.
    return [
        dataclasses.replace(c, ocr=True) if ocr and c.source != "file" and c is not office else c
        for c in read
    ]


def own_lines(document: Document, header: Clue | None) -> tuple[str, list[str]]:
    """Where a document names its own school, its first and last lines, and the lines it is addressed to
    ("Kính gửi: …"), which are left out of them."""
    lines = [line for line in document.text.splitlines() if line.strip()]
    if header is not None and header.cut and document.header.issuer:
        # A header that may be cut short names several schools; its own line, read again as text,
        # must not then vote for the shortest of them.
        issuer = fold(document.header.issuer)
        lines = [line for line in lines if issuer not in fold(line)]
    lines, addressees = _addressees(lines)
    return "\n".join(lines[:HEAD_LINES] + lines[max(HEAD_LINES, len(lines) - TAIL_LINES) :]), addressees


def _addressees(lines: Sequence[str]) -> tuple[list[str], list[str]]:
    """A document's lines without those saying whom it is sent to ("Kính gửi: Trường TH Mỹ An", or the
    line under a "Kính gửi:" of its own), and those lines: a paper names its addressee, not its author.
    The schools its "Nơi nhận:" list sends copies to are left out too, naming neither."""
    copies = _recipients_listed(lines)
    kept: list[str] = []
    addressed: list[str] = []
    for before, line in zip(["", *lines], lines, strict=False):
        folded = fold(line).strip()
        if folded.startswith("kinh gui") or ADDRESSING.search(fold(before)):
            addressed.append(line)
        elif line not in copies:
            kept.append(line)
    return kept, addressed


def _titled_clues(index: int, document: Document, registry: Registry) -> list[Clue]:
    """What a paper without a header says of its own school where a paper names it: its title («… của
    Trường Mầm non Mỹ An», «… của trường Mỹ Phú», «… của Trường Mẫu giáo») and its signing block (the
    lines from «HIỆU TRƯỞNG» or «KT. HIỆU TRƯỞNG» on). A second report beside a school's headed one is
    another school's when these name another school; candidates only, they support none."""
    clues = []
    said = title_said(document)
    for clue in text_clues(nfc(document.header.title or ""), said, "document", index, registry, places=True):
        if clue.schools and clue.weight > CANDIDATE:
            clues.append(dataclasses.replace(clue, weight=CANDIDATE, titled=True))
    said = f"Phần ký tên của văn bản {document.name} ghi"
    for clue in text_clues(
        "\n".join(_signing_lines(document)), said, "document", index, registry, places=False
    ):
        if clue.schools and clue.weight > CANDIDATE:
            clues.append(dataclasses.replace(clue, weight=CANDIDATE, titled=True))
    for said, words, levels in levels_written(document):
        reason = f"{said} «{words}», không ghi tên trường."
        clues.append(Clue(frozenset(), CANDIDATE, reason, "document", index, titled=True, levels=levels))
    return clues


def title_said(document: Document) -> str:
    """How a reason opens that quotes a paper's title (the line under its kind)."""
    return f"Tên gọi (dòng dưới «{document.header.kind or 'BÁO CÁO'}») của văn bản {document.name} ghi"


def _signing_lines(document: Document) -> list[str]:
    """A paper's signing block: its last lines from the first signing role on («HIỆU TRƯỞNG», «KT. HIỆU
    TRƯỞNG»), without its «Nơi nhận:» list."""
    lines = [line.strip() for line in document.text.splitlines() if line.strip()][-TAIL_LINES:]
    signing = next((at for at, line in enumerate(lines) if SIGNING.match(fold_aligned(line))), None)
    copies = _recipients_listed(lines)
    return [line for line in lines[signing:] if line not in copies] if signing is not None else []


def levels_written(document: Document) -> list[tuple[str, str, frozenset[str]]]:
    """Where a paper writes «Trường» and a level with no name as its own school: its title («… của
    Trường Tiểu học», «… TRƯỜNG TIỂU HỌC NĂM 2025», the year aside) and its signing block (a line «Trường
    Tiểu học» under «HIỆU TRƯỞNG»), and its file's name ending with a level, after «trường» or in full
    («BC NQ121 Tieu hoc.docx»; «BC TH» is as often «báo cáo tổng hợp»). Where, in Vietnamese, the words and
    the levels."""
    found = []
    lone = level_alone_in(_TITLE_YEAR.sub("", nfc(document.header.title or "")))
    if lone is not None and _SCHOOL_OPENING.match(fold(lone[0])):
        found.append((title_said(document), *lone))
    for line in _signing_lines(document):
        levels = lone_levels(line)
        if levels and _SCHOOL_OPENING.match(fold(line)):
            found.append((f"Phần ký tên của văn bản {document.name} ghi", line, levels))
    named = level_alone_in(re.sub(r"\.\w{1,5}$", "", nfc(document.name)).replace("_", " "))
    if named is not None:
        found.append((f"Tên tệp {document.name} ghi", *named))
    return found


def _addressed_clues(
    addressed: Sequence[str], index: int, document: Document, registry: Registry
) -> list[Clue]:
    """A school a document is addressed to ("Kính gửi: Trường Tiểu học Mỹ An (trường cụm trưởng)", a
    cluster member's report to its lead school): whoever wrote it, that school did not. The clue names no
    school, and so weighs against each, the addressee included."""
    clues = []
    for line in addressed:
        for mention in find_mentions(line):
            resolution = registry.resolve(mention, tones_reliable=not is_ocr(document))
            if resolution.clear:
                school = registry.name(resolution.schools[0])
                reason = (
                    f"Văn bản {document.name} gửi đến {school} («{' '.join(line.split())}»): là văn bản của một "
                    "trường khác gửi trường này, không phải báo cáo của chính trường này."
                )
                clues.append(Clue(frozenset(), MEDIUM, reason, "document", index))
    return clues


def symbol_clue(index: int, document: Document, registry: Registry) -> Clue | None:
    """A document's number whose issuer code is one school's: "Số: 12/BC-THMTA" is Tiểu học Mỹ Thạnh A's.
    None when schools numbered apart from it have that code and their number («THMA» for Tiểu học Mỹ An,
    an old name of Mỹ An 1, with Mỹ An 2 beside it): the number left out tells nothing of which it is."""
    number = document.header.number
    code = symbol_code(number) if number else None
    schools = registry.by_symbol(code) if code else ()
    if number is None or len(schools) != 1 or (code and set(registry.numbered_after(code)) - set(schools)):
        return None
    reason = f"Số ký hiệu của văn bản {document.name} «{number.strip()}» là ký hiệu của {registry.name(schools[0])}."
    near = frozenset(_near_level_coded(code, schools, registry)) if code else frozenset()
    return Clue(frozenset(schools), MEDIUM, reason, "document", index, near=near)


def _office_clue(index: int, document: Document, registry: Registry) -> Clue | None:
    """A header whose parent body is another district's office or a body of another province, or a date
    line placing the paper in another district or province («Mỹ An, huyện Tháp Mười, ngày …»): the school
    it names, however well it fits one of ours, is a school there (many communes share names across the
    country, more since they merged in 2025)."""
    header = document.header
    scanned = _header_scanned(document)
    parent = header.parent_body
    said = ""
    if parent:
        written = " ".join(parent.split())
        # «PHÒNG GD&ĐT THƯ 111L 1»: OCR lost the place, which names no district
        office = not (scanned and garbled(parent)) and _another_office(parent, registry, scanned)
        if office or _far_province(parent, registry, scanned):
            said = f"Tiêu đề văn bản {document.name} ghi cơ quan chủ quản «{written}», không phải {registry.offices[0]}"
        elif (commune := _stranger_commune_office(parent, registry, scanned)) and not _named_after(
            commune, document, registry, scanned
        ):
            said = (
                f"Tiêu đề văn bản {document.name} ghi cơ quan chủ quản «{written}»; {commune_kind(parent)} "
                f"{commune} không thuộc địa bàn của {registry.offices[0]}"
            )
    region = header.region
    if not said and region and _not_ours(region, registry, scanned=scanned):
        placed = ", ".join(p for p in (header.place, region) if p)
        said = (
            f"Dòng ngày tháng của văn bản {document.name} ghi «{placed}», không thuộc địa bàn của "
            f"{registry.offices[0]}"
        )
    if not said:
        return None
    reason = (
        f"{said}: có thể là báo cáo của một trường cùng tên ở địa phương khác, hoặc trường dùng lại văn bản "
        "của nơi khác."
    )
    return Clue(frozenset(), MEDIUM, reason, "header", index)


def _named_after(commune: str, document: Document, registry: Registry, scanned: bool) -> bool:
    """Whether the header's issuer names in full the one school of its name, at any level, and that name is
    the commune its parent body names: «UBND XÃ BÌNH LỢI» over «TRƯỜNG TIỂU HỌC BÌNH LỢI», the template of
    the commune the school is named after, merged into another in 2025, is that school's own. A ward's,
    where none of ours is in a ward, is a namesake's elsewhere all the same."""
    mention = issuer_mention(document.header.issuer or "")
    if mention is None or (
        commune_kind(document.header.parent_body or "") == "phường" and not registry.has_wards
    ):
        return False
    resolution = registry.resolve(mention, tones_reliable=not scanned)
    if not resolution.clear:
        return False
    if registry.at_near_level(mention, tones_reliable=not scanned) - set(resolution.schools):
        return False  # a Mẫu giáo of that name beside the Mầm non: which of them the header means is unsaid
    key = fold if scanned else tone_key
    return any(key(n.place) == key(commune) for n in registry.names.get(resolution.schools[0], ()))


def _another_office(parent: str, registry: Registry, scanned: bool) -> bool:
    """Whether a parent body is another district's office than the office's own (a district's)."""
    homes = district_homes(registry.offices)
    if not homes or not _NAMES_DISTRICT.search(fold(parent)):
        return False
    return not any(names_place(parent, home, ocr=scanned) for home in homes)


# What ends a commune's name in its People's Committee's line: a comma, a bracket, or a dash set apart by a
# space («UBND XÃ HÒA KHÁNH - HUYỆN …»); a hyphen inside the name joins its words («UBND XÃ SÉO-MÍ-TỶ»).
_PLACE_ENDS = re.compile(r"\s*[,;(–—]\s*|\s+-\s*|\s*-\s+")


def _unhyphenated(place: str) -> str:
    """A place folded, its hyphens as spaces: «Séo-Mí-Tỷ» is «Séo Mí Tỷ»."""
    return " ".join(fold(place).replace("-", " ").split())


# Single letters after a name on a scan: specks OCR read as letters, «R E».
_STRAY_LETTERS = re.compile(r"(?:\s+[^\W\d_])+$")


def _stranger_commune_office(parent: str, registry: Registry, scanned: bool) -> str:
    """The commune a parent body names when it is a commune's People's Committee where no school of the
    roster is known to be (Registry.communes) and that is not the office's own place: «UBND XÃ HÒA KHÁNH»
    above «TRƯỜNG THCS MỸ AN» is a Mỹ An school of another commune, since 2025 the header of every school
    in the country. A ward (phường) when none of ours is one; on a scan, a place close to one of ours is
    ours misread. "" otherwise."""
    place = commune_office_place(parent)
    if not place or (scanned and garbled(parent)):
        return ""
    place = _PLACE_ENDS.split(place)[0].strip()  # «HÒA KHÁNH, TỈNH …»: the province is read apart
    kind = commune_kind(parent)
    ours = {_unhyphenated(p) for p in (*registry.communes, *home_places(registry.offices))}
    folded = _unhyphenated(place)
    if not folded:
        return ""
    if scanned and folded not in ours and _STRAY_LETTERS.sub("", folded) in ours:
        return ""  # «XUÂN PHONG R E»: the rule under the line read as letters after the commune's name
    near = folded in ours or (scanned and any(fuzz.ratio(folded, p) >= _OCR_PLACE_SCORE for p in ours))
    if near and (kind != "phường" or registry.has_wards):
        return ""
    return place.title() if place.isupper() else place


def _far_province(text: str, registry: Registry, scanned: bool) -> bool:
    """Whether text names a province other than the configured ones; on a scan, only a province read
    whole (one of PROVINCES), as a misread letter of our own («TỈNH LONG AM») is not another province."""
    if not _another_province(text, registry.provinces):
        return False
    if not scanned:
        return True
    ours = {fold(p) for p in registry.provinces}
    words = text.split()
    named = (province_opening(words[at + 1 :]) for at, word in enumerate(words) if fold(word) == "tinh")
    return any(province and fold(province) not in ours for province in named)


@lru_cache(maxsize=8)
def home_places(offices: tuple[str, ...]) -> tuple[str, ...]:
    """The places the office and its units are named after: "Phòng GD&ĐT Thủ Thừa" -> "Thủ Thừa".

    None unless the office is a district's: a province's Department (after the districts were
    abolished in 2025) receives papers still headed with their former district for years.
    """
    if not any(_NAMES_DISTRICT.search(fold(office)) for office in offices):
        return ()
    places = []
    for office in offices:
        found = _OFFICE_NAME.match(fold(office))
        if found is not None:
            words = office.split()
            places.append(" ".join(words[len(words) - len(found.group("place").split()) :]))
    return tuple(dict.fromkeys(places))


def district_homes(offices: tuple[str, ...]) -> tuple[str, ...]:
    """The districts among home_places: the places of the offices named after a district ("Phòng GD&ĐT
    Thủ Thừa"), not the communes of the units ("UBND xã Mỹ Thạnh"). What names a district ("UBND HUYỆN
    TÂN THẠNH", "… - HUYỆN THÁP MƯỜI") is compared with these: with the communes, a scanned «TÂN THẠNH»
    came close enough to Mỹ Thạnh, and a certificate of Tháp Mười's Mỹ An named the commune Mỹ An, to pass
    as ours, and another district's school was credited to ours."""
    return home_places(tuple(o for o in offices if _NAMES_DISTRICT.search(fold(o))))


def names_place(text: str, place: str, *, ocr: bool) -> bool:
    """text names the place, its tone marks aside (a parent body typed "THỦ THỬA" is still ours),
    or closely enough when read from a scan."""
    if any(f" {_place_key(place, joined)} " in f" {_place_key(text, joined)} " for joined in ("", " ")):
        return True
    return ocr and fuzz.partial_ratio(fold(place), fold(text)) >= _OCR_PLACE_SCORE


def _place_key(text: str, apostrophe: str) -> str:
    """text's words folded, an apostrophe inside a place's name written as apostrophe ("" or " "): left
    out, «EA H'LEO», «Ea H’leo» and «EA HLEO» are the one place; as a space, «Ea H leo» is that place too."""
    return _NOT_WORD.sub(" ", fold(text).replace("'", apostrophe)).strip()


def header_clue(index: int, document: Document, registry: Registry) -> Clue | None:
    """The school a paper's header names (its issuer line, read with its parent body), None without one."""
    issuer = document.header.issuer
    mention = issuer_mention(issuer) if issuer else None
    if issuer is None or mention is None:
        return None
    ocr = _header_scanned(document)
    resolution = registry.resolve(mention, tones_reliable=not ocr)
    said = f"Tiêu đề văn bản {document.name} ghi «{issuer.strip()}»"
    longer = _cut_short(issuer, registry, ocr)
    office = _commune_office(document, registry)
    commune = _parent_commune(office, resolution, registry, ocr)
    district = headed_district(document, resolution.schools, registry) if _alike(resolution) else None
    if commune is not None:
        # Namesakes of several communes ("Trường Tiểu học Kim Đồng"): the parent body "UBND XÃ MỸ AN"
        # says which; the names it may be the start of are those of that commune only.
        parent, place, resolution = commune
        said = f"Tiêu đề văn bản {document.name} ghi «{parent}» và «{issuer.strip()}»"
        longer = frozenset(registry.in_commune(tuple(longer), place, tones_reliable=not ocr))
    elif district is not None and len(district[1]) == 1:
        # Namesakes of several former districts: «PHÒNG GD&ĐT PHƯỚC SƠN», the office that collected one of
        # them until 2025, says which; its template outlived the district.
        parent, (school,) = district
        body = _district_offices(parent, school, registry, ocr)[0]
        said = (
            f"Tiêu đề văn bản {document.name} ghi «{parent}» và «{issuer.strip()}» (trong các trường cùng tên, "
            f"chỉ một trường thuộc {body})"
        )
        longer = frozenset(s for s in longer if _district_offices(parent, s, registry, ocr))
        resolution = dataclasses.replace(resolution, schools=(school,), namesakes=resolution.schools)
    elif office is not None and resolution.fit is None:
        # «UBND XÃ VĨNH THẠNH» over «TRƯỜNG TIỂU HỌC SỐ 1», the start of every commune's number 1: the
        # names it may be the start of are those of that commune, when any is there.
        here = registry.in_commune(tuple(sorted(longer)), office[1], tones_reliable=not ocr)
        if here:
            said = f"Tiêu đề văn bản {document.name} ghi «{office[0]}» và «{issuer.strip()}»"
            longer = frozenset(here)
    told = frozenset(resolution.namesakes) - set(resolution.schools)
    lettered = _lettered_in_commune(office, mention, resolution, registry, ocr) if commune is None else ()
    if office is not None and lettered:
        # "UBND XÃ LONG VĨNH / TRƯỜNG THCS NGUYỄN DU": no school of that name is in that commune, but
        # Nguyễn Du B is, renamed with a letter when its commune merged; its old template left it out.
        parent = office[0]
        away = [s for s in resolution.schools if registry.homes.get(s)]
        unplaced = frozenset(resolution.schools) - set(away)  # in no known commune: maybe that one
        elsewhere = either([registry.name(s) for s in away]).replace(" hoặc ", " và ")
        kind = commune_kind(parent)
        reason = (
            f"Tiêu đề văn bản {document.name} ghi «{parent}» và «{issuer.strip()}»: {elsewhere} "
            f"{'đều ' if len(away) > 1 else ''}không ở {kind} ghi trên tiêu đề; ở {kind} ấy có "
            f"{either([registry.name(s) for s in lettered]).replace(' hoặc ', ' và ')}, tên có thêm số hoặc "
            "chữ cuối mà tiêu đề có thể đã bỏ."
        )
        return Clue(frozenset({*lettered, *unplaced}), MEDIUM, reason, "header", index)
    if resolution.fit is None:
        if len(longer) == 1:
            cut = next(iter(longer))
            home = _completed_by_parent(issuer, document, cut, registry, ocr)
            if home is not None:
                parent = " ".join((document.header.parent_body or "").split())
                reason = (
                    f"Tiêu đề văn bản {document.name} ghi «{parent}» và «{issuer.strip()}»: "
                    f"{registry.name(cut)} (tên {home} ghi ở dòng cơ quan chủ quản)."
                )
                return Clue(frozenset({cut}), STRONGEST, reason, "header", index, clear=True)
            reason = (
                f"{said}, có lẽ bị ngắt dòng: chỉ khớp phần đầu {_cut_names([cut], issuer, registry, ocr)}."
            )
            return Clue(frozenset({cut}), MEDIUM, reason, "header", index)
        if longer:  # "TRƯỜNG THCS MỸ", the rest on a line not read: one of the schools it starts
            names = _cut_names(longer, issuer, registry, ocr)
            reason = f"{said}, có lẽ bị ngắt dòng: chỉ khớp phần đầu {names}."
            return Clue(frozenset(longer), MEDIUM, reason, "header", index)
        misread = _misread_number(mention, registry) if ocr else ()
        if misread:  # a guess: it names the candidates staff choose from, and supports none
            names = either([registry.name(s) for s in misread])
            reason = (
                f"{said}, không khớp trường nào trong danh sách; bản quét có thể đã đọc nhầm chữ và số "
                f"(«A» thành «4», «B» thành «8»…): có thể là {names}."
            )
            return Clue(
                frozenset(misread), CANDIDATE, reason, "header", index, ocr=True, misread=frozenset(misread)
            )
        reason = f"{said}, không khớp trường nào trong danh sách."
        if ocr and garbled(issuer):
            reason = unread_name(document.name, issuer)
        return Clue(frozenset(), MEDIUM, reason, "header", index)
    if resolution.clear and longer - set(resolution.schools) and _laid_out(document):
        # "TRƯỜNG MẦM NON NHƠN TRUNG" is one school's whole name and the start of "... NHƠN TRUNG 2":
        # the layout may have cut the number off, so the header names neither for sure.
        both = longer | set(resolution.schools)
        names = ", ".join(registry.name(s) for s in sorted(both))
        reason = f"{said}, có thể bị ngắt dòng: khớp tên hoặc phần đầu tên của {names}."
        return Clue(frozenset(both), MEDIUM, reason, "header", index, cut=resolution.schools[0])
    alias = resolution.schools[0] if resolution.clear else ""
    if alias and longer - {alias} and registry.by_alias_only(mention, alias, tones_reliable=not ocr):
        # "TRƯỜNG TIỂU HỌC MỸ AN", Mỹ An 1's name before it was renamed, is also the start of Mỹ An 2's
        # name now: a school's former name on an old template, or its sibling's new name typed without
        # the number. Even a Word file's header names neither for sure.
        going_on = either([registry.name(s) for s in sorted(longer - {alias})])
        reason = (
            f"{said}: tên gọi khác của {registry.name(alias)} (không phải tên hiện nay), cũng là phần đầu "
            f"tên của {going_on}."
        )
        return Clue(frozenset(longer | {alias}), MEDIUM, reason, "header", index, cut=alias, aliased=True)
    if resolution.clear and (others := _also_named(issuer, resolution.schools[0], registry, ocr)):
        # "TRƯỜNG TH MỸ PHÚ - TRƯỜNG MG MỸ PHÚ": one paper for two schools (a principal of both) is
        # neither school's own report for sure.
        named = (resolution.schools[0], *others)
        reason = f"{said}: văn bản chung của {either([registry.name(s) for s in named])}."
        return Clue(frozenset(named), MEDIUM, reason.replace(" hoặc ", " và "), "header", index)
    # a scan's issuer line may go on with the other column's letters (_debris_after): only a typed one's
    if resolution.clear and not ocr and _name_goes_on(mention, resolution, registry, issuer):
        return _longer_name_clue(said, resolution, "header", index, registry)
    if resolution.clear:
        schools = frozenset(resolution.schools)
        debris = _debris_after(issuer, mention, resolution, registry) if ocr and not told else ""
        if debris:  # "TRƯỜNG TIỂU HỌC MỸ AN CÁ TU": the right-hand column's letters, not the name
            said = said.replace(f"«{issuer.strip()}»", f"«{debris}»")
        if told:
            said = f"{said}: {_what_it_means(mention, resolution, registry)}"
        near = _near_level_header(office, mention, resolution, registry, ocr)
        return Clue(schools, STRONGEST, f"{said}.", "header", index, clear=True, namesakes=told, near=near)
    note = " (bản quét: dấu thanh có thể bị nhận sai)" if ocr else ""
    same_level = resolution.fit.level == 2 or not mention.levels  # a near level only supports
    placed = resolution.fit.place >= TONE_PLACE
    weight = MEDIUM if placed and same_level else WEAK
    reason = f"{said}{note}: {_what_it_means(mention, resolution, registry)}."
    stranger = _stranger_commune(office, resolution, registry, ocr)
    if stranger:  # "UBND XÃ ĐỨC HÒA" over a name none of whose schools is there: staff should know
        kind = commune_kind(stranger)
        reason = (
            f"Tiêu đề văn bản {document.name} ghi «{stranger}» và «{issuer.strip()}»{note}: "
            f"{_what_it_means(mention, resolution, registry)}; {kind} ghi trên tiêu đề không phải {kind} đã "
            "biết của trường nào trong số đó (có thể là trường cùng tên ở nơi khác)."
        )
    levelled = placed and bool(mention.levels)
    schools = frozenset(resolution.schools)
    read_back = _misread_number(mention, registry) if ocr and resolution.fit.suffix != 2 else ()
    confused = schools & set(read_back) if schools - set(read_back) else frozenset()
    if confused:  # "BÌNH THẠNH l": no number as read, Bình Thạnh 1 read back
        names = either([registry.name(s) for s in sorted(confused)])
        reason = f"{reason[:-1]}; nếu máy đọc nhầm chữ và số («B» thành «8», «1» thành «l»…) thì là {names}."
    return Clue(
        schools,
        weight,
        reason,
        "header",
        index,
        levelled=levelled,
        misread=confused,
        namesakes=told,
        stranger=bool(stranger),
    )


def _near_level_header(
    office: tuple[str, str] | None, mention: Mention, resolution: Resolution, registry: Registry, ocr: bool
) -> frozenset[str]:
    """The schools of a near level whose name a header naming one school in full writes but for its level
    word, when its parent body names no commune of that school's («PHÒNG GD&ĐT MANG THÍT» over «TRƯỜNG MẦM
    NON HOA SEN» beside a Mẫu giáo Hoa Sen; «UBND XÃ MỸ PHƯỚC», the Mầm non's commune, tells them apart)."""
    school = resolution.schools[0]
    fit = resolution.fit
    if fit is None or not fit.full or not registry.level_alone(mention, school, tones_reliable=not ocr):
        return frozenset()
    if office is not None and registry.in_commune((school,), office[1], tones_reliable=not ocr):
        return frozenset()
    return registry.at_near_level(mention, tones_reliable=not ocr) - {school}


def _debris_after(issuer: str, mention: Mention, resolution: Resolution, registry: Registry) -> str:
    """The issuer line without what follows the school's full name when that is OCR debris, stray letters
    of the right-hand column ("TRƯỜNG TIỂU HỌC MỸ AN CÁ TU"): one to three words of one or two letters
    each. "" when nothing such follows, or the words cannot be cut off cleanly."""
    rest = mention.words[words_shown(mention, resolution, registry) :]
    if not 1 <= len(rest) <= _DEBRIS_WORDS or any(len(word) > _DEBRIS_LETTERS for word in rest):
        return ""
    tokens = issuer.split()
    left = len(rest)
    while tokens and left > 0:
        left -= len(_CODE_WORD.findall(tokens.pop()))
    kept = " ".join(tokens).rstrip(" ,;:-–—")
    return kept if left == 0 and kept else ""


def _laid_out(document: Document) -> bool:
    """Whether the document's lines were placed by position (a PDF, a scan), where a header's last word
    may fall on a line of its own and be lost; a Word file's header cell keeps its paragraphs together."""
    return document.format in ("pdf", "image") or document.method in ("ocr", "mixed")


def _commune_only_clue(index: int, document: Document, registry: Registry) -> Clue | None:
    """A letterhead with the commune's People's Committee and no school line ("UBND XÃ MỸ AN" alone), or
    one of «Trường» and a level alone ("TRƯỜNG TIỂU HỌC", the name lost at a line end): the schools of that
    commune (at that level), named as candidates for staff, supporting none."""
    issuer = " ".join((document.header.issuer or "").split())
    levels = lone_levels(issuer)
    office = _commune_office(document, registry) if not issuer or levels else None
    if office is None:
        return None
    parent, place = office
    ids = tuple(
        s.id
        for s in registry.schools
        if s.id not in registry.closed
        and (not levels or any(level_fits(levels, n.level) for n in registry.names.get(s.id, ())))
    )
    found = registry.in_commune(ids, place, tones_reliable=not _header_scanned(document))
    if not found:
        return None
    names = either([registry.name(s) for s in found])
    written = f"«{parent}» và «{issuer}»" if issuer else f"«{parent}»"
    reason = (
        f"Tiêu đề văn bản {document.name} chỉ ghi {written}, không ghi tên trường: nếu là báo cáo của một "
        f"trường trong {commune_kind(parent)} thì có thể là {names}."
    )
    return Clue(frozenset(found), CANDIDATE, reason, "header", index, letterhead=parent)


def _commune_office(document: Document, registry: Registry) -> tuple[str, str] | None:
    """A header's parent body as written and the commune it names, when it is a commune's People's
    Committee ("UBND XÃ MỸ AN", "MỸ AN"); None for any other parent body or none. On a scan, single letters
    after one of our communes are specks (_STRAY_LETTERS): «UBND XÃ XUÂN PHONG R E» names Xuân Phong."""
    parent = " ".join((document.header.parent_body or "").split())
    place = commune_office_place(parent) if parent else None
    if place is None:
        return None
    if _header_scanned(document) and _STRAY_LETTERS.search(place):
        ours = {_unhyphenated(p) for p in registry.communes}
        kept = _STRAY_LETTERS.sub("", place)
        if _unhyphenated(place) not in ours and _unhyphenated(kept) in ours:
            return parent, kept
    return parent, place


def _parent_commune(
    office: tuple[str, str] | None, resolution: Resolution, registry: Registry, ocr: bool
) -> tuple[str, str, Resolution] | None:
    """The parent body of a header (as written), the commune it names ("UBND XÃ MỸ AN", _commune_office) and
    the namesakes the issuer may be there, when the issuer names several schools alike (_alike) and that
    commune tells some apart."""
    if office is None or not _alike(resolution):
        return None
    parent, place = office
    found = registry.in_commune(resolution.schools, place, tones_reliable=not ocr)
    if not found or len(found) == len(resolution.schools):
        return None
    return parent, place, dataclasses.replace(resolution, schools=found, namesakes=resolution.schools)


def _stranger_commune(
    office: tuple[str, str] | None, resolution: Resolution, registry: Registry, ocr: bool
) -> str:
    """The parent body of a header (as written) when it is a commune's People's Committee (_commune_office)
    in whose commune none of the namesakes the issuer names alike (_alike) is known to be, each having a
    known commune; "" else."""
    if office is None or not _alike(resolution):
        return ""
    parent, place = office
    if not all(registry.homes.get(s) for s in resolution.schools):
        return ""
    return "" if registry.in_commune(resolution.schools, place, tones_reliable=not ocr) else parent


def headed_district(
    document: Document, schools: Sequence[str], registry: Registry
) -> tuple[str, tuple[str, ...]] | None:
    """A paper's parent body as written when it names a district («PHÒNG GD&ĐT PHƯỚC SƠN», «UBND HUYỆN
    PHƯỚC SƠN»), and those of schools that district's office collected (_district_offices): the letterhead
    of a district abolished in 2025 still heads its schools' papers, and tells namesakes of several districts
    apart. None when the parent body names no district."""
    parent = " ".join((document.header.parent_body or "").split())
    scanned = _header_scanned(document)
    if not parent or not _NAMES_DISTRICT.search(fold(parent)) or (scanned and garbled(parent)):
        return None
    return parent, tuple(s for s in schools if _district_offices(parent, s, registry, scanned))


def _district_offices(parent: str, school: str, registry: Registry, scanned: bool) -> tuple[str, ...]:
    """The school's collecting units in any season (Registry.bodies) that are the office of the district a
    parent body names; of a school no district's office is recorded for, the office's own or a unit's that
    is a district's (any school of ours may have been theirs)."""
    bodies = [b for b in registry.bodies.get(school, ()) if district_homes((b,))] or registry.offices
    return tuple(
        b for b in bodies if any(names_place(parent, home, ocr=scanned) for home in district_homes((b,)))
    )


def _alike(resolution: Resolution) -> bool:
    """Whether a header's name fits several schools by their place and number alike, in full or but for its
    level word («TRƯỜNG MẪU GIÁO HỌA MI» of the Mầm non Họa Mi of several communes): namesakes, which only
    a commune tells apart."""
    fit = resolution.fit
    return fit is not None and (fit.place, fit.suffix) == (EXACT_PLACE, 2) and len(resolution.schools) > 1


def _lettered_in_commune(
    office: tuple[str, str] | None, mention: Mention, resolution: Resolution, registry: Registry, ocr: bool
) -> tuple[str, ...]:
    """The schools in the commune of a header's parent body ("UBND XÃ LONG VĨNH", _commune_office) whose
    name the issuer writes but for its number or letter (Nguyễn Du B), when no school it names in full is
    known to be in that commune: the header may be theirs as well as those schools'. () otherwise."""
    if office is None or resolution.fit is None or not resolution.fit.full:
        return ()
    place = office[1]
    if registry.in_commune(resolution.schools, place, tones_reliable=not ocr):
        return ()
    if not any(registry.homes.get(s) for s in resolution.schools):
        return ()  # where those schools are is not known: nothing says the header is not theirs
    unnumbered = registry.in_order(
        registry.unnumbered(mention, tones_reliable=not ocr) - set(resolution.schools)
    )
    return registry.in_commune(unnumbered, place, tones_reliable=not ocr)


def _misread_number(mention: Mention, registry: Registry) -> tuple[str, ...]:
    """The schools of the mention's level that a scanned issuer fits once a one-character word of it
    is read as the letter or digit OCR confuses it with ("MỸ THẠNH 4" for "MỸ THẠNH A"), or without
    that word (a speck of the stamp read as a digit)."""
    found: list[str] = []
    for at, word in enumerate(mention.words[:LONGEST_PLACE]):
        if len(word) != 1:
            continue
        readings = [
            (*mention.words[:at], other, *mention.words[at + 1 :]) for other in _OCR_SWAPS.get(word, "")
        ]
        readings.append((*mention.words[:at], *mention.words[at + 1 :]))
        for words in readings:
            resolution = registry.resolve(dataclasses.replace(mention, words=words), tones_reliable=False)
            fit = resolution.fit
            if fit is not None and fit.place >= TONE_PLACE and fit.level == 2 and fit.suffix == 2:
                found.extend(resolution.schools)
    return tuple(dict.fromkeys(found))


def _also_named(issuer: str, school: str, registry: Registry, ocr: bool) -> tuple[str, ...]:
    """Other schools an issuer line names beside school, each by its level and place."""
    found: list[str] = []
    for mention in find_mentions(issuer):
        resolution = registry.resolve(mention, tones_reliable=not ocr)
        fit = resolution.fit
        if (
            fit is not None
            and fit.place >= TONE_PLACE
            and fit.level == 2
            and school not in resolution.schools
        ):
            found.extend(resolution.schools)
    return tuple(dict.fromkeys(found))


def _completed_by_parent(
    issuer: str, document: Document, school: str, registry: Registry, ocr: bool
) -> str | None:
    """The office's district ("huyện Thủ Thừa") or the commune ("xã THỦ THỪA") that completes a header's name
    to the whole name of school, when the header's parent body names that district ("UBND HUYỆN THỦ THỪA"
    over "TRƯỜNG TIỂU HỌC THỊ TRẤN" for Trường Tiểu học Thị trấn Thủ Thừa: the school leaves out the district
    its parent line names), or is a People's Committee naming that commune ("UBND XÃ THỦ THỪA", the town
    and its neighbours merged in 2025, over "TRƯỜNG THCS THỊ TRẤN"); else None."""
    parent = document.header.parent_body
    if not parent:
        return None
    homes = (
        [f"huyện {h}" for h in district_homes(registry.offices)]
        if _NAMES_DISTRICT.search(fold(parent))
        else []
    )
    commune = commune_office_place(parent)
    for place in (*homes, *([f"xã {commune}"] if commune else [])):
        home = place.split(" ", 1)[1]
        if not names_place(parent, home, ocr=ocr):
            continue
        mention = issuer_mention(f"{issuer.strip()} {home}")
        whole = registry.resolve(mention, tones_reliable=not ocr) if mention is not None else None
        if whole is not None and whole.clear and whole.schools == (school,):
            return place
    return None


def _cut_short(issuer: str, registry: Registry, ocr: bool) -> frozenset[str]:
    """The schools whose names start with the issuer's words and go on: names the layout may have cut
    at a line end ("TRƯỜNG MẦM NON THỊ TRẤN THỦ" / "THỪA", "... NHƠN TRUNG" / "2")."""
    words = (fold if ocr else tone_key)(issuer).split()
    if len(words) < 3:  # "Trường" + level + at least a word of the place
        return frozenset()
    return registry.names_going_on(tuple(words), tones_reliable=not ocr)


def _cut_names(schools: Iterable[str], issuer: str, registry: Registry, ocr: bool) -> str:
    """The names the issuer's words start (_cut_short), as a reason says them: «tên của Trường Tiểu học Mỹ An 1
    hoặc Trường Tiểu học Mỹ An 2»; a school's former name they start, when its name now does not, as such
    («tên cũ của Trường Tiểu học số 1 Lộc An (trước là Trường Tiểu học số 2 Phước Vân)»)."""
    words = tuple((fold if ocr else tone_key)(issuer).split())
    plain, former = [], []
    for school in sorted(schools):
        alias = registry.former_name_going_on(school, words, tones_reliable=not ocr)
        if alias is None:
            plain.append(registry.name(school))
        else:
            former.append(f"tên cũ của {registry.name(school)} (trước là {alias})")
    return either([*former, *([f"tên của {either(plain)}"] if plain else [])])


def signature_clues(index: int, document: Document, registry: Registry) -> tuple[list[Clue], list[str]]:
    """Valid signatures naming one school as clues; what the other signatures show, as notes."""
    clues: list[Clue] = []
    notes: list[str] = []
    for signature in document.signatures:
        if signature.status is not SignatureStatus.VALID:
            notes.append(unrecognised_note(document.name, signature))
            continue
        school, meaning = _signed_school(signature, registry)
        if school is None:
            notes.append(f"Văn bản {document.name} có chữ ký số hợp lệ của «{signature.signer}»{meaning}.")
            continue
        elsewhere = _elsewhere(signature, school, registry)
        if elsewhere:
            # a namesake school of another district signs with the very name of ours
            reason = (
                f"Văn bản {document.name} có chữ ký số hợp lệ của «{signature.signer}», nhưng chứng thư số ghi "
                f"{elsewhere}, không thuộc {registry.offices[0]}: có thể là trường cùng tên ở địa phương khác; "
                "chữ ký này không dùng để xác định trường."
            )
            clues.append(Clue(frozenset(), MEDIUM, reason, "document", index, elsewhere=frozenset({school})))
            continue
        reason = _signed_reason(document.name, signature, registry.name(school))
        clues.append(Clue(frozenset({school}), SIGNED, reason, "signature", index, clear=True))
    return clues, notes


def _elsewhere(signature: Signature, school: str, registry: Registry) -> str | None:
    """Where a certificate places its school when that is another district than the office's own
    (Phòng GD&ĐT Thủ Thừa): its locality ("Huyện Tháp Mười"), or a name that goes on past the school's
    own ("TRƯỜNG TIỂU HỌC MỸ AN - HUYỆN THÁP MƯỜI") or is a body of that district ("UBND HUYỆN THÁP
    MƯỜI" above OU = the school), or another province than the configured ones ("... TỈNH ĐỒNG THÁP");
    None for a commune, our own district or province, or a province when none is configured."""
    written = (
        ("địa phương", signature.locality),
        ("tổ chức", signature.organization),
        ("đơn vị", signature.unit),
        ("tên", signature.common_name),
    )
    if (
        signature.province
        and registry.provinces
        and not _a_province_of(signature.province, registry.provinces)
    ):
        return f"tỉnh «{' '.join(signature.province.split())}»"  # ST holds a province's name alone
    checks: list[Callable[[str], bool]] = [lambda text: _another_province(text, registry.provinces)]
    homes = home_places(registry.offices)
    if homes:
        own = [fold(n.place) for n in registry.names.get(school, ())]
        ours = (
            *homes,
            *registry.provinces,
            *registry.homes.get(school, ()),
            *(n.place for n in registry.names.get(school, ())),
        )
        checks += [
            lambda text: _another_district(text, own, district_homes(registry.offices)),
            lambda text: any(not _only_places(bracket, ours) for bracket in _BRACKETED.findall(text)),
        ]
    for check in checks:  # each check over every field, in this order: the first that holds is shown
        for label, text in written:
            if text and check(text):
                return f"{label} «{' '.join(text.split())}»"
    return None


def _another_district(text: str, own: Sequence[str], homes: Sequence[str]) -> bool:
    """Whether text names a district-level place (beside the school's own name, whose places own holds
    folded) that is none of homes, the office's own."""
    rest = f" {_NOT_WORD.sub(' ', fold(text))} "
    for place in own:  # the school's own name may hold such a word ("Trường TH Quán ...")
        rest = rest.replace(f" {place} ", " ")
    return bool(_NAMES_DISTRICT.search(rest.strip())) and not any(
        names_place(text, home, ocr=False) for home in homes
    )


def _only_places(bracket: str, places: Sequence[str]) -> bool:
    """Whether a bracket after a certificate's name ("(THỦ THỪA)", "(xã Mỹ An, Long An)") holds only
    places of the school's own (its communes, the office's district, the configured provinces), with
    their kinds ("xã", "huyện", "tỉnh"); a bracket with a number ("(cơ sở 2)") names no place."""
    if any(c.isdigit() for c in bracket):
        return True
    rest = f" {_NOT_WORD.sub(' ', fold(bracket))} "
    for place in sorted((fold(p) for p in places), key=len, reverse=True):
        rest = rest.replace(f" {place} ", " ")
    return not _PLACE_KINDS.sub(" ", rest).strip()


def _a_province_of(written: str, provinces: Sequence[str]) -> bool:
    """Whether a certificate's province (ST: "Long An", "Tỉnh Long An", "LONG AN", "Thành phố Hồ Chí Minh")
    is one of provinces (as Registry.provinces holds them, without their kind), its kind word aside and its
    marks too (a certificate may be typed without them)."""
    bare = fold(bare_province(written))
    return any(bare == fold(p) for p in provinces)


def _another_province(text: str, provinces: Sequence[str]) -> bool:
    """Whether text names a province ("tỉnh Đồng Tháp", or "TINH DONG THAP" written without marks) that
    is none of provinces; never when no province is configured."""
    if not provinces:
        return False
    bare = not has_diacritics(text)
    words = f" {_NOT_WORD.sub(' ', fold(text) if bare else nfc(text).lower())} "
    ours = [f" {fold(p) if bare else p.lower()} " for p in provinces]
    marker = " tinh " if bare else " tỉnh "
    start = words.find(marker)
    while start >= 0:
        after = words[start + len(marker) - 1 :]
        # A province's name cut short where the text read ends ("… tỉnh Tây") may be ours.
        if not any(after.startswith(p) or p.startswith(after) for p in ours):
            return True
        start = words.find(marker, start + 1)
    return False


def signed_school(signature: Signature, registry: Registry) -> str | None:
    """The one school a signature's certificate names in full, whether or not the signature holds;
    None when it names none, or two (certificate_schools)."""
    schools = certificate_schools(signature, registry)
    return schools[0] if len(schools) == 1 else None


def certificate_schools(signature: Signature, registry: Registry) -> tuple[str, ...]:
    """The schools of ours a certificate's fields name in full, whether or not the signature holds; none
    that it places in another district (a namesake school there)."""
    named = _certificate_names(signature, registry)[0]
    return tuple(s for s in named if not _elsewhere(signature, s, registry))


def unrecognised_note(name: str, signature: Signature) -> str:
    """What staff read of a signature of document name that proves nothing: the parser's finding."""
    return f"Văn bản {name}: {signature.reason}"


def _signed_school(signature: Signature, registry: Registry) -> tuple[str | None, str]:
    """The one school a certificate names in full (_certificate_names), or why none: it names no school of
    ours in full, or two different ones ("O = Trường Tiểu học Mỹ An", "CN = HIỆU TRƯỞNG TRƯỜNG TIỂU HỌC MỸ
    LẠC"), which proves neither."""
    named, meaning = _certificate_names(signature, registry)
    if len(named) > 1:
        names = " và ".join(registry.name(s) for s in named)
        return (
            None,
            f": chứng thư số ghi tên hai trường khác nhau, {names}; chữ ký này không dùng để xác định trường",
        )
    return (named[0], "") if named else (None, meaning)


def _certificate_names(signature: Signature, registry: Registry) -> tuple[tuple[str, ...], str]:
    """The schools a certificate's organisation, its unit (a Ban Cơ yếu certificate: O the district's
    People's Committee, OU the school, CN the principal) and its common name each name in full, in that
    order; when none does, why."""
    meaning = ", không phải trường nào trong danh sách; chữ ký này không dùng để xác định trường"
    named: list[str] = []
    for name in (signature.organization, signature.unit, signature.common_name):
        mention = issuer_mention(name) if name else None
        if mention is None and name and name is signature.common_name:
            mention = _after_role(name, registry)
        if mention is None:
            continue
        resolution = registry.resolve(mention)
        if resolution.clear:
            named.append(resolution.schools[0])
        elif resolution.fit is not None:
            meaning = f": {_what_it_means(mention, resolution, registry)}; chưa đủ để xác định trường"
    return tuple(dict.fromkeys(named)), meaning


def _after_role(common_name: str, registry: Registry) -> Mention | None:
    """The school a common name holds after the signer's role and nothing else ("HIỆU TRƯỞNG TRƯỜNG TIỂU
    HỌC MỸ AN", "Kế toán Trường THCS Mỹ An"); None when a person's name or more follows the school's."""
    role = _ROLE.match(fold(common_name))
    if role is None:
        return None
    rest = common_name.split()[len(role.group(0).split()) :]
    mention = issuer_mention(" ".join(rest))
    if mention is None:
        return None
    resolution = registry.resolve(mention)
    whole = resolution.clear and words_shown(mention, resolution, registry) == len(mention.words)
    return mention if whole else None


def _signed_reason(name: str, signature: Signature, school_name: str) -> str:
    shown = certificate_details(signature.common_name, signature.organization, signature.issuer)
    return f"Văn bản {name} có chữ ký số hợp lệ của {school_name}{shown}."


def file_clues(name: str, index: int | None, registry: Registry) -> list[Clue]:
    """The schools a file's name writes, by name, by code or run into one word."""
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name)
    clues = text_clues(stem, f"Tên tệp {name} ghi", "file", index, registry, places=True)
    clues += _code_clues(stem, f"Tên tệp {name} ghi", "file", index, registry)
    clues += _run_together_clues(stem, f"Tên tệp {name} ghi", "file", index, registry)
    return _distinct(clues)


# A report's code written into one word with the school's name, as some write a subject or a file's name:
# «BCNQ121THMYAN», «THMYAN_BCNQ121», «baocaonq121mnhoasen».
_RUN_IN_CODE = re.compile(
    r"^(?:(?:baocao|bc)(?:nq)?\d*|nq\d+)(?=[a-z])|(?<=[a-z])(?:(?:baocao|bc)(?:nq)?\d*|nq\d+)$", re.IGNORECASE
)


def _run_together_clues(
    text: str, said: str, source: str, index: int | None, registry: Registry
) -> list[Clue]:
    """The schools text names in words written as one («THMyAn», «bc_myphu_nq121»: names.compact_mentions),
    a report's code run into them too, as does a school's code then («BCNQ121THMA»). A place without its
    level counts only in a file's name written in small letters («myphu»); in a subject, or in capitals,
    such a word may be anything."""
    clues = []
    for token in re.split(r"[\W_]+", text):
        word = _RUN_IN_CODE.sub("", token)
        if word != token:
            clues += _code_clues(word, said, source, index, registry)
        for mention in compact_mentions(word, registry.places, bare=source == "file" and word.islower()):
            resolution = registry.resolve(mention)
            if resolution.schools:
                clues.append(_mention_clue(mention, resolution, said, source, index, registry))
    return clues


def text_clues(
    text: str,
    said: str,
    source: str,
    index: int | None,
    registry: Registry,
    *,
    places: bool,
    ocr: bool = False,
    schools: bool = False,
    partners: bool | None = None,
) -> list[Clue]:
    """Clues from the schools text names; places=True also reads place names written with no level, and
    schools=True those written as whose report is sent («gửi báo cáo của (trường) Mỹ Phú», see
    names.find_place_mentions). Partners ("phối hợp với trường THCS Mỹ An") are read only when partners is
    True, or None and the text is not a document's: they are not whose paper it is."""
    keep = source != "document" if partners is None else partners
    mentions = list(find_mentions(text, partners=keep))
    if places or schools:
        mentions += find_place_mentions(text, registry.places, sent_for=not places)
    clues = []
    communes: list[str] = []  # written after a namesake's name: "TH Kim Đồng Mỹ An" names no Mỹ An school
    # The namesakes' communes that one written after their name ruled out: one of them written as well, in
    # «(Long Cang - Mỹ Quý)», is read for what it names; any other second place in brackets is the school's.
    ruled_out: list[str] = []
    brackets = bracket_places(text)
    seconds = [second for _, second in brackets]
    # Former communes written first in a bracket («(Bình Lợi - Bình Hòa)»): the school's, not a school's name.
    merged: list[str] = []
    for mention in mentions:
        if not mention.levels and any(_starts_with(mention.words, c) for c in (*communes, *merged)):
            continue
        if (
            not mention.levels
            and any(_starts_with(mention.words, p) for p in seconds)
            and not any(_starts_with(mention.words, c) for c in ruled_out)
        ):
            continue
        resolution = registry.resolve(mention, tones_reliable=not ocr)
        if (former := _merged_first(mention, resolution, brackets, registry, ocr)) is not None:
            resolution, first = former
            merged.append(first)
        if resolution.namesakes:
            communes += [home for s in resolution.schools for home in registry.homes.get(s, ())]
            others = set(resolution.namesakes) - set(resolution.schools)
            ruled_out += [home for s in others for home in registry.homes.get(s, ())]
        if resolution.schools:
            elsewhere = _placed_elsewhere(mention, resolution, registry)
            if elsewhere:
                reason = (
                    f"{said} «{mention.shown(len(mention.words))}», trường ở {elsewhere}, không thuộc "
                    f"{registry.offices[0]}: có thể là trường cùng tên ở nơi khác."
                )
                clues.append(
                    Clue(frozenset(), MEDIUM, reason, source, index, elsewhere=frozenset(resolution.schools))
                )
                continue
            longer = _name_goes_on(mention, resolution, registry, text) if source in _OWN_NAMING else ""
            if longer:
                clues.append(_longer_name_clue(f"{said} «{longer}»", resolution, source, index, registry))
                continue
            clues.append(_mention_clue(mention, resolution, said, source, index, registry))
            clues.extend(_near_level_candidates(mention, resolution, said, source, index, registry))
        elif source != "document" and (town := registry.in_town(mention)):
            clues.append(_town_clue(mention, town, said, source, registry))
        elif mention.levels or (source in ("subject", "file") and _numbered_plainly(text, mention)):
            # a place alone is read with its number only in the mail's own words («BC NQ121 Mỹ An 2»): in a
            # paper's title it may be a hamlet's («ấp Mỹ An 2»)
            clues.extend(_nearest_unnumbered(mention, said, source, index, registry, ocr=ocr))
            clues.extend(_nearest_boarding_kind(mention, said, source, index, registry, ocr=ocr))
    return _distinct(clues)


def _merged_first(
    mention: Mention,
    resolution: Resolution,
    brackets: Sequence[tuple[str, str]],
    registry: Registry,
    ocr: bool,
) -> tuple[Resolution, str] | None:
    """Namesakes named with a bracket of two places whose first is the commune that merged into the second
    in 2025 («TH Kim Đồng (Bình Lợi - Bình Hòa)», the old commune first): read as the second place tells
    them apart, as when the new commune comes first, and the first place as written. Both must be communes
    of one school of the roster (one in the new commune named after the former, or placed in it), the first
    no commune of any of the namesakes; None otherwise, and the mail waits as it did."""
    schools = resolution.schools
    names = registry.names.get(schools[0], ()) if schools else ()
    if resolution.namesakes or len(schools) < 2 or not names:
        return None
    taken = words_taken(mention, names[0].place)
    keep_tones = not ocr
    for first, second in brackets:
        if not _starts_with(mention.words[taken:], first) or registry.in_commune(
            schools, first, tones_reliable=keep_tones
        ):
            continue
        told = registry.resolve(
            dataclasses.replace(mention, words=(*mention.words[:taken], *second.split())),
            tones_reliable=keep_tones,
        )
        key = tone_key if keep_tones else fold
        merged = any(
            registry.in_commune((s.id,), second, tones_reliable=keep_tones)
            and (
                registry.in_commune((s.id,), first, tones_reliable=keep_tones)
                or any(key(n.place) == key(first) for n in registry.names.get(s.id, ()))
            )
            for s in registry.schools
        )
        if told.namesakes and merged:
            return told, first
    return None


def _town_clue(mention: Mention, schools: frozenset[str], said: str, source: str, registry: Registry) -> Clue:
    """The mail's own words name a school by its level and «thị trấn» alone («MN Thị Trấn»): the school of
    that level named after the town, as the district calls it, though not by its whole name; with several
    towns on the roster, only candidates for staff."""
    names = [registry.name(s.id) for s in registry.schools if s.id in schools]
    shown = mention.lead.rstrip(",.;:") if town_in_lead(mention) else mention.shown(2)
    if len(names) == 1:
        reason = f"{said} «{shown}»: {names[0]} (không ghi tên thị trấn)."
        return Clue(schools, MEDIUM, reason, source)
    reason = f"{said} «{shown}»: không ghi tên thị trấn, có thể là {either(names)}."
    return Clue(schools, CANDIDATE, reason, source, unmatched=True)


def _nearest_unnumbered(
    mention: Mention, said: str, source: str, index: int | None, registry: Registry, *, ocr: bool
) -> list[Clue]:
    """A school's name with a number no school of ours has («TH số 1 Mỹ Phú» where Mỹ Phú has one primary
    school, «THCS Mỹ An 2»): the schools the name is without its number, as candidates for staff. It may
    be an old name of theirs, or a school of another district: it supports none."""
    words = list(mention.words[:LONGEST_PLACE])
    # a numbered ward's number is its name («TH Phường 12» where no Phường 12 is listed), no school's
    at = next(
        (
            i
            for i, w in enumerate(words)
            if number_of(w) and not numbered_ward(" ".join(words[i - 1 : i + 1]))
        ),
        None,
    )
    if at is None or (ocr and _misread_number(mention, registry)):
        return []  # a scan's number may be a letter misread («MỸ THẠNH 4»): the header offers those schools
    before = at - 1 if at > 0 and fold(words[at - 1]) == "so" else at
    rest = (*words[:before], *mention.words[at + 1 :])
    resolution = registry.resolve(dataclasses.replace(mention, words=rest), tones_reliable=not ocr)
    if not resolution.schools:
        return []
    # the number written after the place ("Mỹ An 2") ends what is shown; written first, the place follows it
    name = next(iter(registry.names.get(resolution.schools[0], ())), None)
    shown = mention.shown(at + 1 if before else at + 1 + (len(name.place.split()) if name else 2))
    why = f"không có trường mang số {words[at]} ấy"
    clues = [_nearest_clue(f"{said} «{shown}»", why, resolution.schools, source, index, registry)]
    # The name and number of a school at another level («MG Mỹ An 2» where Mỹ An has a Tiểu học Mỹ An 2 and
    # one kindergarten): the level may be the slip, as much as the number.
    if mention.levels:
        other = registry.resolve(dataclasses.replace(mention, levels=frozenset()), tones_reliable=not ocr)
        others = [s for s in other.schools if s not in resolution.schools]
        if others and other.fit is not None and (other.fit.place, other.fit.suffix) == (EXACT_PLACE, 2):
            reason = (
                f"{said} «{shown}»: số {words[at]} ấy là của {either([registry.name(s) for s in others])}, "
                "khác cấp học (có thể là báo cáo của trường ấy)."
            )
            clues.append(
                Clue(frozenset(others), CANDIDATE, reason, source, index, unmatched=True, other_level=True)
            )
    return clues


def _nearest_boarding_kind(
    mention: Mention, said: str, source: str, index: int | None, registry: Registry, *, ocr: bool
) -> list[Clue]:
    """A boarding school's name with the other boarding kind («PTDTBT THCS Sín Chải» where Sín Chải has a
    PTDTNT THCS): the schools of that kind it names, as candidates for staff. The kind may be the slip, or
    the school one of another district: it supports none. A school of no boarding kind is never offered:
    a clerk knows the town's day school is no boarding school."""
    other = {PTDTBT: PTDTNT, PTDTNT: PTDTBT}.get(mention.kind)
    if other is None:
        return []
    resolution = registry.resolve(dataclasses.replace(mention, kind=other), tones_reliable=not ocr)
    if not resolution.schools:
        return []
    shown = mention.shown(words_shown(mention, resolution, registry))
    why = f"ghi loại trường {mention.kind}, danh sách không có trường {mention.kind} ấy"
    return [_nearest_clue(f"{said} «{shown}»", why, resolution.schools, source, index, registry)]


def _numbered_plainly(text: str, mention: Mention) -> bool:
    """Whether text writes a place with no level and a number right after it, as a school's name is
    written («BC NQ121 Mỹ An 2», «MyAn_2»), not as a copy's or a list's number («BC NQ121 My An (2).docx»,
    «Mỹ An - 2»)."""
    words = [re.escape(fold(w)) for w in mention.words[:LONGEST_PLACE]]
    at = next((i for i, w in enumerate(mention.words[:LONGEST_PLACE]) if number_of(w)), None)
    if at is None or at == 0:
        return False
    pattern = r"[\s_]*".join(words[:at]) + r"[\s_]+(?:so[\s_]+)?" + words[at] + r"(?![\w)])"
    return re.search(r"(?<![a-z0-9(])" + pattern, fold(text)) is not None


def _near_level_candidates(
    mention: Mention, resolution: Resolution, said: str, source: str, index: int | None, registry: Registry
) -> list[Clue]:
    """The schools of a near level whose name a mention writes, when only its level word tells the school
    it names from them («MN Hoa Sen» beside a Mẫu giáo Hoa Sen): candidates for staff, supporting none."""
    fit = resolution.fit
    if fit is None or not fit.full or not registry.level_alone(mention, resolution.schools[0]):
        return []
    near = registry.in_order(registry.at_near_level(mention) - set(resolution.schools))
    if not near:  # the commune written names them already (Resolution.placed)
        return []
    shown = mention.shown(words_shown(mention, resolution, registry))
    return [_near_level_clue(f"{said} «{shown}»", near, resolution.schools, source, index, registry)]


def _near_level_clue(
    written: str,
    near: Sequence[str],
    schools: Sequence[str],
    source: str,
    index: int | None,
    registry: Registry,
) -> Clue:
    """Schools of a near level that what is written names but for its level word, as candidates for staff."""
    why = _levels_mixed((*near, *schools), registry)
    reason = f"{written}: cũng có thể là {either([registry.name(s) for s in near])} ({why})."
    return Clue(frozenset(near), CANDIDATE, reason, source, index)


def _levels_mixed(schools: Iterable[str], registry: Registry) -> str:
    """Why schools of near levels with one name are told apart by no level word, as a review says it."""
    levels = {n.level for s in schools for n in registry.names.get(s, ())}
    if levels <= {MN, MG}:
        return "người ta gọi lẫn cấp học mầm non và mẫu giáo"
    return "người ta gọi lẫn trường liên cấp và trường một cấp học cùng tên"


def _code_clues(text: str, said: str, source: str, index: int | None, registry: Registry) -> list[Clue]:
    """Schools written as the code they abbreviate themselves by in their documents' numbers, in capitals,
    as one word or the level apart ("THMA", "MGBA", "TH MTA", "THCS MP", "TH&THCS TL"), its letters perhaps
    dotted ("TH M.T.A"). A code one school
    has names it as its name written out would; one several share ("THLT": Long Thạnh, Long Thành, Long
    Thuận) names them as candidates for staff only. Words that are a level or a place's ("TH AN") are no code."""
    # «Đ» is read as the «D» a code is folded to: «THCS LQĐ» is Lê Quý Đôn's, as «THCS LQD» is.
    words = [
        w.replace("Đ", "D")
        for w in _CODE_WORD.findall(_DOTTED_LETTERS.sub(lambda m: _undotted(m, text), text))
    ]
    codes: list[tuple[str, str]] = []
    levelless: list[str] = []
    for i, word in enumerate(words):
        after = words[i + 1] if i + 1 < len(words) else ""
        if _PRIVATE_LEVEL.fullmatch(word) and goes_on(after, capitals=word.isupper()):
            continue  # "MNTT Hoa Sen": a private kindergarten's level before its name, read by find_mentions
        if word.isupper() and word.isascii() and _is_code(word, registry):
            if CODE_LEVEL.match(word):
                codes.append((word, word))
            elif len(word) >= _LEVELLESS_CODE:
                levelless.append(word)
        if CODE_LEVEL.fullmatch(word) and after.isupper() and after.isascii() and _is_code(after, registry):
            following = words[i + 2] if i + 2 < len(words) else ""
            if after != "TT" or not goes_on(following, capitals=True):  # "MN TT Hoa Sen": «tư thục», a name
                codes.append((f"{word} {after}", word + after))
    clues = []
    for word in levelless:
        if schools := _placed_by_code(word, registry):
            names = either([registry.name(s) for s in schools])
            reason = f"{said} «{word}»: có lẽ là chữ viết tắt tên trường nhưng không ghi cấp học, có thể là {names}."
            clues.append(Clue(frozenset(schools), CANDIDATE, reason, source, index))
    for shown, code in codes:
        schools = registry.by_symbol(code.replace("&", ""))
        if not schools and (schools := _unnumbered(code.replace("&", ""), registry)):
            names = either([registry.name(s) for s in schools])
            reason = f"{said} «{shown}»: chữ viết tắt tên trường thiếu số hoặc chữ cuối, có thể là {names}."
            clues.append(Clue(frozenset(schools), CANDIDATE, reason, source, index))
            continue
        if not schools:
            continue
        if len(schools) == 1:
            reason = f"{said} «{shown}»: chữ viết tắt tên {registry.name(schools[0])}."
            near = _near_level_coded(code.replace("&", ""), schools, registry)
            # «MN BP» beside a Mẫu giáo Bình Phước: as for the name written out (_mention_clue), people
            # write either level, so the code supports the school and never decides alone.
            weight = STRONG if source == "subject" and not near else MEDIUM
            if near:
                clues.append(_near_level_clue(f"{said} «{shown}»", near, schools, source, index, registry))
        else:
            names = either([registry.name(s) for s in schools])
            reason = f"{said} «{shown}»: chữ viết tắt chung của nhiều trường, có thể là {names}."
            weight, near = CANDIDATE, ()
        clues.append(Clue(frozenset(schools), weight, reason, source, index, near=frozenset(near)))
    return _distinct(clues)


def _near_level_coded(code: str, schools: Sequence[str], registry: Registry) -> tuple[str, ...]:
    """The schools other than schools whose code is code with its level written as a near one and whose name
    is theirs but for the level ("MGBP" of Mẫu giáo Bình Phước for "MNBP" of Mầm non Bình Phước), as a
    school's name written out is (Registry.at_near_level); not a school of other words with those initials
    (Mẫu giáo Tân Thành's "MGTT" for Mầm non Thị trấn's "MNTT")."""
    found = CODE_LEVEL.match(code)
    written = level_of(fold(found.group())) if found else None
    if found is None or written is None:
        return ()
    rest = code[found.end() :]
    names = {(fold(n.place), n.suffix) for s in schools for n in registry.names.get(s, ())}
    near = (
        s
        for level in LEVEL_LABELS
        if level != written and level_fits(frozenset({written}), level)
        for s in registry.by_symbol(f"{level.replace('&', '')}{rest}")
        if any((fold(n.place), n.suffix) in names for n in registry.names.get(s, ()))
    )
    return tuple(dict.fromkeys(s for s in near if s not in schools and s not in registry.closed))


def _unnumbered(code: str, registry: Registry) -> tuple[str, ...]:
    """The schools whose code is code followed by their number or letter: "THBT" written for "THBT1" or
    "THBT2", "THMT" for "THMTA" or "THMTB"."""
    return tuple(
        school.id
        for school in registry.schools
        if school.id not in registry.closed
        and any(
            n.suffix and school_code(n) == f"{code}{n.suffix}".upper()
            for n in registry.names.get(school.id, ())
        )
    )


def _undotted(found: re.Match[str], text: str) -> str:
    """Dotted capitals as the word they spell ("N.V.T": "NVT"); kept dotted before a name, whose kind of
    place they are ("T.P Tân An", "T.T Thủ Thừa": thành phố, thị trấn), not a school's code."""
    following = _CODE_WORD.match(text[found.end() :].lstrip(". "))
    if following and len(following.group()) > 1 and goes_on(following.group(), capitals=True):
        return found.group()
    return found.group().replace(".", "")


def _placed_by_code(word: str, registry: Registry) -> tuple[str, ...]:
    """The schools whose place is written as word, its initials and the school's number without the level
    ("BT1": Bình Thạnh 1; "TTTT": Thị trấn Thủ Thừa, of every level)."""
    found = []
    for school in registry.schools:
        if school.id in registry.closed:
            continue
        if any(
            word in _initials(school.name, name.place, name.suffix)
            for name in registry.names.get(school.id, ())
        ):
            found.append(school.id)
    return tuple(found)


@lru_cache(maxsize=4096)  # the same few schools' names, for every capitalised word of every message
def _initials(school: str, place: str, suffix: str) -> frozenset[str]:
    """How a school's place (as its name gives it, and its commune) is written as initials and number."""
    return frozenset(place_initials(p).upper() + suffix.upper() for p in (place, commune_of(school)))


def _is_code(word: str, registry: Registry) -> bool:
    """Whether a word in capitals may be (the end of) a school's code: not a level, nor a place's word."""
    folded = fold(word)
    return level_of(folded.replace("&", " & ")) is None and folded not in _place_words(registry.places)


@lru_cache(maxsize=8)
def _place_words(places: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w for place in places for w in fold(place).split())


def _placed_elsewhere(mention: Mention, resolution: Resolution, registry: Registry) -> str:
    """The district or province written right after a school's name when it is not the office's own
    ("Trường TH Mỹ An huyện Tân Châu", "… (tỉnh Đồng Tháp)"), also after the school's commune ("…, xã Mỹ An, tỉnh
    Đồng Tháp"): the name is a namesake's of another office,
    whatever school of ours it fits. "" when none is written, or it is ours, or the office is no district's."""
    after = _past_commune(mention.words[words_shown(mention, resolution, registry) :])
    text = " ".join(after[:_PLACE_WORDS])
    if _DISTRICT_KIND.match(_NOT_WORD.sub(" ", fold(text)).strip()):
        if _not_ours(text, registry) and not _cut_from_home(mention, after, registry):
            # «huyện Tháp Mười Đồng Tháp»: the district, then its province whole, not cut at four words
            province = _past_district(after)
            district = after[: len(after) - len(province)] if province else after[:_PLACE_WORDS]
            named = province_opening(province) if province else ""
            written = " ".join(district).strip(" ,;:-–()")
            return " ".join(f"{written}, {named}".split()) if named else " ".join(written.split())
        after = _past_district(after)  # a district not known to be another's: its province may be
        text = " ".join(after[:_PLACE_WORDS])
        if _NOT_WORD.sub(" ", fold(text)).strip().startswith("tinh "):
            return " ".join(text.strip(" ,;:-–()").split()) if _not_ours(text, registry) else ""
    province = province_opening(after)
    return province if province and not _ours_by_name(province, registry) else ""


def _cut_from_home(mention: Mention, district: Sequence[str], registry: Registry) -> bool:
    """Whether district, a district's kind and words at the end of a mention cut at LONGEST_NAME words, may
    be the start of the office's own district: «Trường TH Y Jút / xã Ea Ral, huyện Ea H'leo» is read as far as
    «huyện Ea H», the apostrophe splitting the name in two words."""
    if len(mention.words) < LONGEST_NAME or len(district) > _PLACE_WORDS:
        return False
    kind = _DISTRICT_KIND.match(_NOT_WORD.sub(" ", fold(" ".join(district))).strip())
    start = len(kind.group(0).split()) if kind is not None else 0
    written = _place_key(" ".join(district[start:]), " ")
    homes = {_place_key(home, " ") for home in district_homes(registry.offices)}
    return bool(written) and any(f"{home} ".startswith(f"{written} ") for home in homes)


def _ours_by_name(place: str, registry: Registry) -> bool:
    """Whether a province's name is also one of ours: a configured province, or the place a school of ours
    or its commune is named after ("Long An" province, and a xã Long An)."""
    return fold(place) in {fold(p) for p in _our_places(registry)}


def _our_places(registry: Registry) -> tuple[str, ...]:
    """The configured provinces, the places the schools are named after and the communes they are in."""
    return (*registry.provinces, *registry.places, *(c for homes in registry.homes.values() for c in homes))


def _past_district(words: Sequence[str]) -> Sequence[str]:
    """words from the province on when they open with a district ("TP Bà Rịa", "huyện Tân Châu": its kind,
    then capitalised words) that a province follows ("…, tỉnh Bà Rịa - Vũng Tàu"); else none."""
    kind = _DISTRICT_KIND.match(_NOT_WORD.sub(" ", fold(" ".join(words[:2]))).strip())
    if kind is None or kind.group(0) == "tinh":
        return ()
    start = len(kind.group(0).split())
    for end in range(start + 1, min(len(words), _COMMUNE_WORDS + 1)):
        if not words[end - 1][:1].isupper():
            break
        rest = _NOT_WORD.sub(" ", fold(" ".join(words[end:]))).strip()
        if rest.startswith("tinh ") or province_opening(words[end:]):
            return words[end:]
    return ()


def _name_goes_on(mention: Mention, resolution: Resolution, registry: Registry, text: str) -> str:
    """The name a mention in text writes when it goes on past the name of the school it fits, as a longer
    name of a place does («TH Mỹ An Hưng», «TRƯỜNG TIỂU HỌC MỸ AN HƯNG» where only Mỹ An is ours): the school
    of another commune or district whose name begins with ours, not ours. "" when the name ends where the
    school's does, or what follows is not more of a name: set apart by a comma or a dash, a word in another
    case or none of a place's syllables («Năm học», «Báo cáo», «Mới nhất», a number), a place of ours or a
    province («TH Mỹ An Thủ Thừa», «… Long An»)."""
    if mention.compact or not resolution.schools:
        return ""
    taken = words_shown(mention, resolution, registry)
    rest = mention.words[taken:]
    if not rest or not 0 < taken or any(w.isdigit() for w in mention.words[:taken]):
        return ""  # a school's number ends its name; a digit inside it is a VNI tone key («My4 An»)
    word, last = rest[0], mention.words[taken - 1]
    capitals = len(last) > 1 and last.isupper()
    cased = word.isupper() if capitals else word[:1].isupper() and word[1:].islower()
    folded = [fold(w) for w in rest[:2]]
    place_like = (
        nfc(word).lower() in _PLACE_SYLLABLES
        if has_diacritics(word)
        else folded[0] in _PLACE_SYLLABLES_FOLDED
    )
    if not cased or not place_like or tuple(folded) in _NOT_A_PLACE or province_opening(rest):
        return ""
    ours = (*_our_places(registry), *home_places(registry.offices))
    following = f" {' '.join(fold(w) for w in rest)} "
    if any(following.startswith(f" {fold(place)} ") for place in ours if place):
        return ""
    written = r"\s+".join(re.escape(w) for w in mention.words[: taken + 1])
    return mention.shown(taken + 1) if re.search(written, nfc(text)) else ""


def _past_commune(words: Sequence[str]) -> Sequence[str]:
    """words from the district or province on when they open with a commune ("xã Mỹ An", "thị trấn Thủ
    Thừa": its kind, then capitalised words) that one follows; else words as they are."""
    kind = _COMMUNE_KIND.match(fold(" ".join(words[:2])))
    if kind is None:
        return words
    start = len(kind.group(0).split())
    for end in range(start + 1, min(len(words), _COMMUNE_WORDS + 1)):
        if not words[end - 1][:1].isupper():
            break
        if _DISTRICT_KIND.match(fold(" ".join(words[end:]))) or province_opening(words[end:]):
            return words[end:]
    return words


def _not_ours(text: str, registry: Registry, *, scanned: bool = False) -> bool:
    """Whether text names a province other than the configured ones (on a scan, one read whole:
    _far_province), or a district other than the office's own (when the office is a district's)."""
    homes = district_homes(registry.offices)
    return _far_province(text, registry, scanned) or bool(homes and _another_district(text, (), homes))


def _starts_with(words: Sequence[str], place: str) -> bool:
    wanted = fold(place).split()
    return bool(wanted) and [fold(w) for w in words[: len(wanted)]] == wanted


def _mention_clue(
    mention: Mention, resolution: Resolution, said: str, source: str, index: int | None, registry: Registry
) -> Clue:
    fit = resolution.fit
    assert fit is not None  # callers pass resolutions that found schools
    if TH_THCS in mention.levels and fit.level < 2 and len(resolution.schools) > 1:
        # «TH&THCS Mỹ An» where Mỹ An has a Tiểu học and a THCS but no two-level school: the two merged
        # (as many were in 2025) before the list was, or one of them; the address of either does not say.
        written = f"{said} «{mention.shown(words_shown(mention, resolution, registry))}»"
        return _nearest_clue(
            written, "không có trường liên cấp ấy", resolution.schools, source, index, registry
        )
    if mention.levels:
        named = fit.place == EXACT_PLACE and fit.level == 2
    else:  # "Bình Thạnh 2" names one school; "Mỹ An" names three
        named = fit.place == EXACT_PLACE and len(resolution.schools) == 1
    shown = mention.shown(words_shown(mention, resolution, registry))
    reason = f"{said} «{shown}»: {_what_it_means(mention, resolution, registry)}."
    weight = MEDIUM if named else WEAK
    alone = fit.full and registry.level_alone(mention, resolution.schools[0])
    if named and source in ("subject", "system") and fit.full and not alone:
        # A subject naming one school in full is how schools label their report; with nothing
        # against it, it decides, as it would for a clerk reading the inbox. Not where a school of a
        # near level has the name ("MN Hoa Sen" beside a Mẫu giáo Hoa Sen): people write either level.
        weight = STRONG
    # «TH Mỹ An» or «Mỹ An» (no level written) of Mỹ An 2: the number left out, as people write it.
    bare = not mention.levels and fit.place == EXACT_PLACE and fit.suffix == 2
    unnumbered = registry.unnumbered(mention) - set(resolution.schools) if fit.full or bare else frozenset()
    told = frozenset(resolution.namesakes) - set(resolution.schools)  # "TH Kim Đồng xã Mỹ An": not the others
    alias = resolution.schools[0] if named and len(resolution.schools) == 1 else ""
    if alias and unnumbered and registry.by_alias_only(mention, alias, tones_reliable=True):
        # «TH Mỹ An», Mỹ An 1's name before it was renamed, is also Mỹ An 2's name without its number, as
        # people write it: it names neither for sure (as a header would not, header_clue).
        short = f"{reason.removesuffix('.')}, hoặc {either([registry.name(s) for s in registry.in_order(unnumbered)])} ghi thiếu số."
        return Clue(frozenset({alias, *unnumbered}), MEDIUM, short, source, index, unnumbered=unnumbered)
    name = next(iter(registry.names.get(resolution.schools[0], ())), None)
    place = name.place if name and not mention.levels and fit.place == EXACT_PLACE else ""
    near = registry.at_near_level(mention) - set(resolution.schools) if alone else frozenset()
    return Clue(
        frozenset(resolution.schools),
        weight,
        reason,
        source,
        index,
        unnumbered=unnumbered,
        namesakes=told,
        placed=frozenset(resolution.placed),
        place=place,
        near=near,
    )


def words_shown(mention: Mention, resolution: Resolution, registry: Registry) -> int:
    """How many words of a mention to quote: its level and the name of the school it resolved to, as the
    mention writes it (an alias «Nhóm trẻ Ban Mai» of the «Nhóm trẻ độc lập Ban Mai», named «Ban Mai»)."""
    names = registry.names.get(resolution.schools[0], ())
    written = (n for n in names if writes_place(mention.words, n.place, tones_reliable=False))
    name = next(written, names[0] if names else None)
    return words_taken(mention, name.place) if name else numbered(mention.words, 2)[2]


def _nearest_clue(
    written: str, why: str, schools: Sequence[str], source: str, index: int | None, registry: Registry
) -> Clue:
    """A name, said where it is written, that fits no school of ours exactly, for why (a number, a level, a
    longer name none has): the schools it comes nearest to, as candidates for staff, supporting none."""
    reason = (
        f"{written}, không khớp đúng tên trường nào trong danh sách ({why}); gần nhất là "
        f"{either([registry.name(s) for s in schools])}."
    )
    return Clue(frozenset(schools), CANDIDATE, reason, source, index, unmatched=True)


def _longer_name_clue(
    written: str, resolution: Resolution, source: str, index: int | None, registry: Registry
) -> Clue:
    """A school's name that goes on past the name of ours it begins with (_name_goes_on)."""
    names = either([registry.name(s) for s in resolution.schools])
    why = f"tên dài hơn tên {names}, có thể là trường khác"
    return _nearest_clue(written, why, resolution.schools, source, index, registry)


def _what_it_means(mention: Mention, resolution: Resolution, registry: Registry) -> str:
    names = [registry.name(s) for s in resolution.schools]
    fit = resolution.fit
    if fit is None:
        return "không khớp trường nào trong danh sách"
    if len(names) > 1:
        if resolution.placed:
            placed = [registry.name(s) for s in resolution.placed]
            return (
                f"cấp học ghi là của {names[0]} nhưng xã ghi sau tên là xã của {either(placed)}, "
                f"có thể là {either(names)}"
            )
        if fit.suffix == 1:
            why = f"{_no_suffix(resolution.schools, registry)}, "
        elif len(mention.levels) > 1:  # "PTCS", the old nine-year school
            why = f"cấp học «{mention.lead}» gồm cả tiểu học và THCS, "
        elif not mention.levels:
            why = "không ghi cấp học, "
        elif kinds := _kinds_left_out(mention, resolution.schools, registry):
            why = f"không ghi loại trường ({' hay '.join(kinds)}), "
        elif not _has_marks(mention) and not _namesakes(names):
            why = "không dấu, "
        elif _namesakes(names):
            why = "các trường cùng tên, "
        else:
            why = ""
        return f"{why}có thể là {either(names)}"
    name = names[0]
    if fit.full:
        return name
    if fit.place == TONE_PLACE:
        return f"gần giống {name} nhưng khác dấu thanh"
    if fit.place < TONE_PLACE:
        return f"gần giống {name} (có thể gõ sai)"
    if fit.level == 1 and mention.levels:
        return _near_level(mention, resolution.schools[0], registry)
    if fit.suffix == 1:
        listed = registry.names.get(resolution.schools[0], ())
        if listed and (campus := campus_written(mention, listed[0].place)):
            return f"ghi cơ sở {campus}, danh sách không có trường riêng của cơ sở ấy, chỉ khớp {name}"
        return f"{_no_suffix(resolution.schools, registry)}, chỉ khớp {name}"
    return name


def _no_suffix(schools: Sequence[str], registry: Registry) -> str:
    """What a mention leaves out that the schools' names end with: their number («Bình Thạnh 1»), or
    their letter («Mỹ Thạnh A»), which is no number to a clerk."""
    suffixes = {n.suffix for s in schools for n in registry.names.get(s, ()) if n.suffix}
    if suffixes and all(s.isalpha() for s in suffixes):
        return f"không ghi chữ {' hay '.join(sorted(suffixes))} sau tên"
    return "không ghi số"


def _kinds_left_out(mention: Mention, schools: Sequence[str], registry: Registry) -> list[str]:
    """The boarding kinds (PTDTBT, PTDTNT) that tell the schools apart when mention writes none: «THCS Ea
    H'leo» of a Trường PTDTBT and a Trường PTDTNT THCS Ea H'leo lacks its kind, not its tone marks."""
    if mention.kind:
        return []
    kinds = {n.kind for s in schools for n in registry.names.get(s, ())[:1]}
    return sorted(k for k in kinds if k) if len(kinds) > 1 else []


def _namesakes(names: Sequence[str]) -> bool:
    """Whether the names are one name (schools of other communes, told apart only by the office's
    bracket): a mention fitting them all lacks no tone mark, "Hoa Sen" having none to write."""
    return len({name_key(unqualified(n)[0]) for n in names}) == 1


def _near_level(mention: Mention, school_id: str, registry: Registry) -> str:
    """What a clerk checks of a name written with a level near the registered one ("Mầm non" for a Mẫu
    giáo school, "Tiểu học" for a TH&THCS one): the same school under the name people call it, or
    another school the list does not have."""
    name = registry.name(school_id)
    registered = next((n.level for n in registry.names.get(school_id, ()) if n.level), None)
    written = sorted(mention.levels - {registered})
    if registered is None or not written:
        return f"có thể là {name}"
    said = " hoặc ".join(f"«{LEVEL_LABELS.get(w, w)}»" for w in written)
    listed = LEVEL_LABELS.get(registered, registered)
    return (
        f"có thể là {name}, được gọi là {said} (danh sách ghi «{listed}»), hoặc một trường không có trong "
        "danh sách"
    )


def _has_marks(mention: Mention) -> bool:
    return any(fold(w) != w.lower() for w in mention.words)


def either(names: Sequence[str]) -> str:
    """Names joined as Vietnamese says one of them: «A, B hoặc C»."""
    return ", ".join(names[:-1]) + " hoặc " + names[-1] if len(names) > 1 else names[0]


def _distinct(clues: Iterable[Clue]) -> list[Clue]:
    """One clue per set of schools and source: a name repeated in the same place counts once."""
    seen: dict[tuple[frozenset[str], str, int | None], Clue] = {}
    for clue in clues:
        key = (clue.schools, clue.source, clue.document)
        if key not in seen or clue.weight > seen[key].weight:
            seen[key] = clue
    return list(seen.values())


def unread_name(name: str, issuer: str) -> str:
    """Why a scan's header names no school: OCR read its name as gibberish (names.garbled)."""
    return (
        f"Phần đầu bản quét {name} nhận dạng ra «{issuer.strip()}»: chữ bị đọc sai, không đọc được tên "
        "trường. Cán bộ xem bản quét để biết báo cáo của trường nào."
    )


def is_ocr(document: Document) -> bool:
    """Whether any of a paper was read by OCR."""
    return document.method in ("ocr", "mixed") or document.ocr_confidence is not None


def _header_scanned(document: Document) -> bool:
    """Whether a document's header was read off a scan: a PDF's first page with text was OCR'd. A typed
    report whose signed last page was scanned and put in its place has a typed header, whose tone marks
    are as reliable as any typed file's; other formats do not say which page a header came from."""
    if document.format != "pdf" or not document.pages:
        return is_ocr(document)
    first = next((p for p in document.pages if p.text.strip()), None)
    return first is not None and first.method == "ocr"


def level_alone_in(line: str) -> tuple[str, frozenset[str]] | None:
    """A level that ends line with no name after it, after «trường» or written in full («… trường Tiểu
    học», «… THCS.»): the words and the levels; None when there is none."""
    line = _POLITE_END.sub("", line)
    if _ADDRESSED_TO.match(fold(line)):
        return None
    for word in re.finditer(r"\S+", line):
        rest = line[word.start() :]
        if _MANY_BEFORE.search(fold(line[: word.start()])):
            return None  # «các trường Tiểu học»: schools of that level, not one
        levels = lone_levels(rest)
        if levels and (_SCHOOL_OPENING.match(fold(rest)) or LEVEL_IN_FULL.match(fold(rest))):
            return rest, levels
    return None
