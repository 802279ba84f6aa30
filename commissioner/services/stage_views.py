"""What the stages area and its timeline show: frozen copies of stages, gates and conditions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from commissioner.models import Gate, GateCondition, Project, Stage
from commissioner.models.enums import ConditionStatus, GateDecision, StageKind, StageStatus
from commissioner.models.stage_rules import (
    SnapshotLine,
    can_advance,
    decode_checklist_snapshot,
    next_stage,
    refusal_reason,
    slip_days,
)


@dataclass(frozen=True)
class ChecklistLine:
    """One evidence item of a stage, as it stands now."""

    id: int
    text: str
    done: bool
    done_on: dt.date | None


@dataclass(frozen=True)
class ConditionView:
    """A condition a gate set, tracked until it is met or waived."""

    id: int
    text: str
    owner: str
    due_on: dt.date | None
    status: ConditionStatus
    closed_on: dt.date | None

    def is_overdue(self, today: dt.date) -> bool:
        """Still open after its due date."""
        return (
            self.status is ConditionStatus.OPEN and self.due_on is not None and self.due_on < today
        )


@dataclass(frozen=True)
class GateView:
    """A recorded gate decision with the checklist frozen at that moment."""

    id: int
    decision: GateDecision
    decided_on: dt.date
    decision_maker: str
    gateway_review: str
    notes: str
    checklist_snapshot: tuple[SnapshotLine, ...]
    conditions: tuple[ConditionView, ...]

    @property
    def open_conditions(self) -> int:
        return sum(condition.status is ConditionStatus.OPEN for condition in self.conditions)


@dataclass(frozen=True)
class StageView:
    id: int
    kind: StageKind
    status: StageStatus
    planned_start: dt.date | None
    planned_end: dt.date | None
    actual_start: dt.date | None
    actual_end: dt.date | None
    #: Why the project left this stage without an approving gate ('' if it did not).
    override_reason: str
    checklist: tuple[ChecklistLine, ...]
    gates: tuple[GateView, ...]

    @property
    def latest_gate(self) -> GateView | None:
        return self.gates[-1] if self.gates else None

    @property
    def may_advance(self) -> bool:
        """Whether the latest gate lets the project leave this stage without an override."""
        gate = self.latest_gate
        return can_advance(gate.decision if gate else None)

    def refusal(self) -> str:
        """Why leaving needs an override ('' when the latest gate approves)."""
        if self.may_advance:
            return ""
        gate = self.latest_gate
        return refusal_reason(
            self.kind, gate.decision if gate else None, gate.decided_on if gate else None
        )


@dataclass(frozen=True)
class ProjectStages:
    """One project's five stages, in order, and which one it is in."""

    project_id: int
    reference: str
    current_stage: StageKind
    archived: bool
    stages: tuple[StageView, ...]

    def stage(self, kind: StageKind) -> StageView:
        return next(stage for stage in self.stages if stage.kind is kind)

    @property
    def current(self) -> StageView:
        return self.stage(self.current_stage)

    @property
    def next_stage(self) -> StageKind | None:
        return next_stage(self.current_stage)


@dataclass(frozen=True)
class TimelineBar:
    """One stage on the timeline: its plan, and what actually happened up to today."""

    kind: StageKind
    status: StageStatus
    planned_start: dt.date | None
    planned_end: dt.date | None
    actual_start: dt.date | None
    #: The actual end, or today for the stage in progress.
    actual_until: dt.date | None
    #: Days past the planned end (so far, when in progress); None when not late or unknown.
    slip_days: int | None
    #: The project left this stage without an approving gate.
    overridden: bool = False

    @property
    def in_progress(self) -> bool:
        return self.status is StageStatus.IN_PROGRESS


@dataclass(frozen=True)
class GateMarker:
    kind: StageKind
    decided_on: dt.date
    decision: GateDecision


@dataclass(frozen=True)
class TimelineData:
    """Everything the stage timeline draws."""

    today: dt.date
    bars: tuple[TimelineBar, ...]
    gates: tuple[GateMarker, ...]

    def span(self) -> tuple[dt.date, dt.date]:
        """The earliest and latest dates shown, always including today."""
        dates: list[dt.date | None] = [self.today, *(gate.decided_on for gate in self.gates)]
        for bar in self.bars:
            dates += [bar.planned_start, bar.planned_end, bar.actual_start, bar.actual_until]
        known = [value for value in dates if value is not None]
        return min(known), max(known)


def project_stages(project: Project) -> ProjectStages:
    """Copy a loaded project's stages into frozen views (no lazy loads afterwards)."""
    return ProjectStages(
        project_id=project.id,
        reference=project.reference,
        current_stage=project.current_stage,
        archived=project.archived_at is not None,
        stages=tuple(_stage_view(stage) for stage in project.stages),
    )


def _stage_view(stage: Stage) -> StageView:
    return StageView(
        id=stage.id,
        kind=stage.kind,
        status=stage.status,
        planned_start=stage.planned_start,
        planned_end=stage.planned_end,
        actual_start=stage.actual_start,
        actual_end=stage.actual_end,
        override_reason=stage.override_reason or "",
        checklist=tuple(
            ChecklistLine(item.id, item.text, item.done, item.done_on) for item in stage.checklist
        ),
        gates=tuple(_gate_view(gate) for gate in stage.gates),
    )


def _gate_view(gate: Gate) -> GateView:
    return GateView(
        id=gate.id,
        decision=gate.decision,
        decided_on=gate.decided_on,
        decision_maker=gate.decision_maker,
        gateway_review=gate.gateway_review or "",
        notes=gate.conditions or "",
        checklist_snapshot=decode_checklist_snapshot(gate.checklist_snapshot),
        conditions=tuple(condition_view(item) for item in gate.condition_items),
    )


def condition_view(condition: GateCondition) -> ConditionView:
    return ConditionView(
        id=condition.id,
        text=condition.text,
        owner=condition.owner or "",
        due_on=condition.due_on,
        status=condition.status,
        closed_on=condition.closed_on,
    )


def timeline(stages: ProjectStages, today: dt.date) -> TimelineData:
    """Planned against actual bars per stage, and a marker per gate decision."""
    bars = tuple(_bar(stage, today) for stage in stages.stages)
    gates = tuple(
        GateMarker(stage.kind, gate.decided_on, gate.decision)
        for stage in stages.stages
        for gate in stage.gates
    )
    return TimelineData(today, bars, gates)


def _bar(stage: StageView, today: dt.date) -> TimelineBar:
    in_progress = stage.status is StageStatus.IN_PROGRESS
    until = stage.actual_end
    if in_progress and stage.actual_start is not None:
        until = max(today, stage.actual_start)
    days = slip_days(stage.planned_end, until if stage.actual_start is not None else None)
    return TimelineBar(
        kind=stage.kind,
        status=stage.status,
        planned_start=stage.planned_start,
        planned_end=stage.planned_end,
        actual_start=stage.actual_start,
        actual_until=until if stage.actual_start is not None else None,
        slip_days=days if days is not None and days > 0 else None,
        overridden=bool(stage.override_reason),
    )
