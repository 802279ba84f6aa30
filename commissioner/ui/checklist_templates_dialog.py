"""Stage checklists…: the council edits the evidence checklist each new stage starts with."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError, ValidationError
from commissioner.models.enums import StageKind
from commissioner.models.stage_rules import clean_template_lines
from commissioner.ui.presentation import combo_enum

_Index = QModelIndex | QPersistentModelIndex
#: Called with the stages whose lines changed; raises ValidationError when a line is wrong.
Submit = Callable[[dict[StageKind, list[str]]], None]


class TemplateLinesModel(QAbstractTableModel):
    """One stage's template lines at a time, edited in place before saving."""

    def __init__(self, templates: Mapping[StageKind, Sequence[str]], parent: Any = None) -> None:
        super().__init__(parent)
        self.lines = {kind: list(templates.get(kind, ())) for kind in StageKind}
        self.kind = StageKind.NEEDS_ASSESSMENT

    def show_stage(self, kind: StageKind) -> None:
        self.beginResetModel()
        self.kind = kind
        self.endResetModel()

    @property
    def _rows(self) -> list[str]:
        return self.lines[self.kind]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return "Checklist item" if orientation == Qt.Orientation.Horizontal else section + 1

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._rows[index.row()]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsEditable if index.isValid() else flags

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        self._rows[index.row()] = str(value or "")
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])
        return True

    def insertRows(self, row: int, count: int, parent: _Index = QModelIndex()) -> bool:
        if parent.isValid() or not 0 <= row <= len(self._rows) or count < 1:
            return False
        self.beginInsertRows(QModelIndex(), row, row + count - 1)
        self._rows[row:row] = [""] * count
        self.endInsertRows()
        return True

    def removeRows(self, row: int, count: int, parent: _Index = QModelIndex()) -> bool:
        if parent.isValid() or row < 0 or count < 1 or row + count > len(self._rows):
            return False
        self.beginRemoveRows(QModelIndex(), row, row + count - 1)
        del self._rows[row : row + count]
        self.endRemoveRows()
        return True

    def move_line(self, row: int, step: int) -> int:
        """Move one line up (-1) or down (+1); returns its new row."""
        target = row + step
        if not (0 <= row < len(self._rows) and 0 <= target < len(self._rows)):
            return row
        # Qt counts the destination as the row the line lands before.
        destination = target + 1 if step > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self._rows.insert(target, self._rows.pop(row))
        self.endMoveRows()
        return target


class ChecklistTemplatesDialog(QDialog):
    """Add, edit, remove and reorder each stage's template lines; Save submits the changes."""

    def __init__(
        self,
        templates: Mapping[StageKind, Sequence[str]],
        submit: Submit,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Stage checklists")
        self.setMinimumSize(620, 460)
        self._submit = submit
        self._original = {kind: list(templates.get(kind, ())) for kind in StageKind}
        self.model = TemplateLinesModel(templates, self)
        self._build()

    def _build(self) -> None:
        note = QLabel(
            "The evidence checklist each stage starts with. Changes apply to projects created "
            "from now on; existing projects keep their own checklists. Double-click an item "
            "to edit it."
        )
        note.setWordWrap(True)
        note.setObjectName("muted")
        self.stage = QComboBox()
        for kind in StageKind:
            self.stage.addItem(f"{kind.sequence}. {kind.label}", kind)
        self.stage.currentIndexChanged.connect(self._show_stage)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(self._editor_grid())
        layout.addWidget(self.error)
        layout.addWidget(self._buttons())

    def _editor_grid(self) -> QGridLayout:
        self.add_button = QPushButton("&Add item")
        self.remove_button = QPushButton("&Remove")
        self.up_button = QPushButton("Move &up")
        self.down_button = QPushButton("Move do&wn")
        self.add_button.clicked.connect(self.add_line)
        self.remove_button.clicked.connect(self.remove_line)
        self.up_button.clicked.connect(lambda: self.move_line(-1))
        self.down_button.clicked.connect(lambda: self.move_line(1))
        grid = QGridLayout()
        stage_label = QLabel("&Stage")
        stage_label.setBuddy(self.stage)
        grid.addWidget(stage_label, 0, 0)
        grid.addWidget(self.stage, 0, 1)
        grid.addWidget(self.table, 1, 0, 5, 2)
        for row, button in enumerate(
            (self.add_button, self.remove_button, self.up_button, self.down_button), start=1
        ):
            grid.addWidget(button, row, 2)
        grid.setRowStretch(5, 1)
        grid.setColumnStretch(1, 1)
        return grid

    def _buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        return buttons

    def _show_stage(self) -> None:
        kind = combo_enum(self.stage, StageKind)
        if kind is not None:
            self.model.show_stage(kind)

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def add_line(self) -> None:
        """Add an empty line after the selected one (or at the end) and start typing it."""
        row = self.current_row() + 1 if self.current_row() >= 0 else self.model.rowCount()
        self.model.insertRows(row, 1)
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.edit(index)

    def remove_line(self) -> None:
        row = self.current_row()
        if row >= 0:
            self.model.removeRows(row, 1)

    def move_line(self, step: int) -> None:
        row = self.current_row()
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(self.model.move_line(row, step), 0))

    def changed_templates(self) -> dict[StageKind, list[str]]:
        """The stages whose cleaned lines differ from what the dialog opened with."""
        return {
            kind: clean_template_lines(lines)
            for kind, lines in self.model.lines.items()
            if clean_template_lines(lines) != clean_template_lines(self._original[kind])
        }

    def _save(self) -> None:
        self.table.setCurrentIndex(QModelIndex())  # commits a line still being typed
        changed = self.changed_templates()
        try:
            if changed:
                self._submit(changed)
        except (ValidationError, CommissionerError) as error:
            self.error.setText(str(error))
            self.error.show()
            return
        self.accept()
