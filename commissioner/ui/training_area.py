"""The Training plan: every development action of the project's team, what it costs and
what is overdue, beside the project's open skills gaps that actions should close."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError
from commissioner.models.dates import format_date
from commissioner.models.enums import TrainingStatus
from commissioner.models.money import format_pounds
from commissioner.services import skills, skills_framework, training
from commissioner.services.skills import GapRow
from commissioner.services.training import ActionInput, ActionRow, TrainingPlan
from commissioner.ui.areas import ProjectArea
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.golden_thread_commands import (
    AddRecordCommand,
    DeleteRecordCommand,
    EditRecordCommand,
)
from commissioner.ui.messages import confirm, show_problem
from commissioner.ui.presentation import swatch
from commissioner.ui.record_form import run_form
from commissioner.ui.table_export_action import area_title, view_export_button
from commissioner.ui.table_model import RowTableModel, record_table, text_filter
from commissioner.ui.training_commands import SetActionStatusCommand, action_operations
from commissioner.ui.training_dialogs import ActionDialog, CompletionDialog

STATUS_COLOURS = {
    TrainingStatus.PLANNED: "#5c6f8a",
    TrainingStatus.IN_PROGRESS: "#1565c0",
    TrainingStatus.DONE: "#2e7d32",
    TrainingStatus.CANCELLED: "#9e9e9e",
}
OVERDUE_COLOUR = "#c62828"
_WARNING = QColor(OVERDUE_COLOUR)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_SHOWN = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)

PLAN_COLUMNS = (
    "Person",
    "Competency",
    "Action",
    "Description",
    "Provider",
    "Cost",
    "Due",
    "Status",
)
COST_COLUMN, DUE_COLUMN, STATUS_COLUMN = 5, 6, 7
GAP_COLUMNS = ("Person", "Competency", "Required", "Current", "Gap", "Action planned")


def status_text(action: ActionRow) -> str:
    """The status in words; an overdue action says so, not only in red."""
    words = action.status.label
    return f"{words} — overdue" if action.overdue else words


def plan_summary(plan: TrainingPlan) -> str:
    count = len(plan.actions)
    if not count:
        return "No development actions yet for anyone on this team."
    noun = "action" if count == 1 else "actions"
    overdue = f"{plan.overdue_count} overdue" if plan.overdue_count else "none overdue"
    return (
        f"{count} development {noun} · total cost {format_pounds(plan.total_cost_pence)} "
        f"(cancelled actions left out) · {overdue}"
    )


class TrainingPlanModel(RowTableModel[ActionRow]):
    """The team's development actions: open ones by due date, then done and cancelled."""

    columns = PLAN_COLUMNS
    export_kinds = ("text",) * COST_COLUMN + ("money", "date")

    def export_value(self, row: ActionRow, column: int) -> Any:
        if column == COST_COLUMN:
            return row.cost_pence
        if column == DUE_COLUMN:
            return row.due_on
        return self.cell(row, column, Qt.ItemDataRole.DisplayRole)

    def cell(self, row: ActionRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COST_COLUMN:
            return _RIGHT
        if role == Qt.ItemDataRole.DecorationRole and column == STATUS_COLUMN:
            return swatch(OVERDUE_COLOUR if row.overdue else STATUS_COLOURS[row.status])
        if role == Qt.ItemDataRole.ForegroundRole and column in (DUE_COLUMN, STATUS_COLUMN):
            return _WARNING if row.overdue else None
        if role not in _SHOWN:
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column == STATUS_COLUMN and row.completed_on:
            return f"Completed on {format_date(row.completed_on)}"
        return (
            row.full_name,
            row.competency_name or "—",
            row.kind.label,
            row.description,
            row.provider or "—",
            "—" if row.cost_pence is None else format_pounds(row.cost_pence),
            format_date(row.due_on) if row.due_on else "—",
            status_text(row),
        )[column]


class ProjectGapsModel(RowTableModel[GapRow]):
    """The project's gaps, largest first, with any action already under way."""

    columns = GAP_COLUMNS
    export_kinds = ("text",) * 4 + ("integer",)

    def export_value(self, row: GapRow, column: int) -> Any:
        return row.gap if column == 4 else self.cell(row, column, Qt.ItemDataRole.DisplayRole)

    def cell(self, row: GapRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == 5 and not row.open_action:
            return _WARNING
        if role not in _SHOWN:
            return None
        rated = row.current.rated_on
        current = row.current.level.label
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            who = "manager" if row.current.by_manager else "self"
            return f"Rated {format_date(rated)} ({who})" if rated else "Not rated yet"
        return (
            row.full_name,
            row.competency_name,
            row.required.label,
            current if rated else f"{current} (not rated)",
            f"{row.gap} level{'s' if row.gap > 1 else ''}",
            row.open_action or "No action",
        )[column]


class TrainingArea(ProjectArea):
    title = "Training plan"

    def __init__(
        self,
        document: DatabaseDocument,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(document, parent)
        self.today = today or dt.date.today()
        self.summary = QLabel()
        self.summary.setObjectName("muted")
        self.plan_model = TrainingPlanModel(self)
        self.gaps_model = ProjectGapsModel(self)
        self.plan_proxy, self.plan_filter = text_filter(
            self.plan_model, self, "Filter by person, competency, provider, status…"
        )
        self.plan_table = self._table(
            self.plan_proxy, 3, {0: 130, 1: 230, 2: 150, 4: 190, 5: 80, 6: 90, 7: 150}
        )
        self.gaps_table = self._table(self.gaps_model, 5, {0: 150, 1: 300, 2: 100, 3: 110, 4: 70})
        self.export_plan_button = view_export_button(
            self.plan_table, area_title(self, "training plan"), "Training plan"
        )
        self.export_gaps_button = view_export_button(
            self.gaps_table, area_title(self, "open skills gaps"), "Open gaps"
        )
        self.new_button = QPushButton("New action…")
        self.edit_button = QPushButton("Edit…")
        self.done_button = QPushButton("Mark done…")
        self.cancel_button = QPushButton("Cancel…")
        self.delete_button = QPushButton("Delete…")
        self.plan_gap_button = QPushButton("Plan action for this gap…")
        self._lay_out()
        self._connect_signals()

    @staticmethod
    def _table(model: QAbstractItemModel, stretch: int, widths: dict[int, int]) -> QTableView:
        table = record_table(model)
        table.setAlternatingRowColors(True)
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        for column, width in widths.items():
            table.setColumnWidth(column, width)
        return table

    def _lay_out(self) -> None:
        plan_buttons = QHBoxLayout()
        plan_buttons.addWidget(_heading("Training plan"), 1)
        for button in (
            self.new_button,
            self.edit_button,
            self.done_button,
            self.cancel_button,
            self.delete_button,
        ):
            plan_buttons.addWidget(button)
        plan_filters = QHBoxLayout()
        plan_filters.addWidget(self.plan_filter, 1)
        plan_filters.addWidget(self.export_plan_button)
        gap_buttons = QHBoxLayout()
        gap_buttons.addWidget(_heading("Open gaps on this project"), 1)
        gap_buttons.addWidget(self.plan_gap_button)
        gap_buttons.addWidget(self.export_gaps_button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(_panel(plan_buttons, self.plan_table, plan_filters))
        splitter.addWidget(_panel(gap_buttons, self.gaps_table))
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)

    def _connect_signals(self) -> None:
        self.new_button.clicked.connect(self.new_action)
        self.edit_button.clicked.connect(self.edit_action)
        self.done_button.clicked.connect(self.mark_done)
        self.cancel_button.clicked.connect(self.cancel_action)
        self.delete_button.clicked.connect(self.delete_action)
        self.plan_gap_button.clicked.connect(self.plan_for_gap)
        self.plan_table.activated.connect(lambda _index: self.edit_action())
        self.gaps_table.activated.connect(lambda _index: self.plan_for_gap())
        self.plan_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.gaps_table.selectionModel().selectionChanged.connect(self._update_buttons)

    def reload(self) -> None:
        assert self.project_id is not None
        db = self.document.db
        plan = training.plan_for_project(db, self.project_id, self.today)
        self.plan_model.set_rows(plan.actions)
        self.gaps_model.set_rows(skills.gaps_for_project(db, self.project_id))
        self.summary.setText(plan_summary(plan))
        self._update_buttons()

    def _update_buttons(self) -> None:
        writable = not self.document.db.read_only
        action = self.selected_action()
        still_open = action is not None and action.status not in (
            TrainingStatus.DONE,
            TrainingStatus.CANCELLED,
        )
        self.new_button.setEnabled(writable)
        self.edit_button.setEnabled(writable and action is not None)
        self.delete_button.setEnabled(writable and action is not None)
        self.done_button.setEnabled(writable and still_open)
        self.cancel_button.setEnabled(writable and still_open)
        self.plan_gap_button.setEnabled(writable and self.selected_gap() is not None)

    def selected_action(self) -> ActionRow | None:
        rows = self.plan_table.selectionModel().selectedRows()
        return self.plan_model.row_at(self.plan_proxy.mapToSource(rows[0]).row()) if rows else None

    def selected_gap(self) -> GapRow | None:
        rows = self.gaps_table.selectionModel().selectedRows()
        return self.gaps_model.row_at(rows[0].row()) if rows else None

    # ----- actions ------------------------------------------------------------------
    def new_action(self) -> None:
        people = self._people()
        if not people:
            show_problem(self, "New training action", "Add someone to the team first.")
            return
        self._add(ActionInput(person_id=people[0][0], description=""))

    def plan_for_gap(self) -> None:
        gap = self.selected_gap()
        if gap is None:
            show_problem(self, "Plan action for this gap", "Select a gap first.")
            return
        self._add(training.action_from_gap(gap))

    def _add(self, initial: ActionInput) -> None:
        assert self.project_id is not None
        project_id, operations = self.project_id, action_operations(self.today)

        def save(form: ActionInput) -> None:
            AddRecordCommand(self.document, operations, project_id, form).run_first()

        run_form(lambda submit: self._dialog(submit, initial, editing=False), save)

    def edit_action(self) -> None:
        action = self.selected_action()
        if action is None or self.project_id is None:
            return
        project_id, before = self.project_id, action.as_input()
        operations = action_operations(self.today)

        def save(form: ActionInput) -> None:
            EditRecordCommand(
                self.document, operations, project_id, action.id, before, form
            ).run_first()

        run_form(lambda submit: self._dialog(submit, before, editing=True), save)

    def _dialog(self, submit: Any, initial: ActionInput, *, editing: bool) -> ActionDialog:
        competencies = [
            (c.key, f"{c.name} ({c.role.label.lower()})")
            for c in skills_framework.list_competencies(self.document.db)
        ]
        people = self._people()
        if all(person_id != initial.person_id for person_id, _ in people):
            people.append((initial.person_id, self._name_of(initial.person_id)))
        return ActionDialog(
            submit,
            initial,
            people=people,
            competencies=competencies,
            editing=editing,
            parent=self,
        )

    def _people(self) -> list[tuple[int, str]]:
        assert self.project_id is not None
        matrix = skills.skills_matrix(self.document.db, self.project_id)
        return [(member.person_id, member.full_name) for member in matrix.members]

    def _name_of(self, person_id: int) -> str:
        for row in range(self.plan_model.rowCount()):
            action = self.plan_model.row_at(row)
            if action.person_id == person_id:
                return action.full_name
        return "Someone no longer on the team"

    def mark_done(self) -> None:
        action = self.selected_action()
        if action is None or self.project_id is None:
            return
        project_id, action_id = self.project_id, action.id

        def save(completed_on: str) -> None:
            SetActionStatusCommand(
                self.document, project_id, action_id, TrainingStatus.DONE, completed_on, self.today
            ).run_first()

        run_form(
            lambda submit: CompletionDialog(submit, action.description, self.today, self), save
        )

    def cancel_action(self) -> None:
        action = self.selected_action()
        if action is None or self.project_id is None:
            return
        question = (
            f"Cancel “{action.description}” for {action.full_name}? It stays on the plan "
            "as cancelled and no longer counts towards the cost. Edit → Undo reverses this."
        )
        if not confirm(self, "Cancel training action", question, "Cancel action"):
            return
        self._run(
            SetActionStatusCommand(
                self.document,
                self.project_id,
                action.id,
                TrainingStatus.CANCELLED,
                "",
                self.today,
            ),
            "Cancel training action",
        )

    def delete_action(self) -> None:
        action = self.selected_action()
        if action is None or self.project_id is None:
            return
        question = (
            f"Delete “{action.description}” for {action.full_name}? Cancel it instead to "
            "keep a record. Edit → Undo brings it back."
        )
        if not confirm(self, "Delete training action", question, "Delete"):
            return
        operations = action_operations(self.today)
        command = DeleteRecordCommand(self.document, operations, self.project_id, action.id)
        self._run(command, "Delete training action")

    def _run(self, command: Any, title: str) -> None:
        try:
            command.run_first()
        except CommissionerError as error:
            show_problem(self, title, str(error))


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionHeading")
    label.setStyleSheet("font-size: 14px; font-weight: 600; color: #1d3d6b;")
    return label


def _panel(buttons: QHBoxLayout, table: QTableView, filters: QHBoxLayout | None = None) -> QWidget:
    panel = QWidget()
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(0, 4, 0, 0)
    layout.addLayout(buttons)
    if filters is not None:
        layout.addLayout(filters)
    layout.addWidget(table, 1)
    return panel
