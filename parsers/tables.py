"""How a word processor's table reads as lines: layout tables cell by cell, data tables row by row."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

# Two-column tables of at most this many rows are layout (the official header, the signature
# block): their cells read as separate lines, not as one row of data.
_LAYOUT_ROWS = 3


def table_lines(rows: Sequence[Sequence[Sequence[str]]]) -> Iterator[str]:
    """The lines of a table given as rows of cells, each cell its lines in order.

    A layout table (at most two columns and three rows, like the Decree 30 header) gives every cell's
    lines one after another; a data table gives a row whose cells hold at most one line each as one
    line, its cells joined by " | ", which is how parsers.sections and parsers.figures find table rows.
    """
    columns = max((len(row) for row in rows), default=0)
    layout = columns <= 2 and len(rows) <= _LAYOUT_ROWS
    for row in rows:
        cells = [[line for line in cell if line.strip()] for cell in row]
        if not layout and all(len(c) <= 1 for c in cells):
            yield " | ".join(c[0] for c in cells if c)
        else:
            for cell in cells:
                yield from cell
