"""A northern district's boarding schools and its town's schools, told apart by their papers as imported."""

from __future__ import annotations

import dataclasses
import json
import random
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main
from kernel import config as config_mod
from kernel.runtime import Runtime
from kernel.store import MessageState
from samples.documents import render_docx
from samples.papers import make_paper

# Nearly every northern district has a «THCS Thị trấn X» and a «PTDTNT THCS X», named after the same town.
_SIN_CHAI = """
[district]
name = "Phòng Giáo dục và Đào tạo huyện Sín Chải"
timezone = "Asia/Ho_Chi_Minh"
staff_emails = ["pgdsinchai@laocai.edu.vn"]
provinces = ["Lào Cai"]

[storage]
database = "sqlite:///var/baocao.db"
archive = "var/archive"

[[reports]]
id = "nq121"
title = "Báo cáo kết quả triển khai thực hiện Nghị quyết 121/2020/QH14"
keywords = ["NQ121", "121/2020/QH14"]
deadline = "10-25"

[[schools]]
id = "th-so1-tt"
name = "Trường Tiểu học số 1 Thị trấn Sín Chải"
aliases = ["TH số 1 Sín Chải"]
emails = ["c1so1sinchai@laocai.edu.vn"]

[[schools]]
id = "th-so2-tt"
name = "Trường Tiểu học số 2 Thị trấn Sín Chải"
emails = ["c1so2sinchai@laocai.edu.vn"]

[[schools]]
id = "ptdtnt-thcs"
name = "Trường PTDTNT THCS Sín Chải"
emails = ["ptdtnt.sinchai@laocai.edu.vn"]

[[schools]]
id = "thcs-tt"
name = "Trường THCS Thị trấn Sín Chải"
emails = ["c2thitran.sinchai@laocai.edu.vn"]

[[schools]]
id = "ptdtbt-nam-chay"
name = "Trường PTDTBT THCS Nậm Chảy"
emails = ["c2namchay@laocai.edu.vn"]

[[schools]]
id = "thcs-nam-chay"
name = "Trường THCS Nậm Chảy"
emails = ["c2namchay.sinchai@laocai.edu.vn"]

[[schools]]
id = "thcs-ban-me"
name = "Trường THCS Bản Mế"
emails = ["c2banme@laocai.edu.vn"]

[[schools]]
id = "ptdtnt-thcs-thpt"
name = "Trường PTDTNT THCS&THPT Mường Hum"
emails = ["c3dtntmuonghum@laocai.edu.vn"]

[[schools]]
id = "ptdtbt-seo-mi-ty"
name = "Trường PTDTBT THCS Séo Mí Tỷ"
commune = "Séo Mí Tỷ"
emails = ["c2seomity@laocai.edu.vn"]
"""


def _import(
    tmp_path: Path,
    sender: str,
    subject: str,
    issuer: str,
    parent: str = "PHÒNG GD&ĐT SÍN CHẢI",
    config: str = _SIN_CHAI,
) -> Runtime:
    """One mail from sender with a Word report headed issuer, imported as a clerk imports a webmail
    export; the runtime of the config it was imported with, to read what was recorded."""
    path = tmp_path / "config.toml"
    path.write_text(config, encoding="utf-8")
    # a paper naming its school in its header only, under the district's Phòng
    paper = make_paper(
        "Trường THCS Sín Chải", year=2024, rng=random.Random(7), district="Sín Chải", named=False
    )
    paper = dataclasses.replace(paper, parent_body=parent, issuer=issuer, number="12/BC")
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "pgdsinchai@laocai.edu.vn"
    msg["Subject"] = subject
    msg["Date"] = "Thu, 24 Oct 2024 10:00:00 +0700"
    msg["Message-ID"] = "<bc.nq121@mail.gmail.com>"
    msg.set_content("Em gửi báo cáo ạ.")
    msg.add_attachment(
        render_docx(paper),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename="BC NQ121.docx",
    )
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "1.eml").write_bytes(msg.as_bytes())
    result = CliRunner().invoke(main, ["--config", str(path), "import", str(folder)])
    assert result.exit_code == 0, result.output
    return Runtime.open(config_mod.load(path))


def test_a_semi_boarding_header_the_district_has_no_such_school_of_waits_never_the_town_school(
    tmp_path: Path,
) -> None:
    """A gmail's paper headed «TRƯỜNG PTDTBT THCS SÍN CHẢI», subject «BC NQ121 PTDTBT THCS Sín Chải», where
    the district has the PTDTNT THCS and the town's THCS Sín Chải, was credited to the town school: the
    kind written ruled out the PTDTNT school and fitted the town's, which has no kind. A boarding school is
    never the town's day school; the PTDTNT school is offered to staff, not credited."""
    with _import(
        tmp_path, "vanthu.sinchai@gmail.com", "BC NQ121 PTDTBT THCS Sín Chải", "TRƯỜNG PTDTBT THCS SÍN CHẢI"
    ) as rt:
        assert rt.store.submissions() == []
        [review] = rt.store.reviews()
        assert review.candidates == ("ptdtnt-thcs",)
        assert "Trường THCS Thị trấn Sín Chải" not in review.reason
        assert (
            "danh sách không có trường PTDTBT ấy); gần nhất là Trường PTDTNT THCS Sín Chải" in review.reason
        )


@pytest.mark.parametrize(
    "sender", ["phamvinh.thcstt@gmail.com", "c2thitran.sinchai@laocai.edu.vn"], ids=["gmail", "own-address"]
)
def test_the_town_schools_full_name_is_not_the_boarding_school_of_the_town(
    tmp_path: Path, sender: str
) -> None:
    """«TRƯỜNG THCS THỊ TRẤN SÍN CHẢI», the town school's exact full name in header and subject, waited for
    staff as «không ghi loại trường (PTDTNT), có thể là Trường PTDTNT THCS Sín Chải hoặc Trường THCS Thị trấn
    Sín Chải»: «Thị trấn» was dropped as a place's kind word, and the PTDTNT school, named after the same
    town without it, fitted as well. Its own address's mail was credited with the same wrong words."""
    subject = "Báo cáo NQ121 - Trường THCS Thị trấn Sín Chải"
    with _import(tmp_path, sender, subject, "TRƯỜNG THCS THỊ TRẤN SÍN CHẢI") as rt:
        [message] = rt.store.messages()
        [submission] = rt.store.submissions()
        assert message.state == MessageState.REPORT and submission.school_id == "thcs-tt"
        assert not any("PTDTNT" in line for line in submission.evidence), submission.evidence
        assert rt.store.reviews() == []


@pytest.mark.parametrize(
    ("issuer", "expected"),
    [
        ("TRƯỜNG TH SỐ 1 TT SÍN CHẢI", "th-so1-tt"),
        ("TRƯỜNG PT DÂN TỘC NỘI TRÚ THCS SÍN CHẢI", "ptdtnt-thcs"),
        ("TRƯỜNG PTDT NỘI TRÚ THCS SÍN CHẢI", "ptdtnt-thcs"),
        ("TRƯỜNG PT DÂN TỘC BÁN TRÚ THCS NẬM CHẢY", "ptdtbt-nam-chay"),
        ("TRƯỜNG PTDT BÁN TRÚ THCS NẬM CHẢY", "ptdtbt-nam-chay"),
    ],
)
def test_headers_as_northern_schools_type_them_name_their_school(
    tmp_path: Path, issuer: str, expected: str
) -> None:
    """Headers typed as northern schools type them waited for staff: «TT» for «thị trấn» after the school's
    number matched no school, and a boarding kind written half out («PT DÂN TỘC NỘI TRÚ», «PTDT BÁN TRÚ»)
    was taken to fit the day school of the same place as well."""
    with _import(tmp_path, "gv.sinchai@gmail.com", "gửi báo cáo", issuer) as rt:
        assert [s.school_id for s in rt.store.submissions()] == [expected]
        assert rt.store.reviews() == []


@pytest.mark.parametrize(
    "sender", ["hieutruong.banme@gmail.com", "c2banme@laocai.edu.vn"], ids=["gmail", "own-address"]
)
def test_a_boarding_kind_the_list_leaves_out_of_a_schools_name_still_names_it(
    tmp_path: Path, sender: str
) -> None:
    """A list may name a semi-boarding school without its kind («Trường THCS Bản Mế») while its papers write
    it («TRƯỜNG PTDTBT THCS BẢN MẾ»): with no boarding school of that name on the roster, it is that school,
    from its own address as from a gmail, not a header that matches no school."""
    with _import(tmp_path, sender, "Báo cáo NQ121", "TRƯỜNG PTDTBT THCS BẢN MẾ") as rt:
        assert [s.school_id for s in rt.store.submissions()] == ["thcs-ban-me"]
        assert rt.store.reviews() == []


def test_the_other_boarding_kind_is_never_the_day_school_beside_a_boarding_namesake(tmp_path: Path) -> None:
    """«PTDTNT THCS Nậm Chảy» where Nậm Chảy has a PTDTBT THCS and a day THCS: the slip is between the two
    boarding kinds, so the day school is never credited."""
    with _import(tmp_path, "gv.namchay@gmail.com", "Báo cáo NQ121", "TRƯỜNG PTDTNT THCS NẬM CHẢY") as rt:
        assert rt.store.submissions() == []
        [review] = rt.store.reviews()
        assert "thcs-nam-chay" not in review.candidates


@pytest.mark.parametrize(
    "issuer",
    [
        "TRƯỜNG PTDTNT THCS&THPT MƯỜNG HUM",
        "TRƯỜNG PTDTNT THCS VÀ THPT MƯỜNG HUM",
        "TRƯỜNG PHỔ THÔNG DÂN TỘC NỘI TRÚ THCS VÀ THPT MƯỜNG HUM",
        "TRƯỜNG PTDTNT TRUNG HỌC CƠ SỞ VÀ TRUNG HỌC PHỔ THÔNG MƯỜNG HUM",
    ],
)
def test_a_school_of_lower_and_upper_secondary_is_named_by_its_header(tmp_path: Path, issuer: str) -> None:
    """A «THCS&THPT» school, a level the list accepts, was never matched by its name: its header, written as
    the list writes it or in words, matched no school and waited for staff «không khớp trường nào»."""
    with _import(tmp_path, "gv.muonghum@gmail.com", "gửi báo cáo", issuer) as rt:
        assert [s.school_id for s in rt.store.submissions()] == ["ptdtnt-thcs-thpt"]
        assert rt.store.reviews() == []


def test_a_hyphenated_commune_over_a_schools_name_is_its_own_commune(tmp_path: Path) -> None:
    """A report headed «UBND XÃ SÉO-MÍ-TỶ» / «TRƯỜNG PTDTBT THCS SÉO MÍ TỶ» waited for staff as «xã Séo không
    thuộc địa bàn …»: the commune's name was cut at its first hyphen, and «Séo» is no commune of the list.
    A hyphen joins a name's words; Séo-Mí-Tỷ is Séo Mí Tỷ."""
    issuer = "TRƯỜNG PTDTBT THCS SÉO MÍ TỶ"
    with _import(tmp_path, "gv.seomity@gmail.com", "gửi báo cáo", issuer, parent="UBND XÃ SÉO-MÍ-TỶ") as rt:
        assert [s.school_id for s in rt.store.submissions()] == ["ptdtbt-seo-mi-ty"]
        assert rt.store.reviews() == []


@pytest.mark.parametrize(
    ("body", "waits"),
    [
        (
            "Kính gửi Phòng. Trường THCS Bản Mế báo cáo kết quả thực hiện Nghị quyết 121/2020/QH14 năm 2024: tổ "
            "chức 4 buổi tuyên truyền, 120 học sinh, 95 phụ huynh; không xảy ra vụ việc xâm hại trẻ em.",
            True,
        ),
        ("Kính gửi Phòng, trường THCS Bản Mế gửi báo cáo NQ121 năm 2024.", False),
        ("Em gửi báo cáo ạ.", False),
    ],
    ids=["brief-report", "cover-note", "em-gui"],
)
def test_a_brief_report_typed_in_the_mail_waits_for_staff_as_the_schools(
    tmp_path: Path, body: str, waits: bool
) -> None:
    """A school typed its report in a few lines of the mail, nothing attached, under a report whose parts
    and figures the list does not set out: it was set aside as «Thư nhắc đến báo cáo nhưng không kèm văn
    bản báo cáo nào», no one looked at it, and the school was reminded on. It waits for staff as the
    school's report; a cover note with nothing attached is still no report."""
    waiting = [r for r in _listed_for_staff(tmp_path, body) if r["kind"] == "review"]
    if waits:
        [review] = waiting
        assert review["reason"].startswith("Báo cáo NQ121 gõ trong nội dung thư quá ngắn"), review
        assert review["candidates"] == ["thcs-ban-me"], review
    else:
        assert waiting == []


def _listed_for_staff(tmp_path: Path, body: str) -> list[dict[str, object]]:
    """What `baocao review` lists for 2024 after importing THCS Bản Mế's mail «BC NQ121 THCS Bản Mế» with
    body, nothing attached, under the district's list (no parts or figures set out)."""
    path = tmp_path / "config.toml"
    path.write_text(_SIN_CHAI, encoding="utf-8")
    msg = EmailMessage()
    msg["From"] = "c2banme@laocai.edu.vn"
    msg["To"] = "pgdsinchai@laocai.edu.vn"
    msg["Subject"] = "BC NQ121 THCS Bản Mế"
    msg["Date"] = "Thu, 24 Oct 2024 10:00:00 +0700"
    msg["Message-ID"] = "<bc.banme@laocai.edu.vn>"
    msg.set_content(body)
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "1.eml").write_bytes(msg.as_bytes())
    runner = CliRunner()
    result = runner.invoke(main, ["--config", str(path), "import", str(folder)])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(main, ["--config", str(path), "review", "--year", "2024", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    return list(json.loads(listed.output))


@pytest.mark.parametrize(
    "body",
    [
        "Dạ em gửi báo cáo NQ121 ạ.\nTrường đã tổ chức 4 buổi tuyên truyền, 120 học sinh tham gia.",
        "Em gửi báo cáo NQ121 ạ\n- Đã tổ chức 3 buổi tuyên truyền cho 250 học sinh\n- Khó khăn: không",
    ],
    ids=["two-counts", "phone-lines"],
)
def test_a_brief_report_typed_under_a_sending_line_is_no_file_left_out(tmp_path: Path, body: str) -> None:
    """«Em gửi báo cáo NQ121 ạ» over a few lines of the report typed in the mail, nothing attached: the
    sending line won, the mail was unreadable («Thư ghi gửi báo cáo nhưng không thấy tệp đính kèm») and
    the school was asked to send the file again. The mail carries the report, brief: it waits for staff
    as the school's."""
    listed = _listed_for_staff(tmp_path, body)
    assert [(r["kind"], r.get("candidates")) for r in listed] == [("review", ["thcs-ban-me"])], listed
    assert str(listed[0]["reason"]).startswith("Báo cáo NQ121 gõ trong nội dung thư quá ngắn"), listed


@pytest.mark.parametrize(
    "issuer",
    ["TRƯỜNG PTDTNT HUYỆN SÍN CHẢI", "TRƯỜNG PHỔ THÔNG DÂN TỘC NỘI TRÚ HUYỆN SÍN CHẢI"],
    ids=["abbreviated", "spelled out"],
)
def test_a_boarding_schools_former_name_in_its_header_names_it(tmp_path: Path, issuer: str) -> None:
    """A boarding school renamed in 2025 kept its former name as an alias, «Trường PTDTNT huyện Sín Chải».
    Its report from its own address, headed with that name, waited for staff as «không khớp trường nào»:
    the alias was read with its kind as part of its place, so only the subject matched it."""
    config = _SIN_CHAI.replace(
        'name = "Trường PTDTNT THCS Sín Chải"\n',
        'name = "Trường PTDTNT THCS Sín Chải"\naliases = ["Trường PTDTNT huyện Sín Chải"]\n',
    )
    subject = "Báo cáo NQ121 - Trường PTDTNT huyện Sín Chải"
    with _import(tmp_path, "ptdtnt.sinchai@laocai.edu.vn", subject, issuer, config=config) as rt:
        [submission] = rt.store.submissions()
        assert submission.school_id == "ptdtnt-thcs" and rt.store.reviews() == []
