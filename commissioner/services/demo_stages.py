"""Stage evidence for the demo portfolio: checklists, frozen gate evidence, conditions, an override.

Runs inside the demo's unit of work once its projects, stages and gates exist, and dates
everything from the stages' own dates so the story stays consistent with ``today``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from commissioner.models import ChecklistItem, Gate, GateCondition, Project, Stage
from commissioner.models.enums import ConditionStatus, GateDecision, StageKind, StageStatus
from commissioner.models.stage_rules import encode_checklist_snapshot, next_stage
from commissioner.services.checklist_templates import checklist_for_new_stage

#: Projects whose most recent gate conditions are still being worked on (one overdue).
_CONDITIONS_STILL_OPEN = ("Home care recommissioning", "SEND home-to-school transport")
#: Days allowed for each successive condition of a gate.
CONDITION_INTERVAL_DAYS = 28
#: Days before its due date that a met condition was closed.
CLOSED_EARLY_DAYS = 4
#: The project that started a stage without an approving gate, and the stage it left.
_OVERRIDDEN = ("Highways maintenance term contract", StageKind.CONTRACTING)
#: Days after the override that the last contracting evidence arrived.
_LATE_EVIDENCE_DAYS = 9
_DEFERRAL = "The contract is not yet signed and the parent company guarantee is outstanding."
_OVERRIDE_REASON = (
    "The previous term contract expired the next day and winter gritting could not stop. "
    "The Director of Place authorised service start at risk; the contract and the parent "
    "company guarantee were signed in the second week."
)


def add_stage_demo(session: Session, today: dt.date) -> None:
    """Give the demo's stages their checklists, gates their evidence and conditions."""
    query = select(Project).options(
        selectinload(Project.lead_commissioner),
        selectinload(Project.stages).selectinload(Stage.gates),
    )
    for project in session.scalars(query):
        for stage in project.stages:
            _fill_checklist(session, stage, today)
        if project.name == _OVERRIDDEN[0]:
            _override(project, _OVERRIDDEN[1], today)
        for stage in project.stages:
            for gate in stage.gates:
                gate.checklist_snapshot = _snapshot(stage.checklist, gate.decided_on)
        _add_conditions(project, today)


def _fill_checklist(session: Session, stage: Stage, today: dt.date) -> None:
    """Finished stages have all their evidence; the current stage about half of it."""
    if stage.checklist:
        return
    items = checklist_for_new_stage(session, stage.kind)
    for item, done_on in zip(items, _done_dates(stage, len(items), today), strict=True):
        item.done, item.done_on = done_on is not None, done_on
    stage.checklist = items


def _done_dates(stage: Stage, count: int, today: dt.date) -> list[dt.date | None]:
    start = stage.actual_start
    if start is None or count == 0 or stage.status is StageStatus.NOT_STARTED:
        return [None] * count
    if stage.status is StageStatus.COMPLETE and stage.actual_end is not None:
        span = (stage.actual_end - start).days
        return [start + dt.timedelta(days=span * (i + 1) // count) for i in range(count)]
    done = (count + 1) // 2
    span = max((today - start).days, 0)
    dates = [start + dt.timedelta(days=span * (i + 1) // (done + 1)) for i in range(done)]
    return [*dates, *[None] * (count - done)]


def _snapshot(checklist: list[ChecklistItem], decided_on: dt.date) -> str:
    """The checklist as it stood on the day of the decision."""
    return encode_checklist_snapshot(
        (item.text, item.done_on is not None and item.done_on <= decided_on) for item in checklist
    )


def _override(project: Project, kind: StageKind, today: dt.date) -> None:
    """The stage's gate was deferred, but the project had to move on regardless."""
    stage = next((stage for stage in project.stages if stage.kind is kind), None)
    if stage is None or stage.status is not StageStatus.COMPLETE or not stage.gates:
        return
    gate = stage.gates[-1]
    gate.decision, gate.conditions = GateDecision.DEFERRED, _DEFERRAL
    stage.override_reason = _OVERRIDE_REASON
    if stage.checklist and stage.actual_end is not None:
        late = stage.actual_end + dt.timedelta(days=_LATE_EVIDENCE_DAYS)
        stage.checklist[-1].done_on = min(late, today)


def _add_conditions(project: Project, today: dt.date) -> None:
    """Conditions from each conditional approval's wording; the latest may still be open."""
    owner = project.lead_commissioner.full_name if project.lead_commissioner else ""
    previous = _previous_stage(project.current_stage)
    for stage in project.stages:
        for gate in stage.gates:
            if gate.decision is not GateDecision.APPROVED_WITH_CONDITIONS:
                continue
            still_open = project.name in _CONDITIONS_STILL_OPEN and stage.kind is previous
            gate.condition_items = _conditions(gate, owner, still_open, today)


def _conditions(gate: Gate, owner: str, still_open: bool, today: dt.date) -> list[GateCondition]:
    texts = [part.strip().rstrip(".") for part in gate.conditions.split(";") if part.strip()]
    made = []
    for index, text in enumerate(texts):
        due_on = gate.decided_on + dt.timedelta(days=CONDITION_INTERVAL_DAYS * (index + 1))
        condition = GateCondition(text=f"{text[:1].upper()}{text[1:]}.", owner=owner, due_on=due_on)
        if still_open and index == len(texts) - 1:
            condition.status, condition.closed_on = ConditionStatus.OPEN, None
        else:
            closed_on = min(due_on - dt.timedelta(days=CLOSED_EARLY_DAYS), today)
            condition.status, condition.closed_on = ConditionStatus.MET, closed_on
        made.append(condition)
    return made


def _previous_stage(kind: StageKind) -> StageKind | None:
    return next((stage for stage in StageKind if next_stage(stage) is kind), None)


__all__ = ["add_stage_demo"]
