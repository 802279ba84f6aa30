"""The selected RAID entry: its story, its mitigating actions and its scoring history."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError
from commissioner.models.dates import format_date
from commissioner.models.enums import ActionStatus, RaidKind
from commissioner.services.risk_entries import ActionView, AssessmentView, RaidEntry
from commissioner.services.risk_input import ActionInput
from commissioner.services.risk_settings import RiskSettings
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.messages import show_problem
from commissioner.ui.risk_commands import AddActionCommand, SetActionStatusCommand
from commissioner.ui.risk_dialogs import ActionDialog
from commissioner.ui.risk_register_model import OVERDUE, overdue_icon
from commissioner.ui.table_model import RowTableModel

#: The action id behind a row of the actions table.
ACTION_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class ActionsModel(RowTableModel[ActionView]):
    columns = ("Action", "Owner", "Due", "Status")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.today = dt.date.today()

    def cell(self, row: ActionView, column: int, role: int) -> Any:
        if role == ACTION_ID_ROLE:
            return row.id
        late = row.overdue(self.today)
        if role == Qt.ItemDataRole.DecorationRole and column == 2 and late:
            return overdue_icon()
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return row.description
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return row.description
        if column == 1:
            return row.owner
        if column == 2:
            return f"{OVERDUE} · {format_date(row.due_on)}" if late else format_date(row.due_on)
        done = f" {format_date(row.completed_on)}" if row.completed_on else ""
        return f"{row.status.label}{done}"


class HistoryModel(RowTableModel[AssessmentView]):
    """Every scoring of the risk, newest first."""

    columns = ("Assessed", "By", "Inherent", "Residual", "Target", "Note")

    def cell(self, row: AssessmentView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == 5:
            return row.note
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        levels = row.levels
        values = (
            format_date(row.assessed_on),
            row.assessed_by,
            _pair(levels.inherent_likelihood, levels.inherent_impact),
            _pair(levels.residual_likelihood, levels.residual_impact),
            _pair(levels.target_likelihood, levels.target_impact),
            row.note,
        )
        return values[column]


def _pair(likelihood: int | None, impact: int | None) -> str:
    if likelihood is None or impact is None:
        return ""
    return f"{likelihood} × {impact} = {likelihood * impact}"


def _table(model: RowTableModel[Any]) -> QTableView:
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


class EntryDetailPanel(QTabWidget):
    """Tabs for the selected entry; its action buttons run undoable commands."""

    def __init__(self, document: DatabaseDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.entry: RaidEntry | None = None
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.actions_model = ActionsModel(self)
        self.actions_table = _table(self.actions_model)
        self.add_action_button = QPushButton("Add action…")
        self.mark_done_button = QPushButton("Mark done")
        self.history_model = HistoryModel(self)
        self.history_table = _table(self.history_model)
        self.addTab(self._padded(self.summary), "Summary")
        self.addTab(self._actions_page(), "Actions")
        self.addTab(self.history_table, "Scoring history")
        self.add_action_button.clicked.connect(self.add_action)
        self.mark_done_button.clicked.connect(self.mark_done)
        self.show_entry(None, None)

    @staticmethod
    def _padded(widget: QWidget) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(widget, 1)
        return page

    def _actions_page(self) -> QWidget:
        page = QWidget()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_action_button)
        buttons.addWidget(self.mark_done_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addLayout(buttons)
        layout.addWidget(self.actions_table, 1)
        return page

    def show_entry(self, entry: RaidEntry | None, settings: RiskSettings | None) -> None:
        self.entry = entry
        self.actions_model.set_rows(entry.actions if entry else ())
        self.history_model.set_rows(tuple(reversed(entry.assessments)) if entry else ())
        self.setTabText(1, f"Actions ({len(entry.actions)})" if entry else "Actions")
        self.setTabEnabled(2, entry is not None and entry.kind is RaidKind.RISK)
        writable = entry is not None and not self.document.db.read_only
        self.add_action_button.setEnabled(writable)
        self.mark_done_button.setEnabled(writable and bool(entry and entry.actions))
        if entry is None or settings is None:
            self.summary.setText("<i>Select an entry to see its detail.</i>")
        else:
            self.summary.setText(summary_html(entry, settings))
        self.actions_table.resizeColumnToContents(1)
        self.actions_table.setColumnWidth(0, 360)

    def add_action(self) -> None:
        entry = self.entry
        if entry is None:
            return

        def submit(form: ActionInput) -> None:
            AddActionCommand(self.document, entry.project_id, entry.id, form).run_first()

        ActionDialog(submit, owner=entry.actionee or entry.owner, parent=self).exec()

    def mark_done(self) -> None:
        rows = self.actions_table.selectionModel().selectedRows()
        if self.entry is None or not rows:
            show_problem(self, "Mark action done", "Select the action that has been done first.")
            return
        action = self.actions_model.row_at(rows[0].row())
        status = ActionStatus.OPEN if action.status is ActionStatus.DONE else ActionStatus.DONE
        command = SetActionStatusCommand(
            self.document, self.entry.project_id, action.id, status, action.description
        )
        try:
            command.run_first()
        except CommissionerError as error:
            show_problem(self, "Mark action done", str(error))


def summary_html(entry: RaidEntry, settings: RiskSettings) -> str:
    """The entry's story and flags as rich text; user text is escaped, never markup."""
    lines = [f"<b>{html.escape(entry.reference)}</b> {html.escape(entry.title)}"]
    if entry.kind is RaidKind.RISK:
        for word, text in (
            ("Cause", entry.cause),
            ("Event", entry.event),
            ("Consequence", entry.consequence),
        ):
            if text:
                lines.append(f"<b>{word}:</b> {html.escape(text)}")
        lines.append(_scores_line(entry, settings))
    elif entry.description:
        lines.append(html.escape(entry.description))
    facts = [
        ("Owner", entry.owner),
        ("Actionee", entry.actionee),
        ("Response", entry.response.label if entry.response else ""),
        ("Proximity", format_date(entry.proximity_on)),
        ("Depends on", entry.counterparty),
        ("Resolution", entry.resolution),
        ("Raised from", entry.raised_from),
        ("Raised", format_date(entry.raised_on)),
        ("Closed", format_date(entry.closed_on)),
    ]
    lines.append(" · ".join(f"<b>{k}:</b> {html.escape(v)}" for k, v in facts if v))
    return "<p>" + "</p><p>".join(line for line in lines if line) + "</p>"


def _scores_line(entry: RaidEntry, settings: RiskSettings) -> str:
    levels = entry.levels
    parts = []
    for stage in ("inherent", "residual", "target"):
        value = getattr(levels, f"{stage}_score")
        band = settings.band(value)
        if value is not None:
            word = f" {html.escape(band.name)}" if band else ""
            parts.append(f"<b>{stage.capitalize()}:</b> {value}{word}")
    if settings.is_outside_appetite(levels.residual_score, entry.category_id):
        parts.append('<span style="color:#c62828">⚠ <b>Outside appetite</b></span>')
    return " · ".join(parts)
