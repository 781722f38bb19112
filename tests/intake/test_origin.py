"""Sender authenticity: the receiving server's Authentication-Results, and DKIM checked here (no network)."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from intake import message
from intake.origin import DnsLookup, Result, check, parse_authentication_results, trusted_results
from kernel.config import OriginConfig
from kernel.proof import Check, SenderCheck
from tests import pki

MX = "mx.pgdthuthua.example.vn"
SCHOOL = "c1myan.thuthua@example.edu.vn"
TRUSTED = OriginConfig(authserv_id=MX)


def _raw(*headers: str, sender: str = SCHOOL, body: str = "Trường gửi báo cáo NQ121.\n") -> bytes:
    """A message as delivered: the given trace headers (top first) above the sender's own."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo NQ121"
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    msg["Message-ID"] = "<bc1@example.edu.vn>"
    msg.set_content(body)
    trace = "".join(f"{h}\r\n" for h in headers).encode()
    return trace + msg.as_bytes(policy=msg.policy.clone(linesep="\r\n"))


def _origin(raw: bytes, config: OriginConfig = TRUSTED, dns: DnsLookup | None = None) -> SenderCheck:
    return check(message.parse(raw, "x@y"), raw, config, dns)


RECEIVED = f"Received: from mail.example.edu.vn (mail.example.edu.vn [203.0.113.5]) by {MX} with ESMTPS"


def test_dmarc_failing_at_the_trusted_server_is_a_forged_sender() -> None:
    origin = _origin(
        _raw(
            f"Authentication-Results: {MX}; spf=fail smtp.mailfrom=example.edu.vn;"
            " dkim=none; dmarc=fail (p=reject) header.from=example.edu.vn",
            RECEIVED,
        )
    )
    assert origin.failed and (origin.spf, origin.dkim, origin.dmarc) == (Check.FAIL, Check.NONE, Check.FAIL)
    assert origin.explanation == (
        f"Thư giả mạo địa chỉ {SCHOOL}: DMARC không đạt (máy chủ nhận thư {MX} kiểm tra: "
        "SPF không đạt, DKIM không có kết quả, DMARC không đạt)."
    )


def test_spf_failing_with_no_dkim_signature_is_a_forged_sender_even_without_dmarc() -> None:
    origin = _origin(_raw(f"Authentication-Results: {MX}; spf=softfail; dkim=none; dmarc=none", RECEIVED))
    assert origin.failed
    assert "SPF không đạt và không có chữ ký DKIM hợp lệ" in origin.explanation
    assert "SPF không đạt (softfail)" in origin.explanation


def test_a_passing_dkim_signature_saves_a_failing_spf() -> None:
    """A school mail relayed by its provider fails SPF but keeps its domain's DKIM signature."""
    origin = _origin(_raw(f"Authentication-Results: {MX}; spf=softfail; dkim=pass header.d=example.edu.vn"))
    assert not origin.failed and origin.dkim is Check.PASS
    assert origin.explanation.startswith(f"Địa chỉ gửi {SCHOOL} đã được xác thực")


@pytest.mark.parametrize(
    ("signed", "signer"),
    [
        ("header.d=evil-mail.com", "evil-mail.com"),
        ("header.i=@evil-mail.com", "evil-mail.com"),
        ("header.d=example.edu.vn.evil-mail.com", "example.edu.vn.evil-mail.com"),
        ("header.d=mail.example.edu.vn", None),
        ("header.i=hieutruong@example.edu.vn", None),
        ("", None),
    ],
)
def test_only_a_dkim_signature_of_the_senders_domain_saves_a_failing_spf(
    signed: str, signer: str | None
) -> None:
    """A forger who signs a school's From with a domain of their own holds a valid signature: it proves the
    mail passed through that domain, not that the school sent it. A result naming no domain is read as the
    sender's, as before."""
    origin = _origin(
        _raw(f"Authentication-Results: {MX}; spf=fail smtp.mailfrom=example.edu.vn; dkim=pass {signed}")
    )
    if signer is None:
        assert not origin.failed and origin.dkim is Check.PASS
        return
    assert origin.failed and origin.dkim is Check.NONE
    assert origin.explanation == (
        f"Thư giả mạo địa chỉ {SCHOOL}: SPF không đạt và không có chữ ký DKIM hợp lệ (máy chủ nhận thư {MX} "
        f"kiểm tra: SPF không đạt, DKIM không có kết quả (chữ ký hợp lệ của {signer}, không phải của tên miền "
        "gửi example.edu.vn), DMARC không có kết quả)."
    )


@pytest.mark.parametrize(
    ("envelope", "vouched"),
    [("evil-mail.com", False), ("bounce.example.edu.vn", True), ("example.edu.vn", True), ("", True)],
)
def test_an_spf_pass_vouches_for_the_sender_only_for_its_own_domain(envelope: str, vouched: bool) -> None:
    """A forger sending a school's From from their own server, with their own envelope address, passes
    SPF for that domain; with no DMARC record to align it, staff were told the school's address was
    authenticated. A pass for another domain's envelope says nothing of the sender."""
    said = f" smtp.mailfrom=hieutruong@{envelope}" if envelope else ""
    origin = _origin(_raw(f"Authentication-Results: {MX}; spf=pass{said}; dkim=none; dmarc=none", RECEIVED))
    assert not origin.failed and origin.authenticated is vouched
    if not vouched:
        assert origin.spf is Check.NONE
        assert f"SPF đạt cho {envelope}, không phải tên miền gửi example.edu.vn" in origin.explanation
        assert origin.explanation.startswith(f"Chưa xác thực được địa chỉ gửi {SCHOOL}")


def test_a_failing_signature_of_the_sender_beside_a_passing_one_of_another_domain_is_no_pass() -> None:
    origin = _origin(
        _raw(
            f"Authentication-Results: {MX}; spf=fail; dkim=fail header.d=example.edu.vn;"
            " dkim=pass header.d=evil-mail.com"
        )
    )
    assert origin.failed and origin.dkim is Check.FAIL


def test_a_lower_header_with_the_trusted_id_adds_no_dkim_pass_to_the_servers_own() -> None:
    """The server writes every signature it checked into its one header: a header with its id right below
    it (no Received between) carrying another DKIM result was written by the sender."""
    raw = _raw(
        f"Authentication-Results: {MX}; spf=fail smtp.mailfrom=example.edu.vn; dkim=none",
        f"Authentication-Results: {MX}; dkim=pass header.d=example.edu.vn",
        RECEIVED,
    )
    origin = _origin(raw)
    assert origin.failed and origin.dkim is Check.NONE


@pytest.mark.parametrize(
    "below",
    [
        f"{MX}; dkim=pass header.d=example.edu.vn header.s=mail; dmarc=pass header.from=example.edu.vn",
        f"{MX}; dmarc=pass header.from=example.edu.vn",
    ],
)
def test_a_forgers_pass_under_the_servers_spf_fail_does_not_make_the_mail_authentic(below: str) -> None:
    """The server wrote only «spf=fail» (no DKIM result at all); the forger wrote, in the mail he sent, a
    header with the server's id saying dkim=pass and dmarc=pass, which landed right under it with no
    Received between: its DKIM was read as the server's, and the caught forgery shown as authenticated."""
    raw = _raw(
        f"Authentication-Results: {MX}; spf=fail smtp.mailfrom=example.edu.vn",
        f"Authentication-Results: {below}",
        RECEIVED,
    )
    origin = _origin(raw)
    assert origin.failed and origin.passed is False
    assert (origin.dkim, origin.dmarc) == (Check.NONE, Check.NONE)


def test_a_header_with_the_trusted_id_below_another_servers_is_not_the_servers() -> None:
    """Only the server's own headers on top count: one with its id under another server's header was in the
    message before it arrived."""
    raw = _raw(
        f"Authentication-Results: {MX}; spf=fail smtp.mailfrom=example.edu.vn; dkim=none",
        "Authentication-Results: mx.forger.example; spf=pass",
        f"Authentication-Results: {MX}; dmarc=fail header.from=example.edu.vn",
        RECEIVED,
    )
    assert trusted_results(message.parse(raw, "x@y").headers, MX) == [
        Result("spf", "fail", (("smtp.mailfrom", "example.edu.vn"),)),
        Result("dkim", "none"),
    ]


def test_split_headers_of_the_servers_filters_still_catch_a_forgery() -> None:
    """opendmarc, the SPF policy daemon and opendkim each write a header of the server's id."""
    raw = _raw(
        f"Authentication-Results: {MX}; dmarc=fail (p=none) header.from=example.edu.vn",
        f"Authentication-Results: {MX}; spf=softfail smtp.mailfrom=example.edu.vn",
        f"Authentication-Results: {MX}; dkim=none",
        RECEIVED,
    )
    origin = _origin(raw)
    assert origin.failed and (origin.spf, origin.dkim, origin.dmarc) == (Check.FAIL, Check.NONE, Check.FAIL)


def test_results_about_another_from_than_the_one_read_here_make_the_mail_fail() -> None:
    """The server judged a gmail.com From (two From fields, or one written so that the server and this
    program read different addresses): its passes say nothing of the school's address read here."""
    origin = _origin(
        _raw(
            f"Authentication-Results: {MX}; spf=pass smtp.mailfrom=gmail.com; dkim=pass header.d=gmail.com;"
            " dmarc=pass header.from=gmail.com",
            RECEIVED,
        )
    )
    assert origin.failed and not origin.authenticated
    assert (
        origin.problem
        == "máy chủ nhận thư xác thực một địa chỉ gửi của gmail.com, không phải của example.edu.vn"
    )
    assert origin.explanation.startswith(
        f"Thư giả mạo địa chỉ {SCHOOL}: {origin.problem} (máy chủ nhận thư {MX}"
    )
    assert origin.explanation.endswith(
        "Dòng From của thư khiến máy chủ nhận thư và hệ thống đọc ra hai người gửi khác nhau, nên kết quả xác "
        f"thực không nói gì về {SCHOOL}."
    )


@pytest.mark.parametrize(
    ("sender", "judged"),
    [(SCHOOL, "Example.EDU.vn"), ("vanthu@trường.vn", "xn--trng-rib8295b.vn")],
)
def test_the_servers_from_is_the_senders_however_its_domain_is_spelled(sender: str, judged: str) -> None:
    raw = _raw(f"Authentication-Results: {MX}; dmarc=pass header.from={judged}", RECEIVED)
    origin = _origin(raw.replace(f"From: {SCHOOL}".encode(), f"From: {sender}".encode()))
    assert origin.authenticated and origin.address == sender


def test_a_mail_with_no_sure_sender_address_has_none_to_authenticate() -> None:
    """Two From fields naming different addresses name no sender: the server judged one of them, which
    says nothing of the mail, read as an unknown sender's."""
    raw = _raw(
        f"Authentication-Results: {MX}; spf=fail; dkim=none; dmarc=fail header.from=gmail.com", RECEIVED
    )
    raw = raw.replace(b"\r\nTo: ", b"\r\nFrom: ha1987@gmail.com\r\nTo: ", 1)
    assert _origin(raw) == SenderCheck("")


def _posing_as_a_list(*trace: str) -> bytes:
    """A mail from a forger's own gmail dressed as a list's copy of a school's post."""
    raw = _raw(*trace, sender="Nhóm các trường <nhomtruong@gmail.com>")
    return raw.replace(
        b"\r\nTo: ", f"\r\nList-Id: <nhomtruong.gmail.com>\r\nX-Original-Sender: {SCHOOL}\r\nTo: ".encode(), 1
    )


def test_a_lists_own_pass_does_not_authenticate_the_author_it_names() -> None:
    raw = _posing_as_a_list(
        f"Authentication-Results: {MX}; spf=pass smtp.mailfrom=gmail.com; dkim=pass header.d=gmail.com;"
        " dmarc=pass header.from=gmail.com",
        RECEIVED,
    )
    origin = _origin(raw)
    assert (origin.address, origin.failed, origin.authenticated) == (SCHOOL, True, False)
    assert (
        origin.problem == "qua nhóm thư nhomtruong@gmail.com, không có gì chứng minh là thư của địa chỉ này"
    )
    assert origin.explanation == (
        f"Thư do nhóm thư nhomtruong@gmail.com chuyển đến, ghi là thư của {SCHOOL}, nhưng không có gì chứng minh "
        f"{SCHOOL} đã gửi thư này: máy chủ nhận thư {MX} chỉ xác thực địa chỉ của nhóm thư, còn người gửi do "
        "nhóm thư ghi lại thì người lập nhóm thư nào cũng ghi được, và không có bản ghi ARC nào cho thấy thư gốc "
        "của example.edu.vn đạt DMARC. Cán bộ hỏi trường đã gửi báo cáo này vào nhóm thư nhomtruong@gmail.com "
        "chưa; nếu đúng thì gán thư cho trường."
    )
    assert _origin(raw, OriginConfig()) == SenderCheck("nhomtruong@gmail.com")


def test_results_from_another_server_are_ignored() -> None:
    """A forger may write any Authentication-Results into the message; only the office's server counts."""
    origin = _origin(
        _raw("Authentication-Results: mx.forger.example; spf=pass; dkim=pass; dmarc=pass", RECEIVED)
    )
    assert origin == SenderCheck(SCHOOL)


def test_a_copy_of_the_trusted_id_below_the_servers_own_received_header_is_ignored() -> None:
    """The forger's header claims the office's server id, but it was in the message before it arrived."""
    raw = _raw(
        f"Authentication-Results: {MX}; spf=fail; dkim=none; dmarc=fail",
        RECEIVED,
        f"Authentication-Results: {MX}; spf=pass; dkim=pass; dmarc=pass",
    )
    assert _origin(raw).failed
    assert trusted_results(message.parse(raw, "x@y").headers, MX) == [
        Result("spf", "fail"),
        Result("dkim", "none"),
        Result("dmarc", "fail"),
    ]


def test_the_trusted_id_under_the_servers_received_line_is_ignored_when_the_server_wrote_none() -> None:
    """The server wrote no result of its own (it checks nothing, or DKIM is checked here): the forger's
    header with its id, right under its Received line, was read as the server's and the forgery shown as
    authenticated."""
    raw = _raw(RECEIVED, f"Authentication-Results: {MX}; spf=pass; dkim=pass; dmarc=pass")
    assert trusted_results(message.parse(raw, "x@y").headers, MX) == []
    assert _origin(raw) == SenderCheck(SCHOOL)


def test_a_trusted_server_may_write_several_headers_one_per_checker() -> None:
    raw = _raw(
        f"Authentication-Results: {MX}; dmarc=pass header.from=example.edu.vn",
        f"Authentication-Results: {MX}; dkim=pass header.d=example.edu.vn",
        f"Authentication-Results: {MX}; spf=pass smtp.mailfrom=example.edu.vn",
        RECEIVED,
    )
    origin = _origin(raw)
    assert (origin.spf, origin.dkim, origin.dmarc, origin.failed) == (
        Check.PASS,
        Check.PASS,
        Check.PASS,
        False,
    )


def test_without_a_configured_server_nothing_is_read() -> None:
    raw = _raw(f"Authentication-Results: {MX}; dmarc=fail", RECEIVED)
    assert _origin(raw, OriginConfig()) == SenderCheck(SCHOOL)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "mx.example.vn 1; spf=pass (sender IP is 203.0.113.5) smtp.mailfrom=a@example.vn",
            ("mx.example.vn", (Result("spf", "pass", (("smtp.mailfrom", "a@example.vn"),)),)),
        ),
        (
            'MX.Example.VN;\r\n\tdkim/1=fail (bad (nested) sig) header.d=example.vn header.b="ab;c";\r\n\tdmarc=pass',
            (
                "mx.example.vn",
                (
                    Result("dkim", "fail", (("header.d", "example.vn"), ("header.b", "ab;c"))),
                    Result("dmarc", "pass"),
                ),
            ),
        ),
        ("mx.example.vn; none", ("mx.example.vn", ())),
        ("(only a comment)", None),
        (  # Microsoft 365's: no authserv-id
            "spf=fail (sender IP is 203.0.113.9) smtp.mailfrom=example.vn; dkim=none (message not signed) "
            "header.d=none;dmarc=fail action=none header.from=example.vn;compauth=fail reason=000",
            (
                "",
                (
                    Result("spf", "fail", (("smtp.mailfrom", "example.vn"),)),
                    Result("dkim", "none", (("header.d", "none"),)),
                    Result("dmarc", "fail", (("header.from", "example.vn"),)),
                    Result("compauth", "fail"),
                ),
            ),
        ),
    ],
)
def test_authentication_results_are_parsed_as_rfc_8601_writes_them(
    value: str, expected: tuple[str, tuple[Result, ...]] | None
) -> None:
    assert parse_authentication_results(value) == expected


# -- DKIM checked here ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def key() -> pki.DkimKey:
    return pki.DkimKey.create("example.edu.vn")


LOCAL_DKIM = OriginConfig(authserv_id=MX, verify_dkim=True)


def test_a_dkim_signature_of_the_senders_domain_is_verified_here(key: pki.DkimKey) -> None:
    origin = _origin(key.sign(_raw()), LOCAL_DKIM, key.dns())
    assert (origin.dkim, origin.failed, origin.checked_by) == (Check.PASS, False, "dkimpy")
    assert origin.explanation == (
        f"Địa chỉ gửi {SCHOOL} đã được xác thực: chữ ký DKIM của example.edu.vn hợp lệ."
    )


def test_a_body_changed_after_signing_breaks_the_senders_dkim_signature(key: pki.DkimKey) -> None:
    signed = key.sign(_raw(body="Kinh gui Phong GD&DT bao cao NQ121.\n"))
    changed = signed.replace(b"bao cao NQ121.", b"bao cao NQ121 (ban sua).")
    assert changed != signed
    origin = _origin(changed, LOCAL_DKIM, key.dns())
    assert origin.failed and origin.dkim is Check.FAIL
    assert origin.explanation == (
        f"Thư giả mạo địa chỉ {SCHOOL}: chữ ký DKIM của tên miền example.edu.vn không khớp với nội dung thư."
    )


@pytest.fixture(scope="module")
def forger() -> pki.DkimKey:
    return pki.DkimKey.create("evil-mail.com", "s1")


def test_a_valid_signature_of_another_domain_does_not_vouch_for_the_sender(forger: pki.DkimKey) -> None:
    """A forger signs a school's From with a key of their own domain, which verifies."""
    origin = _origin(forger.sign(_raw()), LOCAL_DKIM, forger.dns())
    assert (origin.dkim, origin.failed, origin.authenticated) == (Check.NONE, False, False)
    assert origin.explanation == (
        f"Chưa xác thực được địa chỉ gửi {SCHOOL}: chữ ký DKIM hợp lệ của evil-mail.com không phải của tên "
        "miền gửi example.edu.vn."
    )


def test_a_broken_signature_of_the_senders_domain_is_a_forgery_whatever_another_domain_signed(
    key: pki.DkimKey, forger: pki.DkimKey
) -> None:
    """The school's signature no longer matches the mail (its subject was changed) and the forger added
    a valid signature of their own on top."""
    changed = key.sign(_raw()).replace(b"Subject: ", b"Subject: Fw: ", 1)
    origin = _origin(forger.sign(changed), LOCAL_DKIM, key.dns(forger))
    assert origin.failed and origin.dkim is Check.FAIL
    assert origin.problem == "chữ ký DKIM của tên miền example.edu.vn không khớp với nội dung thư"


def test_a_signature_whose_key_is_not_published_proves_nothing_either_way(key: pki.DkimKey) -> None:
    origin = _origin(key.sign(_raw()), LOCAL_DKIM, lambda name: None)
    assert not origin.failed and origin.dkim is Check.NONE
    assert origin.explanation == (
        f"Chưa xác thực được địa chỉ gửi {SCHOOL}: chữ ký DKIM của example.edu.vn không kiểm tra được vì tên miền "
        "ấy không công bố khóa kiểm tra chữ ký trên DNS."
    )


def test_a_message_with_no_dkim_signature_is_not_verified_but_not_forged() -> None:
    origin = _origin(_raw(), LOCAL_DKIM, lambda name: None)
    assert not origin.failed and origin.explanation == f"Thư từ {SCHOOL} không có chữ ký DKIM."


def test_the_trusted_servers_results_come_first_and_no_dns_lookup_is_made(key: pki.DkimKey) -> None:
    def no_lookup(name: bytes) -> bytes | None:
        raise AssertionError(f"looked up {name!r}")

    raw = key.sign(_raw(f"Authentication-Results: {MX}; dkim=pass; dmarc=pass", RECEIVED))
    assert _origin(raw, LOCAL_DKIM, no_lookup).checked_by == MX


def test_dkim_is_not_checked_unless_the_config_asks(key: pki.DkimKey) -> None:
    assert _origin(key.sign(_raw()), TRUSTED, key.dns()) == SenderCheck(SCHOOL)
