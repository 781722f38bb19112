"""intake.message.parse on damaged mail: what it keeps, what it warns about, and that it never crashes."""

from __future__ import annotations

import binascii
import email
import re
from email import policy
from email.message import EmailMessage

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7
from hypothesis import given, settings
from hypothesis import strategies as st

from intake import message
from intake.errors import MessageError
from tests import pki
from tests.parsers.corpus import cp1258, tcvn3
from tests.parsers.test_legacy import encoded_twice


def _report() -> bytes:
    msg = EmailMessage()
    msg["From"] = "Trường TH Mỹ An <c1myan.thuthua@example.edu.vn>"
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo NQ121"
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    msg["Message-ID"] = "<bc1@example.edu.vn>"
    msg.set_content("Kính gửi Phòng GD&ĐT.")
    msg.add_attachment(b"%PDF-1.4 report", maintype="application", subtype="pdf", filename="BC NQ121.pdf")
    return msg.as_bytes(policy=policy.SMTP)


REPORT = _report()


def test_a_clean_message_has_no_warnings() -> None:
    mail = message.parse(REPORT, "x")
    assert mail.warnings == ()
    assert [(a.name, a.data) for a in mail.attachments] == [("BC NQ121.pdf", b"%PDF-1.4 report")]


def test_two_from_fields_naming_different_addresses_name_no_sender() -> None:
    """A server checks one From, a mail program shows another: neither is sure to be the sender."""
    raw = REPORT.replace(b"\r\nTo: ", b"\r\nFrom: ha1987@gmail.com\r\nTo: ", 1)
    mail = message.parse(raw, "x")
    assert (mail.sender, mail.sender_name) == ("", "")
    assert mail.warnings == (
        "Thư có 2 dòng From ghi các địa chỉ khác nhau (c1myan.thuthua@example.edu.vn, ha1987@gmail.com): không "
        "rõ ai là người gửi, nên thư không được tính theo địa chỉ gửi.",
    )


def test_two_from_fields_naming_one_address_name_it() -> None:
    raw = REPORT.replace(b"\r\nTo: ", b"\r\nFrom: c1myan.thuthua@example.edu.vn\r\nTo: ", 1)
    mail = message.parse(raw, "x")
    assert (mail.sender, mail.sender_name) == ("c1myan.thuthua@example.edu.vn", "Trường TH Mỹ An")
    assert mail.warnings == ("Thư có 2 dòng From khác nhau; dùng dòng đầu tiên.",)


@pytest.mark.parametrize("raw", [b"", b"  \r\n", b"\x00\x01 not a mail", b"\r\n\r\nonly a body"])
def test_bytes_that_are_no_email_raise_message_error(raw: bytes) -> None:
    with pytest.raises(MessageError):
        message.parse(raw, "x")


def test_text_declared_in_the_wrong_charset_reads_as_written() -> None:
    raw = REPORT.replace(b'charset="utf-8"', b"charset=us-ascii", 1)
    assert raw != REPORT
    mail = message.parse(raw, "x")
    assert mail.body.strip() == "Kính gửi Phòng GD&ĐT."
    assert mail.warnings == ("Phần text/plain của thư: khai báo bảng mã «us-ascii» nhưng viết bằng UTF-8.",)


@pytest.mark.parametrize(
    ("written", "warned"),
    [
        ("Báo cáo NQ121 Nhị Thành.docx".encode(), False),  # RFC 6532 / webmail: raw UTF-8
        ("Báo cáo NQ121 Tân Thành.docx".encode("cp1258"), True),  # an old client's own code page
    ],
)
def test_a_file_name_in_raw_8bit_bytes_is_read_as_written(written: bytes, warned: bool) -> None:
    """Mail whose attachment's filename= carried raw 8-bit bytes showed it as "B��o c��o NQ121
    Nh��� Th��nh.docx" to staff, and matching could not read the school's name in it."""
    quoted = b'"' + written + b'"'
    raw = REPORT.replace(b'filename="BC NQ121.pdf"', b"filename=" + quoted, 1)
    assert raw != REPORT
    mail = message.parse(raw, "x")
    [attachment] = mail.attachments
    assert attachment.name == written.decode("utf-8" if not warned else "cp1258")
    assert attachment.data == b"%PDF-1.4 report"
    assert bool(mail.warnings) is warned


@pytest.mark.parametrize("label", ["windows-1258", "iso-8859-1", "utf-8", "", "rfc2047", "quoted"])
@pytest.mark.parametrize("name", ["Báo cáo NQ121 Trường TH Mỹ An.docx", "BC_kết_quả_thực_hiện_NQ121.docx"])
def test_a_file_name_typed_in_tcvn3_is_read_as_vietnamese(label: str, name: str) -> None:
    """A file name typed with an old Vietnamese keyboard is TCVN3 bytes, sent under whatever charset the
    mail program declares: staff read «B¸o c¸o NQ121 Tr­êng TH Mü An.docx», and matching could not read
    the school's name in it. The name is converted, and staff are told it was."""
    written = tcvn3(name)
    if label == "rfc2047":
        value = b'filename="=?iso-8859-1?B?' + binascii.b2a_base64(written, newline=False) + b'?="'
    elif label == "quoted":
        value = b'filename="' + written + b'"'
    else:
        value = b"filename*=" + label.encode() + b"''" + "".join(f"%{b:02X}" for b in written).encode()
    raw = REPORT.replace(b'filename="BC NQ121.pdf"', value, 1)
    assert raw != REPORT
    mail = message.parse(raw, "x")
    assert [a.name for a in mail.attachments] == [name]
    assert any("TCVN3" in w and name in w for w in mail.warnings), mail.warnings


@pytest.mark.parametrize(
    "written",
    [
        "C:\\Users\\Admin\\Desktop\\TH Bình An\\BC NQ121 TH Mỹ An.docx",
        "\\\\MAYCHU\\Chung\\BC NQ121 TH Mỹ An.docx",
        "d:\\BC NQ121 TH Mỹ An.docx",
    ],
)
def test_a_file_named_with_its_windows_path_is_named_as_mail_readers_show_it(written: str) -> None:
    """Old webmail uploaded from Internet Explorer sends the whole path the file had on the school's
    computer: staff and the school read «C:\\Users\\Admin\\Desktop\\…» as the file's name, and the folders
    in it were read as naming schools. Mail readers show the last part alone, and so do we."""
    raw = REPORT.replace(
        b'filename="BC NQ121.pdf"', f'filename="{written}"'.encode().replace(b"\\", b"\\\\"), 1
    )
    assert raw != REPORT
    mail = message.parse(raw, "x")
    assert [a.name for a in mail.attachments] == ["BC NQ121 TH Mỹ An.docx"]


def test_a_picture_pasted_into_the_html_as_data_is_a_picture_of_the_mail() -> None:
    """Some webmail keep a picture pasted into the mail inside its HTML (<img src="data:image/…;base64,…">)
    instead of attaching it: a school's photo of its report was invisible, and the school was told its mail
    carried no file."""
    photo = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40
    encoded = binascii.b2a_base64(photo, newline=False).decode()
    wrapped = "\n".join(encoded[i : i + 76] for i in range(0, len(encoded), 76))
    pasted = EmailMessage()
    pasted["From"] = "c0mythanh.thuthua@example.edu.vn"
    pasted["Subject"] = "BC NQ121"
    pasted.set_content(
        f'<p>Trường gửi báo cáo (ảnh bên dưới).</p><img width="600" src="data:image/jpeg;base64,{wrapped}">'
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="">',
        subtype="html",
    )
    mail = message.parse(pasted.as_bytes(policy=policy.SMTP), "x")
    assert [(a.name, a.content_type, a.inline) for a in mail.attachments] == [
        ("ảnh dán trong thư 1.jpg", "image/jpeg", True),
        ("ảnh dán trong thư 2.png", "image/png", True),
    ]
    assert mail.attachments[0].data == photo
    assert mail.body.strip() == "Trường gửi báo cáo (ảnh bên dưới)."


def test_a_file_without_a_name_is_an_attachment() -> None:
    """A copier's "Scan to e-mail" sent its PDF as the whole message, and a webmail sent a file inline
    with no name: neither part was taken for an attachment, so the school's report was recorded as
    a mail that only mentions the report. A signature of the message is still no file."""
    whole = EmailMessage()
    whole["From"] = "c1myan.thuthua@example.edu.vn"
    whole["Subject"] = "BC NQ121"
    whole.set_content(b"%PDF-1.4 report", maintype="application", subtype="pdf")
    mail = message.parse(whole.as_bytes(policy=policy.SMTP), "x")
    assert [(a.name, a.data) for a in mail.attachments] == [("không tên.pdf", b"%PDF-1.4 report")]
    boundary = REPORT.split(b'boundary="')[1].split(b'"')[0]
    close = b"--" + boundary + b"--"
    unnamed = b"Content-Type: application/octet-stream\r\nContent-Disposition: inline\r\n\r\nPK\x03\x04docx"
    signature = b"Content-Type: application/pgp-signature\r\n\r\n-----BEGIN PGP SIGNATURE-----"
    raw = REPORT.replace(
        close,
        b"--" + boundary + b"\r\n" + unnamed + b"\r\n--" + boundary + b"\r\n" + signature + b"\r\n" + close,
    )
    mail = message.parse(raw, "x")
    assert [a.name for a in mail.attachments] == ["BC NQ121.pdf", "không tên"]
    assert mail.attachments[1].data == b"PK\x03\x04docx"


def _detached_signature(content: bytes) -> bytes:
    """A detached PKCS #7 signature of content (DER), as smime.p7s holds."""
    who = pki.Authority.create().issue(organization="Trường Tiểu học Mỹ An", common_name="Mỹ An")
    builder = pkcs7.PKCS7SignatureBuilder().set_data(content).add_signer(who.cert, who.key, hashes.SHA256())
    return builder.sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature])


_KEY = b"-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nxjMEZQ3vBBYJKwYBBAHaRw8BAQdA\n-----END PGP PUBLIC KEY BLOCK-----\n"
_SIGNATURE = b"-----BEGIN PGP SIGNATURE-----\n\nwnUEARYKAB0WIQ\n-----END PGP SIGNATURE-----\n"


@pytest.mark.parametrize(
    ("content_type", "name", "data"),
    [
        ("application/pkcs7-signature", "smime.p7s", b"0\x82signature"),
        ("application/x-pkcs7-signature", "smime.p7s", b"0\x82signature"),
        ("application/pkcs7-signature", "", b"0\x82signature"),
        ("application/pgp-signature", "OpenPGP_signature.asc", _SIGNATURE),
        ("application/pgp-keys", "OpenPGP_0x6A2F0C3B1D4E5F70.asc", _KEY),
        ("application/pgp-keys", "", _KEY),
        ("application/octet-stream", "smime.p7s", _detached_signature(b"mail text")),
        ("application/octet-stream", "khoa.asc", _KEY),
        ("text/plain", "signature.asc", _SIGNATURE),
    ],
    ids=[
        "smime",
        "smime-x",
        "smime-unnamed",
        "openpgp-signature",
        "openpgp-key",
        "openpgp-key-unnamed",
        "smime-generic-type",
        "openpgp-key-generic-type",
        "openpgp-signature-as-text",
    ],
)
def test_a_signature_or_a_key_the_mail_client_attached_is_no_file(
    content_type: str, name: str, data: bytes
) -> None:
    """Outlook, Apple Mail and Thunderbird attach a signed mail's signature as «smime.p7s», and Thunderbird
    its sender's public key as «OpenPGP_0x….asc»: named or sent as an attachment, they were read as files
    the school attached, unreadable ones it was asked to send again."""
    maintype, subtype = content_type.split("/")
    signed = email.message_from_bytes(REPORT, EmailMessage, policy=policy.default)
    signed.add_attachment(data, maintype=maintype, subtype=subtype, filename=name or None)
    mail = message.parse(signed.as_bytes(policy=policy.SMTP), "x")
    assert [a.name for a in mail.attachments] == ["BC NQ121.pdf"]


def test_a_picture_pasted_into_the_mail_is_named_by_its_content_id_as_a_file() -> None:
    """Yahoo and other webmails send a photo pasted into the mail as a part with only a Content-ID: it
    was read, but named "<ii_abc123>", and staff read «Tiêu đề văn bản <ii_abc123> ghi …»."""
    pasted = EmailMessage()
    pasted["From"] = "c0mythanh.thuthua@example.edu.vn"
    pasted["Subject"] = "BC NQ121"
    pasted.set_content("Trường gửi báo cáo (ảnh bên dưới).")
    pasted.add_alternative(
        '<p>Trường gửi báo cáo (ảnh bên dưới).</p><img src="cid:ii_abc123">', subtype="html"
    )
    html = pasted.get_payload()[1]
    html.add_related(b"\xff\xd8\xff\xe0 photo", maintype="image", subtype="jpeg", cid="<ii_abc123>")
    picture = html.get_payload()[1]
    del picture["Content-Disposition"]
    mail = message.parse(pasted.as_bytes(policy=policy.SMTP), "x")
    assert [(a.name, a.content_type) for a in mail.attachments] == [("ii_abc123.jpg", "image/jpeg")]


def test_an_attached_message_keeps_its_header_lines_as_received() -> None:
    """The email package refolded an attached message's header fields when writing it back (minutes
    for a long one); its bytes are now what the sender's client wrote."""
    inner = (
        b"From: hieutruong.myan@gmail.com\r\nSubject: =?utf-8?B?QsOhbyBjw6Fv?=\r\n"
        b"X-Long: " + b"a" * 5000 + b"\r\nX-Folded: one\r\n\ttwo\r\n\r\nNoi dung\r\n"
    )
    boundary = REPORT.split(b'boundary="')[1].split(b'"')[0]
    part = b"Content-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n" + inner
    close = b"--" + boundary + b"--"
    raw = REPORT.replace(close, b"--" + boundary + b"\r\n" + part + b"\r\n" + close)
    mail = message.parse(raw, "x")
    [attached] = [a for a in mail.attachments if a.content_type == "message/rfc822"]
    assert attached.name == "Báo cáo.eml"
    assert attached.data.startswith(inner[: inner.index(b"\r\n\r\n") + 4])
    assert mail.forwarded_from == ("hieutruong.myan@gmail.com",)


def test_parts_nested_past_the_limit_are_skipped_with_a_warning() -> None:
    boundary = REPORT.split(b'boundary="')[1].split(b'"')[0]
    nested = b"".join(
        b'Content-Type: multipart/mixed; boundary="n%d"\r\n\r\n--n%d\r\n' % (i, i) for i in range(30)
    )
    nested += (
        b"Content-Type: text/plain\r\nContent-Disposition: attachment; filename=deep.txt\r\n\r\ndeep\r\n"
    )
    nested += b"".join(b"--n%d--\r\n" % i for i in reversed(range(30)))
    close = b"--" + boundary + b"--"
    mail = message.parse(REPORT.replace(close, b"--" + boundary + b"\r\n" + nested + close), "x")
    assert [a.name for a in mail.attachments] == ["BC NQ121.pdf"]
    assert mail.warnings == (f"Thư lồng quá {message.MAX_DEPTH} lớp; bỏ qua các phần sâu hơn.",)
    assert mail.parts_left_out


def test_warnings_are_capped() -> None:
    boundary = REPORT.split(b'boundary="')[1].split(b'"')[0]
    parts = b"".join(
        b"--%s\r\nContent-Type: image/png\r\nContent-Disposition: attachment; filename=a%d.png\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\nQ!\r\n" % (boundary, i)
        for i in range(40)
    )
    close = b"--" + boundary + b"--"
    mail = message.parse(REPORT.replace(close, parts + close), "x")
    assert len(mail.warnings) == message.MAX_WARNINGS
    assert mail.warnings[-1] == f"Và {40 - message.MAX_WARNINGS + 1} cảnh báo khác."


@settings(max_examples=60)
@given(st.binary(max_size=3000))
def test_any_bytes_parse_or_raise_message_error(raw: bytes) -> None:
    try:
        mail = message.parse(raw, "x")
    except MessageError:
        return
    assert all(w and w[0].isupper() for w in mail.warnings)


@settings(max_examples=60)
@given(st.data())
def test_a_damaged_report_never_crashes_the_reader(data: st.DataObject) -> None:
    """Bytes flipped, cut or doubled anywhere in a real multipart message."""
    raw = bytearray(REPORT)
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(raw)))
        what = data.draw(st.sampled_from(("flip", "cut", "double", "nul")))
        if what == "flip" and at < len(raw):
            raw[at] ^= data.draw(st.integers(1, 255))
        elif what == "cut":
            del raw[at : at + data.draw(st.integers(1, 200))]
        elif what == "double":
            raw[at:at] = raw[at : at + data.draw(st.integers(1, 200))]
        else:
            raw[at:at] = b"\x00"
    try:
        mail = message.parse(bytes(raw), "x")
    except MessageError:
        return
    assert "\x00" not in mail.subject + mail.sender + mail.body


def test_a_nul_in_a_text_parts_charset_is_read_past() -> None:
    """A NUL byte in a text part's charset («utf-8\\x00», in a copy damaged on the way) raised ValueError from
    the check of how the parser read the message's base64 parts: the reader crashed instead of reading on.
    (Found by the test above.)"""
    raw = REPORT.replace(
        b'charset="utf-8"\r\nContent-Transfer-Encoding: 8bit',
        b'charset="utf-8\x00"\r\nContent-Transfer-Encoding: 8bit',
        1,
    )
    assert raw != REPORT
    mail = message.parse(raw, "x")
    assert mail.subject == "Báo cáo NQ121" and [a.name for a in mail.attachments] == ["BC NQ121.pdf"]


def test_an_html_only_mail_keeps_the_address_of_a_link_shown_by_a_files_name() -> None:
    """Regression: a mail written only in HTML, with the report as a Google Drive chip (a link whose
    words are the file's name), lost the link's address when made plain text: baocao saw a note
    naming the report and no file, and never told the school that a link is not the file."""
    link = "https://drive.google.com/file/d/1qZx8Yb3/view?usp=sharing"
    msg = EmailMessage()
    msg["From"] = "c0hoasen.thuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo NQ121"
    msg["Message-ID"] = "<chip@mail.gmail.com>"
    msg.set_content(
        f'<div>Dạ em gửi báo cáo ạ<br><a href="{link}">BC NQ121 MN Hoa Sen.docx</a> <a href="{link}">{link}</a></div>',
        subtype="html",
    )
    body = message.parse(msg.as_bytes(), "x").body
    assert body == f"Dạ em gửi báo cáo ạ\nBC NQ121 MN Hoa Sen.docx <{link}> {link}"


def test_invisible_characters_in_the_subject_and_sender_name_are_dropped() -> None:
    """A subject pasted from a chat app, "BC NQ121 - TH Mỹ Lạ\u00adc" (a soft hyphen inside the word), was
    read with the soft hyphen as a letter, so the subject named no school; a no-break space in the sender's
    name was kept as such. Characters that print nothing are dropped and no-break spaces read as spaces."""
    msg = EmailMessage()
    msg["From"] = "TH Mỹ\u00a0Lạc <hieutruong.mylac@gmail.com>"
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "BC NQ121 - TH Mỹ Lạ\u00adc\u2060"
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    msg["Message-ID"] = "<bc2@example.edu.vn>"
    msg.set_content("Kính gửi Phòng GD&ĐT.\ufeff")
    mail = message.parse(msg.as_bytes(policy=policy.SMTP), "x")
    assert mail.subject == "BC NQ121 - TH Mỹ Lạc"
    assert mail.sender_name == "TH Mỹ Lạc"
    assert mail.body.strip() == "Kính gửi Phòng GD&ĐT."


def _outlook(sender: str, to: str, subject: str, own: str, quoted_from: str) -> message.Mail:
    """A mail from Outlook in Vietnamese: the sender's words over "-----Thư gốc-----" and the quoted mail."""
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, to, subject
    msg["Message-ID"] = "<000001dc3a1f$5b2c1e40$118459c0$@example.edu.vn>"
    msg.set_content(
        f"{own}\n\n-----Thư gốc-----\nTừ: {quoted_from}\nĐã gửi: Thứ Hai, 13 tháng 10, 2025 8:05 SA\n"
        f"Đến: {sender}\nChủ đề: V/v báo cáo kết quả thực hiện Nghị quyết 121/2020/QH14\n\n"
        "Kính gửi: Hiệu trưởng các trường Tiểu học Mỹ An, Tiểu học Mỹ Lạc, THCS Mỹ An\n"
        "Đề nghị các trường gửi báo cáo trước ngày 25/10/2025.\n"
    )
    return message.parse(msg.as_bytes(), "x")


OFFICE = "Phòng GD&ĐT Thủ Thừa <pgdthuthua@example.edu.vn>"


def test_a_schools_answer_quoting_the_offices_mail_under_outlooks_thu_goc_is_no_forward() -> None:
    """Tiểu học Mỹ Lạc answered the office's request in Outlook, typing its own subject: its report over
    "-----Thư gốc-----" and the office's mail to three schools. The office was read as the mail's original
    sender (a school passing the office's mail back), and the quoted request, naming Mỹ An twice, was read
    as Mỹ Lạc's own words. A reply answers the author of the mail it quotes; Outlook marks a reply and an
    inline forward alike, and the subject ("TL:", "TR:") or whom the mail is written to tells them apart."""
    mail = _outlook(
        "c1mylac.thuthua@example.edu.vn",
        "pgdthuthua@example.edu.vn",
        "Báo cáo NQ121 năm 2025 - TH Mỹ Lạc",
        "Kính gửi Phòng, trường Tiểu học Mỹ Lạc gửi báo cáo ạ.",
        OFFICE,
    )
    assert mail.forwarded_from == ()
    assert "Mỹ An" not in mail.own_body and "Mỹ Lạc gửi báo cáo" in mail.own_body
    replied = _outlook(
        "c1mylac.thuthua@example.edu.vn",
        "pgdthuthua@example.edu.vn",
        "TL: V/v báo cáo kết quả thực hiện Nghị quyết 121/2020/QH14",
        "Dạ trường gửi báo cáo ạ.",
        "Trường Tiểu học Mỹ An <c1myan.thuthua@example.edu.vn>",
    )
    assert replied.forwarded_from == () and "Mỹ An" not in replied.own_body


@pytest.mark.parametrize("subject", ["TR: Báo cáo NQ121", "FW: Báo cáo NQ121", "Báo cáo NQ121 của TH Mỹ An"])
def test_an_inline_outlook_forward_under_thu_goc_still_names_its_original_sender(subject: str) -> None:
    """A clerk passing on Mỹ An's mail from Outlook ("TR:", or a subject typed anew, Mỹ An not written to)."""
    mail = _outlook(
        "vanthu.xamyan@gmail.com",
        "pgdthuthua@example.edu.vn",
        subject,
        "Em chuyển báo cáo của trường Mỹ An ạ.",
        "Trường Tiểu học Mỹ An <c1myan.thuthua@example.edu.vn>",
    )
    assert mail.forwarded_from == ("c1myan.thuthua@example.edu.vn",)
    assert mail.forwarder_text is not None and mail.forwarder_text.startswith("Em chuyển")


@pytest.mark.parametrize("delsp", [False, True])
def test_a_format_flowed_body_reads_as_whole_paragraphs(delsp: bool) -> None:
    """Thunderbird and Apple Mail wrap a plain body at 72 characters and mark each soft break with a
    trailing space (RFC 3676): a report typed in the mail was read with its lines cut mid-name ("Trường
    Tiểu học Mỹ" over "An"), and a line space-stuffed because it began with "From " kept that space."""
    soft = " " if delsp else ""  # the space DelSp=yes adds to mark the break
    flowed = (
        f"Kính gửi Phòng GD&ĐT,{soft} \r\nTRƯỜNG TIỂU HỌC MỸ{soft} \r\nAN báo cáo kết quả như sau:\r\n"
        f" From nay nhà trường{soft} \r\ntiếp tục.\r\n> Trích thư{soft} \r\n> của Phòng.\r\n-- \r\nHiệu trưởng\r\n"
    )
    params = 'format=flowed; delsp=yes; charset="utf-8"' if delsp else 'format=flowed; charset="utf-8"'
    raw = REPORT.replace(
        b'Content-Type: text/plain; charset="utf-8"', f"Content-Type: text/plain; {params}".encode(), 1
    )
    raw = raw.replace(b"Content-Transfer-Encoding: 7bit", b"Content-Transfer-Encoding: 8bit", 1)
    raw = raw.replace("Kính gửi Phòng GD&ĐT.".encode(), flowed.encode(), 1)
    mail = message.parse(raw, "x")
    assert mail.body.strip().splitlines() == [
        "Kính gửi Phòng GD&ĐT, TRƯỜNG TIỂU HỌC MỸ AN báo cáo kết quả như sau:",
        "From nay nhà trường tiếp tục.",
        "> Trích thư của Phòng.",
        "-- ",
        "Hiệu trưởng",
    ]


def _western(label: str, subject: bytes, body: bytes, filename: bytes) -> bytes:
    """A mail from old Outlook or Outlook Express: text in the code page of the sender's Windows, labelled
    with the charset of a Western one."""
    quoted = "".join(f"%{b:02X}" if b > 127 or b in b" %'*;" else chr(b) for b in filename).encode()
    return (
        b"From: c1myan.thuthua@example.edu.vn\r\nTo: pgdthuthua@example.edu.vn\r\nSubject: "
        + subject
        + b"\r\n"
        b"Date: Wed, 20 Oct 2021 09:15:00 +0700\r\nMessage-ID: <w@example.edu.vn>\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\n"
        b"Content-Type: text/plain; charset="
        + label.encode()
        + b"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + body
        + b"\r\n--XX\r\nContent-Type: application/octet-stream\r\n"
        b"Content-Disposition: attachment; filename*="
        + label.encode()
        + b"''"
        + quoted
        + b"\r\n\r\nPK\r\n--XX--\r\n"
    )


@pytest.mark.parametrize("label", ["iso-8859-1", "windows-1252"])
def test_vietnamese_labelled_western_is_read_as_windows_1258(label: str) -> None:
    """Old Outlook labels Vietnamese typed in windows-1258 as iso-8859-1 or windows-1252: staff read
    "Kính gýÒi PhoÌng", the file "TrýõÌng MyÞ Laòc.docx", and no school's name could be matched in them."""
    subject = "Báo cáo năm 2021 Trường Tiểu học Mỹ An"
    body = "Kính gửi Phòng Giáo dục và Đào tạo huyện Thủ Thừa.\nTrường Tiểu học Nhị Thành gửi báo cáo."
    name = "Báo cáo NQ121 Trường Mỹ Lạc.docx"
    encoded = "".join(f"={b:02X}" if b > 127 or b in b" ?=_" else chr(b) for b in cp1258(subject)).encode()
    for written in (cp1258(subject), b"=?" + label.encode() + b"?Q?" + encoded + b"?="):
        mail = message.parse(_western(label, written, cp1258(body), cp1258(name)), "x")
        assert (mail.subject, mail.body.strip(), [a.name for a in mail.attachments]) == (
            subject,
            body,
            [name],
        )


def test_text_really_in_latin_1_stays_as_written() -> None:
    """Portuguese and Icelandic letters (ã, õ, ý, ð) are windows-1258's ă, ơ, ư, đ: a signature in
    latin-1 must not come out as Vietnamese."""
    text = "Café crème à São Paulo, irmã e lã; Þór Ýmir, Òscar così, naïve, põe."
    raw = _western("iso-8859-1", text.encode("latin-1"), text.encode("latin-1"), "lã.pdf".encode("latin-1"))
    mail = message.parse(raw, "x")
    assert (mail.subject, mail.body.strip(), [a.name for a in mail.attachments]) == (text, text, ["lã.pdf"])


def test_a_raw_8bit_subject_with_only_a_breve_is_still_vietnamese() -> None:
    """ "Báo cáo năm 2021" in windows-1258 differs from latin-1 by one byte (ă, latin-1's ã): it must not be
    read as "nãm"."""
    raw = re.sub(
        rb"(?m)^Subject: .*$", lambda _: b"Subject: " + cp1258("Báo cáo năm 2021") + b"\r", REPORT, count=1
    )
    assert raw != REPORT
    assert message.parse(raw, "x").subject == "Báo cáo năm 2021"


def test_a_body_typed_in_viqr_is_read_as_vietnamese_its_links_untouched() -> None:
    """A school without a Vietnamese keyboard wrote its mail in VIQR ("Kinh gu*?i Pho`ng …"): no rule
    read its words. The body is converted, a link in it is left as written, and staff are warned."""
    msg = EmailMessage()
    msg["From"] = "c1myan.thuthua@example.edu.vn"
    msg["To"] = "pgd@example.edu.vn"
    msg["Subject"] = "BC NQ121"
    msg["Message-ID"] = "<viqr@example.edu.vn>"
    msg.set_content(
        "Kinh gu*?i Pho`ng GD&DDT,\nTru*o*`ng em xin gu*?i ba'o ca'o NQ121 ta.i "
        "https://drive.example.com/~th?id=ba'o.ca'o\nTra^n tro.ng."
    )
    mail = message.parse(msg.as_bytes(), fallback_id="viqr")
    assert mail.body.strip() == (
        "Kinh gửi Phòng GD&ĐT,\nTrường em xin gửi báo cáo NQ121 tại "
        "https://drive.example.com/~th?id=ba'o.ca'o\nTrân trọng."
    )
    assert mail.subject == "BC NQ121"
    assert [w for w in mail.warnings if "VIQR" in w] == [
        "Nội dung thư gõ tiếng Việt kiểu VIQR (chữ không dấu kèm ký hiệu như «Tru*o*`ng», «ho.c»), đã được "
        "chuyển sang chữ có dấu để đọc; cán bộ đối chiếu với thư gốc nếu thấy chữ nào sai."
    ]


@pytest.mark.parametrize(
    ("subject", "name", "body", "label"),
    [
        (
            "Baùo caùo NQ121 Tröôøng Maãu giaùo Myõ Thaïnh",
            "Tröôøng MG Myõ Thaïnh",
            "Tröôøng Maãu giaùo Myõ Thaïnh göûi baùo caùo.",
            "VNI",
        ),
        (
            tcvn3("Báo cáo NQ121 Trường Mẫu giáo Mỹ Thạnh").decode("latin-1"),
            tcvn3("Trường MG Mỹ Thạnh").decode("latin-1"),
            tcvn3("Trường Mẫu giáo Mỹ Thạnh gửi báo cáo.").decode("latin-1"),
            "TCVN3 (ABC)",
        ),
    ],
)
def test_a_mail_typed_with_the_keyboard_on_an_old_encoding_is_read_as_vietnamese(
    subject: str, name: str, body: str, label: str
) -> None:
    """A teacher left Unikey on VNI or TCVN3 (for old documents) and wrote the mail in Gmail: it read
    «Baùo caùo NQ121 Tröôøng Maãu giaùo Myõ Thaïnh» (or «B¸o c¸o … Tr­êng …»), no rule read its words and
    no school's name matched. The subject, the sender's name and the body are converted, TCVN3's ư (a soft
    hyphen, which the text's normalisation drops) kept, and staff are told with the text as it showed."""
    msg = EmailMessage()
    msg["From"] = f'"{name}" <giaovien.mt@gmail.com>'
    msg["To"] = "pgd@example.edu.vn"
    msg["Subject"] = subject
    msg["Message-ID"] = "<legacy@example.edu.vn>"
    msg.set_content(body)
    mail = message.parse(msg.as_bytes(), fallback_id="legacy")
    assert mail.subject == "Báo cáo NQ121 Trường Mẫu giáo Mỹ Thạnh"
    assert mail.sender_name == "Trường MG Mỹ Thạnh"
    assert mail.body.strip() == "Trường Mẫu giáo Mỹ Thạnh gửi báo cáo."
    told = [w for w in mail.warnings if f"gõ bằng bảng mã cũ {label}" in w]
    assert [w.split(":")[0] for w in told] == [
        "Dòng From ở phần đầu thư",
        "Phần text/plain của thư",
        "Dòng Subject ở phần đầu thư",
    ]


def test_a_file_name_typed_with_the_keyboard_on_vni_in_a_unicode_program_is_converted() -> None:
    """Gmail sends the name as UTF-8 (RFC 2231) of the letters typed: «Baùo caùo NQ121 Tröôøng TH Myõ
    An.docx» was listed and read under that name. It is converted, as a name in the bytes of an old
    program already was, and staff are told."""
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "giaovien.ma@gmail.com", "pgd@example.edu.vn", "BC NQ121"
    msg.set_content("Gửi phòng.")
    typed = "Baùo caùo NQ121 Tröôøng TH Myõ An.docx"
    msg.add_attachment(
        b"PK stand-in", maintype="application", subtype="octet-stream", filename=("utf-8", "", typed)
    )
    mail = message.parse(msg.as_bytes(), fallback_id="name")
    assert [a.name for a in mail.attachments] == ["Báo cáo NQ121 Trường TH Mỹ An.docx"]
    assert [w for w in mail.warnings if "bảng mã cũ VNI" in w and typed in w]


def test_a_mail_its_program_encoded_twice_is_read_as_vietnamese() -> None:
    """A broken mail program read the teacher's UTF-8 as windows-1252 and encoded it again: the subject
    «BÃ¡o cÃ¡o NQ121 TrÆ°á»ng TH Má»¹ An», the file name and the body reached staff so, and no school's name
    matched. They are repaired, and staff are told with the text as it showed."""
    msg = EmailMessage()
    msg["From"] = f'"{encoded_twice("Lê Thị Hồng")}" <giaovien.ma@gmail.com>'
    msg["To"] = "pgd@example.edu.vn"
    msg["Subject"] = encoded_twice("Báo cáo NQ121 Trường TH Mỹ An")
    msg["Message-ID"] = "<twice@example.edu.vn>"
    msg.set_content(encoded_twice("Trường Tiểu học Mỹ An gửi báo cáo."))
    name = encoded_twice("Báo cáo NQ121 Trường TH Mỹ An.docx")
    msg.add_attachment(
        b"PK stand-in", maintype="application", subtype="octet-stream", filename=("utf-8", "", name)
    )
    mail = message.parse(msg.as_bytes(), fallback_id="twice")
    assert mail.subject == "Báo cáo NQ121 Trường TH Mỹ An"
    assert mail.sender_name == "Lê Thị Hồng"
    assert mail.body.strip() == "Trường Tiểu học Mỹ An gửi báo cáo."
    assert [a.name for a in mail.attachments] == ["Báo cáo NQ121 Trường TH Mỹ An.docx"]
    told = [w for w in mail.warnings if "mã hóa hai lần" in w]
    assert [w.split(":")[0] for w in told] == [
        "Dòng From ở phần đầu thư",
        "Phần text/plain của thư",
        "Tên tệp đính kèm «Báo cáo NQ121 Trường TH Mỹ An.docx»",
        "Dòng Subject ở phần đầu thư",
    ]
    assert "(«BÃ¡o cÃ¡o NQ121 TrÆ°á»ng TH Má»¹" in told[-1]  # as it showed, without its controls


def test_accented_text_of_other_languages_is_not_taken_for_an_old_vietnamese_encoding() -> None:
    """French or Spanish in a signature has the letters VNI writes marks with (ù, ø, õ, ï): left as written."""
    text = "Réunion où êtes-vous? Señor Muñoz, naïve"
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "x@example.fr", "pgd@example.edu.vn", text
    msg.set_content(text)
    mail = message.parse(msg.as_bytes(), fallback_id="fr")
    assert (mail.subject, mail.body.strip()) == (text, text)
    assert not [w for w in mail.warnings if "bảng mã cũ" in w]


@pytest.mark.parametrize("newline", [b"\n", b"\r\n"])
def test_a_uuencoded_file_lifted_out_of_the_text_leaves_no_line_of_its_own(newline: bytes) -> None:
    """An old mail program pasted the file into the text («begin 644 BC.docx» … «end»): lifted out as
    a file, it left a line break of its own behind, a bare one in a mail whose lines end in CRLF."""
    data = b"PK\x03\x04" + bytes(range(200))
    block = [
        b"begin 644 BC.docx",
        *(binascii.b2a_uu(data[at : at + 45]).rstrip(b"\n") for at in range(0, 204, 45)),
    ]
    lines = [
        b"From: c1myan.thuthua@example.edu.vn",
        b"To: pgd@example.edu.vn",
        b"Subject: BC NQ121",
        b"Message-ID: <uu@example.edu.vn>",
        b"Content-Type: text/plain; charset=utf-8",
        b"",
        "Kính gửi Phòng GD&ĐT.".encode(),
        b"",
        *block,
        b"`",
        b"end",
        "Trân trọng.".encode(),
        b"",
    ]
    mail = message.parse(newline.join(lines), "uu")
    assert [(a.name, a.data) for a in mail.attachments] == [("BC.docx", data)]
    text = newline.decode()
    assert mail.body == f"Kính gửi Phòng GD&ĐT.{text}{text}Trân trọng.{text}"


def _long_thread(quotes: int) -> str:
    """A short note over a reply chain quoted over and over: the earlier mails, each one level deeper."""
    lines = ["Kính gửi Phòng GD&ĐT, trường gửi lại báo cáo NQ121 ạ.", ""]
    for depth in range(1, quotes + 1):
        mark = "> " * (depth % 12 + 1)
        lines += [
            f"{mark}Vào Th 2, 18 thg 10, 2021 lúc 09:00 Phòng GD <pgdthuthua@example.edu.vn> đã viết:",
            f"{mark}-----Original Message-----",
            f"{mark}From: Trường Tiểu học Mỹ An <c1myan.thuthua@example.edu.vn>",
            f"{mark}Sent: Monday, October 18, 2021 9:00 AM",
            *[
                f"{mark}Tổng số học sinh của Trường Tiểu học Mỹ An năm học 2021-2022 là {n} em."
                for n in range(30)
            ],
        ]
    return "\n".join(lines)


def test_a_long_quoted_thread_is_read_only_so_far_and_says_what_was_left_unread() -> None:
    """Megabytes of earlier mail quoted under a short note: the note and the start of the history are read,
    the rest is not, and staff are told where the unread part starts."""
    msg = EmailMessage()
    msg["From"] = "c1myan.thuthua@example.edu.vn"
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "RE: RE: Báo cáo NQ121"
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    msg.set_content(_long_thread(600))
    mail = message.parse(msg.as_bytes(), "x")
    assert len(mail.body) <= message.MAX_BODY_CHARS  # the bounded work: what every later pass reads
    assert mail.body.startswith("Kính gửi Phòng GD&ĐT, trường gửi lại báo cáo NQ121 ạ.")
    [note] = mail.warnings
    assert note.startswith("Nội dung thư quá dài (") and "ký tự còn lại (từ dòng «>" in note
    assert "không được đọc" in note
    short = EmailMessage()
    short["From"], short["Subject"] = "c1myan.thuthua@example.edu.vn", "RE: Báo cáo NQ121"
    short["Date"] = msg["Date"]
    short.set_content(_long_thread(3))
    assert not message.parse(short.as_bytes(), "y").warnings  # ordinary replies are read whole


@pytest.mark.parametrize(
    ("name", "subtype"),
    [("noname", "plain"), ("Untitled attachment 00001.txt", "plain"), ("ATT00001.htm", "html")],
)
def test_the_mails_own_text_sent_as_a_file_is_read_as_its_text(name: str, subtype: str) -> None:
    """Some clients and gateways send a mail's words as a file («noname», Apple Mail through Exchange's
    «Untitled attachment 00001.txt», «ATT00001.htm»). A school that forgot its report was told its file
    «noname» held only a report's header and signature, as if it had sent the wrong file."""
    msg = EmailMessage()
    msg["From"] = "c1myan.thuthua@example.edu.vn"
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo NQ121"
    msg["Message-ID"] = "<noname@example.edu.vn>"
    text = "Kính gửi Phòng GD&ĐT, trường gửi báo cáo NQ121 ạ. File đính kèm."
    written = f"<p>{text}</p>" if subtype == "html" else text
    msg.add_attachment(written.encode(), maintype="text", subtype=subtype, filename=name)
    mail = message.parse(msg.as_bytes(), "x")
    assert mail.attachments == () and text in mail.body


@pytest.mark.parametrize(
    ("quote", "author"),
    [
        (
            "Vào Th 2, 20 thg 10, 2025 lúc 16:20 Trường MG Mỹ Lạc <c0mylac.thuthua@example.edu.vn> đã viết:\n"
            "> Em gửi các cô file báo cáo.",
            "c0mylac.thuthua@example.edu.vn",
        ),
        (
            "On Mon, Oct 20, 2025 at 4:20 PM <C0MyLac.ThuThua@example.edu.vn> wrote:\n> file",
            "c0mylac.thuthua@example.edu.vn",
        ),
        (
            "-----Original Message-----\nFrom: Truong MG My Lac <c0mylac.thuthua@example.edu.vn>\n"
            "Sent: Monday, October 20, 2025 4:20 PM\nSubject: Bao cao NQ121",
            "c0mylac.thuthua@example.edu.vn",
        ),
        (
            "________________________________\nTừ: Trường MG Mỹ Lạc <c0mylac.thuthua@example.edu.vn>\n"
            "Đã gửi: Thứ Hai, 20 tháng 10, 2025 16:20\nChủ đề: Báo cáo NQ121",
            "c0mylac.thuthua@example.edu.vn",
        ),
        ("Trân trọng.\nHiệu trưởng", None),
    ],
    ids=["gmail vi", "gmail en", "outlook original message", "outlook vi header block", "no quote"],
)
def test_a_reply_tells_who_wrote_the_mail_it_quotes(quote: str, author: str | None) -> None:
    """The subject a reply keeps is the quoted mail's author's, whoever answers now."""
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"], msg["To"], msg["Subject"] = "co.tuyet@gmail.com", "pgd@example.edu.vn", "Re: Báo cáo NQ121"
    msg.set_content(f"Em gửi báo cáo ạ.\n\n{quote}\n")
    mail = message.parse(msg.as_bytes(), "x")
    assert mail.replied_to == (frozenset({author}) if author else frozenset())
