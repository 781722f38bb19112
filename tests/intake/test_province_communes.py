"""A province after the 2025 merger: its communes' People's Committees collect the schools, namesakes are in
many communes, and schools keep the letterheads, numbers and places of the communes they stood in before.
Mail is read from the Department's mailbox on a real Dovecot by `baocao poll --once`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from click.testing import CliRunner

from app.cli import main
from kernel import config as config_mod
from kernel import mailids
from kernel.runtime import Runtime
from kernel.store import MessageRow, ReviewRow
from samples.documents import render_docx
from samples.papers import make_paper
from scheduler.outbox import Outbox
from scheduler.outgoing import MailKind, Outgoing
from tests.intake.conftest import HCM
from tests.servers import Dovecot

_UNITS = {
    "xa-an-phu": "An Phú",
    "xa-binh-hoa": "Bình Hòa",
    "xa-binh-lang": "Bình Lãng",
    "xa-tan-buu": "Tân Bửu",
    "xa-vinh-thanh": "Vĩnh Thạnh",
    "xa-long-cang": "Long Cang",
    "xa-my-quy": "Mỹ Quý",
}
_SCHOOLS = (  # id, name, unit
    ("mn-hoa-sen-an-phu", "Trường Mầm non Hoa Sen", "xa-an-phu"),
    ("mn-hoa-sen-binh-lang", "Trường Mầm non Hoa Sen", "xa-binh-lang"),
    ("mg-son-ca-binh-hoa", "Trường Mẫu giáo Sơn Ca", "xa-binh-hoa"),
    ("mg-son-ca-tan-buu", "Trường Mẫu giáo Sơn Ca", "xa-tan-buu"),
    ("th-binh-loi", "Trường Tiểu học Bình Lợi", "xa-binh-hoa"),  # xã Bình Lợi until 30/6/2025
    ("th-kd-an-phu", "Trường Tiểu học Kim Đồng", "xa-an-phu"),
    ("th-kd-binh-hoa", "Trường Tiểu học Kim Đồng", "xa-binh-hoa"),
    ("th-so-1-an-phu", "Trường Tiểu học số 1 An Phú", "xa-an-phu"),
    ("th-so-1-vinh-thanh", "Trường Tiểu học số 1 Vĩnh Thạnh", "xa-vinh-thanh"),
    ("th-so-1-long-cang", "Trường Tiểu học số 1 Long Cang", "xa-long-cang"),
    ("th-vts-long-cang", "Trường Tiểu học Võ Thị Sáu", "xa-long-cang"),
    ("th-vts-my-quy", "Trường Tiểu học Võ Thị Sáu", "xa-my-quy"),
    ("mn-my-quy", "Trường Mầm non Mỹ Quý", "xa-my-quy"),
    ("thcs-my-quy", "Trường THCS Mỹ Quý", "xa-my-quy"),
)
_WHEN = dt.datetime(2025, 10, 20, 8, 0, tzinfo=HCM)
# A paper without a header: the mail's own words name the school.
_UNNAMED = ("Trường Tiểu học", "", "")
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _config(path: Path, dovecot: Dovecot, folder: str) -> config_mod.Config:
    units = "".join(f'\n[[units]]\nid = "{i}"\nname = "UBND xã {c}"\n' for i, c in _UNITS.items())
    schools = "".join(
        f'\n[[schools]]\nid = "{i}"\nname = "{n}"\nunit = "{u}"\ncommune = "{_UNITS[u]}"\n'
        f'emails = ["{i}@dongiang.edu.vn"]\n'
        for i, n, u in _SCHOOLS
    )
    path.write_text(
        f"""[district]
name = "Sở Giáo dục và Đào tạo tỉnh Đồng Giang"
short_name = "Sở GD&ĐT Đồng Giang"
staff_emails = ["vanthu.so@dongiang.gov.vn"]

[[reports]]
id = "nq121"
title = "Báo cáo Nghị quyết 121"
keywords = ["121/2020/QH14", "NQ121"]
deadline = "10-25"
{units}{schools}
[imap]
host = "{dovecot.host}"
port = {dovecot.port}
security = "none"
username = "{dovecot.user}"
password = "{dovecot.password}"
folder = "{folder}"

[storage]
database = "sqlite:///var/baocao.db"
archive = "var/archive"
""",
        encoding="utf-8",
    )
    return config_mod.load(path)


def _mail(
    n: int, sender: str, subject: str, paper: tuple[str, str, str] | None = None, **headers: str
) -> bytes:
    """A mail from sender; paper: (the school the report is written for, parent body, issuer) of its DOCX,
    whose text names no school: only its header does."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "vanthu.so@dongiang.gov.vn"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(_WHEN)
    msg["Message-ID"] = f"<m{n}.{_WHEN:%Y%m%d}@gmail.com>"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    if paper is None:
        msg.set_content(
            "Kính gửi Sở,\nNhà trường báo cáo kết quả triển khai thực hiện Nghị quyết 121/2020/QH14 năm 2025 "
            "như sau:\nI. Công tác chỉ đạo, triển khai: quán triệt đến toàn thể cán bộ, giáo viên, nhân viên.\n"
            "II. Kết quả thực hiện: tổ chức 3 buổi tuyên truyền cho 260 lượt học sinh và phụ huynh. Không xảy "
            "ra vụ xâm hại trẻ em.\nIII. Khó khăn, vướng mắc: không có.\nIV. Đề xuất, kiến nghị: không có.\n"
        )
        return msg.as_bytes()
    school, parent, issuer = paper
    made = make_paper(school, year=2025, rng=random.Random(n), named=False)
    made = dataclasses.replace(made, parent_body=parent, issuer=issuer, number=f"{n}/BC-TH")
    msg.set_content("Kính gửi quý cơ quan,\nTrường gửi báo cáo thực hiện NQ121 năm 2025 (tệp đính kèm).\n")
    maintype, subtype = _DOCX.split("/")
    msg.add_attachment(render_docx(made), maintype=maintype, subtype=subtype, filename="Bao cao NQ121.docx")
    return msg.as_bytes()


def _polled(
    tmp_path: Path, dovecot: Dovecot, folder: str, mails: list[bytes], *, sent: tuple[str, ...] = ()
) -> tuple[dict[str, list[str]], dict[str, ReviewRow], dict[str, MessageRow]]:
    """Poll the mails once; sent: the schools our reminder went to two days before. What each message
    (by its Message-ID's number) was credited to, its review, its row."""
    config = _config(tmp_path / "config.toml", dovecot, folder)
    with Runtime.open(config) as rt:
        for school in sent:
            key = f"reminder:nq121:2025:{school}:before-7"
            item = Outgoing(MailKind.REMINDER, "nq121", 2025, school, (), (), "Nhắc nộp", "", None, (), key)
            Outbox(rt.store).add(item, b"reminder", _WHEN - dt.timedelta(days=2))
    dovecot.append([(raw, _WHEN) for raw in mails], folder)
    result = CliRunner().invoke(main, ["--config", str(tmp_path / "config.toml"), "poll", "--once"])
    assert result.exit_code == 0, result.output

    def number(message_id: str) -> str:
        return message_id.strip("<>").split(".")[0]

    with Runtime.open(config) as rt:
        credited: dict[str, list[str]] = {}
        for s in rt.store.submissions(report_id="nq121", year=2025):
            credited.setdefault(number(s.message_id), []).append(s.school_id)
        reviews = {number(r.message_id): r for r in rt.store.reviews()}
        rows = {number(m.message_id): m for m in rt.store.messages()}
    return credited, reviews, rows


def _reminder_id(school: str, config_path: Path) -> str:
    return mailids.make(f"reminder:nq121:2025:{school}:before-7", config_mod.load(config_path).own_domain)


def test_a_header_at_the_other_kindergarten_level_under_a_commune_waits_with_that_communes_school(
    tmp_path: Path, dovecot: Dovecot, folder: str
) -> None:
    """«UBND XÃ BÌNH LÃNG» over «TRƯỜNG MẪU GIÁO HOA SEN» (no Mẫu giáo Hoa Sen; a Mầm non Hoa Sen in Bình Lãng
    and one in An Phú) waited with every Mầm non Hoa Sen, as did «UBND XÃ TÂN BỬU» over «TRƯỜNG MẦM NON SƠN
    CA»: the commune over the header was read only when the header wrote the listed level word. The
    commune says which namesake; the level word written still decides nothing alone, as for a school of
    no namesake, so the mail waits with that commune's school only."""
    mails = [
        _mail(
            1,
            "conhung1985@gmail.com",
            "Báo cáo NQ121",
            ("Trường Mẫu giáo Hoa Sen", "UBND XÃ BÌNH LÃNG", "TRƯỜNG MẪU GIÁO HOA SEN"),
        ),
        _mail(
            2,
            "thuytrang.gv@gmail.com",
            "Báo cáo NQ121",
            ("Trường Mầm non Sơn Ca", "UBND XÃ TÂN BỬU", "TRƯỜNG MẦM NON SƠN CA"),
        ),
    ]
    credited, reviews, _ = _polled(tmp_path, dovecot, folder, mails)
    assert credited == {}
    assert reviews["m1"].candidates == ("mn-hoa-sen-binh-lang",)
    assert (
        "«UBND XÃ BÌNH LÃNG» và «TRƯỜNG MẪU GIÁO HOA SEN»: có thể là Trường Mầm non Hoa Sen"
        in reviews["m1"].reason
    )
    assert reviews["m2"].candidates == ("mg-son-ca-tan-buu",)


def test_an_old_communes_letterhead_over_the_school_named_after_it_is_that_schools(
    tmp_path: Path, dovecot: Dovecot, folder: str
) -> None:
    """Tiểu học Bình Lợi, of xã Bình Lợi merged into xã Bình Hòa in 2025, kept its letterhead «UBND XÃ BÌNH
    LỢI»: its report waited as «không thống nhất», «xã Bình Lợi không thuộc địa bàn … có thể là báo cáo
    của một trường cùng tên ở địa phương khác», though no other school bears that name and the commune is
    the school's own name. Over a school of another name the commune no school is in still holds it."""
    mails = [
        _mail(
            1,
            "thbinhloi.ht@gmail.com",
            "Báo cáo NQ121",
            ("Trường Tiểu học Bình Lợi", "UBND XÃ BÌNH LỢI", "TRƯỜNG TIỂU HỌC BÌNH LỢI"),
        ),
        _mail(
            2,
            "kimdong.gv@gmail.com",
            "Báo cáo NQ121",
            ("Trường Tiểu học Kim Đồng", "UBND XÃ BÌNH LỢI", "TRƯỜNG TIỂU HỌC KIM ĐỒNG"),
        ),
    ]
    credited, reviews, _ = _polled(tmp_path, dovecot, folder, mails)
    assert credited == {"m1": ["th-binh-loi"]}
    assert "xã Bình Lợi không thuộc địa bàn" in reviews["m2"].reason


def test_a_numbered_schools_header_and_subject_name_the_commune_apart(
    tmp_path: Path, dovecot: Dovecot, folder: str
) -> None:
    """«UBND XÃ VĨNH THẠNH» over «TRƯỜNG TIỂU HỌC SỐ 1», as numbered schools head their papers, waited with
    every Tiểu học số 1; and the subject «TH số 1 xã Long Cang báo cáo NQ121» was said to name no school at
    all, though «TH số 1 Long Cang» is that school's name."""
    mails = [
        _mail(
            1,
            "thso1.vt@gmail.com",
            "Báo cáo NQ121",
            ("Trường Tiểu học số 1 Vĩnh Thạnh", "UBND XÃ VĨNH THẠNH", "TRƯỜNG TIỂU HỌC SỐ 1"),
        ),
        _mail(2, "thso1lc@gmail.com", "TH số 1 xã Long Cang báo cáo NQ121", _UNNAMED),
    ]
    credited, _, rows = _polled(tmp_path, dovecot, folder, mails)
    assert credited == {"m1": ["th-so-1-vinh-thanh"], "m2": ["th-so-1-long-cang"]}, rows["m2"].reason


def test_a_bracket_of_two_places_after_a_name_is_the_schools_place(
    tmp_path: Path, dovecot: Dovecot, folder: str
) -> None:
    """«TH Võ Thị Sáu (Mỹ Quý - Đức Bình)», the commune and the former district, waited as «không thống
    nhất», Mỹ Quý read as Mầm non or THCS Mỹ Quý; «(Mỹ Quý)» alone was credited. So is the commune with its
    former commune, which another school is named after. Two communes each of a Võ Thị Sáu still wait."""
    mails = [
        _mail(1, "vothisau.mq@yahoo.com", "TH Võ Thị Sáu (Mỹ Quý - Đức Bình) báo cáo NQ121", _UNNAMED),
        _mail(2, "kimdong.bh@gmail.com", "TH Kim Đồng (Bình Hòa - Bình Lợi) báo cáo NQ121", _UNNAMED),
        _mail(3, "vothisau.lc@gmail.com", "TH Võ Thị Sáu (Long Cang - Mỹ Quý) báo cáo NQ121", _UNNAMED),
    ]
    credited, reviews, _ = _polled(tmp_path, dovecot, folder, mails)
    assert credited == {"m1": ["th-vts-my-quy"], "m2": ["th-kd-binh-hoa"]}
    assert "m3" in reviews


def test_a_former_commune_written_first_in_the_bracket_is_read_as_after(
    tmp_path: Path, dovecot: Dovecot, folder: str
) -> None:
    """«TH Kim Đồng (Bình Lợi - Bình Hòa)», the former commune first and the commune it merged into second,
    waited as «không thống nhất», Bình Lợi read as Tiểu học Bình Lợi, while «(Bình Hòa - Bình Lợi)» was
    credited. The order does not matter when both are communes of one school's places (Tiểu học Bình Lợi
    of xã Bình Hòa); a former commune before another namesake's commune still waits."""
    mails = [
        _mail(1, "kimdong.bh@gmail.com", "TH Kim Đồng (Bình Lợi - Bình Hòa) báo cáo NQ121", _UNNAMED),
        _mail(2, "kimdong.ap@gmail.com", "TH Kim Đồng (Bình Lợi - An Phú) báo cáo NQ121", _UNNAMED),
    ]
    credited, reviews, _ = _polled(tmp_path, dovecot, folder, mails)
    assert credited == {"m1": ["th-kd-binh-hoa"]}
    assert set(reviews["m2"].candidates) >= {"th-kd-an-phu", "th-kd-binh-hoa"}


def test_a_reply_to_a_communes_reminder_names_the_commune_not_a_phong(
    tmp_path: Path, dovecot: Dovecot, folder: str
) -> None:
    """A teacher answered UBND xã Bình Hòa's reminder to its Kim Đồng from her gmail, read from the
    Department's mailbox: staff read «Thư trả lời thư của Phòng», an office this province does not have."""
    config_path = tmp_path / "config.toml"
    _config(config_path, dovecot, folder)
    answered = f"<{_reminder_id('th-kd-binh-hoa', config_path)}>"
    reply = _mail(
        1,
        "cogiao.lan1987@gmail.com",
        "Re: Nhắc nộp báo cáo NQ121",
        ("Trường Tiểu học Kim Đồng", "", "TRƯỜNG TIỂU HỌC KIM ĐỒNG"),
        In_Reply_To=answered,
        References=answered,
    )
    _, reviews, rows = _polled(tmp_path, dovecot, folder, [reply], sent=("th-kd-binh-hoa",))
    reason = reviews["m1"].reason if "m1" in reviews else rows["m1"].reason
    assert "Thư trả lời thư của UBND xã Bình Hòa (nhắc nộp hoặc xác nhận) đã gửi" in reason
    assert "của Phòng" not in reason


def test_a_learned_address_names_the_commune_whose_staff_taught_it_not_a_phong(
    tmp_path: Path, dovecot: Dovecot, folder: str
) -> None:
    """UBND xã Bình Hòa's staff gave a teacher's gmail mail to Tiểu học Bình Lợi, and her next report was
    credited to it by the address: staff read it «đã được cán bộ phòng gán», an office this province does
    not have."""
    first = _mail(1, "cogiao.binhloi@gmail.com", "Báo cáo NQ121", _UNNAMED)
    _, reviews, rows = _polled(tmp_path, dovecot, folder, [first])
    assert "m1" in reviews
    config_path = str(tmp_path / "config.toml")
    assigned = CliRunner().invoke(main, ["--config", config_path, "assign", rows["m1"].key, "th-binh-loi"])
    assert assigned.exit_code == 0, assigned.output
    second = _mail(2, "cogiao.binhloi@gmail.com", "Báo cáo NQ121", _UNNAMED)
    credited, _, rows = _polled(tmp_path, dovecot, folder, [second])
    assert credited["m2"] == ["th-binh-loi"]
    assert "đã được cán bộ UBND xã Bình Hòa gán cho Trường Tiểu học Bình Lợi" in rows["m2"].reason
    assert "phòng" not in rows["m2"].reason.lower()
