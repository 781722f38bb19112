"""The data a parser hands back: frozen dataclasses, nothing else."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True)
class Limits:
    """Bounds that keep one attachment from exhausting the machine."""

    max_bytes: int = 50 * 1024 * 1024
    max_archive_files: int = 50
    max_archive_total: int = 200 * 1024 * 1024
    max_compression_ratio: float = 100.0
    max_pages: int = 60
    ocr_page_seconds: float = 60.0
    ocr_workers: int = 2
    ocr_min_chars: int = 40
    ocr_dpi: int = 200


@dataclass(frozen=True)
class Page:
    number: int
    text: str
    method: str  # "text" (text layer) or "ocr"
    confidence: float | None = None  # mean OCR word confidence, 0-100
    # An OCR'd page read as a few words whose image holds a page of text's ink (scanpages): blurred.
    inked_full: bool = False
    # An OCR'd page read as a page of words from an image out of focus (scanpages): its words may be wrong.
    blurred: bool = False
    # An OCR'd page whose reading ran out of time: its text is empty, not read; a later reading may pass.
    timed_out: bool = False


@dataclass(frozen=True)
class Header:
    """Facts from the official document format (Nghị định 30/2020/NĐ-CP)."""

    parent_body: str | None = None  # "PHÒNG GD&ĐT THỦ THỪA"
    issuer: str | None = None  # "TRƯỜNG THCS NHỊ THÀNH"
    number: str | None = None  # "45/BC-THCS"
    place: str | None = None  # "Thủ Thừa"
    # The district and province the date line writes after its place: "huyện Chợ Mới, tỉnh An Giang".
    region: str | None = None
    date: dt.date | None = None
    kind: str | None = None  # "BÁO CÁO"
    title: str | None = None  # the summary (trích yếu) under the kind
    signer_name: str | None = None
    signer_role: str | None = None  # "HIỆU TRƯỞNG", "KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG"
    year: int | None = None  # the school year or year reported on, when stated


class SignatureStatus(StrEnum):
    """What a digital signature (ký số) proves, worst problem first when there are several."""

    VALID = "valid"  # intact, unchanged since, certificate in date and chained to a trusted root
    MODIFIED = "modified"  # the signed bytes, or the document after them, were changed
    INVALID = "invalid"  # the signature itself is broken or unreadable
    REVOKED = "revoked"  # the certificate was revoked before the signing time
    EXPIRED = "expired"  # the certificate was expired, or not yet valid, at the signing time
    UNTRUSTED = "untrusted"  # the chain reaches no trusted root (or the certificate may not sign)


@dataclass(frozen=True)
class Signature:
    """One digital signature of a PDF and what checking it found; reason is Vietnamese."""

    field: str  # the signature field's name in the PDF
    status: SignatureStatus
    reason: str
    common_name: str | None = None  # the signer (CN): a person or the school itself
    organization: str | None = None  # O: "TRƯỜNG TIỂU HỌC MỸ AN"
    unit: str | None = None  # OU: the school when O is the body above it ("UBND HUYỆN THỦ THỪA")
    locality: str | None = None  # L, or ST when L is absent: the commune or province
    province: str | None = None  # ST: the province, which a namesake school elsewhere gives away
    issuer: str | None = None  # the certificate authority's name (CN, else O)
    signed_at: dt.datetime | None = None  # the signing time the signature states, timezone-aware
    modified: bool = False  # changed after signing in a way a signature does not allow
    trusted: bool = False  # the chain reaches a trusted root
    in_validity: bool | None = None  # the certificate was in date at signed_at; None when no time

    @property
    def signer(self) -> str:
        """Who signed, as a person would name them: the unit and its organisation ("TRƯỜNG TIỂU HỌC
        MỸ AN, UBND HUYỆN THỦ THỪA"), else the organisation, else the common name."""
        named = ", ".join(n for n in (self.unit, self.organization) if n)
        return named or self.common_name or "(không rõ người ký)"


@dataclass(frozen=True)
class TrustAnchors:
    """Certificates (DER) a signature's chain may end in (roots) or pass through (intermediates)."""

    roots: tuple[bytes, ...] = ()
    intermediates: tuple[bytes, ...] = ()


@dataclass(frozen=True)
class Document:
    """One readable file: its text (NFC), pages, header facts and how it was read."""

    name: str
    format: str  # "pdf", "docx", "doc", "text", "html", "image", "odt"...
    text: str
    pages: tuple[Page, ...] = ()
    header: Header = field(default_factory=Header)
    method: str = "text"  # "text", "ocr", "mixed", "converted"
    encoding: str | None = None  # "tcvn3", "vni" when legacy text was converted
    ocr_confidence: float | None = None  # of the worst OCR'd page (ocr.worst_confidence)
    warnings: tuple[str, ...] = ()
    signatures: tuple[Signature, ...] = ()  # digital signatures of a PDF, in signing order
    # Lines typed wholly in bold (a Word file's headings without numbers), their spaces collapsed.
    emphasised: tuple[str, ...] = ()
    # A scan's hidden text layer naming another school than its page images (parsers.underlayer): the
    # layer's issuer line; the text is the images'.
    hidden_issuer: str | None = None


class FailureCode(StrEnum):
    """Why a file could not be read."""

    CORRUPT = "corrupt"
    EMPTY = "empty"
    ENCRYPTED = "encrypted"
    UNSUPPORTED = "unsupported"
    FORMAT = "format"  # a paper or a photo in a form baocao cannot read (XPS, Pages, JPEG XL), or a shortcut
    TOO_LARGE = "too_large"
    TIMEOUT = "timeout"
    CERTIFICATE = "certificate"
    PROGRAM = "program"  # a program (.exe): never a report, maybe a virus


@dataclass(frozen=True)
class Failure:
    """A file that could not be read; reason is Vietnamese, for district staff."""

    name: str
    code: FailureCode
    reason: str


@dataclass(frozen=True)
class Reading:
    """What came out of one attachment: an archive may give several documents and failures."""

    documents: tuple[Document, ...] = ()
    failures: tuple[Failure, ...] = ()


@dataclass(frozen=True)
class SectionSpec:
    id: str
    title: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    text: str


@dataclass(frozen=True)
class SectionResult:
    found: tuple[Section, ...]
    missing: tuple[str, ...]


@dataclass(frozen=True)
class FigureSpec:
    id: str
    title: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Figure:
    id: str
    value: int  # as written: below zero when the report writes a minus before the count («-5»), a typo
    sentence: str
    # Other values the same sentence gives this figure: "540 lượt học sinh, 120 lượt phụ huynh", one
    # class after another. Whether they add up or one is part of the other, only a person can tell. Also the
    # value a later label states for the whole figure otherwise ("Tổ chức 8 buổi tuyên truyền" and an annex's
    # "Số buổi tuyên truyền | buổi | 10"), sentence then holding both: which one is meant, a person asks.
    others: tuple[int, ...] = ()
    # The upper end when the sentence gives a range ("từ 10 đến 12 buổi", "10–12 buổi"), value being its
    # lower end: the school stated no one count, so a person asks which it is.
    upto: int | None = None
    # The word before the value when the sentence gives it as approximate ("khoảng 500", "trên 500 lượt",
    # "hơn mười buổi", "gần 300"), as written in lower case; "" for a count stated as exact.
    about: str = ""
    # The values of the rows it was summed from, when the report gives only a row per grade of one table
    # and no total ("Khối 1 | 3", "Khối 2 | 3"): the report does not state it, so a person checks it. Also
    # the counts per grade beside a total the report states that they do not add up to ("Khối 1: 120;
    # Khối 2: 130; Tổng cộng: 260"): value is the stated total, which a person checks against their sum.
    parts: tuple[int, ...] = ()
