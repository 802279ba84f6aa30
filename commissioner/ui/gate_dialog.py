"""The gate form: record a decision, its conditions, and see the evidence it will freeze."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError, ValidationError
from commissioner.models.dates import format_date
from commissioner.models.enums import GateDecision, StageKind
from commissioner.models.stage_rules import GATEWAY_REVIEWS, SnapshotLine, done_count
from commissioner.services.stages import ChecklistLine, ConditionInput, GateInput
from commissioner.ui.presentation import combo_enum

_Index = QModelIndex | QPersistentModelIndex
#: Called with the form's contents; raises ValidationError or another CommissionerError.
Submit = Callable[[GateInput], None]


class ConditionRowsModel(QAbstractTableModel):
    """The conditions typed into the gate form: wording, owner and due date, all text."""

    columns = ("Condition", "Owner", "Due by")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[list[str]] = []

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2:
            return "DD/MM/YYYY; leave blank if there is no due date"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsEditable if index.isValid() else flags

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        self._rows[index.row()][index.column()] = str(value or "")
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])
        return True

    def insertRows(self, row: int, count: int, parent: _Index = QModelIndex()) -> bool:
        if parent.isValid() or not 0 <= row <= len(self._rows) or count < 1:
            return False
        self.beginInsertRows(QModelIndex(), row, row + count - 1)
        self._rows[row:row] = [["", "", ""] for _ in range(count)]
        self.endInsertRows()
        return True

    def removeRows(self, row: int, count: int, parent: _Index = QModelIndex()) -> bool:
        if parent.isValid() or row < 0 or count < 1 or row + count > len(self._rows):
            return False
        self.beginRemoveRows(QModelIndex(), row, row + count - 1)
        del self._rows[row : row + count]
        self.endRemoveRows()
        return True

    def conditions(self) -> tuple[ConditionInput, ...]:
        return tuple(ConditionInput(*row) for row in self._rows)


def evidence_text(lines: Sequence[SnapshotLine]) -> str:
    """A checklist as ticked and unticked lines of plain text."""
    return "\n".join(f"{'☑' if line.done else '☐'}  {line.text}" for line in lines)


class GateDialog(QDialog):
    """Collects a ``GateInput`` for one stage; ``submit`` saves it or reports what is wrong."""

    FIELDS = ("decision", "decided_on", "decision_maker", "gateway_review", "notes")

    def __init__(
        self,
        stage: StageKind,
        checklist: Sequence[ChecklistLine | SnapshotLine],
        submit: Submit,
        *,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Gate decision: {stage.label}")
        self.setMinimumWidth(640)
        self._submit = submit
        self._errors: dict[str, QLabel] = {}
        self.evidence = [SnapshotLine(item.text, item.done) for item in checklist]
        self._build(stage, today or dt.date.today())

    def _build(self, stage: StageKind, today: dt.date) -> None:
        intro = QLabel(f"The gate at the end of <b>{stage.label}</b>.")
        self.decision = QComboBox()
        self.decision.addItem("— choose the decision —", None)
        for decision in GateDecision:
            self.decision.addItem(decision.label, decision)
        self.decided_on = QLineEdit(format_date(today), placeholderText="DD/MM/YYYY")
        self.decision_maker = QLineEdit(placeholderText="e.g. Commissioning Board")
        self.gateway_review = QComboBox()
        self.gateway_review.addItem("— not an IPA Gateway review —", "")
        for review in GATEWAY_REVIEWS:
            self.gateway_review.addItem(review, review)
        self.notes = QPlainTextEdit(placeholderText="Reasons or conditions, as minuted")
        self.notes.setFixedHeight(60)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self._error_label("stage"))
        layout.addLayout(self._form())
        layout.addWidget(self._conditions_box())
        layout.addWidget(self._evidence_box())
        layout.addWidget(self._error_label(""))
        layout.addWidget(self._buttons())

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        rows: list[tuple[str, str, QWidget]] = [
            ("decision", "&Decision", self.decision),
            ("decided_on", "D&ate decided", self.decided_on),
            ("decision_maker", "Decision-&maker", self.decision_maker),
            ("gateway_review", "&IPA Gateway review", self.gateway_review),
            ("notes", "&Minuted wording", self.notes),
        ]
        for key, label, widget in rows:
            form.addRow(label, widget)
            form.addRow("", self._error_label(key))
        return form

    def _error_label(self, key: str) -> QLabel:
        error = QLabel()
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.setTextFormat(Qt.TextFormat.PlainText)
        error.hide()
        self._errors[key] = error
        return error

    def _conditions_table(self) -> QTableView:
        self.condition_rows = ConditionRowsModel(self)
        self.conditions_view = QTableView()
        self.conditions_view.setModel(self.condition_rows)
        self.conditions_view.verticalHeader().hide()
        self.conditions_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.conditions_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(1, 150)
        header.resizeSection(2, 100)
        self.conditions_view.setFixedHeight(110)
        return self.conditions_view

    def _conditions_box(self) -> QWidget:
        box = QWidget()
        table = self._conditions_table()
        self.add_condition_button = QPushButton("Add condition")
        self.remove_condition_button = QPushButton("Remove condition")
        self.add_condition_button.clicked.connect(self.add_condition)
        self.remove_condition_button.clicked.connect(self.remove_condition)
        buttons = QHBoxLayout()
        title = QLabel("<b>Conditions</b> (each tracked until met or waived)")
        buttons.addWidget(title, 1)
        buttons.addWidget(self.add_condition_button)
        buttons.addWidget(self.remove_condition_button)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(table)
        layout.addWidget(self._error_label("conditions"))
        return box

    def _evidence_box(self) -> QWidget:
        box = QWidget()
        heading = QLabel(
            f"<b>Evidence checklist frozen with this decision</b> ({done_count(self.evidence)})"
            if self.evidence
            else "<b>Evidence checklist</b>: this stage has no checklist items."
        )
        self.evidence_list = QLabel(evidence_text(self.evidence))
        self.evidence_list.setTextFormat(Qt.TextFormat.PlainText)
        self.evidence_list.setWordWrap(True)
        self.evidence_list.setObjectName("muted")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(self.evidence_list)
        return box

    def _buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Record decision")
        return buttons

    def add_condition(self) -> None:
        """Add an empty condition row and start typing its wording."""
        row = self.condition_rows.rowCount()
        self.condition_rows.insertRows(row, 1)
        index = self.condition_rows.index(row, 0)
        self.conditions_view.setCurrentIndex(index)
        self.conditions_view.edit(index)

    def remove_condition(self) -> None:
        index = self.conditions_view.currentIndex()
        if index.isValid():
            self.condition_rows.removeRows(index.row(), 1)

    def form(self) -> GateInput:
        return GateInput(
            decision=combo_enum(self.decision, GateDecision),
            decided_on=self.decided_on.text(),
            decision_maker=self.decision_maker.text(),
            gateway_review=str(self.gateway_review.currentData() or ""),
            notes=self.notes.toPlainText(),
            conditions=self.condition_rows.conditions(),
        )

    def error_text(self, field: str) -> str:
        """The message shown for ``field`` ('' for the general one), or '' when it is fine."""
        label = self._errors[field]
        return label.text() if label.isVisibleTo(self) else ""

    def _show_problems(self, problems: dict[str, str]) -> None:
        for key, label in self._errors.items():
            if key:
                label.setText(problems.get(key, ""))
                label.setVisible(key in problems)
        unplaced = [message for key, message in problems.items() if key not in self._errors]
        self._errors[""].setText(" ".join(unplaced))
        self._errors[""].setVisible(bool(unplaced))

    def _save(self) -> None:
        # Commit a condition still being typed, as leaving the cell would.
        self.conditions_view.setCurrentIndex(QModelIndex())
        try:
            self._submit(self.form())
        except ValidationError as error:
            self._show_problems(error.problems)
            return
        except CommissionerError as error:
            self._show_problems({"general": str(error)})
            return
        self.accept()
