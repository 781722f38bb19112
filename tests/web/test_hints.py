"""The steps review reasons name as commands, as the page shows them (app/web/hints.py)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from app.web.hints import on_page

INTAKE = Path(__file__).resolve().parents[2] / "intake"


def _strings() -> list[str]:
    """Every string the intake's modules write, as the strings read once joined."""
    found: list[str] = []
    for path in INTAKE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                found.append("".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.append(node.value)
    return found


def _commands_in_reasons() -> set[str]:
    """Every "(baocao …)" step the intake's strings write."""
    return {c for text in _strings() for c in re.findall(r"\(baocao [^)]*\)", text)}


def test_every_step_a_review_reason_names_as_a_command_is_shown_as_the_pages_own() -> None:
    """A school asking for more time waited in review with «gia hạn cho trường (baocao extend)»: a clerk
    on the page read a command line she does not use, for a step the school's page offers. Every
    command intake writes into a reason must be in the page's table."""
    commands = _commands_in_reasons()
    assert {"(baocao assign)", "(baocao paper)", "(baocao extend)"} <= commands
    assert [c for c in sorted(commands) if "baocao" in on_page(c, "Phòng")] == []


def test_a_failure_reason_points_to_the_messages_button_to_read_it_again() -> None:
    """A message that failed said on its page «sau khi khắc phục, chạy lại bằng lệnh baocao reprocess»,
    a command the clerk does not run; the message's page has a «Xử lý lại» button for that step."""
    told = [s for s in _strings() if "chạy lại bằng lệnh baocao reprocess" in s]
    assert len(told) >= 3
    for reason in told:
        shown = on_page(reason, "Phòng")
        assert "baocao reprocess" not in shown and "bấm nút «Xử lý lại» trên trang của thư" in shown
