"""What each supplier category implies, who owes the duty to warn, and when the log prompts."""

from __future__ import annotations

import datetime as dt

import pytest

from commissioner.models.enums import SupplierCategory, SupplierRole
from commissioner.models.supplier_rules import (
    category_implications,
    owes_duty_to_warn,
    warning_prompt_due,
)

TODAY = dt.date(2026, 3, 31)
EXPERT, CONTRACTED = SupplierCategory.EXPERT, SupplierRole.CONTRACTED


def _days_ago(*days: int) -> list[dt.date]:
    return [TODAY - dt.timedelta(days=n) for n in days]


def test_every_category_says_what_it_implies() -> None:
    for category in SupplierCategory:
        lines = category_implications(category)
        assert len(lines) == 3
        assert all(line.endswith(".") for line in lines)
    assert category_implications(SupplierCategory("expert")) == category_implications(EXPERT)


@pytest.mark.parametrize(
    ("category", "role", "owes"),
    [
        (SupplierCategory.GENERAL, SupplierRole.BIDDER, False),
        (SupplierCategory.GENERAL, SupplierRole.SHORTLISTED, False),
        (SupplierCategory.GENERAL, SupplierRole.CONTRACTED, False),
        (SupplierCategory.EXPERT, SupplierRole.BIDDER, False),
        (SupplierCategory.EXPERT, SupplierRole.SHORTLISTED, True),
        (SupplierCategory.EXPERT, SupplierRole.CONTRACTED, True),
        (SupplierCategory.STRATEGIC_PARTNER, SupplierRole.BIDDER, False),
        (SupplierCategory.STRATEGIC_PARTNER, SupplierRole.SHORTLISTED, True),
        (SupplierCategory.STRATEGIC_PARTNER, SupplierRole.CONTRACTED, True),
    ],
)
def test_who_owes_the_duty_to_warn(
    category: SupplierCategory, role: SupplierRole, owes: bool
) -> None:
    assert owes_duty_to_warn(category, role) is owes


def test_owes_duty_to_warn_accepts_stored_values() -> None:
    # Rows read back from SQL may carry the plain value rather than the enum member.
    assert owes_duty_to_warn("expert", "contracted") is True  # type: ignore[arg-type]
    assert owes_duty_to_warn("expert", "bidder") is False  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raised", "due"),
    [
        (_days_ago(90), False),  # exactly the period ago still counts
        (_days_ago(91), True),  # a day older does not
        (_days_ago(0), False),  # raised today
        (_days_ago(200, 91), True),
        (_days_ago(200, 45), False),
        ([], True),  # never raised: prompt as soon as the duty is owed
    ],
)
def test_prompt_timing(raised: list[dt.date], due: bool) -> None:
    assert warning_prompt_due(EXPERT, CONTRACTED, raised, TODAY, 90) is due


def test_a_warning_dated_after_today_does_not_count() -> None:
    # Looking back at an earlier date must ignore warnings raised since.
    assert warning_prompt_due(EXPERT, CONTRACTED, [TODAY + dt.timedelta(days=1)], TODAY, 90)


@pytest.mark.parametrize(
    ("category", "role"),
    [
        (SupplierCategory.GENERAL, SupplierRole.CONTRACTED),
        (SupplierCategory.EXPERT, SupplierRole.BIDDER),
        (SupplierCategory.STRATEGIC_PARTNER, SupplierRole.BIDDER),
    ],
)
def test_those_not_owing_the_duty_are_never_prompted(
    category: SupplierCategory, role: SupplierRole
) -> None:
    assert not warning_prompt_due(category, role, [], TODAY, 90)


def test_the_period_is_the_councils_choice() -> None:
    raised = _days_ago(10)
    assert not warning_prompt_due(EXPERT, CONTRACTED, raised, TODAY, 10)
    assert warning_prompt_due(EXPERT, CONTRACTED, raised, TODAY, 9)
