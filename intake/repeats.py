"""Sentences of a reason that say the same of many files, said once («IMG_1.jpg … IMG_30.jpg (30 tệp)»).

A school that photographs each page of its report sends thirty pictures whose headers all read the same
school: thirty sentences differing only by the file's name bury the rest of the evidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# At least this many sentences differing only by the file they name are said once.
GROUPED_FROM = 3
# Up to this many files are named each; more by the first and the last, and their number.
LISTED_UP_TO = 3
_SLOT = "\x00"
# A full stop before a space: the end of a sentence when a capital letter follows (a file's name keeps
# its dots).
_FULL_STOP = re.compile(r"(?<=\.)\s+")


def grouped(sentences: Sequence[str], names: Sequence[str]) -> tuple[str, ...]:
    """sentences with those that differ only by the one file of names each names said once, where the
    first of them stood, naming all those files."""
    slots = [_slotted(s, names) for s in sentences]
    files: dict[str, list[str]] = {}
    for slotted in slots:
        if slotted is not None:
            files.setdefault(slotted[0], []).append(slotted[1])
    out: list[str] = []
    done: set[str] = set()
    for sentence, slotted in zip(sentences, slots, strict=True):
        if slotted is None or len(files[slotted[0]]) < GROUPED_FROM:
            out.append(sentence)
        elif slotted[0] not in done:
            done.add(slotted[0])
            out.append(slotted[0].replace(_SLOT, _files(files[slotted[0]], names)))
    return tuple(out)


def grouped_text(text: str, names: Sequence[str]) -> str:
    """text, sentences joined by spaces, with grouped() applied to its sentences."""
    sentences: list[str] = []
    for piece in _FULL_STOP.split(text):
        if sentences and not piece[:1].isupper():
            sentences[-1] += f" {piece}"
        else:
            sentences.append(piece)
    return " ".join(grouped(sentences, names))


def _slotted(sentence: str, names: Sequence[str]) -> tuple[str, str] | None:
    """The sentence with the one file of names it names once replaced by a slot, and that file."""
    found = [
        (n, hits)
        for n in dict.fromkeys(names)
        if n and len(hits := list(re.finditer(rf"(?<!\S){re.escape(n)}(?=[\s.,;:)»]|$)", sentence))) > 0
    ]
    if len(found) != 1 or len(found[0][1]) != 1:
        return None
    name, (hit,) = found[0]
    return sentence[: hit.start()] + _SLOT + sentence[hit.end() :], name


def _files(files: Sequence[str], names: Sequence[str]) -> str:
    """The files named: each, or when more the first and the last of a run of the mail's files in a row
    («IMG_1.jpg … IMG_30.jpg (30 tệp)»), else the first two and how many others."""
    unique = list(dict.fromkeys(files))
    if len(unique) <= LISTED_UP_TO:
        return ", ".join(unique[:-1]) + " và " + unique[-1]
    order = list(dict.fromkeys(names))
    start = order.index(unique[0])
    if order[start : start + len(unique)] == unique:
        return f"{unique[0]} … {unique[-1]} ({len(unique)} tệp)"
    return f"{unique[0]}, {unique[1]} và {len(unique) - 2} tệp khác"
