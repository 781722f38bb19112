"""An evaluation set for classification and matching: mail as schools and others send it, with the truth.

Messages are real RFC 5322 bytes parsed by intake.message.parse; their attachments are real DOCX, PDF,
scanned PDF and JPEG files rendered from samples.papers, and read_cases reads them with the parsers
the way the pipeline does, so classification and matching are scored on what the parsers extract.

A scanned page costs one to two seconds of OCR. A quick run (the default) scans only the papers whose
case is about what OCR reads (tone marks misread, a "1" read as "I") and sends every other scan as a
DOCX of the same paper under the scan's name; build_cases(config, all_scans=True) scans them all, as
schools do (bench/bench_matching.py --all-scans).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import functools
import hashlib
import random
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from intake.classify import classify
from intake.matching import match
from intake.message import Mail, parse
from intake.papers import read_mail
from intake.registry import of_config
from kernel.config import Config, SchoolConfig
from parsers.document import Document, Failure, Reading
from parsers.read import read_attachment
from samples.documents import render_docx, render_pdf, render_photo_jpeg, render_scan, render_text
from samples.papers import Paper, abbreviation, make_other_paper, make_paper, short_name
from tests.intake.mails import (
    ACUTE,
    DISTRICT,
    DOT,
    GRAVE,
    HOOK,
    RECEIVED,
    bounce_message,
    camel,
    envelope,
    forward_body,
    plain,
    retone,
)

_MIME = {
    "docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": ("application", "pdf"),
    "jpg": ("image", "jpeg"),
}


@dataclass(frozen=True)
class Truth:
    report: bool
    schools: frozenset[str] = frozenset()  # whose report it really is
    decidable: bool = True  # False: nothing in the message tells which school; it must wait for review
    year: int | None = None


@dataclass(frozen=True)
class Case:
    name: str
    mail: Mail  # with its attachments' real bytes
    truth: Truth
    learned: Mapping[str, str] = field(default_factory=dict)
    received_at: dt.datetime = RECEIVED


@dataclass(frozen=True)
class Read:
    """A case with its attachments and body as the parsers read them."""

    case: Case
    documents: tuple[Document, ...]
    failures: tuple[Failure, ...]


@dataclass(frozen=True)
class Outcome:
    case: Case
    is_report: bool
    year: int | None
    assigned: frozenset[str]
    review: bool
    documents: tuple[Document, ...] = ()  # as read, to show why a case went wrong


@dataclass(frozen=True)
class Score:
    outcomes: tuple[Outcome, ...]

    def _count(self, predicate: object) -> int:
        assert callable(predicate)
        return sum(1 for o in self.outcomes if predicate(o))

    @property
    def report_tp(self) -> int:
        return self._count(lambda o: o.is_report and o.case.truth.report)

    @property
    def report_fp(self) -> int:
        return self._count(lambda o: o.is_report and not o.case.truth.report)

    @property
    def report_fn(self) -> int:
        return self._count(lambda o: not o.is_report and o.case.truth.report)

    @property
    def report_precision(self) -> float:
        return self.report_tp / max(1, self.report_tp + self.report_fp)

    @property
    def report_recall(self) -> float:
        return self.report_tp / max(1, self.report_tp + self.report_fn)

    @property
    def assigned(self) -> int:
        """(message, school) pairs recorded for real reports."""
        return sum(len(o.assigned) for o in self.outcomes if o.case.truth.report)

    @property
    def correct(self) -> int:
        return sum(len(o.assigned & o.case.truth.schools) for o in self.outcomes if o.case.truth.report)

    @property
    def wrong(self) -> tuple[Outcome, ...]:
        """Reports recorded against a school that did not send them: the worst error."""
        return tuple(o for o in self.outcomes if o.case.truth.report and o.assigned - o.case.truth.schools)

    @property
    def school_precision(self) -> float:
        return self.correct / max(1, self.assigned)

    def school_recall(self, *, decidable_only: bool = False) -> float:
        cases = [
            o for o in self.outcomes if o.case.truth.report and (o.case.truth.decidable or not decidable_only)
        ]
        total = sum(len(o.case.truth.schools) for o in cases)
        return sum(len(o.assigned & o.case.truth.schools) for o in cases) / max(1, total)

    @property
    def guessed(self) -> tuple[Outcome, ...]:
        """Undecidable messages that were assigned instead of waiting for review."""
        return tuple(
            o for o in self.outcomes if o.case.truth.report and not o.case.truth.decidable and o.assigned
        )

    @property
    def wrong_year(self) -> tuple[Outcome, ...]:
        return tuple(
            o
            for o in self.outcomes
            if o.is_report
            and o.case.truth.year is not None
            and (o.year or o.case.received_at.year) != o.case.truth.year
        )

    def lines(self) -> list[str]:
        reports = sum(1 for o in self.outcomes if o.case.truth.report)
        return [
            f"messages: {len(self.outcomes)} ({reports} reports, {len(self.outcomes) - reports} noise)",
            f"report vs noise: precision {self.report_precision:.3f}, recall {self.report_recall:.3f} "
            f"(fp {self.report_fp}, fn {self.report_fn})",
            f"school assignment: precision {self.school_precision:.3f}, recall {self.school_recall():.3f} "
            f"(decidable only {self.school_recall(decidable_only=True):.3f}); "
            f"wrong school {len(self.wrong)}, undecidable guessed {len(self.guessed)}",
            f"sent to review: {sum(1 for o in self.outcomes if o.review)}; wrong year {len(self.wrong_year)}",
        ]


def read_cases(cases: Sequence[Case], *, workers: int = 2) -> tuple[Read, ...]:
    """Read every case's mail as the pipeline does (intake.papers.read_mail), each distinct file once.

    Files are read in worker processes when workers > 1: OCR dominates, one tesseract per page.
    """
    attachments = [a for case in cases for a in case.mail.attachments if a.content_type != "message/rfc822"]
    # Largest first (the scans, which need OCR), so that no worker is left with a long one at the end.
    attachments.sort(key=lambda a: len(a.data), reverse=True)
    files = {_key(a.name, a.data): (a.name, a.data) for a in attachments}
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            readings = dict(zip(files, pool.map(_read_file, files.values()), strict=True))
    else:
        readings = {key: _read_file(file) for key, file in files.items()}

    def read_file(name: str, data: bytes) -> Reading:
        key = _key(name, data)
        if key not in readings:  # inside a forwarded message
            readings[key] = read_attachment(name, data)
        return readings[key]

    reads = []
    for case in cases:
        documents, failures = read_mail(case.mail, read_file)
        reads.append(Read(case, tuple(documents), tuple(failures)))
    return tuple(reads)


def _key(name: str, data: bytes) -> tuple[str, str]:
    return name, hashlib.sha256(data).hexdigest()


def _read_file(file: tuple[str, bytes]) -> Reading:
    return read_attachment(*file)


def evaluate(reads: Sequence[Read], config: Config) -> Score:
    """Run each case as the pipeline does: classify what the parsers read, then match the reports."""
    outcomes = []
    for read in reads:
        case, documents = read.case, read.documents
        verdict = classify(case.mail, documents, read.failures, config, case.received_at)
        if not verdict.is_report:
            outcomes.append(Outcome(case, False, None, frozenset(), False, documents))
            continue
        # as intake builds it: with the office and its units, whose town and communes are the schools' homes
        result = match(case.mail, verdict.documents, of_config(config, case.learned, {}))
        assigned = frozenset(a.school_id for a in result.assignments)
        outcomes.append(
            Outcome(case, True, verdict.year, assigned, result.review_reason is not None, documents)
        )
    return Score(tuple(outcomes))


# -- building blocks -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sent:
    """A paper as a school sends it under a file name: typed (DOCX, PDF), or printed and scanned."""

    name: str
    paper: Paper
    scanned: bool = False  # a scanned PDF, or a phone photo for a .jpg name: only OCR reads it
    ocr_case: bool = False  # the case is about what OCR reads: scanned even in a quick run


def render(sent: Sent, *, all_scans: bool) -> bytes:
    """The file's bytes. A scan outside a case about OCR is, unless all_scans, the same paper as a DOCX
    under the scan's name: the parsers go by content, and a DOCX costs a hundredth of an OCR'd page."""
    ext = sent.name.rsplit(".", 1)[-1].lower()
    if sent.scanned and (all_scans or sent.ocr_case):
        if ext == "jpg":
            return render_photo_jpeg(sent.paper)
        if ext != "pdf":
            raise ValueError(f"{sent.name}: a scan needs a .pdf or .jpg name")
        return render_scan(sent.paper, pages=1)  # schools often scan only the first sheet
    if ext == "pdf" and not sent.scanned:
        return render_pdf(sent.paper)
    return render_docx(sent.paper)


@dataclass(frozen=True)
class _Draft:
    """A message whose papers are not rendered yet: rendering is the slow part, done in parallel."""

    message: EmailMessage
    files: tuple[Sent, ...] = ()


def message(sender: str, subject: str, *, files: Sequence[Sent] = (), **fields: Any) -> _Draft:
    """The mail with its papers still to render; fields as mails.envelope() takes them."""
    return _Draft(envelope(sender, subject, **fields), tuple(files))


def forward(staff: str, original: str, subject: str, files: Sequence[Sent], note: str = "") -> _Draft:
    """District staff forwarding a school's mail, Gmail style."""
    return message(staff, f"Fwd: {subject}", body=forward_body(staff, original, subject, note), files=files)


def _render_all(sents: Sequence[Sent], *, all_scans: bool, workers: int) -> dict[Sent, bytes]:
    draw = functools.partial(render, all_scans=all_scans)
    if workers <= 1:
        return {sent: draw(sent) for sent in sents}
    with ProcessPoolExecutor(workers) as pool:
        return dict(zip(sents, pool.map(draw, sents), strict=True))


def _compose(draft: _Draft, rendered: Mapping[Sent, bytes]) -> Mail:
    msg = copy.deepcopy(draft.message)
    for sent in draft.files:
        maintype, subtype = _MIME[sent.name.rsplit(".", 1)[-1].lower()]
        msg.add_attachment(rendered[sent], maintype=maintype, subtype=subtype, filename=sent.name)
    return parse(msg.as_bytes(), fallback_id="eval")


def paper(
    school: SchoolConfig | str,
    *,
    seed: int,
    year: int = 2021,
    issuer: str | None = None,
    named: bool = True,
    date: dt.date | None = None,
) -> Paper:
    """A school's NQ121 report; issuer replaces the header line as typed (a typo) or as OCR misreads it."""
    made = make_paper(
        school if isinstance(school, str) else school.name,
        year=year,
        rng=random.Random(seed),
        named=named,
        date=date,
    )
    return made if issuer is None else dataclasses.replace(made, issuer=issuer)


def report(
    school: SchoolConfig | str,
    name: str,
    *,
    seed: int,
    year: int = 2021,
    issuer: str | None = None,
    named: bool = True,
    date: dt.date | None = None,
    scanned: bool = False,
    ocr_case: bool = False,
) -> Sent:
    """A school's NQ121 report sent as the file name; see paper()."""
    made = paper(school, seed=seed, year=year, issuer=issuer, named=named, date=date)
    return Sent(name, made, scanned=scanned, ocr_case=ocr_case)


def other_paper(school: SchoolConfig, name: str, kind: str, title: str, body: str) -> Sent:
    """Another paper of the school (kind "BÁO CÁO" or "KẾ HOẠCH"), dated 5 October 2021, as a DOCX."""
    symbol = "BC" if kind == "BÁO CÁO" else "KH"
    base = make_other_paper(school.name, year=2021, rng=random.Random(title))
    made = dataclasses.replace(
        base,
        number=f"12/{symbol}-{abbreviation(school.name)}",
        date=dt.date(2021, 10, 5),
        kind=kind,
        summary=(title,),
        preamble=(f"{school.name} {'báo cáo' if symbol == 'BC' else 'xây dựng kế hoạch'} như sau:",),
        sections=(("I. Nội dung", (body,)),),
    )
    return Sent(name, made)


def _subject(rng: random.Random, school: SchoolConfig, year: int) -> str:
    short = short_name(school.name)
    return rng.choice(
        (
            f"Báo cáo thực hiện Nghị quyết 121/2020/QH14 - {short}",
            f"BC NQ121 {short}",
            f"V/v báo cáo kết quả thực hiện NQ 121 năm {year} ({short})",
            f"{short} gửi báo cáo phòng, chống xâm hại trẻ em",
            plain(f"Bao cao NQ121 nam {year} - {short}"),
            f"[{short}] Báo cáo NQ 121",
        )
    )


def _file(rng: random.Random, school: SchoolConfig, ext: str) -> str:
    short = short_name(school.name)
    return rng.choice(
        (
            f"BC NQ121 {short}.{ext}",
            f"BC_NQ121_{camel(school)}.{ext}",
            f"Bao cao NQ121 {plain(short)}.{ext}",
            f"baocao_nq121_2021.{ext}",
            f"Scan_20211020_0915.{ext}",
        )
    )


def _report_truth(*schools: SchoolConfig, decidable: bool = True, year: int = 2021) -> Truth:
    return Truth(True, frozenset(s.id for s in schools), decidable, year)


# -- the set -------------------------------------------------------------------------------------------


def build_cases(config: Config, *, all_scans: bool = False, workers: int = 2) -> list[Case]:
    """About 170 messages: reports in every form schools send them, confusable names, and noise.

    all_scans=False scans only the papers whose case is about OCR (see the module docstring); papers
    are rendered in worker processes when workers > 1.
    """
    s = {school.id: school for school in config.schools}
    staff = config.district.staff_emails[0] if config.district.staff_emails else DISTRICT
    rng = random.Random(121)
    drafts: list[tuple[str, _Draft, Truth, dict[str, object]]] = []

    def add(name: str, draft: _Draft, truth: Truth, **extra: object) -> None:
        drafts.append((name, draft, truth, extra))

    # 1. Every school from its registered address: subjects and file names of every style.
    for n, school in enumerate(config.schools):
        ext = rng.choice(("docx", "pdf", "pdf"))
        file = _file(rng, school, ext)
        scanned = ext == "pdf" and n % 3 == 0
        add(
            f"registered/{school.id}",
            message(
                school.emails[0],
                _subject(rng, school, 2021),
                files=[report(school, file, seed=n, scanned=scanned)],
                mid=f"reg{n}",
            ),
            _report_truth(school),
        )

    # 2. Personal addresses: the document header says who issued it.
    for n, school in enumerate(rng.sample(list(config.schools), 14)):
        file = _file(rng, school, "docx")
        sender = f"{plain(school.name.split()[-1]).lower()}{1970 + n}@gmail.com"
        subject = rng.choice(("Gửi báo cáo NQ121", "bao cao nq 121", "Báo cáo", "BC xâm hại trẻ em"))
        add(
            f"gmail-header/{school.id}",
            message(
                sender,
                subject,
                files=[report(school, file, seed=100 + n)],
                sender_name="Hiệu trưởng",
                mid=f"gm{n}",
            ),
            _report_truth(school),
        )

    # 3. Personal address, a photo whose header was not read: subject and file name name the school.
    for n, sid in enumerate(("th-my-an", "thcs-nhi-thanh", "mg-my-lac", "th-binh-thanh-2", "mn-hoa-sen")):
        school = s[sid]
        file = f"BC_NQ121_{camel(school)}.jpg"
        add(
            f"gmail-subject-file/{sid}",
            message(
                f"gv.nguyen{n}@gmail.com",
                f"Báo cáo NQ121 - {short_name(school.name)}",
                files=[report(school, file, seed=200 + n, scanned=True, named=False)],
                mid=f"gsf{n}",
            ),
            _report_truth(school),
        )

    # 4. Personal address, nothing says which school: must wait for staff.
    for n, sid in enumerate(("th-my-phu", "mg-tan-thanh", "thcs-binh-an", "th-long-thuan", "mg-nhi-thanh")):
        school = s[sid]
        add(
            f"gmail-unnamed/{sid}",
            message(
                f"ketoan.truong{n}@gmail.com",
                "Báo cáo NQ121",
                files=[report(school, "Scan0001.pdf", seed=300 + n, named=False, scanned=True)],
                mid=f"gu{n}",
            ),
            _report_truth(school, decidable=False),
        )

    # 5. District staff forward a school's mail; the original sender is the evidence.
    for n, sid in enumerate(
        ("th-tan-thanh", "thcs-my-lac", "mg-binh-thanh", "th-thi-tran", "thcs-long-thuan")
    ):
        school = s[sid]
        subject = f"Báo cáo NQ121 {short_name(school.name)}"
        file = f"Scan_{n}.pdf"
        add(
            f"staff-forward/{sid}",
            forward(
                staff,
                school.emails[0],
                subject,
                [report(school, file, seed=400 + n, named=n % 2 == 0)],
                note="Chuyển báo cáo của trường.",
            ),
            _report_truth(school),
        )
    # A staff forward from a personal address: only the document says who.
    add(
        "staff-forward/gmail-header",
        forward(
            staff, "hieutruong.myphu@gmail.com", "bao cao", [report(s["thcs-my-phu"], "BC.docx", seed=410)]
        ),
        _report_truth(s["thcs-my-phu"]),
    )
    add(
        "staff-forward/gmail-unnamed",
        forward(
            staff,
            "hieutruong.abc@gmail.com",
            "bao cao",
            [report(s["th-my-lac"], "BC.pdf", seed=411, named=False)],
        ),
        _report_truth(s["th-my-lac"], decidable=False),
    )

    # 6. Long Thạnh and Long Thành: tones decide when written, nothing else may.
    for level in ("mg", "th"):
        thanh, thanh_tl = s[f"{level}-long-thanh"], s[f"{level}-long-thanh-tl"]
        for school in (thanh, thanh_tl):
            upper = school.name.upper().replace("TRƯỜNG ", "TRƯỜNG ", 1)
            add(
                f"long/{school.id}/gmail-header-with-tones",
                message(
                    "hieutruong.lt@gmail.com",
                    "Báo cáo NQ121",
                    files=[report(school, "bc.docx", seed=500, issuer=upper)],
                    mid=f"lt1{school.id}",
                ),
                _report_truth(school),
            )
            add(
                f"long/{school.id}/gmail-header-without-tones",
                message(
                    "hieutruong.lt@gmail.com",
                    "Bao cao NQ121",
                    files=[report(school, "bc.docx", seed=501, issuer=plain(upper), named=False)],
                    mid=f"lt2{school.id}",
                ),
                _report_truth(school, decidable=False),
            )
            add(
                f"long/{school.id}/address-and-plain-subject",
                message(
                    school.emails[0],
                    plain(f"BC NQ121 {short_name(school.name)}"),
                    files=[report(school, "bc.pdf", seed=502, named=False, scanned=True)],
                    mid=f"lt3{school.id}",
                ),
                _report_truth(school),
            )
            other = thanh_tl if school is thanh else thanh
            misread = retone(upper, upper.split()[-1], GRAVE if school is thanh else DOT)
            add(
                f"long/{school.id}/ocr-tone-error-from-address",
                message(
                    school.emails[0],
                    "Báo cáo NQ121",
                    files=[
                        report(
                            school,
                            "scan.pdf",
                            seed=503,
                            issuer=misread,
                            named=False,
                            scanned=True,
                            ocr_case=True,
                        )
                    ],
                    mid=f"lt4{school.id}",
                ),
                _report_truth(school),
            )
            add(
                f"long/{school.id}/ocr-tone-error-from-gmail",
                message(
                    "vanthu.lt@gmail.com",
                    "Báo cáo NQ121",
                    files=[
                        report(
                            school,
                            "scan.pdf",
                            seed=503,
                            issuer=misread,
                            named=False,
                            scanned=True,
                            ocr_case=True,
                        )
                    ],
                    mid=f"lt5{school.id}",
                ),
                _report_truth(school, decidable=False),
            )
            add(
                f"long/{school.id}/subject-names-the-other",
                message(
                    school.emails[0],
                    f"BC NQ121 {short_name(other.name)}",
                    files=[report(school, "bc.pdf", seed=505, named=False)],
                    mid=f"lt6{school.id}",
                ),
                _report_truth(school, decidable=False),
            )

    # 7. Numbered and lettered schools of one commune.
    pairs = (("th-binh-thanh-1", "th-binh-thanh-2"), ("th-my-thanh-a", "th-my-thanh-b"))
    for first, second in pairs:
        for a, b in ((s[first], s[second]), (s[second], s[first])):
            add(
                f"numbered/{a.id}/header-wins-over-address-of-{b.id}",
                message(
                    b.emails[0],
                    f"BC NQ121 {short_name(a.name)}",
                    files=[report(a, "bc.docx", seed=600)],
                    mid=f"nb1{a.id}",
                ),
                _report_truth(a),
            )
            add(
                f"numbered/{a.id}/unnumbered-subject-from-address",
                message(
                    a.emails[0],
                    f"BC NQ121 {short_name(a.name)[:-2]}",
                    files=[report(a, "bc.jpg", seed=601, named=False, scanned=True)],
                    mid=f"nb2{a.id}",
                ),
                _report_truth(a),
            )
            add(
                f"numbered/{a.id}/unnumbered-header-from-gmail",
                message(
                    "bgh.truong@gmail.com",
                    "Báo cáo NQ121",
                    files=[report(a, "bc.docx", seed=602, issuer=a.name.upper()[:-2], named=False)],
                    mid=f"nb3{a.id}",
                ),
                _report_truth(a, decidable=False),
            )
            add(
                f"numbered/{a.id}/subject-of-other-from-address",
                message(
                    a.emails[0],
                    f"BC NQ121 {short_name(b.name)}",
                    files=[report(a, "bc.jpg", seed=603, named=False, scanned=True)],
                    mid=f"nb4{a.id}",
                ),
                _report_truth(a, decidable=False),
            )
            add(
                f"numbered/{a.id}/roman-number-in-ocr-header",
                message(
                    "bgh.truong2@gmail.com",
                    "Báo cáo NQ121",
                    files=[
                        report(
                            a,
                            "scan.pdf",
                            seed=604,
                            issuer=_roman(a.name.upper()),
                            scanned=True,
                            ocr_case=a.name[-1].isdigit(),
                        )
                    ],
                    mid=f"nb5{a.id}",
                ),
                _report_truth(a),
            )

    # 8. Schools of one commune at different levels. A header naming another school than the registered
    # address, with nothing in the mail saying why, is two strong pieces of evidence disagreeing (a sister
    # school's file attached by mistake as likely as one sent on): it waits for staff.
    for n, (a, b) in enumerate(
        (
            ("th-my-an", "thcs-my-an"),
            ("mg-my-an", "th-my-an"),
            ("thcs-nhi-thanh", "th-nhi-thanh"),
            ("th-thcs-tan-long", "mg-tan-long"),
            ("mg-tan-long", "th-thcs-tan-long"),
            ("thcs-thi-tran", "th-thi-tran"),
        )
    ):
        add(
            f"levels/{a}/header-over-address-of-{b}",
            message(
                s[b].emails[0], "Báo cáo NQ121", files=[report(s[a], "bc.docx", seed=700 + n)], mid=f"lv1{n}"
            ),
            _report_truth(s[a], decidable=False),
        )
        add(
            f"levels/{a}/subject-of-{b}-from-address",
            message(
                s[a].emails[0],
                f"BC NQ121 {short_name(s[b].name)}",
                files=[report(s[a], "scan.jpg", seed=710 + n, named=False, scanned=True)],
                mid=f"lv2{n}",
            ),
            _report_truth(s[a], decidable=False),
        )

    # 9. Thị trấn schools by their aliases; abbreviations written out.
    for n, (sid, written) in enumerate(
        (
            ("th-thi-tran", "TH Thủ Thừa"),
            ("mn-thi-tran", "Trường Mầm non Thị trấn Thủ Thừa"),
            ("thcs-thi-tran", "Trường Trung học cơ sở Thị trấn Thủ Thừa"),
            ("th-thcs-tan-long", "Trường Tiểu học và THCS Tân Long"),
        )
    ):
        school = s[sid]
        body = f"Kính gửi PGD.\n{written} gửi báo cáo."
        add(
            f"alias/{sid}",
            message(
                f"thuthua.gv{n}@gmail.com",
                f"BC NQ121 - {written}",
                body=body,
                files=[report(school, "bc.jpg", seed=800 + n, named=False, scanned=True)],
                mid=f"al{n}",
            ),
            _report_truth(school),
        )

    # 10. Typos and OCR tone errors in headers (the tone errors are scanned and OCR'd again).
    typos = (
        ("th-nhi-thanh", "TRƯỜNG TIỂU HỌC NHỊ THÀHN", False),
        ("thcs-my-phu", retone("TRƯỜNG THCS MỸ PHÚ", "PHÚ", HOOK), True),
        ("mg-my-lac", retone("TRƯỜNG MẪU GIÁO MỸ LẠC", "LẠC", ACUTE), True),
        ("th-tan-thanh", "TRƯỜNG TIÊU HỌC TÂN THANH", False),
    )
    for n, (sid, issuer, tones) in enumerate(typos):
        school = s[sid]
        add(
            f"typo/{sid}/from-address",
            message(
                school.emails[0],
                "Bao cao NQ121",
                files=[report(school, "scan.pdf", seed=900 + n, issuer=issuer, scanned=True, ocr_case=tones)],
                mid=f"ty1{n}",
            ),
            _report_truth(school),
        )
    add(
        "typo/th-nhi-thanh/from-gmail",
        message(
            "nhithanh.gv@gmail.com",
            "Bao cao NQ121",
            files=[
                report(
                    s["th-nhi-thanh"], "scan.pdf", seed=909, issuer="TRƯỜNG TIỂU HỌC NHỊ THÀHN", named=False
                )
            ],
            mid="ty9",
        ),
        _report_truth(s["th-nhi-thanh"], decidable=False),
    )

    # 11. Two schools' reports in one message.
    for n, (a, b) in enumerate(
        (
            ("th-my-an", "thcs-my-an"),
            ("mg-tan-long", "th-thcs-tan-long"),
            ("th-binh-thanh-1", "th-binh-thanh-2"),
        )
    ):
        add(
            f"two-schools/{a}+{b}",
            message(
                s[a].emails[0],
                "Báo cáo NQ121 của hai trường",
                files=[report(s[a], "a.docx", seed=1000 + n), report(s[b], "b.pdf", seed=1010 + n)],
                mid=f"two{n}",
            ),
            _report_truth(s[a], s[b]),
        )
    add(
        "two-schools/staff-forward",
        forward(
            staff,
            "tonghop.cum@gmail.com",
            "BC NQ121 cụm Mỹ",
            [report(s["mg-my-phu"], "MG.docx", seed=1020), report(s["th-my-phu"], "TH.docx", seed=1021)],
        ),
        _report_truth(s["mg-my-phu"], s["th-my-phu"]),
    )

    # 12. The report written in the mail body, the signature naming the school.
    for n, sid in enumerate(("thcs-binh-thanh", "mg-long-thuan", "th-my-phu")):
        school = s[sid]
        text = render_text(paper(school, seed=1100 + n))
        add(
            f"body/{sid}",
            message(f"c{n}.gv@yahoo.com", "Báo cáo NQ121", body=text, mid=f"bd{n}"),
            _report_truth(school),
        )

    # 13. Renamed levels, schools outside the registry, unregistered official addresses, learned ones.
    add(
        "renamed/mg-binh-an-as-mam-non",
        message(
            s["mg-binh-an"].emails[0],
            "Báo cáo NQ121",
            files=[report(s["mg-binh-an"], "bc.docx", seed=1200, issuer="TRƯỜNG MẦM NON BÌNH AN")],
            mid="rn1",
        ),
        _report_truth(s["mg-binh-an"]),
    )
    add(
        "renamed/mg-binh-an-as-mam-non-from-gmail",
        message(
            "mnbinhan.hieutruong@gmail.com",
            "Báo cáo NQ121",
            files=[
                report(s["mg-binh-an"], "bc.docx", seed=1201, issuer="TRƯỜNG MẦM NON BÌNH AN", named=False)
            ],
            mid="rn2",
        ),
        _report_truth(s["mg-binh-an"], decidable=False),
    )
    add(
        "outside/thpt-from-registered-primary",
        message(
            s["th-thi-tran"].emails[0],
            "Báo cáo NQ121",
            files=[report("Trường THPT Thủ Thừa", "bc.docx", seed=1202)],
            mid="os1",
        ),
        Truth(True, frozenset(), decidable=False, year=2021),
    )
    for n, sid in enumerate(("th-long-thuan", "thcs-tan-thanh")):
        school = s[sid]
        official = school.emails[0].replace("example.edu.vn", "moet.edu.vn")
        add(
            f"unregistered-official/{sid}",
            message(
                official,
                f"BC NQ121 {short_name(school.name)}",
                files=[report(school, "bc.jpg", seed=1210 + n, named=False, scanned=True)],
                mid=f"uo{n}",
            ),
            _report_truth(school),
        )
    for n, sid in enumerate(("mg-my-thanh", "thcs-long-thanh")):
        school = s[sid]
        sender = f"truong.learned{n}@gmail.com"
        add(
            f"learned/{sid}",
            message(
                sender,
                "Báo cáo NQ121",
                files=[report(school, "Scan.pdf", seed=1220 + n, named=False, scanned=True)],
                mid=f"ln{n}",
            ),
            _report_truth(school),
            learned={sender: sid},
        )

    # 14. A 2021 report that arrives in January 2022 is 2021's, because it says so.
    january = dt.datetime(2022, 1, 10, 3, 0, tzinfo=dt.UTC)
    add(
        "late/2021-report-in-january",
        message(
            s["th-my-lac"].emails[0],
            "Báo cáo NQ121 (bổ sung)",
            files=[report(s["th-my-lac"], "bc.docx", seed=1300, year=2021, date=dt.date(2021, 12, 28))],
            mid="late1",
            received_at=january,
        ),
        _report_truth(s["th-my-lac"]),
        received_at=january,
    )

    # 15. Noise of every kind.
    noise = Truth(False)
    for n, (kind, title, body) in enumerate(
        (
            ("BÁO CÁO", "Sơ kết học kỳ I năm học 2021-2022", "Đặc điểm tình hình: toàn trường có 18 lớp."),
            ("KẾ HOẠCH", "Tuyển sinh năm học 2022-2023", "Chỉ tiêu tuyển sinh: 120 học sinh lớp 1."),
            ("BÁO CÁO", "Thống kê số liệu đầu năm học 2021-2022", "Số lớp, số học sinh, đội ngũ."),
            (
                "KẾ HOẠCH",
                "Phòng, chống xâm hại trẻ em năm học 2021-2022",
                "Mục đích: phòng, chống xâm hại trẻ em.",
            ),
            (
                "BÁO CÁO",
                "Công tác y tế trường học đầu năm học 2021-2022",
                "Không có trường hợp xâm hại trẻ em.",
            ),
        )
    ):
        school = config.schools[n * 5]
        add(
            f"noise/other-paper/{n}",
            message(
                school.emails[0],
                f"{kind.capitalize()} {title} - {short_name(school.name)}",
                files=[other_paper(school, "vb.docx", kind, title, body)],
                mid=f"op{n}",
            ),
            noise,
        )
    school = s["th-my-an"]
    add(
        "noise/other-paper-under-nq121-subject",
        message(
            school.emails[0],
            "Báo cáo NQ121",
            files=[
                other_paper(
                    school, "sk.docx", "BÁO CÁO", "Sơ kết học kỳ I năm học 2021-2022", "Đặc điểm tình hình."
                )
            ],
            mid="op9",
        ),
        noise,
    )
    add(
        "noise/auto-submitted",
        message(
            school.emails[0],
            "Trả lời tự động: Nhắc nộp báo cáo NQ121",
            headers={"Auto-Submitted": "auto-replied"},
            mid="ar1",
        ),
        noise,
    )
    add(
        "noise/x-autoreply",
        message(
            "c2myan.thuthua@example.edu.vn", "Re: Báo cáo NQ121", headers={"X-Autoreply": "yes"}, mid="ar2"
        ),
        noise,
    )
    add("noise/out-of-office", message("hieutruong@gmail.com", "Out of Office: BC NQ121", mid="ar3"), noise)
    add(
        "noise/vang-mat",
        message("c1mylac.thuthua@example.edu.vn", "Vắng mặt: đi công tác đến 25/10", mid="ar4"),
        noise,
    )
    add(
        "noise/precedence-auto-reply",
        message(
            "c0myphu.thuthua@example.edu.vn",
            "Re: Nhắc báo cáo NQ121",
            headers={"Precedence": "auto_reply"},
            mid="ar5",
        ),
        noise,
    )
    add("noise/bounce", _Draft(bounce_message()), noise)
    add(
        "noise/bounce-subject",
        message(
            "mailer-daemon@example.edu.vn",
            "Undelivered Mail Returned to Sender",
            body="This is the mail system. Báo cáo NQ121",
            mid="bo2",
        ),
        noise,
    )
    add(
        "noise/newsletter",
        message(
            "bantin@thuvienphapluat.example",
            "Bản tin pháp luật: Nghị quyết 121/2020/QH14 về phòng, chống xâm hại trẻ em",
            body="Tóm tắt văn bản mới...\nHủy đăng ký nhận bản tin tại đây.",
            headers={"List-Unsubscribe": "<mailto:unsub@thuvienphapluat.example>"},
            mid="nl1",
        ),
        noise,
    )
    add(
        "noise/newsletter-bulk",
        message(
            "news@giaoduc.example",
            "Tin giáo dục tuần này",
            body="Tin tức...",
            headers={"Precedence": "bulk"},
            mid="nl2",
        ),
        noise,
    )
    add(
        "noise/spam-flagged",
        message(
            "promo@khuyenmai.example", "Ưu đãi NQ121 giảm giá 50%", headers={"X-Spam-Flag": "YES"}, mid="sp1"
        ),
        noise,
    )
    add(
        "noise/spam",
        message("win@prize.example", "Chúc mừng bạn đã trúng thưởng", body="Nhấn vào đây.", mid="sp2"),
        noise,
    )
    add(
        "noise/reply-without-report",
        message(
            s["thcs-my-lac"].emails[0],
            "Re: Nhắc nộp báo cáo NQ121",
            body="Dạ trường đã gửi báo cáo NQ121 hôm qua ạ.",
            mid="rp1",
        ),
        noise,
    )
    add(
        "noise/question",
        message(
            "giaovien.abc@gmail.com",
            "Hỏi về mẫu báo cáo Nghị quyết 121",
            body="Xin mẫu báo cáo ạ.",
            mid="rp2",
        ),
        noise,
    )
    add(
        "noise/district-plan",
        message(
            staff,
            "Kế hoạch triển khai NQ121 năm 2021",
            files=[
                other_paper(
                    s["th-my-an"],
                    "kh.docx",
                    "KẾ HOẠCH",
                    "Triển khai Nghị quyết 121/2020/QH14",
                    "Phòng, chống xâm hại trẻ em.",
                )
            ],
            mid="ds1",
        ),
        noise,
    )
    add(
        "noise/invitation",
        message("congdoan@example.vn", "Giấy mời họp ngày 22/10", body="Kính mời.", mid="gm1"),
        noise,
    )

    sents = list(dict.fromkeys(sent for _, draft, _, _ in drafts for sent in draft.files))
    rendered = _render_all(sents, all_scans=all_scans, workers=workers)
    return [
        Case(name, _compose(draft, rendered), truth, **extra)  # type: ignore[arg-type]
        for name, draft, truth, extra in drafts
    ]


def _roman(issuer: str) -> str:
    """OCR reads a trailing "1" as "I" and "2" as "II"."""
    head, number = issuer.rsplit(" ", 1)
    return f"{head} {dict(zip('12', ('I', 'II'), strict=True)).get(number, number)}"
