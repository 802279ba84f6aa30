"""Log a meeting or other communication: who took part, what was said, decided and
who must do what by when."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from commissioner.models.dates import format_date
from commissioner.models.enums import CommunicationType, Direction
from commissioner.services.actions import ActionInput
from commissioner.services.communications import (
    MeetingInput,
    MeetingTemplateRow,
    StakeholderOption,
)
from commissioner.ui.presentation import combo_enum
from commissioner.ui.record_form import CheckableList, RecordFormDialog

ACTION_COLUMNS = ("Action", "Owner", "Due (DD/MM/YYYY)")


def _text_box(placeholder: str, height: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setFixedHeight(height)
    return box


def _row(*widgets: QWidget, stretch_first: bool = True) -> QWidget:
    holder = QWidget()
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    for position, widget in enumerate(widgets):
        layout.addWidget(widget, 1 if position == 0 and stretch_first else 0)
    return holder


class ActionsTable(QTableWidget):
    """A small grid of actions being typed; a blank row is always left at the end."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(1, len(ACTION_COLUMNS), parent)
        self.setHorizontalHeaderLabels(ACTION_COLUMNS)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.setColumnWidth(1, 130)
        self.setFixedHeight(110)
        self.itemChanged.connect(self._keep_a_blank_row)

    def set_action(self, row: int, description: str, owner: str = "", due_on: str = "") -> None:
        for column, text in enumerate((description, owner, due_on)):
            self.setItem(row, column, QTableWidgetItem(text))

    def _text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text() if item else ""

    def _keep_a_blank_row(self) -> None:
        last = self.rowCount() - 1
        if any(self._text(last, column).strip() for column in range(self.columnCount())):
            self.insertRow(self.rowCount())

    def action_inputs(self) -> tuple[ActionInput, ...]:
        rows = (
            tuple(self._text(row, column) for column in range(3)) for row in range(self.rowCount())
        )
        return tuple(
            ActionInput(description, owner, due_on)
            for description, owner, due_on in rows
            if description.strip() or owner.strip() or due_on.strip()
        )


class MeetingDialog(RecordFormDialog):
    """Collects a ``MeetingInput``; ``submit`` logs it or reports what is wrong."""

    def __init__(
        self,
        stakeholders: Sequence[StakeholderOption],
        templates: Sequence[MeetingTemplateRow],
        submit: Callable[[MeetingInput], None],
        *,
        title: str = "Log meeting",
        communication_type: CommunicationType = CommunicationType.MEETING,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, submit, parent)
        self.setMinimumWidth(640)
        self._stakeholders = list(stakeholders)
        self._templates = {template.id: template for template in templates}
        self._build_fields(communication_type)
        self._build_outcomes()
        self.template.currentIndexChanged.connect(self._apply_template)
        self.add_file_button.clicked.connect(self._add_file)

    def _build_fields(self, communication_type: CommunicationType) -> None:
        self.template = QComboBox()
        self.template.addItem("No template", None)
        for template in self._templates.values():
            self.template.addItem(template.name, template.id)
        self.occurred_on = QLineEdit(format_date(dt.date.today()))
        self.occurred_on.setPlaceholderText("DD/MM/YYYY")
        self.occurred_time = QTimeEdit(QTime(10, 0))
        self.occurred_time.setDisplayFormat("HH:mm")
        self.communication_type = QComboBox()
        for member in CommunicationType:
            self.communication_type.addItem(member.label, member)
        self.communication_type.setCurrentIndex(
            self.communication_type.findData(communication_type)
        )
        self.direction = QComboBox()
        for direction in Direction:
            self.direction.addItem(direction.label, direction)
        self.direction.setCurrentIndex(self.direction.findData(Direction.TWO_WAY))
        self.formal = QCheckBox("Formal")
        self.formal.setChecked(True)
        self.subject = QLineEdit()
        self.participants = CheckableList("This project has no stakeholders yet.")
        self.participants.set_options((s.id, s.label) for s in self._stakeholders)
        self.summary = _text_box("What was discussed or said.", 80)
        self.add_row("template", "&Template", self.template)
        self.add_row("occurred_on", "&Date and time", _row(self.occurred_on, self.occurred_time))
        self.add_row(
            "communication_type",
            "T&ype",
            _row(self.communication_type, self.direction, self.formal, stretch_first=False),
        )
        self.add_row("subject", "&Subject", self.subject)
        self.add_row("participants", "&Participants", self.participants)
        self.add_row("summary", "Su&mmary", self.summary)

    def _build_outcomes(self) -> None:
        self.attachments = _text_box("One file path per line.", 50)
        self.add_file_button = QPushButton("Add file…")
        files = QWidget()
        files_layout = QHBoxLayout(files)
        files_layout.setContentsMargins(0, 0, 0, 0)
        files_layout.addWidget(self.attachments, 1)
        column = QVBoxLayout()
        column.addWidget(self.add_file_button)
        column.addStretch(1)
        files_layout.addLayout(column)
        self.decisions = _text_box("One decision per line.", 60)
        self.action_rows = ActionsTable()
        self.add_row("attachments", "&Attachments", files)
        self.add_row("decisions", "De&cisions", self.decisions)
        self.add_row("actions", "Ac&tions", self.action_rows)

    def _apply_template(self) -> None:
        template = self._templates.get(self.template.currentData())
        if template is None:
            return
        self.communication_type.setCurrentIndex(
            self.communication_type.findData(template.communication_type)
        )
        if not self.subject.text().strip():
            self.subject.setText(template.name)
        if template.agenda and not self.summary.toPlainText().strip():
            self.summary.setPlainText(template.agenda)
        for stakeholder in self._stakeholders:
            if stakeholder.stakeholder_type in template.attendee_types:
                self.participants.set_checked(stakeholder.id)

    def _add_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Attach a file reference")
        if path:
            existing = self.attachments.toPlainText().rstrip()
            self.attachments.setPlainText(f"{existing}\n{path}".strip())

    def form(self) -> MeetingInput:
        time = self.occurred_time.time()
        return MeetingInput(
            occurred_on=self.occurred_on.text(),
            occurred_time=dt.time(time.hour(), time.minute()),
            subject=self.subject.text(),
            communication_type=combo_enum(self.communication_type, CommunicationType)
            or CommunicationType.MEETING,
            formal=self.formal.isChecked(),
            direction=combo_enum(self.direction, Direction) or Direction.TWO_WAY,
            summary=self.summary.toPlainText(),
            attachments=tuple(self.attachments.toPlainText().splitlines()),
            participant_ids=self.participants.checked_ids(),
            decisions=tuple(self.decisions.toPlainText().splitlines()),
            actions=self.action_rows.action_inputs(),
        )
