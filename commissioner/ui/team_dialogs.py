"""Forms for the Team area: a member (someone on the staff list or a new person), the
team plan, and succession cover."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from commissioner.errors import ValidationError
from commissioner.models.enums import TeamRole
from commissioner.services.people import PersonInput, PersonOption
from commissioner.services.team import MemberInput, SuccessionInput, SuccessionRow, TeamPlanInput
from commissioner.ui.presentation import combo_enum
from commissioner.ui.record_form import RecordFormDialog, enum_options, option_combo
from commissioner.ui.team_commands import NewMember


def _fte_box(text: str, placeholder: str = "e.g. 0.4") -> QLineEdit:
    box = QLineEdit(text, placeholderText=placeholder)
    box.setMaximumWidth(140)
    return box


class RoleTicks(QWidget):
    """One tick box per team role, one under another so long role names are never cut."""

    def __init__(self, ticked: Sequence[TeamRole] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes: dict[TeamRole, QCheckBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, role in enumerate(TeamRole):
            box = QCheckBox(role.label)
            box.setChecked(role in ticked)
            self.boxes[role] = box
            grid.addWidget(box, index, 0)

    def roles(self) -> tuple[TeamRole, ...]:
        return tuple(role for role, box in self.boxes.items() if box.isChecked())


class MemberDialog(RecordFormDialog):
    """Who joins the team — someone already on the staff list or a new person — for how
    much of their time and in which roles."""

    def __init__(
        self,
        submit: Callable[[NewMember], None],
        candidates: Sequence[PersonOption],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Add team member", submit, parent)
        options = [(option.id, option.display_name) for option in candidates]
        self.person = option_combo(options, blank="A new person (details below)")
        self.full_name = QLineEdit(placeholderText="e.g. Aisha Rahman")
        self.job_title = QLineEdit(placeholderText="e.g. Commissioning Officer")
        self.email = QLineEdit()
        self.commissioning_fte = _fte_box("", "e.g. 0.6")
        self.fte = _fte_box("")
        self.roles = RoleTicks()
        self.add_row("person_id", "&Person", self.person)
        self.add_row("full_name", "&Name", self.full_name)
        self.add_row("job_title", "&Job title", self.job_title)
        self.add_row("email", "&Email", self.email)
        self.add_row(
            "commissioning_fte",
            "&Commissioning FTE",
            self.commissioning_fte,
            "Their whole commissioning time share, across all projects.",
        )
        self.add_row("fte", "&FTE on this project", self.fte)
        self.add_row("roles", "&Roles", self.roles)
        self.person.currentIndexChanged.connect(self._show_person_fields)
        self._show_person_fields()

    def _show_person_fields(self) -> None:
        new_person = self.person.currentData() is None
        for field in (self.full_name, self.job_title, self.email, self.commissioning_fte):
            field.setEnabled(new_person)

    def form(self) -> NewMember:
        chosen = self.person.currentData()
        member = MemberInput(int(chosen or 0), self.fte.text(), self.roles.roles())
        if chosen is not None:
            return NewMember(None, member)
        person = PersonInput(
            self.full_name.text(),
            self.job_title.text(),
            self.email.text(),
            self.commissioning_fte.text(),
        )
        return NewMember(person, member)


class EditMemberDialog(RecordFormDialog):
    """A member's FTE on this project and their roles."""

    def __init__(
        self,
        submit: Callable[[MemberInput], None],
        name: str,
        initial: MemberInput,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Edit team member: {name}", submit, parent)
        self.person_id = initial.person_id
        who = QLabel(name)
        who.setTextFormat(Qt.TextFormat.PlainText)
        self.fte = _fte_box(initial.fte)
        self.roles = RoleTicks(initial.roles)
        self.add_row("person_id", "Person", who)
        self.add_row("fte", "&FTE on this project", self.fte)
        self.add_row("roles", "&Roles", self.roles)

    def form(self) -> MemberInput:
        return MemberInput(self.person_id, self.fte.text(), self.roles.roles())


class TeamPlanDialog(RecordFormDialog):
    """How much commissioning time the project needs, and why."""

    def __init__(
        self,
        submit: Callable[[TeamPlanInput], None],
        initial: TeamPlanInput,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Team plan", submit, parent)
        self.fte_needed = _fte_box(initial.fte_needed, "e.g. 1.6")
        self.notes = QPlainTextEdit(initial.notes)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(96)
        self.add_row(
            "fte_needed",
            "FTE &needed",
            self.fte_needed,
            "The team's combined time the project needs; blank if not yet known.",
        )
        self.add_row("notes", "N&otes", self.notes)

    def form(self) -> TeamPlanInput:
        return TeamPlanInput(self.fte_needed.text(), self.notes.toPlainText())


class SuccessionDialog(RecordFormDialog):
    """Someone who could step into a role on this project, and how ready they are."""

    def __init__(
        self,
        submit: Callable[[SuccessionInput], None],
        candidates: Sequence[PersonOption],
        role: TeamRole,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Add succession cover", submit, parent)
        self.role = option_combo(enum_options(TeamRole), selected=role.value)
        options = [(option.id, option.display_name) for option in candidates]
        self.person = option_combo(options)
        self.readiness = QLineEdit(placeholderText="e.g. Ready in 6 months after a tender panel")
        self.add_row("role", "&Role", self.role)
        self.add_row("person_id", "&Could step in", self.person)
        self.add_row("readiness", "R&eadiness", self.readiness)

    def form(self) -> SuccessionInput:
        role = combo_enum(self.role, TeamRole) or TeamRole.PROJECT_MANAGEMENT
        chosen = self.person.currentData()
        if chosen is None:
            raise ValidationError({"person_id": "Add council staff before naming cover."})
        return SuccessionInput(role, int(chosen), self.readiness.text())


class RemoveSuccessionDialog(RecordFormDialog):
    """Choose which succession cover to take off the plan."""

    def __init__(
        self,
        submit: Callable[[int], None],
        covers: Sequence[SuccessionRow],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Remove succession cover", submit, parent)
        options = [(row.id, f"{row.full_name} for {row.role.label}") for row in covers]
        self.cover = option_combo(options)
        self.add_row("cover", "&Cover", self.cover)
        self.save_button.setText("Remove")

    def form(self) -> int:
        return int(self.cover.currentData())


class PipelineNoteDialog(RecordFormDialog):
    """A member's place in the talent pipeline: ambitions, readiness, next steps."""

    def __init__(
        self,
        submit: Callable[[str], None],
        person_name: str,
        note: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Talent pipeline: {person_name}", submit, parent)
        self.note = QPlainTextEdit(note)
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(120)
        self.add_row(
            "note",
            "&Note",
            self.note,
            "Ambitions, readiness to step up, and the next development step; used for "
            "succession planning.",
        )

    def form(self) -> str:
        return self.note.toPlainText()
