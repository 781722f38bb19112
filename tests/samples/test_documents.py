"""Sample papers and their renderings carry what a reader of the real document would find."""

from __future__ import annotations

import io
import random
import subprocess

import docx
import pdfplumber
import pypdfium2
import pytest

from samples.documents import render_docx, render_docx_legacy, render_pdf, render_scan, render_text, zip_files
from samples.papers import SECTION_IDS, STYLES, make_paper

SCHOOL = "Trường Tiểu học Bình Thạnh 1"


def _paper(seed: int = 1, **kwargs: object):  # type: ignore[no-untyped-def]
    return make_paper(SCHOOL, year=2021, rng=random.Random(seed), **kwargs)  # type: ignore[arg-type]


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(cells + [p.text for p in document.paragraphs])


@pytest.mark.parametrize("style", STYLES)
def test_docx_names_the_issuer_and_prints_every_expected_heading(style: str) -> None:
    paper = _paper(style=style)
    text = _docx_text(render_docx(paper))
    assert paper.issuer in text and "BÌNH THẠNH 1" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text and paper.date_line in text
    for _, heading in paper.expected.headings:
        assert heading in text


@pytest.mark.parametrize("sections", [("chi_dao", "ket_qua"), ("ket_qua", "de_xuat"), SECTION_IDS])
def test_expected_sections_are_those_asked_for(sections: tuple[str, ...]) -> None:
    paper = _paper(sections=sections)
    assert paper.expected.section_ids == sections
    assert {s for s, _ in paper.expected.headings} == set(sections)


def test_stated_figures_appear_in_the_text() -> None:
    paper = _paper(seed=7)
    text = render_text(paper)
    sessions = paper.expected.figure("buoi_tuyen_truyen")
    assert sessions is not None and f"Tổ chức {sessions} buổi tuyên truyền" in text
    assert paper.expected.figure("vu_xam_hai") in (0, 1)
    assert "111" in text


def test_an_unnamed_paper_never_names_the_school() -> None:
    paper = _paper(named=False)
    text = render_text(paper) + _docx_text(render_docx(paper))
    assert "Bình Thạnh 1" not in text and "BÌNH THẠNH 1" not in text and "THBT1" not in text
    assert not paper.expected.school_named


def test_text_pdf_has_a_text_layer_with_the_issuer() -> None:
    with pdfplumber.open(io.BytesIO(render_pdf(_paper()))) as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    assert "BÌNH THẠNH 1" in text and "BÁO CÁO" in text


def test_scan_has_no_text_layer_but_shows_ink() -> None:
    data = render_scan(_paper(), dpi=100, pages=1)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 1
        assert not (pdf.pages[0].extract_text() or "").strip()
    page = pypdfium2.PdfDocument(data)[0].render(scale=0.5).to_pil().convert("L")
    darkest, lightest = page.getextrema()
    assert darkest < 80 and lightest > 200


def test_same_seed_gives_the_same_bytes() -> None:
    assert render_docx(_paper(3)) == render_docx(_paper(3))
    assert render_pdf(_paper(3)) == render_pdf(_paper(3))
    assert render_scan(_paper(3), dpi=60, seed=5) == render_scan(_paper(3), dpi=60, seed=5)
    assert render_docx(_paper(3)) != render_docx(_paper(4))


def test_tcvn3_docx_is_legacy_bytes_in_vn_fonts_that_iconv_reads_back() -> None:
    paper = _paper()
    document = docx.Document(io.BytesIO(render_docx_legacy(paper, "tcvn3")))
    runs = [r for p in document.paragraphs for r in p.runs if r.text.strip()]
    assert runs and all((r.font.name or "").startswith(".Vn") for r in runs)
    body = " ".join(r.text for r in runs)
    assert paper.summary[0] not in body
    back = [
        subprocess.run(
            ["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"],
            input=r.text.encode("latin-1"),
            capture_output=True,
            check=True,
        ).stdout.decode()
        for r in runs
    ]
    decoded = "".join(t.upper() if r.font.name == ".VnTimeH" else t for r, t in zip(runs, back, strict=True))
    assert paper.summary[0] in decoded
    assert paper.expected.headings[0][1].upper() in decoded.upper()


def test_zip_keeps_vietnamese_member_names() -> None:
    import zipfile

    data = zip_files({"Báo cáo NQ121.docx": b"x", "scan.pdf": b"y"})
    assert zipfile.ZipFile(io.BytesIO(data)).namelist() == ["Báo cáo NQ121.docx", "scan.pdf"]
