"""Every command is documented in the README, and every command's help has an example."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(main.commands))
def test_command_is_in_the_readme(name: str) -> None:
    assert f"baocao {name}" in README


@pytest.mark.parametrize("name", sorted(main.commands))
def test_command_help_is_vietnamese_with_an_example(name: str) -> None:
    help_text = main.commands[name].help or ""
    assert "Ví dụ" in help_text, f"{name} --help has no example"
