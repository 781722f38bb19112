"""A sample season is valid mail, varied, deterministic, and its truth matches what a reader finds."""

from __future__ import annotations

import datetime as dt
import email
import io
from email import policy
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner

from app.cli import main as cli
from intake.message import parse
from kernel.config import load
from parsers.read import read_attachment
from samples.__main__ import main
from samples.season import SeasonMessage, make_season

ROOT = Path(__file__).resolve().parents[2]
SCHOOLS = load(ROOT / "config.toml").schools


@pytest.fixture(scope="module")
def season() -> list[SeasonMessage]:
    return make_season(SCHOOLS, year=2021, seed=0, size="small")


@pytest.fixture(scope="module")
def textual() -> list[SeasonMessage]:
    return make_season(SCHOOLS, year=2021, seed=0, size="small", scanned=False)


def test_every_message_parses_with_its_attachments(season: list[SeasonMessage]) -> None:
    assert 25 <= len(season) <= 35
    for message in season:
        mail = parse(message.raw, "fallback")
        names = [a.name for a in mail.attachments]
        assert set(message.truth.attachments) <= set(names), message.truth.note
        assert mail.message_id == message.message_id
        assert mail.date is not None


def test_message_ids_are_unique_and_times_fall_in_the_season(season: list[SeasonMessage]) -> None:
    assert len({m.message_id for m in season}) == len(season)
    start, end = dt.datetime(2021, 9, 20, tzinfo=dt.UTC), dt.datetime(2021, 11, 12, tzinfo=dt.UTC)
    for message in season:
        assert message.received_at.tzinfo is not None and start < message.received_at < end
        assert email.message_from_bytes(message.raw, policy=policy.default)["Date"]
    assert season == sorted(season, key=lambda m: m.received_at)


def test_season_holds_the_hard_cases(season: list[SeasonMessage]) -> None:
    truths = [m.truth for m in season]
    assert any(t.ambiguous for t in truths)
    assert any(len(t.school_ids) == 2 for t in truths)
    assert any(t.kind == "noise" for t in truths) and any(t.kind == "report" for t in truths)
    assert all(t.school_ids == () for t in truths if t.kind == "noise")
    reports = [t.school_ids for t in truths if t.kind == "report" and len(t.school_ids) == 1]
    assert len(reports) > len(set(reports)), "a school resubmits"
    assert any(m.received_at.date() > dt.date(2021, 10, 25) and m.truth.kind == "report" for m in season)
    auto = [m for m in season if b"Auto-Submitted: auto-replied" in m.raw]
    assert auto and all(m.truth.kind == "noise" for m in auto)


def test_mail_that_only_looks_like_a_report_is_what_its_truth_says(textual: list[SeasonMessage]) -> None:
    """An "unreadable" message carries nothing the parsers can read (a locked, broken or .odt file, or
    no file at all); an "other-paper" one carries a paper of another kind or topic; an "internal" one
    comes from the office itself."""
    by_kind: dict[str, list[SeasonMessage]] = {}
    for message in textual:
        by_kind.setdefault(message.truth.kind, []).append(message)
    assert len(by_kind["unreadable"]) >= 5 and by_kind["other-paper"] and by_kind["internal"]
    failures = set()
    for message in by_kind["unreadable"]:
        mail = parse(message.raw, "x")
        assert len(message.truth.school_ids) == 1, message.truth.note
        readings = [read_attachment(a.name, a.data) for a in mail.attachments]
        assert not any(r.documents for r in readings), message.truth.note
        failures |= {f.code for r in readings for f in r.failures}
        if not mail.attachments:
            assert "drive.google.com" in mail.body or "đính kèm" in mail.body, message.truth.note
    assert {"encrypted", "corrupt", "unsupported"} <= failures
    plans = 0
    for message in by_kind["other-paper"]:
        (attachment,) = parse(message.raw, "x").attachments
        (document,) = read_attachment(attachment.name, attachment.data).documents
        assert document.header.kind in ("BÁO CÁO", "KẾ HOẠCH"), message.truth.note
        plans += document.header.kind == "KẾ HOẠCH" and "121/2020/QH14" in (document.header.title or "")
    assert plans >= 1
    for message in by_kind["internal"]:
        assert parse(message.raw, "x").sender == "pgdthuthua@example.edu.vn"


def test_scans_stay_within_the_ocr_budget(season: list[SeasonMessage], textual: list[SeasonMessage]) -> None:
    def image_pages(messages: list[SeasonMessage]) -> int:
        pages = 0
        for message in messages:
            if message.truth.kind == "unreadable":
                continue  # locked or broken PDFs: nothing there for OCR either
            for attachment in parse(message.raw, "x").attachments:
                if attachment.name.lower().endswith(".jpg"):
                    pages += 1
                elif attachment.data.startswith(b"%PDF"):
                    with pdfplumber.open(io.BytesIO(attachment.data)) as pdf:
                        pages += sum(1 for p in pdf.pages if not (p.extract_text() or "").strip())
        return pages

    assert 1 <= image_pages(season) <= 2
    assert image_pages(textual) == 0


def test_same_seed_same_season(textual: list[SeasonMessage]) -> None:
    again = make_season(SCHOOLS, year=2021, seed=0, size="small", scanned=False)
    assert [m.raw for m in again] == [m.raw for m in textual]
    other = make_season(SCHOOLS[:8], year=2021, seed=1, size="small", scanned=False)
    assert [m.raw for m in other] != [m.raw for m in textual]


def test_command_writes_eml_files_and_truth(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main([str(tmp_path / "season"), "--no-scans"])
    files = sorted((tmp_path / "season").glob("*.eml"))
    assert files and (tmp_path / "season" / "truth.json").exists()
    assert "Đã ghi" in capsys.readouterr().out


def test_the_demo_over_sample_mail_does_not_say_a_mailbox_is_behind(tmp_path: Path) -> None:
    """`make demo` imported a sample season and ended its status table with «Lưu ý: hộp thư … chưa được
    đọc lần nào; tình trạng trên có thể chưa tính thư mới nhất»: its config was the shipped one, naming a
    mailbox the demo never reads. The demo's config reads no mailbox (mail comes in by import only);
    an install that names one still hears that it has not been read."""
    demo, shipped = tmp_path / "demo" / "config.toml", tmp_path / "config.toml"
    demo.parent.mkdir()
    main([str(tmp_path / "season"), "--size", "small", "--no-scans", "--demo-config", str(demo)])
    shipped.write_text((ROOT / "config.toml").read_text(encoding="utf-8"), encoding="utf-8")

    def status(config: Path) -> str:
        imported = CliRunner().invoke(cli, ["--config", str(config), "import", str(tmp_path / "season")])
        assert imported.exit_code == 0, imported.output
        shown = CliRunner().invoke(cli, ["--config", str(config), "status", "--year", "2021"])
        assert shown.exit_code == 0, shown.output
        return shown.output

    shown = status(demo)
    assert "Trường Tiểu học" in shown and "Lưu ý" not in shown, shown
    assert "chưa được đọc lần nào" in status(shipped)
