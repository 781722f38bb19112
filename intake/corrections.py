"""Corrections a school announces: a corrected file sent beside the one it corrects, in one mail ("BC
NQ121.docx" and "BC NQ121 (bản sửa).docx"), where the corrected file is the report and the other what
the school meant to replace; and a mail whose subject, note or file names say it brings a corrected
version of the report sent before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePosixPath

from parsers.document import Document
from parsers.text import fold

# What a school writes in a file's name to say it corrects another, folded: "bản sửa", "(sửa lại)",
# "đã sửa", "chỉnh sửa", "bản đúng", "bản chuẩn", "bản cuối", "mới nhất", "final".
_MARKER = re.compile(r"\b(?:ban (?:sua|dung|chuan|cuoi)|sua lai|da sua|chinh sua|moi nhat|final)\b")
# The same, and "thay thế" (replaces), anywhere in a mail's subject, note or file names: the words of a
# school sending a correction, none of which the office's own mail uses (a reply may quote it).
_SAYS = re.compile(r"\b(?:ban (?:sua|dung|chuan|cuoi)|sua lai|da sua|chinh sua|thay the)\b")
_NOISE = re.compile(r"[\s()\[\]_.,+-]+")
# A clause that promises a correction, or offers one, rather than making it ("trường sẽ gửi lại bản đúng
# sau", "nếu cần chỉnh sửa gì thầy báo em ạ"), folded; another clause of its sentence may still make one
# ("số liệu bị sai, trường gửi lại bản sửa").
PROMISES = re.compile(r"\b(?:se|sau|neu)\b")
# Where a clause of a note ends: at sentence ends and commas too ("Báo cáo gửi hôm 20/10 bị lỗi, em gửi lại ạ").
CLAUSE_END = re.compile(r"(?<=[.;!?,])\s+|\n")


def _stem(name: str) -> tuple[str, bool]:
    """A document's name without folder, extension and correction marker, folded; and whether it had
    the marker."""
    base = fold(_NOISE.sub(" ", PurePosixPath(name).stem))
    stem, marked = _MARKER.subn(" ", base)
    return " ".join(stem.split()), marked > 0


def current(documents: Sequence[Document]) -> list[Document]:
    """The documents a submission's sections and figures are read from: a file marked as corrected takes
    the place of the unmarked file of the same name, and comes first, so its figures are the ones read
    when another file (a separately named draft, an appendix) states them too."""
    stems = {d.name: _stem(d.name) for d in documents}
    corrected = [d for d in documents if stems[d.name][1]]
    if not corrected:
        return list(documents)
    replaced = {stems[d.name][0] for d in corrected}
    rest = [d for d in documents if not stems[d.name][1] and stems[d.name][0] not in replaced]
    return [*corrected, *rest]


def announced(subject: str, note: str, names: Sequence[str]) -> bool:
    """Whether a mail says it brings a corrected version of the report sent before: its subject, a file's
    name, or a clause of its note that promises nothing (a note cancelling a report, "Trường sẽ gửi lại
    bản đúng sau ạ", sends no corrected version now)."""
    clauses = [c for c in CLAUSE_END.split(note) if not PROMISES.search(fold(c))]
    return any(_SAYS.search(fold(_NOISE.sub(" ", text))) for text in (subject, *clauses, *names))


def unread(read: Sequence[Document], failed: Sequence[str]) -> bool:
    """Whether a file marked as corrected could not be read while only files it may correct were: the
    report read is then the version the school meant to replace."""
    return any(_stem(name)[1] for name in failed) and not any(_stem(d.name)[1] for d in read)
