"""Cost figures arranged for charts, pages and packs: month-by-month totals along the path
to completion, each category's variance, and the portfolio's totals. Plain data in and
out; no Qt."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from commissioner.models.cost_rules import forecast_at_completion, variance_percent
from commissioner.models.money import format_pounds
from commissioner.services.costs import CostLineView, CostPosition, CostSheet, ProjectCostRow


@dataclass(frozen=True)
class MonthlyTotals:
    """A sheet's budget, forecast path and actual per month (pence; blank months absent)."""

    budget: dict[dt.date, int]
    #: Each line's actual where booked, its forecast otherwise: the path to completion.
    forecast_path: dict[dt.date, int]
    actual: dict[dt.date, int]

    @property
    def has_figures(self) -> bool:
        return bool(self.budget or self.forecast_path or self.actual)


def _add(totals: dict[dt.date, int], month: dt.date, pence: int | None) -> None:
    if pence is not None:
        totals[month] = totals.get(month, 0) + pence


def monthly_totals(lines: Iterable[CostLineView]) -> MonthlyTotals:
    """Sum the lines month by month; the forecast path is taken line by line, so a month
    where one line is booked does not drop another line's unbooked forecast."""
    budget: dict[dt.date, int] = {}
    path: dict[dt.date, int] = {}
    actual: dict[dt.date, int] = {}
    for line in lines:
        for month, cell in line.periods.items():
            _add(budget, month, cell.budget)
            _add(actual, month, cell.actual)
            _add(path, month, cell.actual if cell.actual is not None else cell.forecast)
    return MonthlyTotals(budget, path, actual)


@dataclass(frozen=True)
class CategoryVariance:
    """One category's whole-life budget, forecast at completion and variance, in pence."""

    category: str
    budget: int
    forecast_at_completion: int

    @property
    def variance(self) -> int:
        return self.forecast_at_completion - self.budget


def category_variances(sheet: CostSheet, today: dt.date) -> list[CategoryVariance]:
    """Each category with any figure, in the sheet's category order."""
    budgets: dict[str, int] = {}
    completions: dict[str, int] = {}
    for line in sheet.lines:
        forecasts = {m: c.forecast for m, c in line.periods.items() if c.forecast is not None}
        actuals = {m: c.actual for m, c in line.periods.items() if c.actual is not None}
        budget = sum(c.budget or 0 for c in line.periods.values())
        completion = forecast_at_completion(forecasts, actuals, today).pence
        budgets[line.category] = budgets.get(line.category, 0) + budget
        completions[line.category] = completions.get(line.category, 0) + completion
    figured = {line.category for line in sheet.lines if line.periods}
    return [
        CategoryVariance(name, budgets[name], completions[name])
        for name in budgets
        if name in figured
    ]


@dataclass(frozen=True)
class PortfolioCostTotals:
    """The portfolio's sums; variance only over the projects that have a budget."""

    projects: int
    approved_budget: int
    current_budget: int
    forecast_at_completion: int
    spend_to_date: int
    #: Forecast minus current budget, summed over projects with a budget and figures.
    variance: int
    #: The current budgets that variance is measured against.
    budget_behind_variance: int
    #: Projects left out of the variance: no budget, or no forecast yet.
    not_measured: int

    @property
    def variance_percent(self) -> Decimal | None:
        forecast = self.budget_behind_variance + self.variance
        return variance_percent(forecast, self.budget_behind_variance)


def measured(position: CostPosition) -> bool:
    """A variance means something only with a budget and a forecast to set against it."""
    return position.variance_to_current is not None


def portfolio_totals(rows: list[ProjectCostRow]) -> PortfolioCostTotals:
    positions = [row.position for row in rows]
    budgeted = [p for p in positions if measured(p)]
    return PortfolioCostTotals(
        projects=len(rows),
        approved_budget=sum(p.approved_budget or 0 for p in positions),
        current_budget=sum(p.current_budget or 0 for p in positions),
        forecast_at_completion=sum(p.forecast_at_completion for p in positions),
        spend_to_date=sum(p.spend_to_date for p in positions),
        variance=sum(p.variance_to_current or 0 for p in budgeted),
        budget_behind_variance=sum(p.current_budget or 0 for p in budgeted),
        not_measured=len(positions) - len(budgeted),
    )


def position_notes(position: CostPosition) -> list[str]:
    """What the figures rest on that a reader should know: missing actuals, and lines
    whose profiled budget does not add up to the current budget."""
    notes = []
    missing = position.missing_actuals
    if missing:
        shown = ", ".join(f"{m:%b %Y}" for m in missing[:6]) + ("…" if len(missing) > 6 else "")
        count = f"{len(missing)} month" + ("" if len(missing) == 1 else "s")
        notes.append(
            f"Actuals missing for {count} ({shown}): counted at forecast until they are booked."
        )
    current = position.current_budget
    if current is not None and position.profiled_budget != current:
        gap = position.profiled_budget - current
        side = "more" if gap > 0 else "less"
        notes.append(
            f"The lines' monthly budgets add up to {format_pounds(position.profiled_budget)}, "
            f"{format_pounds(abs(gap))} {side} than the current budget."
        )
    return notes
