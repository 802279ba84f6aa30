"""The pack's stage and gate position: where the project is, how its stages ran against
plan, what the gates decided, which conditions are still open and when the next gate falls.

The executive summary reuses `next_gate_text`, `gate_decision_needed` and
`current_schedule` so both sections state the gate position in the same words.
"""

from __future__ import annotations

import datetime as dt

from commissioner.models.dates import format_date
from commissioner.models.enums import ConditionStatus, GateDecision, StageKind, StageStatus
from commissioner.models.stage_rules import slip_band, slip_days, slip_text
from commissioner.reports.blocks import (
    Block,
    Column,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Section,
    Subheading,
    Table,
    Timeline,
    TimelineBar,
)
from commissioner.services.pack_sections.context import PackContext
from commissioner.services.stage_views import (
    ConditionView,
    GateView,
    ProjectStages,
    StageView,
    timeline,
)
from commissioner.services.stages import get_stages
from commissioner.storage import Database

#: A gate whose stage is planned to end within this many days is "due" for the board:
#: roughly one board cycle, so the decision can be tabled before the date passes.
GATE_DUE_WINDOW_DAYS = 42
#: A gate closer than this is counted down in days; further off, its date is enough.
_SOON_DAYS = 90
#: Open conditions listed in the section, overdue first; the rest are counted.
CONDITIONS_SHOWN = 10

_STATUS_WORDS = {
    StageStatus.COMPLETE: "Complete",
    StageStatus.IN_PROGRESS: "Current",
    StageStatus.NOT_STARTED: "Not started",
}


def build_stage_position(db: Database, context: PackContext) -> Section:
    """The stage and gate position section of a project pack."""
    stages = get_stages(db, context.project_id)
    as_of = context.as_of
    blocks: list[Block] = [
        _key_figures(stages, as_of),
        Paragraph(f"{_position_text(stages, as_of)} {next_gate_text(stages, as_of)}", "lead"),
        Subheading("Stages against plan"),
        _stage_table(stages, as_of),
        *_override_notes(stages),
        _timeline(stages, as_of),
        Subheading("Gate decisions"),
        _gate_table(stages),
        Subheading("Open gate conditions"),
        *_condition_blocks(stages, as_of),
    ]
    return Section(key="stages", title="Stage and gate position", blocks=tuple(blocks))


# ----- shared with the executive summary -------------------------------------------


def current_schedule(stages: ProjectStages, as_of: dt.date) -> tuple[int | None, str]:
    """Days the current stage is late (negative when early) and its schedule RAG word."""
    days = stage_slips(stages, as_of)[stages.current_stage]
    band = slip_band(days)
    return days, band.label if band else ""


def schedule_text(status: StageStatus, days: int | None) -> str:
    """'12 days late', 'on time', '3 days early', or 'on schedule' for a stage under way
    that has not yet passed its planned end (it cannot be 'early' before it finishes)."""
    if status is StageStatus.IN_PROGRESS and days is not None and days <= 0:
        return "on schedule"
    return slip_text(days)


def stage_slips(stages: ProjectStages, as_of: dt.date) -> dict[StageKind, int | None]:
    """Each started stage's days against its planned end, as the stage timeline measures
    them (a current stage to ``as_of``); None for a stage not started or not planned."""
    return {
        bar.kind: slip_days(bar.planned_end, bar.actual_until)
        for bar in timeline(stages, as_of).bars
    }


def gate_decision_needed(stages: ProjectStages, as_of: dt.date) -> bool:
    """Whether the current stage's gate needs deciding now: the stage is under way with no
    approving gate and is planned to end within a board cycle (or already should have)."""
    stage = stages.current
    if stage.status is not StageStatus.IN_PROGRESS or stage.may_advance:
        return False
    window = as_of + dt.timedelta(days=GATE_DUE_WINDOW_DAYS)
    return stage.planned_end is not None and stage.planned_end <= window


def next_gate_text(stages: ProjectStages, as_of: dt.date) -> str:
    """One or two sentences on the next gate: approved, due, overdue or undated."""
    stage = stages.current
    label = stage.kind.label
    latest = stage.latest_gate
    if stage.status is StageStatus.COMPLETE and stages.next_stage is None:
        return "All five stages are complete; no gate is due."
    if stage.may_advance and latest is not None:
        onward = stages.next_stage
        where = f"move on to {onward.label}" if onward else "close the final stage"
        return (
            f"The {label} gate was {latest.decision.label.lower()} on "
            f"{format_date(latest.decided_on)}; the project may {where}."
        )
    text = _due_text(stage, as_of)
    if latest is not None:
        text += (
            f" The latest decision, on {format_date(latest.decided_on)}, was "
            f"{latest.decision.label.lower()}."
        )
    return text


def _due_text(stage: StageView, as_of: dt.date) -> str:
    label = stage.kind.label
    if stage.planned_end is None:
        return f"The {label} gate has no date: no planned end is recorded for the stage."
    due = format_date(stage.planned_end)
    if stage.planned_end < as_of:
        late = slip_text((as_of - stage.planned_end).days)
        return f"The {label} gate is overdue: the stage was planned to end on {due} ({late})."
    days = (stage.planned_end - as_of).days
    text = f"The {label} gate is due by {due}, when the stage is planned to end"
    if days > _SOON_DAYS:
        return f"{text}."
    return f"{text} ({'today' if days == 0 else f'in {days} day' + ('' if days == 1 else 's')})."


# ----- headline ----------------------------------------------------------------------


def _position_text(stages: ProjectStages, as_of: dt.date) -> str:
    stage = stages.current
    if stage.status is StageStatus.COMPLETE:
        return (
            f"The project finished its last stage, {stage.kind.label}, "
            f"on {format_date(stage.actual_end)}."
        )
    where = f"The project is in {stage.kind.label} (stage {stage.kind.sequence} of 5)"
    started = f", started {format_date(stage.actual_start)}" if stage.actual_start else ""
    days, _ = current_schedule(stages, as_of)
    if stage.planned_end is None:
        return f"{where}{started}; no planned end is recorded."
    schedule = f": {slip_text(days)} so far" if days is not None and days > 0 else ""
    return f"{where}{started}, planned to end {format_date(stage.planned_end)}{schedule}."


def _key_figures(stages: ProjectStages, as_of: dt.date) -> KeyFigures:
    stage = stages.current
    days, band = current_schedule(stages, as_of)
    open_conditions = [c for c, _ in _conditions(stages) if c.status is ConditionStatus.OPEN]
    overdue = sum(c.is_overdue(as_of) for c in open_conditions)
    return KeyFigures(
        (
            KeyFigure("Current stage", stage.kind.label, note=f"Stage {stage.kind.sequence} of 5"),
            KeyFigure(
                "Schedule",
                schedule_text(stage.status, days).capitalize() or "Not known",
                rating=band,
            ),
            _next_gate_figure(stages, as_of),
            KeyFigure(
                "Open gate conditions",
                str(len(open_conditions)),
                rating="Overdue" if overdue else "",
                note=f"{overdue} overdue" if overdue else "",
            ),
        )
    )


def _next_gate_figure(stages: ProjectStages, as_of: dt.date) -> KeyFigure:
    stage = stages.current
    note = f"{stage.kind.label} gate"
    if stage.status is StageStatus.COMPLETE and stages.next_stage is None:
        return KeyFigure("Next gate", "None due", note="All stages complete")
    if stage.may_advance:
        return KeyFigure("Next gate", "Approved", note=note)
    if stage.planned_end is None:
        return KeyFigure("Next gate", "Not planned", note=note)
    overdue = stage.planned_end < as_of
    return KeyFigure(
        "Next gate",
        format_date(stage.planned_end),
        rating="Overdue" if overdue else "",
        note=f"{note}, overdue" if overdue else f"{note}, due",
    )


# ----- stages ------------------------------------------------------------------------


def _span(start: dt.date | None, end: dt.date | None, open_end: str = "") -> str:
    if start is None and end is None:
        return ""
    return f"{format_date(start) or '?'} – {format_date(end) or open_end or '?'}"


def _stage_table(stages: ProjectStages, as_of: dt.date) -> Table:
    slips = stage_slips(stages, as_of)
    rows = []
    for stage in stages.stages:
        band = slip_band(slips[stage.kind])
        rows.append(
            (
                f"{stage.kind.sequence}. {stage.kind.label}",
                _span(stage.planned_start, stage.planned_end) or "Not planned",
                _span(stage.actual_start, stage.actual_end, "in progress"),
                _status_text(stage, stages.current_stage),
                band.label if band else "",
                schedule_text(stage.status, slips[stage.kind]),
            )
        )
    columns = (
        Column("Stage", 2.2),
        Column("Planned", 2.4),
        Column("Actual", 2.4),
        Column("Status", 1.5),
        Column("Schedule", 1.1, rating=True),
        Column("Against plan", 1.3),
    )
    caption = f"Schedule as at {format_date(as_of)}; a current stage is measured to that date."
    return Table(columns, tuple(rows), caption=caption)


def _status_text(stage: StageView, current: StageKind) -> str:
    status = _STATUS_WORDS[stage.status]
    if stage.override_reason:
        status += ", gate overridden"
    if stage.kind is current and stage.status is not StageStatus.IN_PROGRESS:
        status += " (current)"
    return status


def _override_notes(stages: ProjectStages) -> list[Block]:
    """Leaving a stage without an approving gate is a governance exception the board
    should see with its reason, not only as a word in the table."""
    return [
        Paragraph(
            f"{stage.kind.label} was left without an approving gate: {stage.override_reason}",
            "note",
        )
        for stage in stages.stages
        if stage.override_reason
    ]


def _timeline(stages: ProjectStages, as_of: dt.date) -> Block:
    data = timeline(stages, as_of)
    slips = stage_slips(stages, as_of)
    bars = [
        bar
        for stage in stages.stages
        if (bar := _timeline_bar(stage, slips[stage.kind], as_of)) is not None
    ]
    if not bars:
        return Paragraph("No stage dates are recorded, so there is no timeline.", "empty")
    milestones = tuple(
        (f"{gate.kind.label} gate: {gate.decision.label.lower()}", gate.decided_on.isoformat())
        for gate in data.gates
    )
    return Timeline("Stages and gate decisions", tuple(bars), as_of.isoformat(), milestones)


def _timeline_bar(stage: StageView, days: int | None, as_of: dt.date) -> TimelineBar | None:
    """The stage as it ran (or, before it starts, as planned); a current stage runs to
    its planned end, or to the report date once it is past that."""
    start = stage.actual_start or stage.planned_start
    if start is None:
        return None
    if stage.status is StageStatus.COMPLETE:
        end = stage.actual_end
    elif stage.status is StageStatus.IN_PROGRESS:
        end = max(stage.planned_end, as_of) if stage.planned_end else None
    else:
        end = stage.planned_end
    band = slip_band(days)
    status = _STATUS_WORDS[stage.status]
    if days is not None and days > 0:
        status += f", {slip_text(days)}"
    return TimelineBar(
        label=stage.kind.label,
        start=start.isoformat(),
        end=end.isoformat() if end else "",
        status=status,
        rating=band.label if band else "",
    )


# ----- gates and conditions ----------------------------------------------------------


def _gates(stages: ProjectStages) -> list[tuple[StageKind, GateView]]:
    return [(stage.kind, gate) for stage in stages.stages for gate in stage.gates]


def _conditions(stages: ProjectStages) -> list[tuple[ConditionView, str]]:
    return [
        (condition, f"{kind.label}, {format_date(gate.decided_on)}")
        for kind, gate in _gates(stages)
        for condition in gate.conditions
    ]


def _gate_table(stages: ProjectStages) -> Block:
    gates = _gates(stages)
    if not gates:
        return Paragraph("No gate decisions are recorded for this project yet.", "empty")
    rows = tuple(
        (
            kind.label,
            gate.decision.label,
            format_date(gate.decided_on),
            gate.decision_maker,
            gate.notes,
            _condition_state(gate),
        )
        for kind, gate in gates
    )
    columns = (
        Column("Stage", 1.8),
        Column("Decision", 1.7),
        Column("Decided", 1.2),
        Column("Decided by", 1.9),
        Column("Notes and conditions set", 3.6),
        Column("Conditions", 1.5),
    )
    return Table(columns, rows)


def _condition_state(gate: GateView) -> str:
    if not gate.conditions:
        return "None set" if gate.decision is GateDecision.APPROVED_WITH_CONDITIONS else ""
    closed = len(gate.conditions) - gate.open_conditions
    return f"{closed} of {len(gate.conditions)} met or waived"


def _condition_blocks(stages: ProjectStages, as_of: dt.date) -> list[Block]:
    conditions = _conditions(stages)
    still_open = [(c, gate) for c, gate in conditions if c.status is ConditionStatus.OPEN]
    if not still_open:
        text = "No gate conditions are open." if conditions else "No gate conditions are set."
        return [Paragraph(text, "empty")]
    # Overdue first, then by due date; undated last.
    still_open.sort(key=lambda item: (not item[0].is_overdue(as_of), item[0].due_on or dt.date.max))
    rows = tuple(
        (
            condition.text,
            gate,
            condition.owner,
            format_date(condition.due_on),
            "Overdue" if condition.is_overdue(as_of) else "Open",
        )
        for condition, gate in still_open[:CONDITIONS_SHOWN]
    )
    columns = (
        Column("Condition", 4.0),
        Column("Set at gate", 2.0),
        Column("Owner", 1.8),
        Column("Due", 1.2),
        Column("Status", 1.1, rating=True),
    )
    blocks: list[Block] = [Table(columns, rows)]
    hidden = len(still_open) - CONDITIONS_SHOWN
    if hidden > 0:
        blocks.append(Paragraph(f"… and {hidden} more open conditions.", "note"))
    return blocks
