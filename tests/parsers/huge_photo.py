"""A phone's 200 MP photo of a report's first page (16320x12240 JPEG), made in a process of its own:
made in a test's, its 800 MB of pixels would stay in that process's memory.

    python -m tests.parsers.huge_photo OUT SCHOOL YEAR
"""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
from pathlib import Path

from PIL import Image

from samples.documents import render_photo_jpeg
from samples.papers import make_paper

SIZE = (12240, 16320)  # a 200 MP mode's photo of a page held upright
ROOT = Path(__file__).resolve().parents[2]


def write(path: Path, school: str, year: int) -> bytes:
    """The photo of school's report of year, written to path by a child process, and its bytes."""
    subprocess.run(
        [sys.executable, "-m", "tests.parsers.huge_photo", str(path), school, str(year)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    return path.read_bytes()


def main(out: str, school: str, year: str) -> None:
    paper = make_paper(school, year=int(year), rng=random.Random(3))
    photo = Image.open(io.BytesIO(render_photo_jpeg(paper, dpi=200)))
    photo.resize(SIZE, Image.Resampling.BILINEAR).save(out, "JPEG", quality=85)


if __name__ == "__main__":
    main(*sys.argv[1:])
