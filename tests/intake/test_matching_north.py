"""A northern district's mail: its town bears the district's name (Thị trấn Sín Chải of huyện Sín Chải),
namesakes stand in the town and in a commune, and boarding schools (PTDTBT) are partners in reports.

Every test builds a raw message with real Word files and runs it through pipeline.ingest on a temporary
SQLite store.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import random
import zipfile
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest

from intake import pipeline
from intake import review as review_mod
from intake.pipeline import Outcome
from kernel import config as config_mod
from kernel.runtime import Runtime
from kernel.store import MessageState
from samples.documents import render_docx
from samples.papers import make_paper

NORTH = """
[district]
name = "Phòng Giáo dục và Đào tạo huyện Sín Chải"
short_name = "Phòng GD&ĐT Sín Chải"
timezone = "Asia/Ho_Chi_Minh"
staff_emails = ["pgdsinchai@example.edu.vn"]
provinces = ["Lào Cai"]

[storage]
database = "sqlite:///var/baocao.db"
archive = "var/archive"

[[reports]]
id = "nq121"
title = "Báo cáo kết quả triển khai thực hiện Nghị quyết 121/2020/QH14"
keywords = ["NQ121", "Nghị quyết 121"]
deadline = "10-25"

[[schools]]
id = "mn-hoa-sen-tt"
name = "Trường Mầm non Hoa Sen"
commune = "Thị trấn Sín Chải"
emails = ["c0hoasen.sinchai@example.edu.vn"]

[[schools]]
id = "mn-hoa-sen-bl"
name = "Trường Mầm non Hoa Sen"
commune = "Bản Lầu"
emails = ["mnhoasenbanlau@gmail.com"]

[[schools]]
id = "mn-hoa-hong"
name = "Trường Mầm non Hoa Hồng"
commune = "Pha Long"
emails = ["c0hoahong.sinchai@example.edu.vn"]

[[schools]]
id = "mn-tung-chung-pho"
name = "Trường Mầm non Tung Chung Phố"
commune = "Tung Chung Phố"
emails = ["c0tungchungpho.sinchai@example.edu.vn"]

[[schools]]
id = "ptdtbt-th-tcp"
name = "Trường PTDTBT Tiểu học Tung Chung Phố"
commune = "Tung Chung Phố"
emails = ["c1tungchungpho.sinchai@example.edu.vn"]

[[schools]]
id = "th-so1-tt"
name = "Trường Tiểu học số 1 Thị trấn Sín Chải"
commune = "Thị trấn Sín Chải"
emails = ["c1so1tt.sinchai@example.edu.vn"]
"""
RECEIVED = dt.datetime(2024, 10, 23, 4, 0, tzinfo=dt.UTC)
FIXED = dt.datetime(2024, 11, 1, tzinfo=dt.UTC)
DOCX = "vnd.openxmlformats-officedocument.wordprocessingml.document"
CLERK = "vanphong.ubndbanlau@gmail.com"  # a commune clerk's gmail, no school's


@pytest.fixture
def rt(tmp_path: Path) -> Iterator[Runtime]:
    path = tmp_path / "config.toml"
    path.write_text(NORTH, encoding="utf-8")
    runtime = Runtime.open(config_mod.load(path), clock=lambda: FIXED)
    yield runtime
    runtime.close()


def _paper(school: str, place: str, *, seed: int = 4, named: bool = True, said: str = "") -> bytes:
    """A school's report in a Word file, headed with its name alone under the district's office (no
    commune's committee to tell namesakes apart), dated «{place}, ngày …»; with no header nor name when not
    named, and said opening its text."""
    paper = make_paper(school, year=2024, rng=random.Random(seed), district="Sín Chải", named=named)
    paper = dataclasses.replace(
        paper, place=place, preamble=(*paper.preamble, said) if said else paper.preamble
    )
    if named:
        paper = dataclasses.replace(paper, parent_body="PHÒNG GD&ĐT SÍN CHẢI")
    return render_docx(paper)


def _zipped(files: list[tuple[str, bytes]]) -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        for name, content in files:
            archive.writestr(name, content)
    return data.getvalue()


def _ingest(rt: Runtime, sender: str, subject: str, body: str, name: str, content: bytes) -> Outcome:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "pgdsinchai@example.edu.vn"
    msg["Subject"] = subject
    msg["Date"] = "Wed, 23 Oct 2024 11:00:00 +0700"
    msg["Message-ID"] = f"<{name.replace(' ', '')}.{sender}>"
    msg.set_content(body)
    maintype, subtype = ("application", "zip") if name.endswith(".zip") else ("application", DOCX)
    msg.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return pipeline.ingest(rt, msg.as_bytes(), received_at=RECEIVED, source="test")


def test_a_clerks_zip_credits_the_school_named_clearly_and_holds_only_the_namesakes_paper(
    rt: Runtime,
) -> None:
    """A commune clerk's gmail sent a zip of two kindergartens' reports, one headed «TRƯỜNG MẦM NON HOA
    HỒNG» (one school of that name) and one «TRƯỜNG MẦM NON HOA SEN» (the name of the town's and Bản Lầu's):
    the whole mail waited («Các văn bản trong thư ghi những trường khác nhau»), and Hoa Hồng stayed «Chưa
    nộp» and was reminded. Hoa Hồng's paper is its own; only the Hoa Sen paper waits, for neither namesake."""
    archive = _zipped(
        [
            ("MN Hoa Sen.docx", _paper("Trường Mầm non Hoa Sen", "Bản Lầu")),
            ("MN Hoa Hong.docx", _paper("Trường Mầm non Hoa Hồng", "Pha Long", seed=5)),
        ]
    )
    body = "UBND xã gửi giúp báo cáo của các trường mầm non."
    outcome = _ingest(rt, CLERK, "Gửi báo cáo NQ121 các trường mầm non", body, "BC MN.zip", archive)
    assert outcome.state == MessageState.REPORT, outcome.reason
    [credited] = outcome.submissions
    assert credited.school_id == "mn-hoa-hong" and credited.files == ("BC MN.zip/MN Hoa Hong.docx",)
    [review] = outcome.reviews
    assert set(review.candidates) == {"mn-hoa-sen-tt", "mn-hoa-sen-bl"}
    assert "BC MN.zip/MN Hoa Sen.docx" in review.reason and "MN Hoa Hong.docx" not in review.reason
    assert {s.school_id for s in rt.store.submissions()} == {"mn-hoa-hong"}
    # Staff choosing a school for the waiting paper choose for it alone.
    review_mod.assign(rt, outcome.key, "mn-hoa-sen-bl", by="test")
    assert {(s.school_id, s.files) for s in rt.store.submissions()} == {
        ("mn-hoa-hong", ("BC MN.zip/MN Hoa Hong.docx",)),
        ("mn-hoa-sen-bl", ("BC MN.zip/MN Hoa Sen.docx",)),
    }


@pytest.mark.parametrize("place", ["Thị trấn Sín Chải", "Sín Chải"])
def test_a_namesakes_paper_dated_in_the_town_where_the_other_namesake_stands_waits(
    rt: Runtime, place: str
) -> None:
    """Hoa Sen of Bản Lầu's registered gmail sent a paper headed «TRƯỜNG MẦM NON HOA SEN», the name of both
    Hoa Sen schools, dated «Thị trấn Sín Chải, ngày …», where the other Hoa Sen stands: credited to Bản Lầu
    by its address, since a date line at the office's town was taken to say nothing of a school. In the
    north the town bears the district's name, and a namesake standing in it was never told apart."""
    outcome = _ingest(
        rt,
        "mnhoasenbanlau@gmail.com",
        "BC NQ121 (bổ sung)",
        "Gửi bổ sung ạ",
        "BC bo sung.docx",
        _paper("Trường Mầm non Hoa Sen", place),
    )
    assert outcome.state == MessageState.REVIEW and outcome.submissions == ()
    [review] = outcome.reviews
    assert set(review.candidates) == {"mn-hoa-sen-tt", "mn-hoa-sen-bl"}
    assert (
        f"dòng ngày tháng ghi nơi ban hành «{place}», nơi của Trường Mầm non Hoa Sen (Thị trấn Sín Chải)"
        in (review.reason)
    )


@pytest.mark.parametrize(
    ("sender", "school", "place", "school_id"),
    [
        ("mnhoasenbanlau@gmail.com", "Trường Mầm non Hoa Sen", "Bản Lầu", "mn-hoa-sen-bl"),
        ("c0hoahong.sinchai@example.edu.vn", "Trường Mầm non Hoa Hồng", "Sín Chải", "mn-hoa-hong"),
    ],
)
def test_a_paper_dated_at_home_or_in_a_town_of_no_namesake_is_credited(
    rt: Runtime, sender: str, school: str, place: str, school_id: str
) -> None:
    """A school dating its paper in its own commune, or in the district's town where no school of its name
    stands (as many schools date theirs), is credited by its address as before."""
    outcome = _ingest(rt, sender, "BC NQ121", "Gửi phòng báo cáo ạ", "BC NQ121.docx", _paper(school, place))
    assert outcome.state == MessageState.REPORT, outcome.reason
    assert [s.school_id for s in outcome.submissions] == [school_id]


def test_a_boarding_school_named_as_a_partner_is_not_the_papers_school(rt: Runtime) -> None:
    """Mầm non Tung Chung Phố's report from its own address, its header left out, told of work «phối hợp
    với Trường PTDTBT Tiểu học Tung Chung Phố»: the boarding school's kind between «Trường» and its level
    hid that it was named as a partner, and the paper was read as that school's, against the address."""
    said = (
        "Nhà trường phối hợp với Trường PTDTBT Tiểu học Tung Chung Phố tổ chức tuyên truyền tại điểm trường."
    )
    paper = _paper("Trường Mầm non Tung Chung Phố", "Tung Chung Phố", named=False, said=said)
    sender = "c0tungchungpho.sinchai@example.edu.vn"
    outcome = _ingest(rt, sender, "BC NQ121 năm 2024", "Gửi phòng báo cáo ạ", "BC NQ121.docx", paper)
    assert outcome.state == MessageState.REPORT, outcome.reason
    assert [s.school_id for s in outcome.submissions] == ["mn-tung-chung-pho"]
