"""Every command is documented in the README, and every command's help has an example."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(main.commands))
def test_command_is_in_the_readme(name: str) -> None:
    assert f"baocao {name}" in README


@pytest.mark.parametrize("name", sorted(main.commands))
def test_command_help_is_vietnamese_with_an_example(name: str) -> None:
    help_text = main.commands[name].help or ""
    assert "Ví dụ" in help_text, f"{name} --help has no example"


def test_the_list_of_commands_cuts_no_description_in_the_middle() -> None:
    """`baocao --help` listed «Miễn cho một trường nộp báo cáo năm nay (giải thể, sáp...»: click cut each
    first sentence to the width at a word, and a Vietnamese word is one syllable of several."""
    listed = CliRunner().invoke(main, ["--help"], terminal_width=80).output
    commands = listed.split("Lệnh:")[1]
    assert "..." not in commands
    for group in ("user", "auth"):
        output = CliRunner().invoke(main, [group, "--help"], terminal_width=80).output
        assert "..." not in output.split("Lệnh:")[1]


@pytest.mark.parametrize("name", sorted(main.commands))
def test_a_commands_example_is_shown_whole_to_be_copied(name: str) -> None:
    """`baocao exempt --help` broke its example inside the quoted reason («--reason "Đã sáp nhập vào» over
    «MG Tân Long"»): a clerk copying it ran a broken command. Each example line is shown as written."""
    help_text = main.commands[name].help or ""
    examples = [line.strip() for line in help_text.splitlines() if line.strip().startswith("Ví dụ:")]
    shown = CliRunner().invoke(main, [name, "--help"], terminal_width=80).output
    assert examples and all(example in shown for example in examples)
