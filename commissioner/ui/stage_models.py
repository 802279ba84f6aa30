"""Table models of the stages area: stages, a stage's checklist, its gates, their conditions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from commissioner.models.dates import format_date
from commissioner.models.enums import ConditionStatus, GateDecision, Rag, StageKind, StageStatus
from commissioner.models.stage_rules import done_count, slip_band, slip_days, slip_text
from commissioner.services.stages import ChecklistLine, ConditionView, GateView, StageView
from commissioner.ui.presentation import RAG_COLOURS, STAGE_STATUS_COLOURS, swatch
from commissioner.ui.table_model import RowTableModel

_Index = QModelIndex | QPersistentModelIndex
_Display = Qt.ItemDataRole.DisplayRole

#: Each decision's colour, always shown with its word.
GATE_DECISION_COLOURS = {
    GateDecision.APPROVED: "#2e7d32",
    GateDecision.APPROVED_WITH_CONDITIONS: "#7c8c12",
    GateDecision.DEFERRED: "#ef8f00",
    GateDecision.REJECTED: "#c62828",
}
#: The record id behind a row of any of these models.
RECORD_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def date_span(start: dt.date | None, end: dt.date | None) -> str:
    if not start and not end:
        return "—"
    return f"{format_date(start) or '…'} – {format_date(end) or '…'}"


def against_plan(stage: StageView, today: dt.date) -> tuple[str, str | None]:
    """How a stage stands against its planned end, in words, and the colour to go with it."""
    if stage.status is StageStatus.NOT_STARTED or stage.planned_end is None:
        return ("—" if stage.planned_end else "No planned end", None)
    if stage.status is StageStatus.COMPLETE:
        days = slip_days(stage.planned_end, stage.actual_end)
        band = slip_band(days)
        return slip_text(days) or "—", RAG_COLOURS[band] if band else None
    days = slip_days(stage.planned_end, today)
    if days is None or days <= 0:
        return "On time so far", None
    band = slip_band(days)
    return f"{slip_text(days)} so far", RAG_COLOURS[band] if band else None


def snapshot_summary(gate: GateView) -> str:
    """The evidence frozen with a gate, in one line: how much was done and what was not."""
    frozen = gate.checklist_snapshot
    if not frozen:
        return "No evidence checklist was recorded with this decision."
    missing = [line.text for line in frozen if not line.done]
    outstanding = f" Not done: {'; '.join(missing)}." if missing else " All done."
    return f"Evidence when decided: {done_count(frozen)}.{outstanding}"


class StageTableModel(RowTableModel[StageView]):
    """The five stages in order; the current one in bold."""

    columns = ("Stage", "Status", "Planned", "Actual", "Against plan", "Evidence", "Latest gate")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.current: StageKind | None = None
        self.today = dt.date.today()

    def set_stages(self, stages: tuple[StageView, ...], current: StageKind, today: dt.date) -> None:
        self.current, self.today = current, today
        self.set_rows(stages)

    def cell(self, row: StageView, column: int, role: int) -> Any:
        if role == RECORD_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.FontRole and row.kind is self.current:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            return swatch(STAGE_STATUS_COLOURS[row.status])
        if role == Qt.ItemDataRole.ForegroundRole and column == 4:
            colour = against_plan(row, self.today)[1]
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole and column == 1 and row.override_reason:
            return f"Left without an approving gate: {row.override_reason}"
        if role == Qt.ItemDataRole.ToolTipRole and column == 6 and row.latest_gate:
            gate = row.latest_gate
            return f"{gate.decision.label} on {format_date(gate.decided_on)}"
        return self._text(row, column) if role == _Display else None

    def _text(self, row: StageView, column: int) -> str:
        if column == 0:
            return f"{row.kind.sequence}. {row.kind.label}"
        if column == 1:
            return f"{row.status.label} (overridden)" if row.override_reason else row.status.label
        if column == 2:
            return date_span(row.planned_start, row.planned_end)
        if column == 3:
            return date_span(row.actual_start, row.actual_end)
        if column == 4:
            return against_plan(row, self.today)[0]
        if column == 5:
            return done_count(row.checklist) if row.checklist else "No checklist"
        gate = row.latest_gate
        return gate.decision.label if gate else "—"


class ChecklistModel(RowTableModel[ChecklistLine]):
    """A stage's evidence items; ticking one asks for a command instead of changing the row."""

    columns = ("Evidence", "Done on")
    #: (ChecklistLine, done) when the user ticks or unticks an item.
    toggle_requested = Signal(object, bool)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.editable = True

    def cell(self, row: ChecklistLine, column: int, role: int) -> Any:
        if role == RECORD_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return Qt.CheckState.Checked if row.done else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return row.text
        if role != _Display:
            return None
        return row.text if column == 0 else format_date(row.done_on)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == 0 and self.editable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole or not self.editable:
            return False
        done = Qt.CheckState(value) == Qt.CheckState.Checked
        self.toggle_requested.emit(self.row_at(index.row()), done)
        # The row changes when the command's change reloads the area, not here.
        return False


class GatesModel(RowTableModel[GateView]):
    """A stage's gate decisions, oldest first."""

    columns = ("Decided", "Decision", "Decided by", "Conditions", "Evidence", "IPA review")

    def cell(self, row: GateView, column: int, role: int) -> Any:
        if role == RECORD_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            return swatch(GATE_DECISION_COLOURS[row.decision])
        if role == Qt.ItemDataRole.ToolTipRole and column in (1, 2) and row.notes:
            return row.notes
        if role == Qt.ItemDataRole.ToolTipRole and column == 4:
            return snapshot_summary(row)
        return self._text(row, column) if role == _Display else None

    @staticmethod
    def _text(row: GateView, column: int) -> str:
        if column == 0:
            return format_date(row.decided_on)
        if column == 1:
            return row.decision.label
        if column == 2:
            return row.decision_maker
        if column == 3:
            if not row.conditions:
                return "None"
            count = len(row.conditions)
            return f"{row.open_conditions} open of {count}" if row.open_conditions else "All closed"
        if column == 4:
            frozen = row.checklist_snapshot
            return done_count(frozen) if frozen else "Not recorded"
        return row.gateway_review or "—"


class ConditionsModel(RowTableModel[ConditionView]):
    """A gate's conditions; an open one past its due date says so in words and red."""

    columns = ("Condition", "Owner", "Due", "Status", "Closed on")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.today = dt.date.today()

    def set_conditions(self, conditions: tuple[ConditionView, ...], today: dt.date) -> None:
        self.today = today
        self.set_rows(conditions)

    def cell(self, row: ConditionView, column: int, role: int) -> Any:
        if role == RECORD_ID_ROLE:
            return row.id
        overdue = row.is_overdue(self.today)
        if role == Qt.ItemDataRole.ForegroundRole and column in (2, 3) and overdue:
            return QColor(RAG_COLOURS[Rag.RED])
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return row.text
        if role != _Display:
            return None
        if column == 0:
            return row.text
        if column == 1:
            return row.owner or "—"
        if column == 2:
            return format_date(row.due_on) or "—"
        if column == 3:
            return "Open — overdue" if overdue else row.status.label
        return format_date(row.closed_on) if row.status is not ConditionStatus.OPEN else ""
