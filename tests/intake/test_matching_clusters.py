"""Mail a cluster's lead school sends for others: its members' reports passed on, the cluster's combined
report. Neither is the lead's own report, and neither may be credited to it by its address."""

from __future__ import annotations

import datetime as dt
import random
from email.message import EmailMessage
from pathlib import Path

import pytest

from intake import pipeline
from intake.matching import MatchResult, match
from intake.message import Mail
from intake.registry import Registry
from kernel import config as config_mod
from kernel.config import Config
from kernel.runtime import Runtime
from kernel.store import MessageState
from parsers.document import Document
from samples.documents import render_docx
from samples.papers import make_paper
from tests.intake.mails import forward, report

ROOT = Path(__file__).resolve().parents[2]
LEAD = "c1myan.thuthua@example.edu.vn"  # Tiểu học Mỹ An, its cluster's lead school


@pytest.fixture(scope="module")
def shipped() -> Config:
    return config_mod.load(ROOT / "config.toml")


def _match(shipped: Config, mail: Mail, documents: list[Document]) -> MatchResult:
    return match(mail, documents, Registry.build(shipped.schools, {}, shipped.office_names))


def _assigned(result: MatchResult) -> list[str]:
    return [a.school_id for a in result.assignments]


@pytest.mark.parametrize("original", ["nguyenvanan1980@gmail.com", "Cô Hạnh <hanh.gv1985@gmail.com>"])
def test_a_lead_forwarding_a_personal_addresss_unnamed_report_waits_naming_the_original_sender(
    shipped: Config, original: str
) -> None:
    """The lead school forwarded from its own address a teacher's gmail carrying a report that names no
    school: it was credited to the lead by its address, though whose report it is only the teacher knew."""
    mail = forward(LEAD, original, "Báo cáo NQ121", ["BC NQ121.pdf"])
    paper = report("Trường Tiểu học Mỹ Phú", "BC NQ121.pdf", named=False, header=False)
    result = _match(shipped, mail, [paper])
    address = original.rsplit("<", 1)[-1].rstrip(">")
    assert _assigned(result) == [] and result.candidates[:1] == ("th-my-an",)
    assert result.review_reason is not None
    assert f"chuyển tiếp thư của {address}" in result.review_reason
    assert "không phải báo cáo của chính Trường Tiểu học Mỹ An" in result.review_reason


def test_a_lead_forwarding_a_named_report_credits_the_school_it_names(shipped: Config) -> None:
    mail = forward(LEAD, "nguyenvanan1980@gmail.com", "Báo cáo NQ121", ["BC NQ121.pdf"])
    named = report("Trường Tiểu học Mỹ Phú", "BC NQ121.pdf")
    assert _assigned(_match(shipped, mail, [named])) == ["th-my-phu"]
    own = report("Trường Tiểu học Mỹ An", "BC NQ121.pdf", header=False)
    assert _assigned(_match(shipped, mail, [own])) == ["th-my-an"]


def test_a_school_forwarding_its_own_registered_mail_is_credited_as_before(shipped: Config) -> None:
    mail = forward(LEAD, "c1myan.thuthua@example.edu.vn", "Báo cáo NQ121", ["BC NQ121.pdf"])
    paper = report("Trường Tiểu học Mỹ An", "BC NQ121.pdf", named=False, header=False)
    assert _assigned(_match(shipped, mail, [paper])) == ["th-my-an"]


def test_an_unnamed_report_on_the_offices_forwarded_reminder_is_the_senders(rt: Runtime) -> None:
    """The office's own reminder forwarded back is no one else's mail passed on: the school's report that
    names no school, attached to it, is still the school's by its address."""
    paper = make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(5), named=False)
    msg = EmailMessage()
    msg["From"] = LEAD
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Fwd: Nhắc nộp báo cáo NQ121"
    msg["Message-ID"] = "<fwd-ours@example.edu.vn>"
    msg["Date"] = "Fri, 22 Oct 2021 09:15:00 +0700"
    msg.set_content(
        "Dạ trường gửi báo cáo ạ.\n\n---------- Forwarded message ---------\n"
        "From: Phòng GD&ĐT Thủ Thừa <pgdthuthua@example.edu.vn>\nDate: Fri, 22 Oct 2021 at 07:30\n"
        f"Subject: Nhắc nộp báo cáo NQ121\nTo: <{LEAD}>\n\nĐề nghị nhà trường gửi báo cáo NQ121.\n"
    )
    msg.add_attachment(render_docx(paper), maintype="application", subtype="octet-stream", filename="BC.docx")
    received = dt.datetime(2021, 10, 22, 2, 16, tzinfo=dt.UTC)
    outcome = pipeline.process(rt, msg.as_bytes(), received_at=received, source="test")
    assert outcome.state == MessageState.REPORT, outcome.reason
    assert [s.school_id for s in rt.store.submissions()] == ["th-my-an"]
