"""A project's client commissioning team: who is on it, in which roles and for how much
of their time; what capacity the project needs; how well each role is covered and who
could step in; and each person's talent-pipeline note.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from commissioner.errors import ValidationError
from commissioner.models import (
    DevelopmentProfile,
    Person,
    Project,
    SuccessionCover,
    TeamMember,
    TeamMemberRole,
    TeamPlan,
)
from commissioner.models.enums import SupplierCategory, TeamRole
from commissioner.models.team_rules import (
    Capacity,
    Coverage,
    capacity,
    role_coverage,
    role_needed_now,
)
from commissioner.services.golden_thread_records import (
    Removal,
    assign,
    load,
    remove,
    require_project,
)
from commissioner.services.people import PersonOption
from commissioner.services.skills import MatrixMember, SkillsMatrix, project_matrix
from commissioner.services.supplier_input import name_order, optional_line
from commissioner.services.team_input import FTE_NEEDED_LIMIT, fte_field, fte_text
from commissioner.storage import Database

# --- Members --------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberInput:
    """The team member form: who, their FTE on this project as text, and their roles."""

    person_id: int
    fte: str = ""
    roles: tuple[TeamRole, ...] = ()


def member_input(member: MatrixMember) -> MemberInput:
    """The form for editing ``member`` as it stands."""
    return MemberInput(member.person_id, fte_text(member.fte), member.roles)


def _validate_member(form: MemberInput) -> tuple[float | None, list[TeamRole]]:
    problems: dict[str, str] = {}
    fte = fte_field(problems, "fte", form.fte)
    roles = list(dict.fromkeys(TeamRole(role) for role in form.roles))
    if not roles:
        problems["roles"] = "Choose at least one role this person holds on the project."
    if problems:
        raise ValidationError(problems)
    return fte, roles


def add_member(db: Database, project_id: int, form: MemberInput) -> int:
    """Put a person on the project's team in one or more roles; returns the member's id."""
    fte, roles = _validate_member(form)
    with db.session() as session:
        require_project(session, project_id)
        person = load(session, Person, form.person_id, "person")
        taken = select(TeamMember.id).where(
            TeamMember.project_id == project_id, TeamMember.person_id == person.id
        )
        if session.scalar(taken) is not None:
            raise ValidationError({"person_id": f"{person.full_name} is already on this team."})
        member = TeamMember(project_id=project_id, person_id=person.id, fte=fte)
        member.roles = [TeamMemberRole(role=role) for role in roles]
        session.add(member)
        session.flush()
        return member.id


def update_member(db: Database, member_id: int, form: MemberInput) -> MemberInput:
    """Change a member's FTE and roles; returns the form it replaced, for undo."""
    fte, roles = _validate_member(form)
    with db.session() as session:
        member = load(session, TeamMember, member_id, "team member")
        before = MemberInput(
            member.person_id, fte_text(member.fte), tuple(r.role for r in member.roles)
        )
        assign(member, {"fte": fte})
        for link in [link for link in member.roles if link.role not in roles]:
            member.roles.remove(link)
        held = {link.role for link in member.roles}
        member.roles.extend(TeamMemberRole(role=role) for role in roles if role not in held)
        return before


def delete_member(db: Database, member_id: int) -> Removal:
    """Take someone off a project's team, with their roles there."""
    with db.session() as session:
        return remove(session, load(session, TeamMember, member_id, "team member"))


def people_to_add(db: Database, project_id: int) -> list[PersonOption]:
    """Council staff not yet on the project's team, by name."""
    on_team = select(TeamMember.person_id).where(TeamMember.project_id == project_id)
    query = select(Person.id, Person.full_name, Person.job_title).where(
        Person.is_council_staff.is_(True), Person.id.not_in(on_team)
    )
    with db.session() as session:
        options = [PersonOption(*row) for row in session.execute(query)]
    return sorted(options, key=lambda option: name_order(option.full_name))


# --- The team plan: capacity needed ---------------------------------------------------


@dataclass(frozen=True)
class TeamPlanInput:
    fte_needed: str = ""
    notes: str = ""


def get_team_plan(db: Database, project_id: int) -> TeamPlanInput:
    with db.session() as session:
        return _plan_input(session, project_id)


def _plan_input(session: Session, project_id: int) -> TeamPlanInput:
    plan = session.scalar(select(TeamPlan).where(TeamPlan.project_id == project_id))
    return TeamPlanInput(fte_text(plan.fte_needed), plan.notes) if plan else TeamPlanInput()


def set_team_plan(db: Database, project_id: int, form: TeamPlanInput) -> TeamPlanInput:
    """Record the FTE the project needs; returns the plan it replaced, for undo."""
    problems: dict[str, str] = {}
    needed = fte_field(
        problems, "fte_needed", form.fte_needed, noun="FTE needed", limit=FTE_NEEDED_LIMIT
    )
    if problems:
        raise ValidationError(problems)
    with db.session() as session:
        require_project(session, project_id)
        before = _plan_input(session, project_id)
        plan = session.scalar(select(TeamPlan).where(TeamPlan.project_id == project_id))
        if plan is None:
            plan = TeamPlan(project_id=project_id)
            session.add(plan)
        assign(plan, {"fte_needed": needed, "notes": form.notes.strip()})
        return before


# --- Succession cover -----------------------------------------------------------------


@dataclass(frozen=True)
class SuccessionInput:
    role: TeamRole
    person_id: int
    readiness: str = ""


@dataclass(frozen=True)
class SuccessionRow:
    id: int
    role: TeamRole
    person_id: int
    full_name: str
    readiness: str

    def as_input(self) -> SuccessionInput:
        return SuccessionInput(self.role, self.person_id, self.readiness)


def _validate_succession(
    session: Session, project_id: int, form: SuccessionInput, except_id: int | None
) -> dict[str, object]:
    problems: dict[str, str] = {}
    readiness = optional_line(problems, "readiness", form.readiness, "readiness", 200)
    person = load(session, Person, form.person_id, "person")
    query = select(SuccessionCover.id).where(
        SuccessionCover.project_id == project_id,
        SuccessionCover.role == TeamRole(form.role),
        SuccessionCover.person_id == person.id,
    )
    if except_id is not None:
        query = query.where(SuccessionCover.id != except_id)
    if session.scalar(query) is not None:
        problems["person_id"] = f"{person.full_name} already covers this role."
    if problems:
        raise ValidationError(problems)
    return {"role": TeamRole(form.role), "person_id": person.id, "readiness": readiness}


def add_succession_cover(db: Database, project_id: int, form: SuccessionInput) -> int:
    """Name someone who could step into a role on the project; returns the entry's id."""
    with db.session() as session:
        require_project(session, project_id)
        values = _validate_succession(session, project_id, form, None)
        cover = SuccessionCover(project_id=project_id, **values)
        session.add(cover)
        session.flush()
        return cover.id


def update_succession_cover(db: Database, cover_id: int, form: SuccessionInput) -> SuccessionInput:
    """Change an entry; returns the one it replaced, for undo."""
    with db.session() as session:
        cover = load(session, SuccessionCover, cover_id, "succession cover")
        values = _validate_succession(session, cover.project_id, form, cover_id)
        before = SuccessionInput(cover.role, cover.person_id, cover.readiness)
        assign(cover, values)
        return before


def delete_succession_cover(db: Database, cover_id: int) -> Removal:
    with db.session() as session:
        return remove(session, load(session, SuccessionCover, cover_id, "succession cover"))


def _succession(session: Session, project_id: int) -> list[SuccessionRow]:
    query = (
        select(SuccessionCover, Person.full_name)
        .join(Person, Person.id == SuccessionCover.person_id)
        .where(SuccessionCover.project_id == project_id)
    )
    rows = [
        SuccessionRow(cover.id, cover.role, cover.person_id, name, cover.readiness)
        for cover, name in session.execute(query)
    ]
    return sorted(rows, key=lambda row: name_order(row.full_name))


# --- Talent pipeline ------------------------------------------------------------------


def get_pipeline_note(db: Database, person_id: int) -> str:
    with db.session() as session:
        load(session, Person, person_id, "person")
        query = select(DevelopmentProfile.pipeline_note).where(
            DevelopmentProfile.person_id == person_id
        )
        return session.scalar(query) or ""


def set_pipeline_note(db: Database, person_id: int, note: str) -> str:
    """Record a person's place in the talent pipeline; returns the note it replaced."""
    with db.session() as session:
        load(session, Person, person_id, "person")
        profile = session.scalar(
            select(DevelopmentProfile).where(DevelopmentProfile.person_id == person_id)
        )
        before = profile.pipeline_note if profile else ""
        if profile is None:
            profile = DevelopmentProfile(person_id=person_id)
            session.add(profile)
        assign(profile, {"pipeline_note": note.strip()})
        return before


# --- The team at a glance -------------------------------------------------------------


@dataclass(frozen=True)
class RoleCover:
    """How well one role is covered on a project, by whom, and who could step in."""

    role: TeamRole
    coverage: Coverage
    holders: tuple[str, ...]
    succession: tuple[SuccessionRow, ...]
    #: Whether the project's current stage needs the role filled.
    needed_now: bool = True

    @property
    def flagged(self) -> bool:
        """A shortfall worth acting on: the role is needed now and not properly covered."""
        return self.needed_now and self.coverage.flagged


@dataclass(frozen=True)
class TeamView:
    project_id: int
    project_reference: str
    project_name: str
    supplier_category: SupplierCategory | None
    members: tuple[MatrixMember, ...]
    roles: tuple[RoleCover, ...]
    capacity: Capacity
    plan_notes: str
    #: Each member's talent-pipeline note by person id (absent when none is recorded).
    pipeline_notes: dict[int, str] = field(default_factory=dict)


def team_for_project(db: Database, project_id: int) -> TeamView:
    """The project's team, each role's coverage and succession, and capacity."""
    with db.session() as session:
        project = load(session, Project, project_id, "project")
        matrix = project_matrix(session, project_id)
        plan = session.scalar(select(TeamPlan).where(TeamPlan.project_id == project_id))
        needed, notes = (plan.fte_needed, plan.notes) if plan else (None, "")
        succession = _succession(session, project_id)
        reference, name, stage = project.reference, project.name, project.current_stage
        notes_by_person = {
            person_id: note
            for person_id, note in session.execute(
                select(DevelopmentProfile.person_id, DevelopmentProfile.pipeline_note).where(
                    DevelopmentProfile.person_id.in_([m.person_id for m in matrix.members]),
                    DevelopmentProfile.pipeline_note != "",
                )
            )
        }
    return TeamView(
        project_id=project_id,
        project_reference=reference,
        project_name=name,
        supplier_category=matrix.supplier_category,
        members=matrix.members,
        roles=tuple(
            replace(_role_cover(matrix, role, succession), needed_now=role_needed_now(role, stage))
            for role in TeamRole
        ),
        capacity=capacity((member.fte for member in matrix.members), needed),
        plan_notes=notes,
        pipeline_notes=notes_by_person,
    )


def _role_cover(matrix: SkillsMatrix, role: TeamRole, succession: list[SuccessionRow]) -> RoleCover:
    holders = [member for member in matrix.members if role in member.roles]
    required = dict(matrix.role_needs.get(role, {}))
    levels = []
    for holder in holders:
        cells = (matrix.cell(holder.person_id, key) for key in required)
        levels.append({cell.competency_key: int(cell.current.level) for cell in cells if cell})
    return RoleCover(
        role=role,
        coverage=role_coverage(levels, required),
        holders=tuple(holder.full_name for holder in holders),
        succession=tuple(row for row in succession if row.role is role),
    )
