"""Schools named after people, birds and flowers (Kim Đồng, Nguyễn Du, Sơn Ca, Hoa Sen): their names are
also a class's, a pioneer unit's, a hero's or a poet's in ordinary mail, which name no school."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest

from intake.matching import MatchResult, match
from intake.message import Mail
from intake.registry import Registry
from parsers.document import Document
from parsers.read import read_attachment
from samples.documents import render_docx
from samples.papers import make_paper
from tests.intake.conftest import registry_of
from tests.intake.mails import message, report

COMMUNE = """
[district]
name = "UBND xã Mỹ An"
short_name = "UBND xã Mỹ An"
timezone = "Asia/Ho_Chi_Minh"
staff_emails = ["vhxh.myan@example.gov.vn"]

[storage]
database = "sqlite:///var/baocao.db"
archive = "var/archive"

[[reports]]
id = "nq121"
title = "Báo cáo kết quả triển khai thực hiện Nghị quyết 121/2020/QH14"
keywords = ["NQ121"]
deadline = "10-25"

[[units]]
id = "xa-my-an"
name = "UBND xã Mỹ An"

[[units]]
id = "xa-my-lac"
name = "UBND xã Mỹ Lạc"

[[schools]]
id = "th-kd-my-an"
name = "Trường Tiểu học Kim Đồng"
emails = ["c1kimdong.myan@example.edu.vn"]
unit = "xa-my-an"

[[schools]]
id = "th-kd-my-lac"
name = "Trường Tiểu học Kim Đồng"
emails = ["c1kimdong.mylac@example.edu.vn"]
unit = "xa-my-lac"

[[schools]]
id = "th-my-an"
name = "Trường Tiểu học Mỹ An"
emails = ["c1myan@example.edu.vn"]
unit = "xa-my-an"

[[schools]]
id = "thcs-nguyen-du"
name = "Trường THCS Nguyễn Du"
emails = ["c2nguyendu@example.edu.vn"]
unit = "xa-my-an"

[[schools]]
id = "thcs-my-an"
name = "Trường THCS Mỹ An"
emails = ["c2myan@example.edu.vn"]
unit = "xa-my-an"

[[schools]]
id = "mn-son-ca"
name = "Trường Mầm non Sơn Ca"
emails = ["c0sonca@example.edu.vn"]
unit = "xa-my-lac"

[[schools]]
id = "mn-hoa-sen"
name = "Trường Mầm non Hoa Sen"
emails = ["c0hoasen@example.edu.vn"]
unit = "xa-my-an"

[[schools]]
id = "mn-my-an"
name = "Trường Mầm non Mỹ An"
emails = ["c0myan@example.edu.vn"]
unit = "xa-my-an"

[[schools]]
id = "mn-my-phu"
name = "Trường Mầm non Mỹ Phú"
emails = ["c0myphu@example.edu.vn"]
unit = "xa-my-lac"

[[schools]]
id = "mn-my-lac"
name = "Trường Mầm non Mỹ Lạc"
emails = ["c0mylac@example.edu.vn"]
unit = "xa-my-lac"
"""


@pytest.fixture(scope="module")
def commune(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return registry_of(COMMUNE, tmp_path_factory.mktemp("commune"))


_NAMES = {
    "th-my-an": "Trường Tiểu học Mỹ An",
    "thcs-my-an": "Trường THCS Mỹ An",
    "mn-my-an": "Trường Mầm non Mỹ An",
}


def _unnamed(school: str, name: str = "BC NQ121.docx") -> Document:
    """A report typed without the header and never naming its school, as many small schools send."""
    return report(school, name, named=False, header=False)


def _assigned(result: MatchResult) -> list[str]:
    return [a.school_id for a in result.assignments]


def _mail(sender: str, subject: str, paper: Document, body: str | None = None) -> Mail:
    return message(sender, subject, files=[paper.name], **({"body": body} if body else {}))


@pytest.mark.parametrize(
    ("subject", "file"),
    [
        ("BC NQ121 lớp Sơn Ca", "BC lop Son Ca.docx"),
        ("Báo cáo NQ121 - nhóm lớp Sơn Ca", "BC NQ121 nhom lop Son Ca.pdf"),
    ],
)
def test_a_kindergarten_class_named_sơn_ca_is_not_the_sơn_ca_kindergarten(
    commune: Registry, subject: str, file: str
) -> None:
    """A teacher of Mầm non Mỹ An mailed her class's report from her gmail under «lớp Sơn Ca» in the
    subject and the file name: both read as Trường Mầm non Sơn Ca, of another commune, and it was credited
    there. A class's name names no school: the mail waits for staff; from the school's address it is the
    school's."""
    paper = _unnamed("Trường Mầm non Mỹ An", file)
    result = match(_mail("cogiao.lan1990@gmail.com", subject, paper), [paper], commune)
    assert _assigned(result) == [] and "mn-son-ca" not in result.candidates
    own = match(_mail("c0myan@example.edu.vn", subject, paper), [paper], commune)
    assert _assigned(own) == ["mn-my-an"]


@pytest.mark.parametrize(
    ("sender", "school", "subject", "body"),
    [
        ("c1myan@example.edu.vn", "th-my-an", "Báo cáo NQ121 Liên đội Kim Đồng", None),
        ("c1myan@example.edu.vn", "th-my-an", "BC NQ121 - học tập tấm gương anh Kim Đồng", None),
        ("c0myan@example.edu.vn", "mn-my-an", "BC NQ121 trường MN Mỹ An (nhóm trẻ Hoa Sen)", None),
        ("c2myan@example.edu.vn", "thcs-my-an", "BC NQ121 - ngoại khóa bài thơ của Nguyễn Du", None),
        (
            "c2myan@example.edu.vn",
            "thcs-my-an",
            "Báo cáo NQ121",
            "Kính gửi Phòng,\nTrường gửi báo cáo, kèm bài viết về thơ của Nguyễn Du.\nTrân trọng.",
        ),
    ],
)
def test_a_pioneer_unit_hero_poet_or_class_in_the_mail_leaves_the_senders_report_its_own(
    commune: Registry, sender: str, school: str, subject: str, body: str | None
) -> None:
    """Tiểu học Mỹ An's subject «Liên đội Kim Đồng» (its pioneer unit) read as the two Kim Đồng schools and
    held its report against its own address; «bài thơ của Nguyễn Du» read as THCS Nguyễn Du."""
    paper = _unnamed(_NAMES[school])
    result = match(_mail(sender, subject, paper, body), [paper], commune)
    assert _assigned(result) == [school], result.review_reason


@pytest.mark.parametrize("written", ["lớp Mầm non Sơn Ca", "lớp Mẫu giáo Sơn Ca", "nhóm lớp Mầm non Sơn Ca"])
def test_a_class_written_with_a_level_is_not_the_school_of_that_name(commune: Registry, written: str) -> None:
    """A kindergarten teacher wrote her class as «lớp Mầm non Sơn Ca» in the subject and the report: read
    as Trường Mầm non Sơn Ca twice over, the report of Hoa Sen's class was credited to Sơn Ca."""
    paper = _unnamed("Trường Mầm non Hoa Sen")
    paper = dataclasses.replace(paper, text=f"{written.capitalize()} (3-4 tuổi) tuyên truyền.\n{paper.text}")
    result = match(_mail("cogiao.lan1990@gmail.com", f"BC NQ121 {written}", paper), [paper], commune)
    assert _assigned(result) == [] and "mn-son-ca" not in result.candidates


@pytest.mark.parametrize("office", ["PHÒNG VĂN HÓA - XÃ HỘI", "PHÒNG VH-XH"])
def test_a_namesakes_header_under_its_committee_and_the_committees_office_names_its_commune(
    commune: Registry, office: str
) -> None:
    """Since 2025 a school may head its paper with its commune's committee and that committee's office
    on two lines («UBND XÃ MỸ LẠC» over «PHÒNG VĂN HÓA - XÃ HỘI»), read as one parent body: its commune was
    not read, and Kim Đồng of Mỹ Lạc, writing from a gmail, waited between the two Kim Đồng schools."""
    paper = make_paper("Trường Tiểu học Kim Đồng", year=2026, rng=random.Random(4))
    paper = dataclasses.replace(paper, parent_body=f"UBND XÃ MỸ LẠC\n{office}", place="Mỹ Lạc")
    [document] = read_attachment("BC NQ121.docx", render_docx(paper)).documents
    result = match(_mail("kimdong.gv@gmail.com", "Báo cáo NQ121", document), [document], commune)
    assert _assigned(result) == ["th-kd-my-lac"]


@pytest.mark.parametrize(
    "written", ["BC NQ121 MN xã Mỹ Lạc", "Báo cáo NQ121 trường Mầm non xã Mỹ Lạc", "BC NQ121 MN X.Mỹ Lạc"]
)
def test_a_level_and_a_commune_with_several_such_schools_names_none_of_them(
    commune: Registry, written: str
) -> None:
    """Mầm non Mỹ Phú stands in xã Mỹ Lạc beside Mầm non Mỹ Lạc: its teacher's gmail wrote «MN xã Mỹ Lạc»
    (the kindergarten of that commune) and the report was credited to Mầm non Mỹ Lạc, whose name it fits.
    A commune with several kindergartens names none: staff choose; from Mỹ Phú's address it is Mỹ Phú's."""
    paper = _unnamed("Trường Mầm non Mỹ Phú")
    result = match(_mail("cogiao.lan1990@gmail.com", written, paper), [paper], commune)
    assert _assigned(result) == [] and {"mn-my-phu", "mn-my-lac"} <= set(result.candidates)
    own = match(_mail("c0myphu@example.edu.vn", written, paper), [paper], commune)
    assert _assigned(own) == ["mn-my-phu"]


def test_another_schools_pioneer_unit_met_as_a_partner_leaves_the_report_its_own(commune: Registry) -> None:
    """Tiểu học Mỹ An's report from its own address told of an exchange «với Liên đội Trường Tiểu học Kim
    Đồng»: the partner's pioneer unit was read as whose report it is and the report waited against the
    address, as a partner school named without «Liên đội» does not."""
    paper = report("Trường Tiểu học Mỹ An", "BC NQ121.docx", named=False, header=False)
    said = "Liên đội nhà trường giao lưu với Liên đội Trường Tiểu học Kim Đồng về phòng, chống xâm hại."
    paper = dataclasses.replace(paper, text=f"{said}\n{paper.text}")
    result = match(_mail("c1myan@example.edu.vn", "Báo cáo NQ121", paper), [paper], commune)
    assert _assigned(result) == ["th-my-an"]


def _kim_dong(place: str, *, headed: bool) -> Document:
    """Kim Đồng's report dated «{place}, ngày …»: headed «TRƯỜNG TIỂU HỌC KIM ĐỒNG» with no committee above
    it (the name both Kim Đồng schools bear), or with no header at all."""
    paper = make_paper("Trường Tiểu học Kim Đồng", year=2026, rng=random.Random(4), named=headed)
    paper = dataclasses.replace(paper, parent_body="", place=place)
    [document] = read_attachment("BC NQ121.docx", render_docx(paper)).documents
    return document


@pytest.mark.parametrize(("subject", "headed"), [("Báo cáo NQ121", True), ("BC NQ121 TH Kim Đồng", False)])
def test_a_namesakes_paper_dated_in_the_other_namesakes_commune_waits(
    commune: Registry, subject: str, headed: bool
) -> None:
    """Kim Đồng of Mỹ An's address sent a paper headed (or a subject naming) «Tiểu học Kim Đồng», the name
    both Kim Đồng schools bear, dated «Mỹ Lạc, ngày …», where the other Kim Đồng stands: credited to Kim
    Đồng of Mỹ An by its address, though the paper says where it was issued, and namesakes lend each other
    their files as often as any two schools do."""
    paper = _kim_dong("Mỹ Lạc", headed=headed)
    result = match(_mail("c1kimdong.myan@example.edu.vn", subject, paper), [paper], commune)
    assert _assigned(result) == [] and set(result.candidates[:2]) == {"th-kd-my-an", "th-kd-my-lac"}
    assert result.review_reason is not None
    assert "dòng ngày tháng ghi nơi ban hành «Mỹ Lạc», nơi của Trường Tiểu học Kim Đồng (xã Mỹ Lạc)" in (
        result.review_reason
    )


@pytest.mark.parametrize("place", ["Mỹ An", "Mỹ Phú", ""])
@pytest.mark.parametrize(("subject", "headed"), [("Báo cáo NQ121", True), ("BC NQ121 TH Kim Đồng", False)])
def test_a_namesakes_paper_dated_at_home_or_where_no_namesake_stands_is_its_own(
    commune: Registry, subject: str, headed: bool, place: str
) -> None:
    paper = _kim_dong(place, headed=headed)
    result = match(_mail("c1kimdong.myan@example.edu.vn", subject, paper), [paper], commune)
    assert _assigned(result) == ["th-kd-my-an"]


_TROI = COMMUNE + "".join(
    f"""
[[schools]]
id = "th-nvt-{unit}"
name = "Trường Tiểu học Nguyễn Văn Trỗi"
emails = ["c1nvt.{unit}@example.edu.vn"]
unit = "xa-{unit}"
"""
    for unit in ("my-an", "my-lac")
)


@pytest.mark.parametrize(
    ("subject", "school"),
    [
        ("BC NQ121 TH NV Trỗi Mỹ An", "th-nvt-my-an"),
        ("BC NQ121 TH N.V.Trỗi - Mỹ Lạc", "th-nvt-my-lac"),
        ("BC NQ121 TH K. Đồng xã Mỹ An", "th-kd-my-an"),
    ],
)
def test_a_namesake_shortened_is_told_apart_by_the_commune_written_after_it(
    tmp_path: Path, subject: str, school: str
) -> None:
    """«TH NV Trỗi Mỹ An» is Nguyễn Văn Trỗi of Mỹ An, as «TH Nguyễn Văn Trỗi Mỹ An» is: the commune is read
    after the words the shortened name takes, not after as many words as the name has («An»)."""
    paper = _kim_dong("", headed=False)
    result = match(_mail("gv.hoa1985@gmail.com", subject, paper), [paper], registry_of(_TROI, tmp_path))
    assert _assigned(result) == [school], result.review_reason


# A district office's schools, no commune written for any: «Kim Đồng» and «Nguyễn Du» are persons' names,
# which tell no commune, unless the config writes one (Nguyễn Du's, Hòa Bình's).
PLACELESS = """
[district]
name = "Phòng Giáo dục và Đào tạo huyện An Phú"
short_name = "Phòng GD&ĐT An Phú"
timezone = "Asia/Ho_Chi_Minh"
staff_emails = ["canbo.anphu@example.edu.vn"]

[storage]
database = "sqlite:///var/baocao.db"
archive = "var/archive"

[[reports]]
id = "nq121"
title = "Báo cáo kết quả triển khai thực hiện Nghị quyết 121/2020/QH14"
keywords = ["NQ121"]
deadline = "10-25"

[[schools]]
id = "th-kim-dong"
name = "Trường Tiểu học Kim Đồng"
emails = ["c1kimdong@example.edu.vn"]

[[schools]]
id = "th-kim-son"
name = "Trường Tiểu học Kim Sơn"
emails = ["c1kimson@example.edu.vn"]

[[schools]]
id = "th-nguyen-du"
name = "Trường Tiểu học Nguyễn Du"
emails = ["c1nguyendu@example.edu.vn"]
commune = "Đông Hòa"

[[schools]]
id = "th-hoa-binh"
name = "Trường Tiểu học Hòa Bình"
emails = ["c1hoabinh@example.edu.vn"]
commune = "Tân Phú"

[[schools]]
id = "th-my-an"
name = "Trường Tiểu học Mỹ An"
emails = ["c1myan@example.edu.vn"]

[[schools]]
id = "th-my-phu"
name = "Trường Tiểu học Mỹ Phú"
emails = ["c1myphu@example.edu.vn"]
"""


@pytest.fixture(scope="module")
def placeless(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return registry_of(PLACELESS, tmp_path_factory.mktemp("placeless"))


def _letterhead(school: str, parent_body: str, place: str) -> Document:
    """school's typed report headed «{parent_body}» over its name, dated «{place}, ngày …»."""
    paper = make_paper(school, year=2026, rng=random.Random(5))
    paper = dataclasses.replace(paper, parent_body=parent_body, place=place)
    [document] = read_attachment("BC NQ121.docx", render_docx(paper)).documents
    return document


@pytest.mark.parametrize(
    ("sender", "school", "parent_body", "place", "expected"),
    [
        ("c1kimdong@example.edu.vn", "Trường Tiểu học Kim Đồng", "UBND XÃ KIM SƠN", "Kim Sơn", "th-kim-dong"),
        # a name that is a place's, under the committee of the commune its own was merged into
        ("c1myan@example.edu.vn", "Trường Tiểu học Mỹ An", "UBND XÃ MỸ PHÚ", "Mỹ Phú", "th-my-an"),
        # a commune the config writes for another school, which stands there beside it
        ("c1kimdong@example.edu.vn", "Trường Tiểu học Kim Đồng", "UBND XÃ TÂN PHÚ", "Tân Phú", "th-kim-dong"),
    ],
)
def test_a_paper_dated_in_its_letterheads_commune_is_its_schools_own_whatever_school_is_named_after_it(
    placeless: Registry, sender: str, school: str, parent_body: str, place: str, expected: str
) -> None:
    """Kim Đồng's own address sent its report headed «UBND XÃ KIM SƠN / TRƯỜNG TIỂU HỌC KIM ĐỒNG» and dated
    «Kim Sơn, ngày …»: it waited, «Kim Sơn» being where Tiểu học Kim Sơn stands. Mỹ An's did too under
    «UBND XÃ MỸ PHÚ», the commune Mỹ An was merged into. A date line names where the paper was issued; the
    letterhead's committee of that very commune and the school's own address both say whose paper it is,
    and no commune is known for the school elsewhere."""
    paper = _letterhead(school, parent_body, place)
    result = match(_mail(sender, "Báo cáo NQ121", paper), [paper], placeless)
    assert _assigned(result) == [expected], result.review_reason


@pytest.mark.parametrize(
    ("sender", "school", "parent_body", "place", "other"),
    [
        # a letterhead of another school than the address's
        ("c1myphu@example.edu.vn", "Trường Tiểu học Mỹ An", "UBND XÃ MỸ PHÚ", "Mỹ Phú", "th-my-phu"),
        # a school whose commune the config writes, elsewhere
        (
            "c1nguyendu@example.edu.vn",
            "Trường Tiểu học Nguyễn Du",
            "UBND XÃ KIM SƠN",
            "Kim Sơn",
            "th-kim-son",
        ),
        # a date line that is not the letterhead's commune
        ("c1kimdong@example.edu.vn", "Trường Tiểu học Kim Đồng", "UBND XÃ KIM SƠN", "Mỹ Phú", "th-my-phu"),
        # a date line alone, under the district's office
        (
            "c1kimdong@example.edu.vn",
            "Trường Tiểu học Kim Đồng",
            "PHÒNG GD&ĐT AN PHÚ",
            "Kim Sơn",
            "th-kim-son",
        ),
        # no address of the school's own vouching for the letterhead
        ("gv.hoa1985@gmail.com", "Trường Tiểu học Kim Đồng", "UBND XÃ KIM SƠN", "Kim Sơn", "th-kim-son"),
    ],
)
def test_a_letterhead_and_date_line_naming_another_schools_commune_still_wait(
    placeless: Registry, sender: str, school: str, parent_body: str, place: str, other: str
) -> None:
    """Tiểu học Mỹ An's paper headed «UBND XÃ MỸ PHÚ» and dated «Mỹ Phú, ngày …» sent from Mỹ Phú's address
    is Mỹ Phú's paper, or Mỹ An's sent for it, as much as Mỹ An's. So is a paper of a school whose commune
    is known elsewhere, one whose date line is not its letterhead's commune or whose letterhead names none,
    and one from an address of no school."""
    paper = _letterhead(school, parent_body, place)
    result = match(_mail(sender, "Báo cáo NQ121", paper), [paper], placeless)
    assert _assigned(result) == [] and other in result.candidates
    assert result.review_reason is not None and f"nơi ban hành «{place}»" in result.review_reason
