"""The benefits register: what the project should realise (and the dis-benefits it
accepts), who owns each, and how far each has been realised, in words."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError
from commissioner.models.dates import format_date
from commissioner.models.enums import BenefitKind
from commissioner.models.golden_thread_rules import Realisation, format_measure
from commissioner.services import benefits
from commissioner.services.benefits import BenefitRow
from commissioner.services.golden_thread_input import BenefitInput
from commissioner.ui.areas import ProjectArea
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.golden_thread_commands import (
    BENEFIT,
    AddRecordCommand,
    DeleteRecordCommand,
    EditRecordCommand,
)
from commissioner.ui.messages import confirm, show_problem
from commissioner.ui.presentation import combo_enum, swatch
from commissioner.ui.record_form import RecordFormDialog, enum_options, option_combo
from commissioner.ui.table_model import RowTableModel

#: The benefit id behind a row.
BENEFIT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = (
    "Kind",
    "Description and measure",
    "Objective",
    "Owner",
    "Baseline → target",
    "Expected by",
    "Realised against target",
)
_NUMBER_COLUMNS = (4,)
PROGRESS_COLOURS = {
    Realisation.TARGET_MET: "#2e7d32",
    Realisation.WITHIN_EXPECTED: "#2e7d32",
    Realisation.PART_REALISED: "#ef8f00",
    Realisation.NO_IMPROVEMENT: "#ef8f00",
    Realisation.WORSE_THAN_BASELINE: "#c62828",
    Realisation.WORSE_THAN_EXPECTED: "#c62828",
}


class BenefitsModel(RowTableModel[BenefitRow]):
    """The register, one benefit a row, realisation always shown in words."""

    columns = COLUMNS

    def cell(self, row: BenefitRow, column: int, role: int) -> Any:
        if role == BENEFIT_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.DecorationRole and column == len(COLUMNS) - 1:
            colour = PROGRESS_COLOURS.get(row.progress.status)
            return swatch(colour) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMBER_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == 2 and row.objective:
            return row.objective.label
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return self._text(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        return None

    @staticmethod
    def _text(row: BenefitRow, column: int) -> str:
        texts: dict[int, Callable[[], str]] = {
            0: lambda: row.kind.label,
            1: lambda: (
                f"{row.description}\nMeasure: {row.measure}" if row.measure else row.description
            ),
            2: lambda: row.objective.code if row.objective else "—",
            3: lambda: row.owner or "—",
            4: lambda: _journey(row),
            5: lambda: format_date(row.expected_on),
        }
        return texts.get(column, lambda: _realisation(row))()


def _journey(row: BenefitRow) -> str:
    """'210 → 150 claims': where the measure starts and where it should get to."""
    if row.baseline is None and row.target is None:
        return ""
    # A currency sign leads both figures; other units follow the target only.
    start_unit = row.unit if row.unit.strip() in ("£", "$", "€") else ""
    start = format_measure(row.baseline, start_unit) or "?"
    return f"{start} → {format_measure(row.target, row.unit) or '?'}"


def _realisation(row: BenefitRow) -> str:
    """'£150,000 · 62% of the way to target', or 'Not yet measured'."""
    realised = format_measure(row.realised_value, row.unit)
    return f"{realised} · {row.progress.text}" if realised else row.progress.text


class BenefitDialog(RecordFormDialog):
    """A benefit or dis-benefit: what, who owns it, how it is measured, and progress."""

    def __init__(
        self,
        objectives: Sequence[tuple[int, str]],
        submit: Callable[[BenefitInput], None],
        initial: BenefitInput,
        *,
        editing: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        noun = initial.kind.label.lower()
        super().__init__(f"Edit {noun}" if editing else f"New {noun}", submit, parent)
        self.kind = option_combo(enum_options(BenefitKind), selected=initial.kind)
        self.description = QPlainTextEdit(initial.description)
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(60)
        self.objective = option_combo(
            objectives, blank="— no objective —", selected=initial.objective_id
        )
        self.owner = QLineEdit(initial.owner, placeholderText="Who is accountable for it")
        self.measure = QLineEdit(initial.measure, placeholderText="e.g. Annual fee saving")
        self.unit = QLineEdit(initial.unit, placeholderText="e.g. £, %, tonnes")
        self.unit.setMaximumWidth(160)
        self.baseline = QLineEdit(initial.baseline, placeholderText="Where it starts")
        self.target = QLineEdit(initial.target, placeholderText="Where it should get to")
        self.expected_on = QLineEdit(initial.expected_on, placeholderText="DD/MM/YYYY")
        self.realised = QLineEdit(initial.realised_value, placeholderText="Blank until measured")
        self.add_row("kind", "&Kind", self.kind)
        self.add_row("description", "&Description", self.description)
        self.add_row("objective_id", "Serves &objective", self.objective)
        self.add_row("owner", "O&wner", self.owner)
        self.add_row("measure", "&Measure", self.measure)
        self.add_row("unit", "&Unit", self.unit)
        self.add_row("baseline", "&Baseline", self.baseline)
        self.add_row(
            "target",
            "&Target",
            self.target,
            "For a dis-benefit, the level the project accepts.",
        )
        self.add_row("expected_on", "&Expected by", self.expected_on)
        self.add_row("realised_value", "&Realised so far", self.realised)

    def form(self) -> BenefitInput:
        return BenefitInput(
            description=self.description.toPlainText(),
            kind=combo_enum(self.kind, BenefitKind) or BenefitKind.BENEFIT,
            owner=self.owner.text(),
            measure=self.measure.text(),
            unit=self.unit.text(),
            baseline=self.baseline.text(),
            target=self.target.text(),
            expected_on=self.expected_on.text(),
            realised_value=self.realised.text(),
            objective_id=self.objective.currentData(),
        )


class BenefitsArea(ProjectArea):
    title = "Benefits"

    def __init__(self, document: DatabaseDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.rows: list[BenefitRow] = []
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.add_button = QPushButton("Add benefit…")
        self.add_dis_button = QPushButton("Add dis-benefit…")
        self.edit_button = QPushButton("Edit selected…")
        self.delete_button = QPushButton("Delete selected…")
        self.model = BenefitsModel(self)
        self.table = self._register_table()
        toolbar = QHBoxLayout()
        toolbar.addWidget(self.add_button)
        toolbar.addWidget(self.add_dis_button)
        toolbar.addStretch(1)
        toolbar.addWidget(self.edit_button)
        toolbar.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(toolbar)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self._connect_signals()

    def _register_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.verticalHeader().hide()
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.setAlternatingRowColors(True)
        # Two lines a row: the description, then its measure.
        table.verticalHeader().setDefaultSectionSize(2 * self.fontMetrics().lineSpacing() + 10)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The description takes what the other columns leave.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        return table

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(lambda: self.add_benefit(BenefitKind.BENEFIT))
        self.add_dis_button.clicked.connect(lambda: self.add_benefit(BenefitKind.DIS_BENEFIT))
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

    def reload(self) -> None:
        if self.project_id is None:
            return
        kept = self.selected_id()
        try:
            self.rows = benefits.list_benefits(self.document.db, self.project_id)
        except CommissionerError as error:
            show_problem(self, "Cannot read the benefits", str(error))
            return
        self.model.set_rows(self.rows)
        self.summary.setText(register_summary(self.rows))
        if kept is not None:
            self.select(kept)
        self._update_buttons()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return int(rows[0].data(BENEFIT_ID_ROLE)) if rows else None

    def select(self, benefit_id: int) -> None:
        for row, benefit in enumerate(self.rows):
            if benefit.id == benefit_id:
                self.table.selectRow(row)

    def _update_buttons(self, *_args: object) -> None:
        writable = not self.document.db.read_only
        self.add_button.setEnabled(writable)
        self.add_dis_button.setEnabled(writable)
        chosen = self.selected_id() is not None
        self.edit_button.setEnabled(writable and chosen)
        self.delete_button.setEnabled(writable and chosen)

    def _objectives(self) -> list[tuple[int, str]]:
        assert self.project_id is not None
        options = benefits.list_objective_options(self.document.db, self.project_id)
        return [(option.id, option.label) for option in options]

    def add_benefit(self, kind: BenefitKind) -> None:
        if self.project_id is None:
            return
        project_id, made = self.project_id, []

        def submit(form: BenefitInput) -> None:
            command = AddRecordCommand(
                self.document, BENEFIT, project_id, form, label=form.description[:60]
            )
            command.run_first()
            made.append(command.record_id)

        initial = BenefitInput("", kind=kind)
        BenefitDialog(self._objectives(), submit, initial, parent=self).exec()
        if made and made[0] is not None:
            self.select(made[0])

    def edit_selected(self) -> None:
        benefit_id = self.selected_id()
        if benefit_id is None or self.project_id is None or self.document.db.read_only:
            return
        row = next(row for row in self.rows if row.id == benefit_id)
        before, project_id = row.as_input(), self.project_id

        def submit(form: BenefitInput) -> None:
            label = form.description[:60]
            EditRecordCommand(
                self.document, BENEFIT, project_id, benefit_id, before, form, label=label
            ).run_first()

        BenefitDialog(self._objectives(), submit, before, editing=True, parent=self).exec()

    def delete_selected(self) -> None:
        benefit_id = self.selected_id()
        if benefit_id is None or self.project_id is None:
            return
        row = next(row for row in self.rows if row.id == benefit_id)
        noun = row.kind.label.lower()
        question = f"Delete the {noun} “{row.description}”? Edit → Undo brings it back."
        if not confirm(self, f"Delete {noun}", question, "Delete"):
            return
        label = row.description[:60]
        try:
            DeleteRecordCommand(
                self.document, BENEFIT, self.project_id, benefit_id, label=label
            ).run_first()
        except CommissionerError as error:
            show_problem(self, f"Delete {noun}", str(error))


def register_summary(rows: Sequence[BenefitRow]) -> str:
    """'3 benefits and 1 dis-benefit · 1 target met · 1 worse than expected'."""
    if not rows:
        return (
            "No benefits recorded yet: add what the project should realise, and any "
            "dis-benefits it accepts."
        )
    kinds = [row.kind for row in rows]
    parts = [_count(kinds.count(BenefitKind.BENEFIT), "benefit")]
    if dis := kinds.count(BenefitKind.DIS_BENEFIT):
        parts[0] += f" and {_count(dis, 'dis-benefit')}"
    statuses = [row.progress.status for row in rows]
    if met := statuses.count(Realisation.TARGET_MET):
        parts.append(f"{_count(met, 'target')} met")
    if worse := statuses.count(Realisation.WORSE_THAN_EXPECTED):
        parts.append(f"{worse} worse than expected")
    if waiting := statuses.count(Realisation.NOT_MEASURED):
        parts.append(f"{waiting} not yet measured")
    return " · ".join(parts)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
