"""A test certificate authority, digitally signed PDFs, S/MIME signed mail and DKIM keys, made in memory
(no network).

A root, an intermediate (as VNPT-CA or Viettel-CA sit under the national root) and certificates
for schools and their principals, with the school's name in the subject as Vietnamese CAs write it.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import dkim
from asn1crypto import crl as asn1_crl
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import enumerate_sig_fields
from pyhanko.sign.signers.pdf_signer import PdfSigner, PdfSigningSession
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko_certvalidator.registry import SimpleCertificateStore

UTC = dt.UTC
HCM = dt.timezone(dt.timedelta(hours=7))
SIGNED_AT = dt.datetime(2021, 10, 20, 9, 0, tzinfo=HCM)
CRL_URL = "http://crl.ca.invalid/sub.crl"  # never fetched: revocation data travels in the PDF


@dataclass(frozen=True)
class Identity:
    """A certificate and its private key."""

    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)


@dataclass(frozen=True)
class Authority:
    """A root and an intermediate CA that issue certificates to schools and people."""

    root: Identity
    intermediate: Identity
    issued: list[Identity] = field(default_factory=list)

    @classmethod
    def create(cls, name: str = "Root CA Thử nghiệm", sub: str = "VNPT-CA Thử nghiệm") -> Authority:
        root_key = ec.generate_private_key(ec.SECP256R1())
        root_name = _name(CN=name, O="Bộ Thông tin và Truyền thông (thử nghiệm)", C="VN")
        root = _cert(root_name, root_key, root_name, root_key, ca=True, validity=_years(2015, 2040))
        sub_key = ec.generate_private_key(ec.SECP256R1())
        sub_name = _name(CN=sub, O="VNPT", C="VN")
        sub_cert = _cert(sub_name, sub_key, root_name, root_key, ca=True, validity=_years(2016, 2035))
        return cls(Identity(root, root_key), Identity(sub_cert, sub_key))

    def issue(
        self,
        *,
        organization: str | None,
        common_name: str,
        unit: str | None = None,
        locality: str | None = "Thủ Thừa",
        province: str = "Long An",
        valid: tuple[int, int] = (2020, 2023),
    ) -> Identity:
        """A signing certificate: O = the school, CN = the school or a person, L = commune, ST = province;
        OU = the school when O is the body above it, as Ban Cơ yếu Chính phủ issues them."""
        key = ec.generate_private_key(ec.SECP256R1())
        subject = _name(C="VN", ST=province, L=locality, O=organization, OU=unit, CN=common_name)
        cert = _cert(
            subject,
            key,
            self.intermediate.cert.subject,
            self.intermediate.key,
            ca=False,
            validity=_years(*valid),
        )
        identity = Identity(cert, key)
        self.issued.append(identity)
        return identity

    def crl(self, revoked: Identity, on: dt.datetime) -> bytes:
        """A CRL of the intermediate that lists revoked as revoked on that day (DER)."""
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.intermediate.cert.subject)
            .last_update(on + dt.timedelta(days=1))
            .next_update(on + dt.timedelta(days=365))
            .add_revoked_certificate(
                x509.RevokedCertificateBuilder()
                .serial_number(revoked.cert.serial_number)
                .revocation_date(on)
                .build()
            )
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.intermediate.key.public_key()), False
            )
            .add_extension(x509.CRLNumber(1), False)
        )
        return builder.sign(self.intermediate.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def _years(first: int, last: int) -> tuple[dt.datetime, dt.datetime]:
    """From 1 January of the first year to 1 January of the last."""
    return dt.datetime(first, 1, 1, tzinfo=UTC), dt.datetime(last, 1, 1, tzinfo=UTC)


def _name(**parts: str | None) -> x509.Name:
    oids = {
        "C": NameOID.COUNTRY_NAME,
        "ST": NameOID.STATE_OR_PROVINCE_NAME,
        "L": NameOID.LOCALITY_NAME,
        "O": NameOID.ORGANIZATION_NAME,
        "OU": NameOID.ORGANIZATIONAL_UNIT_NAME,
        "CN": NameOID.COMMON_NAME,
    }
    return x509.Name([x509.NameAttribute(oids[k], v) for k, v in parts.items() if v])


def _cert(
    subject: x509.Name,
    key: ec.EllipticCurvePrivateKey,
    issuer: x509.Name,
    issuer_key: ec.EllipticCurvePrivateKey,
    *,
    ca: bool,
    validity: tuple[dt.datetime, dt.datetime],
) -> x509.Certificate:
    start, end = validity
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
    )
    if ca:
        usage = x509.KeyUsage(False, False, False, False, False, True, True, False, False)
    else:
        usage = x509.KeyUsage(True, True, False, False, False, False, False, False, False)
        point = x509.DistributionPoint([x509.UniformResourceIdentifier(CRL_URL)], None, None, None)
        builder = builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)
    return builder.add_extension(usage, critical=True).sign(issuer_key, hashes.SHA256())


class _SignerAt(PdfSigner):
    """pyHanko's signer with the signing time fixed, so tests do not depend on today's date."""

    def __init__(self, meta: signers.PdfSignatureMetadata, signer: signers.Signer, at: dt.datetime) -> None:
        super().__init__(meta, signer)
        self._at = at

    def init_signing_session(self, pdf_out, existing_fields_only=False) -> PdfSigningSession:  # type: ignore[no-untyped-def]
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self._at
        return session


def sign(
    pdf: bytes,
    who: Identity,
    authority: Authority,
    *,
    at: dt.datetime = SIGNED_AT,
    field_name: str = "KySo",
    embed_chain: bool = True,
) -> bytes:
    """pdf with one more signature by who (an incremental update, as signing software does);
    embed_chain=False leaves the intermediate out, so only the signer's certificate travels."""
    chain = [asn1_x509.Certificate.load(authority.intermediate.der)] if embed_chain else []
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(who.der),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            who.key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
        cert_registry=SimpleCertificateStore.from_certs(chain),
    )
    meta = signers.PdfSignatureMetadata(field_name=field_name)
    out = _SignerAt(meta, signer, at).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)))
    return out.getvalue()


def smime_signed(message: bytes, who: Identity) -> bytes:
    """message clear-signed by who as Outlook, Apple Mail and Thunderbird send it: multipart/signed, its
    content the message's MIME entity, its signature an attached «smime.p7s»."""
    head, _, body = message.partition(b"\r\n\r\n")
    fields = re.split(rb"\r\n(?![ \t])", head)
    content = [f for f in fields if f.lower().startswith(b"content-")]
    outer = [f for f in fields if f not in content and not f.lower().startswith(b"mime-version:")]
    entity = b"\r\n".join(content) + b"\r\n\r\n" + body
    signed = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(entity)
        .add_signer(who.cert, who.key, hashes.SHA256())
        .sign(serialization.Encoding.SMIME, [pkcs7.PKCS7Options.DetachedSignature])
    )
    return b"\r\n".join(outer) + b"\r\n" + signed.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def cover_after_signing(signed: bytes) -> bytes:
    """An incremental update that paints a white box over part of page 1, as a forger hiding a figure
    in a signed file would."""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    box = writer.add_object(generic.StreamObject(stream_data=b"q 1 1 1 rg 72 600 300 40 re f Q"))
    contents = page.raw_get("/Contents")
    existing = contents.get_object()
    kept = list(existing) if isinstance(existing, generic.ArrayObject) else [contents]
    page["/Contents"] = generic.ArrayObject([*kept, box])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def add_crl(signed: bytes, crl: bytes, authority: Authority) -> bytes:
    """signed with a Document Security Store holding crl and the intermediate (PAdES-LT)."""
    out = io.BytesIO(signed)
    reader = PdfFileReader(out)
    field_name, _, sig_field = next(iter(enumerate_sig_fields(reader, filled_status=True)))
    embedded = EmbeddedPdfSignature(reader, sig_field, field_name)
    DocumentSecurityStore.add_dss(
        out,
        embedded.pkcs7_content,
        certs=[asn1_x509.Certificate.load(authority.intermediate.der)],
        crls=[asn1_crl.CertificateList.load(crl)],
    )
    return out.getvalue()


@dataclass(frozen=True)
class DkimKey:
    """A domain's DKIM key pair, and the DNS TXT record that publishes it."""

    domain: str
    selector: str
    private_pem: bytes
    record: bytes

    @classmethod
    def create(cls, domain: str, selector: str = "baocao") -> DkimKey:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        private = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
        public = key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return cls(domain, selector, private, b"v=DKIM1; k=rsa; p=" + base64.b64encode(public))

    def sign(self, raw: bytes) -> bytes:
        """raw with a DKIM-Signature header of this domain on top, as its outgoing server adds."""
        header = dkim.sign(
            raw,
            self.selector.encode(),
            self.domain.encode(),
            self.private_pem,
            include_headers=[b"from", b"to", b"subject", b"date", b"message-id"],
        )
        return header + raw

    def dns(self, *others: DkimKey) -> Callable[[bytes], bytes | None]:
        """A DNS TXT lookup that knows this key (and others'), and nothing else: no network."""
        records = {f"{k.selector}._domainkey.{k.domain}.".encode(): k.record for k in (self, *others)}
        return lambda name: records.get(name)
