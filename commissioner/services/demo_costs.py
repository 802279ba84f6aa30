"""Cost history for the demo portfolio: budgets with their approval, cost lines profiled
month by month, change requests in every state, and the risk a scope reduction carries.

Runs inside the demo's unit of work once projects, stages and RAID logs exist. Each
project's story (``demo_cost_stories``) covers a window of 2–4 years inside the project's
own dates: lines for the delivery stage only start when it does, one-off costs fall
around mobilisation, and actuals run up to last month. A seeded generator varies the
figures; the last step makes each forecast at completion land exactly on the story's
variance, so every project's cost RAG is the one its story tells. Volume goes in with
Core ``insert()`` lists.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from commissioner.models import (
    ChangeRequest,
    CostCategory,
    CostLine,
    CostPeriod,
    Person,
    Project,
    ProjectBudget,
    RaidItem,
    RiskAssessment,
    RiskCategory,
    Stage,
)
from commissioner.models.cost_rules import add_months, month_start, months_from
from commissioner.models.enums import (
    ChangeRequestStatus,
    ProjectStatus,
    RaidKind,
    RaidStatus,
    StageKind,
)
from commissioner.services.demo_cost_stories import (
    COST_STORIES,
    SCOPE_RISK_CHALLENGE,
    SCOPE_RISK_RESPONSE,
    CostStory,
    LineStory,
    RiskStory,
)

BASIS = 10_000
#: Month-to-month wobble of forecasts around their trend, and of actuals around forecasts.
FORECAST_NOISE_BP = 150
ACTUAL_NOISE_BP = 250
_WINTER = (10, 11, 12, 1, 2, 3)
#: Days after a scope reduction's risk was raised that it was first re-scored.
RISK_REVIEW_DAYS = 90


@dataclass(frozen=True)
class _Project:
    id: int
    budget_pence: int
    start: dt.date
    end: dt.date
    delivery: dt.date
    #: Today for a live project; the day it closed otherwise.
    as_of: dt.date
    lead: str


@dataclass
class _Line:
    story: LineStory
    #: month → [budget, forecast, actual] in pence (actual None when not booked).
    cells: dict[dt.date, list[int | None]]


def add_cost_demo(session: Session, today: dt.date) -> None:
    """Give every demo project with an approved budget its cost history as of ``today``."""
    session.flush()
    categories = dict(session.execute(select(CostCategory.name, CostCategory.id)).all())
    projects = _demo_projects(session, today)
    for story in COST_STORIES:
        project = projects.get(story.project)
        if project is not None:
            _add_story(session, story, project, categories, today)


def _demo_projects(session: Session, today: dt.date) -> dict[str, _Project]:
    query = (
        select(
            Project.id, Project.name, Project.approved_budget_pence, Project.start_date,
            Project.end_date, Project.status, Stage.actual_start, Stage.planned_start,
            Person.full_name,
        )
        .join(Stage, (Stage.project_id == Project.id) & (Stage.kind == StageKind.DELIVERY))
        .outerjoin(Person, Person.id == Project.lead_commissioner_id)
    )  # fmt: skip
    projects = {}
    for row in session.execute(query):
        if row.approved_budget_pence is None or row.start_date is None or row.end_date is None:
            continue
        closed = row.status is ProjectStatus.CLOSED
        delivery = month_start(row.actual_start or row.planned_start or row.start_date)
        as_of = min(row.end_date, today) if closed else today
        projects[row.name] = _Project(
            row.id, row.approved_budget_pence, row.start_date, row.end_date, delivery, as_of,
            row.full_name or "",
        )  # fmt: skip
    return projects


def _add_story(
    session: Session,
    story: CostStory,
    project: _Project,
    categories: dict[str, int],
    today: dt.date,
) -> None:
    generator = random.Random(project.id * 104_729)
    changes = list(_change_rows(story, project))
    current = project.budget_pence + sum(
        row["cost_impact_pence"] for row in changes if row["status"] is ChangeRequestStatus.APPROVED
    )
    descoped_from = _descoped_from(story, changes)
    lines = _profile(story, project, current, today, generator, descoped_from)
    _insert_lines(session, project.id, lines, categories, descoped_from, story)
    session.execute(insert(ProjectBudget), [_budget_row(story, project)])
    if story.scope_risk is not None:
        risk_id = _insert_risk(session, story.scope_risk, project, changes, today)
        reduction = _approved_reduction(changes)
        assert reduction is not None
        reduction["risk_id"] = risk_id
    if changes:
        session.execute(insert(ChangeRequest), changes)


# --- The monthly profile ----------------------------------------------------------------


def _window(story: CostStory, project: _Project) -> list[dt.date]:
    """2–4 years of months, never before the project started nor after it ends."""
    reference = month_start(project.as_of)
    first = max(month_start(project.start), add_months(reference, -story.months_back))
    last = min(month_start(project.end), add_months(first, 12 * story.years - 1))
    return months_from(first, last)


def _line_months(phase: str, window: list[dt.date], delivery: dt.date) -> list[dt.date]:
    exit_from = add_months(window[-1], -5)
    mobilising = (add_months(delivery, -6), add_months(delivery, 3))
    keep = {
        "all": lambda month: True,
        "delivery": lambda month: month >= delivery,
        "before_delivery": lambda month: month < delivery,
        "mobilisation": lambda month: mobilising[0] <= month < mobilising[1],
        "winter": lambda month: month >= delivery and month.month in _WINTER,
        "exit": lambda month: month >= exit_from,
    }[phase]
    return [month for month in window if keep(month)]


def _spread_pounds(pounds: int, months: list[dt.date]) -> dict[dt.date, int]:
    """Whole pounds spread evenly over the months, in pence, adding up exactly."""
    base, extra = divmod(pounds, len(months))
    return {month: 100 * (base + (1 if i < extra else 0)) for i, month in enumerate(months)}


def _budgets(
    story: CostStory, project: _Project, current_pence: int, window: list[dt.date]
) -> list[tuple[LineStory, dict[dt.date, int]]]:
    """Each line's monthly budget; the first line takes what rounding and empty lines leave."""
    placed = [
        (line, months)
        for line in story.lines
        if (months := _line_months(line.phase, window, project.delivery))
    ]
    total = current_pence // 100
    shares = [total * line.share // 100 for line, _ in placed[1:]]
    pounds = [total - sum(shares), *shares]
    return [
        (line, _spread_pounds(amount, months))
        for (line, months), amount in zip(placed, pounds, strict=True)
    ]


def _profile(
    story: CostStory,
    project: _Project,
    current_pence: int,
    today: dt.date,
    generator: random.Random,
    descoped_from: dt.date | None,
) -> list[_Line]:
    window = _window(story, project)
    this_month = month_start(today)
    unbooked = {add_months(this_month, -n) for n in range(1, story.missing_actual_months + 1)}
    span = max(len(window) - 1, 1)
    steps = {month: (step, span) for step, month in enumerate(window)}
    lines = []
    for line, budgets in _budgets(story, project, current_pence, window):
        cells = {
            month: _figures(budget, _drift(story, line, month, steps[month], descoped_from),
                            month < this_month, generator)
            for month, budget in budgets.items()
        }  # fmt: skip
        for month in unbooked & cells.keys():
            cells[month][2] = None
        lines.append(_Line(line, cells))
    _land_on_variance(lines, current_pence * (BASIS + story.variance_bp) // BASIS, this_month)
    return lines


def _drift(
    story: CostStory,
    line: LineStory,
    month: dt.date,
    progress: tuple[int, int],
    stopped: dt.date | None,
) -> int:
    """Spend against budget in basis points, moving along the window from start to end;
    nothing at all once a scope reduction has stopped the line's work."""
    if line.finance_code == story.descoped_code and stopped is not None and month >= stopped:
        return -BASIS
    start, end = line.drift_bp or story.drift_bp
    step, span = progress
    return start + (end - start) * step // span


def _figures(budget: int, drift_bp: int, past: bool, generator: random.Random) -> list[int | None]:
    """[budget, forecast, actual]: forecasts in whole pounds, actuals to the penny."""
    noise = generator.randint(-FORECAST_NOISE_BP, FORECAST_NOISE_BP) if drift_bp > -BASIS else 0
    forecast = max(budget * (BASIS + drift_bp + noise) // BASIS // 100 * 100, 0)
    if not past:
        return [budget, forecast, None]
    wobble = generator.randint(-ACTUAL_NOISE_BP, ACTUAL_NOISE_BP)
    actual = forecast * (BASIS + wobble) // BASIS + generator.randrange(100) if forecast else 0
    return [budget, forecast, actual]


def _completion(lines: list[_Line]) -> int:
    """Forecast at completion line by line: the actual where booked, else the forecast."""
    return sum(
        cell[2] if cell[2] is not None else cell[1] or 0
        for line in lines
        for cell in line.cells.values()
    )


def _land_on_variance(lines: list[_Line], target_pence: int, this_month: dt.date) -> None:
    """Spread the difference over the first line's open months (its future forecasts, or
    its actuals once every month is past), so the story's variance holds to the penny."""
    difference = target_pence - _completion(lines)
    cells = lines[0].cells
    future = [month for month in cells if month >= this_month]
    measure = 1 if future else 2
    months = future or list(cells)
    base, extra = divmod(difference, len(months))
    for i, month in enumerate(months):
        value = cells[month][measure]
        assert value is not None, "the first line books every past month it corrects"
        cells[month][measure] = value + base + (1 if i < extra else 0)


def _insert_lines(
    session: Session,
    project_id: int,
    lines: list[_Line],
    categories: dict[str, int],
    descoped_from: dt.date | None,
    story: CostStory,
) -> None:
    session.execute(
        insert(CostLine),
        [
            {
                "project_id": project_id,
                "category_id": categories[line.story.category],
                "name": line.story.name,
                "finance_code": line.story.finance_code,
                "notes": _line_note(line.story, story, descoped_from),
                "sort_order": order,
            }
            for order, line in enumerate(lines, start=1)
        ],
    )
    ids = session.scalars(
        select(CostLine.id).where(CostLine.project_id == project_id).order_by(CostLine.sort_order)
    ).all()
    session.execute(insert(CostPeriod), list(_period_rows(lines, ids)))


def _period_rows(lines: list[_Line], ids: Sequence[int]) -> Iterator[dict[str, Any]]:
    for line_id, line in zip(ids, lines, strict=True):
        for month, (budget, forecast, actual) in line.cells.items():
            yield {
                "cost_line_id": line_id,
                "month": month,
                "budget_pence": budget,
                "forecast_pence": forecast,
                "actual_pence": actual,
            }


def _line_note(line: LineStory, story: CostStory, descoped_from: dt.date | None) -> str:
    if descoped_from is not None and line.finance_code == story.descoped_code:
        return f"No council spend from {descoped_from:%B %Y}: the scope reduction stopped it."
    if story.missing_actual_months and line is story.lines[0]:
        return "The NHS host's pooled budget statements for the latest months are late."
    return ""


# --- Approval, change requests and the scope reduction's risk ---------------------------


def _budget_row(story: CostStory, project: _Project) -> dict[str, Any]:
    body, days_before, report = story.approval
    approved_on = project.start - dt.timedelta(days=days_before)
    amber, red = story.own_tolerances or (None, None)
    return {
        "project_id": project.id,
        "approved_on": approved_on,
        "source": f"{body} {approved_on.day} {approved_on:%B %Y}, report "
        + report.format(yy=f"{approved_on:%y}"),
        "amber_tolerance_bp": amber,
        "red_tolerance_bp": red,
    }


def _change_rows(story: CostStory, project: _Project) -> Iterator[dict[str, Any]]:
    for number, change in enumerate(story.changes, start=1):
        raised_on = project.as_of - dt.timedelta(days=change.raised_days_ago)
        decided = change.status is not ChangeRequestStatus.PROPOSED
        decided_on = raised_on + dt.timedelta(days=change.decided_after_days)
        yield {
            "project_id": project.id,
            "reference": f"CR-{number:03d}",
            "raised_on": raised_on,
            "description": change.description,
            "scope_change": change.scope_change,
            "cost_impact_pence": change.cost_impact_pounds * 100,
            "time_impact_days": change.time_impact_days,
            "quality_impact": change.quality_impact,
            "scope_reduction": change.scope_reduction,
            "status": change.status,
            "approver": change.approver if decided else "",
            "decided_on": min(decided_on, project.as_of) if decided else None,
            "risk_id": None,
        }


def _approved_reduction(changes: list[dict[str, Any]]) -> dict[str, Any] | None:
    approved = ChangeRequestStatus.APPROVED
    return next((r for r in changes if r["scope_reduction"] and r["status"] is approved), None)


def _descoped_from(story: CostStory, changes: list[dict[str, Any]]) -> dt.date | None:
    """The first month without the work an approved scope reduction stopped."""
    reduction = _approved_reduction(changes)
    if reduction is None or not story.descoped_code:
        return None
    return add_months(month_start(reduction["decided_on"]), 1)


def _insert_risk(
    session: Session,
    risk: RiskStory,
    project: _Project,
    changes: list[dict[str, Any]],
    today: dt.date,
) -> int:
    """Log the scope reduction's quality and benefit risk on the project's RAID log."""
    reduction = _approved_reduction(changes)
    assert reduction is not None, "a scope risk belongs to an approved scope reduction"
    raised_on = reduction["decided_on"]
    references = session.scalars(
        select(RaidItem.reference).where(
            RaidItem.project_id == project.id, RaidItem.kind == RaidKind.RISK
        )
    )
    number = 1 + max((int(r[2:]) for r in references if r[2:].isdigit()), default=0)
    category_id = session.scalar(select(RiskCategory.id).where(RiskCategory.kind == risk.category))
    row = {
        "project_id": project.id, "kind": RaidKind.RISK, "reference": f"R-{number:03d}",
        "title": risk.title, "cause": risk.cause, "event": risk.event,
        "consequence": risk.consequence, "description": "", "resolution": "",
        "counterparty": "", "category_id": category_id, "challenge": SCOPE_RISK_CHALLENGE,
        "owner": project.lead, "actionee": "Ben Carver",
        "inherent_likelihood": risk.inherent[0], "inherent_impact": risk.inherent[1],
        "residual_likelihood": risk.residual[0], "residual_impact": risk.residual[1],
        "target_likelihood": risk.target[0], "target_impact": risk.target[1],
        "response": SCOPE_RISK_RESPONSE, "status": RaidStatus.OPEN, "raised_on": raised_on,
        "next_review_on": today + dt.timedelta(days=25),
    }  # fmt: skip
    risk_id = session.scalar(insert(RaidItem).values(row).returning(RaidItem.id))
    assert risk_id is not None
    session.execute(insert(RiskAssessment), list(_risk_history(risk, risk_id, raised_on, today)))
    return risk_id


def _risk_history(
    risk: RiskStory, risk_id: int, raised_on: dt.date, today: dt.date
) -> Iterator[dict[str, Any]]:
    """Scored at the decision, re-scored once the subscription take-up was known."""
    reviewed_on = raised_on + dt.timedelta(days=RISK_REVIEW_DAYS)
    scorings = [(raised_on, risk.inherent, "First assessment")]
    if reviewed_on <= today:
        scorings.append((reviewed_on, risk.residual, "Quarterly review"))
    for on, residual, note in scorings:
        yield {
            "item_id": risk_id, "assessed_on": on, "assessed_by": "Ben Carver",
            "inherent_likelihood": risk.inherent[0], "inherent_impact": risk.inherent[1],
            "residual_likelihood": residual[0], "residual_impact": residual[1],
            "target_likelihood": risk.target[0], "target_impact": risk.target[1],
            "note": note,
        }  # fmt: skip
