"""Undoable team edits: members (with a new person when needed), the team plan and
succession cover."""

from __future__ import annotations

from dataclasses import dataclass, replace

from commissioner.errors import CommissionerError
from commissioner.services import people, team
from commissioner.services.changes import Area, Change
from commissioner.services.golden_thread_records import Removal, restore_removal
from commissioner.services.people import PersonInput
from commissioner.services.team import MemberInput, SuccessionInput, TeamPlanInput
from commissioner.storage import Database
from commissioner.ui.document import DatabaseDocument, ServiceCommand
from commissioner.ui.golden_thread_commands import RecordOperations


def _update_member(db: Database, member_id: int, form: MemberInput) -> None:
    team.update_member(db, member_id, form)


def _update_cover(db: Database, cover_id: int, form: SuccessionInput) -> None:
    team.update_succession_cover(db, cover_id, form)


MEMBER = RecordOperations("team member", team.add_member, _update_member, team.delete_member)
SUCCESSION = RecordOperations(
    "succession cover", team.add_succession_cover, _update_cover, team.delete_succession_cover
)


@dataclass(frozen=True)
class NewMember:
    """The add-member form: a new person to create first (None when choosing someone
    already on the council's staff) and their place on the team."""

    person: PersonInput | None
    member: MemberInput


class AddMemberCommand(ServiceCommand):
    """Put someone on the team, creating them first when they are new to the council's
    records; undo takes them off again and forgets a person it created."""

    def __init__(self, document: DatabaseDocument, project_id: int, form: NewMember) -> None:
        name = form.person.full_name.strip() if form.person else ""
        super().__init__(document, f"Add team member {name}".strip())
        self.project_id = project_id
        self.form = form
        self.member_id: int | None = None
        self.person_id: int | None = None
        self._removed: list[Removal] = []

    def apply(self) -> Change:
        db = self.document.db
        if self._removed:
            # The person comes back before the membership that points at them.
            for removal in reversed(self._removed):
                restore_removal(db, removal)
            self._removed = []
        else:
            self.member_id = self._first_add()
        return Change(Area.PROJECT, self.project_id)

    def _first_add(self) -> int:
        db, member = self.document.db, self.form.member
        if self.form.person is not None:
            self.person_id = people.add_person(db, self.form.person)
            member = replace(member, person_id=self.person_id)
        try:
            return team.add_member(db, self.project_id, member)
        except CommissionerError:
            # Keep no half-made person behind when the team details were wrong.
            if self.person_id is not None:
                people.delete_person(db, self.person_id)
                self.person_id = None
            raise

    def revert(self) -> Change:
        assert self.member_id is not None
        db = self.document.db
        self._removed = [team.delete_member(db, self.member_id)]
        if self.person_id is not None:
            self._removed.append(people.delete_person(db, self.person_id))
        return Change(Area.PROJECT, self.project_id)


class TeamPlanCommand(ServiceCommand):
    """Record the FTE the project needs; undo puts back the plan as it was."""

    def __init__(
        self,
        document: DatabaseDocument,
        project_id: int,
        before: TeamPlanInput,
        after: TeamPlanInput,
    ) -> None:
        super().__init__(document, "Change team plan")
        self.project_id, self.before, self.after = project_id, before, after

    def apply(self) -> Change:
        team.set_team_plan(self.document.db, self.project_id, self.after)
        return Change(Area.PROJECT, self.project_id)

    def revert(self) -> Change:
        team.set_team_plan(self.document.db, self.project_id, self.before)
        return Change(Area.PROJECT, self.project_id)


class PipelineNoteCommand(ServiceCommand):
    """Record where a member stands in the talent pipeline; undo puts the old note back."""

    def __init__(
        self, document: DatabaseDocument, project_id: int, person_id: int, before: str, after: str
    ) -> None:
        super().__init__(document, "Change talent-pipeline note")
        self.project_id, self.person_id = project_id, person_id
        self.before, self.after = before, after

    def apply(self) -> Change:
        team.set_pipeline_note(self.document.db, self.person_id, self.after)
        return Change(Area.PROJECT, self.project_id)

    def revert(self) -> Change:
        team.set_pipeline_note(self.document.db, self.person_id, self.before)
        return Change(Area.PROJECT, self.project_id)
