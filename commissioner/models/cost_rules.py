"""Cost rules: financial years, forecast at completion, variance, tolerance and burn.

All money is integer pence and every sum is exact; percentages are ``Decimal`` rounded
half-up to one decimal place only when shown. Months are the first day of the month.

**Forecast at completion (FAC)** is, month by month over the whole profile: the actual
where one is recorded; otherwise the forecast. A past month with a forecast but no
actual is counted at its forecast (the money is assumed spent but not yet booked) and
reported as a missing actual, so the gap is visible rather than silently zero. A
project's FAC is each cost line's FAC added up: an actual booked on one line says
nothing about another line's month.

**Variance** is FAC − budget: positive is an overrun. As a percentage it is of the
budget. **Cost RAG** against the tolerances: Red when the overrun is at or above the red
tolerance, Amber at or above the amber tolerance, Green below it (an underspend is
Green). With amber at 5% and red at 10%, exactly 5.0% over is Amber and exactly 10.0%
is Red.

**Burn rate** is the mean monthly actual spend over the last three months up to and
including the latest month with an actual; **months of budget left** is the remaining
budget (budget − spend to date) divided by that rate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from commissioner.models.enums import Rag

#: How many recent months of actuals the burn rate averages.
BURN_MONTHS = 3
DEFAULT_AMBER_PERCENT = Decimal(5)
DEFAULT_RED_PERCENT = Decimal(10)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, count: int) -> dt.date:
    """The first of the month ``count`` months after ``month`` (negative goes back)."""
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def months_from(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every month from ``first`` to ``last`` inclusive, as first-of-month dates."""
    start, end = month_start(first), month_start(last)
    count = (end.year - start.year) * 12 + end.month - start.month
    return [add_months(start, step) for step in range(count + 1)]


def financial_year(day: dt.date, start_month: int = 4) -> int:
    """The calendar year in which the financial year holding ``day`` starts.

    UK councils run April to March: 31/03/2027 is in 2026 (2026/27), 01/04/2027 in 2027.
    """
    if not 1 <= start_month <= 12:
        raise ValueError("A financial year starts in a month from 1 to 12.")
    return day.year if day.month >= start_month else day.year - 1


def financial_year_label(start_year: int, start_month: int = 4) -> str:
    """'2026/27' for a year that spans two calendar years, '2026' for one that does not."""
    if start_month == 1:
        return str(start_year)
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def quarter_of(month: dt.date, start_month: int = 4) -> int:
    """The quarter (1–4) of the financial year that ``month`` falls in."""
    offset = (month.month - start_month) % 12
    return offset // 3 + 1


@dataclass(frozen=True)
class Completion:
    """The forecast at completion and how it was reached."""

    pence: int
    #: Past months counted at their forecast because no actual is recorded.
    missing_actuals: tuple[dt.date, ...]


def forecast_at_completion(
    forecasts: Mapping[dt.date, int], actuals: Mapping[dt.date, int], this_month: dt.date
) -> Completion:
    """Actual where recorded, forecast otherwise, over every month either mentions."""
    total = 0
    missing = []
    for month in sorted(set(forecasts) | set(actuals)):
        if month in actuals:
            total += actuals[month]
            continue
        total += forecasts[month]
        if month < month_start(this_month):
            missing.append(month)
    return Completion(total, tuple(missing))


def variance(forecast_pence: int, budget_pence: int) -> int:
    """Forecast minus budget: positive is an overrun, negative an underspend."""
    return forecast_pence - budget_pence


def variance_percent(forecast_pence: int, budget_pence: int) -> Decimal | None:
    """The variance as an exact percentage of the budget; None without a budget."""
    if budget_pence <= 0:
        return None
    return Decimal(variance(forecast_pence, budget_pence) * 100) / Decimal(budget_pence)


def shown_percent(percent: Decimal | None) -> str:
    """'+12.5%', '−3.0%' or '—': one decimal place, half away from zero, a real minus."""
    if percent is None:
        return "—"
    rounded = percent.copy_abs().quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if rounded == 0:
        return "0.0%"
    return f"{'+' if percent > 0 else '−'}{rounded}%"


def cost_rag(
    percent: Decimal | None,
    amber_percent: Decimal = DEFAULT_AMBER_PERCENT,
    red_percent: Decimal = DEFAULT_RED_PERCENT,
) -> Rag | None:
    """Red at or over the red tolerance, Amber at or over the amber one, else Green."""
    if percent is None:
        return None
    if percent >= red_percent:
        return Rag.RED
    if percent >= amber_percent:
        return Rag.AMBER
    return Rag.GREEN


def tolerance_problem(amber_percent: Decimal, red_percent: Decimal) -> str | None:
    """Why a pair of tolerances cannot be used, or None when they can."""
    if amber_percent < 0 or red_percent < 0:
        return "Give tolerances as percentages over budget, 0 or more."
    if red_percent <= amber_percent:
        return "The red tolerance must be higher than the amber one."
    if red_percent > 1000:
        return "Keep the red tolerance at 1,000% or less."
    return None


def spend_to_date(actuals: Mapping[dt.date, int], this_month: dt.date) -> int:
    """Every actual booked up to and including this month."""
    return sum(pence for month, pence in actuals.items() if month <= month_start(this_month))


def burn_rate(actuals: Mapping[dt.date, int], this_month: dt.date) -> int | None:
    """Mean monthly spend over the last BURN_MONTHS months to the latest actual, in pence
    (rounded half-up); None when nothing is booked yet."""
    booked = [month for month in actuals if month <= month_start(this_month)]
    if not booked:
        return None
    latest = max(booked)
    window = [add_months(latest, -step) for step in range(BURN_MONTHS)]
    first = min(booked)
    window = [month for month in window if month >= first]
    total = sum(actuals.get(month, 0) for month in window)
    return (2 * total + len(window)) // (2 * len(window))


def months_of_budget_left(remaining_pence: int, burn_pence: int | None) -> Decimal | None:
    """Remaining budget ÷ burn rate, to one decimal place; None with no burn to measure."""
    if burn_pence is None or burn_pence <= 0:
        return None
    if remaining_pence <= 0:
        return Decimal(0)
    months = Decimal(remaining_pence) / Decimal(burn_pence)
    return months.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def cumulative(amounts: Mapping[dt.date, int], months: Iterable[dt.date]) -> list[int]:
    """Running totals over ``months`` in order (a month without an amount adds nothing)."""
    totals, running = [], 0
    for month in months:
        running += amounts.get(month, 0)
        totals.append(running)
    return totals
