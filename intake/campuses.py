"""The part of a school a paper reports for: one of its sites or campuses («Điểm trường Buôn Ja», «Cơ sở 2»)."""

from __future__ import annotations

import re

from parsers.document import Document
from parsers.text import fold, fold_aligned, nfc

# A site or campus of a school, folded: «điểm trường», «điểm lẻ», «phân hiệu», «phân trường», «khu lẻ» with
# the name after it, a numbered campus («cơ sở 2», «CS2»). «Trung học cơ sở» is a level, not a campus.
_SITE = r"diem (?:truong|le)|phan (?:hieu|truong)|khu le"
_NUMBERED = r"(?<!trung hoc )co so \d+|cs ?\d+"
# An issuer that is one of the school's sites under its name («TRƯỜNG TH NGUYỄN VĂN TRỖI» over «ĐIỂM TRƯỜNG
# BUÔN JA», «PHÂN HIỆU EA NAM», «TRƯỜNG MẦM NON HOA SEN - CƠ SỞ 2»): the site's own part of the school's report.
_SITE_OF_SCHOOL = re.compile(rf"\btruong\b.*?\b(?P<site>(?:{_SITE}|{_NUMBERED})\b.*)")
# A title saying which campus it reports for: «Báo cáo … (Cơ sở 1)», «… - CS2», «… (điểm trường Buôn Ja)»;
# in a paper's first lines, read when no title was (a title too long for the header), only in brackets or
# after a dash at a line's end, as prose may name a campus in passing.
_IN_TITLE = re.compile(rf"\b(?P<site>(?:{_NUMBERED})\b|(?:{_SITE})\b[^()\n]*)")
_IN_HEAD = re.compile(rf"(?:\(|\s[-–] )(?P<site>(?:{_NUMBERED}|(?:{_SITE}) [^()\n]+?))(?:\)|$)", re.M)
_HEAD_LINES = 12
_NAMED_SITE = re.compile(rf"(?:{_SITE})\b")


def of_a_site(document: Document) -> bool:
    """The paper is one of a school's sites': its issuer names the site or campus under the school's name,
    or its title a site («… của Điểm trường Long Hòa A2», «ĐIỂM TRƯỜNG ẤP RẠCH SUNG» under it). A numbered
    campus in the title alone («… (Cơ sở 1)») is how a school titles each part of its report sent together."""
    if _SITE_OF_SCHOOL.search(fold(document.header.issuer or "")):
        return True
    return _NAMED_SITE.match(fold(campus_of(document))) is not None


def site_written(document: Document) -> str:
    """How a site's paper names its site: its issuer, when that names it, else the site its title names."""
    issuer = document.header.issuer or ""
    return issuer if _SITE_OF_SCHOOL.search(fold(issuer)) else campus_of(document)


def campus_of(document: Document) -> str:
    """The site or campus a paper says it reports for, as written («CƠ SỞ 2», «Cơ sở 1», «ĐIỂM TRƯỜNG BUÔN
    JA»): its issuer's, else its title's; "" for a paper of the whole school."""
    header = document.header
    head = "\n".join(document.text.splitlines()[:_HEAD_LINES])
    title = (header.title, _IN_TITLE) if header.title else (head, _IN_HEAD)
    for text, pattern in ((header.issuer, _SITE_OF_SCHOOL), title):
        written = "\n".join(" ".join(line.split()) for line in nfc(text or "").splitlines())
        found = pattern.search(fold_aligned(written))
        if found is not None:
            return written[found.start("site") : found.end("site")].strip(" -–—,;:.()")
    return ""
