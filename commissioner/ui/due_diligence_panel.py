"""Pre-contract due diligence on the selected supplier, and the supplier's own due diligence
on our outcomes: two tabs under the Suppliers area's list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError, ValidationError
from commissioner.models.dates import format_date
from commissioner.services import due_diligence, suppliers
from commissioner.services.due_diligence import RATING_WORDS, DueDiligenceInput, DueDiligenceRow
from commissioner.services.suppliers import RelationshipRow, SupplierDueDiligenceInput
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.messages import show_problem
from commissioner.ui.presentation import swatch
from commissioner.ui.record_form import RecordFormDialog, option_combo, run_form
from commissioner.ui.supplier_commands import (
    AddAreaCommand,
    AssessAreaCommand,
    EditSupplierDueDiligenceCommand,
)
from commissioner.ui.supplier_dialogs import SupplierDueDiligenceDialog
from commissioner.ui.table_model import RowTableModel, record_table

#: From serious concern (1) to strong (5); always shown beside the rating's words.
RATING_COLOURS = {1: "#c62828", 2: "#e65100", 3: "#ef8f00", 4: "#7cb342", 5: "#2e7d32"}
NOT_RATED = "Not yet rated"
NOT_RATED_COLOUR = "#9e9e9e"


def rating_text(rating: int | None) -> str:
    return RATING_WORDS[rating] if rating is not None else NOT_RATED


def rating_colour(rating: int | None) -> str:
    return RATING_COLOURS[rating] if rating is not None else NOT_RATED_COLOUR


class DueDiligenceModel(RowTableModel[DueDiligenceRow]):
    columns = ("Area", "Rating", "Evidence", "Assessor", "Date")

    def cell(self, row: DueDiligenceRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            return swatch(rating_colour(row.rating))
        if role == Qt.ItemDataRole.ToolTipRole and column in (0, 2):
            return row.area if column == 0 else row.evidence or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (
            row.area,
            rating_text(row.rating),
            " ".join(row.evidence.split()),
            row.assessor,
            format_date(row.assessed_on),
        )
        return values[column]


def _text_box(height: int = 72) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


def _date_edit(text: str) -> QLineEdit:
    edit = QLineEdit(text, placeholderText="DD/MM/YYYY")
    edit.setMaximumWidth(140)
    return edit


class DueDiligenceItemDialog(RecordFormDialog):
    """Assess one area (its name fixed) or add an extra area (its name typed)."""

    def __init__(
        self,
        submit: Callable[[DueDiligenceInput], None],
        initial: DueDiligenceInput,
        *,
        adding: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Add due diligence area" if adding else "Assess area", submit, parent)
        self.area = QLineEdit(initial.area, placeholderText="e.g. Social value commitments")
        self.rating = option_combo(
            list(RATING_WORDS.items()), blank=NOT_RATED, selected=initial.rating
        )
        for index in range(self.rating.count()):
            self.rating.setItemIcon(index, swatch(rating_colour(self.rating.itemData(index))))
        self.evidence = _text_box()
        self.evidence.setPlainText(initial.evidence)
        self.assessor = QLineEdit(initial.assessor)
        self.assessed_on = _date_edit(initial.assessed_on)
        if adding:
            self.add_row("area", "&Area", self.area)
        else:
            heading = QLabel(initial.area)
            heading.setTextFormat(Qt.TextFormat.PlainText)
            heading.setWordWrap(True)
            self.add_row("area", "Area", heading)
        self.add_row("rating", "&Rating", self.rating)
        self.add_row("evidence", "&Evidence", self.evidence, "What the rating rests on.")
        self.add_row("assessor", "Assess&or", self.assessor)
        self.add_row("assessed_on", "&Date", self.assessed_on)

    def form(self) -> DueDiligenceInput:
        rating = self.rating.currentData()
        return DueDiligenceInput(
            area=self.area.text(),
            rating=None if rating is None else int(rating),
            evidence=self.evidence.toPlainText(),
            assessor=self.assessor.text(),
            assessed_on=self.assessed_on.text(),
        )


def _value_label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class DueDiligencePanel(QTabWidget):
    """The selected supplier's checklist and its own due diligence, each editable."""

    def __init__(self, document: DatabaseDocument, today: dt.date, parent: Any = None) -> None:
        super().__init__(parent)
        self.document = document
        self.today = today
        self.project_id: int | None = None
        self.relationship: RelationshipRow | None = None
        self.model = DueDiligenceModel(self)
        self.addTab(self._checklist_tab(), "Due diligence")
        self.addTab(self._supplier_tab(), "Supplier's due diligence")
        self._connect_signals()

    def _checklist_tab(self) -> QWidget:
        self.summary = QLabel()
        self.assess_button = QPushButton("Assess area…")
        self.add_area_button = QPushButton("Add area…")
        self.table = record_table(self.model)
        header = QHBoxLayout()
        header.addWidget(self.summary, 1)
        header.addWidget(self.assess_button)
        header.addWidget(self.add_area_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(header)
        layout.addWidget(self.table, 1)
        return page

    def _supplier_tab(self) -> QWidget:
        self.expectation = _value_label()
        self.expectation.setObjectName("muted")
        self.requested_on, self.allowed = _value_label(), _value_label()
        self.done_on, self.findings = _value_label(), _value_label()
        self.edit_supplier_dd_button = QPushButton("Edit…")
        facts = QFormLayout()
        facts.addRow("Requested on", self.requested_on)
        facts.addRow("Allowed", self.allowed)
        facts.addRow("Done on", self.done_on)
        facts.addRow("Findings", self.findings)
        header = QHBoxLayout()
        header.addWidget(self.expectation, 1)
        header.addWidget(self.edit_supplier_dd_button, 0, Qt.AlignmentFlag.AlignTop)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(header)
        layout.addLayout(facts)
        layout.addStretch(1)
        return page

    def _connect_signals(self) -> None:
        self.assess_button.clicked.connect(self.assess_selected)
        self.add_area_button.clicked.connect(self.add_area)
        self.table.doubleClicked.connect(self.assess_selected)
        self.edit_supplier_dd_button.clicked.connect(self.edit_supplier_due_diligence)

    def show_relationship(self, project_id: int, relationship: RelationshipRow) -> None:
        self.project_id, self.relationship = project_id, relationship
        db = self.document.db
        rows = due_diligence.list_due_diligence(db, relationship.id)
        current = self.table.currentIndex().row()
        self.model.set_rows(rows)
        self._fit_columns()
        if 0 <= current < len(rows):
            self.table.selectRow(current)
        self.summary.setText(due_diligence.due_diligence_summary(rows))
        self._show_supplier_due_diligence(suppliers.get_supplier_due_diligence(db, relationship.id))
        writable = not db.read_only
        self.assess_button.setEnabled(writable and bool(rows))
        self.add_area_button.setEnabled(writable)
        self.edit_supplier_dd_button.setEnabled(writable)

    def _fit_columns(self) -> None:
        """Evidence takes the room left; a long area name ends in "…" (its tooltip is whole)."""
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 300))
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

    def _show_supplier_due_diligence(self, record: SupplierDueDiligenceInput) -> None:
        relationship = self.relationship
        assert relationship is not None
        if relationship.category.carries_duty_to_warn:
            self.expectation.setText(
                f"As {_article(relationship.category.label)}, {relationship.supplier_name} "
                "should test our outcomes before committing to them, and the council must "
                "let it."
            )
        else:
            self.expectation.setText(
                "A general supplier is not expected to test our outcomes; record it here if it did."
            )
        self.requested_on.setText(record.requested_on or "Not requested")
        self.allowed.setText("Yes" if record.allowed else "Not yet")
        self.done_on.setText(record.done_on or "Not done")
        self.findings.setText(record.findings or "None recorded")

    def selected(self) -> DueDiligenceRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def assess_selected(self) -> None:
        row = self.selected()
        if row is None or self.project_id is None:
            show_problem(self, "Assess area", "Select the due diligence area to assess first.")
            return
        before = row.as_input()
        initial = before if before.assessed_on else _with_date(before, self.today)
        project_id, today = self.project_id, self.today
        run_form(
            lambda submit: DueDiligenceItemDialog(submit, initial, parent=self),
            lambda form: AssessAreaCommand(
                self.document, project_id, row.id, before, form, today
            ).run_first(),
        )

    def add_area(self) -> None:
        if self.relationship is None or self.project_id is None:
            return
        project_id, relationship_id, today = self.project_id, self.relationship.id, self.today
        initial = DueDiligenceInput(area="")
        run_form(
            lambda submit: DueDiligenceItemDialog(submit, initial, adding=True, parent=self),
            lambda form: AddAreaCommand(
                self.document, project_id, relationship_id, form, today
            ).run_first(),
        )

    def edit_supplier_due_diligence(self) -> None:
        relationship = self.relationship
        if relationship is None or self.project_id is None:
            return
        before = suppliers.get_supplier_due_diligence(self.document.db, relationship.id)
        project_id, today = self.project_id, self.today
        run_form(
            lambda submit: SupplierDueDiligenceDialog(
                relationship.supplier_name, submit, before, self
            ),
            lambda form: EditSupplierDueDiligenceCommand(
                self.document, project_id, relationship.id, before, form, today
            ).run_first(),
        )


def _article(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun.lower()}"


def _with_date(form: DueDiligenceInput, day: dt.date) -> DueDiligenceInput:
    """The form an unassessed area opens with: today's date filled in."""
    return DueDiligenceInput(form.area, form.rating, form.evidence, form.assessor, format_date(day))


class DueDiligenceTemplateDialog(QDialog):
    """The council's list of areas every new checklist starts with: add, rename, remove,
    reorder. Save calls ``submit(areas)``, which raises ValidationError when the list is wrong."""

    def __init__(
        self,
        areas: Sequence[str],
        submit: Callable[[list[str]], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Due diligence template")
        self.setMinimumSize(640, 440)
        self._submit = submit
        self._original = list(areas)
        note = QLabel(
            "The areas every new supplier's due diligence checklist starts with. Suppliers "
            "already on a project keep their own checklists; only suppliers added from now "
            "on use these. Double-click an area to rename it."
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        self.areas = QListWidget()
        self.areas.setSpacing(2)
        for area in areas:
            self._append(area)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(self._editor())
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout.addWidget(buttons)

    def _editor(self) -> QHBoxLayout:
        self.add_button = QPushButton("&Add area")
        self.remove_button = QPushButton("&Remove")
        self.up_button = QPushButton("Move &up")
        self.down_button = QPushButton("Move do&wn")
        self.add_button.clicked.connect(self.add_area)
        self.remove_button.clicked.connect(self.remove_area)
        self.up_button.clicked.connect(lambda: self.move_area(-1))
        self.down_button.clicked.connect(lambda: self.move_area(1))
        column = QVBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            column.addWidget(button)
        column.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.areas, 1)
        row.addLayout(column)
        return row

    def _append(self, area: str, row: int | None = None) -> QListWidgetItem:
        item = QListWidgetItem(area)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.areas.insertItem(self.areas.count() if row is None else row, item)
        return item

    def area_names(self) -> list[str]:
        return [self.areas.item(row).text() for row in range(self.areas.count())]

    def add_area(self) -> None:
        """A new area after the selected one (or at the end), ready to type."""
        current = self.areas.currentRow()
        item = self._append("", current + 1 if current >= 0 else None)
        self.areas.setCurrentItem(item)
        self.areas.editItem(item)

    def remove_area(self) -> None:
        if self.areas.currentRow() >= 0:
            self.areas.takeItem(self.areas.currentRow())

    def move_area(self, step: int) -> None:
        row = self.areas.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.areas.count():
            return
        item = self.areas.takeItem(row)
        self.areas.insertItem(target, item)
        self.areas.setCurrentRow(target)

    def _save(self) -> None:
        self.areas.setCurrentIndex(QModelIndex())  # commits an area still being typed
        areas = [" ".join(area.split()) for area in self.area_names()]
        areas = [area for area in areas if area]
        try:
            if areas != self._original:
                self._submit(areas)
        except (ValidationError, CommissionerError) as error:
            self.error.setText(str(error))
            self.error.show()
            return
        self.accept()
