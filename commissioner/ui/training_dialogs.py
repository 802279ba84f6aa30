"""Forms for a development action on the training plan, and for marking one done."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from commissioner.models.dates import format_date
from commissioner.models.enums import DevelopmentKind, TrainingStatus
from commissioner.services.training import ActionInput
from commissioner.ui.presentation import combo_enum
from commissioner.ui.record_form import RecordFormDialog, enum_options, option_combo


class ActionDialog(RecordFormDialog):
    """Who develops which competency, how, with whom, for how much and by when."""

    def __init__(
        self,
        submit: Callable[[ActionInput], None],
        initial: ActionInput,
        *,
        people: Sequence[tuple[int, str]],
        competencies: Sequence[tuple[str, str]],
        editing: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        title = "Edit training action" if editing else "New training action"
        super().__init__(title, submit, parent)
        self.person = option_combo(people, selected=initial.person_id)
        self.competency = option_combo(
            competencies, blank="No particular competency", selected=initial.competency_key
        )
        self.kind = option_combo(enum_options(DevelopmentKind), selected=initial.kind.value)
        self.description = QPlainTextEdit(initial.description)
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(64)
        self.provider = QLineEdit(initial.provider, placeholderText="e.g. Midshires Training")
        self.cost = QLineEdit(initial.cost, placeholderText="e.g. £1,250")
        self.due_on = QLineEdit(initial.due_on, placeholderText="DD/MM/YYYY")
        self.status = option_combo(enum_options(TrainingStatus), selected=initial.status.value)
        self.completed_on = QLineEdit(initial.completed_on, placeholderText="DD/MM/YYYY")
        for edit in (self.cost, self.due_on, self.completed_on):
            edit.setMaximumWidth(160)
        self.add_row("person_id", "&Person", self.person)
        self.add_row("competency_key", "C&ompetency", self.competency)
        self.add_row("kind", "&Kind of action", self.kind)
        self.add_row("description", "&Description", self.description)
        self.add_row("provider", "P&rovider", self.provider)
        self.add_row("cost", "&Cost", self.cost, "Leave blank if not yet known; £0 if free.")
        self.add_row("due_on", "D&ue by", self.due_on)
        self.add_row("status", "&Status", self.status)
        self.add_row(
            "completed_on", "Completed o&n", self.completed_on, "Only for an action that is done."
        )

    def form(self) -> ActionInput:
        return ActionInput(
            person_id=int(self.person.currentData()),
            description=self.description.toPlainText(),
            kind=combo_enum(self.kind, DevelopmentKind) or DevelopmentKind.INTERNAL_TRAINING,
            competency_key=self.competency.currentData() or "",
            provider=self.provider.text(),
            cost=self.cost.text(),
            due_on=self.due_on.text(),
            status=combo_enum(self.status, TrainingStatus) or TrainingStatus.PLANNED,
            completed_on=self.completed_on.text(),
        )


class CompletionDialog(RecordFormDialog):
    """The date an action was completed; Save marks it done."""

    def __init__(
        self,
        submit: Callable[[str], None],
        description: str,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Mark training action done", submit, parent)
        self.completed_on = QLineEdit(format_date(today), placeholderText="DD/MM/YYYY")
        self.completed_on.setMaximumWidth(160)
        self.add_row("completed_on", "Completed o&n", self.completed_on, description)

    def form(self) -> str:
        return self.completed_on.text()
