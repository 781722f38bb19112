"""How the time to read a mail grows with the length of its text, as ratios from one run.

Each shape of text (words, one school named over and over, numbers, a table's cells, dates...) is read at
a length and at four times that length: a mail's body through the whole pipeline (a gmail with a paper
that names no school, and the same body with nothing attached), and a report's text through the figures,
sections and header readers. A reader whose work grows with the length reads the longer text in about
four times the time; one that reads the whole text again for each thing it finds in it takes sixteen
times, and a 200 KB body then held a worker for minutes. The ratio is printed per shape; above
SUSPECT it is marked. Last, the mail with the paper is forwarded as an attachment, that forward forwarded
again, --levels times and four times as many: each level is read once, as far as a message is read.

    .venv/bin/python -m bench.bench_long_text
    .venv/bin/python -m bench.bench_long_text --size 20000 --only numbers cells
"""

from __future__ import annotations

import argparse
import datetime as dt
import email
import email.policy
import logging
import random
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from bench.timing import best
from intake import pipeline
from kernel import config as config_mod
from kernel.config import ReportConfig
from kernel.runtime import Runtime
from parsers import facts
from parsers.figures import find_figures
from parsers.sections import find_sections
from samples.documents import render_docx
from samples.papers import make_paper
from tests.conftest import one_office

ROOT = Path(__file__).resolve().parent.parent
SUSPECT = 8.0  # growth for four times the text above which a reader is suspected of reading it again
RECEIVED = dt.datetime(2021, 10, 20, 2, 0, tzinfo=dt.UTC)

_WORDS = (
    "trường tiểu học báo cáo kết quả thực hiện nghị quyết học sinh phụ huynh tuyên truyền buổi lượt vụ "
    "xâm hại đã tổ chức gửi ngày tháng năm kính phòng xã rồi ạ em 12 1.250 98%"
).split()

# Each shape writes its i-th piece; pieces are joined by spaces (one long line) unless JOINED says otherwise.
SHAPES: dict[str, Callable[[random.Random, int], str]] = {
    "words": lambda rng, i: rng.choice(_WORDS),
    "one school named": lambda rng, i: "Trường TH Mỹ An",
    "schools and communes": lambda rng, i: f"Trường TH Bình Thạnh {i % 3}, xã Mỹ An {i}",
    "numbers": lambda rng, i: str(i),
    "figures": lambda rng, i: f"tổ chức {i} buổi tuyên truyền cho {i * 3} lượt học sinh",
    "cells": lambda rng, i: f"| {i} | TH Mỹ Lạc | 8 | 0 |",
    "dates and sendings": lambda rng, i: "đã gửi ngày 20/10/2021",
    "one long word": lambda rng, i: "a",
    "dots": lambda rng, i: ".",
    "addresses": lambda rng, i: f"gv{i}.truong@gmail.com",
    "viqr": lambda rng, i: "Tru*o*`ng Ti'e^?u ho.c My~ An ba'o ca'o",
    "quoted lines": lambda rng, i: "> Trường TH Mỹ An <c1myan.thuthua@example.edu.vn> đã viết:",
}
JOINED = {"one long word": "", "dots": "", "quoted lines": "\n"}


def text(shape: str, size: int) -> str:
    rng = random.Random(1)
    joint = JOINED.get(shape, " ")
    pieces: list[str] = []
    total = 0
    while total < size:
        piece = SHAPES[shape](rng, len(pieces))
        pieces.append(piece)
        total += len(piece) + len(joint)
    return joint.join(pieces)[:size]


def mail(body: str, attachment: bytes | None) -> bytes:
    msg = EmailMessage()
    msg["From"] = "nguyenthihoa1985@gmail.com"
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo NQ121"
    msg["Date"] = "Wed, 20 Oct 2021 09:00:00 +0700"
    msg["Message-ID"] = f"<{random.random()}@bench>"
    msg.set_content(body)
    if attachment is not None:
        msg.add_attachment(
            attachment,
            maintype="application",
            subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
            filename="BC.docx",
        )
    return msg.as_bytes()


@dataclass(frozen=True)
class Readers:
    """What each text is read by: a mail through the pipeline, a report's text by its readers."""

    rt: Runtime
    paper: bytes  # a report that names no school, attached to the mail
    report: ReportConfig
    repeat: int

    def mail(self, body: str, attached: bool) -> float:
        def ingest() -> None:
            raw = mail(body, self.paper if attached else None)
            pipeline.ingest(self.rt, raw, received_at=RECEIVED, source="bench")

        return best(ingest, self.repeat)

    def report_text(self, content: str) -> float:
        def read() -> None:
            find_figures(content, self.report.figures, school_year=2021)
            find_sections(content, self.report.sections, ())
            facts.extract_header(content)

        return best(read, self.repeat)

    def row(self, shape: str, size: int) -> str:
        """The shape's three times at size and four times size, with their ratios."""
        cells = []
        for name in ("with a paper", "alone", "report"):
            cells.append(_growth(*(self._time(name, text(shape, n)) for n in (size, 4 * size))))
        return f"{shape:22s} {'  '.join(cells)}"

    def nested_row(self, levels: int) -> str:
        """A mail with the paper, forwarded as an attachment, that forward forwarded... levels times and
        four times as many."""

        def ingest(depth: int) -> float:
            message = email.message_from_bytes(mail("Gửi báo cáo", self.paper), policy=email.policy.default)
            for level in range(depth):
                outer = EmailMessage()
                outer["From"] = f"chuyentiep{level}@gmail.com"
                outer["Subject"] = "Fwd: Báo cáo NQ121"
                outer.set_content("Chuyển tiếp")
                outer.add_attachment(message)
                message = outer
            raw = message.as_bytes()
            return best(
                lambda: pipeline.ingest(self.rt, raw, received_at=RECEIVED, source="bench"), self.repeat
            )

        label = f"forwards {levels}, {4 * levels} deep"
        return f"{label:22s} {_growth(ingest(levels), ingest(4 * levels))}"

    def _time(self, name: str, content: str) -> float:
        if name == "report":
            return self.report_text(content)
        return self.mail(content, attached=name == "with a paper")


def _growth(first: float, second: float) -> str:
    """Two times and their ratio, marked when it is above SUSPECT."""
    mark = " <" if second / first > SUSPECT else "  "
    return f"{first:6.2f} s {second:6.2f} s {second / first:5.1f}x{mark}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=10_000, help="characters of the shorter text")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, the least time kept")
    parser.add_argument("--only", nargs="*", choices=sorted(SHAPES), help="these shapes only")
    parser.add_argument("--levels", type=int, default=12, help="attached messages nested in the shorter mail")
    args = parser.parse_args()
    if args.size < 100 or args.repeat < 1:
        parser.error("--size must be 100 or more and --repeat 1 or more")
    logging.disable(logging.CRITICAL)  # a long body's warnings are not what is measured
    work = Path(tempfile.mkdtemp(prefix="bench-long-"))
    try:
        path = work / "config.toml"
        path.write_text(one_office((ROOT / "config.toml").read_text(encoding="utf-8")), encoding="utf-8")
        config = config_mod.load(path)
        paper = render_docx(make_paper("Trường THCS Mỹ Phú", year=2021, rng=random.Random(1), named=False))
        rt = Runtime.open(config, clock=lambda: RECEIVED)
        try:
            readers = Readers(rt, paper, config.reports[0], args.repeat)
            size = args.size
            print(
                f"time to read {size:,} and {4 * size:,} characters, and the ratio (4x: grows with the length)"
            )
            print(f"{'shape':22s} {'mail with a paper':>26s} {'mail alone':>26s} {'report text':>26s}")
            for shape in args.only or SHAPES:
                print(readers.row(shape, size), flush=True)
            if not args.only:
                print(readers.nested_row(args.levels), flush=True)
        finally:
            rt.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
