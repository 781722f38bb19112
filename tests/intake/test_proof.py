"""Proof of origin through the real pipeline: digitally signed reports and forged senders.

A valid signature naming a school decides for it whatever address sent it; a signature that does
not hold is shown to staff; a document changed after signing, a signature contradicting the
sender's registered address, or a registered address whose mail fails authentication waits for staff.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import dkim
import pytest
from click.testing import CliRunner

from app.cli import main
from app.web.server import create_app
from intake import origin, pipeline
from intake.readings import from_json, to_json
from kernel import config as config_mod
from kernel import status
from kernel.proof import Check
from kernel.runtime import Runtime
from kernel.store import MessageState
from parsers.document import SignatureStatus
from parsers.read import read_attachment
from samples.documents import render_pdf
from samples.papers import make_paper
from samples.season import make_season
from scheduler import jobs
from scheduler.outgoing import MailKind
from tests import pki

ROOT = Path(__file__).resolve().parents[2]
MX = "mx.pgdthuthua.example.edu.vn"
RECEIVED = dt.datetime(2021, 10, 20, 2, 15, tzinfo=dt.UTC)
FIXED = dt.datetime(2021, 11, 1, tzinfo=dt.UTC)
MY_AN = "c1myan.thuthua@example.edu.vn"
TRACE = f"Received: from mail.example.edu.vn ([203.0.113.5]) by {MX} with ESMTPS id 4Kx"


@pytest.fixture(scope="module")
def ca() -> pki.Authority:
    return pki.Authority.create()


@pytest.fixture(scope="module")
def my_an(ca: pki.Authority) -> pki.Identity:
    return ca.issue(organization="TRƯỜNG TIỂU HỌC MỸ AN", common_name="TRƯỜNG TIỂU HỌC MỸ AN")


@pytest.fixture(scope="module")
def unnamed_pdf() -> bytes:
    """A report whose header and text name no school, as a cropped scan or a bare template would."""
    return render_pdf(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(7), named=False))


@pytest.fixture(scope="module")
def named_pdf() -> bytes:
    return render_pdf(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(8)))


def write_config(directory: Path, ca: pki.Authority, **origin: str) -> Path:
    """The shipped config with the test CA as trust root and the given [origin] values."""
    path = directory / "config.toml"
    shutil.copy(ROOT / "config.toml", path)
    (directory / "ca.pem").write_bytes(ca.root.pem)
    values = {"roots": '["ca.pem"]', "authserv_id": f'"{MX}"', **origin}
    text = path.read_text(encoding="utf-8")
    for key, value in values.items():
        text, count = re.subn(rf"(?m)^{key} = .*$", f"{key} = {value}", text)
        assert count == 1, key
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def rt(tmp_path: Path, ca: pki.Authority) -> Iterator[Runtime]:
    with Runtime.open(config_mod.load(write_config(tmp_path, ca)), clock=lambda: FIXED) as runtime:
        yield runtime


def mail(
    sender: str,
    files: dict[str, bytes],
    *,
    subject: str = "Báo cáo thực hiện NQ121",
    trace: tuple[str, ...] = (),
    mid: str = "m1",
) -> bytes:
    """A message as the office's server delivers it: its trace headers on top of the sender's."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = subject
    msg["Message-ID"] = f"<{mid}@example.edu.vn>"
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    msg.set_content("Kính gửi Phòng GD&ĐT, trường gửi báo cáo.")
    for name, data in files.items():
        msg.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return "".join(f"{h}\r\n" for h in trace).encode() + msg.as_bytes(policy=msg.policy.clone(linesep="\r\n"))


def authres(results: str, server: str = MX) -> tuple[str, str]:
    return f"Authentication-Results: {server}; {results}", TRACE


def process(rt: Runtime, raw: bytes) -> pipeline.Outcome:
    return pipeline.process(rt, raw, received_at=RECEIVED, source="test")


# -- signatures ----------------------------------------------------------------------------------------


def test_a_valid_signature_decides_the_school_of_a_mail_from_a_personal_gmail(
    rt: Runtime, unnamed_pdf: bytes, my_an: pki.Identity, ca: pki.Authority
) -> None:
    unsigned = process(rt, mail("hieutruong.myan@gmail.com", {"BC.pdf": unnamed_pdf}, mid="u"))
    assert unsigned.state == MessageState.REVIEW  # nothing else names the school
    signed = process(rt, mail("hieutruong.myan@gmail.com", {"BC.pdf": pki.sign(unnamed_pdf, my_an, ca)}))
    assert signed.state == MessageState.REPORT
    [sub] = signed.submissions
    assert sub.school_id == "th-my-an"
    assert sub.evidence[0] == (
        "Văn bản BC.pdf có chữ ký số hợp lệ của Trường Tiểu học Mỹ An (chứng thư do VNPT-CA Thử nghiệm cấp)."
    )


def test_a_valid_signature_overrules_a_subject_naming_another_school_and_says_so(
    rt: Runtime, unnamed_pdf: bytes, my_an: pki.Identity, ca: pki.Authority
) -> None:
    raw = mail(
        "vanthu.truong@gmail.com",
        {"BC.pdf": pki.sign(unnamed_pdf, my_an, ca)},
        subject="Báo cáo NQ121 Trường THCS Mỹ An",
    )
    [sub] = process(rt, raw).submissions
    assert sub.school_id == "th-my-an"
    assert any(
        e.startswith("Không theo các căn cứ khác vì văn bản có chữ ký số hợp lệ của Trường Tiểu học Mỹ An: ")
        and "Trường THCS Mỹ An" in e
        for e in sub.evidence
    )


def test_a_signature_of_one_school_on_mail_from_anothers_registered_address_waits_naming_both(
    rt: Runtime, unnamed_pdf: bytes, my_an: pki.Identity, ca: pki.Authority
) -> None:
    outcome = process(
        rt, mail("c1mylac.thuthua@example.edu.vn", {"BC.pdf": pki.sign(unnamed_pdf, my_an, ca)})
    )
    assert outcome.state == MessageState.REVIEW and not outcome.submissions
    [review] = outcome.reviews
    assert set(review.candidates) == {"th-my-an", "th-my-lac"}
    assert "chữ ký số hợp lệ của Trường Tiểu học Mỹ An" in review.reason
    assert "địa chỉ gửi c1mylac.thuthua@example.edu.vn đã đăng ký cho Trường Tiểu học Mỹ Lạc" in review.reason


def test_a_document_changed_after_signing_waits_for_staff_even_from_the_schools_address(
    rt: Runtime, named_pdf: bytes, my_an: pki.Identity, ca: pki.Authority
) -> None:
    changed = pki.cover_after_signing(pki.sign(named_pdf, my_an, ca))
    outcome = process(rt, mail(MY_AN, {"BC.pdf": changed}))
    assert outcome.state == MessageState.REVIEW and not outcome.submissions
    [review] = outcome.reviews
    assert review.candidates == ("th-my-an",)
    assert review.reason.startswith("Văn bản BC.pdf đã bị sửa sau khi ký số")
    assert "tệp bị sửa thêm sau khi ký" in review.reason


def _unrecognised(ca: pki.Authority, case: str, school: str) -> tuple[pki.Identity, pki.Authority]:
    """A certificate naming school that does not hold: out of date, or from a CA not trusted here."""
    if case == "expired":
        return ca.issue(organization=school, common_name="X", valid=(2018, 2021)), ca
    authority = pki.Authority.create("Root CA Lạ", "CA Lạ")
    return authority.issue(organization=school, common_name="X"), authority


UNRECOGNISED = [
    ("expired", "lúc ký (ngày 20/10/2021) chứng thư số đã hết hạn (hết hạn ngày 01/01/2021)"),
    (
        "unknown root",
        "chứng thư số do tổ chức tự ghi tên «CA Lạ» cấp, tổ chức này không thuộc các chứng thư gốc tin cậy "
        "trong cấu hình",
    ),
]


@pytest.mark.parametrize(("case", "warning"), UNRECOGNISED)
def test_a_signature_that_does_not_hold_is_a_visible_warning_and_proves_nothing(
    rt: Runtime, named_pdf: bytes, ca: pki.Authority, case: str, warning: str
) -> None:
    signer, authority = _unrecognised(ca, case, "TRƯỜNG TIỂU HỌC MỸ AN")
    # The report is Mỹ An's (address and header); its own signature does not hold and proves nothing.
    [sub] = process(rt, mail(MY_AN, {"BC.pdf": pki.sign(named_pdf, signer, authority)})).submissions
    assert sub.school_id == "th-my-an"
    assert (
        f"Văn bản BC.pdf: Chữ ký số của TRƯỜNG TIỂU HỌC MỸ AN không được công nhận: {warning}."
        in sub.evidence
    )


@pytest.mark.parametrize(("case", "warning"), UNRECOGNISED)
def test_another_schools_signature_that_does_not_hold_still_holds_the_senders_credit(
    rt: Runtime, unnamed_pdf: bytes, ca: pki.Authority, case: str, warning: str
) -> None:
    """A report naming no school, from Mỹ Lạc's registered address, signed in Mỹ An's name with a
    certificate out of date or from an unknown CA, was counted for Mỹ Lạc with the warning as a note: the
    signature proves nothing, but a paper signed in another school's name may be that school's."""
    signer, authority = _unrecognised(ca, case, "TRƯỜNG TIỂU HỌC MỸ AN")
    signed = pki.sign(unnamed_pdf, signer, authority)
    outcome = process(rt, mail("c1mylac.thuthua@example.edu.vn", {"BC.pdf": signed}))
    assert outcome.state == MessageState.REVIEW and not outcome.submissions
    [review] = outcome.reviews
    assert review.candidates == ("th-my-lac", "th-my-an")
    assert review.reason.startswith(
        f"Văn bản BC.pdf: Chữ ký số của TRƯỜNG TIỂU HỌC MỸ AN không được công nhận: {warning}. Chữ ký này "
        "không chứng minh văn bản là của Trường Tiểu học Mỹ An, nhưng văn bản được ký nhân danh Trường Tiểu "
        "học Mỹ An nên có thể không phải báo cáo của Trường Tiểu học Mỹ Lạc. Cần cán bộ kiểm tra và chọn "
        "trường."
    )


def test_a_signature_that_does_not_hold_offers_its_school_to_staff_and_never_credits_it(
    rt: Runtime, unnamed_pdf: bytes, ca: pki.Authority
) -> None:
    """From an address of no school, a report signed in Mỹ An's name with an expired certificate waited
    with no school to offer: the school the signature names is offered, and not credited."""
    signer, authority = _unrecognised(ca, "expired", "TRƯỜNG TIỂU HỌC MỸ AN")
    outcome = process(rt, mail("bgh.truong@gmail.com", {"BC.pdf": pki.sign(unnamed_pdf, signer, authority)}))
    assert outcome.state == MessageState.REVIEW and not outcome.submissions
    [review] = outcome.reviews
    assert "th-my-an" in review.candidates
    assert "Chữ ký số của TRƯỜNG TIỂU HỌC MỸ AN không được công nhận" in review.reason


def test_a_schools_report_changed_then_signed_by_another_school_offers_both(
    rt: Runtime, unnamed_pdf: bytes, ca: pki.Authority
) -> None:
    """Mỹ An's signed report, changed after signing and then signed by Mỹ Lạc's principal, waited with
    Mỹ Lạc alone to choose and a reason silent about Mỹ Lạc's signature: a clerk taking the one school
    offered credited Mỹ Lạc with Mỹ An's altered report."""
    my_an = ca.issue(organization="Trường Tiểu học Mỹ An", common_name="Nguyễn Văn A")
    my_lac = ca.issue(organization="Trường Tiểu học Mỹ Lạc", common_name="Lê Văn C")
    changed = pki.cover_after_signing(pki.sign(unnamed_pdf, my_an, ca))
    signed = pki.sign(changed, my_lac, ca, field_name="KySo2")
    outcome = process(rt, mail("bgh.mylac@gmail.com", {"BC.pdf": signed}))
    assert outcome.state == MessageState.REVIEW and not outcome.submissions
    [review] = outcome.reviews
    assert review.candidates == ("th-my-an", "th-my-lac")
    assert review.reason.startswith(
        "Văn bản BC.pdf đã bị sửa sau khi ký số, có thể không còn là bản Trường Tiểu học Mỹ An đã ký. Sau khi "
        "sửa, văn bản được ký lại bằng chữ ký số hợp lệ của Trường Tiểu học Mỹ Lạc (người ký: Lê Văn C; "
        "chứng thư do VNPT-CA Thử nghiệm cấp). Cần cán bộ kiểm tra."
    )


def test_the_principals_and_the_schools_signatures_are_both_shown(
    rt: Runtime, unnamed_pdf: bytes, my_an: pki.Identity, ca: pki.Authority
) -> None:
    principal = ca.issue(organization="TRƯỜNG TIỂU HỌC MỸ AN", common_name="Trần Thị Hoa")
    first = pki.sign(
        unnamed_pdf, principal, ca, field_name="HieuTruong", at=pki.SIGNED_AT - dt.timedelta(hours=1)
    )
    both = pki.sign(first, my_an, ca, field_name="Truong")
    [sub] = process(rt, mail("hoa.tranthi@gmail.com", {"BC.pdf": both})).submissions
    assert sub.school_id == "th-my-an"
    assert sub.evidence[:2] == (
        "Văn bản BC.pdf có chữ ký số hợp lệ của Trường Tiểu học Mỹ An "
        "(người ký: Trần Thị Hoa; chứng thư do VNPT-CA Thử nghiệm cấp).",
        "Văn bản BC.pdf có chữ ký số hợp lệ của Trường Tiểu học Mỹ An (chứng thư do VNPT-CA Thử nghiệm cấp).",
    )


def test_a_state_certificate_naming_the_school_as_its_unit_decides_the_school(
    rt: Runtime, unnamed_pdf: bytes, ca: pki.Authority
) -> None:
    """A principal's certificate from Ban Cơ yếu Chính phủ names the district's People's Committee as O,
    the school as OU and the principal as CN: the unit was never read, so the signed report from the
    principal's gmail waited for staff as if nothing named its school, and the signature was said to be
    the People's Committee's."""
    principal = ca.issue(
        organization="UBND HUYỆN THỦ THỪA", unit="TRƯỜNG TIỂU HỌC MỸ AN", common_name="Nguyễn Văn Hùng"
    )
    outcome = process(rt, mail("hieutruong.myan@gmail.com", {"BC.pdf": pki.sign(unnamed_pdf, principal, ca)}))
    assert outcome.state == MessageState.REPORT
    [sub] = outcome.submissions
    assert sub.school_id == "th-my-an" and sub.signatures[0].school_id == "th-my-an"
    assert sub.signatures[0].reason.startswith(
        "Chữ ký số hợp lệ của TRƯỜNG TIỂU HỌC MỸ AN, UBND HUYỆN THỦ THỪA (chứng thư do"
    )
    assert sub.evidence[0].startswith(
        "Văn bản BC.pdf có chữ ký số hợp lệ của Trường Tiểu học Mỹ An (người ký: Nguyễn Văn Hùng;"
    )


def test_staff_passing_on_a_schools_signed_report_without_a_header_waits_for_staff(
    rt: Runtime, unnamed_pdf: bytes, my_an: pki.Identity, ca: pki.Authority
) -> None:
    """Staff mailed on from the office's address a school's signed report whose header names no school
    (a cropped scan): only headers were asked whose reports the office's mail carried, so it was
    recorded as the office's own mail and nobody was asked, though the signature named the school."""
    raw = mail(
        "pgdthuthua@example.edu.vn", {"BC.pdf": pki.sign(unnamed_pdf, my_an, ca)}, subject="Chuyển báo cáo"
    )
    outcome = process(rt, raw)
    assert outcome.state == MessageState.REVIEW
    [review] = rt.store.reviews()
    assert review.candidates == ("th-my-an",)
    assert "kèm báo cáo của Trường Tiểu học Mỹ An" in review.reason


def test_a_signing_organisation_that_is_no_school_is_shown_never_guessed(
    rt: Runtime, unnamed_pdf: bytes, ca: pki.Authority
) -> None:
    commune = ca.issue(organization="UBND XÃ MỸ AN", common_name="Nguyễn Văn Tư")
    outcome = process(rt, mail("nvtu@gmail.com", {"BC.pdf": pki.sign(unnamed_pdf, commune, ca)}))
    assert outcome.state == MessageState.REVIEW
    [review] = outcome.reviews
    assert review.candidates == ()
    assert (
        "Văn bản BC.pdf có chữ ký số hợp lệ của «UBND XÃ MỸ AN», không phải trường nào trong danh sách; "
        "chữ ký này không dùng để xác định trường." in review.reason
    )


def test_a_signature_whose_organisation_names_two_schools_is_not_guessed(
    rt: Runtime, unnamed_pdf: bytes, ca: pki.Authority
) -> None:
    """Mỹ Thạnh has an A and a B school: a certificate without the letter names neither."""
    vague = ca.issue(organization="TRƯỜNG TIỂU HỌC MỸ THẠNH", common_name="TRƯỜNG TIỂU HỌC MỸ THẠNH")
    outcome = process(rt, mail("mythanh.hieutruong@gmail.com", {"BC.pdf": pki.sign(unnamed_pdf, vague, ca)}))
    assert outcome.state == MessageState.REVIEW
    assert "có thể là Trường Tiểu học Mỹ Thạnh A hoặc Trường Tiểu học Mỹ Thạnh B" in outcome.reason


def test_signatures_are_read_again_from_the_parse_cache_with_the_same_outcome(
    rt: Runtime, unnamed_pdf: bytes, my_an: pki.Identity, ca: pki.Authority
) -> None:
    signed = pki.sign(unnamed_pdf, my_an, ca)
    reading = read_attachment("BC.pdf", signed, trust=rt.config.trust)
    assert from_json(to_json(reading)) == reading and reading.documents[0].signatures
    first = process(rt, mail("hieutruong.myan@gmail.com", {"BC.pdf": signed}))
    again = pipeline.reprocess(rt, first.key)  # the reading now comes from the cache
    assert again.submissions[0].evidence == first.submissions[0].evidence


def test_the_signatures_of_a_submission_are_recorded_as_data(
    rt: Runtime, unnamed_pdf: bytes, my_an: pki.Identity, ca: pki.Authority
) -> None:
    expired = ca.issue(organization="TRƯỜNG TIỂU HỌC MỸ AN", common_name="X", valid=(2018, 2021))
    principal = ca.issue(organization="TRƯỜNG TIỂU HỌC MỸ AN", common_name="Trần Thị Hoa", locality="Mỹ An")
    files = {"BC.pdf": pki.sign(unnamed_pdf, principal, ca), "PL.pdf": pki.sign(unnamed_pdf, expired, ca)}
    process(rt, mail("hoa.tranthi@gmail.com", files))

    [sub] = rt.store.submissions()
    valid, stale = sub.signatures
    assert (valid.file, valid.status, valid.school_id) == ("BC.pdf", SignatureStatus.VALID, "th-my-an")
    assert (valid.common_name, valid.organization, valid.locality) == (
        "Trần Thị Hoa",
        "TRƯỜNG TIỂU HỌC MỸ AN",
        "Mỹ An",
    )
    assert valid.issuer == "VNPT-CA Thử nghiệm" and valid.signed_at == pki.SIGNED_AT
    assert sub.school_signature == valid
    assert (stale.file, stale.status, stale.school_id) == ("PL.pdf", SignatureStatus.EXPIRED, "th-my-an")
    assert "chứng thư số đã hết hạn" in stale.reason


# -- what staff see ------------------------------------------------------------------------------------


def test_status_json_and_history_show_who_signed_and_whether_the_sender_passed(
    rt: Runtime, unnamed_pdf: bytes, ca: pki.Authority
) -> None:
    principal = ca.issue(organization="TRƯỜNG TIỂU HỌC MỸ AN", common_name="Trần Thị Hoa")
    signed = pki.sign(unnamed_pdf, principal, ca)
    process(rt, mail(MY_AN, {"BC.pdf": signed}, trace=authres("spf=pass; dkim=pass; dmarc=pass")))
    # A forged sender's report is credited only by the school's own signature.
    mylac_principal = ca.issue(organization="TRƯỜNG TIỂU HỌC MỸ LẠC", common_name="Lê Văn Tám")
    mylac = render_pdf(make_paper("Trường Tiểu học Mỹ Lạc", year=2021, rng=random.Random(3)))
    mylac = pki.sign(mylac, mylac_principal, ca)
    process(rt, mail("vanthu.mylac@gmail.com", {"BC.pdf": mylac}, trace=authres("dmarc=fail"), mid="m2"))
    binh_an_pdf = render_pdf(
        make_paper("Trường Tiểu học Bình An", year=2021, rng=random.Random(7), named=False)
    )
    process(rt, mail("c1binhan.thuthua@example.edu.vn", {"BC.pdf": binh_an_pdf}, mid="m3"))

    def cli(*args: str) -> str:
        result = CliRunner().invoke(main, ["--config", str(rt.config.path), *args], obj=lambda: FIXED)
        assert result.exit_code == 0, result.output
        return result.output

    schools = {
        s["school_id"]: s for s in json.loads(cli("status", "--year", "2021", "--format", "json"))["schools"]
    }
    my_an, my_lac, binh_an = schools["th-my-an"], schools["th-my-lac"], schools["th-binh-an"]
    assert (my_an["signed"], my_an["signer"], my_an["signed_at"]) == (
        True,
        "Trần Thị Hoa",
        "2021-10-20T09:00:00+07:00",
    )
    assert my_an["sender_authenticated"] is True
    assert (my_lac["signed"], my_lac["signer"], my_lac["sender_authenticated"]) == (True, "Lê Văn Tám", False)
    assert (binh_an["signed"], binh_an["sender_authenticated"]) == (False, None)
    [sub] = my_an["submissions"]
    [signature] = sub["signatures"]
    assert signature["file"] == "BC.pdf" and signature["status"] == "valid" and signature["of_school"]
    assert (
        signature["issuer"] == "VNPT-CA Thử nghiệm" and signature["organization"] == "TRƯỜNG TIỂU HỌC MỸ AN"
    )
    assert sub["sender_check"]["dmarc"] == "pass" and sub["sender_check"]["checked_by"] == MX
    forged = my_lac["submissions"][0]["sender_check"]
    assert (forged["failed"], forged["problem"], forged["authenticated"]) == (True, "DMARC không đạt", False)

    history = cli("history", "th-my-an")
    assert "BC.pdf: chữ ký số hợp lệ của Trường Tiểu học Mỹ An" in history
    assert "(người ký: Trần Thị Hoa;" in history and "(đã xác thực)" in history
    assert "(giả mạo: DMARC không đạt)" in cli("history", "th-my-lac")
    assert "(không có)" in cli("history", "th-binh-an")


def test_the_acknowledgement_of_a_signed_report_says_who_signed_it_and_when(
    rt: Runtime, unnamed_pdf: bytes, my_an: pki.Identity, ca: pki.Authority
) -> None:
    process(rt, mail("hieutruong.myan@gmail.com", {"BC.pdf": pki.sign(unnamed_pdf, my_an, ca)}))
    [ack] = jobs.due(rt, RECEIVED + dt.timedelta(hours=1), kinds=(MailKind.ACK,))
    assert ack.to == ("hieutruong.myan@gmail.com", MY_AN)
    assert (
        "Tệp BC.pdf có chữ ký số hợp lệ của Trường Tiểu học Mỹ An (chứng thư do VNPT-CA Thử nghiệm cấp), "
        "ký lúc 09:00 ngày 20/10/2021." in ack.text
    )


# -- forged senders ------------------------------------------------------------------------------------


def test_a_registered_address_failing_dmarc_waits_for_staff_with_the_reason(
    rt: Runtime, unnamed_pdf: bytes
) -> None:
    raw = mail(
        MY_AN,
        {"BC.pdf": unnamed_pdf},
        trace=authres("spf=fail; dkim=none; dmarc=fail header.from=example.edu.vn"),
    )
    outcome = process(rt, raw)
    assert outcome.state == MessageState.REVIEW and not outcome.submissions
    [review] = outcome.reviews
    assert review.candidates == ("th-my-an",)
    assert review.reason.startswith(
        f"Thư giả mạo địa chỉ {MY_AN}: DMARC không đạt (máy chủ nhận thư {MX} kiểm tra"
    )
    assert "nên không được tính theo địa chỉ gửi" in review.reason
    listed = CliRunner().invoke(main, ["--config", str(rt.config.path), "review"], obj=lambda: FIXED).output
    assert f"{MY_AN}" in listed and "(giả mạo: DMARC không đạt)" in listed


def test_a_failing_sender_with_a_valid_signature_of_the_same_school_still_counts(
    rt: Runtime, unnamed_pdf: bytes, my_an: pki.Identity, ca: pki.Authority
) -> None:
    """A school's own server may be misconfigured; its signed report still proves where it came from."""
    raw = mail(MY_AN, {"BC.pdf": pki.sign(unnamed_pdf, my_an, ca)}, trace=authres("spf=fail; dmarc=fail"))
    [sub] = process(rt, raw).submissions
    assert sub.school_id == "th-my-an"
    assert any(e.startswith(f"Thư giả mạo địa chỉ {MY_AN}: DMARC không đạt") for e in sub.evidence)


@pytest.mark.parametrize(
    ("signed_at", "said"),
    [
        (dt.datetime(2021, 2, 1, 9, 0, tzinfo=pki.HCM), "sớm hơn nhiều so với ngày của văn bản"),
        (dt.datetime(2021, 10, 25, 9, 0, tzinfo=pki.HCM), "muộn hơn lúc nhận thư (20/10/2021 09:15)"),
    ],
)
def test_a_signing_time_that_cannot_be_true_proves_nothing(
    rt: Runtime, unnamed_pdf: bytes, my_an: pki.Identity, ca: pki.Authority, signed_at: dt.datetime, said: str
) -> None:
    """The signing time is what the signer's computer said: set back, it made a revoked or expired
    certificate «valid», and a forged mail carrying such a signature counted for the school it named. A
    time months before the paper's own date, or after the mail arrived, is not believed."""
    signed = pki.sign(unnamed_pdf, my_an, ca, at=signed_at)
    outcome = process(rt, mail(MY_AN, {"BC.pdf": signed}, trace=authres("spf=fail; dmarc=fail")))
    assert outcome.state == MessageState.REVIEW and not outcome.submissions
    [review] = outcome.reviews
    assert f"thời điểm ký ghi trong chữ ký ({signed_at:%d/%m/%Y %H:%M}) {said}" in review.reason
    assert "có thể đã bị chỉnh giờ" in review.reason


def test_the_sender_check_is_recorded_on_the_message_row(rt: Runtime, unnamed_pdf: bytes) -> None:
    raw = mail(MY_AN, {"BC.pdf": unnamed_pdf}, trace=authres("spf=fail; dkim=none; dmarc=fail"))
    key = process(rt, raw).key
    check = rt.store.message(key).sender_check
    assert check is not None
    assert (check.address, check.spf, check.dkim, check.dmarc) == (MY_AN, Check.FAIL, Check.NONE, Check.FAIL)
    assert (check.checked_by, check.failed, check.problem) == (MX, True, "DMARC không đạt")
    assert check.forgery == f"Thư giả mạo địa chỉ {MY_AN}: DMARC không đạt"


def test_authentication_results_of_another_server_do_not_count(rt: Runtime, named_pdf: bytes) -> None:
    raw = mail(MY_AN, {"BC.pdf": named_pdf}, trace=authres("dmarc=fail", server="mx.other.example"))
    outcome = process(rt, raw)
    assert outcome.state == MessageState.REPORT
    assert not any("giả mạo" in e or "xác thực" in e for e in outcome.submissions[0].evidence)


def test_an_authenticated_sender_is_noted_in_the_evidence(rt: Runtime, named_pdf: bytes) -> None:
    raw = mail(MY_AN, {"BC.pdf": named_pdf}, trace=authres("spf=pass; dkim=pass; dmarc=pass"))
    [sub] = process(rt, raw).submissions
    assert sub.evidence[-1] == (
        f"Địa chỉ gửi {MY_AN} đã được xác thực (máy chủ nhận thư {MX} kiểm tra: SPF đạt, DKIM đạt, DMARC đạt)."
    )


@pytest.fixture
def dkim_rt(tmp_path: Path, ca: pki.Authority) -> Iterator[tuple[Runtime, pki.DkimKey]]:
    key = pki.DkimKey.create("example.edu.vn")
    config = config_mod.load(write_config(tmp_path, ca, verify_dkim="true"))
    with Runtime.open(config, clock=lambda: FIXED) as runtime:
        yield Runtime(runtime.config, runtime.store, runtime.archive, runtime.clock, dns=key.dns()), key


def test_dkim_checked_here_lets_a_signed_mail_count_and_holds_a_changed_one(
    dkim_rt: tuple[Runtime, pki.DkimKey], named_pdf: bytes
) -> None:
    rt, key = dkim_rt
    signed = key.sign(mail(MY_AN, {"BC.pdf": named_pdf}))
    [sub] = process(rt, signed).submissions
    assert sub.evidence[-1] == f"Địa chỉ gửi {MY_AN} đã được xác thực: chữ ký DKIM của example.edu.vn hợp lệ."
    changed = signed.replace(b"Subject: ", b"Subject: Fwd: ", 1)
    outcome = process(rt, changed)
    assert outcome.state == MessageState.REVIEW
    assert outcome.reason.startswith(
        f"Thư giả mạo địa chỉ {MY_AN}: chữ ký DKIM của tên miền example.edu.vn không khớp với nội dung thư."
    )


def test_a_rescan_of_the_same_message_reuses_the_recorded_dkim_verdict(
    dkim_rt: tuple[Runtime, pki.DkimKey], named_pdf: bytes
) -> None:
    """Each re-scan asked DNS for every DKIM key again, though the bytes, and so the verdict, had not changed."""
    rt, key = dkim_rt
    asked: list[bytes] = []

    def dns(name: bytes) -> bytes | None:
        asked.append(name)
        return key.dns()(name)

    rt = dataclasses.replace(rt, dns=dns)
    first = process(rt, key.sign(mail(MY_AN, {"BC.pdf": named_pdf})))
    assert asked == [b"baocao._domainkey.example.edu.vn."]
    again = pipeline.reprocess(rt, first.key)
    assert asked == [b"baocao._domainkey.example.edu.vn."]
    assert again.submissions[0].evidence == first.submissions[0].evidence
    check = rt.store.message(first.key).sender_check
    assert check is not None and check.authenticated and check.checked_by == "dkimpy"


def test_a_dkim_lookup_that_timed_out_is_tried_again_at_the_next_rescan(
    dkim_rt: tuple[Runtime, pki.DkimKey], named_pdf: bytes
) -> None:
    rt, key = dkim_rt
    down = True

    def dns(name: bytes) -> bytes | None:
        if down:
            raise dkim.DnsTimeoutError("no answer")
        return key.dns()(name)

    rt = dataclasses.replace(rt, dns=dns)
    first = process(rt, key.sign(mail(MY_AN, {"BC.pdf": named_pdf})))
    assert (
        "máy chủ DNS không trả lời khi tra khóa kiểm tra chữ ký (sẽ thử lại)"
        in first.submissions[0].evidence[-1]
    )
    down = False
    again = pipeline.reprocess(rt, first.key)
    assert again.submissions[0].evidence[-1] == (
        f"Địa chỉ gửi {MY_AN} đã được xác thực: chữ ký DKIM của example.edu.vn hợp lệ."
    )


def test_forged_senders_in_a_season_change_no_schools_status(tmp_path: Path, ca: pki.Authority) -> None:
    """Forged mail from registered school addresses, failing DMARC at the office's server and carrying a
    report that names no school, must neither report a missing school nor add to one that reported."""
    config = config_mod.load(write_config(tmp_path, ca))
    season = make_season(config.schools, year=2021, seed=4, size="small", scanned=False)
    with Runtime.open(config, clock=lambda: FIXED) as rt:
        for msg in season:
            pipeline.process(rt, msg.raw, received_at=msg.received_at, source="season")
        before = _statuses(rt)
        reported = [s for s in config.schools if before[s.id][0] != status.SchoolState.MISSING][:3]
        missing = [s for s in config.schools if before[s.id][0] == status.SchoolState.MISSING][:3]
        assert reported and missing
        paper = render_pdf(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(9), named=False))
        forged = 0
        for n, school in enumerate([*reported, *missing]):
            raw = mail(
                school.emails[0],
                {"Bao cao NQ121.pdf": paper},
                subject="Báo cáo NQ121",
                trace=authres(f"spf=fail smtp.mailfrom={school.emails[0]}; dkim=none; dmarc=fail"),
                mid=f"gia{n}",
            )
            outcome = pipeline.process(rt, raw, received_at=RECEIVED, source="forger")
            forged += outcome.state == MessageState.REVIEW and "Thư giả mạo địa chỉ" in outcome.reason
        assert _statuses(rt) == before
        assert forged == len(reported) + len(missing)


def _statuses(rt: Runtime) -> dict[str, tuple[str, dt.datetime | None, int]]:
    table = status.load(rt.config, rt.store, "nq121", 2021, FIXED)
    return {s.school_id: (s.status, s.received_at, len(s.submissions)) for s in table.schools}


def _import(config: Path, directory: Path, raw: bytes) -> str:
    """baocao import of the one mail raw, saved as the office's server delivered it; its output."""
    directory.mkdir()
    (directory / "bao-cao.eml").write_bytes(raw)
    result = CliRunner().invoke(main, ["--config", str(config), "import", str(directory)], obj=lambda: FIXED)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("verify_dkim", ["false", "true"])
def test_a_senders_own_header_under_the_servers_received_line_authenticates_nothing(
    tmp_path: Path,
    ca: pki.Authority,
    named_pdf: bytes,
    monkeypatch: pytest.MonkeyPatch,
    verify_dkim: str,
) -> None:
    """A forged From of Mỹ An's address, DKIM-signed with a key the school never published; the office's
    server wrote no result, only its Received line, and under it the forger's own «Authentication-Results:
    <the server>; spf=pass; dkim=pass; dmarc=pass». That line was read as the server's: the report counted
    for Mỹ An as sent from an authenticated address («đã xác thực»), DKIM checked here or not."""
    school, forger = pki.DkimKey.create("example.edu.vn"), pki.DkimKey.create("example.edu.vn")
    monkeypatch.setattr(origin, "_system_dns", school.dns())
    config = write_config(tmp_path, ca, verify_dkim=verify_dkim)
    said = f"Authentication-Results: {MX}; spf=pass; dkim=pass header.d=example.edu.vn; dmarc=pass"
    raw = forger.sign(mail(MY_AN, {"BC.pdf": named_pdf}, trace=(said,)))
    _import(config, tmp_path / "mail", f"{TRACE}\r\n".encode() + raw)

    shown = CliRunner().invoke(
        main, ["--config", str(config), "status", "--year", "2021", "--format", "json"], obj=lambda: FIXED
    )
    data = json.loads(shown.output)
    my_an = next(s for s in data["schools"] if s["school_id"] == "th-my-an")
    if verify_dkim == "true":  # the school's signature does not verify: a forgery, waiting for staff
        assert my_an["status"] == "missing"
        [waiting] = data["review"]
        assert waiting["reason"].startswith(f"Thư giả mạo địa chỉ {MY_AN}: chữ ký DKIM của tên miền")
    else:  # nothing the server wrote says either way
        assert my_an["status"] == "received" and my_an["sender_authenticated"] is None


def _page(config: Path, path: str) -> str:
    """The office's page at path, as a viewer signed in sees it."""
    CliRunner().invoke(
        main,
        ["--config", str(config), "user", "add", "xem", "--role", "viewer", "--password-stdin"],
        input="mat-khau-chi-xem",
        obj=lambda: FIXED,
    )
    client = create_app(config_mod.load(config), lambda: FIXED).test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True))
    assert token is not None
    signed = {"csrf_token": token.group(1), "username": "xem", "password": "mat-khau-chi-xem"}
    assert client.post("/login", data=signed).status_code == 302
    shown = client.get(path)
    assert shown.status_code == 200
    return shown.get_data(as_text=True)


def test_a_forged_address_is_no_reason_why_a_signed_report_counts(
    tmp_path: Path, ca: pki.Authority, named_pdf: bytes, my_an: pki.Identity
) -> None:
    """Mỹ An's report, signed by the school, From its registered address but failing DMARC: it counts by the
    signature. The school's page gave «Địa chỉ gửi … đã đăng ký cho Trường Tiểu học Mỹ An» as a reason why it
    counts, right before saying that very address was forged."""
    config = write_config(tmp_path, ca)
    raw = mail(
        f"TH Mỹ An <{MY_AN}>",
        {"BC.pdf": pki.sign(named_pdf, my_an, ca)},
        trace=authres("spf=fail; dkim=none; dmarc=fail header.from=example.edu.vn"),
    )
    _import(config, tmp_path / "mail", raw)

    page = html.unescape(_page(config, "/schools/th-my-an?year=2021"))
    why = page[page.index("Vì sao thư này được tính cho trường") :]
    reasons = re.findall(r"<li>(.*?)</li>", why[: why.index("</details>")], re.DOTALL)
    assert reasons[0].startswith("Văn bản BC.pdf có chữ ký số hợp lệ của Trường Tiểu học Mỹ An")
    assert reasons[-1].startswith(f"Thư giả mạo địa chỉ {MY_AN}: DMARC không đạt")
    assert not [r for r in reasons if MY_AN in r and "giả mạo" not in r]
    assert not [r for r in reasons if "Tên người gửi" in r]


# `baocao` in a process of its own, its console as a clerk sees it, DNS publishing no DKIM key at all.
_NO_KEYS = """
import sys
from intake import origin
origin._system_dns = lambda name: None
from app.cli import main
main(sys.argv[1:], prog_name="baocao")
"""


def test_a_dkim_key_missing_from_dns_is_said_in_vietnamese_not_logged_in_english(
    tmp_path: Path, ca: pki.Authority, named_pdf: bytes
) -> None:
    """With DKIM checked here and no key in DNS, `baocao import` printed dkimpy's own «ERROR dkimpy: missing
    public key: b'baocao._domainkey.example.edu.vn.'» on the console, in English, for every such mail."""
    config = write_config(tmp_path, ca, verify_dkim="true")
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "bao-cao.eml").write_bytes(
        pki.DkimKey.create("example.edu.vn").sign(mail(MY_AN, {"BC.pdf": named_pdf}))
    )
    done = subprocess.run(
        [sys.executable, "-c", _NO_KEYS, "--config", str(config), "import", str(tmp_path / "mail")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "dkimpy" not in done.stderr and "missing public key" not in done.stderr, done.stderr
    assert "1 báo cáo được ghi nhận" in done.stdout
    shown = CliRunner().invoke(
        main, ["--config", str(config), "status", "--year", "2021", "--format", "json"], obj=lambda: FIXED
    )
    my_an = next(s for s in json.loads(shown.output)["schools"] if s["school_id"] == "th-my-an")
    assert my_an["submissions"][0]["sender_check"]["explanation"] == (
        f"Chưa xác thực được địa chỉ gửi {MY_AN}: chữ ký DKIM của example.edu.vn không kiểm tra được vì tên miền "
        "ấy không công bố khóa kiểm tra chữ ký trên DNS."
    )
