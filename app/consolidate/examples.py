"""Writes docs/examples/bao-cao-tong-hop.docx (and a PNG of its first page) from the sample season.

    python -m app.consolidate.examples [DIR]

The full sample season (without scans, so no OCR) goes through the real pipeline into a throwaway
store; the draft is made from it as `baocao consolidate --year 2021` would. Same code, same file:
a test regenerates it and compares the text. The PNG needs LibreOffice (soffice) and pdftoppm.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from app.consolidate.load import draft
from app.consolidate.render_docx import render_docx
from intake import pipeline
from kernel import config as config_mod
from kernel.runtime import Runtime
from samples.season import make_season

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "bao-cao-tong-hop.docx"
PICTURE = ROOT / "docs" / "bao-cao-tong-hop-trang-1.png"
YEAR = 2021


def render() -> bytes:
    """The example draft: the shipped config.toml, the full sample season of 2021, seed 0."""
    with tempfile.TemporaryDirectory(prefix="consolidate") as work:
        config_path = Path(work) / "config.toml"
        shutil.copy(ROOT / "config.toml", config_path)
        config = config_mod.load(config_path)
        with Runtime.open(config) as rt:
            for message in make_season(config.schools, year=YEAR, seed=0, size="full", scanned=False):
                pipeline.process(rt, message.raw, received_at=message.received_at, source="example")
            return render_docx(draft(rt, None, YEAR))


def first_page_png(docx: Path, png: Path) -> None:
    """DOCX -> PDF with LibreOffice (its own profile, so it never clashes with another run) -> PNG."""
    with tempfile.TemporaryDirectory(prefix="soffice") as work:
        profile = Path(work) / "profile"
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                work,
                str(docx),
            ],
            check=True,
            capture_output=True,
        )
        pdf = Path(work) / f"{docx.stem}.pdf"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(png.with_suffix("")),
            ],
            check=True,
            capture_output=True,
        )


def main(argv: list[str]) -> None:
    target = Path(argv[0]) if argv else EXAMPLE.parent
    target.mkdir(parents=True, exist_ok=True)
    docx = target / EXAMPLE.name
    docx.write_bytes(render())
    print(docx)
    png = PICTURE if not argv else target / PICTURE.name
    first_page_png(docx, png)
    print(png)


if __name__ == "__main__":
    main(sys.argv[1:])
