"""Digital signatures (ký số) of a PDF: who signed, when, and whether the signature still holds.

Checked offline with pyHanko: the signed bytes, later revisions (a second signature or form
filling is allowed; changed content is not), the certificate's dates at the signing time, its
chain to the trust roots the caller passes, and revocation data embedded in the PDF (its DSS and
the signature's own revocation archive). Nothing is fetched from the network.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from asn1crypto import crl as asn1_crl
from asn1crypto import ocsp as asn1_ocsp
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.decode_limits import DecodePurpose
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESIndeterminate
from pyhanko.sign.fields import enumerate_sig_fields
from pyhanko.sign.general import find_unique_cms_attribute
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import NoDSSFoundError
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import PdfSignatureStatus
from pyhanko_certvalidator import ValidationContext

from parsers import legacy
from parsers.certificates import certificates
from parsers.document import Signature, SignatureStatus, TrustAnchors
from parsers.text import nfc

log = logging.getLogger(__name__)

# Either usage lets a certificate sign documents; Vietnamese CAs issue both kinds.
_KEY_USAGE = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"})
_CHAIN_PROBLEMS = {
    AdESIndeterminate.SIG_CONSTRAINTS_FAILURE: "chứng thư số không được phép dùng để ký văn bản",
    AdESIndeterminate.CRYPTO_CONSTRAINTS_FAILURE: "chữ ký dùng thuật toán đã lỗi thời, không còn an toàn",
    AdESIndeterminate.CRYPTO_CONSTRAINTS_FAILURE_NO_POE: "chữ ký dùng thuật toán đã lỗi thời, không còn an toàn",
}


def read_signatures(
    data: bytes,
    trust: TrustAnchors = TrustAnchors(),  # noqa: B008 - frozen
) -> tuple[tuple[Signature, ...], tuple[str, ...]]:
    """Every signature of a PDF, checked offline against trust, and warnings for what could not be read.

    Never raises for a damaged PDF or signature: a broken signature is a Signature of status
    INVALID, a signature structure that cannot be walked at all is a warning.
    """
    if b"/ByteRange" not in data:  # every signature dictionary carries one, uncompressed
        return (), ()
    anchors = _Anchors.of(trust)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        fields = list(enumerate_sig_fields(reader, filled_status=True))
    except Exception as e:  # noqa: BLE001 - pyHanko raises many unrelated types on damaged files
        log.warning("signature fields unreadable: %s", e)
        return (), ("Không đọc được các chữ ký số của tệp: cấu trúc chữ ký bị hỏng.",)
    warnings: list[str] = []
    stored = _document_store(reader, warnings)
    checked: list[tuple[int, Signature]] = []
    for name, _, sig_field in fields:
        try:
            embedded = EmbeddedPdfSignature(reader, sig_field, name)
            if embedded.sig_object_type != "/Sig":  # a document timestamp names no signer
                continue
            revision = embedded.signed_revision
        except Exception as e:  # noqa: BLE001 - a damaged signature dictionary or CMS blob
            log.warning("signature %s unreadable: %s", name, e)
            checked.append((1 << 30, _broken(name, "chữ ký bị hỏng, không đọc được")))
            continue
        checked.append((revision, _check(name, embedded, anchors, stored)))
    return tuple(s for _, s in sorted(checked, key=lambda pair: pair[0])), tuple(warnings)


@dataclass(frozen=True)
class _Anchors:
    roots: tuple[asn1_x509.Certificate, ...]
    intermediates: tuple[asn1_x509.Certificate, ...]

    @classmethod
    def of(cls, trust: TrustAnchors) -> _Anchors:
        def load(items: Iterable[bytes]) -> tuple[asn1_x509.Certificate, ...]:
            return tuple(asn1_x509.Certificate.load(der) for item in items for der in certificates(item))

        return cls(load(trust.roots), load(trust.intermediates))


@dataclass(frozen=True)
class _Revocation:
    """Certificates, CRLs and OCSP responses the PDF carries for validating its signatures."""

    certs: tuple[asn1_x509.Certificate, ...] = ()
    crls: tuple[asn1_crl.CertificateList, ...] = ()
    ocsps: tuple[asn1_ocsp.OCSPResponse, ...] = ()


def _document_store(reader: PdfFileReader, warnings: list[str]) -> _Revocation:
    """The Document Security Store (PAdES-LT): validation data added with or after the signatures."""
    try:
        dss = DocumentSecurityStore.read_dss(reader)
        return _Revocation(
            tuple(dss.load_certs()),
            tuple(asn1_crl.CertificateList.load(_stream(ref, DecodePurpose.CRL)) for ref in dss.crls),
            tuple(
                asn1_ocsp.OCSPResponse.load(_stream(ref, DecodePurpose.OCSP_RESPONSE)) for ref in dss.ocsps
            ),
        )
    except NoDSSFoundError:
        return _Revocation()
    except Exception as e:  # noqa: BLE001 - a damaged DSS must not hide the signatures
        log.warning("document security store unreadable: %s", e)
        warnings.append("Dữ liệu kiểm tra thu hồi chứng thư (DSS) trong tệp bị hỏng, không dùng được.")
        return _Revocation()


def _stream(ref: generic.PdfObject, purpose: DecodePurpose) -> bytes:
    stream = ref.get_object()
    assert isinstance(stream, generic.StreamObject)
    return bytes(stream.read_data(purpose))


def _archived(embedded: EmbeddedPdfSignature) -> _Revocation:
    """Revocation data the signer embedded in the signature itself (adbe-revocationInfoArchival)."""
    try:
        archive = find_unique_cms_attribute(
            embedded.signer_info["signed_attrs"], "adobe_revocation_info_archival"
        )
        return _Revocation((), tuple(archive["crl"] or ()), tuple(archive["ocsp"] or ()))
    except Exception:  # noqa: BLE001 - absent, repeated or damaged: validate without it
        return _Revocation()


def _check(name: str, embedded: EmbeddedPdfSignature, anchors: _Anchors, stored: _Revocation) -> Signature:
    try:
        cert = embedded.signer_cert
        subject = _names(cert.subject)
        issuer = _names(cert.issuer)
        signed_at = _aware(embedded.self_reported_timestamp)
    except Exception as e:  # noqa: BLE001 - no usable signer certificate
        log.warning("signature %s: no signer certificate: %s", name, e)
        return _broken(name, "chữ ký không có chứng thư số của người ký đọc được")
    facts = Signature(
        field=name,
        status=SignatureStatus.INVALID,
        reason="",
        common_name=subject.get("common_name"),
        organization=subject.get("organization_name"),
        unit=subject.get("organizational_unit_name"),
        locality=subject.get("locality_name") or subject.get("state_or_province_name"),
        province=subject.get("state_or_province_name"),
        issuer=issuer.get("common_name") or issuer.get("organization_name"),
        signed_at=signed_at,
        in_validity=_in_validity(cert, signed_at),
    )
    archived = _archived(embedded)
    context = ValidationContext(
        trust_roots=list(anchors.roots),
        other_certs=[*anchors.intermediates, *stored.certs],
        moment=signed_at,  # point-in-time validation at the stated signing time
        allow_fetching=False,
        crls=[*stored.crls, *archived.crls],
        ocsps=[*stored.ocsps, *archived.ocsps],
        revocation_mode="soft-fail",  # check revocation where the PDF carries data for it
        retroactive_revinfo=True,  # a CRL issued after signing still tells when a revocation took effect
    )
    try:
        status = validate_pdf_signature(embedded, context, key_usage_settings=_KEY_USAGE)
    except Exception as e:  # noqa: BLE001 - pyHanko raises many types on malformed signatures
        log.warning("signature %s of %s could not be validated: %s", name, facts.signer, e)
        return _judged(facts, SignatureStatus.INVALID, "chữ ký bị hỏng, không kiểm tra được")
    return _verdict(facts, status, cert, anchors)


def _verdict(
    facts: Signature, status: PdfSignatureStatus, cert: asn1_x509.Certificate, anchors: _Anchors
) -> Signature:
    modified = not status.intact or status.docmdp_ok is not True
    facts = dataclasses.replace(facts, modified=modified, trusted=status.trusted)
    if not status.intact:
        return _judged(facts, SignatureStatus.MODIFIED, "nội dung đã ký bị thay đổi sau khi ký")
    if not status.valid:
        return _judged(facts, SignatureStatus.INVALID, "chữ ký không khớp với chứng thư số của người ký")
    if modified:
        why = "tệp bị sửa thêm sau khi ký (không phải thêm chữ ký hay điền biểu mẫu)"
        return _judged(facts, SignatureStatus.MODIFIED, why)
    if status.revocation_details is not None:
        when = status.revocation_details.revocation_date
        whose = "chứng thư số của tổ chức cấp" if status.revocation_details.ca_revoked else "chứng thư số"
        why = f"{whose} đã bị thu hồi từ ngày {when:%d/%m/%Y}, trước khi ký"
        return _judged(facts, SignatureStatus.REVOKED, why)
    if facts.in_validity is False:
        return _judged(facts, SignatureStatus.EXPIRED, _out_of_date(cert, facts.signed_at))
    if not status.trusted:
        problem = status.trust_problem_indic
        known = _CHAIN_PROBLEMS.get(problem) if isinstance(problem, AdESIndeterminate) else None
        return _judged(facts, SignatureStatus.UNTRUSTED, known or _no_chain(facts, anchors))
    return _judged(facts, SignatureStatus.VALID, "")


def _judged(facts: Signature, status: SignatureStatus, why: str) -> Signature:
    by = f"chứng thư do {facts.issuer} cấp" if facts.issuer else "chứng thư"
    if status is SignatureStatus.VALID:
        reason = f"Chữ ký số hợp lệ của {facts.signer} ({by}); tệp không bị sửa sau khi ký."
    else:
        reason = f"Chữ ký số của {facts.signer} không được công nhận: {why}."
    return dataclasses.replace(facts, status=status, reason=reason)


def _broken(name: str, why: str) -> Signature:
    return Signature(name, SignatureStatus.INVALID, f"Chữ ký số «{name}» không được công nhận: {why}.")


def _no_chain(facts: Signature, anchors: _Anchors) -> str:
    if not anchors.roots:
        return "chưa có chứng thư gốc tin cậy nào được cấu hình để đối chiếu"
    if not facts.issuer:
        return "chứng thư số không do tổ chức nào trong các chứng thư gốc tin cậy của cấu hình cấp"
    # The issuer's name is what the certificate says of itself: a rogue CA may call itself VNPT's.
    return (
        f"chứng thư số do tổ chức tự ghi tên «{facts.issuer}» cấp, tổ chức này không thuộc các chứng thư "
        "gốc tin cậy trong cấu hình"
    )


def _out_of_date(cert: asn1_x509.Certificate, signed_at: dt.datetime | None) -> str:
    when = f"ngày {signed_at:%d/%m/%Y}" if signed_at else ""
    if signed_at is not None and signed_at < cert.not_valid_before:
        return f"lúc ký ({when}) chứng thư số chưa có hiệu lực (hiệu lực từ {cert.not_valid_before:%d/%m/%Y})"
    return f"lúc ký ({when}) chứng thư số đã hết hạn (hết hạn ngày {cert.not_valid_after:%d/%m/%Y})"


def _in_validity(cert: asn1_x509.Certificate, signed_at: dt.datetime | None) -> bool | None:
    if signed_at is None:
        return None
    return bool(cert.not_valid_before <= signed_at <= cert.not_valid_after)


def _names(name: asn1_x509.Name) -> dict[str, str]:
    """A distinguished name's attributes (the first of each kind), NFC, and in Unicode when typed with
    an old Vietnamese keyboard setting («TR¦êNG TIÓU HäC Mü AN» in TCVN3: see _unicode)."""
    out: dict[str, str] = {}
    for key, value in name.native.items():
        first = value[0] if isinstance(value, Sequence) and not isinstance(value, str) else value
        if isinstance(first, str) and first.strip():
            out[key] = nfc(first.strip())
    # One keyboard setting typed them all: what the names say together tells it, a short one («Mü An»)
    # alone too little.
    encoding = legacy.fix_name(" ".join(out.values()))[1]
    return {key: _unicode(value, encoding) for key, value in out.items()} if encoding else out


def _unicode(text: str, encoding: str) -> str:
    """A name typed in TCVN3 or VNI converted to Unicode; one typed in capitals kept in capitals (TCVN3
    writes a capital with a tone mark with the small letter's code: «TR¦êNG» is «TRƯỜNG»)."""
    converted = legacy.convert(text, encoding)
    return converted.upper() if not any(c.islower() for c in text if c.isascii()) else converted


def _aware(when: dt.datetime | None) -> dt.datetime | None:
    """A PDF date without an offset is taken as UTC, so every time compares."""
    if when is None or when.tzinfo is not None:
        return when
    return when.replace(tzinfo=dt.UTC)
