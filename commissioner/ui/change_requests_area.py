"""The Change requests area: the register, the budget's trail from its original approval
through each approved change, and the risk a scope reduction should carry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
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
from commissioner.models.enums import ChangeRequestStatus
from commissioner.models.money import format_pounds, signed_pounds
from commissioner.services import change_requests, costs
from commissioner.services.change_requests import (
    BudgetStep,
    ChangeRequestInput,
    ChangeRequestRow,
    DecisionInput,
)
from commissioner.services.costs import CostPosition
from commissioner.services.risk_settings import load_risk_settings
from commissioner.ui.areas import ProjectArea
from commissioner.ui.change_request_commands import (
    DecideChangeRequestCommand,
    RaiseChangeRiskCommand,
    change_request_operations,
)
from commissioner.ui.change_request_dialogs import (
    ChangeRequestDialog,
    DecisionDialog,
    ask_to_raise_risk,
    position_in_words,
    risk_for_scope_reduction,
    trail_in_words,
)
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.golden_thread_commands import (
    AddRecordCommand,
    DeleteRecordCommand,
    EditRecordCommand,
)
from commissioner.ui.messages import confirm, show_problem
from commissioner.ui.presentation import rag_icon, swatch
from commissioner.ui.record_form import run_form
from commissioner.ui.risk_dialogs import RiskDialog
from commissioner.ui.table_model import RowTableModel, record_table

#: The change request id behind a row.
CHANGE_REQUEST_ID_ROLE = Qt.ItemDataRole.UserRole + 1
RISK_NEEDED_COLOUR = "#c62828"
NO_RAG_COLOUR = "#9e9e9e"
STATUS_COLOURS = {
    ChangeRequestStatus.PROPOSED: "#1565c0",
    ChangeRequestStatus.APPROVED: "#2e7d32",
    ChangeRequestStatus.REJECTED: "#9e9e9e",
}
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
#: Column widths; the description takes whatever room is left.
_COLUMN_WIDTHS = (58, 80, 0, 100, 80, 140, 76, 96, 124, 80, 110)
_DESCRIPTION = 2


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def _days(days: int) -> str:
    if not days:
        return ""
    sign = "+" if days > 0 else "−"
    return f"{sign}{abs(days):,} day{'s' if abs(days) != 1 else ''}"


class ChangeRequestsModel(RowTableModel[ChangeRequestRow]):
    columns = (
        "Ref.",
        "Raised",
        "Description",
        "Cost",
        "Time",
        "Quality impact",
        "Scope cut",
        "Status",
        "Approver",
        "Decided",
        "Risk",
    )

    def cell(self, row: ChangeRequestRow, column: int, role: int) -> Any:
        if role == CHANGE_REQUEST_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.DecorationRole:
            if column == 7:
                return swatch(STATUS_COLOURS[row.status])
            return swatch(RISK_NEEDED_COLOUR) if column == 10 and row.needs_risk else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (3, 4):
            return int(_RIGHT)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (
            row.reference,
            format_date(row.raised_on),
            _first_line(row.description),
            signed_pounds(row.cost_impact_pence) if row.cost_impact_pence else "",
            _days(row.time_impact_days),
            _first_line(row.quality_impact),
            "Yes" if row.scope_reduction else "No",
            row.status.label,
            row.approver,
            format_date(row.decided_on) if row.decided_on else "",
            "Risk needed" if row.needs_risk else row.risk_reference,
        )
        return values[column]

    @staticmethod
    def _tooltip(row: ChangeRequestRow, column: int) -> str | None:
        if column == 2:
            return "\n\n".join(t for t in (row.description, row.scope_change) if t)
        if column == 5:
            return row.quality_impact or None
        if column == 10 and row.needs_risk:
            return "A scope reduction with no quality or benefit risk logged: raise one."
        return None


class BudgetTrailModel(RowTableModel[BudgetStep]):
    """The original approved budget, then each approved change in the order decided."""

    columns = ("Date", "Step", "Change", "Budget after")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.approved_on: dt.date | None = None

    def cell(self, row: BudgetStep, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (2, 3):
            return int(_RIGHT)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        original = row.on is None
        on = self.approved_on if original else row.on
        values = (
            format_date(on) if on else "",
            row.what,
            format_pounds(row.change_pence) if original else signed_pounds(row.change_pence),
            format_pounds(row.budget_after_pence),
        )
        return values[column]


def _fit_columns(table: QTableView, widths: tuple[int, ...], stretch: int) -> None:
    """Fixed starting widths, with column ``stretch`` taking the room that is left."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    for column, width in enumerate(widths):
        if column == stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        else:
            table.setColumnWidth(column, width)


def _plain_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class ChangeRequestsArea(ProjectArea):
    title = "Change requests"

    def __init__(
        self,
        document: DatabaseDocument,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(document, parent)
        self.today = today or dt.date.today()
        self.operations = change_request_operations(self.today)
        self.rows: list[ChangeRequestRow] = []
        self.position: CostPosition | None = None
        self.summary = _plain_label("changeRequestSummary")
        self.add_button = QPushButton("New…")
        self.edit_button = QPushButton("Edit…")
        self.decide_button = QPushButton("Decide…")
        self.risk_button = QPushButton("Raise risk…")
        self.risk_button.setToolTip("Log the quality/benefit risk of the selected scope reduction")
        self.delete_button = QPushButton("Delete…")
        self.model = ChangeRequestsModel(self)
        self.table = record_table(self.model)
        _fit_columns(self.table, _COLUMN_WIDTHS, _DESCRIPTION)
        self.position_marker = QLabel()
        self.position_line = _plain_label("costPosition")
        self.trail_line = _plain_label("budgetTrail")
        self.trail_model = BudgetTrailModel(self)
        self.trail_table = record_table(self.trail_model)
        _fit_columns(self.trail_table, (90, 0, 110, 130), 1)
        self._lay_out()
        self._connect_signals()

    def _lay_out(self) -> None:
        header = QHBoxLayout()
        header.addWidget(self.summary, 1)
        for button in self._buttons():
            header.addWidget(button)
        position = QHBoxLayout()
        position.addWidget(self.position_marker, 0, Qt.AlignmentFlag.AlignTop)
        position.addWidget(self.position_line, 1)
        panel = QGroupBox("Budget trail")
        panel_layout = QVBoxLayout(panel)
        panel_layout.addLayout(position)
        panel_layout.addWidget(self.trail_line)
        panel_layout.addWidget(self.trail_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(panel)
        splitter.setSizes([360, 260])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(splitter, 1)

    def _buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.add_button,
            self.edit_button,
            self.decide_button,
            self.risk_button,
            self.delete_button,
        )

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self.add_request)
        self.edit_button.clicked.connect(self.edit_selected)
        self.decide_button.clicked.connect(self.decide_selected)
        self.risk_button.clicked.connect(self.raise_risk_for_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.doubleClicked.connect(self.edit_selected)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable_buttons())

    # --- Showing ----------------------------------------------------------------------

    def reload(self) -> None:
        assert self.project_id is not None
        db = self.document.db
        chosen = self.selected()
        self.rows = change_requests.list_change_requests(db, self.project_id)
        self.model.set_rows(self.rows)
        self._reselect(chosen.id if chosen else None)
        self.position = costs.get_cost_position(db, self.project_id, self.today)
        steps = change_requests.budget_trail(db, self.project_id)
        self.trail_model.approved_on = self.position.approved_on
        self.trail_model.set_rows(steps)
        self.trail_line.setText(trail_in_words(steps))
        self.position_line.setText(position_in_words(self.position))
        icon = rag_icon(self.position.rag) or swatch(NO_RAG_COLOUR)
        self.position_marker.setPixmap(icon.pixmap(12, 12))
        self.summary.setText(self._summary())
        self._enable_buttons()

    def _summary(self) -> str:
        if not self.rows:
            return "No change requests yet."
        counts = {
            status: sum(1 for row in self.rows if row.status is status)
            for status in ChangeRequestStatus
        }
        total = len(self.rows)
        words = ", ".join(f"{n} {status.label.lower()}" for status, n in counts.items() if n)
        text = f"{total} change request{'s' if total != 1 else ''}: {words}"
        needing = sum(1 for row in self.rows if row.needs_risk)
        if needing:
            plural = needing != 1
            text += f" · {needing} scope reduction{'s need' if plural else ' needs'} a risk"
        return text

    def _reselect(self, request_id: int | None) -> None:
        for number in range(self.model.rowCount()):
            if self.model.row_at(number).id == request_id:
                self.table.selectRow(number)
                return

    def _enable_buttons(self) -> None:
        writable = not self.document.db.read_only
        row = self.selected()
        self.add_button.setEnabled(writable)
        for button in (self.edit_button, self.decide_button, self.delete_button):
            button.setEnabled(writable and bool(self.rows))
        self.risk_button.setEnabled(writable and row is not None and row.needs_risk)

    def selected(self) -> ChangeRequestRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _need_selection(self, action: str) -> ChangeRequestRow | None:
        row = self.selected()
        if row is None or self.project_id is None:
            show_problem(self, action, "Select the change request first.")
            return None
        return row

    # --- Editing ----------------------------------------------------------------------

    def add_request(self) -> None:
        assert self.project_id is not None
        project_id = self.project_id
        initial = ChangeRequestInput(description="", raised_on=format_date(self.today))

        def save(form: ChangeRequestInput) -> int | None:
            command = AddRecordCommand(self.document, self.operations, project_id, form)
            command.run_first()
            return command.record_id

        request_id = run_form(
            lambda submit: ChangeRequestDialog(
                submit, initial, title="New change request", parent=self
            ),
            save,
        )
        if request_id is not None:
            self._offer_risk(request_id)

    def edit_selected(self) -> None:
        row = self._need_selection("Edit change request")
        if row is None or self.project_id is None:
            return
        project_id, before = self.project_id, row.as_input()

        def save(form: ChangeRequestInput) -> bool:
            EditRecordCommand(
                self.document, self.operations, project_id, row.id, before, form,
                label=row.reference,
            ).run_first()  # fmt: skip
            return True

        saved = run_form(
            lambda submit: ChangeRequestDialog(
                submit, before, title=f"Edit {row.reference}", parent=self
            ),
            save,
        )
        if saved:
            self._offer_risk(row.id)

    def decide_selected(self) -> None:
        row = self._need_selection("Decide change request")
        if row is None or self.project_id is None:
            return
        project_id = self.project_id
        current = self.position.current_budget if self.position else None

        def save(decision: DecisionInput) -> ChangeRequestStatus:
            DecideChangeRequestCommand(
                self.document, project_id, row.id, decision,
                reference=row.reference, today=self.today,
            ).run_first()  # fmt: skip
            return decision.status

        decided = run_form(
            lambda submit: DecisionDialog(
                submit, row, current_budget=current, today=self.today, parent=self
            ),
            save,
        )
        if decided is ChangeRequestStatus.APPROVED:
            self._offer_risk(row.id)

    def delete_selected(self) -> None:
        row = self._need_selection("Delete change request")
        if row is None or self.project_id is None:
            return
        budget = ""
        if row.status is ChangeRequestStatus.APPROVED and row.cost_impact_pence:
            budget = f" The current budget loses its {signed_pounds(row.cost_impact_pence)}."
        question = (
            f"Delete {row.reference}, {_first_line(row.description)}?{budget} A linked risk "
            "stays in the risk register. Edit → Undo brings the request back."
        )
        if not confirm(self, "Delete change request", question, "Delete"):
            return
        try:
            DeleteRecordCommand(
                self.document, self.operations, self.project_id, row.id, label=row.reference
            ).run_first()
        except CommissionerError as error:
            show_problem(self, "Delete change request", str(error))

    # --- The risk a scope reduction carries ---------------------------------------------

    def _offer_risk(self, request_id: int) -> None:
        """After a save or approval: a scope reduction with no risk prompts for one."""
        assert self.project_id is not None
        rows = change_requests.list_change_requests(self.document.db, self.project_id)
        row = next((r for r in rows if r.id == request_id), None)
        if row is not None and row.needs_risk and ask_to_raise_risk(self, row):
            self.raise_risk(row)

    def raise_risk_for_selected(self) -> None:
        row = self._need_selection("Raise risk")
        if row is not None:
            self.raise_risk(row)

    def raise_risk(self, row: ChangeRequestRow) -> None:
        """Open the risk form prefilled from ``row``; saving adds the risk and links it."""
        assert self.project_id is not None
        db, project_id = self.document.db, self.project_id
        settings = load_risk_settings(db)
        initial = risk_for_scope_reduction(row, settings, owner=db.actor)
        title = f"Raise the quality/benefit risk for {row.reference}"
        run_form(
            lambda submit: RiskDialog(settings, submit, initial=initial, title=title, parent=self),
            lambda form: RaiseChangeRiskCommand(
                self.document, project_id, row.id, form, reference=row.reference
            ).run_first(),
        )
