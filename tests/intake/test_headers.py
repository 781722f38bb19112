"""The tolerant header reader: bytes in, text and Vietnamese problems out, never an exception."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake import headers
from intake.headers import MAX_FIELD, MAX_FIELDS, Head
from tests.parsers import corpus

SUBJECT = "Báo cáo thực hiện Nghị quyết 121"


def _b(text: str, charset: str = "utf-8") -> str:
    return f"=?{charset}?B?{base64.b64encode(text.encode()).decode()}?="


def _word(charset: str, data: bytes) -> str:
    return f"=?{charset}?B?{base64.b64encode(data).decode()}?="


def _raw(value: bytes) -> str:
    """A header value as the email package keeps it: 8-bit bytes as surrogate escapes."""
    return value.decode("ascii", "surrogateescape")


@pytest.mark.parametrize(
    ("value", "text", "problem"),
    [
        ("BC NQ121", "BC NQ121", None),
        (_b(SUBJECT), SUBJECT, None),
        (f"{_b('Báo cáo')} {_b('thực hiện')} NQ121", "Báo cáothực hiện NQ121", None),
        ("=?utf-8?q?B=C3=A1o_c=C3=A1o?= NQ121", "Báo cáo NQ121", None),
        (_raw("BÁO CÁO TRƯỜNG MỸ AN".encode()), "BÁO CÁO TRƯỜNG MỸ AN", None),
        (_raw(corpus.cp1258("Báo cáo trường Mỹ An")), "Báo cáo trường Mỹ An", "đã đoán bảng mã"),
        (_raw(corpus.tcvn3("Trường Tiểu học Vĩnh Lộc")), "Trường Tiểu học Vĩnh Lộc", "bảng mã cũ TCVN3"),
        (_word("iso-8859-1", corpus.tcvn3("Kết quả Thế Vinh")), "Kết quả Thế Vinh", "bảng mã cũ TCVN3"),
        (
            _word("windows-1252", corpus.cp1258("Kết quả Thế Vinh")),
            "Kết quả Thế Vinh",
            "viết bằng Windows-1258",
        ),
        (_b(SUBJECT, "x-vn-unknown"), SUBJECT, "«x-vn-unknown» không có"),
        (_b(SUBJECT, "base64"), SUBJECT, "«base64» không có"),
        (_raw(b"=?b\xe1d?B?" + base64.b64encode(SUBJECT.encode()) + b"?="), SUBJECT, "không có"),
        ("=?utf-8?B?QsOh!bw==?= NQ121", "Báo NQ121", "base64 bị hỏng"),
        ("=?utf-8?B?QsOhbw?=", "Báo", None),  # padding left out is common, and harmless
        ("=?utf-8?B?Q?=", "", "base64 bị hỏng"),
        ("=?utf-8?Q?B=C3=A1o=Z?=", "Báo=Z", "quoted-printable bị hỏng"),
        ("=?utf-8?Q?B=C3=A1o_c=C3=A1o NQ121?=", "Báo cáo NQ121", "quoted-printable bị hỏng"),
        ("=?utf-8?Q?B=C3=A1o?= ? =?utf-8?Q?NQ121?=", "Báo ? NQ121", None),
        ("=?iso-8859-1?Q?B=C3=A1o?=", "Báo", "«iso-8859-1» nhưng viết bằng UTF-8"),
        ("BC\x00 NQ121", "BC NQ121", "NUL"),
        ("BC NQ121\r\n b\u00e1o c\u00e1o", "BC NQ121 báo cáo", None),
    ],
)
def test_field_text(value: str, text: str, problem: str | None) -> None:
    decoded = headers.field_text(value)
    assert decoded.text == text
    if problem is None:
        assert decoded.problems == ()
    else:
        assert any(problem in p for p in decoded.problems), decoded.problems


def test_a_character_split_between_two_encoded_words_is_joined() -> None:
    """Some clients cut long subjects into encoded words in the middle of a UTF-8 character."""
    data = SUBJECT.encode()
    value = f"=?utf-8?B?{base64.b64encode(data[:2]).decode()}?=\r\n =?utf-8?B?{base64.b64encode(data[2:]).decode()}?="
    assert headers.field_text(value) == headers.Decoded(SUBJECT)


def test_text_is_nfc() -> None:
    decomposed = "Ba\u0301o ca\u0301o"
    assert headers.field_text(decomposed).text == "Báo cáo"


@pytest.mark.parametrize(
    ("value", "name", "address", "problem"),
    [
        (
            f"{_b('Trường TH Mỹ An')} <C1MyAn@Example.edu.vn>",
            "Trường TH Mỹ An",
            "c1myan@example.edu.vn",
            None,
        ),
        (
            _raw("Trường TH <<c1myan@example.edu.vn>>".encode()),
            "",
            "c1myan@example.edu.vn",
            "không đúng chuẩn",
        ),
        ("=?utf-8?B?Q?= <c1myan@example.edu.vn>", "", "c1myan@example.edu.vn", "base64 bị hỏng"),
        ("không có địa chỉ", "", "", None),
        (
            '"Trường TH <c1myan@example.edu.vn>" <ha1987@gmail.com>',
            "Trường TH <c1myan@example.edu.vn>",
            "ha1987@gmail.com",
            None,
        ),
        ("ha1987@gmail.com (c1myan@example.edu.vn)", "c1myan@example.edu.vn", "ha1987@gmail.com", None),
    ],
)
def test_address(value: str, name: str, address: str, problem: str | None) -> None:
    shown, found = headers.address(value)
    assert (shown.text, found) == (name, address)
    assert (problem is None) == (not shown.problems)
    if problem:
        assert any(problem in p for p in shown.problems)


@pytest.mark.parametrize(
    ("value", "name", "address", "problem"),
    [
        (  # the parser took the first address; servers and mail programs take the bracketed one
            "c1myan@example.edu.vn <ha1987@gmail.com>",
            "c1myan@example.edu.vn",
            "ha1987@gmail.com",
            "tên người gửi «c1myan@example.edu.vn» viết như một địa chỉ thư; địa chỉ gửi là ha1987@gmail.com",
        ),
        ('"c1myan@example.edu.vn"@evil-mail.com', "", "", "trông như địa chỉ thư"),  # a quoted local part
        ("c1myan@example.edu.vn@evil-mail.com", "", "", "trông như địa chỉ thư"),
        ("=?utf-8?q?c1myan=40example=2Eedu=2Evn?=", "", "", "trông như địa chỉ thư"),  # an encoded word
        ('"c1myan@example.edu.vn"', "", "", "trông như địa chỉ thư"),
        (
            "<c1myan@example.edu.vn>@evil-mail.com",
            "",
            "",
            "ghi thêm «@evil-mail.com» sau địa chỉ trong dấu <>",
        ),
        ("ha1987@gmail.com, c1myan@example.edu.vn", "", "", "ghi 2 địa chỉ khác nhau"),
        ("Trường TH <c1myan@example.edu.vn>, <ha1987@gmail.com>", "", "", "ghi 2 địa chỉ khác nhau"),
    ],
)
def test_an_address_field_gives_the_address_mail_servers_read_or_none(
    value: str, name: str, address: str, problem: str
) -> None:
    """A From written so that the RFC 5322 parser and the receiving server read different addresses gave the
    school's address that appears in it, though the mail was another's: the report was credited to the
    school by its registered address."""
    shown, found = headers.address(value)
    assert (shown.text, found) == (name, address)
    assert any(problem in p for p in shown.problems)


@pytest.mark.parametrize(
    ("data", "declared", "text", "problem"),
    [
        ("Trường đã gửi".encode(), "utf-8", "Trường đã gửi", None),
        ("Trường đã gửi".encode(), None, "Trường đã gửi", None),
        ("Trường đã gửi".encode(), "us-ascii", "Trường đã gửi", "«us-ascii» nhưng viết bằng UTF-8"),
        (corpus.cp1258("Trường đã gửi"), "windows-1258", "Trường đã gửi", None),
        (corpus.cp1258("Trường đã gửi"), None, "Trường đã gửi", "không khai báo bảng mã"),
        (corpus.cp1258("Trường đã gửi"), "x-mac-vietnamese", "Trường đã gửi", "«x-mac-vietnamese» không có"),
        # VISCII (RFC 1456), which Python lacks, bytes as iconv writes them: capitals on C1 and C0 codes too
        (b"Tr\xdf\xb6ng \xf0\xe3 g\xd8i", "VISCII", "Trường đã gửi", None),
        (b"KH\xd3 KH\xc5N, V\xbf\x95NG M\x81C; \x14 Lan", "csVISCII", "KHÓ KHĂN, VƯỚNG MẮC; Ỷ Lan", None),
        (b"plain ascii", "x-unknown", "plain ascii", None),  # the same in every ASCII charset
        ("Trường".encode("utf-16"), "utf-16", "Trường", None),
        (b"\x00d\x00", "utf-16", "", "không đọc được theo bảng mã «utf-16»"),
    ],
)
def test_text_of(data: bytes, declared: str | None, text: str, problem: str | None) -> None:
    decoded = headers.text_of(data, declared)
    if problem is None:
        assert decoded == headers.Decoded(text) or decoded.text == text
        assert decoded.problems == ()
    else:
        assert text in decoded.text
        assert any(problem in p for p in decoded.problems), decoded.problems


@pytest.mark.parametrize(
    ("data", "decoded", "damaged"),
    [
        (base64.b64encode(b"%PDF-1.4 report"), b"%PDF-1.4 report", False),
        (b"JVBERi0x\r\nLjQ=\r\n", b"%PDF-1.4", False),
        (b"JVBERi0xLjQ", b"%PDF-1.4", False),
        (b"JVBE!!Ri0xLjQ=", b"%PDF-1.4", True),
        (b"JVBERi0xLjQ=J", b"%PDF-1.4\t", True),  # after a padding: read on, and said
        (b"JVB=ERi0xLjQ=", b"%PDF-1.4", True),
        (b"JVBERi0xL\r\n", b"%PDF-1", True),  # one character too many
        (b"JVBERi0xLj\r\n", b"%PDF-1.", False),  # padding left out, as some senders do
    ],
)
def test_decode_base64(data: bytes, decoded: bytes, damaged: bool) -> None:
    assert headers.decode_base64(data) == (decoded, damaged)
    assert headers.decode_base64(memoryview(data)) == (decoded, damaged)  # a large part's own bytes


def test_an_absurd_field_is_cut_to_max_field() -> None:
    raw = b"From: a@b.vn\r\nX-Big: " + b"x" * 5_000_000 + b"\r\nSubject: BC\r\n\r\nbody"
    head = headers.split(raw)
    assert [len(f) for f in head.fields] == [len(b"From: a@b.vn"), MAX_FIELD, len(b"Subject: BC")]
    assert head.body == b"body"
    assert head.warnings == ("Dòng X-Big ở phần đầu thư dài 4882 KB, chỉ giữ 8 KB đầu.",)


def test_a_field_cut_never_ends_inside_a_utf8_character() -> None:
    raw = b"Subject: " + "ư".encode() * MAX_FIELD + b"\r\n\r\n"
    [field] = headers.split(raw).fields
    assert field.decode("utf-8").endswith("ư")


def test_past_the_limits_only_the_fields_that_decide_the_reading_are_kept() -> None:
    junk = b"".join(b"X-Trace-%d: %s\r\n" % (i, b"y" * 100) for i in range(MAX_FIELDS + 100))
    late = b"Subject: BC\r\nList-Id: <tin.example.vn>\r\nContent-Type: text/plain\r\n"
    head = headers.split(b"From: a@b.vn\r\n" + junk + late + b"\r\nbody")
    names = [f.split(b":")[0] for f in head.fields]
    assert len(names) == MAX_FIELDS + 3 and names[-3:] == [b"Subject", b"List-Id", b"Content-Type"]
    assert head.warnings == ("Phần đầu thư quá dài, bỏ qua 101 dòng không cần để đọc thư.",)


def test_lines_that_are_no_field_are_dropped_with_their_continuations() -> None:
    raw = b"From: a@b.vn\r\nX-Mailer Outlook\r\n folded part\r\nSubject : BC\r\n\r\nbody"
    head = headers.split(raw)
    assert head.fields == (b"From: a@b.vn", b"Subject: BC")
    assert head.warnings == ("Bỏ qua 2 dòng không đúng dạng trong phần đầu thư.",)


def test_without_a_blank_line_the_body_starts_at_the_first_line_that_is_no_field() -> None:
    head = headers.split(b"From: a@b.vn\r\nSubject: BC\r\nKinh gui phong\r\n\r\nBao cao")
    assert head.fields == (b"From: a@b.vn", b"Subject: BC")
    assert head.body == b"Kinh gui phong\r\n\r\nBao cao"


def test_an_mbox_separator_and_nul_bytes_are_not_kept() -> None:
    head = headers.split(b"From a@b.vn Wed Oct 20 09:15:00 2021\nFrom: a@b.vn\nSub\x00ject: BC\n\nbody")
    assert head.fields == (b"From: a@b.vn", b"Subject: BC")
    assert head.warnings == ("Phần đầu thư có ký tự NUL, đã bỏ.",)


def test_long_mime_fields_inside_the_body_are_cut() -> None:
    """The email package parses MIME parameters in quadratic time: a part's long ones are cut too."""
    part = b'--b\r\nContent-Disposition: attachment; filename="' + b";" * 100_000 + b'"\r\n\r\nx\r\n--b--\r\n'
    head = headers.split(b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n' + part)
    assert len(head.body) < MAX_FIELD + 100 and head.body.endswith(b"\r\n\r\nx\r\n--b--\r\n")
    assert head.warnings == ("Một phần của thư có dòng Content-Disposition dài 97 KB, chỉ giữ 8 KB đầu.",)


def test_long_mime_fields_are_cut_wherever_their_line_starts() -> None:
    """Fields are looked for only where a line starts with "content-": one on the body's first line, one
    right after another with no line between, one in capitals, one folded over lines are all cut."""
    long = b"x" * (MAX_FIELD + 1024)
    body = (
        b"Content-ID: <" + long + b">\r\n"
        b"CONTENT-DESCRIPTION: " + long + b"\r\n"
        b"content-type: text/plain; name=a\r\n\tb=" + long + b"\r\n\r\nx content-disposition: " + long
    )
    head = headers.split(b"Subject: BC\r\n\r\n" + body)
    assert head.warnings == (
        "Một phần của thư có dòng Content-ID dài 9 KB, chỉ giữ 8 KB đầu.",
        "Một phần của thư có dòng CONTENT-DESCRIPTION dài 9 KB, chỉ giữ 8 KB đầu.",
        "Một phần của thư có dòng content-type dài 9 KB, chỉ giữ 8 KB đầu.",
    )
    assert bytes(head.body).endswith(b"\r\n\r\nx content-disposition: " + long)  # not at a line's start


_MIME_PIECES = st.sampled_from(
    [b"\n", b"\r\n", b"content-", b"Content-Type", b"CONTENT-ID", b":", b" ", b"\t", b"a"]
)


@given(st.lists(_MIME_PIECES, max_size=40))
def test_mime_fields_are_those_a_scan_of_every_line_finds(pieces: list[bytes]) -> None:
    body = b"".join(pieces)
    found = [(m.start(), m.end()) for m in headers._mime_fields(body)]
    assert found == [(m.start(), m.end()) for m in headers._MIME_FIELD.finditer(body)]
    assert found == [(m.start(), m.end()) for m in headers._mime_fields(memoryview(body))]


def test_message_bytes_can_replace_the_content_type() -> None:
    head = Head((b"From: a@b.vn", b"Content-Type: text/plain"), b"body", ())
    assert head.message_bytes(b'multipart/mixed; boundary="b"') == (
        b'From: a@b.vn\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\nbody'
    )


@given(st.binary(max_size=300))
def test_any_bytes_decode_to_text_without_nul(value: bytes) -> None:
    decoded = headers.field_text(_raw(value))
    assert "\x00" not in decoded.text and decoded.text == decoded.text.strip()
    decoded.text.encode("utf-8")  # no lone surrogates reach the store


@given(st.binary(max_size=2000))
def test_any_bytes_split_into_fields_that_stay_within_the_limits(raw: bytes) -> None:
    head = headers.split(raw)
    assert all(len(f) <= MAX_FIELD and b"\x00" not in f for f in head.fields)
    assert len(head.fields) <= MAX_FIELDS + 10
