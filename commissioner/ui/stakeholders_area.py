"""The Stakeholders area: the register, the power/interest grid and who has gone quiet."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError
from commissioner.models.dates import format_date
from commissioner.models.enums import StakeholderType
from commissioner.services import stakeholders
from commissioner.services.stakeholders import StakeholderInput, StakeholderRow
from commissioner.ui.areas import ProjectArea
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.messages import confirm, show_problem
from commissioner.ui.presentation import swatch
from commissioner.ui.record_form import run_form
from commissioner.ui.stakeholder_commands import (
    AddStakeholderCommand,
    DeleteStakeholderCommand,
    EditStakeholderCommand,
    RateStakeholderCommand,
)
from commissioner.ui.stakeholder_dialogs import StakeholderDialog
from commissioner.ui.table_export_action import area_title, view_export_button
from commissioner.ui.table_model import RowTableModel, record_table, text_filter

#: The stakeholder id behind a row.
STAKEHOLDER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_COLOUR = "#c62828"


class StakeholdersModel(RowTableModel[StakeholderRow]):
    columns = (
        "Name",
        "Organisation",
        "Type",
        "Interest",
        "Influence",
        "Quadrant",
        "Channel",
        "Last contact",
        "Engagement",
    )
    export_kinds = ("text", "text", "text", "integer", "integer", "text", "text", "date")

    def export_value(self, row: StakeholderRow, column: int) -> Any:
        if column in (3, 4):
            return row.interest if column == 3 else row.influence
        if column == 7:
            return row.last_contact
        return self.cell(row, column, Qt.ItemDataRole.DisplayRole)

    def cell(self, row: StakeholderRow, column: int, role: int) -> Any:
        if role == STAKEHOLDER_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.DecorationRole and column == 8 and row.overdue:
            return swatch(OVERDUE_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole and column == 8 and row.overdue:
            every = f"every {row.cadence_days} days" if row.cadence_days else ""
            return f"Due contact {every}".strip()
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (
            row.name,
            row.organisation,
            row.stakeholder_type.label,
            str(row.interest),
            str(row.influence),
            row.quadrant.label,
            row.preferred_channel.label,
            format_date(row.last_contact) or "Never",
            "Overdue" if row.overdue else "",
        )
        return values[column]


class StakeholdersArea(ProjectArea):
    title = "Stakeholders"

    def __init__(
        self,
        document: DatabaseDocument,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(document, parent)
        self.today = today or dt.date.today()
        self.rows: list[StakeholderRow] = []
        self.summary = QLabel()
        self.summary.setObjectName("engagementSummary")
        self.add_button = QPushButton("Add stakeholder…")
        self.edit_button = QPushButton("Edit…")
        self.delete_button = QPushButton("Delete…")
        self.model = StakeholdersModel(self)
        self.proxy, self.filter_edit = text_filter(
            self.model, self, "Filter by name, organisation, type…"
        )
        self.table = record_table(self.proxy)
        self.export_button = view_export_button(
            self.table, area_title(self, "Stakeholders"), "Stakeholders"
        )
        self.grid: Any = None
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        header = QHBoxLayout()
        header.addWidget(self.summary, 1)
        for button in (self.add_button, self.edit_button, self.delete_button):
            header.addWidget(button)
        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self.add_stakeholder)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.doubleClicked.connect(self.edit_selected)

    def reload(self) -> None:
        assert self.project_id is not None
        db = self.document.db
        self.rows = stakeholders.list_stakeholders(db, self.project_id, self.today)
        self.model.set_rows(self.rows)
        self.table.resizeColumnsToContents()
        self.summary.setText(stakeholders.engagement_summary(db, self.project_id, self.today))
        self.ensure_grid().show_stakeholders(self.rows)
        writable = not db.read_only
        self.add_button.setEnabled(writable)
        self.edit_button.setEnabled(writable and bool(self.rows))
        self.delete_button.setEnabled(writable and bool(self.rows))

    def ensure_grid(self) -> Any:
        if self.grid is None:
            from commissioner.ui.stakeholder_grid import StakeholderGrid

            self.grid = StakeholderGrid()
            self.grid.setMinimumHeight(320)
            self.grid.rated.connect(self.rate)
            self.splitter.addWidget(self.grid)
            self.splitter.setSizes([300, 420])
        return self.grid

    def selected(self) -> StakeholderRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def add_stakeholder(self) -> None:
        assert self.project_id is not None
        project_id = self.project_id
        initial = StakeholderInput(name="", stakeholder_type=StakeholderType.INTERNAL_OFFICER)
        run_form(
            lambda submit: StakeholderDialog(submit, initial, parent=self),
            lambda form: AddStakeholderCommand(self.document, project_id, form).run_first(),
        )

    def edit_selected(self) -> None:
        row = self.selected()
        if row is None or self.project_id is None:
            show_problem(self, "Edit stakeholder", "Select the stakeholder to edit first.")
            return
        project_id, before = self.project_id, row.as_input()
        run_form(
            lambda submit: StakeholderDialog(submit, before, editing=True, parent=self),
            lambda form: EditStakeholderCommand(
                self.document, project_id, row.id, before, form
            ).run_first(),
        )

    def delete_selected(self) -> None:
        row = self.selected()
        if row is None or self.project_id is None:
            show_problem(self, "Delete stakeholder", "Select the stakeholder to delete first.")
            return
        question = (
            f"Delete {row.name}, with their places in the communications log and their "
            "confirmations of understanding? Edit → Undo brings them back."
        )
        if not confirm(self, "Delete stakeholder", question, "Delete"):
            return
        try:
            DeleteStakeholderCommand(self.document, self.project_id, row.id).run_first()
        except CommissionerError as error:
            show_problem(self, "Delete stakeholder", str(error))

    def rate(self, stakeholder_id: int, interest: int, influence: int) -> None:
        """Re-rate a stakeholder dropped on a new cell of the grid."""
        row = next((r for r in self.rows if r.id == stakeholder_id), None)
        if row is None or self.project_id is None:
            return
        before = (row.interest, row.influence)
        try:
            RateStakeholderCommand(
                self.document, self.project_id, stakeholder_id, before, (interest, influence)
            ).run_first()
        except CommissionerError as error:
            show_problem(self, "Move stakeholder", str(error))
