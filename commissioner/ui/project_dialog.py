"""The project form: create or edit a project, with messages beside each bad field."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from commissioner.models.enums import (
    DeliveryModel,
    ProjectStatus,
    ProtectiveMarking,
    SupplierCategory,
)
from commissioner.services.people import PersonOption
from commissioner.services.project_input import SUGGESTED_SERVICE_AREAS, ProjectInput
from commissioner.ui.presentation import combo_enum
from commissioner.ui.record_form import RecordFormDialog

#: Called with the form's contents; raises ValidationError or another CommissionerError.
Submit = Callable[[ProjectInput], None]


def _enum_combo(members: list[Enum], *, blank: str | None = None) -> QComboBox:
    combo = QComboBox()
    if blank is not None:
        combo.addItem(blank, None)
    for member in members:
        combo.addItem(member.label, member)  # type: ignore[attr-defined]
    return combo


def _select_data(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


class ProjectDialog(RecordFormDialog):
    """Collects a ``ProjectInput``; ``submit`` saves it or reports what is wrong."""

    def __init__(
        self,
        people: list[PersonOption],
        submit: Submit,
        *,
        initial: ProjectInput | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit project" if initial else "New project", submit, parent)
        self.setMinimumWidth(560)
        self._build(people)
        if initial:
            self.set_form(initial)

    def _build(self, people: list[PersonOption]) -> None:
        self.reference = QLineEdit(placeholderText="e.g. ASC-2026-01")
        self.name = QLineEdit(placeholderText="e.g. Home care recommissioning")
        self.service_area = QComboBox(editable=True)
        self.service_area.addItems(SUGGESTED_SERVICE_AREAS)
        self.service_area.setCurrentText("")
        self.description = QPlainTextEdit()
        self.description.setFixedHeight(70)
        self.delivery_model = _enum_combo(list(DeliveryModel))
        self.supplier_category = _enum_combo(list(SupplierCategory), blank="Not applicable")
        self.lead = QComboBox()
        self.sponsor = QComboBox()
        for combo in (self.lead, self.sponsor):
            combo.addItem("— none —", None)
            for person in people:
                combo.addItem(person.display_name, person.id)
        self.budget = QLineEdit(placeholderText="e.g. £1,250,000 or 1.25m; blank if not approved")
        self.start_date = QLineEdit(placeholderText="DD/MM/YYYY")
        self.end_date = QLineEdit(placeholderText="DD/MM/YYYY")
        self.status = _enum_combo(list(ProjectStatus))
        self.marking = _enum_combo(list(ProtectiveMarking))
        _select_data(self.marking, ProtectiveMarking.OFFICIAL)
        _select_data(self.delivery_model, DeliveryModel.UNDECIDED)
        for key, label, widget in (
            ("reference", "&Reference", self.reference),
            ("name", "&Name", self.name),
            ("service_area", "Service &area", self.service_area),
            ("description", "&Description", self.description),
            ("delivery_model", "Delivery &model", self.delivery_model),
            ("supplier_category", "Supplier &category", self.supplier_category),
            ("lead_commissioner_id", "&Lead commissioner", self.lead),
            ("sponsor_id", "S&ponsor", self.sponsor),
            ("approved_budget", "Approved &budget", self.budget),
            ("start_date", "S&tart date", self.start_date),
            ("end_date", "&End date", self.end_date),
            ("status", "Stat&us", self.status),
            ("protective_marking", "Protective mar&king", self.marking),
        ):
            self.add_row(key, label, widget)

    def set_form(self, form: ProjectInput) -> None:
        self.reference.setText(form.reference)
        self.name.setText(form.name)
        self.service_area.setCurrentText(form.service_area)
        self.description.setPlainText(form.description)
        _select_data(self.delivery_model, form.delivery_model)
        _select_data(self.supplier_category, form.supplier_category)
        _select_data(self.lead, form.lead_commissioner_id)
        _select_data(self.sponsor, form.sponsor_id)
        self.budget.setText(form.approved_budget)
        self.start_date.setText(form.start_date)
        self.end_date.setText(form.end_date)
        _select_data(self.status, form.status)
        _select_data(self.marking, form.protective_marking)

    def form(self) -> ProjectInput:
        return ProjectInput(
            reference=self.reference.text(),
            name=self.name.text(),
            service_area=self.service_area.currentText(),
            description=self.description.toPlainText(),
            delivery_model=combo_enum(self.delivery_model, DeliveryModel)
            or DeliveryModel.UNDECIDED,
            supplier_category=combo_enum(self.supplier_category, SupplierCategory),
            lead_commissioner_id=self.lead.currentData(),
            sponsor_id=self.sponsor.currentData(),
            approved_budget=self.budget.text(),
            start_date=self.start_date.text(),
            end_date=self.end_date.text(),
            status=combo_enum(self.status, ProjectStatus) or ProjectStatus.ACTIVE,
            protective_marking=combo_enum(self.marking, ProtectiveMarking)
            or ProtectiveMarking.OFFICIAL,
        )
