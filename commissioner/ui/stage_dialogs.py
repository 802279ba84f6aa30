"""Moving a project to its next stage (with an override when the gate refuses) and stage dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError, ValidationError
from commissioner.models.dates import DateFormatError, format_date, parse_date
from commissioner.models.enums import StageKind, StageStatus
from commissioner.services.stages import StageDatesInput

#: Called with the date the stage ended and the override reason ('' when none is needed).
SubmitAdvance = Callable[[dt.date, str], None]
SubmitDates = Callable[[StageDatesInput], None]


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.hide()
    return label


class _FormDialog(QDialog):
    """A dialog with a message under each field and one for everything else."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._errors: dict[str, QLabel] = {"": _error_label()}

    def _field(self, form: QFormLayout, key: str, label: str, widget: QWidget) -> None:
        form.addRow(label, widget)
        self._errors[key] = _error_label()
        form.addRow("", self._errors[key])

    def _lay_out(self, top: QWidget, form: QFormLayout, buttons: QDialogButtonBox) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(top)
        layout.addLayout(form)
        layout.addWidget(self._errors[""])
        layout.addWidget(buttons)

    def error_text(self, field: str) -> str:
        """The message shown for ``field`` ('' for the general one), or '' when it is fine."""
        label = self._errors[field]
        return label.text() if label.isVisibleTo(self) else ""

    def show_problems(self, problems: dict[str, str]) -> None:
        for key, label in self._errors.items():
            if key:
                label.setText(problems.get(key, ""))
                label.setVisible(key in problems)
        unplaced = [message for key, message in problems.items() if key not in self._errors]
        self._errors[""].setText(" ".join(unplaced))
        self._errors[""].setVisible(bool(unplaced))

    def _run(self, action: Callable[[], None]) -> None:
        try:
            action()
        except ValidationError as error:
            self.show_problems(error.problems)
            return
        except CommissionerError as error:
            self.show_problems({"general": str(error)})
            return
        self.accept()


class AdvanceDialog(_FormDialog):
    """Confirm a move to the next stage; when the gate refuses, explain and ask for a reason."""

    def __init__(
        self,
        leaving: StageKind,
        entering: StageKind,
        refusal: str,
        submit: SubmitAdvance,
        *,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.needs_override = bool(refusal)
        self._submit = submit
        self.setWindowTitle("Override the gate?" if refusal else "Advance to the next stage")
        self.setMinimumWidth(520)
        self.message = QLabel(self._message(leaving, entering, refusal))
        self.message.setWordWrap(True)
        self.on = QLineEdit(format_date(today or dt.date.today()), placeholderText="DD/MM/YYYY")
        self.reason = QPlainTextEdit(placeholderText="Why the project must move on without one")
        self.reason.setFixedHeight(80)
        form = QFormLayout()
        self._field(form, "on", f"{leaving.label} &ended on", self.on)
        if refusal:
            self._field(form, "override_reason", "&Reason to override", self.reason)
        action = "Override and advance" if refusal else f"Advance to {entering.label}"
        self._lay_out(self.message, form, self._buttons(action))
        self.reason.textChanged.connect(self._update_button)
        self._update_button()

    def _buttons(self, action: str) -> QDialogButtonBox:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.advance_button = buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._advance)
        buttons.rejected.connect(self.reject)
        return buttons

    @staticmethod
    def _message(leaving: StageKind, entering: StageKind, refusal: str) -> str:
        move = f"<b>{leaving.label}</b> to <b>{entering.label}</b>"
        if not refusal:
            return (
                f"Move the project from {move}? {leaving.label} is marked complete and "
                f"{entering.label} starts on the date below."
            )
        return (
            f"<p><b>The project cannot move from {move} yet.</b></p>"
            f"<p>{escape(refusal)} Moving on needs an approved gate (approved, or approved "
            "with conditions).</p><p>Record the gate decision first, or give the reason for "
            f"moving on without one. The reason is kept with {leaving.label} and in the "
            "audit trail.</p>"
        )

    def _update_button(self) -> None:
        if self.needs_override:
            self.advance_button.setEnabled(bool(self.reason.toPlainText().strip()))

    def _advance(self) -> None:
        try:
            on = parse_date(self.on.text())
        except DateFormatError as error:
            self.show_problems({"on": str(error)})
            return
        if on is None:
            self.show_problems({"on": "Give the date the stage ended."})
            return
        reason = self.reason.toPlainText() if self.needs_override else ""
        self._run(lambda: self._submit(on, reason))


class StageDatesDialog(_FormDialog):
    """A stage's planned and actual dates; actual dates follow the stage's progress."""

    FIELDS = (
        ("planned_start", "&Planned start"),
        ("planned_end", "Planned &end"),
        ("actual_start", "&Actual start"),
        ("actual_end", "Actual e&nd"),
    )

    def __init__(
        self,
        stage: StageKind,
        status: StageStatus,
        initial: StageDatesInput,
        submit: SubmitDates,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{stage.label}: dates")
        self.setMinimumWidth(460)
        self._submit = submit
        note = QLabel(
            "Dates as DD/MM/YYYY. Actual dates are set when the project moves from stage to "
            "stage; correct them here if they were recorded wrongly."
        )
        note.setWordWrap(True)
        note.setObjectName("muted")
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for key, label in self.FIELDS:
            self.edits[key] = QLineEdit(getattr(initial, key), placeholderText="DD/MM/YYYY")
            self._field(form, key, label, self.edits[key])
        self._limit_actuals(stage, status)
        self._lay_out(note, form, self._buttons())

    def _buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(lambda: self._run(lambda: self._submit(self.dates())))
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        return buttons

    def _limit_actuals(self, stage: StageKind, status: StageStatus) -> None:
        locked = {
            StageStatus.NOT_STARTED: ("actual_start", "actual_end"),
            StageStatus.IN_PROGRESS: ("actual_end",),
        }.get(status, ())
        for key in locked:
            edit = self.edits[key]
            edit.setEnabled(False)
            edit.setPlaceholderText("set when the project advances")
            edit.setToolTip(f"{stage.label} is {status.label.lower()}; this is set on advancing.")

    def dates(self) -> StageDatesInput:
        return StageDatesInput(**{key: edit.text() for key, edit in self.edits.items()})
