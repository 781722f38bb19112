"""Digital signatures of PDFs: who signed, when, and whether the signature still holds (offline)."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers.certificates import certificates
from parsers.document import SignatureStatus, TrustAnchors
from parsers.errors import CertificateError
from parsers.read import read_attachment
from parsers.signatures import read_signatures
from samples.documents import render_pdf, zip_files
from samples.papers import make_paper
from tests import pki

SCHOOL = "TRƯỜNG TIỂU HỌC MỸ AN"


@pytest.fixture(scope="module")
def ca() -> pki.Authority:
    return pki.Authority.create()


@pytest.fixture(scope="module")
def trust(ca: pki.Authority) -> TrustAnchors:
    return TrustAnchors(roots=(ca.root.pem,))


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_pdf(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(5)))


@pytest.fixture(scope="module")
def school(ca: pki.Authority) -> pki.Identity:
    return ca.issue(organization=SCHOOL, common_name=SCHOOL)


@pytest.fixture(scope="module")
def signed(pdf: bytes, school: pki.Identity, ca: pki.Authority) -> bytes:
    return pki.sign(pdf, school, ca)


def test_a_certificate_typed_with_an_old_vietnamese_keyboard_setting_is_read_in_unicode(
    pdf: bytes, ca: pki.Authority, trust: TrustAnchors
) -> None:
    """A certificate whose names were typed in TCVN3 («TR¦êNG TIÓU HäC Mü AN», as the old .VnTimeH font
    shows capitals) was shown to staff and schools as written, and named no school of ours."""
    typed = ca.issue(organization="TR¦êNG TIÓU HäC Mü AN", common_name="NguyÔn V¨n An", locality="Mü An")
    [sig], _ = read_signatures(pki.sign(pdf, typed, ca), trust)
    assert (sig.organization, sig.common_name, sig.locality) == (SCHOOL, "Nguyễn Văn An", "Mỹ An")


def test_a_valid_signature_gives_the_signer_the_issuer_and_the_signing_time(
    signed: bytes, trust: TrustAnchors
) -> None:
    [sig], warnings = read_signatures(signed, trust)
    assert not warnings
    assert sig.status is SignatureStatus.VALID
    assert (sig.organization, sig.common_name, sig.locality) == (SCHOOL, SCHOOL, "Thủ Thừa")
    assert sig.province == "Long An"  # ST, read apart from L: a namesake elsewhere gives itself away by it
    assert sig.issuer == "VNPT-CA Thử nghiệm"
    assert sig.signed_at == pki.SIGNED_AT and sig.signed_at.tzinfo is not None
    assert sig.trusted and not sig.modified and sig.in_validity
    assert sig.reason.startswith(f"Chữ ký số hợp lệ của {SCHOOL}")


def test_the_signatures_come_with_the_text_of_the_pdf(signed: bytes, trust: TrustAnchors) -> None:
    [document] = read_attachment("BC NQ121 ký số.pdf", signed, trust=trust).documents
    assert "BÁO CÁO" in document.text and document.header.issuer
    [sig] = document.signatures
    assert sig.status is SignatureStatus.VALID


def test_a_signed_pdf_inside_a_zip_is_checked_with_the_same_trust(signed: bytes, trust: TrustAnchors) -> None:
    [document] = read_attachment("baocao.zip", zip_files({"BC.pdf": signed}), trust=trust).documents
    assert [s.status for s in document.signatures] == [SignatureStatus.VALID]


def test_without_trust_roots_a_signature_is_read_but_not_trusted(signed: bytes) -> None:
    [document] = read_attachment("a.pdf", signed).documents
    [sig] = document.signatures
    assert sig.status is SignatureStatus.UNTRUSTED and sig.organization == SCHOOL
    assert "chưa có chứng thư gốc tin cậy" in sig.reason


def test_a_signature_from_an_unknown_root_is_untrusted(pdf: bytes, trust: TrustAnchors) -> None:
    stranger = pki.Authority.create("Root CA Lạ", "CA Lạ")
    forged = pki.sign(pdf, stranger.issue(organization=SCHOOL, common_name=SCHOOL), stranger)
    [sig], _ = read_signatures(forged, trust)
    assert sig.status is SignatureStatus.UNTRUSTED and not sig.trusted
    assert sig.reason == (
        f"Chữ ký số của {SCHOOL} không được công nhận: chứng thư số do tổ chức tự ghi tên «CA Lạ» "
        "cấp, tổ chức này không thuộc các chứng thư gốc tin cậy trong cấu hình."
    )


def test_the_intermediate_may_come_from_the_caller_instead_of_the_pdf(
    pdf: bytes, ca: pki.Authority, school: pki.Identity
) -> None:
    """A signature that carries only the signer's certificate needs the CA's intermediate from config."""
    only_root = TrustAnchors(roots=(ca.root.der,))
    with_sub = TrustAnchors(roots=(ca.root.der,), intermediates=(ca.intermediate.pem,))
    bare = pki.sign(pdf, school, ca, embed_chain=False)
    assert read_signatures(bare, only_root)[0][0].status is SignatureStatus.UNTRUSTED
    assert read_signatures(bare, with_sub)[0][0].status is SignatureStatus.VALID


def test_content_added_after_signing_is_a_modified_document(signed: bytes, trust: TrustAnchors) -> None:
    [sig], _ = read_signatures(pki.cover_after_signing(signed), trust)
    assert sig.status is SignatureStatus.MODIFIED and sig.modified
    assert "bị sửa thêm sau khi ký" in sig.reason


def test_signed_bytes_changed_in_place_are_a_modified_document(signed: bytes, trust: TrustAnchors) -> None:
    at = signed.index(b"stream", 2000) + 40  # inside the first page's content, which the signature covers
    tampered = signed[:at] + bytes([signed[at] ^ 1]) + signed[at + 1 :]
    [sig], _ = read_signatures(tampered, trust)
    assert sig.status is SignatureStatus.MODIFIED
    assert "nội dung đã ký bị thay đổi" in sig.reason


def test_a_certificate_expired_at_the_signing_time_is_expired(
    pdf: bytes, ca: pki.Authority, trust: TrustAnchors
) -> None:
    old = ca.issue(organization=SCHOOL, common_name="Nguyễn Văn Bình", valid=(2017, 2020))
    [sig], _ = read_signatures(pki.sign(pdf, old, ca), trust)
    assert sig.status is SignatureStatus.EXPIRED and sig.in_validity is False
    assert "đã hết hạn (hết hạn ngày 01/01/2020)" in sig.reason


def test_a_certificate_not_yet_valid_at_the_signing_time_is_expired(
    pdf: bytes, ca: pki.Authority, trust: TrustAnchors
) -> None:
    future = ca.issue(organization=SCHOOL, common_name=SCHOOL, valid=(2022, 2025))
    [sig], _ = read_signatures(pki.sign(pdf, future, ca), trust)
    assert sig.status is SignatureStatus.EXPIRED
    assert "chưa có hiệu lực (hiệu lực từ 01/01/2022)" in sig.reason


def test_a_crl_in_the_pdf_that_revokes_the_certificate_before_signing_is_used(
    pdf: bytes, ca: pki.Authority, trust: TrustAnchors
) -> None:
    lost = ca.issue(organization=SCHOOL, common_name=SCHOOL)
    signed = pki.sign(pdf, lost, ca)
    revoked = pki.add_crl(signed, ca.crl(lost, dt.datetime(2021, 8, 1, tzinfo=dt.UTC)), ca)
    [sig], _ = read_signatures(revoked, trust)
    assert sig.status is SignatureStatus.REVOKED
    assert "đã bị thu hồi từ ngày 01/08/2021" in sig.reason
    later = pki.add_crl(signed, ca.crl(lost, dt.datetime(2021, 12, 1, tzinfo=dt.UTC)), ca)
    [sig], _ = read_signatures(later, trust)
    assert sig.status is SignatureStatus.VALID  # revoked after it signed: the signature stands


def test_the_principal_and_the_school_both_sign_and_both_are_read(
    pdf: bytes, ca: pki.Authority, school: pki.Identity, trust: TrustAnchors
) -> None:
    principal = ca.issue(organization=SCHOOL, common_name="Trần Thị Hoa")
    first = pki.sign(pdf, principal, ca, field_name="HieuTruong", at=pki.SIGNED_AT - dt.timedelta(hours=1))
    both = pki.sign(first, school, ca, field_name="Truong")
    sigs, _ = read_signatures(both, trust)
    assert [(s.field, s.common_name, s.status) for s in sigs] == [
        ("HieuTruong", "Trần Thị Hoa", SignatureStatus.VALID),
        ("Truong", SCHOOL, SignatureStatus.VALID),
    ]
    assert not sigs[0].modified  # a later signature is an allowed change


def test_a_broken_signature_is_invalid_and_the_text_is_still_read(signed: bytes, trust: TrustAnchors) -> None:
    at = signed.rindex(b"/Contents <") + len(b"/Contents <")
    broken = signed[:at] + b"0" * 64 + signed[at + 64 :]
    [document] = read_attachment("a.pdf", broken, trust=trust).documents
    assert "BÁO CÁO" in document.text
    [sig] = document.signatures
    assert sig.status is SignatureStatus.INVALID
    assert sig.reason == "Chữ ký số «KySo» không được công nhận: chữ ký bị hỏng, không đọc được."


@settings(max_examples=30, deadline=30_000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damage_around_the_signature_never_crashes_and_never_passes_as_valid(
    signed: bytes, trust: TrustAnchors, data: st.DataObject
) -> None:
    """The bytes pyHanko parses (the signature dictionary, its CMS blob, the signed revision's end)
    damaged at random: reading never fails for it, and VALID means every signed byte is untouched."""
    blob_start = signed.rindex(b"/Contents <") + len(b"/Contents <")
    blob_end = signed.index(b">", blob_start)  # the hex CMS blob: the only bytes a signature excludes
    start = blob_start - 400  # the signature dictionary and field before it, and all that follows
    damaged = bytearray(signed)
    for position in data.draw(st.lists(st.integers(start, len(signed) - 1), min_size=1, max_size=8)):
        damaged[position] = data.draw(st.integers(0, 255))
    reading = read_attachment("a.pdf", bytes(damaged), trust=trust)
    assert reading.documents or reading.failures
    changed = [i for i in range(len(signed)) if damaged[i] != signed[i]]
    for document in reading.documents:
        assert all(s.reason for s in document.signatures)
        if any(s.status is SignatureStatus.VALID for s in document.signatures):
            assert all(blob_start <= i < blob_end for i in changed)


def test_an_unsigned_pdf_has_no_signatures(pdf: bytes, trust: TrustAnchors) -> None:
    assert read_signatures(pdf, trust) == ((), ())


def test_certificates_read_pem_bundles_and_der_and_refuse_anything_else(ca: pki.Authority) -> None:
    assert certificates(ca.root.pem + ca.intermediate.pem) == (ca.root.der, ca.intermediate.der)
    assert certificates(ca.root.der) == (ca.root.der,)
    with pytest.raises(CertificateError):
        certificates(b"-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n")
    with pytest.raises(CertificateError):
        certificates(b"not a certificate")
