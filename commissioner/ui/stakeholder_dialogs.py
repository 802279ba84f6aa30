"""Forms for a stakeholder, an understanding item and a confirmation of understanding."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from commissioner.models.dates import format_date
from commissioner.models.enums import Channel, StakeholderType, UnderstandingSubject
from commissioner.models.stakeholder_rules import RATING_MAX, RATING_MIN
from commissioner.services.stakeholders import (
    ConfirmationInput,
    StakeholderInput,
    UnderstandingInput,
)
from commissioner.ui.presentation import combo_enum
from commissioner.ui.record_form import CheckableList, RecordFormDialog, enum_options, option_combo


def _text_box(height: int = 64) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


def _rating(value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(RATING_MIN, RATING_MAX)
    box.setValue(value)
    box.setMaximumWidth(80)
    return box


class StakeholderDialog(RecordFormDialog):
    """Who they are, how much they care and can sway, and how to reach them."""

    def __init__(
        self,
        submit: Callable[[StakeholderInput], None],
        initial: StakeholderInput,
        *,
        editing: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit stakeholder" if editing else "New stakeholder", submit, parent)
        self.name = QLineEdit(initial.name, placeholderText="e.g. Cllr Jane Hart")
        self.organisation = QLineEdit(initial.organisation)
        self.role = QLineEdit(initial.role)
        self.stakeholder_type = option_combo(
            enum_options(StakeholderType), selected=initial.stakeholder_type.value
        )
        self.interest = _rating(initial.interest)
        self.influence = _rating(initial.influence)
        self.channel = option_combo(enum_options(Channel), selected=initial.preferred_channel.value)
        self.email = QLineEdit(initial.email)
        self.phone = QLineEdit(initial.phone)
        self.cadence = QLineEdit(initial.cadence_days, placeholderText="e.g. 30")
        self.cadence.setMaximumWidth(120)
        self.notes = _text_box()
        self.notes.setPlainText(initial.notes)
        self.add_row("name", "&Name", self.name)
        self.add_row("organisation", "&Organisation", self.organisation)
        self.add_row("role", "&Role", self.role)
        self.add_row("stakeholder_type", "&Type", self.stakeholder_type)
        self.add_row("interest", "&Interest (1–5)", self.interest)
        self.add_row("influence", "In&fluence (1–5)", self.influence)
        self.add_row("preferred_channel", "Preferred &channel", self.channel)
        self.add_row("email", "&Email", self.email)
        self.add_row("phone", "&Phone", self.phone)
        self.add_row(
            "cadence_days",
            "Contact every (&days)",
            self.cadence,
            "Leave blank if they need no regular contact.",
        )
        self.add_row("notes", "No&tes", self.notes)

    def form(self) -> StakeholderInput:
        return StakeholderInput(
            name=self.name.text(),
            stakeholder_type=combo_enum(self.stakeholder_type, StakeholderType)
            or StakeholderType.INTERNAL_OFFICER,
            organisation=self.organisation.text(),
            role=self.role.text(),
            interest=self.interest.value(),
            influence=self.influence.value(),
            preferred_channel=combo_enum(self.channel, Channel) or Channel.EMAIL,
            email=self.email.text(),
            phone=self.phone.text(),
            cadence_days=self.cadence.text(),
            notes=self.notes.toPlainText(),
        )


class UnderstandingItemDialog(RecordFormDialog):
    """Something everyone must understand, and who must confirm they do."""

    def __init__(
        self,
        stakeholders: Sequence[tuple[int, str]],
        submit: Callable[[UnderstandingInput], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("New understanding item", submit, parent)
        self.subject = option_combo(enum_options(UnderstandingSubject))
        self.title = QLineEdit(placeholderText="e.g. Service specification v3")
        self.description = _text_box()
        self.stakeholders = CheckableList("Add stakeholders first.")
        self.stakeholders.set_options(stakeholders)
        self.add_row("subject", "&Subject", self.subject)
        self.add_row("title", "&Title", self.title)
        self.add_row("description", "&Description", self.description)
        self.add_row("stakeholder_ids", "To &confirm", self.stakeholders)

    def form(self) -> UnderstandingInput:
        return UnderstandingInput(
            subject=combo_enum(self.subject, UnderstandingSubject)
            or UnderstandingSubject.REQUIREMENT,
            title=self.title.text(),
            description=self.description.toPlainText(),
            stakeholder_ids=self.stakeholders.checked_ids(),
        )


class ConfirmationDialog(RecordFormDialog):
    """When and how a stakeholder confirmed they understand an item."""

    def __init__(
        self,
        who: str,
        submit: Callable[[ConfirmationInput], None],
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Record confirmation: {who}", submit, parent)
        self.confirmed_on = QLineEdit(format_date(today), placeholderText="dd/mm/yyyy")
        self.confirmed_on.setMaximumWidth(140)
        self.method = QLineEdit(placeholderText="e.g. signed minutes, email reply")
        self.add_row("confirmed_on", "&Date", self.confirmed_on)
        self.add_row("method", "&How", self.method)

    def form(self) -> ConfirmationInput:
        return ConfirmationInput(self.confirmed_on.text(), self.method.text())
