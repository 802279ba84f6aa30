"""The Team area: who is on the project's client team, in which roles and for how much
of their time; whether that is enough; how well each role is covered and who could step
in."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from commissioner.errors import CommissionerError
from commissioner.models.enums import SupplierCategory
from commissioner.models.team_rules import Capacity, Coverage
from commissioner.services import people, team
from commissioner.services.skills import MatrixMember
from commissioner.services.team import MemberInput, RoleCover, TeamView
from commissioner.services.team_input import fte_text
from commissioner.ui.areas import ProjectArea
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.golden_thread_commands import (
    AddRecordCommand,
    DeleteRecordCommand,
    EditRecordCommand,
)
from commissioner.ui.messages import confirm, show_problem
from commissioner.ui.presentation import swatch
from commissioner.ui.record_form import run_form
from commissioner.ui.table_model import RowTableModel, record_table
from commissioner.ui.team_commands import (
    MEMBER,
    SUCCESSION,
    AddMemberCommand,
    PipelineNoteCommand,
    TeamPlanCommand,
)
from commissioner.ui.team_dialogs import (
    EditMemberDialog,
    MemberDialog,
    PipelineNoteDialog,
    RemoveSuccessionDialog,
    SuccessionDialog,
    TeamPlanDialog,
)

SHORT_COLOUR = "#c62828"
THIN_COLOUR = "#ef8f00"
MET_COLOUR = "#2e7d32"
UNKNOWN_COLOUR = "#9e9e9e"

COVERAGE_LOOK = {
    Coverage.NOT_COVERED: ("Not covered", SHORT_COLOUR),
    Coverage.AWARENESS_ONLY: ("Awareness only", THIN_COLOUR),
    Coverage.COVERED: ("Covered", MET_COLOUR),
}

CATEGORY_DEPTH = {
    None: "No supplier category yet: skills are judged as for a general supplier.",
    SupplierCategory.GENERAL: "General supplier: a light team is enough for a transactional "
    "supply.",
    SupplierCategory.EXPERT: "Expert supplier: roles need practitioner depth, including the "
    "supplier's expert responsibilities and duty to warn.",
    SupplierCategory.STRATEGIC_PARTNER: "Strategic partner: the team needs the most depth, "
    "above all in contract management.",
}


def capacity_text(capacity: Capacity) -> tuple[str, str]:
    """The capacity line in words, and the colour of its marker."""
    have = fte_text(capacity.team_fte) or "0"
    if capacity.needed_fte is None:
        return f"Capacity: {have} FTE; the FTE needed is not set (Team plan…)", UNKNOWN_COLOUR
    need = fte_text(capacity.needed_fte)
    if capacity.short:
        return f"Capacity: {have} of {need} FTE: {fte_text(capacity.shortfall)} short", (
            SHORT_COLOUR
        )
    return f"Capacity: {have} of {need} FTE: enough", MET_COLOUR


class MembersModel(RowTableModel[MatrixMember]):
    columns = ("Name", "Job title", "FTE on this project", "Roles", "Talent pipeline")
    #: Members' talent-pipeline notes by person id.
    pipeline_notes: dict[int, str] = {}  # noqa: RUF012 - replaced whole on each reload

    def cell(self, row: MatrixMember, column: int, role: int) -> Any:
        roles = ", ".join(held.label for held in row.roles)
        note = self.pipeline_notes.get(row.person_id, "")
        if role == Qt.ItemDataRole.ToolTipRole and column in (3, 4):
            return (roles, note)[column - 3] or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        fte = fte_text(row.fte) or "Not set"
        return (row.full_name, row.job_title, fte, roles, " ".join(note.split()))[column]


#: A role the project's current stage does not need: shown, but not as a shortfall.
NOT_NEEDED_NOW = ("Not needed at this stage", "#9e9e9e")


class CoverageModel(RowTableModel[RoleCover]):
    columns = ("Role", "Coverage", "Held by", "Succession cover")

    def cell(self, row: RoleCover, column: int, role: int) -> Any:
        words, colour = COVERAGE_LOOK[row.coverage]
        if not row.needed_now and row.coverage.flagged:
            words, colour = NOT_NEEDED_NOW
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            return swatch(colour)
        if role == Qt.ItemDataRole.ToolTipRole and column == 3 and row.succession:
            return "\n".join(f"{cover.full_name}: {cover.readiness}" for cover in row.succession)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (
            row.role.label,
            words,
            ", ".join(row.holders) or "Nobody",
            ", ".join(cover.full_name for cover in row.succession) or "None named",
        )
        return values[column]


def _plain_label(object_name: str = "") -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if object_name:
        label.setObjectName(object_name)
    return label


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold;")
    return label


class TeamArea(ProjectArea):
    title = "Team"

    def __init__(self, document: DatabaseDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.view: TeamView | None = None
        self.category = _plain_label()
        self.capacity_dot = QLabel()
        self.capacity = _plain_label()
        self.plan_notes = _plain_label("muted")
        self.add_button = QPushButton("Add member…")
        self.edit_button = QPushButton("Edit member…")
        self.remove_button = QPushButton("Remove member…")
        self.plan_button = QPushButton("Team plan…")
        self.pipeline_button = QPushButton("Pipeline note…")
        self.pipeline_button.setToolTip("The selected member's place in the talent pipeline")
        self.add_cover_button = QPushButton("Add succession cover…")
        self.remove_cover_button = QPushButton("Remove succession cover…")
        self.members = MembersModel(self)
        self.members_table = record_table(self.members)
        self.coverage = CoverageModel(self)
        self.coverage_table = record_table(self.coverage)
        self._lay_out()
        self._connect_signals()

    def _lay_out(self) -> None:
        capacity_row = QHBoxLayout()
        capacity_row.addWidget(self.capacity_dot)
        capacity_row.addWidget(self.capacity, 1)
        members_head = QHBoxLayout()
        members_head.addWidget(_heading("Members"), 1)
        for button in (
            self.add_button,
            self.edit_button,
            self.remove_button,
            self.pipeline_button,
            self.plan_button,
        ):
            members_head.addWidget(button)
        coverage_head = QHBoxLayout()
        coverage_head.addWidget(_heading("Role coverage"), 1)
        coverage_head.addWidget(self.add_cover_button)
        coverage_head.addWidget(self.remove_cover_button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(_stack(members_head, self.members_table))
        splitter.addWidget(_stack(coverage_head, self.coverage_table))
        splitter.setSizes([300, 360])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.category)
        layout.addLayout(capacity_row)
        layout.addWidget(self.plan_notes)
        layout.addWidget(splitter, 1)

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self.add_member)
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.plan_button.clicked.connect(self.edit_plan)
        self.pipeline_button.clicked.connect(self.edit_pipeline_note)
        self.add_cover_button.clicked.connect(self.add_cover)
        self.remove_cover_button.clicked.connect(self.remove_cover)
        self.members_table.doubleClicked.connect(self.edit_selected)

    def reload(self) -> None:
        assert self.project_id is not None
        self.view = view = team.team_for_project(self.document.db, self.project_id)
        self.category.setText(CATEGORY_DEPTH[view.supplier_category])
        words, colour = capacity_text(view.capacity)
        self.capacity.setText(words)
        self.capacity_dot.setPixmap(swatch(colour).pixmap(12, 12))
        self.plan_notes.setText(view.plan_notes)
        self.plan_notes.setVisible(bool(view.plan_notes))
        self.members.pipeline_notes = view.pipeline_notes
        self.members.set_rows(view.members)
        self.coverage.set_rows(view.roles)
        for table in (self.members_table, self.coverage_table):
            table.resizeColumnsToContents()
        self._enable_buttons(view)

    def _enable_buttons(self, view: TeamView) -> None:
        writable = not self.document.db.read_only
        has_members = bool(view.members)
        has_cover = any(role.succession for role in view.roles)
        self.add_button.setEnabled(writable)
        self.plan_button.setEnabled(writable)
        self.add_cover_button.setEnabled(writable)
        self.edit_button.setEnabled(writable and has_members)
        self.remove_button.setEnabled(writable and has_members)
        self.pipeline_button.setEnabled(writable and has_members)
        self.remove_cover_button.setEnabled(writable and has_cover)

    def selected_member(self) -> MatrixMember | None:
        rows = self.members_table.selectionModel().selectedRows()
        return self.members.row_at(rows[0].row()) if rows else None

    def add_member(self) -> None:
        assert self.project_id is not None
        project_id, db = self.project_id, self.document.db
        candidates = team.people_to_add(db, project_id)
        run_form(
            lambda submit: MemberDialog(submit, candidates, parent=self),
            lambda form: AddMemberCommand(self.document, project_id, form).run_first(),
        )

    def edit_selected(self) -> None:
        member = self.selected_member()
        if member is None or self.project_id is None:
            show_problem(self, "Edit team member", "Select the team member to edit first.")
            return
        project_id, before = self.project_id, team.member_input(member)

        def save(form: MemberInput) -> None:
            EditRecordCommand(
                self.document,
                MEMBER,
                project_id,
                member.member_id,
                before,
                form,
                label=member.full_name,
            ).run_first()

        run_form(
            lambda submit: EditMemberDialog(submit, member.full_name, before, parent=self), save
        )

    def remove_selected(self) -> None:
        member = self.selected_member()
        if member is None or self.project_id is None:
            show_problem(self, "Remove team member", "Select the team member to remove first.")
            return
        question = (
            f"Take {member.full_name} off this project's team? Their skills ratings stay "
            "on record. Edit → Undo puts them back."
        )
        if not confirm(self, "Remove team member", question, "Remove"):
            return
        command = DeleteRecordCommand(
            self.document, MEMBER, self.project_id, member.member_id, label=member.full_name
        )
        try:
            command.run_first()
        except CommissionerError as error:
            show_problem(self, "Remove team member", str(error))

    def edit_pipeline_note(self) -> None:
        member = self.selected_member()
        if member is None or self.project_id is None:
            show_problem(self, "Pipeline note", "Select the team member first.")
            return
        project_id, person_id = self.project_id, member.person_id
        before = team.get_pipeline_note(self.document.db, person_id)
        run_form(
            lambda submit: PipelineNoteDialog(submit, member.full_name, before, parent=self),
            lambda after: PipelineNoteCommand(
                self.document, project_id, person_id, before, after
            ).run_first(),
        )

    def edit_plan(self) -> None:
        assert self.project_id is not None
        project_id = self.project_id
        before = team.get_team_plan(self.document.db, project_id)
        run_form(
            lambda submit: TeamPlanDialog(submit, before, parent=self),
            lambda form: TeamPlanCommand(self.document, project_id, before, form).run_first(),
        )

    def add_cover(self) -> None:
        assert self.project_id is not None and self.view is not None
        project_id = self.project_id
        rows = self.coverage_table.selectionModel().selectedRows()
        role = self.view.roles[rows[0].row() if rows else 0].role
        candidates = people.list_council_people(self.document.db)
        run_form(
            lambda submit: SuccessionDialog(submit, candidates, role, parent=self),
            lambda form: AddRecordCommand(self.document, SUCCESSION, project_id, form).run_first(),
        )

    def remove_cover(self) -> None:
        assert self.project_id is not None and self.view is not None
        project_id = self.project_id
        covers = [cover for role in self.view.roles for cover in role.succession]
        run_form(
            lambda submit: RemoveSuccessionDialog(submit, covers, parent=self),
            lambda cover_id: DeleteRecordCommand(
                self.document, SUCCESSION, project_id, cover_id
            ).run_first(),
        )


def _stack(head: QHBoxLayout, table: QWidget) -> QWidget:
    panel = QWidget()
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(0, 6, 0, 0)
    layout.addLayout(head)
    layout.addWidget(table, 1)
    return panel
