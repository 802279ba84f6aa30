"""The shared shape of our list models: a list of rows under fixed column titles."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex

#: A cell's value as a spreadsheet export writes it (a date, pence as an int, a number,
#: words); on a horizontal header, the column's kind ("text", "date", "money", …, see
#: ``commissioner.io.table_export``). Proxies pass both through, so an export reads a
#: filtered view the way it reads its model.
EXPORT_ROLE = Qt.ItemDataRole.UserRole + 50
#: How many rows a paged model asks for at a time when an export needs all of them.
EXPORT_PAGE = 5000


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """Holds plain rows (frozen dataclasses); subclasses say how a cell looks."""

    #: Column titles, left to right.
    columns: ClassVar[Sequence[str]] = ()
    #: Each column's kind in a spreadsheet export; columns left out are text.
    export_kinds: ClassVar[Sequence[str]] = ()

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
        if orientation == Qt.Orientation.Horizontal and role == EXPORT_ROLE:
            kinds = self.export_kinds
            return kinds[section] if section < len(kinds) else "text"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == EXPORT_ROLE:
            return self.export_value(self._rows[index.row()], index.column())
        return self.cell(self._rows[index.row()], index.column(), role)

    def cell(self, row: Row, column: int, role: int) -> Any:
        """What ``row`` shows in ``column`` for ``role``; None for nothing."""
        raise NotImplementedError

    def export_value(self, row: Row, column: int) -> Any:
        """What a spreadsheet export writes for ``column`` of ``row``: by default the words
        shown; models give typed values (dates, pence) for columns of other kinds."""
        return self.cell(row, column, Qt.ItemDataRole.DisplayRole)

    def all_rows(self) -> Sequence[Row]:
        """Every row the model's current filter matches, in order: what an export writes.

        Paged models hold only what has been scrolled to, and fetch the rest here."""
        return list(self._rows)


def every_page(fetch: Callable[[int, int], Sequence[Row]], page: int = EXPORT_PAGE) -> list[Row]:
    """All the rows a paged query returns, asked for ``page`` rows at a time;
    ``fetch(offset, limit)`` is the query's service call with the current filter."""
    rows: list[Row] = []
    while True:
        more = fetch(len(rows), page)
        rows.extend(more)
        if len(more) < page:
            return rows


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


def record_table(model: QAbstractItemModel) -> QTableView:
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


def text_filter(
    model: QAbstractTableModel, parent: QObject, placeholder: str
) -> tuple[QSortFilterProxyModel, QLineEdit]:
    """Type-to-filter for a short list: a proxy keeping rows with the text in any column,
    and the box that drives it. (Registers that grow large filter in SQL instead.)"""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(-1)
    box = QLineEdit(placeholderText=placeholder)
    box.setClearButtonEnabled(True)
    box.textChanged.connect(proxy.setFilterFixedString)
    return proxy, box
