"""A school's reminders of several reports due the same morning: one mail, built from the templates' parts."""

from __future__ import annotations

import re
from email import message_from_bytes
from email.policy import default
from pathlib import Path

from kernel import config as config_mod
from scheduler import jobs
from scheduler.outbox import Outbox
from scheduler.outgoing import MailKind
from tests.scheduler.conftest import SCHOOLS, Clock, SmtpServer, config_text, local, open_runtime
from tests.scheduler.test_season import SECOND_REPORT

OWN_REMINDER = """Tiêu đề: Nhắc nộp {{ report.title|lower_first }} năm {{ year }}

Thân gửi Ban Giám hiệu {{ school.name }},

{% block body %}
Đề nghị nhà trường gửi {{ report.title|lower_first }} năm {{ year }} chậm nhất ngày {{ deadline|ngay }}.
{% endblock %}

Xin cảm ơn,
{{ office }}
"""


def _texts(
    tmp_path: Path, clock: Clock, smtp: SmtpServer, template: str | None
) -> tuple[list[str], list[str]]:
    """What school b received on 22/10/2021 (NQ121 and the drowning-prevention report both due to be
    reminded), and the text of each reminder as the send log holds it."""
    settings = {}
    if template is not None:
        (tmp_path / "mau").mkdir()
        (tmp_path / "mau" / "reminder.txt").write_text(template, encoding="utf-8")
        settings["templates"] = "mau"
    path = tmp_path / "config.toml"
    path.write_text(config_text(smtp.port, **settings) + SECOND_REPORT, encoding="utf-8")
    rt = open_runtime(config_mod.load(path), clock)
    try:
        clock.now = local("2021-10-22 07:30")
        jobs.tick(rt)
        logged = [
            e
            for e in Outbox(rt.store).entries(limit=None)
            if e.school_id == "b" and e.kind == MailKind.REMINDER
        ]
    finally:
        rt.close()
    received = [_lf(d.message.get_body(("plain",)).get_content()) for d in smtp.to(SCHOOLS["b"][1])]
    own = [
        _lf(message_from_bytes(e.message, policy=default).get_body(("plain",)).get_content())  # type: ignore[attr-defined]
        for e in logged
    ]
    return received, own


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n")


def _cut(text: str) -> str:
    """A reminder's text between its «Kính gửi» line and its «Trân trọng./.» (the shipped template's)."""
    lines = text.strip("\n").splitlines()[1:]
    return "\n".join(lines[: lines.index("Trân trọng./.")]).strip("\n")


def test_the_shipped_templates_combine_reminders_into_the_same_text_as_before(
    tmp_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    """Built from the reminder template's body, the one mail still holds each reminder's own words whole,
    between one greeting and one closing."""
    [text], own = _texts(tmp_path, clock, smtp, None)
    assert len(own) == 2
    for reminder in own:
        assert _cut(reminder) in text
    assert text.count("Kính gửi") == 1 and text.count("Trân trọng./.") == 1


def test_an_offices_own_reminder_without_the_shipped_lines_greets_once(
    tmp_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    """An office's reminder.txt greeting «Thân gửi Ban Giám hiệu …» and closing «Xin cảm ơn,»: the one mail
    of two reminders was cut at lines it does not have, so it greeted and thanked the school twice more
    inside the mail. The combined mail takes each reminder's body block only."""
    [text], _ = _texts(tmp_path, clock, smtp, OWN_REMINDER)
    assert text.count("Thân gửi") == 0 and text.count("Xin cảm ơn") == 0, text
    assert text.count("Kính gửi") == 1
    assert "chậm nhất ngày 25/10/2021" in text and "chậm nhất ngày 27/10/2021" in text


def test_an_offices_own_reminder_without_a_body_block_goes_out_alone(
    tmp_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    """A reminder template with no body block cannot be taken apart: each reminder goes in its own mail,
    as the office wrote it, rather than greeting the school again in the middle of one mail."""
    template = OWN_REMINDER.replace("{% block body %}\n", "").replace("{% endblock %}\n", "")
    received, _ = _texts(tmp_path, clock, smtp, template)
    assert len(received) == 2
    assert all(t.count("Thân gửi") == 1 and t.count("Xin cảm ơn") == 1 for t in received), received


def test_a_units_combined_reminder_goes_out_under_the_units_name(
    tmp_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    """A commune's two reminders to a school went out as one mail signed by the commune but sent as
    «Phòng Giáo dục và Đào tạo huyện Thủ Thừa», the district office's name, as one reminder alone no
    longer is."""
    text = config_text(smtp.port) + SECOND_REPORT
    first = text.index("[[schools]]")
    text = (
        text[:first]
        + '[[units]]\nid = "xa"\nname = "UBND xã Mỹ An"\nstaff_emails = ["vhxh@example.gov.vn"]\n\n'
        + (re.sub(r'(\[\[schools\]\]\nid = "[^"]+"\n)', r'\1unit = "xa"\n', text[first:]))
    )
    _tick_on_the_22nd(tmp_path, clock, text)
    [combined] = [d for d in smtp.to(SCHOOLS["b"][1]) if "2 báo cáo" in d.subject]
    assert str(combined.message["From"]).startswith("UBND xã Mỹ An <")


def test_a_report_with_no_sections_is_reminded_without_an_empty_list(
    tmp_path: Path, clock: Clock, smtp: SmtpServer
) -> None:
    """Sections are optional, but a report without them was reminded with «Báo cáo gồm các nội dung
    chính:» and nothing under it."""
    without = SECOND_REPORT.split("  [[reports.sections]]")[0]
    _tick_on_the_22nd(tmp_path, clock, config_text(smtp.port) + without)
    [text] = [_lf(d.message.get_body(("plain",)).get_content()) for d in smtp.to(SCHOOLS["b"][1])]
    assert "đuối nước" in text
    assert text.count("Báo cáo gồm các nội dung chính:") == 1  # NQ121's, with its sections under it
    assert "Báo cáo gồm các nội dung chính:\n  1. Công tác chỉ đạo, triển khai" in text


def _tick_on_the_22nd(tmp_path: Path, clock: Clock, text: str) -> None:
    """The scheduler's tick at 07:30 on 22/10/2021 (NQ121's and the drowning report's reminders both
    due) under the config text."""
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    rt = open_runtime(config_mod.load(path), clock)
    try:
        clock.now = local("2021-10-22 07:30")
        jobs.tick(rt)
    finally:
        rt.close()
