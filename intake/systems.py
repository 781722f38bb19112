"""The notices document systems send for a unit (VNPT-iOffice, Viettel VOffice, a province's QLVB): whether
a mail is one, and the unit its fields name as the paper's sender."""

from __future__ import annotations

import re

from parsers.text import fold

# The fields such a notice lists about the paper it carries or links to ("Số ký hiệu", "Trích yếu",
# "Người ký" ...), on folded text; a notice lists at least _NOTICE_FIELDS of them.
_FIELDS = re.compile(
    r"\b(so ky hieu|trich yeu|ngay ban hanh|nguoi ky|don vi (?:gui|ban hanh)|co quan (?:gui|ban hanh)|noi gui"
    r"|do khan|do mat|loai van ban|so den)\b"
)
_NOTICE_FIELDS = 3
# The field naming who issued or sent the paper, folded, before its value after a colon, a table's cell
# bar or a tab ("Đơn vị gửi | Trường Tiểu học Mỹ An", "Don vi gui: Truong TH My An").
_UNIT_FIELD = re.compile(r"(?:don vi (?:gui|ban hanh)|co quan (?:gui|ban hanh)|noi gui)")
_FIELD_END = re.compile(r"[:|\t]")


def is_notice(body: str) -> bool:
    """The body lists the fields of a paper as a document system's notice does."""
    return len(set(_FIELDS.findall(fold(body)))) >= _NOTICE_FIELDS


def sending_units(body: str) -> tuple[str, ...]:
    """The units a notice's fields name as the paper's issuer or sender, as written; () for a body that is
    no notice. The system states them from the account that sent the paper, as a school's header would."""
    if not is_notice(body):
        return ()
    found = []
    for line in body.splitlines():
        parts = _FIELD_END.split(line, maxsplit=1)
        if len(parts) == 2 and _UNIT_FIELD.fullmatch(fold(parts[0]).strip(" *")):
            value = parts[1].strip(" \t|*")
            if value:
                found.append(value)
    return tuple(dict.fromkeys(found))
