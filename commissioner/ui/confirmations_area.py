"""The Confirmations area: what everyone must understand, who has confirmed and who not."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError
from commissioner.models.dates import format_date
from commissioner.services import stakeholders
from commissioner.services.stakeholders import ConfirmationRow, UnderstandingRow
from commissioner.ui.areas import ProjectArea
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.messages import show_problem
from commissioner.ui.presentation import swatch
from commissioner.ui.record_form import run_form
from commissioner.ui.stakeholder_commands import (
    AddUnderstandingItemCommand,
    RecordConfirmationCommand,
)
from commissioner.ui.stakeholder_dialogs import ConfirmationDialog, UnderstandingItemDialog
from commissioner.ui.table_model import RowTableModel, record_table

#: The confirmation id behind a row.
CONFIRMATION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_CONFIRMED, _OUTSTANDING = "#2e7d32", "#ef8f00"


class ConfirmationLine:
    """One stakeholder's confirmation of one item, with how far the item has got."""

    def __init__(self, item: UnderstandingRow, confirmation: ConfirmationRow) -> None:
        self.item = item
        self.confirmation = confirmation

    @property
    def progress(self) -> str:
        return f"{len(self.item.confirmed)} of {len(self.item.confirmations)} confirmed"


class ConfirmationsModel(RowTableModel[ConfirmationLine]):
    columns = ("Item", "Subject", "Progress", "Stakeholder", "Status", "Confirmed on", "How")

    def cell(self, row: ConfirmationLine, column: int, role: int) -> Any:
        confirmation = row.confirmation
        if role == CONFIRMATION_ID_ROLE:
            return confirmation.id
        if role == Qt.ItemDataRole.DecorationRole and column == 4:
            return swatch(_OUTSTANDING if confirmation.outstanding else _CONFIRMED)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return row.item.description or row.item.title
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (
            row.item.title,
            row.item.subject.label,
            row.progress,
            confirmation.stakeholder_name,
            "Outstanding" if confirmation.outstanding else "Confirmed",
            format_date(confirmation.confirmed_on),
            confirmation.method,
        )
        return values[column]


class ConfirmationsArea(ProjectArea):
    title = "Confirmations"

    def __init__(
        self,
        document: DatabaseDocument,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(document, parent)
        self.today = today or dt.date.today()
        self.items: list[UnderstandingRow] = []
        self.summary = QLabel()
        self.outstanding_only = QCheckBox("Outstanding only")
        self.add_button = QPushButton("Add item…")
        self.record_button = QPushButton("Record confirmation…")
        self.withdraw_button = QPushButton("Withdraw")
        self.model = ConfirmationsModel(self)
        self.table = record_table(self.model)
        header = QHBoxLayout()
        header.addWidget(self.summary, 1)
        header.addWidget(self.outstanding_only)
        for button in (self.add_button, self.record_button, self.withdraw_button):
            header.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.table, 1)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.outstanding_only.toggled.connect(self._show_lines)
        self.add_button.clicked.connect(self.add_item)
        self.record_button.clicked.connect(self.record_selected)
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        self.table.doubleClicked.connect(self.record_selected)

    def reload(self) -> None:
        assert self.project_id is not None
        self.items = stakeholders.list_understanding_items(self.document.db, self.project_id)
        self._show_lines()
        writable = not self.document.db.read_only
        for button in (self.add_button, self.record_button, self.withdraw_button):
            button.setEnabled(writable)

    def _show_lines(self) -> None:
        wanted = self.outstanding_only.isChecked()
        lines = [
            ConfirmationLine(item, confirmation)
            for item in self.items
            for confirmation in item.confirmations
            if confirmation.outstanding or not wanted
        ]
        self.model.set_rows(lines)
        self.table.resizeColumnsToContents()
        waiting = sum(len(item.outstanding) for item in self.items)
        self.summary.setText(
            f"{len(self.items)} items to understand; {waiting} confirmations outstanding"
            if self.items
            else "No understanding items yet"
        )

    def selected(self) -> ConfirmationRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()).confirmation if rows else None

    def add_item(self) -> None:
        assert self.project_id is not None
        project_id = self.project_id
        options = [
            (row.id, row.name)
            for row in stakeholders.list_stakeholders(self.document.db, project_id, self.today)
        ]
        run_form(
            lambda submit: UnderstandingItemDialog(options, submit, parent=self),
            lambda form: AddUnderstandingItemCommand(self.document, project_id, form).run_first(),
        )

    def record_selected(self) -> None:
        row = self.selected()
        if row is None or self.project_id is None:
            show_problem(self, "Record confirmation", "Select whose confirmation to record.")
            return
        project_id = self.project_id
        run_form(
            lambda submit: ConfirmationDialog(row.stakeholder_name, submit, self.today, self),
            lambda form: RecordConfirmationCommand(
                self.document, project_id, row.id, form, today=self.today
            ).run_first(),
        )

    def withdraw_selected(self) -> None:
        row = self.selected()
        if row is None or self.project_id is None or row.outstanding:
            show_problem(self, "Withdraw confirmation", "Select a recorded confirmation first.")
            return
        try:
            RecordConfirmationCommand(self.document, self.project_id, row.id, None).run_first()
        except CommissionerError as error:
            show_problem(self, "Withdraw confirmation", str(error))
