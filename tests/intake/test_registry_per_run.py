"""The school registry is built once for a run of intake, and again when staff teach an address."""

from __future__ import annotations

import datetime as dt
import random
from email.message import EmailMessage

import pytest

from intake import pipeline
from intake import registry as registry_mod
from intake.registry import Registry
from kernel.runtime import Runtime
from kernel.store import MessageDecision, MessageState
from samples.documents import render_docx, render_pdf
from samples.papers import make_paper

RECEIVED = dt.datetime(2021, 10, 20, 2, 15, tzinfo=dt.UTC)
TAUGHT = dt.datetime(2021, 10, 21, tzinfo=dt.UTC)


def _mail(sender: str, name: str, data: bytes, mid: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "pgdthuthua@example.edu.vn"
    msg["Subject"] = "Báo cáo thực hiện NQ121"
    msg["Message-ID"] = f"<{mid}@example.edu.vn>"
    msg["Date"] = "Wed, 20 Oct 2021 09:15:00 +0700"
    msg.set_content("Kính gửi Phòng GD&ĐT.")
    msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return msg.as_bytes()


def test_reports_of_one_run_share_one_registry(rt: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each mail that needed a school built the registry of the whole roster again (a province's 1,500
    schools for every mail); the reports of one run are matched against one."""
    built: list[int] = []
    build = Registry.build

    def counted(*args: object, **kwargs: object) -> Registry:
        built.append(1)
        return build(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Registry, "build", counted)
    for school, sender, mid in (
        ("Trường Tiểu học Mỹ An", "c1myan.thuthua@example.edu.vn", "a"),
        ("Trường THCS Mỹ Lạc", "c2mylac.thuthua@example.edu.vn", "b"),
    ):
        paper = render_docx(make_paper(school, year=2021, rng=random.Random(3)))
        outcome = pipeline.process(
            rt, _mail(sender, "BC NQ121.docx", paper, mid), received_at=RECEIVED, source="test"
        )
        assert outcome.state == MessageState.REPORT
    assert {s.school_id for s in rt.store.submissions()} == {"th-my-an", "thcs-my-lac"}
    assert len(built) == 1


def test_an_address_staff_teach_between_two_mails_credits_the_second(rt: Runtime) -> None:
    """A paper that names no school, from a personal address, waits for staff; once staff tie the
    address to its school, the next such paper is that school's, in the same run."""
    paper = render_pdf(make_paper("Trường THCS Mỹ Lạc", year=2021, rng=random.Random(4), named=False))
    sender = "hieutruong.mylac@gmail.com"
    first = pipeline.process(
        rt, _mail(sender, "BaoCao.pdf", paper, "first"), received_at=RECEIVED, source="test"
    )
    assert first.state == MessageState.REVIEW
    # As `baocao assign` ties it: the staff's decision on the first mail, which no later mail reads again.
    rt.store.decide(first.key, MessageDecision("assign", "thcs-my-lac"), TAUGHT)
    rt.store.learn_address(sender, "thcs-my-lac", first.key, TAUGHT)
    second = pipeline.process(
        rt, _mail(sender, "BaoCao.pdf", paper, "second"), received_at=RECEIVED, source="test"
    )
    assert second.state == MessageState.REPORT
    [sub] = rt.store.submissions()
    assert sub.school_id == "thcs-my-lac" and sub.message_key == second.key


def test_a_school_named_again_in_one_run_is_not_fitted_to_the_roster_again(
    rt: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each mail's matching works on its own copy of the run's registry (its season, its inbox), and each
    copy fitted every name the mail writes to every school of the roster again, though the same schools
    are named in mail after mail: the second report of a school, worded as its first, is matched on what
    the first worked out."""
    fitted: list[int] = []
    fit = registry_mod.fit

    def counted(*args: object, **kwargs: object) -> object:
        fitted.append(1)
        return fit(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(registry_mod, "fit", counted)
    paper = render_docx(make_paper("Trường Tiểu học Mỹ An", year=2021, rng=random.Random(3)))
    sender = "c1myan.thuthua@example.edu.vn"
    first = pipeline.process(
        rt, _mail(sender, "BC NQ121.docx", paper, "a"), received_at=RECEIVED, source="test"
    )
    assert fitted
    fitted.clear()
    second = pipeline.process(
        rt,
        _mail(sender, "BC NQ121.docx", paper, "b"),
        received_at=RECEIVED + dt.timedelta(hours=1),
        source="test",
    )
    assert (first.state, second.state) == (MessageState.REPORT, MessageState.REPORT)
    assert {s.school_id for s in rt.store.submissions()} == {"th-my-an"}
    assert not fitted
