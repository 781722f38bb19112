"""The acknowledgement and the digest tell what proves a report's origin, and who must hear of it.

A report credited to a school from an address its registry entry does not list is acknowledged to
the school's registered address too, so a forged or mistaken report is noticed by the school itself.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import random
from email.message import EmailMessage
from pathlib import Path

import openpyxl
import pytest

from app.views import delivery_line
from intake import pipeline
from intake import review as review_mod
from kernel import config as config_mod
from kernel import status as status_mod
from kernel.proof import Check, SenderCheck, SignatureFact
from kernel.runtime import Runtime
from kernel.store import MessageState
from parsers.document import SignatureStatus
from samples.documents import render_docx
from samples.papers import make_paper
from scheduler import jobs
from scheduler.outbox import Outbox, OutboxState
from scheduler.render import Renderer
from tests import pki
from tests.parsers import corpus
from tests.scheduler.conftest import (
    SCHOOLS,
    SECTIONS,
    SENDER,
    STAFF,
    Clock,
    Delivered,
    SmtpServer,
    config_text,
    extend_c,
    local,
    open_runtime,
    submit,
)

RECEIVED = local("2021-10-20 09:15")
SIGNED = SignatureFact(
    "bao-cao-nq121.pdf",
    SignatureStatus.VALID,
    "Chữ ký số hợp lệ của TRƯỜNG TIỂU HỌC BÌNH THẠNH 1 (chứng thư do VNPT-CA cấp); tệp không bị sửa sau khi ký.",
    common_name="Lê Văn Tám",
    organization="TRƯỜNG TIỂU HỌC BÌNH THẠNH 1",
    issuer="VNPT-CA",
    signed_at=local("2021-10-20 09:00"),
    school_id="b",
)
UNTRUSTED = SignatureFact(
    "phu-luc.pdf",
    SignatureStatus.UNTRUSTED,
    "Chữ ký số của TRƯỜNG TIỂU HỌC BÌNH THẠNH 1 không được công nhận: chứng thư số do tổ chức tự ghi "
    "tên «CA Lạ» cấp, tổ chức này không thuộc các chứng thư gốc tin cậy trong cấu hình.",
    organization="TRƯỜNG TIỂU HỌC BÌNH THẠNH 1",
    issuer="CA Lạ",
    signed_at=local("2021-10-20 09:05"),
    school_id="b",
)


def forged(address: str) -> SenderCheck:
    return SenderCheck(
        address,
        spf=Check.FAIL,
        dmarc=Check.FAIL,
        checked_by="mx.pgd.example.edu.vn",
        failed=True,
        problem="DMARC không đạt",
        explanation=f"Thư giả mạo địa chỉ {address}: DMARC không đạt (máy chủ nhận thư mx.pgd.example.edu.vn kiểm tra).",
    )


def ack_of(smtp: SmtpServer, school: str) -> list[tuple[tuple[str, ...], str]]:
    return [(d.rcpt, d.message.get_content()) for d in smtp.delivered if SCHOOLS[school][0] in d.subject]


def test_a_report_from_the_schools_registered_address_is_acknowledged_to_it_alone(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    submit(rt, "b", RECEIVED)
    clock.now = RECEIVED + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    [(rcpt, text)] = ack_of(smtp, "b")
    assert rcpt == (SCHOOLS["b"][1],)
    assert "địa chỉ đã đăng ký" not in text


@pytest.mark.parametrize(
    "sender",
    ["hieutruong.bt1@gmail.com", SCHOOLS["c"][1]],
    ids=["a personal address", "another school's registered address"],
)
def test_a_report_from_another_address_is_acknowledged_to_the_schools_registered_address_too(
    rt: Runtime, clock: Clock, smtp: SmtpServer, sender: str
) -> None:
    """A report credited to a school from an address it never registered reached only that address,
    so a school whose name was used by someone else never heard of it."""
    submit(rt, "b", RECEIVED, sender=sender)
    clock.now = RECEIVED + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    [(rcpt, text)] = ack_of(smtp, "b")
    assert rcpt == (sender, SCHOOLS["b"][1])
    assert f"Phòng đã nhận báo cáo của trường gửi từ địa chỉ {sender}, không phải địa chỉ đã đăng ký." in text
    assert f"địa chỉ đã đăng ký của nhà trường ({SCHOOLS['b'][1]})" in text


def test_a_report_from_no_sure_address_is_acknowledged_to_the_schools_registered_address(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """A report credited by its paper from a mail whose From gave no sure address (two addresses, an
    address only in its name) was acknowledged to no one: the school never heard that a report of its
    had been counted."""
    submit(rt, "b", RECEIVED, sender="")
    clock.now = RECEIVED + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    [(rcpt, text)] = ack_of(smtp, "b")
    assert rcpt == (SCHOOLS["b"][1],)
    assert "(thư không ghi rõ địa chỉ người gửi) và ghi nhận" in text
    assert "báo cáo của trường trong một thư không ghi rõ địa chỉ người gửi" in text


@pytest.mark.parametrize(
    ("sender", "headers"),
    [
        ("noreply@ioffice.tayninh.gov.vn", {}),
        ("vanban@tayninh.gov.vn", {"Auto-Submitted": "auto-generated"}),
    ],
    ids=["no-reply address", "auto-generated"],
)
def test_a_report_sent_through_a_document_system_is_acknowledged_to_the_schools_registered_address(
    rt: Runtime, clock: Clock, smtp: SmtpServer, sender: str, headers: dict[str, str]
) -> None:
    """A school that sent its report through the province's document system (the mail comes From the
    system's no-reply address, recorded automatic) was never acknowledged, so it never heard «đã nhận»
    and kept asking. Its registered addresses hear, once; the system's address never does."""
    submit(rt, "b", RECEIVED, sender=sender, headers=headers)
    clock.now = RECEIVED + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    clock.now = RECEIVED + dt.timedelta(hours=5)
    jobs.tick(rt, compose=False)
    [(rcpt, text)] = ack_of(smtp, "b")
    assert rcpt == (SCHOOLS["b"][1],)
    assert not smtp.to(sender)
    assert f"Thư này được gửi đến địa chỉ đã đăng ký của nhà trường ({SCHOOLS['b'][1]})" in text
    assert f"từ địa chỉ {sender}, là thư gửi tự động" in text


@pytest.mark.parametrize(
    ("sender", "to"),
    [
        ("hieutruong.myan@gmail.com", ("hieutruong.myan@gmail.com", SCHOOLS["c"][1])),
        (SCHOOLS["c"][1], (SCHOOLS["c"][1],)),
    ],
    ids=["a principal's gmail", "the school's registered address"],
)
def test_a_persons_mail_passed_on_by_a_forwarding_rule_is_acknowledged_as_theirs(
    rt: Runtime, clock: Clock, smtp: SmtpServer, sender: str, to: tuple[str, ...]
) -> None:
    """A principal's gmail forwarding the report by a rule ("Auto-Submitted: auto-forwarded") was recorded
    automatic like a document system's notice: the school's registered address read that the report came
    from hieutruong.myan@gmail.com, «là thư gửi tự động (như thư của hệ thống quản lý văn bản)», the
    principal heard nothing, and from the school's own registered address nobody was acknowledged at all.
    A person wrote it: it is answered as that person's mail."""
    paper = render_docx(make_paper(SCHOOLS["c"][0], year=2021, rng=random.Random(4)))
    rule = {
        "X-Forwarded-For": f"{sender} {SENDER}",
        "X-Forwarded-To": SENDER,
        "Auto-Submitted": "auto-forwarded",
    }
    outcome = mail_report(
        rt, "c", RECEIVED, paper, "Báo cáo NQ121", "Trường gửi báo cáo ạ.", sender=sender, headers=rule
    )
    assert outcome.state == MessageState.REPORT
    clock.now = RECEIVED + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    [(rcpt, text)] = ack_of(smtp, "c")
    assert rcpt == to
    assert "thư gửi tự động" not in text


def test_a_report_its_sender_asked_to_cancel_is_not_acknowledged_while_staff_decide(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """Mỹ An's address mailed Bình Thạnh 1's file for it, then answered it «Em gửi nhầm file, xin
    Phòng bỏ giúp em ạ» before the next tick: Bình Thạnh 1 was told «Đã nhận báo cáo» of a report that
    waits for staff, not counted. It hears once staff reject the note (the report counts again)."""
    paper = render_docx(make_paper(SCHOOLS["b"][0], year=2021, rng=random.Random(6)))
    first = mail_report(rt, "c", RECEIVED, paper, f"BC NQ121 {SCHOOLS['b'][0]}", "")
    assert [s.school_id for s in first.submissions] == ["b"]
    note = EmailMessage()
    note["From"], note["To"], note["Subject"] = SCHOOLS["c"][1], SENDER, "Re: "
    note["Message-ID"], note["In-Reply-To"] = "<note-1@example.edu.vn>", f"<{first.message_id}>"
    note.set_content("Em gửi nhầm file, xin Phòng bỏ giúp em ạ.")
    answered = pipeline.process(
        rt, note.as_bytes(), received_at=RECEIVED + dt.timedelta(minutes=2), source="test"
    )
    assert answered.state == MessageState.REVIEW
    clock.now = RECEIVED + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    assert ack_of(smtp, "b") == []
    review_mod.reject(rt, answered.key, by=STAFF)
    clock.now = RECEIVED + dt.timedelta(hours=2)
    jobs.tick(rt, compose=False)
    [(rcpt, _)] = ack_of(smtp, "b")
    assert rcpt == (SCHOOLS["c"][1], SCHOOLS["b"][1])


def test_a_report_counted_again_when_staff_reject_the_note_cancelling_it_days_later_is_acknowledged(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """Bình Thạnh 1 answered its report «Dạ Phòng hủy giúp em thư trên, em gửi nhầm file ạ» before the
    acknowledgement left; six days later staff found the file right and rejected the note, which counts
    the report again. The school never heard: its report was past the acknowledgement window, so it
    believed it was cancelled while the office counted it. It is told once, as mail staff assign is."""
    paper = render_docx(make_paper(SCHOOLS["b"][0], year=2021, rng=random.Random(7)))
    first = mail_report(rt, "b", RECEIVED, paper, "Báo cáo NQ121", "Trường gửi báo cáo NQ121 ạ.")
    note = EmailMessage()
    note["From"], note["To"], note["Subject"] = SCHOOLS["b"][1], SENDER, "Re: Báo cáo NQ121"
    note["Message-ID"], note["In-Reply-To"] = "<cancel-late@example.edu.vn>", f"<{first.message_id}>"
    note.set_content("Dạ Phòng hủy giúp em thư trên, em gửi nhầm file ạ.")
    answered = pipeline.process(
        rt, note.as_bytes(), received_at=RECEIVED + dt.timedelta(minutes=30), source="test"
    )
    clock.now = RECEIVED + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    assert ack_of(smtp, "b") == []
    clock.now = RECEIVED + dt.timedelta(days=6)
    review_mod.reject(rt, answered.key, by=STAFF, why="Tệp đúng, trường nhầm")
    clock.now += dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    clock.now += dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    [(rcpt, text)] = ack_of(smtp, "b")
    assert rcpt == (SCHOOLS["b"][1],) and "Báo cáo được nhận đúng hạn" in text


def test_the_report_sent_after_asking_to_cancel_the_first_is_not_acknowledged_as_a_later_one(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """Bình Thạnh 1 sent an unfinished file on 5/10, answered it «gửi nhầm file, Phòng hủy giúp em thư đó»
    and sent the right report on 20/10, staff not having decided yet. The status counted the report of
    20/10 alone, but its acknowledgement said the report first received on 5/10 decided on time and that
    what the new one left out was kept from it: the school read that the cancelled file still counted."""
    first_at = local("2021-10-05 09:30")
    paper = render_docx(make_paper(SCHOOLS["b"][0], year=2021, rng=random.Random(4), sections=SECTIONS[:2]))
    first = mail_report(rt, "b", first_at, paper, "Báo cáo NQ121", "Trường gửi báo cáo NQ121 ạ.")
    note = EmailMessage()
    note["From"], note["To"], note["Subject"] = SCHOOLS["b"][1], SENDER, "Re: Báo cáo NQ121"
    note["Message-ID"], note["In-Reply-To"] = "<cancel-b@example.edu.vn>", f"<{first.message_id}>"
    note.set_content("Dạ trường em gửi nhầm file chưa hoàn chỉnh, Phòng hủy giúp em thư đó ạ.")
    pipeline.process(rt, note.as_bytes(), received_at=local("2021-10-05 15:00"), source="test")
    again_at = local("2021-10-20 16:00")
    paper = render_docx(make_paper(SCHOOLS["b"][0], year=2021, rng=random.Random(5)))
    mail_report(rt, "b", again_at, paper, "Gửi lại báo cáo NQ121", "Trường gửi lại báo cáo NQ121 bản đúng ạ.")
    clock.now = again_at + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    [(_, text)] = ack_of(smtp, "b")
    assert "lần đầu" not in text and "05/10/2021" not in text
    assert "Báo cáo được nhận đúng hạn" in text


def test_an_acknowledgement_waiting_for_the_server_is_withdrawn_when_its_sender_asks_to_cancel_the_mail(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """The acknowledgement to Bình Thạnh 1 of the file Mỹ An's address sent by mistake waited for the SMTP
    server while Mỹ An asked to cancel that mail: it went out once the server came back, telling Bình
    Thạnh 1 «Đã nhận báo cáo» of a report not counted while staff decide. It is withdrawn with the reason."""
    paper = render_docx(make_paper(SCHOOLS["b"][0], year=2021, rng=random.Random(6)))
    first = mail_report(rt, "c", RECEIVED, paper, f"BC NQ121 {SCHOOLS['b'][0]}", "")
    smtp.stop()
    clock.now = RECEIVED + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)  # the acknowledgement waits for the server
    note = EmailMessage()
    note["From"], note["To"], note["Subject"] = SCHOOLS["c"][1], SENDER, "Re: "
    note["Message-ID"], note["In-Reply-To"] = "<note-2@example.edu.vn>", f"<{first.message_id}>"
    note.set_content("Em gửi nhầm file, xin Phòng bỏ giúp em ạ.")
    pipeline.process(rt, note.as_bytes(), received_at=RECEIVED + dt.timedelta(minutes=70), source="test")
    smtp.start()
    clock.now = RECEIVED + dt.timedelta(hours=2)
    result = jobs.tick(rt, compose=False)
    assert ack_of(smtp, "b") == [] and len(result.withdrawn) == 1
    [withdrawn] = Outbox(rt.store).entries(states=[OutboxState.CANCELLED])
    assert withdrawn.school_id == "b" and "đề nghị hủy thư này" in withdrawn.last_error


def test_an_unreadable_mail_from_another_address_is_not_told_to_the_school_as_a_report_received(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """A teacher's gmail sent the school's report with a password; the copy to the school's registered
    address said «Phòng đã nhận báo cáo của trường gửi từ địa chỉ …» above the paragraph saying the office
    had recorded no report: the principal read that the report had been received."""
    sender = "hieutruong.bt1@gmail.com"
    submit(
        rt,
        "b",
        RECEIVED,
        sender=sender,
        found=(),
        problems=("Tệp bao-cao-nq121.pdf được bảo vệ bằng mật khẩu.",),
    )
    clock.now = RECEIVED + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    [(rcpt, text)] = ack_of(smtp, "b")
    assert rcpt == (sender, SCHOOLS["b"][1])
    assert "đã nhận báo cáo" not in text
    assert (
        f"Phòng đã nhận thư gửi báo cáo của trường từ địa chỉ {sender}, không phải địa chỉ đã đăng ký."
        in text
    )
    assert "Nếu nhà trường không gửi thư này, xin báo ngay cho Phòng." in text


@pytest.mark.parametrize(
    ("original", "told"),
    [(SCHOOLS["b"][1], False), ("hieutruong.bt1@gmail.com", True)],
    ids=["from the school's address", "from a personal address"],
)
def test_a_report_the_office_forwarded_is_judged_by_and_answered_to_its_original_sender(
    rt: Runtime, clock: Clock, smtp: SmtpServer, original: str, told: bool
) -> None:
    """The acknowledgement («Kính gửi: Hiệu trưởng …») of a school's report a commune officer passed on
    went to the officer, and the school was never told it was received: it goes to the school's sender."""
    submit(rt, "b", RECEIVED, sender=STAFF, forwarded_from=(original,))
    clock.now = RECEIVED + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    [(rcpt, text)] = ack_of(smtp, "b")
    assert rcpt == ((original, SCHOOLS["b"][1]) if told else (original,))
    if told:
        assert f"Phòng đã nhận báo cáo của trường gửi từ địa chỉ {original}, không phải" in text


def test_staff_passing_on_a_copy_of_what_the_school_sent_itself_send_no_second_acknowledgement(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """A school sent its report with the commune officer in Cc, and the officer forwarded it to the office
    ten minutes later: a second acknowledgement («gửi lại đúng báo cáo…») went out for the one report."""
    submit(rt, "b", RECEIVED)
    submit(rt, "b", RECEIVED + dt.timedelta(minutes=10), sender=STAFF, forwarded_from=(SCHOOLS["b"][1],))
    clock.now = RECEIVED + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    [(rcpt, _)] = ack_of(smtp, "b")
    assert rcpt == (SCHOOLS["b"][1],)


def test_anyone_passing_on_a_copy_of_what_the_school_sent_itself_sends_no_second_acknowledgement(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """A school sent its report to the district office that no longer collects it, with the commune in
    Cc; a week later the old office forwarded that mail to the commune. A second acknowledgement went
    out, to the old office and the school, for the one report: the old office is no address of ours."""
    submit(rt, "b", RECEIVED, content="bao-cao")
    clock.now = RECEIVED + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    old_office = "pgdthuthua.longan@moet.edu.vn"
    forwarded = RECEIVED + dt.timedelta(days=7)
    submit(rt, "b", forwarded, sender=old_office, forwarded_from=(SCHOOLS["b"][1],), content="bao-cao")
    clock.now = RECEIVED + dt.timedelta(days=7, hours=1)
    jobs.tick(rt, compose=False)
    [(rcpt, _)] = ack_of(smtp, "b")
    assert rcpt == (SCHOOLS["b"][1],)


def test_the_acknowledgement_names_the_signer_and_warns_of_a_signature_that_does_not_hold(
    tmp_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    root = tmp_path / "root.pem"
    root.write_bytes(pki.Authority.create().root.pem)
    path = tmp_path / "config.toml"
    path.write_text(config_text(smtp.port) + '\n[trust]\nroots = ["root.pem"]\n', encoding="utf-8")
    rt = open_runtime(config_mod.load(path), clock)
    submit(rt, "b", RECEIVED, signatures=(SIGNED, UNTRUSTED))
    clock.now = RECEIVED + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    rt.close()
    [(_, text)] = ack_of(smtp, "b")
    assert (
        "Tệp bao-cao-nq121.pdf có chữ ký số hợp lệ của Trường Tiểu học Bình Thạnh 1 "
        "(người ký: Lê Văn Tám; chứng thư do VNPT-CA cấp), ký lúc 09:00 ngày 20/10/2021." in text
    )
    assert f"Tệp phu-luc.pdf: {UNTRUSTED.reason}" in text
    assert "Lưu ý về chữ ký số: Phòng không dùng các chữ ký sau làm căn cứ" in text


def test_a_school_is_not_told_to_check_its_certificate_while_the_office_trusts_no_authority(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """With no [trust].roots configured, every school that signed its report was told its signature was
    not recognised «chưa có chứng thư gốc tin cậy nào được cấu hình» and asked to check its certificate:
    the office's setting to mend, not the school's certificate."""
    submit(rt, "b", RECEIVED, signatures=(SIGNED, UNTRUSTED))
    clock.now = RECEIVED + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    [(_, text)] = ack_of(smtp, "b")
    assert "Tệp bao-cao-nq121.pdf có chữ ký số hợp lệ" in text
    assert "Lưu ý về chữ ký số" not in text and "phu-luc.pdf" not in text


def test_the_acknowledgement_of_mail_whose_sender_failed_authentication_says_so(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    address = SCHOOLS["b"][1]
    submit(rt, "b", RECEIVED, signatures=(SIGNED,), sender_check=forged(address))
    clock.now = RECEIVED + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    [(_, text)] = ack_of(smtp, "b")
    assert (
        f"máy chủ thư của Phòng không xác thực được thư này là gửi từ địa chỉ {address} (DMARC không đạt)"
        in text
    )


def test_an_unsigned_report_from_an_authenticated_sender_carries_no_proof_paragraphs(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    passed = SenderCheck(SCHOOLS["b"][1], dmarc=Check.PASS, checked_by="mx", explanation="đã xác thực")
    submit(rt, "b", RECEIVED, sender_check=passed)
    clock.now = RECEIVED + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    [(_, text)] = ack_of(smtp, "b")
    assert "chữ ký số" not in text.lower() and "xác thực" not in text


def test_the_digest_lists_valid_signatures_and_forged_senders(rt: Runtime, clock: Clock) -> None:
    submit(rt, "b", RECEIVED, signatures=(SIGNED, UNTRUSTED))
    submit(
        rt, "c", RECEIVED, sender="c1myan.giaovu@gmail.com", sender_check=forged("c1myan.giaovu@gmail.com")
    )
    submit(rt, "d", RECEIVED)
    now = local("2021-10-25 07:30")
    [status] = jobs.statuses(rt, now)
    digest = Renderer(rt.config).digest(status, now)
    assert (
        "Chữ ký số hợp lệ của Trường Tiểu học Bình Thạnh 1 (người ký: Lê Văn Tám; chứng thư do VNPT-CA cấp), "
        "ký lúc 09:00 ngày 20/10/2021" in digest.text
    )
    assert f"Tệp phu-luc.pdf: {UNTRUSTED.reason}" in digest.text
    assert "Thư giả mạo địa chỉ c1myan.giaovu@gmail.com: DMARC không đạt" in digest.text
    proof = digest.text.split("CHỮ KÝ SỐ VÀ XÁC THỰC NGƯỜI GỬI")[1].split("Bảng đầy đủ")[0]
    assert (
        SCHOOLS["d"][0] not in proof
    )  # an unsigned report from an unchecked sender proves nothing either way
    counts = dict(
        line.rsplit(None, 1)
        for line in digest.text.splitlines()
        if line.startswith(("Báo cáo có", "Thư giả"))
    )
    assert counts == {"Báo cáo có chữ ký số hợp lệ của trường": "1", "Thư giả mạo địa chỉ": "1"}
    assert "Thư giả mạo địa chỉ c1myan.giaovu@gmail.com: DMARC không đạt" in digest.html


def test_a_resend_after_the_deadline_is_acknowledged_on_time_as_the_first_report_counts(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """A school reported on time, then sent the signed copy two days after the deadline: the status
    kept it on time (the first readable report decides), but the acknowledgement of the copy told
    the school its report was received after the deadline."""
    submit(rt, "b", RECEIVED)
    clock.now = RECEIVED + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    signed = local("2021-10-27 08:00")
    submit(rt, "b", signed)
    clock.now = signed + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    [(_, first), (_, again)] = ack_of(smtp, "b")
    assert "Báo cáo được nhận đúng hạn" in first
    assert "sau hạn nộp" not in again
    assert "lần đầu lúc 09:15 ngày 20/10/2021" in again and "nộp đúng hạn" in again


def test_a_supplement_of_one_section_is_not_told_the_sections_sent_before_are_missing(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """The acknowledgement asked for "Đề xuất, kiến nghị"; the school sent a supplement holding only
    that section, and its acknowledgement said the three sections of the first report were missing."""
    submit(rt, "b", RECEIVED, found=("chi_dao", "ket_qua", "kho_khan"))
    clock.now = RECEIVED + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    supplement = local("2021-10-21 10:00")
    submit(rt, "b", supplement, found=("de_xuat",))
    clock.now = supplement + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    [(_, first), (_, again)] = ack_of(smtp, "b")
    assert "chưa tìm thấy các nội dung: Đề xuất, kiến nghị." in first
    assert "chưa tìm thấy" not in again and "Các nội dung đã có trong thư này: Đề xuất, kiến nghị." in again


def test_an_unreadable_resend_is_not_told_the_school_has_not_reported(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """A school's report was read; its resend of the signed copy had a password. The status still
    counts the first report, but the acknowledgement said the office had not recorded any report."""
    submit(rt, "b", RECEIVED)
    clock.now = RECEIVED + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    locked = local("2021-10-22 10:00")
    submit(rt, "b", locked, found=(), problems=("Tệp bao-cao-nq121.pdf được bảo vệ bằng mật khẩu.",))
    clock.now = locked + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    [_, (_, again)] = ack_of(smtp, "b")
    assert "được bảo vệ bằng mật khẩu" in again
    assert "chưa ghi nhận nhà trường đã nộp" not in again
    assert "Báo cáo nhà trường đã gửi lúc 09:15 ngày 20/10/2021 vẫn được tính (nộp đúng hạn)." in again


def test_the_subject_of_an_unreadable_reports_acknowledgement_says_it_could_not_be_read(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """The acknowledgement of a file that could not be read was titled «Đã nhận báo cáo … của Trường …»
    like a received report, while its body asked the school to send the report again: a school that
    reads only the subject in its inbox believed it had reported."""
    submit(rt, "b", RECEIVED, found=(), problems=("Tệp bao-cao-nq121.pdf được bảo vệ bằng mật khẩu.",))
    submit(rt, "c", RECEIVED)
    clock.now = RECEIVED + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    (locked,) = [d for d in smtp.delivered if SCHOOLS["b"][0] in d.subject]
    (read,) = [d for d in smtp.delivered if SCHOOLS["c"][0] in d.subject]
    assert locked.subject.startswith("Đã nhận thư nhưng không đọc được báo cáo")
    assert read.subject.startswith("Đã nhận báo cáo") and "không đọc được" not in read.subject


def test_an_acknowledgement_waiting_for_the_server_is_withdrawn_when_staff_reject_or_move_the_report(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """While the SMTP server was down, acknowledgements waited in the outbox; staff meanwhile rejected
    Bình Thạnh 1's mail (a test send) and moved Mỹ An's to Long Thạnh. When the server came back both
    schools were told «Đã nhận báo cáo … của» themselves: Bình Thạnh 1 believed it had reported. They
    are withdrawn with the reason; an acknowledgement still true goes out."""
    b = submit(rt, "b", RECEIVED)
    c = submit(rt, "c", RECEIVED)
    submit(rt, "d", RECEIVED)
    smtp.stop()
    clock.now = RECEIVED + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)  # three acknowledgements wait for the server
    for sub, staff_choice in ((b, ()), (c, (dataclasses.replace(c, school_id="e"),))):
        row = rt.store.message(sub.message_key)
        assert row is not None
        state = MessageState.REPORT if staff_choice else MessageState.REJECTED
        rt.store.record_outcome(dataclasses.replace(row, state=state), staff_choice, ())
    smtp.start()
    clock.now = RECEIVED + dt.timedelta(hours=2)
    result = jobs.tick(rt, compose=False)

    assert ack_of(smtp, "b") == [] and ack_of(smtp, "c") == []
    assert [rcpt for rcpt, _ in ack_of(smtp, "d")] == [(SCHOOLS["d"][1],)]
    assert [rcpt for rcpt, _ in ack_of(smtp, "e")] == [(SCHOOLS["c"][1], SCHOOLS["e"][1])]
    assert len(result.withdrawn) == 2
    withdrawn = Outbox(rt.store).entries(states=[OutboxState.CANCELLED])
    assert {e.school_id for e in withdrawn} == {"b", "c"}
    assert all("cán bộ đã loại thư hoặc gán thư" in e.last_error for e in withdrawn)


def test_the_send_summary_says_which_mail_was_cancelled_and_why(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """`outbox --send` said «2 thư nhắc được hủy vì trường đã nộp báo cáo» of whatever it withdrew: here an
    acknowledgement of a mail staff rejected while the server was down, no reminder at all."""
    b = submit(rt, "b", RECEIVED)
    smtp.stop()
    clock.now = RECEIVED + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    row = rt.store.message(b.message_key)
    assert row is not None
    rt.store.record_outcome(dataclasses.replace(row, state=MessageState.REJECTED), (), ())
    smtp.start()
    clock.now = RECEIVED + dt.timedelta(hours=2)
    line = delivery_line(jobs.tick(rt, compose=False))
    assert "1 thư «Xác nhận đã nhận» được hủy vì cán bộ đã loại thư hoặc gán thư" in line, line
    assert "thư nhắc" not in line, line


def mail_report(
    rt: Runtime,
    school: str,
    when: dt.datetime,
    paper: bytes,
    subject: str,
    note: str,
    *,
    sender: str | None = None,
    headers: dict[str, str] | None = None,
    name: str = "BC NQ121.docx",
    beside: dict[str, bytes] | None = None,
) -> pipeline.Outcome:
    """A school's mail with one Word file (from its registered address unless sender is given) and the
    files beside it, through the real pipeline."""
    mail = EmailMessage()
    mail["From"] = sender or SCHOOLS[school][1]
    mail["To"] = SENDER
    mail["Subject"] = subject
    mail["Message-ID"] = f"<{school}-{when:%Y%m%d%H%M}@example.edu.vn>"
    mail["Date"] = when.strftime("%a, %d %b %Y %H:%M:%S +0700")
    for key, value in (headers or {}).items():
        mail[key] = value
    mail.set_content(note)
    mail.add_attachment(paper, maintype="application", subtype="octet-stream", filename=name)
    for other, data in (beside or {}).items():
        mail.add_attachment(data, maintype="application", subtype="octet-stream", filename=other)
    return pipeline.process(rt, mail.as_bytes(), received_at=when, source="test")


def test_the_schools_own_mail_passed_on_by_a_personal_address_is_acknowledged_as_the_schools(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """An officer forwarded from her own gmail the mail Bình Thạnh 1 had sent her: the acknowledgement
    told the principal «Phòng đã nhận báo cáo của trường gửi từ địa chỉ ntmai…@gmail.com, không phải địa
    chỉ đã đăng ký. Nếu nhà trường không gửi báo cáo này, xin báo ngay», though the school had sent it,
    from its own address. It says whose mail it was, and who passed it on."""
    paper = render_docx(make_paper(SCHOOLS["b"][0], year=2021, rng=random.Random(9)))
    gmail = "ntmai.pgdthuthua@gmail.com"
    note = (
        "---------- Forwarded message ---------\n"
        f"From: {SCHOOLS['b'][0]} <{SCHOOLS['b'][1]}>\n"
        "Date: Th 2, 18 thg 10, 2021 vào lúc 12:21\n"
        "Subject: Báo cáo NQ121\n"
        f"To: Nguyễn Thị Mai <{gmail}>\n"
    )
    mail_report(rt, "b", RECEIVED, paper, "Fwd: Báo cáo NQ121", note, sender=gmail)
    clock.now = RECEIVED + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    [(rcpt, text)] = ack_of(smtp, "b")
    assert rcpt == (gmail, SCHOOLS["b"][1])
    assert (
        f"Phòng đã nhận báo cáo nhà trường gửi từ địa chỉ {SCHOOLS['b'][1]}, do địa chỉ {gmail} chuyển tiếp."
        in text
    )
    assert "xin báo ngay" not in text


def test_last_years_report_sent_in_this_season_is_not_acknowledged_as_this_years(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """A school mailed its 2020 report (the file of last year, forwarded again) on 16/10/2021. It counts
    for 2020, late, and the school still owes the 2021 report, but the acknowledgement only said «Đã
    nhận báo cáo … năm 2020»: a principal reading «đã nhận» took this year's report as done, while the
    reminders that followed said nothing had been received (and still said so without a word of the
    mail the school had sent)."""
    old = render_docx(make_paper(SCHOOLS["c"][0], year=2020, rng=random.Random(4)))
    when = local("2021-10-16 09:00")
    outcome = mail_report(rt, "c", when, old, "Fwd: Báo cáo NQ121 năm 2020", "Trường gửi báo cáo ạ.")
    assert [(s.school_id, s.year) for s in outcome.submissions] == [("c", 2020)]
    clock.now = when + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    [(_, text)] = ack_of(smtp, "c")
    assert "được tính là báo cáo năm 2020, không phải báo cáo năm 2021 (hạn nộp: hết ngày 25/10/2021)" in text
    assert "gửi báo cáo năm 2021 về địa chỉ pgdthuthua@example.edu.vn chậm nhất ngày 25/10/2021" in text
    clock.now = local("2021-10-18 07:30")  # the reminder 7 days before the deadline
    jobs.tick(rt)
    [reminder] = [d for d in smtp.to(SCHOOLS["c"][1]) if d.subject.startswith("Nhắc")]
    body = reminder.message.get_body(("plain",))
    assert body is not None
    assert (
        "Lưu ý: thư nhà trường gửi lúc 09:00 ngày 16/10/2021 là báo cáo năm 2020 (văn bản ghi năm 2020), "
        "không phải báo cáo năm 2021" in " ".join(body.get_content().split())
    )


def _answer_and_next_reminder(
    rt: Runtime, clock: Clock, smtp: SmtpServer, words: str
) -> tuple[pipeline.Outcome, str, str]:
    """School c answers its reminder of 11/10 with words on 15/10: what intake made of the answer, the
    first reminder's subject, and the text of the next reminder (18/10), its spacing evened out."""
    clock.now = local("2021-10-11 07:30")
    jobs.tick(rt)
    [first] = [d for d in smtp.to(SCHOOLS["c"][1]) if d.subject.startswith("Nhắc")]
    note = EmailMessage()
    note["From"], note["To"], note["Subject"] = SCHOOLS["c"][1], SENDER, f"Re: {first.subject}"
    note["Message-ID"], note["In-Reply-To"] = "<tra-loi@example.edu.vn>", f"<{first.message_id}>"
    note.set_content(words)
    answered = pipeline.process(rt, note.as_bytes(), received_at=local("2021-10-15 09:00"), source="test")
    clock.now = local("2021-10-18 07:30")
    jobs.tick(rt)
    [reminder] = [d for d in smtp.to(SCHOOLS["c"][1]) if d.subject.startswith("Nhắc") and d is not first]
    body = reminder.message.get_body(("plain",))
    assert body is not None
    return answered, first.subject, " ".join(body.get_content().split())


def test_a_school_that_answered_it_had_sent_the_report_is_told_its_answer_came_without_one(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """A school answered a reminder «Dạ trường em đã gửi rồi ạ», nothing attached; nothing of it was on
    record. The next reminder said nothing of the answer and asked again «xin trả lời thư này», which the
    school had just done. It now says the answer came without a report and asks for the file."""
    answered, subject, text = _answer_and_next_reminder(rt, clock, smtp, "Dạ trường em đã gửi rồi ạ.")
    assert answered.state == MessageState.REVIEW, answered.reason
    assert (
        f'Lưu ý: Phòng đã nhận thư "Re: {subject}" nhà trường gửi lúc 09:00 ngày 15/10/2021, nhưng thư '
        "không kèm báo cáo" in text
    )
    assert "xin trả lời thư này" not in text


def test_a_school_that_asked_for_more_time_is_told_its_request_is_being_looked_at(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """A school answered a reminder «xin gia hạn đến 30/10 vì Hiệu trưởng đi công tác»; the next reminder
    said its mail came without a report and asked it to send the file again if it had sent one, which
    answers nothing it asked. It now says the request is being looked at and the deadline holds until
    then."""
    words = "Dạ trường em xin gia hạn nộp báo cáo đến ngày 30/10 vì Hiệu trưởng đi công tác ạ."
    asked, subject, text = _answer_and_next_reminder(rt, clock, smtp, words)
    assert asked.state == MessageState.REVIEW and "xin gia hạn" in asked.reason[:40], asked.reason
    assert (
        f'Lưu ý: Phòng đã nhận thư "Re: {subject}" nhà trường gửi lúc 09:00 ngày 15/10/2021 xin gia hạn '
        "nộp báo cáo; cán bộ Phòng đang xem xét và sẽ báo lại. Khi chưa được gia hạn, hạn nộp vẫn là hết ngày "
        "25/10/2021." in text
    )
    assert "không kèm báo cáo" not in text, text


def test_an_overdue_reminder_quoting_a_request_still_pending_does_not_call_the_past_deadline_current(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """A school asked for more time and staff had not decided when the deadline passed: the overdue
    reminder still said «Khi chưa được gia hạn, hạn nộp vẫn là hết ngày 25/10/2021», days after that day.
    It now says the report is counted against that day, which has passed, and to send it when done."""
    words = "Dạ trường em xin gia hạn nộp báo cáo đến ngày 05/11 vì Hiệu trưởng đi công tác ạ."
    _answer_and_next_reminder(rt, clock, smtp, words)
    for day in range(26, 32):
        clock.now = local(f"2021-10-{day} 07:30")
        jobs.tick(rt)
    overdue = [d for d in smtp.to(SCHOOLS["c"][1]) if d.subject.startswith("Quá hạn")]
    assert overdue, [d.subject for d in smtp.to(SCHOOLS["c"][1])]
    body = overdue[0].message.get_body(("plain",))
    assert body is not None
    text = " ".join(body.get_content().split())
    assert "đang xem xét và sẽ báo lại" in text, text
    assert "hạn nộp vẫn là hết ngày 25/10/2021" not in text
    assert (
        "Khi chưa được gia hạn, báo cáo vẫn tính theo hạn hết ngày 25/10/2021 (đã qua); đề nghị nhà trường "
        "gửi báo cáo ngay khi hoàn thành." in text
    )


def test_a_school_granted_the_extension_it_asked_for_is_told_so_not_that_it_is_being_looked_at(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """A school asked for more time; staff extended its deadline. Every later reminder still said the
    request was being looked at («đang xem xét và sẽ báo lại … Khi chưa được gia hạn»), so nothing ever
    told the school it was granted, and the digest still asked staff to decide it. Both now say it was
    granted, and until when."""
    words = "Dạ trường em xin gia hạn nộp báo cáo đến ngày 05/11 vì Hiệu trưởng đi công tác ạ."
    _, subject, _ = _answer_and_next_reminder(rt, clock, smtp, words)
    extend_c(rt, local("2021-10-19 09:00"))
    clock.now = local("2021-10-22 07:30")  # 14 days before the school's own deadline
    jobs.tick(rt)
    reminder = [d for d in smtp.to(SCHOOLS["c"][1]) if d.subject.startswith("Nhắc")][-1]
    body = reminder.message.get_body(("plain",))
    assert body is not None
    text = " ".join(body.get_content().split())
    assert (
        f'Lưu ý: theo thư "Re: {subject}" nhà trường gửi lúc 09:00 ngày 15/10/2021 xin gia hạn nộp báo cáo, '
        "Phòng đã gia hạn cho nhà trường đến hết ngày 05/11/2021." in text
    )
    assert "đang xem xét" not in text and "Khi chưa được gia hạn" not in text
    [status] = jobs.statuses(rt, clock.now)
    digest = " ".join(Renderer(rt.config).digest(status, clock.now).text.split())
    assert "đã gia hạn cho Trường Tiểu học Mỹ An đến 05/11/2021" in digest, digest


@pytest.mark.parametrize("reply", [True, False], ids=["answering the reminder", "in a new mail"])
def test_a_schools_question_waits_for_staff_whether_or_not_it_answers_our_mail(
    rt: Runtime, clock: Clock, smtp: SmtpServer, reply: bool
) -> None:
    """A school asked «Cho em hỏi … có mẫu mới không ạ?» in a new mail of its own, not answering the
    reminder: it was filed «không phải báo cáo» («Thư nhắc đến báo cáo nhưng không kèm văn bản báo cáo
    nào»), never reached the review queue, and the next reminder told the school nothing had come while
    nobody answered it. The same words answering the reminder waited for staff as a question. Both wait
    for staff alike, and the next reminder says the mail came and staff will read it."""
    clock.now = local("2021-10-11 07:30")
    jobs.tick(rt)
    [first] = [d for d in smtp.to(SCHOOLS["c"][1]) if d.subject.startswith("Nhắc")]
    question = EmailMessage()
    question["From"], question["To"], question["Message-ID"] = SCHOOLS["c"][1], SENDER, "<hoi@example.edu.vn>"
    question["Date"] = "Fri, 15 Oct 2021 09:00:00 +0700"
    question["Subject"] = f"Re: {first.subject}" if reply else "Hỏi về báo cáo Nghị quyết 121/2020/QH14"
    if reply:
        question["In-Reply-To"] = f"<{first.message_id}>"
    question.set_content(
        "Dạ kính gửi Phòng,\nCho em hỏi báo cáo Nghị quyết 121/2020/QH14 năm nay Phòng có mẫu mới không ạ, và "
        "trường có cần gửi thêm bản giấy có đóng dấu không ạ?\nEm cảm ơn Phòng ạ."
    )
    asked = pipeline.process(rt, question.as_bytes(), received_at=local("2021-10-15 09:00"), source="test")
    assert asked.state == MessageState.REVIEW, asked.reason
    [review] = asked.reviews
    assert review.candidates == ("c",) and review.asks
    assert (
        "có cần gửi thêm bản giấy có đóng dấu không ạ? Em cảm ơn Phòng ạ.». Thư có câu hỏi, cán bộ cần trả lời "
        "trường." in review.reason
    )
    clock.now = local("2021-10-18 07:30")
    jobs.tick(rt)
    [reminder] = [d for d in smtp.to(SCHOOLS["c"][1]) if d.subject.startswith("Nhắc") and d is not first]
    body = reminder.message.get_body(("plain",))
    assert body is not None
    text = " ".join(body.get_content().split())
    assert (
        f'Lưu ý: Phòng đã nhận thư "{question["Subject"]}" nhà trường gửi lúc 09:00 ngày 15/10/2021, nhưng thư '
        "không kèm báo cáo; cán bộ Phòng sẽ xem nội dung thư." in text
    ), text


def test_a_resend_of_the_same_file_is_acknowledged_as_counted_once(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """A school unsure its report arrived mailed the very same file again. The status counts it once
    (a copy), but its acknowledgement said the contents of this mail replaced those sent before, as
    for a correction, and never that there was nothing more to do."""
    paper = render_docx(make_paper(SCHOOLS["b"][0], year=2021, rng=random.Random(5)))
    first, again = local("2021-10-13 09:00"), local("2021-10-13 15:00")
    for when, note in ((first, "Trường gửi báo cáo."), (again, "Trường gửi lại báo cáo, sợ chưa tới ạ.")):
        mail_report(rt, "b", when, paper, "Báo cáo NQ121 năm 2021", note)
        clock.now = when + dt.timedelta(minutes=5)
        jobs.tick(rt, compose=False)
    [(_, one), (_, two)] = ack_of(smtp, "b")
    assert "Báo cáo được nhận đúng hạn" in one
    assert "gửi lại đúng báo cáo nhà trường đã gửi lúc 09:00 ngày 13/10/2021" in two
    assert (
        "chỉ tính một lần (nộp đúng hạn, hạn nộp: hết ngày 25/10/2021); nhà trường không cần gửi lại" in two
    )
    assert "được dùng thay cho phần tương ứng" not in two


def test_mail_staff_assign_after_days_in_review_is_acknowledged(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """Mỹ An's report went out under Bình Thạnh 1's header (the file of the school next door) and waited
    in review; staff assigned it to Mỹ An four days later. The acknowledgement window counted from the
    mail's receipt, so the school never heard that its report counted. Mail of a closed season that
    staff sort out later is still not acknowledged."""
    paper = render_docx(make_paper(SCHOOLS["b"][0], year=2021, rng=random.Random(2)))
    when = local("2021-10-19 09:00")
    outcome = mail_report(rt, "c", when, paper, f"Báo cáo NQ121 - {SCHOOLS['c'][0]}", "Trường gửi báo cáo.")
    assert outcome.state == MessageState.REVIEW
    older = local("2020-10-20 09:00")
    stale = mail_report(rt, "d", older, paper, f"Báo cáo NQ121 - {SCHOOLS['d'][0]}", "Trường gửi báo cáo.")
    assert stale.state == MessageState.REVIEW
    clock.now = when + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    assert smtp.delivered == []
    clock.now = local("2021-10-23 10:00")
    review_mod.assign(rt, outcome.key, "c", by=STAFF)
    review_mod.assign(rt, stale.key, "d", by=STAFF)
    clock.now = local("2021-10-23 10:05")
    jobs.tick(rt, compose=False)
    [(rcpt, text)] = ack_of(smtp, "c")
    assert rcpt == (SCHOOLS["c"][1],)
    assert "Lúc 09:00 ngày 19/10/2021, Phòng" in text and "Báo cáo được nhận đúng hạn" in text
    assert ack_of(smtp, "d") == []


def test_a_reminder_after_staff_took_back_an_acknowledged_report_says_so(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """Bình Thạnh 1 was told «Đã nhận báo cáo» for its mail of 12/10; staff then rejected it (last
    year's file sent by mistake) and Mỹ An's mail was moved to Long Thạnh. The reminders that followed
    said only «Phòng chưa nhận được báo cáo của nhà trường»: the principals, holding an acknowledgement,
    could not tell which to believe. The reminder now says the acknowledged mail no longer counts."""
    b = submit(rt, "b", local("2021-10-12 09:00"))
    c = submit(rt, "c", local("2021-10-12 10:00"))
    clock.now = local("2021-10-12 11:00")
    jobs.tick(rt, compose=False)
    review_mod.reject(rt, b.message_key, by=STAFF, why="tệp năm trước")
    review_mod.assign(rt, c.message_key, "e", by=STAFF)
    clock.now = local("2021-10-18 07:30")
    jobs.tick(rt)
    note = 'Lưu ý: Phòng đã gửi thư xác nhận đã nhận thư "Báo cáo NQ121 năm 2021 - {}" nhà trường gửi lúc {}'
    for school, at in (("b", "09:00 ngày 12/10/2021"), ("c", "10:00 ngày 12/10/2021")):
        [reminder] = [d for d in smtp.to(SCHOOLS[school][1]) if d.subject.startswith("Nhắc nộp")]
        text = reminder.message.get_content()
        assert note.format(SCHOOLS[school][0], at) in text
        assert "cán bộ Phòng không tính thư đó là báo cáo" in text
    [other] = [d for d in smtp.to(SCHOOLS["d"][1]) if d.subject.startswith("Nhắc nộp")]
    assert "Lưu ý" not in other.message.get_content()


def test_a_school_whose_acknowledged_report_is_taken_back_after_its_last_reminder_is_told_once(
    config_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    """With one overdue reminder only (overdue_weekly = false), Bình Thạnh 1 was reminded on 26/10,
    reported on 28/10 and was told «Đã nhận báo cáo»; on 02/11 staff rejected the mail (last year's
    file). Only reminders say that an acknowledged mail no longer counts, and none was left to send: the
    school, holding its acknowledgement, was never told. It now hears at once, in one mail."""
    config_path.write_text(config_text(smtp.port, overdue_weekly=False), encoding="utf-8")
    rt = open_runtime(config_mod.load(config_path), clock)
    clock.now = local("2021-10-26 07:35")
    jobs.tick(rt)
    assert [d.subject[:11] for d in smtp.to(SCHOOLS["b"][1])] == ["Quá hạn nộp"]
    b = submit(rt, "b", local("2021-10-28 09:00"))
    clock.now = local("2021-10-28 09:05")
    jobs.tick(rt)
    assert len(ack_of(smtp, "b")) == 1
    clock.now = local("2021-11-02 10:00")
    review_mod.reject(rt, b.message_key, by=STAFF, why="tệp năm trước")
    for at in ("2021-11-02 10:05", "2021-11-03 10:05", "2021-11-20 10:05"):
        clock.now = local(at)
        jobs.tick(rt)
    rt.close()
    told = [d for d in smtp.to(SCHOOLS["b"][1]) if "không tính thư đó là báo cáo" in d.message.get_content()]
    assert [d.subject[:11] for d in told] == ["Quá hạn nộp"]
    assert 'đã nhận thư "Báo cáo NQ121 năm 2021 - ' in told[0].message.get_content()


def test_a_school_whose_acknowledged_report_is_taken_back_hears_of_it_before_the_next_reminder(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """Bình Thạnh 1, reminded on 11/10, reported on 12/10 and was told «Đã nhận báo cáo»; staff rejected
    the mail the same day, and the school heard nothing until the reminder of 18/10. It is told at the
    next run, and the reminders that follow still say so; the mail telling it is sent once."""
    clock.now = local("2021-10-11 07:35")
    jobs.tick(rt)
    assert [d.subject[:8] for d in smtp.to(SCHOOLS["b"][1])] == ["Nhắc nộp"]
    b = submit(rt, "b", local("2021-10-12 09:00"))
    clock.now = local("2021-10-12 11:00")
    jobs.tick(rt, compose=False)
    review_mod.reject(rt, b.message_key, by=STAFF, why="tệp năm trước")
    for at in ("2021-10-12 11:05", "2021-10-13 11:05", "2021-10-18 07:35"):
        clock.now = local(at)
        jobs.tick(rt)
    told = [d for d in smtp.to(SCHOOLS["b"][1]) if "không tính thư đó là báo cáo" in d.message.get_content()]
    assert [d.at.date() for d in told] == [dt.date(2021, 10, 12), dt.date(2021, 10, 18)]


def test_a_school_told_its_report_no_longer_counts_hears_once_when_staff_count_it_again(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """Bình Thạnh 1 was told «Đã nhận báo cáo»; a clerk rejected the mail by mistake and the school was told
    the office no longer counts it; the clerk then assigned it back. The status said the school reported,
    but nothing told the school, which still believed it had not. It now hears once that its report
    counts after all. Mỹ An's notice still waited for the mail server when its mail was assigned back: the
    notice is withdrawn, and Mỹ An, never told otherwise, is not acknowledged a second time."""
    b = submit(rt, "b", local("2021-10-12 09:00"))
    c = submit(rt, "c", local("2021-10-12 09:30"))
    clock.now = local("2021-10-12 11:00")
    jobs.tick(rt, compose=False)
    review_mod.reject(rt, b.message_key, by=STAFF, why="nhầm")
    clock.now = local("2021-10-12 11:05")
    jobs.tick(rt)
    assert [d for d in smtp.to(SCHOOLS["b"][1]) if "không tính thư đó là báo cáo" in d.message.get_content()]
    smtp.stop()
    review_mod.reject(rt, c.message_key, by=STAFF, why="nhầm")
    clock.now = local("2021-10-12 11:10")
    jobs.tick(rt)
    review_mod.assign(rt, c.message_key, "c", by=STAFF, why="loại nhầm")
    smtp.start()
    clock.now = local("2021-10-12 14:00")
    review_mod.assign(rt, b.message_key, "b", by=STAFF, why="loại nhầm")
    for at in ("2021-10-12 14:05", "2021-10-13 14:05", "2021-10-18 07:35"):
        clock.now = local(at)
        jobs.tick(rt)
    subjects = [d.subject for d in smtp.to(SCHOOLS["b"][1])]
    assert [s[:11] for s in subjects] == ["Đã nhận báo", "Nhắc nộp bá", "Đính chính:"], subjects
    text = smtp.to(SCHOOLS["b"][1])[-1].message.get_content()
    assert "đã báo nhà trường rằng thư này không được tính là báo cáo của nhà trường" in text
    assert "đã xem xét lại và tính thư này là báo cáo" in text and "Báo cáo được nhận đúng hạn" in text
    assert [d.subject[:11] for d in smtp.to(SCHOOLS["c"][1])] == ["Đã nhận báo"]
    [withdrawn] = Outbox(rt.store).entries(states=[OutboxState.CANCELLED])
    assert withdrawn.kind == "reminder" and withdrawn.school_id == "c"


def test_a_school_whose_acknowledged_report_is_taken_back_after_the_season_closed_is_told_once(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """Bình Thạnh 1 reported on 20/10/2021 and was told «Đã nhận báo cáo»; in January, the season long
    closed, staff building the year's consolidated report rejected the mail (last year's file). No
    reminder goes out after the season, so the school, holding its acknowledgement, never heard that the
    office counts it as not having reported. It now hears once, at the next run; Mỹ An, whose mail staff
    had assigned on time and was not taken back, hears nothing."""
    b = submit(rt, "b", local("2021-10-20 09:00"))
    submit(rt, "c", local("2021-10-20 10:00"))
    clock.now = local("2021-10-20 11:00")
    jobs.tick(rt, compose=False)
    assert len(ack_of(smtp, "b")) == 1
    clock.now = local("2022-01-05 10:00")
    review_mod.reject(rt, b.message_key, by=STAFF, why="tệp năm trước")
    for at in ("2022-01-05 10:05", "2022-01-06 10:05", "2022-01-20 10:05"):
        clock.now = local(at)
        jobs.tick(rt)
    told = [d for d in smtp.to(SCHOOLS["b"][1]) if "không tính thư đó là báo cáo" in d.message.get_content()]
    assert [d.at.date() for d in told] == [dt.date(2022, 1, 5)]
    assert 'đã nhận thư "Báo cáo NQ121 năm 2021 - ' in told[0].message.get_content()
    assert [d for d in smtp.to(SCHOOLS["c"][1]) if d.at.year == 2022] == []


def test_a_school_told_after_the_season_that_its_report_no_longer_counts_hears_when_it_counts_again(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """In January, the season long closed, a clerk rejected Bình Thạnh 1's acknowledged mail by mistake and
    the school was told the office no longer counts it; the clerk assigned it back the next day. Mail of a
    closed season is not acknowledged, so the school was left holding the last word, that it had not
    reported. It hears once that its report counts after all."""
    b = submit(rt, "b", local("2021-10-20 09:00"))
    clock.now = local("2021-10-20 11:00")
    jobs.tick(rt, compose=False)
    clock.now = local("2022-01-05 10:00")
    review_mod.reject(rt, b.message_key, by=STAFF, why="nhầm")
    clock.now = local("2022-01-05 10:05")
    jobs.tick(rt)
    clock.now = local("2022-01-06 09:00")
    review_mod.assign(rt, b.message_key, "b", by=STAFF, why="loại nhầm")
    for at in ("2022-01-06 09:05", "2022-01-07 09:05"):
        clock.now = local(at)
        jobs.tick(rt)
    subjects = [d.subject[:11] for d in smtp.to(SCHOOLS["b"][1]) if d.at.year == 2022]
    assert subjects == ["Quá hạn nộp", "Đính chính:"], subjects


def _assigned_to_the_wrong_school_then_corrected(rt: Runtime, clock: Clock, gmail: str) -> None:
    """A teacher's gmail sends Bình Thạnh 1's report with its header cropped; staff assign it to Mỹ An,
    whose acknowledgement goes out, then correct it to Bình Thạnh 1."""
    paper = render_docx(make_paper(SCHOOLS["b"][0], year=2021, rng=random.Random(2), named=False))
    waiting = mail_report(
        rt, "b", local("2021-10-19 09:00"), paper, "Báo cáo NQ121", "Em gửi ạ.", sender=gmail
    )
    assert waiting.state == MessageState.REVIEW
    clock.now = local("2021-10-19 10:00")
    review_mod.assign(rt, waiting.key, "c", by=STAFF)
    clock.now = local("2021-10-19 10:05")
    jobs.tick(rt, compose=False)
    clock.now = local("2021-10-19 14:00")
    review_mod.assign(rt, waiting.key, "b", by=STAFF, why="gán nhầm trường")
    for at in ("2021-10-19 14:05", "2021-10-20 14:05"):
        clock.now = local(at)
        jobs.tick(rt)


def test_a_sender_told_the_wrong_school_hears_that_the_acknowledgement_was_a_mistake(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """Staff assigned a teacher's gmail report to Mỹ An and she was told «Đã nhận báo cáo … của Trường Tiểu
    học Mỹ An»; corrected to Bình Thạnh 1, she got a second «Đã nhận báo cáo … của Trường Tiểu học Bình
    Thạnh 1» saying nothing of the first: two acknowledgements naming two schools for one report. The
    second now says it corrects the first. Mỹ An, which has not reported, hears it from its reminder."""
    gmail = "giaovien.bt1@gmail.com"
    _assigned_to_the_wrong_school_then_corrected(rt, clock, gmail)
    first, second = smtp.to(gmail)
    assert first.subject.startswith("Đã nhận báo cáo") and first.subject.endswith(SCHOOLS["c"][0])
    assert second.subject.startswith("Đính chính: ")
    assert second.subject.endswith(f"được tính cho {SCHOOLS['b'][0]}, không phải {SCHOOLS['c'][0]}")
    assert second.rcpt == (gmail, SCHOOLS["b"][1])
    lines = [line for line in second.message.get_content().splitlines() if line.strip()]
    assert lines[1] == (
        f"Đính chính: thư xác nhận trước đây của Phòng đã ghi nhầm báo cáo dưới đây cho {SCHOOLS['c'][0]}; "
        f"báo cáo được tính cho {SCHOOLS['b'][0]}, không tính cho {SCHOOLS['c'][0]}."
    )
    [reminder] = [d for d in smtp.to(SCHOOLS["c"][1]) if d.subject.startswith("Nhắc nộp")]
    assert "cán bộ Phòng không tính thư đó là báo cáo" in reminder.message.get_content()


def test_a_correction_is_not_withdrawn_for_an_acknowledgement_sent_before_the_mail_counted_for_the_school(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """A teacher's gmail report was assigned to Mỹ An and acknowledged so; Bình Thạnh 1 then sent its own
    report, acknowledged to it alone; staff moved the gmail report to Bình Thạnh 1. The correction was
    withdrawn as told already by Bình Thạnh 1's acknowledgement («thư xác nhận của lần đó nói cả lần nhận
    này»), which was sent before and named nothing of it: the teacher and Mỹ An kept a false «Đã nhận»."""
    gmail = "giaovien.bt1@gmail.com"
    paper = render_docx(make_paper(SCHOOLS["b"][0], year=2021, rng=random.Random(2), named=False))
    waiting = mail_report(
        rt, "b", local("2021-10-19 09:00"), paper, "Báo cáo NQ121", "Em gửi ạ.", sender=gmail
    )
    clock.now = local("2021-10-19 10:00")
    review_mod.assign(rt, waiting.key, "c", by=STAFF)
    clock.now = local("2021-10-19 10:05")
    jobs.tick(rt, compose=False)
    own = render_docx(make_paper(SCHOOLS["b"][0], year=2021, rng=random.Random(3)))
    mail_report(rt, "b", local("2021-10-19 11:00"), own, f"BC NQ121 {SCHOOLS['b'][0]}", "Trường gửi báo cáo.")
    clock.now = local("2021-10-19 11:05")
    jobs.tick(rt, compose=False)
    clock.now = local("2021-10-19 14:00")
    review_mod.assign(rt, waiting.key, "b", by=STAFF, why="gán nhầm trường")
    clock.now = local("2021-10-19 14:05")
    jobs.tick(rt, compose=False)

    first, *rest = smtp.to(gmail)
    assert first.subject.startswith("Đã nhận báo cáo") and first.subject.endswith(SCHOOLS["c"][0])
    assert [d.subject[:11] for d in rest] == ["Đính chính:"], [d.subject for d in rest]


def test_a_school_wrongly_acknowledged_beside_its_own_report_is_told_its_report_stands(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """Mỹ An had reported; a teacher's gmail report assigned to it by mistake was acknowledged to Mỹ An too,
    saying its figures replaced those Mỹ An had sent. Staff corrected it to Bình Thạnh 1 and Mỹ An, which
    owes nothing and gets no reminder, never heard that its own report stood. It gets the correction."""
    paper = render_docx(make_paper(SCHOOLS["c"][0], year=2021, rng=random.Random(1)))
    mail_report(
        rt, "c", local("2021-10-15 08:00"), paper, f"BC NQ121 {SCHOOLS['c'][0]}", "Trường gửi báo cáo."
    )
    gmail = "giaovien.bt1@gmail.com"
    _assigned_to_the_wrong_school_then_corrected(rt, clock, gmail)
    told = [d for d in smtp.to(SCHOOLS["c"][1]) if gmail in d.message.get_content()]
    assert [d.subject[:11] for d in told] == ["Đã nhận báo", "Đính chính:"]
    assert "được dùng thay cho phần tương ứng đã gửi trước" in told[0].message.get_content()
    assert told[1].rcpt == (gmail, SCHOOLS["b"][1], SCHOOLS["c"][1])
    assert (
        f"báo cáo trên không phải của {SCHOOLS['c'][0]} và không được tính cho trường; các báo cáo "
        f"{SCHOOLS['c'][0]} đã gửi vẫn được tính như trước."
    ) in " ".join(told[1].message.get_content().split())


@pytest.mark.parametrize("server_down", [False, True], ids=["sent", "waiting for the server"])
def test_unreadable_mail_staff_count_is_acknowledged_again_as_counted(
    rt: Runtime, clock: Clock, smtp: SmtpServer, server_down: bool
) -> None:
    """Mỹ An mailed only a Drive link; it was told «Đã nhận thư nhưng không đọc được báo cáo … chưa ghi
    nhận nhà trường đã nộp báo cáo». Staff fetched the file and assigned the mail the next day: the school
    counted, but its last word from the office still asked it to send the report again. It now gets the
    acknowledgement of a counted report, once; one still waiting for the server when staff counted the
    mail is withdrawn, not sent after the other."""
    if server_down:
        smtp.stop()
    mail = EmailMessage()
    mail["From"] = SCHOOLS["c"][1]
    mail["To"] = SENDER
    mail["Subject"] = "Báo cáo NQ121 năm 2021"
    mail["Message-ID"] = "<link-c@example.edu.vn>"
    mail.set_content(
        "Kính gửi Phòng, trường gửi link báo cáo ạ:\nhttps://drive.google.com/file/d/1aBcDeF/view"
    )
    when = local("2021-10-12 09:00")
    outcome = pipeline.process(rt, mail.as_bytes(), received_at=when, source="test")
    assert outcome.state == MessageState.UNREADABLE
    clock.now = when + dt.timedelta(minutes=5)
    jobs.tick(rt, compose=False)
    clock.now = local("2021-10-13 10:00")
    review_mod.assign(rt, outcome.key, "c", by=STAFF, why="đã tải tệp từ Drive")
    if server_down:
        smtp.start()
    for minutes in (5, 10):
        clock.now = local("2021-10-13 10:00") + dt.timedelta(minutes=minutes)
        jobs.tick(rt, compose=False)
    acks = [d for d in smtp.to(SCHOOLS["c"][1]) if d.subject.startswith("Đã nhận")]
    unread = [] if server_down else [True]
    assert [a.subject.startswith("Đã nhận thư nhưng không đọc được") for a in acks] == [*unread, False]
    counted = acks[-1].message.get_content()
    assert "ghi nhận đây là báo cáo của nhà trường" in counted and "Nhà trường không cần gửi lại." in counted


def test_a_reminder_about_a_report_the_school_asked_to_cancel_says_the_school_asked(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """Bình Thạnh 1 was told «Đã nhận báo cáo» for its mail of 12/10, then wrote «Dạ Phòng hủy giúp em thư
    trên, em gửi nhầm file ạ». The reminder that followed said staff, having looked again, no longer
    counted the mail and offered to explain why if the school replied: the school had asked for it
    itself. It now says the mail is not counted as the school's note asked (while the note waits for staff,
    the school is not reminded at all)."""
    paper = render_docx(make_paper(SCHOOLS["b"][0], year=2021, rng=random.Random(8)))
    first = mail_report(rt, "b", local("2021-10-12 09:00"), paper, "Báo cáo NQ121", "Trường gửi báo cáo ạ.")
    clock.now = local("2021-10-12 11:00")
    jobs.tick(rt, compose=False)
    assert len(ack_of(smtp, "b")) == 1
    note = EmailMessage()
    note["From"], note["To"], note["Subject"] = SCHOOLS["b"][1], SENDER, "Re: Báo cáo NQ121"
    note["Message-ID"], note["In-Reply-To"] = "<cancel-told@example.edu.vn>", f"<{first.message_id}>"
    note.set_content("Dạ Phòng hủy giúp em thư trên, em gửi nhầm file ạ.")
    pipeline.process(rt, note.as_bytes(), received_at=local("2021-10-13 08:00"), source="test")
    review_mod.reject(rt, first.key, by=STAFF, why="trường xin hủy")
    for at in ("2021-10-13 10:05", "2021-10-18 07:35"):
        clock.now = local(at)
        jobs.tick(rt)
    texts = [d.message.get_content() for d in smtp.to(SCHOOLS["b"][1]) if d.subject.startswith("Nhắc nộp")]
    assert texts
    for text in texts:
        assert "theo thư nhà trường gửi lúc 08:00 ngày 13/10/2021 đề nghị hủy thư đó" in text
        assert "không tính thư đó là báo cáo" in text and "cần biết lý do" not in text


def test_a_school_told_at_dawn_its_report_no_longer_counts_is_reminded_once_that_day_and_listed_so(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """Bình Thạnh 1 reported on Sunday evening and was told «Đã nhận báo cáo»; staff rejected the mail at
    dawn on Monday, and the school heard of it at once. The 07:30 reminder is not sent on top of it (one
    reminder a day), and the staff's missing list says the school was reminded today, not «chưa nhắc»."""
    clock.now = local("2021-10-11 07:30")
    jobs.tick(rt)
    b = submit(rt, "b", local("2021-10-17 20:00"))
    clock.now = local("2021-10-17 20:05")
    jobs.tick(rt, compose=False)
    clock.now = local("2021-10-18 06:00")
    review_mod.reject(rt, b.message_key, by=STAFF, why="tệp năm trước")
    for at in ("2021-10-18 06:05", "2021-10-18 07:30"):
        clock.now = local(at)
        jobs.tick(rt)

    reminders = [
        d for d in smtp.to(SCHOOLS["b"][1]) if d.subject.startswith("Nhắc nộp") and d.at > b.received_at
    ]
    assert len(reminders) == 1 and "không tính thư đó là báo cáo" in reminders[0].message.get_content()
    [listed] = [d for d in smtp.to(STAFF) if "] Còn " in d.subject and d.at == clock.now]
    line = next(
        x for x in listed.message.get_body(("plain",)).get_content().splitlines() if SCHOOLS["b"][0] in x
    )
    assert "chưa nhắc" not in line


@pytest.mark.parametrize("server_down", [False, True], ids=["sent", "waiting for the server"])
def test_a_locked_report_opened_by_the_password_of_a_later_mail_is_acknowledged_once_as_received(
    rt: Runtime, clock: Clock, smtp: SmtpServer, server_down: bool
) -> None:
    """Mỹ An mailed its report in a locked zip and was told «Đã nhận thư nhưng không đọc được báo cáo»;
    its next mail gave the password, which opened the zip and credited the report. The school never
    heard that it counted: its last word from the office still asked it to send the report again. One
    still waiting for the server when the zip was opened is withdrawn, not sent after the other."""
    if server_down:
        smtp.stop()
    paper = render_docx(make_paper(SCHOOLS["c"][0], year=2021, rng=random.Random(4)))
    locked = corpus.seven_zip({"BC NQ121.docx": paper}, password="thma@2025", form="zip")
    when = local("2021-10-20 09:00")
    note = "Trường gửi báo cáo thực hiện Nghị quyết 121/2020/QH14 ạ."
    outcome = mail_report(rt, "c", when, locked, "Báo cáo NQ121 năm 2021", note, name="BC.zip")
    assert outcome.state == MessageState.UNREADABLE
    clock.now = when + dt.timedelta(minutes=5)
    jobs.tick(rt, compose=False)
    later = when + dt.timedelta(hours=2)
    password = EmailMessage()
    password["From"] = SCHOOLS["c"][1]
    password["To"] = SENDER
    password["Subject"] = "Mật khẩu file báo cáo"
    password["Message-ID"] = "<c-password@example.edu.vn>"
    password["Date"] = later.strftime("%a, %d %b %Y %H:%M:%S +0700")
    password.set_content("Kính gửi Phòng, mật khẩu file lúc nãy là thma@2025 ạ.")
    clock.now = later
    pipeline.process(rt, password.as_bytes(), received_at=later, source="test")
    assert rt.store.message(outcome.key).state == MessageState.REPORT
    if server_down:
        smtp.start()
    for minutes in (5, 10):
        clock.now = later + dt.timedelta(minutes=minutes)
        jobs.tick(rt, compose=False)
    pipeline.reprocess(rt, outcome.key)  # a re-scan opens it again: the school is not told twice
    clock.now = later + dt.timedelta(minutes=15)
    jobs.tick(rt, compose=False)
    acks = [d for d in smtp.to(SCHOOLS["c"][1]) if d.subject.startswith("Đã nhận")]
    unread = [] if server_down else [True]
    assert [a.subject.startswith("Đã nhận thư nhưng không đọc được") for a in acks] == [*unread, False]
    text = acks[-1].message.get_content()
    assert "Báo cáo được nhận đúng hạn" in text and "thma@2025" not in text


def test_a_report_sent_twice_within_a_minute_is_acknowledged_once(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """A school's mail program sent its report twice, forty seconds apart (a double click on «Gửi»). The
    status counted it once, but the school got two acknowledgements, the second saying it had sent its
    report again, which it never meant to."""
    paper = render_docx(make_paper(SCHOOLS["b"][0], year=2021, rng=random.Random(5)))
    first = local("2021-10-13 09:00") + dt.timedelta(seconds=40)
    for when in (first, first + dt.timedelta(seconds=40)):
        mail_report(rt, "b", when, paper, "Báo cáo NQ121 năm 2021", "Trường gửi báo cáo.")
    assert len(rt.store.submissions(report_id="nq121", year=2021)) == 2
    for minutes in (5, 10):
        clock.now = first + dt.timedelta(minutes=minutes)
        jobs.tick(rt, compose=False)
    [(_, text)] = ack_of(smtp, "b")
    assert "Báo cáo được nhận đúng hạn" in text and "gửi lại đúng báo cáo" not in text


def test_an_annex_that_could_not_be_read_beside_the_report_is_named_with_a_request_to_send_it_again(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """A school sent its report with its figures in an annex workbook that came cut short (a broken
    upload). The acknowledgement listed only the report as read and said nothing of the annex: the school
    never learnt that the office lacked its figures and that it had to send the annex again."""
    paper = render_docx(make_paper(SCHOOLS["b"][0], year=2021, rng=random.Random(5)))
    workbook = openpyxl.Workbook()
    workbook.active.append(["Số buổi tuyên truyền", 8])
    out = io.BytesIO()
    workbook.save(out)
    book = out.getvalue()
    note = "Trường gửi báo cáo, số liệu cụ thể tại phụ lục đính kèm."
    annex = {"Phu luc so lieu.xlsx": book[: len(book) // 2]}
    mail_report(rt, "b", RECEIVED, paper, "Báo cáo NQ121 năm 2021", note, beside=annex)
    clock.now = RECEIVED + dt.timedelta(minutes=5)
    jobs.tick(rt, compose=False)
    [ack] = [d for d in smtp.delivered if SCHOOLS["b"][0] in d.subject]
    assert ack.subject.startswith("Đã nhận báo cáo")  # the report counts
    text = ack.message.get_content().replace("\r\n", "\n")
    assert "Các tệp Phòng đã đọc:\n  - BC NQ121.docx" in text
    assert "KHÔNG đọc được tệp gửi kèm báo cáo trong thư:\n  - Tệp Excel Phu luc so lieu.xlsx bị hỏng" in text
    assert "Báo cáo vẫn được tính" in text and "Đề nghị nhà trường gửi lại Phu luc so lieu.xlsx" in text


def test_a_paper_left_for_staff_beside_the_credited_report_is_named_in_the_acknowledgement(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """A school mailed its report and, beside it, another school's report it never mentions: its own
    counted and the other waited for staff, but the acknowledgement listed only its own file. The school
    never heard that the second paper was not taken as read."""
    own = render_docx(make_paper(SCHOOLS["b"][0], year=2021, rng=random.Random(5)))
    other = {"BC NQ121 My An.docx": render_docx(make_paper(SCHOOLS["c"][0], year=2021, rng=random.Random(6)))}
    note = f"Kính gửi Phòng GD&ĐT,\n{SCHOOLS['b'][0]} gửi báo cáo NQ121 năm 2021."
    outcome = mail_report(rt, "b", RECEIVED, own, "Báo cáo NQ121", note, beside=other)
    assert [s.school_id for s in rt.store.submissions()] == ["b"] and outcome.reviews
    clock.now = RECEIVED + dt.timedelta(minutes=5)
    jobs.tick(rt, compose=False)
    [(_, text)] = ack_of(smtp, "b")
    text = text.replace("\r\n", "\n")
    assert "Các tệp Phòng đã đọc:\n  - BC NQ121.docx\n" in text
    waiting = "Tệp sau trong thư chưa được ghi nhận cho trường nào, đang chờ cán bộ Phòng xem xét:\n"
    assert waiting + "  - BC NQ121 My An.docx\n" in text


@pytest.mark.parametrize("server_down", [False, True], ids=["sent", "waiting for the server"])
def test_a_report_read_again_by_a_newer_reader_is_not_acknowledged_again(
    rt: Runtime, clock: Clock, smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch, server_down: bool
) -> None:
    """After an upgrade the readings are redone (a new reader version) and every message is re-scanned:
    a school whose report was acknowledged, or whose acknowledgement still waited for the server, must
    not hear of the same report a second time."""
    from parsers import read

    if server_down:
        smtp.stop()
    paper = render_docx(make_paper(SCHOOLS["b"][0], year=2021, rng=random.Random(5)))
    when = local("2021-10-13 09:00")
    outcome = mail_report(rt, "b", when, paper, "Báo cáo NQ121 năm 2021", "Trường gửi báo cáo.")
    clock.now = when + dt.timedelta(minutes=5)
    jobs.tick(rt, compose=False)
    monkeypatch.setattr(read, "PARSER_VERSION", f"{read.PARSER_VERSION}-next")
    again = pipeline.reprocess(rt, outcome.key)
    assert again.state == MessageState.REPORT and again.new
    if server_down:
        smtp.start()
    for minutes in (10, 15):
        clock.now = when + dt.timedelta(minutes=minutes)
        jobs.tick(rt, compose=False)
    [(_, text)] = ack_of(smtp, "b")
    assert "Báo cáo được nhận đúng hạn" in text


def test_a_school_told_its_mail_could_not_be_read_is_not_reminded_the_same_day(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """School b's mail came after the deadline with no readable report. On the daemon's first round it
    got two mails in the same second asking the same thing: «Đã nhận thư nhưng không đọc được báo cáo …
    Đề nghị nhà trường gửi lại» and the weekly overdue reminder «Đề nghị gửi lại báo cáo». The school told
    its mail could not be read, in this round or earlier that day, is asked for the report by that mail."""
    locked = ("Tệp bao-cao-nq121.pdf được bảo vệ bằng mật khẩu.",)

    def acked(mail: Delivered) -> bool:
        return mail.subject.startswith("Đã nhận")

    submit(rt, "b", local("2021-11-02 07:00"), found=(), problems=locked)
    clock.now = local("2021-11-02 09:00")  # the overdue reminder of 02/11 is due too
    jobs.tick(rt)
    clock.now = local("2021-11-02 09:05")
    jobs.tick(rt)
    [told] = smtp.to(SCHOOLS["b"][1])
    assert told.subject.startswith("Đã nhận thư nhưng không đọc được báo cáo"), told.subject
    assert [acked(d) for d in smtp.to(SCHOOLS["c"][1])] == [False]  # the others are reminded
    # Told at dawn, by the tick that only acknowledges, before the reminders of the day.
    submit(rt, "c", local("2021-11-09 06:00"), found=(), problems=locked)
    clock.now = local("2021-11-09 06:05")
    jobs.tick(rt, compose=False)
    clock.now = local("2021-11-09 07:30")
    jobs.tick(rt)
    assert [acked(d) for d in smtp.to(SCHOOLS["c"][1])] == [False, True]
    assert [acked(d) for d in smtp.to(SCHOOLS["d"][1])] == [False, False]


def test_the_first_copy_read_after_a_later_one_was_acknowledged_is_not_acknowledged_again(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """A backlog held school b's report and its resend of the very same files. The resend was read first
    (two workers side by side; the reader killed while it read the first copy, read again after the
    restart) and acknowledged as the report; once the first copy was recorded, it was acknowledged
    too: two «Đã nhận báo cáo» for one report."""
    submit(rt, "b", RECEIVED + dt.timedelta(minutes=30), content="same-files")
    clock.now = RECEIVED + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    submit(rt, "b", RECEIVED, content="same-files")
    clock.now = RECEIVED + dt.timedelta(hours=1, minutes=5)
    jobs.tick(rt, compose=False)
    assert len(ack_of(smtp, "b")) == 1
    # A resend of the same files read in its turn, after the first and before its acknowledgement went
    # out, is answered: its acknowledgement names the first receipt, and says the report counts once.
    submit(rt, "c", RECEIVED, content="c-files")
    submit(rt, "c", RECEIVED + dt.timedelta(minutes=30), content="c-files")
    clock.now = RECEIVED + dt.timedelta(hours=1, minutes=10)
    jobs.tick(rt, compose=False)
    [(_, text)] = ack_of(smtp, "c")
    assert "gửi lại đúng báo cáo nhà trường đã gửi lúc 09:15 ngày 20/10/2021" in text


def test_a_schools_mail_too_large_to_read_is_told_to_it_once_and_it_is_reminded(
    rt: Runtime, clock: Clock, smtp: SmtpServer, tmp_path: Path
) -> None:
    """A school's only mail carried a 25 MB PDF, 32.9 MB once encoded, over the 30 MB limit: it was
    recorded failed with a reason worded to the school («Đề nghị trường gửi tệp nhỏ hơn…»), yet the school
    was never told. Its sender being the school's address, the school is told (once) what to do, and stays
    owing, reminded; a stranger's such mail waits for staff, and nobody is told."""
    for name, sender in (("truong.eml", SCHOOLS["b"][1]), ("la.eml", "nguoi.la@gmail.com")):
        (tmp_path / name).write_bytes(
            f"From: {sender}\r\nTo: {SENDER}\r\nSubject: Bao cao NQ121 kem hinh anh\r\n"
            f"Message-ID: <{name}@example.edu.vn>\r\n\r\n(tep 25 MB)\r\n".encode()
        )
        outcome = pipeline.ingest_too_large(
            rt, tmp_path / name, size=34_500_000, limit_mb=30, received_at=RECEIVED
        )
        assert outcome.state == (MessageState.UNREADABLE if name == "truong.eml" else MessageState.FAILED)
    clock.now = RECEIVED + dt.timedelta(hours=1)
    jobs.tick(rt, compose=False)
    jobs.tick(rt, compose=False)
    [(rcpt, text)] = ack_of(smtp, "b")
    assert rcpt == (SCHOOLS["b"][1],) and len(smtp.delivered) == 1
    assert "vượt giới hạn 30 MB" in text and "gửi tệp nhỏ hơn hoặc chia thành nhiều thư" in text
    assert "chưa ghi nhận nhà trường đã nộp" in text and "kho" not in text
    [school] = [
        s for s in status_mod.load(rt.config, rt.store, "nq121", 2021, clock.now).owing if s.school_id == "b"
    ]
    assert "vượt giới hạn 30 MB" in school.problems[0]  # reminded, staff shown why


def test_a_file_that_could_not_be_read_in_a_clerks_bundle_is_named_with_a_request_to_send_it_again(
    rt: Runtime, clock: Clock, smtp: SmtpServer
) -> None:
    """A clerk mailed three schools' reports, one of them a PDF that came broken. The two readable reports
    were acknowledged without a word of the broken file: nobody was asked to send it again, and the school
    it was for never learnt its report had not been read."""
    paper = render_docx(make_paper(SCHOOLS["b"][0], year=2021, rng=random.Random(5)))
    beside = {
        "BC My An.docx": render_docx(make_paper(SCHOOLS["c"][0], year=2021, rng=random.Random(6))),
        "BC THCS Nhi Thanh.pdf": b"%PDF-1.4\n" + random.Random(7).randbytes(3000),
    }
    note = "Em gửi báo cáo NQ121 các trường ạ."
    mail_report(
        rt, "b", RECEIVED, paper, "BC NQ121 các trường", note, sender="vanthu.xa@gmail.com", beside=beside
    )
    assert sorted(s.school_id for s in rt.store.submissions()) == ["b", "c"]
    clock.now = RECEIVED + dt.timedelta(minutes=5)
    jobs.tick(rt, compose=False)
    for school in ("b", "c"):
        [(rcpt, text)] = ack_of(smtp, school)
        text = text.replace("\r\n", "\n")
        assert "vanthu.xa@gmail.com" in rcpt
        unread = "Phòng KHÔNG đọc được tệp sau trong thư, nên chưa ghi nhận tệp này cho trường nào:\n"
        assert unread + "  - Tệp PDF BC THCS Nhi Thanh.pdf" in text
        assert "Đề nghị người gửi thư gửi lại BC THCS Nhi Thanh.pdf dạng tệp DOCX hoặc PDF" in text
