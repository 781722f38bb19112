"""Mail and documents for unit tests of classification and matching, built without the parsers.

message() composes real RFC 5322 bytes (parsed by intake.message.parse) whose attachments are stand-in
bytes; report() and other_paper() build the Documents the parsers would hand over for such files, the
header facts taken from the paper itself. They keep unit tests fast and exact; the evaluation set
(tests/intake/eval_set.py) renders real files and reads them with the parsers instead.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import unicodedata
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

from intake.message import Mail, parse
from kernel.config import SchoolConfig
from parsers.document import Document, Header
from samples.documents import render_text
from samples.papers import make_paper, short_name

DISTRICT = "pgdthuthua@example.edu.vn"
RECEIVED = dt.datetime(2021, 10, 20, 2, 15, tzinfo=dt.UTC)
ACUTE, GRAVE, HOOK, TILDE, DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_TONES = (ACUTE, GRAVE, HOOK, TILDE, DOT)


COVER = "Kính gửi Phòng GD&ĐT Thủ Thừa,\nNhà trường gửi báo cáo đính kèm.\nTrân trọng."


def envelope(
    sender: str,
    subject: str,
    *,
    body: str = COVER,
    headers: Mapping[str, str] | None = None,
    sender_name: str = "",
    mid: str = "m",
    received_at: dt.datetime = RECEIVED,
) -> EmailMessage:
    """A school's mail to the district with its text body, before anything is attached."""
    msg = EmailMessage()
    msg["From"] = f"{sender_name} <{sender}>" if sender_name else sender
    msg["To"] = DISTRICT
    msg["Subject"] = subject
    msg["Date"] = format_datetime(received_at)
    msg["Message-ID"] = f"<{mid}@eval.example>"
    for key, value in (headers or {}).items():
        msg[key] = value
    msg.set_content(body)
    return msg


def message(sender: str, subject: str, *, files: Sequence[str] = (), mid: str = "m", **fields: Any) -> Mail:
    """The mail parsed, its files stand-in bytes; fields as envelope() takes them."""
    msg = envelope(sender, subject, mid=mid, **fields)
    for name in files:
        msg.add_attachment(
            b"%PDF-1.4 stand-in", maintype="application", subtype="octet-stream", filename=name
        )
    return parse(msg.as_bytes(), fallback_id=mid)


def forward_body(staff: str, original: str, subject: str, note: str = "") -> str:
    """The body of district staff forwarding a school's mail, Gmail style."""
    return (
        f"{note}\n\n---------- Forwarded message ---------\nFrom: {original}\n"
        f"Date: Tue, 19 Oct 2021 at 15:02\nSubject: {subject}\nTo: {staff}\n\n"
        "Kính gửi Phòng GD&ĐT, nhà trường gửi báo cáo.\n"
    )


def forward(staff: str, original: str, subject: str, files: Sequence[str], note: str = "") -> Mail:
    """District staff forwarding a school's mail, Gmail style."""
    return message(staff, f"Fwd: {subject}", body=forward_body(staff, original, subject, note), files=files)


def report(
    school: SchoolConfig | str,
    name: str,
    *,
    seed: int = 0,
    year: int = 2021,
    issuer: str | None = None,
    method: str = "text",
    named: bool = True,
    date: dt.date | None = None,
    header: bool = True,
    place: str | None = None,
) -> Document:
    """A school's NQ121 report as the parsers hand it over. issuer replaces the header line (OCR noise);
    place, the place its date line writes (the school's commune)."""
    school_name = school if isinstance(school, str) else school.name
    paper = make_paper(school_name, year=year, rng=random.Random(seed), named=named, date=date)
    if place is not None:
        paper = dataclasses.replace(paper, place=place)
    text = render_text(paper)
    written = paper.issuer
    if issuer is not None:
        text = text.replace(written, issuer, 1) if written else f"{issuer}\n{text}"
        written = issuer
    facts = Header(
        parent_body=paper.parent_body or None,
        issuer=written or None,
        number=paper.number or None,
        place=paper.place,
        date=paper.date,
        kind=paper.kind,
        title=" ".join(paper.summary),
        signer_name=paper.signer_name,
        signer_role=paper.signer_role,
        year=year,
    )
    ocr = method in ("ocr", "mixed")
    return Document(
        name=name,
        format="pdf" if name.lower().endswith(".pdf") else "docx",
        text=text,
        header=facts if header else Header(),
        method=method,
        ocr_confidence=88.0 if ocr else None,
    )


def other_paper(school: SchoolConfig, name: str, kind: str, title: str, body: str) -> Document:
    issuer = school.name.upper()
    text = (
        f"PHÒNG GD&ĐT THỦ THỪA\n{issuer}\nSố: 12/{'BC' if kind == 'BÁO CÁO' else 'KH'}\n"
        f"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nThủ Thừa, ngày 5 tháng 10 năm 2021\n\n"
        f"{kind}\n{title}\n\n{body}\n"
    )
    header = Header(issuer=issuer, kind=kind, title=title, date=dt.date(2021, 10, 5), year=2021)
    return Document(name=name, format="docx", text=text, header=header)


def plain(text: str) -> str:
    """Text typed without diacritics, as many subjects and file names are."""
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))


def retone(text: str, word: str, tone: str) -> str:
    """text with word's tone mark replaced by tone, as OCR misreads it ("THẠNH" -> "THÀNH")."""
    chars = list(unicodedata.normalize("NFD", word))
    at = next((i for i, c in enumerate(chars) if c in _TONES), None)
    if at is not None:
        del chars[at]
    else:
        last = max(i for i, c in enumerate(chars) if c.lower() in "aeiouy")
        at = last + 1
        while at < len(chars) and unicodedata.combining(chars[at]):
            at += 1
    chars.insert(at, tone)
    return text.replace(word, unicodedata.normalize("NFC", "".join(chars)))


def camel(school: SchoolConfig) -> str:
    """ "TH Bình Thạnh 1" -> "THBinhThanh1", as file names run words together."""
    level, *rest = plain(short_name(school.name)).split()
    return level.replace("&", "") + "".join(w.capitalize() for w in rest)


def bounce_message() -> EmailMessage:
    """A delivery status notification (multipart/report) for a message to a school."""
    msg = EmailMessage()
    msg["From"] = "Mail Delivery System <MAILER-DAEMON@example.edu.vn>"
    msg["To"] = DISTRICT
    msg["Subject"] = "Returned mail: see transcript for details"
    msg["Message-ID"] = "<bounce@eval.example>"
    msg.set_content("The original message was not delivered: Báo cáo NQ121.")
    msg.add_attachment("Reporting-MTA: dns; example.edu.vn\nAction: failed\nStatus: 5.1.1\n", subtype="plain")
    msg.set_type("multipart/report")
    msg.set_param("report-type", "delivery-status")
    return msg


def bounce() -> Mail:
    return parse(bounce_message().as_bytes(), fallback_id="bounce")
