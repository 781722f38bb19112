"""The review commands as staff use them: review, assign, reject, history, addresses (real SQLite)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import random
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from app.cli import main
from intake import pipeline
from intake import review as review_mod
from kernel import config as config_mod
from kernel.errors import NotFoundError
from kernel.runtime import Runtime
from kernel.store import MessageRow, MessageState
from samples.documents import render_docx, render_text
from samples.papers import make_paper
from scheduler.render import Renderer
from tests.intake.conftest import corrupt_mail, report_mail

FIXED = dt.datetime(2021, 10, 21, 1, 0, tzinfo=dt.UTC)
PERSONAL = "hieutruong.myan@gmail.com"


@pytest.fixture
def rt(config_file: Path) -> Iterator[Runtime]:
    runtime = Runtime.open(config_mod.load(config_file), clock=lambda: FIXED)
    yield runtime
    runtime.close()


def _cli(config_file: Path, *args: str, at: dt.datetime | None = None) -> Result:
    """The command as staff type it, now or at the moment at (when the test's mail came in another year)."""
    return CliRunner().invoke(main, ["--config", str(config_file), *args], obj=(lambda: at) if at else None)


MY_PHU = "Trường Tiểu học Mỹ Phú"


def _unnamed_report(
    sender: str,
    seed: int,
    day: int,
    year: int = 2021,
    school: str = "Trường Tiểu học Mỹ An",
    subject: str = "Báo cáo NQ121",
) -> bytes:
    """A report pasted into the body whose text never names its school (the header was cropped)."""
    paper = make_paper(school, year=year, rng=random.Random(seed), named=False)
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = subject
    msg["Message-ID"] = f"<r{seed}@gmail.com>"
    msg["Date"] = f"{day} Oct {year} 09:00:00 +0700"
    msg.set_content(render_text(paper))
    return msg.as_bytes()


def _process(rt: Runtime, raw: bytes, day: int, year: int = 2021) -> pipeline.Outcome:
    return pipeline.process(rt, raw, received_at=dt.datetime(year, 10, day, 2, tzinfo=dt.UTC), source="test")


def test_assigning_mail_from_an_unknown_address_learns_it_and_the_next_mail_matches(
    rt: Runtime, config_file: Path
) -> None:
    first = _process(rt, _unnamed_report(PERSONAL, 1, 18), 18)
    assert first.state == MessageState.REVIEW

    listed = _cli(config_file, "review")
    assert listed.exit_code == 0, listed.output
    assert first.key[:12] in listed.output and PERSONAL in listed.output
    assert "(chưa có)" in listed.output and "Lý do" in listed.output

    assigned = _cli(config_file, "assign", first.key[:10], "th-my-an")
    assert assigned.exit_code == 0, assigned.output
    assert "Đã gán thư" in assigned.output and "Trường Tiểu học Mỹ An" in assigned.output
    assert f"Đã ghi nhớ địa chỉ {PERSONAL}" in assigned.output
    assert _cli(config_file, "review").output.strip() == "Không có thư nào chờ xem xét."

    second = _process(rt, _unnamed_report(PERSONAL, 2, 22), 22)
    assert second.state == MessageState.REPORT
    assert [s.school_id for s in second.submissions] == ["th-my-an"]
    assert "đã được cán bộ Phòng gán cho Trường Tiểu học Mỹ An" in second.reason

    shown = _cli(config_file, "addresses")
    assert PERSONAL in shown.output and first.key[:12] in shown.output and "Đang dùng" in shown.output

    history = _cli(config_file, "history", "th-my-an")
    assert history.exit_code == 0, history.output
    lines = [line for line in history.output.splitlines() if "NQ121" in line]
    assert len(lines) == 2
    assert "Đã được thay bằng lần nộp sau" in lines[0] and "Được tính" in lines[1]


def test_forgetting_a_learned_address_sends_its_next_mail_to_review_again(
    rt: Runtime, config_file: Path
) -> None:
    first = _process(rt, _unnamed_report(PERSONAL, 1, 18), 18)
    assert _cli(config_file, "assign", first.message_id, "th-my-an").exit_code == 0

    forgotten = _cli(config_file, "addresses", "--forget", PERSONAL.upper(), at=FIXED)
    assert forgotten.exit_code == 0, forgotten.output
    assert f"Đã gỡ địa chỉ {PERSONAL}" in forgotten.output
    assert "Đã gỡ" in _cli(config_file, "addresses").output

    again = _process(rt, _unnamed_report(PERSONAL, 3, 23), 23)
    assert again.state == MessageState.REVIEW
    assert rt.store.submissions(school_id="th-my-an")[0].message_key == first.key  # the staff decision stays

    missing = _cli(config_file, "addresses", "--forget", PERSONAL)
    assert missing.exit_code == 1 and "không nằm trong danh sách địa chỉ đã ghi nhớ" in missing.output


def test_forgetting_an_address_config_registers_says_where_to_remove_it(config_file: Path) -> None:
    """`addresses --forget` on a school's address listed in config.toml answered that it was not among the
    learned addresses, as for a typo, and never said it is the school's registered address, to be removed
    from config.toml."""
    refused = _cli(config_file, "addresses", "--forget", "C1MyAn.ThuThua@example.edu.vn")
    assert refused.exit_code == 1
    assert (
        "Địa chỉ c1myan.thuthua@example.edu.vn là địa chỉ đăng ký của Trường Tiểu học Mỹ An trong config.toml"
        in refused.output
    )
    assert "xóa địa chỉ khỏi mục emails của trường trong config.toml" in refused.output
    assert "không nằm trong danh sách địa chỉ đã ghi nhớ" not in refused.output


def test_forgetting_an_address_rereads_the_mail_from_it_that_waits(rt: Runtime, config_file: Path) -> None:
    """A principal's gmail staff tied to Tiểu học Mỹ An in 2021 sent an unnamed paper in 2022: it waited,
    its reason saying staff had tied the address to Mỹ An. Staff then forgot the address, and the reason
    went on citing it, offering Mỹ An on an address no longer tied to any school."""
    first = _process(rt, _unnamed_report(PERSONAL, 1, 18), 18)
    assert _cli(config_file, "assign", first.key[:12], "th-my-an").exit_code == 0
    moved = _process(rt, _unnamed_report(PERSONAL, 2, 17, year=2022, school=MY_PHU), 17, year=2022)
    assert "đã được cán bộ Phòng gán cho Trường Tiểu học Mỹ An" in moved.reason

    forgotten = _cli(
        config_file, "addresses", "--forget", PERSONAL, at=dt.datetime(2022, 10, 18, tzinfo=dt.UTC)
    )

    assert forgotten.exit_code == 0, forgotten.output
    [waiting] = rt.store.reviews(message_key=moved.key)
    assert "gán cho" not in waiting.reason and "không ghi tên trường nào" in waiting.reason, waiting.reason
    assert "gán cho" not in " ".join(_cli(config_file, "review", "--year", "2022").output.split())


def test_forgetting_an_address_keeps_the_mail_of_closed_seasons_it_credited(
    rt: Runtime, config_file: Path
) -> None:
    """Forgetting in December 2022 the gmail staff tied to Tiểu học Mỹ An in 2021 read the 2021 report
    credited on it again and took it from Mỹ An: a season settled a year before turned «Chưa nộp». It
    stands; only staff saying the address was learned by mistake (--all-seasons) read it again."""
    first = _process(rt, _unnamed_report(PERSONAL, 1, 18), 18)
    assert _cli(config_file, "assign", first.key[:12], "th-my-an", at=FIXED).exit_code == 0
    second = _process(rt, _unnamed_report(PERSONAL, 2, 19), 19)
    assert [s.school_id for s in second.submissions] == ["th-my-an"]
    december = dt.datetime(2022, 12, 1, 1, tzinfo=dt.UTC)

    forgotten = _cli(config_file, "addresses", "--forget", PERSONAL, at=december)

    assert forgotten.exit_code == 0, forgotten.output
    said = " ".join(forgotten.output.split())
    assert (
        "Thư của các đợt báo cáo đã khép lại, nhận trong lúc địa chỉ còn được ghi nhớ, vẫn được tính" in said
    )
    assert f"baocao addresses --forget {PERSONAL} --all-seasons" in said
    assert second.key[:12] not in said
    assert [s.school_id for s in rt.store.submissions(year=2021) if s.message_key == second.key] == [
        "th-my-an"
    ]
    assert _cli(config_file, "reprocess", at=december).exit_code == 0
    assert [s.school_id for s in rt.store.submissions(year=2021) if s.message_key == second.key] == [
        "th-my-an"
    ]
    after = _process(rt, _unnamed_report(PERSONAL, 3, 3, year=2022), 3, year=2022)  # came in October 2022
    assert after.state == MessageState.REVIEW  # the 2022 season was open when it was forgotten

    again = _cli(config_file, "addresses", "--forget", PERSONAL, "--all-seasons", at=december)

    assert again.exit_code == 0, again.output
    assert f"({second.key[:12]}) cũng gửi từ địa chỉ này" in again.output
    assert not [s for s in rt.store.submissions() if s.message_key == second.key]
    help_text = " ".join(_cli(config_file, "addresses", "--help").output.split())
    assert "đọc lại thư từ địa chỉ này của mọi năm, cả đợt báo cáo đã khép lại" in help_text


def test_an_address_staff_assign_to_two_schools_names_neither(rt: Runtime, config_file: Path) -> None:
    """A clerk who sends the reports of two schools from one gmail: staff assigned her first mail to
    Tiểu học Mỹ An and a later one to THCS Mỹ An, and the address was simply moved to THCS Mỹ An, so
    the primary school's next report with a cropped header was credited to the secondary school."""
    first = _process(rt, _unnamed_report(PERSONAL, 1, 18), 18)
    assert _cli(config_file, "assign", first.key[:12], "th-my-an").exit_code == 0
    second = _process(rt, _unnamed_report(PERSONAL, 2, 19), 19)
    assert [s.school_id for s in second.submissions] == ["th-my-an"]  # by the learned address

    shared = _cli(config_file, "assign", second.key[:12], "thcs-my-an")
    assert shared.exit_code == 0, shared.output
    assert "cũng đã gửi thư của Trường Tiểu học Mỹ An" in shared.output
    assert "Đã ghi nhớ địa chỉ" not in shared.output
    assert "Đã gỡ" in _cli(config_file, "addresses").output

    third = _process(rt, _unnamed_report(PERSONAL, 3, 22), 22)
    assert third.state == MessageState.REVIEW
    assert _cli(config_file, "assign", third.key[:12], "th-my-an").exit_code == 0  # does not learn it again
    fourth = _process(rt, _unnamed_report(PERSONAL, 4, 23), 23)
    assert fourth.state == MessageState.REVIEW
    assert {s.school_id for s in rt.store.submissions()} == {"th-my-an", "thcs-my-an"}


def test_a_principal_transferred_since_last_season_takes_her_address_to_her_new_school(
    rt: Runtime, config_file: Path
) -> None:
    """A principal's gmail that staff tied to Tiểu học Mỹ An in 2021 credited Mỹ An with the 2022
    report she sent, header cropped, from Mỹ Phú, where she had been transferred; and when staff
    assigned it to Mỹ Phú the address was dropped as shared by two schools, so her next mail waited
    again. Mail of an earlier season is no second school: the address moves with her."""
    first = _process(rt, _unnamed_report(PERSONAL, 1, 18), 18)
    assert _cli(config_file, "assign", first.key[:12], "th-my-an").exit_code == 0

    moved = _process(rt, _unnamed_report(PERSONAL, 2, 17, year=2022, school=MY_PHU), 17, year=2022)
    assert moved.state == MessageState.REVIEW
    [waiting] = [r for r in rt.store.reviews() if r.message_key == moved.key]
    assert waiting.candidates == ("th-my-an",) and "từ một thư của năm 2021" in waiting.reason

    assigned = _cli(
        config_file, "assign", moved.key[:12], "th-my-phu", at=dt.datetime(2022, 10, 18, tzinfo=dt.UTC)
    )
    assert assigned.exit_code == 0, assigned.output
    assert "(trước đây gắn với Trường Tiểu học Mỹ An)" in assigned.output
    assert "cũng đã gửi thư của" not in assigned.output
    again = _process(rt, _unnamed_report(PERSONAL, 3, 20, year=2022, school=MY_PHU), 20, year=2022)
    assert [(s.school_id, s.year) for s in again.submissions] == [("th-my-phu", 2022)]
    assert [(s.school_id, s.year) for s in rt.store.submissions(school_id="th-my-an")] == [("th-my-an", 2021)]


def test_an_address_learned_in_another_season_holds_no_reminder_of_its_old_school(
    rt: Runtime, config_file: Path
) -> None:
    """A principal's gmail staff tied to Tiểu học Mỹ An in 2021 sent Mỹ Phú's headed report in 2022, where
    she had moved, then an unnamed paper. That paper rightly waited offering both schools, but it held Mỹ
    An's reminders: Mỹ An, which sent nothing in 2022 and was listed as missing, was not reminded the day
    before the deadline. The old address only hints at Mỹ An."""
    first = _process(rt, _unnamed_report(PERSONAL, 1, 18), 18)
    assert _cli(config_file, "assign", first.key[:12], "th-my-an").exit_code == 0
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = (
        PERSONAL,
        "pgdthuthua@example.edu.vn",
        "Báo cáo NQ121 - TH Mỹ Phú",
    )
    msg["Message-ID"], msg["Date"] = "<myphu@gmail.com>", "14 Oct 2022 09:00:00 +0700"
    msg.set_content(render_text(make_paper(MY_PHU, year=2022, rng=random.Random(5))))
    headed = _process(rt, msg.as_bytes(), 14, year=2022)
    assert [s.school_id for s in headed.submissions] == ["th-my-phu"]

    unnamed = _process(rt, _unnamed_report(PERSONAL, 2, 15, year=2022, school=MY_PHU), 15, year=2022)

    [waiting] = rt.store.reviews(message_key=unnamed.key)
    assert set(waiting.candidates) == {"th-my-an", "th-my-phu"}
    shown = _cli(config_file, "remind", "--dry-run", "--format", "json", "--as-of", "2022-10-24 07:30")
    assert shown.exit_code == 0, shown.output
    reminded = {m["school_id"] for m in json.loads(shown.output) if m["kind"] == "reminder"}
    assert "th-my-an" in reminded


def test_mail_only_an_old_address_points_at_waits_though_that_school_reports_later(
    rt: Runtime, config_file: Path
) -> None:
    """A principal's gmail staff tied to Tiểu học Mỹ An in 2021 sent an unnamed paper in 2022 from Mỹ Phú,
    where she had moved; Mỹ An's new principal then sent Mỹ An's headed report from its own address. The
    paper was set aside as settled by Mỹ An's report, so nothing waited for staff and Mỹ Phú stayed
    «Chưa nộp» with no note: only the old address pointed at Mỹ An, whose report says nothing of it."""
    first = _process(rt, _unnamed_report(PERSONAL, 1, 18), 18)
    assert _cli(config_file, "assign", first.key[:12], "th-my-an").exit_code == 0
    moved = _process(rt, _unnamed_report(PERSONAL, 2, 12, year=2022, school=MY_PHU), 12, year=2022)
    at = dt.datetime(2022, 10, 16, 2, tzinfo=dt.UTC)
    own = _process(
        rt, report_mail("c1myan.thuthua@example.edu.vn", "Trường Tiểu học Mỹ An", at), 16, year=2022
    )
    assert [s.school_id for s in own.submissions] == ["th-my-an"]

    shown = _cli(config_file, "review", "--year", "2022")

    assert shown.exit_code == 0, shown.output
    assert shown.output.startswith("1 thư chờ xem xét"), shown.output
    assert moved.key[:12] in shown.output and "không còn chờ xem xét" not in shown.output
    status = _cli(config_file, "status", "--year", "2022")
    [an] = [line for line in status.output.splitlines() if "th-my-an " in line]
    assert "Có 1 thư đang chờ cán bộ xem xét" in an, status.output


def test_a_school_taken_off_the_config_is_no_longer_offered_for_mail_waiting(
    rt: Runtime, config_file: Path
) -> None:
    """A principal's gmail learned for Tiểu học Mỹ An in 2021 sent an unnamed paper in 2022: it waited
    offering Mỹ An. The school was then taken off config.toml: `review` still offered «th-my-an
    (th-my-an)», and `assign … th-my-an` refused it, suggesting unrelated schools."""
    first = _process(rt, _unnamed_report(PERSONAL, 1, 18), 18)
    assert _cli(config_file, "assign", first.key[:12], "th-my-an").exit_code == 0
    waiting = _process(rt, _unnamed_report(PERSONAL, 2, 17, year=2022, school=MY_PHU), 17, year=2022)
    assert [r.candidates for r in rt.store.reviews(message_key=waiting.key)] == [("th-my-an",)]
    text = config_file.read_text(encoding="utf-8")
    start = text.index('[[schools]]\nid = "th-my-an"')
    config_file.write_text(text[:start] + text[text.index("[[", start + 2) :], encoding="utf-8")

    shown = _cli(config_file, "review", "--year", "2022")

    assert shown.exit_code == 0, shown.output
    assert "th-my-an (" not in shown.output
    said = " ".join(shown.output.split())
    assert "thư có thể là của trường mã «th-my-an», nhưng trường này nay không còn trong tệp cấu hình" in said


def test_reassigning_the_mail_that_taught_an_address_moves_the_address(
    rt: Runtime, config_file: Path
) -> None:
    """Correcting a wrong assignment is not a second school: the address follows the message."""
    first = _process(rt, _unnamed_report(PERSONAL, 1, 18), 18)
    assert _cli(config_file, "assign", first.key[:12], "th-my-an").exit_code == 0
    moved = _cli(config_file, "assign", first.key[:12], "thcs-my-an")
    assert moved.exit_code == 0, moved.output
    assert "(trước đây gắn với Trường Tiểu học Mỹ An)" in moved.output
    again = _process(rt, _unnamed_report(PERSONAL, 2, 22), 22)
    assert [s.school_id for s in again.submissions] == ["thcs-my-an"]


@pytest.mark.parametrize(
    ("command", "now"),
    [
        (("assign", "{first}", "thcs-my-an"), "nay được tính cho Trường THCS Mỹ An"),
        (("reject", "{first}"), "nay chờ cán bộ xem xét"),
        (("addresses", "--forget", PERSONAL, "--all-seasons"), "nay chờ cán bộ xem xét"),
    ],
    ids=["reassign", "reject", "forget"],
)
def test_correcting_the_mail_that_taught_an_address_moves_the_mail_credited_by_it(
    rt: Runtime, config_file: Path, command: tuple[str, ...], now: str
) -> None:
    """Staff assigned a teacher's gmail to Tiểu học Mỹ An by mistake; her next unnamed report was credited
    to Mỹ An by that address. Staff then corrected the first mail (assigned it to THCS Mỹ An, rejected it
    or forgot the address): the second went on counting for Tiểu học Mỹ An, a school that had not sent
    it, until someone ran reprocess. It is read again, and the command says where it went."""
    first = _process(rt, _unnamed_report(PERSONAL, 1, 18), 18)
    assert _cli(config_file, "assign", first.key[:12], "th-my-an").exit_code == 0
    second = _process(rt, _unnamed_report(PERSONAL, 2, 19), 19)
    assert [s.school_id for s in second.submissions] == ["th-my-an"]

    done = _cli(config_file, *(a.format(first=first.key[:12]) for a in command))
    assert done.exit_code == 0, done.output
    assert (
        f"Thư «Báo cáo NQ121» ({second.key[:12]}) cũng gửi từ địa chỉ này, trước đây được tính cho Trường "
        f"Tiểu học Mỹ An: {now}." in done.output
    )
    credited = {s.school_id for s in rt.store.submissions() if s.message_key == second.key}
    assert "th-my-an" not in credited


def test_an_address_taught_for_one_school_that_sent_anothers_report_this_season_names_neither(
    rt: Runtime, config_file: Path
) -> None:
    """Staff assigned a teacher's gmail to Tiểu học Mỹ An; she then sent THCS Mỹ An's report, headed with
    its name (credited to THCS Mỹ An). Her next unnamed report was credited to Tiểu học Mỹ An on the
    address alone, though the address had just shown it sends for both. It waits, offering both."""
    first = _process(rt, _unnamed_report(PERSONAL, 1, 18), 18)
    assert _cli(config_file, "assign", first.key[:12], "th-my-an").exit_code == 0
    headed = make_paper("Trường THCS Mỹ An", year=2021, rng=random.Random(5))
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = PERSONAL, "pgdthuthua@example.edu.vn", "Báo cáo NQ121"
    msg["Message-ID"], msg["Date"] = "<thcs@gmail.com>", "19 Oct 2021 09:00:00 +0700"
    msg.set_content(render_text(headed))
    other = _process(rt, msg.as_bytes(), 19)
    assert [s.school_id for s in other.submissions] == ["thcs-my-an"]

    third = _process(rt, _unnamed_report(PERSONAL, 3, 22), 22)
    assert third.state == MessageState.REVIEW and not third.submissions
    [review] = rt.store.reviews(message_key=third.key)
    assert set(review.candidates) == {"th-my-an", "thcs-my-an"}
    assert "năm nay địa chỉ này cũng đã gửi báo cáo của Trường THCS Mỹ An" in review.reason


def test_an_address_taught_for_one_school_whose_paper_of_another_waits_no_longer_names_one(
    rt: Runtime, config_file: Path
) -> None:
    """Staff assigned a teacher's gmail to Tiểu học Mỹ An; she then sent a paper headed THCS Mỹ An, which
    waited for staff naming both schools. Her next unnamed report was credited to Tiểu học Mỹ An on the
    address alone, replacing Mỹ An's report, though the address had just shown it sends for both: only
    the mail already credited counted, not the mail waiting. It waits too, offering both."""
    first = _process(rt, _unnamed_report(PERSONAL, 1, 18), 18)
    assert _cli(config_file, "assign", first.key[:12], "th-my-an").exit_code == 0
    headed = render_docx(make_paper("Trường THCS Mỹ An", year=2021, rng=random.Random(5)))
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = PERSONAL, "pgdthuthua@example.edu.vn", "Báo cáo NQ121"
    msg["Message-ID"], msg["Date"] = "<thcs@gmail.com>", "19 Oct 2021 09:00:00 +0700"
    msg.set_content("Gửi Phòng báo cáo ạ.")
    msg.add_attachment(headed, maintype="application", subtype="octet-stream", filename="baocao.docx")
    other = _process(rt, msg.as_bytes(), 19)
    assert other.state == MessageState.REVIEW and not other.submissions
    assert set(rt.store.reviews(message_key=other.key)[0].candidates) == {"th-my-an", "thcs-my-an"}

    third = _process(rt, _unnamed_report(PERSONAL, 3, 22), 22)
    assert third.state == MessageState.REVIEW and not third.submissions
    [review] = rt.store.reviews(message_key=third.key)
    assert set(review.candidates) == {"th-my-an", "thcs-my-an"}
    assert "năm nay địa chỉ này cũng đã gửi báo cáo của Trường THCS Mỹ An" in review.reason
    assert [s.message_key for s in rt.store.submissions(school_id="th-my-an")] == [first.key]


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (
            ("assign", "{key}", "th-my-an"),
            "đã được gán cho Trường Tiểu học Mỹ An từ trước; không ghi gì thêm",
        ),
        (("reject", "{key}"), "đã được loại khỏi danh sách báo cáo từ trước; không ghi gì thêm"),
        (("internal", "{key}"), "đã được ghi là thư của chính Phòng từ trước; không ghi gì thêm"),
    ],
    ids=["assign", "reject", "internal"],
)
def test_a_decision_typed_twice_is_recorded_once_and_says_so(
    rt: Runtime, config_file: Path, command: tuple[str, ...], said: str
) -> None:
    """A clerk unsure whether her command went through typed it again: it printed «Đã gán…» as if new and
    wrote a second entry in the audit log (a second «Đã ghi nhớ địa chỉ…» too)."""
    outcome = _process(rt, _unnamed_report(PERSONAL, 1, 18), 18)
    args = [a.format(key=outcome.key[:12]) for a in command]
    assert _cli(config_file, *args).exit_code == 0
    again = _cli(config_file, *args)
    assert again.exit_code == 0, again.output
    assert said in again.output and "Đã ghi nhớ" not in again.output
    logged = json.loads(_cli(config_file, "audit", "--format", "json").output)
    assert [e["action"] for e in logged].count(command[0]) == 1


def test_assigning_a_mail_to_a_season_that_had_not_begun_is_refused(rt: Runtime, config_file: Path) -> None:
    """`assign … --year 2030` on a mail received in October 2021 was recorded: the school showed «Đã nộp»
    for 2030, nine years before that season."""
    outcome = _process(rt, _unnamed_report(PERSONAL, 1, 18), 18)
    refused = _cli(config_file, "assign", outcome.key[:12], "th-my-an", "--year", "2030")
    assert refused.exit_code == 1
    assert "thư nhận ngày 18/10/2021 không thể là báo cáo năm 2030" in refused.output
    assert "đợt gần nhất lúc đó là năm 2021" in refused.output
    assert rt.store.submissions() == []
    assert _cli(config_file, "assign", outcome.key[:12], "th-my-an", "--year", "2020").exit_code == 0


def test_assigning_a_mail_to_a_season_years_before_it_came_is_refused(rt: Runtime, config_file: Path) -> None:
    """«2019» typed for 2021 in the year box beside «Gán» was recorded: the report of 18/10/2021 counted
    for 2019, 724 days late, the school's 2021 season stayed as it was, and a season of 2019 appeared in
    which every other school was missing. A year more than a season before the mail is refused unless the
    mail's papers say it."""
    outcome = _process(rt, _unnamed_report(PERSONAL, 1, 18), 18)
    refused = _cli(config_file, "assign", outcome.key[:12], "th-my-an", "--year", "2019")
    assert refused.exit_code == 1 and rt.store.submissions() == []
    assert "tiêu đề thư và văn bản trong thư không ghi là báo cáo năm 2019" in refused.output
    assert "Đợt gần nhất lúc thư đến là năm 2021" in refused.output
    old = _process(rt, _unnamed_report(PERSONAL, 2, 19, year=2019), 19)
    assert _cli(config_file, "assign", old.key[:12], "th-my-an", "--year", "2019").exit_code == 0


def test_assigning_a_mail_to_the_earlier_year_its_subject_states_is_accepted(
    rt: Runtime, config_file: Path
) -> None:
    """A school sent its 2019 report late under «Gửi bổ sung báo cáo NQ121 năm 2019»; the pipeline counted
    it for the running season, and `assign … --year 2019` was refused as a slip («văn bản trong thư không
    ghi là báo cáo năm 2019»), though the school's subject said that year: the clerk followed the review's
    advice instead and credited the wrong season. The year a subject states is the mail saying it."""
    raw = _unnamed_report(PERSONAL, 1, 18, subject="Gửi bổ sung báo cáo NQ121 năm 2019")
    outcome = _process(rt, raw, 18)
    assigned = _cli(config_file, "assign", outcome.key[:12], "th-my-an", "--year", "2019")
    assert assigned.exit_code == 0, assigned.output
    [sub] = rt.store.submissions()
    assert (sub.school_id, sub.year) == ("th-my-an", 2019)


def test_a_message_code_of_a_few_characters_is_refused(rt: Runtime, config_file: Path) -> None:
    """`assign 3 th-long-thanh` (a code typed short, or a slip of the keyboard) moved whichever message's
    code began with «3», a report some school had sent, with no warning."""
    outcome = _process(rt, _unnamed_report(PERSONAL, 1, 18), 18)
    short = _cli(config_file, "assign", outcome.key[:2], "th-my-an")
    assert (
        short.exit_code == 1 and f"Mã thư «{outcome.key[:2]}» quá ngắn: ghi ít nhất 6 ký tự" in short.output
    )
    assert rt.store.submissions() == []
    assert _cli(config_file, "assign", outcome.key[:6], "th-my-an").exit_code == 0


@pytest.mark.parametrize("command", [("assign", "{key}", "th-my-lac"), ("internal", "{key}")])
def test_taking_a_counted_report_from_its_school_says_so(
    rt: Runtime, config_file: Path, command: tuple[str, ...]
) -> None:
    """Tiểu học Mỹ An's own report, from its registered address, was assigned to Mỹ Lạc (or marked the
    office's own mail) by a slip: the command printed «Đã gán…» and nothing else, while Mỹ An silently
    became «Chưa nộp». The command says which school the mail no longer counts for."""
    school = rt.config.school("th-my-an")
    at = dt.datetime(2021, 10, 18, 8, 0, tzinfo=dt.UTC)
    outcome = _process(rt, report_mail(school.emails[0], school.name, at), 18)
    assert [s.school_id for s in outcome.submissions] == ["th-my-an"]
    done = _cli(config_file, *(a.format(key=outcome.key[:12]) for a in command))
    assert done.exit_code == 0, done.output
    assert (
        "Lưu ý: thư này trước đây được tính là báo cáo của Trường Tiểu học Mỹ An; nay không còn được tính"
        in done.output
    )
    assert "thư còn kèm báo cáo của" not in done.output  # said of the office's own mail passing reports on


def test_reject_takes_a_message_out_for_good(rt: Runtime, config_file: Path) -> None:
    outcome = _process(rt, _unnamed_report(PERSONAL, 4, 19), 19)
    rejected = _cli(config_file, "reject", outcome.key[:16])
    assert rejected.exit_code == 0, rejected.output
    assert "Đã loại thư" in rejected.output
    assert rt.store.message(outcome.key).state == MessageState.REJECTED  # type: ignore[union-attr]
    assert pipeline.reprocess(rt, outcome.key).state == MessageState.REJECTED
    assert _cli(config_file, "review").output.strip() == "Không có thư nào chờ xem xét."


def test_an_unreadable_report_the_school_has_since_resent_readable_no_longer_waits(
    rt: Runtime, config_file: Path
) -> None:
    """`baocao review` (and the page's queue and its count) kept listing a school's unreadable file
    with «nhờ trường gửi lại» after the school had resent a readable report, so staff chased schools
    that had reported. An unreadable file from a school that has not resent still waits."""
    my_an, my_lac = rt.config.school("th-my-an"), rt.config.school("th-my-lac")
    at = dt.datetime(2021, 10, 18, 8, 0, tzinfo=dt.UTC)
    for school in (my_an, my_lac):
        assert _process(rt, corrupt_mail(school.emails[0], at), 18).state == MessageState.UNREADABLE
    resent = report_mail(my_an.emails[0], my_an.name, at + dt.timedelta(days=1))
    assert _process(rt, resent, 19).state == MessageState.REPORT

    listed = _cli(config_file, "review", "--format", "json")
    assert listed.exit_code == 0, listed.output
    waiting = [r["from"] for r in json.loads(listed.output) if r["kind"] == "failed"]
    assert waiting == [my_lac.emails[0]]


def test_history_counts_the_readable_report_not_an_unreadable_file_sent_after_it(
    rt: Runtime, config_file: Path
) -> None:
    """`baocao history` marked a broken file sent after the school's report «Đang tính» and the report
    itself «Đã được thay bằng lần nộp sau», while the status (and the school's page) counted the report."""
    my_an = rt.config.school("th-my-an")
    at = dt.datetime(2021, 10, 18, 8, 0, tzinfo=dt.UTC)
    assert _process(rt, report_mail(my_an.emails[0], my_an.name, at), 18).state == MessageState.REPORT
    broken = corrupt_mail(my_an.emails[0], at + dt.timedelta(days=1))
    assert _process(rt, broken, 19).state == MessageState.UNREADABLE

    shown = _cli(config_file, "history", "th-my-an")
    assert shown.exit_code == 0, shown.output
    lines = [line for line in shown.output.splitlines() if line.startswith("NQ121")]
    assert len(lines) == 2
    assert lines[0].endswith("Được tính")
    assert lines[1].endswith("Không đọc được tệp")
    records = json.loads(_cli(config_file, "history", "th-my-an", "--format", "json").output)
    assert [r["current"] for r in records] == [True, False]


def test_the_review_export_calls_an_unreadable_report_unreadable(rt: Runtime, config_file: Path) -> None:
    """The CSV and JSON of `baocao review` labelled a report whose file could not be read «Không xử lý
    được», the label of a message that failed, where the page says the file could not be read."""
    school = rt.config.school("th-my-lac")
    at = dt.datetime(2021, 10, 18, 8, 0, tzinfo=dt.UTC)
    assert _process(rt, corrupt_mail(school.emails[0], at), 18).state == MessageState.UNREADABLE

    listed = _cli(config_file, "review", "--format", "csv")
    assert listed.exit_code == 0, listed.output
    (row,) = [r for r in csv.reader(io.StringIO(listed.output.lstrip("\ufeff"))) if school.emails[0] in r]
    assert row[0] == "Không đọc được tệp"


def test_review_and_history_print_a_long_address_whole(rt: Runtime, config_file: Path) -> None:
    """The sender column was cut at 30 characters, so «c1mythanha.thuthua@example.edu.vn» was printed
    as «c1mythanha.thuthua@example.edu» with «.vn» on the next line, an address nobody can copy."""
    school = rt.config.school("th-my-thanh-a")
    address = school.emails[0]
    assert len(address) > 30
    at = dt.datetime(2021, 10, 18, 8, 0, tzinfo=dt.UTC)
    assert _process(rt, corrupt_mail(address, at), 18).state == MessageState.UNREADABLE
    for args in (("review",), ("history", school.id)):
        shown = _cli(config_file, *args)
        assert shown.exit_code == 0, shown.output
        assert any(address in line for line in shown.output.splitlines()), shown.output


def test_assigning_a_registered_schools_mail_learns_no_address(rt: Runtime, config_file: Path) -> None:
    outcome = _process(rt, _unnamed_report("c2myan.thuthua@example.edu.vn", 5, 19), 19)
    assert outcome.state == MessageState.REPORT
    result = _cli(config_file, "assign", outcome.key[:12], "th-my-an")
    assert result.exit_code == 0 and "ghi nhớ" not in result.output
    assert _cli(config_file, "addresses").output.startswith("Chưa ghi nhớ địa chỉ nào")
    assert [s.school_id for s in rt.store.submissions()] == ["th-my-an"]


def _undated_report_of_may(sender: str) -> bytes:
    """Mỹ An's report with no year in its title, dated and sent in May: as near to the 2022 deadline as
    to the 2021 one, so only staff know which season it answers."""
    paper = dataclasses.replace(
        make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(8), date=dt.date(2022, 5, 10)),
        summary=("Kết quả thực hiện Nghị quyết số 121/2020/QH14 về phòng, chống xâm hại trẻ em",),
    )
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo NQ121 (nộp bổ sung)"
    msg["Message-ID"] = "<may@example.edu.vn>"
    msg.set_content(render_text(paper))
    return msg.as_bytes()


def test_staff_choose_the_season_when_they_assign(rt: Runtime, config_file: Path) -> None:
    """A report with no year, sent in May, went to the season of the nearest deadline, and staff who knew
    it was the past autumn's late report could move it to another school but not to another season:
    the past season kept the school missing for good and the next one counted it received."""
    raw = _undated_report_of_may("c1myan.thuthua@example.edu.vn")
    outcome = pipeline.process(rt, raw, received_at=dt.datetime(2022, 5, 11, 2, tzinfo=dt.UTC), source="test")
    assert [(s.school_id, s.year) for s in rt.store.submissions()] == [("th-my-an", 2022)]

    refused = _cli(config_file, "assign", outcome.key[:12], "th-my-an", "--year", "21")
    assert refused.exit_code == 2 and "có phải 2021?" in refused.output

    moved = _cli(config_file, "assign", outcome.key[:12], "th-my-an", "--year", "2021")
    assert moved.exit_code == 0, moved.output
    assert "cho Trường Tiểu học Mỹ An, báo cáo năm 2021." in moved.output
    assert [(s.school_id, s.year) for s in rt.store.submissions()] == [("th-my-an", 2021)]
    assert pipeline.reprocess(rt, outcome.key).state == MessageState.REPORT  # the decision stands
    assert [(s.school_id, s.year) for s in rt.store.submissions()] == [("th-my-an", 2021)]
    assert "báo cáo năm 2021" in _cli(config_file, "audit").output

    kept = _cli(config_file, "assign", outcome.key[:12], "th-my-an")  # no year: the mail's season again
    assert kept.exit_code == 0, kept.output
    assert [(s.school_id, s.year) for s in rt.store.submissions()] == [("th-my-an", 2022)]


def test_errors_are_one_clear_line(rt: Runtime, config_file: Path) -> None:
    keys = []
    for n in range(17):  # 17 keys in 16 hex digits: two of them share a first digit
        msg = EmailMessage()
        msg["From"] = "tin@example.com"
        msg["Subject"] = f"Thông báo {n}"
        msg["Message-ID"] = f"<tb{n}@example.com>"
        msg.set_content("Không liên quan.")
        keys.append(_process(rt, msg.as_bytes(), 19).key)
    shared = next(k[0] for k in keys if sum(1 for other in keys if other[0] == k[0]) > 1)

    cases = [
        (("assign", "ffffffffffffffffffff", "th-my-an"), "Không có thư nào có mã"),
        (("assign", shared, "th-my-an"), f"Mã «{shared}» khớp"),
        (("assign", keys[0][:12], "th-my-ann"), "Không có trường mã «th-my-ann»"),
        (("history", "th-myan"), "Có phải: th-my-an"),
        (("reject", ""), "Chưa ghi mã thư"),
    ]
    for args, said in cases:
        result = _cli(config_file, *args)
        assert result.exit_code == 1, (args, result.output)
        assert said in result.output and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1


def test_a_school_named_in_full_instead_of_its_code_is_taken(rt: Runtime, config_file: Path) -> None:
    """`baocao history "Trường Tiểu học Mỹ An"` was refused «Không có trường mã «Trường Tiểu học Mỹ An»…
    Có phải: th-my-an (Trường Tiểu học Mỹ An)», naming the very school typed."""
    my_an = rt.config.school("th-my-an")
    at = dt.datetime(2021, 10, 18, 8, 0, tzinfo=dt.UTC)
    assert _process(rt, report_mail(my_an.emails[0], my_an.name, at), 18).state == MessageState.REPORT
    by_code = _cli(config_file, "history", "th-my-an").output
    for typed in ("Trường Tiểu học Mỹ An", "truong tieu hoc my an"):
        shown = _cli(config_file, "history", typed)
        assert shown.exit_code == 0, shown.output
        assert shown.output == by_code
    unknown = _cli(config_file, "history", "Trường Tiểu học Mỹ Ann")
    assert unknown.exit_code == 1
    assert "Gõ mã trường, ví dụ th-my-an." in unknown.output


def test_the_commands_explain_themselves_in_vietnamese() -> None:
    for name in ("review", "assign", "reject", "history", "addresses"):
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0 and "Ví dụ: baocao" in result.output


def _forwarded_unnamed_report(forwarder: str, original: str, seed: int, day: int) -> bytes:
    """A district officer's own mailbox (not in the config) forwarding a school's unnamed report."""
    paper = make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(seed), named=False)
    msg = EmailMessage()
    msg["From"] = f"Nguyễn Thị Mai <{forwarder}>"
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Fwd: Báo cáo NQ121"
    msg["Message-ID"] = f"<f{seed}@gmail.com>"
    msg["Date"] = f"{day} Oct 2021 09:00:00 +0700"
    block = (
        "---------- Forwarded message ---------\n"
        f"From: Hiệu trưởng <{original}>\n"
        f"Date: Mon, {day - 1} Oct 2021 at 08:00\n"
        "Subject: Báo cáo NQ121\n"
        f"To: Nguyễn Thị Mai <{forwarder}>\n\n"
    )
    msg.set_content(block + render_text(paper))
    return msg.as_bytes()


def test_assigning_a_forward_learns_the_original_sender_not_the_forwarder(
    rt: Runtime, config_file: Path
) -> None:
    """Staff assigning a forward from an officer's own gmail (not listed as the office's) taught that
    gmail as the school's address: the officer's next mail that names no school would have been the
    school's report. The original sender is the one learned now, and the forwarder never."""
    officer = "ntmai.pgd@gmail.com"
    first = _process(rt, _forwarded_unnamed_report(officer, PERSONAL, 3, 18), 18)
    assert first.state == MessageState.REVIEW, first.reason
    assigned = _cli(config_file, "assign", first.key[:12], "th-my-an")
    assert assigned.exit_code == 0, assigned.output
    assert officer not in assigned.output and f"Đã ghi nhớ địa chỉ {PERSONAL}" in assigned.output

    later = _process(rt, _unnamed_report(officer, 4, 22), 22)
    assert later.state == MessageState.REVIEW and not later.submissions


def _school_status(config_file: Path, school_id: str) -> str:
    out = _cli(config_file, "status", "--year", "2021", "--format", "json")
    assert out.exit_code == 0, out.output
    return next(s["status"] for s in json.loads(out.output)["schools"] if s["school_id"] == school_id)


def test_a_decision_on_a_message_whose_original_is_gone_is_refused_not_half_taken(
    rt: Runtime, config_file: Path
) -> None:
    """`assign` and `reject` of a message whose original had gone from the archive recorded the
    decision and wrote it to the audit log, then failed to apply it: the status went on counting the
    report for its old school while the log said it was moved or rejected (and the page said «Chưa gán
    được»), until a later reprocess applied it unseen. Now nothing is recorded and staff are told to
    fetch the original back with rescan."""
    school = rt.config.school("th-my-an")
    outcome = _process(rt, report_mail(school.emails[0], school.name, FIXED), 20)
    assert outcome.state == MessageState.REPORT
    original = rt.archive.path(outcome.key)
    original.rename(original.with_name("gone"))

    for args in (("assign", outcome.key[:12], "th-my-lac"), ("reject", outcome.key[:12])):
        refused = _cli(config_file, *args)
        assert refused.exit_code == 1, refused.output
        assert "không còn bản gốc trong kho lưu trữ" in refused.output and "baocao rescan" in refused.output
    assert rt.store.decision(outcome.key) is None
    assert "Gán thư" not in _cli(config_file, "audit").output
    original.with_name("gone").rename(original)
    assert pipeline.reprocess(rt, outcome.key).state == MessageState.REPORT
    assert _school_status(config_file, "th-my-an") == "received"
    assert _school_status(config_file, "th-my-lac") == "missing"


def test_staff_decide_on_a_message_too_large_to_read(rt: Runtime, config_file: Path, tmp_path: Path) -> None:
    """A message over max_message_mb is recorded without being read (from the school's address: the
    school's report that could not be read). Staff who read it in webmail and assigned it were told «Đã gán
    thư», yet the school stayed missing (and reminded) and the message stayed under «Không xử lý được»: the
    refusal ignored the decision. Rejecting it did nothing either. Now the decision stands like any other."""
    config_file.write_text(
        config_file.read_text(encoding="utf-8").replace("[imap]\n", "[imap]\nmax_message_mb = 1\n", 1),
        encoding="utf-8",
    )
    export = tmp_path / "xuat"
    export.mkdir()
    school = rt.config.school("th-my-thanh-a")
    scan = b"%PDF-1.4\n" + bytes(1536 * 1024)  # a scan of 1.5 MB, 2 MB once encoded
    (export / "lon.eml").write_bytes(report_mail(school.emails[0], school.name, FIXED, attachment=scan))
    imported = _cli(config_file, "import", str(export))
    assert "1 báo cáo không đọc được tệp" in imported.output, imported.output
    key = rt.store.messages()[0].key
    # Read again, it is still too large: the summary counted it nowhere («Đã xử lý lại 0 thư … 0 lỗi»).
    again = _cli(config_file, "reprocess")
    assert "Đã xử lý lại 1 thư" in again.output and "1 báo cáo không đọc được tệp" in again.output, (
        again.output
    )

    assigned = _cli(config_file, "assign", key[:12], school.id, "--reason", "Đã đọc trên webmail")
    assert assigned.exit_code == 0, assigned.output
    assert _school_status(config_file, school.id) == "received"
    assert "vượt giới hạn" not in _cli(config_file, "review").output
    reprocessed = _cli(config_file, "reprocess")
    assert reprocessed.exit_code == 0, reprocessed.output
    assert _school_status(config_file, school.id) == "received"

    assert _cli(config_file, "reject", key[:12]).exit_code == 0
    assert _school_status(config_file, school.id) == "missing"
    assert rt.store.message(key).state == MessageState.REJECTED  # type: ignore[union-attr]
    assert _cli(config_file, "review").output.strip() == "Không có thư nào chờ xem xét."


def test_a_message_assigned_to_a_school_taken_off_the_config_waits_for_staff_again(
    rt: Runtime, config_file: Path
) -> None:
    """A message staff assigned to a school later taken off config.toml (closed, its id retyped) stayed
    credited to that id: no status, list or review showed the report any more. It now waits for staff
    again, naming the id they chose."""
    outcome = _process(rt, _unnamed_report(PERSONAL, 7, 19), 19)
    assert _cli(config_file, "assign", outcome.key[:12], "mg-tan-long").exit_code == 0
    text = config_file.read_text(encoding="utf-8")
    start = text.index('[[schools]]\nid = "mg-tan-long"')
    config_file.write_text(text[:start] + text[text.index("[[schools]]", start + 1) :], encoding="utf-8")
    with Runtime.open(config_mod.load(config_file), clock=lambda: FIXED) as changed:
        again = pipeline.reprocess(changed, outcome.key)
    assert again.state == MessageState.REVIEW and not again.submissions
    assert "trường mã «mg-tan-long», nhưng tệp cấu hình không còn trường này" in again.reason


@pytest.mark.parametrize("command", ["reject", "internal"])
def test_taking_out_the_message_that_taught_an_address_forgets_the_address(
    rt: Runtime, config_file: Path, command: str
) -> None:
    """Staff assigned a principal's gmail to Mỹ An, then saw the assignment was a mistake and rejected
    the message (or marked it the office's own). The address stayed tied to Mỹ An, now with no season
    of its own (the message records no report any more), so every later unnamed mail from it, in any
    season, was credited to Mỹ An. The address goes with the assignment that taught it."""
    first = _process(rt, _unnamed_report(PERSONAL, 1, 18), 18)
    assert _cli(config_file, "assign", first.key[:12], "th-my-an").exit_code == 0
    taken = _cli(config_file, command, first.key[:12])
    assert taken.exit_code == 0, taken.output
    assert f"Đã gỡ địa chỉ {PERSONAL}" in taken.output
    assert "Đã gỡ" in _cli(config_file, "addresses").output

    second = _process(rt, _unnamed_report(PERSONAL, 2, 22), 22)
    assert second.state == MessageState.REVIEW and not second.submissions
    assert "forget-address" in _cli(config_file, "audit", "--format", "json").output


def test_the_acknowledgement_of_a_file_staff_counted_unread_does_not_list_it_as_read(
    rt: Runtime, config_file: Path
) -> None:
    """A school's PDF was cut off in transfer; staff, holding the paper copy, assigned the message. Its
    acknowledgement then said the office had read «(nội dung thư)» and found none of the report's
    sections, asking the school to check them, and the status listed the report as lacking all four
    sections (the digest's list of incomplete reports too). It now says staff counted the report and
    that nothing needs resending, and no section is called missing."""
    school = rt.config.school("th-my-an")
    at = dt.datetime(2021, 10, 18, 8, 0, tzinfo=dt.UTC)
    outcome = _process(rt, corrupt_mail(school.emails[0], at), 18)
    assert outcome.state == MessageState.UNREADABLE
    assert _cli(config_file, "assign", outcome.key[:12], school.id).exit_code == 0
    [sub] = rt.store.submissions()
    assert sub.readable and sub.problems
    _, text = Renderer(rt.config).ack(rt.config.reports[0], school, sub, "Báo cáo NQ121")
    assert "Cán bộ Phòng đã xem thư và ghi nhận đây là báo cáo" in text
    assert "(nội dung thư)" not in text and "chưa tìm thấy các nội dung" not in text
    # Nor is the report listed as lacking every section: nothing of it was read, so nothing is known.
    listed = json.loads(_cli(config_file, "status", "--year", "2021", "--format", "json").output)
    [state] = [s for s in listed["schools"] if s["school_id"] == school.id]
    assert state["status"] == "received" and state["sections_missing"] == []


def _draft_mail(sender: str, school_name: str, day: int) -> bytes:
    """A school's draft report sent for the office to comment on."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Dự thảo báo cáo NQ121"
    msg["Message-ID"] = f"<nhap{day}@{sender.split('@')[1]}>"
    msg["Date"] = f"{day} Oct 2021 09:00:00 +0700"
    msg.set_content("Dạ em gửi bản dự thảo báo cáo NQ121 nhờ Phòng góp ý ạ.")
    paper = render_docx(make_paper(school_name, year=2021, rng=random.Random(day)))
    msg.add_attachment(
        paper, maintype="application", subtype="octet-stream", filename="Du thao BC NQ121.docx"
    )
    return msg.as_bytes()


def test_a_draft_the_schools_signed_report_came_after_no_longer_waits(rt: Runtime, config_file: Path) -> None:
    """A school sent its draft for comment, then its signed report, which was counted: the draft stayed in
    `baocao review` as mail waiting, counted with the rest, and marked the school as having mail waiting,
    so in the last days of the season the clerk had to find and clear each one by hand. A draft a later
    report of its school settles is listed apart, naming that report and its date, and not counted; a
    draft whose school has not reported since still waits."""
    my_an, my_lac = rt.config.school("th-my-an"), rt.config.school("th-my-lac")
    assert _process(rt, _draft_mail(my_an.emails[0], my_an.name, 15), 15).state == MessageState.REVIEW
    assert _process(rt, _draft_mail(my_lac.emails[0], my_lac.name, 16), 16).state == MessageState.REVIEW
    signed = report_mail(my_an.emails[0], my_an.name, dt.datetime(2021, 10, 18, 2, tzinfo=dt.UTC))
    assert _process(rt, signed, 18).state == MessageState.REPORT

    listed = _cli(config_file, "review")
    assert listed.exit_code == 0, listed.output
    assert "1 thư chờ xem xét:" in listed.output
    assert "1 thư đã có báo cáo của trường gửi sau, không còn chờ xem xét" in listed.output
    assert "Trường Tiểu học Mỹ An (18/10/2021" in listed.output
    records = {r["from"]: r for r in json.loads(_cli(config_file, "review", "--format", "json").output)}
    assert [s["school"] for s in records[my_an.emails[0]]["settled_by"]] == ["th-my-an"]
    assert records[my_lac.emails[0]]["settled_by"] == []
    status = _cli(config_file, "status", "--year", "2021", "--format", "json")
    assert status.exit_code == 0, status.output
    waiting = {s["school_id"]: s["waiting"] for s in json.loads(status.output)["schools"]}
    assert waiting["th-my-an"] == [] and waiting["th-my-lac"] == ["nhap16@example.edu.vn"]


def test_a_request_for_more_time_a_later_report_settled_is_not_offered_for_assigning(
    rt: Runtime, config_file: Path
) -> None:
    """Mỹ An asked for more time on 18/10, then sent its report on time on 20/10. The request was listed
    apart as settled, with «cán bộ vẫn gán được nếu muốn tính thư này (baocao assign)»: assigning the
    request would count the request itself, which has no report in it, as Mỹ An's report (on the page,
    the «Gán cho …» button the sentence named is not even there for such a note). It now says the mail
    carries no report and need not be assigned."""
    my_an = rt.config.school("th-my-an")
    asked = EmailMessage()
    asked["From"], asked["To"] = my_an.emails[0], "pgdthuthua@example.edu.vn"
    asked["Subject"], asked["Message-ID"] = "Xin gia hạn nộp báo cáo NQ121", "<giahan18@example.edu.vn>"
    asked["Date"] = "18 Oct 2021 09:00:00 +0700"
    asked.set_content("Kính gửi Phòng GD&ĐT, trường xin gia hạn nộp báo cáo NQ121 đến ngày 30/10/2021 ạ.")
    assert _process(rt, asked.as_bytes(), 18).state == MessageState.REVIEW
    signed = report_mail(my_an.emails[0], my_an.name, dt.datetime(2021, 10, 20, 2, tzinfo=dt.UTC))
    assert _process(rt, signed, 20).state == MessageState.REPORT

    shown = _cli(config_file, "review", "--format", "json")
    assert shown.exit_code == 0, shown.output
    [record] = [r for r in json.loads(shown.output) if r["subject"] == "Xin gia hạn nộp báo cáo NQ121"]
    assert [s["school"] for s in record["settled_by"]] == ["th-my-an"]
    table = csv.reader(io.StringIO(_cli(config_file, "review", "--format", "csv").output.lstrip("\ufeff")))
    [row] = [r for r in table if "Xin gia hạn nộp báo cáo NQ121" in r]
    said = " ".join(row)
    assert "Đã có báo cáo gửi sau thư này" in said and "không cần gán cho trường" in said
    assert "baocao assign" not in said


def test_review_of_a_year_lists_an_unreadable_report_only_in_its_own_season(
    rt: Runtime, config_file: Path
) -> None:
    """Mỹ An's report of 2021 came with a file cut off in transfer. `baocao review --year 2022` listed it
    among the 2022 season's mail that could not be read, while the 2022 season's status and its page
    counted nothing waiting: the clerk looking at last year's queue saw this year's unreadable reports."""
    my_an = rt.config.school("th-my-an")
    broken = corrupt_mail(
        my_an.emails[0], dt.datetime(2021, 10, 20, 9, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    )
    assert _process(rt, broken, 20).state == MessageState.UNREADABLE

    def listed(year: str) -> list[str]:
        shown = _cli(config_file, "review", "--year", year, "--format", "json")
        assert shown.exit_code == 0, shown.output
        return [r["from"] for r in json.loads(shown.output) if r["kind"] == "failed"]

    assert listed("2021") == [my_an.emails[0]]
    assert listed("2022") == [] and listed("2020") == []
    assert "không đọc được" not in _cli(config_file, "review", "--year", "2022").output
    everything = json.loads(_cli(config_file, "review", "--format", "json").output)
    assert [r["from"] for r in everything if r["kind"] == "failed"] == [my_an.emails[0]]


def test_review_of_a_year_lists_mail_of_no_season_only_in_the_season_nearest_its_receipt(
    rt: Runtime, config_file: Path
) -> None:
    """An extension request of October 2021 names no season. The status, the lists and the digests put it
    in the 2021 season only, but `baocao review --year 2022` (and the season page's queue) listed it
    too, under every year, as if it concerned the 2022 report."""
    asked = EmailMessage()
    asked["From"] = rt.config.school("th-my-an").emails[0]
    asked["Subject"] = "Xin gia hạn nộp báo cáo NQ121"
    asked["Message-ID"] = "<giahan2021@example.edu.vn>"
    asked.set_content("Kính gửi Phòng GD&ĐT, trường xin gia hạn nộp báo cáo NQ121 đến ngày 30/10 ạ.")
    assert _process(rt, asked.as_bytes(), 20).state == MessageState.REVIEW
    [row] = rt.store.reviews()
    assert row.year is None

    def listed(year: str) -> list[str]:
        shown = _cli(config_file, "review", "--year", year, "--format", "json")
        assert shown.exit_code == 0, shown.output
        return [r["subject"] for r in json.loads(shown.output) if r["kind"] == "review"]

    assert listed("2021") == ["Xin gia hạn nộp báo cáo NQ121"]
    assert listed("2022") == [] and listed("2020") == []


def test_a_message_left_unfinished_whose_original_is_gone_is_listed_not_a_crash(
    rt: Runtime, config_file: Path
) -> None:
    """A run was killed while reading a message, and its original then went from the archive (deleted, or
    [storage].archive moved): `baocao review` stopped with «không có thư … trong kho lưu trữ» and listed
    nothing, nor did the page. The message is listed with the others, saying its original is gone."""
    school = rt.config.school("th-my-lac")
    waiting = _process(rt, _unnamed_report(PERSONAL, 1, 18), 18)
    assert waiting.state == MessageState.REVIEW
    raw = report_mail(school.emails[0], school.name, FIXED)
    key = rt.archive.put(raw)
    started = FIXED - dt.timedelta(hours=2)
    rt.store.save_message(
        MessageRow(key, key[:24], "test", "", "", started, MessageState.PENDING, "", "", 1, started)
    )
    rt.archive.path(key).unlink()

    listed = _cli(config_file, "review", "--format", "json")
    assert listed.exit_code == 0, listed.output
    items = {i["message"]: i for i in json.loads(listed.output)}
    assert waiting.key in items and key in items
    assert "chưa xử lý xong" in items[key]["reason"] and "không còn bản gốc" in items[key]["reason"]
    shown = _cli(config_file, "review")
    assert shown.exit_code == 0, shown.output
    assert key[:12] in shown.output and waiting.key[:12] in shown.output


def test_a_mail_too_large_to_read_stays_the_plan_staff_assigned_it_to(config_file: Path) -> None:
    """Staff assigned a mail too large to read (no --report: the office had one plan). A second plan put
    before it in the config later turned the decision into that plan's report on the next re-scan: the
    school went missing for NQ121 and counted for a plan it never sent."""
    text = config_file.read_text(encoding="utf-8").replace("[imap]\n", "[imap]\nmax_message_mb = 1\n", 1)
    config_file.write_text(text, encoding="utf-8")
    received = dt.datetime(2021, 10, 20, 2, 0, tzinfo=dt.UTC)
    raw = report_mail("c1myan.thuthua@example.edu.vn", "Trường Tiểu học Mỹ An", received)
    raw += b"\r\n" + b"A" * (2 * 1024 * 1024)
    with Runtime.open(config_mod.load(config_file), clock=lambda: FIXED) as rt:
        key = rt.archive.put(raw)
        failed = pipeline.record_too_large(
            rt, key, raw[:4096], size=len(raw), limit_mb=1, received_at=received, source="test"
        )
        assert failed.state == MessageState.UNREADABLE  # the school's address: Mỹ An's, unread
    assert _cli(config_file, "assign", key[:12], "th-my-an").exit_code == 0
    plan = '[[reports]]\nid = "ytth"\ntitle = "Báo cáo y tế trường học"\nkeywords = ["y tế trường học"]\n'
    plan += 'deadline = "11-15"\n\n'
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(text.replace("[[reports]]", plan + "[[reports]]", 1), encoding="utf-8")
    with Runtime.open(config_mod.load(config_file), clock=lambda: FIXED) as rt:
        pipeline.reprocess(rt, key)
        assert [(s.report_id, s.school_id) for s in rt.store.submissions()] == [("nq121", "th-my-an")]


@pytest.mark.parametrize(
    ("typed", "school_id"),
    [
        ("TH Mỹ An", "th-my-an"),
        ("th my an", "th-my-an"),
        ("Tiểu học Mỹ An", "th-my-an"),
        ("TH Bình Thạnh 1", "th-binh-thanh-1"),
        ("MN Hoa Sen", "mn-hoa-sen"),
        ("mn  hoa sen", "mn-hoa-sen"),
        ("Trường Tiểu học Mỹ An", "th-my-an"),
        ("th-my-an", "th-my-an"),
    ],
)
def test_a_school_typed_by_an_alias_or_its_level_and_place_is_that_school(
    rt: Runtime, typed: str, school_id: str
) -> None:
    """The box for a school's name beside «Gán» refused «TH Mỹ An» and «th my an», the short name the
    office itself writes, and «TH Bình Thạnh 1» and «MN Hoa Sen», aliases in config.toml: only an id or
    the whole configured name was taken. A level and place that fit one school, or an alias, name it."""
    assert review_mod.school_named(rt, typed).id == school_id


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("Trường Mỹ An", ["mg-my-an", "th-my-an", "thcs-my-an"]),
        ("TH Bình Thạnh", ["th-binh-thanh-1", "th-binh-thanh-2"]),
    ],
)
def test_a_school_typed_by_a_level_and_place_several_schools_fit_is_refused_naming_them(
    rt: Runtime, typed: str, named: list[str]
) -> None:
    """A level and place that fit several schools name none of them: the refusal lists each."""
    with pytest.raises(review_mod.AmbiguousSchoolError) as refused:
        review_mod.school_named(rt, typed)
    assert all(f"(mã {school_id})" in str(refused.value) for school_id in named), str(refused.value)


@pytest.mark.parametrize(("typed", "first"), [("TH My Ann", "th-my-an"), ("TH Mỹ An cũ", "th-my-an")])
def test_a_school_typed_with_a_slip_is_refused_suggesting_the_school_of_its_level_and_place_first(
    rt: Runtime, typed: str, first: str
) -> None:
    """«Có phải: …?» after a refused name suggested the schools a fuzzy score put first, where dozens of
    schools tied and the config's order decided: for «TH Mỹ An» it offered three Mẫu giáo schools and
    not Trường Tiểu học Mỹ An. The school whose level and place the name writes now comes first."""
    with pytest.raises(NotFoundError) as refused:
        review_mod.school_named(rt, typed)
    hint = str(refused.value).split("Có phải: ", 1)[1]
    assert hint.startswith(f"{first} ("), hint


def test_a_school_typed_by_a_slip_of_its_other_name_is_suggested_by_that_name(config_file: Path) -> None:
    """The hint after a refused school was scored on ids and official names only: a kindergarten everyone
    calls by its other name («Mẫu giáo Hoa Mai», its alias), typed «Hoa Mai», was not among the schools
    suggested, and the clerk was left to search the config."""
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(
        text.replace(
            'name = "Trường Mẫu giáo Long Thuận"\n',
            'name = "Trường Mẫu giáo Long Thuận"\naliases = ["Mẫu giáo Hoa Mai"]\n',
        ),
        encoding="utf-8",
    )
    rt = Runtime.open(config_mod.load(config_file), clock=lambda: FIXED)
    try:
        with pytest.raises(NotFoundError) as refused:
            review_mod.school_named(rt, "Hoa Mai")
    finally:
        rt.close()
    hint = str(refused.value).split("Có phải: ", 1)[1]
    assert "mg-long-thuan (Trường Mẫu giáo Long Thuận)" in hint, hint


def test_review_of_a_year_lists_last_years_report_the_status_says_waits_in_last_years_queue(
    rt: Runtime, config_file: Path
) -> None:
    """On 15/10/2021 Mỹ An sent again a version of its 2020 report unlike the one counted in 2020: it waits
    in the 2020 queue, and `baocao status --year 2021` says so beside the school. `baocao review --year
    2021`, which the clerk runs next, listed nothing of it: it now lists the mail, once, saying whose year's
    queue holds it."""
    tz = dt.timezone(dt.timedelta(hours=7))
    for n, (seed, day, received) in enumerate(
        ((1, 19, dt.datetime(2020, 10, 20, 9)), (7, 22, dt.datetime(2021, 10, 15, 9)))
    ):
        paper = make_paper(
            "Trường Tiểu học Mỹ An", year=2020, rng=random.Random(seed), date=dt.date(2020, 10, day)
        )
        mail = EmailMessage()
        mail["From"] = rt.config.school("th-my-an").emails[0]
        mail["To"] = "pgdthuthua@example.edu.vn"
        mail["Subject"] = "Báo cáo NQ121 năm học 2019-2020 - Trường Tiểu học Mỹ An"
        mail["Message-ID"] = f"<my-an-2020-{n}@example.edu.vn>"
        mail.set_content("Kính gửi Phòng GD&ĐT, trường gửi báo cáo ạ.")
        mail.add_attachment(
            render_docx(paper), maintype="application", subtype="octet-stream", filename="BC NQ121.docx"
        )
        outcome = pipeline.process(
            rt, mail.as_bytes(), received_at=received.replace(tzinfo=tz), source="test"
        )
    assert outcome.state == MessageState.REVIEW
    assert [r.year for r in rt.store.reviews(message_key=outcome.key)] == [2020]
    status = _cli(config_file, "status", "--year", "2021")
    assert "nằm trong danh sách thư chờ xem xét của năm 2020" in status.output, status.output

    said = "Báo cáo năm 2020, nằm trong danh sách thư chờ xem xét của năm 2020, chưa tính cho năm 2021"
    table = _cli(config_file, "review", "--year", "2021")
    assert table.exit_code == 0, table.output
    assert "1 thư chờ xem xét" in table.output and outcome.key[:12] in table.output
    assert "Báo cáo năm 2020, nằm trong danh sách thư chờ xem xét của" in table.output, table.output
    rows = list(
        csv.DictReader(io.StringIO(_cli(config_file, "review", "--year", "2021", "--format", "csv").output))
    )
    assert [(r["Mã thư"], r["Lý do"].startswith(said)) for r in rows] == [(outcome.key[:12], True)]
    [listed] = json.loads(_cli(config_file, "review", "--year", "2021", "--format", "json").output)
    assert (listed["message"], listed["year"], listed["reason"].startswith(said)) == (outcome.key, 2020, True)
    # Its own year's list shows it as before, without the note.
    [own] = json.loads(_cli(config_file, "review", "--year", "2020", "--format", "json").output)
    assert own["message"] == outcome.key and not own["reason"].startswith(said)
