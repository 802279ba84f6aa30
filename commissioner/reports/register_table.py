"""A table of any length, laid out a page at a time with its header on every page.

reportlab's own Table measures every row again each time it splits across a page,
which grows with the square of a register's length (a 2,000-entry log took minutes),
and cutting a register into short tables prints a header in the middle of a page.
A `RegisterTable` measures each row once, keeps the heights, and on each page hands
reportlab a plain Table of just the rows that fit, with their heights given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle as RLTableStyle

#: Room around a cell's text (top + bottom, left + right), as set in `base_commands`.
VERTICAL_PADDING = 5.0
HORIZONTAL_PADDING = 6.0
#: A table this short (rows, and points tall) is never broken across pages.
KEEP_TOGETHER_ROWS = 6
KEEP_TOGETHER_HEIGHT = 300.0


@dataclass
class RegisterRow:
    """One row: its cells (plain strings or Paragraphs) and its own style.

    `commands` are TableStyle commands without a row: `("BACKGROUND", 2, 2, colour)`
    styles columns 2 to 2 of this row wherever the row lands."""

    cells: list[Any]
    commands: list[tuple[Any, ...]] = field(default_factory=list)
    #: Never begin a page with this row (a caption belongs under the rows above it).
    keep_with_previous: bool = False
    #: One cell across the whole width.
    spans: bool = False
    height: float | None = None


class RegisterTable(Flowable):
    def __init__(
        self,
        header: list[Any],
        rows: list[RegisterRow],
        widths: list[float],
        base_commands: list[tuple[Any, ...]],
        *,
        leading: float,
    ) -> None:
        super().__init__()
        self.header = header
        self.rows = rows
        self.widths = widths
        self.base_commands = base_commands
        self.leading = leading
        self.hAlign = "LEFT"
        self._header_height: float | None = None

    # Measuring ---------------------------------------------------------------------

    def _cell_height(self, cell: Any, width: float) -> float:
        if isinstance(cell, str):
            return self.leading * (cell.count("\n") + 1)
        if isinstance(cell, Paragraph):
            return float(cell.wrap(width - HORIZONTAL_PADDING, 1e6)[1])
        return 0.0

    def _measure(self, cells: list[Any], spans: bool) -> float:
        widths = [sum(self.widths)] if spans else self.widths
        tallest = max(
            (self._cell_height(cell, width) for cell, width in zip(cells, widths, strict=False)),
            default=0.0,
        )
        return tallest + VERTICAL_PADDING

    def header_height(self) -> float:
        if self._header_height is None:
            self._header_height = self._measure(self.header, False)
        return self._header_height

    def row_height(self, row: RegisterRow) -> float:
        if row.height is None:
            row.height = self._measure(row.cells, row.spans)
        return row.height

    # Flowable ----------------------------------------------------------------------

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = sum(self.widths)
        self.height = self.header_height() + sum(self.row_height(row) for row in self.rows)
        return self.width, self.height

    def keeps_together(self) -> bool:
        """A short table moves whole to the next page rather than break."""
        return len(self.rows) <= KEEP_TOGETHER_ROWS and self.height <= KEEP_TOGETHER_HEIGHT

    def start_height(self, rows: int) -> float:
        """The height of the part that must begin on a page: all of a short table,
        else the header and the first `rows` rows."""
        if self.keeps_together():
            return self.height
        return self.header_height() + sum(map(self.row_height, self.rows[:rows]))

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        if self.keeps_together():
            return []
        room = available_height - self.header_height()
        fitting = 0
        for row in self.rows:
            room -= self.row_height(row)
            if room < 0:
                break
            fitting += 1
        while 0 < fitting < len(self.rows) and self.rows[fitting].keep_with_previous:
            fitting -= 1
        if fitting == 0:
            return []
        return [self._part(self.rows[:fitting]), self._part(self.rows[fitting:])]

    def _part(self, rows: list[RegisterRow]) -> RegisterTable:
        part = RegisterTable(
            self.header, rows, self.widths, self.base_commands, leading=self.leading
        )
        part._header_height = self._header_height
        return part

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N803
        if getattr(canvas, "layout_only", False):
            return  # a pass that only finds page numbers
        table = self.page_table(self.rows)
        table.wrapOn(canvas, self.width, self.height)
        table.drawOn(canvas, x, y, _sW)

    def page_table(self, rows: list[RegisterRow]) -> RLTable:
        """A plain reportlab Table of the header and `rows`, heights already known."""
        data = [self.header] + [self._cells(row) for row in rows]
        heights = [self.header_height()] + [self.row_height(row) for row in rows]
        commands = list(self.base_commands)
        for number, row in enumerate(rows, start=1):
            for name, first, last, *values in row.commands:
                commands.append((name, (first, number), (last, number), *values))
        table = RLTable(data, colWidths=self.widths, rowHeights=heights, hAlign="LEFT")
        table.setStyle(RLTableStyle(commands))
        return table

    def _cells(self, row: RegisterRow) -> list[Any]:
        if row.spans:
            return [row.cells[0]] + [""] * (len(self.widths) - 1)
        return row.cells
