"""Finds the school a report came from, with reasons a person can read.

Each source of evidence (the sender's address, the original sender of a forward, the header of each
document, the subject, file names, the body and signature) gives a clue: the schools it can mean and
a weight. A valid digital signature (ký số) whose certificate names exactly one school is the
strongest; a document header that names exactly one school in full is decisive too, unless another
school's own registered address sent it and nothing of the mail says why; otherwise one school must be
well supported and contradicted by nothing of weight, or the message waits for staff.
Proof of origin is never ignored: signatures that do not hold, and what the receiving server found
about the sender, are shown with the outcome; a document changed after signing, or a registered
address whose mail fails authentication, sends the message to staff.
"""

from __future__ import annotations

import dataclasses
import email.utils
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from intake import repeats, systems
from intake.clusters import Combined, combined_report
from intake.message import (
    COPIES_HEADING,
    FORWARD_SUBJECT,
    REPLY_SUBJECT,
    Mail,
    attached_mail,
    to_a_principal,
)
from intake.names import (
    EXACT_PLACE,
    MG,
    MN,
    PROVINCES,
    TH_THCS,
    TONE_PLACE,
    Mention,
    compact_mentions,
    find_mentions,
    find_place_mentions,
    fit,
    garbled,
    issuer_mention,
    level_fits,
    level_of,
    lone_levels,
    number_of,
    numbered,
    school_code,
    symbol_code,
)
from intake.registry import Registry, Resolution, goes_on, town_in_lead
from kernel.proof import SenderCheck
from kernel.schoolnames import (
    LEVEL_LABELS,
    commune_of,
    commune_office_place,
    name_key,
    unqualified,
    without_kind,
)
from kernel.store import CANDIDATES_KEPT
from parsers.document import Document, Signature, SignatureStatus
from parsers.text import fold, fold_aligned, has_diacritics, nfc, tone_key

SIGNED, STRONGEST, STRONG, MEDIUM, WEAK = 5, 4, 3, 2, 1
CANDIDATE = 0  # a clue that only names candidates for staff: it supports no school
ASSIGN_AT = 3  # the support one school needs: a registered address, a header, or two named mentions
_HEAD_LINES, _TAIL_LINES = 40, 25  # where a document names its own school: header, opening, signature
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
_SIGNER = r"(?:(?:pho +)?hieu +truong|p?ht|ban +giam +hieu|bgh)"
_SIGNING = re.compile(rf"^(?:(?:t\s*/?\s*m|thay +mat|k\s*t|q)\b[\s.:/]*{_SIGNER}?|{_SIGNER})\b[\s.:,-]*")
# "TM." or "KT." after other words: a PDF's signature column read on one line with "Nơi nhận:" beside it.
_SIGNING_BESIDE = re.compile(rf"(?<= )(?:t\s*/\s*m|t\s*m\s*\.|k\s*t\s*\.)[\s.:/]*(?:{_SIGNER}\b[\s.:,-]*)?")
# A report's closing sentence, folded, up to the school it says the report is of: «Trên đây là báo cáo (kết
# quả thực hiện …) của Trường …»; what follows it is read as a school's name.
_CLOSING_START = re.compile(r"^tren +day +la +(?:bao +cao|bc)\b")
_CLOSING = re.compile(_CLOSING_START.pattern + r".*?\bcua +(?=truong\b)")
_SENTENCE_END = re.compile(r"[.;,(]|\s/")
_ADDRESSING = re.compile(r"kinh +gui *:?$")
# A report's opening sentence, folded, naming the school that reports: «Trường Tiểu học Mỹ Phú báo cáo kết quả
# …», or after what it answers «Thực hiện Công văn số …, Trường Tiểu học Mỹ Phú báo cáo …»; the first group
# is the school's name.
_OPENING = re.compile(r"(?:^|[,;:]\s*)(truong\b[^,;:.]*?)\s+(?:xin\s+)?bao\s+cao\b")
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
_MAIL_SIGNATURE_LINES = 3  # the last lines of a mail where the school's name alone is its signature
# A word of a school's code: letters and digits, "&" within ("TH&THCS"); and the level a code starts with,
# in capitals as codes are written.
_CODE_WORD = re.compile(r"[^\W_]+(?:&[^\W_]+)*")
# At most this many words of at most this many letters after a school's full name in a scan's header are
# stray letters of the other column, left out of the name shown in reasons.
_DEBRIS_WORDS, _DEBRIS_LETTERS = 3, 2
# A school's code written without its level ("BT1", "TTTT") is read from this many letters: two ("MA",
# "TT") are too many other abbreviations.
_LEVELLESS_CODE = 3
_CODE_LEVEL = re.compile(r"TH&?THCS|THCS|THPT|TH|MN|MG")
# A private kindergarten's level as initials ("MNTT", "MGTT": mầm non, mẫu giáo tư thục), which alone may be
# the code of a town's school (Mầm non Thị trấn Thủ Thừa's "MNTT").
_PRIVATE_LEVEL = re.compile(r"M[NG]TT")
_VOWEL = re.compile(r"[aeiouy]")
_BRACKETED = re.compile(r"\(([^()]*)\)")
_PLACE_KINDS = re.compile(r"\b(?:xa|phuong|thi tran|tt|thi xa|tx|huyen|quan|thanh pho|tp|tinh)\b")
# A district or province written after a school's name, folded, and how many words it is read from.
_DISTRICT_KIND = re.compile(r"^(?:huyen|quan|thi xa|tx|thanh pho|tp|tinh)\b")
_PLACE_WORDS = 4
# The provinces' names folded, in words, longest first ("thua thien hue" before "hue").
_PROVINCE_WORDS = tuple(sorted((tuple(fold(p).split()) for p in PROVINCES), key=len, reverse=True))
# A commune written between the name and them ("… Mỹ An, xã Mỹ An, tỉnh Đồng Tháp", as schools write their
# place since the districts were abolished in 2025), and how many words it is read from, its kind included.
_COMMUNE_KIND = re.compile(r"^(?:xa|phuong|thi tran)\b")
_HAMLET = re.compile(r"^(?:ap|khu +pho)\b")  # a hamlet or a town quarter, folded: «Ấp Mỹ Lạc»
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
# Words of a mail saying it is sent for another school or for a cluster, on its lower-case text, each word
# with its marks or typed without any: «gửi giúp (báo cáo của) trường bạn», «nhờ gửi giúp», «cụm trưởng»,
# «các trường trong cụm», «cụm 3», «của cụm». Folding alone would read «Trưởng ban» as «trường bạn».
_FOR_OTHERS = re.compile(
    re.sub(
        r"[^\W\d_]*[^\x00-\x7f][^\W\d_]*",
        lambda word: f"(?:{word.group()}|{fold(word.group())})",
        r"(?<!\w)gửi +(?:giúp|giùm|dùm|hộ|thay)(?: +cho)?(?: +(?:báo +cáo|bc))?(?: +(?:của|cho))? +(?:các +)?"
        r"(?:trường|cụm|đơn +vị)\b|(?<!\w)trường +bạn\b|(?<!\w)nhờ +gửi +(?:giúp|giùm|dùm)\b"
        r"|(?<!\w)cụm +(?:trưởng|trường)\b|(?<!\w)trong +cụm\b|(?<!\w)cụm +(?:số +)?\d+\b|(?<!\w)của +cụm\b",
    )
)
# A subject naming a cluster by its word alone («BC NQ121 cụm Mỹ An», «Bao cao cum My An»): its lead's mail.
_CLUSTER_SUBJECT = re.compile(r"(?<!\w)(?:cụm|cum)(?!\w)")
# A level written after «Trường», or in full, folded: a level code alone ("TH") says too little. An English
# level ("Secondary School") is written in full, after the name as English puts it ("My An Secondary School").
_SCHOOL_OPENING = re.compile(r"truong\b")
_LEVEL_IN_FULL = re.compile(
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
_COVER_LINES = 10  # the lines of a mail's own text where it says what it sends, before any pasted report
_LONGEST_PLACE = 5  # words of a mention after its level that can still be the place or its number


@dataclass(frozen=True)
class Assignment:
    school_id: str
    files: tuple[str, ...]  # names of the documents that are this school's report
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class MatchResult:
    assignments: tuple[Assignment, ...]
    review_reason: str | None = None  # set when (part of) the message must wait for staff
    candidates: tuple[str, ...] = ()  # school ids staff should choose from

    def also_waiting(self, reason: str, schools: Iterable[str]) -> MatchResult:
        """The same credits, with one more part of the message waiting for staff: reason said after any
        reason already given, and schools added to the candidates."""
        said = f"{self.review_reason} {reason}" if self.review_reason else reason
        return MatchResult(self.assignments, said, tuple(dict.fromkeys((*self.candidates, *schools))))


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
    # Of such a clue for a level written with no name (_levels_written: «… của Trường Mẫu giáo», «Trường
    # Tiểu học» under «HIỆU TRƯỞNG», «BC NQ121 Tieu hoc.docx»): those levels.
    levels: frozenset[str] = frozenset()


def match(
    mail: Mail, documents: Sequence[Document], registry: Registry, origin: SenderCheck | None = None
) -> MatchResult:
    """The school (or schools) whose report this message carries, or a review with candidates.

    origin is what is known of the sender's authenticity (intake.origin); None when not checked.
    Sentences that say the same of many of the documents are said once (intake.repeats).
    """
    result = _match(mail, documents, registry, origin)
    names = [d.name for d in documents]
    return MatchResult(
        tuple(dataclasses.replace(a, reasons=repeats.grouped(a.reasons, names)) for a in result.assignments),
        repeats.grouped_text(result.review_reason, names) if result.review_reason else result.review_reason,
        result.candidates,
    )


def _match(
    mail: Mail, documents: Sequence[Document], registry: Registry, origin: SenderCheck | None
) -> MatchResult:
    combined = {i: c for i, d in enumerate(documents) if (c := combined_report(d)) is not None}
    if combined:
        return _combined_wait(mail, documents, combined, registry, origin)
    clues = [
        *_address_clues(mail, registry),
        *_copied_clues(mail, registry),
        *_message_text_clues(mail, documents, registry),
    ]
    notes: list[str] = []  # shown with any outcome: signatures that prove nothing, the sender's checks
    for index, document in enumerate(documents):
        clues.extend(_document_clues(index, document, registry))
        signed, said = _signature_clues(index, document, registry)
        clues.extend(signed)
        notes.extend(said)
    result = _signature_conflict(mail, clues, documents, registry) or _decide(
        clues, mail, documents, registry
    )
    result = _unmodified(_authenticated(result, mail, clues, registry, origin), documents)
    if origin is not None and origin.explanation:
        notes.append(origin.explanation)
    return _noted(result, notes)


def _combined_wait(
    mail: Mail,
    documents: Sequence[Document],
    combined: dict[int, Combined],
    registry: Registry,
    origin: SenderCheck | None,
) -> MatchResult:
    """A cluster's combined report stands for several schools: it waits for staff, with the sender's
    school and the members it names as candidates; the mail's other documents are matched as usual."""
    senders = [s for c in _address_clues(mail, registry) if len(c.schools) == 1 for s in c.schools]
    levels = {n.level for s in senders for n in registry.names.get(s, ())}
    members: list[str] = []
    said = []
    for index, found in combined.items():
        document = documents[index]
        text = "\n".join(dict.fromkeys((found.members, document.text)))
        for mention in find_mentions(text, partners=False):
            members += registry.resolve(mention, tones_reliable=not _is_ocr(document)).schools
        for mention in find_place_mentions(found.members or text, registry.places):
            placed = registry.resolve(mention).schools
            members += [s for s in placed if {n.level for n in registry.names.get(s, ())} & levels] or placed
        said.append(
            f"Văn bản {document.name} là báo cáo chung của cụm trường («{found.written}»), tổng hợp cho nhiều "
            "trường, không phải báo cáo riêng của một trường: cần cán bộ xem xét ghi nhận cho trường nào."
        )
    candidates = tuple(dict.fromkeys((*senders, *members)))
    kept = [d for i, d in enumerate(documents) if i not in combined]
    if kept:
        return match(mail, kept, registry, origin).also_waiting(" ".join(said), candidates)
    notes = [origin.explanation] if origin is not None and origin.explanation else []
    return _noted(MatchResult((), " ".join(said), candidates[:CANDIDATES_KEPT]), notes)


def header_schools(documents: Sequence[Document], registry: Registry) -> frozenset[str]:
    """The schools whose documents these are by their headers, each header naming one school clearly."""
    found: set[str] = set()
    for index, document in enumerate(documents):
        clue = _header_clue(index, document, registry)
        if clue is not None and clue.clear:
            found |= clue.schools
    return frozenset(found)


def signed_schools(documents: Sequence[Document], registry: Registry) -> frozenset[str]:
    """The schools whose documents these are by valid signatures, each naming one school of ours."""
    found: set[str] = set()
    for index, document in enumerate(documents):
        found |= {s for c in _signature_clues(index, document, registry)[0] for s in c.schools}
    return frozenset(found)


def _decide(
    clues: Sequence[Clue], mail: Mail, documents: Sequence[Document], registry: Registry
) -> MatchResult:
    clear: dict[int, str] = {}
    for source in ("header", "signature"):  # a document's signature outranks its header
        clear.update(
            {
                c.document: next(iter(c.schools))
                for c in clues
                if c.clear and c.source == source and c.document is not None
            }
        )
    decided = list(dict.fromkeys(clear.values()))
    # A cluster's archive of a folder per school is read folder by folder, whatever its papers' headers say.
    if decided and (by_folder := _by_folder(clues, documents, registry)) is not None:
        return by_folder
    if len(decided) > 1:
        return _several(decided, clear, clues, documents, registry)
    if decided and any(c.source == "signature" for c in clues):
        return _by_signature(decided[0], clues, documents, registry)
    if decided:
        scanned = all(c.ocr for c in clues if c.clear and c.source == "header")
        said = _mail_says(clues, decided[0], replying=bool(REPLY_SUBJECT.match(fold(mail.subject))))
        if said is not None and not _abbreviates(said[0], decided[0], clues, registry):
            return _header_disagrees(decided[0], said[0], clues, registry, scanned=scanned, witnesses=said[1])
        unmatched = _unmatched_for_another(decided[0], clues)
        if unmatched is not None:
            return _unmatched_review(decided[0], unmatched, clues, registry)
        named = _address_and(clues, lambda c: c.source == "file" and c.document in clear)
        if named not in (None, decided[0]) and not any(
            c.source == "file" and c.document in clear and decided[0] in c.schools for c in clues
        ):
            # The headed paper's file named for the sender's school, as its address: its report on the
            # header's school's file, or that school's report attached by mistake.
            witnesses = "Địa chỉ gửi và tên tệp"
            return _header_disagrees(decided[0], named, clues, registry, scanned=scanned, witnesses=witnesses)
        filed = _file_says(decided[0], clues, set(clear))
        if filed is not None:
            return _header_disagrees(decided[0], filed, clues, registry, scanned=scanned, witnesses="Tên tệp")
        signing = _signed_for_another(decided[0], mail, [documents[i] for i in clear], registry)
        if signing is not None:
            return _own_lines_disagree(decided[0], *signing, clues, registry)
        named_title = _title_names_another(decided[0], [documents[i] for i in clear], registry)
        if named_title is not None:
            return _title_disagrees(decided[0], *named_title, clues, registry)
        titled = _titled_elsewhere(decided[0], [documents[i] for i in clear], registry)
        if titled is not None:
            return _headed_titled_review(decided[0], *titled, clues, registry)
        own_text = _address_and_text_agree(clues, set(clear))
        if own_text not in (None, decided[0]):
            return _header_disagrees(
                decided[0],
                own_text,
                clues,
                registry,
                scanned=scanned,
                witnesses="Địa chỉ gửi và nội dung văn bản",
            )
        itself = _scan_names_another(decided[0], clues, set(clear)) if scanned else None
        if itself is not None:
            return _misread_header(decided[0], itself, clues, registry)
        namesake = _namesakes_sender(decided[0], clues)
        if namesake is not None:
            return _namesake_disagrees(decided[0], namesake, clues, registry)
        written = _namesake_written(decided[0], clues)
        if written is not None:
            return _namesake_written_disagrees(decided[0], written, clues, registry)
        placed = next((c for c in clues if c.placed and decided[0] not in c.placed), None)
        if placed is not None:
            return _placed_disagrees(decided[0], placed, clues, registry)
        lettered = _lettered_sender(decided[0], clues, documents, registry)
        if lettered is not None:
            return _lettered_disagrees(decided[0], lettered, clues, registry)
        levelled = _levelled_sender(decided[0], clues, documents, registry)
        if levelled is not None:
            return _levelled_disagrees(decided[0], levelled, clues, registry)
        toned = _toned_sender(decided[0], clues, documents, registry)
        if toned is not None:
            return _toned_disagrees(decided[0], toned, clues, registry)
        away = next((c for c in clues if decided[0] in c.elsewhere), None)
        if away is not None:
            return _placed_away(decided[0], away, clues, registry)
        coded = _coded_for_another(decided[0], clear, clues, documents, registry)
        if coded is not None:
            return _coded_review(decided[0], *coded, clues, registry)
        opening = _opens_for_another(decided[0], clear, documents, registry)
        if opening is not None:
            return _own_lines_disagree(decided[0], opening[1], opening[0], clues, registry)
        dated = _headed_dated_elsewhere(decided[0], clear, documents, registry)
        if dated is not None:
            return _headed_dated_review(decided[0], *dated, clues, registry)
        crossed = _address_of_another(decided[0], mail, clues, set(clear), registry)
        if crossed is not None:
            return _address_of_another_review(decided[0], crossed, clues, documents, registry)
        return _by_header(decided[0], clues, documents, registry)
    return _by_folder(clues, documents, registry) or _weigh(clues, mail, documents, registry)


def _by_folder(
    clues: Sequence[Clue], documents: Sequence[Document], registry: Registry
) -> MatchResult | None:
    """A cluster's archive with a folder per school («TH Mỹ An/BC.docx», «TH Mỹ Phú/BC.docx») of papers
    whose headers name no school: each paper is its folder's school's when the folder's name names exactly
    one school and nothing of the paper (its text, its signature, its own file name) names another. Other
    folders wait for staff, each with the schools its name may mean. None when the documents are not all
    in folders of an archive, or fewer than two folders name schools, or they name one school only (one
    school's own archive, its folders «TH Mỹ An» and «Ảnh»: matched as any mail is).

    A paper at the top of such an archive, outside every folder («Cum.zip/BC NQ121.docx»), is no folder's
    school's: it waits for staff, with the schools it names itself (its header, its signature, its name)."""
    folders: dict[str, list[int]] = {}
    named_by: dict[str, list[Clue]] = {}
    loose: list[int] = []
    archives = {d.name.split("/", 1)[0] for d in documents if d.name.count("/") >= 2}
    for index, document in enumerate(documents):
        parts = document.name.split("/")
        if len(parts) == 2 and parts[0] in archives:
            loose.append(index)
            continue
        if len(parts) < 3:
            return None
        # The folder nearest the file whose name names a school («TH Mỹ An/Ảnh/1.jpg» is TH Mỹ An's).
        for end in range(len(parts) - 1, 1, -1):
            path = "/".join(parts[:end])
            if path not in named_by:
                archive, folder = path.rsplit("/", 1)
                said = f"Thư mục «{folder}» trong tệp nén {archive} ghi"
                named_by[path] = _text_clues(folder, said, "file", None, registry, places=True)
            if named_by[path] or end == 2:
                break
        folders.setdefault(path, []).append(index)
    naming = [{s for c in named_by[p] for s in c.schools if c.weight > CANDIDATE} for p in folders]
    if len([n for n in naming if n]) < 2 or len(set().union(*naming)) < 2:
        return None
    owner: dict[int, str] = {}
    reasons: dict[str, list[str]] = {}
    # The schools a loose paper naming none may be: those the folders name, the sender's.
    folder_schools = list(dict.fromkeys(s for n in naming if len(n) == 1 for s in n))
    senders = [
        s
        for c in clues
        if c.source == "address" and len(c.schools) == 1
        for s in c.schools
        if s not in folder_schools
    ]
    unsure: list[str] = []
    choices: list[str] = []
    for path, indexes in folders.items():
        archive, folder = path.rsplit("/", 1)
        said = f"Thư mục «{folder}» trong tệp nén {archive} ghi"
        named = named_by[path]
        weighty = [c for c in named if c.weight > CANDIDATE]
        schools = {s for c in weighty for s in c.schools}
        school = next(iter(schools)) if len(schools) == 1 else None
        if school is None or any(c.schools != {school} or c.unmatched for c in weighty):
            held = f"Thư mục «{folder}» (chứa {', '.join(documents[i].name for i in indexes)}) trong tệp nén {archive}"
            what = [c.reason.replace(said, f"{held} ghi", 1) for c in named]
            unsure.append(" ".join(what) or f"{held} không ghi tên trường.")
            choices.extend(s for c in _by_weight(named) for s in sorted(c.schools))
            continue
        for index in indexes:
            leaf = documents[index].name.rsplit("/", 1)[1]
            against = [
                c
                for c in (
                    *(c for c in clues if c.document == index and c.source != "file"),
                    *_file_clues(leaf, index, registry),
                )
                if c.weight > CANDIDATE and school not in c.schools
            ]
            dated = _dated_for_another(documents[index], school, registry)
            if against or dated:
                said_else = [c.reason for c in against]
                if dated is not None:
                    said_else.append(_dated_note(documents[index], *dated, registry))
                unsure.append(
                    f"{weighty[0].reason} Tuy vậy, văn bản {documents[index].name} có căn cứ khác: "
                    f"{' '.join(said_else)}"
                )
                choices.extend([school, *(s for c in against for s in sorted(c.schools))])
                choices.extend(dated[1] if dated is not None else ())
            else:
                owner[index] = school
                reasons.setdefault(school, []).extend(c.reason for c in weighty)
    for index in loose:
        archive, leaf = documents[index].name.split("/", 1)
        own = _by_weight(
            c
            for c in (
                *(c for c in clues if c.document == index and c.source != "file"),
                *_file_clues(leaf, index, registry),
            )
            if c.weight > CANDIDATE
        )
        says = " ".join(dict.fromkeys(c.reason for c in own))
        if not own:
            # Nothing of it names a school: it is likely one of the folders' schools' or the sender's.
            likely = [registry.name(s) for s in (*folder_schools, *senders)]
            says = (
                "Văn bản không ghi rõ tên trường; có thể là của trường có thư mục trong tệp nén hoặc của "
                f"trường gửi thư: {_either(likely)}."
                if likely
                else "Văn bản không ghi rõ tên trường."
            )
        unsure.append(
            f"Văn bản {documents[index].name} nằm ngoài các thư mục trong tệp nén {archive}: {says}"
        )
        choices.extend(s for c in own for s in sorted(c.schools))
        if not own:
            choices.extend((*folder_schools, *senders))
    credited = list(dict.fromkeys(owner.values()))
    together = (
        (f"Thư có báo cáo của {len(credited)} trường; mỗi trường được ghi nhận với văn bản của mình.",)
        if len(credited) > 1
        else ()
    )
    assignments = tuple(
        Assignment(
            school,
            tuple(documents[i].name for i in sorted(owner) if owner[i] == school),
            (*dict.fromkeys(reasons[school]), *together),
        )
        for school in credited
    )
    if not unsure:
        return MatchResult(assignments)
    reason = f"Chưa xác định được trường của một số văn bản: {' '.join(unsure)} Cần cán bộ chọn trường."
    return MatchResult(assignments, reason, tuple(dict.fromkeys(choices)))


def _opens_for_another(
    read: str, clear: dict[int, str], documents: Sequence[Document], registry: Registry
) -> tuple[str, str] | None:
    """A typed paper headed for read whose opening sentence names another school of ours in full as the one
    reporting («Trường Tiểu học Mỹ Phú báo cáo kết quả thực hiện như sau:» under «TRƯỜNG TIỂU HỌC MỸ AN»):
    the paper names two schools as its own. Read's address or number does not settle it: a school copying
    a neighbour's report changes the header and the number and leaves the opening, and a lead school sends
    a member's report on its own letterhead. How it opens, and that school."""
    for index in clear:
        document = documents[index]
        if _is_ocr(document):
            continue
        for line in [line.strip() for line in document.text.splitlines() if line.strip()][:_HEAD_LINES]:
            opening = _OPENING.search(fold_aligned(line))
            if opening is None:
                continue
            mention = issuer_mention(line[opening.start(1) : opening.end(1)])
            resolution = registry.resolve(mention) if mention else None
            if resolution is not None and resolution.clear and resolution.schools[0] != read:
                words = ("… " if opening.start(1) else "") + line[opening.start(1) : opening.end()]
                return f"Văn bản {document.name} mở đầu «{words} …»", resolution.schools[0]
            break  # the first opening sentence is the paper's own
    return None


def _coded_for_another(
    read: str, clear: dict[int, str], clues: Sequence[Clue], documents: Sequence[Document], registry: Registry
) -> tuple[Clue, str] | None:
    """A headed paper's number whose code is another school's («TRƯỜNG TIỂU HỌC MỸ AN» over «Số: 45/BC-THMP»),
    when the sender's address does not name the header's school: one school's report made on the other's
    paper, whose school only the sender knows. From the header's school's own address a number left from
    a template decides nothing, but the paper's own first or last lines naming the number's school too
    («Trường Tiểu học Mỹ Phú báo cáo …») say the report is that school's, sent on by the sender (a lead
    school passing on a member's report on its own letterhead). The number's clue, and those lines' reason
    ("" when the address does not name read)."""
    sent = any(c.source in ("address", "forward") and read in c.schools for c in clues)
    for index in clear:
        coded = _symbol_clue(index, documents[index], registry)
        if coded is None or read in coded.schools:
            continue
        if not sent:
            return coded, ""
        header = next((c for c in clues if c.source == "header" and c.document == index), None)
        own, _ = _own_lines(documents[index], header)
        said = f"Văn bản {documents[index].name} ghi"
        written = _text_clues(
            own, said, "document", index, registry, places=False, ocr=_is_ocr(documents[index])
        )
        # a near level («Trường Mầm non Mỹ An» for Mẫu giáo Mỹ An) names the code's school as surely here
        agreeing = next((c for c in written if c.schools == coded.schools and c.weight > CANDIDATE), None)
        if agreeing is not None:
            return coded, agreeing.reason
    return None


def _coded_review(
    read: str, coded: Clue, written: str, clues: Sequence[Clue], registry: Registry
) -> MatchResult:
    headers = " ".join(c.reason for c in clues if c.clear and c.document == coded.document)
    whose = "số ký hiệu và nội dung văn bản" if written else "số ký hiệu"
    reason = (
        f"{headers} {coded.reason} {written + ' ' if written else ''}Tiêu đề ghi {registry.name(read)} mà "
        f"{whose} là của {_either([registry.name(s) for s in sorted(coded.schools)])}: có thể là báo cáo của "
        "một trường làm trên văn bản của trường kia. Cần cán bộ chọn trường."
    )
    return _held(reason, clues, (read, *sorted(coded.schools)))


def sender_and_subject_agree(mail: Mail, registry: Registry) -> str | None:
    """The school the registered (or learned) address and the subject both name, if they agree."""
    subject = _text_clues(mail.subject, "Tiêu đề thư ghi", "subject", None, registry, places=True)
    return agreed_school([*_address_clues(mail, registry), *subject])


def named_schools(mail: Mail, registry: Registry) -> tuple[str, ...]:
    """The schools a note waiting for staff names by level and place (its subject, its text, a document
    system's sending unit, the sender's name), for mail whose address names none: a school writing from a
    personal address, or the system's notice of a recalled paper; the names alone that forwarded mail gives
    its senders (Mail.unaddressed), and the schools from whose own addresses the mail it forwards came (a
    principal passing the school's mail on from a gmail). The schools every such clue names, else those any
    names: «MN Hoa Sen xã Mỹ Thạnh» beside «MN Hoa Sen» is the Mỹ Thạnh one."""
    clues = _message_text_clues(mail, (), registry)
    for _, name in mail.unaddressed:
        clues += _text_clues(name, "Tên người gửi gốc ghi", "name", None, registry, places=False)
    named = [c.schools for c in clues if c.schools and c.weight >= MEDIUM]
    named += [frozenset({s.id}) for a in mail.forwarded_from if (s := registry.by_address(a)) is not None]
    if not named:
        return ()
    common = frozenset.intersection(*named)
    return tuple(sorted(common or frozenset.union(*named)))


def agreed_school(clues: Iterable[Clue]) -> str | None:
    """The one school that both the sender's registered (or learned) address and the subject name."""
    return _address_and(clues, lambda c: c.source == "subject")


def _mail_says(clues: Sequence[Clue], read: str, *, replying: bool = False) -> tuple[str, str] | None:
    """The one school other than read (the header's) that two of the mail's own words name, and which two:
    the registered (or learned) address and the subject, the address and the mail's own text, or, from an
    address that names no school or read itself, the subject and the text ("Báo cáo NQ121 trường MG Mỹ Phú" over "em gửi
    báo cáo của trường Mẫu giáo Mỹ Phú"), or one of them alone when the other names no school (a note signed
    "Văn thư TH Nhị Thành"). A header naming another school is then a sibling's file reused or a file
    attached by mistake. A text that names read too ("em gửi giúp báo cáo của MG Mỹ Phú" over the
    signature of Tiểu học Mỹ Phú) says what it sends, and contradicts nothing. When replying, the subject
    is the thread's, and from the header's school's own address it names no one who writes now."""
    agreed = agreed_school(clues)
    if agreed not in (None, read):
        return agreed, "Địa chỉ gửi và tiêu đề thư"
    subject, body = (
        {s for c in clues if c.source == where and c.weight >= MEDIUM for s in c.schools}
        for where in ("subject", "body")
    )
    if read in body:
        return None
    agreed = _address_and(clues, lambda c: c.source == "body")
    if agreed not in (None, read):
        return agreed, "Địa chỉ gửi và nội dung thư"
    agreed = _address_and(clues, lambda c: c.source == "thread")
    if agreed not in (None, read) and not any(c.source == "thread" and read in c.schools for c in clues):
        return agreed, "Địa chỉ gửi và thư của Phòng mà thư này trả lời"
    by_address = {s for c in clues if c.source == "address" for s in c.schools}
    if replying and by_address == {read}:
        # A reply's subject is its thread's: the school whose mail the header's school answers to all
        # («Re: Báo cáo NQ121 - TH Mỹ An» over Mỹ Phú's own report from Mỹ Phú's address).
        subject = set()
    said = subject | body
    if (by_address and by_address != {read}) or len(said) != 1 or read in said:
        return None
    # Both, or one of them when the other names no school: a note signed "Văn thư TH Nhị Thành", or the
    # subject "Báo cáo NQ121 - THCS Bình An", over another school's file. Who writes says whose it should be,
    # from the address of the header's school too: a principal of two schools sending the other's report
    # from one school's mailbox on that school's template.
    witnesses = {(True, True): "Tiêu đề thư và nội dung thư", (True, False): "Tiêu đề thư"}
    return said.pop(), witnesses.get((bool(subject), bool(body)), "Nội dung thư")


def _unmatched_for_another(read: str, clues: Sequence[Clue]) -> Clue | None:
    """The mail's own words (its subject, text or a file name) writing a school's name with a number no
    school of ours has, the name without it another school than read (the header's): «BC NQ121 TH số 2 Mỹ
    An» over «TRƯỜNG TIỂU HỌC MỸ PHÚ». Whoever wrote the mail says the report is a school's the header does
    not name: a renamed school on its old template, or another school's report on a borrowed one. From
    the header's school's own address the two agree: that school renamed, its new name not yet listed."""
    if read in _senders(clues):
        return None
    # «MG Mỹ An 2» over «TRƯỜNG MẪU GIÁO MỸ AN»: the name nearest the words is read's, so the school at
    # another level that has the number («Tiểu học Mỹ An 2») does not count against it
    near = {(c.source, c.document) for c in clues if c.unmatched and not c.other_level and read in c.schools}
    return next(
        (
            c
            for c in clues
            if c.unmatched
            and c.source in ("subject", "body", "file")
            and read not in c.schools
            and (c.source, c.document) not in near
        ),
        None,
    )


def _unmatched_review(read: str, unmatched: Clue, clues: Sequence[Clue], registry: Registry) -> MatchResult:
    said = (
        f"Tiêu đề văn bản ghi {registry.name(read)}, nhưng {unmatched.reason[0].lower()}{unmatched.reason[1:-1]}: "
        "tên trường thư ghi không phải trường của tiêu đề (có thể trường đã đổi tên mà dùng văn bản cũ, hoặc "
        "dùng lại văn bản của trường khác)."
    )
    shown = " ".join(c.reason for c in _by_weight(clues) if c.weight >= MEDIUM)
    reason = f"{said} {shown} Cần cán bộ chọn trường."
    return MatchResult((), reason, tuple(dict.fromkeys((read, *sorted(unmatched.schools)))))


def _abbreviates(said: str, read: str, clues: Sequence[Clue], registry: Registry) -> bool:
    """Whether the mail's words, from an address that names no school or read's own, name said only by a
    name that is the start of read's (the header's): «BC NQ121 TH Mỹ An» over «TRƯỜNG TIỂU HỌC MỸ AN 2», the
    number left out of the subject, as after 2025 schools renamed after their commune ("Mỹ An 1", "Mỹ An
    2") often are. From another school's registered address the words are that school's and still disagree."""
    if any(c.source == "address" and c.schools and c.schools != {read} for c in clues):
        return False
    words = [c for c in clues if c.source in ("subject", "body") and c.weight >= MEDIUM and said in c.schools]
    return bool(words) and all(read in c.unnumbered for c in words)


def _address_and_text_agree(clues: Iterable[Clue], headed: set[int]) -> str | None:
    """The one school that both the sender's registered (or learned) address and the typed text of a
    document whose header decides name in full: "Trường THCS Mỹ Lạc báo cáo …" under the header
    "TRƯỜNG TH MỸ LẠC", sent from Mỹ Lạc THCS's address, is a sibling school's file reused."""
    return _address_and(clues, lambda c: c.source == "document" and c.document in headed and not c.ocr)


def _address_and(clues: Iterable[Clue], witness: Callable[[Clue], bool]) -> str | None:
    """The one school the sender's address names (alone) that a witness clue of weight names too."""
    clues = list(clues)
    by_address = {next(iter(c.schools)) for c in clues if c.source == "address" and len(c.schools) == 1}
    named = {
        next(iter(c.schools)) for c in clues if witness(c) and len(c.schools) == 1 and c.weight >= MEDIUM
    }
    both = by_address & named
    return both.pop() if len(both) == 1 and len(by_address) == 1 else None


def _file_says(read: str, clues: Sequence[Clue], headed: set[int]) -> str | None:
    """The one other school that the file names of the papers headed for read name in full, from an address
    that names no school, when none of the mail's words names read: the sender called the file another
    school's («BC TH My Phu.docx» holding «TRƯỜNG TIỂU HỌC MỸ AN»), as a subject may, so it is that school's
    report on read's file or read's attached by mistake."""
    if any(c.source in ("address", "forward") and c.schools for c in clues):
        return None
    if any(c.source in ("file", "subject", "body") and read in c.schools for c in clues):
        return None
    named = {
        s
        for c in clues
        if c.source == "file" and c.document in headed and c.weight >= MEDIUM and len(c.schools) == 1
        for s in c.schools
    }
    return named.pop() if len(named) == 1 else None


def _header_disagrees(
    read: str,
    agreed: str,
    clues: Sequence[Clue],
    registry: Registry,
    *,
    scanned: bool,
    witnesses: str,
) -> MatchResult:
    """A header names another school than two of the mail's own words agree on: a scan may be misread,
    a school may have written its report on a sibling school's file and left its header, or attached
    another school's report. A person decides."""
    if scanned:
        said = f"bản quét đọc được tên {registry.name(read)} (nhận dạng chữ có thể sai)"
    else:
        said = (
            f"tiêu đề văn bản ghi {registry.name(read)} (có thể trường dùng lại văn bản của trường khác "
            "hoặc gửi nhầm tệp)"
        )
    return _review_between(
        f"{witnesses} {_write(witnesses)} {registry.name(agreed)}, nhưng {said}.", agreed, read, clues
    )


def _signed_for_another(
    read: str, mail: Mail, headed: Sequence[Document], registry: Registry
) -> tuple[str, str] | None:
    """The one other school a signing line names in full ("TM. TRƯỜNG THCS MỸ AN", "Hiệu trưởng Trường TH
    Long Thành") at the end of a document whose header names read, or at the end of the mail's own text,
    and where that line was read; the school's name alone on one of the mail's last lines (under "Trân trọng,":
    "Trường THCS Mỹ An") signs it too. Whoever signs speaks for the school: a header of another school above
    it is a sibling's file reused (the header or the signature left unchanged) or a file sent by
    mistake, and only a person can tell which. Running text naming a partner school decides nothing."""
    places = [(f"Văn bản {d.name}", d.text, not _is_ocr(d), False) for d in headed]
    places.append(("Nội dung thư", mail.own_body, True, True))
    found: dict[str, str] = {}
    for where, text, tones, mail_text in places:
        lines = [line.strip() for line in text.splitlines() if line.strip()][-_TAIL_LINES:]
        # Where the school's name alone on a line signs: a mail's last lines (under "Trân trọng,"), or a
        # typed document's signature block, from its role's line alone on down ("HIỆU TRƯỞNG", the name,
        # then "Trường Tiểu học Mỹ Phú"); in a scan such a line may be a stamp's ring, shared by schools.
        if mail_text:
            bare = len(lines) - _MAIL_SIGNATURE_LINES
        else:
            bare = _signature_block(lines) if tones else len(lines)
        for at, (before, line) in enumerate(zip(["", *lines], lines, strict=False)):
            if _ADDRESSING.search(fold(before)):  # "Kính gửi:" above it: whom a pasted letter addresses
                continue
            folded = fold_aligned(line)
            if not mail_text and _CLOSING_START.match(folded):
                closed = _closing_school(lines[at : at + 2], registry, tones)
                if closed is not None and closed[0] != read:
                    found.setdefault(closed[0], f"{where} kết thúc «{closed[1]}»")
                continue
            signing = _SIGNING.match(folded) or _SIGNING_BESIDE.search(folded)
            alone = signing is None and at >= bare and fold(line).startswith("truong ")
            # under a typed document's role, the school's name may start with its level («THCS Mỹ An»,
            # «Tiểu học Mỹ Phú») as well as with «Trường»
            alone = alone or (signing is None and bare < at and not mail_text and _leads_with_level(line))
            mention = issuer_mention(line[signing.end() :] if signing else line) if signing or alone else None
            resolution = registry.resolve(mention, tones_reliable=tones) if mention else None
            if mention is None or resolution is None or resolution.schools[:1] == (read,):
                continue
            if not resolution.clear and not _near_level_of_another(mention, resolution, read, registry):
                continue
            if alone and _words_shown(mention, resolution, registry) < len(mention.words):
                continue  # "Trường THCS Mỹ An gửi báo cáo …": a sentence, not the school's name closing the mail
            shown = " ".join(line[signing.start() if signing else 0 :].split())
            found.setdefault(resolution.schools[0], f"{where} ký tên «{shown}»")
    return next(iter(found.items())) if len(found) == 1 else None


def _leads_with_level(line: str) -> bool:
    """Whether a line starts with a school's level, in full or as its capital code: «THCS Mỹ An», «Tiểu học
    Mỹ Phú», «MG MỸ AN», not «THÁI THỊ HỒNG»."""
    return bool(_LEVEL_IN_FULL.match(fold(line)) or re.match(rf"(?:{_CODE_LEVEL.pattern})\b", line))


def _near_level_of_another(mention: Mention, resolution: Resolution, read: str, registry: Registry) -> bool:
    """Whether mention names one school in full by a near level («TRƯỜNG MẦM NON MỸ AN» for Mẫu giáo Mỹ
    An) whose level read is not at, nor near: a signing line so written speaks for that school."""
    fit = resolution.fit
    if (
        fit is None
        or (fit.place, fit.level, fit.suffix) != (EXACT_PLACE, 1, 2)
        or len(resolution.schools) != 1
    ):
        return False
    levels = frozenset(n.level for n in registry.names.get(resolution.schools[0], ()) if n.level)
    return bool(levels) and not any(level_fits(levels, n.level) for n in registry.names.get(read, ()))


def _closing_school(lines: Sequence[str], registry: Registry, tones: bool) -> tuple[str, str] | None:
    """The one school a report's closing sentence, on the first of lines, says the report is of («Trên đây
    là báo cáo … của Trường Tiểu học Mỹ Phú.»), and the sentence; read on into the second line where the
    sentence wraps, as a PDF reads it. None when it names no school of ours in full."""
    for count in (1, 2):
        sentence = " ".join(" ".join(lines[:count]).split())
        closing = _CLOSING.match(fold_aligned(sentence))
        mention = issuer_mention(_SENTENCE_END.split(sentence[closing.end() :], 1)[0]) if closing else None
        if mention is not None:
            resolution = registry.resolve(mention, tones_reliable=tones)
            return (resolution.schools[0], sentence) if resolution.clear else None
    return None


def _signature_block(lines: Sequence[str]) -> int:
    """Where a document's signature block starts among its last lines: the last line that is a signing role
    alone ("HIỆU TRƯỞNG", "KT. HIỆU TRƯỞNG"); past the end when there is none."""
    roles = [
        at
        for at, line in enumerate(lines)
        if (found := _SIGNING.match(fold_aligned(line))) and not line[found.end() :].strip()
    ]
    return roles[-1] if roles else len(lines)


def _own_lines_disagree(
    read: str, other: str, where: str, clues: Sequence[Clue], registry: Registry
) -> MatchResult:
    """A headed paper whose own opening or signing block (where) names another school than its header."""
    said = (
        f"{where} ({registry.name(other)}), nhưng tiêu đề văn bản ghi {registry.name(read)} (có thể "
        "trường dùng lại văn bản của trường khác hoặc gửi nhầm tệp)."
    )
    return _review_between(said, other, read, clues)


def _title_names_another(
    read: str, headed: Sequence[Document], registry: Registry
) -> tuple[str, str, str] | None:
    """The one other school of ours the title (trích yếu, under «BÁO CÁO») of a paper headed for read names
    in full, or by a near level at a level read is not at («… của Trường THCS Mỹ An», «… TRƯỜNG MẦM NON MỸ AN
    NĂM 2025» under «TRƯỜNG TIỂU HỌC MỸ AN»), when it does not name read too: whose report the paper says it
    is. A partner («phối hợp với Trường THCS Mỹ An») is not read. Where it is written, the words and the
    school."""
    for document in headed:
        title = " ".join(nfc(document.header.title or "").split())
        tones = not _is_ocr(document)
        found = []
        for mention in find_mentions(title, partners=False):
            resolution = registry.resolve(mention, tones_reliable=tones)
            if not resolution.schools:
                continue
            if resolution.clear or _near_level_of_another(mention, resolution, read, registry):
                found.append(
                    (mention.shown(_words_shown(mention, resolution, registry)), resolution.schools[0])
                )
        others = {school for _, school in found}
        partners = find_mentions(title, partners=True)  # «giữa Trường TH Mỹ An và …» names read as one of two
        if any(read in registry.resolve(m, tones_reliable=tones).schools[:1] for m in partners):
            continue
        if len(others) == 1:
            return _title_said(document), *found[0]
    return None


def _title_disagrees(
    read: str, said: str, words: str, other: str, clues: Sequence[Clue], registry: Registry
) -> MatchResult:
    reason = (
        f"{said} «{words}» ({registry.name(other)}), nhưng tiêu đề văn bản ghi {registry.name(read)} (có thể "
        "trường dùng lại văn bản của trường khác hoặc gửi nhầm tệp)."
    )
    return _review_between(reason, other, read, clues)


def _write(witnesses: str) -> str:
    """The verb after the words that name a school: "cùng ghi" after two of them, "ghi" after one."""
    return "cùng ghi" if " và " in witnesses else "ghi"


def _review_between(said: str, first: str, second: str, clues: Sequence[Clue]) -> MatchResult:
    """A review between two schools: why, then the weightier clues, for a person to choose."""
    shown = " ".join(c.reason for c in _by_weight(clues) if c.weight >= MEDIUM)
    return MatchResult((), f"{said} {shown} Cần cán bộ chọn trường.", (first, second))


def _scan_names_another(read: str, clues: Iterable[Clue], headed: set[int]) -> str | None:
    """The one other school that the scanned document whose header was read as read names in full
    itself, by its number's issuer code or in its own first and last lines: "TRƯỜNG TH MỸ AN" read from
    a header whose "Số: 36/BC-THCSMA" and "Trường THCS Mỹ An báo cáo …" are THCS Mỹ An's, the "CS"
    lost under the stamp. One letter of a scan decides no school against the rest of its page, unless
    the registered address or the document's number backs the reading (the other name is then the
    ring of a stamp shared with another level, read as a line)."""
    clues = list(clues)
    named = {
        next(iter(c.schools))
        for c in clues
        if c.source == "document" and c.document in headed and c.weight >= MEDIUM and len(c.schools) == 1
    }
    named.discard(read)
    backed = any(
        c.schools == {read} and c.weight >= MEDIUM and c.source in ("address", "document") for c in clues
    )
    return named.pop() if len(named) == 1 and not backed else None


def _namesakes_sender(read: str, clues: Iterable[Clue]) -> str | None:
    """The school of the sender's registered (or learned) address when it is a namesake that the header
    naming read was told apart from only by its commune: "UBND XÃ ĐỨC HÒA / TRƯỜNG TIỂU HỌC LÊ VĂN TÁM"
    sent from the address of Lê Văn Tám of xã Tân Long is a namesake's file reused or passed on."""
    clues = list(clues)
    told = {s for c in clues if c.clear and read in c.schools for s in c.namesakes}
    found = (_senders(clues) & told) - {read}
    return found.pop() if len(found) == 1 else None


def _namesake_written(read: str, clues: Iterable[Clue]) -> Clue | None:
    """Words of the mail (a file name, the sender's name) that tell apart, by the commune written after
    the name, one namesake that the header naming read was told apart from only by its commune: «UBND XÃ
    MỸ AN / TRƯỜNG TIỂU HỌC KIM ĐỒNG» as «BC_THKimDong_TanLong.docx» is Tân Long's report on Mỹ An's file,
    or Mỹ An's report named for the other; the communes disagree and only staff can tell."""
    clues = list(clues)
    told = {s for c in clues if c.clear and read in c.schools for s in c.namesakes}
    found = [
        c
        for c in clues
        if not c.clear and c.namesakes and c.weight >= MEDIUM and len(c.schools) == 1 and c.schools <= told
    ]
    return found[0] if len({s for c in found for s in c.schools}) == 1 else None


def _namesake_written_disagrees(
    read: str, written: Clue, clues: Sequence[Clue], registry: Registry
) -> MatchResult:
    other = next(iter(written.schools))
    said = (
        f"Tiêu đề văn bản ghi {registry.name(read)}, nhưng {written.reason[0].lower()}{written.reason[1:-1]}, "
        "trường cùng tên ở xã khác (có thể trường dùng lại văn bản của trường cùng tên)."
    )
    return _review_between(said, other, read, clues)


def _placed_disagrees(read: str, placed: Clue, clues: Sequence[Clue], registry: Registry) -> MatchResult:
    """The header names read, and words of the mail write its name with a commune of a school of that name
    at a near level ("TRƯỜNG MẦM NON HOA SEN" under «MN Hoa Sen xã Tân Long», Tân Long's being a Mẫu giáo):
    the level and the commune disagree, and a kindergarten is called either."""
    others = sorted(placed.placed)
    said = (
        f"Tiêu đề văn bản ghi {registry.name(read)}, nhưng xã ghi sau tên trường trong thư là xã của "
        f"{_either([registry.name(s) for s in others])} (có thể trường ghi cấp học theo cách gọi quen)."
    )
    return _review_between(said, others[0], read, clues)


def _senders(clues: Iterable[Clue]) -> set[str]:
    """The schools of the sender's (or the forwarded sender's) registered or learned address."""
    return {
        next(iter(c.schools))
        for c in clues
        if c.source in ("address", "forward") and len(c.schools) == 1 and c.weight >= MEDIUM
    }


def _lettered_sender(
    read: str, clues: Sequence[Clue], documents: Sequence[Document], registry: Registry
) -> str | None:
    """The school of the sender's registered (or learned) address, on the season's roster and in another
    commune than read, whose name a header naming read in full writes but for its number or letter:
    «TRƯỜNG THCS NGUYỄN DU» from the address of Nguyễn Du B, so named since its commune merged with another
    that had a Nguyễn Du too, is as likely its own report on its old template as the report of the Nguyễn
    Du of another commune. A sibling of the same commune (Mỹ An 2 sending Mỹ An's report) is not."""
    written: set[str] = set()
    for c in clues:
        if c.clear and c.source == "header" and c.document is not None and read in c.schools:
            mention = issuer_mention(documents[c.document].header.issuer or "")
            written |= registry.unnumbered(mention, tones_reliable=not c.ocr) if mention else set()
    found = {s for s in (_senders(clues) & written) - {read} - registry.closed if registry.apart(read, s)}
    return found.pop() if len(found) == 1 else None


def _levelled_sender(
    read: str, clues: Sequence[Clue], documents: Sequence[Document], registry: Registry
) -> str | None:
    """The school of the sender's registered (or learned) address, in another commune than read, whose
    name a header naming read in full writes but for its level, written as a near one: «TRƯỜNG MẦM NON HOA
    SEN» from the address of the Mẫu giáo Hoa Sen of another commune is as likely its own report, a
    kindergarten being called either, as the Mầm non Hoa Sen's."""
    written: set[str] = set()
    for c in clues:
        if c.clear and c.source == "header" and c.document is not None and read in c.schools:
            mention = issuer_mention(documents[c.document].header.issuer or "")
            written |= registry.at_near_level(mention, tones_reliable=not c.ocr) if mention else set()
    found = {s for s in (_senders(clues) & written) - {read} if registry.apart(read, s)}
    return found.pop() if len(found) == 1 else None


def _toned_sender(
    read: str, clues: Sequence[Clue], documents: Sequence[Document], registry: Registry
) -> str | None:
    """The school of the sender's registered (or learned) address whose whole name a typed header naming
    read writes but for a tone mark: «TRƯỜNG TIỂU HỌC LONG THÀNH» from the address of Tiểu học Long Thạnh
    is as likely its own report with the tone mistyped, the commonest slip, as Long Thành's."""
    senders = _senders(clues) - {read}
    found: set[str] = set()
    for c in clues:
        if c.clear and c.source == "header" and not c.ocr and c.document is not None and read in c.schools:
            mention = issuer_mention(documents[c.document].header.issuer or "")
            found |= {
                s
                for s in senders
                for name in registry.names.get(s, ())
                if mention is not None
                and (f := fit(mention, name)) is not None
                and (f.place, f.level, f.suffix) == (TONE_PLACE, 2, 2)
            }
    return found.pop() if len(found) == 1 else None


def _toned_disagrees(read: str, sender: str, clues: Sequence[Clue], registry: Registry) -> MatchResult:
    said = (
        f"Tiêu đề văn bản ghi {registry.name(read)}, nhưng thư gửi từ địa chỉ của {registry.name(sender)}, "
        "trường có tên chỉ khác dấu thanh (có thể tiêu đề gõ sai dấu, hoặc gửi thay trường kia)."
    )
    return _review_between(said, sender, read, clues)


def _levelled_disagrees(read: str, sender: str, clues: Sequence[Clue], registry: Registry) -> MatchResult:
    said = (
        f"Tiêu đề văn bản ghi {registry.name(read)}, nhưng thư gửi từ địa chỉ của {registry.name(sender)}, "
        "trường cùng tên khác cấp học ở xã khác (có thể trường ghi cấp học theo cách gọi quen, hoặc gửi thay "
        "trường kia)."
    )
    return _review_between(said, sender, read, clues)


def _lettered_disagrees(read: str, sender: str, clues: Sequence[Clue], registry: Registry) -> MatchResult:
    said = (
        f"Tiêu đề văn bản ghi {registry.name(read)}, nhưng thư gửi từ địa chỉ của {registry.name(sender)}, "
        "trường có tên ấy kèm số hoặc chữ cuối (có thể trường ghi tên cũ hoặc bỏ số, chữ cuối trên tiêu đề, "
        "hoặc gửi thay trường kia)."
    )
    return _review_between(said, sender, read, clues)


def _namesake_disagrees(read: str, sender: str, clues: Sequence[Clue], registry: Registry) -> MatchResult:
    said = (
        f"Tiêu đề văn bản ghi {registry.name(read)}, nhưng thư gửi từ địa chỉ của {registry.name(sender)}, "
        f"trường cùng tên ở xã khác (có thể trường dùng lại văn bản của trường cùng tên hoặc gửi thay)."
    )
    return _review_between(said, sender, read, clues)


def _placed_away(read: str, away: Clue, clues: Sequence[Clue], registry: Registry) -> MatchResult:
    """A header naming read, in a mail whose own words place a school of that very name in another
    province or district: the header names the name, which the namesake there shares, not which school."""
    said = (
        f"Tiêu đề văn bản ghi tên {registry.name(read)}, nhưng thư ghi trường cùng tên ấy ở nơi khác "
        f"(có thể là trường cùng tên ở tỉnh, huyện khác gửi nhầm)."
    )
    shown = " ".join(c.reason for c in _by_weight(clues) if c.weight >= MEDIUM and c is not away)
    return MatchResult((), f"{said} {away.reason} {shown} Cần cán bộ xem xét và chọn trường.", (read,))


def _misread_header(read: str, itself: str, clues: Sequence[Clue], registry: Registry) -> MatchResult:
    said = (
        f"Bản quét đọc được tiêu đề là {registry.name(read)}, nhưng số ký hiệu hoặc nội dung của chính văn "
        f"bản đó ghi {registry.name(itself)} (nhận dạng chữ có thể sai một chữ của tiêu đề)."
    )
    return _review_between(said, itself, read, clues)


# -- clues ---------------------------------------------------------------------------------------------


def _address_clues(mail: Mail, registry: Registry) -> list[Clue]:
    clues = []
    if mail.sender:
        clues.extend(_one_address(mail.sender, "address", registry))
    for original in mail.forwarded_from:
        if original != mail.sender:
            clues.extend(_one_address(original, "forward", registry))
    return clues


def _copied_clues(mail: Mail, registry: Registry) -> list[Clue]:
    """The school whose registered address a mail from an address of no school gives for replies
    (Reply-To), as the account it went out through (Sender), or as the one school it is copied to (To, Cc
    beside the office): a principal writing from a gmail with the school's mailbox there. Anyone may write
    these, and a reply to all copies every school of a circular: candidates for staff only."""
    if registry.by_address(mail.sender) is not None:
        return []
    clues = []
    for field, said in (("reply-to", "Địa chỉ nhận thư trả lời"), ("sender", "Tài khoản gửi thư")):
        for _, written in email.utils.getaddresses([mail.header(field) or ""]):
            address, school = written.lower(), registry.registered(written)
            if school is not None and address != mail.sender:
                reason = f"{said} {address} đã đăng ký cho {school.name}."
                clues.append(Clue(frozenset({school.id}), CANDIDATE, reason, "copy"))
    copied = {a: s for a in sorted(mail.recipients) if (s := registry.registered(a)) is not None}
    if len({s.id for s in copied.values()}) == 1:
        address, school = next(iter(copied.items()))
        reason = f"Thư gửi đồng thời đến địa chỉ {address} của {school.name}."
        clues.append(Clue(frozenset({school.id}), CANDIDATE, reason, "copy"))
    return clues


def _one_address(address: str, source: str, registry: Registry) -> list[Clue]:
    who = "Địa chỉ gửi" if source == "address" else "Thư chuyển tiếp: người gửi gốc"
    school = registry.registered(address)
    if school is not None:
        return [
            Clue(frozenset({school.id}), STRONG, f"{who} {address} đã đăng ký cho {school.name}.", source)
        ]
    school = registry.get(registry.learned.get(address, ""))
    before = registry.learned_in_another_season(address)
    if school is not None and before is not None:
        # A person's own address, not the school's: whoever used it may have moved school since. It
        # supports the school, and alone leaves the mail for staff.
        reason = (
            f"{who} {address} đã được cán bộ phòng gán cho {school.name} từ một thư của năm {before}; "
            f"người dùng địa chỉ này có thể đã chuyển trường, nên riêng địa chỉ chưa đủ để xác định trường."
        )
        return [Clue(frozenset({school.id}), MEDIUM, reason, source, moved=True)]
    if school is not None:
        reason = f"{who} {address} đã được cán bộ phòng gán cho {school.name} (từ một thư trước)."
        return [Clue(frozenset({school.id}), STRONG, reason, source)]
    local = address.split("@", 1)[0]
    clues = []
    for token in re.split(r"[._+-]", local):
        for mention in compact_mentions(token, registry.places):
            resolution = registry.resolve(mention)
            if resolution.schools:
                said = f"{who} {address} (chưa đăng ký) có dạng"
                clues.append(_mention_clue(mention, resolution, said, source, None, registry))
    return clues


def _message_text_clues(mail: Mail, documents: Sequence[Document], registry: Registry) -> list[Clue]:
    clues = _text_clues(mail.subject, "Tiêu đề thư ghi", "subject", None, registry, places=True)
    clues += _code_clues(mail.subject, "Tiêu đề thư ghi", "subject", None, registry)
    named = {c.schools for c in clues}  # «THMyAn» is read as «TH My An» already: once is enough
    run_together = _run_together_clues(mail.subject, "Tiêu đề thư ghi", "subject", None, registry)
    clues += [c for c in run_together if c.schools not in named]
    read = {d.name for d in documents}
    for name in dict.fromkeys(a.name for a in mail.attachments if a.name not in read):
        clues += _file_clues(name, None, registry)
    lines = mail.own_body.splitlines()
    addressed = _principals_addressed(lines)
    left_out = (
        addressed
        | _recipients_listed(lines)
        | _late_listed(lines)
        | {line for line in lines if _RECIPIENT_FIELD.match(fold(line))}
    )
    own = "\n".join(line for line in lines if line not in left_out)
    clues += _text_clues(own, "Nội dung thư ghi", "body", None, registry, places=False, schools=True)
    clues += _code_clues(own, "Nội dung thư ghi", "body", None, registry)
    for unit in systems.sending_units(mail.own_body):
        clues += _system_clues(unit, registry)
    # The school the office's mail this one answers was sent to ("Kính gửi: Hiệu trưởng Trường …" in the
    # reminder it quotes or passes on): its people reply, so it supports, never decides alone.
    for line in (*mail.principals_addressed, *addressed):
        answered = _text_clues(
            line, "Thư trả lời thư gửi Hiệu trưởng", "thread", None, registry, places=False
        )
        clues += [dataclasses.replace(c, weight=min(c.weight, MEDIUM)) for c in answered]
    # The same, told by the mail's thread: it answers the Message-ID of our mail to that school, however
    # little of our mail it quotes (a reply from a phone, a personal gmail the school's mail was passed to).
    if registry.answered:
        names = _either([registry.name(s) for s in registry.answered])
        said = f"Thư trả lời thư của Phòng (nhắc nộp hoặc xác nhận) đã gửi {names}."
        clues.append(Clue(frozenset(registry.answered), MEDIUM, said, "thread"))
    # The name the sender's mail program shows ("TH Mỹ An", "Trường MG Hoa Sen"): typed by whoever set
    # up the account, possibly at another school, so it supports or contradicts, never decides alone.
    shown = _text_clues(mail.sender_name, "Tên người gửi ghi", "name", None, registry, places=False)
    return clues + [dataclasses.replace(c, weight=min(c.weight, MEDIUM)) for c in shown]


def _principals_addressed(lines: Sequence[str]) -> set[str]:
    """The lines of the mail's own text that address a school's principal ("Kính gửi: Hiệu trưởng Trường
    THCS Mỹ An", or "Hiệu trưởng …" under "Kính gửi:"): a school writes to the office, so such a line is
    the office's letter pasted back, naming whom it was sent to, not the school writing now."""
    addressed = set()
    for before, line in zip(["", *lines], lines, strict=False):
        if to_a_principal(line) or (_ADDRESSING.search(fold(before)) and _A_PRINCIPAL.match(fold(line))):
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
    return _text_clues(unit, said, "system", None, registry, places=False)


def _document_clues(index: int, document: Document, registry: Registry) -> list[Clue]:
    clues = _file_clues(document.name, index, registry)
    office = _office_clue(index, document, registry)
    header = (
        office or _header_clue(index, document, registry) or _commune_only_clue(index, document, registry)
    )
    if header is not None:
        clues.append(header)
    symbol = _symbol_clue(index, document, registry) if office is None else None
    if symbol is not None:
        clues.append(symbol)
    own, addressees = _own_lines(document, header)
    said = f"Văn bản {document.name} ghi"
    ocr = _is_ocr(document)
    found = _text_clues(own, said, "document", index, registry, places=False, ocr=ocr)
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


def _own_lines(document: Document, header: Clue | None) -> tuple[str, list[str]]:
    """Where a document names its own school, its first and last lines, and the lines it is addressed to
    ("Kính gửi: …"), which are left out of them."""
    lines = [line for line in document.text.splitlines() if line.strip()]
    if header is not None and header.cut and document.header.issuer:
        # A header that may be cut short names several schools; its own line, read again as text,
        # must not then vote for the shortest of them.
        issuer = fold(document.header.issuer)
        lines = [line for line in lines if issuer not in fold(line)]
    lines, addressees = _addressees(lines)
    return "\n".join(lines[:_HEAD_LINES] + lines[max(_HEAD_LINES, len(lines) - _TAIL_LINES) :]), addressees


def _addressees(lines: Sequence[str]) -> tuple[list[str], list[str]]:
    """A document's lines without those saying whom it is sent to ("Kính gửi: Trường TH Mỹ An", or the
    line under a "Kính gửi:" of its own), and those lines: a paper names its addressee, not its author.
    The schools its "Nơi nhận:" list sends copies to are left out too, naming neither."""
    copies = _recipients_listed(lines)
    kept: list[str] = []
    addressed: list[str] = []
    for before, line in zip(["", *lines], lines, strict=False):
        folded = fold(line).strip()
        if folded.startswith("kinh gui") or _ADDRESSING.search(fold(before)):
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
    said = _title_said(document)
    for clue in _text_clues(nfc(document.header.title or ""), said, "document", index, registry, places=True):
        if clue.schools and clue.weight > CANDIDATE:
            clues.append(dataclasses.replace(clue, weight=CANDIDATE, titled=True))
    said = f"Phần ký tên của văn bản {document.name} ghi"
    for clue in _text_clues(
        "\n".join(_signing_lines(document)), said, "document", index, registry, places=False
    ):
        if clue.schools and clue.weight > CANDIDATE:
            clues.append(dataclasses.replace(clue, weight=CANDIDATE, titled=True))
    for said, words, levels in _levels_written(document):
        reason = f"{said} «{words}», không ghi tên trường."
        clues.append(Clue(frozenset(), CANDIDATE, reason, "document", index, titled=True, levels=levels))
    return clues


def _title_said(document: Document) -> str:
    return f"Tên gọi (dòng dưới «{document.header.kind or 'BÁO CÁO'}») của văn bản {document.name} ghi"


def _signing_lines(document: Document) -> list[str]:
    """A paper's signing block: its last lines from the first signing role on («HIỆU TRƯỞNG», «KT. HIỆU
    TRƯỞNG»), without its «Nơi nhận:» list."""
    lines = [line.strip() for line in document.text.splitlines() if line.strip()][-_TAIL_LINES:]
    signing = next((at for at, line in enumerate(lines) if _SIGNING.match(fold_aligned(line))), None)
    copies = _recipients_listed(lines)
    return [line for line in lines[signing:] if line not in copies] if signing is not None else []


def _levels_written(document: Document) -> list[tuple[str, str, frozenset[str]]]:
    """Where a paper writes «Trường» and a level with no name as its own school: its title («… của
    Trường Tiểu học», «… TRƯỜNG TIỂU HỌC NĂM 2025», the year aside) and its signing block (a line «Trường
    Tiểu học» under «HIỆU TRƯỞNG»), and its file's name ending with a level, after «trường» or in full
    («BC NQ121 Tieu hoc.docx»; «BC TH» is as often «báo cáo tổng hợp»). Where, in Vietnamese, the words and
    the levels."""
    found = []
    lone = _level_alone_in(_TITLE_YEAR.sub("", nfc(document.header.title or "")))
    if lone is not None and _SCHOOL_OPENING.match(fold(lone[0])):
        found.append((_title_said(document), *lone))
    for line in _signing_lines(document):
        levels = lone_levels(line)
        if levels and _SCHOOL_OPENING.match(fold(line)):
            found.append((f"Phần ký tên của văn bản {document.name} ghi", line, levels))
    named = _level_alone_in(re.sub(r"\.\w{1,5}$", "", nfc(document.name)).replace("_", " "))
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
            resolution = registry.resolve(mention, tones_reliable=not _is_ocr(document))
            if resolution.clear:
                school = registry.name(resolution.schools[0])
                reason = (
                    f"Văn bản {document.name} gửi đến {school} («{' '.join(line.split())}»): là văn bản của một "
                    "trường khác gửi trường này, không phải báo cáo của chính trường này."
                )
                clues.append(Clue(frozenset(), MEDIUM, reason, "document", index))
    return clues


def _symbol_clue(index: int, document: Document, registry: Registry) -> Clue | None:
    """A document's number whose issuer code is one school's: "Số: 12/BC-THMTA" is Tiểu học Mỹ Thạnh A's."""
    number = document.header.number
    code = symbol_code(number) if number else None
    schools = registry.by_symbol(code) if code else ()
    if number is None or len(schools) != 1:
        return None
    reason = f"Số ký hiệu của văn bản {document.name} «{number.strip()}» là ký hiệu của {registry.name(schools[0])}."
    return Clue(frozenset(schools), MEDIUM, reason, "document", index)


def _office_clue(index: int, document: Document, registry: Registry) -> Clue | None:
    """A header whose parent body is another district's office: the school it names, however well it
    fits one of ours, is a school of that district (many communes share names across a province)."""
    parent = document.header.parent_body
    homes = _district_homes(registry.offices)
    if not parent or not homes or not _NAMES_DISTRICT.search(fold(parent)):
        return None
    if any(_names_place(parent, home, ocr=_header_scanned(document)) for home in homes):
        return None
    reason = (
        f"Tiêu đề văn bản {document.name} ghi cơ quan chủ quản «{' '.join(parent.split())}», không phải "
        f"{registry.offices[0]}: có thể là báo cáo của một trường cùng tên ở địa phương khác, "
        "hoặc trường dùng lại văn bản của nơi khác."
    )
    return Clue(frozenset(), MEDIUM, reason, "header", index)


@lru_cache(maxsize=8)
def _home_places(offices: tuple[str, ...]) -> tuple[str, ...]:
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


def _district_homes(offices: tuple[str, ...]) -> tuple[str, ...]:
    """The districts among _home_places: the places of the offices named after a district ("Phòng GD&ĐT
    Thủ Thừa"), not the communes of the units ("UBND xã Mỹ Thạnh"). What names a district ("UBND HUYỆN
    TÂN THẠNH", "… - HUYỆN THÁP MƯỜI") is compared with these: with the communes, a scanned «TÂN THẠNH»
    came close enough to Mỹ Thạnh, and a certificate of Tháp Mười's Mỹ An named the commune Mỹ An, to pass
    as ours, and another district's school was credited to ours."""
    return _home_places(tuple(o for o in offices if _NAMES_DISTRICT.search(fold(o))))


def _names_place(text: str, place: str, *, ocr: bool) -> bool:
    """text names the place, its tone marks aside (a parent body typed "THỦ THỬA" is still ours),
    or closely enough when read from a scan."""
    if f" {fold(place)} " in f" {_NOT_WORD.sub(' ', fold(text))} ":
        return True
    return ocr and fuzz.partial_ratio(fold(place), fold(text)) >= _OCR_PLACE_SCORE


def _header_clue(index: int, document: Document, registry: Registry) -> Clue | None:
    issuer = document.header.issuer
    mention = issuer_mention(issuer) if issuer else None
    if issuer is None or mention is None:
        return None
    ocr = _header_scanned(document)
    resolution = registry.resolve(mention, tones_reliable=not ocr)
    said = f"Tiêu đề văn bản {document.name} ghi «{issuer.strip()}»"
    longer = _cut_short(issuer, registry, ocr)
    office = _commune_office(document)
    commune = _parent_commune(office, resolution, registry, ocr)
    if commune is not None:
        # Namesakes of several communes ("Trường Tiểu học Kim Đồng"): the parent body "UBND XÃ MỸ AN"
        # says which; the names it may be the start of are those of that commune only.
        parent, place, resolution = commune
        said = f"Tiêu đề văn bản {document.name} ghi «{parent}» và «{issuer.strip()}»"
        longer = frozenset(registry.in_commune(tuple(longer), place, tones_reliable=not ocr))
    told = frozenset(resolution.namesakes) - set(resolution.schools)
    lettered = _lettered_in_commune(office, mention, resolution, registry, ocr) if commune is None else ()
    if office is not None and lettered:
        # "UBND XÃ LONG VĨNH / TRƯỜNG THCS NGUYỄN DU": no school of that name is in that commune, but
        # Nguyễn Du B is, renamed with a letter when its commune merged; its old template left it out.
        parent = office[0]
        away = [s for s in resolution.schools if registry.homes.get(s)]
        unplaced = frozenset(resolution.schools) - set(away)  # in no known commune: maybe that one
        elsewhere = _either([registry.name(s) for s in away]).replace(" hoặc ", " và ")
        reason = (
            f"Tiêu đề văn bản {document.name} ghi «{parent}» và «{issuer.strip()}»: {elsewhere} "
            f"{'đều ' if len(away) > 1 else ''}không ở xã ghi trên tiêu đề; ở xã ấy có "
            f"{_either([registry.name(s) for s in lettered]).replace(' hoặc ', ' và ')}, tên có thêm số hoặc "
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
            reason = f"{said}, có lẽ bị ngắt dòng: chỉ khớp phần đầu tên {registry.name(cut)}."
            return Clue(frozenset({cut}), MEDIUM, reason, "header", index)
        if longer:  # "TRƯỜNG THCS MỸ", the rest on a line not read: one of the schools it starts
            names = _either([registry.name(s) for s in sorted(longer)])
            reason = f"{said}, có lẽ bị ngắt dòng: chỉ khớp phần đầu tên của {names}."
            return Clue(frozenset(longer), MEDIUM, reason, "header", index)
        misread = _misread_number(mention, registry) if ocr else ()
        if misread:  # a guess: it names the candidates staff choose from, and supports none
            names = _either([registry.name(s) for s in misread])
            reason = (
                f"{said}, không khớp trường nào trong danh sách; bản quét có thể đã đọc nhầm chữ và số "
                f"(«A» thành «4», «B» thành «8»…): có thể là {names}."
            )
            return Clue(
                frozenset(misread), CANDIDATE, reason, "header", index, ocr=True, misread=frozenset(misread)
            )
        reason = f"{said}, không khớp trường nào trong danh sách."
        if ocr and garbled(issuer):
            reason = _unread_name(document.name, issuer)
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
        going_on = _either([registry.name(s) for s in sorted(longer - {alias})])
        reason = (
            f"{said}: tên gọi khác của {registry.name(alias)} (không phải tên hiện nay), cũng là phần đầu "
            f"tên của {going_on}."
        )
        return Clue(frozenset(longer | {alias}), MEDIUM, reason, "header", index, cut=alias, aliased=True)
    if resolution.clear and (others := _also_named(issuer, resolution.schools[0], registry, ocr)):
        # "TRƯỜNG TH MỸ PHÚ - TRƯỜNG MG MỸ PHÚ": one paper for two schools (a principal of both) is
        # neither school's own report for sure.
        named = (resolution.schools[0], *others)
        reason = f"{said}: văn bản chung của {_either([registry.name(s) for s in named])}."
        return Clue(frozenset(named), MEDIUM, reason.replace(" hoặc ", " và "), "header", index)
    if resolution.clear:
        schools = frozenset(resolution.schools)
        debris = _debris_after(issuer, mention, resolution, registry) if ocr and not told else ""
        if debris:  # "TRƯỜNG TIỂU HỌC MỸ AN CÁ TU": the right-hand column's letters, not the name
            said = said.replace(f"«{issuer.strip()}»", f"«{debris}»")
        if told:
            said = f"{said}: {_what_it_means(mention, resolution, registry)}"
        return Clue(schools, STRONGEST, f"{said}.", "header", index, clear=True, namesakes=told)
    note = " (bản quét: dấu thanh có thể bị nhận sai)" if ocr else ""
    same_level = resolution.fit.level == 2 or not mention.levels  # a near level only supports
    placed = resolution.fit.place >= TONE_PLACE
    weight = MEDIUM if placed and same_level else WEAK
    reason = f"{said}{note}: {_what_it_means(mention, resolution, registry)}."
    stranger = _stranger_commune(office, resolution, registry, ocr)
    if stranger:  # "UBND XÃ ĐỨC HÒA" over a name none of whose schools is there: staff should know
        reason = (
            f"Tiêu đề văn bản {document.name} ghi «{stranger}» và «{issuer.strip()}»{note}: "
            f"{_what_it_means(mention, resolution, registry)}; xã ghi trên tiêu đề không phải xã đã biết "
            "của trường nào trong số đó (có thể là trường cùng tên ở nơi khác)."
        )
    levelled = placed and bool(mention.levels)
    schools = frozenset(resolution.schools)
    read_back = _misread_number(mention, registry) if ocr and resolution.fit.suffix != 2 else ()
    confused = schools & set(read_back) if schools - set(read_back) else frozenset()
    if confused:  # "BÌNH THẠNH l": no number as read, Bình Thạnh 1 read back
        names = _either([registry.name(s) for s in sorted(confused)])
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


def _debris_after(issuer: str, mention: Mention, resolution: Resolution, registry: Registry) -> str:
    """The issuer line without what follows the school's full name when that is OCR debris, stray letters
    of the right-hand column ("TRƯỜNG TIỂU HỌC MỸ AN CÁ TU"): one to three words of one or two letters
    each. "" when nothing such follows, or the words cannot be cut off cleanly."""
    rest = mention.words[_words_shown(mention, resolution, registry) :]
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
    office = _commune_office(document) if not issuer or levels else None
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
    names = _either([registry.name(s) for s in found])
    written = f"«{parent}» và «{issuer}»" if issuer else f"«{parent}»"
    reason = (
        f"Tiêu đề văn bản {document.name} chỉ ghi {written}, không ghi tên trường: nếu là báo cáo của một "
        f"trường trong xã thì có thể là {names}."
    )
    return Clue(frozenset(found), CANDIDATE, reason, "header", index, letterhead=parent)


def _commune_office(document: Document) -> tuple[str, str] | None:
    """A header's parent body as written and the commune it names, when it is a commune's People's
    Committee ("UBND XÃ MỸ AN", "MỸ AN"); None for any other parent body or none."""
    parent = " ".join((document.header.parent_body or "").split())
    place = commune_office_place(parent) if parent else None
    return None if place is None else (parent, place)


def _parent_commune(
    office: tuple[str, str] | None, resolution: Resolution, registry: Registry, ocr: bool
) -> tuple[str, str, Resolution] | None:
    """The parent body of a header (as written), the commune it names ("UBND XÃ MỸ AN", _commune_office) and
    the namesakes the issuer may be there, when the issuer's name fits several schools in full and that
    commune tells some apart."""
    if office is None or resolution.fit is None or not resolution.fit.full or len(resolution.schools) < 2:
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
    in whose commune none of the namesakes the issuer names in full is known to be, each having a known
    commune; "" else."""
    if office is None or resolution.fit is None or not resolution.fit.full or len(resolution.schools) < 2:
        return ""
    parent, place = office
    if not all(registry.homes.get(s) for s in resolution.schools):
        return ""
    return "" if registry.in_commune(resolution.schools, place, tones_reliable=not ocr) else parent


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
    unnumbered = sorted(registry.unnumbered(mention, tones_reliable=not ocr) - set(resolution.schools))
    return registry.in_commune(unnumbered, place, tones_reliable=not ocr)


def _misread_number(mention: Mention, registry: Registry) -> tuple[str, ...]:
    """The schools of the mention's level that a scanned issuer fits once a one-character word of it
    is read as the letter or digit OCR confuses it with ("MỸ THẠNH 4" for "MỸ THẠNH A"), or without
    that word (a speck of the stamp read as a digit)."""
    found: list[str] = []
    for at, word in enumerate(mention.words[:_LONGEST_PLACE]):
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
        [f"huyện {h}" for h in _district_homes(registry.offices)]
        if _NAMES_DISTRICT.search(fold(parent))
        else []
    )
    commune = commune_office_place(parent)
    for place in (*homes, *([f"xã {commune}"] if commune else [])):
        home = place.split(" ", 1)[1]
        if not _names_place(parent, home, ocr=ocr):
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


def _signature_clues(index: int, document: Document, registry: Registry) -> tuple[list[Clue], list[str]]:
    """Valid signatures naming one school as clues; what the other signatures show, as notes."""
    clues: list[Clue] = []
    notes: list[str] = []
    for signature in document.signatures:
        if signature.status is not SignatureStatus.VALID:
            notes.append(f"Văn bản {document.name}: {signature.reason}")
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
            clues.append(Clue(frozenset(), MEDIUM, reason, "document", index))
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
    checks: list[Callable[[str], bool]] = [lambda text: _another_province(text, registry.provinces)]
    homes = _home_places(registry.offices)
    if homes:
        own = [fold(n.place) for n in registry.names.get(school, ())]
        ours = (
            *homes,
            *registry.provinces,
            *registry.homes.get(school, ()),
            *(n.place for n in registry.names.get(school, ())),
        )
        checks += [
            lambda text: _another_district(text, own, _district_homes(registry.offices)),
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
        _names_place(text, home, ocr=False) for home in homes
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
    None when the certificate places it in another district (a namesake school there)."""
    school = _signed_school(signature, registry)[0]
    return None if school is None or _elsewhere(signature, school, registry) else school


def _signed_school(signature: Signature, registry: Registry) -> tuple[str | None, str]:
    """The one school a certificate's organisation, else its unit (a Ban Cơ yếu certificate: O the
    district's People's Committee, OU the school, CN the principal), else its common name names in
    full, or why none."""
    meaning = ", không phải trường nào trong danh sách; chữ ký này không dùng để xác định trường"
    for name in (signature.organization, signature.unit, signature.common_name):
        mention = issuer_mention(name) if name else None
        if mention is None and name and name is signature.common_name:
            mention = _after_role(name, registry)
        if mention is None:
            continue
        resolution = registry.resolve(mention)
        if resolution.clear:
            return resolution.schools[0], ""
        if resolution.fit is not None:
            meaning = f": {_what_it_means(mention, resolution, registry)}; chưa đủ để xác định trường"
    return None, meaning


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
    whole = resolution.clear and _words_shown(mention, resolution, registry) == len(mention.words)
    return mention if whole else None


def _signed_reason(name: str, signature: Signature, school_name: str) -> str:
    details = []
    if signature.common_name and signature.common_name != signature.organization:
        details.append(f"người ký: {signature.common_name}")
    if signature.issuer:
        details.append(f"chứng thư do {signature.issuer} cấp")
    shown = f" ({'; '.join(details)})" if details else ""
    return f"Văn bản {name} có chữ ký số hợp lệ của {school_name}{shown}."


def _file_clues(name: str, index: int | None, registry: Registry) -> list[Clue]:
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name)
    clues = _text_clues(stem, f"Tên tệp {name} ghi", "file", index, registry, places=True)
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


def _text_clues(
    text: str,
    said: str,
    source: str,
    index: int | None,
    registry: Registry,
    *,
    places: bool,
    ocr: bool = False,
    schools: bool = False,
) -> list[Clue]:
    """Clues from the schools text names; places=True also reads place names written with no level, and
    schools=True those written as whose report is sent («gửi báo cáo của (trường) Mỹ Phú», see
    names.find_place_mentions). A document's partners ("phối hợp với trường THCS Mỹ An") are not read:
    they are not whose paper it is."""
    mentions = list(find_mentions(text, partners=source != "document"))
    if places or schools:
        mentions += find_place_mentions(text, registry.places, sent_for=not places)
    clues = []
    communes: list[str] = []  # written after a namesake's name: "TH Kim Đồng Mỹ An" names no Mỹ An school
    for mention in mentions:
        if not mention.levels and any(_starts_with(mention.words, c) for c in communes):
            continue
        resolution = registry.resolve(mention, tones_reliable=not ocr)
        if resolution.namesakes:
            communes += [home for s in resolution.schools for home in registry.homes.get(s, ())]
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
            clues.append(_mention_clue(mention, resolution, said, source, index, registry))
            clues.extend(_near_level_candidates(mention, resolution, said, source, index, registry))
        elif source != "document" and (town := registry.in_town(mention)):
            clues.append(_town_clue(mention, town, said, source, registry))
        elif mention.levels or (source in ("subject", "file") and _numbered_plainly(text, mention)):
            # a place alone is read with its number only in the mail's own words («BC NQ121 Mỹ An 2»): in a
            # paper's title it may be a hamlet's («ấp Mỹ An 2»)
            clues.extend(_nearest_unnumbered(mention, said, source, index, registry, ocr=ocr))
    return _distinct(clues)


def _town_clue(mention: Mention, schools: frozenset[str], said: str, source: str, registry: Registry) -> Clue:
    """The mail's own words name a school by its level and «thị trấn» alone («MN Thị Trấn»): the school of
    that level named after the town, as the district calls it, though not by its whole name; with several
    towns on the roster, only candidates for staff."""
    names = [registry.name(s.id) for s in registry.schools if s.id in schools]
    shown = mention.lead.rstrip(",.;:") if town_in_lead(mention) else mention.shown(2)
    if len(names) == 1:
        reason = f"{said} «{shown}»: {names[0]} (không ghi tên thị trấn)."
        return Clue(schools, MEDIUM, reason, source)
    reason = f"{said} «{shown}»: không ghi tên thị trấn, có thể là {_either(names)}."
    return Clue(schools, CANDIDATE, reason, source, unmatched=True)


def _nearest_unnumbered(
    mention: Mention, said: str, source: str, index: int | None, registry: Registry, *, ocr: bool
) -> list[Clue]:
    """A school's name with a number no school of ours has («TH số 1 Mỹ Phú» where Mỹ Phú has one primary
    school, «THCS Mỹ An 2»): the schools the name is without its number, as candidates for staff. It may
    be an old name of theirs, or a school of another district: it supports none."""
    words = list(mention.words[:_LONGEST_PLACE])
    at = next((i for i, w in enumerate(words) if number_of(w)), None)
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
    reason = (
        f"{said} «{shown}», không khớp đúng tên trường nào trong danh sách (không có trường mang số "
        f"{words[at]} ấy); gần nhất là {_either([registry.name(s) for s in resolution.schools])}."
    )
    clues = [Clue(frozenset(resolution.schools), CANDIDATE, reason, source, index, unmatched=True)]
    # The name and number of a school at another level («MG Mỹ An 2» where Mỹ An has a Tiểu học Mỹ An 2 and
    # one kindergarten): the level may be the slip, as much as the number.
    if mention.levels:
        other = registry.resolve(dataclasses.replace(mention, levels=frozenset()), tones_reliable=not ocr)
        others = [s for s in other.schools if s not in resolution.schools]
        if others and other.fit is not None and (other.fit.place, other.fit.suffix) == (EXACT_PLACE, 2):
            reason = (
                f"{said} «{shown}»: số {words[at]} ấy là của {_either([registry.name(s) for s in others])}, "
                "khác cấp học (có thể là báo cáo của trường ấy)."
            )
            clues.append(
                Clue(frozenset(others), CANDIDATE, reason, source, index, unmatched=True, other_level=True)
            )
    return clues


def _numbered_plainly(text: str, mention: Mention) -> bool:
    """Whether text writes a place with no level and a number right after it, as a school's name is
    written («BC NQ121 Mỹ An 2», «MyAn_2»), not as a copy's or a list's number («BC NQ121 My An (2).docx»,
    «Mỹ An - 2»)."""
    words = [re.escape(fold(w)) for w in mention.words[:_LONGEST_PLACE]]
    at = next((i for i, w in enumerate(mention.words) if number_of(w)), None)
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
    near = sorted(registry.at_near_level(mention) - set(resolution.schools))
    if not near:  # the commune written names them already (Resolution.placed)
        return []
    shown = mention.shown(_words_shown(mention, resolution, registry))
    levels = {n.level for s in (*near, *resolution.schools) for n in registry.names.get(s, ())}
    why = (
        "người ta gọi lẫn cấp học mầm non và mẫu giáo"
        if levels <= {MN, MG}
        else "người ta gọi lẫn trường liên cấp và trường một cấp học cùng tên"
    )
    reason = f"{said} «{shown}»: cũng có thể là {_either([registry.name(s) for s in near])} ({why})."
    return [Clue(frozenset(near), CANDIDATE, reason, source, index)]


def _code_clues(text: str, said: str, source: str, index: int | None, registry: Registry) -> list[Clue]:
    """Schools written as the code they abbreviate themselves by in their documents' numbers, in capitals,
    as one word or the level apart ("THMA", "MGBA", "TH MTA", "THCS MP", "TH&THCS TL"). A code one school
    has names it as its name written out would; one several share ("THLT": Long Thạnh, Long Thành, Long
    Thuận) names them as candidates for staff only. Words that are a level or a place's ("TH AN") are no code."""
    words = _CODE_WORD.findall(text)
    codes: list[tuple[str, str]] = []
    levelless: list[str] = []
    for i, word in enumerate(words):
        after = words[i + 1] if i + 1 < len(words) else ""
        if _PRIVATE_LEVEL.fullmatch(word) and goes_on(after, capitals=word.isupper()):
            continue  # "MNTT Hoa Sen": a private kindergarten's level before its name, read by find_mentions
        if word.isupper() and word.isascii() and _is_code(word, registry):
            if _CODE_LEVEL.match(word):
                codes.append((word, word))
            elif len(word) >= _LEVELLESS_CODE:
                levelless.append(word)
        if _CODE_LEVEL.fullmatch(word) and after.isupper() and after.isascii() and _is_code(after, registry):
            following = words[i + 2] if i + 2 < len(words) else ""
            if after != "TT" or not goes_on(following, capitals=True):  # "MN TT Hoa Sen": «tư thục», a name
                codes.append((f"{word} {after}", word + after))
    clues = []
    for word in levelless:
        if schools := _placed_by_code(word, registry):
            names = _either([registry.name(s) for s in schools])
            reason = f"{said} «{word}»: có lẽ là chữ viết tắt tên trường nhưng không ghi cấp học, có thể là {names}."
            clues.append(Clue(frozenset(schools), CANDIDATE, reason, source, index))
    for shown, code in codes:
        schools = registry.by_symbol(code.replace("&", ""))
        if not schools and (schools := _unnumbered(code.replace("&", ""), registry)):
            names = _either([registry.name(s) for s in schools])
            reason = f"{said} «{shown}»: chữ viết tắt tên trường thiếu số hoặc chữ cuối, có thể là {names}."
            clues.append(Clue(frozenset(schools), CANDIDATE, reason, source, index))
            continue
        if not schools:
            continue
        if len(schools) == 1:
            reason = f"{said} «{shown}»: chữ viết tắt tên {registry.name(schools[0])}."
            weight = STRONG if source == "subject" else MEDIUM
        else:
            names = _either([registry.name(s) for s in schools])
            reason = f"{said} «{shown}»: chữ viết tắt chung của nhiều trường, có thể là {names}."
            weight = CANDIDATE
        clues.append(Clue(frozenset(schools), weight, reason, source, index))
    return _distinct(clues)


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
    return frozenset(
        "".join(w[0] for w in fold(p).split()).upper() + suffix.upper() for p in (place, commune_of(school))
    )


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
    after = _past_commune(mention.words[_words_shown(mention, resolution, registry) :])
    text = " ".join(after[:_PLACE_WORDS])
    if _DISTRICT_KIND.match(_NOT_WORD.sub(" ", fold(text)).strip()):
        if _not_ours(text, registry):
            return " ".join(text.strip(" ,;:-–()").split())
        after = _past_district(after)  # a district not known to be another's: its province may be
        text = " ".join(after[:_PLACE_WORDS])
        if _NOT_WORD.sub(" ", fold(text)).strip().startswith("tinh "):
            return " ".join(text.strip(" ,;:-–()").split()) if _not_ours(text, registry) else ""
    province = _province_opening(after)
    return province if province and not _ours_by_name(province, registry) else ""


def _province_opening(words: Sequence[str]) -> str:
    """The province or city (names.PROVINCES) that words open with, written without "tỉnh" ("Đồng Tháp"
    after "…, xã Mỹ An,"), as written; "" for none."""
    folded = [fold(w) for w in words]
    for province in _PROVINCE_WORDS:
        if folded[: len(province)] == list(province):
            return " ".join(words[: len(province)])
    return ""


def _ours_by_name(place: str, registry: Registry) -> bool:
    """Whether a province's name is also one of ours: a configured province, or the place a school of ours
    or its commune is named after ("Long An" province, and a xã Long An)."""
    ours = (*registry.provinces, *registry.places, *(c for homes in registry.homes.values() for c in homes))
    return fold(place) in {fold(p) for p in ours}


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
        if rest.startswith("tinh ") or _province_opening(words[end:]):
            return words[end:]
    return ()


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
        if _DISTRICT_KIND.match(fold(" ".join(words[end:]))) or _province_opening(words[end:]):
            return words[end:]
    return words


def _not_ours(text: str, registry: Registry) -> bool:
    """Whether text names a province other than the configured ones, or a district other than the
    office's own (when the office is a district's)."""
    homes = _district_homes(registry.offices)
    return _another_province(text, registry.provinces) or bool(homes and _another_district(text, (), homes))


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
        reason = (
            f"{said} «{mention.shown(_words_shown(mention, resolution, registry))}», không khớp đúng tên trường "
            "nào trong danh sách (không có trường liên cấp ấy); gần nhất là "
            f"{_either([registry.name(s) for s in resolution.schools])}."
        )
        return Clue(frozenset(resolution.schools), CANDIDATE, reason, source, index, unmatched=True)
    if mention.levels:
        named = fit.place == EXACT_PLACE and fit.level == 2
    else:  # "Bình Thạnh 2" names one school; "Mỹ An" names three
        named = fit.place == EXACT_PLACE and len(resolution.schools) == 1
    shown = mention.shown(_words_shown(mention, resolution, registry))
    reason = f"{said} «{shown}»: {_what_it_means(mention, resolution, registry)}."
    weight = MEDIUM if named else WEAK
    alone = fit.full and registry.level_alone(mention, resolution.schools[0])
    if named and source in ("subject", "system") and fit.full and not alone:
        # A subject naming one school in full is how schools label their report; with nothing
        # against it, it decides, as it would for a clerk reading the inbox. Not where a school of a
        # near level has the name ("MN Hoa Sen" beside a Mẫu giáo Hoa Sen): people write either level.
        weight = STRONG
    unnumbered = registry.unnumbered(mention) - set(resolution.schools) if fit.full else frozenset()
    told = frozenset(resolution.namesakes) - set(resolution.schools)  # "TH Kim Đồng xã Mỹ An": not the others
    alias = resolution.schools[0] if named and len(resolution.schools) == 1 else ""
    if alias and unnumbered and registry.by_alias_only(mention, alias, tones_reliable=True):
        # «TH Mỹ An», Mỹ An 1's name before it was renamed, is also Mỹ An 2's name without its number, as
        # people write it: it names neither for sure (as a header would not, _header_clue).
        short = f"{reason.removesuffix('.')}, hoặc {_either([registry.name(s) for s in sorted(unnumbered)])} ghi thiếu số."
        return Clue(frozenset({alias, *unnumbered}), MEDIUM, short, source, index, unnumbered=unnumbered)
    name = next(iter(registry.names.get(resolution.schools[0], ())), None)
    place = name.place if name and not mention.levels and fit.place == EXACT_PLACE else ""
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
    )


def _words_shown(mention: Mention, resolution: Resolution, registry: Registry) -> int:
    name = next(iter(registry.names.get(resolution.schools[0], ())), None)
    return numbered(mention.words, len(name.place.split()) if name else 2)[2]


def _what_it_means(mention: Mention, resolution: Resolution, registry: Registry) -> str:
    names = [registry.name(s) for s in resolution.schools]
    fit = resolution.fit
    if fit is None:
        return "không khớp trường nào trong danh sách"
    if len(names) > 1:
        if resolution.placed:
            placed = [registry.name(s) for s in resolution.placed]
            return (
                f"cấp học ghi là của {names[0]} nhưng xã ghi sau tên là xã của {_either(placed)}, "
                f"có thể là {_either(names)}"
            )
        if fit.suffix == 1:
            why = f"{_no_suffix(resolution.schools, registry)}, "
        elif len(mention.levels) > 1:  # "PTCS", the old nine-year school
            why = f"cấp học «{mention.lead}» gồm cả tiểu học và THCS, "
        elif not mention.levels:
            why = "không ghi cấp học, "
        elif not _has_marks(mention) and not _namesakes(names):
            why = "không dấu, "
        elif _namesakes(names):
            why = "các trường cùng tên, "
        else:
            why = ""
        return f"{why}có thể là {_either(names)}"
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
        return f"{_no_suffix(resolution.schools, registry)}, chỉ khớp {name}"
    return name


def _no_suffix(schools: Sequence[str], registry: Registry) -> str:
    """What a mention leaves out that the schools' names end with: their number («Bình Thạnh 1»), or
    their letter («Mỹ Thạnh A»), which is no number to a clerk."""
    suffixes = {n.suffix for s in schools for n in registry.names.get(s, ()) if n.suffix}
    if suffixes and all(s.isalpha() for s in suffixes):
        return f"không ghi chữ {' hay '.join(sorted(suffixes))} sau tên"
    return "không ghi số"


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


def _either(names: Sequence[str]) -> str:
    return ", ".join(names[:-1]) + " hoặc " + names[-1] if len(names) > 1 else names[0]


def _distinct(clues: Iterable[Clue]) -> list[Clue]:
    """One clue per set of schools and source: a name repeated in the same place counts once."""
    seen: dict[tuple[frozenset[str], str, int | None], Clue] = {}
    for clue in clues:
        key = (clue.schools, clue.source, clue.document)
        if key not in seen or clue.weight > seen[key].weight:
            seen[key] = clue
    return list(seen.values())


def _unread_name(name: str, issuer: str) -> str:
    """Why a scan's header names no school: OCR read its name as gibberish (names.garbled)."""
    return (
        f"Phần đầu bản quét {name} nhận dạng ra «{issuer.strip()}»: chữ bị đọc sai, không đọc được tên "
        "trường. Cán bộ xem bản quét để biết báo cáo của trường nào."
    )


def _is_ocr(document: Document) -> bool:
    return document.method in ("ocr", "mixed") or document.ocr_confidence is not None


def _header_scanned(document: Document) -> bool:
    """Whether a document's header was read off a scan: a PDF's first page with text was OCR'd. A typed
    report whose signed last page was scanned and put in its place has a typed header, whose tone marks
    are as reliable as any typed file's; other formats do not say which page a header came from."""
    if document.format != "pdf" or not document.pages:
        return _is_ocr(document)
    first = next((p for p in document.pages if p.text.strip()), None)
    return first is not None and first.method == "ocr"


# -- decisions -----------------------------------------------------------------------------------------


def _support(school: str, clues: Iterable[Clue]) -> float:
    """A clue naming only this school counts in full; one naming it among others counts half."""
    return sum(c.weight if len(c.schools) == 1 else c.weight / 2 for c in clues if school in c.schools)


def _against(school: str, clues: Iterable[Clue]) -> list[Clue]:
    """Evidence of weight naming other schools; a scan's uncertain reading never vetoes, but a scan
    whose text names one other school by its level, place and number does."""
    return [
        c
        for c in clues
        if (c.weight >= MEDIUM or _heads_others(c))
        and school not in c.schools
        and (c.clear or not c.ocr or len(c.schools) == 1)
    ]


def _places_others(school: str, clues: Iterable[Clue], registry: Registry) -> list[Clue]:
    """The mail's own words (its subject, text and file names, a headerless paper's title or signing
    block) writing with no level a place whose schools are all others, the place neither a commune of
    school nor the office's: «BC NQ121 My Phu.pdf» from Tiểu học Mỹ An's address is a member's report its
    cluster's lead school sends on."""
    return [
        c
        for c in clues
        if c.place
        and (c.source in ("subject", "body", "file") or c.titled)
        and school not in c.schools
        and fold(c.place) not in _own_places(school, registry)
    ]


def _own_places(school: str, registry: Registry) -> set[str]:
    """The places, folded, that say nothing against school: its communes, its name's, the office's, the
    provinces'."""
    own = {fold(h) for h in registry.homes.get(school, ())}
    own |= {fold(n.place) for n in registry.names.get(school, ())}
    return own | {fold(p) for p in (*_home_places(registry.offices), *registry.provinces)}


def _heads_others(clue: Clue) -> bool:
    """Whether clue is a paper's header naming schools of ours only by a near level or a typo («TRƯỜNG MẦM
    NON MỸ PHÚ» for Mẫu giáo Mỹ Phú, «MỸ PHÚC» for Mỹ Phú): too loose to credit them, but the paper is
    theirs, not another school's, as surely as a header naming no school of ours is not the sender's."""
    return clue.source == "header" and bool(clue.schools) and clue.weight > CANDIDATE


def _ranked(clues: Sequence[Clue]) -> list[str]:
    schools = dict.fromkeys(s for c in sorted(clues, key=lambda c: -c.weight) for s in sorted(c.schools))
    return sorted(schools, key=lambda s: -_support(s, clues))


def _shortlist(ranked: Sequence[str], clues: Sequence[Clue]) -> tuple[str, ...]:
    """The first CANDIDATES_KEPT ranked schools, and every school tied with the last of them: which of
    equals to leave out would be arbitrary, and one left out would be neither shown to staff nor seen by
    its unit (a mail naming only a commune of nine schools names all nine; it holds none, ReviewRow.holds)."""
    kept = list(ranked[:CANDIDATES_KEPT])
    if kept:
        last = _support(kept[-1], clues)
        kept += [s for s in ranked[CANDIDATES_KEPT:] if _support(s, clues) == last]
    return tuple(kept)


def _weigh(
    clues: Sequence[Clue], mail: Mail, documents: Sequence[Document], registry: Registry
) -> MatchResult:
    ranked = _ranked(clues)
    winners = [
        s
        for s in ranked
        if _confirmed(s, clues, registry) >= ASSIGN_AT
        and not _against(s, clues)
        and not _places_others(s, clues, registry)
    ]
    # a numbered name no school has, whose nearest schools are others too («Mỹ An 2», no level, from Mẫu giáo
    # Mỹ An's address): the address does not say which of them the name means
    unmatched = next((c for c in clues if c.unmatched and c.schools - set(winners[:1])), None)
    if len(winners) == 1 and unmatched is not None:
        support = " ".join(c.reason for c in _by_weight(clues) if winners[0] in c.schools and not c.unmatched)
        reason = f"Các căn cứ không thống nhất: {support} {unmatched.reason} Cần cán bộ chọn trường."
        return _held(reason, clues, (winners[0], *sorted(unmatched.schools)))
    if len(winners) == 1 and (loose := _named_at_another_level(winners[0], clues, registry)) is not None:
        support = " ".join(c.reason for c in _by_weight(clues) if winners[0] in c.schools)
        reason = (
            f"Các căn cứ không thống nhất: {support} {loose.reason} Tên ấy là của trường khác cấp học với "
            f"{registry.name(winners[0])}, nên báo cáo có thể không phải của trường gửi. Cần cán bộ chọn trường."
        )
        return _held(reason, clues, (winners[0], *sorted(loose.schools)))
    if len(winners) == 1 and (named := _whole_name_of_another(winners[0], clues)) is not None:
        return _whole_name_disagrees(winners[0], named, clues, registry)
    if len(winners) == 1 and (original := _passed_on(winners[0], mail, clues, registry)) is not None:
        return _passed_on_review(winners[0], original, clues, registry)
    if len(winners) == 1 and (phrase := _sent_for_others(winners[0], mail, clues)) is not None:
        return _sent_for_others_review(winners[0], phrase, clues, registry)
    if len(winners) == 1 and (letterhead := _letterhead_elsewhere(winners[0], clues, registry)) is not None:
        return _letterhead_review(winners[0], *letterhead, clues, registry)
    if len(winners) == 1 and (lone := _lone_level_elsewhere(winners[0], documents, registry)) is not None:
        return _lone_level_review(winners[0], *lone, clues, registry)
    if len(winners) == 1 and (titled := _titled_elsewhere(winners[0], documents, registry)) is not None:
        return _titled_review(winners[0], *titled, clues, registry)
    if len(winners) == 1 and (level := _level_said_elsewhere(winners[0], mail, clues, registry)) is not None:
        return _level_said_review(winners[0], *level, clues, registry)
    # a header naming the school loosely («TRƯỜNG MẦM NON MỸ AN» for Mẫu giáo Mỹ An) over a neighbour's place
    headed = [
        c.document
        for c in clues
        if len(winners) == 1 and c.source == "header" and c.document is not None and c.schools == {winners[0]}
    ]
    if headed and (misdated := _headed_dated_elsewhere(winners[0], headed, documents, registry)) is not None:
        return _headed_dated_review(winners[0], *misdated, clues, registry)
    if (
        len(winners) == 1
        and (namesake := _namesake_dated(winners[0], clues, documents, registry)) is not None
    ):
        return _namesake_dated_review(winners[0], *namesake, documents, clues, registry)
    if len(winners) == 1 and _only_by_address(winners[0], clues):
        dated = _dated_elsewhere([winners[0]], clues, documents, registry)
        if dated:
            return _dated_review(winners[0], dated, documents, clues, registry)
    mine = _inbox_namesake(clues, registry) if len(winners) != 1 else None
    if mine is not None:
        said = (
            f"Trong các trường mang tên này, chỉ {registry.name(mine)} do {registry.inbox[0]} thu báo cáo, "
            f"và thư gửi đến hộp thư của {registry.inbox[0]}."
        )
        reasons = (*(c.reason for c in _by_weight(clues) if mine in c.schools), said)
        return MatchResult((Assignment(mine, tuple(d.name for d in documents), reasons),))
    if len(winners) == 1:
        school = winners[0]
        reasons = tuple(c.reason for c in _by_weight(clues) if school in c.schools)
        return MatchResult((Assignment(school, tuple(d.name for d in documents), reasons),))
    ruled_out = _ruled_out_by_commune(clues)
    candidates = _shortlist([s for s in ranked if s not in ruled_out], clues)
    apart = {id(c) for s in ranked[:1] for c in _places_others(s, clues, registry)}
    weighty = [c for c in _by_weight(clues) if c.weight >= MEDIUM or _heads_others(c) or id(c) in apart]
    if not clues:
        who = f"Địa chỉ gửi {mail.sender}"
        if mail.forwarded_from:
            who = f"Thư chuyển tiếp từ {mail.sender}; người gửi gốc {', '.join(mail.forwarded_from)}"
        issuers = list(dict.fromkeys(d.header.issuer for d in documents if d.header.issuer))
        unread = [d for d in documents if d.header.issuer and _is_ocr(d) and garbled(d.header.issuer)]
        if unread:
            reason = f"{who} không có trong danh sách trường. " + " ".join(
                _unread_name(d.name, d.header.issuer or "") for d in unread
            )
        elif issuers:  # a unit the registry does not know (a private kindergarten, a "nhóm trẻ")
            named = ", ".join(f"«{issuer}»" for issuer in issuers[:3])
            reason = (
                f"{who} không có trong danh sách trường; văn bản ghi đơn vị {named}, không khớp trường nào "
                "trong danh sách (có thể là cơ sở chưa có trong tệp cấu hình)."
            )
        elif strangers := _strangers(mail.subject, registry):
            named = ", ".join(f"«{name}»" for name in strangers[:3])
            reason = (
                f"{who} không có trong danh sách trường; tiêu đề thư ghi {named}, không khớp tên trường nào "
                "trong danh sách (có thể là cơ sở chưa có trong tệp cấu hình)."
            )
        else:
            reason = f"{who} không có trong danh sách trường và thư không ghi tên trường nào."
    elif len(weighty) > 1 and (apart or any(_against(s, clues) for s in ranked[:1])):
        reason = "Các căn cứ không thống nhất: " + " ".join(c.reason for c in weighty)
    else:
        shown = " ".join(c.reason for c in _by_weight(clues))
        reason = f"Chưa đủ căn cứ để xác định trường. {shown}"
    return MatchResult((), reason + " Cần cán bộ chọn trường.", candidates)


def _strangers(text: str, registry: Registry) -> list[str]:
    """The schools text names by a level and a name of two syllables or more that fits no school of the roster
    («MG Ánh Dương», «MNTT Sao Mai»): a unit the office may not have in its config yet. Initials («THCS TPT
    Đội», «TH CB GV») are no syllables."""
    found = []
    for mention in find_mentions(text):
        words = mention.words[:_LONGEST_PLACE]
        named = next((i for i, w in enumerate(words) if not _syllable(w)), len(words))
        if mention.levels and named >= 2 and not registry.resolve(mention).schools:
            found.append(mention.shown(named))
    return list(dict.fromkeys(found))


def _syllable(word: str) -> bool:
    """Whether a word may be a syllable of a name: capitalised, with a vowel (initials have none)."""
    return goes_on(word, capitals=word.isupper()) and _VOWEL.search(fold(word)) is not None


def _held(reason: str, clues: Sequence[Clue], first: Sequence[str] = ()) -> MatchResult:
    """The mail waits for staff: the schools first, then those the clues rank highest, as candidates."""
    return MatchResult((), reason, tuple(dict.fromkeys((*first, *_shortlist(_ranked(clues), clues)))))


def _passed_on(school: str, mail: Mail, clues: Sequence[Clue], registry: Registry) -> str | None:
    """Who first sent a message school's address forwards, as staff read it, when the forwarder's From
    line is all that names school and the original sender is no school's: an address that names no school
    (a teacher's gmail), or a name alone (a mail saved from Exchange, Outlook's "From: Nguyễn Văn Bảy"
    over "Sent:") that does not name school. A cluster's lead school passes on its members' mail, so the
    report is whoever wrote it first's, not surely the forwarder's."""
    if not _only_by_address(school, clues):
        return None
    for original in mail.forwarded_from:
        if original != mail.sender and not _one_address(original, "forward", registry):
            return f"{original}, địa chỉ không có trong danh sách trường"
    forward = bool(FORWARD_SUBJECT.match(fold(mail.subject)))
    for file, name in mail.unaddressed:
        # Under a subject typed anew, a header block in the text is the mail this one answers (the
        # office's reminder, quoted by Outlook with its sender's name alone), not one it passes on.
        if (not file and not forward) or _an_office(name, registry):
            continue
        if any(school in c.schools for c in _text_clues(name, "", "name", None, registry, places=False)):
            continue
        who = f"«{name}»" if name else "người không ghi tên"
        where = f"(tệp {file} là {attached_mail(file)})" if file else "(dòng From của thư gốc chỉ ghi tên)"
        return f"{who} {where}, không ghi địa chỉ thư"
    return None


def _an_office(name: str, registry: Registry) -> bool:
    """Whether a sender's display name is the office's or a collecting unit's («Phòng GD&ĐT Thủ Thừa»)."""
    folded = " ".join(fold(name).split())
    return bool(folded) and any(
        folded in office or office in folded
        for office in (" ".join(fold(o).split()) for o in registry.offices)
        if office
    )


def _passed_on_review(school: str, original: str, clues: Sequence[Clue], registry: Registry) -> MatchResult:
    name = registry.name(school)
    reason = (
        f"{name} chuyển tiếp thư của {original}; ngoài địa chỉ và tên người gửi thư này, "
        f"không căn cứ nào (tiêu đề, tên tệp, nội dung thư hay văn bản) ghi tên trường: có thể là báo cáo của "
        f"trường khác được chuyển giúp, không phải báo cáo của chính {name}. Cần cán bộ chọn trường."
    )
    return _held(reason, clues)


def _only_by_address(school: str, clues: Sequence[Clue]) -> bool:
    """Whether the sender's From line (its address, and the name the sender's mail program shows) is all
    that names school: no word of the mail or its papers does."""
    return all(c.source in ("address", "name") for c in clues if school in c.schools and c.weight > CANDIDATE)


def _sent_for_others(school: str, mail: Mail, clues: Sequence[Clue]) -> str | None:
    """The words of the mail's subject or own text saying it is sent for another school or a cluster
    («gửi giúp báo cáo của trường bạn», «BC NQ121 cụm 3», «Cụm trưởng gửi báo cáo các trường trong cụm»),
    when only the sender's address names school: the address then says who sent it, not whose it is."""
    if not _only_by_address(school, clues):
        return None
    cover = "\n".join([line for line in mail.own_body.splitlines() if line.strip()][:_COVER_LINES])
    for text in (nfc(mail.subject), nfc(cover)):
        found = _FOR_OTHERS.search(text.lower())
        if found is not None:
            return " ".join(text[found.start() : found.end()].split())
    return None


def _sent_for_others_review(
    school: str, phrase: str, clues: Sequence[Clue], registry: Registry
) -> MatchResult:
    name = registry.name(school)
    reason = (
        f"Thư gửi từ địa chỉ của {name} ghi «{phrase}»: có thể là báo cáo của trường khác (hoặc của cả cụm) "
        f"được gửi giúp, không phải báo cáo của chính {name}, và không căn cứ nào khác ghi tên trường. Cần cán "
        "bộ chọn trường."
    )
    return _held(reason, clues)


def _letterhead_elsewhere(
    school: str, clues: Sequence[Clue], registry: Registry
) -> tuple[Clue, tuple[str, ...]] | None:
    """A letterhead of another commune's People's Committee alone, with no school line, on mail that only
    the sender's address names school by: the letterhead's commune has a school of school's level, which
    is not school (a lead school passing on a member's report). That clue and those schools."""
    if any(c.source not in ("address", "forward") for c in clues if c.schools == {school}):
        return None
    if any(c.source not in ("address", "forward", "header") for c in clues if school in c.schools):
        return None
    levels = {n.level for n in registry.names.get(school, ())}
    for clue in clues:
        if clue.letterhead and school not in clue.schools:
            peers = tuple(s for s in clue.schools if {n.level for n in registry.names.get(s, ())} & levels)
            if peers:
                return clue, peers
    return None


def _letterhead_review(
    school: str, clue: Clue, peers: tuple[str, ...], clues: Sequence[Clue], registry: Registry
) -> MatchResult:
    name = registry.name(school)
    reason = (
        f"Thư gửi từ địa chỉ của {name}, nhưng văn bản chỉ ghi cơ quan «{clue.letterhead}», không ghi tên "
        f"trường, mà {name} không thuộc xã này theo danh sách: có thể là báo cáo của "
        f"{_either([registry.name(s) for s in peers])} được gửi giúp. Cần cán bộ chọn trường."
    )
    homes = {fold(h) for h in registry.homes.get(school, ())}
    named = {fold(n.place) for n in registry.names.get(school, ())}
    if homes <= named and (place := commune_office_place(clue.letterhead)):
        # The list gives the school no commune but its name's: it may be in that commune since a merger.
        place = " ".join(word.capitalize() for word in place.split())
        reason += (
            f' Nếu {name} nay thuộc xã {place} (sau khi sáp nhập xã), ghi commune = "{place}" cho trường trong '
            "tệp cấu hình để thư sau được ghi nhận."
        )
    return _held(reason, clues, (school, *peers))


def _lone_level_elsewhere(
    school: str, documents: Sequence[Document], registry: Registry
) -> tuple[Document, tuple[str, ...]] | None:
    """A paper whose header is "Trường" and a level alone («TRƯỜNG TIỂU HỌC», the name lost at a line end)
    at a level school is not at, nor near: another school's paper (a sister school's, a cluster member's).
    That paper, and the schools of that level in school's commune."""
    own = [n.level for n in registry.names.get(school, ())]
    for document in documents:
        levels = lone_levels(document.header.issuer or "")
        if levels and not any(level_fits(levels, level) for level in own):
            return document, _peers_at(school, levels, registry)
    return None


def _titled_elsewhere(
    school: str, documents: Sequence[Document], registry: Registry
) -> tuple[str, str, tuple[str, ...]] | None:
    """A paper whose own title or signing block writes «Trường» and a level with no name («Báo cáo kết quả
    … của Trường Tiểu học», «… TRƯỜNG TIỂU HỌC NĂM 2025», _levels_written) at a level school is not at, nor
    near: a sister school's report made on the same computer, or a member's passed on. Only these count: a
    report's text mentions other levels in passing. Where it is written, the words, and the schools of that
    level in school's commune."""
    own = [n.level for n in registry.names.get(school, ())]
    for document in documents:
        for said, words, levels in _levels_written(document):
            if not any(level_fits(levels, level) for level in own):
                return said, words, _peers_at(school, levels, registry)
    return None


def _titled_review(
    school: str, said: str, words: str, peers: tuple[str, ...], clues: Sequence[Clue], registry: Registry
) -> MatchResult:
    name = registry.name(school)
    whose = _either([registry.name(s) for s in peers]) if peers else "trường khác"
    reason = (
        f"{said} «{words}», không ghi tên trường, mà {name} không phải trường cấp học này: có thể là báo cáo "
        f"của {whose}, không phải của {name}. Cần cán bộ chọn trường."
    )
    return _held(reason, clues, (*peers, school))


def _headed_titled_review(
    school: str, said: str, words: str, peers: tuple[str, ...], clues: Sequence[Clue], registry: Registry
) -> MatchResult:
    """A paper headed for school whose own title or signing block writes another level with no name
    («TRƯỜNG MẪU GIÁO MỸ AN» over «… TRƯỜNG TIỂU HỌC NĂM 2025»): one school's report made on its sister
    school's file, the header or the title left unchanged. Only a person can tell which."""
    name = registry.name(school)
    whose = _either([registry.name(s) for s in peers]) if peers else "trường khác"
    reason = (
        f"Tiêu đề văn bản ghi {name}, nhưng {said[0].lower()}{said[1:]} «{words}», không ghi tên trường, mà "
        f"{name} không phải trường cấp học này: có thể là báo cáo của {whose} làm trên văn bản của {name}, "
        "hoặc ngược lại. Cần cán bộ chọn trường."
    )
    return _held(reason, clues, (school, *peers))


def _peers_at(school: str, levels: frozenset[str], registry: Registry) -> tuple[str, ...]:
    """The schools at any of levels in school's commune."""
    homes = {fold(h) for h in registry.homes.get(school, ())}
    return tuple(
        s.id
        for s in registry.schools
        if any(n.level in levels for n in registry.names.get(s.id, ()))
        and homes & {fold(h) for h in registry.homes.get(s.id, ())}
    )


def _level_said_elsewhere(
    school: str, mail: Mail, clues: Sequence[Clue], registry: Registry
) -> tuple[str, str, tuple[str, ...]] | None:
    """The subject or the mail's own text writing a school's level with no name («Báo cáo NQ121 trường Tiểu
    học»), at a level school is not at, nor near, when only the sender's address names school: the report
    of a school of that level (a sister school sharing the address or the computer). Where it is written,
    the words, and the schools of that level in school's commune."""
    if not _only_by_address(school, clues):
        return None
    own = [n.level for n in registry.names.get(school, ())]
    cover = [line for line in mail.own_body.splitlines() if line.strip()][:_COVER_LINES]
    for where, lines in (("tiêu đề thư", [mail.subject]), ("nội dung thư", cover)):
        for line in lines:
            found = _level_alone_in(nfc(line))
            if found is not None and not any(level_fits(found[1], level) for level in own):
                return where, found[0], _peers_at(school, found[1], registry)
    return None


def _level_alone_in(line: str) -> tuple[str, frozenset[str]] | None:
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
        if levels and (_SCHOOL_OPENING.match(fold(rest)) or _LEVEL_IN_FULL.match(fold(rest))):
            return rest, levels
    return None


def _level_said_review(
    school: str, where: str, words: str, peers: tuple[str, ...], clues: Sequence[Clue], registry: Registry
) -> MatchResult:
    name = registry.name(school)
    whose = _either([registry.name(s) for s in peers]) if peers else "trường khác"
    reason = (
        f"Thư gửi từ địa chỉ của {name}, nhưng {where} ghi «{words}», không ghi tên trường, mà {name} không "
        f"phải trường cấp học này: có thể là báo cáo của {whose}. Cần cán bộ chọn trường."
    )
    return _held(reason, clues, (*peers, school))


def _lone_level_review(
    school: str, document: Document, peers: tuple[str, ...], clues: Sequence[Clue], registry: Registry
) -> MatchResult:
    name = registry.name(school)
    issuer = " ".join((document.header.issuer or "").split())
    reason = (
        f"Tiêu đề văn bản {document.name} chỉ ghi «{issuer}», không ghi tên trường, mà {name} (địa chỉ gửi) "
        "không phải trường cấp học này: có thể là báo cáo của trường khác được gửi giúp. Cần cán bộ chọn trường."
    )
    return _held(reason, clues, (school, *peers))


def _dated_review(
    school: str,
    dated: dict[int, tuple[str, tuple[str, ...]]],
    documents: Sequence[Document],
    clues: Sequence[Clue],
    registry: Registry,
) -> MatchResult:
    """Mail only school's address names, carrying papers dated in another commune (_dated_elsewhere)."""
    name = registry.name(school)
    said = " ".join(
        _dated_note(documents[i], place, placed, registry) for i, (place, placed) in dated.items()
    )
    reason = (
        f"Thư gửi từ địa chỉ của {name}, ngoài địa chỉ gửi không căn cứ nào ghi tên trường. {said} Có thể là "
        f"báo cáo của trường khác được gửi giúp, không phải báo cáo của chính {name}. Cần cán bộ chọn trường."
    )
    return _held(reason, clues, (school, *(s for _, placed in dated.values() for s in placed)))


def _ruled_out_by_commune(clues: Sequence[Clue]) -> frozenset[str]:
    """Namesakes that a commune told apart from the schools a clue names (a header's «UBND XÃ TRUÔNG MÍT»
    over «TRƯỜNG TIỂU HỌC KIM ĐỒNG», the mail's «Trường Tiểu học Kim Đồng, xã Truông Mít»: not the Kim Đồng
    of xã Hòa Hội) and that no clue names but alike with them (the bare «TH Kim Đồng» of a subject): not a
    school the mail may be from, nor one to hold."""
    return frozenset(
        s
        for told in clues
        for s in told.namesakes - told.schools
        if all(told.schools <= c.schools for c in clues if s in c.schools)
    )


def _named_at_another_level(school: str, clues: Sequence[Clue], registry: Registry) -> Clue | None:
    """A name read loosely in the mail's own words (its subject, text, a file name), a paper's own first
    and last lines, or a headerless paper's title or signing block, of schools none of which is at school's
    level or a near one: «bc nq121 truong mn my an», «Dạ em gửi báo cáo của trường MN Mỹ An», «Trường Mầm
    non Mỹ An báo cáo …» (Mẫu giáo Mỹ An, called by its near level) from Tiểu học Mỹ An's address. Too
    loose to credit the kindergarten, it still says the report is not the primary school's, when nothing
    but the sender's address names that school."""
    if not _only_by_address(school, clues):
        return None
    own = [n.level for n in registry.names.get(school, ())]
    for clue in clues:
        loose = clue.titled or (
            clue.source in ("subject", "body", "file", "document") and clue.weight == WEAK
        )
        if not loose or not clue.schools or school in clue.schools or clue.place:
            continue
        levels = frozenset(n.level for s in clue.schools for n in registry.names.get(s, ()) if n.level)
        if levels and not any(level_fits(levels, level) for level in own):
            return clue
    return None


def _whole_name_of_another(school: str, clues: Sequence[Clue]) -> str | None:
    """The school a header names by its whole name when that name is only the start of school's
    ("TRƯỜNG TIỂU HỌC MỸ AN" for Mỹ An 2), unless the registered address and the subject agree on school:
    a header cut before its number is rarer than a sibling's file or report sent by mistake. A header
    naming the other school by its former name (Clue.aliased) was not cut: it waits all the same."""
    cuts = [c for c in clues if c.cut is not None and c.cut != school and school in c.schools]
    named = {c.cut for c in cuts}
    if len(named) != 1 or (agreed_school(clues) == school and not any(c.aliased for c in cuts)):
        return None
    return named.pop()


def _whole_name_disagrees(school: str, named: str, clues: Sequence[Clue], registry: Registry) -> MatchResult:
    if any(c.aliased and c.cut == named for c in clues):
        said = (
            f"Tiêu đề văn bản ghi tên gọi khác của {registry.name(named)}, còn các căn cứ khác cho biết thư "
            f"của {registry.name(school)}, tên bắt đầu bằng tên đó: trường có thể ghi thiếu số trong tên, "
            f"hoặc gửi nhầm văn bản của trường kia."
        )
    else:
        said = (
            f"Tiêu đề văn bản ghi đúng tên {registry.name(named)}, còn các căn cứ khác cho biết thư của "
            f"{registry.name(school)}, tên bắt đầu bằng tên trường kia: tiêu đề có thể bị ngắt dòng mất phần "
            f"cuối, hoặc trường gửi nhầm văn bản của trường khác."
        )
    return _review_between(said, school, named, clues)


def _confirmed(school: str, clues: Sequence[Clue], registry: Registry) -> float:
    """The support of school, where an address that names it alone but only hints (a person's address
    learned in another season, an unregistered one shaped like the school's) is not confirmed by clues that
    name it only among its namesakes: «TH Lê Văn Tám» names Lê Văn Tám of every commune alike, and a
    principal may have moved to another of them. Nor is it by the name that address's account shows."""
    own = [c for c in clues if c.schools == {school}]
    if own and all(c.source in ("address", "forward") for c in own):
        clues = [c for c in clues if not _alike(c, registry)]
    if any(c.moved for c in own) and all(c.moved or c.source == "name" for c in own):
        # The name the account shows says no more than the address it was learned from.
        clues = [c for c in clues if c.source != "name"]
    return _support(school, clues)


def _alike(clue: Clue, registry: Registry) -> bool:
    """The clue names several schools of one name (namesakes of several communes) and nothing else."""
    return (
        len(clue.schools) > 1
        and len({next(iter(registry.names.get(s, ())), None) for s in clue.schools}) == 1
    )


def _inbox_namesake(clues: Sequence[Clue], registry: Registry) -> str | None:
    """The school a unit's own mailbox tells apart: every clue names the same namesakes alike (schools
    of one name, «Trường Tiểu học Kim Đồng» of several communes) and the unit whose mailbox the mail
    reached collects exactly one of them that season; schools send to their own unit's mailbox. Any clue
    naming one school, or another school, leaves the mail to the rest of the evidence, and so does mail
    also addressed to the mailbox of a unit collecting another of them (To: its commune, Cc: this one), or
    mail whose header places its school in a commune of none of them (Clue.stranger)."""
    collected = registry.inbox[1]
    named = {s for c in clues if c.weight > CANDIDATE for s in c.schools}
    if not collected or len(named) < 2 or any(len(c.schools) < 2 for c in clues):
        return None
    if any(c.stranger for c in clues):
        return None  # a header placing the school in a commune of none of them: perhaps none of them
    if any(c.schools != named for c in clues if c.weight > CANDIDATE):
        return None  # a commune told some apart ("UBND XÃ MỸ AN" over the name): not alike, the mailbox says nothing
    if len({next(iter(registry.names.get(s, ())), None) for s in named}) != 1:
        return None
    mine = named & collected
    return mine.pop() if len(mine) == 1 and not named & registry.addressed else None


def _address_of_another(
    read: str, mail: Mail, clues: Sequence[Clue], headed: set[int], registry: Registry
) -> str | None:
    """The school whose registered address sent a paper whose header names read in full, when nothing of
    the mail explains why one school mails another's report: the address is that school's alone (no
    other school lists it; or, listed by none, staff tied it to that school from a mail of this season)
    and the school is on the roster, the mail forwards no one's, its subject or
    text neither names read nor says it is sent for another school («gửi giúp», «cụm …»), no mail of
    ours to read that it answers went there, no other paper of the mail is the sender's own (a principal
    of two schools sending both), and neither school was merged into the other. Two strong pieces of
    evidence then disagree: a clerk who attached a sibling's or a neighbour's file by mistake is as
    likely as one sending it on."""
    address = mail.sender.lower()
    owners = [s for s in registry.schools if address in s.emails]
    taught = registry.learned.get(address)
    if not owners and taught is not None and registry.learned_in_another_season(address) is None:
        # One season's tie is as strong as a registered address; an older one may be a person who has
        # moved school since, whose new school's header then decides.
        owners = [s for s in registry.schools if s.id == taught]
    if len(owners) != 1 or owners[0].id in (read, *registry.closed) or mail.forwarded_from:
        return None
    if any(file for file, _ in mail.unaddressed):  # a mail attached whole: passed on, its sender unknown
        return None
    sender = owners[0]
    if FORWARD_SUBJECT.match(fold(mail.subject)):
        return None
    if any(
        c.source in ("subject", "body", "thread", "forward", "name") and read in c.schools | c.unnumbered
        for c in clues
    ):
        return None
    cover = "\n".join([line for line in mail.own_body.splitlines() if line.strip()][:_COVER_LINES])
    if any(_FOR_OTHERS.search(nfc(text).lower()) for text in (mail.subject, cover)):
        return None
    if _CLUSTER_SUBJECT.search(nfc(mail.subject).lower()):  # «BC NQ121 cụm Mỹ An»: a cluster's mail
        return None
    if any(
        c.document is not None
        and c.document not in headed
        and sender.id in c.schools
        and (c.weight > CANDIDATE or c.titled)
        for c in clues
    ):
        return None
    header = registry.get(read)
    if sender.merged_into == read or (header is not None and header.merged_into == sender.id):
        return None
    return sender.id


def _address_of_another_review(
    read: str, sender: str, clues: Sequence[Clue], documents: Sequence[Document], registry: Registry
) -> MatchResult:
    headed = [
        documents[c.document].name for c in clues if c.clear and read in c.schools and c.document is not None
    ]
    papers = f"văn bản {', '.join(dict.fromkeys(headed))}" if headed else "văn bản"
    said = (
        f"Thư gửi từ địa chỉ của {registry.name(sender)} nhưng {papers} mang tên {registry.name(read)}, "
        "và thư không ghi gửi giúp hay chuyển tiếp báo cáo của trường khác: có thể trường gửi nhầm tệp "
        f"của trường khác, hoặc gửi giúp {registry.name(read)}."
    )
    return _review_between(said, sender, read, clues)


def _by_header(
    school: str, clues: Sequence[Clue], documents: Sequence[Document], registry: Registry
) -> MatchResult:
    """A header names one school in full: it wins over the address, the subject and the rest."""
    headers = [c for c in clues if c.clear]
    # Another paper's header that fits the sender's school as well ("TRƯỜNG TH BÌNH THẠNH", its number left
    # out, from Bình Thạnh 1's address beside Bình Thạnh 2's report) is no surer the school read than the
    # sender's: which school's it is, staff tell.
    sender = {
        s for c in clues if c.source in ("address", "forward") and len(c.schools) == 1 for s in c.schools
    }
    other_papers = [
        c
        for c in clues
        if c.source == "header" and not c.clear and (_against(school, [c]) or (c.schools & sender) - {school})
    ]
    # A paper whose header names no school of ours (none, or a scan's «TRƯỜNG TT II @AIN») while its own
    # number or first and last lines name another school in full ("Số: 60/BC-THMA", "Trường Tiểu học Mỹ An
    # báo cáo …"): another school's report scanned into the same file after this one, its header cut off
    # at the sheet's edge or unreadable, which this header claimed. A paper with no header at all that
    # names another school (a typed «… của Trường Mẫu giáo Mỹ Phú» beside Tiểu học Mỹ Phú's headed report)
    # waits alone, as a stray, and the headed report keeps its credit.
    headed = {c.document for c in clues if c.source == "header" and c.schools}
    strays = _named_for_others([school], clues, documents, registry)
    other_papers += [
        c
        for c in clues
        if c.source == "document"
        and c.document not in headed
        and c.document not in strays
        and c.weight >= MEDIUM
        and len(c.schools) == 1
        and school not in c.schools | c.unnumbered
    ]
    if other_papers:
        reason = "Các văn bản trong thư ghi những trường khác nhau: " + " ".join(
            c.reason for c in (*headers, *other_papers)
        )
        candidates = (school, *(s for c in other_papers for s in sorted(c.schools) if s != school))
        return MatchResult((), reason + " Cần cán bộ chọn trường.", tuple(dict.fromkeys(candidates)))
    dated = {
        i: d for i, d in _dated_elsewhere([school], clues, documents, registry).items() if i not in strays
    }
    unnamed, said_too = _unnamed_beside(school, clues, documents, {*strays, *dated})
    if strays or dated or unnamed:
        rest = [i for i in range(len(documents)) if i not in strays and i not in dated and i not in unnamed]
        decided = _by_header(school, _clues_of(rest, clues), [documents[i] for i in rest], registry)
        said = []
        if strays:
            titled = {c.document for c in clues if c.titled and c.document in strays}
            named = " ".join(
                c.reason
                for c in clues
                if c.document in strays
                and (c.titled or (c.document not in titled and c.weight > CANDIDATE and c.schools))
            )
            said.append(
                f"Văn bản {', '.join(documents[i].name for i in strays)} không có tiêu đề ghi tên trường: "
                f"{named} Có thể là báo cáo của trường khác gửi kèm."
            )
        for index, (place, placed) in dated.items():
            note = _dated_note(documents[index], place, placed, registry)
            said.append(
                f"{note[:-1]}, không phải của {registry.name(school)}: có thể là báo cáo của trường khác gửi kèm."
            )
        if unnamed:
            said.append(
                f"Văn bản {', '.join(documents[i].name for i in unnamed)} không có tiêu đề ghi tên trường, mà "
                f"tiêu đề thư còn ghi {_either([registry.name(s) for s in said_too])}, không chỉ "
                f"{registry.name(school)}: có thể là báo cáo của trường đó gửi kèm."
            )
        others = (s for found in (*strays.values(), *(p for _, p in dated.values()), said_too) for s in found)
        return decided.also_waiting(" ".join(said) + " Cần cán bộ chọn trường.", (school, *others))
    support = [c.reason for c in _by_weight(clues) if not c.clear and school in c.schools]
    deciding = [c.reason for c in headers]
    return _decided(school, deciding, support, clues, documents, registry, "tiêu đề văn bản ghi rõ")


def _unnamed_beside(
    school: str, clues: Sequence[Clue], documents: Sequence[Document], set_aside: Iterable[int]
) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """The papers with no header that name no school, beside school's headed one, when the mail's subject
    names other schools of ours: a cluster's lead sending «BC NQ121 TH Mỹ Phú, TH Mỹ Lạc», one report
    without its header, which is no annex of school's but the other school's. The mail's text is not read
    for it: it names schools in passing (a copy sent to one, the office's list of late schools pasted in)
    beside a school's own annex. Those papers and the schools the subject names besides school; none
    when it names no other."""
    said_too = tuple(
        sorted(
            {
                s
                for c in clues
                if c.source == "subject" and c.weight >= MEDIUM and len(c.schools) == 1
                for s in c.schools - {school}
            }
        )
    )
    if not said_too:
        return (), ()
    named = {c.document for c in clues if c.document is not None and (c.schools or c.source == "header")}
    skipped = set(set_aside)
    return tuple(i for i in range(len(documents)) if i not in named and i not in skipped), said_too


def _named_for_others(
    schools: Sequence[str], clues: Sequence[Clue], documents: Sequence[Document], registry: Registry
) -> dict[int, tuple[str, ...]]:
    """The documents without a header of their own whose file name or own lines name one school in full
    that is none of schools (those the other documents' headers name): «BC TH My Phu.pdf», a scan whose
    header was lost, in a cluster's mail with Mỹ Lạc's report. So do those whose file name names only
    other schools loosely, by a near level or a typo («BC MN My Phu.pdf» for Mẫu giáo Mỹ Phú) or by a
    commune alone that is none of schools' («BC My Phu.pdf»): none of the schools the headers name wrote
    them. Each with the schools it names."""
    found: dict[int, tuple[str, ...]] = {}
    for index in range(len(documents)):
        own = [c for c in clues if c.document == index]
        if any(c.source == "header" or c.clear for c in own):
            continue
        named = {
            s
            for c in own
            if c.source in ("file", "document") and c.weight >= MEDIUM and len(c.schools) == 1
            for s in c.schools
        }
        if len(named) == 1 and not named & set(schools):
            found[index] = (named.pop(),)
            continue
        titled = _titled_for_others(own, schools, registry)
        if titled is not None:
            found[index] = titled
            continue
        files = [c for c in own if c.source == "file" and c.weight > CANDIDATE and c.schools]
        loose = [
            c for c in files if c.weight < MEDIUM and (not c.place or _places_apart(c, schools, registry))
        ]
        if loose and len(loose) == len(files) and not any(c.schools & set(schools) for c in files):
            found[index] = tuple(sorted({s for c in loose for s in c.schools}))
    return found


def _titled_for_others(
    own: Sequence[Clue], schools: Sequence[str], registry: Registry
) -> tuple[str, ...] | None:
    """The schools a headerless paper's own title or signing block names (Clue.titled) when none of them
    is one of schools: by name, loosely («Trường Mầm non Mỹ An» for Mẫu giáo Mỹ An), by a place that is
    none of schools' communes, or by «Trường» and a level none of schools is at, nor near (that level's
    schools in their communes, if any). None when it names one of schools, or nothing."""
    titled = [c for c in own if c.titled]
    if any(c.schools & set(schools) for c in titled):
        return None
    levels = [n.level for school in schools for n in registry.names.get(school, ())]
    found: list[str] = []
    stray = False
    for clue in titled:
        if clue.levels and not any(level_fits(clue.levels, level) for level in levels):
            stray = True
            found += [p for school in schools for p in _peers_at(school, clue.levels, registry)]
        elif clue.schools and not any(fold(clue.place) in _own_places(s, registry) for s in schools):
            stray = True
            found += sorted(clue.schools)
    return tuple(dict.fromkeys(found)) if stray else None


def _dated_elsewhere(
    schools: Sequence[str], clues: Sequence[Clue], documents: Sequence[Document], registry: Registry
) -> dict[int, tuple[str, tuple[str, ...]]]:
    """The papers with no header that name no school, dated at a place («Mỹ Phú, ngày …», where the issuer
    sits) that is the commune of other schools of ours: none of schools', nor the office's, nor where the
    mail's headed papers are dated. A member's report a cluster's lead sends beside its own, its header
    left out; an annex or a copy of a school's own is dated nowhere or where that school's report is. Each
    with its place and that place's schools at schools' levels (all of them when none is)."""
    headed = {c.document for c in clues if c.source == "header" or c.clear}
    own = {fold(h) for school in schools for h in registry.homes.get(school, ())}
    own |= {fold(n.place) for school in schools for n in registry.names.get(school, ())}
    own |= {fold(p) for p in (*_home_places(registry.offices), *registry.provinces)}
    own |= {fold(documents[i].header.place or "") for i in headed if i is not None}
    levels = {n.level for school in schools for n in registry.names.get(school, ())}
    found: dict[int, tuple[str, tuple[str, ...]]] = {}
    for index, document in enumerate(documents):
        place = " ".join((document.header.place or "").split())
        if index in headed or not place or fold(place) in own:
            continue
        if any(c.document == index and c.schools and c.weight > CANDIDATE for c in clues):
            continue  # its file name or its lines name a school: _named_for_others reads them
        placed = _schools_at(place, registry)
        level = [s for s in placed if levels & {n.level for n in registry.names.get(s, ())}]
        if placed:
            found[index] = (place, tuple(level or placed))
    return found


def _dated_for_another(
    document: Document, school: str, registry: Registry
) -> tuple[str, tuple[str, ...]] | None:
    """The place a paper is dated at («Mỹ Lạc, ngày …») and the schools of ours there, when that place is
    none of school's nor the office's; None otherwise. The place is read without the word saying its kind
    («Thị trấn Thủ Thừa» is the office's town, «Xã Mỹ Lạc» a neighbour's commune), but a hamlet («Ấp Mỹ
    Lạc») is no commune, whatever its name."""
    place = " ".join((document.header.place or "").split())
    bare = without_kind(place)
    own = {fold(h) for h in registry.homes.get(school, ())}
    own |= {fold(n.place) for n in registry.names.get(school, ())}
    own |= {fold(p) for p in (*_home_places(registry.offices), *registry.provinces)}
    if not place or {fold(place), fold(bare)} & own:
        return None
    placed = _schools_at(place if _HAMLET.match(fold(place)) else bare, registry)
    return (place, placed) if placed else None


def _headed_dated_elsewhere(
    read: str, headed: Iterable[int], documents: Sequence[Document], registry: Registry
) -> tuple[Document, str, tuple[str, ...]] | None:
    """A typed paper of those headed for read whose date line places it («Mỹ Phú, ngày …») in the commune
    of other schools of ours at read's level or a near one, none of read's nor the office's: a school dates
    from its own commune or the office's town, so the header or the date line is copied from a neighbour's
    report. The paper, its place and those schools."""
    levels = frozenset(n.level for n in registry.names.get(read, ()) if n.level)
    for index in headed:
        document = documents[index]
        dated = _dated_for_another(document, read, registry) if not _is_ocr(document) else None
        if dated is None:
            continue
        place, placed = dated
        peers = tuple(
            s for s in placed if any(level_fits(levels, n.level) for n in registry.names.get(s, ()))
        )
        if peers:
            return document, place, peers
    return None


def _headed_dated_review(
    read: str, document: Document, place: str, peers: Sequence[str], clues: Sequence[Clue], registry: Registry
) -> MatchResult:
    said = (
        f"Tiêu đề văn bản {document.name} ghi {registry.name(read)}, nhưng dòng ngày tháng ghi nơi ban hành "
        f"«{place}», nơi của {_either([registry.name(s) for s in peers])} (có thể trường dùng lại văn bản "
        "của trường khác hoặc gửi nhầm tệp)."
    )
    return dataclasses.replace(_review_between(said, read, peers[0], clues), candidates=(read, *peers))


def _namesake_dated(
    school: str, clues: Sequence[Clue], documents: Sequence[Document], registry: Registry
) -> tuple[int, str, tuple[str, ...]] | None:
    """A paper dated at the commune of a namesake of school («Mỹ Lạc, ngày …», where the other Tiểu học Kim
    Đồng stands), when every clue but the sender's address that names school names that namesake too (a
    header or a subject writing the name both bear): the address alone tells them apart, and the paper says
    it was issued where the namesake is. The paper, its place and those namesakes."""
    naming = [c for c in clues if school in c.schools and c.source not in ("address", "forward")]
    naming = [c for c in naming if c.weight > CANDIDATE]
    if not naming:
        return None  # the address alone: _dated_elsewhere reads the papers then
    for index, document in enumerate(documents):
        dated = _dated_for_another(document, school, registry)
        others = tuple(s for s in dated[1] if all(s in c.schools for c in naming)) if dated else ()
        if dated and others:
            return index, dated[0], others
    return None


def _namesake_dated_review(
    school: str,
    index: int,
    place: str,
    others: Sequence[str],
    documents: Sequence[Document],
    clues: Sequence[Clue],
    registry: Registry,
) -> MatchResult:
    support = " ".join(c.reason for c in _by_weight(clues) if school in c.schools)
    reason = (
        f"Các căn cứ không thống nhất: {support} Văn bản {documents[index].name} có dòng ngày tháng ghi nơi "
        f"ban hành «{place}», nơi của {_either([registry.name(s) for s in others])}: các trường cùng tên, "
        f"ngoài địa chỉ gửi không căn cứ nào cho biết là {registry.name(school)}. Cần cán bộ chọn trường."
    )
    return _held(reason, clues, (school, *others))


def _schools_at(place: str, registry: Registry) -> tuple[str, ...]:
    """The open schools whose name or commune is place."""
    return tuple(
        s.id
        for s in registry.schools
        if s.id not in registry.closed
        and (
            any(fold(n.place) == fold(place) for n in registry.names.get(s.id, ()))
            or any(fold(h) == fold(place) for h in registry.homes.get(s.id, ()))
        )
    )


def _dated_note(document: Document, place: str, placed: Sequence[str], registry: Registry) -> str:
    return (
        f"Văn bản {document.name} không có tiêu đề ghi tên trường, nhưng dòng ngày tháng ghi nơi ban hành "
        f"«{place}», nơi của {_either([registry.name(s) for s in placed])}."
    )


def _places_apart(clue: Clue, schools: Iterable[str], registry: Registry) -> bool:
    """Whether the place a clue writes with no level is a commune of none of schools, nor the office's."""
    return all(clue in _places_others(school, [clue], registry) for school in schools)


def _several(
    schools: Sequence[str],
    clear: dict[int, str],
    clues: Sequence[Clue],
    documents: Sequence[Document],
    registry: Registry,
) -> MatchResult:
    """Headers name several schools in full: each school's report is recorded with its own files."""
    owner = dict(clear)
    strong = {
        s for c in clues if c.source in ("address", "forward") for s in c.schools if len(c.schools) == 1
    }
    unsure: list[Clue] = []
    unnamed: list[int] = []  # reports that name no school, where no sender's school among them claims them
    dated = _dated_elsewhere(schools, clues, documents, registry)
    for index in range(len(documents)):
        if index in owner or index in dated:
            continue
        own = [c for c in clues if c.document == index and c.weight >= MEDIUM]
        named = {s for c in own for s in c.schools if len(c.schools) == 1 and s in schools}
        if len(named) == 1:
            owner[index] = named.pop()
        elif any(c.source == "header" for c in own):
            unsure.extend(c for c in own if c.source == "header")
        elif index in (loosely := _named_for_others(schools, clues, documents, registry)):
            named = set(loosely[index])
            titled = [c for c in clues if c.document == index and c.titled]
            unsure.extend(
                titled
                or [
                    c
                    for c in clues
                    if c.document == index and c.weight > CANDIDATE and c.schools and c.schools <= named
                ]
            )
        elif len(strong & set(schools)) == 1:
            owner[index] = next(iter(strong & set(schools)))
        else:
            unnamed.append(index)
    agreed, strays = _not_said(schools, clues)
    mistaken = {i: owner.pop(i) for i in sorted(owner) if owner[i] in strays}
    schools = [s for s in schools if s not in strays]
    together = (
        (f"Thư có báo cáo của {len(schools)} trường; mỗi trường được ghi nhận với văn bản của mình.",)
        if len(schools) > 1
        else ()
    )
    assignments = []
    for school in schools:
        files = tuple(documents[i].name for i in sorted(owner) if owner[i] == school)
        reasons = [
            c.reason for c in clues if c.clear and c.document is not None and clear[c.document] == school
        ]
        assignments.append(Assignment(school, files, (*dict.fromkeys(reasons), *together)))
    if not unsure and not unnamed and not mistaken and not dated:
        return MatchResult(tuple(assignments))
    said = [c.reason for c in unsure]
    said += [_dated_note(documents[i], place, placed, registry) for i, (place, placed) in dated.items()]
    if mistaken:
        stray = ", ".join(
            f"{documents[i].name} ghi {registry.name(school)}" for i, school in mistaken.items()
        )
        said.append(
            f"{agreed[1]} {_write(agreed[1])} {registry.name(agreed[0])}, nhưng tiêu đề văn bản {stray} "
            "(có thể trường gửi nhầm tệp của trường khác, hoặc gửi giúp trường đó)."
        )
    if unnamed:
        # A report among other schools' reports that names no school (a cropped scan, a header left
        # out) is no more the sender's than theirs: staff read it.
        said.append(
            f"Văn bản {', '.join(documents[i].name for i in unnamed)} không ghi rõ tên trường nào, "
            "không biết là báo cáo của trường nào trong thư."
        )
    reason = "Chưa xác định được trường của một số văn bản: " + " ".join(said)
    others = _by_weight(
        c for c in clues if unnamed and (c.document in unnamed or c.source in ("address", "forward"))
    )
    choices = [s for c in (*unsure, *others) for s in sorted(c.schools)]
    choices.extend(s for _, placed in dated.values() for s in placed)
    if mistaken:
        choices.extend([agreed[0], *mistaken.values()])
    candidates = tuple(dict.fromkeys(choices))
    return MatchResult(tuple(assignments), reason + " Cần cán bộ chọn trường.", candidates)


def _not_said(schools: Sequence[str], clues: Sequence[Clue]) -> tuple[tuple[str, str], set[str]]:
    """Of the schools whose headers a mail's reports carry, those the mail's own words pass over while they
    name another of the schools as `_mail_says` reads them (the registered address and the subject, the
    address and the text, or, from an address naming no school, the subject and the text or one of them
    alone: "BÁO CÁO NQ121 TRƯỜNG MẪU GIÁO BÌNH THẠNH" over "Trường Mẫu giáo Bình Thạnh gửi báo cáo", with
    THCS Bình An's file beside its own): a file attached by mistake, or one sent for a school the mail never
    names. A cluster's mail naming every school, or naming none, is not such mail. Also the school agreed
    on, with the Vietnamese words saying which words name it."""
    subject, body = (
        {s for c in clues if c.source == where and c.weight >= MEDIUM for s in c.schools}
        for where in ("subject", "body")
    )
    by_subject = _address_and(clues, lambda c: c.source == "subject")
    by_text = _address_and(clues, lambda c: c.source == "body")
    if by_subject in schools and by_subject is not None:
        agreed = (by_subject, "Địa chỉ gửi và tiêu đề thư")
    elif by_text in schools and by_text is not None:
        agreed = (by_text, "Địa chỉ gửi và nội dung thư")
    elif len(subject | body) == 1 and not any(c.source == "address" and c.schools for c in clues):
        witnesses = {(True, True): "Tiêu đề thư và nội dung thư", (True, False): "Tiêu đề thư"}
        agreed = (next(iter(subject | body)), witnesses.get((bool(subject), bool(body)), "Nội dung thư"))
    else:
        return ("", ""), set()
    return agreed, {s for s in schools if s != agreed[0] and s not in subject | body}


def unread_of_others(result: MatchResult, unread: Sequence[str], registry: Registry) -> MatchResult:
    """Files that could not be read whose names say they are another school's than those credited (a
    cluster's bundle where one school's file is truncated, locked or a spreadsheet): that school sent
    nothing readable and nobody would hear of it, so staff look and can tell the school."""
    credited = {a.school_id for a in result.assignments}
    found: dict[str, str] = {}
    for name in unread:
        named = {
            next(iter(c.schools))
            for c in _file_clues(name, None, registry)
            if len(c.schools) == 1 and c.weight >= MEDIUM
        }
        if len(named) == 1 and not named & credited:
            found[name] = named.pop()
    if not found or not result.assignments:
        return result
    said = "; ".join(f"{name} (tên tệp ghi {registry.name(school)})" for name, school in found.items())
    reason = (
        f"Không đọc được tệp {said}: có thể là báo cáo của trường khác gửi kèm trong thư. Cần cán bộ xem "
        "xét và đề nghị trường gửi lại."
    )
    return result.also_waiting(reason, found.values())


def _signature_conflict(
    mail: Mail, clues: Sequence[Clue], documents: Sequence[Document], registry: Registry
) -> MatchResult | None:
    """Signatures that other strong evidence contradicts: the sender's registered address belongs to
    another school, the signed document's own header names another school (or another district's
    office, or a school not on the registry), or two schools signed one document. Staff decide, seeing
    both. The other documents of the message, each naming its school clearly by its own header or
    signature, are decided as usual: a principal of two schools or a cluster's lead school sending its
    own report beside the contested one."""
    signed = [c for c in clues if c.source == "signature"]
    if not signed:
        return None
    against: list[str] = []
    candidates: list[str] = []
    contested: set[int | None] = set()
    own = registry.registered(mail.sender)
    if own is not None and own.id not in {s for c in signed for s in c.schools}:
        against.append(f"địa chỉ gửi {mail.sender} đã đăng ký cho {own.name}")
        candidates.append(own.id)
        contested |= {c.document for c in signed}
    for clue in signed:
        name = documents[clue.document].name if clue.document is not None else ""
        signer = next(iter(clue.schools))
        # A header naming another district's office, a school not on the registry (the certificate names
        # a school by its name alone, and a namesake elsewhere signs with that same name), or one of ours
        # not named in full ("MỸ LÁC", a scan's "LONG THÀNH"); or, with no header read, the paper's own
        # lines naming other schools of ours.
        headers = [
            c
            for c in clues
            if c.document == clue.document
            and c.source == "header"
            and not c.clear
            and _heads_another(signer, c)
        ]
        for other in (*headers, *_text_names_another(signer, clue.document, clues)):
            against.append(other.reason[0].lower() + other.reason[1:].rstrip("."))
            candidates.extend(sorted(other.schools))
            contested.add(clue.document)
        for other in (
            c for c in clues if c.document == clue.document and c.clear and c.schools != clue.schools
        ):
            school = next(iter(other.schools))
            if other.source == "signature":
                against.append(f"văn bản {name} còn có chữ ký số của {registry.name(school)}")
            else:
                against.append(f"tiêu đề văn bản {name} ghi {registry.name(school)}")
            candidates.append(school)
            contested.add(clue.document)
    if not against:
        return None
    shown = " ".join(dict.fromkeys(c.reason for c in signed if c.document in contested))
    reason = f"{shown} Tuy nhiên, {'; '.join(dict.fromkeys(against))}. Cần cán bộ chọn trường."
    named = [s for c in signed if c.document in contested for s in sorted(c.schools)]
    waiting = MatchResult((), reason, tuple(dict.fromkeys((*named, *candidates))))
    rest = [i for i in range(len(documents)) if i not in contested]
    if not rest or not all(any(c.document == i and c.clear for c in clues) for i in rest):
        return waiting
    decided = _decide(_clues_of(rest, clues), mail, [documents[i] for i in rest], registry)
    return decided.also_waiting(reason, waiting.candidates)


def _clues_of(kept: Sequence[int], clues: Sequence[Clue]) -> list[Clue]:
    """The mail's clues and those of the documents kept (by index), renumbered for the kept documents alone
    (documents[i] for i in kept): a decision taken without the documents set aside."""
    at = {old: new for new, old in enumerate(kept)}
    return [
        c if c.document is None else dataclasses.replace(c, document=at[c.document])
        for c in clues
        if c.document is None or c.document in at
    ]


def _text_names_another(signer: str, document: int | None, clues: Sequence[Clue]) -> list[Clue]:
    """The clues of a signed document without a header read (a scan whose header the stamp or the layout
    hid) when its own first and last lines name other schools of ours (a scan's reading: perhaps one of
    several) and never the signer: the paper is another school's, whatever the certificate says."""
    own = [c for c in clues if c.document == document and c.source in ("header", "document")]
    if any(c.source == "header" for c in own) or any(signer in c.schools for c in own):
        return []
    return [c for c in own if c.weight >= MEDIUM and c.schools]


def _heads_another(signer: str, header: Clue) -> bool:
    """Whether a header that names no school in full says the signed paper is another's. A scan's
    reading of one of our schools' places, its tones aside ("LONG THÀNH": Long Thạnh or Long Thành),
    does unless the signer is among the schools it may be: a reading that may be the signer's own
    name is the signer's, one that may only be other schools' is a paper the signer did not write.
    A scan's reading that fits none of our schools is taken for a misreading and vetoes nothing. A
    header whose level and place name only other schools of ours, at a near level ("TRƯỜNG MẦM NON MỸ
    AN" under Tiểu học Mỹ An's signature: Mẫu giáo Mỹ An), is another's paper too: a level word is
    seldom misread into another level, as a tone or a digit is. So is a scan's school number that, read
    back from the letter OCR confuses it with, names only other schools ("MỸ THẠNH 8" under Mỹ Thạnh A's
    signature: Mỹ Thạnh B; "BÌNH THẠNH l" under Bình Thạnh 2's: Bình Thạnh 1); one that may be the
    signer's ("MỸ THẠNH 4" under Mỹ Thạnh A's) is the signer's."""
    if _against(signer, [header]):
        return True
    if header.misread:
        return signer not in header.misread
    if not header.schools or signer in header.schools:
        return False
    return header.levelled or (header.ocr and header.weight >= MEDIUM)


def _by_signature(
    school: str, clues: Sequence[Clue], documents: Sequence[Document], registry: Registry
) -> MatchResult:
    """A valid signature names one school: it wins over a subject, a forward or a personal address."""
    signed = [c.reason for c in clues if c.source == "signature"]
    support = [c.reason for c in _by_weight(clues) if c.source != "signature" and school in c.schools]
    because = "văn bản có chữ ký số hợp lệ của"
    return _decided(school, signed, support, clues, documents, registry, because)


def _decided(
    school: str,
    deciding: Sequence[str],
    support: Sequence[str],
    clues: Sequence[Clue],
    documents: Sequence[Document],
    registry: Registry,
    because: str,
) -> MatchResult:
    """One school decided by its strongest evidence; the evidence it overrules is named. Words naming
    another school in full that are also school's name but for its number ("TH Mỹ An" over the header
    «TRƯỜNG TIỂU HỌC MỸ AN 2») are not overruled: they may be school's, and are said to be."""
    against = _by_weight(_against(school, clues))
    overruled = [c.reason for c in against if school not in c.unnumbered]
    short = [
        f"{c.reason.removesuffix('.')}, hoặc {registry.name(school)} ghi thiếu số."
        for c in against
        if school in c.unnumbered
    ]
    reasons = [*dict.fromkeys(deciding), *support, *short]
    if overruled:
        reasons.append(
            f"Không theo các căn cứ khác vì {because} {registry.name(school)}: {' '.join(overruled)}"
        )
    return MatchResult((Assignment(school, tuple(d.name for d in documents), tuple(reasons)),))


def _authenticated(
    result: MatchResult, mail: Mail, clues: Sequence[Clue], registry: Registry, origin: SenderCheck | None
) -> MatchResult:
    """Mail from a school's address that fails authentication is not that school's by its address:
    staff look, unless a document carries a valid signature of that same school."""
    if origin is None or not origin.failed:
        return result
    claimed = registry.by_address(mail.sender)
    if claimed is None or any(claimed.id in c.schools for c in clues if c.source == "signature"):
        return result
    reason = (
        f"{origin.explanation} Địa chỉ này thuộc {claimed.name} nhưng thư không qua được xác thực, "
        "nên không được tính theo địa chỉ gửi. Cần cán bộ kiểm tra và chọn trường."
    )
    if result.review_reason:
        reason += f" {result.review_reason}"
    elif result.assignments:  # what the rest of the message says, for staff to weigh
        reason += " Các căn cứ khác: " + " ".join(r for a in result.assignments for r in a.reasons)
    candidates = (claimed.id, *(a.school_id for a in result.assignments), *result.candidates)
    return MatchResult((), reason, tuple(dict.fromkeys(candidates)))


def _unmodified(result: MatchResult, documents: Sequence[Document]) -> MatchResult:
    """A document changed after it was signed may not be what the school signed: staff look."""
    changed = [d.name for d in documents if any(s.status is SignatureStatus.MODIFIED for s in d.signatures)]
    if not changed:
        return result
    reason = (
        f"Văn bản {', '.join(changed)} đã bị sửa sau khi ký số, có thể không còn là bản trường đã ký. "
        "Cần cán bộ kiểm tra."
    )
    if result.review_reason:
        reason += f" {result.review_reason}"
    candidates = (*(a.school_id for a in result.assignments), *result.candidates)
    return MatchResult((), reason, tuple(dict.fromkeys(candidates)))


def _noted(result: MatchResult, notes: Sequence[str]) -> MatchResult:
    """Facts staff should see whatever the outcome, added to every reason list and to the review."""
    if not notes:
        return result
    review = result.review_reason
    assignments = tuple(dataclasses.replace(a, reasons=(*a.reasons, *notes)) for a in result.assignments)
    if review:
        review = " ".join([review, *(n for n in notes if n not in review)])
    return MatchResult(assignments, review, result.candidates)


def _by_weight(clues: Iterable[Clue]) -> list[Clue]:
    return sorted(clues, key=lambda c: -c.weight)
