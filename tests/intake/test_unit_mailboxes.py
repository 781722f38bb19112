"""A mailbox of one collecting unit: the school is still decided by matching, and a report that landed
in another unit's mailbox carries a note saying so; the mailbox only tells apart namesakes nothing else does."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import email.policy
import random
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main
from intake import pipeline
from kernel import config as config_mod
from kernel import units
from kernel.config import ConfigError
from kernel.runtime import Runtime
from kernel.status import SchoolState, season_status
from kernel.store import MessageState
from samples.documents import render_docx
from samples.papers import make_paper
from tests.intake.conftest import HCM, in_units, report_mail, write_config
from tests.servers import Dovecot


def unit_config(path: Path, dovecot: Dovecot, folder: str, mailbox_unit: str) -> Path:
    """The shipped schools split into two units, and the test folder as the mailbox of mailbox_unit."""
    write_config(path, dovecot, folder)
    text = in_units(path.read_text(encoding="utf-8"))
    path.write_text(text.replace("[imap]\n", f'[imap]\nunit = "{mailbox_unit}"\n'), encoding="utf-8")
    return path


def test_a_report_in_another_units_mailbox_counts_for_its_school_with_a_note(
    tmp_path: Path, dovecot: Dovecot, folder: str
) -> None:
    path = unit_config(tmp_path / "config.toml", dovecot, folder, "xa-nhi-thanh")
    config = config_mod.load(path)
    assert config.mailboxes[0].unit == "xa-nhi-thanh"
    when = dt.datetime(2021, 10, 20, 8, 0, tzinfo=HCM)
    dovecot.append(
        [
            (report_mail("c1myan.thuthua@example.edu.vn", "Trường Tiểu học Mỹ An", when, number=1), when),
            (report_mail("c2nhithanh.thuthua@example.edu.vn", "Trường THCS Nhị Thành", when, number=2), when),
        ],
        folder,
    )

    result = CliRunner().invoke(main, ["--config", str(path), "poll", "--once"])

    assert result.exit_code == 0, result.output
    with Runtime.open(config) as rt:
        subs = {s.school_id: s for s in rt.store.submissions(report_id="nq121", year=2021)}
        assert set(subs) == {"th-my-an", "thcs-nhi-thanh"}
        assert "Thư gửi đến hộp thư của UBND xã Nhị Thành, trường thuộc UBND xã Mỹ An." in (
            subs["th-my-an"].evidence
        )
        assert not any("hộp thư của" in e for e in subs["thcs-nhi-thanh"].evidence)  # its own unit's mailbox
        assert {m.state for m in rt.store.messages()} == {MessageState.REPORT}  # nothing sent to review
        assert rt.store.reviews() == []


@pytest.mark.parametrize(
    ("unit", "error"),
    [
        ("xa-my-am", '[imap].unit là "xa-my-am", không có trong [[units]]; có phải ý bạn là "xa-my-an"?'),
        ("so-gddt", '[imap].unit là "so-gddt", không có trong [[units]]; các đơn vị hiện có: xa-my-an'),
    ],
)
def test_a_mailbox_of_an_unknown_unit_is_refused(
    tmp_path: Path, dovecot: Dovecot, folder: str, unit: str, error: str
) -> None:
    path = unit_config(tmp_path / "config.toml", dovecot, folder, unit)
    with pytest.raises(ConfigError) as e:
        config_mod.load(path)
    assert error in str(e.value)


def test_a_mailbox_unit_without_units_is_refused(tmp_path: Path, dovecot: Dovecot, folder: str) -> None:
    path = write_config(tmp_path / "config.toml", dovecot, folder)
    path.write_text(path.read_text(encoding="utf-8").replace("[imap]\n", '[imap]\nunit = "xa-my-an"\n'))
    with pytest.raises(ConfigError, match=r"\[imap\]\.unit là \"xa-my-an\" nhưng tệp cấu hình chưa khai báo"):
        config_mod.load(path)


def test_a_units_own_mail_is_said_to_be_its_staffs_not_the_offices(
    tmp_path: Path, dovecot: Dovecot, folder: str
) -> None:
    """A commune officer's note to the commune's mailbox was recorded as "Thư của chính Phòng", naming
    an office the commune does not belong to; the office's own mail is still the office's."""
    path = unit_config(tmp_path / "config.toml", dovecot, folder, "xa-nhi-thanh")
    text = path.read_text(encoding="utf-8").replace(
        'name = "UBND xã Nhị Thành"', 'name = "UBND xã Nhị Thành"\nstaff_emails = ["vhxh.nhithanh@gmail.com"]'
    )
    path.write_text(text, encoding="utf-8")
    config = config_mod.load(path)
    when = dt.datetime(2021, 10, 20, 8, 0, tzinfo=HCM)
    notes = []
    for n, sender in enumerate(("vhxh.nhithanh@gmail.com", config.district.staff_emails[0])):
        msg = EmailMessage()
        msg["From"] = sender
        msg["Subject"] = "V/v nhắc các trường nộp báo cáo NQ121"
        msg["Message-ID"] = f"<nhac{n}@example.gov.vn>"
        msg.set_content("Đề nghị các trường chưa nộp báo cáo NQ121 khẩn trương gửi về trước ngày 25/10.")
        with Runtime.open(config) as rt:
            notes.append(
                pipeline.ingest(rt, msg.as_bytes(), received_at=when, source=config.mailboxes[0].source)
            )
    assert [o.state for o in notes] == [MessageState.INTERNAL, MessageState.INTERNAL]
    assert notes[0].reason.startswith("Thư của cán bộ UBND xã Nhị Thành (gửi từ vhxh.nhithanh@gmail.com)")
    assert notes[1].reason.startswith("Thư của chính Phòng")


def test_a_copy_of_mail_sent_while_communes_collect_names_no_phong(
    tmp_path: Path, dovecot: Dovecot, folder: str
) -> None:
    """A copy of the staff's mail to the Sở, kept in the mailbox read, was recorded as «Bản lưu thư Phòng
    gửi đến …» while two communes collected the schools, neither of which has a Phòng."""
    path = unit_config(tmp_path / "config.toml", dovecot, folder, "xa-nhi-thanh")
    config = config_mod.load(path)
    msg = EmailMessage()
    msg["From"] = config.district.staff_emails[0]
    msg["To"] = "vanphong@sogddt.example.gov.vn"
    msg["Subject"] = "Gửi Sở báo cáo NQ121 các trường"
    msg["Message-ID"] = "<ban-luu@example.gov.vn>"
    msg.set_content("Gửi Sở báo cáo NQ121 của các trường.")
    msg.add_attachment(
        render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(5))),
        maintype="application",
        subtype="octet-stream",
        filename="BC TH My An.docx",
    )
    when = dt.datetime(2021, 10, 20, 8, 0, tzinfo=HCM)
    with Runtime.open(config) as rt:
        outcome = pipeline.ingest(rt, msg.as_bytes(), received_at=when, source="import")
    assert outcome.state == MessageState.INTERNAL, outcome.reason
    assert "Bản lưu thư đơn vị gửi đến vanphong@sogddt.example.gov.vn" in outcome.reason, outcome.reason


NAMESAKES = """
[district]
name = "Sở Giáo dục và Đào tạo tỉnh Tây Ninh"
staff_emails = ["vanthu.so@example.gov.vn"]

[[reports]]
id = "nq121"
title = "Báo cáo Nghị quyết 121"
keywords = ["121/2020/QH14", "NQ121"]
deadline = "10-25"

[[units]]
id = "xa-my-an"
name = "UBND xã Mỹ An"

[[units]]
id = "xa-duc-hoa"
name = "UBND xã Đức Hòa"

[[schools]]
id = "th-kd-my-an"
name = "Trường Tiểu học Kim Đồng"
emails = ["c1kimdong.myan@example.edu.vn"]
unit = "xa-my-an"

[[schools]]
id = "th-kd-duc-hoa"
name = "Trường Tiểu học Kim Đồng"
unit = "xa-duc-hoa"

[imap]
host = "127.0.0.1"
username = "baocao.duchoa@example.gov.vn"
password = "x"
unit = "xa-duc-hoa"

[storage]
database = "sqlite:///var/baocao.db"
archive = "var/archive"
"""


def test_a_namesakes_report_counts_for_the_one_the_receiving_unit_collects(tmp_path: Path) -> None:
    """Two communes each have a Trường Tiểu học Kim Đồng: a report naming only that, sent from a
    teacher's gmail to xã Đức Hòa's own mailbox, waited in review between both, though Đức Hòa collects
    one of them. Among namesakes the mail names alike, the receiving unit's one is credited; the other
    namesake's registered address still decides for it (a report in another unit's mailbox counts)."""
    path = tmp_path / "config.toml"
    path.write_text(NAMESAKES, encoding="utf-8")
    config = config_mod.load(path)
    when = dt.datetime(2025, 10, 20, 8, 0, tzinfo=HCM)
    outcomes = []
    for n, sender in enumerate(("kimdong.gv@gmail.com", "c1kimdong.myan@example.edu.vn")):
        raw = report_mail(sender, "Trường Tiểu học Kim Đồng", when, number=n)
        with Runtime.open(config) as rt:
            outcomes.append(pipeline.ingest(rt, raw, received_at=when, source=config.mailboxes[0].source))
    assert [s.school_id for s in outcomes[0].submissions] == ["th-kd-duc-hoa"]
    assert (
        "Trong các trường mang tên này, chỉ Trường Tiểu học Kim Đồng (xã Đức Hòa) do UBND xã Đức Hòa thu báo "
        "cáo, và thư gửi đến hộp thư của UBND xã Đức Hòa."
    ) in outcomes[0].submissions[0].evidence
    assert [s.school_id for s in outcomes[1].submissions] == ["th-kd-my-an"]
    assert "Thư gửi đến hộp thư của UBND xã Đức Hòa, trường thuộc UBND xã Mỹ An." in (
        outcomes[1].submissions[0].evidence
    )


def _two_in_my_an(tmp_path: Path) -> config_mod.Config:
    """NAMESAKES with a second Kim Đồng in xã Mỹ An, of the commune merged into it (Long Thạnh)."""
    path = tmp_path / "config.toml"
    path.write_text(
        NAMESAKES
        + '\n[[schools]]\nid = "th-kd-long-thanh"\nname = "Trường Tiểu học Kim Đồng"\nunit = "xa-my-an"\n'
        'commune = "Long Thạnh"\n',
        encoding="utf-8",
    )
    return config_mod.load(path)


def _headed_my_an(when: dt.datetime) -> bytes:
    """A teacher's gmail naming «Trường Tiểu học Kim Đồng», its DOCX headed «UBND XÃ MỸ AN» over that name."""
    paper = make_paper("Trường Tiểu học Kim Đồng", year=2025, rng=random.Random(3))
    paper = dataclasses.replace(paper, parent_body="UBND XÃ MỸ AN", issuer="TRƯỜNG TIỂU HỌC KIM ĐỒNG")
    docx = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document", "BC NQ121.docx")
    return report_mail(
        "kimdong.gv@gmail.com",
        "Trường Tiểu học Kim Đồng",
        when,
        attachment=render_docx(paper),
        attachment_type=docx,
    )


def test_a_namesakes_report_whose_header_names_another_commune_is_not_the_mailboxs_namesake(
    tmp_path: Path,
) -> None:
    """xã Mỹ An collects two Kim Đồng since its communes merged, xã Đức Hòa one. A teacher's report headed
    «UBND XÃ MỸ AN / TRƯỜNG TIỂU HỌC KIM ĐỒNG», sent to xã Đức Hòa's mailbox, was credited to Kim Đồng of
    Đức Hòa because the mailbox collects one Kim Đồng, though the header names Mỹ An's two: a mailbox
    tells apart only namesakes that every clue names alike. It waits for staff with Mỹ An's two."""
    config = _two_in_my_an(tmp_path)
    when = dt.datetime(2025, 10, 20, 8, 0, tzinfo=HCM)
    with Runtime.open(config) as rt:
        outcome = pipeline.ingest(
            rt, _headed_my_an(when), received_at=when, source=config.mailboxes[0].source
        )
        assert outcome.submissions == ()
        [review] = rt.store.reviews()
    assert {"th-kd-my-an", "th-kd-long-thanh"} <= set(review.candidates)
    assert "«UBND XÃ MỸ AN» và «TRƯỜNG TIỂU HỌC KIM ĐỒNG»" in review.reason


def test_a_namesakes_report_headed_by_a_commune_of_neither_is_not_the_mailboxs(tmp_path: Path) -> None:
    """A teacher's report headed «UBND XÃ HÒA KHÁNH / TRƯỜNG TIỂU HỌC KIM ĐỒNG», the old commune's name on
    the template (or a Kim Đồng of another commune altogether), sent to xã Đức Hòa's mailbox, was credited
    to Kim Đồng of Đức Hòa because that mailbox collects one Kim Đồng: the header's commune, which is
    neither Kim Đồng's, was passed over. It waits for staff, the reason saying so."""
    path = tmp_path / "config.toml"
    path.write_text(NAMESAKES, encoding="utf-8")
    config = config_mod.load(path)
    when = dt.datetime(2025, 10, 20, 8, 0, tzinfo=HCM)
    paper = make_paper("Trường Tiểu học Kim Đồng", year=2025, rng=random.Random(3))
    paper = dataclasses.replace(paper, parent_body="UBND XÃ HÒA KHÁNH", issuer="TRƯỜNG TIỂU HỌC KIM ĐỒNG")
    docx = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document", "BC NQ121.docx")
    raw = report_mail(
        "kimdong.gv@gmail.com",
        "Trường Tiểu học Kim Đồng",
        when,
        attachment=render_docx(paper),
        attachment_type=docx,
    )
    with Runtime.open(config) as rt:
        outcome = pipeline.ingest(rt, raw, received_at=when, source=config.mailboxes[0].source)
        assert outcome.submissions == ()
        [review] = rt.store.reviews()
    assert "th-kd-duc-hoa" in review.candidates
    assert "«UBND XÃ HÒA KHÁNH»; xã Hòa Khánh không thuộc địa bàn của" in review.reason


def test_a_namesake_the_headers_commune_rules_out_is_no_candidate(tmp_path: Path) -> None:
    """A teacher's report headed «UBND XÃ MỸ AN / TRƯỜNG TIỂU HỌC KIM ĐỒNG», its subject naming only
    «Trường Tiểu học Kim Đồng», waited in review with Kim Đồng of xã Đức Hòa among the candidates: Đức
    Hòa's staff saw it in their list and the school was not reminded, though the header names Mỹ An's
    two Kim Đồng and nothing names Đức Hòa's but the bare name they all share."""
    config = _two_in_my_an(tmp_path)
    when = dt.datetime(2025, 10, 20, 8, 0, tzinfo=HCM)
    with Runtime.open(config) as rt:
        pipeline.ingest(rt, _headed_my_an(when), received_at=when, source="import:/thu/bc-kim-dong.eml")
        [review] = rt.store.reviews()
    assert set(review.candidates) == {"th-kd-my-an", "th-kd-long-thanh"}


def test_a_namesake_the_mails_own_commune_rules_out_is_no_candidate(tmp_path: Path) -> None:
    """A teacher wrote «Trường Tiểu học Kim Đồng, xã Mỹ An gửi báo cáo …» over a paper headed only
    «TRƯỜNG TIỂU HỌC KIM ĐỒNG»: the mail waited with Kim Đồng of xã Đức Hòa among the candidates (its staff
    saw it, its reminders were held), though the mail's own words place the school in xã Mỹ An."""
    config = _two_in_my_an(tmp_path)
    when = dt.datetime(2025, 10, 20, 8, 0, tzinfo=HCM)
    msg = email.message_from_bytes(_headed_my_an(when), policy=email.policy.default)
    paper = make_paper("Trường Tiểu học Kim Đồng", year=2025, rng=random.Random(3))
    paper = dataclasses.replace(paper, parent_body="", issuer="TRƯỜNG TIỂU HỌC KIM ĐỒNG")
    out = EmailMessage()
    for key in ("From", "To", "Date", "Message-ID"):
        out[key] = msg[key]
    out["Subject"] = "Báo cáo NQ121"
    out.set_content(
        "Kính gửi UBND xã,\n\nTrường Tiểu học Kim Đồng, xã Mỹ An gửi báo cáo NQ121 (tệp đính kèm).\n"
    )
    out.add_attachment(render_docx(paper), maintype="application", subtype="octet-stream", filename="BC.docx")
    with Runtime.open(config) as rt:
        pipeline.ingest(rt, out.as_bytes(), received_at=when, source="import:/thu/bc-kim-dong.eml")
        [review] = rt.store.reviews()
    assert set(review.candidates) == {"th-kd-my-an", "th-kd-long-thanh"}


def _recall_notice(unit: str) -> bytes:
    """A document system's notice that the paper a school sent through it was recalled."""
    msg = EmailMessage()
    msg["From"] = '"Hệ thống QLVB" <noreply@ioffice.tayninh.gov.vn>'
    msg["To"] = "baocao.duchoa@example.gov.vn"
    msg["Subject"] = "[iOffice] Thu hồi văn bản: Số 11/BC-THKĐ"
    msg["Message-ID"] = "<thuhoi11@ioffice.tayninh.gov.vn>"
    msg["Auto-Submitted"] = "auto-generated"
    rows = (
        ("Loại", "Thu hồi văn bản"),
        ("Đơn vị gửi", unit),
        ("Số ký hiệu", "11/BC-THKĐ"),
        ("Ngày ban hành", "12/10/2025"),
        ("Trích yếu", "Báo cáo kết quả thực hiện Nghị quyết 121/2020/QH14"),
    )
    table = "".join(f"<tr><td>{key}</td><td>{value}</td></tr>" for key, value in rows)
    msg.set_content(
        f"<html><body><p>Văn bản số 11/BC-THKĐ đã bị đơn vị gửi thu hồi.</p><table>{table}</table></body></html>",
        subtype="html",
    )
    return msg.as_bytes()


def test_a_note_from_no_schools_address_waits_with_the_schools_it_names(tmp_path: Path) -> None:
    """A document system's notice that Kim Đồng (xã Mỹ An)'s paper was recalled, read from xã Đức Hòa's
    mailbox, and a teacher's gmail asking for an extension for "TH Kim Đồng", waited in review with no
    candidate: only the receiving unit's staff saw them, never xã Mỹ An's, who must decide, and no
    status marked the school's mail as waiting. Such a note waits with the schools it names: the
    system's sending unit told apart by its commune, the namesakes a bare name fits."""
    path = tmp_path / "config.toml"
    path.write_text(NAMESAKES, encoding="utf-8")
    config = config_mod.load(path)
    when = dt.datetime(2025, 10, 20, 8, 0, tzinfo=HCM)
    extension = EmailMessage()
    extension["From"] = "hieupho.kimdong@gmail.com"
    extension["To"] = "baocao.duchoa@example.gov.vn"
    extension["Subject"] = "TH Kim Đồng xin gia hạn báo cáo NQ121"
    extension["Message-ID"] = "<giahan@gmail.com>"
    extension.set_content("Kính gửi UBND xã, trường xin gia hạn nộp báo cáo NQ121 đến ngày 30/10 ạ.")
    with Runtime.open(config) as rt:
        source = config.mailboxes[0].source
        recall = pipeline.ingest(
            rt, _recall_notice("Trường Tiểu học Kim Đồng - xã Mỹ An"), received_at=when, source=source
        )
        asked = pipeline.ingest(rt, extension.as_bytes(), received_at=when, source=source)
        reviews = {r.message_key: r for r in rt.store.reviews()}
        assert reviews[recall.key].candidates == ("th-kd-my-an",)
        assert reviews[asked.key].candidates == ("th-kd-duc-hoa", "th-kd-my-an")
        my_an = units.reviews_of(config, rt.store, "xa-my-an", reviews.values())
        assert {r.message_key for r in my_an} == {recall.key, asked.key}


def _with_my_ans_mailbox(tmp_path: Path) -> config_mod.Config:
    """NAMESAKES, xã Đức Hòa's mailbox first, with xã Mỹ An's own mailbox beside it."""
    path = tmp_path / "config.toml"
    path.write_text(
        NAMESAKES
        + '\n[[mailboxes]]\nhost = "127.0.0.1"\nusername = "baocao.myan@example.gov.vn"\npassword = "x"\n'
        'unit = "xa-my-an"\n',
        encoding="utf-8",
    )
    return config_mod.load(path)


def test_a_namesakes_report_also_sent_to_the_other_namesakes_unit_waits_for_staff(tmp_path: Path) -> None:
    """A teacher's report naming only «Trường Tiểu học Kim Đồng», To: xã Mỹ An's mailbox and Cc: xã Đức
    Hòa's, was read first from Đức Hòa's and credited to Kim Đồng of Đức Hòa because that mailbox
    collects one Kim Đồng; the sender wrote to Mỹ An first. A mailbox tells namesakes apart only when
    the mail was not also addressed to a unit collecting another of them: it waits for staff."""
    config = _with_my_ans_mailbox(tmp_path)
    when = dt.datetime(2025, 10, 20, 8, 0, tzinfo=HCM)
    msg = email.message_from_bytes(report_mail("kimdong.gv@gmail.com", "Trường Tiểu học Kim Đồng", when))
    msg.replace_header("To", "baocao.myan@example.gov.vn")
    msg["Cc"] = "UBND xã Đức Hòa <baocao.duchoa@example.gov.vn>"
    with Runtime.open(config) as rt:
        outcome = pipeline.ingest(rt, msg.as_bytes(), received_at=when, source=config.mailboxes[0].source)
        assert outcome.submissions == ()
        [review] = rt.store.reviews()
    assert set(review.candidates) == {"th-kd-my-an", "th-kd-duc-hoa"}


@pytest.mark.parametrize("read_first", ["office", "unit"])
def test_a_namesakes_report_to_a_units_mailbox_counts_alike_whichever_copy_is_read_first(
    tmp_path: Path, read_first: str
) -> None:
    """A teacher's report naming only «Trường Tiểu học Kim Đồng», To: xã Đức Hòa's mailbox and Cc: the
    office's, counted for Đức Hòa's Kim Đồng when Đức Hòa's copy was read first, but waited for staff when
    the office's was: the office's mailbox is no unit's, and the second copy is skipped as read. The unit
    the mail was written to counts alike, whichever copy comes first."""
    path = tmp_path / "config.toml"
    path.write_text(
        NAMESAKES
        + '\n[[mailboxes]]\nhost = "127.0.0.1"\nusername = "pgdthuthua@example.edu.vn"\npassword = "x"\n',
        encoding="utf-8",
    )
    config = config_mod.load(path)
    unit, office = config.mailboxes
    when = dt.datetime(2025, 10, 20, 8, 0, tzinfo=HCM)
    msg = email.message_from_bytes(report_mail("kimdong.gv@gmail.com", "Trường Tiểu học Kim Đồng", when))
    msg.replace_header("To", "UBND xã Đức Hòa <baocao.duchoa@example.gov.vn>")
    msg["Cc"] = "pgdthuthua@example.edu.vn"
    source = (office if read_first == "office" else unit).source
    with Runtime.open(config) as rt:
        outcome = pipeline.ingest(rt, msg.as_bytes(), received_at=when, source=source)
    assert [s.school_id for s in outcome.submissions] == ["th-kd-duc-hoa"], outcome.reason


def test_a_report_sent_again_to_its_own_units_mailbox_keeps_the_first_in_time(tmp_path: Path) -> None:
    """A school sent its report on 25/10 to another commune's mailbox, and on 26/10 to its own with
    «hôm qua em gửi nhầm, nay em gửi lại về đúng địa chỉ»: the on-time report was held as sent by mistake
    and the school shown late. The mistake was the address: the first report still counts."""
    config = _with_my_ans_mailbox(tmp_path)
    duc_hoa, my_an = (m.source for m in config.mailboxes)
    sender = "c1kimdong.myan@example.edu.vn"
    first_at = dt.datetime(2025, 10, 25, 16, 0, tzinfo=HCM)
    again_at = dt.datetime(2025, 10, 26, 8, 0, tzinfo=HCM)
    paper = make_paper("Trường Tiểu học Kim Đồng", year=2025, rng=random.Random(3))
    paper = dataclasses.replace(paper, parent_body="UBND XÃ MỸ AN", issuer="TRƯỜNG TIỂU HỌC KIM ĐỒNG")
    docx = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document", "BC NQ121.docx")
    mails = [
        email.message_from_bytes(
            report_mail(
                sender,
                "Trường Tiểu học Kim Đồng",
                at,
                number=n,
                attachment=render_docx(paper),
                attachment_type=docx,
            ),
            policy=email.policy.default,
        )
        for n, at in enumerate((first_at, again_at))
    ]
    for msg, said in zip(
        mails,
        ("Trường gửi báo cáo.", "Dạ hôm qua em gửi nhầm, nay em gửi lại về đúng địa chỉ ạ."),
        strict=True,
    ):
        assert isinstance(msg, EmailMessage)
        msg.get_body(("plain",)).set_content(said)  # type: ignore[union-attr]
    with Runtime.open(config) as rt:
        first = pipeline.ingest(rt, mails[0].as_bytes(), received_at=first_at, source=duc_hoa)
        pipeline.ingest(rt, mails[1].as_bytes(), received_at=again_at, source=my_an)
        status = season_status(config, rt.store, config.report("nq121"), 2025, again_at)
    [row] = [r for r in status.schools if r.school_id == "th-kd-my-an"]
    assert [s.school_id for s in first.submissions] == ["th-kd-my-an"]
    assert (row.status, row.received_at) == (SchoolState.RECEIVED, first_at)


def _namesakes_polled(tmp_path: Path, dovecot: Dovecot, folder: str, mails: list[bytes]) -> config_mod.Config:
    """NAMESAKES with two Mầm non Họa Mi beside the Kim Đồng and a THCS Long Thạnh in xã Mỹ An, xã Đức Hòa's
    mailbox being the test folder, its mails polled by `baocao poll --once`."""
    imap = (
        f'[imap]\nhost = "{dovecot.host}"\nport = {dovecot.port}\nsecurity = "none"\nusername = "{dovecot.user}"\n'
        f'password = "{dovecot.password}"\nfolder = "{folder}"\nunit = "xa-duc-hoa"\n'
    )
    others = "".join(
        f'[[schools]]\nid = "mn-hm-{unit}"\nname = "Trường Mầm non Họa Mi"\nunit = "xa-{unit}"\n\n'
        for unit in ("my-an", "duc-hoa")
    )
    others += '[[schools]]\nid = "thcs-long-thanh"\nname = "Trường THCS Long Thạnh"\nunit = "xa-my-an"\n\n'
    text = NAMESAKES.replace(NAMESAKES[NAMESAKES.index("[imap]") : NAMESAKES.index("[storage]")], imap)
    path = tmp_path / "config.toml"
    path.write_text(text.replace("[imap]", f"{others}[imap]"), encoding="utf-8")
    when = dt.datetime(2025, 10, 20, 8, 0, tzinfo=HCM)
    dovecot.append([(raw, when) for raw in mails], folder)
    result = CliRunner().invoke(main, ["--config", str(path), "poll", "--once"])
    assert result.exit_code == 0, result.output
    return config_mod.load(path)


def _teachers_mail(number: int, subject: str, text: str, paper: bytes | None = None) -> bytes:
    """A teacher's mail from a gmail to xã Đức Hòa's mailbox, with a paper's DOCX if any."""
    msg = EmailMessage()
    msg["From"] = f"giaovien{number}@gmail.com"
    msg["To"] = "UBND xã Đức Hòa <baocao.duchoa@example.gov.vn>"
    msg["Subject"] = subject
    msg["Date"] = "Mon, 20 Oct 2025 08:00:00 +0700"
    msg["Message-ID"] = f"<gv{number}@gmail.com>"
    msg.set_content(text)
    if paper is not None:
        msg.add_attachment(paper, maintype="application", subtype="octet-stream", filename="BC NQ121.docx")
    return msg.as_bytes()


def _headed(name: str, parent: str, issuer: str, place: str) -> bytes:
    """A DOCX report of name headed «parent» over «issuer», dated at place."""
    paper = make_paper(name, year=2025, rng=random.Random(3))
    return render_docx(dataclasses.replace(paper, parent_body=parent, issuer=issuer, place=place))


def _outcomes(config: config_mod.Config) -> dict[str, tuple[list[str], list[str], str]]:
    """Each mail's Message-ID: the schools credited, the review's candidates and its reason."""
    with Runtime.open(config) as rt:
        credited: dict[str, list[str]] = {}
        for s in rt.store.submissions(report_id="nq121", year=2025):
            credited.setdefault(s.message_id, []).append(s.school_id)
        reviews = {r.message_id: r for r in rt.store.reviews()}
        return {
            m.message_id.strip("<>"): (
                credited.get(m.message_id, []),
                list(reviews[m.message_id].candidates) if m.message_id in reviews else [],
                m.reason,
            )
            for m in rt.store.messages()
        }


@pytest.mark.parametrize(
    ("place", "candidates", "where"),
    [
        ("Mỹ An", ["th-kd-my-an", "th-kd-duc-hoa"], "nơi của Trường Tiểu học Kim Đồng (xã Mỹ An)"),
        ("Long Thạnh", ["th-kd-duc-hoa"], "nơi không có trường nào mang tên này"),
    ],
)
def test_a_namesakes_paper_dated_in_another_commune_is_not_the_mailboxs(
    tmp_path: Path, dovecot: Dovecot, folder: str, place: str, candidates: list[str], where: str
) -> None:
    """A teacher's report headed only «TRƯỜNG TIỂU HỌC KIM ĐỒNG» and dated «Mỹ An, ngày …», sent to xã
    Đức Hòa's mailbox, was credited to Kim Đồng of Đức Hòa because that mailbox collects one Kim Đồng: the
    date line, where the paper was issued, is Mỹ An's Kim Đồng's commune. So it was when dated where no Kim
    Đồng is but other schools of ours are. It waits for staff, the namesake of the date line's commune
    first, the reason saying so."""
    paper = _headed("Trường Tiểu học Kim Đồng", "", "TRƯỜNG TIỂU HỌC KIM ĐỒNG", place)
    mail = _teachers_mail(1, "TH Kim Đồng báo cáo NQ121", "Trường gửi báo cáo NQ121 (tệp đính kèm).", paper)
    config = _namesakes_polled(tmp_path, dovecot, folder, [mail])
    [(credited, held, reason)] = _outcomes(config).values()
    assert credited == []
    assert held[: len(candidates)] == candidates
    assert (
        "Thư gửi đến hộp thư của UBND xã Đức Hòa, đơn vị thu báo cáo của Trường Tiểu học Kim Đồng (xã Đức Hòa), "
        f"nhưng văn bản BC NQ121.docx có dòng ngày tháng ghi nơi ban hành «{place}», {where}."
    ) in reason


def test_a_kindergartens_header_under_another_communes_committee_is_not_the_mailboxs(
    tmp_path: Path, dovecot: Dovecot, folder: str
) -> None:
    """A report headed «UBND XÃ MỸ AN» over «TRƯỜNG MẪU GIÁO HỌA MI», sent to xã Đức Hòa's mailbox, was
    credited to Đức Hòa's Mầm non Họa Mi: the header's commune told the namesakes apart only when the school
    line wrote the level as the list does («Mầm non»), so the mailbox decided. The mail waits for staff with
    Mỹ An's, the header's commune in the reason."""
    paper = _headed("Trường Mầm non Họa Mi", "UBND XÃ MỸ AN", "TRƯỜNG MẪU GIÁO HỌA MI", "Tây Ninh")
    mail = _teachers_mail(2, "Báo cáo NQ121", "Trường gửi báo cáo NQ121 (tệp đính kèm).", paper)
    config = _namesakes_polled(tmp_path, dovecot, folder, [mail])
    [(credited, candidates, reason)] = _outcomes(config).values()
    assert credited == []
    assert candidates == ["mn-hm-my-an"]
    assert "«UBND XÃ MỸ AN» và «TRƯỜNG MẪU GIÁO HỌA MI»: có thể là Trường Mầm non Họa Mi (xã Mỹ An)" in reason


@pytest.mark.parametrize(
    "signature",
    [
        "Trường Tiểu học Kim Đồng\nxã Mỹ An\n",
        "--\nTrường TH Kim Đồng\nẤp 3, xã Mỹ An, tỉnh Tây Ninh\nĐT: 0276 3851 234\n",
        "TRƯỜNG TIỂU HỌC KIM ĐỒNG\nXÃ MỸ AN\n",
    ],
)
def test_a_commune_under_the_schools_name_tells_namesakes_apart(
    tmp_path: Path, dovecot: Dovecot, folder: str, signature: str
) -> None:
    """A teacher signed «Trường Tiểu học Kim Đồng» over «xã Mỹ An» and sent the report to xã Đức Hòa's
    mailbox: the commune on the line under the name was not read, as it is on the name's own line («Trường TH
    Kim Đồng - Mỹ An»), and the mailbox credited its own Kim Đồng. The commune line directly under the name
    tells the namesakes apart; one further down does not (the mailbox still decides that mail)."""
    text = (
        "Kính gửi UBND xã,\nNhà trường báo cáo kết quả triển khai thực hiện Nghị quyết 121/2020/QH14 về phòng, "
        "chống xâm hại trẻ em năm 2025 như sau:\n"
        "I. Công tác chỉ đạo, triển khai: quán triệt đến toàn thể cán bộ, giáo viên, nhân viên.\n"
        "II. Kết quả thực hiện: tổ chức 3 buổi tuyên truyền cho 260 lượt học sinh và phụ huynh. Không xảy ra vụ "
        "xâm hại trẻ em.\nIII. Khó khăn, vướng mắc: không có.\nIV. Đề xuất, kiến nghị: không có.\n"
    )
    mails = [
        _teachers_mail(3, "TH Kim Đồng báo cáo NQ121", text + signature),
        _teachers_mail(
            4, "TH Kim Đồng báo cáo NQ121", text + "Trường Tiểu học Kim Đồng\nHiệu trưởng\nxã Mỹ An\n"
        ),
    ]
    config = _namesakes_polled(tmp_path, dovecot, folder, mails)
    outcomes = _outcomes(config)
    assert outcomes["gv3@gmail.com"][0] == ["th-kd-my-an"], outcomes["gv3@gmail.com"][2]
    assert outcomes["gv4@gmail.com"][0] == ["th-kd-duc-hoa"], outcomes["gv4@gmail.com"][2]


_COMMUNES = {"th-kd-my-an": "Mỹ An", "th-kd-duc-hoa": "Đức Hòa", "th-kd-long-thanh": "Long Thạnh"}
_DISTRICTS = {"Thủ Thừa": "phong-thu-thua", "Tân Trụ": "phong-tan-tru"}


def _districts_polled(
    tmp_path: Path, dovecot: Dovecot, folder: str, formerly: dict[str, str], mail: bytes
) -> config_mod.Config:
    """A Trường Tiểu học Kim Đồng in each of xã Mỹ An, Đức Hòa and Long Thạnh, collected until 30/6/2025 by
    the office of the district formerly names (school id -> «Thủ Thừa» or «Tân Trụ»; {}: no district
    recorded, nor any district's office), xã Đức Hòa's mailbox being the test folder, the mail polled by `baocao poll --once`."""
    text = NAMESAKES[: NAMESAKES.index("[[units]]")]
    units = {f"xa-{s.removeprefix('th-kd-')}": f"UBND xã {c}" for s, c in _COMMUNES.items()}
    units |= {unit: f"Phòng Giáo dục và Đào tạo huyện {d}" for d, unit in _DISTRICTS.items() if formerly}
    text += "".join(f'[[units]]\nid = "{u}"\nname = "{name}"\n\n' for u, name in units.items())
    for school in _COMMUNES:
        unit = f"xa-{school.removeprefix('th-kd-')}"
        text += f'[[schools]]\nid = "{school}"\nname = "Trường Tiểu học Kim Đồng"\n'
        if school in formerly:
            text += (
                f'  [[schools.memberships]]\n  unit = "{_DISTRICTS[formerly[school]]}"\n  until = "2025-06-30"\n'
                f'  [[schools.memberships]]\n  unit = "{unit}"\n  from = "2025-07-01"\n\n'
            )
        else:
            text += f'unit = "{unit}"\n\n'
    text += (
        f'[imap]\nhost = "{dovecot.host}"\nport = {dovecot.port}\nsecurity = "none"\nusername = "{dovecot.user}"\n'
        f'password = "{dovecot.password}"\nfolder = "{folder}"\nunit = "xa-duc-hoa"\n\n'
    )
    text += NAMESAKES[NAMESAKES.index("[storage]") :]
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    when = dt.datetime(2025, 10, 20, 8, 0, tzinfo=HCM)
    dovecot.append([(mail, when)], folder)
    result = CliRunner().invoke(main, ["--config", str(path), "poll", "--once"])
    assert result.exit_code == 0, result.output
    return config_mod.load(path)


_ALL_TAN_TRU = {"th-kd-duc-hoa": "Thủ Thừa", "th-kd-my-an": "Tân Trụ", "th-kd-long-thanh": "Tân Trụ"}


@pytest.mark.parametrize(
    ("formerly", "candidates", "there"),
    [
        ({}, ["th-kd-duc-hoa"], "tệp cấu hình không ghi trường cùng tên nào thuộc đơn vị ấy"),
        (
            _ALL_TAN_TRU,
            ["th-kd-my-an", "th-kd-long-thanh", "th-kd-duc-hoa"],  # as the roster lists them
            "trường cùng tên thuộc đơn vị ấy là Trường Tiểu học Kim Đồng (xã Mỹ An) hoặc Trường Tiểu học "
            "Kim Đồng (xã Long Thạnh)",
        ),
    ],
)
def test_a_namesakes_paper_under_another_districts_office_is_not_the_mailboxs(
    tmp_path: Path, dovecot: Dovecot, folder: str, formerly: dict[str, str], candidates: list[str], there: str
) -> None:
    """A teacher's report headed «PHÒNG GD&ĐT TÂN TRỤ» over «TRƯỜNG TIỂU HỌC KIM ĐỒNG», sent from a gmail to
    xã Đức Hòa's mailbox, was credited to Đức Hòa's Kim Đồng, the one that mailbox collects, though the
    letterhead is of a district that never collected it, or that the config does not say collected it while
    other Kim Đồng are elsewhere. It waits for staff, the namesakes of that district first."""
    paper = _headed("Trường Tiểu học Kim Đồng", "PHÒNG GD&ĐT TÂN TRỤ", "TRƯỜNG TIỂU HỌC KIM ĐỒNG", "Tây Ninh")
    mail = _teachers_mail(5, "TH Kim Đồng báo cáo NQ121", "Trường gửi báo cáo NQ121 (tệp đính kèm).", paper)
    config = _districts_polled(tmp_path, dovecot, folder, formerly, mail)
    [(credited, held, reason)] = _outcomes(config).values()
    assert credited == []
    assert held[: len(candidates)] == candidates
    assert (
        "Thư gửi đến hộp thư của UBND xã Đức Hòa, đơn vị thu báo cáo của Trường Tiểu học Kim Đồng (xã Đức Hòa), "
        "nhưng tiêu đề văn bản BC NQ121.docx ghi cơ quan chủ quản «PHÒNG GD&ĐT TÂN TRỤ», đơn vị mà tệp cấu hình "
        f"không ghi là đã thu báo cáo của Trường Tiểu học Kim Đồng (xã Đức Hòa); {there}."
    ) in reason


@pytest.mark.parametrize(
    ("parent", "school", "evidence"),
    [
        (
            "UBND HUYỆN TÂN TRỤ",
            "th-kd-my-an",
            "Tiêu đề văn bản BC NQ121.docx ghi «UBND HUYỆN TÂN TRỤ» và «TRƯỜNG TIỂU HỌC KIM ĐỒNG» (trong các "
            "trường cùng tên, chỉ một trường thuộc Phòng Giáo dục và Đào tạo huyện Tân Trụ): Trường Tiểu học Kim "
            "Đồng (xã Mỹ An).",
        ),
        (
            "PHÒNG GD&ĐT THỦ THỪA",
            "th-kd-duc-hoa",
            "Trong các trường mang tên này, chỉ Trường Tiểu học Kim Đồng (xã Đức Hòa) do UBND xã Đức Hòa thu báo "
            "cáo, và thư gửi đến hộp thư của UBND xã Đức Hòa.",
        ),
    ],
)
def test_a_former_districts_office_over_a_namesake_tells_it_apart(
    tmp_path: Path, dovecot: Dovecot, folder: str, parent: str, school: str, evidence: str
) -> None:
    """Of three Kim Đồng, Mỹ An's alone was collected by Phòng GD&ĐT Tân Trụ until 30/6/2025: a report
    headed by that district's office or People's Committee and sent to xã Đức Hòa's mailbox was credited
    to Đức Hòa's Kim Đồng. The letterhead names the one namesake that district had; the letterhead of the
    receiving commune's own former district leaves the mailbox to decide as before."""
    formerly = {"th-kd-duc-hoa": "Thủ Thừa", "th-kd-my-an": "Tân Trụ", "th-kd-long-thanh": "Thủ Thừa"}
    paper = _headed("Trường Tiểu học Kim Đồng", parent, "TRƯỜNG TIỂU HỌC KIM ĐỒNG", "Tây Ninh")
    mail = _teachers_mail(6, "TH Kim Đồng báo cáo NQ121", "Trường gửi báo cáo NQ121 (tệp đính kèm).", paper)
    config = _districts_polled(tmp_path, dovecot, folder, formerly, mail)
    [(credited, held, reason)] = _outcomes(config).values()
    assert credited == [school], reason
    with Runtime.open(config) as rt:
        [submission] = rt.store.submissions(report_id="nq121", year=2025)
    assert evidence in submission.evidence
