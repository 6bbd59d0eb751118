"""The command line's lists (items, imports, a history) as the output can take them.

- a terminal wide enough: a table, its long column (an item's content) wrapped;
- a narrower one (80 columns in PuTTY): one block per row, the short fields on one line and
  the long text on its own lines below, never a column squeezed to "…";
- a pipe or a file: plain text, one row per line, tab-separated, no box drawing, no colour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from rich.cells import cell_len
from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from kiennghi.text import printable

LONG_WIDTH = 40  # a table is printed only when its long column gets at least this many columns
INDENT = 4  # a block's long text, under its first line


@dataclass(frozen=True)
class Column:
    """A list's column: its header; `long` for the row's one long text; how a block says a
    value (`block`, "hạn {}"); what the table and a block show for an empty value (`missing`);
    rich's options for the table's column."""

    header: str
    long: bool = False
    block: str = "{}"
    missing: str = ""
    options: dict[str, Any] = field(default_factory=dict)


def print_rows(console: Console, title: str, columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> None:
    """Print `rows` (one string per column, "" for none) as the output can take them; the
    title (if any) only on a terminal. A sheet's control characters are shown as marks."""
    rows = [[printable(value) for value in row] for row in rows]
    if not console.is_terminal:
        console.file.write("".join("\t".join(" ".join(value.split()) for value in row) + "\n" for row in rows))
    elif fits(console.width, columns, rows):
        console.print(_table(title, columns, rows))
    else:
        if title:
            console.print(Text(title, style="bold"))
        for row in rows:
            console.print(_block(columns, row, console.width))


def fits(width: int, columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> bool:
    """Whether the table fits `width` with every short column at its widest value and the long
    one (if any) at LONG_WIDTH or more."""
    needed = 1 + 3 * len(columns)  # the borders, and a space each side of every cell
    for n, column in enumerate(columns):
        if column.long:
            needed += LONG_WIDTH
        else:
            needed += max([cell_len(column.header)] + [cell_len(row[n] or column.missing) for row in rows])
    return needed <= width


def _table(title: str, columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> Table:
    table = Table(title=title or None, expand=any(column.long for column in columns))
    for column in columns:
        fixed = {"ratio": 1} if column.long else {"no_wrap": True}
        table.add_column(column.header, **{**fixed, **column.options})
    for row in rows:
        table.add_row(*(Text(value or column.missing) for column, value in zip(columns, row)))
    return table


def _block(columns: Sequence[Column], row: Sequence[str], width: int) -> Group:
    """A row as its short fields, each kept whole, on as few lines of `width` as they take (the
    first in bold, a line that goes on starts with "·"), then its long text indented below."""
    lines: list[Text] = []
    long = []
    for column, value in zip(columns, row):
        shown = column.block.format(value) if value else column.missing
        if column.long:
            long.append(value)
        elif shown and not lines:
            lines.append(Text(shown, style="bold"))
        elif shown and cell_len(lines[-1].plain) + 3 + cell_len(shown) <= width:
            lines[-1].append(f" · {shown}")
        elif shown:
            lines.append(Text(f"  · {shown}"))
    return Group(*lines, *(Padding(Text(text), (0, 0, 0, INDENT)) for text in long if text))
