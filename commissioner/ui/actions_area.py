"""Actions and decisions: the action tracker (overdue flagged in words and colour) above
the project's decisions log."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError
from commissioner.models.dates import format_date
from commissioner.services import actions
from commissioner.services.actions import (
    ActionFilter,
    ActionInput,
    ActionRow,
    DecisionRow,
    LinkOption,
)
from commissioner.ui.areas import ProjectArea
from commissioner.ui.communication_commands import (
    AddActionCommand,
    MarkActionDoneCommand,
    ReopenActionCommand,
)
from commissioner.ui.document import DatabaseDocument, ServiceCommand
from commissioner.ui.messages import show_problem
from commissioner.ui.presentation import swatch
from commissioner.ui.record_form import RecordFormDialog, option_combo
from commissioner.ui.table_export_action import area_title, view_export_button
from commissioner.ui.table_model import RowTableModel

#: The action id behind a row.
ACTION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_COLOUR = "#c62828"
DONE_COLOUR = "#2e7d32"


def _table(model: RowTableModel[Any], stretch: int) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class ActionsModel(RowTableModel[ActionRow]):
    columns = ("Action", "Owner", "Due", "Status", "Arising from")
    export_kinds = ("text", "text", "date")

    def export_value(self, row: ActionRow, column: int) -> Any:
        return row.due_on if column == 2 else self.cell(row, column, Qt.ItemDataRole.DisplayRole)

    def cell(self, row: ActionRow, column: int, role: int) -> Any:
        if role == ACTION_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.DecorationRole and column == 3:
            if row.overdue:
                return swatch(OVERDUE_COLOUR)
            return swatch(DONE_COLOUR) if row.completed_on else None
        if role == Qt.ItemDataRole.ToolTipRole and column in (0, 4):
            return row.description if column == 0 else row.source
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 3:
            if row.overdue:
                return "Overdue"
            done = f" {format_date(row.completed_on)}" if row.completed_on else ""
            return row.status.label + done
        return (row.description, row.owner, format_date(row.due_on), "", row.source)[column]


class DecisionsModel(RowTableModel[DecisionRow]):
    columns = ("Decided", "Decision", "By", "Where")
    export_kinds = ("date",)

    def export_value(self, row: DecisionRow, column: int) -> Any:
        return (
            row.decided_on if column == 0 else self.cell(row, column, Qt.ItemDataRole.DisplayRole)
        )

    def cell(self, row: DecisionRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return row.summary
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (format_date(row.decided_on), row.summary, row.decided_by, row.source)[column]


class ActionDialog(RecordFormDialog):
    """Collects an ``ActionInput``, optionally linked to a risk or a gate condition."""

    def __init__(
        self,
        risks: Sequence[LinkOption],
        conditions: Sequence[LinkOption],
        submit: Callable[[ActionInput], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Add action", submit, parent)
        self.description = QPlainTextEdit()
        self.description.setFixedHeight(70)
        self.owner = QLineEdit()
        self.due_on = QLineEdit(placeholderText="DD/MM/YYYY")
        self.risk = option_combo([(r.id, r.label) for r in risks], blank="No risk")
        self.condition = option_combo(
            [(c.id, c.label) for c in conditions], blank="No gate condition"
        )
        self.add_row("description", "&Action", self.description)
        self.add_row("owner", "&Owner", self.owner)
        self.add_row("due_on", "&Due", self.due_on)
        self.add_row("risk_id", "Follows up &risk", self.risk)
        self.add_row("gate_condition_id", "Follows up &condition", self.condition)

    def form(self) -> ActionInput:
        return ActionInput(
            description=self.description.toPlainText(),
            owner=self.owner.text(),
            due_on=self.due_on.text(),
            risk_id=self.risk.currentData(),
            gate_condition_id=self.condition.currentData(),
        )


class ActionsArea(ProjectArea):
    title = "Actions and decisions"

    def __init__(self, document: DatabaseDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.model = ActionsModel(self)
        self.decisions_model = DecisionsModel(self)
        self.table = _table(self.model, 0)
        self.decisions_table = _table(self.decisions_model, 1)
        self.open_only = QCheckBox("Open only")
        self.overdue_only = QCheckBox("Overdue only")
        self.summary = QLabel()
        self.summary.setObjectName("muted")
        self.done_button = QPushButton("Mark done")
        self.reopen_button = QPushButton("Reopen")
        self.add_button = QPushButton("Add action…")
        self.export_button = view_export_button(self.table, area_title(self, "Actions"), "Actions")
        self.export_decisions_button = view_export_button(
            self.decisions_table, area_title(self, "Decisions"), "Decisions"
        )
        self._lay_out()
        self._connect_signals()

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        for widget in (self.open_only, self.overdue_only):
            bar.addWidget(widget)
        bar.addWidget(self.summary, 1)
        for button in (self.done_button, self.reopen_button, self.add_button):
            bar.addWidget(button)
        bar.addWidget(self.export_button)
        actions_box = QWidget()
        top = QVBoxLayout(actions_box)
        top.setContentsMargins(0, 0, 0, 0)
        top.addLayout(bar)
        top.addWidget(self.table, 1)
        decisions_box = QWidget()
        bottom = QVBoxLayout(decisions_box)
        bottom.setContentsMargins(0, 0, 0, 0)
        decisions_bar = QHBoxLayout()
        decisions_bar.addWidget(QLabel("<b>Decisions log</b>"), 1)
        decisions_bar.addWidget(self.export_decisions_button)
        bottom.addLayout(decisions_bar)
        bottom.addWidget(self.decisions_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(actions_box)
        splitter.addWidget(decisions_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter, 1)

    def _connect_signals(self) -> None:
        self.open_only.toggled.connect(self.reload)
        self.overdue_only.toggled.connect(self.reload)
        self.done_button.clicked.connect(self.mark_done)
        self.reopen_button.clicked.connect(self.reopen)
        self.add_button.clicked.connect(self.add_action)

    def reload(self) -> None:
        if self.project_id is None:
            return
        db = self.document.db
        action_filter = ActionFilter(self.open_only.isChecked(), self.overdue_only.isChecked())
        rows = actions.list_actions(db, self.project_id, action_filter)
        self.model.set_rows(rows)
        self.decisions_model.set_rows(actions.list_decisions(db, self.project_id))
        overdue = sum(row.overdue for row in rows)
        self.summary.setText(f"{len(rows)} shown · {overdue} overdue")
        writable = not db.read_only
        for button in (self.done_button, self.reopen_button, self.add_button):
            button.setEnabled(writable)

    def selected_action_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return int(rows[0].data(ACTION_ID_ROLE)) if rows else None

    def mark_done(self) -> None:
        self._run_on_selected("Mark done", MarkActionDoneCommand)

    def reopen(self) -> None:
        self._run_on_selected("Reopen", ReopenActionCommand)

    def _run_on_selected(self, title: str, command: Callable[..., ServiceCommand]) -> None:
        action_id = self.selected_action_id()
        if action_id is None or self.project_id is None:
            show_problem(self, title, "Select an action first.")
            return
        try:
            command(self.document, self.project_id, action_id).run_first()
        except CommissionerError as error:
            show_problem(self, title, str(error))

    def add_action(self) -> None:
        assert self.project_id is not None
        project_id = self.project_id
        db = self.document.db

        def submit(form: ActionInput) -> None:
            AddActionCommand(self.document, project_id, form).run_first()

        dialog = ActionDialog(
            actions.risk_options(db, project_id),
            actions.condition_options(db, project_id),
            submit,
            parent=self,
        )
        dialog.exec()
        dialog.deleteLater()
