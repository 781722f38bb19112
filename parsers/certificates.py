"""Certificates given as trust anchors: PEM or DER bytes to DER certificates, checked."""

from __future__ import annotations

from parsers.errors import CertificateError


def certificates(data: bytes) -> tuple[bytes, ...]:
    """The certificates (DER) in PEM or DER bytes; a PEM file may hold several.

    Raises CertificateError when the bytes hold no X.509 certificate.
    """
    # Imported here: every command loads the config, few configs name trust anchors.
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    try:
        if b"-----BEGIN" in data:
            found = x509.load_pem_x509_certificates(data)
        else:
            found = [x509.load_der_x509_certificate(data)]
    except ValueError as e:
        raise CertificateError("không phải chứng thư số X.509 (dạng PEM hoặc DER)") from e
    return tuple(c.public_bytes(Encoding.DER) for c in found)
