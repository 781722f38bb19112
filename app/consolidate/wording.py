"""How the draft writes numbers, dates and school names, in the office's Vietnamese."""

from __future__ import annotations

import datetime as dt
import re

# Long level names as the roster writes them, and the short forms used in lists of schools.
_LEVELS = (
    ("Trường Mầm non", "MN"),
    ("Trường Mẫu giáo", "MG"),
    ("Trường Tiểu học và THCS", "TH&THCS"),
    ("Trường Tiểu học", "TH"),
    ("Trường Trung học cơ sở", "THCS"),
    ("Trường Trung học phổ thông", "THPT"),
    ("Trường", ""),
)
# Where a locality starts in an office's name: "... huyện Thủ Thừa", "... xã Mỹ An".
# A People's Committee issues in its own name: it has no parent body in the header.
_COMMITTEE = ("UBND", "ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN")
DEFAULT_SIGNER = "TRƯỞNG PHÒNG"  # what the shipped template's signature block says
_LOCALITY = re.compile(r"\s(?:huyện|quận|thị xã|thành phố|thị trấn|xã|phường|tỉnh)\s+(\w)")


def lower_first(text: str) -> str:
    """ "Số buổi tuyên truyền" -> "số buổi tuyên truyền", for use inside a sentence; names keep their capitals."""
    return text[:1].lower() + text[1:]


def day(when: dt.datetime, tz: dt.tzinfo | None) -> str:
    return when.astimezone(tz).strftime("%d/%m/%Y")


def moment(when: dt.datetime, tz: dt.tzinfo | None) -> str:
    return when.astimezone(tz).strftime("%H:%M ngày %d/%m/%Y")


def short_name(name: str) -> str:
    """ "Trường Tiểu học Bình Thạnh 1" -> "TH Bình Thạnh 1"; other names unchanged but for "Trường "."""
    for long, short in _LEVELS:
        if name.startswith(long + " "):
            return f"{short} {name[len(long) :].strip()}".strip()
    return name


def names(schools: list[str]) -> str:
    """A list of names in running text."""
    return ", ".join(schools)


def split_office(full: str) -> tuple[str, str]:
    """(parent body, issuing body) in capitals, as a document header writes them.

    "Phòng Giáo dục và Đào tạo huyện Thủ Thừa" -> ("UBND HUYỆN THỦ THỪA", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO");
    a name without a locality, or a People's Committee's own ("UBND xã Mỹ An"), is the issuing body alone.
    """
    for found in _LOCALITY.finditer(full):
        if found.group(1).isupper():
            body = full[: found.start()].strip()
            if body.upper() in _COMMITTEE:
                break
            locality = full[found.start() :].strip()
            return f"UBND {locality.upper()}", body.upper()
    return "", full.strip().upper()


def signer(issuer: str) -> tuple[str, ...]:
    """The lines above the signature for the issuing body (Decree 30/2020, Appendix I): a People's
    Committee signs "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH", a Department its director, an office its head."""
    upper = issuer.upper()
    if upper.startswith(_COMMITTEE):
        return ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    if upper.startswith("SỞ "):
        return ("GIÁM ĐỐC",)
    return (DEFAULT_SIGNER,)


def subject(report_title: str, year: int) -> str:
    """The summary under "BÁO CÁO": the report's title without its leading "Báo cáo", with the year."""
    text = re.sub(r"^\s*báo cáo\s+", "", report_title, flags=re.IGNORECASE).strip()
    text = text[:1].upper() + text[1:]
    return text if str(year) in text else f"{text} năm {year}"
