"""A report's keywords as mail and papers name it: folded, tolerant of separators, not mistaken for
another body's paper of the same number."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from parsers.text import fold

# Where a paper's sentence ends: a stop before a space or the end, or a blank line.
SENTENCE_END = re.compile(r"[.;!?](?=\s|$)|\n\s*\n")


class Keywords:
    """A report's keywords, folded, tolerating other separators: "NQ121" also reads "NQ 121", "nq-121"."""

    def __init__(self, keywords: Sequence[str]) -> None:
        self.keywords = tuple(keywords)
        cited = tuple(k for k in keywords if "/" in k)  # "121/2020/QH14": the resolution cited in full
        self.patterns = [_keyword(k, cited) for k in keywords]

    @functools.cached_property
    def naming(self) -> Keywords:
        """The keywords that name the report itself: those with a number ("121/2020/QH14", "NQ121",
        "Nghị quyết 121"). A keyword without one ("xâm hại trẻ em") names its topic, which other reports
        share (a Chỉ thị 20-CT/TW report, the Month of Action for Children). A report configured with
        topic keywords alone is named by them."""
        numbered = [k for k in self.keywords if any(c.isdigit() for c in k)]
        return Keywords(numbered) if numbered else self

    def count(self, text: str) -> int:
        """How many of the keywords text contains."""
        folded = fold(text)
        return sum(1 for p in self.patterns if p.search(folded))

    def sentences(self, text: str) -> int:
        """How many sentences of text name the report; a sentence naming it twice counts once."""
        return sum(1 for sentence in SENTENCE_END.split(text) if self.count(sentence))


@functools.lru_cache(maxsize=512)  # the configured reports' keywords, asked for at every message
def _keyword(keyword: str, cited: tuple[str, ...] = ()) -> re.Pattern[str]:
    """A keyword's pattern; "số" may stand before a number after a word, as papers cite a resolution:
    "Nghị quyết 121" also reads "Nghị quyết số 121".

    A keyword ending in a number that a keyword of cited writes in full ("NQ121", "Nghị quyết 121" beside
    "121/2020/QH14") is not that number going on as another paper's ("Nghị quyết số 121/2024/NQ-HĐND",
    "121/NQ-CP", the Party's "121-NQ/ĐU"; a file's "NQ121-THMA" goes on with no paper), nor one said to
    be another body's ("Nghị quyết 121 của HĐND tỉnh"): other bodies number their resolutions too."""
    parts = re.findall(r"[a-z]+|\d+", fold(keyword))
    pattern = ""
    for position, part in enumerate(parts):
        if position:
            pattern += r"[\W_]*"
            if part.isdigit() and not parts[position - 1].isdigit():
                pattern += r"(?:so\b[\W_]*)?"
        pattern += re.escape(part)
    tail = r"(?!\d)" if parts and parts[-1].isdigit() else ""
    if tail and (rest := _cited_after(parts[-1], cited)):
        own = "|".join(re.escape(r) for r in rest)
        tail += rf"(?!\s*/(?!\s*(?:{own})\b))(?!\s*-\s*[a-z]+\s*/)(?![\W_]*cua {_OTHER_BODY})"
    return re.compile(pattern + tail)


# The bodies other than the National Assembly that issue resolutions, as a citation names them after
# the number ("Nghị quyết 121 của HĐND tỉnh"), folded.
_OTHER_BODY = (
    r"(?:hdnd|hoi dong nhan dan|chinh phu|ubnd|uy ban nhan dan|dang uy|ban chap hanh|tinh uy|huyen uy"
    r"|thanh uy|ban thuong vu|bch)"
)


def _cited_after(number: str, cited: tuple[str, ...]) -> tuple[str, ...]:
    """What follows number in a paper of cited written with it ("2020", "qh14" for "121" of
    "121/2020/QH14"), folded; () when none is."""
    for citation in cited:
        parts = re.findall(r"[a-z]+\d*|\d+", fold(citation))
        if parts and parts[0] == number:
            return tuple(parts[1:])
    return ()
