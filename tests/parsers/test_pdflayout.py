"""The fast PDF text layer (parsers.pdflayout, pypdfium2) reads what pdfplumber reads.

Every text PDF the sample generator makes (a whole season with scans turned into text PDFs, every
report style for every school level: two-column headers, headings in capitals, one and two pages),
the committed LibreOffice PDFs and the odd PDFs of corpus.py are read both ways. The fast reading must
give the same header facts, sections found and missing, and figures, and page by page the same words
in the same order. Words are compared on NFC text split on whitespace: line breaks and runs of spaces
are the only freedom, so a reader that drops or reorders words, loses or decomposes diacritics, or
reads the columns of the header one after the other fails.
"""

from __future__ import annotations

import email
import io
import random
import unicodedata
import zipfile
from email import policy
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pdfminer.fontmetrics import FONT_METRICS

from kernel.config import Config, load
from parsers import pdflayout, pdfs
from parsers.document import Document
from parsers.facts import extract_header
from parsers.figures import find_figures
from parsers.read import read_attachment
from parsers.sections import find_sections
from samples import documents
from samples.papers import STYLES, make_paper
from samples.season import make_season
from tests.parsers import corpus
from tests.parsers.test_legacy import as_vni_mojibake

ROOT = Path(__file__).resolve().parents[2]
# One school of each level, so that every header form (MN, MG, TH, THCS, TH&THCS, tư thục) is drawn.
SCHOOLS = (
    "Trường Mầm non Bình An",
    "Trường Mẫu giáo Long Thượng",
    "Trường Tiểu học Mỹ Thạnh A",
    "Trường THCS Nhị Thành",
    "Trường TH&THCS Tân Long",
    "Trường Mầm non tư thục Hoa Sen",
)


@cache
def config() -> Config:
    return load(ROOT / "config.toml")


def _pdfs_in(raw: bytes) -> list[tuple[str, bytes]]:
    """The PDFs a mail carries, in zips and forwarded mails too, by file name."""
    found = []
    for part in email.message_from_bytes(raw, policy=policy.default).walk():
        if part.is_multipart():
            continue
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes):
            continue
        if data.startswith(b"PK\x03\x04"):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                found += [(i.filename, archive.read(i)) for i in archive.infolist()]
        else:
            found.append((part.get_filename() or "body", data))
    return [(name, data) for name, data in found if data.startswith(b"%PDF-")]


@cache
def sample_pdfs() -> dict[str, bytes]:
    """Every readable text PDF of a full season, and each report style for each school level."""
    out: dict[str, bytes] = {}
    for i, message in enumerate(make_season(config().schools, year=2021, size="full", scanned=False)):
        if message.truth.kind == "unreadable":  # a locked or truncated PDF has no text layer to compare
            continue
        for name, data in _pdfs_in(message.raw):
            out[f"season {i:03d} {name}"] = data
    for s, school in enumerate(SCHOOLS):
        for style in STYLES:
            paper = make_paper(school, year=2025, rng=random.Random(s * 7 + len(style)), style=style)
            out[f"paper {school} {style}"] = documents.render_pdf(paper)
    missing = make_paper(SCHOOLS[3], year=2024, rng=random.Random(5), sections=("chi_dao", "ket_qua"))
    out["paper without two sections"] = documents.render_pdf(missing)
    unnamed = make_paper(SCHOOLS[2], year=2024, rng=random.Random(6), named=False)
    out["paper naming no school"] = documents.render_pdf(unnamed)
    return out


def _helvetica_line(x: float, y: float, size: float, text: str) -> list[tuple[float, float, float, str]]:
    """Words placed one by one, a space's width apart, as a writer without space characters does."""
    widths = FONT_METRICS["Helvetica"][1]
    words = []
    for word in text.split():
        words.append((x, y, size, word))
        x += size * (sum(widths[c] for c in word) + widths[" "]) / 1000
    return words


LINES = [
    "Trường Tiểu học Mỹ Thạnh A báo cáo kết quả thực hiện Nghị quyết 121/2020/QH14",
    "về phòng, chống xâm hại trẻ em năm 2025: tổ chức 12 buổi tuyên truyền cho 450 học sinh.",
]
FIXTURE_PDFS = {
    # Made once with LibreOffice 7.4 (soffice --convert-to pdf) from samples' render_docx of
    # corpus.paper() and of corpus.paper("Trường Mẫu giáo Long Thượng", seed=3, style="arabic"):
    # the header is a Word table, and LibreOffice writes every font's Ascent and Descent as 0.
    "bc-nq121-lo.pdf": corpus.fixture("bc-nq121-lo.pdf"),
    "bc-mglt-lo.pdf": corpus.fixture("bc-mglt-lo.pdf"),
}
ODD_PDFS = {
    "lines.pdf": corpus.pdf_of_lines(LINES * 3),
    "nfd.pdf": corpus.nfd_pdf(LINES),
    "table.pdf": corpus.table_pdf(
        [("TT", "Nội dung", "Số lượng"), ("1", "Buổi tuyên truyền", "12"), ("2", "Lượt học sinh", "450")],
        ["Kết quả thực hiện năm 2025 của trường được tổng hợp trong bảng sau:"],
    ),
    # Word's way: "1 Tf" scaled by the matrix to each size, no space characters between words, and
    # a header in two columns whose lines sit on baselines a few points apart (12 and 16 points).
    "positioned.pdf": corpus.positioned_words_pdf(
        [
            _helvetica_line(60, 780, 12, "UBND HUYEN THU THUA")
            + _helvetica_line(280, 776.5, 16, "CONG HOA XA HOI CHU NGHIA"),
            _helvetica_line(60, 764, 12, "TRUONG THCS NHI THANH")
            + _helvetica_line(320, 763, 13, "Doc lap - Tu do - Hanh phuc"),
            _helvetica_line(
                72, 700, 12, "Truong bao cao ket qua thuc hien Nghi quyet 121/2020/QH14 nam 2025."
            ),
        ]
    ),
}
# pdflayout hands these pages to pdfplumber: legacy fonts need its font names, rotated text its layout.
SLOW_PDFS = {
    "tcvn3.pdf": corpus.legacy_pdf(corpus.paper()),
    "vni.pdf": corpus.vni_pdf(
        [
            (as_vni_mojibake("Trường Mầm non Bình An báo cáo kết quả thực hiện"), "VNI-Times"),
            ("Kính gửi Phòng Giáo dục và Đào tạo Thủ Thừa", "DejaVuSerif"),
        ]
    ),
    "rotated.pdf": corpus.rotated_pdf(LINES, "Số lượt học sinh tham gia"),
}


def all_pdfs() -> dict[str, bytes]:
    return {**sample_pdfs(), **FIXTURE_PDFS, **ODD_PDFS, **SLOW_PDFS}


def words(text: str) -> list[str]:
    return unicodedata.normalize("NFC", text).split()


def pdfplumber_document(name: str, data: bytes) -> tuple[list[str], str]:
    """Page texts and document text as pdfplumber alone reads them (the reading before pdflayout)."""
    pages = len(pdfium.PdfDocument(data))
    texts = pdfs.pdfplumber_pages(name, data, list(range(pages)))
    page_texts = [texts[i][0] for i in range(pages)]
    return page_texts, "\n\n".join(t for t in page_texts if t.strip()).strip()


def only(name: str, data: bytes) -> Document:
    reading = read_attachment(name, data)
    assert not reading.failures, reading.failures
    (document,) = reading.documents
    return document


@pytest.mark.parametrize("name", list(all_pdfs()))
def test_fast_text_layer_reads_what_pdfplumber_reads(name: str) -> None:
    data = all_pdfs()[name]
    document = only(name, data)
    reference_pages, reference = pdfplumber_document(name, data)

    assert document.method == "text"
    assert unicodedata.is_normalized("NFC", document.text)
    assert [words(p.text) for p in document.pages] == [words(t) for t in reference_pages]
    assert document.header == extract_header(reference)
    report = config().reports[0]
    found, expected = find_sections(document.text, report.sections), find_sections(reference, report.sections)
    assert [s.id for s in found.found] == [s.id for s in expected.found]
    assert found.missing == expected.missing
    figures = [(f.id, f.value) for f in find_figures(document.text, report.figures)]
    assert figures == [(f.id, f.value) for f in find_figures(reference, report.figures)]


@pytest.mark.parametrize("name", list(all_pdfs()))
def test_pdfplumber_reads_only_pages_with_legacy_fonts_or_rotated_text(name: str) -> None:
    """Every other page goes the fast way: swapping pdflayout for pdfplumber would pass the test
    above and leave PDFs as slow as before."""
    document = pdfium.PdfDocument(all_pdfs()[name])
    try:
        fast = [pdflayout.read_page(document[i]).text is not None for i in range(len(document))]
    finally:
        document.close()
    assert fast == [name not in SLOW_PDFS] * len(fast)


def test_the_sample_corpus_has_what_the_comparison_needs() -> None:
    """Two-column headers, two-page reports, reports missing sections, capital headings, figures."""
    samples = sample_pdfs()
    assert len(samples) >= 60
    report = config().reports[0]
    readings = [only(name, data) for name, data in samples.items()]
    assert sum(len(d.pages) > 1 for d in readings) >= 20
    assert sum(d.header.issuer is not None and d.header.place is not None for d in readings) >= 40
    assert any(find_sections(d.text, report.sections).missing for d in readings)
    assert any("PHẦN I." in d.text for d in readings)
    assert sum(bool(find_figures(d.text, report.figures)) for d in readings) >= 20


def test_tcvn3_pdf_whose_fonts_are_renamed_is_converted_by_its_text() -> None:
    """A PDF printer renamed the embedded ".VnTime" fonts ("TT1", "TT2"): nothing in the font names said
    TCVN3, so the text layer was read as it came ("B¸o c¸o", "Tr­êng"), the report had no title and no
    sections, and its school could not be read from it."""
    paper = corpus.paper()
    document = only("renamed.pdf", corpus.legacy_pdf(paper, fonts=("TT1", "TT2")))
    assert document.encoding == "tcvn3"
    assert document.header.kind == "BÁO CÁO"
    assert document.header.date == paper.date
    assert "Kết quả" in document.text and "Nghị quyết" in document.text


def test_tcvn3_pdf_is_converted_with_capital_fonts() -> None:
    paper = corpus.paper()
    document = only("tcvn3.pdf", SLOW_PDFS["tcvn3.pdf"])
    assert document.encoding == "tcvn3"
    assert document.header.parent_body == paper.parent_body
    assert document.header.issuer == paper.issuer
    assert document.header.number == paper.number.strip()
    assert document.header.date == paper.date
    assert "Trường" in document.text


def test_vni_and_unicode_lines_on_one_pdf_page() -> None:
    document = only("vni.pdf", SLOW_PDFS["vni.pdf"])
    assert document.encoding == "vni"
    assert document.text == (
        "Trường Mầm non Bình An báo cáo kết quả thực hiện\nKính gửi Phòng Giáo dục và Đào tạo Thủ Thừa"
    )


def test_header_columns_interleave_as_pdfplumber_reads_them() -> None:
    """The two header columns share lines (pdfplumber's reading, which facts.py is tuned on), even
    where sizes differ and the writer scales "1 Tf" by the matrix: pdfium reports the font size as
    the Tf operand, so a reader that ignored the matrix put the columns on separate lines."""
    lines = only("positioned.pdf", ODD_PDFS["positioned.pdf"]).text.split("\n")
    assert lines[:2] == [
        "UBND HUYEN THU THUA CONG HOA XA HOI CHU NGHIA",
        "TRUONG THCS NHI THANH Doc lap - Tu do - Hanh phuc",
    ]
