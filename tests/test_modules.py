"""Each module of ours binds each of its top-level names once."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

from tests.test_layering import ALLOWED, _id, _modules


def _bound_twice(path: Path) -> list[str]:
    """The names a module's top level assigns, defines or imports more than once (a name bound in both
    branches of an if, as for an optional import, counts once)."""
    bound: Counter[str] = Counter()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign):
            bound.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign | ast.AugAssign) and isinstance(node.target, ast.Name):
            bound[node.target.id] += isinstance(node, ast.AnnAssign)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound[node.name] += 1
    return sorted(name for name, times in bound.items() if times > 1)


@pytest.mark.parametrize("path", _modules(*ALLOWED), ids=_id)
def test_a_module_binds_each_top_level_name_once(path: Path) -> None:
    """Two changes each gave intake/classify.py a constant _SENT_BEFORE, for different texts; the later
    silently replaced the earlier, and a note setting an earlier draft aside was read as a draft again."""
    assert _bound_twice(path) == []
