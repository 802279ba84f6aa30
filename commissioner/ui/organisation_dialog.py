"""Organisation settings: the council's name, default marking, confidence scale,
duty-to-warn prompt period and cost tolerances."""

from __future__ import annotations

import calendar
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QWidget

from commissioner.models.enums import ConfidenceScale, ProtectiveMarking
from commissioner.models.supplier_rules import PROMPT_DAYS_MAX, PROMPT_DAYS_MIN
from commissioner.services import organisation
from commissioner.services.changes import Change
from commissioner.services.organisation import OrganisationView
from commissioner.ui.document import DatabaseDocument, ServiceCommand
from commissioner.ui.presentation import combo_enum
from commissioner.ui.record_form import RecordFormDialog

SCALE_LABELS = {
    ConfidenceScale.FIVE_POINT: "Five-point (Green, Amber/Green, Amber, Amber/Red, Red)",
    ConfidenceScale.THREE_POINT: "Three-point (Green, Amber, Red)",
}


class UpdateOrganisationCommand(ServiceCommand):
    def __init__(
        self, document: DatabaseDocument, before: OrganisationView, after: OrganisationView
    ) -> None:
        super().__init__(document, "Change organisation settings")
        self.before, self.after = before, after

    def apply(self) -> Change:
        return organisation.update_organisation(self.document.db, self.after)

    def revert(self) -> Change:
        return organisation.update_organisation(self.document.db, self.before)


class OrganisationDialog(RecordFormDialog):
    def __init__(
        self,
        initial: OrganisationView,
        submit: Callable[[OrganisationView], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Organisation settings", submit, parent)
        self.council_name = QLineEdit(initial.council_name)
        self.council_name.setPlaceholderText("e.g. Harrowdale Borough Council")
        self.marking = QComboBox()
        for marking in ProtectiveMarking:
            self.marking.addItem(marking.label, marking)
        self.marking.setCurrentIndex(self.marking.findData(initial.default_marking))
        self.scale = QComboBox()
        for scale, label in SCALE_LABELS.items():
            self.scale.addItem(label, scale)
        self.scale.setCurrentIndex(self.scale.findData(initial.confidence_scale))
        self.year_start = QComboBox()
        for number in range(1, 13):
            self.year_start.addItem(calendar.month_name[number], number)
        self.year_start.setCurrentIndex(initial.financial_year_start_month - 1)
        self.add_row("council_name", "Council &name", self.council_name)
        self.add_row("default_marking", "Default protective &marking", self.marking)
        self.add_row("confidence_scale", "Delivery confidence &scale", self.scale)
        self.add_row(
            "financial_year_start_month",
            "&Financial year starts in",
            self.year_start,
            "UK councils start in April; costs are shown and imported by this year.",
        )
        self.prompt_days = QSpinBox()
        self.prompt_days.setRange(PROMPT_DAYS_MIN, PROMPT_DAYS_MAX)
        self.prompt_days.setSuffix(" days")
        self.prompt_days.setValue(initial.duty_to_warn_prompt_days)
        self.add_row(
            "duty_to_warn_prompt_days",
            "&Duty-to-warn prompt after",
            self.prompt_days,
            "Prompt when an expert supplier or strategic partner has raised no warning "
            "in this many days.",
        )
        self.amber_percent = self._percent_row(
            "cost_amber_percent", "Cost tolerance: &amber at", initial.cost_amber_percent
        )
        self.red_percent = self._percent_row(
            "cost_red_percent", "Cost tolerance: &red at", initial.cost_red_percent
        )
        # One note under both fields, so each field's own message sits right under it.
        note = QLabel(
            "A project's cost is Amber when its forecast at completion is this far over its "
            "current budget, and Red at the second figure. A project can set its own under "
            "Costs → Budget and tolerances."
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        self.rows.addRow("", note)

    def _percent_row(self, key: str, label: str, text: str) -> QLineEdit:
        """A short percentage field with its unit spelled out beside it."""
        edit = QLineEdit(text)
        edit.setMaximumWidth(90)
        edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(edit)
        layout.addWidget(QLabel("% over budget"))
        layout.addStretch(1)
        self.add_row(key, label, row)
        # The label's mnemonic should land in the field, not the row around it.
        buddy = self.rows.labelForField(row)
        if isinstance(buddy, QLabel):
            buddy.setBuddy(edit)
        return edit

    def form(self) -> OrganisationView:
        return OrganisationView(
            council_name=self.council_name.text(),
            default_marking=combo_enum(self.marking, ProtectiveMarking)
            or ProtectiveMarking.OFFICIAL,
            confidence_scale=combo_enum(self.scale, ConfidenceScale) or ConfidenceScale.FIVE_POINT,
            financial_year_start_month=int(self.year_start.currentData()),
            duty_to_warn_prompt_days=self.prompt_days.value(),
            cost_amber_percent=self.amber_percent.text(),
            cost_red_percent=self.red_percent.text(),
        )
