"""Forms for an organisation and its place in a project, and the council's supplier register."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError
from commissioner.models.enums import OrganisationType, SupplierCategory, SupplierRole
from commissioner.models.supplier_rules import category_implications
from commissioner.services import suppliers
from commissioner.services.suppliers import (
    RelationshipInput,
    SupplierDueDiligenceInput,
    SupplierInput,
    SupplierRow,
)
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.messages import confirm, show_problem
from commissioner.ui.presentation import combo_enum
from commissioner.ui.record_form import RecordFormDialog, enum_options, option_combo, run_form
from commissioner.ui.supplier_commands import (
    AddRegisterSupplierCommand,
    AddSupplierForm,
    DeleteRegisterSupplierCommand,
    EditRegisterSupplierCommand,
)
from commissioner.ui.table_model import RowTableModel, record_table


def implications_text(category: SupplierCategory) -> str:
    """What a category asks of both sides, one sentence a line."""
    return "\n".join(f"• {line}" for line in category_implications(category))


def _text_box(height: int = 60) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


def _date_edit(text: str) -> QLineEdit:
    edit = QLineEdit(text, placeholderText="DD/MM/YYYY")
    edit.setMaximumWidth(140)
    return edit


def _score_edit(value: str) -> QLineEdit:
    edit = QLineEdit(value, placeholderText="0–100")
    edit.setMaximumWidth(110)
    return edit


class _OrganisationFields:
    """The organisation's own details, shared by the register form and the add-supplier form."""

    def __init__(self, dialog: RecordFormDialog, initial: SupplierInput, notes_key: str) -> None:
        self.name = QLineEdit(initial.name, placeholderText="e.g. Greenway Recycling Ltd")
        self.organisation_type = option_combo(
            enum_options(OrganisationType), selected=initial.organisation_type.value
        )
        self.registration_number = QLineEdit(
            initial.registration_number, placeholderText="Companies House or charity number"
        )
        self.contact_name = QLineEdit(initial.contact_name)
        self.email = QLineEdit(initial.email)
        self.phone = QLineEdit(initial.phone)
        self.notes = _text_box()
        self.notes.setPlainText(initial.notes)
        rows = (
            ("name", "&Name", self.name),
            ("organisation_type", "Organisation &type", self.organisation_type),
            ("registration_number", "Re&gistration number", self.registration_number),
            ("contact_name", "Con&tact", self.contact_name),
            ("email", "&Email", self.email),
            ("phone", "&Phone", self.phone),
            (notes_key, "Notes on the &organisation", self.notes),
        )
        for key, label, widget in rows:
            dialog.add_row(key, label, widget)
        self.widgets = tuple(widget for _key, _label, widget in rows)

    def form(self) -> SupplierInput:
        return SupplierInput(
            name=self.name.text(),
            organisation_type=combo_enum(self.organisation_type, OrganisationType)
            or OrganisationType.PRIVATE_COMPANY,
            registration_number=self.registration_number.text(),
            contact_name=self.contact_name.text(),
            email=self.email.text(),
            phone=self.phone.text(),
            notes=self.notes.toPlainText(),
        )


class SupplierDialog(RecordFormDialog):
    """An organisation in the council's register."""

    def __init__(
        self,
        submit: Callable[[SupplierInput], None],
        initial: SupplierInput,
        *,
        editing: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit organisation" if editing else "New organisation", submit, parent)
        self.fields = _OrganisationFields(self, initial, "notes")

    def form(self) -> SupplierInput:
        return self.fields.form()


class RelationshipDialog(RecordFormDialog):
    """A supplier's place in the project: role, category (with what it implies), scores."""

    def __init__(
        self,
        title: str,
        submit: Callable[[Any], None],
        initial: RelationshipInput,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, submit, parent)
        self._add_organisation_rows()
        self.role = option_combo(enum_options(SupplierRole), selected=initial.role.value)
        self.category = option_combo(
            enum_options(SupplierCategory), selected=initial.category.value
        )
        self.implications = QLabel()
        self.implications.setObjectName("muted")
        self.implications.setWordWrap(True)
        self.implications.setTextFormat(Qt.TextFormat.PlainText)
        self.price_score = _score_edit(initial.price_score)
        self.capability_score = _score_edit(initial.capability_score)
        self.notes = _text_box()
        self.notes.setPlainText(initial.notes)
        self.add_row("role", "&Role", self.role)
        self.add_row("category", "&Category", self.category)
        self.rows.addRow("What it means", self.implications)
        self.add_row(
            "price_score", "Pr&ice score", self.price_score, "Out of 100, from tender evaluation."
        )
        self.add_row("capability_score", "Capa&bility score", self.capability_score)
        self.add_row("notes", "Notes on this pro&ject", self.notes)
        self.category.currentIndexChanged.connect(self._show_implications)
        self._show_implications()

    def _add_organisation_rows(self) -> None:
        """Rows that come before the relationship's own; none when editing."""

    def _show_implications(self) -> None:
        category = combo_enum(self.category, SupplierCategory) or SupplierCategory.GENERAL
        self.implications.setText(implications_text(category))
        self._fit_implications()
        self.adjustSize()

    def _fit_implications(self) -> None:
        # A wrapped label in a form can be squeezed below its text's height when the
        # dialog shrinks to fit; reserve the height its lines need at its width.
        width = self.implications.width() if self.isVisible() else 360
        needed = self.implications.fontMetrics().boundingRect(
            QRect(0, 0, max(width, 200), 4000),
            Qt.TextFlag.TextWordWrap,
            self.implications.text(),
        )
        self.implications.setMinimumHeight(needed.height() + 4)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_implications()

    def relationship(self, supplier_id: int) -> RelationshipInput:
        return RelationshipInput(
            supplier_id=supplier_id,
            role=combo_enum(self.role, SupplierRole) or SupplierRole.BIDDER,
            category=combo_enum(self.category, SupplierCategory) or SupplierCategory.GENERAL,
            price_score=self.price_score.text(),
            capability_score=self.capability_score.text(),
            notes=self.notes.toPlainText(),
        )


class EditRelationshipDialog(RelationshipDialog):
    def __init__(
        self,
        name: str,
        submit: Callable[[RelationshipInput], None],
        initial: RelationshipInput,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Edit supplier: {name}", submit, initial, parent)
        self._supplier_id = initial.supplier_id

    def form(self) -> RelationshipInput:
        return self.relationship(self._supplier_id)


class AddSupplierDialog(RelationshipDialog):
    """Add an organisation from the register, or a new one, to the project."""

    def __init__(
        self,
        register: Sequence[tuple[int, str]],
        submit: Callable[[AddSupplierForm], None],
        parent: QWidget | None = None,
    ) -> None:
        self._register = register
        super().__init__("Add supplier", submit, RelationshipInput(supplier_id=0), parent)
        self.from_register.toggled.connect(self._show_choice)
        self.from_register.setChecked(bool(register))
        self.new_organisation.setChecked(not register)
        self._show_choice()

    def _add_organisation_rows(self) -> None:
        self.from_register = QRadioButton("&From the council's register")
        self.new_organisation = QRadioButton("A ne&w organisation")
        group = QButtonGroup(self)
        group.addButton(self.from_register)
        group.addButton(self.new_organisation)
        self.existing = option_combo(self._register)
        if not self._register:
            self.from_register.setEnabled(False)
            self.from_register.setText("From the council's register (none yet to add)")
        choice = QWidget()
        column = QVBoxLayout(choice)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.from_register)
        column.addWidget(self.existing)
        column.addWidget(self.new_organisation)
        self.add_row("supplier_id", "Organisation", choice)
        self.organisation = _OrganisationFields(self, SupplierInput(name=""), "supplier_notes")
        heading = QLabel("On this project")
        heading.setStyleSheet("font-weight: 600; color: #1d3d6b; padding-top: 6px;")
        self.rows.addRow(heading)

    def _show_choice(self) -> None:
        new = self.new_organisation.isChecked()
        self.existing.setEnabled(not new)
        for widget in self.organisation.widgets:
            self.rows.setRowVisible(widget, new)
        # Messages about fields that just hid would stay on screen with nothing beside them.
        self.show_problems({})

    def form(self) -> AddSupplierForm:
        if self.new_organisation.isChecked():
            return AddSupplierForm(self.relationship(0), self.organisation.form())
        supplier_id = self.existing.currentData()
        return AddSupplierForm(self.relationship(int(supplier_id or 0)))


class SupplierDueDiligenceDialog(RecordFormDialog):
    """What the supplier did to test our outcomes before committing to them."""

    def __init__(
        self,
        name: str,
        submit: Callable[[SupplierDueDiligenceInput], None],
        initial: SupplierDueDiligenceInput,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"{name}: its due diligence on our outcomes", submit, parent)
        self.requested_on = _date_edit(initial.requested_on)
        self.allowed = QCheckBox("The council let the supplier carry it out")
        self.allowed.setChecked(initial.allowed)
        self.done_on = _date_edit(initial.done_on)
        self.findings = _text_box(96)
        self.findings.setPlainText(initial.findings)
        self.add_row("requested_on", "&Requested on", self.requested_on)
        self.add_row("allowed", "&Allowed", self.allowed)
        self.add_row("done_on", "&Done on", self.done_on)
        self.add_row("findings", "&Findings", self.findings)

    def form(self) -> SupplierDueDiligenceInput:
        return SupplierDueDiligenceInput(
            requested_on=self.requested_on.text(),
            allowed=self.allowed.isChecked(),
            done_on=self.done_on.text(),
            findings=self.findings.toPlainText(),
        )


# --- The council's register -------------------------------------------------------------


class SupplierRegisterModel(RowTableModel[SupplierRow]):
    columns = ("Organisation", "Type", "Registration", "Contact", "Email", "Phone", "Projects")

    def cell(self, row: SupplierRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == 0 and row.notes:
            return row.notes
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (
            row.name,
            row.organisation_type.label,
            row.registration_number,
            row.contact_name,
            row.email,
            row.phone,
            str(row.project_count),
        )
        return values[column]


class SupplierRegisterDialog(QDialog):
    """Every organisation the council deals with, and how many projects each is on."""

    def __init__(self, document: DatabaseDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Supplier register")
        self.setMinimumSize(1040, 480)
        self.document = document
        note = QLabel(
            "Organisations the council deals with, shared by every project. An organisation "
            "on a project cannot be deleted until it is removed from that project."
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        self.model = SupplierRegisterModel(self)
        self.table = record_table(self.model)
        self.add_button = QPushButton("&Add…")
        self.edit_button = QPushButton("&Edit…")
        self.delete_button = QPushButton("&Delete…")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self._connect_signals()
        self.reload()

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self.add_supplier)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.doubleClicked.connect(self.edit_selected)

    def reload(self) -> None:
        chosen = self.selected()
        rows = suppliers.list_suppliers(self.document.db)
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        ids = [row.id for row in rows]
        if chosen is not None and chosen.id in ids:
            self.table.selectRow(ids.index(chosen.id))
        writable = not self.document.db.read_only
        has_rows = self.model.rowCount() > 0
        self.add_button.setEnabled(writable)
        self.edit_button.setEnabled(writable and has_rows)
        self.delete_button.setEnabled(writable and has_rows)

    def selected(self) -> SupplierRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def add_supplier(self) -> None:
        run_form(
            lambda submit: SupplierDialog(submit, SupplierInput(name=""), parent=self),
            lambda form: AddRegisterSupplierCommand(self.document, form).run_first(),
        )
        self.reload()

    def edit_selected(self) -> None:
        row = self.selected()
        if self.document.db.read_only:
            return
        if row is None:
            show_problem(self, "Edit organisation", "Select the organisation to edit first.")
            return
        before = row.as_input()
        run_form(
            lambda submit: SupplierDialog(submit, before, editing=True, parent=self),
            lambda form: EditRegisterSupplierCommand(
                self.document, row.id, before, form
            ).run_first(),
        )
        self.reload()

    def delete_selected(self) -> None:
        row = self.selected()
        if row is None:
            show_problem(self, "Delete organisation", "Select the organisation to delete first.")
            return
        question = f"Delete {row.name} from the supplier register? Edit → Undo brings it back."
        if row.project_count == 0 and not confirm(self, "Delete organisation", question, "Delete"):
            return
        try:
            DeleteRegisterSupplierCommand(self.document, row.id, name=row.name).run_first()
        except CommissionerError as error:
            show_problem(self, "Delete organisation", str(error))
        self.reload()
