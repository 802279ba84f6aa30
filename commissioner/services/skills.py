"""The skills audit: the competency framework, dated ratings, and what they show on each
project — the skills matrix, gaps per person, role and project, and organisation-wide.

The rules (required level by supplier category, current level, gap, coverage) live in
``commissioner.models.team_rules``; this module reads the records they need.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from commissioner.errors import ValidationError
from commissioner.models import (
    Competency,
    Person,
    Project,
    SkillRating,
    TeamMember,
    TrainingAction,
)
from commissioner.models.enums import (
    ProjectStatus,
    SkillLevel,
    SupplierCategory,
    TeamRole,
    TrainingStatus,
)
from commissioner.models.team_rules import (
    CurrentRating,
    Rating,
    RequiredLevels,
    current_rating,
    gap,
)
from commissioner.services.golden_thread_records import Removal, load, remove
from commissioner.services.supplier_input import date_field, name_order, optional_line
from commissioner.services.team_input import level_field
from commissioner.storage import Database

#: Training still under way: a gap with one of these already has a plan.
OPEN_STATUSES = (TrainingStatus.PLANNED, TrainingStatus.IN_PROGRESS)


# --- Ratings --------------------------------------------------------------------------


@dataclass(frozen=True)
class RatingInput:
    """One rating as entered: levels 0–3 (None when that side gave none), date as text."""

    self_level: int | None
    manager_level: int | None
    rated_on: str
    rated_by: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class RatingRow:
    id: int
    competency_key: str
    competency_name: str
    rated_on: dt.date
    self_level: SkillLevel | None
    manager_level: SkillLevel | None
    rated_by: str
    evidence: str


def rate(
    db: Database, person_id: int, competency_key: str, form: RatingInput, today: dt.date
) -> int:
    """Record a rating; earlier ones stay as history. Returns the new rating's id."""
    problems: dict[str, str] = {}
    values = {
        "self_level": level_field(problems, "self_level", form.self_level, "self-rating"),
        "manager_level": level_field(
            problems, "manager_level", form.manager_level, "manager's rating"
        ),
        "rated_on": date_field(
            problems, "rated_on", form.rated_on, today, required=True, noun="rating date"
        ),
        "rated_by": optional_line(problems, "rated_by", form.rated_by, "rater's name", 200),
        "evidence": form.evidence.strip(),
    }
    if form.self_level is None and form.manager_level is None:
        problems["manager_level"] = "Give a self-rating, a manager's rating or both."
    with db.session() as session:
        load(session, Person, person_id, "person")
        if session.scalar(select(Competency.id).where(Competency.key == competency_key)) is None:
            problems["competency_key"] = "That competency is no longer in the framework."
        if problems:
            raise ValidationError(problems)
        rating = SkillRating(person_id=person_id, competency_key=competency_key, **values)
        session.add(rating)
        session.flush()
        return rating.id


def delete_rating(db: Database, rating_id: int) -> Removal:
    """Take back a rating (undoing ``rate``)."""
    with db.session() as session:
        return remove(session, load(session, SkillRating, rating_id, "rating"))


def ratings_for(db: Database, person_id: int) -> list[RatingRow]:
    """A person's ratings, newest first, with the framework's current names."""
    query = (
        select(SkillRating, Competency.name)
        .outerjoin(Competency, Competency.key == SkillRating.competency_key)
        .where(SkillRating.person_id == person_id)
        .order_by(SkillRating.rated_on.desc(), SkillRating.id.desc())
    )
    with db.session() as session:
        return [
            RatingRow(
                id=rating.id,
                competency_key=rating.competency_key,
                competency_name=name or f"{rating.competency_key} (no longer in the framework)",
                rated_on=rating.rated_on,
                self_level=_level(rating.self_level),
                manager_level=_level(rating.manager_level),
                rated_by=rating.rated_by,
                evidence=rating.evidence,
            )
            for rating, name in session.execute(query)
        ]


def _level(value: int | None) -> SkillLevel | None:
    return None if value is None else SkillLevel(value)


def current_ratings(
    session: Session, person_ids: Iterable[int]
) -> dict[tuple[int, str], CurrentRating]:
    """Each person's current level on each competency they have been rated on."""
    query = (
        select(SkillRating)
        .where(SkillRating.person_id.in_(set(person_ids)))
        .order_by(SkillRating.rated_on, SkillRating.id)
    )
    history: dict[tuple[int, str], list[Rating]] = defaultdict(list)
    for row in session.scalars(query):
        history[(row.person_id, row.competency_key)].append(
            Rating(row.rated_on, row.self_level, row.manager_level)
        )
    return {key: current_rating(ratings) for key, ratings in history.items()}


def current_levels(db: Database, person_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Each person's current level on every competency they have been rated on, by the
    audit's rule (the latest manager rating, else the latest self-rating)."""
    with db.session() as session:
        found = current_ratings(session, person_ids)
    levels: dict[int, dict[str, int]] = defaultdict(dict)
    for (person_id, key), rating in found.items():
        levels[person_id][key] = int(rating.level)
    return dict(levels)


# --- What a project's audit is computed from -----------------------------------------


@dataclass(frozen=True)
class MatrixMember:
    member_id: int
    person_id: int
    full_name: str
    job_title: str
    fte: float | None
    roles: tuple[TeamRole, ...]


@dataclass(frozen=True)
class MatrixCompetency:
    key: str
    role: TeamRole
    name: str
    description: str


@dataclass(frozen=True)
class SkillCell:
    """One member on one competency their roles need here."""

    person_id: int
    competency_key: str
    required: SkillLevel
    current: CurrentRating

    @property
    def gap(self) -> int:
        return gap(self.required, self.current.level)


@dataclass(frozen=True)
class SkillsMatrix:
    """Members × the competencies their roles need on the project: a heat map's data."""

    project_id: int
    supplier_category: SupplierCategory | None
    members: tuple[MatrixMember, ...]
    competencies: tuple[MatrixCompetency, ...]
    cells: tuple[SkillCell, ...]
    #: Each role's competencies and the level this project needs (0s left out).
    role_needs: Mapping[TeamRole, Mapping[str, int]] = field(default_factory=dict, compare=False)
    _index: Mapping[tuple[int, str], SkillCell] = field(default_factory=dict, compare=False)

    def cell(self, person_id: int, competency_key: str) -> SkillCell | None:
        """None where none of the person's roles needs the competency."""
        return self._index.get((person_id, competency_key))


def project_matrix(session: Session, project_id: int) -> SkillsMatrix:
    """Read a project's team, the framework and ratings into its skills matrix."""
    category = load(session, Project, project_id, "project").supplier_category
    needs, described = _framework_needs(session, category)
    members = _members(session, project_id)
    readings = current_ratings(session, (m.person_id for m in members))
    unrated = CurrentRating(SkillLevel.NONE)
    cells = [
        SkillCell(
            member.person_id,
            key,
            SkillLevel(level),
            readings.get((member.person_id, key), unrated),
        )
        for member in members
        for role in member.roles
        for key, level in needs.get(role, {}).items()
    ]
    used = {cell.competency_key for cell in cells}
    return SkillsMatrix(
        project_id=project_id,
        supplier_category=category,
        members=tuple(members),
        competencies=tuple(c for key, c in described.items() if key in used),
        cells=tuple(cells),
        role_needs=dict(needs),
        _index={(cell.person_id, cell.competency_key): cell for cell in cells},
    )


def _framework_needs(
    session: Session, category: SupplierCategory | None
) -> tuple[dict[TeamRole, dict[str, int]], dict[str, MatrixCompetency]]:
    """Each role's competencies needed at ``category`` (level above 0), in framework order."""
    framework = session.scalars(select(Competency).order_by(Competency.sort_order, Competency.id))
    needs: dict[TeamRole, dict[str, int]] = defaultdict(dict)
    described: dict[str, MatrixCompetency] = {}
    for record in framework:
        required = _required_levels(record).for_category(category)
        if required > SkillLevel.NONE:
            needs[record.role][record.key] = int(required)
            described[record.key] = MatrixCompetency(
                record.key, record.role, record.name, record.description
            )
    return needs, described


def _required_levels(record: Competency) -> RequiredLevels:
    return RequiredLevels(record.level_general, record.level_expert, record.level_strategic)


def _members(session: Session, project_id: int) -> list[MatrixMember]:
    query = (
        select(TeamMember, Person.full_name, Person.job_title)
        .join(Person, Person.id == TeamMember.person_id)
        .where(TeamMember.project_id == project_id)
        .options(selectinload(TeamMember.roles))
    )
    members = [
        MatrixMember(
            record.id,
            record.person_id,
            name,
            title,
            record.fte,
            tuple(sorted((r.role for r in record.roles), key=list(TeamRole).index)),
        )
        for record, name, title in session.execute(query)
    ]
    return sorted(members, key=lambda member: name_order(member.full_name))


def skills_matrix(db: Database, project_id: int) -> SkillsMatrix:
    """The project's skills matrix: members × needed competencies, required and current."""
    with db.session() as session:
        return project_matrix(session, project_id)


# --- Gaps -----------------------------------------------------------------------------


@dataclass(frozen=True)
class GapRow:
    """One person short of what one competency needs on one project."""

    person_id: int
    full_name: str
    project_id: int
    project_reference: str
    project_name: str
    role: TeamRole
    competency_key: str
    competency_name: str
    required: SkillLevel
    current: CurrentRating
    open_action_id: int | None = None
    open_action: str = ""

    @property
    def gap(self) -> int:
        return gap(self.required, self.current.level)


def gaps_for_project(db: Database, project_id: int) -> list[GapRow]:
    """The project's gaps, largest first."""
    with db.session() as session:
        project = load(session, Project, project_id, "project")
        return _sorted(_project_gaps(session, project))


def organisation_gaps(db: Database) -> list[GapRow]:
    """Gaps on every active project, largest first."""
    with db.session() as session:
        projects = session.scalars(select(Project).where(Project.status == ProjectStatus.ACTIVE))
        return _sorted([row for project in projects for row in _project_gaps(session, project)])


def gaps_for_person(db: Database, person_id: int) -> list[GapRow]:
    """A person's gaps across the active projects they work on, for a gap review."""
    return [row for row in organisation_gaps(db) if row.person_id == person_id]


def _project_gaps(session: Session, project: Project) -> list[GapRow]:
    matrix = project_matrix(session, project.id)
    names = {member.person_id: member.full_name for member in matrix.members}
    described = {c.key: c for c in matrix.competencies}
    actions = _open_actions(session, names)
    rows = []
    for cell in matrix.cells:
        if cell.gap <= 0:
            continue
        competency = described[cell.competency_key]
        action_id, action = actions.get((cell.person_id, cell.competency_key), (None, ""))
        rows.append(
            GapRow(
                cell.person_id,
                names[cell.person_id],
                project.id,
                project.reference,
                project.name,
                competency.role,
                competency.key,
                competency.name,
                cell.required,
                cell.current,
                action_id,
                action,
            )
        )
    return rows


def _open_actions(
    session: Session, person_ids: Iterable[int]
) -> dict[tuple[int, str], tuple[int, str]]:
    query = (
        select(TrainingAction)
        .where(
            TrainingAction.person_id.in_(set(person_ids)),
            TrainingAction.status.in_(OPEN_STATUSES),
        )
        .order_by(TrainingAction.id)
    )
    found: dict[tuple[int, str], tuple[int, str]] = {}
    for action in session.scalars(query):
        found.setdefault((action.person_id, action.competency_key), (action.id, action.description))
    return found


def _sorted(rows: list[GapRow]) -> list[GapRow]:
    return sorted(
        rows,
        key=lambda row: (
            -row.gap,
            row.project_reference,
            name_order(row.full_name),
            row.competency_key,
        ),
    )
