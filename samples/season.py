"""A season of mail to the district office: NQ121 reports in the forms schools send them, and the noise around them."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import random
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from zoneinfo import ZoneInfo

from kernel.config import SchoolConfig
from parsers.text import fold
from samples import SamplesError
from samples.documents import (
    page_count,
    render_docx,
    render_docx_legacy,
    render_ods,
    render_pdf,
    render_photo_jpeg,
    render_scan,
    render_text,
    zip_files,
)
from samples.papers import (
    Paper,
    abbreviation,
    make_other_paper,
    make_paper,
    make_plan,
    person_name,
    place_of,
    short_name,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
REPORT_ID = "nq121"
SIZES = ("small", "full")
_PITFALL_MESSAGES = 7  # one round of _Season._pitfalls: one message of each kind
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
STAFF = ("Nguyễn Thị Mai", "ntmai.pgdthuthua@gmail.com")  # a district officer's own mailbox
_SMTP = policy.SMTP  # CRLF line ends, as messages travel and as IMAP APPEND wants them


@dataclass(frozen=True)
class Truth:
    """What the message really is, for tests and the matching evaluation."""

    # "report": a school's readable report. "unreadable": a school's mail that names the report but
    # carries none that can be read (a locked, broken or .ods file, a Drive link, a forgotten
    # attachment): recorded for the school, never counted as reported. "other-paper": another paper of a
    # school (a plan, another report), not the report. "internal": the office's own mail. "noise": the rest.
    kind: str
    report_id: str | None  # "nq121" for reports and unreadable ones
    year: int
    school_ids: tuple[str, ...]  # schools whose report it carries (or fails to); empty otherwise
    ambiguous: bool  # True when a careful person could not tell the school from the message
    note: str  # the variant, in English, e.g. "personal gmail, scan0001.pdf, school only in subject"
    attachments: tuple[str, ...] = ()  # file names as a mail reader lists them (forwarded .eml contents too)


@dataclass(frozen=True)
class SeasonMessage:
    raw: bytes  # a complete RFC 5322 message with CRLF line ends
    received_at: dt.datetime  # aware; the server's receipt time (IMAP INTERNALDATE)
    truth: Truth
    message_id: str = ""  # without angle brackets


@dataclass(frozen=True)
class _Plan:
    reporting: int  # schools that send their report (at most all)
    late: int
    resubmit: int
    duplicate: int
    split: int
    ambiguous: int
    previous_year: int
    noise: dict[str, int]
    pitfalls: int  # rounds of mail that looks like a report and is not one that counts (see _pitfalls)
    scan_pages: int  # pages that need OCR (scans and photos), in total


_PLANS = {
    "small": _Plan(
        reporting=14,
        late=2,
        resubmit=1,
        duplicate=0,
        split=0,
        ambiguous=1,
        previous_year=0,
        noise={"other": 4, "auto": 1, "bounce": 1, "spam": 1, "newsletter": 1, "reply": 1, "question": 1},
        pitfalls=1,
        scan_pages=2,
    ),
    "full": _Plan(
        reporting=36,
        late=5,
        resubmit=5,
        duplicate=1,
        split=2,
        ambiguous=2,
        previous_year=1,
        noise={
            "other": 36,
            "auto": 6,
            "bounce": 2,
            "spam": 8,
            "newsletter": 8,
            "reply": 8,
            "question": 4,
            "misc": 3,
        },
        pitfalls=2,
        scan_pages=6,
    ),
}


@dataclass
class _File:
    name: str
    data: bytes
    mime: str
    rfc2047: bool = False  # name as an RFC 2047 word in a quoted filename, as some webmails write it


@dataclass
class _Draft:
    """A message before it gets its times and id."""

    sender: tuple[str, str]  # (display name, address)
    subject: str | None
    body: str | None
    files: list[_File] = field(default_factory=list)
    html: str | None = None  # alternative (or, with body None, the only) HTML body
    charset: str = "utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    forwarded: EmailMessage | None = None  # attached as message/rfc822
    in_reply_to: str | None = None


def make_season(
    schools: Sequence[SchoolConfig],
    *,
    year: int,
    seed: int = 0,
    size: str = "small",
    scanned: bool = True,
    office: str = "pgdthuthua@example.edu.vn",
    district: str = "Thủ Thừa",
    messages: int | None = None,
    scan_pages: int | None = None,
) -> list[SeasonMessage]:
    """A season of mail for the given schools, sorted by receipt time; the same arguments give the same bytes.

    size "small" (about 30 messages, at most 2 pages to OCR) suits integration tests; "full" (about 135,
    at most 6 pages to OCR) suits the demo and the matching evaluation. messages, when given, scales the
    full season to about that many messages (one collecting unit of a province), and scan_pages sets
    how many pages need OCR in all. scanned=False turns scans and photos into text PDFs, so nothing
    needs OCR.
    """
    if size not in _PLANS:
        raise SamplesError(f'size must be one of {", ".join(SIZES)}, got "{size}"')
    if not schools:
        raise SamplesError("a season needs at least one school")
    plan = _PLANS[size] if messages is None else _scaled(_PLANS["full"], messages, len(schools))
    if scan_pages is not None:
        plan = dataclasses.replace(plan, scan_pages=scan_pages)
    return _Season(list(schools), year, seed, plan, scanned, office, district).build()


def _scaled(plan: _Plan, messages: int, schools: int) -> _Plan:
    """The plan with its counts scaled so that a season of these many schools has the given number of
    messages; reports beyond one per school become other papers."""
    if messages < 1:
        raise SamplesError(f"a season needs at least one message, got {messages}")
    kinds = ("reporting", "ambiguous", "resubmit", "duplicate", "split", "previous_year")
    counts = [getattr(plan, k) for k in kinds] + list(plan.noise.values())
    total = sum(counts) + plan.pitfalls * _PITFALL_MESSAGES
    factor = messages / total
    pitfalls = int(plan.pitfalls * factor)
    scaled = apportion(messages - pitfalls * _PITFALL_MESSAGES, counts)
    named = dict(zip(kinds, scaled, strict=False))
    noise = dict(zip(plan.noise, scaled[len(kinds) :], strict=True))
    # The first ambiguous school sends only its ambiguous message, not a report of its own as well.
    wanted = named["reporting"] + (1 if named["ambiguous"] else 0)
    named["reporting"] = max(1, min(wanted, schools))
    noise["other"] += wanted - named["reporting"]
    return dataclasses.replace(plan, **named, late=round(plan.late * factor), noise=noise, pitfalls=pitfalls)


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """total split in proportion to weights, in whole numbers that add up to it (largest remainders)."""
    whole = sum(weights)
    if total < 0 or whole <= 0:
        raise SamplesError(f"cannot split {total} by the weights {list(weights)}")
    exact = [total * w / whole for w in weights]
    shares = [int(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (shares[i] - exact[i], i))
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares


class _Season:
    def __init__(
        self,
        schools: list[SchoolConfig],
        year: int,
        seed: int,
        plan: _Plan,
        scanned: bool,
        office: str,
        district: str,
    ) -> None:
        self.rng = random.Random(f"season:{seed}:{year}:{plan.reporting}")
        self.schools = schools
        self.year = year
        self.plan = plan
        self.scan_pages = plan.scan_pages if scanned else 0
        # A small budget is spread over several scans by scanning only their first page.
        self.pages_per_scan = 1 if plan.scan_pages <= 2 else 2
        self.office = office
        self.district = district
        self.deadline = dt.datetime(year, 10, 25, 17, 0, tzinfo=TZ)
        self.ids: set[str] = set()
        self.out: list[SeasonMessage] = []
        self.reminders = [
            (self.deadline - dt.timedelta(days=d)).replace(hour=7, minute=30) for d in (14, 7, 3, 1)
        ]

    # --- the plan -------------------------------------------------------------------------------

    def build(self) -> list[SeasonMessage]:
        rng, plan = self.rng, self.plan
        order = self.schools[:]
        rng.shuffle(order)
        reporting = order[: min(plan.reporting, len(order))]
        pair = self._pair(reporting)
        ambiguous = [s for s in reporting if s not in pair][: plan.ambiguous]
        singles = [s for s in reporting if s not in pair and s not in ambiguous[:1]]
        late = {s.id for s in singles[len(singles) - plan.late :]}

        if len(pair) == 2:
            self._two_schools(pair)
        variants = self._variants()
        for index, school in enumerate(singles):
            when = self._late_time() if school.id in late else self._on_time()
            variant = variants[index % len(variants)]
            self._emit(variant(school), when, self._truth(school, variant.__name__, late=school.id in late))
        for school in ambiguous:
            self._ambiguous(school)
        # A second ambiguous school is among singles too: it reports properly as well.
        start = 0
        for count, make in (
            (plan.resubmit, self._resubmit),
            (plan.duplicate, self._duplicate),
            (plan.split, self._split),
            (plan.previous_year, self._previous_year),
        ):
            for school in singles[start : start + count]:
                make(school)
            start += count
        noise: dict[str, Callable[[], None]] = {
            "other": self._other_report,
            "auto": self._auto_reply,
            "bounce": self._bounce,
            "spam": self._spam,
            "newsletter": self._newsletter,
            "reply": self._reply,
            "question": self._question,
            "misc": self._misc,
        }
        for kind, count in plan.noise.items():
            for _ in range(count):
                noise[kind]()
        # Drawn last, so that adding them left the rest of every season as it was.
        for _ in range(plan.pitfalls):
            for pitfall in self._pitfalls():
                pitfall(self.rng.choice(self.schools))
        return sorted(self.out, key=lambda m: (m.received_at, m.message_id))

    def _pair(self, reporting: list[SchoolConfig]) -> list[SchoolConfig]:
        """Two schools one person sends for: the A/B schools of a commune, or two of the same commune."""
        by_id = {s.id: s for s in reporting}
        for a, b in (("th-my-thanh-a", "th-my-thanh-b"), ("th-thcs-tan-long", "mg-tan-long")):
            if a in by_id and b in by_id:
                return [by_id[a], by_id[b]]
        by_place: dict[str, list[SchoolConfig]] = {}
        for school in reporting:
            by_place.setdefault(place_of(school.name, year=self.year, district=self.district), []).append(
                school
            )
        same = [group[:2] for place, group in by_place.items() if len(group) >= 2 and place != self.district]
        return same[0] if same and len(reporting) >= 4 else []

    def _variants(self) -> list[Callable[[SchoolConfig], _Draft]]:
        return [
            self.official_docx,
            self.personal_scan,
            self.official_text_pdf,
            self.body_pasted,
            self.zipped,
            self.staff_forward_gmail,
            self.personal_photo,
            self.official_forward_vn,
            self.forward_as_attachment,
            self.no_subject,
            self.legacy_tcvn3,
            self.all_caps_docx_and_pdf,
            self.windows_1258_body,
            self.html_only,
            self.personal_header_only,
            self.rfc2047_filename,
        ]

    # --- report variants --------------------------------------------------------------------------

    def official_docx(self, school: SchoolConfig) -> _Draft:
        paper = self._paper(school)
        short = short_name(school.name)
        return _Draft(
            sender=self._official(school),
            subject=self.rng.choice(
                (
                    f"Báo cáo NQ121 - {short}",
                    f"{short} gửi báo cáo thực hiện NQ 121/2020/QH14 năm {self.year}",
                )
            ),
            body=self._body(school, official=True),
            files=[_File(f"Báo cáo NQ121 {short}.docx", render_docx(paper), DOCX)],
        )

    def personal_scan(self, school: SchoolConfig) -> _Draft:
        paper = self._paper(school)
        name = person_name(self.rng)
        return _Draft(
            sender=(name, self._personal_address(name, school)),
            subject=f"BC NQ121 {fold(short_name(school.name)).title().replace('Th ', 'TH ')}",
            body=self.rng.choice(("Em gửi báo cáo ạ.", "Kinh gui PGD bao cao NQ121. Tran trong.", "")),
            files=[self._scan_file(paper, "scan0001.pdf")],
        )

    def official_text_pdf(self, school: SchoolConfig) -> _Draft:
        paper = self._paper(school)
        return _Draft(
            sender=self._official(school),
            subject="V/v báo cáo kết quả thực hiện Nghị quyết 121/2020/QH14",
            body=self._body(school, official=True),
            files=[_File(f"BC_NQ121_{abbreviation(school.name)}.pdf", render_pdf(paper), "application/pdf")],
        )

    def body_pasted(self, school: SchoolConfig) -> _Draft:
        paper = self._paper(school)
        return _Draft(
            sender=self._official(school),
            subject=f"Báo cáo phòng, chống xâm hại trẻ em năm {self.year}",
            body="Kính gửi Phòng GD&ĐT,\nTrường gửi nội dung báo cáo như sau:\n\n" + render_text(paper),
        )

    def zipped(self, school: SchoolConfig) -> _Draft:
        paper = self._paper(school)
        abbr = abbreviation(school.name)
        archive = zip_files(
            {"Báo cáo NQ121.docx": render_docx(paper), "Báo cáo NQ121 (bản ký).pdf": render_pdf(paper)}
        )
        return _Draft(
            sender=self._official(school),
            subject=f"Bao cao NQ121 {fold(short_name(school.name)).upper()}",
            body=self._body(school, official=True),
            files=[
                _File(
                    f"{abbr}_NQ121.zip",
                    archive,
                    self.rng.choice(("application/zip", "application/x-zip-compressed")),
                )
            ],
        )

    def staff_forward_gmail(self, school: SchoolConfig) -> _Draft:
        """A school mailed an officer's own address; the officer forwards it into the office mailbox."""
        paper = self._paper(school)
        short = short_name(school.name)
        original_subject = f"Báo cáo phòng chống xâm hại trẻ em - {school.name}"
        sent = self._on_time() - dt.timedelta(days=1)
        block = (
            "---------- Forwarded message ---------\n"
            f"From: {school.name} <{school.emails[0] if school.emails else self._personal_address(person_name(self.rng), school)}>\n"
            f"Date: {_gmail_date(sent)}\n"
            f"Subject: {original_subject}\n"
            f"To: {STAFF[0]} <{STAFF[1]}>\n\n"
        )
        return _Draft(
            sender=STAFF,
            subject=f"Fwd: {original_subject}",
            body=block + self._body(school, official=True),
            files=[_File(f"Báo cáo NQ121 {short}.docx", render_docx(paper), DOCX)],
        )

    def personal_photo(self, school: SchoolConfig) -> _Draft:
        paper = self._paper(school)
        name = person_name(self.rng)
        stamp = self._on_time()
        body = f"Em gửi báo cáo NQ121 ạ.\n\n{name}\nVăn thư {short_name(school.name)}\n\nSent from Yahoo Mail on Android"
        return _Draft(
            sender=(name, self._personal_address(name, school, domain="yahoo.com.vn")),
            subject="Bao cao NQ121",
            body=body,
            files=[self._photo_file(paper, f"IMG_{stamp:%Y%m%d_%H%M%S}.jpg")],
        )

    def official_forward_vn(self, school: SchoolConfig) -> _Draft:
        """The principal mailed the school's box from a phone; the school box forwards it on."""
        paper = self._paper(school)
        principal = paper.signer_name
        block = (
            "---------- Thư đã chuyển tiếp ----------\n"
            f"Từ: {principal} <{self._personal_address(principal, school)}>\n"
            f"Ngày: {_gmail_date(self._on_time() - dt.timedelta(hours=5))}\n"
            "Chủ đề: bao cao NQ121\n"
            f"Tới: {school.emails[0] if school.emails else self.office}\n\n"
            "Gửi văn thư chuyển giúp lên phòng.\n"
        )
        return _Draft(
            sender=self._official(school),
            subject="Fwd: bao cao NQ121",
            body="Kính gửi Phòng GD&ĐT,\nTrường chuyển báo cáo NQ121.\n\n" + block,
            files=[_File("bao cao NQ121.docx", render_docx(paper), DOCX)],
        )

    def forward_as_attachment(self, school: SchoolConfig) -> _Draft:
        paper = self._paper(school)
        short = short_name(school.name)
        inner = self._compose(
            _Draft(
                sender=self._official(school),
                subject=f"Báo cáo NQ121 {short}",
                body=self._body(school, official=True),
                files=[_File(f"BC NQ121 {short}.pdf", render_pdf(paper), "application/pdf")],
            ),
            self._on_time() - dt.timedelta(days=2),
            self._message_id(school.emails[0] if school.emails else "example.edu.vn"),
        )
        return _Draft(
            sender=STAFF,
            subject=f"Fw: Báo cáo NQ121 {short}",
            body="Chuyển hộp thư chung để tổng hợp.",
            forwarded=inner,
        )

    def no_subject(self, school: SchoolConfig) -> _Draft:
        paper = self._paper(school)
        return _Draft(
            sender=self._official(school),
            subject=None,
            body="",
            files=[_File(self.rng.choice(("baocao.docx", "Document1.docx")), render_docx(paper), DOCX)],
        )

    def legacy_tcvn3(self, school: SchoolConfig) -> _Draft:
        paper = self._paper(school)
        return _Draft(
            sender=self._official(school),
            subject=f"Báo cáo thực hiện Nghị quyết 121 - {short_name(school.name)}",
            body=self._body(school, official=True),
            files=[_File("Bao cao NQ 121.docx", render_docx_legacy(paper, "tcvn3"), DOCX)],
        )

    def all_caps_docx_and_pdf(self, school: SchoolConfig) -> _Draft:
        paper = self._paper(school)
        name = person_name(self.rng)
        title = f"BÁO CÁO NQ121 {school.name.upper()}"
        return _Draft(
            sender=(name, self._personal_address(name, school)),
            subject=title,
            body=self._body(school, official=False, signer=name),
            files=[
                _File(f"{title}.docx", render_docx(paper), DOCX),
                _File(f"{title} (bản ký).pdf", render_pdf(paper), "application/pdf"),
            ],
        )

    def windows_1258_body(self, school: SchoolConfig) -> _Draft:
        paper = self._paper(school)
        return _Draft(
            sender=self._official(school),
            subject=f"Báo cáo NQ121 {short_name(school.name)}",
            body=_cp1258_ready(self._body(school, official=True)),
            charset="windows-1258",
            files=[_File(f"BC_NQ121_{abbreviation(school.name)}.pdf", render_pdf(paper), "application/pdf")],
        )

    def html_only(self, school: SchoolConfig) -> _Draft:
        paper = self._paper(school)
        text = self._body(school, official=True)
        html = (
            "<html><body>" + "".join(f"<p>{line}</p>" for line in text.split("\n") if line) + "</body></html>"
        )
        return _Draft(
            sender=self._official(school),
            subject=f"Gửi báo cáo NQ121/2020/QH14 - {school.name}",
            body=None,
            html=html,
            files=[_File(f"Báo cáo xâm hại trẻ em {short_name(school.name)}.docx", render_docx(paper), DOCX)],
            headers={"X-Mailer": "Microsoft Outlook 16.0"},
        )

    def personal_header_only(self, school: SchoolConfig) -> _Draft:
        """Only the document's own header names the school."""
        paper = self._paper(school)
        name = person_name(self.rng)
        return _Draft(
            sender=(name, self._personal_address(name, school, plain=True)),
            subject="Báo cáo NQ121",
            body="Em gửi báo cáo ạ. Em cảm ơn.",
            files=[_File("Bao cao.docx", render_docx(paper), DOCX)],
        )

    def rfc2047_filename(self, school: SchoolConfig) -> _Draft:
        paper = self._paper(school)
        short = short_name(school.name)
        return _Draft(
            sender=self._official(school),
            subject=f"[{short}] Báo cáo kết quả thực hiện Nghị quyết 121",
            body=self._body(school, official=True),
            files=[
                _File(
                    f"Báo cáo NQ121 năm {self.year}.pdf", render_pdf(paper), "application/pdf", rfc2047=True
                )
            ],
        )

    # --- special report messages ------------------------------------------------------------------

    def _ambiguous(self, school: SchoolConfig) -> None:
        paper = self._paper(school, named=False)
        name = person_name(self.rng)
        draft = _Draft(
            sender=(name, self._personal_address(name, school, plain=True)),
            subject="Báo cáo NQ121",
            body=self.rng.choice(("Gửi Phòng báo cáo ạ.", "", "Em gửi ạ")),
            files=[self._scan_file(paper, "scan.pdf")],
        )
        truth = Truth(
            "report",
            REPORT_ID,
            self.year,
            (school.id,),
            True,
            "personal address unknown to the office, generic subject, scan.pdf whose header is cut off",
        )
        self._emit(draft, self._on_time(), truth)

    def _two_schools(self, pair: list[SchoolConfig]) -> None:
        name = person_name(self.rng)
        shorts = [short_name(s.name) for s in pair]
        files = [
            _File(f"Báo cáo NQ121 {shorts[0]}.docx", render_docx(self._paper(pair[0])), DOCX),
            _File(f"BC NQ121 {shorts[1]}.pdf", render_pdf(self._paper(pair[1])), "application/pdf"),
        ]
        draft = _Draft(
            sender=(name, self._personal_address(name, pair[0], plain=True)),
            subject=f"Báo cáo NQ121 {shorts[0]} và {shorts[1]}",
            body=f"Kính gửi Phòng GD&ĐT,\nEm gửi giúp báo cáo NQ121 của {shorts[0]} và {shorts[1]}.\n\n{name}",
            files=files,
        )
        truth = Truth(
            "report",
            REPORT_ID,
            self.year,
            tuple(s.id for s in pair),
            False,
            "one personal message carrying the reports of two schools of one commune",
        )
        self._emit(draft, self._on_time(), truth)

    def _resubmit(self, school: SchoolConfig) -> None:
        first = max(
            (m.received_at for m in self.out if school.id in m.truth.school_ids), default=self._on_time()
        )
        paper = self._paper(school)
        short = short_name(school.name)
        draft = _Draft(
            sender=self._official(school),
            subject=self.rng.choice(
                (
                    f"[Gửi lại] Báo cáo NQ121 {short}",
                    f"Re: Báo cáo NQ121 - {short}",
                    f"Báo cáo NQ121 {short} (bản chỉnh sửa)",
                )
            ),
            body="Kính gửi Phòng GD&ĐT,\nTrường gửi lại báo cáo đã điều chỉnh số liệu, Phòng vui lòng sử dụng bản này ạ.\nTrân trọng.",
            files=[_File(f"Báo cáo NQ121 {short} (sửa).docx", render_docx(paper), DOCX)],
        )
        when = first + dt.timedelta(days=self.rng.randint(1, 6), minutes=self.rng.randint(0, 300))
        self._emit(
            draft, when, self._truth(school, "resubmission with corrected figures", late=when > self.deadline)
        )

    def _duplicate(self, school: SchoolConfig) -> None:
        """The send button pressed twice: the same message again under a new Message-ID."""
        first = next(m for m in reversed(self.out) if m.truth.school_ids == (school.id,))
        head, _, rest = first.raw.partition(b"\r\nMessage-ID: ")
        old_id, _, tail = rest.partition(b"\r\n")
        new_id = self._message_id(school.emails[0] if school.emails else "example.edu.vn")
        raw = head + b"\r\nMessage-ID: <" + new_id.encode() + b">\r\n" + tail
        when = first.received_at + dt.timedelta(seconds=self.rng.randint(20, 90))
        truth = dataclasses.replace(first.truth, note="the same message sent twice")
        self.out.append(SeasonMessage(raw=raw, received_at=when, truth=truth, message_id=new_id))

    def _split(self, school: SchoolConfig) -> None:
        """The Word copy first, the signed scan days later."""
        paper = self._paper(school)
        draft = _Draft(
            sender=self._official(school),
            subject=f"Bản scan báo cáo NQ121 có chữ ký, đóng dấu - {short_name(school.name)}",
            body="Trường bổ sung bản scan có chữ ký và đóng dấu.",
            files=[self._scan_file(paper, f"Scan_{abbreviation(school.name)}.pdf")],
        )
        when = self._on_time() + dt.timedelta(days=2)
        self._emit(
            draft,
            when,
            self._truth(
                school, "second part: the signed scan after the Word copy", late=when > self.deadline
            ),
        )

    def _previous_year(self, school: SchoolConfig) -> None:
        paper = make_paper(school.name, year=self.year - 1, rng=self.rng, district=self.district)
        draft = _Draft(
            sender=self._official(school),
            subject=f"Báo cáo NQ121 {short_name(school.name)}",
            body=self._body(school, official=True),
            files=[_File(f"BC NQ121 nam {self.year - 1}.docx", render_docx(paper), DOCX)],
        )
        truth = Truth(
            "report",
            REPORT_ID,
            self.year - 1,
            (school.id,),
            False,
            "last year's report attached by mistake",
            (f"BC NQ121 nam {self.year - 1}.docx",),
        )
        self._emit(draft, self._on_time(), truth)

    # --- mail that names the report and carries none that can be read, and mail like it -----------

    def _pitfalls(self) -> list[Callable[[SchoolConfig], None]]:
        return [
            self._locked_pdf,
            self._truncated_pdf,
            self._ods,
            self._drive_link,
            self._forgotten_attachment,
            self._plan,
            self._internal,
        ]

    def _locked_pdf(self, school: SchoolConfig) -> None:
        password = str(self.rng.randint(100000, 999999))
        short = short_name(school.name)
        data = render_pdf(self._paper(school), password=password)
        draft = _Draft(
            sender=self._official(school),
            subject=f"Báo cáo NQ121 - {short}",
            # The password sent another way: one stated in the mail opens the file (intake.passwords).
            body=self._cover(school, " (tệp đính kèm có đặt mật khẩu, em gửi mật khẩu qua Zalo ạ)"),
            files=[_File(f"BC NQ121 {short}.pdf", data, "application/pdf")],
        )
        self._emit(draft, self._on_time(), self._unreadable(school, "a password-protected PDF"))

    def _truncated_pdf(self, school: SchoolConfig) -> None:
        pdf = render_pdf(self._paper(school))
        cut = pdf[: int(len(pdf) * self.rng.uniform(0.3, 0.8))]
        draft = _Draft(
            sender=self._official(school),
            subject=f"Báo cáo thực hiện Nghị quyết 121 - {short_name(school.name)}",
            body=self._cover(school, " (file đính kèm)"),
            files=[_File(f"BC_NQ121_{abbreviation(school.name)}.pdf", cut, "application/pdf")],
        )
        self._emit(draft, self._on_time(), self._unreadable(school, "a PDF cut short in the upload"))

    def _ods(self, school: SchoolConfig) -> None:
        short = short_name(school.name)
        draft = _Draft(
            sender=self._official(school),
            subject=f"Bao cao NQ121 {fold(short).upper()}",
            body=self._cover(school, " (file đính kèm)"),
            files=[_File(f"Bao cao NQ121 {fold(short)}.ods", render_ods(self._paper(school)), ODS)],
        )
        note = "the report typed into a LibreOffice spreadsheet (.ods)"
        self._emit(draft, self._on_time(), self._unreadable(school, note))

    def _drive_link(self, school: SchoolConfig) -> None:
        token = base64.b64encode(self.rng.randbytes(24), altchars=b"-_").decode()
        link = f"https://drive.google.com/file/d/1{token}/view?usp=sharing"
        draft = _Draft(
            sender=self._official(school),
            subject=f"Báo cáo NQ121 {short_name(school.name)}",
            body=self._cover(school, f", mời Phòng tải về tại đường dẫn:\n{link}"),
        )
        self._emit(draft, self._on_time(), self._unreadable(school, "only a Google Drive link"))

    def _forgotten_attachment(self, school: SchoolConfig) -> None:
        draft = _Draft(
            sender=self._official(school),
            subject=f"Báo cáo NQ121 - {short_name(school.name)}",
            body=self._cover(school, " (file đính kèm)"),
        )
        self._emit(draft, self._on_time(), self._unreadable(school, "says file đính kèm and attaches none"))

    def _plan(self, school: SchoolConfig) -> None:
        """The school's NQ121 plan, under a cover note naming the resolution: not the report."""
        paper = make_plan(school.name, year=self.year, rng=self.rng, district=self.district)
        short = short_name(school.name)
        school_year = f"năm học {self.year}-{self.year + 1}"
        file = _File(f"KH NQ121 {school_year} - {short}.docx", render_docx(paper), DOCX)
        if self.rng.random() < 0.4:
            file = _File(f"KH_NQ121_{abbreviation(school.name)}.pdf", render_pdf(paper), "application/pdf")
        draft = _Draft(
            sender=self._official(school),
            subject=f"{short} gửi Kế hoạch thực hiện Nghị quyết 121/2020/QH14 {school_year}",
            body=self._body(
                school,
                official=True,
                what=f"kế hoạch triển khai thực hiện Nghị quyết 121/2020/QH14 {school_year}",
            ),
            files=[file],
        )
        truth = Truth("other-paper", None, self.year, (), False, "the school's NQ121 plan, not the report")
        self._emit(draft, self._any_time(early=True), truth)

    def _internal(self, school: SchoolConfig) -> None:
        """The office's own request for the report, with the template, sent from its own address."""
        template = dataclasses.replace(
            self._paper(school, named=False),
            parent_body=f"PHÒNG GD&ĐT {self.district.upper()}",
            issuer="TRƯỜNG ..............................",
            number="      /BC-..........",
            signer_name="",
        )
        draft = _Draft(
            sender=(f"Phòng GD&ĐT {self.district}", self.office),
            subject=f"V/v báo cáo kết quả thực hiện Nghị quyết 121/2020/QH14 năm {self.year}",
            body=(
                "Kính gửi: Hiệu trưởng các trường mầm non, mẫu giáo, tiểu học, trung học cơ sở,\n\n"
                f"Phòng GD&ĐT {self.district} đề nghị các trường báo cáo kết quả thực hiện Nghị quyết "
                f"121/2020/QH14 năm {self.year} theo mẫu đính kèm, gửi về Phòng chậm nhất ngày "
                f"{self.deadline:%d/%m/%Y}.\n\nTrân trọng.\n"
            ),
            files=[_File(f"Mau bao cao NQ121 nam {self.year}.docx", render_docx(template), DOCX)],
        )
        truth = Truth("internal", None, self.year, (), False, "the office's own request, with the template")
        self._emit(draft, self._any_time(early=True), truth)

    def _cover(self, school: SchoolConfig, after: str) -> str:
        """A cover note that names the report; after follows the sentence that sends it.

        Some notes write the paper's kind and title on lines of their own, as its header shows them.
        """
        if self.rng.random() < 0.5:
            return (
                f"Kính gửi Phòng GD&ĐT {self.district},\n\n{school.name} gửi báo cáo kết quả thực hiện "
                f"Nghị quyết 121/2020/QH14 năm {self.year}{after}.\n\nTrân trọng.\n"
            )
        said = after.strip(" ,")
        return (
            f"Kính gửi: Phòng Giáo dục và Đào tạo huyện {self.district}.\n\n{school.name} gửi:\n\nBÁO CÁO\n"
            f"Kết quả thực hiện Nghị quyết số 121/2020/QH14 năm {self.year}\n\n{said[:1].upper()}{said[1:]}\n\n"
            f"Trân trọng.\n{person_name(self.rng)}\n"
        )

    def _unreadable(self, school: SchoolConfig, note: str) -> Truth:
        return Truth("unreadable", REPORT_ID, self.year, (school.id,), False, note)

    # --- noise ------------------------------------------------------------------------------------

    def _other_report(self) -> None:
        school = self.rng.choice(self.schools)
        paper = make_other_paper(school.name, year=self.year, rng=self.rng)
        short = short_name(school.name)
        summary = paper.summary[0]
        kind = "BC" if paper.kind == "BÁO CÁO" else "KH"
        file = _File(f"{kind} {summary[:40]} - {short}.docx", render_docx(paper), DOCX)
        if self.rng.random() < 0.3:
            file = _File(f"{kind}_{abbreviation(school.name)}.pdf", render_pdf(paper), "application/pdf")
        draft = _Draft(
            sender=self._official(school),
            subject=f"{paper.kind.capitalize()} {summary[0].lower()}{summary[1:]} - {short}",
            body=self._body(
                school, official=True, what=f"{paper.kind.lower()} {summary[0].lower()}{summary[1:]}"
            ),
            files=[file],
        )
        truth = Truth("other-paper", None, self.year, (), False, f"another report from a school: {summary}")
        self._emit(draft, self._any_time(), truth)

    def _auto_reply(self) -> None:
        school = self.rng.choice(self.schools)
        reminder = self.rng.choice(self.reminders[:3])
        subject = f"Nhắc nộp báo cáo thực hiện Nghị quyết 121/2020/QH14 năm {self.year}"
        prefix, headers = self.rng.choice(
            (
                ("Trả lời tự động: ", {"Auto-Submitted": "auto-replied", "X-Autoreply": "yes"}),
                ("Out of office: ", {"Auto-Submitted": "auto-replied"}),
                (
                    "Automatic reply: ",
                    {"X-Auto-Response-Suppress": "All", "Auto-Submitted": "auto-generated"},
                ),
            )
        )
        draft = _Draft(
            sender=self._official(school),
            subject=prefix + subject,
            body=f"Tôi đang nghỉ phép đến hết ngày {reminder.day + 5}/{reminder.month}. Mọi việc xin liên hệ văn thư nhà trường.",
            headers=headers,
            in_reply_to=f"reminder-{reminder:%Y%m%d}-{school.id}@{self.office.split('@')[-1]}",
        )
        self._emit(
            draft,
            reminder + dt.timedelta(minutes=self.rng.randint(1, 20)),
            _noise(self.year, "out-of-office auto-reply to a reminder"),
        )

    def _bounce(self) -> None:
        school = self.rng.choice(self.schools)
        when = self.rng.choice(self.reminders) + dt.timedelta(seconds=self.rng.randint(5, 60))
        self._emit_raw(
            _bounce(self.office, school, when, self._message_id("mx.example.edu.vn")),
            when,
            _noise(self.year, "delivery failure report for a reminder"),
        )

    def _spam(self) -> None:
        subject, body, sender = self.rng.choice(_SPAM)
        draft = _Draft(
            sender=sender, subject=subject, body=body, html=f"<html><body><p>{body}</p></body></html>"
        )
        self._emit(draft, self._any_time(), _noise(self.year, "spam"))

    def _newsletter(self) -> None:
        subject = self.rng.choice(_NEWSLETTERS)
        body = f"{subject}\n\nXem chi tiết tại trang tin. Để ngừng nhận bản tin, bấm Hủy đăng ký."
        draft = _Draft(
            sender=("Bản tin Giáo dục", "bantin@giaoduc.example.vn"),
            subject=subject,
            body=body,
            html=f"<html><body><h2>{subject}</h2><p>Xem chi tiết tại trang tin.</p></body></html>",
            headers={
                "List-Unsubscribe": "<mailto:unsubscribe@giaoduc.example.vn>",
                "List-Id": "Ban tin Giao duc <bantin.giaoduc.example.vn>",
                "Precedence": "bulk",
            },
        )
        self._emit(draft, self._any_time(), _noise(self.year, "newsletter"))

    def _reply(self) -> None:
        school = self.rng.choice(self.schools)
        reminder = self.rng.choice(self.reminders)
        subject = f"Re: [Phòng GD&ĐT {self.district}] Nhắc nộp báo cáo thực hiện Nghị quyết 121/2020/QH14"
        quoted = (
            f"Vào {_gmail_date(reminder)} Phòng GD&ĐT {self.district} <{self.office}> đã viết:\n"
            f"> Kính gửi Hiệu trưởng {school.name},\n"
            f"> Phòng GD&ĐT nhắc đơn vị gửi báo cáo chậm nhất ngày 25/10/{self.year}.\n"
        )
        draft = _Draft(
            sender=self._official(school),
            subject=subject,
            body=self.rng.choice(
                (
                    "Dạ trường đã nhận, chiều nay trường gửi ạ.",
                    "Dạ vâng ạ.",
                    "Trường đang hoàn thiện, mai gửi ạ.",
                )
            )
            + "\n\n"
            + quoted,
            in_reply_to=f"reminder-{reminder:%Y%m%d}-{school.id}@{self.office.split('@')[-1]}",
        )
        self._emit(
            draft,
            reminder + dt.timedelta(hours=self.rng.randint(1, 30)),
            _noise(self.year, "a school answers a reminder without the report"),
        )

    def _question(self) -> None:
        school = self.rng.choice(self.schools)
        draft = _Draft(
            sender=self._official(school),
            subject=self.rng.choice(("Xin mẫu báo cáo NQ121", "Hỏi về báo cáo Nghị quyết 121")),
            body="Kính gửi Phòng,\nPhòng cho trường xin mẫu báo cáo Nghị quyết 121 năm nay với ạ. Em cảm ơn.",
        )
        self._emit(
            draft, self._any_time(early=True), _noise(self.year, "a school asks for the report template")
        )

    def _misc(self) -> None:
        subject, body, sender, with_file = self.rng.choice(
            (
                (
                    f"Giấy mời tập huấn công tác y tế trường học năm học {self.year}-{self.year + 1}",
                    "Sở GD&ĐT trân trọng kính mời.",
                    ("Sở GD&ĐT Long An", "vanphong@sogddt.example.vn"),
                    True,
                ),
                (
                    "Thông báo lịch họp giao ban tháng 10",
                    f"UBND huyện {self.district} thông báo lịch họp giao ban.",
                    ("Văn phòng UBND huyện", "vanphong@ubnd.example.vn"),
                    False,
                ),
                (
                    "Cảnh báo bảo mật: đăng nhập mới",
                    "Tài khoản của bạn vừa được đăng nhập trên thiết bị mới.",
                    ("Google", "no-reply@accounts.example.com"),
                    False,
                ),
            )
        )
        files = []
        if with_file:
            paper = make_other_paper(self.schools[0].name, year=self.year, rng=self.rng, topic=5)
            files = [_File("Giay moi tap huan.pdf", render_pdf(paper), "application/pdf")]
        draft = _Draft(sender=sender, subject=subject, body=body, files=files)
        self._emit(
            draft,
            self._any_time(),
            _noise(self.year, f"other office mail: {subject}", *[f.name for f in files]),
        )

    # --- parts ------------------------------------------------------------------------------------

    def _paper(self, school: SchoolConfig, *, named: bool = True) -> Paper:
        deadline = self.deadline.date()
        date = deadline - dt.timedelta(days=self.rng.randint(1, 20))
        return make_paper(
            school.name, year=self.year, rng=self.rng, date=date, named=named, district=self.district
        )

    def _scan_file(self, paper: Paper, name: str) -> _File:
        """A scanned PDF while the OCR budget lasts, else the same document as a text PDF."""
        pdf = render_pdf(paper)
        pages = min(page_count(pdf), self.scan_pages, self.pages_per_scan)
        if pages:
            self.scan_pages -= pages
            seed = self.rng.randrange(1 << 30)
            return _File(name, render_scan(paper, seed=seed, pages=pages), "application/pdf")
        return _File(name, pdf, "application/pdf")

    def _photo_file(self, paper: Paper, name: str) -> _File:
        if self.scan_pages >= 1:
            self.scan_pages -= 1
            return _File(name, render_photo_jpeg(paper, seed=self.rng.randrange(1 << 30)), "image/jpeg")
        return _File(name.rsplit(".", 1)[0] + ".pdf", render_pdf(paper), "application/pdf")

    def _official(self, school: SchoolConfig) -> tuple[str, str]:
        if not school.emails:
            name = person_name(self.rng)
            return name, self._personal_address(name, school)
        return self.rng.choice((school.name, short_name(school.name), "")), school.emails[0]

    def _personal_address(
        self, name: str, school: SchoolConfig, *, domain: str = "gmail.com", plain: bool = False
    ) -> str:
        parts = fold(name).split()
        abbr = abbreviation(school.name).lower()
        choices = [
            f"{parts[-1]}{parts[0]}{self.rng.randint(70, 99)}",
            "".join(parts) + str(self.rng.randint(1, 9)),
        ]
        if not plain:
            choices.append(f"{''.join(parts)}.{abbr}")
        return f"{self.rng.choice(choices)}@{domain}"

    def _body(
        self, school: SchoolConfig, *, official: bool, signer: str | None = None, what: str = ""
    ) -> str:
        short = short_name(school.name)
        what = what or f"báo cáo kết quả thực hiện Nghị quyết 121/2020/QH14 năm {self.year}"
        greeting = self.rng.choice(
            (
                f"Kính gửi Phòng GD&ĐT {self.district},",
                "Kính gửi: Phòng Giáo dục và Đào tạo",
                "Dạ em chào Phòng ạ,",
            )
        )
        line = self.rng.choice(
            (
                f"{school.name} xin gửi {what} (file đính kèm).",
                f"Trường {short.split(' ', 1)[-1]} gửi {what}.",
            )
        )
        closing = self.rng.choice(("Trân trọng.", "Trân trọng kính chào!", "Em cảm ơn ạ."))
        signer = signer or person_name(self.rng)
        signature = self.rng.choice(
            (
                f"--\n{signer}\nVăn thư {short}\nĐT: 0272.38{self.rng.randint(10, 99)}.{self.rng.randint(100, 999)}",
                f"{signer}\nHiệu trưởng {short}",
                "",
            )
        )
        return (
            "\n".join(x for x in (greeting, "", line, closing, "", signature) if x is not None).strip() + "\n"
        )

    def _truth(self, school: SchoolConfig, note: str, *, late: bool) -> Truth:
        return Truth("report", REPORT_ID, self.year, (school.id,), False, note + (", late" if late else ""))

    # --- times ------------------------------------------------------------------------------------

    def _on_time(self) -> dt.datetime:
        days = int(self.rng.triangular(0, 24, 2))
        return self._at(self.deadline.date() - dt.timedelta(days=days))

    def _late_time(self) -> dt.datetime:
        return self._at(self.deadline.date() + dt.timedelta(days=self.rng.randint(1, 12)))

    def _any_time(self, *, early: bool = False) -> dt.datetime:
        return self._at(self.deadline.date() + dt.timedelta(days=self.rng.randint(-28, -10 if early else 14)))

    def _at(self, day: dt.date) -> dt.datetime:
        if self.rng.random() < 0.8:
            hour, minute = self.rng.randint(7, 16), self.rng.randint(0, 59)
        else:
            hour, minute = self.rng.randint(19, 22), self.rng.randint(0, 59)
        return dt.datetime(day.year, day.month, day.day, hour, minute, self.rng.randint(0, 59), tzinfo=TZ)

    # --- assembling -------------------------------------------------------------------------------

    def _message_id(self, address: str) -> str:
        domain = address.split("@")[-1]
        while True:
            if domain == "gmail.com":
                token = base64.b64encode(self.rng.randbytes(30), altchars=b"-_").decode()
                candidate = f"CA{token}@mail.gmail.com"
            elif domain.startswith("yahoo"):
                candidate = f"{self.rng.randrange(10**9)}.{self.rng.randrange(10**6)}@mail.yahoo.com"
            else:
                candidate = f"{self.rng.randbytes(12).hex()}@{domain}"
            if candidate not in self.ids:
                self.ids.add(candidate)
                return candidate

    def _compose(self, draft: _Draft, sent: dt.datetime, message_id: str) -> EmailMessage:
        message = EmailMessage()
        name, address = draft.sender
        message["From"] = Address(display_name=name, addr_spec=address) if name else address
        message["To"] = self.office
        if draft.subject is not None:
            message["Subject"] = draft.subject
        message["Date"] = format_datetime(sent if self.rng.random() < 0.8 else sent.astimezone(dt.UTC))
        message["Message-ID"] = f"<{message_id}>"
        if draft.in_reply_to:
            message["In-Reply-To"] = f"<{draft.in_reply_to}>"
            message["References"] = f"<{draft.in_reply_to}>"
        for key, value in draft.headers.items():
            message[key] = value
        if draft.body is not None:
            message.set_content(draft.body, charset=draft.charset, cte="quoted-printable")
            if draft.html:
                message.add_alternative(draft.html, subtype="html", cte="quoted-printable")
        elif draft.html:
            message.set_content(draft.html, subtype="html", cte="quoted-printable")
        for file in draft.files:
            maintype, subtype = file.mime.split("/")
            message.add_attachment(file.data, maintype=maintype, subtype=subtype, filename=file.name)
            if file.rfc2047:
                part = list(message.iter_attachments())[-1]
                encoded = base64.b64encode(file.name.encode()).decode()
                part.replace_header("Content-Disposition", f'attachment; filename="=?UTF-8?B?{encoded}?="')
                part.set_param("name", f"=?UTF-8?B?{encoded}?=")
        if draft.forwarded is not None:
            message.add_attachment(draft.forwarded)
        for part in message.walk():
            if part.is_multipart():  # the email package draws boundaries from the global random
                part.set_boundary(f"=_{self.rng.randbytes(10).hex()}")
        return message

    def _emit(self, draft: _Draft, received: dt.datetime, truth: Truth) -> None:
        sent = received - dt.timedelta(seconds=self.rng.randint(2, 90))
        message_id = self._message_id(draft.sender[1])
        message = self._compose(draft, sent, message_id)
        names = [f.name for f in draft.files]
        if draft.forwarded is not None:
            names += [name for p in draft.forwarded.iter_attachments() if (name := p.get_filename())]
        truth = truth if truth.attachments else dataclasses.replace(truth, attachments=tuple(names))
        self.out.append(SeasonMessage(_received(message, received), received, truth, message_id))

    def _emit_raw(self, raw: bytes, received: dt.datetime, truth: Truth) -> None:
        message_id = raw.split(b"Message-ID: <", 1)[1].split(b">", 1)[0].decode()
        self.out.append(SeasonMessage(raw, received, truth, message_id))


def _received(message: EmailMessage, when: dt.datetime) -> bytes:
    trace = f"Received: from mail.example.net by mx.example.edu.vn with ESMTPS; {format_datetime(when)}\r\n"
    return trace.encode() + message.as_bytes(policy=_SMTP)


def _noise(year: int, note: str, *attachments: str) -> Truth:
    return Truth("noise", None, year, (), False, note, tuple(attachments))


def _gmail_date(when: dt.datetime) -> str:
    weekday = ("Th 2", "Th 3", "Th 4", "Th 5", "Th 6", "Th 7", "CN")[when.weekday()]
    return f"{weekday}, {when.day} thg {when.month}, {when.year} vào lúc {when:%H:%M}"


_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def _cp1258_ready(text: str) -> str:
    """Text that encodes in windows-1258: tone marks that have no precomposed letter there stay combining."""
    out = []
    for char in text:
        try:
            char.encode("cp1258")
            out.append(char)
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
            out.append(base + "".join(c for c in decomposed if c in _TONES))
    return "".join(out)


def _bounce(office: str, school: SchoolConfig, when: dt.datetime, message_id: str) -> bytes:
    recipient = school.emails[0] if school.emails else f"{school.id}@example.edu.vn"
    boundary = f"bounce-{message_id[:12]}"
    lines = [
        f"Received: from mx.example.edu.vn by mx.example.edu.vn; {format_datetime(when)}",
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.edu.vn>",
        f"To: {office}",
        "Subject: Undelivered Mail Returned to Sender",
        f"Date: {format_datetime(when)}",
        f"Message-ID: <{message_id}>",
        "Auto-Submitted: auto-replied",
        "MIME-Version: 1.0",
        f'Content-Type: multipart/report; report-type=delivery-status; boundary="{boundary}"',
        "",
        "This is a MIME-encapsulated message.",
        "",
        f"--{boundary}",
        "Content-Type: text/plain; charset=us-ascii",
        "",
        "This is the mail system at host mx.example.edu.vn.",
        "",
        "I'm sorry to have to inform you that your message could not",
        "be delivered to one or more recipients.",
        "",
        f"<{recipient}>: host mx.example.edu.vn said: 550 5.1.1 User unknown",
        "",
        f"--{boundary}",
        "Content-Type: message/delivery-status",
        "",
        "Reporting-MTA: dns; mx.example.edu.vn",
        "",
        f"Final-Recipient: rfc822; {recipient}",
        "Action: failed",
        "Status: 5.1.1",
        "Diagnostic-Code: smtp; 550 5.1.1 User unknown",
        "",
        f"--{boundary}",
        "Content-Type: text/rfc822-headers",
        "",
        f"From: {office}",
        f"To: {recipient}",
        "Subject: =?utf-8?q?Nh=E1=BA=AFc_n=E1=BB=99p_b=C3=A1o_c=C3=A1o_NQ121?=",
        f"Date: {format_datetime(when)}",
        "",
        f"--{boundary}--",
        "",
    ]
    return "\r\n".join(lines).encode("ascii")


_SPAM = (
    (
        "Vay tiền online duyệt nhanh 5 phút, không thế chấp",
        "Giải ngân trong ngày, lãi suất chỉ từ 0,5%/tháng.",
        ("Tài chính nhanh", "hotro@vaynhanh.example.com"),
    ),
    (
        "Chúc mừng! Bạn đã trúng thưởng iPhone 15",
        "Bấm vào đường dẫn để nhận quà trước 24 giờ.",
        ("Quà tặng", "khuyenmai@quatang.example.net"),
    ),
    (
        "Khóa học kỹ năng sống cho học sinh - giảm 50% học phí",
        "Đăng ký ngay cho con em quý phụ huynh.",
        ("Trung tâm Kỹ năng Việt", "info@kynang.example.org"),
    ),
    (
        "Your mailbox is almost full",
        "Verify your account to keep receiving mail.",
        ("IT Support", "support@mailbox-verify.example.com"),
    ),
)
_NEWSLETTERS = (
    "Bản tin Giáo dục tuần này: Đổi mới chương trình giáo dục phổ thông",
    "Bản tin: Tăng cường phòng, chống xâm hại trẻ em trong trường học",
    "Bản tin Giáo dục: Hướng dẫn nhiệm vụ năm học mới",
    "Bản tin Giáo dục: Chuyển đổi số trong nhà trường",
)
