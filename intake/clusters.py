"""A cluster's combined report: the paper a cluster's lead school writes for all its member schools.

Schools of neighbouring communes form clusters (cụm trường) whose lead school (trường cụm trưởng) passes
on, or sums up, its members' reports. A combined report («BÁO CÁO CỦA CỤM», «Cụm gồm: Mỹ Phú, Mỹ Lạc», a
row of figures per member, signed «TM. CỤM TRƯỞNG») stands for several schools: it is no one school's
own report, whoever mails it. A school's own report that only mentions its cluster («trường cụm trưởng
của cụm 3», «sinh hoạt chuyên môn cụm») is not one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.document import Document
from parsers.text import fold

# A title or issuer line naming a cluster as whose paper it is, folded: "BÁO CÁO CỦA CỤM", "BÁO CÁO TỔNG
# HỢP CỤM TRƯỜNG SỐ 3", "CỤM TRƯỜNG SỐ 3", "Báo cáo kết quả ... của cụm trường". A line listing the
# cluster's members ("Cụm gồm …", "Cụm THCS gồm …", as _MEMBERS) is a sentence, no title.
_TITLE = re.compile(
    r"^(?:bao cao\s+)?(?:tong hop\s+)?(?:cua\s+)?cum\b(?!\s*(?:\w+\s*){0,3}gom\b)|\bcua cum truong\b"
)
# A paper's summary (trích yếu) saying it reports for a cluster, folded: "… của các trường trong cụm 3", "…
# cụm trường số 3", "… của cụm".
_SUMMARY = re.compile(
    r"\b(?:cua|trong|toan) +(?:cac +truong +(?:trong|thuoc) +)?cum\b|\bcum +(?:truong +)?(?:so +)?\d"
)
# A signing line for the cluster: "TM. CỤM TRƯỞNG", "CỤM TRƯỞNG", "T/M CỤM".
_SIGNING = re.compile(r"^(?:(?:t\s*/?\s*m|thay mat)\b[\s.:/]*)?cum\b(?:\s+truong)?\s*$")
# The line listing the member schools: "Cụm gồm: Mỹ Phú, Mỹ Lạc", "Các trường trong cụm gồm: ...".
_MEMBERS = re.compile(r"^(?:cac truong trong\s+)?cum\s*(?:\w+\s*){0,3}gom\b")
_TITLE_LINES = 12  # the lines of a paper's opening where its title or issuer is


@dataclass(frozen=True)
class Combined:
    """What shows a document is a cluster's combined report, as written: the line listing its members if
    there is one, else the title or signing line naming the cluster."""

    written: str
    members: str  # the member list as written ("Cụm gồm: Mỹ Phú, Mỹ Lạc"), "" when none is written


def combined_report(document: Document) -> Combined | None:
    """The cluster's combined report document is, if it is one: titled, summed up, issued or signed for a
    cluster."""
    lines = [" ".join(line.split()) for line in document.text.splitlines() if line.strip()]
    header = document.header
    opening = [*lines[:_TITLE_LINES], header.issuer or "", header.title or ""]
    titled = next((line for line in opening if line and _TITLE.search(fold(line))), None)
    if titled is None and header.title and _SUMMARY.search(fold(header.title)):
        titled = " ".join(header.title.split())
    signing = [header.signer_role or "", *lines[-_TITLE_LINES:]]
    signed = next((line for line in signing if line and _SIGNING.match(fold(line).strip())), None)
    if titled is None and signed is None:
        return None
    members = next((line for line in lines if _MEMBERS.match(fold(line))), "")
    return Combined(members or titled or signed or "", members)
