"""The command line as staff meet it: which season `status` shows by default, and errors as one
Vietnamese line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from app.cli import main
from kernel import config as config_mod
from kernel.freshness import Freshness
from kernel.runtime import Runtime
from kernel.store import MessageRow, MessageState, ReviewRow, SubmissionRow
from tests.scheduler.conftest import Clock, local


def _record(rt: Runtime, school_id: str, year: int, when: dt.datetime) -> None:
    key = f"{school_id}{year}".ljust(64, "0")
    row = MessageRow(key, f"{key}@x", "test", "x@y", "BC", when, MessageState.REPORT, "", "", 1, when)
    sub = SubmissionRow(key, f"{key}@x", "nq121", year, school_id, when, "x@y", (), (), (), {}, ())
    rt.store.record_outcome(row, [sub], [])


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2021-10-20 08:00", 2021),  # in the 2021 season
        ("2022-02-15 08:00", 2021),  # between seasons: the last one that had reports
        ("2022-10-01 08:00", 2022),  # the 2022 season runs, though no school has reported yet
        ("2022-11-20 08:00", 2022),  # a report dated 2023 by mistake does not hide the running season
        ("2022-09-26 23:59", 2021),  # the last day before the 2022 season opens
        ("2022-09-27 00:00", 2022),  # its first reminder and digest go out that day
    ],
)
def test_status_shows_the_season_a_person_means_by_now(config_file: Path, now: str, expected: int) -> None:
    config = config_mod.load(config_file)
    clock = Clock(local(now))
    with Runtime.open(config, clock) as rt:
        _record(rt, "th-my-an", 2021, local("2021-10-18 09:00"))
        _record(rt, "th-binh-an", 2023, local("2022-11-10 09:00"))
    out = CliRunner().invoke(main, ["--config", str(config_file), "status", "--format", "json"], obj=clock)
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["year"] == expected


def test_before_its_first_season_status_shows_the_coming_one_as_the_page_does(config_file: Path) -> None:
    """An office installing baocao on 1/9/2021 ran `baocao status`: it showed the 2020 season, never
    collected with baocao, every school «Chưa nộp», while the page opened on the coming 2021 season.
    Between seasons, a season nothing was recorded in is not the current one: the next one is."""
    clock = Clock(local("2021-09-01 08:00"))
    out = CliRunner().invoke(main, ["--config", str(config_file), "status", "--format", "json"], obj=clock)
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["year"] == 2021
    out = CliRunner().invoke(main, ["--config", str(config_file), "status"], obj=clock)
    assert "năm 2021 (hạn nộp: hết ngày 25/10/2021)" in out.output
    assert "đợt báo cáo năm 2021 chưa bắt đầu (thư nhắc và bảng tổng hợp gửi từ 27/09/2021)" in out.output


def test_last_years_report_sent_this_season_is_said_beside_the_school_that_still_owes_this_years(
    config_file: Path,
) -> None:
    """Mỹ An mailed last year's file on 20/10/2021: it counted for 2020, the school was told so in its
    acknowledgement, yet every 2021 list showed Mỹ An as not reporting without a word, and the clerk
    hearing «trường đã gửi rồi» could not see what it had sent. Bình An, which also sent this year's,
    owes nothing and gets no note."""
    config = config_mod.load(config_file)
    clock = Clock(local("2021-10-24 08:00"))
    with Runtime.open(config, clock) as rt:
        _record(rt, "th-my-an", 2020, local("2021-10-20 09:00"))
        _record(rt, "th-binh-an", 2021, local("2021-10-18 09:00"))
        _record(rt, "th-binh-an", 2020, local("2021-10-19 09:00"))

    def cli(*args: str) -> str:
        out = CliRunner().invoke(main, ["--config", str(config_file), *args], obj=clock)
        assert out.exit_code == 0, out.output
        return out.output

    said = "Trường Tiểu học Mỹ An: thư gửi lúc 20/10/2021 09:00 là báo cáo năm 2020, đã tính cho năm 2020, "
    assert said + "không phải báo cáo năm 2021." in cli("missing", "--year", "2021")
    assert said in cli("status", "--year", "2021")
    assert "Bình An: thư" not in cli("status", "--year", "2021")
    rows = {
        s["school_id"]: s for s in json.loads(cli("status", "--year", "2021", "--format", "json"))["schools"]
    }
    assert rows["th-my-an"]["earlier"].startswith("thư gửi lúc 20/10/2021 09:00 là báo cáo năm 2020")
    assert rows["th-binh-an"]["earlier"] == ""
    assert "năm 2020" not in cli("missing", "--year", "2021", "--as-of", "19/10/2021")


def test_missing_as_json_lists_only_the_schools_that_still_owe_the_report(config_file: Path) -> None:
    """`baocao missing --format json` listed every school, those that had reported and the exempt too,
    while its table and CSV list only the schools still owing: a script reading it chased them all."""
    config = config_mod.load(config_file)
    clock = Clock(local("2021-10-24 08:00"))
    with Runtime.open(config, clock) as rt:
        _record(rt, "th-binh-an", 2021, local("2021-10-18 09:00"))
    args = ["--config", str(config_file), "missing", "--year", "2021", "--format", "json"]
    out = CliRunner().invoke(main, args, obj=clock)
    assert out.exit_code == 0, out.output
    listed = [s["school_id"] for s in json.loads(out.output)["schools"]]
    assert "th-binh-an" not in listed and "th-my-an" in listed
    assert len(listed) == len(config.schools) - 1


def test_an_office_decision_far_ahead_is_refused_and_one_typed_twice_says_it_stood(config_file: Path) -> None:
    """`exempt --year 2099` was recorded, and every exemption said «miễn nộp năm nay» whatever its year; a
    decision typed twice printed «Đã ghi…» as if new."""
    clock = Clock(local("2021-10-20 08:00"))

    def cli(*args: str) -> Any:
        return CliRunner().invoke(main, ["--config", str(config_file), *args], obj=clock)

    far = cli("exempt", "th-my-an", "--year", "2099", "--reason", "Đã sáp nhập")
    assert far.exit_code == 1 and "năm 2099 còn xa" in far.output
    first = cli("exempt", "th-my-an", "--year", "2022", "--reason", "Đã sáp nhập")
    assert first.exit_code == 0 and "miễn nộp năm 2022" in first.output, first.output
    clock.now = local("2021-10-21 08:00")
    again = cli("exempt", "th-my-an", "--year", "2022", "--reason", "Đã sáp nhập")
    assert again.exit_code == 0
    assert "đã có quyết định này từ 20/10/2021 08:00: miễn nộp năm 2022; không ghi gì thêm" in again.output


def test_reminders_asked_for_a_closed_season_say_it_closed(config_file: Path) -> None:
    """`remind --year 2020` in October 2021 answered only «không có thư nào cần gửi», as if every school
    had reported that year."""
    clock = Clock(local("2021-10-20 08:00"))
    args = ["--config", str(config_file), "remind", "--year", "2020"]
    out = CliRunner().invoke(main, args, obj=clock)
    assert out.exit_code == 0, out.output
    assert "Đợt báo cáo năm 2020 đã kết thúc ngày 24/12/2020" in out.output


def test_an_error_is_one_vietnamese_line_with_exit_code_1(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(
        '[district]\nname = "Phòng"\n[imap]\nport = "abc"\n', encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["--config", str(tmp_path / "config.toml"), "status"])
    assert result.exit_code == 1
    assert result.output.startswith("Lỗi: ") and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["status", "--year", "0"], "năm 0 nằm ngoài các năm báo cáo"),
        (["status", "--year", "21"], "có phải 2021?"),
        (["missing", "--year", "99999"], "năm 99999 nằm ngoài"),
        (["exempt", "th-my-an", "--year", "-1", "--reason", "x"], "năm -1 nằm ngoài"),
        (["status", "--as-of", "0001-01-01"], "có năm 1 nằm ngoài"),
        (["status", "--as-of", "31/12/9999"], "có năm 9999 nằm ngoài"),
    ],
)
def test_a_year_out_of_range_is_a_sentence_not_a_traceback(
    config_file: Path, args: list[str], expected: str
) -> None:
    """--year 0, --year 99999 or --as-of 0001-01-01 ended in Python's "ValueError: year 0 is out of
    range" traceback; --year 21 (meant 2021) showed every school missing for the year 21."""
    clock = Clock(local("2021-10-20 08:00"))
    result = CliRunner().invoke(main, ["--config", str(config_file), *args], obj=clock)
    assert result.exit_code == 2 and not isinstance(result.exception, ValueError), result.output
    assert expected in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["history", "th-my-an", "--report", "NQ121"],
        ["history", "th-my-an", "--report", "nq12"],
        ["review", "--report", "nq12"],
        ["outbox", "--report", "NQ121"],
    ],
)
def test_an_unknown_report_id_is_an_error_not_an_empty_list(config_file: Path, args: list[str]) -> None:
    """`history th-my-an --report NQ121` (the id as the tables write it) answered "Trường Tiểu học
    Mỹ An chưa nộp báo cáo nào." for a school that had reported, and `review --report nq12` said nothing
    waited, `outbox --report NQ121` that no mail had gone out: the id matched no report, so nothing
    matched it."""
    config = config_mod.load(config_file)
    clock = Clock(local("2021-10-20 08:00"))
    with Runtime.open(config, clock) as rt:
        _record(rt, "th-my-an", 2021, local("2021-10-18 09:00"))
    result = CliRunner().invoke(main, ["--config", str(config_file), *args], obj=clock)
    assert result.exit_code == 1, result.output
    assert "các báo cáo hiện có: nq121" in result.output and "chưa nộp" not in result.output


def test_status_says_it_may_miss_mail_while_the_mailbox_cannot_be_read(
    config_file: Path, tmp_path: Path
) -> None:
    """The mailbox could not be read for two days; `baocao status` and `baocao missing` showed the
    table as if current, and staff phoned schools listed «Chưa nộp» whose reports sat unread on the
    server. Reminders and digests were held; the tables gave no sign. So did the consolidated draft."""
    config = config_mod.load(config_file)
    clock = Clock(local("2021-10-20 08:00"))
    assert config.imap is not None
    with Runtime.open(config, clock) as rt:
        marks = Freshness(rt.store)
        marks.mark_read(config.imap.name, local("2021-10-18 06:00"))
        marks.mark_failing(config.imap.name, "Không kết nối được máy chủ thư", local("2021-10-18 06:50"))
    for command in ("status", "missing"):
        out = CliRunner().invoke(main, ["--config", str(config_file), command], obj=clock)
        assert out.exit_code == 0, out.output
        assert "đọc đến 06:00 ngày 18/10/2021 (Không kết nối được máy chủ thư)" in out.output
        assert "có thể chưa tính thư mới nhất" in out.output
        shown = (
            f"hộp thư {config.imap.username} (thư mục INBOX, máy chủ {config.imap.host}:{config.imap.port})"
        )
        assert shown in out.output  # not «user@host:993/INBOX», which reads as a garbled address
    draft = tmp_path / "tong-hop.docx"
    out = CliRunner().invoke(
        main, ["--config", str(config_file), "consolidate", "--out", str(draft)], obj=clock
    )
    assert out.exit_code == 0, out.output
    assert (
        "đọc đến 06:00 ngày 18/10/2021" in out.output
        and "bản dự thảo có thể chưa tính thư mới nhất" in out.output
    )
    out = CliRunner().invoke(main, ["--config", str(config_file), "status", "--format", "json"], obj=clock)
    assert "đọc đến 06:00 ngày 18/10/2021" in json.loads(out.output)["stale"]
    with Runtime.open(config, clock) as rt:
        Freshness(rt.store).mark_read(config.imap.name, clock.now)
    out = CliRunner().invoke(main, ["--config", str(config_file), "status"], obj=clock)
    assert "có thể chưa tính thư mới nhất" not in out.output
    out = CliRunner().invoke(
        main, ["--config", str(config_file), "status", "--as-of", "19/10/2021"], obj=clock
    )
    assert "có thể chưa tính thư mới nhất" not in out.output


def test_status_as_of_a_day_before_the_season_opens_says_it_had_not_begun(config_file: Path) -> None:
    """`status --year 2021 --as-of 01/09/2021` listed every school «Chưa nộp» as at any day of the
    season, with no word that on 01/09 the 2021 season had not begun: no reminder had gone out, and a
    clerk reading it could think the schools were already behind."""
    clock = Clock(local("2021-10-20 08:00"))
    args = ["--config", str(config_file), "status", "--year", "2021"]
    before = CliRunner().invoke(main, [*args, "--as-of", "01/09/2021"], obj=clock)
    assert before.exit_code == 0, before.output
    assert "Lúc đó đợt báo cáo năm 2021 chưa bắt đầu (thư nhắc và bảng tổng hợp gửi từ 27/09/2021)" in (
        before.output
    )
    during = CliRunner().invoke(main, [*args, "--as-of", "01/10/2021"], obj=clock)
    assert during.exit_code == 0 and "chưa bắt đầu" not in during.output, during.output
    # The 2026 season opens on Sunday 27/09, when nothing is sent: its first digest goes out on the Monday.
    coming = [*args[:-1], "2026", "--as-of", "01/09/2026"]
    sunday = CliRunner().invoke(main, coming, obj=Clock(local("2026-09-01 08:00")))
    assert "chưa bắt đầu (thư nhắc và bảng tổng hợp gửi từ 28/09/2026)" in sunday.output, sunday.output


def test_a_message_code_that_looks_like_a_number_is_printed_as_written(config_file: Path) -> None:
    """`baocao history` showed the code of a message «228424123e87» as «2.28424e+95» (the table read it
    as a number), and staff could not type it into `assign` or `reject`; a code «012345678901» lost its 0."""
    config = config_mod.load(config_file)
    clock = Clock(local("2021-10-30 08:00"))
    with Runtime.open(config, clock) as rt:
        for n, key in enumerate(("228424123e87", "012345678901")):
            when = local(f"2021-10-{18 + n} 09:00")
            full = key.ljust(64, "0")
            row = MessageRow(
                full, f"{full}@x", "test", "x@y", "BC", when, MessageState.REPORT, "", "", 1, when
            )
            sub = SubmissionRow(full, f"{full}@x", "nq121", 2021, "th-my-an", when, "x@y", (), (), (), {}, ())
            rt.store.record_outcome(row, [sub], [])
    out = CliRunner().invoke(main, ["--config", str(config_file), "history", "th-my-an"], obj=clock)
    assert out.exit_code == 0, out.output
    assert "228424123e87" in out.output and "012345678901" in out.output
    assert "e+95" not in out.output


def test_the_review_table_shows_a_long_reason_to_its_end(config_file: Path) -> None:
    """`baocao review` cut each reason at 300 characters, most often just before the step it ends with
    («Cán bộ xem xét; nếu đúng là báo cáo của trường th…»): the clerk read why, not what to do."""
    from app import views
    from kernel.store import ReviewRow

    config = config_mod.load(config_file)
    why = "Văn bản BC.docx ghi «TRƯỜNG TIỂU HỌC MỸ AN», nhưng thư gửi từ địa chỉ chưa đăng ký. " * 5
    step = "Cán bộ xem xét; nếu đúng là báo cáo của trường thì gán thư cho trường (baocao assign)."
    row = ReviewRow(
        "a" * 64,
        "m@x",
        "nq121",
        2021,
        "gv@gmail.com",
        "BC",
        dt.datetime(2021, 10, 20, tzinfo=dt.UTC),
        why + step,
        ("th-my-an",),
        ("BC.docx",),
    )
    text = views.review([row], [], {}, config, "table")
    assert isinstance(text, str) and "(baocao assign)." in " ".join(text.split())


def test_a_four_digit_year_out_of_range_is_not_told_to_be_written_in_four_digits(config_file: Path) -> None:
    """«năm 1999 nằm ngoài các năm báo cáo 2000–2099: ghi năm đủ bốn chữ số»: 1999 has four."""
    result = CliRunner().invoke(main, ["--config", str(config_file), "status", "--year", "1999"])
    assert "năm 1999 nằm ngoài các năm báo cáo 2000–2099" in result.output
    assert "bốn chữ số" not in result.output


def test_the_status_summary_says_apart_what_is_not_a_share_of_the_schools(config_file: Path) -> None:
    """«…: 1 đã nộp đúng hạn, 0 nộp muộn, 0 …, 38 chưa nộp, 1 thiếu nội dung, 1 thư chờ xem xét» read as
    parts adding up to the schools owing, though one school lacking a part is among those that reported and
    the mail waiting is counted in messages."""
    clock = Clock(local("2021-10-20 08:00"))
    with Runtime.open(config_mod.load(config_file), clock) as rt:
        when = local("2021-10-18 09:00")
        key = "incomplete".ljust(64, "0")
        row = MessageRow(key, f"{key}@x", "test", "x@y", "BC", when, MessageState.REPORT, "", "", 1, when)
        sub = SubmissionRow(
            key, f"{key}@x", "nq121", 2021, "th-my-an", when, "x@y", (), (), ("ket_qua",), {}, ()
        )
        rt.store.record_outcome(row, [sub], [])
        key = "waiting".ljust(64, "0")
        row = MessageRow(key, f"{key}@x", "test", "z@y", "BC", when, MessageState.REVIEW, "", "", 1, when)
        review = ReviewRow(key, f"{key}@x", "nq121", 2021, "z@y", "BC", when, "chưa rõ trường", (), ())
        rt.store.record_outcome(row, [], [review])
        expected = len(rt.config.roster(when.date()))
    out = CliRunner().invoke(main, ["--config", str(config_file), "status", "--year", "2021"], obj=clock)
    assert out.exit_code == 0, out.output
    said = (
        f"Tổng số {expected} trường phải nộp: 1 đã nộp đúng hạn, 0 nộp muộn, 0 đã gửi nhưng không đọc được "
        f"tệp, {expected - 1} chưa nộp. Trong số đã nộp có 1 trường thiếu nội dung. Ngoài ra 1 thư đang chờ "
        "xem xét."
    )
    assert said in out.output
