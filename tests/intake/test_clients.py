"""Mail as the clients schools use send it, and as mailing lists pass it on: read as the school wrote it."""

from __future__ import annotations

import binascii
import datetime as dt
import random
import re
import shutil
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding, pkcs7
from cryptography.x509.oid import NameOID

from intake import pipeline, review
from kernel import config as config_mod
from kernel.archive import key_of
from kernel.runtime import Runtime
from kernel.store import MessageState, Store
from samples.documents import render_docx
from samples.papers import make_paper
from scheduler import jobs
from scheduler.outgoing import MailKind
from tests.intake.conftest import report_mail
from tests.parsers import corpus

ROOT = Path(__file__).resolve().parents[2]
RECEIVED = dt.datetime(2021, 10, 20, 2, 15, tzinfo=dt.UTC)
FIXED = dt.datetime(2021, 11, 1, tzinfo=dt.UTC)
MY_AN = "c1myan.thuthua@example.edu.vn"
GROUP = "cactruong-thuthua@googlegroups.com"
MX = "mx.pgdthuthua.example.edu.vn"
FOOTER = (
    '--\nBạn nhận được thư này vì bạn đã đăng ký vào nhóm "Các trường Thủ Thừa" của Google Groups.\n'
    "Để hủy đăng ký khỏi nhóm này và ngừng nhận email từ nhóm, hãy gửi email đến "
    "cactruong-thuthua+unsubscribe@googlegroups.com.\n"
)


@pytest.fixture
def rt(tmp_path: Path) -> Iterator[Runtime]:
    path = tmp_path / "config.toml"
    shutil.copy(ROOT / "config.toml", path)
    text = path.read_text(encoding="utf-8").replace('authserv_id = ""', f'authserv_id = "{MX}"')
    path.write_text(text, encoding="utf-8")
    with Runtime.open(config_mod.load(path), clock=lambda: FIXED) as runtime:
        yield runtime


def school_mail(sender: str, files: dict[str, bytes], *, mid: str = "m1") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = f"Trường TH Mỹ An <{sender}>"
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo thực hiện NQ121"
    msg["Message-ID"] = f"<{mid}@mail.gmail.com>"
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    msg.set_content("Kính gửi Phòng GD&ĐT, trường gửi báo cáo.")
    for name, data in files.items():
        msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return msg


def through_group(msg: EmailMessage, *, rewrite: bool = True, dmarc: str = "pass") -> bytes:
    """msg as a Google Group the office belongs to delivers it: the subject tagged, list fields added, a
    footer, and From rewritten to the group (the author kept in X-Original-Sender) when rewrite."""
    author = msg["From"]
    address = author.addresses[0].addr_spec
    passed = EmailMessage()
    for name, value in msg.items():
        if name.lower() not in ("from", "to", "subject", "content-type", "mime-version"):
            passed[name] = value
    passed["From"] = f"'Trường TH Mỹ An' via Các trường Thủ Thừa <{GROUP}>" if rewrite else str(author)
    passed["To"] = f"Các trường Thủ Thừa <{GROUP}>"
    passed["Subject"] = f"[cactruong-thuthua] {msg['Subject']}"
    if rewrite:
        passed["Reply-To"] = address
        passed["X-Original-From"] = str(author)
    passed["X-Original-Sender"] = address
    passed["Mailing-list"] = f"list {GROUP}; contact cactruong-thuthua+owners@googlegroups.com"
    passed["List-ID"] = "<cactruong-thuthua.googlegroups.com>"
    passed["List-Unsubscribe"] = "<mailto:googlegroups-manage+1+unsubscribe@googlegroups.com>"
    passed["Precedence"] = "list"
    text = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    passed.set_content(f"{text}\n{FOOTER}")
    for part in msg.iter_attachments():
        passed.add_attachment(
            part.get_content(), maintype="application", subtype="octet-stream", filename=part.get_filename()
        )
    trace = f"Authentication-Results: {MX}; dkim=pass header.d=googlegroups.com; dmarc={dmarc}\r\n"
    return trace.encode() + passed.as_bytes(policy=passed.policy.clone(linesep="\r\n"))


def process(rt: Runtime, raw: bytes) -> pipeline.Outcome:
    return pipeline.process(rt, raw, received_at=RECEIVED, source="test")


# -- mailing lists -------------------------------------------------------------------------------------


@pytest.mark.parametrize("author", [MY_AN, "hieutruong.myan@gmail.com"])
def test_a_report_through_a_google_group_is_the_authors_and_only_they_are_acknowledged(
    rt: Runtime, report_docx: bytes, author: str
) -> None:
    """A school's report posted to a Google Group the office is in arrived From the group: a personal
    address's report was set aside as a newsletter, and a registered one's was recorded as sent by the
    group, whose every member the acknowledgement went to."""
    grouped = through_group(school_mail(author, {"BC NQ121.docx": report_docx}))
    outcome = process(rt, sealed_by_the_group(grouped, "pass", author))
    assert outcome.state == MessageState.REPORT
    [sub] = outcome.submissions
    assert (sub.school_id, sub.sender) == ("th-my-an", author)
    [ack] = jobs.due(rt, RECEIVED + dt.timedelta(hours=1), kinds=(MailKind.ACK,))
    assert GROUP not in ack.to and ack.to == tuple(dict.fromkeys((author, MY_AN)))


def test_a_report_through_the_group_a_school_registered_as_its_address_is_the_schools(
    tmp_path: Path,
) -> None:
    """Tiểu học Mỹ An lists its own Google Group in emails. Its principal posted the report, a paper whose
    header was cut off, to the group from her gmail: it waited for staff («Chưa đủ căn cứ … Tài khoản gửi
    thư … đã đăng ký cho Trường Tiểu học Mỹ An»), although it came through the school's registered address."""
    path = tmp_path / "config.toml"
    text = (
        (ROOT / "config.toml")
        .read_text(encoding="utf-8")
        .replace('authserv_id = ""', f'authserv_id = "{MX}"')
    )
    path.write_text(
        text.replace(f'emails = ["{MY_AN}"]', f'emails = ["{MY_AN}", "{GROUP}"]'), encoding="utf-8"
    )
    author = "hieutruong.myan@gmail.com"
    paper = render_docx(make_paper("Trường Tiểu học Hòa Bình", year=2021, rng=random.Random(3), named=False))
    with Runtime.open(config_mod.load(path), clock=lambda: FIXED) as runtime:
        outcome = process(
            runtime,
            sealed_by_the_group(through_group(school_mail(author, {"BC.docx": paper})), "pass", author),
        )

        assert outcome.state == MessageState.REPORT, outcome.reason
        [sub] = outcome.submissions
        assert (sub.school_id, sub.sender) == ("th-my-an", author)
        assert runtime.store.learned_addresses() == {}  # the group is the school's, never learned


@pytest.mark.parametrize("author", [MY_AN, "hieutruong.myan@gmail.com"])
def test_a_report_typed_in_a_mail_through_a_group_is_no_newsletter(rt: Runtime, author: str) -> None:
    """A group adds its unsubscribe footer ("hủy đăng ký") to every post: a small school's report typed
    in the mail itself, with no file, was set aside as a newsletter."""
    msg = message_from_bytes(report_mail(author, "Trường Tiểu học Mỹ An", RECEIVED), policy=policy.default)
    outcome = process(rt, sealed_by_the_group(through_group(msg), "pass", author))  # type: ignore[arg-type]
    assert outcome.state == MessageState.REPORT
    [sub] = outcome.submissions
    assert (sub.school_id, sub.sender) == ("th-my-an", author)


def test_a_mailman_list_naming_the_author_in_reply_to_passes_on_the_authors_report(
    rt: Runtime, report_docx: bytes
) -> None:
    """Mailman rewrites From to "<author> via <list>" and keeps the author only in Reply-To."""
    raw = through_group(school_mail("hieutruong.myan@gmail.com", {"BC NQ121.docx": report_docx}))
    raw = re.sub(rb"X-Original-(?:Sender|From): [^\r]*\r\n", b"", raw)
    via = "From: Trường TH Mỹ An via Các trường <cactruong@lists.example.vn>".encode()
    raw = re.sub(rb"From: [^\r]*(?:\r\n[ \t][^\r]*)*", via, raw, count=1)
    assert b"googlegroups.com>\r\nTo:" not in raw
    outcome = process(rt, sealed_by_the_group(raw, "pass", "hieutruong.myan@gmail.com"))
    assert outcome.state == MessageState.REPORT
    [sub] = outcome.submissions
    assert (sub.school_id, sub.sender) == ("th-my-an", "hieutruong.myan@gmail.com")


def test_a_forged_groups_mail_naming_a_school_as_author_waits_for_staff(
    rt: Runtime, report_docx: bytes
) -> None:
    """Anyone can write X-Original-Sender: when the group's own address fails DMARC, the author it names
    vouches for nothing."""
    outcome = process(rt, through_group(school_mail(MY_AN, {"BC.docx": report_docx}), dmarc="fail"))
    assert outcome.state == MessageState.REVIEW
    assert "DMARC không đạt" in outcome.reason


def _unsealed_copy(kind: str, msg: EmailMessage) -> bytes:
    """msg as a list passes it on naming its author, with no ARC set: a Google Group (the author in
    X-Original-Sender), a Mailman list (the author in Reply-To) or a Mailman list wrapping the mail whole."""
    if kind == "group":
        return through_group(msg)
    return through_mailman(msg) if kind == "mailman" else wrapped_by_mailman(msg)


@pytest.mark.parametrize("kind", ["group", "mailman", "wrapped"])
def test_a_lists_copy_naming_a_school_as_author_with_nothing_to_prove_it_waits_for_staff(
    rt: Runtime, report_docx: bytes, kind: str
) -> None:
    """Anyone can run a «list» on a gmail of their own, add List-Id and name a school in X-Original-Sender
    (or in a «via» From and Reply-To, or as the From of a wrapped mail): the list's own DMARC pass was
    shown as the school's address authenticated, and the report credited to the school."""
    outcome = process(rt, _unsealed_copy(kind, school_mail(MY_AN, {"BC.docx": report_docx})))
    assert outcome.state == MessageState.REVIEW and not outcome.submissions
    [waiting] = outcome.reviews
    assert waiting.candidates[0] == "th-my-an"
    assert f"ghi là thư của {MY_AN}, nhưng không có gì chứng minh {MY_AN} đã gửi thư này" in outcome.reason
    assert "Cán bộ hỏi trường đã gửi báo cáo này vào nhóm thư" in outcome.reason
    check = rt.store.message(outcome.key).sender_check  # type: ignore[union-attr]
    assert check is not None and check.failed and check.address == MY_AN


def sealed_by_the_group(raw: bytes, original_dmarc: str, author: str = MY_AN) -> bytes:
    """A list's copy with the ARC set the list's server (Google's for a group) sealed, saying what it found
    of the author's original, and the office's server's word that the ARC chain is intact (arc=pass). A
    list's copy that names its author arrives so: without it, nothing vouches for the author it names."""
    domain = author.rpartition("@")[2]
    at = raw.index(b"\r\n")  # the end of the office's server's Authentication-Results
    return (
        raw[:at]
        + b"; arc=pass (i=1)\r\n"
        + b"ARC-Seal: i=1; a=rsa-sha256; t=1634696100; cv=none; d=google.com; s=arc-20160816; b=AbC=\r\n"
        + b"ARC-Authentication-Results: i=1; mx.google.com;\r\n"
        + f"       dkim=pass header.i=@{domain} header.s=mail header.b=Xy;\r\n".encode()
        + f"       spf=pass smtp.mailfrom={author};\r\n".encode()
        + f"       dmarc={original_dmarc} (p=REJECT sp=REJECT dis=NONE) header.from={domain}".encode()
        + raw[at:]
    )


@pytest.mark.parametrize("original_dmarc", ["pass", "fail"])
def test_a_groups_copy_of_a_mail_that_forged_the_schools_address_waits_for_staff(
    rt: Runtime, report_docx: bytes, original_dmarc: str
) -> None:
    """A group open to anyone's posts rewrites From to its own and names the author in X-Original-Sender: a
    forger who posts as the school had the report credited to the school, though the group's own server
    recorded in its ARC set that the original failed DMARC for the school's domain."""
    grouped = through_group(school_mail(MY_AN, {"BC NQ121.docx": report_docx}))
    outcome = process(rt, sealed_by_the_group(grouped, original_dmarc))
    if original_dmarc == "pass":
        assert outcome.state == MessageState.REPORT
        return
    assert outcome.state == MessageState.REVIEW and not outcome.submissions
    assert "thư gốc của example.edu.vn không đạt DMARC" in outcome.reason
    assert f"có thể là thư giả mạo địa chỉ {MY_AN}" in outcome.reason


@pytest.mark.parametrize("sealed", [False, True])
def test_a_groups_copy_keeping_the_schools_from_and_failing_dmarc_tells_staff_what_to_check(
    rt: Runtime, report_docx: bytes, sealed: bool
) -> None:
    """A group that keeps the school's From adds its footer and subject tag, which break the school's DKIM:
    with no direct copy the report waits for staff, who were told only that the mail forged the school's
    address. The group's ARC record that the school's original passed DMARC is written by the group's
    server, which anyone can run: it is no proof, but it is said, with what to check."""
    grouped = through_group(school_mail(MY_AN, {"BC NQ121.docx": report_docx}), rewrite=False, dmarc="fail")
    outcome = process(rt, sealed_by_the_group(grouped, "pass") if sealed else grouped)
    assert outcome.state == MessageState.REVIEW
    assert [r.candidates for r in outcome.reviews] == [("th-my-an",)]
    assert "Thư giả mạo" not in outcome.reason
    assert f"nhóm thư {GROUP} chuyển đến" in outcome.reason
    assert f"trường đã gửi báo cáo này vào nhóm thư {GROUP}" in outcome.reason
    said = "máy chủ của nhóm thư (mx.google.com) ghi nhận thư gốc của example.edu.vn đạt DMARC"
    assert (said in outcome.reason) == sealed


def _assert_recorded_once(rt: Runtime, first: bytes, second: bytes) -> None:
    """Two copies of one school's report mail make one report from the school, acknowledged once."""
    recorded = process(rt, first)
    again = process(rt, second)
    assert recorded.state == MessageState.REPORT and (again.key, again.new) == (recorded.key, False)
    [sub] = rt.store.submissions(report_id="nq121", year=2021)
    assert sub.sender == MY_AN
    assert len(jobs.due(rt, RECEIVED + dt.timedelta(hours=1), kinds=(MailKind.ACK,))) == 1


@pytest.mark.parametrize("rewrite", [True, False])
@pytest.mark.parametrize("group_first", [True, False])
def test_a_report_sent_to_the_office_and_to_its_group_is_recorded_once(
    rt: Runtime, report_docx: bytes, rewrite: bool, group_first: bool
) -> None:
    """A school writing to the office and to a group the office is in delivers two copies: their bytes
    differ (the group tags the subject, adds a footer, may rewrite From), and the report was recorded and
    acknowledged twice."""
    msg = school_mail(MY_AN, {"BC NQ121.docx": report_docx})
    direct, grouped = msg.as_bytes(), sealed_by_the_group(through_group(msg, rewrite=rewrite), "pass")
    first, second = (grouped, direct) if group_first else (direct, grouped)
    _assert_recorded_once(rt, first, second)


def _two_workers(
    tmp_path: Path, database_url: str, copies: tuple[bytes, bytes], earlier: bytes = b""
) -> list[pipeline.Outcome]:
    """Two workers, each with its own connection to one database (SQLite or PostgreSQL), reading one copy
    each at the same time, with the config in tmp_path naming that database; earlier, a copy the first
    worker read before."""
    path = tmp_path / "config.toml"
    shutil.copy(ROOT / "config.toml", path)
    text = path.read_text(encoding="utf-8").replace('authserv_id = ""', f'authserv_id = "{MX}"')
    path.write_text(text.replace('"sqlite:///var/baocao.db"', f'"{database_url}"'), encoding="utf-8")
    config = config_mod.load(path)
    runtimes = [Runtime.open(config, clock=lambda: FIXED) for _ in copies]
    try:
        if earlier:
            process(runtimes[0], earlier)
        with ThreadPoolExecutor(len(copies)) as pool:
            return list(pool.map(process, runtimes, copies))
    finally:
        for runtime in runtimes:
            runtime.close()


@pytest.mark.parametrize("rewrite", [True, False])
def test_two_copies_read_by_two_workers_at_the_same_moment_are_recorded_once(
    tmp_path: Path,
    database_url: str,
    store: Store,
    report_docx: bytes,
    monkeypatch: pytest.MonkeyPatch,
    rewrite: bool,
) -> None:
    """Two workers on one database took the school's direct copy and the group's copy at the same moment:
    each looked for a recorded copy of its mail before the other had recorded one, and both were recorded
    as reports, acknowledged twice. The workers are made to look at the same moment (each waits for the
    other after looking), as two processes picking up the two copies together do."""
    msg = school_mail(MY_AN, {"BC NQ121.docx": report_docx})
    looked = threading.Barrier(2)
    copy_of = pipeline._copy_of

    def look_together(rt: Runtime, raw: bytes) -> Any:
        found = copy_of(rt, raw)
        looked.wait()
        return found

    monkeypatch.setattr(pipeline, "_copy_of", look_together)
    grouped = sealed_by_the_group(through_group(msg, rewrite=rewrite), "pass")
    outcomes = _two_workers(tmp_path, database_url, (msg.as_bytes(), grouped))

    assert sorted(o.new for o in outcomes) == [False, True]
    assert {o.key for o in outcomes} == {o.key for o in outcomes if o.new}
    [sub] = store.submissions(report_id="nq121", year=2021)
    assert sub.school_id == "th-my-an" and sub.sender == MY_AN
    assert [m.key for m in store.messages()] == [o.key for o in outcomes if o.new]
    config = config_mod.load(tmp_path / "config.toml")
    with Runtime.open(config, clock=lambda: FIXED) as rt:
        assert len(jobs.due(rt, RECEIVED + dt.timedelta(hours=1), kinds=(MailKind.ACK,))) == 1


def test_a_copy_failing_dmarc_read_by_another_worker_does_not_swallow_the_direct_one(
    tmp_path: Path, database_url: str, store: Store, report_docx: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The group's copy, whose footer broke the school's DKIM, was being read by one worker when another
    took the school's direct copy: the direct copy must wait to learn that the group's copy fails the
    sender check, and be read, rather than be taken for a copy of a mail that only waits for staff."""
    msg = school_mail(MY_AN, {"BC NQ121.docx": report_docx})
    grouped = through_group(msg, rewrite=False, dmarc="fail")
    direct = f"Authentication-Results: {MX}; dkim=pass header.d=example.edu.vn; dmarc=pass\r\n".encode()
    direct += msg.as_bytes(policy=msg.policy.clone(linesep="\r\n"))
    group_claimed = threading.Event()
    claim = Store.claim_sending

    def group_first(store: Store, sending: str, key: str, now: dt.datetime) -> str:
        if key != key_of(grouped):
            group_claimed.wait()
        holder = claim(store, sending, key, now)
        group_claimed.set()
        return holder

    monkeypatch.setattr(Store, "claim_sending", group_first)
    in_review, report = _two_workers(tmp_path, database_url, (grouped, direct))

    assert in_review.new and in_review.state == MessageState.REVIEW
    assert report.new and report.state == MessageState.REPORT
    [sub] = store.submissions(report_id="nq121", year=2021)
    assert sub.message_key == key_of(direct)


def test_two_copies_read_together_after_one_failing_dmarc_are_recorded_once(
    tmp_path: Path, database_url: str, store: Store, report_docx: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The group's copy failed DMARC and waited for staff; two workers then took the school's direct copy
    and the copy a second list passed on at the same moment. Both found the sending claimed by the group's
    copy, which stands for neither, and both were read: two reports, two acknowledgements."""
    msg = school_mail(MY_AN, {"BC NQ121.docx": report_docx})
    grouped = through_group(msg, rewrite=False, dmarc="fail")
    direct = f"Authentication-Results: {MX}; dkim=pass header.d=example.edu.vn; dmarc=pass\r\n".encode()
    direct += msg.as_bytes(policy=msg.policy.clone(linesep="\r\n"))
    looked = threading.Barrier(2)
    copy_of = pipeline._copy_of

    def look_together(rt: Runtime, raw: bytes) -> Any:
        found = copy_of(rt, raw)
        if raw != grouped:
            looked.wait()
        return found

    monkeypatch.setattr(pipeline, "_copy_of", look_together)
    listed = sealed_by_the_group(through_mailman(msg), "pass")
    outcomes = _two_workers(tmp_path, database_url, (direct, listed), earlier=grouped)

    assert sorted(o.new for o in outcomes) == [False, True]
    assert len({o.key for o in outcomes}) == 1
    [sub] = store.submissions(report_id="nq121", year=2021)
    assert sub.school_id == "th-my-an" and sub.sender == MY_AN
    config = config_mod.load(tmp_path / "config.toml")
    with Runtime.open(config, clock=lambda: FIXED) as rt:
        assert len(jobs.due(rt, RECEIVED + dt.timedelta(hours=1), kinds=(MailKind.ACK,))) == 1


def test_a_scanners_fixed_message_id_without_a_date_is_no_copy(rt: Runtime, report_docx: bytes) -> None:
    """A scanner stamps every mail with one Message-ID and may write no Date: two of its mails are two."""
    raws = []
    for note in ("Báo cáo.", "Phụ lục."):
        msg = school_mail(MY_AN, {"BC NQ121.docx": report_docx})
        msg.get_body().set_content(note)  # type: ignore[union-attr]
        del msg["Date"]
        msg.replace_header("Message-ID", "<scan@localhost>")
        raws.append(msg.as_bytes())
    first, second = (process(rt, raw) for raw in raws)
    assert second.new and second.key != first.key


# -- files without a name ------------------------------------------------------------------------------


def test_a_file_sent_without_a_name_is_called_so_in_vietnamese(rt: Runtime) -> None:
    """A copier's "Scan to e-mail" and some phone apps send the file with no name: staff read that
    «attachment» could not be read, a word the office does not use."""
    msg = school_mail(MY_AN, {})
    msg.add_attachment(
        b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nstream\n\x00", "application", "pdf"
    )
    outcome = process(rt, msg.as_bytes())
    assert "không tên.pdf" in outcome.reason and "attachment" not in outcome.reason


# -- encrypted mail ------------------------------------------------------------------------------------


def _office_certificate() -> x509.Certificate:
    """The office's own certificate, which a school's Outlook encrypts to once it has it."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "PHÒNG GD&ĐT THỦ THỪA")])
    start = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
    builder = x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
    builder = (
        builder.serial_number(1).not_valid_before(start).not_valid_after(start + dt.timedelta(days=3650))
    )
    return builder.sign(key, hashes.SHA256())


@pytest.mark.parametrize("declared", [True, False])
def test_an_encrypted_mail_waits_for_staff_saying_it_is_encrypted(
    rt: Runtime, report_docx: bytes, declared: bool
) -> None:
    """Outlook encrypts a school's mail (smime.p7m, enveloped-data) when the office's certificate is
    known to it: the encrypted part was read as the school's report file, and the school was told its
    report was a file the system cannot read and to send Word or PDF."""
    inner = school_mail(MY_AN, {"BC NQ121.docx": report_docx})
    envelope = pkcs7.PKCS7EnvelopeBuilder().set_data(inner.as_bytes()).add_recipient(_office_certificate())
    sealed = envelope.encrypt(Encoding.SMIME, []).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if not declared:  # some clients write no smime-type
        sealed = sealed.replace(b'; smime-type="enveloped-data"', b"").replace(b"pkcs7-mime", b"x-pkcs7-mime")
    head = "".join(
        f"{k}: {v}\r\n" for k, v in inner.items() if k.lower() not in ("content-type", "mime-version")
    )
    outcome = process(rt, head.encode() + sealed)
    assert outcome.state == MessageState.REVIEW and not outcome.submissions
    assert outcome.reason.startswith("Thư được mã hóa (S/MIME")
    assert "smime.p7m không phải văn bản" not in outcome.reason


def test_a_groups_own_address_is_never_learned_for_a_school(rt: Runtime, report_docx: bytes) -> None:
    """A group that rewrites From and names no author (replies set to the group) sends every member's mail
    from its own address: learned for the school staff assign one such report to, it would credit every
    other school's mail through the group to that school. Such mail is a list's, sent automatically, whose
    address is never learned."""
    raw = through_group(school_mail("hieutruong.myan@gmail.com", {"BC.docx": report_docx}))
    raw = raw.replace(b"Reply-To: hieutruong.myan@gmail.com", b"Reply-To: " + GROUP.encode())
    raw = re.sub(rb"X-Original-(?:Sender|From): [^\r]*\r\n", b"", raw)
    outcome = process(rt, raw)
    assert rt.store.message(outcome.key).sender == GROUP  # type: ignore[union-attr]
    assigned = review.assign(rt, outcome.key, "th-my-an", by="test")
    assert assigned.learned is None and GROUP not in rt.store.learned_addresses()


def groups_digest(*, original_sender: bool = True) -> bytes:
    """The group's daily digest as Google Groups sends it: From the group, naming the group itself in
    X-Original-Sender, quoting the day's posts with their authors' addresses."""
    msg = EmailMessage()
    msg["From"] = GROUP
    msg["To"] = f"Digest recipients <{GROUP}>"
    msg["Subject"] = "[cactruong-thuthua] Bản tin tóm tắt - 2 cập nhật trong 1 chủ đề"
    msg["Message-ID"] = "<digest.1@googlegroups.com>"
    msg["Date"] = "Wed, 20 Oct 2021 18:00:00 +0700"
    if original_sender:
        msg["X-Original-Sender"] = GROUP
    msg["Mailing-list"] = f"list {GROUP}; contact cactruong-thuthua+owners@googlegroups.com"
    msg["List-ID"] = "<cactruong-thuthua.googlegroups.com>"
    msg["List-Unsubscribe"] = "<mailto:googlegroups-manage+1+unsubscribe@googlegroups.com>"
    msg["Precedence"] = "list"
    msg.set_content(
        f"{GROUP} - Google Groups\nBản tin tóm tắt: 2 cập nhật trong 1 chủ đề\n\n"
        "Chủ đề: Hỏi mẫu báo cáo NQ121 năm 2021\n"
        "    Trường THCS Mỹ An <c2myan.thuthua@example.edu.vn>: 20/10/2021 08:14\n"
        "    Dạ cho em hỏi mẫu báo cáo kết quả triển khai thực hiện Nghị quyết 121/2020/QH14 về phòng, chống "
        "xâm hại trẻ em năm nay có thay đổi không ạ?\n\n"
        f"    Trường Tiểu học Mỹ An <{MY_AN}>: 20/10/2021 09:40\n"
        "    Dạ mẫu như năm ngoái ạ, trường em đã gửi báo cáo kết quả triển khai thực hiện Nghị quyết "
        "121/2020/QH14 về phòng, chống xâm hại trẻ em năm 2021 lên Phòng rồi ạ.\n\n"
        f"{FOOTER}"
    )
    return msg.as_bytes()


@pytest.mark.parametrize("original_sender", [True, False])
def test_a_groups_digest_quoting_a_schools_post_is_no_report_and_is_never_answered(
    rt: Runtime, original_sender: bool
) -> None:
    """A Google Group's digest names the group itself in X-Original-Sender: taken for a person's post, its
    quote of a school's words was credited as that school's report, and the acknowledgement went to the
    group, whose next digest carried it back."""
    outcome = process(rt, groups_digest(original_sender=original_sender))
    assert outcome.state == MessageState.NOISE and not outcome.submissions
    assert outcome.reason.startswith("Bản tin tóm tắt (digest) của nhóm thư")
    assert rt.store.message(outcome.key).automatic  # type: ignore[union-attr]
    assert jobs.due(rt, RECEIVED + dt.timedelta(hours=1), kinds=(MailKind.ACK,)) == []


@pytest.mark.parametrize("author", [MY_AN, "hieutruong.myan@gmail.com"])
def test_a_persons_post_titled_a_summary_is_no_digest(rt: Runtime, report_docx: bytes, author: str) -> None:
    """A principal posted «Tóm tắt kết quả thực hiện NQ121 của trường TH Mỹ An» to the group with the report
    attached: «Tóm tắt» (summary) in its subject set it aside as the group's digest, and the school went on
    being reminded. A digest is the group's own compilation, sent from the group's address."""
    msg = school_mail(author, {"BC NQ121.docx": report_docx})
    msg.replace_header("Subject", "Tóm tắt kết quả thực hiện NQ121 của trường TH Mỹ An")
    outcome = process(rt, sealed_by_the_group(through_group(msg), "pass", author))
    assert outcome.state == MessageState.REPORT, outcome.reason
    [sub] = outcome.submissions
    assert (sub.school_id, sub.sender) == ("th-my-an", author)


def test_a_report_from_a_groups_own_address_is_never_acknowledged_to_the_group(
    rt: Runtime, report_docx: bytes
) -> None:
    """A group's copy naming two authors (X-Original-Sender and X-Original-From disagree) stays From the
    group: the school's report it carried was acknowledged to the group's address, every member's."""
    raw = through_group(school_mail(MY_AN, {"BC NQ121.docx": report_docx}))
    raw = re.sub(
        rb"X-Original-From: [^\r]*\r\n(?:[ \t][^\r]*\r\n)*",
        b"X-Original-From: hieutruong.myan@gmail.com\r\n",
        raw,
    )
    outcome = process(rt, raw)
    assert rt.store.message(outcome.key).sender == GROUP  # type: ignore[union-attr]
    assert all(
        GROUP not in ack.to for ack in jobs.due(rt, RECEIVED + dt.timedelta(hours=1), kinds=(MailKind.ACK,))
    )


def _sealed(content_type: bytes, payload: bytes) -> bytes:
    """A school's mail whose body is the given multipart with boundary S."""
    head = "".join(f"{k}: {v}\r\n" for k, v in school_mail(MY_AN, {}).items() if k.lower() != "content-type")
    return head.encode() + content_type + b"\r\n\r\n--S\r\n" + payload + b"\r\n--S--\r\n"


@pytest.mark.parametrize(
    ("how", "raw"),
    [
        (  # Thunderbird's OpenPGP (PGP/MIME)
            "OpenPGP",
            _sealed(
                b'Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="S"',
                b"Content-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n--S\r\n"
                b'Content-Type: application/octet-stream; name="encrypted.asc"\r\n'
                b'Content-Disposition: inline; filename="encrypted.asc"\r\n\r\n'
                b"-----BEGIN PGP MESSAGE-----\r\n\r\nhQEMA8x1\r\n-----END PGP MESSAGE-----",
            ),
        ),
    ],
)
def test_mail_encrypted_otherwise_waits_for_staff_saying_how(rt: Runtime, how: str, raw: bytes) -> None:
    """Thunderbird's OpenPGP seals the report as S/MIME does: the sealed part was taken for the school's
    report in a format the system cannot read."""
    outcome = process(rt, raw)
    assert outcome.state == MessageState.REVIEW and not outcome.submissions
    assert outcome.reason.startswith(f"Thư được mã hóa ({how})")


# -- forwards ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mark", ["Begin forwarded message:", "Bắt đầu thư được chuyển tiếp:"])
def test_a_schools_mail_forwarded_by_staff_from_an_iphone_is_the_schools(
    rt: Runtime, report_docx: bytes, mark: str
) -> None:
    """Apple Mail heads a forwarded message "Bắt đầu thư được chuyển tiếp:" in Vietnamese: staff forwarding
    a school's report from an iPhone set in Vietnamese sent it as the office's own mail, and the school was
    recorded as missing until someone assigned it."""
    body = (
        f"Chuyển báo cáo của trường.\n\n{mark}\n\nTừ: Trường TH Mỹ An <{MY_AN}>\nChủ đề: Báo cáo NQ121\n"
        "Ngày: 19 tháng 10, 2021 lúc 15:02:11 GMT+7\nĐến: chuyenvien.a@gmail.com\n\nKính gửi Phòng GD&ĐT.\n"
    )
    msg = school_mail("pgdthuthua@example.edu.vn", {"BC NQ121.docx": report_docx})
    msg.replace_header("Subject", "Fwd: Báo cáo NQ121")
    msg.get_body(("plain",)).set_content(body)  # type: ignore[union-attr]
    outcome = process(rt, msg.as_bytes())
    assert outcome.state == MessageState.REPORT
    [sub] = outcome.submissions
    assert sub.school_id == "th-my-an"


def test_a_copy_failing_dmarc_through_a_group_does_not_swallow_the_direct_one(
    rt: Runtime, report_docx: bytes
) -> None:
    """A group that keeps From (the school's domain asks nothing) adds a footer that breaks the school's DKIM:
    its copy fails DMARC and waits for staff as possibly forged. The school's direct copy, arriving second,
    was then taken for that same message and dropped, and the report stayed in review."""
    msg = school_mail(MY_AN, {"BC NQ121.docx": report_docx})
    grouped = through_group(msg, rewrite=False, dmarc="fail")
    direct = f"Authentication-Results: {MX}; dkim=pass header.d=example.edu.vn; dmarc=pass\r\n".encode()
    assert process(rt, grouped).state == MessageState.REVIEW
    outcome = process(rt, direct + msg.as_bytes(policy=msg.policy.clone(linesep="\r\n")))
    assert outcome.new and outcome.state == MessageState.REPORT


def test_a_third_copy_after_one_failing_dmarc_is_a_copy_of_the_one_read(
    rt: Runtime, report_docx: bytes
) -> None:
    """The group's copy failed DMARC and waited for staff; the school's direct copy was read as its report;
    a third copy (the mail passed on by a second list) was compared with the group's copy alone, which
    stands for nothing, and was read as a second report, acknowledged a second time."""
    msg = school_mail(MY_AN, {"BC NQ121.docx": report_docx})
    grouped = through_group(msg, rewrite=False, dmarc="fail")
    direct = f"Authentication-Results: {MX}; dkim=pass header.d=example.edu.vn; dmarc=pass\r\n".encode()
    assert process(rt, grouped).state == MessageState.REVIEW
    recorded = process(rt, direct + msg.as_bytes(policy=msg.policy.clone(linesep="\r\n")))
    assert recorded.state == MessageState.REPORT
    again = process(rt, through_mailman(msg))
    assert (again.key, again.new) == (recorded.key, False)
    [sub] = rt.store.submissions(report_id="nq121", year=2021)
    assert sub.message_key == recorded.key
    assert len(jobs.due(rt, RECEIVED + dt.timedelta(hours=1), kinds=(MailKind.ACK,))) == 1


# -- Mailman's "wrap message" --------------------------------------------------------------------------

LIST = "cactruong@lists.example.vn"


def wrapped_by_mailman(
    msg: EmailMessage,
    *,
    dmarc: str = "pass",
    cc_author: bool = True,
    sender: str = LIST,
    list_post: bool = True,
) -> bytes:
    """msg as a Mailman list set to "wrap message" delivers it: an outer mail from the list, with the list's
    fields, whose only content is the author's mail attached whole (message/rfc822); no X-Original-Sender."""
    author = msg["From"].addresses[0].addr_spec
    outer = EmailMessage()
    outer["From"] = f"Trường TH Mỹ An via Các trường <{sender}>"
    outer["To"] = f"Các trường <{LIST}>"
    if cc_author:
        outer["Cc"] = author
    outer["Subject"] = f"[Các trường] {msg['Subject']}"
    outer["Date"] = msg["Date"]
    outer["Message-ID"] = "<wrapped.1@lists.example.vn>"
    outer["List-Id"] = "<cactruong.lists.example.vn>"
    if list_post:
        outer["List-Post"] = f"<mailto:{LIST}>"
    outer["List-Unsubscribe"] = "<mailto:cactruong-leave@lists.example.vn>"
    outer["Precedence"] = "list"
    outer.add_attachment(msg, disposition="inline")
    trace = f"Authentication-Results: {MX}; dkim=pass header.d=lists.example.vn; dmarc={dmarc}\r\n"
    return trace.encode() + outer.as_bytes(policy=outer.policy.clone(linesep="\r\n"))


@pytest.fixture(scope="module")
def unnamed_docx() -> bytes:
    """A report whose text names no school, dated «Mỹ An, ngày …» as Mỹ An's own paper is."""
    return render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(5), named=False))


def _exchange_forward(sender: str, files: dict[str, bytes], display: str) -> bytes:
    """sender forwarding a mail saved from Exchange whose sender is display and an X.500 name alone."""
    saved = corpus.outlook_msg(
        files, sender=(display, ""), body="Kính gửi Phòng GD&ĐT, gửi báo cáo.", addresses={"0C1F": X500}
    )
    msg = school_mail(sender, {})
    msg.replace_header("Subject", "TR: Báo cáo NQ121")
    msg.add_attachment(saved, maintype="application", subtype="vnd.ms-outlook", filename="BC.msg")
    return msg.as_bytes()


@pytest.mark.parametrize("sender", [MY_AN, "thmyan.thuthua@gmail.com"], ids=["registered", "personal"])
def test_a_schools_forward_of_a_saved_outlook_mail_with_no_address_waits_for_staff(
    rt: Runtime, unnamed_docx: bytes, sender: str
) -> None:
    """A school's address (or a gmail whose name and address look like the school's) forwarded a mail
    saved from Exchange that names its sender by display name only, carrying a report that names no
    school: it was credited to the forwarder by its own From line, though the report is whoever wrote
    the saved mail's, as for a forward of an address no school has."""
    outcome = process(rt, _exchange_forward(sender, {"BC NQ121.docx": unnamed_docx}, "Nguyễn Văn Bảy"))
    assert outcome.state == MessageState.REVIEW and not outcome.submissions
    assert "«Nguyễn Văn Bảy»" in outcome.reason and "không ghi địa chỉ thư" in outcome.reason
    [waiting] = rt.store.reviews()
    assert waiting.candidates[:1] == ("th-my-an",)


def _eml_forward(sender: str, files: dict[str, bytes], original_from: str, *, as_file: bool) -> bytes:
    """sender forwarding, as an attachment (message/rfc822, or a saved .eml file), a mail whose From is
    original_from."""
    saved = EmailMessage()
    saved["From"] = original_from
    saved["To"] = "hieutruong@example.edu.vn"
    saved["Subject"] = "Báo cáo NQ121"
    saved["Date"] = "Tue, 19 Oct 2021 15:02:00 +0700"
    saved.set_content("Kính gửi Phòng GD&ĐT, gửi báo cáo.")
    for name, data in files.items():
        saved.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    msg = school_mail(sender, {})
    msg.replace_header("Subject", "TR: Báo cáo NQ121")
    if as_file:
        msg.add_attachment(
            saved.as_bytes(), maintype="application", subtype="octet-stream", filename="BC.eml"
        )
    else:
        msg.add_attachment(saved)
    return msg.as_bytes()


@pytest.mark.parametrize("as_file", [True, False], ids=["eml-file", "rfc822"])
@pytest.mark.parametrize(
    "original_from",
    [
        "Nguyễn Văn Bảy",
        '"Nguyễn Văn Bảy" <IMCEAEX-_O=EXCHANGELABS_OU=EXCHANGE+20ADMIN_CN=BAY@namprd.outlook.com>',
    ],
    ids=["name-only", "exchange-internal"],
)
@pytest.mark.parametrize("sender", [MY_AN, "pgdthuthua@example.edu.vn"], ids=["school", "staff"])
def test_a_forward_of_an_attached_mail_whose_from_is_a_name_alone_waits_for_staff(
    rt: Runtime, unnamed_docx: bytes, sender: str, original_from: str, as_file: bool
) -> None:
    """An attached .eml whose original From is a display name only (or Exchange's internal IMCEAEX
    address) was not held as an Outlook .msg with no address is: a school's forward was credited to the
    forwarder by its own From line, and staff's forward was filed as the office's own mail."""
    outcome = process(
        rt, _eml_forward(sender, {"BC NQ121.docx": unnamed_docx}, original_from, as_file=as_file)
    )
    assert outcome.state == MessageState.REVIEW and not outcome.submissions
    assert "«Nguyễn Văn Bảy»" in outcome.reason and "không ghi địa chỉ thư" in outcome.reason
    assert "thư gửi kèm dạng .eml" in outcome.reason and "IMCEAEX" not in outcome.reason.upper()
    [waiting] = rt.store.reviews()
    # The forwarding school is offered; staff's forward of a paper naming no school offers none.
    assert waiting.candidates[:1] == (("th-my-an",) if sender == MY_AN else ())


def test_a_forward_of_an_attached_mail_from_its_own_school_by_name_is_its_own(
    rt: Runtime, unnamed_docx: bytes
) -> None:
    """The attached mail's display name names the forwarding school: it is the school's own mail again."""
    outcome = process(
        rt, _eml_forward(MY_AN, {"BC NQ121.docx": unnamed_docx}, "Trường TH Mỹ An", as_file=True)
    )
    assert outcome.state == MessageState.REPORT
    assert [s.school_id for s in outcome.submissions] == ["th-my-an"]


def test_a_schools_forward_of_its_own_saved_outlook_mail_is_its_own(rt: Runtime, unnamed_docx: bytes) -> None:
    """The saved mail's display name names the forwarding school: it is the school's own mail again."""
    outcome = process(rt, _exchange_forward(MY_AN, {"BC NQ121.docx": unnamed_docx}, "Trường TH Mỹ An"))
    assert outcome.state == MessageState.REPORT
    assert [s.school_id for s in outcome.submissions] == ["th-my-an"]


def test_a_schools_inline_forward_of_a_mail_whose_from_line_is_a_name_waits_for_staff(
    rt: Runtime, unnamed_docx: bytes
) -> None:
    """Outlook writes the From of a forwarded mail from a contact as a name alone: a school forwarding such
    a mail with a report naming no school was credited by its own address."""
    msg = school_mail(MY_AN, {})
    msg.replace_header("Subject", "TR: Báo cáo NQ121")
    msg.set_content(
        "Em chuyển báo cáo ạ.\n\nFrom: Nguyễn Văn Bảy\nSent: Tuesday, October 19, 2021 3:02 PM\n"
        "To: hieutruong\nSubject: Báo cáo NQ121\n\nGửi báo cáo.\n"
    )
    msg.add_attachment(unnamed_docx, maintype="application", subtype="octet-stream", filename="BC NQ121.docx")
    outcome = process(rt, msg.as_bytes())
    assert outcome.state == MessageState.REVIEW and not outcome.submissions
    assert "«Nguyễn Văn Bảy»" in outcome.reason


@pytest.mark.parametrize(
    ("subject", "quoted"),
    [
        ("Báo cáo NQ121", "Nguyễn Văn Tám"),
        ("Báo cáo NQ121", "Phòng GD&ĐT Thủ Thừa"),
        ("TR: Nhắc nộp báo cáo NQ121", "Phòng GD&ĐT Thủ Thừa"),
        ("TR: Nhắc nộp báo cáo NQ121", "Phòng Giáo dục và Đào tạo huyện Thủ Thừa"),
    ],
)
def test_a_school_quoting_the_offices_mail_by_name_is_credited_as_before(
    rt: Runtime, unnamed_docx: bytes, subject: str, quoted: str
) -> None:
    """A school answering the office's reminder under a subject of its own, or forwarding it back, with
    Outlook's header block naming the office (or its clerk) by name alone: that is the mail it answers, not
    another's report it passes on, and its report stays its own."""
    msg = school_mail(MY_AN, {})
    msg.replace_header("Subject", subject)
    msg.set_content(
        f"Trường gửi báo cáo ạ.\n\n-----Original Message-----\nFrom: {quoted}\n"
        f"Sent: Wednesday, October 20, 2021 8:00 AM\nTo: {MY_AN}\nSubject: Nhắc nộp báo cáo NQ121\n\n"
        "Đề nghị trường nộp báo cáo NQ121.\n"
    )
    msg.add_attachment(unnamed_docx, maintype="application", subtype="octet-stream", filename="BC NQ121.docx")
    outcome = process(rt, msg.as_bytes())
    assert outcome.state == MessageState.REPORT, outcome.reason
    assert [s.school_id for s in outcome.submissions] == ["th-my-an"]


@pytest.mark.parametrize("cc_author", [True, False])
@pytest.mark.parametrize("author", [MY_AN, "hieutruong.myan@gmail.com"])
def test_a_report_mailman_wrapped_whole_is_the_authors(
    rt: Runtime, report_docx: bytes, author: str, cc_author: bool
) -> None:
    """Mailman's "wrap message" sends the author's mail attached whole inside a mail from the list: it was
    set aside as a newsletter, and the school recorded as missing."""
    wrapped = wrapped_by_mailman(school_mail(author, {"BC NQ121.docx": report_docx}), cc_author=cc_author)
    outcome = process(rt, sealed_by_the_group(wrapped, "pass", author))
    assert outcome.state == MessageState.REPORT
    [sub] = outcome.submissions
    assert (sub.school_id, sub.sender) == ("th-my-an", author)
    [ack] = jobs.due(rt, RECEIVED + dt.timedelta(hours=1), kinds=(MailKind.ACK,))
    assert LIST not in ack.to


def test_a_wrapped_post_is_known_by_the_list_id_alone(rt: Runtime, report_docx: bytes) -> None:
    """A list that writes no List-Post still names its address in its List-Id."""
    raw = wrapped_by_mailman(school_mail(MY_AN, {"BC NQ121.docx": report_docx}), list_post=False)
    outcome = process(rt, sealed_by_the_group(raw, "pass"))
    assert outcome.state == MessageState.REPORT
    assert [s.school_id for s in outcome.submissions] == ["th-my-an"]


def test_a_lists_notice_attaching_a_schools_mail_is_not_the_schools(rt: Runtime, report_docx: bytes) -> None:
    """The list owner's notice that a post waits for approval attaches the post: it is no post the list
    passed on, and the school's mail it holds is not sent by it."""
    notice = "cactruong-owner@lists.example.vn"
    outcome = process(rt, wrapped_by_mailman(school_mail(MY_AN, {"BC.docx": report_docx}), sender=notice))
    assert not outcome.submissions
    assert rt.store.message(outcome.key).sender == notice  # type: ignore[union-attr]


def test_a_forged_mailman_wrapped_mail_naming_a_school_waits_for_staff(
    rt: Runtime, report_docx: bytes
) -> None:
    """Anyone can write the inner From of a wrapped mail: when the list's own address fails DMARC, the
    author it names vouches for nothing."""
    outcome = process(rt, wrapped_by_mailman(school_mail(MY_AN, {"BC.docx": report_docx}), dmarc="fail"))
    assert outcome.state == MessageState.REVIEW
    assert "DMARC không đạt" in outcome.reason


def test_a_mailman_lists_own_address_is_never_learned_from_a_wrapped_mail(
    rt: Runtime, report_docx: bytes
) -> None:
    """Staff assigning a wrapped report that names no school teach the school its author's address, never
    the list's, which sends every member's mail."""
    outcome = process(
        rt, wrapped_by_mailman(school_mail("hieutruong.myan@gmail.com", {"BC.docx": b"%PDF-1.4 x"}))
    )
    assert rt.store.message(outcome.key).sender == "hieutruong.myan@gmail.com"  # type: ignore[union-attr]
    assigned = review.assign(rt, outcome.key, "th-my-an", by="test")
    assert LIST not in rt.store.learned_addresses()
    assert assigned.learned == "hieutruong.myan@gmail.com"


def through_mailman(msg: EmailMessage) -> bytes:
    """msg as a Mailman list that rewrites From delivers it: "<author> via <list>", the author only in
    Reply-To (no X-Original-Sender)."""
    raw = through_group(msg)
    raw = re.sub(rb"X-Original-(?:Sender|From): [^\r]*(?:\r\n[ \t][^\r]*)*\r\n", b"", raw)
    via = f"From: =?utf-8?q?Tr=C6=B0=E1=BB=9Dng_TH_M=E1=BB=B9_An?= via =?utf-8?q?C=C3=A1c_tr=C6=B0=E1=BB=9Dng?= <{LIST}>"
    return re.sub(rb"From: [^\r]*(?:\r\n[ \t][^\r]*)*", via.encode(), raw, count=1)


@pytest.mark.parametrize("list_first", [True, False])
def test_a_report_sent_to_the_office_and_to_a_mailman_list_naming_the_author_in_reply_to_is_recorded_once(
    rt: Runtime, report_docx: bytes, list_first: bool
) -> None:
    """A Mailman list that rewrites From keeps the author only in Reply-To: the school's direct copy and the
    list's were taken for two sendings, and the report recorded and acknowledged twice."""
    msg = school_mail(MY_AN, {"BC NQ121.docx": report_docx})
    direct, listed = msg.as_bytes(), sealed_by_the_group(through_mailman(msg), "pass")
    assert b"X-Original" not in listed and b"Reply-To: " + MY_AN.encode() in listed
    first, second = (listed, direct) if list_first else (direct, listed)
    _assert_recorded_once(rt, first, second)


def test_a_mailman_copy_replying_to_another_address_is_no_copy_of_the_schools_mail(
    rt: Runtime, report_docx: bytes
) -> None:
    """A list's copy under the same Message-ID and Date whose Reply-To names someone else is another
    sending: it is read, not dropped as the school's."""
    msg = school_mail(MY_AN, {"BC NQ121.docx": report_docx})
    other = through_mailman(msg).replace(b"Reply-To: " + MY_AN.encode(), b"Reply-To: ke.gia.mao@gmail.com")
    process(rt, msg.as_bytes())
    assert process(rt, other).new


def uuencoded(name: str, data: bytes) -> str:
    """data as an old mail program pastes a file into the text of a mail (uuencode): "begin 644 name",
    lines of 45 bytes each, a line of no bytes, "end"."""
    lines = [f"begin 644 {name}"]
    lines += [binascii.b2a_uu(data[at : at + 45]).decode().rstrip("\n") for at in range(0, len(data), 45)]
    return "\n".join([*lines, "`", "end"])


def test_a_report_an_old_mail_program_uuencoded_into_the_text_is_read(
    rt: Runtime, report_docx: bytes
) -> None:
    """An old mail program (Outlook Express set to uuencode, some mail gateways) pastes the file into the
    text of the mail instead of attaching it as a MIME part: the school was told its mail carried no file
    and asked to send it again, and the text read was lines of code."""
    body = f"Kính gửi Phòng GD&ĐT, trường gửi báo cáo.\n\n{uuencoded('BC NQ121 My An.docx', report_docx)}\n"
    msg = school_mail(MY_AN, {})
    msg.set_content(body)
    outcome = process(rt, msg.as_bytes())
    assert outcome.state == MessageState.REPORT
    [sub] = outcome.submissions
    assert (sub.school_id, sub.files) == ("th-my-an", ("BC NQ121 My An.docx",))


def test_a_file_name_a_web_mail_percent_encoded_is_shown_as_typed(rt: Runtime, report_docx: bytes) -> None:
    """Some web mail writes a file name URL-encoded without RFC 2231's "filename*=" that says so: staff and
    the school read "B%C3%A1o%20c%C3%A1o%20NQ121.docx" in every notice."""
    msg = school_mail(MY_AN, {"X.docx": report_docx})
    raw = msg.as_bytes().replace(b'filename="X.docx"', b'filename="B%C3%A1o%20c%C3%A1o%20NQ121.docx"')
    outcome = process(rt, raw)
    [sub] = outcome.submissions
    assert sub.files == ("Báo cáo NQ121.docx",)


# -- Outlook .msg files --------------------------------------------------------------------------------


def test_a_report_in_an_outlook_msg_attached_to_a_mail_is_read(rt: Runtime, report_docx: bytes) -> None:
    """A school forwards its report by attaching the mail it saved from Outlook (a .msg file): the system
    called it a file it cannot read, and the school was told to send Word or PDF."""
    saved = corpus.outlook_msg({"BC NQ121.docx": report_docx})
    msg = school_mail(MY_AN, {})
    msg.add_attachment(saved, maintype="application", subtype="vnd.ms-outlook", filename="Báo cáo NQ121.msg")
    outcome = process(rt, msg.as_bytes())
    assert outcome.state == MessageState.REPORT
    [sub] = outcome.submissions
    assert sub.school_id == "th-my-an" and sub.files == ("Báo cáo NQ121.msg/BC NQ121.docx",)


def test_a_damaged_outlook_msg_is_named_so_to_staff(rt: Runtime) -> None:
    msg = school_mail(MY_AN, {})
    saved = corpus.outlook_msg({"BC NQ121.docx": b"PK\x03\x04" + b"x" * 4000})
    msg.add_attachment(saved[:2000], maintype="application", subtype="vnd.ms-outlook", filename="BC.msg")
    outcome = process(rt, msg.as_bytes())
    assert "BC.msg (thư lưu từ Outlook) bị hỏng" in outcome.reason


@pytest.mark.parametrize("saved_as", ["msg", "eml"])
def test_a_schools_mail_staff_forward_as_a_saved_file_is_the_schools(
    rt: Runtime, report_docx: bytes, saved_as: str
) -> None:
    """Staff forward a school's mail by attaching it saved from Outlook (.msg), as others attach an .eml:
    the .msg's report was read as the office's own mail and the school recorded as missing."""
    school = school_mail(MY_AN, {"BC NQ121.docx": report_docx})
    msg = school_mail("pgdthuthua@example.edu.vn", {})
    msg.replace_header("Subject", "TR: Báo cáo NQ121")
    if saved_as == "msg":
        saved = corpus.outlook_msg({"BC NQ121.docx": report_docx}, sender=("Trường TH Mỹ An", MY_AN))
        msg.add_attachment(saved, maintype="application", subtype="vnd.ms-outlook", filename="BC.msg")
    else:
        msg.add_attachment(school)
    outcome = process(rt, msg.as_bytes())
    assert outcome.state == MessageState.REPORT
    [sub] = outcome.submissions
    assert sub.school_id == "th-my-an"


X500 = "/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=5F2A-C1MYAN"


@pytest.mark.parametrize("smtp_tag", ["5D01", "5D02"])
def test_a_schools_mail_saved_from_exchange_is_the_schools_by_its_smtp_address(
    rt: Runtime, report_docx: bytes, smtp_tag: str
) -> None:
    """Outlook on Exchange (Microsoft 365) writes the sender's address as an X.500 name; the SMTP address is
    in PR_SENDER_SMTP_ADDRESS or only PR_SENT_REPRESENTING_SMTP_ADDRESS. With the latter the .msg named no
    sender, and the school's report staff forwarded was read as the office's own mail."""
    saved = corpus.outlook_msg(
        {"BC NQ121.docx": report_docx}, addresses={"0C1F": X500, "0065": X500, smtp_tag: MY_AN}
    )
    msg = school_mail("pgdthuthua@example.edu.vn", {})
    msg.replace_header("Subject", "TR: Báo cáo NQ121")
    msg.add_attachment(saved, maintype="application", subtype="vnd.ms-outlook", filename="BC.msg")
    outcome = process(rt, msg.as_bytes())
    assert outcome.state == MessageState.REPORT
    [sub] = outcome.submissions
    assert sub.school_id == "th-my-an"


@pytest.mark.parametrize("carries_report", [True, False])
@pytest.mark.parametrize(
    "x500", [X500, f"{X500[: X500.rindex('=') + 1]}{MY_AN}"], ids=["x500", "x500-with-at"]
)
def test_staffs_forward_of_a_mail_saved_from_exchange_with_no_smtp_address_waits_for_staff(
    rt: Runtime, report_docx: bytes, carries_report: bool, x500: str
) -> None:
    """A .msg saved from Exchange may name its sender only by display name and an X.500 name: staff's
    forward of one was filed as the office's own mail unless a document in it named a school, the reason
    never said who had sent it, and an X.500 name with an "@" in its last part was taken for the sender's
    address, so the report was credited with no one asked."""
    files = {"BC NQ121.docx": report_docx} if carries_report else {}
    saved = corpus.outlook_msg(
        files,
        sender=("Hiệu trưởng Nguyễn Văn Bảy", ""),
        body="Kính gửi Phòng GD&ĐT, trường gửi báo cáo thực hiện Nghị quyết 121.",
        addresses={"0C1F": x500, "0065": x500},
    )
    msg = school_mail("pgdthuthua@example.edu.vn", {})
    msg.replace_header("Subject", "TR: Báo cáo NQ121")
    msg.add_attachment(saved, maintype="application", subtype="vnd.ms-outlook", filename="BC.msg")
    outcome = process(rt, msg.as_bytes())
    assert outcome.state == MessageState.REVIEW and not outcome.submissions
    assert "chỉ ghi tên người gửi «Hiệu trưởng Nguyễn Văn Bảy», không ghi địa chỉ thư" in outcome.reason
    assert "baocao assign" in outcome.reason and "EXCHANGELABS" not in outcome.reason.upper()
    [waiting] = rt.store.reviews()
    assert waiting.candidates == (("th-my-an",) if carries_report else ())


@pytest.mark.parametrize("cc_author", [True, False])
@pytest.mark.parametrize("wrapped_first", [True, False])
def test_a_report_sent_to_the_office_and_wrapped_by_a_mailman_list_is_recorded_once(
    rt: Runtime, report_docx: bytes, cc_author: bool, wrapped_first: bool
) -> None:
    """Mailman gives the mail it wraps a Message-ID of its own: the school's direct copy and the list's
    were taken for two sendings, and the report recorded and acknowledged twice."""
    msg = school_mail(MY_AN, {"BC NQ121.docx": report_docx})
    direct, wrapped = (
        msg.as_bytes(),
        sealed_by_the_group(wrapped_by_mailman(msg, cc_author=cc_author), "pass"),
    )
    first, second = (wrapped, direct) if wrapped_first else (direct, wrapped)
    recorded = process(rt, first)
    again = process(rt, second)
    assert recorded.state == MessageState.REPORT and (again.key, again.new) == (recorded.key, False)
    assert len(rt.store.submissions(report_id="nq121", year=2021)) == 1
    assert len(jobs.due(rt, RECEIVED + dt.timedelta(hours=1), kinds=(MailKind.ACK,))) == 1
