"""Proof of origin as recorded: the digital signatures of a submission's documents, and what the
sender check found about a message's From address.

Intake decides these facts once (parsers.signatures, intake.origin, intake.matching); the store keeps
them as data; the status, the acknowledgement, the digest and a school's history read them here.
Every text in them is Vietnamese, for district staff and schools.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kernel.timefmt import in_words
from parsers.document import Signature, SignatureStatus

DKIMPY = "dkimpy"  # checked_by when DKIM was verified here rather than read from the receiving server


class Check(StrEnum):
    """One method's verdict on the sender: passed, failed, or no verdict (none, neutral, errors)."""

    PASS = "pass"
    FAIL = "fail"
    NONE = "none"


@dataclass(frozen=True)
class SenderCheck:
    """What is known about the authenticity of a message's From address (SPF, DKIM, DMARC)."""

    address: str
    spf: Check = Check.NONE
    dkim: Check = Check.NONE
    dmarc: Check = Check.NONE
    checked_by: str | None = None  # the authserv-id whose results these are, or DKIMPY; None: unchecked
    failed: bool = False  # the address is forged: DMARC failed, or SPF failed with no valid DKIM
    problem: str = ""  # why it failed, in a few words: "DMARC không đạt"
    explanation: str = ""  # the whole finding as one sentence; empty when nothing was checked
    retry: bool = False  # a lookup failed for now: check again instead of reusing this result

    @property
    def authenticated(self) -> bool:
        """Some method vouched for the address and none showed it forged."""
        return not self.failed and Check.PASS in (self.spf, self.dkim, self.dmarc)

    @property
    def passed(self) -> bool | None:
        """True when authenticated, False when forged, None when no verdict either way."""
        if self.failed:
            return False
        return True if self.authenticated else None

    @property
    def forgery(self) -> str:
        """One line for lists: "Thư giả mạo địa chỉ x@y: DMARC không đạt"; empty unless it failed."""
        return f"Thư giả mạo địa chỉ {self.address}: {self.problem}" if self.failed else ""

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SenderCheck:
        values = dict(data)
        for name in ("spf", "dkim", "dmarc"):
            values[name] = Check(values.get(name, Check.NONE))
        return cls(**values)


@dataclass(frozen=True)
class SignatureFact:
    """One digital signature of a document of a submission, as checked when the message was read."""

    file: str  # the document's name ("BC.pdf", "bao-cao.zip/BC.pdf")
    status: SignatureStatus
    reason: str  # the whole finding as one sentence
    common_name: str | None = None  # the signer: a person or the school itself
    organization: str | None = None
    locality: str | None = None
    issuer: str | None = None  # the certificate authority
    signed_at: dt.datetime | None = None  # as the signature states it
    school_id: str | None = None  # the one school the certificate names, whatever the status
    unit: str | None = None  # OU: the school when the organisation is the body above it

    @classmethod
    def of(cls, file: str, signature: Signature, school_id: str | None) -> SignatureFact:
        return cls(
            file=file,
            status=signature.status,
            reason=signature.reason,
            common_name=signature.common_name,
            organization=signature.organization,
            locality=signature.locality,
            issuer=signature.issuer,
            signed_at=signature.signed_at,
            school_id=school_id,
            unit=signature.unit,
        )

    @property
    def valid(self) -> bool:
        return self.status is SignatureStatus.VALID

    @property
    def signer(self) -> str:
        """Who signed, as a person would name them: the unit and its organisation, else the
        organisation, else the common name."""
        named = ", ".join(n for n in (self.unit, self.organization) if n)
        return named or self.common_name or "(không rõ người ký)"

    def of_school(self, school_id: str) -> bool:
        """A valid signature whose certificate names this school."""
        return self.valid and self.school_id == school_id

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["signed_at"] = self.signed_at.isoformat() if self.signed_at else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SignatureFact:
        values = dict(data)
        values["status"] = SignatureStatus(values["status"])
        if values.get("signed_at"):
            values["signed_at"] = dt.datetime.fromisoformat(values["signed_at"])
        return cls(**values)


def school_signature(signatures: tuple[SignatureFact, ...], school_id: str) -> SignatureFact | None:
    """The first valid signature of the school among a submission's signatures, if any."""
    return next((s for s in signatures if s.of_school(school_id)), None)


def not_holding(signatures: tuple[SignatureFact, ...]) -> tuple[SignatureFact, ...]:
    """The signatures that prove nothing: broken, changed after signing, revoked, expired, untrusted."""
    return tuple(s for s in signatures if not s.valid)


def certificate_details(common_name: str | None, organization: str | None, issuer: str | None) -> str:
    """« (người ký: Trần Thị Hoa; chứng thư do VNPT-CA cấp)» after a signer's name: the certificate's
    common name when it is not the organisation already named, and its authority; "" when neither."""
    details = []
    if common_name and common_name != organization:
        details.append(f"người ký: {common_name}")
    if issuer:
        details.append(f"chứng thư do {issuer} cấp")
    return f" ({'; '.join(details)})" if details else ""


def signed_by(fact: SignatureFact, tz: dt.tzinfo, name: str | None = None) -> str:
    """ "chữ ký số hợp lệ của Trường Tiểu học Mỹ An (người ký: Trần Thị Hoa; chứng thư do VNPT-CA cấp),
    ký lúc 09:00 ngày 20/10/2021"; name is how to call the signer (the school's name), else the certificate's."""
    shown = certificate_details(fact.common_name, fact.organization, fact.issuer)
    when = f", ký lúc {in_words(fact.signed_at, tz)}" if fact.signed_at else ""
    return f"chữ ký số hợp lệ của {name or fact.signer}{shown}{when}"
