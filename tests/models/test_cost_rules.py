"""Cost rules: exact money, financial years, forecast at completion, tolerance bands."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from commissioner.models.cost_rules import (
    add_months,
    burn_rate,
    cost_rag,
    cumulative,
    financial_year,
    financial_year_label,
    forecast_at_completion,
    months_from,
    months_of_budget_left,
    quarter_of,
    shown_percent,
    spend_to_date,
    tolerance_problem,
    variance,
    variance_percent,
)
from commissioner.models.enums import Rag
from commissioner.models.money import parse_pounds

D = dt.date


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (D(2027, 3, 31), 2026),
        (D(2027, 4, 1), 2027),
        (D(2026, 12, 31), 2026),
        (D(2027, 1, 1), 2026),
        (D(2028, 2, 29), 2027),
    ],
)
def test_uk_financial_year_runs_april_to_march(day: dt.date, year: int) -> None:
    assert financial_year(day) == year


def test_other_financial_year_starts() -> None:
    assert financial_year(D(2026, 12, 31), start_month=1) == 2026
    assert financial_year(D(2026, 6, 30), start_month=7) == 2025
    assert financial_year(D(2026, 7, 1), start_month=7) == 2026
    assert financial_year_label(2026) == "2026/27"
    assert financial_year_label(2099) == "2099/00"
    assert financial_year_label(2026, start_month=1) == "2026"
    with pytest.raises(ValueError, match="month from 1 to 12"):
        financial_year(D(2026, 1, 1), start_month=13)


def test_quarters_follow_the_financial_year() -> None:
    assert [quarter_of(D(2026, m, 1)) for m in (4, 6, 7, 12, 1, 3)] == [1, 1, 2, 3, 4, 4]
    assert quarter_of(D(2026, 1, 1), start_month=1) == 1


def test_months_cross_year_ends() -> None:
    assert add_months(D(2026, 11, 1), 3) == D(2027, 2, 1)
    assert add_months(D(2026, 1, 1), -1) == D(2025, 12, 1)
    months = months_from(D(2026, 11, 15), D(2027, 2, 3))
    assert months == [D(2026, 11, 1), D(2026, 12, 1), D(2027, 1, 1), D(2027, 2, 1)]
    assert len(months_from(D(2026, 4, 1), D(2029, 3, 31))) == 36


def test_no_drift_over_thirty_six_periods() -> None:
    months = months_from(D(2026, 4, 1), D(2029, 3, 1))
    # 10p-ish amounts that would drift as binary floats: 0.1 + 0.2 != 0.3.
    forecasts = {month: 1_000_010 + (i % 3) for i, month in enumerate(months)}
    actuals = {month: 1_000_020 for month in months[:18]}
    completion = forecast_at_completion(forecasts, actuals, D(2027, 10, 1))
    expected = 18 * 1_000_020 + sum(forecasts[m] for m in months[18:])
    assert completion.pence == expected
    assert cumulative(forecasts, months)[-1] == sum(forecasts.values())
    # £0.10 a month typed as text, 36 times, is exactly £3.60 — no binary float drift.
    tenpence = {month: parse_pounds("£0.10") or 0 for month in months}
    assert forecast_at_completion(tenpence, {}, months[0]).pence == parse_pounds("£3.60")


def test_forecast_at_completion_counts_missing_past_actuals_at_forecast() -> None:
    forecasts = {D(2026, 4, 1): 100, D(2026, 5, 1): 200, D(2026, 6, 1): 300, D(2026, 7, 1): 400}
    actuals = {D(2026, 4, 1): 150, D(2026, 6, 1): 250}
    completion = forecast_at_completion(forecasts, actuals, D(2026, 7, 10))
    assert completion.pence == 150 + 200 + 250 + 400
    assert completion.missing_actuals == (D(2026, 5, 1),)
    # An actual booked in a month with no forecast still counts.
    extra = forecast_at_completion(forecasts, {D(2026, 9, 1): 5}, D(2026, 4, 1))
    assert extra.pence == 1000 + 5
    assert extra.missing_actuals == ()


def test_variance_in_money_and_percent() -> None:
    assert variance(110_000_00, 100_000_00) == 10_000_00
    assert variance_percent(110_000_00, 100_000_00) == Decimal(10)
    assert variance_percent(95_000_00, 100_000_00) == Decimal(-5)
    assert variance_percent(1, 0) is None
    assert shown_percent(Decimal(1) / Decimal(3) * 100) == "+33.3%"
    assert shown_percent(Decimal("-2.25")) == "−2.3%"
    assert shown_percent(Decimal("0.04")) == "0.0%"
    assert shown_percent(None) == "—"


@pytest.mark.parametrize(
    ("forecast", "rag"),
    [
        (104_999, Rag.GREEN),
        (105_000, Rag.AMBER),
        (109_999, Rag.AMBER),
        (110_000, Rag.RED),
        (80_000, Rag.GREEN),
    ],
)
def test_tolerance_bands_at_exact_thresholds(forecast: int, rag: Rag) -> None:
    assert cost_rag(variance_percent(forecast, 100_000)) is rag


def test_custom_tolerances_and_their_checks() -> None:
    assert cost_rag(Decimal(3), Decimal(2), Decimal(4)) is Rag.AMBER
    assert cost_rag(None) is None
    assert tolerance_problem(Decimal(5), Decimal(10)) is None
    assert tolerance_problem(Decimal(10), Decimal(10)) == (
        "The red tolerance must be higher than the amber one."
    )
    assert tolerance_problem(Decimal(-1), Decimal(10)) is not None


def test_spend_burn_and_months_left() -> None:
    actuals = {
        D(2026, 4, 1): 90,
        D(2026, 5, 1): 100,
        D(2026, 6, 1): 110,
        D(2026, 7, 1): 120,
        D(2026, 12, 1): 999,  # booked ahead: not yet spent this month
    }
    assert spend_to_date(actuals, D(2026, 7, 20)) == 420
    assert burn_rate(actuals, D(2026, 7, 20)) == 110  # (100 + 110 + 120) / 3
    assert burn_rate({D(2026, 4, 1): 10, D(2026, 5, 1): 5}, D(2026, 5, 1)) == 8  # 7.5 ↑
    assert burn_rate({}, D(2026, 5, 1)) is None
    assert months_of_budget_left(1000, 300) == Decimal("3.3")
    assert months_of_budget_left(-5, 300) == Decimal(0)
    assert months_of_budget_left(1000, None) is None
