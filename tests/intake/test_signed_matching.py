"""Matching with proof of origin: what valid and broken signatures, and sender checks, decide."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from intake.clues import signed_school
from intake.matching import MatchResult, match
from intake.message import Mail
from intake.registry import Registry
from kernel import config as config_mod
from kernel.config import Config
from kernel.proof import Check, SenderCheck
from parsers.document import Document, Signature, SignatureStatus
from tests.intake.mails import forward, message, report

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def shipped() -> Config:
    return config_mod.load(ROOT / "config.toml")


def _signed(document: Document, *signatures: Signature) -> Document:
    return dataclasses.replace(document, signatures=signatures)


def _signature(organization: str | None, common_name: str | None = None, status: str = "valid") -> Signature:
    return Signature(
        field="KySo",
        status=SignatureStatus(status),
        reason="Chữ ký số hợp lệ."
        if status == "valid"
        else f"Chữ ký số của {organization} không được công nhận: …",
        common_name=common_name or organization,
        organization=organization,
        issuer="VNPT-CA",
        trusted=status == "valid",
    )


def _match(
    shipped: Config,
    mail: Mail,
    documents: list[Document],
    learned: dict[str, str] | None = None,
    origin: SenderCheck | None = None,
) -> MatchResult:
    return match(
        mail, documents, Registry.build(shipped.schools, learned or {}, shipped.office_names), origin
    )


def _unnamed(school: str, name: str) -> Document:
    return report(school, name, named=False, header=False)


MY_AN = _signature("TRƯỜNG TIỂU HỌC MỸ AN")
MY_LAC = _signature("TRƯỜNG TIỂU HỌC MỸ LẠC")


def test_two_documents_signed_by_two_schools_are_recorded_for_each(shipped: Config) -> None:
    result = _match(
        shipped,
        message("cum.truong@gmail.com", "Báo cáo NQ121", files=["a.pdf", "b.pdf"]),
        [
            _signed(_unnamed("Trường Tiểu học Mỹ An", "a.pdf"), MY_AN),
            _signed(_unnamed("Trường Tiểu học Mỹ Lạc", "b.pdf"), MY_LAC),
        ],
    )
    assert [(a.school_id, a.files) for a in result.assignments] == [
        ("th-my-an", ("a.pdf",)),
        ("th-my-lac", ("b.pdf",)),
    ]


def test_a_signed_documents_own_header_naming_another_school_waits_naming_both(shipped: Config) -> None:
    result = _match(
        shipped,
        message("vanthu@gmail.com", "Báo cáo NQ121", files=["bc.pdf"]),
        [_signed(report("Trường Tiểu học Mỹ Lạc", "bc.pdf"), MY_AN)],
    )
    assert not result.assignments and set(result.candidates) == {"th-my-an", "th-my-lac"}
    assert result.review_reason == (
        "Văn bản bc.pdf có chữ ký số hợp lệ của Trường Tiểu học Mỹ An (chứng thư do VNPT-CA cấp). "
        "Tuy nhiên, tiêu đề văn bản bc.pdf ghi Trường Tiểu học Mỹ Lạc. Cần cán bộ chọn trường."
    )


@pytest.mark.parametrize(
    ("parent", "issuer", "said", "also"),
    [
        ("UBND HUYỆN THÁP MƯỜI", None, "ghi cơ quan chủ quản «UBND HUYỆN THÁP MƯỜI», không phải", ()),
        (None, "TRƯỜNG TIỂU HỌC HÒA KHÁNH", "ghi «TRƯỜNG TIỂU HỌC HÒA KHÁNH», không khớp trường nào", ()),
        (None, "TRƯỜNG TIỂU HỌC MỸ LÁC", "ghi «TRƯỜNG TIỂU HỌC MỸ LÁC»: gần giống", ("th-my-lac",)),
    ],
)
def test_a_signed_document_headed_by_a_school_not_ours_waits_for_staff(
    shipped: Config, parent: str | None, issuer: str | None, said: str, also: tuple[str, ...]
) -> None:
    """Trường Tiểu học Mỹ An of Tháp Mười (another district has a Mỹ An too) signed its report with a
    certificate naming "TRƯỜNG TIỂU HỌC MỸ AN": the signature was credited to our Mỹ An, overruling the
    header whose parent body said whose school it was. A certificate names a school by its name alone.
    So was a header naming another school of ours with a tone mark wrong."""
    paper = report("Trường Tiểu học Mỹ An", "BC.pdf", issuer=issuer)
    if parent is not None:
        paper = dataclasses.replace(paper, header=dataclasses.replace(paper.header, parent_body=parent))
    result = _match(
        shipped, message("thmyan.tm@gmail.com", "Báo cáo NQ121", files=["BC.pdf"]), [_signed(paper, MY_AN)]
    )
    assert not result.assignments and result.candidates == ("th-my-an", *also)
    assert result.review_reason and f"Tuy nhiên, tiêu đề văn bản BC.pdf {said}" in result.review_reason


def test_a_certificate_of_another_district_does_not_name_our_namesake_school(shipped: Config) -> None:
    """A certificate of "TRƯỜNG TIỂU HỌC MỸ AN" issued in Huyện Tháp Mười (another district has a Mỹ An
    too) credited an unheaded report to our Trường Tiểu học Mỹ An: the certificate's locality, which
    says whose school it is, was never read."""
    foreign = dataclasses.replace(MY_AN, locality="Huyện Tháp Mười")
    result = _match(
        shipped,
        message("c1myan.thapmuoi@gmail.com", "Báo cáo NQ121", files=["bc.pdf"]),
        [_signed(_unnamed("Trường Tiểu học Mỹ An", "bc.pdf"), foreign)],
    )
    assert not result.assignments
    assert "chứng thư số ghi địa phương «Huyện Tháp Mười», không thuộc" in (result.review_reason or "")
    assert signed_school(foreign, Registry.build(shipped.schools, {}, shipped.office_names)) is None
    assert signed_school(MY_AN, Registry.build(shipped.schools, {}, shipped.office_names)) == "th-my-an"
    ours = dataclasses.replace(MY_AN, locality="Huyện Thủ Thừa")
    result = _match(
        shipped,
        message("c1myan.thapmuoi@gmail.com", "Báo cáo NQ121", files=["bc.pdf"]),
        [_signed(_unnamed("Trường Tiểu học Mỹ An", "bc.pdf"), ours)],
    )
    assert [a.school_id for a in result.assignments] == ["th-my-an"]


@pytest.mark.parametrize(
    ("organization", "unit", "said"),
    [
        (
            "TRƯỜNG TIỂU HỌC MỸ AN - HUYỆN THÁP MƯỜI",
            None,
            "tổ chức «TRƯỜNG TIỂU HỌC MỸ AN - HUYỆN THÁP MƯỜI»",
        ),
        ("UBND HUYỆN THÁP MƯỜI", "TRƯỜNG TIỂU HỌC MỸ AN", "tổ chức «UBND HUYỆN THÁP MƯỜI»"),
    ],
)
def test_a_certificate_naming_another_district_beside_the_school_does_not_name_ours(
    shipped: Config, organization: str, unit: str | None, said: str
) -> None:
    """A certificate whose organisation read "TRƯỜNG TIỂU HỌC MỸ AN - HUYỆN THÁP MƯỜI" credited the report
    to our Trường Tiểu học Mỹ An: the words after the school's name, which say it is another district's
    namesake, were never read; so was a Ban Cơ yếu certificate under another district's committee."""
    signature = dataclasses.replace(_signature(organization, "Nguyễn Văn Hùng"), unit=unit)
    result = _match(
        shipped,
        message("hieutruong.myan@gmail.com", "Báo cáo NQ121", files=["bc.pdf"]),
        [_signed(_unnamed("Trường Tiểu học Mỹ An", "bc.pdf"), signature)],
    )
    assert not result.assignments
    assert f"chứng thư số ghi {said}, không thuộc" in (result.review_reason or "")
    ours = dataclasses.replace(signature, organization="Trường Tiểu học Mỹ An, huyện Thủ Thừa", unit=None)
    result = _match(
        shipped,
        message("hieutruong.myan@gmail.com", "Báo cáo NQ121", files=["bc.pdf"]),
        [_signed(_unnamed("Trường Tiểu học Mỹ An", "bc.pdf"), ours)],
    )
    assert [a.school_id for a in result.assignments] == ["th-my-an"]


def test_a_lead_schools_own_report_counts_beside_a_members_signed_report_that_waits(shipped: Config) -> None:
    """A cluster's lead school (Mỹ Lạc) sent its own headed report and a member's signed report (Mỹ An)
    from its registered address: the contested signed report sent the whole message to review, so the
    lead school's own report, which nothing contradicted, was missing until staff acted."""
    result = _match(
        shipped,
        message("c1mylac.thuthua@example.edu.vn", "Báo cáo NQ121", files=["BC_MyLac.pdf", "BC_MyAn.pdf"]),
        [
            report("Trường Tiểu học Mỹ Lạc", "BC_MyLac.pdf"),
            _signed(_unnamed("Trường Tiểu học Mỹ An", "BC_MyAn.pdf"), MY_AN),
        ],
    )
    assert [(a.school_id, a.files) for a in result.assignments] == [("th-my-lac", ("BC_MyLac.pdf",))]
    assert set(result.candidates) == {"th-my-an", "th-my-lac"}
    assert (result.review_reason or "").startswith(
        "Văn bản BC_MyAn.pdf có chữ ký số hợp lệ của Trường Tiểu học Mỹ An"
    )


def test_a_contested_signed_report_holds_the_message_when_another_file_names_no_school(
    shipped: Config,
) -> None:
    """An unheaded copy beside a contested signed report may be that report: nothing is credited."""
    result = _match(
        shipped,
        message("c1mylac.thuthua@example.edu.vn", "Báo cáo NQ121", files=["BC.docx", "BC.pdf"]),
        [
            _unnamed("Trường Tiểu học Mỹ An", "BC.docx"),
            _signed(_unnamed("Trường Tiểu học Mỹ An", "BC.pdf"), MY_AN),
        ],
    )
    assert not result.assignments and set(result.candidates) == {"th-my-an", "th-my-lac"}


def test_two_schools_signing_one_document_wait_for_staff(shipped: Config) -> None:
    result = _match(
        shipped,
        message("vanthu@gmail.com", "Báo cáo NQ121", files=["bc.pdf"]),
        [_signed(_unnamed("Trường Tiểu học Mỹ An", "bc.pdf"), MY_AN, MY_LAC)],
    )
    assert not result.assignments and set(result.candidates) == {"th-my-an", "th-my-lac"}
    assert "văn bản bc.pdf còn có chữ ký số của Trường Tiểu học Mỹ Lạc" in (result.review_reason or "")


def test_a_common_name_names_the_school_when_the_organisation_is_its_commune(shipped: Config) -> None:
    signature = _signature("UBND XÃ MỸ AN", "TRƯỜNG TIỂU HỌC MỸ AN")
    result = _match(
        shipped,
        message("vanthu@gmail.com", "Báo cáo NQ121", files=["bc.pdf"]),
        [_signed(_unnamed("Trường Tiểu học Mỹ An", "bc.pdf"), signature)],
    )
    assert [a.school_id for a in result.assignments] == ["th-my-an"]


def test_a_signature_overrules_a_personal_address_staff_once_gave_another_school(shipped: Config) -> None:
    result = _match(
        shipped,
        message("nguyenvana@gmail.com", "Báo cáo NQ121", files=["bc.pdf"]),
        [_signed(_unnamed("Trường Tiểu học Mỹ An", "bc.pdf"), MY_AN)],
        learned={"nguyenvana@gmail.com": "th-my-lac"},
    )
    [assignment] = result.assignments
    assert assignment.school_id == "th-my-an"
    assert assignment.reasons[-1].startswith(
        "Không theo các căn cứ khác vì văn bản có chữ ký số hợp lệ của Trường Tiểu học Mỹ An: Địa chỉ gửi "
        "nguyenvana@gmail.com"
    )


def test_a_forward_from_another_schools_address_is_overruled_by_a_signature(shipped: Config) -> None:
    """A cluster's lead school forwards a member's signed report: the signature says whose it is."""
    result = _match(
        shipped,
        forward("pgd.canbo@gmail.com", "c1mylac.thuthua@example.edu.vn", "BC NQ121", ["bc.pdf"]),
        [_signed(_unnamed("Trường Tiểu học Mỹ An", "bc.pdf"), MY_AN)],
    )
    assert [a.school_id for a in result.assignments] == ["th-my-an"]


def test_a_signature_that_does_not_hold_gives_no_weight_but_is_listed(shipped: Config) -> None:
    expired = _signature("TRƯỜNG TIỂU HỌC MỸ AN", status="expired")
    result = _match(
        shipped,
        message("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", files=["bc.pdf"]),
        [_signed(_unnamed("Trường Tiểu học Mỹ An", "bc.pdf"), expired)],
    )
    [assignment] = result.assignments
    assert assignment.school_id == "th-my-an"
    assert assignment.reasons[-1] == (
        "Văn bản bc.pdf: Chữ ký số của TRƯỜNG TIỂU HỌC MỸ AN không được công nhận: …"
    )


@pytest.mark.parametrize("status", ["expired", "untrusted", "revoked", "invalid"])
def test_another_schools_signature_that_does_not_hold_waits_naming_both(shipped: Config, status: str) -> None:
    """Mỹ An's report signed in Mỹ Lạc's name with a certificate that does not hold was counted for Mỹ An
    by its address: the signature proves nothing for Mỹ Lạc, and nothing against Mỹ An was seen."""
    result = _match(
        shipped,
        message("c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", files=["bc.pdf"]),
        [
            _signed(
                _unnamed("Trường Tiểu học Mỹ An", "bc.pdf"),
                _signature("TRƯỜNG TIỂU HỌC MỸ LẠC", status=status),
            )
        ],
    )
    assert not result.assignments and result.candidates == ("th-my-an", "th-my-lac")
    assert (
        "văn bản được ký nhân danh Trường Tiểu học Mỹ Lạc nên có thể không phải báo cáo của Trường Tiểu học Mỹ An"
        in (result.review_reason or "")
    )


@pytest.mark.parametrize("sender", ["hieutruong.bgh@gmail.com", "c1myan.thuthua@example.edu.vn"])
def test_a_certificate_naming_two_schools_proves_neither(shipped: Config, sender: str) -> None:
    """A certificate of Mỹ An (O) whose common name is Mỹ Lạc's principal's counted for Mỹ An: the first
    field naming a school was taken, the other left unread."""
    signature = _signature("TRƯỜNG TIỂU HỌC MỸ AN", "HIỆU TRƯỞNG TRƯỜNG TIỂU HỌC MỸ LẠC")
    result = _match(
        shipped,
        message(sender, "Báo cáo NQ121", files=["bc.pdf"]),
        [_signed(_unnamed("Trường Tiểu học Mỹ An", "bc.pdf"), signature)],
    )
    assert not result.assignments and set(result.candidates) == {"th-my-an", "th-my-lac"}
    assert (
        "chứng thư số ghi tên hai trường khác nhau, Trường Tiểu học Mỹ An và Trường Tiểu học Mỹ Lạc; chữ ký này "
        "không dùng để xác định trường."
    ) in (result.review_reason or "")
    assert signed_school(signature, Registry.build(shipped.schools, {}, shipped.office_names)) is None


def test_a_forged_learned_address_is_not_counted_by_its_address_either(shipped: Config) -> None:
    forged = SenderCheck(
        "nguyenvana@gmail.com",
        dmarc=Check.FAIL,
        checked_by="mx",
        failed=True,
        explanation="Thư giả mạo địa chỉ nguyenvana@gmail.com: DMARC không đạt.",
    )
    result = _match(
        shipped,
        message("nguyenvana@gmail.com", "Báo cáo NQ121", files=["bc.pdf"]),
        [_unnamed("Trường Tiểu học Mỹ An", "bc.pdf")],
        learned={"nguyenvana@gmail.com": "th-my-an"},
        origin=forged,
    )
    assert not result.assignments and result.candidates == ("th-my-an",)
    assert (result.review_reason or "").startswith(
        "Thư giả mạo địa chỉ nguyenvana@gmail.com: DMARC không đạt."
    )
    assert result.review_reason.count("Thư giả mạo") == 1  # the explanation is not repeated as a note


FORGED_GMAIL = SenderCheck(
    "ai.do@gmail.com",
    dmarc=Check.FAIL,
    checked_by="mx",
    failed=True,
    problem="DMARC không đạt",
    explanation="Thư giả mạo địa chỉ ai.do@gmail.com: DMARC không đạt.",
)
NOT_AUTHENTICATED = (
    "Thư giả mạo địa chỉ ai.do@gmail.com: DMARC không đạt. Vì thư không qua được xác thực, những gì thư ghi (tên "
    "trường, tệp, thư chuyển tiếp) đều có thể do người khác viết, nên chưa tính cho trường nào. Cần cán bộ kiểm "
    "tra và chọn trường."
)


def test_a_forged_unregistered_address_credits_no_school_by_the_words_of_its_mail(shipped: Config) -> None:
    """A proven forgery from an address of no school was credited by what its paper says, which the forger
    wrote: it waits for staff, told what the rest of the message says."""
    result = _match(
        shipped,
        message("ai.do@gmail.com", "Báo cáo NQ121", files=["bc.pdf"]),
        [report("Trường Tiểu học Mỹ An", "bc.pdf")],
        origin=FORGED_GMAIL,
    )
    assert not result.assignments and result.candidates == ("th-my-an",)
    assert (result.review_reason or "").startswith(f"{NOT_AUTHENTICATED} Các căn cứ khác: ")
    assert result.review_reason.count("Thư giả mạo") == 1


def test_a_forgery_typing_a_schools_mail_as_forwarded_credits_no_school(shipped: Config) -> None:
    """A forged mail quoting a «Forwarded message» from a school's registered address, typed by the forger
    in the body, was credited to that school by the forward."""
    mail = forward(
        "ai.do@gmail.com",
        "Trường THCS Mỹ Thạnh <c2mythanh.thuthua@example.edu.vn>",
        "Báo cáo NQ121",
        files=["bc.pdf"],
    )
    assert mail.forwarded_from == ("c2mythanh.thuthua@example.edu.vn",)
    result = _match(shipped, mail, [_unnamed("Trường THCS Mỹ Thạnh", "bc.pdf")], origin=FORGED_GMAIL)
    assert not result.assignments and "thcs-my-thanh" in result.candidates
    assert (result.review_reason or "").startswith(NOT_AUTHENTICATED)


def test_a_forgery_carrying_the_credited_schools_valid_signature_is_credited(shipped: Config) -> None:
    """The school's own signature proves the paper whatever address mailed it, as for a registered one."""
    result = _match(
        shipped,
        message("ai.do@gmail.com", "Báo cáo NQ121", files=["bc.pdf"]),
        [_signed(_unnamed("Trường Tiểu học Mỹ An", "bc.pdf"), MY_AN)],
        origin=FORGED_GMAIL,
    )
    [assignment] = result.assignments
    assert assignment.school_id == "th-my-an" and assignment.reasons[-1] == FORGED_GMAIL.explanation


@pytest.mark.parametrize(
    ("organization", "locality"),
    [("TRƯỜNG TIỂU HỌC MỸ AN TỈNH ĐỒNG THÁP", None), ("TRUONG TIEU HOC MY AN - TINH DONG THAP", None)],
)
def test_a_certificate_of_a_namesake_school_in_another_province_does_not_name_ours(
    shipped: Config, organization: str, locality: str | None
) -> None:
    """A Mỹ An primary school of another province signs with the very name of ours: its certificate
    ("… TỈNH ĐỒNG THÁP") credited an unheaded report mailed from a gmail to our Trường Tiểu học Mỹ An,
    since the config did not say which province the office's schools are in. [district].provinces does."""
    assert shipped.district.provinces == ("Tây Ninh", "Long An")
    signature = dataclasses.replace(_signature(organization, "Nguyễn Văn Hùng"), locality=locality)
    mail = message("hieutruong.myan@gmail.com", "Báo cáo NQ121", files=["bc.pdf"])
    documents = [_signed(_unnamed("Trường Tiểu học Mỹ An", "bc.pdf"), signature)]
    registry = Registry.build(shipped.schools, {}, shipped.office_names, provinces=shipped.district.provinces)
    result = match(mail, documents, registry, None)
    assert not result.assignments
    assert "chứng thư số ghi tổ chức «" in (result.review_reason or "")
    for ours in ("TRƯỜNG TIỂU HỌC MỸ AN TỈNH LONG AN", "TRUONG TIEU HOC MY AN TINH TAY NINH"):
        signed = [_signed(_unnamed("Trường Tiểu học Mỹ An", "bc.pdf"), _signature(ours, "Nguyễn Văn Hùng"))]
        assert [a.school_id for a in match(mail, signed, registry, None).assignments] == ["th-my-an"]


@pytest.mark.parametrize(
    ("organization", "common_name"),
    [
        ("TRƯỜNG TIỂU HỌC MỸ AN (THÁP MƯỜI)", "Nguyễn Văn Hùng"),
        ("Trường Tiểu học Mỹ An (Đồng Tháp)", "Nguyễn Văn Hùng"),
        (None, "TRƯỜNG TIỂU HỌC MỸ AN (THÁP MƯỜI)"),
    ],
)
def test_a_certificate_placing_the_school_elsewhere_in_brackets_does_not_name_ours(
    shipped: Config, organization: str | None, common_name: str
) -> None:
    """A certificate of "TRƯỜNG TIỂU HỌC MỸ AN (THÁP MƯỜI)" credited an unheaded report to our Trường
    Tiểu học Mỹ An: the bare place in brackets, which says it is a namesake of another district, was
    never read. A bracket naming only the school's own places still names ours."""
    mail = message("hieutruong.myan@gmail.com", "Báo cáo NQ121", files=["bc.pdf"])
    registry = Registry.build(shipped.schools, {}, shipped.office_names, provinces=shipped.district.provinces)
    foreign = dataclasses.replace(_signature(organization, common_name), common_name=common_name)
    result = match(mail, [_signed(_unnamed("Trường Tiểu học Mỹ An", "bc.pdf"), foreign)], registry, None)
    assert not result.assignments
    assert "có thể là trường cùng tên ở địa phương khác" in (result.review_reason or "")
    for bracket in ("(THỦ THỪA)", "(xã Mỹ An, tỉnh Long An)", "(Tây Ninh)", "(TT. Thủ Thừa)"):
        ours = _signature(f"TRƯỜNG TIỂU HỌC MỸ AN {bracket}", "Nguyễn Văn Hùng")
        signed = [_signed(_unnamed("Trường Tiểu học Mỹ An", "bc.pdf"), ours)]
        assert [a.school_id for a in match(mail, signed, registry, None).assignments] == ["th-my-an"]


@pytest.mark.parametrize(
    ("common_name", "school"),
    [
        ("HIỆU TRƯỞNG TRƯỜNG TIỂU HỌC MỸ AN", "th-my-an"),
        ("Phó Hiệu trưởng Trường Tiểu học Mỹ Lạc", "th-my-lac"),
        ("KẾ TOÁN TRƯỜNG THCS MỸ AN", "thcs-my-an"),
        ("HIỆU TRƯỞNG TRƯỜNG TIỂU HỌC MỸ AN - NGUYỄN VĂN HÙNG", None),
        ("HIỆU TRƯỞNG TRƯỜNG TIỂU HỌC MỸ AN (THÁP MƯỜI)", None),
    ],
)
def test_a_common_name_of_a_role_and_the_school_names_the_school(
    shipped: Config, common_name: str, school: str | None
) -> None:
    """A certificate with no organisation and CN "HIỆU TRƯỞNG TRƯỜNG TIỂU HỌC MỸ AN" named no school: the
    role before the school's name hid it. The role is read past when the school's name is all that
    follows; with a person's name or a place after it, the signature still names no school."""
    signature = _signature(None, common_name)
    registry = Registry.build(shipped.schools, {}, shipped.office_names, provinces=shipped.district.provinces)
    assert signed_school(signature, registry) == school
    mail = message("hieutruong.truong@gmail.com", "Báo cáo NQ121", files=["bc.pdf"])
    result = match(mail, [_signed(_unnamed("Trường Tiểu học Mỹ An", "bc.pdf"), signature)], registry, None)
    assert [a.school_id for a in result.assignments] == ([school] if school else [])


@pytest.mark.parametrize(
    ("school", "issuer", "signer", "other"),
    [
        (
            "Trường Tiểu học Long Thành",
            "TRƯỜNG TIỂU HỌC LONG THÀNH",
            MY_AN,
            ("th-long-thanh", "th-long-thanh-tl"),
        ),
        (
            "Trường Tiểu học Bình Thạnh 1",
            "TRƯỜNG TIỂU HỌC BÌNH THẠNH",
            MY_LAC,
            ("th-binh-thanh-1", "th-binh-thanh-2"),
        ),
    ],
)
def test_a_scanned_header_naming_only_other_schools_of_ours_holds_the_signature(
    shipped: Config, school: str, issuer: str, signer: Signature, other: tuple[str, ...]
) -> None:
    """A scanned report headed "TRƯỜNG TIỂU HỌC LONG THÀNH" carrying Mỹ An's valid signature was credited
    to Mỹ An: the scan's tones could make the header either Long Thạnh or Long Thành, and a scan's uncertain
    reading never vetoed a signature, though neither reading is the signer. So was a header whose number
    was lost ("BÌNH THẠNH": 1 or 2) under Mỹ Lạc's signature. Staff choose, seeing both."""
    paper = report(school, "BC.pdf", issuer=issuer, method="ocr")
    result = _match(
        shipped,
        message("vanthu.truong@gmail.com", "Báo cáo NQ121", files=["BC.pdf"]),
        [_signed(paper, signer)],
    )
    assert not result.assignments and set(other) < set(result.candidates)
    assert (
        result.review_reason and f"Tuy nhiên, tiêu đề văn bản BC.pdf ghi «{issuer}»" in result.review_reason
    )


@pytest.mark.parametrize(
    ("school", "issuer", "signer"),
    [
        ("Trường Tiểu học Long Thạnh", "TRƯỜNG TIỂU HỌC LONG THÀNH", "th-long-thanh"),
        ("Trường Tiểu học Bình Thạnh 1", "TRƯỜNG TIỂU HỌC BÌNH THẠNH", "th-binh-thanh-1"),
    ],
)
def test_a_scanned_header_that_may_be_the_signers_own_name_is_the_signers(
    shipped: Config, school: str, issuer: str, signer: str
) -> None:
    """The other side of the rule above: a scan's reading that may be the signer's own name (its tones
    or number misread) leaves the signed report with the signer."""
    certificate = _signature(shipped.school(signer).name.upper())
    paper = report(school, "BC.pdf", issuer=issuer, method="ocr")
    result = _match(
        shipped,
        message("vanthu.truong@gmail.com", "Báo cáo NQ121", files=["BC.pdf"]),
        [_signed(paper, certificate)],
    )
    assert [a.school_id for a in result.assignments] == [signer] and not result.review_reason


@pytest.mark.parametrize("method", ["ocr", "text"])
def test_a_signed_paper_without_a_header_read_that_names_only_another_school_waits(
    shipped: Config, method: str
) -> None:
    """Mỹ Lạc's report, its header hidden under the stamp (no issuer read), carried Mỹ An's valid
    signature and was credited to Mỹ An, though its own lines ("Trường Tiểu học Mỹ Lạc báo cáo …") name
    Mỹ Lạc and never Mỹ An: only a header's reading could contest a signature. A paper that names other
    schools of ours and never the signer waits for staff; one that names the signer too stays its."""
    paper = report("Trường Tiểu học Mỹ Lạc", "BC.pdf", method=method, header=False)
    mail = message("vanthu.truong@gmail.com", "Báo cáo NQ121", files=["BC.pdf"])
    result = _match(shipped, mail, [_signed(paper, MY_AN)])
    assert not result.assignments and set(result.candidates) == {"th-my-an", "th-my-lac"}
    assert result.review_reason and "Tuy nhiên, văn bản BC.pdf ghi" in result.review_reason
    own = report("Trường Tiểu học Mỹ An", "BC.pdf", method=method, header=False)
    assert [a.school_id for a in _match(shipped, mail, [_signed(own, MY_AN)]).assignments] == ["th-my-an"]


@pytest.mark.parametrize(
    ("school", "issuer", "method", "other"),
    [
        ("Trường Mẫu giáo Mỹ An", "TRƯỜNG MẦM NON MỸ AN", "ocr", "mg-my-an"),
        ("Trường Mẫu giáo Mỹ An", "TRƯỜNG MẦM NON MỸ AN", "text", "mg-my-an"),
        ("Trường Mẫu giáo Mỹ Lạc", "TRƯỜNG MẦM NON MỸ LẠC", "ocr", "mg-my-lac"),
    ],
)
def test_a_header_of_another_level_of_the_place_holds_the_signature(
    shipped: Config, school: str, issuer: str, method: str, other: str
) -> None:
    """Mẫu giáo Mỹ An's report, headed "TRƯỜNG MẦM NON MỸ AN" (the kindergarten's newer name), carried Tiểu
    học Mỹ An's valid signature and was credited to Tiểu học Mỹ An: the header fits Mẫu giáo Mỹ An only at
    a near level, a clue too light to contest a signature. A level word is seldom misread into another
    level, so the paper is another school's and waits for staff, naming both."""
    paper = report(school, "BC.pdf", issuer=issuer, method=method)
    mail = message("vanthu.truong@gmail.com", "Báo cáo NQ121", files=["BC.pdf"])
    result = _match(shipped, mail, [_signed(paper, MY_AN)])
    assert not result.assignments and {"th-my-an", other} <= set(result.candidates)
    assert (
        result.review_reason and f"Tuy nhiên, tiêu đề văn bản BC.pdf ghi «{issuer}»" in result.review_reason
    )


@pytest.mark.parametrize(
    ("issuer", "signer"),
    [
        ("TRƯỜNG MẦM NON MỸ AN", "mg-my-an"),
        ("TRƯỜNG TIỂU HỌC MỸ ẤN", "th-my-an"),
        ("TRƯỜNG TIÊU HỌC MỸ AN", "th-my-an"),
    ],
)
def test_a_scanned_header_of_the_signers_near_level_or_misread_tones_is_the_signers(
    shipped: Config, issuer: str, signer: str
) -> None:
    """The other side: a header at a near level of the signer's own name (a Mẫu giáo school writing
    "MẦM NON") or with a tone misread stays the signer's."""
    certificate = _signature(shipped.school(signer).name.upper())
    paper = report(shipped.school(signer).name, "BC.pdf", issuer=issuer, method="ocr")
    mail = message("vanthu.truong@gmail.com", "Báo cáo NQ121", files=["BC.pdf"])
    result = _match(shipped, mail, [_signed(paper, certificate)])
    assert [a.school_id for a in result.assignments] == [signer] and not result.review_reason


@pytest.mark.parametrize(
    ("school", "issuer", "signer", "other"),
    [
        (
            "Trường Tiểu học Mỹ Thạnh B",
            "TRƯỜNG TIỂU HỌC MỸ THẠNH 8",
            "TRƯỜNG TIỂU HỌC MỸ THẠNH A",
            "th-my-thanh-b",
        ),
        (
            "Trường Tiểu học Mỹ Thạnh A",
            "TRƯỜNG TIỂU HỌC MỸ THẠNH 4",
            "TRƯỜNG TIỂU HỌC MỸ THẠNH B",
            "th-my-thanh-a",
        ),
        (
            "Trường Tiểu học Bình Thạnh 1",
            "TRƯỜNG TIỂU HỌC BÌNH THẠNH l",
            "TRƯỜNG TIỂU HỌC BÌNH THẠNH 2",
            "th-binh-thanh-1",
        ),
    ],
)
def test_a_scanned_header_whose_misread_number_names_another_school_holds_the_signature(
    shipped: Config, school: str, issuer: str, signer: str, other: str
) -> None:
    """Mỹ Thạnh B's scanned report, its header read "TRƯỜNG TIỂU HỌC MỸ THẠNH 8" (tesseract's usual "B"),
    carried Mỹ Thạnh A's valid signature and was credited to Mỹ Thạnh A: the misread number only named
    candidates, too light to contest a signature. Read as the letter OCR confuses it with, it names only
    another school of ours, so staff choose, seeing both; a misread number that may be the signer's own
    stays the signer's (test above). So was Bình Thạnh 1's, read "BÌNH THẠNH l" (an l for the 1), under
    Bình Thạnh 2's signature: a number read as no number may be either school, the signer's too."""
    paper = report(school, "BC.pdf", issuer=issuer, method="ocr")
    result = _match(
        shipped,
        message("vanthu.truong@gmail.com", "Báo cáo NQ121", files=["BC.pdf"]),
        [_signed(paper, _signature(signer))],
    )
    assert not result.assignments and other in result.candidates and len(set(result.candidates)) == 2
    assert (
        result.review_reason and f"Tuy nhiên, tiêu đề văn bản BC.pdf ghi «{issuer}»" in result.review_reason
    )
    own = _signed(report(school, "BC.pdf", issuer=issuer, method="ocr"), _signature(school.upper()))
    mail = message("vanthu.truong@gmail.com", "Báo cáo NQ121", files=["BC.pdf"])
    assert [a.school_id for a in _match(shipped, mail, [own]).assignments] == [other]


@pytest.mark.parametrize(
    ("province", "credited"),
    [
        ("Đồng Tháp", False),
        ("DONG THAP", False),
        ("Long An", True),
        ("Tỉnh Tây Ninh", True),
        ("TAY NINH", True),
    ],
)
def test_a_certificates_province_tells_a_namesake_school_elsewhere(
    shipped: Config, province: str, credited: bool
) -> None:
    """The Tiểu học Mỹ An of Đồng Tháp mailed its signed report here by mistake, headed «UBND XÃ MỸ AN /
    TRƯỜNG TIỂU HỌC MỸ AN» as ours would be: it was credited to ours, and replaced ours's own report. Its
    certificate says L=«Xã Mỹ An», ST=«Đồng Tháp»: the province (ST) was read only when L was missing.
    A certificate of another province than the office's now names no school of ours, and the paper waits."""
    registry = Registry.build(
        shipped.schools,
        {},
        shipped.office_names,
        units={u.id: u.name for u in shipped.units},
        provinces=shipped.district.provinces,
    )
    signature = dataclasses.replace(MY_AN, locality="Xã Mỹ An", province=province)
    paper = _signed(report("Trường Tiểu học Mỹ An", "bc.pdf", year=2026, place="Mỹ An"), signature)
    paper = dataclasses.replace(paper, header=dataclasses.replace(paper.header, parent_body="UBND XÃ MỸ AN"))
    result = match(message("thmyan.gv@gmail.com", "Báo cáo NQ121", files=["bc.pdf"]), [paper], registry)
    assert [a.school_id for a in result.assignments] == (["th-my-an"] if credited else [])
    if not credited:
        assert f"chứng thư số ghi tỉnh «{province}»" in (result.review_reason or "")
