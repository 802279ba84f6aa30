"""The power/interest grid and engagement cadence rules."""

from __future__ import annotations

import datetime as dt

import pytest

from commissioner.models.stakeholder_rules import (
    Quadrant,
    clamp_rating,
    days_since,
    engagement_overdue,
    quadrant,
)


@pytest.mark.parametrize(
    ("interest", "influence", "expected"),
    [
        (3, 3, Quadrant.MANAGE_CLOSELY),
        (5, 5, Quadrant.MANAGE_CLOSELY),
        (2, 3, Quadrant.KEEP_SATISFIED),
        (1, 5, Quadrant.KEEP_SATISFIED),
        (3, 2, Quadrant.KEEP_INFORMED),
        (5, 1, Quadrant.KEEP_INFORMED),
        (2, 2, Quadrant.MONITOR),
        (1, 1, Quadrant.MONITOR),
    ],
)
def test_quadrant_boundaries(interest: int, influence: int, expected: Quadrant) -> None:
    assert quadrant(interest, influence) is expected


def test_quadrant_labels_are_words() -> None:
    assert Quadrant.MANAGE_CLOSELY.label == "Manage closely"
    assert Quadrant.MONITOR.label == "Monitor"


@pytest.mark.parametrize(("value", "expected"), [(0.2, 1), (1.49, 1), (2.6, 3), (7.0, 5), (-3, 1)])
def test_clamp_rating_snaps_to_the_grid(value: float, expected: int) -> None:
    assert clamp_rating(value) == expected


def test_days_since_across_month_end_and_leap_day() -> None:
    assert days_since(dt.date(2024, 1, 31), dt.date(2024, 3, 1)) == 30  # 2024 is a leap year
    assert days_since(dt.date(2023, 1, 31), dt.date(2023, 3, 1)) == 29
    assert days_since(dt.date(2024, 2, 28), dt.date(2024, 3, 1)) == 2
    assert days_since(dt.date(2024, 2, 29), dt.date(2025, 2, 28)) == 365
    assert days_since(None, dt.date(2024, 3, 1)) is None


def test_no_cadence_is_never_overdue() -> None:
    today = dt.date(2026, 3, 31)
    assert not engagement_overdue(None, None, today)
    assert not engagement_overdue(dt.date(2020, 1, 1), None, today)


def test_never_contacted_with_a_cadence_is_overdue() -> None:
    assert engagement_overdue(None, 30, dt.date(2026, 3, 31))


def test_overdue_only_after_the_cadence_has_passed() -> None:
    # Monthly contact last made on 31 January: 29 February 2024 is day 29, 1 March day 30.
    assert not engagement_overdue(dt.date(2024, 1, 31), 30, dt.date(2024, 3, 1))
    assert engagement_overdue(dt.date(2024, 1, 31), 30, dt.date(2024, 3, 2))
    # In a common year the same month is a day shorter.
    assert engagement_overdue(dt.date(2023, 1, 31), 30, dt.date(2023, 3, 3))
    assert not engagement_overdue(dt.date(2023, 1, 31), 30, dt.date(2023, 3, 2))


def test_contact_today_is_not_overdue() -> None:
    today = dt.date(2026, 12, 31)
    assert not engagement_overdue(today, 1, today)
