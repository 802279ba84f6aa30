"""The Suppliers area: who bids for, is shortlisted for or delivers the project, in which
category and what that implies, with each supplier's due diligence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError
from commissioner.models.enums import SupplierRole
from commissioner.services import due_diligence, suppliers
from commissioner.services.suppliers import RelationshipRow
from commissioner.ui.areas import ProjectArea
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.due_diligence_panel import DueDiligencePanel, DueDiligenceTemplateDialog
from commissioner.ui.golden_thread_commands import EditRecordCommand
from commissioner.ui.messages import confirm, show_problem
from commissioner.ui.presentation import swatch
from commissioner.ui.record_form import run_form
from commissioner.ui.supplier_commands import (
    RELATIONSHIP,
    AddSupplierForm,
    AddSupplierToProjectCommand,
    RemoveFromProjectCommand,
    ReplaceDueDiligenceTemplateCommand,
)
from commissioner.ui.supplier_dialogs import (
    AddSupplierDialog,
    EditRelationshipDialog,
    SupplierRegisterDialog,
    implications_text,
)
from commissioner.ui.table_model import RowTableModel, record_table

#: The relationship id behind a row.
RELATIONSHIP_ID_ROLE = Qt.ItemDataRole.UserRole + 1
CONCERN_COLOUR, UNFINISHED_COLOUR, DONE_COLOUR = "#c62828", "#ef8f00", "#2e7d32"
EMPTY_TEXT = (
    "No suppliers on this project yet. Use Add supplier… to add a bidder, a shortlisted "
    "supplier or the contracted provider, chosen from the council's supplier register or "
    "entered as a new organisation. Each starts with a due diligence checklist from the "
    "council's template."
)


@dataclass(frozen=True)
class SupplierLine:
    """A supplier on the project with how far its due diligence has got."""

    relationship: RelationshipRow
    due_diligence: str
    concerns: int
    finished: bool

    @property
    def marker(self) -> str:
        if self.concerns:
            return CONCERN_COLOUR
        return DONE_COLOUR if self.finished else UNFINISHED_COLOUR


def duty_to_warn_text(row: RelationshipRow) -> str:
    if row.owes_duty_to_warn:
        return "Applies"
    return "Once shortlisted" if row.category.carries_duty_to_warn else "No"


def _score(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


class SuppliersModel(RowTableModel[SupplierLine]):
    columns = (
        "Supplier",
        "Organisation type",
        "Role",
        "Category",
        "Price",
        "Capability",
        "Due diligence",
        "Duty to warn",
    )

    def cell(self, line: SupplierLine, column: int, role: int) -> Any:
        row = line.relationship
        if role == RELATIONSHIP_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.DecorationRole and column == 6:
            return swatch(line.marker)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (4, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (
            row.supplier_name,
            row.organisation_type.label,
            row.role.label,
            row.category.label,
            _score(row.price_score),
            _score(row.capability_score),
            line.due_diligence,
            duty_to_warn_text(row),
        )
        return values[column]


def project_summary(rows: Sequence[RelationshipRow]) -> str:
    """'3 suppliers: 1 contracted provider, 2 shortlisted · duty to warn applies to 1'."""
    counts = [
        f"{sum(1 for row in rows if row.role is role)} {role.label.lower()}"
        for role in SupplierRole
        if any(row.role is role for row in rows)
    ]
    text = f"{len(rows)} supplier{'' if len(rows) == 1 else 's'}: " + ", ".join(reversed(counts))
    if owing := sum(1 for row in rows if row.owes_duty_to_warn):
        text += f" · duty to warn applies to {owing}"
    return text


def _plain_label(object_name: str = "") -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    if object_name:
        label.setObjectName(object_name)
    return label


class SupplierDetail(QWidget):
    """What the selected supplier's category implies, its contact details and notes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = _plain_label("sectionHeading")
        self.name.setStyleSheet("font-size: 15px; font-weight: 600; color: #1d3d6b;")
        self.meaning_box = QGroupBox()
        self.implications = _plain_label()
        QVBoxLayout(self.meaning_box).addWidget(self.implications)
        self.contact = _plain_label()
        self.notes = _plain_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name)
        layout.addWidget(self.meaning_box)
        for title, label in (("Contact", self.contact), ("Notes", self.notes)):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(label)
            layout.addWidget(box)
        layout.addStretch(1)

    def show_relationship(self, row: RelationshipRow) -> None:
        self.name.setText(f"{row.supplier_name} · {row.role.label}")
        self.meaning_box.setTitle(f"What “{row.category.label}” means")
        self.implications.setText(implications_text(row.category))
        contact = [row.contact_name, row.email, row.phone]
        self.contact.setText("\n".join(part for part in contact if part) or "None recorded")
        self.notes.setText(row.notes or "None")


class SuppliersArea(ProjectArea):
    title = "Suppliers"

    def __init__(
        self,
        document: DatabaseDocument,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(document, parent)
        self.today = today or dt.date.today()
        self.rows: list[RelationshipRow] = []
        self.summary = _plain_label()
        self.add_button = QPushButton("Add supplier…")
        self.edit_button = QPushButton("Edit…")
        self.remove_button = QPushButton("Remove from project…")
        self.register_button = QPushButton("Supplier register…")
        self.template_button = QPushButton("Due diligence template…")
        self.model = SuppliersModel(self)
        self.table = record_table(self.model)
        self.detail = SupplierDetail()
        self.due_diligence = DueDiligencePanel(document, self.today)
        self.empty_note = _plain_label("emptyNote")
        self.empty_note.setText(EMPTY_TEXT)
        self.empty_note.setStyleSheet("font-size: 14px; color: #5f6b7a; padding: 24px;")
        self._lay_out()
        self._connect_signals()

    def _lay_out(self) -> None:
        header = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            header.addWidget(button)
        header.addStretch(1)
        header.addWidget(self.register_button)
        header.addWidget(self.template_button)
        below = QSplitter(Qt.Orientation.Horizontal)
        below.addWidget(self.detail)
        below.addWidget(self.due_diligence)
        below.setStretchFactor(1, 1)
        below.setSizes([320, 700])
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(below)
        self.splitter.setSizes([170, 470])
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_note)
        self.pages.addWidget(self.splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.summary)
        layout.addWidget(self.pages, 1)

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self.add_supplier)
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.register_button.clicked.connect(self.open_register)
        self.template_button.clicked.connect(self.edit_template)
        self.table.doubleClicked.connect(self.edit_selected)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)

    def reload(self) -> None:
        assert self.project_id is not None
        db = self.document.db
        chosen = self.selected()
        self.rows = suppliers.list_relationships(db, self.project_id)
        self.model.set_rows([self._line(row) for row in self.rows])
        self.table.resizeColumnsToContents()
        self.pages.setCurrentWidget(self.splitter if self.rows else self.empty_note)
        self.summary.setText(project_summary(self.rows) if self.rows else "")
        self.summary.setVisible(bool(self.rows))
        ids = [row.id for row in self.rows]
        if self.rows:
            self.table.selectRow(ids.index(chosen.id) if chosen and chosen.id in ids else 0)
            self._show_selected()
        writable = not db.read_only
        self.add_button.setEnabled(writable)
        self.edit_button.setEnabled(writable and bool(self.rows))
        self.remove_button.setEnabled(writable and bool(self.rows))
        self.template_button.setEnabled(writable)

    def _line(self, row: RelationshipRow) -> SupplierLine:
        checklist = due_diligence.list_due_diligence(self.document.db, row.id)
        return SupplierLine(
            row,
            due_diligence.due_diligence_summary(checklist),
            sum(1 for item in checklist if item.concern),
            bool(checklist) and all(item.rating is not None for item in checklist),
        )

    def selected(self) -> RelationshipRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()).relationship if rows else None

    def _show_selected(self) -> None:
        row = self.selected()
        if row is None or self.project_id is None:
            return
        self.detail.show_relationship(row)
        self.due_diligence.show_relationship(self.project_id, row)

    def add_supplier(self) -> None:
        assert self.project_id is not None
        project_id = self.project_id
        taken = {row.supplier_id for row in self.rows}
        available = [
            row for row in suppliers.list_suppliers(self.document.db) if row.id not in taken
        ]
        register = [
            (row.id, f"{row.name} ({row.organisation_type.label.lower()})") for row in available
        ]
        names = {row.id: row.name for row in available}

        def add(form: AddSupplierForm) -> None:
            name = (
                form.new_supplier.name
                if form.new_supplier
                else names.get(form.relationship.supplier_id, "")
            )
            AddSupplierToProjectCommand(self.document, project_id, form, name=name).run_first()

        run_form(lambda submit: AddSupplierDialog(register, submit, parent=self), add)

    def edit_selected(self) -> None:
        row = self.selected()
        if row is None or self.project_id is None or self.document.db.read_only:
            return
        project_id, before = self.project_id, row.as_input()
        run_form(
            lambda submit: EditRelationshipDialog(row.supplier_name, submit, before, self),
            lambda form: EditRecordCommand(
                self.document,
                RELATIONSHIP,
                project_id,
                row.id,
                before,
                form,
                label=row.supplier_name,
            ).run_first(),
        )

    def remove_selected(self) -> None:
        row = self.selected()
        if row is None or self.project_id is None:
            show_problem(self, "Remove supplier", "Select the supplier to remove first.")
            return
        question = (
            f"Remove {row.supplier_name} from this project, with its due diligence, its "
            "cultural alignment assessments and its duty-to-warn log? The organisation stays "
            "in the supplier register. Edit → Undo brings them back."
        )
        if not confirm(self, "Remove supplier from project", question, "Remove"):
            return
        try:
            RemoveFromProjectCommand(
                self.document, self.project_id, row.id, name=row.supplier_name
            ).run_first()
        except CommissionerError as error:
            show_problem(self, "Remove supplier", str(error))

    def open_register(self) -> None:
        SupplierRegisterDialog(self.document, self).exec()

    def edit_template(self) -> None:
        areas = due_diligence.list_template(self.document.db)
        run_form(
            lambda submit: DueDiligenceTemplateDialog(areas, submit, self),
            lambda areas: ReplaceDueDiligenceTemplateCommand(self.document, areas).run_first(),
        )
