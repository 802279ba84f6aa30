"""Skills audit rules: required levels by supplier category, current level, gaps, role
coverage, capacity, plan totals and overdue actions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from commissioner.models.enums import SkillLevel, SupplierCategory, TrainingStatus
from commissioner.models.team_rules import (
    Coverage,
    CurrentRating,
    PlannedAction,
    Rating,
    RequiredLevels,
    capacity,
    current_level,
    current_rating,
    gap,
    overdue,
    plan_cost,
    role_coverage,
)

D = dt.date
DUTY_TO_WARN = RequiredLevels(general=0, expert=2, strategic=3)


@pytest.mark.parametrize(
    ("category", "level"),
    [
        (SupplierCategory.GENERAL, SkillLevel.NONE),
        (SupplierCategory.EXPERT, SkillLevel.PRACTITIONER),
        (SupplierCategory.STRATEGIC_PARTNER, SkillLevel.EXPERT),
        (None, SkillLevel.NONE),
    ],
)
def test_required_level_scales_with_the_supplier_category(
    category: SupplierCategory | None, level: SkillLevel
) -> None:
    assert DUTY_TO_WARN.for_category(category) is level


def test_the_manager_rating_counts_over_the_self_rating() -> None:
    ratings = [
        Rating(D(2026, 1, 10), self_level=3),
        Rating(D(2026, 3, 1), self_level=3, manager_level=1),
        Rating(D(2026, 6, 1), self_level=2),
    ]
    assert current_level(ratings) is SkillLevel.AWARENESS
    assert current_level([Rating(D(2026, 1, 1), self_level=2)]) is SkillLevel.PRACTITIONER
    assert current_level([]) is SkillLevel.NONE
    later_manager = [*ratings, Rating(D(2026, 9, 1), manager_level=3)]
    assert current_level(later_manager) is SkillLevel.EXPERT


def test_gaps_never_go_below_zero() -> None:
    assert gap(3, 1) == 2
    assert gap(2, 2) == 0
    assert gap(1, 3) == 0
    assert gap(SkillLevel.EXPERT, SkillLevel.NONE) == 3


def test_role_coverage_flags_no_holder_and_awareness_only() -> None:
    required = {"cm_contract": 3, "cm_duty_to_warn": 3}
    assert role_coverage([], required) is Coverage.NOT_COVERED
    shallow = [{"cm_contract": 1, "cm_duty_to_warn": 1}, {"cm_contract": 1}]
    assert role_coverage(shallow, required) is Coverage.AWARENESS_ONLY
    assert role_coverage([*shallow, {"cm_duty_to_warn": 2}], required) is Coverage.COVERED
    # Where the project needs only awareness, awareness is enough.
    assert role_coverage(shallow, {"cm_contract": 1}) is Coverage.COVERED
    assert Coverage.NOT_COVERED.flagged and Coverage.AWARENESS_ONLY.flagged
    assert not Coverage.COVERED.flagged


def test_capacity_adds_exact_fte_against_the_need() -> None:
    team = capacity([0.2, 0.1, None, 0.5], 1.0)
    assert team.team_fte == Decimal("0.8")  # exactly, not 0.7999999999999999
    assert team.shortfall == Decimal("0.2")
    assert team.short
    assert not capacity([0.6, 0.4], 1.0).short
    assert capacity([0.1], None).shortfall == 0


def test_plan_cost_leaves_out_cancelled_actions() -> None:
    actions = [
        PlannedAction(TrainingStatus.PLANNED, D(2026, 9, 1), 150_000),
        PlannedAction(TrainingStatus.DONE, D(2026, 3, 1), 95_000),
        PlannedAction(TrainingStatus.CANCELLED, D(2026, 4, 1), 500_000),
        PlannedAction(TrainingStatus.IN_PROGRESS, None, None),
    ]
    assert plan_cost(actions) == 245_000
    assert plan_cost([]) == 0


@pytest.mark.parametrize(
    ("status", "due", "late"),
    [
        (TrainingStatus.PLANNED, D(2026, 7, 19), True),
        (TrainingStatus.IN_PROGRESS, D(2026, 7, 19), True),
        (TrainingStatus.PLANNED, D(2026, 7, 20), False),  # due today is not overdue
        (TrainingStatus.DONE, D(2026, 1, 1), False),
        (TrainingStatus.CANCELLED, D(2026, 1, 1), False),
        (TrainingStatus.PLANNED, None, False),
    ],
)
def test_overdue_actions(status: TrainingStatus, due: dt.date | None, late: bool) -> None:
    assert overdue(PlannedAction(status, due, None), D(2026, 7, 20)) is late


def test_current_rating_says_whose_view_it_is_and_when() -> None:
    ratings = [
        Rating(D(2026, 1, 10), self_level=3),
        Rating(D(2026, 2, 1), manager_level=1),
        Rating(D(2026, 3, 1), self_level=2),
    ]
    assert current_rating(ratings) == CurrentRating(SkillLevel.AWARENESS, True, D(2026, 2, 1))
    assert current_rating(ratings[::2]) == CurrentRating(
        SkillLevel.PRACTITIONER, False, D(2026, 3, 1)
    )
    unrated = current_rating([])
    assert unrated.level is SkillLevel.NONE and not unrated.rated


def test_the_roles_a_project_needs_follow_its_stage() -> None:
    from commissioner.models.enums import StageKind, TeamRole
    from commissioner.models.team_rules import role_needed_now

    assert role_needed_now(TeamRole.PROCUREMENT, StageKind.PROCUREMENT)
    assert not role_needed_now(TeamRole.PROCUREMENT, StageKind.DELIVERY)
    assert role_needed_now(TeamRole.CONTRACT_MANAGEMENT, StageKind.DELIVERY)
    assert not role_needed_now(TeamRole.CONTRACT_MANAGEMENT, StageKind.NEEDS_ASSESSMENT)
    for stage in StageKind:
        assert role_needed_now(TeamRole.PROJECT_MANAGEMENT, stage)
        assert role_needed_now(TeamRole.STAKEHOLDER_ENGAGEMENT, stage)
