"""A project's cost position: its cost lines profiled month by month, and the figures a
CRO reads first — current budget, forecast at completion, variance, spend, burn rate and
the cost RAG against tolerance.

The arithmetic is the rules in ``commissioner.models.cost_rules``; this module reads the
file and puts the figures together. Writes are in ``cost_entries``, ``budgets`` and
``change_requests``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from commissioner.errors import RecordNotFoundError
from commissioner.models import (
    ChangeRequest,
    CostCategory,
    CostLine,
    CostPeriod,
    OrganisationSettings,
    Project,
    ProjectBudget,
)
from commissioner.models.cost_rules import (
    Completion,
    burn_rate,
    cost_rag,
    forecast_at_completion,
    month_start,
    months_from,
    months_of_budget_left,
    spend_to_date,
    variance,
    variance_percent,
)
from commissioner.models.enums import ChangeRequestStatus, Rag
from commissioner.storage import Database

#: The three figures each cost line holds for each month.
MEASURES = ("budget", "forecast", "actual")


@dataclass(frozen=True)
class CostCell:
    """One month of one line; None is blank (nothing entered), which is not £0."""

    budget: int | None = None
    forecast: int | None = None
    actual: int | None = None

    def value(self, measure: str) -> int | None:
        return getattr(self, measure)


@dataclass(frozen=True)
class CostLineView:
    id: int
    name: str
    category_id: int
    category: str
    finance_code: str
    notes: str
    periods: dict[dt.date, CostCell] = field(default_factory=dict)

    def totals(self) -> CostCell:
        """The line's budget, forecast and actual summed over every month."""
        return CostCell(
            *(sum(cell.value(m) or 0 for cell in self.periods.values()) for m in MEASURES)
        )


@dataclass(frozen=True)
class Tolerances:
    """Amber and Red, in basis points over budget (500 = 5%)."""

    amber_bp: int
    red_bp: int
    #: True when the project sets its own rather than taking the council's.
    own: bool = False

    @property
    def amber_percent(self) -> Decimal:
        return Decimal(self.amber_bp) / 100

    @property
    def red_percent(self) -> Decimal:
        return Decimal(self.red_bp) / 100


@dataclass(frozen=True)
class CostPosition:
    """The cost summary cards: every figure in pence, None where it cannot be known."""

    approved_budget: int | None
    approved_on: dt.date | None
    approval_source: str
    #: Approved budget moved by every approved change request.
    current_budget: int | None
    approved_changes: int
    forecast_at_completion: int
    missing_actuals: tuple[dt.date, ...]
    spend_to_date: int
    burn_rate: int | None
    tolerances: Tolerances
    #: Sum of the lines' monthly budgets, to compare with the current budget.
    profiled_budget: int
    #: Whether any forecast or actual is entered. Without one there is no forecast at
    #: completion to compare: variance and RAG are unknown, not a 100% underspend.
    forecasted: bool = True
    #: The latest month up to today with an actual booked on any line.
    latest_actual: dt.date | None = None

    @property
    def variance_to_approved(self) -> int | None:
        if self.approved_budget is None or not self.forecasted:
            return None
        return variance(self.forecast_at_completion, self.approved_budget)

    @property
    def variance_to_current(self) -> int | None:
        if self.current_budget is None or not self.forecasted:
            return None
        return variance(self.forecast_at_completion, self.current_budget)

    @property
    def variance_percent(self) -> Decimal | None:
        if self.current_budget is None or not self.forecasted:
            return None
        return variance_percent(self.forecast_at_completion, self.current_budget)

    @property
    def rag(self) -> Rag | None:
        t = self.tolerances
        return cost_rag(self.variance_percent, t.amber_percent, t.red_percent)

    @property
    def overrun(self) -> bool:
        """Forecast beyond the amber tolerance: an overrun the board must hear about."""
        return self.rag in (Rag.AMBER, Rag.RED)

    @property
    def remaining(self) -> int | None:
        if self.current_budget is None:
            return None
        return self.current_budget - self.spend_to_date

    @property
    def months_left(self) -> Decimal | None:
        remaining = self.remaining
        return None if remaining is None else months_of_budget_left(remaining, self.burn_rate)


@dataclass(frozen=True)
class CostSheet:
    """Everything the Costs area shows for one project."""

    project_id: int
    months: tuple[dt.date, ...]
    lines: tuple[CostLineView, ...]
    position: CostPosition
    financial_year_start_month: int


def _settings(session: Session) -> OrganisationSettings | None:
    return session.get(OrganisationSettings, 1)


def tolerances_for(session: Session, project_id: int) -> Tolerances:
    """The project's own tolerances where set, otherwise the council's."""
    budget = session.scalar(select(ProjectBudget).where(ProjectBudget.project_id == project_id))
    if budget is not None and budget.amber_tolerance_bp is not None:
        assert budget.red_tolerance_bp is not None
        return Tolerances(budget.amber_tolerance_bp, budget.red_tolerance_bp, own=True)
    settings = _settings(session)
    if settings is None:
        return Tolerances(500, 1000)
    return Tolerances(settings.cost_amber_tolerance_bp, settings.cost_red_tolerance_bp)


def _lines(session: Session, project_id: int) -> tuple[CostLineView, ...]:
    rows = session.execute(
        select(
            CostLine.id,
            CostLine.name,
            CostLine.category_id,
            CostCategory.name,
            CostLine.finance_code,
            CostLine.notes,
        )
        .join(CostCategory, CostCategory.id == CostLine.category_id)
        .where(CostLine.project_id == project_id)
        .order_by(CostCategory.sort_order, CostLine.sort_order, CostLine.id)
    ).all()
    periods: dict[int, dict[dt.date, CostCell]] = {row[0]: {} for row in rows}
    cells = session.execute(
        select(
            CostPeriod.cost_line_id,
            CostPeriod.month,
            CostPeriod.budget_pence,
            CostPeriod.forecast_pence,
            CostPeriod.actual_pence,
        )
        .join(CostLine, CostLine.id == CostPeriod.cost_line_id)
        .where(CostLine.project_id == project_id)
    )
    for line_id, month, budget, forecast, actual in cells:
        periods[line_id][month] = CostCell(budget, forecast, actual)
    return tuple(
        CostLineView(line_id, name, category_id, category, code, notes, periods[line_id])
        for line_id, name, category_id, category, code, notes in rows
    )


def _approved_changes(session: Session, project_id: int) -> int:
    total = session.scalar(
        select(func.coalesce(func.sum(ChangeRequest.cost_impact_pence), 0)).where(
            ChangeRequest.project_id == project_id,
            ChangeRequest.status == ChangeRequestStatus.APPROVED,
        )
    )
    return int(total or 0)


def _by_month(lines: Iterable[CostLineView], measure: str) -> dict[dt.date, int]:
    """Each month's total of one measure over the lines, counting only months entered."""
    totals: dict[dt.date, int] = {}
    for line in lines:
        for month, cell in line.periods.items():
            value = cell.value(measure)
            if value is not None:
                totals[month] = totals.get(month, 0) + value
    return totals


def _completion(lines: Iterable[CostLineView], today: dt.date) -> Completion:
    """Forecast at completion line by line, so an actual booked on one line never stands in
    for another line's month that is still unbooked (which would hide an overrun)."""
    total, missing = 0, set[dt.date]()
    for line in lines:
        completion = forecast_at_completion(
            _by_month([line], "forecast"), _by_month([line], "actual"), today
        )
        total += completion.pence
        missing.update(completion.missing_actuals)
    return Completion(total, tuple(sorted(missing)))


def position_of(
    session: Session, project: Project, lines: tuple[CostLineView, ...], today: dt.date
) -> CostPosition:
    """The summary figures for a project whose lines are already read."""
    budget = session.scalar(select(ProjectBudget).where(ProjectBudget.project_id == project.id))
    changes = _approved_changes(session, project.id)
    approved = project.approved_budget_pence
    actuals = _by_month(lines, "actual")
    completion = _completion(lines, today)
    return CostPosition(
        approved_budget=approved,
        approved_on=budget.approved_on if budget else None,
        approval_source=budget.source if budget else "",
        current_budget=None if approved is None else approved + changes,
        approved_changes=changes,
        forecast_at_completion=completion.pence,
        missing_actuals=completion.missing_actuals,
        spend_to_date=spend_to_date(actuals, today),
        burn_rate=burn_rate(actuals, today),
        tolerances=tolerances_for(session, project.id),
        profiled_budget=sum(_by_month(lines, "budget").values()),
        latest_actual=max((m for m in actuals if m <= today), default=None),
        forecasted=any(
            cell.forecast is not None or cell.actual is not None
            for line in lines
            for cell in line.periods.values()
        ),
    )


def _months(project: Project, lines: tuple[CostLineView, ...], today: dt.date) -> list[dt.date]:
    """The project's span, widened to any month with figures in it."""
    known = [month for line in lines for month in line.periods]
    first = min([d for d in (project.start_date, *known) if d is not None], default=today)
    last = max([d for d in (project.end_date, *known) if d is not None], default=today)
    return months_from(month_start(first), month_start(max(first, last)))


def get_cost_sheet(db: Database, project_id: int, today: dt.date) -> CostSheet:
    """A project's cost lines, the months they span, and its cost position."""
    with db.session() as session:
        project = session.get(Project, project_id)
        if project is None:
            raise RecordNotFoundError("That project no longer exists.")
        lines = _lines(session, project_id)
        settings = _settings(session)
        return CostSheet(
            project_id=project_id,
            months=tuple(_months(project, lines, today)),
            lines=lines,
            position=position_of(session, project, lines, today),
            financial_year_start_month=settings.financial_year_start_month if settings else 4,
        )


def get_cost_position(db: Database, project_id: int, today: dt.date) -> CostPosition:
    """Just the summary figures, for the overview, the portfolio and packs."""
    return get_cost_sheet(db, project_id, today).position


@dataclass(frozen=True)
class ProjectCostRow:
    """One project in the portfolio cost table."""

    project_id: int
    reference: str
    name: str
    position: CostPosition


_RAG_ORDER = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2, None: 3}


def portfolio_costs(
    db: Database, today: dt.date, *, include_archived: bool = False
) -> list[ProjectCostRow]:
    """Every project's cost position, overruns first (Red, then Amber, largest % first)."""
    query = select(Project).order_by(Project.reference)
    if not include_archived:
        query = query.where(Project.archived_at.is_(None))
    rows = []
    with db.session() as session:
        for project in session.scalars(query):
            lines = _lines(session, project.id)
            position = position_of(session, project, lines, today)
            rows.append(ProjectCostRow(project.id, project.reference, project.name, position))
    return sorted(
        rows,
        key=lambda row: (
            _RAG_ORDER[row.position.rag],
            -(row.position.variance_percent or Decimal(0)),
            row.reference,
        ),
    )
