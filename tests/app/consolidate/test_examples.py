"""docs/examples/bao-cao-tong-hop.docx shows what the code drafts today: python -m app.consolidate.examples."""

from __future__ import annotations

import io

from app.consolidate.examples import EXAMPLE, PICTURE, ROOT, render
from app.consolidate.make_template import TEMPLATE, build
from tests.app.consolidate.docxtext import docx_text


def test_the_example_draft_is_up_to_date_with_the_code() -> None:
    committed = docx_text(EXAMPLE.read_bytes()) if EXAMPLE.exists() else ""
    fresh = docx_text(render())
    assert committed == fresh, f"{EXAMPLE.relative_to(ROOT)} is stale: run python -m app.consolidate.examples"


def test_the_readme_shows_the_first_page() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert PICTURE.exists() and str(PICTURE.relative_to(ROOT)) in readme
    assert str(EXAMPLE.relative_to(ROOT)) in readme


def test_the_shipped_template_is_what_make_template_writes() -> None:
    """The template is generated: edit make_template.py and run python -m app.consolidate.make_template."""
    fresh = io.BytesIO()
    build().save(fresh)
    assert docx_text(TEMPLATE.read_bytes()) == docx_text(fresh.getvalue())
