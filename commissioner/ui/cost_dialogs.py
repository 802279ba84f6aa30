"""Forms for a cost line, the approved budget with its tolerances, and the council's list
of cost categories."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from commissioner.services.budgets import BudgetInput
from commissioner.services.cost_entries import CategoryRow, CostLineInput
from commissioner.ui.record_form import RecordFormDialog, option_combo
from commissioner.ui.table_model import EditableRowsModel, Index, record_table


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("muted")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class CostLineDialog(RecordFormDialog):
    """A cost line: what it is, its category and the finance system's code for it."""

    def __init__(
        self,
        submit: Callable[[CostLineInput], None],
        initial: CostLineInput,
        categories: Sequence[CategoryRow],
        *,
        editing: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit cost line" if editing else "New cost line", submit, parent)
        self.name = QLineEdit(initial.name, placeholderText="e.g. Agency care workers")
        self.category = option_combo(
            [(row.id, row.name) for row in categories], selected=initial.category_id
        )
        self.finance_code = QLineEdit(initial.finance_code, placeholderText="e.g. 40123-6110")
        self.finance_code.setMaximumWidth(220)
        self.notes = QPlainTextEdit(initial.notes)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(64)
        self.add_row("name", "&Name", self.name)
        self.add_row("category_id", "&Category", self.category)
        self.add_row(
            "finance_code",
            "&Finance code",
            self.finance_code,
            "The cost centre or account in the finance system; imported actuals match on it.",
        )
        self.add_row("notes", "N&otes", self.notes)

    def form(self) -> CostLineInput:
        return CostLineInput(
            name=self.name.text(),
            category_id=self.category.currentData() or 0,
            finance_code=self.finance_code.text(),
            notes=self.notes.toPlainText(),
        )


class BudgetDialog(RecordFormDialog):
    """The approved budget, where and when it was approved, and the project's tolerances."""

    def __init__(
        self,
        submit: Callable[[BudgetInput], None],
        initial: BudgetInput,
        council_tolerances: tuple[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Budget and tolerances", submit, parent)
        self.approved_budget = QLineEdit(
            initial.approved_budget, placeholderText="e.g. £1,250,000 or 1.25m"
        )
        self.approved_on = QLineEdit(initial.approved_on, placeholderText="DD/MM/YYYY")
        self.approved_on.setMaximumWidth(140)
        self.source = QLineEdit(
            initial.source, placeholderText="e.g. Cabinet 12 March 2026, report CAB/26/014"
        )
        amber, red = council_tolerances
        self.amber = QLineEdit(initial.amber_percent, placeholderText=f"council's: {amber}")
        self.red = QLineEdit(initial.red_percent, placeholderText=f"council's: {red}")
        for box in (self.amber, self.red):
            box.setMaximumWidth(140)
        self.add_row("approved_budget", "Approved &budget", self.approved_budget)
        self.add_row("approved_on", "Approved &on", self.approved_on)
        self.add_row(
            "source", "&Source", self.source, "Where the approval is minuted, so anyone can check."
        )
        self.add_row("amber_percent", "&Amber at % over", self.amber)
        self.add_row(
            "red_percent",
            "&Red at % over",
            self.red,
            f"Leave both blank to use the council's: amber at {amber}%, red at {red}% over "
            "the current budget.",
        )

    def form(self) -> BudgetInput:
        return BudgetInput(
            approved_budget=self.approved_budget.text(),
            approved_on=self.approved_on.text(),
            source=self.source.text(),
            amber_percent=self.amber.text(),
            red_percent=self.red.text(),
        )


@dataclass(frozen=True)
class CategoryEntry:
    """A category being edited; id None until it is saved."""

    id: int | None
    name: str
    line_count: int = 0


class CategoriesModel(EditableRowsModel[CategoryEntry]):
    """The categories in order: names typed in place, with how many lines use each."""

    columns = ("Category", "Cost lines using it")

    def cell(self, row: CategoryEntry, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return row.name if column == 0 else str(row.line_count)
        if role == Qt.ItemDataRole.ToolTipRole and row.id is None:
            return "New: added when you save"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 0 or role != Qt.ItemDataRole.EditRole:
            return False
        self.replace_row(index, replace(self.row_at(index.row()), name=str(value)))
        return True

    def entries(self) -> list[CategoryEntry]:
        return self.rows()

    def add_category(self) -> int:
        return self.append_row(CategoryEntry(None, ""))


class CategoriesDialog(RecordFormDialog):
    """The council's cost categories: rename, add, remove those no line uses, reorder."""

    def __init__(
        self,
        categories: Sequence[CategoryRow],
        submit: Callable[[list[tuple[int | None, str]]], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Cost categories", submit, parent)
        self.setMinimumSize(560, 440)
        self.model = CategoriesModel(self)
        self.model.set_rows([CategoryEntry(c.id, c.name, c.line_count) for c in categories])
        self.table = record_table(self.model)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setColumnWidth(0, 320)
        # Enter finishes typing a name; it must not also press Save before the name commits.
        self.save_button.setAutoDefault(False)
        self.save_button.setDefault(False)
        self.rows.addRow(
            _note(
                "Every project's cost lines are grouped under these, in this order. "
                "Double-click a name to rename it. A category in use cannot be removed."
            )
        )
        self.add_button = QPushButton("Add category")
        self.remove_button = QPushButton("Remove")
        self.up_button = QPushButton("Move up")
        self.down_button = QPushButton("Move down")
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.rows.addRow(self.table)
        self.rows.addRow(buttons)
        self.add_row("categories", "", QWidget())
        self._connect_signals()
        self._enable_buttons()

    def _connect_signals(self) -> None:
        for signal in (
            self.table.selectionModel().selectionChanged,
            self.model.rowsRemoved,
            self.model.rowsMoved,
        ):
            signal.connect(lambda *_: self._enable_buttons())
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(lambda: self._selected(self.model.remove))
        self.up_button.clicked.connect(lambda: self._selected(lambda r: self._move(r, -1)))
        self.down_button.clicked.connect(lambda: self._selected(lambda r: self._move(r, 1)))

    def _selected_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _enable_buttons(self) -> None:
        row = self._selected_row()
        in_use = row >= 0 and self.model.row_at(row).line_count > 0
        self.remove_button.setEnabled(row >= 0 and not in_use)
        self.remove_button.setToolTip(
            "Cost lines use this category: move them to another first." if in_use else ""
        )
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.model.rowCount() - 1)

    def _add(self) -> None:
        index = self.model.index(self.model.add_category(), 0)
        self.table.setCurrentIndex(index)
        self.table.edit(index)

    def _move(self, row: int, step: int) -> None:
        self.table.selectRow(self.model.move(row, step))

    def _selected(self, act: Callable[[int], None]) -> None:
        row = self._selected_row()
        if row >= 0:
            act(row)

    def form(self) -> list[tuple[int | None, str]]:
        return [(entry.id, entry.name) for entry in self.model.entries()]
