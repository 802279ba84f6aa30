"""The cost grid: each cost line's figures month by month (or quarter by quarter) for
one financial year, one measure at a time, typed and pasted like a spreadsheet.

Finance teams keep budget, forecast and actuals as separate sheets of lines by month,
so the grid shows one measure at a time: a block copied from the finance system's
export pastes straight in, and twelve months fit on a laptop screen without scrolling.
The model never writes: it turns typing, pasting and clearing into ``CellEdit``s and
asks for them through ``edits_requested``; the area runs them as one undoable command.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from commissioner.models.cost_rules import add_months, financial_year_label, month_start
from commissioner.models.money import format_pounds
from commissioner.services.cost_entries import CellEdit, parse_cell
from commissioner.services.costs import CostLineView, CostSheet
from commissioner.ui.table_model import EXPORT_ROLE

_Index = QModelIndex | QPersistentModelIndex

MEASURE_LABELS = {"budget": "Budget", "forecast": "Forecast", "actual": "Actual"}
#: The cost line id behind a line row (None on category and total rows).
LINE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
MUTED = QColor("#5f6b7a")
SUM_BACKGROUND = QColor("#eef2f7")
#: What a past month without an actual shows: visibly not booked, never a false £0.
NOT_BOOKED = "—"
#: Excel's accounting format copies a zero as a dash.
_EXCEL_ZERO = {"-", "£-", "£ -"}


class RowKind(Enum):
    LINE = "line"
    CATEGORY = "category"
    TOTAL = "total"


@dataclass(frozen=True)
class GridRow:
    kind: RowKind
    label: str
    #: The line itself, or every line this row adds up.
    lines: tuple[CostLineView, ...]

    @property
    def line(self) -> CostLineView | None:
        return self.lines[0] if self.kind is RowKind.LINE else None


@dataclass(frozen=True)
class GridColumn:
    label: str
    #: The months the column adds up; None is the whole life of the project.
    months: frozenset[dt.date] | None
    #: The column's name in full, for tooltips and messages.
    title: str
    single_month: dt.date | None = None

    def covers(self, month: dt.date) -> bool:
        return self.months is None or month in self.months


def grid_rows(lines: Iterable[CostLineView]) -> list[GridRow]:
    """Each category's total row followed by its lines, then the total of everything."""
    groups: dict[str, list[CostLineView]] = {}
    for line in lines:
        groups.setdefault(line.category, []).append(line)
    rows: list[GridRow] = []
    for category, members in groups.items():
        rows.append(GridRow(RowKind.CATEGORY, category, tuple(members)))
        rows.extend(GridRow(RowKind.LINE, line.name, (line,)) for line in members)
    every = tuple(line for members in groups.values() for line in members)
    rows.append(GridRow(RowKind.TOTAL, "All cost lines", every))
    return rows


def grid_columns(start_year: int, start_month: int, quarterly: bool) -> list[GridColumn]:
    """The months (or quarters) of one financial year, its total and the whole life."""
    first = dt.date(start_year, start_month, 1)
    months = [add_months(first, step) for step in range(12)]
    if quarterly:
        columns = [
            GridColumn(
                f"Q{q + 1} {months[3 * q]:%b}–{months[3 * q + 2]:%b}",
                frozenset(months[3 * q : 3 * q + 3]),
                f"Q{q + 1} ({months[3 * q]:%B} to {months[3 * q + 2]:%B %Y})",
            )
            for q in range(4)
        ]
    else:
        columns = [
            GridColumn(f"{m:%b %y}", frozenset({m}), f"{m:%B %Y}", single_month=m) for m in months
        ]
    year = financial_year_label(start_year, start_month)
    columns.append(GridColumn(year, frozenset(months), f"the financial year {year}"))
    columns.append(GridColumn("Whole life", None, "the whole life of the project"))
    return columns


def pounds(pence: int | None) -> str:
    """Whole pounds with separators; pence only where there are some (never hide 40p)."""
    if pence is None:
        return ""
    return format_pounds(pence, with_pence=pence % 100 != 0).replace("£", "")


def copied_figure(pence: int | None) -> str:
    """A figure as Excel reads it back in any locale with a full stop: '-1234.50'."""
    if pence is None:
        return ""
    return f"{Decimal(pence) / 100:.2f}"


def pasted_text(text: str) -> str:
    """A pasted cell as ``parse_cell`` reads it: Excel's dash for zero becomes 0, and our
    own "—" for a month not booked becomes blank."""
    cleaned = text.strip().strip('"').strip()
    if cleaned in _EXCEL_ZERO:
        return "0"
    return "" if cleaned == NOT_BOOKED else cleaned


def clipboard_block(text: str) -> list[list[str]]:
    """Tab-separated rows as Excel copies them (with a final line break)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.split("\t") for line in lines]


class CostGridModel(QAbstractTableModel):
    """Lines by period for one measure; column 0 names the line, the rest are periods."""

    #: (edits, description) for the area to run as one undoable step.
    edits_requested = Signal(object, str)
    #: A message naming the cell that could not take what was typed or pasted.
    rejected = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.measure = "actual"
        self.quarterly = False
        self.read_only = False
        self._start_year = 0
        self._start_month = 4
        self._this_month = month_start(dt.date.today())
        self._span: frozenset[dt.date] = frozenset()
        self._lines: tuple[CostLineView, ...] = ()
        self._rows: list[GridRow] = []
        self._columns: list[GridColumn] = []

    # --- What is shown ---------------------------------------------------------------

    def set_sheet(self, sheet: CostSheet, today: dt.date, start_year: int) -> None:
        """Show ``sheet``; keeps the view's place when only the figures changed."""
        self._start_month = sheet.financial_year_start_month
        self._this_month = month_start(today)
        self._span = frozenset(sheet.months)
        self._lines = sheet.lines
        rows = grid_rows(sheet.lines)
        same_shape = start_year == self._start_year and [(r.kind, r.label) for r in rows] == [
            (r.kind, r.label) for r in self._rows
        ]
        if same_shape and self._columns:
            self._rows = rows
            self._refresh_all()
            return
        self._start_year = start_year
        self._rebuild(rows)

    def set_view(self, start_year: int, *, quarterly: bool, measure: str) -> None:
        """Show another financial year, period length or measure of the same sheet."""
        self._start_year, self.quarterly, self.measure = start_year, quarterly, measure
        self._rebuild(grid_rows(self._lines))

    def _rebuild(self, rows: list[GridRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._columns = grid_columns(self._start_year, self._start_month, self.quarterly)
        self.endResetModel()

    def _refresh_all(self) -> None:
        if self._rows and self._columns:
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def row_at(self, row: int) -> GridRow:
        return self._rows[row]

    def column_at(self, column: int) -> GridColumn | None:
        return self._columns[column - 1] if column >= 1 else None

    # --- Qt's model interface --------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or not self._columns else len(self._columns) + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        column = self.column_at(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return "Cost line" if column is None else column.label
        if role == EXPORT_ROLE:
            return "text" if column is None else "money"
        if role == Qt.ItemDataRole.ToolTipRole and column is not None:
            return f"{MEASURE_LABELS[self.measure]} for {column.title}, £"
        if role == Qt.ItemDataRole.TextAlignmentRole and column is not None:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable(index.row(), index.column()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def editable(self, row: int, column: int) -> bool:
        grid_column = self.column_at(column)
        return (
            not self.read_only
            and self._rows[row].kind is RowKind.LINE
            and grid_column is not None
            and grid_column.single_month is not None
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], self.column_at(index.column())
        if role == LINE_ID_ROLE:
            return row.line.id if row.line else None
        if role == EXPORT_ROLE:
            # Pence for the figures; sums say so in words, as bold says it on screen.
            if column is not None:
                return self.amount(row, column, self.measure)
            return row.label if row.kind is RowKind.LINE else f"{row.label} (total)"
        if role == Qt.ItemDataRole.FontRole and row.kind is not RowKind.LINE:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and (
            row.kind is not RowKind.LINE or (column is not None and column.single_month is None)
        ):
            return SUM_BACKGROUND
        if column is None:
            return self._label_data(row, role)
        return self._figure_data(row, column, role)

    def _label_data(self, row: GridRow, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return f"    {row.label}" if row.kind is RowKind.LINE else row.label
        if role == Qt.ItemDataRole.ToolTipRole and row.line is not None:
            line = row.line
            parts = [line.name, line.category]
            if line.finance_code:
                parts.append(f"Finance code {line.finance_code}")
            return "\n".join(parts + ([line.notes] if line.notes else []))
        return None

    def _figure_data(self, row: GridRow, column: GridColumn, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.EditRole:
            amount = self.amount(row, column, self.measure)
            return "" if amount is None else format_pounds(amount, with_pence=True)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display_text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and self.display_text(row, column) == NOT_BOOKED:
            return MUTED
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._figure_tooltip(row, column)
        return None

    # --- The figures -----------------------------------------------------------------

    def amount(self, row: GridRow, column: GridColumn, measure: str) -> int | None:
        """The row's ``measure`` over the column's months; None when none is entered."""
        values = [
            value
            for line in row.lines
            for month, cell in line.periods.items()
            if column.covers(month) and (value := cell.value(measure)) is not None
        ]
        return sum(values) if values else None

    def _past_months(self, column: GridColumn) -> list[dt.date]:
        return sorted(m for m in self._span if m < self._this_month and column.covers(m))

    def not_booked(self, row: GridRow, column: GridColumn) -> list[dt.date]:
        """Past months in the column where a forecast stands in for an actual not yet
        booked: the months the forecast at completion counts at forecast."""
        return [
            month
            for month in self._past_months(column)
            if any(
                (cell := line.periods.get(month)) is not None
                and cell.actual is None
                and cell.forecast is not None
                for line in row.lines
            )
        ]

    def display_text(self, row: GridRow, column: GridColumn) -> str:
        amount = self.amount(row, column, self.measure)
        if amount is not None:
            return pounds(amount)
        if self.measure == "actual" and self._past_months(column):
            return NOT_BOOKED
        return ""

    def _figure_tooltip(self, row: GridRow, column: GridColumn) -> str:
        figures = " · ".join(
            f"{label} {format_pounds(self.amount(row, column, measure), with_pence=True) or '—'}"
            for measure, label in MEASURE_LABELS.items()
        )
        text = f"{row.label}, {column.title}\n{figures}"
        months = self.not_booked(row, column)
        if months:
            shown = ", ".join(f"{m:%b %Y}" for m in months[:4]) + ("…" if len(months) > 4 else "")
            text += f"\nNo actual booked for {shown}: counted at forecast."
        elif self.measure == "actual" and self.display_text(row, column) == NOT_BOOKED:
            text += "\nNo actual booked."
        if column.single_month is None:
            text += "\nA sum of its months; type figures into the months."
        return text

    def place(self, row: int, column: int) -> str:
        """A cell's name in messages: 'Agency carers, May 2026 actual'."""
        grid_row, grid_column = self._rows[row], self.column_at(column)
        where = grid_column.title if grid_column else "its name"
        return f"{grid_row.label}, {where} {self.measure}"

    # --- Edits -----------------------------------------------------------------------

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self.editable(index.row(), index.column()):
            return False
        try:
            edits = self.block_edits(index.row(), index.column(), [[str(value)]])
        except ValueError as error:
            self.rejected.emit(str(error))
            return False
        if edits:
            self.edits_requested.emit(edits, f"Set {self.place(index.row(), index.column())}")
        return True

    def block_edits(
        self, top: int, left: int, block: Sequence[Sequence[str]]
    ) -> tuple[CellEdit, ...]:
        """The edits a block of typed or pasted text makes from (top, left), leaving out
        cells it would not change. Raises ValueError naming the first cell that cannot
        take its value; then nothing is to be written."""
        if self.quarterly:
            raise ValueError("Quarters add up their months: switch to Monthly to enter figures.")
        edits: list[CellEdit] = []
        for step_down, texts in enumerate(block):
            for step_right, text in enumerate(texts):
                edit = self._cell_edit(top + step_down, left + step_right, text, len(block))
                if edit is not None:
                    edits.append(edit)
        return tuple(edits)

    def _cell_edit(self, row: int, column: int, text: str, height: int) -> CellEdit | None:
        if row >= self.rowCount() or column >= self.columnCount():
            raise ValueError(
                f"The {height}-row block runs off the grid: choose a cell with room for it."
            )
        if not self.editable(row, column):
            raise ValueError(
                f"{self.place(row, column)} is a sum or a name, not a month of a cost line: "
                "paste only onto cost lines' months."
            )
        try:
            pence = parse_cell(pasted_text(text), self.measure)
        except ValueError as error:
            raise ValueError(f"{self.place(row, column)}: {error}") from None
        line, grid_column = self._rows[row].line, self.column_at(column)
        assert line is not None and grid_column is not None and grid_column.single_month
        month = grid_column.single_month
        cell = line.periods.get(month)
        if (cell.value(self.measure) if cell else None) == pence:
            return None
        return CellEdit(line.id, month, self.measure, pence)

    def clear_edits(self, indexes: Iterable[QModelIndex]) -> tuple[CellEdit, ...]:
        """Blank every editable selected cell that holds a figure."""
        edits = []
        for index in indexes:
            if not self.editable(index.row(), index.column()):
                continue
            line, column = self._rows[index.row()].line, self.column_at(index.column())
            assert line is not None and column is not None and column.single_month
            cell = line.periods.get(column.single_month)
            if cell is not None and cell.value(self.measure) is not None:
                edits.append(CellEdit(line.id, column.single_month, self.measure, None))
        return tuple(edits)

    def block_text(self, indexes: Sequence[QModelIndex]) -> str:
        """The selection's bounding block as tab-separated rows, figures exact."""
        rows = [index.row() for index in indexes]
        columns = [index.column() for index in indexes]
        lines = []
        for row in range(min(rows), max(rows) + 1):
            cells = []
            for column in range(min(columns), max(columns) + 1):
                grid_column = self.column_at(column)
                if grid_column is None:
                    cells.append(self._rows[row].label)
                else:
                    cells.append(
                        copied_figure(self.amount(self._rows[row], grid_column, self.measure))
                    )
            lines.append("\t".join(cells))
        return "\n".join(lines) + "\n"
