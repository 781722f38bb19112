"""Imports flow one way: cli -> poller/scheduler -> pipeline -> parsers; parsers stay pure."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("path", _modules("parsers"), ids=lambda p: p.name)
def test_parsers_know_nothing_of_mail_storage_or_config(path: Path) -> None:
    bad = {
        i
        for i in _imports(path)
        if i.split(".")[0] in {"intake", "scheduler", "sqlalchemy", "imapclient", "mailparser"}
    }
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", _modules("scheduler"), ids=lambda p: p.name)
def test_scheduler_never_imports_imap_code(path: Path) -> None:
    bad = {
        i
        for i in _imports(path)
        if i.startswith(("imapclient", "intake.imap", "intake.poller", "intake.cli"))
    }
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize(
    "path",
    [p for pkg in ("intake", "parsers", "scheduler", "samples") for p in _modules(pkg)],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_nothing_imports_the_cli_and_only_imap_imports_imapclient(path: Path) -> None:
    imports = _imports(path)
    if path.name not in ("cli.py", "__main__.py"):
        assert not any(i.startswith("intake.cli") for i in imports), f"{path.name} imports the CLI"
    if path.name != "imap.py":
        assert not any(i.startswith("imapclient") for i in imports), f"{path.name} imports imapclient"


@pytest.mark.parametrize(
    "path",
    [p for pkg in ("kernel", "intake", "parsers", "scheduler", "samples") for p in _modules(pkg)],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_nothing_below_the_application_layer_imports_it(path: Path) -> None:
    """The CLI and the staff page (app/) sit on top: kernel, intake and scheduler never reach up."""
    bad = {i for i in _imports(path) if i == "app" or i.startswith("app.")}
    assert not bad, f"{path.name} imports {bad}"
