"""Terminal layouts that depend on the width at hand: text whose wrapped lines keep their
indent, comparisons stacked when their columns would be narrow, buttons as a flow of labels.

Rich decides the width only when it draws, so each of these is a renderable that chooses its
layout then, in `__rich_console__`, from the width it is given.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from core.kernel.reply import ComparisonSection, FieldsSection

# A line's hanging indent: its leading spaces and, if it opens with one, a bullet or a mark
# (`•`, `◦`, `✗`, `✓`, `⚑`, `1.`) and the space after it.
_HANG = re.compile(r"^ *(?:(?:[•◦✗✓⚑]|\d{1,2}\.) )?")
# Each role's column of a three-column table needs this many characters to read as prose;
# narrower (an 80-column terminal, a phone), each row's two accounts are stacked instead.
TABLE_CELL_MIN = 40
# What a rich table with lines draws besides its cells: four rules and a space either side
# of each of three cells.
_TABLE_CHROME = 10
_GAP = "  "


class Hanging:
    """Text, line by line; a line that wraps continues under the text after its bullet, not
    under the bullet or at the margin, so a loop's stages still read as stages."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        for line in self.text.split("\n", allow_blank=True):
            match = _HANG.match(line.plain)
            hang = match.end() if match else 0
            indent = cell_len(line.plain[:hang])
            if indent * 2 > width:  # too deep to hang in this width: wrap as it comes
                yield from line.wrap(console, width)
                continue
            head, body = line[:hang], line[hang:]
            for i, piece in enumerate(body.wrap(console, width - indent) or [Text()]):
                yield (head if i == 0 else Text(" " * indent)) + piece

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.text)


class Fields:
    """Names beside their values while the longest name takes at most a quarter of the
    width; longer names ("Thu 10 Dec: Leadership principles") would squeeze their values into
    a narrow column, so each name then stands on its own line with its value beneath."""

    def __init__(self, section: FieldsSection, draw: Callable[[str], Text]) -> None:
        self.section = section
        self.draw = draw

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        names = [self.draw(f.name) for f in self.section.fields]
        values = [Hanging(self.draw(f.rendered())) for f in self.section.fields]
        if max((n.cell_len for n in names), default=0) * 4 <= options.max_width:
            table = Table(show_header=False, box=None, padding=(0, 1))
            table.add_column(style="bold", ratio=1)
            table.add_column(ratio=3)
            for name, value in zip(names, values, strict=True):
                table.add_row(name, value)
            yield table
            return
        for name, value in zip(names, values, strict=True):
            name.stylize("bold")
            yield name
            yield Padding(value, (0, 0, 0, 2))


class Comparison:
    """A comparison as a table where each role's column gets `TABLE_CELL_MIN` characters;
    else as stacked pairs: each row's label, then the first role's account, then the
    second's, each beside its role's id."""

    def __init__(self, section: ComparisonSection, draw: Callable[[str], Text]) -> None:
        self.section = section
        self.draw = draw

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        label = self._label_width()
        if (options.max_width - label - _TABLE_CHROME) // 2 >= TABLE_CELL_MIN:
            yield self._table(label)
        else:
            yield self._stacked()

    def _label_width(self) -> int:
        # as wide as its longest word ("Responsibilities"), so that no label is cut short
        words = [len(word) for row in self.section.rows for word in row.label.split()]
        return min(max(words, default=1), 18)

    def _table(self, label: int) -> Table:
        section = self.section
        table = Table(show_lines=True, expand=True)
        table.add_column("", style="bold", width=label)
        table.add_column(section.left_title, ratio=3)
        table.add_column(section.right_title, ratio=3)
        for row in section.rows:
            table.add_row(self.draw(row.label), self._cell(row.left), self._cell(row.right))
        return table

    def _cell(self, text: str) -> Hanging:
        return Hanging(self.draw(text))

    def _stacked(self) -> Group:
        section = self.section
        parts: list[RenderableType] = []
        # A lone row's label only repeats the section's heading ("Loop" under "Interview loop").
        labelled = len(section.rows) > 1
        for row in section.rows:
            grid = Table.grid(padding=(0, 1))
            grid.add_column(style="cyan", no_wrap=True)
            grid.add_column()
            grid.add_row(section.left_title, self._cell(row.left))
            grid.add_row(section.right_title, self._cell(row.right))
            if labelled:
                label = self.draw(row.label)
                label.stylize("bold")
                parts.append(label)
            parts.append(grid)
        return Group(*parts)


class Flow:
    """Labels set one after another, as many to a line as fit, each kept whole."""

    def __init__(self, labels: Sequence[str], style: str, indent: int = 2) -> None:
        self.labels = labels
        self.style = style
        self.indent = indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from (Text(line, style=self.style) for line in self.lines(options.max_width))

    def lines(self, width: int) -> Iterator[str]:
        line = ""
        for label in self.labels:
            joined = f"{line}{_GAP}{label}" if line else " " * self.indent + label
            if line and cell_len(joined) > width:
                yield line
                joined = " " * self.indent + label
            line = joined
        if line:
            yield line
