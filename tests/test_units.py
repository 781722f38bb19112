"""Collecting units and dated membership: each season counts the roster in force on its deadline day,
in the unit that collects each school then, and every listing can be narrowed to one unit."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import re
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import click
import openpyxl
import pytest
from click.testing import CliRunner

from app.cli import main
from intake import pipeline
from intake import review as review_mod
from kernel import config as config_mod
from kernel import export, mailids
from kernel.config import ConfigError
from kernel.freshness import MailboxRead
from kernel.progress import progress
from kernel.runtime import Runtime
from kernel.status import SchoolState, season_status
from kernel.store import MessageRow, MessageState, ReviewRow, SubmissionRow
from samples.documents import render_docx
from samples.papers import make_paper
from scheduler import jobs, plan
from scheduler.outbox import Outbox
from scheduler.outgoing import MailKind, Outgoing
from scheduler.render import Renderer
from tests.conftest import record_report, shipped_config
from tests.scheduler.conftest import Clock, local

ROOT = Path(__file__).resolve().parent.parent
OFFICE = "so.gddt@example.edu.vn"
STAFF_A = "vanhoa.xaa@example.gov.vn"
STAFF_B = "vanhoa.xab@example.gov.vn"

HEAD = f"""
[district]
name = "Sở Giáo dục và Đào tạo tỉnh Long An"
staff_emails = ["{OFFICE}"]

[storage]
database = "sqlite:///var/baocao.db"
archive = "var/archive"

[[reports]]
id = "nq121"
title = "Báo cáo Nghị quyết 121"
keywords = ["NQ121"]
deadline = "10-25"
"""

UNIT_A = f"""
[[units]]
id = "xa-a"
name = "UBND xã Mỹ An"
staff_emails = ["{STAFF_A}"]
"""


def moved(school_id: str, name: str, email: str, before: str, after: str) -> str:
    """A school that moved from unit before to unit after on 1/7/2025, the day the communes began."""
    return f"""
[[schools]]
id = "{school_id}"
name = "{name}"
emails = ["{email}"]

  [[schools.memberships]]
  unit = "{before}"
  until = "2025-06-30"

  [[schools.memberships]]
  unit = "{after}"
  from = "2025-07-01"
"""


UNITS = f"""{UNIT_A}
[[units]]
id = "xa-b"
name = "UBND xã Bình Thạnh"
staff_emails = ["{STAFF_B}"]
{moved("th-chuyen", "Trường Tiểu học Chuyển Xã", "thchuyen@example.edu.vn", "xa-a", "xa-b")}
[[schools]]
id = "th-dong"
name = "Trường Tiểu học Đã Đóng"
emails = ["thdong@example.edu.vn"]
unit = "xa-a"
until = "2025-06-30"

[[schools]]
id = "th-moi"
name = "Trường Tiểu học Mới Lập"
emails = ["thmoi@example.edu.vn"]
unit = "xa-b"
from = "2025-07-01"

[[schools]]
id = "th-o-lai"
name = "Trường Tiểu học Ở Lại"
emails = ["tholai@example.edu.vn"]
unit = "xa-a"
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(HEAD + text, encoding="utf-8")
    return path


@pytest.fixture
def units_path(tmp_path: Path) -> Path:
    return _write(tmp_path, UNITS)


def _ids(config: config_mod.Config, year: int, unit: str | None, clock: Clock) -> list[str]:
    with Runtime.open(config, clock) as rt:
        status = season_status(config, rt.store, config.reports[0], year, clock(), unit)
    return [s.school_id for s in status.schools]


def test_a_school_that_moved_counts_in_the_old_unit_before_and_the_new_one_after(units_path: Path) -> None:
    config = config_mod.load(units_path)
    clock = Clock(local("2026-01-10 08:00"))
    assert _ids(config, 2024, "xa-a", clock) == ["th-chuyen", "th-dong", "th-o-lai"]
    assert _ids(config, 2024, "xa-b", clock) == []
    assert _ids(config, 2025, "xa-a", clock) == ["th-o-lai"]
    assert _ids(config, 2025, "xa-b", clock) == ["th-chuyen", "th-moi"]


def test_a_closed_school_is_not_missing_in_a_later_season(units_path: Path) -> None:
    config = config_mod.load(units_path)
    clock = Clock(local("2026-01-10 08:00"))
    assert "th-dong" in _ids(config, 2024, None, clock)
    assert "th-dong" not in _ids(config, 2025, None, clock)
    assert "th-moi" not in _ids(config, 2024, None, clock)  # not yet open in 2024


def test_the_roster_is_decided_on_the_deadline_day(tmp_path: Path) -> None:
    """A school that closes the day after the 2025 deadline still owes the 2025 report."""
    path = _write(
        tmp_path,
        """
[[schools]]
id = "th-x"
name = "Trường Tiểu học X"
until = "2025-10-25"

[[schools]]
id = "th-y"
name = "Trường Tiểu học Y"
from = 2025-10-26
""",
    )
    config = config_mod.load(path)
    clock = Clock(local("2026-01-10 08:00"))
    assert _ids(config, 2025, None, clock) == ["th-x"]
    assert _ids(config, 2026, None, clock) == ["th-y"]


def test_a_report_some_levels_owe_counts_only_schools_of_those_levels(tmp_path: Path) -> None:
    """An office collecting a report only lower-secondary schools owe ([[reports]].levels) counted every
    school: primary schools were listed as missing, reminded and counted in the totals."""
    path = _write(
        tmp_path,
        """
[[schools]]
id = "th-x"
name = "Trường Tiểu học X"

[[schools]]
id = "thcs-x"
name = "Trường THCS X"

[[schools]]
id = "lien-cap"
name = "Trường Phổ thông liên cấp Y"
level = "TH&THCS"
""",
    )
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'deadline = "10-25"', 'deadline = "10-25"\nlevels = ["THCS", "TH&THCS"]'
        ),
        encoding="utf-8",
    )
    config = config_mod.load(path)
    assert _ids(config, 2025, None, Clock(local("2026-01-10 08:00"))) == ["thcs-x", "lien-cap"]


def test_a_school_whose_name_spells_out_two_levels_is_owed_what_both_owe(tmp_path: Path) -> None:
    """A combined school whose name spells its levels out («Trường PTDTBT Tiểu học và THCS Đăk Pxi», «Trường
    Tiểu học và Trung học cơ sở Đăk Ui») was read as THCS: a report owed by primary and combined schools left
    it off the status, the reminders and the digest."""
    path = _write(
        tmp_path,
        """
[[schools]]
id = "th-x"
name = "Trường Tiểu học X"

[[schools]]
id = "thcs-x"
name = "Trường THCS X"

[[schools]]
id = "ptdtbt-dak-pxi"
name = "Trường Phổ thông Dân tộc Bán trú Tiểu học và THCS Đăk Pxi"

[[schools]]
id = "th-thcs-dak-ui"
name = "Trường Tiểu học và Trung học cơ sở Đăk Ui"

[[schools]]
id = "thcs-thpt-y"
name = "Trường THCS và THPT Y"
""",
    )
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'deadline = "10-25"', 'deadline = "10-25"\nlevels = ["TH", "TH&THCS"]'
        ),
        encoding="utf-8",
    )
    config = config_mod.load(path)
    assert _ids(config, 2025, None, Clock(local("2026-01-10 08:00"))) == [
        "th-x",
        "ptdtbt-dak-pxi",
        "th-thcs-dak-ui",
    ]
    assert config.school("thcs-thpt-y").level == "THCS&THPT"


def _cli(path: Path, clock: Clock, *args: str) -> tuple[int, str]:
    out = CliRunner().invoke(main, ["--config", str(path), *args], obj=clock)
    return out.exit_code, out.output


def test_status_unit_lists_only_that_units_schools(units_path: Path) -> None:
    clock = Clock(local("2025-10-20 08:00"))
    with Runtime.open(config_mod.load(units_path), clock) as rt:
        record_report(rt, "th-chuyen", 2025, local("2025-10-18 09:00"))
    code, output = _cli(units_path, clock, "status", "--unit", "xa-b", "--year", "2025", "--format", "json")
    assert code == 0, output
    data = json.loads(output)
    assert data["unit"] == "xa-b"
    states = {s["school_id"]: s["status"] for s in data["schools"]}
    assert states == {"th-chuyen": SchoolState.RECEIVED, "th-moi": SchoolState.MISSING}

    code, output = _cli(units_path, clock, "missing", "--unit", "xa-a", "--year", "2025", "--format", "csv")
    assert code == 0, output
    assert "Ở Lại" in output and "Chuyển Xã" not in output and "Mới Lập" not in output


def test_the_mail_to_send_names_the_staff_of_the_unit_it_goes_to(units_path: Path) -> None:
    """`baocao remind` listed a commune's missing list and digest as going to «(cán bộ phòng)», the staff
    of a Phòng the commune does not have, and the send log said so too."""
    clock = Clock(local("2025-10-24 08:00"))
    code, output = _cli(units_path, clock, "remind", "--unit", "xa-b")
    assert code == 0, output
    assert "(cán bộ UBND xã Bình Thạnh)" in output and "cán bộ phòng" not in output
    config = config_mod.load(units_path)
    with Runtime.open(config, clock) as rt:
        for item in jobs.due(rt, clock(), kinds=(MailKind.MISSING_LIST, MailKind.DIGEST)):
            Outbox(rt.store).add(item, b"raw", clock())
    code, output = _cli(units_path, clock, "outbox", "--unit", "xa-b")
    assert code == 0, output
    assert "(cán bộ UBND xã Bình Thạnh)" in output and "cán bộ phòng" not in output


def test_the_mail_to_send_names_the_staff_of_a_commune_office_without_units(tmp_path: Path) -> None:
    """«UBND xã Mỹ An» with no [[units]]: its missing list and digest were listed as going to «(cán bộ
    phòng)»."""
    head = HEAD.replace('name = "Sở Giáo dục và Đào tạo tỉnh Long An"', 'name = "UBND xã Mỹ An"')
    path = tmp_path / "config.toml"
    path.write_text(head + '[[schools]]\nid = "th-x"\nname = "Trường Tiểu học X"\n', encoding="utf-8")
    code, output = _cli(path, Clock(local("2025-10-24 08:00")), "remind")
    assert code == 0, output
    assert "(cán bộ UBND xã Mỹ An)" in output and "cán bộ phòng" not in output


def test_an_unknown_unit_is_refused_naming_the_units_there_are(units_path: Path) -> None:
    clock = Clock(local("2025-10-20 08:00"))
    code, output = _cli(units_path, clock, "status", "--unit", "xa-c")
    assert code == 1
    assert 'không có đơn vị "xa-c"' in output and "xa-a, xa-b" in output


def test_each_units_missing_list_and_digest_go_to_its_own_staff(units_path: Path) -> None:
    config = config_mod.load(units_path)
    clock = Clock(local("2025-10-24 08:00"))
    with Runtime.open(config, clock) as rt:
        items = jobs.due(rt, clock(), kinds=(MailKind.MISSING_LIST, MailKind.DIGEST, MailKind.REMINDER))
        only_b = jobs.due(rt, clock(), kinds=(MailKind.REMINDER, MailKind.MISSING_LIST), unit="xa-b")
    staff_mail = {(i.kind, i.to) for i in items if i.school_id is None}
    assert staff_mail == {
        (MailKind.MISSING_LIST, (STAFF_A,)),
        (MailKind.DIGEST, (STAFF_A,)),
        (MailKind.MISSING_LIST, (STAFF_B,)),
        (MailKind.DIGEST, (STAFF_B,)),
    }
    assert len({i.key for i in items}) == len(items)  # each unit's list is its own in the send log
    reminded = sorted(i.school_id for i in items if i.kind == MailKind.REMINDER)
    assert reminded == ["th-chuyen", "th-moi", "th-o-lai"]  # th-dong closed before this season
    assert sorted(i.school_id or i.to[0] for i in only_b) == ["th-chuyen", "th-moi", STAFF_B]


@pytest.mark.parametrize(
    ("schools", "error"),
    [
        (
            'id = "s"\nname = "Trường S"\nfrom = "01/07/2025"',
            '[schools[1]].from phải là ngày dạng "YYYY-MM-DD"',
        ),
        (
            'id = "s"\nname = "Trường S"\nfrom = "2025-07-01"\nuntil = "2025-06-30"',
            "[schools[1]].until (2025-06-30) sớm hơn [schools[1]].from (2025-07-01)",
        ),
        (
            'id = "s"\nname = "Trường S"\nunit = "xa-a"',
            '[schools[1]].unit là "xa-a" nhưng tệp cấu hình chưa khai báo [[units]]',
        ),
        (
            'id = "s"\nname = "Trường S"\n[[schools.memberships]]\nfrom = "2024-01-01"\n'
            '[[schools.memberships]]\nfrom = "2025-01-01"',
            "[schools[1]] có hai khoảng thời gian chồng lên nhau",
        ),
        (
            'id = "s"\nname = "Trường S"\nuntil = "2025-06-30"\nmerged_into = "t"',
            '[schools[1]].merged_into là "t", không phải mã của một trường khác trong tệp',
        ),
        (
            'id = "s"\nname = "Trường S"\nmerged_into = "s"',
            '[schools[1]].merged_into là "s", không phải mã của một trường khác trong tệp',
        ),
        (
            'id = "s"\nname = "Trường S"\nmerged_into = "t"\n[[schools]]\nid = "t"\nname = "Trường T"',
            "[schools[1]].merged_into ghi trường đã sáp nhập nhưng trường chưa có until",
        ),
        (
            'id = "s"\nname = "Trường S"\n[[schools.memberships]]\nuntill = "2024-01-01"',
            '[schools[1].memberships[1]] có khóa không dùng đến "untill"; có phải ý bạn là "until"?',
        ),
    ],
)
def test_bad_membership_names_the_key(tmp_path: Path, schools: str, error: str) -> None:
    path = _write(tmp_path, f"[[schools]]\n{schools}\n")
    with pytest.raises(ConfigError) as e:
        config_mod.load(path)
    assert error in str(e.value)


def test_a_school_of_an_unknown_unit_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, UNITS.replace('unit = "xa-b"\nfrom', 'unit = "xa-c"\nfrom'))
    with pytest.raises(ConfigError, match=r'\[schools\[3\]\]\.unit là "xa-c", không có trong \[\[units\]\]'):
        config_mod.load(path)


def test_a_merged_schools_report_under_its_old_name_reaches_the_unit_of_the_school_it_merged_into(
    tmp_path: Path,
) -> None:
    """Đã Đóng, collected by xã A until it merged into Mới Lập (xã B) on 1/7/2025, sent its 2025 report
    under its old name: the review named Đã Đóng alone and belonged to xã A, the unit that last collected
    it (after the reorganisation, often the dissolved district office), so xã B's staff never saw their
    school's report and Mới Lập was reminded. With merged_into, the school it merged into is a
    candidate and its unit sees the mail."""
    path = _write(
        tmp_path, UNITS.replace('unit = "xa-a"\nuntil', 'merged_into = "th-moi"\nunit = "xa-a"\nuntil')
    )
    config = config_mod.load(path)
    assert config.school("th-dong").merged_into == "th-moi"
    clock = Clock(local("2025-10-20 08:00"))
    when = local("2025-10-18 09:00")
    msg = EmailMessage()
    msg["From"] = "thdong@example.edu.vn"
    msg["Subject"] = "Báo cáo NQ121 năm 2025 - Trường Tiểu học Đã Đóng"
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = "<bc.th-dong@example.edu.vn>"
    msg.set_content(
        """TRƯỜNG TIỂU HỌC ĐÃ ĐÓNG báo cáo kết quả thực hiện NQ121 năm 2025 như sau:
I. Công tác chỉ đạo, triển khai: nhà trường đã quán triệt đến toàn thể cán bộ, giáo viên.
II. Kết quả thực hiện: tổ chức 4 buổi tuyên truyền cho 320 lượt học sinh và phụ huynh.
III. Khó khăn, vướng mắc: kinh phí dành cho công tác tuyên truyền còn hạn chế, cơ sở vật chất chưa đủ.
IV. Đề xuất, kiến nghị: đề nghị cấp trên hỗ trợ tài liệu tuyên truyền cho học sinh và phụ huynh.
"""
    )
    with Runtime.open(config, clock) as rt:
        outcome = pipeline.ingest(rt, msg.as_bytes(), received_at=when, source="test")
        assert outcome.state == MessageState.REVIEW, outcome.reason
        [review] = outcome.reviews
        assert review.candidates == ("th-moi", "th-dong")
        assert "Trường Tiểu học Đã Đóng đã sáp nhập vào Trường Tiểu học Mới Lập" in review.reason
        _waiting(rt, "only the old name", ("th-dong",))  # a review naming the merged school alone

    def subjects(*args: str) -> list[str]:
        code, output = _cli(path, clock, "review", "--format", "json", *args)
        assert code == 0, output
        return [r["subject"] for r in json.loads(output)]

    assert sorted(subjects("--unit", "xa-b")) == [
        "Báo cáo NQ121 năm 2025 - Trường Tiểu học Đã Đóng",
        "only the old name",
    ]
    assert subjects("--unit", "xa-a") == []


MAILBOX_B = """
[imap]
host = "imap.xab.example.gov.vn"
username = "baocao.xab@example.gov.vn"
password = "x"
unit = "xa-b"
"""


_OLD_NAME_REPORT = """TRƯỜNG TIỂU HỌC ĐÃ ĐÓNG báo cáo kết quả thực hiện NQ121 năm 2025 như sau:
I. Công tác chỉ đạo, triển khai: nhà trường đã quán triệt đến toàn thể cán bộ, giáo viên.
II. Kết quả thực hiện: tổ chức 4 buổi tuyên truyền cho 320 lượt học sinh và phụ huynh.
III. Khó khăn, vướng mắc: kinh phí dành cho công tác tuyên truyền còn hạn chế, cơ sở vật chất chưa đủ.
IV. Đề xuất, kiến nghị: đề nghị cấp trên hỗ trợ tài liệu tuyên truyền cho học sinh và phụ huynh.
"""


def _old_name_from(tmp_path: Path, units: str, sender: str) -> pipeline.Outcome:
    """The 2025 report written under Đã Đóng's name, mailed from sender, through the pipeline."""
    config = config_mod.load(_write(tmp_path, units))
    when = local("2025-10-18 09:00")
    msg = EmailMessage()
    msg["From"] = sender
    msg["Subject"] = "Báo cáo NQ121 năm 2025 - Trường Tiểu học Đã Đóng"
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = "<bc.old-name@example.edu.vn>"
    msg.set_content(_OLD_NAME_REPORT)
    with Runtime.open(config, Clock(local("2025-10-20 08:00"))) as rt:
        return pipeline.ingest(rt, msg.as_bytes(), received_at=when, source="test")


def test_the_successor_writing_the_old_name_from_its_own_address_is_credited(tmp_path: Path) -> None:
    """After Đã Đóng merged into Mới Lập, Mới Lập sent its report from its own address on the old school's
    letterhead: the address said Mới Lập, the words Đã Đóng, and the mail waited for staff though the
    only school on the roster either could mean is Mới Lập. It is credited to Mới Lập, saying why."""
    units = UNITS.replace('unit = "xa-a"\nuntil', 'merged_into = "th-moi"\nunit = "xa-a"\nuntil')
    outcome = _old_name_from(tmp_path, units, "thmoi@example.edu.vn")
    assert outcome.state == MessageState.REPORT, outcome.reason
    [sub] = outcome.submissions
    assert (sub.school_id, sub.year) == ("th-moi", 2025)
    assert not outcome.reviews
    assert (
        "Thư ghi tên Trường Tiểu học Đã Đóng, trường đã sáp nhập vào Trường Tiểu học Mới Lập"
        in outcome.reason
    )


def test_the_successor_sending_the_old_schools_letterhead_from_its_own_address_is_credited(
    tmp_path: Path,
) -> None:
    """Mới Lập attached its report on Đã Đóng's letterhead («TRƯỜNG TH ĐÃ ĐÓNG»), from its own address: the
    header named a school off the 2025 roster and the mail waited for staff. It is Mới Lập's report."""
    units = UNITS.replace('unit = "xa-a"\nuntil', 'merged_into = "th-moi"\nunit = "xa-a"\nuntil')
    path = _write(tmp_path, units)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'keywords = ["NQ121"]', 'keywords = ["NQ121", "121/2020/QH14", "Nghị quyết 121"]'
        ),
        encoding="utf-8",
    )
    config = config_mod.load(path)
    when = local("2025-10-18 09:00")
    msg = EmailMessage()
    msg["From"] = "thmoi@example.edu.vn"
    msg["Subject"] = "Báo cáo NQ121"
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = "<bc.letterhead@example.edu.vn>"
    msg.set_content("Kính gửi, trường gửi báo cáo.")
    paper = make_paper("Trường Tiểu học Đã Đóng", year=2025, rng=random.Random(2))
    msg.add_attachment(
        render_docx(paper), maintype="application", subtype="octet-stream", filename="BC NQ121.docx"
    )
    with Runtime.open(config, Clock(local("2025-10-20 08:00"))) as rt:
        outcome = pipeline.ingest(rt, msg.as_bytes(), received_at=when, source="test")
    assert outcome.state == MessageState.REPORT, outcome.reason
    [sub] = outcome.submissions
    assert (sub.school_id, sub.year, sub.files) == ("th-moi", 2025, ("BC NQ121.docx",))
    assert "trường đã sáp nhập vào Trường Tiểu học Mới Lập" in outcome.reason


def test_the_old_name_of_a_school_merged_into_another_than_the_sender_waits(tmp_path: Path) -> None:
    """Đã Đóng merged into Ở Lại, not into Mới Lập whose address sent its report: staff decide."""
    units = UNITS.replace('unit = "xa-a"\nuntil', 'merged_into = "th-o-lai"\nunit = "xa-a"\nuntil')
    outcome = _old_name_from(tmp_path, units, "thmoi@example.edu.vn")
    assert outcome.state == MessageState.REVIEW, outcome.reason
    assert not outcome.submissions
    [review] = outcome.reviews
    assert {"th-moi", "th-dong"} <= set(review.candidates)


def test_an_old_name_two_merged_schools_share_waits(tmp_path: Path) -> None:
    """Two closed schools answer to the old name («Tiểu học Đã Đóng» of Đã Đóng A and Đã Đóng B), merged
    into two different schools: the sender's address names one successor, the old name may be either's."""
    units = UNITS.replace(
        'name = "Trường Tiểu học Đã Đóng"\nemails = ["thdong@example.edu.vn"]\nunit = "xa-a"\nuntil',
        'name = "Trường Tiểu học Đã Đóng A"\nemails = ["thdong@example.edu.vn"]\nmerged_into = "th-moi"\n'
        'unit = "xa-a"\nuntil',
    ) + (
        '\n[[schools]]\nid = "th-dong-b"\nname = "Trường Tiểu học Đã Đóng B"\nemails = ["thdongb@example.edu.vn"]\n'
        'merged_into = "th-o-lai"\nunit = "xa-a"\nuntil = "2025-06-30"\n'
    )
    outcome = _old_name_from(tmp_path, units, "thmoi@example.edu.vn")
    assert outcome.state == MessageState.REVIEW, outcome.reason
    assert not outcome.submissions
    [review] = outcome.reviews
    assert {"th-dong", "th-dong-b"} <= set(review.candidates)


def _waiting(
    rt: Runtime, name: str, candidates: tuple[str, ...], source: str = "test", year: int = 2025
) -> None:
    """A message left for staff to decide about a season, naming candidates, read from source."""
    when = local(f"{year}-10-18 09:00")
    key = name.ljust(64, "0")
    row = MessageRow(key, f"{name}@x", source, "x@y", name, when, MessageState.REVIEW, "", "", 1, when)
    review = ReviewRow(key, f"{name}@x", "nq121", year, "x@y", name, when, "chưa rõ trường", candidates, ())
    rt.store.record_outcome(row, [], [review])


def test_review_unit_shows_the_mail_of_its_schools_and_its_mailbox(tmp_path: Path) -> None:
    """Unsure mail belongs to a unit when it names one of its schools (on the season's deadline day)
    or came to its mailbox; mail that does neither is shown only without --unit."""
    path = _write(tmp_path, UNITS + MAILBOX_B)
    config = config_mod.load(path)
    clock = Clock(local("2025-10-20 08:00"))
    with Runtime.open(config, clock) as rt:
        _waiting(rt, "a1", ("th-o-lai",))
        _waiting(rt, "b1", ("th-chuyen",))  # in xa-a until 30/6/2025, in xa-b on the 2025 deadline day
        _waiting(rt, "b2", (), source=config.mailboxes[0].source)  # no school, but xa-b's mailbox
        _waiting(rt, "none", ())

    def subjects(*args: str) -> list[str]:
        code, output = _cli(path, clock, "review", "--format", "json", *args)
        assert code == 0, output
        return sorted(r["subject"] for r in json.loads(output))

    assert subjects("--unit", "xa-a") == ["a1"]
    assert subjects("--unit", "xa-b") == ["b1", "b2"]
    assert subjects() == ["a1", "b1", "b2", "none"]
    code, output = _cli(path, clock, "review", "--unit", "xa-c")
    assert code == 1 and 'không có đơn vị "xa-c"' in output


# A second plan the office collects: a mail too large to read whose subject names neither plan says for
# which it is no more than whose it is, so it stays failed for staff however known its address.
SECOND_REPORT = """
[[reports]]
id = "ytth"
title = "Báo cáo công tác y tế trường học"
keywords = ["y tế trường học"]
deadline = "11-30"
"""


def _small_mailbox(path: Path) -> None:
    """The shipped config with a 1 MB mailbox limit and a second plan (SECOND_REPORT)."""
    text = path.read_text(encoding="utf-8").replace("[imap]\n", "[imap]\nmax_message_mb = 1\n", 1)
    path.write_text(text + SECOND_REPORT, encoding="utf-8")


def _too_large(sender: str, when: dt.datetime, message_id: str) -> bytes:
    """A school's «Em gửi báo cáo ạ» with a scan over 1 MB, which a mailbox of max_message_mb = 1 records
    failed, unread: nothing in it names a school, nor which of the office's plans it sends."""
    msg = EmailMessage()
    msg["From"], msg["To"] = sender, "pgdthuthua@example.edu.vn"
    msg["Subject"], msg["Date"], msg["Message-ID"] = "Báo cáo", format_datetime(when), message_id
    msg.set_content("Em gửi báo cáo ạ")
    msg.add_attachment(
        b"%PDF-1.4\n" + bytes(1536 * 1024), maintype="application", subtype="pdf", filename="BC.pdf"
    )
    return msg.as_bytes()


def test_mail_from_a_schools_own_address_naming_no_school_is_its_units(tmp_path: Path) -> None:
    """Mỹ An's kindergarten wrote «Em gửi báo cáo ạ» from its registered address to the office's mailbox,
    which no one commune owns once the communes collect, with a scan too large to read. Naming no school
    and read from no unit's mailbox, it was no unit's: `review --unit xa-my-an` did not list it, nor did
    `audit --unit xa-my-an` list the clerk's rejecting it, though the address is that school's alone. Mail
    from an address known for one school concerns the unit collecting that school the day it came."""
    path = shipped_config(tmp_path)
    _small_mailbox(path)
    config = config_mod.load(path)
    export = tmp_path / "xuat"
    export.mkdir()
    when = local("2025-10-20 09:00")
    for school_id in ("mg-my-an", "mg-long-thuan"):  # of xã Mỹ An, of xã Tân Long
        raw = _too_large(config.school(school_id).emails[0], when, f"<lon.{school_id}@example.edu.vn>")
        (export / f"{school_id}.eml").write_bytes(raw)
    clock = Clock(local("2025-10-21 08:00"))
    code, output = _cli(path, clock, "import", str(export))
    assert "2 lỗi" in output, output  # recorded failed, unread

    def failed(unit: str) -> list[str]:
        code, output = _cli(path, clock, "review", "--unit", unit, "--format", "json")
        assert code == 0, output
        return [r["from"] for r in json.loads(output) if r["kind"] == "failed"]

    assert failed("xa-my-an") == [config.school("mg-my-an").emails[0]]
    assert failed("xa-tan-long") == [config.school("mg-long-thuan").emails[0]]
    assert failed("phong-thu-thua") == []  # dissolved on 30/6/2025: the school was the commune's by then

    with Runtime.open(config, clock) as rt:
        [key] = [m.key for m in rt.store.messages() if m.message_id == "lon.mg-my-an@example.edu.vn"]
    code, output = _cli(path, clock, "reject", key[:12], "--reason", "Trường gửi lại bản nhỏ hơn")
    assert code == 0, output
    code, output = _cli(path, clock, "audit", "--unit", "xa-my-an")
    assert code == 0 and "Trường gửi lại bản nhỏ hơn" in output, output
    code, output = _cli(path, clock, "audit", "--unit", "xa-tan-long")
    assert code == 0 and "Trường gửi lại bản nhỏ hơn" not in output, output


def test_mail_from_a_learned_address_naming_no_school_is_its_schools_units(tmp_path: Path) -> None:
    """Mỹ An's principal sent a scan too large to read from her gmail, and staff assigned it to the school,
    which ties the address to it. Her next such mail, naming no school, came to the office's mailbox the
    communes share: `review --unit xa-my-an` left it out, as mail of no unit."""
    path = shipped_config(tmp_path)
    _small_mailbox(path)
    gmail = "hieutruong.mgmyan@gmail.com"
    clock = Clock(local("2025-10-21 08:00"))

    def imported(name: str, when: dt.datetime) -> str:
        folder = tmp_path / name
        folder.mkdir()
        (folder / "lon.eml").write_bytes(_too_large(gmail, when, f"<{name}@gmail.com>"))
        code, output = _cli(path, clock, "import", str(folder))
        assert "1 lỗi" in output, output  # recorded failed, unread
        with Runtime.open(config_mod.load(path), clock) as rt:
            return next(m.key for m in rt.store.messages() if m.message_id == f"{name}@gmail.com")

    def failed(unit: str) -> list[str]:
        code, output = _cli(path, clock, "review", "--unit", unit, "--format", "json")
        assert code == 0, output
        return [r["message"] for r in json.loads(output) if r["kind"] == "failed"]

    first = imported("lan-1", local("2025-10-18 09:00"))
    assert failed("xa-my-an") == []  # an address of no school yet
    code, output = _cli(path, clock, "assign", first[:12], "mg-my-an", "--reason", "Đã đọc trên webmail")
    assert code == 0, output
    second = imported("lan-2", local("2025-10-20 09:00"))
    assert failed("xa-my-an") == [second]
    assert failed("xa-tan-long") == []


def test_outbox_unit_shows_its_schools_mail_and_its_staffs_lists(units_path: Path) -> None:
    config = config_mod.load(units_path)
    clock = Clock(local("2025-10-24 08:00"))
    with Runtime.open(config, clock) as rt:
        items = jobs.due(rt, clock(), kinds=(MailKind.MISSING_LIST, MailKind.DIGEST, MailKind.REMINDER))
        alert = Outgoing(
            MailKind.ALERT, "-", 0, None, (OFFICE,), (), "Cảnh báo", "", None, (), "alert:-:0:-:INBOX"
        )
        for item in [*items, alert]:
            Outbox(rt.store).add(item, b"raw", clock())

    def mail(*args: str) -> list[tuple[str, str]]:
        code, output = _cli(units_path, clock, "outbox", "--format", "json", *args)
        assert code == 0, output
        return sorted((e["kind"], e["school_id"] or ",".join(e["to"])) for e in json.loads(output))

    assert mail("--unit", "xa-b") == [
        ("digest", STAFF_B),
        ("missing", STAFF_B),
        ("reminder", "th-chuyen"),
        ("reminder", "th-moi"),
    ]
    assert mail("--unit", "xa-a") == [("digest", STAFF_A), ("missing", STAFF_A), ("reminder", "th-o-lai")]
    assert ("alert", OFFICE) in mail()  # a mailbox alert is no unit's: only in the whole log
    code, output = _cli(units_path, clock, "outbox", "--unit", "xa-c")
    assert code == 1 and 'không có đơn vị "xa-c"' in output


def test_consolidate_unit_reports_its_schools_in_its_name(units_path: Path) -> None:
    clock = Clock(local("2025-11-20 08:00"))
    when = local("2025-10-18 09:00")
    msg = EmailMessage()
    msg["From"] = "thchuyen@example.edu.vn"
    msg["Subject"] = "Báo cáo NQ121 năm 2025 - Trường Tiểu học Chuyển Xã"
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = "<bc.th-chuyen@example.edu.vn>"
    msg.set_content(
        """TRƯỜNG TIỂU HỌC CHUYỂN XÃ báo cáo kết quả thực hiện NQ121 như sau:
I. Công tác chỉ đạo, triển khai: nhà trường đã quán triệt đến toàn thể cán bộ, giáo viên.
II. Kết quả thực hiện: tổ chức 4 buổi tuyên truyền cho 320 lượt học sinh và phụ huynh.
III. Khó khăn, vướng mắc: kinh phí dành cho công tác tuyên truyền còn hạn chế, cơ sở vật chất chưa đủ.
IV. Đề xuất, kiến nghị: đề nghị cấp trên hỗ trợ tài liệu tuyên truyền cho học sinh và phụ huynh.
"""
    )
    with Runtime.open(config_mod.load(units_path), clock) as rt:
        outcome = pipeline.ingest(rt, msg.as_bytes(), received_at=when, source="test")
        assert [s.school_id for s in outcome.submissions] == ["th-chuyen"], outcome.reason
    code, output = _cli(
        units_path, clock, "consolidate", "--unit", "xa-b", "--year", "2025", "--format", "json"
    )
    assert code == 0, output
    data = json.loads(output)
    assert data["issuer"]["full"] == "UBND xã Bình Thạnh"
    assert data["issuer"]["name"] == "UBND XÃ BÌNH THẠNH"
    assert sorted(s["school_id"] for s in data["schools"]) == ["th-chuyen", "th-moi"]
    assert data["counts"]["required"] == 2 and data["counts"]["reported"] == 1
    code, output = _cli(units_path, clock, "consolidate", "--unit", "xa-c", "--format", "json")
    assert code == 1 and 'không có đơn vị "xa-c"' in output


def test_mail_speaks_for_the_collecting_unit(tmp_path: Path) -> None:
    """Reminders, acknowledgements, missing lists and digests name the unit that collects the school
    that season (and its own mailbox), not the office."""
    path = _write(tmp_path, UNITS + MAILBOX_B)
    config = config_mod.load(path)
    clock = Clock(local("2025-10-24 08:00"))
    with Runtime.open(config, clock) as rt:
        items = jobs.due(rt, clock(), kinds=(MailKind.REMINDER, MailKind.MISSING_LIST, MailKind.DIGEST))
    mail = {(i.kind, i.school_id or i.to[0]): i for i in items}

    reminder = mail[(MailKind.REMINDER, "th-chuyen")]  # in xa-b since 1/7/2025
    assert (
        "UBND xã Bình Thạnh đề nghị nhà trường gửi báo cáo Nghị quyết 121 năm 2025 chậm nhất" in reminder.text
    )
    assert "UBND xã Bình Thạnh chưa nhận được báo cáo của nhà trường" in reminder.text
    assert "đến địa chỉ baocao.xab@example.gov.vn" in reminder.text  # the unit's own mailbox
    assert "Phòng" not in reminder.text and "Sở Giáo dục" not in reminder.text.split("--")[0]
    assert "UBND xã Mỹ An" in mail[(MailKind.REMINDER, "th-o-lai")].text

    missing = mail[(MailKind.MISSING_LIST, STAFF_B)]
    assert missing.subject.startswith("[UBND xã Bình Thạnh] Còn 2/2 trường chưa nộp")
    assert "còn 2/2 trường do UBND xã Bình Thạnh thu báo cáo chưa nộp" in missing.text
    assert "--unit xa-b" in missing.text
    digest = mail[(MailKind.DIGEST, STAFF_B)]
    assert digest.subject.startswith("[UBND xã Bình Thạnh] Tổng hợp báo cáo NQ121 năm 2025")
    assert "CÁC TRƯỜNG DO UBND XÃ BÌNH THẠNH THU BÁO CÁO" in digest.text
    assert digest.html is not None and "các trường do UBND xã Bình Thạnh thu báo cáo" in digest.html
    assert digest.attachments[0].name.startswith("tinh-hinh-nq121-2025-xa-b-")

    when = local("2025-10-18 09:00")
    sub = SubmissionRow(
        "k" * 64, "m@x", "nq121", 2025, "th-chuyen", when, "thchuyen@example.edu.vn", (), (), (), {}, ()
    )
    subject, text = Renderer(config).ack(config.reports[0], config.school("th-chuyen"), sub, "BC")
    assert text.startswith(
        "Kính gửi: Hiệu trưởng Trường Tiểu học Chuyển Xã\n\nLúc 09:00 ngày 18/10/2025, UBND xã Bình Thạnh đã nhận được thư"
    )
    assert text.split("--")[0].rstrip().endswith("Trân trọng./.\n\nUBND xã Bình Thạnh")


def test_the_shipped_config_writes_as_the_office_until_2025_and_as_the_commune_after(tmp_path: Path) -> None:
    """config.toml is the office after 1/7/2025: the district office collected its schools until
    30/6/2025, the communes since. Spoken for by the district office as a unit, a 2021 reminder named
    «Phòng Giáo dục và Đào tạo huyện Thủ Thừa» in every sentence and no longer said where to send
    («về Phòng»); a commune's reminder of 2025 ended «… theo dõi báo cáo của Phòng GD&ĐT Thủ Thừa»,
    an office dissolved on 1/7/2025."""
    config = config_mod.load(shipped_config(tmp_path))
    texts = {}
    for year in (2021, 2025):
        now = local(f"{year}-10-22 07:30")
        with Runtime.open(config, Clock(now)) as rt:
            status = season_status(config, rt.store, config.reports[0], year, now, None)
        school = next(s for s in status.schools if s.school_id == "th-my-an")
        texts[year] = Renderer(config).reminder(status, school, now, overdue=False)[1]
    old, new = texts[2021], texts[2025]
    assert "Phòng Giáo dục và Đào tạo huyện Thủ Thừa đề nghị nhà trường gửi" in old
    assert "năm 2021 về Phòng chậm nhất ngày 25/10/2021" in old
    assert "Phòng chưa nhận được báo cáo của nhà trường" in old and "để Phòng kiểm tra lại" in old
    assert old.endswith("hệ thống theo dõi báo cáo của Phòng GD&ĐT Thủ Thừa.\n")
    assert "UBND xã Mỹ An đề nghị nhà trường gửi" in new
    assert "UBND xã Mỹ An chưa nhận được báo cáo của nhà trường" in new
    assert new.endswith("hệ thống theo dõi báo cáo của UBND xã Mỹ An.\n")
    assert "Phòng" not in new  # neither the dissolved district office nor a «Phòng» of the commune


def _key(school_id: str, year: int) -> str:
    """The message key record_report gives a school's report of a year."""
    return f"{school_id}{year}".ljust(64, "0")


def test_history_unit_shows_the_seasons_that_unit_collected_the_school(units_path: Path) -> None:
    """th-chuyen moved from xa-a to xa-b on 1/7/2025: its 2024 report and the 2024 extension are
    xa-a's history, its 2025 report and paper copy xa-b's."""
    clock = Clock(local("2025-10-20 08:00"))
    with Runtime.open(config_mod.load(units_path), clock) as rt:
        record_report(rt, "th-chuyen", 2024, local("2024-10-18 09:00"))
        record_report(rt, "th-chuyen", 2025, local("2025-10-18 09:00"))
    decided = [
        ("extend", "--year", "2024", "--until", "05/11/2024", "--reason", "Ngập lụt năm 2024"),
        ("paper", "--year", "2025", "--received", "19/10/2025", "--by", "Lê Thị Thu"),
    ]
    for args in decided:
        code, output = _cli(units_path, clock, args[0], "th-chuyen", *args[1:])
        assert code == 0, output

    def years(*args: str) -> list[int]:
        code, output = _cli(units_path, clock, "history", "th-chuyen", "--format", "json", *args)
        assert code == 0, output
        return [e["year"] for e in json.loads(output)]

    assert years("--unit", "xa-a") == [2024]
    assert years("--unit", "xa-b") == [2025]
    assert years() == [2024, 2025]

    code, output = _cli(units_path, clock, "history", "th-chuyen", "--unit", "xa-b")
    assert code == 0, output
    assert "Các lần nộp của Trường Tiểu học Chuyển Xã trong các năm do UBND xã Bình Thạnh thu" in output
    assert "Bản giấy" in output and "Ngập lụt năm 2024" not in output
    code, output = _cli(units_path, clock, "history", "th-chuyen", "--unit", "xa-a")
    assert "Ngập lụt năm 2024" in output and "Bản giấy" not in output
    code, output = _cli(units_path, clock, "history", "th-o-lai", "--unit", "xa-a")
    assert code == 0, output
    assert "Trường Tiểu học Ở Lại chưa nộp báo cáo nào trong các năm do UBND xã Mỹ An thu báo cáo." in output
    # xã Mỹ An never collects th-moi: «chưa nộp … trong các năm do UBND xã Mỹ An thu» read as if it did
    code, output = _cli(units_path, clock, "history", "th-moi", "--unit", "xa-a")
    assert code == 0, output
    assert (
        "UBND xã Mỹ An không thu báo cáo của Trường Tiểu học Mới Lập năm nào; bỏ --unit để xem mọi lần "
        "nộp của trường." in " ".join(output.split())
    )
    code, output = _cli(units_path, clock, "history", "th-chuyen", "--unit", "xa-c")
    assert code == 1 and 'không có đơn vị "xa-c"' in output and "xa-a, xa-b" in output


def test_addresses_unit_lists_the_addresses_of_its_schools(units_path: Path) -> None:
    """An address belongs to the unit of its school in the season of the mail that taught it (on the
    day it was learned when that mail credits the school no more): the 2024 report of th-chuyen taught
    in August 2025, after the move, is still xa-a's."""
    clock = Clock(local("2025-10-20 08:00"))
    with Runtime.open(config_mod.load(units_path), clock) as rt:
        record_report(rt, "th-chuyen", 2024, local("2024-10-18 09:00"))
        record_report(rt, "th-chuyen", 2025, local("2025-10-18 09:00"))
        learned = [
            ("cu.2024@gmail.com", "th-chuyen", _key("th-chuyen", 2024), "2025-08-01 09:00"),
            ("moi.2025@gmail.com", "th-chuyen", _key("th-chuyen", 2025), "2025-10-19 09:00"),
            ("o.lai@gmail.com", "th-o-lai", "f" * 64, "2025-10-19 10:00"),  # its mail credits nobody
            ("truoc.chuyen@gmail.com", "th-chuyen", "e" * 64, "2024-09-01 10:00"),
        ]
        for email, school_id, key, when in learned:
            rt.store.learn_address(email, school_id, key, local(when))

    def emails(*args: str) -> set[str]:
        code, output = _cli(units_path, clock, "addresses", "--format", "json", *args)
        assert code == 0, output
        return {a["email"] for a in json.loads(output)}

    assert emails("--unit", "xa-a") == {"cu.2024@gmail.com", "o.lai@gmail.com", "truoc.chuyen@gmail.com"}
    assert emails("--unit", "xa-b") == {"moi.2025@gmail.com"}
    assert emails() == {e for e, *_ in learned}
    code, output = _cli(units_path, clock, "addresses", "--unit", "xa-b")
    assert code == 0 and "moi.2025@gmail.com" in output and "cu.2024@gmail.com" not in output
    code, output = _cli(units_path, clock, "addresses", "--unit", "xa-c")
    assert code == 1 and 'không có đơn vị "xa-c"' in output and "xa-a, xa-b" in output
    code, output = _cli(units_path, clock, "addresses", "--forget", "o.lai@gmail.com", "--unit", "xa-a")
    assert code == 2 and "--forget" in output


def _mail(sender: str, subject: str, message_id: str, when: dt.datetime) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["Subject"] = subject
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = f"<{message_id}>"
    msg.set_content("Kính gửi quý cơ quan, xin xem tệp đính kèm.")
    return msg.as_bytes()


def test_audit_unit_shows_the_changes_about_its_schools_and_its_mail(tmp_path: Path) -> None:
    """A decision counts for the unit that collected the school in the season decided on, whatever
    the day it was taken (th-dong had closed and th-chuyen had moved by then); a message's entry for
    the units of its schools or its mailbox; staff accounts and stray mail only in the whole log."""
    path = _write(tmp_path, UNITS + MAILBOX_B)
    config = config_mod.load(path)
    clock = Clock(local("2025-10-20 08:00"))
    when = local("2025-10-19 09:00")
    with Runtime.open(config, clock) as rt:
        unsure = pipeline.ingest(
            rt,
            _mail("ai.do@gmail.com", "Báo cáo NQ121", "unsure@gmail.com", when),
            received_at=when,
            source="test",
        )
        to_b = pipeline.ingest(
            rt,
            _mail("ai.kia@gmail.com", "Hỏi lịch họp", "to-b@gmail.com", when),
            received_at=when,
            source=config.mailboxes[0].source,
        )
        stray = pipeline.ingest(
            rt,
            _mail("quang.cao@example.com", "Khuyến mãi", "stray@example.com", when),
            received_at=when,
            source="test",
        )
        rt.store.learn_address("hieutruong.olai@gmail.com", "th-o-lai", "f" * 64, when)
    steps = [
        ("exempt", "th-dong", "--year", "2024", "--reason", "Đã sáp nhập"),
        ("extend", "th-chuyen", "--year", "2024", "--until", "05/11/2024", "--reason", "Ngập lụt"),
        ("exempt", "th-dong", "--year", "2024", "--undo"),
        ("paper", "th-moi", "--year", "2025", "--by", "Lê Thị Thu"),
        ("assign", unsure.key[:12], "th-o-lai"),
        ("internal", to_b.key[:12]),
        ("reject", stray.key[:12]),
        ("addresses", "--forget", "hieutruong.olai@gmail.com"),
    ]
    for n, args in enumerate(steps):
        clock.now = local("2025-10-20 08:00") + dt.timedelta(minutes=n)
        code, output = _cli(path, clock, *args)
        assert code == 0, (args, output)
    added = CliRunner().invoke(
        main,
        ["--config", str(path), "user", "add", "vanthu", "--password-stdin"],
        obj=clock,
        input="mat-khau-van-thu-dai\n",
    )
    assert added.exit_code == 0, added.output

    def changes(*args: str) -> list[tuple[str, str]]:
        code, output = _cli(path, clock, "audit", "--format", "json", *args)
        assert code == 0, output
        return [(e["action"], e["target"]) for e in json.loads(output)]

    assert sorted(changes("--unit", "xa-a")) == [
        ("assign", f"message:{unsure.key}"),
        ("exempt", "school:th-dong"),
        ("exempt-undo", "school:th-dong"),
        ("extend", "school:th-chuyen"),
        ("forget-address", "school:th-o-lai"),
    ]
    assert sorted(changes("--unit", "xa-b")) == [
        ("internal", f"message:{to_b.key}"),
        ("paper", "school:th-moi"),
    ]
    everything = changes()
    assert ("reject", f"message:{stray.key}") in everything and ("user-add", "user:vanthu") in everything
    assert len(everything) == len(steps) + 1
    # The latest change of all is the account's: the unit's latest is found past it.
    assert changes("--unit", "xa-a", "--limit", "1") == [("forget-address", "school:th-o-lai")]
    code, output = _cli(path, clock, "audit", "--unit", "xa-a")
    assert code == 0 and "Gỡ địa chỉ đã ghi nhớ" in output and "Thêm tài khoản" not in output
    code, output = _cli(path, clock, "audit", "--unit", "xa-c")
    assert code == 1 and 'không có đơn vị "xa-c"' in output and "xa-a, xa-b" in output


def _csv(path: Path, clock: Clock, *args: str) -> list[list[str]]:
    code, output = _cli(path, clock, *args, "--format", "csv")
    assert code == 0, output
    return list(csv.reader(io.StringIO(output.removeprefix("\ufeff"))))


def test_the_status_export_names_each_schools_unit_in_that_season(units_path: Path) -> None:
    """With [[units]], the CSV (and XLSX) status table gains «Đơn vị» after the school's name: the
    unit that collects the school in the season shown, so th-chuyen is Mỹ An's in 2024, Bình Thạnh's
    in 2025."""
    clock = Clock(local("2026-01-10 08:00"))
    for year, expected in (
        ("2024", {"th-chuyen": "UBND xã Mỹ An", "th-dong": "UBND xã Mỹ An", "th-o-lai": "UBND xã Mỹ An"}),
        (
            "2025",
            {"th-chuyen": "UBND xã Bình Thạnh", "th-moi": "UBND xã Bình Thạnh", "th-o-lai": "UBND xã Mỹ An"},
        ),
    ):
        head, *rows = _csv(units_path, clock, "status", "--year", year)
        assert head[:5] == ["STT", "Mã trường", "Trường", "Đơn vị", "Tình trạng"]
        assert {r[1]: r[3] for r in rows} == expected
    head, *rows = _csv(units_path, clock, "missing", "--year", "2025", "--unit", "xa-a")
    assert head[3] == "Đơn vị" and [(r[1], r[3], r[4]) for r in rows] == [
        ("th-o-lai", "UBND xã Mỹ An", "Chưa nộp")
    ]


def test_without_units_the_status_export_keeps_its_columns(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '[[schools]]\nid = "th-x"\nname = "Trường Tiểu học X"\nemails = ["x@example.edu.vn"]\ncommune = "X"\n',
    )
    head, *rows = _csv(path, Clock(local("2025-10-20 08:00")), "status", "--year", "2025")
    # the office's own decisions column, named as it names itself: this office is the Department
    decided = ("Quyết định của Sở",)
    base = export.BASE_HEADERS
    assert tuple(head) == (
        *base[: export.DECIDED],
        *decided,
        *base[export.DECIDED + 1 :],
        *export.PLACE_HEADERS,
    )
    assert "Đơn vị" not in head
    assert rows[0][:4] == ["1", "th-x", "Trường Tiểu học X", "Chưa nộp"] and rows[0][-2:] == ["TH", "X"]


def _school(school_id: str, name: str, more: str = "") -> str:
    return (
        f'[[schools]]\nid = "{school_id}"\nname = "{name}"\nemails = ["{school_id}@example.edu.vn"]\n{more}'
    )


def test_the_status_export_names_no_commune_after_a_schools_namesake(tmp_path: Path) -> None:
    """The «Xã» column gave a school's namesake as its commune when the config wrote none: Mầm non Hoa
    Sen was «xã Hoa Sen», Tiểu học Nguyễn Huệ «xã Nguyễn Huệ». A name tells its commune when the place is
    written with its kind or schools of other names share it, not numbered schools of one level alone
    (Mẫu giáo Bình Thạnh 1 and 2, as Mầm non Hoa Hồng 1 and 2 share a flower's name); else the commune of
    the People's Committee collecting the school, else none is known and the cell is empty. The page's
    table shows the same."""
    schools = (
        _school("th-tan-hiep", "Trường Tiểu học Tân Hiệp"),
        _school("thcs-tan-hiep", "Trường THCS Tân Hiệp"),
        _school("mg-binh-thanh-1", "Trường Mẫu giáo Bình Thạnh 1"),
        _school("mg-binh-thanh-2", "Trường Mẫu giáo Bình Thạnh 2"),
        _school("th-thi-tran", "Trường Tiểu học Thị trấn Thủ Thừa"),
        _school("mn-hoa-sen", "Trường Mầm non Hoa Sen"),
        _school("th-nguyen-hue", "Trường Tiểu học Nguyễn Huệ"),
        _school("thcs-le-loi", "Trường THCS Lê Lợi", 'commune = "Long Hậu"\n'),
    )
    clock = Clock(local("2025-10-20 08:00"))
    head, *rows = _csv(_write(tmp_path, "".join(schools)), clock, "status", "--year", "2025")
    assert head[-1] == "Xã" and {r[1]: r[-1] for r in rows} == {
        "th-tan-hiep": "Tân Hiệp",
        "thcs-tan-hiep": "Tân Hiệp",
        "mg-binh-thanh-1": "",
        "mg-binh-thanh-2": "",
        "th-thi-tran": "Thị trấn Thủ Thừa",
        "mn-hoa-sen": "",
        "th-nguyen-hue": "",
        "thcs-le-loi": "Long Hậu",
    }
    collected = UNIT_A + _school("thcs-le-loi", "Trường THCS Lê Lợi", 'unit = "xa-a"\n')
    head, *rows = _csv(_write(tmp_path, collected), clock, "status", "--year", "2025")
    assert [(r[1], r[head.index("Xã")]) for r in rows] == [("thcs-le-loi", "Mỹ An")]


def test_the_status_export_names_no_commune_after_a_brand_private_schools_share(tmp_path: Path) -> None:
    """The «Xã» column showed «Hoa Mai» for the Trường Mầm non Tư thục Hoa Mai and the Nhóm trẻ độc lập Hoa
    Mai, «Ngôi Sao Nhỏ» for a chain's campuses: a brand private schools share was read as a commune, as
    schools of other names sharing a place are after it. The commune collecting them is shown."""
    collected = UNIT_A + "".join(
        _school(school_id, name, 'unit = "xa-a"\n')
        for school_id, name in (
            ("mn-tt-hoa-mai", "Trường Mầm non Tư thục Hoa Mai"),
            ("nt-hoa-mai", "Nhóm trẻ độc lập Hoa Mai"),
            ("mn-tt-ngoi-sao-nho-1", "Trường Mầm non Tư thục Ngôi Sao Nhỏ"),
            ("mn-tt-ngoi-sao-nho-2", "Trường Mầm non Tư thục Ngôi Sao Nhỏ 2"),
            ("th-tan-hiep", "Trường Tiểu học Tân Hiệp"),
            ("thcs-tan-hiep", "Trường THCS Tân Hiệp"),
        )
    )
    clock = Clock(local("2025-10-20 08:00"))
    head, *rows = _csv(_write(tmp_path, collected), clock, "status", "--year", "2025")
    assert {r[1]: r[head.index("Xã")] for r in rows} == {
        "mn-tt-hoa-mai": "Mỹ An",
        "nt-hoa-mai": "Mỹ An",
        "mn-tt-ngoi-sao-nho-1": "Mỹ An",
        "mn-tt-ngoi-sao-nho-2": "Mỹ An",
        "th-tan-hiep": "Tân Hiệp",
        "thcs-tan-hiep": "Tân Hiệp",
    }


def test_the_status_export_names_no_commune_after_a_person_several_levels_share(tmp_path: Path) -> None:
    """A commune's Mầm non, Tiểu học and THCS all named after one hero («Chu Văn An»), with no `commune`
    key, had «Chu Văn An» in the «Xã» column, as schools of other names sharing a name are after their
    commune. A person's name tells no commune however many levels share it: the commune of the People's
    Committee collecting them is shown, else none. A commune the config knows by that name still is."""
    collected = UNIT_A + "".join(
        _school(school_id, name, 'unit = "xa-a"\n')
        for school_id, name in (
            ("mn-chu-van-an", "Trường Mầm non Chu Văn An"),
            ("th-chu-van-an", "Trường Tiểu học Chu Văn An"),
            ("thcs-chu-van-an", "Trường THCS Chu Văn An"),
            ("th-tan-hiep", "Trường Tiểu học Tân Hiệp"),
            ("thcs-tan-hiep", "Trường THCS Tân Hiệp"),
        )
    )
    clock = Clock(local("2025-10-20 08:00"))
    head, *rows = _csv(_write(tmp_path, collected), clock, "status", "--year", "2025")
    assert {r[1]: r[head.index("Xã")] for r in rows} == {
        "mn-chu-van-an": "Mỹ An",
        "th-chu-van-an": "Mỹ An",
        "thcs-chu-van-an": "Mỹ An",
        "th-tan-hiep": "Tân Hiệp",
        "thcs-tan-hiep": "Tân Hiệp",
    }
    alone = "".join(
        _school(*school)
        for school in (
            ("th-kim-dong", "Trường Tiểu học Kim Đồng"),
            ("thcs-kim-dong", "Trường THCS Kim Đồng"),
            ("th-tran-phu", "Trường Tiểu học Trần Phú"),
            ("thcs-tran-phu", "Trường THCS Trần Phú"),
            ("mn-chau-thanh", "Trường Mầm non Châu Thành", 'commune = "Châu Thành"\n'),
            ("th-chau-thanh", "Trường Tiểu học Châu Thành"),
        )
    )
    head, *rows = _csv(_write(tmp_path, alone), clock, "status", "--year", "2025")
    assert {r[1]: r[head.index("Xã")] for r in rows} == {
        "th-kim-dong": "",
        "thcs-kim-dong": "",
        "th-tran-phu": "",
        "thcs-tran-phu": "",
        "mn-chau-thanh": "Châu Thành",
        "th-chau-thanh": "Châu Thành",
    }


def test_a_units_status_and_digest_count_only_the_review_mail_that_concerns_it(tmp_path: Path) -> None:
    """`status --unit xa-b` said "2 thư chờ xem xét" and xa-b's digest listed both, while `review
    --unit xa-b` showed none: the season's status kept every message waiting in review, so each unit's
    staff were told to look at another unit's mail and at mail of no unit. Mail of no unit then reached
    no staff's mail at all: each unit's digest now counts it apart."""
    path = _write(tmp_path, UNITS + MAILBOX_B)
    config = config_mod.load(path)
    clock = Clock(local("2025-10-24 08:00"))
    with Runtime.open(config, clock) as rt:
        _waiting(rt, "thu-cua-xa-a", ("th-o-lai",))
        _waiting(rt, "thu-khong-ro", ())
        _waiting(rt, "thu-cua-xa-b", (), source=config.mailboxes[0].source)

    def waiting(*args: str) -> list[str]:
        code, output = _cli(path, clock, "status", "--year", "2025", "--format", "json", *args)
        assert code == 0, output
        return sorted(r["subject"] for r in json.loads(output)["review"])

    assert waiting("--unit", "xa-a") == ["thu-cua-xa-a"]
    assert waiting("--unit", "xa-b") == ["thu-cua-xa-b"]
    assert waiting() == ["thu-cua-xa-a", "thu-cua-xa-b", "thu-khong-ro"]
    code, output = _cli(path, clock, "status", "--unit", "xa-a", "--year", "2025")
    assert code == 0 and "Ngoài ra 1 thư đang chờ xem xét" in output, output
    with Runtime.open(config, clock) as rt:
        [digest] = jobs.due(rt, clock(), kinds=(MailKind.DIGEST,), unit="xa-b")
    assert re.search(r"Số thư chờ xem xét +1\n", digest.text)
    assert "thu-cua-xa-b" in digest.text
    assert "thu-cua-xa-a" not in digest.text and "thu-khong-ro" not in digest.text
    assert jobs.speaker(config, digest, clock()) == config.unit("xa-b").name
    # Mail of no unit is in no unit's list, but every unit's staff are told it waits, or nobody would be.
    assert "Có 1 thư chờ xem xét không ghi trường nào, đến hộp thư chung" in digest.text
    assert "Thư chờ xem xét chưa rõ của đơn vị nào" in digest.text


def test_mail_naming_no_school_is_the_only_collecting_units_own(tmp_path: Path) -> None:
    """In 2024 only xa-a collected (every school was its), yet its digest said a mail naming no school
    was "chưa rõ của đơn vị nào" and told its staff to look for it without --unit: the mail could only
    be theirs. Mail naming no school belongs to the one unit collecting that season."""
    path = _write(tmp_path, UNITS)
    config = config_mod.load(path)
    clock = Clock(local("2024-10-20 08:00"))
    with Runtime.open(config, clock) as rt:
        _waiting(rt, "thu-khong-ro-2024", (), year=2024)
        _waiting(rt, "thu-khong-ro-2025", (), year=2025)
    code, output = _cli(path, clock, "review", "--format", "json", "--unit", "xa-a")
    assert code == 0, output
    assert [r["subject"] for r in json.loads(output)] == ["thu-khong-ro-2024"]
    with Runtime.open(config, clock) as rt:
        [digest] = jobs.due(rt, local("2024-10-21 16:00"), kinds=(MailKind.DIGEST,), unit="xa-a")
    assert "thu-khong-ro-2024" in digest.text
    assert "chưa rõ của đơn vị nào" not in digest.text


def test_a_units_own_mailbox_that_cannot_be_read_is_told_to_its_staff(tmp_path: Path) -> None:
    """xa-b's own mailbox refused its password: the alert went to the office's staff alone, and xa-b's
    staff, who read that mailbox and whose lists stopped, were never told why."""
    config = config_mod.load(_write(tmp_path, UNITS + MAILBOX_B))
    now = local("2025-10-20 08:00")
    read = MailboxRead(config.mailboxes[0].name, None, now - dt.timedelta(hours=1), "sai mật khẩu", True)
    [alert] = plan.mailbox_alerts([read], {}, now, config, Renderer(config))
    assert set(alert.to) == {OFFICE, STAFF_B}


def test_a_unit_that_collects_no_school_this_season_gets_no_digest(tmp_path: Path) -> None:
    """The district office that handed every school to the communes on 1/7/2025 was still sent a
    2025 digest, "đã nhận 0/0, chưa nộp 0", every day until the deadline."""
    path = _write(
        tmp_path,
        f"""
[[units]]
id = "phong"
name = "Phòng Giáo dục và Đào tạo huyện Thủ Thừa"
staff_emails = ["{OFFICE}"]
{UNIT_A}{moved("th-a", "Trường Tiểu học Mỹ An", "tha@example.edu.vn", "phong", "xa-a")}""",
    )
    config = config_mod.load(path)
    with Runtime.open(config, Clock(local("2024-10-20 08:00"))) as rt:
        before = jobs.due(rt, local("2024-10-20 08:00"), kinds=(MailKind.DIGEST,))
        after = jobs.due(rt, local("2025-10-20 08:00"), kinds=(MailKind.DIGEST,))
    assert [(i.year, i.to) for i in before] == [(2024, (OFFICE,))]
    assert [(i.year, i.to) for i in after] == [(2025, (STAFF_A,))]


def test_a_unit_with_no_school_that_season_is_not_told_all_have_reported(tmp_path: Path) -> None:
    """`missing --unit` of the district office for 2025, after every school moved to the communes,
    said "Còn 0/0 trường chưa nộp" and "Tất cả các trường đã nộp", as if its schools had reported."""
    path = _write(tmp_path, UNITS)
    clock = Clock(local("2026-01-10 08:00"))
    for command in ("missing", "status"):
        code, output = _cli(path, clock, command, "--unit", "xa-b", "--year", "2024")
        assert code == 0, output
        assert "Năm 2024 không có trường nào phải nộp báo cáo này cho UBND xã Bình Thạnh." in output
        assert "Tất cả các trường đã nộp" not in output and "0/0 trường" not in output


def test_mail_naming_a_closed_school_reaches_the_unit_that_last_collected_it(units_path: Path) -> None:
    """th-dong closed on 30/6/2025 (merged away); its 2025 report sent under the old name waits in
    review, as it should, but concerned no unit: no unit's review list, status or digest showed it, so
    it waited unseen by every commune's staff. It is the unit that last collected the school's."""
    config = config_mod.load(units_path)
    clock = Clock(local("2025-10-24 08:00"))
    with Runtime.open(config, clock) as rt:
        _waiting(rt, "bao-cao-truong-da-sap-nhap", ("th-dong",))
        _waiting(rt, "truong-chua-mo", ("th-moi",), year=2024)  # before th-moi opened
    code, output = _cli(units_path, clock, "review", "--unit", "xa-a", "--format", "json")
    assert code == 0, output
    assert [r["subject"] for r in json.loads(output)] == ["bao-cao-truong-da-sap-nhap"]
    code, output = _cli(units_path, clock, "status", "--unit", "xa-a", "--year", "2025", "--format", "json")
    assert [r["subject"] for r in json.loads(output)["review"]] == ["bao-cao-truong-da-sap-nhap"]
    code, output = _cli(units_path, clock, "review", "--unit", "xa-b", "--format", "json")
    assert [r["subject"] for r in json.loads(output)] == ["truong-chua-mo"]
    with Runtime.open(config, clock) as rt:
        digests = jobs.due(rt, clock(), kinds=(MailKind.DIGEST,), unit="xa-a")
    assert any("bao-cao-truong-da-sap-nhap" in d.text for d in digests)


def test_a_report_staff_assigned_to_a_school_merged_away_since_counts_for_the_school_it_merged_into(
    tmp_path: Path,
) -> None:
    """Staff assigned Đã Đóng's 2025 report (sent from a gmail) to Đã Đóng; then config.toml learned that
    Đã Đóng had merged into Mới Lập on 1/7/2025, and `reprocess` kept the decision by crediting Đã Đóng,
    a school the 2025 season no longer lists: the report vanished from every status, Mới Lập stayed
    missing and nothing waited in review. Assigning to the old name after the change did the same while
    saying «Đã gán». The report now counts for the school it merged into, and the command says so."""
    open_still = UNITS.replace('unit = "xa-a"\nuntil = "2025-06-30"', 'unit = "xa-a"')
    path = _write(tmp_path, open_still)
    clock = Clock(local("2025-10-20 08:00"))
    when = local("2025-10-18 09:00")
    raw = _mail("hieutruong.dadong@gmail.com", "Báo cáo NQ121 năm 2025", "bc.dadong@gmail.com", when)
    with Runtime.open(config_mod.load(path), clock) as rt:
        assert pipeline.ingest(rt, raw, received_at=when, source="test").state == MessageState.REVIEW
    assert _cli(path, clock, "assign", "bc.dadong@gmail.com", "th-dong")[0] == 0

    path.write_text(
        HEAD + UNITS.replace('unit = "xa-a"\nuntil', 'merged_into = "th-moi"\nunit = "xa-a"\nuntil'),
        encoding="utf-8",
    )
    assert _cli(path, clock, "reprocess")[0] == 0
    code, output = _cli(path, clock, "status", "--year", "2025", "--format", "json")
    assert code == 0, output
    states = {s["school_id"]: s["status"] for s in json.loads(output)["schools"]}
    assert states["th-moi"] == "received" and "th-dong" not in states

    code, output = _cli(path, clock, "assign", "bc.dadong@gmail.com", "th-dong")
    assert code == 0, output
    assert "Trường Tiểu học Đã Đóng đã sáp nhập vào Trường Tiểu học Mới Lập" in output
    with Runtime.open(config_mod.load(path), clock) as rt:
        assert [(s.school_id, s.year) for s in rt.store.submissions()] == [("th-moi", 2025)]


NAMESAKES = """
[[units]]
id = "xa-a"
name = "UBND xã Mỹ An"

[[units]]
id = "xa-b"
name = "UBND xã Bình Thạnh"

[[schools]]
id = "th-kd-a"
name = "Trường Tiểu học Kim Đồng"
emails = ["kimdong.a@example.edu.vn"]
unit = "xa-a"

[[schools]]
id = "th-kd-b"
name = "Trường Tiểu học Kim Đồng"
emails = ["kimdong.b@example.edu.vn"]
unit = "xa-b"

[[schools]]
id = "mn-hs-1"
name = "Trường Mầm non Hoa Sen"
unit = "xa-b"

[[schools]]
id = "mn-hs-2"
name = "Trường MN Hoa Sen"
unit = "xa-b"

[[schools]]
id = "th-nvt-pl"
name = "Trường Tiểu học Nguyễn Văn Trỗi (Phước Lại)"
unit = "xa-a"

[[schools]]
id = "th-nvt"
name = "Trường Tiểu học Nguyễn Văn Trỗi"
commune = "Long Hậu"
unit = "xa-b"
"""


def test_namesakes_are_named_with_their_commune_wherever_staff_read_them(tmp_path: Path) -> None:
    """A province has a Trường Tiểu học Kim Đồng in several communes: the status table, the missing
    list and every reason named them all "Trường Tiểu học Kim Đồng" alike, so staff could not tell
    which one had reported. Schools of one name are named with the commune of the unit collecting them
    (or their configured commune); two alike in one commune with their id too; a name that already
    says its place in brackets is kept."""
    path = _write(tmp_path, NAMESAKES)
    config = config_mod.load(path)
    assert {s.id: s.name for s in config.schools} == {
        "th-kd-a": "Trường Tiểu học Kim Đồng (xã Mỹ An)",
        "th-kd-b": "Trường Tiểu học Kim Đồng (xã Bình Thạnh)",
        "mn-hs-1": "Trường Mầm non Hoa Sen (xã Bình Thạnh, mn-hs-1)",
        "mn-hs-2": "Trường MN Hoa Sen (xã Bình Thạnh, mn-hs-2)",
        "th-nvt-pl": "Trường Tiểu học Nguyễn Văn Trỗi (Phước Lại)",
        "th-nvt": "Trường Tiểu học Nguyễn Văn Trỗi (Long Hậu)",
    }
    assert config.school("th-kd-a").commune == "Mỹ An" and config.school("th-nvt-pl").commune == "Phước Lại"
    clock = Clock(local("2025-10-30 08:00"))
    with Runtime.open(config, clock) as rt:
        record_report(rt, "th-kd-b", 2025, local("2025-10-18 09:00"))
    head, *rows = _csv(path, clock, "missing", "--year", "2025")
    assert [r[2] for r in rows if r[1].startswith("th-kd")] == ["Trường Tiểu học Kim Đồng (xã Mỹ An)"]
    code, output = _cli(path, clock, "status", "--year", "2025")
    assert code == 0 and "Kim Đồng (xã Bình Thạnh)" in output and "Kim Đồng (xã Mỹ An)" in output


def test_schools_whose_names_differ_only_in_tones_keep_their_names(tmp_path: Path) -> None:
    """Long Thạnh and Long Thành are two places, not namesakes: their names are left as configured."""
    path = _write(
        tmp_path,
        UNITS
        + '[[schools]]\nid = "mg-lt"\nname = "Trường Mẫu giáo Long Thạnh"\nunit = "xa-a"\n'
        + '[[schools]]\nid = "mg-lt2"\nname = "Trường Mẫu giáo Long Thành"\nunit = "xa-b"\n',
    )
    names = {s.id: s.name for s in config_mod.load(path).schools}
    assert (names["mg-lt"], names["mg-lt2"]) == ("Trường Mẫu giáo Long Thạnh", "Trường Mẫu giáo Long Thành")


def test_last_seasons_note_waiting_for_staff_marks_no_school_this_season(units_path: Path) -> None:
    """An extension request of October 2025, never answered, names no season: every later season's
    status counted it, so xã Mỹ An's 2026 digest listed it under «Thư chờ xem xét» and marked Ở Lại
    «có 1 thư đang chờ cán bộ xem xét», as though its 2026 report might be in the queue. Mail that names
    no season is the season's it came nearest to."""
    config = config_mod.load(units_path)
    asked = EmailMessage()
    asked["From"] = "tholai@example.edu.vn"
    asked["Subject"] = "Xin gia hạn nộp báo cáo NQ121"
    asked["Message-ID"] = "<giahan2025@example.edu.vn>"
    asked.set_content("Kính gửi UBND xã, trường xin gia hạn nộp báo cáo NQ121 đến ngày 30/10/2025 ạ.")
    with Runtime.open(config, Clock(local("2025-10-20 08:00"))) as rt:
        outcome = pipeline.ingest(rt, asked.as_bytes(), received_at=local("2025-10-20 08:00"), source="test")
    assert outcome.state == MessageState.REVIEW
    clock = Clock(local("2026-10-24 08:00"))
    with Runtime.open(config, clock) as rt:
        then = season_status(config, rt.store, config.reports[0], 2025, clock(), "xa-a")
        now = season_status(config, rt.store, config.reports[0], 2026, clock(), "xa-a")
        [digest] = jobs.due(rt, clock(), kinds=(MailKind.DIGEST,), unit="xa-a")
    assert [r.message_key for r in then.waiting_for("th-o-lai")] == [outcome.key]
    assert now.review == () and now.waiting_for("th-o-lai") == ()
    assert "Xin gia hạn" not in digest.text and "đang chờ cán bộ xem xét" not in digest.text


MERGED_INTO_CHUYEN = """
[[schools]]
id = "th-sap-nhap"
name = "Trường Tiểu học Sáp Nhập"
emails = ["thsapnhap@example.edu.vn"]
unit = "xa-a"
until = "2025-06-30"
merged_into = "th-chuyen"
"""


@pytest.mark.parametrize(
    ("school", "sender", "expected"),
    [
        ("Trường Tiểu học Chuyển Xã", "thchuyen@example.edu.vn", "th-chuyen"),
        ("Trường Tiểu học Sáp Nhập", "thsapnhap@example.edu.vn", "th-sap-nhap"),
    ],
)
def test_a_late_report_of_last_season_is_acknowledged_by_the_schools_unit_now(
    tmp_path: Path, school: str, sender: str, expected: str
) -> None:
    """Chuyển Xã moved from xã Mỹ An to xã Bình Thạnh on 1/7/2025 and sent its forgotten 2024 report
    to xã Bình Thạnh's mailbox in October 2025. The acknowledgement spoke for xã Mỹ An, the unit of
    the 2024 season, and told the school to send its 2025 report to an address of xã Mỹ An's side,
    with Reply-To there, though xã Bình Thạnh collects the 2025 report and read the mail; so it did for
    Sáp Nhập, merged into Chuyển Xã that day. An acknowledgement speaks for the unit collecting the
    school when it is written, or the school it was merged into."""
    path = _write(tmp_path, UNITS + MERGED_INTO_CHUYEN + MAILBOX_B)
    path.write_text(path.read_text(encoding="utf-8").replace('["NQ121"]', '["NQ121", "121/2020/QH14"]'))
    config = config_mod.load(path)
    when = local("2025-10-10 09:00")
    paper = make_paper(school, year=2024, rng=random.Random(5), date=dt.date(2024, 10, 20))
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "baocao.xab@example.gov.vn"
    msg["Subject"] = "Gửi bổ sung báo cáo NQ121 năm 2024"
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = "<bosung2024@example.edu.vn>"
    msg.set_content("Kính gửi UBND xã, trường gửi bổ sung báo cáo NQ121 năm 2024 ạ.")
    msg.add_attachment(render_docx(paper), maintype="application", subtype="octet-stream", filename="BC.docx")
    clock = Clock(when + dt.timedelta(minutes=5))
    with Runtime.open(config, clock) as rt:
        outcome = pipeline.ingest(rt, msg.as_bytes(), received_at=when, source=config.mailboxes[0].source)
        assert [(s.school_id, s.year) for s in outcome.submissions] == [(expected, 2024)]
        [ack] = jobs.due(rt, clock(), kinds=(MailKind.ACK,))
    assert "UBND xã Bình Thạnh đã nhận được thư" in ack.text
    assert "UBND xã Mỹ An" not in ack.text
    assert jobs.reply_to(config, ack, clock()) == Address(
        "UBND xã Bình Thạnh", addr_spec="baocao.xab@example.gov.vn"
    )
    # and it goes out under that unit's name, not the district office's it does not speak for
    assert jobs.speaker(config, ack, clock()) == "UBND xã Bình Thạnh"
    if expected == "th-chuyen":  # still a school on the roster: told where its 2025 report goes
        assert "gửi báo cáo năm 2025 về địa chỉ baocao.xab@example.gov.vn" in ack.text


def test_the_readmes_unit_mailbox_is_named_to_that_units_schools_only(tmp_path: Path) -> None:
    """The shipped config.toml gives no commune a mailbox, so a commune's reminder asks its schools to
    send to the district office's pgdthuthua@; the README said a unit's own mailbox changes that only in
    passing, with no example an office could copy. The README's [[mailboxes]] example, added to the
    shipped file, makes xã Mỹ An's reminders name its mailbox, and leaves the other communes' alone."""
    path = shipped_config(tmp_path)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"```toml\n(\[\[mailboxes\]\]\n.*?unit = \"xa-my-an\".*?)```", readme, re.S)
    assert found is not None, "the README shows no [[mailboxes]] of a commune"
    now = local("2025-10-22 07:30")

    def send_to(school_id: str) -> str:
        config = config_mod.load(path)
        with Runtime.open(config, Clock(now)) as rt:
            status = season_status(config, rt.store, config.reports[0], 2025, now, None)
        school = next(s for s in status.schools if s.school_id == school_id)
        text = Renderer(config).reminder(status, school, now, overdue=False)[1]
        return re.search(r"gửi báo cáo bằng thư điện tử đến địa chỉ (\S+),", text).group(1)  # type: ignore[union-attr]

    assert send_to("th-my-an") == send_to("mg-tan-long") == "pgdthuthua@example.edu.vn"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + found.group(1), encoding="utf-8")
    assert send_to("th-my-an") == "baocao.myan@example.gov.vn"
    assert send_to("mg-tan-long") == "pgdthuthua@example.edu.vn"


def test_a_units_mailbox_whose_login_is_no_address_is_named_by_its_address(tmp_path: Path) -> None:
    """xã Mỹ An's own mailbox on the province's mail server logs in as «myan», not an address: it was read,
    but its schools' reminders and acknowledgements asked them to send to the office's pgdthuthua@, with
    Reply-To the office's address under the commune's name, and nothing in config.toml could say the
    mailbox's address. [[mailboxes]].address says it: the commune's schools are told it, and answer to it."""
    path = shipped_config(tmp_path)
    shipped = path.read_text(encoding="utf-8")
    mailbox = '\n[[mailboxes]]\nhost = "mail.example.gov.vn"\nusername = "myan"\npassword = "x"\nunit = "xa-my-an"\n'
    now = local("2025-10-22 07:30")

    def told(school_id: str) -> tuple[str, str]:
        """Where the school's reminder asks it to send its report, and where its answer goes."""
        config = config_mod.load(path)
        with Runtime.open(config, Clock(now)) as rt:
            status = season_status(config, rt.store, config.reports[0], 2025, now, None)
            [item] = [i for i in jobs.due(rt, now, kinds=(MailKind.REMINDER,)) if i.school_id == school_id]
        school = next(s for s in status.schools if s.school_id == school_id)
        text = Renderer(config).reminder(status, school, now, overdue=False)[1]
        sent_to = re.search(r"gửi báo cáo bằng thư điện tử đến địa chỉ (\S+),", text)
        assert sent_to is not None, text
        reply = jobs.reply_to(config, item, now)
        assert reply is not None
        return sent_to.group(1), reply.addr_spec

    path.write_text(shipped + mailbox, encoding="utf-8")
    assert told("th-my-an") == ("pgdthuthua@example.edu.vn", "pgdthuthua@example.edu.vn")
    path.write_text(shipped + mailbox + 'address = "baocao.myan@example.gov.vn"\n', encoding="utf-8")
    assert told("th-my-an") == ("baocao.myan@example.gov.vn", "baocao.myan@example.gov.vn")
    assert told("mg-tan-long") == ("pgdthuthua@example.edu.vn", "pgdthuthua@example.edu.vn")
    config = config_mod.load(path)
    assert config.units_written_to({"baocao.myan@example.gov.vn"}) == {"xa-my-an"}
    path.write_text(shipped + mailbox + 'address = "baocao.myan@example,gov.vn"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[mailboxes\[1\]\]\.address"):
        config_mod.load(path)


def test_a_report_the_district_office_received_before_the_commune_began_counts_saying_where(
    moved_season: Path,
) -> None:
    """The communes collect from 1/7/2025, and the 2025 season runs to 25/10: a school that sent its 2025
    report on 20/6/2025 reached the district office. The commune's status and digest counted it as
    received but never said where it came, so the commune's staff looked for a report their mailbox never
    had. A report the commune itself received says nothing more."""
    path = moved_season
    config = config_mod.load(path)
    clock = Clock(local("2025-10-20 07:30"))
    with Runtime.open(config, clock) as rt:
        (digest,) = jobs.due(rt, clock(), kinds=(MailKind.DIGEST,), unit="xa-my-an")
    said = (
        "Trường Mẫu giáo Mỹ An: báo cáo do Phòng Giáo dục và Đào tạo huyện Thủ Thừa nhận lúc 09:00 ngày "
        "20/06/2025, trước khi UBND xã Mỹ An thu báo cáo của trường; đã tính là đã nộp."
    )
    code, output = _cli(path, clock, "status", "--unit", "xa-my-an", "--year", "2025")
    assert code == 0, output
    text = " ".join(output.split())
    assert "2 đã nộp đúng hạn" in text and said in text
    assert "Trường Tiểu học Mỹ An: báo cáo do" not in text
    body = " ".join(digest.text.split())
    assert "Đã nhận 2" in body and "BÁO CÁO ĐƠN VỊ KHÁC ĐÃ NHẬN (1)" in body
    rows = digest.text.split("BÁO CÁO ĐƠN VỊ KHÁC ĐÃ NHẬN", 1)[1].split("\n\n")[1]
    assert " ".join(rows.splitlines()[-1].split()) == (
        "1 Trường Mẫu giáo Mỹ An 09:00 ngày 20/06/2025 Phòng Giáo dục và Đào tạo huyện Thủ Thừa"
    )
    assert "Trường Mẫu giáo Mỹ An" in (digest.html or "").split("Báo cáo đơn vị khác đã nhận (1)", 1)[1]
    with Runtime.open(config, clock) as rt:
        chart = progress(
            season_status(config, rt.store, config.reports[0], 2025, clock(), "xa-my-an"), config
        )
    # the commune's chart begins with its season (28 days before the deadline), not on 20/6 when it did not
    # collect the school yet; the report is counted from the first day
    assert chart.days[0].day == dt.date(2025, 9, 27)
    assert (chart.days[0].received, chart.days[0].total, chart.days[-1].total) == (0, 1, 2)

    # the other way: a 2024 report that came late, after the school left the district office for the
    # commune, to the office's mailbox (the commune has none of its own: see the test below)
    with Runtime.open(config, clock) as rt:
        record_report(rt, "mg-my-phu", 2024, local("2025-11-03 09:00"))
    code, output = _cli(
        path, Clock(local("2025-11-04 08:00")), "status", "--unit", "phong-thu-thua", "--year", "2024"
    )
    assert code == 0, output
    assert (
        "Trường Mẫu giáo Mỹ Phú: báo cáo nhận lúc 09:00 ngày 03/11/2025, sau khi trường "
        "chuyển từ Phòng Giáo dục và Đào tạo huyện Thủ Thừa sang UBND xã Mỹ An; đã tính là nộp muộn."
    ) in " ".join(output.split())


def test_a_report_received_after_the_school_moved_is_said_received_by_its_unit_only_in_that_units_mailbox(
    moved_season: Path,
) -> None:
    """Mỹ Phú's 2024 report came on 3/11/2025, after the school moved from the district office to xã Mỹ An.
    The 2024 status said «báo cáo do UBND xã Mỹ An nhận lúc …» though it came to the office's mailbox,
    which no one commune owns once the communes collect (a provincial Department's, after the
    reorganisation): the commune's staff looked for it in a mailbox of theirs. It says so only of a report
    the commune's own mailbox received; of another, when it came."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"```toml\n(\[\[mailboxes\]\]\n.*?unit = \"xa-my-an\".*?)```", readme, re.S)
    assert found is not None, "the README shows no [[mailboxes]] of a commune"
    moved_season.write_text(
        moved_season.read_text(encoding="utf-8") + "\n" + found.group(1), encoding="utf-8"
    )
    config = config_mod.load(moved_season)
    [own] = [m.source for m in config.mailboxes if m.unit == "xa-my-an"]
    shared = next(m.source for m in config.mailboxes if m.unit is None)
    later = Clock(local("2025-11-04 08:00"))
    moved = "sau khi trường chuyển từ Phòng Giáo dục và Đào tạo huyện Thủ Thừa sang UBND xã Mỹ An"

    def said(source: str) -> str:
        with Runtime.open(config, later) as rt:
            record_report(rt, "mg-my-phu", 2024, local("2025-11-03 09:00"), source=source)
        code, output = _cli(moved_season, later, "status", "--unit", "phong-thu-thua", "--year", "2024")
        assert code == 0, output
        found = re.search(rf"Trường Mẫu giáo Mỹ Phú: báo cáo [^;]*{moved}", " ".join(output.split()))
        assert found is not None, output
        return found.group(0)

    assert said(shared).startswith("Trường Mẫu giáo Mỹ Phú: báo cáo nhận lúc 09:00 ngày 03/11/2025, sau khi")
    assert said(own).startswith(
        "Trường Mẫu giáo Mỹ Phú: báo cáo do UBND xã Mỹ An nhận lúc 09:00 ngày 03/11/2025"
    )


def test_the_columns_name_the_unit_whose_mailbox_received_a_report_another_unit_counts(
    moved_season: Path, tmp_path: Path
) -> None:
    """Mỹ Phú's 2024 report came on 3/11/2025 to the office's mailbox, after the school moved to xã Mỹ An.
    The sentence said «báo cáo nhận lúc …», but the column «Đơn vị đã nhận» of the CSV, the XLSX, the
    digest's table and the draft's sheet, the JSON's `by` and the page said xã Mỹ An received it: the
    unit collecting the school that day, whose mailbox never had it. Each now names the unit whose mailbox
    received it, as the sentence does, else the shared mailbox; the JSON keeps the unit collecting the
    school then in `collected_by`."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"```toml\n(\[\[mailboxes\]\]\n.*?unit = \"xa-my-an\".*?)```", readme, re.S)
    assert found is not None, "the README shows no [[mailboxes]] of a commune"
    moved_season.write_text(
        moved_season.read_text(encoding="utf-8") + "\n" + found.group(1), encoding="utf-8"
    )
    config = config_mod.load(moved_season)
    [own] = [m.source for m in config.mailboxes if m.unit == "xa-my-an"]
    shared = next(m.source for m in config.mailboxes if m.unit is None)
    later = Clock(local("2025-11-04 08:00"))
    season = ("--unit", "phong-thu-thua", "--year", "2024")
    from tests.app.consolidate.docxtext import docx_text

    def cells(source: str) -> dict[str, object]:
        """What each export says of where Mỹ Phú's report came, from source."""
        with Runtime.open(config, later) as rt:
            record_report(rt, "mg-my-phu", 2024, local("2025-11-03 09:00"), source=source, archived=True)
            status = season_status(config, rt.store, config.reports[0], 2024, later(), "phong-thu-thua")
        digest = Renderer(config).digest(status, later())
        listed = digest.text.split("BÁO CÁO ĐƠN VỊ KHÁC ĐÃ NHẬN", 1)[1].split("\n\n")[1]
        code, output = _cli(moved_season, later, "status", *season, "--format", "csv")
        assert code == 0, output
        csv_rows = {r[1]: r[-1] for r in csv.reader(io.StringIO(output.lstrip("\ufeff")))}
        book = openpyxl.load_workbook(
            io.BytesIO(export.to_xlsx(export.status_table(status, config), "x", later()))
        )
        assert book.active is not None
        xlsx_rows = {r[1]: r[-1] for r in book.active.iter_rows(values_only=True)}
        code, output = _cli(moved_season, later, "status", *season, "--format", "json")
        assert code == 0, output
        schools = {s["school_id"]: s for s in json.loads(output)["schools"]}
        sheet, draft = tmp_path / f"{len(source)}.xlsx", tmp_path / f"{len(source)}.docx"
        code, output = _cli(
            moved_season, later, "consolidate", *season, "--out", str(draft), "--xlsx", str(sheet)
        )
        assert code == 0, output
        annex = re.search(r"\| MG Mỹ Phú \| 03/11/2025\n\(([^)]*)\)", docx_text(draft.read_bytes()))
        assert annex is not None
        drafted = {
            r[1]: r[-1] for r in openpyxl.load_workbook(sheet)["Từng đơn vị"].iter_rows(values_only=True)
        }
        return {
            "digest": " ".join(listed.splitlines()[-1].split()).rsplit("2025 ", 1)[1],
            "csv": csv_rows["mg-my-phu"],
            "xlsx": xlsx_rows["mg-my-phu"],
            "draft": drafted["mg-my-phu"],
            "annex": annex.group(1),
            "json": schools["mg-my-phu"]["received_elsewhere"]["by"],
            "collected_by": schools["mg-my-phu"]["received_elsewhere"]["collected_by"],
        }

    assert cells(shared) == {
        "digest": "Hộp thư chung",
        "csv": "Hộp thư chung",
        "xlsx": "Hộp thư chung",
        "draft": "Hộp thư chung",
        "annex": "nhận ở hộp thư chung",
        "json": None,
        "collected_by": "UBND xã Mỹ An",
    }
    assert cells(own) == {
        "digest": "UBND xã Mỹ An",
        "csv": "UBND xã Mỹ An",
        "xlsx": "UBND xã Mỹ An",
        "draft": "UBND xã Mỹ An",
        "annex": "do UBND xã Mỹ An nhận",
        "json": "UBND xã Mỹ An",
        "collected_by": "UBND xã Mỹ An",
    }


def test_a_merged_schools_late_report_names_the_commune_whose_mailbox_received_it(moved_season: Path) -> None:
    """Mỹ Thạnh B, collected by xã Mỹ Thạnh from 1/7/2025 and merged into Mỹ Thạnh A on 1/8/2025, sent its
    2024 report late to the commune's mailbox on 15/8/2025. The district office's 2024 table left «Đơn vị
    đã nhận» empty, as if the office had received it (a school moved to another commune got the column
    right): the school was collected by no unit that day, and its address reaches its successor's."""
    text = moved_season.read_text(encoding="utf-8")
    merged = 'id = "th-my-thanh-b"\nmerged_into = "th-my-thanh-a"\n'
    text = text.replace('id = "th-my-thanh-b"\n', merged)
    before = '  unit = "xa-my-thanh"\n  from = "2025-07-01"\n\n[[schools]]\nid = "th-nhi-thanh"'
    assert before in text
    text = text.replace(
        before, before.replace('from = "2025-07-01"\n', 'from = "2025-07-01"\n  until = "2025-07-31"\n')
    )
    text += (
        '\n[[mailboxes]]\nhost = "mail.example.gov.vn"\nport = 993\nsecurity = "ssl"\n'
        'username = "baocao.mythanh@example.gov.vn"\npassword_env = "BAOCAO_IMAP_PASSWORD_MY_THANH"\n'
        'folder = "INBOX"\nunit = "xa-my-thanh"\n'
    )
    moved_season.write_text(text, encoding="utf-8")
    config = config_mod.load(moved_season)
    [own] = [m.source for m in config.mailboxes if m.unit == "xa-my-thanh"]
    later = Clock(local("2025-08-16 08:00"))
    with Runtime.open(config, later) as rt:
        record_report(rt, "th-my-thanh-b", 2024, local("2025-08-15 09:00"), source=own, archived=True)
    season = ("--unit", "phong-thu-thua", "--year", "2024", "--format", "csv")
    code, output = _cli(moved_season, later, "status", *season)
    assert code == 0, output
    by = {r[1]: r[-1] for r in csv.reader(io.StringIO(output.lstrip("\ufeff")))}
    assert by["th-my-thanh-b"] == "UBND xã Mỹ Thạnh"


def test_the_exports_name_the_unit_that_received_a_report_another_unit_counts(moved_season: Path) -> None:
    """The status text and the digest said that xã Mỹ An counts a 2025 report the district office
    received on 20/6/2025, before the commune collected the school; the CSV, the XLSX and the JSON status
    did not, so the commune's staff working from a spreadsheet looked in their mailbox for it in vain.
    Each now names the unit that received it, in a column after those a sheet read by position expects."""
    path = moved_season
    config = config_mod.load(path)
    clock = Clock(local("2025-10-20 07:30"))
    with Runtime.open(config, clock) as rt:
        status = season_status(config, rt.store, config.reports[0], 2025, clock(), "xa-my-an")
    office = "Phòng Giáo dục và Đào tạo huyện Thủ Thừa"
    code, output = _cli(path, clock, "status", "--unit", "xa-my-an", "--year", "2025", "--format", "csv")
    assert code == 0, output
    rows = list(csv.reader(io.StringIO(output.lstrip("\ufeff"))))
    assert rows[0][-3:] == ["Cấp", "Xã", "Đơn vị đã nhận"]
    by = {r[1]: r[-1] for r in rows[1:]}
    assert by["mg-my-an"] == office and by["th-my-an"] == ""
    assert [i for i, unit in by.items() if unit] == ["mg-my-an"]

    table = export.status_table(status, config)
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(export.to_xlsx(table, "NQ121 2025", clock()))).active
    assert sheet is not None
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0][-1] == "Đơn vị đã nhận"
    assert [(r[1], r[-1]) for r in cells[1:] if r[-1]] == [("mg-my-an", office)]

    code, output = _cli(path, clock, "status", "--unit", "xa-my-an", "--year", "2025", "--format", "json")
    assert code == 0, output
    schools = {s["school_id"]: s for s in json.loads(output)["schools"]}
    assert schools["th-my-an"]["received_elsewhere"] is None
    assert schools["mg-my-an"]["received_elsewhere"] == {
        "by": office,
        "collected_by": office,
        "note": f"Trường Mẫu giáo Mỹ An: báo cáo do {office} nhận lúc 09:00 ngày 20/06/2025, trước khi "
        "UBND xã Mỹ An thu báo cáo của trường; đã tính là đã nộp.",
    }


def test_the_consolidated_report_names_the_unit_that_received_a_report_another_unit_counts(
    moved_season: Path, tmp_path: Path
) -> None:
    """xã Mỹ An's consolidated report of 2025 counted the report the district office received on 20/6/2025,
    before the commune collected the school, and did not say where it came, while its status, digest and
    exports did: the commune's staff checking the draft against their mailbox could not find it. The DOCX
    and the JSON now say it as the status does, the XLSX names the unit; a report the commune received itself says nothing more."""
    office = "Phòng Giáo dục và Đào tạo huyện Thủ Thừa"
    said = (
        f"Trường Mẫu giáo Mỹ An: báo cáo do {office} nhận lúc 09:00 ngày 20/06/2025, trước khi UBND xã Mỹ An "
        "thu báo cáo của trường; đã tính là đã nộp."
    )
    clock = Clock(local("2025-10-20 07:30"))
    mine = ("consolidate", "--unit", "xa-my-an", "--year", "2025")
    code, output = _cli(moved_season, clock, *mine, "--format", "json")
    assert code == 0, output
    data = json.loads(output)
    schools = {s["school_id"]: s for s in data["schools"]}
    assert schools["mg-my-an"]["received_elsewhere"] == {"by": office, "collected_by": office, "note": said}
    assert schools["th-my-an"]["received_elsewhere"] is None
    assert data["received_elsewhere"] == ["mg-my-an"]

    from tests.app.consolidate.docxtext import docx_text

    draft, figures = tmp_path / "du-thao.docx", tmp_path / "so-lieu.xlsx"
    code, output = _cli(moved_season, clock, *mine, "--out", str(draft), "--xlsx", str(figures))
    assert code == 0, output
    sheet = openpyxl.load_workbook(figures)["Từng đơn vị"]
    rows = list(sheet.iter_rows(values_only=True))
    by_code = {row[1]: row[-1] for row in rows[1:]}
    assert rows[0][-1] == "Đơn vị đã nhận"
    assert (by_code["mg-my-an"], by_code["th-my-an"]) == (office, None)
    text = docx_text(draft.read_bytes())
    assert "- Số báo cáo đơn vị khác đã nhận: 1." in text and f"+ {said}" in text
    assert "Trường Tiểu học Mỹ An: báo cáo do" not in text
    # the annex's «Ngày nhận» cell of each school
    assert f"| MG Mỹ An | 20/06/2025\n(do {office} nhận) | Đúng hạn |" in text
    assert "| TH Mỹ An | 10/10/2025 | Đúng hạn |" in text

    # the other way: a 2024 report the commune received late, after the school left the district office
    with Runtime.open(config_mod.load(moved_season), clock) as rt:
        record_report(rt, "mg-my-phu", 2024, local("2025-11-03 09:00"), archived=True)
    later = Clock(local("2025-11-04 08:00"))
    code, output = _cli(
        moved_season, later, "consolidate", "--unit", "phong-thu-thua", "--year", "2024", "--format", "json"
    )
    assert code == 0, output
    late = {s["school_id"]: s for s in json.loads(output)["schools"]}["mg-my-phu"]["received_elsewhere"]
    assert late == {  # to the office's mailbox, which no unit owns then: not «received by» the commune
        "by": None,
        "collected_by": "UBND xã Mỹ An",
        "note": "Trường Mẫu giáo Mỹ Phú: báo cáo nhận lúc 09:00 ngày 03/11/2025, sau khi "
        f"trường chuyển từ {office} sang UBND xã Mỹ An; đã tính là nộp muộn.",
    }


@pytest.mark.parametrize(
    ("command", "said"),
    [
        ("outbox", "Chưa có thư nào liên quan đến UBND xã Mỹ An trong nhật ký gửi thư."),
        ("remind", "không có thư nào cần gửi đến các trường và cán bộ của UBND xã Mỹ An."),
        ("review", "Không có thư nào liên quan đến UBND xã Mỹ An chờ xem xét."),
        ("audit", "Chưa có thay đổi nào về các trường, thư của UBND xã Mỹ An trong nhật ký."),
        (
            "addresses",
            "Chưa ghi nhớ địa chỉ nào của các trường do UBND xã Mỹ An thu báo cáo. Địa chỉ được ghi nhớ "
            "khi gán thư bằng baocao assign.",
        ),
    ],
)
def test_an_empty_listing_of_a_unit_says_it_is_that_units(tmp_path: Path, command: str, said: str) -> None:
    """`outbox --unit xa-my-an` said «Chưa có thư nào trong nhật ký gửi thư.» while the log held xã Thủ
    Thừa's lists and digests: the commune's staff read that nothing had been sent at all. Every listing
    narrowed to a unit says, when empty, that it is empty for that unit."""
    path = shipped_config(tmp_path)
    config = config_mod.load(path)
    clock = Clock(local("2025-10-24 08:00"))
    with Runtime.open(config, clock) as rt:
        for item in jobs.due(rt, clock(), kinds=(MailKind.MISSING_LIST, MailKind.DIGEST), unit="xa-thu-thua"):
            Outbox(rt.store).add(item, b"raw", clock())
        record_report(rt, "th-my-an", 2025, local("2025-10-10 09:00"))
    code, output = _cli(
        path, clock, "extend", "th-binh-an", "--year", "2025", "--until", "05/11/2025", "--reason", "Ngập lụt"
    )
    assert code == 0, output
    if command == "remind":  # the 2024 season, before xã Mỹ An collected any school
        clock.now = local("2024-10-18 07:30")
    code, output = _cli(path, clock, command, "--unit", "xa-my-an")
    assert code == 0, output
    assert said in " ".join(output.split())


def test_a_school_that_moved_on_1_7_2025_is_the_communes_from_the_2025_season_only(tmp_path: Path) -> None:
    """th-my-an was the district office's until 30/6/2025 and xã Mỹ An's since: xã Mỹ An's status, export
    and digest hold it for 2025, not for 2024, which the district office's hold it for."""
    path = shipped_config(tmp_path)
    config = config_mod.load(path)
    clock = Clock(local("2025-10-20 07:30"))

    def listed(unit: str, year: int) -> set[str]:
        code, output = _cli(path, clock, "status", "--unit", unit, "--year", str(year), "--format", "json")
        assert code == 0, output
        return {s["school_id"] for s in json.loads(output)["schools"]}

    assert "th-my-an" in listed("xa-my-an", 2025) and "th-my-an" not in listed("phong-thu-thua", 2025)
    assert listed("xa-my-an", 2024) == set() and "th-my-an" in listed("phong-thu-thua", 2024)
    exported = _csv(path, clock, "status", "--unit", "xa-my-an", "--year", "2024")
    assert len(exported) == 1  # the header alone
    rows = _csv(path, clock, "status", "--unit", "xa-my-an", "--year", "2025")
    assert ["th-my-an", "UBND xã Mỹ An"] in [r[1:4:2] for r in rows]
    for now, unit, holds in (
        (local("2024-10-21 07:30"), "phong-thu-thua", True),
        (local("2025-10-20 07:30"), "xa-my-an", True),
        (local("2025-10-20 07:30"), "phong-thu-thua", False),
    ):
        with Runtime.open(config, Clock(now)) as rt:
            digests = jobs.due(rt, now, kinds=(MailKind.DIGEST,), unit=unit)
        assert bool(digests) == holds, (now, unit)
        assert all("Trường Tiểu học Mỹ An" in d.text for d in digests)
    with Runtime.open(config, Clock(local("2024-10-21 07:30"))) as rt:
        assert jobs.due(rt, local("2024-10-21 07:30"), kinds=(MailKind.DIGEST,), unit="xa-my-an") == []


def test_the_export_names_who_decides_as_the_unit_collecting_the_schools(tmp_path: Path) -> None:
    """`missing --year 2025 --unit xa-my-an --format csv` headed its column of exemptions and extensions
    «Quyết định của Phòng»: a commune has no Phòng, and the district office decides nothing after
    30/6/2025. The 2021 season, the district office's, keeps its header."""
    path = shipped_config(tmp_path)
    clock = Clock(local("2025-10-22 08:00"))
    headers = {
        args: _csv(path, clock, "missing", *args)[0]
        for args in (("--year", "2025", "--unit", "xa-my-an"), ("--year", "2025"), ("--year", "2021"))
    }
    mine, every, old = headers.values()
    assert "Quyết định của UBND xã Mỹ An" in mine
    assert "Quyết định của đơn vị" in every
    assert "Quyết định của Phòng" in old
    assert not any("Phòng" in h for h in (*mine, *every))


def test_a_mail_held_on_the_way_past_the_deadline_names_the_server_of_no_phong_for_a_commune(
    tmp_path: Path,
) -> None:
    """Sent at 23:58 on the deadline day and received at 00:10 the next, a report's note told staff «máy
    chủ của Phòng nhận lúc …» in 2025 too, when the commune collecting it has no Phòng; the district
    office's 2021 season keeps its words."""
    config = config_mod.load(shipped_config(tmp_path))
    notes = {}
    for year in (2021, 2025):
        paper = render_docx(make_paper("Trường Tiểu học Mỹ An", year=year, rng=random.Random(year)))
        mail = EmailMessage()
        mail["From"] = "c1myan.thuthua@example.edu.vn"
        mail["To"] = "pgdthuthua@example.edu.vn"
        mail["Subject"] = "Báo cáo NQ121 - Trường Tiểu học Mỹ An"
        mail["Message-ID"] = f"<myan-{year}@example.edu.vn>"
        mail["Date"] = format_datetime(local(f"{year}-10-25 23:58"))
        mail.set_content("Trường gửi báo cáo.")
        mail.add_attachment(paper, maintype="application", subtype="octet-stream", filename="BC NQ121.docx")
        received = local(f"{year}-10-26 00:10")
        with Runtime.open(config, Clock(received)) as rt:
            pipeline.process(rt, mail.as_bytes(), received_at=received, source="test")
            status = season_status(config, rt.store, config.reports[0], year, received, None)
        [school] = [s for s in status.schools if s.school_id == "th-my-an"]
        [notes[year]] = [e for e in school.submissions[0].evidence if "Thư ghi gửi lúc 23:58" in e]
    assert "nhưng máy chủ của Phòng nhận lúc 00:10 ngày 26/10/2021" in notes[2021]
    assert "nhưng máy chủ thư nhận lúc 00:10 ngày 26/10/2025" in notes[2025] and "Phòng" not in notes[2025]


def _claim(year: int, mid: str, *, answering: bool = False) -> bytes:
    """Trường Tiểu học Mỹ An saying it sent its report, with nothing attached; or answering our reminder."""
    mail = EmailMessage()
    mail["From"] = "c1myan.thuthua@example.edu.vn"
    mail["To"] = "pgdthuthua@example.edu.vn"
    mail["Subject"] = "Re: Nhắc nộp báo cáo Nghị quyết 121/2020/QH14" if answering else "Báo cáo NQ121"
    mail["Message-ID"] = f"<{mid}@example.edu.vn>"
    mail["Date"] = format_datetime(local(f"{year}-10-22 09:00"))
    if answering:
        reminder = mailids.make(f"reminder:nq121:{year}:th-my-an:before-7", "example.edu.vn")
        mail["In-Reply-To"] = f"<{reminder}>"
    mail.set_content(
        "Trường đã gửi ngày 20/10 ạ." if answering else "Dạ trường em đã nộp báo cáo NQ121 hôm 20/10 ạ."
    )
    return mail.as_bytes()


def test_a_schools_word_that_it_sent_its_report_is_weighed_by_the_unit_collecting_it(tmp_path: Path) -> None:
    """A school saying it sent a report nothing of which came waits for staff «… nhưng Phòng chưa nhận
    được báo cáo năm 2025 nào của trường», and the same words beside its report on record were «Phòng đã
    nhận báo cáo …»: in 2025 the commune collects it, which has no Phòng. 2021 keeps its words."""
    config = config_mod.load(shipped_config(tmp_path))
    for year, we in ((2021, "Phòng"), (2025, "UBND xã Mỹ An")):
        received = local(f"{year}-10-22 09:05")
        with Runtime.open(config, Clock(received)) as rt:
            outcome = pipeline.process(rt, _claim(year, f"claim-{year}"), received_at=received, source="test")
            [review] = outcome.reviews
            assert f"nhưng {we} chưa nhận được báo cáo năm {year} nào của trường" in review.reason
            record_report(rt, "th-my-an", year, local(f"{year}-10-20 09:00"))
            answer = _claim(year, f"again-{year}", answering=True)
            again = pipeline.process(rt, answer, received_at=received, source="test")
            reason = rt.store.message(again.key).reason or ""
            assert f" {we} đã nhận báo cáo năm {year} của trường" in reason, reason


def test_a_schools_decisions_are_named_after_the_unit_that_took_them(tmp_path: Path) -> None:
    """`history th-my-an` headed a commune's extension «Quyết định của Phòng về …»: after 30/6/2025 the
    commune decides, which has no Phòng. Decisions of both the district office and the commune are
    headed by neither; the district office's alone keep «Phòng»."""
    path = shipped_config(tmp_path)
    clock = Clock(local("2025-10-22 08:00"))

    def extend(year: int) -> None:
        until = f"31/10/{year}"
        code, output = _cli(
            path, clock, "extend", "th-my-an", "--year", str(year), "--until", until, "--reason", "Lụt"
        )
        assert code == 0, output

    extend(2025)
    assert (
        "Quyết định của UBND xã Mỹ An về Trường Tiểu học Mỹ An" in _cli(path, clock, "history", "th-my-an")[1]
    )
    extend(2021)
    both = _cli(path, clock, "history", "th-my-an")[1]
    assert "Quyết định về Trường Tiểu học Mỹ An" in both and "Phòng" not in both.split("\n")[0]
    alone = _cli(path, clock, "history", "th-my-an", "--report", "nq121", "--unit", "phong-thu-thua")[1]
    assert "Quyết định của Phòng về Trường Tiểu học Mỹ An" in alone


def test_a_reply_to_our_mail_is_a_reply_to_the_units_mail_after_2025(tmp_path: Path) -> None:
    """A school answering a reminder was told to staff as «Trường trả lời thư của Phòng …» in 2025 too,
    when the mail it answered came from its commune, which has no Phòng; the 2021 season keeps its words."""
    config = config_mod.load(shipped_config(tmp_path))
    for year, we in ((2021, "Phòng"), (2025, "đơn vị")):
        received = local(f"{year}-10-22 09:05")
        with Runtime.open(config, Clock(received)) as rt:
            outcome = pipeline.process(
                rt, _claim(year, f"r-{year}", answering=True), received_at=received, source="t"
            )
            [review] = outcome.reviews
        assert review.reason.startswith(f"Trường trả lời thư của {we} (nhắc nộp hoặc xác nhận)"), (
            review.reason
        )


def test_the_command_help_speaks_to_a_commune_too() -> None:
    """The help said baocao collects reports «gửi về Phòng GD&ĐT», `assign --report` «khi Phòng thu nhiều
    báo cáo», `history --unit` the «quyết định của Phòng»: read by a commune's staff, who have no Phòng."""
    runner = CliRunner()
    top = runner.invoke(main, ["--help"]).output
    assert "gửi về Phòng GD&ĐT, UBND xã qua thư điện tử" in " ".join(top.split())
    for command in ("assign", "history"):
        text = " ".join(runner.invoke(main, [command, "--help"]).output.split())
        assert "Phòng" not in text, (command, text)
    assert "quyết định của đơn vị trong các năm đó" in " ".join(
        runner.invoke(main, ["history", "--help"]).output.split()
    )


def _every_help(group: click.Group, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], str]:
    """The --help text of every command and subcommand, by its words on the command line."""
    found = {}
    for name, command in group.commands.items():
        args = (*path, name)
        found[args] = " ".join(CliRunner().invoke(main, [*args, "--help"]).output.split())
        if isinstance(command, click.Group):
            found |= _every_help(command, args)
    return found


def test_no_command_help_speaks_of_a_phong_a_commune_does_not_have() -> None:
    """`remind --help` said the missing list goes to «cán bộ phòng», `digest` its table to «cán bộ phòng»,
    `web` opened the page «cho cán bộ phòng» and `consolidate` drafted «báo cáo tổng hợp của phòng» from
    «Mẫu DOCX của phòng»: since 1/7/2025 a commune's staff, who have no phòng, run these too."""
    helps = _every_help(main)
    assert {args: text for args, text in helps.items() if re.search(r"\bphòng\b", text)} == {}
    assert "danh sách trường chưa nộp gửi cán bộ của đơn vị thu báo cáo" in helps[("remind",)]
    assert "Dự thảo báo cáo tổng hợp của đơn vị gửi cấp trên" in helps[("consolidate",)]


def test_a_mail_staff_took_out_says_whose_staff_did_as_the_season_has_it(tmp_path: Path) -> None:
    """A mail marked the office's own said «Cán bộ phòng xác định đây là thư của chính Phòng» in 2025 too,
    and a rejected one «Cán bộ phòng đã loại thư này»: after 1/7/2025 the communes' staff decide, who have
    no Phòng. The district office's 2021 keeps its words."""
    config = config_mod.load(shipped_config(tmp_path))
    for year, internal, rejected in (
        (2021, "Cán bộ phòng xác định đây là thư của chính Phòng", "Cán bộ phòng đã loại thư này"),
        (2025, "Cán bộ xác định đây là thư của chính Phòng GD&ĐT Thủ Thừa", "Cán bộ đã loại thư này"),
    ):
        received = local(f"{year}-10-22 09:05")
        with Runtime.open(config, Clock(received)) as rt:
            ours = pipeline.process(rt, _claim(year, f"i-{year}"), received_at=received, source="t")
            theirs = pipeline.process(
                rt, _claim(year, f"x-{year}", answering=True), received_at=received, source="t"
            )
            review_mod.mark_internal(rt, ours.key, by="Lê Thị Thu")
            review_mod.reject(rt, theirs.key, by="Lê Thị Thu")
            assert (rt.store.message(ours.key).reason or "").startswith(internal)
            assert (rt.store.message(theirs.key).reason or "").startswith(rejected)


def test_marking_a_mail_the_offices_own_says_whose_it_is_as_the_season_has_it(tmp_path: Path) -> None:
    """`baocao internal` answered «Đã ghi thư … là thư của chính Phòng.» and logged «ghi là thư của chính
    Phòng» for mail of 2025 too, when the communes collect, which have no Phòng: mail of the office's own
    mailbox is then the office's by its short name, not a bare «Phòng»."""
    path = shipped_config(tmp_path)
    config = config_mod.load(path)
    for year, whose in ((2021, "Phòng"), (2025, "Phòng GD&ĐT Thủ Thừa")):
        clock = Clock(local(f"{year}-10-22 09:05"))
        with Runtime.open(config, clock) as rt:
            key = pipeline.process(rt, _claim(year, f"own-{year}"), received_at=clock(), source="t").key
        code, output = _cli(path, clock, "internal", key[:12])
        assert code == 0 and f"là thư của chính {whose}." in output, output
        assert f"ghi là thư của chính {whose}" in " ".join(
            _cli(path, clock, "audit", "--format", "csv")[1].split()
        )


def _add_account(path: Path, *args: str) -> tuple[int, str]:
    """`baocao user add` with a password on its standard input, as a script makes an account."""
    done = CliRunner().invoke(
        main,
        ["--config", str(path), "user", "add", *args, "--password-stdin"],
        obj=Clock(local("2025-10-20 08:00")),
        input="mat-khau-du-dai\n",
    )
    return done.exit_code, done.output


def test_an_account_is_bound_to_a_unit_of_the_config_and_listed_with_it(units_path: Path) -> None:
    """A commune's clerk could only get an account of the whole office, which sees and decides every
    unit's mail. `user add --unit` binds it to one unit of [[units]], `user list` shows it, `user unit`
    changes it."""
    clock = Clock(local("2025-10-20 08:00"))
    code, output = _add_account(units_path, "canbo.xaa", "--role", "clerk", "--unit", "xa-a")
    assert code == 0 and "chỉ đơn vị UBND xã Mỹ An" in output, output
    code, output = _add_account(units_path, "vanthu", "--role", "clerk")
    assert code == 0, output

    def listed() -> dict[str, str]:
        code, output = _cli(units_path, clock, "user", "list")
        assert code == 0, output
        return {line.split()[0]: line for line in output.splitlines()[2:]}

    rows = listed()
    assert "UBND xã Mỹ An (xa-a)" in rows["canbo.xaa"] and "mọi đơn vị" in rows["vanthu"]
    # «từ nay làm việc với chỉ đơn vị …» put «chỉ» in the wrong place.
    assert _cli(units_path, clock, "user", "unit", "vanthu", "xa-b") == (
        0,
        "Tài khoản vanthu từ nay chỉ làm việc với đơn vị UBND xã Bình Thạnh.\n",
    )
    assert _cli(units_path, clock, "user", "unit", "canbo.xaa", "--none") == (
        0,
        "Tài khoản canbo.xaa từ nay làm việc với mọi đơn vị.\n",
    )
    rows = listed()
    assert "UBND xã Bình Thạnh (xa-b)" in rows["vanthu"] and "mọi đơn vị" in rows["canbo.xaa"]


def test_an_account_of_an_unknown_unit_is_refused_naming_the_units_there_are(units_path: Path) -> None:
    code, output = _add_account(units_path, "canbo", "--unit", "xa-c")
    assert code == 1
    assert 'không có đơn vị "xa-c"' in output and "xa-a, xa-b" in output
    assert "Chưa có tài khoản nào" in _cli(units_path, Clock(local("2025-10-20 08:00")), "user", "list")[1]


def test_an_account_cannot_be_bound_to_a_unit_without_units_in_the_config(tmp_path: Path) -> None:
    path = _write(tmp_path, '[[schools]]\nid = "th-x"\nname = "Trường Tiểu học X"\n')
    code, output = _add_account(path, "canbo", "--unit", "xa-a")
    assert code == 1 and "không khai báo đơn vị nào ([[units]])" in output
    assert "Chưa có tài khoản nào" in _cli(path, Clock(local("2025-10-20 08:00")), "user", "list")[1]
