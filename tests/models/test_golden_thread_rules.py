"""Golden thread rules: KPI ratings, overdue measurements, gaps and benefits realisation."""

from __future__ import annotations

import datetime as dt

import pytest

from commissioner.models.enums import KpiDirection, MeasurementFrequency, Rag
from commissioner.models.golden_thread_rules import (
    NO_DATA,
    Gap,
    GapKind,
    Realisation,
    ThreadKpi,
    ThreadLinks,
    ThreadObjective,
    ThreadService,
    add_months,
    amber_threshold,
    benefit_progress,
    find_gaps,
    format_measure,
    kpi_rag,
    latest_rag,
    measurement_due_by,
    measurement_overdue,
    next_code,
    next_period_end,
    rag_text,
)

HIGHER = KpiDirection.HIGHER_IS_BETTER
LOWER = KpiDirection.LOWER_IS_BETTER
MONTHLY = MeasurementFrequency.MONTHLY
QUARTERLY = MeasurementFrequency.QUARTERLY
SIX_MONTHLY = MeasurementFrequency.SIX_MONTHLY
ANNUALLY = MeasurementFrequency.ANNUALLY

# KPI RAG


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (96.0, Rag.GREEN),
        (95.0, Rag.GREEN),  # exactly on target
        (94.9, Rag.AMBER),
        (92.5, Rag.AMBER),  # exactly on the amber threshold
        (92.4, Rag.RED),
        (0.0, Rag.RED),
    ],
)
def test_higher_is_better_rates_against_target_and_tolerance(value: float, expected: Rag) -> None:
    assert kpi_rag(value, target=95.0, tolerance=2.5, direction=HIGHER) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (40.0, Rag.GREEN),
        (50.0, Rag.GREEN),  # exactly on target
        (50.1, Rag.AMBER),
        (65.0, Rag.AMBER),  # exactly on the amber threshold
        (65.1, Rag.RED),
    ],
)
def test_lower_is_better_mirrors_the_bands(value: float, expected: Rag) -> None:
    assert kpi_rag(value, target=50.0, tolerance=15.0, direction=LOWER) is expected


def test_tolerance_zero_leaves_no_amber_band() -> None:
    assert kpi_rag(95.0, 95.0, 0.0, HIGHER) is Rag.GREEN
    assert kpi_rag(94.99, 95.0, 0.0, HIGHER) is Rag.RED
    assert kpi_rag(10.01, 10.0, 0.0, LOWER) is Rag.RED


def test_zero_target() -> None:
    # "Zero serious incidents": lower is better, one incident tolerated as amber.
    assert kpi_rag(0.0, 0.0, 1.0, LOWER) is Rag.GREEN
    assert kpi_rag(1.0, 0.0, 1.0, LOWER) is Rag.AMBER
    assert kpi_rag(2.0, 0.0, 1.0, LOWER) is Rag.RED
    assert kpi_rag(0.0, 0.0, 0.0, HIGHER) is Rag.GREEN
    assert kpi_rag(-0.5, 0.0, 1.0, HIGHER) is Rag.AMBER


def test_negative_values_and_targets() -> None:
    # Net change in rough sleepers: a fall of at least 10 is the target.
    assert kpi_rag(-12.0, -10.0, 5.0, LOWER) is Rag.GREEN
    assert kpi_rag(-6.0, -10.0, 5.0, LOWER) is Rag.AMBER
    assert kpi_rag(-5.0, -10.0, 5.0, LOWER) is Rag.AMBER
    assert kpi_rag(2.0, -10.0, 5.0, LOWER) is Rag.RED
    assert kpi_rag(-3.0, -2.0, 1.0, HIGHER) is Rag.AMBER
    assert kpi_rag(-3.5, -2.0, 1.0, HIGHER) is Rag.RED


def test_values_on_a_threshold_are_not_lost_to_floating_point_rounding() -> None:
    # 0.7 + 0.1 is 0.7999999999999999 in binary floating point.
    assert kpi_rag(0.8, 0.7, 0.1, LOWER) is Rag.AMBER
    assert kpi_rag(0.3, 0.1 + 0.2, 0.0, HIGHER) is Rag.GREEN


def test_amber_threshold_sits_tolerance_short_of_target() -> None:
    assert amber_threshold(95.0, 2.5, HIGHER) == 92.5
    assert amber_threshold(50.0, 15.0, LOWER) == 65.0


def test_latest_rag_uses_the_most_recent_period_whatever_the_order() -> None:
    measurements = [
        (dt.date(2026, 2, 28), 60.0),
        (dt.date(2025, 12, 31), 40.0),
        (dt.date(2026, 1, 31), 45.0),
    ]
    assert latest_rag(measurements, 50.0, 15.0, LOWER) is Rag.AMBER


def test_no_measurements_is_no_data_never_a_colour() -> None:
    assert latest_rag([], 50.0, 15.0, LOWER) is None
    assert rag_text(None) == NO_DATA == "No data"
    assert rag_text(Rag.AMBER) == "Amber"


# Dates and overdue measurements


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),  # leap year
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
        (dt.date(2025, 2, 28), 12, dt.date(2026, 2, 28)),
        (dt.date(2023, 2, 28), 12, dt.date(2024, 2, 29)),  # month end stays month end
        (dt.date(2026, 4, 30), 1, dt.date(2026, 5, 31)),
        (dt.date(2026, 4, 15), 1, dt.date(2026, 5, 15)),
        (dt.date(2025, 11, 30), 3, dt.date(2026, 2, 28)),
        (dt.date(2025, 12, 31), -1, dt.date(2025, 11, 30)),
        (dt.date(2025, 10, 31), 6, dt.date(2026, 4, 30)),
    ],
)
def test_add_months_keeps_month_ends(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


def test_next_period_end_follows_the_frequency() -> None:
    assert next_period_end(dt.date(2026, 1, 31), MONTHLY) == dt.date(2026, 2, 28)
    assert next_period_end(dt.date(2025, 12, 31), QUARTERLY) == dt.date(2026, 3, 31)
    assert next_period_end(dt.date(2026, 3, 31), ANNUALLY) == dt.date(2027, 3, 31)


def test_monthly_kpi_is_overdue_after_a_missing_period_and_its_grace() -> None:
    last = dt.date(2026, 1, 31)
    assert measurement_due_by(last, MONTHLY) == dt.date(2026, 3, 31)
    assert not measurement_overdue(last, MONTHLY, dt.date(2026, 3, 31))
    assert measurement_overdue(last, MONTHLY, dt.date(2026, 4, 1))


def test_overdue_across_a_leap_february() -> None:
    last = dt.date(2023, 12, 31)
    assert measurement_due_by(last, MONTHLY) == dt.date(2024, 2, 29)
    assert not measurement_overdue(last, MONTHLY, dt.date(2024, 2, 29))
    assert measurement_overdue(last, MONTHLY, dt.date(2024, 3, 1))
    assert measurement_due_by(dt.date(2024, 2, 29), ANNUALLY) == dt.date(2026, 2, 28)


def test_overdue_for_longer_frequencies() -> None:
    assert measurement_due_by(dt.date(2025, 12, 31), QUARTERLY) == dt.date(2026, 6, 30)
    assert not measurement_overdue(dt.date(2025, 12, 31), QUARTERLY, dt.date(2026, 6, 30))
    assert measurement_overdue(dt.date(2025, 12, 31), QUARTERLY, dt.date(2026, 7, 1))
    assert measurement_due_by(dt.date(2025, 9, 30), SIX_MONTHLY) == dt.date(2026, 9, 30)
    assert not measurement_overdue(dt.date(2025, 3, 31), ANNUALLY, dt.date(2027, 3, 31))
    assert measurement_overdue(dt.date(2025, 3, 31), ANNUALLY, dt.date(2027, 4, 1))


def test_mid_month_period_ends_keep_their_day() -> None:
    assert measurement_due_by(dt.date(2026, 1, 15), MONTHLY) == dt.date(2026, 3, 15)
    assert measurement_overdue(dt.date(2026, 1, 15), MONTHLY, dt.date(2026, 3, 16))


def test_a_kpi_never_measured_is_not_overdue() -> None:
    assert not measurement_overdue(None, MONTHLY, dt.date(2030, 1, 1))


# Gaps


def _thread(**overrides: object) -> ThreadLinks:
    parts: dict[str, object] = {
        "objectives": [ThreadObjective(1, "O1 Fewer missed bins", serves_outcome=True)],
        "services": [ThreadService(10, "Kerbside collection", frozenset({1}))],
        "kpis": [
            ThreadKpi(100, "K1 Missed collections", frozenset({1}), MONTHLY, dt.date(2026, 2, 28))
        ],
    }
    parts.update(overrides)
    return ThreadLinks(**parts)  # type: ignore[arg-type]


TODAY = dt.date(2026, 3, 16)


def test_a_complete_thread_has_no_gaps() -> None:
    assert find_gaps(_thread(), TODAY) == []


def test_an_empty_thread_has_no_gaps() -> None:
    assert find_gaps(ThreadLinks((), (), ()), TODAY) == []


def test_every_kind_of_gap_is_found_in_order() -> None:
    thread = _thread(
        objectives=[
            ThreadObjective(1, "O1 Fewer missed bins", serves_outcome=True),
            ThreadObjective(2, "O2 Cut fleet carbon", serves_outcome=False),
        ],
        services=[
            ThreadService(10, "Kerbside collection", frozenset({1})),
            ThreadService(11, "Bulky waste", frozenset()),
        ],
        kpis=[
            ThreadKpi(100, "K1 Missed collections", frozenset({1}), MONTHLY, dt.date(2025, 11, 30)),
            ThreadKpi(101, "K2 Fly-tips cleared", frozenset(), MONTHLY, None),
        ],
    )
    gaps = find_gaps(thread, TODAY)
    assert [(gap.kind, gap.subject_id) for gap in gaps] == [
        (GapKind.OBJECTIVE_WITHOUT_OUTCOME, 2),
        (GapKind.OBJECTIVE_NOT_MEASURED, 2),
        (GapKind.SERVICE_WITHOUT_OBJECTIVE, 11),
        (GapKind.MEASUREMENT_OVERDUE, 100),
        (GapKind.KPI_WITHOUT_OBJECTIVE, 101),
    ]
    overdue = gaps[3]
    assert overdue.subject == "K1 Missed collections"
    assert "30/11/2025" in overdue.message and "31/01/2026" in overdue.message
    assert "No KPI measures O2 Cut fleet carbon" in gaps[1].message


def test_gap_kinds_name_their_subject_and_short_words() -> None:
    assert GapKind.OBJECTIVE_NOT_MEASURED.subject_kind == "objective"
    assert GapKind.SERVICE_WITHOUT_OBJECTIVE.subject_kind == "service"
    assert GapKind.MEASUREMENT_OVERDUE.subject_kind == "kpi"
    assert GapKind.KPI_WITHOUT_OBJECTIVE.subject_kind == "kpi"
    assert GapKind.MEASUREMENT_OVERDUE.label == "Measurement overdue"


def test_a_closed_project_has_no_overdue_measurements() -> None:
    stale = ThreadKpi(100, "K1", frozenset({1}), MONTHLY, dt.date(2024, 1, 31))
    thread = _thread(kpis=[stale])
    assert [gap.kind for gap in find_gaps(thread, TODAY)] == [GapKind.MEASUREMENT_OVERDUE]
    closed = ThreadLinks(thread.objectives, thread.services, thread.kpis, False)
    assert find_gaps(closed, TODAY) == []


def test_gap_is_plain_data() -> None:
    gap = Gap(GapKind.OBJECTIVE_NOT_MEASURED, 1, "O1", "message")
    assert gap == Gap(GapKind.OBJECTIVE_NOT_MEASURED, 1, "O1", "message")


# Codes and formatting


def test_next_code_continues_the_series() -> None:
    assert next_code("O", []) == "O1"
    assert next_code("O", ["O1", "o2", "O10", "Other", "K4"]) == "O11"
    assert next_code("K", ["O1", "O2"]) == "K1"


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (96.5, "%", "96.5%"),
        (96.0, "%", "96%"),
        (1240.0, "per 100,000", "1,240 per 100,000"),
        (12.345, "minutes", "12.35 minutes"),
        (-3.0, "", "−3"),
        (240000.0, "£", "£240,000"),
        (-1500.5, "£", "−£1,500.5"),
        (None, "%", ""),
    ],
)
def test_format_measure(value: float | None, unit: str, expected: str) -> None:
    assert format_measure(value, unit) == expected


# Benefits


def test_benefit_progress_along_the_journey_from_baseline() -> None:
    assert benefit_progress(0, 240_000, None).status is Realisation.NOT_MEASURED
    assert benefit_progress(0, None, 5).status is Realisation.NO_TARGET
    assert benefit_progress(0, 240_000, 240_000).text == "Target met"
    assert benefit_progress(0, 240_000, 300_000).status is Realisation.TARGET_MET
    assert benefit_progress(0, 240_000, 150_000).text == "62% of the way to target"
    assert benefit_progress(10, 20, 10).status is Realisation.NO_IMPROVEMENT
    assert benefit_progress(10, 20, 8).status is Realisation.WORSE_THAN_BASELINE


def test_benefit_progress_for_reductions() -> None:
    # Complaints down from 400 to a target of 200 a year.
    assert benefit_progress(400, 200, 300).text == "50% of the way to target"
    assert benefit_progress(400, 200, 180).status is Realisation.TARGET_MET
    assert benefit_progress(400, 200, 450).status is Realisation.WORSE_THAN_BASELINE


def test_benefit_without_a_baseline_says_only_above_or_below() -> None:
    assert benefit_progress(None, 100, 100).status is Realisation.TARGET_MET
    assert benefit_progress(None, 100, 120).status is Realisation.ABOVE_TARGET
    assert benefit_progress(None, 100, 80).status is Realisation.BELOW_TARGET
    assert "no baseline" in benefit_progress(None, 100, 80).text


def test_dis_benefit_is_judged_against_the_accepted_level() -> None:
    assert benefit_progress(0, 12, 10, dis_benefit=True).status is Realisation.WITHIN_EXPECTED
    assert benefit_progress(0, 12, 12, dis_benefit=True).status is Realisation.WITHIN_EXPECTED
    assert benefit_progress(0, 12, 15, dis_benefit=True).text == "Worse than expected"
    assert benefit_progress(None, 12, 15, dis_benefit=True).text == "Worse than expected"
    assert benefit_progress(None, 12, 9, dis_benefit=True).status is Realisation.WITHIN_EXPECTED
