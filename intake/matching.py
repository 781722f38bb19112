"""Finds the school a report came from, with reasons a person can read.

Each source of evidence (the sender's address, the original sender of a forward, the header of each
document, the subject, file names, the body and signature) gives a clue (intake.clues): the schools it
can mean and a weight. This module weighs them. A valid digital signature (ký số) whose certificate names exactly one school is the
strongest; a document header that names exactly one school in full is decisive too, unless another
school's own registered address sent it and nothing of the mail says why; otherwise one school must be
well supported and contradicted by nothing of weight, or the message waits for staff.
Proof of origin is never ignored: signatures that do not hold, and what the receiving server found
about the sender, are shown with the outcome; a document changed after signing, or a registered
address whose mail fails authentication, sends the message to staff.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from intake import repeats
from intake.clues import (
    ADDRESSING,
    CANDIDATE,
    CODE_LEVEL,
    HEAD_LINES,
    LEVEL_IN_FULL,
    LONGEST_PLACE,
    MEDIUM,
    SIGNER,
    SIGNING,
    STRONG,
    TAIL_LINES,
    WEAK,
    Clue,
    address_clues,
    certificate_schools,
    copied_clues,
    district_homes,
    document_clues,
    either,
    file_clues,
    headed_district,
    header_clue,
    home_places,
    is_ocr,
    level_alone_in,
    levels_written,
    message_text_clues,
    names_place,
    one_address,
    own_lines,
    signature_clues,
    signed_school,
    symbol_clue,
    text_clues,
    title_said,
    unread_name,
    unrecognised_note,
    words_shown,
)
from intake.clusters import Combined, combined_report
from intake.message import FORWARD_SUBJECT, REPLY_SUBJECT, Mail, attached_mail
from intake.names import (
    EXACT_PLACE,
    MG,
    MN,
    TH,
    TH_THCS,
    THCS,
    TONE_PLACE,
    Mention,
    bare_province,
    find_mentions,
    find_place_mentions,
    fit,
    garbled,
    issuer_mention,
    level_fits,
    lone_levels,
    parse_name,
)
from intake.registry import Registry, Resolution, goes_on
from kernel.config import SchoolConfig
from kernel.proof import SenderCheck, certificate_details
from kernel.schoolnames import commune_kind, commune_office_place, numbered_ward, without_kind
from kernel.store import CANDIDATES_KEPT
from parsers.document import Document, Signature, SignatureStatus
from parsers.issuers import nameless
from parsers.read import BODY_NAME
from parsers.text import fold, fold_aligned, nfc, tone_key

ASSIGN_AT = 3  # the support one school needs: a registered address, a header, or two named mentions
# How a paper speaks of its pupils (_paper_of_another_level), folded: a school's «học sinh» («HS»), at least
# _PUPILS_SAID times; a kindergarten's «trẻ» alone (not «trẻ em», every report's words) at least
# _CHILDREN_SAID times, or its groups.
_PUPILS = re.compile(r"\b(?:hoc sinh|hs)\b")
_PUPILS_SAID = 3
_CHILDREN = re.compile(r"\btre\b(?! em\b)")
_CHILDREN_SAID = 3
_GROUPS = re.compile(r"\bnhom,? (?:tre|lop)\b")
_LEVEL_TEXT = 400  # characters: a cover note or an annex says too little of its pupils
# The grades a paper's pupils are in, folded: «lớp 6», «khối 8, 9», «lớp 1 đến lớp 5», «lớp 9A2»; not a
# kindergarten's «lớp 5 tuổi». Grades 1-5 are a primary school's, 6-9 a lower-secondary school's; a paper
# naming _GRADES_SAID or more of one kind and none of the other writes as that school's.
_GRADES = re.compile(
    r"\b(?:lop|khoi)\s+(\d{1,2}(?:\s*(?:,|-|–|den|va)\s*(?:lop\s+|khoi\s+)?\d{1,2})*)(?!\d|\s*tuoi)"
)
_GRADE = re.compile(r"\d{1,2}")
_GRADES_SAID = 2
_PRIMARY_GRADES, _SECONDARY_GRADES = frozenset(range(1, 6)), frozenset(range(6, 10))
# A district's office a paper writes to or answers, folded: «Kính gửi: Phòng Giáo dục và Đào tạo huyện Tháp
# Mười», «… Công văn số 524/PGDĐT … của Phòng GD&ĐT huyện Tháp Mười về việc …»; the place is read up to
# what ends it (_addressed_elsewhere), in the paper's opening lines (_OPENING_LINES). An apostrophe or a
# hyphen between letters is part of the place («Ea H'leo», «Krông-Pắc»); a dash set apart ends it.
_DISTRICT_OFFICE = re.compile(
    r"\bphong\s*(?:giao duc\s*(?:&|va)\s*dao tao|gd\s*(?:&|-|va)?\s*dt|gddt)\s+"
    r"(?:huyen|quan|thi xa|thanh pho|tp\.?)\s+[a-z](?:[a-z ]|['-](?=[a-z]))*?\s*"
    r"(?=$|[^a-z' -]|['-](?![a-z])|\s(?:ve|tinh|nam|ngay)\s)"
)
_OPENING_LINES = 15
# "TM." or "KT." after other words: a PDF's signature column read on one line with "Nơi nhận:" beside it.
_SIGNING_BESIDE = re.compile(rf"(?<= )(?:t\s*/\s*m|t\s*m\s*\.|k\s*t\s*\.)[\s.:/]*(?:{SIGNER}\b[\s.:,-]*)?")
# A report's closing sentence, folded, up to the school it says the report is of: «Trên đây là báo cáo (kết
# quả thực hiện …) của Trường …»; what follows it is read as a school's name.
_CLOSING_START = re.compile(r"^tren +day +la +(?:bao +cao|bc)\b")
_CLOSING = re.compile(_CLOSING_START.pattern + r".*?\bcua +(?=truong\b)")
_SENTENCE_END = re.compile(r"[.;,(]|\s/")
# A report's opening sentence, folded, naming the school that reports: «Trường Tiểu học Mỹ Phú báo cáo kết quả
# …», or after what it answers «Thực hiện Công văn số …, Trường Tiểu học Mỹ Phú báo cáo …»; the first group
# is the school's name.
_OPENING = re.compile(r"(?:^|[,;:]\s*)(truong\b[^,;:.]*?)\s+(?:xin\s+)?bao\s+cao\b")
_MAIL_SIGNATURE_LINES = 3  # the last lines of a mail where the school's name alone is its signature
_VOWEL = re.compile(r"[aeiouy]")
_HAMLET = re.compile(r"^(?:ap|khu +pho)\b")  # a hamlet or a town quarter, folded: «Ấp Mỹ Lạc»
# Words of a mail saying it is sent for another school or for a cluster, on its lower-case text, each word
# with its marks or typed without any: «gửi giúp (báo cáo của) trường bạn», «nộp hộ các trường», «nhờ gửi
# giúp», «cụm trưởng», «các trường trong cụm», «cụm 3», «của cụm». Folding alone would read «Trưởng ban» as
# «trường bạn».
_FOR_OTHERS = re.compile(
    re.sub(
        r"[^\W\d_]*[^\x00-\x7f][^\W\d_]*",
        lambda word: f"(?:{word.group()}|{fold(word.group())})",
        r"(?<!\w)(?:gửi|nộp) +(?:giúp|giùm|dùm|hộ|thay)(?: +cho)?(?: +(?:báo +cáo|bc))?(?: +(?:của|cho))? +(?:các +)?"
        r"(?:trường|cụm|đơn +vị)\b|(?<!\w)trường +bạn\b|(?<!\w)nhờ +gửi +(?:giúp|giùm|dùm)\b"
        r"|(?<!\w)cụm +(?:trưởng|trường)\b|(?<!\w)trong +cụm\b|(?<!\w)cụm +(?:số +)?\d+\b|(?<!\w)của +cụm\b",
    )
)
# A subject naming a cluster by its word alone («BC NQ121 cụm Mỹ An», «Bao cao cum My An»): its lead's mail.
_CLUSTER_SUBJECT = re.compile(r"(?<!\w)(?:cụm|cum)(?!\w)")
_PAPERS = ("header", "signature", "document")  # where a paper itself names its school (clue sources)
_COVER_LINES = 10  # the lines of a mail's own text where it says what it sends, before any pasted report
# A forwarder's question about the form of the report it passes on («mẫu báo cáo như vầy được không?»), and
# a mail sent to another school for reference («gửi chị file tham khảo»), on lower-case text.
_SENTENCES = re.compile(r"(?<=[.?!])\s+|\n+")
_ABOUT_THE_FORM = re.compile(r"\bmẫu\b|\btham khảo\b|\bnhư (?:vầy|vậy|này|thế này)\b")
_FOR_REFERENCE = re.compile(r"[^.\n]*\btham khảo\b[^.\n]*")
# Words of a mail's own text saying it sends a paper to be read, not a report to be counted, on its
# lower-case text, each word with its marks or typed without any: «gửi Phòng tham khảo», «gửi mẫu», «báo
# cáo mẫu», «xin gửi kèm bài của trường bạn». A report sent «theo mẫu» is no sample; nor is one sent «để
# Phòng biết», what a principal or a commune writes of the very report it submits or passes on.
_AS_REFERENCE = re.compile(
    re.sub(
        r"[^\W\d_]*[^\x00-\x7f][^\W\d_]*",
        lambda word: f"(?:{word.group()}|{fold(word.group())})",
        r"(?<!\w)tham +khảo\b"
        r"|(?<!\w)gửi +(?:kèm +)?(?:bản +|file +|tệp +)?mẫu\b|(?<!\w)(?:báo +cáo|bc|bản|file|tệp) +mẫu\b"
        r"|(?<!\w)bài +(?:của +)?trường +bạn\b",
    )
)


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
    # A part of what waits names no school while another part names candidates (a paper of a school not on
    # the list beside a file named for one of ours): no candidate's later report settles it.
    unnamed_part: bool = False
    # The candidates only the office's letter to them, quoted by a mail that does not answer it, offers
    # (Clue.quoted): nothing ties the mail to them, so their later reports do not settle it.
    quoted_only: tuple[str, ...] = ()

    def also_waiting(self, reason: str, schools: Iterable[str]) -> MatchResult:
        """The same credits, with one more part of the message waiting for staff: reason said after any
        reason already given, and schools added to the candidates."""
        said = f"{self.review_reason} {reason}" if self.review_reason else reason
        added = tuple(schools)
        unnamed = self.unnamed_part or (self.review_reason is not None and not self.candidates) or not added
        candidates = tuple(dict.fromkeys((*self.candidates, *added)))
        return MatchResult(self.assignments, said, candidates, unnamed and bool(candidates), self.quoted_only)

    @property
    def schools(self) -> tuple[str, ...]:
        """Every school it credits or offers staff, those credited first."""
        return tuple(dict.fromkeys((*(a.school_id for a in self.assignments), *self.candidates)))

    def all_waiting(self, reason: str, *first: str) -> MatchResult:
        """Nothing credited: every school it credits or offers (after first) waits for staff, reason said
        before any reason already given."""
        said = f"{reason} {self.review_reason}" if self.review_reason else reason
        schools = tuple(dict.fromkeys((*first, *self.schools)))
        return MatchResult((), said, schools, self.unnamed_part, self.quoted_only)


def match(
    mail: Mail, documents: Sequence[Document], registry: Registry, origin: SenderCheck | None = None
) -> MatchResult:
    """The school (or schools) whose report this message carries, or a review with candidates.

    origin is what is known of the sender's authenticity (intake.origin); None when not checked.
    Sentences that say the same of many of the documents are said once (intake.repeats).
    """
    result = _match(mail, documents, registry, origin)
    names = [d.name for d in documents]
    return dataclasses.replace(
        result,
        assignments=tuple(
            dataclasses.replace(a, reasons=repeats.grouped(a.reasons, names)) for a in result.assignments
        ),
        review_reason=(
            repeats.grouped_text(result.review_reason, names)
            if result.review_reason
            else result.review_reason
        ),
    )


def _match(
    mail: Mail, documents: Sequence[Document], registry: Registry, origin: SenderCheck | None
) -> MatchResult:
    combined = {i: c for i, d in enumerate(documents) if (c := combined_report(d)) is not None}
    if combined:
        return _combined_wait(mail, documents, combined, registry, origin)
    clues = [
        *address_clues(mail, registry),
        *copied_clues(mail, registry),
        *message_text_clues(mail, documents, registry),
    ]
    notes: list[str] = []  # shown with any outcome: signatures that prove nothing, the sender's checks
    typed = {c.schools for c in clues if c.source == "body"}
    for index, document in enumerate(documents):
        read = document_clues(index, document, registry)
        if document.name == BODY_NAME:
            # A report typed into the mail is the mail's own text read again: what it names there is one
            # witness, already counted as the mail's words. Its letterhead, if typed, is a paper's.
            read = [c for c in read if c.source != "document" or c.titled or c.schools not in typed]
        clues.extend(read)
        signed, said = signature_clues(index, document, registry)
        clues.extend(signed)
        notes.extend(said)
    result = _signature_conflict(mail, clues, documents, registry) or _decide(
        clues, mail, documents, registry
    )
    result = _unmodified(_authenticated(result, mail, clues, registry, origin), documents, registry)
    result = _layer_unlike_image(result, documents, registry)
    result = _unrecognised(result, documents, registry)
    result = _imitated(result, mail, clues, registry)
    if origin is not None and origin.explanation:
        notes.append(origin.explanation)
    quoted = {s for c in clues if c.quoted for s in c.schools}
    tied = {s for c in clues if not c.quoted for s in c.schools}
    result = _noted(result, notes)
    return dataclasses.replace(result, quoted_only=tuple(s for s in result.candidates if s in quoted - tied))


def _combined_wait(
    mail: Mail,
    documents: Sequence[Document],
    combined: dict[int, Combined],
    registry: Registry,
    origin: SenderCheck | None,
) -> MatchResult:
    """A cluster's combined report stands for several schools: it waits for staff, with the sender's
    school and the members it names as candidates; the mail's other documents are matched as usual."""
    senders = [s for c in address_clues(mail, registry) if len(c.schools) == 1 for s in c.schools]
    levels = {n.level for s in senders for n in registry.names.get(s, ())}
    members: list[str] = []
    said = []
    for index, found in combined.items():
        document = documents[index]
        text = "\n".join(dict.fromkeys((found.members, document.text)))
        for mention in find_mentions(text, partners=False):
            members += registry.resolve(mention, tones_reliable=not is_ocr(document)).schools
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
        clue = header_clue(index, document, registry)
        if clue is not None and clue.clear:
            found |= clue.schools
    return frozenset(found)


def header_candidates(documents: Sequence[Document], registry: Registry) -> frozenset[str]:
    """The schools the documents' headers may name without naming one clearly («TRƯỜNG TIỂU HỌC MỸ THẠNH»
    of Mỹ Thạnh A and Mỹ Thạnh B)."""
    found: set[str] = set()
    for index, document in enumerate(documents):
        clue = header_clue(index, document, registry)
        if clue is not None:
            found |= clue.schools
    return frozenset(found)


def signed_schools(documents: Sequence[Document], registry: Registry) -> frozenset[str]:
    """The schools whose documents these are by valid signatures, each naming one school of ours."""
    found: set[str] = set()
    for index, document in enumerate(documents):
        found |= {s for c in signature_clues(index, document, registry)[0] for s in c.schools}
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
    # A cluster's archive of a folder per school is read folder by folder, each paper's header beside its
    # folder's name.
    if decided and (by_folder := _by_folder(clues, documents, registry)) is not None:
        return by_folder
    if len(decided) > 1:
        return _several(decided, clear, clues, mail, documents, registry)
    if len(decided) == 1 and (shared := _shared_as_reference(decided[0], mail, registry)) is not None:
        return _shared_as_reference_review(decided[0], shared, mail, clues, registry)
    if decided and any(c.source == "signature" for c in clues):
        return _by_signature(decided[0], clues, documents, registry)
    if decided:
        scanned = all(c.ocr for c in clues if c.clear and c.source == "header")
        replying = bool(REPLY_SUBJECT.match(fold(mail.subject)))
        said = _mail_says(clues, decided[0], registry, replying=replying)
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
        dated = _headed_dated_elsewhere(decided[0], clear, documents, clues, registry)
        if dated is not None:
            return _headed_dated_review(decided[0], *dated, clues, registry)
        asking = _forward_asking(decided[0], mail, registry)
        if asking is not None:
            return _forward_asking_review(decided[0], *asking, clues, registry)
        crossed = _address_of_another(decided[0], mail, clues, set(clear), registry)
        if crossed is not None:
            return _address_of_another_review(decided[0], crossed, mail.sender, clues, documents, registry)
        near = _near_level_alike(decided[0], clues, documents, registry)
        if near:
            return _near_level_review(decided[0], near, clues, registry)
        return _by_header(decided[0], clues, documents, registry)
    return _by_folder(clues, documents, registry) or _weigh(clues, mail, documents, registry)


def _by_folder(
    clues: Sequence[Clue], documents: Sequence[Document], registry: Registry
) -> MatchResult | None:
    """A cluster's archive with a folder per school («TH Mỹ An/BC.docx», «TH Mỹ Phú/BC.docx»): each paper
    is its folder's school's when the folder's name names exactly one school and nothing of the paper (its
    header, its text, its signature, its own file name) names another, nor, for a paper with no header,
    its date line (a place where other schools stand). Other folders wait for staff, each with the schools
    its name may mean. None when the documents are not all in folders of an archive, or fewer than two
    folders name schools, or they name one school only (one school's own archive, its folders «TH Mỹ An»
    and «Ảnh»: matched as any mail is).

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
                named_by[path] = text_clues(folder, said, "file", None, registry, places=True)
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
            choices.extend(s for c in _by_weight(named) for s in registry.in_order(c.schools))
            continue
        for index in indexes:
            leaf = documents[index].name.rsplit("/", 1)[1]
            against = [
                c
                for c in (
                    *(c for c in clues if c.document == index and c.source != "file"),
                    *file_clues(leaf, index, registry),
                )
                if c.weight > CANDIDATE and school not in c.schools
            ]
            # A date line speaks only for a paper with no header: a header agreeing with its folder says
            # whose it is, as a header read beside other schools' headers does (_several).
            headed = any(c.document == index and (c.source == "header" or c.clear) for c in clues)
            dated = None if headed else _dated_for_another(documents[index], school, registry)
            if against or dated:
                said_else = [c.reason for c in against]
                if dated is not None:
                    said_else.append(_dated_note(documents[index], *dated, registry))
                unsure.append(
                    f"{weighty[0].reason} Tuy vậy, văn bản {documents[index].name} có căn cứ khác: "
                    f"{' '.join(said_else)}"
                )
                choices.extend([school, *(s for c in against for s in registry.in_order(c.schools))])
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
                *file_clues(leaf, index, registry),
            )
            if c.weight > CANDIDATE
        )
        says = " ".join(dict.fromkeys(c.reason for c in own))
        if not own:
            # Nothing of it names a school: it is likely one of the folders' schools' or the sender's.
            likely = [registry.name(s) for s in (*folder_schools, *senders)]
            says = (
                "Văn bản không ghi rõ tên trường; có thể là của trường có thư mục trong tệp nén hoặc của "
                f"trường gửi thư: {either(likely)}."
                if likely
                else "Văn bản không ghi rõ tên trường."
            )
        unsure.append(
            f"Văn bản {documents[index].name} nằm ngoài các thư mục trong tệp nén {archive}: {says}"
        )
        choices.extend(s for c in own for s in registry.in_order(c.schools))
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
        if is_ocr(document):
            continue
        for line in [line.strip() for line in document.text.splitlines() if line.strip()][:HEAD_LINES]:
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
        coded = symbol_clue(index, documents[index], registry)
        if coded is None or read in coded.schools:
            continue
        if not sent:
            return coded, ""
        header = next((c for c in clues if c.source == "header" and c.document == index), None)
        own, _ = own_lines(documents[index], header)
        said = f"Văn bản {documents[index].name} ghi"
        written = text_clues(
            own, said, "document", index, registry, places=False, ocr=is_ocr(documents[index])
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
        f"{whose} là của {either([registry.name(s) for s in registry.in_order(coded.schools)])}: có thể là báo cáo của "
        "một trường làm trên văn bản của trường kia. Cần cán bộ chọn trường."
    )
    return _held(reason, clues, registry, (read, *registry.in_order(coded.schools)))


def sender_and_subject_agree(mail: Mail, registry: Registry) -> str | None:
    """The school the registered (or learned) address and the subject both name, if they agree."""
    subject = text_clues(mail.subject, "Tiêu đề thư ghi", "subject", None, registry, places=True)
    return agreed_school([*address_clues(mail, registry), *subject])


def named_schools(mail: Mail, registry: Registry, *, weakest: int = MEDIUM) -> tuple[str, ...]:
    """The schools a note waiting for staff names by level and place (its subject, its text, a document
    system's sending unit, the sender's name), for mail whose address names none: a school writing from a
    personal address, or the system's notice of a recalled paper; the names alone that forwarded mail gives
    its senders (Mail.unaddressed), and the schools from whose own addresses the mail it forwards came (a
    principal passing the school's mail on from a gmail). The schools every such clue names, else those any
    names: «MN Hoa Sen xã Mỹ Thạnh» beside «MN Hoa Sen» is the Mỹ Thạnh one. With weakest = CANDIDATE, a
    place without the school's level («Truong My An») names each school of that place too."""
    clues = message_text_clues(mail, (), registry)
    for _, name in mail.unaddressed:
        clues += text_clues(name, "Tên người gửi gốc ghi", "name", None, registry, places=False)
    named = [c.schools for c in clues if c.schools and c.weight >= weakest]
    named += [frozenset({s.id}) for a in mail.forwarded_from if (s := registry.by_address(a)) is not None]
    if not named:
        return ()
    common = frozenset.intersection(*named)
    return tuple(sorted(common or frozenset.union(*named)))


def agreed_school(clues: Iterable[Clue]) -> str | None:
    """The one school that both the sender's registered (or learned) address and the subject name."""
    return _address_and(clues, lambda c: c.source == "subject")


def _mail_says(
    clues: Sequence[Clue], read: str, registry: Registry, *, replying: bool = False
) -> tuple[str, str] | None:
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
        return agreed, f"Địa chỉ gửi và thư của {registry.speaker} mà thư này trả lời"
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
    return MatchResult((), reason, tuple(dict.fromkeys((read, *registry.in_order(unmatched.schools)))))


def _abbreviates(said: str, read: str, clues: Sequence[Clue], registry: Registry) -> bool:
    """Whether the mail's words, from an address that names no school or read's own, name said only by a
    name that is the start of read's (the header's): «BC NQ121 TH Mỹ An» over «TRƯỜNG TIỂU HỌC MỸ AN 2», the
    number left out of the subject, as after 2025 schools renamed after their commune ("Mỹ An 1", "Mỹ An
    2") often are. From another school's registered address the words are that school's and still disagree."""
    if any(c.source == "address" and c.schools and c.schools != {read} for c in clues):
        return False
    words = [c for c in clues if c.source in ("subject", "body") and c.weight >= MEDIUM and said in c.schools]
    if not words:
        return False
    if all(read in c.unnumbered for c in words):
        return True
    # From read's own address, with read's letterhead: «TH An Phú» is An Phú Tây's name, its last word left
    # out, not the report of An Phú.
    own = any(c.source == "address" and c.schools == {read} and c.weight >= STRONG for c in clues)
    return own and _starts_name(said, read, registry)


def _starts_name(short: str, whole: str, registry: Registry) -> bool:
    """Whether a name of short, without a number, is the start of a name of whole at the same level
    («Trường Tiểu học An Phú» of «Trường Tiểu học An Phú Tây»)."""
    return any(
        s.level == w.level
        and not s.suffix
        and len(shown := fold(s.place).split()) < len(wide := fold(w.place).split())
        and wide[: len(shown)] == shown
        for s in registry.names.get(short, ())
        for w in registry.names.get(whole, ())
    )


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
    places = [(f"Văn bản {d.name}", d.text, not is_ocr(d), False) for d in headed]
    places.append(("Nội dung thư", mail.own_body, True, True))
    found: dict[str, str] = {}
    for where, text, tones, mail_text in places:
        lines = [line.strip() for line in text.splitlines() if line.strip()][-TAIL_LINES:]
        # Where the school's name alone on a line signs: a mail's last lines (under "Trân trọng,"), or a
        # typed document's signature block, from its role's line alone on down ("HIỆU TRƯỞNG", the name,
        # then "Trường Tiểu học Mỹ Phú"); in a scan such a line may be a stamp's ring, shared by schools.
        if mail_text:
            bare = len(lines) - _MAIL_SIGNATURE_LINES
        else:
            bare = _signature_block(lines) if tones else len(lines)
        for at, (before, line) in enumerate(zip(["", *lines], lines, strict=False)):
            if ADDRESSING.search(fold(before)):  # "Kính gửi:" above it: whom a pasted letter addresses
                continue
            folded = fold_aligned(line)
            if not mail_text and _CLOSING_START.match(folded):
                closed = _closing_school(lines[at : at + 2], registry, tones)
                if closed is not None and closed[0] != read:
                    found.setdefault(closed[0], f"{where} kết thúc «{closed[1]}»")
                continue
            signing = SIGNING.match(folded) or _SIGNING_BESIDE.search(folded)
            alone = signing is None and at >= bare and fold(line).startswith("truong ")
            # under a typed document's role, the school's name may start with its level («THCS Mỹ An»,
            # «Tiểu học Mỹ Phú») as well as with «Trường»
            alone = alone or (signing is None and bare < at and not mail_text and _leads_with_level(line))
            mention = issuer_mention(line[signing.end() :] if signing else line) if signing or alone else None
            resolution = registry.resolve(mention, tones_reliable=tones) if mention else None
            if mention is None or resolution is None or resolution.schools[:1] == (read,):
                continue
            if _heads_both(line, read, registry, tones):
                continue
            if not resolution.clear and not _near_level_of_another(mention, resolution, read, registry):
                continue
            if alone and words_shown(mention, resolution, registry) < len(mention.words):
                continue  # "Trường THCS Mỹ An gửi báo cáo …": a sentence, not the school's name closing the mail
            shown = " ".join(line[signing.start() if signing else 0 :].split())
            found.setdefault(resolution.schools[0], f"{where} ký tên «{shown}»")
    return next(iter(found.items())) if len(found) == 1 else None


_CONCURRENTLY = re.compile(r"\bkiem(?: nhiem)?\b")  # «kiêm nhiệm», «kiêm», folded


def _heads_both(line: str, read: str, registry: Registry, tones: bool) -> bool:
    """Whether a signing line names read as the other school its signer heads as well («Hiệu trưởng Trường
    MG Tân Long (kiêm nhiệm MG Long Thuận)» under Long Thuận's header): it contradicts nothing."""
    found = _CONCURRENTLY.search(fold_aligned(line))
    if found is None:
        return False
    mention = issuer_mention(line[found.end() :].strip(" ():,;-–"))
    return mention is not None and registry.resolve(mention, tones_reliable=tones).schools[:1] == (read,)


def _leads_with_level(line: str) -> bool:
    """Whether a line starts with a school's level, in full or as its capital code: «THCS Mỹ An», «Tiểu học
    Mỹ Phú», «MG MỸ AN», not «THÁI THỊ HỒNG»."""
    return bool(LEVEL_IN_FULL.match(fold(line)) or re.match(rf"(?:{CODE_LEVEL.pattern})\b", line))


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
        if (found := SIGNING.match(fold_aligned(line))) and not line[found.end() :].strip()
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
        tones = not is_ocr(document)
        found = []
        for mention in find_mentions(title, partners=False):
            resolution = registry.resolve(mention, tones_reliable=tones)
            if not resolution.schools:
                continue
            if resolution.clear or _near_level_of_another(mention, resolution, read, registry):
                found.append(
                    (mention.shown(words_shown(mention, resolution, registry)), resolution.schools[0])
                )
        others = {school for _, school in found}
        partners = find_mentions(title, partners=True)  # «giữa Trường TH Mỹ An và …» names read as one of two
        if any(read in registry.resolve(m, tones_reliable=tones).schools[:1] for m in partners):
            continue
        if len(others) == 1:
            return title_said(document), *found[0]
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
        f"{either([registry.name(s) for s in others])} (có thể trường ghi cấp học theo cách gọi quen)."
    )
    return _review_between(said, others[0], read, clues)


def _near_level_alike(
    read: str, clues: Sequence[Clue], documents: Sequence[Document], registry: Registry
) -> tuple[str, ...]:
    """The kindergartens of the other level (mầm non, mẫu giáo) that nothing but level words tells read
    from: every clue naming read alone names it by a level word where they have its name («TRƯỜNG MẦM NON
    HOA SEN», «BC NQ121 MN Hoa Sen», «MN HS» beside a Mẫu giáo Hoa Sen), and no paper is dated in read's
    commune (not the office's town) and not theirs, nor did the mail reach the mailbox of a unit collecting read and none of them.
    People call a kindergarten either, so those words name them alike, as a name namesakes share does."""
    own = [c for c in clues if c.schools == {read} and c.weight >= MEDIUM]
    if not own or any(not c.near for c in own):
        return ()  # a registered or learned address, a commune written, or a school's words of no level
    near = frozenset().union(*(c.near for c in own))
    if any(n.level not in (MN, MG) for s in (read, *near) for n in registry.names.get(s, ())):
        return ()  # a TH&THCS and a one-level school: the level word names the school, as its header does
    # The office's town tells no kindergarten from another: schools across the district date papers there.
    # A town written as one («Thị trấn Kênh Xáng» dating it, «UBND THỊ TRẤN KÊNH XÁNG» over the school's
    # name) is the school's commune, though the district is named after it.
    office = {fold(p) for p in (*home_places(registry.offices), *registry.provinces)}
    for document in documents:
        place = document.header.place or ""
        kind_written = without_kind(place) != " ".join(place.split())
        committee = commune_office_place(document.header.parent_body or "")
        for written in (place if kind_written or not _place_keys(place) & office else "", committee or ""):
            if (
                written
                and _dated_at(written, read, registry)
                and not any(_dated_at(written, s, registry) for s in near)
            ):
                return ()
    collected = registry.inbox[1]
    if read in collected and not near & collected:
        return ()
    return tuple(sorted(near))


def _near_level_review(
    read: str, near: Sequence[str], clues: Sequence[Clue], registry: Registry
) -> MatchResult:
    others = either([registry.name(s) for s in near])
    reason = (
        f"{_said_for(read, clues)} Chỉ chữ ghi cấp học phân biệt {registry.name(read)} với {others}, trường "
        "cùng tên khác cấp học (người ta gọi lẫn cấp học mầm non và mẫu giáo); không căn cứ nào khác phân biệt "
        "hai trường (địa chỉ thư đã đăng ký, hay xã của riêng một trường ghi trên tiêu đề, ở dòng ngày tháng hay "
        "sau tên trường). Cần cán bộ chọn trường."
    )
    return _held(reason, clues, registry, (read, *near))


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
    """A header naming read, in a mail whose own words (or a paper's certificate) place a school of that
    very name in another province or district: the header names the name, which the namesake there
    shares, not which school."""
    where = "chứng thư số của chữ ký trên văn bản" if away.source == "document" else "thư"
    said = (
        f"Tiêu đề văn bản ghi tên {registry.name(read)}, nhưng {where} ghi trường cùng tên ấy ở nơi khác "
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
    """The places, folded, that say nothing against school: its own, the office's, the provinces'."""
    return _homes_of(school, registry) | {
        fold(p) for p in (*home_places(registry.offices), *registry.provinces)
    }


def _place_keys(place: str) -> set[str]:
    """A date line's place («Thủ Thừa», «Xã Mỹ Lạc», «TP. Hồ Chí Minh»), folded, as written and without the
    word saying its kind, as the office's places and the configured provinces are compared."""
    return {fold(place), fold(without_kind(place)), fold(bare_province(place))}


def _homes_of(school: str, registry: Registry) -> set[str]:
    """The places, folded, that are school's own: its name's and its communes, each also without the word
    saying its kind, as papers and mail write it («Tân An, ngày …» of a school in «Thị trấn Tân An»)."""
    homes = registry.homes.get(school, ())
    own = {fold(h) for h in homes} | {fold(without_kind(h)) for h in homes}
    return own | {fold(n.place) for n in registry.names.get(school, ())}


def _heads_others(clue: Clue) -> bool:
    """Whether clue is a paper's header naming schools of ours only by a near level or a typo («TRƯỜNG MẦM
    NON MỸ PHÚ» for Mẫu giáo Mỹ Phú, «MỸ PHÚC» for Mỹ Phú): too loose to credit them, but the paper is
    theirs, not another school's, as surely as a header naming no school of ours is not the sender's."""
    return clue.source == "header" and bool(clue.schools) and clue.weight > CANDIDATE


def _ranked(clues: Sequence[Clue], registry: Registry) -> list[str]:
    schools = dict.fromkeys(
        s for c in sorted(clues, key=lambda c: -c.weight) for s in registry.in_order(c.schools)
    )
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
    ranked = _ranked(clues, registry)
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
        return _held(reason, clues, registry, (winners[0], *registry.in_order(unmatched.schools)))
    if len(winners) == 1 and (misread := _misread_as_another(winners[0], clues)) is not None:
        support = _said_for(winners[0], clues)
        reason = f"Các căn cứ không thống nhất: {support} {misread.reason} Cần cán bộ chọn trường."
        return _held(reason, clues, registry, (winners[0], *registry.in_order(misread.schools)))
    if len(winners) == 1 and (toned := _toned_scan(winners[0], clues, documents, registry)) is not None:
        return _toned_scan_review(winners[0], *toned, documents, clues, registry)
    if len(winners) == 1 and (loose := _named_at_another_level(winners[0], clues, registry)) is not None:
        support = _said_for(winners[0], clues)
        reason = (
            f"Các căn cứ không thống nhất: {support} {loose.reason} Tên ấy là của trường khác cấp học với "
            f"{registry.name(winners[0])}, nên báo cáo có thể không phải của trường gửi. Cần cán bộ chọn trường."
        )
        return _held(reason, clues, registry, (winners[0], *registry.in_order(loose.schools)))
    if (
        len(winners) == 1
        and (other := _loosely_named_other(winners[0], clues, mail, documents, registry)) is not None
    ):
        support = _said_for(winners[0], clues)
        reason = f"Các căn cứ không thống nhất: {support} {other.reason} Cần cán bộ chọn trường."
        return _held(reason, clues, registry, (winners[0], *registry.in_order(other.schools)))
    if len(winners) == 1 and (named := _whole_name_of_another(winners[0], clues)) is not None:
        return _whole_name_disagrees(winners[0], named, clues, registry)
    if len(winners) == 1 and (near := _near_level_alike(winners[0], clues, documents, registry)):
        return _near_level_review(winners[0], near, clues, registry)
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
    if len(winners) == 1 and (stranger := _stranger_elsewhere(winners[0], mail, clues, registry)) is not None:
        return _stranger_review(winners[0], *stranger, clues, registry)
    if len(winners) == 1 and (beside := _stranger_beside(winners[0], mail, clues, registry)) is not None:
        return _but(winners[0], beside, clues, registry)
    # a header naming the school loosely («TRƯỜNG MẦM NON MỸ AN» for Mẫu giáo Mỹ An) over a neighbour's place
    headed = [
        c.document
        for c in clues
        if len(winners) == 1 and c.source == "header" and c.document is not None and c.schools == {winners[0]}
    ]
    if (
        headed
        and (misdated := _headed_dated_elsewhere(winners[0], headed, documents, clues, registry)) is not None
    ):
        return _headed_dated_review(winners[0], *misdated, clues, registry)
    if (
        len(winners) == 1
        and (namesake := _namesake_dated(winners[0], clues, documents, registry)) is not None
    ):
        return _namesake_dated_review(winners[0], *namesake, documents, clues, registry)
    if len(winners) == 1 and (_only_by_address(winners[0], clues) or _only_by_words(winners[0], clues)):
        dated = _dated_elsewhere([winners[0]], clues, documents, registry)
        if dated:
            return _dated_review(winners[0], dated, documents, clues, registry)
        if (levelled := _paper_of_another_level(winners[0], clues, documents, registry)) is not None:
            return _paper_of_another_level_review(winners[0], *levelled, clues, registry)
        if (addressed := _addressed_elsewhere(clues, documents, registry)) is not None:
            return _but(winners[0], addressed, clues, registry)
    mine = _inbox_namesake(clues, registry) if len(winners) != 1 else None
    if mine is not None and (issued := _inbox_dated_elsewhere(mine, clues, documents, registry)) is not None:
        return _inbox_dated_review(mine, *issued, documents, clues, registry)
    if (
        mine is not None
        and (lettered := _inbox_headed_elsewhere(mine, clues, documents, registry)) is not None
    ):
        return _inbox_headed_review(mine, *lettered, documents, clues, registry)
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
    if len(ranked) == 1 and not winners and _only_by_words(ranked[0], clues):
        # Too little to credit the one school the mail's words or thread name (the office's mail to it that
        # someone else answers): the paper's own date line or level may tell whose it is, for staff too,
        # and those schools wait with it rather than be reminded.
        only = ranked[0]
        if dated := _dated_elsewhere([only], clues, documents, registry):
            return _dated_review(only, dated, documents, clues, registry)
        if (levelled := _paper_of_another_level(only, clues, documents, registry)) is not None:
            return _paper_of_another_level_review(only, *levelled, clues, registry)
    ruled_out = _ruled_out_by_commune(clues)
    candidates = _shortlist([s for s in ranked if s not in ruled_out], clues)
    apart = {id(c) for s in ranked[:1] for c in _places_others(s, clues, registry)}
    weighty = [c for c in _by_weight(clues) if c.weight >= MEDIUM or _heads_others(c) or id(c) in apart]
    if not clues:
        who = f"Địa chỉ gửi {mail.sender}" if mail.sender else "Người gửi (thư không có địa chỉ gửi hợp lệ)"
        if mail.forwarded_from:
            sender = mail.sender or "người gửi không rõ địa chỉ"
            who = f"Thư chuyển tiếp từ {sender}; người gửi gốc {', '.join(mail.forwarded_from)}"
        # A letterhead «TRƯỜNG» whose name was deleted or hidden names no school: no unit missing from the
        # config, as an issuer the registry does not know would be.
        blank = [d for d in documents if d.header.issuer and nameless(d.header.issuer)]
        issuers = list(
            dict.fromkeys(d.header.issuer for d in documents if d.header.issuer and d not in blank)
        )
        unread = [d for d in documents if d.header.issuer and is_ocr(d) and garbled(d.header.issuer)]
        if unread:
            reason = f"{who} không có trong danh sách trường. " + " ".join(
                unread_name(d.name, d.header.issuer or "") for d in unread
            )
        elif issuers:  # a unit the registry does not know (a private kindergarten, a "nhóm trẻ")
            named = ", ".join(f"«{issuer}»" for issuer in issuers[:3])
            reason = (
                f"{who} không có trong danh sách trường; văn bản ghi đơn vị {named}, không khớp trường nào "
                "trong danh sách (có thể là cơ sở chưa có trong tệp cấu hình)."
            )
        elif blank:
            said = ", ".join(dict.fromkeys(f"«{d.header.issuer}»" for d in blank))
            reason = (
                f"{who} không có trong danh sách trường; dòng tên trường ở đầu văn bản để trống (văn bản "
                f"{', '.join(d.name for d in blank)} chỉ ghi {said}, tên trường có thể đã bị xóa hay ẩn đi), và "
                "thư không ghi tên trường nào."
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
    return list(dict.fromkeys(shown for shown, _ in _stranger_mentions(text, registry)))


def _stranger_mentions(text: str, registry: Registry) -> Iterator[tuple[str, frozenset[str]]]:
    """Of _strangers: each as written, with the levels it writes. «MN Thị Trấn» is the town's school of ours."""
    for mention in find_mentions(text):
        words = mention.words[:LONGEST_PLACE]
        named = next((i for i, w in enumerate(words) if not _syllable(w)), len(words))
        if named == 1 and numbered_ward(" ".join(words[:2])):
            named = 2  # «TH Phường 12»: a numbered ward's school
        if (
            mention.levels
            and named >= 2
            and not registry.resolve(mention).schools
            and not registry.in_town(mention)
        ):
            yield mention.shown(named), mention.levels


def _stranger_elsewhere(
    school: str, mail: Mail, clues: Sequence[Clue], registry: Registry
) -> tuple[str, str] | None:
    """The subject or the mail's own text naming, by a level school is not at nor near, a school that is not on
    the roster («BC NQ121 THCS Hòa Khánh» from Tiểu học Mỹ An's address), when only the sender's address names
    school: a report sent for a school of another level. Where it is written, and the words."""
    if not _only_by_address(school, clues):
        return None
    own = [n.level for n in registry.names.get(school, ())]
    for where, line in _own_lines(mail):
        for shown, levels in _stranger_mentions(line, registry):
            if not any(level_fits(levels, level) for level in own):
                return where, shown
    return None


def _stranger_review(
    school: str, where: str, shown: str, clues: Sequence[Clue], registry: Registry
) -> MatchResult:
    name = registry.name(school)
    reason = (
        f"Thư gửi từ địa chỉ của {name}, nhưng {where} ghi «{shown}», không khớp tên trường nào trong danh sách, "
        f"mà {name} không phải trường cấp học này: có thể là báo cáo của một trường khác được gửi giúp. Cần cán "
        "bộ chọn trường."
    )
    return _held(reason, clues, registry, (school,))


def _stranger_beside(school: str, mail: Mail, clues: Sequence[Clue], registry: Registry) -> str | None:
    """The subject or the mail's own text naming, beside school, a school that is not on the roster («BC NQ121
    TH Mỹ An và TH Hòa Khánh»), when only those words name school: no paper says which of the two it is,
    and the other may be a school the office has not listed yet. What a review says of it."""
    if not _only_by_words(school, clues):
        return None
    for where, line in _own_lines(mail):
        for shown, _ in _stranger_mentions(line, registry):
            return (
                f"{where} cũng ghi «{shown}», không khớp tên trường nào trong danh sách (có thể là trường chưa có "
                f"trong tệp cấu hình), và không văn bản nào ghi tên trường: có thể là báo cáo của trường ấy, không "
                f"phải của {registry.name(school)}."
            )
    return None


def _but(school: str, against: str, clues: Sequence[Clue], registry: Registry) -> MatchResult:
    """The mail waits, offering school: what names it, «but» what is against it."""
    return _held(
        f"{_said_for(school, clues)} Nhưng {against} Cần cán bộ chọn trường.", clues, registry, (school,)
    )


def _syllable(word: str) -> bool:
    """Whether a word may be a syllable of a name: capitalised, with a vowel (initials have none)."""
    return goes_on(word, capitals=word.isupper()) and _VOWEL.search(fold(word)) is not None


def _held(reason: str, clues: Sequence[Clue], registry: Registry, first: Sequence[str] = ()) -> MatchResult:
    """The mail waits for staff: the schools first, then those the clues rank highest, as candidates."""
    return MatchResult(
        (), reason, tuple(dict.fromkeys((*first, *_shortlist(_ranked(clues, registry), clues))))
    )


def _passed_on(school: str, mail: Mail, clues: Sequence[Clue], registry: Registry) -> str | None:
    """Who first sent a message school's address forwards, as staff read it, when the forwarder's From
    line is all that names school and the original sender is no school's: an address that names no school
    (a teacher's gmail), or a name alone (a mail saved from Exchange, Outlook's "From: Nguyễn Văn Bảy"
    over "Sent:") that does not name school. A cluster's lead school passes on its members' mail, so the
    report is whoever wrote it first's, not surely the forwarder's."""
    if not _only_by_address(school, clues):
        return None
    for original in mail.forwarded_from:
        if original != mail.sender and not one_address(original, "forward", registry):
            return f"{original}, địa chỉ không có trong danh sách trường"
    forward = bool(FORWARD_SUBJECT.match(fold(mail.subject)))
    for file, name in mail.unaddressed:
        # Under a subject typed anew, a header block in the text is the mail this one answers (the
        # office's reminder, quoted by Outlook with its sender's name alone), not one it passes on.
        if (not file and not forward) or _an_office(name, registry):
            continue
        if any(school in c.schools for c in text_clues(name, "", "name", None, registry, places=False)):
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
    return _held(reason, clues, registry)


def _only_by_address(school: str, clues: Sequence[Clue]) -> bool:
    """Whether the sender's From line (its address, and the name the sender's mail program shows) is all
    that names school: no word of the mail or its papers does."""
    return all(c.source in ("address", "name") for c in clues if school in c.schools and c.weight > CANDIDATE)


def _only_by_words(school: str, clues: Sequence[Clue]) -> bool:
    """Whether only the words of the mail name school (its subject, text, the names of files not read, the
    name its sender's mail program shows): neither a paper it carries (a header, signing block, lines or
    file name) nor the address of the school that sent it (or whose mail it forwards), which says whose
    mail it is as the words do: that school's own mail naming it is its report."""
    return all(
        c.document is None and c.source not in ("header", "signature", "document", "address", "forward")
        for c in clues
        if school in c.schools and c.weight > CANDIDATE
    )


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
    return _held(reason, clues, registry)


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
        f"trường, mà {name} không thuộc {commune_kind(clue.letterhead)} này theo danh sách: có thể là báo cáo của "
        f"{either([registry.name(s) for s in peers])} được gửi giúp. Cần cán bộ chọn trường."
    )
    homes = {fold(h) for h in registry.homes.get(school, ())}
    named = {fold(n.place) for n in registry.names.get(school, ())}
    if homes <= named and (place := commune_office_place(clue.letterhead)):
        # The list gives the school no commune but its name's: it may be in that commune since a merger.
        place = " ".join(word.capitalize() for word in place.split())
        kind = commune_kind(clue.letterhead)
        # «Phường 11» says its kind; «Mỹ An» is said «xã Mỹ An»
        where = place if fold(place).startswith(fold(kind)) else f"{kind} {place}"
        reason += (
            f' Nếu {name} nay thuộc {where} (sau khi sáp nhập), ghi commune = "{place}" cho trường trong '
            "tệp cấu hình để thư sau được ghi nhận."
        )
    return _held(reason, clues, registry, (school, *peers))


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
    … của Trường Tiểu học», «… TRƯỜNG TIỂU HỌC NĂM 2025», levels_written) at a level school is not at, nor
    near: a sister school's report made on the same computer, or a member's passed on. Only these count: a
    report's text mentions other levels in passing. Where it is written, the words, and the schools of that
    level in school's commune."""
    own = [n.level for n in registry.names.get(school, ())]
    for document in documents:
        for said, words, levels in levels_written(document):
            if not any(level_fits(levels, level) for level in own):
                return said, words, _peers_at(school, levels, registry)
    return None


def _titled_review(
    school: str, said: str, words: str, peers: tuple[str, ...], clues: Sequence[Clue], registry: Registry
) -> MatchResult:
    name = registry.name(school)
    whose = either([registry.name(s) for s in peers]) if peers else "trường khác"
    reason = (
        f"{said} «{words}», không ghi tên trường, mà {name} không phải trường cấp học này: có thể là báo cáo "
        f"của {whose}, không phải của {name}. Cần cán bộ chọn trường."
    )
    return _held(reason, clues, registry, (*peers, school))


def _headed_titled_review(
    school: str, said: str, words: str, peers: tuple[str, ...], clues: Sequence[Clue], registry: Registry
) -> MatchResult:
    """A paper headed for school whose own title or signing block writes another level with no name
    («TRƯỜNG MẪU GIÁO MỸ AN» over «… TRƯỜNG TIỂU HỌC NĂM 2025»): one school's report made on its sister
    school's file, the header or the title left unchanged. Only a person can tell which."""
    name = registry.name(school)
    whose = either([registry.name(s) for s in peers]) if peers else "trường khác"
    reason = (
        f"Tiêu đề văn bản ghi {name}, nhưng {said[0].lower()}{said[1:]} «{words}», không ghi tên trường, mà "
        f"{name} không phải trường cấp học này: có thể là báo cáo của {whose} làm trên văn bản của {name}, "
        "hoặc ngược lại. Cần cán bộ chọn trường."
    )
    return _held(reason, clues, registry, (school, *peers))


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
    for where, line in _own_lines(mail):
        found = level_alone_in(line)
        if found is not None and not any(level_fits(found[1], level) for level in own):
            return where, found[0], _peers_at(school, found[1], registry)
    return None


def _own_lines(mail: Mail) -> Iterator[tuple[str, str]]:
    """The subject and the first lines of the mail's own text (NFC), each with where it is written."""
    yield "tiêu đề thư", nfc(mail.subject)
    for line in [line for line in mail.own_body.splitlines() if line.strip()][:_COVER_LINES]:
        yield "nội dung thư", nfc(line)


def _level_said_review(
    school: str, where: str, words: str, peers: tuple[str, ...], clues: Sequence[Clue], registry: Registry
) -> MatchResult:
    name = registry.name(school)
    whose = either([registry.name(s) for s in peers]) if peers else "trường khác"
    reason = (
        f"Thư gửi từ địa chỉ của {name}, nhưng {where} ghi «{words}», không ghi tên trường, mà {name} không "
        f"phải trường cấp học này: có thể là báo cáo của {whose}. Cần cán bộ chọn trường."
    )
    return _held(reason, clues, registry, (*peers, school))


def _lone_level_review(
    school: str, document: Document, peers: tuple[str, ...], clues: Sequence[Clue], registry: Registry
) -> MatchResult:
    name = registry.name(school)
    issuer = " ".join((document.header.issuer or "").split())
    reason = (
        f"Tiêu đề văn bản {document.name} chỉ ghi «{issuer}», không ghi tên trường, mà {name} (địa chỉ gửi) "
        "không phải trường cấp học này: có thể là báo cáo của trường khác được gửi giúp. Cần cán bộ chọn trường."
    )
    return _held(reason, clues, registry, (school, *peers))


def _dated_review(
    school: str,
    dated: dict[int, tuple[str, tuple[str, ...]]],
    documents: Sequence[Document],
    clues: Sequence[Clue],
    registry: Registry,
) -> MatchResult:
    """Mail only school's address, or only the mail's own words, name, carrying papers dated in another
    commune (_dated_elsewhere): another school's report sent for it, or a subject naming the school that
    sent it instead of the one whose paper it is."""
    name = registry.name(school)
    said = " ".join(
        _dated_note(documents[i], place, placed, registry) for i, (place, placed) in dated.items()
    )
    if _only_by_address(school, clues):
        reason = (
            f"Thư gửi từ địa chỉ của {name}, ngoài địa chỉ gửi không căn cứ nào ghi tên trường. {said} Có thể "
            f"là báo cáo của trường khác được gửi giúp, không phải báo cáo của chính {name}. Cần cán bộ chọn "
            "trường."
        )
    else:
        support = _said_for(school, clues)
        reason = (
            f"{support} {said} Có thể là báo cáo của trường khác, không phải của {name}. Cần cán bộ chọn "
            "trường."
        )
    return _held(reason, clues, registry, (school, *(s for _, placed in dated.values() for s in placed)))


def _paper_of_another_level(
    school: str, clues: Sequence[Clue], documents: Sequence[Document], registry: Registry
) -> tuple[Document, str] | None:
    """A paper naming no school that writes of its pupils as schools of another level than school's do,
    carried by mail that names school by its address or only by its words: the report of a school of that
    level, sent by someone who sends both schools' mail (a clerk of both, the address of one), not school's.
    The paper, and the level it writes as: MN for a kindergarten («trẻ», «nhóm, lớp»), TH or THCS by the
    grades it names, "" for a school of either («học sinh»).

    A kindergarten writes «trẻ» alone (every report writes «trẻ em», the resolution's words) or of its
    groups («các nhóm, lớp»), and never «học sinh»; a primary or secondary school writes «học sinh» again
    and again, and neither of the other; of those, a primary school's pupils are in grades 1 to 5, a
    lower-secondary school's in 6 to 9. A paper writing both ways, or too little, says nothing."""
    levels = {n.level for n in registry.names.get(school, ())}
    if not levels or (levels & {MN, MG} and levels - {MN, MG}):
        return None
    named = {c.document for c in clues if c.document is not None and (c.schools or c.source == "header")}
    long = [i for i, d in enumerate(documents) if len(d.text) >= _LEVEL_TEXT]
    if not long or any(i in named for i in long):
        return None  # a paper naming a school beside it, or none saying enough: not this
    written = [_level_written(fold(documents[i].text)) for i in long]
    if levels <= {MN, MG}:
        if any(w not in ("", TH, THCS) for w in written):
            return None
        said = {w or "" for w in written}
        return documents[long[0]], said.pop() if len(said) == 1 else ""
    other = THCS if levels == {TH} else TH if levels == {THCS} else None
    for level in (MN, other):
        if level is not None and all(w == level for w in written):
            return documents[long[0]], level
    return None


def _addressed_elsewhere(
    clues: Sequence[Clue], documents: Sequence[Document], registry: Registry
) -> str | None:
    """A paper with no header whose opening writes to, or answers, another district's office than ours
    («Kính gửi: Phòng Giáo dục và Đào tạo huyện Tháp Mười»): the report of a school of the same name there
    (Mỹ An is a commune of Tháp Mười as of Thủ Thừa), sent to our mailbox by mistake. What a review says of
    it; None when the office is no district's: a province's papers name their former districts."""
    homes = district_homes(registry.offices)
    if not homes:
        return None
    headed = {c.document for c in clues if c.source == "header"}
    for index, document in enumerate(documents):
        if index in headed:
            continue
        for line in document.text.splitlines()[:_OPENING_LINES]:
            for found in _DISTRICT_OFFICE.finditer(fold_aligned(line)):
                office = " ".join(line[found.start() : found.end()].split())
                if not any(names_place(office, home, ocr=False) for home in homes):
                    return (
                        f"văn bản {document.name} không ghi tên trường và gửi cho «{office}», không phải "
                        f"{registry.offices[0]}: có thể là báo cáo của trường cùng tên ở địa phương khác gửi nhầm."
                    )
    return None


def _level_written(folded: str) -> str | None:
    """The level a paper's text writes as (see _paper_of_another_level); None when it says too little or
    both ways."""
    pupils = len(_PUPILS.findall(folded))
    children = bool(_GROUPS.search(folded)) or len(_CHILDREN.findall(folded)) >= _CHILDREN_SAID
    if children and not pupils:
        return MN
    if pupils < _PUPILS_SAID or children:
        return None
    grades = [int(g) for found in _GRADES.findall(folded) for g in _GRADE.findall(found)]
    primary = sum(g in _PRIMARY_GRADES for g in grades)
    secondary = sum(g in _SECONDARY_GRADES for g in grades)
    if primary >= _GRADES_SAID and not secondary:
        return TH
    if secondary >= _GRADES_SAID and not primary:
        return THCS
    return ""


def _paper_of_another_level_review(
    school: str, document: Document, level: str, clues: Sequence[Clue], registry: Registry
) -> MatchResult:
    name = registry.name(school)
    places = {fold(n.place) for n in registry.names.get(school, ())}
    levels = {
        MN: frozenset({MN, MG}),
        TH: frozenset({TH, TH_THCS}),
        THCS: frozenset({THCS, TH_THCS}),
        "": frozenset({TH, THCS, TH_THCS}),
    }[level]
    commune = _peers_at(school, levels, registry)
    # those of school's own name («Tân Thành») when there are: its sister schools; else its commune's
    peers = [s for s in commune if places & {fold(n.place) for n in registry.names.get(s, ())}] or commune
    written, other = {
        MN: (
            "viết về «trẻ», «nhóm, lớp» như báo cáo của trường mầm non, mẫu giáo, không có chữ «học sinh» nào",
            "một trường mầm non, mẫu giáo",
        ),
        TH: ("viết về học sinh các lớp 1 đến 5 như báo cáo của trường tiểu học", "một trường tiểu học"),
        THCS: ("viết về học sinh các lớp 6 đến 9 như báo cáo của trường THCS", "một trường THCS"),
        "": (
            "viết về «học sinh» như báo cáo của trường tiểu học, THCS, không viết về «trẻ», «nhóm, lớp» như "
            "trường mầm non, mẫu giáo",
            "một trường tiểu học, THCS",
        ),
    }[level]
    whose = either([registry.name(s) for s in peers]) if peers else other
    support = _said_for(school, clues)
    reason = (
        f"{support} Văn bản {document.name} không ghi tên trường, và {written}: có thể là báo cáo của {whose}, "
        f"không phải của {name}. Cần cán bộ chọn trường."
    )
    return _held(reason, clues, registry, (school, *peers))


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


def _loosely_named_other(
    school: str, clues: Sequence[Clue], mail: Mail, documents: Sequence[Document], registry: Registry
) -> Clue | None:
    """A school the sender's own label (the subject, a file's name, an archive's member's) names loosely, none of its schools being
    school, when no paper of the mail names school: by a near level («MN Long Thạnh» for Mẫu giáo Long
    Thạnh, as people call every kindergarten) or without tone marks. «BC NQ121 MG Bình An gửi giúp MN Long
    Thạnh» over a scan whose header was cut off may be either school's report. Too loose to credit the
    other school, it is too much to credit school over. A partner the label names («phối hợp với trường MN
    Mỹ An») is not whose report it is."""
    # A report typed into the mail: the mail's text is its paper, and its words are the paper's.
    typed = any(d.name == BODY_NAME for d in documents)
    if any(
        school in c.schools and c.weight >= MEDIUM and (c.source in _PAPERS or (typed and c.source == "body"))
        for c in clues
    ):
        return None
    loose = [
        c
        for c in clues
        if c.source in ("subject", "file")
        and c.weight == WEAK
        and c.schools
        and school not in c.schools
        and not c.place
    ]
    if not loose:
        return None
    labels = dict.fromkeys((mail.subject, *(a.name for a in mail.attachments), *(d.name for d in documents)))
    named = {
        frozenset(registry.resolve(m).schools) for text in labels for m in find_mentions(text, partners=False)
    }
    return next((c for c in loose if c.schools in named), None)


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


def _inbox_dated_elsewhere(
    mine: str, clues: Sequence[Clue], documents: Sequence[Document], registry: Registry
) -> tuple[int, str, tuple[str, ...]] | None:
    """A paper dated at a commune of ours that is not that of mine, the namesake the receiving unit collects
    (_inbox_namesake): «Bình Hòa, ngày …» places the paper where another of the namesakes is, or where none
    of them is, and the mailbox the mail reached does not outweigh where the paper says it was issued. The
    paper, its place and the namesakes there."""
    alike = frozenset(s for c in clues if c.weight > CANDIDATE for s in c.schools) - {mine}
    for index, document in enumerate(documents):
        dated = _dated_for_another(document, mine, registry, alike)
        if dated is not None:
            return index, dated[0], tuple(s for s in dated[1] if s in alike)
    return None


def _inbox_dated_review(
    mine: str,
    index: int,
    place: str,
    others: Sequence[str],
    documents: Sequence[Document],
    clues: Sequence[Clue],
    registry: Registry,
) -> MatchResult:
    where = (
        f"nơi của {either([registry.name(s) for s in others])}"
        if others
        else "nơi không có trường nào mang tên này"
    )
    but = f"văn bản {documents[index].name} có dòng ngày tháng ghi nơi ban hành «{place}», {where}"
    return _inbox_outweighed(mine, but, others, clues, registry)


def _inbox_outweighed(
    mine: str, but: str, others: Sequence[str], clues: Sequence[Clue], registry: Registry
) -> MatchResult:
    """The review of a mail the receiving unit's mailbox would give to mine, its namesake, but for what the
    paper says (but): staff choose among the others it points to and mine."""
    reason = (
        f"Các căn cứ không thống nhất: {_said_for(mine, clues)} Thư gửi đến hộp thư của {registry.inbox[0]}, "
        f"đơn vị thu báo cáo của {registry.name(mine)}, nhưng {but}. Cần cán bộ chọn trường."
    )
    return _held(reason, clues, registry, (*others, mine))


def _inbox_headed_elsewhere(
    mine: str, clues: Sequence[Clue], documents: Sequence[Document], registry: Registry
) -> tuple[int, str, tuple[str, ...]] | None:
    """A paper headed by a district's office («PHÒNG GD&ĐT PHƯỚC SƠN», «UBND HUYỆN PHƯỚC SƠN») that the
    config does not record as ever collecting mine, the namesake the receiving unit collects
    (_inbox_namesake): a school of another former district mails the commune it knows, and the mailbox does
    not outweigh the letterhead. The paper, its parent body and the namesakes that office collected."""
    alike = registry.in_order({s for c in clues if c.weight > CANDIDATE for s in c.schools} - {mine})
    for index, document in enumerate(documents):
        headed = headed_district(document, (mine, *alike), registry)
        if headed is not None and mine not in headed[1]:
            return index, headed[0], headed[1]
    return None


def _inbox_headed_review(
    mine: str,
    index: int,
    parent: str,
    others: Sequence[str],
    documents: Sequence[Document],
    clues: Sequence[Clue],
    registry: Registry,
) -> MatchResult:
    there = (
        f"trường cùng tên thuộc đơn vị ấy là {either([registry.name(s) for s in others])}"
        if others
        else "tệp cấu hình không ghi trường cùng tên nào thuộc đơn vị ấy"
    )
    but = (
        f"tiêu đề văn bản {documents[index].name} ghi cơ quan chủ quản «{parent}», đơn vị mà tệp cấu hình không "
        f"ghi là đã thu báo cáo của {registry.name(mine)}; {there}"
    )
    return _inbox_outweighed(mine, but, others, clues, registry)


def _address_of_another(
    read: str, mail: Mail, clues: Sequence[Clue], headed: set[int], registry: Registry
) -> str | None:
    """The school whose registered address sent a paper whose header names read in full, when nothing of
    the mail explains why one school mails another's report: the address is that school's alone (no
    other school lists it; or, listed by none, staff tied it to that school from a mail of this season)
    and the school is on the roster (a closed school's address counts as its successor's, merged_into), the mail forwards no one's, its subject or
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
    if len(owners) != 1 or owners[0].id == read or mail.forwarded_from:
        return None
    if any(file for file, _ in mail.unaddressed):  # a mail attached whole: passed on, its sender unknown
        return None
    sender = owners[0]
    if sender.id in registry.closed:
        # A closed school's address is, in practice, a mailbox of the school it merged into.
        successor = registry.get(sender.merged_into) if sender.merged_into else None
        if successor is None or successor.id in (read, *registry.closed):
            return None
        sender = successor
    if FORWARD_SUBJECT.match(fold(mail.subject)):
        return None
    # A subject naming read is the sender's own old number when it was renumbered: its clerk still writes it.
    if _former_number_of(sender, registry.get(read)) is None and any(
        c.source in ("subject", "body", "thread", "forward", "name") and read in c.schools | c.unnumbered
        for c in clues
    ):
        return None
    if _says_for_others(mail):
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


def _says_for_others(mail: Mail) -> bool:
    """Whether the mail's subject or the opening of its own text says it is sent for another school or for
    a cluster («gửi giúp», «các trường trong cụm», «cụm trưởng», «BC NQ121 cụm Mỹ An»): papers of schools
    other than the sender's are then what it meant to send."""
    cover = "\n".join([line for line in mail.own_body.splitlines() if line.strip()][:_COVER_LINES])
    if any(_FOR_OTHERS.search(nfc(text).lower()) for text in (mail.subject, cover)):
        return True
    return bool(_CLUSTER_SUBJECT.search(nfc(mail.subject).lower()))  # «BC NQ121 cụm Mỹ An»: a cluster's


def _shared_as_reference(read: str, mail: Mail, registry: Registry) -> str | None:
    """The words of the mail's subject or of the opening of its own text (above what it forwards) saying it
    sends read's headed paper to be read, not read's report to count («Gửi Phòng tham khảo», «báo cáo
    mẫu», «bài của trường bạn»), when the mail is not from read's own address (registered, or tied to
    read by staff); None otherwise. Another school, a commune or a teacher passing on read's report as a
    sample is no submission of read's: read may never have sent it."""
    owner = registry.by_address(mail.sender)
    if owner is not None and owner.id == read:
        return None
    own = mail.forwarder_text if mail.forwarder_text is not None else mail.own_body
    cover = [line for line in own.splitlines() if line.strip()][:_COVER_LINES]
    for text in (mail.subject, *cover):
        found = _AS_REFERENCE.search(nfc(text).lower())
        if found is not None:
            said = (s for s in _SENTENCES.split(nfc(text)) if found.group(0) in s.lower())
            return next(said, nfc(text)).strip()
    return None


def _shared_as_reference_review(
    read: str, words: str, mail: Mail, clues: Sequence[Clue], registry: Registry
) -> MatchResult:
    sender = registry.by_address(mail.sender)
    whose = f"địa chỉ của {sender.name}" if sender is not None else f"địa chỉ {mail.sender}"
    said = (
        f"Thư gửi từ {whose} chuyển văn bản của {registry.name(read)} kèm lời «{words}»: văn bản được gửi để "
        f"tham khảo, không phải {registry.name(read)} nộp báo cáo. Nếu đúng là {registry.name(read)} nhờ gửi "
        "giúp báo cáo thì gán thư cho trường này; nếu không, loại thư (baocao reject)."
    )
    shown = " ".join(c.reason for c in _by_weight(clues) if c.weight >= MEDIUM)
    return MatchResult((), f"{said} {shown} Cần cán bộ xem xét.", (read,))


def _forward_asking(read: str, mail: Mail, registry: Registry) -> tuple[str, str] | None:
    """The school whose registered address forwards read's mail to ask about it («mẫu báo cáo như của
    trường MG Bình Thạnh vầy là được phải không chị?»), or a mail read sent it for reference («em gửi chị
    file báo cáo tham khảo nha»), with the words that say so; None otherwise. read sent that mail to
    another school, not to the office: it may never have reported."""
    if not mail.forwarded_from or mail.forwarder_text is None:
        return None
    owners = [s.id for s in registry.schools if mail.sender.lower() in s.emails]
    if len(owners) != 1 or owners[0] == read:
        return None
    asked = [
        sentence.strip()
        for sentence in _SENTENCES.split(mail.forwarder_text)
        if sentence.strip().endswith("?") and _ABOUT_THE_FORM.search(nfc(sentence).lower())
    ]
    if asked:
        return owners[0], asked[0]
    forwarded = [line for line in mail.body[len(mail.forwarder_text) :].splitlines() if line.strip()]
    shared = _FOR_REFERENCE.search(nfc("\n".join(forwarded[:_COVER_LINES])).lower())
    return (owners[0], shared.group(0)) if shared else None


def _forward_asking_review(
    read: str, sender: str, words: str, clues: Sequence[Clue], registry: Registry
) -> MatchResult:
    said = (
        f"{registry.name(sender)} chuyển tiếp thư {registry.name(read)} gửi cho trường mình, kèm lời «{words}»: "
        f"có thể chỉ là hỏi hay tham khảo mẫu báo cáo, không phải báo cáo {registry.name(read)} gửi nộp. Nếu "
        f"đúng là {registry.name(read)} nhờ chuyển báo cáo thì gán thư cho trường này; nếu không, loại thư "
        "(baocao reject)."
    )
    return _review_between(said, sender, read, clues)


def _former_number_of(sender: SchoolConfig, read: SchoolConfig | None) -> str | None:
    """The sender's former name that carried the number read's name carries now, of the same level («Trường
    Tiểu học số 1 Phước Vân», renumbered «số 2 Lộc An» beside the new «số 1 Lộc An»); None when it had none."""
    if read is None:
        return None
    now = parse_name(read.name)
    if not now.suffix or parse_name(sender.name).suffix == now.suffix:
        return None
    return next(
        (
            alias
            for alias in sender.aliases
            if (former := parse_name(alias)).suffix == now.suffix and former.level == now.level
        ),
        None,
    )


def _address_of_another_review(
    read: str,
    sender: str,
    address: str,
    clues: Sequence[Clue],
    documents: Sequence[Document],
    registry: Registry,
) -> MatchResult:
    headed = [
        documents[c.document].name for c in clues if c.clear and read in c.schools and c.document is not None
    ]
    papers = f"văn bản {', '.join(dict.fromkeys(headed))}" if headed else "văn bản"
    owner = registry.registered(address)
    closed = owner if owner is not None and owner.id != sender else None
    whose = (
        f"địa chỉ cũ của {closed.name} (đã sáp nhập vào {registry.name(sender)})"
        if closed is not None
        else f"địa chỉ của {registry.name(sender)}"
    )
    said = (
        f"Thư gửi từ {whose} nhưng {papers} mang tên {registry.name(read)}, "
        "và thư không ghi gửi giúp hay chuyển tiếp báo cáo của trường khác: có thể trường gửi nhầm tệp "
        f"của trường khác, hoặc gửi giúp {registry.name(read)}."
    )
    sending = registry.get(sender)
    former = _former_number_of(sending, registry.get(read)) if sending is not None else None
    if former is not None:
        said += f" {registry.name(sender)} trước đây là {former}: có thể trường vẫn ghi số cũ của mình."
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
    # Those other papers are files or parts of their own (namesakes' «TRƯỜNG MẦM NON HOA SEN» beside Hoa
    # Hồng's report in a commune clerk's zip): each waits alone, and the headed reports keep their credit.
    # Only a doubt about a headed paper itself (its parent body another district's office) holds them all.
    unsure = {c.document for c in other_papers}
    if other_papers and None not in unsure and not unsure & {c.document for c in headers}:
        rest = [i for i in range(len(documents)) if i not in unsure]
        decided = _by_header(school, _clues_of(rest, clues), [documents[i] for i in rest], registry)
        reason = "Chưa xác định được trường của một số văn bản: " + " ".join(c.reason for c in other_papers)
        choices = [s for c in other_papers for s in registry.in_order(c.schools)]
        return decided.also_waiting(reason + " Cần cán bộ chọn trường.", (*choices, *sorted(sender)))
    if other_papers:
        reason = "Các văn bản trong thư ghi những trường khác nhau: " + " ".join(
            c.reason for c in (*headers, *other_papers)
        )
        candidates = (school, *(s for c in other_papers for s in registry.in_order(c.schools) if s != school))
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
            by_subject = any(c.source == "subject" and c.schools & set(said_too) for c in clues)
            how = "tiêu đề thư còn ghi" if by_subject else "thư còn chuyển tiếp thư của"
            said.append(
                f"Văn bản {', '.join(documents[i].name for i in unnamed)} không có tiêu đề ghi tên trường, mà "
                f"{how} {either([registry.name(s) for s in said_too])}, không chỉ {registry.name(school)}: "
                "có thể là báo cáo của trường đó gửi kèm."
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
    names other schools of ours, or it forwards another school's mail (its original sender's registered
    address): a cluster's lead sending «BC NQ121 TH Mỹ Phú, TH Mỹ Lạc», a commune passing on two schools'
    mails, one report without its header, which is no annex of school's but the other school's. The
    mail's text is not read for it: it names schools in passing (a copy sent to one, the office's list of
    late schools pasted in) beside a school's own annex. Those papers and the schools the subject or the
    forwarded mail names besides school; none when it names no other."""
    said_too = tuple(
        sorted(
            {
                s
                for c in clues
                if c.source in ("subject", "forward") and c.weight >= MEDIUM and len(c.schools) == 1
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
    other schools: several, written without tones («BC TH Long Thanh.docx»: Long Thạnh or Long Thành,
    beside Mẫu giáo Long Thạnh's headed report), or loosely, by a near level or a typo («BC MN My Phu.pdf»
    for Mẫu giáo Mỹ Phú) or by a commune alone that is none of schools' («BC My Phu.pdf»): none of the
    schools the headers name wrote them. Each with the schools it names."""
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
        apart = [c for c in files if c.weight >= MEDIUM or not c.place or _places_apart(c, schools, registry)]
        if apart and len(apart) == len(files) and not any(c.schools & set(schools) for c in files):
            found[index] = registry.in_order({s for c in apart for s in c.schools})
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
            found += registry.in_order(clue.schools)
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
    own = {place for school in schools for place in _homes_of(school, registry)}
    # The district's town, not the communes its units are named after since 2025: a school dates its paper
    # in its own commune (homes), and another unit's commune is another school's.
    own |= {fold(p) for p in (*district_homes(registry.offices), *registry.provinces)}
    own |= {fold(documents[i].header.place or "") for i in headed if i is not None}
    levels = {n.level for school in schools for n in registry.names.get(school, ())}
    found: dict[int, tuple[str, tuple[str, ...]]] = {}
    for index, document in enumerate(documents):
        place = " ".join((document.header.place or "").split())
        if index in headed or not place or _place_keys(place) & own:
            continue
        if any(c.document == index and c.schools and c.weight > CANDIDATE for c in clues):
            continue  # its file name or its lines name a school: _named_for_others reads them
        placed = _schools_at(place, registry)
        level = [s for s in placed if levels & {n.level for n in registry.names.get(s, ())}]
        if placed:
            found[index] = (place, tuple(level or placed))
    return found


def _dated_for_another(
    document: Document, school: str, registry: Registry, namesakes: Collection[str] = ()
) -> tuple[str, tuple[str, ...]] | None:
    """The place a paper is dated at («Mỹ Lạc, ngày …») and the schools of ours there, when that place is
    none of school's nor the office's; None otherwise. The place is read without the word saying its kind
    («Thị trấn Thủ Thừa» is the office's town, «Xã Mỹ Lạc» a neighbour's commune), but a hamlet («Ấp Mỹ
    Lạc») is no commune, whatever its name.

    The office's town says nothing of a school, as offices and schools across the district date papers
    there, unless one of namesakes (schools of school's name) is in it: the town is then that namesake's
    commune, as any other commune is. In the north the town bears the district's name («Thị trấn Sín
    Chải» of huyện Sín Chải), and its Mầm non Hoa Sen was never told from Bản Lầu's."""
    place = " ".join((document.header.place or "").split())
    bare = without_kind(place)
    written = _place_keys(place)
    if not place or written & _homes_of(school, registry):
        return None
    placed = _schools_at(place if _HAMLET.match(fold(place)) else bare, registry)
    office = {fold(p) for p in (*home_places(registry.offices), *registry.provinces)}
    if written & office and not set(placed) & set(namesakes):
        return None
    return (place, placed) if placed else None


def _headed_dated_elsewhere(
    read: str,
    headed: Iterable[int],
    documents: Sequence[Document],
    clues: Sequence[Clue],
    registry: Registry,
) -> tuple[Document, str, tuple[str, ...]] | None:
    """A typed paper of those headed for read whose date line places it («Mỹ Phú, ngày …») in the commune
    of other schools of ours at read's level or a near one, none of read's nor the office's, nor the one
    read's own letterhead places it in (_dated_by_letterhead): a school dates from its own commune or the
    office's town, so the header or the date line is copied from a neighbour's report. The paper, its
    place and those schools."""
    levels = frozenset(n.level for n in registry.names.get(read, ()) if n.level)
    for index in headed:
        document = documents[index]
        dated = _dated_for_another(document, read, registry) if not is_ocr(document) else None
        if dated is None or _dated_by_letterhead(document, read, dated[0], clues, registry):
            continue
        place, placed = dated
        peers = tuple(
            s for s in placed if any(level_fits(levels, n.level) for n in registry.names.get(s, ()))
        )
        if peers:
            return document, place, peers
    return None


def _dated_by_letterhead(
    document: Document,
    read: str,
    place: str,
    clues: Sequence[Clue],
    registry: Registry,
) -> bool:
    """Whether read's paper, from read's own address, is dated («Tân Phú, ngày …») in the commune whose
    People's Committee heads its letterhead («UBND XÃ TÂN PHÚ» over «TRƯỜNG TIỂU HỌC TÂN LỘC»), and nothing
    tells another commune for read (Registry.told_communes): the date line names where the paper was
    issued, which since the 2025 mergers is most often a commune other schools are named after or stand
    in too, and the letterhead and the address both say the paper is read's. A commune told for read
    elsewhere, a date line alone or naming another commune than the letterhead, or an address of no school
    or of another school still says the paper may be a neighbour's."""
    parent = commune_office_place(" ".join((document.header.parent_body or "").split()))
    return (
        parent is not None
        and fold(without_kind(parent)) == fold(without_kind(place))
        and not registry.told_communes(read)
        and any(c.source == "address" and c.schools == {read} and c.weight >= STRONG for c in clues)
    )


def _headed_dated_review(
    read: str, document: Document, place: str, peers: Sequence[str], clues: Sequence[Clue], registry: Registry
) -> MatchResult:
    said = (
        f"Tiêu đề văn bản {document.name} ghi {registry.name(read)}, nhưng dòng ngày tháng ghi nơi ban hành "
        f"«{place}», nơi của {either([registry.name(s) for s in peers])} (có thể trường dùng lại văn bản "
        "của trường khác hoặc gửi nhầm tệp)."
    )
    return dataclasses.replace(_review_between(said, read, peers[0], clues), candidates=(read, *peers))


def _namesake_dated(
    school: str, clues: Sequence[Clue], documents: Sequence[Document], registry: Registry
) -> tuple[int, str, tuple[str, ...]] | None:
    """A paper dated at the commune of a namesake of school («Mỹ Lạc, ngày …», where the other Tiểu học Kim
    Đồng stands), when its own header names that namesake as much as school, or else every clue but the
    sender's address that names school does (a subject writing the name both bear): the paper says it was
    issued where the namesake is, and only the address or words written outside the paper (a subject «TH
    Kim Đồng xã Tân Long» a principal types from memory) tell them apart. The paper, its place and those
    namesakes."""
    naming = _naming(school, clues)
    if not naming:
        return None  # the address alone: _dated_elsewhere reads the papers then
    for index, document in enumerate(documents):
        headed = [c for c in naming if c.source == "header" and c.document == index]
        alike = frozenset.intersection(*(c.schools for c in headed or naming)) - {school}
        dated = _dated_for_another(document, school, registry, alike)
        if dated is None:
            continue
        others = tuple(s for s in dated[1] if s in alike)
        if others:
            return index, dated[0], others
    return None


def _naming(school: str, clues: Sequence[Clue]) -> list[Clue]:
    """The clues of weight that name school, but for the sender's address and a forward's senders."""
    return [
        c
        for c in clues
        if school in c.schools and c.source not in ("address", "forward") and c.weight > CANDIDATE
    ]


def _misread_as_another(school: str, clues: Sequence[Clue]) -> Clue | None:
    """A scan's header that names no school as read but other schools once a letter or digit of it is
    read as OCR confuses it («MỸ THẠNH 8» for Mỹ Thạnh B), school not among them: the paper may well be
    theirs, whatever else names school (its sender's address, the subject)."""
    return next((c for c in clues if c.misread and school not in c.misread), None)


def _toned_scan(
    school: str, clues: Sequence[Clue], documents: Sequence[Document], registry: Registry
) -> tuple[int, str] | None:
    """A scan whose header names school and a namesake alike, its tones being OCR's («TRƯỜNG TIỂU HỌC LONG
    THẠNH» of Long Thạnh and Long Thành), when the tones as read name that namesake and the scan's date
    line does too, with its tones or by the namesake's commune («Long Thạnh, ngày …», «Tân Long, ngày
    …»), not school's: two readings of the scan agree on the other school, which one misread tone would
    not do. The scan and the namesake."""
    for clue in clues:
        if not (
            clue.ocr and clue.source == "header" and clue.document is not None and school in clue.schools
        ):
            continue
        header = documents[clue.document].header
        mention = issuer_mention(header.issuer or "")
        if mention is None or not header.place:
            continue
        toned = registry.resolve(mention, tones_reliable=True)
        if toned.fit is None or not toned.fit.full or len(toned.schools) != 1:
            continue
        other = toned.schools[0]
        if other != school and other in clue.schools and _dated_at(header.place, other, registry):
            if not _dated_at(header.place, school, registry):
                return clue.document, other
    return None


def _dated_at(place: str, school: str, registry: Registry) -> bool:
    """Whether a date line's place is school's, its tones read as written: its name's place or its
    commune."""
    places = [n.place for n in registry.names.get(school, ())] + list(registry.homes.get(school, ()))
    return any(tone_key(without_kind(p)) == tone_key(without_kind(place)) for p in places)


def _toned_scan_review(
    school: str,
    index: int,
    other: str,
    documents: Sequence[Document],
    clues: Sequence[Clue],
    registry: Registry,
) -> MatchResult:
    document = documents[index]
    reason = (
        f"Các căn cứ không thống nhất: {_said_for(school, clues)} Bản quét {document.name} đọc được tiêu đề "
        f"«{document.header.issuer}» và nơi ban hành «{document.header.place}», cả hai đúng dấu của "
        f"{registry.name(other)}, trường có tên chỉ khác dấu thanh với {registry.name(school)}. Cần cán bộ "
        "chọn trường."
    )
    return _held(reason, clues, registry, (school, other))


def _namesake_dated_review(
    school: str,
    index: int,
    place: str,
    others: Sequence[str],
    documents: Sequence[Document],
    clues: Sequence[Clue],
    registry: Registry,
) -> MatchResult:
    support = _said_for(school, clues)
    if all(s in c.schools for s in others for c in _naming(school, clues)):
        apart = f"ngoài địa chỉ gửi không căn cứ nào cho biết là {registry.name(school)}"
    else:
        apart = f"tiêu đề văn bản không cho biết là trường nào, chỉ thư ghi là {registry.name(school)}"
    reason = (
        f"Các căn cứ không thống nhất: {support} Văn bản {documents[index].name} có dòng ngày tháng ghi nơi "
        f"ban hành «{place}», nơi của {either([registry.name(s) for s in others])}: các trường cùng tên, "
        f"{apart}. Cần cán bộ chọn trường."
    )
    return _held(reason, clues, registry, (school, *others))


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
        f"«{place}», nơi của {either([registry.name(s) for s in placed])}."
    )


def _places_apart(clue: Clue, schools: Iterable[str], registry: Registry) -> bool:
    """Whether the place a clue writes with no level is a commune of none of schools, nor the office's."""
    return all(clue in _places_others(school, [clue], registry) for school in schools)


def _several(
    schools: Sequence[str],
    clear: dict[int, str],
    clues: Sequence[Clue],
    mail: Mail,
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
    agreed, strays = _not_said(schools, clues, mail)
    strays -= _signed_alike(agreed[0], owner, documents)
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
    choices = [s for c in (*unsure, *others) for s in registry.in_order(c.schools)]
    choices.extend(s for _, placed in dated.values() for s in placed)
    if mistaken:
        choices.extend([agreed[0], *mistaken.values()])
    candidates = tuple(dict.fromkeys(choices))
    return MatchResult(tuple(assignments), reason + " Cần cán bộ chọn trường.", candidates)


def _not_said(schools: Sequence[str], clues: Sequence[Clue], mail: Mail) -> tuple[tuple[str, str], set[str]]:
    """Of the schools whose headers a mail's reports carry, those the mail's own words pass over while they
    name another of the schools as `_mail_says` reads them (the registered address and the subject, the
    address and the text, or, from an address naming no school, the subject and the text or one of them
    alone: "BÁO CÁO NQ121 TRƯỜNG MẪU GIÁO BÌNH THẠNH" over "Trường Mẫu giáo Bình Thạnh gửi báo cáo", with
    THCS Bình An's file beside its own): a file attached by mistake, or one sent for a school the mail never
    names. A cluster's mail naming every school, or naming none, is not such mail, nor one whose words say
    it is sent for others («Em gửi báo cáo của các trường trong cụm», signed «… (cụm trưởng cụm 2)»). Also
    the school agreed on, with the Vietnamese words saying which words name it."""
    if _says_for_others(mail):
        return ("", ""), set()
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
    # A school the words name among its namesakes («Dak Long» of two schools) is named all the same: its
    # paper's header says which.
    named = {s for c in clues if c.source in ("subject", "body") and c.weight >= WEAK for s in c.schools}
    return agreed, {s for s in schools if s != agreed[0] and s not in named}


def _signed_alike(school: str, owner: Mapping[int, str], documents: Sequence[Document]) -> set[str]:
    """The other schools of owner whose papers are all signed by people who sign a paper of school: a
    principal of both schools (kiêm nhiệm) sending both schools' reports, not a file attached by mistake."""

    def signers(of: str) -> set[str] | None:
        names = [documents[i].header.signer_name for i, s in owner.items() if s == of]
        return {fold(n) for n in names if n} if all(names) else None

    own = signers(school) or set()
    return {s for s in set(owner.values()) - {school} if (theirs := signers(s)) and theirs <= own}


def unread_of_others(result: MatchResult, unread: Sequence[str], registry: Registry) -> MatchResult:
    """Files that could not be read whose names say they are another school's than those credited (a
    cluster's bundle where one school's file is truncated, locked or a spreadsheet): that school sent
    nothing readable and nobody would hear of it, so staff look and can tell the school."""
    credited = {a.school_id for a in result.assignments}
    found: dict[str, str] = {}
    for name in unread:
        named = {
            next(iter(c.schools))
            for c in file_clues(name, None, registry)
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
            candidates.extend(registry.in_order(other.schools))
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
    named = [s for c in signed if c.document in contested for s in registry.in_order(c.schools)]
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
    """Mail that fails the sender check is credited by nothing it says: not by its address, and not by its
    words, files or typed forwards either, which a forger writes as easily. Staff look, unless a document
    carries a valid signature of the school the address belongs to, or, from an address of no school, of
    every school credited."""
    if origin is None or not origin.failed:
        return result
    signed = _signed_for(clues)
    claimed = registry.by_address(mail.sender)
    if claimed is None:
        if all(a.school_id in signed for a in result.assignments):
            return _signed_alone(result, clues)
        why = (
            "Vì thư không qua được xác thực, những gì thư ghi (tên trường, tệp, thư chuyển tiếp) đều có thể do "
            "người khác viết, nên chưa tính cho trường nào. Cần cán bộ kiểm tra và chọn trường."
        )
        return _forgery_waits(result, f"{origin.explanation} {why}")
    if claimed.id in signed:
        return _signed_alone(result, clues)
    why = (
        f"Địa chỉ này thuộc {claimed.name} nhưng thư không qua được xác thực, nên không được tính theo địa chỉ "
        "gửi. Cần cán bộ kiểm tra và chọn trường."
    )
    return _forgery_waits(result, f"{origin.explanation} {why}", claimed.id)


def _signed_alone(result: MatchResult, clues: Sequence[Clue]) -> MatchResult:
    """The credits of a mail that fails the sender check, those a valid signature holds with that signature
    as their only reason: the address, the sender's name and the words are the forger's, and no reason
    why the mail counts for the school."""
    kept = []
    for a in result.assignments:
        signed = tuple(c.reason for c in clues if c.source == "signature" and a.school_id in c.schools)
        kept.append(dataclasses.replace(a, reasons=tuple(dict.fromkeys(signed))) if signed else a)
    return dataclasses.replace(result, assignments=tuple(kept))


def _signed_for(clues: Sequence[Clue]) -> set[str]:
    """The schools a valid digital signature in the mail's documents names."""
    return {s for c in clues if c.source == "signature" for s in c.schools}


def _forgery_waits(result: MatchResult, reason: str, *first: str) -> MatchResult:
    """Every credit of a mail that may be forged waits for staff (first offered first), with what the
    rest of the message says."""
    if not result.review_reason and result.assignments:
        reason += " Các căn cứ khác: " + " ".join(r for a in result.assignments for r in a.reasons)
    return result.all_waiting(reason, *first)


def _imitated(result: MatchResult, mail: Mail, clues: Sequence[Clue], registry: Registry) -> MatchResult:
    """Mail made to pass for a school's registered address (imitation) is credited to no school by what it
    carries: staff look, unless a document carries a valid signature of the school credited. An address
    staff taught for a school is that school's, whatever it looks like."""
    found = imitation(mail, registry.schools)
    signed = _signed_for(clues)
    if (
        found is None
        or registry.by_address(mail.sender) is not None
        or (result.assignments and all(a.school_id in signed for a in result.assignments))
    ):
        return result
    school, reason = found
    return _forgery_waits(result, reason, school.id)


def imitation(mail: Mail, schools: Iterable[SchoolConfig]) -> tuple[SchoolConfig, str] | None:
    """The school whose registered address mail from an address of no school is made to pass for, and why,
    for staff: its very name at another domain («c1myan.thuthua@example.edu.vn.evil-mail.com»,
    «…@exarnple.com.vn»), or the registered address written as the sender's name over another address
    («"c1myan.thuthua@example.edu.vn" <someone@gmail.com>», which a mail program shows as the school's).
    The same name at a mail provider («c1myan.thuthua@gmail.com») is a school's own account often enough,
    and at the education or government network (…@longan.edu.vn), which only schools and offices get, its
    own. None when the mail imitates no school's address."""
    sender = mail.sender.lower()
    local, _, domain = sender.partition("@")
    registered = [(address.lower(), school) for school in schools for address in school.emails]
    if not sender or any(address == sender for address, _ in registered):
        return None
    shown = mail.sender_name.strip().strip("\"'<>").strip().lower()
    for address, school in registered:
        if address == shown:
            return school, (
                f"Thư từ địa chỉ {mail.sender} ghi tên người gửi là «{mail.sender_name.strip()}», địa chỉ đã đăng "
                f"ký của {school.name}, để người đọc tưởng là thư của trường: có thể là thư giả mạo địa chỉ của "
                "trường. Cần cán bộ kiểm tra với trường và chọn trường."
            )
    if domain in _MAIL_PROVIDERS or domain.endswith(_OFFICIAL):
        return None
    for address, school in registered:
        if address.partition("@")[0] == local:
            return school, (
                f"Địa chỉ gửi {mail.sender} mang tên của địa chỉ {address} đã đăng ký cho {school.name} nhưng ở "
                "tên miền khác: có thể là thư giả mạo địa chỉ của trường. Cần cán bộ kiểm tra với trường và "
                "chọn trường."
            )
    return None


# Vietnam's education and government networks: their domains are given to schools and offices only.
_OFFICIAL = (".edu.vn", ".gov.vn")
# Mail providers anyone has an account at: a school's name there is often the school's own account.
_MAIL_PROVIDERS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.com.vn",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "icloud.com",
        "zoho.com",
    }
)


def _unmodified(result: MatchResult, documents: Sequence[Document], registry: Registry) -> MatchResult:
    """A document changed after it was signed may not be what the school signed: staff look, offered the
    schools whose signatures it changed before those credited or offered, and told who signed it since."""
    changed = [d for d in documents if any(s.status is SignatureStatus.MODIFIED for s in d.signatures)]
    if not changed:
        return result
    reason = " ".join(_changed_after_signing(d, registry) for d in changed)
    signers = [school for d in changed for school in _broken_signers(d, registry)]
    return result.all_waiting(f"{reason} Cần cán bộ kiểm tra.", *signers)


def _layer_unlike_image(
    result: MatchResult, documents: Sequence[Document], registry: Registry
) -> MatchResult:
    """A scan whose hidden text layer names another school than its page images may carry another school's
    report under the picture, or be a picture put over it: staff look, offered the school the images name
    first (whose reading is the text), then the one the layer names."""
    layered = [d for d in documents if d.hidden_issuer]
    if not layered:
        return result
    reason = " ".join(_layer_said(d) for d in layered)
    named = [
        s
        for d in layered
        for issuer in (d.header.issuer, d.hidden_issuer)
        for s in _issuer_schools(issuer, registry)
    ]
    return result.all_waiting(f"{reason} Cần cán bộ kiểm tra.", *named)


def _layer_said(document: Document) -> str:
    shown = (
        f"ghi «{document.header.issuer.strip()}»" if document.header.issuer else "không đọc được tên trường"
    )
    return (
        f"Văn bản {document.name} là ảnh quét có lớp chữ ẩn ghi «{document.hidden_issuer}», nhưng ảnh trang "
        f"{shown}: hệ thống đọc theo chữ trên ảnh; tệp có thể chứa văn bản của trường khác."
    )


def _issuer_schools(issuer: str | None, registry: Registry) -> tuple[str, ...]:
    """The schools of ours an issuer line read off a scan may name."""
    mention = issuer_mention(issuer) if issuer else None
    return registry.resolve(mention, tones_reliable=False).schools if mention is not None else ()


def _broken_signers(document: Document, registry: Registry) -> list[str]:
    """The schools named by the signatures of document that a change after signing broke."""
    return [
        school
        for s in document.signatures
        if s.status is SignatureStatus.MODIFIED
        for school in certificate_schools(s, registry)
    ]


def _changed_after_signing(document: Document, registry: Registry) -> str:
    """What staff read of a document changed after it was signed: whose signature the change broke, and the
    valid signatures made after it (a signature still valid covers every change before it)."""
    before = [registry.name(school) for school in _broken_signers(document, registry)]
    whose = either(list(dict.fromkeys(before))) if before else "trường"
    said = f"Văn bản {document.name} đã bị sửa sau khi ký số, có thể không còn là bản {whose} đã ký."
    later = [s for s in document.signatures if s.status is SignatureStatus.VALID]
    for signature in later:
        school = signed_school(signature, registry)
        name = registry.name(school) if school else f"«{signature.signer}»"
        shown = certificate_details(signature.common_name, signature.organization, signature.issuer)
        said += f" Sau khi sửa, văn bản được ký lại bằng chữ ký số hợp lệ của {name}{shown}."
    return said


def _unrecognised(result: MatchResult, documents: Sequence[Document], registry: Registry) -> MatchResult:
    """A signature that proves nothing (it does not hold, or its certificate names two schools) is still made
    in the name of the schools its certificate names: a document credited to another school waits for
    staff, offered both, and a review offers them too. It never credits them."""
    held: dict[str, list[str]] = {}
    named: list[str] = []
    for document in documents:
        for signature in document.signatures:
            schools = certificate_schools(signature, registry)
            if signature.status is SignatureStatus.VALID and len(schools) == 1:
                continue  # proof, weighed by matching already
            named += schools
            for assignment in result.assignments:
                others = [s for s in schools if s != assignment.school_id]
                if others and document.name in assignment.files:
                    said = _signed_in_the_name(
                        document.name, signature, others, assignment.school_id, registry
                    )
                    held.setdefault(assignment.school_id, []).append(said)
    if not held:
        if not result.review_reason or not named:
            return result
        return MatchResult(
            result.assignments, result.review_reason, tuple(dict.fromkeys((*result.candidates, *named)))
        )
    kept = tuple(a for a in result.assignments if a.school_id not in held)
    support = " ".join(r for a in result.assignments if a.school_id in held for r in a.reasons)
    reason = " ".join(dict.fromkeys(r for said in held.values() for r in said))
    reason += f" Cần cán bộ kiểm tra và chọn trường. Các căn cứ khác: {support}"
    waiting = dataclasses.replace(result, assignments=kept)
    return waiting.also_waiting(reason, (*held, *named))


def _signed_in_the_name(
    name: str, signature: Signature, others: Sequence[str], credited: str, registry: Registry
) -> str:
    """Why a document credited to one school waits when a signature that proves nothing names others."""
    schools = either([registry.name(s) for s in others])
    if signature.status is SignatureStatus.VALID:  # a certificate naming two schools
        shown = certificate_details(signature.common_name, signature.organization, signature.issuer)
        return (
            f"Văn bản {name} có chữ ký số hợp lệ{shown} nhưng chứng thư số ghi tên hai trường khác nhau, nên "
            f"không chứng minh văn bản là của trường nào, và văn bản có thể là của {schools} chứ không phải "
            f"của {registry.name(credited)}."
        )
    return (
        f"{unrecognised_note(name, signature)} Chữ ký này không chứng minh văn bản là của {schools}, nhưng văn "
        f"bản được ký nhân danh {schools} nên có thể không phải báo cáo của {registry.name(credited)}."
    )


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


def _said_for(school: str, clues: Iterable[Clue]) -> str:
    """The reasons of the clues naming school, weightiest first, as one text: what a review says for it."""
    return " ".join(c.reason for c in _by_weight(clues) if school in c.schools)
