"""The Duty to warn area: warnings raised by expert suppliers and strategic partners, the
council's response, and a prompt for each one that has gone quiet."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError, ValidationError
from commissioner.models.dates import format_date
from commissioner.models.enums import WarningStatus
from commissioner.services import duty_to_warn, suppliers
from commissioner.services.duty_to_warn import WarningInput, WarningPrompt, WarningRow
from commissioner.ui.areas import ProjectArea
from commissioner.ui.contract_commands import warning_operations
from commissioner.ui.contract_dialogs import WarningDialog, WarningForm
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.golden_thread_commands import (
    AddRecordCommand,
    DeleteRecordCommand,
    EditRecordCommand,
)
from commissioner.ui.messages import confirm, show_problem
from commissioner.ui.presentation import swatch
from commissioner.ui.record_form import run_form
from commissioner.ui.table_model import RowTableModel, record_table

#: The warning id behind a row.
WARNING_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PROMPT_COLOUR = "#ef8f00"
STATUS_COLOURS = {
    WarningStatus.OPEN: "#ef8f00",
    WarningStatus.RESPONDED: "#1565c0",
    WarningStatus.CLOSED: "#2e7d32",
}
STATUS_HINTS = {
    WarningStatus.OPEN: "awaiting the council's response",
    WarningStatus.RESPONDED: "the council has responded; the matter is not yet closed",
    WarningStatus.CLOSED: "the matter is settled",
}
EXPLANATION = (
    "An expert supplier or strategic partner that presents itself as a specialist owes a "
    "duty to warn: it must test our outcomes and warn us where requirements risk being "
    "misunderstood. This log of warnings and our responses is what is examined if a "
    "dispute reaches court."
)
NO_EXPERTS = (
    "No expert supplier or strategic partner is linked to this project, so nobody owes it "
    "a duty to warn. Add one, or change a supplier's category, in the Suppliers area."
)
_COLUMN_WIDTHS = (90, 180, 260, 150, 150, 110)
_NO_SELECTION = "Select a warning to read it in full with the council's response."


class WarningsModel(RowTableModel[WarningRow]):
    columns = (
        "Date raised",
        "Supplier",
        "Subject",
        "Raised by",
        "How communicated",
        "Status",
        "Council response",
    )

    def cell(self, row: WarningRow, column: int, role: int) -> Any:
        if role == WARNING_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.DecorationRole and column == 5:
            return swatch(STATUS_COLOURS[row.status])
        if role == Qt.ItemDataRole.ToolTipRole and column == 5:
            return STATUS_HINTS[row.status].capitalize()
        if role == Qt.ItemDataRole.ToolTipRole and column in (2, 6):
            return row.subject if column == 2 else row.council_response or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (
            format_date(row.raised_on),
            row.supplier_name,
            row.subject,
            row.raised_by,
            row.how_communicated,
            row.status.label,
            " ".join(row.council_response.split()),
        )
        return values[column]


class WarningDetail(QGroupBox):
    """The selected warning in full: who raised it, how, and what the council did."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Selected warning", parent)
        self.subject = _plain_label()
        self.subject.setStyleSheet("font-weight: 600; color: #1d3d6b;")
        self.facts = QFormLayout()
        self.values = {key: _plain_label() for key in ("raised", "how", "status", "response")}
        self.facts.addRow("Raised", self.values["raised"])
        self.facts.addRow("How communicated", self.values["how"])
        self.facts.addRow("Status", self.values["status"])
        self.facts.addRow("Council response", self.values["response"])
        layout = QVBoxLayout(self)
        layout.addWidget(self.subject)
        layout.addLayout(self.facts)
        layout.addStretch(1)
        self.show_warning(None)

    def show_warning(self, row: WarningRow | None) -> None:
        self.subject.setText(row.subject if row else _NO_SELECTION)
        for number in range(self.facts.rowCount()):
            self.facts.setRowVisible(number, row is not None)
        if row is None:
            return
        by = f" by {row.raised_by}" if row.raised_by else ""
        self.values["raised"].setText(f"{format_date(row.raised_on)}{by}, {row.supplier_name}")
        self.values["how"].setText(row.how_communicated or "Not recorded")
        self.values["status"].setText(f"{row.status.label}: {STATUS_HINTS[row.status]}")
        self.values["response"].setText(row.council_response or "None yet")


def _plain_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _prompt_line(prompt: WarningPrompt) -> QWidget:
    """One quiet supplier: an amber marker beside the words."""
    line = QWidget()
    marker = QLabel()
    marker.setPixmap(swatch(PROMPT_COLOUR).pixmap(12, 12))
    marker.setAlignment(Qt.AlignmentFlag.AlignTop)
    marker.setContentsMargins(0, 3, 0, 0)
    words = _plain_label(prompt.message)
    layout = QHBoxLayout(line)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(marker)
    layout.addWidget(words, 1)
    return line


class DutyToWarnArea(ProjectArea):
    title = "Duty to warn"

    def __init__(
        self,
        document: DatabaseDocument,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(document, parent)
        self.today = today or dt.date.today()
        self.operations = warning_operations(self.today)
        self.experts: list[tuple[int, str]] = []
        self.prompt_lines: list[QWidget] = []
        self.explanation = QLabel(EXPLANATION)
        self.explanation.setObjectName("muted")
        self.explanation.setWordWrap(True)
        self.prompts = QFrame()
        self.prompts.setObjectName("warningPrompts")
        self.prompts.setStyleSheet(
            "QFrame#warningPrompts { background: #fff4e0; border: 1px solid #ef8f00;"
            " border-radius: 6px; }"
        )
        QVBoxLayout(self.prompts).setContentsMargins(10, 8, 10, 8)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.add_button = QPushButton("Add warning…")
        self.edit_button = QPushButton("Edit…")
        self.delete_button = QPushButton("Delete…")
        self.model = WarningsModel(self)
        self.table = record_table(self.model)
        for column, width in enumerate(_COLUMN_WIDTHS):
            self.table.setColumnWidth(column, width)
        self.detail = WarningDetail()
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setSizes([380, 220])
        self._lay_out()
        self._connect_signals()

    def _lay_out(self) -> None:
        header = QHBoxLayout()
        header.addWidget(self.summary, 1)
        for button in (self.add_button, self.edit_button, self.delete_button):
            header.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.explanation)
        layout.addWidget(self.prompts)
        layout.addLayout(header)
        layout.addWidget(self.splitter, 1)

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self.add_warning)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.doubleClicked.connect(self.edit_selected)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.detail.show_warning(self.selected())
        )

    def reload(self) -> None:
        assert self.project_id is not None
        db = self.document.db
        rows = duty_to_warn.list_warnings(db, self.project_id)
        self.experts = [
            (link.id, f"{link.supplier_name} ({link.category.label.lower()})")
            for link in suppliers.list_relationships(db, self.project_id)
            if link.category.carries_duty_to_warn
        ]
        chosen = self.selected()
        self.model.set_rows(rows)
        self._reselect(chosen.id if chosen else None)
        self._show_prompts(duty_to_warn.warning_prompts(db, self.project_id, self.today))
        self._show_summary(rows)
        writable = not db.read_only
        self.add_button.setEnabled(writable and bool(self.experts))
        self.add_button.setToolTip("" if self.experts else NO_EXPERTS)
        self.edit_button.setEnabled(writable and bool(rows))
        self.delete_button.setEnabled(writable and bool(rows))

    def _reselect(self, warning_id: int | None) -> None:
        for number in range(self.model.rowCount()):
            if self.model.row_at(number).id == warning_id:
                self.table.selectRow(number)
                return
        self.detail.show_warning(None)

    def _show_prompts(self, prompts: list[WarningPrompt]) -> None:
        layout = self.prompts.layout()
        assert layout is not None
        for line in self.prompt_lines:
            layout.removeWidget(line)
            line.deleteLater()
        self.prompt_lines = [_prompt_line(prompt) for prompt in prompts]
        for line in self.prompt_lines:
            layout.addWidget(line)
        self.prompts.setVisible(bool(prompts))

    def prompt_messages(self) -> list[str]:
        """The prompts' words as the user reads them."""
        return [
            label.text()
            for line in self.prompt_lines
            for label in line.findChildren(QLabel)
            if label.text()
        ]

    def _show_summary(self, rows: list[WarningRow]) -> None:
        if not self.experts:
            self.summary.setText(NO_EXPERTS)
            return
        waiting = sum(1 for row in rows if row.status is WarningStatus.OPEN)
        logged = f"{len(rows)} warning{'s' if len(rows) != 1 else ''} logged"
        self.summary.setText(
            f"{logged}; {waiting} awaiting the council's response" if rows else "No warnings yet"
        )

    def selected(self) -> WarningRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def add_warning(self) -> None:
        assert self.project_id is not None
        project_id = self.project_id
        initial = WarningInput(raised_on=format_date(self.today), subject="")

        def save(form: WarningForm) -> None:
            if form.relationship_id is None:
                # Show every problem at once, not the supplier first and the rest on Save.
                problems = {"relationship_id": "Choose the supplier that raised the warning."}
                try:
                    duty_to_warn.validate_warning(form.warning, self.today)
                except ValidationError as error:
                    problems.update(error.problems)
                raise ValidationError(problems)
            AddRecordCommand(
                self.document,
                self.operations,
                project_id,
                form.warning,
                owner_id=form.relationship_id,
            ).run_first()

        run_form(lambda submit: WarningDialog(self.experts, submit, initial, parent=self), save)

    def edit_selected(self) -> None:
        row = self.selected()
        if row is None or self.project_id is None:
            show_problem(self, "Edit warning", "Select the warning to edit first.")
            return
        project_id, before = self.project_id, row.as_input()
        run_form(
            lambda submit: WarningDialog(
                [], submit, before, supplier_name=row.supplier_name, parent=self
            ),
            lambda form: EditRecordCommand(
                self.document, self.operations, project_id, row.id, before, form.warning
            ).run_first(),
        )

    def delete_selected(self) -> None:
        row = self.selected()
        if row is None or self.project_id is None:
            show_problem(self, "Delete warning", "Select the warning to delete first.")
            return
        question = (
            f"Delete the warning “{row.subject}” from {row.supplier_name}? The log is evidence "
            "if a dispute reaches court; delete only an entry made in error. "
            "Edit → Undo brings it back."
        )
        if not confirm(self, "Delete warning", question, "Delete"):
            return
        try:
            DeleteRecordCommand(self.document, self.operations, self.project_id, row.id).run_first()
        except CommissionerError as error:
            show_problem(self, "Delete warning", str(error))
