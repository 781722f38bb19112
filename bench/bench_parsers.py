"""Time per page of each reader beside the bare library on the same files, as ratios from one run.

Text PDFs are read by pypdfium2 and laid out in pdfplumber's lines (parsers.pdflayout), so they
are shown beside both libraries' bare text extraction.

.venv/bin/python bench/bench_parsers.py
"""

from __future__ import annotations

import dataclasses
import io
import os
import subprocess
import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import docx  # noqa: E402
import pdfplumber  # noqa: E402
import pypdfium2  # noqa: E402

from bench.timing import best  # noqa: E402
from parsers.document import Limits  # noqa: E402
from parsers.read import read_attachment  # noqa: E402
from samples import documents  # noqa: E402
from tests.parsers import corpus  # noqa: E402

REPEAT = 5


def raw_pdfplumber(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()


def raw_pypdfium2(data: bytes) -> None:
    pdf = pypdfium2.PdfDocument(data)
    for page in pdf:
        page.get_textpage().get_text_range()


def raw_docx(data: bytes) -> None:
    document = docx.Document(io.BytesIO(data))
    [p.text for p in document.paragraphs]
    [c.text for t in document.tables for r in t.rows for c in r.cells]


def raw_tesseract(data: bytes, dpi: int) -> None:
    pdf = pypdfium2.PdfDocument(data)
    for page in pdf:
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG")
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        subprocess.run(
            ["tesseract", "stdin", "stdout", "-l", "vie", "tsv"],
            input=out.getvalue(),
            capture_output=True,
            env=env,
            check=True,
        )


def main() -> None:
    paper = corpus.paper()
    pdf, docx_bytes = documents.render_pdf(paper), documents.render_docx(paper)
    scan = documents.render_scan(paper)
    pages = len(pypdfium2.PdfDocument(pdf))
    limits = Limits()
    rows = []
    for label, data in (("text PDF", pdf), ("text PDF (LibreOffice)", corpus.fixture("bc-nq121-lo.pdf"))):
        count = len(pypdfium2.PdfDocument(data))
        ours = best(partial(read_attachment, "a.pdf", data, limits), REPEAT) / count
        rows.append((label, ours, best(partial(raw_pdfplumber, data), REPEAT) / count, "pdfplumber"))
        rows.append((label, ours, best(partial(raw_pypdfium2, data), REPEAT) / count, "pypdfium2"))
    ours = best(lambda: read_attachment("a.docx", docx_bytes, limits), REPEAT) / pages
    raw = best(lambda: raw_docx(docx_bytes), REPEAT) / pages
    rows.append(("DOCX (per PDF page)", ours, raw, "python-docx"))
    # A scanner app's PDF: page images over the app's own OCR, drawn invisible. Its layer is checked against
    # the first page's header read from the image (parsers.underlayer), then kept.
    layered = documents.render_scan_app_pdf(paper, layer=documents.render_text(paper).splitlines())
    count = len(pypdfium2.PdfDocument(layered))
    ours = best(partial(read_attachment, "a.pdf", layered, limits), 1) / count
    rows.append(
        ("scan app PDF (OCR layer)", ours, best(partial(raw_pypdfium2, layered), REPEAT) / count, "pypdfium2")
    )
    one = dataclasses.replace(limits, ocr_workers=1)
    ours1 = best(lambda: read_attachment("s.pdf", scan, one), 1) / pages
    ours2 = best(lambda: read_attachment("s.pdf", scan, limits), 1) / pages
    raw = best(lambda: raw_tesseract(scan, limits.ocr_dpi), 1) / pages
    rows.append(("scan PDF, OCR 1 worker", ours1, raw, "tesseract"))
    rows.append(("scan PDF, OCR 2 workers", ours2, raw, "tesseract"))
    print(f"{pages} pages; seconds per page (best of {REPEAT}, OCR once), at {limits.ocr_dpi} dpi")
    print(f"{'format':26} {'baocao':>9} {'library':>9} {'ratio':>6}  library")
    for label, ours, raw, library in rows:
        print(f"{label:26} {ours:9.4f} {raw:9.4f} {ours / raw:6.2f}  {library} alone")


if __name__ == "__main__":
    main()
