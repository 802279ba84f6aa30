"""The shared shape of our list models: a list of rows under fixed column titles."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """Holds plain rows (frozen dataclasses); subclasses say how a cell looks."""

    #: Column titles, left to right.
    columns: ClassVar[Sequence[str]] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self.cell(self._rows[index.row()], index.column(), role)

    def cell(self, row: Row, column: int, role: int) -> Any:
        """What ``row`` shows in ``column`` for ``role``; None for nothing."""
        raise NotImplementedError


class EditableRowsModel(RowTableModel[Row]):
    """Rows a dialog edits before saving them all at once: typed in place in the
    ``editable_columns``, added, removed and reordered."""

    #: Columns typed into in place.
    editable_columns: ClassVar[Sequence[int]] = (0,)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.column() in self.editable_columns:
            return super().flags(index) | Qt.ItemFlag.ItemIsEditable
        return super().flags(index)

    def rows(self) -> list[Row]:
        return list(self._rows)

    def replace_row(self, index: Index, row: Row) -> None:
        """Put ``row`` in the place of the one at ``index`` (after an edit in place)."""
        self._rows[index.row()] = row
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])

    def append_row(self, row: Row) -> int:
        """Add ``row`` at the end; returns where it is."""
        position = len(self._rows)
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.append(row)
        self.endInsertRows()
        return position

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    def move(self, row: int, step: int) -> int:
        """Move a row up (-1) or down (+1); returns where it is now."""
        target = row + step
        if not 0 <= target < len(self._rows):
            return row
        # Qt counts a move's destination before the row leaves, hence +1 going down.
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), target + (step > 0))
        self._rows.insert(target, self._rows.pop(row))
        self.endMoveRows()
        return target


def record_table(model: QAbstractTableModel) -> QTableView:
    """The read-only list every area shows: whole rows selected one at a time, no
    in-place editing, one line per row, columns the user can resize."""
    table = QTableView()
    table.setModel(model)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table
