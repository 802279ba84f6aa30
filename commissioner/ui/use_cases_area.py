"""The Contract use cases area: operational scenarios tested against the contract's
wording, the two parties' readings side by side, and the ambiguities still to settle
before the contracting gate."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError
from commissioner.models.enums import WarningStatus
from commissioner.services import use_cases
from commissioner.services.use_cases import UseCaseInput, UseCaseRow
from commissioner.ui.areas import ProjectArea
from commissioner.ui.clarity_check import ClarityCheckWindow
from commissioner.ui.contract_commands import USE_CASE
from commissioner.ui.contract_dialogs import UseCaseDialog
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

#: The use case id behind a row.
USE_CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
OUTSTANDING_COLOUR = "#c62828"
STATUS_COLOURS = {
    WarningStatus.OPEN: "#ef8f00",
    WarningStatus.RESPONDED: "#1565c0",
    WarningStatus.CLOSED: "#2e7d32",
}
_COLUMN_WIDTHS = (240, 120, 130, 130, 130, 130, 95)
_NO_SELECTION = "Select a use case to compare the council's and the supplier's readings."


def _one_line(text: str) -> str:
    return " ".join(text.split())


class UseCasesModel(RowTableModel[UseCaseRow]):
    columns = (
        "Scenario",
        "Clause",
        "Expected behaviour",
        "Council reading",
        "Supplier reading",
        "Ambiguous",
        "Status",
        "Resolution",
    )
    #: Whether the contract is already in delivery, which changes the advice given.
    in_delivery = False

    def cell(self, row: UseCaseRow, column: int, role: int) -> Any:
        if role == USE_CASE_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.DecorationRole:
            if column == 5 and row.outstanding_ambiguity:
                return swatch(OUTSTANDING_COLOUR)
            return swatch(STATUS_COLOURS[row.status]) if column == 6 else None
        if role == Qt.ItemDataRole.ToolTipRole and column == 5 and row.outstanding_ambiguity:
            return use_cases.settle_advice(1, self.in_delivery).capitalize() + "."
        if role == Qt.ItemDataRole.ToolTipRole and column in (0, 2, 3, 4, 7):
            return self._texts(row)[column] or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 5:
            if row.outstanding_ambiguity:
                return "Yes: outstanding"
            return "Yes" if row.ambiguous else "No"
        if column == 6:
            return row.status.label
        return _one_line(self._texts(row)[column])

    @staticmethod
    def _texts(row: UseCaseRow) -> tuple[str, ...]:
        return (
            row.scenario,
            row.clause_reference,
            row.expected_behaviour,
            row.council_reading,
            row.supplier_reading,
            "",
            "",
            row.resolution,
        )


def _reading_box(title: str) -> tuple[QGroupBox, QLabel]:
    box = QGroupBox(title)
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    QVBoxLayout(box).addWidget(label)
    return box, label


class UseCaseDetail(QScrollArea):
    """The selected case: its scenario, then the two readings side by side."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.heading = QLabel(_NO_SELECTION)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: 600; color: #1d3d6b;")
        self.council_box, self.council = _reading_box("Council reading")
        self.supplier_box, self.supplier = _reading_box("Supplier reading")
        self.expected_box, self.expected = _reading_box("Expected behaviour")
        self.resolution_box, self.resolution = _reading_box("Resolution")
        page = QWidget()
        grid = QGridLayout(page)
        grid.addWidget(self.heading, 0, 0, 1, 2)
        grid.addWidget(self.council_box, 1, 0)
        grid.addWidget(self.supplier_box, 1, 1)
        grid.addWidget(self.expected_box, 2, 0)
        grid.addWidget(self.resolution_box, 2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(3, 1)
        self.setWidget(page)
        self.show_case(None)

    def show_case(self, row: UseCaseRow | None) -> None:
        for box in (self.council_box, self.supplier_box, self.expected_box, self.resolution_box):
            box.setVisible(row is not None)
        if row is None:
            self.heading.setText(_NO_SELECTION)
            return
        clause = f"Clause {row.clause_reference}: " if row.clause_reference else ""
        marker = " (outstanding ambiguity)" if row.outstanding_ambiguity else ""
        self.heading.setText(f"{clause}{_one_line(row.scenario)}{marker}")
        self.council.setText(row.council_reading or "Not recorded")
        self.supplier.setText(row.supplier_reading or "Not recorded")
        self.expected.setText(row.expected_behaviour or "Not recorded")
        self.resolution.setText(row.resolution or "Not resolved yet")


class UseCasesArea(ProjectArea):
    title = "Contract use cases"

    def __init__(self, document: DatabaseDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.clarity_window: ClarityCheckWindow | None = None
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.add_button = QPushButton("Add use case…")
        self.edit_button = QPushButton("Edit…")
        self.delete_button = QPushButton("Delete…")
        self.check_button = QPushButton("Check a specification…")
        self.check_button.setToolTip(
            "Find vague wording, undefined acronyms and duties with no owner in a specification"
        )
        self.model = UseCasesModel(self)
        self.table = record_table(self.model)
        for column, width in enumerate(_COLUMN_WIDTHS):
            self.table.setColumnWidth(column, width)
        self.detail = UseCaseDetail()
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setSizes([360, 260])
        header = QHBoxLayout()
        header.addWidget(self.summary, 1)
        for button in (self.add_button, self.edit_button, self.delete_button, self.check_button):
            header.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.splitter, 1)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self.add_use_case)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.check_button.clicked.connect(self.open_clarity_check)
        self.table.doubleClicked.connect(self.edit_selected)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)

    def reload(self) -> None:
        assert self.project_id is not None
        chosen = self.selected()
        rows = use_cases.list_use_cases(self.document.db, self.project_id)
        self.model.set_rows(rows)
        in_delivery = use_cases.contract_in_delivery(self.document.db, self.project_id)
        self.model.in_delivery = in_delivery
        self.summary.setText(use_cases.ambiguity_summary(rows, in_delivery))
        self.summary.setStyleSheet(
            f"color: {OUTSTANDING_COLOUR}; font-weight: 600;"
            if any(row.outstanding_ambiguity for row in rows)
            else ""
        )
        self._reselect(chosen.id if chosen else None)
        writable = not self.document.db.read_only
        self.add_button.setEnabled(writable)
        self.edit_button.setEnabled(writable and bool(rows))
        self.delete_button.setEnabled(writable and bool(rows))
        if self.clarity_window is not None:
            self.clarity_window.project_id = self.project_id

    def _reselect(self, use_case_id: int | None) -> None:
        for number in range(self.model.rowCount()):
            if self.model.row_at(number).id == use_case_id:
                self.table.selectRow(number)
                return
        self.detail.show_case(None)

    def _show_selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.detail.show_case(self.selected())

    def selected(self) -> UseCaseRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def add_use_case(self, initial: UseCaseInput | None = None) -> None:
        assert self.project_id is not None
        project_id = self.project_id
        form = initial or UseCaseInput(scenario="")
        run_form(
            lambda submit: UseCaseDialog(submit, form, parent=self),
            lambda typed: AddRecordCommand(self.document, USE_CASE, project_id, typed).run_first(),
        )

    def edit_selected(self) -> None:
        row = self.selected()
        if row is None or self.project_id is None:
            show_problem(self, "Edit use case", "Select the use case to edit first.")
            return
        project_id, before = self.project_id, row.as_input()
        run_form(
            lambda submit: UseCaseDialog(submit, before, title="Edit use-case test", parent=self),
            lambda form: EditRecordCommand(
                self.document, USE_CASE, project_id, row.id, before, form
            ).run_first(),
        )

    def delete_selected(self) -> None:
        row = self.selected()
        if row is None or self.project_id is None:
            show_problem(self, "Delete use case", "Select the use case to delete first.")
            return
        scenario = _one_line(row.scenario)[:80]
        question = f"Delete the use case “{scenario}”? Edit → Undo brings it back."
        if not confirm(self, "Delete use case", question, "Delete"):
            return
        try:
            DeleteRecordCommand(self.document, USE_CASE, self.project_id, row.id).run_first()
        except CommissionerError as error:
            show_problem(self, "Delete use case", str(error))

    def open_clarity_check(self) -> None:
        """Show the clarity check beside the register; one window per area."""
        assert self.project_id is not None
        if self.clarity_window is None:
            self.clarity_window = ClarityCheckWindow(self.document, self.project_id, self)
        if self.clarity_window.isVisible():
            # Already open behind the main window: bring it forward rather than open another.
            self.clarity_window.raise_()
            self.clarity_window.activateWindow()
        else:
            self.clarity_window.show()
