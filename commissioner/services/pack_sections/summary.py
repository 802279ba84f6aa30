"""The pack's executive summary: what a board member must know in one page.

It leads with the delivery confidence assessment (DCA) and how it moved since the last
pack, then headline figures, the key messages the data raises, the position on each
dimension, and the decisions the board is asked to take. Every figure comes from the
same services and rules as the app, and from the pack's own `PackFigures`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from commissioner.models.confidence_rules import DIMENSIONS, trend
from commissioner.models.cost_rules import shown_percent, variance_percent
from commissioner.models.dates import format_date
from commissioner.models.enums import (
    ChangeRequestStatus,
    ConfidenceRating,
    ProjectStatus,
    RaidKind,
    RaidStatus,
)
from commissioner.models.golden_thread_rules import NO_DATA, GapKind
from commissioner.models.money import format_pounds, short_pounds
from commissioner.reports.blocks import (
    Block,
    Bullets,
    Column,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Section,
    Subheading,
    Table,
)
from commissioner.services.actions import ActionFilter, ActionRow, list_actions
from commissioner.services.alignment import falling_alignments
from commissioner.services.change_requests import ChangeRequestRow, list_change_requests
from commissioner.services.confidence import Assessment, list_assessments
from commissioner.services.golden_thread import GoldenThread, read_golden_thread
from commissioner.services.pack_sections.appendices import APPENDIX_ACTIONS, APPENDIX_RISKS
from commissioner.services.pack_sections.context import PackContext, PackFigures
from commissioner.services.pack_sections.golden_thread import RATING_ORDER, counts_text
from commissioner.services.pack_sections.golden_thread import rating_counts as kpi_counts
from commissioner.services.pack_sections.stage_position import (
    current_schedule,
    gate_decision_needed,
    next_gate_text,
    schedule_text,
)
from commissioner.services.projects import get_project
from commissioner.services.risk_register import (
    LIVE_STATUSES,
    RegisterFilter,
    RegisterRow,
    count_register,
    fetch_register,
)
from commissioner.services.stage_views import ProjectStages
from commissioner.services.stages import get_stages
from commissioner.storage import Database

FIRST_PACK = "This is the first pack for this project; movements will show from the next one."
#: Items named in one key message before the rest are counted.
NAMED_IN_MESSAGE = 3
#: Rows in the decisions table; a board takes only so many decisions at one sitting.
DECISIONS_SHOWN = 10

_RATINGS = {rating.label: rating for rating in ConfidenceRating}
_STATUS_SENTENCES = {
    ProjectStatus.ON_HOLD: "The project is on hold. ",
    ProjectStatus.CLOSED: "The project is closed. ",
}


@dataclass(frozen=True)
class _Facts:
    """Everything the summary reads, gathered once so each part only formats."""

    status: ProjectStatus
    assessment: Assessment | None
    stages: ProjectStages
    thread: GoldenThread
    open_risks: int
    outside_appetite: int
    escalated: tuple[RegisterRow, ...]
    overdue_actions: tuple[ActionRow, ...]
    proposed_changes: tuple[ChangeRequestRow, ...]
    falling_alignment: tuple[str, ...]


def build_executive_summary(db: Database, context: PackContext) -> Section:
    """The executive summary section of a project pack."""
    facts = _gather(db, context)
    blocks: list[Block] = [
        _key_figures(facts, context),
        *_confidence_blocks(facts, context),
        Subheading("Key messages"),
        _messages_block(facts, context),
        Subheading("Position by dimension"),
        _dimension_table(facts, context),
        Subheading("Decisions required"),
        _decisions_block(facts, context),
    ]
    return Section(key="summary", title="Executive summary", blocks=tuple(blocks))


def _gather(db: Database, context: PackContext) -> _Facts:
    project_id, as_of = context.project_id, context.as_of
    risks = RegisterFilter(project_id=project_id, kinds=(RaidKind.RISK,), statuses=LIVE_STATUSES)
    escalated = RegisterFilter(
        project_id=project_id, statuses=(RaidStatus.ESCALATED,), sort="residual", descending=True
    )
    assessments = [a for a in list_assessments(db, project_id) if a.assessed_on <= as_of]
    changes = list_change_requests(db, project_id)
    overdue = ActionFilter(overdue_only=True)
    return _Facts(
        status=get_project(db, project_id).status,
        assessment=assessments[-1] if assessments else None,
        stages=get_stages(db, project_id),
        thread=read_golden_thread(db, project_id, today=as_of),
        open_risks=count_register(db, risks),
        outside_appetite=count_register(db, replace(risks, outside_appetite=True)),
        escalated=tuple(fetch_register(db, escalated, offset=0, limit=DECISIONS_SHOWN)),
        overdue_actions=tuple(list_actions(db, project_id, overdue, today=as_of)),
        proposed_changes=tuple(c for c in changes if c.status is ChangeRequestStatus.PROPOSED),
        falling_alignment=tuple(
            f"Cultural alignment with {fall.supplier_name} fell from {fall.previous} to "
            f"{fall.latest} at the latest reassessment."
            for fall in falling_alignments(db, project_id)
        ),
    )


# ----- delivery confidence -----------------------------------------------------------


def confidence_movement(current: str, previous: PackFigures | None, label: str) -> str:
    """'Up from Amber at {label}', 'Down from …' or 'Unchanged since {label}'; '' when
    either pack has no rating to compare."""
    if previous is None or not previous.confidence or not current:
        return ""
    direction = trend(_RATINGS.get(current), _RATINGS.get(previous.confidence))
    if direction == "steady":
        return f"Unchanged since {label}"
    return f"{'Up' if direction == 'improving' else 'Down'} from {previous.confidence} at {label}"


def _confidence_blocks(facts: _Facts, context: PackContext) -> list[Block]:
    status = _STATUS_SENTENCES.get(facts.status, "")
    dca = facts.assessment
    if dca is None:
        blocks: list[Block] = [
            Paragraph("No delivery confidence assessment is recorded for this project.", "empty")
        ]
        return [Paragraph(status, "lead"), *blocks] if status else blocks
    who = f" by {dca.assessed_by}" if dca.assessed_by else ""
    label = context.previous_label or "the last pack"
    movement = confidence_movement(dca.rating.label, context.previous, label)
    if context.previous is None:
        movement = FIRST_PACK
    elif movement:
        movement += "."
    elif not context.previous.confidence:
        movement = f"No delivery confidence was reported at {label}."
    lead = (
        f"{status}Delivery confidence is {dca.rating.label}, assessed on "
        f"{format_date(dca.assessed_on)}{who}. {movement}"
    )
    return [Paragraph(lead.strip(), "lead"), Paragraph(dca.rationale)]


# ----- key figures -------------------------------------------------------------------


def _key_figures(facts: _Facts, context: PackContext) -> KeyFigures:
    dca = facts.assessment
    rating = dca.rating.label if dca else ""
    movement = confidence_movement(rating, context.previous, "the last pack")
    if context.previous is None:
        movement = "First pack"
    stage = facts.stages.current
    days, band = current_schedule(facts.stages, context.as_of)
    return KeyFigures(
        (
            KeyFigure("Delivery confidence", rating or "Not assessed", rating, movement),
            KeyFigure("Stage", stage.kind.label, band, _stage_note(facts.stages, days)),
            _cost_figure(context.current),
            _risk_figure(facts),
        )
    )


def _stage_note(stages: ProjectStages, days: int | None) -> str:
    stage = stages.current
    schedule = schedule_text(stage.status, days)
    return f"Stage {stage.kind.sequence} of 5" + (f"; {schedule}" if schedule else "")


def _cost_figure(figures: PackFigures) -> KeyFigure:
    if figures.forecast_pence is None:
        return KeyFigure("Forecast at completion", "Not forecast", figures.cost_rating)
    note = ""
    if figures.budget_pence is not None:
        percent = shown_percent(variance_percent(figures.forecast_pence, figures.budget_pence))
        note = f"against {short_pounds(figures.budget_pence)} budget ({percent})"
    return KeyFigure(
        "Forecast at completion", short_pounds(figures.forecast_pence), figures.cost_rating, note
    )


def _risk_figure(facts: _Facts) -> KeyFigure:
    if not facts.open_risks:
        return KeyFigure("Open risks", "0")
    outside = facts.outside_appetite
    return KeyFigure(
        "Open risks",
        str(facts.open_risks),
        "Outside appetite" if outside else "Within appetite",
        f"{outside} outside appetite",
    )


# ----- key messages ------------------------------------------------------------------


def _messages_block(facts: _Facts, context: PackContext) -> Block:
    messages = [
        *_confidence_message(facts, context),
        *_cost_message(context),
        *_kpi_messages(facts.thread),
        *_risk_messages(facts),
        *facts.falling_alignment,
        *_action_message(facts.overdue_actions),
        *_gate_messages(facts, context.as_of),
    ]
    if not messages:
        return Paragraph(
            "No exceptions to report: costs are within tolerance, no KPI is Red or overdue, "
            "no risk is outside appetite and no action is overdue.",
            "note",
        )
    return Bullets(tuple(messages))


def _named(names: list[str]) -> str:
    shown = "; ".join(names[:NAMED_IN_MESSAGE])
    hidden = len(names) - NAMED_IN_MESSAGE
    return f"{shown}; and {hidden} more" if hidden > 0 else shown


def _confidence_message(facts: _Facts, context: PackContext) -> list[str]:
    dca, previous = facts.assessment, context.previous
    if dca is None or previous is None or not previous.confidence:
        return []
    if trend(dca.rating, _RATINGS.get(previous.confidence)) != "worsening":
        return []
    return [
        f"Delivery confidence fell from {previous.confidence} to {dca.rating.label} "
        f"since {context.previous_label or 'the last pack'}."
    ]


def _cost_message(context: PackContext) -> list[str]:
    figures = context.current
    if figures.cost_rating not in ("Amber", "Red") or figures.variance_pence is None:
        return []
    budget, forecast = figures.budget_pence, figures.forecast_pence
    percent = ""
    if budget is not None and forecast is not None:
        percent = f" ({shown_percent(variance_percent(forecast, budget))})"
    text = (
        f"Forecast at completion of {format_pounds(forecast)} is "
        f"{format_pounds(figures.variance_pence)}{percent} over the budget of "
        f"{format_pounds(budget)}: {figures.cost_rating} against the cost tolerances."
    )
    before = context.previous.forecast_pence if context.previous else None
    if before is not None and forecast is not None and forecast != before:
        moved = "rose" if forecast > before else "fell"
        text += f" The forecast {moved} {short_pounds(abs(forecast - before))} since "
        text += f"{context.previous_label or 'the last pack'}."
    return [text]


def _kpi_messages(thread: GoldenThread) -> list[str]:
    messages = []
    red = [kpi.label for kpi in thread.kpis if kpi.rag_text == "Red"]
    if red:
        noun = "KPI is" if len(red) == 1 else "KPIs are"
        messages.append(f"{len(red)} {noun} Red: {_named(red)}.")
    overdue = [gap.subject for gap in thread.gaps if gap.kind is GapKind.MEASUREMENT_OVERDUE]
    if overdue:
        noun = "measurement is" if len(overdue) == 1 else "measurements are"
        messages.append(f"{len(overdue)} KPI {noun} overdue: {_named(overdue)}.")
    return messages


def _risk_messages(facts: _Facts) -> list[str]:
    if not facts.outside_appetite:
        return []
    count, total = facts.outside_appetite, facts.open_risks
    verb = "is" if count == 1 else "are"
    noun = "risk" if total == 1 else "risks"
    return [
        f"{count} of {total} open {noun} {verb} outside the council's risk appetite "
        f"(listed in {APPENDIX_RISKS})."
    ]


def _action_message(actions: tuple[ActionRow, ...]) -> list[str]:
    if not actions:
        return []
    oldest = actions[0]  # list_actions orders open actions by due date
    owner = f" (owner {oldest.owner})" if oldest.owner else ""
    noun = "action is" if len(actions) == 1 else "actions are"
    return [
        f"{len(actions)} {noun} overdue; the oldest, “{oldest.description}”, was due "
        f"{format_date(oldest.due_on)}{owner}. {APPENDIX_ACTIONS} lists every action."
    ]


def _gate_messages(facts: _Facts, as_of: dt.date) -> list[str]:
    messages = []
    if gate_decision_needed(facts.stages, as_of):
        messages.append(next_gate_text(facts.stages, as_of))
    overdue = [
        condition.text
        for stage in facts.stages.stages
        for gate in stage.gates
        for condition in gate.conditions
        if condition.is_overdue(as_of)
    ]
    if overdue:
        noun = "condition is" if len(overdue) == 1 else "conditions are"
        messages.append(f"{len(overdue)} gate {noun} overdue: {_named(overdue)}")
    return messages


# ----- position by dimension ---------------------------------------------------------


def _dimension_table(facts: _Facts, context: PackContext) -> Table:
    rows: list[tuple[str, str, str]] = []
    dca = facts.assessment
    if dca is not None:
        basis = f"Delivery confidence review of {format_date(dca.assessed_on)}"
        for column, name in DIMENSIONS:
            rag = dca.dimension(column)
            rows.append((name, rag.label if rag else "Not rated", basis))
    rows += _measured_rows(facts, context)
    columns = (Column("Dimension", 2.0), Column("Rating", 1.4, rating=True), Column("Basis", 5.0))
    caption = f"Measured rows are as at {format_date(context.as_of)}."
    return Table(columns, tuple(rows), caption=caption)


def _measured_rows(facts: _Facts, context: PackContext) -> list[tuple[str, str, str]]:
    figures = context.current
    cost_basis = "No forecast or budget to compare."
    if figures.forecast_pence is not None and figures.budget_pence is not None:
        cost_basis = (
            f"Forecast {format_pounds(figures.forecast_pence)} against budget "
            f"{format_pounds(figures.budget_pence)}"
        )
    counts = kpi_counts(facts.thread)
    worst = next((word for word in RATING_ORDER if counts[word]), NO_DATA)
    kpi_basis = f"{len(facts.thread.kpis)} KPIs: {counts_text(counts)}" if counts else "No KPIs"
    appetite = "Outside appetite" if facts.outside_appetite else "Within appetite"
    days, band = current_schedule(facts.stages, context.as_of)
    stage = facts.stages.current
    return [
        ("Cost against tolerance", figures.cost_rating or "Not known", cost_basis),
        ("KPIs (worst rating)", worst if counts else NO_DATA, kpi_basis),
        (
            "Risk appetite",
            appetite if facts.open_risks else "No open risks",
            f"{facts.outside_appetite} of {facts.open_risks} open risks outside appetite",
        ),
        (
            "Stage schedule",
            band or "Not known",
            f"{stage.kind.label}: {schedule_text(stage.status, days) or 'no dates to compare'}",
        ),
    ]


# ----- decisions required ------------------------------------------------------------


def _decisions_block(facts: _Facts, context: PackContext) -> Block:
    rows = [*_gate_decision(facts, context.as_of)]
    rows += [_change_row(change) for change in facts.proposed_changes]
    rows += [_escalation_row(item) for item in facts.escalated]
    if not rows:
        return Paragraph("No decisions are required from the board this period.", "empty")
    columns = (Column("Decision required", 3.6), Column("Impact", 3.2), Column("When", 1.6))
    caption = ""
    if len(rows) > DECISIONS_SHOWN:
        caption = f"{len(rows) - DECISIONS_SHOWN} more decisions are pending."
    return Table(columns, tuple(rows[:DECISIONS_SHOWN]), caption=caption)


def _gate_decision(facts: _Facts, as_of: dt.date) -> list[tuple[str, str, str]]:
    if not gate_decision_needed(facts.stages, as_of):
        return []
    stage = facts.stages.current
    return [
        (
            f"{stage.kind.label} gate decision",
            next_gate_text(facts.stages, as_of),
            f"Due {format_date(stage.planned_end)}",
        )
    ]


def _change_row(change: ChangeRequestRow) -> tuple[str, str, str]:
    title = change.description.splitlines()[0] if change.description else ""
    impacts = [f"Cost {short_pounds(change.cost_impact_pence, signed=True)}"]
    if change.time_impact_days:
        impacts.append(f"time {change.time_impact_days:+d} days")
    if change.scope_reduction:
        impacts.append("reduces scope")
    if change.quality_impact:
        impacts.append(f"quality: {change.quality_impact}")
    return (
        f"Change request {change.reference}: {title}",
        "; ".join(impacts),
        f"Raised {format_date(change.raised_on)}",
    )


def _escalation_row(item: RegisterRow) -> tuple[str, str, str]:
    kind = item.kind.value.capitalize()
    score = item.levels.residual_score
    impact = f"Escalated {kind.lower()}" + (f", residual score {score}" if score else "")
    if item.owner:
        impact += f"; owner {item.owner}"
    when = ""
    if item.needed_by:
        when = f"Needed by {format_date(item.needed_by)}"
    elif item.next_review_on:
        when = f"Review {format_date(item.next_review_on)}"
    return (f"{kind} {item.reference}: {item.title}", impact, when)
