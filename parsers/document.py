"""The data a parser hands back: frozen dataclasses, nothing else."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


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


@dataclass(frozen=True)
class Header:
    """Facts from the official document format (Nghị định 30/2020/NĐ-CP)."""

    parent_body: str | None = None  # "PHÒNG GD&ĐT THỦ THỪA"
    issuer: str | None = None  # "TRƯỜNG THCS NHỊ THÀNH"
    number: str | None = None  # "45/BC-THCS"
    place: str | None = None  # "Thủ Thừa"
    date: dt.date | None = None
    kind: str | None = None  # "BÁO CÁO"
    title: str | None = None  # the summary (trích yếu) under the kind
    signer_name: str | None = None
    signer_role: str | None = None  # "HIỆU TRƯỞNG", "KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG"
    year: int | None = None  # the school year or year reported on, when stated


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
    ocr_confidence: float | None = None  # lowest page confidence among OCR'd pages
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Failure:
    """A file that could not be read; reason is Vietnamese, for district staff."""

    name: str
    code: str  # "encrypted", "corrupt", "empty", "unsupported", "too_large", "timeout"
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
    value: int
    sentence: str
