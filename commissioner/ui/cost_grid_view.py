"""The cost grid's view: the keys a spreadsheet user expects — type to edit, Enter moves
down, Tab right, arrows move, Delete clears, Ctrl+C copies a block and Ctrl+V pastes one."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QWidget,
)

from commissioner.ui.cost_grid import CostGridModel, clipboard_block

_Index = QModelIndex | QPersistentModelIndex


class CostGridView(QTableView):
    """Spreadsheet keys: type to edit, Enter moves down, Tab right, arrows move, Delete
    clears, Ctrl+C copies a block and Ctrl+V pastes one."""

    def __init__(self, model: CostGridModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.grid = model
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setWordWrap(False)
        self.setTabKeyNavigation(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._place: tuple[int, int] | None = None
        model.modelAboutToBeReset.connect(self._remember_place)
        model.modelReset.connect(self._return_to_place)

    def _remember_place(self) -> None:
        current = self.currentIndex()
        self._place = (current.row(), current.column()) if current.isValid() else None

    def _return_to_place(self) -> None:
        self.fit_columns()
        if self._place is None or not self.grid.rowCount():
            return
        row = min(self._place[0], self.grid.rowCount() - 1)
        column = min(self._place[1], self.grid.columnCount() - 1)
        self.setCurrentIndex(self.grid.index(row, column))

    def fit_columns(self) -> None:
        """Names get room to read; every period the same width, wide enough for its figures."""
        self.resizeColumnsToContents()
        self.setColumnWidth(0, min(max(self.columnWidth(0), 160), 260))
        columns = range(1, self.grid.columnCount())
        months = [c for c in columns if (col := self.grid.column_at(c)) and col.single_month]
        if months:
            width = max(max(self.columnWidth(c) for c in months), 64)
            for column in months:
                self.setColumnWidth(column, width)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
        elif event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
        elif self.state() != QAbstractItemView.State.EditingState and event.key() in (
            Qt.Key.Key_Delete,
            Qt.Key.Key_Backspace,
        ):
            self.clear_selection()
        elif self.state() != QAbstractItemView.State.EditingState and event.key() in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        ):
            self.move_to_editable(1, 0)
        else:
            super().keyPressEvent(event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        # Like a spreadsheet: Enter moves down, Tab right, and the next cell waits for
        # typing rather than opening an editor over a figure the user may only be passing.
        steps = {
            QAbstractItemDelegate.EndEditHint.SubmitModelCache: (1, 0),
            QAbstractItemDelegate.EndEditHint.EditNextItem: (0, 1),
            QAbstractItemDelegate.EndEditHint.EditPreviousItem: (0, -1),
        }
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        if hint in steps:
            self.move_to_editable(*steps[hint])

    def move_to_editable(self, down: int, right: int) -> None:
        """Move to the next cell that takes a figure in that direction, if there is one."""
        current = self.currentIndex()
        if not current.isValid():
            return
        row, column = current.row() + down, current.column() + right
        while 0 <= row < self.grid.rowCount() and 0 <= column < self.grid.columnCount():
            if self.grid.editable(row, column):
                self.setCurrentIndex(self.grid.index(row, column))
                return
            row, column = row + down, column + right

    def copy_selection(self) -> None:
        indexes = self.selectedIndexes() or [self.currentIndex()]
        if indexes and indexes[0].isValid():
            QGuiApplication.clipboard().setText(self.grid.block_text(indexes))

    def paste(self) -> None:
        current = self.currentIndex()
        block = clipboard_block(QGuiApplication.clipboard().text())
        if not current.isValid() or not block:
            return
        try:
            edits = self.grid.block_edits(current.row(), current.column(), block)
        except ValueError as error:
            self.grid.rejected.emit(f"Nothing was pasted. {error}")
            return
        if edits:
            width = max(len(texts) for texts in block)
            self.grid.edits_requested.emit(edits, f"Paste {len(block)} × {width} figures")

    def clear_selection(self) -> None:
        edits = self.grid.clear_edits(self.selectedIndexes() or [self.currentIndex()])
        if edits:
            self.grid.edits_requested.emit(edits, f"Clear {len(edits)} figure(s)")
