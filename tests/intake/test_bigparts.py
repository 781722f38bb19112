"""Large attachments are read from the message's own bytes, not through the parser's copies: what
comes out is exactly what was attached, also when a forwarded message carries one."""

from __future__ import annotations

import email
import email.policy
import os
from email.message import EmailMessage

from intake import bigparts
from intake.identity import content_key
from intake.message import parse, parse_tree


def _mail(files: dict[str, bytes], *, forwarded: bytes | None = None) -> bytes:
    msg = EmailMessage()
    msg["From"] = "c1myan.thuthua@example.edu.vn"
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo NQ121"
    msg["Message-ID"] = "<lon@example.edu.vn>"
    msg["Date"] = "Mon, 18 Oct 2021 09:00:00 +0700"
    msg.set_content("Kính gửi Phòng, trường gửi báo cáo đính kèm.")
    for name, data in files.items():
        msg.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    if forwarded is not None:
        msg.add_attachment(email.message_from_bytes(forwarded, policy=email.policy.default))
    return msg.as_bytes()


def test_a_large_attachment_is_lifted_and_read_back_exactly() -> None:
    scan, small = os.urandom(3 * bigparts.THRESHOLD), os.urandom(1000)
    raw = _mail({"scan.pdf": scan, "nho.pdf": small})
    header, _, body = raw.partition(b"\n\n")
    lifted = bigparts.lift(header, body)
    assert len(lifted.spans) == 1 and len(lifted.skeleton) < len(body) // 2  # only the large one left out
    mail = parse(raw, "x")
    assert {a.name: a.data for a in mail.attachments} == {"scan.pdf": scan, "nho.pdf": small}
    assert not mail.warnings


def test_a_large_attachment_inside_a_forwarded_message_stays_whole() -> None:
    scan = os.urandom(3 * bigparts.THRESHOLD)
    inner = _mail({"scan.pdf": scan})
    mail = parse(_mail({}, forwarded=inner), "x")
    attached = {a.content_type: a.data for a in mail.attachments}
    assert attached["application/pdf"] == scan  # read inside the forwarded message, as before
    assert parse(attached["message/rfc822"], "y").attachments[0].data == scan  # written back whole


def test_the_content_key_still_tells_two_large_scans_apart() -> None:
    one, two = os.urandom(3 * bigparts.THRESHOLD), os.urandom(3 * bigparts.THRESHOLD)
    assert content_key(_mail({"scan.pdf": one})) != content_key(_mail({"scan.pdf": two}))
    raw = _mail({"scan.pdf": one})
    assert content_key(raw) == content_key(raw.replace(b"\n", b"\r\n"))


PINNED = "35112de3fd3a36e228c7c0e3d2067c4978814afe947d9174c18be689ddacc1c5"  # as computed by earlier releases


def test_the_content_key_of_a_large_message_is_the_one_stored_before() -> None:
    """Keys are stored: one computed without copying the message must equal the earlier one."""
    raw = _mail({"scan.pdf": bytes(range(256)) * (3 * bigparts.THRESHOLD // 256), "nho.pdf": b"%PDF-1.4"})
    for road in (raw, raw.replace(b"\n", b"\r\n")):
        assert content_key(road) == PINNED
        assert content_key(road, parse_tree(road)) == PINNED  # read from the tree intake parses


def test_the_content_key_of_small_attachments_is_the_one_stored_before() -> None:
    """Small base64 parts are parsed as one line each: their keys, also with damaged base64 or with a
    transfer encoding the parser does not decode ("base64 " with a space), are those stored before."""
    raw = _mail({"bao-cao.pdf": bytes(range(256)) * 40, "phu-luc.pdf": b"%PDF-1.4" * 100})
    head, first, rest = raw.partition(b"MIME-Version: 1.0\n\nAAEC")
    damaged = head + first + b"@@" + rest
    spaced = raw.replace(
        b'base64\nContent-Disposition: attachment; filename="bao',
        b'base64 \nContent-Disposition: attachment; filename="bao',
    )
    pinned = {  # as computed by earlier releases
        raw: "dd24d1ff674db24ebfa314235c1a8c8878ef338bb2562b977b2f192dcce78069",
        damaged: "dd24d1ff674db24ebfa314235c1a8c8878ef338bb2562b977b2f192dcce78069",
        spaced: "24d717c4e8fc63d3075d3348eab05d375359f9f536db16abe5f7d40d11a972db",
    }
    for message, key in pinned.items():
        for road in (message, message.replace(b"\n", b"\r\n")):
            assert content_key(road) == key
            assert content_key(road, parse_tree(road)) == key


def test_only_whole_delimiter_lines_part_a_message() -> None:
    """A line that starts with the boundary and goes on parts nothing; a delimiter with spaces after it
    does (RFC 2046)."""
    scan = os.urandom(3 * bigparts.THRESHOLD)
    raw = _mail({"scan.pdf": scan})
    boundary = raw.split(b'boundary="', 1)[1].split(b'"', 1)[0]
    raw = raw.replace(b"\n--" + boundary + b"\n", b"\n--" + boundary + b"  \n")
    raw = raw.replace("kèm.".encode(), "kèm.\n--".encode() + boundary + "x tiếp".encode())
    header, _, body = raw.partition(b"\n\n")
    assert len(bigparts.lift(header, body).spans) == 1
    mail = parse(raw, "x")
    assert [a.data for a in mail.attachments] == [scan]
    assert ("--" + boundary.decode() + "x tiếp") in mail.body


def test_a_long_text_beside_an_attachment_is_read_as_the_mails_text() -> None:
    """A long reply chain sent in base64 is as large as a scan: it is still the mail's own text."""
    thread = "".join(f"> > Trường Tiểu học Mỹ An báo cáo năm học 2021-2022, dòng {n}.\n" for n in range(6000))
    msg = EmailMessage()
    msg["From"] = "c1myan.thuthua@example.edu.vn"
    msg["Subject"] = "RE: Báo cáo NQ121"
    msg.set_content(f"Kính gửi Phòng.\n{thread}", cte="base64")
    msg.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="bc.pdf")
    raw = msg.as_bytes()
    assert len(raw) > bigparts.THRESHOLD
    mail = parse(raw, "x")
    assert mail.body.startswith("Kính gửi Phòng.\n> > Trường Tiểu học Mỹ An") and "dòng 2000." in mail.body
    assert [a.name for a in mail.attachments] == ["bc.pdf"]


def test_small_attachments_parsed_as_one_line_each_are_read_exactly() -> None:
    """The mail's smaller base64 parts are given to the parser on one line each: the files, and what staff
    are told of damaged base64, are those read from the lines as sent."""
    report, annex = bytes(range(256)) * 40, b"%PDF-1.4" * 100
    raw = _mail({"bao-cao.pdf": report, "phu-luc.pdf": annex})
    header, _, body = raw.partition(b"\n\n")
    assert len(bigparts.lift(header, body, join=True).joined) == 2
    head, first, rest = raw.partition(b"MIME-Version: 1.0\n\nAAEC")
    damaged = parse(head + first + b"@@" + rest, "x")
    for message in (raw, raw.replace(b"\n", b"\r\n")):
        mail = parse(message, "x")
        assert {a.name: a.data for a in mail.attachments} == {"bao-cao.pdf": report, "phu-luc.pdf": annex}
        assert not mail.warnings
    assert {a.name: a.data for a in damaged.attachments} == {"bao-cao.pdf": report, "phu-luc.pdf": annex}
    assert damaged.warnings == (
        "Tệp đính kèm «bao-cao.pdf»: dữ liệu mã hóa base64 bị hỏng, nội dung có thể không đầy đủ.",
    )


def test_a_part_the_parser_reads_otherwise_than_base64_keeps_its_lines() -> None:
    """A part that names two transfer encodings is base64 to the lifting, 7bit to the parser (the first
    one): its text is read with the line breaks it was sent with, not as the one line it was given."""
    lines = b"QUJD\nREVG\nR0hJ\n"
    raw = (
        b'From: c1myan.thuthua@example.edu.vn\nSubject: BC\nContent-Type: multipart/mixed; boundary="b"\n\n'
        b"--b\nContent-Type: text/plain; charset=utf-8\n\nKinh gui Phong.\n"
        b'--b\nContent-Type: text/plain; name="ma.txt"\nContent-Disposition: attachment; filename="ma.txt"\n'
        b"Content-Transfer-Encoding: 7bit\nContent-Transfer-Encoding: base64\n\n" + lines + b"--b--\n"
    )
    header, _, body = raw.partition(b"\n\n")
    assert bigparts.lift(header, body, join=True).joined == [b"QUJDREVGR0hJ"]
    attached = {a.name: a.data for a in parse(raw, "x").attachments}
    assert attached["ma.txt"] == b"QUJD\nREVG\nR0hJ"  # as the lines were sent (less the last break)
