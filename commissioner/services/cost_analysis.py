"""Cost figures arranged for charts and packs: month-by-month totals along the path to
completion, and each category's variance. Plain data in and out; no Qt."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from commissioner.models.cost_rules import forecast_at_completion
from commissioner.services.costs import CostLineView, CostSheet


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
