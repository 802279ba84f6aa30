"""Use cases for commissioning projects: list, read, create, edit, archive, delete."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased, selectinload

from commissioner.errors import RecordNotFoundError, ValidationError
from commissioner.models import DeliveryConfidenceAssessment, Person, Project, Stage
from commissioner.models.confidence_rules import trend
from commissioner.models.dates import format_date
from commissioner.models.enums import (
    ConfidenceRating,
    DeliveryModel,
    GateDecision,
    ProjectStatus,
    ProtectiveMarking,
    StageKind,
    StageStatus,
    SupplierCategory,
)
from commissioner.services.checklist_templates import checklist_for_new_stage
from commissioner.services.project_input import (
    ProjectInput,
    ValidProject,
    budget_text,
    normalise_reference,
    validate_project,
)
from commissioner.storage import Database
from commissioner.storage.snapshots import RecordTree, capture_tree, restore_tree


@dataclass(frozen=True)
class ProjectSummary:
    """One row of the portfolio."""

    id: int
    reference: str
    name: str
    service_area: str
    stage: StageKind
    status: ProjectStatus
    confidence: ConfidenceRating | None
    previous_confidence: ConfidenceRating | None
    approved_budget_pence: int | None
    lead_commissioner: str
    archived: bool

    @property
    def confidence_trend(self) -> str:
        """'improving', 'worsening', 'steady' or '' when there is nothing to compare."""
        return trend(self.confidence, self.previous_confidence)


@dataclass(frozen=True)
class StageSummary:
    id: int
    kind: StageKind
    status: StageStatus
    planned_start: dt.date | None
    planned_end: dt.date | None
    actual_start: dt.date | None
    actual_end: dt.date | None
    latest_gate: GateDecision | None
    latest_gate_on: dt.date | None


@dataclass(frozen=True)
class ConfidenceSummary:
    assessed_on: dt.date
    rating: ConfidenceRating
    rationale: str
    assessed_by: str


@dataclass(frozen=True)
class ProjectDetail:
    """Everything the project overview shows."""

    id: int
    reference: str
    name: str
    service_area: str
    description: str
    delivery_model: DeliveryModel
    supplier_category: SupplierCategory | None
    lead_commissioner_id: int | None
    lead_commissioner: str
    sponsor_id: int | None
    sponsor: str
    approved_budget_pence: int | None
    start_date: dt.date | None
    end_date: dt.date | None
    status: ProjectStatus
    current_stage: StageKind
    protective_marking: ProtectiveMarking
    archived: bool
    stages: tuple[StageSummary, ...]
    confidence_history: tuple[ConfidenceSummary, ...]

    def as_input(self) -> ProjectInput:
        """The project as the edit form shows it."""
        return ProjectInput(
            reference=self.reference,
            name=self.name,
            service_area=self.service_area,
            description=self.description,
            delivery_model=self.delivery_model,
            supplier_category=self.supplier_category,
            lead_commissioner_id=self.lead_commissioner_id,
            sponsor_id=self.sponsor_id,
            approved_budget=budget_text(self.approved_budget_pence),
            start_date=format_date(self.start_date),
            end_date=format_date(self.end_date),
            status=self.status,
            protective_marking=self.protective_marking,
        )


def list_projects(db: Database, *, include_archived: bool = False) -> list[ProjectSummary]:
    """The portfolio, ordered by reference, with each project's latest confidence rating."""
    lead = aliased(Person)
    query = (
        select(
            Project.id,
            Project.reference,
            Project.name,
            Project.service_area,
            Project.current_stage,
            Project.status,
            Project.approved_budget_pence,
            func.coalesce(lead.full_name, ""),
            Project.archived_at,
        )
        .outerjoin(lead, Project.lead_commissioner_id == lead.id)
        .order_by(Project.reference)
    )
    if not include_archived:
        query = query.where(Project.archived_at.is_(None))
    with db.session() as session:
        rows = session.execute(query).all()
        ratings = _latest_ratings(session)
    return [
        ProjectSummary(
            id=row[0],
            reference=row[1],
            name=row[2],
            service_area=row[3],
            stage=row[4],
            status=row[5],
            approved_budget_pence=row[6],
            lead_commissioner=row[7],
            archived=row[8] is not None,
            confidence=ratings.get(row[0], (None, None))[0],
            previous_confidence=ratings.get(row[0], (None, None))[1],
        )
        for row in rows
    ]


def _latest_ratings(
    session: Session,
) -> dict[int, tuple[ConfidenceRating | None, ConfidenceRating | None]]:
    query = select(
        DeliveryConfidenceAssessment.project_id, DeliveryConfidenceAssessment.rating
    ).order_by(
        DeliveryConfidenceAssessment.project_id,
        DeliveryConfidenceAssessment.assessed_on,
        DeliveryConfidenceAssessment.id,
    )
    latest: dict[int, tuple[ConfidenceRating | None, ConfidenceRating | None]] = {}
    for project_id, rating in session.execute(query):
        previous = latest.get(project_id, (None, None))[0]
        latest[project_id] = (rating, previous)
    return latest


def get_project(db: Database, project_id: int) -> ProjectDetail:
    """The whole project as the overview shows it."""
    with db.session() as session:
        project = session.scalar(
            select(Project)
            .where(Project.id == project_id)
            .options(
                selectinload(Project.stages).selectinload(Stage.gates),
                selectinload(Project.confidence_assessments),
                selectinload(Project.lead_commissioner),
                selectinload(Project.sponsor),
            )
        )
        if project is None:
            raise RecordNotFoundError("That project no longer exists.")
        return _detail(project)


def _detail(project: Project) -> ProjectDetail:
    return ProjectDetail(
        id=project.id,
        reference=project.reference,
        name=project.name,
        service_area=project.service_area,
        description=project.description,
        delivery_model=project.delivery_model,
        supplier_category=project.supplier_category,
        lead_commissioner_id=project.lead_commissioner_id,
        lead_commissioner=project.lead_commissioner.full_name if project.lead_commissioner else "",
        sponsor_id=project.sponsor_id,
        sponsor=project.sponsor.full_name if project.sponsor else "",
        approved_budget_pence=project.approved_budget_pence,
        start_date=project.start_date,
        end_date=project.end_date,
        status=project.status,
        current_stage=project.current_stage,
        protective_marking=project.protective_marking,
        archived=project.archived_at is not None,
        stages=tuple(_stage_summary(stage) for stage in project.stages),
        confidence_history=tuple(
            ConfidenceSummary(dca.assessed_on, dca.rating, dca.rationale, dca.assessed_by)
            for dca in project.confidence_assessments
        ),
    )


def _stage_summary(stage: Stage) -> StageSummary:
    gate = stage.gates[-1] if stage.gates else None
    return StageSummary(
        id=stage.id,
        kind=stage.kind,
        status=stage.status,
        planned_start=stage.planned_start,
        planned_end=stage.planned_end,
        actual_start=stage.actual_start,
        actual_end=stage.actual_end,
        latest_gate=gate.decision if gate else None,
        latest_gate_on=gate.decided_on if gate else None,
    )


def reference_in_use(session: Session, reference: str, *, except_id: int | None = None) -> bool:
    query = select(Project.id).where(Project.reference == normalise_reference(reference))
    if except_id is not None:
        query = query.where(Project.id != except_id)
    return session.scalar(query) is not None


def create_project(db: Database, form: ProjectInput) -> int:
    """Add a project with its five stages; the first stage starts in progress."""
    with db.session() as session:
        valid = validate_project(form, reference_taken=reference_in_use(session, form.reference))
        _check_people_exist(session, valid)
        project = Project(**_project_columns(valid), current_stage=valid.initial_stage)
        project.stages = [
            Stage(
                kind=kind,
                sequence=kind.sequence,
                status=StageStatus.IN_PROGRESS
                if kind is valid.initial_stage
                else StageStatus.NOT_STARTED,
                actual_start=valid.start_date if kind is valid.initial_stage else None,
                checklist=checklist_for_new_stage(session, kind),
            )
            for kind in StageKind
        ]
        session.add(project)
        session.flush()
        return project.id


def update_project(db: Database, project_id: int, form: ProjectInput) -> None:
    """Save the edit form over a project's fields."""
    with db.session() as session:
        project = _load(session, project_id)
        taken = reference_in_use(session, form.reference, except_id=project_id)
        valid = validate_project(form, reference_taken=taken)
        _check_people_exist(session, valid)
        for key, value in _project_columns(valid).items():
            if getattr(project, key) != value:
                setattr(project, key, value)


def set_archived(db: Database, project_id: int, archived: bool) -> None:
    """Archive a project (hidden from the portfolio, kept whole) or bring it back."""
    with db.session() as session:
        project = _load(session, project_id)
        if archived and project.archived_at is None:
            project.archived_at = dt.datetime.now().replace(microsecond=0)
        elif not archived:
            project.archived_at = None


def delete_project(db: Database, project_id: int) -> RecordTree:
    """Delete a project and everything it owns; returns what undo needs to restore it."""
    with db.session() as session:
        project = _load(session, project_id)
        tree = capture_tree(project)
        session.delete(project)
    return tree


def restore_records(db: Database, tree: RecordTree) -> None:
    """Put back a deleted record and its children exactly as they were."""
    with db.session() as session:
        restore_tree(session, tree)


def _check_people_exist(session: Session, valid: ValidProject) -> None:
    problems = {
        field: "That person is no longer in the database; choose someone else."
        for field, person_id in (
            ("lead_commissioner_id", valid.lead_commissioner_id),
            ("sponsor_id", valid.sponsor_id),
        )
        if person_id is not None and session.get(Person, person_id) is None
    }
    if problems:
        raise ValidationError(problems)


def _load(session: Session, project_id: int) -> Project:
    project = session.get(Project, project_id)
    if project is None:
        raise RecordNotFoundError("That project no longer exists.")
    return project


def _project_columns(valid: ValidProject) -> dict[str, object]:
    columns = {key: getattr(valid, key) for key in _EDITABLE_COLUMNS}
    return columns


_EDITABLE_COLUMNS = (
    "reference",
    "name",
    "service_area",
    "description",
    "delivery_model",
    "supplier_category",
    "lead_commissioner_id",
    "sponsor_id",
    "approved_budget_pence",
    "start_date",
    "end_date",
    "status",
    "protective_marking",
)

__all__ = [
    "ConfidenceSummary",
    "ProjectDetail",
    "ProjectInput",
    "ProjectSummary",
    "StageSummary",
    "create_project",
    "delete_project",
    "get_project",
    "list_projects",
    "restore_records",
    "set_archived",
    "update_project",
]
