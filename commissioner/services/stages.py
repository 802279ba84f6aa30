"""A project's stages and gates: read them, record gate decisions, move the project on.

Each function is one user action in one unit of work. Those the interface can undo
return what undo needs: the record tree of a deleted gate, the previous state of an
item, or the whole before-and-after position of an advance.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from commissioner.errors import CommissionerError, RecordNotFoundError, ValidationError
from commissioner.models import (
    ChecklistItem,
    ContractUseCase,
    Gate,
    GateCondition,
    Project,
    Stage,
)
from commissioner.models.dates import format_date
from commissioner.models.enums import ConditionStatus, StageKind, StageStatus, WarningStatus
from commissioner.models.stage_rules import (
    SnapshotLine,
    can_advance,
    encode_checklist_snapshot,
    future_date_problem,
    next_stage,
    refusal_reason,
    use_case_evidence,
)
from commissioner.services.checklist_templates import (
    checklist_for_new_stage,
    list_templates,
    replace_templates,
)
from commissioner.services.gate_input import (
    ConditionInput,
    GateInput,
    StageDatesInput,
    dates_as_input,
    validate_gate,
    validate_stage_dates,
)
from commissioner.services.records import delete_record
from commissioner.services.records import load_record as _load
from commissioner.services.stage_views import (
    ChecklistLine,
    ConditionView,
    GateView,
    ProjectStages,
    StageView,
    TimelineData,
    condition_view,
    project_stages,
    timeline,
)
from commissioner.storage import Database
from commissioner.storage.snapshots import RecordTree


@dataclass(frozen=True)
class StagePosition:
    """The parts of a stage that advancing changes."""

    stage_id: int
    status: StageStatus
    actual_start: dt.date | None
    actual_end: dt.date | None
    override_reason: str


@dataclass(frozen=True)
class ProjectPosition:
    """Where a project stood: its current stage and the two stages an advance touches."""

    current_stage: StageKind
    stages: tuple[StagePosition, ...]


@dataclass(frozen=True)
class AdvanceResult:
    """What an advance did, with the exact positions before and after for undo and redo."""

    project_id: int
    left: StageKind
    entered: StageKind
    overridden: bool
    before: ProjectPosition
    after: ProjectPosition


def get_stages(db: Database, project_id: int) -> ProjectStages:
    """The project's five stages with checklists, gates and their conditions."""
    stages = selectinload(Project.stages)
    query = (
        select(Project)
        .where(Project.id == project_id)
        .options(
            stages.selectinload(Stage.checklist),
            stages.selectinload(Stage.gates).selectinload(Gate.condition_items),
        )
    )
    with db.session() as session:
        project = session.scalar(query)
        if project is None:
            raise RecordNotFoundError("That project no longer exists.")
        return project_stages(project)


def record_gate(
    db: Database, stage_id: int, form: GateInput, *, today: dt.date | None = None
) -> int:
    """Record a gate decision, freezing the stage's checklist as it stands; returns its id."""
    with db.session() as session:
        stage = _load(session, Stage, stage_id, "stage")
        valid = validate_gate(form, stage.kind, stage.status, stage.actual_start, today)
        gate = Gate(
            stage_id=stage.id,
            decision=valid.decision,
            decided_on=valid.decided_on,
            decision_maker=valid.decision_maker,
            gateway_review=valid.gateway_review,
            conditions=valid.notes,
            checklist_snapshot=encode_checklist_snapshot(
                (line.text, line.done) for line in _gate_evidence(session, stage)
            ),
            condition_items=[
                GateCondition(text=text, owner=owner, due_on=due_on)
                for text, owner, due_on in valid.conditions
            ],
        )
        session.add(gate)
        session.flush()
        return gate.id


def gate_evidence(db: Database, stage_id: int) -> tuple[SnapshotLine, ...]:
    """What a gate decision on the stage would freeze: its checklist as it stands, and
    for the contracting gate the state of the contract use-case tests."""
    with db.session() as session:
        return _gate_evidence(session, _load(session, Stage, stage_id, "stage"))


def _gate_evidence(session: Session, stage: Stage) -> tuple[SnapshotLine, ...]:
    lines = [SnapshotLine(item.text, item.done) for item in stage.checklist]
    if stage.kind is StageKind.CONTRACTING:
        ambiguous = ContractUseCase.ambiguous.is_(True) & (
            ContractUseCase.status != WarningStatus.CLOSED
        )
        tested, outstanding = session.execute(
            select(
                func.count(ContractUseCase.id),
                func.count(ContractUseCase.id).filter(ambiguous),
            ).where(ContractUseCase.project_id == stage.project_id)
        ).one()
        lines.append(use_case_evidence(tested, outstanding))
    return tuple(lines)


def delete_gate(db: Database, gate_id: int) -> RecordTree:
    """Remove a gate and its conditions; returns what ``restore_records`` needs to undo it."""
    return delete_record(db, Gate, gate_id, "gate decision")


def advance_stage(
    db: Database,
    project_id: int,
    *,
    on: dt.date,
    override_reason: str = "",
    today: dt.date | None = None,
) -> AdvanceResult:
    """Finish the current stage on ``on`` and start the next.

    Needs an approving latest gate on the current stage, or a reason to override,
    which is kept on the stage being left (and so in the audit trail).
    """
    reason = " ".join(override_reason.split())
    with db.session() as session:
        project = _load(session, Project, project_id, "project")
        leaving = _stage_of(project, project.current_stage)
        entering = _stage_of(project, _following(project))
        allowed = _check_advance(leaving, on, reason, today or dt.date.today())
        before = _position(project, leaving, entering)
        leaving.status, leaving.actual_end = StageStatus.COMPLETE, on
        if not allowed:
            leaving.override_reason = reason
        entering.status, entering.actual_start = StageStatus.IN_PROGRESS, on
        entering.actual_end = None
        project.current_stage = entering.kind
        after = _position(project, leaving, entering)
    return AdvanceResult(project_id, leaving.kind, entering.kind, not allowed, before, after)


def revert_advance(db: Database, result: AdvanceResult) -> None:
    """Undo an advance: put statuses, dates, reason and current stage back exactly."""
    _move(db, result, result.after, result.before)


def reapply_advance(db: Database, result: AdvanceResult) -> None:
    """Redo an undone advance exactly as it was first made."""
    _move(db, result, result.before, result.after)


def set_checklist_item_done(
    db: Database, item_id: int, done: bool, on: dt.date | None
) -> ChecklistLine:
    """Tick (done on ``on``) or untick an evidence item; returns it as it was before."""
    with db.session() as session:
        item = _load(session, ChecklistItem, item_id, "checklist item")
        before = ChecklistLine(item.id, item.text, item.done, item.done_on)
        item.done = done
        item.done_on = on if done else None
    return before


def update_stage_dates(
    db: Database, stage_id: int, dates: StageDatesInput, *, today: dt.date | None = None
) -> StageDatesInput:
    """Save a stage's planned and actual dates; returns the previous ones for undo."""
    with db.session() as session:
        stage = _load(session, Stage, stage_id, "stage")
        valid = validate_stage_dates(dates, stage.kind, stage.status, today)
        before = dates_as_input(
            stage.planned_start, stage.planned_end, stage.actual_start, stage.actual_end
        )
        for key, value in valid.items():
            if getattr(stage, key) != value:
                setattr(stage, key, value)
    return before


def set_condition_status(
    db: Database, condition_id: int, status: ConditionStatus, on: dt.date | None
) -> ConditionView:
    """Mark a gate condition met or waived on ``on``, or open again; returns it as it was."""
    if status is not ConditionStatus.OPEN and on is None:
        raise ValidationError({"closed_on": "Give the date the condition was closed."})
    with db.session() as session:
        condition = _load(session, GateCondition, condition_id, "gate condition")
        before = condition_view(condition)
        condition.status = status
        condition.closed_on = None if status is ConditionStatus.OPEN else on
    return before


def _stage_of(project: Project, kind: StageKind) -> Stage:
    for stage in project.stages:
        if stage.kind is kind:
            return stage
    raise CommissionerError(f"{project.reference} has no {kind.label} stage.")


def _following(project: Project) -> StageKind:
    if project.archived_at is not None:
        raise CommissionerError("Restore the project from the archive before moving it on.")
    following = next_stage(project.current_stage)
    if following is None:
        raise CommissionerError(
            f"{project.current_stage.label} is the last stage; there is no stage to advance to."
        )
    return following


def _check_advance(leaving: Stage, on: dt.date, reason: str, today: dt.date) -> bool:
    """Whether the gate allows the move; raises when the date or a missing reason refuse it."""
    problem = future_date_problem(on, today, "date the stage ended")
    if problem is None and leaving.actual_start is not None and on < leaving.actual_start:
        started = format_date(leaving.actual_start)
        problem = f"{leaving.kind.label} started on {started}; it cannot end before then."
    if problem:
        raise ValidationError({"on": problem})
    latest = leaving.gates[-1] if leaving.gates else None
    allowed = can_advance(latest.decision if latest else None)
    if not allowed and not reason:
        why = refusal_reason(
            leaving.kind, latest.decision if latest else None, latest.decided_on if latest else None
        )
        raise ValidationError(
            {"override_reason": f"{why} Record an approved gate, or give a reason to override."}
        )
    return allowed


def _position(project: Project, *stages: Stage) -> ProjectPosition:
    return ProjectPosition(
        project.current_stage,
        tuple(
            StagePosition(s.id, s.status, s.actual_start, s.actual_end, s.override_reason)
            for s in stages
        ),
    )


def _move(db: Database, result: AdvanceResult, now: ProjectPosition, to: ProjectPosition) -> None:
    with db.session() as session:
        project = _load(session, Project, result.project_id, "project")
        if project.current_stage is not now.current_stage:
            raise CommissionerError(
                f"{project.reference} is now at {project.current_stage.label}, "
                "so this stage move no longer applies."
            )
        project.current_stage = to.current_stage
        for position in to.stages:
            stage = _load(session, Stage, position.stage_id, "stage")
            for key in ("status", "actual_start", "actual_end", "override_reason"):
                if getattr(stage, key) != getattr(position, key):
                    setattr(stage, key, getattr(position, key))


__all__ = [
    "AdvanceResult",
    "ChecklistLine",
    "ConditionInput",
    "ConditionView",
    "GateInput",
    "GateView",
    "ProjectPosition",
    "ProjectStages",
    "StageDatesInput",
    "StagePosition",
    "StageView",
    "TimelineData",
    "advance_stage",
    "checklist_for_new_stage",
    "delete_gate",
    "get_stages",
    "list_templates",
    "reapply_advance",
    "record_gate",
    "replace_templates",
    "revert_advance",
    "set_checklist_item_done",
    "set_condition_status",
    "timeline",
    "update_stage_dates",
]
