"""Imports flow one way: app -> intake / scheduler -> kernel -> parsers. Each rule is checked on
every module of the package it constrains, over the whole import graph of our code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = {"app", "intake", "kernel", "parsers", "scheduler", "samples", "bench", "tests"}


def _imports(path: Path) -> set[str]:
    """Every module path imported by a file, top-level or inside functions (lazy imports too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def _modules(*packages: str) -> list[Path]:
    return sorted(p for package in packages for p in (ROOT / package).rglob("*.py"))


def _ours(path: Path) -> set[str]:
    return {i.split(".")[0] for i in _imports(path) if i.split(".")[0] in OURS}


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


# What each package may import of ours (besides itself).
ALLOWED = {
    "parsers": set(),
    "kernel": {"parsers"},
    "intake": {"kernel", "parsers"},
    "scheduler": {"kernel", "parsers"},
    "app": {"intake", "scheduler", "kernel", "parsers"},
}


# Modules that render the committed examples under docs/ from the sample generator's data.
EXAMPLES = {"app/consolidate/examples.py"}


@pytest.mark.parametrize("path", _modules(*ALLOWED), ids=_id)
def test_each_layer_imports_only_the_layers_below_it(path: Path) -> None:
    package = path.relative_to(ROOT).parts[0]
    bad = _ours(path) - ALLOWED[package] - {package} - ({"samples"} if _id(path) in EXAMPLES else set())
    assert not bad, f"{_id(path)} imports {sorted(bad)}"


@pytest.mark.parametrize("path", _modules("parsers"), ids=_id)
def test_parsers_know_nothing_of_mail_storage_or_config(path: Path) -> None:
    bad = {
        i for i in _imports(path) if i.split(".")[0] in {"sqlalchemy", "imapclient", "mailparser", "smtplib"}
    }
    assert not bad, f"{_id(path)} imports {bad}"


@pytest.mark.parametrize(
    "path", _modules("kernel", "intake", "scheduler", "app", "samples", "bench"), ids=_id
)
def test_only_the_imap_module_imports_imapclient(path: Path) -> None:
    if _id(path) == "intake/imap.py":
        return
    assert not any(i.split(".")[0] == "imapclient" for i in _imports(path)), f"{_id(path)} imports imapclient"


@pytest.mark.parametrize("path", _modules("kernel", "intake", "scheduler", "app"), ids=_id)
def test_only_the_mailer_talks_smtp(path: Path) -> None:
    if _id(path) == "scheduler/mailer.py":
        return
    assert "smtplib" not in _imports(path), f"{_id(path)} imports smtplib"


def test_the_rules_see_every_package() -> None:
    """A package added beside the others must be placed in the layers, not slip past the rules."""
    packages = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()}
    assert packages - OURS == set()
