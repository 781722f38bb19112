"""What a person reads in a DOCX, in document order: paragraphs, and table rows as "cell | cell"."""

from __future__ import annotations

import io

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    lines: list[str] = []
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines.extend(" | ".join(cell.text for cell in row.cells) for row in block.rows)
    return "\n".join(lines)


def highlighted(paragraph: Paragraph) -> str:
    """The highlighted text of a paragraph."""
    return "".join(run.text for run in paragraph.runs if run.font.highlight_color is not None)


def table_text(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]
