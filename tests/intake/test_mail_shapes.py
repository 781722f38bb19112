"""The shapes real school mail comes in: each is read as the report it carries, or told apart with a reason.

Every test builds a raw RFC 5322 message as a mail client or server writes it and runs it through
pipeline.ingest, the one entry the poller, import, rescan and reprocess use, on a temporary SQLite store.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import quopri
import re
import subprocess
import urllib.parse
import zipfile
from collections.abc import Iterator
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path

import pytest

from intake import pipeline
from intake.message import MAX_DEPTH
from intake.pipeline import Outcome
from kernel import config as config_mod
from kernel import status as status_mod
from kernel.runtime import Runtime
from kernel.store import MessageState
from tests.intake.mails import plain
from tests.parsers import corpus

RECEIVED = dt.datetime(2021, 10, 20, 2, 15, tzinfo=dt.UTC)
FIXED = dt.datetime(2021, 11, 1, tzinfo=dt.UTC)
SCHOOL = "th-my-an"
ADDRESS = "c1myan.thuthua@example.edu.vn"
STAFF = "pgdthuthua@example.edu.vn"
SUBJECT = "Báo cáo thực hiện Nghị quyết 121/2020/QH14"
DOCX = "vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def rt(config_file: Path) -> Iterator[Runtime]:
    runtime = Runtime.open(config_mod.load(config_file), clock=lambda: FIXED)
    yield runtime
    runtime.close()


def mail(
    *,
    sender: str = ADDRESS,
    subject: str = SUBJECT,
    body: str = "Kính gửi Phòng GD&ĐT Thủ Thừa.\nTrường gửi báo cáo thực hiện Nghị quyết 121.\n",
    mid: str = "bc.nq121@example.edu.vn",
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = Address("Trường TH Mỹ An", addr_spec=sender) if sender == ADDRESS else sender
    msg["To"] = Address("Phòng GD&ĐT Thủ Thừa", addr_spec=STAFF)
    msg["Subject"] = subject
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    msg["Message-ID"] = f"<{mid}>"
    msg.set_content(body)
    return msg


def report_mail(docx: bytes, name: str = "BC NQ121.docx") -> EmailMessage:
    msg = mail()
    msg.add_attachment(docx, maintype="application", subtype=DOCX, filename=name)
    return msg


def as_bytes(msg: EmailMessage) -> bytes:
    return msg.as_bytes(policy=policy.SMTP)


def ingest(rt: Runtime, raw: bytes) -> Outcome:
    return pipeline.ingest(rt, raw, received_at=RECEIVED, source="test")


def credited_files(outcome: Outcome) -> tuple[str, ...]:
    """The files of the one report the message was credited with, to the school that wrote it."""
    assert outcome.state == MessageState.REPORT, outcome.reason
    [sub] = outcome.submissions
    assert sub.school_id == SCHOOL
    return sub.files


def forwarded_as_attachment(inner: bytes, encoding: str) -> bytes:
    """Staff forwarding a school's mail as an attachment, the attached message sent in a transfer
    encoding RFC 2046 does not allow for message/rfc822 (some webmail and Exchange servers use it)."""
    outer = mail(sender=STAFF, subject=f"Fwd: {SUBJECT}", body="Chuyển tiếp thư của trường.\n", mid="fw@x")
    outer.add_attachment(b"PLACEHOLDER", maintype="application", subtype="octet-stream", filename="x.eml")
    raw = as_bytes(outer)
    head, _, rest = raw.partition(b"Content-Type: application/octet-stream")
    after = rest.partition(b"\r\n\r\n")[2]
    if encoding == "base64":
        encoded = base64.encodebytes(inner).replace(b"\n", b"\r\n")
    else:
        encoded = quopri.encodestring(inner).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    return (
        head
        + f"Content-Type: message/rfc822\r\nContent-Transfer-Encoding: {encoding}\r\n".encode()
        + b'Content-Disposition: attachment; filename="BC NQ121.eml"\r\n\r\n'
        + encoded
        + after[after.index(b"\r\n--") :]
    )


@pytest.mark.parametrize("encoding", ["base64", "quoted-printable"])
def test_a_message_attached_in_a_transfer_encoding_is_read(
    rt: Runtime, report_docx: bytes, encoding: str
) -> None:
    """A forwarded message attached as message/rfc822 but base64- or quoted-printable-encoded was parsed
    as a message of encoded text: the report inside was lost and the mail set aside as sending nothing."""
    outcome = ingest(rt, forwarded_as_attachment(as_bytes(report_mail(report_docx)), encoding))
    assert credited_files(outcome) == ("BC NQ121.docx",)
    assert ADDRESS in outcome.reason  # credited as the original sender's report, not the forwarder's


def test_a_report_its_mail_program_labelled_an_attached_message_is_read(
    rt: Runtime, report_docx: bytes
) -> None:
    """The school's own DOCX sent as message/rfc822 (base64, named "BC NQ121.docx") was read as a
    forwarded mail holding nothing: the report was lost and the school told it had sent no file."""
    msg = report_mail(report_docx)
    raw = as_bytes(msg).replace(f"Content-Type: application/{DOCX}".encode(), b"Content-Type: message/rfc822")
    outcome = ingest(rt, raw)
    assert credited_files(outcome) == ("BC NQ121.docx",)
    assert outcome.submissions[0].readable


@pytest.mark.parametrize(("levels", "credited"), [(10, True), (24, True), (40, False)])
def test_a_forward_of_a_forward_many_times_over_reads_each_attached_message_once(
    rt: Runtime, report_docx: bytes, monkeypatch: pytest.MonkeyPatch, levels: int, credited: bool
) -> None:
    """A school's mail forwarded as an attachment, that forward forwarded as an attachment, and so on ten
    times (each reader passing it on with «Forward as attachment»): a message's walk lists the messages
    nested in its attached one too, so each was read again for every message around it, twice as often at
    each depth, and twenty levels held a worker for hours. Each attached message is read once, none deeper
    than the levels a message is read to: the school's report, ten levels down, is credited; so is one
    twenty-four levels down, whose message the walk of a message above lists where the messages opened one
    in another stop; forty levels down, past what is read, it is not, and the mail waits for staff, who are
    told why."""
    message = report_mail(report_docx)
    for level in range(levels):
        outer = mail(sender=f"chuyentiep{level}@gmail.com", subject=f"Fwd: {SUBJECT}", mid=f"fw{level}@x")
        outer.add_attachment(message)
        message = outer
    raw = as_bytes(message)
    read: list[bytes] = []
    parse = pipeline.message_mod.parse

    def counted(
        data: bytes, fallback_id: str, parsed: pipeline.message_mod.Tree | None = None
    ) -> pipeline.message_mod.Mail:
        read.append(data)
        return parse(data, fallback_id, parsed)

    monkeypatch.setattr(pipeline.message_mod, "parse", counted)
    outcome = ingest(rt, raw)
    if credited:
        assert credited_files(outcome) == ("BC NQ121.docx",)
    else:
        # What lies deeper may be the report: staff look, told that it was not opened.
        assert outcome.state == MessageState.REVIEW, outcome.reason
        assert f"nằm sau hơn {MAX_DEPTH} lớp thư chuyển tiếp lồng nhau, hệ thống không mở" in outcome.reason
    inside = [data for data in read if data != raw]
    # Each message inside read once for its files, at most once more by each reader of what the mail says
    # (its passwords), and once for the digest of the files it carries (Mail.carried): a few times per
    # level, not twice as often at each one (1,035 times for ten).
    opened = len(set(inside))
    assert opened == levels if levels <= MAX_DEPTH else opened < 2 * MAX_DEPTH
    assert len(inside) <= 4 * opened


# --- shapes that are read right: kept so --------------------------------------------------------------


def test_outlooks_winmail_dat_is_opened(rt: Runtime, report_docx: bytes) -> None:
    msg = mail()
    msg.add_attachment(
        corpus.winmail_dat({"Báo cáo NQ121.docx": report_docx}),
        maintype="application",
        subtype="ms-tnef",
        filename="winmail.dat",
    )
    assert credited_files(ingest(rt, as_bytes(msg))) == ("winmail.dat/Báo cáo NQ121.docx",)


def test_a_winmail_dat_without_files_is_a_report_left_out(rt: Runtime) -> None:
    """Outlook adds winmail.dat to a mail written in its rich text even when no file is attached. The mail
    said it sent the report, yet it was set aside as one naming the report and carrying none: the school
    was never told, as it is for any mail that says it sends the report and has nothing attached."""
    msg = mail()
    msg.add_attachment(
        corpus.winmail_dat({}), maintype="application", subtype="ms-tnef", filename="winmail.dat"
    )
    outcome = ingest(rt, as_bytes(msg))
    assert outcome.state == MessageState.UNREADABLE, outcome.reason
    assert "không thấy tệp đính kèm" in outcome.reason
    [sub] = outcome.submissions
    assert sub.school_id == SCHOOL and not sub.files


def test_a_report_typed_in_a_mail_sent_whole_as_winmail_dat_is_read(rt: Runtime) -> None:
    """Outlook (Exchange) sending in its rich text packed the whole mail into winmail.dat, the report typed
    in its body and no text part beside it: only the files inside were read, and the school was told
    falsely «Thư ghi gửi báo cáo nhưng không thấy tệp đính kèm». The body it packs is the mail's words."""
    msg = mail()
    msg.set_content(
        corpus.winmail_dat({}, body_rtf=corpus.rtf(_SHORT_REPORT.capitalize())),
        maintype="application",
        subtype="ms-tnef",
        filename="winmail.dat",
    )
    assert credited_files(ingest(rt, as_bytes(msg))) == ("(nội dung thư)",)


def test_a_link_from_outlooks_rich_text_is_not_received(rt: Runtime) -> None:
    """The same mail with a link to the report: the empty winmail.dat counted as the files it sent, and no
    school was told to attach its report instead of linking it."""
    msg = mail(body="Kính gửi Phòng GD&ĐT,\nlink báo cáo: https://drive.google.com/file/d/1AbCdEf/view\n")
    msg.add_attachment(
        corpus.winmail_dat({}), maintype="application", subtype="ms-tnef", filename="winmail.dat"
    )
    outcome = ingest(rt, as_bytes(msg))
    assert outcome.state == MessageState.UNREADABLE, outcome.reason
    assert "đường dẫn" in outcome.reason and "đính kèm" in outcome.reason


def test_an_rfc_2231_name_in_windows_1258_continued_over_lines(rt: Runtime, report_docx: bytes) -> None:
    name = "Báo cáo thực hiện Nghị quyết 121 trường Mỹ An.docx"
    raw = as_bytes(report_mail(report_docx, "PLACEHOLDER.docx"))
    quoted = urllib.parse.quote(corpus.cp1258(name))
    pieces = [quoted[i : i + 40] for i in range(0, len(quoted), 40)]
    charset = "windows-1258''"
    params = ";\r\n".join(f" filename*{i}*={charset if i == 0 else ''}{p}" for i, p in enumerate(pieces))
    raw = raw.replace(b'filename="PLACEHOLDER.docx"', params.encode())
    assert credited_files(ingest(rt, raw)) == (name,)


@pytest.mark.parametrize(
    "body",
    [
        "Kính gửi Phòng GD&ĐT,\nlink báo cáo: https://drive.google.com/file/d/1AbCdEf/view?usp=sharing\n",
        "Trường gửi báo cáo NQ121 tại đây: https://www.fshare.vn/file/ABCDEF123\nTrân trọng.\n",
        "Báo cáo: https://1drv.ms/w/s!AbcDEF123\n",
    ],
)
def test_a_report_sent_as_a_link_is_not_received(rt: Runtime, body: str) -> None:
    outcome = ingest(rt, as_bytes(mail(body=body)))
    assert outcome.state == MessageState.UNREADABLE
    assert "đường dẫn" in outcome.reason and "đính kèm" in outcome.reason
    assert all(not sub.files for sub in outcome.submissions)


def test_a_bounce_carrying_the_report_never_counts(rt: Runtime, report_docx: bytes) -> None:
    bounce = mail(
        sender="Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
        subject="Delivery Status Notification (Failure)",
        body="Address not found. Your message wasn't delivered to c1mythanha@example.edu.vn\n",
        mid="dsn@x",
    )
    bounce.add_attachment(report_mail(report_docx))
    outcome = ingest(rt, as_bytes(bounce))
    assert outcome.state == MessageState.NOISE and not outcome.submissions


def test_a_program_sent_from_a_schools_address_is_no_report_of_it(rt: Runtime) -> None:
    """At 2 a.m. the malware on TH Mỹ An's computer mailed «Báo cáo NQ121.zip» holding
    «Bao_cao_NQ121_2025.docx.exe» from the school's address: the school was marked «Không đọc được tệp»,
    as if it had tried to report, and was acknowledged for it. It waits for staff as a possible virus,
    is credited to nobody and answered by nobody."""
    program = b"MZ\x90\x00" + bytes(60) + b"PE\x00\x00" + bytes(200)
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("Bao_cao_NQ121_2025.docx.exe", program)
    msg = mail(body="Gui bao cao NQ121, mo file dinh kem.\n", mid="virus@example.edu.vn")
    msg.add_attachment(packed.getvalue(), maintype="application", subtype="zip", filename="Báo cáo NQ121.zip")
    outcome = ingest(rt, as_bytes(msg))
    row = rt.store.message(outcome.key)
    assert (
        outcome.state == MessageState.REVIEW and not outcome.submissions and row is not None and row.automatic
    )
    assert "chương trình chạy được" in outcome.reason and "virus" in outcome.reason


def test_a_canned_reply_carrying_the_report_waits_for_staff(rt: Runtime, report_docx: bytes) -> None:
    """MG Bình An answered our reminder with a mail rule's canned reply («Auto-Submitted: auto-replied»):
    «Dạ trường đã gửi báo cáo NQ121, em gửi lại file đính kèm ạ.» with its report. It was dropped as an
    auto-reply: the school stayed «Chưa nộp» and was told it was overdue. It waits for staff, and is
    never answered (a canned reply answering our mail would answer again)."""
    msg = mail(
        subject="Re: Nhắc nộp báo cáo NQ121",
        body="Dạ trường đã gửi báo cáo NQ121, em gửi lại file đính kèm ạ.\n",
        mid="canned@example.edu.vn",
    )
    msg["Auto-Submitted"] = "auto-replied"
    msg.add_attachment(report_docx, maintype="application", subtype=DOCX, filename="BC NQ121.docx")
    outcome = ingest(rt, as_bytes(msg))
    row = rt.store.message(outcome.key)
    assert outcome.state == MessageState.REVIEW and row is not None and row.automatic
    assert "trả lời tự động" in outcome.reason and "gán" in outcome.reason
    # It waits as the report it carries: assigning it says nothing of a mail with no report in it.
    assert [r.report_id for r in rt.store.reviews(message_key=outcome.key)] == ["nq121"]


def test_an_out_of_office_reply_is_still_noise(rt: Runtime) -> None:
    """The canned reply above waits for staff; an out-of-office note, which carries nothing, does not."""
    msg = mail(
        subject="Trả lời tự động: Nhắc nộp báo cáo NQ121",
        body="Tôi đang nghỉ phép đến hết ngày 27/10, sẽ trả lời thư khi trở lại.\n",
        mid="away@example.edu.vn",
    )
    msg["Auto-Submitted"] = "auto-replied"
    outcome = ingest(rt, as_bytes(msg))
    assert outcome.state == MessageState.NOISE


def test_a_schools_server_forwarding_our_reminder_back_by_itself_needs_nobody(rt: Runtime) -> None:
    """TH Mỹ An's server forwards its whole inbox to us («Auto-Submitted: auto-forwarded»): each reminder
    came back as «Fwd: Nhắc nộp …» with no word and no file, and waited for staff as the school's answer to
    our mail, one more each week beside the school. It is no report, needs nobody and is never answered."""
    for week, day in enumerate(("18", "25")):
        reminder = (
            "---------- Forwarded message ---------\n"
            f"From: Phòng Giáo dục và Đào tạo huyện Thủ Thừa <{STAFF}>\nDate: Mon, {day} Oct 2021 07:30:00 +0700\n"
            "Subject: Nhắc nộp báo cáo kết quả triển khai thực hiện Nghị quyết 121/2020/QH14\n"
            f"To: <{ADDRESS}>\n\nKính gửi: Hiệu trưởng Trường Tiểu học Mỹ An\nĐề nghị nhà trường gửi báo cáo "
            "kết quả triển khai thực hiện Nghị quyết 121/2020/QH14 trước ngày 25/10/2021.\n"
        )
        msg = mail(subject="Fwd: Nhắc nộp báo cáo NQ121", body=reminder, mid=f"fwd{week}@example.edu.vn")
        msg["Auto-Submitted"] = "auto-forwarded"
        outcome = ingest(rt, as_bytes(msg))
        row = rt.store.message(outcome.key)
        assert outcome.state == MessageState.NOISE and row is not None and row.automatic
        assert "tự động chuyển tiếp lại thư của Phòng" in outcome.reason
    assert rt.store.reviews() == []


def quarantine_notice(held: str) -> EmailMessage:
    """The office's spam filter's daily notice of the mail it holds, as Proofpoint words it in Vietnamese."""
    msg = mail(
        sender="Hệ thống lọc thư rác <quarantine@example.edu.vn>",
        subject="[Cách ly] Thông báo thư bị giữ lại do nghi ngờ thư rác (1 thư)",
        body=(
            f"Thông báo thư bị cách ly - Hộp thư: {STAFF}\n\nCác thư sau đây đã bị hệ thống giữ lại trong khu "
            f"vực cách ly trong 24 giờ qua.\n\nNgười gửi: {held}\nTiêu đề: Báo cáo NQ121 năm 2021\nThời gian: "
            "20/10/2021 09:12\nTệp đính kèm: BaoCao_NQ121.docx (48 KB)\n\nĐể giải phóng thư, bấm: "
            "https://quarantine.example.edu.vn/release?id=8f2a91c3\n"
        ),
        mid="quarantine@example.edu.vn",
    )
    msg["Auto-Submitted"] = "auto-generated"
    msg["Precedence"] = "bulk"
    return msg


def test_a_quarantine_notice_naming_a_schools_mail_tells_staff_to_release_it(rt: Runtime) -> None:
    """The office's spam filter held TH Mỹ An's report and said so in a notice naming the school's address
    and its file: the notice was set aside as an auto-reply, staff never learnt of it, and the school went
    on being told its report had not come. Staff are told to release the mail; nobody is credited or
    answered."""
    outcome = ingest(rt, as_bytes(quarantine_notice(ADDRESS)))
    row = rt.store.message(outcome.key)
    assert outcome.state == MessageState.REVIEW and not outcome.submissions
    assert row is not None and row.automatic
    assert "giữ lại (cách ly) thư của Trường Tiểu học Mỹ An" in outcome.reason
    assert "giải phóng thư" in outcome.reason
    [waiting] = rt.store.reviews(message_key=outcome.key)
    assert waiting.candidates == (SCHOOL,)


def test_a_schools_filter_holding_our_mail_tells_staff_the_school_did_not_get_it(rt: Runtime) -> None:
    """TH Mỹ An's own spam filter held our reminder to it and told us, the sender, quoting our address as
    the sender and the school's as the recipient: staff were told to release the mail from the quarantine,
    after which it would be read, as if a school's report were held in ours. They are told the school did not
    get our mail and should release it and let our address through."""
    msg = mail(
        sender="Hệ thống lọc thư rác <quarantine@example.edu.vn>",
        subject="[Cách ly] Thư của bạn bị giữ lại do nghi ngờ thư rác",
        body=(
            f"Thư bạn gửi đến {ADDRESS} đã bị hệ thống lọc thư của người nhận giữ lại trong khu vực cách ly.\n\n"
            f"Người gửi: {STAFF}\nNgười nhận: {ADDRESS}\nTiêu đề: Nhắc nộp báo cáo NQ121 năm 2021\nThời gian: "
            "20/10/2021 07:30\n"
        ),
        mid="quarantine-out@example.edu.vn",
    )
    msg["Auto-Submitted"] = "auto-generated"
    outcome = ingest(rt, as_bytes(msg))
    assert outcome.state == MessageState.REVIEW and not outcome.submissions
    assert (
        f"Bộ lọc thư rác của máy chủ thư của Trường Tiểu học Mỹ An ({ADDRESS}) đã giữ lại (cách ly) thư gửi từ "
        f"{STAFF} đến trường (thư nhắc nộp hoặc thư xác nhận): trường chưa nhận được thư ấy."
    ) in outcome.reason
    assert "hệ thống sẽ tự đọc" not in outcome.reason
    [waiting] = rt.store.reviews(message_key=outcome.key)
    assert waiting.candidates == (SCHOOL,)


def test_a_quarantine_notice_of_no_schools_mail_needs_nobody(rt: Runtime) -> None:
    """The filter's notice holding only a stranger's spam is nothing for staff."""
    outcome = ingest(rt, as_bytes(quarantine_notice("khuyenmai@quangcao.example.com")))
    assert outcome.state == MessageState.NOISE and not outcome.submissions
    assert outcome.reason.startswith("Thông báo của bộ lọc thư rác")


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        (
            "Báo cáo NQ121 TH Mỹ An (gửi lại do lần trước không gửi được)",
            "Kính gửi Phòng GD&ĐT, trường gửi lại báo cáo NQ121 do hôm trước gửi bị lỗi ạ.\n",
        ),
        ("Gửi lại báo cáo NQ121 do lỗi gửi thư", "Dạ em gửi lại ạ.\n"),
        ("Re: Thư bị trả lại", "Dạ em gửi lại báo cáo NQ121 ạ.\n"),
        ("Báo cáo NQ121 - mail trường không gửi thư được", "Mail trường bị lỗi nên em gửi lại ạ.\n"),
    ],
    ids=["resent", "sending-error", "reply", "broken-mailbox"],
)
def test_a_schools_report_whose_subject_tells_of_a_failed_sending_is_its_report(
    rt: Runtime, report_docx: bytes, subject: str, body: str
) -> None:
    """A school resending its report after its mail failed says so in the subject («gửi lại do lần trước
    không gửi được», «Re: Thư bị trả lại»): read as a bounce by those words, the report was dropped as
    noise, nothing reached staff and the school went on being reminded."""
    msg = mail(subject=subject, body=body)
    msg.add_attachment(report_docx, maintype="application", subtype=DOCX, filename="BC NQ121.docx")
    outcome = ingest(rt, as_bytes(msg))
    assert credited_files(outcome) == ("BC NQ121.docx",)


def _failure_notice(to: str) -> str:
    """Gmail's notice to a school that its mail to the office's mistyped address was not delivered."""
    return (
        "** Không tìm thấy địa chỉ **\n"
        f"Thư của bạn không được gửi tới pgdthuthua@exampl.edu.vn vì không tìm thấy miền exampl.edu.vn.\n"
        f"Thư gửi tới: {to}\n"
    )


def test_a_school_forwarding_the_bounce_of_its_report_with_the_report_resends_it(
    rt: Runtime, report_docx: bytes
) -> None:
    """A school forwarded the bounce of its own report to the office, the report attached again: read as
    a bounce by its subject, the report was dropped, and the school's own working address, named in the
    forwarded notice, was recorded as one our mail cannot reach (the digest told staff to fix it)."""
    forward = mail(
        subject="Fwd: Delivery Status Notification (Failure)",
        body="Dạ em gửi báo cáo bị báo lỗi, em chuyển tiếp lại ạ.\n\n---------- Forwarded message ---------\n"
        "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\n"
        "Date: Th 4, 20 thg 10, 2021 vào lúc 08:02\nSubject: Delivery Status Notification (Failure)\n"
        f"To: <{ADDRESS}>\n\n{_failure_notice(ADDRESS)}",
    )
    forward.add_attachment(report_docx, maintype="application", subtype=DOCX, filename="BC NQ121.docx")
    outcome = ingest(rt, as_bytes(forward))
    assert credited_files(outcome) == ("BC NQ121.docx",)
    row = rt.store.message(outcome.key)
    assert row is not None and row.bounced == () and not row.automatic
    assert rt.store.bounces(RECEIVED, RECEIVED) == {}


def test_a_school_forwarding_the_bounce_that_returned_its_report_resends_it(
    rt: Runtime, report_docx: bytes
) -> None:
    """The bounce itself forwarded as an attachment, the school's report inside the mail it returns."""
    returned = report_mail(report_docx)
    returned.replace_header("To", "pgdthuthua@exampl.edu.vn")
    bounce = mail(
        sender="Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
        subject="Delivery Status Notification (Failure)",
        body=_failure_notice(ADDRESS),
        mid="dsn@mail.gmail.com",
    )
    bounce.add_attachment(returned)
    forward = mail(
        subject="Fwd: Delivery Status Notification (Failure)",
        body="Dạ thư em gửi báo cáo bị trả về, em chuyển tiếp lại để Phòng nhận giúp em ạ.\n",
        mid="fwd@example.edu.vn",
    )
    forward.add_attachment(bounce)
    outcome = ingest(rt, as_bytes(forward))
    assert credited_files(outcome) == ("BC NQ121.docx",)
    assert rt.store.bounces(RECEIVED, RECEIVED) == {}


@pytest.mark.parametrize(
    ("subject", "body", "state", "said"),
    [
        (SUBJECT, "Trường gửi báo cáo ạ.", MessageState.UNREADABLE, "có quá nhiều phần hoặc các phần lồng"),
        (
            "TH Mỹ An gửi báo cáo NQ121 năm 2021",
            "Kinh gui",
            MessageState.REVIEW,
            "bỏ qua một số phần nên có thể chưa đọc tệp báo cáo",
        ),
    ],
    ids=["announced", "named in the subject only"],
)
def test_a_report_nested_past_the_parts_read_is_not_lost(
    rt: Runtime, report_docx: bytes, subject: str, body: str, state: MessageState, said: str
) -> None:
    """A school's mail whose report sat twenty multipart levels deep (a client nesting a part per
    forward or per signature) was set aside as «Thư nhắc đến báo cáo nhưng không kèm văn bản báo cáo
    nào», the school «Chưa nộp» and no staff told; or the school was told it had attached no file. What
    was left unread may be the report: the school is asked to send it plainly, or staff look."""
    inner = EmailMessage()
    inner.add_attachment(report_docx, maintype="application", subtype=DOCX, filename="BC NQ121.docx")
    for _ in range(20):
        outer = EmailMessage()
        outer.make_mixed()
        outer.attach(inner)
        inner = outer
    msg = mail(subject=subject, body=body)
    msg.make_mixed()
    msg.attach(inner)
    outcome = ingest(rt, as_bytes(msg))
    assert outcome.state == state, outcome.reason
    assert said in outcome.reason


_SHORT_REPORT = (
    "KÍNH GỬI PHÒNG GD&ĐT HUYỆN THỦ THỪA\n"
    "TRƯỜNG TIỂU HỌC MỸ AN BÁO CÁO KẾT QUẢ TRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT 121/2020/QH14:\n"
    "I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI: ĐÃ QUÁN TRIỆT.\nII. KẾT QUẢ THỰC HIỆN: 4 BUỔI TUYÊN TRUYỀN.\n"
    "III. KHÓ KHĂN, VƯỚNG MẮC: KHÔNG.\nIV. ĐỀ XUẤT, KIẾN NGHỊ: KHÔNG.\n"
)


@pytest.mark.parametrize(
    "body",
    [_SHORT_REPORT, plain(_SHORT_REPORT), _SHORT_REPORT.capitalize()],
    ids=["capitals", "capitals without marks", "lower case"],
)
def test_a_short_report_typed_with_its_numbered_parts_is_the_schools_report(rt: Runtime, body: str) -> None:
    """A school typed its report into the mail under «Báo cáo NQ121»: four numbered parts, one key
    figure, under 400 characters. It was set aside as «Thư nhắc đến báo cáo nhưng không kèm văn bản báo cáo
    nào»: no review, no reply, the school «Chưa nộp» and reminded. Parts numbered as a report's are the
    report however short; parts numbered to ask about them are not."""
    outcome = ingest(rt, as_bytes(mail(subject="BÁO CÁO NQ121", body=body)))
    assert credited_files(outcome) == ("(nội dung thư)",)
    asks = (
        "Kính gửi Phòng GD&ĐT, trường em xin hỏi về báo cáo NQ121 ạ:\n"
        "1. Kết quả thực hiện: có cần ghi số lượt phụ huynh tham gia không ạ?\n"
        "2. Khó khăn, vướng mắc: ghi chung hay tách từng điểm trường ạ?\n"
        "Em cảm ơn Phòng ạ. Trường Tiểu học Mỹ An"
    )
    outcome = ingest(rt, as_bytes(mail(subject="Hỏi về báo cáo NQ121", body=asks, mid="hoi@example.edu.vn")))
    assert outcome.state != MessageState.REPORT, outcome.reason


@pytest.mark.parametrize(
    "body",
    [
        "Kính gửi: Phòng GD&ĐT\nTrường TH Mỹ An gửi báo cáo NQ121, bản ký đóng dấu gửi sau; do thời gian gấp, "
        "trường gửi trước vài dòng để Phòng nắm tình hình.\n- Trường đã tổ chức 5 buổi tuyên truyền cho phụ "
        "huynh.\n- Khó khăn: không có.\n- Đề xuất: không có.\nHT Nguyễn Thị Mỹ",
        "Dạ trường em báo cáo NQ121: đã tổ chức 3 buổi tuyên truyền, khó khăn: không có ạ.",
    ],
    ids=["a few lines", "one sentence"],
)
def test_a_report_typed_too_briefly_into_the_mail_waits_for_staff(rt: Runtime, body: str) -> None:
    """A school that typed a few lines of its report into the mail, too few to count as the report (one
    key figure, parts listed with dashes or in one sentence), under «Báo cáo NQ121», was set aside as «Thư
    nhắc đến báo cáo nhưng không kèm văn bản báo cáo nào»: nobody told, the school «Chưa nộp» and
    reminded. It waits for staff as that school's report, holding its reminders; a cover note with
    nothing typed and nothing attached is still the report whose file was left out."""
    outcome = ingest(rt, as_bytes(mail(subject="Báo cáo NQ121", body=body)))
    assert outcome.state == MessageState.REVIEW, outcome.reason
    assert "quá ngắn" in outcome.reason
    [review] = rt.store.reviews(message_key=outcome.key)
    assert review.report_id == "nq121" and review.candidates == (SCHOOL,)
    assert SCHOOL in status_mod.load(rt.config, rt.store, "nq121", 2021, FIXED).in_review
    note = "Kính gửi Phòng GD&ĐT, trường gửi báo cáo NQ121 ạ.\n"
    outcome = ingest(rt, as_bytes(mail(subject="Báo cáo NQ121", body=note, mid="note@example.edu.vn")))
    assert outcome.state == MessageState.UNREADABLE and "không thấy tệp đính kèm" in outcome.reason


@pytest.fixture
def figureless(config_file: Path) -> Iterator[Runtime]:
    """The shipped config with the report's key figures left out, as README allows."""
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(
        re.sub(r"\n  \[\[reports\.figures\]\]\n(?:  \w+ = .*\n)+", "\n", text), encoding="utf-8"
    )
    runtime = Runtime.open(config_mod.load(config_file), clock=lambda: FIXED)
    assert not runtime.config.report("nq121").figures
    yield runtime
    runtime.close()


def test_a_report_typed_in_sentences_without_a_sending_verb_is_the_schools(figureless: Runtime) -> None:
    """A school typed its report into the mail in run-on sentences, «Trường … báo cáo NQ121: tổ chức 6 buổi
    tuyên truyền cho 430 lượt học sinh; … Khó khăn: không có. Đề xuất: không có.», under a subject naming
    the report, to an office whose config lists no key figures. With no «gửi» it was set aside as «Thư
    nhắc đến báo cáo nhưng không kèm văn bản báo cáo nào»: not counted, no review, the school told nothing.
    Two sections and two counts typed with what they count are the report; fewer wait for staff as the
    school's report, holding its reminders."""
    rt = figureless
    body = (
        "Kính gửi Phòng GD&ĐT Thủ Thừa.\nTrường Tiểu học Mỹ An báo cáo NQ121: tổ chức 6 buổi tuyên truyền cho "
        "430 lượt học sinh; không xảy ra vụ xâm hại trẻ em. Khó khăn: không có. Đề xuất: không có.\nHT Nguyễn Thị Mỹ"
    )
    outcome = ingest(rt, as_bytes(mail(subject="BC NQ121 TH My An", body=body)))
    assert credited_files(outcome) == ("(nội dung thư)",), outcome.reason
    brief = (
        "Trường Tiểu học Mỹ An bổ sung báo cáo NQ121: tổ chức 4 buổi tuyên truyền cho 380 lượt học sinh, "
        "không xảy ra vụ xâm hại trẻ em."
    )
    outcome = ingest(rt, as_bytes(mail(subject="BC NQ121 TH My An", body=brief, mid="bs@example.edu.vn")))
    assert outcome.state == MessageState.REVIEW and "quá ngắn" in outcome.reason, outcome.reason
    [review] = rt.store.reviews(message_key=outcome.key)
    assert review.report_id == "nq121" and review.candidates == (SCHOOL,)

    # From a personal address, naming the school by its place alone («Truong My An»: the kindergarten, the
    # primary and the lower secondary school of Mỹ An), the review lists the schools the place fits: it
    # waited naming none, and no school's status showed that its report waited.
    vague = "Truong My An gui bao cao NQ121: to chuc 4 buoi tuyen truyen, khong xay ra vu xam hai tre em."
    outcome = ingest(
        rt, as_bytes(mail(sender="gv.myan@gmail.com", subject="bc nq121 truong My An", body=vague, mid="v@x"))
    )
    assert outcome.state == MessageState.REVIEW and "quá ngắn" in outcome.reason, outcome.reason
    [review] = rt.store.reviews(message_key=outcome.key)
    assert {"mg-my-an", SCHOOL} <= set(review.candidates), review.candidates


def test_a_report_typed_into_a_mail_in_viscii_is_read(rt: Runtime) -> None:
    """A school's old mail program sent the report typed into the mail in VISCII (RFC 1456), which Python
    has no codec for: the body was guessed as windows-1252, the report counted with every part missing and
    no figure, its «Do d¸ch Covid-19 nên h÷c sinh…» put into the office's consolidated draft, and the school
    told the office found none of its parts."""
    body = (
        "TRƯỜNG TIỂU HỌC MỸ AN\nBÁO CÁO\nKết quả triển khai thực hiện Nghị quyết 121/2020/QH14\n"
        "I. Công tác chỉ đạo, triển khai\nNhà trường quán triệt Nghị quyết đến toàn thể cán bộ, giáo viên.\n"
        "II. Kết quả thực hiện\nTrong năm tổ chức 6 buổi tuyên truyền với 540 học sinh tham gia.\n"
        "III. Khó khăn, vướng mắc\nDo dịch Covid-19 nên học sinh nghỉ học dài ngày.\n"
        "IV. Đề xuất, kiến nghị\nKhông.\n"
    )
    viscii = subprocess.run(
        ["iconv", "-f", "UTF-8", "-t", "VISCII"], input=body.encode(), capture_output=True, check=True
    )
    msg = mail(subject="Báo cáo NQ121")
    msg.set_content(viscii.stdout, "text", "plain", cte="quoted-printable", params={"charset": "VISCII"})
    raw = as_bytes(msg)
    outcome = ingest(rt, raw)
    assert credited_files(outcome) == ("(nội dung thư)",)
    [sub] = outcome.submissions
    assert sub.sections_missing == ()
    assert sub.figures["buoi_tuyen_truyen"]["value"] == 6


def test_a_report_typed_into_a_mail_in_an_unknown_charset_read_as_mojibake_is_unreadable(rt: Runtime) -> None:
    """A report typed into the mail under a charset no one knows, whose guess still gave mojibake, was
    counted with every part missing, its «Do d¸ch Covid-19 nên h÷c sinh…» put into the consolidated draft,
    and the school told the office found none of its parts. Its text is unreadable: recorded for staff,
    not counted, and the school is asked for the file."""
    body = (
        "TRƯỜNG TIỂU HỌC MỸ AN\nBÁO CÁO\nKết quả triển khai thực hiện Nghị quyết 121/2020/QH14\n"
        "I. Công tác chỉ đạo, triển khai\nNhà trường quán triệt Nghị quyết đến toàn thể cán bộ, giáo viên.\n"
        "II. Kết quả thực hiện\nTrong năm tổ chức 6 buổi tuyên truyền với 540 học sinh tham gia.\n"
        "III. Khó khăn, vướng mắc\nDo dịch Covid-19 nên học sinh nghỉ học dài ngày.\n"
    )
    viscii = subprocess.run(
        ["iconv", "-f", "UTF-8", "-t", "VISCII"], input=body.encode(), capture_output=True, check=True
    )
    msg = mail(subject="Báo cáo NQ121")
    msg.set_content(viscii.stdout, "text", "plain", cte="quoted-printable", params={"charset": "x-viet-vps"})
    outcome = ingest(rt, as_bytes(msg))
    assert outcome.state == MessageState.UNREADABLE, outcome.reason
    assert "bảng mã" in outcome.reason
    assert all(not sub.sections_missing for sub in outcome.submissions)


def _typed_report(line: str, closing: str = "Hiệu trưởng\nNguyễn Thị Bích") -> str:
    """A report typed into the mail with no letterhead, line in its first part, closing under it."""
    return (
        "Kính gửi Phòng GD&ĐT,\nTrường em gửi báo cáo thực hiện Nghị quyết 121 năm 2021.\n"
        f"I. Công tác chỉ đạo, triển khai: {line}.\n"
        "II. Kết quả thực hiện: 5 buổi tuyên truyền, 400 học sinh tham gia.\n"
        f"III. Khó khăn, vướng mắc: không.\nIV. Đề xuất, kiến nghị: không.\n{closing}\n"
    )


@pytest.mark.parametrize(
    "line",
    [
        "Liên đội phối hợp Trường THCS Mỹ An tổ chức tuyên truyền",
        "Liên đội phối hợp với Trường THCS Mỹ An tổ chức tuyên truyền",
        "nhà trường kết hợp Trường THCS Mỹ An tổ chức tuyên truyền",
        "tổ chức tuyên truyền với sự tham gia của Trường THCS Mỹ An",
        "giao lưu Trường THCS Mỹ An về kỹ năng phòng chống xâm hại",
        "hỗ trợ Trường THCS Mỹ An tổ chức ngày hội",
        "tham dự chuyên đề do Trường THCS Mỹ An tổ chức",
        "mời Trường THCS Mỹ An dự sinh hoạt chuyên đề",
        "học tập kinh nghiệm của Trường THCS Mỹ An",
    ],
)
def test_a_personal_addresss_typed_report_naming_a_school_only_as_its_partner_waits(
    rt: Runtime, line: str
) -> None:
    """A report typed into a gmail, naming its own school nowhere, told of its pioneer unit «phối hợp
    Trường THCS Mỹ An»: it was credited to THCS Mỹ An, which was acknowledged and no longer reminded. The
    mail's text was counted twice (as the mail's words and as the paper typed in it), and a partner was
    known only after «với», «cùng», «tại», «giữa». A school named as a partner is not the writer's."""
    msg = mail(
        sender="Nguyen Thi Bich <bichnt.gv@gmail.com>", subject="Báo cáo NQ121", body=_typed_report(line)
    )
    outcome = ingest(rt, as_bytes(msg))
    assert outcome.state == MessageState.REVIEW and outcome.submissions == (), outcome.reason
    assert "thcs-my-an" not in {s.school_id for s in rt.store.submissions()}


def test_a_typed_report_naming_its_school_once_is_one_witness_as_a_papers_text_is(rt: Runtime) -> None:
    """A report typed into a gmail whose text names a school once, with no letterhead, was credited to it:
    the same words were read as the mail's and again as the paper's, two witnesses. A .docx saying the same
    waits for staff; so does the mail. A letterhead typed over it still names the school."""
    line = "Trường THCS Mỹ An tổ chức tuyên truyền cho học sinh"
    msg = mail(sender="bichnt.gv@gmail.com", subject="Báo cáo NQ121", body=_typed_report(line))
    outcome = ingest(rt, as_bytes(msg))
    assert outcome.state == MessageState.REVIEW and outcome.submissions == (), outcome.reason
    assert "Nội dung thư ghi «THCS Mỹ An»" in outcome.reason
    headed = mail(
        sender="bichnt.gv@gmail.com",
        subject="Báo cáo NQ121",
        body="UBND XÃ MỸ AN\nTRƯỜNG TIỂU HỌC MỸ AN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nBÁO CÁO\n"
        + _typed_report("Nhà trường tổ chức tuyên truyền"),
        mid="headed@example.edu.vn",
    )
    assert credited_files(ingest(rt, as_bytes(headed))) == ("(nội dung thư)",)


@pytest.mark.parametrize(
    "signed",
    [
        "Lê Thị Hoa\nHiệu trưởng (nguyên Hiệu trưởng Trường Mầm non tư thục Hoa Sen)",
        "Lê Thị Hoa, nguyên giáo viên Trường Mầm non tư thục Hoa Sen",
        "Lê Thị Hoa, trước đây công tác ở Trường Mầm non tư thục Hoa Sen",
    ],
)
def test_a_former_school_in_a_personal_addresss_signature_is_not_the_senders(
    rt: Runtime, signed: str
) -> None:
    """A report typed into a yahoo mail, naming no school but the principal's former one in her signature
    («nguyên Hiệu trưởng Trường Mầm non Hoa Sen»), was credited to Hoa Sen, which was acknowledged. A school
    someone worked at before is not whose report she sends now: the mail waits for staff."""
    body = _typed_report("tuyên truyền đến phụ huynh", closing=f"--\n{signed}")
    outcome = ingest(rt, as_bytes(mail(sender="lethihoa68@yahoo.com", subject="Báo cáo NQ121", body=body)))
    assert outcome.state == MessageState.REVIEW and outcome.submissions == (), outcome.reason


@pytest.mark.parametrize(
    "line",
    [
        "trường phối hợp với Trường THCS Mỹ An tổ chức chuyên đề cụm; 4 buổi tuyên truyền",
        "tham gia chuyên đề cụm tổ chức tại Trường THCS Mỹ An; 7 buổi tuyên truyền",
        "cùng Trường Mẫu giáo Mỹ An tổ chức ngày hội; 6 buổi tuyên truyền",
    ],
)
def test_a_registered_addresss_typed_report_naming_a_partner_is_the_senders(rt: Runtime, line: str) -> None:
    """Tiểu học Mỹ An typed its report into the mail from its own address and named a partner school
    («phối hợp với Trường THCS Mỹ An»): the partner was read against the address and the report waited
    with «Các căn cứ không thống nhất». A partner is not whose report it is, in a typed report as in a file."""
    outcome = ingest(
        rt, as_bytes(mail(subject="Báo cáo NQ121", body=_typed_report(line, closing="Trân trọng.")))
    )
    assert credited_files(outcome) == ("(nội dung thư)",)
